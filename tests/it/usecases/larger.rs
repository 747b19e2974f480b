//! The larger models: the findings their comments promise, a waiver that expires, a
//! re-tender, a three-tier national chain and a joint venture.

use super::*;

#[test]
fn ministry_benefits_findings() {
    let catalog = Catalog::builtin();
    let model = load("ministry-benefits.ron", &catalog);
    let a = analyse(&model, &catalog, options());
    let found = findings_of(&a);

    // error roles-unstated on "offshore-dev", and no other error.
    assert_eq!(
        codes_at(&found, Severity::Error),
        [Code::RolesUnstated].into()
    );
    assert_eq!(
        contracts_with(&found, Code::RolesUnstated, Severity::Error, false),
        ["offshore-dev"]
    );

    // warnings: no-security-terms on "offshore-dev" and "pdf-engine-batch"; the one on
    // "pdf-engine" is waived (the waiver is narrowed to that contract).
    assert_eq!(
        codes_at(&found, Severity::Warning),
        [Code::NoSecurityTerms, Code::SupportGap].into()
    );
    assert_eq!(
        contracts_with(&found, Code::NoSecurityTerms, Severity::Warning, false),
        ["offshore-dev", "pdf-engine-batch"]
    );
    assert_eq!(
        contracts_with(&found, Code::NoSecurityTerms, Severity::Warning, true),
        ["pdf-engine"]
    );
    let waived: Vec<&Summary> = found.iter().filter(|f| f.2).collect();
    assert_eq!(
        waived.len(),
        1,
        "only the pdf-engine gap is waived: {waived:?}"
    );
    let s = a.summary();
    assert_eq!(s.waived, 1);

    // No multiple-leads: the batch subcontract is a 請負 below the prime, which leads
    // Developer and Supplier, so the sub supports both (flow-down), naming both contracts.
    assert!(
        !found.iter().any(|f| f.0 == Code::MultipleLeads),
        "{found:?}"
    );
    let sub_batch = model.party("sub-batch").unwrap();
    let batch = model.contract("batch-subsystem").unwrap();
    let development = model.contract("system-development").unwrap();
    let held: BTreeSet<(Role, Qualifier)> = a
        .roles
        .of_party(sub_batch)
        .map(|h| (h.role, h.qualifier))
        .collect();
    assert_eq!(held, [(Developer, Support), (Supplier, Support)].into());
    for h in a.roles.of_party(sub_batch) {
        assert_eq!(
            h.because,
            [Because::FlowDown {
                contract: batch,
                role: h.role,
                client: Lead,
                via: rolemap::derive::Via::Contract(development),
            }]
        );
    }
    for r in [Developer, Supplier] {
        let leads: BTreeSet<&str> = a
            .roles
            .of_role(r)
            .filter(|h| h.qualifier == Lead && h.scope.is_none())
            .map(|h| model.parties[h.party].id.as_str())
            .collect();
        assert_eq!(leads, ["prime"].into(), "{r:?}");
    }
    // The operation vendor supports operation under the operating IT office without stated
    // roles.
    let ops = model.party("ops-vendor").unwrap();
    let op: Vec<_> = a.roles.of_party(ops).collect();
    assert_eq!(op.len(), 1);
    assert_eq!((op[0].role, op[0].qualifier), (Operator, Support));
    assert!(matches!(
        op[0].because[..],
        [Because::FlowDown {
            client: Lead,
            via: rolemap::derive::Via::Operates,
            ..
        }]
    ));

    // support-gap on "package-supply" only.
    assert_eq!(
        contracts_with(&found, Code::SupportGap, Severity::Warning, false),
        ["package-supply"]
    );
    assert_eq!(found.iter().filter(|f| f.0 == Code::SupportGap).count(), 1);

    // customer-operates for the IT operations office.
    let co: Vec<&Summary> = found
        .iter()
        .filter(|f| f.0 == Code::CustomerOperates)
        .collect();
    assert_eq!(co.len(), 1);
    assert_eq!(co[0].1, Severity::Info);
    assert_eq!(co[0].6, ["ministry-it-ops"]);

    // The waiver is in force on that date.
    assert!(
        !found
            .iter()
            .any(|f| matches!(f.0, Code::WaiverExpired | Code::WaiverUnused))
    );

    // S(1)-4.4 for the operator is explicit on public-cloud in scope "platform"; the operator
    // requirements are led by ministry-it-ops.
    let al = a
        .allocations
        .iter()
        .find(|al| al.unit(&catalog).id() == "S(1)-4.4" && al.role == Operator)
        .expect("an S(1)-4.4 operator allocation");
    assert_eq!(al.status, Status::Explicit);
    let cloud = model.party("public-cloud").unwrap();
    let it_ops = model.party("ministry-it-ops").unwrap();
    assert!(al.responsible.iter().any(|d| d.party == cloud
        && d.qualifier == Lead
        && rolemap::allocate::duty_scope(d, &a.roles, &model) == Some("platform")));
    assert!(al.responsible.iter().any(|d| d.party == it_ops));
    let monitoring = a
        .allocations
        .iter()
        .find(|al| al.unit(&catalog).id() == "S(1)-4.1" && al.role == Operator)
        .unwrap();
    let ids = |ds: &[rolemap::allocate::Duty]| -> BTreeSet<(String, Qualifier)> {
        ds.iter()
            .map(|d| (model.parties[d.party].id.clone(), d.qualifier))
            .collect()
    };
    assert_eq!(
        ids(&monitoring.responsible),
        [("ministry-it-ops".to_string(), Lead)].into()
    );
    assert_eq!(
        ids(&monitoring.contributors),
        [
            ("gov-network".to_string(), Infra),
            ("ops-vendor".to_string(), Support),
            ("public-cloud".to_string(), Infra),
            ("soc".to_string(), Support),
        ]
        .into()
    );
}

