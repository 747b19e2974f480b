//! The requirement catalog: categories, requirements and individual items, each with its source.
//!
//! The catalog is data. The default one (`default.ron`, the Dec-2024 study-group draft with
//! public-summary titles) is compiled in; another can be loaded with `--catalog FILE` and is
//! checked as strictly as a model.

use std::sync::Arc;

use crate::i18n::{Lang, Text};
use crate::model::types::{Division, Package, Role};
use crate::names::named_enum;
use crate::source::{SourceFile, Span};
use crate::tr;

// The catalog reader lives in the loader (`load/catalog.rs`, with `Catalog::builtin`), so
// these types do not import it; its public items stay reachable here.
pub use crate::load::catalog::{
    PackageProblem, load_catalog_file, load_catalog_file_with, parse_catalog,
};

/// The text of the default catalog.
pub const DEFAULT_CATALOG: &str = include_str!("default.ron");

/// The tag under which `sources` lists the document that `Seed` cites.
pub const SEED_TAG: &str = "seed";

/// The file name the default catalog is shown under in diagnostics.
pub const DEFAULT_CATALOG_NAME: &str = "<builtin>/catalog/default.ron";

named_enum! {
    /// To whom a requirement applies within its roles.
    pub enum Applies of ("scope of application", "適用範囲") {
        /// One lead per role (and per scope) carries it.
        Role = ("Role", "role", "one lead per role", "役割ごとに主体が担う"),
        /// Every organisation holding one of the roles must do it itself.
        Organisation = ("Organisation", "organisation", "every organisation holding the role", "役割を持つ各組織が担う"),
        /// Each contract with a provider must establish it; the client is responsible.
        Contract = ("Contract", "contract", "each contract with a provider", "事業者との各契約で確立する"),
        /// The customer leads it.
        Customer = ("Customer", "customer", "the customer leads", "顧客が主体となる"),
    }
}

/// Where a catalog entry comes from, so that nobody mistakes an inference for the guideline's word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The Dec-2024 study-group slides.
    Seed,
    /// Public web summaries, by tag (see the catalog's `sources`).
    Web(String),
    /// Our reading, with the reason.
    Inferred(Text),
}

impl Source {
    /// `seed`, `web` or `inferred`.
    pub fn key(&self) -> &'static str {
        match self {
            Source::Seed => "seed",
            Source::Web(_) => "web",
            Source::Inferred(_) => "inferred",
        }
    }

    /// A short label: "Seed", "Web (N)", "Inferred".
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Source::Seed => lang
                .pick(
                    "Seed (study-group slides, Dec 2024)",
                    "シード (検討会資料 2024年12月)",
                )
                .into(),
            Source::Web(tags) => tr!(lang, "Web ({tags})", "Web ({tags})"),
            Source::Inferred(_) => lang
                .pick("Inferred (our reading)", "推定 (本ツールの解釈)")
                .into(),
        }
    }

    /// The label with the reason of an inference.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Source::Inferred(reason) => format!("{}: {}", self.label(lang), reason.get(lang)),
            _ => self.label(lang),
        }
    }

    /// Whether this is an inference.
    pub fn is_inferred(&self) -> bool {
        matches!(self, Source::Inferred(_))
    }
}

impl serde::Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", self.key())?;
        match self {
            Source::Seed => {}
            Source::Web(tags) => m.serialize_entry("tags", tags)?,
            Source::Inferred(reason) => m.serialize_entry("reason", reason)?,
        }
        m.end()
    }
}

/// A document the catalog cites.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SourceDoc {
    /// The tag used in `Web("..")`.
    pub tag: String,
    /// Its title.
    pub title: String,
    /// Where to find it.
    pub url: Option<String>,
}

/// One of the six categories.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Category {
    /// `(1)` to `(6)`.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Providers or customers.
    pub holder: Division,
    /// Source of the title.
    pub source: Source,
    /// A remark.
    pub note: Option<Text>,
}

