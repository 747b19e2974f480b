//! The problems of a filled-in checklist together, as text and as JSON.

use super::{Place, StatusProblem, column_letters, printable};
use crate::i18n::Lang;
use crate::tr;

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusDiagnostic {
    /// Where.
    pub place: Place,
    /// What.
    pub problem: StatusProblem,
}

/// Every problem found in the filled-in checklists read for one run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusErrors {
    /// The problems, in file, sheet and row order.
    pub diagnostics: Vec<StatusDiagnostic>,
}

impl StatusErrors {
    /// Add the problems of another read.
    pub fn extend(&mut self, other: StatusErrors) {
        self.diagnostics.extend(other.diagnostics);
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// The problems as text in `lang`, like a compiler's, at most `max` per file (0: every
    /// one) with a line counting the rest of each file, ending with a count and "nothing was
    /// written".
    pub fn render_text(&self, lang: Lang, max: usize) -> String {
        self.render_text_closing(lang, false, max)
    }

    /// [`StatusErrors::render_text`] for a command that has written the problems as JSON on
    /// standard output: the closing line says so.
    pub fn render_text_after_json(&self, lang: Lang, max: usize) -> String {
        self.render_text_closing(lang, true, max)
    }

    /// The problems shown under the limit `max` per file (0: every one), and for each file
    /// with more, (file, how many are not shown), in file order.
    fn limited(&self, max: usize) -> (Vec<&StatusDiagnostic>, Vec<(&str, usize)>) {
        let mut shown = Vec::new();
        let mut omitted: Vec<(&str, usize)> = Vec::new();
        let mut per_file: std::collections::HashMap<&str, usize> = Default::default();
        for d in &self.diagnostics {
            let n = per_file.entry(d.place.file.as_str()).or_default();
            *n += 1;
            if max == 0 || *n <= max {
                shown.push(d);
            } else {
                match omitted.iter_mut().find(|(f, _)| *f == d.place.file) {
                    Some((_, k)) => *k += 1,
                    None => omitted.push((&d.place.file, 1)),
                }
            }
        }
        (shown, omitted)
    }

    fn render_text_closing(&self, lang: Lang, as_json: bool, max: usize) -> String {
        let mut out = String::new();
        let (shown, omitted) = self.limited(max);
        for d in shown {
            let p = &d.problem;
            let error = lang.pick("error", "エラー");
            out.push_str(&format!("{error}[{}]: {}\n", p.code(), p.message(lang)));
            out.push_str(&format!("  --> {}\n", d.place.describe(lang)));
            if let Some(e) = p.expected(lang) {
                let t = tr!(lang, "= expected: {e}", "= 期待される値: {e}");
                out.push_str(&format!("  {t}\n"));
            }
            if let Some(h) = p.help(lang) {
                let t = tr!(lang, "= help: {h}", "= ヒント: {h}");
                out.push_str(&format!("  {t}\n"));
            }
            out.push('\n');
        }
        for (file, k) in omitted {
            out.push_str(&crate::load::diagnostics::omitted_line(
                &printable(file),
                k,
                max,
                lang,
            ));
        }
        let n = lang.count(self.diagnostics.len(), "problem", "problems", "問題");
        out.push_str(&if as_json {
            tr!(
                lang,
                "filled-in checklists: {n}; no result was written, the problems are on standard output as JSON\n",
                "記入済みチェックリスト: {n}。結果は出力せず、問題を JSON で標準出力に書きました\n"
            )
        } else {
            tr!(
                lang,
                "filled-in checklists: {n}; nothing was written\n",
                "記入済みチェックリスト: {n}。何も出力していません\n"
            )
        });
        out
    }

    /// The problems as JSON, in the shape of `rolemap/errors/v1` with the sheet, row and
    /// column of each: at most `max` per file (0: every one), `omitted` counting the rest.
    pub fn render_json(&self, lang: Lang, max: usize) -> serde_json::Value {
        let (shown, omitted) = self.limited(max);
        let errors: Vec<serde_json::Value> = shown
            .into_iter()
            .map(|d| {
                serde_json::json!({
                    "code": d.problem.code(),
                    "message": d.problem.message(lang),
                    "file": d.place.file,
                    "sheet": d.place.sheet,
                    "line": (d.place.row > 0).then_some(d.place.row),
                    "row": (d.place.row > 0).then_some(d.place.row),
                    "column": d.place.column,
                    "column_letter": d.place.column.map(column_letters),
                    "header": d.place.header,
                    "expected": d.problem.expected(lang),
                    "help": d.problem.help(lang),
                })
            })
            .collect();
        serde_json::json!({
            "schema": "rolemap/errors/v1",
            "file": self.diagnostics.first().map(|d| d.place.file.as_str()),
            "errors": errors,
            "omitted": omitted.iter().map(|(_, k)| k).sum::<usize>(),
        })
    }
}

impl std::fmt::Display for StatusErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            writeln!(
                f,
                "{}: {}",
                d.place.describe(Lang::En),
                d.problem.message(Lang::En)
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for StatusErrors {}
