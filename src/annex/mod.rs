//! The contract annex (契約別紙): for each contract, what the contractor takes on under it, the
//! security terms the contract must carry ((2)-3) with draft clauses, the support period
//! against the planned use, and the open findings about it.
//!
//! Built from the analysis: the contractor's duties whose reasons name the contract (joined
//! with the allocations, as the checklist rows are), the contract's fields and the findings.
//! [`render`] writes it as Markdown or plain text, [`xlsx`] as a workbook.

mod doc;
pub mod render;
pub mod xlsx;

use crate::Analysis;
use crate::allocate::{Via, needs_security_terms};
use crate::catalog::Applies;
use crate::checklist::{self, Row};
use crate::date::Date;
use crate::i18n::{Lang, Text};
use crate::model::types::{Division, Qualifier, Role};
use crate::model::{ContractIx, Model};
use crate::tr;

/// Whether a contract carries the security terms of (2)-3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terms {
    /// `security_terms: true`.
    Established,
    /// Required (the contractor is a provider of another organisation) but not set.
    Missing,
    /// Not required: the contractor is a customer-side party or of the client's organisation.
    NotRequired {
        /// Whether the model sets them anyway.
        set: bool,
    },
}

/// The support period against the planned use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// `support_until` reaches `use_until`.
    Covers,
    /// `support_until` ends before `use_until` (finding `support-gap`).
    Gap,
    /// The model plans use until a date but the contract states no support period.
    NotStated,
    /// The model states no planned period of use.
    NoPlannedUse,
}

/// The annex of one contract.
#[derive(Debug, Clone)]
pub struct ContractAnnex {
    /// The contract.
    pub contract: ContractIx,
    /// What the contractor takes on under it, as checklist rows of the contractor restricted
    /// to the duties this contract gives (plus explicit assignments to the contractor).
    pub rows: Vec<Row>,
    /// How many rows of the contractor were left out because they are outside the target
    /// package (0 with `all_packages`).
    pub left_out: usize,
    /// Whether rows outside the target package are kept.
    pub all_packages: bool,
    /// The security terms.
    pub terms: Terms,
    /// The contract's `support_until`.
    pub support_until: Option<Date>,
    /// The model's `use_until`.
    pub use_until: Option<Date>,
    /// The support period against the planned use.
    pub support: Support,
    /// Contracts in which the contractor is the client: where it must pass requirements on.
    pub subcontracts: Vec<ContractIx>,
    /// Findings about the contract (indices into [`Analysis::findings`]), active and waived.
    pub findings: Vec<usize>,
}

/// The annex of every contract, or of one. With `all_packages` false, only the requirements
/// of the target package ([`Analysis::package`]) are kept: a Mandatory target leaves out
/// Standard-package items, which the contract need not carry.
///
/// One contract's annex scans the allocations, contracts and findings once; every contract's
/// go through indexes built once (scanning them per contract would cost contracts × duties and
/// contracts × findings).
pub fn annex(a: &Analysis, only: Option<ContractIx>, all_packages: bool) -> Vec<ContractAnnex> {
    let mut out = Vec::new();
    let _ = for_each_annex(a, only, all_packages, |x| {
        out.push(x);
        Ok::<(), std::convert::Infallible>(())
    });
    out
}

/// [`annex`] given to `f` one contract at a time, in model order, so that the annexes of every
/// contract of a large chain are never held all at once (issue 10). Stops at `f`'s first error.
pub fn for_each_annex<E>(
    a: &Analysis,
    only: Option<ContractIx>,
    all_packages: bool,
    mut f: impl FnMut(ContractAnnex) -> Result<(), E>,
) -> Result<(), E> {
    match only {
        Some(c) => f(finish(a, one(a, c, None), all_packages)),
        None => {
            let every = Annexes::new(a, all_packages);
            for c in 0..a.model.contracts.len() {
                f(every.get(c))?;
            }
            Ok(())
        }
    }
}

/// The annex of any contract, one at a time and in any order (a folder of workbooks is made
/// on every core): what [`for_each_annex`] looks up built once for every contract.
pub struct Annexes<'a> {
    a: &'a Analysis<'a>,
    ix: Index,
    all_packages: bool,
}

