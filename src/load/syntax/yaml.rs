//! YAML through saphyr-parser's event stream, with spans converted to bytes.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};

use super::{Kind, MAX_DEPTH, Node};
use crate::load::diagnostics::{Diagnostic, Problem, Slip};
use crate::load::source::Span;

/// Most nodes an alias expansion may produce, against "billion laughs" documents.
const MAX_EXPANDED_NODES: usize = 1_000_000;

/// Most bytes of text aliases may copy (the text of every scalar under each alias, summed over
/// the aliases): a few aliases of one huge string amplify bytes, not values. 64 MiB, the
/// default size limit of a whole file.
pub const MAX_EXPANDED_BYTES: usize = 64 * 1024 * 1024;

pub(super) fn parse(text: &str) -> Result<Node<'_>, Diagnostic> {
    let text_nobom = text.strip_prefix('\u{feff}');
    let base = if text_nobom.is_some() { 3 } else { 0 };
    let body = text_nobom.unwrap_or(text);
    let chars = CharIndex::new(body, base);
    let mut b = Builder {
        chars,
        anchors: Default::default(),
        expanded: 0,
        expanded_bytes: 0,
    };
    let mut parser = Parser::new_from_str(body);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (ev, span) = match next {
            Ok(x) => x,
            Err(e) => {
                let at = b.chars.byte(e.marker().index());
                if let Some(tab) = indent_tab(text, at, e.info()) {
                    return Err(Diagnostic::new(
                        Problem::Slip { slip: Slip::Tab },
                        Span::new(tab, tab + 1),
                    ));
                }
                return Err(Diagnostic::new(
                    Problem::Yaml {
                        message: e.info().to_string(),
                    },
                    Span::new(at, at + 1),
                ));
            }
        };
        let sp = b.span(span);
        match ev {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => {}
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Diagnostic::new(
                        Problem::Unsupported {
                            what: ("a second YAML document", "2つ目の YAML 文書"),
                        },
                        sp,
                    ));
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Diagnostic::new(Problem::TooDeep { limit: MAX_DEPTH }, sp));
                }
                let is_map = matches!(ev, Event::MappingStart(..));
                stack.push(Frame {
                    start: sp.start,
                    anchor,
                    items: Vec::new(),
                    is_map,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let frame = stack.pop().expect("the YAML parser balances its events");
                let span = Span::new(frame.start, sp.end.max(frame.start));
                let kind = if frame.is_map {
                    let mut entries = Vec::new();
                    let mut it = frame.items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        entries.push((k, v));
                    }
                    Kind::Map(entries)
                } else {
                    Kind::Seq(frame.items)
                };
                let node = Node { kind, span };
                b.remember(frame.anchor, &node);
                push(&mut stack, &mut root, node);
            }
            Event::Scalar(value, style, anchor, tag) => {
                let kind = scalar(value, style, tag.as_deref().map(|t| t.suffix.as_str()));
                let node = Node { kind, span: sp };
                b.remember(anchor, &node);
                push(&mut stack, &mut root, node);
            }
            Event::Alias(id) => {
                let Some((target, weight)) = b.anchors.get(&id).cloned() else {
                    return Err(Diagnostic::new(
                        Problem::Yaml {
                            message: "alias to an unknown anchor".into(),
                        },
                        sp,
                    ));
                };
                b.expanded = b.expanded.saturating_add(weight.nodes);
                b.expanded_bytes = b.expanded_bytes.saturating_add(weight.bytes);
                if b.expanded > MAX_EXPANDED_NODES {
                    return Err(Diagnostic::new(
                        Problem::OverLimit {
                            what: (
                                "aliases that expand to over a million values",
                                "100万を超える値に展開されるエイリアス",
                            ),
                        },
                        sp,
                    ));
                }
                if b.expanded_bytes > MAX_EXPANDED_BYTES {
                    return Err(Diagnostic::new(
                        Problem::OverLimit {
                            what: (
                                "aliases that copy over 64 MiB of text",
                                "64 MiB を超えるテキストを複製するエイリアス",
                            ),
                        },
                        sp,
                    ));
                }
                let mut node = target;
                node.span = sp;
                push(&mut stack, &mut root, node);
            }
        }
    }
    Ok(root.unwrap_or(Node {
        kind: Kind::Null,
        span: Span::new(base, base),
    }))
}

/// The byte of the tab that caused a YAML error at byte `at`: a tab in the indentation of the
/// error's line, or, when the reader's message speaks of tabs, one in the indentation of the
/// next two lines or else the last one before.
fn indent_tab(text: &str, at: usize, message: &str) -> Option<usize> {
    let at = at.min(text.len());
    let tab_in_indent = |line_start: usize| {
        let line = &text[line_start..];
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        line[..indent].find('\t').map(|i| line_start + i)
    };
    let here = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if let Some(t) = tab_in_indent(here) {
        return Some(t);
    }
    if !message.contains("tab") {
        return None;
    }
    // The reader may stop at the end of the line before the tab: look at the next lines
    // first, then back.
    let after = text[here..]
        .match_indices('\n')
        .map(|(i, _)| here + i + 1)
        .take(2)
        .find_map(tab_in_indent);
    after.or_else(|| {
        let mut starts: Vec<usize> = vec![0];
        starts.extend(text[..here].match_indices('\n').map(|(i, _)| i + 1));
        starts.into_iter().rev().find_map(tab_in_indent)
    })
}

