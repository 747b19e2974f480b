//! JSON output that stays readable and diff-friendly at any size: pretty-printed down to a
//! depth, and each deeper value (a duty, a reason) on one line. Written straight from borrowed
//! data to the output, without building a tree in memory.
//!
//! Every JSON output goes through this module's formatters, which write bidirectional
//! controls and noncharacters inside strings as `\uXXXX` escapes: the same string for a JSON
//! reader, but inert on a terminal or in a diff viewer (issue 13).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

mod fields;
pub use fields::{Fields, boolean, list, number, opt_number, opt_string};

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

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        safe_fragment(w, fragment)
    }

    /// A pre-rendered value (the compact id lists of the check document) is copied as it is
    /// below the pretty depth, where it is laid out the same way; above it, it is laid out
    /// again as this formatter would have written it, so that a document streamed fully
    /// pretty is the very bytes of its `serde_json::Value` printed.
    fn write_raw_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if self.depth < self.limit {
            let v: serde_json::Value = serde_json::from_str(fragment)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            section_into(w, &v, self.limit, self.depth)
        } else {
            w.write_all(fragment.as_bytes())
        }
    }
}

/// Compact JSON (no whitespace) with the same neutralised strings as [`LayeredFormatter`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SafeCompactFormatter;

impl Formatter for SafeCompactFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        safe_fragment(w, fragment)
    }
}

/// A character written as a `\uXXXX` escape inside JSON strings: a bidirectional control
/// (it would reorder the text around it on a terminal) or a noncharacter.
pub fn is_escaped(c: char) -> bool {
    crate::style::is_bidi_control(c) || crate::style::is_noncharacter(c)
}

/// Whether `s` may hold a character of [`is_escaped`]: a cheap test of the lead bytes of
/// their UTF-8 forms (U+061C, U+200E–U+206F, U+FDD0–U+FFFF, the supplementary planes).
fn may_need_escape(s: &str) -> bool {
    s.bytes().any(may_lead_escape)
}

/// Whether `b` is the lead byte of the UTF-8 form of a character [`may_need_escape`] looks for.
const fn may_lead_escape(b: u8) -> bool {
    matches!(b, 0xD8 | 0xE2 | 0xEF | 0xF0..=0xF4)
}

/// The bytes after which [`string_into`] cannot copy a string as it is: what JSON escapes
/// (controls, `"`, `\`) and the lead bytes of [`may_need_escape`]. One lookup per byte, one
/// pass: an OSCAL plan of 100k parties writes tens of millions of strings.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize || may_lead_escape(b as u8);
        b += 1;
    }
    t
};

/// A fragment of a JSON string (no character in it needs JSON's own escaping), with every
/// character of [`is_escaped`] written as `\uXXXX` (a surrogate pair past U+FFFF).
fn safe_fragment<W: ?Sized + Write>(w: &mut W, fragment: &str) -> io::Result<()> {
    if !may_need_escape(fragment) {
        return w.write_all(fragment.as_bytes());
    }
    let mut start = 0;
    for (i, c) in fragment.char_indices() {
        if is_escaped(c) {
            w.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                write!(w, "\\u{:04x}", u)?;
            }
            start = i + c.len_utf8();
        }
    }
    w.write_all(&fragment.as_bytes()[start..])
}

/// One JSON string, quoted and escaped (with [`is_escaped`] characters as `\uXXXX`): copied
/// as it is when nothing in it needs escaping, as nearly always.
pub fn string_into<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    if s.bytes().all(|b| !SPECIAL[b as usize]) {
        w.write_all(b"\"")?;
        w.write_all(s.as_bytes())?;
        w.write_all(b"\"")
    } else {
        let mut ser = serde_json::Serializer::with_formatter(w, SafeCompactFormatter);
        s.serialize(&mut ser).map_err(io::Error::other)
    }
}

