//! The text of labels: model text cleaned for a label, wrapped and cut, roles and contract
//! kinds in words, short items packed into lines.

use super::LABEL_COLUMNS;
use crate::ContractKind;
use crate::i18n::Lang;
use crate::model::types::{Qualifier, Role};
use crate::style::{truncate, width, wrap};

/// Clean text from a model for a label: control characters (newlines, tabs) become spaces,
/// bidirectional controls are dropped (they can make a label read differently from what it
/// says), noncharacters (U+FFFE, which XML forbids) become U+FFFD, runs of spaces collapse.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if crate::style::is_bidi_control(c) {
            continue;
        }
        let c = if crate::style::is_noncharacter(c) {
            '\u{FFFD}'
        } else {
            c
        };
        if c.is_control() || c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Wrap cleaned text to label lines, at most `max` of them (the last ends with `…` when cut).
pub(crate) fn wrap_lines(s: &str, max: usize) -> Vec<String> {
    let mut lines = wrap(&clean(s), LABEL_COLUMNS, "", "");
    if lines.len() > max {
        lines.truncate(max);
        let mut last = truncate(&lines.pop().unwrap_or_default(), LABEL_COLUMNS - 1);
        if !last.ends_with('…') {
            last.push('…');
        }
        lines.push(last);
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// `Developer (lead)`, `Operator (lead, "service")` / `開発者(主体)`, `運用者(主体、「service」)`.
pub fn role_text(role: Role, qualifier: Qualifier, scope: Option<&str>, lang: Lang) -> String {
    let scope = scope.map(clean);
    match (lang, scope) {
        (Lang::En, None) => format!("{} ({})", role.name(), qualifier.key()),
        (Lang::En, Some(s)) => format!("{} ({}, \"{s}\")", role.name(), qualifier.key()),
        (Lang::Ja, None) => format!("{}({})", role.label(lang), qualifier.label(lang)),
        (Lang::Ja, Some(s)) => format!("{}({}、「{s}」)", role.label(lang), qualifier.label(lang)),
    }
}

/// A contract kind in a label: the model's key in English (`quasi-mandate`), the guideline's
/// term in Japanese (`準委任契約`).
pub fn kind_text(kind: ContractKind, lang: Lang) -> &'static str {
    match lang {
        Lang::En => kind.key(),
        Lang::Ja => kind.label(lang),
    }
}

/// Join short items into lines of at most [`LABEL_COLUMNS`], never splitting an item that fits.
pub(crate) fn pack(items: &[String], lang: Lang) -> Vec<String> {
    let sep = lang.pick(", ", "、");
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        if width(item) > LABEL_COLUMNS {
            // Too long for any line (a long scope): a block of its own, wrapped.
            if !line.is_empty() {
                line.push_str(sep.trim_end());
                lines.push(std::mem::take(&mut line));
            }
            let mut block = wrap(item, LABEL_COLUMNS, "", "  ");
            line = block.pop().unwrap_or_default();
            lines.extend(block);
        } else if line.is_empty() {
            line = item.clone();
        } else if width(&line) + width(sep) + width(item) <= LABEL_COLUMNS {
            line.push_str(sep);
            line.push_str(item);
        } else {
            line.push_str(sep.trim_end());
            lines.push(std::mem::take(&mut line));
            line = item.clone();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::scene::NAME_LINES;

    #[test]
    fn clean_flattens_control_characters_and_drops_bidi_overrides() {
        assert_eq!(clean("a\nb\r\n\tc"), "a b c");
        assert_eq!(clean("  lead "), "lead");
        assert_eq!(clean("evil\u{202E}txt.exe"), "eviltxt.exe");
        assert_eq!(clean("日本語 😀"), "日本語 😀");
    }

    #[test]
    fn role_text_in_both_languages() {
        assert_eq!(
            role_text(Role::Developer, Qualifier::Lead, None, Lang::En),
            "Developer (lead)"
        );
        assert_eq!(
            role_text(Role::Developer, Qualifier::Lead, None, Lang::Ja),
            "開発者(主体)"
        );
        assert_eq!(
            role_text(Role::Operator, Qualifier::Infra, Some("use"), Lang::En),
            "Operator (infra, \"use\")"
        );
        assert_eq!(
            role_text(Role::Operator, Qualifier::Support, Some("use"), Lang::Ja),
            "運用者(支援、「use」)"
        );
    }

    #[test]
    fn long_names_are_cut() {
        let lines = wrap_lines(&"word ".repeat(200), NAME_LINES);
        assert_eq!(lines.len(), NAME_LINES);
        assert!(lines.last().unwrap().ends_with('…'));
        assert!(lines.iter().all(|l| width(l) <= LABEL_COLUMNS));
    }

    #[test]
    fn pack_keeps_items_whole() {
        let items: Vec<String> = ["Developer (lead)", "Supplier (lead)", "Operator (support)"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            pack(&items, Lang::En),
            ["Developer (lead), Supplier (lead),", "Operator (support)"]
        );
    }
}
