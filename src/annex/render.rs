//! The words of the contract annex (契約別紙) that every format shares: the draft note, the
//! security-terms, support and roles lines; and the documents, as Markdown
//! ([`render_markdown`]) and plain text ([`render_text`]). The XLSX workbook is in
//! [`super::xlsx`].

use crate::annex::{ContractAnnex, Support, Terms};
use crate::i18n::Lang;
use crate::{Analysis, tr};

pub use super::doc::{render_markdown, render_text, write_annexes, write_document};

/// The note every annex carries about its draft clauses.
pub fn draft_note(lang: Lang) -> &'static str {
    lang.pick(
        "The draft clauses are rolemap's wording, made from the model and the catalog, not text of the guideline: review them with your legal department before use. Requirement ids refer to the catalog named above; entries marked Inferred are our reading.",
        "条項案は rolemap がモデルとカタログから作成した文案であり、ガイドラインの文言ではありません。使用前に法務部門の確認を受けてください。要求事項のIDは上記のカタログによります。出典が「推定」の項目は本ツールの解釈です。",
    )
}

/// The lines that say what the annex was made from: the checklist's, with the package line
/// saying which packages the annex lists (`all`: `--all-packages`).
pub fn provenance(a: &Analysis, all: bool, lang: Lang) -> Vec<String> {
    let pkg = a.package.label(lang);
    let target = tr!(lang, "Target package: {pkg}", "対象の要求パッケージ: {pkg}");
    let line = if all {
        tr!(
            lang,
            "Target package: {pkg} (requirements of both packages are listed: --all-packages)",
            "対象の要求パッケージ: {pkg} (--all-packages: 両パッケージの要求事項を記載)"
        )
    } else {
        tr!(
            lang,
            "Target package: {pkg} (only its requirements are listed; --all-packages lists both)",
            "対象の要求パッケージ: {pkg} (その要求事項のみ記載。--all-packages で両パッケージを記載)"
        )
    };
    crate::checklist::render::provenance(a, lang)
        .into_iter()
        .map(|l| {
            if l.starts_with(&target) {
                line.clone()
            } else {
                l
            }
        })
        .collect()
}

/// The security-terms line of an annex. It says what to do with the draft clauses only when
/// the annex has some: with no requirement to pass down it says why and what to fix first.
pub fn terms_text(x: &ContractAnnex, lang: Lang) -> String {
    let clauses = !x.rows.is_empty();
    let why_none = || -> &'static str {
        if x.left_out > 0 {
            lang.pick(
                "no draft clauses below: none of the requirements this contract gives falls in the target package (--all-packages lists the others)",
                "以下に条項案はありません: この契約が与える要求事項に対象パッケージのものがありません (--all-packages で他のパッケージも記載)",
            )
        } else {
            lang.pick(
                "no draft clauses below yet: the contract gives the contractor no role (see the findings below). State its roles, make the annex again, write the clauses into the contract, then set security_terms: true",
                "以下に条項案はまだありません: この契約は受注者に役割を与えていません (下記の指摘を参照)。roles を明記して別紙を作り直し、条項を契約に盛り込んでから security_terms: true にしてください",
            )
        }
    };
    match x.terms {
        Terms::Established if clauses => lang
            .pick(
                "established (security_terms: true): check that the contract covers the requirements below",
                "確立済み (security_terms: true)。以下の要求事項が契約に含まれているか確認してください",
            )
            .into(),
        Terms::Established => tr!(
            lang,
            "established (security_terms: true); {}",
            "確立済み (security_terms: true)。{}",
            why_none()
        ),
        Terms::Missing if clauses => lang
            .pick(
                "NOT ESTABLISHED: the contractor is a provider of another organisation, so the contract must carry security requirements ((2)-3). Write the clauses below into it, then set security_terms: true",
                "未確立: 受注者は別組織の事業者のため、契約にセキュリティ要件 ((2)-3) を定める必要があります。以下の条項案を契約に盛り込み、security_terms: true にしてください",
            )
            .into(),
        Terms::Missing => tr!(
            lang,
            "NOT ESTABLISHED: the contractor is a provider of another organisation, so the contract must carry security requirements ((2)-3); {}",
            "未確立: 受注者は別組織の事業者のため、契約にセキュリティ要件 ((2)-3) を定める必要があります。{}",
            why_none()
        ),
        Terms::NotRequired { set: true } => lang
            .pick(
                "established (security_terms: true), though (2)-3 does not require it here (the contractor is customer-side or of the client's organisation)",
                "確立済み (security_terms: true)。ただし受注者が顧客側または発注者と同じ組織のため、(2)-3 上は必須ではありません",
            )
            .into(),
        Terms::NotRequired { set: false } => lang
            .pick(
                "not required by (2)-3: the contractor is customer-side or of the client's organisation (its own policies apply)",
                "(2)-3 上は不要: 受注者が顧客側または発注者と同じ組織です (組織自身の方針が適用されます)",
            )
            .into(),
    }
}

