//! `rolemap explain`: every duty of a party, grouped by the contract (or field) it comes from,
//! with the reasons recorded during derivation. Nothing is recomputed.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{Value, json};

use super::because;
use crate::allocate::{Allocation, Duty, Via, components, duty_periods, duty_reasons, duty_scope};
use crate::catalog::Applies;
use crate::derive::Because;
use crate::i18n::Lang;
use crate::model::PartyIx;
use crate::style::WIDTH;
use crate::style::{Paint, shown, wrap};
use crate::{Analysis, tr};

/// Where a group of duties comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A contract (kind default, stated roles, shared-responsibility use).
    Contract(usize),
    /// The party's own fields (system owner, operates, roles).
    Field(Because),
    /// An `assign` entry.
    Assign(usize),
    /// Organisation-level duties.
    Organisation,
    /// Establishing security requirements in a contract, as its client.
    ClientOf(usize),
}

/// One duty of the party.
struct Line<'a> {
    alloc: &'a Allocation,
    duty: &'a Duty,
    responsible: bool,
}

mod groups;
pub use groups::{DutyRef, Grouper, groups_by_party};

fn origins(a: &Analysis, d: &Duty, al: &Allocation, party: PartyIx) -> Vec<Origin> {
    if al.applies == Applies::Organisation {
        return vec![Origin::Organisation];
    }
    match d.via {
        Via::Contract { contract, .. } if d.party == party => vec![Origin::ClientOf(contract)],
        Via::Assign(i) => vec![Origin::Assign(i)],
        _ => {
            let mut out = holding_origins(a, d);
            out.extend(component_origins(a, al, d));
            out
        }
    }
}

/// Where a duty comes from by its reasons (those of its holding): each contract once, and
/// each field.
fn holding_origins(a: &Analysis, d: &Duty) -> Vec<Origin> {
    let mut out = Vec::new();
    for b in duty_reasons(d, &a.roles) {
        let o = match b.contract() {
            Some(c) => Origin::Contract(c),
            None => Origin::Field(b.into_owned()),
        };
        if !out.contains(&o) {
            out.push(o);
        }
    }
    out
}

/// The components the party uses, under its (2)-1 duties.
fn component_origins(a: &Analysis, al: &Allocation, d: &Duty) -> impl Iterator<Item = Origin> {
    components::duty_components(a.model, a.catalog, al, d)
        .into_iter()
        .map(Origin::Field)
}

/// The filter on requirement: units whose id or requirement id matches.
fn matches(a: &Analysis, al: &Allocation, req: Option<&str>) -> bool {
    match req {
        None => true,
        Some(r) => {
            let u = al.unit(a.catalog);
            u.id() == r || u.requirement.id == r
        }
    }
}

fn group<'a>(
    a: &'a Analysis,
    party: PartyIx,
    req: Option<&str>,
) -> BTreeMap<Origin, Vec<Line<'a>>> {
    let mut groups: BTreeMap<Origin, Vec<Line<'a>>> = BTreeMap::new();
    for al in a.allocations.iter().filter(|al| matches(a, al, req)) {
        for (responsible, list) in [(true, &al.responsible), (false, &al.contributors)] {
            for d in list.iter().filter(|d| d.party == party) {
                for o in origins(a, d, al, party) {
                    groups.entry(o).or_default().push(Line {
                        alloc: al,
                        duty: d,
                        responsible,
                    });
                }
            }
        }
    }
    groups
}

fn origin_text(a: &Analysis, o: &Origin, lang: Lang) -> String {
    let m = a.model;
    match o {
        Origin::Contract(c) => {
            let k = &m.contracts[*c];
            let id = lang.quote(&shown(&k.id));
            let (x, y) = (
                shown(&m.parties[k.client].id),
                shown(&m.parties[k.contractor].id),
            );
            let kind = k.kind.label(lang);
            tr!(
                lang,
                "Under contract {id} ({x} → {y}, {kind})",
                "契約{id} ({x} → {y}、{kind}) による"
            )
        }
        Origin::Field(b) => {
            let t = because::text(m, a.catalog, b, lang);
            tr!(lang, "By the model: {t}", "モデルの記載による: {t}")
        }
        Origin::Assign(i) => {
            let t = because::text(m, a.catalog, &Because::Assign { index: *i }, lang);
            tr!(
                lang,
                "By explicit assignment: {t}",
                "明示的な割当による: {t}"
            )
        }
        Origin::Organisation => lang
            .pick(
                "As an organisation (every organisation holding the role must do these itself)",
                "組織として (役割を持つ各組織が自ら実施する要求事項)",
            )
            .into(),
        Origin::ClientOf(c) => {
            let k = &m.contracts[*c];
            let id = lang.quote(&shown(&k.id));
            let y = shown(&m.parties[k.contractor].id);
            tr!(
                lang,
                "As client of contract {id} (with {y}): security requirements to establish in it",
                "契約{id} ({y} との) の発注者として: 契約で確立すべきセキュリティ要件"
            )
        }
    }
}

