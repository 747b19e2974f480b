//! `unapproved-subcontract`: with `approval_required`, a subcontract lacks `approved: true`.

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::derive::Because;
use crate::i18n::Lang;
use crate::model::{ContractIx, Model, PartyIx};
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "With `approval_required: true`, a subcontract is not marked `approved: true`.",
        "`approval_required: true` のモデルで、再委託の契約に `approved: true` がありません。",
    ),
    what: (
        "The model says every subcontract needs approval (再委託の承認). A subcontract is a contract whose client is itself engaged by another contract; this one does not record the approval. The finding names its tier (1 is a contract with the owner) and the chain up to the owner.",
        "モデルは再委託に承認が必要としています。再委託とは、発注者自身が別の契約で受注している契約のことです。この契約には承認の記録がありません。指摘は階層 (発注元との契約が 1) と発注元までの連鎖を示します。",
    ),
    why: (
        "Public procurement and most system contracts let the contractor subcontract only with the client's prior approval, so that the client knows who handles its system and data; an unapproved tier is outside the security terms the client agreed to ((2)-3).",
        "公共調達や多くのシステム契約では、発注者が自らのシステムとデータを誰が扱うかを把握できるよう、再委託には事前の承認が必要です。承認のない階層は、発注者が合意したセキュリティ要件 ((2)-3) の外にあります。",
    ),
    fix: (
        "Obtain the approval of the client's own client and record it with `approved: true`, or end the subcontract.",
        "発注者の発注元の承認を得て `approved: true` で記録するか、再委託をやめてください。",
    ),
};

/// The most parties a finding's chain names.
const MOST: usize = 8;

/// The first contract (in file order) engaging each party, if any.
fn engaged_by(model: &Model) -> Vec<Option<ContractIx>> {
    let mut by = vec![None; model.parties.len()];
    for (ci, c) in model.contracts.iter().enumerate() {
        by[c.contractor].get_or_insert(ci);
    }
    by
}

/// How many contracts lie above each party on the way to a party nobody engages (0 for
/// such a party): one walk per party, remembered, so the whole takes linear time. A circle
/// of contracts counts once around.
fn depths(model: &Model, by: &[Option<ContractIx>]) -> Vec<usize> {
    const UNKNOWN: usize = usize::MAX;
    let mut depth = vec![UNKNOWN; model.parties.len()];
    let mut on_walk = vec![false; model.parties.len()];
    let mut walk: Vec<PartyIx> = Vec::new();
    for start in 0..model.parties.len() {
        let mut p = start;
        walk.clear();
        let base = loop {
            if depth[p] != UNKNOWN {
                break depth[p];
            }
            if on_walk[p] {
                break 0;
            }
            match by[p] {
                None => {
                    depth[p] = 0;
                    break 0;
                }
                Some(c) => {
                    on_walk[p] = true;
                    walk.push(p);
                    p = model.contracts[c].client;
                }
            }
        };
        for (i, &q) in walk.iter().rev().enumerate() {
            on_walk[q] = false;
            if depth[q] == UNKNOWN {
                depth[q] = base + i + 1;
            }
        }
    }
    depth
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let m = cx.model;
    if !m.approval_required {
        return;
    }
    let by = engaged_by(m);
    let depth = depths(m, &by);
    for (ci, c) in m.contracts.iter().enumerate() {
        let Some(above) = by[c.client] else {
            continue;
        };
        if c.approved {
            continue;
        }
        let mut f = Finding::new(Code::UnapprovedSubcontract);
        f.contract = Some(ci);
        f.parties = vec![c.client, c.contractor];
        f.span = c.approved_span.or(Some(c.span));
        f.because.push(Because::Contract { contract: ci });
        f.because.push(Because::Contract { contract: above });
        let parties = chain(m, &by, ci, MOST);
        let complete = by[parties[0]].is_none();
        f.tier = Some((depth[c.client] + 1, parties, complete));
        out.push(f);
    }
}

/// The parties from the owner down to the contract's contractor, at most `most` of them
/// nearest the contract; a circle ends the walk.
fn chain(model: &Model, by: &[Option<ContractIx>], c: ContractIx, most: usize) -> Vec<PartyIx> {
    let con = &model.contracts[c];
    let mut up = vec![con.contractor, con.client];
    let mut p = con.client;
    while let Some(above) = by[p] {
        p = model.contracts[above].client;
        if up.contains(&p) || up.len() >= most {
            break;
        }
        up.push(p);
    }
    up.reverse();
    up
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let m = cx.model;
    let c = f
        .contract
        .expect("unapproved-subcontract findings are about a contract");
    let (tier, parties, reached_owner) = f
        .tier
        .clone()
        .expect("unapproved-subcontract findings have a tier");
    let mut names: Vec<String> = parties
        .iter()
        .map(|&p| lang.quote(&crate::style::shown(&m.parties[p].id)))
        .collect();
    if !reached_owner {
        names.insert(0, "…".into());
    }
    let path = names.join(" → ");
    let con = words::contract(m, c, lang);
    let approver = match f.because.get(1) {
        Some(Because::Contract { contract }) => {
            words::party(m, m.contracts[*contract].client, lang)
        }
        _ => String::new(),
    };
    (
        tr!(
            lang,
            "{con} is a tier-{tier} subcontract without approval: {path}",
            "{con} は承認のない第{tier}階層の再委託です: {path}"
        ),
        tr!(
            lang,
            "obtain the approval of {approver} and set `approved: true` on {con}, or end the subcontract",
            "{approver} の承認を得て{con}に `approved: true` を記録するか、再委託をやめてください"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn model(contracts: &str) -> Model {
        let text = format!(
            "(name: \"x\", approval_required: true, parties: {{ \"o\": (name: \"O\", division: Customer), \"a\": (name: \"A\", division: Provider), \"b\": (name: \"B\", division: Provider), \"c\": (name: \"C\", division: Provider) }}, contracts: [{contracts}])"
        );
        crate::load::parse_model("m.ron", &text, &Catalog::builtin()).unwrap()
    }

    #[test]
    fn tiers_count_from_the_owner_and_circles_end() {
        let m = model(
            "(client: \"o\", contractor: \"a\", kind: Development), (client: \"a\", contractor: \"b\", kind: Development), (client: \"b\", contractor: \"c\", kind: Development)",
        );
        let by = engaged_by(&m);
        assert_eq!(depths(&m, &by), vec![0, 1, 2, 3]);
        assert_eq!(chain(&m, &by, 2, 8), vec![0, 1, 2, 3]);
        assert_eq!(chain(&m, &by, 2, 3), vec![1, 2, 3]);
        let m = model(
            "(client: \"a\", contractor: \"b\", kind: Development), (client: \"b\", contractor: \"a\", kind: Development)",
        );
        let by = engaged_by(&m);
        let d = depths(&m, &by);
        assert!(d[1] <= 2 && d[2] <= 2, "{d:?}");
        assert!(chain(&m, &by, 0, 8).len() <= 3);
    }
}
