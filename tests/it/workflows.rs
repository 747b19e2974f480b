//! The commands around `check`: diff, portfolios, waive, export, schema, completions and man.
//! Golden output with insta (`INSTA_UPDATE=always cargo test --test it workflows::`, then review).

use std::path::Path;

use assert_cmd::Command;

const TODAY: &str = "2026-11-25";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn rolemap(args: &[&str]) -> Out {
    let out = Command::cargo_bin("rolemap")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    Out {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn golden(name: &str, args: &[&str]) -> Out {
    let o = rolemap(args);
    let text = format!("exit: {}\n{}", o.code, o.stdout);
    insta::with_settings!({ snapshot_suffix => name.to_string(), prepend_module_to_snapshot => false, omit_expression => true, description => args.join(" ") }, {
        insta::assert_snapshot!("workflow", text);
    });
    o
}

fn fits_80_columns(text: &str) {
    use unicode_width::UnicodeWidthStr;
    for line in text.lines() {
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }
}

const A: &str = "models/what-if/a.ron";
const B: &str = "models/what-if/b.ron";

#[test]
fn diff_of_the_what_if_pair() {
    let o = golden("diff-what-if", &["diff", A, B, "--today", TODAY]);
    assert_eq!(o.code, 0);
    assert!(o.stderr.is_empty());
    fits_80_columns(&o.stdout);
    let o = golden(
        "diff-what-if-ja",
        &["--lang", "ja", "diff", A, B, "--today", TODAY],
    );
    fits_80_columns(&o.stdout);
    golden(
        "diff-what-if-md",
        &["diff", A, B, "--today", TODAY, "-f", "md"],
    );
    let o = golden(
        "diff-what-if-json",
        &["diff", A, B, "--today", TODAY, "-f", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["schema"], "rolemap/diff/v1");
    assert_eq!(v["summary"]["introduced"], 2);
    // Back the other way, the findings are resolved and the waiver comes back.
    let o = golden("diff-what-if-reverse", &["diff", B, A, "--today", TODAY]);
    assert!(o.stdout.contains("Findings resolved (2)"));
    fits_80_columns(&o.stdout);
}

#[test]
fn diff_exit_codes_follow_fail_on_new() {
    let code = |extra: &[&str]| {
        let mut args = vec!["diff", A, B, "--today", TODAY];
        args.extend_from_slice(extra);
        rolemap(&args).code
    };
    assert_eq!(code(&[]), 0);
    assert_eq!(code(&["--fail-on-new", "never"]), 0);
    // B introduces two warnings and no error.
    assert_eq!(code(&["--fail-on-new", "error"]), 0);
    assert_eq!(code(&["--fail-on-new", "warning"]), 1);
    // Going back introduces nothing.
    assert_eq!(
        rolemap(&["diff", B, A, "--today", TODAY, "--fail-on-new", "warning"]).code,
        0
    );
}

#[test]
fn diff_of_a_model_with_itself_and_of_bad_input() {
    let o = rolemap(&["diff", A, A, "--today", TODAY]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("No changes"), "{}", o.stdout);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(name: \"x\", parties: {}, contracts: [(kind: Sales)])",
    )
    .unwrap();
    let o = rolemap(&["diff", A, bad.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(o.stdout.is_empty());
    assert!(o.stderr.contains("missing"), "{}", o.stderr);
}

#[test]
fn diff_shows_waiver_changes_apart() {
    // Removing the waiver of ministry-benefits makes its finding active again.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ministry-benefits.ron"),
    )
    .unwrap();
    let start = text.find("    waivers: [").unwrap();
    let end = text[start..].find("    ],\n").unwrap() + start + "    ],\n".len();
    let unwaived = format!("{}{}", &text[..start], &text[end..]);
    let path = dir.path().join("unwaived.ron");
    std::fs::write(&path, unwaived).unwrap();
    let o = rolemap(&[
        "diff",
        "models/ministry-benefits.ron",
        path.to_str().unwrap(),
        "--today",
        TODAY,
        "--fail-on-new",
        "warning",
    ]);
    assert_eq!(o.code, 1, "a finding no longer waived is a new problem");
    assert!(o.stdout.contains("Waived findings"), "{}", o.stdout);
    assert!(
        o.stdout
            .contains("no longer waived: no-security-terms@pdf-engine"),
        "{}",
        o.stdout
    );
}

#[test]
fn portfolio_of_the_models_folder() {
    let o = golden("portfolio-models", &["check", "models", "--today", TODAY]);
    assert_eq!(o.code, 1, "municipal-hospital has errors");
    assert!(o.stderr.is_empty());
    fits_80_columns(&o.stdout);
    let o = golden(
        "portfolio-models-ja",
        &["--lang", "ja", "check", "models", "--today", TODAY],
    );
    fits_80_columns(&o.stdout);
    // A glob pattern gives the same models in the same order.
    let g = rolemap(&["check", "models/**/*.ron", "--today", TODAY]);
    assert_eq!(
        g.stdout,
        rolemap(&["check", "models", "--today", TODAY]).stdout
    );
    assert_eq!(
        rolemap(&["check", "models", "--today", TODAY, "--fail-on", "never"]).code,
        0
    );
}

#[test]
fn portfolio_json_and_details() {
    let o = golden(
        "portfolio-json",
        &[
            "check",
            "models/product.ron",
            "models/what-if",
            "--today",
            TODAY,
            "-f",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["schema"], "rolemap/portfolio/v1");
    assert_eq!(v["summary"]["models"], 3);
    assert!(v["models"][0].get("check").is_none());
    let o = rolemap(&[
        "check",
        "models/product.ron",
        "models/service.ron",
        "--today",
        TODAY,
        "-f",
        "json",
        "--details",
    ]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["models"][1]["check"]["schema"], "rolemap/check/v1");
    // Text details: the table, then each model's findings as `check` prints them.
    let o = rolemap(&[
        "check",
        "models/product.ron",
        "models/service.ron",
        "--today",
        TODAY,
        "--details",
    ]);
    let single = rolemap(&["check", "models/service.ron", "--today", TODAY]);
    assert!(o.stdout.ends_with(&single.stdout), "{}", o.stdout);
}

#[test]
fn portfolio_with_bad_input_reports_every_model_then_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a-broken.ron"),
        "(name: \"b\", parties: {\"a\": (name: \"A\", divison: Provider)})",
    )
    .unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/service.ron"),
        dir.path().join("b-service.ron"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a model").unwrap();
    let d = dir.path().to_str().unwrap();
    let o = rolemap(&["check", d, "--today", TODAY]);
    assert_eq!(o.code, 2);
    assert!(o.stdout.contains("bad input: 2 problems"), "{}", o.stdout);
    assert!(o.stdout.contains("b-service.ron"), "{}", o.stdout);
    assert!(!o.stdout.contains("notes.txt"));
    assert!(
        o.stderr.contains("did you mean \"division\""),
        "{}",
        o.stderr
    );
    // JSON carries the problems too.
    let o = rolemap(&["check", d, "--today", TODAY, "-f", "json"]);
    assert_eq!(o.code, 2);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["models"][0]["status"], "bad-input");
    assert_eq!(
        v["models"][0]["problems"]["errors"][1]["code"],
        "unknown-field"
    );
    assert_eq!(v["summary"]["bad_input"], 1);
    // A pattern that names nothing is a usage error.
    let o = rolemap(&["check", "models/*.nothing"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("names no model file"), "{}", o.stderr);
}

#[test]
fn portfolio_output_is_deterministic() {
    let args = ["check", "models", "--today", TODAY, "-f", "sarif"];
    let one = rolemap(&args).stdout;
    for _ in 0..3 {
        assert_eq!(rolemap(&args).stdout, one);
    }
}

#[test]
fn waive_prints_an_entry_that_works_when_pasted() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("b.ron");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(B), &model).unwrap();
    let before = std::fs::read(&model).unwrap();
    let m = model.to_str().unwrap();
    let o = golden(
        "waive-ron",
        &[
            "waive",
            B,
            "support-gap@operation",
            "--reason",
            "Support extension to 2032 under negotiation",
            "--owner",
            "prefecture",
            "--until",
            "2027-06-30",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(o.code, 0);
    assert!(o.stderr.contains("paste this entry"), "{}", o.stderr);
    let o = rolemap(&[
        "waive",
        m,
        "support-gap@operation",
        "--reason",
        "Support extension to 2032 under negotiation",
        "--owner",
        "prefecture",
        "--until",
        "2027-06-30",
        "--today",
        TODAY,
    ]);
    assert_eq!(
        std::fs::read(&model).unwrap(),
        before,
        "never edits the model"
    );
    // Paste it into the model's (new) waivers list.
    let text = String::from_utf8(before).unwrap();
    let pasted = text.replacen(
        "    ],\n)",
        &format!("    ],\n    waivers: [\n{}    ],\n)", o.stdout),
        1,
    );
    std::fs::write(&model, pasted).unwrap();
    let c = rolemap(&["check", m, "--today", TODAY, "-f", "json"]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    let v: serde_json::Value = serde_json::from_str(&c.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "support-gap@operation")
        .unwrap();
    assert_eq!(f["waived"]["owner"], "prefecture");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "waiver-unused")
    );
}

#[test]
fn waive_writes_json_and_yaml_for_json_and_yaml_models() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["json", "yaml"] {
        let model = dir.path().join(format!("m.{ext}"));
        let m = model.to_str().unwrap();
        assert_eq!(
            rolemap(&["new", "--template", "municipal-hospital", "-o", m]).code,
            0
        );
        let o = rolemap(&[
            "waive",
            m,
            "no-lead@S(1)-4.1/operator:medical devices",
            "--reason",
            "r",
            "--owner",
            "o",
            "--until",
            "2027-01-01",
            "--today",
            TODAY,
        ]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        if ext == "json" {
            let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
            assert_eq!(v["code"], "no-lead");
            assert_eq!(v["requirement"], "S(1)-4.1");
        } else {
            assert!(
                o.stdout.starts_with("- \"code\": \"no-lead\"\n"),
                "{}",
                o.stdout
            );
        }
    }
}

#[test]
fn waive_refuses_unknown_findings_past_dates_and_waiver_codes() {
    let base = |id: &str, until: &str| {
        rolemap(&[
            "waive", B, id, "--reason", "r", "--owner", "o", "--until", until, "--today", TODAY,
        ])
    };
    let o = base("support-gap@operatoin", "2027-01-01");
    assert_eq!(o.code, 2);
    assert!(o.stdout.is_empty());
    assert!(
        o.stderr.contains("did you mean \"support-gap@operation\""),
        "{}",
        o.stderr
    );
    let o = base("support-gap@operation", "2026-11-25");
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("not after today"), "{}", o.stderr);
    let o = rolemap(&[
        "waive",
        "tests/fixtures/findings/waiver-unused/triggers.ron",
        "waiver-unused@no-security-terms/contract:hosting",
        "--reason",
        "r",
        "--owner",
        "o",
        "--until",
        "2030-01-01",
        "--today",
        TODAY,
    ]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("cannot be waived"), "{}", o.stderr);
}

#[test]
fn export_writes_the_plan_and_its_catalog_and_protects_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let ssp = dir.path().join("ssp.json");
    let cat = dir.path().join("oscal").join("catalog.json");
    std::fs::create_dir(dir.path().join("oscal")).unwrap();
    let o = rolemap(&[
        "export",
        "oscal",
        "models/service.ron",
        "-o",
        ssp.to_str().unwrap(),
        "--catalog-out",
        cat.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&ssp).unwrap()).unwrap();
    let res = &v["system-security-plan"]["back-matter"]["resources"][0];
    assert_eq!(res["rlinks"][0]["href"], "oscal/catalog.json");
    let c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cat).unwrap()).unwrap();
    assert!(c["catalog"]["groups"].as_array().unwrap().len() == 6);
    // The same catalog comes from `export oscal-catalog`.
    let o = rolemap(&["export", "oscal-catalog", "--today", TODAY]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&o.stdout).unwrap(),
        c
    );
    // Never over the model.
    let model = dir.path().join("m.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/service.ron"),
        &model,
    )
    .unwrap();
    let m = model.to_str().unwrap();
    assert_eq!(rolemap(&["export", "oscal", m, "-o", m]).code, 2);
}

