//! The analysis as an OSCAL system security plan: roles and parties in the metadata, one
//! component per party (and per software component), one implemented requirement per
//! requirement with a statement per item (`ssp/unit.rs`).

use serde_json::{Value, json};

mod unit;

use super::{
    OSCAL_VERSION, alt_title, clean, datetime, prop, prop_class, role_id, software, token,
    uri_reference, uuid,
};
use crate::render::json_out;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;
use std::io::Write;

use crate::Analysis;
use crate::checklist::{Conformance, RowState};
use crate::derive::Holding;
use crate::i18n::Lang;
use crate::model::types::Role;

/// The uuids of the plan's parties and components, from the model's name and the ids in it;
/// and what filled-in checklists declare, by party and unit id.
/// Each party's two uuids are made once: the plan names them millions of times.
struct Ids<'a> {
    key: &'a str,
    declared: BTreeMap<(usize, &'a str), &'a RowState>,
    party_uuids: Vec<String>,
    component_uuids: Vec<String>,
    system_uuid: String,
}

impl Ids<'_> {
    fn party(&self, p: usize) -> &str {
        &self.party_uuids[p]
    }

    fn component(&self, p: usize) -> &str {
        &self.component_uuids[p]
    }

    /// The system's own component.
    fn system(&self) -> &str {
        &self.system_uuid
    }

    /// The uuids of `ps`, sorted and without repeats.
    fn parties(&self, ps: &mut Vec<usize>) -> Vec<&str> {
        ps.sort();
        ps.dedup();
        ps.iter().map(|&p| self.party(p)).collect()
    }
}

/// The role label for descriptions: `Operator (運用者)`.
fn role_label(r: Role, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} ({})", r.label(Lang::En), r.label(Lang::Ja)),
        Lang::Ja => format!("{} ({})", r.label(Lang::Ja), r.name()),
    }
}

fn holding_text(h: &Holding, lang: Lang) -> String {
    let q = h.qualifier.label(lang);
    let r = h.role.label(lang);
    match &h.scope {
        Some(s) => format!("{r} {q} ({s})"),
        None => format!("{r} {q}"),
    }
}

/// The analysis as an OSCAL system security plan. `catalog_href` is where the OSCAL catalog
/// (from [`render_catalog`](super::render_catalog)) will be found, relative to the SSP.
pub fn render_ssp(a: &Analysis, lang: Lang, catalog_href: &str) -> Value {
    render_ssp_with(a, lang, catalog_href, None)
}

/// Like [`render_ssp`], with what filled-in checklists declare (`export oscal --status`): each
/// party's `by-component` of a row it declared gets an `implementation-status` (implemented,
/// partial, planned for a declared missing, not-applicable) with the evidence and remarks.
pub fn render_ssp_with(
    a: &Analysis,
    lang: Lang,
    catalog_href: &str,
    conformance: Option<&Conformance>,
) -> Value {
    // The plan as `write_ssp` writes it, read back: one way to make it.
    let mut out = Vec::new();
    write_ssp(&mut out, a, lang, catalog_href, conformance).expect("writing to memory");
    serde_json::from_slice(&out).expect("the plan is JSON")
}

/// Write the plan of [`render_ssp_with`], fully pretty with a trailing newline, streamed from
/// the analysis: the implemented requirements, nearly all of a large plan, are written as they
/// are made (`ssp/unit.rs`), never held whole nor made into a JSON tree.
pub fn write_ssp<W: std::io::Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    lang: Lang,
    catalog_href: &str,
    conformance: Option<&Conformance>,
) -> std::io::Result<()> {
    write_ssp_in(w, a, lang, catalog_href, conformance, unit::PIECE)
}

