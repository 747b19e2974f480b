//! The contract-kind table: which roles a contract passes to its contractor by default.
//!
//! This table is the reviewable heart of derivation. `docs/contract-kinds.md` is generated
//! from it and a test keeps the two in step.

use crate::model::types::{ContractKind, Qualifier, Role};

/// What a contract kind passes to its contractor.
#[derive(Debug, Clone, Copy)]
pub struct KindRule {
    /// The kind.
    pub kind: ContractKind,
    /// Roles the contractor holds by default: role, qualifier, scope.
    pub defaults: &'static [(Role, Qualifier, Option<&'static str>)],
    /// The qualifier of a role written bare (`Developer`) in this contract's `roles`.
    pub bare_qualifier: Qualifier,
    /// Whether the contract must state its roles (no defaults).
    pub roles_required: bool,
    /// Whether an operating client holds Operator(Lead, "use") under it (shared responsibility).
    pub client_operates_use: bool,
    /// A note for the table, in English and Japanese.
    pub note: (&'static str, &'static str),
}

use ContractKind as K;
use Qualifier::{Infra, Lead, Support};
use Role::{Developer, Operator, Supplier};

/// The table, one row per contract kind.
pub const KIND_RULES: &[KindRule] = &[
    KindRule {
        kind: K::Sales,
        defaults: &[(Supplier, Lead, None)],
        bare_qualifier: Lead,
        roles_required: false,
        client_operates_use: false,
        note: (
            "a reseller, or a developer selling directly",
            "販売代理店、または開発者による直販",
        ),
    },
    KindRule {
        kind: K::Distribution,
        defaults: &[(Developer, Lead, None)],
        bare_qualifier: Lead,
        roles_required: false,
        client_operates_use: false,
        note: (
            "the developer (contractor) supplies its product to a reseller (client)",
            "開発者 (受注者) が販売会社 (発注者) に製品を供給する",
        ),
    },
    KindRule {
        kind: K::Development,
        defaults: &[(Developer, Lead, None), (Supplier, Lead, None)],
        bare_qualifier: Lead,
        roles_required: false,
        client_operates_use: false,
        note: (
            "completion responsibility lies with the contractor (請負)",
            "完成責任は受注者にある (請負)",
        ),
    },
    KindRule {
        kind: K::QuasiMandate,
        defaults: &[],
        bare_qualifier: Support,
        roles_required: true,
        client_operates_use: false,
        note: (
            "roles must be stated in the contract; a bare role means Support",
            "役割を契約に明記する必要がある。区分を省略した役割は支援",
        ),
    },
    KindRule {
        kind: K::Operation,
        defaults: &[(Operator, Lead, None)],
        bare_qualifier: Lead,
        roles_required: false,
        client_operates_use: false,
        note: ("", ""),
    },
    KindRule {
        kind: K::Service,
        defaults: &[
            (Developer, Lead, None),
            (Supplier, Lead, None),
            (Operator, Lead, Some("service")),
        ],
        bare_qualifier: Lead,
        roles_required: false,
        client_operates_use: true,
        note: (
            "shared responsibility: an operating client holds Operator(Lead, \"use\")",
            "責任共有: 運用者を兼ねる発注者は Operator(Lead, \"use\") を持つ",
        ),
    },
    KindRule {
        kind: K::Infrastructure,
        defaults: &[(Operator, Infra, None)],
        bare_qualifier: Infra,
        roles_required: false,
        client_operates_use: false,
        note: (
            "IaaS, hosting, data centre",
            "IaaS、ホスティング、データセンター",
        ),
    },
    KindRule {
        kind: K::Component,
        defaults: &[(Developer, Lead, Some("component"))],
        bare_qualifier: Lead,
        roles_required: false,
        client_operates_use: false,
        note: (
            "a third-party component built into the client's software",
            "発注者のソフトウェアに組み込まれる第三者コンポーネント",
        ),
    },
    KindRule {
        kind: K::Internal,
        defaults: &[],
        bare_qualifier: Lead,
        roles_required: true,
        client_operates_use: false,
        note: (
            "departments of one organisation, affiliates; roles must be stated",
            "同一組織の部門間や系列会社。役割を明記する必要がある",
        ),
    },
];

impl KindRule {
    /// The qualifier a bare `role` written in this contract's `roles` takes: the kind's bare
    /// qualifier, or Lead where the role cannot take it (Developer or Customer under
    /// `Infrastructure`, which only platforms hold as Infra).
    pub fn bare_for(&self, role: Role) -> Qualifier {
        if role.allowed_qualifiers().contains(&self.bare_qualifier) {
            self.bare_qualifier
        } else {
            Lead
        }
    }
}

/// The rule for a kind.
pub fn rule(kind: ContractKind) -> &'static KindRule {
    KIND_RULES
        .iter()
        .find(|r| r.kind == kind)
        .expect("every contract kind has a row; see the test")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_exactly_one_row() {
        for k in ContractKind::ALL {
            assert_eq!(KIND_RULES.iter().filter(|r| r.kind == *k).count(), 1, "{k}");
        }
        assert_eq!(KIND_RULES.len(), ContractKind::ALL.len());
    }

    #[test]
    fn bare_roles_always_get_an_allowed_qualifier() {
        for r in KIND_RULES {
            for role in Role::ALL {
                assert!(
                    role.allowed_qualifiers().contains(&r.bare_for(*role)),
                    "{:?} {role}",
                    r.kind
                );
            }
        }
        assert_eq!(rule(K::Infrastructure).bare_for(Developer), Lead);
        assert_eq!(rule(K::Infrastructure).bare_for(Operator), Infra);
    }

    #[test]
    fn defaults_respect_allowed_qualifiers() {
        for r in KIND_RULES {
            for (role, q, _) in r.defaults {
                assert!(role.allowed_qualifiers().contains(q), "{:?}", r.kind);
            }
            assert!(r.roles_required == r.defaults.is_empty());
        }
    }
}
