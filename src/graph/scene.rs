//! What the chain diagram shows, before it is drawn: one node per party, one edge per contract,
//! a group per organisation of several parties, the legend, and the findings on each.
//!
//! [`dot`](super::dot) writes a scene as DOT and [`svg`](super::svg) renders it. Keeping the two
//! apart lets other views of the same chain be added as scene builders (one node per
//! organisation for large chains, say) without touching how DOT is written or SVG rendered.
//!
//! All text here is plain, already in the output language and already cleaned of control
//! characters; escaping for DOT or SVG is the writer's job.

mod collapse;
mod components;
mod text;

use std::collections::HashMap;

use crate::findings::{Code, Finding, Severity};
use crate::i18n::Lang;
use crate::model::types::Division;
use crate::model::{ContractIx, PartyIx};
use crate::style::{width, wrap};
use crate::{Analysis, Because, ContractKind, tr};

pub use super::grouping::tiers;
pub use collapse::{
    Collapse, CollapseBy, CollapseOptions, Collapsed, DEFAULT_COLLAPSE_THRESHOLD, MAX_BANDS,
};
pub use text::{clean, kind_text, role_text};
pub(crate) use text::{pack, wrap_lines};

/// Columns a line of a node or edge label may take before it wraps (wide characters count two).
pub const LABEL_COLUMNS: usize = 34;
/// Lines a party name may take; longer names end with `…`.
pub const NAME_LINES: usize = 3;

/// The chain as a diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// The title: the model's name, then a line of finding counts.
    pub title: Vec<String>,
    /// Parties, in model order; node `i` is party `i`. The components follow, in model
    /// order, after the parties.
    pub nodes: Vec<SceneNode>,
    /// Contracts, in model order; edge `i` is contract `i`. The "used by" edges of the
    /// components follow, after the contracts.
    pub edges: Vec<SceneEdge>,
    /// Organisations with at least two parties, in order of their first party.
    pub groups: Vec<Group>,
    /// The legend's title.
    pub legend_title: String,
    /// The legend: what shapes, colours and lines mean.
    pub legend: Vec<LegendEntry>,
    /// When nodes stand for organisations or tiers rather than parties: what was collapsed.
    pub collapsed: Option<Collapsed>,
}

/// How a node is drawn: by the party's division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// サイバーインフラ事業者.
    Provider,
    /// 顧客.
    Customer,
    /// 顧客(運用者を兼ねる): a customer with `operates: true`.
    CustomerOperates,
    /// A component used without a contract (OSS, a library): no party, no duties.
    Component,
}

/// How many active (not waived) findings concern a node or an edge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Info findings.
    pub info: usize,
    /// The codes, by severity, each once, in code order.
    pub codes: Vec<(Severity, Code)>,
}

impl Marks {
    /// Count one more finding.
    pub fn add(&mut self, f: &Finding) {
        match f.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.info += 1,
        }
        if !self.codes.contains(&(f.severity, f.code)) {
            self.codes.push((f.severity, f.code));
            self.codes.sort();
        }
    }

    /// Add the counts and codes of `other`.
    pub fn merge(&mut self, other: &Marks) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.info += other.info;
        for c in &other.codes {
            if !self.codes.contains(c) {
                self.codes.push(*c);
            }
        }
        self.codes.sort();
    }

    /// The most serious severity marked, if any.
    pub fn worst(&self) -> Option<Severity> {
        if self.errors > 0 {
            Some(Severity::Error)
        } else if self.warnings > 0 {
            Some(Severity::Warning)
        } else if self.info > 0 {
            Some(Severity::Info)
        } else {
            None
        }
    }

    /// One line per severity present: `2 errors: no-lead, unassigned` / `エラー 2 件: no-lead`.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        for (sev, n) in [
            (Severity::Error, self.errors),
            (Severity::Warning, self.warnings),
            (Severity::Info, self.info),
        ] {
            if n == 0 {
                continue;
            }
            let count = match sev {
                Severity::Error => lang.count(n, "error", "errors", "エラー"),
                Severity::Warning => lang.count(n, "warning", "warnings", "警告"),
                Severity::Info => lang.count(n, "info", "info", "情報"),
            };
            let codes: Vec<&str> = self
                .codes
                .iter()
                .filter(|(s, _)| *s == sev)
                .map(|(_, c)| c.key())
                .collect();
            let line = format!("{count}: {}", codes.join(", "));
            out.extend(wrap(&line, LABEL_COLUMNS, "", "  "));
        }
        out
    }
}

