//! `waiver-unused`: a waiver matches no finding.

use super::{Code, CodeDoc, Ctx, Finding};
use crate::derive::Because;
use crate::i18n::Lang;
use crate::tr;

pub(super) const DOC: CodeDoc = CodeDoc {
    summary: (
        "A waiver matches no finding.",
        "どの指摘にも該当しない免除 (waiver) があります。",
    ),
    what: (
        "A waiver whose code, contract, party and requirement match no finding of the model.",
        "コード・契約・関係者・要求事項のいずれの条件にも該当する指摘がない免除。",
    ),
    why: (
        "A stale waiver hides nothing today but will silently hide a new problem tomorrow if one appears with the same code. It often means the finding was fixed, or the waiver names the wrong contract.",
        "不要になった免除は今は何も隠しませんが、同じコードの新しい問題が出たときに黙って隠してしまいます。指摘が解消済みか、免除の対象契約の誤りであることが多いです。",
    ),
    fix: (
        "Remove the waiver, or correct its `contract`, `party` or `requirement` so it names the finding meant.",
        "免除を削除するか、意図した指摘を指すよう `contract`、`party`、`requirement` を修正してください。",
    ),
};

pub(super) fn finding(cx: &Ctx, wi: usize) -> Finding {
    let mut f = Finding::new(Code::WaiverUnused);
    f.waiver = Some(wi);
    f.span = Some(cx.model.waivers[wi].span);
    f.because.push(Because::Waiver { index: wi });
    f
}

pub(super) fn text(f: &Finding, cx: &Ctx, lang: Lang) -> (String, String) {
    let w = &cx.model.waivers[f.waiver.expect("waiver findings name their waiver")];
    let code = w.code.key();
    (
        tr!(
            lang,
            "the waiver of `{code}` matches no finding",
            "`{code}` の免除に該当する指摘がありません"
        ),
        lang.pick(
            "remove the waiver, or correct what it names",
            "免除を削除するか、対象の指定を修正してください",
        )
        .into(),
    )
}
