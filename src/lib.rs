//! rolemap: who holds which security duty in a software supply chain.
//!
//! A model of parties joined by contracts goes in; out come the roles each party holds under
//! Japan's guideline on cyber infrastructure providers (サイバーインフラ事業者に求められる役割等に
//! 関するガイドライン), the requirements that fall on each, and every duty nobody holds or several
//! hold at once. Every derived answer records why.

#![forbid(unsafe_code)]

pub mod allocate;
pub mod annex;
pub mod catalog;
pub mod checklist;
pub mod code;
pub mod date;
pub mod derive;
pub mod diff;
pub mod findings;
pub mod graph;
pub mod i18n;
pub mod load;
pub mod model;
mod names;
pub mod waive;

pub use allocate::{Allocation, Status};
pub use catalog::Catalog;
pub use code::{Code, Severity};
pub use date::Date;
pub use derive::{Because, Roles};
pub use findings::Finding;
pub use i18n::Lang;
pub use model::Model;
pub use model::types::{ContractKind, Division, Package, Qualifier, Role, Software};

/// The tool's name, for machine-readable outputs.
pub const TOOL: &str = "rolemap";
/// The tool's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Options of one analysis.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The target package; `None` takes the model's.
    pub package: Option<Package>,
    /// Today, for waiver expiry.
    pub today: Date,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            package: None,
            today: Date::today_utc(),
        }
    }
}

/// The result of analysing a model: roles, allocations and findings.
pub struct Analysis<'a> {
    /// The model.
    pub model: &'a Model,
    /// The catalog used.
    pub catalog: &'a Catalog,
    /// The target package.
    pub package: Package,
    /// The date waivers were checked against.
    pub today: Date,
    /// Every role every party holds.
    pub roles: Roles,
    /// Every requirement × role allocation.
    pub allocations: Vec<Allocation>,
    /// Every finding, sorted.
    pub findings: Vec<Finding>,
}

/// Derive, allocate and check a model against a catalog.
pub fn analyse<'a>(model: &'a Model, catalog: &'a Catalog, options: Options) -> Analysis<'a> {
    let package = options.package.unwrap_or(model.package);
    let roles = derive::derive(model);
    let mut allocations = allocate::allocate(model, catalog, &roles, package);
    let findings = {
        let cx = findings::Ctx {
            model,
            catalog,
            roles: &roles,
            allocations: &allocations,
            package,
            today: options.today,
        };
        findings::check(&cx)
    };
    findings::mark_waived(&findings, &mut allocations);
    Analysis {
        model,
        catalog,
        package,
        today: options.today,
        roles,
        allocations,
        findings,
    }
}

impl Analysis<'_> {
    /// The context the finding renderers need.
    pub fn ctx(&self) -> findings::Ctx<'_> {
        findings::Ctx {
            model: self.model,
            catalog: self.catalog,
            roles: &self.roles,
            allocations: &self.allocations,
            package: self.package,
            today: self.today,
        }
    }

    /// The findings that count (not waived), in order.
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_active())
    }

    /// The findings a waiver accepts, each with its waiver, in order: what reports show apart.
    pub fn waived(&self) -> impl Iterator<Item = (&Finding, &model::Waiver)> {
        self.findings
            .iter()
            .filter_map(|f| f.waived_by.map(|w| (f, &self.model.waivers[w])))
    }

    /// A finding's stable instance id (`no-lead@(1)-4/operator`), as `diff`, `waive` and the
    /// JSON `id` use it.
    pub fn instance_id(&self, f: &Finding) -> String {
        findings::instance_id(f, &self.ctx())
    }

    /// Counts of active findings: (errors, warnings, info), and how many are waived.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for f in &self.findings {
            if !f.is_active() {
                s.waived += 1;
                continue;
            }
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.info += 1,
            }
        }
        s
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Active errors.
    pub errors: usize,
    /// Active warnings.
    pub warnings: usize,
    /// Active info findings.
    pub info: usize,
    /// Waived findings.
    pub waived: usize,
}
/// The command line (feature `cli`): arguments and dispatch.
#[cfg(feature = "cli")]
pub mod cli;
pub mod files;
pub mod fuzzing;
pub mod output;
pub mod parallel;
pub mod render;
pub mod source;
pub mod style;
pub mod synth;
pub mod unique;
pub mod xlsx;