/// [`write_ssp`] with by-components made `piece` at a time.
fn write_ssp_in<W: std::io::Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    lang: Lang,
    catalog_href: &str,
    conformance: Option<&Conformance>,
    piece: usize,
) -> std::io::Result<()> {
    let plan = plan(a, lang, catalog_href, conformance);
    let id = input_uuid(&plan, catalog_href);
    let Value::Object(fields) = &plan.doc else {
        return Err(std::io::Error::other("the plan is an object"));
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut *w);
    let w = &mut out;
    let mut root = json_out::Pretty::object(w, 0)?;
    root.key(w, "system-security-plan")?;
    let mut ssp = json_out::Pretty::object(w, root.inner())?;
    for (k, v) in fields {
        match k.as_str() {
            "uuid" => ssp.field(w, k, &id)?,
            "control-implementation" => {
                ssp.key(w, k)?;
                let mut ci = json_out::Pretty::object(w, ssp.inner())?;
                ci.field(w, "description", &v["description"])?;
                ci.key(w, "implemented-requirements")?;
                unit::write_requirements(w, a, &plan.ids, lang, ci.inner(), piece)?;
                ci.end(w)?;
            }
            _ => ssp.field(w, k, &Splice(&plan, v))?,
        }
    }
    ssp.end(w)?;
    root.end(w)?;
    w.write_all(b"\n")?;
    out.flush()
}

/// The document's own UUID, from everything the plan is made of: rolemap's version, the
/// language, the catalog's link, the target package, the date, the model's file name and text,
/// the catalog's text and what the filled-in checklists declare. The plan is a function of
/// these, so a plan that changes gets a new UUID, and the same inputs give the same UUID,
/// without writing the plan once more into a hash of its content.
fn input_uuid(plan: &Plan, catalog_href: &str) -> String {
    let a = plan.a;
    let mut h = sha1_smol::Sha1::new();
    let mut field = |b: &[u8]| {
        h.update(&(b.len() as u64).to_le_bytes());
        h.update(b);
    };
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(plan.lang.code().as_bytes());
    field(catalog_href.as_bytes());
    field(a.package.key().as_bytes());
    field(a.today.to_string().as_bytes());
    field(a.model.file.name().as_bytes());
    field(a.model.file.text().as_bytes());
    field(a.catalog.file.name().as_bytes());
    field(a.catalog.file.text().as_bytes());
    for ((party, unit), r) in &plan.ids.declared {
        field(&(*party as u64).to_le_bytes());
        field(unit.as_bytes());
        field(r.status.map_or("", |d| d.key()).as_bytes());
        field(r.evidence.as_bytes());
        field(r.remarks.as_bytes());
    }
    let digest = h.digest().to_string();
    uuid(&["document", "system-security-plan", "inputs", &digest])
}

/// The plan's small sections as a JSON tree, `implemented-requirements` left to be made as
/// it is written.
struct Plan<'a> {
    a: &'a Analysis<'a>,
    lang: Lang,
    ids: Ids<'a>,
    /// The model's components, after the parties' in `components`.
    software: Vec<Value>,
    doc: Value,
}

/// Where the lists of every party (`metadata.parties`, `system-implementation.components`)
/// go in the tree: each of their entries is made as it is written.
const PARTIES: &str = "\u{0}parties";
const COMPONENTS: &str = "\u{0}components";

/// A section of the tree, its lists of every party made as they are written.
struct Splice<'p, 'a>(&'p Plan<'a>, &'p Value);

impl Serialize for Splice<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let plan = self.0;
        match self.1 {
            Value::Object(fields) => {
                let mut o = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    o.serialize_entry(k, &Splice(plan, v))?;
                }
                o.end()
            }
            Value::Array(items) => s.collect_seq(items.iter().map(|v| Splice(plan, v))),
            Value::String(t) if t == PARTIES => {
                s.collect_seq(parties(plan.a, &plan.ids, plan.lang))
            }
            Value::String(t) if t == COMPONENTS => s.collect_seq(
                components(plan.a, &plan.ids, plan.lang).chain(plan.software.iter().cloned()),
            ),
            v => v.serialize(s),
        }
    }
}

