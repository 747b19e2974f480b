//! The self-declaration checklist (自己適合宣言) as CSV, and what every format shares (the
//! columns' help, the provenance lines, the note on sources); the Markdown is in
//! `markdown.rs` (re-exported here), the XLSX workbook in [`super::xlsx`]. Every format has the
//! same columns ([`Column`]) and the same rows ([`checklist::rows`]).

use crate::checklist::{
    self, Column, Row, duty_label, inference_notes, origin_words, qualifier_label, roles_word,
    source_line,
};
use crate::i18n::Lang;
use crate::model::PartyIx;
use crate::style::csv_safe;
use crate::unique::Taken;
use crate::{Analysis, tr};

pub use super::markdown::{render_markdown, write_markdown};

/// The text of every column of one row, in [`Column::ALL`] order; the columns to fill are
/// empty. `sep` joins lists (contracts, inference notes).
pub fn cells(a: &Analysis, r: &Row, lang: Lang, sep: &str) -> Vec<String> {
    let u = r.unit(a);
    Column::ALL
        .iter()
        .map(|c| match c {
            Column::Party => a.model.parties[r.party].id.clone(),
            Column::Requirement => u.requirement.id.clone(),
            Column::Id => u.id().to_string(),
            Column::TitleJa => u.title().ja.clone(),
            Column::TitleEn => u.title().en.clone(),
            Column::Role => roles_word(&r.roles, lang),
            Column::Qualifier => qualifier_label(r, lang).to_string(),
            Column::Duty => duty_label(r, lang),
            Column::Scope => r.scopes.join(sep),
            Column::Package => u.package_label(lang),
            Column::From => origin_words(a, r, lang).join(sep),
            Column::Source => source_line(&u, lang),
            Column::Inferences => inference_notes(&u, lang).join(sep),
            Column::Status | Column::Evidence | Column::Remarks => String::new(),
        })
        .collect()
}

/// What each column holds, for the summary sheet and the docs.
pub fn column_help(c: Column, lang: Lang) -> &'static str {
    let (en, ja) = match c {
        Column::Party => (
            "The party's id in the model. Part of the row's key: do not change it.",
            "モデル上の関係者ID。行を識別するキーの一部のため変更しないでください。",
        ),
        Column::Requirement => (
            "The requirement (要求事項) the row belongs to.",
            "行が属する要求事項。",
        ),
        Column::Id => (
            "The individual item (個別要求) or, for a requirement with no known items, the requirement. Part of the row's key.",
            "個別要求のID (個別要求が未確認の要求事項は要求事項のID)。行を識別するキーの一部。",
        ),
        Column::TitleJa => (
            "The title in Japanese (a paraphrase unless the source says otherwise).",
            "日本語の名称 (出典が別途示さない限り要約)。",
        ),
        Column::TitleEn => ("The title in English.", "英語の名称。"),
        Column::Role => (
            "The role the requirement falls on the party for. Part of the row's key.",
            "この要求事項が関係者に該当する役割。行を識別するキーの一部。",
        ),
        Column::Qualifier => (
            "How the party holds the role: lead, support or infrastructure (empty when the party only has to establish the requirement in a contract as its client).",
            "関係者がその役割を担う区分: 主体・支援・インフラ (発注者として契約で確立するだけの場合は空欄)。",
        ),
        Column::Duty => (
            "How it falls on the party: responsible (lead), contributes, as an organisation, or through a contract as client or contractor ((2)-3).",
            "責務の種類: 責任者 (主体)、協力、組織として、または契約の発注者・受注者として ((2)-3)。",
        ),
        Column::Scope => (
            "The scope of the party's role when a role is split (shared responsibility).",
            "役割が分担されている場合の範囲 (責任共有)。",
        ),
        Column::Package => (
            "Mandatory (必須) or standard (標準) package. The standard package includes the mandatory one. Marked (inferred) when no source states it: our reading, as for the requirements without known items and the residual units such as S(3)-1.other (the items the numbering shows and no source lists).",
            "必須または標準の要求パッケージ。標準は必須を含みます。資料に記載のないものは「（推定）」と示します (本ツールの解釈。既知の個別要求のない要求事項や、番号から存在がわかり資料に記載のない個別要求をまとめた残余単位 S(3)-1.other など)。",
        ),
        Column::From => (
            "The contracts the duty comes from, or the model field (system owner, operates, assign).",
            "責務の由来となる契約、またはモデルの記載 (システムオーナー、operates、assign)。",
        ),
        Column::Source => (
            "Where the catalog entry comes from: Seed (the study-group slides), Web (public summaries) or Inferred (our reading); and which parts are our reading.",
            "カタログ項目の出典: シード (検討会資料)、Web (公開記事)、推定 (本ツールの解釈)。どの部分が推定かも示します。",
        ),
        Column::Inferences => (
            "Why we read it so, for every part that is our reading and not the guideline's word.",
            "ガイドラインの記載ではなく本ツールの解釈である部分の、その根拠。",
        ),
        Column::Status => (
            "To fill: implemented 実施済, partial 一部実施, missing 未実施 or not applicable 該当なし. Leave empty if not yet assessed.",
            "記入: 実施済・一部実施・未実施・該当なし のいずれか (英語 implemented / partial / missing / not-applicable も可)。未評価なら空欄。",
        ),
        Column::Evidence => (
            "To fill: the documents or records that show it (policy, procedure, log, certificate).",
            "記入: 実施を示す文書や記録 (規程、手順書、ログ、認証など)。",
        ),
        Column::Remarks => (
            "To fill: remarks; for not applicable, say why.",
            "記入: 備考。該当なしの場合はその理由。",
        ),
    };
    lang.pick(en, ja)
}

