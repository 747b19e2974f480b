//! `rolemap catalog`: the requirement catalog with the source of every entry.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::catalog::{Catalog, Source};
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

/// Text listing.
pub fn render_text(c: &Catalog, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint.bold(c.title.get(lang)));
    for l in wrap(c.edition.get(lang), WIDTH, "  ", "  ") {
        let _ = writeln!(out, "{}", paint.dim(&l));
    }
    let n_items: usize = c.requirements.iter().map(|r| r.items.len()).sum();
    let nr = c.requirements.len();
    let nc = c.categories.len();
    let counts = tr!(
        lang,
        "{nc} categories, {nr} requirements, {n_items} known items · catalog id {}",
        "分類 {nc}、要求事項 {nr}、既知の個別要求 {n_items} · カタログ ID {}",
        c.id
    );
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
            for s in [
                src_line(lang.pick("source", "出典"), &r.source, lang),
                src_line(lang.pick("roles from", "役割の根拠"), &r.roles_source, lang),
            ] {
                for l in wrap(&s, WIDTH, "    ", "      ") {
                    let _ = writeln!(out, "{}", paint.dim(&l));
                }
            }
            if r.items.is_empty() {
                let pkg = r.package.label(lang);
                let t = tr!(
                    lang,
                    "no known items: one allocation in the {pkg} package",
                    "既知の個別要求なし: {pkg}パッケージの1単位として扱う"
                );
                for l in wrap(&t, WIDTH, "    ", "      ") {
                    let _ = writeln!(out, "{}", paint.dim(&l));
                }
            }
            for i in &r.items {
                let head = format!("{} [{}] {}", i.id, i.package.label(lang), i.title.get(lang));
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
    s.replace('|', "\\|").replace('\n', " ")
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
        "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|",
        lang.pick("ID", "ID"),
        lang.pick("Title", "名称"),
        lang.pick("Roles", "役割"),
        lang.pick("Applies", "適用"),
        lang.pick("Package", "パッケージ"),
        lang.pick("Source", "出典")
    );
    for r in &c.requirements {
        let pkg = if r.items.is_empty() {
            r.package.label(lang).to_string()
        } else {
            "—".to_string()
        };
        let _ = writeln!(
            out,
            "| **{}** | {} | {} | {} | {} | {}; {}: {} |",
            md(&r.id),
            md(r.title.get(lang)),
            roles(&r.roles, lang),
            r.applies.label(lang),
            pkg,
            md(&r.source.label(lang)),
            lang.pick("roles", "役割"),
            md(&r.roles_source.describe(lang))
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
                i.package.label(lang),
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
