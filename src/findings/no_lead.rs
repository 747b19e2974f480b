//! `no-lead`: the role is held, but only as Support or Infra.

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::allocate::{Status, duty_because, duty_scope};
use crate::i18n::Lang;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "A role is held, but only as Support or Infra: nobody leads it.",
        "役割は担われているが支援またはインフラのみで、主体がいません。",
    ),
    what: (
        "A requirement applies to a role that parties hold only as Support (支援) or Infra (インフラ). Scopes count: when the role is split by scope (\"service\", \"use\", \"medical devices\"), each scope with supporters needs a lead of its own, unless someone leads the role as a whole. It is about leads at any time: a role led on some days of the period of use but not on others is `coverage-gap` instead, never both.",
        "要求事項が該当する役割を、関係者が支援またはインフラとしてしか担っていません。範囲 (\"service\"、\"use\" など) で分けられた役割では、役割全体の主体がいない限り、支援者のいる範囲ごとに主体が必要です。期間を問わず主体がいない場合の指摘であり、利用期間の一部の日だけ主体がいない場合は `coverage-gap` で報告し、重複はしません。",
    ),
    why: (
        "The guideline gives each duty a lead (主体) and lets others support it. Supporters act on the lead's behalf; without a lead nobody is accountable, and a quasi-mandate subcontractor or a cloud platform is left carrying a duty it never agreed to lead.",
        "ガイドラインは各責務に主体を置き、他者が支援する形を想定しています。支援者は主体の下で動くため、主体がいなければ誰も責任を負わず、準委任の下請やクラウド基盤が、主体として合意していない責務を抱えることになります。",
    ),
    fix: (
        "Make one party the lead: state `Role(Lead)` (with the scope, if any) in the contract that engages it, use a contract kind whose default is Lead, or add an `assign` entry for the requirement.",
        "いずれかの関係者を主体にしてください: その関係者を起用する契約で `Role(Lead)` (範囲があれば範囲も) を明記する、既定が主体となる契約種別にする、または `assign` で要求事項を割り当てます。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (i, a) in cx.allocations.iter().enumerate() {
        if a.status != Status::NoLead {
            continue;
        }
        for scope in &a.missing_scopes {
            let mut f = cx.about_allocation(Code::NoLead, i);
            f.scope = scope.clone();
            let mut seen_parties = rustc_hash::FxHashSet::default();
            let mut seen_reasons: rustc_hash::FxHashSet<_> = f.because.iter().cloned().collect();
            for d in a.contributors.iter() {
                let ds = duty_scope(d, cx.roles, cx.model);
                if scope.is_none() || ds == scope.as_deref() {
                    if seen_parties.insert(d.party) {
                        f.parties.push(d.party);
                    }
                    if f.parties.len() > super::MAX_REASON_PARTIES {
                        continue;
                    }
                    for b in duty_because(d, cx.roles) {
                        if f.span.is_none() {
                            f.span = cx.span_of(&b);
                        }
                        if seen_reasons.insert(b.clone()) {
                            f.because.push(b);
                        }
                    }
                }
            }
            out.push(f);
        }
    }
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let a = &cx.allocations[f
        .allocation
        .expect("no-lead findings are about an allocation")];
    let unit = words::unit(cx.catalog, a.unit(cx.catalog).id(), lang);
    let role = words::role(a.role, f.scope.as_deref(), lang);
    let who = words::parties(cx.model, &f.parties, lang);
    let role_name = a.role.name();
    let scope_arg = f
        .scope
        .as_ref()
        .map(|s| format!(", \"{s}\""))
        .unwrap_or_default();
    (
        tr!(
            lang,
            "{unit}: {role} is held only as support or infrastructure, by {who}; nobody leads it",
            "{unit}: {role}を担うのは支援・インフラの {who} のみで、主体がいません"
        ),
        tr!(
            lang,
            "make one party lead it: state {role_name}(Lead{scope_arg}) in the contract that engages it, or add an `assign` entry",
            "いずれかの関係者を主体にしてください: 起用する契約に {role_name}(Lead{scope_arg}) を明記するか、`assign` を追加します"
        ),
    )
}
