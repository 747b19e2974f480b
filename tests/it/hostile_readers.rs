//! Readers with limits that count what matters (issue 13, attacks 6, 8 and 9): every hostile
//! input is generated here, run through the command line under a 1 GiB address-space limit
//! (`ulimit -v`, so an allocation past it fails instead of swapping), and must end in exit 2
//! with a clear message or in a correct result, never in an abort.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

/// The address-space limit of every run here, in KiB: 1 GiB. mimalloc reserves address space
/// ahead of use, but a run of rolemap on the bundled models fits in a quarter of this.
const LIMIT_KIB: u64 = 1024 * 1024;

/// Held by the tests whose run reads a large generated input (tens of MB, a million rows),
/// so that at most one of them runs at a time: their results never depend on how many others
/// share the machine's memory and cores with them.
static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Run rolemap under the memory limit.
fn limited(args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_rolemap");
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit 2 with `needle` in the message, no panic, no abort.
fn refused(o: &Output, needle: &str) -> String {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    assert!(e.contains(needle), "expected {needle:?} in: {e}");
    e
}

const MODEL: &str = r#"(
    name: "ok",
    parties: {
        "owner": (name: "Owner", division: Customer, operates: true),
        "vendor": (name: "Vendor", division: Provider),
    },
    contracts: [(id: "dev", client: "owner", contractor: "vendor", kind: Development, security_terms: true)],
)"#;

fn model(dir: &Path) -> String {
    let f = dir.join("model.ron");
    std::fs::write(&f, MODEL).unwrap();
    f.to_string_lossy().into_owned()
}

// ---- YAML -------------------------------------------------------------------------------

#[test]
fn yaml_aliases_of_one_long_string_are_refused_by_bytes() {
    let _one = heavy();
    // Attack 6: 1 MB of YAML naming one 1 MB string 5,000 times: few values, 5 GB of text.
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(1_000_000);
    let mut y = format!("name: &n \"{long}\"\nparties:\n");
    for i in 0..5_000 {
        y.push_str(&format!("  p{i}: {{name: *n, division: Provider}}\n"));
    }
    y.push_str("contracts: []\n");
    let f = dir.path().join("bomb.yaml");
    std::fs::write(&f, y).unwrap();
    let e = refused(&limited(&["check", f.to_str().unwrap()]), "bomb.yaml");
    assert!(e.contains("64 MiB"), "{e}");
    // A limit was reached (`too-large`), not a construct the reader lacks (`unsupported`).
    assert!(e.contains("too-large"), "{e}");
    assert!(!e.contains("unsupported"), "{e}");
    // In Japanese too.
    let o = limited(&["--lang", "ja", "check", f.to_str().unwrap()]);
    refused(&o, "64 MiB を超えるテキスト");
}

// ---- XLSX -------------------------------------------------------------------------------

