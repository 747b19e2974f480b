//! `rolemap check --format json`: the versioned JSON of SPEC §7 (`rolemap/check/v1`).
//!
//! Written straight from the analysis (no JSON tree in memory), pretty down to the list
//! entries and one line per duty or reason, so large chains stay fast and diffs stay small.
//! Duties are grouped by qualifier, scope and origin (`via`: a role holding, an `assign`
//! entry, or a contract's client duty), each group listing party ids. A duty's reasons are
//! those of the party's role holding with the same role, qualifier and scope
//! (`parties[].roles[].because`); contract duties are the clients of the contracts that pass
//! the role (`contracts[].security_terms` says whether each establishes the requirement).

use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};

use rustc_hash::FxHashMap;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

use super::{because, json_out};

mod entries;
use crate::allocate::{Allocation, Duty, Via, duty_scope};
use crate::derive::Because;
use crate::findings::{Finding, instance_id, render};
use crate::i18n::{Lang, Text};
use crate::{Analysis, VERSION};

/// The JSON schema identifier.
pub const SCHEMA: &str = "rolemap/check/v1";

/// Pretty-printing depth: the document, its sections, and their entries' fields.
const DEPTH: usize = 3;

struct Reasons<'a>(&'a Analysis<'a>, &'a [Because]);

impl Serialize for Reasons<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|b| because::Json(self.0.model, b)))
    }
}

struct I18n<'a>(&'a Text);

impl Serialize for I18n<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("en", &self.0.en)?;
        m.serialize_entry("ja", &self.0.ja)?;
        m.end()
    }
}

/// Party ids as JSON strings for the duty and finding lists. For a whole document every id is
/// rendered once up front: the lists of a large chain name the same parties millions of
/// times, and copying rendered bytes is several times faster than escaping each id again. For
/// a single finding, ids are rendered as they come.
pub(crate) struct Ids<'m> {
    model: &'m crate::Model,
    /// Every id rendered, and where each ends in the bytes.
    rendered: Option<(Vec<u8>, Vec<usize>)>,
}

impl<'m> Ids<'m> {
    fn rendered(model: &'m crate::Model) -> Self {
        let mut bytes = Vec::with_capacity(model.parties.len() * 8);
        let mut ends = Vec::with_capacity(model.parties.len() + 1);
        ends.push(0);
        for p in &model.parties {
            json_out::string_into(&mut bytes, &p.id).expect("writing to memory cannot fail");
            ends.push(bytes.len());
        }
        Ids {
            model,
            rendered: Some((bytes, ends)),
        }
    }

    fn on_demand(model: &'m crate::Model) -> Self {
        Ids {
            model,
            rendered: None,
        }
    }

    /// `["p1", "p2"]`, as the layered formatter writes a list below its pretty depth.
    fn list(&self, parties: impl IntoIterator<Item = crate::model::PartyIx>) -> Box<RawValue> {
        let mut out = Vec::new();
        self.write_list(&mut out, parties)
            .expect("writing to memory cannot fail");
        let text = String::from_utf8(out).expect("JSON strings of UTF-8 ids are UTF-8");
        RawValue::from_string(text).expect("a list of JSON strings is JSON")
    }

    /// [`Ids::list`], written to `w`.
    fn write_list<W: Write + ?Sized>(
        &self,
        w: &mut W,
        parties: impl IntoIterator<Item = crate::model::PartyIx>,
    ) -> io::Result<()> {
        w.write_all(b"[")?;
        for (i, p) in parties.into_iter().enumerate() {
            if i > 0 {
                w.write_all(b", ")?;
            }
            match &self.rendered {
                Some((bytes, ends)) => w.write_all(&bytes[ends[p]..ends[p + 1]])?,
                None => json_out::string_into(&mut *w, &self.model.parties[p].id)?,
            }
        }
        w.write_all(b"]")
    }
}

/// How a duty is held, as the `via` of its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ViaKind {
    Role,
    Assign,
    Contract,
}

impl ViaKind {
    fn of(via: &Via) -> Self {
        match via {
            Via::Holding(_) => ViaKind::Role,
            Via::Assign(_) => ViaKind::Assign,
            Via::Contract { .. } => ViaKind::Contract,
        }
    }

