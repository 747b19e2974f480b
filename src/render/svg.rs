//! The chain as SVG, ready to be written to a file or inlined into an HTML page.
//!
//! Graphviz `dot` draws it when it is installed: rolemap spawns it (the path is settable), pipes
//! the DOT through its standard input and output and kills it after a timeout. Otherwise, with
//! the default cargo feature `builtin-layout`, a pure-Rust layout (layout-rs) draws the flat
//! flavour of the same graph, so `graph` works on a machine with nothing installed.
//!
//! Either way the SVG is made safe to inline: it starts at `<svg` (no XML prolog, no DOCTYPE),
//! every `id` and CSS class carries the caller's prefix, and a comment right after the `<svg>`
//! tag says which renderer drew it. All text from the model is escaped by the renderer; the DOT
//! it is given never contains raw markup (see [`super::dot`]).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::dot::{self, DotOptions, Flavour};
use super::scene::Scene;
use crate::Analysis;
use crate::i18n::Lang;

/// The environment variable the command line reads the path of `dot` from.
pub const DOT_ENV: &str = "ROLEMAP_DOT";
/// How long `dot` may run by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest chain the builtin layout takes on, in parties plus contracts: its layout time
/// grows steeply (a graph of about 700 nodes did not finish in ten minutes), and a command that
/// never returns is worse than one that says to install Graphviz.
pub const BUILTIN_MAX_ELEMENTS: usize = 400;

/// Which renderer to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RendererChoice {
    /// Graphviz `dot` if it runs, else the builtin layout (when compiled in).
    #[default]
    Auto,
    /// Graphviz `dot` only: fail when it cannot be run.
    Dot,
    /// The builtin layout only.
    Builtin,
}

/// The renderer that drew an SVG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renderer {
    /// Graphviz `dot`, with the version it reported (`2.43.0`), or `unknown`.
    Graphviz {
        /// The version.
        version: String,
    },
    /// The builtin pure-Rust layout.
    Builtin,
}

impl Renderer {
    /// `graphviz dot 2.43.0` or `builtin layout (layout-rs 0.1)`, as written into the SVG.
    pub fn describe(&self) -> String {
        match self {
            Renderer::Graphviz { version } => format!("graphviz dot {version}"),
            Renderer::Builtin => "builtin layout (layout-rs 0.1)".to_string(),
        }
    }
}

/// How to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgOptions {
    /// Which renderer.
    pub renderer: RendererChoice,
    /// The `dot` program; `None` looks for `dot` on the `PATH`.
    pub dot: Option<PathBuf>,
    /// How long `dot` may run before it is killed.
    pub timeout: Duration,
    /// Prefix of every `id` and CSS class in the SVG (made safe as
    /// [`dot::sanitize_id_prefix`] says). Give each SVG of one page its own.
    pub id_prefix: String,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            renderer: RendererChoice::Auto,
            dot: None,
            timeout: DEFAULT_TIMEOUT,
            id_prefix: dot::DEFAULT_ID_PREFIX.to_string(),
        }
    }
}

impl SvgOptions {
    /// The `dot` program these options run.
    pub fn dot_program(&self) -> &Path {
        self.dot.as_deref().unwrap_or(Path::new("dot"))
    }
}

/// A rendered SVG.
#[derive(Debug)]
pub struct Svg {
    /// The SVG, starting at `<svg` and ending with `</svg>` and a newline.
    pub text: String,
    /// Which renderer drew it.
    pub renderer: Renderer,
    /// Why `dot` was not used, when [`RendererChoice::Auto`] fell back to the builtin layout.
    pub fallback: Option<SvgError>,
}

