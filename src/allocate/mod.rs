//! Allocation: for every requirement (or item) and every role it applies to, who is
//! responsible, who contributes, and whether that is enough.

use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use crate::catalog::{Applies, Catalog, Unit};
use crate::derive::{Because, Periods, Roles};
use crate::model::types::{Package, Qualifier, Role};
use crate::model::{ContractIx, Model, PartyIx};
use crate::names::named_enum;

pub mod components;

named_enum! {
    /// The state of one allocation.
    pub enum Status of ("status", "状態") {
        /// A lead holds it (from the contracts).
        Assigned = ("Assigned", "assigned", "assigned", "割当済"),
        /// An `assign` entry fixes it.
        Explicit = ("Explicit", "explicit", "explicit", "明示割当"),
        /// The role is held, but only as Support or Infra (in some scope).
        NoLead = ("NoLead", "no-lead", "no lead", "主体なし"),
        /// Nobody holds the role.
        Unassigned = ("Unassigned", "unassigned", "unassigned", "未割当"),
        /// Its gap is accepted by a waiver.
        Waived = ("Waived", "waived", "waived", "免除"),
        /// The role is held only in-house, with no contract to establish the duty in.
        NotApplicable = ("NotApplicable", "not-applicable", "not applicable", "対象外"),
        /// Leads of different organisations in one scope (the `multiple-leads` finding).
        MultipleLeads = ("MultipleLeads", "multiple-leads", "multiple leads", "主体重複"),
    }
}

/// Where a duty comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Via {
    /// A derived role (index into [`Roles::holdings`]).
    Holding(usize),
    /// An `assign` entry (index into the model's `assign`).
    Assign(usize),
    /// The client's duty to establish the requirement in a contract; `holding` is the role
    /// the contract passes.
    Contract {
        /// The contract.
        contract: ContractIx,
        /// The contractor's holding that the contract passes.
        holding: usize,
    },
}

/// One party's share of an allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duty {
    /// The party.
    pub party: PartyIx,
    /// Lead, Support or Infra.
    pub qualifier: Qualifier,
    /// Where it comes from.
    pub via: Via,
}

/// One requirement (or item) for one role.
#[derive(Debug, Clone)]
pub struct Allocation {
    /// Index of the requirement in the catalog.
    pub requirement: usize,
    /// Index of the item within the requirement, if the unit is an item.
    pub item: Option<usize>,
    /// The unit's package.
    pub package: Package,
    /// Whether the package is within the target package.
    pub in_package: bool,
    /// The role.
    pub role: Role,
    /// How the requirement applies.
    pub applies: Applies,
    /// The state.
    pub status: Status,
    /// Responsible parties: leads, the organisations, or the clients of contracts. Shared
    /// by the allocations whose role, scope of application and `assign` entries are the same.
    pub responsible: Arc<[Duty]>,
    /// Contributors: support and infrastructure holders, or the contractors (shared too).
    pub contributors: Arc<[Duty]>,
    /// For `no-lead`: the scopes without a lead (`None` is the role as a whole).
    pub missing_scopes: Vec<Option<String>>,
    /// Leads of different organisations in one scope on the same days: the scope, the
    /// leads whose periods meet another organisation's, and the days they meet (leads whose
    /// periods do not meet hand over and are no conflict).
    pub conflicts: Vec<(Option<String>, Vec<PartyIx>, Periods)>,
    /// Derived leads overridden by an `assign` entry.
    pub overridden: Vec<usize>,
}

impl Allocation {
    /// The catalog unit.
    pub fn unit<'c>(&self, catalog: &'c Catalog) -> Unit<'c> {
        let requirement = &catalog.requirements[self.requirement];
        Unit {
            requirement,
            item: self.item.map(|i| &requirement.items[i]),
        }
    }

    /// Every duty, responsible first.
    pub fn duties(&self) -> impl Iterator<Item = &Duty> {
        self.responsible.iter().chain(self.contributors.iter())
    }
}

/// The scope of a duty, read from where it comes from.
pub fn duty_scope<'a>(d: &Duty, roles: &'a Roles, model: &'a Model) -> Option<&'a str> {
    match d.via {
        Via::Holding(h) => roles.scope(h),
        Via::Assign(a) => model.assign[a].scope.as_deref(),
        Via::Contract { .. } => None,
    }
}

/// The days a duty holds: its holding's periods (an `assign` entry holds always).
pub fn duty_periods<'a>(d: &Duty, roles: &'a Roles) -> &'a Periods {
    match d.via {
        Via::Holding(h) | Via::Contract { holding: h, .. } => &roles.holdings[h].periods,
        Via::Assign(_) => &Periods::ALWAYS,
    }
}

