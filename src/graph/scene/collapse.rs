//! Collapsed scenes for large chains: one node per organisation, or one node per tier (the
//! distance from the system owners along contracts) and division, with the contracts between
//! them aggregated into one arrow per pair of nodes, labelled with counts per contract kind.
//!
//! A drawing of ten thousand boxes is neither readable nor something Graphviz lays out in
//! reasonable time; a drawing of a few dozen aggregate nodes is both. What was collapsed is
//! recorded in [`Scene::collapsed`] and written into the title, so no reader takes the drawing
//! for the whole chain.

use std::collections::BTreeMap;

use super::super::grouping::{self, Place};
use super::{
    LABEL_COLUMNS, Marks, NAME_LINES, NodeKind, Scene, SceneEdge, SceneNode, Target, clean,
    kind_text, legend, pack, role_text, summary_line, target, wrap_lines,
};
use crate::i18n::Lang;
use crate::model::types::{Division, Qualifier, Role};
use crate::style::wrap;
use crate::{Analysis, tr};

/// Parties above which [`Collapse::Auto`] collapses the drawing.
pub const DEFAULT_COLLAPSE_THRESHOLD: usize = 150;
/// The most tiers drawn one each; deeper chains are drawn in bands of tiers.
pub const MAX_BANDS: usize = 40;

/// How to draw a chain: every party, or collapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Collapse {
    /// Every party up to the threshold; above it by organisation, or by tier when there are
    /// still more organisations than the threshold.
    #[default]
    Auto,
    /// Every party, however many.
    None,
    /// One node per organisation.
    Org,
    /// One node per tier and division.
    Tier,
}

/// When and how to collapse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollapseOptions {
    /// The choice.
    pub mode: Collapse,
    /// For [`Collapse::Auto`]: the most parties (or organisations) drawn one node each.
    pub threshold: usize,
}

impl Default for CollapseOptions {
    fn default() -> Self {
        CollapseOptions {
            mode: Collapse::Auto,
            threshold: DEFAULT_COLLAPSE_THRESHOLD,
        }
    }
}

/// What a collapsed node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollapseBy {
    /// An organisation.
    Org,
    /// A tier and division.
    Tier,
}

/// What was collapsed into what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collapsed {
    /// By organisation or by tier.
    pub by: CollapseBy,
    /// Parties in the model.
    pub parties: usize,
    /// Contracts in the model.
    pub contracts: usize,
    /// Nodes drawn.
    pub nodes: usize,
    /// Arrows drawn.
    pub edges: usize,
    /// The threshold that triggered it, when it was chosen automatically.
    pub threshold: Option<usize>,
    /// Contracts between different nodes that are counted in boxes rather than drawn
    /// (by tier: those within a tier or back to an earlier one).
    pub undrawn: usize,
}

impl Collapsed {
    /// One sentence for the drawing's title, stderr and the report.
    pub fn note(&self, lang: Lang) -> String {
        let (p, c, n, e) = (self.parties, self.contracts, self.nodes, self.edges);
        let by = match (self.by, lang) {
            (CollapseBy::Org, Lang::En) => "organisation",
            (CollapseBy::Tier, Lang::En) => "tier (contracts away from the system owners)",
            (CollapseBy::Org, Lang::Ja) => "組織単位",
            (CollapseBy::Tier, Lang::Ja) => "階層単位 (システムオーナーからの契約の段数)",
        };
        let undrawn = match self.undrawn {
            0 => String::new(),
            u => tr!(
                lang,
                " ({u} contracts to the same or an earlier tier are counted in the boxes, not drawn)",
                " (同じ階層または前の階層への契約 {u} 件は矢印でなくボックス内の件数で示します)"
            ),
        };
        let why = match self.threshold {
            Some(t) => tr!(
                lang,
                " because there are more than {t}",
                "。{t} 件を超えるため集約しました"
            ),
            None => String::new(),
        };
        tr!(
            lang,
            "Collapsed by {by}: {p} parties drawn as {n} nodes and {c} contracts as {e} arrows{undrawn}{why}; --collapse none draws every party",
            "{by}に集約: 関係者 {p} 件を {n} 個のノードに、契約 {c} 件を {e} 本の矢印にまとめて表示{undrawn}{why}。全関係者を描くには --collapse none"
        )
    }
}

