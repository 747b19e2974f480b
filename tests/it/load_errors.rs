//! Bad input: every class of load error is reported with its code, its 1-based line and
//! column, and the nearest valid name; all problems of a file at once; and the CLI exits 2
//! without writing anything.

use std::path::Path;

use assert_cmd::Command;
use rolemap::Catalog;
use rolemap::i18n::Lang;
use rolemap::load::diagnostics::FileDiagnostics;
use rolemap::load::{DEFAULT_MAX_SIZE, load_model, parse_model};

mod hints;

/// A small valid model. Tests replace one fragment of it to break one thing.
const BASE: &str = r#"(
    name: "Clinic",
    software: Service,
    use_until: "2032-03-31",
    parties: {
        "hospital": (name: "City Hospital", division: Customer, operates: true),
        "acme": (name: "ACME Cloud KK", division: Provider),
        "iaas": (name: "Example IaaS", division: Provider),
    },
    contracts: [
        (id: "use", client: "hospital", contractor: "acme", kind: Service, security_terms: true),
        (id: "hosting", client: "acme", contractor: "iaas", kind: Infrastructure, security_terms: true),
    ],
)
"#;

/// One reported problem: code, line, column, English message and help.
#[derive(Debug, Clone, PartialEq)]
struct Got {
    code: &'static str,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
}

fn flatten(d: &FileDiagnostics) -> Vec<Got> {
    d.diagnostics
        .iter()
        .map(|x| {
            let p = d.position(x);
            Got {
                code: x.problem.code(),
                line: p.line,
                column: p.column,
                message: x.problem.message(Lang::En),
                help: x.problem.help(Lang::En),
            }
        })
        .collect()
}

/// Load `text` as a file called `name`; it must fail.
fn errors(name: &str, text: &str) -> Vec<Got> {
    match parse_model(name, text, &Catalog::builtin()) {
        Ok(_) => panic!("{name} loaded, but it is broken:\n{text}"),
        Err(d) => flatten(&d),
    }
}

/// The single problem of a broken file.
fn one(name: &str, text: &str) -> Got {
    let v = errors(name, text);
    assert_eq!(v.len(), 1, "expected one problem, got {v:#?}\n{text}");
    v.into_iter().next().unwrap()
}

/// The base model with `from` replaced by `to` (which must occur exactly once).
fn base_with(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "{from:?} is not unique in BASE"
    );
    BASE.replacen(from, to, 1)
}

/// 1-based line and character column of the `nth` (0-based) occurrence of `needle`.
fn locate(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let off = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the text"))
        .0;
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..off].chars().count() + 1)
}

fn at(g: &Got) -> (usize, usize) {
    (g.line, g.column)
}

#[test]
fn base_model_is_valid() {
    parse_model("base.ron", BASE, &Catalog::builtin()).unwrap();
}

// ---- syntax ----------------------------------------------------------------------------------

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

// ---- structure -------------------------------------------------------------------------------

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

// ---- assignments and waivers -----------------------------------------------------------------

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

// ---- files -----------------------------------------------------------------------------------

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

fn load_err(path: &str, max_size: u64) -> Vec<Got> {
    match load_model(path, &Catalog::builtin(), max_size) {
        Ok(_) => panic!("{path} loaded"),
        Err(d) => {
            assert_eq!(d.file.name(), path);
            flatten(&d)
        }
    }
}

#[test]
fn file_over_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "big.ron", BASE.as_bytes());
    // The file loads under the default limit and fails under a smaller one.
    load_model(&path, &Catalog::builtin(), DEFAULT_MAX_SIZE).unwrap();
    let v = load_err(&path, 100);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].code, "too-large");
    assert_eq!(at(&v[0]), (1, 1));
    assert!(v[0].message.contains("100 bytes"), "{}", v[0].message);
    assert!(v[0].help.as_deref().unwrap().contains("--max-size"));
    // Exactly at the limit is fine.
    load_model(&path, &Catalog::builtin(), BASE.len() as u64).unwrap();
}

