//! `rolemap catalog`: the requirement catalog with the source of every entry.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::catalog::{Catalog, Item, Requirement, Source, package_label};
use crate::i18n::Lang;
use crate::style::WIDTH;
use crate::style::{Paint, wrap};
use crate::tr;

fn roles(roles: &[crate::Role], lang: Lang) -> String {
    let v: Vec<String> = roles.iter().map(|r| r.label(lang).to_string()).collect();
    lang.list(&v)
}

fn src_line(label: &str, s: &Source, lang: Lang) -> String {
    format!("{label}: {}", s.describe(lang))
}

/// An item's package, marked when it is our reading.
fn item_package(i: &Item, lang: Lang) -> String {
    package_label(i.package, i.package_source().is_inferred(), lang)
}

/// The package of a requirement allocated whole, marked when it is our reading.
fn own_package(r: &Requirement, lang: Lang) -> Option<String> {
    let p = r.package?;
    let inferred = r.package_source.as_ref().is_none_or(Source::is_inferred);
    Some(package_label(p, inferred, lang))
}

/// Text listing.
pub fn render_text(c: &Catalog, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint.bold(c.title.get(lang)));
    for l in wrap(c.edition.get(lang), WIDTH, "  ", "  ") {
        let _ = writeln!(out, "{}", paint.dim(&l));
    }
    let n_items = c.known_items();
    let nr = c.requirements.len();
    let nc = c.categories.len();
    let n_res = c
        .requirements
        .iter()
        .flat_map(|r| &r.items)
        .filter(|i| i.residual)
        .count();
    let counts = if n_res == 0 {
        tr!(
            lang,
            "{nc} categories, {nr} requirements, {n_items} known items · catalog id {}",
            "分類 {nc}、要求事項 {nr}、既知の個別要求 {n_items} · カタログ ID {}",
            c.id
        )
    } else {
        tr!(
            lang,
            "{nc} categories, {nr} requirements, {n_items} known items, {n_res} residual units for the items no source lists · catalog id {}",
            "分類 {nc}、要求事項 {nr}、既知の個別要求 {n_items}、資料に記載のない個別要求の残余単位 {n_res} · カタログ ID {}",
            c.id
        )
    };
    for l in wrap(&counts, WIDTH, "  ", "  ") {
        let _ = writeln!(out, "{}", paint.dim(&l));
    }
    out.push('\n');
    for cat in &c.categories {
        let t = format!("{} {}", cat.id, cat.title.get(lang));
        for l in wrap(&t, WIDTH, "", "    ") {
            let _ = writeln!(out, "{}", paint.bold(&l));
        }
        for r in c.requirements.iter().filter(|r| r.category == cat.id) {
            let head = format!("{} {}", r.id, r.title.get(lang));
            for l in wrap(&head, WIDTH, "  ", "    ") {
                let _ = writeln!(out, "{}", paint.cyan(&l));
            }
            let applies = r.applies.label(lang);
            let rl = roles(&r.roles, lang);
            let meta = tr!(
                lang,
                "roles: {rl} · applies: {applies}",
                "役割: {rl} · 適用: {applies}"
            );
            for l in wrap(&meta, WIDTH, "    ", "      ") {
                let _ = writeln!(out, "{l}");
            }
            let mut srcs = vec![
                src_line(lang.pick("source", "出典"), &r.source, lang),
                src_line(lang.pick("roles from", "役割の根拠"), &r.roles_source, lang),
            ];
            if let Some(s) = &r.other_items {
                srcs.push(src_line(
                    lang.pick("other items", "その他の個別要求"),
                    s,
                    lang,
                ));
            }
            for s in srcs {
                for l in wrap(&s, WIDTH, "    ", "      ") {
                    let _ = writeln!(out, "{}", paint.dim(&l));
                }
            }
            if r.items.is_empty()
                && let Some(pkg) = own_package(r, lang)
            {
                let t = tr!(
                    lang,
                    "no known items: one allocation in the {pkg} package",
                    "既知の個別要求なし: {pkg}パッケージの1単位として扱う"
                );
                let mut lines = vec![t];
                if let Some(s) = &r.package_source {
                    lines.push(src_line(lang.pick("package", "パッケージ"), s, lang));
                }
                for t in lines {
                    for l in wrap(&t, WIDTH, "    ", "      ") {
                        let _ = writeln!(out, "{}", paint.dim(&l));
                    }
                }
            }
            for i in &r.items {
                let head = format!("{} [{}] {}", i.id, item_package(i, lang), i.title.get(lang));
                for l in wrap(&head, WIDTH, "    ", "      ") {
                    let _ = writeln!(out, "{l}");
                }
                let mut srcs = vec![src_line(lang.pick("source", "出典"), &i.source, lang)];
                if let Some(s) = &i.title_source {
                    srcs.push(src_line(lang.pick("title", "名称"), s, lang));
                }
                if let Some(s) = &i.package_source {
                    srcs.push(src_line(lang.pick("package", "パッケージ"), s, lang));
                }
                for s in srcs {
                    for l in wrap(&s, WIDTH, "      ", "        ") {
                        let _ = writeln!(out, "{}", paint.dim(&l));
                    }
                }
            }
        }
        out.push('\n');
    }
    if !c.sources.is_empty() {
        let _ = writeln!(out, "{}", paint.bold(lang.pick("Sources", "出典一覧")));
        for s in &c.sources {
            let url = s.url.as_deref().unwrap_or("");
            let t = format!("[{}] {} {url}", s.tag, s.title);
            for l in wrap(t.trim_end(), WIDTH, "  ", "    ") {
                let _ = writeln!(out, "{l}");
            }
        }
    }
    out
}