/// Why no SVG could be drawn (or, in [`Svg::fallback`], why `dot` was not used).
#[derive(Debug, thiserror::Error)]
pub enum SvgError {
    /// `dot` does not exist.
    #[error("Graphviz `dot` was not found ({})", .0.display())]
    DotNotFound(PathBuf),
    /// `dot` exists but could not be started.
    #[error("cannot run {}: {source}", .path.display())]
    DotSpawn {
        /// The program.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// `dot` exited with an error.
    #[error("{} failed ({status}): {stderr}", .path.display())]
    DotFailed {
        /// The program.
        path: PathBuf,
        /// Its exit status.
        status: String,
        /// The first lines of its standard error.
        stderr: String,
    },
    /// `dot` ran longer than the timeout and was killed.
    #[error("{} did not finish within {} s and was stopped", .path.display(), .timeout.as_secs())]
    DotTimeout {
        /// The program.
        path: PathBuf,
        /// The timeout.
        timeout: Duration,
    },
    /// `dot` wrote something that is not SVG.
    #[error("{} wrote no SVG", .0.display())]
    DotBadOutput(PathBuf),
    /// The builtin layout is not compiled in.
    #[error("the builtin layout is not part of this build (cargo feature `builtin-layout`)")]
    BuiltinUnavailable,
    /// The chain is too large for the builtin layout.
    #[error(
        "the chain has {elements} parties and contracts, more than the builtin layout draws ({limit}); install Graphviz"
    )]
    BuiltinTooLarge {
        /// Parties plus contracts.
        elements: usize,
        /// [`BUILTIN_MAX_ELEMENTS`].
        limit: usize,
    },
    /// The builtin layout failed.
    #[error("the builtin layout failed: {0}")]
    BuiltinFailed(String),
}

impl SvgError {
    /// The message in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            SvgError::DotNotFound(p) => {
                format!("Graphviz の dot が見つかりません ({})", p.display())
            }
            SvgError::DotSpawn { path, source } => {
                format!("{} を実行できません: {source}", path.display())
            }
            SvgError::DotFailed {
                path,
                status,
                stderr,
            } => format!("{} が失敗しました ({status}): {stderr}", path.display()),
            SvgError::DotTimeout { path, timeout } => format!(
                "{} が {} 秒以内に終わらなかったため停止しました",
                path.display(),
                timeout.as_secs()
            ),
            SvgError::DotBadOutput(p) => format!("{} が SVG を出力しませんでした", p.display()),
            SvgError::BuiltinUnavailable => {
                "組込みレイアウトはこのビルドに含まれていません (cargo feature `builtin-layout`)"
                    .to_string()
            }
            SvgError::BuiltinTooLarge { elements, limit } => format!(
                "関係者と契約が {elements} 件あり、組込みレイアウトの上限 ({limit}) を超えています。Graphviz をインストールしてください"
            ),
            SvgError::BuiltinFailed(m) => format!("組込みレイアウトが失敗しました: {m}"),
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ja => self.message_ja(),
        }
    }
}

/// Render an analysed model as SVG, for a file or for inlining into HTML.
pub fn render_svg(a: &Analysis, lang: Lang, options: &SvgOptions) -> Result<Svg, SvgError> {
    render_scene(&Scene::of(a, lang), options)
}

/// Render a scene as SVG.
pub fn render_scene(scene: &Scene, options: &SvgOptions) -> Result<Svg, SvgError> {
    let prefix = dot::sanitize_id_prefix(&options.id_prefix);
    let with_dot = || {
        let graph = dot::graph(
            scene,
            &DotOptions {
                id_prefix: prefix.clone(),
                flavour: Flavour::Graphviz,
            },
        );
        run_dot(options.dot_program(), &dot::print(&graph), options.timeout)
    };
    match options.renderer {
        RendererChoice::Dot => with_dot().map(|(text, renderer)| Svg {
            text,
            renderer,
            fallback: None,
        }),
        RendererChoice::Builtin => builtin(scene, &prefix).map(|text| Svg {
            text,
            renderer: Renderer::Builtin,
            fallback: None,
        }),
        RendererChoice::Auto => match with_dot() {
            Ok((text, renderer)) => Ok(Svg {
                text,
                renderer,
                fallback: None,
            }),
            Err(why) => match builtin(scene, &prefix) {
                Ok(text) => Ok(Svg {
                    text,
                    renderer: Renderer::Builtin,
                    fallback: Some(why),
                }),
                // Without dot, what stops the builtin layout is the news; with a dot that
                // failed, the failure of dot is.
                Err(e)
                    if matches!(why, SvgError::DotNotFound(_))
                        && !matches!(e, SvgError::BuiltinUnavailable) =>
                {
                    Err(e)
                }
                Err(_) => Err(why),
            },
        },
    }
}

