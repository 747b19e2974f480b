//! Hostile input, end to end through the command line: every case exits 2 (or succeeds when
//! the input is merely unusual), prints a clear message, never panics, and never leaves a
//! partial or clobbered file.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

fn rolemap(args: &[&str]) -> Output {
    Command::cargo_bin("rolemap")
        .unwrap()
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit 2, a message naming the file, and no panic.
fn rejected(o: &Output, file: &str) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    assert!(e.contains(file), "the message names the file: {e}");
}

const GOOD: &str = r#"(
    name: "ok",
    parties: {
        "owner": (name: "Owner", division: Customer, operates: true),
        "vendor": (name: "Vendor", division: Provider),
    },
    contracts: [(id: "dev", client: "owner", contractor: "vendor", kind: Development, security_terms: true)],
)"#;

#[test]
fn deep_nesting_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for (ext, text) in [
        (
            "ron",
            format!(
                "(name: \"x\", parties: {{}}, contracts: {}{})",
                "[".repeat(200_000),
                "]".repeat(200_000)
            ),
        ),
        (
            "json",
            format!("{{\"name\": \"x\", \"parties\": {}}}", "[".repeat(200_000)),
        ),
        (
            "yaml",
            format!("name: x\nparties: {}\n", "[".repeat(200_000)),
        ),
    ] {
        let f = dir.path().join(format!("deep.{ext}"));
        std::fs::write(&f, text).unwrap();
        rejected(&rolemap(&["check", f.to_str().unwrap()]), "deep");
    }
}

