//! `--catalog FILE`: checked as strictly as a model, with the nearest valid name, and driving
//! `check`, the assignments and `catalog`.

use super::*;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/catalogs/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Every problem of a broken catalog fixture, and their English messages.
fn problems(name: &str) -> (Vec<Problem>, String) {
    let path = fixture(name);
    let d: FileDiagnostics = match load_catalog_file(&path, DEFAULT_MAX_SIZE) {
        Ok(_) => panic!("{name} loaded, but it is broken"),
        Err(d) => d,
    };
    assert_eq!(d.file.name(), path);
    let v = d
        .diagnostics
        .iter()
        .map(|x| {
            let p = d.position(x);
            (x.problem.code(), p.line, p.column, x.problem.help(Lang::En))
        })
        .collect();
    let messages = d
        .diagnostics
        .iter()
        .map(|x| x.problem.message(Lang::En))
        .collect::<Vec<_>>()
        .join("\n");
    (v, messages)
}

/// Line and column of the first occurrence of `needle` in a fixture.
fn locate(name: &str, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let off = text.find(needle).unwrap();
    let before = &text[..off];
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        text[start..off].chars().count() + 1,
    )
}

#[test]
fn small_catalog_loads() {
    let c = load_catalog_file(&fixture("small.ron"), DEFAULT_MAX_SIZE).unwrap();
    assert_eq!(c.id, "test-catalog");
    assert_eq!(c.requirements.len(), 3);
    assert_eq!(
        c.all_ids(),
        ["(1)-1", "S(1)-1.1", "S(1)-1.2", "(1)-2", "(6)-1"]
    );
    assert_eq!(c.requirements[0].items[1].package, Package::Standard);
    // The requirement without `package` is in the mandatory package, as our reading.
    assert_eq!(c.requirements[1].package, Some(Package::Mandatory));
    assert!(
        matches!(&c.requirements[1].package_source, Some(Source::Inferred(t)) if t.en.contains("states no package for (1)-2")),
        "{:?}",
        c.requirements[1].package_source
    );
    // The requirement covered by its items has no package of its own.
    assert_eq!(c.requirements[0].package, None);
    // It cites `Seed` without listing it: the slides are listed for it.
    assert_eq!(c.sources[0].tag, "seed");
    assert!(c.unlisted_citations().is_empty());
    assert!(
        matches!(&c.requirements[0].roles_source, Source::Inferred(t) if t.ja == "テスト用の解釈")
    );
}

#[test]
fn catalog_unknown_field_with_a_typo() {
    let (v, _) = problems("unknown-field.ron");
    // `roles` is then missing as well; that is reported at the requirement's opening bracket.
    let codes: Vec<(&str, usize, usize)> = v.iter().map(|x| (x.0, x.1, x.2)).collect();
    assert_eq!(codes, [("missing-field", 28, 9), ("unknown-field", 32, 13)]);
    assert_eq!((v[1].1, v[1].2), locate("unknown-field.ron", "rolse"));
    assert_eq!(v[1].3.as_deref(), Some("did you mean \"roles\"?"));
}

#[test]
fn catalog_unknown_role() {
    let (v, msg) = problems("unknown-role.ron");
    assert_eq!(v.len(), 1, "{msg}");
    assert_eq!((v[0].0, v[0].1, v[0].2), ("unknown-variant", 32, 21));
    assert_eq!((v[0].1, v[0].2), locate("unknown-role.ron", "Operater"));
    assert_eq!(v[0].3.as_deref(), Some("did you mean \"Operator\"?"));
}

#[test]
fn catalog_web_tag_not_in_sources() {
    let (v, msg) = problems("unknown-web-tag.ron");
    assert_eq!(v.len(), 1, "{msg}");
    assert_eq!((v[0].0, v[0].1, v[0].2), ("unknown-reference", 24, 123));
    assert_eq!((v[0].1, v[0].2), locate("unknown-web-tag.ron", "\"T, U\""));
    assert!(msg.contains("\"U\""), "{msg}");
}

#[test]
fn catalog_duplicate_requirement_id() {
    let (v, msg) = problems("duplicate-requirement.ron");
    assert_eq!(v.len(), 1, "{msg}");
    assert_eq!((v[0].0, v[0].1, v[0].2), ("duplicate-id", 38, 17));
    assert!(msg.contains("\"(1)-2\""), "{msg}");
}

