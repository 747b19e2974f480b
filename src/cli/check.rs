//! `rolemap check`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{
    AnalysisArgs, Env, Failure, Outcome, emit, emit_with, json_text, load, load_catalog, options,
};
use crate::checklist::conformance_render;
use crate::checklist::{Conformance, StatusErrors, StatusSet, conformance, read_status_all_with};
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
    /// A filled-in checklist (.xlsx or .csv, from `rolemap checklist`) to read back: reports
    /// conformance per party and package. Repeat for several files.
    #[arg(long, value_name = "FILE")]
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
            emit(
                None,
                &json_text(&diag::render_json(&d, env.lang, env.max_problems)),
                &[],
            )?;
            return Err(Failure::AfterJson(Box::new(Failure::Input(d))));
        }
        Err(e) => return Err(e),
    };
    let analysis = analyse(&model, &catalog, options(&args.analysis));
    let conf = match read_conformance(args, &analysis) {
        Ok(c) => c,
        Err(e) => {
            if args.format == CheckFormat::Json {
                emit(
                    None,
                    &json_text(&e.render_json(env.lang, env.max_problems)),
                    &[],
                )?;
                return Err(Failure::AfterJson(Box::new(Failure::Status(e))));
            }
            return Err(Failure::Status(e));
        }
    };
    let paint = if args.output.is_some() {
        Default::default()
    } else {
        env.paint
    };
    let text = match args.format {
        CheckFormat::Text => {
            let mut t = check_text::render_check(&analysis, env.lang, paint);
            if let Some(c) = &conf {
                t.push('\n');
                t.push_str(&conformance_render::render_text(
                    &analysis, c, env.lang, paint,
                ));
            }
            t
        }
        CheckFormat::Json => match &conf {
            // With filled-in checklists, the document gains a `conformance` section.
            Some(c) => {
                let mut v = check_json::render_check(&analysis, env.lang);
                if let Some(o) = v.as_object_mut() {
                    o.insert(
                        "conformance".into(),
                        conformance_render::render_json(&analysis, c, env.lang),
                    );
                }
                json_text(&v)
            }
            // Otherwise it is streamed straight to its destination (below): large chains
            // never build a JSON tree, nor hold the document twice.
            None => String::new(),
        },
        CheckFormat::Sarif => json_text(&sarif::render_sarif(&[&analysis], env.lang)),
    };
    let mut inputs = vec![path];
    if let Some(c) = &args.analysis.catalog {
        inputs.push(c.as_path());
    }
    inputs.extend(args.status.iter().map(|p| p.as_path()));
    if args.format == CheckFormat::Json && conf.is_none() {
        emit_with(args.output.as_deref(), &inputs, |w| {
            check_json::write_check(w, &analysis, env.lang)
        })?;
    } else {
        emit(args.output.as_deref(), &text, &inputs)?;
    }
    let failed = analysis
        .findings
        .iter()
        .any(|f| f.is_active() && fails(args.fail_on, f.severity));
    // The command ends here: the system takes the memory back at once, while freeing a large
    // chain's millions of strings and lists one by one took tens of milliseconds. They hold
    // no files or locks.
    std::mem::forget(analysis);
    std::mem::forget(model);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Read every `--status` file and match it to the analysis; `None` when none is given. Every
/// problem of every file is collected before failing.
fn read_conformance(
    args: &CheckArgs,
    a: &crate::Analysis,
) -> Result<Option<Conformance>, StatusErrors> {
    read_status_files(&args.status, &args.analysis, a)
}

/// Read filled-in checklists (`--status FILE…`) and match them to the analysis; `None` when
/// there are none. Every problem of every file is collected before failing.
pub(crate) fn read_status_files(
    files: &[PathBuf],
    analysis: &AnalysisArgs,
    a: &crate::Analysis,
) -> Result<Option<Conformance>, StatusErrors> {
    if files.is_empty() {
        return Ok(None);
    }
    let mut set = StatusSet::default();
    let mut errors = StatusErrors::default();
    for p in files {
        let (s, e) = read_status_all_with(p, analysis.max_size, analysis.special());
        set.extend(s);
        errors.extend(e);
    }
    // Match what could be read too, so that every problem is reported in one run.
    match conformance(a, &set) {
        Ok(c) if errors.is_empty() => Ok(Some(c)),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.extend(e);
            Err(errors)
        }
    }
}
