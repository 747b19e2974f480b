//! What `-o FILE` means for every command: the format its extension names, the refusal of an
//! extension the command cannot write, and the line on standard error that says what was
//! written (`wrote report.html (156 KB)`, quiet with `-q`).
//!
//! Every extension → format table of the command line lives here, one per product, so that a
//! command never guesses on its own: with `--format` absent the extension decides, with both
//! given they must agree.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;

use super::annex::AnnexFormat;
use super::catalog_cmd::CatalogFormat;
use super::check_args::CheckFormat;
use super::checklist::ChecklistFormat;
use super::diff::DiffFormat;
use super::graph::GraphFormat;
use super::matrix::MatrixFormat;
use super::{Env, Failure};
use crate::i18n::Lang;

/// One product's formats by file extension (lower case, without the dot). The first extension
/// of a format is the one named in messages.
pub type Table<F> = &'static [(&'static str, F)];

/// `graph`: DOT, SVG, and PNG and PDF through Graphviz.
pub const GRAPH: Table<GraphFormat> = &[
    ("dot", GraphFormat::Dot),
    ("gv", GraphFormat::Dot),
    ("svg", GraphFormat::Svg),
    ("png", GraphFormat::Png),
    ("pdf", GraphFormat::Pdf),
];

/// `matrix`.
pub const MATRIX: Table<MatrixFormat> = &[
    ("txt", MatrixFormat::Text),
    ("md", MatrixFormat::Md),
    ("markdown", MatrixFormat::Md),
    ("csv", MatrixFormat::Csv),
    ("json", MatrixFormat::Json),
    ("xlsx", MatrixFormat::Xlsx),
];

/// `check`, of one model or a portfolio.
pub const CHECK: Table<CheckFormat> = &[
    ("txt", CheckFormat::Text),
    ("json", CheckFormat::Json),
    ("sarif", CheckFormat::Sarif),
];

/// `annex`.
pub const ANNEX: Table<AnnexFormat> = &[
    ("md", AnnexFormat::Md),
    ("markdown", AnnexFormat::Md),
    ("txt", AnnexFormat::Txt),
    ("xlsx", AnnexFormat::Xlsx),
];

/// `checklist`.
pub const CHECKLIST: Table<ChecklistFormat> = &[
    ("md", ChecklistFormat::Md),
    ("markdown", ChecklistFormat::Md),
    ("csv", ChecklistFormat::Csv),
    ("xlsx", ChecklistFormat::Xlsx),
];

/// `diff`.
pub const DIFF: Table<DiffFormat> = &[
    ("txt", DiffFormat::Text),
    ("md", DiffFormat::Md),
    ("markdown", DiffFormat::Md),
    ("json", DiffFormat::Json),
];

/// `catalog`.
pub const CATALOG: Table<CatalogFormat> = &[
    ("txt", CatalogFormat::Text),
    ("json", CatalogFormat::Json),
    ("md", CatalogFormat::Md),
    ("markdown", CatalogFormat::Md),
];

/// The products with one format: the JSON documents (`export oscal`, `export oscal-catalog`,
/// `schema`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Single {
    /// JSON.
    Json,
}

/// What `report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A self-contained HTML page.
    Html,
    /// The page printed to PDF by a headless Chromium (A4 landscape, the whole matrix).
    Pdf,
}

/// `report`.
pub const REPORT: Table<ReportFormat> = &[
    ("html", ReportFormat::Html),
    ("htm", ReportFormat::Html),
    ("pdf", ReportFormat::Pdf),
];

/// `export oscal`, `export oscal-catalog` and `schema`.
pub const JSON: Table<Single> = &[("json", Single::Json)];

/// Extensions some product writes that are not in every table: an extension known here but
/// not to the command is refused even with `--format`, so that `check --format json -o c.xlsx`
/// never writes JSON into a file named as a workbook.
const OTHERS: &[&str] = &[
    "ron", "yaml", "yml", "html", "htm", "xlsx", "csv", "md", "markdown", "json", "sarif", "txt",
    "dot", "gv", "svg", "png", "pdf", "docx",
];

