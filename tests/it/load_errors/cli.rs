//! The command line on bad input: exit 2, nothing written, in both languages and as JSON, and
//! never over its own input.

use super::*;

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

/// A model with `n` parties `vendor0`… and one contract each from `owner`, as JSON.
fn wide_model(dir: &tempfile::TempDir, n: usize) -> String {
    let parties: Vec<String> = (0..n)
        .map(|i| format!("\"vendor{i}\": {{\"name\": \"V{i}\", \"division\": \"Provider\"}}"))
        .collect();
    let contracts: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"id\": \"c{i}\", \"client\": \"owner\", \"contractor\": \"vendor{i}\", \
                 \"kind\": \"Development\", \"security_terms\": true}}"
            )
        })
        .collect();
    let text = format!(
        "{{\"name\": \"wide\", \"parties\": {{\"owner\": {{\"name\": \"O\", \"division\": \
         \"Customer\"}}, {}}}, \"contracts\": [{}]}}",
        parties.join(", "),
        contracts.join(", ")
    );
    write_temp(dir, "wide.json", text.as_bytes());
    "wide.json".to_string()
}

#[test]
fn an_unknown_id_in_a_large_model_lists_the_nearest_few_not_every_id() {
    let dir = tempfile::tempdir().unwrap();
    let model = wide_model(&dir, 200);
    for (args, label) in [
        (vec!["explain", &model, "vendor17x"], "parties"),
        (vec!["annex", &model, "--contract", "c17x"], "contracts"),
        (vec!["checklist", &model, "--party", "vendor17x"], "parties"),
    ] {
        let out = rolemap(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let want = format!(
            "nearest 12 of {} {label}: ",
            if label == "parties" { 201 } else { 200 }
        );
        let line = stderr
            .lines()
            .find(|l| l.contains(&want))
            .unwrap_or_else(|| panic!("{args:?}: {stderr}"));
        let listed: Vec<&str> = line.split(": ").nth(1).unwrap().split(", ").collect();
        assert_eq!(listed.len(), 12, "{line}");
        // The nearest come first: the id itself without the typo.
        let first = if label == "parties" {
            "vendor17"
        } else {
            "c17"
        };
        assert_eq!(listed[0], first, "{line}");
        assert!(
            stderr.contains(&format!("did you mean \"{first}\"?")),
            "{stderr}"
        );
        assert!(stderr.len() < 600, "hint too long: {stderr}");

        let ja = rolemap(dir.path())
            .args(&args)
            .args(["--lang", "ja"])
            .output()
            .unwrap();
        assert_eq!(ja.status.code(), Some(2));
        let stderr = String::from_utf8(ja.stderr).unwrap();
        assert!(stderr.contains("件のうち近い 12 件: "), "{stderr}");
    }
}

#[test]
fn an_unknown_id_in_a_small_model_lists_every_id() {
    let dir = tempfile::tempdir().unwrap();
    let model = wide_model(&dir, 5);
    let out = rolemap(dir.path())
        .args(["explain", &model, "nobody"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("  parties: owner, vendor0, vendor1, vendor2, vendor3, vendor4"),
        "{stderr}"
    );
}
