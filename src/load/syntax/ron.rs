//! A RON reader that keeps the span of every value.

mod literal;

use super::{Kind, MAX_DEPTH, Name, Node, show_found};
use crate::load::diagnostics::{Diagnostic, Expected, Problem};
use crate::load::source::Span;

pub(super) fn parse(text: &str) -> Result<Node<'_>, Diagnostic> {
    let mut p = Parser {
        src: text,
        pos: 0,
        depth: 0,
    };
    p.skip_bom();
    p.skip_ws()?;
    p.attributes()?;
    let node = p.value()?;
    p.skip_ws()?;
    if p.pos < p.src.len() {
        return Err(p.unexpected(Expected::End));
    }
    Ok(node)
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.rest().chars();
        it.next();
        it.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_bom(&mut self) {
        if self.rest().starts_with('\u{feff}') {
            self.pos += '\u{feff}'.len_utf8();
        }
    }

    fn err(&self, problem: Problem, span: Span) -> Diagnostic {
        Diagnostic::new(problem, span)
    }

    /// "expected X, found <the next token>".
    fn unexpected(&self, expected: Expected) -> Diagnostic {
        let (found, len) = self.next_token_text();
        self.err(
            Problem::Syntax { expected, found },
            Span::new(self.pos, self.pos + len),
        )
    }

    fn next_token_text(&self) -> (String, usize) {
        let rest = self.rest();
        match rest.chars().next() {
            None => ("end of file".into(), 0),
            Some(c) if is_ident_start(c) => {
                let len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
                (show_found(&rest[..len]), len)
            }
            Some('"') => {
                let len = rest[1..]
                    .find(['"', '\n'])
                    .map(|i| i + 2)
                    .unwrap_or(rest.len())
                    .min(rest.len());
                (show_found(&rest[..len]), len)
            }
            Some(c) => (show_found(&c.to_string()), c.len_utf8()),
        }
    }

    fn skip_ws(&mut self) -> Result<(), Diagnostic> {
        loop {
            let rest = self.rest();
            if let Some(c) = rest.chars().next()
                && c.is_whitespace()
            {
                self.pos += c.len_utf8();
                continue;
            }
            if rest.starts_with("//") {
                let len = rest.find('\n').unwrap_or(rest.len());
                self.pos += len;
                continue;
            }
            if rest.starts_with("/*") {
                let start = self.pos;
                self.pos += 2;
                let mut level = 1usize;
                while level > 0 {
                    let rest = self.rest();
                    if rest.is_empty() {
                        return Err(self.err(
                            Problem::Unterminated {
                                what: ("block comment", "ブロックコメント"),
                            },
                            Span::new(start, start + 2),
                        ));
                    }
                    if rest.starts_with("/*") {
                        level += 1;
                        self.pos += 2;
                    } else if rest.starts_with("*/") {
                        level -= 1;
                        self.pos += 2;
                    } else {
                        self.bump();
                    }
                }
                continue;
            }
            return Ok(());
        }
    }

    /// `#![enable(implicit_some, ...)]` lines at the start. rolemap always behaves as if
    /// `implicit_some` were on; the other extensions are accepted and have no effect on its
    /// own types.
    fn attributes(&mut self) -> Result<(), Diagnostic> {
        while self.rest().starts_with("#!") {
            self.pos += 2;
            self.expect('[')?;
            self.skip_ws()?;
            let (name, span) = self.ident()?;
            if name != "enable" {
                return Err(self.err(
                    Problem::Syntax {
                        expected: Expected::Other("`enable`", "`enable`"),
                        found: show_found(name),
                    },
                    span,
                ));
            }
            self.skip_ws()?;
            self.expect('(')?;
            loop {
                self.skip_ws()?;
                if self.peek() == Some(')') {
                    self.bump();
                    break;
                }
                let (ext, span) = self.ident()?;
                if !matches!(
                    ext,
                    "implicit_some"
                        | "unwrap_newtypes"
                        | "unwrap_variant_newtypes"
                        | "explicit_struct_names"
                ) {
                    return Err(self.err(
                        Problem::Syntax {
                            expected: Expected::Other(
                                "a RON extension such as `implicit_some`",
                                "`implicit_some` などの RON 拡張",
                            ),
                            found: show_found(ext),
                        },
                        span,
                    ));
                }
                self.skip_ws()?;
                match self.peek() {
                    Some(',') => {
                        self.bump();
                    }
                    Some(')') => {}
                    _ => return Err(self.unexpected(Expected::OneOf(&[',', ')']))),
                }
            }
            self.skip_ws()?;
            self.expect(']')?;
            self.skip_ws()?;
        }
        Ok(())
    }

    fn expect(&mut self, c: char) -> Result<(), Diagnostic> {
        if self.peek() == Some(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(Expected::Char(c)))
        }
    }

    fn ident(&mut self) -> Result<(&'a str, Span), Diagnostic> {
        let start = self.pos;
        if self.rest().starts_with("r#") && self.rest()[2..].starts_with(is_ident_start) {
            self.pos += 2;
        }
        match self.peek() {
            Some(c) if is_ident_start(c) => {}
            _ => return Err(self.unexpected(Expected::Other("a name", "名前"))),
        }
        let name_start = self.pos;
        while let Some(c) = self.peek() {
            if is_ident_char(c) {
                self.pos += 1;
            } else {
                break;
            }
        }
        let src: &'a str = self.src;
        Ok((&src[name_start..self.pos], Span::new(start, self.pos)))
    }

    fn enter(&mut self, start: usize) -> Result<(), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(
                Problem::TooDeep { limit: MAX_DEPTH },
                Span::new(start, start + 1),
            ));
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Node<'a>, Diagnostic> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.unexpected(Expected::Value));
        };
        match c {
            '(' => self.paren(None, start),
            '[' => self.seq(start),
            '{' => self.map(start),
            '"' => {
                let s = self.string()?;
                Ok(Node {
                    kind: Kind::Str(s),
                    span: Span::new(start, self.pos),
                })
            }
            'r' if self.rest()[1..].trim_start_matches('#').starts_with('"') => {
                let s = self.raw_string()?;
                Ok(Node {
                    kind: Kind::Str(s.into()),
                    span: Span::new(start, self.pos),
                })
            }
            'b' if matches!(self.peek2(), Some('"') | Some('\'')) => Err(self.err(
                Problem::Unsupported {
                    what: ("a byte string", "バイト文字列"),
                },
                Span::new(start, start + 2),
            )),
            '\'' => {
                let s = self.char_lit()?;
                Ok(Node {
                    kind: Kind::Str(s.into()),
                    span: Span::new(start, self.pos),
                })
            }
            c if c == '-' || c == '+' || c == '.' || c.is_ascii_digit() => self.number(),
            c if is_ident_start(c) => {
                let (name, span) = self.ident()?;
                match name {
                    "true" => {
                        return Ok(Node {
                            kind: Kind::Bool(true),
                            span,
                        });
                    }
                    "false" => {
                        return Ok(Node {
                            kind: Kind::Bool(false),
                            span,
                        });
                    }
                    "inf" | "NaN" => {
                        return Ok(Node {
                            kind: Kind::Float(if name == "inf" {
                                f64::INFINITY
                            } else {
                                f64::NAN
                            }),
                            span,
                        });
                    }
                    _ => {}
                }
                // A name directly followed (after blanks) by `(` is a named struct or variant.
                let save = self.pos;
                self.skip_ws()?;
                if self.peek() == Some('(') {
                    let pstart = self.pos;
                    self.paren(
                        Some(Name {
                            text: name.into(),
                            span,
                        }),
                        pstart,
                    )
                    .map(|mut n| {
                        n.span = Span::new(start, n.span.end);
                        n
                    })
                } else {
                    self.pos = save;
                    Ok(Node {
                        kind: Kind::Ident(name.into()),
                        span,
                    })
                }
            }
            _ => Err(self.unexpected(Expected::Value)),
        }
    }

    /// `(...)`: unit, struct (`name: value`) or tuple.
    fn paren(&mut self, name: Option<Name<'a>>, start: usize) -> Result<Node<'a>, Diagnostic> {
        self.enter(start)?;
        self.expect('(')?;
        self.skip_ws()?;
        if self.peek() == Some(')') {
            self.bump();
            self.depth -= 1;
            let kind = match name {
                None => Kind::Unit,
                Some(name) => Kind::Tuple {
                    name: Some(Box::new(name)),
                    items: vec![],
                },
            };
            return Ok(Node {
                kind,
                span: Span::new(start, self.pos),
            });
        }
        // Struct if the first thing is `ident :` (but not `::`).
        let is_struct = {
            let save = self.pos;
            let r = if self.peek().is_some_and(is_ident_start) {
                let ok = self.ident().is_ok();
                let _ = self.skip_ws();
                ok && self.peek() == Some(':')
            } else {
                false
            };
            self.pos = save;
            r
        };
        let kind = if is_struct {
            let mut fields: Vec<(Name, Node)> = Vec::new();
            self.comma_list(')', |p| {
                let (fname, fspan) = match p.ident() {
                    Ok(x) => x,
                    Err(_) => return Err(p.unexpected(Expected::FieldName)),
                };
                p.skip_ws()?;
                p.expect(':')?;
                p.skip_ws()?;
                let v = p.value()?;
                fields.push((
                    Name {
                        text: fname.into(),
                        span: fspan,
                    },
                    v,
                ));
                Ok(())
            })?;
            Kind::Struct {
                name: name.map(Box::new),
                fields,
            }
        } else {
            let mut items = Vec::new();
            self.comma_list(')', |p| {
                items.push(p.value()?);
                Ok(())
            })?;
            Kind::Tuple {
                name: name.map(Box::new),
                items,
            }
        };
        self.expect(')')?;
        self.depth -= 1;
        Ok(Node {
            kind,
            span: Span::new(start, self.pos),
        })
    }

    /// The entries of a bracketed list up to `close` (left to read), separated by commas, a
    /// trailing comma allowed; `entry` reads one entry.
    fn comma_list(
        &mut self,
        close: char,
        mut entry: impl FnMut(&mut Self) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let after: &'static [char] = match close {
            ')' => &[',', ')'],
            ']' => &[',', ']'],
            _ => &[',', '}'],
        };
        loop {
            self.skip_ws()?;
            if self.peek() == Some(close) {
                return Ok(());
            }
            entry(self)?;
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(c) if c == close => return Ok(()),
                _ => return Err(self.unexpected(Expected::OneOf(after))),
            }
        }
    }

    fn seq(&mut self, start: usize) -> Result<Node<'a>, Diagnostic> {
        self.enter(start)?;
        self.expect('[')?;
        let mut items = Vec::new();
        self.comma_list(']', |p| {
            items.push(p.value()?);
            Ok(())
        })?;
        self.expect(']')?;
        self.depth -= 1;
        Ok(Node {
            kind: Kind::Seq(items),
            span: Span::new(start, self.pos),
        })
    }

    fn map(&mut self, start: usize) -> Result<Node<'a>, Diagnostic> {
        self.enter(start)?;
        self.expect('{')?;
        let mut entries = Vec::new();
        self.comma_list('}', |p| {
            let k = p.value()?;
            p.skip_ws()?;
            p.expect(':')?;
            p.skip_ws()?;
            let v = p.value()?;
            entries.push((k, v));
            Ok(())
        })?;
        self.expect('}')?;
        self.depth -= 1;
        Ok(Node {
            kind: Kind::Map(entries),
            span: Span::new(start, self.pos),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Node<'_> {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn structures() {
        let n = p(
            "#![enable(implicit_some)]\n(a: 1, b: [x, \"y\"], c: {\"k\": Developer(Lead, \"s\")}, d: (), e: Some(2),)",
        );
        let Kind::Struct { name: None, fields } = n.kind else {
            panic!()
        };
        assert_eq!(fields.len(), 5);
        assert_eq!(fields[0].0.text, "a");
        assert_eq!(fields[0].1.kind, Kind::Int(1));
        let Kind::Map(entries) = &fields[2].1.kind else {
            panic!()
        };
        let Kind::Tuple { name, items } = &entries[0].1.kind else {
            panic!()
        };
        assert_eq!(name.as_ref().unwrap().text, "Developer");
        assert_eq!(items.len(), 2);
        assert_eq!(fields[3].1.kind, Kind::Unit);
    }

    #[test]
    fn spans_point_at_values() {
        let s = "(kind: Servce)";
        let n = p(s);
        let Kind::Struct { fields, .. } = n.kind else {
            panic!()
        };
        let span = fields[0].1.span;
        assert_eq!(&s[span.start..span.end], "Servce");
    }

    #[test]
    fn strings_and_comments() {
        let n = p("/* a /* nested */ */ [\"a\\n\\u{65E5}\", r#\"raw \"q\"\"#, 'c'] // end");
        let Kind::Seq(items) = n.kind else { panic!() };
        assert_eq!(items[0].kind, Kind::Str("a\n日".into()));
        assert_eq!(items[1].kind, Kind::Str("raw \"q\"".into()));
        assert_eq!(items[2].kind, Kind::Str("c".into()));
    }

    #[test]
    fn numbers() {
        let n = p("[1, -2, 3.5, 1e3, 0x10, 1_000]");
        let Kind::Seq(items) = n.kind else { panic!() };
        let kinds: Vec<_> = items.into_iter().map(|n| n.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::Int(1),
                Kind::Int(-2),
                Kind::Float(3.5),
                Kind::Float(1000.0),
                Kind::Int(16),
                Kind::Int(1000)
            ]
        );
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("(a: 1 b: 2)").unwrap_err();
        assert_eq!(e.start(), 6);
        assert!(matches!(*e.problem, Problem::Syntax { .. }));
        let e = parse("(a: \"open)").unwrap_err();
        assert!(matches!(*e.problem, Problem::Unterminated { .. }));
        let e = parse("(a: 1) x").unwrap_err();
        assert!(matches!(
            *e.problem,
            Problem::Syntax {
                expected: Expected::End,
                ..
            }
        ));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let s = "[".repeat(100_000);
        let e = parse(&s).unwrap_err();
        assert!(matches!(*e.problem, Problem::TooDeep { .. }));
    }
}
