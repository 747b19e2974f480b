//! The contracts that differ between two models, matched by id: added, removed, or changed in
//! client, contractor, kind, stated roles, security terms, approval or dates. A removed
//! contract or dropped security terms then show as themselves, not only through the roles and
//! findings they change.

use crate::i18n::Lang;
use crate::model::{Contract, Model};

/// A field of a contract that `diff` compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContractField {
    /// `client`.
    Client,
    /// `contractor`.
    Contractor,
    /// `kind`.
    Kind,
    /// `roles`, as stated (absent: the kind's defaults).
    Roles,
    /// `security_terms`.
    SecurityTerms,
    /// `approved`.
    Approved,
    /// `support_until`.
    SupportUntil,
    /// `from`.
    From,
    /// `until`.
    Until,
}

impl ContractField {
    /// Every field, in the order shown.
    pub const ALL: [ContractField; 9] = [
        ContractField::Client,
        ContractField::Contractor,
        ContractField::Kind,
        ContractField::Roles,
        ContractField::SecurityTerms,
        ContractField::Approved,
        ContractField::SupportUntil,
        ContractField::From,
        ContractField::Until,
    ];

    /// The field as written in a model: `security_terms`.
    pub fn key(self) -> &'static str {
        match self {
            ContractField::Client => "client",
            ContractField::Contractor => "contractor",
            ContractField::Kind => "kind",
            ContractField::Roles => "roles",
            ContractField::SecurityTerms => "security_terms",
            ContractField::Approved => "approved",
            ContractField::SupportUntil => "support_until",
            ContractField::From => "from",
            ContractField::Until => "until",
        }
    }

    /// The field in words: `security terms` / `セキュリティ要件`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ContractField::Client => lang.pick("client", "発注者"),
            ContractField::Contractor => lang.pick("contractor", "受注者"),
            ContractField::Kind => lang.pick("kind", "契約の種類"),
            ContractField::Roles => lang.pick("roles", "役割"),
            ContractField::SecurityTerms => lang.pick("security terms", "セキュリティ要件"),
            ContractField::Approved => lang.pick("subcontract approved", "再委託の承認"),
            ContractField::SupportUntil => lang.pick("support until", "サポート期限"),
            ContractField::From => lang.pick("from", "開始日"),
            ContractField::Until => lang.pick("until", "終了日"),
        }
    }

    /// Whether the field is the same in `a` (of model `ma`) and `b` (of `mb`): what
    /// [`ContractField::value`] would say, without writing either value out (a 100k-party
    /// chain has a million fields to compare, and few differ).
    pub fn same(self, ma: &Model, a: &Contract, mb: &Model, b: &Contract) -> bool {
        match self {
            ContractField::Client => client_id(ma, a) == client_id(mb, b),
            ContractField::Contractor => contractor_id(ma, a) == contractor_id(mb, b),
            ContractField::Kind => a.kind == b.kind,
            ContractField::Roles => match (&a.roles, &b.roles) {
                (None, None) => true,
                _ => self.value(ma, a) == self.value(mb, b),
            },
            ContractField::SecurityTerms => a.security_terms == b.security_terms,
            ContractField::Approved => a.approved == b.approved,
            ContractField::SupportUntil => a.support_until == b.support_until,
            ContractField::From => a.from == b.from,
            ContractField::Until => a.until == b.until,
        }
    }

    /// The field's value in `c` as written in a model (`None`: not written, the default).
    pub fn value(self, m: &Model, c: &Contract) -> Option<String> {
        match self {
            ContractField::Client => Some(client_id(m, c).to_string()),
            ContractField::Contractor => Some(contractor_id(m, c).to_string()),
            ContractField::Kind => Some(c.kind.name().to_string()),
            ContractField::Roles => c.roles.as_ref().map(|rs| {
                let v: Vec<String> = rs
                    .iter()
                    .map(|r| match (r.qualifier, &r.scope) {
                        (None, None) => r.role.name().to_string(),
                        (Some(q), None) => format!("{}({})", r.role.name(), q.name()),
                        (None, Some(s)) => format!("{}(\"{s}\")", r.role.name()),
                        (Some(q), Some(s)) => format!("{}({}, \"{s}\")", r.role.name(), q.name()),
                    })
                    .collect();
                format!("[{}]", v.join(", "))
            }),
            ContractField::SecurityTerms => Some(c.security_terms.to_string()),
            ContractField::Approved => Some(c.approved.to_string()),
            ContractField::SupportUntil => c.support_until.map(|d| d.to_string()),
            ContractField::From => c.from.map(|d| d.to_string()),
            ContractField::Until => c.until.map(|d| d.to_string()),
        }
    }
}

