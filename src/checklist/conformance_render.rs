//! Conformance read back from filled-in checklists, as text (after `check`'s findings) and as
//! the `conformance` section of `check`'s JSON.

use std::fmt::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::checklist::{Conformance, Counts, PartyConformance};
use crate::i18n::Lang;
use crate::model::types::Package;
use crate::style::WIDTH;
use crate::style::{Paint, width, wrap};
use crate::{Analysis, tr};

/// One package's counts in words: `Mandatory 12/14 implemented, 1 partial, 1 missing`.
pub fn counts_text(package: Package, c: &Counts, lang: Lang) -> String {
    let pkg = match (package, lang) {
        (Package::Mandatory, Lang::En) => "Mandatory",
        (Package::Standard, Lang::En) => "Standard",
        (p, Lang::Ja) => p.label(Lang::Ja),
    };
    let (done, of) = (c.implemented, c.applicable());
    let mut parts = vec![tr!(
        lang,
        "{pkg} {done}/{of} implemented",
        "{pkg} {done}/{of} 実施済"
    )];
    let mut more = |n: usize, en: &str, ja: &str| {
        if n > 0 {
            parts.push(match lang {
                Lang::En => format!("{n} {en}"),
                Lang::Ja => format!("{ja} {n}"),
            });
        }
    };
    more(c.partial, "partial", "一部実施");
    more(c.missing, "missing", "未実施");
    more(c.not_filled, "not filled", "未記入");
    more(c.not_applicable, "not applicable", "該当なし");
    parts.join(lang.pick(", ", "、"))
}

/// A party's lines: `acme: Mandatory 12/14 implemented, 1 partial, 1 missing`, then the
/// standard package aligned under it.
fn party_lines(a: &Analysis, p: &PartyConformance, lang: Lang) -> Vec<String> {
    let id = &a.model.parties[p.party].id;
    if !p.covered {
        let n = p.standard.rows;
        return wrap(
            &tr!(
                lang,
                "{id}: no checklist read ({n} rows not filled)",
                "{id}: チェックリストの読み込みなし (未記入 {n} 行)"
            ),
            WIDTH,
            "  ",
            "    ",
        );
    }
    let m = counts_text(Package::Mandatory, &p.mandatory, lang);
    let s = counts_text(Package::Standard, &p.standard, lang);
    let indent = " ".repeat(2 + width(id) + 2);
    let mut out = wrap(&format!("{id}: {m}"), WIDTH, "  ", &indent);
    out.extend(wrap(&s, WIDTH, &indent, &indent));
    out
}

/// The conformance section of `check`'s text output.
pub fn render_text(a: &Analysis, c: &Conformance, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let files = c.files.join(", ");
    let head = tr!(
        lang,
        "Conformance (self-declaration) from {files}:",
        "適合状況 (自己適合宣言) {files} より:"
    );
    for l in wrap(&head, WIDTH, "", "  ") {
        let _ = writeln!(out, "{}", paint.bold(&l));
    }
    for p in &c.parties {
        let target = p.counts(a.package);
        for l in party_lines(a, p, lang) {
            let l = if !p.covered {
                paint.dim(&l)
            } else if target.conforms() {
                paint.green(&l)
            } else {
                l
            };
            let _ = writeln!(out, "{l}");
        }
    }
    let note = lang.pick(
        "(n/m: implemented of applicable rows; the standard package includes the mandatory one)",
        "(n/m: 該当する行のうち実施済の数。標準パッケージは必須を含む)",
    );
    for l in wrap(note, WIDTH, "", " ") {
        let _ = writeln!(out, "{}", paint.dim(&l));
    }
    out
}

/// A package's counts as they are written.
#[derive(serde::Serialize)]
struct CountsJson {
    rows: usize,
    applicable: usize,
    implemented: usize,
    partial: usize,
    missing: usize,
    not_applicable: usize,
    not_filled: usize,
    conforms: bool,
}

fn counts_json(c: &Counts) -> CountsJson {
    CountsJson {
        rows: c.rows,
        applicable: c.applicable(),
        implemented: c.implemented,
        partial: c.partial,
        missing: c.missing,
        not_applicable: c.not_applicable,
        not_filled: c.not_filled,
        conforms: c.conforms(),
    }
}

/// One checklist row as it is written.
#[derive(serde::Serialize)]
struct RowJson<'a> {
    id: &'a str,
    requirement: &'a str,
    item: Option<&'a str>,
    roles: Vec<&'static str>,
    package: &'static str,
    package_inferred: bool,
    status: Option<&'static str>,
    evidence: &'a str,
    remarks: &'a str,
    file: Option<&'a str>,
    sheet: Option<&'a str>,
    row: Option<u32>,
}

/// The `conformance` section of `check`'s JSON, serialised as it is written (typed values,
/// never a `serde_json::Value` tree: a filled-in checklist of every party of a large chain
/// has a row per party per requirement). Made by [`json`].
pub struct ConformanceJson<'a>(&'a Analysis<'a>, &'a Conformance, Lang);

