//! `matrix --format json`: the matrix written row by row through `json_out`, never a tree
//! of the whole document.

use serde_json::Value;

use super::RowCells;
use crate::Analysis;
use crate::allocate::Allocation;
use crate::i18n::Lang;

/// The matrix as JSON (for library users and tests; the command streams it with
/// [`write_json`]).
pub fn render_json(a: &Analysis, lang: Lang) -> Value {
    serde_json::to_value(MatrixJson(a, lang)).expect("the matrix serialises")
}

/// Write the matrix as JSON, fully pretty with a trailing newline (the bytes of
/// [`render_json`] printed), straight from the analysis: the parties and the rows made on
/// every core a few at a time and written in order (a row of a 100k chain has a cell for up
/// to every party).
pub fn write_json<W: std::io::Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    lang: Lang,
) -> std::io::Result<()> {
    write_json_in(w, a, lang, PARTIES_PER_JOB)
}

/// Parties made in one job: a party's entry is a few dozen bytes.
const PARTIES_PER_JOB: usize = 4096;

/// [`write_json`], `per_job` parties a job.
fn write_json_in<W: std::io::Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    lang: Lang,
    per_job: usize,
) -> std::io::Result<()> {
    use crate::render::json_out::Pretty;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut *w);
    let w = &mut out;
    let m = a.model;
    let mut doc = Pretty::object(w, 0)?;
    doc.text(w, "schema", SCHEMA)?;
    doc.text(w, "model", m.file.name())?;
    doc.key(w, "parties")?;
    Pretty::array_made(w, doc.inner(), m.parties.len(), (per_job, 2), &|i| {
        party(a, i, lang)
    })?;
    doc.key(w, "rows")?;
    Pretty::array_made(w, doc.inner(), a.allocations.len(), (1, 2), &|i| {
        RowJson(a, &a.allocations[i], lang)
    })?;
    doc.end(w)?;
    std::io::Write::write_all(w, b"\n")?;
    std::io::Write::flush(&mut out)
}

/// The schema of the document.
const SCHEMA: &str = "rolemap/matrix/v1";

fn party<'a>(a: &'a Analysis, i: usize, lang: Lang) -> PartyJson<'a> {
    let p = &a.model.parties[i];
    PartyJson {
        id: &p.id,
        name: p.name.get(lang),
    }
}

/// The matrix document, serialisable.
struct MatrixJson<'a>(&'a Analysis<'a>, Lang);

impl serde::Serialize for MatrixJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (a, lang) = (self.0, self.1);
        let m = a.model;
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("schema", SCHEMA)?;
        o.serialize_entry("model", m.file.name())?;
        o.serialize_entry(
            "parties",
            &Seq(|| (0..m.parties.len()).map(|i| party(a, i, lang))),
        )?;
        o.serialize_entry(
            "rows",
            &Seq(|| a.allocations.iter().map(|al| RowJson(a, al, lang))),
        )?;
        o.end()
    }
}

/// A list written from an iterator as it comes.
struct Seq<F>(F);

impl<F, I> serde::Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

#[derive(serde::Serialize)]
struct PartyJson<'a> {
    id: &'a str,
    name: &'a str,
}

/// One row: an allocation and its cells, keyed by party id.
struct RowJson<'a>(&'a Analysis<'a>, &'a Allocation, Lang);

impl serde::Serialize for RowJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (a, al, lang) = (self.0, self.1, self.2);
        let u = al.unit(a.catalog);
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("requirement", &u.requirement.id)?;
        o.serialize_entry("item", &u.item.map(|i| i.id.as_str()))?;
        o.serialize_entry("title", u.title().get(lang))?;
        o.serialize_entry("role", al.role.key())?;
        o.serialize_entry("package", al.package.key())?;
        o.serialize_entry("package_inferred", &u.package_inferred())?;
        o.serialize_entry("residual", &u.is_residual())?;
        o.serialize_entry("status", al.status.key())?;
        let cells = RowCells::new(a, al);
        let ids = &a.model.parties;
        o.serialize_entry(
            "cells",
            &Cells(
                cells
                    .iter()
                    .map(|(pi, c)| (ids[pi].id.as_str(), c.text()))
                    .collect(),
            ),
        )?;
        o.end()
    }
}

/// A row's cells by party id, in the row's order.
struct Cells<'a>(Vec<(&'a str, String)>);

impl serde::Serialize for Cells<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Catalog, Lang, Options, analyse};

    /// The document written in pieces is serde_json's pretty print of [`super::render_json`],
    /// byte for byte, on every bundled model and a chain, with jobs of one party and of many.
    #[test]
    fn the_written_matrix_is_the_pretty_print_of_its_value() {
        let catalog = Catalog::builtin();
        for m in &crate::synth::bundled_models_and_a_chain(&catalog, false) {
            let a = analyse(m, &catalog, Options::default());
            for lang in [Lang::En, Lang::Ja] {
                let want = crate::render::json_out::pretty_text(&super::render_json(&a, lang));
                for per_job in [1, 7, super::PARTIES_PER_JOB] {
                    let mut out = Vec::new();
                    super::write_json_in(&mut out, &a, lang, per_job).unwrap();
                    let text = String::from_utf8(out).unwrap();
                    assert_eq!(text, want, "{per_job}");
                }
            }
        }
    }
}
