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

mod fast;

use fast::Fast;
pub(crate) use fast::agrees as fast_path_agrees;

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
            cx.diags.sort_by_key(|d| d.span.start);
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

/// The consortia of a model, their index by id, and whether all of them are valid. An id
/// already given to a party is reported.
fn tree_consortia(
    cx: &mut Cx,
    f: &Fields,
    refs: &Refs,
) -> (Vec<Consortium>, HashMap<String, ConsortiumIx>, bool) {
    let mut out: Vec<Consortium> = Vec::new();
    let mut index: HashMap<String, ConsortiumIx> = HashMap::default();
    let mut ok = true;
    let Some(list) = f.opt("consortia").map(|n| cx.list(n)) else {
        return (out, index, true);
    };
    let Some(list) = list else {
        return (out, index, false);
    };
    for node in list {
        let (id, c) = consortium(cx, node, refs);
        let Some(id) = id else {
            ok = false;
            continue;
        };
        let first = refs
            .parties
            .get(&id.value)
            .map(|&p| refs.party_list[p].span)
            .or_else(|| index.get(&id.value).map(|&i| out[i].span));
        if let Some(first) = first {
            cx.push(
                Problem::DuplicateId {
                    what: Thing::Consortium,
                    id: id.value.clone(),
                    first,
                },
                id.span,
            );
            ok = false;
            continue;
        }
        index.insert(id.value.clone(), out.len());
        match c {
            Some(c) => out.push(c),
            // Keep the id, so that contracts naming it are not reported on top of the real
            // problem; the model is not built, so the placeholder is never used.
            None => {
                ok = false;
                out.push(placeholder_consortium(id));
            }
        }
    }
    (out, index, ok)
}

/// A consortium that could not be read, standing for its id only.
fn placeholder_consortium(id: Spanned<String>) -> Consortium {
    Consortium {
        id: id.value,
        name: crate::i18n::Text::same(String::new()),
        members: vec![],
        // No party: a contract naming it is never a self-contract with a real party.
        representative: PartyIx::MAX,
        roles: vec![],
        description: None,
        span: id.span,
        representative_span: id.span,
        roles_span: None,
    }
}

/// A consortium's id (when it can be read) and the consortium (when all of it can).
fn consortium(
    cx: &mut Cx,
    node: &Node,
    refs: &Refs,
) -> (Option<Spanned<String>>, Option<Consortium>) {
    let Some(f) = cx.fields(node, Thing::Consortium, CONSORTIUM_FIELDS) else {
        return (None, None);
    };
    let id = f.req(cx, "id").and_then(|n| cx.id(n, Thing::Consortium));
    let c = consortium_of(cx, &f, id.clone(), refs);
    (id, c)
}

fn consortium_of(
    cx: &mut Cx,
    f: &Fields,
    id: Option<Spanned<String>>,
    refs: &Refs,
) -> Option<Consortium> {
    let label = id.as_ref().map_or_else(String::new, |i| i.value.clone());
    let context = || ctx(Thing::Consortium, &label);
    let name = f.req(cx, "name").and_then(|n| cx.text(n));
    let members = f
        .req(cx, "members")
        .and_then(|n| party_ids(cx, n, "members", refs, &context));
    let rep_node = f.req(cx, "representative");
    let representative = rep_node.and_then(|n| refs.party(cx, n, &context));
    let not_member =
        |cx: &mut Cx, p: PartyIx, field: &'static str, span: Span, members: &[PartyIx]| {
            cx.push(
                Problem::NotAMember {
                    consortium: label.clone(),
                    party: refs.party_list[p].id.clone(),
                    field,
                    members: members
                        .iter()
                        .map(|&m| refs.party_list[m].id.clone())
                        .collect(),
                },
                span,
            );
        };
    let mut ok = true;
    if let (Some(ms), Some(r), Some(n)) = (&members, representative, rep_node)
        && !ms.contains(&r)
    {
        not_member(cx, r, "representative", n.span, ms);
        ok = false;
    }
    let mut roles: Vec<(PartyIx, Vec<RoleSpec>)> = Vec::new();
    if let Some(n) = f.opt("roles") {
        match cx.map(n, Thing::Party) {
            Some(entries) => {
                for (key, v) in entries {
                    let key_node = Node {
                        kind: Kind::Str(key.value.clone().into()),
                        span: key.span,
                    };
                    let p = refs.party(cx, &key_node, &context);
                    let r = role_list(cx, v, None);
                    match (p, r) {
                        (Some(p), Some(r)) => {
                            if let Some(ms) = &members
                                && !ms.contains(&p)
                            {
                                not_member(cx, p, "roles", key.span, ms);
                                ok = false;
                            }
                            roles.push((p, r));
                        }
                        _ => ok = false,
                    }
                }
            }
            None => ok = false,
        }
    }
    let description = f.opt("description").and_then(|n| cx.text(n));
    let id = id?;
    if !ok {
        return None;
    }
    Some(Consortium {
        id: id.value,
        name: name?,
        members: members?,
        representative: representative?,
        roles,
        description,
        span: id.span,
        representative_span: rep_node?.span,
        roles_span: f.opt("roles").map(|n| n.span),
    })
}

