//! What is wrong in a filled-in checklist, with its message, expectation and hint in both
//! languages.

use super::{Place, printable};
use crate::checklist::limits::{Breach, Limit};
use crate::i18n::Lang;
use crate::load::diagnostics::did_you_mean;
use crate::tr;

/// What is wrong in a filled-in checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusProblem {
    /// The file cannot be read.
    Io {
        /// The operating system's message.
        message: String,
        /// The same for a Japanese reader ([`crate::i18n::os_error_ja`]).
        ja: String,
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
    /// A folder given to `--status` holds no `.csv` or `.xlsx` file.
    EmptyFolder,
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
            EmptyFolder => "empty-folder",
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
            Io { message, ja } => tr!(
                lang,
                "cannot read file: {message}",
                "ファイルを読めません: {ja}"
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
            EmptyFolder => lang
                .pick(
                    "the folder holds no .csv or .xlsx file",
                    "フォルダに .csv または .xlsx のファイルがありません",
                )
                .into(),
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
        let did_you_mean = |s: &Option<String>| s.as_ref().map(|s| did_you_mean(lang, s));
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
                "for a large chain, write the checklist as a folder of one file per party (`rolemap checklist -o FOLDER`) and read the folder back (`--status FOLDER`); otherwise remove the sheets and cells that are not part of the checklist",
                "大きなチェーンでは、チェックリストを関係者ごとのファイルのフォルダに書き出し (`rolemap checklist -o FOLDER`)、フォルダごと読み込んでください (`--status FOLDER`)。それ以外の場合は、チェックリスト以外のシートやセルを削除してください",
            ).into()),
            EmptyFolder => Some(lang.pick(
                "give the folder that `rolemap checklist -o FOLDER` wrote, or the files themselves",
                "`rolemap checklist -o FOLDER` が書き出したフォルダか、ファイルそのものを指定してください",
            ).into()),
            _ => None,
        }
    }
}

fn en_words() -> String {
    let v: Vec<&str> = crate::checklist::Declared::ALL
        .iter()
        .map(|d| d.key())
        .collect();
    v.join(", ")
}

fn ja_words() -> String {
    let v: Vec<&str> = crate::checklist::Declared::ALL
        .iter()
        .map(|d| d.label(Lang::Ja))
        .collect();
    v.join("、")
}

impl From<Breach> for StatusProblem {
    fn from(b: Breach) -> Self {
        match b {
            Breach::Over { limit, value } => StatusProblem::OverLimit { limit, value },
            Breach::Bad(message) => StatusProblem::BadWorkbook { message },
        }
    }
}

impl crate::load::diagnostics::Describe for StatusProblem {
    fn code(&self) -> &'static str {
        StatusProblem::code(self)
    }

    fn message(&self, lang: Lang) -> String {
        StatusProblem::message(self, lang)
    }

    fn expected(&self, lang: Lang) -> Option<String> {
        StatusProblem::expected(self, lang)
    }

    fn help(&self, lang: Lang) -> Option<String> {
        StatusProblem::help(self, lang)
    }
}