#[test]
fn schema_command_prints_the_generated_schema() {
    let o = rolemap(&["schema"]);
    assert_eq!(o.code, 0);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v, rolemap::load::raw::json_schema());
}

#[test]
fn completions_for_every_shell_mention_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = rolemap(&["completions", shell]);
        assert_eq!(o.code, 0, "{shell}");
        for sub in ["check", "diff", "export", "waive", "schema", "completions"] {
            assert!(o.stdout.contains(sub), "{shell} lacks {sub}");
        }
    }
    assert_eq!(rolemap(&["completions", "tcsh"]).code, 2);
}

#[test]
fn man_page_lists_the_subcommands() {
    let o = rolemap(&["man"]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.starts_with(".ie"), "roff");
    assert!(o.stdout.contains(".TH rolemap 1"), "{}", &o.stdout[..200]);
    for sub in [
        "check",
        "diff",
        "export",
        "waive",
        "schema",
        "completions",
        "man",
    ] {
        assert!(
            o.stdout.contains(&format!("rolemap\\-{sub}")),
            "lacks {sub}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let o = rolemap(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for page in [
        "rolemap.1",
        "rolemap-check.1",
        "rolemap-diff.1",
        "rolemap-export-oscal.1",
    ] {
        assert!(dir.path().join(page).exists(), "{page}");
    }
}