impl Scene {
    /// The scene to draw under `options`: every party, or collapsed by organisation or tier.
    pub fn build(a: &Analysis, lang: Lang, options: &CollapseOptions) -> Scene {
        let m = a.model;
        match options.mode {
            Collapse::None => Scene::of(a, lang),
            Collapse::Org => Scene::by_org(a, lang, None),
            Collapse::Tier => Scene::by_tier(a, lang, None),
            Collapse::Auto if m.parties.len() <= options.threshold => Scene::of(a, lang),
            Collapse::Auto => {
                // By organisation when that makes a drawing Graphviz lays out quickly: few
                // enough nodes, and not many more arrows than nodes (every labelled arrow
                // is laid out like a node). Else by tier, which is always small.
                let t = options.threshold;
                // More organisations than that: by tier, without first labelling a scene of
                // every organisation only to drop it (a node per organisation).
                let orgs = grouping::by_org(m);
                if orgs.1.len() > t {
                    return Scene::by_tier(a, lang, Some(t));
                }
                let by_org = Scene::of_orgs(a, lang, Some(t), orgs);
                if by_org.nodes.len() <= t && by_org.edges.len() <= 2 * t {
                    by_org
                } else {
                    Scene::by_tier(a, lang, Some(t))
                }
            }
        }
    }

    /// One node per organisation, in order of its first party.
    pub fn by_org(a: &Analysis, lang: Lang, threshold: Option<usize>) -> Scene {
        Scene::of_orgs(a, lang, threshold, grouping::by_org(a.model))
    }

    /// [`Scene::by_org`] from the grouping already made (`Collapse::Auto` counts the
    /// organisations first).
    fn of_orgs(
        a: &Analysis,
        lang: Lang,
        threshold: Option<usize>,
        (node_of, members): (Vec<usize>, Vec<Vec<usize>>),
    ) -> Scene {
        let m = a.model;
        let heads: Vec<Vec<String>> = members
            .iter()
            .map(|ps| {
                if let [pi] = ps.as_slice() {
                    // An organisation of one party looks like the party.
                    let p = &m.parties[*pi];
                    let mut lines = wrap_lines(p.name.get(lang), NAME_LINES);
                    let id = clean(&p.id);
                    if lines.first() != Some(&id) {
                        lines.extend(wrap_lines(&format!("[{id}]"), 2));
                    }
                    lines
                } else {
                    let org = clean(&m.parties[ps[0]].org);
                    let mut lines =
                        wrap_lines(&tr!(lang, "organisation: {org}", "組織: {org}"), NAME_LINES);
                    let n = ps.len();
                    lines.push(tr!(lang, "{n} parties", "関係者 {n} 件"));
                    lines
                }
            })
            .collect();
        let keys = (0..members.len()).map(|i| format!("o{i}")).collect();
        let ids = members
            .iter()
            .map(|ps| m.parties[ps[0]].org.clone())
            .collect();
        assemble(
            a,
            lang,
            Parts {
                by: CollapseBy::Org,
                threshold,
                node_of,
                members,
                keys,
                ids,
                heads,
                ranks: None,
            },
        )
    }

