//! The contract annex (契約別紙) as a document: Markdown, or plain text that pastes into a word
//! processor as it is (no escapes, no table pipes). Both come from one walk over the annex;
//! only the markup differs.

use std::fmt::Write;

use super::render::{
    clauses_heading, draft_note, no_clauses_text, no_open_text, no_rows_text, provenance,
    roles_text, scope_label, support_text, terms_text,
};
use crate::annex::{ContractAnnex, also_ids, finding_groups, groups};
use crate::checklist::{duty_label, qualifier_label, source_line};
use crate::findings::{instance_id, render};
use crate::i18n::Lang;
use crate::style::{md_inline, shown};
use crate::{Analysis, tr};

/// The markup of the document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Md,
    Txt,
}

impl Form {
    /// Text from the model or a message, made safe for the form.
    fn esc(self, s: &str) -> String {
        match self {
            Form::Md => md_inline(s),
            Form::Txt => shown(s).into_owned(),
        }
    }

    /// A heading of level 1 to 3 (already escaped).
    fn heading(self, out: &mut String, level: usize, text: &str) {
        match self {
            Form::Md => {
                let _ = writeln!(out, "{} {text}\n", "#".repeat(level));
            }
            Form::Txt => {
                let under = match level {
                    1 => "=",
                    2 => "-",
                    _ => "",
                };
                let _ = writeln!(out, "{text}");
                if !under.is_empty() {
                    let _ = writeln!(out, "{}", under.repeat(crate::style::width(text)));
                }
                out.push('\n');
            }
        }
    }
}

/// The escaped text the annexes of a chain repeat, made once: the requirement rows (the same
/// catalog units, roles and duties under contract after contract) and the draft clauses (the
/// same paragraphs for every contract of a kind). Escaping them again for every contract was
/// most of an every-contract annex's time (issue 10), as the per-unit cache was for the
/// checklist. Text met once (ids, names, findings) is escaped as before. The bytes are the
/// same.
struct Memo {
    form: Form,
    done: rustc_hash::FxHashMap<String, String>,
    /// Per catalog unit (requirement, item), its escaped id, title, package and source cells:
    /// a requirement row's cells that depend on the unit alone, made once rather than made and
    /// looked up in `done` on every row (most of an every-contract annex's bytes).
    units: rustc_hash::FxHashMap<(usize, Option<usize>), [String; 4]>,
}

/// The most texts a [`Memo`] keeps: a bound on its memory for a chain whose clauses or rows
/// all differ (past it, text is escaped each time, as without the memo).
const MEMO_MOST: usize = 65_536;

impl Memo {
    fn new(form: Form) -> Memo {
        Memo {
            form,
            done: rustc_hash::FxHashMap::default(),
            units: rustc_hash::FxHashMap::default(),
        }
    }

    /// The escaped id, title, package and source cells of row `r`'s unit, made the first time
    /// the unit is met.
    fn unit_cells(&mut self, a: &Analysis, r: &crate::checklist::Row, lang: Lang) -> &[String; 4] {
        let al = r.alloc(a);
        let form = self.form;
        self.units
            .entry((al.requirement, al.item))
            .or_insert_with(|| {
                let u = r.unit(a);
                [
                    form.esc(u.id()),
                    form.esc(u.title().get(lang)),
                    form.esc(&u.package_label(lang)),
                    form.esc(&source_line(&u, lang)),
                ]
            })
    }

    /// `form.esc(s)`, made the first time `s` is met.
    fn esc(&mut self, s: &str) -> std::borrow::Cow<'_, str> {
        if !self.done.contains_key(s) {
            if self.done.len() >= MEMO_MOST {
                return std::borrow::Cow::Owned(self.form.esc(s));
            }
            self.done.insert(s.to_string(), self.form.esc(s));
        }
        std::borrow::Cow::Borrowed(&self.done[s])
    }
}

/// The annexes as Markdown: one section per contract. Text is escaped only where Markdown
/// would read it as markup ([`md_inline`]).
pub fn render_markdown(a: &Analysis, annexes: &[ContractAnnex], lang: Lang) -> String {
    document(a, annexes, lang, false)
}

