//! Reading a model file into a checked [`Model`], reporting every problem at once.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::read_source;
use crate::catalog::Catalog;
use crate::code::Code;
use crate::date::Date;
use crate::load::decode::{Cx, Fields, Spanned};
use crate::load::diagnostics::{FileDiagnostics, Problem, Shape, Thing, known_sample, suggest};
use crate::load::source::{Format, SourceFile, Span};
use crate::load::syntax::{Kind, Node, parse};
use crate::model::types::{ContractKind, Division, Package, Qualifier, Role, Software};
use crate::model::{
    Assignment, Component, Consortium, ConsortiumIx, Contract, Model, Party, PartyIx, RoleSpec,
    Waiver,
};

mod entries;
mod fast;
mod groups;
mod parties;

use entries::{assignment, role_list, waiver};
use fast::Fast;
pub(crate) use fast::agrees as fast_path_agrees;
use groups::{tree_components, tree_consortia};
use parties::{contract_of, party_of, tree_contracts, tree_parties};

const MODEL_FIELDS: &[&str] = &[
    // A JSON or YAML file may name its JSON Schema for editors (`rolemap schema`); ignored.
    "$schema",
    "name",
    "description",
    "software",
    "package",
    "use_from",
    "use_until",
    "approval_required",
    "parties",
    "components",
    "consortia",
    "contracts",
    "assign",
    "waivers",
];
const PARTY_FIELDS: &[&str] = &[
    "name",
    "division",
    "org",
    "operates",
    "roles",
    "description",
];
const CONTRACT_FIELDS: &[&str] = &[
    "id",
    "client",
    "contractor",
    "kind",
    "roles",
    "security_terms",
    "support_until",
    "from",
    "until",
    "approved",
    "description",
];
const COMPONENT_FIELDS: &[&str] = &["id", "name", "oss", "version", "used_by", "description"];
const CONSORTIUM_FIELDS: &[&str] = &[
    "id",
    "name",
    "members",
    "representative",
    "roles",
    "description",
];
const ASSIGN_FIELDS: &[&str] = &["requirement", "party", "role", "qualifier", "scope"];
const WAIVER_FIELDS: &[&str] = &[
    "code",
    "reason",
    "owner",
    "until",
    "contract",
    "party",
    "requirement",
];
const ROLE_FIELDS: &[&str] = &["role", "qualifier", "scope"];

/// Read and check a model file. `max_size` bounds the file size in bytes.
pub fn load_model(path: &str, catalog: &Catalog, max_size: u64) -> Result<Model, FileDiagnostics> {
    let (file, format) = read_source(path, max_size)?;
    check(file, format, catalog)
}

/// Like [`load_model`], reading a FIFO, device or socket too when `special` allows it.
pub fn load_model_with(
    path: &str,
    catalog: &Catalog,
    max_size: u64,
    special: crate::files::Special,
) -> Result<Model, FileDiagnostics> {
    let (file, format) = super::read_source_with(path, max_size, special)?;
    check(file, format, catalog)
}

/// Read and check a model from text; `name` picks the format by extension (RON if none).
pub fn parse_model(name: &str, text: &str, catalog: &Catalog) -> Result<Model, FileDiagnostics> {
    let format = Format::from_path(name).unwrap_or(Format::Ron);
    check(SourceFile::new(name, text), format, catalog)
}

fn check(
    file: Arc<SourceFile>,
    format: Format,
    catalog: &Catalog,
) -> Result<Model, FileDiagnostics> {
    // Valid JSON models, large ones above all, take the fast path; it gives up at anything
    // it does not accept, and the ordinary path then reports every problem.
    if format == Format::Json
        && let Some(model) = fast::check(&file, catalog)
    {
        return Ok(model);
    }
    check_tree(file, format, catalog)
}

/// Read a model into a tree of nodes, then decode it.
fn check_tree(
    file: Arc<SourceFile>,
    format: Format,
    catalog: &Catalog,
) -> Result<Model, FileDiagnostics> {
    let node = match parse(file.text(), format) {
        Ok(n) => n,
        Err(d) => {
            return Err(FileDiagnostics {
                file,
                diagnostics: vec![d],
            });
        }
    };
    let mut cx = Cx::new(format);
    let model = decode(&mut cx, &node, &file, format, catalog, None);
    match model {
        Some(m) if cx.diags.is_empty() => Ok(m),
        _ => {
            cx.diags.sort_by_key(|d| d.start());
            Err(FileDiagnostics {
                file,
                diagnostics: cx.diags,
            })
        }
    }
}

