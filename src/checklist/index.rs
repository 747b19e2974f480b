//! Every party's duties, indexed once: the checklist of every party, the annex of every
//! contract and the conformance of a filled-in checklist ask for the rows of many parties, and
//! finding one party's duties by scanning every allocation costs parties × duties (an
//! organisation-level allocation of a 100k-party chain holds a duty per organisation).

use super::{Row, collect_rows};
use crate::Analysis;
use crate::allocate::{Allocation, Duty};
use crate::model::PartyIx;

/// Where each party's duties are: (allocation, responsible or not, position in the list), in
/// allocation order, responsible duties first, each list in its order — the order a scan of the
/// allocations meets them in, so rows built from the index are the scan's rows exactly.
#[derive(Debug, Clone)]
pub struct RowIndex {
    /// `entries[start[p]..start[p + 1]]` are party `p`'s duties.
    start: Vec<usize>,
    /// (allocation, position): the position's top bit says "contributor".
    entries: Vec<(u32, u32)>,
}

const CONTRIBUTOR: u32 = 1 << 31;

impl RowIndex {
    /// Index the duties of every allocation of `a` by party, in one pass (two: count, then
    /// place).
    pub fn new(a: &Analysis) -> Self {
        let parties = a.model.parties.len();
        let mut start = vec![0usize; parties + 1];
        for al in &a.allocations {
            for d in al.responsible.iter().chain(al.contributors.iter()) {
                start[d.party + 1] += 1;
            }
        }
        for p in 0..parties {
            start[p + 1] += start[p];
        }
        let mut next = start.clone();
        let mut entries = vec![(0u32, 0u32); start[parties]];
        for (i, al) in a.allocations.iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 2^32 allocations");
            for (flag, list) in [(0u32, &al.responsible), (CONTRIBUTOR, &al.contributors)] {
                for (j, d) in list.iter().enumerate() {
                    let j = u32::try_from(j)
                        .ok()
                        .filter(|&j| j < CONTRIBUTOR)
                        .expect("fewer than 2^31 duties in one allocation");
                    entries[next[d.party]] = (i, flag | j);
                    next[d.party] += 1;
                }
            }
        }
        RowIndex { start, entries }
    }

    /// Every checklist row of party `p`, as [`super::rows`] gives them.
    pub fn rows(&self, a: &Analysis, p: PartyIx) -> Vec<Row> {
        self.rows_where(a, p, &|_, _| true)
    }

    /// The rows of party `p` built from only the duties `keep` accepts, as
    /// [`super::rows_where`] gives them.
    pub fn rows_where(
        &self,
        a: &Analysis,
        p: PartyIx,
        keep: &dyn Fn(&Allocation, &Duty) -> bool,
    ) -> Vec<Row> {
        let own = &self.entries[self.start[p]..self.start[p + 1]];
        let groups = own.chunk_by(|x, y| x.0 == y.0).map(|g| {
            let al = &a.allocations[g[0].0 as usize];
            let duties = g.iter().map(move |&(_, j)| {
                if j & CONTRIBUTOR == 0 {
                    (true, &al.responsible[j as usize])
                } else {
                    (false, &al.contributors[(j & !CONTRIBUTOR) as usize])
                }
            });
            (g[0].0 as usize, duties)
        });
        collect_rows(a, p, keep, groups)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_rows_are_the_scanned_rows_on_every_bundled_model_and_a_chain() {
        let catalog = crate::Catalog::builtin();
        let models = crate::synth::bundled_models_and_a_chain(&catalog, true);
        for m in &models {
            let a = crate::analyse(m, &catalog, crate::Options::default());
            let ix = RowIndex::new(&a);
            let odd = |al: &Allocation, d: &Duty| (al.requirement + d.party) % 2 == 1;
            for p in 0..m.parties.len() {
                let name = m.name.get(crate::i18n::Lang::En);
                let scanned = super::super::rows_where(&a, p, &|_, _| true);
                assert_eq!(ix.rows(&a, p), scanned, "{name}");
                let odd_scanned = super::super::rows_where(&a, p, &odd);
                assert_eq!(ix.rows_where(&a, p, &odd), odd_scanned, "{name}");
            }
        }
    }
}
