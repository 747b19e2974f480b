//! `coverage-gap`: for some days of the period of use, a role the catalog needs has no lead.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Code, CodeDoc, Ctx, Finding, Severity, words};
use crate::allocate::{Duty, Status, duty_because, duty_periods, duty_scope};
use crate::catalog::Applies;
use crate::derive::period::use_period;
use crate::derive::{Because, Period, Periods};
use crate::i18n::Lang;
use crate::model::types::Role;
use crate::model::{ContractIx, PartyIx};
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "For some days of the period of use, a role the catalog needs has no lead.",
        "利用期間の一部で、カタログが必要とする役割の主体がいません。",
    ),
    what: (
        "A role that requirements apply to is led at some time, but not on every day of the period of use (the model's `use_from`, or else the earliest contract `from`, to its `use_until`; open where absent): a contract with `until` ends and no other lead takes over the next day, or a lead's contract only starts later. Each gap is reported once per role (and per scope that has a lead of its own), with its days and the leads before and after it. A role that is never led at all is `unassigned` or `no-lead` instead, never both; leads whose periods only follow each other are a handover, not `multiple-leads`.",
        "要求事項が該当する役割に主体がいる時期はあるものの、利用期間 (モデルの `use_from`、なければ最も早い契約の `from` から `use_until` まで。ないほうは無期限) の毎日ではありません。`until` のある契約が終わり翌日から引き継ぐ主体がいない、あるいは主体の契約が後から始まる場合です。空白期間は役割ごと (独自の主体がいる範囲ごと) に一度、その期間と前後の主体を示して報告します。全く主体がいない役割は `unassigned` または `no-lead` で報告し、重複はしません。期間が連続するだけの主体は引き継ぎであり、`multiple-leads` にはなりません。",
    ),
    why: (
        "The guideline stresses that the customer's period of use and the provider's period differ (seed §5.3). When a system is re-tendered, the new contract often covers operation only: nobody is left to fix vulnerabilities in the software ((3)-2) or to tell the customer about them ((2)-4), and the gap stays unseen because every contract on its own is fine.",
        "ガイドラインは顧客の利用期間と事業者の提供期間が異なることを強調しています (シード §5.3)。システムの再調達では新しい契約が運用だけを対象とすることが多く、ソフトウェアの脆弱性を修正する ((3)-2) 者や顧客に知らせる ((2)-4) 者がいなくなります。個々の契約には問題がないため、この空白は見過ごされがちです。",
    ),
    fix: (
        "Engage a lead for the days of the gap: a successor contract whose kind (or `roles`) passes the role, with `from` the day after the previous lead's `until`; or extend the contract that ends; or shorten the period of use (`use_until`).",
        "空白期間の主体を起用してください: その役割を渡す種別 (または `roles`) の後継契約を、前の主体の `until` の翌日を `from` として結ぶ、終わる契約を延長する、または利用期間 (`use_until`) を見直します。",
    ),
};

/// One gap: a role in a scope has no lead over one interval.
struct Gap {
    /// Whether an allocation in the target package has it.
    in_package: bool,
    /// The first allocation that has it: its leads say who comes before and after.
    allocation: usize,
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let use_days = use_period(cx.model);
    // Allocations alike share their list of leads: each list is looked at once.
    let mut done: rustc_hash::FxHashMap<*const Duty, Vec<(Option<String>, Period)>> =
        rustc_hash::FxHashMap::default();
    let mut gaps: BTreeMap<(Role, Option<String>, Period), Gap> = BTreeMap::new();
    for (i, a) in cx.allocations.iter().enumerate() {
        // Never led at all is `unassigned` or `no-lead`; contract duties hold in contracts.
        if !matches!(a.applies, Applies::Role | Applies::Customer)
            || matches!(
                a.status,
                Status::Unassigned | Status::NoLead | Status::NotApplicable
            )
            || a.responsible.is_empty()
        {
            continue;
        }
        let body = done
            .entry(Arc::as_ptr(&a.responsible) as *const Duty)
            .or_insert_with(|| gaps_of(cx, &a.responsible, &use_days));
        for (scope, p) in body.iter() {
            gaps.entry((a.role, scope.clone(), *p))
                .and_modify(|g| g.in_package |= a.in_package)
                .or_insert(Gap {
                    in_package: a.in_package,
                    allocation: i,
                });
        }
    }
    for ((role, scope, p), g) in gaps {
        out.push(finding(cx, role, scope, p, &g));
    }
}

/// The days of the period of use without a lead: of the role as a whole (no lead in any
/// scope), then of each scope with leads of its own (no lead of the role as a whole nor of
/// the scope, on days some other scope has one).
fn gaps_of(cx: &Ctx, leads: &[Duty], use_days: &Periods) -> Vec<(Option<String>, Period)> {
    if leads.iter().all(|d| duty_periods(d, cx.roles).is_always()) {
        return Vec::new();
    }
    let mut by_scope: BTreeMap<Option<&str>, Vec<&Periods>> = BTreeMap::new();
    for d in leads {
        by_scope
            .entry(duty_scope(d, cx.roles, cx.model))
            .or_default()
            .push(duty_periods(d, cx.roles));
    }
    let all = Periods::union_of(by_scope.values().flatten().copied());
    let whole = use_days.minus(&all);
    let mut out: Vec<(Option<String>, Period)> =
        whole.intervals().into_iter().map(|p| (None, p)).collect();
    let unscoped = by_scope
        .get(&None)
        .map_or_else(Periods::never, |v| Periods::union_of(v.iter().copied()));
    for (scope, ps) in &by_scope {
        let Some(s) = scope else { continue };
        let cover = unscoped.union(&Periods::union_of(ps.iter().copied()));
        let gap = use_days.minus(&cover).minus(&whole);
        out.extend(
            gap.intervals()
                .into_iter()
                .map(|p| (Some(s.to_string()), p)),
        );
    }
    out
}

