//! Problems found while reading a model or catalog file: what went wrong, where, what was
//! expected and the nearest valid name. Messages are rendered in either language on demand.

use std::sync::Arc;

use crate::i18n::Lang;
use crate::load::source::{LineCol, SourceFile, Span};
use crate::tr;

/// What kind of thing a problem is about, named in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Thing {
    /// The model as a whole.
    Model,
    /// A party entry.
    Party,
    /// A contract entry.
    Contract,
    /// A role entry such as `Developer(Lead)`.
    RoleEntry,
    /// An `assign` entry.
    Assignment,
    /// A `waivers` entry.
    Waiver,
    /// A bilingual text `(en: .., ja: ..)`.
    Text,
    /// A catalog file.
    Catalog,
    /// A catalog category.
    Category,
    /// A catalog requirement.
    Requirement,
    /// A catalog individual item.
    Item,
    /// A catalog source document.
    SourceDoc,
    /// A source tag (`Seed`, `Web(..)`, `Inferred(..)`).
    SourceTag,
    /// A finding code.
    Code,
    /// An organisation.
    Org,
    /// A requirement or item id.
    RequirementOrItem,
    /// A `components` entry.
    Component,
    /// A `consortia` entry (共同企業体).
    Consortium,
    /// A party or a consortium, as a contract's client or contractor.
    PartyOrConsortium,
}

impl Thing {
    /// The name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        use Thing::*;
        match self {
            Model => lang.pick("model", "モデル"),
            Party => lang.pick("party", "関係者"),
            Contract => lang.pick("contract", "契約"),
            RoleEntry => lang.pick("role entry", "役割の指定"),
            Assignment => lang.pick("assignment", "割当 (assign)"),
            Waiver => lang.pick("waiver", "免除 (waiver)"),
            Text => lang.pick("text", "テキスト"),
            Catalog => lang.pick("catalog", "カタログ"),
            Category => lang.pick("category", "分類"),
            Requirement => lang.pick("requirement", "要求事項"),
            Item => lang.pick("individual item", "個別要求"),
            SourceDoc => lang.pick("source document", "出典"),
            SourceTag => lang.pick("source tag", "出典区分"),
            Code => lang.pick("finding code", "指摘コード"),
            Org => lang.pick("organisation", "組織"),
            RequirementOrItem => lang.pick("requirement or item", "要求事項または個別要求"),
            Component => lang.pick("component", "コンポーネント"),
            Consortium => lang.pick("consortium", "共同企業体"),
            PartyOrConsortium => lang.pick("party or consortium", "関係者または共同企業体"),
        }
    }
}

/// The shape of a value, for "expected X, found Y".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A quoted string.
    String,
    /// A bare name such as `Service`.
    Name,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A list `[..]`.
    List,
    /// A map `{..}`.
    Map,
    /// A struct `(field: ..)` or object.
    Struct,
    /// A tuple `(a, b)` or variant with arguments.
    Tuple,
    /// Nothing: `()`, `null`, `None`.
    Nothing,
    /// A date `"YYYY-MM-DD"`.
    Date,
    /// A role such as `Developer(Lead)`.
    Role,
    /// A text: a string or `(en: .., ja: ..)`.
    Text,
    /// A text in both languages `(en: .., ja: ..)`.
    BilingualText,
    /// A source tag.
    SourceTag,
}

impl Shape {
    /// The name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        use Shape::*;
        match self {
            String => lang.pick("a string in double quotes", "二重引用符で囲んだ文字列"),
            Name => lang.pick("a bare name", "引用符なしの名前"),
            Bool => lang.pick("true or false", "true または false"),
            Number => lang.pick("a number", "数値"),
            List => lang.pick("a list [..]", "リスト [..]"),
            Map => lang.pick("a map {..}", "マップ {..}"),
            Struct => lang.pick("a structure (field: ..)", "構造 (field: ..)"),
            Tuple => lang.pick("a tuple (..)", "タプル (..)"),
            Nothing => lang.pick("nothing (unit/null)", "値なし (unit/null)"),
            Date => lang.pick("a date \"YYYY-MM-DD\"", "日付 \"YYYY-MM-DD\""),
            Role => lang.pick(
                "a role such as Developer(Lead) or Operator(Lead, \"service\")",
                "Developer(Lead) や Operator(Lead, \"service\") のような役割",
            ),
            Text => lang.pick(
                "a string or (en: \"..\", ja: \"..\")",
                "文字列または (en: \"..\", ja: \"..\")",
            ),
            BilingualText => lang.pick(
                "a text in both languages (en: \"..\", ja: \"..\")",
                "両言語のテキスト (en: \"..\", ja: \"..\")",
            ),
            SourceTag => lang.pick(
                "Seed, Web(\"tag\") or Inferred(en: \"..\", ja: \"..\")",
                "Seed、Web(\"tag\")、Inferred(en: \"..\", ja: \"..\") のいずれか",
            ),
        }
    }
}

