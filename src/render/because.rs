//! Reasons as text in either language and as JSON, with their place in the model.

use serde_json::{Value, json};

use crate::catalog::Catalog;
use crate::derive::{Because, Via, rule};
use crate::findings::span_of;
use crate::i18n::Lang;
use crate::load::source::LineCol;
use crate::model::Model;
use crate::model::types::Qualifier;
use crate::style::shown;
use crate::tr;

/// Where a reason is written: line and column in the model file.
pub fn position(model: &Model, b: &Because) -> Option<LineCol> {
    span_of(model, b).map(|s| model.file.line_col(s.start))
}

fn q(lang: Lang, s: &str) -> String {
    lang.quote(s)
}

/// How reasons name a contract: `contract "use" (hospital → acme, service use contract)`.
/// Every reason about a contract starts with it.
pub fn contract_phrase(model: &Model, c: usize, lang: Lang) -> String {
    let k = &model.contracts[c];
    let id = q(lang, &shown(&k.id));
    // A consortium stands as its representative (the reasons about it say which).
    let a = shown(&model.parties[k.client].id);
    let z = shown(&model.parties[k.contractor].id);
    let kind = k.kind.label(lang);
    tr!(
        lang,
        "contract {id} ({a} → {z}, {kind})",
        "契約{id} ({a} → {z}、{kind})"
    )
}

/// One reason as a sentence.
pub fn text(model: &Model, catalog: &Catalog, b: &Because, lang: Lang) -> String {
    text_with(model, catalog, b, lang, &|c| {
        contract_phrase(model, c, lang)
    })
}

/// A reason without the [`contract_phrase`] a reason about a contract starts with (`: kind
/// Development gives the contractor …`), made without making the phrase: [`text`] is the
/// phrase and then this (a reason that names no contract is its whole [`text`]). For the
/// report, whose page writes the phrase from the contract's row (a 100k chain has 270,000 such
/// reasons).
pub fn text_after_phrase(model: &Model, catalog: &Catalog, b: &Because, lang: Lang) -> String {
    text_with(model, catalog, b, lang, &|_| String::new())
}

