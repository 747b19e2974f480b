//! The one table of finding codes: for every code of [`Code::ALL`], in that order, its
//! severity, its documentation, when its check runs and its message. Adding a code is a variant
//! in `src/code.rs`, a file `src/findings/<code>.rs` (with its `mod` line in `mod.rs`) and one
//! line here; the table is checked at compile time to follow `Code::ALL`, and the findings
//! tests fail while a code lacks its page or fixture pair.

use super::*;
use Severity::{Error, Info, Warning};

/// A check: pushes the findings of one code.
pub(super) type Check = fn(&Ctx, &mut Vec<Finding>);

/// A code's message and fix in one language.
pub(super) type Text = fn(&Finding, &Ctx, Lang) -> (String, String);

/// When a code's check runs.
#[derive(Clone, Copy)]
pub(super) enum Runs {
    /// Over the allocations.
    PerAllocation(Check),
    /// Over the parties, contracts and components.
    PerContract(Check),
    /// While waivers are applied (the waiver codes).
    WithWaivers,
}

/// One row of the table.
pub(super) struct Entry {
    /// The code.
    pub code: Code,
    /// Its default severity.
    pub severity: Severity,
    /// Its documentation.
    pub doc: &'static CodeDoc,
    /// When its check runs.
    pub runs: Runs,
    /// Its message and fix.
    pub text: Text,
}

const fn row(
    code: Code,
    severity: Severity,
    doc: &'static CodeDoc,
    runs: Runs,
    text: Text,
) -> Entry {
    Entry {
        code,
        severity,
        doc,
        runs,
        text,
    }
}

use Runs::{PerAllocation as A, PerContract as C, WithWaivers as W};

/// Every code, in [`Code::ALL`] order.
#[rustfmt::skip]
pub(super) const REGISTRY: &[Entry] = &[
    row(Code::Unassigned, Error, &unassigned::DOC, A(unassigned::check), unassigned::text),
    row(Code::NoLead, Error, &no_lead::DOC, A(no_lead::check), no_lead::text),
    row(Code::MultipleLeads, Warning, &multiple_leads::DOC, A(multiple_leads::check), multiple_leads::text),
    row(Code::RolesUnstated, Error, &roles_unstated::DOC, A(roles_unstated::check), roles_unstated::text),
    row(Code::NoSecurityTerms, Warning, &no_security_terms::DOC, C(no_security_terms::check), no_security_terms::text),
    row(Code::NoCustomer, Error, &no_customer::DOC, C(no_customer::check), no_customer::text),
    row(Code::SupportGap, Warning, &support_gap::DOC, C(support_gap::check), support_gap::text),
    row(Code::OrphanParty, Warning, &orphan_party::DOC, C(orphan_party::check), orphan_party::text),
    row(Code::ContractCycle, Error, &contract_cycle::DOC, C(contract_cycle::check), contract_cycle::text),
    row(Code::CustomerOperates, Info, &customer_operates::DOC, C(customer_operates::check), customer_operates::text),
    row(Code::WaiverExpired, Warning, &waiver_expired::DOC, W, waiver_expired::text),
    row(Code::WaiverUnused, Warning, &waiver_unused::DOC, W, waiver_unused::text),
    row(Code::UnapprovedSubcontract, Warning, &unapproved_subcontract::DOC, C(unapproved_subcontract::check), unapproved_subcontract::text),
    row(Code::ComponentUnmanaged, Warning, &component_unmanaged::DOC, C(component_unmanaged::check), component_unmanaged::text),
    row(Code::CoverageGap, Error, &coverage_gap::DOC, A(coverage_gap::check), coverage_gap::text),
];

// The table has one row per code, in `Code::ALL` order, so `entry` can index it.
const _: () = {
    assert!(
        REGISTRY.len() == Code::ALL.len(),
        "one registry row per finding code"
    );
    let mut i = 0;
    while i < REGISTRY.len() {
        assert!(
            REGISTRY[i].code as usize == i && Code::ALL[i] as usize == i,
            "the registry follows Code::ALL"
        );
        i += 1;
    }
};

/// The row of `code`.
pub(super) fn entry(code: Code) -> &'static Entry {
    &REGISTRY[code as usize]
}

impl Code {
    /// The default severity.
    pub fn severity(self) -> Severity {
        entry(self).severity
    }

    /// The code's documentation.
    pub fn doc(self) -> &'static CodeDoc {
        entry(self).doc
    }
}
