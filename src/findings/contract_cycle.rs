//! `contract-cycle`: subcontracting runs in a circle.

use petgraph::graph::{DiGraph, NodeIndex};

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::derive::Because;
use crate::i18n::Lang;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "Subcontracting runs in a circle.",
        "委託関係が循環しています。",
    ),
    what: (
        "Following contracts from client to contractor leads back to where it started: A engages B, B engages C, C engages A.",
        "発注者から受注者へ契約をたどると元に戻ります: A が B に、B が C に、C が A に委託しています。",
    ),
    why: (
        "In a circle no party is upstream: requirements cannot flow down, and each party can point at the next. It is usually a contract entered the wrong way round.",
        "循環していると上流の関係者が存在せず、要求事項を順に引き継げず、互いに責任を押し付け合えます。多くは契約の向きの誤りです。",
    ),
    fix: (
        "Check the direction of each contract in the circle (`client` engages `contractor`) and reverse or remove the one that is wrong.",
        "循環内の各契約の向き (`client` が `contractor` に委託) を確認し、誤っている契約を逆にするか削除してください。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let n = cx.model.parties.len();
    let mut g: DiGraph<(), usize> = DiGraph::with_capacity(n, cx.model.contracts.len());
    for _ in 0..n {
        g.add_node(());
    }
    for (ci, c) in cx.model.contracts.iter().enumerate() {
        g.add_edge(NodeIndex::new(c.client), NodeIndex::new(c.contractor), ci);
    }
    let mut component = vec![usize::MAX; n];
    // Kosaraju's algorithm in petgraph is iterative: a 100k-long chain cannot overflow the stack.
    let sccs = petgraph::algo::kosaraju_scc(&g);
    for (k, scc) in sccs.iter().enumerate() {
        if scc.len() > 1 {
            for v in scc {
                component[v.index()] = k;
            }
        }
    }
    let mut by_component: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (ci, c) in cx.model.contracts.iter().enumerate() {
        let k = component[c.client];
        if k != usize::MAX && component[c.contractor] == k {
            by_component.entry(k).or_default().push(ci);
        }
    }
    let mut found: Vec<Finding> = by_component
        .into_values()
        .map(|contracts| {
            let mut f = Finding::new(Code::ContractCycle);
            let mut parties: Vec<usize> = contracts
                .iter()
                .flat_map(|&c| {
                    [
                        cx.model.contracts[c].client,
                        cx.model.contracts[c].contractor,
                    ]
                })
                .collect();
            parties.sort();
            parties.dedup();
            f.parties = parties;
            f.span = Some(cx.model.contracts[contracts[0]].span);
            f.contract = Some(contracts[0]);
            f.because = contracts
                .iter()
                .map(|&c| Because::Contract { contract: c })
                .collect();
            f.contracts = contracts;
            f
        })
        .collect();
    found.sort_by_key(|f| f.contracts[0]);
    out.extend(found);
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let shown: Vec<String> = f
        .contracts
        .iter()
        .take(6)
        .map(|&c| {
            let k = &cx.model.contracts[c];
            format!(
                "{}→{}",
                cx.model.parties[k.client].id, cx.model.parties[k.contractor].id
            )
        })
        .collect();
    let more = if f.contracts.len() > 6 {
        tr!(lang, " and {} more", " ほか{}件", f.contracts.len() - 6)
    } else {
        String::new()
    };
    let chain = lang.list(&shown);
    let n = f.contracts.len();
    let first = words::contract(cx.model, f.contracts[0], lang);
    (
        tr!(
            lang,
            "{n} contracts form a circle: {chain}{more}",
            "{n}件の契約が循環しています: {chain}{more}"
        ),
        tr!(
            lang,
            "check the direction of each contract in the circle, starting with {first}",
            "{first} をはじめ、循環内の各契約の向きを確認してください"
        ),
    )
}
