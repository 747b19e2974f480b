//! The problems a model or catalog file can have, with their stable codes, labels and
//! related places.

use super::{DateError, Expected, Shape, Thing};
use crate::i18n::Lang;
use crate::load::source::Span;
use crate::tr;

/// A common syntax slip, named as such.
#[derive(Debug, Clone, PartialEq)]
pub enum Slip {
    /// A comma right before the closing bracket (JSON allows none).
    TrailingComma {
        /// The bracket that follows, `}` or `]`.
        close: char,
    },
    /// A date written without quotes, such as `2027-03-31`.
    UnquotedDate {
        /// The date as written.
        text: String,
    },
    /// A tab in the indentation of a YAML line.
    Tab,
}

/// One problem in a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The text is not valid in its format.
    Syntax {
        /// What the parser wanted.
        expected: Expected,
        /// What it found, as written.
        found: String,
    },
    /// A syntax error rolemap recognises as a common slip, with its own message and hint.
    Slip {
        /// Which slip.
        slip: Slip,
    },
    /// A string or comment never ends.
    Unterminated {
        /// What was left open (English, Japanese).
        what: (&'static str, &'static str),
    },
    /// An escape sequence the format does not know.
    InvalidEscape {
        /// The escape as written.
        escape: String,
    },
    /// A number that cannot be read.
    InvalidNumber {
        /// As written.
        text: String,
    },
    /// Nesting deeper than the limit.
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A construct the reader does not support in this format.
    Unsupported {
        /// What (English, Japanese).
        what: (&'static str, &'static str),
    },
    /// A construct past one of the reader's limits (not a file size: that is `TooLarge`).
    OverLimit {
        /// What went over the limit (English, Japanese).
        what: (&'static str, &'static str),
    },
    /// The YAML reader reported a problem (its message is in English).
    Yaml {
        /// The YAML reader's message.
        message: String,
    },
    /// A field that the structure does not have.
    UnknownField {
        /// The field as written.
        field: String,
        /// The structure.
        within: Thing,
        /// The valid fields.
        expected: Vec<&'static str>,
        /// The nearest valid field.
        suggestion: Option<String>,
    },
    /// A required field is absent.
    MissingField {
        /// The field.
        field: &'static str,
        /// The structure.
        within: Thing,
    },
    /// A field given twice.
    DuplicateField {
        /// The field.
        field: String,
        /// Where it was first given.
        first: Span,
    },
    /// A name that is not one of an enumeration's variants.
    UnknownVariant {
        /// As written.
        value: String,
        /// What the enumeration is, e.g. "contract kind" (English, Japanese).
        of: (&'static str, &'static str),
        /// The valid names.
        expected: Vec<&'static str>,
        /// The nearest valid name.
        suggestion: Option<String>,
    },
    /// A value of the wrong shape.
    WrongType {
        /// What was wanted.
        expected: Shape,
        /// What was found.
        found: Shape,
        /// How to write it instead, when we can tell (English, Japanese).
        hint: Option<(String, String)>,
    },
    /// The same id given to two entries.
    DuplicateId {
        /// What the id names.
        what: Thing,
        /// The id.
        id: String,
        /// Where it was first defined.
        first: Span,
    },
    /// A reference to an id that does not exist.
    UnknownReference {
        /// What kind of id.
        what: Thing,
        /// The id as written.
        id: String,
        /// Where it was used, e.g. `contract "use"` (English, Japanese).
        context: (String, String),
        /// The nearest valid id.
        suggestion: Option<String>,
        /// A few of the valid ids (at most [`KNOWN_SHOWN`](super::KNOWN_SHOWN)), in order.
        known: Vec<String>,
        /// How many valid ids there are.
        known_count: usize,
    },
    /// An id that is empty or has characters that do not belong in ids.
    InvalidId {
        /// What the id names.
        what: Thing,
        /// As written.
        id: String,
    },
    /// A contract whose client and contractor are the same party.
    SelfContract {
        /// The contract.
        contract: String,
        /// The party.
        party: String,
    },
    /// A period whose start is after its end (`from` after `until`, `use_from` after
    /// `use_until`).
    PeriodReversed {
        /// The start field's name.
        start_field: &'static str,
        /// The start as written.
        start: String,
        /// The end field's name.
        end_field: &'static str,
        /// The end as written.
        end: String,
        /// Where the start is written.
        start_span: Span,
    },
    /// A consortium names, as its representative or in its `roles`, a party that is not one of
    /// its members.
    NotAMember {
        /// The consortium.
        consortium: String,
        /// The party.
        party: String,
        /// The field (`representative` or `roles`).
        field: &'static str,
        /// The members.
        members: Vec<String>,
    },
    /// A date that is not a real ISO date.
    InvalidDate {
        /// As written.
        value: String,
        /// Why.
        reason: DateError,
    },
    /// A qualifier that the role cannot take (Infra on Developer or Customer).
    InvalidQualifier {
        /// The role.
        role: &'static str,
        /// The qualifier.
        qualifier: &'static str,
        /// The qualifiers the role can take.
        allowed: Vec<&'static str>,
    },
    /// An assignment to a requirement that applies to several roles, without `role`.
    AmbiguousRole {
        /// The requirement.
        requirement: String,
        /// Its roles.
        roles: Vec<&'static str>,
    },
    /// An assignment naming a role that the requirement does not apply to.
    RoleNotApplicable {
        /// The requirement.
        requirement: String,
        /// The role given.
        role: &'static str,
        /// The requirement's roles.
        roles: Vec<&'static str>,
    },
    /// An item id that does not sit under its requirement's id.
    ItemOutsideRequirement {
        /// The item id.
        item: String,
        /// The requirement id.
        requirement: String,
    },
    /// A catalog requirement whose `package`, `package_source` or `other_items` do not fit
    /// together (see [`crate::catalog::PackageProblem`]).
    CatalogPackage {
        /// The requirement.
        requirement: String,
        /// What is wrong.
        problem: crate::catalog::PackageProblem,
    },
    /// A waiver for a code that cannot be waived (the waiver codes themselves).
    NotWaivable {
        /// The code.
        code: String,
    },
    /// A list that must not be empty.
    EmptyList {
        /// The field.
        field: &'static str,
    },
    /// A string that must not be empty.
    EmptyString {
        /// The field.
        field: &'static str,
    },
    /// The file is larger than the limit.
    TooLarge {
        /// Size in bytes.
        size: u64,
        /// Limit in bytes.
        limit: u64,
    },
    /// The file is not UTF-8.
    NotUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The file could not be read.
    Io {
        /// The operating system's message.
        message: String,
        /// The same for a Japanese reader ([`crate::i18n::os_error_ja`]).
        ja: String,
    },
    /// The file is a FIFO, a device or a socket, and only regular files are read.
    NotRegular {
        /// What it is.
        kind: crate::files::SpecialKind,
    },
    /// The file's extension names no known format.
    UnknownFormat {
        /// The extension as given.
        extension: String,
    },
}

