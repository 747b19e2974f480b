//! `multiple-leads`: two organisations lead one role in one scope.

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::allocate::duty_because;
use crate::i18n::Lang;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "Two organisations lead one role in one scope.",
        "一つの役割の同じ範囲で、複数の組織が主体になっています。",
    ),
    what: (
        "Leads of one role in one scope that belong to different organisations. Departments of one organisation (same `org`) lead together and are never flagged, and so do the members of one consortium (JV); leads in different scopes (\"service\" and \"use\") do not clash, nor do leads whose contract periods (`from`/`until`) do not meet: one hands over to the other. The finding names the days the leads share.",
        "同じ役割・同じ範囲の主体が異なる組織に属しています。同じ組織 (`org` が同じ) の部門や、同じ共同企業体 (JV) の構成員は共同で主体となるため指摘しません。範囲が異なる主体 (\"service\" と \"use\") や、契約期間 (`from`/`until`) が重ならない主体 (引き継ぎ) も衝突しません。指摘には主体が重なる期間を示します。",
    ),
    why: (
        "Two leads means two parties who each may think the other one acts: vulnerability handling, monitoring or archiving falls between them. Typical causes: the owner splits one system into several 請負 (Development) contracts without scopes (分離調達), or a subcontract states a Lead in its `roles`. A subcontract below a lead does not cause it: the lead stays with the party nearest the customer and the subcontractor supports (flow-down).",
        "主体が二つあると、互いに相手が対応すると考えがちで、脆弱性対応や監視、保管が抜け落ちます。典型的な原因は、発注者が一つのシステムを範囲を指定せずに複数の請負 (Development) 契約に分ける分離調達や、下請契約の `roles` に主体を明記することです。主体の下の再委託では生じません: 主体は顧客に最も近い関係者に留まり、受注者は支援となります (フローダウン)。",
    ),
    fix: (
        "Decide who leads: make the other party Support in its contract's `roles`, split the role with scopes (`Developer(Lead, \"batch\")`), or fix the lead per requirement with `assign`.",
        "主体を一つに決めてください: 相手の契約の `roles` で支援にする、範囲で役割を分ける (`Developer(Lead, \"batch\")`)、または `assign` で要求事項ごとに主体を固定します。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (i, a) in cx.allocations.iter().enumerate() {
        for (scope, parties, days) in &a.conflicts {
            let mut f = cx.about_allocation(Code::MultipleLeads, i);
            f.severity = if a.in_package {
                Code::MultipleLeads.severity()
            } else {
                f.severity
            };
            f.scope = scope.clone();
            f.parties = parties.clone();
            if !days.is_always() {
                f.periods = Some(days.clone());
            }
            let members: rustc_hash::FxHashSet<usize> = parties.iter().copied().collect();
            let mut seen: rustc_hash::FxHashSet<_> = f.because.iter().cloned().collect();
            let mut with_reasons = rustc_hash::FxHashSet::default();
            for d in a.responsible.iter() {
                if members.contains(&d.party)
                    && (with_reasons.contains(&d.party)
                        || with_reasons.len() < super::MAX_REASON_PARTIES)
                {
                    with_reasons.insert(d.party);
                    for b in duty_because(d, cx.roles) {
                        if seen.insert(b.clone()) {
                            f.because.push(b);
                        }
                    }
                }
            }
            // Point at the last lead's reason: usually the subcontract that duplicates the lead.
            f.span = f.because.iter().rev().find_map(|b| cx.span_of(b));
            out.push(f);
        }
    }
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let a = &cx.allocations[f
        .allocation
        .expect("multiple-leads findings are about an allocation")];
    let unit = words::unit(cx.catalog, a.unit(cx.catalog).id(), lang);
    let role = words::role(a.role, f.scope.as_deref(), lang);
    let who = words::parties(cx.model, &f.parties, lang);
    let message = match &f.periods {
        None => tr!(
            lang,
            "{unit}: {role} is led by {who}, of different organisations",
            "{unit}: {role}の主体が異なる組織の {who} に重複しています"
        ),
        Some(days) => {
            let when = days.text(lang);
            tr!(
                lang,
                "{unit}: {role} is led by {who}, of different organisations, {when}",
                "{unit}: {when}、{role}の主体が異なる組織の {who} に重複しています"
            )
        }
    };
    (
        message,
        tr!(
            lang,
            "keep one lead: make the others Support in their contracts, split the role by scope, or fix the lead with `assign`",
            "主体を一つにしてください: 他は契約で支援にする、範囲で分ける、または `assign` で主体を固定します"
        ),
    )
}
