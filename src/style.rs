//! Terminal styling and layout: colour only where wanted, wrapping to a width that counts
//! wide (Japanese) characters as two columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

mod wrap;

pub use wrap::wrap;

/// ANSI styling, switched on or off as a whole.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paint {
    /// Whether to emit escape codes.
    pub enabled: bool,
}

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// Bold.
    pub fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }

    /// Dim.
    pub fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }

    /// Bold red.
    pub fn red(self, s: &str) -> String {
        self.wrap("1;31", s)
    }

    /// Bold yellow.
    pub fn yellow(self, s: &str) -> String {
        self.wrap("1;33", s)
    }

    /// Bold blue.
    pub fn blue(self, s: &str) -> String {
        self.wrap("1;34", s)
    }

    /// Green.
    pub fn green(self, s: &str) -> String {
        self.wrap("32", s)
    }

    /// Cyan.
    pub fn cyan(self, s: &str) -> String {
        self.wrap("36", s)
    }
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Pad `s` with spaces to `w` columns (never truncates).
pub fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    for _ in width(s)..w {
        out.push(' ');
    }
    out
}

/// Cut `s` to at most `w` columns, ending with `…` when cut.
pub fn truncate(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_and_truncate_count_columns() {
        assert_eq!(width(&pad("日本", 6)), 6);
        assert_eq!(truncate("日本語のテキスト", 7), "日本語…");
    }
}

