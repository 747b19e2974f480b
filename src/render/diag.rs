//! The one renderer of diagnostics ([`crate::load::diagnostics`]), like a compiler's: the
//! code and message, the place (file, line, column and the source line with the offending text
//! underlined; or file, sheet, row and column of a table cell), what was expected and the
//! nearest valid name; as text in either language, with or without colour, at most
//! `--max-problems` per file, or as JSON (`rolemap/errors/v1`).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::{Value, json};

use crate::i18n::Lang;
use crate::load::diagnostics::{
    Describe, Diagnostic, DiagnosticSet, Location, Place, column_letters, printable,
};
use crate::load::source::{SourceFile, Span};
use crate::tr;
use std::borrow::Cow;

/// Shared with the checklist's diagnostics (`crate::load::diagnostics`).
pub use crate::load::diagnostics::{omitted_line, shown_count};

/// Bytes of source shown on either side of a problem on a long line. Rendering a diagnostic
/// then costs the width of this window, not the length of its line: 16,000 problems on one
/// 10 MB line of JSON render in linear time.
const WINDOW: usize = 120;

/// Excerpts up to this many bytes are shown whole (every line of the span, up to six).
const WHOLE_EXCERPT: usize = 1024;

/// The source shown for a span.
struct Excerpt {
    /// The text, made terminal-safe.
    text: String,
    /// The line number of its first line.
    line: usize,
    /// The span, relative to `text`.
    range: std::ops::Range<usize>,
    /// The line and column of the span's start, when `text` is a window cut out of a long
    /// line (the renderer counts the column from the window's start).
    cut: Option<crate::load::source::LineCol>,
}

/// The lines around a span, or on a long line a window of [`WINDOW`] bytes either side of it,
/// marked with `…` where the line goes on.
fn excerpt(file: &SourceFile, span: Span) -> Excerpt {
    let start = file.line_col(span.start);
    let end = file.line_col(span.end.max(span.start));
    let last_line = end.line.min(start.line + 5);
    let from = file.offset_of(start.line, 1);
    let mut to = file.offset_of(last_line, 1) + file.line_text(last_line).len();
    to = to.max(from);
    if to - from <= WHOLE_EXCERPT {
        let text = terminal_safe_same_length(file.slice(Span::new(from, to)));
        let range = within(
            &text,
            span.start.saturating_sub(from),
            span.end.saturating_sub(from),
        );
        return Excerpt {
            text,
            line: start.line,
            range,
            cut: None,
        };
    }
    // One line, cut to a window around the start of the span.
    let src = file.text();
    let line_end = from + file.line_text(start.line).len();
    let at = span.start.clamp(from, line_end);
    let mut a = at.saturating_sub(WINDOW).max(from);
    while !src.is_char_boundary(a) {
        a -= 1;
    }
    let underline_end = span.end.clamp(at, line_end).min(at + WINDOW);
    let mut b = (underline_end + WINDOW).min(line_end);
    while !src.is_char_boundary(b) {
        b += 1;
    }
    let lead = if a > from { "…" } else { "" };
    let tail = if b < line_end { "…" } else { "" };
    let text = format!("{lead}{}{tail}", terminal_safe_same_length(&src[a..b]));
    let range = within(
        &text,
        at - a + lead.len(),
        underline_end.min(b) - a + lead.len(),
    );
    Excerpt {
        text,
        line: start.line,
        range,
        cut: Some(start),
    }
}

