//! The duties of an allocation in the check JSON: grouped by qualifier, scope and origin,
//! each group listing party ids (rendered once per document).

use super::*;

/// Party ids as JSON strings for the duty and finding lists. For a whole document every id is
/// rendered once up front: the lists of a large chain name the same parties millions of
/// times, and copying rendered bytes is several times faster than escaping each id again. For
/// a single finding, ids are rendered as they come.
pub(crate) struct Ids<'m> {
    model: &'m crate::Model,
    /// Every id rendered, and where each ends in the bytes.
    rendered: Option<(Vec<u8>, Vec<usize>)>,
}

impl<'m> Ids<'m> {
    pub(super) fn rendered(model: &'m crate::Model) -> Self {
        let mut bytes = Vec::with_capacity(model.parties.len() * 8);
        let mut ends = Vec::with_capacity(model.parties.len() + 1);
        ends.push(0);
        for p in &model.parties {
            json_out::string_into(&mut bytes, &p.id).expect("writing to memory cannot fail");
            ends.push(bytes.len());
        }
        Ids {
            model,
            rendered: Some((bytes, ends)),
        }
    }

    pub(super) fn on_demand(model: &'m crate::Model) -> Self {
        Ids {
            model,
            rendered: None,
        }
    }

    /// The ids of `parties` as a JSON list: rendered ids as `["p1", "p2"]`, as the layered
    /// formatter writes a list below its pretty depth; ids on demand as a sequence of
    /// strings, so that a single finding prints like any other value (fully pretty in the
    /// diff, see [`super::finding_json`]).
    pub(super) fn seq<'s>(
        &'s self,
        parties: impl IntoIterator<Item = crate::model::PartyIx>,
    ) -> PartyList<'s> {
        match self.rendered {
            Some(_) => PartyList::Rendered(self.list(parties)),
            None => PartyList::Ids(
                parties
                    .into_iter()
                    .map(|p| self.model.parties[p].id.as_str())
                    .collect(),
            ),
        }
    }

    /// `["p1", "p2"]`, as the layered formatter writes a list below its pretty depth.
    pub(super) fn list(
        &self,
        parties: impl IntoIterator<Item = crate::model::PartyIx>,
    ) -> Box<RawValue> {
        let mut out = Vec::new();
        self.write_list(&mut out, parties)
            .expect("writing to memory cannot fail");
        let text = String::from_utf8(out).expect("JSON strings of UTF-8 ids are UTF-8");
        RawValue::from_string(text).expect("a list of JSON strings is JSON")
    }

    /// [`Ids::list`], written to `w`.
    pub(super) fn write_list<W: Write + ?Sized>(
        &self,
        w: &mut W,
        parties: impl IntoIterator<Item = crate::model::PartyIx>,
    ) -> io::Result<()> {
        w.write_all(b"[")?;
        for (i, p) in parties.into_iter().enumerate() {
            if i > 0 {
                w.write_all(b", ")?;
            }
            match &self.rendered {
                Some((bytes, ends)) => w.write_all(&bytes[ends[p]..ends[p + 1]])?,
                None => json_out::string_into(&mut *w, &self.model.parties[p].id)?,
            }
        }
        w.write_all(b"]")
    }
}

/// A list of party ids made by [`Ids::seq`].
pub(super) enum PartyList<'m> {
    /// Already JSON, from the rendered ids.
    Rendered(Box<RawValue>),
    /// The ids, serialised as a sequence of strings.
    Ids(Vec<&'m str>),
}

impl Serialize for PartyList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PartyList::Rendered(raw) => raw.serialize(s),
            PartyList::Ids(ids) => ids.serialize(s),
        }
    }
}

/// How a duty is held, as the `via` of its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum ViaKind {
    Role,
    Assign,
    Contract,
}

impl ViaKind {
    pub(super) fn of(via: &Via) -> Self {
        match via {
            Via::Holding(_) => ViaKind::Role,
            Via::Assign(_) => ViaKind::Assign,
            Via::Contract { .. } => ViaKind::Contract,
        }
    }

    pub(super) fn key(self) -> &'static str {
        match self {
            ViaKind::Role => "role",
            ViaKind::Assign => "assign",
            ViaKind::Contract => "contract",
        }
    }
}

/// Duties grouped by how they are held: `{"qualifier", "scope", "via", "parties": [..]}`,
/// groups in order of first appearance, parties in allocation order without repeats. One
/// party id per duty keeps the document proportional to the chain even when thousands of
/// organisations share an organisation-level requirement.
pub(super) struct Duties<'a>(&'a [DutyGroup<'a>]);

impl Serialize for Duties<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|g| GroupJson {
            qualifier: g.qualifier,
            scope: g.scope,
            via: g.via,
            parties: &g.parties,
        }))
    }
}

/// One group of duties, its party ids rendered.
pub(super) struct DutyGroup<'a> {
    qualifier: &'static str,
    scope: Option<&'a str>,
    via: &'static str,
    parties: Box<RawValue>,
}

