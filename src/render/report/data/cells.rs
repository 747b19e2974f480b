//! The `cells` section: each party's cell in each allocation, as `rolemap matrix` works it
//! out, so that the page shows the engine's cells rather than working them out again from the
//! duties. A row of marks, one digit per party, and the cells' scopes and days where they have
//! some.

use rayon::prelude::*;

use super::out::Rows;
use crate::Analysis;
use crate::render::matrix::RowCells;

/// The `cells` section, a row per allocation. One allocation per rayon job, not
/// [`Rows::par`]'s thousands of rows per job: a chain has a few dozen allocations, each as
/// long as the chain.
pub(super) fn cells(a: &Analysis) -> Rows {
    let m = a.model;
    let rows: Vec<Rows> = a
        .allocations
        .par_iter()
        .map(|al| {
            let row_cells = RowCells::new(a, al);
            let mut marks = vec![b'0'; m.parties.len()];
            for (p, c) in row_cells.iter() {
                marks[p] = match c.mark {
                    "L" => b'1',
                    "S" => b'2',
                    "I" => b'3',
                    "A" => b'4',
                    _ => b'0',
                };
            }
            let mut row = Rows::default();
            row.row(|w| {
                w.str(std::str::from_utf8(&marks).expect("digits"));
                w.list(|w| {
                    for (p, c) in row_cells.iter().filter(|(_, c)| !c.scopes.is_empty()) {
                        w.list(|w| {
                            w.num(p).str(&c.scopes.join(", "));
                        });
                    }
                });
                w.list(|w| {
                    for (p, c) in row_cells.iter().filter(|(_, c)| !c.periods.is_always()) {
                        w.list(|w| {
                            w.num(p).str(&c.periods.compact());
                        });
                    }
                });
            });
            row
        })
        .collect();
    let mut cells = Rows::default();
    for row in rows {
        cells.extend(row);
    }
    cells
}
