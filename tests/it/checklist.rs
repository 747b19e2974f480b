//! The self-declaration checklist and the contract annex: golden Markdown and CSV on the bundled
//! models, XLSX checked structurally with calamine, byte-identical output, the round trip
//! (generate → fill programmatically → `check --status` → conformance), every error class of a
//! filled-in file, and the hostile model in every format.
//!
//! Run `INSTA_UPDATE=always cargo test --test it checklist::` to accept changed golden output.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};

mod hostile;
mod round_trip;
mod status_errors;
mod xlsx;

const TODAY: &str = "2026-11-25";
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const HOSTILE: &str = "tests/fixtures/hostile-formats.ron";

fn models() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("models"))
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "ron").then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    v.sort();
    v
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Run rolemap in the repository root with a clean locale and no colour, quiet about the
/// files it writes (the `outfiles` tests check that line).
fn rolemap(args: &[&str]) -> Out {
    let out = Command::cargo_bin("rolemap")
        .unwrap()
        .current_dir(ROOT)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .arg("-q")
        .args(args)
        .output()
        .unwrap();
    Out {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Run and expect success with nothing on stderr; return stdout.
fn ok(args: &[&str]) -> String {
    let o = rolemap(args);
    assert_eq!(o.code, 0, "{args:?} failed:\n{}", o.stderr);
    assert!(o.stderr.is_empty(), "stderr for {args:?}:\n{}", o.stderr);
    o.stdout
}

fn snap(name: &str, args: &[&str]) {
    let output = ok(args);
    insta::with_settings!({ snapshot_suffix => name.to_string(), prepend_module_to_snapshot => false, omit_expression => true, description => args.join(" ") }, {
        insta::assert_snapshot!(output);
    });
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---------------------------------------------------------------- golden output

#[test]
fn annex_markdown_on_every_model() {
    for m in models() {
        let path = format!("models/{m}.ron");
        snap(
            &format!("annex-md-{m}"),
            &["annex", &path, "--today", TODAY],
        );
    }
    snap(
        "annex-md-ja-service",
        &[
            "--lang",
            "ja",
            "annex",
            "models/service.ron",
            "--today",
            TODAY,
        ],
    );
    snap(
        "annex-md-one-contract",
        &[
            "annex",
            "models/ministry-benefits.ron",
            "--contract",
            "pdf-engine",
            "--today",
            TODAY,
        ],
    );
}

#[test]
fn checklist_markdown_on_bundled_models() {
    for m in ["product", "service"] {
        let path = format!("models/{m}.ron");
        snap(&format!("checklist-md-{m}"), &["checklist", &path]);
    }
    snap(
        "checklist-md-ja-service",
        &["--lang", "ja", "checklist", "models/service.ron"],
    );
    snap(
        "checklist-md-ministry-benefits-prime",
        &[
            "checklist",
            "models/ministry-benefits.ron",
            "--party",
            "prime",
        ],
    );
}

#[test]
fn checklist_csv_of_every_party_of_every_model() {
    let catalog = rolemap::Catalog::builtin();
    for m in models() {
        let path = format!("models/{m}.ron");
        let model = rolemap::load::load_model(
            s(&Path::new(ROOT).join(&path)),
            &catalog,
            rolemap::load::DEFAULT_MAX_SIZE,
        )
        .unwrap();
        // Large models: one party is enough to catch a change; small ones: every party.
        let parties: Vec<&str> = if model.parties.len() > 6 {
            vec![model.parties[0].id.as_str(), "prime"]
                .into_iter()
                .filter(|p| model.party(p).is_some())
                .collect()
        } else {
            model.parties.iter().map(|p| p.id.as_str()).collect()
        };
        let mut text = String::new();
        for p in parties {
            text.push_str(&format!("---- {p}\n"));
            text.push_str(&ok(&["checklist", &path, "--party", p, "--format", "csv"]));
        }
        insta::with_settings!({ snapshot_suffix => format!("checklist-csv-{m}"), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(text);
        });
    }
    snap(
        "checklist-csv-ja-service",
        &[
            "--lang",
            "ja",
            "checklist",
            "models/service.ron",
            "--party",
            "service-provider",
            "--format",
            "csv",
        ],
    );
}

// ---------------------------------------------------------------- XLSX helpers

/// Every sheet of a workbook as (name, rows of cell text), cells at their absolute position.
fn read_xlsx(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (h, w) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
        let mut rows = vec![vec![String::new(); w as usize]; h as usize];
        for (r, c, d) in range.used_cells() {
            let (r0, c0) = range.start().unwrap();
            let (r, c) = (r + r0 as usize, c + c0 as usize);
            rows[r][c] = match d {
                Data::String(s) => s.clone(),
                Data::Empty => String::new(),
                // Counts are numbers (the `spreadsheets` tests check which cells are).
                Data::Float(f) if f.fract() == 0.0 => format!("{f}"),
                other => panic!("{name}: cell ({r}, {c}) is neither text nor a count: {other:?}"),
            };
        }
        out.push((name, rows));
    }
    out
}

/// Every formula in a workbook (there must be none).
fn formulas(path: &Path) -> Vec<(String, String)> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let f = wb.worksheet_formula(&name).unwrap();
        for (_, _, s) in f.used_cells() {
            if !s.is_empty() {
                out.push((name.clone(), s.clone()));
            }
        }
    }
    out
}

