//! `rolemap diff`: the changes between two models as text (80 columns, either language),
//! Markdown or JSON (`rolemap/diff/v1`).

mod contracts;
mod json;

pub use json::write_json;

use std::fmt::Write;

use crate::diff::{AllocationSide, Diff, FindingChange, FindingDiff, Presence};
use crate::findings::{Severity, render};
use crate::i18n::Lang;
use crate::model::types::Role;
use crate::style::WIDTH;
use crate::style::{Paint, wrap};
use crate::{Analysis, Summary, tr};

/// The JSON schema identifier.
pub const SCHEMA: &str = "rolemap/diff/v1";

/// The order and headings of the finding sections: (change, English, Japanese).
const SECTIONS: &[(FindingChange, &str, &str)] = &[
    (
        FindingChange::Introduced,
        "Findings introduced",
        "新たな指摘",
    ),
    (FindingChange::Resolved, "Findings resolved", "解消した指摘"),
    (
        FindingChange::SeverityChanged,
        "Findings whose severity changed",
        "重大度が変わった指摘",
    ),
];

/// The waiver sections, shown apart from the active findings.
const WAIVER_SECTIONS: &[(FindingChange, &str, &str)] = &[
    (FindingChange::NewlyWaived, "newly waived", "新たに免除"),
    (
        FindingChange::NoLongerWaived,
        "no longer waived",
        "免除されなくなった",
    ),
    (
        FindingChange::WaivedIntroduced,
        "new, already waived",
        "新規 (免除済み)",
    ),
    (
        FindingChange::WaivedResolved,
        "waived, now gone",
        "免除済みで解消",
    ),
];

fn party_label(a: &Analysis, p: usize, lang: Lang) -> String {
    let party = &a.model.parties[p];
    let name = crate::style::shown(party.name.get(lang));
    let id = crate::style::shown(&party.id);
    if name == id {
        id.into_owned()
    } else {
        match lang {
            Lang::En => format!("{id} ({name})"),
            Lang::Ja => format!("{id}({name})"),
        }
    }
}

/// A role in headings: `Operator` / `運用者`.
fn role_word(r: Role, lang: Lang) -> &'static str {
    match lang {
        Lang::En => r.name(),
        Lang::Ja => r.label(lang),
    }
}

fn ids(v: &[&str], lang: Lang) -> String {
    if v.is_empty() {
        lang.pick("nobody", "なし").to_string()
    } else {
        lang.list(v)
    }
}

/// Allocation changes that share role and both sides, shown once with every unit they cover.
struct Group<'d> {
    role: Role,
    old: Option<&'d AllocationSide<'d>>,
    new: Option<&'d AllocationSide<'d>>,
    units: Vec<&'d str>,
}

fn groups<'d>(d: &'d Diff) -> Vec<Group<'d>> {
    let mut out: Vec<Group> = Vec::new();
    for a in &d.allocations {
        let (o, n) = (a.old.as_ref(), a.new.as_ref());
        match out
            .iter_mut()
            .find(|g| g.role == a.role && g.old == o && g.new == n)
        {
            Some(g) => g.units.push(&a.unit),
            None => out.push(Group {
                role: a.role,
                old: o,
                new: n,
                units: vec![&a.unit],
            }),
        }
    }
    out
}

