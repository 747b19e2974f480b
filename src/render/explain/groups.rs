//! Every party's duties grouped by where they come from, for many parties at once (the
//! report's `explain` section): [`groups_by_party`], and [`Grouper`] a range at a time. The
//! origins of a duty are [`super::origins`]'s, as `explain` of one party finds them.

use std::collections::BTreeMap;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::{Origin, component_origins, holding_origins, origins};
use crate::Analysis;
use crate::allocate::Via;
use crate::catalog::Applies;
use crate::model::PartyIx;

/// One duty of a party, by position: its allocation, and its place in the allocation's
/// `responsible` or `contributors` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DutyRef {
    /// Index into the analysis' allocations.
    pub alloc: usize,
    /// Whether it is in `responsible` (else in `contributors`).
    pub responsible: bool,
    /// Its index in that list.
    pub index: usize,
}

/// Every party's duties, grouped by where they come from as `explain` groups them: linear in
/// the number of duties, so a report on thousands of parties does not walk every allocation
/// once per party.
pub fn groups_by_party(a: &Analysis) -> Vec<BTreeMap<Origin, Vec<DutyRef>>> {
    Grouper::new(a).groups(0..a.model.parties.len())
}

/// The duties of every party found in one walk over the allocations, to group them by where
/// they come from a range of parties at a time (a report writes a long chain's parties a
/// window at a time, so that their groups are never all held at once).
pub struct Grouper<'a> {
    a: &'a Analysis<'a>,
    duties: DutiesByParty,
}

impl<'a> Grouper<'a> {
    /// Finds every party's duties.
    pub fn new(a: &'a Analysis<'a>) -> Self {
        Grouper {
            a,
            duties: DutiesByParty::new(a),
        }
    }

    /// The groups of the parties in `parties`, in order, as [`groups_by_party`] gives them:
    /// on a long chain, a few runs of them on every core of rayon's pool.
    pub fn groups(&self, parties: Range<PartyIx>) -> Vec<BTreeMap<Origin, Vec<DutyRef>>> {
        let per_job = if self.a.model.parties.len() < crate::parallel::FROM_ENTRIES {
            parties.len()
        } else {
            parties
                .len()
                .div_ceil(4 * rayon::current_num_threads().max(1))
        };
        self.groups_in(parties, per_job)
    }

    /// [`Grouper::groups`] in jobs of at least `per_job` parties, each job with its own cache
    /// of the origins of the holdings it meets.
    fn groups_in(
        &self,
        parties: Range<PartyIx>,
        per_job: usize,
    ) -> Vec<BTreeMap<Origin, Vec<DutyRef>>> {
        use rayon::prelude::*;
        parties
            .into_par_iter()
            .with_min_len(per_job.max(1))
            .map_init(FxHashMap::default, |of_holding, party| {
                self.groups_of(of_holding, party)
            })
            .collect()
    }

    /// The groups of one party. A duty through a holding comes from where the holding does:
    /// found once per holding (a holding has a duty in most allocations of its role) and kept
    /// in `of_holding`, not once per duty.
    fn groups_of(
        &self,
        of_holding: &mut FxHashMap<usize, Vec<Origin>>,
        party: PartyIx,
    ) -> BTreeMap<Origin, Vec<DutyRef>> {
        let (a, duties) = (self.a, &self.duties);
        let mut groups: BTreeMap<Origin, Vec<DutyRef>> = BTreeMap::new();
        for &(ai, position) in &duties.refs[duties.start[party]..duties.start[party + 1]] {
            let al = &a.allocations[ai as usize];
            let (responsible, index) = if position as i32 >= 0 {
                (true, position as usize)
            } else {
                (false, !position as usize)
            };
            let d = if responsible {
                &al.responsible[index]
            } else {
                &al.contributors[index]
            };
            let here = DutyRef {
                alloc: ai as usize,
                responsible,
                index,
            };
            let mut add = |o: &Origin| match groups.get_mut(o) {
                Some(refs) => refs.push(here),
                None => {
                    groups.insert(o.clone(), vec![here]);
                }
            };
            match d.via {
                Via::Holding(h) if al.applies != Applies::Organisation => {
                    let os = of_holding.entry(h).or_insert_with(|| holding_origins(a, d));
                    os.iter().for_each(&mut add);
                    component_origins(a, al, d).for_each(|o| add(&o));
                }
                _ => origins(a, d, al, party).iter().for_each(add),
            }
        }
        groups
    }
}

