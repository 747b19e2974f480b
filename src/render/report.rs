//! `rolemap report`: one self-contained HTML file with the summary, the diagram, the
//! responsibility matrix, the findings, each party's duties and the catalog's sources, in
//! English and Japanese.
//!
//! The page needs and uses no network: its style, script and data are inline, the diagram is
//! inline SVG, and a Content-Security-Policy allows nothing but the page's own script and styles
//! (by their SHA-256 hashes), so even a name that slipped through escaping could neither run nor
//! load anything.
//!
//! Escaping happens in two places. The page template is a minijinja template registered as
//! `report.html`, so every value it prints is HTML-escaped. Everything else about the model
//! reaches the page as JSON in `<script type="application/json">`, with `<`, `>` and `&`
//! escaped as `\u003c` and so on ([`data::script_json`]), and the script only ever puts it into
//! the page as text (`textContent`, never `innerHTML`).
//!
//! Large chains stay responsive: the matrix and the lists are drawn by the script a page at a
//! time (50 parties, 50 findings), the data is compact ([`data`]), and the diagram collapses
//! past a threshold ([`crate::graph::scene::Scene::build`]).
//!
//! Other sections (the conformance of filled-in checklists, say) are added as an optional
//! input of [`ReportOptions`], a key of the data and a section of the page; the page already
//! has a hidden `conformance` section and the script a `renderConformance` stub.

pub mod data;
pub mod strings;

use base64_sha256 as b64;
use minijinja::{Environment, context};
use serde_json::{Value, json};

use crate::Analysis;
use crate::graph::scene::{CollapseOptions, Collapsed, Scene};
use crate::graph::svg::{self, RendererChoice, SvgError, SvgOptions};
use crate::i18n::Lang;

/// The page template.
const PAGE: &str = include_str!("report/page.html");
/// The page's style sheet.
pub const CSS: &str = include_str!("report/page.css");
/// The page's script.
pub const JS: &str = concat!(
    include_str!("report/page.js"),
    include_str!("report/page_views.js")
);

/// How to make a report.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The language the page opens in (both are in it).
    pub lang: Lang,
    /// How to draw the diagram; its `id_prefix` is extended with `en_` and `ja_` for the two
    /// drawings.
    pub svg: SvgOptions,
    /// When to collapse the diagram.
    pub collapse: CollapseOptions,
    /// The conformance read from filled-in checklists, shown in its own section.
    pub conformance: Option<crate::checklist::Conformance>,
    /// Lay the page out for print from the start (as the browser does before printing): every
    /// matrix row and party, every finding and party, no controls. For `report --format pdf`.
    pub print: bool,
    /// The paper the page asks for when printed (always landscape).
    pub paper: Paper,
}

/// The paper a printed report asks for (`@page`), in landscape. Chromium applies it over the
/// print dialog's choice, so it is also the size of `report -o r.pdf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// A4 landscape (297 × 210 mm), the default.
    #[default]
    A4,
    /// A3 landscape (420 × 297 mm), for wide matrices on a meeting-room printer.
    A3,
}

impl Paper {
    /// The page's style sheet for this paper.
    fn css(self) -> std::borrow::Cow<'static, str> {
        match self {
            Paper::A4 => CSS.into(),
            Paper::A3 => CSS
                .replacen("size: A4 landscape;", "size: A3 landscape;", 1)
                .into(),
        }
    }
}

/// A rendered report.
#[derive(Debug)]
pub struct Report {
    /// The page (the template's output) up to its data, from there to the end of its script,
    /// and after that.
    before: String,
    script: String,
    after: String,
    /// The page's data ([`data::Data::write_elements`]): nearly all of a large page, kept in
    /// the pieces it was made in rather than copied into the page. Written before the script,
    /// but for the sections the page reads only on a click ([`data::AFTER_SCRIPT`]), written
    /// after it, so that the browser runs the script and shows the page without reading them first.
    data: data::Data,
    /// The renderer that drew the diagram, if one did.
    pub renderer: Option<svg::Renderer>,
    /// Why Graphviz was not used, when the builtin layout stood in.
    pub fallback: Option<SvgError>,
    /// Why there is no diagram, when neither renderer could draw it (with
    /// [`RendererChoice::Auto`] only; a renderer asked for by name fails the report instead).
    pub missing: Option<SvgError>,
    /// What was collapsed in the diagram.
    pub collapsed: Option<Collapsed>,
}

mod base64_sha256 {
    use sha2::{Digest, Sha256};

    /// The CSP source expression of a script or style: `'sha256-<base64>'`.
    pub fn csp_hash(text: &str) -> String {
        format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
    }

