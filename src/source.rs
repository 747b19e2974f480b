//! Source files and positions: byte spans that turn into line and column for diagnostics.

use std::fmt;
use std::sync::Arc;

/// A half-open byte range `[start, end)` into a [`SourceFile`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// An empty span at `at`.
    pub fn point(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The format of a model or catalog file, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Rusty Object Notation (`.ron`), the primary format.
    Ron,
    /// JSON (`.json`).
    Json,
    /// YAML (`.yaml`, `.yml`).
    Yaml,
}

impl Format {
    /// The format for a file name, by extension; `None` when the extension is unknown.
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".ron") {
            Some(Format::Ron)
        } else if lower.ends_with(".json") {
            Some(Format::Json)
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(Format::Yaml)
        } else {
            None
        }
    }

    /// The lower-case name of the format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Ron => "ron",
            Format::Json => "json",
            Format::Yaml => "yaml",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A 1-based line and a 1-based column counted in characters (not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// The text of one input file with an index of its line starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    /// Characters before each block of [`BLOCK`] bytes: columns in O(BLOCK), even on a
    /// 20 MB single-line JSON file.
    chars_before_block: Vec<usize>,
}

/// Block size of the character-count index.
const BLOCK: usize = 64;

/// Characters starting in `bytes` (bytes that are not UTF-8 continuation bytes).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl SourceFile {
    /// A source file from its display name (usually the path as given) and its text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<SourceFile> {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut chars_before_block = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut total = 0;
        for chunk in text.as_bytes().chunks(BLOCK) {
            chars_before_block.push(total);
            total += count_chars(chunk);
        }
        chars_before_block.push(total);
        Arc::new(SourceFile {
            name: name.into(),
            text,
            line_starts,
            chars_before_block,
        })
    }

    /// The name shown in diagnostics.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Clamp a byte offset into the text and onto a character boundary.
    fn clamp(&self, offset: usize) -> usize {
        let mut o = offset.min(self.text.len());
        while !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// 0-based index of the line holding `offset`.
    fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Characters before a byte offset (on a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let base = block * BLOCK;
        let before = self.chars_before_block[block];
        // A block of ASCII has as many characters as bytes: no need to count.
        let ascii = self
            .chars_before_block
            .get(block + 1)
            .is_some_and(|&next| next - before == (self.text.len() - base).min(BLOCK));
        if ascii {
            before + (offset - base)
        } else {
            before + count_chars(&self.text.as_bytes()[base..offset])
        }
    }

    /// Line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.clamp(offset);
        let li = self.line_index(offset);
        let start = self.line_starts[li];
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        LineCol {
            line: li + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte offset of a 1-based line and 1-based character column (clamped to the line).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let text = self.line_text(line);
        let within = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map(|(i, _)| i)
            .unwrap_or(text.len());
        start + within
    }

    /// The text covered by a span (clamped).
    pub fn slice(&self, span: Span) -> &str {
        let s = self.clamp(span.start);
        let e = self.clamp(span.end).max(s);
        &self.text[s..e]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let f = SourceFile::new("t", "ab\n日本x\n");
        let x = f.text().find('x').unwrap();
        assert_eq!(f.line_col(x), LineCol { line: 2, column: 3 });
        assert_eq!(f.line_text(2), "日本x");
        assert_eq!(f.offset_of(2, 3), x);
        assert_eq!(f.line_col(f.text().len()), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn columns_on_very_long_lines() {
        let mut text = String::new();
        for i in 0..5000 {
            text.push_str(if i % 3 == 0 { "日本" } else { "ab" });
        }
        text.push('x');
        let f = SourceFile::new("t", text.clone());
        let x = text.rfind('x').unwrap();
        assert_eq!(f.line_col(x).column, text[..x].chars().count() + 1);
        for off in [0, 1, 3, 1023, 1024, 1025, 4096, 7000] {
            let mut o = off.min(text.len());
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            assert_eq!(f.line_col(o).column, text[..o].chars().count() + 1, "{o}");
        }
    }

    /// Every position of a text that mixes ASCII runs longer and shorter than a block with
    /// multi-byte characters and line breaks: the indexed column is the counted one.
    #[test]
    fn columns_match_counting_everywhere() {
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&"a".repeat(i * 7 % 150));
            if i % 4 == 0 {
                text.push('\n');
            }
            text.push_str(&"日".repeat(i % 5));
        }
        for len in [text.len(), BLOCK * 3, BLOCK * 3 + 1] {
            let mut len = len.min(text.len());
            while !text.is_char_boundary(len) {
                len -= 1;
            }
            let t = &text[..len];
            let f = SourceFile::new("t", t);
            for (o, _) in t.char_indices().chain([(t.len(), ' ')]) {
                let line_start = t[..o].rfind('\n').map_or(0, |i| i + 1);
                let want = LineCol {
                    line: t[..o].matches('\n').count() + 1,
                    column: t[line_start..o].chars().count() + 1,
                };
                assert_eq!(f.line_col(o), want, "offset {o} of {len}");
            }
        }
    }

    #[test]
    fn crlf_lines() {
        let f = SourceFile::new("t", "a\r\nbc\r\n");
        assert_eq!(f.line_text(1), "a");
        assert_eq!(f.line_text(2), "bc");
        assert_eq!(f.line_col(4), LineCol { line: 2, column: 2 });
    }
}
