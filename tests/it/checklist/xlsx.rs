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

/// Every file of a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// `checklist --format xlsx -o FOLDER` and `annex --format xlsx -o FOLDER`: an index, then one
/// workbook per party (contract), each the very workbook of `--party ID` (`--contract ID`), and
/// the index says what the one workbook's summary says, a file name in place of a sheet name.
#[test]
fn a_folder_of_workbooks_holds_each_ones_own_workbook_and_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let model = "models/ministry-benefits.ron";
    for (cmd, only, first_sheet) in [
        ("checklist", "--party", "Summary"),
        ("annex", "--contract", "Contracts"),
    ] {
        let folder = dir.path().join(format!("{cmd}-folder"));
        let one = dir.path().join(format!("{cmd}-one.xlsx"));
        let o = rolemap(&[cmd, model, "--today", TODAY, "-f", "xlsx", "-o", s(&folder)]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert!(o.stderr.is_empty(), "{}", o.stderr);
        ok(&[cmd, model, "--today", TODAY, "-o", s(&one)]);
        let whole = read_xlsx(&one);
        let names = listing(&folder);
        assert_eq!(names.len(), whole.len(), "{cmd}: {names:?}");
        assert!(
            names.contains(&"index.xlsx".to_string()),
            "{cmd}: {names:?}"
        );
        let index = read_xlsx(&folder.join("index.xlsx"));
        assert_eq!(index.len(), 1, "{cmd}: one sheet");
        assert_eq!(index[0].0, "Index");
        let summary = &whole[0];
        assert_eq!(summary.0, first_sheet);
        // The same rows, but for the column that says where each one is.
        let place = index[0]
            .1
            .iter()
            .position(|r| r.iter().any(|c| c == "file"));
        let place_row = place.expect("a header row");
        let col = index[0].1[place_row]
            .iter()
            .position(|c| c == "file")
            .unwrap();
        assert_eq!(summary.1[place_row][col], "sheet", "{cmd}");
        assert_eq!(index[0].1.len(), summary.1.len(), "{cmd}");
        let mut listed = 0;
        for (r, (a, b)) in index[0].1.iter().zip(&summary.1).enumerate() {
            for (c, (x, y)) in a.iter().zip(b).enumerate() {
                if r == place_row && c == col {
                    // The header: "file" for "sheet", asserted above.
                } else if r > place_row && c == col && !x.is_empty() {
                    // The sheet of the one workbook, the file of the folder.
                    assert_eq!(format!("{y}.xlsx"), *x, "{cmd}, row {r}");
                    assert!(names.contains(x), "{cmd}: {x} is in the folder");
                    listed += 1;
                } else {
                    assert_eq!(x, y, "{cmd}, row {r}, column {c}");
                }
            }
        }
        assert_eq!(listed, names.len() - 1, "{cmd}: every file is listed");
        // Each file is the workbook of that party or contract alone.
        for (id, _) in whole.iter().skip(1).step_by(5) {
            let alone = dir.path().join(format!("{cmd}-{id}.xlsx"));
            ok(&[cmd, model, "--today", TODAY, only, id, "-o", s(&alone)]);
            let file = std::fs::read(folder.join(format!("{id}.xlsx"))).unwrap();
            assert!(file == std::fs::read(&alone).unwrap(), "{cmd} {id}");
        }
    }
}

/// Past `MOST_SHEETS` parties or contracts, `-o FILE.xlsx` of every one writes the folder
/// `FILE/` instead, and says so; a party called `index` does not take the index's name.
#[test]
fn past_the_most_sheets_a_workbook_becomes_a_folder_and_says_so() {
    let most = rolemap::checklist::xlsx::MOST_SHEETS;
    let dir = tempfile::tempdir().unwrap();
    let mut v = rolemap::synth::generate(rolemap::synth::SynthOptions {
        parties: most + 10,
        seed: 5,
    });
    // The first party is renamed `index`, and the contracts that name it follow.
    let parties = v["parties"].as_object_mut().unwrap();
    let first = parties.keys().next().unwrap().clone();
    let p = parties.shift_remove(&first).unwrap();
    parties.insert("index".into(), p);
    let text = serde_json::to_string(&v)
        .unwrap()
        .replace(&format!("\"{first}\""), "\"index\"");
    let model = dir.path().join("big.json");
    std::fs::write(&model, text).unwrap();
    let out = dir.path().join("big.xlsx");
    for (cmd, what) in [("checklist", "parties"), ("annex", "contracts")] {
        for lang in ["en", "ja"] {
            let o = rolemap(&["--lang", lang, cmd, s(&model), "-o", s(&out)]);
            assert_eq!(o.code, 0, "{cmd}: {}", o.stderr);
            assert!(!out.exists(), "{cmd}: no single workbook");
            let folder = dir.path().join("big");
            let names = listing(&folder);
            let said = match lang {
                "en" => format!("{what}, more than the {most} sheets"),
                _ => format!("{most} シートを超える"),
            };
            assert!(o.stderr.contains(&said), "{cmd} {lang}: {}", o.stderr);
            assert!(o.stderr.contains("index.xlsx"), "{}", o.stderr);
            let index = read_xlsx(&folder.join("index.xlsx"));
            let rows = index[0]
                .1
                .iter()
                .filter(|r| r.iter().any(|c| c.ends_with(".xlsx")));
            assert_eq!(rows.count(), names.len() - 1, "{cmd}: every file listed");
            assert!(names.len() > most + 1, "{cmd}: {}", names.len());
            if cmd == "checklist" {
                assert!(names.contains(&"index~2.xlsx".to_string()), "{names:?}");
                let sheets = read_xlsx(&folder.join("index~2.xlsx"));
                assert_eq!(sheets[1].0, "index", "the party `index`'s own workbook");
            }
            std::fs::remove_dir_all(&folder).unwrap();
        }
    }
}
