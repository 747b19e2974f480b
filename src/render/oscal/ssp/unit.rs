//! What each unit (requirement or item) says in the plan: responsible roles, one
//! by-component per party with a share, one on the system for duties nobody leads, and
//! rolemap's props.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use super::super::{
    clean, control_id, package_props, prop, prop_class, role_id, statement_id, uuid,
};
use super::Ids;
use crate::catalog::Unit;
use crate::checklist::{Declared, RowState};
use crate::i18n::Lang;
use crate::model::types::{Qualifier, Role};
use crate::tr;
use crate::{Analysis, Status};

/// One party's share of a unit: role, qualifier, scope and the contract it is established in.
type Share = (Role, Qualifier, Option<String>, Option<String>);

/// The implemented requirements: one per requirement, with a statement per item; each
/// statement is made as it is written.
pub(super) struct Implemented<'a, 'i>(
    pub(super) &'a Analysis<'a>,
    pub(super) &'i Ids<'a>,
    pub(super) Lang,
);

impl Serialize for Implemented<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .catalog
                .requirements
                .iter()
                .map(|r| Requirement(self, r)),
        )
    }
}

struct Requirement<'x, 'a, 'i>(&'x Implemented<'a, 'i>, &'a crate::catalog::Requirement);

impl Serialize for Requirement<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (Implemented(a, ids, lang), r) = (self.0, self.1);
        let (a, ids, lang) = (*a, *ids, *lang);
        let key = ids.key;
        let mut v = s.serialize_map(None)?;
        v.serialize_entry("uuid", &uuid(&[key, "implemented-requirement", &r.id]))?;
        v.serialize_entry("control-id", &control_id(&r.id))?;
        if r.items.is_empty() {
            let unit = Unit {
                requirement: r,
                item: None,
            };
            unit_content(a, ids, lang, &unit).entries(&mut v, self.0, &unit, &r.id)?;
        } else {
            v.serialize_entry("props", &json!([{ "name": "label", "value": r.id }]))?;
            v.serialize_entry("statements", &Statements(self.0, r))?;
        }
        v.end()
    }
}

struct Statements<'x, 'a, 'i>(&'x Implemented<'a, 'i>, &'a crate::catalog::Requirement);

impl Serialize for Statements<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (Implemented(a, ids, lang), r) = (self.0, self.1);
        let (a, ids, lang) = (*a, *ids, *lang);
        use rayon::prelude::*;
        use serde::ser::SerializeSeq;
        // As many statements at once as there are threads: their shares gathered on every
        // core, written in order, one batch held at a time.
        let mut seq = s.serialize_seq(Some(r.items.len()))?;
        for batch in r.items.chunks(rayon::current_num_threads().max(1)) {
            let made: Vec<Content> = batch
                .par_iter()
                .map(|i| {
                    let unit = Unit {
                        requirement: r,
                        item: Some(i),
                    };
                    unit_content(a, ids, lang, &unit)
                })
                .collect();
            for (i, content) in batch.iter().zip(&made) {
                let unit = Unit {
                    requirement: r,
                    item: Some(i),
                };
                seq.serialize_element(&Statement(self.0, &unit, content))?;
            }
        }
        seq.end()
    }
}

/// One statement: its ids, then what its unit says.
struct Statement<'x, 'a, 'i>(&'x Implemented<'a, 'i>, &'x Unit<'a>, &'x Content);

impl Serialize for Statement<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (x, u, content) = (self.0, self.1, self.2);
        let (r, i) = (u.requirement, u.item.expect("a statement is of an item"));
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("statement-id", &statement_id(&r.id, &i.id))?;
        o.serialize_entry("uuid", &uuid(&[x.1.key, "statement", &i.id]))?;
        content.entries(&mut o, x, u, &i.id)?;
        o.end()
    }
}