#[test]
fn ministry_benefits_waiver_expires() {
    // "With --today after 2027-03-31 the waiver also gives waiver-expired."
    let catalog = Catalog::builtin();
    let model = load("ministry-benefits.ron", &catalog);
    let a = analyse(
        &model,
        &catalog,
        Options {
            package: None,
            today: Date::parse("2027-04-01").unwrap(),
        },
    );
    let found = findings_of(&a);
    assert_eq!(
        found
            .iter()
            .filter(|f| f.0 == Code::WaiverExpired && f.1 == Severity::Warning)
            .count(),
        1
    );
    // An expired waiver no longer covers its finding.
    assert!(found.iter().all(|f| !f.2));
    assert_eq!(
        contracts_with(&found, Code::NoSecurityTerms, Severity::Warning, false),
        ["offshore-dev", "pdf-engine", "pdf-engine-batch"]
    );
}

#[test]
fn municipal_hospital_findings() {
    let catalog = Catalog::builtin();
    let model = load("municipal-hospital.ron", &catalog);
    let a = analyse(&model, &catalog, options());
    let found = findings_of(&a);

    assert_eq!(
        codes_at(&found, Severity::Error),
        [Code::NoLead, Code::RolesUnstated].into()
    );
    assert_eq!(
        contracts_with(&found, Code::RolesUnstated, Severity::Error, false),
        ["dev-subcontract"]
    );

    // no-lead for Operator in scope "medical devices", naming the distributor, for every
    // requirement with the Operator role that one lead must carry.
    let no_lead: Vec<&Summary> = found.iter().filter(|f| f.0 == Code::NoLead).collect();
    assert!(no_lead.iter().any(|f| f.1 == Severity::Error && !f.2));
    for f in &no_lead {
        assert_eq!(f.4, Some(Operator), "{f:?}");
        assert_eq!(f.5.as_deref(), Some("medical devices"), "{f:?}");
        assert_eq!(f.6, ["distributor"], "{f:?}");
    }
    let flagged: BTreeSet<&str> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::NoLead)
        .map(|f| a.allocations[f.allocation.unwrap()].unit(&catalog).id())
        .collect();
    let operator_units: BTreeSet<&str> = a
        .allocations
        .iter()
        .filter(|al| {
            al.role == Operator
                && matches!(
                    al.applies,
                    rolemap::catalog::Applies::Role | rolemap::catalog::Applies::Customer
                )
        })
        .map(|al| al.unit(&catalog).id())
        .collect();
    assert!(!operator_units.is_empty());
    assert_eq!(flagged, operator_units);

    assert_eq!(
        codes_at(&found, Severity::Warning),
        [Code::NoSecurityTerms, Code::SupportGap].into()
    );
    assert_eq!(
        contracts_with(&found, Code::NoSecurityTerms, Severity::Warning, false),
        ["device-maintenance", "device-purchase"]
    );
    assert_eq!(
        contracts_with(&found, Code::SupportGap, Severity::Warning, false),
        ["device-supply"]
    );

    let co: Vec<&Summary> = found
        .iter()
        .filter(|f| f.0 == Code::CustomerOperates)
        .collect();
    assert_eq!(co.len(), 1);
    assert_eq!(co[0].6, ["hospital-admin"]);
    assert_eq!(a.summary().waived, 0);
}

