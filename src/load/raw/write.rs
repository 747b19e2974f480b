//! A checked model back in the file's shape, for writing it out.

use super::*;

/// The model in the file structure.
pub fn raw(m: &Model) -> RawModel {
    let roles = |v: &[RoleSpec]| v.iter().map(RoleEntry::from).collect::<Vec<_>>();
    RawModel {
        schema: None,
        name: (&m.name).into(),
        description: m.description.as_ref().map(Into::into),
        software: m.software.map(Name),
        package: Name(m.package),
        use_until: m.use_until.map(IsoDate),
        use_from: m.use_from.map(IsoDate),
        approval_required: m.approval_required,
        parties: m
            .parties
            .iter()
            .map(|p| {
                (
                    p.id.clone(),
                    RawParty {
                        name: (&p.name).into(),
                        division: Name(p.division),
                        org: (p.org != p.id).then(|| Id(p.org.clone())),
                        operates: p.operates,
                        roles: roles(&p.roles),
                        description: p.description.as_ref().map(Into::into),
                    },
                )
            })
            .collect(),
        components: m
            .components
            .iter()
            .map(|c| RawComponent {
                id: Id(c.id.clone()),
                name: (&c.name).into(),
                oss: c.oss,
                version: c.version.clone().map(Id),
                used_by: c.used_by.iter().map(|&p| m.parties[p].id.clone()).collect(),
                description: c.description.as_ref().map(Into::into),
            })
            .collect(),
        consortia: m
            .consortia
            .iter()
            .map(|c| RawConsortium {
                id: Id(c.id.clone()),
                name: (&c.name).into(),
                members: c.members.iter().map(|&p| m.parties[p].id.clone()).collect(),
                representative: m.parties[c.representative].id.clone(),
                roles: c
                    .roles
                    .iter()
                    .map(|(p, r)| (m.parties[*p].id.clone(), roles(r)))
                    .collect(),
                description: c.description.as_ref().map(Into::into),
            })
            .collect(),
        contracts: m
            .contracts
            .iter()
            .map(|c| RawContract {
                id: Some(Id(c.id.clone())),
                client: match c.client_consortium {
                    Some(k) => m.consortia[k].id.clone(),
                    None => m.parties[c.client].id.clone(),
                },
                contractor: match c.contractor_consortium {
                    Some(k) => m.consortia[k].id.clone(),
                    None => m.parties[c.contractor].id.clone(),
                },
                kind: Name(c.kind),
                roles: c.roles.as_deref().map(roles),
                security_terms: c.security_terms,
                support_until: c.support_until.map(IsoDate),
                from: c.from.map(IsoDate),
                until: c.until.map(IsoDate),
                approved: c.approved,
                description: c.description.as_ref().map(Into::into),
            })
            .collect(),
        assign: m
            .assign
            .iter()
            .map(|a| RawAssign {
                requirement: a.requirement.clone(),
                party: m.parties[a.party].id.clone(),
                role: Some(Name(a.role)),
                qualifier: Some(Name(a.qualifier)),
                scope: a.scope.clone().map(Id),
            })
            .collect(),
        waivers: m
            .waivers
            .iter()
            .map(|w| RawWaiver {
                code: WaiverCode(w.code),
                reason: w.reason.clone(),
                owner: w.owner.clone(),
                until: IsoDate(w.until),
                contract: w.contract.map(|c| m.contracts[c].id.clone()),
                party: w.party.map(|p| m.parties[p].id.clone()),
                requirement: w.requirement.clone(),
            })
            .collect(),
    }
}

/// The model as a JSON value in the model-file structure.
pub fn to_value(m: &Model) -> Value {
    serde_json::to_value(raw(m)).expect("a model always serialises")
}