    /// One node per tier and division: tier 0 holds the system owners (customers that are
    /// the contractor of no contract), tier n the parties n contracts away from them along
    /// the shortest path (client to contractor). Parties no owner reaches form a tier of their
    /// own. Without system owners, the parties that are the contractor of no contract start
    /// the tiers. Breadth-first and iterative: cycles and long chains are no problem.
    ///
    /// Past [`MAX_BANDS`] tiers, tiers after the first are drawn in bands of several. Arrows
    /// go from one tier (or band) to the next only: a contract within a tier or back to an
    /// earlier one (cross-links, cycles) is counted in its client's box, not drawn, since
    /// such arrows run against the ranks and would cost Graphviz minutes on large chains.
    pub fn by_tier(a: &Analysis, lang: Lang, threshold: Option<usize>) -> Scene {
        let m = a.model;
        let grouping::Bands {
            deepest,
            width,
            order,
        } = grouping::by_band(a, MAX_BANDS);
        let mut node_of = vec![0; m.parties.len()];
        let mut members = Vec::new();
        let mut keys = Vec::new();
        let mut ids = Vec::new();
        let mut heads = Vec::new();
        let mut ranks = Vec::new();
        for ((b, provider), ps) in order {
            let n = members.len();
            for &pi in &ps {
                node_of[pi] = n;
            }
            let div = if provider {
                Division::Provider
            } else {
                Division::Customer
            };
            let tier = if b == usize::MAX {
                lang.pick(
                    "not reached from a system owner",
                    "システムオーナーから到達しない",
                )
                .to_string()
            } else if b == 0 {
                tr!(lang, "tier 0 (system owners)", "第0層 (システムオーナー)")
            } else {
                let first = (b - 1) * width + 1;
                let last = (b * width).min(deepest);
                if first >= last {
                    tr!(lang, "tier {first}", "第{first}層")
                } else {
                    tr!(lang, "tiers {first}–{last}", "第{first}〜{last}層")
                }
            };
            let c = if provider { 'p' } else { 'c' };
            keys.push(if b == usize::MAX {
                format!("tu{c}")
            } else {
                format!("t{b}{c}")
            });
            ranks.push(b);
            let name = format!("{tier} · {}", div.label(lang));
            let mut orgs: Vec<&str> = ps.iter().map(|&p| m.parties[p].org.as_str()).collect();
            orgs.sort_unstable();
            orgs.dedup();
            let (np, no) = (ps.len(), orgs.len());
            let mut lines = wrap(&tier, LABEL_COLUMNS, "", "");
            lines.push(div.label(lang).to_string());
            lines.push(format!(
                "{}{}{}",
                lang.count(np, "party", "parties", "関係者"),
                lang.pick(", ", "、"),
                lang.count(no, "organisation", "organisations", "組織")
            ));
            ids.push(name);
            heads.push(lines);
            members.push(ps);
        }
        assemble(
            a,
            lang,
            Parts {
                by: CollapseBy::Tier,
                threshold,
                node_of,
                members,
                keys,
                ids,
                heads,
                ranks: Some(ranks),
            },
        )
    }
}

/// What a collapsing builder decides; [`assemble`] does the rest.
struct Parts {
    by: CollapseBy,
    threshold: Option<usize>,
    /// The node of every party.
    node_of: Vec<usize>,
    /// The parties of every node, in model order.
    members: Vec<Vec<usize>>,
    /// DOT names.
    keys: Vec<String>,
    /// What each node stands for (organisation id, tier).
    ids: Vec<String>,
    /// The first lines of each label.
    heads: Vec<Vec<String>>,
    /// For tiers: the rank of each node. Only contracts to a higher rank are drawn; the
    /// others are counted in their client's box.
    ranks: Option<Vec<usize>>,
}

