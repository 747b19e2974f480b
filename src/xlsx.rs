//! What every XLSX workbook rolemap writes shares: the fixed document properties, cells cut to
//! Excel's limit, valid and unique sheet names, and the cell formats. The workbooks themselves
//! are the checklist's ([`crate::checklist::xlsx`]), the annex's ([`crate::annex::xlsx`]) and
//! the responsibility matrix's ([`crate::render::matrix_xlsx`]).
//!
//! Every text cell is written as a string (never a formula), truncated to Excel's limit; counts
//! and line numbers are written as numbers (`put_number`), so that they sum and sort; sheet
//! names are sanitised and unique; every format names a font that has Japanese glyphs
//! ([`FONT`]); the document's creation time is fixed, so the same input gives a byte-identical
//! file.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use crate::i18n::Lang;
use crate::unique::Taken;

/// Excel's limit on the characters (UTF-16 units) of one cell.
const MAX_CELL: usize = 32_767;
/// Excel's limit on a sheet name (UTF-16 units).
const MAX_SHEET_NAME: usize = 31;

/// The creation time written into every workbook: fixed, so output is reproducible. It is the
/// ZIP epoch, the same date the XLSX writer gives every file inside the archive.
pub(crate) fn properties(title: &str, lang: Lang) -> Result<DocProperties, XlsxError> {
    let epoch = ExcelDateTime::from_ymd(1980, 1, 1)?;
    Ok(DocProperties::new()
        .set_title(clip(&crate::style::doc_text(title)))
        .set_author("rolemap")
        .set_comment(lang.pick(
            "Made by rolemap. Every entry shows its source; an inferred entry is not the guideline's word.",
            "rolemap で作成。各項目に出典を示しています。推定の項目はガイドラインの記載ではありません。",
        ))
        .set_creation_datetime(&epoch))
}

/// The file names of a folder of workbooks: `index.xlsx` first, then one per id (the names of
/// the CSV checklist's files, [`crate::checklist::render::file_stem`]); an id `index` gets
/// `index~2.xlsx`, so the index keeps its name.
pub(crate) fn folder_names<'i>(ids: impl Iterator<Item = &'i str>) -> Vec<String> {
    let mut taken = Taken::ignoring_ascii_case();
    let stem = crate::checklist::render::file_stem;
    let mut names = vec![format!("{}.xlsx", stem("index", &mut taken))];
    names.extend(ids.map(|id| format!("{}.xlsx", stem(id, &mut taken))));
    names
}

/// The index of a folder of workbooks: one sheet (`Index` / `一覧`) that `fill` writes.
pub(crate) fn index_workbook(
    title: &str,
    lang: Lang,
    fill: impl FnOnce(&mut Worksheet, &Styles) -> Result<(), XlsxError>,
) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    wb.set_properties(&properties(title, lang)?);
    let ws = Sheets::new().add(&mut wb);
    let mut taken = Taken::ignoring_case();
    ws.set_name(sheet_name(lang.pick("Index", "一覧"), &mut taken))?;
    fill(ws, &st)?;
    wb.save_to_buffer()
}

