//! The Japanese text of every command and argument of the command line, as data: the keys
//! are described at [`super::lookup`]; the test in `super` fails on a missing or stale key.

/// Japanese texts of every command and argument (see [`super::lookup`] for the keys).
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
        "このファイルに書く。全関係者の CSV・XLSX ではこのフォルダに(関係者ごとに 1 ファイル。XLSX では index.xlsx も)。XLSX では必須。拡張子で形式が決まる: .md、.csv、.xlsx。全関係者の CSV ファイルには全員の行を見出し行一つで書く(関係者の列で絞り込める)。関係者が 250 を超えるモデルの全関係者の XLSX は、`.xlsx` を除いた名前のフォルダに書く",
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
        "標準出力の代わりにこのファイルに書く(XLSX では必須)。拡張子で形式が決まる: .md、.txt、.xlsx。全契約の XLSX でフォルダ(拡張子なし)を指定すると契約ごとのブックと index.xlsx を書く。契約が 250 を超えるモデルでは、`.xlsx` を除いた名前のフォルダに書く",
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
