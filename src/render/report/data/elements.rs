//! The page's data elements: the report's data cut into `<script type="application/json">`
//! elements of a size Chromium reads quickly (issue 10).

use std::io::{self, Write};

use super::Data;

impl Data {
    /// The page's data elements: for each section in order, its value (escaped as
    /// [`Data::script_json`] escapes it) cut into `<script type="application/json"
    /// class="rolemap-data" data-key="KEY">` elements of at most `ELEMENT_BYTES` (256 KiB)
    /// each. The page script joins a section's texts and parses them when it first uses the
    /// section, so that the sections a page needs only on a click (a party's explanation, the
    /// reasons) are not parsed before the page is shown.
    pub fn write_elements(&self, w: &mut dyn Write) -> io::Result<()> {
        let mut w = Elements {
            w: io::BufWriter::with_capacity(1 << 16, w),
            len: 0,
            open: String::new(),
        };
        for (i, key) in self.keys().enumerate() {
            // The keys are the names in data.rs; nothing from the model.
            debug_assert!(key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            w.open = element_open(key);
            w.w.write_all(w.open.as_bytes())?;
            w.len = 0;
            self.write_section(i, &mut w)?;
            w.w.write_all(ELEMENT_CLOSE.as_bytes())?;
        }
        w.w.flush()
    }
}

/// The most bytes of data in one of the page's data elements. Chromium reads one element of
/// 100 MB (a 100k-party chain) in some 10 s, as it grows the element's text as it goes; the
/// same text in elements of 64 KiB to 1 MiB in some 1.1 s, and of 4 MiB in 1.8 s (Chromium 156,
/// measured with `tests/browser/perf.mjs`; see docs/report.md).
pub const ELEMENT_BYTES: usize = 1 << 18;

/// The start tag of each data element of the section `key`.
fn element_open(key: &str) -> String {
    format!(r#"<script type="application/json" class="rolemap-data" data-key="{key}">"#)
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
    /// the whole.
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
        let mut page = Vec::new();
        data.write_elements(&mut page).unwrap();
        let page = String::from_utf8(page).expect("cut between characters");
        // (key, text) of every element, in order.
        let mut elements: Vec<(&str, &str)> = Vec::new();
        let mut rest = page.as_str();
        while !rest.is_empty() {
            let key = rest
                .strip_prefix(r#"<script type="application/json" class="rolemap-data" data-key=""#)
                .expect("an element starts");
            let (key, after) = key.split_once(r#"">"#).expect("its start tag ends");
            rest = after;
            let end = rest.find(ELEMENT_CLOSE).expect("and ends");
            assert!(end <= ELEMENT_BYTES, "an element of {end} bytes");
            assert!(!rest[..end].contains('<'));
            elements.push((key, &rest[..end]));
            rest = &rest[end + ELEMENT_CLOSE.len()..];
        }
        assert!(elements.len() > 4, "{} elements", elements.len());
        // Each section is one run of elements, in the data's order; joined, the sections make
        // the whole object's text.
        let mut whole = String::from("{");
        let mut keys: Vec<&str> = Vec::new();
        for (key, text) in &elements {
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
        assert_eq!(keys, ["a", "b", "c", "d", "rows"]);
        assert_eq!(whole, data.script_json());
        let back: Value = serde_json::from_str(&whole).unwrap();
        assert_eq!(
            back["d"].as_str().unwrap().chars().count(),
            ELEMENT_BYTES / 2 + 21
        );
        assert_eq!(back["rows"][49_999], json!(["p49999 <49999>", "日本語"]));
    }
}
