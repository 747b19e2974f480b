//! The page in a real browser: it works, runs no script from the model, and stays responsive
//! at 10,000 parties.

use super::*;

#[test]
fn the_report_works_in_a_browser() {
    if browser().is_none() {
        return;
    }
    let shots = shots();
    let path = "models/ministry-benefits.ron";
    let html_path = shots.join("ministry-benefits.html");
    std::fs::write(&html_path, report(path, &[])).unwrap();
    let mut want = expectations(path, Lang::En, "prime", Role::Developer);
    want["screenshot"] = json!(shots.join("report.png"));
    // The party search matches ids, names (both languages) and organisations.
    let model = load(path);
    let subs = model
        .parties
        .iter()
        .filter(|p| {
            format!("{} {} {} {}", p.id, p.name.en, p.name.ja, p.org)
                .to_lowercase()
                .contains("sub-")
        })
        .count();
    assert!(subs > 1);
    want["search"] = json!({"q": "sub-", "columns": subs});
    let results = in_browser(&html_path, want);
    assert!(
        results["why"]
            .as_str()
            .unwrap()
            .contains("Why this duty falls here")
    );
    assert_eq!(results["firstColumn"], "要求事項");

    // Opened in Japanese, the explanation is in Japanese.
    let html_path = shots.join("service-ja.html");
    std::fs::write(&html_path, report("models/service.ron", &["--lang", "ja"])).unwrap();
    let mut want = expectations(
        "models/service.ron",
        Lang::Ja,
        "service-provider",
        Role::Operator,
    );
    want["screenshot"] = json!(shots.join("report-ja.png"));
    in_browser(&html_path, want);
}

#[test]
fn the_hostile_model_runs_no_script_in_a_browser() {
    if browser().is_none() {
        return;
    }
    let shots = shots();
    let html_path = shots.join("hostile.html");
    std::fs::write(&html_path, report(HOSTILE, &[])).unwrap();
    let model = load(HOSTILE);
    let mut want = expectations(HOSTILE, Lang::En, "back\\slash", Role::Developer);
    want["screenshot"] = json!(shots.join("hostile.png"));
    // Every name shows exactly as written (newlines and tabs included, as text), except that
    // bidirectional controls are shown as `[U+202E]` rather than reorder the text.
    let visible = |s: &str| {
        s.chars()
            .map(|c| match c {
                '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}' => format!("[U+{:04X}]", c as u32),
                c => c.to_string(),
            })
            .collect::<String>()
    };
    let names: Vec<String> = model.parties.iter().map(|p| visible(&p.name.en)).collect();
    assert!(names.iter().any(|n| n.contains("[U+202E]")));
    want["literal"] = json!(names);
    in_browser(&html_path, want);
}

#[test]
fn a_ten_thousand_party_report_stays_responsive_in_a_browser() {
    if browser().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let model = synthetic(dir.path(), 10_000);
    let html_path = shots().join("chain-10k.html");
    let (code, _, stderr) = run(&[
        "report",
        model.to_str().unwrap(),
        "--today",
        TODAY,
        "-o",
        html_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let m = rolemap::load::load_model(
        &model.to_string_lossy(),
        &Catalog::builtin(),
        rolemap::load::DEFAULT_MAX_SIZE,
    )
    .unwrap();
    let catalog = Catalog::builtin();
    let a = analyse(&m, &catalog);
    let first: Vec<usize> = (0..50).collect();
    let cells = first_page_cells(&a, &first);
    // How long it takes is printed, not asserted (docs/report.md has the figures).
    let results = in_browser(
        &html_path,
        json!({
            "lang": "en",
            "rows": a.allocations.len(),
            "parties": first.iter().map(|&p| m.parties[p].id.clone()).collect::<Vec<_>>(),
            "cells": cells,
            "page2": true,
            "search": {"q": "p9999", "columns": 1},
            "click": {"alloc": 0, "party": 2, "texts": [], "reading": "Reading the rest of the page"},
            "screenshot": shots().join("chain-10k.png"),
            "openParties": true,
        }),
    );
    if !results.is_null() {
        assert_eq!(results["cells"], json!(a.allocations.len() * 50));
    }
}