/// Every duty of every party, party by party, each party's in the order of the allocations
/// and of their lists: one walk over the allocations, after which a party's duties are found
/// without walking them again.
struct DutiesByParty {
    /// Party `p`'s duties are `refs[start[p]..start[p + 1]]`.
    start: Vec<usize>,
    /// `(allocation, position)`: a position is `i` in `responsible`, `!i` (the bits flipped)
    /// in `contributors`. Two `u32`s, as a chain has millions of duties: an allocation's list
    /// has one duty per holding or party at most, far below 2^31.
    refs: Vec<(u32, u32)>,
}

impl DutiesByParty {
    fn new(a: &Analysis) -> Self {
        let n = a.model.parties.len();
        let mut start = vec![0usize; n + 1];
        for al in &a.allocations {
            for d in al.duties() {
                start[d.party + 1] += 1;
            }
        }
        for p in 0..n {
            start[p + 1] += start[p];
        }
        let mut next = start.clone();
        let mut refs = vec![(0u32, 0u32); start[n]];
        let small = |i: usize| u32::try_from(i).expect("fewer than 2^31 duties in one list");
        for (ai, al) in a.allocations.iter().enumerate() {
            for (responsible, list) in [(true, &al.responsible), (false, &al.contributors)] {
                for (index, d) in list.iter().enumerate() {
                    let position = if responsible {
                        small(index)
                    } else {
                        !small(index)
                    };
                    refs[next[d.party]] = (small(ai), position);
                    next[d.party] += 1;
                }
            }
        }
        DutiesByParty { start, refs }
    }
}

#[cfg(test)]
mod tests {
    use super::super::group;
    use super::*;

    /// A party's groups as (origin, [(allocation, responsible, index)]).
    type Flat<'a> = Vec<(&'a Origin, Vec<(usize, bool, usize)>)>;

    /// The report's one-pass grouping gives every party exactly what `explain` shows it.
    #[test]
    fn groups_by_party_match_explain() {
        let catalog = crate::Catalog::builtin();
        for (name, text) in [
            (
                "ministry-benefits.ron",
                include_str!("../../../models/ministry-benefits.ron"),
            ),
            (
                "municipal-hospital.ron",
                include_str!("../../../models/municipal-hospital.ron"),
            ),
            ("service.ron", include_str!("../../../models/service.ron")),
        ] {
            let model = crate::load::parse_model(name, text, &catalog).unwrap();
            let a = crate::analyse(&model, &catalog, crate::Options::default());
            let all = groups_by_party(&a);
            // A window of parties at a time, as the report writes them, in jobs of any size:
            // the same groups.
            let n = model.parties.len();
            let grouper = Grouper::new(&a);
            for per in [1, 2, n / 2 + 1] {
                for per_job in [1, 3, n] {
                    let windows: Vec<_> = (0..n)
                        .step_by(per)
                        .flat_map(|from| grouper.groups_in(from..(from + per).min(n), per_job))
                        .collect();
                    assert_eq!(windows, all, "{name}: windows of {per}, jobs of {per_job}");
                }
            }
            for (p, groups) in all.iter().enumerate() {
                let one = group(&a, p, None);
                let want: Flat = one
                    .iter()
                    .map(|(o, lines)| {
                        let refs = lines
                            .iter()
                            .map(|l| {
                                let ai = a
                                    .allocations
                                    .iter()
                                    .position(|x| std::ptr::eq(x, l.alloc))
                                    .unwrap();
                                let list = if l.responsible {
                                    &l.alloc.responsible
                                } else {
                                    &l.alloc.contributors
                                };
                                let di = list.iter().position(|d| std::ptr::eq(d, l.duty)).unwrap();
                                (ai, l.responsible, di)
                            })
                            .collect();
                        (o, refs)
                    })
                    .collect();
                let got: Flat = groups
                    .iter()
                    .map(|(o, refs)| {
                        (
                            o,
                            refs.iter()
                                .map(|r| (r.alloc, r.responsible, r.index))
                                .collect(),
                        )
                    })
                    .collect();
                assert_eq!(got, want, "{name}: party {p}");
            }
        }
    }
}