/// Whether `dot` can be run: `Some(version)` if `dot -V` succeeds.
pub fn dot_version(program: &Path) -> Option<String> {
    let out = Command::new(program)
        .arg("-V")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    // `dot - graphviz version 2.43.0 (0)`, on standard error.
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    Some(version_after(&text, "version ").unwrap_or_else(|| "unknown".into()))
}

/// The version number after `marker` in `text`: digits and dots only.
fn version_after(text: &str, marker: &str) -> Option<String> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let v: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    (!v.is_empty()).then_some(v)
}

/// Run `dot -Tsvg` on `dot_text` through a pipe, killing it after `timeout`.
fn run_dot(
    program: &Path,
    dot_text: &str,
    timeout: Duration,
) -> Result<(String, Renderer), SvgError> {
    let path = program.to_path_buf();
    let mut child = Command::new(program)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                SvgError::DotNotFound(path.clone())
            } else {
                SvgError::DotSpawn {
                    path: path.clone(),
                    source,
                }
            }
        })?;
    // Write and read on threads of their own, so a full pipe never blocks the other side.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot_text.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        // An early exit of dot (a syntax error) closes the pipe; its status tells why.
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                // The pipe threads end when the pipes close; a process dot started itself
                // may hold them open longer, so they are not waited for.
                drop((writer, reader, err_reader));
                return Err(SvgError::DotTimeout { path, timeout });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(source) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(SvgError::DotSpawn { path, source });
            }
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        let stderr: Vec<&str> = std::str::from_utf8(&err)
            .unwrap_or("")
            .lines()
            .take(5)
            .collect();
        return Err(SvgError::DotFailed {
            path,
            status: status.to_string(),
            stderr: stderr.join(" / "),
        });
    }
    let raw = String::from_utf8(out).map_err(|_| SvgError::DotBadOutput(path.clone()))?;
    let version = raw
        .find("<svg")
        .and_then(|i| version_after(&raw[..i], "graphviz version "))
        .unwrap_or_else(|| "unknown".into());
    let renderer = Renderer::Graphviz { version };
    let text = inline_safe(&raw, &renderer).ok_or(SvgError::DotBadOutput(path))?;
    Ok((text, renderer))
}

/// Cut an SVG document down to its `<svg>` element and say, in a comment right after the start
/// tag, which renderer drew it. `None` if there is no `<svg ...>...</svg>`.
fn inline_safe(raw: &str, renderer: &Renderer) -> Option<String> {
    let start = raw.find("<svg")?;
    let end = raw.rfind("</svg>")? + "</svg>".len();
    let svg = raw.get(start..end)?;
    // Attribute values never hold a raw `>` (renderers escape it), so this ends the start tag.
    let tag_end = svg.find('>')? + 1;
    let comment = renderer.describe().replace("--", "-");
    Some(format!(
        "{}\n<!-- rendered by {comment} -->{}\n",
        &svg[..tag_end],
        &svg[tag_end..]
    ))
}

#[cfg(not(feature = "builtin-layout"))]
fn builtin(_scene: &Scene, _prefix: &str) -> Result<String, SvgError> {
    Err(SvgError::BuiltinUnavailable)
}

