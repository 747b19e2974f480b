//! Bounded fuzzing in CI: models mutated at random (byte and token level, from a corpus of
//! every bundled model and fixture in all three formats) go through loading, analysis and
//! every output; nothing may panic. `FUZZ_CASES=1000000 cargo test --release --test it fuzz::`
//! runs a long stretch; a crash's input goes into `tests/fuzz/regressions/` (kept forever).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use rolemap::Catalog;
use rolemap::fuzzing::{run_status, run_text};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(dir: &Path, out: &mut Vec<PathBuf>) {
    // A missing folder fails the test: a moved corpus must not turn the run into a no-op.
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut entries: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_in(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("ron" | "json" | "yaml" | "yml")
        ) {
            out.push(p);
        }
    }
}

/// (format name, text) of every model we have, plus JSON and YAML conversions.
fn corpus() -> Vec<(&'static str, String)> {
    let catalog = Catalog::builtin();
    let mut files = Vec::new();
    files_in(&root().join("models"), &mut files);
    files_in(&root().join("tests/fixtures/findings"), &mut files);
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let ext = f.extension().unwrap().to_str().unwrap();
        let name = match ext {
            "json" => "x.json",
            "yaml" | "yml" => "x.yaml",
            _ => "x.ron",
        };
        if name == "x.ron"
            && let Ok(m) = rolemap::load::parse_model("x.ron", &text, &catalog)
        {
            let v = rolemap::load::raw::to_value(&m);
            out.push(("x.json", serde_json::to_string_pretty(&v).unwrap()));
            out.push(("x.yaml", rolemap::load::raw::to_yaml(&v)));
        }
        out.push((name, text));
    }
    out.extend(alias_seeds());
    assert!(out.len() > 30);
    out
}

/// YAML models built on anchors and aliases (issue 13, attack 6): names, role lists and whole
/// parties shared by aliases, a nested bomb, and one long string named many times, for the
/// mutations to multiply further.
fn alias_seeds() -> Vec<(&'static str, String)> {
    let shared = "name: &n \"shared name\"\nparties:\n  owner: &p {name: *n, division: Customer, operates: true}\n  vendor: {name: *n, division: Provider, roles: &r [Developer]}\n  other: *p\ncontracts:\n  - {id: dev, client: owner, contractor: vendor, kind: Development, security_terms: true, roles: *r}\n".to_string();
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x]\n");
    for (c, prev) in [('b', 'a'), ('c', 'b'), ('d', 'c'), ('e', 'd')] {
        bomb.push_str(&format!(
            "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    bomb.push_str("name: x\nparties: {}\ncontracts: []\n");
    let long = format!(
        "name: &n \"{}\"\nparties:\n{}contracts: []\n",
        "長い名前".repeat(2_000),
        (0..50)
            .map(|i| format!("  p{i}: {{name: *n, division: Provider}}\n"))
            .collect::<String>()
    );
    vec![("x.yaml", shared), ("x.yaml", bomb), ("x.yaml", long)]
}

const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "\\",
    "'",
    "\n",
    " ",
    "#",
    "//",
    "/*",
    "*/",
    "r#\"",
    "\u{0}",
    "\u{1b}",
    "\u{feff}",
    "\u{202e}",
    "日本",
    "😀",
    "-",
    "+",
    "1e999",
    "-0",
    "0x",
    "9999999999999999999999",
    "None",
    "Some(",
    "()",
    "true",
    "null",
    "~",
    "&a ",
    "*a",
    "&n ",
    "*n",
    "*p",
    "[*n, *n, *n, *n]",
    "<<: *p",
    "- ",
    "? ",
    "!!str ",
    "---\n",
    "...",
    "Developer",
    "Supplier(Infra)",
    "Operator(Lead, \"use\")",
    "Customer(Support)",
    "Developer(Infra)",
    "kind: QuasiMandate",
    "kind: Internal",
    "roles: []",
    "operates: true",
    "division: Customer",
    "security_terms: false",
    "support_until: \"2020-02-30\"",
    "use_until: \"2040-01-01\"",
    "\"acme\"",
    "\"owner\"",
    "\"vendor\"",
    "client: \"x\"",
    "contractor: \"x\"",
    "org: \"same\"",
    "(code: \"no-lead\", reason: \"r\", until: \"2030-01-01\")",
    "(requirement: \"(3)-2\", party: \"owner\", role: Operator)",
    "#![enable(implicit_some)]",
    "{\"Developer\": [\"Lead\", \"s\"]}",
    "{\"role\": \"Operator\"}",
];

#[derive(Debug, Clone)]
enum Op {
    Delete(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, usize),
    Replace(usize, u8),
    Swap(usize, usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), 0usize..64).prop_map(|(a, n)| Op::Delete(a, n)),
        (any::<usize>(), 0usize..64).prop_map(|(a, n)| Op::Duplicate(a, n)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, t)| Op::Insert(a, t)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Op::Replace(a, b)),
        (any::<usize>(), any::<usize>(), 1usize..32).prop_map(|(a, b, n)| Op::Swap(a, b, n)),
    ]
}

