//! The report's data written as JSON text section by section and row by row, and made safe
//! inside a script element.

use serde::Serialize;
use serde_json::Value;

/// The report's data: its sections in order, each already written as compact JSON, so that
/// the rows of a large chain are written one at a time and never held all at once as a tree
/// of [`Value`]s (issue 10). [`Data::script_json`] gives, escaped, the same text as compact `serde_json` of
/// the whole object would.
#[derive(Debug, Default, Clone)]
pub struct Data(Vec<(&'static str, String)>);

impl Data {
    /// Adds a section (after those already there) from any serialisable value.
    pub fn push(&mut self, key: &'static str, v: &impl Serialize) {
        self.0.push((key, compact(v)));
    }

    /// Replaces the section `key` (added before, say as a placeholder for what is known only
    /// later) with `v`, where it is; adds it at the end if there is none.
    pub fn set(&mut self, key: &'static str, v: &impl Serialize) {
        let json = compact(v);
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(section) => section.1 = json,
            None => self.0.push((key, json)),
        }
    }

    /// Adds a section already written as compact JSON.
    pub(super) fn push_json(&mut self, key: &'static str, json: String) {
        self.0.push((key, json));
    }

    /// The whole object as compact JSON made safe inside a script element ([`script_json`]),
    /// written straight from the sections.
    pub fn script_json(&self) -> String {
        let len = self
            .0
            .iter()
            .map(|(k, v)| k.len() + v.len() + 4)
            .sum::<usize>()
            + 2;
        let mut out = String::with_capacity(len + len / 16);
        out.push('{');
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            escape_into(&mut out, &compact(k));
            out.push(':');
            escape_into(&mut out, v);
        }
        out.push('}');
        out
    }
}

/// Compact JSON of a value, as `serde_json::to_string` writes it.
fn compact(v: &impl Serialize) -> String {
    serde_json::to_string(v).expect("report data always serialises")
}

/// A JSON array written row by row.
#[derive(Debug, Default)]
pub(super) struct Rows {
    bytes: Vec<u8>,
    pub(super) len: usize,
}

impl Rows {
    pub(super) fn push(&mut self, v: &impl Serialize) {
        self.bytes.push(if self.len == 0 { b'[' } else { b',' });
        serde_json::to_writer(&mut self.bytes, v).expect("report data always serialises");
        self.len += 1;
    }

    /// Adds a row already written as compact JSON.
    pub(super) fn push_json(&mut self, json: &str) {
        self.bytes.push(if self.len == 0 { b'[' } else { b',' });
        self.bytes.extend_from_slice(json.as_bytes());
        self.len += 1;
    }

    pub(super) fn finish(mut self) -> String {
        if self.len == 0 {
            self.bytes.push(b'[');
        }
        self.bytes.push(b']');
        String::from_utf8(self.bytes).expect("serde_json writes UTF-8")
    }
}

impl FromIterator<Value> for Rows {
    fn from_iter<I: IntoIterator<Item = Value>>(rows: I) -> Self {
        let mut out = Rows::default();
        for r in rows {
            out.push(&r);
        }
        out
    }
}

/// JSON text that is safe inside `<script type="application/json">`: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e`, `\u0026` (so `</script>` or `<!--` in a name cannot end
/// or change the element), and the line and paragraph separators as `\u2028`, `\u2029`.
/// These characters only occur inside JSON strings, where the escapes mean the same.
pub fn script_json(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + raw.len() / 16);
    escape_into(&mut out, raw);
    out
}

/// Appends JSON text to `out` with the escapes of [`script_json`].
fn escape_into(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(i) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().expect("found at i");
        out.push_str(match c {
            '<' => "\\u003c",
            '>' => "\\u003e",
            '&' => "\\u0026",
            '\u{2028}' => "\\u2028",
            _ => "\\u2029",
        });
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn script_json_cannot_end_the_script_element() {
        let v = json!({"name": "</script><script>alert(1)</script> <!-- & \u{2028}\u{2029}"});
        let s = script_json(&serde_json::to_string(&v).unwrap());
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
