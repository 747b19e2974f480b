//! Problems in a filled-in checklist: what is wrong and where (file, sheet, row, column), in
//! English and Japanese. A parallel of [`crate::load::diagnostics`] for files that are tables, not text.

use crate::i18n::Lang;
use crate::tr;

/// Where a problem is: the file, the sheet (XLSX), the row and the column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Place {
    /// The file, as given.
    pub file: String,
    /// The sheet, for XLSX.
    pub sheet: Option<String>,
    /// The row, from 1, as a spreadsheet shows it (for CSV: the record, counting the header);
    /// 0 for the file as a whole.
    pub row: u32,
    /// The column, from 1 (shown as a letter: A, B, …).
    pub column: Option<u32>,
    /// The column's header, as written.
    pub header: Option<String>,
}

/// Text from a filled-in file made safe to print on a terminal: control characters become
/// their visible symbols (␛ for ESC, ␉ for tab) and other invisible or direction-changing
/// characters their `\u{…}` escape, so a crafted cell cannot drive the terminal or hide text.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32)
                .map(String::from)
                .unwrap_or_default(),
            '\u{7f}' => "␡".into(),
            '\u{80}'..='\u{9f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// `A`, `B`, …, `Z`, `AA`, … for a 1-based column number.
pub fn column_letters(mut n: u32) -> String {
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

impl Place {
    /// The place in `lang`: `filled.xlsx, sheet "acme", row 5, column N (status)` or
    /// `filled.csv, row 5, column N (status)`.
    pub fn describe(&self, lang: Lang) -> String {
        let mut parts = vec![printable(&self.file)];
        if let Some(s) = &self.sheet {
            let q = lang.quote(&printable(s));
            parts.push(tr!(lang, "sheet {q}", "シート{q}"));
        }
        if self.row > 0 {
            let r = self.row;
            parts.push(tr!(lang, "row {r}", "{r}行目"));
        }
        if let Some(c) = self.column {
            let l = column_letters(c);
            let mut t = tr!(lang, "column {l}", "{l}列");
            if let Some(h) = &self.header {
                t.push_str(&format!(" ({})", printable(h)));
            }
            parts.push(t);
        }
        parts.join(lang.pick(", ", "、"))
    }
}

/// A limit on what a filled-in checklist may hold (see `docs/robustness.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Bytes a workbook's zip entries inflate to, counted while inflating.
    InflatedBytes,
    /// Entries in a workbook's zip.
    ZipEntries,
    /// Shared strings a workbook declares or holds.
    SharedStrings,
    /// Non-empty cells of a file.
    Cells,
    /// Rows of a CSV file.
    Rows,
}

impl Limit {
    /// The limit's value.
    pub fn max(self) -> u64 {
        use super::limits::*;
        match self {
            Limit::InflatedBytes => MAX_INFLATED_BYTES,
            Limit::ZipEntries => MAX_ZIP_ENTRIES as u64,
            Limit::SharedStrings => MAX_SHARED_STRINGS,
            Limit::Cells => MAX_CELLS,
            Limit::Rows => MAX_ROWS,
        }
    }
}

