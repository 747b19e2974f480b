//! The chain as DOT, built from typed structures (graphviz-rust's `Graph`, `Subgraph`, `Node`,
//! `Edge`, `Attribute`, `Id`) and printed by its printer: no DOT is pasted together from strings.
//!
//! Every string that comes from the model (names, ids, scopes, organisations) reaches DOT only
//! through [`quote`], as a double-quoted `Id::Escaped`: quotes and backslashes are escaped, `&` is
//! written as `&amp;` for Graphviz (which decodes entities in labels), and control characters
//! never get through. Names of nodes, edges and clusters are generated (`p0`, `c0`, `org0`), so
//! the output is byte-identical for the same input and never depends on what the model calls
//! things.
//!
//! Two flavours come out of one [`Scene`]:
//! - [`Flavour::Graphviz`], for `dot` and for users: organisations of several parties as
//!   clusters, a legend cluster, fonts for Japanese, explicit `id`s for SVG;
//! - [`Flavour::Flat`], for the builtin renderer (layout-rs): no subgraphs, only the attributes
//!   layout-rs understands (`shape=box`, `label`, `color`, `fillcolor`, `style`, integer
//!   `penwidth` and `fontsize`, `rankdir`), plus `id`, which it ignores.

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::scene::{LegendSample, NodeKind, Scene, SceneEdge, SceneNode};
use crate::Analysis;
use crate::findings::Severity;
use crate::i18n::Lang;

/// The font family asked of Graphviz: a CJK-capable family first, so Japanese names render
/// (Debian: `fonts-noto-cjk`), then any sans-serif. It is also written into the SVG, where
/// browsers read it as a CSS font list.
pub const FONT: &str = "Noto Sans CJK JP, sans-serif";
/// The default prefix of the `id` of every element, so that several SVGs inlined in one page
/// do not clash with each other or with the page.
pub const DEFAULT_ID_PREFIX: &str = "rolemap_";

/// Fill of provider parties.
pub const PROVIDER_FILL: &str = "#dceefb";
/// Fill of customer parties.
pub const CUSTOMER_FILL: &str = "#fff4cc";
/// Fill of customers that also operate the system.
pub const OPERATES_FILL: &str = "#e3f4d7";
/// Fill of components (used without a contract).
pub const COMPONENT_FILL: &str = "#f1f1f1";
/// Border and text colour of parties and contracts with errors.
pub const ERROR_COLOUR: &str = "#c62828";
/// Border and text colour of parties and contracts with warnings (but no errors).
pub const WARNING_COLOUR: &str = "#d46b00";
/// Border of parties without errors or warnings.
pub const NODE_BORDER: &str = "#44546a";
/// Colour of contracts without errors or warnings.
pub const EDGE_COLOUR: &str = "#555555";
/// Colour of cluster frames.
pub const CLUSTER_COLOUR: &str = "#8a99ad";

/// Which DOT to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flavour {
    /// Clusters, legend cluster and fonts: for Graphviz and for users.
    #[default]
    Graphviz,
    /// No subgraphs, within layout-rs's subset: for the builtin renderer.
    Flat,
}

/// Options of the DOT output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotOptions {
    /// Prefix of every `id` attribute. Characters other than ASCII letters, digits, `_` and
    /// `-` are replaced by `_`, and one that does not start with a letter or `_` gets a `_` in
    /// front, so the ids are valid XML names.
    pub id_prefix: String,
    /// Which DOT.
    pub flavour: Flavour,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions {
            id_prefix: DEFAULT_ID_PREFIX.to_string(),
            flavour: Flavour::Graphviz,
        }
    }
}

/// Make a prefix safe for `id` attributes (see [`DotOptions::id_prefix`]).
pub fn sanitize_id_prefix(prefix: &str) -> String {
    let mut out: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| !(c.is_ascii_alphabetic() || c == '_')) {
        out.insert(0, '_');
    }
    out
}

/// Whether `prefix` is usable as it is (what [`sanitize_id_prefix`] leaves unchanged).
pub fn is_valid_id_prefix(prefix: &str) -> bool {
    sanitize_id_prefix(prefix) == prefix
}

