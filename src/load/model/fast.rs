//! The fast path for JSON models: the parties and contracts, nearly all of a large model, are
//! decoded while they are read, without a tree of them in memory.
//!
//! It only ever succeeds with exactly the model the ordinary path builds. At the first thing
//! it does not accept (a syntax error, a problem in the model, anything unusual) it gives up
//! without a word, and the file is read again the ordinary way, which reports every problem
//! with its position. The tests below hold the two paths to the same result.

use std::cell::RefCell;
use std::sync::Arc;

use super::{
    CONTRACT_FIELDS, HashMap, PARTY_FIELDS, Refs, contract_of, decode, no_consortia, party_of,
};
use crate::catalog::Catalog;
use crate::load::decode::{Cx, Spanned};
use crate::load::diagnostics::Thing;
use crate::load::source::{Format, SourceFile, Span};
use crate::load::syntax::json::{Pieces, guess_split};
use crate::load::syntax::{Kind, Node};
use crate::model::{Contract, Model, Party, PartyIx};

/// Entries in order, and their index by id.
type Indexed<T> = (Vec<T>, HashMap<String, usize>);

/// The long lists of a JSON model, read before [`decode`] runs; it takes them from here.
pub(super) struct Fast<'a> {
    parties: RefCell<Option<Parties<'a>>>,
    /// When `contracts` is a list.
    contracts: RefCell<Option<Indexed<Contract>>>,
}

impl Fast<'_> {
    /// The parties, in order, and their index by id.
    pub(super) fn take_parties(&self) -> Option<(Vec<Party>, HashMap<String, PartyIx>)> {
        self.parties.take().map(|p| (p.0.items, p.0.index))
    }

    /// The contracts, in order, and their index by id, if `contracts` is a list.
    pub(super) fn take_contracts(&self) -> Option<Indexed<Contract>> {
        self.contracts.take()
    }
}

/// Read a JSON model by the fast path; `None` when it gives up.
pub(super) fn check(file: &Arc<SourceFile>, catalog: &Catalog) -> Option<Model> {
    check_with(file, catalog, PARALLEL_FROM)
}

/// [`check`], reading lists of `parallel_from` bytes or more in two halves.
fn check_with(file: &Arc<SourceFile>, catalog: &Catalog, parallel_from: usize) -> Option<Model> {
    let text = file.text();
    let b = text.as_bytes();
    let blank = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while b.get(start).is_some_and(blank) {
        start += 1;
    }
    let mut parties: Option<Parties> = None;
    let mut contracts: Option<Indexed<Contract>> = None;
    let mut entries = Vec::new();
    let mut r = Pieces::at(text, start, 0);
    let span = r.object(|r, key| {
        let Kind::Str(name) = &key.kind else {
            return None;
        };
        let at = r.pos();
        let first = b.get(at);
        // The lists are left empty in the tree; `decode` takes them from `Fast`.
        let kind = if name == "parties" && parties.is_none() && first == Some(&b'{') {
            let (p, end, _) = read_parties(text, at, parallel_from)?;
            parties = Some(p);
            r.skip_to(end);
            Kind::Map(Vec::new())
        } else if name == "contracts" && contracts.is_none() && first == Some(&b'[') {
            // Contracts name parties: they must have been read (a file that lists contracts
            // first takes the ordinary path).
            let p = parties.as_ref()?;
            // Consortia are not read yet: a contract naming one makes the fast path give up.
            let refs = Refs {
                parties: &p.0.index,
                party_list: &p.0.items,
                consortia: no_consortia(),
                consortium_list: &[],
            };
            let (c, end, _) = read_contracts(text, at, &refs, parallel_from)?;
            contracts = Some((c.entries.items, c.entries.index));
            r.skip_to(end);
            Kind::Seq(Vec::new())
        } else {
            r.value()?.kind
        };
        entries.push((
            key,
            Node {
                kind,
                span: Span::new(at, r.pos()),
            },
        ));
        Some(())
    })?;
    if !b[r.pos()..].iter().all(blank) || parties.is_none() {
        return None;
    }
    let node = Node {
        kind: Kind::Map(entries),
        span,
    };
    let fast = Fast {
        parties: RefCell::new(parties),
        contracts: RefCell::new(contracts),
    };
    let mut cx = Cx::new(Format::Json);
    let model = decode(&mut cx, &node, file, Format::Json, catalog, Some(&fast));
    if !cx.diags.is_empty() {
        return None;
    }
    model
}

/// The size (bytes) from which a list is read in two halves, one on another thread.
const PARALLEL_FROM: usize = crate::parallel::FROM_BYTES;