/// [`text`] with `contract` naming the reason's contract: every sentence about a contract
/// starts with it, once.
fn text_with(
    model: &Model,
    catalog: &Catalog,
    b: &Because,
    lang: Lang,
    contract: &dyn Fn(usize) -> String,
) -> String {
    let party = |p: usize| {
        let id = q(lang, &shown(&model.parties[p].id));
        tr!(lang, "party {id}", "関係者{id}")
    };
    match b {
        Because::KindDefault { contract: c, kind } => {
            let con = contract(*c);
            let k = kind.name();
            let defaults: Vec<String> = rule(*kind)
                .defaults
                .iter()
                .map(|(r, qf, s)| match s {
                    Some(s) => format!("{}({}, \"{s}\")", r.name(), qf.name()),
                    None => format!("{}({})", r.name(), qf.name()),
                })
                .collect();
            if defaults.is_empty() {
                tr!(
                    lang,
                    "{con}: kind {k} has no default roles",
                    "{con}: 種別 {k} には既定の役割がありません"
                )
            } else {
                let d = defaults.join(", ");
                tr!(
                    lang,
                    "{con}: kind {k} gives the contractor {d} by default",
                    "{con}: 種別 {k} は受注者に既定で {d} を与えます"
                )
            }
        }
        Because::ContractRoles { contract: c } => {
            let con = contract(*c);
            tr!(
                lang,
                "{con}: stated in the contract's roles",
                "{con}: 契約の roles に明記"
            )
        }
        Because::ServiceUse { contract: c } => {
            let con = contract(*c);
            tr!(
                lang,
                "{con}: an operating client of a service operates its own use of it (shared responsibility, scope \"use\")",
                "{con}: 運用者を兼ねるサービス利用者は自らの利用部分を運用します (責任共有、範囲「use」)"
            )
        }
        Because::FlowDown {
            contract: c,
            role,
            client,
            via,
        } => {
            let con = contract(*c);
            let k = &model.contracts[*c];
            let by = match k.client_consortium {
                Some(j) => q(lang, &shown(&model.consortia[j].id)),
                None => q(lang, &shown(&model.parties[k.client].id)),
            };
            let r = match lang {
                Lang::En => role.name(),
                Lang::Ja => role.label(lang),
            };
            let through = match via {
                Via::Contract(v) => {
                    let v = q(lang, &shown(&model.contracts[*v].id));
                    tr!(lang, "through contract {v}", "契約{v}により")
                }
                Via::Operates => lang
                    .pick("through its operates: true", "operates: true により")
                    .to_string(),
                Via::PartyRoles => lang
                    .pick("through its own roles", "自らの roles により")
                    .to_string(),
                Via::SystemOwner => lang
                    .pick("as the system owner", "システムオーナーとして")
                    .to_string(),
            };
            // A subcontract when the client holds the role as the contractor of another
            // contract; otherwise the client holds it itself (operates, its own roles).
            let sub = matches!(via, Via::Contract(v)
                if model.contracts[*v].contractor == k.client
                    || (k.client_consortium.is_some()
                        && model.contracts[*v].contractor_consortium == k.client_consortium));
            let head = if sub {
                tr!(lang, "subcontracted by {by}", "{by}からの再委託")
            } else {
                tr!(lang, "engaged by {by}", "発注者は{by}")
            };
            match client {
                Qualifier::Support => tr!(
                    lang,
                    "{con}: {head}, which supports {r} {through}, so the contractor supports it too (flow-down, inferred: the lead stays with the party nearest the customer)",
                    "{con}: {head}。{by}は{through}{r}を支援しているため、受注者も支援となります (フローダウン、推定: 主体は顧客に最も近い関係者に留まる)"
                ),
                _ => tr!(
                    lang,
                    "{con}: {head}, which leads {r} {through}, so the contractor supports it (flow-down, inferred: the lead stays with the party nearest the customer)",
                    "{con}: {head}。{by}は{through}{r}の主体であるため、受注者は支援となります (フローダウン、推定: 主体は顧客に最も近い関係者に留まる)"
                ),
            }
        }
        Because::DirectSale { contract: c } => {
            let con = contract(*c);
            tr!(
                lang,
                "{con}: the seller receives the software from nobody in the model (it is the client of no Distribution, Development, Component or Sales contract) and holds no Developer role, so it is the developer selling directly (direct sale, inferred from the guideline's product table: 開発者が供給者を兼ねる)",
                "{con}: 販売者はモデル内の誰からもソフトウェアを受け取らず (Distribution、Development、Component、Sales のいずれの契約の発注者でもない)、開発者の役割も持たないため、直販する開発者です (直販、推定: ガイドラインの製品の表「開発者が供給者を兼ねる」)"
            )
        }
        Because::Consortium {
            contract: c,
            consortium: j,
            party: p,
        } => {
            let con = contract(*c);
            let jv = &model.consortia[*j];
            let id = q(lang, &shown(&jv.id));
            let rep = q(lang, &shown(&model.parties[jv.representative].id));
            let who = q(lang, &shown(&model.parties[*p].id));
            if *p == jv.representative {
                tr!(
                    lang,
                    "{con}: {who} is the representative of consortium {id}, so it holds what the contract passes (consortium, inferred: the representative 代表構成員 leads)",
                    "{con}: {who}は共同企業体{id}の代表構成員であるため、契約が渡す役割を担います (共同企業体、推定: 代表構成員が主体)"
                )
            } else {
                tr!(
                    lang,
                    "{con}: {who} is a member of consortium {id}, represented by {rep}, so it supports what the contract passes (consortium, inferred: the representative leads, the other members support)",
                    "{con}: {who}は{rep}を代表構成員とする共同企業体{id}の構成員であるため、契約が渡す役割を支援します (共同企業体、推定: 代表構成員が主体、他の構成員は支援)"
                )
            }
        }
        Because::ConsortiumRoles {
            contract: c,
            consortium: j,
            party: p,
        } => {
            let con = contract(*c);
            let id = q(lang, &shown(&model.consortia[*j].id));
            let who = q(lang, &shown(&model.parties[*p].id));
            tr!(
                lang,
                "{con}: stated for member {who} in the roles of consortium {id}",
                "{con}: 共同企業体{id}の roles に構成員{who}の役割として明記"
            )
        }
        Because::Component { component } => {
            let k = &model.components[*component];
            let id = q(lang, &shown(&k.id));
            let name = shown(k.name.get(lang));
            let version = k
                .version
                .as_deref()
                .map(|v| format!(" {}", shown(v)))
                .unwrap_or_default();
            let users = k
                .used_by
                .iter()
                .map(|&p| q(lang, &shown(&model.parties[p].id)))
                .collect::<Vec<_>>()
                .join(", ");
            if k.oss {
                tr!(
                    lang,
                    "component {id} ({name}{version}, OSS) is used by {users}: its secure procurement falls under (2)-1 (S(2)-1.3 names OSS)",
                    "コンポーネント{id} ({name}{version}、OSS) を {users} が利用: その調達は (2)-1 に含まれます (S(2)-1.3 は OSS を明示)"
                )
            } else {
                tr!(
                    lang,
                    "component {id} ({name}{version}) is used by {users}: its secure procurement falls under (2)-1",
                    "コンポーネント{id} ({name}{version}) を {users} が利用: その調達は (2)-1 に含まれます"
                )
            }
        }
        Because::Operates { party: p } => {
            let who = party(*p);
            tr!(
                lang,
                "{who}: operates: true",
                "{who}: operates: true (運用者を兼ねる)"
            )
        }
        Because::SystemOwner { party: p } => {
            let who = party(*p);
            tr!(
                lang,
                "{who}: a customer that is the contractor of no contract is the system owner",
                "{who}: どの契約の受注者でもない顧客はシステムオーナーです"
            )
        }
        Because::PartyRoles { party: p } => {
            let who = party(*p);
            tr!(
                lang,
                "{who}: stated in its own roles",
                "{who}: 自らの roles に明記"
            )
        }
        Because::Assign { index } => {
            let a = &model.assign[*index];
            let req = &a.requirement;
            let who = shown(&model.parties[a.party].id);
            let role = a.role.name();
            let qf = a.qualifier.name();
            let n = index + 1;
            tr!(
                lang,
                "assign entry #{n}: {req} to {who} as {role}({qf})",
                "割当 (assign) #{n}: {req} を {who} に {role}({qf}) として割当"
            )
        }
        Because::Catalog { unit, role } => {
            let units = catalog.resolve(unit);
            let src = units
                .first()
                .map(|u| {
                    if u.requirement.roles_source.is_inferred() {
                        u.requirement.roles_source.label(lang)
                    } else {
                        u.source().label(lang)
                    }
                })
                .unwrap_or_default();
            let r = role.label(lang);
            match units.as_slice() {
                // One unit: its package too, marked when it is our reading.
                [u] => {
                    let p = u.package_label(lang);
                    tr!(
                        lang,
                        "catalog: {unit} applies to the {r} role (source: {src}; package: {p})",
                        "カタログ: {unit} は{r}の役割に該当 (出典: {src}、パッケージ: {p})"
                    )
                }
                _ => tr!(
                    lang,
                    "catalog: {unit} applies to the {r} role (source: {src})",
                    "カタログ: {unit} は{r}の役割に該当 (出典: {src})"
                ),
            }
        }
        Because::ContractDuty { contract: c } => {
            let con = contract(*c);
            let st = if model.contracts[*c].security_terms {
                lang.pick("security terms established", "セキュリティ要件確立済み")
            } else {
                lang.pick("security terms not established", "セキュリティ要件未確立")
            };
            format!("{con}: {st}")
        }
        Because::Contract { contract: c } => {
            let con = contract(*c);
            let k = &model.contracts[*c];
            match k.support_until {
                Some(d) => tr!(
                    lang,
                    "{con}: support_until {d}",
                    "{con}: サポート期限 support_until {d}"
                ),
                None => con,
            }
        }
        Because::UseUntil => {
            let d = model.use_until.map(|d| d.to_string()).unwrap_or_default();
            tr!(
                lang,
                "model: use_until {d}",
                "モデル: 利用予定期限 use_until {d}"
            )
        }
        Because::Waiver { index } => {
            let w = &model.waivers[*index];
            let reason = shown(&w.reason);
            let until = w.until;
            match w.owner.as_deref().map(shown) {
                Some(owner) => tr!(
                    lang,
                    "waiver: \"{reason}\" (owner {owner}, until {until})",
                    "免除: 「{reason}」(責任者 {owner}、期限 {until})"
                ),
                None => tr!(
                    lang,
                    "waiver: \"{reason}\" (until {until})",
                    "免除: 「{reason}」(期限 {until})"
                ),
            }
        }
    }
}