/// An individual item (個別要求) of a requirement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Item {
    /// `S(1)-1.1`.
    pub id: String,
    /// Title (a paraphrase of the gist).
    pub title: Text,
    /// Package.
    pub package: Package,
    /// Roles, when they differ from the requirement's.
    pub roles: Option<Vec<Role>>,
    /// Application, when it differs from the requirement's.
    pub applies: Option<Applies>,
    /// Source of the item's existence.
    pub source: Source,
    /// Source of the title, when it differs.
    pub title_source: Option<Source>,
    /// Source of the package, when it differs.
    pub package_source: Option<Source>,
    /// A remark.
    pub note: Option<Text>,
    /// Whether this is not a known item but the rest of its requirement: the items that
    /// the numbering shows and no source lists (`other_items` in the catalog file). Its id
    /// is the requirement's with `.other` (`S(3)-1.other`), its package the requirement's.
    pub residual: bool,
    /// Where it is written in the catalog file.
    #[serde(skip)]
    pub span: Span,
}

impl Item {
    /// Where the package comes from: `package_source`, else the item's own source.
    pub fn package_source(&self) -> &Source {
        self.package_source.as_ref().unwrap_or(&self.source)
    }
}

/// One of the 21 requirements.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Requirement {
    /// `(1)-1`.
    pub id: String,
    /// Category id.
    pub category: String,
    /// Title.
    pub title: Text,
    /// The roles it applies to.
    pub roles: Vec<Role>,
    /// How it applies within those roles.
    pub applies: Applies,
    /// Source of the requirement and its title.
    pub source: Source,
    /// Source of the roles and application.
    pub roles_source: Source,
    /// The package of the part allocated as the requirement itself: the whole requirement
    /// when it has no items, its residual item when it declares `other_items`; `None` when
    /// its known items cover it.
    pub package: Option<Package>,
    /// Where that package comes from; set exactly when `package` is. A requirement's `source`
    /// says only that it exists: the seed states no package for a requirement without items.
    pub package_source: Option<Source>,
    /// Why the requirement has items beyond the known ones (the numbering shows them), when
    /// it has; the loader then adds its residual item (see [`Item::residual`]).
    pub other_items: Option<Source>,
    /// Individual items: the known ones, then the residual one if `other_items` is given.
    pub items: Vec<Item>,
    /// A remark.
    pub note: Option<Text>,
    /// Where it is written in the catalog file.
    #[serde(skip)]
    pub span: Span,
}

/// The unit one allocation is made for: a requirement without known items, or one item.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'c> {
    /// The requirement.
    pub requirement: &'c Requirement,
    /// The item, if the requirement has known items.
    pub item: Option<&'c Item>,
}

impl<'c> Unit<'c> {
    /// The item id, or the requirement id.
    pub fn id(&self) -> &'c str {
        self.item.map_or(&self.requirement.id, |i| &i.id)
    }

    /// The title.
    pub fn title(&self) -> &'c Text {
        self.item.map_or(&self.requirement.title, |i| &i.title)
    }

    /// The roles it applies to.
    pub fn roles(&self) -> &'c [Role] {
        self.item
            .and_then(|i| i.roles.as_deref())
            .unwrap_or(&self.requirement.roles)
    }

    /// How it applies.
    pub fn applies(&self) -> Applies {
        self.item
            .and_then(|i| i.applies)
            .unwrap_or(self.requirement.applies)
    }

    /// The package.
    pub fn package(&self) -> Package {
        match self.item {
            Some(i) => i.package,
            // A checked catalog gives every requirement without items a package.
            None => self.requirement.package.unwrap_or(Package::Mandatory),
        }
    }

    /// Where the package comes from.
    pub fn package_source(&self) -> &'c Source {
        match self.item {
            Some(i) => i.package_source(),
            None => self
                .requirement
                .package_source
                .as_ref()
                .unwrap_or(&INFERRED_DEFAULT_PACKAGE),
        }
    }

    /// Whether the package is our reading rather than a source's word.
    pub fn package_inferred(&self) -> bool {
        self.package_source().is_inferred()
    }

    /// The package's label, marked "(inferred)" when it is our reading.
    pub fn package_label(&self, lang: Lang) -> String {
        package_label(self.package(), self.package_inferred(), lang)
    }

    /// Whether this is a requirement's residual unit (its items that no source lists).
    pub fn is_residual(&self) -> bool {
        self.item.is_some_and(|i| i.residual)
    }

    /// Source of the entry.
    pub fn source(&self) -> &'c Source {
        self.item.map_or(&self.requirement.source, |i| &i.source)
    }
}