#[cfg(feature = "builtin-layout")]
fn builtin(scene: &Scene, prefix: &str) -> Result<String, SvgError> {
    let elements = scene.nodes.len() + scene.edges.len();
    if elements > BUILTIN_MAX_ELEMENTS {
        return Err(SvgError::BuiltinTooLarge {
            elements,
            limit: BUILTIN_MAX_ELEMENTS,
        });
    }
    let graph = dot::graph(
        scene,
        &DotOptions {
            id_prefix: prefix.to_string(),
            flavour: Flavour::Flat,
        },
    );
    let raw = builtin_layout::render(&graph, scene, prefix).map_err(SvgError::BuiltinFailed)?;
    let raw = builtin_layout::namespace(&raw, prefix);
    inline_safe(&raw, &Renderer::Builtin)
        .ok_or_else(|| SvgError::BuiltinFailed("no SVG produced".into()))
}

/// The builtin renderer: the flat DOT graph laid out by layout-rs, with a caption and a legend
/// drawn below it (layout-rs has no graph labels or clusters).
#[cfg(feature = "builtin-layout")]
mod builtin_layout {
    use std::collections::HashMap;

    use ::layout::backends::svg::SVGWriter;
    use ::layout::core::base::Orientation;
    use ::layout::core::color::Color;
    use ::layout::core::geometry::Point;
    use ::layout::core::style::{LineStyleKind, StyleAttr};
    use ::layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
    use ::layout::topo::layout::VisualGraph;
    use graphviz_rust::dot_structures::{Attribute, EdgeTy, Graph, GraphAttributes, Stmt, Vertex};
    use unicode_width::UnicodeWidthStr;

    use super::super::dot::{self, FONT, unquote};
    use super::super::scene::{LegendSample, NodeKind, Scene};

    type Attrs = HashMap<String, String>;

    /// Padding around a label inside its box.
    const PAD: Point = Point { x: 10.0, y: 7.0 };
    /// Margin around the drawing.
    const MARGIN: f64 = 12.0;

    fn merge(into: &mut Attrs, attrs: &[Attribute]) {
        for Attribute(k, v) in attrs {
            if let (Some(k), Some(v)) = (unquote(k), unquote(v)) {
                into.insert(k, v);
            }
        }
    }

    fn num(attrs: &Attrs, key: &str, default: usize) -> usize {
        attrs
            .get(key)
            .and_then(|v| v.parse::<f64>().ok())
            .map(|v| v.round().clamp(0.0, 64.0) as usize)
            .unwrap_or(default)
    }

    fn colour(attrs: &Attrs, key: &str, default: &str) -> Color {
        Color::fast(attrs.get(key).map(String::as_str).unwrap_or(default))
    }

    /// `id="..." class="..."` for an element, when the id is one of ours (safe characters).
    fn properties(attrs: &Attrs, class: &str) -> Option<String> {
        let id = attrs.get("id")?;
        id.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            .then(|| format!("id=\"{id}\" class=\"{class}\""))
    }

    /// The width of a line of text: wide (Japanese) characters take about one em, narrow ones
    /// a little over half of one.
    fn text_width(s: &str, font: usize) -> f64 {
        s.width() as f64 * 0.58 * font as f64
    }

    /// The size of a box around a label (layout-rs's own estimate counts every character as
    /// one em, which makes English labels twice as wide as they are).
    fn box_size(label: &str, font: usize) -> Point {
        let w = label
            .lines()
            .map(|l| text_width(l, font))
            .fold(0.0, f64::max);
        let h = label.lines().count().max(1) as f64 * font as f64;
        Point::new(w + 2.0 * PAD.x, h + 2.0 * PAD.y)
    }

    struct Flat {
        rankdir_lr: bool,
        nodes: Vec<(String, Attrs)>,
        edges: Vec<(String, String, Attrs)>,
    }