#[test]
fn a_million_character_name_is_fine_and_its_typo_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let long = "長".repeat(1_000_000);
    let f = dir.path().join("long.ron");
    std::fs::write(&f, GOOD.replace("\"Vendor\"", &format!("\"{long}\""))).unwrap();
    let o = rolemap(&["check", f.to_str().unwrap(), "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A million-character unknown id: reported once, without printing a million-line excerpt.
    let f2 = dir.path().join("long-typo.ron");
    std::fs::write(
        &f2,
        GOOD.replace("contractor: \"vendor\"", &format!("contractor: \"{long}\"")),
    )
    .unwrap();
    let o = rolemap(&["check", f2.to_str().unwrap()]);
    rejected(&o, "long-typo.ron");
    assert!(stderr(&o).contains("unknown party"));
}

#[test]
fn duplicate_map_keys_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for (ext, text) in [
        ("ron", GOOD.replace("\"vendor\": (name: \"Vendor\", division: Provider),", "\"vendor\": (name: \"Vendor\", division: Provider), \"vendor\": (name: \"V2\", division: Provider),")),
        ("json", r#"{"name": "x", "parties": {"a": {"name": "A", "division": "Customer"}, "a": {"name": "B", "division": "Customer"}}}"#.to_string()),
        ("yaml", "name: x\nparties:\n  a: {name: A, division: Customer}\n  a: {name: B, division: Customer}\n".to_string()),
    ] {
        let f = dir.path().join(format!("dup.{ext}"));
        std::fs::write(&f, text).unwrap();
        let o = rolemap(&["check", f.to_str().unwrap()]);
        rejected(&o, "dup");
        assert!(stderr(&o).contains("duplicate"), "{ext}: {}", stderr(&o));
    }
}

#[test]
fn bom_and_crlf_are_accepted_with_right_positions() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        format!("\u{feff}{}", GOOD.replace('\n', "\r\n")).replace("Development", "Developmnt");
    let f = dir.path().join("bom.ron");
    std::fs::write(&f, &text).unwrap();
    let o = rolemap(&["check", f.to_str().unwrap()]);
    rejected(&o, "bom.ron");
    // Line 7, and the column counts characters after the BOM-free start of the line.
    let line7 = text.split("\r\n").nth(6).unwrap();
    let col = line7[..line7.find("Developmnt").unwrap()].chars().count() + 1;
    assert!(
        stderr(&o).contains(&format!("bom.ron:7:{col}")),
        "{}",
        stderr(&o)
    );
    let ok = dir.path().join("bom-ok.json");
    std::fs::write(&ok, "\u{feff}{\r\n\"name\": \"x\",\r\n\"parties\": {\"o\": {\"name\": \"O\", \"division\": \"Customer\"}}\r\n}\r\n").unwrap();
    let o = rolemap(&["check", ok.to_str().unwrap(), "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn invalid_utf8_is_rejected_with_its_offset() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.ron");
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.insert(20, 0xff);
    std::fs::write(&f, bytes).unwrap();
    let o = rolemap(&["check", f.to_str().unwrap()]);
    rejected(&o, "bad.ron");
    assert!(stderr(&o).contains("UTF-8"), "{}", stderr(&o));
}

#[test]
fn a_100k_long_contract_cycle_is_found_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let mut parties = String::new();
    let mut contracts = String::new();
    for i in 0..n {
        parties.push_str(&format!(
            "\"p{i}\": {{\"name\": \"P{i}\", \"division\": \"Provider\"}},"
        ));
        contracts.push_str(&format!(
            "{{\"id\": \"c{i}\", \"client\": \"p{i}\", \"contractor\": \"p{}\", \"kind\": \"Development\", \"security_terms\": true}},",
            (i + 1) % n
        ));
    }
    parties.push_str("\"owner\": {\"name\": \"Owner\", \"division\": \"Customer\"}");
    contracts.pop();
    let f = dir.path().join("cycle.json");
    std::fs::write(
        &f,
        format!(
            "{{\"name\": \"cycle\", \"parties\": {{{parties}}}, \"contracts\": [{contracts}]}}"
        ),
    )
    .unwrap();
    let o = rolemap(&["check", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cycle = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "contract-cycle")
        .unwrap();
    assert_eq!(cycle["contracts"].as_array().unwrap().len(), n);
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.ron");
    std::fs::write(&f, GOOD).unwrap();
    let o = rolemap(&["check", f.to_str().unwrap(), "--max-size", "100"]);
    rejected(&o, "big.ron");
    assert!(stderr(&o).contains("over the limit"), "{}", stderr(&o));
}

#[test]
fn outputs_never_clobber_inputs_or_leave_partial_files() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.ron");
    std::fs::write(&model, GOOD).unwrap();
    let m = model.to_str().unwrap();
    // Output equal to the input, also spelled differently.
    for out in [m.to_string(), format!("{}/./m.ron", dir.path().display())] {
        for cmd in [
            vec!["check", m, "-o", &out],
            vec!["matrix", m, "-o", &out],
            vec!["graph", m, "-o", &out],
        ] {
            let o = rolemap(&cmd);
            assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", stderr(&o));
            // Refused for its extension (none of these writes .ron) or as the input.
            assert!(
                stderr(&o).contains("overwrite") || stderr(&o).contains("cannot write .ron"),
                "{}",
                stderr(&o)
            );
        }
    }
    assert_eq!(std::fs::read_to_string(&model).unwrap(), GOOD);
    // Into a missing folder.
    let missing = dir.path().join("nope/out.json");
    let o = rolemap(&[
        "check",
        m,
        "--format",
        "json",
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    // Into a read-only folder (skipped when running as root, which may write anyway).
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = ro.join("probe");
        let writable = std::fs::write(&probe, "x").is_ok();
        let _ = std::fs::remove_file(&probe);
        if !writable {
            let out = ro.join("out.json");
            let o = rolemap(&["check", m, "--format", "json", "-o", out.to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
            assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // Nothing but the model is left in the folder: no temporary or partial files.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["m.ron", "ro"]);
}

#[test]
fn a_bad_model_never_writes_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("bad.ron");
    std::fs::write(&model, GOOD.replace("Development", "Developmnt")).unwrap();
    for (cmd, out) in [("check", "o.json"), ("matrix", "o.csv"), ("graph", "o.dot")] {
        let target = dir.path().join(out);
        let o = rolemap(&[cmd, model.to_str().unwrap(), "-o", target.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(!Path::new(&target).exists(), "{cmd} wrote {out}");
    }
}
