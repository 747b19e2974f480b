//! `rolemap export oscal`: the allocation as an OSCAL 1.2 system security plan (SSP), and the
//! requirement catalog as an OSCAL catalog that the SSP's control ids refer to.
//!
//! Mapping (see `docs/oscal.md`):
//! - each party is a `metadata.parties` entry (an organisation; departments are members of their
//!   organisation) and a component of the system; the four roles are `metadata.roles`
//!   (`meti-developer`, ...) and `metadata.responsible-parties` says who holds each;
//! - each requirement is an `implemented-requirement` (`control-id` = the catalog control), each
//!   known item a `statement`; responsible parties are `responsible-roles` with `party-uuids`,
//!   and every party with a share (lead, support or infrastructure) gets a `by-component`;
//! - a duty nobody leads has no responsible role and a `by-component` on the system itself with
//!   `implementation-status` `planned`; rolemap's own data (status, qualifier, scope, package,
//!   source) are `props` in rolemap's namespace.
//!
//! UUIDs are deterministic: version-5 style (SHA-1) from a fixed namespace and stable keys (the
//! model's name and the ids in it), so the same model gives the same document. The document's
//! own UUID is derived from its content, so it changes whenever the document does.

mod software;
use serde_json::{Map, Value, json};

use crate::catalog::{Catalog, Source, Unit};
use crate::date::Date;
use crate::derive::Holding;
use crate::i18n::{Lang, Text};
use crate::model::types::{Qualifier, Role};
use crate::{Analysis, Status};

/// The OSCAL version the documents follow.
pub const OSCAL_VERSION: &str = "1.2.3";

/// The namespace of rolemap's own props.
/// A URN, not a URL: rolemap claims no web domain for it.
pub const NS: &str = "urn:rolemap:oscal";

/// The fixed namespace UUID every rolemap UUID is derived from.
const NAMESPACE: [u8; 16] = [
    0x9a, 0x53, 0x92, 0xf1, 0x83, 0xe6, 0x49, 0xc6, 0x9c, 0x82, 0xdd, 0xa4, 0x87, 0xeb, 0xbf, 0x1d,
];

/// A name-based UUID (RFC 9562 version 5: SHA-1 of namespace and name), hyphenated lower case.
pub fn uuid_v5(namespace: &[u8; 16], name: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::from_bytes(*namespace), name.as_bytes())
        .hyphenated()
        .to_string()
}

/// A rolemap UUID for `parts` (joined with a separator that ids cannot contain).
fn uuid(parts: &[&str]) -> String {
    uuid_v5(&NAMESPACE, &parts.join("\u{1f}"))
}

