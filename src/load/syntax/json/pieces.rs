//! Reading a JSON text piece by piece, for the model loader's fast path.

use super::Parser;
use crate::load::source::Span;
use crate::load::syntax::Node;

/// A JSON text read piece by piece, for the model loader's fast path: the long lists of a
/// large model are decoded while they are read, so no tree of them is ever built. Every method
/// gives `None` at the first thing it does not accept, without saying why: the caller then
/// reads the document with [`parse`](super::parse), which reports the problem exactly.
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
