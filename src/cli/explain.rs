//! `rolemap explain`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{AnalysisArgs, Env, Failure, Outcome, emit, json_text, load, load_catalog, options};
use crate::analyse;
use crate::load::diagnostics::suggest;
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
        let p = &args.party;
        let hint = suggest(p, ids.iter().copied());
        let en_hint = hint
            .as_ref()
            .map(|h| format!("; did you mean \"{h}\"?"))
            .unwrap_or_default();
        let ja_hint = hint
            .as_ref()
            .map(|h| format!("。「{h}」のことですか?"))
            .unwrap_or_default();
        let known = ids.join(", ");
        return Err(Failure::Usage(
            format!(
                "unknown party \"{p}\" in {}{en_hint}\n  parties: {known}",
                args.model.display()
            ),
            format!(
                "{} に関係者「{p}」はありません{ja_hint}\n  関係者: {known}",
                args.model.display()
            ),
        ));
    };
    if let Some(r) = &args.requirement
        && !catalog.all_ids().contains(&r.as_str())
    {
        let hint = suggest(r, catalog.all_ids());
        let en_hint = hint
            .as_ref()
            .map(|h| format!("; did you mean \"{h}\"?"))
            .unwrap_or_default();
        let ja_hint = hint
            .as_ref()
            .map(|h| format!("。「{h}」のことですか?"))
            .unwrap_or_default();
        return Err(Failure::Usage(
            format!("unknown requirement or item \"{r}\"{en_hint}"),
            format!("要求事項または個別要求「{r}」はありません{ja_hint}"),
        ));
    }
    let a = analyse(&model, &catalog, options(&args.analysis));
    let req = args.requirement.as_deref();
    let text = match args.format {
        ExplainFormat::Text => explain::render_text(&a, party, req, env.lang, env.paint),
        ExplainFormat::Json => json_text(&explain::render_json(&a, party, req, env.lang)),
    };
    emit(None, &text, &[])?;
    Ok(ExitCode::SUCCESS)
}
