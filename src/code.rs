//! Finding codes and severities: their names and keys, in both languages.
//!
//! Apart from [`crate::findings`] so that the loader, which reads waivers naming codes, imports
//! no findings. Each code's default severity, documentation, check and message are in the
//! findings registry (`src/findings/registry.rs`, [`Code::severity`], [`Code::doc`]) and
//! `src/findings/<code>.rs`.

use crate::names::named_enum;

named_enum! {
    /// A finding code. Codes are kebab-case and never change meaning.
    pub enum Code of ("finding code", "指摘コード") {
        /// A requirement applies to a role that no party holds.
        Unassigned = ("unassigned", "unassigned", "unassigned duty", "未割当の責務"),
        /// The role is held, but only as Support or Infra.
        NoLead = ("no-lead", "no-lead", "no lead", "主体不在"),
        /// Two organisations lead one role in one scope.
        MultipleLeads = ("multiple-leads", "multiple-leads", "multiple leads", "主体の重複"),
        /// A QuasiMandate or Internal contract states no roles.
        RolesUnstated = ("roles-unstated", "roles-unstated", "roles not stated", "役割の未明記"),
        /// A contract with a provider does not establish security requirements.
        NoSecurityTerms = ("no-security-terms", "no-security-terms", "no security terms", "セキュリティ要件の未確立"),
        /// Nobody holds the customer role.
        NoCustomer = ("no-customer", "no-customer", "no customer", "顧客不在"),
        /// Support ends before the planned period of use.
        SupportGap = ("support-gap", "support-gap", "support gap", "サポート期間の不足"),
        /// A party takes part in no contract and holds no role.
        OrphanParty = ("orphan-party", "orphan-party", "orphan party", "孤立した関係者"),
        /// Subcontracting runs in a circle.
        ContractCycle = ("contract-cycle", "contract-cycle", "contract cycle", "契約の循環"),
        /// The customer carries operator duties itself.
        CustomerOperates = ("customer-operates", "customer-operates", "customer operates", "顧客が運用者を兼ねる"),
        /// A waiver's `until` has passed.
        WaiverExpired = ("waiver-expired", "waiver-expired", "waiver expired", "免除の期限切れ"),
        /// A waiver matches no finding.
        WaiverUnused = ("waiver-unused", "waiver-unused", "waiver unused", "未使用の免除"),
        /// With `approval_required`, a subcontract lacks `approved: true`.
        UnapprovedSubcontract = ("unapproved-subcontract", "unapproved-subcontract", "unapproved subcontract", "未承認の再委託"),
        /// A component none of whose users holds Developer.
        ComponentUnmanaged = ("component-unmanaged", "component-unmanaged", "component unmanaged", "管理されないコンポーネント"),
        /// For an interval of the period of use, a needed role has no lead.
        CoverageGap = ("coverage-gap", "coverage-gap", "coverage gap", "主体の空白期間"),
    }
}

named_enum! {
    /// How serious a finding is.
    pub enum Severity of ("severity", "重大度") {
        /// Must be fixed.
        Error = ("Error", "error", "error", "エラー"),
        /// Should be looked at.
        Warning = ("Warning", "warning", "warning", "警告"),
        /// Worth knowing.
        Info = ("Info", "info", "info", "情報"),
    }
}

impl Code {
    /// Whether a waiver may cover findings of this code.
    pub fn waivable(self) -> bool {
        !matches!(self, Code::WaiverExpired | Code::WaiverUnused)
    }
}
