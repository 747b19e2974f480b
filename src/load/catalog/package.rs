//! A requirement's own package: `package`, `package_source` and `other_items`, checked
//! together, and the residual item that `other_items` adds.

use crate::catalog::{Item, Source};
use crate::i18n::{Lang, Text};
use crate::load::decode::Cx;
use crate::load::diagnostics::Problem;
use crate::load::source::Span;
use crate::model::types::Package;
use crate::tr;

/// What is wrong with a requirement's package fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageProblem {
    /// `package` without `package_source`: the requirement's `source` says only that it exists.
    Unsourced,
    /// `package_source` without `package`.
    SourceWithoutPackage,
    /// `package` (or `package_source`) on a requirement whose known items cover it and which
    /// declares no `other_items`: nothing would be allocated in that package.
    Unused,
    /// `other_items` on a requirement without items: it is allocated whole already.
    OtherItemsWithoutItems,
}

impl PackageProblem {
    /// The diagnostic code.
    pub fn code(self) -> &'static str {
        match self {
            PackageProblem::Unsourced => "package-unsourced",
            PackageProblem::SourceWithoutPackage => "package-source-without-package",
            PackageProblem::Unused => "package-unused",
            PackageProblem::OtherItemsWithoutItems => "other-items-without-items",
        }
    }

    /// The one-line message.
    pub fn message(self, requirement: &str, lang: Lang) -> String {
        let r = requirement;
        match self {
            PackageProblem::Unsourced => tr!(
                lang,
                "requirement {r} states a `package` without saying where it comes from",
                "要求事項 {r} の `package` に出典 (`package_source`) がありません"
            ),
            PackageProblem::SourceWithoutPackage => tr!(
                lang,
                "requirement {r} has a `package_source` but no `package`",
                "要求事項 {r} に `package_source` がありますが `package` がありません"
            ),
            PackageProblem::Unused => tr!(
                lang,
                "requirement {r} has known items, so its own `package` applies to nothing",
                "要求事項 {r} には既知の個別要求があるため、要求事項自体の `package` は使われません"
            ),
            PackageProblem::OtherItemsWithoutItems => tr!(
                lang,
                "requirement {r} has no items, so `other_items` has nothing to complete",
                "要求事項 {r} には個別要求がないため、`other_items` は使われません"
            ),
        }
    }

    /// How to fix it.
    pub fn help(self, lang: Lang) -> String {
        match self {
            PackageProblem::Unsourced => lang.pick(
                "add `package_source: Seed`, `Web(\"TAG\")` or `Inferred(en: \"why\", ja: \"理由\")`; a requirement's `source` says only that the requirement exists",
                "`package_source: Seed`、`Web(\"TAG\")`、`Inferred(en: \"理由\", ja: \"理由\")` のいずれかを加えてください。要求事項の `source` は要求事項の存在の出典にすぎません",
            ),
            PackageProblem::SourceWithoutPackage => lang.pick(
                "add `package: Mandatory` or `package: Standard`, or remove `package_source`",
                "`package: Mandatory` か `package: Standard` を加えるか、`package_source` を削除してください",
            ),
            PackageProblem::Unused => lang.pick(
                "if the known items do not cover the requirement, add `other_items: Inferred(en: \"why\", ja: \"理由\")` and the package then applies to the rest; otherwise remove `package` and `package_source`",
                "既知の個別要求で要求事項を網羅できない場合は `other_items: Inferred(en: \"理由\", ja: \"理由\")` を加えてください (パッケージは残りの部分に適用されます)。そうでなければ `package` と `package_source` を削除してください",
            ),
            PackageProblem::OtherItemsWithoutItems => lang.pick(
                "remove `other_items`: a requirement without items is one allocation of its own",
                "`other_items` を削除してください。個別要求のない要求事項はそれ自体が一つの割当単位です",
            ),
        }
        .into()
    }
}

/// The package fields of one requirement as written, with their spans.
pub(super) struct Written {
    pub package: Option<(Package, Span)>,
    pub package_source: Option<(Source, Span)>,
    pub other_items: Option<(Source, Span)>,
}

/// Checks the fields against the items and gives the requirement's package and its source:
/// `None` when the known items cover the requirement; the mandatory package with an
/// inference saying so when a requirement that needs one states none.
pub(super) fn check(
    cx: &mut Cx,
    requirement: &str,
    has_items: bool,
    w: &Written,
) -> (Option<Package>, Option<Source>) {
    let problem = |cx: &mut Cx, problem: PackageProblem, span: Span| {
        cx.push(
            Problem::CatalogPackage {
                requirement: requirement.to_string(),
                problem,
            },
            span,
        );
    };
    if let Some((_, span)) = &w.other_items
        && !has_items
    {
        problem(cx, PackageProblem::OtherItemsWithoutItems, *span);
    }
    let needs = !has_items || w.other_items.is_some();
    if !needs {
        if let Some(span) = w
            .package
            .as_ref()
            .map(|p| p.1)
            .or(w.package_source.as_ref().map(|p| p.1))
        {
            problem(cx, PackageProblem::Unused, span);
        }
        return (None, None);
    }
    match (&w.package, &w.package_source) {
        (Some((p, _)), Some((s, _))) => (Some(*p), Some(s.clone())),
        (Some((p, span)), None) => {
            problem(cx, PackageProblem::Unsourced, *span);
            (Some(*p), None)
        }
        (None, Some((_, span))) => {
            problem(cx, PackageProblem::SourceWithoutPackage, *span);
            (None, None)
        }
        (None, None) => (
            Some(Package::Mandatory),
            Some(Source::Inferred(Text {
                en: format!(
                    "The catalog states no package for {requirement}; rolemap assumes the mandatory package."
                ),
                ja: format!(
                    "カタログに {requirement} のパッケージの記載がないため、必須要求パッケージとみなす。"
                ),
            })),
        ),
    }
}

/// The id of a requirement's residual item: `S(3)-1.other` when its items are numbered
/// `S(3)-1.n`, else `(3)-1.other`.
pub(super) fn residual_id(requirement: &str, items: &[Item]) -> String {
    let s_prefix = format!("S{requirement}.");
    if !items.is_empty() && items.iter().all(|i| i.id.starts_with(&s_prefix)) {
        format!("{s_prefix}other")
    } else {
        format!("{requirement}.other")
    }
}

/// The residual item of a requirement with `other_items`: the items the numbering shows
/// and no source lists, allocated like a requirement without items.
pub(super) fn residual(
    requirement: &str,
    title: &Text,
    items: &[Item],
    package: Package,
    package_source: Source,
    because: Source,
    span: Span,
) -> Item {
    let known: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let (en_known, ja_known) = (known.join(", "), known.join("、"));
    Item {
        id: residual_id(requirement, items),
        title: Text {
            en: format!("{requirement}, other items: {} beyond {en_known}", title.en),
            ja: format!(
                "{requirement} のその他の個別要求：{}（{ja_known} 以外）",
                title.ja
            ),
        },
        package,
        roles: None,
        applies: None,
        source: because,
        title_source: None,
        package_source: Some(package_source),
        note: Some(Text {
            en: format!(
                "Not an item of the guideline: it stands for the items of {requirement} that no source lists, so that they stay allocated. Whoever answers for {requirement} answers for them."
            ),
            ja: format!(
                "ガイドラインの個別要求ではない。公開資料に記載のない {requirement} の個別要求を表し、割当から漏れないようにする。{requirement} を担う者がこれらも担う。"
            ),
        }),
        residual: true,
        span,
    }
}
