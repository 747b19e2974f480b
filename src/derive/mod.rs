//! Deriving which roles each party holds, and why.

pub mod because;
pub mod chain;
pub mod consortium;
pub mod kind_rules;
pub mod period;

pub use because::Because;
pub use chain::Via;
pub use consortium::lead_groups;
pub use kind_rules::{KIND_RULES, KindRule, rule};
pub use period::{Period, Periods};

use crate::model::types::{ContractKind, Division, Qualifier, Role};
use crate::model::{Model, PartyIx};

/// One role held by one party, with every reason for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    /// The party.
    pub party: PartyIx,
    /// The role.
    pub role: Role,
    /// How it is held.
    pub qualifier: Qualifier,
    /// The scope, if the role is split.
    pub scope: Option<String>,
    /// Why (never empty).
    pub because: Vec<Because>,
    /// When: the union of the periods of the contracts that give it (always for a party's
    /// own fields and contracts without `from`/`until`); never empty.
    pub periods: Periods,
}

/// Every role every party holds.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    /// Holdings sorted by party, role, qualifier, scope.
    pub holdings: Vec<Holding>,
    by_party: Vec<Vec<usize>>,
    by_role: [Vec<usize>; 4],
    briefs: [Vec<Brief>; 4],
    scope_of: Vec<Option<u32>>,
    scope_names: Vec<String>,
    /// Whether each holding holds always (`holdings[h].periods.is_always()`, a byte each): a
    /// matrix row of a large chain asks it of every duty, and the holdings are too large to
    /// stay in the cache.
    always: Vec<bool>,
}

/// What allocation reads of a holding, kept apart from the holding: walking one role's
/// holdings of a large chain then reads memory in order, a small record at a time, instead
/// of jumping across the much larger holdings for every requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brief {
    /// Index into [`Roles::holdings`].
    pub holding: usize,
    /// The party.
    pub party: PartyIx,
    /// How it is held.
    pub qualifier: Qualifier,
}

fn role_ix(r: Role) -> usize {
    match r {
        Role::Developer => 0,
        Role::Supplier => 1,
        Role::Operator => 2,
        Role::Customer => 3,
    }
}

impl Roles {
    /// The holdings of one party.
    pub fn of_party(&self, p: PartyIx) -> impl Iterator<Item = &Holding> {
        self.by_party
            .get(p)
            .into_iter()
            .flatten()
            .map(|&i| &self.holdings[i])
    }

    /// The holdings of one role, in party order.
    pub fn of_role(&self, r: Role) -> impl Iterator<Item = &Holding> {
        self.by_role[role_ix(r)].iter().map(|&i| &self.holdings[i])
    }

    /// One role's holdings in brief, in party order.
    pub fn briefs_of_role(&self, r: Role) -> &[Brief] {
        &self.briefs[role_ix(r)]
    }

    /// A holding's scope (the same as `holdings[h].scope`, from a compact table).
    pub fn scope(&self, h: usize) -> Option<&str> {
        self.scope_of[h].map(|i| self.scope_names[i as usize].as_str())
    }

    /// Whether a holding holds always (the same as `holdings[h].periods.is_always()`, from a
    /// compact table).
    pub fn always(&self, h: usize) -> bool {
        self.always[h]
    }

    /// Indices into [`Roles::holdings`] of one role's holdings, in party order.
    pub fn indices_of_role(&self, r: Role) -> &[usize] {
        &self.by_role[role_ix(r)]
    }

    /// Whether anyone holds the role.
    pub fn is_held(&self, r: Role) -> bool {
        !self.by_role[role_ix(r)].is_empty()
    }
}

/// Drop repeated reasons, keeping the first of each: the same reason can come twice (a
/// party's role stated twice, say). Linear for hubs with thousands of contracts.
fn dedup_keeping_first(reasons: &mut Vec<Because>) {
    if reasons.len() < 2 {
        return;
    }
    if reasons.len() <= 8 {
        let mut kept: Vec<Because> = Vec::with_capacity(reasons.len());
        for r in reasons.drain(..) {
            if !kept.contains(&r) {
                kept.push(r);
            }
        }
        *reasons = kept;
        return;
    }
    let mut seen: rustc_hash::FxHashSet<Because> = rustc_hash::FxHashSet::default();
    reasons.retain(|r| seen.insert(r.clone()));
}

/// Whether a contract states no roles although its kind requires them.
pub fn roles_unstated(kind: ContractKind, roles: Option<&[crate::model::RoleSpec]>) -> bool {
    rule(kind).roles_required && roles.is_none_or(|r| r.is_empty())
}

