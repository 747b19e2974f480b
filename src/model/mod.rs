//! The model: parties joined by contracts, with explicit assignments and waivers.
//!
//! [`crate::load`] reads a file in any of the three formats, reports every problem at once
//! with its position, and returns a checked [`Model`] whose references are indices.

pub mod types;

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use crate::code::Code;
use crate::date::Date;
use crate::i18n::Text;
use crate::source::{Format, SourceFile, Span};
use types::{ContractKind, Division, Package, Qualifier, Role, Software};

/// Index of a party in [`Model::parties`].
pub type PartyIx = usize;
/// Index of a contract in [`Model::contracts`].
pub type ContractIx = usize;
/// Index of a consortium in [`Model::consortia`].
pub type ConsortiumIx = usize;
/// Index of a component in [`Model::components`].
pub type ComponentIx = usize;

/// A role as stated in a contract or on a party: `Developer`, `Developer(Lead)`,
/// `Operator(Lead, "service")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSpec {
    /// The role.
    pub role: Role,
    /// The qualifier; `None` means the default of where it is written.
    pub qualifier: Option<Qualifier>,
    /// The scope, splitting one role between leads.
    pub scope: Option<String>,
    /// Where it is written.
    pub span: Span,
}

/// One party: an organisation, or one department of one, in this case.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// Its id in the model.
    pub id: String,
    /// Display name, in one or both languages.
    pub name: Text,
    /// Provider or customer.
    pub division: Division,
    /// The organisation it belongs to (its own id by default).
    pub org: String,
    /// Whether the customer also operates the system (顧客(運用者を兼ねる)).
    pub operates: bool,
    /// Roles held without a contract.
    pub roles: Vec<RoleSpec>,
    /// Free text.
    pub description: Option<Text>,
    /// Where its id is written.
    pub span: Span,
    /// Where `operates` is written, if it is.
    pub operates_span: Option<Span>,
    /// Where `roles` is written, if it is.
    pub roles_span: Option<Span>,
    /// Where `division` is written.
    pub division_span: Span,
}

/// A contract: `client` engages `contractor`.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// Its id (default `client->contractor`).
    pub id: String,
    /// The engaging party; when the file names a consortium, its representative
    /// ([`Contract::client_consortium`] says which consortium).
    pub client: PartyIx,
    /// The engaged party; when the file names a consortium, its representative
    /// ([`Contract::contractor_consortium`] says which consortium).
    pub contractor: PartyIx,
    /// The consortium the file names as the client, if it names one.
    pub client_consortium: Option<ConsortiumIx>,
    /// The consortium the file names as the contractor, if it names one.
    pub contractor_consortium: Option<ConsortiumIx>,
    /// The kind of contract.
    pub kind: ContractKind,
    /// Roles stated in the contract; they replace the kind's defaults.
    pub roles: Option<Vec<RoleSpec>>,
    /// Whether the contract establishes security requirements ((2)-3).
    pub security_terms: bool,
    /// Until when the contractor supports the software.
    pub support_until: Option<Date>,
    /// The first day the contract is in force; open (always) when absent.
    pub from: Option<Date>,
    /// The last day the contract is in force; open (for ever) when absent.
    pub until: Option<Date>,
    /// Whether the client's own client approved this contract as a subcontract (再委託の承認).
    pub approved: bool,
    /// Free text.
    pub description: Option<Text>,
    /// Where the whole entry is written.
    pub span: Span,
    /// Where `kind` is written.
    pub kind_span: Span,
    /// Where `roles` is written, if it is.
    pub roles_span: Option<Span>,
    /// Where `security_terms` is written, if it is.
    pub security_terms_span: Option<Span>,
    /// Where `support_until` is written, if it is.
    pub support_until_span: Option<Span>,
    /// Where `from` is written, if it is.
    pub from_span: Option<Span>,
    /// Where `until` is written, if it is.
    pub until_span: Option<Span>,
    /// Where `approved` is written, if it is.
    pub approved_span: Option<Span>,
}

/// A component used without a contract of its own (an OSS project, a library): it carries no
/// duties; the parties that use it account for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// Its id (unique among parties, consortia and components).
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Whether it is open-source software.
    pub oss: bool,
    /// The version in use, if given.
    pub version: Option<String>,
    /// The parties that build it into their software (never empty).
    pub used_by: Vec<PartyIx>,
    /// Free text.
    pub description: Option<Text>,
    /// Where its id is written.
    pub span: Span,
    /// Where `used_by` is written.
    pub used_by_span: Span,
}

/// A consortium (共同企業体, JV): members contracting as one, led by a representative.
#[derive(Debug, Clone, PartialEq)]
pub struct Consortium {
    /// Its id (unique among parties, consortia and components); contracts may name it as
    /// client or contractor.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Its members, in file order (never empty, no repeats).
    pub members: Vec<PartyIx>,
    /// The representative member (代表構成員); always one of `members`.
    pub representative: PartyIx,
    /// Roles stated per member, in file order: they replace what the member would hold
    /// through the consortium's contracts. A bare role is left to the contract kind, as in a
    /// contract's `roles`.
    pub roles: Vec<(PartyIx, Vec<RoleSpec>)>,
    /// Free text.
    pub description: Option<Text>,
    /// Where its id is written.
    pub span: Span,
    /// Where `representative` is written.
    pub representative_span: Span,
    /// Where `roles` is written, if it is.
    pub roles_span: Option<Span>,
}

