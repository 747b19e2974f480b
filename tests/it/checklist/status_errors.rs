//! Every error class of a filled-in file, named by file, sheet, row and column; every problem
//! at once; inputs never overwritten; usage errors; nothing from a cell reaches the terminal.

use super::*;

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
    // CSV without --party is no usage error: every party, one header row (big_products.rs
    // checks the rows).
    let o = rolemap(&["checklist", "models/service.ron", "-f", "csv"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.starts_with("party,requirement,id,"),
        "{}",
        o.stdout
    );
    assert_eq!(o.stdout.matches("party,requirement,id,").count(), 1);
    let o = rolemap(&["annex", "models/service.ron", "--contract", "hostng"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("did you mean \"hosting\"?"));
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