/// The lines describing how one side became the other: `responsible: a → b`.
fn change_lines(o: Option<&AllocationSide>, n: Option<&AllocationSide>, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    match (o, n) {
        (Some(o), Some(n)) => {
            if o.responsible != n.responsible {
                let (x, y) = (ids(&o.responsible, lang), ids(&n.responsible, lang));
                lines.push(tr!(lang, "responsible: {x} → {y}", "責任: {x} → {y}"));
            }
            if o.contributors != n.contributors {
                let (x, y) = (ids(&o.contributors, lang), ids(&n.contributors, lang));
                lines.push(tr!(lang, "contributors: {x} → {y}", "協力: {x} → {y}"));
            }
            if o.status != n.status {
                let (x, y) = (o.status.key(), n.status.key());
                lines.push(tr!(lang, "status: {x} → {y}", "状態: {x} → {y}"));
            }
        }
        (None, Some(n)) => {
            let (r, s) = (ids(&n.responsible, lang), n.status.key());
            lines.push(tr!(
                lang,
                "only in the new catalog: {s}, responsible: {r}",
                "新しいカタログのみ: {s}、責任: {r}"
            ));
        }
        (Some(o), None) => {
            let (r, s) = (ids(&o.responsible, lang), o.status.key());
            lines.push(tr!(
                lang,
                "only in the old catalog: {s}, responsible: {r}",
                "古いカタログのみ: {s}、責任: {r}"
            ));
        }
        (None, None) => {}
    }
    lines
}

fn summary_line(o: &Summary, n: &Summary, lang: Lang) -> String {
    let part = |en: &str, ja: &str, x: usize, y: usize| match lang {
        Lang::En if x == y => format!("{en} {y}"),
        Lang::En => format!("{en} {x} → {y}"),
        Lang::Ja if x == y => format!("{ja} {y} 件"),
        Lang::Ja => format!("{ja} {x} → {y} 件"),
    };
    let parts = [
        part("errors", "エラー", o.errors, n.errors),
        part("warnings", "警告", o.warnings, n.warnings),
        part("info", "情報", o.info, n.info),
        part("waived", "免除", o.waived, n.waived),
    ];
    format!(
        "{} {}",
        lang.pick("Summary:", "集計:"),
        parts.join(lang.pick(", ", "、"))
    )
}

/// Which analysis a finding of the diff is read from, and its index there.
fn side_of<'a>(
    f: &FindingDiff,
    old: &'a Analysis<'a>,
    new: &'a Analysis<'a>,
) -> (&'a Analysis<'a>, usize) {
    match (f.new, f.old) {
        (Some(n), _) => (new, n),
        (None, Some(o)) => (old, o),
        (None, None) => unreachable!("a finding change has at least one side"),
    }
}

fn severity_word(s: Severity, lang: Lang, paint: Paint) -> String {
    let w = s.label(lang);
    match s {
        Severity::Error => paint.red(w),
        Severity::Warning => paint.yellow(w),
        Severity::Info => paint.blue(w),
    }
}

