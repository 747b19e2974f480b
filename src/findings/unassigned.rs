//! `unassigned`: a requirement applies to a role that no party holds.

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::allocate::Status;
use crate::catalog::Applies;
use crate::i18n::Lang;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "A requirement applies to a role that no party holds.",
        "要求事項が該当する役割を、どの関係者も担っていません。",
    ),
    what: (
        "For each requirement (or individual item) and each role it applies to, rolemap looks for any party holding that role, as lead, support or infrastructure. When there is none — nobody operates the system, nobody develops it — the duty has no holder at all.",
        "要求事項 (または個別要求) とそれが該当する役割ごとに、その役割を主体・支援・インフラのいずれかで担う関係者を探します。一人もいない場合 (誰もシステムを運用しない、誰も開発しない等)、その責務には担い手がいません。",
    ),
    why: (
        "A duty nobody holds is a duty nobody performs. Gaps like this hide between the prime, its subcontractors and the system owner: each assumes another has it.",
        "担い手のいない責務は誰も実施しません。このような穴はプライム、下請、システムオーナーの間に潜み、互いに相手が担うと思い込みがちです。",
    ),
    fix: (
        "Add the party that performs the role and the contract that engages it (for example an Operation contract for operation), state the role in an existing contract's `roles`, or, for work done in-house, give the party `operates: true` or its own `roles`.",
        "その役割を担う関係者と契約を追加する (例: 運用なら運用・保守契約)、既存契約の `roles` に役割を明記する、または社内で行うなら関係者に `operates: true` や `roles` を指定してください。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (i, a) in cx.allocations.iter().enumerate() {
        // A missing customer is one model-level problem: `no-customer`.
        if a.status == Status::Unassigned && a.applies != Applies::Customer {
            out.push(cx.about_allocation(Code::Unassigned, i));
        }
    }
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let a = &cx.allocations[f
        .allocation
        .expect("unassigned findings are about an allocation")];
    let unit = words::unit(cx.catalog, a.unit(cx.catalog).id(), lang);
    let role = a.role.label(lang);
    (
        tr!(
            lang,
            "nobody holds the {role} role that {unit} applies to",
            "{unit} が該当する{role}の役割を誰も担っていません"
        ),
        tr!(
            lang,
            "engage a party as {role} under a contract that passes the role, or state the role on the party that performs it",
            "{role}の役割を渡す契約で関係者に担わせるか、実際に担う関係者にその役割を明記してください"
        ),
    )
}
