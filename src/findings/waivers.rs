//! Waivers: which findings a waiver covers, the waiver codes (`waiver-expired`,
//! `waiver-unused`), and the status `waived` of the allocations they cover.

use super::*;

/// Give allocations whose gap (`unassigned`, `no-lead`) or conflict (`multiple-leads`) is
/// waived the status `waived`.
pub fn mark_waived(findings: &[Finding], allocations: &mut [Allocation]) {
    for f in findings {
        if f.waived_by.is_some()
            && let Some(i) = f.allocation
            && matches!(
                f.code,
                Code::Unassigned | Code::NoLead | Code::MultipleLeads
            )
        {
            allocations[i].status = Status::Waived;
        }
    }
}

fn waiver_matches(cx: &Ctx, w: &crate::model::Waiver, f: &Finding) -> bool {
    if w.code != f.code {
        return false;
    }
    if let Some(c) = w.contract
        && f.contract != Some(c)
        && !f.contracts.contains(&c)
    {
        return false;
    }
    if let Some(p) = w.party
        && !f.parties.contains(&p)
    {
        return false;
    }
    if let Some(req) = &w.requirement {
        let Some(i) = f.allocation else { return false };
        let unit = cx.allocations[i].unit(cx.catalog);
        if unit.id() != req && unit.requirement.id != *req {
            return false;
        }
    }
    true
}

pub(super) fn apply_waivers(cx: &Ctx, out: &mut Vec<Finding>) {
    let mut extra = Vec::new();
    for (wi, w) in cx.model.waivers.iter().enumerate() {
        if w.until < cx.today {
            extra.push(waiver_expired::finding(cx, wi));
            continue;
        }
        // A waiver is used when it matches a finding, even one an earlier waiver already
        // covers: overlapping waivers are both in use, whatever their order.
        let mut used = false;
        for f in out.iter_mut() {
            if waiver_matches(cx, w, f) {
                used = true;
                if f.waived_by.is_none() {
                    f.waived_by = Some(wi);
                    f.because.push(Because::Waiver { index: wi });
                }
            }
        }
        if !used {
            extra.push(waiver_unused::finding(cx, wi));
        }
    }
    out.extend(extra);
}

#[cfg(test)]
mod tests {
    use crate::load::parse_model;
    use crate::{Catalog, Code, Date, Options, analyse};

    fn model(waivers: &str) -> String {
        format!(
            r#"(name: "w", parties: {{
                "owner": (name: "Owner", division: Customer, operates: true),
                "vendor": (name: "Vendor", division: Provider),
                "iaas": (name: "IaaS", division: Provider),
            }}, contracts: [
                (id: "dev", client: "owner", contractor: "vendor", kind: Development, security_terms: true),
                (id: "hosting", client: "vendor", contractor: "iaas", kind: Infrastructure),
            ], waivers: [{waivers}])"#
        )
    }

    /// What `f` makes of the findings of the model `text`, analysed on 2026-11-25, sorted.
    fn findings_of<T: Ord>(
        text: &str,
        f: impl Fn(&super::Finding, &super::Ctx) -> Option<T>,
    ) -> Vec<T> {
        let cat = Catalog::builtin();
        let m = parse_model("w.ron", text, &cat).unwrap();
        let a = analyse(
            &m,
            &cat,
            Options {
                package: None,
                today: Date::parse("2026-11-25").unwrap(),
            },
        );
        let cx = a.ctx();
        let mut v: Vec<T> = a.findings.iter().filter_map(|x| f(x, &cx)).collect();
        v.sort();
        v
    }

    fn codes(text: &str) -> Vec<(Code, bool)> {
        findings_of(text, |f, _| {
            (f.code != Code::CustomerOperates).then_some((f.code, f.is_active()))
        })
    }

    #[test]
    fn overlapping_waivers_are_both_used_in_any_order() {
        let a = r#"(code: "no-security-terms", contract: "hosting", reason: "IaaS terms reviewed", until: "2027-03-31")"#;
        let b = r#"(code: "no-security-terms", reason: "blanket acceptance for this pilot", until: "2027-03-31")"#;
        let ab = codes(&model(&format!("{a}, {b}")));
        let ba = codes(&model(&format!("{b}, {a}")));
        assert_eq!(ab, vec![(Code::NoSecurityTerms, false)]);
        assert_eq!(ab, ba);
    }

    /// Waiver findings are named by what the waiver covers: reordering the waivers keeps
    /// their ids.
    #[test]
    fn waiver_finding_ids_do_not_depend_on_order() {
        let ids = |text: &str| {
            findings_of(text, |f, cx| {
                f.waiver.is_some().then(|| super::instance_id(f, cx))
            })
        };
        // Neither covers anything: both are unused.
        let a = r#"(code: "no-security-terms", contract: "dev", reason: "r", until: "2027-03-31")"#;
        let b = r#"(code: "support-gap", party: "vendor", reason: "r", until: "2027-03-31")"#;
        let ab = ids(&model(&format!("{a}, {b}")));
        assert_eq!(
            ab,
            [
                "waiver-unused@no-security-terms/contract:dev",
                "waiver-unused@support-gap/party:vendor"
            ]
        );
        assert_eq!(ab, ids(&model(&format!("{b}, {a}"))));
    }

    #[test]
    fn waiver_codes_cannot_be_waived() {
        let cat = Catalog::builtin();
        let text = model(r#"(code: "waiver-unused", reason: "x", until: "2027-03-31")"#);
        let err = parse_model("w.ron", &text, &cat).unwrap_err();
        assert_eq!(err.diagnostics[0].problem.code(), "not-waivable");
    }
}
