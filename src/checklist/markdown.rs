//! The self-declaration checklist as Markdown: the entry form (a heading per row, its notes
//! and a checkbox per status), and past 250 parties the register of every party
//! ([`super::register`]). The columns and rows are those of every format ([`super::render`]).

use std::fmt::Write;

use super::register;
use super::render::{provenance, source_note, title};
use crate::checklist::{
    self, Column, Declared, Row, duty_label, inference_notes, origin_words, source_line,
};
use crate::i18n::Lang;
use crate::model::PartyIx;
use crate::style::md_inline;
use crate::{Analysis, tr};

/// The checklist as Markdown: one section per party, one entry per row with a checkbox per
/// status. Every string from the model and the catalog is escaped.
pub fn render_markdown(a: &Analysis, party: Option<PartyIx>, lang: Lang) -> String {
    let mut out = Vec::new();
    write_markdown(&mut out, a, party, lang).expect("writing to memory");
    String::from_utf8(out).expect("Markdown is UTF-8")
}

/// [`render_markdown`] written to `w` one party at a time, so a checklist of every party of a
/// large chain is never held whole in memory (issue 10); the bytes are the same.
pub fn write_markdown(
    w: &mut dyn std::io::Write,
    a: &Analysis,
    party: Option<PartyIx>,
    lang: Lang,
) -> std::io::Result<()> {
    let m = a.model;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_inline(&title(a, lang)));
    for l in provenance(a, lang) {
        let _ = writeln!(out, "- {}", md_inline(&l));
    }
    out.push('\n');
    let register = party.is_none() && register::is_register(a);
    if register {
        let _ = writeln!(out, "{}\n", register::intro(lang, m.parties.len()));
    } else {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick(
                "For each row, tick one status and give the evidence. Rows are identified by party, id and role. To have the statuses read back by `rolemap check --status`, fill in the XLSX or CSV checklist instead.",
                "各行で実施状況を一つ選び、エビデンスを記入してください。行は関係者・ID・役割で識別します。`rolemap check --status` で読み込むには、XLSX または CSV のチェックリストに記入してください。",
            )
        );
    }
    let _ = writeln!(out, "{}\n", source_note(lang));
    w.write_all(out.as_bytes())?;
    out.clear();
    match party {
        Some(p) => {
            let mut cache = MarkdownCache::new(lang);
            party_markdown(a, None, p, lang, &mut cache, &mut out);
            w.write_all(out.as_bytes())
        }
        None => {
            // Each party's checklist is independent of the others: made on every core a
            // window at a time, each thread with its own cache, written in order.
            let ix = checklist::RowIndex::new(a);
            let head = register::table_head(lang);
            if register {
                w.write_all(
                    register::requirements(a, lang, &mut MarkdownCache::new(lang)).as_bytes(),
                )?;
            }
            let init = || MarkdownCache::new(lang);
            let make = |cache: &mut MarkdownCache, p: usize| {
                let mut text = String::new();
                if register {
                    register::party(a, &ix, p, lang, &head, cache, &mut text);
                } else {
                    party_markdown(a, Some(&ix), p, lang, cache, &mut text);
                }
                text
            };
            let mut ahead = crate::parallel::Ahead::new(m.parties.len(), &init, &make);
            for p in 0..m.parties.len() {
                w.write_all(ahead.take(p).as_bytes())?;
            }
            Ok(())
        }
    }
}

/// Party `p`'s section of the Markdown checklist, its rows from `ix` (else a scan).
fn party_markdown(
    a: &Analysis,
    ix: Option<&checklist::RowIndex>,
    p: PartyIx,
    lang: Lang,
    cache: &mut MarkdownCache,
    out: &mut String,
) {
    let rows = match ix {
        Some(ix) => ix.rows(a, p),
        None => checklist::rows(a, Some(p)),
    };
    party_heading(a, p, &rows, lang, out);
    for r in &rows {
        row_markdown(a, r, lang, cache, out);
    }
}

/// A party's heading in the Markdown checklist, the line of its counts, and the line that no
/// requirement falls on it when its `rows` are none: the same in the entry form and the
/// register.
pub(super) fn party_heading(a: &Analysis, p: PartyIx, rows: &[Row], lang: Lang, out: &mut String) {
    let m = a.model;
    let party = &m.parties[p];
    let _ = writeln!(
        out,
        "## {} — {}\n",
        md_inline(&party.id),
        md_inline(party.name.get(lang))
    );
    let div = party.division.label(lang);
    let org = lang.quote(&md_inline(&party.org));
    let n = rows.len();
    let mandatory = rows
        .iter()
        .filter(|r| r.alloc(a).package == crate::Package::Mandatory)
        .count();
    let _ = writeln!(
        out,
        "{}\n",
        tr!(
            lang,
            "{div} · organisation {org} · {n} rows, {mandatory} in the mandatory package",
            "{div} · 組織 {org} · {n} 行 (うち必須 {mandatory} 行)"
        )
    );
    if rows.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick(
                "No requirement falls on this party.",
                "この関係者に該当する要求事項はありません。"
            )
        );
    }
}

