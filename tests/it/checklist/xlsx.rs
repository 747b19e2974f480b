//! The checklist and annex workbooks, checked structurally with calamine: sheets, headers,
//! drop-downs and formulas, in both languages, byte-identical for the same input.

use super::*;

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
