//! A strict JSON reader that keeps the span of every value.

use super::{Kind, MAX_DEPTH, Node, show_found};
use crate::load::diagnostics::{Diagnostic, Expected, Problem};
use crate::load::source::Span;

pub(super) fn parse(text: &str) -> Result<Node<'_>, Diagnostic> {
    parse_from(text, PARALLEL_FROM)
}

/// [`parse`], reading the top-level members on two threads from `parallel_from` bytes.
fn parse_from(text: &str, parallel_from: usize) -> Result<Node<'_>, Diagnostic> {
    let mut p = Parser::new(text, 0, 0);
    if p.src.starts_with('\u{feff}') {
        p.pos = '\u{feff}'.len_utf8();
    }
    p.ws();
    if text.len() - p.pos >= parallel_from
        && let Some(members) = top_members(text, p.pos)
        && let Some(v) = parse_members(text, p.pos, &members)
    {
        return v;
    }
    let v = p.value()?;
    p.ws();
    if p.pos < p.src.len() {
        return Err(p.unexpected(Expected::End));
    }
    Ok(v)
}

/// Documents from this size (bytes) have the members of their top-level object read on two
/// threads.
const PARALLEL_FROM: usize = 1 << 20;

/// One member of the top-level object, as the quick scan found it: where its key and its
/// value start and end.
#[derive(Debug, Clone, Copy)]
struct Member {
    key: (usize, usize),
    value: (usize, usize),
}

/// Find the members of a top-level object starting at `start` without building anything:
/// strings are skipped whole and brackets counted. `None` when the text is not a
/// well-bracketed object: the ordinary reader then reports the problem exactly.
fn top_members(text: &str, start: usize) -> Option<Vec<Member>> {
    let b = text.as_bytes();
    let ws = |mut i: usize| {
        while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            i += 1;
        }
        i
    };
    // The end of the string whose opening quote is at `i` (one past the closing quote).
    let string_end = |mut i: usize| -> Option<usize> {
        i += 1;
        loop {
            i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
            if b[i] == b'"' {
                return Some(i + 1);
            }
            i += 2;
        }
    };
    if b.get(start) != Some(&b'{') {
        return None;
    }
    let mut members = Vec::new();
    let mut i = ws(start + 1);
    if b.get(i) == Some(&b'}') {
        return Some(members);
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(i)?;
        let key = (i, key_end);
        i = ws(key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(i + 1);
        let value_start = i;
        let mut depth = 0usize;
        loop {
            match *b.get(i)? {
                b'"' => {
                    i = string_end(i)?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 0 => depth -= 1,
                b',' | b'}' if depth == 0 => break,
                b']' => return None,
                _ => {}
            }
            i += 1;
        }
        let mut value_end = i;
        while value_end > value_start && matches!(b[value_end - 1], b' ' | b'\t' | b'\n' | b'\r') {
            value_end -= 1;
        }
        members.push(Member {
            key,
            value: (value_start, value_end),
        });
        if b[i] == b'}' {
            return Some(members);
        }
        i = ws(i + 1);
    }
}

/// Read the members found by [`top_members`] on two threads, each taking about half the
/// bytes, and assemble the object. `None` when a member does not read as the scan saw it
/// (the ordinary reader then runs and reports what is wrong in document order).
fn parse_members<'a>(
    text: &'a str,
    start: usize,
    members: &[Member],
) -> Option<Result<Node<'a>, Diagnostic>> {
    let close = members.last().map_or(start, |m| m.value.1);
    let end = {
        let b = text.as_bytes();
        let mut i = close;
        while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            i += 1;
        }
        if b.get(i) != Some(&b'}') {
            return None;
        }
        i + 1
    };
    if !text[end..].trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return None;
    }
    let one = |m: &Member| -> Option<Result<(Node<'a>, Node<'a>), Diagnostic>> {
        let mut p = Parser::new(text, m.key.0, 1);
        let key = match p.value() {
            Ok(k) => k,
            Err(e) => return Some(Err(e)),
        };
        if p.pos != m.key.1 {
            return None;
        }
        p.pos = m.value.0;
        let value = match p.value() {
            Ok(v) => v,
            Err(e) => return Some(Err(e)),
        };
        if p.pos != m.value.1 {
            return None;
        }
        Some(Ok((key, value)))
    };
    // The second thread reads the members from the end back until it has about half.
    let total: usize = members.iter().map(|m| m.value.1 - m.key.0).sum();
    let mut split = members.len();
    let mut taken = 0;
    while split > 1 && taken < total / 2 {
        split -= 1;
        taken += members[split].value.1 - members[split].key.0;
    }
    let (first, second) = members.split_at(split);
    let (a, b) = std::thread::scope(|scope| {
        let b = scope.spawn(|| second.iter().map(one).collect::<Vec<_>>());
        let a: Vec<_> = first.iter().map(one).collect();
        (a, b.join().expect("reading JSON does not panic"))
    });
    let mut entries = Vec::with_capacity(members.len());
    for r in a.into_iter().chain(b) {
        // The first member that fails is where the ordinary reader would have stopped.
        match r? {
            Ok(kv) => entries.push(kv),
            Err(e) => return Some(Err(e)),
        }
    }
    Some(Ok(Node {
        kind: Kind::Map(entries),
        span: Span::new(start, end),
    }))
}

