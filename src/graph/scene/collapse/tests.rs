//! Collapsed scenes: by organisation, by tier, bands of tiers, and the note of what was
//! collapsed.

use super::*;
use crate::graph::scene::tiers;
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
