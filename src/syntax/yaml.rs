//! YAML through saphyr-parser's event stream, with spans converted to bytes.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};

use super::{Kind, MAX_DEPTH, Node};
use crate::diag::{Diagnostic, Problem};
use crate::source::Span;

/// Most nodes an alias expansion may produce, against "billion laughs" documents.
const MAX_EXPANDED_NODES: usize = 1_000_000;

pub(super) fn parse(text: &str) -> Result<Node<'_>, Diagnostic> {
    let text_nobom = text.strip_prefix('\u{feff}');
    let base = if text_nobom.is_some() { 3 } else { 0 };
    let body = text_nobom.unwrap_or(text);
    let chars = CharIndex::new(body, base);
    let mut b = Builder {
        chars,
        anchors: Default::default(),
        expanded: 0,
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
                let Some(target) = b.anchors.get(&id).cloned() else {
                    return Err(Diagnostic::new(
                        Problem::Yaml {
                            message: "alias to an unknown anchor".into(),
                        },
                        sp,
                    ));
                };
                b.expanded += count(&target);
                if b.expanded > MAX_EXPANDED_NODES {
                    return Err(Diagnostic::new(
                        Problem::Unsupported {
                            what: (
                                "aliases that expand to over a million values",
                                "100万を超える値に展開されるエイリアス",
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

fn count(n: &Node<'_>) -> usize {
    match &n.kind {
        Kind::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        Kind::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count(k) + count(v))
                .sum::<usize>()
        }
        _ => 1,
    }
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
    anchors: std::collections::HashMap<usize, Node<'a>>,
    expanded: usize,
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
            self.anchors.insert(anchor, node.clone());
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
        assert!(parse(&s).is_err());
    }

    #[test]
    fn syntax_error_has_position() {
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(matches!(*e.problem, Problem::Yaml { .. }));
    }
}
