//! Problems in a filled-in checklist: what is wrong (`error/problem.rs`) and where (a
//! [`Place`]: file, sheet, row, column), in English and Japanese. Each is a
//! [`crate::load::diagnostics::Diagnostic`] located in a table cell, and they are printed by
//! the one renderer of diagnostics, `crate::render::diag`.

mod problem;

pub use problem::StatusProblem;

use crate::i18n::Lang;
use crate::load::diagnostics::{Diagnostic, DiagnosticSet, Location};
pub use crate::load::diagnostics::{Place, printable};
use crate::load::source::SourceFile;

/// Every problem found in the filled-in checklists read for one run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatusErrors {
    /// The problems, in file, sheet and row order, each at a [`Location::Cell`].
    pub diagnostics: Vec<Diagnostic<StatusProblem>>,
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

    /// Add `problem` at `place`.
    pub fn push(&mut self, place: Place, problem: StatusProblem) {
        self.diagnostics.push(Diagnostic::in_cell(problem, place));
    }
}

impl DiagnosticSet for StatusErrors {
    type Problem = StatusProblem;

    fn diagnostics(&self) -> &[Diagnostic<StatusProblem>] {
        &self.diagnostics
    }

    fn source(&self) -> Option<&SourceFile> {
        None
    }

    fn subject(&self, lang: Lang) -> String {
        lang.pick("filled-in checklists", "記入済みチェックリスト")
            .into()
    }

    fn file(&self) -> Option<&str> {
        self.diagnostics.first().and_then(|d| match &d.location {
            Location::Cell(p) => Some(p.file.as_str()),
            Location::Span(_) => None,
        })
    }
}

impl std::fmt::Display for StatusErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            match &d.location {
                Location::Cell(p) => write!(f, "{}: ", p.describe(Lang::En))?,
                Location::Span(_) => {}
            }
            writeln!(f, "{}", d.problem.message(Lang::En))?;
        }
        Ok(())
    }
}

impl std::error::Error for StatusErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_hides_nothing_and_drives_no_terminal() {
        assert_eq!(printable("a\u{1b}[31mb\tc"), "a␛[31mb␉c");
        assert_eq!(printable("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(printable("実施済 🎉"), "実施済 🎉");
        let p = StatusProblem::UnknownStatus {
            value: "\u{1b}]0;x\u{7}".into(),
            suggestion: None,
        };
        assert!(!p.message(Lang::En).contains('\u{1b}'));
    }
}
