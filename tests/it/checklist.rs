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

#[test]
fn checklist_xlsx_structure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("service.xlsx");
    ok(&["checklist", "models/service.ron", "-o", s(&out)]);
    let sheets = read_xlsx(&out);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Summary",
            "service-user",
            "service-provider",
            "dev-support",
            "infra-provider"
        ]
    );
    // Each party sheet has the header on row 4 and the same rows as the CSV checklist.
    for (name, rows) in &sheets[1..] {
        let header: Vec<&str> = rows[HEADER_ROW].iter().map(String::as_str).collect();
        assert_eq!(header[0], "party");
        assert_eq!(header[2], "id");
        assert_eq!(header[13], "status");
        let csv = ok(&[
            "checklist",
            "models/service.ron",
            "--party",
            name,
            "-f",
            "csv",
        ]);
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let csv_rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(String::from).collect())
            .collect();
        let xlsx_rows: Vec<Vec<String>> = rows[HEADER_ROW + 1..]
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.resize(16, String::new());
                r
            })
            .collect();
        assert_eq!(xlsx_rows, csv_rows, "sheet {name}");
        assert!(xlsx_rows.iter().all(|r| &r[0] == name));
    }
    // The summary names every party's sheet and describes every column.
    let summary = &sheets[0].1;
    let flat: Vec<&str> = summary.iter().flatten().map(String::as_str).collect();
    for p in [
        "service-user",
        "service-provider",
        "dev-support",
        "infra-provider",
    ] {
        assert!(flat.contains(&p));
    }
    assert!(flat.contains(&"inferences (our reading)"));
    // Frozen header, autofilter and a drop-down list of statuses on every party sheet.
    let xml = sheet_xml(&out);
    assert_eq!(xml.len(), 5);
    for x in &xml[1..] {
        assert!(x.contains(r#"state="frozen""#), "frozen pane");
        assert!(x.contains("<autoFilter ref=\"A4:P"), "autofilter");
        assert!(
            x.contains(r#"<dataValidation type="list""#)
                && x.contains("implemented,partial,missing,not-applicable"),
            "drop-down list"
        );
    }
    assert!(formulas(&out).is_empty());
}

#[test]
fn japanese_xlsx_has_japanese_headers_and_drop_down() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ja.xlsx");
    ok(&[
        "--lang",
        "ja",
        "checklist",
        "models/product.ron",
        "-o",
        s(&out),
    ]);
    let sheets = read_xlsx(&out);
    assert_eq!(sheets[0].0, "概要");
    assert_eq!(sheets[1].1[HEADER_ROW][13], "実施状況");
    assert!(sheet_xml(&out)[1].contains("実施済,一部実施,未実施,該当なし"));
    // Japanese headers and words read back like English ones.
    let mut sheets = sheets;
    for (_, rows) in sheets.iter_mut().skip(1) {
        let st = col(rows, "実施状況");
        for row in rows[HEADER_ROW + 1..].iter_mut() {
            row.resize(16, String::new());
            row[st] = "該当なし".into();
        }
    }
    let filled = dir.path().join("ja-filled.xlsx");
    write_xlsx(&filled, &sheets);
    let v = check_json("models/product.ron", &[&filled]);
    for p in v["conformance"]["parties"].as_array().unwrap() {
        assert_eq!(p["standard"]["not_applicable"], p["standard"]["rows"]);
        assert_eq!(p["standard"]["applicable"], 0);
        assert_eq!(p["standard"]["conforms"], false, "nothing to conform with");
    }
}

#[test]
fn xlsx_output_is_byte_identical_for_the_same_input() {
    let dir = tempfile::tempdir().unwrap();
    for (cmd, model) in [
        ("checklist", "models/ministry-benefits.ron"),
        ("annex", "models/ministry-benefits.ron"),
        ("checklist", HOSTILE),
        ("annex", HOSTILE),
    ] {
        let a = dir.path().join("a.xlsx");
        let b = dir.path().join("b.xlsx");
        ok(&[cmd, model, "--today", TODAY, "-o", s(&a)]);
        ok(&[cmd, model, "--today", TODAY, "-o", s(&b)]);
        let (x, y) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert!(x.len() > 1000);
        assert!(x == y, "{cmd} {model}: two runs differ");
    }
}

#[test]
fn annex_xlsx_structure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("annex.xlsx");
    ok(&[
        "annex",
        "models/ministry-benefits.ron",
        "--today",
        TODAY,
        "-o",
        s(&out),
    ]);
    let sheets = read_xlsx(&out);
    assert_eq!(sheets[0].0, "Contracts");
    let catalog = rolemap::Catalog::builtin();
    let model = rolemap::load::load_model(
        &format!("{ROOT}/models/ministry-benefits.ron"),
        &catalog,
        rolemap::load::DEFAULT_MAX_SIZE,
    )
    .unwrap();
    assert_eq!(sheets.len(), model.contracts.len() + 1);
    let pdf = sheets
        .iter()
        .find(|(n, _)| n == "pdf-engine")
        .expect("a sheet per contract");
    let flat: Vec<&str> = pdf.1.iter().flatten().map(String::as_str).collect();
    assert!(flat.iter().any(|c| c.starts_with("NOT ESTABLISHED")));
    assert!(flat.contains(&"waived"));
    // The clauses are numbered and in the annex's language only.
    assert!(flat.contains(&"Clause 1"));
    assert!(
        flat.iter()
            .any(|c| c.starts_with("1. In performing this contract, the Contractor shall"))
    );
    assert!(
        !flat
            .iter()
            .any(|c| c.contains("受注者は、本契約の履行にあたり"))
    );
    assert!(formulas(&out).is_empty());
    // One contract only.
    let one = dir.path().join("one.xlsx");
    ok(&[
        "annex",
        "models/ministry-benefits.ron",
        "--contract",
        "operation",
        "-o",
        s(&one),
    ]);
    let names: Vec<String> = read_xlsx(&one).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Contracts", "operation"]);
}

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

