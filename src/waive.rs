//! Drafting a waiver for one finding: the narrowest entry that covers it, checked against the
//! current analysis, written in the model's own format for the user to paste. The model file is
//! never modified.

use crate::date::Date;
use crate::findings::{Code, Finding, instance_id};
use crate::load::diagnostics::{did_you_mean_after, suggest};
use crate::load::raw::{IsoDate, RawWaiver, WaiverCode, to_yaml};
use crate::load::source::{Format, Span};
use crate::model::Waiver;
use crate::{Analysis, Options, analyse};

/// Why no waiver can be drafted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaiveError {
    /// No finding of the current analysis has this id.
    UnknownFinding {
        /// The id asked for.
        id: String,
        /// The nearest existing id.
        suggestion: Option<String>,
        /// Every existing id of a waivable finding.
        known: Vec<String>,
    },
    /// Findings of this code cannot be waived (`waiver-expired`, `waiver-unused`).
    NotWaivable {
        /// The code.
        code: Code,
    },
    /// `until` is not after today.
    NotInFuture {
        /// The date given.
        until: Date,
        /// Today.
        today: Date,
    },
    /// The reason is empty.
    EmptyReason,
}

impl WaiveError {
    /// The message in English and Japanese.
    pub fn messages(&self) -> (String, String) {
        match self {
            WaiveError::UnknownFinding {
                id,
                suggestion,
                known,
            } => {
                let (mut en, mut ja) = (
                    format!("the current analysis has no finding \"{id}\""),
                    format!("現在の分析に指摘「{id}」はありません"),
                );
                if let Some(s) = suggestion {
                    let (en_hint, ja_hint) = did_you_mean_after(s);
                    en.push_str(&en_hint);
                    ja.push_str(&ja_hint);
                } else if known.is_empty() {
                    en.push_str("; it has no waivable findings");
                    ja.push_str("。免除できる指摘はありません");
                } else {
                    en.push_str(&format!("; its findings: {}", known.join(", ")));
                    ja.push_str(&format!("。指摘: {}", known.join("、")));
                }
                (en, ja)
            }
            WaiveError::NotWaivable { code } => (
                format!(
                    "findings of code \"{code}\" cannot be waived; fix or remove the waiver instead"
                ),
                format!(
                    "コード「{code}」の指摘は免除できません。免除の記述を修正または削除してください"
                ),
            ),
            WaiveError::NotInFuture { until, today } => (
                format!(
                    "--until {until} is not after today ({today}); a waiver must expire in the future"
                ),
                format!(
                    "--until {until} が今日 ({today}) より後ではありません。免除の期限は将来の日付にしてください"
                ),
            ),
            WaiveError::EmptyReason => (
                "--reason must say why the finding is accepted".into(),
                "--reason には指摘を受け入れる理由を書いてください".into(),
            ),
        }
    }
}

/// A waiver ready to paste, and what it covers.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The entry, in the model-file structure.
    pub entry: RawWaiver,
    /// The instance id of the finding asked for.
    pub target: String,
    /// Other findings the entry covers too (a waiver cannot name a role or a scope).
    pub also_covers: Vec<String>,
    /// The waiver (index into the model's `waivers`) that already covers the finding, if any.
    pub already_waived_by: Option<usize>,
    /// An expired waiver (index) that would cover the finding again if renewed: the entry to
    /// replace.
    pub renews: Option<usize>,
}

/// The ids of the findings a waiver may cover, in the analysis' order.
pub fn waivable_ids(a: &Analysis) -> Vec<String> {
    let cx = a.ctx();
    a.findings
        .iter()
        .filter(|f| f.code.waivable())
        .map(|f| instance_id(f, &cx))
        .collect()
}

