//! The fuzz harness: one input through loading, analysis and every output. It must never panic
//! whatever the bytes; bad input must come back as diagnostics. Used by the property-based
//! fuzzer of `tests/it/fuzz.rs` (stable toolchain): a bounded run in CI, long runs with
//! `FUZZ_CASES`. A cargo-fuzz target (nightly) would call [`run`] with its bytes.

#[cfg(unix)]
pub mod fs;

use crate::graph::dot;
use crate::i18n::Lang;
use crate::render::{
    catalog as catalog_render, check_json, check_text, diag, explain, matrix, sarif,
};
use crate::style::Paint;
use crate::{Catalog, Date, Options, analyse, load::parse_model};

/// Run `data` as a model file in the format its first byte chooses (RON, JSON or YAML); on
/// success render every output in both languages. Returns whether the model loaded.
pub fn run(data: &[u8], catalog: &Catalog) -> bool {
    let (format, body) = match data.split_first() {
        Some((b, rest)) => (
            ["fuzz.ron", "fuzz.json", "fuzz.yaml"][(*b % 3) as usize],
            rest,
        ),
        None => ("fuzz.ron", data),
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    run_text(format, text, catalog)
}

/// Run a model given as text; `name` picks the format by its extension. A JSON model also
/// goes both ways through loading (the fast path, in one go and in halves, and the ordinary
/// path), which must agree.
pub fn run_text(name: &str, text: &str, catalog: &Catalog) -> bool {
    if name.ends_with(".json") {
        crate::load::fast_path_agrees(text, catalog);
    }
    let model = match parse_model(name, text, catalog) {
        Ok(m) => m,
        Err(d) => {
            for lang in [Lang::En, Lang::Ja] {
                let _ = diag::render_text(&d, lang, false, 0);
                let _ = diag::render_json(&d, lang, 0);
            }
            return false;
        }
    };
    let options = Options {
        package: None,
        today: Date::parse("2026-11-25").expect("a date"),
    };
    let a = analyse(&model, catalog, options);
    for lang in [Lang::En, Lang::Ja] {
        let _ = check_text::render_check(&a, lang, Paint::default());
        let mut out = Vec::new();
        check_json::write_check(&mut out, &a, lang).expect("writing to memory");
        serde_json::from_slice::<serde_json::Value>(&out).expect("check JSON is valid JSON");
        let _ = sarif::render_sarif(&[&a], lang);
        let _ = matrix::render_text(&a, lang, Paint::default());
        let _ = matrix::render_markdown(&a, lang);
        let _ = matrix::render_csv(&a, lang);
        let _ = matrix::render_json(&a, lang);
        for p in 0..model.parties.len().min(3) {
            let _ = explain::render_text(&a, p, None, lang, Paint::default());
            let _ = explain::render_json(&a, p, None, lang);
        }
        let _ = dot::render_dot(&a, lang, &dot::DotOptions::default());
        let _ = crate::checklist::render::render_markdown(&a, None, lang);
        let annexes = crate::annex::annex(&a, None, false);
        let _ = crate::annex::render::render_markdown(&a, &annexes, lang);
        let _ = crate::annex::render::render_text(&a, &annexes, lang);
        let _ = crate::render::oscal::render_ssp(&a, lang, "catalog.json");
    }
    let _ = catalog_render::render_markdown(catalog, Lang::En);
    let d = crate::diff::diff(&a, &a);
    let _ = crate::diff::render::render_text(&d, &a, &a, Lang::En, Paint::default());
    true
}

/// Run a filled-in checklist given as bytes (`name`'s extension, `.xlsx` or `.csv`, picks the
/// reader) against an analysis: reading, conformance and every rendering of the result or of
/// the problems, in both languages. It must never panic, whatever the bytes (a damaged zip, an
/// inflating entry, a shared-strings count past any integer, a million rows). Returns whether
/// the file read without problems.
pub fn run_status(name: &str, bytes: Vec<u8>, a: &crate::Analysis) -> bool {
    let (set, errors) = crate::checklist::read_status_bytes(name, bytes);
    let render = |e: &crate::checklist::StatusErrors| {
        for lang in [Lang::En, Lang::Ja] {
            let _ = diag::render_text(e, lang, false, diag::DEFAULT_MAX_PROBLEMS);
            let _ = diag::render_text_after_json(e, lang, true, 0);
            let _ =
                serde_json::to_string(&diag::render_json(e, lang, 0)).expect("problems as JSON");
        }
    };
    render(&errors);
    match crate::checklist::conformance(a, &set) {
        Ok(c) => {
            for lang in [Lang::En, Lang::Ja] {
                let _ = crate::checklist::conformance_render::render_text(
                    a,
                    &c,
                    lang,
                    Paint::default(),
                );
                let _ = crate::checklist::conformance_render::render_json(a, &c, lang);
            }
        }
        Err(e) => render(&e),
    }
    errors.is_empty()
}
