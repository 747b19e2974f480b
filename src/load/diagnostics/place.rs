//! A place in a table: the file, the sheet (XLSX), the row and the column of a cell, the
//! location of a problem in a filled-in checklist ([`super::Location::Cell`]).

use crate::i18n::Lang;
use crate::tr;

/// Where a problem is: the file, the sheet (XLSX), the row and the column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Place {
    /// The file, as given.
    pub file: String,
    /// The sheet, for XLSX.
    pub sheet: Option<String>,
    /// The row, from 1, as a spreadsheet shows it (for CSV: the record, counting the header);
    /// 0 for the file as a whole.
    pub row: u32,
    /// The column, from 1 (shown as a letter: A, B, …).
    pub column: Option<u32>,
    /// The column's header, as written.
    pub header: Option<String>,
}

/// Text from a filled-in file made safe to print on a terminal: control characters become
/// their visible symbols (␛ for ESC, ␉ for tab) and other invisible or direction-changing
/// characters their `\u{…}` escape, so a crafted cell cannot drive the terminal or hide text.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32)
                .map(String::from)
                .unwrap_or_default(),
            '\u{7f}' => "␡".into(),
            '\u{80}'..='\u{9f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// `A`, `B`, …, `Z`, `AA`, … for a 1-based column number.
pub fn column_letters(mut n: u32) -> String {
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

impl Place {
    /// The place in `lang`: `filled.xlsx, sheet "acme", row 5, column N (status)` or
    /// `filled.csv, row 5, column N (status)`.
    pub fn describe(&self, lang: Lang) -> String {
        let mut parts = vec![printable(&self.file)];
        if let Some(s) = &self.sheet {
            let q = lang.quote(&printable(s));
            parts.push(tr!(lang, "sheet {q}", "シート{q}"));
        }
        if self.row > 0 {
            let r = self.row;
            parts.push(tr!(lang, "row {r}", "{r}行目"));
        }
        if let Some(c) = self.column {
            let l = column_letters(c);
            let mut t = tr!(lang, "column {l}", "{l}列");
            if let Some(h) = &self.header {
                t.push_str(&format!(" ({})", printable(h)));
            }
            parts.push(t);
        }
        parts.join(lang.pick(", ", "、"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn places_name_sheet_row_and_column() {
        let p = Place {
            file: "f.xlsx".into(),
            sheet: Some("acme".into()),
            row: 5,
            column: Some(15),
            header: Some("status".into()),
        };
        assert_eq!(
            p.describe(Lang::En),
            "f.xlsx, sheet \"acme\", row 5, column O (status)"
        );
        assert_eq!(
            p.describe(Lang::Ja),
            "f.xlsx、シート「acme」、5行目、O列 (status)"
        );
        let c = Place {
            file: "f.csv".into(),
            row: 3,
            column: Some(2),
            ..Place::default()
        };
        assert_eq!(c.describe(Lang::En), "f.csv, row 3, column B");
    }
}
