//! The hostile model in every format of the checklist: cells are strings, never formulas; CSV
//! cells are neutralised and read back; Markdown is escaped; JSON with `--status` stays valid.

use super::*;

fn hostile_ids() -> (Vec<String>, Vec<String>) {
    let catalog = rolemap::Catalog::builtin();
    let m = rolemap::load::load_model(
        &format!("{ROOT}/{HOSTILE}"),
        &catalog,
        rolemap::load::DEFAULT_MAX_SIZE,
    )
    .unwrap();
    (
        m.parties.iter().map(|p| p.id.clone()).collect(),
        m.contracts.iter().map(|c| c.id.clone()).collect(),
    )
}

#[test]
fn hostile_xlsx_cells_are_strings_not_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let (parties, contracts) = hostile_ids();
    for lang in ["en", "ja"] {
        let out = dir.path().join(format!("h-{lang}.xlsx"));
        ok(&["--lang", lang, "checklist", HOSTILE, "-o", s(&out)]);
        assert!(formulas(&out).is_empty(), "formulas in {lang}");
        for x in sheet_xml(&out) {
            assert!(
                !x.contains("<f>") && !x.contains("<f "),
                "a formula element"
            );
        }
        let sheets = read_xlsx(&out);
        // Sheet names are valid, unique, and each sheet's rows carry the exact party id.
        let mut seen = std::collections::BTreeSet::new();
        for (name, rows) in &sheets[1..] {
            assert!(name.encode_utf16().count() <= 31);
            assert!(!name.contains(['[', ']', ':', '*', '?', '/', '\\']));
            assert!(seen.insert(name.to_lowercase()));
            for r in &rows[HEADER_ROW + 1..] {
                assert!(parties.contains(&r[0]), "{:?}", r[0]);
            }
        }
        let all: Vec<&String> = sheets
            .iter()
            .flat_map(|(_, r)| r.iter().flatten())
            .collect();
        for id in parties.iter().chain(&contracts) {
            assert!(all.iter().any(|c| c.contains(id.as_str())), "{id} shown");
        }
        let annex = dir.path().join(format!("a-{lang}.xlsx"));
        ok(&[
            "--lang",
            lang,
            "annex",
            HOSTILE,
            "--today",
            TODAY,
            "-o",
            s(&annex),
        ]);
        assert!(formulas(&annex).is_empty());
        read_xlsx(&annex);
    }
}

#[test]
fn hostile_csv_cells_are_neutralised_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("h");
    ok(&["checklist", HOSTILE, "-f", "csv", "-o", s(&folder)]);
    let mut files = Vec::new();
    for e in std::fs::read_dir(&folder).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '~')),
            "{name}"
        );
        assert!(!name.starts_with(['.', '-']));
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&p)
            .unwrap();
        let mut rows = Vec::new();
        for rec in r.records() {
            let rec: Vec<String> = rec.unwrap().iter().map(String::from).collect();
            for cell in &rec {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name}: cell {cell:?} could run as a formula"
                );
            }
            rows.push(rec);
        }
        // Fill every row "implemented" and keep the file.
        let mut w = csv::Writer::from_writer(Vec::new());
        for (i, mut row) in rows.into_iter().enumerate() {
            if i > 0 {
                row[13] = "implemented".into();
            }
            w.write_record(&row).unwrap();
        }
        std::fs::write(&p, w.into_inner().unwrap()).unwrap();
        files.push(p);
    }
    assert_eq!(files.len(), hostile_ids().0.len());
    // The neutralised ids read back as the model's ids.
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let v = check_json(HOSTILE, &refs);
    for p in v["conformance"]["parties"].as_array().unwrap() {
        assert_eq!(p["covered"], true, "{}", p["party"]);
        assert_eq!(p["standard"]["implemented"], p["standard"]["rows"]);
    }
}

/// Every `<`, `|`, `[`, `` ` `` and `*` that comes from the model is escaped.
fn assert_markdown_escaped(md: &str, what: &str) {
    for (i, c) in md.char_indices() {
        if c == '<' {
            assert!(md[..i].ends_with('\\'), "{what}: unescaped < at {i}");
        }
    }
    // An escaped `\[` opens no link.
    assert!(
        !md.replace("\\[", "").contains("[link]("),
        "{what}: a live link"
    );
    for (i, line) in md.lines().enumerate() {
        assert!(
            !line.contains('\t') && !line.contains('\r'),
            "{what}:{i}: control"
        );
        // Table rows keep their column count: unescaped pipes only between cells.
        if line.starts_with("| ") {
            let cells = line.replace("\\|", "").matches('|').count();
            assert!(
                cells == 3 || cells == 8,
                "{what}:{i}: {cells} pipes in {line}"
            );
        }
    }
}

#[test]
fn hostile_markdown_is_escaped() {
    for lang in ["en", "ja"] {
        let md = ok(&["--lang", lang, "checklist", HOSTILE]);
        assert_markdown_escaped(&md, "checklist");
        assert!(md.contains("\\<script>alert(1)\\</script>"));
        assert!(md.contains("🎉"));
        let annex = ok(&["--lang", lang, "annex", HOSTILE, "--today", TODAY]);
        assert_markdown_escaped(&annex, "annex");
        assert!(annex.contains("\\<img src=x onerror=alert(1)>"));
    }
}

#[test]
fn hostile_check_json_with_status_is_valid_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h.xlsx");
    ok(&["checklist", HOSTILE, "-o", s(&out)]);
    let filled = fill_sheets(&read_xlsx(&out), &|_, i| CYCLE[i % 5].into());
    write_xlsx(&out, &filled);
    let v = check_json(HOSTILE, &[&out]);
    let (parties, _) = hostile_ids();
    let got: Vec<&str> = v["conformance"]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["party"].as_str().unwrap())
        .collect();
    for p in &got {
        assert!(parties.iter().any(|x| x == p));
    }
    assert_eq!(got.len(), parties.len());
}