/// The XML of every worksheet part of a workbook.
fn sheet_xml(path: &Path) -> Vec<String> {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut names: Vec<String> = (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| {
            let mut s = String::new();
            z.by_name(n).unwrap().read_to_string(&mut s).unwrap();
            s
        })
        .collect()
}

const HEADER_ROW: usize = 3;

fn col(rows: &[Vec<String>], header: &str) -> usize {
    rows[HEADER_ROW]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[HEADER_ROW]))
}

/// Write a workbook of string cells (a filled-in checklist) with rust_xlsxwriter.
fn write_xlsx(path: &Path, sheets: &[(String, Vec<Vec<String>>)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, v).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

// ---------------------------------------------------------------- XLSX structure

// ---------------------------------------------------------------- round trip

/// The statuses a test fills in, in turn.
const CYCLE: [&str; 5] = ["implemented", "実施済", "partial", "missing", ""];

/// Fill the status column of every party sheet in turn from `pick(row index)`; returns the
/// sheets with the statuses, ready to write.
fn fill_sheets(
    sheets: &[(String, Vec<Vec<String>>)],
    pick: &dyn Fn(&str, usize) -> String,
) -> Vec<(String, Vec<Vec<String>>)> {
    sheets
        .iter()
        .map(|(name, rows)| {
            let mut rows = rows.clone();
            if rows.len() > HEADER_ROW && rows[HEADER_ROW].iter().any(|h| h == "status") {
                let st = col(&rows, "status");
                let ev = col(&rows, "evidence");
                for (i, row) in rows[HEADER_ROW + 1..].iter_mut().enumerate() {
                    row.resize(16, String::new());
                    row[st] = pick(name, i);
                    row[ev] = format!("doc-{i}");
                }
            }
            (name.clone(), rows)
        })
        .collect()
}

fn check_json(model: &str, status: &[&Path]) -> serde_json::Value {
    let mut args = vec![
        "check",
        model,
        "--today",
        TODAY,
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    for p in status {
        args.push("--status");
        args.push(s(p));
    }
    serde_json::from_str(&ok(&args)).unwrap()
}

fn party_conf<'v>(v: &'v serde_json::Value, party: &str) -> &'v serde_json::Value {
    v["conformance"]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == party)
        .unwrap_or_else(|| panic!("no conformance for {party}"))
}

// ---------------------------------------------------------------- errors in filled files

/// Run `check --status` on files expected to be bad: exit 2, nothing written, stderr returned.
fn bad(status: &[&Path]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    let mut args = vec![
        "check",
        "models/service.ron",
        "--today",
        TODAY,
        "-o",
        s(&out),
    ];
    for p in status {
        args.push("--status");
        args.push(s(p));
    }
    let o = rolemap(&args);
    assert_eq!(o.code, 2, "stdout:\n{}\nstderr:\n{}", o.stdout, o.stderr);
    assert!(!out.exists(), "nothing may be written");
    assert!(o.stderr.contains("nothing was written"));
    o.stderr
}

fn blank_service(dir: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let blank = dir.join("blank.xlsx");
    ok(&["checklist", "models/service.ron", "-o", s(&blank)]);
    read_xlsx(&blank)
}

// ---------------------------------------------------------------- the hostile model

// ---------------------------------------------------------------- docs

/// The column tables of docs/checklist.md are generated from the code's descriptions; a stale
/// table fails; `ROLEMAP_BLESS=1 cargo test --test it checklist::` rewrites it.
#[test]
fn docs_describe_every_column() {
    use rolemap::checklist::Column;
    use rolemap::checklist::render::column_help;
    let path = Path::new(ROOT).join("docs/checklist.md");
    let mut doc = std::fs::read_to_string(&path).unwrap();
    for (lang, code, head) in [
        (rolemap::Lang::En, "en", "| column | what it holds |"),
        (rolemap::Lang::Ja, "ja", "| 列 | 内容 |"),
    ] {
        let mut table = format!("{head}\n|---|---|\n");
        for c in Column::ALL {
            table.push_str(&format!(
                "| `{}` | {} |\n",
                c.header(lang),
                column_help(c, lang)
            ));
        }
        let open = format!("<!-- columns:{code} ");
        let close = format!("<!-- /columns:{code} -->");
        let start = doc.find(&open).expect("an opening marker");
        let start = start + doc[start..].find("-->\n").unwrap() + 4;
        let end = doc.find(&close).expect("a closing marker");
        if crate::common::bless() {
            doc.replace_range(start..end, &table);
        } else {
            assert_eq!(
                &doc[start..end],
                table,
                "docs/checklist.md ({code}) is stale: run `ROLEMAP_BLESS=1 cargo test --test it checklist::`"
            );
        }
    }
    if crate::common::bless() {
        std::fs::write(&path, doc).unwrap();
    }
}
