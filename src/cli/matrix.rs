//! `rolemap matrix`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{AnalysisArgs, Env, Outcome, emit, json_text, load, load_catalog, options, outfile};
use crate::analyse;
use crate::render::matrix;

/// Arguments of `matrix`.
#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Output format (default: from the extension of `-o`, else text).
    #[arg(long, short, value_enum)]
    pub format: Option<MatrixFormat>,
    /// Write the output to this file instead of standard output; its extension picks the
    /// format: .txt, .md, .csv, .json.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Formats of `matrix`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MatrixFormat {
    /// Text for a terminal, paged to 80 columns.
    Text,
    /// A Markdown table.
    #[value(alias = "markdown")]
    Md,
    /// CSV (formula-safe).
    Csv,
    /// JSON.
    Json,
}

/// Run `matrix`.
pub fn run(args: &MatrixArgs, env: &Env) -> Outcome {
    let format = outfile::pick(
        "matrix",
        outfile::MATRIX,
        args.format,
        args.output.as_deref(),
        MatrixFormat::Text,
    )?;
    let catalog = load_catalog(&args.analysis)?;
    let model = load(&args.model, &catalog, &args.analysis)?;
    let a = analyse(&model, &catalog, options(&args.analysis));
    let paint = if args.output.is_some() {
        Default::default()
    } else {
        env.paint
    };
    let text = match format {
        MatrixFormat::Text => matrix::render_text(&a, env.lang, paint),
        MatrixFormat::Md => matrix::render_markdown(&a, env.lang),
        MatrixFormat::Csv => matrix::render_csv(&a, env.lang),
        MatrixFormat::Json => json_text(&matrix::render_json(&a, env.lang)),
    };
    emit(env, args.output.as_deref(), &text, &[args.model.as_path()])?;
    Ok(ExitCode::SUCCESS)
}