#[test]
fn catalog_plain_string_title() {
    let (v, msg) = problems("plain-title.ron");
    assert_eq!(v.len(), 1, "{msg}");
    assert_eq!((v[0].0, v[0].1, v[0].2), ("wrong-type", 31, 20));
    assert_eq!(
        (v[0].1, v[0].2),
        locate("plain-title.ron", "\"Monitoring\"")
    );
    assert!(
        v[0].3.as_deref().unwrap().contains("both languages"),
        "{:?}",
        v[0].3
    );
    // The message must not offer a plain string as valid while rejecting one.
    assert!(
        !msg.starts_with("expected a string or"),
        "self-contradictory message: {msg}"
    );
}

fn rolemap() -> Command {
    let mut c = Command::cargo_bin("rolemap").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    c
}

#[test]
fn cli_check_with_a_broken_catalog_exits_2() {
    for (name, pos) in [
        ("unknown-role.ron", "32:21"),
        ("unknown-field.ron", "32:13"),
        ("unknown-web-tag.ron", "24:123"),
        ("duplicate-requirement.ron", "38:17"),
        ("plain-title.ron", "31:20"),
    ] {
        let rel = format!("tests/fixtures/catalogs/{name}");
        let out = rolemap()
            .args(["check", "models/product.ron", "--catalog", &rel])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(&format!("{rel}:{pos}")),
            "{name}: file and position not named:\n{stderr}"
        );
        assert!(out.stdout.is_empty(), "{name}: output on stdout");
    }
}

fn check_json(model: &str, catalog: &str) -> (i32, serde_json::Value) {
    let out = rolemap()
        .args([
            "check",
            model,
            "--catalog",
            catalog,
            "--format",
            "json",
            "--today",
            "2026-11-25",
        ])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, v)
}

#[test]
fn cli_check_with_a_custom_catalog() {
    let catalog = "tests/fixtures/catalogs/small.ron";
    let (code, v) = check_json("models/product.ron", catalog);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["schema"], "rolemap/check/v1");
    assert_eq!(v["catalog"]["id"], "test-catalog");
    assert_eq!(v["catalog"]["file"], catalog);
    let allocations = v["allocations"].as_array().unwrap();
    let reqs: BTreeSet<&str> = allocations
        .iter()
        .map(|a| a["requirement"].as_str().unwrap())
        .collect();
    assert_eq!(reqs, ["(1)-1", "(1)-2", "(6)-1"].into());
    let units: Vec<(&str, &str)> = allocations
        .iter()
        .map(|a| {
            (
                a["item"].as_str().or(a["requirement"].as_str()).unwrap(),
                a["role"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        units,
        [
            ("S(1)-1.1", "developer"),
            ("S(1)-1.2", "developer"),
            ("(1)-2", "operator"),
            ("(6)-1", "customer"),
        ]
    );
    for a in allocations {
        assert_eq!(a["status"], "assigned", "{a:#}");
    }
    // Only the customer-operates notice.
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["customer-operates"]);

    // The same catalog finds the hospital's missing operator lead: exit 1.
    let (code, v) = check_json("models/municipal-hospital.ron", catalog);
    assert_eq!(code, 1);
    let no_lead: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "no-lead")
        .collect();
    assert_eq!(no_lead.len(), 1, "{no_lead:#?}");
    assert_eq!(no_lead[0]["requirement"], "(1)-2");
    assert_eq!(no_lead[0]["scope"], "medical devices");
}

#[test]
fn model_assignments_are_checked_against_the_catalog_in_use() {
    // ministry-benefits assigns S(1)-4.4, which the small catalog does not have.
    let out = rolemap()
        .args([
            "check",
            "models/ministry-benefits.ron",
            "--catalog",
            "tests/fixtures/catalogs/small.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("models/ministry-benefits.ron:"), "{stderr}");
    assert!(stderr.contains("S(1)-4.4"), "{stderr}");
}

#[test]
fn cli_catalog_lists_a_custom_catalog() {
    let out = rolemap()
        .args([
            "catalog",
            "--catalog",
            "tests/fixtures/catalogs/small.ron",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "test-catalog");
    let out = rolemap()
        .args([
            "catalog",
            "--catalog",
            "tests/fixtures/catalogs/unknown-role.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
