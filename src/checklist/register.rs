//! The Markdown checklist of every party of a large chain as a register (issue 10: big outputs
//! that a person can still use). Past [`MOST_PARTIES`] parties, the entry form of
//! [`super::render::write_markdown`] (a heading, the catalog's notes and four checkboxes per
//! row) repeats the same catalog text millions of times: 2 GB for 100k parties, which no one
//! reads and which took seven times `check` to write. The register gives each requirement's
//! titles, source and inference notes once, under *Requirements*, and each party one table of
//! one line per row, with the same rows as the entry form. One party's checklist
//! (`--party ID`) keeps the entry form at any size.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::markdown::{MarkdownCache, cap, write_role_line};
use crate::checklist::{self, Column, Declared, origin_words, write_duty_label};
use crate::i18n::Lang;
use crate::style::md_inline_into;
use crate::{Analysis, tr};

/// Past this many parties, the Markdown checklist of every party is a register: the same bound
/// as the workbook's sheets ([`super::xlsx::MOST_SHEETS`]), so one size decides for every
/// format when a checklist of every party changes form.
pub const MOST_PARTIES: usize = super::xlsx::MOST_SHEETS;

/// Whether the Markdown checklist of every party of `a` is written as a register.
pub fn is_register(a: &Analysis) -> bool {
    a.model.parties.len() > MOST_PARTIES
}

/// The lines that say what the register is, written after the provenance in place of the entry
/// form's instruction.
pub fn intro(lang: Lang, parties: usize) -> String {
    let most = MOST_PARTIES;
    let statuses: Vec<String> = Declared::ALL
        .iter()
        .map(|d| format!("{} ({})", d.label(Lang::Ja), d.word(Lang::En)))
        .collect();
    let statuses = statuses.join(lang.pick(", ", "、"));
    tr!(
        lang,
        "This checklist covers {parties} parties, more than {most}: it is a register. Each requirement's titles, source and the reasons of what is inferred are given once, under Requirements; then each party has one table, one line per row, to fill in with a status ({statuses}) and the evidence. For one party's checklist with a checkbox per status, run `rolemap checklist MODEL --party ID`. To have the statuses read back by `rolemap check --status`, fill in the XLSX or CSV checklist instead.",
        "このチェックリストは {parties} 者 ({most} 者超) を扱うため、一覧表の形式です。要求事項ごとの名称・出典・推定の根拠は「要求事項」に一度だけ記載し、関係者ごとに一行が一項目の表を置きます。実施状況 ({statuses}) とエビデンスを記入してください。実施状況のチェックボックス付きの一関係者分は `rolemap checklist MODEL --party ID` で作成できます。`rolemap check --status` で読み込むには、XLSX または CSV のチェックリストに記入してください。"
    )
}

/// The *Requirements* section: every catalog unit some party holds, in catalog order, with its
/// titles in both languages, its package, its source and every inference with its reason.
pub(super) fn requirements(a: &Analysis, lang: Lang, cache: &mut MarkdownCache) -> String {
    let used: BTreeSet<(usize, Option<usize>)> = a
        .allocations
        .iter()
        .filter(|al| !al.responsible.is_empty() || !al.contributors.is_empty())
        .map(|al| (al.requirement, al.item))
        .collect();
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", lang.pick("Requirements", "要求事項"));
    for (requirement, item) in used {
        let u = cache.unit_of(a, requirement, item, lang);
        let _ = writeln!(out, "### {} — {}\n", u.id, u.title);
        let _ = writeln!(out, "*{}*\n", u.other_title);
        let _ = writeln!(
            out,
            "- {}: {}",
            cap(Column::Package.header(lang)),
            u.package
        );
        out.push_str(&u.source_and_notes);
        out.push('\n');
    }
    out
}

/// The header and rule of a party's table, made once.
pub(super) fn table_head(lang: Lang) -> String {
    let cols = [
        Column::Role,
        Column::Duty,
        Column::Package,
        Column::From,
        Column::Status,
        Column::Evidence,
        Column::Remarks,
    ];
    // The id and the title of the output language: headed as words, not as the CSV's columns
    // (`title (en)`), since the table has one title.
    let mut out = format!(
        "| {} | {} |",
        lang.pick("ID", "ID"),
        lang.pick("Title", "名称")
    );
    for c in cols {
        let _ = write!(out, " {} |", cap(c.header(lang)));
    }
    out.push_str("\n|---|---|");
    for _ in cols {
        out.push_str("---|");
    }
    out.push('\n');
    out
}

/// Party `p`'s section of the register: its heading, the line of counts the entry form has, and
/// its rows as one table (or the line that none falls on it).
pub(super) fn party(
    a: &Analysis,
    ix: &checklist::RowIndex,
    p: usize,
    lang: Lang,
    head: &str,
    cache: &mut MarkdownCache,
    out: &mut String,
) {
    let rows = ix.rows(a, p);
    super::markdown::party_heading(a, p, &rows, lang, out);
    if rows.is_empty() {
        return;
    }
    // About a line's bytes per row: the section grows once instead of by doubling.
    out.reserve(head.len() + rows.len() * 160);
    out.push_str(head);
    for r in &rows {
        let al = r.alloc(a);
        let u = cache.unit_of(a, al.requirement, al.item, lang);
        // Written straight into the section rather than through the entry form's strings: a
        // register of 100k parties has 2.4 million lines.
        out.push_str("| ");
        out.push_str(&u.id);
        out.push_str(" | ");
        out.push_str(&u.title);
        out.push_str(" | ");
        write_role_line(out, r, lang);
        out.push_str(" | ");
        write_duty_label(out, r, lang);
        out.push_str(" | ");
        out.push_str(&u.package);
        out.push_str(" | ");
        for (i, w) in origin_words(a, r, lang).iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            md_inline_into(out, w);
        }
        out.push_str(" | | | |\n");
    }
    out.push('\n');
}
