//! Properties of chains: subcontracts and consortium members below a lead never create
//! `multiple-leads`, and time is relative.

use super::*;

proptest! {
    #![proptest_config(config())]

    /// (f) Adding a subcontract below a lead never creates `multiple-leads`: a new provider
    /// engaged, without stated roles, by a party that already holds (as Lead or Support) every
    /// role the contract's kind would pass as Lead supports those roles (flow-down), so no new
    /// conflict appears (issue "Chains as they really are", item 9).
    #[test]
    fn a_subcontract_below_a_lead_never_creates_multiple_leads(
        spec in model_spec(),
        client in any::<Index>(),
        kind in prop::sample::select(ContractKind::ALL),
    ) {
        let catalog = Catalog::builtin();
        let before_text = in_order(&spec);
        let m = load(&before_text, &catalog);
        let before = analyse(&m, &catalog, options());
        let a = client.index(spec.parties.len());
        let id = format!("p{a}");
        let pa = m.party(&id).unwrap();
        // Held by other means than a direct sale: a direct seller that starts buying from the
        // new party (Sales, Distribution, Development, Component) is supplied from then on, and
        // the new party is the developer instead, by the same rule.
        let held: BTreeSet<(Role, Option<String>)> = before
            .roles
            .of_party(pa)
            .filter(|h| matches!(h.qualifier, Qualifier::Lead | Qualifier::Support))
            .filter(|h| !h.because.iter().any(|b| matches!(b, Because::DirectSale { .. })))
            // Held on every day: an undated subcontract of a client that holds the role for a
            // while leads on the other days, as it should.
            .filter(|h| h.periods.is_always())
            .map(|h| (h.role, h.scope.clone()))
            .collect();
        let r = rule(kind);
        let mut needed: Vec<(Role, Option<String>)> = r
            .defaults
            .iter()
            .filter(|(_, q, _)| *q == Qualifier::Lead)
            .map(|(role, _, s)| (*role, s.map(str::to_string)))
            .collect();
        // A seller supplied by nobody is a developer too (direct sale).
        if kind == ContractKind::Sales {
            needed.push((Role::Developer, None));
        }
        // An operating client of a `Service` gains Operator(Lead, "use") itself (shared
        // responsibility): a client-side rule, not a subcontract's, left out here.
        prop_assume!(!(r.client_operates_use && spec.parties[a].operates));
        prop_assume!(!r.roles_required && needed.iter().all(|k| held.contains(k)));

        let mut after_spec = spec.clone();
        let n = after_spec.parties.len();
        after_spec.parties.push(PartySpec {
            division: Division::Provider,
            org: None,
            operates: false,
            roles: vec![],
        });
        after_spec.contracts.push(ContractSpec {
            client: a,
            contractor: n,
            kind,
            roles: None,
            security_terms: true,
            support_until: None,
            from: None,
            until: None,
            approved: false,
            client_jv: false,
            contractor_jv: false,
        });
        let after_text = in_order(&after_spec);
        let m2 = load(&after_text, &catalog);
        let after = analyse(&m2, &catalog, options());
        // No new conflict, and the new party leads nothing the kind passes: it supports.
        no_new_leads(&before, &after, &m2, n, &after_text)?;
    }
}

/// A model with a consortium (whichever the generator made, else one of random members),
/// and the member to add.
fn model_with_consortium() -> impl Strategy<Value = ModelSpec> {
    model_spec().prop_flat_map(|spec| {
        let n = spec.parties.len();
        (Just(spec), consortium_spec(n)).prop_map(|(mut spec, j)| {
            if spec.consortia.is_empty() {
                spec.consortia.push(j);
            }
            spec
        })
    })
}

/// `after`, the analysis of `before`'s model with party `p{n}` added (`after_model`, written as
/// `after_text`), has no `multiple-leads` that `before` lacks, and `p{n}` leads nothing.
fn no_new_leads(
    before: &Analysis,
    after: &Analysis,
    after_model: &rolemap::Model,
    n: usize,
    after_text: &str,
) -> Result<(), TestCaseError> {
    let (old, new) = (conflicts(before), conflicts(after));
    prop_assert!(
        new.is_subset(&old),
        "new conflicts {:?}\n{}",
        new.difference(&old).collect::<Vec<_>>(),
        after_text
    );
    let pn = after_model.party(&format!("p{n}")).unwrap();
    for h in after.roles.of_party(pn) {
        prop_assert!(h.qualifier != Qualifier::Lead, "{:?}\n{}", h, after_text);
    }
    Ok(())
}

