//! `rolemap check` over many models: a summary table per model (text), `rolemap/portfolio/v1`
//! (JSON), and one SARIF run for all (see `sarif::render_sarif_portfolio`).

use std::fmt::Write;

use serde_json::{Value, json};

use super::{check_json, diag};
use crate::allocate::Status;
use crate::findings::{Finding, instance_id};
use crate::i18n::Lang;
use crate::load::diagnostics::FileDiagnostics;
use crate::style::WIDTH;
use crate::style::{Paint, pad, width, wrap};
use crate::{Analysis, Severity, Summary, tr};

/// The JSON schema identifier.
pub const SCHEMA: &str = "rolemap/portfolio/v1";

/// One model of a portfolio: its analysis, or the problems that stopped it.
pub enum Entry<'a> {
    /// The model loaded and was analysed.
    Checked(&'a Analysis<'a>),
    /// The model could not be read or checked.
    BadInput(&'a FileDiagnostics),
}

impl Entry<'_> {
    /// The file name as given.
    pub fn file(&self) -> &str {
        match self {
            Entry::Checked(a) => a.model.file.name(),
            Entry::BadInput(d) => d.file.name(),
        }
    }
}

/// Duties in the target package that nobody leads: allocations whose status is `unassigned` or
/// `no-lead` (waived ones are not counted).
pub fn unassigned(a: &Analysis) -> usize {
    a.allocations
        .iter()
        .filter(|al| al.in_package && matches!(al.status, Status::Unassigned | Status::NoLead))
        .count()
}

/// The most serious active finding (findings are sorted by severity, then code).
pub fn worst<'a>(a: &'a Analysis) -> Option<&'a Finding> {
    a.findings.iter().find(|f| f.is_active())
}

fn rpad(s: &str, w: usize) -> String {
    let mut out = " ".repeat(w.saturating_sub(width(s)));
    out.push_str(s);
    out
}

