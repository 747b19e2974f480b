//! Collapsed scenes for large chains: one node per organisation, or one node per tier (the
//! distance from the system owners along contracts) and division, with the contracts between
//! them aggregated into one arrow per pair of nodes, labelled with counts per contract kind.
//!
//! A drawing of ten thousand boxes is neither readable nor something Graphviz lays out in
//! reasonable time; a drawing of a few dozen aggregate nodes is both. What was collapsed is
//! recorded in [`Scene::collapsed`] and written into the title, so no reader takes the drawing
//! for the whole chain.

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::{
    LABEL_COLUMNS, Marks, NAME_LINES, NodeKind, Scene, SceneEdge, SceneNode, Target, clean,
    kind_text, legend, pack, role_text, summary_line, target, wrap_lines,
};
use crate::i18n::Lang;
use crate::model::types::{Division, Qualifier, Role};
use crate::style::wrap;
use crate::{Analysis, ContractKind, tr};

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
                let by_org = Scene::by_org(a, lang, Some(t));
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
        let m = a.model;
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut node_of = Vec::with_capacity(m.parties.len());
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (pi, p) in m.parties.iter().enumerate() {
            let n = *index.entry(p.org.as_str()).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[n].push(pi);
            node_of.push(n);
        }
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
        let depth = tiers(a);
        let deepest = depth.iter().flatten().copied().max().unwrap_or(0);
        // Tier 0 alone, then bands of `width` tiers.
        let width = deepest.saturating_sub(1) / (MAX_BANDS - 1) + 1;
        let band = |d: usize| if d == 0 { 0 } else { (d - 1) / width + 1 };
        // Bands in order, customers before providers, unreached last.
        let mut order: BTreeMap<(usize, bool), Vec<usize>> = BTreeMap::new();
        for (pi, p) in m.parties.iter().enumerate() {
            let b = depth[pi].map_or(usize::MAX, band);
            order
                .entry((b, p.division == Division::Provider))
                .or_default()
                .push(pi);
        }
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

/// The tier of every party (see [`Scene::by_tier`]); `None` for parties not reached.
pub fn tiers(a: &Analysis) -> Vec<Option<usize>> {
    let m = a.model;
    let n = m.parties.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut engaged = vec![false; n];
    for c in &m.contracts {
        out[c.client].push(c.contractor);
        engaged[c.contractor] = true;
    }
    let mut roots: Vec<usize> = (0..n)
        .filter(|&p| m.parties[p].division == Division::Customer && !engaged[p])
        .collect();
    if roots.is_empty() {
        roots = (0..n).filter(|&p| !engaged[p]).collect();
    }
    let mut depth = vec![None; n];
    let mut queue = VecDeque::new();
    for r in roots {
        depth[r] = Some(0);
        queue.push_back(r);
    }
    while let Some(p) = queue.pop_front() {
        let d = depth[p].unwrap_or(0) + 1;
        for &q in &out[p] {
            if depth[q].is_none() {
                depth[q] = Some(d);
                queue.push_back(q);
            }
        }
    }
    depth
}

/// Where a contract is drawn in a collapsed scene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// On an arrow.
    Arrow(usize),
    /// Counted in a node.
    Node(usize),
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
    let ends = |c: &crate::model::Contract| (parts.node_of[c.client], parts.node_of[c.contractor]);
    let drawn = |(from, to): (usize, usize)| {
        from != to && parts.ranks.as_ref().is_none_or(|r| r[to] > r[from])
    };
    // Arrows between two nodes, in node order; other contracts are counted in a node.
    let mut arrow_ix: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for c in &m.contracts {
        if drawn(ends(c)) {
            arrow_ix.insert(ends(c), 0);
        }
    }
    for (i, v) in arrow_ix.values_mut().enumerate() {
        *v = i;
    }
    let mut inside = vec![0usize; count];
    let mut backward = vec![0usize; count];
    // Per arrow: contracts per kind, and whether all are internal.
    let mut kinds: Vec<BTreeMap<ContractKind, usize>> = vec![BTreeMap::new(); arrow_ix.len()];
    let mut internal = vec![true; arrow_ix.len()];
    // Where each contract's findings are marked: an arrow, or its client's node.
    let mut place: Vec<Place> = Vec::with_capacity(m.contracts.len());
    for c in &m.contracts {
        let (from, to) = ends(c);
        if drawn((from, to)) {
            let i = arrow_ix[&(from, to)];
            *kinds[i].entry(c.kind).or_default() += 1;
            internal[i] &= c.kind == ContractKind::Internal;
            place.push(Place::Arrow(i));
        } else {
            if from == to {
                inside[from] += 1;
            } else {
                backward[from] += 1;
            }
            place.push(Place::Node(from));
        }
    }
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
mod tests {
    use super::*;
    use crate::load::parse_model;
    use crate::{Catalog, Date, Options, analyse};

    fn scene_of(text: &str, f: impl Fn(&Analysis) -> Scene) -> Scene {
        let cat = Catalog::builtin();
        let m = parse_model("t.ron", text, &cat).unwrap();
        let a = analyse(
            &m,
            &cat,
            Options {
                package: None,
                today: Date::parse("2026-11-25").unwrap(),
            },
        );
        f(&a)
    }

