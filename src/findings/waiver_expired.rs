//! `waiver-expired`: a waiver's `until` has passed.

use super::{Code, CodeDoc, Ctx, Finding};
use crate::derive::Because;
use crate::i18n::Lang;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "A waiver's `until` date has passed.",
        "免除 (waiver) の期限 `until` が過ぎています。",
    ),
    what: (
        "A waiver whose `until` is before today (or before `--today`). An expired waiver no longer applies: the findings it covered count again.",
        "`until` が今日 (または `--today`) より前の免除。期限切れの免除は適用されず、対象の指摘は再び有効になります。",
    ),
    why: (
        "Accepted risks are accepted for a time. When that time is over, someone must decide again, with the current contracts in front of them.",
        "リスクの受容は期限付きです。期限が来たら、現在の契約を前に改めて判断する必要があります。",
    ),
    fix: (
        "Fix the underlying finding, or review the decision and extend `until` with an updated reason.",
        "元の指摘を解消するか、判断を見直して理由を更新のうえ `until` を延長してください。",
    ),
};

pub(super) fn finding(cx: &Ctx, wi: usize) -> Finding {
    let mut f = Finding::new(Code::WaiverExpired);
    f.waiver = Some(wi);
    f.span = Some(cx.model.waivers[wi].span);
    f.because.push(Because::Waiver { index: wi });
    f
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let w = &cx.model.waivers[f.waiver.expect("waiver findings name their waiver")];
    let code = w.code.key();
    let until = w.until;
    let today = cx.today;
    (
        tr!(
            lang,
            "the waiver of `{code}` expired on {until} (today is {today}); the findings it covered count again",
            "`{code}` の免除は {until} に期限切れです (本日 {today})。対象の指摘は再び有効です"
        ),
        lang.pick(
            "fix the finding, or review the decision and extend `until`",
            "指摘を解消するか、判断を見直して `until` を延長してください",
        )
        .into(),
    )
}
