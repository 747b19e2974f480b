//! The same model in RON, JSON and YAML gives the same analysis; JSON and YAML accept every
//! role-entry form and bilingual names.

use std::collections::BTreeMap;

use rolemap::findings::instance_id;
use rolemap::load::raw::{to_value, to_yaml};
use rolemap::load::{DEFAULT_MAX_SIZE, load_model, parse_model};
use rolemap::{Analysis, Catalog, Date, Model, Options, Qualifier, Role, analyse};

const MODELS: &[&str] = &[
    "product.ron",
    "service.ron",
    "embedded.ron",
    "system-contract.ron",
    "system-in-house.ron",
    "system-quasi-mandate.ron",
    "ministry-benefits.ron",
    "municipal-hospital.ron",
    "municipal-retender.ron",
    "national-three-tier.ron",
    "jv.ron",
];

fn options() -> Options {
    Options {
        package: None,
        today: Date::parse("2026-11-25").unwrap(),
    }
}

fn load_bundled(name: &str, catalog: &Catalog) -> Model {
    let path = format!("{}/models/{name}", env!("CARGO_MANIFEST_DIR"));
    load_model(&path, catalog, DEFAULT_MAX_SIZE).unwrap_or_else(|e| panic!("{name}:\n{e}"))
}

fn parse(name: &str, text: &str, catalog: &Catalog) -> Model {
    parse_model(name, text, catalog)
        .unwrap_or_else(|e| panic!("{name} does not load:\n{e}\n{text}"))
}