/// The annexes as plain text, for pasting into a contract in a word processor: no escapes,
/// no Markdown; terminal control characters are shown, not sent.
pub fn render_text(a: &Analysis, annexes: &[ContractAnnex], lang: Lang) -> String {
    document(a, annexes, lang, true)
}

fn document(a: &Analysis, annexes: &[ContractAnnex], lang: Lang, txt: bool) -> String {
    let mut out = Vec::new();
    write_document(&mut out, a, annexes, lang, txt).expect("writing to memory");
    String::from_utf8(out).expect("annexes are UTF-8")
}

/// [`render_markdown`] (`txt` false) or [`render_text`] (`txt` true) written to `w` one
/// contract at a time, so the annexes of every contract of a large chain are never held whole
/// in memory (issue 10); the bytes are the same.
pub fn write_document(
    w: &mut dyn std::io::Write,
    a: &Analysis,
    annexes: &[ContractAnnex],
    lang: Lang,
    txt: bool,
) -> std::io::Result<()> {
    let f = if txt { Form::Txt } else { Form::Md };
    let all = annexes.first().is_some_and(|x| x.all_packages);
    let mut out = head(a, all, lang, f);
    let mut memo = Memo::new(f);
    for x in annexes {
        one(a, x, lang, &mut memo, &mut out);
        w.write_all(out.as_bytes())?;
        out.clear();
    }
    w.write_all(out.as_bytes())
}

/// [`write_document`] of the annexes [`crate::annex::annex`] gives for `only` and
/// `all_packages`, each contract's annex built, written and dropped in turn, a window of them
/// made on every core ([`crate::parallel::Ahead`]): the annexes of every contract of a large
/// chain are never all in memory (issue 10). The bytes are the same.
pub fn write_annexes(
    w: &mut dyn std::io::Write,
    a: &Analysis,
    only: Option<crate::model::ContractIx>,
    all_packages: bool,
    lang: Lang,
    txt: bool,
) -> std::io::Result<()> {
    let f = if txt { Form::Txt } else { Form::Md };
    // As in `write_document`: the provenance names both packages only when there is an annex.
    let all = all_packages && (only.is_some() || !a.model.contracts.is_empty());
    let mut out = head(a, all, lang, f);
    w.write_all(out.as_bytes())?;
    out.clear();
    let mut memo = Memo::new(f);
    match only {
        Some(c) => {
            for x in crate::annex::annex(a, Some(c), all_packages) {
                one(a, &x, lang, &mut memo, &mut out);
            }
            w.write_all(out.as_bytes())
        }
        None => {
            // Each contract's annex is independent of the others: made on every core a
            // window at a time, each thread with its own memo, written in order.
            let every = crate::annex::Annexes::new(a, all_packages);
            let init = || Memo::new(f);
            let make = |memo: &mut Memo, c: usize| {
                let mut text = String::new();
                one(a, &every.get(c), lang, memo, &mut text);
                text
            };
            let n = a.model.contracts.len();
            let mut ahead = crate::parallel::Ahead::new(n, &init, &make);
            for c in 0..n {
                w.write_all(ahead.take(c).as_bytes())?;
            }
            Ok(())
        }
    }
}

/// The document's title, provenance and draft note.
fn head(a: &Analysis, all: bool, lang: Lang, f: Form) -> String {
    let mut out = String::new();
    let name = f.esc(a.model.name.get(lang));
    f.heading(
        &mut out,
        1,
        &tr!(lang, "Contract annexes: {name}", "契約別紙: {name}"),
    );
    for l in provenance(a, all, lang) {
        let _ = writeln!(out, "- {}", f.esc(&l));
    }
    let _ = writeln!(out, "\n{}\n", f.esc(draft_note(lang)));
    out
}

