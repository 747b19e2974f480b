//! Outputs valid for every character (issue 13, attacks 13 and 14): a model whose names hold
//! noncharacters (U+FFFE, U+FFFF, U+FDD0), a C0 control and bidirectional controls (U+202E,
//! U+2066) goes through every XML-based output, which must parse as XML, and through every
//! document output, which must carry no bidirectional control.

use std::io::Read;
use std::path::Path;
use std::process::Command;

const MODEL: &str = "(
    name: \"chain\\u{FFFE}\\u{202E}txt.exe\",
    parties: {
        \"owner\": (name: \"Owner\\u{FFFF}\\u{2066}evil\", division: Customer, operates: true),
        \"vendor\": (name: \"Vendor\\u{FDD0}\\u{1}x\\u{202E}gnp.exe\", division: Provider),
    },
    contracts: [(id: \"dev\", client: \"owner\", contractor: \"vendor\", kind: Development,
        security_terms: true)],
)";

/// What no XML-based output may hold raw.
fn xml_unsafe(c: char) -> bool {
    let n = c as u32;
    (n < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

fn bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn run(args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_rolemap"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{args:?}: {e}");
}

fn model(dir: &Path) -> String {
    let f = dir.join("chars.ron");
    std::fs::write(&f, MODEL).unwrap();
    f.to_string_lossy().into_owned()
}

/// Parses as XML (roxmltree holds to XML 1.0's characters) and holds no noncharacter.
fn valid_xml(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| xml_unsafe(c)) {
        panic!("{what}: U+{:04X} in the output", c as u32);
    }
    // An HTML page is not XML; its embedded SVG is checked on its own.
    if !what.ends_with(".html") {
        roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

fn no_bidi(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| bidi(c)) {
        panic!(
            "{what}: bidirectional control U+{:04X} in the output",
            c as u32
        );
    }
}

fn dot_available() -> bool {
    std::env::var_os("ROLEMAP_REQUIRE_DOT").is_some()
        || Command::new("dot").arg("-V").output().is_ok()
}

#[test]
fn svg_from_both_renderers_is_valid_xml() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let mut renderers = vec!["builtin"];
    if dot_available() {
        renderers.push("dot");
    }
    for r in renderers {
        for lang in ["en", "ja"] {
            let out = dir.path().join(format!("g-{r}-{lang}.svg"));
            let o = out.to_str().unwrap();
            run(&["--lang", lang, "graph", &m, "--renderer", r, "-o", o]);
            let svg = std::fs::read_to_string(&out).unwrap();
            valid_xml(o, &svg);
            no_bidi(o, &svg);
            assert!(svg.contains("Vendor"), "{svg}");
        }
    }
}

#[test]
fn the_report_holds_no_character_xml_forbids_and_no_live_bidi_control() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let out = dir.path().join("r.html");
    run(&[
        "report",
        &m,
        "--renderer",
        "builtin",
        "-o",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    valid_xml("report.html", &html);
    let start = html.find("<svg").unwrap();
    let end = html[start..].find("</svg>").unwrap() + start + 6;
    valid_xml("report's svg", &html[start..end]);
    // Shown, not applied, where the page writes the name itself.
    assert!(
        html.contains("[U+202E]"),
        "the title shows the override as text"
    );
}

/// Every XML part of an XLSX file.
fn xlsx_parts(path: &Path) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            parts.push((name, s));
        }
    }
    parts
}

#[test]
fn workbooks_are_valid_xml_with_bidi_controls_shown() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let cl = dir.path().join("cl.xlsx");
    run(&[
        "checklist",
        &m,
        "--party",
        "vendor",
        "-o",
        cl.to_str().unwrap(),
    ]);
    let an = dir.path().join("an.xlsx");
    run(&["annex", &m, "-o", an.to_str().unwrap()]);
    for f in [&cl, &an] {
        let parts = xlsx_parts(f);
        assert!(!parts.is_empty());
        let mut shown = false;
        for (name, text) in parts {
            let what = format!("{}:{name}", f.display());
            valid_xml(&what, &text);
            no_bidi(&what, &text);
            shown |= text.contains("[U+202E]");
        }
        assert!(shown, "{}: the override is shown as text", f.display());
    }
}

#[test]
fn oscal_and_markdown_carry_no_noncharacter_and_no_bidi_control() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let oscal = dir.path().join("ssp.json");
    run(&["export", "oscal", &m, "-o", oscal.to_str().unwrap()]);
    let text = std::fs::read_to_string(&oscal).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap();
    assert!(!text.chars().any(xml_unsafe), "oscal");
    no_bidi("oscal", &text);
    assert!(text.contains("[U+202E]"));
    let mut mds = Vec::new();
    for (name, args) in [
        (
            "cl.md",
            vec!["checklist", "--party", "vendor", "--format", "md"],
        ),
        ("an.md", vec!["annex", "--format", "md"]),
        ("mx.md", vec!["matrix", "--format", "md"]),
    ] {
        let out = dir.path().join(name);
        let mut a = args.clone();
        a.insert(1, &m);
        a.extend(["-o", out.to_str().unwrap()]);
        run(&a);
        mds.push((name, std::fs::read_to_string(&out).unwrap()));
    }
    for (name, md) in mds {
        no_bidi(name, &md);
        assert!(!md.chars().any(|c| (c as u32) & 0xFFFE == 0xFFFE), "{name}");
        assert!(md.contains("[U+202E]"), "{name}: shown as text");
    }
}

