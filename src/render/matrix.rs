//! The responsibility matrix: one row per requirement (or item) and role, one column per party,
//! with L (responsible), S (support) and I (infrastructure) marks.

use std::fmt::Write;

use crate::allocate::Status;
use crate::i18n::Lang;
use crate::style::{Paint, pad, truncate, width};
use crate::style::{WIDTH, csv_safe};
use crate::{Analysis, tr};

mod json;
pub use json::{render_json, write_json};

mod cells;
pub use cells::{Cell, RowCells, cell, mark};

fn legend(lang: Lang) -> String {
    lang.pick(
        "L responsible (the lead; for organisation duties each organisation; for contract duties the client) · S support · I infrastructure · A agrees to a contract duty as the contractor · (scope) the scope of a lead or contribution · package M mandatory, S standard, ? or (inferred): no source states it (our reading)",
        "L 責任者 (主体。組織単位の要求事項では各組織、契約単位では発注者) · S 支援 · I インフラ · A 契約単位の要求事項に受注者として合意 · (範囲) 主体または支援の範囲 · パッケージ 必 必須、標 標準、? または（推定）: 資料に記載がない (本ツールの解釈)",
    )
    .to_string()
}

fn status_text(s: Status, lang: Lang, paint: Paint) -> String {
    let l = s.label(lang);
    match s {
        Status::Unassigned | Status::NoLead => paint.red(l),
        Status::MultipleLeads => paint.yellow(l),
        Status::Waived | Status::NotApplicable => paint.dim(l),
        _ => l.to_string(),
    }
}

/// The matrix as text, in pages of parties that fit 80 columns.
pub fn render_text(a: &Analysis, lang: Lang, paint: Paint) -> String {
    let mut out = Vec::new();
    write_text(&mut out, a, lang, paint).expect("writing to memory");
    String::from_utf8(out).expect("the matrix is UTF-8")
}

/// [`render_text`] written to `w` a window of pages at a time, so that the matrix of a large
/// chain (hundreds of megabytes of text at 100k parties) is never held whole; the same bytes.
pub fn write_text(
    w: &mut dyn std::io::Write,
    a: &Analysis,
    lang: Lang,
    paint: Paint,
) -> std::io::Result<()> {
    let m = a.model;
    let mut out = String::new();
    let name = crate::style::shown(m.name.get(lang));
    let title = tr!(lang, "Responsibility matrix: {name}", "責任分担表: {name}");
    let _ = writeln!(out, "{}", paint.bold(&title));
    for l in crate::style::wrap(&legend(lang), WIDTH, "  ", "  ") {
        let _ = writeln!(out, "{}", paint.dim(&l));
    }
    out.push('\n');
    // Fixed columns: id 10, role 3, pkg 3, status 14 = 30 + gaps; 3 columns per party.
    let id_w = a
        .allocations
        .iter()
        .map(|al| width(al.unit(a.catalog).id()))
        .max()
        .unwrap_or(8)
        .max(8);
    let status_w = a
        .allocations
        .iter()
        .map(|al| width(al.status.label(lang)))
        .max()
        .unwrap_or(8);
    let fixed = id_w + 1 + 2 + 1 + 3 + 1 + status_w + 1;
    let per_page = ((WIDTH - fixed) / 3).max(1);
    let n = m.parties.len();
    let pages: Vec<std::ops::Range<usize>> = (0..n.div_ceil(per_page).max(1))
        .map(|p| p * per_page..((p + 1) * per_page).min(n))
        .collect();
    // Each allocation's cells once, for every page; the pages (independent of each other)
    // made on every core a window at a time and written in order.
    use rayon::prelude::*;
    let rows: Vec<RowCells> = a
        .allocations
        .par_iter()
        .map(|al| RowCells::new(a, al))
        .collect();
    let page = Page {
        a,
        lang,
        paint,
        rows: &rows,
        id_w,
        status_w,
    };
    let init = || ();
    let make = |_: &mut (), k: usize| page.text(pages[k].clone());
    w.write_all(out.as_bytes())?;
    let mut ahead = crate::parallel::Ahead::new(pages.len(), &init, &make);
    for k in 0..pages.len() {
        w.write_all(ahead.take(k).as_bytes())?;
    }
    Ok(())
}

