//! Limits on what a filled-in checklist may make rolemap allocate, checked before (or while)
//! the readers allocate it.
//!
//! The size limit (`--max-size`) bounds the file, but a workbook is a zip: 2 MB can inflate to
//! gigabytes, a shared-strings table can declare 2^64 − 1 entries, and two cells (A1 and
//! XFD1048576) span 17 billion. So before calamine opens a workbook every zip entry is inflated
//! once, counting the bytes it really yields (the sizes in the zip headers are not trusted), and
//! the shared-strings table is read with a bounded reader that checks its declared and actual
//! counts. Sheets are then read cell by cell, never as a dense range, and the cells (and the
//! rows of a CSV file) are counted as they come.

use std::io::{BufReader, Cursor, Read};

/// Most bytes all entries of a workbook may inflate to: 128 MiB (a checklist of every party of
/// a 100,000-party chain is a few MiB).
pub const MAX_INFLATED_BYTES: u64 = 128 * 1024 * 1024;

/// Most entries (files) in a workbook's zip.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Most shared strings a workbook may declare or hold.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;

/// Most non-empty cells a file (all its sheets together, or a CSV file) may hold.
pub const MAX_CELLS: u64 = 2_000_000;

/// Most rows (records) a CSV file may hold; rows of a sheet are bounded by [`MAX_CELLS`].
pub const MAX_ROWS: u64 = 1_000_000;

/// A limit on what a filled-in checklist may hold (see `docs/robustness.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Bytes a workbook's zip entries inflate to, counted while inflating.
    InflatedBytes,
    /// Entries in a workbook's zip.
    ZipEntries,
    /// Shared strings a workbook declares or holds.
    SharedStrings,
    /// Non-empty cells of a file.
    Cells,
    /// Rows of a CSV file.
    Rows,
}

impl Limit {
    /// The limit's value.
    pub fn max(self) -> u64 {
        match self {
            Limit::InflatedBytes => MAX_INFLATED_BYTES,
            Limit::ZipEntries => MAX_ZIP_ENTRIES as u64,
            Limit::SharedStrings => MAX_SHARED_STRINGS,
            Limit::Cells => MAX_CELLS,
            Limit::Rows => MAX_ROWS,
        }
    }
}

/// What went wrong while checking a workbook or counting: a limit passed, or a damaged
/// workbook (the reader turns it into a `StatusProblem`).
#[derive(Debug)]
pub(super) enum Breach {
    /// `limit` passed: `value` counted.
    Over {
        /// The limit.
        limit: Limit,
        /// What was counted or declared.
        value: u64,
    },
    /// The workbook's zip or XML cannot be read.
    Bad(String),
}

/// A reader that counts what it yields and fails past a budget shared by every entry.
struct Counted<'a, R> {
    inner: R,
    total: &'a mut u64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Never ask for more than one byte past the budget.
        let room = MAX_INFLATED_BYTES
            .saturating_sub(*self.total)
            .saturating_add(1);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        *self.total += n as u64;
        if *self.total > MAX_INFLATED_BYTES {
            return Err(std::io::Error::other(OverBudget));
        }
        Ok(n)
    }
}

/// The marker error of [`Counted`].
#[derive(Debug)]
struct OverBudget;

impl std::fmt::Display for OverBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("over the inflated-size budget")
    }
}

impl std::error::Error for OverBudget {}

fn over(limit: Limit, value: u64) -> Breach {
    Breach::Over { limit, value }
}

fn bad(message: impl std::fmt::Display) -> Breach {
    Breach::Bad(message.to_string())
}

/// An I/O error while inflating: over the budget, or a damaged entry.
fn inflate_error(e: std::io::Error, total: u64) -> Breach {
    if e.get_ref().is_some_and(|inner| inner.is::<OverBudget>()) {
        over(Limit::InflatedBytes, total)
    } else {
        bad(e)
    }
}

