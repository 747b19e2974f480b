//! Fields, names, ids, dates and qualifiers: unknown, missing, of the wrong type or given twice,
//! each with its hint and nearest valid name.

use super::*;

#[test]
fn unknown_field_with_did_you_mean() {
    let text = base_with(
        "kind: Service, security_terms: true",
        "kind: Service, securty_terms: true",
    );
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-field");
    assert_eq!(at(&g), (11, 76));
    assert_eq!(at(&g), locate(&text, "securty_terms", 0));
    assert_eq!(g.help.as_deref(), Some("did you mean \"security_terms\"?"));
}

#[test]
fn unknown_field_in_json_and_yaml() {
    let json = "{\"name\": \"x\", \"partys\": {}}";
    let g = errors("m.json", json);
    // `parties` is then also missing; that is reported at the start of the object.
    let codes: Vec<(&str, usize, usize)> = g.iter().map(|x| (x.code, x.line, x.column)).collect();
    assert_eq!(codes, [("missing-field", 1, 1), ("unknown-field", 1, 15)]);
    assert_eq!(g[1].help.as_deref(), Some("did you mean \"parties\"?"));

    let yaml = "name: x\nparties: {}\nuse_untill: \"2030-01-01\"\n";
    let g = one("m.yaml", yaml);
    assert_eq!(g.code, "unknown-field");
    assert_eq!(at(&g), (3, 1));
    assert_eq!(g.help.as_deref(), Some("did you mean \"use_until\"?"));
}

#[test]
fn missing_required_field() {
    let text = base_with(
        "\"acme\": (name: \"ACME Cloud KK\", division: Provider)",
        "\"acme\": (name: \"ACME Cloud KK\")",
    );
    let g = one("m.ron", &text);
    assert_eq!(g.code, "missing-field");
    assert!(g.message.contains("`division`"), "{}", g.message);
    // At the start of the party's structure.
    assert_eq!(at(&g), (7, 17));
    assert_eq!(at(&g), locate(&text, "(name: \"ACME", 0));
}

#[test]
fn unknown_variant_with_did_you_mean() {
    let text = base_with("kind: Service,", "kind: Servce,");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-variant");
    assert_eq!(at(&g), locate(&text, "Servce", 0));
    assert_eq!(at(&g), (11, 67));
    assert_eq!(g.help.as_deref(), Some("did you mean \"Service\"?"));
}

#[test]
fn quoted_name_in_ron_is_wrong_type_with_hint() {
    let text = base_with(
        "\"Example IaaS\", division: Provider",
        "\"Example IaaS\", division: \"Provider\"",
    );
    let g = one("m.ron", &text);
    assert_eq!(g.code, "wrong-type");
    assert_eq!(at(&g), locate(&text, "\"Provider\"", 0));
    assert_eq!(at(&g), (8, 50));
    assert_eq!(
        g.help.as_deref(),
        Some("in RON, names are written without quotes: Provider")
    );
}

#[test]
fn bare_name_where_a_string_is_expected() {
    let text = base_with("name: \"Clinic\"", "name: Clinic");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "wrong-type");
    assert_eq!(at(&g), (2, 11));
    assert_eq!(
        g.help.as_deref(),
        Some("put it in double quotes: \"Clinic\"")
    );
}

#[test]
fn duplicate_party_id() {
    let text = base_with(
        "\"iaas\": (name: \"Example IaaS\"",
        "\"acme\": (name: \"Example IaaS\"",
    );
    // The model no longer has "iaas", so the hosting contract names an unknown party too.
    let v = errors("m.ron", &text);
    let g = &v[0];
    assert_eq!(g.code, "duplicate-id");
    assert_eq!(at(g), (8, 9));
    assert_eq!(at(g), locate(&text, "\"acme\"", 1));
    assert!(g.message.contains("\"acme\""), "{}", g.message);
    assert_eq!(g.help.as_deref(), Some("give each entry its own id"));
}

#[test]
fn duplicate_party_id_in_json() {
    let text = "{\"name\": \"x\", \"parties\": {\n  \"a\": {\"name\": \"A\", \"division\": \"Provider\"},\n  \"a\": {\"name\": \"B\", \"division\": \"Provider\"}\n}}";
    let g = one("m.json", text);
    assert_eq!(g.code, "duplicate-id");
    assert_eq!(at(&g), (3, 3));
}

