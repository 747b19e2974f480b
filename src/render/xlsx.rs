//! XLSX workbooks: the self-declaration checklist and the contract annex.
//!
//! Every cell is written as a string (never a formula), truncated to Excel's limit; sheet names
//! are sanitised and unique; the document's creation time is fixed, so the same input gives a
//! byte-identical file.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::checklist::{cells, column_help, provenance, source_note};
use crate::checklist::{self, Column, Declared};
use crate::i18n::Lang;
use crate::model::PartyIx;
use crate::{Analysis, tr};

/// Excel's limit on the characters (UTF-16 units) of one cell.
const MAX_CELL: usize = 32_767;
/// Excel's limit on a sheet name (UTF-16 units).
const MAX_SHEET_NAME: usize = 31;

/// The creation time written into every workbook: fixed, so output is reproducible. It is the
/// ZIP epoch, the same date the XLSX writer gives every file inside the archive.
fn properties(title: &str, lang: Lang) -> Result<DocProperties, XlsxError> {
    let epoch = ExcelDateTime::from_ymd(1980, 1, 1)?;
    Ok(DocProperties::new()
        .set_title(clip(title))
        .set_author("rolemap")
        .set_comment(lang.pick(
            "Made by rolemap. Every entry shows its source; an inferred entry is not the guideline's word.",
            "rolemap で作成。各項目に出典を示しています。推定の項目はガイドラインの記載ではありません。",
        ))
        .set_creation_datetime(&epoch))
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
/// and unique among `taken` (case-insensitively, as Excel compares them).
pub fn sheet_name(raw: &str, taken: &mut Vec<String>) -> String {
    let mut base: String = raw
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
    let lower = |s: &str| s.to_lowercase();
    let mut name = fit(&base, MAX_SHEET_NAME);
    if name.is_empty() {
        name = "_".into();
    }
    let mut n = 2;
    while taken.iter().any(|t| lower(t) == lower(&name)) {
        let suffix = format!("~{n}");
        name = format!("{}{suffix}", fit(&base, MAX_SHEET_NAME - suffix.len()));
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// The formats of a workbook.
struct Styles {
    title: Format,
    note: Format,
    header: Format,
    cell: Format,
    input: Format,
    label: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new()
                .set_font_color(Color::RGB(0x595959))
                .set_align(FormatAlign::Top),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin),
            input: cell.clone().set_background_color(Color::RGB(0xFFF2CC)),
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            cell,
        }
    }
}

fn put(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, clip(s), f)?;
    Ok(())
}

fn width(c: Column) -> f64 {
    match c {
        Column::Party => 16.0,
        Column::Requirement => 11.0,
        Column::Id => 11.0,
        Column::TitleJa | Column::TitleEn => 40.0,
        Column::Role => 11.0,
        Column::Qualifier => 10.0,
        Column::Duty => 22.0,
        Column::Scope => 10.0,
        Column::Package => 10.0,
        Column::From => 18.0,
        Column::Source => 30.0,
        Column::Inferences => 50.0,
        Column::Status => 13.0,
        Column::Evidence => 40.0,
        Column::Remarks => 30.0,
    }
}

/// The row the checklist's header is on (0-based); the lines above hold the title and notes.
pub const CHECKLIST_HEADER_ROW: u32 = 3;