/// The narrowest waiver that covers the finding `id`, checked by analysing the model again with
/// the waiver added.
pub fn draft(
    a: &Analysis,
    id: &str,
    reason: &str,
    owner: Option<&str>,
    until: Date,
) -> Result<Draft, WaiveError> {
    let cx = a.ctx();
    let found: Option<&Finding> = a.findings.iter().find(|f| instance_id(f, &cx) == id);
    let Some(f) = found else {
        let known = waivable_ids(a);
        return Err(WaiveError::UnknownFinding {
            id: id.to_string(),
            suggestion: suggest(id, known.iter().map(String::as_str)),
            known,
        });
    };
    if !f.code.waivable() {
        return Err(WaiveError::NotWaivable { code: f.code });
    }
    if reason.trim().is_empty() {
        return Err(WaiveError::EmptyReason);
    }
    if until <= a.today {
        return Err(WaiveError::NotInFuture {
            until,
            today: a.today,
        });
    }
    let m = a.model;
    let contract = f.contract.or_else(|| f.contracts.first().copied());
    let requirement = f
        .allocation
        .map(|i| a.allocations[i].unit(a.catalog).id().to_string());
    let party = if contract.is_none() {
        f.parties.first().copied()
    } else {
        None
    };
    let waiver = Waiver {
        code: f.code,
        reason: reason.to_string(),
        owner: owner.map(str::to_string),
        until,
        contract,
        party,
        requirement: requirement.clone(),
        span: Span::default(),
    };
    // What the entry covers: analyse the model with it.
    let mut with = m.clone();
    with.waivers.push(waiver);
    let wi = with.waivers.len() - 1;
    let b = analyse(
        &with,
        a.catalog,
        Options {
            package: Some(a.package),
            today: a.today,
        },
    );
    let bcx = b.ctx();
    let covered: Vec<String> = b
        .findings
        .iter()
        .filter(|g| g.because.contains(&crate::Because::Waiver { index: wi }))
        .map(|g| instance_id(g, &bcx))
        .collect();
    debug_assert!(
        covered.iter().any(|c| c == id),
        "the draft covers its finding"
    );
    // An expired waiver of the same code that covered this finding: renewing means replacing it.
    let renews = m.waivers.iter().enumerate().find_map(|(i, w)| {
        if w.code != f.code || w.until >= a.today {
            return None;
        }
        let mut renewed = m.clone();
        renewed.waivers[i].until = until;
        let r = analyse(
            &renewed,
            a.catalog,
            Options {
                package: Some(a.package),
                today: a.today,
            },
        );
        let rcx = r.ctx();
        r.findings
            .iter()
            .any(|g| g.waived_by == Some(i) && instance_id(g, &rcx) == id)
            .then_some(i)
    });
    Ok(Draft {
        entry: RawWaiver {
            code: WaiverCode(f.code),
            reason: reason.to_string(),
            owner: owner.map(str::to_string),
            until: IsoDate(until),
            contract: contract.map(|c| m.contracts[c].id.clone()),
            party: party.map(|p| m.parties[p].id.clone()),
            requirement,
        },
        target: id.to_string(),
        also_covers: covered.into_iter().filter(|c| c != id).collect(),
        already_waived_by: f.waived_by,
        renews,
    })
}

