//! Conformance: the statuses read from filled-in checklists, matched to the rows of the
//! analysis and counted per party and package.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::error::{Place, StatusErrors, StatusProblem};
use super::read::StatusSet;
use super::{Declared, Row, rows};
use crate::Analysis;
use crate::load::diagnostics::suggest;
use crate::model::PartyIx;
use crate::model::types::{Package, Role};

/// How many rows have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Rows on the checklist.
    pub rows: usize,
    /// Declared implemented.
    pub implemented: usize,
    /// Declared partly implemented.
    pub partial: usize,
    /// Declared not implemented.
    pub missing: usize,
    /// Declared not applicable.
    pub not_applicable: usize,
    /// Present in the analysis but with no status in any file read.
    pub not_filled: usize,
}

impl Counts {
    fn add(&mut self, status: Option<Declared>) {
        self.rows += 1;
        match status {
            Some(Declared::Implemented) => self.implemented += 1,
            Some(Declared::Partial) => self.partial += 1,
            Some(Declared::Missing) => self.missing += 1,
            Some(Declared::NotApplicable) => self.not_applicable += 1,
            None => self.not_filled += 1,
        }
    }

    /// The rows that count towards conformance: all but those declared not applicable.
    pub fn applicable(&self) -> usize {
        self.rows - self.not_applicable
    }

    /// Whether every applicable row is implemented and at least one row applies. A checklist
    /// declared "not applicable" throughout disputes the model's allocation rather than
    /// conforming to it, so it does not conform.
    pub fn conforms(&self) -> bool {
        self.applicable() > 0 && self.implemented == self.applicable()
    }
}

/// One checklist row with what the files declare for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowState {
    /// The row.
    pub row: Row,
    /// The declared status; `None` when not filled.
    pub status: Option<Declared>,
    /// The evidence given.
    pub evidence: String,
    /// The remarks given.
    pub remarks: String,
    /// Where it was read from; `None` when the row is in no file.
    pub place: Option<Place>,
}

/// The conformance of one party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyConformance {
    /// The party.
    pub party: PartyIx,
    /// Whether any file has a row of this party. A party no file covers has every row
    /// "not filled".
    pub covered: bool,
    /// The rows of the mandatory package (必須).
    pub mandatory: Counts,
    /// The rows of the standard package (標準), which includes the mandatory one.
    pub standard: Counts,
    /// Every row of the party's checklist, in checklist order.
    pub rows: Vec<RowState>,
}

impl PartyConformance {
    /// The counts of a package (cumulative: standard includes mandatory).
    pub fn counts(&self, package: Package) -> &Counts {
        match package {
            Package::Mandatory => &self.mandatory,
            Package::Standard => &self.standard,
        }
    }
}

/// Conformance of every party that has a checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conformance {
    /// The files read.
    pub files: Vec<String>,
    /// Every party with at least one checklist row, in model order.
    pub parties: Vec<PartyConformance>,
}

/// A set of roles as bits, one per role.
fn role_bits(roles: &[Role]) -> u8 {
    roles.iter().fold(0, |bits, r| {
        let i = Role::ALL
            .iter()
            .position(|x| x == r)
            .expect("every role is in ALL");
        bits | 1 << i
    })
}

/// Match the rows read from filled-in checklists to the analysis and count them.
///
/// Every row read must name a known party, a known requirement or item and a role, must be
/// on that party's checklist, and must appear once only (across all files). Otherwise every
/// such problem is returned. Rows of the analysis that no file gives count as not filled.
pub fn conformance(a: &Analysis, set: &StatusSet) -> Result<Conformance, StatusErrors> {
    let m = a.model;
    let all = rows(a, None);
    // Keyed by the roles as a set of bits, not a sorted list: a checklist of every party of a
    // large chain has millions of rows, and a list was an allocation and a slow hash each.
    let mut index: FxHashMap<(&str, &str, u8), usize> = FxHashMap::default();
    index.reserve(all.len());
    for (i, r) in all.iter().enumerate() {
        let (p, id, roles) = r.key(a);
        index.insert((p, id, role_bits(&roles)), i);
    }
    let ids = a.catalog.all_ids();
    let mut errors = StatusErrors::default();
    let mut found: Vec<Option<usize>> = vec![None; all.len()];
    // "Did you mean" compares a value with every party id (100,000 on a large chain): it is
    // worked out once per distinct value, for the first SUGGESTED of them, so that a file of a
    // million unknown parties cannot cost 10^11 comparisons.
    const SUGGESTED: usize = 1_000;
    let mut party_hints: HashMap<&str, Option<String>> = HashMap::new();
    for (ei, e) in set.entries.iter().enumerate() {
        let mut push = |place: Place, problem: StatusProblem| {
            errors.push(place, problem);
        };
        let party_ok = m.party(&e.party).is_some();
        if !party_ok {
            push(
                e.party_place(),
                StatusProblem::UnknownParty {
                    value: e.party.clone(),
                    suggestion: if party_hints.len() < SUGGESTED
                        || party_hints.contains_key(e.party.as_str())
                    {
                        party_hints
                            .entry(e.party.as_str())
                            .or_insert_with(|| {
                                suggest(&e.party, m.parties.iter().map(|p| p.id.as_str()))
                            })
                            .clone()
                    } else {
                        None
                    },
                },
            );
        }
        let id_ok = ids.contains(&e.id.as_str());
        if !id_ok {
            push(
                e.id_place(),
                StatusProblem::UnknownId {
                    value: e.id.clone(),
                    suggestion: suggest(&e.id, ids.iter().copied()),
                },
            );
        }
        if !party_ok || !id_ok {
            continue;
        }
        // The roles read are without repeats (`read_roles`), as a row's are: as sets of bits
        // they match whatever order they were written in.
        let Some(&ri) = index.get(&(e.party.as_str(), e.id.as_str(), role_bits(&e.roles))) else {
            push(
                e.id_place(),
                StatusProblem::NotOnChecklist {
                    party: e.party.clone(),
                    id: e.id.clone(),
                    roles: super::roles_word(&e.roles, crate::Lang::En),
                },
            );
            continue;
        };
        match found[ri] {
            Some(first) => push(
                e.place.clone(),
                StatusProblem::DuplicateRow {
                    first: set.entries[first].place.clone(),
                },
            ),
            None => found[ri] = Some(ei),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut parties: Vec<PartyConformance> = Vec::new();
    for (ri, r) in all.into_iter().enumerate() {
        let e = found[ri].map(|ei| &set.entries[ei]);
        if parties.last().is_none_or(|p| p.party != r.party) {
            parties.push(PartyConformance {
                party: r.party,
                covered: false,
                mandatory: Counts::default(),
                standard: Counts::default(),
                rows: Vec::new(),
            });
        }
        let p = parties.last_mut().expect("just pushed");
        let status = e.and_then(|e| e.status);
        p.covered |= e.is_some();
        if r.alloc(a).package.within(Package::Mandatory) {
            p.mandatory.add(status);
        }
        p.standard.add(status);
        p.rows.push(RowState {
            row: r,
            status,
            evidence: e.map(|e| e.evidence.clone()).unwrap_or_default(),
            remarks: e.map(|e| e.remarks.clone()).unwrap_or_default(),
            place: e.map(|e| e.place.clone()),
        });
    }
    Ok(Conformance {
        files: set.files.clone(),
        parties,
    })
}
