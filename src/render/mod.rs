//! Output: every format is built from the analysis, nothing is recomputed here.

pub mod annex;
pub mod because;
pub mod catalog;
pub mod check_json;
pub mod check_text;
pub mod checklist;
pub mod conformance;
pub mod diag;
pub mod diff;
pub mod dot;
pub mod explain;
pub mod json_out;
pub mod matrix;
pub mod oscal;
pub mod portfolio;
pub mod report;
pub mod sarif;
pub mod scene;
pub mod style;
pub mod svg;
pub mod xlsx;

pub use style::Paint;
pub use svg::{Renderer, RendererChoice, Svg, SvgError, SvgOptions, render_svg};

/// The tool's name and version, for machine-readable outputs.
pub const TOOL: &str = "rolemap";
/// The tool's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Where the documentation of finding codes lives in the repository.
pub const FINDING_DOCS: &str = "docs/findings";

/// The width text output fits into.
pub const WIDTH: usize = 80;

/// Text for a CSV or spreadsheet cell that a spreadsheet program will not run as a formula,
/// with bidirectional controls shown as `[U+202E]` and noncharacters replaced, as in every
/// document output ([`doc_text`]; the checklist reader turns `[U+202E]` back).
pub fn csv_safe(s: &str) -> String {
    let s = doc_text(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.into_owned()
    }
}

/// Undo the `[U+202E]` of [`doc_text`] for the bidirectional controls (and only those), so
/// that an id holding one reads back from a filled-in checklist as written.
pub fn unshow_bidi(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("[U+") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[U+") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let c = tail
            .get(3..)
            .and_then(|t| t.split_once(']'))
            .filter(|(hex, _)| (4..=6).contains(&hex.len()))
            .and_then(|(hex, after)| {
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                is_bidi_control(c).then_some((c, after))
            });
        match c {
            Some((c, after)) => {
                out.push(c);
                rest = after;
            }
            None => {
                out.push_str("[U+");
                rest = &tail[3..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A bidirectional control: an embedding, override or isolate, or a direction mark. Text from
/// a model must not carry one into an output, where it would make the text around it read in
/// another order than it is stored (`evil\u{202E}txt.exe`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A Unicode noncharacter (U+FDD0–U+FDEF and the last two code points of every plane, such
/// as U+FFFE), never meant for interchange; XML forbids U+FFFE and U+FFFF outright.
pub fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// A character that XML 1.0 forbids (C0 controls other than tab, line feed and carriage
/// return; U+FFFE, U+FFFF) or a noncharacter: replaced by U+FFFD in SVG, HTML, XLSX and OSCAL.
pub fn is_xml_unsafe(c: char) -> bool {
    ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || is_noncharacter(c)
}

/// A whole generated document with every character XML forbids, and every noncharacter,
/// replaced by U+FFFD (the HTML report, after its template has run: its own script and styles
/// hold none, so their CSP hashes stay right).
pub fn xml_safe(s: String) -> String {
    if !s.chars().any(is_xml_unsafe) {
        return s;
    }
    s.chars()
        .map(|c| if is_xml_unsafe(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// A bidirectional control as visible text: `[U+202E]`.
pub fn bidi_shown(c: char) -> String {
    format!("[U+{:04X}]", c as u32)
}

/// Text from a model for a document output (XLSX cells and sheet names, OSCAL, Markdown):
/// characters XML forbids and noncharacters become U+FFFD, bidirectional controls are shown
/// as `[U+202E]` instead of applied. Borrowed when there is nothing to change.
pub fn doc_text(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| is_xml_unsafe(c) || is_bidi_control(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_xml_unsafe(c) {
            out.push('\u{FFFD}');
        } else if is_bidi_control(c) {
            out.push_str(&bidi_shown(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text for Markdown that shows literally: markup, HTML and link characters are
/// backslash-escaped, line breaks and tabs become spaces, bidirectional controls are shown as
/// `[U+202E]` and noncharacters become U+FFFD.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if is_bidi_control(c) => out.push_str(&bidi_shown(c)),
            c if is_noncharacter(c) => out.push('\u{FFFD}'),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '&' | '~' | '{'
            | '}' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod chars_tests {
    use super::*;

    #[test]
    fn document_text_replaces_what_xml_forbids_and_shows_bidi_controls() {
        assert!(matches!(
            doc_text("plain 日本"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            doc_text("a\u{FFFE}b\u{FFFF}c\u{1}d\tx"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\tx"
        );
        assert_eq!(
            doc_text("\u{FDD0}\u{1FFFE}\u{10FFFF}"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(doc_text("evil\u{202E}txt.exe"), "evil[U+202E]txt.exe");
        assert_eq!(md_text("a\u{2066}*b*\u{FFFE}"), "a[U+2066]\\*b\\*\u{FFFD}");
        assert!(!is_noncharacter('\u{FFFD}') && !is_noncharacter('\u{FDCF}'));
        assert_eq!(csv_safe("=1\u{202E}"), "'=1[U+202E]");
    }

    #[test]
    fn shown_bidi_controls_read_back_and_nothing_else_changes() {
        for s in [
            "evil\u{202E}txt",
            "\u{2066}a\u{2069}",
            "plain",
            "[U+",
            "[U+0041] [U+202E",
            "[U+zz]",
        ] {
            assert_eq!(unshow_bidi(&doc_text(s)), s);
        }
        assert_eq!(unshow_bidi("[U+0041]"), "[U+0041]");
    }
}
