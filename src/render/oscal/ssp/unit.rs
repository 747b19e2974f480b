//! What each unit (requirement or item) says in the plan: responsible roles, one
//! by-component per party with a share, one on the system for duties nobody leads, and
//! rolemap's props.
//!
//! This is nearly all of a large plan (a by-component per party per unit: 2 GB at 100,000
//! parties), so it is written straight from the analysis with [`json_out::Pretty`], typed
//! values rendered by [`json_out::section_into`], never a `serde_json::Value`; each unit's
//! by-components are made in pieces on every core ([`crate::parallel::Ahead`]) and written in
//! order.

use std::io::{self, Write};

use serde::Serialize;

use super::super::{
    Prop, clean, control_id, package_props, prop, prop_class, role_id, statement_id, uuid,
};
use super::Ids;
use crate::catalog::Unit;
use crate::checklist::{Declared, RowState};
use crate::i18n::Lang;
use crate::model::types::{Qualifier, Role};
use crate::render::json_out::{self, Pretty};
use crate::tr;
use crate::{Analysis, Status};

/// One party's share of a unit: role, qualifier, scope and the contract it is established in.
type Share = (Role, Qualifier, Option<String>, Option<String>);

/// By-components made in one piece, on one thread.
pub(super) const PIECE: usize = 256;

/// A role and the parties responsible in it.
#[derive(Debug, PartialEq, Serialize)]
struct RoleParties<'x> {
    #[serde(rename = "role-id")]
    role_id: String,
    #[serde(rename = "party-uuids")]
    party_uuids: Vec<&'x str>,
}

/// An implementation status: OSCAL's state and why.
#[derive(Debug)]
struct ImplementationStatus {
    state: &'static str,
    remarks: Option<String>,
}

/// One by-component of a unit.
#[derive(Debug)]
struct ByComponent<'x> {
    component_uuid: &'x str,
    uuid: String,
    description: String,
    props: Vec<Prop>,
    status: Option<ImplementationStatus>,
    roles: Vec<RoleParties<'x>>,
}

impl ByComponent<'_> {
    /// Write it as a fully pretty object `depth` containers deep. By hand through
    /// [`Pretty`], not a serializer per value: a plan of 100k parties has millions of
    /// by-components (the bytes are serde's; `tests::pieces_make_the_plan_of_one_go` compares
    /// the plan with serde_json's pretty print of itself).
    fn write_into<W: Write + ?Sized>(&self, w: &mut W, depth: usize) -> io::Result<()> {
        let mut o = Pretty::object(w, depth)?;
        o.text(w, "component-uuid", self.component_uuid)?;
        o.text(w, "uuid", &self.uuid)?;
        o.text(w, "description", &self.description)?;
        o.key(w, "props")?;
        Prop::write_all(w, &self.props, o.inner())?;
        if let Some(s) = &self.status {
            o.key(w, "implementation-status")?;
            let mut so = Pretty::object(w, o.inner())?;
            so.text(w, "state", s.state)?;
            if let Some(r) = &s.remarks {
                so.text(w, "remarks", r)?;
            }
            so.end(w)?;
        }
        if !self.roles.is_empty() {
            o.key(w, "responsible-roles")?;
            let mut list = Pretty::array(w, o.inner())?;
            for r in &self.roles {
                list.element(w)?;
                let mut ro = Pretty::object(w, list.inner())?;
                ro.text(w, "role-id", &r.role_id)?;
                ro.key(w, "party-uuids")?;
                let mut ps = Pretty::array(w, ro.inner())?;
                for u in &r.party_uuids {
                    ps.element(w)?;
                    json_out::string_into(w, u)?;
                }
                ps.end(w)?;
                ro.end(w)?;
            }
            list.end(w)?;
        }
        o.end(w)
    }
}

