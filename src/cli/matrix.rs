//! `rolemap matrix`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::checklist::xlsx_failure;
use super::{
    AnalysisArgs, Env, Failure, Outcome, emit, emit_bytes, emit_with, load, load_catalog, options,
    outfile,
};
use crate::analyse;
use crate::render::{matrix, matrix_xlsx};

/// Arguments of `matrix`.
#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Output format (default: from the extension of `-o`, else text).
    #[arg(long, short, value_enum)]
    pub format: Option<MatrixFormat>,
    /// Write the output to this file instead of standard output; its extension picks the
    /// format: .txt, .md, .csv, .json, .xlsx.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Byte order mark of CSV.
    #[command(flatten)]
    pub csv: outfile::CsvArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Formats of `matrix`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MatrixFormat {
    /// Text for a terminal, paged to 80 columns.
    Text,
    /// A Markdown table.
    #[value(alias = "markdown")]
    Md,
    /// CSV (formula-safe).
    Csv,
    /// JSON.
    Json,
    /// An Excel workbook: every requirement against every party (coloured marks, status,
    /// scope, frozen headers, filters), and the findings.
    Xlsx,
}

/// Run `matrix`.
pub fn run(args: &MatrixArgs, env: &Env) -> Outcome {
    let format = outfile::pick(
        "matrix",
        outfile::MATRIX,
        args.format,
        args.output.as_deref(),
        MatrixFormat::Text,
    )?;
    let catalog = load_catalog(&args.analysis)?;
    let model = load(&args.model, &catalog, &args.analysis)?;
    if format == MatrixFormat::Xlsx {
        let n = model.parties.len();
        if n > matrix_xlsx::MAX_PARTIES {
            let max = matrix_xlsx::MAX_PARTIES;
            return Err(Failure::Usage(
                format!(
                    "the workbook's matrix sheet holds at most {max} parties (Excel has 16384 columns), and {} has {n}; write CSV or JSON instead (-o matrix.csv)",
                    args.model.display()
                ),
                format!(
                    "ブックの責任分担表に載せられる関係者は {max} までです (Excel の列は 16384)。{} の関係者は {n} です。CSV か JSON で出力してください (-o matrix.csv)",
                    args.model.display()
                ),
            ));
        }
    }
    let a = analyse(&model, &catalog, options(&args.analysis));
    let paint = if args.output.is_some() {
        Default::default()
    } else {
        env.paint
    };
    let mut inputs = vec![args.model.as_path()];
    if let Some(c) = &args.analysis.catalog {
        inputs.push(c.as_path());
    }
    let out = args.output.as_deref();
    match format {
        // Streamed a window of pages at a time: never held whole.
        MatrixFormat::Text => emit_with(env, out, &inputs, |w| {
            matrix::write_text(w, &a, env.lang, paint)
        })?,
        // Streamed: a large chain's matrix never becomes a JSON tree.
        MatrixFormat::Json => {
            emit_with(env, out, &inputs, |w| matrix::write_json(w, &a, env.lang))?
        }
        MatrixFormat::Md => emit(env, out, &matrix::render_markdown(&a, env.lang), &inputs)?,
        MatrixFormat::Csv => {
            let text = args.csv.text(env.lang, matrix::render_csv(&a, env.lang));
            emit(env, out, &text, &inputs)?
        }
        MatrixFormat::Xlsx => {
            let Some(out) = out else {
                return Err(Failure::Usage(
                    "an XLSX matrix needs -o FILE.xlsx".into(),
                    "XLSX の責任分担表には -o FILE.xlsx が必要です".into(),
                ));
            };
            let bytes = matrix_xlsx::matrix_xlsx(&a, env.lang).map_err(xlsx_failure)?;
            emit_bytes(env, Some(out), &bytes, &inputs)?;
        }
    }
    super::leave(a);
    super::leave(model);
    Ok(ExitCode::SUCCESS)
}
