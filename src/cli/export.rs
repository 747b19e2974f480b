//! `rolemap export oscal MODEL` and `rolemap export oscal-catalog`: OSCAL 1.2 JSON for
//! compliance tooling.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::{
    AnalysisArgs, Env, Failure, Outcome, emit, emit_with, json_text, load, load_catalog, options,
    outfile,
};
use crate::analyse;
use crate::date::Date;
use crate::render::oscal;

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[command(subcommand)]
    pub what: ExportCommand,
}

/// The export formats.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The allocation as an OSCAL system security plan (JSON): responsible roles and parties per
    /// requirement and item.
    Oscal(OscalArgs),
    /// The requirement catalog as an OSCAL catalog (JSON), which the plan's control ids refer to.
    OscalCatalog(OscalCatalogArgs),
}

/// Arguments of `export oscal`.
#[derive(Debug, Args)]
pub struct OscalArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Write the plan to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the OSCAL catalog to this file; the plan links to it by its file name.
    #[arg(long, value_name = "FILE")]
    pub catalog_out: Option<PathBuf>,
    /// Filled-in checklists (XLSX or CSV from `rolemap checklist`, repeatable; a folder: every
    /// such file in it): each party's declared status becomes the `implementation-status` of
    /// its share of a requirement.
    #[arg(long, value_name = "FILE|FOLDER")]
    pub status: Vec<PathBuf>,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Arguments of `export oscal-catalog`.
#[derive(Debug, Args)]
pub struct OscalCatalogArgs {
    /// Write the catalog to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// The default name the plan gives its catalog when none is written alongside.
pub const DEFAULT_CATALOG_FILE: &str = "rolemap-catalog.oscal.json";

/// The catalog's link from the plan: its path relative to the plan's folder when both are
/// written, else its file name.
fn catalog_href(plan: Option<&Path>, catalog: Option<&Path>) -> String {
    let Some(c) = catalog else {
        return DEFAULT_CATALOG_FILE.to_string();
    };
    let dir = plan.and_then(Path::parent).unwrap_or(Path::new(""));
    let rel = c.strip_prefix(dir).unwrap_or(c);
    rel.to_string_lossy().replace('\\', "/")
}

/// Refuse an output file whose extension is not .json.
fn json_only(command: &str, out: Option<&Path>) -> Result<(), Failure> {
    outfile::pick(command, outfile::JSON, None, out, outfile::Single::Json).map(|_| ())
}

/// Run `export`.
pub fn run(args: &ExportArgs, env: &Env) -> Outcome {
    match &args.what {
        ExportCommand::Oscal(a) => {
            json_only("export oscal", a.output.as_deref())?;
            json_only("export oscal", a.catalog_out.as_deref())?;
            let catalog = load_catalog(&a.analysis)?;
            let model = load(&a.model, &catalog, &a.analysis)?;
            let analysis = analyse(&model, &catalog, options(&a.analysis));
            let conformance = super::check::read_status_files(&a.status, &a.analysis, &analysis)
                .map_err(Failure::Status)?;
            let href = catalog_href(a.output.as_deref(), a.catalog_out.as_deref());
            let mut inputs = vec![a.model.as_path()];
            if let Some(c) = &a.analysis.catalog {
                inputs.push(c.as_path());
            }
            inputs.extend(a.status.iter().map(|p| p.as_path()));
            if let Some(out) = &a.catalog_out {
                let doc = oscal::render_catalog(&catalog, env.lang, analysis.today);
                emit(env, Some(out), &json_text(&doc), &inputs)?;
            }
            // Streamed: a large chain's plan never becomes a JSON tree.
            emit_with(env, a.output.as_deref(), &inputs, |w| {
                oscal::write_ssp(w, &analysis, env.lang, &href, conformance.as_ref())
            })?;
            super::leave(analysis);
            super::leave(model);
        }
        ExportCommand::OscalCatalog(a) => {
            json_only("export oscal-catalog", a.output.as_deref())?;
            let catalog = load_catalog(&a.analysis)?;
            let today = a.analysis.today.unwrap_or_else(Date::today_utc);
            let doc = oscal::render_catalog(&catalog, env.lang, today);
            let inputs: Vec<&Path> = a.analysis.catalog.iter().map(PathBuf::as_path).collect();
            emit(env, a.output.as_deref(), &json_text(&doc), &inputs)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