/// The groups of each list of duties, made once: allocations alike share their lists
/// ([`Allocation::responsible`]), so a large chain's lists are grouped and rendered once
/// each instead of once per requirement. Keyed by the list's address and length, which
/// stay put while the analysis is borrowed, and whether it is contract-level.
/// Shared by the threads that render allocations (a list is grouped under the lock, once).
#[derive(Default)]
pub(super) struct DutyCache<'a>(Mutex<FxHashMap<ListKey, Arc<[DutyGroup<'a>]>>>);

/// A list of duties: its address, its length, and whether it is contract-level.
pub(super) type ListKey = (usize, usize, bool);

impl<'a> DutyCache<'a> {
    pub(super) fn groups(
        &self,
        a: &'a Analysis<'a>,
        ids: &Ids<'_>,
        duties: &'a Arc<[Duty]>,
        contract_level: bool,
    ) -> Arc<[DutyGroup<'a>]> {
        let key = (
            Arc::as_ptr(duties).cast::<Duty>() as usize,
            duties.len(),
            contract_level,
        );
        // A thread that panicked while holding the lock left nothing half-written in it.
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(key)
            .or_insert_with(|| group_duties(a, ids, duties, contract_level).into())
            .clone()
    }
}

pub(super) fn group_duties<'a>(
    a: &'a Analysis<'a>,
    ids: &Ids<'_>,
    duties: &'a [Duty],
    contract_level: bool,
) -> Vec<DutyGroup<'a>> {
    let m = a.model;
    type Key<'k> = (crate::Qualifier, Option<&'k str>, ViaKind);
    // Most duties of an allocation share one key: look the group up only when the key
    // changes. Only contract-level allocations can name a party twice in a group (a client
    // or contractor of several contracts).
    let mut groups: Vec<(Key<'_>, Vec<crate::model::PartyIx>)> = Vec::new();
    let mut index: FxHashMap<Key<'_>, usize> = FxHashMap::default();
    let mut clients_seen: rustc_hash::FxHashSet<(usize, usize)> = rustc_hash::FxHashSet::default();
    let mut current: Option<(Key<'_>, usize)> = None;
    for d in duties {
        let key = (d.qualifier, duty_scope(d, &a.roles, m), ViaKind::of(&d.via));
        let g = match current {
            Some((k, g)) if k == key => g,
            _ => {
                let g = *index.entry(key).or_insert_with(|| {
                    groups.push((key, Vec::new()));
                    groups.len() - 1
                });
                current = Some((key, g));
                g
            }
        };
        if contract_level && !clients_seen.insert((g, d.party)) {
            continue;
        }
        groups[g].1.push(d.party);
    }
    groups
        .into_iter()
        .map(|(key, parties)| DutyGroup {
            qualifier: key.0.key(),
            scope: key.1,
            via: key.2.key(),
            parties: ids.list(parties),
        })
        .collect()
}

#[derive(serde::Serialize)]
pub(super) struct GroupJson<'a> {
    qualifier: &'static str,
    scope: Option<&'a str>,
    via: &'static str,
    parties: &'a RawValue,
}

pub(super) struct AllocationJson<'a>(
    pub(super) &'a Analysis<'a>,
    pub(super) &'a Ids<'a>,
    pub(super) &'a Allocation,
    pub(super) Lang,
    pub(super) &'a DutyCache<'a>,
);

impl Serialize for AllocationJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, ids, al, lang, cache) = (self.0, self.1, self.2, self.3, self.4);
        let u = al.unit(a.catalog);
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("requirement", &u.requirement.id)?;
        o.serialize_entry("item", &u.item.map(|i| i.id.as_str()))?;
        o.serialize_entry("title", u.title().get(lang))?;
        o.serialize_entry("package", al.package.key())?;
        o.serialize_entry("package_inferred", &u.package_inferred())?;
        o.serialize_entry("in_package", &al.in_package)?;
        o.serialize_entry("role", al.role.key())?;
        o.serialize_entry("applies", al.applies.key())?;
        o.serialize_entry("status", al.status.key())?;
        let contract_level = al.applies == crate::catalog::Applies::Contract;
        let responsible = cache.groups(a, ids, &al.responsible, contract_level);
        o.serialize_entry("responsible", &Duties(&responsible))?;
        let contributors = cache.groups(a, ids, &al.contributors, contract_level);
        o.serialize_entry("contributors", &Duties(&contributors))?;
        o.serialize_entry("missing_scopes", &al.missing_scopes)?;
        let mut catalog = vec![Because::Catalog {
            unit: u.id().to_string(),
            role: al.role,
        }];
        // (2)-1 names the components its parties use.
        catalog.extend(crate::allocate::components::allocation_components(
            a.model, a.catalog, al,
        ));
        o.serialize_entry("because", &Reasons(a, &catalog))?;
        o.serialize_entry("source", u.source())?;
        o.end()
    }
}
