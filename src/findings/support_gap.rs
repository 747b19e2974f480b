//! `support-gap`: a contract's support ends before the planned period of use.

use std::collections::BTreeMap;

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::date::Date;
use crate::derive::{Because, Period, Periods};
use crate::i18n::Lang;
use crate::model::ContractIx;
use crate::model::types::{Qualifier, Role};
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "A contract's `support_until` ends before the model's `use_until`.",
        "契約の `support_until` がモデルの `use_until` より前に終わります。",
    ),
    what: (
        "The customer plans to use the system until `use_until`, but a contract's `support_until` ends earlier and no successor takes over: it is no gap when, for every role (and scope) the contract passes, successors (contracts starting later, with a `from`, whose contractors lead that role) support it from the day after to `use_until`, each from its `from` to the earlier of its `support_until` and `until` (a re-tendered successor).",
        "顧客は `use_until` までシステムを使う計画ですが、契約の `support_until` がそれより早く終わり、後継もありません。契約が渡す各役割 (と範囲) について、後継契約 (`from` があり、より後に始まり、受注者がその役割の主体となる契約。再調達など) が翌日から `use_until` まで (各契約の `from` から `support_until` と `until` の早いほうまで) サポートするなら、不足ではありません。",
    ),
    why: (
        "The guideline notes the mismatch between the customer's period of use and the provider's support period: unsupported software kept in use receives no vulnerability fixes ((3)-2) or information ((2)-4).",
        "ガイドラインは顧客の利用期間と事業者のサポート期間のずれを指摘しています。サポート切れのソフトウェアを使い続けると、脆弱性の修正 ((3)-2) や情報提供 ((2)-4) を受けられません。",
    ),
    fix: (
        "Extend the support period in the contract, plan a replacement before support ends (a successor contract starting the day after, stated with `from`), or shorten `use_until`.",
        "契約のサポート期間を延長する、サポート終了前に更改を計画する (翌日を `from` とする後継契約)、または `use_until` を見直してください。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(use_until) = cx.model.use_until else {
        return;
    };
    // The contracts that may succeed another, by the role and scope their contractor leads
    // through them: those with a `from`. Worked out on the first contract whose support ends
    // early.
    let mut successors: Option<Successors> = None;
    for (ci, c) in cx.model.contracts.iter().enumerate() {
        let Some(s) = c.support_until else { continue };
        if s >= use_until {
            continue;
        }
        let successors = successors.get_or_insert_with(|| successors_of(cx));
        // The rest of the period of use, after support ends.
        let rest = Periods::of(Period {
            from: Some(s.add_days(1)),
            until: Some(use_until),
        });
        let passed = roles_passed(cx, ci);
        // Successors cover it: for every role (and scope) this contract passes, contracts
        // that start after it and whose contractors lead that role support it from the next
        // day to the end of use.
        if !passed.is_empty()
            && passed
                .iter()
                .all(|key| rest.minus(&successors.support(key, ci, c.from)).is_never())
        {
            continue;
        }
        let mut f = Finding::new(Code::SupportGap);
        f.contract = Some(ci);
        f.parties = vec![c.contractor];
        f.span = c.support_until_span;
        f.because.push(Because::Contract { contract: ci });
        f.because.push(Because::UseUntil);
        out.push(f);
    }
}

/// A role in a scope.
type RoleKey = (Role, Option<String>);

/// Per role and scope, the contracts with a `from` whose contractor leads it through them,
/// each with the days it supports it: from its `from` to the earlier of its `support_until`
/// and `until`.
struct Successors(BTreeMap<RoleKey, Vec<(ContractIx, Date, Period)>>);

impl Successors {
    /// The days contracts starting after `from` (other than `ci`) support the role.
    fn support(&self, key: &RoleKey, ci: ContractIx, from: Option<Date>) -> Periods {
        let Some(list) = self.0.get(key) else {
            return Periods::never();
        };
        let days: Vec<Periods> = list
            .iter()
            .filter(|(k, start, _)| *k != ci && from.is_none_or(|f| *start > f))
            .map(|(_, _, p)| Periods::of(*p))
            .collect();
        Periods::union_of(&days)
    }
}

/// The roles (with their scopes) a contract's contractor holds through it.
fn roles_passed(cx: &Ctx, ci: ContractIx) -> Vec<RoleKey> {
    let c = &cx.model.contracts[ci];
    let mut v: Vec<RoleKey> = cx
        .roles
        .of_party(c.contractor)
        .filter(|h| h.because.iter().any(|b| b.contract() == Some(ci)))
        .map(|h| (h.role, h.scope.clone()))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn successors_of(cx: &Ctx) -> Successors {
    let mut map: BTreeMap<RoleKey, Vec<(ContractIx, Date, Period)>> = BTreeMap::new();
    for h in &cx.roles.holdings {
        if h.qualifier != Qualifier::Lead {
            continue;
        }
        for b in &h.because {
            let Some(ki) = b.contract() else { continue };
            let k = &cx.model.contracts[ki];
            let Some(start) = k.from else { continue };
            if k.contractor != h.party {
                continue;
            }
            let end = match (k.support_until, k.until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            map.entry((h.role, h.scope.clone())).or_default().push((
                ki,
                start,
                Period {
                    from: Some(start),
                    until: end,
                },
            ));
        }
    }
    Successors(map)
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let c = f
        .contract
        .expect("support-gap findings are about a contract");
    let con = words::contract(cx.model, c, lang);
    let s = cx.model.contracts[c]
        .support_until
        .map(|d| d.to_string())
        .unwrap_or_default();
    let u = cx
        .model
        .use_until
        .map(|d| d.to_string())
        .unwrap_or_default();
    (
        tr!(
            lang,
            "{con}: support ends {s}, before the planned end of use {u}",
            "{con}: サポートが {s} に終了し、利用予定期間の終わり {u} より前です"
        ),
        tr!(
            lang,
            "extend support to at least {u}, plan a replacement before {s}, or revise `use_until`",
            "サポートを少なくとも {u} まで延長する、{s} より前に更改を計画する、または `use_until` を見直してください"
        ),
    )
}