/// The extension of `path`, lower case, when it names a file (not `-`).
fn extension(path: &Path) -> Option<String> {
    if crate::output::is_stdout(path) {
        return None;
    }
    Some(path.extension()?.to_string_lossy().to_lowercase())
}

/// The name of a format as `--format` spells it.
fn name<F: ValueEnum>(f: &F) -> String {
    f.to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// The extensions of a table, each with its dot: `.txt, .md, .csv, .json`.
fn listed<F>(table: Table<F>, lang: Lang) -> String {
    let v: Vec<String> = table.iter().map(|(e, _)| format!(".{e}")).collect();
    v.join(lang.pick(", ", "、"))
}

/// The format to write: `--format` when given (it must agree with the extension of `-o`),
/// else the one the extension of `-o` names, else `default`. An extension the command cannot
/// write is a usage error that lists the ones it can.
pub fn pick<F: Copy + PartialEq + ValueEnum>(
    command: &str,
    table: Table<F>,
    format: Option<F>,
    output: Option<&Path>,
    default: F,
) -> Result<F, Failure> {
    let Some((path, ext)) = output.and_then(|p| Some((p, extension(p)?))) else {
        return Ok(format.unwrap_or(default));
    };
    let shown = path.display();
    match table.iter().find(|(e, _)| *e == ext) {
        Some((_, f)) => match format {
            Some(given) if given != *f => Err(Failure::Usage(
                format!(
                    "--format {} contradicts -o {shown}: .{ext} is written as {}; drop --format or name the file .{}",
                    name(&given),
                    name(f),
                    first_extension(table, given),
                ),
                format!(
                    "--format {} と -o {shown} が矛盾しています: .{ext} は {} 形式です。--format を省くか、ファイル名を .{} にしてください",
                    name(&given),
                    name(f),
                    first_extension(table, given),
                ),
            )),
            _ => Ok(*f),
        },
        // An extension of no product (`.log`, `.out`) is the user's business once the format
        // is named; without --format, or one another product writes, it is refused.
        None if format.is_some() && !OTHERS.contains(&ext.as_str()) => {
            Ok(format.unwrap_or(default))
        }
        None => Err(Failure::Usage(
            format!(
                "{command} cannot write .{ext} files (-o {shown}); it writes {}",
                listed(table, Lang::En)
            ),
            format!(
                "{command} は .{ext} 形式を書き出せません (-o {shown})。書き出せる形式: {}",
                listed(table, Lang::Ja)
            ),
        )),
    }
}

/// The first extension of `format` in `table`.
fn first_extension<F: PartialEq>(table: Table<F>, format: F) -> &'static str {
    table
        .iter()
        .find(|(_, f)| *f == format)
        .map(|(e, _)| *e)
        .unwrap_or("")
}

/// A size in words: `812 bytes`, `156 KB`, `3.4 MB`.
pub fn size_text(bytes: u64, lang: Lang) -> String {
    const K: u64 = 1024;
    if bytes < K {
        match lang {
            Lang::En if bytes == 1 => "1 byte".to_string(),
            Lang::En => format!("{bytes} bytes"),
            Lang::Ja => format!("{bytes} バイト"),
        }
    } else if bytes < K * K {
        format!("{} KB", bytes.div_ceil(K))
    } else {
        format!("{:.1} MB", bytes as f64 / (K * K) as f64)
    }
}

/// Whether `path` is a real file to report: not standard output, nor a device such as
/// `/dev/stderr` (the note would land in the output).
fn reported(path: &Path) -> bool {
    !crate::output::is_stdout(path) && !path.starts_with("/dev")
}

