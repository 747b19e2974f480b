//! The builtin renderer: the flat DOT graph laid out by layout-rs, with a caption and a legend
//! drawn below it (layout-rs has no graph labels or clusters).

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
            Some("dotted") => LineStyleKind::Dotted,
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
            LegendSample::Uses => format!(
                "<path id=\"{id}\" d=\"M {x:.1} {y:.1} L {:.1} {y:.1}\" stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"2,3\" fill=\"none\"/>\n",
                x + sw,
                dot::EDGE_COLOUR,
            ),
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
            .map(|s| format!(".{prefix}f{s} {{ font-size: {s}px; font-family: {families}; }}\n"))
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
