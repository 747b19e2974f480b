//! Properties of the analysis over random, valid models: order independence, reasons that
//! point at real entries, no conflicts inside one organisation, a lead clears `no-lead`, and
//! stated contract roles replace the kind's defaults; in `chains`, subcontracts and consortium
//! members below a lead never create `multiple-leads` and shifting every date changes no
//! finding. The models (`random`) use every field: periods, `approved` and
//! `approval_required`, `use_from`, components and consortia.

use std::collections::{BTreeMap, BTreeSet};

mod chains;
mod random;

use proptest::prelude::*;
use proptest::sample::Index;
use random::*;

use rolemap::derive::{Because, rule};
use rolemap::findings::instance_id;
use rolemap::load::parse_model;
use rolemap::{
    Analysis, Catalog, Code, ContractKind, Date, Division, Model, Options, Qualifier, Role, analyse,
};

const SCOPES: &[&str] = &["a", "b", "use", "service"];

fn options() -> Options {
    Options {
        package: None,
        today: Date::parse("2026-11-25").unwrap(),
    }
}

fn config() -> ProptestConfig {
    config_with(64)
}

fn config_with(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failures are reported with their minimal input; nothing is written next to the tests.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Canonical form of an analysis

type Reason = (&'static str, Option<String>, Option<String>);
type HoldingKey = (String, Role, Qualifier, Option<String>);
/// A holding's reasons and its days.
type HoldingView = (Vec<Reason>, String);
/// (status, responsible (party, qualifier), contributor parties).
type AllocationView = (String, Vec<(String, Qualifier)>, Vec<String>);

#[derive(Debug, PartialEq)]
struct Canonical {
    holdings: BTreeMap<HoldingKey, HoldingView>,
    allocations: BTreeMap<(String, Role), AllocationView>,
    findings: Vec<(String, String, bool)>,
}

fn canonical(a: &Analysis) -> Canonical {
    let m = a.model;
    let mut holdings = BTreeMap::new();
    for h in &a.roles.holdings {
        let mut why: Vec<Reason> = h
            .because
            .iter()
            .map(|b| {
                (
                    b.rule(),
                    b.contract().map(|c| m.contracts[c].id.clone()),
                    b.party().map(|p| m.parties[p].id.clone()),
                )
            })
            .collect();
        why.sort();
        holdings.insert(
            (
                m.parties[h.party].id.clone(),
                h.role,
                h.qualifier,
                h.scope.clone(),
            ),
            (why, h.periods.compact()),
        );
    }
    let mut allocations = BTreeMap::new();
    for al in &a.allocations {
        let mut responsible: Vec<(String, Qualifier)> = al
            .responsible
            .iter()
            .map(|d| (m.parties[d.party].id.clone(), d.qualifier))
            .collect();
        responsible.sort();
        let mut contributors: Vec<String> = al
            .contributors
            .iter()
            .map(|d| m.parties[d.party].id.clone())
            .collect();
        contributors.sort();
        allocations.insert(
            (al.unit(a.catalog).id().to_string(), al.role),
            (al.status.key().to_string(), responsible, contributors),
        );
    }
    let cx = a.ctx();
    let mut findings: Vec<(String, String, bool)> = a
        .findings
        .iter()
        .map(|f| {
            (
                instance_id(f, &cx),
                f.severity.key().to_string(),
                f.waived_by.is_some(),
            )
        })
        .collect();
    findings.sort();
    Canonical {
        holdings,
        allocations,
        findings,
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config())]

    /// (a) The order of parties and contracts in the file does not change the result.
    #[test]
    fn order_does_not_matter((spec, parties, contracts) in shuffled_model()) {
        let catalog = Catalog::builtin();
        let a_text = in_order(&spec);
        let b_text = render(&spec, &parties, &contracts);
        let ma = load(&a_text, &catalog);
        let mb = load(&b_text, &catalog);
        let a = analyse(&ma, &catalog, options());
        let b = analyse(&mb, &catalog, options());
        prop_assert_eq!(canonical(&a), canonical(&b), "\n{}\n---\n{}", a_text, b_text);
        // The same input twice gives the same output.
        let again = analyse(&ma, &catalog, options());
        prop_assert_eq!(canonical(&a), canonical(&again));
    }

    /// (b) Every holding has a reason, and every reason names a real contract or party that
    /// explains it.
    #[test]
    fn reasons_point_at_real_entries(spec in model_spec()) {
        let catalog = Catalog::builtin();
        let text = in_order(&spec);
        let m = load(&text, &catalog);
        let a = analyse(&m, &catalog, options());
        for h in &a.roles.holdings {
            prop_assert!(!h.because.is_empty(), "{:?} has no reason\n{}", h, text);
            for b in &h.because {
                match (b.contract(), b.party()) {
                    (Some(c), None) => {
                        prop_assert!(c < m.contracts.len(), "{:?}", b);
                        let con = &m.contracts[c];
                        // The contract involves the holder: as contractor, or as the operating
                        // client of a service.
                        let ok = match b {
                            Because::ServiceUse { .. } => con.client == h.party,
                            _ => con.contractor == h.party,
                        };
                        prop_assert!(ok, "{:?} does not involve the holder of {:?}\n{}", b, h, text);
                    }
                    (None, Some(p)) => {
                        prop_assert!(p < m.parties.len(), "{:?}", b);
                        prop_assert_eq!(p, h.party, "a field reason of another party: {:?}", b);
                    }
                    // A consortium's reason names the contract that engages the consortium
                    // and the member it is about: the holder, one of its members.
                    (Some(c), Some(p)) => {
                        let (Because::Consortium { consortium, .. }
                        | Because::ConsortiumRoles { consortium, .. }) = b
                        else {
                            return Err(TestCaseError::fail(format!("{b:?} names a contract and a party")));
                        };
                        prop_assert_eq!(m.contracts[c].contractor_consortium, Some(*consortium));
                        prop_assert_eq!(p, h.party, "{:?}", b);
                        prop_assert!(m.consortia[*consortium].members.contains(&p), "{:?}", b);
                    }
                    (None, None) => prop_assert!(false, "{:?} names neither a contract nor a party", b),
                }
            }
        }
        // Finding reasons name real entries too.
        for f in &a.findings {
            for b in &f.because {
                if let Some(c) = b.contract() {
                    prop_assert!(c < m.contracts.len());
                }
                if let Some(p) = b.party() {
                    prop_assert!(p < m.parties.len());
                }
            }
            for &p in &f.parties {
                prop_assert!(p < m.parties.len());
            }
        }
    }

    /// (c) Departments of one organisation lead together: no `multiple-leads`.
    #[test]
    fn one_organisation_never_has_multiple_leads(mut spec in model_spec()) {
        for p in &mut spec.parties {
            p.org = Some("one-org");
        }
        let catalog = Catalog::builtin();
        let text = in_order(&spec);
        let m = load(&text, &catalog);
        let a = analyse(&m, &catalog, options());
        prop_assert!(
            !a.findings.iter().any(|f| f.code == Code::MultipleLeads),
            "multiple-leads within one organisation\n{}", text
        );
        for al in &a.allocations {
            prop_assert!(al.conflicts.is_empty());
        }
    }

    /// (e) Roles stated on a contract are exactly what the contractor holds under it.
    #[test]
    fn stated_roles_replace_kind_defaults(spec in model_spec()) {
        let catalog = Catalog::builtin();
        let text = in_order(&spec);
        let m = load(&text, &catalog);
        let a = analyse(&m, &catalog, options());
        for (ci, c) in m.contracts.iter().enumerate() {
            let Some(stated) = c.roles.as_ref().filter(|r| !r.is_empty()) else { continue };
            // A consortium's `roles` for its representative replace what the contract
            // passes it (docs/model.md, consortia).
            if c.contractor_consortium.is_some_and(|k| m.consortia[k].member_roles(c.contractor).is_some()) {
                continue;
            }
            let want: BTreeSet<(Role, Qualifier, Option<String>)> = stated
                .iter()
                .map(|s| (s.role, s.qualifier.unwrap_or_else(|| rule(c.kind).bare_for(s.role)), s.scope.clone()))
                .collect();
            let got: BTreeSet<(Role, Qualifier, Option<String>)> = a
                .roles
                .of_party(c.contractor)
                .filter(|h| h.because.iter().any(|b| b.contract() == Some(ci)))
                .map(|h| (h.role, h.qualifier, h.scope.clone()))
                .collect();
            prop_assert_eq!(&got, &want, "contract {}\n{}", c.id, text);
            // None of them is there because of the kind's defaults.
            for h in a.roles.of_party(c.contractor) {
                let default = Because::KindDefault { contract: ci, kind: c.kind };
                prop_assert!(!h.because.contains(&default), "{:?} from the kind's defaults", h);
            }
        }
    }

    /// The same random model read as JSON and as YAML gives the same analysis as RON.
    #[test]
    fn formats_agree(spec in model_spec()) {
        let catalog = Catalog::builtin();
        let text = in_order(&spec);
        let ron = load(&text, &catalog);
        let value = rolemap::load::raw::to_value(&ron);
        let json = parse_model("random.json", &value.to_string(), &catalog).unwrap();
        let yaml = parse_model("random.yaml", &rolemap::load::raw::to_yaml(&value), &catalog).unwrap();
        let want = canonical(&analyse(&ron, &catalog, options()));
        prop_assert_eq!(&canonical(&analyse(&json, &catalog, options())), &want);
        prop_assert_eq!(&canonical(&analyse(&yaml, &catalog, options())), &want);
    }
}

proptest! {
    // Bare roles on an Infrastructure contract are rare in random models: more cases.
    #![proptest_config(config_with(256))]

    /// Every derived role carries a qualifier that role can take (Infra only for Supplier and
    /// Operator), whatever the contract kind.
    #[test]
    fn derived_qualifiers_are_allowed(spec in model_spec()) {
        let catalog = Catalog::builtin();
        let text = in_order(&spec);
        let m = load(&text, &catalog);
        let a = analyse(&m, &catalog, options());
        for h in &a.roles.holdings {
            prop_assert!(
                h.role.allowed_qualifiers().contains(&h.qualifier),
                "{} holds {}({}) although {} cannot take {}\n{}",
                m.parties[h.party].id, h.role, h.qualifier, h.role, h.qualifier, text
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (d) A lead clears no-lead

/// A model where `helper` is the only holder of `role`, engaged under a quasi-mandate with
/// `role(qualifier[, scope])`, plus noise contracts that never state `role`.
#[derive(Debug, Clone)]
struct LeadCase {
    role: Role,
    helper_division: Division,
    scope: Option<&'static str>,
    /// Noise: (client, contractor, internal?, roles) among extra provider parties.
    noise: Vec<(usize, usize, bool, Vec<RoleEntry>)>,
    extra_parties: usize,
}

fn lead_case() -> impl Strategy<Value = LeadCase> {
    (
        prop::sample::select(Role::ALL),
        prop::sample::select(Division::ALL),
        prop::option::of(prop::sample::select(SCOPES)),
        0usize..=3,
    )
        .prop_flat_map(|(role, helper_division, scope, extra)| {
            // Parties: 0 = client, 1 = helper, 2.. = extra providers.
            let n = 2 + extra;
            let noise_entry = role_entry().prop_filter("noise never states the role", move |e| {
                e.role != role && e.qualifier.is_some()
            });
            let noise = prop::collection::vec(
                (
                    0..n,
                    0..n - 1,
                    any::<bool>(),
                    prop::collection::vec(noise_entry, 1..=2),
                )
                    .prop_map(|(a, b, internal, roles)| {
                        (a, if b >= a { b + 1 } else { b }, internal, roles)
                    }),
                0..=4,
            );
            (
                Just(role),
                Just(helper_division),
                Just(scope),
                noise,
                Just(extra),
            )
        })
        .prop_map(
            |(role, helper_division, scope, noise, extra_parties)| LeadCase {
                role,
                helper_division,
                scope,
                noise,
                extra_parties,
            },
        )
}

fn render_lead_case(c: &LeadCase, q: Qualifier) -> String {
    let mut s = String::from("(\n    name: \"lead case\",\n    parties: {\n");
    s.push_str("        \"client\": (name: \"Client\", division: Provider),\n");
    s.push_str(&format!(
        "        \"helper\": (name: \"Helper\", division: {}),\n",
        c.helper_division.name()
    ));
    for i in 0..c.extra_parties {
        s.push_str(&format!(
            "        \"x{i}\": (name: \"Extra {i}\", division: Provider),\n"
        ));
    }
    s.push_str("    },\n    contracts: [\n");
    let entry = RoleEntry {
        role: c.role,
        qualifier: Some(q),
        scope: c.scope,
        structured: false,
    };
    s.push_str(&format!(
        "        (id: \"engage\", client: \"client\", contractor: \"helper\", kind: QuasiMandate, roles: [{}], security_terms: true),\n",
        entry.ron()
    ));
    let name = |i: usize| match i {
        0 => "client".to_string(),
        1 => "helper".to_string(),
        k => format!("x{}", k - 2),
    };
    for (k, (a, b, internal, roles)) in c.noise.iter().enumerate() {
        s.push_str(&format!(
            "        (id: \"noise{k}\", client: \"{}\", contractor: \"{}\", kind: {}, roles: {}, security_terms: true),\n",
            name(*a),
            name(*b),
            if *internal { "Internal" } else { "QuasiMandate" },
            roles_ron(roles)
        ));
    }
    s.push_str("    ],\n)\n");
    s
}

proptest! {
    #![proptest_config(config())]

    /// (d) When the only holder of a role holds it as Support, the role has no lead; making that
    /// holder Lead clears every `no-lead` of the role.
    #[test]
    fn a_lead_clears_no_lead(case in lead_case()) {
        let catalog = Catalog::builtin();
        let support_text = render_lead_case(&case, Qualifier::Support);
        let m = load(&support_text, &catalog);
        let a = analyse(&m, &catalog, options());
        let helper = m.party("helper").unwrap();
        // Nobody else holds the role.
        let holders: BTreeSet<usize> = a.roles.of_role(case.role).map(|h| h.party).collect();
        prop_assert_eq!(holders, BTreeSet::from([helper]), "\n{}", support_text);
        let no_lead: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.code == Code::NoLead && f.role == Some(case.role))
            .collect();
        prop_assert!(!no_lead.is_empty(), "no no-lead for {}\n{}", case.role, support_text);
        for f in &no_lead {
            prop_assert_eq!(&f.parties, &vec![helper]);
        }

        let lead_text = render_lead_case(&case, Qualifier::Lead);
        let m = load(&lead_text, &catalog);
        let a = analyse(&m, &catalog, options());
        let left: Vec<String> = a
            .findings
            .iter()
            .filter(|f| f.code == Code::NoLead && f.role == Some(case.role))
            .map(|f| instance_id(f, &a.ctx()))
            .collect();
        prop_assert!(left.is_empty(), "{:?} remain\n{}", left, lead_text);
        prop_assert!(
            !a.findings
                .iter()
                .any(|f| f.code == Code::Unassigned && f.role == Some(case.role)),
            "the role is held, so nothing of it is unassigned"
        );
    }
}

#[test]
fn generated_models_cover_every_kind_and_load() {
    // A fixed model that uses every contract kind with and without stated roles loads, so the
    // generator's text form is valid input.
    let mut contracts = Vec::new();
    for (i, kind) in ContractKind::ALL.iter().enumerate() {
        contracts.push(ContractSpec {
            client: 0,
            contractor: 1 + i % 2,
            kind: *kind,
            roles: (i % 2 == 0).then(|| {
                vec![RoleEntry {
                    role: Role::Supplier,
                    qualifier: Some(Qualifier::Infra),
                    scope: Some("a"),
                    structured: i % 4 == 0,
                }]
            }),
            security_terms: true,
            support_until: None,
            from: (i % 3 == 0).then_some("2025-04-01"),
            until: (i % 3 == 1).then_some("2027-03-31"),
            approved: i % 2 == 1,
            client_jv: false,
            // The consortium of parties 1 and 2 takes the first contract.
            contractor_jv: i == 0,
        });
    }
    let spec = ModelSpec {
        parties: vec![
            PartySpec {
                division: Division::Customer,
                org: None,
                operates: true,
                roles: vec![],
            },
            PartySpec {
                division: Division::Provider,
                org: Some("org-a"),
                operates: false,
                roles: vec![],
            },
            PartySpec {
                division: Division::Provider,
                org: Some("org-a"),
                operates: false,
                roles: vec![RoleEntry {
                    role: Role::Developer,
                    qualifier: None,
                    scope: Some("b"),
                    structured: true,
                }],
            },
        ],
        contracts,
        assign: vec![],
        waivers: vec![],
        use_until: Some("2030-01-01"),
        use_from: None,
        approval_required: true,
        components: vec![ComponentSpec {
            oss: Some(true),
            version: Some("1.0"),
            used_by: vec![1, 2],
        }],
        consortia: vec![ConsortiumSpec {
            members: vec![1, 2],
            representative: 0,
            roles: Some((
                1,
                vec![RoleEntry {
                    role: Role::Operator,
                    qualifier: Some(Qualifier::Support),
                    scope: None,
                    structured: false,
                }],
            )),
        }],
    };
    let catalog = Catalog::builtin();
    let m = load(&in_order(&spec), &catalog);
    assert_eq!(m.contracts.len(), ContractKind::ALL.len());
    // The newer fields are read: approval, components, the consortium and its roles.
    assert!(m.approval_required);
    assert_eq!(m.components.len(), 1);
    assert_eq!(m.consortia.len(), 1);
    assert!(m.contracts[0].contractor_consortium.is_some());
    assert!(m.contracts.iter().any(|c| c.approved));
    let kinds: BTreeSet<ContractKind> = m.contracts.iter().map(|c| c.kind).collect();
    assert_eq!(kinds.len(), ContractKind::ALL.len());
    // The party's own bare role is Lead, scoped "b".
    let a = analyse(&m, &catalog, options());
    assert!(a.roles.of_party(2).any(|h| h.role == Role::Developer
        && h.qualifier == Qualifier::Lead
        && h.scope.as_deref() == Some("b")));
}
