//! Output language: every label, role, kind, title, message and fix exists in English and Japanese.

use std::fmt;
use std::io;

/// An operating-system error for a Japanese reader: what went wrong in words, from the error's
/// kind, then the system's own message (which the OS gives in English) in parentheses.
pub fn os_error_ja(e: &io::Error) -> String {
    use io::ErrorKind::*;
    let what = match e.kind() {
        NotFound => "ファイルまたはフォルダがありません",
        PermissionDenied => "アクセスが拒否されました (権限がありません)",
        AlreadyExists => "既に存在します",
        IsADirectory => "フォルダです (ファイルではありません)",
        NotADirectory => "パスの途中がフォルダではありません",
        StorageFull => "ディスクに空きがありません",
        QuotaExceeded => "ディスク容量の割り当てを超えました",
        ReadOnlyFilesystem => "読み取り専用のファイルシステムです",
        FileTooLarge => "ファイルが大きすぎます",
        BrokenPipe => "出力先が閉じられました",
        InvalidData | InvalidInput => "データまたは指定が不正です",
        TimedOut => "時間切れになりました",
        Interrupted => "中断されました",
        OutOfMemory => "メモリが足りません",
        Unsupported => "このシステムでは使えない操作です",
        _ => "入出力エラーが発生しました",
    };
    format!("{what} ({e})")
}

/// The language of human-readable output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese (日本語).
    Ja,
}

impl Lang {
    /// The language from a locale string such as `ja_JP.UTF-8`, `ja`, `en_US`, `C`.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let l = locale.trim().to_ascii_lowercase();
        if l.is_empty() {
            None
        } else if l.starts_with("ja") {
            Some(Lang::Ja)
        } else {
            Some(Lang::En)
        }
    }

    /// The language the environment asks for: `LC_ALL`, then `LC_MESSAGES`, then `LANG`; else English.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && let Some(lang) = Lang::from_locale(&v)
            {
                return lang;
            }
        }
        Lang::En
    }

    /// `en` or `ja`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Pick one of two static strings.
    pub fn pick(self, en: &'static str, ja: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }

    /// Quote a value the way the language does: `"x"` or `「x」`.
    pub fn quote(self, s: &str) -> String {
        match self {
            Lang::En => format!("\"{s}\""),
            Lang::Ja => format!("「{s}」"),
        }
    }

    /// A count with its noun: `1 error`, `2 errors`; Japanese has no plural (`エラー 2 件`).
    pub fn count(self, n: usize, one: &str, many: &str, ja: &str) -> String {
        match self {
            Lang::En if n == 1 => format!("{n} {one}"),
            Lang::En => format!("{n} {many}"),
            Lang::Ja => format!("{ja} {n} 件"),
        }
    }

    /// Join a list of values with the language's separator.
    pub fn list<S: std::borrow::Borrow<str>>(self, items: &[S]) -> String {
        items.join(self.pick(", ", "、"))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text in both languages, as the catalog and bilingual names carry it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// Japanese.
    pub ja: String,
}

impl Text {
    /// The same text in both languages (a name written once).
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text {
            en: s.clone(),
            ja: s,
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }

    /// Whether both languages carry the same string.
    pub fn is_single(&self) -> bool {
        self.en == self.ja
    }
}

/// Format a message in the chosen language: `tr!(lang, "en {x}", "ja {x}")`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $en:literal, $ja:literal $(,)?) => {
        match $lang {
            $crate::i18n::Lang::En => format!($en),
            $crate::i18n::Lang::Ja => format!($ja),
        }
    };
    ($lang:expr, $en:literal, $ja:literal, $($arg:tt)*) => {
        match $lang {
            $crate::i18n::Lang::En => format!($en, $($arg)*),
            $crate::i18n::Lang::Ja => format!($ja, $($arg)*),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_detection() {
        assert_eq!(Lang::from_locale("ja_JP.UTF-8"), Some(Lang::Ja));
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C"), Some(Lang::En));
        assert_eq!(Lang::from_locale(""), None);
    }

    #[test]
    fn tr_picks_language() {
        let n = 3;
        assert_eq!(tr!(Lang::En, "{n} parties", "関係者{n}件"), "3 parties");
        assert_eq!(tr!(Lang::Ja, "{n} parties", "関係者{n}件"), "関係者3件");
    }
}
