//! Large documents: the members of the top-level object found by a quick scan, then read
//! on two threads.

use super::Parser;
use crate::load::diagnostics::{Diagnostic, Expected};
use crate::load::source::Span;
use crate::load::syntax::{Kind, Node};

/// [`parse`](super::parse), reading the top-level members on two threads from `parallel_from` bytes.
pub(super) fn parse_from(text: &str, parallel_from: usize) -> Result<Node<'_>, Diagnostic> {
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
pub(super) const PARALLEL_FROM: usize = crate::parallel::FROM_BYTES;

/// One member of the top-level object, as the quick scan found it: where its key and its
/// value start and end.
#[derive(Debug, Clone, Copy)]
pub(super) struct Member {
    key: (usize, usize),
    value: (usize, usize),
}

/// Find the members of a top-level object starting at `start` without building anything:
/// strings are skipped whole and brackets counted. `None` when the text is not a
/// well-bracketed object: the ordinary reader then reports the problem exactly.
pub(super) fn top_members(text: &str, start: usize) -> Option<Vec<Member>> {
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
    // Each member is read on its own; rayon spreads them over the cores, in order.
    let read: Vec<_> = {
        use rayon::prelude::*;
        members.par_iter().map(one).collect()
    };
    let mut entries = Vec::with_capacity(members.len());
    for r in read {
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
