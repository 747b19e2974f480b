//! The parties and contracts of a model read as a tree, the long lists decoded in two halves.

use super::*;

/// The parties of a model read as a tree, their index by id, and whether all of them are
/// valid.
pub(super) fn tree_parties(
    cx: &mut Cx,
    f: &Fields,
) -> (Vec<Party>, HashMap<String, PartyIx>, bool) {
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
pub(super) fn tree_contracts(
    cx: &mut Cx,
    f: &Fields,
    refs: &Refs,
) -> (Vec<Contract>, HashMap<String, usize>, bool) {
    let list: &[Node] = match f.opt("contracts").map(|n| cx.list(n)) {
        Some(Some(list)) => list,
        _ => &[],
    };
    let decoded = in_halves(cx, list, |cx, i, c| contract(cx, c, i, refs));
    let mut contracts = Vec::with_capacity(decoded.len());
    let mut contract_index: HashMap<String, usize> = HashMap::default();
    contract_index.reserve(decoded.len());
    let mut contracts_ok = true;
    // The id of every contract, broken ones too, so that a repeated id is reported together
    // with the other problems rather than only once they are fixed.
    let mut seen: HashMap<String, Span> = HashMap::default();
    for (i, decoded) in decoded.into_iter().enumerate() {
        if decoded.is_none()
            && let Some((id, span)) = list
                .get(i)
                .and_then(raw_contract_id)
                .filter(|(id, _)| crate::load::decode::valid_id(id))
        {
            match seen.get(&id) {
                Some(&first) => cx.push(
                    Problem::DuplicateId {
                        what: Thing::Contract,
                        id,
                        first,
                    },
                    span,
                ),
                None => {
                    seen.insert(id, span);
                }
            }
        }
        match decoded {
            Some((con, id_span)) => {
                if let Some(&first) = seen.get(&con.id) {
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
                seen.insert(con.id.clone(), id_span);
                contract_index.insert(con.id.clone(), contracts.len());
                contracts.push(con);
            }
            None => contracts_ok = false,
        }
    }
    (contracts, contract_index, contracts_ok)
}

/// The id of a contract as written, and where, read without checking anything
/// else: `id`, or `client->contractor` when both are strings (at the contract itself).
fn raw_contract_id(node: &Node) -> Option<(String, Span)> {
    let field = |name: &str| -> Option<&Node> {
        match &node.kind {
            Kind::Struct { fields, .. } => {
                fields.iter().find(|(k, _)| k.text == name).map(|(_, v)| v)
            }
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(&k.kind, Kind::Str(s) if s == name))
                .map(|(_, v)| v),
            _ => None,
        }
    };
    let text = |n: &Node| match &n.kind {
        Kind::Str(s) => Some(s.to_string()),
        _ => None,
    };
    if let Some(id) = field("id") {
        return text(id).map(|s| (s, id.span));
    }
    let a = text(field("client")?)?;
    let b = text(field("contractor")?)?;
    Some((format!("{a}->{b}"), node.span))
}

/// The number of entries from which [`in_halves`] uses a second thread.
const PARALLEL_FROM: usize = crate::parallel::FROM_ENTRIES;

/// Decode every item of a long list with `one(cx, index, item)`, the second half on another
/// thread with a context of its own; the results come in order and the problems of both
/// halves are kept (they are sorted by position at the end).
pub(super) fn in_halves<'n, T: Sync, R: Send>(
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
    let (mut out, (rest, diags)) = rayon::join(
        || {
            let mut out: Vec<R> = Vec::with_capacity(items.len());
            out.extend(first.iter().enumerate().map(|(i, t)| one(cx, i, t)));
            out
        },
        || {
            let mut cx2 = Cx::new(format);
            let out: Vec<R> = second
                .iter()
                .enumerate()
                .map(|(i, t)| one(&mut cx2, mid + i, t))
                .collect();
            (out, cx2.diags)
        },
    );
    out.extend(rest);
    cx.diags.extend(diags);
    out
}

pub(super) fn placeholder_party(id: &Spanned<String>) -> Party {
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

pub(super) fn party(cx: &mut Cx, id: &Spanned<String>, node: &Node) -> Option<Party> {
    let f = cx.fields(node, Thing::Party, PARTY_FIELDS)?;
    party_of(cx, id, &f)
}

/// A party from its fields.
pub(super) fn party_of(cx: &mut Cx, id: &Spanned<String>, f: &Fields) -> Option<Party> {
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

pub(super) fn contract(
    cx: &mut Cx,
    node: &Node,
    index: usize,
    refs: &Refs,
) -> Option<(Contract, Span)> {
    let f = cx.fields(node, Thing::Contract, CONTRACT_FIELDS)?;
    contract_of(cx, &f, node.span, index, refs)
}

/// The `index`th contract from its fields, written at `span`; with the span of its id.
pub(super) fn contract_of(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_model;

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
                    err.file.line_col(d.start()).line,
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
