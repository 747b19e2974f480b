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

fn flow_down(model: &Model, pairs: &mut Vec<(Key, Because, Period)>) {
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
mod tests {
    use std::collections::BTreeSet;

    use super::Via;
    use crate::derive::{Because, Roles, derive};
    use crate::load::parse_model;
    use crate::model::Model;
    use crate::model::types::{Qualifier, Role};
    use crate::{Catalog, Code, Options, analyse};

    use Qualifier::{Infra, Lead, Support};
    use Role::{Customer, Developer, Operator, Supplier};

    fn model(parties: &str, contracts: &str) -> Model {
        let text = format!(
            "#![enable(implicit_some)]\n(\n    name: \"chain\",\n    parties: {{\n{parties}\n    }},\n    contracts: [\n{contracts}\n    ],\n)\n"
        );
        parse_model("chain.ron", &text, &Catalog::builtin())
            .unwrap_or_else(|e| panic!("does not load:\n{e}\n{text}"))
    }

    /// (role, qualifier, scope) held by one party.
    fn held(m: &Model, r: &Roles, id: &str) -> BTreeSet<(Role, Qualifier, Option<String>)> {
        r.of_party(m.party(id).unwrap())
            .map(|h| (h.role, h.qualifier, h.scope.clone()))
            .collect()
    }

    fn set(v: &[(Role, Qualifier)]) -> BTreeSet<(Role, Qualifier, Option<String>)> {
        v.iter().map(|(r, q)| (*r, *q, None)).collect()
    }

    fn reasons(m: &Model, r: &Roles, id: &str, role: Role) -> Vec<Because> {
        r.of_party(m.party(id).unwrap())
            .filter(|h| h.role == role)
            .flat_map(|h| h.because.clone())
            .collect()
    }

    const FOUR_TIERS: &str = r#"
        "owner": (name: "Owner", division: Customer),
        "prime": (name: "Prime", division: Provider),
        "tier2": (name: "Tier 2", division: Provider),
        "tier3": (name: "Tier 3", division: Provider),
        "tier4": (name: "Tier 4", division: Provider),"#;

    #[test]
    fn a_ukeoi_chain_keeps_one_lead_per_role_with_the_party_nearest_the_customer() {
        let m = model(
            FOUR_TIERS,
            r#"
        (id: "dev", client: "owner", contractor: "prime", kind: Development, security_terms: true),
        (id: "sub2", client: "prime", contractor: "tier2", kind: Development, security_terms: true),
        (id: "sub3", client: "tier2", contractor: "tier3", kind: Development, security_terms: true),
        (id: "sub4", client: "tier3", contractor: "tier4", kind: Development, security_terms: true),"#,
        );
        let r = derive(&m);
        assert_eq!(
            held(&m, &r, "prime"),
            set(&[(Developer, Lead), (Supplier, Lead)])
        );
        for t in ["tier2", "tier3", "tier4"] {
            assert_eq!(
                held(&m, &r, t),
                set(&[(Developer, Support), (Supplier, Support)]),
                "{t}"
            );
        }
        // The reason names both contracts: this one, and the one the client holds it through.
        let (dev, sub2, sub3) = (
            m.contract("dev").unwrap(),
            m.contract("sub2").unwrap(),
            m.contract("sub3").unwrap(),
        );
        assert_eq!(
            reasons(&m, &r, "tier2", Developer),
            [Because::FlowDown {
                contract: sub2,
                role: Developer,
                client: Lead,
                via: Via::Contract(dev),
            }]
        );
        assert_eq!(
            reasons(&m, &r, "tier3", Supplier),
            [Because::FlowDown {
                contract: sub3,
                role: Supplier,
                client: Support,
                via: Via::Contract(sub2),
            }]
        );
        let catalog = Catalog::builtin();
        let a = analyse(&m, &catalog, Options::default());
        assert!(
            !a.findings.iter().any(|f| f.code == Code::MultipleLeads),
            "{:?}",
            a.findings.iter().map(|f| f.code).collect::<Vec<_>>()
        );
        let b = &reasons(&m, &r, "tier2", Developer)[0];
        assert_eq!(b.rule(), "flow-down");
        assert!(b.is_inferred());
        let en = crate::render::because::text(&m, &catalog, b, crate::i18n::Lang::En);
        assert!(
            en.contains(
                "subcontracted by \"prime\", which leads Developer through contract \"dev\""
            ) && en.contains("contract \"sub2\"")
                && en.contains("inferred"),
            "{en}"
        );
        let ja = crate::render::because::text(&m, &catalog, b, crate::i18n::Lang::Ja);
        assert!(
            ja.contains("「prime」からの再委託")
                && ja.contains("契約「dev」により開発者の主体")
                && ja.contains("推定"),
            "{ja}"
        );
    }

    #[test]
    fn below_a_supporting_tier_the_next_tier_supports_too() {
        let m = model(
            FOUR_TIERS,
            r#"
        (id: "dev", client: "owner", contractor: "prime", kind: Development),
        (id: "help", client: "prime", contractor: "tier2", kind: QuasiMandate, roles: [Developer]),
        (id: "sub3", client: "tier2", contractor: "tier3", kind: Development),"#,
        );
        let r = derive(&m);
        assert_eq!(held(&m, &r, "tier2"), set(&[(Developer, Support)]));
        // Developer flows down (tier 2 supports it); Supplier does not (tier 2 holds none),
        // so tier 3 leads supply.
        assert_eq!(
            held(&m, &r, "tier3"),
            set(&[(Developer, Support), (Supplier, Lead)])
        );
        assert!(matches!(
            reasons(&m, &r, "tier3", Developer)[..],
            [Because::FlowDown {
                client: Support,
                ..
            }]
        ));
        let en = crate::render::because::text(
            &m,
            &Catalog::builtin(),
            &reasons(&m, &r, "tier3", Developer)[0],
            crate::i18n::Lang::En,
        );
        assert!(
            en.contains("which supports Developer through contract \"help\""),
            "{en}"
        );
    }

    #[test]
    fn stated_roles_still_override() {
        let m = model(
            FOUR_TIERS,
            r#"
        (id: "dev", client: "owner", contractor: "prime", kind: Development),
        (id: "sub2", client: "prime", contractor: "tier2", kind: Development, roles: [Developer(Lead)]),"#,
        );
        let r = derive(&m);
        assert_eq!(held(&m, &r, "tier2"), set(&[(Developer, Lead)]));
        assert_eq!(
            reasons(&m, &r, "tier2", Developer),
            [Because::ContractRoles {
                contract: m.contract("sub2").unwrap()
            }]
        );
    }

    #[test]
    fn a_role_in_another_scope_does_not_flow_down() {
        // The prime leads the system's development; a component maker leads its component.
        let m = model(
            FOUR_TIERS,
            r#"
        (id: "dev", client: "owner", contractor: "prime", kind: Development),
        (id: "lib", client: "prime", contractor: "tier2", kind: Component),"#,
        );
        let r = derive(&m);
        assert_eq!(
            held(&m, &r, "tier2"),
            [(Developer, Lead, Some("component".to_string()))].into()
        );
    }

    #[test]
    fn resale_chains_keep_the_supplier_lead_with_the_reseller_nearest_the_buyer() {
        let m = model(
            r#"
        "buyer": (name: "Buyer", division: Customer, operates: true),
        "reseller": (name: "Reseller", division: Provider),
        "distributor": (name: "National distributor", division: Provider),
        "maker": (name: "Maker", division: Provider),"#,
            r#"
        (id: "buy", client: "buyer", contractor: "reseller", kind: Sales, security_terms: true),
        (id: "stock", client: "reseller", contractor: "distributor", kind: Sales, security_terms: true),
        (id: "supply", client: "distributor", contractor: "maker", kind: Distribution, security_terms: true),"#,
        );
        let r = derive(&m);
        assert_eq!(held(&m, &r, "reseller"), set(&[(Supplier, Lead)]));
        // Supplied by the maker: no direct sale; below the reseller: Support.
        assert_eq!(held(&m, &r, "distributor"), set(&[(Supplier, Support)]));
        assert_eq!(held(&m, &r, "maker"), set(&[(Developer, Lead)]));
        let catalog = Catalog::builtin();
        let a = analyse(&m, &catalog, Options::default());
        let bad: Vec<Code> = a
            .findings
            .iter()
            .filter(|f| {
                f.is_active()
                    && matches!(
                        f.severity,
                        crate::Severity::Error | crate::Severity::Warning
                    )
            })
            .map(|f| f.code)
            .collect();
        assert!(bad.is_empty(), "{bad:?}");
    }

    #[test]
    fn operation_below_an_operating_customer_supports() {
        let m = model(
            r#"
        "owner": (name: "Owner", division: Customer, operates: true),
        "ops": (name: "Operations vendor", division: Provider),
        "soc": (name: "SOC", division: Provider),"#,
            r#"
        (id: "run", client: "owner", contractor: "ops", kind: Operation),
        (id: "watch", client: "ops", contractor: "soc", kind: Operation),"#,
        );
        let r = derive(&m);
        assert_eq!(
            held(&m, &r, "owner"),
            set(&[(Operator, Lead), (Customer, Lead)])
        );
        assert_eq!(held(&m, &r, "ops"), set(&[(Operator, Support)]));
        assert_eq!(held(&m, &r, "soc"), set(&[(Operator, Support)]));
        assert!(matches!(
            reasons(&m, &r, "ops", Operator)[..],
            [Because::FlowDown {
                client: Lead,
                via: Via::Operates,
                ..
            }]
        ));
        let en = crate::render::because::text(
            &m,
            &Catalog::builtin(),
            &reasons(&m, &r, "ops", Operator)[0],
            crate::i18n::Lang::En,
        );
        // The owner's own contract is no subcontract.
        assert!(
            en.contains("engaged by \"owner\", which leads Operator through its operates: true"),
            "{en}"
        );
    }

    #[test]
    fn infra_holders_pass_no_lead_down_and_infra_is_never_flowed() {
        let m = model(
            r#"
        "owner": (name: "Owner", division: Customer, operates: true),
        "cloud": (name: "Cloud", division: Provider),
        "dc": (name: "Data centre", division: Provider),"#,
            r#"
        (id: "host", client: "owner", contractor: "cloud", kind: Infrastructure),
        (id: "rack", client: "cloud", contractor: "dc", kind: Infrastructure),"#,
        );
        let r = derive(&m);
        assert_eq!(held(&m, &r, "cloud"), set(&[(Operator, Infra)]));
        assert_eq!(held(&m, &r, "dc"), set(&[(Operator, Infra)]));
    }

    #[test]
    fn a_seller_supplied_by_nobody_is_the_developer_selling_directly() {
        let m = model(
            r#"
        "buyer": (name: "Buyer", division: Customer, operates: true),
        "maker": (name: "Maker", division: Provider),"#,
            r#"
        (id: "buy", client: "buyer", contractor: "maker", kind: Sales, security_terms: true),"#,
        );
        let r = derive(&m);
        assert_eq!(
            held(&m, &r, "maker"),
            set(&[(Developer, Lead), (Supplier, Lead)])
        );
        let buy = m.contract("buy").unwrap();
        assert_eq!(
            reasons(&m, &r, "maker", Developer),
            [Because::DirectSale { contract: buy }]
        );
        let catalog = Catalog::builtin();
        let a = analyse(&m, &catalog, Options::default());
        assert!(
            !a.findings
                .iter()
                .any(|f| matches!(f.code, Code::Unassigned | Code::NoLead)),
            "{:?}",
            a.findings.iter().map(|f| f.code).collect::<Vec<_>>()
        );
        let b = &reasons(&m, &r, "maker", Developer)[0];
        assert_eq!(b.rule(), "direct-sale");
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Ja] {
            let t = crate::render::because::text(&m, &Catalog::builtin(), b, lang);
            assert!(
                t.contains("buy") && (t.contains("inferred") || t.contains("推定")),
                "{t}"
            );
        }
    }

    #[test]
    fn no_direct_sale_when_supplied_already_a_developer_or_roles_stated() {
        let m = model(
            r#"
        "buyer": (name: "Buyer", division: Customer),
        "reseller": (name: "Reseller", division: Provider),
        "maker": (name: "Maker", division: Provider),
        "dev-shop": (name: "Developer that also sells", division: Provider),
        "agent": (name: "Agent", division: Provider),"#,
            r#"
        (id: "buy", client: "buyer", contractor: "reseller", kind: Sales),
        (id: "supply", client: "reseller", contractor: "maker", kind: Distribution),
        (id: "build", client: "buyer", contractor: "dev-shop", kind: Development),
        (id: "licence", client: "buyer", contractor: "dev-shop", kind: Sales, roles: [Supplier(Lead, "licence")]),
        (id: "agency", client: "buyer", contractor: "agent", kind: Sales, roles: [Supplier(Lead, "agency")]),"#,
        );
        let r = derive(&m);
        assert_eq!(held(&m, &r, "reseller"), set(&[(Supplier, Lead)]));
        assert!(!held(&m, &r, "agent").iter().any(|h| h.0 == Developer));
        assert!(!r.holdings.iter().any(|h| {
            h.because
                .iter()
                .any(|b| matches!(b, Because::DirectSale { .. }))
        }));
    }

    #[test]
    fn a_direct_sale_below_a_developer_lead_supports() {
        // A prime that leads development buys a product from its maker: the maker develops
        // its product for the prime, who keeps the lead.
        let m = model(
            FOUR_TIERS,
            r#"
        (id: "dev", client: "owner", contractor: "prime", kind: Development),
        (id: "product", client: "prime", contractor: "tier2", kind: Sales),"#,
        );
        let r = derive(&m);
        assert_eq!(
            held(&m, &r, "tier2"),
            set(&[(Developer, Support), (Supplier, Support)])
        );
        let product = m.contract("product").unwrap();
        let why = reasons(&m, &r, "tier2", Developer);
        assert_eq!(why.len(), 2, "{why:?}");
        assert_eq!(why[0], Because::DirectSale { contract: product });
        assert!(matches!(why[1], Because::FlowDown { contract, .. } if contract == product));
    }

    #[test]
    fn cycles_terminate_and_every_holding_keeps_a_reason() {
        let m = model(
            FOUR_TIERS,
            r#"
        (id: "dev", client: "owner", contractor: "prime", kind: Development),
        (id: "sub2", client: "prime", contractor: "tier2", kind: Development),
        (id: "back", client: "tier2", contractor: "prime", kind: Development),
        (id: "ring1", client: "tier3", contractor: "tier4", kind: Development),
        (id: "ring2", client: "tier4", contractor: "tier3", kind: Development),"#,
        );
        let r = derive(&m);
        assert!(held(&m, &r, "prime").contains(&(Developer, Lead, None)));
        assert_eq!(
            held(&m, &r, "tier2"),
            set(&[(Developer, Support), (Supplier, Support)])
        );
        // A ring with no way in: each supports the other, nobody leads (and contract-cycle
        // says why).
        assert_eq!(
            held(&m, &r, "tier3"),
            set(&[(Developer, Support), (Supplier, Support)])
        );
        assert!(r.holdings.iter().all(|h| !h.because.is_empty()));
    }

    #[test]
    fn the_named_reason_is_the_lead_and_does_not_depend_on_file_order() {
        // The prime holds Developer as Lead through "dev" and as Support through "help";
        // its subcontractor's reason names the lead, whichever comes first in the file.
        let contracts = [
            r#"(id: "help", client: "tier2", contractor: "prime", kind: QuasiMandate, roles: [Developer]),"#,
            r#"(id: "dev", client: "owner", contractor: "prime", kind: Development),"#,
            r#"(id: "sub3", client: "prime", contractor: "tier3", kind: Development),"#,
        ];
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
            let text: Vec<&str> = order.iter().map(|&i| contracts[i]).collect();
            let m = model(FOUR_TIERS, &text.join("\n"));
            let r = derive(&m);
            assert_eq!(
                reasons(&m, &r, "tier3", Developer),
                [Because::FlowDown {
                    contract: m.contract("sub3").unwrap(),
                    role: Developer,
                    client: Lead,
                    via: Via::Contract(m.contract("dev").unwrap()),
                }]
            );
        }
    }
}
