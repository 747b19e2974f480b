//! Turning [`Node`]s into typed values while collecting every problem, not just the first.

use crate::date::Date;
use crate::i18n::Text;
use crate::load::diagnostics::{Diagnostic, Problem, Shape, Thing, suggest};
use crate::load::source::{Format, Span};
use crate::load::syntax::{Kind, Node};

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// A value with a span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The decoding context: the input's format and the problems found so far.
#[derive(Debug)]
pub struct Cx {
    /// The format being read (RON is stricter about quotes than JSON and YAML).
    pub format: Format,
    /// Every problem found so far.
    pub diags: Vec<Diagnostic>,
    /// "Did you mean" answers worked out so far, by list and value (see [`Cx::hint`]).
    hints: std::collections::HashMap<(&'static str, String), Option<String>>,
    /// Comparisons [`Cx::hint`] may still make.
    hint_budget: usize,
}

/// How many comparisons of an unknown id with candidate ids "did you mean" may make per file
/// (about a second): enough for every unknown reference of an ordinary model, while 100,000
/// unknown references among 100,000 parties (10^10 comparisons) get suggestions for the first
/// ones only and are still reported at once.
pub const HINT_BUDGET: usize = 2_000_000;

/// The fields of one structure, checked against the names it may have.
pub struct Fields<'a> {
    entries: Vec<(&'a str, &'a Node<'a>)>,
    thing: Thing,
    span: Span,
}

impl<'a> Fields<'a> {
    /// The value of an optional field.
    pub fn get(&self, name: &str) -> Option<&'a Node<'a>> {
        self.entries
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
    }

    /// The value of a field that is optional and may also be written `None`/`null`.
    pub fn opt(&self, name: &str) -> Option<&'a Node<'a>> {
        self.get(name).and_then(unwrap_option)
    }

    /// The value of a required field; reports it missing otherwise.
    pub fn req(&self, cx: &mut Cx, name: &'static str) -> Option<&'a Node<'a>> {
        let v = self.opt(name);
        if v.is_none() {
            cx.push(
                Problem::MissingField {
                    field: name,
                    within: self.thing,
                },
                Span::new(self.span.start, self.span.start + 1),
            );
        }
        v
    }

    /// Where the structure is written.
    pub fn span(&self) -> Span {
        self.span
    }
}

/// The fields of one structure as they are read: unknown and repeated names are reported.
struct Collect<'a> {
    entries: Vec<(&'a str, &'a Node<'a>)>,
    spans: Vec<Span>,
    thing: Thing,
    allowed: &'static [&'static str],
    span: Span,
}

impl<'a> Collect<'a> {
    fn new(written: usize, thing: Thing, allowed: &'static [&'static str], span: Span) -> Self {
        Collect {
            entries: Vec::with_capacity(written),
            spans: Vec::with_capacity(written),
            thing,
            allowed,
            span,
        }
    }

    fn add(&mut self, cx: &mut Cx, k: &'a str, span: Span, v: &'a Node<'a>) {
        if !self.allowed.contains(&k) {
            let suggestion = suggest(k, self.allowed.iter().copied());
            cx.push(
                Problem::UnknownField {
                    field: k.to_string(),
                    within: self.thing,
                    expected: self.allowed.to_vec(),
                    suggestion,
                },
                span,
            );
            return;
        }
        if let Some(i) = self.entries.iter().position(|(f, _)| *f == k) {
            cx.push(
                Problem::DuplicateField {
                    field: k.to_string(),
                    first: self.spans[i],
                },
                span,
            );
            return;
        }
        self.entries.push((k, v));
        self.spans.push(span);
    }

    fn done(self) -> Fields<'a> {
        Fields {
            entries: self.entries,
            thing: self.thing,
            span: self.span,
        }
    }
}

/// `Some(x)` → `x`; `None`, `null`, `()` → nothing; anything else is itself (implicit some).
pub fn unwrap_option<'a>(n: &'a Node<'a>) -> Option<&'a Node<'a>> {
    match &n.kind {
        Kind::Null | Kind::Unit => None,
        Kind::Ident(s) if s == "None" => None,
        Kind::Tuple {
            name: Some(name),
            items,
        } if name.text == "Some" && items.len() == 1 => Some(&items[0]),
        _ => Some(n),
    }
}

