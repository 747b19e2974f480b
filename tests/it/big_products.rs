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

/// `checklist MODEL --format FORMAT` in `lang` with `more` arguments: its standard output
/// (exit code 0).
fn checklist(model: &Path, lang: &str, format: &str, more: &[&std::ffi::OsStr]) -> Vec<u8> {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "--lang".as_ref(),
        lang.as_ref(),
        "checklist".as_ref(),
        model.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
    ];
    args.extend_from_slice(more);
    ok(&args)
}

/// `checklist MODEL --format md` in `lang`, of one party or of every party (exit code 0).
fn checklist_md(model: &Path, lang: &str, party: Option<&str>) -> String {
    let more: Vec<&std::ffi::OsStr> = match party {
        Some(p) => vec!["--party".as_ref(), p.as_ref()],
        None => Vec::new(),
    };
    String::from_utf8(checklist(model, lang, "md", &more)).unwrap()
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
        let run = |out: Option<&Path>| match out {
            Some(out) => checklist(&model, lang, "csv", &["-o".as_ref(), out.as_os_str()]),
            None => checklist(&model, lang, "csv", &[]),
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
        let run = |party: Option<&str>| checklist_md(&model, lang, party);
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

/// The unescaped `|` of a Markdown table line: its column separators.
fn separators(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    n
}

#[test]
fn past_250_parties_the_markdown_of_every_party_is_a_register_of_the_same_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = rolemap::synth::generate(rolemap::synth::SynthOptions {
        parties: 300,
        seed: 7,
    });
    // A contract id and a party name that Markdown would read as a table cell's end or as HTML.
    v["contracts"][1]["id"] = "c|1 <script>".into();
    let p0 = v["contracts"][1]["contractor"]
        .as_str()
        .unwrap()
        .to_string();
    v["parties"][&p0]["name"] = "Pipe | <b>KK</b>".into();
    let model = tmp.path().join("chain.json");
    std::fs::write(&model, serde_json::to_string(&v).unwrap()).unwrap();
    for (lang, intro, requirements) in [
        ("en", "it is a register", "## Requirements\n"),
        ("ja", "一覧表の形式です", "## 要求事項\n"),
    ] {
        let run = |party: Option<&str>| checklist_md(&model, lang, party);
        let all = run(None);
        assert!(all.contains(intro), "{lang}: says it is a register");
        assert!(
            !all.contains("- [ ]"),
            "{lang}: no checkbox is repeated per row"
        );
        let (front, parties) = all.split_once("\n## p0 ").expect("the parties follow");
        let reqs = &front[front.find(requirements).expect("a Requirements section")..];
        // Each unit once under Requirements, with its reasons: the inference notes are there.
        let units: Vec<&str> = reqs
            .lines()
            .filter_map(|l| l.strip_prefix("### "))
            .map(|l| l.split(" — ").next().unwrap())
            .collect();
        let mut distinct = units.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), units.len(), "{lang}: {units:?}");
        assert!(units.len() > 10, "{lang}: {units:?}");
        assert!(
            reqs.contains("\n  - "),
            "{lang}: the inference notes are given"
        );
        // Every party in order, its table the rows of its own checklist (id and title, in
        // order), and every row's unit listed under Requirements.
        let sections: Vec<&str> = parties.split("\n## ").collect();
        assert_eq!(sections.len(), 300, "{lang}");
        let mut used = std::collections::BTreeSet::new();
        for (i, section) in sections.iter().enumerate() {
            let table: Vec<&str> = section
                .lines()
                .filter(|l| l.starts_with("| "))
                .skip(1)
                .collect();
            for l in &table {
                assert_eq!(separators(l), 10, "{lang} p{i}: nine cells in {l}");
                used.insert(l.split(" | ").next().unwrap().trim_start_matches("| "));
            }
            if [0, 1, 2, 3, 150, 299].contains(&i) {
                let one = run(Some(&format!("p{i}")));
                let entries: Vec<(String, String)> = one
                    .lines()
                    .filter_map(|l| l.strip_prefix("### "))
                    .map(|l| {
                        let (id, rest) = l.split_once(" · ").unwrap();
                        let title = rest.split_once(" — ").unwrap().1;
                        (id.to_string(), title.to_string())
                    })
                    .collect();
                let rows: Vec<(String, String)> = table
                    .iter()
                    .map(|l| {
                        let mut cells = l.trim_start_matches("| ").split(" | ");
                        let id = cells.next().unwrap().to_string();
                        (id, cells.next().unwrap().to_string())
                    })
                    .collect();
                assert_eq!(rows, entries, "{lang} p{i}");
                // The same line of counts as the party's own checklist.
                let own = &one[one.find("\n## p").unwrap() + 4..];
                let own_counts = own.split("\n\n").nth(1).unwrap();
                assert!(section.contains(own_counts), "{lang} p{i}: {own_counts}");
            }
        }
        let listed: std::collections::BTreeSet<&str> = units.iter().copied().collect();
        assert_eq!(
            used, listed,
            "{lang}: every row's unit is listed, and only those"
        );
        // The escaped names: the contract id and the party name stay inside their cell.
        assert!(
            all.contains("c\\|1 \\<script>"),
            "{lang}: the contract id escaped"
        );
        assert!(
            all.contains("Pipe \\| \\<b>KK\\</b>"),
            "{lang}: the name escaped"
        );
    }
    // At 250 parties, the checklist is still the entry form.
    let v = rolemap::synth::generate(rolemap::synth::SynthOptions {
        parties: 250,
        seed: 7,
    });
    std::fs::write(&model, serde_json::to_string(&v).unwrap()).unwrap();
    let entry = checklist_md(&model, "en", None);
    assert!(
        entry.contains("- [ ] "),
        "250 parties: a checkbox per status"
    );
    assert!(!entry.contains("it is a register"));
}