/// The implementation status a filled-in checklist row declares: OSCAL has no state for
/// "not implemented", so a declared missing is `planned`, its remarks saying so.
fn declared_status(r: &RowState, lang: Lang) -> Value {
    let Some(d) = r.status else {
        return Value::Null;
    };
    let state = match d {
        Declared::Implemented => "implemented",
        Declared::Partial => "partial",
        Declared::Missing => "planned",
        Declared::NotApplicable => "not-applicable",
    };
    let mut remarks = vec![tr!(
        lang,
        "Declared in the self-declaration checklist: {}.",
        "自己適合宣言チェックリストでの申告: {}。",
        d.label(lang)
    )];
    if !r.evidence.trim().is_empty() {
        let e = r.evidence.trim();
        remarks.push(tr!(lang, "Evidence: {e}", "エビデンス: {e}"));
    }
    if !r.remarks.trim().is_empty() {
        let x = r.remarks.trim();
        remarks.push(tr!(lang, "Remarks: {x}", "備考: {x}"));
    }
    json!({ "state": state, "remarks": clean(&remarks.join(" ")) })
}

/// The content of unit `u` (`owner`: the id its by-component uuids are derived from).
fn unit_content(a: &Analysis, ids: &Ids, lang: Lang, u: &Unit) -> Content {
    let m = a.model;
    let allocs: Vec<(usize, &crate::Allocation)> = a
        .allocations
        .iter()
        .enumerate()
        .filter(|(_, al)| {
            let x = al.unit(a.catalog);
            x.id() == u.id()
        })
        .collect();
    let mut props = vec![json!({ "name": "label", "value": u.id() })];
    package_props(u.package(), u.package_source(), &mut props, lang);
    if u.is_residual() {
        props.push(prop("residual", "true"));
    }
    let mut rr = Vec::new();
    let mut by_party: std::collections::BTreeMap<usize, Vec<Share>> = Default::default();
    let mut gaps: Vec<(Role, Status)> = Vec::new();
    for (_, al) in &allocs {
        props.push(prop_class(
            "allocation-status",
            al.status.key(),
            al.role.key(),
        ));
        let mut resp: Vec<usize> = al.responsible.iter().map(|d| d.party).collect();
        if !resp.is_empty() {
            rr.push(json!({ "role-id": role_id(al.role), "party-uuids": ids.parties(&mut resp) }));
        }
        for (d, responsible) in al
            .responsible
            .iter()
            .map(|d| (d, true))
            .chain(al.contributors.iter().map(|d| (d, false)))
        {
            let scope = crate::allocate::duty_scope(d, &a.roles, m).map(str::to_string);
            let contract = match d.via {
                crate::allocate::Via::Contract { contract, .. } => {
                    Some(m.contracts[contract].id.clone())
                }
                _ => None,
            };
            let q = if responsible {
                Qualifier::Lead
            } else {
                d.qualifier
            };
            let entry = (al.role, q, scope, contract);
            let list = by_party.entry(d.party).or_default();
            if !list.contains(&entry) {
                list.push(entry);
            }
        }
        if matches!(
            al.status,
            Status::Unassigned | Status::NoLead | Status::Waived | Status::NotApplicable
        ) {
            gaps.push((al.role, al.status));
        }
    }
    let mut head = Map::new();
    head.insert("props".into(), json!(props));
    if !rr.is_empty() {
        head.insert("responsible-roles".into(), json!(rr));
    }
    Content {
        head,
        by_party,
        gaps,
    }
}

/// What a unit says, its by-components made as they are written.
pub(super) struct Content {
    /// `props` and `responsible-roles`.
    head: Map<String, Value>,
    by_party: std::collections::BTreeMap<usize, Vec<Share>>,
    gaps: Vec<(Role, Status)>,
}

impl Content {
    /// Write the unit's fields into the object `o` (`owner`: as for [`unit_content`]).
    fn entries<M: SerializeMap>(
        &self,
        o: &mut M,
        x: &Implemented,
        u: &Unit,
        owner: &str,
    ) -> Result<(), M::Error> {
        for (k, v) in &self.head {
            o.serialize_entry(k, v)?;
        }
        if !self.by_party.is_empty() || !self.gaps.is_empty() {
            o.serialize_entry("by-components", &ByComponents(self, x, u, owner))?;
        }
        Ok(())
    }
}

