//! The self-declaration checklist (自己適合宣言) as CSV and Markdown; the XLSX workbook is in
//! [`super::xlsx`]. Every format has the same columns ([`Column`]) and the same rows
//! ([`checklist::rows`]).

use std::fmt::Write;

use super::register;
use crate::checklist::{
    self, Column, Declared, Row, duty_label, inference_notes, origin_words, qualifier_label,
    roles_word, source_line,
};
use crate::i18n::Lang;
use crate::model::PartyIx;
use crate::style::{csv_safe, md_inline};
use crate::unique::Taken;
use crate::{Analysis, tr};

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

fn title(a: &Analysis, lang: Lang) -> String {
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

/// The checklist as Markdown: one section per party, one entry per row with a checkbox per
/// status. Every string from the model and the catalog is escaped.
pub fn render_markdown(a: &Analysis, party: Option<PartyIx>, lang: Lang) -> String {
    let mut out = Vec::new();
    write_markdown(&mut out, a, party, lang).expect("writing to memory");
    String::from_utf8(out).expect("Markdown is UTF-8")
}

/// [`render_markdown`] written to `w` one party at a time, so a checklist of every party of a
/// large chain is never held whole in memory (issue 10); the bytes are the same.
pub fn write_markdown(
    w: &mut dyn std::io::Write,
    a: &Analysis,
    party: Option<PartyIx>,
    lang: Lang,
) -> std::io::Result<()> {
    let m = a.model;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_inline(&title(a, lang)));
    for l in provenance(a, lang) {
        let _ = writeln!(out, "- {}", md_inline(&l));
    }
    out.push('\n');
    let register = party.is_none() && register::is_register(a);
    if register {
        let _ = writeln!(out, "{}\n", register::intro(lang, m.parties.len()));
    } else {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick(
                "For each row, tick one status and give the evidence. Rows are identified by party, id and role. To have the statuses read back by `rolemap check --status`, fill in the XLSX or CSV checklist instead.",
                "各行で実施状況を一つ選び、エビデンスを記入してください。行は関係者・ID・役割で識別します。`rolemap check --status` で読み込むには、XLSX または CSV のチェックリストに記入してください。",
            )
        );
    }
    let _ = writeln!(out, "{}\n", source_note(lang));
    w.write_all(out.as_bytes())?;
    out.clear();
    match party {
        Some(p) => {
            let mut cache = MarkdownCache::new(lang);
            party_markdown(a, None, p, lang, &mut cache, &mut out);
            w.write_all(out.as_bytes())
        }
        None => {
            // Each party's checklist is independent of the others: made on every core a
            // window at a time, each thread with its own cache, written in order.
            let ix = checklist::RowIndex::new(a);
            let head = register::table_head(lang);
            if register {
                w.write_all(
                    register::requirements(a, lang, &mut MarkdownCache::new(lang)).as_bytes(),
                )?;
            }
            let init = || MarkdownCache::new(lang);
            let make = |cache: &mut MarkdownCache, p: usize| {
                let mut text = String::new();
                if register {
                    register::party(a, &ix, p, lang, &head, cache, &mut text);
                } else {
                    party_markdown(a, Some(&ix), p, lang, cache, &mut text);
                }
                text
            };
            let mut ahead = crate::parallel::Ahead::new(m.parties.len(), &init, &make);
            for p in 0..m.parties.len() {
                w.write_all(ahead.take(p).as_bytes())?;
            }
            Ok(())
        }
    }
}

/// Party `p`'s section of the Markdown checklist, its rows from `ix` (else a scan).
fn party_markdown(
    a: &Analysis,
    ix: Option<&checklist::RowIndex>,
    p: PartyIx,
    lang: Lang,
    cache: &mut MarkdownCache,
    out: &mut String,
) {
    let rows = match ix {
        Some(ix) => ix.rows(a, p),
        None => checklist::rows(a, Some(p)),
    };
    party_heading(a, p, &rows, lang, out);
    for r in &rows {
        row_markdown(a, r, lang, cache, out);
    }
}

/// A party's heading in the Markdown checklist, the line of its counts, and the line that no
/// requirement falls on it when its `rows` are none: the same in the entry form and the
/// register.
pub(super) fn party_heading(a: &Analysis, p: PartyIx, rows: &[Row], lang: Lang, out: &mut String) {
    let m = a.model;
    let party = &m.parties[p];
    let _ = writeln!(
        out,
        "## {} — {}\n",
        md_inline(&party.id),
        md_inline(party.name.get(lang))
    );
    let div = party.division.label(lang);
    let org = lang.quote(&md_inline(&party.org));
    let n = rows.len();
    let mandatory = rows
        .iter()
        .filter(|r| r.alloc(a).package == crate::Package::Mandatory)
        .count();
    let _ = writeln!(
        out,
        "{}\n",
        tr!(
            lang,
            "{div} · organisation {org} · {n} rows, {mandatory} in the mandatory package",
            "{div} · 組織 {org} · {n} 行 (うち必須 {mandatory} 行)"
        )
    );
    if rows.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick(
                "No requirement falls on this party.",
                "この関係者に該当する要求事項はありません。"
            )
        );
    }
}

