//! `rolemap check` over many models: expand files, folders and glob patterns, load and analyse
//! the models in parallel, report in the order given (folders and patterns sorted), and exit by
//! the worst: 2 if any model is bad input (after reporting every model), else 1 if any model
//! fails `--fail-on`, else 0.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::check_args::{CheckArgs, CheckFormat, fails};
use super::{Env, Failure, Outcome, emit, json_text, load_catalog, options};
use crate::load::diagnostics::FileDiagnostics;
use crate::load::load_model_with;
use crate::model::Model;
use crate::render::portfolio::{Entry, render_json, render_table};
use crate::render::{check_text, diag, sarif};
use crate::{Analysis, analyse};

/// The extensions of model files looked for in folders.
const EXTENSIONS: &[&str] = &["ron", "json", "yaml", "yml"];

/// Whether an argument names a folder or a glob pattern (rather than one file).
pub fn is_pattern_or_folder(p: &Path) -> bool {
    p.is_dir() || (!p.exists() && p.to_string_lossy().contains(['*', '?', '[']))
}

fn is_model_file(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Every model file under a folder, recursively, skipping hidden entries, symlinked folders
/// and anything but regular files (see [`crate::files::walk`]).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    out.extend(crate::files::walk(dir, &is_model_file));
}

/// The model files the arguments name, in order, each once. An argument that matches nothing is
/// a usage error.
pub fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut out: Vec<PathBuf> = Vec::new();
    for a in args {
        let mut found = Vec::new();
        if a.is_dir() {
            walk(a, &mut found);
        } else if is_pattern_or_folder(a) {
            let pattern = a.to_string_lossy();
            let paths = crate::files::glob(&pattern).map_err(|e| {
                Failure::Usage(
                    format!("bad pattern {pattern}: {e}"),
                    format!("パターン {pattern} が不正です: {e}"),
                )
            })?;
            for p in paths {
                if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir()) {
                    walk(&p, &mut found);
                } else if is_model_file(&p) {
                    found.push(p);
                }
            }
        } else {
            // A file, even a missing one: loading it reports the problem with the others.
            if !out.contains(a) {
                out.push(a.clone());
            }
            continue;
        }
        if found.is_empty() {
            let a = a.display();
            return Err(Failure::Usage(
                format!("{a} names no model file (.ron, .json, .yaml, .yml)"),
                format!("{a} にモデルファイル (.ron、.json、.yaml、.yml) がありません"),
            ));
        }
        found.sort();
        for p in found {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// `f` over `items` on all cores, results in the order of `items`.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().map(&f).collect()
}

/// Run `check` on a portfolio.
pub fn run(args: &CheckArgs, env: &Env) -> Outcome {
    let format = args.format()?;
    let catalog = load_catalog(&args.analysis)?;
    let paths = expand(&args.models)?;
    let max = args.analysis.max_size;
    let special = args.analysis.special();
    let loaded: Vec<Result<Model, FileDiagnostics>> = par_map(&paths, |p| {
        load_model_with(&p.to_string_lossy(), &catalog, max, special)
            .map(|m| args.analysis.on_day(m))
    });
    let opts = options(&args.analysis);
    let ok: Vec<&Model> = loaded.iter().filter_map(|r| r.as_ref().ok()).collect();
    let analyses: Vec<Analysis> = par_map(&ok, |m| analyse(m, &catalog, opts));
    let mut next = analyses.iter();
    let entries: Vec<Entry> = loaded
        .iter()
        .map(|r| match r {
            Ok(_) => Entry::Checked(next.next().expect("one analysis per model")),
            Err(d) => Entry::BadInput(d),
        })
        .collect();
    let fails_model = |a: &Analysis| {
        a.findings
            .iter()
            .any(|f| f.is_active() && fails(args.fail_on, f.severity))
    };
    let paint = if args.output.is_some() {
        Default::default()
    } else {
        env.paint
    };
    let text = match format {
        CheckFormat::Text => {
            let mut t = render_table(&entries, env.lang, paint);
            if args.details {
                for a in &analyses {
                    t.push('\n');
                    t.push_str(&check_text::render_check(a, env.lang, paint));
                }
            }
            t
        }
        CheckFormat::Json => json_text(&render_json(
            &entries,
            env.lang,
            args.details,
            &fails_model,
            env.max_problems,
        )),
        CheckFormat::Sarif => {
            let refs: Vec<&Analysis> = analyses.iter().collect();
            let bad: Vec<&FileDiagnostics> =
                loaded.iter().filter_map(|r| r.as_ref().err()).collect();
            json_text(&sarif::render_sarif_portfolio(
                &refs,
                &bad,
                env.lang,
                env.max_problems,
            ))
        }
    };
    let mut inputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    if let Some(c) = &args.analysis.catalog {
        inputs.push(c.as_path());
    }
    emit(env, args.output.as_deref(), &text, &inputs)?;
    // Every bad model's problems, in order, on standard error.
    let mut bad = false;
    for r in &loaded {
        if let Err(d) = r {
            bad = true;
            let mut text = diag::render_problems(d, env.lang, env.err_color, env.max_problems);
            let n = env
                .lang
                .count(d.diagnostics.len(), "problem", "problems", "問題");
            let name = d.file.name();
            text.push_str(&crate::tr!(
                env.lang,
                "{name}: {n}; this model was not checked\n\n",
                "{name}: {n}。このモデルはチェックしていません\n\n"
            ));
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        }
    }
    Ok(if bad {
        ExitCode::from(2)
    } else if analyses.iter().any(fails_model) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