/// Fully pretty-printed JSON (as `serde_json::to_string_pretty` writes it) with a trailing
/// newline, strings neutralised as in [`LayeredFormatter`].
pub fn pretty_text<T: Serialize + ?Sized>(value: &T) -> String {
    String::from_utf8(to_vec(value, usize::MAX)).expect("JSON of UTF-8 strings is UTF-8")
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

/// A fully pretty object or array written by hand, its values rendered by [`section_into`]:
/// for long documents whose parts are made on several threads and written in order (the OSCAL
/// plan's by-components), byte for byte what the fully pretty [`LayeredFormatter`] writes.
///
/// `depth` is how many containers enclose this one (0 for the document itself).
#[derive(Debug)]
pub struct Pretty {
    depth: usize,
    close: u8,
    empty: bool,
}

impl Pretty {
    /// Open an object.
    pub fn object<W: Write + ?Sized>(w: &mut W, depth: usize) -> io::Result<Pretty> {
        w.write_all(b"{")?;
        Ok(Pretty {
            depth,
            close: b'}',
            empty: true,
        })
    }

    /// Open an array.
    pub fn array<W: Write + ?Sized>(w: &mut W, depth: usize) -> io::Result<Pretty> {
        w.write_all(b"[")?;
        Ok(Pretty {
            depth,
            close: b']',
            empty: true,
        })
    }

    /// The depth of this container's values (for [`section_into`] and nested containers).
    pub fn inner(&self) -> usize {
        self.depth + 1
    }

    /// Start the next element of an array (or the key of an object).
    pub fn element<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        element_into(w, !self.empty, self.inner())?;
        self.empty = false;
        Ok(())
    }

    /// Elements written elsewhere (by [`element_into`], on other threads) were put in: the
    /// container is not empty.
    pub fn filled(&mut self) {
        self.empty = false;
    }

    /// Start the value of `key` in an object.
    pub fn key<W: Write + ?Sized>(&mut self, w: &mut W, key: &str) -> io::Result<()> {
        self.element(w)?;
        string_into(w, key)?;
        w.write_all(b": ")
    }

    /// `key` and its value.
    pub fn field<W: Write + ?Sized, T: Serialize + ?Sized>(
        &mut self,
        w: &mut W,
        key: &str,
        value: &T,
    ) -> io::Result<()> {
        self.key(w, key)?;
        section_into(w, value, usize::MAX, self.inner())
    }

    /// `key` and a string value, written by [`string_into`] (the bytes of [`Pretty::field`]
    /// with a string, without a serializer per value: the plan writes millions).
    pub fn text<W: Write + ?Sized>(&mut self, w: &mut W, key: &str, value: &str) -> io::Result<()> {
        self.key(w, key)?;
        string_into(w, value)
    }

    /// Elements `0..len` of this array, element `i` written into a buffer by `item(buf, i)`
    /// (after its comma and indentation, at [`Pretty::inner`]): made on every core of rayon's
    /// pool `per_job` a job, `per_thread` jobs a thread a window at a time
    /// ([`crate::parallel::Ahead`]), and written in order. `bytes_each` is about what an
    /// element takes, so that a job's buffer is not copied as it grows (0: unknown).
    pub fn elements_made<W: Write + ?Sized>(
        &mut self,
        w: &mut W,
        len: usize,
        (per_job, per_thread, bytes_each): (usize, usize, usize),
        item: &(dyn Fn(&mut Vec<u8>, usize) -> io::Result<()> + Sync),
    ) -> io::Result<()> {
        let (per_job, depth, after) = (per_job.max(1), self.inner(), !self.empty);
        let init = || ();
        let make = |_: &mut (), job: usize| -> io::Result<Vec<u8>> {
            let (from, to) = (job * per_job, ((job + 1) * per_job).min(len));
            let mut buf = Vec::with_capacity((to - from) * bytes_each);
            for i in from..to {
                element_into(&mut buf, after || i > 0, depth)?;
                item(&mut buf, i)?;
            }
            Ok(buf)
        };
        let jobs = len.div_ceil(per_job);
        let window = per_thread * rayon::current_num_threads().max(1);
        let mut ahead = crate::parallel::Ahead::with_window(jobs, window, &init, &make);
        for job in 0..jobs {
            w.write_all(&ahead.take(job)?)?;
            self.filled();
        }
        Ok(())
    }

    /// A whole array `depth` containers deep of values `0..len`, value `i` made by `item(i)`
    /// and serialised fully pretty by [`section_into`]: made on every core
    /// ([`Pretty::elements_made`]), `per_job` values a job, `per_thread` jobs a thread, written
    /// in order.
    pub fn array_made<W: Write + ?Sized, T: Serialize>(
        w: &mut W,
        depth: usize,
        len: usize,
        (per_job, per_thread): (usize, usize),
        item: &(dyn Fn(usize) -> T + Sync),
    ) -> io::Result<()> {
        let mut list = Pretty::array(w, depth)?;
        let inner = list.inner();
        list.elements_made(w, len, (per_job, per_thread, 0), &|buf, i| {
            section_into(buf, &item(i), usize::MAX, inner)
        })?;
        list.end(w)
    }

    /// Close the container.
    pub fn end<W: Write + ?Sized>(self, w: &mut W) -> io::Result<()> {
        if !self.empty {
            w.write_all(b"\n")?;
            for _ in 0..self.depth {
                w.write_all(b"  ")?;
            }
        }
        w.write_all(&[self.close])
    }
}

