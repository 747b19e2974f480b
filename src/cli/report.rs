//! `rolemap report`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::graph::{CollapseArgs, SvgArgs, note_fallback};
use super::{
    AnalysisArgs, Env, Failure, Outcome, emit_bytes, emit_with, load, load_catalog, options,
    outfile,
};
use crate::analyse;
use crate::render::report::{Paper, ReportOptions, render_report};

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// The file to write: `.html`, or `.pdf` (printed by a headless Chromium); `-` writes to
    /// standard output.
    #[arg(long, short, value_name = "FILE.html", required = true)]
    pub output: PathBuf,
    /// The format (default: from the extension of `-o`, else HTML).
    #[arg(long, value_enum)]
    pub format: Option<outfile::ReportFormat>,
    /// How to draw the diagram.
    #[command(flatten)]
    pub svg: SvgArgs,
    /// When to collapse the diagram of a large chain.
    #[command(flatten)]
    pub collapse: CollapseArgs,
    /// The paper of the printed page and of a PDF, in landscape.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// Filled-in checklists (XLSX or CSV, repeatable; a folder: every such file in it): the
    /// report shows conformance per party and package.
    #[arg(long, value_name = "FILE|FOLDER")]
    pub status: Vec<PathBuf>,
    /// Package, catalog, date and size limit.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// `--paper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// A4 landscape (297 × 210 mm).
    A4,
    /// A3 landscape (420 × 297 mm).
    A3,
}

fn note(env: &Env, text: &str) {
    let line = format!("{}: {text}\n", env.lang.pick("note", "注"));
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Run `report`.
pub fn run(args: &ReportArgs, env: &Env) -> Outcome {
    let format = outfile::pick(
        "report",
        outfile::REPORT,
        args.format,
        Some(&args.output),
        outfile::ReportFormat::Html,
    )?;
    let pdf = format == outfile::ReportFormat::Pdf;
    let catalog = load_catalog(&args.analysis)?;
    let model = load(&args.model, &catalog, &args.analysis)?;
    let a = analyse(&model, &catalog, options(&args.analysis));
    let conformance = super::check::read_status_files(&args.status, &args.analysis, &a)
        .map_err(Failure::Status)?;
    let report = render_report(
        &a,
        &ReportOptions {
            lang: env.lang,
            svg: args.svg.options(),
            collapse: args.collapse.options(),
            conformance,
            print: pdf,
            paper: match args.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::A3 => Paper::A3,
            },
        },
    )
    .map_err(|e| Failure::Usage(e.to_string(), e.message_ja()))?;
    if let Some(c) = &report.collapsed {
        note(env, &c.note(env.lang));
    }
    if let Some(why) = &report.fallback {
        note_fallback(env, &why.message(env.lang));
    }
    if let Some(why) = &report.missing {
        let text = match env.lang {
            crate::Lang::En => format!("the report has no diagram: {}", why.message(env.lang)),
            crate::Lang::Ja => format!("レポートに関係図はありません: {}", why.message(env.lang)),
        };
        note(env, &text);
    }
    let mut inputs = vec![args.model.as_path()];
    if let Some(c) = &args.analysis.catalog {
        inputs.push(c.as_path());
    }
    inputs.extend(args.status.iter().map(|p| p.as_path()));
    let out = (args.output != Path::new("-")).then_some(args.output.as_path());
    if pdf {
        let bytes = super::report_pdf::print(&report.html())?;
        emit_bytes(env, out, &bytes, &inputs)?;
    } else {
        emit_with(env, out, &inputs, |w| report.write_html(w))?;
    }
    super::leave(report);
    super::leave(a);
    super::leave(model);
    Ok(ExitCode::SUCCESS)
}
