//! Contract annexes people can paste (issue 12, item 5): the security-terms line follows from
//! the clauses below it, scopes are worded, a plain-text format pastes into a word processor
//! without escapes, only the target package's requirements are listed unless asked, and the
//! draft clauses are numbered in the annex's language only.

use crate::common::{TODAY, run};

const MINISTRY: &str = "models/ministry-benefits.ron";
const SERVICE: &str = "models/service.ron";
const HOSTILE: &str = "tests/fixtures/hostile.ron";

fn ok(args: &[&str]) -> String {
    let mut v = args.to_vec();
    v.extend(["--today", TODAY]);
    let (code, out, err) = run(&v);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// The sections of a Markdown annex, one per contract.
fn sections(md: &str, lang: &str) -> Vec<String> {
    let head = if lang == "ja" {
        "## 契約 "
    } else {
        "## Contract "
    };
    md.split(head).skip(1).map(str::to_string).collect()
}

#[test]
fn a_contract_without_clauses_is_not_told_to_write_them() {
    for (lang, write, none) in [
        (
            "en",
            "Write the clauses below",
            "no draft clauses below yet",
        ),
        (
            "ja",
            "以下の条項案を契約に盛り込み",
            "以下に条項案はまだありません",
        ),
    ] {
        for form in ["md", "txt"] {
            let out = ok(&[
                "--lang",
                lang,
                "annex",
                MINISTRY,
                "--contract",
                "offshore-dev",
                "-f",
                form,
            ]);
            assert!(!out.contains(write), "{lang} {form}: {out}");
            assert!(out.contains(none), "{lang} {form}: {out}");
            // The clause section says why there are none and what to do, not "write them".
            let why = if lang == "ja" {
                "まだありません: この契約は受注者に役割を与えていない"
            } else {
                "None yet: the contract gives the contractor no role"
            };
            assert!(out.contains(why), "{lang} {form}: {out}");
        }
    }
}

#[test]
fn the_terms_line_matches_the_clauses_on_every_model() {
    let mut seen = 0;
    for m in crate::common::models() {
        for lang in ["en", "ja"] {
            let md = ok(&["--lang", lang, "annex", &m]);
            let (write, check, clause) = if lang == "ja" {
                (
                    "以下の条項案を契約に盛り込み",
                    "以下の要求事項が契約に含まれているか確認",
                    "**第1条",
                )
            } else {
                (
                    "Write the clauses below",
                    "check that the contract covers the requirements below",
                    "**Clause 1.",
                )
            };
            let missing = if lang == "ja" {
                "| 未確立: "
            } else {
                "| NOT ESTABLISHED: "
            };
            for s in sections(&md, lang) {
                let says_below = s.contains(write) || s.contains(check);
                let has = s.contains(clause);
                // "Write the clauses below" only above clauses …
                assert!(!says_below || has, "{m} {lang}: no clauses below\n{s}");
                // … and a contract that lacks its terms and has clauses is told to write them.
                if has && s.contains(missing) {
                    assert!(s.contains(write), "{m} {lang}: not told to write\n{s}");
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 0, "no model has a contract lacking its terms");
}

#[test]
fn scopes_are_worded_in_both_languages() {
    let ja = ok(&[
        "--lang",
        "ja",
        "annex",
        MINISTRY,
        "--contract",
        "pdf-engine",
    ]);
    let clauses: Vec<&str> = ja
        .lines()
        .filter(|l| l.starts_with("1. 受注者は"))
        .collect();
    assert!(!clauses.is_empty(), "{ja}");
    for c in &clauses {
        assert!(c.contains("「component」の範囲に限る"), "{c}");
        assert!(!c.contains("範囲「"), "raw scope key in a clause: {c}");
    }
    // Tables name the scope as the other commands do, never as a bare key.
    assert!(ja.contains("開発者 (主体、範囲「component」)"), "{ja}");
    let en = ok(&["annex", MINISTRY, "--contract", "pdf-engine"]);
    assert!(
        en.contains("as developer (lead, limited to the \"component\" scope)"),
        "{en}"
    );
    assert!(en.contains("developer (lead, scope \"component\")"), "{en}");
    assert!(!en.contains("(lead, component)"), "{en}");
}

#[test]
fn plain_text_pastes_without_markdown() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ja"] {
        let file = dir.path().join(format!("a-{lang}.txt"));
        let out = ok(&[
            "--lang",
            lang,
            "annex",
            MINISTRY,
            "-o",
            file.to_str().unwrap(),
        ]);
        assert!(out.is_empty());
        let txt = std::fs::read_to_string(&file).unwrap();
        // `-o a.txt` and `--format txt` write the same.
        assert_eq!(
            txt,
            ok(&["--lang", lang, "annex", MINISTRY, "--format", "txt"])
        );
        assert!(txt.contains("security_terms: true"), "{txt}");
        for markup in ["\\_", "\\[", "\\|", "**", "| ", "## ", "|---"] {
            assert!(!txt.contains(markup), "{lang}: {markup:?} in plain text");
        }
        let head = if lang == "ja" {
            "第1条 ("
        } else {
            "Clause 1. ("
        };
        assert!(txt.lines().any(|l| l.starts_with(head)), "{txt}");
    }
    // Nothing from a hostile model reaches a terminal or a document raw.
    for lang in ["en", "ja"] {
        let txt = ok(&["--lang", lang, "annex", HOSTILE, "-f", "txt"]);
        assert!(
            !txt.chars().any(|c| c.is_control() && c != '\n'),
            "control character in plain text"
        );
    }
}

#[test]
fn markdown_escapes_only_where_needed() {
    let md = ok(&["annex", MINISTRY]);
    assert!(md.contains("security_terms: true"), "{md}");
    assert!(md.contains("support_until"), "{md}");
    assert!(
        !md.contains("\\_"),
        "an underscore inside a word needs no escape"
    );
    // Markup from a model is still neutralised.
    let hostile = ok(&["annex", HOSTILE]);
    assert!(hostile.contains("\\<img"), "{hostile}");
}

/// The rows of the requirement tables of a Markdown annex: `(id, package cell)`.
fn requirement_rows(md: &str) -> Vec<(String, String)> {
    md.lines()
        .filter(|l| l.starts_with("| ") && l.matches(" | ").count() == 6)
        .filter(|l| !l.starts_with("| ID |"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            (cells[0].to_string(), cells[5].to_string())
        })
        .collect()
}

#[test]
fn only_the_target_package_unless_asked() {
    // service.ron targets the mandatory package.
    let md = ok(&["annex", SERVICE]);
    let rows = requirement_rows(&md);
    assert!(!rows.is_empty(), "{md}");
    for (id, pkg) in &rows {
        assert!(pkg.starts_with("mandatory"), "{id}: {pkg}");
    }
    assert!(md.contains("only its requirements are listed; --all-packages lists both"));
    assert!(
        !md.contains("S(3)-3.1"),
        "a standard item in a mandatory annex"
    );
    let all = ok(&["annex", SERVICE, "--all-packages"]);
    let all_rows = requirement_rows(&all);
    assert!(
        all_rows
            .iter()
            .any(|(id, p)| id == "S(3)-3.1" && p.starts_with("standard"))
    );
    assert!(all_rows.len() > rows.len());
    assert!(all.contains("requirements of both packages are listed: --all-packages"));
    // A standard target includes the standard items without the flag.
    let std_pkg = ok(&["annex", SERVICE, "--package", "standard"]);
    assert!(std_pkg.contains("S(3)-3.1"));
    // Japanese says the same.
    let ja = ok(&["--lang", "ja", "annex", SERVICE]);
    assert!(ja.contains("その要求事項のみ記載"));
    assert!(!ja.contains("S(3)-3.1"));
}

#[test]
fn clauses_are_numbered_in_the_annex_language_only() {
    let en = ok(&["annex", SERVICE]);
    assert!(en.contains("**Clause 1. (1) "), "{en}");
    assert!(en.contains("**Clause 2. (2) "), "{en}");
    assert!(
        en.lines().any(|l| l.starts_with("2. ")),
        "numbered paragraphs"
    );
    assert!(
        !en.contains("受注者は"),
        "Japanese clause in an English annex"
    );
    assert!(!en.contains("日本語:"));
    let ja = ok(&["--lang", "ja", "annex", SERVICE]);
    assert!(ja.contains("**第1条 ((1) "), "{ja}");
    assert!(ja.contains("**第2条 ((2) "), "{ja}");
    assert!(ja.lines().any(|l| l.starts_with("1. 受注者は")));
    assert!(!ja.contains("In performing this contract"));
    assert!(!ja.contains("English:"));
}

#[test]
fn unknown_formats_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("a.docx");
    let (code, _, err) = run(&["annex", SERVICE, "-o", doc.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(".txt"), "{err}");
    assert!(!doc.exists());
    let (code, _, err) = run(&["annex", SERVICE, "--format", "docx"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("txt"), "{err}");
}

/// Every text cell of every sheet of a workbook.
fn xlsx_cells(path: &std::path::Path) -> Vec<(String, Vec<String>)> {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let cells = range
            .used_cells()
            .filter_map(|(_, _, d)| match d {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        out.push((name, cells));
    }
    out
}

#[test]
fn the_workbook_says_the_same_as_the_document() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, write, none, clause) in [
        (
            "en",
            "Write the clauses below",
            "None yet: the contract gives the contractor no role",
            "Clause 1",
        ),
        (
            "ja",
            "以下の条項案を契約に盛り込み",
            "まだありません: この契約は受注者に役割を与えていない",
            "第1条",
        ),
    ] {
        let out = dir.path().join(format!("a-{lang}.xlsx"));
        ok(&[
            "--lang",
            lang,
            "annex",
            MINISTRY,
            "-o",
            out.to_str().unwrap(),
        ]);
        let sheets = xlsx_cells(&out);
        let sheet = |n: &str| {
            sheets
                .iter()
                .find(|(s, _)| s == n)
                .unwrap_or_else(|| panic!("no sheet {n}"))
                .1
                .clone()
        };
        let offshore = sheet("offshore-dev");
        assert!(!offshore.iter().any(|c| c.contains(write)), "{offshore:?}");
        assert!(offshore.iter().any(|c| c.contains(none)), "{offshore:?}");
        let pdf = sheet("pdf-engine");
        assert!(pdf.iter().any(|c| c.contains(write)), "{pdf:?}");
        assert!(pdf.iter().any(|c| c == clause), "{pdf:?}");
    }
}

#[test]
fn no_open_finding_is_not_none_above_waived_ones() {
    let en = ok(&["annex", MINISTRY, "--contract", "pdf-engine"]);
    let tail = en
        .split("### Open findings about this contract")
        .nth(1)
        .unwrap();
    assert!(
        tail.trim_start().starts_with("None open; waived:"),
        "{tail}"
    );
    assert!(
        tail.contains("- waived: no-security-terms@pdf-engine"),
        "{tail}"
    );
    let ja = ok(&[
        "--lang",
        "ja",
        "annex",
        MINISTRY,
        "--contract",
        "pdf-engine",
    ]);
    assert!(ja.contains("未解決の指摘はありません。免除済み:"), "{ja}");
}
