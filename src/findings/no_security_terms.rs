//! `no-security-terms`: a contract with a provider does not establish security requirements.

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::allocate::needs_security_terms;
use crate::derive::Because;
use crate::i18n::Lang;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "A contract with a provider does not establish security requirements ((2)-3).",
        "事業者との契約で関係者間のセキュリティ要件 ((2)-3) が確立されていません。",
    ),
    what: (
        "A contract whose contractor is a provider (division `Provider`) of another organisation than the client, without `security_terms: true`. Arrangements between departments of one organisation are not flagged: their own policies ((4)-x) govern them.",
        "受注者が発注者とは別組織の事業者 (区分 `Provider`) である契約で、`security_terms: true` がないもの。同じ組織の部門間の取決めは、組織自身の方針 ((4)-x) が適用されるため指摘しません。",
    ),
    why: (
        "Requirement (2)-3 asks that security requirements be established between the parties. What is not written into the contract cannot be asked of the contractor later — the usual cause of disputes over who patches remote-access equipment.",
        "要求事項 (2)-3 は関係者間でセキュリティ要件を確立することを求めています。契約に書かれていないことは後から受注者に求められず、リモート接続機器の保守責任を巡る争いの典型的な原因になります。",
    ),
    fix: (
        "Write the security requirements into the contract (a security annex: `rolemap annex` drafts one), then set `security_terms: true`. If standard terms were reviewed and accepted, record a waiver with the reason and an expiry.",
        "契約にセキュリティ要件を盛り込み (`rolemap annex` で契約別紙の案を作れます)、`security_terms: true` にしてください。標準約款を確認して受け入れた場合は、理由と期限を付けて免除 (waiver) を記録します。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (ci, c) in cx.model.contracts.iter().enumerate() {
        if !c.security_terms && needs_security_terms(cx.model, ci) {
            let mut f = Finding::new(Code::NoSecurityTerms);
            f.contract = Some(ci);
            f.parties = vec![c.client, c.contractor];
            f.span = Some(c.security_terms_span.unwrap_or(c.span));
            f.because.push(Because::ContractDuty { contract: ci });
            out.push(f);
        }
    }
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let c = f
        .contract
        .expect("no-security-terms findings are about a contract");
    let con = words::contract(cx.model, c, lang);
    let client = words::party(cx.model, cx.model.contracts[c].client, lang);
    let contractor = words::party(cx.model, cx.model.contracts[c].contractor, lang);
    (
        tr!(
            lang,
            "{con} between {client} and {contractor} does not establish security requirements ((2)-3)",
            "{client} と {contractor} の{con}でセキュリティ要件 ((2)-3) が確立されていません"
        ),
        tr!(
            lang,
            "write the security requirements into the contract (see `rolemap annex`) and set `security_terms: true`",
            "契約にセキュリティ要件を盛り込み (`rolemap annex` 参照)、`security_terms: true` にしてください"
        ),
    )
}