/// Apply byte-level operations, then keep the result if it is still UTF-8 (the loader's
/// UTF-8 check is tested on its own); otherwise keep the valid prefix.
fn mutate(text: &str, ops: &[Op]) -> String {
    let mut b = text.as_bytes().to_vec();
    for o in ops {
        let len = b.len().max(1);
        match *o {
            Op::Delete(a, n) => {
                let a = a % len;
                let e = (a + n).min(b.len());
                if a < e {
                    b.drain(a..e);
                }
            }
            Op::Duplicate(a, n) => {
                let a = a % len;
                let e = (a + n).min(b.len());
                let piece = b[a.min(b.len())..e].to_vec();
                let at = e;
                b.splice(at..at, piece);
            }
            Op::Insert(a, t) => {
                let a = (a % len).min(b.len());
                let token = TOKENS
                    .get(t)
                    .or_else(|| STATUS_TOKENS.get(t - TOKENS.len()))
                    .expect("a token index");
                b.splice(a..a, token.bytes());
            }
            Op::Replace(a, v) => {
                if !b.is_empty() {
                    let a = a % b.len();
                    b[a] = v;
                }
            }
            Op::Swap(x, y, n) => {
                if b.len() > 2 * n {
                    let (x, y) = (x % (b.len() - n), y % (b.len() - n));
                    let (lo, hi) = (x.min(y), x.max(y));
                    if hi >= lo + n {
                        for i in 0..n {
                            b.swap(lo + i, hi + i);
                        }
                    }
                }
            }
        }
    }
    match String::from_utf8(b) {
        Ok(s) => s,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            String::from_utf8_lossy(&e.into_bytes()[..valid]).into_owned()
        }
    }
}

