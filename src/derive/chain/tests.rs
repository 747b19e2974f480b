//! Flow-down along subcontract chains: direct sales, the days each role is held, and the
//! reasons recorded.

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
        en.contains("subcontracted by \"prime\", which leads Developer through contract \"dev\"")
            && en.contains("contract \"sub2\"")
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