/// An OSCAL token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`) from a catalog id: `(1)-4` → `req-1-4`,
/// `S(1)-4.1` → `s1-4.1`.
pub fn token(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_alphanumeric() || c == '.' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == '(' || c == ')' {
            continue;
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    match out.chars().next() {
        Some(c) if c.is_alphabetic() || c == '_' => out,
        _ => format!("req-{out}"),
    }
}

/// The control id of a requirement.
pub fn control_id(requirement: &str) -> String {
    let t = token(requirement);
    if t.starts_with("req-") {
        t
    } else {
        format!("req-{t}")
    }
}

/// The statement (part) id of an item within its requirement's control.
pub fn statement_id(requirement: &str, item: &str) -> String {
    format!("{}_smt.{}", control_id(requirement), token(item))
}

/// The role id of a role: `meti-developer`.
pub fn role_id(r: Role) -> String {
    format!("meti-{}", r.key())
}

fn prop(name: &str, value: impl Into<String>) -> Value {
    json!({ "name": name, "ns": NS, "value": value.into() })
}

fn prop_class(name: &str, value: impl Into<String>, class: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": value.into(), "class": class })
}

/// OSCAL strings must not be empty or start or end with blanks; OSCAL tools turn them into
/// XML, so what XML forbids and noncharacters become U+FFFD, and bidirectional controls are
/// shown as `[U+202E]`.
fn clean(s: &str) -> String {
    let t = crate::style::doc_text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if t.is_empty() { "—".to_string() } else { t }
}

/// A URI reference from an IRI or a path: bytes outside printable ASCII (and spaces) are
/// percent-encoded, so that `uri-reference` holds.
pub fn uri_reference(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn datetime(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

fn other_lang(lang: Lang) -> Lang {
    match lang {
        Lang::En => Lang::Ja,
        Lang::Ja => Lang::En,
    }
}

/// The title in `lang`, and the other language as an `alt-title` prop when it differs.
fn alt_title(t: &Text, lang: Lang, props: &mut Vec<Value>) {
    if !t.is_single() {
        let o = other_lang(lang);
        props.push(prop_class("alt-title", clean(t.get(o)), o.code()));
    }
}

fn source_props(s: &Source, props: &mut Vec<Value>, lang: Lang) {
    props.push(prop("source", s.key()));
    match s {
        Source::Seed => {}
        Source::Web(tags) => props.push(prop("source-tags", clean(tags))),
        Source::Inferred(reason) => props.push(prop("inference", clean(reason.get(lang)))),
    }
}

/// The catalog as an OSCAL catalog document.
pub fn render_catalog(catalog: &Catalog, lang: Lang, today: Date) -> Value {
    let groups: Vec<Value> = catalog
        .categories
        .iter()
        .map(|c| {
            let mut props = vec![prop("holder", c.holder.key())];
            source_props(&c.source, &mut props, lang);
            alt_title(&c.title, lang, &mut props);
            let controls: Vec<Value> = catalog
                .requirements
                .iter()
                .filter(|r| r.category == c.id)
                .map(|r| {
                    let mut props = vec![json!({ "name": "label", "value": r.id })];
                    for role in &r.roles {
                        props.push(prop("role", role.key()));
                    }
                    props.push(prop("applies", r.applies.key()));
                    props.push(prop("package", r.package.key()));
                    source_props(&r.source, &mut props, lang);
                    alt_title(&r.title, lang, &mut props);
                    let items: Vec<Value> = r
                        .items
                        .iter()
                        .map(|i| {
                            let mut props = vec![
                                json!({ "name": "label", "value": i.id }),
                                prop("package", i.package.key()),
                            ];
                            for role in i.roles.as_deref().unwrap_or_default() {
                                props.push(prop("role", role.key()));
                            }
                            if let Some(a) = i.applies {
                                props.push(prop("applies", a.key()));
                            }
                            source_props(&i.source, &mut props, lang);
                            alt_title(&i.title, lang, &mut props);
                            let mut part = json!({
                                "id": statement_id(&r.id, &i.id),
                                "name": "item",
                                "title": clean(i.title.get(lang)),
                                "props": props,
                            });
                            if let Some(n) = &i.note {
                                part["prose"] = json!(clean(n.get(lang)));
                            }
                            part
                        })
                        .collect();
                    let mut statement = json!({
                        "id": format!("{}_smt", control_id(&r.id)),
                        "name": "statement",
                        "prose": clean(r.title.get(lang)),
                    });
                    if !items.is_empty() {
                        statement["parts"] = json!(items);
                    }
                    let mut parts = vec![statement];
                    if let Some(n) = &r.note {
                        parts.push(json!({
                            "id": format!("{}_gdn", control_id(&r.id)),
                            "name": "guidance",
                            "prose": clean(n.get(lang)),
                        }));
                    }
                    json!({
                        "id": control_id(&r.id),
                        "class": "requirement",
                        "title": clean(r.title.get(lang)),
                        "props": props,
                        "parts": parts,
                    })
                })
                .collect();
            json!({
                "id": format!("cat-{}", token(&c.id).trim_start_matches("req-")),
                "class": "category",
                "title": clean(c.title.get(lang)),
                "props": props,
                "controls": controls,
            })
        })
        .collect();
    // Sources with a link are back-matter resources (OSCAL wants a link or content in each);
    // the others are named in the metadata.
    let resources: Vec<Value> = catalog
        .sources
        .iter()
        .filter_map(|s| {
            let u = s.url.as_ref()?;
            Some(json!({
                "uuid": uuid(&["catalog", &catalog.id, "source", &s.tag]),
                "title": clean(&s.title),
                "props": [prop("tag", clean(&s.tag))],
                "rlinks": [{ "href": uri_reference(u) }],
            }))
        })
        .collect();
    let mut meta_props = vec![prop("edition", clean(catalog.edition.get(lang)))];
    for s in catalog.sources.iter().filter(|s| s.url.is_none()) {
        meta_props.push(prop_class(
            "source-document",
            clean(&s.title),
            &token(&s.tag),
        ));
    }
    let mut doc = json!({
        "catalog": {
            "uuid": "",
            "metadata": {
                "title": clean(catalog.title.get(lang)),
                "last-modified": datetime(today),
                "version": clean(&catalog.id),
                "oscal-version": OSCAL_VERSION,
                "props": meta_props,
                "remarks": "Generated by rolemap from its requirement catalog. Every control and item says where it comes from (prop `source`: seed, web or inferred).",
            },
            "groups": groups,
        }
    });
    if !resources.is_empty() {
        doc["catalog"]["back-matter"] = json!({ "resources": resources });
    }
    seal(&mut doc, "catalog");
    doc
}

/// Set the document's UUID from its content (with the UUID field empty).
fn seal(doc: &mut Value, root: &str) {
    let text = serde_json::to_string(doc).expect("JSON values serialise");
    let mut h = sha1_smol::Sha1::new();
    h.update(text.as_bytes());
    let id = uuid(&["document", root, &h.digest().to_string()]);
    doc[root]["uuid"] = json!(id);
}

/// One party's share of a unit: role, qualifier, scope and the contract it is established in.
type Share = (Role, Qualifier, Option<String>, Option<String>);

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
/// (from [`render_catalog`]) will be found, relative to the SSP.
pub fn render_ssp(a: &Analysis, lang: Lang, catalog_href: &str) -> Value {
    let m = a.model;
    let key = m.name.en.as_str();
    let party_uuid = |p: usize| uuid(&[key, "party", &m.parties[p].id]);
    let component_uuid = |p: usize| uuid(&[key, "component", &m.parties[p].id]);
    let system_uuid = uuid(&[key, "component", "this-system"]);
    let party_ids = |ps: &mut Vec<usize>| {
        ps.sort();
        ps.dedup();
        ps.iter().map(|&p| party_uuid(p)).collect::<Vec<_>>()
    };

    // Roles and parties.
    let roles: Vec<Value> = Role::ALL
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
        .collect();
    let mut orgs: Vec<&str> = m
        .parties
        .iter()
        .filter(|p| p.org != p.id && m.party(&p.org).is_none())
        .map(|p| p.org.as_str())
        .collect();
    orgs.sort();
    orgs.dedup();
    let org_uuid = |org: &str| match m.party(org) {
        Some(p) => party_uuid(p),
        None => uuid(&[key, "organisation", org]),
    };
    let mut parties: Vec<Value> = m
        .parties
        .iter()
        .enumerate()
        .map(|(pi, p)| {
            let mut props = vec![
                prop("party-id", clean(&p.id)),
                prop("division", p.division.key()),
            ];
            if p.operates {
                props.push(prop("operates", "true"));
            }
            alt_title(&p.name, lang, &mut props);
            let mut v = json!({
                "uuid": party_uuid(pi),
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
        .collect();
    for org in &orgs {
        parties.push(json!({
            "uuid": org_uuid(org),
            "type": "organization",
            "name": clean(org),
            "props": [prop("org-id", clean(org))],
        }));
    }
    let responsible_parties: Vec<Value> = Role::ALL
        .iter()
        .filter_map(|&r| {
            let mut ps: Vec<usize> = a.roles.of_role(r).map(|h| h.party).collect();
            if ps.is_empty() {
                return None;
            }
            Some(json!({ "role-id": role_id(r), "party-uuids": party_ids(&mut ps) }))
        })
        .collect();

    // Components: the system, and one per party.
    let mut components = vec![json!({
        "uuid": system_uuid,
        "type": "this-system",
        "title": clean(m.name.get(lang)),
        "description": clean(m.description.as_ref().unwrap_or(&m.name).get(lang)),
        "status": { "state": "operational" },
    })];
    for (pi, p) in m.parties.iter().enumerate() {
        let held: Vec<&Holding> = a.roles.of_party(pi).collect();
        let mut rr: Vec<Value> = Vec::new();
        for &r in Role::ALL {
            let hs: Vec<&&Holding> = held.iter().filter(|h| h.role == r).collect();
            if hs.is_empty() {
                continue;
            }
            let props: Vec<Value> = hs
                .iter()
                .map(|h| match &h.scope {
                    Some(s) => prop_class("qualifier", h.qualifier.key(), &token(s)),
                    None => prop("qualifier", h.qualifier.key()),
                })
                .collect();
            rr.push(
                json!({ "role-id": role_id(r), "party-uuids": [party_uuid(pi)], "props": props }),
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
            "uuid": component_uuid(pi),
            "type": "service",
            "title": clean(p.name.get(lang)),
            "description": clean(&description),
            "props": [prop("party-id", clean(&p.id)), prop("division", p.division.key())],
            "status": { "state": "operational" },
        });
        if !rr.is_empty() {
            c["responsible-roles"] = json!(rr);
        }
        components.push(c);
    }

    // The model's components (OSS, libraries) as software components and inventory items.
    let (software, inventory) = software::of(a, lang, key, &party_uuid);
    components.extend(software);

    // What each unit (requirement or item) says: responsible roles, by-components, props.
    let unit_content = |u: &Unit, owner: &str| -> Map<String, Value> {
        let allocs: Vec<(usize, &crate::Allocation)> = a
            .allocations
            .iter()
            .enumerate()
            .filter(|(_, al)| {
                let x = al.unit(a.catalog);
                x.id() == u.id()
            })
            .collect();
        let mut props = vec![
            json!({ "name": "label", "value": u.id() }),
            prop("package", u.package().key()),
        ];
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
                rr.push(
                    json!({ "role-id": role_id(al.role), "party-uuids": party_ids(&mut resp) }),
                );
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
        let mut by_components: Vec<Value> = Vec::new();
        for (p, shares) in &by_party {
            let mut rr_p = Vec::new();
            let mut props_p = Vec::new();
            let mut text = Vec::new();
            for (role, q, scope, contract) in shares {
                if *q == Qualifier::Lead {
                    let v = json!({ "role-id": role_id(*role), "party-uuids": [party_uuid(*p)] });
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
            let mut bc = json!({
                "component-uuid": component_uuid(*p),
                "uuid": uuid(&[key, "by-component", owner, &m.parties[*p].id]),
                "description": clean(&description),
                "props": props_p,
            });
            if !rr_p.is_empty() {
                bc["responsible-roles"] = json!(rr_p);
            }
            by_components.push(bc);
        }
        if !gaps.is_empty() {
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
            by_components.push(json!({
                "component-uuid": system_uuid,
                "uuid": uuid(&[key, "by-component", owner, "this-system"]),
                "description": clean(&description),
                "props": props_s,
                "implementation-status": { "state": state },
            }));
        }
        let mut o = Map::new();
        o.insert("props".into(), json!(props));
        if !rr.is_empty() {
            o.insert("responsible-roles".into(), json!(rr));
        }
        if !by_components.is_empty() {
            o.insert("by-components".into(), json!(by_components));
        }
        o
    };

    let implemented: Vec<Value> = a
        .catalog
        .requirements
        .iter()
        .map(|r| {
            let mut v = Map::new();
            v.insert(
                "uuid".into(),
                json!(uuid(&[key, "implemented-requirement", &r.id])),
            );
            v.insert("control-id".into(), json!(control_id(&r.id)));
            if r.items.is_empty() {
                let unit = Unit {
                    requirement: r,
                    item: None,
                };
                v.extend(unit_content(&unit, &r.id));
            } else {
                v.insert("props".into(), json!([{ "name": "label", "value": r.id }]));
                let statements: Vec<Value> = r
                    .items
                    .iter()
                    .map(|i| {
                        let unit = Unit {
                            requirement: r,
                            item: Some(i),
                        };
                        let mut s = Map::new();
                        s.insert("statement-id".into(), json!(statement_id(&r.id, &i.id)));
                        s.insert("uuid".into(), json!(uuid(&[key, "statement", &i.id])));
                        s.extend(unit_content(&unit, &i.id));
                        Value::Object(s)
                    })
                    .collect();
                v.insert("statements".into(), json!(statements));
            }
            Value::Object(v)
        })
        .collect();

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
                "parties": parties,
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
                "components": components,
            },
            "control-implementation": {
                "description": clean(&match lang {
                    Lang::En => format!("Allocation of the requirements of catalog {} to the parties, package {}.", a.catalog.id, a.package.key()),
                    Lang::Ja => format!("カタログ {} の要求事項の関係者への割当 (要求パッケージ: {})。", a.catalog.id, a.package.label(lang)),
                }),
                "implemented-requirements": implemented,
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
    seal(&mut doc, "system-security-plan");
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_v5_matches_rfc_9562() {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        let dns = [
            0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4,
            0x30, 0xc8,
        ];
        assert_eq!(
            uuid_v5(&dns, "www.example.com"),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2"
        );
    }

    #[test]
    fn iris_become_uri_references() {
        assert_eq!(
            uri_reference("https://x.jp/a b/日"),
            "https://x.jp/a%20b/%E6%97%A5"
        );
        assert_eq!(uri_reference("../cat.json#x"), "../cat.json#x");
    }

    #[test]
    fn ids_become_oscal_tokens() {
        assert_eq!(control_id("(1)-4"), "req-1-4");
        assert_eq!(statement_id("(1)-4", "S(1)-4.1"), "req-1-4_smt.s1-4.1");
        assert_eq!(token("(6)"), "req-6");
        assert_eq!(role_id(Role::Developer), "meti-developer");
    }

    #[test]
    fn every_builtin_id_maps_to_a_distinct_token() {
        let c = Catalog::builtin();
        let mut seen = std::collections::BTreeSet::new();
        for r in &c.requirements {
            assert!(seen.insert(control_id(&r.id)), "{}", r.id);
            for i in &r.items {
                assert!(seen.insert(statement_id(&r.id, &i.id)), "{}", i.id);
            }
        }
    }
}