/// What every page of the text matrix shares.
struct Page<'p, 'a> {
    a: &'p Analysis<'a>,
    lang: Lang,
    paint: Paint,
    rows: &'p [RowCells<'p>],
    id_w: usize,
    status_w: usize,
}

impl Page<'_, '_> {
    /// The page of the parties `range`: its key, its header, a row per allocation, its notes.
    fn text(&self, range: std::ops::Range<usize>) -> String {
        let (a, lang, paint, rows) = (self.a, self.lang, self.paint, self.rows);
        let (id_w, status_w) = (self.id_w, self.status_w);
        let m = a.model;
        let mut out = String::new();
        // Party key for this page.
        for (k, pi) in range.clone().enumerate() {
            let p = &m.parties[pi];
            let label = format!(
                "{:>2} {} ({})",
                k + 1 + range.start,
                crate::style::shown(&p.id),
                crate::style::shown(p.name.get(lang))
            );
            let _ = writeln!(out, "  {}", truncate(&label, WIDTH - 2));
        }
        out.push('\n');
        let mut head = format!(
            "{} {} {} {}",
            pad(lang.pick("req/item", "要求"), id_w),
            pad(lang.pick("R", "役"), 2),
            pad(lang.pick("P", "包"), 3),
            pad(lang.pick("status", "状態"), status_w)
        );
        for pi in range.clone() {
            head.push_str(&format!("{:>3}", pi + 1));
        }
        let _ = writeln!(out, "{}", paint.bold(head.trim_end()));
        let mut notes: Vec<(usize, crate::Role, String)> = Vec::new();
        let mut noted: std::collections::HashSet<(usize, crate::Role, String)> =
            std::collections::HashSet::new();
        let mut bounded = false;
        for (al, cells) in a.allocations.iter().zip(rows) {
            let u = al.unit(a.catalog);
            let mut pkg = match al.package {
                crate::Package::Mandatory => lang.pick("M", "必"),
                crate::Package::Standard => lang.pick("S", "標"),
            }
            .to_string();
            if u.package_inferred() {
                pkg.push('?');
            }
            let role = match lang {
                Lang::En => al.role.letter().to_string(),
                Lang::Ja => al
                    .role
                    .label(lang)
                    .chars()
                    .next()
                    .map(String::from)
                    .unwrap_or_default(),
            };
            let status = status_text(al.status, lang, paint);
            let status_pad = status_w.saturating_sub(width(al.status.label(lang)));
            let mut row = format!(
                "{} {} {} {}{}",
                pad(u.id(), id_w),
                pad(&role, 2),
                pad(&pkg, 3),
                status,
                " ".repeat(status_pad)
            );
            for pi in range.clone() {
                let c = cells.get(pi);
                let mk = if c.mark.is_empty() { "." } else { c.mark };
                match c.note() {
                    None => row.push_str(&format!("{mk:>3}")),
                    Some(text) => {
                        // The column is three wide: the scope and the days go to the page's
                        // notes.
                        row.push_str(&format!("{:>3}", format!("{mk}*")));
                        bounded |= !c.periods.is_always();
                        let note = (pi, al.role, text);
                        if noted.insert(note.clone()) {
                            notes.push(note);
                        }
                    }
                }
            }
            let _ = writeln!(out, "{}", row.trim_end());
        }
        if !notes.is_empty() {
            notes.sort();
            let head = if bounded {
                lang.pick("* scoped or time-bounded:", "* 範囲・期間あり:")
            } else {
                lang.pick("* scoped:", "* 範囲あり:")
            };
            let _ = writeln!(out, "{}", paint.dim(head));
            for (pi, role, scopes) in notes {
                let line = format!(
                    "  {} {} {}: {}",
                    pi + 1,
                    crate::style::shown(&m.parties[pi].id),
                    role.label(lang),
                    crate::style::shown(&scopes)
                );
                let _ = writeln!(out, "{}", truncate(&line, WIDTH));
            }
        }
        out.push('\n');
        out
    }
}

fn md_escape(s: &str) -> String {
    crate::style::md_inline(s)
}

