//! The report data's `catalog` section: the requirements and items with their sources, and
//! the documents cited (the catalog's size, not the chain's: a JSON tree is fine here).

use serde_json::{Value, json};

use super::{each, t};
use crate::Analysis;
use crate::catalog::Source;
use crate::model::types::Role;

fn source_kind(s: &Source) -> &'static str {
    s.key()
}

fn source_text(s: &Source) -> Value {
    each(|lang| s.describe(lang))
}

/// The catalog: requirements and items with their sources, and the documents cited.
pub(super) fn catalog(a: &Analysis) -> Value {
    let c = a.catalog;
    let roles = |rs: &[Role]| rs.iter().map(|&r| r as usize).collect::<Vec<_>>();
    let requirements: Vec<Value> = c
        .requirements
        .iter()
        .map(|r| {
            let items: Vec<Value> = r
                .items
                .iter()
                .map(|i| {
                    json!([
                        i.id,
                        t(&i.title),
                        i.package as usize,
                        i.roles.as_deref().map(roles),
                        i.applies.map(|x| x as usize),
                        source_kind(&i.source),
                        source_text(&i.source),
                        i.title_source.as_ref().map(source_text),
                        i.package_source.as_ref().map(source_text),
                        i.package_source().is_inferred() as u8,
                    ])
                })
                .collect();
            json!([
                r.id,
                t(&r.title),
                roles(&r.roles),
                r.applies as usize,
                r.items
                    .is_empty()
                    .then_some(r.package)
                    .flatten()
                    .map(|p| p as usize),
                source_kind(&r.source),
                source_text(&r.source),
                source_kind(&r.roles_source),
                source_text(&r.roles_source),
                items,
                r.items
                    .is_empty()
                    .then_some(r.package_source.as_ref())
                    .flatten()
                    .map(source_text),
                r.package_source.as_ref().is_some_and(Source::is_inferred) as u8,
            ])
        })
        .collect();
    let sources: Vec<Value> = c
        .sources
        .iter()
        .map(|s| json!([s.tag, s.title, s.url]))
        .collect();
    json!({
        "id": c.id,
        "title": t(&c.title),
        "edition": t(&c.edition),
        "requirements": requirements,
        "sources": sources,
    })
}
