//! Output: every format is built from the analysis, nothing is recomputed here.

pub mod because;
pub mod catalog;
pub mod check_json;
pub mod check_text;
pub mod diag;
pub mod explain;
pub mod json_out;
pub mod matrix;
pub mod matrix_xlsx;
pub mod oscal;
pub mod portfolio;
pub mod report;
pub mod sarif;

/// Where the documentation of finding codes lives in the repository.
pub const FINDING_DOCS: &str = "docs/findings";
