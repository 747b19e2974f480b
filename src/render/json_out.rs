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

/// Bytes kept as a list of fixed-size chunks: growing never copies what is already written
/// (a 100 MB section in one `Vec` would be copied about twice over as it doubles).
#[derive(Debug, Default)]
pub struct Chunks {
    chunks: Vec<Vec<u8>>,
}

impl Chunks {
    const SIZE: usize = 1 << 20;

    /// Write every chunk to `w`, in order.
    pub fn write_to<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        for c in &self.chunks {
            w.write_all(c)?;
        }
        Ok(())
    }

    /// The number of bytes held.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.chunks.iter().all(Vec::is_empty)
    }
}

impl Write for Chunks {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        // Fast path: most writes are a few bytes and fit in the current chunk.
        if let Some(last) = self.chunks.last_mut()
            && last.capacity() - last.len() >= buf.len()
        {
            last.extend_from_slice(buf);
            return Ok(());
        }
        self.spill(buf);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Chunks {
    /// Fill the current chunk and start new ones for the rest of `buf`.
    #[cold]
    fn spill(&mut self, mut buf: &[u8]) {
        while !buf.is_empty() {
            let room = self.chunks.last().map_or(0, |c| c.capacity() - c.len());
            if room == 0 {
                self.chunks.push(Vec::with_capacity(Self::SIZE));
                continue;
            }
            let take = room.min(buf.len());
            if let Some(last) = self.chunks.last_mut() {
                last.extend_from_slice(&buf[..take]);
            }
            buf = &buf[take..];
        }
    }
}

/// Serialise one value of a layered document that sits `depth` levels deep, without a
/// trailing newline (to be spliced into the document).
pub fn section<T: Serialize + ?Sized>(value: &T, limit: usize, depth: usize) -> Chunks {
    let mut out = Chunks::default();
    section_into(&mut out, value, limit, depth).expect("writing to memory cannot fail");
    out
}

/// Like [`section`], written straight into `w`.
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
    fn chunks_keep_every_byte_in_order() {
        use std::io::Write;
        let mut c = super::Chunks::default();
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        for piece in data.chunks(7777) {
            c.write_all(piece).unwrap();
        }
        assert_eq!(c.len(), data.len());
        let mut out = Vec::new();
        c.write_to(&mut out).unwrap();
        assert_eq!(out, data);
    }

    #[test]
    fn fully_pretty_matches_serde_json() {
        let v = json!({"a": [1, {"b": null}], "c": "x"});
        let s = String::from_utf8(super::to_vec(&v, usize::MAX)).unwrap();
        assert_eq!(s, serde_json::to_string_pretty(&v).unwrap() + "\n");
    }
}