fn one(a: &Analysis, x: &ContractAnnex, lang: Lang, memo: &mut Memo, out: &mut String) {
    let f = memo.form;
    let m = a.model;
    let c = &m.contracts[x.contract];
    let party = |p: usize| {
        let q = &m.parties[p];
        f.esc(&format!(
            "{} ({}{}{})",
            q.id,
            q.name.get(lang),
            lang.pick(", ", "、"),
            q.division.label(lang)
        ))
    };
    let id = f.esc(&c.id);
    f.heading(out, 2, &tr!(lang, "Contract {id}", "契約 {id}"));
    let facts = [
        (lang.pick("Client", "発注者"), party(c.client)),
        (lang.pick("Contractor", "受注者"), party(c.contractor)),
        (lang.pick("Kind", "契約の種類"), f.esc(c.kind.label(lang))),
        (lang.pick("Roles", "役割"), f.esc(&roles_text(a, x, lang))),
        (
            lang.pick("Security terms ((2)-3)", "セキュリティ要件 ((2)-3)"),
            f.esc(&terms_text(x, lang)),
        ),
        (
            lang.pick("Support period", "サポート期間"),
            f.esc(&support_text(x, lang)),
        ),
    ];
    match f {
        Form::Md => {
            let _ = writeln!(out, "| | |\n|---|---|");
            for (k, v) in facts {
                let _ = writeln!(out, "| {k} | {v} |");
            }
        }
        Form::Txt => {
            for (k, v) in facts {
                let _ = writeln!(out, "{k}: {v}");
            }
        }
    }
    out.push('\n');

    requirements(a, x, lang, memo, out);
    clauses(a, x, lang, memo, out);

    if !x.subcontracts.is_empty() {
        f.heading(
            out,
            3,
            lang.pick(
                "The contractor's own subcontracts (where it must pass requirements on)",
                "受注者自身の再委託契約 (要求事項を引き継ぐ先)",
            ),
        );
        for &s in &x.subcontracts {
            let k = &m.contracts[s];
            let terms = if k.security_terms {
                lang.pick("security terms established", "セキュリティ要件確立済み")
            } else {
                lang.pick("security terms not established", "セキュリティ要件未確立")
            };
            let line = format!(
                "{} → {} ({}): {terms}",
                k.id,
                m.parties[k.contractor].id,
                k.kind.label(lang)
            );
            let _ = writeln!(out, "- {}", f.esc(&line));
        }
        out.push('\n');
    }

    findings(a, x, lang, f, out);
}

fn requirements(a: &Analysis, x: &ContractAnnex, lang: Lang, memo: &mut Memo, out: &mut String) {
    let f = memo.form;
    f.heading(
        out,
        3,
        lang.pick(
            "Requirements the contractor takes on under this contract",
            "本契約により受注者が担う要求事項",
        ),
    );
    if x.rows.is_empty() {
        let text = no_rows_text(a, x, lang);
        let _ = writeln!(out, "{}\n", f.esc(&text));
        return;
    }
    let head = [
        lang.pick("ID", "ID"),
        lang.pick("Title", "名称"),
        lang.pick("Role", "役割"),
        lang.pick("Qualifier", "区分"),
        lang.pick("Duty", "責務の種類"),
        lang.pick("Package", "パッケージ"),
        lang.pick("Source", "出典"),
    ];
    if f == Form::Md {
        let _ = writeln!(
            out,
            "| {} |\n|---|---|---|---|---|---|---|",
            head.join(" | ")
        );
    }
    for r in &x.rows {
        let roles: Vec<String> = r.roles.iter().map(|x| x.label(lang).to_string()).collect();
        let mut q = qualifier_label(r, lang).to_string();
        if !r.scopes.is_empty() {
            let scopes: Vec<String> = r.scopes.iter().map(|s| scope_label(s, lang)).collect();
            q.push_str(&format!(" ({})", lang.list(&scopes)));
        }
        // The row's own cells, escaped; the unit's come escaped from the memo.
        let raw = [lang.list(&roles), q, duty_label(r, lang)];
        let own = raw.each_ref().map(|v| memo.esc(v).into_owned());
        let [id, title, package, source] = memo.unit_cells(a, r, lang);
        let cells: [&str; 7] = [id, title, &own[0], &own[1], &own[2], package, source];
        match f {
            Form::Md => {
                out.push('|');
                for c in cells {
                    out.push(' ');
                    out.push_str(c);
                    out.push_str(" |");
                }
                out.push('\n');
            }
            Form::Txt => {
                // `S(1)-1.1 Title` on one line, the other columns as `label: value` under it.
                let _ = writeln!(out, "- {} {}", cells[0], cells[1]);
                // A cell is left out when its text is blank before escaping, as it always was.
                let blank =
                    [&raw[0][..], &raw[1], &raw[2], package, source].map(|v| v.trim().is_empty());
                let rest: Vec<String> = head[2..]
                    .iter()
                    .zip(&cells[2..])
                    .zip(blank)
                    .filter(|(_, blank)| !blank)
                    .map(|((k, v), _)| format!("{k}: {v}"))
                    .collect();
                let _ = writeln!(out, "  {}", rest.join(lang.pick("; ", "、")));
            }
        }
    }
    out.push('\n');
}