/// A string cut to what one cell can hold, with "…" when cut.
pub fn clip(s: &str) -> String {
    if s.encode_utf16().count() <= MAX_CELL {
        return s.to_string();
    }
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        n += c.len_utf16();
        if n > MAX_CELL - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A valid sheet name from any text: no `[ ] : * ? / \`, no control characters, no
/// apostrophe at either end, at most 31 characters, not empty, not Excel's reserved "History",
/// and unique among `taken` (case-insensitively, as Excel compares them: give it a
/// [`Taken::ignoring_case`]).
pub fn sheet_name(raw: &str, taken: &mut Taken) -> String {
    let mut base: String = crate::style::doc_text(raw)
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    base = base.trim().to_string();
    if base.starts_with('\'') {
        base.replace_range(0..1, "_");
    }
    if base.ends_with('\'') {
        base.pop();
        base.push('_');
    }
    if base.is_empty() {
        base = "_".into();
    }
    if base.eq_ignore_ascii_case("history") {
        base.push('_');
    }
    let fit = |s: &str, room: usize| -> String {
        let mut out = String::new();
        let mut n = 0;
        for c in s.chars() {
            n += c.len_utf16();
            if n > room {
                break;
            }
            out.push(c);
        }
        // A cut may leave an apostrophe at the end.
        while out.ends_with('\'') {
            out.pop();
        }
        out
    };
    let mut name = fit(&base, MAX_SHEET_NAME);
    if name.is_empty() {
        name = "_".into();
    }
    taken.claim(&base, name, |n| {
        let suffix = format!("~{n}");
        format!("{}{suffix}", fit(&base, MAX_SHEET_NAME - suffix.len()))
    })
}

/// Adds the sheets of a workbook in the writer's constant-memory mode (issue 10): each sheet's
/// rows go to a temporary file as they are written, and its strings are written inline instead
/// of into one shared-strings table, so a workbook of many large sheets is not held in memory.
/// Rows must then be written in order, top to bottom, as every workbook here is.
///
/// Each such sheet keeps a temporary file open until the workbook is saved, so only as many
/// sheets as the open-file limit allows (less a reserve) are made this way; any further sheet,
/// or one whose temporary file cannot be made, is an ordinary in-memory sheet. The cell values
/// are the same either way.
pub(crate) struct Sheets {
    left: usize,
}

/// Open files kept free for everything else (the output, the inputs, the runtime).
const FILE_RESERVE: usize = 256;

impl Sheets {
    /// As many constant-memory sheets as the open-file limit leaves room for.
    pub(crate) fn new() -> Sheets {
        #[cfg(unix)]
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile)
            .current
            .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
        // No small per-process limit on handles elsewhere.
        #[cfg(not(unix))]
        let limit = usize::MAX;
        Sheets {
            left: limit.saturating_sub(FILE_RESERVE),
        }
    }

    /// At most `n` constant-memory sheets, then in-memory ones (`0`: every sheet in memory).
    #[cfg(test)]
    pub(crate) fn at_most(n: usize) -> Sheets {
        Sheets { left: n }
    }

    /// Add a sheet to `wb`: in constant-memory mode while the budget lasts.
    pub(crate) fn add<'a>(&mut self, wb: &'a mut Workbook) -> &'a mut Worksheet {
        if self.left > 0 {
            self.left -= 1;
            // Not borrowed twice: the fallback is only reached when no sheet was added.
            let added = wb.add_worksheet_with_constant_memory().is_ok();
            if added {
                return wb.worksheets_mut().last_mut().expect("just added");
            }
            self.left = 0;
        }
        wb.add_worksheet()
    }
}

/// The font of every cell: Yu Gothic (游ゴシック) has Latin and Japanese glyphs and ships with
/// Windows 10 and later and with Office for Mac; elsewhere the spreadsheet substitutes a
/// Japanese-capable font of the same family instead of showing boxes.
pub const FONT: &str = "Yu Gothic";

/// The formats of a workbook.
pub(crate) struct Styles {
    pub(crate) title: Format,
    pub(crate) note: Format,
    pub(crate) header: Format,
    pub(crate) cell: Format,
    pub(crate) input: Format,
    pub(crate) label: Format,
}

impl Styles {
    pub(crate) fn new() -> Styles {
        let base = Format::new().set_font_name(FONT);
        let cell = base
            .clone()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            note: base
                .clone()
                .set_font_color(Color::RGB(0x595959))
                .set_align(FormatAlign::Top),
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin),
            input: cell.clone().set_background_color(Color::RGB(0xFFF2CC)),
            label: base.clone().set_bold().set_align(FormatAlign::Top),
            cell,
        }
    }
}

/// Write `s` as a string cell (never a formula), clipped to what a cell holds.
pub(crate) fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, clip(&crate::style::doc_text(s)), f)?;
    Ok(())
}

/// Write `n` as a number cell (a count, a line number), so that it sums and sorts.
pub(crate) fn put_number(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    n: f64,
    f: &Format,
) -> Result<(), XlsxError> {
    ws.write_number_with_format(row, col, n, f)?;
    Ok(())
}

/// A cell's content: text, or a number.
pub(crate) enum Value {
    /// Text, written as a string.
    Text(String),
    /// A count, written as a number.
    Count(usize),
}

/// Write a [`Value`].
pub(crate) fn put_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    f: &Format,
) -> Result<(), XlsxError> {
    match v {
        Value::Text(s) => put(ws, row, col, s, f),
        Value::Count(n) => put_number(ws, row, col, *n as f64, f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        let mut taken = Taken::ignoring_case();
        let mut names = vec![sheet_name("Summary", &mut taken)];
        let bad = sheet_name("a[b]:c*d?e/f\\g", &mut taken);
        assert_eq!(bad, "a_b__c_d_e_f_g");
        assert_eq!(sheet_name("summary", &mut taken), "summary~2");
        assert_eq!(sheet_name("'quoted'", &mut taken), "_quoted_");
        assert_eq!(sheet_name("History", &mut taken), "History_");
        assert_eq!(sheet_name("", &mut taken), "_");
        let long = "x".repeat(40);
        let a = sheet_name(&long, &mut taken);
        let b = sheet_name(&long, &mut taken);
        names.extend([bad, a.clone(), b.clone()]);
        assert_eq!(a.encode_utf16().count(), 31);
        assert_eq!(b.encode_utf16().count(), 31);
        assert_ne!(a, b);
        let emoji = sheet_name(&"🎉".repeat(20), &mut taken);
        assert!(emoji.encode_utf16().count() <= 31);
        names.push(emoji);
        for n in &names {
            rust_xlsxwriter::Workbook::new()
                .add_worksheet()
                .set_name(n)
                .unwrap();
        }
    }

    /// Every sheet's cells as (sheet, row, column, value), read back with calamine.
    fn cells_of(bytes: Vec<u8>) -> Vec<(String, u32, u32, String)> {
        use calamine::Reader;
        let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        for name in wb.sheet_names().to_vec() {
            let range = wb.worksheet_range(&name).unwrap();
            for (r, c, v) in range.used_cells() {
                let (r0, c0) = range.start().unwrap();
                out.push((name.clone(), r0 + r as u32, c0 + c as u32, format!("{v:?}")));
            }
        }
        out
    }

    #[test]
    fn constant_memory_sheets_hold_the_same_cells_as_in_memory_ones() {
        let catalog = crate::Catalog::builtin();
        let synth = serde_json::to_string(&crate::synth::generate(crate::synth::SynthOptions {
            parties: 40,
            seed: 3,
        }))
        .unwrap();
        let m = crate::load::parse_model("synth.json", &synth, &catalog).unwrap();
        let a = crate::analyse(&m, &catalog, crate::Options::default());
        let annexes = crate::annex::annex(&a, None, false);
        for lang in [Lang::En, Lang::Ja] {
            let ix = crate::checklist::RowIndex::new(&a);
            let book = |n| {
                crate::checklist::xlsx::checklist_workbook(&a, &ix, None, lang, Sheets::at_most(n))
            };
            // The modes differ in bytes (inline strings, no shared-strings table)...
            assert_ne!(book(0).unwrap(), book(usize::MAX).unwrap());
            // ...not in what the cells hold.
            let memory = cells_of(book(0).unwrap());
            assert!(memory.len() > 1000, "{}", memory.len());
            // Every sheet in constant memory, and a budget that runs out half way.
            assert_eq!(cells_of(book(usize::MAX).unwrap()), memory);
            assert_eq!(cells_of(book(20).unwrap()), memory);
            let book =
                |n| crate::annex::xlsx::annex_workbook(&a, &annexes, lang, Sheets::at_most(n));
            let memory = cells_of(book(0).unwrap());
            assert!(memory.len() > 1000, "{}", memory.len());
            assert_eq!(cells_of(book(usize::MAX).unwrap()), memory);
            assert_eq!(cells_of(book(7).unwrap()), memory);
        }
    }

    #[test]
    fn long_cells_are_clipped() {
        let s = "あ".repeat(40_000);
        let c = clip(&s);
        assert!(c.encode_utf16().count() <= MAX_CELL);
        assert!(c.ends_with('…'));
        assert_eq!(clip("short"), "short");
    }
}