#[test]
fn xlsx_round_trip_gives_the_expected_conformance() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.xlsx");
    ok(&["checklist", "models/service.ron", "-o", s(&blank)]);
    let sheets = read_xlsx(&blank);
    let filled = fill_sheets(&sheets, &|_, i| CYCLE[i % 5].to_string());
    let path = dir.path().join("filled.xlsx");
    write_xlsx(&path, &filled);

    // Expected counts, worked out from the file itself.
    let v = check_json("models/service.ron", &[&path]);
    assert_eq!(v["schema"], "rolemap/check/v1");
    for (name, rows) in &filled[1..] {
        let pk = col(rows, "package");
        let mut want: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (i, row) in rows[HEADER_ROW + 1..].iter().enumerate() {
            let status = match CYCLE[i % 5] {
                "implemented" | "実施済" => "implemented",
                "" => "not_filled",
                s => s,
            };
            for pkg in ["mandatory", "standard"] {
                // "mandatory" or "mandatory (inferred)".
                if pkg == "standard" || row[pk].starts_with("mandatory") {
                    *want.entry((pkg, status)).or_default() += 1;
                    *want.entry((pkg, "rows")).or_default() += 1;
                }
            }
        }
        let got = party_conf(&v, name);
        assert_eq!(got["covered"], true);
        for ((pkg, k), n) in &want {
            assert_eq!(got[pkg][k], *n, "{name} {pkg} {k}");
        }
        assert_eq!(got["rows"][0]["evidence"], "doc-0");
        assert_eq!(got["rows"][0]["sheet"], name.as_str());
        assert_eq!(got["rows"][0]["row"], 5);
    }
}

#[test]
fn conformance_line_reads_like_a_sentence() {
    // dev-support: every row implemented but the first (partial) and the second (missing).
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.xlsx");
    ok(&[
        "checklist",
        "models/service.ron",
        "--party",
        "dev-support",
        "-o",
        s(&blank),
    ]);
    let filled = fill_sheets(&read_xlsx(&blank), &|_, i| {
        match i {
            0 => "一部実施",
            1 => "missing",
            _ => "implemented",
        }
        .to_string()
    });
    let path = dir.path().join("dev-support.xlsx");
    write_xlsx(&path, &filled);
    let text = ok(&[
        "check",
        "models/service.ron",
        "--today",
        TODAY,
        "--status",
        s(&path),
    ]);
    assert!(
        text.contains(
            "  dev-support: Mandatory 21/23 implemented, 1 partial, 1 missing\n               Standard 22/24 implemented, 1 partial, 1 missing\n"
        ),
        "{text}"
    );
    assert!(text.contains("service-user: no checklist read (21 rows not filled)"));
    let ja = ok(&[
        "--lang",
        "ja",
        "check",
        "models/service.ron",
        "--today",
        TODAY,
        "--status",
        s(&path),
    ]);
    assert!(
        ja.contains("dev-support: 必須 21/23 実施済、一部実施 1、未実施 1"),
        "{ja}"
    );
}

