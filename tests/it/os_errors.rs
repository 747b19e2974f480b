//! Errors of the operating system are said in the user's language (issue 12, item 6): under
//! `--lang ja` or a Japanese locale, what failed is in Japanese, the system's own English text
//! only in parentheses; English is unchanged.

use crate::common::rolemap;

fn stderr_of(args: &[&str], lang_env: &str) -> String {
    let o = rolemap()
        .args(args)
        .env("LANG", lang_env)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{args:?}");
    assert!(o.stdout.is_empty(), "{args:?}: wrote to stdout");
    String::from_utf8(o.stderr).unwrap()
}

#[test]
fn reading_and_writing_failures_are_said_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.ron");
    let m = missing.to_str().unwrap();
    let model = "models/service.ron";
    let nowhere = dir.path().join("missing.csv");
    let (csv, cl_out) = (nowhere.to_str().unwrap(), "/proc/rolemap-test.md");
    // By flag and by locale alike.
    for (args, env) in [
        (vec!["--lang", "ja", "check", m], "C"),
        (vec!["check", m], "ja_JP.UTF-8"),
    ] {
        let e = stderr_of(&args, env);
        assert!(
            e.contains("ファイルを読めません: ファイルまたはフォルダがありません ("),
            "{e}"
        );
        assert!(!e.contains("cannot read"), "{e}");
    }
    let e = stderr_of(&["--lang", "ja", "check", model, "--status", csv], "C");
    assert!(e.contains("ファイルまたはフォルダがありません"), "{e}");
    // A write the system refuses.
    let e = stderr_of(&["--lang", "ja", "checklist", model, "-o", cl_out], "C");
    assert!(
        e.contains("に書き込めません: ") && e.contains("ありません ("),
        "{e}"
    );
    // English stays English.
    let e = stderr_of(&["check", m], "C");
    assert!(
        e.contains("cannot read file: No such file or directory"),
        "{e}"
    );
    assert!(!e.contains("ありません"), "{e}");
}

#[test]
fn every_kind_has_japanese_words() {
    use std::io::{Error, ErrorKind};
    for k in [
        ErrorKind::NotFound,
        ErrorKind::PermissionDenied,
        ErrorKind::StorageFull,
        ErrorKind::IsADirectory,
        ErrorKind::BrokenPipe,
        ErrorKind::Other,
    ] {
        let t = rolemap::i18n::os_error_ja(&Error::from(k));
        let words = t.split(" (").next().unwrap();
        assert!(words.chars().any(|c| c > '\u{3000}'), "{k:?}: {t}");
        assert!(t.ends_with(')'), "{k:?}: {t}");
    }
    assert!(
        rolemap::i18n::os_error_ja(&Error::from(ErrorKind::StorageFull))
            .starts_with("ディスクに空きがありません")
    );
}