#[test]
fn mutated_models_never_panic() {
    let cases: u32 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let catalog = Catalog::builtin();
    let corpus = corpus();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    });
    let strategy = (0..corpus.len(), proptest::collection::vec(op(), 1..8));
    let loaded = std::cell::Cell::new(0u32);
    let result = runner.run(&strategy, |(i, ops)| {
        let (name, text) = &corpus[i];
        let mutated = mutate(text, &ops);
        if run_text(name, &mutated, &catalog) {
            loaded.set(loaded.get() + 1);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // The mutations must not all be rejected outright, or only the parser is being fuzzed.
    assert!(loaded.get() > 0, "no mutated model loaded");
}

/// File-system trees built from random bytes (symlink loops, FIFOs, sockets, hard links of the
/// model, names at the byte limit) through every reader and writer: see
/// `rolemap::fuzzing::fs`. `FUZZ_FS_CASES` sets the number of trees (64 by default).
#[cfg(unix)]
#[test]
fn file_system_trees_never_panic_hang_or_touch_the_model() {
    let cases: u32 = std::env::var("FUZZ_FS_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    });
    let result = runner.run(&proptest::collection::vec(any::<u8>(), 0..72), |data| {
        rolemap::fuzzing::fs::run(&data);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn kept_crash_inputs_never_panic_again() {
    let catalog = Catalog::builtin();
    let mut files = Vec::new();
    files_in(&root().join("tests/fuzz/regressions"), &mut files);
    assert!(
        !files.is_empty(),
        "tests/fuzz/regressions holds the kept crash inputs"
    );
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = format!("x.{}", f.extension().unwrap().to_str().unwrap());
        run_text(&name, &text, &catalog);
    }
}

/// Tokens that matter to the checklist readers: workbook XML that asks for large allocations
/// (attack 8), status words, formula prefixes, shown bidi controls.
const STATUS_TOKENS: &[&str] = &[
    "<dimension ref=\"A1:XFD1048576\"/>",
    "<c r=\"XFD1048576\" t=\"inlineStr\"><is><t>far</t></is></c>",
    "<row r=\"1048576\">",
    " uniqueCount=\"18446744073709551615\"",
    " uniqueCount=\"4294967295\"",
    " count=\"99999999999999999999\"",
    "<si><t>x</t></si>",
    "<c r=\"A1\" t=\"s\"><v>4294967295</v></c>",
    "<v>1e308</v>",
    "t=\"d\"",
    "&amp;",
    "<![CDATA[",
    "implemented",
    "実施済",
    "not-applicable",
    "developer",
    "'=",
    "[U+202E]",
    "[U+",
    "\u{202e}",
    ",",
    "\"",
    "\n",
    "\r\n",
    "\u{feff}",
];

/// The parts (name, bytes) of a zip.
type Parts = Vec<(String, Vec<u8>)>;

/// The checklists of a bundled model: its CSV files and its XLSX workbook's parts.
fn status_corpus() -> (rolemap::Model, Vec<String>, Parts) {
    let catalog = Catalog::builtin();
    let m = rolemap::load::load_model(
        root().join("models/service.ron").to_str().unwrap(),
        &catalog,
        rolemap::load::DEFAULT_MAX_SIZE,
    )
    .unwrap();
    let a = rolemap::analyse(&m, &catalog, rolemap::Options::default());
    let csvs = (0..m.parties.len())
        .map(|p| rolemap::checklist::render::render_csv(&a, p, rolemap::Lang::En))
        .collect();
    let xlsx = rolemap::checklist::xlsx::checklist_xlsx(&a, None, rolemap::Lang::Ja).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut parts = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        parts.push((f.name().unwrap().to_string(), b));
    }
    drop(a);
    (m, csvs, parts)
}

/// A workbook from its parts, one of them replaced.
fn zipped(parts: &[(String, Vec<u8>)], changed: usize, with: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (i, (name, bytes)) in parts.iter().enumerate() {
        z.start_file(name.as_str(), opt).unwrap();
        z.write_all(if i == changed { with } else { bytes })
            .unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn status_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), 0usize..64).prop_map(|(a, n)| Op::Delete(a, n)),
        (any::<usize>(), 0usize..256).prop_map(|(a, n)| Op::Duplicate(a, n)),
        (any::<usize>(), 0..STATUS_TOKENS.len()).prop_map(|(a, t)| Op::Insert(a, t + TOKENS.len())),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Op::Replace(a, b)),
        (any::<usize>(), any::<usize>(), 1usize..32).prop_map(|(a, b, n)| Op::Swap(a, b, n)),
    ]
}

#[test]
fn mutated_status_files_never_panic() {
    // Issue 13: filled-in checklists, XLSX and CSV, mutated at the byte and token level (the
    // workbook's XML parts, then zipped again, or the zip's bytes themselves).
    let cases: u32 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(|n: u32| n / 4)
        .unwrap_or(120);
    let catalog = Catalog::builtin();
    let (m, csvs, parts) = status_corpus();
    let a = rolemap::analyse(&m, &catalog, rolemap::Options::default());
    let xml_parts: Vec<usize> = (0..parts.len())
        .filter(|&i| parts[i].0.ends_with(".xml"))
        .collect();
    let whole = zipped(&parts, usize::MAX, b"");
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    });
    let strategy = (
        0usize..3,
        any::<usize>(),
        proptest::collection::vec(status_op(), 1..8),
    );
    let read = std::cell::Cell::new(0u32);
    let result = runner.run(&strategy, |(kind, pick, ops)| {
        let ok = match kind {
            0 => {
                let text = &csvs[pick % csvs.len()];
                run_status("x.csv", mutate(text, &ops).into_bytes(), &a)
            }
            1 => {
                let i = xml_parts[pick % xml_parts.len()];
                let text = String::from_utf8_lossy(&parts[i].1);
                let bytes = zipped(&parts, i, mutate(&text, &ops).as_bytes());
                run_status("x.xlsx", bytes, &a)
            }
            _ => {
                let mut b = whole.clone();
                for o in &ops {
                    if let Op::Replace(at, v) = *o {
                        let at = at % b.len();
                        b[at] = v;
                    }
                }
                run_status("x.xlsx", b, &a)
            }
        };
        if ok {
            read.set(read.get() + 1);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(read.get() > 0, "no mutated checklist read without problems");
}