/// A minimal workbook: one sheet with `sheet_xml` as its `sheetData` content, and optionally a
/// shared-strings part.
fn workbook(path: &Path, sheet_data: &str, shared_strings: Option<&str>) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, text: &str| {
        z.start_file(name, opt).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    };
    put(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put(
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="status" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    put(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    put(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
        ),
    );
    if let Some(sst) = shared_strings {
        put("xl/sharedStrings.xml", sst);
    }
    z.finish().unwrap();
}

/// An inline-string cell.
fn cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The header row and one filled row of the vendor's checklist, on rows 1 and 2.
fn checklist_rows() -> String {
    checklist_rows_with("implemented")
}

/// [`checklist_rows`] with `status` in the filled row.
fn checklist_rows_with(status: &str) -> String {
    format!(
        r#"<row r="1">{}{}{}{}</row><row r="2">{}{}{}{}</row>"#,
        cell("A1", "party"),
        cell("B1", "id"),
        cell("C1", "role"),
        cell("D1", "status"),
        cell("A2", "vendor"),
        cell("B2", "S(1)-1.1"),
        cell("C2", "developer"),
        cell("D2", status),
    )
}

#[test]
fn a_cell_at_xfd1048576_does_not_allocate_the_whole_sheet() {
    // Attack 8: cells A1 and XFD1048576 made calamine allocate 17 billion cells (512 GB).
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let f = dir.path().join("far.xlsx");
    let far = format!(
        "{}<row r=\"1048576\">{}</row>",
        checklist_rows_with("implemnted"),
        cell("XFD1048576", "far away")
    );
    workbook(&f, &far, None);
    let o = limited(&["check", &m, "--status", f.to_str().unwrap()]);
    // A correct result: the rows are read, at their places (the far cell is in no column the
    // reader uses), and the misspelt status is reported with its suggestion.
    let e = refused(&o, "unknown status \"implemnted\"");
    assert!(
        e.contains("far.xlsx, sheet \"status\", row 2, column D (status)"),
        "{e}"
    );
    assert!(e.contains("did you mean \"implemented\"?"), "{e}");
    assert!(e.contains("1 problem;"), "{e}");
}

#[test]
fn cell_references_past_the_sheet_are_refused_not_overflowed() {
    // Found by the fuzzer: calamine adds up a reference's letters and digits in 32 bits
    // unchecked (a panic in debug builds, a wrong cell in release ones), and subtracts a
    // dimension's corners.
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    for (i, data) in [
        format!(
            "{}<row r=\"3\">{}</row>",
            checklist_rows(),
            cell("AAAAAAAA3", "x")
        ),
        format!(
            "{}<row r=\"99999999999\">{}</row>",
            checklist_rows(),
            cell("A3", "x")
        ),
        format!(
            "{}<row r=\"3\">{}</row>",
            checklist_rows(),
            cell("A99999999999", "x")
        ),
    ]
    .iter()
    .enumerate()
    {
        let f = dir.path().join(format!("ref{i}.xlsx"));
        workbook(&f, data, None);
        let o = limited(&["check", &m, "--status", f.to_str().unwrap()]);
        let e = refused(&o, "is outside the sheet (A1 to XFD1048576)");
        assert!(e.contains(&format!("ref{i}.xlsx")), "{e}");
    }
}

#[test]
fn shared_string_counts_past_the_limit_are_refused_before_allocation() {
    // Attack 8: uniqueCount 2^32 − 1 aborted, 2^64 − 1 panicked (capacity overflow).
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    for (i, n) in [
        "4294967295",
        "18446744073709551615",
        "99999999999999999999999",
    ]
    .iter()
    .enumerate()
    {
        let f = dir.path().join(format!("sst{i}.xlsx"));
        let sst = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}"><si><t>party</t></si></sst>"#
        );
        workbook(&f, &checklist_rows(), Some(&sst));
        let o = limited(&["check", &m, "--status", f.to_str().unwrap()]);
        let e = refused(&o, "shared strings");
        assert!(e.contains("too-large"), "{e}");
        assert!(e.contains(&format!("sst{i}.xlsx")), "{e}");
    }
}

#[test]
fn a_workbook_that_inflates_past_the_limit_is_refused_while_inflating() {
    // Attack 8: a 2 MB zip whose sheet inflates to 2 GiB took 5.5 GB. Here 160 MiB of
    // padding (over the 128 MiB limit) in a comment of the sheet, well under 1 MB zipped.
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let f = dir.path().join("inflates.xlsx");
    {
        let file = std::fs::File::create(&f).unwrap();
        let mut z = zip::ZipWriter::new(file);
        let opt = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("xl/worksheets/sheet1.xml", opt).unwrap();
        z.write_all(b"<worksheet><sheetData><!--").unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..160 {
            z.write_all(&chunk).unwrap();
        }
        z.write_all(b"--></sheetData></worksheet>").unwrap();
        z.finish().unwrap();
    }
    assert!(std::fs::metadata(&f).unwrap().len() < 2 << 20);
    let e = refused(
        &limited(&["check", &m, "--status", f.to_str().unwrap()]),
        "inflates to over 134217728 bytes",
    );
    assert!(e.contains("inflates.xlsx"), "{e}");
    let o = limited(&["--lang", "ja", "check", &m, "--status", f.to_str().unwrap()]);
    refused(&o, "展開すると上限");
}

#[test]
fn a_workbook_with_too_many_zip_entries_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let f = dir.path().join("entries.xlsx");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&f).unwrap());
        let opt = zip::write::SimpleFileOptions::default();
        for i in 0..10_001 {
            z.start_file(format!("x/{i}"), opt).unwrap();
        }
        z.finish().unwrap();
    }
    refused(
        &limited(&["check", &m, "--status", f.to_str().unwrap()]),
        "the workbook holds 10001 files, over the limit of 10000",
    );
}

