//! The one diagnostics system: problems found while reading a model, a catalog or a filled-in
//! checklist, what went wrong, where (a span of a text file or a cell of a table), what was
//! expected and the nearest valid name. Messages are rendered in either language on demand,
//! all by `crate::render::diag`.

use std::sync::Arc;

use crate::i18n::Lang;
use crate::load::source::{LineCol, SourceFile, Span};
use crate::tr;

mod place;
mod problem;
mod text;

pub use place::{Place, column_letters, printable};
pub use problem::{Problem, Slip};

/// What kind of thing a problem is about, named in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Thing {
    /// The model as a whole.
    Model,
    /// A party entry.
    Party,
    /// A contract entry.
    Contract,
    /// A role entry such as `Developer(Lead)`.
    RoleEntry,
    /// An `assign` entry.
    Assignment,
    /// A `waivers` entry.
    Waiver,
    /// A bilingual text `(en: .., ja: ..)`.
    Text,
    /// A catalog file.
    Catalog,
    /// A catalog category.
    Category,
    /// A catalog requirement.
    Requirement,
    /// A catalog individual item.
    Item,
    /// A catalog source document.
    SourceDoc,
    /// A source tag (`Seed`, `Web(..)`, `Inferred(..)`).
    SourceTag,
    /// A finding code.
    Code,
    /// An organisation.
    Org,
    /// A requirement or item id.
    RequirementOrItem,
    /// A `components` entry.
    Component,
    /// A `consortia` entry (共同企業体).
    Consortium,
    /// A party or a consortium, as a contract's client or contractor.
    PartyOrConsortium,
}

impl Thing {
    /// The name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        use Thing::*;
        match self {
            Model => lang.pick("model", "モデル"),
            Party => lang.pick("party", "関係者"),
            Contract => lang.pick("contract", "契約"),
            RoleEntry => lang.pick("role entry", "役割の指定"),
            Assignment => lang.pick("assignment", "割当 (assign)"),
            Waiver => lang.pick("waiver", "免除 (waiver)"),
            Text => lang.pick("text", "テキスト"),
            Catalog => lang.pick("catalog", "カタログ"),
            Category => lang.pick("category", "分類"),
            Requirement => lang.pick("requirement", "要求事項"),
            Item => lang.pick("individual item", "個別要求"),
            SourceDoc => lang.pick("source document", "出典"),
            SourceTag => lang.pick("source tag", "出典区分"),
            Code => lang.pick("finding code", "指摘コード"),
            Org => lang.pick("organisation", "組織"),
            RequirementOrItem => lang.pick("requirement or item", "要求事項または個別要求"),
            Component => lang.pick("component", "コンポーネント"),
            Consortium => lang.pick("consortium", "共同企業体"),
            PartyOrConsortium => lang.pick("party or consortium", "関係者または共同企業体"),
        }
    }
}

/// The shape of a value, for "expected X, found Y".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A quoted string.
    String,
    /// A bare name such as `Service`.
    Name,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A list `[..]`.
    List,
    /// A map `{..}`.
    Map,
    /// A struct `(field: ..)` or object.
    Struct,
    /// A tuple `(a, b)` or variant with arguments.
    Tuple,
    /// Nothing: `()`, `null`, `None`.
    Nothing,
    /// A YAML string, quoted or not.
    PlainString,
    /// A date `"YYYY-MM-DD"`.
    Date,
    /// A role such as `Developer(Lead)`.
    Role,
    /// A text: a string or `(en: .., ja: ..)`.
    Text,
    /// A text in both languages `(en: .., ja: ..)`.
    BilingualText,
    /// A source tag.
    SourceTag,
}

impl Shape {
    /// The name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        use Shape::*;
        match self {
            String => lang.pick("a string in double quotes", "二重引用符で囲んだ文字列"),
            PlainString => lang.pick("a string", "文字列"),
            Name => lang.pick("a bare name", "引用符なしの名前"),
            Bool => lang.pick("true or false", "true または false"),
            Number => lang.pick("a number", "数値"),
            List => lang.pick("a list [..]", "リスト [..]"),
            Map => lang.pick("a map {..}", "マップ {..}"),
            Struct => lang.pick("a structure (field: ..)", "構造 (field: ..)"),
            Tuple => lang.pick("a tuple (..)", "タプル (..)"),
            Nothing => lang.pick("nothing (unit/null)", "値なし (unit/null)"),
            Date => lang.pick("a date \"YYYY-MM-DD\"", "日付 \"YYYY-MM-DD\""),
            Role => lang.pick(
                "a role such as Developer(Lead) or Operator(Lead, \"service\")",
                "Developer(Lead) や Operator(Lead, \"service\") のような役割",
            ),
            Text => lang.pick(
                "a string or (en: \"..\", ja: \"..\")",
                "文字列または (en: \"..\", ja: \"..\")",
            ),
            BilingualText => lang.pick(
                "a text in both languages (en: \"..\", ja: \"..\")",
                "両言語のテキスト (en: \"..\", ja: \"..\")",
            ),
            SourceTag => lang.pick(
                "Seed, Web(\"tag\") or Inferred(en: \"..\", ja: \"..\")",
                "Seed、Web(\"tag\")、Inferred(en: \"..\", ja: \"..\") のいずれか",
            ),
        }
    }
}

