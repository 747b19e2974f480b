//! The cells of a filled-in checklist's file: every sheet of a workbook, or the CSV file, as
//! rows of (column, text) cells, read within the limits of [`super::super::limits`]. What the
//! cells mean is [`super`]'s.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::HEADER_SEARCH_ROWS;
use crate::checklist::error::StatusProblem;
use crate::checklist::{Column, limits};
use crate::date::Date;

/// A sheet, or the CSV file, as rows of (1-based column, text) cells.
pub(super) struct Table {
    /// The sheet's name; `None` for CSV.
    pub(super) sheet: Option<String>,
    /// (1-based row or line, cells).
    pub(super) rows: Vec<(u32, Vec<(u32, String)>)>,
}

/// Read every sheet of a workbook, within the limits of [`super::super::limits`]: the zip is
/// checked before calamine opens it, and each sheet is read cell by cell (never as one dense
/// range, which two far-apart cells would make as large as the sheet's whole span).
pub(super) fn xlsx_tables(bytes: Vec<u8>) -> Result<Vec<Table>, StatusProblem> {
    let bad = |e: calamine::XlsxError| StatusProblem::BadWorkbook {
        message: e.to_string(),
    };
    limits::check_workbook(&bytes)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(bad)?;
    let mut out = Vec::new();
    let mut cells_read = 0u64;
    for name in wb.sheet_names() {
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => r,
            // A chart sheet or dialog sheet holds no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(bad(e)),
        };
        // (row, column), both from 0 → text; a cell given twice keeps its last value, as
        // calamine's own ranges do.
        let mut cells: BTreeMap<(u32, u32), String> = BTreeMap::new();
        while let Some(cell) = reader.next_cell().map_err(bad)? {
            let s = cell_text(&Data::from(cell.get_value().clone()));
            let s = crate::style::unshow_bidi(&s).into_owned();
            if !s.is_empty() {
                limits::count_cell(&mut cells_read)?;
                cells.insert(cell.get_position(), s);
            }
        }
        let mut rows: Vec<(u32, Vec<(u32, String)>)> = Vec::new();
        for ((r, c), s) in cells {
            let (r, c) = (r.saturating_add(1), c.saturating_add(1));
            match rows.last_mut() {
                Some((last, row)) if *last == r => row.push((c, s)),
                _ => rows.push((r, vec![(c, s)])),
            }
        }
        out.push(Table {
            sheet: Some(name),
            rows,
        });
    }
    Ok(out)
}

/// The text of a cell as a person sees it: numbers without a trailing `.0`, dates as ISO dates.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            if dt.is_datetime() && serial.fract() == 0.0 {
                // Excel's day 25569 is 1970-01-01.
                Date::from_days_since_epoch(serial as i64 - 25_569).to_string()
            } else {
                serial.to_string()
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// Undo the formula neutralisation of `csv_safe`: a leading `'` before `= + - @`, tab or CR.
fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

/// Read a CSV file (UTF-8, with or without a byte order mark), within the limits of rows and
/// cells.
pub(super) fn csv_table(bytes: Vec<u8>) -> Result<Table, StatusProblem> {
    let text = String::from_utf8(bytes).map_err(|_| StatusProblem::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<(u32, Vec<(u32, String)>)> = Vec::new();
    let (mut rows_read, mut cells_read) = (0u64, 0u64);
    // Once the header row is found (as `read_table` finds it: the first of the first rows
    // with content that names the id and status columns), only the cells under a column the
    // reader knows are kept: the checklist of every party carries both titles, the source and
    // the inference notes on every row, and a folder of a large chain has millions of rows.
    let mut kept: Option<Vec<u32>> = None;
    // Rows are counted as a spreadsheet shows them (a record with line breaks in a cell is
    // one row), not as lines of text.
    for (n, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| StatusProblem::BadCsv {
            message: e.to_string(),
        })?;
        limits::count_row(&mut rows_read)?;
        let line = n as u32 + 1;
        let mut cells: Vec<(u32, String)> = Vec::new();
        for (j, s) in rec.iter().enumerate() {
            let s = crate::style::unshow_bidi(unneutralise(s));
            if !s.trim().is_empty() {
                limits::count_cell(&mut cells_read)?;
                let col = j as u32 + 1;
                if kept.as_ref().is_none_or(|k| k.binary_search(&col).is_ok()) {
                    cells.push((col, s.to_string()));
                }
            }
        }
        if cells.is_empty() {
            continue;
        }
        if kept.is_none() && rows.len() < HEADER_SEARCH_ROWS && is_header_row(&cells) {
            kept = Some(
                cells
                    .iter()
                    .filter(|(_, h)| Column::from_header(h).is_some())
                    .map(|&(c, _)| c)
                    .collect(),
            );
        }
        rows.push((line, cells));
    }
    Ok(Table { sheet: None, rows })
}

/// Whether a row is a checklist's header row: it names the id and the status columns.
pub(super) fn is_header_row(cells: &[(u32, String)]) -> bool {
    let cols: Vec<Option<Column>> = cells.iter().map(|(_, s)| Column::from_header(s)).collect();
    cols.contains(&Some(Column::Id)) && cols.contains(&Some(Column::Status))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::Declared;

    /// A CSV keeps, past its header row, only the cells under the columns the reader knows:
    /// notes above the header, a column of its own and a row with only that column filled
    /// read as before.
    #[test]
    fn past_the_header_only_known_columns_are_kept_and_read_the_same() {
        let text = "a note,,\n\
                    ,,\n\
                    party,id,role,status,evidence,my notes\n\
                    p1,(6)-1,customer,implemented,doc,ignored\n\
                    ,,,,,only my notes\n\
                    p2,(6)-2,customer,partial,,x\n";
        let table = csv_table(text.as_bytes().to_vec()).unwrap();
        let lines: Vec<u32> = table.rows.iter().map(|(l, _)| *l).collect();
        // The fifth line holds only a cell under "my notes": nothing of it is kept.
        assert_eq!(lines, [1, 3, 4, 6]);
        assert_eq!(table.rows[1].1.len(), 6, "the header row is kept whole");
        assert!(table.rows[2].1.iter().all(|(c, _)| *c <= 5));
        let (set, errors) = super::super::read_status_bytes("s.csv", text.as_bytes().to_vec());
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<(&str, &str, Option<Declared>, &str, u32)> = set
            .entries
            .iter()
            .map(|e| {
                let (p, i, s, ev) = (e.party.as_str(), e.id.as_str(), e.status, &e.evidence);
                (p, i, s, ev.as_str(), e.place.row)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("p1", "(6)-1", Some(Declared::Implemented), "doc", 4),
                ("p2", "(6)-2", Some(Declared::Partial), "", 6),
            ]
        );
    }

    #[test]
    fn neutralised_cells_read_back_as_written() {
        assert_eq!(unneutralise("'=HYPERLINK(\"x\")"), "=HYPERLINK(\"x\")");
        assert_eq!(unneutralise("'-1+1"), "-1+1");
        assert_eq!(unneutralise("'plain"), "'plain");
        assert_eq!(unneutralise("plain"), "plain");
    }

    #[test]
    fn excel_numbers_and_dates_read_as_people_see_them() {
        assert_eq!(cell_text(&Data::Float(42.0)), "42");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
        assert_eq!(cell_text(&Data::Empty), "");
    }
}