    /// Standard base64 with padding.
    pub fn base64(bytes: &[u8]) -> String {
        const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = chunk.len();
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= n {
                    out.push(ABC[((v >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

/// The contents of every `<style>` element in an SVG, for the page's CSP (the builtin
/// renderer styles its text with one).
fn svg_styles(svg: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<style") {
        let Some(open_end) = rest[start..].find('>') else {
            break;
        };
        let body = start + open_end + 1;
        let Some(len) = rest[body..].find("</style>") else {
            break;
        };
        out.push(&rest[body..body + len]);
        rest = &rest[body + len..];
    }
    out
}

/// The strings table for the script, `{key: [en, ja]}`.
fn strings_json() -> Value {
    let mut m = serde_json::Map::new();
    for (k, en, ja) in strings::STRINGS {
        m.insert((*k).to_string(), json!([en, ja]));
    }
    Value::Object(m)
}

/// The strings table for the template: `{key: {en, ja}}`.
fn strings_context() -> Value {
    let mut m = serde_json::Map::new();
    for (k, en, ja) in strings::STRINGS {
        m.insert((*k).to_string(), json!({"en": en, "ja": ja}));
    }
    Value::Object(m)
}

/// Both languages of a value for the template: `{en, ja}`.
fn pair(f: impl Fn(Lang) -> String) -> Value {
    json!({"en": f(Lang::En), "ja": f(Lang::Ja)})
}

/// Text from the model with its bidirectional controls shown as `[U+202E]` rather than
/// applied, so that a name cannot make the text around it read in another order (the page's
/// script does the same with everything it inserts), and the characters XML forbids (the
/// report embeds an SVG diagram) and noncharacters replaced by U+FFFD.
pub fn visible(s: &str) -> String {
    crate::style::doc_text(s).into_owned()
}

/// Rows listed per party in the conformance section (the rest are counted).
const CONFORMANCE_ROWS: usize = 50;

/// The conformance section's data: per party, the counts per package in both languages and
/// the first rows not (yet) declared implemented.
fn conformance_data(a: &Analysis, c: &crate::checklist::Conformance) -> Value {
    use crate::Package;
    use crate::checklist::Declared;
    use crate::checklist::conformance_render::counts_text;
    let parties: Vec<Value> = c
        .parties
        .iter()
        .map(|p| {
            let open: Vec<&crate::checklist::RowState> = p
                .rows
                .iter()
                .filter(|r| !matches!(r.status, Some(Declared::Implemented | Declared::NotApplicable)))
                .collect();
            let shown: Vec<Value> = open
                .iter()
                .take(CONFORMANCE_ROWS)
                .map(|r| {
                    let u = r.row.unit(a);
                    json!([
                        u.id(),
                        data::text(visible(u.title().en.as_str()), visible(u.title().ja.as_str())),
                        match r.status {
                            Some(s) => data::text(s.label(Lang::En), s.label(Lang::Ja)),
                            None => data::text("not filled", "未記入"),
                        },
                        visible(&r.evidence),
                    ])
                })
                .collect();
            let party = &a.model.parties[p.party];
            json!({
                "id": visible(&party.id),
                "name": data::text(visible(party.name.get(Lang::En)), visible(party.name.get(Lang::Ja))),
                "covered": p.covered,
                "conforms": p.counts(a.package).conforms(),
                "mandatory": data::text(counts_text(Package::Mandatory, &p.mandatory, Lang::En), counts_text(Package::Mandatory, &p.mandatory, Lang::Ja)),
                "standard": data::text(counts_text(Package::Standard, &p.standard, Lang::En), counts_text(Package::Standard, &p.standard, Lang::Ja)),
                "open": shown,
                "more": open.len().saturating_sub(CONFORMANCE_ROWS),
            })
        })
        .collect();
    json!({ "files": c.files.iter().map(|f| visible(f)).collect::<Vec<_>>(), "parties": parties })
}

/// A serialisable value for the template.
fn sv<T: serde::Serialize>(v: &T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(v))
}

impl Report {
    /// Writes the HTML page into `w`.
    pub fn write_html(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let later = |key: &str| data::AFTER_SCRIPT.contains(&key);
        w.write_all(self.before.as_bytes())?;
        self.data.write_elements(w, |key| !later(key))?;
        w.write_all(self.script.as_bytes())?;
        self.data.write_elements(w, later)?;
        w.write_all(self.after.as_bytes())
    }

    /// The HTML page as one string.
    pub fn html(&self) -> String {
        let mut out = Vec::with_capacity(
            self.before.len() + self.data.len_hint() + self.script.len() + self.after.len(),
        );
        self.write_html(&mut out)
            .expect("writing to memory cannot fail");
        String::from_utf8(out).expect("the page is UTF-8")
    }
}

/// Where the page data goes in the template's output: markup that no escaped text can hold
/// (every name reaches the page HTML-escaped, so never as `<!--`).
const DATA_MARK: &str = "<!--rolemap-data-->";
/// Where the data read only on a click goes: after the script.
const DATA_LATER_MARK: &str = "<!--rolemap-data-later-->";

/// Render the report of an analysed model.
pub fn render_report(a: &Analysis, options: &ReportOptions) -> Result<Report, SvgError> {
    let m = a.model;
    // The diagram in both languages, each with its own id prefix.
    let mut drawings = Vec::new();
    let mut renderer = None;
    let mut fallback = None;
    let mut missing = None;
    let mut collapsed = None;
    // Each language's scene and drawing on its own core (a collapsed chain of 100k parties
    // takes a while to group); they are then taken in order, as one after the other would be.
    let draw = |lang: Lang| {
        let scene = Scene::build(a, lang, &options.collapse);
        let svg_options = SvgOptions {
            id_prefix: format!("{}{}_", options.svg.id_prefix, lang.code()),
            ..options.svg.clone()
        };
        let drawn = svg::render_scene(&scene, &svg_options);
        (lang, scene.collapsed, drawn)
    };
    // The page's data does not depend on the drawings but for the notes on them: it is
    // built on a core of its own meanwhile, and the notes are set in it after.
    let ((en, ja), mut d) = rayon::join(
        || rayon::join(|| draw(Lang::En), || draw(Lang::Ja)),
        || {
            data::build(
                a,
                options.lang,
                &data::DiagramNotes::default(),
                strings_json(),
            )
        },
    );
    for (lang, scene_collapsed, drawn) in [en, ja] {
        if lang == options.lang {
            collapsed = scene_collapsed;
        }
        match drawn {
            Ok(svg) => {
                renderer = Some(svg.renderer);
                if svg.fallback.is_some() {
                    fallback = svg.fallback;
                }
                drawings.push(svg.text);
            }
            Err(e) if options.svg.renderer == RendererChoice::Auto => {
                missing = Some(e);
                drawings.clear();
                break;
            }
            Err(e) => return Err(e),
        }
    }
    let notes = data::DiagramNotes {
        drawn_by: renderer.as_ref().map(|r| r.describe()),
        fallback: fallback
            .as_ref()
            .map(|e| data::text(e.message(Lang::En), e.message(Lang::Ja))),
        missing: missing
            .as_ref()
            .map(|e| data::text(e.message(Lang::En), e.message(Lang::Ja))),
        collapsed: collapsed
            .as_ref()
            .map(|c| data::text(c.note(Lang::En), c.note(Lang::Ja))),
    };
    d.set("diagram", &data::diagram_json(&notes));
    if let Some(c) = &options.conformance {
        d.push("conformance", &conformance_data(a, c));
    }
    if options.print {
        d.push("print", &true);
    }

    let css = options.paper.css();
    let mut styles = vec![b64::csp_hash(&css)];
    for d in &drawings {
        for s in svg_styles(d) {
            let h = b64::csp_hash(s);
            if !styles.contains(&h) {
                styles.push(h);
            }
        }
    }
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'",
        b64::csp_hash(JS),
        styles.join(" ")
    );

    let s = a.summary();
    let software = m.software.map(|x| pair(|l| x.label(l).to_string()));
    let mut env = Environment::new();
    env.add_template("report.html", PAGE)
        .expect("the page template is checked by a test");
    let page = env
        .get_template("report.html")
        .expect("the template was just added");
    let html = page
        .render(context! {
            lang => options.lang.code(),
            csp => {
                // Ours alone: fixed words and base64 hashes, nothing to escape.
                debug_assert!(!csp.contains(['"', '<', '>', '&']));
                minijinja::Value::from_safe_string(csp)
            },
            css => minijinja::Value::from_safe_string(css.into_owned()),
            js => minijinja::Value::from_safe_string(JS.to_string()),
            data => minijinja::Value::from_safe_string(DATA_MARK.to_string()),
            data_later => minijinja::Value::from_safe_string(DATA_LATER_MARK.to_string()),
            s => sv(&strings_context()),
            title => sv(&pair(|l| visible(m.name.get(l)))),
            title_now => visible(m.name.get(options.lang)),
            file => visible(m.file.name()),
            today => a.today.to_string(),
            version => crate::VERSION,
            components => sv(&components_context(a)),
            conformance => options.conformance.is_some(),
            summary => sv(&json!({
                "errors": s.errors, "warnings": s.warnings, "info": s.info, "waived": s.waived,
                "parties": m.parties.len(), "contracts": m.contracts.len(),
            })),
            package => sv(&pair(|l| a.package.label(l).to_string())),
            software => sv(&software),
            use_until => sv(&m.use_until.map(|d| d.to_string())),
            edition => sv(&pair(|l| a.catalog.edition.get(l).to_string())),
            catalog_title => sv(&pair(|l| a.catalog.title.get(l).to_string())),
            drawn_by => sv(&notes.drawn_by.as_ref().map(|r| pair(|l| strings::fill("drawn_by", l, &[("renderer", r)])))),
            fallback => sv(&fallback.as_ref().map(|e| pair(|l| strings::fill("dot_not_used", l, &[("why", &e.message(l))])))),
            missing => sv(&missing.as_ref().map(|e| pair(|l| strings::fill("no_diagram", l, &[("why", &e.message(l))])))),
            collapsed => sv(&collapsed.as_ref().map(|c| pair(|l| c.note(l)))),
            svg_en => drawings.first().map(|d| minijinja::Value::from_safe_string(d.clone())),
            svg_ja => drawings.get(1).map(|d| minijinja::Value::from_safe_string(d.clone())),
        })
        .expect("the page template renders any context of this shape");
    // The data (nearly all of a large page) goes in after the template has run, written
    // between its two halves when the page is, instead of through the template's output.
    let (before, rest) = html
        .split_once(DATA_MARK)
        .expect("the template has the data's place once");
    let (script, after) = rest
        .split_once(DATA_LATER_MARK)
        .expect("the template has the later data's place once");
    let (before, script, after) = (
        crate::style::xml_safe(before.to_string()),
        crate::style::xml_safe(script.to_string()),
        crate::style::xml_safe(after.to_string()),
    );
    debug_assert!(
        !CSS.chars()
            .chain(JS.chars())
            .any(crate::style::is_xml_unsafe)
    );
    Ok(Report {
        before,
        script,
        after,
        data: d,
        renderer,
        fallback,
        missing,
        collapsed,
    })
}

/// The components section: each component with the parties using it and, of those, the ones
/// holding Developer (none: `component-unmanaged`). Empty when the model has none.
fn components_context(a: &Analysis) -> serde_json::Value {
    let m = a.model;
    let rows: Vec<serde_json::Value> = m
        .components
        .iter()
        .map(|c| {
            let developers: Vec<String> = c
                .used_by
                .iter()
                .filter(|&&p| {
                    a.roles
                        .of_party(p)
                        .any(|h| h.role == crate::Role::Developer)
                })
                .map(|&p| visible(&m.parties[p].id))
                .collect();
            json!({
                "id": visible(&c.id),
                "name": pair(|l| visible(c.name.get(l))),
                "oss": c.oss,
                "version": c.version.as_deref().map(visible),
                "used_by": c.used_by.iter().map(|&p| visible(&m.parties[p].id)).collect::<Vec<_>>(),
                "developers": developers,
            })
        })
        .collect();
    serde_json::Value::Array(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_paper_asks_for_its_size_once() {
        for (paper, size) in [(Paper::A4, "A4"), (Paper::A3, "A3")] {
            let css = paper.css();
            assert_eq!(css.matches("@page").count(), 1);
            assert!(
                css.contains(&format!("@page {{ size: {size} landscape;")),
                "{paper:?}"
            );
            assert_eq!(css.matches("size: A").count(), 1, "{paper:?}");
        }
    }

    #[test]
    fn base64_matches_known_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(b64::base64(input.as_bytes()), want);
        }
        // SHA-256 of the empty string, as CSP writes it.
        assert_eq!(
            b64::csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn bidirectional_controls_are_shown_not_applied() {
        assert_eq!(visible("a\u{202E}b\u{2066}c"), "a[U+202E]b[U+2066]c");
        assert_eq!(visible("日本語"), "日本語");
    }

    #[test]
    fn svg_styles_are_found() {
        let svg = "<svg><style>.a{}</style><g/><style type=\"text/css\">.b{}</style></svg>";
        assert_eq!(svg_styles(svg), [".a{}", ".b{}"]);
        assert!(svg_styles("<svg/>").is_empty());
    }

    #[test]
    fn the_script_and_style_cannot_end_their_elements() {
        assert!(!JS.to_ascii_lowercase().contains("</script"));
        assert!(!CSS.to_ascii_lowercase().contains("</style"));
        // The script never parses markup from data.
        for bad in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!JS.contains(bad), "page.js uses {bad}");
        }
    }
}
