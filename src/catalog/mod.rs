//! The requirement catalog: categories, requirements and individual items, each with its source.
//!
//! The catalog is data. The default one (`default.ron`, the Dec-2024 study-group draft with
//! public-summary titles) is compiled in; another can be loaded with `--catalog FILE` and is
//! checked as strictly as a model.

mod load;

use std::sync::Arc;

use crate::i18n::{Lang, Text};
use crate::load::source::{SourceFile, Span};
use crate::model::types::{Division, Package, Role};
use crate::names::named_enum;
use crate::tr;

pub use load::{load_catalog_file, load_catalog_file_with, parse_catalog};

/// The text of the default catalog.
pub const DEFAULT_CATALOG: &str = include_str!("default.ron");

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
    /// Where it is written in the catalog file.
    #[serde(skip)]
    pub span: Span,
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
    /// Package, used when there are no known items.
    pub package: Package,
    /// Known individual items.
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
        self.item.map_or(self.requirement.package, |i| i.package)
    }

    /// Source of the entry.
    pub fn source(&self) -> &'c Source {
        self.item.map_or(&self.requirement.source, |i| &i.source)
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
    /// The compiled-in default catalog.
    pub fn builtin() -> Catalog {
        parse_catalog(DEFAULT_CATALOG_NAME, DEFAULT_CATALOG)
            .expect("the default catalog is checked by a test")
    }

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

    /// A category by id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}
