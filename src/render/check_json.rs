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
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

use super::{because, json_out};

mod duties;
mod entries;
mod pieces;

use crate::allocate::{Allocation, Duty, Via, duty_scope};
use crate::derive::Because;
use crate::findings::{Finding, instance_id, render};
use crate::i18n::{Lang, Text};
use crate::{Analysis, VERSION};
pub(crate) use duties::Ids;
use duties::{AllocationJson, DutyCache};
use entries::trailer;
use pieces::{PIECE, write_check_in};

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
        o.serialize_entry("parties", &ids.seq(f.parties.iter().copied()))?;
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
        WithConformance::<()>(self.0, self.1, None).serialize(s)
    }
}

/// The `check` document with, after its summary, the `conformance` section of filled-in
/// checklists (`check --status`), when there is one.
struct WithConformance<'a, C: ?Sized>(&'a Analysis<'a>, Lang, Option<&'a C>);

impl<C: Serialize + ?Sized> Serialize for WithConformance<'_, C> {
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
        if let Some(c) = self.2 {
            o.serialize_entry("conformance", c)?;
        }
        o.end()
    }
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
    serde_json::to_value(finding_json(a, f, lang)).expect("findings serialise")
}

/// One finding as it appears in `findings[]`, to serialise with any formatter without making a
/// [`Value`] of it first (the diff writes thousands): its values are those of [`finding`].
pub fn finding_json<'a>(a: &'a Analysis<'a>, f: &'a Finding, lang: Lang) -> impl Serialize + 'a {
    struct Single<'a>(&'a Analysis<'a>, Ids<'a>, &'a Finding, Lang);
    impl Serialize for Single<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            FindingJson(self.0, &self.1, self.2, self.3).serialize(s)
        }
    }
    Single(a, Ids::on_demand(a.model), f, lang)
}

/// The whole document as a JSON value (convenient for tests and small models; the CLI streams
/// it with [`write_check`]).
pub fn render_check(a: &Analysis, lang: Lang) -> Value {
    serde_json::to_value(CheckJson(a, lang)).expect("the check document serialises")
}

/// Write the document with its `conformance` section (`check --status`), fully pretty as it
/// has always been printed, streamed from the analysis without a JSON tree of the document.
pub fn write_check_with<W: Write + ?Sized, C: Serialize + ?Sized>(
    w: &mut W,
    a: &Analysis,
    lang: Lang,
    conformance: &C,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 20, &mut *w);
    json_out::write(
        &mut out,
        &WithConformance(a, lang, Some(conformance)),
        usize::MAX,
    )?;
    out.flush()
}

/// Write the document, layered (pretty outside, one line per duty or reason), with a newline.
///
/// The long sections are cut into pieces that rayon renders a batch at a time on every core,
/// written out in order: the bytes are the same as serialising [`CheckJson`] in one go, and
/// little more than one batch of pieces is ever held in memory.
pub fn write_check<W: Write + ?Sized>(w: &mut W, a: &Analysis, lang: Lang) -> io::Result<()> {
    write_check_in(w, a, lang, PIECE)
}
