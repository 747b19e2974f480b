//! The responsibility matrix as an XLSX workbook (`matrix --format xlsx`), in the style of a
//! FedRAMP customer responsibility matrix: one sheet with every requirement against every
//! party (L/S/I/A marks coloured, status, scope, frozen header row and columns, autofilter),
//! then a sheet of the findings. Counts and line numbers are numbers, not text.

use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

use super::matrix::RowCells;
use crate::allocate::Status;
use crate::findings::{instance_id, render};
use crate::i18n::Lang;
use crate::xlsx::{Styles, properties, put, put_number, sheet_name};
use crate::{Analysis, tr};

/// The row the matrix's header is on (0-based); the rows above hold the title, notes and the
/// legend.
pub const MATRIX_HEADER_ROW: u32 = 4;

/// The fixed columns before the parties: requirement, item, title, role, package, status, scope.
const FIXED: u16 = 7;

/// The most parties the all-parties sheet holds: Excel's 16 384 columns less the fixed ones.
pub const MAX_PARTIES: usize = 16_384 - FIXED as usize;

/// The fill of a mark: lead green, support blue, infrastructure grey, agreement yellow.
fn mark_fill(mark: &str) -> Option<Color> {
    match mark {
        "L" => Some(Color::RGB(0xC6EFCE)),
        "S" => Some(Color::RGB(0xDDEBF7)),
        "I" => Some(Color::RGB(0xEDEDED)),
        "A" => Some(Color::RGB(0xFFF2CC)),
        _ => None,
    }
}

/// The fill of a status: gaps red, conflicts orange, accepted or not applicable grey.
fn status_fill(s: Status) -> Option<Color> {
    match s {
        Status::Unassigned | Status::NoLead => Some(Color::RGB(0xFFC7CE)),
        Status::MultipleLeads => Some(Color::RGB(0xFFD8A8)),
        Status::Waived | Status::NotApplicable => Some(Color::RGB(0xEDEDED)),
        Status::Assigned | Status::Explicit => None,
    }
}

fn filled(base: &Format, fill: Option<Color>) -> Format {
    match fill {
        Some(c) => base.clone().set_background_color(c),
        None => base.clone(),
    }
}

/// The legend of the marks, in `lang`.
fn legend(lang: Lang) -> &'static str {
    lang.pick(
        "L responsible (the lead) · S support · I infrastructure · A agrees to a contract duty as the contractor · (scope) the scope of a lead or contribution",
        "L 責任者 (主体) · S 支援 · I インフラ · A 契約単位の要求事項に受注者として合意 · (範囲) 主体または支援の範囲",
    )
}

/// The responsibility matrix and the findings as an XLSX workbook.
pub fn matrix_xlsx(a: &Analysis, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let m = a.model;
    let st = Styles::new();
    let mut wb = Workbook::new();
    let name = m.name.get(lang);
    let title = tr!(lang, "Responsibility matrix: {name}", "責任分担表: {name}");
    wb.set_properties(&properties(&title, lang)?);
    let mut taken = crate::unique::Taken::ignoring_case();
    let matrix_name = sheet_name(lang.pick("Matrix", "責任分担表"), &mut taken);
    let findings_name = sheet_name(lang.pick("Findings", "指摘"), &mut taken);

    let ws = wb.add_worksheet();
    ws.set_name(&matrix_name)?;
    matrix_sheet(ws, a, lang, &st, &title)?;
    let ws = wb.add_worksheet();
    ws.set_name(&findings_name)?;
    findings_sheet(ws, a, lang, &st)?;
    wb.save_to_buffer()
}

