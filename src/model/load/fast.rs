//! The fast path for JSON models: the parties and contracts, nearly all of a large model, are
//! decoded while they are read, without a tree of them in memory.
//!
//! It only ever succeeds with exactly the model the ordinary path builds. At the first thing
//! it does not accept (a syntax error, a problem in the model, anything unusual) it gives up
//! without a word, and the file is read again the ordinary way, which reports every problem
//! with its position. The tests below hold the two paths to the same result.

use std::cell::Cell;
use std::sync::Arc;

use super::{CONTRACT_FIELDS, HashMap, PARTY_FIELDS, Refs, contract_of, decode, party_of};
use crate::catalog::Catalog;
use crate::decode::{Cx, Spanned};
use crate::diag::Thing;
use crate::model::{Contract, Model, Party, PartyIx};
use crate::source::{Format, SourceFile, Span};
use crate::syntax::json::{Pieces, guess_split, top_level};
use crate::syntax::{Kind, Node};

/// Where the long lists of a JSON model are written, for [`decode`] to read them directly.
pub(super) struct Fast<'a> {
    text: &'a str,
    /// Lists from this many bytes are read in two halves, one on another thread.
    parallel_from: usize,
    /// The value of `parties`.
    parties: Span,
    /// The value of `contracts`, when it is a list.
    pub(super) contracts: Option<Span>,
    /// Set when reading gave up: the result must be thrown away.
    pub(super) gave_up: Cell<bool>,
}

/// Read a JSON model by the fast path; `None` when it gives up.
pub(super) fn check(file: &Arc<SourceFile>, catalog: &Catalog) -> Option<Model> {
    check_with(file, catalog, PARALLEL_FROM)
}

/// [`check`], reading lists of `parallel_from` bytes or more in two halves.
fn check_with(file: &Arc<SourceFile>, catalog: &Catalog, parallel_from: usize) -> Option<Model> {
    let text = file.text();
    let (span, members) = top_level(text)?;
    let mut fast = Fast {
        text,
        parallel_from,
        parties: Span::new(0, 0),
        contracts: None,
        gave_up: Cell::new(false),
    };
    let mut parties = None;
    let mut entries = Vec::with_capacity(members.len());
    for (key, value) in members {
        let name = match &key.kind {
            Kind::Str(s) => s.as_ref(),
            _ => return None,
        };
        let first = text.as_bytes().get(value.start);
        // The lists are left empty in the tree; `decode` reads them from the text.
        let node = match name {
            "parties" if parties.is_none() && first == Some(&b'{') => {
                parties = Some(value);
                Kind::Map(Vec::new())
            }
            "contracts" if fast.contracts.is_none() && first == Some(&b'[') => {
                fast.contracts = Some(value);
                Kind::Seq(Vec::new())
            }
            _ => {
                let mut r = Pieces::at(text, value.start, 1);
                let node = r.value()?;
                if r.pos() != value.end {
                    return None;
                }
                node.kind
            }
        };
        entries.push((
            key,
            Node {
                kind: node,
                span: value,
            },
        ));
    }
    fast.parties = parties?;
    let node = Node {
        kind: Kind::Map(entries),
        span,
    };
    let mut cx = Cx::new(Format::Json);
    let model = decode(&mut cx, &node, file, Format::Json, catalog, Some(&fast));
    if fast.gave_up.get() || !cx.diags.is_empty() {
        return None;
    }
    model
}

/// The size (bytes) from which a list is read in two halves, one on another thread.
const PARALLEL_FROM: usize = 1 << 20;

/// About the fewest bytes a party or a contract takes in JSON: lists reserve room for the
/// most they could hold, so that they never grow by copying (the room never used is never
/// touched, so it costs no memory).
const MIN_PARTY_BYTES: usize = 48;
const MIN_CONTRACT_BYTES: usize = 64;