fn md(s: &str) -> String {
    crate::style::md_inline(s)
}

/// Markdown listing.
pub fn render_markdown(c: &Catalog, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n\n{}\n",
        md(c.title.get(lang)),
        md(c.edition.get(lang))
    );
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            "Every entry names its source: **Seed** (the Dec-2024 study-group slides), **Web** (public summaries of the Oct-2025 draft) or **Inferred** (our reading, with the reason). Inferences are not the guideline's word.",
            "各項目に出典を示します: **シード** (2024年12月の検討会資料)、**Web** (2025年10月案の公開要約)、**推定** (本ツールの解釈と理由)。推定はガイドラインの記載ではありません。"
        )
    );
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            "**Packages have their own source.** A requirement's source says only that it exists; its package (the mandatory or standard package, 必須/標準) is sourced apart, and a package that no source states is marked *(inferred)* wherever rolemap prints it. A requirement without known items is one allocation of its own. A requirement whose numbering shows items that no source lists (only S(3)-1.4 is known of (3)-1) keeps a **residual unit** for them, such as `S(3)-1.other`, allocated like a requirement without items, so that no part of a requirement drops out of a package; it is not an item of the guideline.",
            "**パッケージには個別に出典を示します。** 要求事項の出典はその存在の出典にすぎず、パッケージ (必須/標準) の出典は別に示します。資料に記載のないパッケージは、rolemap が表示するすべての箇所で「（推定）」と示します。既知の個別要求のない要求事項は、それ自体が一つの割当単位です。番号から資料に記載のない個別要求があるとわかる要求事項 ((3)-1 では S(3)-1.4 のみ既知) は、それらをまとめた**残余単位** (`S(3)-1.other` など) を持ち、個別要求のない要求事項と同様に割り当てます。要求事項のどの部分もパッケージから漏れないようにするためで、ガイドラインの個別要求ではありません。"
        )
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|",
        lang.pick("ID", "ID"),
        lang.pick("Title", "名称"),
        lang.pick("Roles", "役割"),
        lang.pick("Applies", "適用"),
        lang.pick("Package", "パッケージ"),
        lang.pick("Source", "出典")
    );
    for r in &c.requirements {
        let pkg = match own_package(r, lang) {
            Some(p) if r.items.is_empty() => p,
            _ => "—".to_string(),
        };
        let mut src = format!(
            "{}; {}: {}",
            r.source.label(lang),
            lang.pick("roles", "役割"),
            r.roles_source.describe(lang)
        );
        if r.items.is_empty()
            && let Some(s) = &r.package_source
        {
            src.push_str(&format!(
                "; {}: {}",
                lang.pick("package", "パッケージ"),
                s.describe(lang)
            ));
        }
        if let Some(s) = &r.other_items {
            src.push_str(&format!(
                "; {}: {}",
                lang.pick("other items", "その他の個別要求"),
                s.describe(lang)
            ));
        }
        let _ = writeln!(
            out,
            "| **{}** | {} | {} | {} | {} | {} |",
            md(&r.id),
            md(r.title.get(lang)),
            roles(&r.roles, lang),
            r.applies.label(lang),
            pkg,
            md(&src)
        );
        for i in &r.items {
            let mut src = i.source.label(lang);
            if let Some(s) = &i.title_source {
                src.push_str(&format!(
                    "; {}: {}",
                    lang.pick("title", "名称"),
                    s.describe(lang)
                ));
            }
            if let Some(s) = &i.package_source {
                src.push_str(&format!(
                    "; {}: {}",
                    lang.pick("package", "パッケージ"),
                    s.describe(lang)
                ));
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                md(&i.id),
                md(i.title.get(lang)),
                i.roles.as_ref().map_or("↑".into(), |r| roles(r, lang)),
                i.applies.map_or("↑".into(), |a| a.label(lang).to_string()),
                item_package(i, lang),
                md(&src)
            );
        }
    }
    if !c.sources.is_empty() {
        let _ = writeln!(out, "\n## {}\n", lang.pick("Sources", "出典一覧"));
        for s in &c.sources {
            match &s.url {
                Some(u) => {
                    let _ = writeln!(out, "- **{}**: {} <{}>", md(&s.tag), md(&s.title), u);
                }
                None => {
                    let _ = writeln!(out, "- **{}**: {}", md(&s.tag), md(&s.title));
                }
            }
        }
    }
    out
}

/// JSON listing.
pub fn render_json(c: &Catalog) -> Value {
    json!({
        "schema": "rolemap/catalog/v1",
        "id": c.id,
        "title": c.title,
        "edition": c.edition,
        "sources": c.sources,
        "categories": c.categories,
        "requirements": c.requirements,
    })
}
