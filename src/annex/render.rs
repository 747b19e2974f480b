//! The contract annex (契約別紙) as Markdown; the XLSX workbook is in [`super::xlsx`].

use std::fmt::Write;

use crate::annex::{ContractAnnex, Support, Terms, also_ids, finding_groups, groups};
use crate::checklist::render::provenance;
use crate::checklist::{duty_label, qualifier_label, source_line};
use crate::findings::{instance_id, render};
use crate::i18n::Lang;
use crate::style::md_text;
use crate::{Analysis, tr};

/// The note every annex carries about its draft clauses.
pub fn draft_note(lang: Lang) -> &'static str {
    lang.pick(
        "The draft clauses are rolemap's wording, made from the model and the catalog, not text of the guideline: review them with your legal department before use. Requirement ids refer to the catalog named above; entries marked Inferred are our reading.",
        "条項案は rolemap がモデルとカタログから作成した文案であり、ガイドラインの文言ではありません。使用前に法務部門の確認を受けてください。要求事項のIDは上記のカタログによります。出典が「推定」の項目は本ツールの解釈です。",
    )
}

/// The security-terms line of an annex.
pub fn terms_text(t: Terms, lang: Lang) -> &'static str {
    match t {
        Terms::Established => lang.pick(
            "established (security_terms: true): check that the contract covers the requirements below",
            "確立済み (security_terms: true)。以下の要求事項が契約に含まれているか確認してください",
        ),
        Terms::Missing => lang.pick(
            "NOT ESTABLISHED: the contractor is a provider of another organisation, so the contract must carry security requirements ((2)-3). Write the clauses below into it, then set security_terms: true",
            "未確立: 受注者は別組織の事業者のため、契約にセキュリティ要件 ((2)-3) を定める必要があります。以下の条項案を契約に盛り込み、security_terms: true にしてください",
        ),
        Terms::NotRequired { set: true } => lang.pick(
            "established (security_terms: true), though (2)-3 does not require it here (the contractor is customer-side or of the client's organisation)",
            "確立済み (security_terms: true)。ただし受注者が顧客側または発注者と同じ組織のため、(2)-3 上は必須ではありません",
        ),
        Terms::NotRequired { set: false } => lang.pick(
            "not required by (2)-3: the contractor is customer-side or of the client's organisation (its own policies apply)",
            "(2)-3 上は不要: 受注者が顧客側または発注者と同じ組織です (組織自身の方針が適用されます)",
        ),
    }
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
                        inner.push(sc.clone());
                    }
                    format!("{} ({})", s.role.label(lang), inner.join(", "))
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
                        inner.push(sc.clone());
                    }
                    if let Some(r) = rule {
                        chain = true;
                        inner.push(r.to_string());
                    }
                    Some(format!("{} ({})", h.role.label(lang), inner.join(", ")))
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

/// The annexes as Markdown: one section per contract.
pub fn render_markdown(a: &Analysis, annexes: &[ContractAnnex], lang: Lang) -> String {
    let m = a.model;
    let mut out = String::new();
    let name = md_text(m.name.get(lang));
    let _ = writeln!(
        out,
        "# {}\n",
        tr!(lang, "Contract annexes: {name}", "契約別紙: {name}")
    );
    for l in provenance(a, lang) {
        let _ = writeln!(out, "- {}", md_text(&l));
    }
    let _ = writeln!(out, "\n{}\n", draft_note(lang));
    for x in annexes {
        one(a, x, lang, &mut out);
    }
    out
}