/// A reason as (rule, contract id, party id).
type Reason = (&'static str, Option<String>, Option<String>);
/// A holding as (party, role, qualifier, scope).
type HoldingKey = (String, Role, Qualifier, Option<String>);
/// An allocation as (status, responsible party ids, contributor party ids).
type AllocationView = (String, Vec<String>, Vec<String>);

/// An order-independent picture of an analysis, by ids.
#[derive(Debug, PartialEq)]
struct Canonical {
    /// (party, role, qualifier, scope) → reasons as (rule, contract id, party id), sorted.
    holdings: BTreeMap<HoldingKey, Vec<Reason>>,
    /// (unit, role) → (status, responsible party ids, contributor party ids).
    allocations: BTreeMap<(String, Role), AllocationView>,
    /// Finding instance ids with severity and waived flag, sorted.
    findings: Vec<(String, String, bool)>,
}

fn canonical(a: &Analysis) -> Canonical {
    let m = a.model;
    let mut holdings = BTreeMap::new();
    for h in &a.roles.holdings {
        let mut why: Vec<_> = h
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
        let old = holdings.insert(
            (
                m.parties[h.party].id.clone(),
                h.role,
                h.qualifier,
                h.scope.clone(),
            ),
            why,
        );
        assert!(old.is_none(), "a holding is listed twice");
    }
    let mut allocations = BTreeMap::new();
    for al in &a.allocations {
        let ids = |ds: &[rolemap::allocate::Duty]| {
            let mut v: Vec<String> = ds.iter().map(|d| m.parties[d.party].id.clone()).collect();
            v.sort();
            v
        };
        let old = allocations.insert(
            (al.unit(a.catalog).id().to_string(), al.role),
            (
                al.status.key().to_string(),
                ids(&al.responsible),
                ids(&al.contributors),
            ),
        );
        assert!(old.is_none(), "an allocation is listed twice");
    }
    let cx = a.ctx();
    let mut findings: Vec<_> = a
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

#[test]
fn bundled_models_read_the_same_in_json_and_yaml() {
    let catalog = Catalog::builtin();
    for name in MODELS {
        let ron = load_bundled(name, &catalog);
        let value = to_value(&ron);
        let json_text = serde_json::to_string_pretty(&value).unwrap();
        let yaml_text = to_yaml(&value);
        let json = parse("x.json", &json_text, &catalog);
        let yaml = parse("x.yaml", &yaml_text, &catalog);
        assert_eq!(json.format, rolemap::load::source::Format::Json);
        assert_eq!(yaml.format, rolemap::load::source::Format::Yaml);

        // The model itself survives the trip.
        assert_eq!(to_value(&json), value, "{name}: JSON model differs");
        assert_eq!(to_value(&yaml), value, "{name}: YAML model differs");

        let want = canonical(&analyse(&ron, &catalog, options()));
        assert!(!want.holdings.is_empty() && !want.allocations.is_empty());
        let got_json = canonical(&analyse(&json, &catalog, options()));
        assert_eq!(got_json, want, "{name}: JSON analysis differs from RON");
        let got_yaml = canonical(&analyse(&yaml, &catalog, options()));
        assert_eq!(got_yaml, want, "{name}: YAML analysis differs from RON");
    }
}

#[test]
fn yml_extension_is_yaml_too() {
    let catalog = Catalog::builtin();
    let ron = load_bundled("service.ron", &catalog);
    let m = parse("model.YML", &to_yaml(&to_value(&ron)), &catalog);
    assert_eq!(m.format, rolemap::load::source::Format::Yaml);
    assert_eq!(m.parties.len(), ron.parties.len());
}

/// The roles a party derives, as (role, qualifier, scope), in derivation order.
fn roles_of(m: &Model, party: &str) -> Vec<(Role, Qualifier, Option<String>)> {
    let catalog = Catalog::builtin();
    let a = analyse(m, &catalog, options());
    let p = m.party(party).unwrap();
    a.roles
        .of_party(p)
        .map(|h| (h.role, h.qualifier, h.scope.clone()))
        .collect()
}

const JSON_FORMS: &str = r#"{
  "name": {"en": "Role forms", "ja": "役割の書き方"},
  "software": "System",
  "parties": {
    "owner": {"name": {"en": "Owner", "ja": "発注者"}, "division": "Customer", "operates": true},
    "bare": {"name": "Bare", "division": "Provider"},
    "qualified": {"name": "Qualified", "division": "Provider"},
    "scoped": {"name": "Scoped", "division": "Provider"},
    "structured": {"name": "Structured", "division": "Provider"},
    "own": {"name": "Own", "division": "Provider", "roles": ["Developer", {"Supplier": "Support"}]}
  },
  "contracts": [
    {"id": "c1", "client": "owner", "contractor": "bare", "kind": "QuasiMandate",
     "roles": ["Developer"], "security_terms": true},
    {"id": "c2", "client": "owner", "contractor": "qualified", "kind": "QuasiMandate",
     "roles": [{"Developer": "Lead"}, {"Operator": null}], "security_terms": true},
    {"id": "c3", "client": "owner", "contractor": "scoped", "kind": "QuasiMandate",
     "roles": [{"Developer": ["Lead", "scope"]}], "security_terms": true},
    {"id": "c4", "client": "owner", "contractor": "structured", "kind": "QuasiMandate",
     "roles": [{"role": "Developer", "qualifier": "Lead", "scope": "x"}, {"role": "Supplier"}],
     "security_terms": true, "support_until": "2030-03-31"},
    {"client": "owner", "contractor": "own", "kind": "Internal", "roles": ["Customer"]}
  ]
}"#;

const YAML_FORMS: &str = r#"
name:
  en: Role forms
  ja: 役割の書き方
software: System
parties:
  owner:
    name: {en: Owner, ja: 発注者}
    division: Customer
    operates: true
  bare: {name: Bare, division: Provider}
  qualified: {name: Qualified, division: Provider}
  scoped: {name: Scoped, division: Provider}
  structured: {name: Structured, division: Provider}
  own:
    name: Own
    division: Provider
    roles:
      - Developer
      - Supplier: Support
contracts:
  - id: c1
    client: owner
    contractor: bare
    kind: QuasiMandate
    roles: [Developer]
    security_terms: true
  - id: c2
    client: owner
    contractor: qualified
    kind: QuasiMandate
    roles:
      - Developer: Lead
      - Operator:
    security_terms: true
  - id: c3
    client: owner
    contractor: scoped
    kind: QuasiMandate
    roles:
      - Developer: [Lead, scope]
    security_terms: true
  - id: c4
    client: owner
    contractor: structured
    kind: QuasiMandate
    roles:
      - role: Developer
        qualifier: Lead
        scope: x
      - {role: Supplier}
    security_terms: true
    support_until: "2030-03-31"
  - client: owner
    contractor: own
    kind: Internal
    roles: [Customer]
"#;

const RON_FORMS: &str = r#"#![enable(implicit_some)]
(
    name: (en: "Role forms", ja: "役割の書き方"),
    software: System,
    parties: {
        "owner": (name: (en: "Owner", ja: "発注者"), division: Customer, operates: true),
        "bare": (name: "Bare", division: Provider),
        "qualified": (name: "Qualified", division: Provider),
        "scoped": (name: "Scoped", division: Provider),
        "structured": (name: "Structured", division: Provider),
        "own": (name: "Own", division: Provider, roles: [Developer, Supplier(Support)]),
    },
    contracts: [
        (id: "c1", client: "owner", contractor: "bare", kind: QuasiMandate,
         roles: [Developer], security_terms: true),
        (id: "c2", client: "owner", contractor: "qualified", kind: QuasiMandate,
         roles: [Developer(Lead), Operator], security_terms: true),
        (id: "c3", client: "owner", contractor: "scoped", kind: QuasiMandate,
         roles: [Developer(Lead, "scope")], security_terms: true),
        (id: "c4", client: "owner", contractor: "structured", kind: QuasiMandate,
         roles: [(role: Developer, qualifier: Lead, scope: "x"), (role: Supplier)],
         security_terms: true, support_until: "2030-03-31"),
        (client: "owner", contractor: "own", kind: Internal, roles: [Customer]),
    ],
)
"#;

fn assert_forms(m: &Model) {
    use Qualifier::*;
    use Role::*;
    // Bare role under quasi-mandate: Support.
    assert_eq!(roles_of(m, "bare"), [(Developer, Support, None)]);
    // {"Developer": "Lead"}; {"Operator": null} is a bare role.
    assert_eq!(
        roles_of(m, "qualified"),
        [(Developer, Lead, None), (Operator, Support, None)]
    );
    // {"Developer": ["Lead", "scope"]}.
    assert_eq!(
        roles_of(m, "scoped"),
        [(Developer, Lead, Some("scope".to_string()))]
    );
    // {"role": .., "qualifier": .., "scope": ..}; a structure with only `role` is bare.
    assert_eq!(
        roles_of(m, "structured"),
        [
            (Developer, Lead, Some("x".to_string())),
            (Supplier, Support, None)
        ]
    );
    // A party's own bare role is Lead; a bare role on an Internal contract is Lead too.
    assert_eq!(
        roles_of(m, "own"),
        [
            (Developer, Lead, None),
            (Supplier, Support, None),
            (Customer, Lead, None)
        ]
    );

    // Bilingual names.
    assert_eq!(m.name.en, "Role forms");
    assert_eq!(m.name.ja, "役割の書き方");
    let owner = &m.parties[m.party("owner").unwrap()];
    assert_eq!(
        (owner.name.en.as_str(), owner.name.ja.as_str()),
        ("Owner", "発注者")
    );
    let bare = &m.parties[m.party("bare").unwrap()];
    assert_eq!(
        (bare.name.en.as_str(), bare.name.ja.as_str()),
        ("Bare", "Bare")
    );

    // Defaults and dates.
    assert_eq!(m.contracts[4].id, "owner->own");
    assert_eq!(
        m.contracts[3].support_until,
        Some(Date::parse("2030-03-31").unwrap())
    );
    assert!(owner.operates);
}

#[test]
fn json_role_entry_forms() {
    let catalog = Catalog::builtin();
    let m = parse("forms.json", JSON_FORMS, &catalog);
    assert_forms(&m);
}

#[test]
fn yaml_role_entry_forms() {
    let catalog = Catalog::builtin();
    let m = parse("forms.yaml", YAML_FORMS, &catalog);
    assert_forms(&m);
}

#[test]
fn ron_role_entry_forms() {
    let catalog = Catalog::builtin();
    let m = parse("forms.ron", RON_FORMS, &catalog);
    assert_forms(&m);
}

#[test]
fn three_formats_of_one_model_agree() {
    let catalog = Catalog::builtin();
    let ron = parse("forms.ron", RON_FORMS, &catalog);
    let json = parse("forms.json", JSON_FORMS, &catalog);
    let yaml = parse("forms.yaml", YAML_FORMS, &catalog);
    let want = canonical(&analyse(&ron, &catalog, options()));
    assert_eq!(canonical(&analyse(&json, &catalog, options())), want);
    assert_eq!(canonical(&analyse(&yaml, &catalog, options())), want);
}

#[test]
fn yaml_output_keeps_awkward_strings() {
    // Strings that plain YAML would read as something else must come back unchanged.
    let catalog = Catalog::builtin();
    let awkward = [
        "no",
        "yes",
        "null",
        "~",
        "1.0",
        "0x10",
        "=x",
        "- a",
        "a: b",
        "#c",
        "'q'",
        "\"dq\"",
        "line\nbreak",
        "  padded",
        "日本語",
        "true",
    ];
    let mut parties = serde_json::Map::new();
    parties.insert(
        "owner".into(),
        serde_json::json!({"name": "Owner", "division": "Customer"}),
    );
    let mut contracts = Vec::new();
    for (i, s) in awkward.iter().enumerate() {
        let id = format!("p{i}");
        parties.insert(
            id.clone(),
            serde_json::json!({"name": {"en": s, "ja": format!("{s}（日本語）")}, "division": "Provider"}),
        );
        contracts.push(serde_json::json!({
            "id": format!("c-{s}").replace('\n', " ").trim().to_string(),
            "client": "owner",
            "contractor": id,
            "kind": "QuasiMandate",
            "roles": [{"Developer": ["Support", format!("scope {s}").replace('\n', " ")]}],
            "security_terms": true,
        }));
    }
    let value = serde_json::json!({
        "name": "Awkward strings",
        "parties": parties,
        "contracts": contracts,
    });
    let json = parse("a.json", &value.to_string(), &catalog);
    let yaml_text = to_yaml(&to_value(&json));
    let yaml = parse("a.yaml", &yaml_text, &catalog);
    assert_eq!(to_value(&yaml), to_value(&json), "{yaml_text}");
    for (i, s) in awkward.iter().enumerate() {
        let p = &yaml.parties[yaml.party(&format!("p{i}")).unwrap()];
        assert_eq!(p.name.en, *s);
    }
    assert_eq!(
        canonical(&analyse(&yaml, &catalog, options())),
        canonical(&analyse(&json, &catalog, options()))
    );
}

#[test]
fn bare_scoped_role_keeps_its_default_qualifier_when_written_out() {
    // A role with a scope but no qualifier takes the contract kind's default qualifier
    // (Support under a quasi-mandate). Writing the model out as JSON or YAML must not turn it
    // into a Lead.
    let catalog = Catalog::builtin();
    let ron = parse(
        "bare.ron",
        r#"(
    name: "bare scoped role",
    parties: {
        "owner": (name: "Owner", division: Customer),
        "vendor": (name: "Vendor", division: Provider),
    },
    contracts: [
        (id: "help", client: "owner", contractor: "vendor", kind: QuasiMandate,
         roles: [(role: Developer, scope: "batch")], security_terms: true),
    ],
)"#,
        &catalog,
    );
    let want = [(
        Role::Developer,
        Qualifier::Support,
        Some("batch".to_string()),
    )];
    assert_eq!(roles_of(&ron, "vendor"), want);
    let value = to_value(&ron);
    let json = parse("bare.json", &value.to_string(), &catalog);
    assert_eq!(roles_of(&json, "vendor"), want, "JSON: {value}");
    let yaml = parse("bare.yaml", &to_yaml(&value), &catalog);
    assert_eq!(roles_of(&yaml, "vendor"), want, "YAML: {}", to_yaml(&value));
}
