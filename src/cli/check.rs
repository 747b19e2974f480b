//! `rolemap check`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::check_args::{CheckArgs, CheckFormat, fails};
use super::{
    AnalysisArgs, Env, Failure, Outcome, emit, emit_with, json_text, load, load_catalog, options,
};
use crate::analyse;
use crate::checklist::conformance_render;
use crate::checklist::{Conformance, StatusErrors, StatusSet, conformance, read_status_path};
use crate::render::{check_json, check_text, diag, sarif};

/// Run `check` on one model (several, a folder or a pattern go to [`super::portfolio`]).
pub fn run_one(path: &Path, args: &CheckArgs, env: &Env) -> Outcome {
    let format = args.format()?;
    let catalog = load_catalog(&args.analysis)?;
    let model = match load(path, &catalog, &args.analysis) {
        Ok(m) => m,
        Err(Failure::Input(d)) if format == CheckFormat::Json => {
            // Machine readers get the problems as JSON too; people still see them on stderr.
            emit(
                env,
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
            if format == CheckFormat::Json {
                emit(
                    env,
                    None,
                    &json_text(&diag::render_json(&e, env.lang, env.max_problems)),
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
    let text = match format {
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
        // Streamed straight to its destination (below): large chains never build a JSON
        // tree, nor hold the document twice.
        CheckFormat::Json => String::new(),
        CheckFormat::Sarif => json_text(&sarif::render_sarif(&[&analysis], env.lang)),
    };
    let mut inputs = vec![path];
    if let Some(c) = &args.analysis.catalog {
        inputs.push(c.as_path());
    }
    inputs.extend(args.status.iter().map(|p| p.as_path()));
    if format == CheckFormat::Json {
        // With filled-in checklists, the document gains a `conformance` section.
        let conformance = conf
            .as_ref()
            .map(|c| conformance_render::json(&analysis, c, env.lang));
        emit_with(
            env,
            args.output.as_deref(),
            &inputs,
            |w| match &conformance {
                Some(c) => check_json::write_check_with(w, &analysis, env.lang, c),
                None => check_json::write_check(w, &analysis, env.lang),
            },
        )?;
    } else {
        emit(env, args.output.as_deref(), &text, &inputs)?;
    }
    let failed = analysis
        .findings
        .iter()
        .any(|f| f.is_active() && fails(args.fail_on, f.severity));
    super::leave(analysis);
    super::leave(model);
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
        let (s, e) = read_status_path(p, analysis.max_size, analysis.special());
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