/// The components of a model, and whether all of them are valid. An id already given to a
/// party, a consortium or another component is reported.
fn tree_components(
    cx: &mut Cx,
    f: &Fields,
    refs: &Refs,
    consortia: &HashMap<String, ConsortiumIx>,
    consortium_list: &[Consortium],
) -> (Vec<Component>, bool) {
    let mut out: Vec<Component> = Vec::new();
    let mut ok = true;
    let Some(list) = f.opt("components").map(|n| cx.list(n)) else {
        return (out, true);
    };
    let Some(list) = list else {
        return (out, false);
    };
    let mut index: HashMap<String, Span> = HashMap::default();
    for node in list {
        let (id, c) = component(cx, node, refs);
        let Some(id) = id else {
            ok = false;
            continue;
        };
        let first = refs
            .parties
            .get(&id.value)
            .map(|&p| refs.party_list[p].span)
            .or_else(|| consortia.get(&id.value).map(|&i| consortium_list[i].span))
            .or_else(|| index.get(&id.value).copied());
        if let Some(first) = first {
            cx.push(
                Problem::DuplicateId {
                    what: Thing::Component,
                    id: id.value.clone(),
                    first,
                },
                id.span,
            );
            ok = false;
            continue;
        }
        index.insert(id.value, id.span);
        match c {
            Some(c) => out.push(c),
            None => ok = false,
        }
    }
    (out, ok)
}

/// A component's id (when it can be read) and the component (when all of it can).
fn component(
    cx: &mut Cx,
    node: &Node,
    refs: &Refs,
) -> (Option<Spanned<String>>, Option<Component>) {
    let Some(f) = cx.fields(node, Thing::Component, COMPONENT_FIELDS) else {
        return (None, None);
    };
    let id = f.req(cx, "id").and_then(|n| cx.id(n, Thing::Component));
    let c = component_of(cx, &f, id.clone(), refs);
    (id, c)
}

fn component_of(
    cx: &mut Cx,
    f: &Fields,
    id: Option<Spanned<String>>,
    refs: &Refs,
) -> Option<Component> {
    let label = id.as_ref().map_or_else(String::new, |i| i.value.clone());
    let context = || ctx(Thing::Component, &label);
    let name = f.req(cx, "name").and_then(|n| cx.text(n));
    let oss = match f.opt("oss") {
        Some(n) => cx.bool(n),
        None => Some(false),
    };
    let version = match f.opt("version") {
        Some(n) => Some(cx.id(n, Thing::Component)?.value),
        None => None,
    };
    let used_by_node = f.req(cx, "used_by");
    let used_by = used_by_node.and_then(|n| party_ids(cx, n, "used_by", refs, &context));
    let description = f.opt("description").and_then(|n| cx.text(n));
    let id = id?;
    Some(Component {
        id: id.value,
        name: name?,
        oss: oss?,
        version,
        used_by: used_by?,
        description,
        span: id.span,
        used_by_span: used_by_node?.span,
    })
}

