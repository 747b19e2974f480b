//! The command line itself in Japanese (issue 12, item 6): `--help`, `-h`, `rolemap help X` and
//! clap's usage errors under `--lang ja` (anywhere on the line, `--lang=ja` too) or a Japanese
//! locale; English unchanged otherwise. The table behind it is checked whole by the unit test
//! `cli::help_ja::tests::every_command_and_argument_has_japanese`.

use crate::common::rolemap;

/// Run with `LANG=lang` (LC_ALL and LC_MESSAGES unset): exit code, stdout, stderr.
fn run(args: &[&str], lang: &str) -> (Option<i32>, String, String) {
    let o = rolemap()
        .args(args)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

/// A usage error: exit 2, nothing on stdout, the stderr.
fn usage_error(args: &[&str], lang: &str) -> String {
    let (code, out, err) = run(args, lang);
    assert_eq!(code, Some(2), "{args:?}: {err}");
    assert!(out.is_empty(), "{args:?}: wrote to stdout: {out}");
    err
}

fn assert_japanese_help(h: &str, what: &str) {
    for part in ["使い方: rolemap", "オプション:", "ヘルプを表示"] {
        assert!(h.contains(part), "{what}: no {part}:\n{h}");
    }
    for english in [
        "Usage:",
        "Options:",
        "Arguments:",
        "Commands:",
        "Print help",
        "[default:",
    ] {
        assert!(!h.contains(english), "{what}: English {english}:\n{h}");
    }
}

#[test]
fn top_level_help_in_japanese_by_flag_anywhere() {
    for args in [
        vec!["--lang", "ja", "--help"],
        vec!["--help", "--lang=ja"],
        vec!["-h", "--lang", "ja"],
    ] {
        let (code, out, err) = run(&args, "C");
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert_japanese_help(&out, &format!("{args:?}"));
        assert!(out.contains("コマンド:"), "{out}");
        assert!(out.contains("モデルを検証し"), "{out}");
        assert!(
            out.contains("[値: auto, always, never] [既定値: auto]"),
            "{out}"
        );
    }
}

#[test]
fn command_help_in_japanese_under_a_japanese_locale() {
    let (code, out, err) = run(&["check", "--help"], "ja_JP.UTF-8");
    assert_eq!(code, Some(0), "{err}");
    assert_japanese_help(&out, "check --help");
    assert!(
        out.contains("使い方: rolemap check [OPTIONS] <MODEL>..."),
        "{out}"
    );
    assert!(out.contains("引数:"), "{out}");
    assert!(out.contains("出力形式"), "{out}");
    assert!(out.contains("[値: text, json, sarif]"), "{out}");
    // `help check` says the same as `check --help`; `-h` too, shorter or equal.
    let (code, via_help, _) = run(&["help", "check"], "ja_JP.UTF-8");
    assert_eq!(code, Some(0));
    assert_eq!(via_help, out);
    let (code, short, _) = run(&["check", "-h"], "ja_JP.UTF-8");
    assert_eq!(code, Some(0));
    assert_japanese_help(&short, "check -h");
    // LC_ALL wins over LANG, as for every other message.
    let o = rolemap()
        .args(["check", "--help"])
        .env("LC_ALL", "C")
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .unwrap();
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("Usage: rolemap check")
    );
}

#[test]
fn nested_commands_and_version() {
    let (code, out, _) = run(&["--lang", "ja", "export", "oscal", "--help"], "C");
    assert_eq!(code, Some(0));
    assert_japanese_help(&out, "export oscal --help");
    assert!(out.contains("システムセキュリティ計画"), "{out}");
    let (code, out, _) = run(&["--lang", "ja", "--version"], "C");
    assert_eq!(code, Some(0));
    assert!(out.starts_with("rolemap "), "{out}");
}