/// A header with its first letter in upper case, for Markdown labels.
pub(super) fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What a checklist's Markdown repeats on every row, made once: the labels, the status
/// checkboxes, and the escaped text of each catalog unit (id, titles, package, source,
/// inference notes). A checklist of every party of a large chain has millions of rows but only
/// as many units as the catalog; escaping their text once per unit instead of once per row was
/// most of its time (issue 10). The bytes are the same.
pub(super) struct MarkdownCache {
    /// `Role`, `Duty`, `Package`, `From`, `Source`, capitalised.
    role: String,
    duty: String,
    package: String,
    from: String,
    source: String,
    /// The status, evidence and remarks lines with the checkboxes, ending the entry.
    tail: String,
    /// Per (requirement, item) of the catalog, the unit's text once made.
    units:
        std::collections::HashMap<(usize, Option<usize>), UnitMarkdown, rustc_hash::FxBuildHasher>,
}

/// The escaped text of one catalog unit in a Markdown checklist.
pub(super) struct UnitMarkdown {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) other_title: String,
    pub(super) package: String,
    /// The source line and the inference notes, as written after the `From` line.
    pub(super) source_and_notes: String,
}

impl MarkdownCache {
    pub(super) fn new(lang: Lang) -> MarkdownCache {
        let label = |c: Column| cap(c.header(lang));
        let mut tail = String::new();
        let _ = writeln!(tail, "- {}:", label(Column::Status));
        for d in Declared::ALL {
            let _ = writeln!(tail, "  - [ ] {} ({})", d.label(Lang::Ja), d.word(Lang::En));
        }
        let _ = writeln!(tail, "- {}:", label(Column::Evidence));
        let _ = writeln!(tail, "- {}:", label(Column::Remarks));
        tail.push('\n');
        MarkdownCache {
            role: label(Column::Role),
            duty: label(Column::Duty),
            package: label(Column::Package),
            from: label(Column::From),
            source: label(Column::Source),
            tail,
            units: std::collections::HashMap::default(),
        }
    }

    /// The text of the catalog unit (`requirement`, `item`), made on first use.
    pub(super) fn unit_of(
        &mut self,
        a: &Analysis,
        requirement: usize,
        item: Option<usize>,
        lang: Lang,
    ) -> &UnitMarkdown {
        Self::unit(&mut self.units, &self.source, a, requirement, item, lang)
    }

    /// [`Self::unit_of`] borrowing only the units, so that the labels can be read beside it;
    /// `source` is the capitalised label.
    fn unit<'c>(
        units: &'c mut std::collections::HashMap<
            (usize, Option<usize>),
            UnitMarkdown,
            rustc_hash::FxBuildHasher,
        >,
        source: &str,
        a: &Analysis,
        requirement: usize,
        item: Option<usize>,
        lang: Lang,
    ) -> &'c UnitMarkdown {
        units.entry((requirement, item)).or_insert_with(|| {
            let req = &a.catalog.requirements[requirement];
            let u = crate::catalog::Unit {
                requirement: req,
                item: item.map(|i| &req.items[i]),
            };
            let other = match lang {
                Lang::En => Lang::Ja,
                Lang::Ja => Lang::En,
            };
            let mut source_and_notes = String::new();
            let _ = writeln!(
                source_and_notes,
                "- {source}: {}",
                md_inline(&source_line(&u, lang))
            );
            for note in inference_notes(&u, lang) {
                let _ = writeln!(source_and_notes, "  - {}", md_inline(&note));
            }
            UnitMarkdown {
                id: md_inline(u.id()),
                title: md_inline(u.title().get(lang)),
                other_title: md_inline(u.title().get(other)),
                package: u.package_label(lang),
                source_and_notes,
            }
        })
    }
}

/// A row's roles as the Markdown checklist writes them (`developer, supplier`), appended to
/// `out`.
pub(super) fn write_roles(out: &mut String, r: &Row, lang: Lang) {
    for (i, role) in r.roles.iter().enumerate() {
        if i > 0 {
            out.push_str(lang.pick(", ", "、"));
        }
        out.push_str(role.label(lang));
    }
}

/// A row's roles with the qualifier and the scopes (escaped), appended to `out`:
/// `operator (lead), scope use`.
pub(super) fn write_role_line(out: &mut String, r: &Row, lang: Lang) {
    write_roles(out, r, lang);
    if let Some(q) = r.qualifier {
        out.push_str(" (");
        out.push_str(q.label(lang));
        out.push(')');
    }
    if !r.scopes.is_empty() {
        out.push_str(lang.pick(", scope ", "、範囲 "));
        out.push_str(&md_inline(&r.scopes.join(", ")));
    }
}

fn row_markdown(a: &Analysis, r: &Row, lang: Lang, cache: &mut MarkdownCache, out: &mut String) {
    let mut role = String::new();
    write_roles(&mut role, r, lang);
    let mut role_line = String::new();
    write_role_line(&mut role_line, r, lang);
    let from: Vec<String> = origin_words(a, r, lang)
        .iter()
        .map(|s| md_inline(s))
        .collect();
    let duty = duty_label(r, lang);
    let al = r.alloc(a);
    let u = MarkdownCache::unit(
        &mut cache.units,
        &cache.source,
        a,
        al.requirement,
        al.item,
        lang,
    );
    let _ = writeln!(out, "### {} · {} — {}\n", u.id, role, u.title);
    let _ = writeln!(out, "*{}*\n", u.other_title);
    let _ = writeln!(
        out,
        "- {}: {role_line} · {}: {} · {}: {} · {}: {}",
        cache.role,
        cache.duty,
        duty,
        cache.package,
        u.package,
        cache.from,
        from.join(", ")
    );
    out.push_str(&u.source_and_notes);
    out.push_str(&cache.tail);
}