/// A string as a RON string literal.
fn ron_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The entry as text to paste into the `waivers` list of a model in `format`.
pub fn entry_text(d: &Draft, format: Format) -> String {
    let v = serde_json::to_value(&d.entry).expect("a waiver serialises");
    match format {
        Format::Json => crate::render::json_out::pretty_text(&v),
        Format::Yaml => to_yaml(&serde_json::Value::Array(vec![v])),
        Format::Ron => {
            let mut s = String::from("(\n");
            if let serde_json::Value::Object(map) = v {
                for (k, val) in map {
                    let text = match val {
                        serde_json::Value::String(x) => ron_string(&x),
                        other => other.to_string(),
                    };
                    s.push_str(&format!("    {k}: {text},\n"));
                }
            }
            s.push_str("),\n");
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::load::parse_model;

    const M: &str = r#"(name: "w", parties: {
        "owner": (name: "Owner", division: Customer),
        "vendor": (name: "Vendor", division: Provider),
        "iaas": (name: "IaaS", division: Provider),
    }, contracts: [
        (id: "dev", client: "owner", contractor: "vendor", kind: Development, security_terms: true),
        (id: "hosting", client: "vendor", contractor: "iaas", kind: Infrastructure),
    ])"#;

    fn with<T>(text: &str, f: impl FnOnce(&Analysis) -> T) -> T {
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
        f(&a)
    }

    #[test]
    fn drafts_the_narrowest_entry_and_it_reads_back() {
        let until = Date::parse("2027-03-31").unwrap();
        let entry = with(M, |a| {
            let d = draft(
                a,
                "no-security-terms@hosting",
                "terms \"reviewed\"",
                Some("ciso"),
                until,
            )
            .unwrap();
            assert_eq!(d.entry.contract.as_deref(), Some("hosting"));
            assert!(d.also_covers.is_empty());
            entry_text(&d, Format::Ron)
        });
        assert!(
            entry.contains(r#"reason: "terms \"reviewed\"","#),
            "{entry}"
        );
        // Pasted into the model, it waives the finding and is used.
        let pasted = M.replace("])", &format!("], waivers: [{entry}])"));
        with(&pasted, |a| {
            let f = a
                .findings
                .iter()
                .find(|f| f.code == Code::NoSecurityTerms)
                .unwrap();
            assert!(!f.is_active());
            assert!(a.findings.iter().all(|f| f.code != Code::WaiverUnused));
            let (w, waiver) = a.waived().next().unwrap();
            assert_eq!(a.instance_id(w), "no-security-terms@hosting");
            assert_eq!(waiver.owner.as_deref(), Some("ciso"));
        });
    }

    #[test]
    fn rejects_unknown_ids_past_dates_and_waiver_codes() {
        let today = Date::parse("2026-11-25").unwrap();
        with(M, |a| {
            match draft(
                a,
                "no-security-terms@hostin",
                "r",
                None,
                Date::parse("2027-01-01").unwrap(),
            ) {
                Err(WaiveError::UnknownFinding { suggestion, .. }) => {
                    assert_eq!(suggestion.as_deref(), Some("no-security-terms@hosting"))
                }
                other => panic!("{other:?}"),
            }
            assert!(matches!(
                draft(a, "no-security-terms@hosting", "r", None, today),
                Err(WaiveError::NotInFuture { .. })
            ));
            assert!(matches!(
                draft(
                    a,
                    "no-security-terms@hosting",
                    " ",
                    None,
                    Date::parse("2027-01-01").unwrap()
                ),
                Err(WaiveError::EmptyReason)
            ));
        });
    }

    #[test]
    fn renewing_an_expired_waiver_names_the_entry_to_replace() {
        let expired = M.replace(
            "])",
            r#"], waivers: [(code: "no-security-terms", contract: "hosting", reason: "old", until: "2026-01-31")])"#,
        );
        with(&expired, |a| {
            let d = draft(
                a,
                "no-security-terms@hosting",
                "renewed",
                None,
                Date::parse("2027-01-31").unwrap(),
            )
            .unwrap();
            assert_eq!(d.renews, Some(0));
            assert_eq!(d.already_waived_by, None);
        });
    }

    #[test]
    fn json_and_yaml_entries() {
        let until = Date::parse("2027-03-31").unwrap();
        with(M, |a| {
            let d = draft(a, "no-security-terms@hosting", "ok", None, until).unwrap();
            let j: serde_json::Value = serde_json::from_str(&entry_text(&d, Format::Json)).unwrap();
            assert_eq!(j["contract"], "hosting");
            assert!(entry_text(&d, Format::Yaml).starts_with("- \"code\": \"no-security-terms\""));
        });
    }
}
