//! The command line in Japanese (issue 12, item 6): `--help`, `-h`, `rolemap help X` and usage
//! errors under `--lang ja` or a Japanese locale. One table ([`TABLE`]) holds the Japanese text
//! of every command and argument, keyed by command path and argument id; [`localize`] applies it
//! to the built clap command, [`render_error`] says clap's usage errors in Japanese. English
//! never passes through here, so it stays byte for byte what clap writes.

use std::ffi::OsString;

use clap::Command;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::Lang;

mod table;
pub use table::TABLE;

/// The language of the command line itself, decided before parsing: the last `--lang X` or
/// `--lang=X` before a `--`, else the locale ([`Lang::from_env`]).
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut lang = None;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let Some(a) = a.to_str() else { continue };
        if a == "--" {
            break;
        }
        let value = if a == "--lang" {
            it.next().and_then(|v| v.to_str())
        } else {
            a.strip_prefix("--lang=")
        };
        match value {
            Some("ja") => lang = Some(Lang::Ja),
            Some("en") => lang = Some(Lang::En),
            _ => {}
        }
    }
    lang.unwrap_or_else(Lang::from_env)
}

/// The Japanese text of a key: `"rolemap check"` for a command's about, `"rolemap check
/// --format"` for the argument of id `format` of that command (positionals too), `"* --id"` for
/// an argument every command shares.
/// A blank line splits the short help (`-h`) from the long one (`--help`).
pub fn lookup(key: &str) -> Option<&'static str> {
    TABLE.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The key of an argument of the command at `path`: its own, else the shared one.
fn arg_text(path: &str, id: &str) -> Option<&'static str> {
    lookup(&format!("{path} --{id}")).or_else(|| lookup(&format!("* --{id}")))
}

/// Every key the command tree needs, as (command path, argument id or `None` for the command):
/// built, so clap's own `--help`, `--version` and `help` are there too.
#[cfg(test)]
pub fn needed(cmd: &Command) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    walk(cmd, cmd.get_name().to_string(), &mut out);
    out
}

#[cfg(test)]
fn walk(cmd: &Command, path: String, out: &mut Vec<(String, Option<String>)>) {
    out.push((path.clone(), None));
    for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        out.push((path.clone(), Some(a.get_id().to_string())));
    }
    // The subcommands of `help` only name the commands; their texts are the commands' own.
    for s in cmd.get_subcommands().filter(|_| cmd.get_name() != "help") {
        walk(s, format!("{path} {}", s.get_name()), out);
    }
}

/// The keys missing a Japanese text, and the table's keys nothing uses any more.
#[cfg(test)]
pub fn check_table(cmd: &Command) -> (Vec<String>, Vec<String>) {
    let needed = needed(cmd);
    let mut missing = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for (path, id) in &needed {
        match id {
            None => {
                if lookup(path).is_none() {
                    missing.push(path.clone());
                }
                used.insert(path.clone());
            }
            Some(id) => {
                let own = format!("{path} --{id}");
                if lookup(&own).is_some() {
                    used.insert(own);
                } else if lookup(&format!("* --{id}")).is_some() {
                    used.insert(format!("* --{id}"));
                } else {
                    missing.push(own);
                }
            }
        }
    }
    let stale = TABLE
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !used.contains(k))
        .collect();
    (missing, stale)
}

/// The help layout in Japanese: clap's default with 使い方 for Usage.
const TEMPLATE: &str =
    "{before-help}{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// The built command tree with every text of [`TABLE`], the headings in Japanese (コマンド,
/// 引数, オプション) and defaults and possible values listed in Japanese. An entry the table
/// lacks keeps its English text (the unit test forbids that).
pub fn localize(mut cmd: Command) -> Command {
    cmd.build();
    localize_at(cmd, "rolemap".to_string())
}

fn split(text: &'static str) -> (&'static str, &'static str) {
    (text.split("\n\n").next().unwrap_or(text), text)
}

fn localize_at(mut cmd: Command, path: String) -> Command {
    cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("コマンド");
    if let Some(text) = lookup(&path) {
        let (short, long) = split(text);
        cmd = cmd.about(short).long_about(long);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = arg_text(&path, &id);
        cmd = cmd.mut_arg(&id, |mut a| {
            let mut extra = Vec::new();
            let values: Vec<String> = if a.is_hide_possible_values_set() {
                Vec::new()
            } else {
                a.get_possible_values()
                    .iter()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_string())
                    .collect()
            };
            if !values.is_empty() && a.get_action().takes_values() {
                extra.push(format!("値: {}", values.join(", ")));
            }
            if !a.is_hide_default_value_set() && a.get_action().takes_values() {
                let defaults: Vec<String> = a
                    .get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                if !defaults.is_empty() {
                    extra.push(format!("既定値: {}", defaults.join(", ")));
                }
            }
            if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
                extra.push(format!("環境変数: {}", env.to_string_lossy()));
            }
            let suffix = if extra.is_empty() {
                String::new()
            } else {
                format!(" [{}]", extra.join("] ["))
            };
            let heading = if a.is_positional() {
                "引数"
            } else {
                "オプション"
            };
            a = a
                .hide_possible_values(true)
                .hide_default_value(true)
                .hide_env(true)
                .help_heading(heading);
            if let Some(text) = text {
                let (short, long) = split(text);
                a = a.help(format!("{short}{suffix}"));
                a = if long.len() > short.len() {
                    a.long_help(format!("{long}{suffix}"))
                } else {
                    a.long_help(None)
                };
            }
            a
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let is_help = cmd.get_name() == "help";
    for name in names.into_iter().filter(|_| !is_help) {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(&name, |s| localize_at(s, sub_path));
    }
    cmd
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        Some(ContextValue::Number(n)) => vec![n.to_string()],
        Some(ContextValue::Bool(b)) => vec![b.to_string()],
        _ => Vec::new(),
    }
}