/// The parties of a model read as a tree, their index by id, and whether all of them are
/// valid.
fn tree_parties(cx: &mut Cx, f: &Fields) -> (Vec<Party>, HashMap<String, PartyIx>, bool) {
    let mut parties: Vec<Party> = Vec::new();
    let mut party_index: HashMap<String, PartyIx> = HashMap::default();
    let mut parties_ok = true;
    if let Some(n) = f.req(cx, "parties")
        && let Some(entries) = cx.map(n, Thing::Party)
    {
        let decoded = in_halves(cx, &entries, |cx, _, (id, v)| party(cx, id, v));
        parties.reserve_exact(entries.len());
        party_index.reserve(entries.len());
        for ((id, _), p) in entries.iter().zip(decoded) {
            // Record the id even if the entry is broken, so references to it are not
            // reported as unknown on top of the real problem.
            party_index.insert(id.value.clone(), parties.len());
            match p {
                Some(p) => parties.push(p),
                None => {
                    parties_ok = false;
                    parties.push(placeholder_party(id));
                }
            }
        }
    } else {
        parties_ok = false;
    }
    (parties, party_index, parties_ok)
}

/// The contracts of a model read as a tree, their index by id, and whether all of them are
/// valid (a repeated id is reported, and the contract left out).
fn tree_contracts(
    cx: &mut Cx,
    f: &Fields,
    refs: &Refs,
) -> (Vec<Contract>, HashMap<String, usize>, bool) {
    let decoded = match f.opt("contracts").map(|n| cx.list(n)) {
        Some(Some(list)) => in_halves(cx, list, |cx, i, c| contract(cx, c, i, refs)),
        _ => Vec::new(),
    };
    let mut contracts = Vec::with_capacity(decoded.len());
    let mut contract_index: HashMap<String, usize> = HashMap::default();
    contract_index.reserve(decoded.len());
    let mut contract_spans: Vec<Span> = Vec::with_capacity(decoded.len());
    let mut contracts_ok = true;
    for decoded in decoded {
        match decoded {
            Some((con, id_span)) => {
                if let Some(&first) = contract_index.get(&con.id) {
                    let first = contract_spans[first];
                    cx.push(
                        Problem::DuplicateId {
                            what: Thing::Contract,
                            id: con.id.clone(),
                            first,
                        },
                        id_span,
                    );
                    contracts_ok = false;
                    continue;
                }
                contract_spans.push(id_span);
                contract_index.insert(con.id.clone(), contracts.len());
                contracts.push(con);
            }
            None => contracts_ok = false,
        }
    }
    (contracts, contract_index, contracts_ok)
}

/// The number of entries from which [`in_halves`] uses a second thread.
const PARALLEL_FROM: usize = 20_000;

/// Decode every item of a long list with `one(cx, index, item)`, the second half on another
/// thread with a context of its own; the results come in order and the problems of both
/// halves are kept (they are sorted by position at the end).
fn in_halves<'n, T: Sync, R: Send>(
    cx: &mut Cx,
    items: &'n [T],
    one: impl Fn(&mut Cx, usize, &'n T) -> R + Sync,
) -> Vec<R> {
    if items.len() < PARALLEL_FROM {
        return items
            .iter()
            .enumerate()
            .map(|(i, t)| one(cx, i, t))
            .collect();
    }
    let mid = items.len() / 2;
    let (first, second) = items.split_at(mid);
    let format = cx.format;
    let one = &one;
    std::thread::scope(|scope| {
        let later = scope.spawn(move || {
            let mut cx2 = Cx::new(format);
            let out: Vec<R> = second
                .iter()
                .enumerate()
                .map(|(i, t)| one(&mut cx2, mid + i, t))
                .collect();
            (out, cx2.diags)
        });
        let mut out: Vec<R> = Vec::with_capacity(items.len());
        out.extend(first.iter().enumerate().map(|(i, t)| one(cx, i, t)));
        let (rest, diags) = later.join().expect("decoding does not panic");
        out.extend(rest);
        cx.diags.extend(diags);
        out
    })
}

fn placeholder_party(id: &Spanned<String>) -> Party {
    Party {
        id: id.value.clone(),
        name: crate::i18n::Text::same(id.value.clone()),
        division: Division::Provider,
        org: id.value.clone(),
        operates: false,
        roles: vec![],
        description: None,
        span: id.span,
        operates_span: None,
        roles_span: None,
        division_span: id.span,
    }
}

fn party(cx: &mut Cx, id: &Spanned<String>, node: &Node) -> Option<Party> {
    let f = cx.fields(node, Thing::Party, PARTY_FIELDS)?;
    party_of(cx, id, &f)
}