/// Write the implemented requirements, a list `depth` containers deep: one per requirement,
/// with a statement per item; by-components made `piece` at a time ([`PIECE`]).
pub(super) fn write_requirements<W: Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    ids: &Ids,
    lang: Lang,
    depth: usize,
    piece: usize,
) -> io::Result<()> {
    let mut list = Pretty::array(w, depth)?;
    for r in &a.catalog.requirements {
        list.element(w)?;
        requirement(w, a, ids, lang, r, list.inner(), piece)?;
    }
    list.end(w)
}

fn requirement<W: Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    ids: &Ids,
    lang: Lang,
    r: &crate::catalog::Requirement,
    depth: usize,
    piece: usize,
) -> io::Result<()> {
    use rayon::prelude::*;
    let key = ids.key;
    let mut o = Pretty::object(w, depth)?;
    o.field(w, "uuid", &uuid(&[key, "implemented-requirement", &r.id]))?;
    o.field(w, "control-id", &control_id(&r.id))?;
    if r.items.is_empty() {
        let unit = Unit {
            requirement: r,
            item: None,
        };
        let content = unit_content(a, ids, lang, &unit);
        content.fields(w, &mut o, a, ids, lang, &unit, &r.id, piece)?;
    } else {
        o.field(w, "props", &[Prop::label(&r.id)])?;
        o.key(w, "statements")?;
        let mut list = Pretty::array(w, o.inner())?;
        // As many statements at once as there are threads: their shares gathered on every
        // core, written in order, one batch held at a time.
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
                list.element(w)?;
                let mut s = Pretty::object(w, list.inner())?;
                s.field(w, "statement-id", &statement_id(&r.id, &i.id))?;
                s.field(w, "uuid", &uuid(&[key, "statement", &i.id]))?;
                content.fields(w, &mut s, a, ids, lang, &unit, &i.id, piece)?;
                s.end(w)?;
            }
        }
        list.end(w)?;
    }
    o.end(w)
}

/// The implementation status a filled-in checklist row declares: OSCAL has no state for
/// "not implemented", so a declared missing is `planned`, its remarks saying so.
fn declared_status(r: &RowState, lang: Lang) -> Option<ImplementationStatus> {
    let d = r.status?;
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
    Some(ImplementationStatus {
        state,
        remarks: Some(clean(&remarks.join(" "))),
    })
}

/// The content of unit `u`.
fn unit_content<'i>(a: &Analysis, ids: &'i Ids, lang: Lang, u: &Unit) -> Content<'i> {
    let m = a.model;
    let allocs: Vec<&crate::Allocation> = a
        .allocations
        .iter()
        .filter(|al| al.unit(a.catalog).id() == u.id())
        .collect();
    let mut props = vec![Prop::label(u.id())];
    package_props(u.package(), u.package_source(), &mut props, lang);
    if u.is_residual() {
        props.push(prop("residual", "true"));
    }
    let mut roles = Vec::new();
    let mut by_party: std::collections::BTreeMap<usize, Vec<Share>> = Default::default();
    let mut gaps: Vec<(Role, Status)> = Vec::new();
    for al in &allocs {
        props.push(prop_class(
            "allocation-status",
            al.status.key(),
            al.role.key(),
        ));
        let mut resp: Vec<usize> = al.responsible.iter().map(|d| d.party).collect();
        if !resp.is_empty() {
            roles.push(RoleParties {
                role_id: role_id(al.role),
                party_uuids: ids.parties(&mut resp),
            });
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
    Content {
        props,
        roles,
        by_party: by_party.into_iter().collect(),
        gaps,
    }
}

/// What a unit says, its by-components made as they are written.
struct Content<'i> {
    props: Vec<Prop>,
    roles: Vec<RoleParties<'i>>,
    /// Each party with a share, in the order of the model.
    by_party: Vec<(usize, Vec<Share>)>,
    gaps: Vec<(Role, Status)>,
}

