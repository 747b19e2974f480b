//! The contract annexes as an XLSX workbook; the shared workbook helpers are in
//! [`crate::xlsx`].

use rust_xlsxwriter::{Workbook, XlsxError};

use super::render::{
    clauses_heading, draft_note, no_clauses_text, no_rows_text, provenance, roles_text,
    support_text, terms_text,
};
use super::{Annexes, ContractAnnex, groups};
use crate::checklist::Column;
use crate::checklist::render::cells;
use crate::findings::render;
use crate::i18n::Lang;
use crate::xlsx::{Sheets, Styles, Value, properties, put, put_value, sheet_name};
use crate::{Analysis, tr};

/// The contract annexes as an XLSX workbook: an overview sheet, then one sheet per contract
/// with its facts, the requirements the contractor takes on, the draft clauses, its
/// subcontracts and the findings about it.
pub fn annex_xlsx(
    a: &Analysis,
    annexes: &[ContractAnnex],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    annex_workbook(a, annexes, lang, Sheets::new())
}

/// Every contract's annex as a folder of workbooks: [`INDEX_FILE`](crate::checklist::xlsx::INDEX_FILE), the overview sheet of
/// [`annex_xlsx`] with a file name in place of a sheet name, then one workbook per contract,
/// each the workbook of `annex --contract ID`.
pub struct AnnexFolder<'a> {
    a: &'a Analysis<'a>,
    every: Annexes<'a>,
    all_packages: bool,
    lang: Lang,
    names: Vec<String>,
}

impl<'a> AnnexFolder<'a> {
    /// The folder of every contract of `a`.
    pub fn new(a: &'a Analysis<'a>, all_packages: bool, lang: Lang) -> Self {
        let names = crate::xlsx::folder_names(a.model.contracts.iter().map(|c| c.id.as_str()));
        AnnexFolder {
            a,
            every: Annexes::new(a, all_packages),
            all_packages,
            lang,
            names,
        }
    }

    /// The file names: `index.xlsx` first, then one per contract in the model's order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The content of file `i` of [`AnnexFolder::names`].
    pub fn file(&self, i: usize) -> Result<Vec<u8>, XlsxError> {
        let (a, lang) = (self.a, self.lang);
        match i.checked_sub(1) {
            Some(c) => annex_workbook(a, &[self.every.get(c)], lang, Sheets::new()),
            None => {
                let title = title(a, lang);
                crate::xlsx::index_workbook(&title, lang, |ws, st| {
                    let listed = (0..a.model.contracts.len()).map(|c| {
                        let place = self.names[c + 1].as_str();
                        (std::borrow::Cow::Owned(self.every.get(c)), place)
                    });
                    let where_ = lang.pick("file", "ファイル");
                    contracts_sheet(ws, a, self.all_packages, listed, where_, st, &title, lang)
                })
            }
        }
    }
}

/// The title of the annex workbooks.
fn title(a: &Analysis, lang: Lang) -> String {
    let name = a.model.name.get(lang);
    tr!(lang, "Contract annexes: {name}", "契約別紙: {name}")
}

