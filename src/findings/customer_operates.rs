//! `customer-operates`: the customer carries operator duties itself.

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::derive::Because;
use crate::i18n::Lang;
use crate::model::types::{Division, Role};
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "The customer also operates the system (顧客(運用者を兼ねる)).",
        "顧客が運用者を兼ねています (顧客(運用者を兼ねる))。",
    ),
    what: (
        "A party of division `Customer` with `operates: true`. It holds Operator(Lead) — under a Service contract, for the scope \"use\" — on top of its customer role.",
        "`operates: true` の区分 `Customer` の関係者。顧客の役割に加えて Operator(Lead) を持ちます (サービス利用契約の下では範囲 \"use\")。",
    ),
    why: (
        "Operator duties are provider-level duties: monitoring ((1)-4), vulnerability handling ((3)-x), operations policy ((4)-3). A customer that operates carries them itself, and should know it.",
        "運用者の責務は事業者レベルの責務です: 監視 ((1)-4)、脆弱性対応 ((3)-x)、運用方針 ((4)-3) など。運用を兼ねる顧客はそれらを自ら担うことを認識する必要があります。",
    ),
    fix: (
        "Nothing to fix if this is intended. To hand operation to a provider, engage one under an Operation contract and drop `operates: true`.",
        "意図どおりなら対応不要です。運用を事業者に任せる場合は、運用・保守契約で起用し `operates: true` を外してください。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (pi, p) in cx.model.parties.iter().enumerate() {
        if p.division == Division::Customer && p.operates {
            let mut f = Finding::new(Code::CustomerOperates);
            f.role = Some(Role::Operator);
            f.parties = vec![pi];
            f.span = Some(p.operates_span.unwrap_or(p.span));
            f.because.push(Because::Operates { party: pi });
            out.push(f);
        }
    }
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let who = words::party(cx.model, f.parties[0], lang);
    (
        tr!(
            lang,
            "{who} is a customer that also operates the system, so it carries operator duties itself",
            "{who} は運用者を兼ねる顧客であり、運用者の責務を自ら担います"
        ),
        lang.pick(
            "nothing to fix if intended; otherwise engage an operator under an Operation contract",
            "意図どおりなら対応不要です。そうでなければ運用・保守契約で運用者を起用してください",
        )
        .into(),
    )
}