impl Content<'_> {
    /// Write the unit's fields into the object `o` (`owner`: the id its by-component uuids
    /// are derived from).
    #[allow(clippy::too_many_arguments)]
    fn fields<W: Write + ?Sized>(
        &self,
        w: &mut W,
        o: &mut Pretty,
        a: &Analysis,
        ids: &Ids,
        lang: Lang,
        u: &Unit,
        owner: &str,
        piece: usize,
    ) -> io::Result<()> {
        o.field(w, "props", &self.props)?;
        if !self.roles.is_empty() {
            o.field(w, "responsible-roles", &self.roles)?;
        }
        if self.by_party.is_empty() && self.gaps.is_empty() {
            return Ok(());
        }
        o.key(w, "by-components")?;
        let mut list = Pretty::array(w, o.inner())?;
        let depth = list.inner();
        // About 640 bytes a by-component.
        let each = (piece, crate::parallel::AHEAD_PER_THREAD, 640);
        list.elements_made(w, self.by_party.len(), each, &|buf, i| {
            let (p, shares) = &self.by_party[i];
            by_component(a, ids, lang, u, owner, *p, shares).write_into(buf, depth)
        })?;
        if !self.gaps.is_empty() {
            list.element(w)?;
            let bc = gaps_component(ids, lang, owner, &self.gaps);
            bc.write_into(w, depth)?;
        }
        list.end(w)
    }
}

/// The by-component of party `p`'s shares of unit `u`.
fn by_component<'i>(
    a: &Analysis,
    ids: &'i Ids,
    lang: Lang,
    u: &Unit,
    owner: &str,
    p: usize,
    shares: &[Share],
) -> ByComponent<'i> {
    let m = a.model;
    let mut roles = Vec::new();
    let mut props = Vec::new();
    let mut text = Vec::new();
    for (role, q, scope, contract) in shares {
        if *q == Qualifier::Lead {
            let v = RoleParties {
                role_id: role_id(*role),
                party_uuids: vec![ids.party(p)],
            };
            if !roles.contains(&v) {
                roles.push(v);
            }
        }
        props.push(prop_class("qualifier", q.key(), role.key()));
        if let Some(s) = scope {
            props.push(prop_class("scope", clean(s), role.key()));
        }
        if let Some(c) = contract {
            props.push(prop_class("contract", clean(c), role.key()));
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
    let name = m.parties[p].name.get(lang);
    let description = match lang {
        Lang::En => format!("{name}: {}.", text.join("; ")),
        Lang::Ja => format!("{name}: {}。", text.join("、")),
    };
    let declared = ids.declared.get(&(p, u.id()));
    if let Some(d) = declared.and_then(|r| r.status) {
        props.push(prop("declared-status", d.key()));
    }
    ByComponent {
        component_uuid: ids.component(p),
        uuid: uuid(&[ids.key, "by-component", owner, &m.parties[p].id]),
        description: clean(&description),
        props,
        status: declared.and_then(|r| declared_status(r, lang)),
        roles,
    }
}

/// The by-component on the system itself of the duties nobody leads.
fn gaps_component<'i>(
    ids: &'i Ids,
    lang: Lang,
    owner: &str,
    gaps: &[(Role, Status)],
) -> ByComponent<'i> {
    let state = if gaps.iter().all(|(_, s)| *s == Status::NotApplicable) {
        "not-applicable"
    } else {
        "planned"
    };
    let text: Vec<String> = gaps
        .iter()
        .map(|(r, s)| format!("{}: {}", r.label(lang), s.label(lang)))
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
    let mut props: Vec<Prop> = gaps
        .iter()
        .map(|(r, s)| prop_class("allocation-status", s.key(), r.key()))
        .collect();
    props.dedup();
    ByComponent {
        component_uuid: ids.system(),
        uuid: uuid(&[ids.key, "by-component", owner, "this-system"]),
        description: clean(&description),
        props,
        status: Some(ImplementationStatus {
            state,
            remarks: None,
        }),
        roles: Vec::new(),
    }
}
