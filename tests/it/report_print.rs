//! The report on paper: `report --format pdf` prints every bundled model whole (every matrix
//! row, every party, no controls) through a headless Chromium, and says what to install when
//! there is none; the page's print style keeps what printing needs.
//!
//! The PDF tests need a Chromium (`chromium`, `chromium-browser` or `google-chrome` on PATH, or
//! `ROLEMAP_CHROMIUM`) and `pdftotext` (poppler-utils). Without them they are skipped with a
//! note, unless `ROLEMAP_REQUIRE_BROWSER=1` (as in CI), which makes a missing tool a failure.

use std::process::Command as Process;

use crate::common::{TODAY, models, rolemap, run};
use crate::report::{data, report};

/// Whether the PDF tests can run; a failure if they must (`ROLEMAP_REQUIRE_BROWSER=1`).
fn can_print(dir: &std::path::Path) -> bool {
    let required = std::env::var("ROLEMAP_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let pdftotext = Process::new("pdftotext").arg("-v").output().is_ok();
    let out = dir.join("probe.pdf");
    let (code, _, err) = run(&[
        "report",
        "models/service.ron",
        "--today",
        TODAY,
        "-o",
        out.to_str().unwrap(),
    ]);
    let browser = code == 0 || !err.contains("`chromium`");
    let mut missing = Vec::new();
    if !browser {
        missing.push("a Chromium (the package `chromium`)");
    }
    if !pdftotext {
        missing.push("pdftotext (the package poppler-utils)");
    }
    if missing.is_empty() {
        assert_eq!(code, 0, "{err}");
        return true;
    }
    assert!(
        !required,
        "ROLEMAP_REQUIRE_BROWSER=1 but the PDF test cannot run: missing {}",
        missing.join(", ")
    );
    eprintln!("skipping the PDF test: missing {}", missing.join(", "));
    false
}

/// The text of a PDF with every space and line break taken out: rotated headers and wrapped
/// cells come out of pdftotext in pieces.
fn pdf_text(path: &std::path::Path) -> String {
    let out = Process::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext {}", path.display());
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_bundled_models_print_whole_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    if !can_print(dir.path()) {
        return;
    }
    for model in models() {
        let d = data(&report(&model, &[]));
        let out = dir.path().join("r.pdf");
        let (code, stdout, err) = run(&[
            "report",
            &model,
            "--today",
            TODAY,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{model}: {err}");
        assert_eq!(stdout, "");
        assert!(err.contains("wrote") && err.contains("r.pdf"), "{err}");
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{model}");
        let text = pdf_text(&out);
        // Every matrix row, by its requirement id.
        let units = d["units"].as_array().unwrap();
        let rows = d["allocations"].as_array().unwrap();
        assert!(!rows.is_empty(), "{model}");
        for al in rows {
            let id = units[al[0].as_u64().unwrap() as usize][0].as_str().unwrap();
            assert!(
                text.contains(&squeeze(id)),
                "{model}: row {id} is not in the PDF"
            );
        }
        // Every party, by name, in the matrix's header (and the parties section).
        for p in d["parties"].as_array().unwrap() {
            let name = match &p[1] {
                serde_json::Value::String(s) => s.clone(),
                v => v[0].as_str().unwrap().to_string(),
            };
            assert!(
                text.contains(&squeeze(&name)),
                "{model}: party {name} is not in the PDF"
            );
        }
        // No controls: no pager, no fit button, no language toggle, no filters.
        for control in [
            "Fittothepage",
            "Actualsize",
            "日本語/Japanese",
            "Previous",
            "Filterbyrole",
        ] {
            assert!(!text.contains(control), "{model}: {control} is printed");
        }
    }
}

#[test]
fn a_japanese_pdf_is_printed_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    if !can_print(dir.path()) {
        return;
    }
    let out = dir.path().join("r.pdf");
    let (code, _, err) = run(&[
        "--lang",
        "ja",
        "report",
        "models/service.ron",
        "--format",
        "pdf",
        "--today",
        TODAY,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("r.pdf"), "{err}");
    let info = Process::new("pdfinfo").arg(&out).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    // A4 landscape: 842 × 595 points.
    assert!(info.contains("841.92 x 594.96 pts (A4)"), "{info}");
}

#[test]
fn a3_paper_prints_a3_landscape() {
    let dir = tempfile::tempdir().unwrap();
    let report_a3 = |out: &std::path::Path| {
        let (code, _, err) = run(&[
            "report",
            "models/ministry-benefits.ron",
            "--paper",
            "a3",
            "--today",
            TODAY,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
    };
    // The page asks for it whether or not a browser is here.
    let html = dir.path().join("r.html");
    report_a3(&html);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("@page { size: A3 landscape;"), "no A3 @page");
    assert!(!page.contains("size: A4"), "A4 asked for too");
    if !can_print(dir.path()) {
        return;
    }
    let out = dir.path().join("r.pdf");
    report_a3(&out);
    let info = Process::new("pdfinfo").arg(&out).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    // A3 landscape: 1191 × 842 points.
    assert!(info.contains("x 841.") && info.contains("(A3)"), "{info}");
    // Every matrix row is still there.
    assert!(pdf_text(&out).contains("S(1)-1.1"));
}

#[test]
fn without_a_browser_the_pdf_error_names_the_package() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    for (lang, want) in [
        ("en", "install the package `chromium`"),
        ("ja", "`chromium`"),
    ] {
        let o = rolemap()
            .env("ROLEMAP_CHROMIUM", dir.path().join("no-such-browser"))
            .args([
                "--lang",
                lang,
                "report",
                "models/service.ron",
                "-o",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(want), "{err}");
        assert!(!out.exists());
    }
    // No Chromium on PATH either.
    let o = rolemap()
        .env("ROLEMAP_CHROMIUM", "")
        .env("PATH", dir.path())
        .args(["report", "models/service.ron", "--format", "pdf", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("chromium, chromium-browser, google-chrome"),
        "{err}"
    );
    // `--format pdf` and an HTML file disagree.
    let (code, _, err) = run(&[
        "report",
        "models/service.ron",
        "--format",
        "pdf",
        "-o",
        dir.path().join("r.html").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_print_style_prints_everything_and_no_controls() {
    let html = report("models/service.ron", &[]);
    let css = rolemap::render::report::CSS;
    assert!(css.contains("@page { size: A4 landscape;"));
    let print = &css[css.find("@media print").unwrap()..];
    for rule in [
        "thead, table.list thead { display: table-header-group; }",
        ".lang-switch, .controls, .pager, nav, .why .close, .drawing-tools",
        "max-width: 100%",
        "max-height: none; overflow: visible",
        ".print-part + .print-part { break-before: page; }",
    ] {
        assert!(print.contains(rule), "no {rule} in the print style");
    }
    // The HTML page itself is laid out for the screen; `--format pdf` for print.
    assert!(data(&html).get("print").is_none());
    let js = rolemap::render::report::JS;
    assert!(js.contains("addEventListener('beforeprint'") && js.contains("D.print === true"));
}
