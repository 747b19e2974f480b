//! `rolemap diff --format json` (`rolemap/diff/v1`): written as it is made.

use std::io::{self, Write};

use serde_json::json;

use super::{SCHEMA, contracts, side_of};
use crate::Analysis;
use crate::diff::{
    AllocationDiff, AllocationSide, Diff, FindingChange, FindingDiff, HeldRole, PartyDiff, Presence,
};
use crate::i18n::Lang;
use crate::render::check_json;
use crate::render::json_out::Pretty;

/// One side of a changed allocation as it is written: typed, not a `serde_json::Value`, as a
/// side of a 100k chain's allocation names up to every party (a `Value` copied each id).
/// The fields in the order written.
#[derive(serde::Serialize)]
struct SideJson<'s> {
    status: &'static str,
    responsible: &'s [&'s str],
    contributors: &'s [&'s str],
}

fn side_json<'s>(s: &'s Option<AllocationSide>) -> Option<SideJson<'s>> {
    s.as_ref().map(|s| SideJson {
        status: s.status.key(),
        responsible: &s.responsible,
        contributors: &s.contributors,
    })
}

/// A changed allocation as it is written (see [`SideJson`]).
#[derive(serde::Serialize)]
struct AllocationJson<'s> {
    unit: &'s str,
    requirement: &'s str,
    item: Option<&'s str>,
    role: &'static str,
    old: Option<SideJson<'s>>,
    new: Option<SideJson<'s>>,
}

fn allocation_json<'s>(
    a: &'s AllocationDiff,
    old: &'s Analysis,
    new: &'s Analysis,
) -> AllocationJson<'s> {
    let (an, i) = match (a.new_index, a.old_index) {
        (Some(i), _) => (new, i),
        (None, Some(i)) => (old, i),
        (None, None) => unreachable!("an allocation change has at least one side"),
    };
    let u = an.allocations[i].unit(an.catalog);
    AllocationJson {
        unit: &a.unit,
        requirement: &u.requirement.id,
        item: u.item.map(|it| it.id.as_str()),
        role: a.role.key(),
        old: side_json(&a.old),
        new: side_json(&a.new),
    }
}

/// A role a party gained or lost, as it is written.
#[derive(serde::Serialize)]
struct HeldJson<'s> {
    role: &'static str,
    qualifier: &'static str,
    scope: &'s Option<String>,
}

fn held_json(r: &HeldRole) -> HeldJson<'_> {
    HeldJson {
        role: r.role.key(),
        qualifier: r.qualifier.key(),
        scope: &r.scope,
    }
}

/// A changed party as it is written.
#[derive(serde::Serialize)]
struct PartyJson<'s> {
    id: &'s str,
    change: &'static str,
    gained: Vec<HeldJson<'s>>,
    lost: Vec<HeldJson<'s>>,
}

/// A changed finding as it is written: typed, its finding the check JSON's values serialised
/// as they are written (a `serde_json::Value` of each was a tenth of a 100k diff's time).
#[derive(serde::Serialize)]
struct FindingDiffJson<'s, F> {
    id: &'s str,
    change: &'static str,
    old_severity: Option<&'static str>,
    new_severity: Option<&'static str>,
    waived: bool,
    finding: F,
}