/// Say on standard error that `path` was written with `bytes` bytes (unless `-q`).
pub fn wrote(env: &Env, path: &Path, bytes: u64) {
    if env.quiet || !reported(path) {
        return;
    }
    let size = size_text(bytes, env.lang);
    let shown = path.display().to_string();
    let shown = crate::style::shown(&shown);
    let line = match env.lang {
        Lang::En => format!("wrote {shown} ({size})\n"),
        Lang::Ja => format!("{shown} を書き出しました ({size})\n"),
    };
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Say on standard error that `count` files were written into the folder `dir` (unless `-q`).
pub fn wrote_folder(env: &Env, dir: &Path, count: usize, bytes: u64) {
    if env.quiet {
        return;
    }
    let size = size_text(bytes, env.lang);
    let shown = dir.display().to_string();
    let shown = crate::style::shown(&shown);
    let line = match env.lang {
        Lang::En => format!(
            "wrote {count} {} into {shown} ({size})\n",
            if count == 1 { "file" } else { "files" }
        ),
        Lang::Ja => format!("{shown} に {count} ファイルを書き出しました ({size})\n"),
    };
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Whether a CSV file starts with a byte order mark: `--bom` / `--no-bom` on the commands
/// that write CSV. Excel reads a CSV without one as the system's code page, so Japanese text
/// turns to mojibake on a double click: Japanese CSV has the mark unless `--no-bom`, English
/// CSV (read by scripts more often than by Excel) only with `--bom`.
#[derive(Debug, Clone, clap::Args)]
pub struct CsvArgs {
    /// Start CSV with a UTF-8 byte order mark, so that Excel reads it as UTF-8 (default with
    /// --lang ja).
    #[arg(long, overrides_with = "no_bom")]
    pub bom: bool,
    /// No byte order mark, even in Japanese.
    #[arg(long, overrides_with = "bom")]
    pub no_bom: bool,
}

impl CsvArgs {
    /// Whether to write the mark in `lang`.
    pub fn bom(&self, lang: Lang) -> bool {
        if self.bom {
            true
        } else if self.no_bom {
            false
        } else {
            lang == Lang::Ja
        }
    }

    /// `text` with the mark in front when one is asked for.
    pub fn text(&self, lang: Lang, text: String) -> String {
        match self.mark(lang) {
            "" => text,
            m => format!("{m}{text}"),
        }
    }

    /// The byte order mark to write first in `lang`, or nothing.
    pub fn mark(&self, lang: Lang) -> &'static str {
        if self.bom(lang) { "\u{feff}" } else { "" }
    }
}

/// A writer that counts the bytes going through it.
pub struct Counting<'a> {
    /// Where the bytes go.
    pub inner: &'a mut dyn Write,
    /// How many went.
    pub count: u64,
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(0, Lang::En), "0 bytes");
        assert_eq!(size_text(1, Lang::En), "1 byte");
        assert_eq!(size_text(812, Lang::Ja), "812 バイト");
        assert_eq!(size_text(1024, Lang::En), "1 KB");
        assert_eq!(size_text(159_000, Lang::En), "156 KB");
        assert_eq!(size_text(3_565_158, Lang::En), "3.4 MB");
    }

    #[test]
    fn the_extension_decides_and_must_agree_with_format() {
        let p = |s: &str| Some(Path::new(s).to_path_buf());
        let pick_m = |f, o: Option<std::path::PathBuf>| {
            pick("matrix", MATRIX, f, o.as_deref(), MatrixFormat::Text)
        };
        assert!(matches!(pick_m(None, None), Ok(MatrixFormat::Text)));
        assert!(matches!(pick_m(None, p("m.CSV")), Ok(MatrixFormat::Csv)));
        assert!(matches!(pick_m(None, p("-")), Ok(MatrixFormat::Text)));
        assert!(matches!(pick_m(None, p("noext")), Ok(MatrixFormat::Text)));
        assert!(matches!(
            pick_m(Some(MatrixFormat::Json), p("m.log")),
            Ok(MatrixFormat::Json)
        ));
        for bad in [
            pick_m(None, p("m.png")),
            pick_m(None, p("m.log")),
            pick_m(Some(MatrixFormat::Csv), p("m.json")),
            pick_m(Some(MatrixFormat::Csv), p("m.xlsx")),
        ] {
            assert!(matches!(bad, Err(Failure::Usage(..))));
        }
        let Err(Failure::Usage(en, ja)) = pick_m(None, p("m.png")) else {
            unreachable!()
        };
        assert!(en.contains(".txt, .md, .markdown, .csv, .json"), "{en}");
        assert!(ja.contains(".txt、.md"), "{ja}");
    }
}
