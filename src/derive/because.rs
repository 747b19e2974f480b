//! Reasons: why a party holds a role, why a duty falls on it, why a finding was raised.
//!
//! Reasons hold indices and ids, never sentences; `render` turns them into text in either
//! language and locates them in the model file.

use super::chain::Via;
use crate::model::types::{ContractKind, Qualifier, Role};
use crate::model::{ComponentIx, ConsortiumIx, ContractIx, PartyIx};

/// One reason.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Because {
    /// The contract's kind gives the contractor this role by default (the contract-kind table).
    KindDefault {
        /// The contract.
        contract: ContractIx,
        /// Its kind.
        kind: ContractKind,
    },
    /// The contract states this role in its `roles`.
    ContractRoles {
        /// The contract.
        contract: ContractIx,
    },
    /// The party operates and is the client of a `Service` contract: it operates its use of
    /// the service (shared responsibility).
    ServiceUse {
        /// The contract.
        contract: ContractIx,
    },
    /// Flow-down (inferred): the contract's kind would pass this role as Lead, but its client
    /// already holds the role in the same scope, so the contractor supports; the lead stays
    /// with the party nearest the customer.
    FlowDown {
        /// The contract whose contractor supports.
        contract: ContractIx,
        /// The role.
        role: Role,
        /// How the client holds the role: Lead or Support.
        client: Qualifier,
        /// Where the client's own holding comes from.
        via: Via,
    },
    /// Direct sale (inferred): a `Sales` contractor that receives the software from nobody in
    /// the model and holds no Developer role is the developer selling directly.
    DirectSale {
        /// The sales contract.
        contract: ContractIx,
    },
    /// Consortium (inferred): the contract names a consortium as its contractor; its
    /// representative holds what the contract passes, the other members support it.
    Consortium {
        /// The contract.
        contract: ContractIx,
        /// The consortium it names.
        consortium: ConsortiumIx,
        /// The member this reason is about.
        party: PartyIx,
    },
    /// The consortium states this member's roles in its `roles`.
    ConsortiumRoles {
        /// The contract naming the consortium.
        contract: ContractIx,
        /// The consortium.
        consortium: ConsortiumIx,
        /// The member.
        party: PartyIx,
    },
    /// The party builds a component into its software (the component's `used_by`): its
    /// secure procurement of components ((2)-1) covers it.
    Component {
        /// The component.
        component: ComponentIx,
    },
    /// The party has `operates: true`.
    Operates {
        /// The party.
        party: PartyIx,
    },
    /// A customer-division party that is the contractor of no contract is the system owner.
    SystemOwner {
        /// The party.
        party: PartyIx,
    },
    /// The party states this role in its own `roles`.
    PartyRoles {
        /// The party.
        party: PartyIx,
    },
    /// An `assign` entry.
    Assign {
        /// Index into the model's `assign`.
        index: usize,
    },
    /// The catalog applies this requirement (or item) to this role.
    Catalog {
        /// The requirement or item id.
        unit: String,
        /// The role.
        role: Role,
    },
    /// The contract passes a provider role and is the place to establish security requirements.
    ContractDuty {
        /// The contract.
        contract: ContractIx,
    },
    /// A contract, named as the place a finding is about (its dates, its direction).
    Contract {
        /// The contract.
        contract: ContractIx,
    },
    /// The model's `use_until`.
    UseUntil,
    /// A waiver entry.
    Waiver {
        /// Index into the model's `waivers`.
        index: usize,
    },
}

impl Because {
    /// A stable kebab-case name of the rule, for JSON.
    pub fn rule(&self) -> &'static str {
        match self {
            Because::KindDefault { .. } => "contract-kind",
            Because::ContractRoles { .. } => "contract-roles",
            Because::ServiceUse { .. } => "service-use",
            Because::FlowDown { .. } => "flow-down",
            Because::DirectSale { .. } => "direct-sale",
            Because::Consortium { .. } => "consortium",
            Because::ConsortiumRoles { .. } => "consortium-roles",
            Because::Component { .. } => "component",
            Because::Operates { .. } => "operates",
            Because::SystemOwner { .. } => "system-owner",
            Because::PartyRoles { .. } => "party-roles",
            Because::Assign { .. } => "assign",
            Because::Catalog { .. } => "catalog",
            Because::ContractDuty { .. } => "contract-duty",
            Because::Contract { .. } => "contract",
            Because::UseUntil => "use-until",
            Because::Waiver { .. } => "waiver",
        }
    }

    /// The contract this reason names, if any.
    pub fn contract(&self) -> Option<ContractIx> {
        match self {
            Because::KindDefault { contract, .. }
            | Because::ContractRoles { contract }
            | Because::ServiceUse { contract }
            | Because::FlowDown { contract, .. }
            | Because::DirectSale { contract }
            | Because::Consortium { contract, .. }
            | Because::ConsortiumRoles { contract, .. }
            | Because::ContractDuty { contract }
            | Because::Contract { contract } => Some(*contract),
            _ => None,
        }
    }

    /// Whether the rule is our reading of the guideline rather than the model's own words or
    /// the contract-kind table: the chain rules.
    pub fn is_inferred(&self) -> bool {
        matches!(
            self,
            Because::FlowDown { .. } | Because::DirectSale { .. } | Because::Consortium { .. }
        )
    }

    /// The party this reason names, if any.
    pub fn party(&self) -> Option<PartyIx> {
        match self {
            Because::Operates { party }
            | Because::SystemOwner { party }
            | Because::PartyRoles { party }
            | Because::Consortium { party, .. }
            | Because::ConsortiumRoles { party, .. } => Some(*party),
            _ => None,
        }
    }
}