/// A token or construct a parser wanted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expected {
    /// Any value.
    Value,
    /// A specific character such as `,` or `)`.
    Char(char),
    /// One of several characters, e.g. `,` or `)`.
    OneOf(&'static [char]),
    /// A field name.
    FieldName,
    /// A map key.
    Key,
    /// End of input.
    End,
    /// Free description in English and Japanese.
    Other(&'static str, &'static str),
}

impl Expected {
    /// Describe it in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Expected::Value => lang.pick("a value", "値").into(),
            Expected::Char(c) => format!("`{c}`"),
            Expected::OneOf(cs) => cs
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(lang.pick(" or ", " または ")),
            Expected::FieldName => lang.pick("a field name", "フィールド名").into(),
            Expected::Key => lang.pick("a key", "キー").into(),
            Expected::End => lang.pick("the end of the file", "ファイルの終わり").into(),
            Expected::Other(en, ja) => lang.pick(en, ja).into(),
        }
    }
}

/// Why a date is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateError {
    /// Not of the form YYYY-MM-DD.
    Format,
    /// Month outside 1..=12.
    Month,
    /// Day outside the month.
    Day,
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
        /// A few of the valid ids (at most [`KNOWN_SHOWN`]), in order.
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
            Syntax { .. } | Unterminated { .. } | InvalidEscape { .. } | InvalidNumber { .. } => {
                "syntax"
            }
            TooDeep { .. } => "too-deep",
            Unsupported { .. } => "unsupported",
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

    /// The one-line message.
    pub fn message(&self, lang: Lang) -> String {
        use Problem::*;
        match self {
            Syntax { expected, found } => {
                let e = expected.describe(lang);
                tr!(
                    lang,
                    "expected {e}, found {found}",
                    "{e}が必要ですが、{found}があります"
                )
            }
            Unterminated { what } => {
                let w = lang.pick(what.0, what.1);
                tr!(lang, "unterminated {w}", "{w}が閉じられていません")
            }
            InvalidEscape { escape } => tr!(
                lang,
                "invalid escape sequence `{escape}`",
                "不正なエスケープシーケンス `{escape}`"
            ),
            InvalidNumber { text } => tr!(lang, "invalid number `{text}`", "不正な数値 `{text}`"),
            TooDeep { limit } => tr!(
                lang,
                "nesting deeper than {limit} levels",
                "入れ子が{limit}段を超えています"
            ),
            Unsupported { what } => {
                let w = lang.pick(what.0, what.1);
                tr!(lang, "{w} is not supported here", "{w}はここでは使えません")
            }
            Yaml { message } => tr!(
                lang,
                "invalid YAML: {message}",
                "YAMLとして不正です: {message}"
            ),
            UnknownField { field, within, .. } => {
                let w = within.name(lang);
                tr!(
                    lang,
                    "unknown field `{field}` in {w}",
                    "{w}に未知のフィールド `{field}` があります"
                )
            }
            MissingField { field, within } => {
                let w = within.name(lang);
                tr!(
                    lang,
                    "{w} is missing the required field `{field}`",
                    "{w}に必須フィールド `{field}` がありません"
                )
            }
            DuplicateField { field, .. } => tr!(
                lang,
                "field `{field}` is given twice",
                "フィールド `{field}` が二度指定されています"
            ),
            UnknownVariant { value, of, .. } => {
                let o = lang.pick(of.0, of.1);
                tr!(lang, "unknown {o} `{value}`", "未知の{o} `{value}`")
            }
            WrongType {
                expected, found, ..
            } => {
                let e = expected.name(lang);
                let f = found.name(lang);
                tr!(
                    lang,
                    "expected {e}, found {f}",
                    "{e}が必要ですが、{f}があります"
                )
            }
            DuplicateId { what, id, .. } => {
                let w = what.name(lang);
                let q = lang.quote(id);
                tr!(lang, "duplicate {w} id {q}", "{w}のID {q} が重複しています")
            }
            UnknownReference {
                what, id, context, ..
            } => {
                let w = what.name(lang);
                let q = lang.quote(id);
                let c = match lang {
                    Lang::En => &context.0,
                    Lang::Ja => &context.1,
                };
                tr!(
                    lang,
                    "unknown {w} {q} in {c}",
                    "{c}に未知の{w} {q} があります"
                )
            }
            InvalidId { what, id } => {
                let w = what.name(lang);
                let q = lang.quote(id);
                tr!(lang, "invalid {w} id {q}", "{w}のID {q} が不正です")
            }
            SelfContract { contract, party } => {
                let c = lang.quote(contract);
                let p = lang.quote(party);
                tr!(
                    lang,
                    "contract {c} has {p} as both client and contractor",
                    "契約 {c} で {p} が発注者と受注者を兼ねています"
                )
            }
            PeriodReversed {
                start_field,
                start,
                end_field,
                end,
                ..
            } => tr!(
                lang,
                "`{start_field}` {start} is after `{end_field}` {end}",
                "`{start_field}` {start} が `{end_field}` {end} より後です"
            ),
            NotAMember {
                consortium,
                party,
                field,
                ..
            } => {
                let c = lang.quote(consortium);
                let p = lang.quote(party);
                tr!(
                    lang,
                    "`{field}` of consortium {c} names {p}, which is not one of its members",
                    "共同企業体 {c} の `{field}` に構成員でない {p} が指定されています"
                )
            }
            InvalidDate { value, reason } => {
                let why = match reason {
                    DateError::Format => lang.pick(
                        "not of the form YYYY-MM-DD",
                        "YYYY-MM-DD 形式ではありません",
                    ),
                    DateError::Month => {
                        lang.pick("the month is not 01–12", "月が 01〜12 ではありません")
                    }
                    DateError::Day => {
                        lang.pick("that month has no such day", "その月にその日はありません")
                    }
                };
                let q = lang.quote(value);
                tr!(lang, "invalid date {q}: {why}", "不正な日付 {q}: {why}")
            }
            InvalidQualifier {
                role, qualifier, ..
            } => tr!(
                lang,
                "role {role} cannot take the qualifier {qualifier}",
                "役割 {role} に区分 {qualifier} は指定できません"
            ),
            AmbiguousRole { requirement, .. } => tr!(
                lang,
                "requirement {requirement} applies to several roles; the assignment must say which",
                "要求事項 {requirement} は複数の役割に該当するため、割当で役割を指定してください"
            ),
            RoleNotApplicable {
                requirement, role, ..
            } => tr!(
                lang,
                "requirement {requirement} does not apply to role {role}",
                "要求事項 {requirement} は役割 {role} に該当しません"
            ),
            ItemOutsideRequirement { item, requirement } => tr!(
                lang,
                "item {item} does not belong to requirement {requirement}",
                "個別要求 {item} は要求事項 {requirement} に属しません"
            ),
            NotWaivable { code } => tr!(
                lang,
                "findings of `{code}` cannot be waived",
                "`{code}` の指摘は免除できません"
            ),
            EmptyList { field } => tr!(
                lang,
                "`{field}` must not be empty",
                "`{field}` は空にできません"
            ),
            EmptyString { field } => tr!(
                lang,
                "`{field}` must not be empty",
                "`{field}` は空にできません"
            ),
            TooLarge { size, limit } => tr!(
                lang,
                "file is {size} bytes, over the limit of {limit} bytes",
                "ファイルが {size} バイトで、上限 {limit} バイトを超えています"
            ),
            NotUtf8 { offset } => tr!(
                lang,
                "file is not valid UTF-8 (first bad byte at offset {offset})",
                "ファイルが UTF-8 ではありません (最初の不正バイトはオフセット {offset})"
            ),
            Io { message } => tr!(
                lang,
                "cannot read file: {message}",
                "ファイルを読めません: {message}"
            ),
            NotRegular { kind } => kind.message(lang),
            UnknownFormat { extension } => tr!(
                lang,
                "unknown file format `{extension}`",
                "未知のファイル形式 `{extension}`"
            ),
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

    /// What was expected, when the problem can say.
    pub fn expected(&self, lang: Lang) -> Option<String> {
        use Problem::*;
        let list = |xs: &[&str]| -> String {
            let shown: Vec<String> = xs.iter().map(|x| format!("`{x}`")).collect();
            lang.list(&shown)
        };
        match self {
            UnknownField { expected, .. } => Some(tr!(
                lang,
                "one of the fields {}",
                "次のいずれかのフィールド: {}",
                list(expected)
            )),
            UnknownVariant { expected, .. } => {
                Some(tr!(lang, "one of {}", "次のいずれか: {}", list(expected)))
            }
            MissingField { field, .. } => {
                Some(tr!(lang, "a field `{field}`", "フィールド `{field}`"))
            }
            UnknownReference {
                what,
                known,
                known_count,
                ..
            } => {
                let w = what.name(lang);
                if *known_count == 0 {
                    Some(tr!(
                        lang,
                        "a defined {w}; none is defined",
                        "定義済みの{w} (定義がありません)"
                    ))
                } else {
                    let shown: Vec<String> = known
                        .iter()
                        .take(KNOWN_SHOWN)
                        .map(|k| format!("\"{k}\""))
                        .collect();
                    let more = if *known_count > shown.len() {
                        tr!(lang, " and {} more", " ほか{}件", known_count - shown.len())
                    } else {
                        String::new()
                    };
                    Some(tr!(
                        lang,
                        "one of the defined {w} ids: {}{more}",
                        "定義済みの{w}のID: {}{more}",
                        lang.list(&shown)
                    ))
                }
            }
            InvalidQualifier { allowed, .. } => {
                Some(tr!(lang, "one of {}", "次のいずれか: {}", list(allowed)))
            }
            NotAMember { members, .. } => {
                let shown: Vec<String> = members.iter().map(|k| format!("\"{k}\"")).collect();
                Some(tr!(
                    lang,
                    "one of the members {}",
                    "次のいずれかの構成員: {}",
                    lang.list(&shown)
                ))
            }
            AmbiguousRole { roles, .. } => Some(tr!(
                lang,
                "a field `role` with one of {}",
                "フィールド `role` (次のいずれか: {})",
                list(roles)
            )),
            RoleNotApplicable { roles, .. } => {
                Some(tr!(lang, "one of {}", "次のいずれか: {}", list(roles)))
            }
            InvalidDate { .. } => Some(
                lang.pick(
                    "an ISO date such as \"2030-03-31\"",
                    "\"2030-03-31\" のような ISO 形式の日付",
                )
                .into(),
            ),
            InvalidId { .. } => Some(
                lang.pick(
                    "a non-empty id without control characters or surrounding spaces",
                    "空でなく、制御文字や前後の空白を含まないID",
                )
                .into(),
            ),
            WrongType { expected, .. } => Some(expected.name(lang).into()),
            _ => None,
        }
    }

    /// A hint: the nearest valid name, or how to fix it.
    pub fn help(&self, lang: Lang) -> Option<String> {
        use Problem::*;
        let did_you_mean = |s: &Option<String>| {
            s.as_ref().map(|s| {
                let q = lang.quote(s);
                tr!(lang, "did you mean {q}?", "{q} のことですか?")
            })
        };
        match self {
            UnknownField { suggestion, .. } | UnknownVariant { suggestion, .. } => did_you_mean(suggestion),
            UnknownReference { suggestion, .. } => did_you_mean(suggestion),
            WrongType { hint, .. } => hint.as_ref().map(|(en, ja)| match lang {
                Lang::En => en.clone(),
                Lang::Ja => ja.clone(),
            }),
            SelfContract { .. } => Some(lang.pick(
                "a contract joins two different parties; for work a party does itself, drop the contract or use the party's own `roles`",
                "契約は異なる二者を結ぶものです。自ら行う作業は契約を削除するか、関係者の `roles` で表してください",
            ).into()),
            DuplicateId { .. } => Some(lang.pick("give each entry its own id", "各項目に別々のIDを付けてください").into()),
            PeriodReversed { start_field, end_field, .. } => Some(tr!(
                lang,
                "a period runs from `{start_field}` to `{end_field}`; swap the two dates or correct one",
                "期間は `{start_field}` から `{end_field}` までです。二つの日付を入れ替えるか、どちらかを直してください"
            )),
            NotAMember { members, .. } => suggest_member(lang, members),
            DuplicateField { .. } => Some(lang.pick("keep one of the two", "どちらか一方を残してください").into()),
            NotWaivable { .. } => Some(lang.pick(
                "fix or remove the waiver it is about instead",
                "代わりに対象の免除を修正または削除してください",
            ).into()),
            TooLarge { .. } => Some(lang.pick(
                "split the model, or raise the limit with --max-size",
                "モデルを分割するか、--max-size で上限を引き上げてください",
            ).into()),
            NotUtf8 { .. } => Some(lang.pick("save the file as UTF-8", "ファイルを UTF-8 で保存してください").into()),
            NotRegular { .. } => Some(crate::files::SpecialKind::hint(lang).into()),
            UnknownFormat { .. } => Some(lang.pick(
                "use .ron, .json, .yaml or .yml",
                ".ron、.json、.yaml、.yml のいずれかを使ってください",
            ).into()),
            InvalidQualifier { .. } => Some(lang.pick(
                "Infra (platform provider) is for Supplier and Operator only",
                "Infra (基盤の提供) は Supplier と Operator にのみ指定できます",
            ).into()),
            TooDeep { .. } => Some(lang.pick(
                "a model needs only a few levels; check for runaway brackets",
                "モデルに深い入れ子は不要です。括弧の対応を確認してください",
            ).into()),
            _ => None,
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

/// The hint for a consortium field naming a non-member: add it to `members`, or name a member.
fn suggest_member(lang: Lang, members: &[String]) -> Option<String> {
    Some(match members.first() {
        Some(m) => {
            let q = lang.quote(m);
            tr!(
                lang,
                "add the party to `members`, or name a member such as {q}",
                "その関係者を `members` に加えるか、{q} などの構成員を指定してください"
            )
        }
        None => lang
            .pick(
                "add the party to `members`",
                "その関係者を `members` に加えてください",
            )
            .into(),
    })
}

/// A problem at a place in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// What is wrong (boxed: diagnostics travel in `Result`s and should stay small).
    pub problem: Box<Problem>,
    /// Where.
    pub span: Span,
}

impl Diagnostic {
    /// A diagnostic at `span`.
    pub fn new(problem: Problem, span: Span) -> Self {
        Diagnostic {
            problem: Box::new(problem),
            span,
        }
    }
}

/// Every problem found in one file.
#[derive(Debug, Clone)]
pub struct FileDiagnostics {
    /// The file, for positions and source lines.
    pub file: Arc<SourceFile>,
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileDiagnostics {
    /// Line and column of a diagnostic.
    pub fn position(&self, d: &Diagnostic) -> LineCol {
        self.file.line_col(d.span.start)
    }
}

impl std::fmt::Display for FileDiagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            let p = self.position(d);
            writeln!(
                f,
                "{}:{}:{}: {}",
                self.file.name(),
                p.line,
                p.column,
                d.problem.message(Lang::En)
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for FileDiagnostics {}

/// How many of the valid ids an unknown reference keeps to show ("one of the defined party
/// ids: "a", "b", … and 99,992 more"): a few, never a copy of every id per problem.
pub const KNOWN_SHOWN: usize = 8;

/// The first [`KNOWN_SHOWN`] of `ids` (`count` of them), with `count`, for
/// [`Problem::UnknownReference`]: it costs the few shown, not the list.
pub fn known_sample<'a, I>(ids: I, count: usize) -> (Vec<String>, usize)
where
    I: IntoIterator<Item = &'a str>,
{
    let shown = ids
        .into_iter()
        .take(KNOWN_SHOWN)
        .map(str::to_string)
        .collect();
    (shown, count)
}

/// The nearest candidate to `input`, if one is close enough to be a likely typo.
pub fn suggest<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = input.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c == input {
            continue;
        }
        let cl = c.to_lowercase();
        let score = if cl == lower {
            2.0
        } else {
            let jw = strsim::jaro_winkler(&lower, &cl);
            let lev = strsim::levenshtein(&lower, &cl);
            let max_edits = (lower.chars().count().max(cl.chars().count()) / 3).max(1);
            if lev <= max_edits || jw >= 0.88 || (cl.contains(&lower) && lower.chars().count() >= 3)
            {
                jw + if lev <= max_edits { 0.5 } else { 0.0 }
            } else {
                continue;
            }
        };
        if best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let ids = ["hospital", "acme", "devhelp", "iaas"];
        assert_eq!(suggest("acmee", ids).as_deref(), Some("acme"));
        assert_eq!(suggest("Hospital", ids).as_deref(), Some("hospital"));
        assert_eq!(suggest("zzzzzz", ids), None);
        assert_eq!(
            suggest(
                "Supplyer",
                ["Developer", "Supplier", "Operator", "Customer"]
            )
            .as_deref(),
            Some("Supplier")
        );
        assert_eq!(
            suggest("securty_terms", ["security_terms", "support_until"]).as_deref(),
            Some("security_terms")
        );
    }

    #[test]
    fn every_problem_has_both_languages() {
        let p = Problem::UnknownReference {
            what: Thing::Party,
            id: "acmee".into(),
            context: ("contract \"use\"".into(), "契約「use」".into()),
            suggestion: Some("acme".into()),
            known: vec!["acme".into()],
            known_count: 1,
        };
        assert_eq!(
            p.message(Lang::En),
            "unknown party \"acmee\" in contract \"use\""
        );
        assert_eq!(p.help(Lang::En).unwrap(), "did you mean \"acme\"?");
        assert!(p.message(Lang::Ja).contains("「acmee」"));
    }
}