/// Text for an HTML-like label, entity-escaped.
pub fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c if crate::style::is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A double-quoted DOT string holding `s` exactly: `"` and `\` are escaped, control characters
/// become spaces (a raw newline would be a line break, a backslash-newline a continuation), and
/// for Graphviz `&` becomes `&amp;` so that entity-like text (`&lt;`) is shown as written.
pub fn quote(s: &str, flavour: Flavour) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    push_escaped(&mut out, s, flavour);
    out.push('"');
    out
}

fn push_escaped(out: &mut String, s: &str, flavour: Flavour) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' if flavour == Flavour::Graphviz => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            // Both SVG renderers copy it into XML, which forbids U+FFFE and U+FFFF.
            c if crate::style::is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// A quoted DOT id holding `s` (see [`quote`]).
pub fn escaped(s: &str, flavour: Flavour) -> Id {
    Id::Escaped(quote(s, flavour))
}

/// A label of several centred lines: each line escaped, joined by DOT's `\n` line break.
pub fn label(lines: &[String], flavour: Flavour) -> Id {
    let mut out = String::from("\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        push_escaped(&mut out, line, flavour);
    }
    out.push('"');
    Id::Escaped(out)
}

/// The text a DOT id stands for, read back the way both Graphviz and layout-rs read it: quotes
/// removed, `\"` and `\\` unescaped, `\n` and `\l` as line breaks. With `Flavour::Flat` text
/// this is the inverse of [`label`] and [`quote`]. `None` for HTML-like labels.
pub fn unquote(id: &Id) -> Option<String> {
    match id {
        Id::Plain(s) => Some(s.clone()),
        Id::Escaped(s) => {
            let inner = s.strip_prefix('"')?.strip_suffix('"')?;
            let mut out = String::with_capacity(inner.len());
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                if c != '\\' {
                    out.push(c);
                    continue;
                }
                match chars.next() {
                    Some('n') | Some('l') | Some('r') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            }
            Some(out)
        }
        Id::Html(_) | Id::Anonymous(_) => None,
    }
}

/// A generated, known-safe identifier or value (`p0`, `LR`, `box`, `1.5`).
fn plain(s: impl Into<String>) -> Id {
    let s = s.into();
    debug_assert!(
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'),
        "{s}"
    );
    Id::Plain(s)
}

fn attr(key: &str, value: Id) -> Attribute {
    Attribute(plain(key), value)
}

/// An attribute whose value is a fixed string of ours, quoted (colours, styles, fonts).
fn fixed(key: &str, value: &str) -> Attribute {
    attr(key, Id::Escaped(format!("\"{value}\"")))
}

/// The DOT of an analysed model, printed.
pub fn render_dot(a: &Analysis, lang: Lang, options: &DotOptions) -> String {
    print(&graph(&Scene::of(a, lang), options))
}

/// Print a graph: one statement per line, two-space indents, attributes of a node on one line.
pub fn print(graph: &Graph) -> String {
    let mut ctx = PrinterContext::default();
    ctx.with_semi();
    let mut s = graph.print(&mut ctx);
    s.push('\n');
    s
}

/// Colour and pen width for marks of this severity: errors and warnings only.
pub fn mark_style(worst: Option<Severity>) -> Option<(&'static str, &'static str)> {
    match worst {
        Some(Severity::Error) => Some((ERROR_COLOUR, "3")),
        Some(Severity::Warning) => Some((WARNING_COLOUR, "2")),
        _ => None,
    }
}

/// The fill of a node of this kind.
pub fn node_fill(kind: NodeKind) -> &'static str {
    kind_style(kind).0
}

fn kind_style(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Provider => (PROVIDER_FILL, "filled"),
        NodeKind::Customer => (CUSTOMER_FILL, "rounded,filled"),
        NodeKind::CustomerOperates => (OPERATES_FILL, "rounded,filled"),
        NodeKind::Component => (COMPONENT_FILL, "dashed,filled"),
    }
}

struct Writer<'a> {
    prefix: String,
    flavour: Flavour,
    scene: &'a Scene,
}