/// The plan's sections but its implemented requirements.
fn plan<'a>(
    a: &'a Analysis<'a>,
    lang: Lang,
    catalog_href: &str,
    conformance: Option<&'a Conformance>,
) -> Plan<'a> {
    let m = a.model;
    let key = m.name.en.as_str();
    let mut declared = BTreeMap::new();
    for p in conformance.iter().flat_map(|c| &c.parties) {
        for r in &p.rows {
            if r.status.is_some() {
                declared.insert((r.row.party, r.row.unit(a).id()), r);
            }
        }
    }
    let made = |what: &str| -> Vec<String> {
        m.parties
            .iter()
            .map(|p| uuid(&[key, what, &p.id]))
            .collect()
    };
    let ids = Ids {
        key,
        declared,
        party_uuids: made("party"),
        component_uuids: made("component"),
        system_uuid: uuid(&[key, "component", "this-system"]),
    };
    let roles = roles(lang);

    let responsible_parties = responsible_parties(a, &ids);

    // The model's components (OSS, libraries) as software components and inventory items.
    let (software, inventory) = software::of(a, lang, key, &|p| ids.party(p).to_string());

    let catalog_resource = uuid(&[key, "resource", "catalog", &a.catalog.id]);
    let mut meta_props = vec![
        prop("model-file", clean(m.file.name())),
        prop("catalog", clean(&a.catalog.id)),
        prop("package", a.package.key()),
    ];
    if let Some(s) = m.software {
        meta_props.push(prop("software", s.key()));
    }
    let s = a.summary();
    meta_props.push(prop("errors", s.errors.to_string()));
    meta_props.push(prop("warnings", s.warnings.to_string()));
    let np = m.parties.len();
    let nc = m.contracts.len();
    let mut doc = json!({
        "system-security-plan": {
            "uuid": "",
            "metadata": {
                "title": clean(&match lang {
                    Lang::En => format!("{}: security duties under the guideline on cyber infrastructure providers", m.name.get(lang)),
                    Lang::Ja => format!("{}: サイバーインフラ事業者ガイドラインに基づくセキュリティ責務", m.name.get(lang)),
                }),
                "last-modified": datetime(a.today),
                "version": a.today.to_string(),
                "oscal-version": OSCAL_VERSION,
                "props": meta_props,
                "roles": roles,
                "parties": PARTIES,
                "responsible-parties": responsible_parties,
                "remarks": "Generated by rolemap from a model of parties and contracts: who is responsible for which requirement is derived, not asserted. Implementation status is not known to rolemap; `planned` marks duties nobody leads.",
            },
            "import-profile": {
                "href": format!("#{catalog_resource}"),
                "remarks": "Every control of the rolemap catalog in the back matter applies; rolemap does not tailor it.",
            },
            "system-characteristics": {
                "system-ids": [{ "identifier-type": "https://ietf.org/rfc/rfc4122", "id": uuid(&[key, "system"]) }],
                "system-name": clean(m.name.get(lang)),
                "description": clean(m.description.as_ref().unwrap_or(&m.name).get(lang)),
                "system-information": { "information-types": [{
                    "uuid": uuid(&[key, "information-type"]),
                    "title": "Information processed by the system",
                    "description": "Not recorded in the rolemap model.",
                }]},
                "status": { "state": "other", "remarks": "The lifecycle state is not recorded in the rolemap model." },
                "authorization-boundary": { "description": clean(&match lang {
                    Lang::En => format!("The supply chain described in the model: {np} parties joined by {nc} contracts."),
                    Lang::Ja => format!("モデルに記述したサプライチェーン: 関係者 {np}、契約 {nc}。"),
                })},
            },
            "system-implementation": {
                "users": [{
                    "uuid": uuid(&[key, "user", "customer"]),
                    "title": "Customer staff",
                    "role-ids": [role_id(Role::Customer)],
                }],
                "components": COMPONENTS,
            },
            "control-implementation": {
                "description": clean(&match lang {
                    Lang::En => format!("Allocation of the requirements of catalog {} to the parties, package {}.", a.catalog.id, a.package.key()),
                    Lang::Ja => format!("カタログ {} の要求事項の関係者への割当 (要求パッケージ: {})。", a.catalog.id, a.package.label(lang)),
                }),
                "implemented-requirements": [],
            },
            "back-matter": { "resources": [{
                "uuid": catalog_resource,
                "title": clean(a.catalog.title.get(lang)),
                "props": [prop("catalog", clean(&a.catalog.id))],
                "rlinks": [{ "href": uri_reference(catalog_href), "media-type": "application/oscal.catalog+json" }],
            }]},
        }
    });
    if !inventory.is_empty() {
        doc["system-security-plan"]["system-implementation"]["inventory-items"] = json!(inventory);
    }
    Plan {
        a,
        lang,
        ids,
        software,
        doc: doc["system-security-plan"].take(),
    }
}

