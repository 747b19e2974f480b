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
    /// Write to this file; for CSV or XLSX of every party, to this folder (one file per
    /// party; for XLSX with index.xlsx). Required for XLSX. Its extension picks the format:
    /// .md, .csv, .xlsx. A CSV file of every party holds them all, one header row, filterable
    /// on the party column. An XLSX of every party of a model of more than 250 parties is
    /// written as the folder of that name without `.xlsx`.
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
    /// statuses (past 250 parties, a folder of one workbook per party and index.xlsx).
    Xlsx,
    /// CSV (formula-safe): one party's, every party's in one file, or a folder of a file per
    /// party.
    Csv,
    /// Markdown with a checkbox per status (of every party past 250 parties, a register: each
    /// requirement's notes once, then a table per party).
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

/// Where every party's (contract's) workbooks go as a folder, if they do: `-o FOLDER` (no
/// extension), or, past [`xlsx::MOST_SHEETS`] parties (contracts), the folder named as the
/// `-o FILE.xlsx` given without its extension. `None`: one workbook at `out`.
pub fn folder_of_workbooks(out: &Path, every: bool, count: usize) -> Option<PathBuf> {
    if !every || crate::output::is_stdout(out) {
        return None;
    }
    if out.extension().is_none() {
        Some(out.to_path_buf())
    } else if count > xlsx::MOST_SHEETS {
        Some(out.with_extension(""))
    } else {
        None
    }
}

/// Say that a workbook was asked for and a folder of them is written instead (even with
/// `--quiet`: the file asked for is not written).
pub fn too_many_sheets(env: &Env, dir: &Path, count: usize, what: Named) {
    let most = xlsx::MOST_SHEETS;
    let shown = dir.display().to_string();
    let shown = crate::style::shown(&shown);
    let (what_en, what_ja) = (what.en_list, what.ja);
    let line = match env.lang {
        crate::i18n::Lang::En => format!(
            "note: {count} {what_en}, more than the {most} sheets one workbook can usefully hold: one workbook per {what_one} in {shown} instead, listed in {index}\n",
            what_one = what.en,
            index = xlsx::INDEX_FILE
        ),
        crate::i18n::Lang::Ja => format!(
            "注: {what_ja}が {count} 件あり、一つのブックで扱える {most} シートを超えるため、{what_ja}ごとのブックを {shown} に書き出します (一覧: {index})\n",
            index = xlsx::INDEX_FILE
        ),
    };
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Write a folder of workbooks, file `i` made by `file(i)`, the workbooks built on every core
/// a window at a time and written in order (each is independent of the others).
pub fn write_workbooks(
    env: &Env,
    dir: &Path,
    names: &[String],
    inputs: &[&Path],
    file: &(dyn Fn(usize) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> + Sync),
) -> Result<(), Failure> {
    let init = || ();
    let make = |_: &mut (), i: usize| file(i).map_err(std::io::Error::other);
    let mut ahead = crate::parallel::Ahead::new(names.len(), &init, &make);
    emit_folder_with(env, dir, names, inputs, &mut |i| ahead.take(i))
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
            match folder_of_workbooks(out, party.is_none(), model.parties.len()) {
                None => {
                    let bytes = xlsx::checklist_xlsx(&a, party, lang).map_err(xlsx_failure)?;
                    emit_bytes(env, Some(out), &bytes, &inputs)?;
                }
                Some(dir) => {
                    if dir != out.as_path() {
                        too_many_sheets(env, &dir, model.parties.len(), PARTY);
                    }
                    let folder = xlsx::ChecklistFolder::new(&a, lang);
                    write_workbooks(env, &dir, folder.names(), &inputs, &|i| folder.file(i))?;
                }
            }
        }
        ChecklistFormat::Csv => match party {
            Some(p) => {
                let text = args.csv.text(lang, checklist::render_csv(&a, p, lang));
                emit(env, args.output.as_deref(), &text, &inputs)?;
            }
            None => {
                let dir = match &args.output {
                    Some(d) if d.extension().is_none() && !crate::output::is_stdout(d) => d,
                    // A file (or standard output): every party in one CSV, one header row.
                    out => {
                        emit_with(env, out.as_deref(), &inputs, |w| {
                            w.write_all(args.csv.mark(lang).as_bytes())?;
                            checklist::write_csv_every_party(w, &a, lang)
                        })?;
                        super::leave(a);
                        super::leave(model);
                        return Ok(ExitCode::SUCCESS);
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
                // The files are made on every core a window at a time, each thread with its
                // own cache, and written in order.
                let init = || checklist::CsvCache::new(lang);
                let make = |cache: &mut checklist::CsvCache, p: usize| {
                    let rows = ix.rows(&a, p);
                    let text = checklist::render_csv_rows_with(&a, &rows, cache);
                    args.csv.text(lang, text).into_bytes()
                };
                let mut ahead = crate::parallel::Ahead::new(names.len(), &init, &make);
                emit_folder_with(env, dir, &names, &inputs, &mut |p| Ok(ahead.take(p)))?;
            }
        },
    }
    super::leave(a);
    super::leave(model);
    Ok(ExitCode::SUCCESS)
}