#[test]
fn csv_round_trip_per_party_folder_and_mixed_with_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("csv");
    ok(&[
        "checklist",
        "models/service.ron",
        "-f",
        "csv",
        "-o",
        s(&folder),
    ]);
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "dev-support.csv",
            "infra-provider.csv",
            "service-provider.csv",
            "service-user.csv"
        ]
    );
    // Fill infra-provider's CSV: all not applicable but the first row.
    let infra = folder.join("infra-provider.csv");
    let mut r = csv::Reader::from_path(&infra).unwrap();
    let head = r.headers().unwrap().clone();
    let st = head.iter().position(|h| h == "status").unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&head).unwrap();
    let mut n = 0;
    for (i, rec) in r.records().enumerate() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        rec[st] = if i == 0 {
            "implemented"
        } else {
            "not applicable"
        }
        .into();
        w.write_record(&rec).unwrap();
        n += 1;
    }
    std::fs::write(&infra, w.into_inner().unwrap()).unwrap();
    // And service-user's in an XLSX: all implemented.
    let blank = dir.path().join("user.xlsx");
    ok(&[
        "checklist",
        "models/service.ron",
        "--party",
        "service-user",
        "-o",
        s(&blank),
    ]);
    let user = dir.path().join("user-filled.xlsx");
    write_xlsx(
        &user,
        &fill_sheets(&read_xlsx(&blank), &|_, _| "実施済".into()),
    );

    let v = check_json("models/service.ron", &[&infra, &user]);
    let i = party_conf(&v, "infra-provider");
    assert_eq!(i["standard"]["rows"], n);
    assert_eq!(i["standard"]["implemented"], 1);
    assert_eq!(i["standard"]["not_applicable"], n - 1);
    assert_eq!(i["standard"]["applicable"], 1);
    assert_eq!(i["standard"]["conforms"], true);
    let u = party_conf(&v, "service-user");
    assert_eq!(u["mandatory"]["implemented"], u["mandatory"]["rows"]);
    assert_eq!(u["mandatory"]["conforms"], true);
    let p = party_conf(&v, "service-provider");
    assert_eq!(p["covered"], false);
    assert_eq!(p["standard"]["not_filled"], p["standard"]["rows"]);
    assert_eq!(v["conformance"]["files"].as_array().unwrap().len(), 2);
}

