//! `orphan-party`: a party takes part in no contract and holds no role.

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::i18n::Lang;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "A party takes part in no contract and states no role of its own.",
        "どの契約にも関わらず、自らの役割もない関係者がいます。",
    ),
    what: (
        "A party that is neither client nor contractor of any contract (itself or as a member of a consortium a contract names) and has neither `roles` nor `operates: true`. (A customer-division party that signs nothing would otherwise count as a system owner by default; that default alone does not make it part of the chain.)",
        "どの契約の発注者でも受注者でもなく (共同企業体の構成員としても)、`roles` も `operates: true` もない関係者。(何も契約しない顧客区分の関係者は既定でシステムオーナー扱いになりますが、それだけではサプライチェーンの一員とみなしません。)",
    ),
    why: (
        "A party outside every contract carries no duty in the model: either a contract is missing (and with it the duties it would pass), or the party does not belong in this case.",
        "どの契約にも属さない関係者はモデル上何の責務も負いません。契約 (とそれが渡す責務) が漏れているか、その関係者がこのケースに不要です。",
    ),
    fix: (
        "Add the contract that engages the party, state its own `roles`, or remove it from the model.",
        "その関係者を起用する契約を追加する、`roles` を明記する、またはモデルから削除してください。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let mut in_contract = vec![false; cx.model.parties.len()];
    for c in &cx.model.contracts {
        in_contract[c.client] = true;
        in_contract[c.contractor] = true;
        // A contract naming a consortium involves all its members.
        for k in [c.client_consortium, c.contractor_consortium]
            .into_iter()
            .flatten()
        {
            for &m in &cx.model.consortia[k].members {
                in_contract[m] = true;
            }
        }
    }
    for (pi, p) in cx.model.parties.iter().enumerate() {
        if !in_contract[pi] && p.roles.is_empty() && !p.operates {
            let mut f = Finding::new(Code::OrphanParty);
            f.parties = vec![pi];
            f.span = Some(p.span);
            out.push(f);
        }
    }
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let who = words::party(cx.model, f.parties[0], lang);
    (
        tr!(
            lang,
            "{who} takes part in no contract and holds no role",
            "{who} はどの契約にも関わらず、役割もありません"
        ),
        lang.pick(
            "add the contract that engages it, state its `roles`, or remove it",
            "起用する契約を追加する、`roles` を明記する、または削除してください",
        )
        .into(),
    )
}