/// The four roles of the guideline.
fn roles(lang: Lang) -> Vec<Value> {
    Role::ALL
    .iter()
    .map(|&r| {
        json!({
            "id": role_id(r),
            "title": role_label(r, lang),
            "description": match lang {
                Lang::En => format!("The {} role of the guideline on cyber infrastructure providers.", r.label(Lang::En)),
                Lang::Ja => format!("サイバーインフラ事業者に求められる役割等に関するガイドラインの{}の役割。", r.label(Lang::Ja)),
            },
        })
    })
    .collect()
}

/// The parties: one per party of the model, and one per organisation that is not a party.
fn parties<'x>(a: &'x Analysis, ids: &'x Ids, lang: Lang) -> impl Iterator<Item = Value> + 'x {
    let m = a.model;
    let key = ids.key;
    let mut orgs: Vec<&str> = m
        .parties
        .iter()
        .filter(|p| p.org != p.id && m.party(&p.org).is_none())
        .map(|p| p.org.as_str())
        .collect();
    orgs.sort();
    orgs.dedup();
    let org_uuid = move |org: &str| match m.party(org) {
        Some(p) => ids.party(p).to_string(),
        None => uuid(&[key, "organisation", org]),
    };
    m.parties
        .iter()
        .enumerate()
        .map(move |(pi, p)| {
            let mut props = vec![
                prop("party-id", clean(&p.id)),
                prop("division", p.division.key()),
            ];
            if p.operates {
                props.push(prop("operates", "true"));
            }
            alt_title(&p.name, lang, &mut props);
            let mut v = json!({
                "uuid": ids.party(pi),
                "type": "organization",
                "name": clean(p.name.get(lang)),
                "short-name": clean(&p.id),
                "props": props,
            });
            if p.org != p.id {
                v["member-of-organizations"] = json!([org_uuid(&p.org)]);
            }
            if let Some(d) = &p.description {
                v["remarks"] = json!(clean(d.get(lang)));
            }
            v
        })
        .chain(orgs.into_iter().map(move |org| {
            json!({
                "uuid": org_uuid(org),
                "type": "organization",
                "name": clean(org),
                "props": [prop("org-id", clean(org))],
            })
        }))
}

/// Who holds each role.
fn responsible_parties(a: &Analysis, ids: &Ids) -> Vec<Value> {
    Role::ALL
        .iter()
        .filter_map(|&r| {
            let mut ps: Vec<usize> = a.roles.of_role(r).map(|h| h.party).collect();
            if ps.is_empty() {
                return None;
            }
            Some(json!({ "role-id": role_id(r), "party-uuids": ids.parties(&mut ps) }))
        })
        .collect()
}

