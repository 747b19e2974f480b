//! Consortia (共同企業体, JV): what a contract naming a consortium gives its members.
//!
//! The loader makes a consortium's representative (代表構成員) the contractor of a contract
//! that names the consortium ([`crate::model::Contract::contractor_consortium`] keeps which
//! one), so the contract-kind table and the chain rules give the representative the roles the
//! contract passes. Two passes then give the other members theirs:
//!
//! - `stated`, before the chain rules: a member whose roles the consortium states holds
//!   those instead (reason `consortium-roles`); stated roles are never flowed down, and the
//!   chain rules must see them (a subcontract of the consortium flows down below a member
//!   that leads).
//! - `members`, after the chain rules: every other member holds what the representative
//!   holds through the contract, a Lead as Support (reason `consortium`, inferred: "member of
//!   JV x, represented by y"); the representative's holding names the consortium too.
//!
//! Members never make `multiple-leads` among themselves: [`lead_groups`] puts the members of a
//! consortium in one group, as departments of one organisation are.

use rustc_hash::FxHashSet;

use super::chain::Key;
use super::kind_rules::rule;
use super::{Because, Period};
use crate::model::types::Qualifier;
use crate::model::{ContractIx, Model, PartyIx};

/// The contract a reason gives its party a role through, when that is what the contract
/// passes its contractor (not what its client draws from it).
fn passed_by(b: &Because) -> Option<ContractIx> {
    match b {
        Because::KindDefault { contract, .. }
        | Because::ContractRoles { contract }
        | Because::DirectSale { contract }
        | Because::FlowDown { contract, .. } => Some(*contract),
        _ => None,
    }
}

/// Whether a pair is what a consortium contract passes to the representative, who holds
/// roles stated by the consortium instead.
fn replaced(model: &Model, (key, why, _): &(Key, Because, Period)) -> bool {
    let Some(c) = passed_by(why) else {
        return false;
    };
    let c = &model.contracts[c];
    c.contractor_consortium.is_some_and(|k| {
        let jv = &model.consortia[k];
        key.0 == c.contractor && jv.member_roles(jv.representative).is_some()
    })
}

/// The roles a consortium states for its members, for every contract naming it as the
/// contractor; a representative with stated roles loses what the contract would pass it.
pub(super) fn stated(model: &Model, pairs: &mut Vec<(Key, Because, Period)>) {
    if model.consortia.is_empty() {
        return;
    }
    pairs.retain(|p| !replaced(model, p));
    for (ci, c) in model.contracts.iter().enumerate() {
        let Some(k) = c.contractor_consortium else {
            continue;
        };
        let jv = &model.consortia[k];
        let r = rule(c.kind);
        let period = Period::of_contract(c);
        for (m, specs) in &jv.roles {
            for s in specs {
                pairs.push((
                    (
                        *m,
                        s.role,
                        s.qualifier.unwrap_or_else(|| r.bare_for(s.role)),
                        s.scope.clone(),
                    ),
                    Because::ConsortiumRoles {
                        contract: ci,
                        consortium: k,
                        party: *m,
                    },
                    period,
                ));
            }
        }
    }
}

/// What the members without stated roles hold through each contract naming their
/// consortium as the contractor: what the representative holds through it, a Lead as
/// Support for all but the representative.
pub(super) fn members(model: &Model, pairs: &mut Vec<(Key, Because, Period)>) {
    if model.consortia.is_empty() {
        return;
    }
    // A direct sale the chain rules gave a representative with stated roles goes too.
    pairs.retain(|p| !replaced(model, p));
    let mut extra: Vec<(Key, Because, Period)> = Vec::new();
    let mut seen: FxHashSet<(ContractIx, Key, Period)> = FxHashSet::default();
    for ((p, role, q, scope), why, period) in pairs.iter() {
        let Some(ci) = passed_by(why) else { continue };
        let c = &model.contracts[ci];
        let Some(k) = c.contractor_consortium else {
            continue;
        };
        if *p != c.contractor {
            continue;
        }
        let jv = &model.consortia[k];
        for &m in &jv.members {
            if jv.member_roles(m).is_some() {
                continue;
            }
            let q = if m != jv.representative && *q == Qualifier::Lead {
                Qualifier::Support
            } else {
                *q
            };
            let key = (m, *role, q, scope.clone());
            if seen.insert((ci, key.clone(), *period)) {
                extra.push((
                    key,
                    Because::Consortium {
                        contract: ci,
                        consortium: k,
                        party: m,
                    },
                    *period,
                ));
            }
        }
    }
    pairs.extend(extra);
}

