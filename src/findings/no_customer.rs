//! `no-customer`: nobody holds the customer role.

use super::{Code, CodeDoc, Ctx, Finding};
use crate::i18n::Lang;
use crate::model::types::Role;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "Nobody holds the customer role.",
        "顧客の役割を誰も担っていません。",
    ),
    what: (
        "No party holds the Customer role. A party of division `Customer` that is the contractor of no contract is the system owner and holds Customer(Lead); customer-division parties engaged under a contract hold only the roles stated there.",
        "顧客の役割を持つ関係者がいません。区分 `Customer` の関係者で、どの契約の受注者でもないものはシステムオーナーとして Customer(Lead) を持ちます。契約で起用された顧客区分の関係者は、契約で明記された役割だけを持ちます。",
    ),
    why: (
        "Category (6) places duties on the customer's management: risk management and secure procurement and operation. A model without a customer cannot show who carries them, and usually means the system owner was left out.",
        "分類 (6) は顧客の経営層にリスク管理とセキュアな調達・運用の責務を課しています。顧客のいないモデルでは誰がそれを担うか示せず、多くはシステムオーナーの記載漏れです。",
    ),
    fix: (
        "Add the system owner as a party with `division: Customer` and make it the client of the contracts it signs.",
        "システムオーナーを `division: Customer` の関係者として追加し、締結する契約の発注者にしてください。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.roles.is_held(Role::Customer) {
        let mut f = Finding::new(Code::NoCustomer);
        f.role = Some(Role::Customer);
        out.push(f);
    }
}

pub(super) fn text(_f: &Finding, _cx: &Ctx, lang: Lang) -> (String, String) {
    (
        lang.pick(
            "nobody holds the customer role, so category (6) has no holder",
            "顧客の役割を誰も担っていないため、分類 (6) の担い手がいません",
        )
        .into(),
        lang.pick(
            "add the system owner with `division: Customer` as the client of its contracts",
            "システムオーナーを `division: Customer` で追加し、契約の発注者にしてください",
        )
        .into(),
    )
}
