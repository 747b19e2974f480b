//! Enumerations with a name as written in model files, a lower-case key for JSON, and a label in
//! each language.

/// Declare an enumeration whose variants carry: the name written in models, the kebab-case key
/// used in JSON, and the English and Japanese labels.
macro_rules! named_enum {
    (
        $(#[$m:meta])*
        pub enum $T:ident of ($of_en:literal, $of_ja:literal) {
            $( $(#[$vm:meta])* $V:ident = ($name:literal, $key:literal, $en:literal, $ja:literal) ),+ $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $T { $( $(#[$vm])* $V ),+ }

        impl $T {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$T] = &[$($T::$V),+];
            /// Names as written in model files, with their variant.
            pub const VARIANTS: &'static [(&'static str, $T)] = &[$(($name, $T::$V)),+];
            /// What the enumeration is, in English and Japanese (for messages).
            pub const OF: (&'static str, &'static str) = ($of_en, $of_ja);

            /// The name as written in model files (`QuasiMandate`).
            pub fn name(self) -> &'static str {
                match self { $($T::$V => $name),+ }
            }

            /// The lower-case key used in JSON output (`quasi-mandate`).
            pub fn key(self) -> &'static str {
                match self { $($T::$V => $key),+ }
            }

            /// The label in `lang`.
            pub fn label(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(($T::$V, $crate::i18n::Lang::En) => $en, ($T::$V, $crate::i18n::Lang::Ja) => $ja),+
                }
            }

            /// The variant with this key or model name.
            pub fn parse(s: &str) -> Option<$T> {
                Self::ALL.iter().copied().find(|v| v.key() == s || v.name() == s)
            }
        }

        impl std::fmt::Display for $T {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl serde::Serialize for $T {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }
    };
}

pub(crate) use named_enum;
