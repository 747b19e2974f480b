//! The every-party and every-contract products on a synthetic chain (issue 10): written one
//! party or contract at a time, with the same content as one party's or contract's output.

use std::path::{Path, PathBuf};

use crate::common::rolemap;

/// A synthetic chain of `parties` parties as a JSON model in `dir`.
fn chain(dir: &Path, parties: usize) -> PathBuf {
    let v = rolemap::synth::generate(rolemap::synth::SynthOptions { parties, seed: 7 });
    let p = dir.join("chain.json");
    std::fs::write(&p, serde_json::to_string(&v).unwrap()).unwrap();
    p
}

fn ok(args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let out = rolemap().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn a_csv_folder_holds_each_partys_own_checklist() {
    let tmp = tempfile::tempdir().unwrap();
    let model = chain(tmp.path(), 60);
    let dir = tmp.path().join("out");
    // An existing folder with a file of its own: kept, the party files added beside it.
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    ok(&[
        "checklist".as_ref(),
        model.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
    ]);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 61, "{names:?}");
    assert_eq!(std::fs::read(dir.join("notes.txt")).unwrap(), b"mine");
    let mut rows = 0;
    for i in [0usize, 1, 17, 59] {
        let id = format!("p{i}");
        let one = ok(&[
            "checklist".as_ref(),
            model.as_os_str(),
            "--party".as_ref(),
            id.as_ref(),
            "--format".as_ref(),
            "csv".as_ref(),
        ]);
        let file = std::fs::read(dir.join(format!("{id}.csv"))).unwrap();
        assert_eq!(file, one, "{id}");
        rows += file.iter().filter(|&&b| b == b'\n').count();
    }
    assert!(rows > 8, "the files hold rows: {rows}");
    // Nothing staged is left behind, beside the folder or in it.
    for d in [tmp.path(), dir.as_path()] {
        for e in std::fs::read_dir(d).unwrap() {
            let n = e.unwrap().file_name().into_string().unwrap();
            assert!(!n.starts_with(".rolemap"), "{n} left in {}", d.display());
        }
    }
}

#[test]
fn one_csv_of_every_party_is_each_partys_file_in_turn_under_one_header() {
    let tmp = tempfile::tempdir().unwrap();
    // More parties than a window of `parallel::Ahead` on two threads (64).
    let model = chain(tmp.path(), 150);
    for lang in ["en", "ja"] {
        let dir = tmp.path().join(format!("folder-{lang}"));
        let file = tmp.path().join(format!("all-{lang}.csv"));
        let run = |out: Option<&Path>| {
            let mut args: Vec<&std::ffi::OsStr> = vec![
                "--lang".as_ref(),
                lang.as_ref(),
                "checklist".as_ref(),
                model.as_os_str(),
                "--format".as_ref(),
                "csv".as_ref(),
            ];
            if let Some(out) = out {
                args.extend(["-o".as_ref(), out.as_os_str()]);
            }
            ok(&args)
        };
        run(Some(&dir));
        run(Some(&file));
        let stdout = run(None);
        let all = String::from_utf8(std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(
            all.as_bytes(),
            stdout,
            "{lang}: the file is what standard output gets"
        );
        // The byte order mark once (Japanese only), the header once, then each party's rows.
        let bom = if lang == "ja" { "\u{feff}" } else { "" };
        let mut expected = String::new();
        for i in 0..150 {
            let one = std::fs::read_to_string(dir.join(format!("p{i}.csv"))).unwrap();
            let one = one
                .strip_prefix(bom)
                .expect("each file has the mark in Japanese");
            let (head, rows) = one.split_once('\n').unwrap();
            if i == 0 {
                expected = format!("{bom}{head}\n");
            }
            expected.push_str(rows);
        }
        assert_eq!(all, expected, "{lang}");
        assert!(all.lines().count() > 300, "{lang}: rows are written");
        // It reads back as every party's declaration.
        let out = crate::common::rolemap()
            .args([
                "check".as_ref(),
                model.as_os_str(),
                "--status".as_ref(),
                file.as_os_str(),
            ])
            .args(["--fail-on", "never"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("p149"),
            "{lang}: the last party's rows are read: {text}"
        );
    }
}

#[test]
fn the_markdown_of_every_party_is_each_partys_own_in_turn() {
    let tmp = tempfile::tempdir().unwrap();
    // More parties than a window of `parallel::Ahead` on two threads (64): sections made on
    // both threads and in several windows.
    let model = chain(tmp.path(), 150);
    for lang in ["en", "ja"] {
        let run = |party: Option<&str>| {
            let mut args: Vec<&std::ffi::OsStr> = vec![
                "--lang".as_ref(),
                lang.as_ref(),
                "checklist".as_ref(),
                model.as_os_str(),
                "--format".as_ref(),
                "md".as_ref(),
            ];
            if let Some(p) = party {
                args.push("--party".as_ref());
                args.push(p.as_ref());
            }
            String::from_utf8(ok(&args)).unwrap()
        };
        let all = run(None);
        // The shared heading, then each party's section as its own checklist gives it.
        let first = run(Some("p0"));
        let head = &first[..first.find("\n## ").unwrap() + 1];
        let mut expected = head.to_string();
        for i in 0..150 {
            let one = run(Some(&format!("p{i}")));
            assert!(one.starts_with(head), "p{i}: the same heading");
            expected.push_str(&one[head.len()..]);
        }
        assert_eq!(all, expected, "{lang}");
        assert!(
            all.matches("\n### ").count() > 150,
            "{lang}: rows are written"
        );
    }
}

#[test]
fn the_annex_of_every_contract_is_each_contracts_own_in_turn() {
    let tmp = tempfile::tempdir().unwrap();
    // More contracts than a window of `parallel::Ahead` on two threads (64).
    let model = chain(tmp.path(), 90);
    let text = std::fs::read_to_string(&model).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ids: Vec<String> = v["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() > 64, "{}", ids.len());
    for extra in [None, Some("--all-packages")] {
        let run = |contract: Option<&str>| {
            let mut args: Vec<&std::ffi::OsStr> = vec!["annex".as_ref(), model.as_os_str()];
            if let Some(c) = contract {
                args.push("--contract".as_ref());
                args.push(c.as_ref());
            }
            if let Some(e) = extra {
                args.push(e.as_ref());
            }
            String::from_utf8(ok(&args)).unwrap()
        };
        let all = run(None);
        let first = run(Some(&ids[0]));
        let head = &first[..first.find("\n## ").unwrap() + 1];
        let mut expected = head.to_string();
        for id in &ids {
            let one = run(Some(id));
            assert!(one.starts_with(head), "{id}: the same heading");
            expected.push_str(&one[head.len()..]);
        }
        assert_eq!(all, expected, "{extra:?}");
    }
}