/// The summary table, then the totals (text, 80 columns).
pub fn render_table(entries: &[Entry], lang: Lang, paint: Paint) -> String {
    let heads = [
        lang.pick("model", "モデル"),
        lang.pick("err", "エラー"),
        lang.pick("warn", "警告"),
        lang.pick("info", "情報"),
        lang.pick("gaps", "未割当"),
        lang.pick("worst finding", "最も重い指摘"),
    ];
    struct Row {
        file: String,
        nums: Option<[String; 4]>,
        last: String,
        severity: Option<Severity>,
    }
    let rows: Vec<Row> = entries
        .iter()
        .map(|e| match e {
            Entry::Checked(a) => {
                let s = a.summary();
                let w = worst(a);
                Row {
                    file: crate::style::shown(e.file()).into_owned(),
                    nums: Some([
                        s.errors.to_string(),
                        s.warnings.to_string(),
                        s.info.to_string(),
                        unassigned(a).to_string(),
                    ]),
                    last: w.map_or_else(
                        || "—".to_string(),
                        |f| format!("{}[{}]", f.severity.label(lang), f.code.key()),
                    ),
                    severity: w.map(|f| f.severity),
                }
            }
            Entry::BadInput(d) => {
                let n = d.diagnostics.len();
                Row {
                    file: crate::style::shown(e.file()).into_owned(),
                    nums: None,
                    last: match lang {
                        Lang::En if n == 1 => "bad input: 1 problem".to_string(),
                        Lang::En => format!("bad input: {n} problems"),
                        Lang::Ja => format!("入力の誤り {n} 件"),
                    },
                    severity: Some(Severity::Error),
                }
            }
        })
        .collect();
    let num_w: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.nums.as_ref().map(|n| width(&n[i])))
                .chain([width(heads[i + 1])])
                .max()
                .unwrap_or(1)
        })
        .collect();
    let last_w = rows
        .iter()
        .map(|r| width(&r.last))
        .chain([width(heads[5])])
        .max()
        .unwrap_or(1);
    let fixed: usize = num_w.iter().map(|w| w + 2).sum::<usize>() + 2 + last_w;
    let file_w = rows
        .iter()
        .map(|r| width(&r.file))
        .chain([width(heads[0])])
        .max()
        .unwrap_or(1)
        .min(WIDTH.saturating_sub(fixed).max(12));
    let mut out = String::new();
    let mut head = pad(heads[0], file_w);
    for (i, w) in num_w.iter().enumerate() {
        head.push_str("  ");
        head.push_str(&rpad(heads[i + 1], *w));
    }
    head.push_str("  ");
    head.push_str(heads[5]);
    let _ = writeln!(out, "{}", paint.bold(head.trim_end()));
    for r in &rows {
        // A path wider than its column is named whole on a line of its own, its figures on
        // the next: a path cut short can name another model, or none.
        let mut line = if width(&r.file) > file_w {
            let _ = writeln!(out, "{}", r.file);
            " ".repeat(file_w)
        } else {
            pad(&r.file, file_w)
        };
        let colour = |s: &str| match r.severity {
            Some(Severity::Error) => paint.red(s),
            Some(Severity::Warning) => paint.yellow(s),
            Some(Severity::Info) => paint.blue(s),
            None => paint.green(s),
        };
        match &r.nums {
            Some(n) => {
                for (i, w) in num_w.iter().enumerate() {
                    line.push_str("  ");
                    line.push_str(&rpad(&n[i], *w));
                }
                line.push_str("  ");
                line.push_str(&colour(&r.last));
            }
            None => {
                line.push_str("  ");
                line.push_str(&colour(&r.last));
            }
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    let mut total = Summary::default();
    let mut bad = 0;
    let mut gaps = 0;
    for e in entries {
        match e {
            Entry::Checked(a) => {
                let s = a.summary();
                total.errors += s.errors;
                total.warnings += s.warnings;
                total.info += s.info;
                total.waived += s.waived;
                gaps += unassigned(a);
            }
            Entry::BadInput(_) => bad += 1,
        }
    }
    let n = entries.len();
    let models = lang.count(n, "model", "models", "モデル");
    let bad = lang.count(bad, "with bad input", "with bad input", "入力の誤り");
    let e = lang.count(total.errors, "error", "errors", "エラー");
    let w = lang.count(total.warnings, "warning", "warnings", "警告");
    let i = lang.count(total.info, "info", "info", "情報");
    let wv = lang.count(total.waived, "waived", "waived", "免除");
    let g = lang.count(gaps, "gap", "gaps", "未割当の責務");
    let line = tr!(
        lang,
        "Total: {models} ({bad}) · {e}, {w}, {i} ({wv}) · {g}",
        "合計: {models} ({bad}) · {e}、{w}、{i} ({wv}) · {g}"
    );
    for l in wrap(&line, WIDTH, "", "  ") {
        let _ = writeln!(out, "{}", paint.bold(&l));
    }
    let legend = lang.pick(
        "gaps: duties of the target package that nobody leads (status unassigned or no-lead, not waived)",
        "未割当: 対象パッケージの責務のうち主体のいないもの (状態が unassigned または no-lead で、免除されていないもの)",
    );
    for l in wrap(legend, WIDTH, "", "  ") {
        let _ = writeln!(out, "{}", paint.dim(&l));
    }
    out
}

/// The portfolio as JSON. With `details`, each checked model carries its whole check JSON; a
/// model that cannot be read lists at most `max_problems` problems (0: all) and counts the rest
/// in `omitted`, as `check --format json` does.
pub fn render_json(
    entries: &[Entry],
    lang: Lang,
    details: bool,
    fails: &dyn Fn(&Analysis) -> bool,
    max_problems: usize,
) -> Value {
    let mut total = Summary::default();
    let (mut bad, mut failing, mut gaps) = (0, 0, 0);
    let models: Vec<Value> = entries
        .iter()
        .map(|e| match e {
            Entry::Checked(a) => {
                let s = a.summary();
                total.errors += s.errors;
                total.warnings += s.warnings;
                total.info += s.info;
                total.waived += s.waived;
                let u = unassigned(a);
                gaps += u;
                let f = fails(a);
                failing += usize::from(f);
                let cx = a.ctx();
                let mut v = json!({
                    "file": e.file(),
                    "status": "checked",
                    "name": a.model.name.get(lang),
                    "package": a.package.key(),
                    "summary": s,
                    "unassigned": u,
                    "worst": worst(a).map(|f| json!({
                        "id": instance_id(f, &cx),
                        "code": f.code.key(),
                        "severity": f.severity.key(),
                    })),
                    "fails": f,
                });
                if details {
                    v["check"] = check_json::render_check(a, lang);
                }
                v
            }
            Entry::BadInput(d) => {
                bad += 1;
                json!({
                    "file": e.file(),
                    "status": "bad-input",
                    "problems": diag::render_json(*d, lang, max_problems),
                })
            }
        })
        .collect();
    json!({
        "schema": SCHEMA,
        "tool": { "name": crate::TOOL, "version": crate::VERSION },
        "options": { "lang": lang.code() },
        "models": models,
        "summary": {
            "models": entries.len(),
            "bad_input": bad,
            "failing": failing,
            "errors": total.errors,
            "warnings": total.warnings,
            "info": total.info,
            "waived": total.waived,
            "unassigned": gaps,
        },
    })
}
