//! Properties of the analysis over random, valid models: order independence, reasons that
//! point at real entries, no conflicts inside one organisation, a lead clears `no-lead`, and
//! stated contract roles replace the kind's defaults.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use proptest::sample::Index;

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
// Random models

/// One role entry as written in a model.
#[derive(Debug, Clone)]
struct RoleEntry {
    role: Role,
    qualifier: Option<Qualifier>,
    scope: Option<&'static str>,
    /// Write it as a structure `(role: .., qualifier: .., scope: ..)` instead of `Role(Q, "s")`.
    structured: bool,
}

impl RoleEntry {
    fn ron(&self) -> String {
        let name = self.role.name();
        match (self.structured, self.qualifier, self.scope) {
            (false, None, None) => name.to_string(),
            (false, Some(q), None) => format!("{name}({})", q.name()),
            (false, Some(q), Some(s)) => format!("{name}({}, \"{s}\")", q.name()),
            (_, q, s) => {
                let mut parts = vec![format!("role: {name}")];
                if let Some(q) = q {
                    parts.push(format!("qualifier: {}", q.name()));
                }
                if let Some(s) = s {
                    parts.push(format!("scope: \"{s}\""));
                }
                format!("({})", parts.join(", "))
            }
        }
    }
}

fn role_entry() -> impl Strategy<Value = RoleEntry> {
    (
        prop::sample::select(Role::ALL),
        prop::option::weighted(0.7, any::<Index>()),
        prop::option::weighted(0.3, prop::sample::select(SCOPES)),
        any::<bool>(),
    )
        .prop_map(|(role, q, scope, structured)| {
            let allowed = role.allowed_qualifiers();
            RoleEntry {
                role,
                qualifier: q.map(|i| allowed[i.index(allowed.len())]),
                scope,
                structured,
            }
        })
}

#[derive(Debug, Clone)]
struct PartySpec {
    division: Division,
    org: Option<&'static str>,
    operates: bool,
    roles: Vec<RoleEntry>,
}

