//! The cells of the matrix: one party's mark in one allocation, and every cell of an
//! allocation worked out in one pass ([`RowCells`]), which every format of `rolemap matrix`
//! and the report's `cells` share.

use crate::Analysis;
use crate::allocate::{Allocation, Duty};
use crate::catalog::Applies;
use crate::derive::Periods;
use crate::model::types::Qualifier;

/// One party's cell in one allocation: its mark and the scopes of the duties behind it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell<'a> {
    /// `L` responsible, `S` support, `I` infrastructure, `A` (contract duties) agrees to it
    /// as the contractor, or empty.
    pub mark: &'static str,
    /// The scopes of the duties that give the mark, sorted; empty when one of them covers the
    /// role as a whole.
    pub scopes: Vec<&'a str>,
    /// The days of the duties that give the mark (always, unless their contracts have dates).
    pub periods: Periods,
}

impl Cell<'_> {
    /// The mark with its scopes and, when it does not hold always, its days: `L`, `L (use)`,
    /// `S (a, b)`, `L [2022-04-01..2027-03-31]`.
    pub fn text(&self) -> String {
        let mut t = if self.scopes.is_empty() {
            self.mark.to_string()
        } else {
            format!("{} ({})", self.mark, self.scopes.join(", "))
        };
        if !self.periods.is_always() {
            t.push_str(&format!(" [{}]", self.periods.compact()));
        }
        t
    }

    /// What the text matrix's notes say of a cell too wide for its column: the scopes, then
    /// the days; `None` when the mark says everything.
    pub fn note(&self) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if !self.scopes.is_empty() {
            parts.push(self.scopes.join(", "));
        }
        if !self.periods.is_always() {
            parts.push(self.periods.compact());
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// The cell of one party in one allocation. Responsible duties give `L`; in a contract-level
/// row ((2)-3) the contractors that agree to the requirement are marked `A`, apart from the
/// responsible clients; otherwise the strongest contribution (`S` before `I`). A scoped duty
/// shows its scope, so that a `no-lead` row never shows a bare `L`.
pub fn cell<'a>(a: &'a Analysis, al: &Allocation, party: usize) -> Cell<'a> {
    let responsible: Vec<&Duty> = al.responsible.iter().filter(|d| d.party == party).collect();
    let contributors: Vec<&Duty> = al
        .contributors
        .iter()
        .filter(|d| d.party == party)
        .collect();
    cell_of(a, al, &responsible, &contributors)
}

/// The cell of one party from its own duties in the allocation (in the allocation's order).
fn cell_of<'a>(
    a: &'a Analysis,
    al: &Allocation,
    responsible: &[&Duty],
    contributors: &[&Duty],
) -> Cell<'a> {
    let scopes_of = |duties: &mut dyn Iterator<Item = &Duty>| {
        let mut whole = false;
        let mut v: Vec<&'a str> = Vec::new();
        for d in duties {
            match crate::allocate::duty_scope(d, &a.roles, a.model) {
                Some(s) => v.push(s),
                None => whole = true,
            }
        }
        if whole {
            v.clear();
        }
        v.sort_unstable();
        v.dedup();
        v
    };
    if !responsible.is_empty() {
        // An organisation-level duty falls on the organisation whatever the scope.
        let scopes = if al.applies == Applies::Organisation {
            Vec::new()
        } else {
            scopes_of(&mut responsible.iter().copied())
        };
        return Cell {
            mark: "L",
            scopes,
            periods: periods_of(a, responsible.iter().copied()),
        };
    }
    let Some(q) = contributors.iter().map(|d| d.qualifier).min() else {
        return Cell::default();
    };
    if al.applies == Applies::Contract {
        return Cell {
            mark: "A",
            scopes: Vec::new(),
            periods: periods_of(a, contributors.iter().copied()),
        };
    }
    Cell {
        mark: match q {
            Qualifier::Lead => "L",
            Qualifier::Support => "S",
            Qualifier::Infra => "I",
        },
        scopes: scopes_of(&mut contributors.iter().copied().filter(|d| d.qualifier == q)),
        periods: periods_of(a, contributors.iter().copied().filter(|d| d.qualifier == q)),
    }
}

/// The days of `duties`: always as soon as one of them holds always, asked of the compact
/// table first ([`crate::allocate::duty_always`]), so that a row of a large chain does not
/// read every duty's holding (100k parties: the holdings do not stay in the cache, and this
/// read was a fifth of `matrix --format json`).
fn periods_of<'d>(a: &Analysis, duties: impl Iterator<Item = &'d Duty> + Clone) -> Periods {
    if duties
        .clone()
        .any(|d| crate::allocate::duty_always(d, &a.roles))
    {
        return Periods::always();
    }
    Periods::union_of(duties.map(|d| crate::allocate::duty_periods(d, &a.roles)))
}