    /// Read the flat graph: node and edge statements with their defaults applied.
    fn read(graph: &Graph) -> Result<Flat, String> {
        let Graph::DiGraph { stmts, .. } = graph else {
            return Err("not a directed graph".into());
        };
        let mut graph_attrs = Attrs::new();
        let mut node_defaults = Attrs::new();
        let mut edge_defaults = Attrs::new();
        let mut flat = Flat {
            rankdir_lr: false,
            nodes: Vec::new(),
            edges: Vec::new(),
        };
        for stmt in stmts {
            match stmt {
                Stmt::GAttribute(GraphAttributes::Graph(a)) => merge(&mut graph_attrs, a),
                Stmt::GAttribute(GraphAttributes::Node(a)) => merge(&mut node_defaults, a),
                Stmt::GAttribute(GraphAttributes::Edge(a)) => merge(&mut edge_defaults, a),
                Stmt::Attribute(a) => merge(&mut graph_attrs, std::slice::from_ref(a)),
                Stmt::Node(n) => {
                    let mut attrs = node_defaults.clone();
                    merge(&mut attrs, &n.attributes);
                    let name = unquote(&n.id.0).ok_or("node without a name")?;
                    flat.nodes.push((name, attrs));
                }
                Stmt::Edge(e) => {
                    let EdgeTy::Pair(Vertex::N(a), Vertex::N(b)) = &e.ty else {
                        return Err("only simple edges are supported".into());
                    };
                    let mut attrs = edge_defaults.clone();
                    merge(&mut attrs, &e.attributes);
                    let from = unquote(&a.0).ok_or("edge without a tail")?;
                    let to = unquote(&b.0).ok_or("edge without a head")?;
                    flat.edges.push((from, to, attrs));
                }
                Stmt::Subgraph(_) => return Err("subgraphs are not supported".into()),
            }
        }
        flat.rankdir_lr = graph_attrs.get("rankdir").is_some_and(|d| d == "LR");
        Ok(flat)
    }

