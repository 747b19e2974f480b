//! Random, valid models: their specification, the strategies that make them, and their RON
//! text (every field a model can have: periods, approval, components, consortia).

use super::*;

/// One role entry as written in a model.
#[derive(Debug, Clone)]
pub(super) struct RoleEntry {
    pub(super) role: Role,
    pub(super) qualifier: Option<Qualifier>,
    pub(super) scope: Option<&'static str>,
    /// Write it as a structure `(role: .., qualifier: .., scope: ..)` instead of `Role(Q, "s")`.
    pub(super) structured: bool,
}

impl RoleEntry {
    pub(super) fn ron(&self) -> String {
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

pub(super) fn role_entry() -> impl Strategy<Value = RoleEntry> {
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
pub(super) struct PartySpec {
    pub(super) division: Division,
    pub(super) org: Option<&'static str>,
    pub(super) operates: bool,
    pub(super) roles: Vec<RoleEntry>,
}

#[derive(Debug, Clone)]
pub(super) struct ContractSpec {
    pub(super) client: usize,
    pub(super) contractor: usize,
    pub(super) kind: ContractKind,
    pub(super) roles: Option<Vec<RoleEntry>>,
    pub(super) security_terms: bool,
    pub(super) support_until: Option<&'static str>,
    /// The contract's period: `from` and `until`, either may be open.
    pub(super) from: Option<&'static str>,
    pub(super) until: Option<&'static str>,
    /// `approved: true` (再委託の承認).
    pub(super) approved: bool,
    /// Stand the model's consortium in as the client, or as the contractor, where the other
    /// side is not one of its members (no effect without a consortium).
    pub(super) client_jv: bool,
    pub(super) contractor_jv: bool,
}

/// A component used without a contract.
#[derive(Debug, Clone)]
pub(super) struct ComponentSpec {
    pub(super) oss: Option<bool>,
    pub(super) version: Option<&'static str>,
    /// The parties that build it in (distinct, not empty).
    pub(super) used_by: Vec<usize>,
}

/// A consortium (共同企業体), written with the id `j0`.
#[derive(Debug, Clone)]
pub(super) struct ConsortiumSpec {
    /// Its members (distinct, not empty).
    pub(super) members: Vec<usize>,
    /// Which member represents it (a position in `members`).
    pub(super) representative: usize,
    /// A member's stated roles (the member's position in `members`).
    pub(super) roles: Option<(usize, Vec<RoleEntry>)>,
}

impl ConsortiumSpec {
    /// The representative's party index.
    pub(super) fn representative(&self) -> usize {
        self.members[self.representative]
    }
}

#[derive(Debug, Clone)]
pub(super) struct AssignSpec {
    pub(super) requirement: &'static str,
    pub(super) party: usize,
    pub(super) qualifier: Option<Index>,
    pub(super) scope: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub(super) struct WaiverSpec {
    pub(super) code: Code,
    pub(super) contract: Option<Index>,
    pub(super) party: Option<Index>,
    pub(super) until: &'static str,
}

#[derive(Debug, Clone)]
pub(super) struct ModelSpec {
    pub(super) parties: Vec<PartySpec>,
    pub(super) contracts: Vec<ContractSpec>,
    pub(super) assign: Vec<AssignSpec>,
    pub(super) waivers: Vec<WaiverSpec>,
    pub(super) use_until: Option<&'static str>,
    pub(super) use_from: Option<&'static str>,
    /// `approval_required: true`.
    pub(super) approval_required: bool,
    pub(super) components: Vec<ComponentSpec>,
    /// At most one.
    pub(super) consortia: Vec<ConsortiumSpec>,
}

/// Requirements that apply to one role only, so an assignment needs no `role`.
pub(super) const ASSIGNABLE: &[(&str, Role)] = &[
    ("(1)-2", Role::Developer),
    ("(1)-3", Role::Developer),
    ("S(1)-4.4", Role::Operator),
    ("(4)-3", Role::Operator),
    ("(6)-1", Role::Customer),
];

pub(super) const DATES: &[&str] = &["2025-03-31", "2028-12-31", "2031-03-31"];

/// Contract periods start and end on these days: adjacent ones make handovers, the others
/// overlaps and gaps.
pub(super) const PERIOD_DATES: &[&str] = &[
    "2024-04-01",
    "2025-03-31",
    "2025-04-01",
    "2027-03-31",
    "2027-04-01",
    "2031-03-31",
];

/// A contract period: `from` and `until` from [`PERIOD_DATES`], in order, either open.
pub(super) fn period_spec() -> impl Strategy<Value = (Option<&'static str>, Option<&'static str>)> {
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

pub(super) fn party_spec() -> impl Strategy<Value = PartySpec> {
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

pub(super) fn contract_spec(n: usize) -> impl Strategy<Value = ContractSpec> {
    (
        0..n,
        0..n - 1,
        prop::sample::select(ContractKind::ALL),
        prop::option::weighted(0.6, prop::collection::vec(role_entry(), 0..=3)),
        any::<bool>(),
        prop::option::of(prop::sample::select(DATES)),
        period_spec(),
        any::<bool>(),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.3),
    )
        .prop_map(
            |(
                client,
                other,
                kind,
                roles,
                security_terms,
                support_until,
                (from, until),
                approved,
                client_jv,
                contractor_jv,
            )| {
                ContractSpec {
                    client,
                    contractor: if other >= client { other + 1 } else { other },
                    kind,
                    roles,
                    security_terms,
                    support_until,
                    from,
                    until,
                    approved,
                    client_jv,
                    contractor_jv,
                }
            },
        )
}

pub(super) fn component_spec(n: usize) -> impl Strategy<Value = ComponentSpec> {
    (
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(&["1.0", "3.0.13"][..])),
        prop::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=n.min(2)),
    )
        .prop_map(|(oss, version, used_by)| ComponentSpec {
            oss,
            version,
            used_by,
        })
}

pub(super) fn consortium_spec(n: usize) -> impl Strategy<Value = ConsortiumSpec> {
    (
        prop::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=n.min(3)),
        any::<Index>(),
        prop::option::weighted(
            0.3,
            (any::<Index>(), prop::collection::vec(role_entry(), 1..=2)),
        ),
    )
        .prop_map(|(members, representative, roles)| ConsortiumSpec {
            representative: representative.index(members.len()),
            roles: roles.map(|(m, r)| (m.index(members.len()), r)),
            members,
        })
}

pub(super) fn assign_spec(n: usize) -> impl Strategy<Value = AssignSpec> {
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

pub(super) fn waiver_spec() -> impl Strategy<Value = WaiverSpec> {
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

pub(super) fn model_spec() -> impl Strategy<Value = ModelSpec> {
    (2usize..=6).prop_flat_map(|n| {
        (
            prop::collection::vec(party_spec(), n),
            prop::collection::vec(contract_spec(n), 0..=8),
            prop::collection::vec(assign_spec(n), 0..=2),
            prop::collection::vec(waiver_spec(), 0..=2),
            prop::option::of(prop::sample::select(DATES)),
            prop::option::weighted(0.2, Just("2024-04-01")),
            prop::bool::weighted(0.3),
            prop::collection::vec(component_spec(n), 0..=2),
            prop::collection::vec(consortium_spec(n), 0..=1),
        )
            .prop_map(
                |(
                    parties,
                    contracts,
                    assign,
                    waivers,
                    use_until,
                    use_from,
                    approval_required,
                    components,
                    consortia,
                )| ModelSpec {
                    parties,
                    contracts,
                    assign,
                    waivers,
                    use_until,
                    use_from,
                    approval_required,
                    components,
                    consortia,
                },
            )
    })
}

/// A model with a random order of its parties and contracts.
pub(super) fn shuffled_model() -> impl Strategy<Value = (ModelSpec, Vec<usize>, Vec<usize>)> {
    model_spec().prop_flat_map(|spec| {
        let p: Vec<usize> = (0..spec.parties.len()).collect();
        let c: Vec<usize> = (0..spec.contracts.len()).collect();
        (Just(spec), Just(p).prop_shuffle(), Just(c).prop_shuffle())
    })
}

pub(super) fn roles_ron(roles: &[RoleEntry]) -> String {
    let v: Vec<String> = roles.iter().map(RoleEntry::ron).collect();
    format!("[{}]", v.join(", "))
}

/// The model as RON, with parties and contracts written in the given orders.
pub(super) fn render(spec: &ModelSpec, party_order: &[usize], contract_order: &[usize]) -> String {
    render_shifted(spec, party_order, contract_order, 0)
}

/// A contract's client and contractor ids: the consortium `j0` stands in for a side that asks
/// for it when the other side is not one of its members (and not for both sides).
pub(super) fn ends(spec: &ModelSpec, c: &ContractSpec) -> (String, String) {
    let party = |p: usize| format!("p{p}");
    let Some(j) = spec.consortia.first() else {
        return (party(c.client), party(c.contractor));
    };
    let outside = |p: usize| !j.members.contains(&p);
    if c.client_jv && outside(c.contractor) {
        ("j0".into(), party(c.contractor))
    } else if c.contractor_jv && outside(c.client) {
        (party(c.client), "j0".into())
    } else {
        (party(c.client), party(c.contractor))
    }
}

/// A date of the spec moved by `shift` days.
pub(super) fn shifted(d: &str, shift: i64) -> String {
    Date::parse(d).unwrap().add_days(shift).to_string()
}

/// [`render`], with every date moved by `shift` days.
pub(super) fn render_shifted(
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
    if spec.approval_required {
        s.push_str("    approval_required: true,\n");
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
        let (client, contractor) = ends(spec, c);
        s.push_str(&format!(
            "        (id: \"c{i}\", client: \"{client}\", contractor: \"{contractor}\", kind: {}",
            c.kind.name()
        ));
        if c.approved {
            s.push_str(", approved: true");
        }
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
    s.push_str("    ],\n    components: [\n");
    for (k, x) in spec.components.iter().enumerate() {
        let used: Vec<String> = x.used_by.iter().map(|p| format!("\"p{p}\"")).collect();
        s.push_str(&format!(
            "        (id: \"k{k}\", name: \"Component {k}\", used_by: [{}]",
            used.join(", ")
        ));
        if let Some(o) = x.oss {
            s.push_str(&format!(", oss: {o}"));
        }
        if let Some(v) = x.version {
            s.push_str(&format!(", version: \"{v}\""));
        }
        s.push_str("),\n");
    }
    s.push_str("    ],\n    consortia: [\n");
    for (k, j) in spec.consortia.iter().enumerate() {
        let members: Vec<String> = j.members.iter().map(|p| format!("\"p{p}\"")).collect();
        s.push_str(&format!(
            "        (id: \"j{k}\", name: \"JV {k}\", members: [{}], representative: \"p{}\"",
            members.join(", "),
            j.representative()
        ));
        if let Some((m, roles)) = &j.roles {
            let m = j.members[*m];
            s.push_str(&format!(", roles: {{\"p{m}\": {}}}", roles_ron(roles)));
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

pub(super) fn in_order(spec: &ModelSpec) -> String {
    let p: Vec<usize> = (0..spec.parties.len()).collect();
    let c: Vec<usize> = (0..spec.contracts.len()).collect();
    render(spec, &p, &c)
}

pub(super) fn load(text: &str, catalog: &Catalog) -> Model {
    parse_model("random.ron", text, catalog)
        .unwrap_or_else(|e| panic!("a generated model does not load:\n{e}\n{text}"))
}
