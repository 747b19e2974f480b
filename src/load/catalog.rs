//! Reading and checking a catalog file (re-exported as `crate::catalog::load_catalog_file` and
//! the rest). It lives in the loader so the catalog types do not import the loader.

mod package;
mod tag;

use std::sync::Arc;

use tag::source;

pub use package::PackageProblem;

use crate::catalog::{
    Applies, Catalog, Category, DEFAULT_CATALOG, DEFAULT_CATALOG_NAME, Item, Requirement, SEED_TAG,
    SourceDoc,
};
use crate::i18n::Text;
use crate::load::decode::{Cx, Spanned};
use crate::load::diagnostics::{FileDiagnostics, KNOWN_SHOWN, Problem, Shape, Thing, suggest};
use crate::load::source::{Format, SourceFile, Span};
use crate::load::syntax::{Kind, Node, parse};
use crate::model::types::{Division, Package, Role};

impl Catalog {
    /// The compiled-in default catalog.
    pub fn builtin() -> Catalog {
        parse_catalog(DEFAULT_CATALOG_NAME, DEFAULT_CATALOG)
            .expect("the default catalog is checked by a test")
    }
}

/// Read and check a catalog from a file on disk.
pub fn load_catalog_file(path: &str, max_size: u64) -> Result<Catalog, FileDiagnostics> {
    load_catalog_file_with(path, max_size, crate::files::Special::Refuse)
}

/// Like [`load_catalog_file`], reading a FIFO, device or socket too when `special` allows it.
pub fn load_catalog_file_with(
    path: &str,
    max_size: u64,
    special: crate::files::Special,
) -> Result<Catalog, FileDiagnostics> {
    let (file, format) = crate::load::read_source_with(path, max_size, special)?;
    check(file, format)
}

/// Read and check a catalog from text; `name` decides the format by its extension (RON when
/// it has none).
pub fn parse_catalog(name: &str, text: &str) -> Result<Catalog, FileDiagnostics> {
    let format = Format::from_path(name).unwrap_or(Format::Ron);
    check(SourceFile::new(name, text), format)
}

fn check(file: Arc<SourceFile>, format: Format) -> Result<Catalog, FileDiagnostics> {
    let node = match parse(file.text(), format) {
        Ok(n) => n,
        Err(d) => {
            return Err(FileDiagnostics {
                file,
                diagnostics: vec![d],
            });
        }
    };
    let mut cx = Cx::new(format);
    let catalog = decode(&mut cx, &node, &file);
    if cx.diags.is_empty()
        && let Some(c) = catalog
    {
        return Ok(c);
    }
    cx.diags.sort_by_key(|d| d.start());
    Err(FileDiagnostics {
        file,
        diagnostics: cx.diags,
    })
}

/// The document `Seed` cites, as the built-in catalog lists it.
fn seed_doc() -> SourceDoc {
    SourceDoc {
        tag: SEED_TAG.into(),
        title: "第2回「サイバーインフラ事業者に求められる役割等の検討会」事務局資料 (2024-12)"
            .into(),
        url: None,
    }
}

/// A text that must carry both languages.
fn bilingual(cx: &mut Cx, node: &Node) -> Option<Text> {
    if matches!(node.kind, Kind::Str(_)) {
        cx.push(
            Problem::WrongType {
                expected: Shape::BilingualText,
                found: Shape::String,
                hint: Some((
                    "catalog texts carry both languages: (en: \"..\", ja: \"..\")".into(),
                    "カタログの文言は両言語で書きます: (en: \"..\", ja: \"..\")".into(),
                )),
            },
            node.span,
        );
        return None;
    }
    cx.text(node)
}

