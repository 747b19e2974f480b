//! The escapes that keep the report's data inside its script elements.

use std::io::{self, Write};

/// JSON text that is safe inside `<script type="application/json">`: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e`, `\u0026` (so `</script>` or `<!--` in a name cannot end
/// or change the element), and the line and paragraph separators as `\u2028`, `\u2029`.
/// These characters only occur inside JSON strings, where the escapes mean the same. A
/// noncharacter (which XML forbids, and the page holds an SVG) becomes U+FFFD, as
/// [`crate::style::xml_safe`] makes it in the rest of the page; the other characters it
/// replaces, C0 controls, JSON writes as escapes.
pub fn script_json(raw: &str) -> String {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 16);
    escape_into(&mut out, raw.as_bytes()).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// Writes JSON text (UTF-8) into `w` with the escapes of [`script_json`]. By bytes: only `<`,
/// `>`, `&` and the lead bytes of the separators (E2) and of noncharacters (EF, F0–F4) are
/// looked at more closely, so Japanese text is copied as it is.
pub(super) fn escape_into(w: &mut impl Write, raw: &[u8]) -> io::Result<()> {
    /// The bytes looked at more closely.
    const LOOK: [bool; 256] = {
        let mut t = [false; 256];
        t[b'<' as usize] = true;
        t[b'>' as usize] = true;
        t[b'&' as usize] = true;
        t[0xE2] = true;
        t[0xEF] = true;
        let mut b = 0xF0;
        while b <= 0xF4 {
            t[b] = true;
            b += 1;
        }
        t
    };
    let mut from = 0;
    let mut i = 0;
    while i < raw.len() {
        let Some(k) = raw[i..].iter().position(|&b| LOOK[b as usize]) else {
            break;
        };
        i += k;
        let b = raw[i];
        let len = match b {
            0xE2 | 0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        let c = std::str::from_utf8(&raw[i..(i + len).min(raw.len())])
            .ok()
            .and_then(|s| s.chars().next());
        let with: Option<&[u8]> = match c {
            Some('<') => Some(b"\\u003c"),
            Some('>') => Some(b"\\u003e"),
            Some('&') => Some(b"\\u0026"),
            Some('\u{2028}') => Some(b"\\u2028"),
            Some('\u{2029}') => Some(b"\\u2029"),
            Some(c) if crate::style::is_noncharacter(c) => Some("\u{FFFD}".as_bytes()),
            _ => None,
        };
        if let Some(with) = with {
            w.write_all(&raw[from..i])?;
            w.write_all(with)?;
            from = i + len;
        }
        i += len;
    }
    w.write_all(&raw[from..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn script_json_cannot_end_the_script_element() {
        let v = json!({"name": "</script><script>alert(1)</script> <!-- & \u{2028}\u{2029}"});
        let s = script_json(&serde_json::to_string(&v).unwrap());
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    /// The escapes by bytes are those of a plain walk over the characters, then
    /// `xml_safe`, for every kind of character the byte test looks at or skips.
    #[test]
    fn escapes_by_bytes_are_those_by_characters() {
        let by_chars = |raw: &str| {
            let escaped: String = raw
                .chars()
                .map(|c| match c {
                    '<' => "\\u003c".to_string(),
                    '>' => "\\u003e".to_string(),
                    '&' => "\\u0026".to_string(),
                    '\u{2028}' => "\\u2028".to_string(),
                    '\u{2029}' => "\\u2029".to_string(),
                    c => c.to_string(),
                })
                .collect();
            crate::style::xml_safe(escaped)
        };
        let raw = "a<b>&c \u{2028}\u{2029} → ‐ ＡｱEnd \u{FFFE}\u{FFFF}\u{FDD0}\u{FDEF}\u{FDF0} \
                   😀\u{1FFFE}\u{10FFFF}\u{10FFFD} 日本語「」 \u{EFFF}";
        for cut in 0..raw.len() {
            if raw.is_char_boundary(cut) {
                let part = &raw[..cut];
                assert_eq!(script_json(part), by_chars(part), "{part:?}");
            }
        }
        assert!(script_json(raw).contains("\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FDF0}"));
    }
}