/// A party from its fields.
fn party_of(cx: &mut Cx, id: &Spanned<String>, f: &Fields) -> Option<Party> {
    let name = f.req(cx, "name").and_then(|n| cx.text(n));
    let division_node = f.req(cx, "division");
    let division = division_node.and_then(|n| cx.variant(n, Division::OF, Division::VARIANTS));
    let org = match f.opt("org") {
        Some(n) => cx.id(n, Thing::Org).map(|s| s.value),
        None => Some(id.value.clone()),
    };
    let operates = match f.opt("operates") {
        Some(n) => cx.bool(n),
        None => Some(false),
    };
    let roles = match f.opt("roles") {
        Some(n) => role_list(cx, n, Some(Qualifier::Lead)),
        None => Some(vec![]),
    };
    let description = f.opt("description").and_then(|n| cx.text(n));
    Some(Party {
        id: id.value.clone(),
        name: name?,
        division: division?,
        org: org?,
        operates: operates?,
        roles: roles?,
        description,
        span: id.span,
        operates_span: f.opt("operates").map(|n| n.span),
        roles_span: f.opt("roles").map(|n| n.span),
        division_span: division_node?.span,
    })
}

fn contract(cx: &mut Cx, node: &Node, index: usize, refs: &Refs) -> Option<(Contract, Span)> {
    let f = cx.fields(node, Thing::Contract, CONTRACT_FIELDS)?;
    contract_of(cx, &f, node.span, index, refs)
}

/// The `index`th contract from its fields, written at `span`; with the span of its id.
fn contract_of(
    cx: &mut Cx,
    f: &Fields,
    span: Span,
    index: usize,
    refs: &Refs,
) -> Option<(Contract, Span)> {
    let id = f.opt("id").and_then(|n| cx.id(n, Thing::Contract));
    let client_s = f.get("client").and_then(|n| match &n.kind {
        Kind::Str(s) => Some(s.clone()),
        _ => None,
    });
    let contractor_s = f.get("contractor").and_then(|n| match &n.kind {
        Kind::Str(s) => Some(s.clone()),
        _ => None,
    });
    let label = match (&id, &client_s, &contractor_s) {
        (Some(id), _, _) => id.value.clone(),
        (None, Some(a), Some(b)) => format!("{a}->{b}"),
        _ => format!("#{}", index + 1),
    };
    let context = || ctx(Thing::Contract, &label);
    let client = f.req(cx, "client").and_then(|n| refs.end(cx, n, &context));
    let contractor = f
        .req(cx, "contractor")
        .and_then(|n| refs.end(cx, n, &context));
    let kind_node = f.req(cx, "kind");
    let kind = kind_node.and_then(|n| cx.variant(n, ContractKind::OF, ContractKind::VARIANTS));
    // Every field is checked before giving up, so that all problems are reported.
    let roles = f.opt("roles").map(|n| role_list(cx, n, None));
    let security_terms = match f.opt("security_terms") {
        Some(n) => cx.bool(n),
        None => Some(false),
    };
    let support_until = f.opt("support_until").and_then(|n| cx.date(n));
    let from = f.opt("from").and_then(|n| cx.date(n));
    let until = f.opt("until").and_then(|n| cx.date(n));
    let approved = match f.opt("approved") {
        Some(n) => cx.bool(n),
        None => Some(false),
    };
    let description = f.opt("description").and_then(|n| cx.text(n));
    let mut periods_ok = true;
    if let (Some(a), Some(b)) = (&from, &until)
        && a.value > b.value
    {
        reversed(cx, ("from", a), ("until", b));
        periods_ok = false;
    }
    if let (Some((a, _)), Some((b, _))) = (client, contractor)
        && a == b
        && let Some(n) = f.get("contractor")
    {
        cx.push(
            Problem::SelfContract {
                contract: label.clone(),
                party: contractor_s.as_deref().unwrap_or_default().to_string(),
            },
            n.span,
        );
        return None;
    }
    let id_span = id.as_ref().map_or(span, |i| i.span);
    let (client, client_consortium) = client?;
    let (contractor, contractor_consortium) = contractor?;
    if !periods_ok {
        return None;
    }
    Some((
        Contract {
            id: label,
            client,
            contractor,
            client_consortium,
            contractor_consortium,
            kind: kind?,
            roles: match roles {
                Some(r) => Some(r?),
                None => None,
            },
            security_terms: security_terms?,
            support_until: support_until.as_ref().map(|d| d.value),
            from: from.as_ref().map(|d| d.value),
            until: until.as_ref().map(|d| d.value),
            approved: approved?,
            description,
            span,
            kind_span: kind_node?.span,
            roles_span: f.opt("roles").map(|n| n.span),
            security_terms_span: f.opt("security_terms").map(|n| n.span),
            support_until_span: support_until.map(|d| d.span),
            from_span: from.map(|d| d.span),
            until_span: until.map(|d| d.span),
            approved_span: f.opt("approved").map(|n| n.span),
        },
        id_span,
    ))
}

