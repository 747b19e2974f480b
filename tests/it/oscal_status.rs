//! `export oscal --status FILE…` (issue 12, item 7): filled-in checklists reach the plan's
//! `implementation-status`, per party and requirement, in both languages; bad files are
//! refused like `check --status` refuses them.

use std::path::{Path, PathBuf};

use crate::common::{TODAY, run};

const MODEL: &str = "models/service.ron";
const PARTY: &str = "dev-support";

/// A filled-in copy of the party's CSV checklist: the first four rows declared implemented,
/// partial, missing and not applicable (with evidence on the first, a remark on the last).
/// Returns the file and the four rows' (id, role) keys.
fn filled(dir: &Path, lang: &str) -> (PathBuf, Vec<String>) {
    let blank = dir.join(format!("blank-{lang}.csv"));
    let (code, _, err) = run(&[
        "-q",
        "--lang",
        lang,
        "checklist",
        MODEL,
        "--party",
        PARTY,
        "-o",
        blank.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&blank).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let words: &[&str] = if lang == "ja" {
        &["実施済", "一部実施", "未実施", "該当なし"]
    } else {
        &["implemented", "partial", "missing", "not-applicable"]
    };
    let mut ids = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let r = &mut rows[1 + i];
        r[13] = w.to_string();
        if i == 0 {
            r[14] = "design review minutes 2026-10".into();
        }
        if i == 3 {
            r[15] = "hosted by the infrastructure provider".into();
        }
        ids.push(r[2].clone());
    }
    let out = dir.join(format!("filled-{lang}.csv"));
    let mut w = csv::Writer::from_path(&out).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    (out, ids)
}

/// Every by-component of `party_uuid` in the plan, with the unit id (`label` prop) it is in.
fn shares<'a>(
    v: &'a serde_json::Value,
    out: &mut Vec<(String, &'a serde_json::Value)>,
    unit: &str,
) {
    match v {
        serde_json::Value::Object(o) => {
            let here = o
                .get("props")
                .and_then(|p| p.as_array())
                .and_then(|ps| ps.iter().find(|p| p["name"] == "label"))
                .and_then(|p| p["value"].as_str())
                .unwrap_or(unit)
                .to_string();
            if let Some(bcs) = o.get("by-components").and_then(|b| b.as_array()) {
                for bc in bcs {
                    out.push((here.clone(), bc));
                }
            }
            for (k, x) in o {
                if k != "by-components" {
                    shares(x, out, &here);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| shares(x, out, unit)),
        _ => {}
    }
}

fn plan(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn declared_statuses_become_implementation_status() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ja"] {
        let (file, ids) = filled(dir.path(), lang);
        let v = plan(&[
            "--lang",
            lang,
            "export",
            "oscal",
            MODEL,
            "--today",
            TODAY,
            "--status",
            file.to_str().unwrap(),
        ]);
        let ssp = &v["system-security-plan"];
        let component = ssp["system-implementation"]["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| {
                c["props"].as_array().is_some_and(|ps| {
                    ps.iter()
                        .any(|p| p["name"] == "party" && p["value"] == PARTY)
                }) || c["title"].as_str().is_some_and(|t| t.contains(PARTY))
            })
            .map(|c| c["uuid"].as_str().unwrap().to_string());
        let mut all = Vec::new();
        shares(ssp, &mut all, "");
        let declared: Vec<(&str, &str, &str)> = all
            .iter()
            .filter_map(|(unit, bc)| {
                let st = bc.get("implementation-status")?;
                let props = bc["props"].as_array()?;
                let d = props.iter().find(|p| p["name"] == "declared-status")?;
                if let Some(c) = &component {
                    assert_eq!(bc["component-uuid"].as_str(), Some(c.as_str()));
                }
                Some((
                    unit.as_str(),
                    st["state"].as_str().unwrap(),
                    d["value"].as_str().unwrap(),
                ))
            })
            .collect();
        let want: Vec<(&str, &str, &str)> = ids
            .iter()
            .map(String::as_str)
            .zip([
                ("implemented", "implemented"),
                ("partial", "partial"),
                ("planned", "missing"),
                ("not-applicable", "not-applicable"),
            ])
            .map(|(id, (s, d))| (id, s, d))
            .collect();
        assert_eq!(declared, want, "{lang}");
        // Evidence and remarks travel in the remarks, in the language asked for.
        let remarks: Vec<&str> = all
            .iter()
            .filter_map(|(_, bc)| bc["implementation-status"]["remarks"].as_str())
            .collect();
        let (evidence, remark) = if lang == "ja" {
            (
                "エビデンス: design review minutes 2026-10",
                "備考: hosted by the infrastructure provider",
            )
        } else {
            (
                "Evidence: design review minutes 2026-10",
                "Remarks: hosted by the infrastructure provider",
            )
        };
        assert!(remarks.iter().any(|r| r.contains(evidence)), "{remarks:?}");
        assert!(remarks.iter().any(|r| r.contains(remark)), "{remarks:?}");
    }
    // Without --status: no declared status anywhere.
    let v = plan(&["export", "oscal", MODEL, "--today", TODAY]);
    assert!(!v.to_string().contains("declared-status"));
}

#[test]
fn a_bad_status_file_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "party,requirement,id,role,status\nnobody,(1)-1,S(1)-1.1,developer,done\n",
    )
    .unwrap();
    let out = dir.path().join("plan.json");
    let (code, _, err) = run(&[
        "export",
        "oscal",
        MODEL,
        "--today",
        TODAY,
        "--status",
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.csv"), "{err}");
    assert!(!out.exists());
}
