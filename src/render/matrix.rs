//! The responsibility matrix: one row per requirement (or item) and role, one column per party,
//! with L (responsible), S (support) and I (infrastructure) marks.

use std::fmt::Write;

use serde_json::{Value, json};

use super::style::{Paint, pad, truncate, width};
use super::{WIDTH, csv_safe};
use crate::allocate::{Allocation, Status};
use crate::i18n::Lang;
use crate::model::types::Qualifier;
use crate::{Analysis, tr};

/// The mark of one party in one allocation: `L`, `S`, `I`, or empty.
pub fn mark(al: &Allocation, party: usize) -> &'static str {
    if al.responsible.iter().any(|d| d.party == party) {
        return "L";
    }
    let mut best: Option<Qualifier> = None;
    for d in al.contributors.iter().filter(|d| d.party == party) {
        best = Some(match best {
            Some(b) => b.min(d.qualifier),
            None => d.qualifier,
        });
    }
    match best {
        Some(Qualifier::Lead) => "L",
        Some(Qualifier::Support) => "S",
        Some(Qualifier::Infra) => "I",
        None => "",
    }
}

fn legend(lang: Lang) -> String {
    lang.pick(
        "L responsible (the lead; for organisation duties each organisation; for contract duties the client) · S support · I infrastructure",
        "L 責任者 (主体。組織単位の要求事項では各組織、契約単位では発注者) · S 支援 · I インフラ",
    )
    .to_string()
}

fn status_text(s: Status, lang: Lang, paint: Paint) -> String {
    let l = s.label(lang);
    match s {
        Status::Unassigned | Status::NoLead => paint.red(l),
        Status::Waived | Status::NotApplicable => paint.dim(l),
        _ => l.to_string(),
    }
}

/// The matrix as text, in pages of parties that fit 80 columns.
pub fn render_text(a: &Analysis, lang: Lang, paint: Paint) -> String {
    let m = a.model;
    let mut out = String::new();
    let name = super::style::shown(m.name.get(lang));
    let title = tr!(lang, "Responsibility matrix: {name}", "責任分担表: {name}");
    let _ = writeln!(out, "{}", paint.bold(&title));
    for l in super::style::wrap(&legend(lang), WIDTH, "  ", "  ") {
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
    let fixed = id_w + 1 + 2 + 1 + 2 + 1 + status_w + 1;
    let per_page = ((WIDTH - fixed) / 3).max(1);
    let n = m.parties.len();
    let pages: Vec<std::ops::Range<usize>> = (0..n.div_ceil(per_page).max(1))
        .map(|p| p * per_page..((p + 1) * per_page).min(n))
        .collect();
    for range in pages {
        // Party key for this page.
        for (k, pi) in range.clone().enumerate() {
            let p = &m.parties[pi];
            let label = format!(
                "{:>2} {} ({})",
                k + 1 + range.start,
                super::style::shown(&p.id),
                super::style::shown(p.name.get(lang))
            );
            let _ = writeln!(out, "  {}", truncate(&label, WIDTH - 2));
        }
        out.push('\n');
        let mut head = format!(
            "{} {} {} {}",
            pad(lang.pick("req/item", "要求"), id_w),
            pad(lang.pick("R", "役"), 2),
            pad(lang.pick("P", "包"), 2),
            pad(lang.pick("status", "状態"), status_w)
        );
        for pi in range.clone() {
            head.push_str(&format!("{:>3}", pi + 1));
        }
        let _ = writeln!(out, "{}", paint.bold(head.trim_end()));
        for al in &a.allocations {
            let u = al.unit(a.catalog);
            let pkg = match al.package {
                crate::Package::Mandatory => lang.pick("M", "必"),
                crate::Package::Standard => lang.pick("S", "標"),
            };
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
                pad(pkg, 2),
                status,
                " ".repeat(status_pad)
            );
            for pi in range.clone() {
                let mk = mark(al, pi);
                row.push_str(&format!("{:>3}", if mk.is_empty() { "." } else { mk }));
            }
            let _ = writeln!(out, "{}", row.trim_end());
        }
        out.push('\n');
    }
    out
}

fn md_escape(s: &str) -> String {
    super::md_text(s)
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
    for al in &a.allocations {
        let u = al.unit(a.catalog);
        let mut row = format!(
            "| {} | {} | {} | {} | {} |",
            md_escape(u.id()),
            md_escape(u.title().get(lang)),
            al.role.label(lang),
            al.package.label(lang),
            al.status.label(lang)
        );
        for pi in 0..m.parties.len() {
            row.push_str(&format!(" {} |", mark(al, pi)));
        }
        let _ = writeln!(out, "{row}");
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

/// The matrix as CSV: safe against formula injection in spreadsheet programs.
pub fn render_csv(a: &Analysis, lang: Lang) -> String {
    let m = a.model;
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut head: Vec<String> = vec![
        "requirement".into(),
        "item".into(),
        lang.pick("title", "名称").into(),
        "role".into(),
        "package".into(),
        "status".into(),
    ];
    head.extend(m.parties.iter().map(|p| csv_safe(&p.id)));
    w.write_record(&head).expect("writing to memory");
    for al in &a.allocations {
        let u = al.unit(a.catalog);
        let mut row: Vec<String> = vec![
            csv_safe(&u.requirement.id),
            csv_safe(u.item.map_or("", |i| &i.id)),
            csv_safe(u.title().get(lang)),
            al.role.key().into(),
            al.package.key().into(),
            al.status.key().into(),
        ];
        row.extend((0..m.parties.len()).map(|pi| mark(al, pi).to_string()));
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory"))
        .expect("CSV of UTF-8 strings is UTF-8")
}

/// The matrix as JSON.
pub fn render_json(a: &Analysis, lang: Lang) -> Value {
    let m = a.model;
    let rows: Vec<Value> = a
        .allocations
        .iter()
        .map(|al| {
            let u = al.unit(a.catalog);
            let mut cells = serde_json::Map::new();
            for (pi, p) in m.parties.iter().enumerate() {
                let mk = mark(al, pi);
                if !mk.is_empty() {
                    cells.insert(p.id.clone(), json!(mk));
                }
            }
            json!({
                "requirement": u.requirement.id,
                "item": u.item.map(|i| i.id.as_str()),
                "title": u.title().get(lang),
                "role": al.role.key(),
                "package": al.package.key(),
                "status": al.status.key(),
                "cells": cells,
            })
        })
        .collect();
    json!({
        "schema": "rolemap/matrix/v1",
        "model": m.file.name(),
        "parties": m.parties.iter().map(|p| json!({"id": p.id, "name": p.name.get(lang)})).collect::<Vec<_>>(),
        "rows": rows,
    })
}