#[test]
fn library_round_trip() {
    use rolemap::checklist::{Declared, conformance, read_status, rows};
    let catalog = rolemap::Catalog::builtin();
    let model = rolemap::load::load_model(
        &format!("{ROOT}/models/product.ron"),
        &catalog,
        rolemap::load::DEFAULT_MAX_SIZE,
    )
    .unwrap();
    let a = rolemap::analyse(
        &model,
        &catalog,
        rolemap::Options {
            package: None,
            today: rolemap::Date::parse(TODAY).unwrap(),
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.xlsx");
    std::fs::write(
        &path,
        rolemap::checklist::xlsx::checklist_xlsx(&a, None, rolemap::Lang::En).unwrap(),
    )
    .unwrap();
    let filled = fill_sheets(&read_xlsx(&path), &|_, _| "partial".into());
    write_xlsx(&path, &filled);
    let set = read_status(&path).unwrap();
    assert_eq!(set.entries.len(), rows(&a, None).len());
    let c = conformance(&a, &set).unwrap();
    for p in &c.parties {
        assert!(p.covered);
        assert_eq!(p.standard.partial, p.standard.rows);
        assert!(p.rows.iter().all(|r| r.status == Some(Declared::Partial)));
    }
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

#[test]
fn each_error_class_names_file_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let sheets = blank_service(dir.path());
    let sp = sheets
        .iter()
        .position(|(n, _)| n == "service-provider")
        .unwrap();
    let edit = |f: &dyn Fn(&mut Vec<Vec<String>>)| {
        let mut sh = sheets.clone();
        f(&mut sh[sp].1);
        let p = dir.path().join("edited.xlsx");
        write_xlsx(&p, &sh);
        p
    };
    type Edit = Box<dyn Fn(&mut Vec<Vec<String>>)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "unknown status",
            Box::new(|r| {
                let c = col(r, "status");
                r[6][c] = "done".into();
            }),
            "error[unknown-status]: unknown status \"done\"\n  --> FILE, sheet \"service-provider\", row 7, column N (status)",
        ),
        (
            "unknown party",
            Box::new(|r| r[5][0] = "servce-provider".into()),
            "error[unknown-party]: unknown party \"servce-provider\": the model has no such party\n  --> FILE, sheet \"service-provider\", row 6, column A (party)\n  = help: did you mean \"service-provider\"?",
        ),
        (
            "unknown id",
            Box::new(|r| r[4][2] = "S(1)-1.9".into()),
            "error[unknown-id]: unknown requirement or item \"S(1)-1.9\"\n  --> FILE, sheet \"service-provider\", row 5, column C (id)\n  = help: did you mean",
        ),
        (
            "unknown role",
            Box::new(|r| r[4][5] = "develop".into()),
            "error[unknown-role]: unknown role \"develop\"\n  --> FILE, sheet \"service-provider\", row 5, column F (role)",
        ),
        (
            "duplicate row",
            Box::new(|r| {
                let again = r[4].clone();
                r.push(again);
            }),
            "error[duplicate-row]: the same row (party, id, role) is given twice\n  --> FILE, sheet \"service-provider\", row 43\n  = help: first given at FILE, sheet \"service-provider\", row 5; keep one of the two",
        ),
        (
            "not on the checklist",
            Box::new(|r| r[4][5] = "operator".into()),
            "error[not-on-checklist]: no row S(1)-1.1 for operator on the checklist of party \"service-provider\"",
        ),
        (
            "empty key cell",
            Box::new(|r| {
                r[4][2] = String::new();
                let c = col(r, "status");
                r[4][c] = "missing".into();
            }),
            "error[empty-cell]: this cell must not be empty\n  --> FILE, sheet \"service-provider\", row 5, column C (id)",
        ),
        (
            "missing column",
            Box::new(|r| r[HEADER_ROW][5] = "rôle".into()),
            "error[missing-column]: the header row has no column `role`\n  --> FILE, sheet \"service-provider\", row 4",
        ),
        (
            "duplicate column",
            Box::new(|r| r[HEADER_ROW][15] = "実施状況".into()),
            "error[duplicate-column]: column `実施状況` appears twice in the header row\n  --> FILE, sheet \"service-provider\", row 4, column P (実施状況)",
        ),
    ];
    for (what, f, want) in cases {
        let p = edit(&*f);
        let err = bad(&[&p]);
        let want = want.replace("FILE", s(&p));
        assert!(err.contains(&want), "{what}:\n{err}\nwanted:\n{want}");
    }
}

#[test]
fn every_problem_of_every_file_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let sheets = blank_service(dir.path());
    let mut sh = sheets.clone();
    let st = col(&sh[1].1, "status");
    sh[1].1[4][st] = "done".into();
    sh[1].1[5][0] = "nobody".into();
    let a = dir.path().join("a.xlsx");
    write_xlsx(&a, &sh);
    // The same rows again in a second file: duplicates across files.
    let b = dir.path().join("b.xlsx");
    write_xlsx(&b, &sheets[1..2]);
    let err = bad(&[&a, &b, &dir.path().join("missing.csv")]);
    assert!(err.contains("unknown-status"));
    assert!(err.contains("unknown-party"));
    assert!(err.contains("duplicate-row"));
    assert!(err.contains(&format!("first given at {}", s(&a))));
    assert!(err.contains("error[io]"));
    assert!(err.contains("problems; nothing was written"));
}

#[test]
fn file_level_errors() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("status.txt");
    std::fs::write(&txt, "x").unwrap();
    assert!(bad(&[&txt]).contains("error[unknown-format]: unknown checklist format `txt`"));
    let sjis = dir.path().join("sjis.csv");
    std::fs::write(&sjis, b"party,id\n\x82\xa0\n").unwrap();
    let e = bad(&[&sjis]);
    assert!(
        e.contains("error[not-utf8]") && e.contains("CSV UTF-8"),
        "{e}"
    );
    let fake = dir.path().join("fake.xlsx");
    std::fs::write(&fake, "not a zip").unwrap();
    assert!(bad(&[&fake]).contains("error[bad-workbook]"));
    let noheader = dir.path().join("noheader.csv");
    std::fs::write(&noheader, "a,b\n1,2\n").unwrap();
    assert!(bad(&[&noheader]).contains("error[no-header]"));
    // Errors as JSON on stdout too, with sheet, row and column.
    let sheets = blank_service(dir.path());
    let mut sh = sheets.clone();
    let st = col(&sh[2].1, "status");
    sh[2].1[9][st] = "yes".into();
    let p = dir.path().join("j.xlsx");
    write_xlsx(&p, &sh);
    let o = rolemap(&[
        "check",
        "models/service.ron",
        "--format",
        "json",
        "--status",
        s(&p),
    ]);
    assert_eq!(o.code, 2);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["schema"], "rolemap/errors/v1");
    let e = &v["errors"][0];
    assert_eq!(e["code"], "unknown-status");
    assert_eq!(e["sheet"], "service-provider");
    assert_eq!(e["row"], 10);
    assert_eq!(e["column_letter"], "N");
    assert!(
        o.stderr
            .contains("no result was written, the problems are on standard output as JSON"),
        "{}",
        o.stderr
    );
}