/// What comes before an element of a fully pretty container whose elements are at `depth`:
/// a comma unless it is the first, a new line, the indentation.
pub fn element_into<W: Write + ?Sized>(w: &mut W, after: bool, depth: usize) -> io::Result<()> {
    w.write_all(if after { b",\n" } else { b"\n" })?;
    for _ in 0..depth {
        w.write_all(b"  ")?;
    }
    Ok(())
}

/// Compact JSON (no whitespace), for embedding.
pub fn compact<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeCompactFormatter);
    value
        .serialize(&mut ser)
        .expect("writing to memory cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// The one-pass test of `string_into` sends to the serializer every string the old
    /// two tests did, and what it copies as it is is what the serializer writes.
    #[test]
    fn string_into_copies_only_what_needs_no_escape() {
        for b in 0..=255u8 {
            let old = b < 0x20
                || b == b'"'
                || b == b'\\'
                || matches!(b, 0xD8 | 0xE2 | 0xEF | 0xF0..=0xF4);
            assert_eq!(super::SPECIAL[b as usize], old, "byte {b:#x}");
        }
        for s in [
            "plain",
            "",
            "a\"b",
            "back\\slash",
            "tab\there",
            "line\nbreak",
            "\u{7f}",
            "日本語（全角）",
            "→ arrow",
            "bidi \u{202e} here",
            "non \u{fdd0} char",
            "emoji 😀",
            "\u{10ffff}",
            "ع\u{61c}",
        ] {
            let mut fast = Vec::new();
            super::string_into(&mut fast, s).unwrap();
            let mut ser =
                serde_json::Serializer::with_formatter(Vec::new(), super::SafeCompactFormatter);
            serde::Serialize::serialize(s, &mut ser).unwrap();
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                String::from_utf8(ser.into_inner()).unwrap(),
                "{s:?}"
            );
        }
    }

    /// An object and an array written by hand with [`super::Pretty`] are the bytes the fully
    /// pretty formatter writes for the same tree, empty containers included.
    #[test]
    fn pretty_by_hand_is_the_formatters() {
        use super::{Pretty, section_into};
        let v = json!({"a": [{"x": 1}, [], {}], "b": [], "c": {"d": "e"}});
        let mut w = Vec::new();
        let mut root = Pretty::object(&mut w, 0).unwrap();
        root.key(&mut w, "a").unwrap();
        let mut a = Pretty::array(&mut w, root.inner()).unwrap();
        for x in v["a"].as_array().unwrap() {
            a.element(&mut w).unwrap();
            section_into(&mut w, x, usize::MAX, a.inner()).unwrap();
        }
        a.end(&mut w).unwrap();
        root.key(&mut w, "b").unwrap();
        Pretty::array(&mut w, root.inner())
            .unwrap()
            .end(&mut w)
            .unwrap();
        root.field(&mut w, "c", &v["c"]).unwrap();
        root.end(&mut w).unwrap();
        w.push(b'\n');
        assert_eq!(String::from_utf8(w).unwrap(), super::pretty_text(&v));
    }

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
        assert_eq!(super::pretty_text(&v), s);
    }

    #[test]
    fn bidi_controls_and_noncharacters_are_escaped_and_read_back_the_same() {
        let name = "a\u{202E}b\u{FFFE}c\u{10FFFF}d\u{061C}\"\\\u{1}e\u{2066}日本";
        let v = json!({ name: [name, {"k": name}] });
        let layered = String::from_utf8(super::to_vec(&v, 1)).unwrap();
        let compact = String::from_utf8(super::compact(&v)).unwrap();
        let mut one = Vec::new();
        super::string_into(&mut one, name).unwrap();
        let one = String::from_utf8(one).unwrap();
        assert_eq!(
            one,
            r#""a\u202eb\ufffec\udbff\udfffd\u061c\"\\\u0001e\u2066日本""#
        );
        for text in [&layered, &compact, &super::pretty_text(&v), &one] {
            assert!(!text.chars().any(super::is_escaped), "{text}");
            let back: serde_json::Value = serde_json::from_str(text).unwrap();
            if text == &one {
                assert_eq!(back, name);
            } else {
                assert_eq!(back, v, "{text}");
            }
        }
        // Plain text is copied as it is.
        let mut plain = Vec::new();
        super::string_into(&mut plain, "p–1 日本").unwrap();
        assert_eq!(plain, "\"p–1 日本\"".as_bytes());
    }
}
