//! Golden output of every command on every bundled model: stdout and exit code, with the date
//! and language fixed. Run `INSTA_UPDATE=always cargo test --test it cli::` to accept changes, then
//! review the diff of `tests/it/snapshots/`.

use crate::common;

use common::TODAY;

/// The bundled models by name (`service` for `models/service.ron`).
fn models() -> Vec<String> {
    common::models()
        .iter()
        .map(|m| {
            m.trim_start_matches("models/")
                .trim_end_matches(".ron")
                .to_string()
        })
        .collect()
}

/// Run rolemap in the repository root and return "exit: N" followed by stdout.
fn run(args: &[&str]) -> String {
    let mut quiet = vec!["-q"];
    quiet.extend_from_slice(args);
    let (code, stdout, stderr) = common::run(&quiet);
    assert!(
        stderr.is_empty(),
        "unexpected stderr for {args:?}:\n{stderr}"
    );
    format!("exit: {code}\n{stdout}")
}

fn snap(name: &str, args: &[&str]) {
    let output = run(args);
    insta::with_settings!({ snapshot_suffix => name.to_string(), prepend_module_to_snapshot => false, omit_expression => true, description => args.join(" ") }, {
        insta::assert_snapshot!(output);
    });
}

#[test]
fn check_text_on_every_model() {
    for m in models() {
        let path = format!("models/{m}.ron");
        snap(&format!("check-{m}"), &["check", &path, "--today", TODAY]);
    }
}

#[test]
fn check_text_in_japanese() {
    for m in ["service", "municipal-hospital", "ministry-benefits"] {
        let path = format!("models/{m}.ron");
        snap(
            &format!("check-ja-{m}"),
            &["--lang", "ja", "check", &path, "--today", TODAY],
        );
    }
}

#[test]
fn check_json_on_every_model() {
    for m in models() {
        let path = format!("models/{m}.ron");
        let out = run(&["check", &path, "--today", TODAY, "--format", "json"]);
        // The JSON must parse and carry the versioned schema.
        let json_part = out.split_once('\n').unwrap().1;
        let v: serde_json::Value = serde_json::from_str(json_part).unwrap();
        assert_eq!(v["schema"], "rolemap/check/v1");
        snap(
            &format!("check-json-{m}"),
            &["check", &path, "--today", TODAY, "--format", "json"],
        );
    }
}

#[test]
fn check_sarif_on_every_model() {
    for m in models() {
        let path = format!("models/{m}.ron");
        snap(
            &format!("check-sarif-{m}"),
            &["check", &path, "--today", TODAY, "--format", "sarif"],
        );
    }
}

#[test]
fn matrix_on_every_model() {
    for m in models() {
        let path = format!("models/{m}.ron");
        for f in ["text", "md", "csv", "json"] {
            snap(
                &format!("matrix-{f}-{m}"),
                &["matrix", &path, "--format", f],
            );
        }
    }
}

#[test]
fn explain_every_party_of_every_model() {
    let catalog = rolemap::Catalog::builtin();
    for m in models() {
        let path = format!("models/{m}.ron");
        let model = rolemap::load::load_model(
            &common::root().join(&path).to_string_lossy(),
            &catalog,
            rolemap::load::DEFAULT_MAX_SIZE,
        )
        .unwrap();
        let mut text = String::new();
        for p in &model.parties {
            text.push_str(&run(&["explain", &path, &p.id, "--today", TODAY]));
            text.push_str("\n----\n");
        }
        insta::with_settings!({ snapshot_suffix => format!("explain-{m}"), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(text);
        });
    }
}

#[test]
fn explain_one_requirement_and_json() {
    snap(
        "explain-req-service",
        &["explain", "models/service.ron", "infra-provider", "(1)-4"],
    );
    snap(
        "explain-json-service",
        &[
            "explain",
            "models/service.ron",
            "service-user",
            "--format",
            "json",
        ],
    );
    snap(
        "explain-ja-system-contract",
        &[
            "--lang",
            "ja",
            "explain",
            "models/system-contract.ron",
            "contractor",
        ],
    );
}

#[test]
fn catalog_listing() {
    for f in ["text", "json", "md"] {
        snap(&format!("catalog-{f}"), &["catalog", "--format", f]);
    }
    snap("catalog-ja-text", &["--lang", "ja", "catalog"]);
}

#[test]
fn new_templates_reproduce_the_bundled_models() {
    for m in models() {
        let out = run(&["new", "--template", &m]);
        let expected =
            std::fs::read_to_string(common::root().join(format!("models/{m}.ron"))).unwrap();
        assert_eq!(out, format!("exit: 0\n{expected}"), "template {m}");
    }
}

#[test]
fn new_writes_json_and_yaml_that_check_like_the_original() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["json", "yaml"] {
        let file = dir.path().join(format!("svc.{ext}"));
        let out = run(&["new", "--template", "service", "-o", file.to_str().unwrap()]);
        assert_eq!(out, "exit: 0\n");
        let written = run(&[
            "check",
            file.to_str().unwrap(),
            "--today",
            TODAY,
            "--format",
            "json",
        ]);
        let original = run(&[
            "check",
            "models/service.ron",
            "--today",
            TODAY,
            "--format",
            "json",
        ]);
        let strip = |s: &str| {
            let mut v: serde_json::Value =
                serde_json::from_str(s.split_once('\n').unwrap().1).unwrap();
            // Positions and the file name differ between formats; the analysis must not.
            fn scrub(v: &mut serde_json::Value) {
                match v {
                    serde_json::Value::Object(m) => {
                        for k in ["line", "column", "file", "format"] {
                            m.remove(k);
                        }
                        m.values_mut().for_each(scrub);
                    }
                    serde_json::Value::Array(a) => a.iter_mut().for_each(scrub),
                    _ => {}
                }
            }
            scrub(&mut v);
            v
        };
        assert_eq!(strip(&written), strip(&original), "{ext}");
        // Refuses to overwrite without --force.
        let again = common::rolemap()
            .args(["new", "--template", "service", "-o", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(2));
    }
}