/// About the fewest bytes a party or a contract takes in JSON: lists reserve room for the
/// most they could hold, so that they never grow by copying (the room never used is never
/// touched, so it costs no memory).
const MIN_PARTY_BYTES: usize = 48;
const MIN_CONTRACT_BYTES: usize = 64;

/// A long list as it is read: the parties (an object of members) or the contracts (a list).
trait List<'a>: Sized + Send {
    /// Whether the list is an object, its entries members with keys.
    const OBJECT: bool;
    /// The keys an entry's object may start with, for guessing a split.
    const FIRST_KEYS: &'static [&'static str];
    /// Read one entry (`key` is a member's); `None` at any problem.
    fn read(&mut self, cx: &mut Cx, r: &mut Pieces<'a>, key: Option<Node<'a>>) -> Option<()>;
    /// Add the entries of the half read after this one; `None` when an id repeats.
    fn append(&mut self, later: Self) -> Option<()>;
}

/// The list whose opening bracket is at `start`, where it ends, and whether it was read in
/// halves. `end` is where the list seems to end: only the split depends on it. `new` makes an
/// empty list with room for what a number of bytes can hold.
fn read_list<'a, L: List<'a>>(
    text: &'a str,
    start: usize,
    end: usize,
    parallel_from: usize,
    new: impl Fn(usize) -> L + Sync,
) -> Option<(L, usize, bool)> {
    let entries = |r: &mut Pieces<'a>, until: Option<usize>, list: &mut L, cx: &mut Cx| {
        if L::OBJECT {
            r.members(until, |r, key| list.read(cx, r, Some(key)))
        } else {
            r.items(until, |r| list.read(cx, r, None))
        }
    };
    let one = || {
        let mut cx = Cx::new(Format::Json);
        let mut list = new(end - start);
        let mut r = Pieces::at(text, start, 1);
        if L::OBJECT {
            r.object(|r, key| list.read(&mut cx, r, Some(key)))?;
        } else {
            r.array(|r| list.read(&mut cx, r, None))?;
        }
        Some((list, r.pos(), false))
    };
    let split = if end - start >= parallel_from {
        guess_split(text, Span::new(start, end), L::OBJECT, L::FIRST_KEYS)
    } else {
        None
    };
    let Some(comma) = split else {
        return one();
    };
    // The first half is read from the opening bracket: it must end exactly at the comma
    // guessed, which proves the guess (the second half starts after it).
    let (first, second) = rayon::join(
        || {
            let mut cx = Cx::new(Format::Json);
            let mut half = new(end - start);
            let mut r = Pieces::at(text, start + 1, 2);
            entries(&mut r, Some(comma), &mut half, &mut cx).map(|()| half)
        },
        || {
            let mut cx = Cx::new(Format::Json);
            let mut half = new(end - comma);
            let mut r = Pieces::at(text, comma + 1, 2);
            entries(&mut r, None, &mut half, &mut cx)?;
            Some((half, r.pos()))
        },
    );
    // A wrong guess (or a problem) stops a half: read again in one go, which settles it.
    let (Some(mut first), Some((second, end))) = (first, second) else {
        return one();
    };
    first.append(second)?;
    Some((first, end, true))
}

/// The parties object whose `{` is at `start`, where it ends, and whether it was read in
/// halves.
fn read_parties(
    text: &str,
    start: usize,
    parallel_from: usize,
) -> Option<(Parties<'_>, usize, bool)> {
    // Where the object ends is not known before it is read; the next top-level key is
    // usually `contracts`, and the first `"contracts"` followed by a colon cannot be inside
    // a party of a valid model. Only the split depends on this guess.
    let end = memchr::memmem::find(&text.as_bytes()[start..], b"\"contracts\"")
        .map_or(text.len(), |i| start + i);
    read_list(text, start, end, parallel_from, Parties::new)
}

/// The contracts list whose `[` is at `start`, where it ends, and whether it was read in
/// halves.
fn read_contracts<'a>(
    text: &'a str,
    start: usize,
    refs: &'a Refs<'a>,
    parallel_from: usize,
) -> Option<(Contracts<'a>, usize, bool)> {
    // The list usually runs to about the end of the file: the split only depends on this.
    read_list(text, start, text.len(), parallel_from, |bytes| {
        Contracts::new(bytes, refs)
    })
}

/// Entries of a long list as they are read, with their index by id.
struct Entries<'a, T> {
    items: Vec<T>,
    index: HashMap<String, usize>,
    /// The fields of the entry being read, kept to reuse the list.
    fields: Vec<(Node<'a>, Node<'a>)>,
}

