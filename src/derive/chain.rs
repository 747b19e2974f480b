//! Chain rules: what a contract passes depends on what its client already holds.
//!
//! Two rules read a contract together with the contracts around it (issue "Chains as they
//! really are", SPEC §4 "Chain rules"):
//!
//! - **Flow-down.** When a contract's client already holds a role in a scope, as Lead or as
//!   Support, and the contract's kind would pass that role in that scope as Lead, the
//!   contractor holds it as Support: the lead stays with the party nearest the customer. This
//!   is our reading of the guideline's tables (開発支援 ○(支援) under the prime of the 請負
//!   case, サービス開発支援 ○(支援) under the service provider), so the reason says it is
//!   inferred. Roles stated on a contract are never changed.
//! - **Direct sale.** A `Sales` contractor that receives the software from nobody in the
//!   model (the client of no `Distribution`, `Development`, `Component` or `Sales` contract)
//!   and holds no Developer role is the developer selling directly (開発者が供給者を兼ねる):
//!   Developer(Lead).
//!
//! Both are linear in the size of the chain and need no order of processing: whether a party
//! holds a role in a scope (in any of Lead or Support) does not depend on flow-down, which only
//! turns a Lead into a Support. A kind's default Lead is held either way, so the set of
//! holders is known before any qualifier is decided, and cycles of contracts need no care.

use rustc_hash::FxHashMap;

use super::{Because, Period, Periods};
use crate::model::types::{ContractKind, Qualifier, Role};
use crate::model::{ContractIx, Model, PartyIx};

/// A holding as derivation collects it: party, role, qualifier, scope.
pub(super) type Key = (PartyIx, Role, Qualifier, Option<String>);

/// How the client of a flowed-down contract holds the role itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Via {
    /// The party's own `operates: true`.
    Operates,
    /// The party's own `roles`.
    PartyRoles,
    /// Being the system owner.
    SystemOwner,
    /// A contract (as its contractor, or as the operating client of a service).
    Contract(ContractIx),
}

impl Via {
    /// How a reason gives its party the role, if it does.
    fn of(b: &Because) -> Option<Via> {
        match b {
            Because::Operates { .. } => Some(Via::Operates),
            Because::PartyRoles { .. } => Some(Via::PartyRoles),
            Because::SystemOwner { .. } => Some(Via::SystemOwner),
            Because::KindDefault { contract, .. }
            | Because::ContractRoles { contract }
            | Because::ServiceUse { contract }
            | Because::DirectSale { contract }
            | Because::FlowDown { contract, .. }
            | Because::Consortium { contract, .. }
            | Because::ConsortiumRoles { contract, .. } => Some(Via::Contract(*contract)),
            _ => None,
        }
    }

    /// A stable name for JSON: the contract id, or the field.
    pub fn key(self, model: &Model) -> &str {
        match self {
            Via::Operates => "operates",
            Via::PartyRoles => "roles",
            Via::SystemOwner => "system-owner",
            Via::Contract(c) => &model.contracts[c].id,
        }
    }
}

/// Whether a contract of this kind hands the software to its client, so that the client
/// does not sell software it makes itself.
fn supplies_client(kind: ContractKind) -> bool {
    matches!(
        kind,
        ContractKind::Distribution
            | ContractKind::Development
            | ContractKind::Component
            | ContractKind::Sales
    )
}

/// Apply the chain rules to the holdings collected from single contracts and party fields,
/// each with the period of its reason.
pub(super) fn apply(model: &Model, pairs: &mut Vec<(Key, Because, Period)>) {
    direct_sale(model, pairs);
    flow_down(model, pairs);
}

fn direct_sale(model: &Model, pairs: &mut Vec<(Key, Because, Period)>) {
    let n = model.parties.len();
    let mut supplied = vec![false; n];
    for c in &model.contracts {
        if supplies_client(c.kind) {
            supplied[c.client] = true;
        }
    }
    let mut develops = vec![false; n];
    for ((p, role, _, _), _, _) in pairs.iter() {
        if *role == Role::Developer {
            develops[*p] = true;
        }
    }
    for (ci, c) in model.contracts.iter().enumerate() {
        // Stated roles say exactly what the contract passes.
        if c.kind == ContractKind::Sales
            && c.roles.is_none()
            && !supplied[c.contractor]
            && !develops[c.contractor]
        {
            pairs.push((
                (c.contractor, Role::Developer, Qualifier::Lead, None),
                Because::DirectSale { contract: ci },
                Period::of_contract(c),
            ));
        }
    }
}

/// The days a (party, role, scope) is held, as Lead or Support, collected: `None` is always.
type HeldDays = Option<Vec<Period>>;

/// A (party, role, scope), as the chain rules look holdings up.
type Held<'a> = (PartyIx, Role, Option<&'a str>);