/// Every non-empty cell of one allocation, by party, worked out in one pass over its duties.
/// Asking [`cell`] party by party would scan all the duties for each party: an
/// organisation-level row of a 100k-party chain holds a duty per organisation, so the matrix
/// would cost parties × duties per row.
///
/// Kept small, as the text matrix holds every row's cells at once (100k parties: millions of
/// cells): a cell is its party and mark, and only a cell with scopes or days has its whole
/// [`Cell`] aside.
pub struct RowCells<'a> {
    /// The non-empty cells in party order: the party, the mark (in [`MARKS`]) and, for a cell
    /// with scopes or days, 1 + its index in `full` (else 0).
    cells: Vec<(u32, u8, u32)>,
    /// The cells with scopes or days.
    full: Vec<Cell<'a>>,
}

/// The marks of non-empty cells, as [`RowCells`] numbers them.
const MARKS: [&str; 4] = ["L", "S", "I", "A"];

impl<'a> RowCells<'a> {
    /// The cells of one allocation.
    pub fn new(a: &'a Analysis, al: &Allocation) -> Self {
        // (party, responsible first, position): sorted, each party's duties stay in order.
        let mut keys: Vec<(usize, u8, usize)> = al
            .responsible
            .iter()
            .enumerate()
            .map(|(i, d)| (d.party, 0, i))
            .chain(
                al.contributors
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.party, 1, i)),
            )
            .collect();
        keys.sort_unstable();
        // A cell per party with a duty, at most one per duty: reserved at once, as a row of a
        // large chain has a cell for most of its 100,000 parties (growing the vector copied it
        // into fresh memory again and again). The lists of one party's duties are reused.
        let mut cells = Vec::with_capacity(keys.len());
        let mut full = Vec::new();
        let (mut responsible, mut contributors) = (Vec::new(), Vec::new());
        let mut start = 0;
        while start < keys.len() {
            let party = keys[start].0;
            let end = start + keys[start..].partition_point(|k| k.0 == party);
            responsible.clear();
            contributors.clear();
            for &(_, which, i) in &keys[start..end] {
                if which == 0 {
                    responsible.push(&al.responsible[i]);
                } else {
                    contributors.push(&al.contributors[i]);
                }
            }
            let c = cell_of(a, al, &responsible, &contributors);
            if let Some(mark) = MARKS.iter().position(|&m| m == c.mark) {
                let party = u32::try_from(party).expect("a model's parties fit in 32 bits");
                let aside = if c.scopes.is_empty() && c.periods.is_always() {
                    0
                } else {
                    full.push(c);
                    u32::try_from(full.len()).expect("fewer cells than duties")
                };
                cells.push((party, mark as u8, aside));
            }
            start = end;
        }
        RowCells { cells, full }
    }

    /// The cell of `cells[i]`.
    fn cell(&self, i: usize) -> Cell<'a> {
        let (_, mark, aside) = self.cells[i];
        match aside {
            0 => Cell {
                mark: MARKS[usize::from(mark)],
                ..Cell::default()
            },
            k => self.full[k as usize - 1].clone(),
        }
    }

    /// The cell of one party (empty where it has no duty in the row).
    pub fn get(&self, party: usize) -> Cell<'a> {
        let Ok(party) = u32::try_from(party) else {
            return Cell::default();
        };
        match self.cells.binary_search_by_key(&party, |&(p, _, _)| p) {
            Ok(i) => self.cell(i),
            Err(_) => Cell::default(),
        }
    }

    /// The non-empty cells, in party order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, Cell<'a>)> + '_ {
        (0..self.cells.len()).map(|i| (self.cells[i].0 as usize, self.cell(i)))
    }
}

/// The mark of one party in one allocation: `L`, `S`, `I`, `A`, or empty (see [`cell`]).
pub fn mark(a: &Analysis, al: &Allocation, party: usize) -> &'static str {
    cell(a, al, party).mark
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::i18n::Lang;

    /// The one-pass row gives, for every party, exactly the cell asked for party by party,
    /// on every bundled model (their rows hold leads, scopes, support, infra and contract
    /// duties) and on a synthetic chain with departments sharing organisations.
    #[test]
    fn one_pass_rows_match_cells_asked_one_by_one() {
        let catalog = Catalog::builtin();
        let models = crate::synth::bundled_models_and_a_chain(&catalog, false);
        let mut marked = 0;
        for m in &models {
            let a = crate::analyse(m, &catalog, crate::Options::default());
            for al in &a.allocations {
                let row = RowCells::new(&a, al);
                for p in 0..m.parties.len() {
                    let one = cell(&a, al, p);
                    marked += usize::from(!one.mark.is_empty());
                    assert_eq!(
                        row.get(p),
                        one,
                        "{} {:?} party {p}",
                        m.name.get(Lang::En),
                        al.role
                    );
                }
                assert!(row.iter().all(|(_, c)| !c.mark.is_empty()));
            }
        }
        assert!(marked > 1000, "the comparison covers real cells ({marked})");
    }
}
