//! Bounded fuzzing in CI: models mutated at random (byte and token level, from a corpus of
//! every bundled model and fixture in all three formats) go through loading, analysis and
//! every output; nothing may panic. `FUZZ_CASES=1000000 cargo test --release --test fuzz`
//! runs a long stretch; a crash's input goes into `tests/fuzz/regressions/` (kept forever).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use rolemap::Catalog;
use rolemap::fuzzing::run_text;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
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
            && let Ok(m) = rolemap::model::parse_model("x.ron", &text, &catalog)
        {
            let v = rolemap::model::raw::to_value(&m);
            out.push(("x.json", serde_json::to_string_pretty(&v).unwrap()));
            out.push(("x.yaml", rolemap::model::raw::to_yaml(&v)));
        }
        out.push((name, text));
    }
    assert!(out.len() > 30);
    out
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
                b.splice(a..a, TOKENS[t].bytes());
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

#[test]
fn kept_crash_inputs_never_panic_again() {
    let catalog = Catalog::builtin();
    let mut files = Vec::new();
    files_in(&root().join("tests/fuzz/regressions"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = format!("x.{}", f.extension().unwrap().to_str().unwrap());
        run_text(&name, &text, &catalog);
    }
}