/// The `multiple-leads` findings of an analysis, by instance id.
fn conflicts(x: &Analysis) -> BTreeSet<String> {
    let cx = x.ctx();
    x.findings
        .iter()
        .filter(|f| f.code == Code::MultipleLeads)
        .map(|f| instance_id(f, &cx))
        .collect()
}

proptest! {
    #![proptest_config(config())]

    /// Adding a member to a consortium, with no roles of its own, never creates
    /// `multiple-leads`: it holds what the consortium is passed with Lead turned to Support,
    /// and members never lead against each other (issue "Chains as they really are", item 5).
    #[test]
    fn adding_a_consortium_member_never_creates_multiple_leads(spec in model_with_consortium()) {
        let catalog = Catalog::builtin();
        let before_text = in_order(&spec);
        let m = load(&before_text, &catalog);
        let before = analyse(&m, &catalog, options());
        let mut after_spec = spec.clone();
        let n = after_spec.parties.len();
        after_spec.parties.push(PartySpec {
            division: Division::Provider,
            org: None,
            operates: false,
            roles: vec![],
        });
        after_spec.consortia[0].members.push(n);
        let after_text = in_order(&after_spec);
        let m2 = load(&after_text, &catalog);
        let after = analyse(&m2, &catalog, options());
        // No new conflict, and the new member leads nothing: it supports what the consortium
        // is passed.
        no_new_leads(&before, &after, &m2, n, &after_text)?;
        let pn = m2.party(&format!("p{n}")).unwrap();
        // What it holds, it holds as a member.
        for h in after.roles.of_party(pn) {
            prop_assert!(
                h.because.iter().any(|b| matches!(b, Because::Consortium { .. })),
                "{:?}\n{}",
                h,
                after_text
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (g) Time is relative

/// What a finding says without its dates: code, severity, role, scope, parties, contracts,
/// whether it is waived.
type Dateless = (
    Code,
    String,
    Option<Role>,
    Option<String>,
    Vec<String>,
    Vec<String>,
    bool,
);

fn dateless(a: &Analysis) -> Vec<Dateless> {
    let m = a.model;
    let mut v: Vec<Dateless> = a
        .findings
        .iter()
        .map(|f| {
            let mut contracts: Vec<String> = f
                .contract
                .iter()
                .chain(&f.contracts)
                .map(|&c| m.contracts[c].id.clone())
                .collect();
            contracts.sort();
            let mut parties: Vec<String> =
                f.parties.iter().map(|&p| m.parties[p].id.clone()).collect();
            parties.sort();
            (
                f.code,
                f.severity.key().to_string(),
                f.role,
                f.scope.clone(),
                parties,
                contracts,
                f.waived_by.is_some(),
            )
        })
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(config_with(128))]

    /// Shifting every date of a model (and the day it is checked on) by the same number of
    /// days changes no finding: periods, handovers, gaps and support are relative.
    #[test]
    fn shifting_every_date_changes_no_finding(spec in model_spec(), shift in -4000i64..4000) {
        let catalog = Catalog::builtin();
        let p: Vec<usize> = (0..spec.parties.len()).collect();
        let c: Vec<usize> = (0..spec.contracts.len()).collect();
        let a_text = render_shifted(&spec, &p, &c, 0);
        let b_text = render_shifted(&spec, &p, &c, shift);
        let ma = load(&a_text, &catalog);
        let mb = load(&b_text, &catalog);
        let a = analyse(&ma, &catalog, options());
        let today = options().today.add_days(shift);
        let b = analyse(&mb, &catalog, Options { today, ..options() });
        prop_assert_eq!(dateless(&a), dateless(&b), "shift {}\n{}\n---\n{}", shift, a_text, b_text);
        // Holdings keep their qualifiers and move with the dates.
        let held = |x: &Analysis| -> BTreeSet<HoldingKey> {
            x.roles
                .holdings
                .iter()
                .map(|h| (x.model.parties[h.party].id.clone(), h.role, h.qualifier, h.scope.clone()))
                .collect()
        };
        prop_assert_eq!(held(&a), held(&b));
    }
}
