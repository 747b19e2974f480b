//! `rolemap catalog`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{AnalysisArgs, Env, Outcome, emit, json_text, load_catalog, outfile};
use crate::render::catalog;

/// Arguments of `catalog`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Output format (default: from the extension of `-o`, else text).
    #[arg(long, short, value_enum)]
    pub format: Option<CatalogFormat>,
    /// Write the output to this file instead of standard output; its extension picks the
    /// format: .txt, .json, .md.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Use this catalog file instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// Largest input file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::load::DEFAULT_MAX_SIZE)]
    pub max_size: u64,
    /// Also read a FIFO, device or socket given as `--catalog` (only regular files otherwise).
    #[arg(long)]
    pub allow_special_files: bool,
}

/// Formats of `catalog`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CatalogFormat {
    /// Text.
    Text,
    /// JSON.
    Json,
    /// Markdown.
    #[value(alias = "markdown")]
    Md,
}

/// Run `catalog`.
pub fn run(args: &CatalogArgs, env: &Env) -> Outcome {
    let format = outfile::pick(
        "catalog",
        outfile::CATALOG,
        args.format,
        args.output.as_deref(),
        CatalogFormat::Text,
    )?;
    let c = load_catalog(&AnalysisArgs {
        package: None,
        catalog: args.catalog.clone(),
        today: None,
        at: None,
        max_size: args.max_size,
        allow_special_files: args.allow_special_files,
    })?;
    let paint = if args.output.is_some() {
        Default::default()
    } else {
        env.paint
    };
    let text = match format {
        CatalogFormat::Text => catalog::render_text(&c, env.lang, paint),
        CatalogFormat::Json => json_text(&catalog::render_json(&c)),
        CatalogFormat::Md => catalog::render_markdown(&c, env.lang),
    };
    let inputs: Vec<&std::path::Path> = args.catalog.iter().map(|p| p.as_path()).collect();
    emit(env, args.output.as_deref(), &text, &inputs)?;
    Ok(ExitCode::SUCCESS)
}