/// The re-tendered municipal system: vendor B runs it from 2027-04-01, nobody develops it.
#[test]
fn municipal_retender_findings() {
    let catalog = Catalog::builtin();
    let model = load("municipal-retender.ron", &catalog);
    let a = analyse(&model, &catalog, options());
    let found = findings_of(&a);

    assert_eq!(
        codes_at(&found, Severity::Error),
        [Code::CoverageGap].into()
    );
    // One gap per role, Developer and Supplier, from 2027-04-01 to the end of use, with
    // vendor A before and nobody after; Operator and Customer have leads every day.
    let gaps: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::CoverageGap)
        .map(|f| {
            let (before, after) = f.around.clone().unwrap();
            let ids = |v: Vec<usize>| -> Vec<String> {
                v.into_iter().map(|p| model.parties[p].id.clone()).collect()
            };
            (
                f.role.unwrap(),
                f.scope.clone(),
                f.periods.as_ref().unwrap().compact(),
                ids(before),
                ids(after),
                f.severity,
            )
        })
        .collect();
    let want = |role| {
        (
            role,
            None,
            "2027-04-01..2032-03-31".to_string(),
            vec!["vendor-a".to_string()],
            Vec::<String>::new(),
            Severity::Error,
        )
    };
    assert_eq!(gaps, [want(Developer), want(Role::Supplier)]);
    let cx = a.ctx();
    let developer = a
        .findings
        .iter()
        .find(|f| f.code == Code::CoverageGap && f.role == Some(Developer))
        .unwrap();
    assert_eq!(
        rolemap::findings::instance_id(developer, &cx),
        "coverage-gap@developer/2027-04-01"
    );
    let en = rolemap::findings::render(developer, &cx, rolemap::Lang::En).message;
    assert!(
        en.contains("from 2027-04-01 to 2032-03-31")
            && en.contains("\"vendor-a\"")
            && en.contains("nobody"),
        "{en}"
    );
    let ja = rolemap::findings::render(developer, &cx, rolemap::Lang::Ja).message;
    assert!(
        ja.contains("2027-04-01から2032-03-31まで") && ja.contains("開発者"),
        "{ja}"
    );
    // It points at the `until` of the contract that ends.
    let pos = model.file.line_col(developer.span.unwrap().start);
    let line = model.file.text().lines().nth(pos.line - 1).unwrap();
    assert!(line.contains("until: \"2027-03-31\""), "{line}");

    // A handover, not multiple-leads: vendor A runs it, then vendor B.
    assert!(
        !found.iter().any(|f| f.0 == Code::MultipleLeads),
        "{found:?}"
    );
    let a_ops = a
        .roles
        .of_party(model.party("vendor-a").unwrap())
        .find(|h| h.role == Operator)
        .unwrap();
    assert_eq!(a_ops.qualifier, Lead);
    assert_eq!(a_ops.periods.compact(), "2022-04-01..2027-03-31");

    // Support ends with "build" and nobody develops after it; "run-a" has a successor.
    assert_eq!(
        codes_at(&found, Severity::Warning),
        [Code::SupportGap].into()
    );
    assert_eq!(
        contracts_with(&found, Code::SupportGap, Severity::Warning, false),
        ["build"]
    );

    // On one day: before the handover vendor A leads everything; after it, nobody develops.
    for (day, gap) in [("2026-04-01", false), ("2028-04-01", true)] {
        let on = model.clone().on(Date::parse(day).unwrap());
        let b = analyse(&on, &catalog, options());
        assert!(
            !b.findings.iter().any(|f| f.code == Code::MultipleLeads),
            "{day}"
        );
        // On that day a role nobody holds is unassigned (never led, that day).
        let dev_gap = b.findings.iter().any(|f| {
            f.role == Some(Developer) && matches!(f.code, Code::Unassigned | Code::CoverageGap)
        });
        assert_eq!(dev_gap, gap, "{day}");
    }
}

