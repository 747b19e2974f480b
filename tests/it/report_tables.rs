//! The report's tables and cards: findings of one cause are one card (grouped as `check`
//! groups them), the Conformance section is in the navigation when there is one, ids, codes,
//! dates and headers stay whole, party headers name the parties, and the language toggle reads
//! without a Japanese font. The layout itself is checked in the browser (`report.rs`).

use rolemap::Catalog;
use rolemap::findings::Finding;
use rolemap::render::check_text::same_cause_runs;

use crate::common::{analyse, checklists_csv, load, models, run};
use crate::report::{data, report};

#[test]
fn findings_of_one_cause_are_one_card_as_in_the_terminal() {
    let mut grouped = 0;
    for model in models() {
        let m = load(&model);
        let catalog = Catalog::builtin();
        let a = analyse(&m, &catalog);
        let d = data(&report(&model, &[]));
        let rows = d["findings"].as_array().unwrap();
        assert_eq!(rows.len(), a.findings.len(), "{model}");
        let active: Vec<usize> = (0..a.findings.len())
            .filter(|&i| a.findings[i].is_active())
            .collect();
        let refs: Vec<&Finding> = active.iter().map(|&i| &a.findings[i]).collect();
        let runs = same_cause_runs(&refs);
        // One card a run: the first of the run leads, the others point at it.
        for run in &runs {
            let lead = active[run.start];
            assert!(rows[lead][11].is_null(), "{model}: {lead}");
            for k in run.start + 1..run.end {
                assert_eq!(rows[active[k]][11], lead, "{model}: {k}");
                grouped += 1;
            }
        }
        let cards = rows
            .iter()
            .filter(|f| f[8].is_null() && f[11].is_null())
            .count();
        assert_eq!(cards, runs.len(), "{model}");
        // Waived findings are never folded into a card.
        assert!(
            rows.iter()
                .filter(|f| !f[8].is_null())
                .all(|f| f[11].is_null())
        );
    }
    assert!(grouped > 0, "some bundled model repeats a cause");
    // The terminal lists the same folded findings after "same for".
    let (_, out, _) = run(&[
        "check",
        "models/municipal-hospital.ron",
        "--today",
        crate::common::TODAY,
    ]);
    let d = data(&report("models/municipal-hospital.ron", &[]));
    let units = d["units"].as_array().unwrap();
    let als = d["allocations"].as_array().unwrap();
    let rows = d["findings"].as_array().unwrap();
    let folded: Vec<&str> = rows
        .iter()
        .filter(|f| !f[11].is_null())
        .map(|f| {
            units[als[f[9].as_u64().unwrap() as usize][0].as_u64().unwrap() as usize][0]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(folded.len() >= 2);
    let same: String = out
        .lines()
        .filter(|l| l.contains("= same for:"))
        .collect::<Vec<_>>()
        .join(" ");
    for id in folded {
        assert!(same.contains(id), "{id} not in {same}");
    }
    // The card says how many and folds the list.
    let js = rolemap::render::report::JS;
    assert!(
        js.contains("T('items', { n: all.length })") && js.contains("h('details', { class: 'same'")
    );
    let html = report("models/municipal-hospital.ron", &[]);
    assert!(
        html.contains(r#""items":["{n} items","{n} 件"]"#),
        "the strings in both languages"
    );
}

#[test]
fn conformance_is_in_the_navigation_when_given() {
    let dir = checklists_csv("models/service.ron");
    let filled = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .unwrap();
    let nav = |html: &str| {
        let i = html.find("<nav").unwrap();
        let j = html[i..].find("</nav>").unwrap() + i;
        html[i..j].to_string()
    };
    let with = report(
        "models/service.ron",
        &["--status", filled.to_str().unwrap()],
    );
    let n = nav(&with);
    assert!(n.contains(r##"<a href="#conformance">"##), "{n}");
    assert!(n.contains("Conformance") && n.contains("適合"), "{n}");
    // After the waived findings, where the section is.
    assert!(n.find("#waived").unwrap() < n.find("#conformance").unwrap());
    let without = report("models/service.ron", &[]);
    assert!(!nav(&without).contains("#conformance"));
}

#[test]
fn ids_dates_and_headers_stay_whole_and_parties_are_named() {
    let css = rolemap::render::report::CSS;
    let js = rolemap::render::report::JS;
    // Catalog ids, waiver codes and dates, and list headers never break inside.
    let rule = css
        .lines()
        .find(|l| l.contains("table.list th.id"))
        .expect("a rule for the id cells");
    for sel in [
        "table.list thead th",
        "table.list td.code",
        "table.list td.date",
    ] {
        assert!(rule.contains(sel), "{rule}");
    }
    assert!(rule.contains("white-space: nowrap") && rule.contains("overflow-wrap: normal"));
    assert!(js.contains("h('th', { scope: 'row', class: 'id' }, r[0])"));
    assert!(js.contains("h('td', { class: 'date' }, w[3])"));
    // Party headers: the name, the id in the tooltip; rotated, never cut.
    let pc = css
        .lines()
        .find(|l| l.starts_with("table.matrix th.pc {"))
        .unwrap();
    assert!(
        !pc.contains("overflow: hidden") && !pc.contains("max-height"),
        "{pc}"
    );
    assert!(js.contains("title: partyName(p), 'data-id': D.parties[p][0] },\n          h('span', null, tx(D.parties[p][1]))"));
    // The toggle reads without a Japanese font, and in the page's language.
    let html = report("models/service.ron", &[]);
    assert!(html.contains(r#">日本語 / <span lang="en">Japanese</span></button>"#));
    let ja = report("models/service.ron", &["--lang", "ja"]);
    assert!(ja.contains("<html lang=\"ja\">") && ja.contains("Japanese</span></button>"));
}

#[test]
fn the_cjk_fonts_are_documented() {
    let doc = std::fs::read_to_string(crate::common::root().join("docs/report.md")).unwrap();
    for font in [
        "Noto Sans CJK JP",
        "fonts-noto-cjk",
        "Hiragino",
        "Yu Gothic",
        "Meiryo",
    ] {
        assert!(doc.contains(font), "docs/report.md names {font}");
    }
    let css = rolemap::render::report::CSS;
    assert!(css.contains(r#""Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", Meiryo"#));
}