/// A party.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneNode {
    /// Its DOT name: `p0`, `p1`, ... in model order (`o0`, ... for organisations and
    /// `t0c`, `t1p`, ... for tiers in a collapsed scene).
    pub key: String,
    /// The party's id in the model; in a collapsed scene, the organisation's id or the tier.
    pub party_id: String,
    /// How it is drawn.
    pub kind: NodeKind,
    /// The label: name (wrapped), id, roles, findings.
    pub lines: Vec<String>,
    /// How many of `lines` are the name and the id; roles and findings follow.
    pub head: usize,
    /// Findings about it.
    pub marks: Marks,
    /// The group (organisation) it belongs to, if it shares one with other parties.
    pub group: Option<usize>,
}

/// A contract.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneEdge {
    /// Its DOT name: `c0`, `c1`, ... in model order (`e0`, ... for the aggregated arrows of
    /// a collapsed scene).
    pub key: String,
    /// The client's node.
    pub from: usize,
    /// The contractor's node.
    pub to: usize,
    /// Whether it is an arrangement inside a group (`Internal`), drawn dashed.
    pub internal: bool,
    /// Whether it is no contract but a component's "used by" edge, drawn dotted.
    pub uses: bool,
    /// The label: id and kind, the roles it passes.
    pub lines: Vec<String>,
    /// Findings about it.
    pub marks: Marks,
}

/// An organisation of several parties (departments of one company).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Its DOT name: `org0`, `org1`, ...
    pub key: String,
    /// The organisation's id in the model.
    pub org: String,
    /// Its label.
    pub label: String,
    /// Its nodes, in model order.
    pub members: Vec<usize>,
}

/// One entry of the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// Its DOT name: `legend_provider`, ...
    pub key: &'static str,
    /// What it shows.
    pub sample: LegendSample,
    /// Its text.
    pub text: String,
}

/// What a legend entry draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendSample {
    /// A node of this kind.
    Node(NodeKind),
    /// A node marked with findings of this severity.
    Marked(Severity),
    /// A contract arrow: solid, or dashed for internal arrangements.
    Contract {
        /// Dashed.
        internal: bool,
    },
    /// A component's "used by" edge, dotted.
    Uses,
}

/// Where a finding is drawn: on contracts when it names some, else on the parties it names,
/// else on the model as a whole (the title).
pub(crate) enum Target<'f> {
    Contracts(Vec<ContractIx>),
    Parties(&'f [PartyIx]),
    Model,
}

pub(crate) fn target(f: &Finding) -> Target<'_> {
    if !f.contracts.is_empty() {
        Target::Contracts(f.contracts.clone())
    } else if let Some(c) = f.contract {
        Target::Contracts(vec![c])
    } else if !f.parties.is_empty() {
        Target::Parties(&f.parties)
    } else {
        Target::Model
    }
}

/// The active findings, counted where they are drawn: per party, per contract, and on the
/// model as a whole.
pub(crate) struct AllMarks {
    pub(crate) parties: Vec<Marks>,
    pub(crate) contracts: Vec<Marks>,
    pub(crate) components: Vec<Marks>,
    pub(crate) model: Marks,
}

pub(crate) fn all_marks(a: &Analysis) -> AllMarks {
    let m = a.model;
    let mut out = AllMarks {
        parties: vec![Marks::default(); m.parties.len()],
        contracts: vec![Marks::default(); m.contracts.len()],
        components: vec![Marks::default(); m.components.len()],
        model: Marks::default(),
    };
    for f in a.findings.iter().filter(|f| f.is_active()) {
        // A finding about a component is drawn on the component's node.
        if let Some(k) = f.component {
            out.components[k].add(f);
            continue;
        }
        match target(f) {
            Target::Contracts(cs) => cs.iter().for_each(|&c| out.contracts[c].add(f)),
            Target::Parties(ps) => ps.iter().for_each(|&p| out.parties[p].add(f)),
            Target::Model => out.model.add(f),
        }
    }
    out
}

