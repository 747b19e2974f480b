//! The page's data elements: the report's data cut into `<script type="application/json">`
//! elements of a size Chromium reads quickly (issue 10).

use std::io::{self, Write};

use super::Data;
use super::escape::escape_into;
use super::out::Section;

impl Data {
    /// The page's data elements: for each section in order, its value (escaped as
    /// [`Data::script_json`] escapes it) cut into `<script type="application/json"
    /// class="rolemap-data" data-key="KEY">` elements of at most `ELEMENT_BYTES` (256 KiB)
    /// each. A section of rows is cut between rows, and each of its elements says which row it
    /// starts with (`data-start="N"`; an element holds one row if that row alone is longer):
    /// the page reads such a section an element at a time, for the row it needs. The page
    /// script joins the texts of another section and parses them when it first uses the
    /// section, so that the sections a page needs only on a click (a party's explanation, the
    /// reasons) are not parsed before the page is shown.
    ///
    /// Only the sections whose key `keep` accepts are written, so that a page can hold its
    /// sections in two places.
    pub fn write_elements(&self, w: &mut dyn Write, keep: impl Fn(&str) -> bool) -> io::Result<()> {
        let mut w = Elements {
            w: io::BufWriter::with_capacity(1 << 16, w),
            len: 0,
            open: String::new(),
        };
        for s in self.sections().iter().filter(|s| keep(s.key)) {
            // The keys are the names in data.rs; nothing from the model.
            debug_assert!(s.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            if s.cuts.is_some() {
                write_rows(s, &mut w.w)?;
                continue;
            }
            w.open = element_open(s.key, None);
            w.w.write_all(w.open.as_bytes())?;
            w.len = 0;
            for piece in &s.pieces {
                escape_into(&mut w, piece)?;
            }
            w.w.write_all(ELEMENT_CLOSE.as_bytes())?;
        }
        w.w.flush()
    }
}

/// The elements of a section of rows ([`Section::rows`]): a new element before a row that
/// would take the one being written past [`ELEMENT_BYTES`], each saying the row it starts with.
fn write_rows(s: &Section, w: &mut impl Write) -> io::Result<()> {
    let mut part = Vec::new();
    let mut len = 0;
    for (i, slices) in s.rows().expect("a section of rows").enumerate() {
        part.clear();
        for slice in slices {
            escape_into(&mut part, slice)?;
        }
        if i == 0 || len + part.len() > ELEMENT_BYTES {
            if i > 0 {
                w.write_all(ELEMENT_CLOSE.as_bytes())?;
            }
            w.write_all(element_open(s.key, Some(i)).as_bytes())?;
            len = 0;
        }
        w.write_all(&part)?;
        len += part.len();
    }
    w.write_all(ELEMENT_CLOSE.as_bytes())
}

/// The most bytes of data in one of the page's data elements. Chromium reads one element of
/// 100 MB (a 100k-party chain) in some 10 s, as it grows the element's text as it goes; the
/// same text in elements of 64 KiB to 1 MiB in some 1.1 s, and of 4 MiB in 1.8 s (Chromium 156,
/// measured with `tests/browser/perf.mjs`; see docs/report.md).
pub const ELEMENT_BYTES: usize = 1 << 18;

/// The start tag of a data element of the section `key`, and for a section of rows, of the
/// element that starts with row `start`.
fn element_open(key: &str, start: Option<usize>) -> String {
    match start {
        None => {
            format!(r#"<script type="application/json" class="rolemap-data" data-key="{key}">"#)
        }
        Some(n) => format!(
            r#"<script type="application/json" class="rolemap-data" data-key="{key}" data-start="{n}">"#
        ),
    }
}
/// The end tag of each data element.
const ELEMENT_CLOSE: &str = "</script>";

/// A writer that closes the data element and opens the next of the same section every
/// [`ELEMENT_BYTES`] bytes, between two characters. Any cut is safe: the escaped text holds no
/// `<`, `>` or `&` ([`super::script_json`]), and the script joins the texts again before parsing them.
struct Elements<W: Write> {
    w: W,
    /// Bytes in the element being written.
    len: usize,
    /// The start tag of the section's elements.
    open: String,
}

impl<W: Write> Write for Elements<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while rest.len() > ELEMENT_BYTES - self.len {
            // Back to the start of a character (a UTF-8 continuation byte is 10xxxxxx); the
            // cut is never inside the first character of an element, as ELEMENT_BYTES > 4.
            let mut cut = ELEMENT_BYTES - self.len;
            while cut > 0 && rest[cut] & 0xC0 == 0x80 {
                cut -= 1;
            }
            self.w.write_all(&rest[..cut])?;
            self.w.write_all(ELEMENT_CLOSE.as_bytes())?;
            self.w.write_all(self.open.as_bytes())?;
            self.len = 0;
            rest = &rest[cut..];
        }
        self.w.write_all(rest)?;
        self.len += rest.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::out::Rows;
    use super::*;

    /// The data elements hold the data's text cut between characters, each at most
    /// ELEMENT_BYTES, and nothing else: joined section by section, they are `script_json` of
    /// the whole. A section of rows is cut between rows, and each of its elements, read alone
    /// as the page reads it, is the rows from the one it names on.
    #[test]
    fn data_elements_join_to_the_data() {
        // Sections of one- to four-byte characters, so that the cuts fall in every position
        // of a character; written in pieces of many sizes, larger and smaller than an element.
        let mut data = Data::default();
        for (i, c) in ["a", "é", "日", "😀"].into_iter().enumerate() {
            data.push(
                ["a", "b", "c", "d"][i],
                &c.repeat(ELEMENT_BYTES / 2 + 7 * i),
            );
        }
        let mut rows = Rows::default();
        for i in 0..50_000 {
            rows.text(&format!("p{i} <{i}>"), "日本語");
        }
        data.push_rows("rows", rows);
        // A row longer than an element is an element of its own.
        let mut long = Rows::default();
        long.text("short", "短い");
        long.text(&"long ".repeat(ELEMENT_BYTES / 4), "長い");
        long.text("after", "後");
        data.push_rows("long", long);
        data.push_rows("none", Rows::default());
        let mut page = Vec::new();
        data.write_elements(&mut page, |_| true).unwrap();
        let page = String::from_utf8(page).expect("cut between characters");
        // (key, first row, text) of every element, in order.
        let mut elements: Vec<(&str, Option<usize>, &str)> = Vec::new();
        let mut rest = page.as_str();
        while !rest.is_empty() {
            let key = rest
                .strip_prefix(r#"<script type="application/json" class="rolemap-data" data-key=""#)
                .expect("an element starts");
            let (tag, after) = key.split_once(">").expect("its start tag ends");
            let (key, start) = match tag.split_once(r#"" data-start=""#) {
                Some((key, n)) => (key, Some(n.trim_end_matches('"').parse().unwrap())),
                None => (tag.trim_end_matches('"'), None),
            };
            rest = after;
            let end = rest.find(ELEMENT_CLOSE).expect("and ends");
            assert!(!rest[..end].contains('<'));
            elements.push((key, start, &rest[..end]));
            rest = &rest[end + ELEMENT_CLOSE.len()..];
        }
        assert!(elements.len() > 4, "{} elements", elements.len());
        let all: Value = serde_json::from_str(&data.script_json()).unwrap();
        for (i, (key, start, text)) in elements.iter().enumerate() {
            // Past the limit only for a row longer than it.
            if text.len() > ELEMENT_BYTES {
                assert_eq!((*key, *start), ("long", Some(1)), "{} bytes", text.len());
                assert!(text.len() < ELEMENT_BYTES * 2);
            }
            // An element of rows read alone: `[` or `,` dropped, closed unless the last.
            let Some(start) = start else { continue };
            let last = elements.get(i + 1).is_none_or(|(k, _, _)| k != key);
            let text = format!("[{}{}", &text[1..], if last { "" } else { "]" });
            let got: Vec<Value> = serde_json::from_str(&text).expect("rows alone are JSON");
            let want = &all[key].as_array().unwrap()[*start..*start + got.len()];
            assert_eq!(got, want, "{key} from row {start}");
        }
        let starts = |k: &str| -> Vec<usize> {
            elements
                .iter()
                .filter(|e| e.0 == k)
                .map(|e| e.1.unwrap())
                .collect()
        };
        assert_eq!(starts("long"), [0, 1, 2]);
        assert_eq!(starts("none"), [0]);
        assert!(starts("rows").len() > 4);
        // Each section is one run of elements, in the data's order; joined, the sections make
        // the whole object's text.
        let mut whole = String::from("{");
        let mut keys: Vec<&str> = Vec::new();
        for (key, _, text) in &elements {
            if keys.last() != Some(key) {
                assert!(!keys.contains(key), "section {key} in two runs");
                if !keys.is_empty() {
                    whole.push(',');
                }
                whole.push_str(&format!("\"{key}\":"));
                keys.push(key);
            }
            whole.push_str(text);
        }
        whole.push('}');
        assert_eq!(keys, ["a", "b", "c", "d", "rows", "long", "none"]);
        assert_eq!(whole, data.script_json());
        let back: Value = serde_json::from_str(&whole).unwrap();
        assert_eq!(
            back["d"].as_str().unwrap().chars().count(),
            ELEMENT_BYTES / 2 + 21
        );
        assert_eq!(back["rows"][49_999], json!(["p49999 <49999>", "日本語"]));
    }
}
