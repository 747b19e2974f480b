//! One fixture pair per finding code, and the generated page of each code.
//!
//! For every code in `Code::ALL`, `tests/fixtures/findings/<code>/triggers.ron` must raise it and
//! `clean.ron` (the same situation, fixed as the code's `fix` says) must not. The pages
//! `docs/findings/<code>.md` and `docs/findings/README.md` are built from each code's `DOC` and
//! these fixtures; a page that no longer matches fails the test, and
//! `ROLEMAP_BLESS=1 cargo test --test it findings::` rewrites it.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::common::bless;
use rolemap::render::check_text::render_check;
use rolemap::style::Paint;
use rolemap::{Analysis, Catalog, Code, Date, Lang, Model, Options};

/// `--today` for every run, so waiver expiry is reproducible.
const TODAY: &str = "2026-11-25";
/// Where the fixture pairs live, relative to the crate root.
const FIXTURES: &str = "tests/fixtures/findings";
/// Where the generated pages go, relative to the crate root.
const DOCS: &str = "docs/findings";
/// The two files of a pair.
const PAIR: [&str; 2] = ["triggers.ron", "clean.ron"];
const BLESS_HINT: &str = "run ROLEMAP_BLESS=1 cargo test --test it findings:: to regenerate";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/findings/<code>/<file>`, relative to the crate root: the name the model is
/// loaded under, so positions in output read the same from any working directory.
fn fixture(code: Code, file: &str) -> String {
    format!("{FIXTURES}/{}/{file}", code.key())
}

fn options() -> Options {
    Options {
        package: None,
        today: Date::parse(TODAY).expect("TODAY is a valid date"),
    }
}

/// Read a fixture and load it under its relative name.
fn load(rel: &str, catalog: &Catalog) -> Result<(String, Model), String> {
    let path = root().join(rel);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{rel}: cannot read {}: {e}", path.display()))?;
    let model = rolemap::load::parse_model(rel, &text, catalog)
        .map_err(|d| format!("{rel} does not load:\n{d}"))?;
    Ok((text, model))
}

/// `rolemap check FILE --today TODAY`, as plain text.
fn check_text(a: &Analysis) -> String {
    render_check(a, Lang::En, Paint::default())
}

/// Whether a fixture's finding counts as raising `code`: waiver findings are never waived
/// themselves; any other finding must be active, not accepted by a waiver of the fixture.
fn raises(a: &Analysis, code: Code) -> bool {
    a.findings
        .iter()
        .any(|f| f.code == code && (!code.waivable() || f.is_active()))
}

/// Every finding renders a message and a fix in both languages, the Japanese in Japanese.
fn check_rendering(rel: &str, a: &Analysis, problems: &mut Vec<String>) {
    let cx = a.ctx();
    for f in &a.findings {
        for lang in [Lang::En, Lang::Ja] {
            let r = rolemap::findings::render(f, &cx, lang);
            for (what, text) in [("message", &r.message), ("fix", &r.fix)] {
                if text.trim().is_empty() {
                    problems.push(format!(
                        "{rel}: `{}` finding has an empty {what} in {}",
                        f.code.key(),
                        lang.code()
                    ));
                } else if lang == Lang::Ja && text.is_ascii() {
                    problems.push(format!(
                        "{rel}: `{}` finding has no Japanese in its {what}: {text:?}",
                        f.code.key()
                    ));
                }
            }
        }
    }
}

#[test]
fn every_code_has_a_fixture_pair_that_triggers_it_and_one_that_does_not() {
    let catalog = Catalog::builtin();
    let mut problems = Vec::new();
    for &code in Code::ALL {
        let dir = root().join(FIXTURES).join(code.key());
        if !dir.is_dir() {
            problems.push(format!(
                "{FIXTURES}/{}/ is missing: add triggers.ron and clean.ron for `{}`",
                code.key(),
                code.key()
            ));
            continue;
        }
        for file in PAIR {
            let rel = fixture(code, file);
            if !root().join(&rel).is_file() {
                problems.push(format!("{rel} is missing"));
                continue;
            }
            let (text, model) = match load(&rel, &catalog) {
                Ok(x) => x,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            if !text.starts_with("//") {
                problems.push(format!(
                    "{rel} must start with a `//` comment saying what it shows"
                ));
            }
            let a = rolemap::analyse(&model, &catalog, options());
            let codes: Vec<&str> = a.findings.iter().map(|f| f.code.key()).collect();
            if file == "triggers.ron" {
                if !raises(&a, code) {
                    problems.push(format!(
                        "{rel} does not raise an active `{}` finding (it raises {codes:?})",
                        code.key()
                    ));
                } else if !a
                    .findings
                    .iter()
                    .any(|f| f.code == code && f.severity == code.severity())
                {
                    problems.push(format!(
                        "{rel} raises `{}` only below its default severity `{}`",
                        code.key(),
                        code.severity().key()
                    ));
                }
            } else if a.findings.iter().any(|f| f.code == code) {
                problems.push(format!(
                    "{rel} raises `{}` although it is the fixed example (active or waived)",
                    code.key()
                ));
            }
            check_rendering(&rel, &a, &mut problems);
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn every_fixture_folder_is_a_code() {
    let dir = root().join(FIXTURES);
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{FIXTURES}: {e}")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_code = Code::ALL.iter().any(|c| c.key() == name);
        if !entry.path().is_dir() {
            stale.push(format!(
                "{FIXTURES}/{name}: only one folder per code belongs here"
            ));
        } else if !is_code {
            stale.push(format!(
                "{FIXTURES}/{name}/ is not a finding code: rename it to a code of `Code::ALL` or remove it"
            ));
        } else {
            for f in std::fs::read_dir(entry.path()).unwrap() {
                let f = f.unwrap().file_name().to_string_lossy().into_owned();
                if !PAIR.contains(&f.as_str()) {
                    stale.push(format!(
                        "{FIXTURES}/{name}/{f}: a fixture folder holds only triggers.ron and clean.ron"
                    ));
                }
            }
        }
    }
    assert!(stale.is_empty(), "\n{}\n", stale.join("\n"));
}

