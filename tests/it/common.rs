//! Helpers shared by the integration tests: the repository root, the bundled models, the
//! command run there with a fixed environment, and loading and analysing a model on the date
//! the golden outputs were made.

// Each test crate uses its own part of these.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use rolemap::{Analysis, Catalog, Model, Options};

/// The date every test analyses on.
pub const TODAY: &str = "2026-11-25";

/// Whether this run rewrites generated files (pages, tables) instead of comparing them: only
/// `ROLEMAP_BLESS=1`, the one switch every test uses (`ROLEMAP_BLESS=0` or empty compares).
pub fn bless() -> bool {
    std::env::var_os("ROLEMAP_BLESS").is_some_and(|v| v == "1")
}

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled models as `models/NAME.ron`, sorted: the six use cases and the larger chains.
pub fn models() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("models"))
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name()?.to_str()?.to_string();
            (p.extension()? == "ron").then(|| format!("models/{name}"))
        })
        .collect();
    v.sort();
    assert!(v.len() >= 8, "the six use cases and two larger models");
    v
}

/// The command, to run in the repository root: no locale from the environment (English), no
/// colour, and Graphviz found on the PATH only.
pub fn rolemap() -> Command {
    let mut c = Command::cargo_bin("rolemap").unwrap();
    c.current_dir(root())
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("ROLEMAP_DOT")
        .env("NO_COLOR", "1");
    c
}

/// Run the command in the repository root: (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = rolemap().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A folder holding `model`'s checklists as CSV, one per party (`checklist MODEL --format csv
/// -o DIR`), for tests that fill one in.
pub fn checklists_csv(model: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let (code, _, err) = run(&["checklist", model, "--format", "csv", "-o", d]);
    assert_eq!(code, 0, "{err}");
    dir
}

/// A model of the repository, loaded.
pub fn load(path: &str) -> Model {
    rolemap::load::load_model(
        &root().join(path).to_string_lossy(),
        &Catalog::builtin(),
        rolemap::load::DEFAULT_MAX_SIZE,
    )
    .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A model analysed on [`TODAY`].
pub fn analyse<'a>(m: &'a Model, c: &'a Catalog) -> Analysis<'a> {
    let options = Options {
        package: None,
        today: rolemap::Date::parse(TODAY).unwrap(),
    };
    rolemap::analyse(m, c, options)
}