impl<'a> Annexes<'a> {
    /// Ready to make the annex of any contract of `a`.
    pub fn new(a: &'a Analysis<'a>, all_packages: bool) -> Self {
        Annexes {
            a,
            ix: Index::new(a),
            all_packages,
        }
    }

    /// The annex of contract `ci`, as [`annex`] makes it.
    pub fn get(&self, ci: ContractIx) -> ContractAnnex {
        finish(self.a, one(self.a, ci, Some(&self.ix)), self.all_packages)
    }
}

/// Keep only the target package's rows unless `all_packages`.
fn finish(a: &Analysis, mut x: ContractAnnex, all_packages: bool) -> ContractAnnex {
    x.all_packages = all_packages;
    if !all_packages {
        let before = x.rows.len();
        x.rows.retain(|r| r.unit(a).package().within(a.package));
        x.left_out = before - x.rows.len();
    }
    x
}

/// What the annexes of every contract look up: the rows of each contractor, the contracts by
/// client, the findings by contract.
struct Index {
    rows: checklist::RowIndex,
    /// By party: the contracts whose client it is, in model order.
    by_client: Vec<Vec<ContractIx>>,
    /// By contract: the findings about it (see [`about`]), in order.
    findings: Vec<Vec<usize>>,
}

impl Index {
    fn new(a: &Analysis) -> Self {
        let m = a.model;
        let mut by_client = vec![Vec::new(); m.parties.len()];
        for (i, c) in m.contracts.iter().enumerate() {
            by_client[c.client].push(i);
        }
        let mut findings = vec![Vec::new(); m.contracts.len()];
        let mut candidates = Vec::new();
        for (i, f) in a.findings.iter().enumerate() {
            candidates.clear();
            candidates.extend(f.contract);
            candidates.extend(f.contracts.iter().copied());
            candidates.extend(f.because.iter().filter_map(|b| b.contract()));
            candidates.sort_unstable();
            candidates.dedup();
            let mut parties = f.parties.clone();
            parties.sort_unstable();
            for &c in &candidates {
                if about(m, f, c, |p| parties.binary_search(&p).is_ok()) {
                    findings[c].push(i);
                }
            }
        }
        Index {
            rows: checklist::RowIndex::new(a),
            by_client,
            findings,
        }
    }
}

/// Whether finding `f` is about contract `ci`: it names the contract, or it is about the
/// contractor because of the contract. `has_party` says whether `f.parties` holds a party.
fn about(m: &Model, f: &crate::Finding, ci: ContractIx, has_party: impl Fn(usize) -> bool) -> bool {
    f.contract == Some(ci)
        || f.contracts.contains(&ci)
        || (has_party(m.contracts[ci].contractor)
            && f.because.iter().any(|b| b.contract() == Some(ci)))
}

fn one(a: &Analysis, ci: ContractIx, ix: Option<&Index>) -> ContractAnnex {
    let m = a.model;
    let c = &m.contracts[ci];
    let y = c.contractor;
    let names_contract = |h: usize| {
        a.roles.holdings[h]
            .because
            .iter()
            .any(|b| b.contract() == Some(ci))
    };
    let keep = |al: &crate::Allocation, d: &crate::allocate::Duty| match d.via {
        // The contractor's own duties as client of other contracts are not this contract's.
        Via::Contract { .. } => false,
        Via::Assign(_) => true,
        Via::Holding(_) if al.applies == Applies::Organisation => a.roles.of_party(y).any(|hold| {
            hold.role == al.role && hold.because.iter().any(|b| b.contract() == Some(ci))
        }),
        Via::Holding(h) => names_contract(h),
    };
    let rows = match ix {
        Some(ix) => ix.rows.rows_where(a, y, &keep),
        None => checklist::rows_where(a, y, &keep),
    };
    let terms = if needs_security_terms(m, ci) {
        if c.security_terms {
            Terms::Established
        } else {
            Terms::Missing
        }
    } else {
        Terms::NotRequired {
            set: c.security_terms,
        }
    };
    let support = match (c.support_until, m.use_until) {
        (_, None) => Support::NoPlannedUse,
        (None, Some(_)) => Support::NotStated,
        (Some(s), Some(u)) if s < u => Support::Gap,
        _ => Support::Covers,
    };
    let subcontracts: Vec<ContractIx> = match ix {
        Some(ix) => ix.by_client[y].clone(),
        None => m
            .contracts
            .iter()
            .enumerate()
            .filter(|(_, k)| k.client == y)
            .map(|(i, _)| i)
            .collect(),
    };
    let findings: Vec<usize> = match ix {
        Some(ix) => ix.findings[ci].clone(),
        None => a
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| about(m, f, ci, |p| f.parties.contains(&p)))
            .map(|(i, _)| i)
            .collect(),
    };
    ContractAnnex {
        contract: ci,
        rows,
        left_out: 0,
        all_packages: false,
        terms,
        support_until: c.support_until,
        use_until: m.use_until,
        support,
        subcontracts,
        findings,
    }
}

