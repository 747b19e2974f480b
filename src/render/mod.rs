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

/// Text for a CSV or spreadsheet cell that a spreadsheet program will not run as a formula.
pub fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Text for Markdown that shows literally: markup, HTML and link characters are
/// backslash-escaped, and line breaks and tabs become spaces.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
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