#[test]
fn a_workbook_with_too_many_cells_is_refused() {
    let _one = heavy();
    // Over two million non-empty cells, in 4 MB of sheet XML or so.
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let f = dir.path().join("cells.xlsx");
    let mut data = checklist_rows();
    for r in 3..=700_003u32 {
        data.push_str(&format!(
            "<row r=\"{r}\"><c r=\"E{r}\"><v>1</v></c><c r=\"F{r}\"><v>2</v></c><c r=\"G{r}\"><v>3</v></c></row>"
        ));
    }
    workbook(&f, &data, None);
    refused(
        &limited(&["check", &m, "--status", f.to_str().unwrap()]),
        "over 2000000 non-empty cells",
    );
}

#[test]
fn a_workbook_of_many_bad_rows_reports_a_bounded_number_of_problems() {
    let _one = heavy();
    // Attack 9: a million-row XLSX printed 3.1M problems. 200,000 rows with a misspelt role and
    // status each: 400,000 problems, 200 shown, the rest counted, under the memory limit.
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let f = dir.path().join("rows.xlsx");
    let mut data = String::from(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>"#,
    );
    for r in 2..=200_001u32 {
        data.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>4</v></c><c r="B{r}" t="s"><v>5</v></c><c r="C{r}" t="s"><v>6</v></c><c r="D{r}" t="s"><v>7</v></c></row>"#
        ));
    }
    let words = [
        "party",
        "id",
        "role",
        "status",
        "vendor",
        "S(1)-1.1",
        "developr",
        "implemnted",
    ];
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="8" uniqueCount="8">{}</sst>"#,
        words.map(|w| format!("<si><t>{w}</t></si>")).concat()
    );
    workbook(&f, &data, Some(&sst));
    let o = limited(&["check", &m, "--status", f.to_str().unwrap()]);
    let e = refused(&o, "rows.xlsx: 399800 more problems not shown");
    assert!(
        e.ends_with("filled-in checklists: 400000 problems; nothing was written\n"),
        "{e}"
    );
    assert_eq!(e.matches("error[").count(), 200);
    assert!(e.len() < 100_000, "{} bytes", e.len());
}

// ---- CSV --------------------------------------------------------------------------------

#[test]
fn a_ten_million_row_csv_is_refused_at_the_row_limit() {
    // Attack 9: 10M rows took 8.2 GB and 42 s and printed 959 MB of errors. The result
    // depends on nothing but the file: no timing, one heavy run at a time, and the file is
    // streamed to disk rather than built in the test's memory.
    let _one = heavy();
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let f = dir.path().join("rows.csv");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&f).unwrap());
        w.write_all(b"party,id,role,status\n").unwrap();
        for _ in 0..10_000_000 {
            w.write_all(b"x\n").unwrap();
        }
        w.flush().unwrap();
    }
    let o = limited(&["check", &m, "--status", f.to_str().unwrap()]);
    let e = refused(&o, "over 1000000 rows");
    assert!(e.contains("rows.csv"), "{e}");
    assert!(
        e.len() < 10_000,
        "one problem, not millions: {} bytes",
        e.len()
    );
}

// ---- Bounded reporting ------------------------------------------------------------------

/// A JSON model on one line with `n` parties whose division is misspelt, each preceded by a
/// Japanese name (columns count characters, not bytes).
fn one_line_of_errors(n: usize) -> String {
    let mut s = String::from(r#"{"name": "x", "parties": {"#);
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&format!(
            r#""p{i}": {{"name": "名前{i}", "division": "Provder"}}"#
        ));
    }
    s.push_str(r#"}, "contracts": []}"#);
    s
}