/// A requirement group of an annex: the rows of one category, with a draft clause.
#[derive(Debug, Clone)]
pub struct Group<'r> {
    /// The category id, `(1)` to `(6)`.
    pub category: String,
    /// The category title.
    pub title: Text,
    /// The rows.
    pub rows: Vec<&'r Row>,
    /// The draft clause in both languages, as numbered paragraphs (the first is the duty,
    /// the others what it entails).
    pub clause: Vec<Text>,
}

/// The rows of an annex grouped by category, each with a draft clause in both languages.
/// The clauses are rolemap's wording, not the guideline's.
pub fn groups<'r>(a: &Analysis, x: &'r ContractAnnex) -> Vec<Group<'r>> {
    let mut out: Vec<Group<'r>> = Vec::new();
    for r in &x.rows {
        let cat = &r.unit(a).requirement.category;
        match out.iter_mut().find(|g| &g.category == cat) {
            Some(g) => g.rows.push(r),
            None => out.push(Group {
                category: cat.clone(),
                title: a
                    .catalog
                    .category(cat)
                    .map(|c| c.title.clone())
                    .unwrap_or_else(|| Text::same(cat.clone())),
                rows: vec![r],
                clause: Vec::new(),
            }),
        }
    }
    for g in &mut out {
        g.clause = clause(a, &g.category, &g.rows, !x.subcontracts.is_empty());
    }
    out
}

/// `developer (lead), operator (lead, scope "service")` in one language.
fn capacities(rows: &[&Row], lang: Lang) -> String {
    let mut seen: Vec<(Role, Option<Qualifier>, Vec<String>)> = Vec::new();
    for r in rows {
        for role in &r.roles {
            let k = (*role, r.qualifier, r.scopes.clone());
            if !seen.contains(&k) {
                seen.push(k);
            }
        }
    }
    let v: Vec<String> = seen
        .iter()
        .map(|(role, q, scopes)| {
            let mut s = role.label(lang).to_string();
            let mut inner = Vec::new();
            if let Some(q) = q {
                inner.push(q.label(lang).to_string());
            }
            for sc in scopes {
                inner.push(scope_words(sc, lang));
            }
            if !inner.is_empty() {
                s.push_str(&format!(" ({})", inner.join(lang.pick(", ", "、"))));
            }
            s
        })
        .collect();
    lang.list(&v)
}

