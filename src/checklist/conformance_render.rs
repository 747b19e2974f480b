//! Conformance read back from filled-in checklists, as text (after `check`'s findings) and as
//! the `conformance` section of `check`'s JSON.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::checklist::{Conformance, Counts, PartyConformance};
use crate::i18n::Lang;
use crate::model::types::Package;
use crate::style::WIDTH;
use crate::style::{Paint, width, wrap};
use crate::{Analysis, tr};

/// One package's counts in words: `Mandatory 12/14 implemented, 1 partial, 1 missing`.
pub fn counts_text(package: Package, c: &Counts, lang: Lang) -> String {
    let pkg = match (package, lang) {
        (Package::Mandatory, Lang::En) => "Mandatory",
        (Package::Standard, Lang::En) => "Standard",
        (p, Lang::Ja) => p.label(Lang::Ja),
    };
    let (done, of) = (c.implemented, c.applicable());
    let mut parts = vec![tr!(
        lang,
        "{pkg} {done}/{of} implemented",
        "{pkg} {done}/{of} 実施済"
    )];
    let mut more = |n: usize, en: &str, ja: &str| {
        if n > 0 {
            parts.push(match lang {
                Lang::En => format!("{n} {en}"),
                Lang::Ja => format!("{ja} {n}"),
            });
        }
    };
    more(c.partial, "partial", "一部実施");
    more(c.missing, "missing", "未実施");
    more(c.not_filled, "not filled", "未記入");
    more(c.not_applicable, "not applicable", "該当なし");
    parts.join(lang.pick(", ", "、"))
}

/// A party's lines: `acme: Mandatory 12/14 implemented, 1 partial, 1 missing`, then the
/// standard package aligned under it.
fn party_lines(a: &Analysis, p: &PartyConformance, lang: Lang) -> Vec<String> {
    let id = &a.model.parties[p.party].id;
    if !p.covered {
        let n = p.standard.rows;
        return wrap(
            &tr!(
                lang,
                "{id}: no checklist read ({n} rows not filled)",
                "{id}: チェックリストの読み込みなし (未記入 {n} 行)"
            ),
            WIDTH,
            "  ",
            "    ",
        );
    }
    let m = counts_text(Package::Mandatory, &p.mandatory, lang);
    let s = counts_text(Package::Standard, &p.standard, lang);
    let indent = " ".repeat(2 + width(id) + 2);
    let mut out = wrap(&format!("{id}: {m}"), WIDTH, "  ", &indent);
    out.extend(wrap(&s, WIDTH, &indent, &indent));
    out
}

/// The conformance section of `check`'s text output.
pub fn render_text(a: &Analysis, c: &Conformance, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let files = c.files.join(", ");
    let head = tr!(
        lang,
        "Conformance (self-declaration) from {files}:",
        "適合状況 (自己適合宣言) {files} より:"
    );
    for l in wrap(&head, WIDTH, "", "  ") {
        let _ = writeln!(out, "{}", paint.bold(&l));
    }
    for p in &c.parties {
        let target = p.counts(a.package);
        for l in party_lines(a, p, lang) {
            let l = if !p.covered {
                paint.dim(&l)
            } else if target.conforms() {
                paint.green(&l)
            } else {
                l
            };
            let _ = writeln!(out, "{l}");
        }
    }
    let note = lang.pick(
        "(n/m: implemented of applicable rows; the standard package includes the mandatory one)",
        "(n/m: 該当する行のうち実施済の数。標準パッケージは必須を含む)",
    );
    for l in wrap(note, WIDTH, "", " ") {
        let _ = writeln!(out, "{}", paint.dim(&l));
    }
    out
}

fn counts_json(c: &Counts) -> Value {
    json!({
        "rows": c.rows,
        "applicable": c.applicable(),
        "implemented": c.implemented,
        "partial": c.partial,
        "missing": c.missing,
        "not_applicable": c.not_applicable,
        "not_filled": c.not_filled,
        "conforms": c.conforms(),
    })
}

/// The `conformance` section of `check`'s JSON.
pub fn render_json(a: &Analysis, c: &Conformance, lang: Lang) -> Value {
    let m = a.model;
    let parties: Vec<Value> = c
        .parties
        .iter()
        .map(|p| {
            let rows: Vec<Value> = p
                .rows
                .iter()
                .map(|s| {
                    let u = s.row.unit(a);
                    json!({
                        "id": u.id(),
                        "requirement": u.requirement.id,
                        "item": u.item.map(|i| i.id.as_str()),
                        "roles": s.row.roles.iter().map(|r| r.key()).collect::<Vec<_>>(),
                        "package": s.row.alloc(a).package.key(),
                        "package_inferred": u.package_inferred(),
                        "status": s.status.map(|d| d.key()),
                        "evidence": s.evidence,
                        "remarks": s.remarks,
                        "file": s.place.as_ref().map(|p| p.file.as_str()),
                        "sheet": s.place.as_ref().and_then(|p| p.sheet.as_deref()),
                        "row": s.place.as_ref().map(|p| p.row),
                    })
                })
                .collect();
            json!({
                "party": m.parties[p.party].id,
                "name": m.parties[p.party].name.get(lang),
                "covered": p.covered,
                "mandatory": counts_json(&p.mandatory),
                "standard": counts_json(&p.standard),
                "rows": rows,
            })
        })
        .collect();
    json!({
        "files": c.files,
        "parties": parties,
    })
}