#[test]
fn ids_with_bidi_controls_round_trip_through_checklists() {
    // The checklist shows U+202E as `[U+202E]`; reading it back turns it into the id again.
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("ids.ron");
    std::fs::write(&m, MODEL.replace("\"vendor\"", "\"ven\\u{202E}dor\"")).unwrap();
    let m = m.to_str().unwrap();
    let party = "ven\u{202E}dor";
    for ext in ["csv", "xlsx"] {
        let out = dir.path().join(format!("cl.{ext}"));
        run(&[
            "checklist",
            m,
            "--party",
            party,
            "--format",
            ext,
            "-o",
            out.to_str().unwrap(),
        ]);
        let o = Command::new(env!("CARGO_BIN_EXE_rolemap"))
            .args(["check", m, "--status", out.to_str().unwrap()])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.code().is_some_and(|c| c <= 1), "{ext}: {e}");
        assert!(!e.contains("unknown party"), "{ext}: {e}");
    }
    let csv = std::fs::read_to_string(dir.path().join("cl.csv")).unwrap();
    no_bidi("cl.csv", &csv);
    assert!(csv.contains("ven[U+202E]dor"));
}

/// Standard output of a run that must end with exit code 0, 1 or (for a bad model) 2.
fn stdout_of(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_rolemap"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(!e.contains("panicked"), "{args:?}: {e}");
    assert!(o.status.code().is_some_and(|c| c <= 2), "{args:?}: {e}");
    String::from_utf8(o.stdout).unwrap()
}

/// Every string value of a JSON document, keys included.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.push(k.clone());
                strings(v, out);
            }
        }
        _ => {}
    }
}

#[test]
fn json_and_sarif_escape_bidi_controls_and_noncharacters_and_keep_the_strings() {
    // The JSON outputs carry every name exactly, but a bidi control or a noncharacter is
    // written as a `\uXXXX` escape: the same string for a JSON reader, inert on a terminal.
    let dir = tempfile::tempdir().unwrap();
    let id = "ven\u{202E}d\u{FFFE}or";
    let text = MODEL.replace("\"vendor\"", "\"ven\\u{202E}d\\u{FFFE}or\"");
    let m = dir.path().join("ids.ron");
    std::fs::write(&m, &text).unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        text.replace("client: \"owner\"", "client: \"own\\u{2066}er\\u{FDD0}\""),
    )
    .unwrap();
    let changed = dir.path().join("changed.ron");
    std::fs::write(
        &changed,
        text.replace("security_terms: true", "security_terms: false"),
    )
    .unwrap();
    let changed = changed.to_str().unwrap();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.ron"), &text).unwrap();
    let (m, bad, folder) = (
        m.to_str().unwrap(),
        bad.to_str().unwrap(),
        folder.to_str().unwrap(),
    );
    let today = "2026-11-25";
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", m, "--format", "json", "--today", today],
        vec!["check", m, "--format", "sarif", "--today", today],
        vec!["check", bad, "--format", "json"],
        vec!["matrix", m, "--format", "json"],
        vec!["explain", m, id, "--format", "json"],
        vec!["diff", m, changed, "--format", "json", "--today", today],
        vec![
            "check",
            folder,
            "--format",
            "json",
            "--details",
            "--today",
            today,
        ],
        vec!["check", folder, "--format", "sarif", "--today", today],
        vec!["export", "oscal", m],
    ];
    for lang in ["en", "ja"] {
        for args in &runs {
            let mut args = args.clone();
            args.splice(0..0, ["--lang", lang]);
            let out = stdout_of(&args);
            let what = format!("{args:?}");
            no_bidi(&what, &out);
            assert!(
                !out.chars()
                    .any(|c| (c as u32) & 0xFFFE == 0xFFFE
                        || (0xFDD0..=0xFDEF).contains(&(c as u32))),
                "{what}: a raw noncharacter"
            );
            let v: serde_json::Value =
                serde_json::from_str(&out).unwrap_or_else(|e| panic!("{what}: {e}"));
            let mut all = Vec::new();
            strings(&v, &mut all);
            if args.contains(&bad) {
                assert!(out.contains("\\u2066"), "{what}: {out}");
                assert!(
                    all.iter().any(|s| s.contains("own\u{2066}er\u{FDD0}")),
                    "{what}"
                );
            } else if !args.contains(&"oscal") && !args.contains(&"sarif") {
                // (SARIF names findings by their ids; OSCAL shows the controls as text.)
                assert!(out.contains("\\u202e"), "{what}: {out}");
                assert!(
                    all.iter().any(|s| s.contains(id)),
                    "{what}: the id read back"
                );
            }
        }
    }
}
