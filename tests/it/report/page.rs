//! The page itself: self-contained and deterministic on every model, in both languages,
//! escaped, its command line, what it says about the diagram, 10,000 parties, conformance.

use super::*;

#[test]
fn every_model_gives_a_self_contained_deterministic_report() {
    for m in models() {
        let html = report(&m, &[]);
        check_self_contained(&html, &m);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.contains("<svg"), "{m}: the diagram is inline");
        // Byte-identical the second time.
        assert_eq!(report(&m, &[]), html, "{m}: not deterministic");
        let d = data(&html);
        let model = load(&m);
        let catalog = Catalog::builtin();
        let a = analyse(&model, &catalog);
        assert_eq!(d["schema"], "rolemap/report/v1");
        assert_eq!(d["parties"].as_array().unwrap().len(), model.parties.len());
        assert_eq!(
            d["allocations"].as_array().unwrap().len(),
            a.allocations.len()
        );
        assert_eq!(d["findings"].as_array().unwrap().len(), a.findings.len());
        // Each allocation's lists of duties are the engine's, duty by duty.
        let lists = d["duty_lists"].as_array().unwrap();
        assert_eq!(lists.len(), a.allocations.len(), "{m}");
        for (al, row) in a.allocations.iter().zip(lists) {
            for (duties, got) in [(&al.responsible, &row[0]), (&al.contributors, &row[1])] {
                let want: Vec<Value> = duties
                    .iter()
                    .map(|d| match d.via {
                        rolemap::allocate::Via::Holding(h) => json!(h),
                        rolemap::allocate::Via::Assign(i) => json!(-1 - i as i64),
                        rolemap::allocate::Via::Contract { contract, holding } => {
                            let r = got.as_array().unwrap().iter().find_map(|x| {
                                (x[0] == json!(contract) && x[1] == json!(holding))
                                    .then(|| x[2].clone())
                            });
                            json!([contract, holding, r.expect("the contract's duty")])
                        }
                    })
                    .collect();
                assert_eq!(got, &json!(want), "{m}");
            }
        }
        let s = a.summary();
        for (key, n) in [
            ("errors", s.errors),
            ("warnings", s.warnings),
            ("info", s.info),
            ("waived", s.waived),
        ] {
            assert_eq!(d["summary"][key], json!(n), "{m}: {key}");
            // The summary card says the same.
            assert!(
                html.contains(&format!(
                    "data-count=\"{key}\"><span class=\"n\">{n}</span>"
                )),
                "{m}: card {key}"
            );
        }
    }
}

