//! Time: roles hold over their contracts' periods; handovers are no conflict; days of use
//! without a lead are `coverage-gap`; successors close support gaps; `--at` evaluates one day;
//! the outputs show periods.

use crate::common;
use common::{TODAY, run};
use rolemap::derive::Because;
use rolemap::load::parse_model;
use rolemap::{Catalog, Code, Date, Model, Options, Qualifier, Role, analyse};

fn model(extra: &str, parties: &str, contracts: &str) -> Model {
    let text = format!(
        "#![enable(implicit_some)]\n(\n    name: \"time\",\n{extra}\n    parties: {{\n{parties}\n    }},\n    contracts: [\n{contracts}\n    ],\n)\n"
    );
    parse_model("time.ron", &text, &Catalog::builtin())
        .unwrap_or_else(|e| panic!("does not load:\n{e}\n{text}"))
}

fn options() -> Options {
    Options {
        package: None,
        today: Date::parse(TODAY).unwrap(),
    }
}

const TIERS: &str = r#"
        "owner": (name: "Owner", division: Customer, operates: true),
        "prime": (name: "Prime", division: Provider),
        "tier2": (name: "Tier 2", division: Provider),
        "other": (name: "Other vendor", division: Provider),"#;

/// (qualifier, days) of each holding of one party's role.
fn held(m: &Model, a: &rolemap::Analysis, party: &str, role: Role) -> Vec<(Qualifier, String)> {
    a.roles
        .of_party(m.party(party).unwrap())
        .filter(|h| h.role == role)
        .map(|h| (h.qualifier, h.periods.compact()))
        .collect()
}

fn codes(a: &rolemap::Analysis) -> Vec<Code> {
    a.findings.iter().map(|f| f.code).collect()
}

#[test]
fn a_subcontract_supports_only_while_its_client_holds_the_role() {
    // The prime's contract ends in March 2027; its subcontract runs a year longer: tier 2
    // supports while the prime leads, and the 請負 passes it the lead after that.
    let catalog = Catalog::builtin();
    let m = model(
        "",
        TIERS,
        r#"
        (id: "dev", client: "owner", contractor: "prime", kind: Development, security_terms: true,
         from: "2024-04-01", until: "2027-03-31"),
        (id: "sub", client: "prime", contractor: "tier2", kind: Development, security_terms: true,
         from: "2025-04-01", until: "2028-03-31"),"#,
    );
    let a = analyse(&m, &catalog, options());
    assert_eq!(
        held(&m, &a, "tier2", Role::Developer),
        [
            (Qualifier::Lead, "2027-04-01..2028-03-31".to_string()),
            (Qualifier::Support, "2025-04-01..2027-03-31".to_string()),
        ]
    );
    // The support names both contracts; the lead is the kind's default.
    let tier2 = m.party("tier2").unwrap();
    let support = a
        .roles
        .of_party(tier2)
        .find(|h| h.role == Role::Developer && h.qualifier == Qualifier::Support)
        .unwrap();
    assert!(matches!(
        support.because[..],
        [Because::FlowDown { contract, via: rolemap::derive::Via::Contract(c), .. }]
            if contract == m.contract("sub").unwrap() && c == m.contract("dev").unwrap()
    ));
    // Prime and tier 2 lead one after the other: a handover, no conflict.
    assert!(!codes(&a).contains(&Code::MultipleLeads), "{:?}", codes(&a));
}

#[test]
fn a_subcontract_outside_its_clients_period_is_not_flowed_down() {
    let catalog = Catalog::builtin();
    let m = model(
        "",
        TIERS,
        r#"
        (id: "dev", client: "owner", contractor: "prime", kind: Development, until: "2025-03-31"),
        (id: "sub", client: "prime", contractor: "tier2", kind: Development, from: "2025-04-01"),"#,
    );
    let a = analyse(&m, &catalog, options());
    assert_eq!(
        held(&m, &a, "tier2", Role::Developer),
        [(Qualifier::Lead, "2025-04-01..".to_string())]
    );
}

#[test]
fn overlapping_leads_conflict_on_the_days_they_share_and_the_finding_says_which() {
    let catalog = Catalog::builtin();
    let m = model(
        "",
        TIERS,
        r#"
        (id: "a", client: "owner", contractor: "prime", kind: Development, security_terms: true,
         from: "2024-04-01", until: "2027-06-30"),
        (id: "b", client: "owner", contractor: "other", kind: Development, security_terms: true,
         from: "2027-04-01"),"#,
    );
    let a = analyse(&m, &catalog, options());
    let ml: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::MultipleLeads)
        .collect();
    assert!(!ml.is_empty());
    let cx = a.ctx();
    for f in &ml {
        assert_eq!(
            f.periods.as_ref().unwrap().compact(),
            "2027-04-01..2027-06-30"
        );
        assert_eq!(f.parties.len(), 2);
        let en = rolemap::findings::render(f, &cx, rolemap::Lang::En).message;
        assert!(en.contains("from 2027-04-01 to 2027-06-30"), "{en}");
        let ja = rolemap::findings::render(f, &cx, rolemap::Lang::Ja).message;
        assert!(ja.contains("2027-04-01から2027-06-30まで"), "{ja}");
    }
    // No gap: someone leads on every day from the first start.
    assert!(!codes(&a).contains(&Code::CoverageGap));
}