/// The whole diff as text for a terminal.
pub fn render_text(d: &Diff, old: &Analysis, new: &Analysis, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let (on, nn) = (
        crate::style::shown(old.model.name.get(lang)),
        crate::style::shown(new.model.name.get(lang)),
    );
    let title = if on == nn {
        format!("rolemap diff: {nn}")
    } else {
        format!("rolemap diff: {on} → {nn}")
    };
    for l in wrap(&title, WIDTH, "", "  ") {
        let _ = writeln!(out, "{}", paint.bold(&l));
    }
    let (of, nf) = (old.model.file.name(), new.model.file.name());
    let pkg = new.package.label(lang);
    let line = tr!(
        lang,
        "{of} → {nf} · package: {pkg}",
        "{of} → {nf} · 要求パッケージ: {pkg}"
    );
    for l in wrap(&line, WIDTH, "  ", "  ") {
        let _ = writeln!(out, "{}", paint.dim(&l));
    }
    out.push('\n');
    if d.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "No changes in contracts, roles, allocations or findings.",
                "契約・役割・割当・指摘に変化はありません。"
            )
        );
        let _ = writeln!(
            out,
            "{}",
            summary_line(&d.old_summary, &d.new_summary, lang)
        );
        return out;
    }

    if !d.parties.is_empty() {
        let _ = writeln!(out, "{}", paint.bold(lang.pick("Roles", "役割")));
        out.push_str(&crate::parallel::text(&d.parties, |out, p| {
            let (who, note) = match p.presence() {
                Presence::Added => (
                    party_label(new, p.new.expect("added parties are new"), lang),
                    lang.pick(" (added)", " (追加)"),
                ),
                Presence::Removed => (
                    party_label(old, p.old.expect("removed parties are old"), lang),
                    lang.pick(" (removed)", " (削除)"),
                ),
                Presence::Kept => (
                    party_label(new, p.new.expect("kept parties are new"), lang),
                    "",
                ),
            };
            for l in wrap(&format!("{who}{note}"), WIDTH, "  ", "    ") {
                let _ = writeln!(out, "{l}");
            }
            for r in &p.gained {
                let _ = writeln!(out, "    {} {}", paint.green("+"), r.written());
            }
            for r in &p.lost {
                let _ = writeln!(out, "    {} {}", paint.red("-"), r.written());
            }
            if p.gained.is_empty() && p.lost.is_empty() {
                let _ = writeln!(out, "    {}", lang.pick("(no roles)", "(役割なし)"));
            }
        }));
        out.push('\n');
    }

    out.push_str(&contracts::text(d, old, new, lang, paint));

    if !d.allocations.is_empty() {
        let n = d.allocations.len();
        let head = match lang {
            Lang::En => format!("Allocations: {n} changed"),
            Lang::Ja => format!("割当: {n} 件の変化"),
        };
        let _ = writeln!(out, "{}", paint.bold(&head));
        for g in groups(d) {
            let units = g.units.join(", ");
            let role = role_word(g.role, lang);
            let t = format!("{role} · {units}");
            for l in wrap(&t, WIDTH, "  ", "    ") {
                let _ = writeln!(out, "{l}");
            }
            for c in change_lines(g.old, g.new, lang) {
                for l in wrap(&c, WIDTH, "    ", "      ") {
                    let _ = writeln!(out, "{l}");
                }
            }
        }
        out.push('\n');
    }

    for &(change, en, ja) in SECTIONS {
        let fs: Vec<&FindingDiff> = d.findings_of(change).collect();
        if fs.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{} ({})", paint.bold(lang.pick(en, ja)), fs.len());
        out.push_str(&crate::parallel::text(&fs, |out, f| {
            let (a, i) = side_of(f, old, new);
            let finding = &a.findings[i];
            let sev = match (change, f.old) {
                (FindingChange::SeverityChanged, Some(o)) => format!(
                    "{} → {}",
                    old.findings[o].severity.label(lang),
                    severity_word(finding.severity, lang, paint)
                ),
                _ => severity_word(finding.severity, lang, paint),
            };
            let _ = writeln!(out, "  {sev}: {}", paint.bold(&crate::style::shown(&f.id)));
            let r = render(finding, &a.ctx(), lang);
            for l in wrap(&r.message, WIDTH, "    ", "    ") {
                let _ = writeln!(out, "{l}");
            }
        }));
        out.push('\n');
    }

    if d.findings.iter().any(|f| f.change.is_waiver_change()) {
        let _ = writeln!(
            out,
            "{}",
            paint.bold(lang.pick("Waived findings", "免除された指摘"))
        );
        for &(change, en, ja) in WAIVER_SECTIONS {
            for f in d.findings_of(change) {
                let (a, i) = side_of(f, old, new);
                let finding = &a.findings[i];
                let mut t = format!(
                    "{}: {} ({})",
                    lang.pick(en, ja),
                    f.id,
                    finding.severity.label(lang)
                );
                // The waiver that now covers it, or that covered it.
                let waiver = finding.waived_by.or_else(|| {
                    f.old
                        .and_then(|o| old.findings[o].waived_by)
                        .filter(|_| change == FindingChange::NoLongerWaived)
                });
                if let Some(w) = waiver {
                    let model = if finding.waived_by.is_some() {
                        a.model
                    } else {
                        old.model
                    };
                    let w = &model.waivers[w];
                    let (reason, until) = (&w.reason, w.until);
                    t.push_str(&tr!(
                        lang,
                        " — \"{reason}\", until {until}",
                        " — 「{reason}」、期限 {until}"
                    ));
                }
                for l in wrap(&t, WIDTH, "  ", "    ") {
                    let _ = writeln!(out, "{l}");
                }
            }
        }
        out.push('\n');
    }

    let _ = writeln!(
        out,
        "{}",
        summary_line(&d.old_summary, &d.new_summary, lang)
    );
    out
}

