//! A strict JSON reader that keeps the span of every value.

mod halves;
mod pieces;

#[cfg(test)]
use halves::top_members;
use halves::{PARALLEL_FROM, parse_from};
pub(crate) use pieces::{Pieces, guess_split};

use super::{Kind, MAX_DEPTH, Node, show_found, unquoted_date};
use crate::load::diagnostics::{Diagnostic, Expected, Problem, Slip};
use crate::load::source::Span;

pub(super) fn parse(text: &str) -> Result<Node<'_>, Diagnostic> {
    parse_from(text, PARALLEL_FROM)
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
    /// Entries of the objects and items of the arrays being read, innermost last: each
    /// container takes its own off the top when it closes, into a list of exactly its size
    /// (growing a list per container would leave a large model's tree a third larger).
    entries: Vec<(Node<'a>, Node<'a>)>,
    items: Vec<Node<'a>>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, pos: usize, depth: usize) -> Self {
        Parser {
            src,
            pos,
            depth,
            entries: Vec::new(),
            items: Vec::new(),
        }
    }
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn unexpected(&self, expected: Expected) -> Diagnostic {
        let rest = &self.src[self.pos..];
        let (found, len) = match rest.chars().next() {
            None => ("end of file".to_string(), 0),
            Some(c) if c.is_ascii_alphabetic() => {
                let len = rest
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                (show_found(&rest[..len]), len)
            }
            Some(c) => (show_found(&c.to_string()), c.len_utf8()),
        };
        Diagnostic::new(
            Problem::Syntax { expected, found },
            Span::new(self.pos, self.pos + len),
        )
    }

    fn expect(&mut self, b: u8) -> Result<(), Diagnostic> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(Expected::Char(b as char)))
        }
    }

    fn enter(&mut self) -> Result<(), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Diagnostic::new(
                Problem::TooDeep { limit: MAX_DEPTH },
                Span::new(self.pos, self.pos + 1),
            ));
        }
        Ok(())
    }

    /// The entries of an object or array after its opening bracket, through `close`: none,
    /// or entries separated by commas (no trailing comma), each read by `entry`.
    fn comma_list(
        &mut self,
        close: u8,
        mut entry: impl FnMut(&mut Self) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        self.ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(());
        }
        let after: &'static [char] = if close == b'}' {
            &[',', '}']
        } else {
            &[',', ']']
        };
        loop {
            self.ws();
            entry(self)?;
            self.ws();
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.ws();
                    if self.peek() == Some(close) {
                        return Err(Diagnostic::new(
                            Problem::Slip {
                                slip: Slip::TrailingComma {
                                    close: close as char,
                                },
                            },
                            Span::new(comma, comma + 1),
                        ));
                    }
                }
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected(Expected::OneOf(after))),
            }
        }
    }

    fn value(&mut self) -> Result<Node<'a>, Diagnostic> {
        let start = self.pos;
        match self.peek() {
            Some(b'{') => {
                self.enter()?;
                self.pos += 1;
                let mark = self.entries.len();
                self.comma_list(b'}', |p| {
                    if p.peek() != Some(b'"') {
                        return Err(p.unexpected(Expected::Other(
                            "a key in double quotes",
                            "二重引用符で囲んだキー",
                        )));
                    }
                    let k = p.value()?;
                    p.ws();
                    p.expect(b':')?;
                    p.ws();
                    let v = p.value()?;
                    p.entries.push((k, v));
                    Ok(())
                })?;
                self.depth -= 1;
                let entries = self.entries.drain(mark..).collect();
                Ok(Node {
                    kind: Kind::Map(entries),
                    span: Span::new(start, self.pos),
                })
            }
            Some(b'[') => {
                self.enter()?;
                self.pos += 1;
                let mark = self.items.len();
                self.comma_list(b']', |p| {
                    let v = p.value()?;
                    p.items.push(v);
                    Ok(())
                })?;
                self.depth -= 1;
                let items = self.items.drain(mark..).collect();
                Ok(Node {
                    kind: Kind::Seq(items),
                    span: Span::new(start, self.pos),
                })
            }
            Some(b'"') => {
                let s = self.string()?;
                Ok(Node {
                    kind: Kind::Str(s),
                    span: Span::new(start, self.pos),
                })
            }
            Some(b't') if self.src[self.pos..].starts_with("true") => {
                self.pos += 4;
                Ok(Node {
                    kind: Kind::Bool(true),
                    span: Span::new(start, self.pos),
                })
            }
            Some(b'f') if self.src[self.pos..].starts_with("false") => {
                self.pos += 5;
                Ok(Node {
                    kind: Kind::Bool(false),
                    span: Span::new(start, self.pos),
                })
            }
            Some(b'n') if self.src[self.pos..].starts_with("null") => {
                self.pos += 4;
                Ok(Node {
                    kind: Kind::Null,
                    span: Span::new(start, self.pos),
                })
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.unexpected(Expected::Value)),
        }
    }

    fn number(&mut self) -> Result<Node<'a>, Diagnostic> {
        let start = self.pos;
        if let Some(d) = unquoted_date(&self.src[start..], start) {
            return Err(d);
        }
        let b = self.src.as_bytes();
        let mut i = self.pos;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let digits = |i: &mut usize| {
            let s = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > s
        };
        let int_start = i;
        let mut ok = digits(&mut i);
        if ok && b[int_start] == b'0' && i - int_start > 1 {
            ok = false;
        }
        let mut float = false;
        if ok && b.get(i) == Some(&b'.') {
            i += 1;
            float = true;
            ok = digits(&mut i);
        }
        if ok && matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            float = true;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            ok = digits(&mut i);
        }
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.')
        {
            i += 1;
            ok = false;
        }
        self.pos = i;
        let text = &self.src[start..i];
        let span = Span::new(start, i);
        let invalid = || {
            Diagnostic::new(
                Problem::InvalidNumber {
                    text: text.to_string(),
                },
                span,
            )
        };
        if !ok {
            return Err(invalid());
        }
        let kind = if float {
            Kind::Float(text.parse().map_err(|_| invalid())?)
        } else {
            match text.parse::<i64>() {
                Ok(v) => Kind::Int(v),
                Err(_) => Kind::Float(text.parse().map_err(|_| invalid())?),
            }
        };
        Ok(Node { kind, span })
    }

    fn string(&mut self) -> Result<std::borrow::Cow<'a, str>, Diagnostic> {
        let start = self.pos;
        self.pos += 1;
        // Fast path: a string without escapes or control characters (nearly every id and
        // name) is borrowed from the source.
        let src: &'a str = self.src;
        let bytes = src.as_bytes();
        let run = bytes[self.pos..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(bytes.len() - self.pos);
        if bytes.get(self.pos + run) == Some(&b'"') {
            let s = &src[self.pos..self.pos + run];
            self.pos += run + 1;
            return Ok(std::borrow::Cow::Borrowed(s));
        }
        let mut out = String::with_capacity(run);
        out.push_str(&self.src[self.pos..self.pos + run]);
        self.pos += run;
        loop {
            let rest = &self.src[self.pos..];
            let Some(c) = rest.chars().next() else {
                return Err(Diagnostic::new(
                    Problem::Unterminated {
                        what: ("string", "文字列"),
                    },
                    Span::new(start, start + 1),
                ));
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(std::borrow::Cow::Owned(out)),
                '\\' => {
                    let esc_start = self.pos - 1;
                    let bad = |end: usize, src: &str| {
                        // The escape may end inside a multi-byte character (`\の`): show
                        // that whole character.
                        let mut end = end.min(src.len());
                        while !src.is_char_boundary(end) {
                            end += 1;
                        }
                        Diagnostic::new(
                            Problem::InvalidEscape {
                                escape: src[esc_start..end].to_string(),
                            },
                            Span::new(esc_start, end),
                        )
                    };
                    let Some(e) = self.peek() else {
                        return Err(bad(self.pos, self.src));
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hex4 = |p: &mut Self| -> Option<u32> {
                                let h = p.src.get(p.pos..p.pos + 4)?;
                                let v = u32::from_str_radix(h, 16).ok()?;
                                p.pos += 4;
                                Some(v)
                            };
                            let Some(hi) = hex4(self) else {
                                return Err(bad(self.pos + 4, self.src));
                            };
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if !self.src[self.pos..].starts_with("\\u") {
                                    return Err(bad(self.pos, self.src));
                                }
                                self.pos += 2;
                                let Some(lo) = hex4(self) else {
                                    return Err(bad(self.pos + 4, self.src));
                                };
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(bad(self.pos, self.src));
                                }
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                char::from_u32(hi)
                            };
                            match c {
                                Some(c) => out.push(c),
                                None => return Err(bad(self.pos, self.src)),
                            }
                        }
                        _ => return Err(bad(self.pos, self.src)),
                    }
                }
                c if (c as u32) < 0x20 => {
                    return Err(Diagnostic::new(
                        Problem::Syntax {
                            expected: Expected::Other(
                                "an escaped control character such as \\n",
                                "\\n のようにエスケープした制御文字",
                            ),
                            found: show_found(&c.to_string()),
                        },
                        Span::new(self.pos - 1, self.pos),
                    ));
                }
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-thread reading gives exactly what the one-thread reader gives: the same tree
    /// for a valid document, the same first error for a broken one. Every byte of a small
    /// document is replaced in turn by each character that matters to the scan.
    #[test]
    fn two_threads_read_exactly_as_one() {
        let doc = "\u{feff} {\"name\": {\"en\": \"a\\\"b\", \"ja\": \"の\"},\n \"parties\": {\"p1\": \
                   {\"n\": [1, 2.5, -3e2, true, null]}, \"p2\": {}},\r\n \"contracts\": [{\"a\": \
                   \"}]\\\\\"}, [], \"x\"], \"e\": []} ";
        let same = |text: &str| {
            let one = parse_from(text, usize::MAX);
            let two = parse_from(text, 0);
            assert_eq!(format!("{one:?}"), format!("{two:?}"), "{text:?}");
        };
        same(doc);
        assert!(parse_from(doc, 0).is_ok());
        let open = doc.find('{').expect("an object");
        assert_eq!(top_members(doc, open).map(|m| m.len()), Some(4));
        let chars = ['{', '}', '[', ']', '"', '\\', ',', ':', ' ', 'x'];
        for (i, _) in doc.char_indices() {
            let next = doc[i..].chars().next().map_or(0, char::len_utf8);
            for c in chars {
                let mut t = String::with_capacity(doc.len());
                t.push_str(&doc[..i]);
                t.push(c);
                t.push_str(&doc[i + next..]);
                same(&t);
            }
            same(&doc[..i]);
        }
    }

    #[test]
    fn reads_json() {
        let n =
            parse("\u{feff}{\"a\": [1, -2.5, true, null, \"x\\u00e9\\ud83d\\ude00\"]}").unwrap();
        let Kind::Map(e) = n.kind else { panic!() };
        let Kind::Seq(items) = &e[0].1.kind else {
            panic!()
        };
        assert_eq!(items[4].kind, Kind::Str("xé😀".into()));
        assert_eq!(items[1].kind, Kind::Float(-2.5));
    }

    #[test]
    fn rejects_bad_json() {
        for bad in [
            "{\"a\": 01}",
            "{a: 1}",
            "[1,]",
            "\"\\x\"",
            "[1 2]",
            "{\"a\":1} x",
            "tru",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let e = parse("{\"a\": [1, 2}").unwrap_err();
        assert_eq!(e.start(), 11);
    }

    #[test]
    fn escapes_of_multibyte_characters_are_errors_not_crashes() {
        for bad in ["\"\\の\"", "\"\\u00\"", "\"\\ud83d\\uの\"", "\"\\uの\""] {
            let e = parse(bad).unwrap_err();
            assert!(matches!(*e.problem, Problem::InvalidEscape { .. }), "{bad}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let s = "[".repeat(1_000_000);
        assert!(matches!(
            *parse(&s).unwrap_err().problem,
            Problem::TooDeep { .. }
        ));
    }
}