    /// Lay out and draw a flat graph, then the scene's title and legend below it. The graph
    /// is read the way layout-rs reads DOT (box shapes, labels, colours, dashed lines), plus
    /// the `id`s and rounded corners it cannot read. A panic inside layout-rs is an error.
    pub(super) fn render(graph: &Graph, scene: &Scene, prefix: &str) -> Result<String, String> {
        let flat = read(graph)?;
        let draw = move || draw(&flat, scene, prefix);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(draw)).map_err(|p| {
            p.downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "layout-rs panicked".into())
        })
    }

    fn draw(flat: &Flat, scene: &Scene, prefix: &str) -> String {
        let orientation = if flat.rankdir_lr {
            Orientation::LeftToRight
        } else {
            Orientation::TopToBottom
        };
        let mut vg = VisualGraph::new(orientation);
        let mut handles = HashMap::new();
        for (name, attrs) in &flat.nodes {
            let text = attrs.get("label").cloned().unwrap_or_else(|| name.clone());
            let font = num(attrs, "fontsize", 14);
            let rounded = attrs
                .get("style")
                .is_some_and(|s| s.split(',').any(|p| p.trim() == "rounded"));
            let look = StyleAttr::new(
                colour(attrs, "color", "black"),
                num(attrs, "penwidth", 1),
                Some(colour(attrs, "fillcolor", "white")),
                if rounded { 12 } else { 0 },
                font,
            );
            let size = box_size(&text, font);
            // As layout-rs's own DOT reader does: shapes take the flipped orientation.
            let mut element =
                Element::create(ShapeKind::new_box(&text), look, orientation.flip(), size);
            element.properties = properties(attrs, "node");
            handles.insert(name.clone(), vg.add_node(element));
        }
        for (from, to, attrs) in &flat.edges {
            let (Some(&a), Some(&b)) = (handles.get(from), handles.get(to)) else {
                continue;
            };
            let style = match attrs.get("style").map(String::as_str) {
                Some("dashed") => LineStyleKind::Dashed,
                _ => LineStyleKind::Normal,
            };
            let look = StyleAttr::new(
                colour(attrs, "color", "black"),
                num(attrs, "penwidth", 1),
                None,
                0,
                num(attrs, "fontsize", 14),
            );
            let label = attrs.get("label").cloned().unwrap_or_default();
            let mut arrow = Arrow::new(
                LineEndKind::None,
                LineEndKind::Arrow,
                style,
                &label,
                &look,
                &None,
                &None,
            );
            arrow.properties = properties(attrs, "edge");
            vg.add_edge(arrow, a, b);
        }
        let mut svg = SVGWriter::new();
        let (mut min, mut max) = (Point::splat(0.0), Point::splat(0.0));
        if vg.num_nodes() > 0 {
            vg.do_it(false, false, false, &mut svg);
            (min, max) = (Point::splat(f64::MAX), Point::splat(f64::MIN));
            for h in vg.iter_nodes() {
                let (a, b) = vg.pos(h).bbox(false);
                min = Point::new(min.x.min(a.x), min.y.min(a.y));
                max = Point::new(max.x.max(b.x), max.y.max(b.y));
            }
        }
        let (extra, corner) = caption_and_legend(scene, prefix, min.x, max.y + 2.0 * MARGIN);
        let (right, bottom) = (max.x.max(corner.x), corner.y);
        let (x0, y0) = (min.x - MARGIN, min.y - MARGIN);
        let (w, h) = (right - x0 + MARGIN, bottom - y0 + MARGIN);
        let mut svg = svg.finalize();
        if let Some(end) = svg.rfind("</svg>") {
            svg.insert_str(end, &extra);
        }
        // layout-rs sizes the canvas from an estimate that grows with every label's length;
        // the real extent of what was drawn is known here.
        match (svg.find("<svg"), svg.find(" xmlns=")) {
            (Some(a), Some(b)) if a < b => format!(
                "{}<svg width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"{x0:.0} {y0:.0} {w:.0} {h:.0}\"{}",
                &svg[..a],
                &svg[b..]
            ),
            _ => svg,
        }
    }

    /// Escape text for SVG.
    fn xml_text(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
        out
    }

    /// The title and the legend as SVG, left-aligned from `(x, y)` down, with the bottom-right
    /// corner of what they take. layout-rs centres all its text, so these are written here.
    fn caption_and_legend(scene: &Scene, prefix: &str, x: f64, mut y: f64) -> (String, Point) {
        const TITLE: usize = 13;
        const SMALL: usize = 10;
        let family = css_families();
        let mut right = x;
        let mut out = String::new();
        let mut text = |out: &mut String, left: f64, y: f64, s: &str, font: usize, bold: bool| {
            right = right.max(left + text_width(s, font));
            let weight = if bold { " font-weight=\"bold\"" } else { "" };
            out.push_str(&format!(
                "<text x=\"{left:.1}\" y=\"{y:.1}\" font-size=\"{font}\" font-family=\"{family}\"{weight} dominant-baseline=\"middle\">{}</text>\n",
                xml_text(s)
            ));
        };
        out.push_str(&format!("<g id=\"{prefix}caption\" class=\"caption\">\n"));
        for line in &scene.title {
            text(&mut out, x, y, line, TITLE, false);
            y += TITLE as f64 * 1.5;
        }
        out.push_str(&format!(
            "</g>\n<g id=\"{prefix}legend\" class=\"legend\">\n"
        ));
        y += SMALL as f64 * 0.5;
        text(&mut out, x, y, &scene.legend_title, SMALL, true);
        y += SMALL as f64 * 2.0;
        let (sw, sh) = (28.0, 12.0);
        for entry in &scene.legend {
            let id = format!("{prefix}{}", entry.key);
            let rect = |fill: &str, stroke: &str, pen: &str, rx: u8| {
                format!(
                    "<rect id=\"{id}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{sw}\" height=\"{sh}\" rx=\"{rx}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{pen}\"/>\n",
                    y - sh / 2.0
                )
            };
            out.push_str(&match entry.sample {
                LegendSample::Node(kind) => rect(
                    dot::node_fill(kind),
                    dot::NODE_BORDER,
                    "1",
                    if kind == NodeKind::Provider { 0 } else { 5 },
                ),
                LegendSample::Marked(sev) => {
                    let (colour, pen) = dot::mark_style(Some(sev)).unwrap_or((dot::NODE_BORDER, "1"));
                    rect(dot::node_fill(NodeKind::Provider), colour, pen, 0)
                }
                LegendSample::Contract { internal } => format!(
                    "<path id=\"{id}\" d=\"M {x:.1} {y:.1} L {:.1} {y:.1}\" stroke=\"{}\" stroke-width=\"1\"{} marker-end=\"url(#{prefix}endarrow)\" fill=\"none\"/>\n",
                    x + sw,
                    dot::EDGE_COLOUR,
                    if internal { " stroke-dasharray=\"5,5\"" } else { "" }
                ),
            });
            text(&mut out, x + sw + 8.0, y, &entry.text, SMALL, false);
            y += SMALL as f64 * 2.2;
        }
        out.push_str("</g>\n");
        (out, Point::new(right, y))
    }

    /// [`FONT`] as a CSS font list (`'Noto Sans CJK JP', sans-serif`).
    fn css_families() -> String {
        FONT.split(',')
            .map(|f| match f.trim() {
                f @ ("serif" | "sans-serif" | "monospace") => f.to_string(),
                f => format!("'{f}'"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Give layout-rs's fixed ids (`startarrow`, `arrow0`, `C0`) and CSS classes (`a14`) the
    /// prefix, so that several SVGs on one page do not clash, and make its style sheet
    /// deterministic (layout-rs writes it from a hash map) and CJK-capable.
    ///
    /// Every pattern replaced starts with a raw `"` or `<`, which escaped label text never
    /// contains, so text from the model is never touched.
    pub(super) fn namespace(raw: &str, prefix: &str) -> String {
        let mut svg = raw.to_string();
        // The style sheet: `.a14 { font-size: 14px; font-family: Times, serif; }` lines.
        if let (Some(open), Some(close)) = (svg.find("<style>\n"), svg.find("</style>\n")) {
            let mut sizes: Vec<usize> = svg[open + "<style>\n".len()..close]
                .lines()
                .filter_map(|l| l.strip_prefix(".a")?.split(' ').next()?.parse().ok())
                .collect();
            sizes.sort_unstable();
            sizes.dedup();
            let families = css_families();
            let css: String = sizes
                .iter()
                .map(|s| {
                    format!(".{prefix}f{s} {{ font-size: {s}px; font-family: {families}; }}\n")
                })
                .collect();
            svg.replace_range(
                open..close + "</style>\n".len(),
                &format!("<style>\n{css}</style>\n"),
            );
        }
        let mut out = svg
            .replace("class=\"a", &format!("class=\"{prefix}f"))
            .replace("<marker id=\"", &format!("<marker id=\"{prefix}"))
            .replace(
                "\"url(#startarrow)\"",
                &format!("\"url(#{prefix}startarrow)\""),
            )
            .replace("\"url(#endarrow)\"", &format!("\"url(#{prefix}endarrow)\""))
            .replace("<path id=\"arrow", &format!("<path id=\"{prefix}arrow"))
            .replace("href=\"#arrow", &format!("href=\"#{prefix}arrow"))
            .replace("<clipPath id=\"C", &format!("<clipPath id=\"{prefix}C"))
            .replace("\"url(#C", &format!("\"url(#{prefix}C"));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_dot_output() {
        assert_eq!(
            version_after("dot - graphviz version 2.43.0 (0)\n", "version ").as_deref(),
            Some("2.43.0")
        );
        assert_eq!(
            version_after(
                "<!-- Generated by graphviz version 12.2.1 (20241206.2353)",
                "graphviz version "
            )
            .as_deref(),
            Some("12.2.1")
        );
        assert_eq!(version_after("nothing", "version "), None);
    }

    #[test]
    fn inline_safe_drops_prolog_and_doctype() {
        let raw = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"x\" \"y\">\n<!-- Generated -->\n<svg width=\"1\"\n viewBox=\"0 0 1 1\"><g/></svg>\n";
        let s = inline_safe(raw, &Renderer::Builtin).unwrap();
        assert!(s.starts_with("<svg width"));
        assert!(s.contains("<!-- rendered by builtin layout"));
        assert!(!s.contains("DOCTYPE") && !s.contains("<?xml"));
        assert!(s.ends_with("</svg>\n"));
        assert!(inline_safe("no svg here", &Renderer::Builtin).is_none());
    }

    #[test]
    fn a_missing_dot_is_reported_as_not_found() {
        let err = run_dot(
            Path::new("/nonexistent/rolemap-test/dot"),
            "digraph{}",
            Duration::from_secs(5),
        )
        .unwrap_err();
        assert!(matches!(err, SvgError::DotNotFound(_)), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_dot_that_hangs_is_stopped() {
        // A stand-in for a dot that never finishes.
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("slow-dot");
        std::fs::write(&script, "#!/bin/sh\nexec sleep 30\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let start = Instant::now();
        let err = run_dot(&script, "digraph{}", Duration::from_millis(300)).unwrap_err();
        assert!(matches!(err, SvgError::DotTimeout { .. }), "{err}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_dot_reports_its_stderr() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("bad-dot");
        std::fs::write(
            &script,
            "#!/bin/sh\ncat >/dev/null\necho 'syntax error in line 1' >&2\nexit 1\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let err = run_dot(&script, "digraph{}", Duration::from_secs(10)).unwrap_err();
        match err {
            SvgError::DotFailed { stderr, .. } => assert!(stderr.contains("syntax error")),
            e => panic!("{e}"),
        }
    }

    #[cfg(feature = "builtin-layout")]
    #[test]
    fn the_builtin_layout_refuses_huge_chains() {
        use super::super::scene::{Marks, NodeKind, SceneNode};
        let nodes = (0..=BUILTIN_MAX_ELEMENTS)
            .map(|i| SceneNode {
                key: format!("p{i}"),
                party_id: format!("x{i}"),
                kind: NodeKind::Provider,
                lines: vec![format!("x{i}")],
                head: 1,
                marks: Marks::default(),
                group: None,
            })
            .collect();
        let scene = Scene {
            title: vec![],
            nodes,
            edges: vec![],
            groups: vec![],
            legend_title: String::new(),
            legend: vec![],
        };
        let options = SvgOptions {
            renderer: RendererChoice::Builtin,
            ..SvgOptions::default()
        };
        let err = render_scene(&scene, &options).unwrap_err();
        assert!(matches!(err, SvgError::BuiltinTooLarge { .. }), "{err}");
    }

    /// The flat DOT stays within what layout-rs's own DOT reader understands: it parses it and
    /// builds a graph from it, even though the builtin renderer reads the typed graph directly.
    #[cfg(feature = "builtin-layout")]
    #[test]
    fn flat_dot_is_within_layout_rs_subset() {
        let catalog = crate::Catalog::builtin();
        for (name, text) in [
            (
                "ministry-benefits.ron",
                include_str!("../../models/ministry-benefits.ron"),
            ),
            (
                "hostile.ron",
                include_str!("../../tests/fixtures/hostile.ron"),
            ),
        ] {
            let model = crate::model::parse_model(name, text, &catalog).unwrap();
            let a = crate::analyse(&model, &catalog, crate::Options::default());
            for lang in [Lang::En, Lang::Ja] {
                let flat = dot::render_dot(
                    &a,
                    lang,
                    &DotOptions {
                        flavour: Flavour::Flat,
                        ..DotOptions::default()
                    },
                );
                let ast = ::layout::gv::DotParser::new(&flat)
                    .process()
                    .unwrap_or_else(|e| panic!("{name}: layout-rs cannot parse the flat DOT: {e}"));
                let mut builder = ::layout::gv::GraphBuilder::new();
                builder.visit_graph(&ast);
                let mut vg = builder.get();
                assert_eq!(vg.num_nodes(), model.parties.len(), "{name}");
                let mut svg = ::layout::backends::svg::SVGWriter::new();
                vg.do_it(false, false, false, &mut svg);
            }
        }
    }
}
