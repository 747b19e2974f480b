//! Findings: problems with a stable code, a severity, the model location, the reasons and a fix.
//!
//! One file per code holds its documentation, its check and its message, in both languages.
//! `docs/findings/<code>.md` is generated from these and from the fixtures in
//! `tests/fixtures/findings/<code>/`.

mod component_unmanaged;
mod contract_cycle;
mod coverage_gap;
mod customer_operates;
mod multiple_leads;
mod no_customer;
mod no_lead;
mod no_security_terms;
mod orphan_party;
mod registry;
mod roles_unstated;
mod support_gap;
mod unapproved_subcontract;
mod unassigned;
mod waiver_expired;
mod waiver_unused;
mod waivers;

pub use crate::code::{Code, Severity};
use registry::Runs;
use waivers::apply_waivers;
pub use waivers::mark_waived;

use crate::allocate::{Allocation, Status};
use crate::catalog::Catalog;
use crate::date::Date;
use crate::derive::{Because, Roles};
use crate::i18n::Lang;
use crate::load::source::Span;
use crate::model::types::{Package, Role};
use crate::model::{ContractIx, Model, PartyIx};

/// A finding about many parties keeps the reasons of this many of them (its `parties` list
/// stays complete; every party's own reasons are in its role holdings). Keeps findings on
/// 100k-party chains readable and their output linear.
pub const MAX_REASON_PARTIES: usize = 8;

/// The documentation of a code, in both languages: (English, Japanese).
#[derive(Debug, Clone, Copy)]
pub struct CodeDoc {
    /// One line.
    pub summary: (&'static str, &'static str),
    /// What it flags.
    pub what: (&'static str, &'static str),
    /// Why it matters.
    pub why: (&'static str, &'static str),
    /// How to fix it.
    pub fix: (&'static str, &'static str),
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The code.
    pub code: Code,
    /// The severity (`info` for items outside the target package).
    pub severity: Severity,
    /// The allocation it is about (index into the analysis' allocations).
    pub allocation: Option<usize>,
    /// The role it is about.
    pub role: Option<Role>,
    /// The scope it is about.
    pub scope: Option<String>,
    /// The parties it concerns.
    pub parties: Vec<PartyIx>,
    /// The contract it concerns.
    pub contract: Option<ContractIx>,
    /// For cycles: every contract in the circle.
    pub contracts: Vec<ContractIx>,
    /// For waiver findings: the waiver.
    pub waiver: Option<usize>,
    /// Where in the model it applies.
    pub span: Option<Span>,
    /// Why.
    pub because: Vec<Because>,
    /// Whether its requirement is outside the target package (hence `info`).
    pub outside_package: bool,
    /// The waiver that accepts it, if any.
    pub waived_by: Option<usize>,
    /// For subcontracts: the tier (1 is a contract with the owner), the parties from the
    /// owner down to the contractor (the nearest few), and whether the first is the owner.
    pub tier: Option<(usize, Vec<PartyIx>, bool)>,
    /// The component it is about.
    pub component: Option<crate::model::ComponentIx>,
    /// The days it is about, when they are not all days: the gap of `coverage-gap`, the days
    /// leads of `multiple-leads` share.
    pub periods: Option<crate::derive::Periods>,
    /// For `coverage-gap`: the leads on the day before the gap and on the day after it.
    pub around: Option<(Vec<PartyIx>, Vec<PartyIx>)>,
}

impl Finding {
    /// A finding of `code` with its default severity and nothing else set.
    pub fn new(code: Code) -> Finding {
        Finding {
            code,
            severity: code.severity(),
            allocation: None,
            role: None,
            scope: None,
            parties: Vec::new(),
            contract: None,
            contracts: Vec::new(),
            waiver: None,
            span: None,
            because: Vec::new(),
            outside_package: false,
            waived_by: None,
            tier: None,
            component: None,
            periods: None,
            around: None,
        }
    }

    /// Whether it counts (not waived).
    pub fn is_active(&self) -> bool {
        self.waived_by.is_none()
    }
}

/// What the checks look at.
pub struct Ctx<'a> {
    /// The model.
    pub model: &'a Model,
    /// The catalog.
    pub catalog: &'a Catalog,
    /// Derived roles.
    pub roles: &'a Roles,
    /// Allocations.
    pub allocations: &'a [Allocation],
    /// The target package.
    pub package: Package,
    /// Today, for waiver expiry.
    pub today: Date,
}