/// Flow-down: a Lead a contract's kind passes becomes Support for the days its client
/// already holds the role (in the scope).
pub(super) fn flow_down(model: &Model, pairs: &mut Vec<(Key, Because, Period)>) {
    // Every (party, role, scope) held as Lead or Support, whatever flow-down makes of it, and
    // when: flow-down turns a Lead into a Support for part of its period at most, so neither
    // depends on it.
    let mut held: FxHashMap<Held, HeldDays> = FxHashMap::default();
    for ((p, role, q, scope), why, period) in pairs.iter() {
        if matches!(q, Qualifier::Lead | Qualifier::Support) && Via::of(why).is_some() {
            let days = held
                .entry((*p, *role, scope.as_deref()))
                .or_insert_with(|| Some(Vec::new()));
            if period.is_always() {
                *days = None;
            } else if let Some(v) = days {
                v.push(*period);
            }
        }
    }
    let held: FxHashMap<Held, Periods> = held
        .into_iter()
        .map(|(k, days)| {
            let p = match days {
                None => Periods::always(),
                Some(v) => Periods::union_of(&v.into_iter().map(Periods::of).collect::<Vec<_>>()),
            };
            (k, p)
        })
        .collect();
    // The pairs the rule turns to Support: one a kind passes as Lead (its default, or a
    // direct sale) whose client holds the role in the scope, for the days the client holds
    // it; on the contract's other days the kind's Lead stands. The client's holdings never
    // come from that contract itself: it is not the contractor, and the only reason a client
    // draws from its own contract (an operating client of a service, scope "use") matches no
    // scope a kind passes.
    // A consortium client holds a role when any member does: the holder is named.
    struct Flowed {
        contract: ContractIx,
        holder: PartyIx,
        support: Periods,
        lead: Periods,
    }
    let flowed: Vec<Option<Flowed>> = pairs
        .iter()
        .map(|((_, role, q, scope), why, period)| {
            let contract = match why {
                Because::KindDefault { contract, .. } | Because::DirectSale { contract }
                    if *q == Qualifier::Lead =>
                {
                    *contract
                }
                _ => return None,
            };
            let holder = super::consortium::holder(model, contract, |p| {
                held.contains_key(&(p, *role, scope.as_deref()))
            })?;
            let client_days = held.get(&(holder, *role, scope.as_deref()))?;
            let mine = Periods::of(*period);
            let support = mine.intersect(client_days);
            if support.is_never() {
                return None;
            }
            let lead = mine.minus(client_days);
            Some(Flowed {
                contract,
                holder,
                support,
                lead,
            })
        })
        .collect();

    // For every (party, role, scope) the reasons to name, from the final qualifiers, best
    // first: Lead before Support, then the party's own fields before contracts, then
    // contracts by id, so that the order of the file does not matter. Each with its days, so
    // that a flowed contract names a holding of its client on the days it supports.
    type Best = (bool, Via);
    let rank = |(supports, via): &Best| -> (bool, u8, &str) {
        match via {
            Via::Operates => (*supports, 0, ""),
            Via::PartyRoles => (*supports, 1, ""),
            Via::SystemOwner => (*supports, 2, ""),
            Via::Contract(c) => (*supports, 3, model.contracts[*c].id.as_str()),
        }
    };
    // Only the holdings of the clients of flowed contracts are named.
    let mut best: FxHashMap<Held, Vec<(Best, Periods)>> = pairs
        .iter()
        .zip(&flowed)
        .filter_map(|(((_, role, _, scope), _, _), f)| {
            let f = f.as_ref()?;
            Some(((f.holder, *role, scope.as_deref()), Vec::new()))
        })
        .collect();
    for (((p, role, q, scope), why, period), flowed) in pairs.iter().zip(&flowed) {
        if !matches!(q, Qualifier::Lead | Qualifier::Support) {
            continue;
        }
        let Some(via) = Via::of(why) else { continue };
        let Some(list) = best.get_mut(&(*p, *role, scope.as_deref())) else {
            continue;
        };
        match flowed {
            None => list.push(((*q == Qualifier::Support, via), Periods::of(*period))),
            Some(f) => {
                list.push(((true, via), f.support.clone()));
                if !f.lead.is_never() {
                    list.push(((false, via), f.lead.clone()));
                }
            }
        }
    }
    for list in best.values_mut() {
        list.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)));
    }

    let mut changes: Vec<(usize, Because)> = Vec::new();
    for (i, (((_, role, _, scope), _, _), flowed)) in pairs.iter().zip(&flowed).enumerate() {
        let Some(f) = flowed else { continue };
        let list = &best[&(f.holder, *role, scope.as_deref())];
        let ((supports, via), _) = list
            .iter()
            .find(|(_, days)| days.overlaps(&f.support))
            .unwrap_or(&list[0]);
        changes.push((
            i,
            Because::FlowDown {
                contract: f.contract,
                role: *role,
                client: if *supports {
                    Qualifier::Support
                } else {
                    Qualifier::Lead
                },
                via: *via,
            },
        ));
    }
    drop(best);
    drop(held);
    for (i, flow) in changes {
        let f = flowed[i]
            .as_ref()
            .expect("a change is made for a flowed pair");
        let (key, why, _) = pairs[i].clone();
        let mut support_key = key.clone();
        support_key.2 = Qualifier::Support;
        let mut support = f.support.intervals().into_iter();
        let first = support.next().expect("a flowed pair supports on some day");
        // The kind's Lead stands on the contract's days the client does not hold the role.
        for p in f.lead.intervals() {
            pairs.push((key.clone(), why.clone(), p));
        }
        if matches!(why, Because::DirectSale { .. }) {
            // The direct sale still says why the party is a developer at all.
            pairs[i] = (support_key.clone(), why.clone(), first);
            for p in support.clone() {
                pairs.push((support_key.clone(), why.clone(), p));
            }
            pairs.push((support_key.clone(), flow.clone(), first));
        } else {
            pairs[i] = (support_key.clone(), flow.clone(), first);
        }
        for p in support {
            pairs.push((support_key.clone(), flow.clone(), p));
        }
    }
}

#[cfg(test)]
mod tests;