/// A list of role entries. `default` is the qualifier of a bare role where the context fixes
/// it (a party's own roles); `None` leaves it to the contract kind.
fn role_list(cx: &mut Cx, node: &Node, default: Option<Qualifier>) -> Option<Vec<RoleSpec>> {
    let items = cx.list(node)?;
    let mut out = Vec::new();
    let mut ok = true;
    for n in items {
        match role_spec(cx, n) {
            Some(mut r) => {
                if r.qualifier.is_none() {
                    r.qualifier = default;
                }
                out.push(r);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn role_spec(cx: &mut Cx, node: &Node) -> Option<RoleSpec> {
    let role_of =
        |cx: &mut Cx, name: &str, span: Span| cx.lookup(name, span, Role::OF, Role::VARIANTS);
    let (role, args, role_span): (Option<Role>, Vec<&Node>, Span) = match &node.kind {
        Kind::Ident(s) => (role_of(cx, s, node.span), vec![], node.span),
        Kind::Str(s) if cx.format != Format::Ron => (role_of(cx, s, node.span), vec![], node.span),
        Kind::Tuple {
            name: Some(n),
            items,
        } => (role_of(cx, &n.text, n.span), items.iter().collect(), n.span),
        Kind::Struct { name: None, .. } => return role_struct(cx, node),
        Kind::Map(entries)
            if entries
                .iter()
                .any(|(k, _)| k.kind == Kind::Str("role".into())) =>
        {
            return role_struct(cx, node);
        }
        Kind::Map(entries) if entries.len() == 1 => {
            let (k, v) = &entries[0];
            let Kind::Str(name) = &k.kind else {
                cx.push(
                    Problem::WrongType {
                        expected: Shape::Role,
                        found: node.shape(),
                        hint: None,
                    },
                    node.span,
                );
                return None;
            };
            let args = match &v.kind {
                Kind::Seq(items) => items.iter().collect(),
                Kind::Null => vec![],
                _ => vec![v],
            };
            (role_of(cx, name, k.span), args, k.span)
        }
        _ => {
            cx.push(
                Problem::WrongType {
                    expected: Shape::Role,
                    found: node.shape(),
                    hint: None,
                },
                node.span,
            );
            return None;
        }
    };
    if args.len() > 2 {
        cx.push(
            Problem::WrongType {
                expected: Shape::Role,
                found: Shape::Tuple,
                hint: Some((
                    "a role takes at most a qualifier and a scope: Operator(Lead, \"service\")"
                        .into(),
                    "役割に指定できるのは区分とスコープだけです: Operator(Lead, \"service\")"
                        .into(),
                )),
            },
            node.span,
        );
        return None;
    }
    let qualifier = match args.first() {
        Some(q) => Some(cx.variant(q, Qualifier::OF, Qualifier::VARIANTS)?),
        None => None,
    };
    let scope = match args.get(1) {
        Some(s) => Some(cx.id(s, Thing::RoleEntry)?.value),
        None => None,
    };
    let role = role?;
    check_qualifier(cx, role, qualifier, node.span.to(role_span))?;
    Some(RoleSpec {
        role,
        qualifier,
        scope,
        span: node.span,
    })
}

fn role_struct(cx: &mut Cx, node: &Node) -> Option<RoleSpec> {
    let f = cx.fields(node, Thing::RoleEntry, ROLE_FIELDS)?;
    let role = f
        .req(cx, "role")
        .and_then(|n| cx.variant(n, Role::OF, Role::VARIANTS));
    let qualifier = match f.opt("qualifier") {
        Some(n) => Some(cx.variant(n, Qualifier::OF, Qualifier::VARIANTS)?),
        None => None,
    };
    let scope = match f.opt("scope") {
        Some(n) => Some(cx.id(n, Thing::RoleEntry)?.value),
        None => None,
    };
    let role = role?;
    check_qualifier(cx, role, qualifier, node.span)?;
    Some(RoleSpec {
        role,
        qualifier,
        scope,
        span: node.span,
    })
}

fn check_qualifier(cx: &mut Cx, role: Role, q: Option<Qualifier>, span: Span) -> Option<()> {
    match q {
        Some(q) if !role.allowed_qualifiers().contains(&q) => {
            cx.push(
                Problem::InvalidQualifier {
                    role: role.name(),
                    qualifier: q.name(),
                    allowed: role.allowed_qualifiers().iter().map(|q| q.name()).collect(),
                },
                span,
            );
            None
        }
        _ => Some(()),
    }
}

fn requirement_ref(
    cx: &mut Cx,
    node: &Node,
    catalog: &Catalog,
    context: (String, String),
) -> Option<String> {
    let id = cx.string(node)?;
    let ids = catalog.all_ids();
    if ids.contains(&id.value.as_str()) {
        return Some(id.value);
    }
    let suggestion = cx.hint("requirement", &id.value, ids.len(), || ids.iter().copied());
    let (known, known_count) = known_sample(ids.iter().copied(), ids.len());
    cx.push(
        Problem::UnknownReference {
            what: Thing::RequirementOrItem,
            id: id.value.clone(),
            context,
            suggestion,
            known,
            known_count,
        },
        id.span,
    );
    None
}

fn assignment(cx: &mut Cx, node: &Node, refs: &Refs, catalog: &Catalog) -> Option<Assignment> {
    let f = cx.fields(node, Thing::Assignment, ASSIGN_FIELDS)?;
    let context = ("assign".to_string(), "割当 (assign)".to_string());
    let requirement = f
        .req(cx, "requirement")
        .and_then(|n| requirement_ref(cx, n, catalog, context.clone()));
    let party = f
        .req(cx, "party")
        .and_then(|n| refs.party(cx, n, &|| context.clone()));
    let role_node = f.opt("role");
    let role = role_node.map(|n| cx.variant(n, Role::OF, Role::VARIANTS));
    let qualifier = match f.opt("qualifier") {
        Some(n) => cx.variant(n, Qualifier::OF, Qualifier::VARIANTS),
        None => Some(Qualifier::Lead),
    };
    let scope = f
        .opt("scope")
        .map(|n| cx.id(n, Thing::Assignment).map(|s| s.value));
    let scope = match scope {
        Some(s) => Some(s?),
        None => None,
    };
    let role = match role {
        Some(r) => Some(r?),
        None => None,
    };
    let requirement = requirement?;
    let roles = catalog.roles_of(&requirement);
    let role = match role {
        Some(r) if roles.contains(&r) => r,
        Some(r) => {
            cx.push(
                Problem::RoleNotApplicable {
                    requirement: requirement.clone(),
                    role: r.name(),
                    roles: roles.iter().map(|r| r.name()).collect(),
                },
                role_node.map_or(node.span, |n| n.span),
            );
            return None;
        }
        None if roles.len() == 1 => roles[0],
        None => {
            cx.push(
                Problem::AmbiguousRole {
                    requirement: requirement.clone(),
                    roles: roles.iter().map(|r| r.name()).collect(),
                },
                node.span,
            );
            return None;
        }
    };
    let qualifier = qualifier?;
    check_qualifier(cx, role, Some(qualifier), node.span)?;
    Some(Assignment {
        requirement,
        party: party?,
        role,
        qualifier,
        scope,
        span: node.span,
    })
}

fn waiver(
    cx: &mut Cx,
    node: &Node,
    refs: &Refs,
    contracts: &HashMap<String, usize>,
    contract_list: &[Contract],
    catalog: &Catalog,
) -> Option<Waiver> {
    let f = cx.fields(node, Thing::Waiver, WAIVER_FIELDS)?;
    let context = ("waivers".to_string(), "免除 (waivers)".to_string());
    let code = f.req(cx, "code").and_then(|n| {
        let s = cx.string(n)?;
        match Code::parse(&s.value) {
            Some(c) if c.waivable() => Some(c),
            Some(_) => {
                cx.push(
                    Problem::NotWaivable {
                        code: s.value.clone(),
                    },
                    s.span,
                );
                None
            }
            None => {
                let names: Vec<&'static str> = Code::ALL.iter().map(|c| c.key()).collect();
                cx.push(
                    Problem::UnknownVariant {
                        value: s.value.clone(),
                        of: ("finding code", "指摘コード"),
                        expected: names.clone(),
                        suggestion: suggest(&s.value, names.iter().copied()),
                    },
                    s.span,
                );
                None
            }
        }
    });
    let reason = f.req(cx, "reason").and_then(|n| cx.string(n));
    if let Some(r) = &reason
        && r.value.trim().is_empty()
    {
        cx.push(Problem::EmptyString { field: "reason" }, r.span);
    }
    let owner = f.opt("owner").and_then(|n| cx.string(n)).map(|s| s.value);
    let until = f.req(cx, "until").and_then(|n| cx.date(n));
    let contract = f.opt("contract").map(|n| {
        let s = cx.string(n)?;
        match contracts.get(&s.value) {
            Some(&ix) => Some(ix),
            None => {
                let ids = || contract_list.iter().map(|c| c.id.as_str());
                let suggestion = cx.hint("contract", &s.value, contract_list.len(), ids);
                let (known, known_count) = known_sample(ids(), contract_list.len());
                cx.push(
                    Problem::UnknownReference {
                        what: Thing::Contract,
                        id: s.value.clone(),
                        context: context.clone(),
                        suggestion,
                        known,
                        known_count,
                    },
                    s.span,
                );
                None
            }
        }
    });
    let party = f
        .opt("party")
        .map(|n| refs.party(cx, n, &|| context.clone()));
    let requirement = f
        .opt("requirement")
        .map(|n| requirement_ref(cx, n, catalog, context.clone()));
    let contract = match contract {
        Some(c) => Some(c?),
        None => None,
    };
    let party = match party {
        Some(p) => Some(p?),
        None => None,
    };
    let requirement = match requirement {
        Some(r) => Some(r?),
        None => None,
    };
    let reason = reason?;
    if reason.value.trim().is_empty() {
        return None;
    }
    Some(Waiver {
        code: code?,
        reason: reason.value,
        owner,
        until: until?.value,
        contract,
        party,
        requirement,
        span: node.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain long enough to be decoded on two threads, with mistakes in both halves: every
    /// mistake is reported once, in file order, at its own line, as one thread would.
    #[test]
    fn long_lists_decoded_in_halves_report_every_problem_in_order() {
        let n = PARALLEL_FROM + 10;
        let mut text = String::from("{\"name\": \"chain\",\n\"parties\": {\n");
        for i in 0..n {
            let sep = if i + 1 < n { "," } else { "" };
            // Party 3 and party n-3 have a misspelt field.
            let field = if i == 3 || i == n - 3 {
                "divison"
            } else {
                "division"
            };
            text.push_str(&format!(
                "\"p{i}\": {{\"name\": \"P{i}\", \"{field}\": \"Provider\"}}{sep}\n"
            ));
        }
        text.push_str("},\n\"contracts\": [\n");
        for i in 1..n {
            let sep = if i + 1 < n { "," } else { "" };
            // Contracts 7 and n-7 name a party that does not exist.
            let client = if i == 7 || i == n - 7 {
                "q0".to_string()
            } else {
                format!("p{}", i - 1)
            };
            text.push_str(&format!(
                "{{\"client\": \"{client}\", \"contractor\": \"p{i}\", \"kind\": \"Development\"}}{sep}\n"
            ));
        }
        text.push_str("]}\n");
        let catalog = Catalog::builtin();
        let err = parse_model("chain.json", &text, &catalog).expect_err("four mistakes");
        let found: Vec<(String, usize)> = err
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.problem.code().to_string(),
                    err.file.line_col(d.span.start).line,
                )
            })
            .collect();
        let expected: Vec<(String, usize)> = vec![
            // The missing field is reported at the start of the party, before the misspelt one.
            ("missing-field".into(), 3 + 3),
            ("unknown-field".into(), 3 + 3),
            ("missing-field".into(), 3 + n - 3),
            ("unknown-field".into(), 3 + n - 3),
            ("unknown-reference".into(), 3 + n + 1 + 7),
            ("unknown-reference".into(), 3 + n + 1 + n - 7),
        ];
        assert_eq!(found, expected);
    }
}