#[test]
fn japanese_by_default_with_lang_ja_and_both_languages_inside() {
    let html = report("models/service.ron", &["--lang", "ja"]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    let d = data(&html);
    assert_eq!(d["lang"], "ja");
    // Both drawings, each with its own ids.
    assert!(html.contains("id=\"rolemap_en_graph\"") || html.contains("id=\"rolemap_en_p0\""));
    assert!(html.contains("rolemap_ja_p0"));
    // Static labels in both languages.
    assert!(html.contains(
        "<span class=\"l-en\">Responsibility matrix</span><span class=\"l-ja\">責任分担表</span>"
    ));
}

#[test]
fn hostile_names_are_escaped_in_the_page_and_the_data() {
    let html = report(HOSTILE, &[]);
    check_self_contained(&html, HOSTILE);
    // The title and every text outside the data and the drawings is escaped.
    let head = between(&html, "<h1 id=\"title\">", "</h1>");
    assert!(
        head.contains(
            "Hostile &lt;script&gt;alert(1)&lt;&#x2f;script&gt; &quot;model&quot; \\ end"
        ),
        "{head}"
    );
    let title = between(&html, "<title>", "</title>");
    assert!(!title.contains('<'), "{title}");
    // No markup from the model anywhere outside the data, which has none at all.
    let data_start = html.find("<script type=\"application/json\"").unwrap();
    for raw in [
        "<script>alert",
        "<img src=x",
        "<svg onload",
        "<iframe",
        "<b>reviewed",
        "<i>owner",
    ] {
        assert!(!html[..data_start].contains(raw), "raw {raw} in the page");
    }
    // The data holds the names exactly.
    let d = data(&html);
    let names: Vec<&str> = d["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_str().unwrap_or_else(|| p[1][0].as_str().unwrap()))
        .collect();
    let model = load(HOSTILE);
    for (p, n) in model.parties.iter().zip(&names) {
        assert_eq!(p.name.en, *n);
    }
    // The waiver with markup and U+2028 in its reason is in the data, escaped.
    assert_eq!(
        d["waivers"][0][1],
        "<b>reviewed</b> =HYPERLINK(\"http://x\") \u{2028} </script>"
    );
}

#[test]
fn command_line_requires_output_refuses_the_input_and_can_write_stdout() {
    // -o is required.
    let (code, _, stderr) = run(&["report", "models/service.ron"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--output"), "{stderr}");
    // `-o -` writes to standard output.
    let (code, stdout, _) = run(&["report", "models/service.ron", "--today", TODAY, "-o", "-"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("<!DOCTYPE html>"));
    // Never over the input; nothing left behind in a missing folder.
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.ron");
    std::fs::copy(root().join("models/service.ron"), &model).unwrap();
    let m = model.to_str().unwrap();
    let (code, _, stderr) = run(&["report", m, "-o", m]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot write .ron files"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&model).unwrap(),
        std::fs::read_to_string(root().join("models/service.ron")).unwrap()
    );
    let missing = dir.path().join("no/such/folder/r.html");
    let (code, _, _) = run(&["report", m, "-o", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the model is in the folder");
    // Findings do not change the exit code: the report is a document.
    let out = dir.path().join("h.html");
    let (code, _, _) = run(&[
        "report",
        "models/municipal-hospital.ron",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    // Bad input: exit 2 and no file.
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(name: \"x\", parties: {}, contracts: [(client: \"nobody\")])",
    )
    .unwrap();
    let out = dir.path().join("bad.html");
    let (code, _, _) = run(&["report", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(!out.exists());
}

#[cfg(feature = "builtin-layout")]
#[test]
fn the_page_says_which_renderer_drew_the_diagram_and_what_was_collapsed() {
    let html = report(
        "models/ministry-benefits.ron",
        &["--renderer", "builtin", "--collapse", "org"],
    );
    check_self_contained(&html, "builtin");
    assert!(html.contains("Drawn by builtin layout (layout-rs 0.1)."));
    assert!(html.contains("Collapsed by organisation: 16 parties drawn as 15 nodes"));
    // The builtin renderer's <style> is allowed by its hash.
    let style = between(&html, "<svg", "</svg>");
    assert!(style.contains("<style>"));
    // Without dot, auto falls back and says why, in the page and on stderr.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let (code, _, stderr) = run(&[
        "report",
        "models/service.ron",
        "--dot",
        "/nonexistent/rolemap/dot",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("note: Graphviz `dot` was not found"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Graphviz was not used: Graphviz `dot` was not found"));
    // --renderer dot without dot fails: the user asked for it by name.
    let (code, _, _) = run(&[
        "report",
        "models/service.ron",
        "--renderer",
        "dot",
        "--dot",
        "/nonexistent/rolemap/dot",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
}

#[test]
fn a_ten_thousand_party_report_is_compact_and_collapsed() {
    let dir = tempfile::tempdir().unwrap();
    let model = synthetic(dir.path(), 10_000);
    let out = dir.path().join("r.html");
    let (code, _, stderr) = run(&[
        "report",
        model.to_str().unwrap(),
        "--today",
        TODAY,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("note: Collapsed by tier"), "{stderr}");
    let html = std::fs::read_to_string(&out).unwrap();
    // About 8 MB: 800 bytes a party for every duty, reason, finding and both languages.
    assert!(html.len() < 12 << 20, "{} bytes", html.len());
    check_self_contained(&html, "10k");
    // The data in many elements, not one (which Chromium reads slowly when it is large).
    assert!(super::data_parts(&html).len() > 20);
    assert!(html.contains("Collapsed by tier"));
}

#[test]
fn filled_in_checklists_show_conformance_in_the_report() {
    let dir = checklists_csv("models/service.ron");
    // Fill dev-support's checklist: every third row partial, the rest implemented.
    let path = dir.path().join("dev-support.csv");
    let mut r = csv::Reader::from_path(&path).unwrap();
    let headers = r.headers().unwrap().clone();
    let status = headers.iter().position(|h| h == "status").unwrap();
    let mut w = csv::Writer::from_path(dir.path().join("filled.csv")).unwrap();
    w.write_record(&headers).unwrap();
    let mut n: usize = 0;
    for (i, row) in r.records().enumerate() {
        let mut row: Vec<String> = row.unwrap().iter().map(str::to_string).collect();
        row[status] = if i % 3 == 0 { "partial" } else { "implemented" }.into();
        w.write_record(&row).unwrap();
        n += 1;
    }
    w.flush().unwrap();
    let filled = dir.path().join("filled.csv");
    let html = report(
        "models/service.ron",
        &["--status", filled.to_str().unwrap()],
    );
    let v = data(&html);
    let c = &v["conformance"];
    let dev = c["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "dev-support")
        .unwrap();
    assert_eq!(dev["covered"], true);
    let partial = n.div_ceil(3);
    let standard = dev["standard"][0].as_str().unwrap();
    assert!(
        standard.contains(&format!("{}/{n} implemented", n - partial))
            && standard.contains(&format!("{partial} partial")),
        "{standard}"
    );
    assert_eq!(dev["open"].as_array().unwrap().len(), partial);
    let user = c["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "service-user")
        .unwrap();
    assert_eq!(user["covered"], false);
    assert!(html.contains("id=\"conformance\""));
    // Without --status there is no conformance data.
    assert!(
        data(&report("models/service.ron", &[]))
            .get("conformance")
            .is_none()
    );
    // A bad status file fails the report with exit 2 and writes nothing.
    std::fs::write(
        dir.path().join("bad.csv"),
        "party,id,role,status\ndev-support,(9)-9,developer,implemented\n",
    )
    .unwrap();
    let out = dir.path().join("r.html");
    let (code, _, err) = run(&[
        "report",
        "models/service.ron",
        "--status",
        dir.path().join("bad.csv").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(!out.exists());
}

/// The count of duties the list of parties shows (`duties`, so that the page need not parse
/// every party's `explain` to show it) is what `rolemap explain PARTY` lists, party by party,
/// and what the party's own `explain` groups hold.
#[test]
fn each_partys_duty_count_is_what_explain_lists() {
    for model in [
        "models/ministry-benefits.ron",
        "models/national-three-tier.ron",
    ] {
        let d = super::data(&super::report(model, &[]));
        let parties = d["parties"].as_array().unwrap();
        let counts = d["duties"].as_array().unwrap();
        assert_eq!(counts.len(), parties.len(), "{model}");
        let mut total = 0;
        for (p, row) in parties.iter().enumerate() {
            let id = row[0].as_str().unwrap();
            let (code, out, err) =
                run(&["explain", model, id, "--format", "json", "--today", TODAY]);
            assert_eq!(code, 0, "{model} {id}: {err}");
            let explained: Value = serde_json::from_str(&out).unwrap();
            let listed: usize = explained["duties"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["duties"].as_array().unwrap().len())
                .sum();
            let groups: Value = d["explain"][p].clone();
            let lines: usize = groups
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g[1].as_array().unwrap().len() / 2)
                .sum();
            assert_eq!(counts[p], json!(listed), "{model} {id}");
            assert_eq!(lines, listed, "{model} {id}");
            total += listed;
        }
        assert!(total > 20, "{model}: {total} duties in all");
    }
}

/// Each finding's fix, written once in `fixes` and numbered from the finding, reads as
/// `rolemap check --format json` words it, in both languages; no fix is written twice.
#[test]
fn each_findings_fix_is_checks_in_both_languages() {
    let mut shared = 0;
    for model in models() {
        let d = data(&report(&model, &[]));
        let fixes = d["fixes"].as_array().unwrap();
        let distinct: std::collections::HashSet<String> =
            fixes.iter().map(Value::to_string).collect();
        assert_eq!(distinct.len(), fixes.len(), "{model}: a fix written twice");
        let rows = d["findings"].as_array().unwrap();
        for (li, lang) in ["en", "ja"].into_iter().enumerate() {
            let (code, out, err) = run(&[
                "--lang", lang, "check", &model, "--format", "json", "--today", TODAY,
            ]);
            assert!(code <= 1, "{model}: {err}");
            let check: Value = serde_json::from_str(&out).unwrap();
            let by_id: std::collections::HashMap<&str, &str> = check["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| (f["id"].as_str().unwrap(), f["fix"].as_str().unwrap()))
                .collect();
            for row in rows {
                let id = row[7].as_str().unwrap();
                let fix = &fixes[row[3].as_u64().unwrap() as usize];
                let text = fix.as_str().or(fix[li].as_str()).unwrap();
                assert_eq!(Some(&text), by_id.get(id), "{model} {lang}: {id}");
            }
        }
        shared += rows.len() - fixes.len();
    }
    assert!(shared > 0, "no two findings share a fix");
}