#[test]
fn csv_errors_name_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sp.csv");
    ok(&[
        "checklist",
        "models/service.ron",
        "--party",
        "service-provider",
        "-f",
        "csv",
        "-o",
        s(&p),
    ]);
    let text = std::fs::read_to_string(&p).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    rows[3][13] = "ok".into();
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in &rows {
        w.write_record(row).unwrap();
    }
    std::fs::write(&p, w.into_inner().unwrap()).unwrap();
    let e = bad(&[&p]);
    assert!(
        e.contains(&format!("{}, row 4, column N (status)", s(&p))),
        "{e}"
    );
}

#[test]
fn outputs_never_overwrite_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.ron");
    std::fs::copy(format!("{ROOT}/models/product.ron"), &model).unwrap();
    let before = std::fs::read(&model).unwrap();
    for args in [
        vec!["checklist", s(&model), "-f", "md", "-o", s(&model)],
        vec!["checklist", s(&model), "-f", "xlsx", "-o", s(&model)],
        vec!["annex", s(&model), "-f", "xlsx", "-o", s(&model)],
    ] {
        // A model's extension is no checklist's nor annex's: refused before anything is read.
        let o = rolemap(&args);
        assert_eq!(o.code, 2, "{args:?}");
        assert!(o.stderr.contains("cannot write .ron files"), "{}", o.stderr);
    }
    assert_eq!(std::fs::read(&model).unwrap(), before);
    // A filled-in checklist is an input of check too.
    let csv = dir.path().join("s.csv");
    ok(&[
        "checklist",
        s(&model),
        "--party",
        "dev-vendor",
        "-f",
        "csv",
        "-o",
        s(&csv),
    ]);
    let kept = std::fs::read(&csv).unwrap();
    let o = rolemap(&["check", s(&model), "--status", s(&csv), "-o", s(&csv)]);
    // `check` writes no CSV: refused by the extension, before the file could be touched.
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("cannot write .csv files"), "{}", o.stderr);
    assert_eq!(std::fs::read(&csv).unwrap(), kept);
}

#[test]
fn usage_errors() {
    let o = rolemap(&["checklist", "models/service.ron", "--party", "servce-user"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("did you mean \"service-user\"?"));
    let o = rolemap(&["checklist", "models/service.ron", "-f", "xlsx"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("-o FILE.xlsx"));
    let o = rolemap(&["checklist", "models/service.ron", "-f", "csv"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("--party ID"));
    let o = rolemap(&["annex", "models/service.ron", "--contract", "hostng"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("did you mean \"hosting\"?"));
}

#[test]
fn check_without_status_has_no_conformance_section() {
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "check",
        "models/service.ron",
        "--today",
        TODAY,
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(v.get("conformance").is_none());
}

// ---------------------------------------------------------------- the hostile model

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

#[test]
fn a_crafted_filled_file_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheets = blank_service(dir.path());
    let st = col(&sheets[1].1, "status");
    sheets[1].1[4][st] = "\u{1b}]0;pwned\u{7}\u{1b}[31m".into();
    sheets[1].1[5][0] = "x\u{1b}[2J\u{202e}y".into();
    sheets[1].1[HEADER_ROW][15] = "status\u{1b}[1m".into();
    let p = dir.path().join("crafted.xlsx");
    write_xlsx(&p, &sheets);
    let err = bad(&[&p]);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}') && !err.contains('\u{202e}'));
    assert!(err.contains("unknown status \"␛]0;pwned␇␛[31m\""), "{err}");
}