/// What is wrong in a filled-in checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusProblem {
    /// The file cannot be read.
    Io {
        /// The operating system's message.
        message: String,
    },
    /// The file is a FIFO, a device or a socket, and only regular files are read.
    NotRegular {
        /// What it is.
        kind: crate::files::SpecialKind,
    },
    /// The file is larger than the limit.
    TooLarge {
        /// Size in bytes.
        size: u64,
        /// Limit in bytes.
        limit: u64,
    },
    /// The file holds more than a reader accepts: inflated bytes, zip entries, shared
    /// strings, cells or rows.
    OverLimit {
        /// Which limit.
        limit: Limit,
        /// How many were found when reading stopped (at least one past the limit).
        value: u64,
    },
    /// Neither `.xlsx` nor `.csv`.
    UnknownFormat {
        /// The extension.
        extension: String,
    },
    /// The workbook cannot be opened (damaged, or not XLSX inside).
    BadWorkbook {
        /// The reader's message (English).
        message: String,
    },
    /// The CSV is not UTF-8 (Excel's "CSV" on Japanese Windows is Shift_JIS).
    NotUtf8,
    /// The CSV cannot be parsed.
    BadCsv {
        /// The parser's message (English).
        message: String,
    },
    /// No sheet (or no line) has the header row of a checklist.
    NoHeader,
    /// The header row lacks a column that reading needs.
    MissingColumn {
        /// The column's header in English.
        en: &'static str,
        /// The column's header in Japanese.
        ja: &'static str,
    },
    /// A column appears twice in the header row.
    DuplicateColumn {
        /// The header as written.
        header: String,
    },
    /// A row has no value where one is needed.
    EmptyCell,
    /// A status that is none of the four.
    UnknownStatus {
        /// As written.
        value: String,
        /// The nearest valid word.
        suggestion: Option<String>,
    },
    /// A role that is none of the four.
    UnknownRole {
        /// As written.
        value: String,
        /// The nearest valid word.
        suggestion: Option<String>,
    },
    /// A party the model does not have.
    UnknownParty {
        /// As written.
        value: String,
        /// The nearest party id.
        suggestion: Option<String>,
    },
    /// An id the catalog does not have.
    UnknownId {
        /// As written.
        value: String,
        /// The nearest id.
        suggestion: Option<String>,
    },
    /// A known party and id, but no such row on that party's checklist (the model changed
    /// since the checklist was made, or the row was edited).
    NotOnChecklist {
        /// The party id.
        party: String,
        /// The requirement or item id.
        id: String,
        /// The roles, as English keys.
        roles: String,
    },
    /// The same row twice (in one file or across files).
    DuplicateRow {
        /// Where it was first given.
        first: Place,
    },
}