#[test]
fn a_gap_at_the_start_names_nobody_before_and_the_lead_after() {
    let catalog = Catalog::builtin();
    let m = model(
        r#"    use_from: "2024-04-01", use_until: "2030-03-31","#,
        TIERS,
        r#"
        (id: "dev", client: "owner", contractor: "prime", kind: Development, security_terms: true,
         from: "2025-04-01"),"#,
    );
    let a = analyse(&m, &catalog, options());
    let gaps: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::CoverageGap)
        .collect();
    assert_eq!(gaps.len(), 2, "Developer and Supplier");
    for f in gaps {
        assert_eq!(
            f.periods.as_ref().unwrap().compact(),
            "2024-04-01..2025-03-31"
        );
        let (before, after) = f.around.clone().unwrap();
        assert!(before.is_empty());
        assert_eq!(after, [m.party("prime").unwrap()]);
        // It points at the `from` of the contract that starts.
        let pos = m.file.line_col(f.span.unwrap().start);
        assert!(
            m.file
                .text()
                .lines()
                .nth(pos.line - 1)
                .unwrap()
                .contains("from: \"2025-04-01\""),
            "{pos:?}"
        );
    }
}

#[test]
fn a_role_never_led_is_no_lead_not_a_gap_and_undated_models_have_no_gaps() {
    let catalog = Catalog::builtin();
    // Nobody leads Developer at all (only a quasi-mandate supporter, for a while).
    let m = model(
        r#"    use_until: "2030-03-31","#,
        TIERS,
        r#"
        (id: "help", client: "owner", contractor: "tier2", kind: QuasiMandate, roles: [Developer],
         security_terms: true, from: "2025-04-01", until: "2026-03-31"),"#,
    );
    let a = analyse(&m, &catalog, options());
    assert!(codes(&a).contains(&Code::NoLead));
    assert!(
        !a.findings
            .iter()
            .any(|f| f.code == Code::CoverageGap && f.role == Some(Role::Developer)),
        "{:?}",
        codes(&a)
    );
    // The same chain without dates: no period anywhere, no gap.
    for name in ["ministry-benefits", "municipal-hospital", "service"] {
        let m = common::load(&format!("models/{name}.ron"));
        let a = common::analyse(&m, &catalog);
        assert!(!codes(&a).contains(&Code::CoverageGap), "{name}");
        assert!(a.roles.holdings.iter().all(|h| h.periods.is_always()));
    }
}

#[test]
fn a_scope_of_its_own_gets_its_own_gap() {
    // The customer leads its use of the service always; the service provider's contract
    // ends: Operator in scope "service" has a gap, the role as a whole does not.
    let catalog = Catalog::builtin();
    let m = model(
        r#"    use_until: "2030-03-31","#,
        TIERS,
        r#"
        (id: "saas", client: "owner", contractor: "prime", kind: Service, security_terms: true,
         from: "2024-04-01", until: "2028-03-31"),"#,
    );
    let a = analyse(&m, &catalog, options());
    let ops: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::CoverageGap && f.role == Some(Role::Operator))
        .map(|f| (f.scope.clone(), f.periods.as_ref().unwrap().compact()))
        .collect();
    assert_eq!(
        ops,
        [(
            Some("service".to_string()),
            "2028-04-01..2030-03-31".to_string()
        )]
    );
}

#[test]
fn support_gap_counts_successors_that_take_over_the_next_day() {
    let catalog = Catalog::builtin();
    let contracts = |successor_from: &str| {
        format!(
            r#"
        (id: "run-a", client: "owner", contractor: "prime", kind: Operation, security_terms: true,
         until: "2027-03-31", support_until: "2027-03-31"),
        (id: "run-b", client: "owner", contractor: "other", kind: Operation, security_terms: true,
         from: "{successor_from}", support_until: "2032-03-31"),"#
        )
    };
    let parties = r#"
        "owner": (name: "Owner", division: Customer),
        "prime": (name: "Prime", division: Provider),
        "other": (name: "Other vendor", division: Provider),"#;
    let gaps = |from: &str| -> Vec<String> {
        let m = model(r#"    use_until: "2032-03-31","#, parties, &contracts(from));
        let a = analyse(&m, &catalog, options());
        a.findings
            .iter()
            .filter(|f| f.code == Code::SupportGap)
            .map(|f| m.contracts[f.contract.unwrap()].id.clone())
            .collect()
    };
    // Taking over the next day: no gap.
    assert!(gaps("2027-04-01").is_empty());
    // A day missing between them: the gap stays (and the days without a lead are a
    // coverage gap of their own).
    assert_eq!(gaps("2027-04-02"), ["run-a"]);
    // A successor whose own support ends early covers only that far.
    let m = model(
        r#"    use_until: "2032-03-31","#,
        parties,
        &contracts("2027-04-01").replace(
            "support_until: \"2032-03-31\"",
            "support_until: \"2030-03-31\"",
        ),
    );
    let a = analyse(&m, &catalog, options());
    let ids: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.code == Code::SupportGap)
        .map(|f| m.contracts[f.contract.unwrap()].id.as_str())
        .collect();
    assert_eq!(ids, ["run-a", "run-b"]);
}

