//! The model's components (used without a contract: OSS, libraries) in the system security
//! plan: one `software` component each, and one inventory item each that implements it.
//! Parties are `service` components of their own; a software component's responsible role is
//! Developer, held by those of its users that develop (none: `component-unmanaged`), and its
//! inventory item names every user as responsible for procuring it ((2)-1).

use serde_json::{Value, json};

use super::{clean, prop, role_id, uuid};
use crate::Analysis;
use crate::i18n::Lang;
use crate::model::types::Role;

/// The `software` components and the inventory items of the model's components, in model
/// order; `party_uuid` gives a party's uuid in the plan.
pub(super) fn of(
    a: &Analysis,
    lang: Lang,
    key: &str,
    party_uuid: &dyn Fn(usize) -> String,
) -> (Vec<Value>, Vec<Value>) {
    let m = a.model;
    let mut components = Vec::new();
    let mut inventory = Vec::new();
    for c in &m.components {
        let component_uuid = uuid(&[key, "software", &c.id]);
        let users: Vec<&str> = c
            .used_by
            .iter()
            .map(|&p| m.parties[p].name.get(lang))
            .collect();
        let developers: Vec<String> = c
            .used_by
            .iter()
            .filter(|&&p| a.roles.of_party(p).any(|h| h.role == Role::Developer))
            .map(|&p| party_uuid(p))
            .collect();
        let description = match lang {
            Lang::En => format!(
                "{} is used without a contract of its own by {}; each accounts for it in (2)-1, secure procurement of components{}.",
                c.name.get(lang),
                users.join(", "),
                if developers.is_empty() {
                    " (none of them is a developer: component-unmanaged)"
                } else {
                    ""
                }
            ),
            Lang::Ja => format!(
                "{}は契約なしで{}が利用しています。各利用者が (2)-1 セキュアなコンポーネントの調達の中で扱います{}。",
                c.name.get(lang),
                users.join("、"),
                if developers.is_empty() {
                    " (利用者に開発者がいません: component-unmanaged)"
                } else {
                    ""
                }
            ),
        };
        let mut props = vec![prop("component-id", clean(&c.id))];
        props.push(prop("oss", if c.oss { "true" } else { "false" }));
        if let Some(v) = &c.version {
            props.push(prop("version", clean(v)));
        }
        let mut v = json!({
            "uuid": component_uuid,
            "type": "software",
            "title": clean(c.name.get(lang)),
            "description": clean(&description),
            "props": props,
            "status": { "state": "operational" },
        });
        if !developers.is_empty() {
            v["responsible-roles"] =
                json!([{ "role-id": role_id(Role::Developer), "party-uuids": developers }]);
        }
        if let Some(d) = &c.description {
            v["remarks"] = json!(clean(d.get(lang)));
        }
        components.push(v);

        let mut users_uuids: Vec<String> = c.used_by.iter().map(|&p| party_uuid(p)).collect();
        users_uuids.sort();
        users_uuids.dedup();
        let item = match lang {
            Lang::En => format!("{} in the system", c.name.get(lang)),
            Lang::Ja => format!("システムに組み込まれた{}", c.name.get(lang)),
        };
        let mut item_props = vec![prop("component-id", clean(&c.id))];
        if let Some(v) = &c.version {
            item_props.push(prop("version", clean(v)));
        }
        inventory.push(json!({
            "uuid": uuid(&[key, "inventory-item", &c.id]),
            "description": clean(&item),
            "props": item_props,
            "responsible-parties": [{ "role-id": role_id(Role::Developer), "party-uuids": users_uuids }],
            "implemented-components": [{ "component-uuid": component_uuid }],
        }));
    }
    (components, inventory)
}
