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
