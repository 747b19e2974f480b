//! The entries inside a model's lists: role entries, assignments and waivers.

use super::*;

/// A list of role entries. `default` is the qualifier of a bare role where the context fixes
/// it (a party's own roles); `None` leaves it to the contract kind.
pub(super) fn role_list(
    cx: &mut Cx,
    node: &Node,
    default: Option<Qualifier>,
) -> Option<Vec<RoleSpec>> {
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

pub(super) fn role_spec(cx: &mut Cx, node: &Node) -> Option<RoleSpec> {
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

pub(super) fn role_struct(cx: &mut Cx, node: &Node) -> Option<RoleSpec> {
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

pub(super) fn check_qualifier(
    cx: &mut Cx,
    role: Role,
    q: Option<Qualifier>,
    span: Span,
) -> Option<()> {
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

pub(super) fn requirement_ref(
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

pub(super) fn assignment(
    cx: &mut Cx,
    node: &Node,
    refs: &Refs,
    catalog: &Catalog,
) -> Option<Assignment> {
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

pub(super) fn waiver(
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
