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
/// [`render_json`] printed), straight from the analysis: one row's cells at a time.
pub fn write_json<W: std::io::Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    lang: Lang,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut *w);
    crate::render::json_out::write(&mut out, &MatrixJson(a, lang), usize::MAX)?;
    std::io::Write::flush(&mut out)
}

/// The matrix document, serialisable.
struct MatrixJson<'a>(&'a Analysis<'a>, Lang);

impl serde::Serialize for MatrixJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (a, lang) = (self.0, self.1);
        let m = a.model;
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("schema", "rolemap/matrix/v1")?;
        o.serialize_entry("model", m.file.name())?;
        o.serialize_entry(
            "parties",
            &Seq(|| {
                m.parties.iter().map(|p| PartyJson {
                    id: &p.id,
                    name: p.name.get(lang),
                })
            }),
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