/// The client as written: the consortium's id when a consortium is the client.
fn client_id<'m>(m: &'m Model, c: &Contract) -> &'m str {
    match c.client_consortium {
        Some(k) => &m.consortia[k].id,
        None => &m.parties[c.client].id,
    }
}

/// The contractor as written: the consortium's id when a consortium is the contractor.
fn contractor_id<'m>(m: &'m Model, c: &Contract) -> &'m str {
    match c.contractor_consortium {
        Some(k) => &m.consortia[k].id,
        None => &m.parties[c.contractor].id,
    }
}

/// One field that changed: its value before and after, as written (`None`: not written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field.
    pub field: ContractField,
    /// The old value.
    pub old: Option<String>,
    /// The new value.
    pub new: Option<String>,
}

/// A contract added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractDiff {
    /// The contract id.
    pub id: String,
    /// Index in the old model's contracts.
    pub old: Option<usize>,
    /// Index in the new model's contracts.
    pub new: Option<usize>,
    /// For a contract in both: the fields that changed, in [`ContractField::ALL`] order.
    pub changes: Vec<FieldChange>,
}

/// The contracts that differ: the new model's in its order (added or changed), then the
/// removed ones in the old model's order.
pub fn contracts(old: &Model, new: &Model) -> Vec<ContractDiff> {
    use rayon::prelude::*;
    // On every core, in order: a 100k-party chain has over 100k contracts to compare.
    let mut out: Vec<ContractDiff> = new
        .contracts
        .par_iter()
        .enumerate()
        .filter_map(|(ni, c)| {
            let oi = old.contract(&c.id);
            let changes: Vec<FieldChange> = match oi {
                None => Vec::new(),
                Some(o) => ContractField::ALL
                    .iter()
                    .filter(|field| !field.same(old, &old.contracts[o], new, c))
                    .map(|&field| FieldChange {
                        field,
                        old: field.value(old, &old.contracts[o]),
                        new: field.value(new, c),
                    })
                    .collect(),
            };
            (oi.is_none() || !changes.is_empty()).then(|| ContractDiff {
                id: c.id.clone(),
                old: oi,
                new: Some(ni),
                changes,
            })
        })
        .collect();
    out.par_extend(
        old.contracts
            .par_iter()
            .enumerate()
            .filter(|(_, c)| new.contract(&c.id).is_none())
            .map(|(oi, c)| ContractDiff {
                id: c.id.clone(),
                old: Some(oi),
                new: None,
                changes: Vec::new(),
            }),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::ContractField;
    use crate::catalog::Catalog;

    /// `same` says what comparing the written values says, for every field of every pair of
    /// contracts within and across the bundled models (with and without roles, consortia,
    /// dates) and a synthetic chain.
    #[test]
    fn same_agrees_with_the_written_values() {
        let cat = Catalog::builtin();
        let models = crate::synth::bundled_models_and_a_chain(&cat, true);
        let (mut same, mut differ) = (0, 0);
        for ma in &models {
            for mb in &models {
                for a in ma.contracts.iter().take(40) {
                    for b in mb.contracts.iter().take(40) {
                        for f in ContractField::ALL {
                            let written = f.value(ma, a) == f.value(mb, b);
                            assert_eq!(f.same(ma, a, mb, b), written, "{f:?}: {} / {}", a.id, b.id);
                            if written { same += 1 } else { differ += 1 }
                        }
                    }
                }
            }
        }
        assert!(
            same > 1000 && differ > 1000,
            "both cases are met: {same} {differ}"
        );
    }
}