/// The components: the system, and one per party.
fn components<'x>(a: &'x Analysis, ids: &'x Ids, lang: Lang) -> impl Iterator<Item = Value> + 'x {
    let m = a.model;
    let system = json!({
        "uuid": ids.system(),
        "type": "this-system",
        "title": clean(m.name.get(lang)),
        "description": clean(m.description.as_ref().unwrap_or(&m.name).get(lang)),
        "status": { "state": "operational" },
    });
    std::iter::once(system).chain(m.parties.iter().enumerate().map(move |(pi, p)| {
        let held: Vec<&Holding> = a.roles.of_party(pi).collect();
        let mut rr: Vec<Value> = Vec::new();
        for &r in Role::ALL {
            let hs: Vec<&&Holding> = held.iter().filter(|h| h.role == r).collect();
            if hs.is_empty() {
                continue;
            }
            let props: Vec<super::Prop> = hs
                .iter()
                .map(|h| match &h.scope {
                    Some(s) => prop_class("qualifier", h.qualifier.key(), token(s)),
                    None => prop("qualifier", h.qualifier.key()),
                })
                .collect();
            rr.push(
                json!({ "role-id": role_id(r), "party-uuids": [ids.party(pi)], "props": props }),
            );
        }
        let roles_text: Vec<String> = held.iter().map(|h| holding_text(h, lang)).collect();
        let description = if roles_text.is_empty() {
            match lang {
                Lang::En => format!("{}: holds no role in this system.", p.name.get(lang)),
                Lang::Ja => format!("{}: このシステムで役割を持ちません。", p.name.get(lang)),
            }
        } else {
            match lang {
                Lang::En => format!(
                    "The part {} plays in the system: {}.",
                    p.name.get(lang),
                    roles_text.join(", ")
                ),
                Lang::Ja => format!(
                    "{}がシステムで担う部分: {}。",
                    p.name.get(lang),
                    roles_text.join("、")
                ),
            }
        };
        let mut c = json!({
            "uuid": ids.component(pi),
            "type": "service",
            "title": clean(p.name.get(lang)),
            "description": clean(&description),
            "props": [prop("party-id", clean(&p.id)), prop("division", p.division.key())],
            "status": { "state": "operational" },
        });
        if !rr.is_empty() {
            c["responsible-roles"] = json!(rr);
        }
        c
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{SynthOptions, generate};
    use crate::{Catalog, Date, Options, analyse, load::parse_model};

    /// However the by-components are cut into pieces (and whichever thread makes which), the
    /// plan is the same bytes, and they are what the fully pretty formatter prints for the
    /// plan read back: the hand-written structure is exactly serde_json's pretty printing.
    #[test]
    fn pieces_make_the_plan_of_one_go() {
        let catalog = Catalog::builtin();
        let text = generate(SynthOptions {
            parties: 700,
            seed: 3,
        })
        .to_string();
        let model = parse_model("chain.json", &text, &catalog).expect("a valid model");
        let today = Date::parse("2026-11-25").expect("a date");
        let a = analyse(
            &model,
            &catalog,
            Options {
                package: None,
                today,
            },
        );
        for lang in [Lang::En, Lang::Ja] {
            let write = |piece| {
                let mut out = Vec::new();
                write_ssp_in(&mut out, &a, lang, "c.json", None, piece).expect("to memory");
                out
            };
            let whole = write(100_000);
            let tree: Value = serde_json::from_slice(&whole).expect("JSON");
            assert!(
                whole == json_out::pretty_text(&tree).into_bytes(),
                "{lang:?}: not the formatter's bytes"
            );
            let units =
                tree["system-security-plan"]["control-implementation"]["implemented-requirements"]
                    .as_array()
                    .expect("a list");
            let most = units
                .iter()
                .flat_map(|r| {
                    let own = r["by-components"].as_array().map_or(0, Vec::len);
                    let statements = r["statements"].as_array().into_iter().flatten();
                    statements
                        .map(|s| s["by-components"].as_array().map_or(0, Vec::len))
                        .chain([own])
                })
                .max()
                .unwrap_or(0);
            assert!(most > 600, "{lang:?}: a unit of {most} by-components");
            for piece in [1, 7, 256] {
                assert!(write(piece) == whole, "{lang:?}, pieces of {piece}");
            }
        }
    }
}