impl Consortium {
    /// The roles stated for one member, if the consortium states any for it.
    pub fn member_roles(&self, p: PartyIx) -> Option<&[RoleSpec]> {
        self.roles
            .iter()
            .find(|(m, _)| *m == p)
            .map(|(_, r)| r.as_slice())
    }
}

/// An explicit allocation written into a contract; it overrides derivation.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// A requirement or item id.
    pub requirement: String,
    /// The party that takes it on.
    pub party: PartyIx,
    /// The role it is taken on for; required when the requirement has several roles.
    pub role: Role,
    /// Lead (default), Support or Infra.
    pub qualifier: Qualifier,
    /// The scope.
    pub scope: Option<String>,
    /// Where the entry is written.
    pub span: Span,
}

/// An accepted finding, with a reason and an expiry.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiver {
    /// The finding code it covers.
    pub code: Code,
    /// Why it is accepted.
    pub reason: String,
    /// Who accepted it.
    pub owner: Option<String>,
    /// Until when.
    pub until: Date,
    /// Only findings about this contract.
    pub contract: Option<ContractIx>,
    /// Only findings about this party.
    pub party: Option<PartyIx>,
    /// Only findings about this requirement or item.
    pub requirement: Option<String>,
    /// Where the entry is written.
    pub span: Span,
}

/// A checked model.
#[derive(Debug, Clone)]
pub struct Model {
    /// The file it was read from.
    pub file: Arc<SourceFile>,
    /// Its format.
    pub format: Format,
    /// The name of the system or case.
    pub name: Text,
    /// Free text.
    pub description: Option<Text>,
    /// The type of software.
    pub software: Option<Software>,
    /// The target package.
    pub package: Package,
    /// The customer's planned period of use.
    pub use_until: Option<Date>,
    /// Where `use_until` is written.
    pub use_until_span: Option<Span>,
    /// The start of the customer's period of use, if written (else the earliest contract
    /// start: see [`Model::use_start`]).
    pub use_from: Option<Date>,
    /// Where `use_from` is written.
    pub use_from_span: Option<Span>,
    /// The one day the chain is evaluated on (`--at`): set by [`Model::on`], which keeps only
    /// the contracts in force that day; the period of use is then that day.
    pub at: Option<Date>,
    /// Whether every subcontract needs its client's client's approval (再委託の承認).
    pub approval_required: bool,
    /// Where `approval_required` is written.
    pub approval_required_span: Option<Span>,
    /// Parties in file order.
    pub parties: Vec<Party>,
    /// Components in file order.
    pub components: Vec<Component>,
    /// Consortia in file order.
    pub consortia: Vec<Consortium>,
    /// Contracts in file order.
    pub contracts: Vec<Contract>,
    /// Explicit allocations.
    pub assign: Vec<Assignment>,
    /// Accepted findings.
    pub waivers: Vec<Waiver>,
    pub(crate) party_index: HashMap<String, PartyIx>,
    pub(crate) contract_index: HashMap<String, ContractIx>,
    pub(crate) consortium_index: HashMap<String, ConsortiumIx>,
    /// Each party's organisation as a number: parties of one organisation share it.
    pub(crate) org_index: Vec<usize>,
}

impl Model {
    /// A party by id.
    pub fn party(&self, id: &str) -> Option<PartyIx> {
        self.party_index.get(id).copied()
    }

    /// The organisation of a party as a number (equal for parties of one organisation), for
    /// comparisons that should not compare strings.
    pub fn org_of(&self, p: PartyIx) -> usize {
        self.org_index[p]
    }

    /// A contract by id.
    pub fn contract(&self, id: &str) -> Option<ContractIx> {
        self.contract_index.get(id).copied()
    }

    /// A consortium by id.
    pub fn consortium(&self, id: &str) -> Option<ConsortiumIx> {
        self.consortium_index.get(id).copied()
    }

    /// A component by id.
    pub fn component(&self, id: &str) -> Option<ComponentIx> {
        self.components.iter().position(|c| c.id == id)
    }

    /// The start of the period of use: `use_from`, or else the earliest contract `from`
    /// (open, `None`, when no contract has one).
    pub fn use_start(&self) -> Option<Date> {
        self.use_from
            .or_else(|| self.contracts.iter().filter_map(|c| c.from).min())
    }

    /// The chain on one day (`--at`): only the contracts in force that day (its `from` on or
    /// before it, its `until` on or after it), and the waivers that name none of the others.
    /// Parties, components and consortia stay; the period of use becomes that day.
    pub fn on(mut self, day: Date) -> Model {
        let in_force =
            |c: &Contract| c.from.is_none_or(|f| f <= day) && c.until.is_none_or(|u| day <= u);
        let mut new_ix: Vec<Option<ContractIx>> = Vec::with_capacity(self.contracts.len());
        let mut kept = 0;
        for c in &self.contracts {
            new_ix.push(in_force(c).then(|| {
                kept += 1;
                kept - 1
            }));
        }
        self.contracts.retain(in_force);
        self.contract_index = self
            .contracts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        self.waivers.retain_mut(|w| match w.contract {
            None => true,
            Some(c) => match new_ix[c] {
                Some(n) => {
                    w.contract = Some(n);
                    true
                }
                None => false,
            },
        });
        self.at = Some(day);
        self
    }

    /// Whether the party belongs to the provider division.
    pub fn is_provider(&self, p: PartyIx) -> bool {
        self.parties[p].division == Division::Provider
    }
}