/// One party's checklist as CSV (formula-safe), with the header row in `lang`.
pub fn render_csv(a: &Analysis, party: PartyIx, lang: Lang) -> String {
    render_csv_rows(a, &checklist::rows(a, Some(party)), lang)
}

/// A checklist as CSV from its rows (say, one party's from a [`checklist::RowIndex`], to
/// write every party's file without a scan of every duty per party).
pub fn render_csv_rows(a: &Analysis, rows: &[checklist::Row], lang: Lang) -> String {
    render_csv_rows_with(a, rows, &mut CsvCache::new(lang))
}

/// What every row of a CSV checklist takes from its catalog unit (requirement, id, titles,
/// package, source, inference notes), made once per unit, formula-safe. A checklist of every
/// party of a large chain has millions of rows but only as many units as the catalog: making
/// these cells once per row was most of its time (issue 10), as for the Markdown checklist
/// (its `MarkdownCache`). Hold one across the parties of a folder.
pub struct CsvCache {
    lang: Lang,
    /// Per (requirement, item) of the catalog, the unit's cells in [`UNIT_COLUMNS`] order.
    units: rustc_hash::FxHashMap<(usize, Option<usize>), [String; 7]>,
}

/// The columns whose cells depend on the catalog unit only, in the order [`CsvCache`] keeps.
const UNIT_COLUMNS: [Column; 7] = [
    Column::Requirement,
    Column::Id,
    Column::TitleJa,
    Column::TitleEn,
    Column::Package,
    Column::Source,
    Column::Inferences,
];

impl CsvCache {
    /// An empty cache for checklists in `lang`.
    pub fn new(lang: Lang) -> CsvCache {
        CsvCache {
            lang,
            units: rustc_hash::FxHashMap::default(),
        }
    }
}

/// [`render_csv_rows`] with the unit cells taken from (and added to) `cache`; the language is
/// the cache's. The bytes are the same.
pub fn render_csv_rows_with(a: &Analysis, rows: &[checklist::Row], cache: &mut CsvCache) -> String {
    csv_records(a, rows, cache, true)
}

/// Every party's checklist as one CSV, to be filtered on its party column: the header row once,
/// then each party's rows in the model's order, the records of its own file (`--party`).
/// Written as it is made, a window of parties at a time on every core
/// ([`crate::parallel::Ahead`]), each thread with its own [`CsvCache`], so a chain of 100k
/// parties (millions of rows) is never held whole.
pub fn write_csv_every_party(
    w: &mut dyn std::io::Write,
    a: &Analysis,
    lang: Lang,
) -> std::io::Result<()> {
    let ix = checklist::RowIndex::new(a);
    w.write_all(csv_records(a, &[], &mut CsvCache::new(lang), true).as_bytes())?;
    let init = || CsvCache::new(lang);
    let make = |cache: &mut CsvCache, p: usize| csv_records(a, &ix.rows(a, p), cache, false);
    let parties = a.model.parties.len();
    let mut ahead = crate::parallel::Ahead::new(parties, &init, &make);
    for p in 0..parties {
        w.write_all(ahead.take(p).as_bytes())?;
    }
    Ok(())
}