/// Text from a model made safe to print on a terminal: control characters are shown as
/// symbols (ESC as `␛`) instead of being sent, line breaks and tabs become spaces, and
/// bidirectional overrides are dropped. Nothing from a model can move the cursor, recolour the
/// terminal, set its title, or break the 80-column layout.
pub fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    fn bidi(c: char) -> bool {
        matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    }
    if !s.chars().any(|c| c.is_control() || bidi(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\u{7f}' => out.push('␡'),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�')),
            c if c.is_control() => out.push('�'),
            c if bidi(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod shown_tests {
    use super::shown;

    #[test]
    fn nothing_reaches_the_terminal_raw() {
        let s = shown("a\u{1b}]0;pwned\u{7}b\nc\u{202E}d\u{9b}e");
        assert_eq!(s, "a␛]0;pwned␇b cd�e");
        assert!(matches!(shown("plain 日本"), std::borrow::Cow::Borrowed(_)));
    }
}

/// The width text output fits into.
pub const WIDTH: usize = 80;

/// Text for a CSV or spreadsheet cell that a spreadsheet program will not run as a formula,
/// with bidirectional controls shown as `[U+202E]` and noncharacters replaced, as in every
/// document output ([`doc_text`]; the checklist reader turns `[U+202E]` back).
pub fn csv_safe(s: &str) -> String {
    let s = doc_text(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.into_owned()
    }
}

/// Undo the `[U+202E]` of [`doc_text`] for the bidirectional controls (and only those), so
/// that an id holding one reads back from a filled-in checklist as written.
pub fn unshow_bidi(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("[U+") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[U+") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let c = tail
            .get(3..)
            .and_then(|t| t.split_once(']'))
            .filter(|(hex, _)| (4..=6).contains(&hex.len()))
            .and_then(|(hex, after)| {
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                is_bidi_control(c).then_some((c, after))
            });
        match c {
            Some((c, after)) => {
                out.push(c);
                rest = after;
            }
            None => {
                out.push_str("[U+");
                rest = &tail[3..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A bidirectional control: an embedding, override or isolate, or a direction mark. Text from
/// a model must not carry one into an output, where it would make the text around it read in
/// another order than it is stored (`evil\u{202E}txt.exe`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A Unicode noncharacter (U+FDD0–U+FDEF and the last two code points of every plane, such
/// as U+FFFE), never meant for interchange; XML forbids U+FFFE and U+FFFF outright.
pub fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// A character that XML 1.0 forbids (C0 controls other than tab, line feed and carriage
/// return; U+FFFE, U+FFFF) or a noncharacter: replaced by U+FFFD in SVG, HTML, XLSX and OSCAL.
pub fn is_xml_unsafe(c: char) -> bool {
    ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || is_noncharacter(c)
}

/// A whole generated document with every character XML forbids, and every noncharacter,
/// replaced by U+FFFD (the HTML report, after its template has run: its own script and styles
/// hold none, so their CSP hashes stay right).
pub fn xml_safe(s: String) -> String {
    if !s.chars().any(is_xml_unsafe) {
        return s;
    }
    s.chars()
        .map(|c| if is_xml_unsafe(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// A bidirectional control as visible text: `[U+202E]`.
pub fn bidi_shown(c: char) -> String {
    format!("[U+{:04X}]", c as u32)
}

/// Text from a model for a document output (XLSX cells and sheet names, OSCAL, Markdown):
/// characters XML forbids and noncharacters become U+FFFD, bidirectional controls are shown
/// as `[U+202E]` instead of applied. Borrowed when there is nothing to change.
pub fn doc_text(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| is_xml_unsafe(c) || is_bidi_control(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_xml_unsafe(c) {
            out.push('\u{FFFD}');
        } else if is_bidi_control(c) {
            out.push_str(&bidi_shown(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod chars_tests {
    use super::*;

    #[test]
    fn document_text_replaces_what_xml_forbids_and_shows_bidi_controls() {
        assert!(matches!(
            doc_text("plain 日本"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            doc_text("a\u{FFFE}b\u{FFFF}c\u{1}d\tx"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\tx"
        );
        assert_eq!(
            doc_text("\u{FDD0}\u{1FFFE}\u{10FFFF}"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(doc_text("evil\u{202E}txt.exe"), "evil[U+202E]txt.exe");
        assert_eq!(
            md_inline("a\u{2066}*b*\u{FFFE}"),
            "a[U+2066]\\*b\\*\u{FFFD}"
        );
        assert!(!is_noncharacter('\u{FFFD}') && !is_noncharacter('\u{FDCF}'));
        assert_eq!(csv_safe("=1\u{202E}"), "'=1[U+202E]");
    }

    #[test]
    fn shown_bidi_controls_read_back_and_nothing_else_changes() {
        for s in [
            "evil\u{202E}txt",
            "\u{2066}a\u{2069}",
            "plain",
            "[U+",
            "[U+0041] [U+202E",
            "[U+zz]",
        ] {
            assert_eq!(unshow_bidi(&doc_text(s)), s);
        }
        assert_eq!(unshow_bidi("[U+0041]"), "[U+0041]");
    }
}

/// Text from a model or a message for Markdown, escaped only where CommonMark (and GitHub's
/// strikethrough and math) would read markup, so that the source pastes cleanly: `security_terms`
/// stays as written (an underscore inside a word is never emphasis), while `_x_`, `*`, backticks,
/// `<`, `|`, `[` that could open a link, an entity such as `&amp;`, and a block marker at the
/// start (`#`, `>`, `-`, `+`, `1.`) are escaped. Line breaks and tabs become spaces,
/// bidirectional controls are shown as `[U+202E]` and noncharacters replaced (U+FFFD).
/// The one Markdown escape of every Markdown output (matrix, checklist, diff, annex, catalog).
pub fn md_inline(s: &str) -> String {
    if !md_special(s) {
        return s.to_string();
    }
    md_escaped(s)
}

/// [`md_inline`] appended to `out`: a text without anything to escape is copied as it is,
/// without a `String` of its own (a register's or matrix's cells, millions at 100k).
pub fn md_inline_into(out: &mut String, s: &str) {
    if md_special(s) {
        out.push_str(&md_escaped(s));
    } else {
        out.push_str(s);
    }
}

/// Whether `s` has any character a rule of [`md_inline`] looks at. Most text has none: it is
/// returned as it is, without the walk (the Markdown of every party or contract of a large
/// chain escapes millions of strings; issue 10).
fn md_special(s: &str) -> bool {
    /// The characters the rules look at besides controls, bidirectional controls and
    /// noncharacters.
    const MARKUP: &[u8] = b"\\`*<|~$_[&#>-+=.)";
    /// [`MARKUP`] and the ASCII controls (below 0x20, and 0x7F) as a table of the 128 ASCII
    /// bytes: a byte is one lookup (`MARKUP.contains` is a `memchr` per byte).
    const SPECIAL: [bool; 128] = {
        let mut t = [false; 128];
        let mut i = 0;
        while i < MARKUP.len() {
            t[MARKUP[i] as usize] = true;
            i += 1;
        }
        let mut c = 0;
        while c < 0x20 {
            t[c] = true;
            c += 1;
        }
        t[0x7f] = true;
        t
    };
    // Every one of them is ASCII, so ASCII text is tested byte by byte.
    if s.is_ascii() {
        return s.bytes().any(|b| SPECIAL[usize::from(b)]);
    }
    s.chars().any(|c| {
        c.is_control()
            || is_bidi_control(c)
            || is_noncharacter(c)
            || u8::try_from(c).is_ok_and(|b| b < 0x80 && SPECIAL[usize::from(b)])
    })
}

/// The walk of [`md_inline`], for a text [`md_special`] found something in.
fn md_escaped(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let word = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_alphanumeric())
    };
    // A `[` can open a link when a `]` after it is followed by `(`, `[` or `:`.
    let link_after = |i: usize| {
        chars[i + 1..]
            .windows(2)
            .any(|w| w[0] == ']' && matches!(w[1], '(' | '[' | ':'))
    };
    // An entity or character reference: `&name;`, `&#123;`, `&#x1F;`.
    let entity_at = |i: usize| {
        let rest = &chars[i + 1..];
        let n = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
            .count();
        n > 0 && rest.get(n) == Some(&';')
    };
    // The first character that is not a space: block markers are read only there.
    let start = chars.iter().take_while(|c| **c == ' ').count();
    for (i, &c) in chars.iter().enumerate() {
        let at_start = i == start;
        match c {
            c if is_bidi_control(c) => out.push_str(&bidi_shown(c)),
            c if is_noncharacter(c) => out.push('\u{FFFD}'),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push(' '),
            '\\' | '`' | '*' | '<' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(word(i.checked_sub(1)) && word(Some(i + 1))) => out.push_str("\\_"),
            '[' if at_start || link_after(i) => out.push_str("\\["),
            '&' if entity_at(i) => out.push_str("\\&"),
            '#' | '>' | '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')'
                if i > start
                    && chars[start..i].iter().all(char::is_ascii_digit)
                    && matches!(chars.get(i + 1), None | Some(' ')) =>
            {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod md_inline_tests {
    use super::{md_escaped, md_inline, md_inline_into, md_special};

    #[test]
    fn only_what_markdown_would_read_is_escaped() {
        for plain in [
            "security_terms: true",
            "support_until",
            "S(1)-1.1, S(2)-3",
            "R&D department",
            "a - b + c = d > e # f",
            "ids [S(1)-1] and roles: [Developer]",
            "受注者_発注者",
            "1.5 days",
        ] {
            assert_eq!(md_inline(plain), plain, "{plain}");
        }
        for (raw, escaped) in [
            ("_x_", "\\_x\\_"),
            ("a *b* c", "a \\*b\\* c"),
            ("`code`", "\\`code\\`"),
            ("<img src=x>", "\\<img src=x>"),
            ("a | b", "a \\| b"),
            ("[link](http://x)", "\\[link](http://x)"),
            ("see [here](x)", "see \\[here](x)"),
            ("&amp; &#60;", "\\&amp; \\&#60;"),
            ("# title", "\\# title"),
            ("> quote", "\\> quote"),
            ("- item", "\\- item"),
            ("12. item", "12\\. item"),
            ("3) item", "3\\) item"),
            ("~~gone~~", "\\~\\~gone\\~\\~"),
            ("$x$", "\\$x\\$"),
            ("a\\b", "a\\\\b"),
            ("line\nbreak\ttab", "line break tab"),
            ("「_強調_」", "「\\_強調\\_」"),
        ] {
            assert_eq!(md_inline(raw), escaped, "{raw}");
        }
    }

    proptest::proptest! {
        /// The text returned as it is is exactly the text the walk would return unchanged, in
        /// ASCII (tested byte by byte) and beyond; and appending gives the same text.
        #[test]
        fn the_fast_path_is_the_walk(s in "[ -~\t\n\u{7f}é「」_\u{202e}\u{fffe}]{0,12}") {
            let walked = md_escaped(&s);
            if !md_special(&s) {
                proptest::prop_assert_eq!(&walked, &s);
            }
            proptest::prop_assert_eq!(md_inline(&s), walked.clone());
            let mut out = String::from(">");
            md_inline_into(&mut out, &s);
            proptest::prop_assert_eq!(out, format!(">{walked}"));
        }
    }
}
