//! The command line in Japanese (issue 12, item 6): `--help`, `-h`, `rolemap help X` and usage
//! errors under `--lang ja` or a Japanese locale. One table ([`TABLE`]) holds the Japanese text
//! of every command and argument, keyed by command path and argument id; [`localize`] applies it
//! to the built clap command, [`render_error`] says clap's usage errors in Japanese. English
//! never passes through here, so it stays byte for byte what clap writes.

use std::ffi::OsString;

use clap::Command;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::Lang;

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
            let why = std::error::Error::source(e)
                .map(|s| format!(" ({s})"))
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

/// Japanese texts of every command and argument (see [`lookup`] for the keys).
pub const TABLE: &[(&str, &str)] = &[
    // The top level and the options of every command.
    (
        "rolemap",
        "ソフトウェアのサプライチェーンで、どのセキュリティ上の役割を誰が担うか。\n\nrolemap は契約で結ばれた関係者のモデルを読み、サイバーインフラ事業者に求められる役割等に関するガイドラインに沿って、各関係者が担う役割、各関係者にかかる要求事項、そして誰も担っていない・複数が重ねて担っている責務を導きます。",
    ),
    (
        "* --lang",
        "出力の言語: en または ja(既定: LC_ALL / LC_MESSAGES / LANG から。なければ en)",
    ),
    ("* --color", "テキスト出力に色を付けるとき"),
    (
        "* --max_problems",
        "入力ファイルごとに報告する問題の上限。残りは 1 行で件数のみ(0: 上限なし)",
    ),
    ("* --quiet", "書いたファイルを標準エラーに表示しない"),
    ("* --help", "ヘルプを表示(-h で要約、--help で詳細)"),
    ("rolemap --version", "バージョンを表示"),
    (
        "* --package",
        "対象のパッケージ。範囲外の項目は info として報告(既定: モデルの `package`)",
    ),
    (
        "* --catalog",
        "組み込みの要求事項カタログの代わりにこのカタログを使う",
    ),
    (
        "* --today",
        "免除(waiver)の期限を判定する日付(既定: 今日、UTC)",
    ),
    (
        "* --at",
        "ある 1 日時点のチェーンを評価する: その日に有効な契約のみ(`from` がその日以前、`until` がその日以後)。利用期間はその日",
    ),
    ("* --max_size", "受け付ける入力ファイルの最大サイズ(バイト)"),
    (
        "* --allow_special_files",
        "コマンドラインで指定された FIFO・デバイス・ソケット(別のプログラムが書く名前付きパイプ `model.ron` など)も読む(指定しなければ通常ファイルのみ。フォルダ内で見つけたファイルは常に通常ファイルのみ)",
    ),
    ("* --model", "モデルファイル"),
    (
        "* --bom",
        "CSV の先頭に UTF-8 の BOM を付け、Excel が UTF-8 として読むようにする(--lang ja では既定)",
    ),
    ("* --no_bom", "日本語でも BOM を付けない"),
    (
        "* --renderer",
        "SVG を描くもの: Graphviz の `dot` が動けばそれ、なければ組み込みのレイアウト(auto)",
    ),
    (
        "* --dot",
        "Graphviz の `dot` プログラム(既定: PATH 上の `dot`)",
    ),
    ("* --dot_timeout", "`dot` をこの秒数で打ち切る"),
    (
        "* --id_prefix",
        "SVG と DOT のすべての id の接頭辞(ASCII の英字・数字・`_`・`-`)。複数の図を 1 つの HTML ページに載せられる",
    ),
    (
        "* --collapse",
        "図をまとめる: auto(--collapse-threshold を超える関係者数なら組織ごと、組織も多すぎれば階層ごと)、none、org、tier",
    ),
    (
        "* --collapse_threshold",
        "--collapse auto のとき、1 者 1 箱で描く関係者数の上限",
    ),
    // check
    (
        "rolemap check",
        "モデルを検証し、役割を導き、要求事項を割り当てて指摘事項を表示する",
    ),
    (
        "rolemap check --models",
        "モデルファイル(.ron、.json、.yaml)。複数のファイル、フォルダ(中のすべての .ron・.json・.yaml・.yml を再帰的に)、glob パターン(`\"models/**/*.ron\"`)を指定するとポートフォリオを検査: 全体の要約表、1 つの JSON 文書、または 1 つの SARIF run",
    ),
    (
        "rolemap check --details",
        "ポートフォリオのとき、各モデルの指摘事項の全文(text)も表示する、または各モデルの check JSON を含める(json)",
    ),
    (
        "rolemap check --format",
        "出力形式(既定: `-o` の拡張子から。なければ text)",
    ),
    (
        "rolemap check --fail_on",
        "この重大度以上の指摘事項が残れば終了コード 1(免除された指摘事項は数えない)",
    ),
    (
        "rolemap check --output",
        "標準出力の代わりにこのファイルに書く。拡張子で形式が決まる: .txt、.json、.sarif",
    ),
    (
        "rolemap check --status",
        "読み戻す記入済みチェックリスト(.xlsx または .csv、`rolemap checklist` の出力): 関係者・パッケージごとの適合状況を報告。複数ファイルは繰り返し指定",
    ),
    // matrix
    (
        "rolemap matrix",
        "責任分担表を表示する: 要求事項 × 関係者、L/S/I の記号付き",
    ),
    (
        "rolemap matrix --format",
        "出力形式(既定: `-o` の拡張子から。なければ text)",
    ),
    (
        "rolemap matrix --output",
        "標準出力の代わりにこのファイルに書く。拡張子で形式が決まる: .txt、.md、.csv、.json、.xlsx",
    ),
    // explain
    (
        "rolemap explain",
        "各要求事項がなぜその関係者にかかるのかを、契約ごとに説明する",
    ),
    (
        "rolemap explain --party",
        "関係者の id(`-` で始まる id もオプションではなく id として扱う)",
    ),
    (
        "rolemap explain --requirement",
        "この要求事項または項目だけ(例: `(1)-4`、`S(1)-4.1`)",
    ),
    ("rolemap explain --format", "出力形式"),
    // graph
    (
        "rolemap graph",
        "チェーンを DOT または SVG で描く: 組織ごとの関係者と、役割を渡す契約",
    ),
    (
        "rolemap graph --format",
        "出力形式(既定: `-o` の拡張子から。なければ dot)",
    ),
    (
        "rolemap graph --output",
        "標準出力の代わりにこのファイルに書く。拡張子で形式が決まる: .dot(.gv)、.svg、.png、.pdf",
    ),
    // report
    (
        "rolemap report",
        "自己完結した HTML レポートを 1 つ書く: 要約、図、責任分担表、指摘事項、責務、出典",
    ),
    (
        "rolemap report --output",
        "書き出すファイル: `.html`、または `.pdf`(ヘッドレス Chromium で印刷)。`-` は標準出力",
    ),
    (
        "rolemap report --format",
        "形式(既定: `-o` の拡張子から。なければ HTML)",
    ),
    ("rolemap report --paper", "印刷ページと PDF の用紙(横向き)"),
    (
        "rolemap report --status",
        "記入済みチェックリスト(XLSX または CSV、繰り返し指定可): レポートに関係者・パッケージごとの適合状況を載せる",
    ),
    // diff
    (
        "rolemap diff",
        "2 つのモデルを比べる: 得た・失った役割、変わる割り当てと指摘事項",
    ),
    ("rolemap diff --old", "変更前のモデル"),
    ("rolemap diff --new", "変更後のモデル"),
    (
        "rolemap diff --format",
        "出力形式(既定: `-o` の拡張子から。なければ text)",
    ),
    (
        "rolemap diff --fail_on_new",
        "OLD で有効な指摘事項でなかった、この重大度以上の指摘事項が NEW にあれば終了コード 1(新たに生じた、免除が外れた、重大度が上がった)",
    ),
    (
        "rolemap diff --output",
        "標準出力の代わりにこのファイルに書く。拡張子で形式が決まる: .txt、.md、.json",
    ),
    // export
    (
        "rolemap export",
        "他のツールの形式に書き出す: OSCAL のシステムセキュリティ計画、または OSCAL カタログ",
    ),
    (
        "rolemap export oscal",
        "割り当てを OSCAL のシステムセキュリティ計画(JSON)として: 要求事項・項目ごとの責任を持つ役割と関係者",
    ),
    (
        "rolemap export oscal --output",
        "標準出力の代わりにこのファイルに計画を書く",
    ),
    (
        "rolemap export oscal --catalog_out",
        "OSCAL カタログもこのファイルに書く。計画はそのファイル名で参照する",
    ),
    (
        "rolemap export oscal --status",
        "記入済みチェックリスト(`rolemap checklist` の XLSX または CSV、繰り返し指定可): 各関係者が申告した状況が、要求事項のその関係者の分担の `implementation-status` になる",
    ),
    (
        "rolemap export oscal-catalog",
        "要求事項カタログを OSCAL カタログ(JSON)として。計画の control id はこれを参照する",
    ),
    (
        "rolemap export oscal-catalog --output",
        "標準出力の代わりにこのファイルにカタログを書く",
    ),
    (
        "rolemap export help",
        "このメッセージ、または指定したサブコマンドのヘルプを表示",
    ),
    // new
    (
        "rolemap new",
        "ガイドラインのユースケースの 1 つからモデルを始める",
    ),
    ("rolemap new --template", "元にするユースケース"),
    (
        "rolemap new --output",
        "標準出力の代わりにここにモデルを書く(拡張子で RON、JSON、YAML が決まる)",
    ),
    ("rolemap new --force", "FILE があれば置き換える"),
    // catalog
    (
        "rolemap catalog",
        "要求事項カタログを、各項目の出典付きで一覧する",
    ),
    (
        "rolemap catalog --format",
        "出力形式(既定: `-o` の拡張子から。なければ text)",
    ),
    (
        "rolemap catalog --output",
        "標準出力の代わりにこのファイルに書く。拡張子で形式が決まる: .txt、.json、.md",
    ),
    (
        "rolemap catalog --catalog",
        "組み込みの代わりにこのカタログファイルを使う",
    ),
    (
        "rolemap catalog --allow_special_files",
        "`--catalog` に指定された FIFO・デバイス・ソケットも読む(指定しなければ通常ファイルのみ)",
    ),
    // waive
    (
        "rolemap waive",
        "1 つの指摘事項を受け入れる免除(waiver)の記述を表示する。モデルに貼り付けて使う(モデルは編集しない)",
    ),
    (
        "rolemap waive --finding",
        "指摘事項の id。`check` が「Waived」の下や JSON(`id`)に表示するもの。例: `no-security-terms@hosting`、`no-lead@(1)-4/operator`",
    ),
    ("rolemap waive --reason", "受け入れる理由"),
    (
        "rolemap waive --owner",
        "受け入れる者(人、役割、または関係者)",
    ),
    ("rolemap waive --until", "期限(YYYY-MM-DD、今日より後)"),
    // schema, completions, man
    (
        "rolemap schema",
        "モデルファイルの JSON Schema を表示する(JSON・YAML エディタ向け)",
    ),
    (
        "rolemap schema --output",
        "標準出力の代わりにこのファイルにスキーマを書く",
    ),
    (
        "rolemap completions",
        "シェルの補完スクリプトを表示する(bash、zsh、fish、powershell、elvish)",
    ),
    (
        "rolemap completions --shell",
        "シェル: bash、zsh、fish、powershell、elvish",
    ),
    (
        "rolemap completions --output",
        "標準出力の代わりにこのファイルにスクリプトを書く",
    ),
    (
        "rolemap man",
        "マニュアルページ(roff、英語)を表示する。またはコマンドごとに 1 ページをフォルダに書く",
    ),
    (
        "rolemap man --dir",
        "メインのページを表示する代わりに、コマンドごとに 1 ページ(`rolemap.1`、`rolemap-check.1` など)をこのフォルダに書く",
    ),
    // checklist
    (
        "rolemap checklist",
        "関係者ごとの自己適合宣言のチェックリストを書く: XLSX、CSV、Markdown",
    ),
    (
        "rolemap checklist --party",
        "この関係者のチェックリストだけ(既定: すべての関係者)",
    ),
    (
        "rolemap checklist --format",
        "出力形式(既定: `-o` の拡張子から。なければ md)",
    ),
    (
        "rolemap checklist --output",
        "このファイルに書く。全関係者の CSV ではこのフォルダに(関係者ごとに 1 ファイル)。XLSX では必須。拡張子で形式が決まる: .md、.csv、.xlsx",
    ),
    // annex
    (
        "rolemap annex",
        "各契約の契約別紙を書く: 受託者が引き受けること、条項案付きで書くべきセキュリティ条件、サポート期間、未解決の指摘事項",
    ),
    (
        "rolemap annex --contract",
        "この契約だけ(既定: すべての契約)",
    ),
    (
        "rolemap annex --format",
        "出力形式(既定: `-o` の拡張子から。なければ md)",
    ),
    (
        "rolemap annex --output",
        "標準出力の代わりにこのファイルに書く(XLSX では必須)。拡張子で形式が決まる: .md、.txt、.xlsx",
    ),
    (
        "rolemap annex --all_packages",
        "両方のパッケージの要求事項を載せる(既定: 対象パッケージ(`--package` またはモデルの `package`)のものだけ)",
    ),
    // help
    (
        "rolemap help",
        "このメッセージ、または指定したサブコマンドのヘルプを表示",
    ),
];

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
