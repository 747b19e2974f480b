//! The fields of chains as they really are (periods, consortia, components): every mistake in
//! every format.

use super::*;

fn chain_with(from: &str, to: &str) -> String {
    assert_eq!(CHAIN.matches(from).count(), 1, "{from:?} is not unique");
    CHAIN.replacen(from, to, 1)
}

#[test]
fn chain_model_with_every_new_field_is_valid_in_every_format() {
    let catalog = Catalog::builtin();
    let m = parse_model("chain.ron", CHAIN, &catalog).unwrap();
    let c = &m.contracts[0];
    assert_eq!(
        m.parties[c.contractor].id, "a",
        "the representative stands for the JV"
    );
    assert_eq!(c.contractor_consortium, m.consortium("jv"));
    assert_eq!(c.from.map(|d| d.to_string()).as_deref(), Some("2025-04-01"));
    assert_eq!(
        c.until.map(|d| d.to_string()).as_deref(),
        Some("2027-03-31")
    );
    assert!(c.approved && m.approval_required);
    assert_eq!(
        m.use_start().map(|d| d.to_string()).as_deref(),
        Some("2025-04-01")
    );
    assert_eq!(m.components[0].used_by.len(), 2);
    assert!(m.components[0].oss);
    assert_eq!(m.components[0].version.as_deref(), Some("3.0"));
    let jv = &m.consortia[0];
    assert_eq!(jv.members.len(), 2);
    assert_eq!(m.parties[jv.representative].id, "a");
    let b = m.party("b").unwrap();
    assert_eq!(jv.member_roles(b).map(<[_]>::len), Some(1));
    // Written out as JSON and YAML, it reads back to the same fields.
    let v = rolemap::load::raw::to_value(&m);
    for (name, text) in [
        ("chain.json", serde_json::to_string_pretty(&v).unwrap()),
        ("chain.yaml", rolemap::load::raw::to_yaml(&v)),
    ] {
        let back = parse_model(name, &text, &catalog).unwrap();
        assert_eq!(
            back.contracts[0].contractor_consortium,
            c.contractor_consortium
        );
        assert_eq!(back.contracts[0].from, c.from);
        assert_eq!(back.contracts[0].until, c.until);
        assert_eq!(back.contracts[0].approved, c.approved);
        assert_eq!(back.use_from, m.use_from);
        assert_eq!(back.approval_required, m.approval_required);
        assert_eq!(back.consortia.len(), 1);
        assert_eq!(back.consortia[0].roles.len(), 1);
        assert_eq!(back.components[0].used_by, m.components[0].used_by);
        assert_eq!(back.components[0].version, m.components[0].version);
    }
}

#[test]
fn from_after_until_is_an_error_at_until() {
    let text = chain_with("until: \"2027-03-31\"", "until: \"2024-03-31\"");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "period-reversed");
    assert_eq!(at(&g), locate(&text, "\"2024-03-31\"", 0));
    assert_eq!(g.message, "`from` 2025-04-01 is after `until` 2024-03-31");
    assert!(g.help.unwrap().contains("swap the two dates"));
    // A one-day contract is fine.
    let text = chain_with("until: \"2027-03-31\"", "until: \"2025-04-01\"");
    parse_model("m.ron", &text, &Catalog::builtin()).unwrap();
}

#[test]
fn use_from_after_use_until_is_an_error() {
    let text = chain_with("use_from: \"2025-04-01\"", "use_from: \"2031-04-01\"");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "period-reversed");
    assert_eq!(at(&g), locate(&text, "\"2030-03-31\"", 0));
}

#[test]
fn consortium_without_representative() {
    let text = chain_with("representative: \"a\",", "");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "missing-field");
    assert_eq!(
        g.message,
        "consortium is missing the required field `representative`"
    );
    assert_eq!(at(&g), locate(&text, "(id: \"jv\"", 0));
}

#[test]
fn consortium_with_an_unknown_member() {
    let text = chain_with("members: [\"a\", \"b\"]", "members: [\"a\", \"bb\"]");
    let v = errors("m.ron", &text);
    assert_eq!(v[0].code, "unknown-reference");
    assert_eq!(v[0].message, "unknown party \"bb\" in consortium \"jv\"");
    assert_eq!(v[0].help.as_deref(), Some("did you mean \"b\"?"));
    assert_eq!(at(&v[0]), locate(&text, "\"bb\"", 0));
}

