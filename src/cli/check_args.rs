//! The arguments of `rolemap check`, shared by one model ([`super::check`]) and a portfolio
//! ([`super::portfolio`]).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::AnalysisArgs;
use crate::Severity;

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The model file (.ron, .json, .yaml). Several files, folders (every .ron, .json, .yaml and
    /// .yml inside, recursively) or glob patterns (`"models/**/*.ron"`) check a portfolio: a
    /// summary table, one JSON document or one SARIF run for all.
    #[arg(value_name = "MODEL", required = true, num_args = 1..)]
    pub models: Vec<PathBuf>,
    /// For a portfolio: also print each model's full findings (text), or include each model's
    /// check JSON (json).
    #[arg(long)]
    pub details: bool,
    /// Output format (default: from the extension of `-o`, else text).
    #[arg(long, short, value_enum)]
    pub format: Option<CheckFormat>,
    /// Exit with 1 when a finding at or above this severity remains (waived findings never count).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Write the output to this file instead of standard output; its extension picks the
    /// format: .txt, .json, .sarif.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A filled-in checklist (.xlsx or .csv, from `rolemap checklist`) to read back: reports
    /// conformance per party and package. Repeat for several files; a folder (from `rolemap
    /// checklist -o FOLDER`) reads every .csv and .xlsx file in it.
    #[arg(long, value_name = "FILE|FOLDER")]
    pub status: Vec<PathBuf>,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Formats of `check`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// Human-readable text.
    Text,
    /// JSON (`rolemap/check/v1`).
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// The severity threshold for exit code 1.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    /// Errors fail.
    Error,
    /// Errors and warnings fail.
    Warning,
    /// Nothing fails (exit 0 unless the input is bad).
    Never,
}

impl CheckArgs {
    /// The format to write: `--format`, else the extension of `-o`, else text (see
    /// [`super::outfile::pick`]).
    pub fn format(&self) -> Result<CheckFormat, super::Failure> {
        super::outfile::pick(
            "check",
            super::outfile::CHECK,
            self.format,
            self.output.as_deref(),
            CheckFormat::Text,
        )
    }
}

/// Whether findings of `severity` fail the run under `fail_on`.
pub fn fails(fail_on: FailOn, severity: Severity) -> bool {
    match fail_on {
        FailOn::Error => severity == Severity::Error,
        FailOn::Warning => severity <= Severity::Warning,
        FailOn::Never => false,
    }
}
