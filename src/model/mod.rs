//! The model: parties joined by contracts, with explicit assignments and waivers.
//!
//! `load` reads a file in any of the three formats, reports every problem at once with its
//! position, and returns a checked [`Model`] whose references are indices.

mod load;
pub mod raw;
pub mod types;

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use crate::date::Date;
use crate::diag::{Diagnostic, FileDiagnostics, Problem};
use crate::findings::Code;
use crate::i18n::Text;
use crate::source::{Format, SourceFile, Span};
pub(crate) use load::fast_path_agrees;
pub use load::{load_model, load_model_with, parse_model};
use types::{ContractKind, Division, Package, Qualifier, Role, Software};

/// The default limit on the size of an input file: 64 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// Index of a party in [`Model::parties`].
pub type PartyIx = usize;
/// Index of a contract in [`Model::contracts`].
pub type ContractIx = usize;

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
    /// The engaging party.
    pub client: PartyIx,
    /// The engaged party.
    pub contractor: PartyIx,
    /// The kind of contract.
    pub kind: ContractKind,
    /// Roles stated in the contract; they replace the kind's defaults.
    pub roles: Option<Vec<RoleSpec>>,
    /// Whether the contract establishes security requirements ((2)-3).
    pub security_terms: bool,
    /// Until when the contractor supports the software.
    pub support_until: Option<Date>,
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
    /// Parties in file order.
    pub parties: Vec<Party>,
    /// Contracts in file order.
    pub contracts: Vec<Contract>,
    /// Explicit allocations.
    pub assign: Vec<Assignment>,
    /// Accepted findings.
    pub waivers: Vec<Waiver>,
    party_index: HashMap<String, PartyIx>,
    contract_index: HashMap<String, ContractIx>,
    /// Each party's organisation as a number: parties of one organisation share it.
    org_index: Vec<usize>,
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

    /// Whether the party belongs to the provider division.
    pub fn is_provider(&self, p: PartyIx) -> bool {
        self.parties[p].division == Division::Provider
    }
}

/// Read a file as UTF-8 text, with the size limit; pick the format by extension. Only a
/// regular file is read (see [`crate::files`]).
pub fn read_source(
    path: &str,
    max_size: u64,
) -> Result<(Arc<SourceFile>, Format), FileDiagnostics> {
    read_source_with(path, max_size, crate::files::Special::Refuse)
}

/// Like [`read_source`], reading FIFOs, devices and sockets too when `special` allows them.
pub fn read_source_with(
    path: &str,
    max_size: u64,
    special: crate::files::Special,
) -> Result<(Arc<SourceFile>, Format), FileDiagnostics> {
    use crate::files::ReadError;
    let fail = |problem: Problem| FileDiagnostics {
        file: SourceFile::new(path, ""),
        diagnostics: vec![Diagnostic::new(problem, Span::default())],
    };
    let format = Format::from_path(path).ok_or_else(|| {
        fail(Problem::UnknownFormat {
            extension: std::path::Path::new(path)
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default(),
        })
    })?;
    let bytes =
        crate::files::read_limited(std::path::Path::new(path), max_size, special).map_err(|e| {
            fail(match e {
                ReadError::Io(e) => Problem::Io {
                    message: e.to_string(),
                },
                ReadError::Folder => Problem::Io {
                    message: "is a directory".into(),
                },
                ReadError::Special(kind) => Problem::NotRegular { kind },
                ReadError::TooLarge { size, limit } => Problem::TooLarge { size, limit },
            })
        })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((SourceFile::new(path, text), format)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Err(FileDiagnostics {
                file: SourceFile::new(path, lossy),
                diagnostics: vec![Diagnostic::new(
                    Problem::NotUtf8 { offset },
                    Span::new(offset, offset + 1),
                )],
            })
        }
    }
}