/// What an annex says when the contractor takes on no requirement under the contract: no role,
/// or none in the target package.
pub fn no_rows_text(a: &Analysis, x: &ContractAnnex, lang: Lang) -> String {
    if x.left_out > 0 {
        let n = x.left_out;
        let pkg = a.package.label(lang);
        tr!(
            lang,
            "None in the target package ({pkg}): {n} requirement(s) of the other package are left out (--all-packages lists them).",
            "対象パッケージ ({pkg}) の要求事項はありません。他のパッケージの {n} 件を省略しています (--all-packages で記載)。"
        )
    } else {
        lang.pick(
            "None: this contract gives the contractor no role (check its kind and roles).",
            "なし: この契約は受注者に役割を与えていません (契約の種類と roles を確認してください)。",
        )
        .to_string()
    }
}

/// The heading of the draft clauses: to write into the contract where (2)-3 requires terms,
/// optional where it does not.
pub fn clauses_heading(x: &ContractAnnex, lang: Lang) -> &'static str {
    if matches!(x.terms, Terms::NotRequired { .. }) {
        lang.pick(
            "Draft clauses (optional: (2)-3 does not require security terms in this contract)",
            "条項案 (任意: この契約には (2)-3 上のセキュリティ要件は不要)",
        )
    } else {
        lang.pick(
            "Security terms to write into the contract ((2)-3): draft clauses",
            "契約に定めるセキュリティ要件 ((2)-3): 条項案",
        )
    }
}

/// What an annex says in place of draft clauses when it has none, and why.
pub fn no_clauses_text(x: &ContractAnnex, lang: Lang) -> &'static str {
    if matches!(x.terms, Terms::NotRequired { .. }) {
        lang.pick(
            "None: no requirement to pass down.",
            "なし: 受注者に求める要求事項はありません。",
        )
    } else if x.left_out > 0 {
        lang.pick(
            "None: no requirement of the target package to pass down (--all-packages includes the others).",
            "なし: 対象パッケージの要求事項で受注者に求めるものはありません (--all-packages で他のパッケージも含めます)。",
        )
    } else {
        lang.pick(
            "None yet: the contract gives the contractor no role, so no clause can be drafted. State the roles it takes on (see the findings below), then make the annex again.",
            "まだありません: この契約は受注者に役割を与えていないため、条項案を作成できません。受注者が担う役割を明記し (下記の指摘を参照)、別紙を作り直してください。",
        )
    }
}

/// What an annex says when no finding about the contract is open: "None." only when there are
/// no waived ones either (they are listed after it).
pub fn no_open_text(waived: bool, lang: Lang) -> &'static str {
    if waived {
        lang.pick("None open; waived:", "未解決の指摘はありません。免除済み:")
    } else {
        lang.pick("None.", "なし。")
    }
}

/// The scope of a role in a table: `scope "service"`, `範囲「service」`, as the other commands
/// name scopes.
pub fn scope_label(scope: &str, lang: Lang) -> String {
    tr!(lang, "scope \"{scope}\"", "範囲「{scope}」")
}

