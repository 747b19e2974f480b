//! `roles-unstated`: a QuasiMandate or Internal contract states no roles.

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::derive::roles_unstated;
use crate::i18n::Lang;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "A QuasiMandate or Internal contract states no roles.",
        "準委任契約または社内の取決めに役割が明記されていません。",
    ),
    what: (
        "Contracts of kind `QuasiMandate` (準委任) and `Internal` have no default roles: the work they cover could be consulting, development support or operation. Without `roles`, the contractor holds nothing under them.",
        "`QuasiMandate` (準委任) と `Internal` の契約には既定の役割がありません。対象業務がコンサルティングか開発支援か運用かは契約次第だからです。`roles` がなければ、受注者はその契約で何の役割も負いません。",
    ),
    why: (
        "The guideline asks that under quasi-mandate contracts the parties recognise the role allocation and make the work to be done explicit in the contract. An unstated contract is exactly the gap it warns about.",
        "ガイドラインは、準委任型の契約では役割分担とそれに応じた責務を認識し、契約で実施内容を明確にするよう求めています。役割のない契約はまさにその穴です。",
    ),
    fix: (
        "State the roles the contractor takes on, e.g. `roles: [Developer, Supplier]` (bare roles mean Support under QuasiMandate and Lead under Internal) or `roles: [Operator(Lead)]`.",
        "受注者が担う役割を明記してください。例: `roles: [Developer, Supplier]` (区分を省略すると準委任では支援、社内では主体) や `roles: [Operator(Lead)]`。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (ci, c) in cx.model.contracts.iter().enumerate() {
        if roles_unstated(c.kind, c.roles.as_deref()) {
            let mut f = Finding::new(Code::RolesUnstated);
            f.contract = Some(ci);
            f.parties = vec![c.client, c.contractor];
            f.span = Some(c.roles_span.unwrap_or(c.kind_span));
            f.because.push(crate::derive::Because::KindDefault {
                contract: ci,
                kind: c.kind,
            });
            out.push(f);
        }
    }
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let c = f
        .contract
        .expect("roles-unstated findings are about a contract");
    let con = words::contract(cx.model, c, lang);
    let kind = cx.model.contracts[c].kind.label(lang);
    let who = words::party(cx.model, cx.model.contracts[c].contractor, lang);
    (
        tr!(
            lang,
            "{con} ({kind}) states no roles, so {who} holds nothing under it",
            "{con} ({kind}) に役割が明記されていないため、{who} はこの契約で何の役割も負いません"
        ),
        tr!(
            lang,
            "state the roles the contractor takes on, e.g. `roles: [Developer, Supplier]` or `roles: [Operator(Lead)]`",
            "受注者が担う役割を明記してください。例: `roles: [Developer, Supplier]` や `roles: [Operator(Lead)]`"
        ),
    )
}
