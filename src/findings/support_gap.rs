//! `support-gap`: a contract's support ends before the planned period of use.

use super::{Code, CodeDoc, Ctx, Finding, words};
use crate::derive::Because;
use crate::i18n::Lang;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "A contract's `support_until` ends before the model's `use_until`.",
        "契約の `support_until` がモデルの `use_until` より前に終わります。",
    ),
    what: (
        "The customer plans to use the system until `use_until`, but a contract's `support_until` ends earlier.",
        "顧客は `use_until` までシステムを使う計画ですが、契約の `support_until` がそれより早く終わります。",
    ),
    why: (
        "The guideline notes the mismatch between the customer's period of use and the provider's support period: unsupported software kept in use receives no vulnerability fixes ((3)-2) or information ((2)-4).",
        "ガイドラインは顧客の利用期間と事業者のサポート期間のずれを指摘しています。サポート切れのソフトウェアを使い続けると、脆弱性の修正 ((3)-2) や情報提供 ((2)-4) を受けられません。",
    ),
    fix: (
        "Extend the support period in the contract, plan a replacement before support ends, or shorten `use_until`.",
        "契約のサポート期間を延長する、サポート終了前に更改を計画する、または `use_until` を見直してください。",
    ),
};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(use_until) = cx.model.use_until else {
        return;
    };
    for (ci, c) in cx.model.contracts.iter().enumerate() {
        if let Some(s) = c.support_until
            && s < use_until
        {
            let mut f = Finding::new(Code::SupportGap);
            f.contract = Some(ci);
            f.parties = vec![c.contractor];
            f.span = c.support_until_span;
            f.because.push(Because::Contract { contract: ci });
            f.because.push(Because::UseUntil);
            out.push(f);
        }
    }
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