/// Whether a duty holds always ([`duty_periods`] is always), without reading its holding.
pub fn duty_always(d: &Duty, roles: &Roles) -> bool {
    match d.via {
        Via::Holding(h) | Via::Contract { holding: h, .. } => roles.always(h),
        Via::Assign(_) => true,
    }
}

/// The reasons for a duty.
pub fn duty_because(d: &Duty, roles: &Roles) -> Vec<Because> {
    duty_reasons(d, roles).map(Cow::into_owned).collect()
}

/// The reasons of [`duty_because`], in the same order, without copying the holding's: for
/// the report, which meets every duty of every party.
pub fn duty_reasons<'r>(d: &Duty, roles: &'r Roles) -> impl Iterator<Item = Cow<'r, Because>> {
    let (own, held): (Option<Because>, &[Because]) = match d.via {
        Via::Holding(h) => (None, &roles.holdings[h].because),
        Via::Assign(a) => (Some(Because::Assign { index: a }), &[]),
        Via::Contract { contract, holding } => (
            Some(Because::ContractDuty { contract }),
            &roles.holdings[holding].because,
        ),
    };
    own.map(Cow::Owned)
        .into_iter()
        .chain(held.iter().map(Cow::Borrowed))
}

/// Whether a contract is one in which security requirements must be established ((2)-3):
/// the contractor is a provider of another organisation than the client.
pub fn needs_security_terms(model: &Model, c: ContractIx) -> bool {
    let c = &model.contracts[c];
    model.is_provider(c.contractor)
        && model.parties[c.client].org != model.parties[c.contractor].org
}

/// Allocate every unit of the catalog for every role it applies to.
pub fn allocate(
    model: &Model,
    catalog: &Catalog,
    roles: &Roles,
    target: Package,
) -> Vec<Allocation> {
    allocate_from(model, catalog, roles, target, PARALLEL_FROM)
}

/// [`allocate`], using a second thread from `parallel_from` holdings.
fn allocate_from(
    model: &Model,
    catalog: &Catalog,
    roles: &Roles,
    target: Package,
    parallel_from: usize,
) -> Vec<Allocation> {
    let mut units = Vec::new();
    for (ri, req) in catalog.requirements.iter().enumerate() {
        let items: Vec<Option<usize>> = if req.items.is_empty() {
            vec![None]
        } else {
            (0..req.items.len()).map(Some).collect()
        };
        for item in items {
            let unit = Unit {
                requirement: req,
                item: item.map(|i| &req.items[i]),
            };
            for &role in unit.roles() {
                units.push((unit, ri, item, role));
            }
        }
    }
    // What an allocation holds depends only on its role, how its unit applies and the
    // `assign` entries naming the unit: units alike (most units of a role) share one
    // computation and its lists of duties.
    type Key = (Role, Applies, Vec<usize>);
    let mut distinct: rustc_hash::FxHashMap<Key, usize> = rustc_hash::FxHashMap::default();
    let mut first_of: Vec<usize> = Vec::new();
    let mut explicit_of: Vec<Vec<usize>> = Vec::new();
    let body_of: Vec<usize> = units
        .iter()
        .enumerate()
        .map(|(u, (unit, _, _, role))| {
            let explicit = explicit_entries(model, unit, *role);
            *distinct
                .entry((*role, unit.applies(), explicit.clone()))
                .or_insert_with(|| {
                    first_of.push(u);
                    explicit_of.push(explicit);
                    first_of.len() - 1
                })
        })
        .collect();
    // Leads conflict only across these groups: organisations, joined by consortia.
    let groups = crate::derive::lead_groups(model);
    let one = |b: usize| {
        allocate_one(
            model,
            roles,
            &groups,
            &units[first_of[b]],
            target,
            &explicit_of[b],
        )
    };
    // Each computation is independent of the others: on a large chain, rayon spreads them
    // over the cores; the results come in order either way.
    let bodies: Vec<Allocation> = if roles.holdings.len() < parallel_from {
        (0..first_of.len()).map(one).collect()
    } else {
        (0..first_of.len()).into_par_iter().map(one).collect()
    };
    units
        .iter()
        .zip(body_of)
        .map(|(&(unit, requirement, item, _), b)| {
            let body = &bodies[b];
            let package = unit.package();
            Allocation {
                requirement,
                item,
                package,
                in_package: package.within(target),
                applies: unit.applies(),
                ..body.clone()
            }
        })
        .collect()
}

