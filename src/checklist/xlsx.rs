//! The self-declaration checklist as an XLSX workbook; the shared workbook helpers are in
//! [`crate::xlsx`].

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Workbook, XlsxError};

use super::render::{cells, column_help, provenance, source_note};
use super::{self as checklist, Column, Declared};
use crate::i18n::Lang;
use crate::model::PartyIx;
use crate::xlsx::{Sheets, Styles, Value, properties, put, put_value, sheet_name};
use crate::{Analysis, tr};

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
        Column::Package => 18.0,
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

/// Most party sheets in one checklist workbook, and contract sheets in one annex workbook: past
/// it, every party's checklist (every contract's annex) is written as a folder of workbooks,
/// one per party (contract), with an index (see docs/checklist.md). A spreadsheet of hundreds of
/// sheets cannot be paged through, and each sheet written in constant memory holds a temporary
/// file open until the workbook is saved.
pub const MOST_SHEETS: usize = 250;

/// The file of a folder of workbooks that lists the others.
pub const INDEX_FILE: &str = "index.xlsx";

/// The self-declaration checklist as an XLSX workbook: a summary sheet, then one sheet per
/// party (or only `party`), each with a frozen header row, an autofilter, wrapped text and a
/// drop-down list of statuses.
pub fn checklist_xlsx(
    a: &Analysis,
    party: Option<PartyIx>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let ix = checklist::RowIndex::new(a);
    checklist_workbook(a, &ix, party, lang, Sheets::new())
}

/// Every party's checklist as a folder of workbooks: [`INDEX_FILE`], the summary sheet of
/// [`checklist_xlsx`] with a file name in place of a sheet name, then one workbook per party,
/// each the workbook of `checklist --party ID` (so each can be filled in and read back with
/// `check --status` alone).
pub struct ChecklistFolder<'a> {
    a: &'a Analysis<'a>,
    ix: checklist::RowIndex,
    lang: Lang,
    names: Vec<String>,
}

impl<'a> ChecklistFolder<'a> {
    /// The folder of every party of `a`.
    pub fn new(a: &'a Analysis<'a>, lang: Lang) -> Self {
        let names = crate::xlsx::folder_names(a.model.parties.iter().map(|p| p.id.as_str()));
        ChecklistFolder {
            a,
            ix: checklist::RowIndex::new(a),
            lang,
            names,
        }
    }

    /// The file names: [`INDEX_FILE`] first, then one per party in the model's order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The content of file `i` of [`ChecklistFolder::names`].
    pub fn file(&self, i: usize) -> Result<Vec<u8>, XlsxError> {
        let (a, lang) = (self.a, self.lang);
        match i.checked_sub(1) {
            Some(p) => checklist_workbook(a, &self.ix, Some(p), lang, Sheets::new()),
            None => {
                let parties: Vec<PartyIx> = (0..a.model.parties.len()).collect();
                let title = title(a, lang);
                crate::xlsx::index_workbook(&title, lang, |ws, st| {
                    let where_ = (lang.pick("file", "ファイル"), &self.names[1..]);
                    summary(ws, a, &self.ix, &parties, where_, st, &title, lang)
                })
            }
        }
    }
}

fn title(a: &Analysis, lang: Lang) -> String {
    let name = a.model.name.get(lang);
    tr!(
        lang,
        "Self-declaration checklist: {name}",
        "自己適合宣言チェックリスト: {name}"
    )
}

/// The summary of `parties`: the title and provenance, one row per party with where its
/// checklist is (`where_`: the column's header and a sheet or file name per party), then what
/// the columns and statuses mean.
#[allow(clippy::too_many_arguments)]
fn summary(
    ws: &mut rust_xlsxwriter::Worksheet,
    a: &Analysis,
    ix: &checklist::RowIndex,
    parties: &[PartyIx],
    where_: (&str, &[String]),
    st: &Styles,
    title: &str,
    lang: Lang,
) -> Result<(), XlsxError> {
    let m = a.model;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 40)?;
    for c in 2..8 {
        ws.set_column_width(c, 14)?;
    }
    put(ws, 0, 0, title, &st.title)?;
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
        where_.0,
        lang.pick("rows", "行数"),
        lang.pick("mandatory rows", "必須の行数"),
        lang.pick("standard rows", "標準の行数"),
    ];
    for (c, h) in head.iter().enumerate() {
        put(ws, r, c as u16, h, &st.header)?;
    }
    r += 1;
    for (i, &p) in parties.iter().enumerate() {
        let rows = ix.rows(a, p);
        let mandatory = rows
            .iter()
            .filter(|x| x.alloc(a).package == crate::Package::Mandatory)
            .count();
        let party = &m.parties[p];
        let vals = [
            Value::Text(party.id.clone()),
            Value::Text(party.name.get(lang).to_string()),
            Value::Text(party.division.label(lang).to_string()),
            Value::Text(party.org.clone()),
            Value::Text(where_.1[i].clone()),
            Value::Count(rows.len()),
            Value::Count(mandatory),
            Value::Count(rows.len() - mandatory),
        ];
        for (c, v) in vals.iter().enumerate() {
            put_value(ws, r, c as u16, v, &st.cell)?;
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
    Ok(())
}

/// [`checklist_xlsx`] with its sheets added by `add` (constant-memory or in-memory sheets),
/// every party's rows from `ix`.
pub(crate) fn checklist_workbook(
    a: &Analysis,
    ix: &checklist::RowIndex,
    party: Option<PartyIx>,
    lang: Lang,
    mut add: Sheets,
) -> Result<Vec<u8>, XlsxError> {
    let m = a.model;
    let st = Styles::new();
    let mut wb = Workbook::new();
    let name = m.name.get(lang);
    let title = title(a, lang);
    wb.set_properties(&properties(&title, lang)?);
    let parties: Vec<PartyIx> = match party {
        Some(p) => vec![p],
        None => (0..m.parties.len()).collect(),
    };
    let mut taken = crate::unique::Taken::ignoring_case();
    let summary_name = sheet_name(lang.pick("Summary", "概要"), &mut taken);
    let sheets: Vec<String> = parties
        .iter()
        .map(|&p| sheet_name(&m.parties[p].id, &mut taken))
        .collect();

    // The summary sheet.
    let ws = add.add(&mut wb);
    ws.set_name(&summary_name)?;
    let where_ = (lang.pick("sheet", "シート"), sheets.as_slice());
    summary(ws, a, ix, &parties, where_, &st, &title, lang)?;

    // One sheet per party.
    let list: Vec<&str> = Declared::ALL.iter().map(|d| d.word(lang)).collect();
    for (i, &p) in parties.iter().enumerate() {
        let party = &m.parties[p];
        let rows = ix.rows(a, p);
        let ws = add.add(&mut wb);
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
