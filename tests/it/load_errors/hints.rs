//! Common slips get their own message and hint (issue 12, item 6): a JSON trailing comma, an
//! unquoted date, a YAML 1.1 boolean, a tab in YAML indentation; and a repeated contract id is
//! reported together with the other problems. Each through the library and the CLI (exit 2,
//! `file:line:column`, English and Japanese).

use rolemap::Catalog;
use rolemap::load::parse_model;

use super::{BASE, at, base_with, errors, locate, one, rolemap, write_temp};

/// Run `rolemap [--lang ja] check NAME` on `text`; exit code 2 and the stderr.
fn cli(name: &str, text: &str, ja: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    write_temp(&dir, name, text.as_bytes());
    let mut c = rolemap(dir.path());
    if ja {
        c.args(["--lang", "ja"]);
    }
    let out = c.args(["check", name]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{name}");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

/// The CLI in both languages names `name:line:column` and says each of `en` / `ja`.
fn cli_says(name: &str, text: &str, (line, col): (usize, usize), en: &[&str], ja: &[&str]) {
    let place = format!("{name}:{line}:{col}");
    for (is_ja, wanted) in [(false, en), (true, ja)] {
        let stderr = cli(name, text, is_ja);
        assert!(stderr.contains(&place), "{place} missing:\n{stderr}");
        for w in wanted {
            assert!(stderr.contains(w), "{w:?} missing:\n{stderr}");
        }
    }
}

#[test]
fn json_trailing_comma_is_named_at_the_comma() {
    let text = "{\n  \"name\": \"x\",\n  \"parties\": {},\n}\n";
    let g = one("m.json", text);
    assert_eq!(g.code, "syntax");
    assert_eq!(at(&g), (3, 16));
    assert_eq!(g.message, "trailing comma before `}`");
    assert!(
        g.help.as_deref().unwrap().contains("remove the comma"),
        "{g:?}"
    );
    // In a list too.
    let list = "{\"name\": \"x\", \"parties\": {}, \"contracts\": [1, ]}";
    let g = one("m.json", list);
    assert_eq!(g.message, "trailing comma before `]`");
    assert_eq!(at(&g), (1, 45));
    cli_says(
        "m.json",
        text,
        (3, 16),
        &["trailing comma before `}`"],
        &[
            "`}` の直前に余分なカンマがあります",
            "カンマを削除してください",
        ],
    );
}

#[test]
fn unquoted_ron_date_gets_the_hint_to_quote_it() {
    let text = base_with("use_until: \"2032-03-31\"", "use_until: 2032-03-31");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "syntax");
    assert_eq!(at(&g), locate(&text, "2032-03-31", 0));
    assert_eq!(at(&g), (4, 16));
    assert!(!g.message.contains("expected `,`"), "{}", g.message);
    assert_eq!(
        g.help.as_deref(),
        Some("write dates in quotes: \"2032-03-31\"")
    );
    // A contract's `until`, the case of the issue.
    let text = base_with(
        "kind: Service, security_terms: true)",
        "kind: Service, security_terms: true, until: 2027-03-31)",
    );
    let g = one("m.ron", &text);
    assert_eq!(at(&g), locate(&text, "2027-03-31", 0));
    assert_eq!(
        g.help.as_deref(),
        Some("write dates in quotes: \"2027-03-31\"")
    );
    // JSON too.
    let json = "{\"name\": \"x\", \"use_until\": 2030-01-01, \"parties\": {}}";
    let g = one("m.json", json);
    assert_eq!(at(&g), (1, 28));
    assert_eq!(
        g.help.as_deref(),
        Some("write dates in quotes: \"2030-01-01\"")
    );
    // A plain number is still a number.
    assert!(
        errors(
            "m.ron",
            &BASE.replace("software: Service,", "software: 2027,")
        )
        .iter()
        .all(|g| g.code != "syntax")
    );
    cli_says(
        "m.ron",
        &text,
        locate(&text, "2027-03-31", 0),
        &["write dates in quotes: \"2027-03-31\""],
        &[
            "日付は引用符で囲んでください: \"2027-03-31\"",
            "引用符で囲まれていません",
        ],
    );
}

const YAML: &str =
    "name: x\nparties:\n  a:\n    name: A\n    division: Customer\n    operates: true\n";

#[test]
fn yaml_1_1_boolean_says_no_quotes_and_hints_true_or_false() {
    parse_model("m.yaml", YAML, &Catalog::builtin()).unwrap();
    for (word, b) in [
        ("yes", "true"),
        ("no", "false"),
        ("on", "true"),
        ("Off", "false"),
    ] {
        let text = YAML.replace("operates: true", &format!("operates: {word}"));
        let g = one("m.yaml", &text);
        assert_eq!(g.code, "wrong-type");
        assert_eq!(at(&g), (6, 15));
        assert_eq!(g.message, "expected true or false, found a string");
        assert!(!g.message.contains("quotes"), "{}", g.message);
        let help = g.help.unwrap();
        assert!(help.starts_with(&format!("write {b}")), "{help}");
        assert!(help.contains(&format!("`{word}`")), "{help}");
    }
    let text = YAML.replace("operates: true", "operates: yes");
    cli_says(
        "m.yaml",
        &text,
        (6, 15),
        &["found a string", "write true"],
        &["true と書いてください", "YAML 1.2"],
    );
    let stderr = cli("m.yaml", &text, false);
    assert!(!stderr.contains("double quotes"), "{stderr}");
}

#[test]
fn yaml_tab_in_indentation_says_indent_with_spaces() {
    let text = YAML.replace("    division", "\tdivision");
    let g = one("m.yaml", &text);
    assert_eq!(g.code, "syntax", "{g:?}");
    assert_eq!(at(&g), (5, 1), "{g:?}");
    assert_eq!(g.help.as_deref(), Some("indent with spaces, not tabs"));
    cli_says(
        "m.yaml",
        &text,
        (5, 1),
        &["a tab in the indentation", "indent with spaces, not tabs"],
        &["インデントにはタブではなくスペースを使ってください"],
    );
}

#[test]
fn duplicate_contract_id_is_reported_with_the_other_problems() {
    // The second "use" has an unknown contractor as well: both are reported at once.
    let text = base_with(
        "(id: \"hosting\", client: \"acme\", contractor: \"iaas\"",
        "(id: \"use\", client: \"acme\", contractor: \"iaaas\"",
    );
    let v = errors("m.ron", &text);
    let codes: Vec<(&str, (usize, usize))> = v.iter().map(|g| (g.code, at(g))).collect();
    assert_eq!(
        codes,
        [
            ("duplicate-id", locate(&text, "\"use\"", 1)),
            ("unknown-reference", locate(&text, "\"iaaas\"", 0)),
        ]
    );
    assert!(v[0].message.contains("contract"), "{}", v[0].message);
    // And a broken first contract still counts as the first of its id.
    let text = base_with(
        "kind: Service, security_terms",
        "kind: Servic, security_terms",
    );
    let text = text.replace("(id: \"hosting\"", "(id: \"use\"");
    let v = errors("m.ron", &text);
    let codes: Vec<&str> = v.iter().map(|g| g.code).collect();
    assert_eq!(codes, ["unknown-variant", "duplicate-id"]);
    cli_says(
        "m.ron",
        &text,
        locate(&text, "\"use\"", 1),
        &["duplicate contract id \"use\"", "Servic"],
        &["が重複しています", "Servic"],
    );
}

#[test]
fn yaml_expected_string_names_no_quotes() {
    // A list where a string is due: YAML takes a plain scalar, so the expected side must not
    // ask for double quotes that YAML does not need (issue 12, item 6).
    let text = format!("{YAML}contracts:\n  - id: [u]\n");
    for ja in [false, true] {
        let stderr = cli("m.yaml", &text, ja);
        assert!(stderr.contains("m.yaml:8:9"), "{stderr}");
        assert!(!stderr.contains("double quotes"), "{stderr}");
        assert!(!stderr.contains("二重引用符"), "{stderr}");
    }
    let stderr = cli("m.yaml", &text, false);
    assert!(
        stderr.contains("expected a string, found a list"),
        "{stderr}"
    );
}
