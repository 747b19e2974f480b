//! `rolemap explain`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::checklist::PARTY;
use super::{
    AnalysisArgs, Env, Named, Outcome, emit, json_text, load, load_catalog, options, unknown_id,
};
use crate::analyse;
use crate::render::explain;

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// The party's id (ids starting with `-` are taken as ids, not options).
    #[arg(value_name = "PARTY", allow_hyphen_values = true)]
    pub party: String,
    /// Only this requirement or item (e.g. `(1)-4` or `S(1)-4.1`).
    #[arg(value_name = "REQ")]
    pub requirement: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Formats of `explain`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExplainFormat {
    /// Text.
    Text,
    /// JSON.
    Json,
}

/// Run `explain`.
pub fn run(args: &ExplainArgs, env: &Env) -> Outcome {
    let catalog = load_catalog(&args.analysis)?;
    let model = load(&args.model, &catalog, &args.analysis)?;
    let Some(party) = model.party(&args.party) else {
        let ids: Vec<&str> = model.parties.iter().map(|p| p.id.as_str()).collect();
        return Err(unknown_id(PARTY, &args.party, &ids, Some(&args.model)));
    };
    if let Some(r) = &args.requirement
        && !catalog.all_ids().contains(&r.as_str())
    {
        let what = Named {
            en: "requirement or item",
            ja: "要求事項または個別要求",
            en_list: "",
        };
        return Err(unknown_id(what, r, &catalog.all_ids(), None));
    }
    let a = analyse(&model, &catalog, options(&args.analysis));
    let req = args.requirement.as_deref();
    let text = match args.format {
        ExplainFormat::Text => explain::render_text(&a, party, req, env.lang, env.paint),
        ExplainFormat::Json => json_text(&explain::render_json(&a, party, req, env.lang)),
    };
    emit(env, None, &text, &[])?;
    super::leave(a);
    super::leave(model);
    Ok(ExitCode::SUCCESS)
}
