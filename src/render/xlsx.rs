//! XLSX workbooks: the self-declaration checklist and the contract annex.
//!
//! Every cell is written as a string (never a formula), truncated to Excel's limit; sheet names
//! are sanitised and unique; the document's creation time is fixed, so the same input gives a
//! byte-identical file.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::annex::render::{draft_note, roles_text, support_text, terms_text};
use crate::annex::{ContractAnnex, groups};
use crate::checklist::render::{cells, column_help, provenance, source_note};
use crate::checklist::{self, Column, Declared};
use crate::findings::render;
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
        .set_title(clip(&crate::style::doc_text(title)))
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
    ws.write_string_with_format(row, col, clip(&crate::style::doc_text(s)), f)?;
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

/// The contract annexes as an XLSX workbook: an overview sheet, then one sheet per contract
/// with its facts, the requirements the contractor takes on, the draft clauses, its
/// subcontracts and the findings about it.
pub fn annex_xlsx(
    a: &Analysis,
    annexes: &[ContractAnnex],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let m = a.model;
    let st = Styles::new();
    let mut wb = Workbook::new();
    let name = m.name.get(lang);
    let title = tr!(lang, "Contract annexes: {name}", "契約別紙: {name}");
    wb.set_properties(&properties(&title, lang)?);
    let mut taken = Vec::new();
    let overview = sheet_name(lang.pick("Contracts", "契約一覧"), &mut taken);
    let sheets: Vec<String> = annexes
        .iter()
        .map(|x| sheet_name(&m.contracts[x.contract].id, &mut taken))
        .collect();
    let cx = a.ctx();

    let ws = wb.add_worksheet();
    ws.set_name(&overview)?;
    put(ws, 0, 0, &title, &st.title)?;
    let mut r = 1;
    for l in provenance(a, lang) {
        put(ws, r, 0, &l, &st.note)?;
        r += 1;
    }
    put(ws, r, 0, draft_note(lang), &st.note)?;
    r += 2;
    let head = [
        lang.pick("contract", "契約"),
        lang.pick("client", "発注者"),
        lang.pick("contractor", "受注者"),
        lang.pick("kind", "契約の種類"),
        lang.pick("security terms ((2)-3)", "セキュリティ要件 ((2)-3)"),
        lang.pick("support period", "サポート期間"),
        lang.pick("requirements", "要求事項数"),
        lang.pick("open findings", "未解決の指摘"),
        lang.pick("sheet", "シート"),
    ];
    let widths = [18.0, 16.0, 16.0, 22.0, 40.0, 40.0, 12.0, 12.0, 18.0];
    for (c, h) in head.iter().enumerate() {
        put(ws, r, c as u16, h, &st.header)?;
        ws.set_column_width(c as u16, widths[c])?;
    }
    let top = r;
    r += 1;
    for (i, x) in annexes.iter().enumerate() {
        let c = &m.contracts[x.contract];
        let open = x
            .findings
            .iter()
            .filter(|&&f| a.findings[f].is_active())
            .count();
        let vals = [
            c.id.clone(),
            m.parties[c.client].id.clone(),
            m.parties[c.contractor].id.clone(),
            c.kind.label(lang).to_string(),
            terms_text(x.terms, lang).to_string(),
            support_text(x, lang),
            x.rows.len().to_string(),
            open.to_string(),
            sheets[i].clone(),
        ];
        for (k, v) in vals.iter().enumerate() {
            put(ws, r, k as u16, v, &st.cell)?;
        }
        r += 1;
    }
    ws.set_freeze_panes(top + 1, 1)?;
    ws.autofilter(top, 0, r.saturating_sub(1).max(top), head.len() as u16 - 1)?;

    for (i, x) in annexes.iter().enumerate() {
        let c = &m.contracts[x.contract];
        let ws = wb.add_worksheet();
        ws.set_name(&sheets[i])?;
        for (k, w) in [
            12.0, 40.0, 40.0, 40.0, 14.0, 12.0, 22.0, 12.0, 11.0, 30.0, 50.0,
        ]
        .iter()
        .enumerate()
        {
            ws.set_column_width(k as u16, *w)?;
        }
        let id = &c.id;
        put(
            ws,
            0,
            0,
            &tr!(lang, "Contract annex: {id}", "契約別紙: {id}"),
            &st.title,
        )?;
        put(ws, 1, 0, &format!("{name} · {}", m.file.name()), &st.note)?;
        let party = |p: usize| {
            let q = &m.parties[p];
            format!(
                "{} ({}, {})",
                q.id,
                q.name.get(lang),
                q.division.label(lang)
            )
        };
        let facts = [
            (lang.pick("Client", "発注者"), party(c.client)),
            (lang.pick("Contractor", "受注者"), party(c.contractor)),
            (
                lang.pick("Kind", "契約の種類"),
                c.kind.label(lang).to_string(),
            ),
            (lang.pick("Roles", "役割"), roles_text(a, x, lang)),
            (
                lang.pick("Security terms ((2)-3)", "セキュリティ要件 ((2)-3)"),
                terms_text(x.terms, lang).to_string(),
            ),
            (
                lang.pick("Support period", "サポート期間"),
                support_text(x, lang),
            ),
        ];
        let mut r = 3;
        for (k, v) in facts {
            put(ws, r, 0, k, &st.label)?;
            ws.merge_range(r, 1, r, 3, "", &st.cell)?;
            put(ws, r, 1, &v, &st.cell)?;
            r += 1;
        }
        r += 1;
        put(
            ws,
            r,
            0,
            lang.pick(
                "Requirements the contractor takes on under this contract",
                "本契約により受注者が担う要求事項",
            ),
            &st.label,
        )?;
        r += 1;
        let cols = [
            Column::Id,
            Column::TitleJa,
            Column::TitleEn,
            Column::Requirement,
            Column::Role,
            Column::Qualifier,
            Column::Duty,
            Column::Scope,
            Column::Package,
            Column::Source,
            Column::Inferences,
        ];
        for (k, col) in cols.iter().enumerate() {
            put(ws, r, k as u16, col.header(lang), &st.header)?;
        }
        let table_top = r;
        r += 1;
        for row in &x.rows {
            let all = cells(a, row, lang, "\n");
            for (k, col) in cols.iter().enumerate() {
                let ix = Column::ALL
                    .iter()
                    .position(|c| c == col)
                    .expect("every column is in ALL");
                put(ws, r, k as u16, &all[ix], &st.cell)?;
            }
            r += 1;
        }
        if x.rows.is_empty() {
            put(
                ws,
                r,
                0,
                lang.pick(
                    "None: this contract gives the contractor no role.",
                    "なし: この契約は受注者に役割を与えていません。",
                ),
                &st.note,
            )?;
            r += 1;
        } else {
            ws.autofilter(table_top, 0, r - 1, cols.len() as u16 - 1)?;
        }
        r += 1;
        put(
            ws,
            r,
            0,
            lang.pick(
                "Security terms to write into the contract ((2)-3): draft clauses",
                "契約に定めるセキュリティ要件 ((2)-3): 条項案",
            ),
            &st.label,
        )?;
        r += 1;
        put(ws, r, 0, draft_note(lang), &st.note)?;
        r += 1;
        for (k, h) in [
            lang.pick("group", "分類"),
            lang.pick("title", "名称"),
            "日本語",
            "English",
        ]
        .iter()
        .enumerate()
        {
            put(ws, r, k as u16, h, &st.header)?;
        }
        r += 1;
        for g in groups(a, x) {
            put(ws, r, 0, &g.category, &st.cell)?;
            put(ws, r, 1, g.title.get(lang), &st.cell)?;
            put(ws, r, 2, &g.clause.ja, &st.cell)?;
            put(ws, r, 3, &g.clause.en, &st.cell)?;
            r += 1;
        }
        if !x.subcontracts.is_empty() {
            r += 1;
            put(
                ws,
                r,
                0,
                lang.pick(
                    "The contractor's own subcontracts (where it must pass requirements on)",
                    "受注者自身の再委託契約 (要求事項を引き継ぐ先)",
                ),
                &st.label,
            )?;
            r += 1;
            for (k, h) in [
                lang.pick("contract", "契約"),
                lang.pick("contractor", "受注者"),
                lang.pick("kind", "契約の種類"),
                lang.pick("security terms", "セキュリティ要件"),
            ]
            .iter()
            .enumerate()
            {
                put(ws, r, k as u16, h, &st.header)?;
            }
            r += 1;
            for &s in &x.subcontracts {
                let k = &m.contracts[s];
                let terms = if k.security_terms {
                    lang.pick("established", "確立済み")
                } else {
                    lang.pick("not established", "未確立")
                };
                put(ws, r, 0, &k.id, &st.cell)?;
                put(ws, r, 1, &m.parties[k.contractor].id, &st.cell)?;
                put(ws, r, 2, k.kind.label(lang), &st.cell)?;
                put(ws, r, 3, terms, &st.cell)?;
                r += 1;
            }
        }
        r += 1;
        put(
            ws,
            r,
            0,
            lang.pick("Findings about this contract", "この契約に関する指摘"),
            &st.label,
        )?;
        r += 1;
        for (k, h) in [
            lang.pick("severity", "重大度"),
            lang.pick("code", "コード"),
            lang.pick("message", "内容"),
            lang.pick("fix or waiver", "対処または免除"),
        ]
        .iter()
        .enumerate()
        {
            put(ws, r, k as u16, h, &st.header)?;
        }
        r += 1;
        if x.findings.is_empty() {
            put(ws, r, 0, lang.pick("None.", "なし。"), &st.note)?;
        }
        for &fi in &x.findings {
            let f = &a.findings[fi];
            let rendered = render(f, &cx, lang);
            let sev = if f.is_active() {
                f.severity.label(lang).to_string()
            } else {
                lang.pick("waived", "免除済み").to_string()
            };
            let last = match f.waived_by {
                Some(w) => {
                    let w = &m.waivers[w];
                    let (reason, until) = (&w.reason, w.until);
                    tr!(
                        lang,
                        "waived: \"{reason}\", until {until}",
                        "免除: 「{reason}」、期限 {until}"
                    )
                }
                None => rendered.fix,
            };
            put(ws, r, 0, &sev, &st.cell)?;
            put(ws, r, 1, f.code.key(), &st.cell)?;
            put(ws, r, 2, &rendered.message, &st.cell)?;
            put(ws, r, 3, &last, &st.cell)?;
            r += 1;
        }
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
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
