//! The entries of the long sections (parties, contracts, findings) written by hand: the very
//! bytes serde writes for [`super::CheckJson`] with the layered formatter, without its
//! machinery per key and per string. A large chain has millions of keys and short strings,
//! and this is where `check --format json` spends most of its time. The test
//! `pieces_make_the_document_of_one_go` holds these bytes to serde's.

use std::io::{self, Write};

use super::{DEPTH, Ids, instance_id, render};
use serde_json::Value;

use crate::Analysis;
use crate::derive::{Because, Holding};
use crate::findings::Finding;
use crate::i18n::Lang;
use crate::render::because;
use crate::render::json_out::{
    self, Fields, boolean, list, number, opt_number, opt_string, string_into as string,
};

/// The depth of the entries' objects: the document, its sections, the entries.
const ENTRY: usize = 2;

/// One reason, as [`because::Json`] writes it.
fn reason<W: Write + ?Sized>(w: &mut W, a: &Analysis, b: &Because) -> io::Result<()> {
    let m = a.model;
    let mut o = Fields::compact(w)?;
    string(o.key("rule")?, b.rule())?;
    if let Some(c) = b.contract() {
        string(o.key("contract")?, &m.contracts[c].id)?;
    }
    if let Some(p) = b.party() {
        string(o.key("party")?, &m.parties[p].id)?;
    }
    match b {
        Because::KindDefault { kind, .. } => string(o.key("kind")?, kind.key())?,
        Because::FlowDown {
            role, client, via, ..
        } => {
            string(o.key("role")?, role.key())?;
            string(o.key("client_qualifier")?, client.key())?;
            string(o.key("via")?, via.key(m))?;
        }
        Because::Consortium { consortium, .. } | Because::ConsortiumRoles { consortium, .. } => {
            string(o.key("consortium")?, &m.consortia[*consortium].id)?
        }
        Because::Component { component } => {
            string(o.key("component")?, &m.components[*component].id)?
        }
        Because::Assign { index } => number(o.key("assign")?, *index)?,
        Because::Waiver { index } => number(o.key("waiver")?, *index)?,
        Because::Catalog { unit, role } => {
            string(o.key("requirement")?, unit)?;
            string(o.key("role")?, role.key())?;
        }
        _ => {}
    }
    let pos = because::position(m, b);
    opt_number(o.key("line")?, pos.map(|p| p.line))?;
    opt_number(o.key("column")?, pos.map(|p| p.column))?;
    o.close()
}

fn reasons<W: Write + ?Sized>(w: &mut W, a: &Analysis, bs: &[Because]) -> io::Result<()> {
    list(w, bs, |w, b| reason(w, a, b))
}

fn holding<W: Write + ?Sized>(w: &mut W, a: &Analysis, h: &Holding) -> io::Result<()> {
    let mut o = Fields::compact(w)?;
    string(o.key("role")?, h.role.key())?;
    string(o.key("qualifier")?, h.qualifier.key())?;
    opt_string(o.key("scope")?, h.scope.as_deref())?;
    reasons(o.key("because")?, a, &h.because)?;
    if !h.periods.is_always() {
        let v = crate::render::explain::periods_json(&h.periods);
        json_out::section_into(o.key("periods")?, &v, DEPTH, 5)?;
    }
    o.close()
}

/// The entry of party `pi` in `parties[]`.
pub(super) fn party<W: Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    pi: usize,
    lang: Lang,
) -> io::Result<()> {
    let m = a.model;
    let p = &m.parties[pi];
    let mut o = Fields::pretty(w, ENTRY)?;
    string(o.key("id")?, &p.id)?;
    string(o.key("name")?, p.name.get(lang))?;
    {
        let mut n = Fields::compact(o.key("names")?)?;
        string(n.key("en")?, &p.name.en)?;
        string(n.key("ja")?, &p.name.ja)?;
        n.close()?;
    }
    string(o.key("division")?, p.division.key())?;
    string(o.key("org")?, &p.org)?;
    boolean(o.key("operates")?, p.operates)?;
    list(o.key("roles")?, a.roles.of_party(pi), |w, h| {
        holding(w, a, h)
    })?;
    let pos = m.file.line_col(p.span.start);
    number(o.key("line")?, pos.line)?;
    number(o.key("column")?, pos.column)?;
    o.close()
}

