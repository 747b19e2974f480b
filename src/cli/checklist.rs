//! `rolemap checklist`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{
    AnalysisArgs, Env, Failure, Named, Outcome, emit, emit_bytes, emit_folder_with, emit_with,
    load, load_catalog, options, outfile, unknown_id,
};
use crate::analyse;
use crate::checklist::render as checklist;
use crate::checklist::xlsx;
use crate::model::{Model, PartyIx};

/// Arguments of `checklist`.
#[derive(Debug, Args)]
pub struct ChecklistArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Only this party's checklist (default: every party).
    #[arg(long, value_name = "ID")]
    pub party: Option<String>,
    /// Output format (default: from the extension of `-o`, else md).
    #[arg(long, short, value_enum)]
    pub format: Option<ChecklistFormat>,
    /// Write to this file; for CSV of every party, to this folder (one file per party).
    /// Required for XLSX. Its extension picks the format: .md, .csv, .xlsx.
    #[arg(long, short, value_name = "FILE|DIR")]
    pub output: Option<PathBuf>,
    /// Byte order mark of CSV.
    #[command(flatten)]
    pub csv: outfile::CsvArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Formats of `checklist`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ChecklistFormat {
    /// An Excel workbook: a summary sheet and one sheet per party, with a drop-down list of
    /// statuses.
    Xlsx,
    /// CSV (formula-safe): one party per file.
    Csv,
    /// Markdown with a checkbox per status.
    #[value(alias = "markdown")]
    Md,
}

/// A usage failure for a party id the model does not have, with the nearest id.
pub fn unknown_party(path: &Path, model: &Model, id: &str) -> Failure {
    let ids: Vec<&str> = model.parties.iter().map(|p| p.id.as_str()).collect();
    unknown_id(PARTY, id, &ids, Some(path))
}

/// A party, for [`unknown_id`].
pub(crate) const PARTY: Named<'static> = Named {
    en: "party",
    ja: "関係者",
    en_list: "parties",
};

/// A failure to build a workbook (not expected: every name and cell is made valid first).
pub fn xlsx_failure(e: rust_xlsxwriter::XlsxError) -> Failure {
    Failure::Usage(
        format!("cannot build the workbook: {e}"),
        format!("ブックを作成できません: {e}"),
    )
}

/// Run `checklist`.
pub fn run(args: &ChecklistArgs, env: &Env) -> Outcome {
    let format = outfile::pick(
        "checklist",
        outfile::CHECKLIST,
        args.format,
        args.output.as_deref(),
        ChecklistFormat::Md,
    )?;
    let catalog = load_catalog(&args.analysis)?;
    let model = load(&args.model, &catalog, &args.analysis)?;
    let party: Option<PartyIx> = match &args.party {
        Some(id) => Some(
            model
                .party(id)
                .ok_or_else(|| unknown_party(&args.model, &model, id))?,
        ),
        None => None,
    };
    let a = analyse(&model, &catalog, options(&args.analysis));
    let mut inputs = vec![args.model.as_path()];
    if let Some(c) = &args.analysis.catalog {
        inputs.push(c.as_path());
    }
    let lang = env.lang;
    match format {
        ChecklistFormat::Md => {
            emit_with(env, args.output.as_deref(), &inputs, |w| {
                checklist::write_markdown(w, &a, party, lang)
            })?;
        }
        ChecklistFormat::Xlsx => {
            let Some(out) = &args.output else {
                return Err(Failure::Usage(
                    "an XLSX checklist needs -o FILE.xlsx".into(),
                    "XLSX のチェックリストには -o FILE.xlsx が必要です".into(),
                ));
            };
            let bytes = xlsx::checklist_xlsx(&a, party, lang).map_err(xlsx_failure)?;
            emit_bytes(env, Some(out), &bytes, &inputs)?;
        }
        ChecklistFormat::Csv => match party {
            Some(p) => {
                let text = args.csv.text(lang, checklist::render_csv(&a, p, lang));
                emit(env, args.output.as_deref(), &text, &inputs)?;
            }
            None => {
                let dir = match &args.output {
                    Some(d) if d.extension().is_none() && !crate::output::is_stdout(d) => d,
                    _ => {
                        return Err(Failure::Usage(
                            "a CSV file holds one party's checklist: give --party ID, or -o FOLDER for one file per party".into(),
                            "CSV ファイルには一関係者のチェックリストを出力します: --party ID を指定するか、-o にフォルダを指定してください (関係者ごとに一ファイル)".into(),
                        ));
                    }
                };
                let mut taken = crate::unique::Taken::ignoring_ascii_case();
                let ix = crate::checklist::RowIndex::new(&a);
                let names: Vec<String> = (0..model.parties.len())
                    .map(|p| {
                        format!(
                            "{}.csv",
                            checklist::file_stem(&model.parties[p].id, &mut taken)
                        )
                    })
                    .collect();
                // Every file or none: a failure leaves the folder as it was. Each file is
                // rendered as it is written, so the folder is never held whole (issue 10).
                // The catalog units' cells are made once for every party (issue 10).
                let mut cache = checklist::CsvCache::new(lang);
                emit_folder_with(env, dir, &names, &inputs, &mut |p| {
                    let rows = ix.rows(&a, p);
                    args.csv
                        .text(lang, checklist::render_csv_rows_with(&a, &rows, &mut cache))
                        .into_bytes()
                })?;
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}
