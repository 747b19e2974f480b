//! Inputs that would grow past memory: YAML aliases, far cells and references, shared strings,
//! inflating or crowded workbooks, ten million CSV rows, all refused by what they cost.

use super::*;

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
