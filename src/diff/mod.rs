//! What changes between two analyses: the contracts added, removed or changed
//! ([`contracts`]), the roles each party gains and loses, the allocations whose
//! responsible parties, contributors or status change, and the findings introduced, resolved,
//! waived or no longer waived. Parties are matched by id, allocations by unit id and role,
//! findings by their stable instance id ([`crate::findings::instance_id`]).
//!
//! The result holds ids and indices into the two analyses; [`render`] turns it into text,
//! Markdown or JSON.

pub mod contracts;
pub mod render;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::allocate::{Duty, Status};
use crate::findings::{Severity, instance_id};
use crate::model::types::{Qualifier, Role};
use crate::{Analysis, Summary};

/// A role as a party holds it: `Operator(Lead, "service")`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HeldRole {
    /// The role.
    pub role: Role,
    /// Lead, Support or Infra.
    pub qualifier: Qualifier,
    /// The scope, if the role is split.
    pub scope: Option<String>,
}

impl HeldRole {
    /// As written in a model: `Operator(Lead, "service")`.
    pub fn written(&self) -> String {
        match &self.scope {
            Some(s) => format!("{}({}, \"{s}\")", self.role.name(), self.qualifier.name()),
            None => format!("{}({})", self.role.name(), self.qualifier.name()),
        }
    }
}

/// Whether a party is in both models or only one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Only in the new model.
    Added,
    /// Only in the old model.
    Removed,
    /// In both.
    Kept,
}

/// The role changes of one party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyDiff {
    /// The party id.
    pub id: String,
    /// Index in the old model's parties.
    pub old: Option<usize>,
    /// Index in the new model's parties.
    pub new: Option<usize>,
    /// Roles held in the new model only.
    pub gained: Vec<HeldRole>,
    /// Roles held in the old model only.
    pub lost: Vec<HeldRole>,
}

impl PartyDiff {
    /// Added, removed or kept.
    pub fn presence(&self) -> Presence {
        match (self.old, self.new) {
            (None, _) => Presence::Added,
            (_, None) => Presence::Removed,
            _ => Presence::Kept,
        }
    }
}

/// One side of an allocation, by party id (borrowed from its model: a side of a 100k-party
/// chain names tens of thousands of parties).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AllocationSide<'a> {
    /// The status.
    pub status: Status,
    /// Responsible party ids, sorted.
    pub responsible: Vec<&'a str>,
    /// Contributing party ids, sorted.
    pub contributors: Vec<&'a str>,
}

/// An allocation (unit × role) that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationDiff<'a> {
    /// The requirement or item id.
    pub unit: String,
    /// The role.
    pub role: Role,
    /// Index in the old analysis' allocations, if the unit exists there.
    pub old_index: Option<usize>,
    /// Index in the new analysis' allocations.
    pub new_index: Option<usize>,
    /// The old side.
    pub old: Option<AllocationSide<'a>>,
    /// The new side.
    pub new: Option<AllocationSide<'a>>,
}

/// How a finding changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingChange {
    /// Active in the new model, absent from the old.
    Introduced,
    /// Active in the old model, absent from the new.
    Resolved,
    /// Active in both, with another severity (a package change, for instance).
    SeverityChanged,
    /// Active in the old model, waived in the new.
    NewlyWaived,
    /// Waived in the old model, active in the new (a waiver removed, narrowed or expired).
    NoLongerWaived,
    /// Waived, and only in the new model.
    WaivedIntroduced,
    /// Waived, and only in the old model.
    WaivedResolved,
}