/// Context strings for messages: `contract "use"` / `契約「use」`.
fn ctx(thing: Thing, id: &str) -> (String, String) {
    (
        format!("{} \"{id}\"", thing.name(crate::i18n::Lang::En)),
        format!("{}「{id}」", thing.name(crate::i18n::Lang::Ja)),
    )
}

struct Refs<'a> {
    parties: &'a HashMap<String, PartyIx>,
    /// The parties, for the names offered when a reference is unknown.
    party_list: &'a [Party],
    /// The consortia by id, which a contract may name as client or contractor (the fast
    /// path has none: a contract naming one makes it give up).
    consortia: &'a HashMap<String, ConsortiumIx>,
    /// The consortia, for their representatives and the names offered.
    consortium_list: &'a [Consortium],
}

impl Refs<'_> {
    /// `context` names where the reference is written; it is only built for an error.
    fn party(
        &self,
        cx: &mut Cx,
        node: &Node<'_>,
        context: &dyn Fn() -> (String, String),
    ) -> Option<PartyIx> {
        let id = cx.str(node)?;
        if let Some(&ix) = self.parties.get(id.value) {
            return Some(ix);
        }
        let ids = || self.party_list.iter().map(|p| p.id.as_str());
        let suggestion = cx.hint("party", id.value, self.party_list.len(), ids);
        let (known, known_count) = known_sample(ids(), self.party_list.len());
        cx.push(
            Problem::UnknownReference {
                what: Thing::Party,
                id: id.value.to_string(),
                context: context(),
                suggestion,
                known,
                known_count,
            },
            id.span,
        );
        None
    }

    /// A contract's client or contractor: a party, or a consortium standing for its
    /// representative (with the consortium).
    fn end(
        &self,
        cx: &mut Cx,
        node: &Node<'_>,
        context: &dyn Fn() -> (String, String),
    ) -> Option<(PartyIx, Option<ConsortiumIx>)> {
        let id = cx.str(node)?;
        if let Some(&ix) = self.parties.get(id.value) {
            return Some((ix, None));
        }
        if let Some(&c) = self.consortia.get(id.value) {
            return Some((self.consortium_list[c].representative, Some(c)));
        }
        let names = || {
            self.party_list
                .iter()
                .map(|p| p.id.as_str())
                .chain(self.consortium_list.iter().map(|c| c.id.as_str()))
        };
        let count = self.party_list.len() + self.consortium_list.len();
        let suggestion = cx.hint("party-or-consortium", id.value, count, names);
        let (known, known_count) = known_sample(names(), count);
        cx.push(
            Problem::UnknownReference {
                what: if self.consortium_list.is_empty() {
                    Thing::Party
                } else {
                    Thing::PartyOrConsortium
                },
                id: id.value.to_string(),
                context: context(),
                suggestion,
                known,
                known_count,
            },
            id.span,
        );
        None
    }
}

/// The empty consortium index of a reader that has none.
pub(super) fn no_consortia() -> &'static HashMap<String, ConsortiumIx> {
    static EMPTY: std::sync::OnceLock<HashMap<String, ConsortiumIx>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(HashMap::default)
}