/// 多重下請け: owner → prime (請負) → tier 2 (請負) → tier 3 (請負), plus a cloud, from contract
/// kinds alone: one lead per role, with the prime; both tiers support; no `multiple-leads`.
#[test]
fn national_three_tier() {
    assert_table(
        "national-three-tier.ron",
        &[
            ("ministry", CustomerDiv, &[(Customer, Lead, None)]),
            (
                "prime",
                Provider,
                &[
                    (Developer, Lead, None),
                    (Supplier, Lead, None),
                    (Operator, Lead, None),
                ],
            ),
            (
                "tier2",
                Provider,
                &[(Developer, Support, None), (Supplier, Support, None)],
            ),
            (
                "tier3",
                Provider,
                &[(Developer, Support, None), (Supplier, Support, None)],
            ),
            ("cloud", Provider, &[(Operator, Infra, None)]),
        ],
        None,
    );
    let catalog = Catalog::builtin();
    let model = load("national-three-tier.ron", &catalog);
    assert!(model.contracts.iter().all(|c| c.roles.is_none()));
    let a = analyse(&model, &catalog, options());
    assert!(
        a.allocations
            .iter()
            .all(|al| al.status != Status::MultipleLeads && al.conflicts.is_empty())
    );
    // tier 3's reason names its own contract and tier 2's.
    let tier3 = model.party("tier3").unwrap();
    let h = a
        .roles
        .of_party(tier3)
        .find(|h| h.role == Developer)
        .unwrap();
    assert!(matches!(
        h.because[..],
        [Because::FlowDown { contract, client: Support, .. }] if model.contracts[contract].id == "forms"
    ));
}

/// A joint venture (共同企業体) wins a ministry contract: the representative leads, the other
/// member and the JV's subcontractor support; clean but for `customer-operates`.
#[test]
fn joint_venture() {
    assert_table(
        "jv.ron",
        &[
            (
                "ministry",
                CustomerDiv,
                &[(Customer, Lead, None), (Operator, Lead, None)],
            ),
            (
                "alpha",
                Provider,
                &[
                    (Developer, Lead, None),
                    (Supplier, Lead, None),
                    (Operator, Support, None),
                ],
            ),
            (
                "beta",
                Provider,
                &[(Developer, Support, None), (Supplier, Support, None)],
            ),
            (
                "batch-sub",
                Provider,
                &[(Developer, Support, None), (Supplier, Support, None)],
            ),
            ("cloud", Provider, &[(Operator, Infra, None)]),
        ],
        Some("ministry"),
    );
    let catalog = Catalog::builtin();
    let model = load("jv.ron", &catalog);
    let a = analyse(&model, &catalog, options());
    let beta = model.party("beta").unwrap();
    for h in a.roles.of_party(beta) {
        assert!(
            h.because
                .iter()
                .all(|b| matches!(b, Because::Consortium { .. })),
            "{:?}",
            h.because
        );
    }
    // Naming the other member lead too, in the consortium's roles, still gives no
    // multiple-leads: members lead together.
    let text = std::fs::read_to_string(model_path("jv.ron"))
        .unwrap()
        .replace(
            "representative: \"alpha\",",
            "representative: \"alpha\", roles: {\"beta\": [Developer(Lead), Supplier(Lead)]},",
        );
    let m = rolemap::load::parse_model("jv.ron", &text, &catalog).unwrap();
    let a = analyse(&m, &catalog, options());
    assert!(a.findings.iter().all(|f| f.code != Code::MultipleLeads));
    let beta = m.party("beta").unwrap();
    assert!(
        a.roles
            .of_party(beta)
            .any(|h| h.role == Developer && h.qualifier == Lead)
    );
}