/// Role counts, contracts inside, findings: the rest of each label, and the aggregated arrows.
fn assemble(a: &Analysis, lang: Lang, parts: Parts) -> Scene {
    let m = a.model;
    let count = parts.members.len();
    let grouping::Aggregate {
        arrows: arrow_ix,
        kinds,
        internal,
        inside,
        backward,
        place,
    } = grouping::aggregate(m, &parts.node_of, count, parts.ranks.as_deref());
    // Each finding counts once per node or arrow, however many of its parties or contracts
    // are collapsed into it.
    let mut node_marks = vec![Marks::default(); count];
    let mut arrow_marks = vec![Marks::default(); arrow_ix.len()];
    let mut model_marks = Marks::default();
    for f in a.findings.iter().filter(|f| f.is_active()) {
        let mut places: Vec<Place> = match target(f) {
            Target::Contracts(cs) => cs.iter().map(|&c| place[c]).collect(),
            Target::Parties(ps) => ps.iter().map(|&p| Place::Node(parts.node_of[p])).collect(),
            Target::Model => {
                model_marks.add(f);
                continue;
            }
        };
        places.sort_unstable();
        places.dedup();
        for p in places {
            match p {
                Place::Node(n) => node_marks[n].add(f),
                Place::Arrow(i) => arrow_marks[i].add(f),
            }
        }
    }
    let nodes: Vec<SceneNode> = (0..count)
        .map(|n| {
            let ps = &parts.members[n];
            let mut lines = parts.heads[n].clone();
            let head = lines.len();
            let mut roles: BTreeMap<(Role, Qualifier), usize> = BTreeMap::new();
            let mut kind = NodeKind::Provider;
            for &pi in ps {
                for h in a.roles.of_party(pi) {
                    *roles.entry((h.role, h.qualifier)).or_default() += 1;
                }
                let p = &m.parties[pi];
                kind = match (kind, p.division, p.operates) {
                    (_, Division::Customer, true) | (NodeKind::CustomerOperates, _, _) => {
                        NodeKind::CustomerOperates
                    }
                    (_, Division::Customer, false) | (NodeKind::Customer, _, _) => {
                        NodeKind::Customer
                    }
                    _ => NodeKind::Provider,
                };
            }
            let roles: Vec<String> = roles
                .iter()
                .map(|(&(r, q), &k)| {
                    let t = role_text(r, q, None, lang);
                    if ps.len() == 1 {
                        t
                    } else {
                        format!("{t} ×{k}")
                    }
                })
                .collect();
            if roles.is_empty() {
                lines.push(lang.pick("no role", "役割なし").to_string());
            } else {
                lines.extend(pack(&roles, lang));
            }
            let k = inside[n];
            if k > 0 {
                lines.push(lang.count(k, "contract inside", "contracts inside", "内部の契約"));
            }
            let k = backward[n];
            if k > 0 {
                lines.push(lang.count(
                    k,
                    "contract to an earlier tier",
                    "contracts to earlier tiers",
                    "前の階層への契約",
                ));
            }
            let marks = std::mem::take(&mut node_marks[n]);
            lines.extend(marks.lines(lang));
            SceneNode {
                key: parts.keys[n].clone(),
                party_id: parts.ids[n].clone(),
                kind,
                lines,
                head,
                marks,
                group: None,
            }
        })
        .collect();
    let edges: Vec<SceneEdge> = arrow_ix
        .into_iter()
        .map(|((from, to), i)| {
            let total: usize = kinds[i].values().sum();
            let mut lines = vec![lang.count(total, "contract", "contracts", "契約")];
            let per_kind: Vec<String> = kinds[i]
                .iter()
                .map(|(k, n)| format!("{} {n}", kind_text(*k, lang)))
                .collect();
            lines.extend(pack(&per_kind, lang));
            let marks = std::mem::take(&mut arrow_marks[i]);
            lines.extend(marks.lines(lang));
            SceneEdge {
                key: format!("e{i}"),
                from,
                to,
                internal: internal[i],
                uses: false,
                lines,
                marks,
            }
        })
        .collect();
    let collapsed = Collapsed {
        by: parts.by,
        parties: m.parties.len(),
        contracts: m.contracts.len(),
        nodes: nodes.len(),
        edges: edges.len(),
        threshold: parts.threshold,
        undrawn: backward.iter().sum(),
    };
    let mut title = wrap(&clean(m.name.get(lang)), 2 * LABEL_COLUMNS, "", "");
    title.push(summary_line(a, lang, &model_marks));
    title.extend(wrap(&collapsed.note(lang), 2 * LABEL_COLUMNS, "", ""));
    let mut legend = legend(lang);
    for entry in &mut legend {
        if entry.key == "legend_contract" {
            entry.text = lang
                .pick(
                    "contracts from one box to another: count, then count per kind",
                    "ボックス間の契約: 件数と種類ごとの件数",
                )
                .to_string();
        }
    }
    Scene {
        title,
        nodes,
        edges,
        groups: Vec::new(),
        legend_title: lang.pick("Legend", "凡例").to_string(),
        legend,
        collapsed: Some(collapsed),
    }
}

#[cfg(test)]
mod tests;
