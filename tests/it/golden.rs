//! Every command on every bundled model and on the hostile fixtures, byte for byte, in both
//! languages: the exit code, length and SHA-256 of each output against
//! `tests/it/golden/<model>.txt`. A move of code that changes any output fails here, naming the
//! command; after checking that a change is meant, `ROLEMAP_BLESS=1 cargo test --test it
//! golden::` rewrites the digests (the full text of most outputs is in the insta snapshots).

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::common::{TODAY, bless, models, rolemap, root};

/// The models: the bundled ones and the hostile fixtures (quotes, control characters, markup,
/// every format's special characters).
fn inputs() -> Vec<String> {
    let mut v = models();
    v.push("tests/fixtures/hostile.ron".into());
    v.push("tests/fixtures/hostile-formats.ron".into());
    v
}

/// The commands run on each model (`{}` is the model, and `--today` is added), each written to standard output or,
/// where the command needs a file, to `-o` in a temporary folder (`{out}`).
const COMMANDS: &[&str] = &[
    "check {}",
    "check --details {}",
    "check -f json {}",
    "check -f sarif {}",
    "check --package standard {}",
    "matrix {}",
    "matrix -f md {}",
    "matrix -f csv {}",
    "matrix -f json {}",
    "graph -f dot {}",
    "graph -f dot --collapse org {}",
    "graph -f dot --collapse tier {}",
    "graph -f svg --renderer builtin {}",
    "report --renderer builtin -o {out}/report.html {}",
    "export oscal {}",
    "checklist -f md {}",
    "annex {}",
    "annex -f txt {}",
];

/// The commands that take no model, run once.
const ONCE: &[&str] = &["catalog", "export oscal-catalog --today {today}", "schema"];

/// One command's line: `args → exit code, length, SHA-256` of what it wrote.
fn line(args: &str, dir: &Path) -> String {
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let words: Vec<String> = args
        .split(' ')
        .map(|w| {
            w.replace("{out}", &out.to_string_lossy())
                .replace("{today}", TODAY)
        })
        .collect();
    let mut cmd = rolemap();
    let lang: Vec<&str> = words.iter().map(String::as_str).collect();
    let o = cmd
        .args(&lang)
        .output()
        .unwrap_or_else(|e| panic!("{args}: {e}"));
    let bytes = match words.iter().position(|w| w == "-o") {
        Some(i) => std::fs::read(&words[i + 1]).unwrap_or_default(),
        None => o.stdout,
    };
    let code = o.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "{args}: exit {code}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!bytes.is_empty(), "{args}: wrote nothing");
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{args} → exit {code}, {} bytes, {hex}\n", bytes.len())
}

/// The digests of `commands` run on `model` (or on none) in both languages.
fn digests(model: Option<&str>, commands: &[&str], dir: &Path) -> String {
    let mut s = String::new();
    for lang in ["en", "ja"] {
        for c in commands {
            let c = match model {
                Some(m) => format!("{} --today {{today}}", c.replace("{}", m)),
                None => c.to_string(),
            };
            s.push_str(&line(&format!("--lang {lang} {c}"), dir));
        }
    }
    s
}

fn compare(name: &str, got: &str, problems: &mut Vec<String>) {
    let path = root().join("tests/it/golden").join(format!("{name}.txt"));
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want != got {
        let mut d = format!(
            "{}: outputs changed (ROLEMAP_BLESS=1 if meant):\n",
            path.display()
        );
        for (w, g) in want.lines().zip(got.lines()) {
            if w != g {
                let _ = writeln!(d, "  - {w}\n  + {g}");
            }
        }
        if want.lines().count() != got.lines().count() {
            let _ = writeln!(
                d,
                "  {} lines expected, {} written",
                want.lines().count(),
                got.lines().count()
            );
        }
        problems.push(d);
    }
}

#[test]
fn every_command_on_every_model_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for m in inputs() {
        let name = Path::new(&m)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        compare(
            &name,
            &digests(Some(&m), COMMANDS, dir.path()),
            &mut problems,
        );
    }
    compare("no-model", &digests(None, ONCE, dir.path()), &mut problems);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