    fn key(self) -> &'static str {
        match self {
            ViaKind::Role => "role",
            ViaKind::Assign => "assign",
            ViaKind::Contract => "contract",
        }
    }
}

/// Duties grouped by how they are held: `{"qualifier", "scope", "via", "parties": [..]}`,
/// groups in order of first appearance, parties in allocation order without repeats. One
/// party id per duty keeps the document proportional to the chain even when thousands of
/// organisations share an organisation-level requirement.
struct Duties<'a>(&'a [DutyGroup<'a>]);

impl Serialize for Duties<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|g| GroupJson {
            qualifier: g.qualifier,
            scope: g.scope,
            via: g.via,
            parties: &g.parties,
        }))
    }
}

/// One group of duties, its party ids rendered.
struct DutyGroup<'a> {
    qualifier: &'static str,
    scope: Option<&'a str>,
    via: &'static str,
    parties: Box<RawValue>,
}

/// The groups of each list of duties, made once: allocations alike share their lists
/// ([`Allocation::responsible`]), so a large chain's lists are grouped and rendered once
/// each instead of once per requirement. Keyed by the list's address and length, which
/// stay put while the analysis is borrowed, and whether it is contract-level.
/// Shared by the threads that render allocations (a list is grouped under the lock, once).
#[derive(Default)]
struct DutyCache<'a>(Mutex<FxHashMap<ListKey, Arc<[DutyGroup<'a>]>>>);

/// A list of duties: its address, its length, and whether it is contract-level.
type ListKey = (usize, usize, bool);

impl<'a> DutyCache<'a> {
    fn groups(
        &self,
        a: &'a Analysis<'a>,
        ids: &Ids<'_>,
        duties: &'a Arc<[Duty]>,
        contract_level: bool,
    ) -> Arc<[DutyGroup<'a>]> {
        let key = (
            Arc::as_ptr(duties).cast::<Duty>() as usize,
            duties.len(),
            contract_level,
        );
        // A thread that panicked while holding the lock left nothing half-written in it.
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(key)
            .or_insert_with(|| group_duties(a, ids, duties, contract_level).into())
            .clone()
    }
}

fn group_duties<'a>(
    a: &'a Analysis<'a>,
    ids: &Ids<'_>,
    duties: &'a [Duty],
    contract_level: bool,
) -> Vec<DutyGroup<'a>> {
    let m = a.model;
    type Key<'k> = (crate::Qualifier, Option<&'k str>, ViaKind);
    // Most duties of an allocation share one key: look the group up only when the key
    // changes. Only contract-level allocations can name a party twice in a group (a client
    // or contractor of several contracts).
    let mut groups: Vec<(Key<'_>, Vec<crate::model::PartyIx>)> = Vec::new();
    let mut index: FxHashMap<Key<'_>, usize> = FxHashMap::default();
    let mut clients_seen: rustc_hash::FxHashSet<(usize, usize)> = rustc_hash::FxHashSet::default();
    let mut current: Option<(Key<'_>, usize)> = None;
    for d in duties {
        let key = (d.qualifier, duty_scope(d, &a.roles, m), ViaKind::of(&d.via));
        let g = match current {
            Some((k, g)) if k == key => g,
            _ => {
                let g = *index.entry(key).or_insert_with(|| {
                    groups.push((key, Vec::new()));
                    groups.len() - 1
                });
                current = Some((key, g));
                g
            }
        };
        if contract_level && !clients_seen.insert((g, d.party)) {
            continue;
        }
        groups[g].1.push(d.party);
    }
    groups
        .into_iter()
        .map(|(key, parties)| DutyGroup {
            qualifier: key.0.key(),
            scope: key.1,
            via: key.2.key(),
            parties: ids.list(parties),
        })
        .collect()
}

#[derive(serde::Serialize)]
struct GroupJson<'a> {
    qualifier: &'static str,
    scope: Option<&'a str>,
    via: &'static str,
    parties: &'a RawValue,
}

struct AllocationJson<'a>(
    &'a Analysis<'a>,
    &'a Ids<'a>,
    &'a Allocation,
    Lang,
    &'a DutyCache<'a>,
);