/// One reason, serialisable without building a JSON tree: the same fields as [`json()`].
pub struct Json<'a>(pub &'a Model, pub &'a Because);

impl serde::Serialize for Json<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (model, b) = (self.0, self.1);
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("rule", b.rule())?;
        if let Some(c) = b.contract() {
            o.serialize_entry("contract", &model.contracts[c].id)?;
        }
        if let Some(p) = b.party() {
            o.serialize_entry("party", &model.parties[p].id)?;
        }
        match b {
            Because::KindDefault { kind, .. } => o.serialize_entry("kind", kind.key())?,
            Because::FlowDown {
                role, client, via, ..
            } => {
                o.serialize_entry("role", role.key())?;
                o.serialize_entry("client_qualifier", client.key())?;
                o.serialize_entry("via", via.key(model))?;
            }
            Because::Consortium { consortium, .. }
            | Because::ConsortiumRoles { consortium, .. } => {
                o.serialize_entry("consortium", &model.consortia[*consortium].id)?
            }
            Because::Component { component } => {
                o.serialize_entry("component", &model.components[*component].id)?
            }
            Because::Assign { index } => o.serialize_entry("assign", index)?,
            Because::Waiver { index } => o.serialize_entry("waiver", index)?,
            Because::Catalog { unit, role } => {
                o.serialize_entry("requirement", unit)?;
                o.serialize_entry("role", role.key())?;
            }
            _ => {}
        }
        let pos = position(model, b);
        o.serialize_entry("line", &pos.map(|p| p.line))?;
        o.serialize_entry("column", &pos.map(|p| p.column))?;
        o.end()
    }
}

