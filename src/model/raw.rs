//! The model as data in the file format's shape, for writing a model out as JSON or YAML
//! (`rolemap new -o model.json`). Reading goes through `load`; a test checks that what is
//! written here reads back to the same model.

use serde_json::{Map, Value, json};

use super::{Model, RoleSpec};
use crate::i18n::Text;

fn text(t: &Text) -> Value {
    if t.is_single() {
        json!(t.en)
    } else {
        json!({ "en": t.en, "ja": t.ja })
    }
}

fn role(r: &RoleSpec) -> Value {
    match (&r.qualifier, &r.scope) {
        (None, None) => json!(r.role.name()),
        (Some(q), None) => json!({ r.role.name(): q.name() }),
        (Some(q), Some(s)) => json!({ r.role.name(): [q.name(), s] }),
        // A bare role keeps the default of where it is written: only the structure form can
        // carry a scope without a qualifier.
        (None, Some(s)) => json!({ "role": r.role.name(), "scope": s }),
    }
}

/// The model as a JSON value in the model-file structure.
pub fn to_value(m: &Model) -> Value {
    let mut root = Map::new();
    root.insert("name".into(), text(&m.name));
    if let Some(d) = &m.description {
        root.insert("description".into(), text(d));
    }
    if let Some(s) = m.software {
        root.insert("software".into(), json!(s.name()));
    }
    root.insert("package".into(), json!(m.package.name()));
    if let Some(u) = m.use_until {
        root.insert("use_until".into(), json!(u));
    }
    let mut parties = Map::new();
    for p in &m.parties {
        let mut o = Map::new();
        o.insert("name".into(), text(&p.name));
        o.insert("division".into(), json!(p.division.name()));
        if p.org != p.id {
            o.insert("org".into(), json!(p.org));
        }
        if p.operates {
            o.insert("operates".into(), json!(true));
        }
        if !p.roles.is_empty() {
            o.insert(
                "roles".into(),
                Value::Array(p.roles.iter().map(role).collect()),
            );
        }
        if let Some(d) = &p.description {
            o.insert("description".into(), text(d));
        }
        parties.insert(p.id.clone(), Value::Object(o));
    }
    root.insert("parties".into(), Value::Object(parties));
    let contracts: Vec<Value> = m
        .contracts
        .iter()
        .map(|c| {
            let mut o = Map::new();
            o.insert("id".into(), json!(c.id));
            o.insert("client".into(), json!(m.parties[c.client].id));
            o.insert("contractor".into(), json!(m.parties[c.contractor].id));
            o.insert("kind".into(), json!(c.kind.name()));
            if let Some(r) = &c.roles {
                o.insert("roles".into(), Value::Array(r.iter().map(role).collect()));
            }
            if c.security_terms {
                o.insert("security_terms".into(), json!(true));
            }
            if let Some(s) = c.support_until {
                o.insert("support_until".into(), json!(s));
            }
            if let Some(d) = &c.description {
                o.insert("description".into(), text(d));
            }
            Value::Object(o)
        })
        .collect();
    root.insert("contracts".into(), Value::Array(contracts));
    if !m.assign.is_empty() {
        let a: Vec<Value> = m
            .assign
            .iter()
            .map(|a| {
                let mut o = Map::new();
                o.insert("requirement".into(), json!(a.requirement));
                o.insert("party".into(), json!(m.parties[a.party].id));
                o.insert("role".into(), json!(a.role.name()));
                o.insert("qualifier".into(), json!(a.qualifier.name()));
                if let Some(s) = &a.scope {
                    o.insert("scope".into(), json!(s));
                }
                Value::Object(o)
            })
            .collect();
        root.insert("assign".into(), Value::Array(a));
    }
    if !m.waivers.is_empty() {
        let w: Vec<Value> = m
            .waivers
            .iter()
            .map(|w| {
                let mut o = Map::new();
                o.insert("code".into(), json!(w.code.key()));
                o.insert("reason".into(), json!(w.reason));
                if let Some(x) = &w.owner {
                    o.insert("owner".into(), json!(x));
                }
                o.insert("until".into(), json!(w.until));
                if let Some(c) = w.contract {
                    o.insert("contract".into(), json!(m.contracts[c].id));
                }
                if let Some(p) = w.party {
                    o.insert("party".into(), json!(m.parties[p].id));
                }
                if let Some(r) = &w.requirement {
                    o.insert("requirement".into(), json!(r));
                }
                Value::Object(o)
            })
            .collect();
        root.insert("waivers".into(), Value::Array(w));
    }
    Value::Object(root)
}

/// A JSON value as block-style YAML. Every string is double-quoted (JSON escapes are valid
/// YAML escapes), so no value can change meaning (`no`, `1.0`, `=x`, `- a`).
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    emit(v, 0, &mut out, false);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => serde_json::to_string(s).expect("strings serialise"),
        other => other.to_string(),
    }
}

fn emit(v: &Value, indent: usize, out: &mut String, inline_first: bool) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(map) if !map.is_empty() => {
            for (i, (k, val)) in map.iter().enumerate() {
                if !(i == 0 && inline_first) {
                    out.push_str(&pad);
                }
                out.push_str(&serde_json::to_string(k).expect("keys serialise"));
                out.push(':');
                match val {
                    Value::Object(m) if !m.is_empty() => {
                        out.push('\n');
                        emit(val, indent + 2, out, false);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push('\n');
                        emit(val, indent + 2, out, false);
                    }
                    _ => {
                        out.push(' ');
                        out.push_str(&flow(val));
                        out.push('\n');
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&pad);
                out.push_str("- ");
                match item {
                    Value::Object(m) if !m.is_empty() => emit(item, indent + 2, out, true),
                    _ => {
                        out.push_str(&flow(item));
                        out.push('\n');
                    }
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&flow(other));
            out.push('\n');
        }
    }
}

/// A value on one line (flow style).
fn flow(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}: {}",
                        serde_json::to_string(k).expect("keys serialise"),
                        flow(v)
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(flow).collect::<Vec<_>>().join(", ")),
        other => scalar(other),
    }
}