impl Fast<'_> {
    /// The parties, in order, and their index by id.
    pub(super) fn parties(&self, cx: &mut Cx) -> Option<(Vec<Party>, HashMap<String, PartyIx>)> {
        let at = self.parties;
        let split = if at.end - at.start >= self.parallel_from {
            guess_split(self.text, at, true, PARTY_FIELDS)
        } else {
            None
        };
        let one = |cx: &mut Cx| {
            let mut one = Parties::new(at.end - at.start);
            let mut r = Pieces::at(self.text, at.start, 1);
            r.object(|r, key| one.read(cx, r, key))?;
            (r.pos() == at.end).then_some((one.parties, one.index))
        };
        let Some(comma) = split else {
            return one(cx);
        };
        // The first half is read from the opening brace: it must end exactly at the comma
        // guessed, which proves the guess (the second half starts after it).
        let (first, second) = std::thread::scope(|scope| {
            let later = scope.spawn(|| {
                let mut cx = Cx::new(Format::Json);
                let mut half = Parties::new(at.end - comma);
                let mut r = Pieces::at(self.text, comma + 1, 2);
                r.members(None, |r, key| half.read(&mut cx, r, key))?;
                (r.pos() == at.end && cx.diags.is_empty()).then_some(half)
            });
            let mut cx = Cx::new(Format::Json);
            let mut half = Parties::new(at.end - at.start);
            let mut r = Pieces::at(self.text, at.start + 1, 2);
            let first = r
                .members(Some(comma), |r, key| half.read(&mut cx, r, key))
                .map(|()| half);
            (first, later.join().ok().flatten())
        });
        // A wrong guess (or a problem) stops a half: read again in one go, which settles it.
        let (Some(mut first), Some(second)) = (first, second) else {
            return one(cx);
        };
        let offset = first.parties.len();
        first.index.reserve(second.index.len());
        for (id, i) in second.index {
            if first.index.insert(id, offset + i).is_some() {
                return None;
            }
        }
        first.parties.extend(second.parties);
        Some((first.parties, first.index))
    }

    /// The contracts, in order, and their index by id.
    pub(super) fn contracts(&self, cx: &mut Cx, refs: &Refs) -> Option<Contracts<'_>> {
        let at = self.contracts?;
        let split = if at.end - at.start >= self.parallel_from {
            guess_split(self.text, at, false, CONTRACT_FIELDS)
        } else {
            None
        };
        let one = |cx: &mut Cx| {
            let mut one = Contracts::new(at.end - at.start);
            let mut r = Pieces::at(self.text, at.start, 1);
            r.array(|r| one.read(cx, r, refs))?;
            (r.pos() == at.end).then_some(one)
        };
        let Some(comma) = split else {
            return one(cx);
        };
        let (first, second) = std::thread::scope(|scope| {
            let later = scope.spawn(|| {
                let mut cx = Cx::new(Format::Json);
                let mut half = Contracts::new(at.end - comma);
                let mut r = Pieces::at(self.text, comma + 1, 2);
                r.items(None, |r| half.read(&mut cx, r, refs))?;
                (r.pos() == at.end && cx.diags.is_empty()).then_some(half)
            });
            let mut cx = Cx::new(Format::Json);
            let mut half = Contracts::new(at.end - at.start);
            let mut r = Pieces::at(self.text, at.start + 1, 2);
            let first = r
                .items(Some(comma), |r| half.read(&mut cx, r, refs))
                .map(|()| half);
            (first, later.join().ok().flatten())
        });
        let (Some(mut first), Some(second)) = (first, second) else {
            return one(cx);
        };
        let offset = first.contracts.len();
        first.index.reserve(second.index.len());
        for (id, i) in second.index {
            if first.index.insert(id, offset + i).is_some() {
                return None;
            }
        }
        first.contracts.extend(second.contracts);
        Some(first)
    }
}

/// Parties as they are read, with their index by id.
struct Parties<'a> {
    parties: Vec<Party>,
    index: HashMap<String, PartyIx>,
    /// The fields of the party being read, kept to reuse the list.
    fields: Vec<(Node<'a>, Node<'a>)>,
}

impl<'a> Parties<'a> {
    /// Room for the parties that `bytes` of JSON can hold.
    fn new(bytes: usize) -> Self {
        let most = bytes / MIN_PARTY_BYTES;
        let mut index = HashMap::default();
        index.reserve(most);
        Parties {
            parties: Vec::with_capacity(most),
            index,
            fields: Vec::new(),
        }
    }

    /// Read the party whose id is `key`; `None` at any problem.
    fn read(&mut self, cx: &mut Cx, r: &mut Pieces<'a>, key: Node<'a>) -> Option<()> {
        let id = cx.id(&key, Thing::Party)?;
        self.fields.clear();
        let fields = &mut self.fields;
        let span = r.object(|r, k| {
            let v = r.value()?;
            fields.push((k, v));
            Some(())
        })?;
        let f = cx.fields_in(&self.fields, span, Thing::Party, PARTY_FIELDS);
        let party = party_of(cx, &id, &f)?;
        if !cx.diags.is_empty() {
            return None;
        }
        let Spanned { value: id, .. } = id;
        if self.index.insert(id, self.parties.len()).is_some() {
            return None;
        }
        self.parties.push(party);
        Some(())
    }
}