#[test]
fn problems_are_bounded_per_file_with_a_line_counting_the_rest() {
    // Attack 9: a million rows printed 3.1M problems; now 200 by default, then one line.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("many.json");
    std::fs::write(&f, one_line_of_errors(1_000)).unwrap();
    let f = f.to_str().unwrap();
    let o = limited(&["check", f]);
    let e = refused(
        &o,
        "many.json: 800 more problems not shown (only the first 200 are; --max-problems 0 shows every one)",
    );
    assert_eq!(e.matches("error[unknown-variant]").count(), 200, "{e}");
    assert!(
        e.ends_with("many.json: 1000 problems; nothing was written\n"),
        "{e}"
    );
    let o = limited(&["--lang", "ja", "check", f, "--max-problems", "5"]);
    let e = refused(
        &o,
        "many.json: ほかに 995 件の問題があります (最初の 5 件のみ表示。--max-problems 0 ですべて表示)",
    );
    assert_eq!(e.matches("エラー[unknown-variant]").count(), 5, "{e}");
    // JSON on standard output is bounded the same way and says how many it leaves out.
    let o = limited(&["check", f, "--format", "json", "--max-problems", "7"]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 7);
    assert_eq!(v["omitted"], 993);
    // 0 shows every one.
    let o = limited(&["check", f, "--max-problems", "0"]);
    let e = refused(&o, "many.json: 1000 problems");
    assert_eq!(e.matches("error[unknown-variant]").count(), 1000);
    assert!(!e.contains("not shown"), "{e}");
}

#[test]
fn status_problems_are_bounded_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let mut csv = String::from("party,id,role,status\n");
    for _ in 0..1_000 {
        csv.push_str("vendor,S(1)-1.1,developer,implemnted\n");
    }
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    std::fs::write(&a, &csv).unwrap();
    std::fs::write(&b, csv.replace("implemnted", "partal")).unwrap();
    let o = limited(&[
        "check",
        &m,
        "--status",
        a.to_str().unwrap(),
        "--status",
        b.to_str().unwrap(),
        "--max-problems",
        "10",
    ]);
    let e = refused(&o, "a.csv: 990 more problems not shown");
    assert!(e.contains("b.csv: 990 more problems not shown"), "{e}");
    assert_eq!(
        e.matches("unknown status \"implemnted\"").count(),
        10,
        "{e}"
    );
    assert_eq!(e.matches("unknown status \"partal\"").count(), 10, "{e}");
    assert!(
        e.ends_with("filled-in checklists: 2000 problems; nothing was written\n"),
        "{e}"
    );
}

#[test]
fn did_you_mean_is_worked_out_for_the_first_thousand_unknown_parties() {
    // Each suggestion compares the value with every party id: a million unknown parties
    // against a 100,000-party chain would be 10^11 comparisons.
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let mut csv = String::from("party,id,role,status\n");
    for i in 0..2_000 {
        csv.push_str(&format!("vendorx{i},S(1)-1.1,developer,implemented\n"));
    }
    let f = dir.path().join("unknown.csv");
    std::fs::write(&f, csv).unwrap();
    let o = limited(&[
        "check",
        &m,
        "--status",
        f.to_str().unwrap(),
        "--max-problems",
        "0",
    ]);
    let e = refused(&o, "unknown party \"vendorx1999\"");
    assert_eq!(e.matches("did you mean \"vendor\"?").count(), 1_000, "{e}");
}

#[test]
fn rendering_a_problem_costs_its_window_not_its_line() {
    let _one = heavy();
    // Attack 10: 16,000 problems on one line took 475 s (each copied and rendered the whole
    // line); the JSON's source_line copied the line into every problem (16,000 × 1 MB).
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("line.json");
    let text = one_line_of_errors(16_000);
    std::fs::write(&f, &text).unwrap();
    let f = f.to_str().unwrap();
    let o = limited(&["check", f, "--max-problems", "0"]);
    let e = refused(&o, "line.json: 16000 problems");
    assert_eq!(e.matches("error[unknown-variant]").count(), 16_000);
    assert!(e.len() < 16_000 * 1_000, "{} bytes", e.len());
    // The true line and column (in characters) of the last one, far into the line.
    let last = text.rfind("\"Provder\"").unwrap();
    let column = text[..last].chars().count() + 1;
    assert!(
        e.contains(&format!("--> {f}:1:{column}\n")),
        "column {column}"
    );
    let o = limited(&["check", f, "--max-problems", "0", "--format", "json"]);
    assert!(o.stdout.len() < 16_000 * 1_500, "{} bytes", o.stdout.len());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let last = &v["errors"][15_999];
    assert_eq!(last["column"], column);
    let shown = last["source_line"].as_str().unwrap();
    assert!(shown.starts_with('…') && shown.len() < 400, "{shown}");
    assert!(shown.contains("名前15999"), "{shown}");
    let middle = v["errors"][8_000]["source_line"].as_str().unwrap();
    assert!(middle.starts_with('…') && middle.ends_with('…'), "{middle}");
    assert!(middle.contains("名前8000\""), "{middle}");
}

