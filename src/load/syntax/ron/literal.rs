//! RON's literals: strings (with escapes), raw strings, characters and numbers.

use super::Parser;
use crate::load::diagnostics::{Diagnostic, Expected, Problem};
use crate::load::source::Span;
use crate::load::syntax::{Kind, Node};

impl<'a> Parser<'a> {
    pub(super) fn string(&mut self) -> Result<std::borrow::Cow<'a, str>, Diagnostic> {
        let start = self.pos;
        self.bump(); // opening quote
        // Fast path: a string without escapes is borrowed from the source.
        let src: &'a str = self.src;
        let rest = &src[self.pos..];
        if let Some(end) = rest.find(['"', '\\'])
            && rest.as_bytes()[end] == b'"'
        {
            self.pos += end + 1;
            return Ok(std::borrow::Cow::Borrowed(&rest[..end]));
        }
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.err(
                    Problem::Unterminated {
                        what: ("string", "文字列"),
                    },
                    Span::new(start, start + 1),
                ));
            };
            match c {
                '"' => return Ok(std::borrow::Cow::Owned(out)),
                '\\' => self.escape(&mut out)?,
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), Diagnostic> {
        let esc_start = self.pos - 1;
        let bad = |p: &Self| {
            let end = p.pos.min(p.src.len());
            p.err(
                Problem::InvalidEscape {
                    escape: p.src[esc_start..end].to_string(),
                },
                Span::new(esc_start, end),
            )
        };
        match self.bump() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('\'') => out.push('\''),
            Some('\n') => {
                // Line continuation: skip the newline and leading blanks of the next line.
                while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
                    self.bump();
                }
            }
            Some('x') => {
                let hex: String = self.rest().chars().take(2).collect();
                self.pos += hex.len();
                match u8::from_str_radix(&hex, 16) {
                    Ok(b) if hex.len() == 2 && b < 0x80 => out.push(b as char),
                    _ => return Err(bad(self)),
                }
            }
            Some('u') => {
                if self.peek() != Some('{') {
                    return Err(bad(self));
                }
                self.bump();
                let close = self.rest().find('}');
                let Some(close) = close.filter(|&i| i <= 6) else {
                    return Err(bad(self));
                };
                let hex = &self.rest()[..close];
                self.pos += close + 1;
                match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    Some(c) => out.push(c),
                    None => return Err(bad(self)),
                }
            }
            _ => return Err(bad(self)),
        }
        Ok(())
    }

    pub(super) fn raw_string(&mut self) -> Result<String, Diagnostic> {
        let start = self.pos;
        self.bump(); // r
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.peek() != Some('"') {
            return Err(self.unexpected(Expected::Char('"')));
        }
        self.bump();
        let closing: String = std::iter::once('"')
            .chain(std::iter::repeat_n('#', hashes))
            .collect();
        match self.rest().find(&closing) {
            Some(i) => {
                let s = self.rest()[..i].to_string();
                self.pos += i + closing.len();
                Ok(s)
            }
            None => Err(self.err(
                Problem::Unterminated {
                    what: ("raw string", "raw 文字列"),
                },
                Span::new(start, start + 1),
            )),
        }
    }

    pub(super) fn char_lit(&mut self) -> Result<String, Diagnostic> {
        let start = self.pos;
        self.bump();
        let mut out = String::new();
        match self.bump() {
            Some('\\') => self.escape(&mut out)?,
            Some(c) if c != '\'' && c != '\n' => out.push(c),
            _ => {
                return Err(self.err(
                    Problem::Unterminated {
                        what: ("character literal", "文字リテラル"),
                    },
                    Span::new(start, start + 1),
                ));
            }
        }
        if self.peek() != Some('\'') {
            return Err(self.err(
                Problem::Unterminated {
                    what: ("character literal", "文字リテラル"),
                },
                Span::new(start, start + 1),
            ));
        }
        self.bump();
        Ok(out)
    }

    pub(super) fn number(&mut self) -> Result<Node<'a>, Diagnostic> {
        let start = self.pos;
        if let Some(d) = super::super::unquoted_date(self.rest(), start) {
            return Err(d);
        }
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-')))
            .unwrap_or(rest.len());
        // `+`/`-` are only part of a number at the start or after an exponent marker.
        let mut end = 0;
        let bytes = rest.as_bytes();
        while end < len {
            let b = bytes[end];
            if (b == b'+' || b == b'-') && end > 0 {
                let prev = bytes[end - 1];
                let hex = rest.starts_with("0x") || rest[1..].starts_with("0x");
                if hex || !(prev == b'e' || prev == b'E') {
                    break;
                }
            }
            end += 1;
        }
        let text = &rest[..end];
        self.pos += end;
        let span = Span::new(start, self.pos);
        let clean: String = text.chars().filter(|&c| c != '_').collect();
        let (neg, body) = match clean.strip_prefix('-') {
            Some(b) => (true, b.to_string()),
            None => (false, clean.trim_start_matches('+').to_string()),
        };
        let radix = if body.starts_with("0x") {
            Some(16)
        } else if body.starts_with("0b") {
            Some(2)
        } else if body.starts_with("0o") {
            Some(8)
        } else {
            None
        };
        let invalid = || {
            Diagnostic::new(
                Problem::InvalidNumber {
                    text: text.to_string(),
                },
                span,
            )
        };
        if let Some(radix) = radix {
            let v = i64::from_str_radix(&body[2..], radix).map_err(|_| invalid())?;
            return Ok(Node {
                kind: Kind::Int(if neg { -v } else { v }),
                span,
            });
        }
        if body == "inf" || body == "NaN" {
            let v = if body == "inf" {
                f64::INFINITY
            } else {
                f64::NAN
            };
            return Ok(Node {
                kind: Kind::Float(if neg { -v } else { v }),
                span,
            });
        }
        if body.is_empty() || !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            return Err(invalid());
        }
        if body.contains(['.', 'e', 'E']) {
            let v: f64 = clean
                .trim_start_matches('+')
                .parse()
                .map_err(|_| invalid())?;
            Ok(Node {
                kind: Kind::Float(v),
                span,
            })
        } else {
            let v: i64 = clean
                .trim_start_matches('+')
                .parse()
                .map_err(|_| invalid())?;
            Ok(Node {
                kind: Kind::Int(v),
                span,
            })
        }
    }
}
