//! `rolemap check`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{AnalysisArgs, Env, Failure, Outcome, emit, json_text, load, load_catalog, options};
use crate::render::{check_json, check_text, diag, sarif};
use crate::{Severity, analyse};

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
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Exit with 1 when a finding at or above this severity remains (waived findings never count).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Write the output to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
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

/// Whether findings of `severity` fail the run under `fail_on`.
pub fn fails(fail_on: FailOn, severity: Severity) -> bool {
    match fail_on {
        FailOn::Error => severity == Severity::Error,
        FailOn::Warning => severity <= Severity::Warning,
        FailOn::Never => false,
    }
}

/// Run `check`: one model as before, or a portfolio.
pub fn run(args: &CheckArgs, env: &Env) -> Outcome {
    match args.models.as_slice() {
        [one] if !super::portfolio::is_pattern_or_folder(one) => run_one(one, args, env),
        _ => super::portfolio::run(args, env),
    }
}

fn run_one(path: &Path, args: &CheckArgs, env: &Env) -> Outcome {
    let catalog = load_catalog(&args.analysis)?;
    let model = match load(path, &catalog, &args.analysis) {
        Ok(m) => m,
        Err(Failure::Input(d)) if args.format == CheckFormat::Json => {
            // Machine readers get the problems as JSON too; people still see them on stderr.
            emit(None, &json_text(&diag::render_json(&d, env.lang)), &[])?;
            return Err(Failure::Input(d));
        }
        Err(e) => return Err(e),
    };
    let analysis = analyse(&model, &catalog, options(&args.analysis));
    let text = match args.format {
        CheckFormat::Text => check_text::render_check(
            &analysis,
            env.lang,
            if args.output.is_some() {
                Default::default()
            } else {
                env.paint
            },
        ),
        CheckFormat::Json => {
            let mut out = Vec::new();
            check_json::write_check(&mut out, &analysis, env.lang)
                .expect("writing to memory cannot fail");
            String::from_utf8(out).expect("JSON is UTF-8")
        }
        CheckFormat::Sarif => json_text(&sarif::render_sarif(&[&analysis], env.lang)),
    };
    let mut inputs = vec![path];
    if let Some(c) = &args.analysis.catalog {
        inputs.push(c.as_path());
    }
    emit(args.output.as_deref(), &text, &inputs)?;
    let failed = analysis
        .findings
        .iter()
        .any(|f| f.is_active() && fails(args.fail_on, f.severity));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