impl Problem {
    /// A stable kebab-case code for machine-readable output.
    pub fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            Syntax { .. }
            | Slip { .. }
            | Unterminated { .. }
            | InvalidEscape { .. }
            | InvalidNumber { .. } => "syntax",
            TooDeep { .. } => "too-deep",
            Unsupported { .. } => "unsupported",
            OverLimit { .. } => "too-large",
            Yaml { .. } => "syntax",
            UnknownField { .. } => "unknown-field",
            MissingField { .. } => "missing-field",
            DuplicateField { .. } => "duplicate-field",
            UnknownVariant { .. } => "unknown-variant",
            WrongType { .. } => "wrong-type",
            DuplicateId { .. } => "duplicate-id",
            UnknownReference { .. } => "unknown-reference",
            InvalidId { .. } => "invalid-id",
            SelfContract { .. } => "self-contract",
            PeriodReversed { .. } => "period-reversed",
            NotAMember { .. } => "not-a-member",
            InvalidDate { .. } => "invalid-date",
            InvalidQualifier { .. } => "invalid-qualifier",
            AmbiguousRole { .. } => "ambiguous-role",
            RoleNotApplicable { .. } => "role-not-applicable",
            ItemOutsideRequirement { .. } => "item-outside-requirement",
            CatalogPackage { problem, .. } => problem.code(),
            NotWaivable { .. } => "not-waivable",
            EmptyList { .. } => "empty-list",
            EmptyString { .. } => "empty-string",
            TooLarge { .. } => "too-large",
            NotUtf8 { .. } => "not-utf8",
            Io { .. } => "io",
            NotRegular { .. } => "not-regular-file",
            UnknownFormat { .. } => "unknown-format",
        }
    }

    /// A short label under the offending text.
    pub fn label(&self, lang: Lang) -> String {
        use Problem::*;
        match self {
            Syntax { expected, .. } => {
                let e = expected.describe(lang);
                tr!(lang, "expected {e} here", "ここに{e}が必要です")
            }
            Slip {
                slip: self::Slip::TrailingComma { .. },
            } => lang.pick("remove this comma", "このカンマを削除").into(),
            Slip {
                slip: self::Slip::UnquotedDate { .. },
            } => lang
                .pick("a date needs quotes", "日付には引用符が必要")
                .into(),
            Slip {
                slip: self::Slip::Tab,
            } => lang.pick("a tab", "タブ").into(),
            UnknownField { .. } => lang
                .pick("not a field here", "このフィールドはありません")
                .into(),
            MissingField { field, .. } => tr!(lang, "`{field}` missing", "`{field}` がありません"),
            DuplicateField { .. } | DuplicateId { .. } => {
                lang.pick("given again here", "ここで再度指定").into()
            }
            UnknownVariant { .. } => lang.pick("not a known name", "未知の名前").into(),
            WrongType { expected, .. } => {
                let e = expected.name(lang);
                tr!(lang, "expected {e}", "{e}が必要です")
            }
            UnknownReference { what, .. } => {
                let w = what.name(lang);
                tr!(lang, "no such {w}", "そのような{w}はありません")
            }
            SelfContract { .. } => lang
                .pick("same party as the client", "発注者と同じ関係者")
                .into(),
            InvalidDate { .. } => lang
                .pick("not a valid date", "有効な日付ではありません")
                .into(),
            PeriodReversed { .. } => lang.pick("earlier than the start", "開始より前").into(),
            NotAMember { .. } => lang.pick("not a member", "構成員ではありません").into(),
            InvalidQualifier { .. } => lang
                .pick("qualifier not allowed", "指定できない区分")
                .into(),
            _ => lang.pick("here", "ここ").into(),
        }
    }

    /// A second location worth pointing at ("first defined here").
    pub fn related(&self) -> Option<Span> {
        match self {
            Problem::DuplicateId { first, .. } | Problem::DuplicateField { first, .. } => {
                Some(*first)
            }
            _ => None,
        }
    }
}
