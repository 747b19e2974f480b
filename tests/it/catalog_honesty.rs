//! Catalog honesty (issue 9 item 8): each requirement's package has its own source, every
//! output that prints a package says when it is our reading, a requirement whose numbering
//! shows unlisted items keeps a residual unit for them, and every cited source is listed.

use std::collections::BTreeSet;

use rolemap::catalog::{Catalog, Source, parse_catalog};
use rolemap::{Lang, Package};

use crate::common::run;

/// The requirements whose known items leave numbers out, with their residual unit.
const RESIDUALS: &[(&str, &str)] = &[
    ("(2)-1", "S(2)-1.other"),
    ("(3)-1", "S(3)-1.other"),
    ("(4)-1", "S(4)-1.other"),
    ("(4)-2", "S(4)-2.other"),
    ("(6)-2", "S(6)-2.other"),
];

#[test]
fn the_seed_states_no_package_for_requirements_without_items() {
    let c = Catalog::builtin();
    let whole: Vec<&str> = c
        .requirements
        .iter()
        .filter(|r| r.items.is_empty())
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(whole.len(), 12, "{whole:?}");
    for r in c.requirements.iter().filter(|r| r.items.is_empty()) {
        assert_eq!(r.package, Some(Package::Mandatory), "{}", r.id);
        let s = r.package_source.as_ref().expect("a package source");
        assert!(
            s.is_inferred(),
            "{}: package presented as a source's word",
            r.id
        );
        assert!(r.other_items.is_none(), "{}", r.id);
    }
    // Requirements covered by their items have no package of their own.
    for r in &c.requirements {
        let covered = !r.items.is_empty() && r.other_items.is_none();
        assert_eq!(covered, r.package.is_none(), "{}", r.id);
        assert_eq!(r.package.is_some(), r.package_source.is_some(), "{}", r.id);
    }
    // Units agree: every unit without a stated package is marked inferred.
    for u in c.units() {
        let stated = match u.item {
            Some(i) => !i.package_source().is_inferred(),
            None => false,
        };
        assert_eq!(u.package_inferred(), !stated, "{}", u.id());
        let label = u.package_label(Lang::En);
        assert_eq!(label.ends_with("(inferred)"), !stated, "{label}");
        assert_eq!(u.package_label(Lang::Ja).ends_with("（推定）"), !stated);
    }
}

/// The item numbers of `S(3)-1.4`-style ids.
fn number(id: &str) -> Option<u32> {
    id.rsplit('.').next()?.parse().ok()
}

#[test]
fn residual_units_are_where_the_numbering_shows_unlisted_items() {
    let c = Catalog::builtin();
    let mut got = Vec::new();
    for r in &c.requirements {
        let known: Vec<u32> = r
            .items
            .iter()
            .filter(|i| !i.residual)
            .map(|i| number(&i.id).expect("a numbered item"))
            .collect();
        if known.is_empty() {
            continue;
        }
        // Items 1..=max all known, or some number left out.
        let max = *known.iter().max().unwrap();
        let gap = (1..=max).any(|n| !known.contains(&n));
        let residual: Vec<_> = r.items.iter().filter(|i| i.residual).collect();
        assert_eq!(gap, !residual.is_empty(), "{}: {known:?}", r.id);
        assert!(residual.len() <= 1, "{}", r.id);
        if let Some(i) = residual.first() {
            got.push((r.id.as_str(), i.id.as_str()));
            // The last item, allocated like a requirement without items.
            assert_eq!(r.items.last().map(|x| &x.id), Some(&i.id));
            assert_eq!(i.package, Package::Mandatory);
            assert!(i.package_source().is_inferred(), "{}", i.id);
            assert!(i.source.is_inferred(), "{}: existence is our reading", i.id);
            assert!(r.other_items.as_ref().is_some_and(Source::is_inferred));
            assert!(i.roles.is_none() && i.applies.is_none());
            assert!(i.title.en.contains(&r.title.en) && i.title.ja.contains(&r.title.ja));
            assert!(i.title.en.contains("other items"), "{}", i.title.en);
            assert!(i.title.ja.contains("その他の個別要求"), "{}", i.title.ja);
            let note = i.note.as_ref().expect("a note");
            assert!(note.en.contains("Not an item of the guideline"));
            assert!(!note.ja.is_ascii());
        }
    }
    assert_eq!(got, RESIDUALS);
    // Residual units resolve by their own id and with their requirement.
    assert_eq!(c.resolve("S(3)-1.other").len(), 1);
    assert_eq!(c.resolve("(3)-1").len(), 2);
    assert!(c.resolve("S(3)-1.other")[0].is_residual());
    assert_eq!(c.known_items(), 15);
}