/// The draft clauses, numbered (`Clause 1`, `第1条`), each in numbered paragraphs, in the
/// annex's language only: the text to paste into the contract.
fn clauses(a: &Analysis, x: &ContractAnnex, lang: Lang, memo: &mut Memo, out: &mut String) {
    let f = memo.form;
    f.heading(out, 3, clauses_heading(x, lang));
    let gs = groups(a, x);
    if gs.is_empty() {
        let text = no_clauses_text(x, lang);
        let _ = writeln!(out, "{}\n", f.esc(text));
        return;
    }
    for (n, g) in gs.iter().enumerate() {
        let n = n + 1;
        let title = format!("{} {}", g.category, g.title.get(lang));
        let head = tr!(lang, "Clause {n}. {title}", "第{n}条 ({title})");
        match f {
            Form::Md => {
                let _ = writeln!(out, "**{}**\n", memo.esc(&head));
            }
            Form::Txt => {
                let _ = writeln!(out, "{}", memo.esc(&head));
            }
        }
        for (k, p) in g.clause.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", k + 1, memo.esc(p.get(lang)));
        }
        out.push('\n');
    }
}

fn findings(a: &Analysis, x: &ContractAnnex, lang: Lang, f: Form, out: &mut String) {
    let m = a.model;
    f.heading(
        out,
        3,
        lang.pick(
            "Open findings about this contract",
            "この契約に関する未解決の指摘",
        ),
    );
    let cx = a.ctx();
    let (open, waived): (Vec<usize>, Vec<usize>) =
        x.findings.iter().partition(|&&i| a.findings[i].is_active());
    if open.is_empty() {
        let _ = writeln!(out, "{}", f.esc(no_open_text(!waived.is_empty(), lang)));
    }
    for g in finding_groups(a, &open) {
        let fd = &a.findings[g[0]];
        let r = render(fd, &cx, lang);
        let mut line = format!(
            "{}[{}]: {}",
            fd.severity.label(lang),
            fd.code.key(),
            r.message
        );
        let also = also_ids(a, &g);
        if !also.is_empty() {
            let ids = also.join(", ");
            line.push_str(&tr!(lang, " (same for: {ids})", " (同様: {ids})"));
        }
        let fix = &r.fix;
        line.push_str(&tr!(lang, " — fix: {fix}", " — 対処: {fix}"));
        let _ = writeln!(out, "- {}", f.esc(&line));
    }
    for i in waived {
        let fd = &a.findings[i];
        let w = &m.waivers[fd.waived_by.expect("waived findings name their waiver")];
        let id = instance_id(fd, &cx);
        let reason = &w.reason;
        let until = w.until;
        let line = tr!(
            lang,
            "waived: {id} — \"{reason}\", until {until}",
            "免除済み: {id} — 「{reason}」、期限 {until}"
        );
        let _ = writeln!(out, "- {}", f.esc(&line));
    }
    out.push('\n');
}
