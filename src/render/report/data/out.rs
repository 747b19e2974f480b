//! The report's data written as JSON text section by section and row by row, and made safe
//! inside a script element.

use std::io::{self, Write};

use serde::Serialize;

use super::escape::escape_into;

/// The report's data: its sections in order, each already written as compact JSON (in
/// pieces, as the rows of a large chain were made on several threads), so that the rows of a
/// large chain are never held as a tree of [`serde_json::Value`]s, nor copied into one string (issue 10).
/// [`Data::write_script_json`] writes, escaped, the same text as compact `serde_json` of the
/// whole object would.
#[derive(Debug, Default, Clone)]
pub struct Data(Vec<Section>);

/// One section of [`Data`]: its key, its JSON text in pieces, and for a section of rows where
/// each row after the first begins ([`Rows::cuts`]), so that the page's elements can be cut
/// between rows.
#[derive(Debug, Clone)]
pub(super) struct Section {
    pub(super) key: &'static str,
    pub(super) pieces: Vec<Vec<u8>>,
    pub(super) cuts: Option<Vec<Cut>>,
}

/// Where a row after the first begins in a section's pieces: the piece, and the offset there
/// of the comma before the row.
pub(super) type Cut = (usize, usize);

impl Data {
    /// Adds a section (after those already there) from any serialisable value.
    pub fn push(&mut self, key: &'static str, v: &impl Serialize) {
        self.0.push(Section {
            key,
            pieces: vec![compact(v)],
            cuts: None,
        });
    }

    /// Replaces the section `key` (added before, say as a placeholder for what is known only
    /// later) with `v`, where it is; adds it at the end if there is none.
    pub fn set(&mut self, key: &'static str, v: &impl Serialize) {
        let json = vec![compact(v)];
        match self.0.iter_mut().find(|s| s.key == key) {
            Some(section) => {
                section.pieces = json;
                section.cuts = None;
            }
            None => self.push(key, v),
        }
    }

    /// Adds a section of rows.
    pub(super) fn push_rows(&mut self, key: &'static str, rows: Rows) {
        let (pieces, cuts) = rows.finish_with_cuts();
        self.0.push(Section {
            key,
            pieces,
            cuts: Some(cuts),
        });
    }

    /// The whole object as compact JSON made safe inside a script element ([`super::script_json`]).
    pub fn script_json(&self) -> String {
        let mut out = Vec::new();
        self.write_script_json(&mut out)
            .expect("writing to memory cannot fail");
        String::from_utf8(out).expect("the sections are UTF-8")
    }

    /// [`Data::script_json`] written into `w` section by section, without the whole text in
    /// memory.
    pub fn write_script_json(&self, w: &mut dyn Write) -> io::Result<()> {
        let mut w = io::BufWriter::with_capacity(1 << 16, w);
        self.write_sections(&mut w)?;
        w.flush()
    }

    /// The sections, in order.
    pub(super) fn sections(&self) -> &[Section] {
        &self.0
    }

    /// The text of [`Data::script_json`], escaped, written into `w`.
    fn write_sections(&self, mut w: impl Write) -> io::Result<()> {
        w.write_all(b"{")?;
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            escape_into(&mut w, &compact(s.key))?;
            w.write_all(b":")?;
            for piece in &s.pieces {
                escape_into(&mut w, piece)?;
            }
        }
        w.write_all(b"}")
    }

    /// The length of [`Data::script_json`] before escaping (near enough for a buffer).
    pub fn len_hint(&self) -> usize {
        self.0
            .iter()
            .map(|s| s.key.len() + 4 + s.pieces.iter().map(Vec::len).sum::<usize>())
            .sum::<usize>()
            + 2
    }
}