/// The entry of contract `ci` in `contracts[]`.
pub(super) fn contract<W: Write + ?Sized>(w: &mut W, a: &Analysis, ci: usize) -> io::Result<()> {
    let m = a.model;
    let c = &m.contracts[ci];
    let mut o = Fields::pretty(w, ENTRY)?;
    string(o.key("id")?, &c.id)?;
    string(o.key("client")?, &m.parties[c.client].id)?;
    string(o.key("contractor")?, &m.parties[c.contractor].id)?;
    string(o.key("kind")?, c.kind.key())?;
    if let Some(k) = c.client_consortium {
        string(o.key("client_consortium")?, &m.consortia[k].id)?;
    }
    if let Some(k) = c.contractor_consortium {
        string(o.key("contractor_consortium")?, &m.consortia[k].id)?;
    }
    boolean(o.key("roles_stated")?, c.roles.is_some())?;
    boolean(o.key("security_terms")?, c.security_terms)?;
    match c.support_until {
        Some(d) => write!(o.key("support_until")?, "\"{d}\"")?,
        None => o.key("support_until")?.write_all(b"null")?,
    }
    if let Some(d) = c.from {
        write!(o.key("from")?, "\"{d}\"")?;
    }
    if let Some(d) = c.until {
        write!(o.key("until")?, "\"{d}\"")?;
    }
    let pos = m.file.line_col(c.span.start);
    number(o.key("line")?, pos.line)?;
    number(o.key("column")?, pos.column)?;
    o.close()
}

/// The entry of a finding in `findings[]`.
pub(super) fn finding<W: Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    ids: &Ids,
    f: &Finding,
    lang: Lang,
) -> io::Result<()> {
    let m = a.model;
    let cx = a.ctx();
    let r = render(f, &cx, lang);
    let unit = f.allocation.map(|i| a.allocations[i].unit(a.catalog));
    let pos = f.span.map(|sp| m.file.line_col(sp.start));
    let mut o = Fields::pretty(w, ENTRY)?;
    string(o.key("id")?, &instance_id(f, &cx))?;
    string(o.key("code")?, f.code.key())?;
    string(o.key("severity")?, f.severity.key())?;
    string(o.key("message")?, &r.message)?;
    string(o.key("fix")?, &r.fix)?;
    opt_string(
        o.key("requirement")?,
        unit.map(|u| u.requirement.id.as_str()),
    )?;
    opt_string(
        o.key("item")?,
        unit.and_then(|u| u.item.map(|it| it.id.as_str())),
    )?;
    opt_string(o.key("role")?, f.role.map(|r| r.key()))?;
    opt_string(o.key("scope")?, f.scope.as_deref())?;
    ids.write_list(o.key("parties")?, f.parties.iter().copied())?;
    opt_string(
        o.key("contract")?,
        f.contract.map(|c| m.contracts[c].id.as_str()),
    )?;
    list(o.key("contracts")?, &f.contracts, |w, &c| {
        string(w, &m.contracts[c].id)
    })?;
    string(o.key("file")?, m.file.name())?;
    opt_number(o.key("line")?, pos.map(|p| p.line))?;
    opt_number(o.key("column")?, pos.map(|p| p.column))?;
    boolean(o.key("outside_package")?, f.outside_package)?;
    if let Some(v) = super::when_json(a, f) {
        json_out::section_into(o.key("when")?, &v, DEPTH, 3)?;
    }
    match f.waived_by {
        Some(wi) => {
            let wv = &m.waivers[wi];
            let v =
                serde_json::json!({ "reason": wv.reason, "owner": wv.owner, "until": wv.until });
            json_out::section_into(o.key("waived")?, &v, DEPTH, 3)?;
        }
        None => o.key("waived")?.write_all(b"null")?,
    }
    reasons(o.key("because")?, a, &f.because)?;
    o.close()
}

/// The small sections after the findings: the components (used without a contract, with
/// the parties using them) and the consortia (members, representative, roles stated per
/// member).
pub(super) fn trailer(a: &Analysis, lang: Lang) -> [(&'static str, Value); 2] {
    use serde_json::json;
    let m = a.model;
    let pos = |span: crate::load::source::Span| {
        let p = m.file.line_col(span.start);
        (p.line, p.column)
    };
    let ids =
        |ps: &[usize]| -> Vec<&str> { ps.iter().map(|&p| m.parties[p].id.as_str()).collect() };
    let components: Vec<Value> = m
        .components
        .iter()
        .map(|c| {
            let (line, column) = pos(c.span);
            json!({
                "id": c.id,
                "name": c.name.get(lang),
                "oss": c.oss,
                "version": c.version,
                "used_by": ids(&c.used_by),
                "line": line,
                "column": column,
            })
        })
        .collect();
    let consortia: Vec<Value> = m
        .consortia
        .iter()
        .map(|k| {
            let (line, column) = pos(k.span);
            let roles: serde_json::Map<String, Value> = k
                .roles
                .iter()
                .map(|(p, specs)| {
                    let specs: Vec<Value> = specs
                        .iter()
                        .map(|s| {
                            json!({
                                "role": s.role.key(),
                                "qualifier": s.qualifier.map(|q| q.key()),
                                "scope": s.scope,
                            })
                        })
                        .collect();
                    (m.parties[*p].id.clone(), Value::Array(specs))
                })
                .collect();
            json!({
                "id": k.id,
                "name": k.name.get(lang),
                "members": ids(&k.members),
                "representative": m.parties[k.representative].id,
                "roles": roles,
                "line": line,
                "column": column,
            })
        })
        .collect();
    [
        ("components", Value::Array(components)),
        ("consortia", Value::Array(consortia)),
    ]
}