#[test]
fn fail_on_sets_the_exit_code() {
    // municipal-hospital has errors and warnings; service only info.
    let code = |args: &[&str]| run(args).lines().next().unwrap().to_string();
    assert_eq!(
        code(&["check", "models/municipal-hospital.ron", "--today", TODAY]),
        "exit: 1"
    );
    assert_eq!(
        code(&[
            "check",
            "models/municipal-hospital.ron",
            "--today",
            TODAY,
            "--fail-on",
            "never"
        ]),
        "exit: 0"
    );
    assert_eq!(
        code(&[
            "check",
            "models/service.ron",
            "--today",
            TODAY,
            "--fail-on",
            "warning"
        ]),
        "exit: 0"
    );
    assert_eq!(
        code(&["check", "models/product.ron", "--fail-on", "warning"]),
        "exit: 0"
    );
}

#[test]
fn output_file_is_written_and_input_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let r = run(&[
        "check",
        "models/service.ron",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r, "exit: 0\n");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["schema"], "rolemap/check/v1");

    let model = dir.path().join("m.ron");
    std::fs::copy(common::root().join("models/service.ron"), &model).unwrap();
    let before = std::fs::read(&model).unwrap();
    let o = common::rolemap()
        .args([
            "check",
            model.to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    // A model's extension is not one `check` writes: refused before anything is read.
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot write .ron files"));
    assert_eq!(std::fs::read(&model).unwrap(), before);
    // A JSON model named as the JSON output is never overwritten.
    let json = dir.path().join("m.json");
    let o = common::rolemap()
        .args(["new", "-t", "service", "-o", json.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let before = std::fs::read(&json).unwrap();
    let j = json.to_str().unwrap();
    for args in [
        vec!["check", j, "-o", j],
        vec!["matrix", j, "-o", j],
        vec!["export", "oscal", j, "-o", j],
    ] {
        let o = common::rolemap().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("refusing to overwrite"),
            "{args:?}"
        );
    }
    assert_eq!(std::fs::read(&json).unwrap(), before);
}

#[test]
fn text_output_fits_80_columns() {
    use unicode_width::UnicodeWidthStr;
    for m in models() {
        let path = format!("models/{m}.ron");
        for lang in ["en", "ja"] {
            for args in [
                vec!["--lang", lang, "check", &path, "--today", TODAY],
                vec!["--lang", lang, "matrix", &path],
                vec!["--lang", lang, "catalog"],
            ] {
                for line in run(&args).lines() {
                    assert!(
                        line.width() <= 80,
                        "{args:?}: {} columns: {line}",
                        line.width()
                    );
                }
            }
        }
    }
}

#[test]
fn colour_only_when_asked() {
    let plain = run(&["check", "models/service.ron"]);
    assert!(!plain.contains('\x1b'));
    // `--color always` wins over NO_COLOR.
    let o = common::rolemap()
        .args(["--color", "always", "check", "models/service.ron"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains('\x1b'));
}

/// An allocation led by several organisations has the status `multiple-leads`, not
/// `assigned`, in every output that shows a status; the same allocations of the fixed model
/// are `assigned`.
#[test]
fn multiple_leads_is_a_status_in_every_output() {
    let bad = "tests/fixtures/findings/multiple-leads/triggers.ron";
    let good = "tests/fixtures/findings/multiple-leads/clean.ron";
    let runs = |path: &str| -> Vec<(String, String)> {
        [
            vec!["matrix", path],
            vec!["matrix", path, "--format", "md"],
            vec!["matrix", path, "--format", "csv"],
            vec!["matrix", path, "--format", "json"],
            vec!["check", path, "--format", "json", "--today", TODAY],
            vec!["explain", path, "prime"],
            vec!["--lang", "ja", "explain", path, "prime"],
            vec!["export", "oscal", path],
        ]
        .into_iter()
        .map(|args| {
            let (code, out, err) = common::run(&args);
            assert!(code <= 1 && err.is_empty(), "{args:?}: {code} {err}");
            (args.join(" "), out)
        })
        .collect()
    };
    for (args, out) in runs(bad) {
        let label = if args.starts_with("matrix") && !args.contains("csv") && !args.contains("json")
        {
            "multiple leads"
        } else if args.contains("--lang ja") {
            "主体重複"
        } else {
            "multiple-leads"
        };
        assert!(out.contains(label), "{args}: no {label:?}\n{out}");
    }
    for (args, out) in runs(good) {
        assert!(
            !out.contains("multiple leads")
                && !out.contains("multiple-leads\"")
                && !out.contains("主体重複"),
            "{args}\n{out}"
        );
    }
    // JSON: the developer and supplier allocations led by both are multiple-leads.
    let (_, out, _) = common::run(&["check", bad, "--format", "json", "--today", TODAY]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let statuses: std::collections::BTreeSet<(String, String)> = v["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|al| {
            (
                al["role"].as_str().unwrap().to_string(),
                al["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(statuses.contains(&("developer".into(), "multiple-leads".into())));
    assert!(statuses.contains(&("supplier".into(), "multiple-leads".into())));
    assert!(statuses.contains(&("operator".into(), "assigned".into())));
}