/// A token or construct a parser wanted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expected {
    /// Any value.
    Value,
    /// A specific character such as `,` or `)`.
    Char(char),
    /// One of several characters, e.g. `,` or `)`.
    OneOf(&'static [char]),
    /// A field name.
    FieldName,
    /// A map key.
    Key,
    /// End of input.
    End,
    /// Free description in English and Japanese.
    Other(&'static str, &'static str),
}

impl Expected {
    /// Describe it in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Expected::Value => lang.pick("a value", "値").into(),
            Expected::Char(c) => format!("`{c}`"),
            Expected::OneOf(cs) => cs
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(lang.pick(" or ", " または ")),
            Expected::FieldName => lang.pick("a field name", "フィールド名").into(),
            Expected::Key => lang.pick("a key", "キー").into(),
            Expected::End => lang.pick("the end of the file", "ファイルの終わり").into(),
            Expected::Other(en, ja) => lang.pick(en, ja).into(),
        }
    }
}

pub use crate::date::DateError;

/// Where a problem is.
#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    /// A span of a text file (model, catalog): shown as file:line:column with the source.
    Span(Span),
    /// A cell of a table (a filled-in checklist): file, sheet, row and column.
    Cell(Place),
}

/// What every kind of problem tells, for the renderer: a code, a message, what was expected
/// and a hint, each in either language.
pub trait Describe {
    /// A stable kebab-case code.
    fn code(&self) -> &'static str;
    /// The one-line message.
    fn message(&self, lang: Lang) -> String;
    /// What was expected, if there is something to say.
    fn expected(&self, lang: Lang) -> Option<String>;
    /// A hint: the did-you-mean or how to fix it.
    fn help(&self, lang: Lang) -> Option<String>;
    /// The short label under the underlined source (the message unless a problem says less).
    fn label(&self, lang: Lang) -> String {
        self.message(lang)
    }
    /// A second place in the same file, such as the first of two duplicates.
    fn related(&self) -> Option<Span> {
        None
    }
}

impl Describe for Problem {
    fn code(&self) -> &'static str {
        Problem::code(self)
    }

    fn message(&self, lang: Lang) -> String {
        Problem::message(self, lang)
    }

    fn expected(&self, lang: Lang) -> Option<String> {
        Problem::expected(self, lang)
    }

    fn help(&self, lang: Lang) -> Option<String> {
        Problem::help(self, lang)
    }

    fn label(&self, lang: Lang) -> String {
        Problem::label(self, lang)
    }

    fn related(&self) -> Option<Span> {
        Problem::related(self)
    }
}

/// A problem at a place: in a text file (the loader's [`Problem`]s) or in a table (the
/// checklist reader's problems).
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic<P = Problem> {
    /// What is wrong (boxed: diagnostics travel in `Result`s and should stay small).
    pub problem: Box<P>,
    /// Where.
    pub location: Location,
}

impl<P> Diagnostic<P> {
    /// A diagnostic at `span` of a text file.
    pub fn new(problem: P, span: Span) -> Self {
        Diagnostic {
            problem: Box::new(problem),
            location: Location::Span(span),
        }
    }

    /// A diagnostic at a cell of a table.
    pub fn in_cell(problem: P, place: Place) -> Self {
        Diagnostic {
            problem: Box::new(problem),
            location: Location::Cell(place),
        }
    }

    /// The span, for a diagnostic in a text file.
    pub fn span(&self) -> Option<Span> {
        match &self.location {
            Location::Span(s) => Some(*s),
            Location::Cell(_) => None,
        }
    }

    /// Where the diagnostic starts in its text file (0 for a table cell), for ordering.
    pub fn start(&self) -> usize {
        self.span().map_or(0, |s| s.start)
    }
}

/// A set of diagnostics that `crate::render::diag` prints: one text file's or one run's
/// filled-in checklists'.
pub trait DiagnosticSet {
    /// The kind of problem.
    type Problem: Describe;
    /// The diagnostics, in order.
    fn diagnostics(&self) -> &[Diagnostic<Self::Problem>];
    /// The text file the spans point into, if any.
    fn source(&self) -> Option<&SourceFile>;
    /// What the closing line counts the problems of: the file's name, or the checklists.
    fn subject(&self, lang: Lang) -> String;
    /// The file named in JSON.
    fn file(&self) -> Option<&str>;
}

/// Every problem found in one file.
#[derive(Debug, Clone)]
pub struct FileDiagnostics {
    /// The file, for positions and source lines.
    pub file: Arc<SourceFile>,
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileDiagnostics {
    /// Line and column of a diagnostic.
    pub fn position(&self, d: &Diagnostic) -> LineCol {
        self.file.line_col(d.start())
    }
}

impl DiagnosticSet for FileDiagnostics {
    type Problem = Problem;

    fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    fn source(&self) -> Option<&SourceFile> {
        Some(&self.file)
    }

