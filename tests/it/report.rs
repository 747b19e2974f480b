//! `rolemap report`: the HTML page of every bundled model is self-contained (a strict CSP, no
//! network references), deterministic and escaped; the command line behaves; and, in a real
//! browser (Debian's Chromium through `playwright-core`, `tests/browser/`), the page renders its
//! matrix, filters, explains a clicked cell, switches language, runs no script from the model
//! and makes no request.
//!
//! The browser tests need `node`, `/usr/bin/chromium` (or `ROLEMAP_CHROMIUM`) and
//! `tests/browser/node_modules` (`npm ci` there). Without them they are skipped with a note,
//! unless `ROLEMAP_REQUIRE_BROWSER=1` (as in CI), which makes a missing browser a failure.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use rolemap::allocate::{duty_because, duty_scope};
use rolemap::render::because;
use rolemap::render::matrix::cell;
use rolemap::{Catalog, Lang, Role};
use serde_json::{Value, json};

use crate::common;

use common::{TODAY, analyse, checklists_csv, load, models, root, run};

const HOSTILE: &str = "tests/fixtures/hostile.ron";

/// The report of `model` written by the command line, with extra arguments.
pub(crate) fn report(model: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let mut args = vec![
        "report",
        model,
        "--today",
        TODAY,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{model}: {stderr}");
    assert_eq!(stdout, "");
    std::fs::read_to_string(&out).unwrap()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let i = s.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    let j = s[i..].find(end).unwrap_or_else(|| panic!("no {end}")) + i;
    &s[i..j]
}

/// The report's data, parsed.
pub(crate) fn data(html: &str) -> Value {
    let raw = between(
        html,
        "<script type=\"application/json\" id=\"rolemap-data\">",
        "</script>",
    );
    assert!(
        !raw.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
        "unescaped markup characters in the data"
    );
    serde_json::from_str(raw).expect("the data is JSON")
}

/// The SHA-256 of `s` in base64, computed independently of the code under test (by Python),
/// or `None` when there is no `python3`.
/// Every start tag of an HTML text: its lower-case name and attributes (values unescaped only
/// as far as the quotes go). Text between tags is skipped; attribute values in our pages never
/// hold a raw `>` (every renderer escapes it).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!--") {
            rest = &rest[rest.find("-->").map_or(rest.len(), |j| j + 3)..];
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = rest.find('>').expect("a tag ends");
        let inside = &rest[..end];
        rest = &rest[end + 1..];
        let name_end = inside
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inside.len());
        let tag = inside[..name_end].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut s = &inside[name_end..];
        loop {
            s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if s.is_empty() {
                break;
            }
            let k_end = s
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(s.len());
            let key = s[..k_end].to_ascii_lowercase();
            s = s[k_end..].trim_start();
            let mut value = String::new();
            if let Some(r) = s.strip_prefix('=') {
                let r = r.trim_start();
                if let Some(q) = r.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    let close = r[1..].find(q).expect("a quoted value ends") + 1;
                    value = r[1..close].to_string();
                    s = &r[close + 1..];
                } else {
                    let e = r.find(char::is_whitespace).unwrap_or(r.len());
                    value = r[..e].to_string();
                    s = &r[e..];
                }
            }
            attrs.push((key, value));
        }
        out.push((tag, attrs));
        // The contents of script and style are not markup.
        for raw in ["script", "style"] {
            if out.last().unwrap().0 == raw {
                let close = format!("</{raw}");
                rest = &rest[rest.find(&close).unwrap_or(rest.len())..];
            }
        }
    }
    out
}