#[test]
fn non_utf8_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = BASE.as_bytes().to_vec();
    // Latin-1 "é" inside the model name on line 2.
    let at_name = BASE.find("Clinic").unwrap() + 2;
    bytes[at_name] = 0xE9;
    let path = write_temp(&dir, "latin1.ron", &bytes);
    let v = load_err(&path, DEFAULT_MAX_SIZE);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].code, "not-utf8");
    assert_eq!(at(&v[0]), (2, 14));
    assert!(v[0].message.contains(&format!("offset {at_name}")));
}

#[test]
fn unknown_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "model.toml", BASE.as_bytes());
    let v = load_err(&path, DEFAULT_MAX_SIZE);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].code, "unknown-format");
    assert!(v[0].message.contains("`toml`"), "{}", v[0].message);
    assert!(v[0].help.as_deref().unwrap().contains(".yaml"));
}

#[test]
fn missing_file_and_folder() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.ron").to_string_lossy().into_owned();
    assert_eq!(load_err(&missing, DEFAULT_MAX_SIZE)[0].code, "io");
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    assert_eq!(
        load_err(&folder.to_string_lossy(), DEFAULT_MAX_SIZE)[0].code,
        "io"
    );
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

#[test]
fn many_problems_are_reported_at_once_in_file_order() {
    let text = r#"(
    name: "Clinic",
    software: Servce,
    parties: {
        "hospital": (name: "City Hospital", division: Customer, operates: true),
        "acme": (name: "ACME Cloud KK", division: Provider, operats: true),
    },
    contracts: [
        (id: "use", client: "hospital", contractor: "acmee", kind: Service),
        (id: "dev", client: "acme", contractor: "hospital", kind: Development, support_until: "2030-02-30"),
        (id: "self", client: "acme", contractor: "acme", kind: Sales),
    ],
)
"#;
    let v = errors("m.ron", text);
    let summary: Vec<(&str, usize, usize)> = v.iter().map(|g| (g.code, g.line, g.column)).collect();
    assert_eq!(
        summary,
        [
            ("unknown-variant", 3, 15),
            ("unknown-field", 6, 61),
            ("unknown-reference", 9, 53),
            ("invalid-date", 10, 95),
            ("self-contract", 11, 50),
        ]
    );
    assert_eq!(v[0].help.as_deref(), Some("did you mean \"Service\"?"));
    assert_eq!(v[1].help.as_deref(), Some("did you mean \"operates\"?"));
    assert_eq!(v[2].help.as_deref(), Some("did you mean \"acme\"?"));
}

#[test]
fn many_problems_in_json_too() {
    let text = r#"{
  "name": "x",
  "parties": {
    "a": {"name": "A", "division": "Provder"},
    "b": {"name": "B", "division": "Customer", "operates": "yes"}
  },
  "contracts": [
    {"client": "b", "contractor": "c", "kind": "Sales"},
    {"client": "b", "contractor": "a", "kind": "Sales", "support_until": "2030-1-1"}
  ]
}"#;
    let v = errors("m.json", text);
    let summary: Vec<(&str, usize, usize)> = v.iter().map(|g| (g.code, g.line, g.column)).collect();
    assert_eq!(
        summary,
        [
            ("unknown-variant", 4, 36),
            ("wrong-type", 5, 60),
            ("unknown-reference", 8, 35),
            ("invalid-date", 9, 74),
        ]
    );
    assert_eq!(at(&v[0]), locate(text, "\"Provder\"", 0));
    assert_eq!(at(&v[1]), locate(text, "\"yes\"", 0));
    assert_eq!(at(&v[2]), locate(text, "\"c\"", 0));
    assert_eq!(at(&v[3]), locate(text, "\"2030-1-1\"", 0));
    assert_eq!(v[0].help.as_deref(), Some("did you mean \"Provider\"?"));
}

// ---- the command line ------------------------------------------------------------------------

fn rolemap(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("rolemap").unwrap();
    c.current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    c
}

fn typo_model(dir: &tempfile::TempDir) -> String {
    write_temp(
        dir,
        "typo.ron",
        base_with("contractor: \"acme\"", "contractor: \"acmee\"").as_bytes(),
    );
    "typo.ron".to_string()
}