impl<'a, T> Entries<'a, T> {
    /// Room for `most` entries.
    fn with_room(most: usize) -> Self {
        let mut index = HashMap::default();
        index.reserve(most);
        Entries {
            items: Vec::with_capacity(most),
            index,
            fields: Vec::new(),
        }
    }

    /// Read the object of an entry's fields into [`Entries::fields`]; gives its span.
    fn read_fields(&mut self, r: &mut Pieces<'a>) -> Option<Span> {
        self.fields.clear();
        let fields = &mut self.fields;
        r.object(|r, k| {
            let v = r.value()?;
            fields.push((k, v));
            Some(())
        })
    }

    /// Add an entry; `None` when its id repeats.
    fn push(&mut self, id: String, item: T) -> Option<()> {
        if self.index.insert(id, self.items.len()).is_some() {
            return None;
        }
        self.items.push(item);
        Some(())
    }

    /// Add the entries of the half read after these; `None` when an id repeats.
    fn append(&mut self, later: Self) -> Option<()> {
        let offset = self.items.len();
        self.index.reserve(later.index.len());
        for (id, i) in later.index {
            if self.index.insert(id, offset + i).is_some() {
                return None;
            }
        }
        self.items.extend(later.items);
        Some(())
    }
}

/// Parties as they are read, with their index by id.
struct Parties<'a>(Entries<'a, Party>);

impl Parties<'_> {
    /// Room for the parties that `bytes` of JSON can hold.
    fn new(bytes: usize) -> Self {
        Parties(Entries::with_room(bytes / MIN_PARTY_BYTES))
    }
}

impl<'a> List<'a> for Parties<'a> {
    const OBJECT: bool = true;
    const FIRST_KEYS: &'static [&'static str] = PARTY_FIELDS;

    /// Read the party whose id is `key`.
    fn read(&mut self, cx: &mut Cx, r: &mut Pieces<'a>, key: Option<Node<'a>>) -> Option<()> {
        let id = cx.id(&key?, Thing::Party)?;
        let span = self.0.read_fields(r)?;
        let f = cx.fields_in(&self.0.fields, span, Thing::Party, PARTY_FIELDS);
        let party = party_of(cx, &id, &f)?;
        if !cx.diags.is_empty() {
            return None;
        }
        let Spanned { value: id, .. } = id;
        self.0.push(id, party)
    }

    fn append(&mut self, later: Self) -> Option<()> {
        self.0.append(later.0)
    }
}

/// Contracts as they are read, with their index by id.
struct Contracts<'a> {
    entries: Entries<'a, Contract>,
    /// The parties they name.
    refs: &'a Refs<'a>,
}

impl<'a> Contracts<'a> {
    /// Room for the contracts that `bytes` of JSON can hold.
    fn new(bytes: usize, refs: &'a Refs<'a>) -> Self {
        Contracts {
            entries: Entries::with_room(bytes / MIN_CONTRACT_BYTES),
            refs,
        }
    }
}

impl<'a> List<'a> for Contracts<'a> {
    const OBJECT: bool = false;
    const FIRST_KEYS: &'static [&'static str] = CONTRACT_FIELDS;

    fn read(&mut self, cx: &mut Cx, r: &mut Pieces<'a>, _: Option<Node<'a>>) -> Option<()> {
        let e = &mut self.entries;
        let span = e.read_fields(r)?;
        let f = cx.fields_in(&e.fields, span, Thing::Contract, CONTRACT_FIELDS);
        // The index only names a contract in messages (`#3`), and any message makes the fast
        // path give up: the second half's count from its own start is as good as any.
        let (c, _) = contract_of(cx, &f, span, e.items.len(), self.refs)?;
        if !cx.diags.is_empty() {
            return None;
        }
        e.push(c.id.clone(), c)
    }

    fn append(&mut self, later: Self) -> Option<()> {
        self.entries.append(later.entries)
    }
}

/// For the fuzzer and the tests: on the JSON `text`, the fast path (in one go and in halves)
/// either gives up or builds exactly the model the ordinary path builds; panics otherwise.
/// Says whether the fast path took the text.
pub(crate) fn agrees(text: &str, catalog: &Catalog) -> bool {
    let one = agrees_with(text, catalog, usize::MAX);
    let halves = agrees_with(text, catalog, 0);
    assert_eq!(
        one, halves,
        "the fast path took the text one way only:\n{text}"
    );
    one
}

fn agrees_with(text: &str, catalog: &Catalog, parallel_from: usize) -> bool {
    let Some(f) = check_with(&SourceFile::new("m.json", text), catalog, parallel_from) else {
        return false;
    };
    match super::check_tree(SourceFile::new("m.json", text), Format::Json, catalog) {
        Ok(t) => assert_same(&f, &t, text),
        Err(e) => panic!("the fast path accepted what the ordinary path rejects: {e:?}\n{text}"),
    }
    true
}