#[test]
fn every_cited_source_is_listed() {
    let c = Catalog::builtin();
    let cited = c.cited_tags();
    assert_eq!(cited, ["A", "N", "seed"]);
    assert!(
        c.unlisted_citations().is_empty(),
        "{:?}",
        c.unlisted_citations()
    );
    // The check fails when a cited source is not listed.
    let mut broken = c.clone();
    broken.sources.retain(|s| s.tag != "N");
    assert_eq!(broken.unlisted_citations(), ["N"]);

    // `catalog` in every format and the report list each of them.
    let titles: Vec<&str> = c.sources.iter().map(|s| s.title.as_str()).collect();
    let (code, text, _) = run(&["catalog"]);
    assert_eq!(code, 0);
    let (_, md, _) = run(&["catalog", "--format", "md"]);
    let (_, json, _) = run(&["catalog", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let json_tags: BTreeSet<&str> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["tag"].as_str().unwrap())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    let (code, _, err) = run(&["report", "models/product.ron", "-o", html.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&html).unwrap();
    for tag in &cited {
        assert!(json_tags.contains(tag.as_str()), "json: {tag}");
        assert!(titles.len() == c.sources.len());
    }
    for s in &c.sources {
        // The text wraps at 80 columns: the tag and the title's start.
        let start: String = s.title.chars().take(12).collect();
        assert!(
            text.contains(&format!("[{}] {start}", s.tag)),
            "text: {}",
            s.tag
        );
        assert!(md.contains(&format!("- **{}**: ", s.tag)), "md: {}", s.tag);
        assert!(md.contains(&s.title), "md: {}", s.tag);
        assert!(html.contains(&s.title), "report: {}", s.tag);
    }

    // A catalog that cites `Seed` without listing it gets the slides listed.
    let custom = parse_catalog(
        "c.ron",
        &catalog_with("package: Mandatory, package_source: Seed,"),
    )
    .unwrap();
    assert_eq!(custom.sources.len(), 1);
    assert_eq!(custom.sources[0].tag, "seed");
    assert!(custom.unlisted_citations().is_empty());
}

/// A one-requirement catalog with `fields` in its requirement (and no items unless given).
fn catalog_with(fields: &str) -> String {
    format!(
        r#"(
    id: "c",
    title: (en: "C", ja: "カ"),
    edition: (en: "E", ja: "版"),
    categories: [(id: "(1)", title: (en: "One", ja: "一"), holder: Provider, source: Seed)],
    requirements: [
        (
            id: "(1)-1",
            category: "(1)",
            title: (en: "Build", ja: "ビルド"),
            roles: [Developer],
            applies: Role,
            source: Seed,
            roles_source: Seed,
            {fields}
        ),
    ],
)"#
    )
}

const ITEM: &str =
    r#"items: [(id: "S(1)-1.2", title: (en: "Two", ja: "二"), package: Standard, source: Seed)],"#;

#[test]
fn package_fields_that_do_not_fit_are_load_errors() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "package: Standard,",
            "package-unsourced",
            "package: Standard",
            "package_source: Seed",
        ),
        (
            "package_source: Seed,",
            "package-source-without-package",
            "package_source: Seed",
            "package: Mandatory",
        ),
        (
            &format!("package: Mandatory, package_source: Seed, {ITEM}"),
            "package-unused",
            "package: Mandatory",
            "other_items",
        ),
        (
            "other_items: Inferred(en: \"why\", ja: \"理由\"), package: Mandatory, package_source: Seed,",
            "other-items-without-items",
            "other_items: Inferred",
            "remove `other_items`",
        ),
        (
            &format!(
                "other_items: Seed, {} package: Mandatory, package_source: Seed,",
                ITEM.replace("S(1)-1.2", "S(1)-1.other")
            ),
            "duplicate-id",
            "other_items: Seed",
            "its own id",
        ),
    ];
    for (fields, code, at, help) in cases {
        let text = catalog_with(fields);
        let d = parse_catalog("c.ron", &text).expect_err(code);
        assert_eq!(d.diagnostics.len(), 1, "{code}: {:?}", d.diagnostics);
        let x = &d.diagnostics[0];
        assert_eq!(x.problem.code(), *code);
        let p = d.position(x);
        // Where the field's value starts.
        let off = text.find(at).unwrap() + at.find(": ").unwrap() + 2;
        let line = text[..off].matches('\n').count() + 1;
        let col = off - text[..off].rfind('\n').map_or(0, |i| i + 1) + 1;
        if *code != "duplicate-id" {
            assert_eq!((p.line, p.column), (line, col), "{code}");
        }
        for lang in [Lang::En, Lang::Ja] {
            let h = x.problem.help(lang).unwrap_or_default();
            assert!(!x.problem.message(lang).is_empty());
            if lang == Lang::En {
                assert!(h.contains(help), "{code}: {h}");
            } else {
                assert!(!h.is_ascii(), "{code}: {h}");
            }
        }
    }
    // Written together they load; a residual takes the requirement's package and source.
    let ok = parse_catalog(
        "c.ron",
        &catalog_with(&format!(
            "other_items: Inferred(en: \"1.1 unlisted\", ja: \"1.1 は未記載\"), package: Standard, package_source: Seed, {ITEM}"
        )),
    )
    .unwrap();
    let r = &ok.requirements[0];
    assert_eq!(r.items.len(), 2);
    let res = &r.items[1];
    assert_eq!(res.id, "S(1)-1.other");
    assert!(res.residual);
    assert_eq!(res.package, Package::Standard);
    assert_eq!(res.package_source(), &Source::Seed);
}