impl Ctx<'_> {
    /// A finding about an allocation: the severity drops to `info` outside the target package.
    fn about_allocation(&self, code: Code, i: usize) -> Finding {
        let a = &self.allocations[i];
        let mut f = Finding::new(code);
        f.allocation = Some(i);
        f.role = Some(a.role);
        if !a.in_package {
            f.severity = Severity::Info;
            f.outside_package = true;
        }
        f.because.push(Because::Catalog {
            unit: a.unit(self.catalog).id().to_string(),
            role: a.role,
        });
        f
    }

    /// The model location of a reason.
    pub fn span_of(&self, b: &Because) -> Option<Span> {
        span_of(self.model, b)
    }
}

/// Where a reason is written in the model.
pub fn span_of(model: &Model, b: &Because) -> Option<Span> {
    match b {
        Because::KindDefault { contract, .. }
        | Because::FlowDown { contract, .. }
        | Because::DirectSale { contract } => Some(model.contracts[*contract].kind_span),
        Because::ContractRoles { contract } => {
            let c = &model.contracts[*contract];
            Some(c.roles_span.unwrap_or(c.span))
        }
        Because::ServiceUse { contract }
        | Because::ContractDuty { contract }
        | Because::Contract { contract } => Some(model.contracts[*contract].span),
        Because::Operates { party } => {
            let p = &model.parties[*party];
            Some(p.operates_span.unwrap_or(p.span))
        }
        Because::SystemOwner { party } => Some(model.parties[*party].division_span),
        Because::PartyRoles { party } => {
            let p = &model.parties[*party];
            Some(p.roles_span.unwrap_or(p.span))
        }
        Because::Assign { index } => Some(model.assign[*index].span),
        Because::Waiver { index } => Some(model.waivers[*index].span),
        Because::UseUntil => model.use_until_span,
        Because::Consortium { contract, .. } => Some(model.contracts[*contract].span),
        Because::ConsortiumRoles { consortium, .. } => {
            let k = &model.consortia[*consortium];
            Some(k.roles_span.unwrap_or(k.span))
        }
        Because::Component { component } => Some(model.components[*component].span),
        Because::Catalog { .. } => None,
    }
}

/// Run every check, apply the waivers and sort the findings.
pub fn check(cx: &Ctx) -> Vec<Finding> {
    check_from(cx, PARALLEL_FROM)
}

/// [`check`], in parallel from a chain of `parallel_from` parties and contracts.
fn check_from(cx: &Ctx, parallel_from: usize) -> Vec<Finding> {
    // The checks are independent and the result is sorted below: on a large chain, rayon
    // runs them on every core. Each check's findings stay in its own order and the sort key
    // starts with the code, so the order the checks run in changes nothing.
    let checks: Vec<registry::Check> = registry::REGISTRY
        .iter()
        .filter_map(|e| match e.runs {
            Runs::PerAllocation(check) | Runs::PerContract(check) => Some(check),
            Runs::WithWaivers => None,
        })
        .collect();
    let run = |check: &registry::Check| {
        let mut out = Vec::new();
        check(cx, &mut out);
        out
    };
    let parts: Vec<Vec<Finding>> =
        if cx.model.parties.len() + cx.model.contracts.len() < parallel_from {
            checks.iter().map(run).collect()
        } else {
            use rayon::prelude::*;
            checks.par_iter().map(run).collect()
        };
    let mut out = parts.concat();
    apply_waivers(cx, &mut out);
    out.sort_by(|a, b| {
        (
            a.severity,
            a.code,
            a.role,
            &a.scope,
            a.allocation,
            a.contract,
            &a.parties,
            a.waiver,
        )
            .cmp(&(
                b.severity,
                b.code,
                b.role,
                &b.scope,
                b.allocation,
                b.contract,
                &b.parties,
                b.waiver,
            ))
    });
    out
}

/// The size of a chain (parties and contracts) from which [`check`] runs in parallel.
const PARALLEL_FROM: usize = crate::parallel::FROM_ENTRIES;

/// Text of a finding in one language: message and fix.
pub struct Rendered {
    /// The one-line message.
    pub message: String,
    /// The suggested fix.
    pub fix: String,
}