impl Writer<'_> {
    fn id(&self, key: &str) -> Attribute {
        attr("id", Id::Escaped(format!("\"{}{key}\"", self.prefix)))
    }

    fn node_attrs(
        &self,
        key: &str,
        kind: NodeKind,
        lines: &[String],
        worst: Option<Severity>,
    ) -> Vec<Attribute> {
        let (fill, style) = kind_style(kind);
        let mut attrs = vec![
            self.id(key),
            attr("label", label(lines, self.flavour)),
            fixed("fillcolor", fill),
            fixed("style", style),
        ];
        if kind == NodeKind::CustomerOperates && self.flavour == Flavour::Graphviz {
            attrs.push(attr("peripheries", plain("2")));
        }
        if kind == NodeKind::Component && self.flavour == Flavour::Graphviz {
            attrs.push(attr("shape", plain("component")));
        }
        if let Some((colour, pen)) = mark_style(worst) {
            attrs.push(fixed("color", colour));
            attrs.push(attr("penwidth", plain(pen)));
        }
        attrs
    }

    fn party(&self, n: &SceneNode) -> Stmt {
        let mut lines = n.lines.clone();
        // Without clusters, the organisation is written into the label instead.
        if self.flavour == Flavour::Flat
            && let Some(g) = n.group
        {
            lines.insert(n.head, format!("({})", self.scene.groups[g].label));
        }
        Stmt::Node(Node::new(
            NodeId(plain(&n.key), None),
            self.node_attrs(&n.key, n.kind, &lines, n.marks.worst()),
        ))
    }

    fn contract(&self, e: &SceneEdge) -> Stmt {
        let from = &self.scene.nodes[e.from].key;
        let to = &self.scene.nodes[e.to].key;
        let mut attrs = vec![
            self.id(&e.key),
            attr("label", label(&e.lines, self.flavour)),
        ];
        if e.internal {
            attrs.push(fixed("style", "dashed"));
        }
        if e.uses {
            attrs.push(fixed("style", "dotted"));
            attrs.push(attr("arrowhead", plain("none")));
        }
        if let Some((colour, pen)) = mark_style(e.marks.worst()) {
            attrs.push(fixed("color", colour));
            attrs.push(fixed("fontcolor", colour));
            attrs.push(attr("penwidth", plain(pen)));
        }
        Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(plain(from), None)),
                Vertex::N(NodeId(plain(to), None)),
            ),
            attributes: attrs,
        })
    }

    fn graph_attrs(&self) -> Vec<Stmt> {
        let mut g = vec![
            attr("rankdir", plain("LR")),
            self.id("graph"),
            attr("label", label(&self.scene.title, self.flavour)),
        ];
        let mut node = vec![
            attr("shape", plain("box")),
            fixed("style", "filled"),
            fixed("color", NODE_BORDER),
            attr("penwidth", plain("1")),
            attr("fontsize", plain("11")),
        ];
        let mut edge = vec![
            fixed("color", EDGE_COLOUR),
            attr("penwidth", plain("1")),
            attr("fontsize", plain("10")),
        ];
        if self.flavour == Flavour::Graphviz {
            g.extend([
                attr("labelloc", plain("t")),
                fixed("fontname", FONT),
                attr("fontsize", plain("14")),
                attr("newrank", plain("true")),
                attr("nodesep", plain("0.3")),
                attr("ranksep", plain("0.5")),
            ]);
            node.extend([fixed("fontname", FONT), fixed("margin", "0.15,0.06")]);
            edge.push(fixed("fontname", FONT));
        }
        vec![
            Stmt::GAttribute(GraphAttributes::Graph(g)),
            Stmt::GAttribute(GraphAttributes::Node(node)),
            Stmt::GAttribute(GraphAttributes::Edge(edge)),
        ]
    }

    /// The legend: one node whose HTML-like label is a table of samples and their meaning.
    /// Every text in it is rolemap's own, and entity-escaped all the same.
    fn legend(&self) -> Stmt {
        let swatch = |fill: &str, border: &str, pen: &str, rounded: bool| {
            let style = if rounded { " style=\"rounded\"" } else { "" };
            format!(
                "<table border=\"{pen}\" cellborder=\"0\" cellspacing=\"0\" bgcolor=\"{fill}\" color=\"{border}\"{style}><tr><td width=\"26\" height=\"10\"></td></tr></table>"
            )
        };
        let mut html = String::from(
            "<<table border=\"0\" cellborder=\"0\" cellspacing=\"3\" cellpadding=\"0\">",
        );
        html.push_str(&format!(
            "<tr><td colspan=\"2\" align=\"left\"><b>{}</b></td></tr>",
            html_text(&self.scene.legend_title)
        ));
        for entry in &self.scene.legend {
            let sample = match entry.sample {
                LegendSample::Node(kind) => {
                    let inner = swatch(
                        node_fill(kind),
                        NODE_BORDER,
                        "1",
                        kind != NodeKind::Provider,
                    );
                    if kind == NodeKind::CustomerOperates {
                        // Two outlines, as `peripheries=2` draws them.
                        format!(
                            "<table border=\"1\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"1\" color=\"{NODE_BORDER}\" style=\"rounded\"><tr><td>{inner}</td></tr></table>"
                        )
                    } else {
                        inner
                    }
                }
                LegendSample::Marked(sev) => {
                    let (colour, pen) = mark_style(Some(sev)).unwrap_or((NODE_BORDER, "1"));
                    swatch(PROVIDER_FILL, colour, pen, false)
                }
                LegendSample::Uses => {
                    format!("<font color=\"{EDGE_COLOUR}\">· · · ·</font>")
                }
                LegendSample::Contract { internal } => {
                    let arrow = if internal { "- - ▶" } else { "——▶" };
                    format!("<font color=\"{EDGE_COLOUR}\">{arrow}</font>")
                }
            };
            html.push_str(&format!(
                "\n<tr><td>{sample}</td><td align=\"left\">{}</td></tr>",
                html_text(&entry.text)
            ));
        }
        html.push_str("\n</table>>");
        Stmt::Node(Node::new(
            NodeId(plain("legend"), None),
            vec![
                self.id("legend"),
                attr("label", Id::Html(html)),
                attr("shape", plain("none")),
                fixed("style", "solid"),
                attr("margin", plain("0")),
                attr("fontsize", plain("9")),
            ],
        ))
    }

    fn graph(&self) -> Graph {
        let mut stmts = self.graph_attrs();
        let mut emitted = vec![false; self.scene.groups.len()];
        for n in &self.scene.nodes {
            match n.group {
                Some(g) if self.flavour == Flavour::Graphviz => {
                    if emitted[g] {
                        continue;
                    }
                    emitted[g] = true;
                    let group = &self.scene.groups[g];
                    let mut inner = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
                        self.id(&group.key),
                        attr(
                            "label",
                            label(std::slice::from_ref(&group.label), self.flavour),
                        ),
                        fixed("style", "rounded,dashed"),
                        fixed("color", CLUSTER_COLOUR),
                        fixed("fontcolor", CLUSTER_COLOUR),
                        attr("fontsize", plain("10")),
                    ]))];
                    inner.extend(
                        group
                            .members
                            .iter()
                            .map(|&m| self.party(&self.scene.nodes[m])),
                    );
                    stmts.push(Stmt::Subgraph(Subgraph {
                        id: plain(format!("cluster_{}", group.key)),
                        stmts: inner,
                    }));
                }
                _ => stmts.push(self.party(n)),
            }
        }
        // The builtin renderer draws the legend itself.
        if self.flavour == Flavour::Graphviz {
            stmts.push(self.legend());
        }
        stmts.extend(self.scene.edges.iter().map(|e| self.contract(e)));
        Graph::DiGraph {
            id: plain("rolemap"),
            strict: false,
            stmts,
        }
    }
}