const RETENDER: &str = "models/municipal-retender.ron";

#[test]
fn at_evaluates_the_chain_on_one_day() {
    // Before the handover: vendor A leads all; no gap, no support gap on that day's chain.
    let (code, out, err) = run(&["check", RETENDER, "--at", "2026-04-01", "--today", TODAY]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !out.contains("coverage-gap") && !out.contains("unassigned"),
        "{out}"
    );
    // After it: vendor B runs the system, nobody develops or supplies it that day.
    let (code, out, _) = run(&[
        "check",
        RETENDER,
        "--at",
        "2028-04-01",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let contracts: Vec<&str> = v["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(contracts, ["run-b", "hosting"]);
    let unassigned: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "unassigned")
        .filter_map(|f| f["role"].as_str())
        .collect();
    assert!(unassigned.contains(&"developer"), "{unassigned:?}");
    // The matrix, explain, report and graph take it too.
    let (code, out, err) = run(&["matrix", RETENDER, "--at", "2028-04-01", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.lines().next().unwrap().contains("vendor-a,") || out.contains("vendor-b"));
    for args in [
        &["explain", RETENDER, "vendor-a", "--at", "2028-04-01"][..],
        &["graph", RETENDER, "--at", "2028-04-01"][..],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(!out.contains("run-a"), "{args:?}: {out}");
    }
}

#[test]
fn a_bad_at_date_is_a_usage_error_with_a_hint() {
    for bad in ["2027-02-30", "tomorrow", "2027-4-1"] {
        let (code, out, err) = run(&["check", RETENDER, "--at", bad]);
        assert_eq!(code, 2, "{bad}");
        assert!(out.is_empty());
        assert!(
            err.contains(bad) && err.contains("YYYY-MM-DD") && err.contains("hint"),
            "{err}"
        );
    }
}

#[test]
fn outputs_show_periods_where_holdings_are_time_bounded() {
    // explain: the roles and the duties.
    let (code, out, _) = run(&["explain", RETENDER, "vendor-a", "--today", TODAY]);
    assert_eq!(code, 0);
    assert!(
        out.contains("operator (lead, from 2022-04-01 to 2027-03-31)"),
        "{out}"
    );
    let (_, out, _) = run(&["--lang", "ja", "explain", RETENDER, "vendor-a"]);
    assert!(out.contains("2022-04-01から2027-03-31まで"), "{out}");
    let (_, out, _) = run(&["explain", RETENDER, "vendor-a", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["roles"][0]["periods"],
        serde_json::json!([{"from": "2022-04-01", "until": "2027-03-31"}])
    );
    // The matrix in every format.
    for (format, want) in [
        ("md", "L [2022-04-01..2027-03-31]"),
        ("csv", "L [2022-04-01..2027-03-31]"),
        ("json", "L [2022-04-01..2027-03-31]"),
        ("text", "2022-04-01..2027-03-31"),
    ] {
        let (code, out, err) = run(&["matrix", RETENDER, "--format", format]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(want), "{format}: {out}");
    }
    // The diagram's edge labels.
    let (_, out, _) = run(&["graph", RETENDER, "--format", "dot"]);
    assert!(out.contains("2027-04-01..2032-03-31"), "{out}");
    // The report's data.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    let (code, _, err) = run(&[
        "report",
        RETENDER,
        "-o",
        &page.to_string_lossy(),
        "--today",
        TODAY,
    ]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    // The days are in the data; the why panel and the cells' tooltips show them.
    assert!(html.contains("2022-04-01..2027-03-31") && html.contains("d.when"));
    assert!(html.contains("whens(a).get(p)"));
    // check's JSON: the gap's days, before and after.
    let (_, out, _) = run(&["check", RETENDER, "--format", "json", "--today", TODAY]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let gap = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "coverage-gap" && f["role"] == "developer")
        .unwrap();
    assert_eq!(
        gap["when"],
        serde_json::json!({
            "periods": [{"from": "2027-04-01", "until": "2032-03-31"}],
            "before": ["vendor-a"],
            "after": [],
        })
    );
}