/// A header with its first letter in upper case, for Markdown labels.
pub(super) fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What a checklist's Markdown repeats on every row, made once: the labels, the status
/// checkboxes, and the escaped text of each catalog unit (id, titles, package, source,
/// inference notes). A checklist of every party of a large chain has millions of rows but only
/// as many units as the catalog; escaping their text once per unit instead of once per row was
/// most of its time (issue 10). The bytes are the same.
pub(super) struct MarkdownCache {
    /// `Role`, `Duty`, `Package`, `From`, `Source`, capitalised.
    role: String,
    duty: String,
    package: String,
    from: String,
    source: String,
    /// The status, evidence and remarks lines with the checkboxes, ending the entry.
    tail: String,
    /// Per (requirement, item) of the catalog, the unit's text once made.
    units:
        std::collections::HashMap<(usize, Option<usize>), UnitMarkdown, rustc_hash::FxBuildHasher>,
}

/// The escaped text of one catalog unit in a Markdown checklist.
pub(super) struct UnitMarkdown {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) other_title: String,
    pub(super) package: String,
    /// The source line and the inference notes, as written after the `From` line.
    pub(super) source_and_notes: String,
}

impl MarkdownCache {
    pub(super) fn new(lang: Lang) -> MarkdownCache {
        let label = |c: Column| cap(c.header(lang));
        let mut tail = String::new();
        let _ = writeln!(tail, "- {}:", label(Column::Status));
        for d in Declared::ALL {
            let _ = writeln!(tail, "  - [ ] {} ({})", d.label(Lang::Ja), d.word(Lang::En));
        }
        let _ = writeln!(tail, "- {}:", label(Column::Evidence));
        let _ = writeln!(tail, "- {}:", label(Column::Remarks));
        tail.push('\n');
        MarkdownCache {
            role: label(Column::Role),
            duty: label(Column::Duty),
            package: label(Column::Package),
            from: label(Column::From),
            source: label(Column::Source),
            tail,
            units: std::collections::HashMap::default(),
        }
    }

    /// The text of the catalog unit (`requirement`, `item`), made on first use.
    pub(super) fn unit_of(
        &mut self,
        a: &Analysis,
        requirement: usize,
        item: Option<usize>,
        lang: Lang,
    ) -> &UnitMarkdown {
        Self::unit(&mut self.units, &self.source, a, requirement, item, lang)
    }

    /// [`Self::unit_of`] borrowing only the units, so that the labels can be read beside it;
    /// `source` is the capitalised label.
    fn unit<'c>(
        units: &'c mut std::collections::HashMap<
            (usize, Option<usize>),
            UnitMarkdown,
            rustc_hash::FxBuildHasher,
        >,
        source: &str,
        a: &Analysis,
        requirement: usize,
        item: Option<usize>,
        lang: Lang,
    ) -> &'c UnitMarkdown {
        units.entry((requirement, item)).or_insert_with(|| {
            let req = &a.catalog.requirements[requirement];
            let u = crate::catalog::Unit {
                requirement: req,
                item: item.map(|i| &req.items[i]),
            };
            let other = match lang {
                Lang::En => Lang::Ja,
                Lang::Ja => Lang::En,
            };
            let mut source_and_notes = String::new();
            let _ = writeln!(
                source_and_notes,
                "- {source}: {}",
                md_inline(&source_line(&u, lang))
            );
            for note in inference_notes(&u, lang) {
                let _ = writeln!(source_and_notes, "  - {}", md_inline(&note));
            }
            UnitMarkdown {
                id: md_inline(u.id()),
                title: md_inline(u.title().get(lang)),
                other_title: md_inline(u.title().get(other)),
                package: u.package_label(lang),
                source_and_notes,
            }
        })
    }
}

/// A row's roles as the Markdown checklist writes them (`developer, supplier`), appended to
/// `out`.
pub(super) fn write_roles(out: &mut String, r: &Row, lang: Lang) {
    for (i, role) in r.roles.iter().enumerate() {
        if i > 0 {
            out.push_str(lang.pick(", ", "、"));
        }
        out.push_str(role.label(lang));
    }
}

/// A row's roles with the qualifier and the scopes (escaped), appended to `out`:
/// `operator (lead), scope use`.
pub(super) fn write_role_line(out: &mut String, r: &Row, lang: Lang) {
    write_roles(out, r, lang);
    if let Some(q) = r.qualifier {
        out.push_str(" (");
        out.push_str(q.label(lang));
        out.push(')');
    }
    if !r.scopes.is_empty() {
        out.push_str(lang.pick(", scope ", "、範囲 "));
        out.push_str(&md_inline(&r.scopes.join(", ")));
    }
}

fn row_markdown(a: &Analysis, r: &Row, lang: Lang, cache: &mut MarkdownCache, out: &mut String) {
    let mut role = String::new();
    write_roles(&mut role, r, lang);
    let mut role_line = String::new();
    write_role_line(&mut role_line, r, lang);
    let from: Vec<String> = origin_words(a, r, lang)
        .iter()
        .map(|s| md_inline(s))
        .collect();
    let duty = duty_label(r, lang);
    let al = r.alloc(a);
    let u = MarkdownCache::unit(
        &mut cache.units,
        &cache.source,
        a,
        al.requirement,
        al.item,
        lang,
    );
    let _ = writeln!(out, "### {} · {} — {}\n", u.id, role, u.title);
    let _ = writeln!(out, "*{}*\n", u.other_title);
    let _ = writeln!(
        out,
        "- {}: {role_line} · {}: {} · {}: {} · {}: {}",
        cache.role,
        cache.duty,
        duty,
        cache.package,
        u.package,
        cache.from,
        from.join(", ")
    );
    out.push_str(&u.source_and_notes);
    out.push_str(&cache.tail);
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
