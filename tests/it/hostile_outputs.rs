//! The hostile models survive every output format: each command runs on them, and each output
//! is checked for what would hurt in that format (formulas in CSV, live markup in Markdown,
//! escape sequences on a terminal, broken JSON).

use crate::common;

const MODELS: &[&str] = &[
    "tests/fixtures/hostile.ron",
    "tests/fixtures/hostile-formats.ron",
];

fn run(args: &[&str]) -> (i32, String) {
    let o = common::rolemap().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    (
        o.status.code().unwrap(),
        String::from_utf8(o.stdout).unwrap(),
    )
}

/// Text meant for a terminal: no escape or other control character except line breaks, and
/// no bidirectional override.
fn terminal_safe(what: &str, s: &str) {
    for (i, c) in s.chars().enumerate() {
        let bad = (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        assert!(
            !bad,
            "{what}: control character U+{:04X} at char {i}",
            c as u32
        );
    }
}

#[test]
fn text_outputs_cannot_drive_the_terminal() {
    for m in MODELS {
        for lang in ["en", "ja"] {
            let (code, out) = run(&["--lang", lang, "check", m, "--today", "2026-11-25"]);
            assert!(code <= 1, "check {m}: exit {code}");
            assert!(!out.is_empty(), "check {m}: no output");
            terminal_safe(&format!("check {m}"), &out);
            let (code, out) = run(&["--lang", lang, "matrix", m]);
            assert_eq!(code, 0, "matrix {m}");
            assert!(!out.is_empty(), "matrix {m}: no output");
            terminal_safe(&format!("matrix {m}"), &out);
            let (code, out) = run(&["--lang", lang, "diff", m, m, "--today", "2026-11-25"]);
            assert_eq!(code, 0, "diff {m}");
            assert!(!out.is_empty(), "diff {m}: no output");
            terminal_safe(&format!("diff {m}"), &out);
        }
    }
}

#[test]
fn json_and_sarif_are_valid_and_carry_the_names_exactly() {
    let catalog = rolemap::Catalog::builtin();
    for m in MODELS {
        let model = rolemap::load::load_model(
            &format!("{}/{m}", env!("CARGO_MANIFEST_DIR")),
            &catalog,
            rolemap::load::DEFAULT_MAX_SIZE,
        )
        .unwrap();
        let (code, out) = run(&["check", m, "--format", "json", "--today", "2026-11-25"]);
        assert!(code <= 1, "check {m} --format json: exit {code}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let ids: Vec<&str> = v["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = model.parties.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, want, "{m}");
        for (fmt, ok) in [
            (&["check", m, "--format", "sarif"][..], 0..=1),
            (&["matrix", m, "--format", "json"], 0..=0),
            (&["export", "oscal", m], 0..=0),
        ] {
            let (code, out) = run(fmt);
            assert!(ok.contains(&code), "{fmt:?}: exit {code}");
            serde_json::from_str::<serde_json::Value>(&out)
                .unwrap_or_else(|e| panic!("{fmt:?}: {e}"));
        }
        for p in &model.parties {
            let (code, out) = run(&["explain", m, &p.id, "--format", "json"]);
            assert_eq!(code, 0);
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["party"], p.id.as_str());
        }
    }
}

#[test]
fn csv_cells_never_start_a_formula() {
    for m in MODELS {
        let (code, out) = run(&["matrix", m, "--format", "csv"]);
        assert_eq!(code, 0, "matrix {m} --format csv");
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let headers = r.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        // An empty table would pass the check below without checking anything.
        assert!(headers.len() > 1, "{m}: CSV header {headers:?}");
        assert!(!rows.is_empty(), "{m}: CSV has no rows");
        for cell in headers.iter().chain(rows.iter().flat_map(|r| r.iter())) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{m}: formula-like cell {cell:?}"
            );
        }
    }
}

/// Outside code spans, every `<` must be escaped (`\<`): Markdown renderers pass raw HTML
/// through, so an unescaped `<script>` would run.
fn assert_no_live_markup(what: &str, md: &str) {
    for line in md.lines() {
        let mut in_code = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '`' && prev != '\\' {
                in_code = !in_code;
            } else if c == '<' && !in_code {
                assert_eq!(prev, '\\', "{what}: unescaped '<' in: {line}");
            }
            prev = c;
        }
    }
}

#[test]
fn markdown_outputs_do_not_carry_live_markup() {
    for m in MODELS {
        for args in [
            vec!["matrix", m, "--format", "md"],
            vec!["checklist", m, "--format", "md"],
            vec!["annex", m, "--format", "md"],
            vec!["diff", m, m, "--format", "md"],
        ] {
            let (code, out) = run(&args);
            assert_eq!(code, 0, "{args:?}");
            assert_no_live_markup(&format!("{args:?}"), &out);
        }
    }
}