    fn subject(&self, _: Lang) -> String {
        self.file.name().to_string()
    }

    fn file(&self) -> Option<&str> {
        Some(self.file.name())
    }
}

impl std::fmt::Display for FileDiagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            let p = self.position(d);
            writeln!(
                f,
                "{}:{}:{}: {}",
                self.file.name(),
                p.line,
                p.column,
                d.problem.message(Lang::En)
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for FileDiagnostics {}

/// How many of the valid ids an unknown reference keeps to show ("one of the defined party
/// ids: "a", "b", … and 99,992 more"): a few, never a copy of every id per problem.
pub const KNOWN_SHOWN: usize = 8;

/// The first [`KNOWN_SHOWN`] of `ids` (`count` of them), with `count`, for
/// [`Problem::UnknownReference`]: it costs the few shown, not the list.
pub fn known_sample<'a, I>(ids: I, count: usize) -> (Vec<String>, usize)
where
    I: IntoIterator<Item = &'a str>,
{
    let shown = ids
        .into_iter()
        .take(KNOWN_SHOWN)
        .map(str::to_string)
        .collect();
    (shown, count)
}

/// How many of `total` problems are shown under the limit `max` (0: no limit).
pub fn shown_count(total: usize, max: usize) -> usize {
    if max == 0 { total } else { total.min(max) }
}

/// The line that counts the problems not shown (`omitted` of them) in `name`.
pub fn omitted_line(name: &str, omitted: usize, max: usize, lang: Lang) -> String {
    let name = crate::style::shown(name);
    let more = lang.count(omitted, "more problem", "more problems", "");
    tr!(
        lang,
        "{name}: {more} not shown (only the first {max} are; --max-problems 0 shows every one)\n\n",
        "{name}: ほかに {omitted} 件の問題があります (最初の {max} 件のみ表示。--max-problems 0 ですべて表示)\n\n"
    )
}

/// The did-you-mean hint of a diagnostic, for the nearest candidate `s` (from [`suggest`]):
/// `did you mean "acme"?` / `「acme」 のことですか?`.
pub fn did_you_mean(lang: Lang, s: &str) -> String {
    let q = lang.quote(s);
    tr!(lang, "did you mean {q}?", "{q} のことですか?")
}

/// The did-you-mean of a one-line message, to append to it in (English, Japanese):
/// `; did you mean "acme"?` / `。「acme」のことですか?`.
pub fn did_you_mean_after(s: &str) -> (String, String) {
    (
        format!("; did you mean \"{s}\"?"),
        format!("。「{s}」のことですか?"),
    )
}

/// The nearest candidate to `input`, if one is close enough to be a likely typo.
pub fn suggest<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = input.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c == input {
            continue;
        }
        let cl = c.to_lowercase();
        let score = if cl == lower {
            2.0
        } else {
            let jw = strsim::jaro_winkler(&lower, &cl);
            let lev = strsim::levenshtein(&lower, &cl);
            let max_edits = (lower.chars().count().max(cl.chars().count()) / 3).max(1);
            if lev <= max_edits || jw >= 0.88 || (cl.contains(&lower) && lower.chars().count() >= 3)
            {
                jw + if lev <= max_edits { 0.5 } else { 0.0 }
            } else {
                continue;
            }
        };
        if best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// The `n` candidates nearest to `input` (closest first, ties by id), for a hint that cannot
/// list every known id: a 10k-party model would otherwise print 10,000 ids. The same measure
/// as [`suggest`] (Jaro-Winkler on lower case), without its cut-off, so there are always `n`
/// when there are that many candidates.
pub fn nearest<'a>(input: &str, candidates: &[&'a str], n: usize) -> Vec<&'a str> {
    let lower = input.to_lowercase();
    let mut scored: Vec<(f64, &'a str)> = candidates
        .iter()
        .map(|&c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let ids = ["hospital", "acme", "devhelp", "iaas"];
        assert_eq!(suggest("acmee", ids).as_deref(), Some("acme"));
        assert_eq!(suggest("Hospital", ids).as_deref(), Some("hospital"));
        assert_eq!(suggest("zzzzzz", ids), None);
        assert_eq!(
            suggest(
                "Supplyer",
                ["Developer", "Supplier", "Operator", "Customer"]
            )
            .as_deref(),
            Some("Supplier")
        );
        assert_eq!(
            suggest("securty_terms", ["security_terms", "support_until"]).as_deref(),
            Some("security_terms")
        );
    }

    #[test]
    fn every_problem_has_both_languages() {
        let p = Problem::UnknownReference {
            what: Thing::Party,
            id: "acmee".into(),
            context: ("contract \"use\"".into(), "契約「use」".into()),
            suggestion: Some("acme".into()),
            known: vec!["acme".into()],
            known_count: 1,
        };
        assert_eq!(
            p.message(Lang::En),
            "unknown party \"acmee\" in contract \"use\""
        );
        assert_eq!(p.help(Lang::En).unwrap(), "did you mean \"acme\"?");
        assert!(p.message(Lang::Ja).contains("「acmee」"));
    }
}