fn roles(cx: &mut Cx, node: &Node) -> Option<Vec<Role>> {
    let items = cx.list(node)?;
    if items.is_empty() {
        cx.push(Problem::EmptyList { field: "roles" }, node.span);
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for n in items {
        match cx.variant(n, Role::OF, Role::VARIANTS) {
            Some(r) if !out.contains(&r) => out.push(r),
            Some(_) => {}
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// A span-carrying id with its first definition, for duplicate checks.
struct Seen {
    ids: std::collections::HashMap<String, Span>,
}

impl Seen {
    fn add(&mut self, cx: &mut Cx, what: Thing, id: &Spanned<String>) {
        if let Some(&first) = self.ids.get(&id.value) {
            cx.push(
                Problem::DuplicateId {
                    what,
                    id: id.value.clone(),
                    first,
                },
                id.span,
            );
        } else {
            self.ids.insert(id.value.clone(), id.span);
        }
    }
}

fn decode(cx: &mut Cx, node: &Node, file: &Arc<SourceFile>) -> Option<Catalog> {
    let f = cx.fields(
        node,
        Thing::Catalog,
        &[
            "id",
            "title",
            "edition",
            "sources",
            "categories",
            "requirements",
        ],
    )?;
    let id = f.req(cx, "id").and_then(|n| cx.id(n, Thing::Catalog));
    let title = f.req(cx, "title").and_then(|n| bilingual(cx, n));
    let edition = f.req(cx, "edition").and_then(|n| bilingual(cx, n));

    let mut sources = Vec::new();
    if let Some(n) = f.opt("sources")
        && let Some(entries) = cx.map(n, Thing::SourceDoc)
    {
        for (tag, v) in entries {
            let Some(sf) = cx.fields(v, Thing::SourceDoc, &["title", "url"]) else {
                continue;
            };
            let title = sf.req(cx, "title").and_then(|n| cx.string(n));
            let url = sf.opt("url").and_then(|n| cx.string(n));
            if let Some(title) = title {
                sources.push(SourceDoc {
                    tag: tag.value,
                    title: title.value,
                    url: url.map(|u| u.value),
                });
            }
        }
    }
    let tags: Vec<String> = sources.iter().map(|s| s.tag.clone()).collect();

    let mut categories = Vec::new();
    let mut seen_cat = Seen {
        ids: Default::default(),
    };
    if let Some(n) = f.req(cx, "categories")
        && let Some(list) = cx.list(n)
    {
        for c in list {
            let Some(cf) = cx.fields(
                c,
                Thing::Category,
                &["id", "title", "holder", "source", "note"],
            ) else {
                continue;
            };
            let id = cf.req(cx, "id").and_then(|n| cx.id(n, Thing::Category));
            let title = cf.req(cx, "title").and_then(|n| bilingual(cx, n));
            let holder = cf
                .req(cx, "holder")
                .and_then(|n| cx.variant(n, Division::OF, Division::VARIANTS));
            let src = cf.req(cx, "source").and_then(|n| source(cx, n, &tags));
            let note = cf.opt("note").and_then(|n| bilingual(cx, n));
            if let Some(id) = &id {
                seen_cat.add(cx, Thing::Category, id);
            }
            if let (Some(id), Some(title), Some(holder), Some(source)) = (id, title, holder, src) {
                categories.push(Category {
                    id: id.value,
                    title,
                    holder,
                    source,
                    note,
                });
            }
        }
    }

    let mut requirements = Vec::new();
    let mut seen = Seen {
        ids: Default::default(),
    };
    if let Some(n) = f.req(cx, "requirements")
        && let Some(list) = cx.list(n)
    {
        for r in list {
            if let Some(req) = requirement(cx, r, &tags, &categories, &mut seen) {
                requirements.push(req);
            }
        }
    }
    let mut catalog = Catalog {
        id: id?.value,
        title: title?,
        edition: edition?,
        sources,
        categories,
        requirements,
        file: file.clone(),
    };
    // `Seed` always means the study-group slides: list them when an entry cites them and
    // the catalog does not (`Web` tags are checked against `sources` above).
    if catalog.cited_tags().iter().any(|t| t == SEED_TAG)
        && !catalog.sources.iter().any(|s| s.tag == SEED_TAG)
    {
        catalog.sources.insert(0, seed_doc());
    }
    Some(catalog)
}

fn requirement(
    cx: &mut Cx,
    node: &Node,
    tags: &[String],
    categories: &[Category],
    seen: &mut Seen,
) -> Option<Requirement> {
    let f = cx.fields(
        node,
        Thing::Requirement,
        &[
            "id",
            "category",
            "title",
            "roles",
            "applies",
            "source",
            "roles_source",
            "package",
            "package_source",
            "other_items",
            "items",
            "note",
        ],
    )?;
    let id = f.req(cx, "id").and_then(|n| cx.id(n, Thing::Requirement));
    if let Some(id) = &id {
        seen.add(cx, Thing::Requirement, id);
    }
    let category = f
        .req(cx, "category")
        .and_then(|n| cx.id(n, Thing::Category));
    if let Some(c) = &category
        && !categories.iter().any(|k| k.id == c.value)
    {
        let ids: Vec<String> = categories.iter().map(|k| k.id.clone()).collect();
        cx.push(
            Problem::UnknownReference {
                what: Thing::Category,
                id: c.value.clone(),
                context: (
                    format!("requirement \"{}\"", id.as_ref().map_or("?", |i| &i.value)),
                    format!("要求事項「{}」", id.as_ref().map_or("?", |i| &i.value)),
                ),
                suggestion: suggest(&c.value, ids.iter().map(String::as_str)),
                known_count: ids.len(),
                known: ids.into_iter().take(KNOWN_SHOWN).collect(),
            },
            c.span,
        );
    }
    let title = f.req(cx, "title").and_then(|n| bilingual(cx, n));
    let roles_v = f.req(cx, "roles").and_then(|n| roles(cx, n));
    let applies = f
        .req(cx, "applies")
        .and_then(|n| cx.variant(n, Applies::OF, Applies::VARIANTS));
    let src = f.req(cx, "source").and_then(|n| source(cx, n, tags));
    let roles_source = f.req(cx, "roles_source").and_then(|n| source(cx, n, tags));
    // `Some(None)`: written but wrong (already reported).
    let spanned_source = |cx: &mut Cx, name: &str| {
        f.opt(name)
            .map(|n| source(cx, n, tags).map(|s| (s, n.span)))
    };
    let package = f.opt("package").map(|n| {
        cx.variant(n, Package::OF, Package::VARIANTS)
            .map(|p| (p, n.span))
    });
    let package_source = spanned_source(cx, "package_source");
    let other_items = spanned_source(cx, "other_items");
    let note = f.opt("note").and_then(|n| bilingual(cx, n));
    if let (Some(Applies::Customer), Some(rs)) = (applies, &roles_v)
        && rs.iter().any(|r| *r != Role::Customer)
        && let Some(n) = f.get("roles")
    {
        cx.push(
            Problem::RoleNotApplicable {
                requirement: id.as_ref().map_or(String::new(), |i| i.value.clone()),
                role: rs
                    .iter()
                    .find(|r| **r != Role::Customer)
                    .map_or("", |r| r.name()),
                roles: vec!["Customer"],
            },
            n.span,
        );
    }
    let mut items = Vec::new();
    if let Some(n) = f.opt("items")
        && let Some(list) = cx.list(n)
    {
        for i in list {
            if let Some(item) = item(cx, i, tags, id.as_ref().map(|s| s.value.as_str()), seen) {
                items.push(item);
            }
        }
    }
    let id = id?.value;
    let title = title?;
    let written = package::Written {
        package: written(package)?,
        package_source: written(package_source)?,
        other_items: written(other_items)?,
    };
    let has_items = f
        .opt("items")
        .is_some_and(|n| matches!(&n.kind, Kind::Seq(l) if !l.is_empty()));
    let (package, package_source) = package::check(cx, &id, has_items, &written);
    let other_items = written.other_items.map(|(s, span)| {
        if let (Some(p), Some(ps)) = (package, &package_source) {
            let item = package::residual(&id, &title, &items, p, ps.clone(), s.clone(), span);
            seen.add(
                cx,
                Thing::Item,
                &Spanned {
                    value: item.id.clone(),
                    span,
                },
            );
            items.push(item);
        }
        s
    });
    Some(Requirement {
        id,
        category: category?.value,
        title,
        roles: roles_v?,
        applies: applies?,
        source: src?,
        roles_source: roles_source?,
        package,
        package_source,
        other_items,
        items,
        note,
        span: node.span,
    })
}

/// An optional field's value: `None` when it is written but wrong (already reported),
/// `Some(None)` when it is absent.
fn written<T>(field: Option<Option<T>>) -> Option<Option<T>> {
    match field {
        Some(None) => None,
        Some(Some(v)) => Some(Some(v)),
        None => Some(None),
    }
}

fn item(
    cx: &mut Cx,
    node: &Node,
    tags: &[String],
    req: Option<&str>,
    seen: &mut Seen,
) -> Option<Item> {
    let f = cx.fields(
        node,
        Thing::Item,
        &[
            "id",
            "title",
            "package",
            "roles",
            "applies",
            "source",
            "title_source",
            "package_source",
            "note",
        ],
    )?;
    let id = f.req(cx, "id").and_then(|n| cx.id(n, Thing::Item));
    if let Some(id) = &id {
        seen.add(cx, Thing::Item, id);
        if let Some(req) = req {
            let conventional = id.value.starts_with("S(") || id.value.starts_with('(');
            let prefix_ok = id.value.starts_with(&format!("S{req}."))
                || id.value.starts_with(&format!("{req}."));
            if conventional && !prefix_ok {
                cx.push(
                    Problem::ItemOutsideRequirement {
                        item: id.value.clone(),
                        requirement: req.to_string(),
                    },
                    id.span,
                );
            }
        }
    }
    let title = f.req(cx, "title").and_then(|n| bilingual(cx, n));
    let package = f
        .req(cx, "package")
        .and_then(|n| cx.variant(n, Package::OF, Package::VARIANTS));
    let roles_v = match f.opt("roles") {
        Some(n) => Some(roles(cx, n)?),
        None => None,
    };
    let applies = match f.opt("applies") {
        Some(n) => Some(cx.variant(n, Applies::OF, Applies::VARIANTS)?),
        None => None,
    };
    let src = f.req(cx, "source").and_then(|n| source(cx, n, tags));
    let title_source = f.opt("title_source").and_then(|n| source(cx, n, tags));
    let package_source = f.opt("package_source").and_then(|n| source(cx, n, tags));
    let note = f.opt("note").and_then(|n| bilingual(cx, n));
    Some(Item {
        id: id?.value,
        title: title?,
        package: package?,
        roles: roles_v,
        applies,
        source: src?,
        title_source,
        package_source,
        note,
        residual: false,
        span: node.span,
    })
}