impl Section {
    /// For a section of rows, its text cut where each row begins: the first part is `[` and
    /// the first row, each other part a comma and a row, and the last ends with `]` (an empty
    /// section is one part, `[]`). A part is given as the slices of the pieces it spans.
    pub(super) fn rows(&self) -> Option<impl Iterator<Item = Vec<&[u8]>> + '_> {
        let cuts = self.cuts.as_ref()?;
        let end = (
            self.pieces.len() - 1,
            self.pieces.last().map_or(0, Vec::len),
        );
        let starts = std::iter::once((0, 0)).chain(cuts.iter().copied());
        let ends = cuts.iter().copied().chain(std::iter::once(end));
        Some(starts.zip(ends).map(move |((p0, a0), (p1, a1))| {
            // A row lies in one piece, but a part can end at the start of the next.
            (p0..=p1)
                .map(|p| {
                    let from = if p == p0 { a0 } else { 0 };
                    let to = if p == p1 { a1 } else { self.pieces[p].len() };
                    &self.pieces[p][from..to]
                })
                .filter(|s| !s.is_empty())
                .collect()
        }))
    }
}

/// Compact JSON of a value, as `serde_json::to_vec` writes it.
fn compact(v: &(impl Serialize + ?Sized)) -> Vec<u8> {
    serde_json::to_vec(v).expect("report data always serialises")
}

/// A JSON array written row by row: `[` and the rows so far, each row compact JSON, in the
/// pieces that were made one after the other or on several threads ([`Rows::par`]).
#[derive(Debug)]
pub(super) struct Rows {
    /// The pieces before the last.
    done: Vec<Vec<u8>>,
    /// The piece rows are added to.
    bytes: Vec<u8>,
    pub(super) len: usize,
    /// Where each row after the first begins (its comma), in [`Rows::done`] and then
    /// [`Rows::bytes`]: the page's elements are cut there.
    cuts: Vec<Cut>,
}

impl Default for Rows {
    fn default() -> Self {
        Rows {
            done: Vec::new(),
            bytes: vec![b'['],
            len: 0,
            cuts: Vec::new(),
        }
    }
}

/// Rows made in one job of [`Rows::par`].
const ROWS_PER_JOB: usize = 2048;

impl Rows {
    fn sep(&mut self) {
        if self.len > 0 {
            self.cuts.push((self.done.len(), self.bytes.len()));
            self.bytes.push(b',');
        }
        self.len += 1;
    }

    pub(super) fn push(&mut self, v: &impl Serialize) {
        self.sep();
        serde_json::to_writer(&mut self.bytes, v).expect("report data always serialises");
    }

    /// Adds a row written by hand by `f`.
    pub(super) fn row(&mut self, f: impl FnOnce(&mut Arr)) {
        self.sep();
        Arr::write(&mut self.bytes, f);
    }

    /// Adds a text in both languages as a row of its own ([`Arr::text`]).
    pub(super) fn text(&mut self, en: &str, ja: &str) {
        self.sep();
        if en == ja {
            string_into(&mut self.bytes, en);
        } else {
            Arr::write(&mut self.bytes, |w| {
                w.str(en).str(ja);
            });
        }
    }

    /// `n` rows, row `i` written by `f(w, i)`, made on every core of rayon's pool a few
    /// thousand at a time and kept in order, each job's rows a piece of their own: the same
    /// text as [`Rows::row`] one after the other, never copied into one string.
    pub(super) fn par(n: usize, f: impl Fn(&mut Arr, usize) + Sync) -> Rows {
        use rayon::prelude::*;
        let jobs: Vec<Rows> = (0..n.div_ceil(ROWS_PER_JOB))
            .into_par_iter()
            .map(|j| {
                let mut rows = Rows {
                    bytes: vec![if j == 0 { b'[' } else { b',' }],
                    // Rows after the first of the job are separated from it.
                    len: 0,
                    done: Vec::new(),
                    // The job's first row, after the first job's, begins at its comma.
                    cuts: if j == 0 { Vec::new() } else { vec![(0, 0)] },
                };
                for i in j * ROWS_PER_JOB..((j + 1) * ROWS_PER_JOB).min(n) {
                    rows.row(|w| f(w, i));
                }
                rows
            })
            .collect();
        // Each job's rows are one piece: job `j`'s is piece `j`.
        let mut cuts = Vec::with_capacity(n.saturating_sub(1));
        let mut pieces = Vec::with_capacity(jobs.len());
        for (j, rows) in jobs.into_iter().enumerate() {
            debug_assert!(rows.done.is_empty());
            cuts.extend(rows.cuts.into_iter().map(|(_, at)| (j, at)));
            pieces.push(rows.bytes);
        }
        let bytes = pieces.pop().unwrap_or_else(|| vec![b'[']);
        Rows {
            done: pieces,
            bytes,
            len: n,
            cuts,
        }
    }

