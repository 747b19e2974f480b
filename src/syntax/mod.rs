//! A format-neutral tree of values with byte spans, read from RON, JSON or YAML.
//!
//! None of the serde readers keeps the position of every value, and rolemap must point at the
//! exact place of every problem, report all of them at once and never stop at the first unknown
//! field. So each format is read into [`Node`]s first; `crate::decode` turns nodes into typed
//! values and collects every problem on the way.

mod json;
mod ron;
mod yaml;

use crate::diag::{Diagnostic, Shape};
use crate::source::{Format, Span};

/// The deepest nesting any reader accepts; deeper input is an error, never a stack overflow.
pub const MAX_DEPTH: usize = 64;

/// A name with its span (a RON struct or variant name, or a field name).
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// The name.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// One value in the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: Kind,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of value the readers produce.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
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
    /// A quoted string (any YAML scalar that is not a bool, number or null).
    Str(String),
    /// A RON bare identifier such as `Service` or `None`.
    Ident(String),
    /// `[a, b]`.
    Seq(Vec<Node>),
    /// `{k: v}` or a JSON/YAML object.
    Map(Vec<(Node, Node)>),
    /// RON `(field: v)` or `Name(field: v)`.
    Struct {
        /// The optional struct or variant name.
        name: Option<Name>,
        /// Fields in order.
        fields: Vec<(Name, Node)>,
    },
    /// RON `(a, b)` or `Name(a, b)`.
    Tuple {
        /// The optional variant name.
        name: Option<Name>,
        /// Items in order.
        items: Vec<Node>,
    },
}

impl Node {
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
pub fn parse(text: &str, format: Format) -> Result<Node, Diagnostic> {
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