/// Both models are the same in every field, indexes included; panics otherwise.
fn assert_same(a: &Model, b: &Model, what: &str) {
    assert_eq!(a.name, b.name, "{what}");
    assert_eq!(a.description, b.description, "{what}");
    assert_eq!(a.software, b.software, "{what}");
    assert_eq!(a.package, b.package, "{what}");
    assert_eq!(a.use_until, b.use_until, "{what}");
    assert_eq!(a.use_until_span, b.use_until_span, "{what}");
    assert_eq!(a.use_from, b.use_from, "{what}");
    assert_eq!(a.use_from_span, b.use_from_span, "{what}");
    assert_eq!(a.approval_required, b.approval_required, "{what}");
    assert_eq!(a.approval_required_span, b.approval_required_span, "{what}");
    assert_eq!(a.components, b.components, "{what}");
    assert_eq!(a.consortia, b.consortia, "{what}");
    assert_eq!(a.parties, b.parties, "{what}");
    assert_eq!(a.contracts, b.contracts, "{what}");
    assert_eq!(a.assign, b.assign, "{what}");
    assert_eq!(a.waivers, b.waivers, "{what}");
    assert_eq!(a.org_index, b.org_index, "{what}");
    assert_eq!(a.party_index.len(), b.party_index.len(), "{what}");
    for (id, ix) in &a.party_index {
        assert_eq!(b.party_index.get(id), Some(ix), "{what}: party {id}");
    }
    assert_eq!(a.consortium_index, b.consortium_index, "{what}");
    assert_eq!(a.contract_index.len(), b.contract_index.len(), "{what}");
    for (id, ix) in &a.contract_index {
        assert_eq!(b.contract_index.get(id), Some(ix), "{what}: contract {id}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw;

    /// The ordinary path's result for the same text.
    fn tree(
        text: &str,
        catalog: &Catalog,
    ) -> Result<Model, crate::load::diagnostics::FileDiagnostics> {
        super::super::check_tree(SourceFile::new("m.json", text), Format::Json, catalog)
    }

    fn fast(text: &str, catalog: &Catalog, parallel_from: usize) -> Option<Model> {
        check_with(&SourceFile::new("m.json", text), catalog, parallel_from)
    }

    /// On `text`, the fast path either gives up or builds exactly what the ordinary path
    /// builds; says which.
    fn agrees(text: &str, catalog: &Catalog, parallel_from: usize) -> bool {
        let Some(f) = fast(text, catalog, parallel_from) else {
            return false;
        };
        match tree(text, catalog) {
            Ok(t) => assert_same(&f, &t, text),
            Err(e) => {
                panic!("the fast path accepted what the ordinary path rejects: {e:?}\n{text}")
            }
        }
        true
    }

    /// Every bundled model, written as JSON compact and pretty, takes the fast path (one
    /// thread and two) to the very model the ordinary path builds.
    #[test]
    fn bundled_models_read_the_same_both_ways() {
        let catalog = Catalog::builtin();
        let mut n = 0;
        for entry in std::fs::read_dir("models").expect("models/") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|e| e != "ron") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            let m = crate::load::parse_model(&path.to_string_lossy(), &text, &catalog)
                .expect("bundled models are valid");
            // A contract naming a consortium takes the ordinary path (see below).
            if m.contracts
                .iter()
                .any(|c| c.client_consortium.is_some() || c.contractor_consortium.is_some())
            {
                continue;
            }
            let v = raw::to_value(&m);
            for json in [
                serde_json::to_string(&v).expect("JSON"),
                serde_json::to_string_pretty(&v).expect("JSON"),
            ] {
                for parallel_from in [usize::MAX, 0] {
                    assert!(agrees(&json, &catalog, parallel_from), "{}", path.display());
                }
            }
            n += 1;
        }
        assert!(n >= 6, "only {n} bundled models");
    }

    /// A contract naming a consortium makes the fast path give up (it reads the contracts
    /// before the consortia); the ordinary path reads it, with the representative as the
    /// contractor and the consortium recorded.
    #[test]
    fn a_consortium_in_a_contract_takes_the_ordinary_path() {
        let catalog = Catalog::builtin();
        let doc = r#"{"name": "x", "parties": {"own": {"name": "Own", "division": "Customer"},
  "a": {"name": "A", "division": "Provider"}, "b": {"name": "B", "division": "Provider"}},
 "consortia": [{"id": "jv", "name": "JV", "members": ["a", "b"], "representative": "b"}],
 "contracts": [{"id": "c", "client": "own", "contractor": "jv", "kind": "Development"}]}"#;
        assert!(fast(doc, &catalog, usize::MAX).is_none());
        let m = crate::load::parse_model("m.json", doc, &catalog).expect("valid");
        let c = &m.contracts[0];
        assert_eq!(m.parties[c.contractor].id, "b");
        assert_eq!(c.contractor_consortium, m.consortium("jv"));
        assert!(c.contractor_consortium.is_some());
        assert_eq!(c.client_consortium, None);
        // Written out, it names the consortium again.
        let v = raw::to_value(&m);
        assert_eq!(v["contracts"][0]["contractor"], "jv");
    }

    /// A synthetic chain read in halves is the chain read in one go.
    #[test]
    fn halves_read_like_one() {
        let catalog = Catalog::builtin();
        let text = crate::synth::generate(crate::synth::SynthOptions {
            parties: 3000,
            seed: 11,
        })
        .to_string();
        assert!(agrees(&text, &catalog, 0));
        assert!(agrees(&text, &catalog, usize::MAX));
        // The guessed splits hold: both lists really are read in halves.
        let at = |key: &str| text.find(key).expect("the list") + key.len();
        let (parties, _, halves) = read_parties(&text, at("\"parties\":"), 0).expect("the parties");
        assert!(halves, "parties in halves");
        let refs = Refs {
            parties: &parties.0.index,
            party_list: &parties.0.items,
            consortia: super::super::no_consortia(),
            consortium_list: &[],
        };
        let (_, _, halves) =
            read_contracts(&text, at("\"contracts\":"), &refs, 0).expect("the contracts");
        assert!(halves, "contracts in halves");
    }

    /// A small model using every field, with escapes, nulls and roles in every JSON form;
    /// every byte replaced in turn by each character that matters, or cut off there. The
    /// fast path must take the original, and on every variant either give up or agree.
    #[test]
    fn every_mutation_gives_up_or_agrees() {
        let catalog = Catalog::builtin();
        let doc = r#"{"$schema": "x", "name": {"en": "A \"b\"", "ja": "の"}, "description": null,
 "software": "System", "package": "Mandatory", "use_until": "2030-03-31",
 "use_from": "2025-04-01", "approval_required": true,
 "parties": {"own": {"name": "Own", "division": "Customer", "operates": true},
  "v1": {"name": {"en": "V\u00e9", "ja": "ベ"}, "division": "Provider", "org": "v",
   "roles": ["Developer", {"role": "Operator", "qualifier": "Support", "scope": "s"}],
   "description": "d"},
  "v2": {"name": "V2", "division": "Provider", "org": "v", "roles": []}},
 "contracts": [{"id": "c1", "client": "own", "contractor": "v1", "kind": "Development",
   "roles": [{"Operator": ["Lead", "s"]}, "Supplier"], "security_terms": true,
   "support_until": "2031-01-01", "description": {"en": "e", "ja": "j"}},
  {"client": "own", "contractor": "v2", "kind": "Service", "from": "2025-04-01",
   "until": "2027-03-31", "approved": true}],
 "components": [{"id": "lib", "name": "Lib", "oss": true, "version": "1.2", "used_by": ["v1"]}],
 "consortia": [{"id": "jv", "name": "JV", "members": ["v1", "v2"], "representative": "v1",
   "roles": {"v2": ["Operator"]}}],
 "assign": [{"requirement": "(1)-1", "party": "v2", "role": "Developer", "qualifier": "Lead"}],
 "waivers": []}"#;
        assert!(
            agrees(doc, &catalog, usize::MAX),
            "the fast path takes the original"
        );
        assert!(agrees(doc, &catalog, 0), "and in halves");
        let chars = ['{', '}', '[', ']', '"', '\\', ',', ':', ' ', 'x', '1', 'n'];
        let mut taken = 0;
        for (i, _) in doc.char_indices() {
            let next = doc[i..].chars().next().map_or(0, char::len_utf8);
            for c in chars {
                let mut t = String::with_capacity(doc.len());
                t.push_str(&doc[..i]);
                t.push(c);
                t.push_str(&doc[i + next..]);
                for parallel_from in [usize::MAX, 0] {
                    taken += usize::from(agrees(&t, &catalog, parallel_from));
                }
            }
            agrees(&doc[..i], &catalog, usize::MAX);
        }
        // Replacing a character by itself or a blank by a blank changes nothing: some
        // variants are valid, and those must have been taken.
        assert!(taken > 10, "{taken}");
    }
}