/// A JSON text read piece by piece, for the model loader's fast path: the long lists of a
/// large model are decoded while they are read, so no tree of them is ever built. Every method
/// gives `None` at the first thing it does not accept, without saying why: the caller then
/// reads the document with [`parse`], which reports the problem exactly.
pub(crate) struct Pieces<'a> {
    p: Parser<'a>,
}

impl<'a> Pieces<'a> {
    /// Start reading at byte `pos` of `text`, inside `depth` levels of nesting.
    pub(crate) fn at(text: &'a str, pos: usize, depth: usize) -> Self {
        Pieces {
            p: Parser::new(text, pos, depth),
        }
    }

    /// Where reading has got to.
    pub(crate) fn pos(&self) -> usize {
        self.p.pos
    }

    /// Go on reading at byte `pos` (after a value read some other way).
    pub(crate) fn skip_to(&mut self, pos: usize) {
        self.p.pos = pos;
    }

    /// One whole value, as a node.
    pub(crate) fn value(&mut self) -> Option<Node<'a>> {
        self.p.value().ok()
    }

    /// An object: `member` is called with each key and must read the value that follows.
    /// Gives the object's span.
    pub(crate) fn object(
        &mut self,
        member: impl FnMut(&mut Self, Node<'a>) -> Option<()>,
    ) -> Option<Span> {
        self.container(b'{', b'}', |s| s.members(None, member))
    }

    /// The members of an object from its first key or the one after a comma, up to the comma
    /// at `until`, or else through the closing brace.
    pub(crate) fn members(
        &mut self,
        until: Option<usize>,
        mut member: impl FnMut(&mut Self, Node<'a>) -> Option<()>,
    ) -> Option<()> {
        self.entries(b'}', until, |s| {
            if s.p.peek() != Some(b'"') {
                return None;
            }
            let k = s.p.value().ok()?;
            s.p.ws();
            s.p.expect(b':').ok()?;
            s.p.ws();
            member(s, k)
        })
    }

    /// An array: `item` is called at each item and must read it. Gives the array's span.
    pub(crate) fn array(&mut self, item: impl FnMut(&mut Self) -> Option<()>) -> Option<Span> {
        self.container(b'[', b']', |s| s.items(None, item))
    }

    /// The items of an array from its first or the one after a comma, up to the comma at
    /// `until`, or else through the closing bracket.
    pub(crate) fn items(
        &mut self,
        until: Option<usize>,
        item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.entries(b']', until, item)
    }

    /// A container opened by `open` and closed by `close`: `rest` reads its entries, through
    /// the closing bracket, unless it is empty.
    fn container(
        &mut self,
        open: u8,
        close: u8,
        rest: impl FnOnce(&mut Self) -> Option<()>,
    ) -> Option<Span> {
        let start = self.p.pos;
        if self.p.peek() != Some(open) {
            return None;
        }
        self.p.enter().ok()?;
        self.p.pos += 1;
        self.p.ws();
        if self.p.peek() == Some(close) {
            self.p.pos += 1;
        } else {
            rest(self)?;
        }
        self.p.depth -= 1;
        Some(Span::new(start, self.p.pos))
    }

    /// Entries separated by commas, each read by `entry`, up to the comma at `until`, or else
    /// through `close`.
    fn entries(
        &mut self,
        close: u8,
        until: Option<usize>,
        mut entry: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        loop {
            self.p.ws();
            entry(self)?;
            self.p.ws();
            if until == Some(self.p.pos) {
                return Some(());
            }
            match self.p.peek() {
                Some(b',') => self.p.pos += 1,
                Some(c) if c == close && until.is_none() => {
                    self.p.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

/// A comma about halfway through the object or array written at `span` that seems to end one
/// member or item and start the next: after a `}`, and before an object (after a key, for
/// the members of an object: `key` true) whose first key is one of `first_keys`. It is only
/// a guess, since the text is not read: a reader that starts at the beginning must find it
/// exactly where one member or item ends.
pub(crate) fn guess_split(text: &str, span: Span, key: bool, first_keys: &[&str]) -> Option<usize> {
    let b = &text.as_bytes()[..span.end];
    let ws = |mut i: usize| {
        while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            i += 1;
        }
        i
    };
    // The end of the string that opens at `i` (one past its closing quote).
    let string_end = |mut i: usize| -> Option<usize> {
        i += 1;
        loop {
            i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
            if b[i] == b'"' {
                return Some(i + 1);
            }
            i += 2;
        }
    };
    let next_starts = |comma: usize| -> Option<()> {
        let mut i = ws(comma + 1);
        if key {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            i = ws(string_end(i)?);
            if b.get(i) != Some(&b':') {
                return None;
            }
            i = ws(i + 1);
        }
        if b.get(i) != Some(&b'{') {
            return None;
        }
        i = ws(i + 1);
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let end = string_end(i)?;
        first_keys
            .contains(&text.get(i + 1..end - 1)?)
            .then_some(())
    };
    let mut i = span.start + (span.end - span.start) / 2;
    while i < span.end {
        i += memchr::memchr(b'}', &b[i..])? + 1;
        let comma = ws(i);
        if b.get(comma) == Some(&b',') && next_starts(comma).is_some() {
            return Some(comma);
        }
    }
    None
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

    fn value(&mut self) -> Result<Node<'a>, Diagnostic> {
        let start = self.pos;
        match self.peek() {
            Some(b'{') => {
                self.enter()?;
                self.pos += 1;
                let mark = self.entries.len();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                } else {
                    loop {
                        self.ws();
                        if self.peek() != Some(b'"') {
                            return Err(self.unexpected(Expected::Other(
                                "a key in double quotes",
                                "二重引用符で囲んだキー",
                            )));
                        }
                        let k = self.value()?;
                        self.ws();
                        self.expect(b':')?;
                        self.ws();
                        let v = self.value()?;
                        self.entries.push((k, v));
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(b'}') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(self.unexpected(Expected::OneOf(&[',', '}']))),
                        }
                    }
                }
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
                self.ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                } else {
                    loop {
                        self.ws();
                        let v = self.value()?;
                        self.items.push(v);
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(b']') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(self.unexpected(Expected::OneOf(&[',', ']']))),
                        }
                    }
                }
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
        assert_eq!(e.span.start, 11);
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
