//! `rolemap check --format json`: the versioned JSON of SPEC §7 (`rolemap/check/v1`).

use serde_json::{Value, json};

use super::because;
use crate::allocate::{Duty, Via, duty_because, duty_scope};
use crate::derive::Because;
use crate::findings::{Finding, instance_id, render};
use crate::i18n::{Lang, Text};
use crate::{Analysis, render::VERSION};

/// The JSON schema identifier.
pub const SCHEMA: &str = "rolemap/check/v1";

fn text(t: &Text, lang: Lang) -> Value {
    json!(t.get(lang))
}

fn i18n(t: &Text) -> Value {
    json!({ "en": t.en, "ja": t.ja })
}

fn reasons(a: &Analysis, bs: &[Because]) -> Value {
    Value::Array(bs.iter().map(|b| because::json(a.model, b)).collect())
}

fn duty(a: &Analysis, d: &Duty) -> Value {
    let m = a.model;
    let mut v = json!({
        "party": m.parties[d.party].id,
        "org": m.parties[d.party].org,
        "qualifier": d.qualifier.key(),
        "scope": duty_scope(d, &a.roles, m),
        "because": reasons(a, &duty_because(d, &a.roles)),
    });
    if let Via::Contract { contract, .. } = d.via {
        let o = v.as_object_mut().expect("an object");
        o.insert("contract".into(), json!(m.contracts[contract].id));
        o.insert(
            "established".into(),
            json!(m.contracts[contract].security_terms),
        );
    }
    v
}

/// One finding as JSON.
pub fn finding(a: &Analysis, f: &Finding, lang: Lang) -> Value {
    let m = a.model;
    let cx = a.ctx();
    let r = render(f, &cx, lang);
    let (requirement, item) = match f.allocation {
        Some(i) => {
            let u = a.allocations[i].unit(a.catalog);
            (
                Some(u.requirement.id.clone()),
                u.item.map(|it| it.id.clone()),
            )
        }
        None => (None, None),
    };
    let pos = f.span.map(|s| m.file.line_col(s.start));
    let waived = f.waived_by.map(|w| {
        let w = &m.waivers[w];
        json!({ "reason": w.reason, "owner": w.owner, "until": w.until })
    });
    json!({
        "id": instance_id(f, &cx),
        "code": f.code.key(),
        "severity": f.severity.key(),
        "message": r.message,
        "fix": r.fix,
        "requirement": requirement,
        "item": item,
        "role": f.role.map(|r| r.key()),
        "scope": f.scope,
        "parties": f.parties.iter().map(|&p| m.parties[p].id.as_str()).collect::<Vec<_>>(),
        "contract": f.contract.map(|c| m.contracts[c].id.as_str()),
        "contracts": f.contracts.iter().map(|&c| m.contracts[c].id.as_str()).collect::<Vec<_>>(),
        "file": m.file.name(),
        "line": pos.map(|p| p.line),
        "column": pos.map(|p| p.column),
        "outside_package": f.outside_package,
        "waived": waived,
        "because": reasons(a, &f.because),
    })
}

/// The whole document.
pub fn render_check(a: &Analysis, lang: Lang) -> Value {
    let m = a.model;
    let parties: Vec<Value> = m
        .parties
        .iter()
        .enumerate()
        .map(|(pi, p)| {
            let roles: Vec<Value> = a
                .roles
                .of_party(pi)
                .map(|h| {
                    json!({
                        "role": h.role.key(),
                        "qualifier": h.qualifier.key(),
                        "scope": h.scope,
                        "because": reasons(a, &h.because),
                    })
                })
                .collect();
            let pos = m.file.line_col(p.span.start);
            json!({
                "id": p.id,
                "name": text(&p.name, lang),
                "names": i18n(&p.name),
                "division": p.division.key(),
                "org": p.org,
                "operates": p.operates,
                "roles": roles,
                "line": pos.line,
                "column": pos.column,
            })
        })
        .collect();
    let contracts: Vec<Value> = m
        .contracts
        .iter()
        .map(|c| {
            let pos = m.file.line_col(c.span.start);
            json!({
                "id": c.id,
                "client": m.parties[c.client].id,
                "contractor": m.parties[c.contractor].id,
                "kind": c.kind.key(),
                "roles_stated": c.roles.is_some(),
                "security_terms": c.security_terms,
                "support_until": c.support_until,
                "line": pos.line,
                "column": pos.column,
            })
        })
        .collect();
    let allocations: Vec<Value> = a
        .allocations
        .iter()
        .map(|al| {
            let u = al.unit(a.catalog);
            json!({
                "requirement": u.requirement.id,
                "item": u.item.map(|i| i.id.as_str()),
                "title": text(u.title(), lang),
                "package": al.package.key(),
                "in_package": al.in_package,
                "role": al.role.key(),
                "applies": al.applies.key(),
                "status": al.status.key(),
                "responsible": al.responsible.iter().map(|d| duty(a, d)).collect::<Vec<_>>(),
                "contributors": al.contributors.iter().map(|d| duty(a, d)).collect::<Vec<_>>(),
                "missing_scopes": al.missing_scopes,
                "because": reasons(a, &[Because::Catalog { unit: u.id().to_string(), role: al.role }]),
                "source": u.source(),
            })
        })
        .collect();
    let findings: Vec<Value> = a.findings.iter().map(|f| finding(a, f, lang)).collect();
    json!({
        "schema": super::check_json::SCHEMA,
        "tool": { "name": super::TOOL, "version": VERSION },
        "model": {
            "file": m.file.name(),
            "format": m.format.name(),
            "name": text(&m.name, lang),
            "names": i18n(&m.name),
            "software": m.software.map(|s| s.key()),
            "package": m.package.key(),
            "use_until": m.use_until,
        },
        "catalog": { "id": a.catalog.id, "file": a.catalog.file.name() },
        "options": { "package": a.package.key(), "today": a.today, "lang": lang.code() },
        "parties": parties,
        "contracts": contracts,
        "allocations": allocations,
        "findings": findings,
        "summary": a.summary(),
    })
}