/// The typed DOT graph of a scene.
pub fn graph(scene: &Scene, options: &DotOptions) -> Graph {
    Writer {
        prefix: sanitize_id_prefix(&options.id_prefix),
        flavour: options.flavour,
        scene,
    }
    .graph()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_quotes_backslashes_controls_and_ampersands() {
        let f = Flavour::Graphviz;
        assert_eq!(quote("plain", f), r#""plain""#);
        assert_eq!(quote(r#"say "hi""#, f), r#""say \"hi\"""#);
        assert_eq!(quote(r"a\b\", f), r#""a\\b\\""#);
        assert_eq!(quote("a\nb\rc\td", f), r#""a b c d""#);
        assert_eq!(quote("A&amp;B", f), r#""A&amp;amp;B""#);
        assert_eq!(quote("A&B", Flavour::Flat), r#""A&B""#);
        assert_eq!(quote("<script>", f), r#""<script>""#);
    }

    #[test]
    fn label_joins_lines_with_dot_line_breaks() {
        let l = label(&["a\\n".into(), "b\"".into()], Flavour::Flat);
        assert_eq!(l, Id::Escaped(r#""a\\n\nb\"""#.into()));
        assert_eq!(unquote(&l).unwrap(), "a\\n\nb\"");
    }

    #[test]
    fn id_prefixes_are_made_safe() {
        assert_eq!(sanitize_id_prefix("rolemap_"), "rolemap_");
        assert_eq!(sanitize_id_prefix("a b\"<"), "a_b__");
        assert_eq!(sanitize_id_prefix("1x"), "_1x");
        assert_eq!(sanitize_id_prefix(""), "");
        assert!(is_valid_id_prefix("fig-2_"));
        assert!(!is_valid_id_prefix("x\"y"));
    }

    proptest::proptest! {
        #[test]
        fn unquote_inverts_flat_quoting(s in "\\PC*") {
            let q = Id::Escaped(quote(&s, Flavour::Flat));
            proptest::prop_assert_eq!(unquote(&q).unwrap(), s);
        }

        #[test]
        fn quoted_strings_parse_back(s in ".*") {
            let f = Flavour::Graphviz;
            let g = Graph::DiGraph {
                id: plain("g"),
                strict: false,
                stmts: vec![Stmt::Node(Node::new(
                    NodeId(plain("n"), None),
                    vec![attr("label", escaped(&s, f))],
                ))],
            };
            let parsed = graphviz_rust::parse(&print(&g)).map_err(proptest::test_runner::TestCaseError::fail)?;
            proptest::prop_assert_eq!(parsed, g);
        }
    }
}