fn matrix_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    lang: Lang,
    st: &Styles,
    title: &str,
) -> Result<(), XlsxError> {
    let m = a.model;
    put(ws, 0, 0, title, &st.title)?;
    let file = m.file.name();
    let pkg = a.package.label(lang);
    let cat = &a.catalog.id;
    put(
        ws,
        1,
        0,
        &tr!(
            lang,
            "Model: {file} · catalog: {cat} · target package: {pkg}",
            "モデル: {file} · カタログ: {cat} · 対象の要求パッケージ: {pkg}"
        ),
        &st.note,
    )?;
    put(ws, 2, 0, legend(lang), &st.note)?;
    let h = MATRIX_HEADER_ROW;
    let head = [
        (lang.pick("requirement", "要求事項"), 11.0),
        (lang.pick("item", "個別要求"), 11.0),
        (lang.pick("title", "名称"), 48.0),
        (lang.pick("role", "役割"), 14.0),
        (lang.pick("package", "パッケージ"), 18.0),
        (lang.pick("status", "状態"), 13.0),
        (lang.pick("scope", "範囲"), 14.0),
    ];
    for (c, (text, width)) in head.iter().enumerate() {
        put(ws, h, c as u16, text, &st.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    for (pi, p) in m.parties.iter().enumerate() {
        let c = FIXED + pi as u16;
        let pname = p.name.get(lang);
        let header = if pname == p.id {
            p.id.clone()
        } else {
            format!("{pname}\n({})", p.id)
        };
        put(ws, h, c, &header, &st.header)?;
        // Wide enough for the name's longer line, counting a Japanese character as two.
        let w = crate::style::width(pname).max(crate::style::width(&p.id)) as f64;
        ws.set_column_width(c, w.clamp(8.0, 24.0))?;
    }
    ws.set_row_height(h, 32)?;
    let centred = st
        .cell
        .clone()
        .set_align(rust_xlsxwriter::FormatAlign::Center);
    for (k, al) in a.allocations.iter().enumerate() {
        let r = h + 1 + k as u32;
        let u = al.unit(a.catalog);
        let cells = RowCells::new(a, al);
        let mut scopes: Vec<&str> = cells.iter().flat_map(|(_, c)| c.scopes).collect();
        scopes.sort_unstable();
        scopes.dedup();
        put(ws, r, 0, &u.requirement.id, &st.cell)?;
        put(ws, r, 1, u.item.map_or("", |i| &i.id), &st.cell)?;
        put(ws, r, 2, u.title().get(lang), &st.cell)?;
        put(ws, r, 3, al.role.label(lang), &st.cell)?;
        put(ws, r, 4, &u.package_label(lang), &st.cell)?;
        put(
            ws,
            r,
            5,
            al.status.label(lang),
            &filled(&st.cell, status_fill(al.status)),
        )?;
        put(ws, r, 6, &scopes.join(", "), &st.cell)?;
        for pi in 0..m.parties.len() {
            let c = FIXED + pi as u16;
            let cell = cells.get(pi);
            if cell.mark.is_empty() {
                ws.write_blank(r, c, &st.cell)?;
            } else {
                put(
                    ws,
                    r,
                    c,
                    &cell.text(),
                    &filled(&centred, mark_fill(cell.mark)),
                )?;
            }
        }
    }
    let last = h + a.allocations.len().max(1) as u32;
    let last_col = FIXED + m.parties.len().max(1) as u16 - 1;
    ws.set_freeze_panes(h + 1, 3)?;
    ws.autofilter(h, 0, last, last_col)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(h, h)?;
    Ok(())
}

fn findings_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let m = a.model;
    let cx = a.ctx();
    let head = [
        (lang.pick("severity", "重大度"), 10.0),
        (lang.pick("code", "コード"), 20.0),
        (lang.pick("id", "ID"), 30.0),
        (lang.pick("message", "内容"), 60.0),
        (lang.pick("fix or waiver", "対処または免除"), 50.0),
        (lang.pick("line", "行"), 7.0),
        (lang.pick("column", "列"), 7.0),
    ];
    for (c, (text, width)) in head.iter().enumerate() {
        put(ws, 0, c as u16, text, &st.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    for (k, f) in a.findings.iter().enumerate() {
        let r = 1 + k as u32;
        let text = render(f, &cx, lang);
        let sev = if f.is_active() {
            f.severity.label(lang)
        } else {
            lang.pick("waived", "免除済み")
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
            None => text.fix,
        };
        put(ws, r, 0, sev, &st.cell)?;
        put(ws, r, 1, f.code.key(), &st.cell)?;
        put(ws, r, 2, &instance_id(f, &cx), &st.cell)?;
        put(ws, r, 3, &text.message, &st.cell)?;
        put(ws, r, 4, &last, &st.cell)?;
        match f.span.map(|sp| m.file.line_col(sp.start)) {
            Some(pos) => {
                put_number(ws, r, 5, pos.line as f64, &st.cell)?;
                put_number(ws, r, 6, pos.column as f64, &st.cell)?;
            }
            None => {
                ws.write_blank(r, 5, &st.cell)?;
                ws.write_blank(r, 6, &st.cell)?;
            }
        }
    }
    if a.findings.is_empty() {
        put(ws, 1, 0, lang.pick("None.", "なし。"), &st.note)?;
    }
    let last = a.findings.len().max(1) as u32;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last, head.len() as u16 - 1)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}
