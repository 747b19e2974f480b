//! `rolemap diff OLD NEW`: what changes in roles, allocations and findings between two models.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{AnalysisArgs, Env, Outcome, emit, emit_with, load, load_catalog, options, outfile};
use crate::analyse;
use crate::diff::diff;
use crate::diff::render;
use crate::findings::Severity;

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The model before the change.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The model after the change.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format (default: from the extension of `-o`, else text).
    #[arg(long, short, value_enum)]
    pub format: Option<DiffFormat>,
    /// Exit with 1 when NEW has findings at or above this severity that OLD did not have as
    /// active findings (introduced, no longer waived, or raised in severity).
    #[arg(long, value_enum, default_value_t = FailOnNew::Never)]
    pub fail_on_new: FailOnNew,
    /// Write the output to this file instead of standard output; its extension picks the
    /// format: .txt, .md, .json.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Formats of `diff`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    /// Text for a terminal, 80 columns.
    Text,
    /// Markdown, for a pull request or a review note.
    #[value(alias = "markdown")]
    Md,
    /// JSON (`rolemap/diff/v1`).
    Json,
}

/// The severity of new findings that makes `diff` exit with 1.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOnNew {
    /// New errors fail.
    Error,
    /// New errors and warnings fail.
    Warning,
    /// Never fail (the default): exit 0 unless an input is bad.
    Never,
}

/// Run `diff`.
pub fn run(args: &DiffArgs, env: &Env) -> Outcome {
    let format = outfile::pick(
        "diff",
        outfile::DIFF,
        args.format,
        args.output.as_deref(),
        DiffFormat::Text,
    )?;
    let catalog = load_catalog(&args.analysis)?;
    // Load both before failing, so that the problems of both files are reported.
    let old = load(&args.old, &catalog, &args.analysis);
    let new = load(&args.new, &catalog, &args.analysis);
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => return Err(e),
        (Err(e1), Err(e2)) => {
            super::report_failure(&e1, env);
            return Err(e2);
        }
    };
    let opts = options(&args.analysis);
    // The two analyses on rayon's pool side by side: each has serial stretches the other
    // fills (100k: 2.4-2.8 s -> 1.1-1.3 s with the sections below made on every core). The
    // two loads side by side gave nothing measurable, as each already uses both cores.
    let (a, b) = rayon::join(
        || analyse(&old, &catalog, opts),
        || analyse(&new, &catalog, opts),
    );
    let d = diff(&a, &b);
    let paint = if args.output.is_some() {
        Default::default()
    } else {
        env.paint
    };
    let mut inputs = vec![args.old.as_path(), args.new.as_path()];
    if let Some(c) = &args.analysis.catalog {
        inputs.push(c.as_path());
    }
    let out = args.output.as_deref();
    match format {
        DiffFormat::Text => emit(
            env,
            out,
            &render::render_text(&d, &a, &b, env.lang, paint),
            &inputs,
        )?,
        DiffFormat::Md => emit(
            env,
            out,
            &render::render_markdown(&d, &a, &b, env.lang),
            &inputs,
        )?,
        // Streamed: a large diff never becomes a JSON tree.
        DiffFormat::Json => emit_with(env, out, &inputs, |w| {
            render::write_json(w, &d, &a, &b, env.lang)
        })?,
    }
    let threshold = match args.fail_on_new {
        FailOnNew::Error => Some(Severity::Error),
        FailOnNew::Warning => Some(Severity::Warning),
        FailOnNew::Never => None,
    };
    let failed = threshold.is_some_and(|t| {
        d.findings
            .iter()
            .any(|f| f.is_new_problem(&a, &b) && f.severity(&a, &b) <= t)
    });
    super::leave(d);
    super::leave((a, b));
    super::leave((old, new));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
