//! Files that cannot be models (too large, not UTF-8, unknown extension, missing), and many
//! problems of one file reported at once in file order.

use super::*;

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