#[test]
fn duplicate_contract_id() {
    let text = base_with("(id: \"hosting\"", "(id: \"use\"");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "duplicate-id");
    assert_eq!(at(&g), locate(&text, "\"use\"", 1));
    assert_eq!(at(&g), (12, 14));
    assert!(g.message.contains("contract"), "{}", g.message);
}

#[test]
fn duplicate_default_contract_id() {
    // Two contracts without ids between the same parties get the same default id.
    let text = base_with(
        "(id: \"hosting\", client: \"acme\", contractor: \"iaas\", kind: Infrastructure, security_terms: true),",
        "(client: \"acme\", contractor: \"iaas\", kind: Infrastructure),\n        (client: \"acme\", contractor: \"iaas\", kind: Operation),",
    );
    let g = one("m.ron", &text);
    assert_eq!(g.code, "duplicate-id");
    assert!(g.message.contains("acme->iaas"), "{}", g.message);
    assert_eq!(at(&g), (13, 9));
}

#[test]
fn typo_in_party_id_inside_a_contract() {
    let text = base_with("contractor: \"acme\"", "contractor: \"acmee\"");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-reference");
    assert_eq!(at(&g), (11, 53));
    assert_eq!(at(&g), locate(&text, "\"acmee\"", 0));
    assert_eq!(g.message, "unknown party \"acmee\" in contract \"use\"");
    assert_eq!(g.help.as_deref(), Some("did you mean \"acme\"?"));
}

#[test]
fn typo_in_party_id_of_a_contract_without_id() {
    let text = base_with(
        "(id: \"hosting\", client: \"acme\", contractor: \"iaas\"",
        "(client: \"acme\", contractor: \"iass\"",
    );
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-reference");
    assert_eq!(at(&g), locate(&text, "\"iass\"", 0));
    // The contract is named by its default id.
    assert!(g.message.contains("acme->iass"), "{}", g.message);
    assert_eq!(g.help.as_deref(), Some("did you mean \"iaas\"?"));
}

#[test]
fn self_contract() {
    let text = base_with("contractor: \"iaas\"", "contractor: \"acme\"");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "self-contract");
    assert_eq!(at(&g), (12, 53));
    assert!(g.message.contains("\"hosting\""), "{}", g.message);
    assert!(g.help.is_some());
}

#[test]
fn invalid_dates() {
    let text = base_with("\"2032-03-31\"", "\"2030-02-30\"");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "invalid-date");
    assert_eq!(at(&g), (4, 16));
    assert!(g.message.contains("no such day"), "{}", g.message);

    let text = base_with("\"2032-03-31\"", "\"2030/01/01\"");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "invalid-date");
    assert_eq!(at(&g), (4, 16));
    assert!(g.message.contains("YYYY-MM-DD"), "{}", g.message);

    let text = base_with("\"2032-03-31\"", "\"2030-13-01\"");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "invalid-date");
    assert!(g.message.contains("month"), "{}", g.message);

    // 2028 is a leap year, 2100 is not.
    parse_model(
        "m.ron",
        &base_with("\"2032-03-31\"", "\"2028-02-29\""),
        &Catalog::builtin(),
    )
    .unwrap();
    let g = one("m.ron", &base_with("\"2032-03-31\"", "\"2100-02-29\""));
    assert_eq!(g.code, "invalid-date");
}

#[test]
fn qualifier_a_role_cannot_take() {
    let text = base_with(
        "kind: Infrastructure,",
        "kind: Infrastructure, roles: [Developer(Infra)],",
    );
    let g = one("m.ron", &text);
    assert_eq!(g.code, "invalid-qualifier");
    assert_eq!(at(&g), locate(&text, "Developer(Infra)", 0));
    assert!(g.message.contains("Developer"), "{}", g.message);
    assert!(g.help.unwrap().contains("Supplier and Operator"));

    let g = one(
        "m.json",
        r#"{"name": "x", "parties": {"a": {"name": "A", "division": "Customer",
           "roles": [{"role": "Customer", "qualifier": "Infra"}]}}}"#,
    );
    assert_eq!(g.code, "invalid-qualifier");
    assert_eq!(at(&g), (2, 22));
}