impl FindingChange {
    /// A kebab-case key for JSON.
    pub fn key(self) -> &'static str {
        match self {
            FindingChange::Introduced => "introduced",
            FindingChange::Resolved => "resolved",
            FindingChange::SeverityChanged => "severity-changed",
            FindingChange::NewlyWaived => "newly-waived",
            FindingChange::NoLongerWaived => "no-longer-waived",
            FindingChange::WaivedIntroduced => "waived-introduced",
            FindingChange::WaivedResolved => "waived-resolved",
        }
    }

    /// Whether it is about waived findings (shown apart from the active ones).
    pub fn is_waiver_change(self) -> bool {
        matches!(
            self,
            FindingChange::NewlyWaived
                | FindingChange::NoLongerWaived
                | FindingChange::WaivedIntroduced
                | FindingChange::WaivedResolved
        )
    }
}

/// One finding that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingDiff {
    /// The instance id (`no-lead@(1)-4/operator`).
    pub id: String,
    /// How it changed.
    pub change: FindingChange,
    /// Index in the old analysis' findings.
    pub old: Option<usize>,
    /// Index in the new analysis' findings.
    pub new: Option<usize>,
}

impl FindingDiff {
    /// The severity that counts: the new one where the finding exists in the new model.
    pub fn severity(&self, old: &Analysis, new: &Analysis) -> Severity {
        match (self.old, self.new) {
            (_, Some(n)) => new.findings[n].severity,
            (Some(o), None) => old.findings[o].severity,
            (None, None) => Severity::Info,
        }
    }

    /// Whether the change makes the new model worse: an active finding that was not active
    /// before, or an active one whose severity rose.
    pub fn is_new_problem(&self, old: &Analysis, new: &Analysis) -> bool {
        match self.change {
            FindingChange::Introduced | FindingChange::NoLongerWaived => true,
            FindingChange::SeverityChanged => match (self.old, self.new) {
                (Some(o), Some(n)) => new.findings[n].severity < old.findings[o].severity,
                _ => false,
            },
            _ => false,
        }
    }
}

/// Everything that differs between two analyses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff<'a> {
    /// Parties added, removed, or with roles gained or lost, in the new model's order, then the
    /// removed ones in the old model's order.
    pub parties: Vec<PartyDiff>,
    /// Contracts added, removed or changed, matched by id.
    pub contracts: Vec<contracts::ContractDiff>,
    /// Allocations that differ, in catalog order.
    pub allocations: Vec<AllocationDiff<'a>>,
    /// Findings that changed, sorted by change, then severity and id.
    pub findings: Vec<FindingDiff>,
    /// The old analysis' counts.
    pub old_summary: Summary,
    /// The new analysis' counts.
    pub new_summary: Summary,
}

impl Diff<'_> {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.parties.is_empty()
            && self.contracts.is_empty()
            && self.allocations.is_empty()
            && self.findings.is_empty()
    }

    /// The findings of one kind of change.
    pub fn findings_of(&self, change: FindingChange) -> impl Iterator<Item = &FindingDiff> {
        self.findings.iter().filter(move |f| f.change == change)
    }
}

fn held_roles(a: &Analysis, p: usize) -> BTreeSet<HeldRole> {
    a.roles
        .of_party(p)
        .map(|h| HeldRole {
            role: h.role,
            qualifier: h.qualifier,
            scope: h.scope.clone(),
        })
        .collect()
}

/// Each party's place among the model's party ids in sorted order, so that the parties of an
/// allocation are sorted and made unique as numbers, and their ids copied once.
struct IdRank {
    rank: Vec<u32>,
    by_rank: Vec<usize>,
}

impl IdRank {
    fn new(a: &Analysis) -> IdRank {
        let ps = &a.model.parties;
        let mut by_rank: Vec<usize> = (0..ps.len()).collect();
        by_rank.par_sort_unstable_by(|&x, &y| ps[x].id.cmp(&ps[y].id));
        let mut rank = vec![0u32; ps.len()];
        for (r, &p) in by_rank.iter().enumerate() {
            rank[p] = r as u32;
        }
        IdRank { rank, by_rank }
    }

