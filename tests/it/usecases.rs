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

mod larger;
mod roles;

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
