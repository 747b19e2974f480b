//! The round trip: generate a checklist, fill it in programmatically (XLSX, CSV, both), read
//! it back with `check --status` or the library, and get the expected conformance.

use super::*;

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
    let folder = csv_folder(dir.path());
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
    let n = fill_csv(&infra, &|i| {
        if i == 0 {
            "implemented"
        } else {
            "not applicable"
        }
    });
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

/// `--status FOLDER` reads every checklist the folder holds: the CSV folder of
/// `checklist -o FOLDER` with one party's file filled in, other files and a subfolder left
/// aside; the XLSX folder without its `index.xlsx`; an empty folder is a problem of its own.
#[test]
fn a_folder_of_checklists_is_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let folder = csv_folder(dir.path());
    let infra = folder.join("infra-provider.csv");
    let n = fill_csv(&infra, &|_| "implemented");
    std::fs::write(folder.join("notes.txt"), "not a checklist").unwrap();
    std::fs::create_dir(folder.join("old.csv")).unwrap();

    let v = check_json("models/service.ron", &[&folder]);
    let files: Vec<&str> = v["conformance"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().rsplit(['/', '\\']).next().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "dev-support.csv",
            "infra-provider.csv",
            "service-provider.csv",
            "service-user.csv"
        ]
    );
    let i = party_conf(&v, "infra-provider");
    assert_eq!(i["standard"]["implemented"], n);
    assert_eq!(i["standard"]["conforms"], true);
    let u = party_conf(&v, "service-user");
    assert_eq!(u["covered"], true);
    assert_eq!(u["standard"]["not_filled"], u["standard"]["rows"]);

    let xfolder = dir.path().join("xlsx");
    ok(&[
        "checklist",
        "models/service.ron",
        "-f",
        "xlsx",
        "-o",
        s(&xfolder),
    ]);
    assert!(xfolder.join("index.xlsx").exists());
    let v = check_json("models/service.ron", &[&xfolder]);
    let parties = v["conformance"]["parties"].as_array().unwrap();
    assert_eq!(v["conformance"]["files"].as_array().unwrap().len(), 4);
    assert!(parties.len() == 4 && parties.iter().all(|p| p["covered"] == true));

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let err = bad(&[&empty]);
    assert!(err.contains("error[empty-folder]"), "{err}");
    assert!(err.contains("checklist -o FOLDER"), "{err}");
}

/// Fill the status column of a CSV checklist in place, row `i` with `pick(i)`; returns the
/// number of rows.
fn fill_csv(path: &Path, pick: &dyn Fn(usize) -> &'static str) -> usize {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head = r.headers().unwrap().clone();
    let st = head.iter().position(|h| h == "status").unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&head).unwrap();
    let mut n = 0;
    for (i, rec) in r.records().enumerate() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        rec[st] = pick(i).into();
        w.write_record(&rec).unwrap();
        n += 1;
    }
    std::fs::write(path, w.into_inner().unwrap()).unwrap();
    n
}

/// The CSV checklist folder of `models/service.ron` (`checklist -f csv -o FOLDER`) in `dir`.
fn csv_folder(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("csv");
    ok(&[
        "checklist",
        "models/service.ron",
        "-f",
        "csv",
        "-o",
        s(&folder),
    ]);
    folder
}
