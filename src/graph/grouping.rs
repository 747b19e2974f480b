//! Which parties a collapsed drawing puts together, and what the contracts between the groups
//! add up to: organisations, tiers (the distance from the system owners along contracts) in
//! bands, and the contracts per pair of groups. Analysis only; the labels are drawn in
//! `scene/collapse.rs`.

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::model::Model;
use crate::model::types::Division;
use crate::{Analysis, ContractKind};

/// The tier of every party (see [`Scene::by_tier`](super::scene::Scene::by_tier)); `None`
/// for parties not reached.
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

/// One group per organisation, in order of its first party: the group of every party, and
/// the parties of every group in model order.
pub(crate) fn by_org(m: &Model) -> (Vec<usize>, Vec<Vec<usize>>) {
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
    (node_of, members)
}

/// The parties by band of tiers and division.
pub(crate) struct Bands {
    /// The deepest tier reached.
    pub deepest: usize,
    /// Tiers per band after tier 0, which is a band of its own.
    pub width: usize,
    /// The parties of each (band, is a provider), in band order, customers before
    /// providers; `usize::MAX` is the band of parties not reached.
    pub order: BTreeMap<(usize, bool), Vec<usize>>,
}

/// The parties in at most `max_bands` bands of tiers, by division.
pub(crate) fn by_band(a: &Analysis, max_bands: usize) -> Bands {
    let m = a.model;
    let depth = tiers(a);
    let deepest = depth.iter().flatten().copied().max().unwrap_or(0);
    // Tier 0 alone, then bands of `width` tiers.
    let width = deepest.saturating_sub(1) / (max_bands - 1) + 1;
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
    Bands {
        deepest,
        width,
        order,
    }
}

/// Where a contract is drawn in a collapsed scene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Place {
    /// On an arrow.
    Arrow(usize),
    /// Counted in a node.
    Node(usize),
}

/// The contracts between groups: one arrow per pair of groups, and the contracts that are
/// not drawn counted in their client's group.
pub(crate) struct Aggregate {
    /// The arrow of each (from, to) pair of groups, numbered in pair order.
    pub arrows: BTreeMap<(usize, usize), usize>,
    /// Per arrow: contracts per kind.
    pub kinds: Vec<BTreeMap<ContractKind, usize>>,
    /// Per arrow: whether all its contracts are internal.
    pub internal: Vec<bool>,
    /// Per group: contracts within it.
    pub inside: Vec<usize>,
    /// Per group: contracts from it to an earlier rank (not drawn).
    pub backward: Vec<usize>,
    /// Where each contract is drawn.
    pub place: Vec<Place>,
}

/// The contracts of `m` between the `count` groups of `node_of`. With `ranks`, only
/// contracts to a higher rank are drawn.
pub(crate) fn aggregate(
    m: &Model,
    node_of: &[usize],
    count: usize,
    ranks: Option<&[usize]>,
) -> Aggregate {
    let ends = |c: &crate::model::Contract| (node_of[c.client], node_of[c.contractor]);
    let drawn = |(from, to): (usize, usize)| from != to && ranks.is_none_or(|r| r[to] > r[from]);
    // Arrows between two nodes, in node order; other contracts are counted in a node.
    let mut arrows: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for c in &m.contracts {
        if drawn(ends(c)) {
            arrows.insert(ends(c), 0);
        }
    }
    for (i, v) in arrows.values_mut().enumerate() {
        *v = i;
    }
    let mut inside = vec![0usize; count];
    let mut backward = vec![0usize; count];
    let mut kinds: Vec<BTreeMap<ContractKind, usize>> = vec![BTreeMap::new(); arrows.len()];
    let mut internal = vec![true; arrows.len()];
    let mut place: Vec<Place> = Vec::with_capacity(m.contracts.len());
    for c in &m.contracts {
        let (from, to) = ends(c);
        if drawn((from, to)) {
            let i = arrows[&(from, to)];
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
    Aggregate {
        arrows,
        kinds,
        internal,
        inside,
        backward,
        place,
    }
}
