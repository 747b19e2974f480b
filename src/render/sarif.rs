//! `rolemap check --format sarif`: SARIF 2.1.0, with locations in the model file, so code
//! scanning and editors show gaps where the contract is written.

use serde_json::{Value, json};

use crate::findings::{Code, Severity, instance_id, render};
use crate::i18n::Lang;
use crate::{Analysis, VERSION};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn camel(code: Code) -> String {
    code.key()
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The rules, one per finding code, from the codes' documentation.
pub fn rules(lang: Lang) -> Vec<Value> {
    Code::ALL
        .iter()
        .map(|&c| {
            let d = c.doc();
            let pick = |t: (&'static str, &'static str)| lang.pick(t.0, t.1);
            json!({
                "id": c.key(),
                "name": camel(c),
                "shortDescription": { "text": pick(d.summary) },
                "fullDescription": { "text": pick(d.what) },
                "help": {
                    "text": format!("{}\n\n{}", pick(d.why), pick(d.fix)),
                    "markdown": format!("{}\n\n**{}** {}\n\nSee `{}/{}.md`.", pick(d.why), lang.pick("Fix:", "対処:"), pick(d.fix), super::FINDING_DOCS, c.key()),
                },
                "defaultConfiguration": { "level": level(c.severity()) },
                "properties": { "tags": ["supply-chain", "responsibility"] },
            })
        })
        .collect()
}

/// The SARIF log of one or more analyses (one run).
pub fn render_sarif(analyses: &[&Analysis], lang: Lang) -> Value {
    let mut results = Vec::new();
    let mut artifacts = Vec::new();
    for (ai, a) in analyses.iter().enumerate() {
        let m = a.model;
        artifacts
            .push(json!({ "location": { "uri": uri(m.file.name()) }, "mimeType": mime(m.format) }));
        let cx = a.ctx();
        for f in &a.findings {
            let r = render(f, &cx, lang);
            let rule_index = Code::ALL
                .iter()
                .position(|&c| c == f.code)
                .expect("every code is a rule");
            let mut physical = json!({
                "artifactLocation": { "uri": uri(m.file.name()), "index": ai },
            });
            if let Some(span) = f.span {
                let s = m.file.line_col(span.start);
                let e = m.file.line_col(span.end.max(span.start));
                physical["region"] = json!({
                    "startLine": s.line,
                    "startColumn": s.column,
                    "endLine": e.line,
                    "endColumn": e.column.max(if e.line == s.line { s.column + 1 } else { 1 }),
                });
            }
            let mut result = json!({
                "ruleId": f.code.key(),
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": { "text": format!("{} — {}", r.message, r.fix) },
                "locations": [{ "physicalLocation": physical }],
                "partialFingerprints": { "rolemap/v1": instance_id(f, &cx) },
                "properties": {
                    "parties": f.parties.iter().map(|&p| m.parties[p].id.as_str()).collect::<Vec<_>>(),
                    "role": f.role.map(|r| r.key()),
                    "scope": f.scope,
                    "requirement": f.allocation.map(|i| a.allocations[i].unit(a.catalog).id()),
                    "contract": f.contract.map(|c| m.contracts[c].id.as_str()),
                },
            });
            if let Some(w) = f.waived_by {
                let w = &m.waivers[w];
                result["suppressions"] = json!([{
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": w.reason,
                }]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": crate::TOOL,
                "version": VERSION,
                "semanticVersion": VERSION,
                "rules": rules(lang),
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    })
}

/// The SARIF log of a portfolio: every analysed model in one run, and the models that could not
/// be read as tool execution notifications (so one upload shows both): at most `max_problems`
/// per file (0: all), then one `note` counting the rest, as the text output does.
pub fn render_sarif_portfolio(
    analyses: &[&Analysis],
    bad_input: &[&crate::load::diagnostics::FileDiagnostics],
    lang: Lang,
    max_problems: usize,
) -> Value {
    let mut log = render_sarif(analyses, lang);
    let mut notifications: Vec<Value> = Vec::new();
    for d in bad_input {
        let shown = crate::render::diag::shown_count(d.diagnostics.len(), max_problems);
        for diag in &d.diagnostics[..shown] {
            let p = d.file.line_col(diag.start());
            notifications.push(json!({
                "level": "error",
                "descriptor": { "id": diag.problem.code() },
                "message": { "text": diag.problem.message(lang) },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(d.file.name()) },
                    "region": { "startLine": p.line, "startColumn": p.column },
                }}],
            }));
        }
        let omitted = d.diagnostics.len() - shown;
        if omitted > 0 {
            let line =
                crate::render::diag::omitted_line(d.file.name(), omitted, max_problems, lang);
            notifications.push(json!({
                "level": "note",
                "descriptor": { "id": "omitted-problems" },
                "message": { "text": line.trim_end() },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(d.file.name()) },
                }}],
            }));
        }
    }
    log["runs"][0]["invocations"] = json!([{
        "executionSuccessful": bad_input.is_empty(),
        "toolExecutionNotifications": notifications,
    }]);
    log
}

fn mime(f: crate::load::source::Format) -> &'static str {
    match f {
        crate::load::source::Format::Ron => "text/plain",
        crate::load::source::Format::Json => "application/json",
        crate::load::source::Format::Yaml => "application/yaml",
    }
}

/// A relative URI for a path: forward slashes, spaces and reserved characters escaped.
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut out = String::new();
    for b in p.trim_start_matches("./").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_escaped() {
        assert_eq!(uri("./models/a b.ron"), "models/a%20b.ron");
        assert_eq!(uri("モデル.ron"), "%E3%83%A2%E3%83%87%E3%83%AB.ron");
    }

    #[test]
    fn rule_names_are_camel_case() {
        assert_eq!(camel(Code::NoSecurityTerms), "NoSecurityTerms");
    }
}