fn one(a: &Analysis, x: &ContractAnnex, lang: Lang, out: &mut String) {
    let m = a.model;
    let c = &m.contracts[x.contract];
    let party = |p: usize| {
        let q = &m.parties[p];
        format!(
            "{} ({}{}{})",
            md_text(&q.id),
            md_text(q.name.get(lang)),
            lang.pick(", ", "、"),
            q.division.label(lang)
        )
    };
    let id = md_text(&c.id);
    let _ = writeln!(out, "## {}\n", tr!(lang, "Contract {id}", "契約 {id}"));
    let _ = writeln!(out, "| | |\n|---|---|");
    let mut kv = |k: &str, v: String| {
        let _ = writeln!(out, "| {k} | {v} |");
    };
    kv(lang.pick("Client", "発注者"), party(c.client));
    kv(lang.pick("Contractor", "受注者"), party(c.contractor));
    kv(
        lang.pick("Kind", "契約の種類"),
        c.kind.label(lang).to_string(),
    );
    kv(lang.pick("Roles", "役割"), md_text(&roles_text(a, x, lang)));
    kv(
        lang.pick("Security terms ((2)-3)", "セキュリティ要件 ((2)-3)"),
        md_text(terms_text(x.terms, lang)),
    );
    kv(
        lang.pick("Support period", "サポート期間"),
        md_text(&support_text(x, lang)),
    );
    out.push('\n');

    let _ = writeln!(
        out,
        "### {}\n",
        lang.pick(
            "Requirements the contractor takes on under this contract",
            "本契約により受注者が担う要求事項"
        )
    );
    if x.rows.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick(
                "None: this contract gives the contractor no role (check its kind and roles).",
                "なし: この契約は受注者に役割を与えていません (契約の種類と roles を確認してください)。"
            )
        );
    } else {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|",
            lang.pick("ID", "ID"),
            lang.pick("Title", "名称"),
            lang.pick("Role", "役割"),
            lang.pick("Qualifier", "区分"),
            lang.pick("Duty", "責務の種類"),
            lang.pick("Package", "パッケージ"),
            lang.pick("Source", "出典"),
        );
        for r in &x.rows {
            let u = r.unit(a);
            let roles: Vec<String> = r.roles.iter().map(|x| x.label(lang).to_string()).collect();
            let mut q = qualifier_label(r, lang).to_string();
            if !r.scopes.is_empty() {
                q.push_str(&format!(" ({})", md_text(&r.scopes.join(", "))));
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {q} | {} | {} | {} |",
                md_text(u.id()),
                md_text(u.title().get(lang)),
                lang.list(&roles),
                duty_label(r, lang),
                u.package_label(lang),
                md_text(&source_line(&u, lang)),
            );
        }
        out.push('\n');
    }

    let _ = writeln!(
        out,
        "### {}\n",
        lang.pick(
            "Security terms to write into the contract ((2)-3): draft clauses",
            "契約に定めるセキュリティ要件 ((2)-3): 条項案"
        )
    );
    let gs = groups(a, x);
    if gs.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick(
                "No requirement to pass down.",
                "受注者に求める要求事項はありません。"
            )
        );
    }
    for (n, g) in gs.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. **{} {}**\n",
            n + 1,
            md_text(&g.category),
            md_text(g.title.get(lang))
        );
        let _ = writeln!(out, "   > 日本語: {}", md_text(&g.clause.ja));
        let _ = writeln!(out, "   >");
        let _ = writeln!(out, "   > English: {}\n", md_text(&g.clause.en));
    }

    if !x.subcontracts.is_empty() {
        let _ = writeln!(
            out,
            "### {}\n",
            lang.pick(
                "The contractor's own subcontracts (where it must pass requirements on)",
                "受注者自身の再委託契約 (要求事項を引き継ぐ先)"
            )
        );
        for &s in &x.subcontracts {
            let k = &m.contracts[s];
            let terms = if k.security_terms {
                lang.pick("security terms established", "セキュリティ要件確立済み")
            } else {
                lang.pick("security terms not established", "セキュリティ要件未確立")
            };
            let _ = writeln!(
                out,
                "- {} → {} ({}): {terms}",
                md_text(&k.id),
                md_text(&m.parties[k.contractor].id),
                k.kind.label(lang)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(
        out,
        "### {}\n",
        lang.pick(
            "Open findings about this contract",
            "この契約に関する未解決の指摘"
        )
    );
    let cx = a.ctx();
    let (open, waived): (Vec<usize>, Vec<usize>) =
        x.findings.iter().partition(|&&i| a.findings[i].is_active());
    if open.is_empty() {
        let _ = writeln!(out, "{}", lang.pick("None.", "なし。"));
    }
    for g in finding_groups(a, &open) {
        let f = &a.findings[g[0]];
        let r = render(f, &cx, lang);
        let mut line = format!(
            "- {}\\[{}\\]: {}",
            f.severity.label(lang),
            f.code.key(),
            md_text(&r.message)
        );
        let also = also_ids(a, &g);
        if !also.is_empty() {
            let ids = md_text(&also.join(", "));
            line.push_str(&tr!(lang, " (same for: {ids})", " (同様: {ids})"));
        }
        let fix = md_text(&r.fix);
        line.push_str(&tr!(lang, " — fix: {fix}", " — 対処: {fix}"));
        let _ = writeln!(out, "{line}");
    }
    for i in waived {
        let f = &a.findings[i];
        let w = &m.waivers[f.waived_by.expect("waived findings name their waiver")];
        let id = md_text(&instance_id(f, &cx));
        let reason = md_text(&w.reason);
        let until = w.until;
        let _ = writeln!(
            out,
            "- {}",
            tr!(
                lang,
                "waived: {id} — \"{reason}\", until {until}",
                "免除済み: {id} — 「{reason}」、期限 {until}"
            )
        );
    }
    out.push('\n');
}
