//! The requirement catalog as an OSCAL catalog: one group per category, one control per
//! requirement, one part per item; the SSP's control ids refer to it.

use serde_json::{Value, json};

use super::{
    OSCAL_VERSION, Prop, alt_title, clean, control_id, datetime, package_props, prop, prop_class,
    seal, source_props, statement_id, token, uri_reference, uuid,
};
use crate::catalog::Catalog;
use crate::date::Date;
use crate::i18n::Lang;

/// The catalog as an OSCAL catalog document.
pub fn render_catalog(catalog: &Catalog, lang: Lang, today: Date) -> Value {
    let groups: Vec<Value> = catalog
        .categories
        .iter()
        .map(|c| {
            let mut props = vec![prop("holder", c.holder.key())];
            source_props(&c.source, &mut props, lang);
            alt_title(&c.title, lang, &mut props);
            let controls: Vec<Value> = catalog
                .requirements
                .iter()
                .filter(|r| r.category == c.id)
                .map(|r| {
                    let mut props = vec![Prop::label(&r.id)];
                    for role in &r.roles {
                        props.push(prop("role", role.key()));
                    }
                    props.push(prop("applies", r.applies.key()));
                    if r.items.is_empty()
                        && let (Some(p), Some(s)) = (r.package, &r.package_source)
                    {
                        package_props(p, s, &mut props, lang);
                    }
                    source_props(&r.source, &mut props, lang);
                    alt_title(&r.title, lang, &mut props);
                    let items: Vec<Value> = r
                        .items
                        .iter()
                        .map(|i| {
                            let mut props = vec![Prop::label(&i.id)];
                            package_props(i.package, i.package_source(), &mut props, lang);
                            if i.residual {
                                props.push(prop("residual", "true"));
                            }
                            for role in i.roles.as_deref().unwrap_or_default() {
                                props.push(prop("role", role.key()));
                            }
                            if let Some(a) = i.applies {
                                props.push(prop("applies", a.key()));
                            }
                            source_props(&i.source, &mut props, lang);
                            alt_title(&i.title, lang, &mut props);
                            let mut part = json!({
                                "id": statement_id(&r.id, &i.id),
                                "name": "item",
                                "title": clean(i.title.get(lang)),
                                "props": props,
                            });
                            if let Some(n) = &i.note {
                                part["prose"] = json!(clean(n.get(lang)));
                            }
                            part
                        })
                        .collect();
                    let mut statement = json!({
                        "id": format!("{}_smt", control_id(&r.id)),
                        "name": "statement",
                        "prose": clean(r.title.get(lang)),
                    });
                    if !items.is_empty() {
                        statement["parts"] = json!(items);
                    }
                    let mut parts = vec![statement];
                    if let Some(n) = &r.note {
                        parts.push(json!({
                            "id": format!("{}_gdn", control_id(&r.id)),
                            "name": "guidance",
                            "prose": clean(n.get(lang)),
                        }));
                    }
                    json!({
                        "id": control_id(&r.id),
                        "class": "requirement",
                        "title": clean(r.title.get(lang)),
                        "props": props,
                        "parts": parts,
                    })
                })
                .collect();
            json!({
                "id": format!("cat-{}", token(&c.id).trim_start_matches("req-")),
                "class": "category",
                "title": clean(c.title.get(lang)),
                "props": props,
                "controls": controls,
            })
        })
        .collect();
    // Sources with a link are back-matter resources (OSCAL wants a link or content in each);
    // the others are named in the metadata.
    let resources: Vec<Value> = catalog
        .sources
        .iter()
        .filter_map(|s| {
            let u = s.url.as_ref()?;
            Some(json!({
                "uuid": uuid(&["catalog", &catalog.id, "source", &s.tag]),
                "title": clean(&s.title),
                "props": [prop("tag", clean(&s.tag))],
                "rlinks": [{ "href": uri_reference(u) }],
            }))
        })
        .collect();
    let mut meta_props = vec![prop("edition", clean(catalog.edition.get(lang)))];
    for s in catalog.sources.iter().filter(|s| s.url.is_none()) {
        meta_props.push(prop_class(
            "source-document",
            clean(&s.title),
            token(&s.tag),
        ));
    }
    let mut doc = json!({
        "catalog": {
            "uuid": "",
            "metadata": {
                "title": clean(catalog.title.get(lang)),
                "last-modified": datetime(today),
                "version": clean(&catalog.id),
                "oscal-version": OSCAL_VERSION,
                "props": meta_props,
                "remarks": "Generated by rolemap from its requirement catalog. Every control and item says where it comes from (prop `source`: seed, web or inferred).",
            },
            "groups": groups,
        }
    });
    if !resources.is_empty() {
        doc["catalog"]["back-matter"] = json!({ "resources": resources });
    }
    seal(&mut doc, "catalog");
    doc
}