fn origin_pos(a: &Analysis, o: &Origin) -> Option<crate::load::source::LineCol> {
    let b = match o {
        Origin::Contract(c) | Origin::ClientOf(c) => Because::ContractDuty { contract: *c },
        Origin::Field(b) => b.clone(),
        Origin::Assign(i) => Because::Assign { index: *i },
        Origin::Organisation => return None,
    };
    because::position(a.model, &b)
}

fn duty_label(a: &Analysis, l: &Line, lang: Lang) -> String {
    let role = l.alloc.role.label(lang);
    let q = l.duty.qualifier.label(lang);
    let scope = duty_scope(l.duty, &a.roles, a.model)
        .map(|s| tr!(lang, ", scope \"{s}\"", "、範囲「{s}」"))
        .unwrap_or_default();
    let who = if l.responsible {
        lang.pick("responsible", "責任者")
    } else {
        lang.pick("contributes", "協力")
    };
    format!(
        "{role} ({q}{scope}{}) · {who}",
        when(duty_periods(l.duty, &a.roles), lang)
    )
}

/// `, 2022-04-01..2027-03-31` for a time-bounded holding; nothing for one held always.
pub fn when(p: &crate::derive::Periods, lang: Lang) -> String {
    if p.is_always() {
        String::new()
    } else {
        let t = p.text(lang);
        tr!(lang, ", {t}", "、{t}")
    }
}

/// Text of `explain`.
pub fn render_text(
    a: &Analysis,
    party: PartyIx,
    req: Option<&str>,
    lang: Lang,
    paint: Paint,
) -> String {
    let m = a.model;
    let p = &m.parties[party];
    let mut out = String::new();
    let title = format!(
        "{} {}",
        lang.pick("explain:", "説明:"),
        crate::findings::words::party(m, party, lang)
    );
    let _ = writeln!(out, "{}", paint.bold(&title));
    let div = p.division.label(lang);
    let org = shown(&p.org);
    let info = tr!(
        lang,
        "{div} · organisation \"{org}\"",
        "{div} · 組織「{org}」"
    );
    let _ = writeln!(out, "  {}\n", paint.dim(&info));

    let _ = writeln!(out, "{}", paint.bold(lang.pick("Roles", "役割")));
    let mut any = false;
    for h in a.roles.of_party(party) {
        any = true;
        let scope = h
            .scope
            .as_ref()
            .map(|s| tr!(lang, ", scope \"{s}\"", "、範囲「{s}」"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} ({}{scope}{})",
            h.role.label(lang),
            h.qualifier.label(lang),
            when(&h.periods, lang)
        );
        for b in &h.because {
            let mut t = because::text(m, a.catalog, b, lang);
            if let Some(pos) = because::position(m, b) {
                t.push_str(&format!(" [{}:{}:{}]", m.file.name(), pos.line, pos.column));
            }
            for l in wrap(&t, WIDTH, "    ← ", "      ") {
                let _ = writeln!(out, "{l}");
            }
        }
    }
    if !any {
        let _ = writeln!(out, "  {}", lang.pick("(none)", "(なし)"));
    }
    out.push('\n');

    // Components carry no duties; the party accounts for those it uses under (2)-1.
    let used: Vec<usize> = components::used_by(m, party).collect();
    if !used.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            paint.bold(lang.pick("Components it uses", "利用するコンポーネント"))
        );
        for component in used {
            let b = Because::Component { component };
            let mut t = because::text(m, a.catalog, &b, lang);
            if let Some(pos) = because::position(m, &b) {
                t.push_str(&format!(" [{}:{}:{}]", m.file.name(), pos.line, pos.column));
            }
            for l in wrap(&t, WIDTH, "  ", "    ") {
                let _ = writeln!(out, "{l}");
            }
        }
        out.push('\n');
    }

    let groups = group(a, party, req);
    let heading = match req {
        Some(r) => tr!(
            lang,
            "Duties for {r}, by where they come from",
            "{r} の責務 (由来別)"
        ),
        None => lang
            .pick("Duties, contract by contract", "責務 (契約ごと)")
            .into(),
    };
    let _ = writeln!(out, "{}", paint.bold(&heading));
    if groups.is_empty() {
        let _ = writeln!(out, "  {}", lang.pick("(none)", "(なし)"));
    }
    for (o, lines) in &groups {
        let mut head = origin_text(a, o, lang);
        if let Some(pos) = origin_pos(a, o) {
            head.push_str(&format!(" [{}:{}:{}]", m.file.name(), pos.line, pos.column));
        }
        for l in wrap(&head, WIDTH, "  ", "    ") {
            let _ = writeln!(out, "{}", paint.cyan(&l));
        }
        for l in lines {
            let u = l.alloc.unit(a.catalog);
            let status = l.alloc.status.label(lang);
            let text = format!(
                "{} {} — {} [{status}]",
                u.id(),
                u.title().get(lang),
                duty_label(a, l, lang)
            );
            for w in wrap(&text, WIDTH, "    ", "      ") {
                let _ = writeln!(out, "{w}");
            }
            if req.is_some() {
                // With a requirement named, show who else shares the allocation and why.
                for d in l.alloc.duties().filter(|d| d.party != party) {
                    let who = crate::findings::words::party(m, d.party, lang);
                    let q = match duty_scope(d, &a.roles, m) {
                        Some(sc) => {
                            let ql = d.qualifier.label(lang);
                            let sc = lang.quote(&crate::style::shown(sc));
                            tr!(lang, "{ql}, scope {sc}", "{ql}、範囲{sc}")
                        }
                        None => d.qualifier.label(lang).to_string(),
                    };
                    let t = tr!(lang, "with {who} ({q})", "共に {who} ({q})");
                    for w in wrap(&t, WIDTH, "      · ", "        ") {
                        let _ = writeln!(out, "{w}");
                    }
                }
                let cat = Because::Catalog {
                    unit: u.id().to_string(),
                    role: l.alloc.role,
                };
                let t = because::text(m, a.catalog, &cat, lang);
                for w in wrap(&t, WIDTH, "      ← ", "        ") {
                    let _ = writeln!(out, "{w}");
                }
            }
        }
    }
    out
}

