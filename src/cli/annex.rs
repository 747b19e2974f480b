//! `rolemap annex`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::checklist::{folder_of_workbooks, too_many_sheets, write_workbooks, xlsx_failure};
use super::{
    AnalysisArgs, Env, Failure, Named, Outcome, emit_bytes, emit_with, load, load_catalog, options,
    outfile, unknown_id,
};
use crate::annex::render as annex_render;
use crate::annex::xlsx;
use crate::model::{ContractIx, Model};
use crate::{analyse, annex};

/// Arguments of `annex`.
#[derive(Debug, Args)]
pub struct AnnexArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Only this contract (default: every contract).
    #[arg(long, value_name = "ID")]
    pub contract: Option<String>,
    /// Output format (default: from the extension of `-o`, else md).
    #[arg(long, short, value_enum)]
    pub format: Option<AnnexFormat>,
    /// Write to this file instead of standard output (required for XLSX); its extension picks
    /// the format: .md, .txt, .xlsx. For XLSX of every contract, a folder (no extension) gets
    /// one workbook per contract and index.xlsx; a model of more than 250 contracts is written
    /// that way, into the folder named as the file without `.xlsx`.
    #[arg(long, short, value_name = "FILE|DIR")]
    pub output: Option<PathBuf>,
    /// List the requirements of both packages (default: only the target package's, from
    /// `--package` or the model's `package`).
    #[arg(long)]
    pub all_packages: bool,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Formats of `annex`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum AnnexFormat {
    /// Markdown.
    #[value(alias = "markdown")]
    Md,
    /// Plain text, to paste into a contract in a word processor (no Markdown escapes).
    #[value(alias = "text")]
    Txt,
    /// An Excel workbook: an overview sheet and one sheet per contract (past 250 contracts, a
    /// folder of one workbook per contract and index.xlsx).
    Xlsx,
}

/// A contract, for [`unknown_id`] and [`too_many_sheets`].
const CONTRACT: Named<'static> = Named {
    en: "contract",
    ja: "契約",
    en_list: "contracts",
};

fn unknown_contract(path: &Path, model: &Model, id: &str) -> Failure {
    let ids: Vec<&str> = model.contracts.iter().map(|c| c.id.as_str()).collect();
    unknown_id(CONTRACT, id, &ids, Some(path))
}

/// Run `annex`.
pub fn run(args: &AnnexArgs, env: &Env) -> Outcome {
    let format = outfile::pick(
        "annex",
        outfile::ANNEX,
        args.format,
        args.output.as_deref(),
        AnnexFormat::Md,
    )?;
    let catalog = load_catalog(&args.analysis)?;
    let model = load(&args.model, &catalog, &args.analysis)?;
    let only: Option<ContractIx> = match &args.contract {
        Some(id) => Some(
            model
                .contract(id)
                .ok_or_else(|| unknown_contract(&args.model, &model, id))?,
        ),
        None => None,
    };
    let a = analyse(&model, &catalog, options(&args.analysis));
    let mut inputs = vec![args.model.as_path()];
    if let Some(c) = &args.analysis.catalog {
        inputs.push(c.as_path());
    }
    match format {
        AnnexFormat::Md | AnnexFormat::Txt => {
            let txt = matches!(format, AnnexFormat::Txt);
            emit_with(env, args.output.as_deref(), &inputs, |w| {
                annex_render::write_annexes(w, &a, only, args.all_packages, env.lang, txt)
            })?;
        }
        AnnexFormat::Xlsx => {
            let Some(out) = &args.output else {
                return Err(Failure::Usage(
                    "an XLSX annex needs -o FILE.xlsx".into(),
                    "XLSX の契約別紙には -o FILE.xlsx が必要です".into(),
                ));
            };
            let count = model.contracts.len();
            match folder_of_workbooks(out, only.is_none(), count) {
                None => {
                    let annexes = annex::annex(&a, only, args.all_packages);
                    let bytes = xlsx::annex_xlsx(&a, &annexes, env.lang).map_err(xlsx_failure)?;
                    emit_bytes(env, Some(out), &bytes, &inputs)?;
                }
                Some(dir) => {
                    if dir != out.as_path() {
                        too_many_sheets(env, &dir, count, CONTRACT);
                    }
                    let folder = xlsx::AnnexFolder::new(&a, args.all_packages, env.lang);
                    write_workbooks(env, &dir, folder.names(), &inputs, &|i| folder.file(i))?;
                }
            }
        }
    }
    super::leave(a);
    super::leave(model);
    Ok(ExitCode::SUCCESS)
}