/// The lines of `text` that mention `id`.
fn lines_with<'t>(text: &'t str, id: &str) -> Vec<&'t str> {
    text.lines().filter(|l| l.contains(id)).collect()
}

#[test]
fn every_output_that_prints_a_package_marks_inferred_ones() {
    let m = "models/product.ron";
    let t = "--today=2026-11-25";
    // (1)-2 has no items (package inferred); S(1)-1.1's package the seed states;
    // S(3)-1.other is a residual unit.
    let check = |args: &[&str], inferred: &str, stated: &str| {
        let (code, out, err) = run(args);
        assert!(code == 0 || code == 1, "{args:?}: {err}");
        let i = lines_with(&out, "(1)-2");
        assert!(i.iter().any(|l| l.contains(inferred)), "{args:?}: {i:?}");
        let s = lines_with(&out, "S(1)-1.1");
        assert!(
            s.iter()
                .any(|l| l.contains(stated) && !l.contains(inferred)),
            "{args:?}: {s:?}"
        );
        assert!(out.contains("S(3)-1.other"), "{args:?}: residual missing");
        out
    };
    check(&["matrix", m, t], "M?", "M ");
    check(
        &["matrix", m, t, "--format", "md"],
        "mandatory (inferred)",
        "mandatory",
    );
    check(
        &["matrix", m, t, "--format", "md", "--lang", "ja"],
        "必須（推定）",
        "必須",
    );
    // CSV: `package_inferred` after `status` (the columns before keep their places).
    for (lang, yes, no) in [
        ("en", "true", "false"),
        ("ja", "推定 (本ツールの解釈)", "資料"),
    ] {
        let (_, out, _) = run(&["--lang", lang, "matrix", m, t, "--format", "csv"]);
        let mut r = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
        let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            head[6],
            ["package_inferred", "パッケージの根拠"][(lang == "ja") as usize]
        );
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(String::from).collect())
            .collect();
        let unit = |x: &Vec<String>| {
            if x[1].is_empty() {
                x[0].clone()
            } else {
                x[1].clone()
            }
        };
        for x in &rows {
            let want = Catalog::builtin().resolve(&unit(x))[0].package_inferred();
            assert_eq!(x[6], if want { yes } else { no }, "{x:?}");
        }
        assert!(rows.iter().any(|x| unit(x) == "S(3)-1.other"));
    }
    // The checklist in Markdown: one section per row, the package in its first line.
    let (_, md, _) = run(&["checklist", m, t, "--format", "md"]);
    let section = |id: &str| {
        md.split("### ")
            .find(|x| x.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id}"))
            .to_string()
    };
    assert!(section("(1)-2").contains("Package: mandatory (inferred)"));
    assert!(section("S(1)-1.1").contains("Package: mandatory ·"));
    assert!(section("S(3)-1.other").contains("Package: mandatory (inferred)"));
    check(&["annex", m, t], "mandatory (inferred)", "mandatory");
    check(
        &["catalog", "--format", "md"],
        "mandatory (inferred)",
        "mandatory",
    );
    let (_, text, _) = run(&["catalog"]);
    assert!(text.contains("no known items: one allocation in the mandatory (inferred) package"));
    assert!(text.contains("S(1)-1.1 [mandatory] "));
    assert!(text.contains("S(3)-1.other [mandatory (inferred)] "));

    // JSON: a flag next to the package.
    let json = |args: &[&str]| -> serde_json::Value {
        let (_, out, err) = run(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e} {err}"))
    };
    let unit = |v: &serde_json::Value| {
        v["item"]
            .as_str()
            .or(v["requirement"].as_str())
            .unwrap()
            .to_string()
    };
    for (args, rows) in [
        (vec!["check", m, t, "--format", "json"], "allocations"),
        (vec!["matrix", m, t, "--format", "json"], "rows"),
    ] {
        let v = json(&args);
        let rows = v[rows].as_array().unwrap();
        for r in rows {
            let expect = Catalog::builtin().resolve(&unit(r))[0].package_inferred();
            assert_eq!(r["package_inferred"], expect, "{args:?} {}", unit(r));
        }
        assert!(rows.iter().any(|r| unit(r) == "S(3)-1.other"));
    }
    let v = json(&["explain", m, "dev-vendor", t, "--format", "json"]);
    let duties: Vec<&serde_json::Value> = v["duties"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["duties"].as_array().unwrap())
        .collect();
    assert!(duties.iter().any(|d| d["package_inferred"] == true));
    assert!(duties.iter().any(|d| d["package_inferred"] == false));
    // explain with a unit named gives its package in the catalog reason.
    let (_, out, _) = run(&["explain", m, "dev-vendor", "S(3)-1.other", t]);
    assert!(out.contains("package: mandatory (inferred)"), "{out}");

    // OSCAL: a prop with the package's source and the reason of an inference.
    let ssp = json(&["export", "oscal", m, t]);
    let s = ssp.to_string();
    assert!(s.contains("\"package-source\""), "ssp");
    assert!(s.contains("\"package-inference\""), "ssp");
    assert!(s.contains("S(3)-1.other"), "ssp");
    let cat = json(&["export", "oscal-catalog", t]);
    let s = cat.to_string();
    assert!(s.contains("\"package-inference\"") && s.contains("\"residual\""));
}