impl Serialize for AllocationJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, ids, al, lang, cache) = (self.0, self.1, self.2, self.3, self.4);
        let u = al.unit(a.catalog);
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("requirement", &u.requirement.id)?;
        o.serialize_entry("item", &u.item.map(|i| i.id.as_str()))?;
        o.serialize_entry("title", u.title().get(lang))?;
        o.serialize_entry("package", al.package.key())?;
        o.serialize_entry("in_package", &al.in_package)?;
        o.serialize_entry("role", al.role.key())?;
        o.serialize_entry("applies", al.applies.key())?;
        o.serialize_entry("status", al.status.key())?;
        let contract_level = al.applies == crate::catalog::Applies::Contract;
        let responsible = cache.groups(a, ids, &al.responsible, contract_level);
        o.serialize_entry("responsible", &Duties(&responsible))?;
        let contributors = cache.groups(a, ids, &al.contributors, contract_level);
        o.serialize_entry("contributors", &Duties(&contributors))?;
        o.serialize_entry("missing_scopes", &al.missing_scopes)?;
        let mut catalog = vec![Because::Catalog {
            unit: u.id().to_string(),
            role: al.role,
        }];
        // (2)-1 names the components its parties use.
        catalog.extend(crate::allocate::components::allocation_components(
            a.model, a.catalog, al,
        ));
        o.serialize_entry("because", &Reasons(a, &catalog))?;
        o.serialize_entry("source", u.source())?;
        o.end()
    }
}

/// One finding, as it appears in `findings[]`.
struct FindingJson<'a>(&'a Analysis<'a>, &'a Ids<'a>, &'a Finding, Lang);

impl Serialize for FindingJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, ids, f, lang) = (self.0, self.1, self.2, self.3);
        let m = a.model;
        let cx = a.ctx();
        let r = render(f, &cx, lang);
        let (requirement, item) = match f.allocation {
            Some(i) => {
                let u = a.allocations[i].unit(a.catalog);
                (
                    Some(u.requirement.id.as_str()),
                    u.item.map(|it| it.id.as_str()),
                )
            }
            None => (None, None),
        };
        let pos = f.span.map(|sp| m.file.line_col(sp.start));
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("id", &instance_id(f, &cx))?;
        o.serialize_entry("code", f.code.key())?;
        o.serialize_entry("severity", f.severity.key())?;
        o.serialize_entry("message", &r.message)?;
        o.serialize_entry("fix", &r.fix)?;
        o.serialize_entry("requirement", &requirement)?;
        o.serialize_entry("item", &item)?;
        o.serialize_entry("role", &f.role.map(|r| r.key()))?;
        o.serialize_entry("scope", &f.scope)?;
        o.serialize_entry("parties", &ids.list(f.parties.iter().copied()))?;
        o.serialize_entry("contract", &f.contract.map(|c| m.contracts[c].id.as_str()))?;
        o.serialize_entry(
            "contracts",
            &f.contracts
                .iter()
                .map(|&c| m.contracts[c].id.as_str())
                .collect::<Vec<_>>(),
        )?;
        o.serialize_entry("file", m.file.name())?;
        o.serialize_entry("line", &pos.map(|p| p.line))?;
        o.serialize_entry("column", &pos.map(|p| p.column))?;
        o.serialize_entry("outside_package", &f.outside_package)?;
        if let Some(v) = when_json(a, f) {
            o.serialize_entry("when", &v)?;
        }
        match f.waived_by {
            Some(w) => {
                let w = &m.waivers[w];
                o.serialize_entry(
                    "waived",
                    &serde_json::json!({ "reason": w.reason, "owner": w.owner, "until": w.until }),
                )?;
            }
            None => o.serialize_entry("waived", &None::<()>)?,
        }
        o.serialize_entry("because", &Reasons(a, &f.because))?;
        o.end()
    }
}

/// A finding's days, only for one about some days: `{"periods": [...], "before": [party
/// ids], "after": [...]}` (`before` and `after` for `coverage-gap`).
fn when_json(a: &Analysis, f: &Finding) -> Option<Value> {
    let p = f.periods.as_ref()?;
    let mut v = serde_json::json!({ "periods": super::explain::periods_json(p) });
    if let Some((before, after)) = &f.around {
        let ids = |ps: &[usize]| -> Vec<&str> {
            ps.iter().map(|&p| a.model.parties[p].id.as_str()).collect()
        };
        v["before"] = serde_json::json!(ids(before));
        v["after"] = serde_json::json!(ids(after));
    }
    Some(v)
}

