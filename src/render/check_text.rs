//! `rolemap check` as text for a terminal: findings grouped where one cause repeats over
//! several requirements, wrapped to 80 columns.

use std::fmt::Write;

use super::because;
use crate::findings::{Finding, Severity, instance_id, render};
use crate::i18n::Lang;
use crate::style::WIDTH;
use crate::style::{Paint, wrap};
use crate::{Analysis, tr};

fn severity_word(s: Severity, lang: Lang, paint: Paint) -> String {
    let w = s.label(lang);
    match s {
        Severity::Error => paint.red(w),
        Severity::Warning => paint.yellow(w),
        Severity::Info => paint.blue(w),
    }
}

/// Findings that share everything but the requirement are shown once.
fn group_key(f: &Finding) -> Option<impl PartialEq + '_> {
    f.allocation.map(|_| {
        (
            f.code,
            f.severity,
            f.role,
            &f.scope,
            &f.parties,
            f.waived_by,
            f.span,
        )
    })
}

/// The findings of `active` in runs that share one cause (everything but the requirement), as
/// ranges of `active` in order. `check` prints a run once with "same for: …"; the report
/// shows it as one card.
pub fn same_cause_runs(active: &[&Finding]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < active.len() {
        let mut j = i + 1;
        if let Some(k) = group_key(active[i]) {
            while j < active.len() && group_key(active[j]).is_some_and(|k2| k2 == k) {
                j += 1;
            }
        }
        out.push(i..j);
        i = j;
    }
    out
}

/// The header lines: model, file, counts, package, catalog.
pub fn header(a: &Analysis, lang: Lang, paint: Paint) -> String {
    let m = a.model;
    let mut out = String::new();
    let name = crate::style::shown(m.name.get(lang));
    let _ = writeln!(out, "{}", paint.bold(&format!("rolemap check: {name}")));
    let file = crate::style::shown(m.file.name());
    let np = m.parties.len();
    let nc = m.contracts.len();
    let pkg = a.package.label(lang);
    let cat = &a.catalog.id;
    let parties = lang.count(np, "party", "parties", "関係者");
    let contracts = lang.count(nc, "contract", "contracts", "契約");
    let line = tr!(
        lang,
        "{file} · {parties}, {contracts} · package: {pkg} · catalog: {cat}",
        "{file} · {parties}、{contracts} · 要求パッケージ: {pkg} · カタログ: {cat}"
    );
    for l in wrap(&line, WIDTH, "  ", "  ") {
        let _ = writeln!(out, "{}", paint.dim(&l));
    }
    out
}

/// The whole text report of `check`.
pub fn render_check(a: &Analysis, lang: Lang, paint: Paint) -> String {
    let cx = a.ctx();
    let mut out = header(a, lang, paint);
    out.push('\n');
    let active: Vec<&Finding> = a.findings.iter().filter(|f| f.is_active()).collect();
    let waived: Vec<&Finding> = a.findings.iter().filter(|f| !f.is_active()).collect();
    for run in same_cause_runs(&active) {
        let group = &active[run];
        let f = group[0];
        let r = render(f, &cx, lang);
        let head = format!(
            "{}[{}]: ",
            severity_word(f.severity, lang, paint),
            paint.bold(f.code.key())
        );
        let plain_head = format!("{}[{}]: ", f.severity.label(lang), f.code.key());
        let lines = wrap(&r.message, WIDTH, &plain_head, "  ");
        for (n, l) in lines.iter().enumerate() {
            if n == 0 {
                let _ = writeln!(out, "{head}{}", l.strip_prefix(&plain_head).unwrap_or(l));
            } else {
                let _ = writeln!(out, "{l}");
            }
        }
        if let Some(span) = f.span {
            let p = a.model.file.line_col(span.start);
            let _ = writeln!(
                out,
                "  {} {}:{}:{}",
                paint.cyan("-->"),
                a.model.file.name(),
                p.line,
                p.column
            );
        }
        if group.len() > 1 {
            let ids: Vec<String> = group[1..]
                .iter()
                .filter_map(|g| g.allocation)
                .map(|i| a.allocations[i].unit(a.catalog).id().to_string())
                .collect();
            let also = ids.join(", ");
            let t = tr!(lang, "= same for: {also}", "= 同様: {also}");
            for l in wrap(&t, WIDTH, "  ", "    ") {
                let _ = writeln!(out, "{l}");
            }
        }
        if f.outside_package {
            let pkg = a.package.label(lang);
            let t = tr!(
                lang,
                "= note: outside the target package ({pkg}), so reported as info",
                "= 注: 対象の要求パッケージ ({pkg}) の外のため情報として報告"
            );
            for l in wrap(&t, WIDTH, "  ", "    ") {
                let _ = writeln!(out, "{l}");
            }
        }
        for b in f
            .because
            .iter()
            .filter(|b| !matches!(b, crate::Because::Catalog { .. }))
            .take(4)
        {
            let mut t = because::text(a.model, a.catalog, b, lang);
            if let Some(p) = because::position(a.model, b) {
                t.push_str(&format!(" [{}:{}]", p.line, p.column));
            }
            let t = format!("{} {t}", lang.pick("= why:", "= 理由:"));
            for l in wrap(&t, WIDTH, "  ", "    ") {
                let _ = writeln!(out, "{l}");
            }
        }
        let fix = format!("{} {}", lang.pick("= fix:", "= 対処:"), r.fix);
        for l in wrap(&fix, WIDTH, "  ", "    ") {
            let _ = writeln!(out, "{}", paint.green(&l));
        }
        out.push('\n');
    }
    if !waived.is_empty() {
        let _ = writeln!(out, "{}", paint.bold(lang.pick("Waived:", "免除済み:")));
        for f in &waived {
            let w = &a.model.waivers[f.waived_by.expect("waived findings name their waiver")];
            let id = instance_id(f, &cx);
            let until = w.until;
            let reason = &w.reason;
            let t = tr!(
                lang,
                "{id} — \"{reason}\", until {until}",
                "{id} — 「{reason}」、期限 {until}"
            );
            for l in wrap(&t, WIDTH, "  ", "    ") {
                let _ = writeln!(out, "{}", paint.dim(&l));
            }
        }
        out.push('\n');
    }
    let s = a.summary();
    let (e, w, n, wv) = (s.errors, s.warnings, s.info, s.waived);
    let line = if e + w + n == 0 {
        tr!(
            lang,
            "No findings ({wv} waived).",
            "指摘はありません (免除 {wv} 件)。"
        )
    } else {
        let e = lang.count(e, "error", "errors", "エラー");
        let w = lang.count(w, "warning", "warnings", "警告");
        let n = lang.count(n, "info", "info", "情報");
        let wv = lang.count(wv, "waived", "waived", "免除");
        tr!(
            lang,
            "Summary: {e}, {w}, {n} ({wv})",
            "集計: {e}、{w}、{n} ({wv})"
        )
    };
    let line = if e > 0 {
        paint.red(&line)
    } else if w > 0 {
        paint.yellow(&line)
    } else {
        paint.green(&line)
    };
    let _ = writeln!(out, "{line}");
    out
}
