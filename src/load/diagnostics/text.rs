//! What a problem says in both languages: its message, what was expected and a hint (the
//! did-you-mean).

use super::{DateError, KNOWN_SHOWN, Problem, did_you_mean};
use crate::i18n::Lang;
use crate::tr;

impl Problem {
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
            OverLimit { what } => {
                let w = lang.pick(what.0, what.1);
                tr!(
                    lang,
                    "{w}: over the reader's limit",
                    "{w}: 読み込みの上限を超えています"
                )
            }
            Slip { slip } => match slip {
                super::Slip::TrailingComma { close } => tr!(
                    lang,
                    "trailing comma before `{close}`",
                    "`{close}` の直前に余分なカンマがあります"
                ),
                super::Slip::UnquotedDate { text } => tr!(
                    lang,
                    "the date {text} is not in quotes",
                    "日付 {text} が引用符で囲まれていません"
                ),
                super::Slip::Tab => lang
                    .pick(
                        "a tab in the indentation",
                        "インデントにタブが使われています",
                    )
                    .into(),
            },
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
            CatalogPackage {
                requirement,
                problem,
            } => problem.message(requirement, lang),
            NotWaivable { code } => tr!(
                lang,
                "findings of `{code}` cannot be waived",
                "`{code}` の指摘は免除できません"
            ),
            EmptyList { field } | EmptyString { field } => tr!(
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
            Io { message, ja } => tr!(
                lang,
                "cannot read file: {message}",
                "ファイルを読めません: {ja}"
            ),
            NotRegular { kind } => kind.message(lang),
            UnknownFormat { extension } => tr!(
                lang,
                "unknown file format `{extension}`",
                "未知のファイル形式 `{extension}`"
            ),
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
        let did_you_mean = |s: &Option<String>| s.as_ref().map(|s| did_you_mean(lang, s));
        match self {
            UnknownField { suggestion, .. } | UnknownVariant { suggestion, .. } => did_you_mean(suggestion),
            UnknownReference { suggestion, .. } => did_you_mean(suggestion),
            Slip { slip } => Some(match slip {
                super::Slip::TrailingComma { .. } => lang
                    .pick(
                        "remove the comma: JSON allows no comma after the last entry",
                        "カンマを削除してください。JSON では最後の項目の後にカンマを書けません",
                    )
                    .into(),
                super::Slip::UnquotedDate { text } => tr!(
                    lang,
                    "write dates in quotes: \"{text}\"",
                    "日付は引用符で囲んでください: \"{text}\""
                ),
                super::Slip::Tab => lang
                    .pick(
                        "indent with spaces, not tabs",
                        "インデントにはタブではなくスペースを使ってください",
                    )
                    .into(),
            }),
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
            CatalogPackage { problem, .. } => Some(problem.help(lang)),
            NotWaivable { .. } => Some(lang.pick(
                "fix or remove the waiver it is about instead",
                "代わりに対象の免除を修正または削除してください",
            ).into()),
            OverLimit { .. } => Some(lang.pick(
                "the limit keeps a small file from growing without bound when read; write the repeated values out, or split the model",
                "この上限は、小さなファイルが読み込み時に際限なく膨らむのを防ぎます。繰り返す値を書き下すか、モデルを分割してください",
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