/// The CSV records of `rows`, after the header row if `header`.
fn csv_records(
    a: &Analysis,
    rows: &[checklist::Row],
    cache: &mut CsvCache,
    header: bool,
) -> String {
    let lang = cache.lang;
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    if header {
        let head: Vec<&str> = Column::ALL.iter().map(|c| c.header(lang)).collect();
        w.write_record(&head).expect("writing to memory");
    }
    for r in rows {
        let al = r.alloc(a);
        let unit = cache
            .units
            .entry((al.requirement, al.item))
            .or_insert_with(|| {
                let u = r.unit(a);
                UNIT_COLUMNS.map(|c| {
                    csv_safe(&match c {
                        Column::Requirement => u.requirement.id.clone(),
                        Column::Id => u.id().to_string(),
                        Column::TitleJa => u.title().ja.clone(),
                        Column::TitleEn => u.title().en.clone(),
                        Column::Package => u.package_label(lang),
                        Column::Source => source_line(&u, lang),
                        _ => inference_notes(&u, lang).join("\n"),
                    })
                })
            });
        let party = csv_safe(&a.model.parties[r.party].id);
        let role = csv_safe(&roles_word(&r.roles, lang));
        let qualifier = csv_safe(qualifier_label(r, lang));
        let duty = csv_safe(&duty_label(r, lang));
        let scope = csv_safe(&r.scopes.join("\n"));
        let from = csv_safe(&origin_words(a, r, lang).join("\n"));
        let unit_cell = |c: Column| {
            let i = UNIT_COLUMNS.iter().position(|&u| u == c);
            i.map(|i| unit[i].as_str())
        };
        let row = Column::ALL.iter().map(|&c| match c {
            Column::Party => party.as_str(),
            Column::Role => role.as_str(),
            Column::Qualifier => qualifier.as_str(),
            Column::Duty => duty.as_str(),
            Column::Scope => scope.as_str(),
            Column::From => from.as_str(),
            Column::Status | Column::Evidence | Column::Remarks => "",
            _ => unit_cell(c).expect("every other column is a unit column"),
        });
        w.write_record(row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory"))
        .expect("CSV of UTF-8 strings is UTF-8")
}

pub(super) fn title(a: &Analysis, lang: Lang) -> String {
    let name = a.model.name.get(lang);
    tr!(
        lang,
        "Self-declaration checklist: {name}",
        "自己適合宣言チェックリスト: {name}"
    )
}

/// The lines that say what the checklist was made from.
pub fn provenance(a: &Analysis, lang: Lang) -> Vec<String> {
    let file = a.model.file.name();
    let cat = &a.catalog.id;
    let edition = a.catalog.edition.get(lang);
    let pkg = a.package.label(lang);
    let tool = crate::TOOL;
    let v = crate::VERSION;
    vec![
        tr!(lang, "Model: {file}", "モデル: {file}"),
        tr!(
            lang,
            "Catalog: {cat} ({edition})",
            "カタログ: {cat} ({edition})"
        ),
        tr!(
            lang,
            "Target package: {pkg} (rows of both packages are listed)",
            "対象の要求パッケージ: {pkg} (両パッケージの行を記載)"
        ),
        tr!(lang, "Made by {tool} {v}", "作成: {tool} {v}"),
    ]
}

/// The note on sources every format carries.
pub fn source_note(lang: Lang) -> &'static str {
    lang.pick(
        "Sources: Seed = the study-group slides (Dec 2024); Web = public summaries of the Oct-2025 draft; Inferred = our reading, with the reason. An inferred title, package or role is not the guideline's word: check it against the official checklist.",
        "出典: シード = 検討会資料 (2024年12月)、Web = 2025年10月案の公開記事、推定 = 本ツールの解釈 (根拠付き)。推定の名称・パッケージ・役割はガイドラインの記載ではありません。公式のチェックリストで確認してください。",
    )
}

/// A file name for a party's CSV in a folder: the id with every character but letters,
/// digits, `.`, `_` and `-` replaced by `_`, at most 60 characters and 120 bytes (so that with
/// `~N.csv` it stays far below the 255 bytes file systems allow), never starting with `.` or
/// `-`, made unique among `taken` ([`Taken::ignoring_ascii_case`]).
pub fn file_stem(id: &str, taken: &mut Taken) -> String {
    let mut base: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let mut end = base.len().min(120);
    while !base.is_char_boundary(end) {
        end -= 1;
    }
    base.truncate(end);
    if base.starts_with(['.', '-']) || base.is_empty() {
        base.insert(0, '_');
    }
    taken.claim(&base, base.clone(), |n| format!("{base}~{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe_and_unique() {
        let mut taken = Taken::ignoring_ascii_case();
        assert_eq!(file_stem("acme", &mut taken), "acme");
        assert_eq!(file_stem("ACME", &mut taken), "ACME~2");
        assert_eq!(file_stem("../etc/passwd", &mut taken), "_.._etc_passwd");
        assert_eq!(file_stem("<script>", &mut taken), "_script_");
        assert_eq!(file_stem("日本", &mut taken), "日本");
        assert_eq!(file_stem("-1+1", &mut taken), "_-1_1");
        assert_eq!(file_stem("🎉", &mut taken), "_");
        assert_eq!(file_stem("", &mut taken), "_~2");
        // Limited in bytes as well as characters: 60 four-byte letters make 120 bytes at most.
        let long = file_stem(&"𝐀".repeat(100), &mut taken);
        assert_eq!(long, "𝐀".repeat(30));
        assert_eq!(file_stem(&"日".repeat(100), &mut taken), "日".repeat(40));
    }
}