/// The diff as JSON (`rolemap/diff/v1`), fully pretty, written as it is made: the parties,
/// contracts, allocations and findings an element at a time (a 100k-party diff made as one tree
/// of values took 3 GB). Findings carry the check JSON of the side they are read from (the new
/// model's where they exist there).
pub fn write_json<'d>(
    w: &mut dyn Write,
    d: &'d Diff,
    old: &'d Analysis<'d>,
    new: &'d Analysis<'d>,
    lang: Lang,
) -> io::Result<()> {
    let side = |a: &Analysis| {
        json!({
            "file": a.model.file.name(),
            "name": a.model.name.get(lang),
            "package": a.package.key(),
            "summary": a.summary(),
        })
    };
    let party = |p: &'d PartyDiff| {
        let roles = |v: &'d [HeldRole]| v.iter().map(held_json).collect();
        PartyJson {
            id: &p.id,
            change: match p.presence() {
                Presence::Added => "added",
                Presence::Removed => "removed",
                Presence::Kept => "changed",
            },
            gained: roles(&p.gained),
            lost: roles(&p.lost),
        }
    };
    let finding = |f: &'d FindingDiff| {
        let (a, i) = side_of(f, old, new);
        FindingDiffJson {
            id: &f.id,
            change: f.change.key(),
            old_severity: f.old.map(|o| old.findings[o].severity.key()),
            new_severity: f.new.map(|n| new.findings[n].severity.key()),
            waived: f.change.is_waiver_change(),
            finding: check_json::finding_json(a, &a.findings[i], lang),
        }
    };
    let mut doc = Pretty::object(w, 0)?;
    doc.field(w, "schema", SCHEMA)?;
    doc.field(
        w,
        "tool",
        &json!({ "name": crate::TOOL, "version": crate::VERSION }),
    )?;
    doc.field(w, "old", &side(old))?;
    doc.field(w, "new", &side(new))?;
    doc.field(
        w,
        "options",
        &json!({ "today": new.today, "lang": lang.code() }),
    )?;
    doc.key(w, "parties")?;
    // A party's, a contract's or a finding's value is a few hundred bytes: 64 a job.
    let small = (64, crate::parallel::AHEAD_PER_THREAD);
    Pretty::array_made(w, doc.inner(), d.parties.len(), small, &|i| {
        party(&d.parties[i])
    })?;
    doc.key(w, "contracts")?;
    Pretty::array_made(w, doc.inner(), d.contracts.len(), small, &|i| {
        contracts::json(&d.contracts[i], old, new)
    })?;
    doc.key(w, "allocations")?;
    // An allocation's value names up to every party of the chain: one a job, two a thread.
    Pretty::array_made(w, doc.inner(), d.allocations.len(), (1, 2), &|i| {
        allocation_json(&d.allocations[i], old, new)
    })?;
    doc.key(w, "findings")?;
    Pretty::array_made(w, doc.inner(), d.findings.len(), small, &|i| {
        finding(&d.findings[i])
    })?;
    doc.field(
        w,
        "summary",
        &json!({
            "parties_changed": d.parties.len(),
            "contracts_changed": d.contracts.len(),
            "allocations_changed": d.allocations.len(),
            "introduced": d.findings_of(FindingChange::Introduced).count(),
            "resolved": d.findings_of(FindingChange::Resolved).count(),
            "severity_changed": d.findings_of(FindingChange::SeverityChanged).count(),
            "newly_waived": d.findings_of(FindingChange::NewlyWaived).count(),
            "no_longer_waived": d.findings_of(FindingChange::NoLongerWaived).count(),
        }),
    )?;
    doc.end(w)?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use crate::{Catalog, Date, Lang, Options, analyse, load::parse_model};

    /// The document written by hand is what serde_json prints of the same values, byte for
    /// byte, across the jobs of every section (two 300-party chains from different seeds
    /// differ in hundreds of parties, contracts and findings).
    #[test]
    fn the_written_document_is_the_pretty_print_of_its_values() {
        let cat = Catalog::builtin();
        let opts = Options {
            package: None,
            today: Date::parse("2026-11-25").unwrap(),
        };
        let chain = |seed| {
            let v = crate::synth::generate(crate::synth::SynthOptions { parties: 300, seed });
            parse_model("c.json", &serde_json::to_string(&v).unwrap(), &cat).unwrap()
        };
        let (ma, mb) = (chain(1), chain(2));
        let (a, b) = (analyse(&ma, &cat, opts), analyse(&mb, &cat, opts));
        let d = crate::diff::diff(&a, &b);
        assert!(d.parties.len() > 64 && d.contracts.len() > 64 && d.findings.len() > 64);
        for lang in [Lang::En, Lang::Ja] {
            let mut out = Vec::new();
            super::write_json(&mut out, &d, &a, &b, lang).unwrap();
            let text = String::from_utf8(out).unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["parties"].as_array().unwrap().len(), d.parties.len());
            assert_eq!(v["findings"].as_array().unwrap().len(), d.findings.len());
            assert_eq!(text, crate::render::json_out::pretty_text(&v));
        }
    }
}