    /// Adds the rows of `more` after these.
    pub(super) fn extend(&mut self, mut more: Rows) {
        if more.len == 0 {
            return;
        }
        if self.len == 0 {
            *self = more;
            return;
        }
        // `more` starts an array; here it goes on one, its first row at a comma.
        let first = more.done.first_mut().unwrap_or(&mut more.bytes);
        first[0] = b',';
        self.done.push(std::mem::take(&mut self.bytes));
        let base = self.done.len();
        self.cuts.push((base, 0));
        self.cuts
            .extend(more.cuts.into_iter().map(|(piece, at)| (base + piece, at)));
        self.done.append(&mut more.done);
        self.bytes = more.bytes;
        self.len += more.len;
    }

    /// The pieces of the whole array, closed.
    #[cfg(test)]
    fn finish(self) -> Vec<Vec<u8>> {
        self.finish_with_cuts().0
    }

    /// The pieces of the whole array, closed, and where each row after the first begins.
    fn finish_with_cuts(mut self) -> (Vec<Vec<u8>>, Vec<Cut>) {
        self.bytes.push(b']');
        self.done.push(self.bytes);
        (self.done, self.cuts)
    }

    /// The whole array as one string (for tests).
    #[cfg(test)]
    fn joined(self) -> String {
        String::from_utf8(self.finish().concat()).expect("rows are written from UTF-8 text")
    }

    /// The whole array cut where the rows begin, as [`Section::rows`] cuts it (for tests).
    #[cfg(test)]
    fn segments(self) -> Vec<String> {
        let (pieces, cuts) = self.finish_with_cuts();
        Section {
            key: "test",
            pieces,
            cuts: Some(cuts),
        }
        .rows()
        .expect("rows")
        .map(|parts| String::from_utf8(parts.concat()).expect("UTF-8"))
        .collect()
    }
}

/// A JSON array written by hand, compact: the bytes `serde_json::to_writer` gives for the
/// same array of values (numbers by `itoa`, strings by serde_json's escaping), without a
/// [`serde_json::Value`] per row. Written by hand because a 100k-party chain has millions of rows and
/// building a tree for each was most of the report's time (issue 10).
pub(super) struct Arr<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl Arr<'_> {
    /// The array that `f` fills, written into `out`.
    fn write(out: &mut Vec<u8>, f: impl FnOnce(&mut Arr)) {
        out.push(b'[');
        let mut a = Arr { out, first: true };
        f(&mut a);
        a.out.push(b']');
    }

    fn sep(&mut self) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out
    }

    /// An integer.
    pub(super) fn num(&mut self, n: impl itoa::Integer) -> &mut Self {
        let out = self.sep();
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        self
    }

    /// An integer or `null`.
    pub(super) fn opt_num(&mut self, n: Option<impl itoa::Integer>) -> &mut Self {
        match n {
            Some(n) => self.num(n),
            None => self.null(),
        }
    }

    /// `null`.
    pub(super) fn null(&mut self) -> &mut Self {
        self.sep().extend_from_slice(b"null");
        self
    }

    /// A string.
    pub(super) fn str(&mut self, s: &str) -> &mut Self {
        let out = self.sep();
        string_into(out, s);
        self
    }

    /// A string or `null`.
    pub(super) fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    /// A text in both languages: one string when they agree, else `[en, ja]` (as
    /// [`super::text`] makes it).
    pub(super) fn text(&mut self, en: &str, ja: &str) -> &mut Self {
        let out = self.sep();
        if en == ja {
            string_into(out, en);
        } else {
            Arr::write(out, |w| {
                w.str(en).str(ja);
            });
        }
        self
    }

    /// An array inside this one, filled by `f`.
    pub(super) fn list(&mut self, f: impl FnOnce(&mut Arr)) -> &mut Self {
        let out = self.sep();
        Arr::write(out, f);
        self
    }

    /// An array of integers.
    pub(super) fn nums<N: itoa::Integer>(&mut self, ns: impl IntoIterator<Item = N>) -> &mut Self {
        self.list(|w| {
            for n in ns {
                w.num(n);
            }
        })
    }
}