/// Derive every party's roles from the contracts and the parties' own fields (SPEC §4).
pub fn derive(model: &Model) -> Roles {
    type Key = chain::Key;
    // Every (holding, reason, period) triple in the order found; sorted and grouped by
    // holding below. A reason from a contract holds over the contract's period.
    let mut pairs: Vec<(Key, Because, Period)> = Vec::with_capacity(model.parties.len() * 2);
    let mut add = |p: PartyIx, role: Role, q: Qualifier, scope: Option<String>, why: Because| {
        let period = why
            .contract()
            .map_or(Period::ALWAYS, |c| Period::of_contract(&model.contracts[c]));
        pairs.push(((p, role, q, scope), why, period));
    };

    let mut is_contractor = vec![false; model.parties.len()];
    let mut service_client = vec![false; model.parties.len()];
    for (ci, c) in model.contracts.iter().enumerate() {
        is_contractor[c.contractor] = true;
        if let Some(k) = c.contractor_consortium {
            for &m in &model.consortia[k].members {
                is_contractor[m] = true;
            }
        }
        let r = rule(c.kind);
        match &c.roles {
            // Stated roles replace the defaults; an empty list states that the contract
            // passes no role.
            Some(stated) => {
                for s in stated {
                    add(
                        c.contractor,
                        s.role,
                        s.qualifier.unwrap_or_else(|| r.bare_for(s.role)),
                        s.scope.clone(),
                        Because::ContractRoles { contract: ci },
                    );
                }
            }
            None => {
                for (role, q, scope) in r.defaults {
                    add(
                        c.contractor,
                        *role,
                        *q,
                        scope.map(str::to_string),
                        Because::KindDefault {
                            contract: ci,
                            kind: c.kind,
                        },
                    );
                }
            }
        }
        if r.client_operates_use && model.parties[c.client].operates {
            service_client[c.client] = true;
            add(
                c.client,
                Role::Operator,
                Qualifier::Lead,
                Some("use".into()),
                Because::ServiceUse { contract: ci },
            );
        }
    }

    for (pi, p) in model.parties.iter().enumerate() {
        if p.division == Division::Customer && !is_contractor[pi] {
            add(
                pi,
                Role::Customer,
                Qualifier::Lead,
                None,
                Because::SystemOwner { party: pi },
            );
        }
        if p.operates {
            let scope = service_client[pi].then(|| "use".to_string());
            add(
                pi,
                Role::Operator,
                Qualifier::Lead,
                scope,
                Because::Operates { party: pi },
            );
        }
        for s in &p.roles {
            add(
                pi,
                s.role,
                s.qualifier.unwrap_or(Qualifier::Lead),
                s.scope.clone(),
                Because::PartyRoles { party: pi },
            );
        }
    }

    // What a contract passes also depends on what its client holds (flow-down, direct sale);
    // a consortium's members hold what it is passed (roles stated per member first, so that
    // the chain rules see them).
    consortium::stated(model, &mut pairs);
    chain::apply(model, &mut pairs);
    consortium::members(model, &mut pairs);
    // A member that holds a role only through its consortium (Support under the
    // representative) and subcontracts it: the subcontractor supports too. Flow-down runs
    // again now that the members' holdings exist; it changes only the pairs whose client's
    // holding came from a membership (the others flowed already).
    if !model.consortia.is_empty() {
        chain::flow_down(model, &mut pairs);
    }

    // A stable sort keeps each holding's reasons in the order they were found.
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut acc: Vec<(Key, Vec<Because>, Vec<Period>)> = Vec::new();
    for (key, why, period) in pairs {
        match acc.last_mut() {
            Some((k, reasons, periods)) if *k == key => {
                reasons.push(why);
                if periods.last() != Some(&period) {
                    periods.push(period);
                }
            }
            _ => acc.push((key, vec![why], vec![period])),
        }
    }
    for (_, reasons, _) in &mut acc {
        dedup_keeping_first(reasons);
    }
    let mut roles = Roles {
        holdings: Vec::with_capacity(acc.len()),
        by_party: vec![Vec::new(); model.parties.len()],
        by_role: Default::default(),
        briefs: Default::default(),
        scope_of: Vec::with_capacity(acc.len()),
        scope_names: Vec::new(),
        always: Vec::with_capacity(acc.len()),
    };
    let mut scope_index: rustc_hash::FxHashMap<String, u32> = rustc_hash::FxHashMap::default();
    for ((party, role, qualifier, scope), because, periods) in acc {
        let periods = if periods.contains(&Period::ALWAYS) {
            Periods::always()
        } else {
            Periods::union_of(&periods.into_iter().map(Periods::of).collect::<Vec<_>>())
        };
        let i = roles.holdings.len();
        roles.by_party[party].push(i);
        roles.by_role[role_ix(role)].push(i);
        roles.briefs[role_ix(role)].push(Brief {
            holding: i,
            party,
            qualifier,
        });
        let scope_ix = scope.as_ref().map(|s| {
            let next = roles.scope_names.len() as u32;
            *scope_index.entry(s.clone()).or_insert_with(|| {
                roles.scope_names.push(s.clone());
                next
            })
        });
        roles.scope_of.push(scope_ix);
        roles.always.push(periods.is_always());
        roles.holdings.push(Holding {
            party,
            role,
            qualifier,
            scope,
            because,
            periods,
        });
    }
    roles
}