/// [`annex_xlsx`] with its sheets added by `add` (constant-memory or in-memory sheets).
pub(crate) fn annex_workbook(
    a: &Analysis,
    annexes: &[ContractAnnex],
    lang: Lang,
    mut add: Sheets,
) -> Result<Vec<u8>, XlsxError> {
    let m = a.model;
    let st = Styles::new();
    let mut wb = Workbook::new();
    let name = m.name.get(lang);
    let title = title(a, lang);
    wb.set_properties(&properties(&title, lang)?);
    let mut taken = crate::unique::Taken::ignoring_case();
    let overview = sheet_name(lang.pick("Contracts", "契約一覧"), &mut taken);
    let sheets: Vec<String> = annexes
        .iter()
        .map(|x| sheet_name(&m.contracts[x.contract].id, &mut taken))
        .collect();
    let cx = a.ctx();

    let ws = add.add(&mut wb);
    ws.set_name(&overview)?;
    let all = annexes.first().is_some_and(|x| x.all_packages);
    let listed = annexes
        .iter()
        .zip(&sheets)
        .map(|(x, sheet)| (std::borrow::Cow::Borrowed(x), sheet.as_str()));
    let where_ = lang.pick("sheet", "シート");
    contracts_sheet(ws, a, all, listed, where_, &st, &title, lang)?;

    for (i, x) in annexes.iter().enumerate() {
        let c = &m.contracts[x.contract];
        let ws = add.add(&mut wb);
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
                terms_text(x, lang),
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
            put(ws, r, 0, &no_rows_text(a, x, lang), &st.note)?;
            r += 1;
        } else {
            ws.autofilter(table_top, 0, r - 1, cols.len() as u16 - 1)?;
        }
        r += 1;
        put(ws, r, 0, clauses_heading(x, lang), &st.label)?;
        r += 1;
        put(ws, r, 0, draft_note(lang), &st.note)?;
        r += 1;
        for (k, h) in [
            lang.pick("clause", "条"),
            lang.pick("group", "分類"),
            lang.pick("title", "名称"),
            lang.pick("text", "条文"),
        ]
        .iter()
        .enumerate()
        {
            put(ws, r, k as u16, h, &st.header)?;
        }
        r += 1;
        let gs = groups(a, x);
        if gs.is_empty() {
            put(ws, r, 0, no_clauses_text(x, lang), &st.note)?;
            r += 1;
        }
        for (n, g) in gs.iter().enumerate() {
            let n = n + 1;
            put(ws, r, 0, &tr!(lang, "Clause {n}", "第{n}条"), &st.cell)?;
            put(ws, r, 1, &g.category, &st.cell)?;
            put(ws, r, 2, g.title.get(lang), &st.cell)?;
            // The paragraphs numbered, in the annex's language, one cell to paste.
            let text: Vec<String> = g
                .clause
                .iter()
                .enumerate()
                .map(|(k, p)| format!("{}. {}", k + 1, p.get(lang)))
                .collect();
            put(ws, r, 3, &text.join("\n"), &st.cell)?;
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

/// The overview of contracts: the title and provenance, then one row per contract of `listed`
/// (its annex and where it is: `where_` heads the column of sheet or file names).
#[allow(clippy::too_many_arguments)]
fn contracts_sheet<'x>(
    ws: &mut rust_xlsxwriter::Worksheet,
    a: &Analysis,
    all: bool,
    listed: impl Iterator<Item = (std::borrow::Cow<'x, ContractAnnex>, &'x str)>,
    where_: &str,
    st: &Styles,
    title: &str,
    lang: Lang,
) -> Result<(), XlsxError> {
    let m = a.model;
    put(ws, 0, 0, title, &st.title)?;
    let mut r = 1;
    for l in provenance(a, all, lang) {
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
        where_,
    ];
    let widths = [18.0, 16.0, 16.0, 22.0, 40.0, 40.0, 12.0, 12.0, 18.0];
    for (c, h) in head.iter().enumerate() {
        put(ws, r, c as u16, h, &st.header)?;
        ws.set_column_width(c as u16, widths[c])?;
    }
    let top = r;
    r += 1;
    for (x, place) in listed {
        let c = &m.contracts[x.contract];
        let open = x
            .findings
            .iter()
            .filter(|&&f| a.findings[f].is_active())
            .count();
        let vals = [
            Value::Text(c.id.clone()),
            Value::Text(m.parties[c.client].id.clone()),
            Value::Text(m.parties[c.contractor].id.clone()),
            Value::Text(c.kind.label(lang).to_string()),
            Value::Text(terms_text(&x, lang)),
            Value::Text(support_text(&x, lang)),
            Value::Count(x.rows.len()),
            Value::Count(open),
            Value::Text(place.to_string()),
        ];
        for (k, v) in vals.iter().enumerate() {
            put_value(ws, r, k as u16, v, &st.cell)?;
        }
        r += 1;
    }
    ws.set_freeze_panes(top + 1, 1)?;
    ws.autofilter(top, 0, r.saturating_sub(1).max(top), head.len() as u16 - 1)?;

    Ok(())
}