/// Check a workbook's zip before calamine opens it: at most [`MAX_ZIP_ENTRIES`] entries, at
/// most [`MAX_INFLATED_BYTES`] once inflated (counted while inflating, which also catches
/// damaged entries), and a shared-strings table of at most [`MAX_SHARED_STRINGS`] entries,
/// declared and actual.
pub(super) fn check_workbook(bytes: &[u8]) -> Result<(), Breach> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(bad)?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(over(Limit::ZipEntries, zip.len() as u64));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(bad)?;
        let name = entry
            .name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let mut counted = Counted {
            inner: entry,
            total: &mut total,
        };
        if name.ends_with("sharedstrings.xml") {
            check_shared_strings(&mut counted)?;
        } else if name.ends_with(".xml") {
            // Any part may be a sheet (the workbook's relationships name them).
            check_references(&mut counted)?;
        }
        // Inflate the rest (all of it for every other entry) to count it.
        std::io::copy(&mut counted, &mut std::io::sink()).map_err(|e| {
            let t = *counted.total;
            inflate_error(e, t)
        })?;
    }
    Ok(())
}

/// Read a shared-strings table with a bounded XML reader: its declared `count` and
/// `uniqueCount` (calamine reserves room for `uniqueCount` strings at once) and the `si`
/// entries it holds.
fn check_shared_strings<R: Read>(r: &mut Counted<'_, R>) -> Result<(), Breach> {
    use quick_xml::events::Event;
    let mut xml = xml_reader(&mut *r);
    let mut buf = Vec::new();
    let mut strings = 0u64;
    loop {
        buf.clear();
        let ev = match xml.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(quick_xml::Error::Io(e)) => {
                // quick-xml shares the error; find the budget marker through it.
                let over_budget = e.get_ref().is_some_and(|inner| inner.is::<OverBudget>());
                return Err(if over_budget {
                    over(Limit::InflatedBytes, MAX_INFLATED_BYTES + 1)
                } else {
                    bad(e)
                });
            }
            // Leave malformed XML to calamine, which says what is wrong.
            Err(_) => return Ok(()),
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sst" => {
                    for a in e.attributes().flatten() {
                        let key = a.key.local_name();
                        let counted = key.as_ref() == "count" || key.as_ref() == "uniqueCount";
                        if let Some(n) = declared_count(a.value.as_bytes()).filter(|_| counted) {
                            return Err(over(Limit::SharedStrings, n));
                        }
                    }
                }
                "si" => {
                    strings += 1;
                    if strings > MAX_SHARED_STRINGS {
                        return Err(over(Limit::SharedStrings, strings));
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// A bounded XML reader configured as calamine configures its own, so that both see the same
/// events (empty elements expanded, end names and comments unchecked).
fn xml_reader<R: Read>(r: R) -> quick_xml::Reader<BufReader<R>> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(r));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}

/// The attributes of a start tag as calamine splits them (`key="value"` or `key='value'`,
/// the key being everything before `=`): a reference calamine reads must be checked as calamine
/// reads it, not as a stricter parser would (which might skip it).
fn raw_attributes(raw: &str) -> impl Iterator<Item = (&str, &str)> {
    let bytes = raw.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let key_start = pos;
        while pos < bytes.len() && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = *bytes.get(pos).filter(|q| matches!(q, b'"' | b'\''))?;
        pos += 1;
        let start = pos;
        while pos < bytes.len() && bytes[pos] != quote {
            pos += 1;
        }
        let value = &raw[start..pos];
        pos = (pos + 1).min(bytes.len());
        Some((key, value))
    })
}

/// The last row and column of a sheet (XFD1048576).
const LAST_ROW: u64 = 1_048_576;
const LAST_COLUMN: u64 = 16_384;

