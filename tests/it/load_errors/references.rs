//! Assignments and waivers that name what the model or the catalog lacks.

use super::*;

fn with_tail(tail: &str) -> String {
    base_with("    ],\n)", &format!("    ],\n{tail}\n)"))
}

#[test]
fn assignment_naming_an_unknown_requirement() {
    let text = with_tail("    assign: [(requirement: \"S(1)-4.9\", party: \"iaas\")],");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-reference");
    assert_eq!(at(&g), (14, 28));
    assert_eq!(at(&g), locate(&text, "\"S(1)-4.9\"", 0));
    assert!(g.message.contains("S(1)-4.9"), "{}", g.message);
    assert!(g.help.unwrap().starts_with("did you mean \"S(1)-4."));
}

#[test]
fn assignment_naming_an_unknown_party() {
    let text = with_tail("    assign: [(requirement: \"S(1)-4.4\", party: \"iaaz\")],");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-reference");
    assert_eq!(at(&g), locate(&text, "\"iaaz\"", 0));
    assert_eq!(g.help.as_deref(), Some("did you mean \"iaas\"?"));
}

#[test]
fn assignment_of_a_multi_role_requirement_without_role() {
    let text = with_tail("    assign: [(requirement: \"(2)-2\", party: \"acme\")],");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "ambiguous-role");
    assert_eq!(at(&g), (14, 14));
    assert!(g.message.contains("(2)-2"), "{}", g.message);
    // With the role it loads.
    parse_model(
        "m.ron",
        &with_tail("    assign: [(requirement: \"(2)-2\", party: \"acme\", role: Supplier)],"),
        &Catalog::builtin(),
    )
    .unwrap();
}

#[test]
fn assignment_with_a_role_the_requirement_does_not_have() {
    let text =
        with_tail("    assign: [(requirement: \"(1)-2\", party: \"acme\", role: Customer)],");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "role-not-applicable");
    assert_eq!(at(&g), locate(&text, "Customer)]", 0));
}

#[test]
fn waiver_naming_an_unknown_code() {
    let text = with_tail(
        "    waivers: [(code: \"no-securty-terms\", reason: \"r\", until: \"2030-01-01\")],",
    );
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-variant");
    assert_eq!(at(&g), (14, 22));
    assert_eq!(
        g.help.as_deref(),
        Some("did you mean \"no-security-terms\"?")
    );
}

#[test]
fn waiver_naming_an_unknown_contract() {
    let text = with_tail(
        "    waivers: [(code: \"no-security-terms\", contract: \"hostng\", reason: \"r\", until: \"2030-01-01\")],",
    );
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-reference");
    assert_eq!(at(&g), locate(&text, "\"hostng\"", 0));
    assert!(g.message.contains("contract \"hostng\""), "{}", g.message);
    assert_eq!(g.help.as_deref(), Some("did you mean \"hosting\"?"));
}

#[test]
fn waiver_naming_an_unknown_party() {
    let text = with_tail(
        "    waivers: [(code: \"orphan-party\", party: \"hospitl\", reason: \"r\", until: \"2030-01-01\")],",
    );
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-reference");
    assert_eq!(at(&g), locate(&text, "\"hospitl\"", 0));
    assert_eq!(g.help.as_deref(), Some("did you mean \"hospital\"?"));
}

#[test]
fn waiver_naming_an_unknown_requirement() {
    let text = with_tail(
        "    waivers: [(code: \"no-lead\", requirement: \"(7)-1\", reason: \"r\", until: \"2030-01-01\")],",
    );
    let g = one("m.ron", &text);
    assert_eq!(g.code, "unknown-reference");
    assert_eq!(at(&g), locate(&text, "\"(7)-1\"", 0));
    assert!(g.message.contains("(7)-1"), "{}", g.message);
}

#[test]
fn waiver_with_an_empty_reason() {
    let text =
        with_tail("    waivers: [(code: \"no-lead\", reason: \"  \", until: \"2030-01-01\")],");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "empty-string");
    assert_eq!(at(&g), locate(&text, "\"  \"", 0));
    assert!(g.message.contains("`reason`"), "{}", g.message);
}

#[test]
fn waiver_without_until() {
    let text = with_tail("    waivers: [(code: \"no-lead\", reason: \"r\")],");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "missing-field");
    assert!(g.message.contains("`until`"), "{}", g.message);
    assert_eq!(at(&g), (14, 15));
}
