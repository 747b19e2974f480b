//! `rolemap waive MODEL FINDING-ID`: print the waiver entry that accepts one finding, in the
//! model's own format, to paste into its `waivers`. The model file is never modified.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{AnalysisArgs, Env, Failure, Outcome, emit, load, load_catalog, options, parse_date};
use crate::analyse;
use crate::date::Date;
use crate::i18n::Lang;
use crate::waive::{draft, entry_text};

/// Arguments of `waive`.
#[derive(Debug, Args)]
pub struct WaiveArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// The finding's id, as `check` prints it under "Waived" and in JSON (`id`), e.g.
    /// `no-security-terms@hosting` or `no-lead@(1)-4/operator`.
    #[arg(value_name = "FINDING-ID")]
    pub finding: String,
    /// Why the finding is accepted.
    #[arg(long)]
    pub reason: String,
    /// Who accepts it (a person, a role or a party).
    #[arg(long)]
    pub owner: String,
    /// Until when (YYYY-MM-DD, after today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub until: Date,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Run `waive`.
pub fn run(args: &WaiveArgs, env: &Env) -> Outcome {
    let catalog = load_catalog(&args.analysis)?;
    let model = load(&args.model, &catalog, &args.analysis)?;
    let a = analyse(&model, &catalog, options(&args.analysis));
    let d = draft(
        &a,
        &args.finding,
        &args.reason,
        Some(&args.owner),
        args.until,
    )
    .map_err(|e| {
        let (en, ja) = e.messages();
        Failure::Usage(en, ja)
    })?;
    emit(env, None, &entry_text(&d, model.format), &[])?;
    // Notes for the person pasting it go to standard error, so standard output is only the entry.
    let file = args.model.display();
    let mut notes = vec![match env.lang {
        Lang::En => format!("paste this entry into the `waivers` list of {file}"),
        Lang::Ja => format!("この記述を {file} の `waivers` に貼り付けてください"),
    }];
    if let Some(w) = d.already_waived_by {
        let w = &model.waivers[w];
        let until = w.until;
        notes.push(match env.lang {
            Lang::En => format!("the finding is already waived until {until}; replace that entry rather than adding a second one"),
            Lang::Ja => format!("この指摘は {until} まで免除済みです。新たに追加せず既存の記述を置き換えてください"),
        });
    }
    if let Some(w) = d.renews {
        let n = w + 1;
        let until = model.waivers[w].until;
        notes.push(match env.lang {
            Lang::En => {
                format!("it renews waiver #{n}, which expired on {until}: replace that entry")
            }
            Lang::Ja => format!(
                "{until} に期限切れとなった免除 #{n} の更新です。その記述を置き換えてください"
            ),
        });
    }
    if !d.also_covers.is_empty() {
        let also = d.also_covers.join(", ");
        notes.push(match env.lang {
            Lang::En => format!("a waiver cannot name a role or scope, so it also covers: {also}"),
            Lang::Ja => format!("免除は役割や範囲を指定できないため、次も対象になります: {also}"),
        });
    }
    let mut err = std::io::stderr().lock();
    for n in notes {
        let _ = writeln!(err, "{}: {n}", env.lang.pick("note", "注"));
    }
    Ok(ExitCode::SUCCESS)
}