struct Frame<'a> {
    start: usize,
    anchor: usize,
    items: Vec<Node<'a>>,
    is_map: bool,
}

fn push<'a>(stack: &mut [Frame<'a>], root: &mut Option<Node<'a>>, node: Node<'a>) {
    match stack.last_mut() {
        Some(f) => f.items.push(node),
        None => *root = Some(node),
    }
}

/// What an alias to a node copies: its values and the bytes of their text.
#[derive(Debug, Clone, Copy, Default)]
struct Weight {
    nodes: usize,
    bytes: usize,
}

/// The weight of a node, without recursion (a YAML tree is at most [`MAX_DEPTH`] deep, but an
/// explicit stack costs nothing).
fn weigh(n: &Node<'_>) -> Weight {
    let mut w = Weight::default();
    let mut todo = vec![n];
    while let Some(n) = todo.pop() {
        w.nodes += 1;
        match &n.kind {
            Kind::Seq(items) => todo.extend(items),
            Kind::Map(entries) => {
                for (k, v) in entries {
                    todo.push(k);
                    todo.push(v);
                }
            }
            Kind::Str(s) | Kind::Ident(s) => w.bytes = w.bytes.saturating_add(s.len()),
            // Every other value is at most a few bytes; count it as eight.
            _ => w.bytes = w.bytes.saturating_add(8),
        }
    }
    w
}

fn scalar<'a>(value: Cow<'a, str>, style: ScalarStyle, tag: Option<&str>) -> Kind<'a> {
    if style != ScalarStyle::Plain || tag == Some("str") {
        return Kind::Str(value);
    }
    match value.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "true" | "True" | "TRUE" => return Kind::Bool(true),
        "false" | "False" | "FALSE" => return Kind::Bool(false),
        _ => {}
    }
    let looks_numeric = value
        .trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if looks_numeric {
        if let Ok(i) = value.parse::<i64>() {
            return Kind::Int(i);
        }
        if let Ok(f) = value.parse::<f64>() {
            return Kind::Float(f);
        }
    }
    Kind::Str(value)
}

struct Builder<'a> {
    chars: CharIndex,
    /// Each anchor's node and what an alias to it copies (weighed once, when it is defined).
    anchors: std::collections::HashMap<usize, (Node<'a>, Weight)>,
    expanded: usize,
    expanded_bytes: usize,
}

impl<'a> Builder<'a> {
    fn span(&self, s: YSpan) -> Span {
        Span::new(
            self.chars.byte(s.start.index()),
            self.chars.byte(s.end.index()),
        )
    }

    fn remember(&mut self, anchor: usize, node: &Node<'a>) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), weigh(node)));
        }
    }
}

/// Character index → byte offset (saphyr counts characters).
struct CharIndex {
    offsets: Vec<usize>,
    base: usize,
}

impl CharIndex {
    fn new(text: &str, base: usize) -> Self {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        CharIndex { offsets, base }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.base
            + self
                .offsets
                .get(char_index)
                .copied()
                .unwrap_or(*self.offsets.last().unwrap_or(&0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_yaml_with_spans() {
        let src = "name: 日本\nparties:\n  acme: {name: \"ACME\", division: Provider}\nlist: [1, true, ~, x]\n";
        let n = parse(src).unwrap();
        let Kind::Map(e) = &n.kind else { panic!() };
        assert_eq!(e[0].1.kind, Kind::Str("日本".into()));
        let Kind::Map(p) = &e[1].1.kind else { panic!() };
        assert_eq!(&src[p[0].0.span.start..p[0].0.span.end], "acme");
        let Kind::Seq(l) = &e[2].1.kind else { panic!() };
        assert_eq!(
            l.iter().map(|n| n.kind.clone()).collect::<Vec<_>>(),
            vec![
                Kind::Int(1),
                Kind::Bool(true),
                Kind::Null,
                Kind::Str("x".into())
            ]
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='j' {
            s.push_str(&format!(
                "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = c;
        }
        let e = parse(&s).unwrap_err();
        // A limit, not a construct the reader lacks: the code a script checks says so.
        assert_eq!(e.problem.code(), "too-large");
        assert!(
            e.problem
                .message(crate::Lang::En)
                .contains("a million values")
        );
    }

    #[test]
    fn aliases_of_one_long_string_are_refused_by_bytes() {
        // 64 aliases of a 1 MiB string: few values, 64 MiB of text.
        let long = "x".repeat(1024 * 1024);
        let mut s = format!("a: &a \"{long}\"\nb: [");
        for _ in 0..70 {
            s.push_str("*a, ");
        }
        s.push_str("]\n");
        let e = parse(&s).unwrap_err();
        assert_eq!(e.problem.code(), "too-large");
        assert!(e.problem.message(crate::Lang::En).contains("64 MiB"));
        assert!(e.problem.message(crate::Lang::Ja).contains("64 MiB"));
        // The same aliases of a short string are fine.
        let short = s.replace(&long, "short");
        assert!(parse(&short).is_ok());
    }

    #[test]
    fn syntax_error_has_position() {
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(matches!(*e.problem, Problem::Yaml { .. }));
    }
}