/// Read a part with a bounded XML reader and check the cell references calamine parses: the
/// `r` of every cell and row and the `ref` of a sheet's dimension and formulas. Calamine
/// accumulates them in 32 bits without checks (a column of 7 letters overflows: a panic in
/// debug builds, a wrong cell in release ones) and subtracts a dimension's corners.
fn check_references<R: Read>(r: &mut Counted<'_, R>) -> Result<(), Breach> {
    use quick_xml::events::Event;
    let mut xml = xml_reader(&mut *r);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let ev = match xml.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(quick_xml::Error::Io(e)) => {
                let over_budget = e.get_ref().is_some_and(|inner| inner.is::<OverBudget>());
                return Err(if over_budget {
                    over(Limit::InflatedBytes, MAX_INFLATED_BYTES + 1)
                } else {
                    bad(e)
                });
            }
            Err(_) => return Ok(()),
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let element = e.local_name();
                let (attr, range) = match element.as_ref() {
                    "c" | "row" => ("r", false),
                    "dimension" | "f" => ("ref", true),
                    _ => continue,
                };
                for (key, v) in raw_attributes(e.attributes_raw()) {
                    let local = key.rsplit(':').next().unwrap_or(key);
                    if local != attr {
                        continue;
                    }
                    let ok = if range {
                        range_ok(v)
                    } else if element.as_ref() == "row" {
                        row_ok(v)
                    } else {
                        cell(v).is_some()
                    };
                    if !ok {
                        return Err(bad(format!(
                            "cell reference `{}` is outside the sheet (A1 to XFD1048576)",
                            v.chars().take(40).collect::<String>()
                        )));
                    }
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// A cell reference such as `XFD1048576` within the sheet: (row, column), from 1.
fn cell(s: &str) -> Option<(u64, u64)> {
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = s.split_at(letters);
    if !(1..=3).contains(&letters) || row.is_empty() || row.len() > 7 {
        return None;
    }
    let c = col.bytes().fold(0u64, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let r: u64 = row
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| row.parse().ok())??;
    ((1..=LAST_ROW).contains(&r) && c <= LAST_COLUMN).then_some((r, c))
}

/// A row number within the sheet.
fn row_ok(s: &str) -> bool {
    s.len() <= 7
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<u64>().is_ok_and(|r| (1..=LAST_ROW).contains(&r))
}

/// `A1` or `A1:B2` with the second corner at or after the first.
fn range_ok(s: &str) -> bool {
    match s.split_once(':') {
        None => cell(s).is_some(),
        Some((a, b)) => match (cell(a), cell(b)) {
            (Some(a), Some(b)) => b.0 >= a.0 && b.1 >= a.1,
            _ => false,
        },
    }
}

/// A declared count over the limit (including one too large for any integer), if it is one.
fn declared_count(value: &[u8]) -> Option<u64> {
    let digits = std::str::from_utf8(value).ok()?.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_SHARED_STRINGS => None,
        Ok(n) => Some(n),
        Err(_) => Some(u64::MAX),
    }
}

/// Count one more non-empty cell of a file.
pub(super) fn count_cell(cells: &mut u64) -> Result<(), Breach> {
    *cells += 1;
    if *cells > MAX_CELLS {
        return Err(over(Limit::Cells, *cells));
    }
    Ok(())
}

/// Count one more row of a CSV file.
pub(super) fn count_row(rows: &mut u64) -> Result<(), Breach> {
    *rows += 1;
    if *rows > MAX_ROWS {
        return Err(over(Limit::Rows, *rows));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_split_as_calamine_splits_them() {
        let a: Vec<_> = raw_attributes(r#" r="A1"t='s' x:ref = "B2" bad"#).collect();
        assert_eq!(a, [("r", "A1"), ("t", "s"), ("x:ref", "B2")]);
        assert_eq!(raw_attributes("r=A1").count(), 0);
    }

    #[test]
    fn cell_references_within_the_sheet() {
        assert_eq!(cell("A1"), Some((1, 1)));
        assert_eq!(cell("xfd1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell("XFE1"), None);
        assert_eq!(cell("A1048577"), None);
        assert_eq!(cell("AAAAAAA1"), None);
        assert_eq!(cell("A99999999999"), None);
        assert_eq!(cell("A0"), None);
        assert_eq!(cell("1"), None);
        assert_eq!(cell("A"), None);
        assert_eq!(cell("A1x"), None);
        assert!(row_ok("1048576") && !row_ok("0") && !row_ok("4294967296") && !row_ok("x"));
        assert!(range_ok("A1:XFD1048576") && range_ok("B2"));
        assert!(!range_ok("B2:A1") && !range_ok("A1:") && !range_ok("A1:B2:C3"));
    }

    #[test]
    fn declared_counts_over_the_limit_and_beyond_any_integer() {
        assert_eq!(declared_count(b"12"), None);
        assert_eq!(declared_count(b"1000000"), None);
        assert_eq!(declared_count(b"1000001"), Some(1_000_001));
        assert_eq!(declared_count(b"4294967295"), Some(4_294_967_295));
        assert_eq!(declared_count(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(declared_count(b"99999999999999999999999"), Some(u64::MAX));
        assert_eq!(declared_count(b"-1"), None);
        assert_eq!(declared_count(b"many"), None);
    }
}