    /// Whether a list of `n` duties is sorted by marking its ranks in a bit set and reading
    /// the set in order, without comparing: a long one (a duty of every client of a
    /// 100k-party chain), an eighth of the parties or more.
    fn by_bits(&self, n: usize) -> bool {
        n * 8 >= self.rank.len()
    }

    /// The ids of the parties of `ds`, sorted, without repeats.
    fn ids<'a>(&self, a: &'a Analysis, ds: &[Duty]) -> Vec<&'a str> {
        let id = |r: usize| a.model.parties[self.by_rank[r]].id.as_str();
        if self.by_bits(ds.len()) {
            let mut marks = vec![0u64; self.rank.len().div_ceil(64)];
            for d in ds {
                let r = self.rank[d.party] as usize;
                marks[r / 64] |= 1 << (r % 64);
            }
            let n = marks.iter().map(|w| w.count_ones() as usize).sum();
            let mut out = Vec::with_capacity(n);
            for (w, &bits) in marks.iter().enumerate() {
                let mut bits = bits;
                while bits != 0 {
                    out.push(id(w * 64 + bits.trailing_zeros() as usize));
                    bits &= bits - 1;
                }
            }
            return out;
        }
        let mut rs: Vec<u32> = ds.iter().map(|d| self.rank[d.party]).collect();
        rs.sort_unstable();
        rs.dedup();
        rs.iter().map(|&r| id(r as usize)).collect()
    }

    fn side<'a>(&self, a: &'a Analysis, i: usize) -> AllocationSide<'a> {
        let al = &a.allocations[i];
        AllocationSide {
            status: al.status,
            responsible: self.ids(a, &al.responsible),
            contributors: self.ids(a, &al.contributors),
        }
    }
}