#[test]
fn representative_outside_the_members() {
    let text = chain_with("members: [\"a\", \"b\"]", "members: [\"b\"]");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "not-a-member");
    assert_eq!(
        g.message,
        "`representative` of consortium \"jv\" names \"a\", which is not one of its members"
    );
    assert_eq!(at(&g), locate(&text, "\"a\",\n         roles", 0));
    assert!(g.help.unwrap().contains("\"b\""));
    let d = parse_model("m.ron", &text, &Catalog::builtin()).unwrap_err();
    let ja = d.diagnostics[0].problem.message(Lang::Ja);
    assert_eq!(
        ja,
        "共同企業体 「jv」 の `representative` に構成員でない 「a」 が指定されています"
    );
}

#[test]
fn roles_for_a_party_outside_the_consortium() {
    let text = chain_with("roles: {\"b\":", "roles: {\"city\":");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "not-a-member");
    assert_eq!(at(&g), locate(&text, "\"city\": [", 0));
}

#[test]
fn component_used_by_an_unknown_party() {
    let text = chain_with("used_by: [\"a\", \"b\"]", "used_by: [\"a\", \"bb\"]");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-reference");
    assert_eq!(g.message, "unknown party \"bb\" in component \"openssl\"");
    assert_eq!(g.help.as_deref(), Some("did you mean \"b\"?"));
    assert_eq!(at(&g), locate(&text, "\"bb\"", 0));
}

#[test]
fn component_used_by_nobody() {
    let text = chain_with("used_by: [\"a\", \"b\"]", "used_by: []");
    assert_eq!(one("m.ron", &text).code, "empty-list");
}

#[test]
fn ids_are_unique_across_parties_consortia_and_components() {
    let text = chain_with("(id: \"openssl\"", "(id: \"jv\"");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "duplicate-id");
    assert_eq!(g.message, "duplicate component id \"jv\"");
    let text = chain_with("(id: \"jv\"", "(id: \"b\"");
    let v = errors("m.ron", &text);
    assert_eq!(v[0].code, "duplicate-id");
    assert_eq!(v[0].message, "duplicate consortium id \"b\"");
    assert_eq!(at(&v[0]), locate(&text, "\"b\", name: \"A-B JV\"", 0));
}

#[test]
fn a_contract_naming_an_unknown_consortium_offers_the_nearest() {
    let text = chain_with("contractor: \"jv\"", "contractor: \"jw\"");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-reference");
    assert_eq!(
        g.message,
        "unknown party or consortium \"jw\" in contract \"build\""
    );
    assert_eq!(g.help.as_deref(), Some("did you mean \"jv\"?"));
}

#[test]
fn issue_9_problems_all_at_once_in_json_and_yaml() {
    let json = r#"{
  "name": "x", "use_from": "2031-01-01", "use_until": "2030-01-01",
  "parties": {"a": {"name": "A", "division": "Provider"}, "c": {"name": "C", "division": "Customer"}},
  "components": [{"id": "lib", "name": "Lib", "used_by": ["x"]}],
  "consortia": [{"id": "jv", "name": "JV", "members": ["a"], "representative": "c"}],
  "contracts": [{"client": "c", "contractor": "jv", "kind": "Sales", "from": "2026-01-01", "until": "2025-01-01"}]
}"#;
    let v = errors("m.json", json);
    let codes: Vec<(&str, usize)> = v.iter().map(|g| (g.code, g.line)).collect();
    assert_eq!(
        codes,
        [
            ("period-reversed", 2),
            ("unknown-reference", 4),
            ("not-a-member", 5),
            ("period-reversed", 6),
        ]
    );
    let yaml = "name: x\nparties:\n  a: {name: A, division: Provider}\nconsortia:\n  - id: jv\n    name: JV\n    members: [a, zz]\n    representative: a\ncontracts:\n  - {client: jv, contractor: a, kind: Sales, from: \"2026-01-01\", until: \"2025-01-01\"}\n";
    let v = errors("m.yaml", yaml);
    let codes: Vec<(&str, usize)> = v.iter().map(|g| (g.code, g.line)).collect();
    assert_eq!(codes, [("unknown-reference", 7), ("period-reversed", 10)]);
    // Every new problem has its message in Japanese too.
    let d = parse_model("m.json", json, &Catalog::builtin()).unwrap_err();
    for x in &d.diagnostics {
        let ja = x.problem.message(Lang::Ja);
        assert_ne!(ja, x.problem.message(Lang::En), "{ja}");
        assert!(x.problem.help(Lang::Ja).is_some() || x.problem.code() == "unknown-reference");
    }
}