impl StatusProblem {
    /// A stable kebab-case code.
    pub fn code(&self) -> &'static str {
        use StatusProblem::*;
        match self {
            Io { .. } => "io",
            NotRegular { .. } => "not-regular-file",
            TooLarge { .. } | OverLimit { .. } => "too-large",
            UnknownFormat { .. } => "unknown-format",
            BadWorkbook { .. } => "bad-workbook",
            NotUtf8 => "not-utf8",
            BadCsv { .. } => "syntax",
            NoHeader => "no-header",
            MissingColumn { .. } => "missing-column",
            DuplicateColumn { .. } => "duplicate-column",
            EmptyCell => "empty-cell",
            UnknownStatus { .. } => "unknown-status",
            UnknownRole { .. } => "unknown-role",
            UnknownParty { .. } => "unknown-party",
            UnknownId { .. } => "unknown-id",
            NotOnChecklist { .. } => "not-on-checklist",
            DuplicateRow { .. } => "duplicate-row",
        }
    }

    /// The one-line message.
    pub fn message(&self, lang: Lang) -> String {
        use StatusProblem::*;
        match self {
            Io { message } => tr!(
                lang,
                "cannot read file: {message}",
                "ファイルを読めません: {message}"
            ),
            NotRegular { kind } => kind.message(lang),
            TooLarge { size, limit } => tr!(
                lang,
                "file is {size} bytes, over the limit of {limit} bytes",
                "ファイルが {size} バイトで、上限 {limit} バイトを超えています"
            ),
            OverLimit { limit, value } => {
                let max = limit.max();
                match limit {
                    Limit::InflatedBytes => tr!(
                        lang,
                        "the workbook inflates to over {max} bytes, the limit",
                        "ブックを展開すると上限の {max} バイトを超えます"
                    ),
                    Limit::ZipEntries => tr!(
                        lang,
                        "the workbook holds {value} files, over the limit of {max}",
                        "ブックに {value} 個のファイルがあり、上限 {max} 個を超えています"
                    ),
                    Limit::SharedStrings => tr!(
                        lang,
                        "the workbook declares or holds {value} shared strings, over the limit of {max}",
                        "ブックの共有文字列が {value} 個と宣言または格納されており、上限 {max} 個を超えています"
                    ),
                    Limit::Cells => tr!(
                        lang,
                        "the file has over {max} non-empty cells, the limit",
                        "ファイルの空でないセルが上限の {max} 個を超えています"
                    ),
                    Limit::Rows => tr!(
                        lang,
                        "the file has over {max} rows, the limit",
                        "ファイルの行数が上限の {max} 行を超えています"
                    ),
                }
            }
            UnknownFormat { extension } => tr!(
                lang,
                "unknown checklist format `{extension}`",
                "未知のチェックリスト形式 `{extension}`"
            ),
            BadWorkbook { message } => {
                let message = printable(message);
                tr!(
                lang,
                "cannot open the workbook: {message}",
                "ブックを開けません: {message}"
            )
            }
            NotUtf8 => lang
                .pick("the CSV file is not UTF-8", "CSV ファイルが UTF-8 ではありません")
                .into(),
            BadCsv { message } => {
                let message = printable(message);
                tr!(lang, "invalid CSV: {message}", "CSV として不正です: {message}")
            }
            NoHeader => lang
                .pick(
                    "no checklist header row found (a row with the columns party, id, role and status)",
                    "チェックリストの見出し行 (関係者・ID・役割・実施状況の列を含む行) が見つかりません",
                )
                .into(),
            MissingColumn { en, ja } => tr!(
                lang,
                "the header row has no column `{en}`",
                "見出し行に `{ja}` の列がありません"
            ),
            DuplicateColumn { header } => {
                let header = printable(header);
                tr!(
                lang,
                "column `{header}` appears twice in the header row",
                "見出し行に `{header}` の列が二つあります"
            )
            }
            EmptyCell => lang
                .pick("this cell must not be empty", "このセルは空にできません")
                .into(),
            UnknownStatus { value, .. } => {
                let q = lang.quote(&printable(value));
                tr!(lang, "unknown status {q}", "未知の実施状況 {q}")
            }
            UnknownRole { value, .. } => {
                let q = lang.quote(&printable(value));
                tr!(lang, "unknown role {q}", "未知の役割 {q}")
            }
            UnknownParty { value, .. } => {
                let q = lang.quote(&printable(value));
                tr!(
                    lang,
                    "unknown party {q}: the model has no such party",
                    "未知の関係者 {q}: モデルにありません"
                )
            }
            UnknownId { value, .. } => {
                let q = lang.quote(&printable(value));
                tr!(
                    lang,
                    "unknown requirement or item {q}",
                    "未知の要求事項または個別要求 {q}"
                )
            }
            NotOnChecklist { party, id, roles } => {
                let p = lang.quote(&printable(party));
                let id = printable(id);
                tr!(
                    lang,
                    "no row {id} for {roles} on the checklist of party {p}: the model gives it no such duty",
                    "関係者{p}のチェックリストに {id} ({roles}) の行はありません: モデル上その責務はありません"
                )
            }
            DuplicateRow { .. } => lang
                .pick(
                    "the same row (party, id, role) is given twice",
                    "同じ行 (関係者・ID・役割) が二度あります",
                )
                .into(),
        }
    }

    /// What was expected, when the problem can say.
    pub fn expected(&self, lang: Lang) -> Option<String> {
        use StatusProblem::*;
        match self {
            UnknownStatus { .. } => Some(tr!(
                lang,
                "one of {}, or in English {}; or leave it empty",
                "次のいずれか: {} (英語では {})。未記入なら空欄",
                ja_words(),
                en_words()
            )),
            UnknownRole { .. } => {
                let v: Vec<String> = crate::Role::ALL
                    .iter()
                    .map(|r| format!("{} / {}", r.key(), r.label(Lang::Ja)))
                    .collect();
                Some(tr!(lang, "one of {}", "次のいずれか: {}", lang.list(&v)))
            }
            UnknownFormat { .. } => Some(lang.pick(".xlsx or .csv", ".xlsx または .csv").into()),
            _ => None,
        }
    }

    /// A hint: the nearest valid name, or how to fix it.
    pub fn help(&self, lang: Lang) -> Option<String> {
        use StatusProblem::*;
        let did_you_mean = |s: &Option<String>| {
            s.as_ref().map(|s| {
                let q = lang.quote(s);
                tr!(lang, "did you mean {q}?", "{q} のことですか?")
            })
        };
        match self {
            UnknownStatus { suggestion, .. }
            | UnknownRole { suggestion, .. }
            | UnknownParty { suggestion, .. }
            | UnknownId { suggestion, .. } => did_you_mean(suggestion),
            NotRegular { .. } => Some(crate::files::SpecialKind::hint(lang).into()),
            NotUtf8 => Some(lang.pick(
                "save it as \"CSV UTF-8\", or fill in the XLSX checklist instead",
                "「CSV UTF-8」形式で保存するか、XLSX のチェックリストに記入してください",
            ).into()),
            NotOnChecklist { .. } => Some(lang.pick(
                "make a fresh checklist with `rolemap checklist` and copy the statuses over, or delete the row",
                "`rolemap checklist` でチェックリストを作り直して実施状況を移すか、この行を削除してください",
            ).into()),
            DuplicateRow { first } => {
                let at = first.describe(lang);
                Some(tr!(lang, "first given at {at}; keep one of the two", "最初の記載は {at}。どちらか一方を残してください"))
            }
            MissingColumn { .. } | NoHeader => Some(lang.pick(
                "keep the header row that `rolemap checklist` wrote; columns may be moved but not renamed",
                "`rolemap checklist` が出力した見出し行を残してください。列の移動はできますが、名前は変えないでください",
            ).into()),
            TooLarge { .. } => Some(lang.pick(
                "raise the limit with --max-size",
                "--max-size で上限を引き上げてください",
            ).into()),
            OverLimit { .. } => Some(lang.pick(
                "a checklist that `rolemap checklist` writes is far smaller: split the file by party, or remove the sheets and cells that are not part of the checklist",
                "`rolemap checklist` が出力するチェックリストはずっと小さいものです。関係者ごとにファイルを分けるか、チェックリスト以外のシートやセルを削除してください",
            ).into()),
            _ => None,
        }
    }
}