#[test]
fn misspelt_flag_says_did_you_mean_in_japanese() {
    let e = usage_error(
        &[
            "--lang",
            "ja",
            "check",
            "models/service.ron",
            "--fromat",
            "json",
        ],
        "C",
    );
    assert!(
        e.starts_with("エラー: 引数「--fromat」はありません\n"),
        "{e}"
    );
    assert!(e.contains("もしかして: --format"), "{e}");
    assert!(e.contains("使い方: rolemap check"), "{e}");
    assert!(
        e.contains("詳しくは「rolemap check --help」を実行してください。"),
        "{e}"
    );
    assert!(!e.contains("unexpected argument"), "{e}");
}

#[test]
fn invalid_value_lists_the_valid_ones() {
    let e = usage_error(
        &["matrix", "models/service.ron", "--format", "pdf"],
        "ja_JP.UTF-8",
    );
    assert!(
        e.contains("--format <FORMAT> の値「pdf」は使えません"),
        "{e}"
    );
    assert!(e.contains("使える値: text, md, csv, json, xlsx"), "{e}");
    assert!(e.contains("詳しくは「rolemap matrix --help」"), "{e}");
    // A value our parser refuses gives its reason in Japanese too.
    let e = usage_error(
        &[
            "--lang=ja",
            "check",
            "models/service.ron",
            "--today",
            "2027-13-01",
        ],
        "C",
    );
    assert!(
        e.contains(
            "--today <YYYY-MM-DD> の値「2027-13-01」は使えません: 「2027-13-01」は YYYY-MM-DD 形式の日付ではありません (ヒント: "
        ),
        "{e}"
    );
    assert!(!e.contains("is not a date"), "{e}");
    let e = usage_error(
        &[
            "--lang=ja",
            "graph",
            "models/service.ron",
            "--id-prefix",
            "9x",
        ],
        "C",
    );
    assert!(e.contains("「9x」は ID の接頭辞に使えません"), "{e}");
    assert!(!e.contains("is not a usable"), "{e}");
    // English stays clap's, with the English reason.
    let (code, _, e) = run(
        &["check", "models/service.ron", "--today", "2027-13-01"],
        "C",
    );
    assert_eq!(code, Some(2));
    assert!(
        e.contains("`2027-13-01` is not a date of the form YYYY-MM-DD (hint: a real calendar day"),
        "{e}"
    );
    assert!(!e.contains("ヒント"), "{e}");
}

#[test]
fn missing_required_arguments_are_listed() {
    let e = usage_error(&["--lang", "ja", "waive", "models/service.ron"], "C");
    assert!(
        e.starts_with("エラー: 必須の引数が指定されていません:\n"),
        "{e}"
    );
    for arg in ["--reason <REASON>", "--owner <OWNER>", "<FINDING-ID>"] {
        assert!(e.contains(arg), "{arg}: {e}");
    }
    assert!(e.contains("詳しくは「rolemap waive --help」"), "{e}");
}

#[test]
fn unknown_subcommand_with_a_suggestion() {
    let e = usage_error(&["--lang", "ja", "chek"], "C");
    assert!(
        e.starts_with("エラー: コマンド「chek」はありません\n"),
        "{e}"
    );
    assert!(e.contains("もしかして:") && e.contains("check"), "{e}");
    assert!(e.contains("詳しくは「rolemap --help」"), "{e}");
}

#[test]
fn english_is_unchanged_under_the_c_locale() {
    let (code, out, _) = run(&["check", "--help"], "C");
    assert_eq!(code, Some(0));
    assert!(
        out.contains("Usage: rolemap check [OPTIONS] <MODEL>..."),
        "{out}"
    );
    assert!(
        out.contains("Options:") && out.contains("Print help"),
        "{out}"
    );
    assert!(!out.contains("使い方"), "{out}");
    let e = usage_error(&["check", "models/service.ron", "--fromat", "json"], "C");
    assert!(
        e.starts_with("error: unexpected argument '--fromat' found"),
        "{e}"
    );
    assert!(
        e.contains("tip: a similar argument exists: '--format'"),
        "{e}"
    );
    assert!(e.contains("For more information, try '--help'."), "{e}");
    // `--lang en` under a Japanese locale is English too.
    let e = usage_error(&["--lang", "en", "chek"], "ja_JP.UTF-8");
    assert!(
        e.starts_with("error: unrecognized subcommand 'chek'"),
        "{e}"
    );
}