/// The `assign` entries that name a unit for a role.
fn explicit_entries(model: &Model, unit: &Unit, role: Role) -> Vec<usize> {
    model
        .assign
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.role == role && (a.requirement == unit.id() || a.requirement == unit.requirement.id)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The number of role holdings from which [`allocate`] works in parallel: below it, handing
/// the work to other threads costs more than it saves.
const PARALLEL_FROM: usize = crate::parallel::FROM_ENTRIES;

/// The allocation of one unit (with its requirement's index, its item's and the role), given
/// the `assign` entries that name it.
fn allocate_one(
    model: &Model,
    roles: &Roles,
    groups: &[usize],
    &(unit, requirement, item, role): &(Unit, usize, Option<usize>, Role),
    target: Package,
    explicit: &[usize],
) -> Allocation {
    let applies = unit.applies();
    let package = unit.package();
    let mut responsible: Vec<Duty> = Vec::new();
    let mut contributors: Vec<Duty> = Vec::new();
    let mut alloc = Allocation {
        requirement,
        item,
        package,
        in_package: package.within(target),
        role,
        applies,
        status: Status::Unassigned,
        responsible: Arc::new([]),
        contributors: Arc::new([]),
        missing_scopes: Vec::new(),
        conflicts: Vec::new(),
        overridden: Vec::new(),
    };
    let holder_ix: &[usize] = roles.indices_of_role(role);
    let explicit_duties = explicit.iter().map(|&a| Duty {
        party: model.assign[a].party,
        qualifier: model.assign[a].qualifier,
        via: Via::Assign(a),
    });
    match applies {
        Applies::Role | Applies::Customer => {
            let explicit_lead_scopes: BTreeSet<Option<&str>> = explicit
                .iter()
                .filter(|&&a| model.assign[a].qualifier == Qualifier::Lead)
                .map(|&a| model.assign[a].scope.as_deref())
                .collect();
            let overrides = !explicit_lead_scopes.is_empty();
            for b in roles.briefs_of_role(role) {
                let h = b.holding;
                if overrides
                    && b.qualifier == Qualifier::Lead
                    && explicit_lead_scopes.contains(&roles.scope(h))
                {
                    alloc.overridden.push(h);
                    continue;
                }
                let d = Duty {
                    party: b.party,
                    qualifier: b.qualifier,
                    via: Via::Holding(h),
                };
                if d.qualifier == Qualifier::Lead {
                    responsible.push(d);
                } else {
                    contributors.push(d);
                }
            }
            for d in explicit_duties {
                if d.qualifier == Qualifier::Lead {
                    responsible.push(d);
                } else {
                    contributors.push(d);
                }
            }
            alloc.responsible = std::mem::take(&mut responsible).into();
            alloc.contributors = std::mem::take(&mut contributors).into();
            alloc.status = role_status(model, roles, groups, &mut alloc, !explicit.is_empty());
        }
        Applies::Organisation => {
            // Holdings of a role come in party order: one duty per party, its first holding.
            let mut last = None;
            for b in roles.briefs_of_role(role) {
                if last != Some(b.party) {
                    last = Some(b.party);
                    responsible.push(Duty {
                        party: b.party,
                        qualifier: b.qualifier,
                        via: Via::Holding(b.holding),
                    });
                }
            }
            if !explicit.is_empty() {
                let mut seen: rustc_hash::FxHashSet<PartyIx> =
                    responsible.iter().map(|d| d.party).collect();
                for d in explicit_duties {
                    if seen.insert(d.party) {
                        responsible.push(d);
                    }
                }
            }
            alloc.status = if responsible.is_empty() {
                Status::Unassigned
            } else if !explicit.is_empty() {
                Status::Explicit
            } else {
                Status::Assigned
            };
        }
        Applies::Contract => {
            let mut seen: rustc_hash::FxHashSet<ContractIx> = rustc_hash::FxHashSet::default();
            for &h in holder_ix {
                let hold = &roles.holdings[h];
                for why in &hold.because {
                    let Some(c) = why.contract() else { continue };
                    if model.contracts[c].contractor != hold.party
                        || !needs_security_terms(model, c)
                    {
                        continue;
                    }
                    if seen.insert(c) {
                        responsible.push(Duty {
                            party: model.contracts[c].client,
                            qualifier: Qualifier::Lead,
                            via: Via::Contract {
                                contract: c,
                                holding: h,
                            },
                        });
                        contributors.push(Duty {
                            party: hold.party,
                            qualifier: hold.qualifier,
                            via: Via::Holding(h),
                        });
                    }
                }
            }
            responsible.extend(explicit_duties);
            alloc.status = if holder_ix.is_empty() && explicit.is_empty() {
                Status::Unassigned
            } else if !explicit.is_empty() {
                Status::Explicit
            } else if responsible.is_empty() {
                Status::NotApplicable
            } else {
                Status::Assigned
            };
        }
    }
    if !responsible.is_empty() || !contributors.is_empty() {
        alloc.responsible = responsible.into();
        alloc.contributors = contributors.into();
    }
    alloc
}

/// Status of a role-scoped allocation; fills in the missing scopes and conflicts.
fn role_status(
    model: &Model,
    roles: &Roles,
    lead_groups: &[usize],
    alloc: &mut Allocation,
    explicit: bool,
) -> Status {
    if alloc.responsible.is_empty() && alloc.contributors.is_empty() {
        return Status::Unassigned;
    }
    // Leads grouped by scope, in the order the scopes first appear. For each group: its
    // parties, and whether they span more than one organisation (members of one consortium
    // count as one). One pass, no string sets: groups compare by index.
    struct Group<'s> {
        scope: Option<&'s str>,
        parties: Vec<PartyIx>,
        first_org: usize,
        mixed: bool,
        bounded: bool,
    }
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut index: rustc_hash::FxHashMap<Option<&str>, usize> = rustc_hash::FxHashMap::default();
    // Consecutive duties nearly always share a scope: look the group up only when it changes.
    let mut current: Option<(Option<&str>, usize)> = None;
    for d in alloc.responsible.iter() {
        let scope = duty_scope(d, roles, model);
        let org = lead_groups[d.party];
        let g = match current {
            Some((s, g)) if s == scope => g,
            _ => {
                let g = *index.entry(scope).or_insert_with(|| {
                    groups.push(Group {
                        scope,
                        parties: Vec::new(),
                        first_org: org,
                        mixed: false,
                        bounded: false,
                    });
                    groups.len() - 1
                });
                current = Some((scope, g));
                g
            }
        };
        let g = &mut groups[g];
        g.parties.push(d.party);
        g.mixed |= org != g.first_org;
        g.bounded |= !duty_periods(d, roles).is_always();
    }
    if groups.is_empty() {
        alloc.missing_scopes.push(None);
    } else if !index.contains_key(&None) {
        // Without an unscoped lead, every scope that has supporters needs a lead of its own.
        let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        let mut missing: Vec<&str> = Vec::new();
        for d in alloc.contributors.iter() {
            if let Some(s) = duty_scope(d, roles, model)
                && !index.contains_key(&Some(s))
                && seen.insert(s)
            {
                missing.push(s);
            }
        }
        missing.sort_unstable();
        alloc
            .missing_scopes
            .extend(missing.into_iter().map(|s| Some(s.to_string())));
    }
    // Leads of different organisations in one scope conflict on the days they share;
    // departments lead together, and leads whose periods do not meet hand over. Conflicts
    // are listed by scope (unscoped first), as before.
    groups.sort_by(|a, b| a.scope.cmp(&b.scope));
    let responsible = Arc::clone(&alloc.responsible);
    for g in groups {
        if !g.mixed {
            continue;
        }
        let (mut parties, days) = if g.bounded {
            let leads: Vec<(PartyIx, usize, &Periods)> = responsible
                .iter()
                .filter(|d| duty_scope(d, roles, model) == g.scope)
                .map(|d| (d.party, lead_groups[d.party], duty_periods(d, roles)))
                .collect();
            let shared = Periods::shared_by_two(leads.iter().map(|&(_, org, p)| (org, p)));
            if shared.is_never() {
                continue;
            }
            let parties: Vec<PartyIx> = leads
                .iter()
                .filter(|(_, _, p)| p.overlaps(&shared))
                .map(|&(party, _, _)| party)
                .collect();
            (parties, shared)
        } else {
            (g.parties, Periods::always())
        };
        parties.sort_unstable();
        parties.dedup();
        alloc
            .conflicts
            .push((g.scope.map(str::to_string), parties, days));
    }
    if !alloc.missing_scopes.is_empty() {
        Status::NoLead
    } else if !alloc.conflicts.is_empty() {
        Status::MultipleLeads
    } else if explicit {
        Status::Explicit
    } else {
        Status::Assigned
    }
}

#[cfg(test)]
mod tests {
    use crate::synth::{SynthOptions, generate};
    use crate::{Catalog, Package, derive::derive, load::parse_model};

    #[test]
    fn two_threads_allocate_exactly_as_one() {
        let catalog = Catalog::builtin();
        let text = generate(SynthOptions {
            parties: 600,
            seed: 7,
        })
        .to_string();
        let model = parse_model("chain.json", &text, &catalog).expect("a valid chain");
        let roles = derive(&model);
        let one = super::allocate_from(&model, &catalog, &roles, Package::Standard, usize::MAX);
        let two = super::allocate_from(&model, &catalog, &roles, Package::Standard, 0);
        assert!(one.len() > 10);
        assert_eq!(format!("{one:?}"), format!("{two:?}"));
    }
}