fn one(e: &clap::Error, kind: ContextKind) -> String {
    strings(e, kind).join(", ")
}

/// The usage line of an error (`rolemap check [OPTIONS] <MODEL>...`), without clap's heading.
fn usage_of(e: &clap::Error) -> Option<String> {
    let u = strings(e, ContextKind::Usage).join("\n");
    let u = u.trim();
    if u.is_empty() {
        return None;
    }
    Some(u.strip_prefix("Usage:").unwrap_or(u).trim().to_string())
}

/// The (sub)command the command line names, by walking its words down the tree: its path
/// (`rolemap matrix`) and its usage line without clap's heading.
fn command_of(cmd: &Command, args: &[OsString]) -> (String, String) {
    let mut path = vec![cmd.get_name().to_string()];
    let mut cur = cmd.clone();
    for a in args.iter().skip(1) {
        let Some(a) = a.to_str() else { continue };
        if a == "--" {
            break;
        }
        if a.starts_with('-') || a == "help" {
            continue;
        }
        let Some(sub) = cur.find_subcommand(a).cloned() else {
            continue;
        };
        path.push(sub.get_name().to_string());
        cur = sub;
    }
    let usage = cur.render_usage().to_string();
    let usage = usage.trim();
    let usage = usage
        .strip_prefix("Usage:")
        .unwrap_or(usage)
        .trim()
        .to_string();
    (path.join(" "), usage)
}

/// A clap usage error said in Japanese: what is wrong, the did-you-mean (もしかして), the usage
/// line and where to read more. A kind this does not know gets a generic Japanese line with
/// clap's English text in parentheses.
pub fn render_error(e: &clap::Error, cmd: &Command, args: &[OsString]) -> String {
    let arg = one(e, ContextKind::InvalidArg);
    let value = one(e, ContextKind::InvalidValue);
    let mut lines: Vec<String> = Vec::new();
    let head = match e.kind() {
        ErrorKind::UnknownArgument => format!("引数「{arg}」はありません"),
        ErrorKind::InvalidSubcommand => format!(
            "コマンド「{}」はありません",
            one(e, ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue => {
            let valid = strings(e, ContextKind::ValidValue);
            if value.is_empty() {
                format!("{arg} には値が必要です")
            } else if valid.is_empty() {
                format!("{arg} の値「{value}」は使えません")
            } else {
                lines.push(format!("使える値: {}", valid.join(", ")));
                format!("{arg} の値「{value}」は使えません")
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let args = strings(e, ContextKind::InvalidArg);
            for a in &args {
                lines.push(a.clone());
            }
            "必須の引数が指定されていません:".to_string()
        }
        ErrorKind::MissingSubcommand => format!(
            "「{}」にはコマンドが必要です",
            one(e, ContextKind::InvalidSubcommand)
        ),
        ErrorKind::ArgumentConflict => {
            let prior = one(e, ContextKind::PriorArg);
            if prior == arg {
                format!("{arg} は 1 回しか指定できません")
            } else if prior.is_empty() {
                format!("{arg} は他の引数と同時に使えません")
            } else {
                format!("{arg} は {prior} と同時に使えません")
            }
        }
        ErrorKind::TooManyValues => {
            format!("{arg} には値「{value}」を受け付けません(値が多すぎます)")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "{arg} の値の数が違います(必要: {}、指定: {})",
            one(e, ContextKind::ExpectedNumValues).max(one(e, ContextKind::MinValues)),
            one(e, ContextKind::ActualNumValues)
        ),
        ErrorKind::ValueValidation => {
            // Our own parsers give their reason in Japanese too; clap's and the standard
            // library's stay in English, in parentheses.
            let why = std::error::Error::source(e)
                .map(|s| match s.downcast_ref::<super::BadValue>() {
                    Some(bad) => format!(": {}", bad.ja),
                    None => format!(" ({s})"),
                })
                .unwrap_or_default();
            format!("{arg} の値「{value}」は使えません{why}")
        }
        ErrorKind::NoEquals => format!("{arg} の値は「=」で続けてください"),
        ErrorKind::InvalidUtf8 => "引数が UTF-8 ではありません".to_string(),
        _ => {
            let english = e.render().to_string();
            let first = english
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            format!("コマンドラインを解釈できません ({first})")
        }
    };
    let suggestions: Vec<String> = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .flat_map(|k| strings(e, k))
    .collect();
    if !suggestions.is_empty() {
        lines.push(format!("もしかして: {}", suggestions.join(", ")));
    }
    let trailing = strings(e, ContextKind::TrailingArg);
    if !trailing.is_empty() {
        lines.push(format!(
            "値として渡すには「-- {}」と書いてください",
            trailing.join(" ")
        ));
    }
    let mut out = format!("エラー: {head}\n");
    if !lines.is_empty() {
        out.push('\n');
        for l in &lines {
            out.push_str(&format!("  {l}\n"));
        }
    }
    let (path, own_usage) = command_of(cmd, args);
    let usage = usage_of(e).unwrap_or(own_usage);
    out.push_str(&format!("\n使い方: {usage}\n"));
    out.push_str(&format!(
        "\n詳しくは「{path} --help」を実行してください。\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and argument of the tree has a Japanese text, and every key of the table
    /// names something that exists.
    #[test]
    fn every_command_and_argument_has_japanese() {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let (missing, stale) = check_table(&cmd);
        assert!(
            missing.is_empty() && stale.is_empty(),
            "missing Japanese for:\n{}\nstale table keys:\n{}",
            missing.join("\n"),
            stale.join("\n")
        );
    }
}