fn decode(
    cx: &mut Cx,
    node: &Node,
    file: &Arc<SourceFile>,
    format: Format,
    catalog: &Catalog,
    fast: Option<&Fast>,
) -> Option<Model> {
    // `$schema` is for JSON and YAML editors; RON cannot write it, so it is not offered there.
    let allowed: &'static [&'static str] = if format == Format::Ron {
        &MODEL_FIELDS[1..]
    } else {
        MODEL_FIELDS
    };
    let f = cx.fields(node, Thing::Model, allowed)?;
    let name = f.req(cx, "name").and_then(|n| cx.text(n));
    let description = f.opt("description").and_then(|n| cx.text(n));
    let software = f
        .opt("software")
        .and_then(|n| cx.variant(n, Software::OF, Software::VARIANTS));
    let package = match f.opt("package") {
        Some(n) => cx.variant(n, Package::OF, Package::VARIANTS),
        None => Some(Package::Mandatory),
    };
    let use_until = f.opt("use_until").and_then(|n| cx.date(n));
    let use_from = f.opt("use_from").and_then(|n| cx.date(n));
    if let (Some(a), Some(b)) = (&use_from, &use_until) {
        reversed(cx, ("use_from", a), ("use_until", b));
    }
    let approval_required = match f.opt("approval_required") {
        Some(n) => cx.bool(n),
        None => Some(false),
    };

    // Parties first: every later reference is checked against them.
    let (parties, party_index, parties_ok) = match fast.and_then(Fast::take_parties) {
        Some((parties, index)) => (parties, index, true),
        None => tree_parties(cx, &f),
    };
    let party_refs = Refs {
        parties: &party_index,
        party_list: &parties,
        consortia: no_consortia(),
        consortium_list: &[],
    };
    let (consortia, consortium_index, consortia_ok) = tree_consortia(cx, &f, &party_refs);
    let (components, components_ok) =
        tree_components(cx, &f, &party_refs, &consortium_index, &consortia);
    let refs = Refs {
        parties: &party_index,
        party_list: &parties,
        consortia: &consortium_index,
        consortium_list: &consortia,
    };

    let (contracts, contract_index, contracts_ok) = match fast.and_then(Fast::take_contracts) {
        Some((contracts, index)) => (contracts, index, true),
        None => tree_contracts(cx, &f, &refs),
    };

    let mut assign = Vec::new();
    if let Some(n) = f.opt("assign")
        && let Some(list) = cx.list(n)
    {
        for a in list {
            if let Some(a) = assignment(cx, a, &refs, catalog) {
                assign.push(a);
            }
        }
    }

    let mut waivers = Vec::new();
    if let Some(n) = f.opt("waivers")
        && let Some(list) = cx.list(n)
    {
        for w in list {
            if let Some(w) = waiver(cx, w, &refs, &contract_index, &contracts, catalog) {
                waivers.push(w);
            }
        }
    }

    if !parties_ok || !contracts_ok || !consortia_ok || !components_ok {
        return None;
    }
    Some(Model {
        file: file.clone(),
        format,
        name: name?,
        description,
        software,
        package: package?,
        use_until: use_until.as_ref().map(|d| d.value),
        use_until_span: use_until.map(|d| d.span),
        use_from: use_from.as_ref().map(|d| d.value),
        use_from_span: use_from.map(|d| d.span),
        at: None,
        approval_required: approval_required?,
        approval_required_span: f.opt("approval_required").map(|n| n.span),
        components,
        consortia,
        consortium_index,
        contracts,
        assign,
        waivers,
        org_index: {
            let mut orgs: HashMap<&str, usize> = HashMap::default();
            parties
                .iter()
                .map(|p| {
                    let n = orgs.len();
                    *orgs.entry(p.org.as_str()).or_insert(n)
                })
                .collect()
        },
        parties,
        party_index,
        contract_index,
    })
}

/// Report a period whose start is after its end, at the end.
fn reversed(
    cx: &mut Cx,
    start: (&'static str, &Spanned<Date>),
    end: (&'static str, &Spanned<Date>),
) {
    if start.1.value > end.1.value {
        cx.push(
            Problem::PeriodReversed {
                start_field: start.0,
                start: start.1.value.to_string(),
                end_field: end.0,
                end: end.1.value.to_string(),
                start_span: start.1.span,
            },
            end.1.span,
        );
    }
}

/// A list of party ids (`members`, `used_by`): not empty, each known, none repeated.
fn party_ids(
    cx: &mut Cx,
    node: &Node,
    field: &'static str,
    refs: &Refs,
    context: &dyn Fn() -> (String, String),
) -> Option<Vec<PartyIx>> {
    let list = cx.list(node)?;
    if list.is_empty() {
        cx.push(Problem::EmptyList { field }, node.span);
        return None;
    }
    let mut out: Vec<PartyIx> = Vec::with_capacity(list.len());
    let mut spans: Vec<Span> = Vec::with_capacity(list.len());
    let mut ok = true;
    for n in list {
        match refs.party(cx, n, context) {
            Some(p) => {
                if let Some(i) = out.iter().position(|&q| q == p) {
                    cx.push(
                        Problem::DuplicateId {
                            what: Thing::Party,
                            id: refs.party_list[p].id.clone(),
                            first: spans[i],
                        },
                        n.span,
                    );
                    ok = false;
                } else {
                    out.push(p);
                    spans.push(n.span);
                }
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}