#[test]
fn cli_check_reports_the_typo_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let model = typo_model(&dir);
    let out = rolemap(dir.path())
        .args(["check", &model])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("typo.ron"), "{stderr}");
    assert!(stderr.contains("typo.ron:11:53"), "{stderr}");
    assert!(
        stderr.contains(
            "(id: \"use\", client: \"hospital\", contractor: \"acmee\", kind: Service, security_terms: true),"
        ),
        "the offending line is shown:\n{stderr}"
    );
    assert!(stderr.contains("acmee"), "{stderr}");
    assert!(stderr.contains("did you mean \"acme\""), "{stderr}");
    assert!(stderr.contains("contract \"use\""), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout for text output");
}

#[test]
fn cli_check_writes_nothing_on_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let model = typo_model(&dir);
    for format in ["text", "json", "sarif"] {
        let out = rolemap(dir.path())
            .args(["check", &model, "--format", format, "-o", "out.json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(
            !dir.path().join("out.json").exists(),
            "{format}: output written"
        );
    }
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["typo.ron"]);
}

#[test]
fn cli_check_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let model = typo_model(&dir);
    let out = rolemap(dir.path())
        .args(["--lang", "ja", "check", &model])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("typo.ron:11:53"), "{stderr}");
    assert!(stderr.contains("「acmee」"), "{stderr}");
    assert!(stderr.contains("「acme」 のことですか?"), "{stderr}");
    assert!(stderr.contains("契約「use」"), "{stderr}");
    assert!(stderr.contains("何も出力していません"), "{stderr}");
    // The language also comes from the environment.
    let out = rolemap(dir.path())
        .env("LANG", "ja_JP.UTF-8")
        .args(["check", &model])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("のことですか"), "{stderr}");
}

#[test]
fn cli_check_json_errors() {
    let dir = tempfile::tempdir().unwrap();
    let model = typo_model(&dir);
    let out = rolemap(dir.path())
        .args(["check", &model, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "rolemap/errors/v1");
    assert_eq!(v["file"], "typo.ron");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e["code"], "unknown-reference");
    assert_eq!(e["line"], 11);
    assert_eq!(e["column"], 53);
    assert_eq!(e["help"], "did you mean \"acme\"?");
    assert_eq!(e["message"], "unknown party \"acmee\" in contract \"use\"");
    assert!(e["source_line"].as_str().unwrap().contains("\"acmee\""));
    // People still see the problems on stderr, closed by what really happened.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("typo.ron:11:53"), "{stderr}");
    assert!(
        stderr.contains("no result was written, the problems are on standard output as JSON"),
        "{stderr}"
    );
    assert!(!stderr.contains("nothing was written"), "{stderr}");
}

#[test]
fn cli_refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "m.ron", BASE.as_bytes());
    let before = std::fs::read(&path).unwrap();
    for out in ["m.ron", "./m.ron"] {
        let o = rolemap(dir.path())
            .args(["check", "m.ron", "-o", out])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "-o {out}");
        let stderr = String::from_utf8(o.stderr).unwrap();
        assert!(stderr.contains("m.ron"), "{stderr}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "-o {out} changed the input"
        );
    }
    // A different output works.
    let o = rolemap(dir.path())
        .args(["check", "m.ron", "-o", "report.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(dir.path().join("report.txt").exists());
}

// ---- periods, components, consortia (issue 9) -------------------------------------------------

/// A valid model with every field of issue 9: periods, approval, components, a consortium
/// standing as a contractor.
const CHAIN: &str = r#"(
    name: "Chain",
    use_from: "2025-04-01",
    use_until: "2030-03-31",
    approval_required: true,
    parties: {
        "city": (name: "City", division: Customer),
        "a": (name: "A", division: Provider),
        "b": (name: "B", division: Provider),
    },
    components: [
        (id: "openssl", name: "OpenSSL", oss: true, version: "3.0", used_by: ["a", "b"]),
    ],
    consortia: [
        (id: "jv", name: "A-B JV", members: ["a", "b"], representative: "a",
         roles: {"b": [Operator(Lead)]}),
    ],
    contracts: [
        (id: "build", client: "city", contractor: "jv", kind: Development,
         from: "2025-04-01", until: "2027-03-31", approved: true),
    ],
)
"#;

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
