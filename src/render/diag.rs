//! Problems in an input file, rendered like a compiler's: file, line, column, the source line
//! with the offending text underlined, what was expected and the nearest valid name.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::{Value, json};

use crate::diag::{Diagnostic, FileDiagnostics};
use crate::i18n::Lang;
use crate::source::{SourceFile, Span};
use crate::tr;

/// The lines around a span, as (text, first line number, span relative to that text).
fn excerpt(file: &SourceFile, span: Span) -> (String, usize, std::ops::Range<usize>) {
    let start = file.line_col(span.start);
    let end = file.line_col(span.end.max(span.start));
    let last_line = end.line.min(start.line + 5);
    let from = file.offset_of(start.line, 1);
    let mut to = file.offset_of(last_line, 1) + file.line_text(last_line).len();
    to = to.max(from);
    let text = terminal_safe_same_length(file.slice(Span::new(from, to)));
    let mut s = span.start.saturating_sub(from).min(text.len());
    let mut e = span.end.saturating_sub(from).clamp(s, text.len());
    // Spans always cover whole characters (a span into a replaced invalid byte might not).
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    (text, start.line, s..e)
}

/// The source text with every control character (other than line breaks) and every
/// bidirectional override replaced by spaces of the same byte length, so spans still point at
/// the right place and nothing in a model can drive the terminal.
fn terminal_safe_same_length(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let hidden = (c.is_control() && c != '\n' && c != '\r')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
        if hidden {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// Render every diagnostic of a file as text; `styled` adds colour.
pub fn render_text(d: &FileDiagnostics, lang: Lang, styled: bool) -> String {
    render_closed(d, lang, styled, false)
}

/// [`render_text`] for a command that has written the problems as JSON on standard output
/// (`check --format json`): the closing line says so instead of "nothing was written".
pub fn render_text_after_json(d: &FileDiagnostics, lang: Lang, styled: bool) -> String {
    render_closed(d, lang, styled, true)
}

fn render_closed(d: &FileDiagnostics, lang: Lang, styled: bool, as_json: bool) -> String {
    let mut out = render_problems(d, lang, styled);
    let n = lang.count(d.diagnostics.len(), "problem", "problems", "問題");
    let name = d.file.name();
    out.push_str(&if as_json {
        tr!(
            lang,
            "{name}: {n}; no result was written, the problems are on standard output as JSON\n",
            "{name}: {n}。結果は出力せず、問題を JSON で標準出力に書きました\n"
        )
    } else {
        tr!(
            lang,
            "{name}: {n}; nothing was written\n",
            "{name}: {n}。何も出力していません\n"
        )
    });
    out
}

/// Render every diagnostic of a file as text, without the closing line.
pub fn render_problems(d: &FileDiagnostics, lang: Lang, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let file = &d.file;
    for diag in &d.diagnostics {
        out.push_str(&render_one(file, diag, lang, &renderer));
        out.push_str("\n\n");
    }
    out
}

fn render_one(file: &SourceFile, diag: &Diagnostic, lang: Lang, renderer: &Renderer) -> String {
    let p = &diag.problem;
    let message = crate::render::style::shown(&p.message(lang)).into_owned();
    let level = match lang {
        Lang::En => Level::ERROR,
        Lang::Ja => Level::ERROR.with_name("エラー"),
    };
    let title = level.primary_title(message.as_str()).id(p.code());
    let mut elements: Vec<annotate_snippets::Element<'_>> = Vec::new();
    let label = crate::render::style::shown(&p.label(lang)).into_owned();
    let (text, line, range) = excerpt(file, diag.span);
    let has_source = !file.text().is_empty();
    let mut snippets = Vec::new();
    if has_source {
        snippets.push(
            Snippet::source(text)
                .line_start(line)
                .path(file.name())
                .annotation(AnnotationKind::Primary.span(range).label(label)),
        );
    }
    let related = p.related();
    if let Some(first) = related.filter(|_| has_source) {
        let (t2, l2, r2) = excerpt(file, first);
        snippets.push(
            Snippet::source(t2)
                .line_start(l2)
                .path(file.name())
                .annotation(
                    AnnotationKind::Context
                        .span(r2)
                        .label(lang.pick("first given here", "最初の指定はここ")),
                ),
        );
    }
    let mut group = Group::with_title(title);
    for s in snippets {
        group = group.element(s);
    }
    if !has_source {
        let pos = tr!(lang, "in {}", "{} において", file.name());
        elements.push(Level::NOTE.message(pos).into());
    }
    if let Some(e) = p
        .expected(lang)
        .map(|e| crate::render::style::shown(&e).into_owned())
    {
        let t = tr!(lang, "expected {e}", "期待される値: {e}");
        elements.push(
            Level::NOTE
                .with_name(lang.pick("note", "注"))
                .message(t)
                .into(),
        );
    }
    if let Some(h) = p
        .help(lang)
        .map(|h| crate::render::style::shown(&h).into_owned())
    {
        elements.push(
            Level::HELP
                .with_name(lang.pick("help", "ヒント"))
                .message(h)
                .into(),
        );
    }
    for e in elements {
        group = group.element(e);
    }
    renderer.render(&[group])
}

/// The diagnostics as JSON: one object per problem.
pub fn render_json(d: &FileDiagnostics, lang: Lang) -> Value {
    let problems: Vec<Value> = d
        .diagnostics
        .iter()
        .map(|diag| {
            let p = d.file.line_col(diag.span.start);
            let e = d.file.line_col(diag.span.end);
            json!({
                "code": diag.problem.code(),
                "message": diag.problem.message(lang),
                "file": d.file.name(),
                "line": p.line,
                "column": p.column,
                "end_line": e.line,
                "end_column": e.column,
                "source_line": d.file.line_text(p.line),
                "expected": diag.problem.expected(lang),
                "help": diag.problem.help(lang),
            })
        })
        .collect();
    json!({ "schema": "rolemap/errors/v1", "file": d.file.name(), "errors": problems })
}
