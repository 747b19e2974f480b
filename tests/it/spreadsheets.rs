//! Spreadsheets people open (issue 12, item 4): Japanese CSV that Excel reads as UTF-8 (a byte
//! order mark, `--no-bom` / `--bom`), headers and values in words, the all-parties matrix
//! workbook with its findings sheet, numbers stored as numbers, widths and a Japanese-capable
//! font.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::common::{TODAY, rolemap};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Run quietly in the repository root; (exit code, stdout bytes, stderr).
fn run(args: &[&str]) -> (i32, Vec<u8>, String) {
    let o = rolemap()
        .arg("-q")
        .args(args)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        o.stdout,
        String::from_utf8(o.stderr).unwrap(),
    )
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes.strip_prefix(BOM).unwrap_or(bytes)).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn japanese_csv_has_a_bom_unless_asked_not_and_english_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let m = "models/service.ron";
    let cases: &[(&[&str], bool)] = &[
        (&["--lang", "ja", "matrix", m, "-f", "csv"], true),
        (
            &["--lang", "ja", "matrix", m, "-f", "csv", "--no-bom"],
            false,
        ),
        (&["matrix", m, "-f", "csv"], false),
        (&["matrix", m, "-f", "csv", "--bom"], true),
        // The last of the two wins.
        (&["matrix", m, "-f", "csv", "--bom", "--no-bom"], false),
        (
            &[
                "--lang",
                "ja",
                "checklist",
                m,
                "--party",
                "dev-support",
                "-f",
                "csv",
            ],
            true,
        ),
        (
            &[
                "--lang",
                "ja",
                "checklist",
                m,
                "--party",
                "dev-support",
                "-f",
                "csv",
                "--no-bom",
            ],
            false,
        ),
        (
            &["checklist", m, "--party", "dev-support", "-f", "csv"],
            false,
        ),
    ];
    for (args, bom) in cases {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(out.starts_with(BOM), *bom, "{args:?}");
        assert!(!out[3..].starts_with(BOM), "one mark only");
    }
    // A file too, and every file of a folder; the checklist reader takes the mark back.
    let folder = dir.path().join("lists");
    let (code, _, err) = run(&[
        "--lang",
        "ja",
        "checklist",
        m,
        "-f",
        "csv",
        "-o",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut statuses = Vec::new();
    for e in std::fs::read_dir(&folder).unwrap() {
        let p = e.unwrap().path();
        assert!(
            std::fs::read(&p).unwrap().starts_with(BOM),
            "{}",
            p.display()
        );
        statuses.push(p);
    }
    let mut args = vec!["--lang", "ja", "check", m];
    for p in &statuses {
        args.extend(["--status", p.to_str().unwrap()]);
    }
    let (code, _, err) = run(&args);
    assert!(code == 0 || code == 1, "the BOM files read back: {err}");
}

#[test]
fn japanese_matrix_csv_translates_headers_and_values() {
    let (_, out, _) = run(&["--lang", "ja", "matrix", "models/service.ron", "-f", "csv"]);
    let rows = csv_rows(&out);
    assert_eq!(
        rows[0][..6],
        ["要求事項", "個別要求", "名称", "役割", "パッケージ", "状態"]
    );
    let roles: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();
    let statuses: Vec<&str> = rows[1..].iter().map(|r| r[5].as_str()).collect();
    let packages: Vec<&str> = rows[1..].iter().map(|r| r[4].as_str()).collect();
    assert!(
        roles.contains(&"開発者") && roles.contains(&"運用者"),
        "{roles:?}"
    );
    assert!(statuses.contains(&"割当済"), "{statuses:?}");
    assert!(
        packages.iter().all(|p| ["必須", "標準"].contains(p)),
        "{packages:?}"
    );
    // No English key is left among the values.
    for r in &rows[1..] {
        for v in &r[3..6] {
            assert!(!v.is_ascii(), "untranslated {v:?} in {r:?}");
        }
    }
    // English keeps the keys for scripts.
    let (_, out, _) = run(&["matrix", "models/service.ron", "-f", "csv"]);
    let rows = csv_rows(&out);
    assert_eq!(
        rows[0][..6],
        ["requirement", "item", "title", "role", "package", "status"]
    );
    assert!(
        rows[1..]
            .iter()
            .any(|r| r[3] == "developer" && r[5] == "assigned")
    );
}

/// Every cell of every sheet: (sheet, rows of cells).
fn read(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

fn part(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn matrix_workbook_has_every_party_and_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, model) in [
        ("en", "models/service.ron"),
        ("ja", "models/ministry-benefits.ron"),
    ] {
        let out = dir.path().join(format!("m-{lang}.xlsx"));
        let (code, _, err) = run(&["--lang", lang, "matrix", model, "-o", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        // The same rows and marks as the CSV, party by party.
        let (_, csv, _) = run(&["--lang", lang, "matrix", model, "-f", "csv"]);
        let csv = csv_rows(&csv);
        let sheets = read(&out);
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        let want = if lang == "en" {
            ["Matrix", "Findings"]
        } else {
            ["責任分担表", "指摘"]
        };
        assert_eq!(names, want);
        let rows = &sheets[0].1;
        let h = 4;
        // The CSV's fixed columns end with `package_inferred`.
        let parties = csv[0].len() - 7;
        assert_eq!(
            rows[h].len(),
            7 + parties,
            "requirement..scope, then a column per party"
        );
        for (k, c) in csv[1..].iter().enumerate() {
            let r = &rows[h + 1 + k];
            assert_eq!(text(&r[0]), c[0]);
            assert_eq!(text(&r[1]), c[1]);
            assert_eq!(text(&r[2]), c[2]);
            for p in 0..parties {
                assert_eq!(text(&r[7 + p]), c[7 + p], "row {k} party {p}");
            }
        }
        assert_eq!(rows.len(), h + csv.len(), "every row of the matrix");
        // Party headers carry the name and the id.
        let m = rolemap::load::load_model(
            &crate::common::root().join(model).to_string_lossy(),
            &rolemap::Catalog::builtin(),
            rolemap::load::DEFAULT_MAX_SIZE,
        )
        .unwrap();
        let l = if lang == "en" {
            rolemap::Lang::En
        } else {
            rolemap::Lang::Ja
        };
        for (pi, p) in m.parties.iter().enumerate() {
            let head = text(&rows[h][7 + pi]);
            assert!(
                head.contains(&p.id) && head.contains(p.name.get(l)),
                "{head}"
            );
        }
        // Findings: one row each, line and column as numbers.
        let (_, json, _) = run(&["--lang", lang, "check", model, "-f", "json"]);
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let n = v["findings"].as_array().unwrap().len();
        let f = &sheets[1].1;
        assert_eq!(f.len(), 1 + n.max(1));
        let numbers = f[1..]
            .iter()
            .filter(|r| matches!(r.get(5), Some(Data::Float(_))))
            .count();
        assert!(n == 0 || numbers > 0, "line numbers are numbers");
        // Frozen header row and columns, a filter, widths, fills and the font.
        let xml = part(&out, "xl/worksheets/sheet1.xml");
        assert!(
            xml.contains(r#"state="frozen""#) && xml.contains(r#"topLeftCell="D6""#),
            "frozen"
        );
        assert!(xml.contains("<autoFilter ref=\"A5:"), "autofilter");
        assert!(
            xml.contains("<col ") && xml.contains("customWidth=\"1\""),
            "widths"
        );
        let findings_xml = part(&out, "xl/worksheets/sheet2.xml");
        assert!(findings_xml.contains(r#"state="frozen""#) && findings_xml.contains("<autoFilter"));
        let styles = part(&out, "xl/styles.xml");
        assert!(
            styles.contains(r#"<name val="Yu Gothic"/>"#),
            "a Japanese-capable font"
        );
        assert!(styles.contains("FFC6EFCE"), "the lead's green");
    }
    // Byte-identical for the same input.
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    for p in [&a, &b] {
        run(&[
            "matrix",
            "models/jv.ron",
            "-f",
            "xlsx",
            "-o",
            p.to_str().unwrap(),
        ]);
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // Standard output is refused: a workbook needs a file.
    let (code, _, err) = run(&["matrix", "models/jv.ron", "-f", "xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("-o FILE.xlsx"), "{err}");
}

#[test]
fn counts_in_every_workbook_are_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let checklist = dir.path().join("c.xlsx");
    let annex = dir.path().join("a.xlsx");
    run(&[
        "checklist",
        "models/service.ron",
        "-o",
        checklist.to_str().unwrap(),
    ]);
    run(&["annex", "models/service.ron", "-o", annex.to_str().unwrap()]);
    // Checklist summary: rows, mandatory rows, standard rows.
    let sheets = read(&checklist);
    let summary = &sheets[0].1;
    let head = summary
        .iter()
        .position(|r| r.first().map(text).as_deref() == Some("party"))
        .unwrap();
    let first = &summary[head + 1];
    for (c, d) in first.iter().enumerate().skip(5).take(3) {
        assert!(
            matches!(d, Data::Float(_)),
            "checklist summary column {c}: {d:?}"
        );
    }
    let total = match first[5] {
        Data::Float(f) => f,
        _ => unreachable!(),
    };
    assert_eq!(
        total as usize + 1,
        sheets[1].1.len() - 3,
        "the count is the party's rows"
    );
    // Annex overview: rows and open findings.
    let sheets = read(&annex);
    let overview = &sheets[0].1;
    let numbers = overview
        .iter()
        .flatten()
        .filter(|d| matches!(d, Data::Float(_)))
        .count();
    assert!(numbers >= 2, "annex counts are numbers: {overview:?}");
    assert!(
        part(&annex, "xl/styles.xml").contains(r#"<name val="Yu Gothic"/>"#)
            && part(&checklist, "xl/styles.xml").contains(r#"<name val="Yu Gothic"/>"#)
    );
}

#[test]
fn a_chain_wider_than_excel_is_refused_with_a_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("wide.json");
    let v = rolemap::synth::generate(rolemap::synth::SynthOptions {
        parties: 16_400,
        seed: 1,
    });
    std::fs::write(&model, serde_json::to_string(&v).unwrap()).unwrap();
    let out = dir.path().join("m.xlsx");
    let (code, _, err) = run(&[
        "matrix",
        model.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("at most 16377 parties") && err.contains("-o matrix.csv"),
        "{err}"
    );
    assert!(!out.exists());
    let (_, _, err) = run(&[
        "--lang",
        "ja",
        "matrix",
        model.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("16377 まで"), "{err}");
}
