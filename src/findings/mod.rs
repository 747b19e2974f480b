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
mod roles_unstated;
mod support_gap;
mod unapproved_subcontract;
mod unassigned;
mod waiver_expired;
mod waiver_unused;

pub use crate::code::{Code, Severity};

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

impl Code {
    /// The code's documentation.
    pub fn doc(self) -> &'static CodeDoc {
        use Code::*;
        match self {
            Unassigned => &unassigned::DOC,
            NoLead => &no_lead::DOC,
            MultipleLeads => &multiple_leads::DOC,
            RolesUnstated => &roles_unstated::DOC,
            NoSecurityTerms => &no_security_terms::DOC,
            NoCustomer => &no_customer::DOC,
            SupportGap => &support_gap::DOC,
            OrphanParty => &orphan_party::DOC,
            ContractCycle => &contract_cycle::DOC,
            CustomerOperates => &customer_operates::DOC,
            WaiverExpired => &waiver_expired::DOC,
            WaiverUnused => &waiver_unused::DOC,
            UnapprovedSubcontract => &unapproved_subcontract::DOC,
            ComponentUnmanaged => &component_unmanaged::DOC,
            CoverageGap => &coverage_gap::DOC,
        }
    }
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

/// [`check`], using a second thread from a chain of `parallel_from` parties and contracts.
fn check_from(cx: &Ctx, parallel_from: usize) -> Vec<Finding> {
    // The checks are independent and the result is sorted below: on a large chain, the
    // second core runs half of them.
    type Check = fn(&Ctx, &mut Vec<Finding>);
    const PER_ALLOCATION: [Check; 5] = [
        unassigned::check,
        no_lead::check,
        multiple_leads::check,
        roles_unstated::check,
        coverage_gap::check,
    ];
    const PER_CONTRACT: [Check; 8] = [
        no_security_terms::check,
        no_customer::check,
        support_gap::check,
        orphan_party::check,
        contract_cycle::check,
        customer_operates::check,
        unapproved_subcontract::check,
        component_unmanaged::check,
    ];
    let run = |checks: &[Check]| {
        let mut out = Vec::new();
        for check in checks {
            check(cx, &mut out);
        }
        out
    };
    let mut out = if cx.model.parties.len() + cx.model.contracts.len() < parallel_from {
        let mut out = run(&PER_ALLOCATION);
        out.extend(run(&PER_CONTRACT));
        out
    } else {
        std::thread::scope(|scope| {
            let other = scope.spawn(|| run(&PER_CONTRACT));
            let mut out = run(&PER_ALLOCATION);
            out.extend(other.join().expect("finding checks do not panic"));
            out
        })
    };
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

/// The size of a chain (parties and contracts) from which [`check`] uses a second thread.
const PARALLEL_FROM: usize = 20_000;

/// Give allocations whose gap (`unassigned`, `no-lead`) or conflict (`multiple-leads`) is
/// waived the status `waived`.
pub fn mark_waived(findings: &[Finding], allocations: &mut [Allocation]) {
    for f in findings {
        if f.waived_by.is_some()
            && let Some(i) = f.allocation
            && matches!(
                f.code,
                Code::Unassigned | Code::NoLead | Code::MultipleLeads
            )
        {
            allocations[i].status = Status::Waived;
        }
    }
}

fn waiver_matches(cx: &Ctx, w: &crate::model::Waiver, f: &Finding) -> bool {
    if w.code != f.code {
        return false;
    }
    if let Some(c) = w.contract
        && f.contract != Some(c)
        && !f.contracts.contains(&c)
    {
        return false;
    }
    if let Some(p) = w.party
        && !f.parties.contains(&p)
    {
        return false;
    }
    if let Some(req) = &w.requirement {
        let Some(i) = f.allocation else { return false };
        let unit = cx.allocations[i].unit(cx.catalog);
        if unit.id() != req && unit.requirement.id != *req {
            return false;
        }
    }
    true
}

fn apply_waivers(cx: &Ctx, out: &mut Vec<Finding>) {
    let mut extra = Vec::new();
    for (wi, w) in cx.model.waivers.iter().enumerate() {
        if w.until < cx.today {
            extra.push(waiver_expired::finding(cx, wi));
            continue;
        }
        // A waiver is used when it matches a finding, even one an earlier waiver already
        // covers: overlapping waivers are both in use, whatever their order.
        let mut used = false;
        for f in out.iter_mut() {
            if waiver_matches(cx, w, f) {
                used = true;
                if f.waived_by.is_none() {
                    f.waived_by = Some(wi);
                    f.because.push(Because::Waiver { index: wi });
                }
            }
        }
        if !used {
            extra.push(waiver_unused::finding(cx, wi));
        }
    }
    out.extend(extra);
}

/// Text of a finding in one language: message and fix.
pub struct Rendered {
    /// The one-line message.
    pub message: String,
    /// The suggested fix.
    pub fix: String,
}

/// Render a finding's message and fix in `lang`.
pub fn render(f: &Finding, cx: &Ctx, lang: Lang) -> Rendered {
    use Code::*;
    let (message, fix) = match f.code {
        Unassigned => unassigned::text(f, cx, lang),
        NoLead => no_lead::text(f, cx, lang),
        MultipleLeads => multiple_leads::text(f, cx, lang),
        RolesUnstated => roles_unstated::text(f, cx, lang),
        NoSecurityTerms => no_security_terms::text(f, cx, lang),
        NoCustomer => no_customer::text(f, cx, lang),
        SupportGap => support_gap::text(f, cx, lang),
        UnapprovedSubcontract => unapproved_subcontract::text(f, cx, lang),
        ComponentUnmanaged => component_unmanaged::text(f, cx, lang),
        CoverageGap => coverage_gap::text(f, cx, lang),
        OrphanParty => orphan_party::text(f, cx, lang),
        ContractCycle => contract_cycle::text(f, cx, lang),
        CustomerOperates => customer_operates::text(f, cx, lang),
        WaiverExpired => waiver_expired::text(f, cx, lang),
        WaiverUnused => waiver_unused::text(f, cx, lang),
    };
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

/// Helpers shared by the message functions.
pub(crate) mod words {
    use crate::catalog::Catalog;
    use crate::i18n::Lang;
    use crate::model::types::Role;
    use crate::model::{ContractIx, Model, PartyIx};
    use crate::style::shown;

    /// `"acme" (ACME Cloud KK)` / `「acme」(ACME Cloud KK)`.
    pub fn party(model: &Model, p: PartyIx, lang: Lang) -> String {
        let party = &model.parties[p];
        let name = shown(party.name.get(lang));
        let id = shown(&party.id);
        match (name == id, lang) {
            (true, _) => lang.quote(&id),
            (false, Lang::En) => format!("{} ({name})", lang.quote(&id)),
            (false, Lang::Ja) => format!("{}({name})", lang.quote(&id)),
        }
    }

    /// A list of parties.
    /// A list of parties: the first few by name, then how many more.
    pub fn parties(model: &Model, ps: &[PartyIx], lang: Lang) -> String {
        const SHOWN: usize = 5;
        let mut v: Vec<String> = ps
            .iter()
            .take(SHOWN)
            .map(|&p| party(model, p, lang))
            .collect();
        if ps.len() > SHOWN {
            let more = ps.len() - SHOWN;
            v.push(match lang {
                Lang::En => format!("and {more} more"),
                Lang::Ja => format!("ほか{more}者"),
            });
        }
        lang.list(&v)
    }

    /// `contract "use"`.
    pub fn contract(model: &Model, c: ContractIx, lang: Lang) -> String {
        let id = lang.quote(&shown(&model.contracts[c].id));
        match lang {
            Lang::En => format!("contract {id}"),
            Lang::Ja => format!("契約{id}"),
        }
    }

    /// `(1)-4 service monitoring`.
    pub fn unit(catalog: &Catalog, id: &str, lang: Lang) -> String {
        match catalog.resolve(id).first() {
            Some(u) if u.id() == id => format!("{id} {}", u.title().get(lang)),
            _ => match catalog.requirement(id) {
                Some(r) => format!("{id} {}", r.title.get(lang)),
                None => id.to_string(),
            },
        }
    }

    /// `Operator` / `運用者`, with the scope: `operator (scope "use")`.
    pub fn role(role: Role, scope: Option<&str>, lang: Lang) -> String {
        let l = role.label(lang);
        match scope {
            None => l.to_string(),
            Some(s) => match lang {
                Lang::En => format!("{l} (scope \"{s}\")"),
                Lang::Ja => format!("{l} (範囲「{s}」)"),
            },
        }
    }
}

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

#[cfg(test)]
mod waiver_tests {
    use crate::load::parse_model;
    use crate::{Catalog, Code, Date, Options, analyse};

    fn model(waivers: &str) -> String {
        format!(
            r#"(name: "w", parties: {{
                "owner": (name: "Owner", division: Customer, operates: true),
                "vendor": (name: "Vendor", division: Provider),
                "iaas": (name: "IaaS", division: Provider),
            }}, contracts: [
                (id: "dev", client: "owner", contractor: "vendor", kind: Development, security_terms: true),
                (id: "hosting", client: "vendor", contractor: "iaas", kind: Infrastructure),
            ], waivers: [{waivers}])"#
        )
    }

    /// What `f` makes of the findings of the model `text`, analysed on 2026-11-25, sorted.
    fn findings_of<T: Ord>(
        text: &str,
        f: impl Fn(&super::Finding, &super::Ctx) -> Option<T>,
    ) -> Vec<T> {
        let cat = Catalog::builtin();
        let m = parse_model("w.ron", text, &cat).unwrap();
        let a = analyse(
            &m,
            &cat,
            Options {
                package: None,
                today: Date::parse("2026-11-25").unwrap(),
            },
        );
        let cx = a.ctx();
        let mut v: Vec<T> = a.findings.iter().filter_map(|x| f(x, &cx)).collect();
        v.sort();
        v
    }

    fn codes(text: &str) -> Vec<(Code, bool)> {
        findings_of(text, |f, _| {
            (f.code != Code::CustomerOperates).then_some((f.code, f.is_active()))
        })
    }

    #[test]
    fn overlapping_waivers_are_both_used_in_any_order() {
        let a = r#"(code: "no-security-terms", contract: "hosting", reason: "IaaS terms reviewed", until: "2027-03-31")"#;
        let b = r#"(code: "no-security-terms", reason: "blanket acceptance for this pilot", until: "2027-03-31")"#;
        let ab = codes(&model(&format!("{a}, {b}")));
        let ba = codes(&model(&format!("{b}, {a}")));
        assert_eq!(ab, vec![(Code::NoSecurityTerms, false)]);
        assert_eq!(ab, ba);
    }

    /// Waiver findings are named by what the waiver covers: reordering the waivers keeps
    /// their ids.
    #[test]
    fn waiver_finding_ids_do_not_depend_on_order() {
        let ids = |text: &str| {
            findings_of(text, |f, cx| {
                f.waiver.is_some().then(|| super::instance_id(f, cx))
            })
        };
        // Neither covers anything: both are unused.
        let a = r#"(code: "no-security-terms", contract: "dev", reason: "r", until: "2027-03-31")"#;
        let b = r#"(code: "support-gap", party: "vendor", reason: "r", until: "2027-03-31")"#;
        let ab = ids(&model(&format!("{a}, {b}")));
        assert_eq!(
            ab,
            [
                "waiver-unused@no-security-terms/contract:dev",
                "waiver-unused@support-gap/party:vendor"
            ]
        );
        assert_eq!(ab, ids(&model(&format!("{b}, {a}"))));
    }

    #[test]
    fn waiver_codes_cannot_be_waived() {
        let cat = Catalog::builtin();
        let text = model(r#"(code: "waiver-unused", reason: "x", until: "2027-03-31")"#);
        let err = parse_model("w.ron", &text, &cat).unwrap_err();
        assert_eq!(err.diagnostics[0].problem.code(), "not-waivable");
    }
}