/// A JSON string as serde_json writes it: copied between quotes when nothing in it needs
/// escaping, as nearly always. Not [`crate::render::json_out::string_into`]: that one also
/// writes bidirectional controls and noncharacters as `\uXXXX` (for terminals and tools),
/// while the page keeps bidirectional controls as they are and shows them itself (`visible`
/// in page.js), and its noncharacters become U+FFFD when the data is escaped into the page
/// ([`super::script_json`]); its bytes stay those serde_json wrote before.
fn string_into(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(out, s).expect("a string always serialises");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// Rows written by hand, one at a time or on many threads, are the bytes serde_json
    /// writes for the same values.
    #[test]
    fn rows_by_hand_are_serde_jsons() {
        let names = [
            "a",
            "\"quoted\"",
            "back\\slash",
            "tab\tnew\nline",
            "日本",
            "\u{1}",
        ];
        let value = |i: usize| {
            let name = names[i % names.len()];
            json!([
                i,
                -1 - i as i64,
                name,
                if i.is_multiple_of(2) {
                    Value::Null
                } else {
                    json!(name)
                },
                if i.is_multiple_of(3) {
                    json!(name)
                } else {
                    json!([name, "ja"])
                },
                (0..i % 4).collect::<Vec<_>>(),
                [[i], []],
            ])
        };
        let write = |w: &mut Arr, i: usize| {
            let name = names[i % names.len()];
            w.num(i)
                .num(-1 - i as i64)
                .str(name)
                .opt_str((i % 2 == 1).then_some(name))
                .text(name, if i.is_multiple_of(3) { name } else { "ja" })
                .nums(0..i % 4)
                .list(|w| {
                    w.nums([i]).list(|_| {});
                });
        };
        for n in [
            0,
            1,
            2,
            ROWS_PER_JOB,
            ROWS_PER_JOB + 1,
            3 * ROWS_PER_JOB + 7,
        ] {
            let want = serde_json::to_string(&(0..n).map(value).collect::<Vec<_>>()).unwrap();
            let mut one = Rows::default();
            for i in 0..n {
                one.row(|w| write(w, i));
            }
            let par = Rows::par(n, write);
            assert_eq!((one.len, par.len), (n, n));
            // Cut where the rows begin: `[` or a comma, and each row's JSON.
            let want_rows: Vec<String> = (0..n)
                .map(|i| {
                    let sep = if i == 0 { "[" } else { "," };
                    let end = if i + 1 == n { "]" } else { "" };
                    format!("{sep}{}{end}", serde_json::to_string(&value(i)).unwrap())
                })
                .collect();
            let want_rows = if n == 0 {
                vec!["[]".to_string()]
            } else {
                want_rows
            };
            let mut one_again = Rows::default();
            for i in 0..n {
                one_again.row(|w| write(w, i));
            }
            assert_eq!(one_again.segments(), want_rows, "{n} rows, one at a time");
            assert_eq!(
                Rows::par(n, write).segments(),
                want_rows,
                "{n} rows, in parallel"
            );
            assert_eq!(one.joined(), want, "{n} rows, one at a time");
            assert_eq!(par.joined(), want, "{n} rows, in parallel");
            for cut in [0, 1, n / 2, n.saturating_sub(1), n] {
                let cut = cut.min(n);
                let mut joined = Rows::par(cut, write);
                joined.extend(Rows::par(n - cut, |w, i| write(w, cut + i)));
                assert_eq!(joined.len, n);
                let mut again = Rows::par(cut, write);
                again.extend(Rows::par(n - cut, |w, i| write(w, cut + i)));
                assert_eq!(again.segments(), want_rows, "{n} rows, {cut} and the rest");
                assert_eq!(joined.joined(), want, "{n} rows, {cut} and the rest");
            }
        }
        let mut texts = Rows::default();
        texts.text("same", "same");
        texts.text("en \"q\"", "日本\\");
        assert_eq!(texts.joined(), r#"["same",["en \"q\"","日本\\"]]"#);
    }
}