fn sha256_b64(s: &str) -> Option<String> {
    use std::io::Write;
    let mut child = Process::new("python3")
        .args([
            "-c",
            "import sys,hashlib,base64;print(base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode(),end='')",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(s.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap())
}

/// Check what every report must be: a strict CSP naming the one script; no reference to
/// anything outside the file; exactly two script elements (the data and the page's script).
fn check_self_contained(html: &str, name: &str) {
    let csp = between(
        html,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"",
        "\"",
    );
    for directive in [
        "default-src 'none'",
        "connect-src 'none'",
        "img-src 'none'",
        "font-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ] {
        assert!(csp.contains(directive), "{name}: CSP lacks {directive}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    assert!(!csp.contains("http"), "{name}: CSP allows a host");
    // The CSP comes before any script or style.
    let at = html.find("Content-Security-Policy").unwrap();
    assert!(at < html.find("<style").unwrap() && at < html.find("<script").unwrap());

    let lower = html.to_ascii_lowercase();
    assert_eq!(
        lower.matches("<script").count(),
        2,
        "{name}: script elements"
    );
    let script = between(html, "<script>", "</script>");
    if let Some(hash) = sha256_b64(script) {
        assert!(
            csp.contains(&format!("script-src 'sha256-{hash}'")),
            "{name}: the CSP does not name the script's hash"
        );
    }

    // Outside the data: no element or attribute that loads anything, runs anything or leaves
    // the page; the only URLs are the SVG namespace names, which are identifiers, not resources.
    let data_start = html.find("<script type=\"application/json\"").unwrap();
    for (tag, attrs) in tags(&html[..data_start]) {
        assert!(
            ![
                "link",
                "img",
                "iframe",
                "frame",
                "object",
                "embed",
                "audio",
                "video",
                "source",
                "track",
                "picture",
                "base",
                "form",
                "foreignobject",
                "image",
                "use",
            ]
            .contains(&tag.as_str()),
            "{name}: <{tag}> in the page"
        );
        for (k, v) in attrs {
            assert!(!k.starts_with("on"), "{name}: <{tag} {k}=…>");
            assert!(
                ![
                    "src",
                    "srcset",
                    "action",
                    "formaction",
                    "poster",
                    "data",
                    "background",
                    "ping"
                ]
                .contains(&k.as_str()),
                "{name}: <{tag} {k}=…>"
            );
            if k == "href" || k == "xlink:href" {
                assert!(v.starts_with('#'), "{name}: <{tag} {k}={v:?}>");
            }
            if v.contains("http://") || v.contains("https://") {
                assert!(k.starts_with("xmlns"), "{name}: <{tag} {k}={v:?}>");
            }
            let lv = v.to_ascii_lowercase();
            assert!(
                !lv.contains("url(") || lv.contains("url(#"),
                "{name}: {k}={v:?}"
            );
            assert!(!lv.contains("javascript:"), "{name}: {k}={v:?}");
        }
    }
    for style in html[..data_start].split("<style").skip(1) {
        let css = &style[..style.find("</style>").unwrap()].to_ascii_lowercase();
        assert!(!css.contains("@import"), "{name}: @import");
        assert!(
            css.matches("url(").count() == css.matches("url(#").count(),
            "{name}: url() in a style"
        );
    }
    // Inside the data, URLs appear only as the catalog's sources (drawn as text links).
    let d = data(html);
    let sources: Vec<String> = d["catalog"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s[2].as_str().map(String::from))
        .collect();
    fn walk(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
        match v {
            Value::String(s) if s.contains("http://") || s.contains("https://") => {
                out.push((path.to_string(), s.clone()))
            }
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| walk(x, &format!("{path}[{i}]"), out)),
            Value::Object(o) => o
                .iter()
                .for_each(|(k, x)| walk(x, &format!("{path}.{k}"), out)),
            _ => {}
        }
    }
    let mut urls = Vec::new();
    walk(&d, "", &mut urls);
    // Other URLs may only be text the model itself wrote (a hostile name), shown as text.
    let model_text = std::fs::read_to_string(root().join(name)).unwrap_or_default();
    for (path, s) in urls {
        if sources.contains(&s) && path.starts_with(".catalog.sources") {
            continue;
        }
        for (i, _) in s.match_indices("http") {
            let url: String = s[i..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !"\"'()<>".contains(*c))
                .collect();
            assert!(
                model_text.contains(&url),
                "{name}: URL outside the catalog's sources at {path}: {s}"
            );
        }
    }
}

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

/// The synthetic chain of `n` parties as a JSON model file in `dir`.
fn synthetic(dir: &Path, n: usize) -> PathBuf {
    let v = rolemap::synth::generate(rolemap::synth::SynthOptions {
        parties: n,
        seed: 1,
    });
    let path = dir.join(format!("chain-{n}.json"));
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    path
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
    assert!(html.contains("Collapsed by tier"));
}

// ---- in a browser ------------------------------------------------------------------------------

/// The browser to test with, or `None` (skipped) when something is missing.
pub(crate) fn browser() -> Option<(PathBuf, PathBuf)> {
    let required = std::env::var("ROLEMAP_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let chromium = std::env::var_os("ROLEMAP_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let node = Process::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    let module = root().join("tests/browser/node_modules/playwright-core");
    let missing: Vec<String> = [
        (node.is_none(), "node (Node.js)".to_string()),
        (
            !chromium.exists(),
            format!("Chromium at {}", chromium.display()),
        ),
        (
            !module.exists(),
            "tests/browser/node_modules (run `npm ci` in tests/browser)".to_string(),
        ),
    ]
    .into_iter()
    .filter_map(|(m, what)| m.then_some(what))
    .collect();
    if missing.is_empty() {
        return Some((chromium, root().join("tests/browser/report.mjs")));
    }
    assert!(
        !required,
        "ROLEMAP_REQUIRE_BROWSER=1 but the browser test cannot run: missing {}",
        missing.join(", ")
    );
    eprintln!(
        "skipping the browser test of the report: missing {}",
        missing.join(", ")
    );
    None
}

/// Run the browser script on a report with expectations; returns its results.
pub(crate) fn in_browser(html: &Path, want: Value) -> Value {
    let Some((chromium, script)) = browser() else {
        return Value::Null;
    };
    let mut want = want;
    want["html"] = json!(html);
    want["chromium"] = json!(chromium);
    let file = html.with_extension("expect.json");
    std::fs::write(&file, serde_json::to_string_pretty(&want).unwrap()).unwrap();
    let out = Process::new("node")
        .arg(&script)
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stdout.lines().last().unwrap_or("");
    let v: Value = serde_json::from_str(last)
        .unwrap_or_else(|_| panic!("the browser script failed:\n{stdout}\n{stderr}"));
    assert!(
        out.status.success() && v["ok"] == json!(true),
        "in the browser: {}",
        serde_json::to_string_pretty(&v["problems"]).unwrap()
    );
    eprintln!("browser: {}", v["results"]);
    v["results"].clone()
}

/// Where screenshots go: the target folder.
fn shots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What the browser must see in the report of `path`: the first page of the matrix as
/// `rolemap matrix` marks it, a role filter, and the explanation of the cell of `party`
/// in the first allocation of `role` where it is responsible.
fn expectations(path: &str, lang: Lang, party: &str, role: Role) -> Value {
    let model = load(path);
    let catalog = Catalog::builtin();
    let a = analyse(&model, &catalog);
    let first: Vec<usize> = (0..model.parties.len().min(50)).collect();
    let ar = &a;
    let cells: Vec<Value> = a
        .allocations
        .iter()
        .enumerate()
        .flat_map(|(ai, al)| {
            first
                .iter()
                .map(move |&p| json!([ai, p, cell(ar, al, p).text()]))
                .collect::<Vec<_>>()
        })
        .collect();
    let pi = model.party(party).unwrap();
    let (ai, al) = a
        .allocations
        .iter()
        .enumerate()
        .find(|(_, al)| al.role == role && al.responsible.iter().any(|d| d.party == pi))
        .unwrap_or_else(|| panic!("{party} leads no {role:?} allocation"));
    let d = al.responsible.iter().find(|d| d.party == pi).unwrap();
    // The explanation names every reason of the duty, with its place in the model, and the
    // catalog entry.
    let mut texts = Vec::new();
    for b in duty_because(d, &a.roles) {
        texts.push(because::text(&model, &catalog, &b, lang));
        if let Some(p) = because::position(&model, &b) {
            texts.push(format!("{path}:{}:{}", p.line, p.column));
        }
    }
    let unit = al.unit(&catalog);
    texts.push(because::text(
        &model,
        &catalog,
        &rolemap::Because::Catalog {
            unit: unit.id().to_string(),
            role: al.role,
        },
        lang,
    ));
    if let Some(s) = duty_scope(d, &a.roles, &model) {
        texts.push(s.to_string());
    }
    let operator_rows = a
        .allocations
        .iter()
        .filter(|al| al.role == Role::Operator)
        .count();
    json!({
        "lang": lang.code(),
        "rows": a.allocations.len(),
        "parties": first.iter().map(|&p| model.parties[p].id.clone()).collect::<Vec<_>>(),
        "names": first.iter().map(|&p| rolemap::render::report::visible(model.parties[p].name.get(lang))).collect::<Vec<_>>(),
        "print": {"parties": model.parties.len()},
        "cells": cells,
        "filter": {"role": Role::Operator as usize, "rows": operator_rows},
        "click": {"alloc": ai, "party": pi, "texts": texts},
        "labels": {"en": "Responsibility matrix", "ja": "責任分担表"},
        "openParties": true,
    })
}

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
    let ar = &a;
    let cells: Vec<Value> = a
        .allocations
        .iter()
        .enumerate()
        .flat_map(|(ai, al)| {
            first
                .iter()
                .map(move |&p| json!([ai, p, cell(ar, al, p).text()]))
                .collect::<Vec<_>>()
        })
        .collect();
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
            "click": {"alloc": 0, "party": 2, "texts": []},
            "screenshot": shots().join("chain-10k.png"),
            "openParties": true,
        }),
    );
    if !results.is_null() {
        assert_eq!(results["cells"], json!(a.allocations.len() * 50));
    }
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