#[test]
fn residual_units_round_trip_through_the_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("csv");
    let (code, _, err) = run(&[
        "checklist",
        "models/product.ron",
        "--today=2026-11-25",
        "-f",
        "csv",
        "-o",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let path = folder.join("dev-vendor.csv");
    let mut r = csv::Reader::from_path(&path).unwrap();
    let head = r.headers().unwrap().clone();
    let st = head.iter().position(|h| h == "status").unwrap();
    let id = head.iter().position(|h| h == "id").unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&head).unwrap();
    let mut residual = 0;
    let mut n = 0;
    for rec in r.records() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        residual += rec[id].ends_with(".other") as usize;
        // The residual rows partial, the others implemented.
        rec[st] = if rec[id].ends_with(".other") {
            "partial"
        } else {
            "implemented"
        }
        .into();
        w.write_record(&rec).unwrap();
        n += 1;
    }
    assert!(residual >= 2, "the developer's residual rows: {residual}");
    std::fs::write(&path, w.into_inner().unwrap()).unwrap();
    let (code, out, err) = run(&[
        "check",
        "models/product.ron",
        "--today=2026-11-25",
        "--format",
        "json",
        "--status",
        path.to_str().unwrap(),
    ]);
    assert!(code <= 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let p = v["conformance"]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "dev-vendor")
        .unwrap();
    assert_eq!(p["standard"]["rows"], n, "{p:#}");
    assert_eq!(p["standard"]["partial"], residual, "{p:#}");
    // Residual units are in the mandatory package: partial there means no conformance.
    assert_eq!(p["mandatory"]["conforms"], false, "{p:#}");
}