fn md_escape(s: &str) -> String {
    crate::style::md_inline(s)
}

/// The diff as Markdown.
pub fn render_markdown(d: &Diff, old: &Analysis, new: &Analysis, lang: Lang) -> String {
    let mut out = String::new();
    let (on, nn) = (old.model.name.get(lang), new.model.name.get(lang));
    let _ = writeln!(
        out,
        "# {}\n",
        md_escape(&format!("rolemap diff: {on} → {nn}"))
    );
    let (of, nf) = (old.model.file.name(), new.model.file.name());
    let _ = writeln!(out, "{} → {}\n", md_escape(of), md_escape(nf));
    if !d.parties.is_empty() {
        let _ = writeln!(out, "## {}\n", lang.pick("Roles", "役割"));
        let _ = writeln!(
            out,
            "| {} | {} | {} |\n|---|---|---|",
            lang.pick("party", "関係者"),
            lang.pick("gained", "追加"),
            lang.pick("lost", "喪失")
        );
        for p in &d.parties {
            let label = match p.presence() {
                Presence::Added => format!(
                    "{} {}",
                    party_label(new, p.new.unwrap_or_default(), lang),
                    lang.pick("(added)", "(追加)")
                ),
                Presence::Removed => format!(
                    "{} {}",
                    party_label(old, p.old.unwrap_or_default(), lang),
                    lang.pick("(removed)", "(削除)")
                ),
                Presence::Kept => party_label(new, p.new.unwrap_or_default(), lang),
            };
            let list = |v: &[crate::diff::HeldRole]| {
                v.iter().map(|r| r.written()).collect::<Vec<_>>().join(", ")
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                md_escape(&label),
                md_escape(&list(&p.gained)),
                md_escape(&list(&p.lost))
            );
        }
        out.push('\n');
    }
    out.push_str(&contracts::markdown(d, old, new, lang));
    if !d.allocations.is_empty() {
        let _ = writeln!(out, "## {}\n", lang.pick("Allocations", "割当"));
        let _ = writeln!(
            out,
            "| {} | {} | {} |\n|---|---|---|",
            lang.pick("role", "役割"),
            lang.pick("requirements", "要求事項"),
            lang.pick("change", "変化")
        );
        for g in groups(d) {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                role_word(g.role, lang),
                md_escape(&g.units.join(", ")),
                md_escape(&change_lines(g.old, g.new, lang).join("; "))
            );
        }
        out.push('\n');
    }
    let all_sections = SECTIONS.iter().chain(WAIVER_SECTIONS);
    let mut any = false;
    for &(change, en, ja) in all_sections {
        let fs: Vec<&FindingDiff> = d.findings_of(change).collect();
        if fs.is_empty() {
            continue;
        }
        if !any {
            let _ = writeln!(out, "## {}\n", lang.pick("Findings", "指摘"));
            any = true;
        }
        let heading = if change.is_waiver_change() {
            format!("{}: {}", lang.pick("Waived", "免除"), lang.pick(en, ja))
        } else {
            lang.pick(en, ja).to_string()
        };
        let _ = writeln!(out, "### {heading} ({})\n", fs.len());
        for f in fs {
            let (a, i) = side_of(f, old, new);
            let finding = &a.findings[i];
            let r = render(finding, &a.ctx(), lang);
            let _ = writeln!(
                out,
                "- **{}** `{}`: {}",
                finding.severity.label(lang),
                f.id,
                md_escape(&r.message)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{}",
        summary_line(&d.old_summary, &d.new_summary, lang)
    );
    out
}