/// A chain of `n` parties (`p0` … ) whose `n - 1` contracts all name unknown clients (`q0` …,
/// each one letter from a party id).
fn chain_of_unknown_clients(n: usize) -> String {
    let mut s = String::from(r#"{"name": "unknown", "parties": {"#);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            r#""p{i}": {{"name": "P{i}", "division": "Provider"}}"#
        ));
    }
    s.push_str(r#"}, "contracts": ["#);
    for i in 1..n {
        if i > 1 {
            s.push(',');
        }
        s.push_str(&format!(
            r#"{{"id": "c{i}", "client": "q{}", "contractor": "p{i}", "kind": "Development"}}"#,
            i - 1
        ));
    }
    s.push_str("]}");
    s
}

#[test]
fn a_hundred_thousand_unknown_references_are_reported_with_bounded_suggestions() {
    let _one = heavy();
    // Each unknown reference was compared with every party id and kept a copy of every id for
    // its "expected" line: 10^10 of each for 100,000 unknown clients among 100,000 parties.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("unknown.json");
    std::fs::write(&f, chain_of_unknown_clients(100_000)).unwrap();
    let f = f.to_str().unwrap();
    let o = limited(&["check", f, "--format", "json", "--max-problems", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 99_999);
    assert!(errors.iter().all(|e| e["code"] == "unknown-reference"));
    // Every one lists a few of the ids and counts the rest.
    let expected = errors[99_998]["expected"].as_str().unwrap();
    assert!(
        expected.starts_with(r#"one of the defined party ids: "p0", "p1""#)
            && expected.ends_with(" and 99992 more"),
        "{expected}"
    );
    // The first ones get "did you mean" (the nearest id, one letter away), later ones none
    // once the comparisons' budget is spent.
    let help = |i: usize| errors[i]["help"].as_str().unwrap_or("").to_string();
    assert!(help(0).contains(r#"did you mean "p0"?"#), "{}", help(0));
    assert!(help(10).contains(r#"did you mean "p10"?"#), "{}", help(10));
    assert!(!help(99_998).contains("did you mean"), "{}", help(99_998));
    let suggested = (0..errors.len())
        .filter(|&i| help(i).contains("did you mean"))
        .count();
    assert!((10..1_000).contains(&suggested), "{suggested}");
    // As text: 200 shown, the rest counted.
    let o = limited(&["check", f]);
    let e = refused(&o, "99799 more problems not shown");
    assert_eq!(e.matches("error[unknown-reference]").count(), 200);
}

#[test]
fn portfolio_json_and_sarif_honour_max_problems() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("models");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("good.ron"), MODEL).unwrap();
    std::fs::write(folder.join("many.json"), one_line_of_errors(1_000)).unwrap();
    let folder = folder.to_str().unwrap();
    let json = |extra: &[&str]| {
        let mut args = vec!["check", folder, "--format", "json"];
        args.extend(extra);
        let o = limited(&args);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let bad = v["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["status"] == "bad-input")
            .unwrap()
            .clone();
        bad["problems"].clone()
    };
    let p = json(&["--max-problems", "7"]);
    assert_eq!(p["errors"].as_array().unwrap().len(), 7);
    assert_eq!(p["omitted"], 993);
    let p = json(&[]);
    assert_eq!(p["errors"].as_array().unwrap().len(), 200);
    let p = json(&["--max-problems", "0"]);
    assert_eq!(p["errors"].as_array().unwrap().len(), 1_000);
    assert_eq!(p["omitted"], 0);

    let o = limited(&["check", folder, "--format", "sarif", "--max-problems", "7"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let notes = v["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 8);
    assert!(notes[..7].iter().all(|n| n["level"] == "error"));
    assert_eq!(notes[7]["level"], "note");
    let text = notes[7]["message"]["text"].as_str().unwrap();
    assert!(text.contains("993 more problems not shown"), "{text}");
    // Standard error is bounded the same way.
    assert_eq!(stderr(&o).matches("error[unknown-variant]").count(), 7);
}