/// For each party, a number shared by the parties that lead together without conflict:
/// departments of one organisation, and members of one consortium (with their departments).
pub fn lead_groups(model: &Model) -> Vec<usize> {
    let n = model.parties.len();
    // Union-find over the parties, seeded by organisation.
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut first_of_org: rustc_hash::FxHashMap<usize, usize> = Default::default();
    let join = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    for p in 0..n {
        let first = *first_of_org.entry(model.org_of(p)).or_insert(p);
        join(&mut parent, first, p);
    }
    for jv in &model.consortia {
        for &m in &jv.members {
            join(&mut parent, jv.representative, m);
        }
    }
    (0..n).map(|p| find(&mut parent, p)).collect()
}

/// The party nearest the consortium that a subcontract of `contract` flows down below: the
/// client itself when `holds` it, else the first member of the client consortium that does.
pub(super) fn holder(
    model: &Model,
    contract: ContractIx,
    holds: impl Fn(PartyIx) -> bool,
) -> Option<PartyIx> {
    let c = &model.contracts[contract];
    if holds(c.client) {
        return Some(c.client);
    }
    let k = c.client_consortium?;
    model.consortia[k]
        .members
        .iter()
        .copied()
        .find(|&m| holds(m))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::derive::{Because, Roles, derive};
    use crate::load::parse_model;
    use crate::model::Model;
    use crate::model::types::{Qualifier, Role};
    use crate::{Catalog, Code, Options, analyse};

    use Qualifier::{Lead, Support};
    use Role::{Developer, Operator, Supplier};

    const PARTIES: &str = r#"
        "owner": (name: "Owner", division: Customer),
        "alpha": (name: "Alpha", division: Provider),
        "beta": (name: "Beta", division: Provider),
        "gamma": (name: "Gamma", division: Provider),
        "sub": (name: "Sub", division: Provider),"#;

    fn model(consortia: &str, contracts: &str) -> Model {
        let text = format!(
            "#![enable(implicit_some)]\n(\n    name: \"jv\",\n    parties: {{{PARTIES}\n    }},\n    consortia: [\n{consortia}\n    ],\n    contracts: [\n{contracts}\n    ],\n)\n"
        );
        parse_model("jv.ron", &text, &Catalog::builtin())
            .unwrap_or_else(|e| panic!("does not load:\n{e}\n{text}"))
    }

    fn held(m: &Model, r: &Roles, id: &str) -> BTreeSet<(Role, Qualifier)> {
        r.of_party(m.party(id).unwrap())
            .map(|h| (h.role, h.qualifier))
            .collect()
    }

    fn reasons(m: &Model, r: &Roles, id: &str, role: Role) -> Vec<Because> {
        r.of_party(m.party(id).unwrap())
            .filter(|h| h.role == role)
            .flat_map(|h| h.because.clone())
            .collect()
    }

    fn codes(m: &Model) -> Vec<Code> {
        let catalog = Catalog::builtin();
        let a = analyse(m, &catalog, Options::default());
        a.findings
            .iter()
            .filter(|f| f.is_active())
            .map(|f| f.code)
            .collect()
    }

    const JV: &str =
        r#"(id: "jv", name: "JV", members: ["alpha", "beta", "gamma"], representative: "alpha"),"#;

    #[test]
    fn the_representative_leads_and_the_other_members_support() {
        let m = model(
            JV,
            r#"(id: "build", client: "owner", contractor: "jv", kind: Development),"#,
        );
        let r = derive(&m);
        assert_eq!(
            held(&m, &r, "alpha"),
            [(Developer, Lead), (Supplier, Lead)].into()
        );
        for member in ["beta", "gamma"] {
            assert_eq!(
                held(&m, &r, member),
                [(Developer, Support), (Supplier, Support)].into(),
                "{member}"
            );
        }
        let (build, jv) = (m.contract("build").unwrap(), m.consortium("jv").unwrap());
        let beta = m.party("beta").unwrap();
        assert_eq!(
            reasons(&m, &r, "beta", Developer),
            [Because::Consortium {
                contract: build,
                consortium: jv,
                party: beta,
            }]
        );
        // The representative's holding names the consortium too, after the kind's default.
        let alpha = reasons(&m, &r, "alpha", Developer);
        assert!(matches!(alpha[0], Because::KindDefault { .. }), "{alpha:?}");
        assert!(
            matches!(alpha[1], Because::Consortium { party, .. } if party == m.party("alpha").unwrap())
        );
        // The reason says so, in both languages, and that it is inferred.
        let catalog = Catalog::builtin();
        let b = &reasons(&m, &r, "beta", Developer)[0];
        assert_eq!(b.rule(), "consortium");
        assert!(b.is_inferred());
        let en = crate::render::because::text(&m, &catalog, b, crate::i18n::Lang::En);
        assert!(
            en.contains("\"beta\" is a member of consortium \"jv\", represented by \"alpha\"")
                && en.contains("inferred"),
            "{en}"
        );
        let ja = crate::render::because::text(&m, &catalog, b, crate::i18n::Lang::Ja);
        assert!(
            ja.contains("「alpha」を代表構成員とする共同企業体「jv」の構成員")
                && ja.contains("推定"),
            "{ja}"
        );
        // A JV is no system owner: only the owner holds Customer.
        assert!(!held(&m, &r, "beta").iter().any(|h| h.0 == Role::Customer));
        assert!(!codes(&m).contains(&Code::MultipleLeads));
    }

    /// Found by the property "adding a subcontract below a lead never creates multiple-leads":
    /// a member that holds a role only through its consortium and subcontracts it.
    #[test]
    fn a_members_own_subcontract_flows_down_below_it() {
        let m = model(
            JV,
            r#"(id: "build", client: "owner", contractor: "jv", kind: Development),
               (id: "part", client: "beta", contractor: "sub", kind: Development),"#,
        );
        let r = derive(&m);
        assert_eq!(
            held(&m, &r, "sub"),
            [(Developer, Support), (Supplier, Support)].into()
        );
        assert!(
            reasons(&m, &r, "sub", Developer).iter().any(|b| matches!(
                b,
                Because::FlowDown {
                    client: Support,
                    ..
                }
            )),
            "{:?}",
            reasons(&m, &r, "sub", Developer)
        );
        assert!(!codes(&m).contains(&Code::MultipleLeads));
    }

    #[test]
    fn roles_stated_per_member_replace_what_the_contract_passes() {
        let m = model(
            r#"(id: "jv", name: "JV", members: ["alpha", "beta"], representative: "alpha",
                roles: {"beta": [Operator(Lead)], "alpha": [Developer]}),"#,
            r#"(id: "build", client: "owner", contractor: "jv", kind: Development),"#,
        );
        let r = derive(&m);
        // A bare role takes the kind's default qualifier (Lead under Development).
        assert_eq!(held(&m, &r, "alpha"), [(Developer, Lead)].into());
        assert_eq!(held(&m, &r, "beta"), [(Operator, Lead)].into());
        assert!(matches!(
            reasons(&m, &r, "beta", Operator)[..],
            [Because::ConsortiumRoles { .. }]
        ));
        let b = &reasons(&m, &r, "beta", Operator)[0];
        assert_eq!(b.rule(), "consortium-roles");
        assert!(!b.is_inferred());
    }

    #[test]
    fn members_never_make_multiple_leads_among_themselves() {
        // Both members lead Developer by the consortium's own roles: they lead together.
        let m = model(
            r#"(id: "jv", name: "JV", members: ["alpha", "beta"], representative: "alpha",
                roles: {"alpha": [Developer(Lead)], "beta": [Developer(Lead), Supplier(Lead)]}),"#,
            r#"(id: "build", client: "owner", contractor: "jv", kind: Development, security_terms: true),"#,
        );
        let r = derive(&m);
        assert_eq!(held(&m, &r, "alpha"), [(Developer, Lead)].into());
        assert!(!codes(&m).contains(&Code::MultipleLeads), "{:?}", codes(&m));
        // Outsiders still conflict with the members.
        let m = model(
            r#"(id: "jv", name: "JV", members: ["alpha", "beta"], representative: "alpha"),"#,
            r#"(id: "build", client: "owner", contractor: "jv", kind: Development),
               (id: "other", client: "owner", contractor: "gamma", kind: Development),"#,
        );
        assert!(codes(&m).contains(&Code::MultipleLeads));
    }

    #[test]
    fn a_subcontract_of_the_consortium_flows_down() {
        let m = model(
            JV,
            r#"(id: "build", client: "owner", contractor: "jv", kind: Development),
               (id: "part", client: "jv", contractor: "sub", kind: Development),"#,
        );
        let r = derive(&m);
        assert_eq!(
            held(&m, &r, "sub"),
            [(Developer, Support), (Supplier, Support)].into()
        );
        let catalog = Catalog::builtin();
        let b = &reasons(&m, &r, "sub", Developer)[0];
        let en = crate::render::because::text(&m, &catalog, b, crate::i18n::Lang::En);
        assert!(
            en.contains(
                "subcontracted by \"jv\", which leads Developer through contract \"build\""
            ),
            "{en}"
        );
        assert!(!codes(&m).contains(&Code::MultipleLeads));
    }

    #[test]
    fn below_a_consortium_a_member_that_leads_by_stated_roles_keeps_the_lead() {
        // Only beta operates (stated); an operation subcontract of the JV supports beta.
        let m = model(
            r#"(id: "jv", name: "JV", members: ["alpha", "beta"], representative: "alpha",
                roles: {"beta": [Operator(Lead)]}),"#,
            r#"(id: "run", client: "owner", contractor: "jv", kind: Operation),
               (id: "watch", client: "jv", contractor: "sub", kind: Operation),"#,
        );
        let r = derive(&m);
        assert_eq!(held(&m, &r, "alpha"), [(Operator, Lead)].into());
        assert_eq!(held(&m, &r, "beta"), [(Operator, Lead)].into());
        assert_eq!(held(&m, &r, "sub"), [(Operator, Support)].into());
    }

    #[test]
    fn a_member_outside_any_contract_of_its_own_is_no_system_owner() {
        let text = r#"(
            name: "jv",
            parties: {
                "owner": (name: "Owner", division: Customer),
                "pmo": (name: "PMO", division: Customer),
                "alpha": (name: "Alpha", division: Provider),
            },
            consortia: [(id: "jv", name: "JV", members: ["alpha", "pmo"], representative: "alpha")],
            contracts: [(id: "c", client: "owner", contractor: "jv", kind: QuasiMandate, roles: [Customer])],
        )"#;
        let m = parse_model("jv.ron", text, &Catalog::builtin()).unwrap();
        let r = derive(&m);
        assert_eq!(
            held(&m, &r, "pmo"),
            [(Role::Customer, Support)].into(),
            "engaged through the JV, not the owner"
        );
    }
}