/// The support-period line of an annex.
pub fn support_text(x: &ContractAnnex, lang: Lang) -> String {
    let s = x.support_until.map(|d| d.to_string()).unwrap_or_default();
    let u = x.use_until.map(|d| d.to_string()).unwrap_or_default();
    match x.support {
        Support::Covers => tr!(
            lang,
            "support until {s} covers the planned use until {u}",
            "サポート期限 {s} は利用予定期限 {u} までをカバーしています"
        ),
        Support::Gap => tr!(
            lang,
            "GAP: support ends {s}, before the planned end of use {u} (support-gap)",
            "不足: サポートが {s} に終了し、利用予定期限 {u} より前です (support-gap)"
        ),
        Support::NotStated => tr!(
            lang,
            "not stated: the system is to be used until {u}; write the support period into the contract (support_until)",
            "記載なし: 利用予定期限は {u} です。契約にサポート期間を定めてください (support_until)"
        ),
        Support::NoPlannedUse => match x.support_until {
            Some(_) => tr!(
                lang,
                "support until {s}; the model states no planned period of use (use_until)",
                "サポート期限 {s}。モデルに利用予定期限 (use_until) の記載がありません"
            ),
            None => lang
                .pick(
                    "neither a support period nor a planned period of use is stated",
                    "サポート期間も利用予定期間も記載がありません",
                )
                .into(),
        },
    }
}

/// The roles the contract states, or that it passes by its kind and the chain rules.
pub fn roles_text(a: &Analysis, x: &ContractAnnex, lang: Lang) -> String {
    let kind = a.model.contracts[x.contract].kind;
    match &a.model.contracts[x.contract].roles {
        Some(r) if r.is_empty() => lang.pick("stated: none", "明記: なし").into(),
        Some(r) => {
            let v: Vec<String> = r
                .iter()
                .map(|s| {
                    // A role written bare takes the kind's qualifier for bare roles.
                    let q = s
                        .qualifier
                        .unwrap_or_else(|| crate::derive::rule(kind).bare_for(s.role));
                    let mut inner = vec![q.label(lang).to_string()];
                    if let Some(sc) = &s.scope {
                        inner.push(scope_label(sc, lang));
                    }
                    format!(
                        "{} ({})",
                        s.role.label(lang),
                        inner.join(lang.pick(", ", "、"))
                    )
                })
                .collect();
            tr!(lang, "stated: {}", "明記: {}", lang.list(&v))
        }
        None => {
            // What the contract passes after the chain rules: the kind's defaults, some of
            // them turned to Support below a client that holds the role (flow-down), and the
            // developer role of a direct sale.
            use crate::derive::Because;
            let ci = x.contract;
            let mut chain = false;
            let v: Vec<String> = a
                .roles
                .of_party(a.model.contracts[ci].contractor)
                .filter_map(|h| {
                    let rule = h.because.iter().find_map(|b| match b {
                        Because::KindDefault { contract, .. } if *contract == ci => Some(None),
                        Because::FlowDown { contract, .. } if *contract == ci => {
                            Some(Some(lang.pick("flow-down", "フローダウン")))
                        }
                        Because::DirectSale { contract } if *contract == ci => {
                            Some(Some(lang.pick("direct sale", "直販")))
                        }
                        _ => None,
                    })?;
                    let mut inner = vec![h.qualifier.label(lang).to_string()];
                    if let Some(sc) = &h.scope {
                        inner.push(scope_label(sc, lang));
                    }
                    if let Some(r) = rule {
                        chain = true;
                        inner.push(r.to_string());
                    }
                    Some(format!(
                        "{} ({})",
                        h.role.label(lang),
                        inner.join(lang.pick(", ", "、"))
                    ))
                })
                .collect();
            if v.is_empty() {
                lang.pick(
                    "not stated, and the kind has no defaults",
                    "明記なし (契約の種類に既定なし)",
                )
                .into()
            } else if chain {
                tr!(
                    lang,
                    "not stated; derived from the kind and the chain: {}",
                    "明記なし。契約の種類と連鎖から導出: {}",
                    lang.list(&v)
                )
            } else {
                tr!(
                    lang,
                    "the kind's defaults: {}",
                    "契約の種類による既定: {}",
                    lang.list(&v)
                )
            }
        }
    }
}
