//! The six use cases of the guideline (reference/guideline.md §5, SPEC §4) come out of their
//! bundled models exactly as the guideline's tables show them, party by party, with nothing
//! extra and nothing missing. The two larger models produce the findings their comments promise.

use std::collections::{BTreeMap, BTreeSet};

use rolemap::derive::Because;
use rolemap::load::{DEFAULT_MAX_SIZE, load_model};
use rolemap::{
    Analysis, Catalog, Code, Date, Division, Model, Options, Qualifier, Role, Severity, Status,
    analyse,
};

use Division::{Customer as CustomerDiv, Provider};
use Qualifier::{Infra, Lead, Support};
use Role::{Customer, Developer, Operator, Supplier};

/// One derived role: role, qualifier, scope.
type Held = (Role, Qualifier, Option<&'static str>);

/// One row of a table: party id, its division, and the exact set of roles it holds.
type Row = (&'static str, Division, &'static [Held]);

fn model_path(name: &str) -> String {
    format!("{}/models/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn load(name: &str, catalog: &Catalog) -> Model {
    load_model(&model_path(name), catalog, DEFAULT_MAX_SIZE)
        .unwrap_or_else(|e| panic!("{name} does not load:\n{e}"))
}

fn today() -> Date {
    Date::parse("2026-11-25").unwrap()
}

fn options() -> Options {
    Options {
        package: None,
        today: today(),
    }
}

/// The derived roles of every party, by party id.
fn derived(a: &Analysis) -> BTreeMap<String, BTreeSet<(Role, Qualifier, Option<String>)>> {
    let mut out: BTreeMap<String, BTreeSet<_>> = a
        .model
        .parties
        .iter()
        .map(|p| (p.id.clone(), BTreeSet::new()))
        .collect();
    for h in &a.roles.holdings {
        out.get_mut(&a.model.parties[h.party].id).unwrap().insert((
            h.role,
            h.qualifier,
            h.scope.clone(),
        ));
    }
    out
}

/// Assert that the model derives exactly the table, and that the findings are exactly
/// `customer-operates` for `operating_customer` (or none at all).
fn assert_table(file: &str, table: &[Row], operating_customer: Option<&str>) {
    let catalog = Catalog::builtin();
    let model = load(file, &catalog);
    let a = analyse(&model, &catalog, options());
    let got = derived(&a);

    // Every row of the table is a party of the model, and every party is a row of the table.
    let table_ids: BTreeSet<&str> = table.iter().map(|r| r.0).collect();
    assert_eq!(
        table_ids.len(),
        table.len(),
        "{file}: a party is listed twice"
    );
    let model_ids: BTreeSet<&str> = model.parties.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        model_ids, table_ids,
        "{file}: parties differ from the table"
    );

    for (id, division, roles) in table {
        let p = model.party(id).unwrap();
        assert_eq!(
            model.parties[p].division, *division,
            "{file}: division of {id}"
        );
        let want: BTreeSet<(Role, Qualifier, Option<String>)> = roles
            .iter()
            .map(|(r, q, s)| (*r, *q, s.map(str::to_string)))
            .collect();
        assert_eq!(
            want.len(),
            roles.len(),
            "{file}: row {id} lists a role twice"
        );
        assert_eq!(got[*id], want, "{file}: roles of {id}");
    }

    // Every holding says why, and the six tables come from contracts and the parties'
    // `operates` / division alone, never from a party's own `roles` field.
    for h in &a.roles.holdings {
        let who = &model.parties[h.party].id;
        assert!(
            !h.because.is_empty(),
            "{file}: {who} holds {:?} without a reason",
            h.role
        );
        assert!(
            !h.because
                .iter()
                .any(|b| matches!(b, Because::PartyRoles { .. })),
            "{file}: {who} holds {:?} from its own roles field, not from the contracts",
            h.role
        );
    }

    // No error or warning; only the customer-operates notice where the customer operates.
    let bad: Vec<String> = a
        .findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
        .map(|f| rolemap::findings::instance_id(f, &a.ctx()))
        .collect();
    assert!(bad.is_empty(), "{file}: unexpected findings {bad:?}");
    let found: Vec<(Code, Severity, Vec<&str>)> = a
        .findings
        .iter()
        .map(|f| {
            (
                f.code,
                f.severity,
                f.parties
                    .iter()
                    .map(|&p| model.parties[p].id.as_str())
                    .collect(),
            )
        })
        .collect();
    let want: Vec<(Code, Severity, Vec<&str>)> = operating_customer
        .map(|p| (Code::CustomerOperates, Severity::Info, vec![p]))
        .into_iter()
        .collect();
    assert_eq!(found, want, "{file}: findings");
    let s = a.summary();
    assert_eq!(
        (s.errors, s.warnings, s.info, s.waived),
        (0, 0, want.len(), 0)
    );

    // Nothing is left without a lead or unassigned in these tables.
    for al in &a.allocations {
        assert!(
            !matches!(
                al.status,
                Status::NoLead | Status::Unassigned | Status::Waived
            ),
            "{file}: {} for {:?} is {:?}",
            al.unit(&catalog).id(),
            al.role,
            al.status
        );
    }
}

/// ソフトウェア製品の場合 (guideline.md §5.1).
#[test]
fn product() {
    assert_table(
        "product.ron",
        &[
            // ソフトウェア開発ベンダー | CI事業者 | Dev ○ (plain ○ read as Lead: reading 1)
            ("dev-vendor", Provider, &[(Developer, Lead, None)]),
            // 販売会社 | CI事業者 | Sup ○ (plain ○ read as Lead: reading 1)
            ("sales-company", Provider, &[(Supplier, Lead, None)]),
            // 購入者 | 顧客(運用者を兼ねる) | Op ○, Cust ○ (plain ○ read as Lead: reading 1)
            (
                "purchaser",
                CustomerDiv,
                &[(Operator, Lead, None), (Customer, Lead, None)],
            ),
        ],
        Some("purchaser"),
    );
}

/// ソフトウェアサービスの場合 (guideline.md §5.2).
#[test]
fn service() {
    assert_table(
        "service.ron",
        &[
            // サービスプロバイダ（プライム事業者） | CI事業者 | Dev ○(主体), Sup ○, Op ○
            // (plain ○ read as Lead: reading 1; operator scope "service": reading 3)
            (
                "service-provider",
                Provider,
                &[
                    (Developer, Lead, None),
                    (Supplier, Lead, None),
                    (Operator, Lead, Some("service")),
                ],
            ),
            // サービス開発支援（サブ事業者） | CI事業者 | Dev ○(支援)
            ("dev-support", Provider, &[(Developer, Support, None)]),
            // インフラ事業者（サブ事業者） | CI事業者 | Op ○
            // (uncertain: a single plain ○, placed under Op and read as Operator(Infra): reading 2)
            ("infra-provider", Provider, &[(Operator, Infra, None)]),
            // サービス利用者 | 顧客(運用者を兼ねる) | Op ○, Cust ○
            // (operator scope "use" by shared responsibility: reading 3)
            (
                "service-user",
                CustomerDiv,
                &[(Operator, Lead, Some("use")), (Customer, Lead, None)],
            ),
        ],
        Some("service-user"),
    );
}

/// 組込みソフトウェアの場合 (guideline.md §5.3).
#[test]
fn embedded() {
    assert_table(
        "embedded.ron",
        &[
            // 機器開発ベンダー | CI事業者 | Dev ○
            // (uncertain: the mark could be Sup; read as Dev: reading 4)
            ("device-vendor", Provider, &[(Developer, Lead, None)]),
            // 組込みソフトウェア開発部門 | CI事業者 | Dev ○
            // (same org as the device vendor, so the two Developer leads do not conflict: reading 4)
            ("embedded-sw-dept", Provider, &[(Developer, Lead, None)]),
            // 販売会社 | CI事業者 | Sup ○
            ("sales-company", Provider, &[(Supplier, Lead, None)]),
            // 購入者 | 顧客(運用者を兼ねる) | Op ○, Cust ○
            (
                "purchaser",
                CustomerDiv,
                &[(Operator, Lead, None), (Customer, Lead, None)],
            ),
        ],
        Some("purchaser"),
    );
}

/// システム（システムオーナーが企画、開発・運用、インフラサービスを調達するケース）, the 請負
/// pattern (guideline.md §5.4).
#[test]
fn system_contract() {
    assert_table(
        "system-contract.ron",
        &[
            // 開発運用請負業者 | CI事業者 | Dev ○(主体), Sup ○(主体), Op ○(支援)
            // (Op(支援) from an Operation contract stating Operator(Support): reading 5)
            (
                "contractor",
                Provider,
                &[
                    (Developer, Lead, None),
                    (Supplier, Lead, None),
                    (Operator, Support, None),
                ],
            ),
            // 開発支援 | CI事業者 | Dev ○(支援), Sup ○(支援)
            // (uncertain: the second mark could be Op(支援); read as Sup(支援): reading 6)
            (
                "dev-support",
                Provider,
                &[(Developer, Support, None), (Supplier, Support, None)],
            ),
            // ソフトウェアコンポーネント開発 | CI事業者 | Dev ○
            // (plain ○ read as Developer(Lead, "component"): reading 8)
            (
                "component-dev",
                Provider,
                &[(Developer, Lead, Some("component"))],
            ),
            // インフラ事業者 | CI事業者 | Dev ○, Sup ○(インフラ), Op ○(インフラ)
            // (uncertain: Sup(インフラ) clashes with the qualifier list; kept as the table shows,
            // developer lead scoped "platform": reading 7)
            (
                "infra-provider",
                Provider,
                &[
                    (Developer, Lead, Some("platform")),
                    (Supplier, Infra, None),
                    (Operator, Infra, None),
                ],
            ),
            // 調達者（システムオーナー） | 顧客(運用者を兼ねる) | Op ○(主体), Cust ○
            (
                "owner",
                CustomerDiv,
                &[(Operator, Lead, None), (Customer, Lead, None)],
            ),
        ],
        Some("owner"),
    );
}

/// システム（自社開発、系列事業者が開発・供給・運用を支援するケース） (guideline.md §5.5).
#[test]
fn system_in_house() {
    assert_table(
        "system-in-house.ron",
        &[
            // 親事業者（開発部門） | CI事業者 | Dev ○(主体), Sup ○(主体)
            (
                "dev-dept",
                Provider,
                &[(Developer, Lead, None), (Supplier, Lead, None)],
            ),
            // 系列事業者 | CI事業者 | Dev ○(支援), Sup ○(支援), Op ○(支援)
            // (written as Internal group arrangements with stated roles: reading 9)
            (
                "affiliate",
                Provider,
                &[
                    (Developer, Support, None),
                    (Supplier, Support, None),
                    (Operator, Support, None),
                ],
            ),
            // 親事業者（運用部門） | CI事業者 | Op ○(主体)
            ("ops-dept", Provider, &[(Operator, Lead, None)]),
            // 親事業者（利用部門） | 顧客 | Cust ○ (plain ○ read as Customer(Lead): reading 9)
            ("user-dept", CustomerDiv, &[(Customer, Lead, None)]),
        ],
        None,
    );
}

/// システム（準委任型委託ケース） (guideline.md §5.6).
#[test]
fn system_quasi_mandate() {
    assert_table(
        "system-quasi-mandate.ron",
        &[
            // 調達者（開発部門） | CI事業者 | Dev ○(主体), Sup ○(主体)
            (
                "dev-dept",
                Provider,
                &[(Developer, Lead, None), (Supplier, Lead, None)],
            ),
            // 調達者（運用部門） | CI事業者 | Op ○(主体)
            ("ops-dept", Provider, &[(Operator, Lead, None)]),
            // 調達者（利用部門） | 顧客 | Cust ○(主体)
            ("user-dept", CustomerDiv, &[(Customer, Lead, None)]),
            // コンサル（システム化構想） | 顧客 | Cust ○(支援)
            // (bare Customer under quasi-mandate defaults to Support: reading 11)
            ("consultant", CustomerDiv, &[(Customer, Support, None)]),
            // 調達事業者（PMO支援） | 顧客 | Cust ○(支援) (reading 11)
            ("pmo", CustomerDiv, &[(Customer, Support, None)]),
            // 開発ベンダ（開発） | CI事業者 | Dev ○(支援), Sup ○(支援)
            (
                "dev-vendor",
                Provider,
                &[(Developer, Support, None), (Supplier, Support, None)],
            ),
            // 運用ベンダ（運用保守） | CI事業者 | Dev ○(支援)?, Op ○
            // (uncertain: reading A taken, and the plain ○ read as Operator(Support) because the
            // procurer's operations department leads operation: reading 10)
            (
                "ops-vendor",
                Provider,
                &[(Developer, Support, None), (Operator, Support, None)],
            ),
        ],
        None,
    );
}

/// (code, severity, waived?, contract id, role, scope, party ids) of every finding.
type Summary = (
    Code,
    Severity,
    bool,
    Option<String>,
    Option<Role>,
    Option<String>,
    Vec<String>,
);

fn findings_of(a: &Analysis) -> Vec<Summary> {
    let m = a.model;
    a.findings
        .iter()
        .map(|f| {
            (
                f.code,
                f.severity,
                !f.is_active(),
                f.contract.map(|c| m.contracts[c].id.clone()),
                f.role,
                f.scope.clone(),
                f.parties.iter().map(|&p| m.parties[p].id.clone()).collect(),
            )
        })
        .collect()
}

fn contracts_with(found: &[Summary], code: Code, severity: Severity, waived: bool) -> Vec<String> {
    let mut v: Vec<String> = found
        .iter()
        .filter(|f| f.0 == code && f.1 == severity && f.2 == waived)
        .filter_map(|f| f.3.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn codes_at(found: &[Summary], severity: Severity) -> BTreeSet<Code> {
    found
        .iter()
        .filter(|f| f.1 == severity && !f.2)
        .map(|f| f.0)
        .collect()
}

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

/// The six use cases state roles on a contract only where the guideline requires it (準委任,
/// group arrangements: the kind has no defaults) or where no rule derives the table's marks
/// (the 請負 case's infrastructure provider: ○, ○(インフラ), ○(インフラ)). Everything else comes
/// from the contract kinds and the chain rules.
#[test]
fn templates_state_roles_only_where_needed() {
    let catalog = Catalog::builtin();
    let underivable: &[(&str, &str)] = &[("system-contract.ron", "infrastructure")];
    for file in [
        "product.ron",
        "service.ron",
        "embedded.ron",
        "system-contract.ron",
        "system-in-house.ron",
        "system-quasi-mandate.ron",
    ] {
        let model = load(file, &catalog);
        for c in &model.contracts {
            if c.roles.is_none() {
                continue;
            }
            let required = rolemap::derive::rule(c.kind).roles_required;
            let listed = underivable.contains(&(file, c.id.as_str()));
            assert!(
                required || listed,
                "{file}: contract {:?} ({:?}) states roles its kind and the chain rules would derive",
                c.id,
                c.kind
            );
        }
    }
    // In the 請負 case the contractor's Operator(Support) and the development support's marks
    // come from flow-down, not from stated roles.
    let model = load("system-contract.ron", &catalog);
    let a = analyse(&model, &catalog, options());
    for (party, role) in [
        ("contractor", Operator),
        ("dev-support", Developer),
        ("dev-support", Supplier),
    ] {
        let p = model.party(party).unwrap();
        let h = a
            .roles
            .of_party(p)
            .find(|h| h.role == role)
            .unwrap_or_else(|| panic!("{party} holds {role:?}"));
        assert_eq!(h.qualifier, Support, "{party} {role:?}");
        assert!(
            h.because
                .iter()
                .all(|b| matches!(b, Because::FlowDown { client: Lead, .. })),
            "{party} {role:?}: {:?}",
            h.because
        );
    }
}