fn finding(cx: &Ctx, role: Role, scope: Option<String>, p: Period, g: &Gap) -> Finding {
    let a = &cx.allocations[g.allocation];
    let relevant: Vec<&Duty> = a
        .responsible
        .iter()
        .filter(|d| {
            scope.is_none() || {
                let s = duty_scope(d, cx.roles, cx.model);
                s.is_none() || s == scope.as_deref()
            }
        })
        .collect();
    let on = |day: Option<crate::Date>| -> Vec<&Duty> {
        let Some(day) = day else { return Vec::new() };
        relevant
            .iter()
            .copied()
            .filter(|d| duty_periods(d, cx.roles).contains(day))
            .collect()
    };
    let before = on(p.from.map(|d| d.add_days(-1)));
    let after = on(p.until.map(|d| d.add_days(1)));
    let parties_of = |ds: &[&Duty]| -> Vec<PartyIx> {
        let mut v: Vec<PartyIx> = ds.iter().map(|d| d.party).collect();
        v.sort_unstable();
        v.dedup();
        v
    };

    let mut f = Finding::new(Code::CoverageGap);
    f.role = Some(role);
    f.scope = scope;
    if !g.in_package {
        f.severity = Severity::Info;
        f.outside_package = true;
    }
    f.periods = Some(Periods::of(p));
    f.around = Some((parties_of(&before), parties_of(&after)));
    f.parties = parties_of(&[before.as_slice(), after.as_slice()].concat());
    // Point at the `until` of the contract that ends the day before, else the `from` of the
    // one that starts the day after, else the period of use.
    let ends = |ds: &[&Duty], at: Option<crate::Date>, until: bool| -> Option<ContractIx> {
        ds.iter()
            .flat_map(|d| duty_because(d, cx.roles))
            .filter_map(|b| b.contract())
            .filter(|&c| {
                let c = &cx.model.contracts[c];
                at.is_some() && if until { c.until == at } else { c.from == at }
            })
            .min()
    };
    let ended = ends(&before, p.from.map(|d| d.add_days(-1)), true);
    let started = ends(&after, p.until.map(|d| d.add_days(1)), false);
    f.span = ended
        .and_then(|c| cx.model.contracts[c].until_span)
        .or_else(|| started.and_then(|c| cx.model.contracts[c].from_span))
        .or(cx.model.use_until_span)
        .or(cx.model.use_from_span);
    let mut seen = rustc_hash::FxHashSet::default();
    for c in [ended, started].into_iter().flatten() {
        let b = Because::Contract { contract: c };
        if seen.insert(b.clone()) {
            f.because.push(b);
        }
    }
    for d in before.iter().chain(&after).take(super::MAX_REASON_PARTIES) {
        for b in duty_because(d, cx.roles) {
            if seen.insert(b.clone()) {
                f.because.push(b);
            }
        }
    }
    if cx.model.use_until.is_some() {
        f.because.push(Because::UseUntil);
    }
    f
}

/// The instance id's tail: `developer/2027-04-01`, `operator:service/start`.
pub(super) fn instance_key(f: &Finding, role: Role, id: &mut String) {
    id.push_str(role.key());
    if let Some(s) = &f.scope {
        id.push(':');
        id.push_str(s);
    }
    id.push('/');
    match f
        .periods
        .as_ref()
        .and_then(|p| p.intervals().first().copied())
    {
        Some(Period { from: Some(d), .. }) => id.push_str(&d.to_string()),
        _ => id.push_str("start"),
    }
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let role = words::role(
        f.role.expect("coverage-gap findings name a role"),
        f.scope.as_deref(),
        lang,
    );
    let when = f.periods.as_ref().map(|p| p.text(lang)).unwrap_or_default();
    let (before, after) = f.around.clone().unwrap_or_default();
    let who = |ps: &[PartyIx]| {
        if ps.is_empty() {
            lang.pick("nobody", "なし").to_string()
        } else {
            words::parties(cx.model, ps, lang)
        }
    };
    let (b, n) = (who(&before), who(&after));
    let role_name = f.role.map(Role::name).unwrap_or_default();
    (
        tr!(
            lang,
            "{role} has no lead {when}, within the period of use; lead before: {b}; lead after: {n}",
            "利用期間内の{when}、{role}の主体がいません。直前の主体: {b}、直後の主体: {n}"
        ),
        tr!(
            lang,
            "engage a lead for these days: a successor contract passing {role_name} whose `from` follows the previous `until`, an extension of the contract that ends, or a shorter `use_until`",
            "この期間の主体を起用してください: {role_name} を渡す後継契約 (`from` を前の契約の `until` の翌日に)、終わる契約の延長、または `use_until` の見直し"
        ),
    )
}