/// Periods as JSON: `[{"from": "2022-04-01", "until": "2027-03-31"}]`, `null` for an open end.
pub fn periods_json(p: &crate::derive::Periods) -> Value {
    Value::Array(
        p.intervals()
            .into_iter()
            .map(|i| json!({"from": i.from, "until": i.until}))
            .collect(),
    )
}

/// JSON of `explain`.
pub fn render_json(a: &Analysis, party: PartyIx, req: Option<&str>, lang: Lang) -> Value {
    let m = a.model;
    let roles: Vec<Value> = a
        .roles
        .of_party(party)
        .map(|h| {
            let mut v = json!({
                "role": h.role.key(),
                "qualifier": h.qualifier.key(),
                "scope": h.scope,
                "because": h.because.iter().map(|b| json!({
                    "text": because::text(m, a.catalog, b, lang),
                    "detail": because::json(m, b),
                })).collect::<Vec<_>>(),
            });
            if !h.periods.is_always() {
                v["periods"] = periods_json(&h.periods);
            }
            v
        })
        .collect();
    let groups: Vec<Value> = group(a, party, req)
        .iter()
        .map(|(o, lines)| {
            let (kind, contract) = match o {
                Origin::Contract(c) => ("contract", Some(m.contracts[*c].id.as_str())),
                Origin::ClientOf(c) => ("client-of", Some(m.contracts[*c].id.as_str())),
                Origin::Field(Because::Component { .. }) => ("component", None),
                Origin::Field(_) => ("field", None),
                Origin::Assign(_) => ("assign", None),
                Origin::Organisation => ("organisation", None),
            };
            json!({
                "origin": kind,
                "contract": contract,
                "text": origin_text(a, o, lang),
                "duties": lines.iter().map(|l| {
                    let u = l.alloc.unit(a.catalog);
                    let mut v = json!({
                        "requirement": u.requirement.id,
                        "item": u.item.map(|i| i.id.as_str()),
                        "title": u.title().get(lang),
                        "role": l.alloc.role.key(),
                        "qualifier": l.duty.qualifier.key(),
                        "scope": duty_scope(l.duty, &a.roles, m),
                        "responsible": l.responsible,
                        "status": l.alloc.status.key(),
                        "package": l.alloc.package.key(),
                        "package_inferred": u.package_inferred(),
                    });
                    let p = duty_periods(l.duty, &a.roles);
                    if !p.is_always() {
                        v["periods"] = periods_json(p);
                    }
                    v
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "schema": "rolemap/explain/v1",
        "party": m.parties[party].id,
        "name": m.parties[party].name.get(lang),
        "division": m.parties[party].division.key(),
        "org": m.parties[party].org,
        "requirement": req,
        "roles": roles,
        "components": components::used_by(m, party)
            .map(|c| m.components[c].id.as_str())
            .collect::<Vec<_>>(),
        "duties": groups,
    })
}