/// A fenced block with a trailing newline.
fn fenced(out: &mut String, lang: &str, body: &str) {
    let _ = writeln!(out, "```{lang}\n{}\n```\n", body.trim_end());
}

/// English paragraph, then Japanese paragraph.
fn bilingual(out: &mut String, (en, ja): (&str, &str)) {
    let _ = writeln!(out, "{en}\n\n{ja}\n");
}

/// `docs/findings/<code>.md`.
fn code_page(code: Code, catalog: &Catalog) -> String {
    let key = code.key();
    let doc = code.doc();
    let sev = code.severity();
    let mut s = String::new();
    let _ = writeln!(s, "# {key}\n");
    let _ = writeln!(
        s,
        "<!-- Generated from src/findings/{}.rs and {FIXTURES}/{key}/ by tests/it/findings.rs. \
         Do not edit: {BLESS_HINT}. -->\n",
        key.replace('-', "_")
    );
    let _ = writeln!(
        s,
        "**{} / {}** · default severity / 既定の重大度: `{}` ({})\n",
        code.label(Lang::En),
        code.label(Lang::Ja),
        sev.key(),
        sev.label(Lang::Ja)
    );
    bilingual(&mut s, doc.summary);
    for (heading, text) in [
        ("What it flags / 何を指摘するか", doc.what),
        ("Why it matters / なぜ問題か", doc.why),
        ("How to fix / 対処方法", doc.fix),
    ] {
        let _ = writeln!(s, "## {heading}\n");
        bilingual(&mut s, text);
    }

    let _ = writeln!(s, "## Example that triggers it / 指摘される例\n");
    example(&mut s, code, "triggers.ron", catalog);
    let _ = writeln!(s, "## Example that does not / 指摘されない例\n");
    example(&mut s, code, "clean.ron", catalog);
    let _ = writeln!(s, "[All finding codes / 指摘コード一覧](README.md)");
    s
}

/// A fixture in a `ron` block, then what `rolemap check` prints for it.
fn example(s: &mut String, code: Code, file: &str, catalog: &Catalog) {
    let rel = fixture(code, file);
    let (text, model) = load(&rel, catalog).unwrap_or_else(|e| panic!("{e}"));
    let a = rolemap::analyse(&model, catalog, options());
    let _ = writeln!(s, "`{rel}`:\n");
    fenced(s, "ron", &text);
    let _ = writeln!(s, "`rolemap check {rel} --today {TODAY}`:\n");
    fenced(s, "text", &check_text(&a));
}

/// `docs/findings/README.md`: every code with its severity and summary.
fn index_page() -> String {
    let mut s = String::new();
    s.push_str("# Finding codes / 指摘コード\n\n");
    let _ = writeln!(
        s,
        "<!-- Generated from src/findings/ by tests/it/findings.rs. Do not edit: {BLESS_HINT}. -->\n"
    );
    s.push_str(
        "Every finding of `rolemap check` has one of these stable codes. Each page explains what \
         the code flags, why it matters and how to fix it, with a model that triggers it and the \
         same model fixed; both are tested (`tests/fixtures/findings/<code>/`). A waiver accepts \
         findings of a code for a time; `waiver-expired` and `waiver-unused` cannot be waived.\n\n\
         `rolemap check` の指摘には、次のいずれかの固定のコードが付きます。各ページでは、指摘の内容・\
         問題となる理由・対処方法を、指摘されるモデルと修正後のモデル (いずれもテスト済み) とともに\
         説明します。免除 (waiver) は指摘を期限付きで受け入れます。`waiver-expired` と \
         `waiver-unused` は免除できません。\n\n",
    );
    s.push_str("| code | severity | summary | 概要 |\n|---|---|---|---|\n");
    for &code in Code::ALL {
        let (en, ja) = code.doc().summary;
        let _ = writeln!(
            s,
            "| [`{0}`]({0}.md) | {1} | {2} | {3} |",
            code.key(),
            code.severity().key(),
            en.replace('|', "\\|"),
            ja.replace('|', "\\|")
        );
    }
    s
}

#[test]
fn finding_pages_are_current() {
    let catalog = Catalog::builtin();
    let dir = root().join(DOCS);
    let mut pages: Vec<(PathBuf, String)> = Code::ALL
        .iter()
        .map(|&c| (dir.join(format!("{}.md", c.key())), code_page(c, &catalog)))
        .collect();
    pages.push((dir.join("README.md"), index_page()));

    if bless() {
        std::fs::create_dir_all(&dir).unwrap();
        for (path, content) in &pages {
            if std::fs::read_to_string(path).ok().as_deref() != Some(content.as_str()) {
                std::fs::write(path, content)
                    .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            }
        }
    }

    let mut problems = Vec::new();
    for (path, content) in &pages {
        let rel = path.strip_prefix(root()).unwrap_or(path).display();
        match std::fs::read_to_string(path) {
            Ok(on_disk) if on_disk == *content => {}
            Ok(_) => problems.push(format!("{rel} is stale: {BLESS_HINT}")),
            Err(_) => problems.push(format!("{rel} is missing: {BLESS_HINT}")),
        }
    }
    // A page of a code that no longer exists would keep documenting it.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries {
            let path = e.unwrap().path();
            if !pages.iter().any(|(p, _)| *p == path) {
                problems.push(format!(
                    "{DOCS}/{} is not generated for any code: remove it",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
