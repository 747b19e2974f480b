//! Components used without a contract (OSS, libraries): they carry no duties of their own.
//! Each party that uses one accounts for it in its secure procurement of components, (2)-1
//! (S(2)-1.3 names OSS): the reasons of that party's (2)-1 duties list the components.

use super::{Allocation, Duty};
use crate::catalog::Catalog;
use crate::derive::Because;
use crate::model::{ComponentIx, Model, PartyIx};

/// The requirement whose duties account for the components a party uses: secure
/// procurement of components.
pub const COMPONENT_REQUIREMENT: &str = "(2)-1";

/// The components a party uses, in file order.
pub fn used_by(model: &Model, party: PartyIx) -> impl Iterator<Item = ComponentIx> + '_ {
    model
        .components
        .iter()
        .enumerate()
        .filter(move |(_, c)| c.used_by.contains(&party))
        .map(|(i, _)| i)
}

/// Whether an allocation is one that accounts for components.
pub fn accounts_for_components(catalog: &Catalog, al: &Allocation) -> bool {
    catalog.requirements[al.requirement].id == COMPONENT_REQUIREMENT
}

/// The component reasons of one duty: the components its party uses, when the allocation
/// is (2)-1; none otherwise.
pub fn duty_components(
    model: &Model,
    catalog: &Catalog,
    al: &Allocation,
    d: &Duty,
) -> Vec<Because> {
    if model.components.is_empty() || !accounts_for_components(catalog, al) {
        return Vec::new();
    }
    used_by(model, d.party)
        .map(|component| Because::Component { component })
        .collect()
}

/// The component reasons of a whole allocation: every component used by a party with a
/// duty in it, in file order.
pub fn allocation_components(model: &Model, catalog: &Catalog, al: &Allocation) -> Vec<Because> {
    if model.components.is_empty() || !accounts_for_components(catalog, al) {
        return Vec::new();
    }
    model
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| al.duties().any(|d| c.used_by.contains(&d.party)))
        .map(|(component, _)| Because::Component { component })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::{Catalog, Options, analyse, load::parse_model};

    /// A component used by a developer and by an operator that develops nothing.
    const MODEL: &str = r#"(
        name: "components",
        parties: {
            "owner": (name: "Owner", division: Customer, operates: true),
            "dev": (name: "Developer", division: Provider),
        },
        components: [
            (id: "openssl", name: "OpenSSL", oss: true, version: "3.0.13", used_by: ["dev", "owner"]),
            (id: "lib", name: "In-house lib", used_by: ["owner"]),
        ],
        contracts: [(id: "build", client: "owner", contractor: "dev", kind: Development, security_terms: true)],
    )"#;

    #[test]
    fn each_users_2_1_duties_name_the_components_it_uses() {
        let catalog = Catalog::builtin();
        let m = parse_model("c.ron", MODEL, &catalog).unwrap();
        let a = analyse(&m, &catalog, Options::default());
        let (dev, owner) = (m.party("dev").unwrap(), m.party("owner").unwrap());
        let mut seen = 0;
        for al in &a.allocations {
            let in_2_1 = super::accounts_for_components(&catalog, al);
            for d in al.duties() {
                let got = super::duty_components(&m, &catalog, al, d);
                let want: Vec<crate::derive::Because> = if !in_2_1 {
                    vec![]
                } else if d.party == dev {
                    vec![crate::derive::Because::Component { component: 0 }]
                } else if d.party == owner {
                    vec![
                        crate::derive::Because::Component { component: 0 },
                        crate::derive::Because::Component { component: 1 },
                    ]
                } else {
                    vec![]
                };
                assert_eq!(got, want, "{} {:?}", al.unit(&catalog).id(), d);
                seen += usize::from(!got.is_empty());
            }
            let all = super::allocation_components(&m, &catalog, al);
            assert_eq!(all.is_empty(), !in_2_1 || al.duties().next().is_none());
        }
        assert!(seen >= 2, "the (2)-1 duties of both users");
        // The reason reads in both languages and names the users.
        let b = crate::derive::Because::Component { component: 0 };
        let en = crate::render::because::text(&m, &catalog, &b, crate::i18n::Lang::En);
        assert!(
            en.contains(
                "component \"openssl\" (OpenSSL 3.0.13, OSS) is used by \"dev\", \"owner\""
            ) && en.contains("S(2)-1.3"),
            "{en}"
        );
        let ja = crate::render::because::text(&m, &catalog, &b, crate::i18n::Lang::Ja);
        assert!(
            ja.contains("コンポーネント「openssl」") && ja.contains("(2)-1"),
            "{ja}"
        );
        // explain lists them, and groups the (2)-1 duties under each.
        let text = crate::render::explain::render_text(
            &a,
            owner,
            None,
            crate::i18n::Lang::En,
            crate::style::Paint::default(),
        );
        assert!(text.contains("Components it uses"), "{text}");
        assert!(text.contains("By the model: component \"lib\""), "{text}");
    }
}