fn en_words() -> String {
    let v: Vec<&str> = super::Declared::ALL.iter().map(|d| d.key()).collect();
    v.join(", ")
}

fn ja_words() -> String {
    let v: Vec<&str> = super::Declared::ALL
        .iter()
        .map(|d| d.label(Lang::Ja))
        .collect();
    v.join("、")
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusDiagnostic {
    /// Where.
    pub place: Place,
    /// What.
    pub problem: StatusProblem,
}

/// Every problem found in the filled-in checklists read for one run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusErrors {
    /// The problems, in file, sheet and row order.
    pub diagnostics: Vec<StatusDiagnostic>,
}

impl StatusErrors {
    /// Add the problems of another read.
    pub fn extend(&mut self, other: StatusErrors) {
        self.diagnostics.extend(other.diagnostics);
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// The problems as text in `lang`, like a compiler's, at most `max` per file (0: every
    /// one) with a line counting the rest of each file, ending with a count and "nothing was
    /// written".
    pub fn render_text(&self, lang: Lang, max: usize) -> String {
        self.render_text_closing(lang, false, max)
    }

    /// [`StatusErrors::render_text`] for a command that has written the problems as JSON on
    /// standard output: the closing line says so.
    pub fn render_text_after_json(&self, lang: Lang, max: usize) -> String {
        self.render_text_closing(lang, true, max)
    }

    /// The problems shown under the limit `max` per file (0: every one), and for each file
    /// with more, (file, how many are not shown), in file order.
    fn limited(&self, max: usize) -> (Vec<&StatusDiagnostic>, Vec<(&str, usize)>) {
        let mut shown = Vec::new();
        let mut omitted: Vec<(&str, usize)> = Vec::new();
        let mut per_file: std::collections::HashMap<&str, usize> = Default::default();
        for d in &self.diagnostics {
            let n = per_file.entry(d.place.file.as_str()).or_default();
            *n += 1;
            if max == 0 || *n <= max {
                shown.push(d);
            } else {
                match omitted.iter_mut().find(|(f, _)| *f == d.place.file) {
                    Some((_, k)) => *k += 1,
                    None => omitted.push((&d.place.file, 1)),
                }
            }
        }
        (shown, omitted)
    }

    fn render_text_closing(&self, lang: Lang, as_json: bool, max: usize) -> String {
        let mut out = String::new();
        let (shown, omitted) = self.limited(max);
        for d in shown {
            let p = &d.problem;
            let error = lang.pick("error", "エラー");
            out.push_str(&format!("{error}[{}]: {}\n", p.code(), p.message(lang)));
            out.push_str(&format!("  --> {}\n", d.place.describe(lang)));
            if let Some(e) = p.expected(lang) {
                let t = tr!(lang, "= expected: {e}", "= 期待される値: {e}");
                out.push_str(&format!("  {t}\n"));
            }
            if let Some(h) = p.help(lang) {
                let t = tr!(lang, "= help: {h}", "= ヒント: {h}");
                out.push_str(&format!("  {t}\n"));
            }
            out.push('\n');
        }
        for (file, k) in omitted {
            out.push_str(&crate::render::diag::omitted_line(
                &printable(file),
                k,
                max,
                lang,
            ));
        }
        let n = lang.count(self.diagnostics.len(), "problem", "problems", "問題");
        out.push_str(&if as_json {
            tr!(
                lang,
                "filled-in checklists: {n}; no result was written, the problems are on standard output as JSON\n",
                "記入済みチェックリスト: {n}。結果は出力せず、問題を JSON で標準出力に書きました\n"
            )
        } else {
            tr!(
                lang,
                "filled-in checklists: {n}; nothing was written\n",
                "記入済みチェックリスト: {n}。何も出力していません\n"
            )
        });
        out
    }

    /// The problems as JSON, in the shape of `rolemap/errors/v1` with the sheet, row and
    /// column of each: at most `max` per file (0: every one), `omitted` counting the rest.
    pub fn render_json(&self, lang: Lang, max: usize) -> serde_json::Value {
        let (shown, omitted) = self.limited(max);
        let errors: Vec<serde_json::Value> = shown
            .into_iter()
            .map(|d| {
                serde_json::json!({
                    "code": d.problem.code(),
                    "message": d.problem.message(lang),
                    "file": d.place.file,
                    "sheet": d.place.sheet,
                    "line": (d.place.row > 0).then_some(d.place.row),
                    "row": (d.place.row > 0).then_some(d.place.row),
                    "column": d.place.column,
                    "column_letter": d.place.column.map(column_letters),
                    "header": d.place.header,
                    "expected": d.problem.expected(lang),
                    "help": d.problem.help(lang),
                })
            })
            .collect();
        serde_json::json!({
            "schema": "rolemap/errors/v1",
            "file": self.diagnostics.first().map(|d| d.place.file.as_str()),
            "errors": errors,
            "omitted": omitted.iter().map(|(_, k)| k).sum::<usize>(),
        })
    }
}

impl std::fmt::Display for StatusErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            writeln!(
                f,
                "{}: {}",
                d.place.describe(Lang::En),
                d.problem.message(Lang::En)
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for StatusErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_hides_nothing_and_drives_no_terminal() {
        assert_eq!(printable("a\u{1b}[31mb\tc"), "a␛[31mb␉c");
        assert_eq!(printable("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(printable("実施済 🎉"), "実施済 🎉");
        let p = StatusProblem::UnknownStatus {
            value: "\u{1b}]0;x\u{7}".into(),
            suggestion: None,
        };
        assert!(!p.message(Lang::En).contains('\u{1b}'));
    }

    #[test]
    fn letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn places_name_sheet_row_and_column() {
        let p = Place {
            file: "f.xlsx".into(),
            sheet: Some("acme".into()),
            row: 5,
            column: Some(15),
            header: Some("status".into()),
        };
        assert_eq!(
            p.describe(Lang::En),
            "f.xlsx, sheet \"acme\", row 5, column O (status)"
        );
        assert_eq!(
            p.describe(Lang::Ja),
            "f.xlsx、シート「acme」、5行目、O列 (status)"
        );
        let c = Place {
            file: "f.csv".into(),
            row: 3,
            column: Some(2),
            ..Place::default()
        };
        assert_eq!(c.describe(Lang::En), "f.csv, row 3, column B");
    }
}
