//! Syntax errors in RON, JSON and YAML, and nesting too deep to read, at their line and column.

use super::*;

#[test]
fn syntax_error_in_ron() {
    // A missing comma between two fields.
    let text = base_with("software: Service,", "software: Service");
    let g = one("m.ron", &text);
    assert_eq!(g.code, "syntax");
    // Reported at the token where the comma was expected: `use_until` on line 4.
    assert_eq!(at(&g), (4, 5));
    assert!(g.message.contains("`,`"), "{}", g.message);
    assert!(g.message.contains("use_until"), "{}", g.message);
}

#[test]
fn unterminated_string_in_ron() {
    let text = "(\n    name: \"Clinic,\n)\n";
    let g = one("m.ron", text);
    assert_eq!(g.code, "syntax");
    assert_eq!(at(&g), (2, 11));
    assert!(g.message.contains("unterminated"), "{}", g.message);
}

#[test]
fn syntax_error_in_json() {
    let text = "{\n  \"name\": \"x\",\n  \"parties\": {\n    \"a\": {\"name\": \"A\" \"division\": \"Provider\"}\n  }\n}\n";
    let g = one("m.json", text);
    assert_eq!(g.code, "syntax");
    assert_eq!(at(&g), (4, 23));
    assert_eq!(at(&g), locate(text, "\"division\"", 0));
}

#[test]
fn trailing_comma_in_json() {
    let text = "{\n  \"name\": \"x\",\n  \"parties\": {},\n}\n";
    let g = one("m.json", text);
    assert_eq!(g.code, "syntax");
    // At the comma, named as such (more in `hints`).
    assert_eq!(at(&g), (3, 16));
}

#[test]
fn syntax_error_in_yaml() {
    // An unclosed flow sequence.
    let text =
        "name: x\nparties:\n  a: {name: A, division: Provider}\ncontracts: [\n  {client: a\n";
    let g = one("m.yaml", text);
    assert_eq!(g.code, "syntax");
    assert!(g.message.starts_with("invalid YAML"), "{}", g.message);
    // At the end of the file, where the closing `}` and `]` were still expected.
    assert_eq!(at(&g), (6, 1));
    assert!(g.message.contains("flow mapping"), "{}", g.message);
}

#[test]
fn bad_indentation_in_yaml() {
    let text = "name: x\nparties:\n  a:\n    name: A\n   division: Provider\n";
    let g = one("m.yml", text);
    assert_eq!(g.code, "syntax");
    assert_eq!(at(&g), (5, 4));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let n = 100_000;
    let ron = format!(
        "(name: \"x\", parties: {{}}, contracts: {}{})",
        "[".repeat(n),
        "]".repeat(n)
    );
    let g = one("deep.ron", &ron);
    assert_eq!(g.code, "too-deep");
    assert_eq!(g.line, 1);

    let json = format!(
        "{{\"name\": \"x\", \"parties\": {}{}}}",
        "[".repeat(n),
        "]".repeat(n)
    );
    let g = one("deep.json", &json);
    assert_eq!(g.code, "too-deep");
    assert_eq!(g.line, 1);

    // Deep flow-style YAML may be stopped by the YAML reader's own recursion limit first
    // (reported as a syntax error); either way it is a diagnostic on line 2, not a crash.
    let yaml = format!("name: x\nparties: {}{}\n", "[".repeat(n), "]".repeat(n));
    let g = one("deep.yaml", &yaml);
    assert!(
        g.code == "too-deep" || (g.code == "syntax" && g.message.contains("recursion")),
        "{g:?}"
    );
    assert_eq!(g.line, 2);

    // Block-style YAML nesting, one level per line.
    let mut yaml = String::from("name: x\nparties:\n");
    for i in 0..200 {
        yaml.push_str(&" ".repeat(2 * (i + 1)));
        yaml.push_str(&format!("k{i}:\n"));
    }
    let g = one("deep2.yaml", &yaml);
    assert_eq!(g.code, "too-deep");
}
