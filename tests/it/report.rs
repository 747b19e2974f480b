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

mod in_browser;
mod page;

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
    serde_json::from_str(&data_text(html)).expect("the data is JSON")
}

/// The report's data as one JSON text: each section's elements joined, in order.
fn data_text(html: &str) -> String {
    let mut whole = String::from("{");
    let mut keys: Vec<&str> = Vec::new();
    for (key, _, text) in data_elements(html) {
        if keys.last() != Some(&key) {
            assert!(
                !keys.contains(&key),
                "section {key} in two runs of elements"
            );
            if !keys.is_empty() {
                whole.push(',');
            }
            whole.push_str(&serde_json::to_string(key).unwrap());
            whole.push(':');
            keys.push(key);
        }
        assert!(
            !text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "unescaped markup characters in the data"
        );
        whole.push_str(text);
    }
    whole.push('}');
    whole
}

/// The texts of the report's data elements, in order.
pub(crate) fn data_parts(html: &str) -> Vec<&str> {
    data_elements(html).into_iter().map(|(_, _, t)| t).collect()
}

/// The section (`data-key`), the first row (`data-start`, in a section of rows) and the text
/// of each of the report's data elements, in order.
fn data_elements(html: &str) -> Vec<(&str, Option<usize>, &str)> {
    let open = "<script type=\"application/json\" class=\"rolemap-data\" data-key=\"";
    let mut parts = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        // `KEY">`, or `KEY" data-start="N">` for a section of rows.
        let (tag, after) = rest.split_once('>').expect("the start tag ends");
        let (key, attrs) = tag.split_once('"').expect("the key is quoted");
        let start = attrs
            .strip_prefix(" data-start=\"")
            .map(|n| n.trim_end_matches('"').parse().expect("a row number"));
        let end = after.find("</script>").expect("the element ends");
        parts.push((key, start, &after[..end]));
        rest = &after[end..];
    }
    assert!(!parts.is_empty(), "no data element");
    parts
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
/// anything outside the file; one script that runs and the data elements, each section's cut
/// into pieces of at most 256 KiB.
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

    // One script that runs, and data elements: as many as the sections' 256 KiB pieces.
    let lower = html.to_ascii_lowercase();
    let parts = data_elements(html);
    let elements = parts.len();
    let all = data(html);
    for (i, (key, start, part)) in parts.iter().enumerate() {
        let next = parts.get(i + 1).filter(|(next, _, _)| next == key);
        let Some(start) = start else {
            // Each element but the last of its section is full: 256 KiB, or up to 3 bytes
            // short of it, so as not to cut a character.
            assert!(
                part.len() <= 256 << 10,
                "{name}: a data element of {} bytes",
                part.len()
            );
            if next.is_some() {
                assert!(
                    part.len() > (256 << 10) - 4,
                    "{name}: data element {i} ({key}) not full"
                );
            }
            continue;
        };
        // A section of rows is cut between rows: an element read alone, as the page reads
        // it, is the rows from its `data-start` to the next element's, at most 256 KiB of
        // them unless it is one row; the next row would not have fitted.
        let text = format!("[{}{}", &part[1..], if next.is_some() { "]" } else { "" });
        let rows: Vec<Value> = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{name}: element {i} ({key}) alone: {e}"));
        assert!(
            part.len() <= 256 << 10 || rows.len() == 1,
            "{name}: {key}: {} rows in {} bytes",
            rows.len(),
            part.len()
        );
        if let Some((_, next_start, next_part)) = next {
            assert_eq!(
                *next_start,
                Some(start + rows.len()),
                "{name}: {key} from {start}"
            );
            assert!(
                part.len() + next_part.len() > 256 << 10,
                "{name}: {key} from {start}: not full"
            );
        } else {
            assert_eq!(
                all[*key].as_array().map(Vec::len),
                Some(start + rows.len()),
                "{name}: {key}"
            );
        }
    }
    // The sections after the script are the ones the data names in `after_script`, all of
    // their elements, and only they.
    let script_at = html.find("<script>").expect("the page has its script");
    let keys = |h: &str| -> std::collections::BTreeSet<String> {
        data_elements(h)
            .iter()
            .map(|(k, _, _)| k.to_string())
            .collect()
    };
    let later: std::collections::BTreeSet<String> = all["after_script"]
        .as_array()
        .expect("the data names the sections after the script")
        .iter()
        .map(|k| k.as_str().expect("a section name").to_string())
        .collect();
    assert!(later.contains("explain"), "{name}: {later:?}");
    assert_eq!(keys(&html[script_at..]), later, "{name}: after the script");
    assert!(
        keys(&html[..script_at]).is_disjoint(&later),
        "{name}: before the script"
    );
    assert_eq!(
        lower.matches("<script").count(),
        elements + 1,
        "{name}: script elements"
    );
    assert_eq!(lower.matches("<script>").count(), 1, "{name}: scripts");
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

/// The cells of the matrix's first page (the parties `first`) as the browser shows them:
/// `[allocation, party, text]` in `rolemap matrix`'s marks.
pub(crate) fn first_page_cells(a: &rolemap::Analysis, first: &[usize]) -> Vec<Value> {
    a.allocations
        .iter()
        .enumerate()
        .flat_map(|(ai, al)| {
            first
                .iter()
                .map(move |&p| json!([ai, p, cell(a, al, p).text()]))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What the browser must see in the report of `path`: the first page of the matrix as
/// `rolemap matrix` marks it, a role filter, and the explanation of the cell of `party`
/// in the first allocation of `role` where it is responsible.
fn expectations(path: &str, lang: Lang, party: &str, role: Role) -> Value {
    let model = load(path);
    let catalog = Catalog::builtin();
    let a = analyse(&model, &catalog);
    let first: Vec<usize> = (0..model.parties.len().min(50)).collect();
    let cells = first_page_cells(&a, &first);
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
        "click": {"alloc": ai, "party": pi, "texts": texts, "reading": match lang {
            Lang::En => "Reading the rest of the page",
            Lang::Ja => "ページの残りを読み込んでいます",
        }},
        "labels": {"en": "Responsibility matrix", "ja": "責任分担表"},
        "openParties": true,
    })
}