#[derive(Debug, Clone)]
struct ContractSpec {
    client: usize,
    contractor: usize,
    kind: ContractKind,
    roles: Option<Vec<RoleEntry>>,
    security_terms: bool,
    support_until: Option<&'static str>,
    /// The contract's period: `from` and `until`, either may be open.
    from: Option<&'static str>,
    until: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct AssignSpec {
    requirement: &'static str,
    party: usize,
    qualifier: Option<Index>,
    scope: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct WaiverSpec {
    code: Code,
    contract: Option<Index>,
    party: Option<Index>,
    until: &'static str,
}

#[derive(Debug, Clone)]
struct ModelSpec {
    parties: Vec<PartySpec>,
    contracts: Vec<ContractSpec>,
    assign: Vec<AssignSpec>,
    waivers: Vec<WaiverSpec>,
    use_until: Option<&'static str>,
    use_from: Option<&'static str>,
}

/// Requirements that apply to one role only, so an assignment needs no `role`.
const ASSIGNABLE: &[(&str, Role)] = &[
    ("(1)-2", Role::Developer),
    ("(1)-3", Role::Developer),
    ("S(1)-4.4", Role::Operator),
    ("(4)-3", Role::Operator),
    ("(6)-1", Role::Customer),
];

const DATES: &[&str] = &["2025-03-31", "2028-12-31", "2031-03-31"];

/// Contract periods start and end on these days: adjacent ones make handovers, the others
/// overlaps and gaps.
const PERIOD_DATES: &[&str] = &[
    "2024-04-01",
    "2025-03-31",
    "2025-04-01",
    "2027-03-31",
    "2027-04-01",
    "2031-03-31",
];

/// A contract period: `from` and `until` from [`PERIOD_DATES`], in order, either open.
fn period_spec() -> impl Strategy<Value = (Option<&'static str>, Option<&'static str>)> {
    prop::option::weighted(0.4, (0..PERIOD_DATES.len(), 0..PERIOD_DATES.len(), 0..3u8)).prop_map(
        |p| match p {
            None => (None, None),
            Some((a, b, open)) => {
                let (a, b) = (PERIOD_DATES[a.min(b)], PERIOD_DATES[a.max(b)]);
                match open {
                    0 => (Some(a), Some(b)),
                    1 => (Some(a), None),
                    _ => (None, Some(b)),
                }
            }
        },
    )
}

fn party_spec() -> impl Strategy<Value = PartySpec> {
    (
        prop::sample::select(Division::ALL),
        prop::option::of(prop::sample::select(&["org-a", "org-b"][..])),
        prop::bool::weighted(0.3),
        prop::collection::vec(role_entry(), 0..=1),
    )
        .prop_map(|(division, org, operates, roles)| PartySpec {
            division,
            org,
            operates,
            // Own roles are rare in practice; keep them to one party in three.
            roles: if operates { vec![] } else { roles },
        })
}

fn contract_spec(n: usize) -> impl Strategy<Value = ContractSpec> {
    (
        0..n,
        0..n - 1,
        prop::sample::select(ContractKind::ALL),
        prop::option::weighted(0.6, prop::collection::vec(role_entry(), 0..=3)),
        any::<bool>(),
        prop::option::of(prop::sample::select(DATES)),
        period_spec(),
    )
        .prop_map(
            |(client, other, kind, roles, security_terms, support_until, (from, until))| {
                ContractSpec {
                    client,
                    contractor: if other >= client { other + 1 } else { other },
                    kind,
                    roles,
                    security_terms,
                    support_until,
                    from,
                    until,
                }
            },
        )
}

fn assign_spec(n: usize) -> impl Strategy<Value = AssignSpec> {
    (
        prop::sample::select(ASSIGNABLE),
        0..n,
        prop::option::of(any::<Index>()),
        prop::option::of(prop::sample::select(SCOPES)),
    )
        .prop_map(|((requirement, _), party, qualifier, scope)| AssignSpec {
            requirement,
            party,
            qualifier,
            scope,
        })
}

fn waiver_spec() -> impl Strategy<Value = WaiverSpec> {
    let codes: Vec<Code> = Code::ALL.iter().copied().filter(|c| c.waivable()).collect();
    (
        prop::sample::select(codes),
        prop::option::of(any::<Index>()),
        prop::option::of(any::<Index>()),
        prop::sample::select(DATES),
    )
        .prop_map(|(code, contract, party, until)| WaiverSpec {
            code,
            contract,
            party,
            until,
        })
}

fn model_spec() -> impl Strategy<Value = ModelSpec> {
    (2usize..=6).prop_flat_map(|n| {
        (
            prop::collection::vec(party_spec(), n),
            prop::collection::vec(contract_spec(n), 0..=8),
            prop::collection::vec(assign_spec(n), 0..=2),
            prop::collection::vec(waiver_spec(), 0..=2),
            prop::option::of(prop::sample::select(DATES)),
            prop::option::weighted(0.2, Just("2024-04-01")),
        )
            .prop_map(
                |(parties, contracts, assign, waivers, use_until, use_from)| ModelSpec {
                    parties,
                    contracts,
                    assign,
                    waivers,
                    use_until,
                    use_from,
                },
            )
    })
}

/// A model with a random order of its parties and contracts.
fn shuffled_model() -> impl Strategy<Value = (ModelSpec, Vec<usize>, Vec<usize>)> {
    model_spec().prop_flat_map(|spec| {
        let p: Vec<usize> = (0..spec.parties.len()).collect();
        let c: Vec<usize> = (0..spec.contracts.len()).collect();
        (Just(spec), Just(p).prop_shuffle(), Just(c).prop_shuffle())
    })
}

fn roles_ron(roles: &[RoleEntry]) -> String {
    let v: Vec<String> = roles.iter().map(RoleEntry::ron).collect();
    format!("[{}]", v.join(", "))
}

/// The model as RON, with parties and contracts written in the given orders.
fn render(spec: &ModelSpec, party_order: &[usize], contract_order: &[usize]) -> String {
    render_shifted(spec, party_order, contract_order, 0)
}

/// A date of the spec moved by `shift` days.
fn shifted(d: &str, shift: i64) -> String {
    Date::parse(d).unwrap().add_days(shift).to_string()
}

/// [`render`], with every date moved by `shift` days.
fn render_shifted(
    spec: &ModelSpec,
    party_order: &[usize],
    contract_order: &[usize],
    shift: i64,
) -> String {
    let sh = |d: &str| shifted(d, shift);
    let mut s = String::from("#![enable(implicit_some)]\n(\n    name: \"random\",\n");
    if let Some(u) = spec.use_until {
        s.push_str(&format!("    use_until: \"{}\",\n", sh(u)));
    }
    if let Some(u) = spec.use_from {
        s.push_str(&format!("    use_from: \"{}\",\n", sh(u)));
    }
    s.push_str("    parties: {\n");
    for &i in party_order {
        let p = &spec.parties[i];
        s.push_str(&format!(
            "        \"p{i}\": (name: \"Party {i}\", division: {}",
            p.division.name()
        ));
        if let Some(o) = p.org {
            s.push_str(&format!(", org: \"{o}\""));
        }
        if p.operates {
            s.push_str(", operates: true");
        }
        if !p.roles.is_empty() {
            s.push_str(&format!(", roles: {}", roles_ron(&p.roles)));
        }
        s.push_str("),\n");
    }
    s.push_str("    },\n    contracts: [\n");
    for &i in contract_order {
        let c = &spec.contracts[i];
        s.push_str(&format!(
            "        (id: \"c{i}\", client: \"p{}\", contractor: \"p{}\", kind: {}",
            c.client,
            c.contractor,
            c.kind.name()
        ));
        if let Some(r) = &c.roles {
            s.push_str(&format!(", roles: {}", roles_ron(r)));
        }
        if c.security_terms {
            s.push_str(", security_terms: true");
        }
        if let Some(d) = c.support_until {
            s.push_str(&format!(", support_until: \"{}\"", sh(d)));
        }
        if let Some(d) = c.from {
            s.push_str(&format!(", from: \"{}\"", sh(d)));
        }
        if let Some(d) = c.until {
            s.push_str(&format!(", until: \"{}\"", sh(d)));
        }
        s.push_str("),\n");
    }
    s.push_str("    ],\n    assign: [\n");
    for a in &spec.assign {
        let role = ASSIGNABLE
            .iter()
            .find(|(r, _)| *r == a.requirement)
            .unwrap()
            .1;
        s.push_str(&format!(
            "        (requirement: \"{}\", party: \"p{}\"",
            a.requirement, a.party
        ));
        if let Some(q) = a.qualifier {
            let allowed = role.allowed_qualifiers();
            s.push_str(&format!(
                ", qualifier: {}",
                allowed[q.index(allowed.len())].name()
            ));
        }
        if let Some(sc) = a.scope {
            s.push_str(&format!(", scope: \"{sc}\""));
        }
        s.push_str("),\n");
    }
    s.push_str("    ],\n    waivers: [\n");
    for w in &spec.waivers {
        s.push_str(&format!(
            "        (code: \"{}\", reason: \"accepted\", until: \"{}\"",
            w.code.key(),
            sh(w.until)
        ));
        if let Some(c) = w.contract
            && !spec.contracts.is_empty()
        {
            s.push_str(&format!(
                ", contract: \"c{}\"",
                c.index(spec.contracts.len())
            ));
        }
        if let Some(p) = w.party {
            s.push_str(&format!(", party: \"p{}\"", p.index(spec.parties.len())));
        }
        s.push_str("),\n");
    }
    s.push_str("    ],\n)\n");
    s
}

fn in_order(spec: &ModelSpec) -> String {
    let p: Vec<usize> = (0..spec.parties.len()).collect();
    let c: Vec<usize> = (0..spec.contracts.len()).collect();
    render(spec, &p, &c)
}

fn load(text: &str, catalog: &Catalog) -> Model {
    parse_model("random.ron", text, catalog)
        .unwrap_or_else(|e| panic!("a generated model does not load:\n{e}\n{text}"))
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
                    _ => prop_assert!(false, "{:?} names neither a contract nor a party", b),
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
    };
    let catalog = Catalog::builtin();
    let m = load(&in_order(&spec), &catalog);
    assert_eq!(m.contracts.len(), ContractKind::ALL.len());
    let kinds: BTreeSet<ContractKind> = m.contracts.iter().map(|c| c.kind).collect();
    assert_eq!(kinds.len(), ContractKind::ALL.len());
    // The party's own bare role is Lead, scoped "b".
    let a = analyse(&m, &catalog, options());
    assert!(a.roles.of_party(2).any(|h| h.role == Role::Developer
        && h.qualifier == Qualifier::Lead
        && h.scope.as_deref() == Some("b")));
}

proptest! {
    #![proptest_config(config())]

    /// (f) Adding a subcontract below a lead never creates `multiple-leads`: a new provider
    /// engaged, without stated roles, by a party that already holds (as Lead or Support) every
    /// role the contract's kind would pass as Lead supports those roles (flow-down), so no new
    /// conflict appears (issue "Chains as they really are", item 9).
    #[test]
    fn a_subcontract_below_a_lead_never_creates_multiple_leads(
        spec in model_spec(),
        client in any::<Index>(),
        kind in prop::sample::select(ContractKind::ALL),
    ) {
        let catalog = Catalog::builtin();
        let before_text = in_order(&spec);
        let m = load(&before_text, &catalog);
        let before = analyse(&m, &catalog, options());
        let a = client.index(spec.parties.len());
        let id = format!("p{a}");
        let pa = m.party(&id).unwrap();
        // Held by other means than a direct sale: a direct seller that starts buying from the
        // new party (Sales, Distribution, Development, Component) is supplied from then on, and
        // the new party is the developer instead, by the same rule.
        let held: BTreeSet<(Role, Option<String>)> = before
            .roles
            .of_party(pa)
            .filter(|h| matches!(h.qualifier, Qualifier::Lead | Qualifier::Support))
            .filter(|h| !h.because.iter().any(|b| matches!(b, Because::DirectSale { .. })))
            // Held on every day: an undated subcontract of a client that holds the role for a
            // while leads on the other days, as it should.
            .filter(|h| h.periods.is_always())
            .map(|h| (h.role, h.scope.clone()))
            .collect();
        let r = rule(kind);
        let mut needed: Vec<(Role, Option<String>)> = r
            .defaults
            .iter()
            .filter(|(_, q, _)| *q == Qualifier::Lead)
            .map(|(role, _, s)| (*role, s.map(str::to_string)))
            .collect();
        // A seller supplied by nobody is a developer too (direct sale).
        if kind == ContractKind::Sales {
            needed.push((Role::Developer, None));
        }
        // An operating client of a `Service` gains Operator(Lead, "use") itself (shared
        // responsibility): a client-side rule, not a subcontract's, left out here.
        prop_assume!(!(r.client_operates_use && spec.parties[a].operates));
        prop_assume!(!r.roles_required && needed.iter().all(|k| held.contains(k)));

        let mut after_spec = spec.clone();
        let n = after_spec.parties.len();
        after_spec.parties.push(PartySpec {
            division: Division::Provider,
            org: None,
            operates: false,
            roles: vec![],
        });
        after_spec.contracts.push(ContractSpec {
            client: a,
            contractor: n,
            kind,
            roles: None,
            security_terms: true,
            support_until: None,
            from: None,
            until: None,
        });
        let after_text = in_order(&after_spec);
        let m2 = load(&after_text, &catalog);
        let after = analyse(&m2, &catalog, options());
        let conflicts = |x: &Analysis| -> BTreeSet<String> {
            let cx = x.ctx();
            x.findings
                .iter()
                .filter(|f| f.code == Code::MultipleLeads)
                .map(|f| instance_id(f, &cx))
                .collect()
        };
        let (old, new) = (conflicts(&before), conflicts(&after));
        prop_assert!(
            new.is_subset(&old),
            "new conflicts {:?}\n{}",
            new.difference(&old).collect::<Vec<_>>(),
            after_text
        );
        // The new party leads nothing the kind passes: it supports.
        let pn = m2.party(&format!("p{n}")).unwrap();
        for h in after.roles.of_party(pn) {
            prop_assert!(h.qualifier != Qualifier::Lead, "{:?}\n{}", h, after_text);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (g) Time is relative

/// What a finding says without its dates: code, severity, role, scope, parties, contracts,
/// whether it is waived.
type Dateless = (
    Code,
    String,
    Option<Role>,
    Option<String>,
    Vec<String>,
    Vec<String>,
    bool,
);

fn dateless(a: &Analysis) -> Vec<Dateless> {
    let m = a.model;
    let mut v: Vec<Dateless> = a
        .findings
        .iter()
        .map(|f| {
            let mut contracts: Vec<String> = f
                .contract
                .iter()
                .chain(&f.contracts)
                .map(|&c| m.contracts[c].id.clone())
                .collect();
            contracts.sort();
            let mut parties: Vec<String> =
                f.parties.iter().map(|&p| m.parties[p].id.clone()).collect();
            parties.sort();
            (
                f.code,
                f.severity.key().to_string(),
                f.role,
                f.scope.clone(),
                parties,
                contracts,
                f.waived_by.is_some(),
            )
        })
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(config_with(128))]

    /// Shifting every date of a model (and the day it is checked on) by the same number of
    /// days changes no finding: periods, handovers, gaps and support are relative.
    #[test]
    fn shifting_every_date_changes_no_finding(spec in model_spec(), shift in -4000i64..4000) {
        let catalog = Catalog::builtin();
        let p: Vec<usize> = (0..spec.parties.len()).collect();
        let c: Vec<usize> = (0..spec.contracts.len()).collect();
        let a_text = render_shifted(&spec, &p, &c, 0);
        let b_text = render_shifted(&spec, &p, &c, shift);
        let ma = load(&a_text, &catalog);
        let mb = load(&b_text, &catalog);
        let a = analyse(&ma, &catalog, options());
        let today = options().today.add_days(shift);
        let b = analyse(&mb, &catalog, Options { today, ..options() });
        prop_assert_eq!(dateless(&a), dateless(&b), "shift {}\n{}\n---\n{}", shift, a_text, b_text);
        // Holdings keep their qualifiers and move with the dates.
        let held = |x: &Analysis| -> BTreeSet<HoldingKey> {
            x.roles
                .holdings
                .iter()
                .map(|h| (x.model.parties[h.party].id.clone(), h.role, h.qualifier, h.scope.clone()))
                .collect()
        };
        prop_assert_eq!(held(&a), held(&b));
    }
}