impl Scene {
    /// The scene of an analysed model: every party and contract, in `lang`. For large chains,
    /// [`Scene::build`] collapses parties into organisations or tiers past a threshold.
    pub fn of(a: &Analysis, lang: Lang) -> Scene {
        let m = a.model;
        let AllMarks {
            parties: mut node_marks,
            contracts: mut edge_marks,
            components: component_marks,
            model: model_marks,
        } = all_marks(a);

        // Organisations of two or more parties become groups, in order of their first party.
        let mut members: HashMap<&str, usize> = HashMap::new();
        for p in &m.parties {
            *members.entry(p.org.as_str()).or_default() += 1;
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut group_ix: HashMap<&str, usize> = HashMap::new();
        let mut group_of = vec![None; m.parties.len()];
        for (pi, p) in m.parties.iter().enumerate() {
            if members[p.org.as_str()] < 2 {
                continue;
            }
            let gi = *group_ix.entry(p.org.as_str()).or_insert_with(|| {
                let org = clean(&p.org);
                groups.push(Group {
                    key: format!("org{}", groups.len()),
                    org: p.org.clone(),
                    label: tr!(lang, "organisation: {org}", "組織: {org}"),
                    members: Vec::new(),
                });
                groups.len() - 1
            });
            groups[gi].members.push(pi);
            group_of[pi] = Some(gi);
        }

        let mut nodes: Vec<SceneNode> = m
            .parties
            .iter()
            .enumerate()
            .map(|(pi, p)| {
                let kind = match (p.division, p.operates) {
                    (Division::Provider, _) => NodeKind::Provider,
                    (Division::Customer, false) => NodeKind::Customer,
                    (Division::Customer, true) => NodeKind::CustomerOperates,
                };
                let mut lines = wrap_lines(p.name.get(lang), NAME_LINES);
                let id = clean(&p.id);
                if lines.first() != Some(&id) {
                    lines.extend(wrap_lines(&format!("[{id}]"), 2));
                }
                let head = lines.len();
                let roles: Vec<String> = a
                    .roles
                    .of_party(pi)
                    .map(|h| role_text(h.role, h.qualifier, h.scope.as_deref(), lang))
                    .collect();
                if roles.is_empty() {
                    lines.push(lang.pick("no role", "役割なし").to_string());
                } else {
                    lines.extend(pack(&roles, lang));
                }
                let marks = std::mem::take(&mut node_marks[pi]);
                lines.extend(marks.lines(lang));
                SceneNode {
                    key: format!("p{pi}"),
                    party_id: p.id.clone(),
                    kind,
                    lines,
                    head,
                    marks,
                    group: group_of[pi],
                }
            })
            .collect();

        let mut edges: Vec<SceneEdge> = m
            .contracts
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                // `id: kind` on one line when it fits, else the id and the kind on lines of
                // their own, so a term like サービス利用契約 is not broken.
                let id = clean(&c.id);
                let kind = kind_text(c.kind, lang);
                let one = format!("{id}: {kind}");
                let mut lines = if width(&one) <= LABEL_COLUMNS {
                    vec![one]
                } else {
                    let mut l = wrap_lines(&format!("{id}:"), 2);
                    l.push(kind.to_string());
                    l
                };
                // The days it is in force, when it does not hold always.
                let period = crate::derive::Period::of_contract(c);
                if !period.is_always() {
                    lines.push(period.compact());
                }
                let passed: Vec<String> = a
                    .roles
                    .of_party(c.contractor)
                    .filter(|h| {
                        h.because.iter().any(|b| {
                            matches!(b, Because::KindDefault { contract, .. }
                                | Because::ContractRoles { contract }
                                | Because::FlowDown { contract, .. }
                                | Because::DirectSale { contract } if *contract == ci)
                        })
                    })
                    .map(|h| role_text(h.role, h.qualifier, h.scope.as_deref(), lang))
                    .collect();
                if passed.is_empty() {
                    lines.push(
                        lang.pick("no role passed", "役割の受け渡しなし")
                            .to_string(),
                    );
                } else {
                    lines.extend(pack(&passed, lang));
                }
                let marks = std::mem::take(&mut edge_marks[ci]);
                lines.extend(marks.lines(lang));
                SceneEdge {
                    key: format!("c{ci}"),
                    from: c.client,
                    to: c.contractor,
                    internal: c.kind == ContractKind::Internal,
                    uses: false,
                    lines,
                    marks,
                }
            })
            .collect();

