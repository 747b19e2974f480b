//! Bad input: every class of load error is reported with its code, its 1-based line and
//! column, and the nearest valid name; all problems of a file at once; and the CLI exits 2
//! without writing anything.

use std::path::Path;

use assert_cmd::Command;
use rolemap::Catalog;
use rolemap::i18n::Lang;
use rolemap::load::diagnostics::FileDiagnostics;
use rolemap::load::{DEFAULT_MAX_SIZE, load_model, parse_model};

mod hints;

mod chains;
mod cli;
mod fields;
mod files;
mod references;
mod syntax;

/// A small valid model. Tests replace one fragment of it to break one thing.
const BASE: &str = r#"(
    name: "Clinic",
    software: Service,
    use_until: "2032-03-31",
    parties: {
        "hospital": (name: "City Hospital", division: Customer, operates: true),
        "acme": (name: "ACME Cloud KK", division: Provider),
        "iaas": (name: "Example IaaS", division: Provider),
    },
    contracts: [
        (id: "use", client: "hospital", contractor: "acme", kind: Service, security_terms: true),
        (id: "hosting", client: "acme", contractor: "iaas", kind: Infrastructure, security_terms: true),
    ],
)
"#;

/// One reported problem: code, line, column, English message and help.
#[derive(Debug, Clone, PartialEq)]
struct Got {
    code: &'static str,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
}

fn flatten(d: &FileDiagnostics) -> Vec<Got> {
    d.diagnostics
        .iter()
        .map(|x| {
            let p = d.position(x);
            Got {
                code: x.problem.code(),
                line: p.line,
                column: p.column,
                message: x.problem.message(Lang::En),
                help: x.problem.help(Lang::En),
            }
        })
        .collect()
}

/// Load `text` as a file called `name`; it must fail.
fn errors(name: &str, text: &str) -> Vec<Got> {
    match parse_model(name, text, &Catalog::builtin()) {
        Ok(_) => panic!("{name} loaded, but it is broken:\n{text}"),
        Err(d) => flatten(&d),
    }
}

/// The single problem of a broken file.
fn one(name: &str, text: &str) -> Got {
    let v = errors(name, text);
    assert_eq!(v.len(), 1, "expected one problem, got {v:#?}\n{text}");
    v.into_iter().next().unwrap()
}

/// The base model with `from` replaced by `to` (which must occur exactly once).
fn base_with(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "{from:?} is not unique in BASE"
    );
    BASE.replacen(from, to, 1)
}

/// 1-based line and character column of the `nth` (0-based) occurrence of `needle`.
fn locate(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let off = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the text"))
        .0;
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..off].chars().count() + 1)
}

fn at(g: &Got) -> (usize, usize) {
    (g.line, g.column)
}

#[test]
fn base_model_is_valid() {
    parse_model("base.ron", BASE, &Catalog::builtin()).unwrap();
}

// ---- syntax ----------------------------------------------------------------------------------

// ---- structure -------------------------------------------------------------------------------

// ---- assignments and waivers -----------------------------------------------------------------

// ---- files -----------------------------------------------------------------------------------

// ---- the command line ------------------------------------------------------------------------

// ---- periods, components, consortia (issue 9) -------------------------------------------------

/// A valid model with every field of issue 9: periods, approval, components, a consortium
/// standing as a contractor.
const CHAIN: &str = r#"(
    name: "Chain",
    use_from: "2025-04-01",
    use_until: "2030-03-31",
    approval_required: true,
    parties: {
        "city": (name: "City", division: Customer),
        "a": (name: "A", division: Provider),
        "b": (name: "B", division: Provider),
    },
    components: [
        (id: "openssl", name: "OpenSSL", oss: true, version: "3.0", used_by: ["a", "b"]),
    ],
    consortia: [
        (id: "jv", name: "A-B JV", members: ["a", "b"], representative: "a",
         roles: {"b": [Operator(Lead)]}),
    ],
    contracts: [
        (id: "build", client: "city", contractor: "jv", kind: Development,
         from: "2025-04-01", until: "2027-03-31", approved: true),
    ],
)
"#;

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

fn rolemap(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("rolemap").unwrap();
    c.current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    c
}