/// One reason as JSON: the rule, the ids it names and its position.
pub fn json(model: &Model, b: &Because) -> Value {
    let mut v = json!({ "rule": b.rule() });
    let o = v.as_object_mut().expect("an object");
    if let Some(c) = b.contract() {
        o.insert("contract".into(), json!(model.contracts[c].id));
    }
    if let Some(p) = b.party() {
        o.insert("party".into(), json!(model.parties[p].id));
    }
    match b {
        Because::KindDefault { kind, .. } => {
            o.insert("kind".into(), json!(kind.key()));
        }
        Because::FlowDown {
            role, client, via, ..
        } => {
            o.insert("role".into(), json!(role.key()));
            o.insert("client_qualifier".into(), json!(client.key()));
            o.insert("via".into(), json!(via.key(model)));
        }
        Because::Consortium { consortium, .. } | Because::ConsortiumRoles { consortium, .. } => {
            o.insert("consortium".into(), json!(model.consortia[*consortium].id));
        }
        Because::Component { component } => {
            o.insert("component".into(), json!(model.components[*component].id));
        }
        Because::Assign { index } => {
            o.insert("assign".into(), json!(index));
        }
        Because::Waiver { index } => {
            o.insert("waiver".into(), json!(index));
        }
        Because::Catalog { unit, role } => {
            o.insert("requirement".into(), json!(unit));
            o.insert("role".into(), json!(role.key()));
        }
        _ => {}
    }
    match position(model, b) {
        Some(p) => {
            o.insert("line".into(), json!(p.line));
            o.insert("column".into(), json!(p.column));
        }
        None => {
            o.insert("line".into(), Value::Null);
            o.insert("column".into(), Value::Null);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_about_a_contract_is_its_phrase_then_the_rest() {
        let catalog = Catalog::builtin();
        let models = crate::synth::bundled_models_and_a_chain(&catalog, true);
        let mut seen = std::collections::BTreeSet::new();
        for m in &models {
            let a = crate::analyse(m, &catalog, crate::Options::default());
            let mut reasons: Vec<Because> = a
                .roles
                .holdings
                .iter()
                .flat_map(|h| h.because.iter().cloned())
                .collect();
            for c in 0..m.contracts.len() {
                reasons.push(Because::ContractDuty { contract: c });
                reasons.push(Because::Contract { contract: c });
                for (j, jv) in m.consortia.iter().enumerate() {
                    reasons.push(Because::ConsortiumRoles {
                        contract: c,
                        consortium: j,
                        party: jv.representative,
                    });
                }
            }
            for b in &reasons {
                for lang in [Lang::En, Lang::Ja] {
                    let whole = text(m, &catalog, b, lang);
                    let rest = text_after_phrase(m, &catalog, b, lang);
                    match b.contract() {
                        Some(c) => {
                            assert_eq!(whole, contract_phrase(m, c, lang) + &rest, "{b:?}");
                            seen.insert(b.rule());
                        }
                        None => assert_eq!(rest, whole, "{b:?}"),
                    }
                }
            }
        }
        // Every kind of reason that names a contract was met.
        for rule in [
            "contract-kind",
            "contract-roles",
            "service-use",
            "flow-down",
            "direct-sale",
            "consortium",
            "consortium-roles",
            "contract-duty",
            "contract",
        ] {
            assert!(seen.contains(rule), "{rule}: {seen:?}");
        }
    }
}