struct ByComponents<'c, 'x, 'a, 'i>(&'c Content, &'x Implemented<'a, 'i>, &'c Unit<'c>, &'c str);

impl Serialize for ByComponents<'_, '_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (c, Implemented(a, ids, lang), u, owner) = (self.0, self.1, self.2, self.3);
        let (a, ids, lang) = (*a, *ids, *lang);
        let parties = c
            .by_party
            .iter()
            .map(|(p, shares)| by_component(a, ids, lang, u, owner, *p, shares));
        let gaps = (!c.gaps.is_empty()).then(|| gaps_component(ids, lang, owner, &c.gaps));
        s.collect_seq(parties.chain(gaps))
    }
}

/// The by-component of party `p`'s shares of unit `u`.
fn by_component(
    a: &Analysis,
    ids: &Ids,
    lang: Lang,
    u: &Unit,
    owner: &str,
    p: usize,
    shares: &[Share],
) -> Value {
    let m = a.model;
    let key = ids.key;
    let p = &p;
    {
        let mut rr_p = Vec::new();
        let mut props_p = Vec::new();
        let mut text = Vec::new();
        for (role, q, scope, contract) in shares {
            if *q == Qualifier::Lead {
                let v = json!({ "role-id": role_id(*role), "party-uuids": [ids.party(*p)] });
                if !rr_p.contains(&v) {
                    rr_p.push(v);
                }
            }
            props_p.push(prop_class("qualifier", q.key(), role.key()));
            if let Some(s) = scope {
                props_p.push(prop_class("scope", clean(s), role.key()));
            }
            if let Some(c) = contract {
                props_p.push(prop_class("contract", clean(c), role.key()));
            }
            let role_word = match lang {
                Lang::En => role.name(),
                Lang::Ja => role.label(lang),
            };
            let mut t = format!("{role_word} {}", q.label(lang));
            if let Some(s) = scope {
                t.push_str(&format!(" ({s})"));
            }
            if let Some(c) = contract {
                t.push_str(&match lang {
                    Lang::En => format!(", to establish in contract {c}"),
                    Lang::Ja => format!("、契約{c}で確立"),
                });
            }
            text.push(t);
        }
        let name = m.parties[*p].name.get(lang);
        let description = match lang {
            Lang::En => format!("{name}: {}.", text.join("; ")),
            Lang::Ja => format!("{name}: {}。", text.join("、")),
        };
        let declared = ids.declared.get(&(*p, u.id()));
        if let Some(d) = declared.and_then(|r| r.status) {
            props_p.push(prop("declared-status", d.key()));
        }
        let mut bc = json!({
            "component-uuid": ids.component(*p),
            "uuid": uuid(&[key, "by-component", owner, &m.parties[*p].id]),
            "description": clean(&description),
            "props": props_p,
        });
        if let Some(r) = declared {
            bc["implementation-status"] = declared_status(r, lang);
        }
        if !rr_p.is_empty() {
            bc["responsible-roles"] = json!(rr_p);
        }
        bc
    }
}

/// The by-component on the system itself of the duties nobody leads.
fn gaps_component(ids: &Ids, lang: Lang, owner: &str, gaps: &[(Role, Status)]) -> Value {
    let key = ids.key;
    {
        let state = if gaps.iter().all(|(_, s)| *s == Status::NotApplicable) {
            "not-applicable"
        } else {
            "planned"
        };
        let text: Vec<String> = gaps
            .iter()
            .map(|(r, s)| {
                let (r, s) = (r.label(lang), s.label(lang));
                match lang {
                    Lang::En => format!("{r}: {s}"),
                    Lang::Ja => format!("{r}: {s}"),
                }
            })
            .collect();
        let description = match lang {
            Lang::En => format!(
                "Duties that no party leads in the model: {}.",
                text.join("; ")
            ),
            Lang::Ja => format!(
                "モデル上で主体となる関係者がいない責務: {}。",
                text.join("、")
            ),
        };
        let mut props_s: Vec<Value> = gaps
            .iter()
            .map(|(r, s)| prop_class("allocation-status", s.key(), r.key()))
            .collect();
        props_s.dedup();
        json!({
            "component-uuid": ids.system(),
            "uuid": uuid(&[key, "by-component", owner, "this-system"]),
            "description": clean(&description),
            "props": props_s,
            "implementation-status": { "state": state },
        })
    }
}
