//! Inputs with very many problems: the problems are bounded per file with a line counting the
//! rest, suggestions are bounded, and rendering costs each problem's window, not its line.

use super::*;

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