        let mut title = wrap(&clean(m.name.get(lang)), 2 * LABEL_COLUMNS, "", "");
        title.push(summary_line(a, lang, &model_marks));
        let mut legend = legend(lang);
        components::add(
            a,
            lang,
            component_marks,
            &mut nodes,
            &mut edges,
            &mut legend,
        );

        Scene {
            title,
            nodes,
            edges,
            groups,
            legend_title: lang.pick("Legend", "凡例").to_string(),
            legend,
            collapsed: None,
        }
    }
}

/// `Findings: 2 errors, 1 warning, 0 info (1 about the model as a whole; 1 waived)`.
pub(crate) fn summary_line(a: &Analysis, lang: Lang, model_marks: &Marks) -> String {
    let s = a.summary();
    let e = lang.count(s.errors, "error", "errors", "エラー");
    let w = lang.count(s.warnings, "warning", "warnings", "警告");
    let i = lang.count(s.info, "info", "info", "情報");
    let mut notes = Vec::new();
    let whole = model_marks.errors + model_marks.warnings + model_marks.info;
    if whole > 0 {
        let codes: Vec<&str> = model_marks.codes.iter().map(|(_, c)| c.key()).collect();
        let codes = codes.join(", ");
        notes.push(tr!(
            lang,
            "{whole} about the model as a whole: {codes}",
            "モデル全体について {whole} 件: {codes}"
        ));
    }
    if s.waived > 0 {
        let n = s.waived;
        notes.push(tr!(lang, "{n} waived", "免除 {n} 件"));
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(lang.pick("; ", "、")))
    };
    if s.errors + s.warnings + s.info == 0 {
        return tr!(lang, "No findings{notes}", "指摘なし{notes}");
    }
    tr!(
        lang,
        "Findings: {e}, {w}, {i}{notes}",
        "指摘: {e}、{w}、{i}{notes}"
    )
}

pub(crate) fn legend(lang: Lang) -> Vec<LegendEntry> {
    vec![
        LegendEntry {
            key: "legend_provider",
            sample: LegendSample::Node(NodeKind::Provider),
            text: Division::Provider.label(lang).to_string(),
        },
        LegendEntry {
            key: "legend_customer",
            sample: LegendSample::Node(NodeKind::Customer),
            text: Division::Customer.label(lang).to_string(),
        },
        LegendEntry {
            key: "legend_customer_operates",
            sample: LegendSample::Node(NodeKind::CustomerOperates),
            text: lang
                .pick("customer (also operator)", "顧客(運用者を兼ねる)")
                .to_string(),
        },
        LegendEntry {
            key: "legend_errors",
            sample: LegendSample::Marked(Severity::Error),
            text: lang.pick("has errors", "エラーあり").to_string(),
        },
        LegendEntry {
            key: "legend_warnings",
            sample: LegendSample::Marked(Severity::Warning),
            text: lang.pick("has warnings", "警告あり").to_string(),
        },
        LegendEntry {
            key: "legend_contract",
            sample: LegendSample::Contract { internal: false },
            text: lang
                .pick(
                    "contract: client → contractor, kind, roles passed",
                    "契約: 発注者 → 受注者、種類、渡す役割",
                )
                .to_string(),
        },
        LegendEntry {
            key: "legend_internal",
            sample: LegendSample::Contract { internal: true },
            text: lang
                .pick("internal or group arrangement", "社内・グループ内の取決め")
                .to_string(),
        },
    ]
}