/// The `conformance` section of `check`'s JSON, to serialise with any formatter.
pub fn json<'a>(a: &'a Analysis<'a>, c: &'a Conformance, lang: Lang) -> ConformanceJson<'a> {
    ConformanceJson(a, c, lang)
}

impl Serialize for ConformanceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, c, lang) = (self.0, self.1, self.2);
        let mut o = s.serialize_map(Some(2))?;
        o.serialize_entry("files", &c.files)?;
        o.serialize_entry("parties", &Parties(a, &c.parties, lang))?;
        o.end()
    }
}

/// The parties of the section, each made as it is written.
struct Parties<'a>(&'a Analysis<'a>, &'a [PartyConformance], Lang);

impl Serialize for Parties<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, lang) = (self.0, self.2);
        s.collect_seq(self.1.iter().map(|p| party_json(a, p, lang)))
    }
}

/// One party's conformance as it is written.
#[derive(serde::Serialize)]
struct PartyJson<'a> {
    party: &'a str,
    name: &'a str,
    covered: bool,
    mandatory: CountsJson,
    standard: CountsJson,
    rows: Vec<RowJson<'a>>,
}

fn party_json<'a>(a: &'a Analysis, p: &'a PartyConformance, lang: Lang) -> PartyJson<'a> {
    let m = a.model;
    let rows = p
        .rows
        .iter()
        .map(|s| {
            let u = s.row.unit(a);
            RowJson {
                id: u.id(),
                requirement: &u.requirement.id,
                item: u.item.map(|i| i.id.as_str()),
                roles: s.row.roles.iter().map(|r| r.key()).collect(),
                package: s.row.alloc(a).package.key(),
                package_inferred: u.package_inferred(),
                status: s.status.map(|d| d.key()),
                evidence: &s.evidence,
                remarks: &s.remarks,
                file: s.place.as_ref().map(|p| p.file.as_str()),
                sheet: s.place.as_ref().and_then(|p| p.sheet.as_deref()),
                row: s.place.as_ref().map(|p| p.row),
            }
        })
        .collect();
    PartyJson {
        party: &m.parties[p.party].id,
        name: m.parties[p.party].name.get(lang),
        covered: p.covered,
        mandatory: counts_json(&p.mandatory),
        standard: counts_json(&p.standard),
        rows,
    }
}

/// The `conformance` section of `check`'s JSON as a value (for library users and tests;
/// `check` writes [`json`] as it is made).
pub fn render_json(a: &Analysis, c: &Conformance, lang: Lang) -> Value {
    serde_json::to_value(json(a, c, lang)).expect("the conformance section serialises")
}

#[cfg(test)]
mod tests {
    use crate::checklist::{conformance, read_status_bytes, render::render_csv};
    use crate::render::{check_json, json_out};
    use crate::{Catalog, Lang, Options, analyse};

    /// `check --status --format json` streams the typed section: its bytes are the pretty
    /// print of the document's value with the section's value put in, on a filled-in
    /// checklist of every bundled model's first party (statuses of every kind, evidence that
    /// needs escaping).
    #[test]
    fn the_streamed_section_is_the_pretty_print_of_its_value() {
        let catalog = Catalog::builtin();
        let mut filled = 0;
        for m in &crate::synth::bundled_models_and_a_chain(&catalog, false) {
            let a = analyse(m, &catalog, Options::default());
            let csv = render_csv(&a, 0, Lang::En);
            let mut reader = csv::Reader::from_reader(csv.as_bytes());
            let header = reader.headers().unwrap().clone();
            let at = |name: &str| header.iter().position(|h| h == name).unwrap();
            let (status, evidence) = (at("status"), at("evidence"));
            let kinds = ["implemented", "partial", "missing", "not-applicable", ""];
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(&header).unwrap();
            for (k, record) in reader.records().enumerate() {
                let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
                row[status] = kinds[k % kinds.len()].to_string();
                if k % 2 == 0 {
                    row[evidence] = "a \"b\" <c>".to_string();
                }
                writer.write_record(&row).unwrap();
                filled += 1;
            }
            let text = writer.into_inner().unwrap();
            let (set, errors) = read_status_bytes("s.csv", text);
            assert!(errors.is_empty(), "{errors:?}");
            let c = conformance(&a, &set).expect("the rows match the analysis");
            for lang in [Lang::En, Lang::Ja] {
                let mut tree = check_json::render_check(&a, lang);
                tree.as_object_mut()
                    .unwrap()
                    .insert("conformance".into(), super::render_json(&a, &c, lang));
                let mut streamed = Vec::new();
                check_json::write_check_with(&mut streamed, &a, lang, &super::json(&a, &c, lang))
                    .unwrap();
                assert_eq!(
                    String::from_utf8(streamed).unwrap(),
                    json_out::pretty_text(&tree)
                );
            }
        }
        assert!(filled > 100, "{filled} rows filled");
    }
}