struct Parties<'a>(&'a Analysis<'a>, Lang);

impl Serialize for Parties<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, lang) = (self.0, self.1);
        s.collect_seq((0..a.model.parties.len()).map(|pi| party_json(a, pi, lang)))
    }
}

/// The entry of party `pi` in `parties[]`.
fn party_json<'a>(a: &'a Analysis<'a>, pi: usize, lang: Lang) -> PartyJson<'a> {
    let m = a.model;
    let p = &m.parties[pi];
    let roles: Vec<HoldingJson> = a
        .roles
        .of_party(pi)
        .map(|h| HoldingJson {
            role: h.role.key(),
            qualifier: h.qualifier.key(),
            scope: h.scope.as_deref(),
            because: Reasons(a, &h.because),
            periods: (!h.periods.is_always()).then(|| super::explain::periods_json(&h.periods)),
        })
        .collect();
    let pos = m.file.line_col(p.span.start);
    PartyJson {
        id: &p.id,
        name: p.name.get(lang),
        names: I18n(&p.name),
        division: p.division.key(),
        org: &p.org,
        operates: p.operates,
        roles,
        line: pos.line,
        column: pos.column,
    }
}

#[derive(serde::Serialize)]
struct HoldingJson<'a> {
    role: &'static str,
    qualifier: &'static str,
    scope: Option<&'a str>,
    because: Reasons<'a>,
    /// Only for a holding that does not hold always.
    #[serde(skip_serializing_if = "Option::is_none")]
    periods: Option<Value>,
}

#[derive(serde::Serialize)]
struct PartyJson<'a> {
    id: &'a str,
    name: &'a str,
    names: I18n<'a>,
    division: &'static str,
    org: &'a str,
    operates: bool,
    roles: Vec<HoldingJson<'a>>,
    line: usize,
    column: usize,
}

#[derive(serde::Serialize)]
struct ContractJson<'a> {
    id: &'a str,
    client: &'a str,
    contractor: &'a str,
    kind: &'static str,
    /// The consortium named as the client (`client` is its representative).
    #[serde(skip_serializing_if = "Option::is_none")]
    client_consortium: Option<&'a str>,
    /// The consortium named as the contractor (`contractor` is its representative).
    #[serde(skip_serializing_if = "Option::is_none")]
    contractor_consortium: Option<&'a str>,
    roles_stated: bool,
    security_terms: bool,
    support_until: Option<crate::Date>,
    /// Only when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<crate::Date>,
    /// Only when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<crate::Date>,
    line: usize,
    column: usize,
}

struct Contracts<'a>(&'a Analysis<'a>);

impl Serialize for Contracts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.0.model;
        s.collect_seq((0..m.contracts.len()).map(|ci| contract_json(m, ci)))
    }
}

/// The entry of contract `ci` in `contracts[]`.
fn contract_json(m: &crate::Model, ci: usize) -> ContractJson<'_> {
    let c = &m.contracts[ci];
    let pos = m.file.line_col(c.span.start);
    ContractJson {
        id: &c.id,
        client: &m.parties[c.client].id,
        contractor: &m.parties[c.contractor].id,
        kind: c.kind.key(),
        client_consortium: c.client_consortium.map(|k| m.consortia[k].id.as_str()),
        contractor_consortium: c.contractor_consortium.map(|k| m.consortia[k].id.as_str()),
        roles_stated: c.roles.is_some(),
        security_terms: c.security_terms,
        support_until: c.support_until,
        from: c.from,
        until: c.until,
        line: pos.line,
        column: pos.column,
    }
}

struct Allocations<'a>(&'a Analysis<'a>, &'a Ids<'a>, Lang);

impl Serialize for Allocations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cache = DutyCache::default();
        s.collect_seq(
            self.0
                .allocations
                .iter()
                .map(|al| AllocationJson(self.0, self.1, al, self.2, &cache)),
        )
    }
}