fn clause(a: &Analysis, category: &str, rows: &[&Row], subcontracts: bool) -> Vec<Text> {
    let mut ids: Vec<&str> = Vec::new();
    for r in rows {
        let id = r.unit(a).id();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let (ids_en, ids_ja) = (ids.join(", "), ids.join("、"));
    let (cap_en, cap_ja) = (capacities(rows, Lang::En), capacities(rows, Lang::Ja));
    let support_only = rows
        .iter()
        .all(|r| r.qualifier.is_some_and(|q| q != Qualifier::Lead));
    let (en, ja) = if support_only {
        (
            format!(
                "In performing this contract, the Contractor shall, as {cap_en}, support the Client (or the lead it names) in implementing requirements {ids_en} of the Guideline, as listed in this annex."
            ),
            format!(
                "受注者は、本契約の履行にあたり、{cap_ja}として、本別紙に掲げるガイドラインの要求事項 {ids_ja} の実施について、発注者 (又は発注者が指定する主体) を支援する。"
            ),
        )
    } else {
        (
            format!(
                "In performing this contract, the Contractor shall, as {cap_en}, implement requirements {ids_en} of the Guideline, as listed in this annex."
            ),
            format!(
                "受注者は、本契約の履行にあたり、{cap_ja}として、本別紙に掲げるガイドラインの要求事項 {ids_ja} を実施する。"
            ),
        )
    };
    let (more_en, more_ja) = match category {
        "(1)" => (
            "On the Client's request, the Contractor shall present records of these activities for each stage of design, development, supply and operation.",
            "受注者は、発注者の求めに応じ、設計・開発・供給・運用の各段階におけるこれらの実施記録を提示する。",
        ),
        "(2)" => (
            "The Contractor shall provide the Client with information on the components used (such as an SBOM) and on the support period of the software.",
            "受注者は、使用するコンポーネントの情報 (SBOM 等) 及びソフトウェアのサポート期間を発注者に提供する。",
        ),
        "(3)" => (
            "The Contractor shall notify the Client without delay of any vulnerability affecting the system that it becomes aware of, and report the measures taken and their result.",
            "受注者は、本システムに影響する脆弱性を認知したときは、遅滞なく発注者に通知し、講じた措置及びその結果を報告する。",
        ),
        "(4)" => (
            "The Contractor shall establish and maintain the organisational arrangements (people, process, technology) these requirements call for and, on the Client's request, show their status, for example by a self-declaration.",
            "受注者は、これらの要求事項に係る組織の体制 (人材・プロセス・技術) を整備・維持し、発注者の求めに応じ、自己適合宣言等によりその状況を示す。",
        ),
        "(5)" => (
            "The Contractor shall designate a contact point for security information, notify the Client of it, and cooperate with the Client in responding to incidents.",
            "受注者は、セキュリティに関する情報連携の窓口を定めて発注者に通知し、インシデントへの対応において発注者と協力する。",
        ),
        "(6)" => (
            "The Contractor shall support the Client in its risk management and in procuring and operating the software.",
            "受注者は、発注者が行うリスク管理並びにソフトウェアの調達及び運用を支援する。",
        ),
        _ => ("", ""),
    };
    let mut out = vec![Text { en, ja }];
    if !more_en.is_empty() {
        out.push(Text {
            en: more_en.into(),
            ja: more_ja.into(),
        });
    }
    if category == "(2)" && subcontracts {
        out.push(Text {
            en: "Where the Contractor subcontracts part of the work, it shall establish equivalent security requirements in the subcontract.".into(),
            ja: "受注者は、業務の一部を第三者に委託する場合、当該委託契約において本別紙と同等のセキュリティ要件を定める。".into(),
        });
    }
    out
}

/// A scope in the words of a contract: `limited to the "component" scope`,
/// `「component」の範囲に限る`.
pub fn scope_words(scope: &str, lang: Lang) -> String {
    tr!(
        lang,
        "limited to the \"{scope}\" scope",
        "「{scope}」の範囲に限る"
    )
}

/// The findings of an annex in groups: findings that differ only in their requirement (the
/// same code, role, scope, parties and waiver) form one group, as `check` shows them.
pub fn finding_groups(a: &Analysis, list: &[usize]) -> Vec<Vec<usize>> {
    let key = |i: usize| {
        let f = &a.findings[i];
        f.allocation.map(|_| {
            (
                f.code,
                f.severity,
                f.role,
                f.scope.clone(),
                f.parties.clone(),
                f.waived_by,
            )
        })
    };
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &i in list {
        match out.last_mut() {
            Some(g) if key(i).is_some() && key(g[0]) == key(i) => g.push(i),
            _ => out.push(vec![i]),
        }
    }
    out
}

/// The requirement or item ids of a group's findings after the first, for "same for: …".
pub fn also_ids(a: &Analysis, group: &[usize]) -> Vec<String> {
    group[1..]
        .iter()
        .filter_map(|&i| a.findings[i].allocation)
        .map(|al| a.allocations[al].unit(a.catalog).id().to_string())
        .collect()
}

/// The contract's kind and parties in words, for headings: `"use": service-user → acme`.
pub fn heading(m: &Model, ci: ContractIx) -> String {
    let c = &m.contracts[ci];
    format!(
        "{}: {} → {}",
        c.id, m.parties[c.client].id, m.parties[c.contractor].id
    )
}

/// Whether the contractor is a customer-side party (a consultant, a PMO).
pub fn contractor_is_customer(m: &Model, ci: ContractIx) -> bool {
    m.parties[m.contracts[ci].contractor].division == Division::Customer
}
