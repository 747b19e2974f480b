//! Source tags: `Seed`, `Web("TAG, TAG")` (each tag listed in `sources`) and
//! `Inferred(en: "..", ja: "..")`.

use super::bilingual;
use crate::catalog::Source;
use crate::load::decode::Cx;
use crate::load::diagnostics::{Problem, Shape, Thing, known_sample, suggest};
use crate::load::source::{Format, Span};
use crate::load::syntax::{Kind, Node};

/// A source tag; `tags` are the ones `sources` lists.
pub(super) fn source(cx: &mut Cx, node: &Node, tags: &[String]) -> Option<Source> {
    let (name, args, name_span) = match &node.kind {
        Kind::Ident(s) => (s.as_ref(), None, node.span),
        Kind::Str(s) if cx.format != Format::Ron => (s.as_ref(), None, node.span),
        Kind::Tuple {
            name: Some(n),
            items,
        } => (n.text.as_ref(), Some(items.as_slice()), n.span),
        Kind::Struct { name: Some(n), .. } => (n.text.as_ref(), None, n.span),
        Kind::Map(entries) if entries.len() == 1 && cx.format != Format::Ron => {
            let (k, v) = &entries[0];
            let Kind::Str(k) = &k.kind else {
                cx.push(
                    Problem::WrongType {
                        expected: Shape::SourceTag,
                        found: node.shape(),
                        hint: None,
                    },
                    node.span,
                );
                return None;
            };
            return source_with_arg(cx, k, entries[0].0.span, v, tags);
        }
        _ => {
            cx.push(
                Problem::WrongType {
                    expected: Shape::SourceTag,
                    found: node.shape(),
                    hint: None,
                },
                node.span,
            );
            return None;
        }
    };
    match (name, args) {
        ("Seed", None) => Some(Source::Seed),
        ("Web", Some([arg])) => source_with_arg(cx, "Web", name_span, arg, tags),
        ("Inferred", None) if matches!(node.kind, Kind::Struct { .. }) => {
            // RON struct variant: Inferred(en: "..", ja: "..")
            let Kind::Struct { fields, .. } = &node.kind else {
                unreachable!()
            };
            let inner = Node {
                kind: Kind::Struct {
                    name: None,
                    fields: fields.clone(),
                },
                span: node.span,
            };
            bilingual(cx, &inner).map(Source::Inferred)
        }
        ("Inferred", Some([arg])) => source_with_arg(cx, "Inferred", name_span, arg, tags),
        _ => {
            let known = [("Seed", ()), ("Web", ()), ("Inferred", ())];
            if known.iter().any(|(k, _)| *k == name) {
                cx.push(
                    Problem::WrongType {
                        expected: Shape::SourceTag,
                        found: node.shape(),
                        hint: None,
                    },
                    node.span,
                );
            } else {
                cx.lookup(name, name_span, ("source tag", "出典区分"), &known);
            }
            None
        }
    }
}

fn source_with_arg(
    cx: &mut Cx,
    name: &str,
    span: Span,
    arg: &Node,
    tags: &[String],
) -> Option<Source> {
    match name {
        "Web" => {
            let s = cx.string(arg)?;
            for tag in s.value.split(',').map(str::trim) {
                if !tags.iter().any(|t| t == tag) {
                    let (known, known_count) =
                        known_sample(tags.iter().map(String::as_str), tags.len());
                    cx.push(
                        Problem::UnknownReference {
                            what: Thing::SourceDoc,
                            id: tag.to_string(),
                            context: ("Web(..)".into(), "Web(..)".into()),
                            suggestion: suggest(tag, tags.iter().map(String::as_str)),
                            known,
                            known_count,
                        },
                        s.span,
                    );
                }
            }
            Some(Source::Web(s.value))
        }
        "Inferred" => bilingual(cx, arg).map(Source::Inferred),
        "Seed" => {
            cx.push(
                Problem::WrongType {
                    expected: Shape::SourceTag,
                    found: Shape::Tuple,
                    hint: None,
                },
                arg.span,
            );
            None
        }
        other => {
            cx.lookup(
                other,
                span,
                ("source tag", "出典区分"),
                &[("Seed", ()), ("Web", ()), ("Inferred", ())],
            );
            None
        }
    }
}
