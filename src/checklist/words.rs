//! The words of a checklist row: provenance and origin in words, role and qualifier labels,
//! and reading role names back in either language.

use std::borrow::Cow;

use super::Row;
use crate::Analysis;
use crate::catalog::{Source, Unit};
use crate::derive::Because;
use crate::i18n::Lang;
use crate::model::types::Role;
use crate::tr;

/// The provenance of a row's unit in one line: the entry's source, then which parts are our
/// reading (title, package, role applicability).
pub fn source_line(u: &Unit, lang: Lang) -> String {
    let mut out = u.source().label(lang);
    let mut inferred = Vec::new();
    if let Some(item) = u.item
        && item.title_source.as_ref().is_some_and(Source::is_inferred)
    {
        inferred.push(lang.pick("title", "名称"));
    }
    // The package has its own source, the entry's only when an item states none.
    if u.package_inferred() && u.item.is_none_or(|i| i.package_source.is_some()) {
        inferred.push(lang.pick("package", "パッケージ"));
    }
    if u.requirement.roles_source.is_inferred() {
        inferred.push(lang.pick("role applicability", "役割への該当"));
    }
    if !inferred.is_empty() {
        let what = inferred.join(lang.pick(", ", "、"));
        out.push_str(&tr!(lang, " · inferred: {what}", " · 推定: {what}"));
    }
    out
}

/// The reasons of every inference behind a row's unit, one per line: the entry itself, its
/// title, its package and how it applies to roles. Empty when nothing is inferred.
pub fn inference_notes(u: &Unit, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |what: &str, s: &Source| {
        if let Source::Inferred(reason) = s {
            let r = reason.get(lang);
            let line = format!("{what}: {r}");
            if !out.contains(&line) {
                out.push(line);
            }
        }
    };
    push(lang.pick("entry", "項目"), u.source());
    if let Some(s) = u.item.and_then(|i| i.title_source.as_ref()) {
        push(lang.pick("title", "名称"), s);
    }
    push(lang.pick("package", "パッケージ"), u.package_source());
    push(
        lang.pick("role applicability", "役割への該当"),
        &u.requirement.roles_source,
    );
    out
}

/// Where a row comes from, as short words: the contract ids (borrowed from the model), or the
/// model field.
pub fn origin_words<'a>(a: &'a Analysis, r: &Row, lang: Lang) -> Vec<Cow<'a, str>> {
    let m = a.model;
    let mut out: Vec<Cow<'a, str>> = r
        .contracts
        .iter()
        .map(|&c| Cow::Borrowed(m.contracts[c].id.as_str()))
        .collect();
    for b in &r.fields {
        let w: Cow<'a, str> = match b {
            Because::SystemOwner { .. } => lang.pick("system owner", "システムオーナー").into(),
            Because::Operates { .. } => lang
                .pick("operates: true", "operates: true (運用者を兼ねる)")
                .into(),
            Because::PartyRoles { .. } => {
                lang.pick("the party's own roles", "関係者の roles").into()
            }
            Because::Assign { index } => {
                let n = index + 1;
                tr!(lang, "assign #{n}", "割当 (assign) #{n}").into()
            }
            other => other.rule().into(),
        };
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// The qualifier as a label, or empty.
pub fn qualifier_label(r: &Row, lang: Lang) -> &'static str {
    r.qualifier.map_or("", |q| q.label(lang))
}

/// The duties as one label.
pub fn duty_label(r: &Row, lang: Lang) -> String {
    let mut out = String::new();
    write_duty_label(&mut out, r, lang);
    out
}

/// [`duty_label`] appended to `out`.
pub fn write_duty_label(out: &mut String, r: &Row, lang: Lang) {
    for (i, d) in r.duties.iter().enumerate() {
        if i > 0 {
            out.push_str(lang.pick(", ", "、"));
        }
        out.push_str(d.label(lang));
    }
}

/// A role as written in a checklist: the English key or the Japanese label.
pub fn role_word(role: Role, lang: Lang) -> &'static str {
    match lang {
        Lang::En => role.key(),
        Lang::Ja => role.label(Lang::Ja),
    }
}

/// A row's roles as written in a checklist: `developer, operator` or `開発者、運用者`.
pub fn roles_word(roles: &[Role], lang: Lang) -> String {
    let v: Vec<String> = roles
        .iter()
        .map(|r| role_word(*r, lang).to_string())
        .collect();
    lang.list(&v)
}

/// Read a role as written in a checklist: key, label or model name, in either language.
pub fn read_role(s: &str) -> Option<Role> {
    let t = s.trim();
    let lower = t.to_lowercase();
    Role::ALL
        .iter()
        .copied()
        .find(|r| lower == r.key() || lower == r.name().to_lowercase() || t == r.label(Lang::Ja))
}

/// Read a row's roles: one or more roles separated by `,` `、` `;` `/` or line breaks.
/// Returns the roles in the order written, or the first part that is not a role.
pub fn read_roles(s: &str) -> Result<Vec<Role>, String> {
    let mut out = Vec::new();
    for part in s.split([',', '、', ';', '/', '\n', '・']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match read_role(part) {
            Some(r) => {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
            None => return Err(part.to_string()),
        }
    }
    if out.is_empty() {
        return Err(s.trim().to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_in_both_languages() {
        for r in Role::ALL {
            assert_eq!(read_role(role_word(*r, Lang::En)), Some(*r));
            assert_eq!(read_role(role_word(*r, Lang::Ja)), Some(*r));
            assert_eq!(read_role(r.name()), Some(*r));
        }
        assert_eq!(read_role("dev"), None);
        assert_eq!(
            read_roles("developer, 運用者"),
            Ok(vec![Role::Developer, Role::Operator])
        );
        assert_eq!(
            read_roles(&roles_word(&[Role::Supplier, Role::Customer], Lang::Ja)),
            Ok(vec![Role::Supplier, Role::Customer])
        );
        assert_eq!(read_roles("developer, dev"), Err("dev".into()));
    }
}