struct Findings<'a>(&'a Analysis<'a>, &'a Ids<'a>, Lang);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .findings
                .iter()
                .map(|f| FindingJson(self.0, self.1, f, self.2)),
        )
    }
}

/// The whole `check` document, serialisable.
pub struct CheckJson<'a>(pub &'a Analysis<'a>, pub Lang);

impl Serialize for CheckJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, lang) = (self.0, self.1);
        let m = a.model;
        let mut o = s.serialize_map(None)?;
        for (key, value) in header(a, lang) {
            o.serialize_entry(key, &value)?;
        }
        o.serialize_entry("parties", &Parties(a, lang))?;
        o.serialize_entry("contracts", &Contracts(a))?;
        let ids = Ids::rendered(m);
        o.serialize_entry("allocations", &Allocations(a, &ids, lang))?;
        o.serialize_entry("findings", &Findings(a, &ids, lang))?;
        for (key, value) in trailer(a, lang) {
            o.serialize_entry(key, &value)?;
        }
        o.serialize_entry("summary", &a.summary())?;
        o.end()
    }
}

/// The small sections after the findings: the components (used without a contract, with
/// the parties using them) and the consortia (members, representative, roles stated per
/// member).
fn trailer(a: &Analysis, lang: Lang) -> [(&'static str, Value); 2] {
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

/// The document's first, small sections: schema, tool, model, catalog and options.
fn header(a: &Analysis, lang: Lang) -> [(&'static str, Value); 5] {
    let m = a.model;
    [
        ("schema", serde_json::json!(SCHEMA)),
        (
            "tool",
            serde_json::json!({ "name": crate::TOOL, "version": VERSION }),
        ),
        (
            "model",
            serde_json::json!({
                "file": m.file.name(),
                "format": m.format.name(),
                "name": m.name.get(lang),
                "names": { "en": m.name.en, "ja": m.name.ja },
                "software": m.software.map(|s| s.key()),
                "package": m.package.key(),
                "use_until": m.use_until,
            }),
        ),
        (
            "catalog",
            serde_json::json!({ "id": a.catalog.id, "file": a.catalog.file.name() }),
        ),
        (
            "options",
            serde_json::json!({ "package": a.package.key(), "today": a.today, "lang": lang.code() }),
        ),
    ]
}

/// One finding as a JSON value.
pub fn finding(a: &Analysis, f: &Finding, lang: Lang) -> Value {
    serde_json::to_value(FindingJson(a, &Ids::on_demand(a.model), f, lang))
        .expect("findings serialise")
}

/// The whole document as a JSON value (convenient for tests and small models; the CLI streams
/// it with [`write_check`]).
pub fn render_check(a: &Analysis, lang: Lang) -> Value {
    serde_json::to_value(CheckJson(a, lang)).expect("the check document serialises")
}

/// Write the document, layered (pretty outside, one line per duty or reason), with a newline.
///
/// The long sections are cut into pieces that two threads render, each taking the next piece
/// left, while this one writes them out in order (its own pieces straight to `w` when their
/// turn has come): the bytes are the same as serialising [`CheckJson`] in one go, and little
/// more than the pieces in flight is ever held in memory.
pub fn write_check<W: Write + ?Sized>(w: &mut W, a: &Analysis, lang: Lang) -> io::Result<()> {
    write_check_in(w, a, lang, PIECE)
}

/// The most entries in one piece of a long section: about a megabyte of JSON (allocations
/// are long: a piece of them is a few).
const PIECE: usize = 2048;
const ALLOCATION_PIECE: usize = 4;

/// A section of the document rendered in pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Parties,
    Contracts,
    Allocations,
    Findings,
}

/// Entries `from..to` of a section; the first piece opens the section, the last closes it.
#[derive(Debug, Clone, Copy)]
struct Piece {
    section: Section,
    from: usize,
    to: usize,
    len: usize,
}

impl Piece {
    fn render<'a, W: Write + ?Sized>(
        self,
        w: &mut W,
        a: &'a Analysis<'a>,
        ids: &'a Ids<'a>,
        lang: Lang,
        cache: &'a DutyCache<'a>,
    ) -> io::Result<()> {
        let key = match self.section {
            Section::Parties => "parties",
            Section::Contracts => "contracts",
            Section::Allocations => "allocations",
            Section::Findings => "findings",
        };
        if self.from == 0 {
            write!(w, ",\n  \"{key}\": [")?;
        }
        for i in self.from..self.to {
            // As the layered formatter separates the entries of a list at depth 2.
            w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            match self.section {
                Section::Parties => entries::party(w, a, i, lang)?,
                Section::Contracts => entries::contract(w, a, i)?,
                Section::Allocations => {
                    let al = AllocationJson(a, ids, &a.allocations[i], lang, cache);
                    json_out::section_into(w, &al, DEPTH, 2)?;
                }
                Section::Findings => entries::finding(w, a, ids, &a.findings[i], lang)?,
            }
        }
        if self.to == self.len {
            w.write_all(if self.len == 0 { b"]" } else { b"\n  ]" })?;
        }
        Ok(())
    }
}

/// The pieces of the long sections, in document order, of at most `size` entries.
fn pieces(a: &Analysis, size: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    for (section, len) in [
        (Section::Parties, a.model.parties.len()),
        (Section::Contracts, a.model.contracts.len()),
        (Section::Allocations, a.allocations.len()),
        (Section::Findings, a.findings.len()),
    ] {
        let size = if section == Section::Allocations {
            size.min(ALLOCATION_PIECE)
        } else {
            size
        };
        let mut from = 0;
        loop {
            let to = (from + size).min(len);
            out.push(Piece {
                section,
                from,
                to,
                len,
            });
            if to == len {
                break;
            }
            from = to;
        }
    }
    out
}

/// How far ahead of the writer a piece may be rendered: a bound on the memory held.
const LEAD: usize = 4;

/// How many pieces are written so far, for the other thread to wait on.
#[derive(Default)]
struct Progress {
    written: Mutex<usize>,
    moved: Condvar,
}

impl Progress {
    fn set(&self, written: usize) {
        *self.written.lock().unwrap_or_else(|e| e.into_inner()) = written;
        self.moved.notify_all();
    }

    /// Wait until piece `k` is at most [`LEAD`] pieces ahead of the writer.
    fn wait_for(&self, k: usize) {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        while k > *written + LEAD {
            written = self.moved.wait(written).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// A buffer the writer has emptied, or a new one.
fn spare_buffer(spare: &Mutex<Vec<Vec<u8>>>) -> Vec<u8> {
    spare
        .lock()
        .ok()
        .and_then(|mut s| s.pop())
        .unwrap_or_default()
}

/// [`write_check`] with pieces of `size` entries.
fn write_check_in<W: Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    lang: Lang,
    size: usize,
) -> io::Result<()> {
    let small = header(a, lang);
    let ids = Ids::rendered(a.model);
    let cache = DutyCache::default();
    let pieces = pieces(a, size.max(1));
    let next = AtomicUsize::new(0);
    let progress = Progress::default();
    // Buffers the writer has emptied, for the other thread to fill again.
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        // Dropped on an early return, which stops the other thread at its next piece.
        let (done, results) = mpsc::channel::<(usize, io::Result<Vec<u8>>)>();
        let (ids, pieces, next, spare, cache, progress) =
            (&ids, &pieces, &next, &spare, &cache, &progress);
        scope.spawn(move || {
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(piece) = pieces.get(k) else { break };
                progress.wait_for(k);
                let mut buf = spare_buffer(spare);
                let r = piece.render(&mut buf, a, ids, lang, cache).map(|()| buf);
                if done.send((k, r)).is_err() {
                    break;
                }
            }
        });
        let result = (|| {
            // A buffer gives the many small writes of the serialiser a fast path even when
            // `w` is a trait object.
            let mut out = io::BufWriter::with_capacity(1 << 20, &mut *w);
            out.write_all(b"{")?;
            for (i, (key, value)) in small.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write!(out, "\n  \"{key}\": ")?;
                json_out::section_into(&mut out, value, DEPTH, 1)?;
            }
            let mut ready: Vec<Option<Vec<u8>>> = vec![None; pieces.len()];
            let mut written = 0;
            // The piece this thread took and has not rendered yet.
            let mut mine: Option<usize> = None;
            while written < pieces.len() {
                if let Some(mut buf) = ready[written].take() {
                    out.write_all(&buf)?;
                    buf.clear();
                    if let Ok(mut s) = spare.lock() {
                        s.push(buf);
                    }
                    written += 1;
                    progress.set(written);
                    continue;
                }
                let k = match mine.take() {
                    Some(k) => k,
                    None => next.fetch_add(1, Ordering::Relaxed),
                };
                if k == written {
                    pieces[k].render(&mut out, a, ids, lang, cache)?;
                    written += 1;
                    progress.set(written);
                } else if k < pieces.len() && k <= written + LEAD {
                    let mut buf = spare_buffer(spare);
                    pieces[k].render(&mut buf, a, ids, lang, cache)?;
                    ready[k] = Some(buf);
                } else {
                    // Too far ahead, or nothing left: wait for the other thread's pieces.
                    if k < pieces.len() {
                        mine = Some(k);
                    }
                    let Ok((k, r)) = results.recv() else {
                        return Err(io::Error::other("the JSON thread stopped"));
                    };
                    ready[k] = Some(r?);
                }
                while let Ok((k, r)) = results.try_recv() {
                    ready[k] = Some(r?);
                }
            }
            for (key, value) in trailer(a, lang) {
                write!(out, ",\n  \"{key}\": ")?;
                json_out::section_into(&mut out, &value, DEPTH, 1)?;
            }
            out.write_all(b",\n  \"summary\": ")?;
            json_out::section_into(&mut out, &a.summary(), DEPTH, 1)?;
            out.write_all(b"\n}\n")?;
            out.flush()
        })();
        // However this ended, the other thread must not wait for progress any more.
        progress.set(usize::MAX - LEAD);
        drop(results);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{SynthOptions, generate};
    use crate::{Catalog, Date, Options, analyse, load::parse_model};

    /// However the long sections are cut into pieces, and whichever thread renders which,
    /// the document is byte for byte the serialisation of [`CheckJson`] in one go (the
    /// hand-written entries included): a synthetic chain, every bundled model, the hostile
    /// fixtures (quotes, control characters, markup, waivers) and a model whose sections are
    /// empty.
    #[test]
    fn pieces_make_the_document_of_one_go() {
        let catalog = Catalog::builtin();
        let mut models: Vec<(String, String)> = vec![
            (
                "chain.json".into(),
                generate(SynthOptions {
                    parties: 700,
                    seed: 3,
                })
                .to_string(),
            ),
            (
                "lone.json".into(),
                r#"{"name": "x", "parties": {"a": {"name": "A", "division": "Customer"}}}"#.into(),
            ),
        ];
        let files = std::fs::read_dir("models")
            .expect("models/")
            .chain(std::fs::read_dir("tests/fixtures").expect("tests/fixtures/"));
        for entry in files {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "ron") {
                let text = std::fs::read_to_string(&path).expect("readable");
                models.push((path.to_string_lossy().into_owned(), text));
            }
        }
        assert!(models.len() >= 10, "{} models", models.len());
        let today = Date::parse("2026-11-25").expect("a date");
        for (name, text) in &models {
            let model = parse_model(name, text, &catalog).expect("a valid model");
            let a = analyse(
                &model,
                &catalog,
                Options {
                    package: None,
                    today,
                },
            );
            for lang in [Lang::En, Lang::Ja] {
                let whole = json_out::to_vec(&CheckJson(&a, lang), DEPTH);
                for size in [1, 2, 3, 7, 64, 100_000] {
                    let mut out = Vec::new();
                    write_check_in(&mut out, &a, lang, size).expect("writing to memory");
                    assert!(
                        out == whole,
                        "{name}, pieces of {size}:\n{}",
                        first_difference(&out, &whole)
                    );
                }
            }
        }
    }

    /// Where two documents first differ, with some context.
    fn first_difference(a: &[u8], b: &[u8]) -> String {
        let i = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let show = |s: &[u8]| {
            String::from_utf8_lossy(&s[i.saturating_sub(80)..(i + 80).min(s.len())]).into_owned()
        };
        format!("pieces: …{}…\none go: …{}…", show(a), show(b))
    }
}