/// The source of a package nobody stated, for requirements built by hand without one.
static INFERRED_DEFAULT_PACKAGE: std::sync::LazyLock<Source> = std::sync::LazyLock::new(|| {
    Source::Inferred(Text {
        en: "The catalog states no package for this requirement; the mandatory package is assumed."
            .into(),
        ja: "カタログにこの要求事項のパッケージの記載がないため、必須要求パッケージとみなす。"
            .into(),
    })
});

/// A package's label, with "(inferred)" / "（推定）" when its source is an inference.
pub fn package_label(package: Package, inferred: bool, lang: Lang) -> String {
    let l = package.label(lang);
    if inferred {
        tr!(lang, "{l} (inferred)", "{l}（推定）")
    } else {
        l.to_string()
    }
}

/// A loaded, checked catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Identifier of this catalog edition.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Which edition of the guideline it follows.
    pub edition: Text,
    /// Cited documents.
    pub sources: Vec<SourceDoc>,
    /// The categories.
    pub categories: Vec<Category>,
    /// The requirements, in order.
    pub requirements: Vec<Requirement>,
    /// The file it was read from.
    pub file: Arc<SourceFile>,
}

impl Catalog {
    /// Every allocation unit in order: each requirement's items, or the requirement itself.
    pub fn units(&self) -> impl Iterator<Item = Unit<'_>> {
        self.requirements.iter().flat_map(|r| {
            let items: Vec<Unit<'_>> = if r.items.is_empty() {
                vec![Unit {
                    requirement: r,
                    item: None,
                }]
            } else {
                r.items
                    .iter()
                    .map(|i| Unit {
                        requirement: r,
                        item: Some(i),
                    })
                    .collect()
            };
            items
        })
    }

    /// A requirement by id.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// The units a requirement or item id names: all items of a requirement, or one item.
    pub fn resolve(&self, id: &str) -> Vec<Unit<'_>> {
        self.units()
            .filter(|u| u.id() == id || u.requirement.id == id)
            .collect()
    }

    /// The roles a requirement or item id applies to (the union over its units).
    pub fn roles_of(&self, id: &str) -> Vec<Role> {
        let mut roles: Vec<Role> = self
            .resolve(id)
            .iter()
            .flat_map(|u| u.roles().iter().copied())
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// Every requirement and item id, for "did you mean".
    pub fn all_ids(&self) -> Vec<&str> {
        let mut ids = Vec::new();
        for r in &self.requirements {
            ids.push(r.id.as_str());
            ids.extend(r.items.iter().map(|i| i.id.as_str()));
        }
        ids
    }

    /// The number of known items (residual items are not known items).
    pub fn known_items(&self) -> usize {
        self.requirements
            .iter()
            .flat_map(|r| &r.items)
            .filter(|i| !i.residual)
            .count()
    }

    /// Every source tag an entry cites (`seed` for `Seed`, each tag of `Web("..")`), sorted.
    pub fn cited_tags(&self) -> Vec<String> {
        let mut out = std::collections::BTreeSet::new();
        let mut cite = |s: &Source| match s {
            Source::Seed => {
                out.insert(SEED_TAG.to_string());
            }
            Source::Web(tags) => {
                out.extend(tags.split(',').map(|t| t.trim().to_string()));
            }
            Source::Inferred(_) => {}
        };
        for c in &self.categories {
            cite(&c.source);
        }
        for r in &self.requirements {
            for s in [Some(&r.source), Some(&r.roles_source)]
                .into_iter()
                .chain([r.package_source.as_ref(), r.other_items.as_ref()])
                .flatten()
            {
                cite(s);
            }
            for i in &r.items {
                for s in [
                    Some(&i.source),
                    i.title_source.as_ref(),
                    i.package_source.as_ref(),
                ]
                .into_iter()
                .flatten()
                {
                    cite(s);
                }
            }
        }
        out.into_iter().collect()
    }

    /// The cited tags that `sources` does not list (empty for a checked catalog).
    pub fn unlisted_citations(&self) -> Vec<String> {
        self.cited_tags()
            .into_iter()
            .filter(|t| !self.sources.iter().any(|s| &s.tag == t))
            .collect()
    }

    /// A category by id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}