/// The self-declaration checklist as an XLSX workbook: a summary sheet, then one sheet per
/// party (or only `party`), each with a frozen header row, an autofilter, wrapped text and a
/// drop-down list of statuses.
pub fn checklist_xlsx(
    a: &Analysis,
    party: Option<PartyIx>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let m = a.model;
    let st = Styles::new();
    let mut wb = Workbook::new();
    let name = m.name.get(lang);
    let title = tr!(
        lang,
        "Self-declaration checklist: {name}",
        "自己適合宣言チェックリスト: {name}"
    );
    wb.set_properties(&properties(&title, lang)?);
    let parties: Vec<PartyIx> = match party {
        Some(p) => vec![p],
        None => (0..m.parties.len()).collect(),
    };
    let mut taken = Vec::new();
    let summary_name = sheet_name(lang.pick("Summary", "概要"), &mut taken);
    let sheets: Vec<String> = parties
        .iter()
        .map(|&p| sheet_name(&m.parties[p].id, &mut taken))
        .collect();

    // The summary sheet.
    let ws = wb.add_worksheet();
    ws.set_name(&summary_name)?;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 40)?;
    for c in 2..8 {
        ws.set_column_width(c, 14)?;
    }
    put(ws, 0, 0, &title, &st.title)?;
    let mut r = 1;
    for l in provenance(a, lang) {
        put(ws, r, 0, &l, &st.note)?;
        r += 1;
    }
    put(ws, r, 0, source_note(lang), &st.note)?;
    r += 2;
    let head = [
        lang.pick("party", "関係者"),
        lang.pick("name", "名称"),
        lang.pick("division", "責任区分"),
        lang.pick("organisation", "組織"),
        lang.pick("sheet", "シート"),
        lang.pick("rows", "行数"),
        lang.pick("mandatory rows", "必須の行数"),
        lang.pick("standard rows", "標準の行数"),
    ];
    for (c, h) in head.iter().enumerate() {
        put(ws, r, c as u16, h, &st.header)?;
    }
    r += 1;
    for (i, &p) in parties.iter().enumerate() {
        let rows = checklist::rows(a, Some(p));
        let mandatory = rows
            .iter()
            .filter(|x| x.alloc(a).package == crate::Package::Mandatory)
            .count();
        let party = &m.parties[p];
        let vals = [
            party.id.clone(),
            party.name.get(lang).to_string(),
            party.division.label(lang).to_string(),
            party.org.clone(),
            sheets[i].clone(),
            rows.len().to_string(),
            mandatory.to_string(),
            (rows.len() - mandatory).to_string(),
        ];
        for (c, v) in vals.iter().enumerate() {
            put(ws, r, c as u16, v, &st.cell)?;
        }
        r += 1;
    }
    r += 1;
    put(ws, r, 0, lang.pick("Columns", "列の説明"), &st.label)?;
    r += 1;
    for c in Column::ALL {
        put(ws, r, 0, c.header(lang), &st.label)?;
        put(ws, r, 1, column_help(c, lang), &st.note)?;
        r += 1;
    }
    r += 1;
    put(ws, r, 0, lang.pick("Statuses", "実施状況"), &st.label)?;
    r += 1;
    for d in Declared::ALL {
        put(ws, r, 0, d.word(lang), &st.label)?;
        let other = match lang {
            Lang::En => d.label(Lang::Ja),
            Lang::Ja => d.key(),
        };
        put(ws, r, 1, other, &st.note)?;
        r += 1;
    }

    // One sheet per party.
    let list: Vec<&str> = Declared::ALL.iter().map(|d| d.word(lang)).collect();
    for (i, &p) in parties.iter().enumerate() {
        let party = &m.parties[p];
        let rows = checklist::rows(a, Some(p));
        let ws = wb.add_worksheet();
        ws.set_name(&sheets[i])?;
        let pname = party.name.get(lang);
        let pid = &party.id;
        let head = tr!(
            lang,
            "Self-declaration checklist: {pid} ({pname})",
            "自己適合宣言チェックリスト: {pid} ({pname})"
        );
        put(ws, 0, 0, &head, &st.title)?;
        put(ws, 1, 0, &format!("{name} · {}", m.file.name()), &st.note)?;
        put(
            ws,
            2,
            0,
            lang.pick(
                "Fill in status (drop-down), evidence and remarks. Rows are identified by party, id and role: keep those as they are. Read back with: rolemap check MODEL --status FILE",
                "実施状況 (プルダウン)、エビデンス、備考を記入してください。行は関係者・ID・役割で識別するため、これらは変更しないでください。読み込み: rolemap check MODEL --status FILE",
            ),
            &st.note,
        )?;
        let h = CHECKLIST_HEADER_ROW;
        for (c, col) in Column::ALL.iter().enumerate() {
            put(ws, h, c as u16, col.header(lang), &st.header)?;
            ws.set_column_width(c as u16, width(*col))?;
        }
        for (k, row) in rows.iter().enumerate() {
            let rr = h + 1 + k as u32;
            for (c, (col, v)) in Column::ALL
                .iter()
                .zip(cells(a, row, lang, "\n"))
                .enumerate()
            {
                let f = if col.is_input() { &st.input } else { &st.cell };
                if v.is_empty() {
                    ws.write_blank(rr, c as u16, f)?;
                } else {
                    put(ws, rr, c as u16, &v, f)?;
                }
            }
        }
        let last = h + rows.len().max(1) as u32;
        let ncols = Column::ALL.len() as u16;
        ws.set_freeze_panes(h + 1, 3)?;
        ws.autofilter(h, 0, last, ncols - 1)?;
        let status_col = Column::ALL
            .iter()
            .position(|c| *c == Column::Status)
            .expect("status is a column") as u16;
        let dv = DataValidation::new()
            .allow_list_strings(&list)?
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title(lang.pick("Status", "実施状況"))?
            .set_error_message(lang.pick(
                "Choose one of the list, or leave the cell empty.",
                "一覧から選ぶか、空欄のままにしてください。",
            ))?;
        ws.add_data_validation(h + 1, status_col, last.max(h + 1), status_col, &dv)?;
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(h, h)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        let mut taken = vec!["Summary".to_string()];
        let bad = sheet_name("a[b]:c*d?e/f\\g", &mut taken);
        assert_eq!(bad, "a_b__c_d_e_f_g");
        assert_eq!(sheet_name("summary", &mut taken), "summary~2");
        assert_eq!(sheet_name("'quoted'", &mut taken), "_quoted_");
        assert_eq!(sheet_name("History", &mut taken), "History_");
        assert_eq!(sheet_name("", &mut taken), "_");
        let long = "x".repeat(40);
        let a = sheet_name(&long, &mut taken);
        let b = sheet_name(&long, &mut taken);
        assert_eq!(a.encode_utf16().count(), 31);
        assert_eq!(b.encode_utf16().count(), 31);
        assert_ne!(a, b);
        let emoji = sheet_name(&"🎉".repeat(20), &mut taken);
        assert!(emoji.encode_utf16().count() <= 31);
        for n in &taken {
            rust_xlsxwriter::Workbook::new()
                .add_worksheet()
                .set_name(n)
                .unwrap();
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