impl Cx {
    /// A context for `format`.
    pub fn new(format: Format) -> Self {
        Cx {
            format,
            diags: Vec::new(),
            hints: std::collections::HashMap::new(),
            hint_budget: HINT_BUDGET,
        }
    }

    /// "Did you mean" for an unknown `input` among the `count` ids of `candidates` (a list
    /// named `list`, such as "party"): worked out once per value and list, while the file's
    /// [`HINT_BUDGET`] of comparisons lasts; afterwards new values get no suggestion.
    pub fn hint<'a, I>(
        &mut self,
        list: &'static str,
        input: &str,
        count: usize,
        candidates: impl FnOnce() -> I,
    ) -> Option<String>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let key = (list, input.to_string());
        if let Some(h) = self.hints.get(&key) {
            return h.clone();
        }
        if count > self.hint_budget {
            self.hint_budget = 0;
            return None;
        }
        self.hint_budget -= count;
        let h = suggest(input, candidates());
        self.hints.insert(key, h.clone());
        h
    }

    /// Record a problem.
    pub fn push(&mut self, problem: Problem, span: Span) {
        self.diags.push(Diagnostic::new(problem, span));
    }

    fn wrong(&mut self, expected: Shape, node: &Node<'_>) {
        let hint = hint_for(expected, node, self.format);
        // A YAML string needs no quotes, so "a string in double quotes" would name quotes
        // that may not have been written.
        let found = match (node.shape(), self.format) {
            (Shape::String, Format::Yaml) => Shape::PlainString,
            (s, _) => s,
        };
        // Nor does the expected side: YAML accepts a plain scalar where a string is due.
        let expected = match (expected, self.format) {
            (Shape::String, Format::Yaml) => Shape::PlainString,
            (e, _) => e,
        };
        self.push(
            Problem::WrongType {
                expected,
                found,
                hint,
            },
            node.span,
        );
    }

    /// The fields of a structure (RON struct, JSON object, YAML mapping). Unknown and repeated
    /// fields are reported here, each with the nearest valid name.
    pub fn fields<'a>(
        &mut self,
        node: &'a Node<'a>,
        thing: Thing,
        allowed: &'static [&'static str],
    ) -> Option<Fields<'a>> {
        match &node.kind {
            Kind::Struct { fields, .. } => {
                let mut c = Collect::new(fields.len(), thing, allowed, node.span);
                for (k, v) in fields {
                    c.add(self, k.text.as_ref(), k.span, v);
                }
                Some(c.done())
            }
            Kind::Map(written) if self.format != Format::Ron => {
                Some(self.fields_in(written, node.span, thing, allowed))
            }
            // An empty RON struct `()` is a structure with no fields.
            Kind::Unit if self.format == Format::Ron => {
                Some(Collect::new(0, thing, allowed, node.span).done())
            }
            _ => {
                self.wrong(Shape::Struct, node);
                None
            }
        }
    }

    /// The fields of a JSON object or YAML mapping written at `span`, given as its entries
    /// (what [`Cx::fields`] does for a [`Kind::Map`] node, for readers that hold the entries
    /// without a node around them).
    pub fn fields_in<'a>(
        &mut self,
        written: &'a [(Node<'a>, Node<'a>)],
        span: Span,
        thing: Thing,
        allowed: &'static [&'static str],
    ) -> Fields<'a> {
        let mut c = Collect::new(written.len(), thing, allowed, span);
        // One pass over the written fields, without an intermediate list: a large model has
        // hundreds of thousands of these.
        for (k, v) in written {
            match &k.kind {
                Kind::Str(s) => c.add(self, s.as_ref(), k.span, v),
                _ => self.wrong(Shape::String, k),
            }
        }
        c.done()
    }

    /// A string.
    pub fn string(&mut self, node: &Node<'_>) -> Option<Spanned<String>> {
        match &node.kind {
            Kind::Str(s) => Some(Spanned::new(s.to_string(), node.span)),
            _ => {
                self.wrong(Shape::String, node);
                None
            }
        }
    }

    /// A string, borrowed from the node (for lookups that need no copy).
    pub fn str<'a>(&mut self, node: &'a Node<'a>) -> Option<Spanned<&'a str>> {
        match &node.kind {
            Kind::Str(s) => Some(Spanned::new(s.as_ref(), node.span)),
            _ => {
                self.wrong(Shape::String, node);
                None
            }
        }
    }

    /// A non-empty string that names something: no control characters, no surrounding blanks.
    pub fn id(&mut self, node: &Node<'_>, what: Thing) -> Option<Spanned<String>> {
        let s = self.string(node)?;
        if valid_id(&s.value) {
            Some(s)
        } else {
            self.push(
                Problem::InvalidId {
                    what,
                    id: s.value.clone(),
                },
                node.span,
            );
            None
        }
    }

    /// `true` or `false`.
    pub fn bool(&mut self, node: &Node<'_>) -> Option<bool> {
        match &node.kind {
            Kind::Bool(b) => Some(*b),
            _ => {
                self.wrong(Shape::Bool, node);
                None
            }
        }
    }

    /// A bare name in RON (`Service`), a string in JSON and YAML.
    pub fn name<'a>(&mut self, node: &'a Node<'a>) -> Option<Spanned<&'a str>> {
        match &node.kind {
            Kind::Ident(s) => Some(Spanned::new(s.as_ref(), node.span)),
            Kind::Str(s) if self.format != Format::Ron => Some(Spanned::new(s.as_ref(), node.span)),
            _ => {
                self.wrong(Shape::Name, node);
                None
            }
        }
    }

    /// One of the named variants of an enumeration.
    pub fn variant<T: Copy>(
        &mut self,
        node: &Node<'_>,
        of: (&'static str, &'static str),
        variants: &[(&'static str, T)],
    ) -> Option<T> {
        let name = self.name(node)?;
        self.lookup(name.value, name.span, of, variants)
    }

    /// Look up a variant name; report it unknown, with the nearest valid name.
    pub fn lookup<T: Copy>(
        &mut self,
        name: &str,
        span: Span,
        of: (&'static str, &'static str),
        variants: &[(&'static str, T)],
    ) -> Option<T> {
        if let Some((_, v)) = variants.iter().find(|(n, _)| *n == name) {
            return Some(*v);
        }
        let names: Vec<&'static str> = variants.iter().map(|(n, _)| *n).collect();
        self.push(
            Problem::UnknownVariant {
                value: name.to_string(),
                of,
                expected: names.clone(),
                suggestion: suggest(name, names.iter().copied()),
            },
            span,
        );
        None
    }

    /// A list.
    pub fn list<'a>(&mut self, node: &'a Node<'a>) -> Option<&'a [Node<'a>]> {
        match &node.kind {
            Kind::Seq(items) => Some(items),
            _ => {
                self.wrong(Shape::List, node);
                None
            }
        }
    }

    /// The entries of a map with string keys, in order; repeated keys are reported.
    pub fn map<'a>(
        &mut self,
        node: &'a Node<'a>,
        what: Thing,
    ) -> Option<Vec<(Spanned<String>, &'a Node<'a>)>> {
        let entries = match &node.kind {
            Kind::Map(entries) => entries,
            Kind::Struct { fields, .. } if self.format != Format::Ron => {
                return Some(
                    fields
                        .iter()
                        .map(|(k, v)| (Spanned::new(k.text.to_string(), k.span), v))
                        .collect(),
                );
            }
            _ => {
                self.wrong(Shape::Map, node);
                return None;
            }
        };
        let mut out: Vec<(Spanned<String>, &'a Node<'a>)> = Vec::with_capacity(entries.len());
        let mut seen: rustc_hash::FxHashMap<&'a str, Span> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(entries.len(), Default::default());
        for (k, v) in entries {
            let Kind::Str(text) = &k.kind else {
                self.id(k, what);
                continue;
            };
            let Some(key) = self.id(k, what) else {
                continue;
            };
            if let Some(&first) = seen.get(text.as_ref()) {
                self.push(
                    Problem::DuplicateId {
                        what,
                        id: key.value.clone(),
                        first,
                    },
                    key.span,
                );
                continue;
            }
            seen.insert(text.as_ref(), key.span);
            out.push((key, v));
        }
        Some(out)
    }

    /// A text: a string, or `(en: "..", ja: "..")` with both languages.
    pub fn text(&mut self, node: &Node<'_>) -> Option<Text> {
        if let Kind::Str(s) = &node.kind {
            return Some(Text::same(s.clone()));
        }
        if !matches!(node.kind, Kind::Struct { .. } | Kind::Map(_)) {
            self.wrong(Shape::Text, node);
            return None;
        }
        let f = self.fields(node, Thing::Text, &["en", "ja"])?;
        let en = f.req(self, "en").and_then(|n| self.string(n));
        let ja = f.req(self, "ja").and_then(|n| self.string(n));
        Some(Text {
            en: en?.value,
            ja: ja?.value,
        })
    }

    /// A date `"YYYY-MM-DD"`.
    pub fn date(&mut self, node: &Node<'_>) -> Option<Spanned<Date>> {
        let s = match &node.kind {
            Kind::Str(s) => s,
            _ => {
                self.wrong(Shape::Date, node);
                return None;
            }
        };
        match Date::parse(s) {
            Ok(d) => Some(Spanned::new(d, node.span)),
            Err(reason) => {
                self.push(
                    Problem::InvalidDate {
                        value: s.to_string(),
                        reason,
                    },
                    node.span,
                );
                None
            }
        }
    }
}

/// Whether a string can serve as an id.
pub fn valid_id(s: &str) -> bool {
    !s.is_empty() && s.trim() == s && !s.chars().any(char::is_control)
}

/// The boolean a YAML 1.1 reader would see in `s` (`yes`, `no`, `on`, `off`, `y`, `n`).
fn yaml11_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "on" | "y" => Some(true),
        "no" | "off" | "n" => Some(false),
        _ => None,
    }
}