/// A byte range `s..e` into `text`, clamped and widened to whole characters (a span into a
/// replaced invalid byte might not cover them).
fn within(text: &str, s: usize, e: usize) -> std::ops::Range<usize> {
    let mut s = s.min(text.len());
    let mut e = e.clamp(s, text.len());
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    s..e
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

/// How many problems of one file are shown by default (`--max-problems`); the rest are
/// counted in one line.
pub const DEFAULT_MAX_PROBLEMS: usize = 200;

/// Render a set of diagnostics as text, at most `max` per file (0: every one) and then a line
/// counting the rest of each file, ending with a count and "nothing was written"; `styled`
/// adds colour to the excerpts of text files.
pub fn render_text<S: DiagnosticSet>(d: &S, lang: Lang, styled: bool, max: usize) -> String {
    render_closed(d, lang, styled, false, max)
}

/// [`render_text`] for a command that has written the problems as JSON on standard output
/// (`check --format json`): the closing line says so instead of "nothing was written".
pub fn render_text_after_json<S: DiagnosticSet>(
    d: &S,
    lang: Lang,
    styled: bool,
    max: usize,
) -> String {
    render_closed(d, lang, styled, true, max)
}

fn render_closed<S: DiagnosticSet>(
    d: &S,
    lang: Lang,
    styled: bool,
    as_json: bool,
    max: usize,
) -> String {
    let mut out = render_problems(d, lang, styled, max);
    let n = lang.count(d.diagnostics().len(), "problem", "problems", "問題");
    let name = d.subject(lang);
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

/// The file a diagnostic is in, as printed (a table's name made terminal-safe).
fn file_of<'a, S: DiagnosticSet>(set: &'a S, d: &'a Diagnostic<S::Problem>) -> Cow<'a, str> {
    match &d.location {
        Location::Cell(p) => printable(&p.file).into(),
        Location::Span(_) => set.source().map_or("", |f| f.name()).into(),
    }
}

/// The diagnostics shown under the limit `max` per file (0: every one), and for each file
/// with more, (file, how many are not shown), in file order.
#[allow(clippy::type_complexity)]
fn limited<S: DiagnosticSet>(
    set: &S,
    max: usize,
) -> (Vec<&Diagnostic<S::Problem>>, Vec<(Cow<'_, str>, usize)>) {
    let mut shown = Vec::new();
    let mut omitted: Vec<(Cow<'_, str>, usize)> = Vec::new();
    let mut per_file: std::collections::HashMap<Cow<'_, str>, usize> = Default::default();
    for d in set.diagnostics() {
        let file = file_of(set, d);
        let n = per_file.entry(file.clone()).or_default();
        *n += 1;
        if max == 0 || *n <= max {
            shown.push(d);
        } else {
            match omitted.iter_mut().find(|(f, _)| *f == file) {
                Some((_, k)) => *k += 1,
                None => omitted.push((file, 1)),
            }
        }
    }
    (shown, omitted)
}

/// Render a set of diagnostics as text, at most `max` per file (0: every one) and then a line
/// counting the rest of each file, without the closing line.
pub fn render_problems<S: DiagnosticSet>(d: &S, lang: Lang, styled: bool, max: usize) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let (shown, omitted) = limited(d, max);
    for diag in shown {
        match (&diag.location, d.source()) {
            (Location::Span(span), Some(file)) => {
                out.push_str(&render_one(file, *span, &*diag.problem, lang, &renderer));
                out.push_str("\n\n");
            }
            (Location::Cell(place), _) => {
                out.push_str(&render_cell(Some(place), &*diag.problem, lang));
            }
            (Location::Span(_), None) => out.push_str(&render_cell(None, &*diag.problem, lang)),
        }
    }
    for (file, k) in omitted {
        out.push_str(&omitted_line(&file, k, max, lang));
    }
    out
}

/// A problem in a table: the code and message, the place, what was expected and the hint.
fn render_cell<P: Describe + ?Sized>(place: Option<&Place>, p: &P, lang: Lang) -> String {
    let mut out = String::new();
    let error = lang.pick("error", "エラー");
    out.push_str(&format!("{error}[{}]: {}\n", p.code(), p.message(lang)));
    if let Some(place) = place {
        out.push_str(&format!("  --> {}\n", place.describe(lang)));
    }
    if let Some(e) = p.expected(lang) {
        let t = tr!(lang, "= expected: {e}", "= 期待される値: {e}");
        out.push_str(&format!("  {t}\n"));
    }
    if let Some(h) = p.help(lang) {
        let t = tr!(lang, "= help: {h}", "= ヒント: {h}");
        out.push_str(&format!("  {t}\n"));
    }
    out.push('\n');
    out
}

fn render_one<P: Describe + ?Sized>(
    file: &SourceFile,
    span: Span,
    p: &P,
    lang: Lang,
    renderer: &Renderer,
) -> String {
    let message = crate::style::shown(&p.message(lang)).into_owned();
    let level = match lang {
        Lang::En => Level::ERROR,
        Lang::Ja => Level::ERROR.with_name("エラー"),
    };
    let title = level.primary_title(message.as_str()).id(p.code());
    let mut elements: Vec<annotate_snippets::Element<'_>> = Vec::new();
    let label = crate::style::shown(&p.label(lang)).into_owned();
    let has_source = !file.text().is_empty();
    let mut snippets = Vec::new();
    // For each excerpt cut out of a long line: the column the renderer will show (counted
    // from the window's start) and the true one.
    let mut columns = Vec::new();
    let mut snippet = |e: Excerpt, kind: AnnotationKind, label: String| {
        if let Some(at) = e.cut {
            let shown = e.text[..e.range.start].chars().count() + 1;
            columns.push((e.line, shown, at.column));
        }
        snippets.push(
            Snippet::source(e.text)
                .line_start(e.line)
                .path(file.name())
                .annotation(kind.span(e.range).label(label)),
        );
    };
    if has_source {
        snippet(excerpt(file, span), AnnotationKind::Primary, label);
    }
    let related = p.related();
    if let Some(first) = related.filter(|_| has_source) {
        let first_label = lang
            .pick("first given here", "最初の指定はここ")
            .to_string();
        snippet(excerpt(file, first), AnnotationKind::Context, first_label);
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
        .map(|e| crate::style::shown(&e).into_owned())
    {
        let t = tr!(lang, "expected {e}", "期待される値: {e}");
        elements.push(
            Level::NOTE
                .with_name(lang.pick("note", "注"))
                .message(t)
                .into(),
        );
    }
    if let Some(h) = p.help(lang).map(|h| crate::style::shown(&h).into_owned()) {
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
    let out = renderer.render(&[group]);
    if columns.is_empty() {
        out
    } else {
        true_columns(&out, &columns)
    }
}

/// Put the true column into the `--> file:line:column` (and `::: …`) lines of excerpts cut
/// out of long lines: the renderer counts columns from the start of the text it is given.
/// `columns` holds (line, column shown, true column) in the order of the excerpts.
fn true_columns(rendered: &str, columns: &[(usize, usize, usize)]) -> String {
    let mut want = columns.iter().peekable();
    let mut out = String::with_capacity(rendered.len() + 16);
    for line in rendered.split_inclusive('\n') {
        let plain = strip_ansi(line);
        let t = plain.trim_start();
        // Only location lines start with an arrow; source lines start with their number.
        let located = t.starts_with("-->") || t.starts_with(":::");
        if let Some(&&(l, shown, column)) = want.peek().filter(|_| located) {
            let wrong = format!(":{l}:{shown}");
            if let Some(i) = line.rfind(&wrong) {
                out.push_str(&line[..i]);
                out.push_str(&format!(":{l}:{column}"));
                out.push_str(&line[i + wrong.len()..]);
                want.next();
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

/// A line without its ANSI colour sequences (`ESC [ … m`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The line holding `offset`, or on a line longer than [`WHOLE_EXCERPT`] the window of
/// [`WINDOW`] bytes either side of it, marked with `…` where the line goes on.
fn source_line(file: &SourceFile, offset: usize) -> std::borrow::Cow<'_, str> {
    let line = file.line_col(offset).line;
    let text = file.line_text(line);
    if text.len() <= WHOLE_EXCERPT {
        return text.into();
    }
    let from = file.offset_of(line, 1);
    let at = offset.clamp(from, from + text.len()) - from;
    let mut a = at.saturating_sub(WINDOW);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (at + 2 * WINDOW).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    let lead = if a > 0 { "…" } else { "" };
    let tail = if b < text.len() { "…" } else { "" };
    format!("{lead}{}{tail}", &text[a..b]).into()
}

/// The diagnostics as JSON: one object per problem, at most `max` per file (0: every one),
/// with `omitted` counting the rest. A problem in a text file has its line, column, end and
/// source line; on a line longer than 1,024 bytes, `source_line` is the window of 120 bytes
/// before the problem and 240 from it, with `…` where the line goes on. A problem in a table
/// has its sheet, row, column (a number and a letter) and the column's header.
pub fn render_json<S: DiagnosticSet>(d: &S, lang: Lang, max: usize) -> Value {
    let (shown, omitted) = limited(d, max);
    let problems: Vec<Value> = shown
        .into_iter()
        .map(|diag| {
            let p = &diag.problem;
            match (&diag.location, d.source()) {
                (Location::Span(span), Some(file)) => {
                    let s = file.line_col(span.start);
                    let e = file.line_col(span.end);
                    json!({
                        "code": p.code(),
                        "message": p.message(lang),
                        "file": file.name(),
                        "line": s.line,
                        "column": s.column,
                        "end_line": e.line,
                        "end_column": e.column,
                        "source_line": source_line(file, span.start),
                        "expected": p.expected(lang),
                        "help": p.help(lang),
                    })
                }
                (Location::Cell(place), _) => json!({
                    "code": p.code(),
                    "message": p.message(lang),
                    "file": place.file,
                    "sheet": place.sheet,
                    "line": (place.row > 0).then_some(place.row),
                    "row": (place.row > 0).then_some(place.row),
                    "column": place.column,
                    "column_letter": place.column.map(column_letters),
                    "header": place.header,
                    "expected": p.expected(lang),
                    "help": p.help(lang),
                }),
                (Location::Span(_), None) => json!({
                    "code": p.code(),
                    "message": p.message(lang),
                    "file": d.file(),
                    "expected": p.expected(lang),
                    "help": p.help(lang),
                }),
            }
        })
        .collect();
    json!({
        "schema": "rolemap/errors/v1",
        "file": d.file(),
        "errors": problems,
        "omitted": omitted.iter().map(|(_, k)| k).sum::<usize>(),
    })
}