/// The matrix as a Markdown table.
pub fn render_markdown(a: &Analysis, lang: Lang) -> String {
    let m = a.model;
    let mut out = String::new();
    let name = md_escape(m.name.get(lang));
    let _ = writeln!(
        out,
        "# {}\n",
        tr!(lang, "Responsibility matrix: {name}", "責任分担表: {name}")
    );
    let _ = writeln!(out, "{}\n", md_escape(&legend(lang)));
    let mut head = format!(
        "| {} | {} | {} | {} | {} |",
        lang.pick("Requirement", "要求事項"),
        lang.pick("Title", "名称"),
        lang.pick("Role", "役割"),
        lang.pick("Package", "パッケージ"),
        lang.pick("Status", "状態")
    );
    let mut rule = "|---|---|---|---|---|".to_string();
    for p in &m.parties {
        head.push_str(&format!(" {} |", md_escape(&p.id)));
        rule.push_str(":-:|");
    }
    let _ = writeln!(out, "{head}\n{rule}");
    // The rows (independent of each other) made on every core a window at a time, in order.
    let init = || ();
    let make = |_: &mut (), i: usize| {
        let al = &a.allocations[i];
        let u = al.unit(a.catalog);
        let mut row = format!(
            "| {} | {} | {} | {} | {} |",
            md_escape(u.id()),
            md_escape(u.title().get(lang)),
            al.role.label(lang),
            u.package_label(lang),
            al.status.label(lang)
        );
        let cells = RowCells::new(a, al);
        for pi in 0..m.parties.len() {
            let _ = write!(row, " {} |", md_escape(&cells.get(pi).text()));
        }
        row.push('\n');
        row
    };
    let mut ahead = crate::parallel::Ahead::new(a.allocations.len(), &init, &make);
    for i in 0..a.allocations.len() {
        out.push_str(&ahead.take(i));
    }
    out.push('\n');
    let _ = writeln!(out, "{}\n", lang.pick("Parties:", "関係者:"));
    for p in &m.parties {
        let _ = writeln!(
            out,
            "- `{}`: {} ({})",
            p.id.replace('`', "'"),
            md_escape(p.name.get(lang)),
            p.division.label(lang)
        );
    }
    out
}

/// The matrix as CSV: safe against formula injection in spreadsheet programs. English keeps
/// the keys (`role`, `no-lead`) for scripts; Japanese translates headers and values.
pub fn render_csv(a: &Analysis, lang: Lang) -> String {
    let m = a.model;
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // English keeps the keys, for scripts; Japanese is for people in a spreadsheet: its
    // headers and values are words.
    let word = |key: &'static str, label: &'static str| match lang {
        Lang::En => key,
        Lang::Ja => label,
    };
    let mut head: Vec<String> = vec![
        word("requirement", "要求事項").into(),
        word("item", "個別要求").into(),
        lang.pick("title", "名称").into(),
        word("role", "役割").into(),
        word("package", "パッケージ").into(),
        word("status", "状態").into(),
        // After the columns scripts read by position: is the package our reading?
        word("package_inferred", "パッケージの根拠").into(),
    ];
    head.extend(m.parties.iter().map(|p| csv_safe(&p.id)));
    w.write_record(&head).expect("writing to memory");
    // The rows (independent of each other) made on every core a window at a time, each by a
    // writer of its own (a record is written the same by any writer), in order.
    let init = || ();
    let make = |_: &mut (), i: usize| {
        let al = &a.allocations[i];
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        let u = al.unit(a.catalog);
        let mut row: Vec<String> = vec![
            csv_safe(&u.requirement.id),
            csv_safe(u.item.map_or("", |i| &i.id)),
            csv_safe(u.title().get(lang)),
            word(al.role.key(), al.role.label(lang)).into(),
            word(al.package.key(), al.package.label(lang)).into(),
            word(al.status.key(), al.status.label(lang)).into(),
            match (lang, u.package_inferred()) {
                (Lang::En, inferred) => inferred.to_string(),
                (Lang::Ja, true) => "推定 (本ツールの解釈)".into(),
                (Lang::Ja, false) => "資料".into(),
            },
        ];
        let cells = RowCells::new(a, al);
        row.extend((0..m.parties.len()).map(|pi| csv_safe(&cells.get(pi).text())));
        w.write_record(&row).expect("writing to memory");
        w.into_inner().expect("writing to memory")
    };
    let mut ahead = crate::parallel::Ahead::new(a.allocations.len(), &init, &make);
    let mut out = w.into_inner().expect("writing to memory");
    for i in 0..a.allocations.len() {
        out.extend_from_slice(&ahead.take(i));
    }
    String::from_utf8(out).expect("CSV of UTF-8 strings is UTF-8")
}
