//! The consortia and components of a model: lists of entries with ids of their own, which
//! no party, consortium or component may already hold.

use super::*;

/// An entry's id, and the entry when all of it could be read.
type IdEntry<T> = (Spanned<String>, Option<T>);

/// The entries of the optional list `field` (each of kind `what`, with the fields `allowed`)
/// whose ids are new, with the entry when `of` can decode all of it, and whether every entry
/// was read. An id that `taken` gives the first place of, or an earlier entry holds, is
/// reported and its entry left out.
fn new_ids<T>(
    cx: &mut Cx,
    f: &Fields,
    field: &str,
    (what, allowed): (Thing, &'static [&'static str]),
    taken: &dyn Fn(&str) -> Option<Span>,
    mut of: impl FnMut(&mut Cx, &Fields, Option<Spanned<String>>) -> Option<T>,
) -> (Vec<IdEntry<T>>, bool) {
    let mut out = Vec::new();
    let Some(list) = f.opt(field).map(|n| cx.list(n)) else {
        return (out, true);
    };
    let Some(list) = list else {
        return (out, false);
    };
    let mut ok = true;
    let mut seen: HashMap<String, Span> = HashMap::default();
    for node in list {
        let Some(f) = cx.fields(node, what, allowed) else {
            ok = false;
            continue;
        };
        let id = f.req(cx, "id").and_then(|n| cx.id(n, what));
        let entry = of(cx, &f, id.clone());
        let Some(id) = id else {
            ok = false;
            continue;
        };
        if let Some(first) = taken(&id.value).or_else(|| seen.get(&id.value).copied()) {
            cx.push(
                Problem::DuplicateId {
                    what,
                    id: id.value.clone(),
                    first,
                },
                id.span,
            );
            ok = false;
            continue;
        }
        seen.insert(id.value.clone(), id.span);
        out.push((id, entry));
    }
    (out, ok)
}

/// The consortia of a model, their index by id, and whether all of them are valid. An id
/// already given to a party is reported.
pub(super) fn tree_consortia(
    cx: &mut Cx,
    f: &Fields,
    refs: &Refs,
) -> (Vec<Consortium>, HashMap<String, ConsortiumIx>, bool) {
    let taken = |id: &str| refs.parties.get(id).map(|&p| refs.party_list[p].span);
    let (entries, mut ok) = new_ids(
        cx,
        f,
        "consortia",
        (Thing::Consortium, CONSORTIUM_FIELDS),
        &taken,
        |cx, f, id| consortium_of(cx, f, id, refs),
    );
    let mut out: Vec<Consortium> = Vec::with_capacity(entries.len());
    let mut index: HashMap<String, ConsortiumIx> = HashMap::default();
    for (id, c) in entries {
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
pub(super) fn placeholder_consortium(id: Spanned<String>) -> Consortium {
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
pub(super) fn tree_components(
    cx: &mut Cx,
    f: &Fields,
    refs: &Refs,
    consortia: &HashMap<String, ConsortiumIx>,
    consortium_list: &[Consortium],
) -> (Vec<Component>, bool) {
    let taken = |id: &str| {
        refs.parties
            .get(id)
            .map(|&p| refs.party_list[p].span)
            .or_else(|| consortia.get(id).map(|&i| consortium_list[i].span))
    };
    let (entries, mut ok) = new_ids(
        cx,
        f,
        "components",
        (Thing::Component, COMPONENT_FIELDS),
        &taken,
        |cx, f, id| component_of(cx, f, id, refs),
    );
    let mut out: Vec<Component> = Vec::with_capacity(entries.len());
    for (_, c) in entries {
        match c {
            Some(c) => out.push(c),
            None => ok = false,
        }
    }
    (out, ok)
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
