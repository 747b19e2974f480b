//! JSON output that stays readable and diff-friendly at any size: pretty-printed down to a
//! depth, and each deeper value (a duty, a reason) on one line. Written straight from borrowed
//! data to the output, without building a tree in memory.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

/// Pretty-prints containers down to `depth` levels; anything deeper is written compactly on
/// one line.
#[derive(Debug, Clone)]
pub struct LayeredFormatter {
    depth: usize,
    limit: usize,
    has_value: Vec<bool>,
}

impl LayeredFormatter {
    /// Indentation is two spaces; containers below `limit` levels are compact.
    pub fn new(limit: usize) -> Self {
        LayeredFormatter {
            depth: 0,
            limit,
            has_value: Vec::new(),
        }
    }

    /// A formatter for a value that sits `depth` levels deep in a larger layered document
    /// (its own lines are indented to match), for rendering sections separately.
    pub fn at_depth(limit: usize, depth: usize) -> Self {
        LayeredFormatter {
            depth,
            limit,
            has_value: Vec::new(),
        }
    }

    fn pretty(&self) -> bool {
        self.depth <= self.limit
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W, depth: usize) -> io::Result<()> {
        for _ in 0..depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn begin<W: ?Sized + Write>(&mut self, w: &mut W, open: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value.push(false);
        w.write_all(open)
    }

    fn end<W: ?Sized + Write>(&mut self, w: &mut W, close: &[u8]) -> io::Result<()> {
        let had = self.has_value.pop().unwrap_or(false);
        let pretty = self.pretty();
        self.depth -= 1;
        if pretty && had {
            w.write_all(b"\n")?;
            self.indent(w, self.depth)?;
        }
        w.write_all(close)
    }

    fn element<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if let Some(h) = self.has_value.last_mut() {
            *h = true;
        }
        if !first {
            w.write_all(b",")?;
        }
        if self.pretty() {
            w.write_all(b"\n")?;
            self.indent(w, self.depth)
        } else if !first {
            w.write_all(b" ")
        } else {
            Ok(())
        }
    }
}

impl Formatter for LayeredFormatter {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.element(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.element(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }
}

/// Serialise `value` as layered JSON with a trailing newline.
pub fn to_vec<T: Serialize + ?Sized>(value: &T, limit: usize) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out, value, limit).expect("writing to memory cannot fail");
    out
}

/// Serialise `value` as layered JSON with a trailing newline into `w`.
pub fn write<W: Write, T: Serialize + ?Sized>(
    w: &mut W,
    value: &T,
    limit: usize,
) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, LayeredFormatter::new(limit));
    value.serialize(&mut ser).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// Serialise one value of a layered document that sits `depth` levels deep into `w`, without a
/// trailing newline (to be spliced into the document).
pub fn section_into<W: Write + ?Sized, T: Serialize + ?Sized>(
    w: &mut W,
    value: &T,
    limit: usize,
    depth: usize,
) -> io::Result<()> {
    let mut ser =
        serde_json::Serializer::with_formatter(w, LayeredFormatter::at_depth(limit, depth));
    value.serialize(&mut ser).map_err(|e| {
        // Serialising our own types only fails when the writer does.
        if e.is_io() {
            io::Error::other(e)
        } else {
            io::Error::new(io::ErrorKind::InvalidData, e)
        }
    })
}

/// Compact JSON (no whitespace), for embedding.
pub fn compact<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, CompactFormatter);
    value
        .serialize(&mut ser)
        .expect("writing to memory cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn pretty_outside_compact_inside() {
        let v = json!({"a": [{"x": 1, "y": [1, 2]}, {"x": 2, "y": []}], "b": {}, "c": []});
        let s = String::from_utf8(super::to_vec(&v, 2)).unwrap();
        assert_eq!(
            s,
            "{\n  \"a\": [\n    {\"x\": 1, \"y\": [1, 2]},\n    {\"x\": 2, \"y\": []}\n  ],\n  \"b\": {},\n  \"c\": []\n}\n"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn fully_pretty_matches_serde_json() {
        let v = json!({"a": [1, {"b": null}], "c": "x"});
        let s = String::from_utf8(super::to_vec(&v, usize::MAX)).unwrap();
        assert_eq!(s, serde_json::to_string_pretty(&v).unwrap() + "\n");
    }
}