/// Render a finding's message and fix in `lang`.
pub fn render(f: &Finding, cx: &Ctx, lang: Lang) -> Rendered {
    let (message, fix) = (registry::entry(f.code).text)(f, cx, lang);
    Rendered { message, fix }
}

/// A stable instance id such as `no-lead@(1)-4/operator` or `no-security-terms@hosting`,
/// used by `diff` and to match findings across runs.
pub fn instance_id(f: &Finding, cx: &Ctx) -> String {
    let mut id = format!("{}@", f.code.key());
    if let Some(i) = f.allocation {
        let a = &cx.allocations[i];
        id.push_str(a.unit(cx.catalog).id());
        id.push('/');
        id.push_str(a.role.key());
        if let Some(s) = &f.scope {
            id.push(':');
            id.push_str(s);
        }
    } else if !f.contracts.is_empty() {
        let mut ids: Vec<&str> = f
            .contracts
            .iter()
            .map(|&c| cx.model.contracts[c].id.as_str())
            .collect();
        ids.sort();
        id.push_str(&ids.join(","));
    } else if let Some(c) = f.contract {
        id.push_str(&cx.model.contracts[c].id);
    } else if let Some(c) = f.component {
        id.push_str(&cx.model.components[c].id);
    } else if let Some(w) = f.waiver {
        // By what the waiver covers, not by its place in the list, so that reordering the
        // waivers keeps the id: `waiver-unused@no-security-terms/contract:hosting`. Identical
        // waivers share it.
        let w = &cx.model.waivers[w];
        id.push_str(w.code.key());
        if let Some(c) = w.contract {
            id.push_str("/contract:");
            id.push_str(&cx.model.contracts[c].id);
        }
        if let Some(p) = w.party {
            id.push_str("/party:");
            id.push_str(&cx.model.parties[p].id);
        }
        if let Some(r) = &w.requirement {
            id.push_str("/requirement:");
            id.push_str(r);
        }
    } else if let (Code::CoverageGap, Some(role)) = (f.code, f.role) {
        coverage_gap::instance_key(f, role, &mut id);
    } else if let Some(&p) = f.parties.first() {
        id.push_str(&cx.model.parties[p].id);
    } else {
        id.push_str("model");
    }
    id
}

pub(crate) mod words;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_threads_find_exactly_as_one() {
        let catalog = crate::Catalog::builtin();
        let text = crate::synth::generate(crate::synth::SynthOptions {
            parties: 600,
            seed: 11,
        })
        .to_string();
        let model = crate::load::parse_model("chain.json", &text, &catalog).expect("a valid chain");
        let roles = crate::derive::derive(&model);
        let allocations =
            crate::allocate::allocate(&model, &catalog, &roles, crate::Package::Standard);
        let cx = Ctx {
            model: &model,
            catalog: &catalog,
            roles: &roles,
            allocations: &allocations,
            package: crate::Package::Standard,
            today: crate::Date::parse("2026-11-25").expect("a date"),
        };
        let one = check_from(&cx, usize::MAX);
        let two = check_from(&cx, 0);
        assert!(one.len() > 10);
        assert_eq!(format!("{one:?}"), format!("{two:?}"));
    }

    #[test]
    fn codes_are_unique_kebab_and_documented() {
        let mut keys: Vec<&str> = Code::ALL.iter().map(|c| c.key()).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
        for c in Code::ALL {
            assert!(
                c.key()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-')
            );
            let d = c.doc();
            for (en, ja) in [d.summary, d.what, d.why, d.fix] {
                assert!(!en.is_empty() && !ja.is_empty(), "{c}");
                assert!(!ja.is_ascii(), "{c}: Japanese text missing");
            }
        }
    }

    #[test]
    fn code_list_is_stable() {
        // Renaming or removing a code breaks users' waivers and CI gates: this list only grows.
        let keys: Vec<&str> = Code::ALL.iter().map(|c| c.key()).collect();
        assert_eq!(
            keys,
            [
                "unassigned",
                "no-lead",
                "multiple-leads",
                "roles-unstated",
                "no-security-terms",
                "no-customer",
                "support-gap",
                "orphan-party",
                "contract-cycle",
                "customer-operates",
                "waiver-expired",
                "waiver-unused",
                "unapproved-subcontract",
                "component-unmanaged",
                "coverage-gap"
            ]
        );
    }
}