/// How to write a value of the expected shape, when the mistake is a common one.
fn hint_for(expected: Shape, node: &Node<'_>, format: Format) -> Option<(String, String)> {
    match (expected, &node.kind) {
        (Shape::String | Shape::Date | Shape::Text, Kind::Ident(s)) => Some((
            format!("put it in double quotes: \"{s}\""),
            format!("二重引用符で囲んでください: \"{s}\""),
        )),
        (Shape::Name, Kind::Str(s)) if format == Format::Ron => Some((
            format!("in RON, names are written without quotes: {s}"),
            format!("RON では名前を引用符なしで書きます: {s}"),
        )),
        (Shape::Bool, Kind::Str(s)) if s == "true" || s == "false" => Some((
            format!("write {s} without quotes"),
            format!("引用符なしで {s} と書いてください"),
        )),
        (Shape::Bool, Kind::Str(s)) if format == Format::Yaml => yaml11_bool(s).map(|b| {
            (
                format!("write {b}: rolemap reads YAML 1.2, where `{s}` is a string, not a boolean"),
                format!("{b} と書いてください。rolemap は YAML 1.2 として読むため、`{s}` は真偽値ではなく文字列です"),
            )
        }),
        (Shape::List, _) => Some((
            "wrap the value in [ ] to make a list".into(),
            "値を [ ] で囲んでリストにしてください".into(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::syntax::parse;

    #[test]
    fn unknown_and_missing_fields_are_all_reported() {
        let src = "(nmae: \"x\", extra: 1, name: \"y\", name: \"z\")";
        let node = parse(src, Format::Ron).unwrap();
        let mut cx = Cx::new(Format::Ron);
        let f = cx
            .fields(&node, Thing::Party, &["name", "division"])
            .unwrap();
        assert!(f.req(&mut cx, "division").is_none());
        let codes: Vec<_> = cx.diags.iter().map(|d| d.problem.code()).collect();
        assert_eq!(
            codes,
            [
                "unknown-field",
                "unknown-field",
                "duplicate-field",
                "missing-field"
            ]
        );
        assert!(matches!(
            &*cx.diags[0].problem,
            Problem::UnknownField { suggestion: Some(s), .. } if s == "name"
        ));
    }

    #[test]
    fn ron_names_are_bare_json_names_are_strings() {
        let mut cx = Cx::new(Format::Ron);
        let n = parse("\"Service\"", Format::Ron).unwrap();
        assert!(cx.name(&n).is_none());
        assert!(
            cx.diags[0]
                .problem
                .help(crate::i18n::Lang::En)
                .unwrap()
                .contains("without quotes")
        );
        let mut cx = Cx::new(Format::Json);
        let n = parse("\"Service\"", Format::Json).unwrap();
        assert_eq!(cx.name(&n).unwrap().value, "Service");
    }
}
