//! A format-neutral tree of values with byte spans, read from RON, JSON or YAML.
//!
//! None of the serde readers keeps the position of every value, and rolemap must point at the
//! exact place of every problem, report all of them at once and never stop at the first unknown
//! field. So each format is read into [`Node`]s first; `crate::load::decode` turns nodes into typed
//! values and collects every problem on the way.

pub(crate) mod json;
mod ron;
mod yaml;

use std::borrow::Cow;

use crate::load::diagnostics::{Diagnostic, Problem, Shape, Slip};
use crate::load::source::{Format, Span};

/// The deepest nesting any reader accepts; deeper input is an error, never a stack overflow.
pub const MAX_DEPTH: usize = 64;

/// A name with its span (a RON struct or variant name, or a field name).
#[derive(Debug, Clone, PartialEq)]
pub struct Name<'a> {
    /// The name (borrowed from the source).
    pub text: Cow<'a, str>,
    /// Where it is written.
    pub span: Span,
}

/// One value in the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    /// The value.
    pub kind: Kind<'a>,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of value the readers produce.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    /// JSON `null`, YAML `null`/`~`/empty.
    Null,
    /// RON `()`.
    Unit,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A quoted string (any YAML scalar that is not a bool, number or null); borrowed from
    /// the source unless it had escapes.
    Str(Cow<'a, str>),
    /// A RON bare identifier such as `Service` or `None`.
    Ident(Cow<'a, str>),
    /// `[a, b]`.
    Seq(Vec<Node<'a>>),
    /// `{k: v}` or a JSON/YAML object.
    Map(Vec<(Node<'a>, Node<'a>)>),
    /// RON `(field: v)` or `Name(field: v)`.
    Struct {
        /// The optional struct or variant name (boxed: names are rare, and a smaller node
        /// keeps the tree of a large JSON model half the size).
        name: Option<Box<Name<'a>>>,
        /// Fields in order.
        fields: Vec<(Name<'a>, Node<'a>)>,
    },
    /// RON `(a, b)` or `Name(a, b)`.
    Tuple {
        /// The optional variant name (boxed, as for structs).
        name: Option<Box<Name<'a>>>,
        /// Items in order.
        items: Vec<Node<'a>>,
    },
}

impl Node<'_> {
    /// The shape of this node, for "expected X, found Y".
    pub fn shape(&self) -> Shape {
        match &self.kind {
            Kind::Null | Kind::Unit => Shape::Nothing,
            Kind::Bool(_) => Shape::Bool,
            Kind::Int(_) | Kind::Float(_) => Shape::Number,
            Kind::Str(_) => Shape::String,
            Kind::Ident(_) => Shape::Name,
            Kind::Seq(_) => Shape::List,
            Kind::Map(_) => Shape::Map,
            Kind::Struct { .. } => Shape::Struct,
            Kind::Tuple { .. } => Shape::Tuple,
        }
    }
}

/// Read a whole document in `format`. The first syntax error ends reading: what follows it
/// cannot be trusted.
pub fn parse(text: &str, format: Format) -> Result<Node<'_>, Diagnostic> {
    match format {
        Format::Ron => ron::parse(text),
        Format::Json => json::parse(text),
        Format::Yaml => yaml::parse(text),
    }
}

/// Show a token or text for "found ..." messages: short, quoted, printable.
pub(crate) fn show_found(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i >= 20 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    format!("`{out}`")
}

/// A date written without quotes at the start of `rest` (which begins at byte `at`), such as
/// `2027-03-31`: four digits, `-`, one or two digits, `-`, one or two digits, not followed by
/// another digit. RON and JSON would read it as `2027` and then stumble over `-03`.
pub(crate) fn unquoted_date(rest: &str, at: usize) -> Option<Diagnostic> {
    let b = rest.as_bytes();
    let digits = |from: usize, min: usize, max: usize| -> Option<usize> {
        let n = b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        (min..=max).contains(&n).then_some(from + n)
    };
    let y = digits(0, 4, 4)?;
    (b.get(y) == Some(&b'-')).then_some(())?;
    let m = digits(y + 1, 1, 2)?;
    (b.get(m) == Some(&b'-')).then_some(())?;
    let d = digits(m + 1, 1, 2)?;
    Some(Diagnostic::new(
        Problem::Slip {
            slip: Slip::UnquotedDate {
                text: rest[..d].to_string(),
            },
        },
        Span::new(at, at + d),
    ))
}