/// Contracts as they are read, with their index by id.
pub(super) struct Contracts<'a> {
    pub(super) contracts: Vec<Contract>,
    pub(super) index: HashMap<String, usize>,
    /// The fields of the contract being read, kept to reuse the list.
    fields: Vec<(Node<'a>, Node<'a>)>,
}

impl<'a> Contracts<'a> {
    /// Room for the contracts that `bytes` of JSON can hold.
    fn new(bytes: usize) -> Self {
        let most = bytes / MIN_CONTRACT_BYTES;
        let mut index = HashMap::default();
        index.reserve(most);
        Contracts {
            contracts: Vec::with_capacity(most),
            index,
            fields: Vec::new(),
        }
    }

    /// Read one contract; `None` at any problem.
    fn read(&mut self, cx: &mut Cx, r: &mut Pieces<'a>, refs: &Refs) -> Option<()> {
        self.fields.clear();
        let fields = &mut self.fields;
        let span = r.object(|r, k| {
            let v = r.value()?;
            fields.push((k, v));
            Some(())
        })?;
        let f = cx.fields_in(&self.fields, span, Thing::Contract, CONTRACT_FIELDS);
        // The index only names a contract in messages (`#3`), and any message makes the fast
        // path give up: the second half's count from its own start is as good as any.
        let (c, _) = contract_of(cx, &f, span, self.contracts.len(), refs)?;
        if !cx.diags.is_empty()
            || self
                .index
                .insert(c.id.clone(), self.contracts.len())
                .is_some()
        {
            return None;
        }
        self.contracts.push(c);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::raw;

    /// The ordinary path's result for the same text.
    fn tree(text: &str, catalog: &Catalog) -> Result<Model, crate::diag::FileDiagnostics> {
        super::super::check_tree(SourceFile::new("m.json", text), Format::Json, catalog)
    }

    fn fast(text: &str, catalog: &Catalog, parallel_from: usize) -> Option<Model> {
        check_with(&SourceFile::new("m.json", text), catalog, parallel_from)
    }

    /// Both models are the same in every field, indexes included.
    fn assert_same(a: &Model, b: &Model, what: &str) {
        assert_eq!(a.name, b.name, "{what}");
        assert_eq!(a.description, b.description, "{what}");
        assert_eq!(a.software, b.software, "{what}");
        assert_eq!(a.package, b.package, "{what}");
        assert_eq!(a.use_until, b.use_until, "{what}");
        assert_eq!(a.use_until_span, b.use_until_span, "{what}");
        assert_eq!(a.parties, b.parties, "{what}");
        assert_eq!(a.contracts, b.contracts, "{what}");
        assert_eq!(a.assign, b.assign, "{what}");
        assert_eq!(a.waivers, b.waivers, "{what}");
        assert_eq!(a.org_index, b.org_index, "{what}");
        assert_eq!(a.party_index.len(), b.party_index.len(), "{what}");
        for (id, ix) in &a.party_index {
            assert_eq!(b.party_index.get(id), Some(ix), "{what}: party {id}");
        }
        assert_eq!(a.contract_index.len(), b.contract_index.len(), "{what}");
        for (id, ix) in &a.contract_index {
            assert_eq!(b.contract_index.get(id), Some(ix), "{what}: contract {id}");
        }
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
            let m = crate::model::parse_model(&path.to_string_lossy(), &text, &catalog)
                .expect("bundled models are valid");
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
    }

    /// A small model using every field, with escapes, nulls and roles in every JSON form;
    /// every byte replaced in turn by each character that matters, or cut off there. The
    /// fast path must take the original, and on every variant either give up or agree.
    #[test]
    fn every_mutation_gives_up_or_agrees() {
        let catalog = Catalog::builtin();
        let doc = r#"{"$schema": "x", "name": {"en": "A \"b\"", "ja": "の"}, "description": null,
 "software": "System", "package": "Mandatory", "use_until": "2030-03-31",
 "parties": {"own": {"name": "Own", "division": "Customer", "operates": true},
  "v1": {"name": {"en": "V\u00e9", "ja": "ベ"}, "division": "Provider", "org": "v",
   "roles": ["Developer", {"role": "Operator", "qualifier": "Support", "scope": "s"}],
   "description": "d"},
  "v2": {"name": "V2", "division": "Provider", "org": "v", "roles": []}},
 "contracts": [{"id": "c1", "client": "own", "contractor": "v1", "kind": "Development",
   "roles": [{"Operator": ["Lead", "s"]}, "Supplier"], "security_terms": true,
   "support_until": "2031-01-01", "description": {"en": "e", "ja": "j"}},
  {"client": "own", "contractor": "v2", "kind": "Service"}],
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