/// Compare two analyses.
pub fn diff<'a>(old: &'a Analysis, new: &'a Analysis) -> Diff<'a> {
    // Parties, matched by id. Each section is made on every core (rayon), in order: at 100k
    // parties a diff compares millions of duties and findings.
    let mut parties: Vec<PartyDiff> = new
        .model
        .parties
        .par_iter()
        .enumerate()
        .filter_map(|(ni, p)| {
            let oi = old.model.party(&p.id);
            let now = held_roles(new, ni);
            let before = oi.map(|o| held_roles(old, o)).unwrap_or_default();
            let gained: Vec<HeldRole> = now.difference(&before).cloned().collect();
            let lost: Vec<HeldRole> = before.difference(&now).cloned().collect();
            (oi.is_none() || !gained.is_empty() || !lost.is_empty()).then(|| PartyDiff {
                id: p.id.clone(),
                old: oi,
                new: Some(ni),
                gained,
                lost,
            })
        })
        .collect();
    parties.par_extend(
        old.model
            .parties
            .par_iter()
            .enumerate()
            .filter(|(_, p)| new.model.party(&p.id).is_none())
            .map(|(oi, p)| PartyDiff {
                id: p.id.clone(),
                old: Some(oi),
                new: None,
                gained: Vec::new(),
                lost: held_roles(old, oi).into_iter().collect(),
            }),
    );

    // Allocations, matched by unit id and role, in the new catalog's order.
    let key = |a: &Analysis, i: usize| {
        (
            a.allocations[i].unit(a.catalog).id().to_string(),
            a.allocations[i].role,
        )
    };
    let old_ix: BTreeMap<(String, Role), usize> = (0..old.allocations.len())
        .map(|i| (key(old, i), i))
        .collect();
    let new_keys: Vec<(String, Role)> = (0..new.allocations.len()).map(|i| key(new, i)).collect();
    let (old_rank, new_rank) = rayon::join(|| IdRank::new(old), || IdRank::new(new));
    let mut allocations: Vec<AllocationDiff> = (0..new.allocations.len())
        .into_par_iter()
        .filter_map(|ni| {
            let k = new_keys[ni].clone();
            let oi = old_ix.get(&k).copied();
            let n = new_rank.side(new, ni);
            let o = oi.map(|i| old_rank.side(old, i));
            if o.as_ref() == Some(&n) {
                return None;
            }
            Some(AllocationDiff {
                unit: k.0,
                role: k.1,
                old_index: oi,
                new_index: Some(ni),
                old: o,
                new: Some(n),
            })
        })
        .collect();
    let seen: BTreeSet<&(String, Role)> = new_keys.iter().collect();
    for oi in 0..old.allocations.len() {
        let k = key(old, oi);
        if !seen.contains(&k) {
            allocations.push(AllocationDiff {
                unit: k.0,
                role: k.1,
                old_index: Some(oi),
                new_index: None,
                old: Some(old_rank.side(old, oi)),
                new: None,
            });
        }
    }

    // Findings, matched by instance id (and by order among findings sharing one id).
    let ids = |a: &Analysis| {
        let cx = a.ctx();
        let made: Vec<String> = a.findings.par_iter().map(|f| instance_id(f, &cx)).collect();
        let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, id) in made.into_iter().enumerate() {
            m.entry(id).or_default().push(i);
        }
        m
    };
    let (old_ids, new_ids) = rayon::join(|| ids(old), || ids(new));
    let mut findings = Vec::new();
    let all: BTreeSet<&String> = old_ids.keys().chain(new_ids.keys()).collect();
    for id in all {
        let os = old_ids.get(id).map(Vec::as_slice).unwrap_or_default();
        let ns = new_ids.get(id).map(Vec::as_slice).unwrap_or_default();
        for k in 0..os.len().max(ns.len()) {
            let (o, n) = (os.get(k).copied(), ns.get(k).copied());
            let active = |a: &Analysis, i: usize| a.findings[i].is_active();
            let change = match (o, n) {
                (None, Some(n)) if active(new, n) => FindingChange::Introduced,
                (None, Some(_)) => FindingChange::WaivedIntroduced,
                (Some(o), None) if active(old, o) => FindingChange::Resolved,
                (Some(_), None) => FindingChange::WaivedResolved,
                (Some(o), Some(n)) => match (active(old, o), active(new, n)) {
                    (true, false) => FindingChange::NewlyWaived,
                    (false, true) => FindingChange::NoLongerWaived,
                    (true, true) if old.findings[o].severity != new.findings[n].severity => {
                        FindingChange::SeverityChanged
                    }
                    _ => continue,
                },
                (None, None) => continue,
            };
            findings.push(FindingDiff {
                id: id.clone(),
                change,
                old: o,
                new: n,
            });
        }
    }
    findings.sort_by(|a, b| {
        (a.change, a.severity(old, new), &a.id).cmp(&(b.change, b.severity(old, new), &b.id))
    });

    Diff {
        parties,
        contracts: contracts::contracts(old.model, new.model),
        allocations,
        findings,
        old_summary: old.summary(),
        new_summary: new.summary(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::date::Date;
    use crate::load::parse_model;
    use crate::{Options, analyse};

    const A: &str = r#"(name: "a", parties: {
        "owner": (name: "Owner", division: Customer),
        "prime": (name: "Prime", division: Provider),
        "cloud": (name: "Cloud", division: Provider),
    }, contracts: [
        (id: "dev", client: "owner", contractor: "prime", kind: Development, security_terms: true),
        (id: "ops", client: "owner", contractor: "prime", kind: Operation, security_terms: true),
        (id: "host", client: "prime", contractor: "cloud", kind: Infrastructure, security_terms: true),
    ])"#;

    fn run(a: &str, b: &str, check: impl Fn(&Diff, &Analysis, &Analysis)) {
        let cat = Catalog::builtin();
        let opts = Options {
            package: None,
            today: Date::parse("2026-11-25").unwrap(),
        };
        let (ma, mb) = (
            parse_model("a.ron", a, &cat).unwrap(),
            parse_model("b.ron", b, &cat).unwrap(),
        );
        let (x, y) = (analyse(&ma, &cat, opts), analyse(&mb, &cat, opts));
        check(&diff(&x, &y), &x, &y);
    }

    /// The parties of an allocation come out sorted by id and once each, by either way of
    /// sorting (a bit set for long lists, a sort for short ones).
    #[test]
    fn allocation_sides_are_sorted_ids_without_repeats() {
        let cat = Catalog::builtin();
        let opts = Options {
            package: None,
            today: Date::parse("2026-11-25").unwrap(),
        };
        let (mut long, mut short) = (0, 0);
        for m in crate::synth::bundled_models_and_a_chain(&cat, false) {
            let a = analyse(&m, &cat, opts);
            let rank = IdRank::new(&a);
            for al in &a.allocations {
                for ds in [&al.responsible, &al.contributors] {
                    let mut want: Vec<&str> = ds
                        .iter()
                        .map(|d| a.model.parties[d.party].id.as_str())
                        .collect();
                    want.sort_unstable();
                    want.dedup();
                    assert_eq!(rank.ids(&a, ds), want);
                    if rank.by_bits(ds.len()) {
                        long += 1;
                    } else if !ds.is_empty() {
                        short += 1;
                    }
                }
            }
        }
        assert!(
            long > 10 && short > 10,
            "both ways are taken: {long} {short}"
        );
    }

    #[test]
    fn a_model_against_itself_is_empty() {
        run(A, A, |d, _, _| assert!(d.is_empty(), "{d:?}"));
    }

    #[test]
    fn moving_operation_moves_roles_and_allocations() {
        let b = A.replace(
            r#"(id: "ops", client: "owner", contractor: "prime""#,
            r#"(id: "ops", client: "owner", contractor: "cloud""#,
        );
        run(A, &b, |d, _, _| {
            let prime = d.parties.iter().find(|p| p.id == "prime").unwrap();
            assert_eq!(prime.lost[0].written(), "Operator(Lead)");
            let cloud = d.parties.iter().find(|p| p.id == "cloud").unwrap();
            assert_eq!(cloud.gained[0].written(), "Operator(Lead)");
            let mon = d
                .allocations
                .iter()
                .find(|a| a.unit == "S(1)-4.1" && a.role == Role::Operator)
                .unwrap();
            assert_eq!(mon.old.as_ref().unwrap().responsible, ["prime"]);
            assert_eq!(mon.new.as_ref().unwrap().responsible, ["cloud"]);
        });
    }

    #[test]
    fn findings_are_introduced_resolved_and_waived() {
        // Dropping the security terms of "host" introduces no-security-terms@host.
        let b = A.replace(
            r#"kind: Infrastructure, security_terms: true"#,
            r#"kind: Infrastructure"#,
        );
        run(A, &b, |d, x, y| {
            let f: Vec<_> = d.findings_of(FindingChange::Introduced).collect();
            assert_eq!(f.len(), 1);
            assert_eq!(f[0].id, "no-security-terms@host");
            assert!(f[0].is_new_problem(x, y));
        });
        run(&b, A, |d, _, _| {
            assert_eq!(d.findings_of(FindingChange::Resolved).count(), 1);
        });
        // Waiving it moves it to the waived changes.
        let c = b.replace(
            "])",
            r#"], waivers: [(code: "no-security-terms", contract: "host", reason: "ok", until: "2027-01-01")])"#,
        );
        run(&b, &c, |d, x, y| {
            let f: Vec<_> = d.findings.iter().collect();
            assert_eq!(f.len(), 1);
            assert_eq!(f[0].change, FindingChange::NewlyWaived);
            assert!(!f[0].is_new_problem(x, y));
        });
        run(&c, &b, |d, x, y| {
            assert_eq!(d.findings[0].change, FindingChange::NoLongerWaived);
            assert!(d.findings[0].is_new_problem(x, y));
        });
    }
}