    const CHAIN: &str = r#"(name: "c", parties: {
        "owner": (name: "Owner", division: Customer),
        "prime": (name: "Prime", division: Provider),
        "dev": (name: "Prime dev", division: Provider, org: "prime"),
        "sub": (name: "Sub", division: Provider),
        "lost": (name: "Lost", division: Provider),
        "loop": (name: "Loop", division: Provider),
    }, contracts: [
        (id: "a", client: "owner", contractor: "prime", kind: Development, security_terms: true),
        (id: "b", client: "prime", contractor: "dev", kind: Internal, roles: [Developer(Support)]),
        (id: "c", client: "dev", contractor: "sub", kind: QuasiMandate, roles: [Developer]),
        (id: "d", client: "prime", contractor: "sub", kind: QuasiMandate, roles: [Developer]),
        (id: "e", client: "sub", contractor: "prime", kind: Component),
        (id: "f", client: "loop", contractor: "lost", kind: Operation),
        (id: "g", client: "lost", contractor: "loop", kind: Operation),
    ])"#;

    #[test]
    fn tiers_follow_shortest_paths_and_survive_cycles() {
        let cat = Catalog::builtin();
        let m = parse_model("t.ron", CHAIN, &cat).unwrap();
        let a = analyse(&m, &cat, Options::default());
        // owner 0; prime 1; dev 2; sub 2 (via d); lost and loop: a cycle no owner reaches.
        assert_eq!(
            tiers(&a),
            vec![Some(0), Some(1), Some(2), Some(2), None, None]
        );
    }

    #[test]
    fn by_org_aggregates_contracts_between_organisations() {
        let s = scene_of(CHAIN, |a| Scene::by_org(a, Lang::En, None));
        let ids: Vec<&str> = s.nodes.iter().map(|n| n.party_id.as_str()).collect();
        assert_eq!(ids, ["owner", "prime", "sub", "lost", "loop"]);
        assert_eq!(s.nodes[1].lines[..2], ["organisation: prime", "2 parties"]);
        assert!(s.nodes[1].lines.contains(&"1 contract inside".to_string()));
        // prime → sub: c (from dev) and d (from prime) are one arrow of two.
        let e = s
            .edges
            .iter()
            .find(|e| (e.from, e.to) == (1, 2))
            .expect("prime → sub");
        assert_eq!(e.lines[..2], ["2 contracts", "quasi-mandate 2"]);
        let c = s.collapsed.as_ref().unwrap();
        assert_eq!((c.nodes, c.edges, c.parties, c.contracts), (5, 5, 6, 7));
        assert!(
            s.title
                .iter()
                .any(|l| l.starts_with("Collapsed by organisation"))
        );
    }

    #[test]
    fn by_tier_has_one_node_per_tier_and_division() {
        let s = scene_of(CHAIN, |a| Scene::by_tier(a, Lang::Ja, Some(3)));
        let keys: Vec<&str> = s.nodes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["t0c", "t1p", "t2p", "tup"]);
        assert_eq!(s.nodes[0].kind, NodeKind::Customer);
        assert!(
            s.nodes[2]
                .lines
                .iter()
                .any(|l| l == "関係者 2 件、組織 2 件")
        );
        assert!(s.title.iter().any(|l| l.contains("階層")));
        // sub → prime runs back a tier: counted in sub's box, not drawn.
        assert!(
            s.nodes[2]
                .lines
                .iter()
                .any(|l| l == "前の階層への契約 1 件")
        );
        let pairs: Vec<(usize, usize)> = s.edges.iter().map(|e| (e.from, e.to)).collect();
        assert_eq!(pairs, [(0, 1), (1, 2)]);
        assert_eq!(s.collapsed.as_ref().unwrap().undrawn, 1);
    }

    #[test]
    fn deep_chains_are_drawn_in_bands() {
        // A chain of 100 providers under one owner: 100 tiers in bands of 3.
        let mut parties = String::from(r#""o": (name: "O", division: Customer),"#);
        let mut contracts = String::new();
        for i in 0..100 {
            parties.push_str(&format!(r#""p{i}": (name: "P{i}", division: Provider),"#));
            let client = if i == 0 {
                "o".to_string()
            } else {
                format!("p{}", i - 1)
            };
            contracts.push_str(&format!(
                r#"(client: "{client}", contractor: "p{i}", kind: Development),"#
            ));
        }
        let text = format!("(name: \"deep\", parties: {{{parties}}}, contracts: [{contracts}])");
        let s = scene_of(&text, |a| Scene::by_tier(a, Lang::En, None));
        assert!(s.nodes.len() <= MAX_BANDS, "{}", s.nodes.len());
        assert_eq!(
            s.nodes[1].lines[..2],
            ["tiers 1–3", "cyber infrastructure provider"]
        );
        assert!(s.nodes.last().unwrap().lines[0] == "tier 100");
        // Every contract is drawn or counted: 2 per band inside, 1 between bands.
        let drawn: usize = s.edges.len();
        let inside: usize = s
            .nodes
            .iter()
            .flat_map(|n| &n.lines)
            .filter_map(|l| l.strip_suffix(" contracts inside"))
            .map(|n| n.parse::<usize>().unwrap())
            .sum();
        assert_eq!(drawn + inside, 100);
    }

    #[test]
    fn auto_collapses_only_past_the_threshold() {
        let options = |threshold| CollapseOptions {
            mode: Collapse::Auto,
            threshold,
        };
        let s = scene_of(CHAIN, |a| Scene::build(a, Lang::En, &options(6)));
        assert!(s.collapsed.is_none());
        assert_eq!(s.nodes.len(), 6);
        let s = scene_of(CHAIN, |a| Scene::build(a, Lang::En, &options(5)));
        assert_eq!(s.collapsed.as_ref().unwrap().by, CollapseBy::Org);
        let s = scene_of(CHAIN, |a| Scene::build(a, Lang::En, &options(4)));
        assert_eq!(s.collapsed.as_ref().unwrap().by, CollapseBy::Tier);
        assert_eq!(s.collapsed.as_ref().unwrap().threshold, Some(4));
    }
}
