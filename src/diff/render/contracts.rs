//! The Contracts section of `diff`: contracts added, removed, and the fields that changed, in
//! text, Markdown and JSON.

use std::fmt::Write;

use crate::diff::Diff;
use crate::diff::contracts::{ContractDiff, ContractField};
use crate::i18n::Lang;
use crate::style::{Paint, WIDTH, shown, wrap};
use crate::{Analysis, tr};

/// A value as shown: as written, or what its absence means.
fn value(field: ContractField, v: Option<&str>, lang: Lang) -> String {
    match v {
        Some(v) => shown(v).into_owned(),
        None => match field {
            ContractField::Roles => lang.pick("the kind's defaults", "種類の既定").into(),
            ContractField::From | ContractField::Until => lang.pick("open", "指定なし").into(),
            _ => lang.pick("none", "なし").into(),
        },
    }
}

/// `owner → prime, Development`: who engages whom, and how.
fn parties_and_kind(c: &ContractDiff, old: &Analysis, new: &Analysis, lang: Lang) -> String {
    let (m, i) = match (c.new, c.old) {
        (Some(i), _) => (new.model, i),
        (None, Some(i)) => (old.model, i),
        (None, None) => unreachable!("a contract change has at least one side"),
    };
    let k = &m.contracts[i];
    let client = ContractField::Client.value(m, k).unwrap_or_default();
    let contractor = ContractField::Contractor.value(m, k).unwrap_or_default();
    let kind = k.kind.label(lang);
    let terms = if k.security_terms {
        lang.pick("security terms", "セキュリティ要件あり")
    } else {
        lang.pick("no security terms", "セキュリティ要件なし")
    };
    let sep = lang.pick(", ", "、");
    format!(
        "{} → {}{sep}{kind}{sep}{terms}",
        shown(&client),
        shown(&contractor)
    )
}

/// The lines of one contract: its heading, then a line per changed field.
fn lines(c: &ContractDiff, old: &Analysis, new: &Analysis, lang: Lang) -> (String, Vec<String>) {
    let id = shown(&c.id);
    let head = match (c.old, c.new) {
        (None, Some(_)) => format!(
            "{id} {}: {}",
            lang.pick("(added)", "(追加)"),
            parties_and_kind(c, old, new, lang)
        ),
        (Some(_), None) => format!(
            "{id} {}: {}",
            lang.pick("(removed)", "(削除)"),
            parties_and_kind(c, old, new, lang)
        ),
        _ => id.into_owned(),
    };
    let body = c
        .changes
        .iter()
        .map(|ch| {
            let f = ch.field.label(lang);
            let (x, y) = (
                value(ch.field, ch.old.as_deref(), lang),
                value(ch.field, ch.new.as_deref(), lang),
            );
            tr!(lang, "{f}: {x} → {y}", "{f}: {x} → {y}")
        })
        .collect();
    (head, body)
}

/// The section as text, ending with a blank line; empty when no contract changed.
pub fn text(d: &Diff, old: &Analysis, new: &Analysis, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    if d.contracts.is_empty() {
        return out;
    }
    let _ = writeln!(out, "{}", paint.bold(lang.pick("Contracts", "契約")));
    out.push_str(&crate::parallel::text(&d.contracts, |out, c| {
        let (head, body) = lines(c, old, new, lang);
        for l in wrap(&head, WIDTH, "  ", "    ") {
            let _ = writeln!(out, "{l}");
        }
        for b in body {
            for l in wrap(&b, WIDTH, "    ", "      ") {
                let _ = writeln!(out, "{l}");
            }
        }
    }));
    out.push('\n');
    out
}

/// The section as Markdown, ending with a blank line; empty when no contract changed.
pub fn markdown(d: &Diff, old: &Analysis, new: &Analysis, lang: Lang) -> String {
    let mut out = String::new();
    if d.contracts.is_empty() {
        return out;
    }
    let md = crate::style::md_inline;
    let _ = writeln!(out, "## {}\n", lang.pick("Contracts", "契約"));
    let _ = writeln!(
        out,
        "| {} | {} |\n|---|---|",
        lang.pick("contract", "契約"),
        lang.pick("change", "変化")
    );
    for c in &d.contracts {
        let (head, body) = lines(c, old, new, lang);
        let (first, rest) = match head.split_once(": ") {
            Some((id, what)) if body.is_empty() => (id.to_string(), what.to_string()),
            _ => (head, body.join("; ")),
        };
        let _ = writeln!(out, "| {} | {} |", md(&first), md(&rest));
    }
    out.push('\n');
    out
}

/// A field's value for JSON: booleans as booleans, the rest as written (`null`: not
/// written).
#[derive(serde::Serialize)]
#[serde(untagged)]
enum FieldJson<'s> {
    Bool(bool),
    Text(Option<&'s str>),
}

fn json_value(field: ContractField, v: Option<&str>) -> FieldJson<'_> {
    match (field, v) {
        (ContractField::SecurityTerms | ContractField::Approved, Some(v)) => {
            FieldJson::Bool(v == "true")
        }
        (_, v) => FieldJson::Text(v),
    }
}

/// A changed field as it is written.
#[derive(serde::Serialize)]
struct ChangeJson<'s> {
    field: &'static str,
    old: FieldJson<'s>,
    new: FieldJson<'s>,
}

/// A contract of the section as it is written (typed: the fields in the order written).
#[derive(serde::Serialize)]
pub struct ContractJson<'s> {
    id: &'s str,
    change: &'static str,
    client: Option<String>,
    contractor: Option<String>,
    kind: &'static str,
    fields: Vec<ChangeJson<'s>>,
}

/// A contract of the section as JSON: its client, contractor and kind (the new model's, or the
/// old one's for a removed contract) and the fields that changed.
pub fn json<'s>(c: &'s ContractDiff, old: &'s Analysis, new: &'s Analysis) -> ContractJson<'s> {
    let (m, i) = match (c.new, c.old) {
        (Some(i), _) => (new.model, i),
        (None, Some(i)) => (old.model, i),
        (None, None) => unreachable!("a contract change has at least one side"),
    };
    let k = &m.contracts[i];
    ContractJson {
        id: &c.id,
        change: match (c.old, c.new) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        },
        client: ContractField::Client.value(m, k),
        contractor: ContractField::Contractor.value(m, k),
        kind: k.kind.key(),
        fields: c
            .changes
            .iter()
            .map(|ch| ChangeJson {
                field: ch.field.key(),
                old: json_value(ch.field, ch.old.as_deref()),
                new: json_value(ch.field, ch.new.as_deref()),
            })
            .collect(),
    }
}
