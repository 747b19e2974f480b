//! Components in the diagram: a node of their own shape per component, after the parties,
//! and a dotted "used by" edge to each party that uses it, after the contracts. Components
//! carry no duties, so their nodes list no roles; a `component-unmanaged` finding marks
//! the component's node.

use super::{
    LegendEntry, LegendSample, Marks, NAME_LINES, NodeKind, SceneEdge, SceneNode, clean, wrap_lines,
};
use crate::Analysis;
use crate::i18n::Lang;

/// Append the components' nodes and "used by" edges, and their legend entries when there
/// are any.
pub(super) fn add(
    a: &Analysis,
    lang: Lang,
    mut marks: Vec<Marks>,
    nodes: &mut Vec<SceneNode>,
    edges: &mut Vec<SceneEdge>,
    legend: &mut Vec<LegendEntry>,
) {
    let m = a.model;
    if m.components.is_empty() {
        return;
    }
    let first = nodes.len();
    for (k, c) in m.components.iter().enumerate() {
        let mut lines = wrap_lines(c.name.get(lang), NAME_LINES);
        let id = clean(&c.id);
        if lines.first() != Some(&id) {
            lines.extend(wrap_lines(&format!("[{id}]"), 2));
        }
        let head = lines.len();
        let what = lang.pick("component", "コンポーネント");
        let what = match (c.oss, c.version.as_deref()) {
            (true, Some(v)) => format!("{what} (OSS {})", clean(v)),
            (true, None) => format!("{what} (OSS)"),
            (false, Some(v)) => format!("{what} ({})", clean(v)),
            (false, None) => what.to_string(),
        };
        lines.extend(wrap_lines(&what, 2));
        let marks = std::mem::take(&mut marks[k]);
        lines.extend(marks.lines(lang));
        nodes.push(SceneNode {
            key: format!("k{k}"),
            party_id: c.id.clone(),
            kind: NodeKind::Component,
            lines,
            head,
            marks,
            group: None,
        });
    }
    for (k, c) in m.components.iter().enumerate() {
        for (j, &p) in c.used_by.iter().enumerate() {
            edges.push(SceneEdge {
                key: format!("k{k}u{j}"),
                from: first + k,
                to: p,
                internal: false,
                uses: true,
                lines: vec![lang.pick("used by", "利用").to_string()],
                marks: Marks::default(),
            });
        }
    }
    legend.push(LegendEntry {
        key: "legend_component",
        sample: LegendSample::Node(NodeKind::Component),
        text: lang
            .pick(
                "component without a contract (OSS, library)",
                "契約のないコンポーネント (OSS、ライブラリ)",
            )
            .to_string(),
    });
    legend.push(LegendEntry {
        key: "legend_uses",
        sample: LegendSample::Uses,
        text: lang
            .pick(
                "used by: the party accounts for the component in (2)-1",
                "利用: 関係者が (2)-1 の中でコンポーネントを扱う",
            )
            .to_string(),
    });
}

#[cfg(test)]
mod tests {
    use crate::graph::dot::{DotOptions, Flavour, render_dot};
    use crate::graph::scene::{LegendSample, NodeKind, Scene};
    use crate::graph::svg::{RendererChoice, SvgOptions, render_svg};
    use crate::i18n::Lang;
    use crate::{Catalog, Code, Options, analyse, load::parse_model};

    const MODEL: &str = r#"(
        name: "components",
        parties: {
            "owner": (name: "Owner", division: Customer, operates: true),
            "dev": (name: "Developer", division: Provider),
        },
        components: [
            (id: "openssl", name: "OpenSSL", oss: true, version: "3.0.13", used_by: ["dev", "owner"]),
            (id: "lib", name: "In-house lib", used_by: ["owner"]),
        ],
        contracts: [(id: "build", client: "owner", contractor: "dev", kind: Development, security_terms: true)],
    )"#;

    #[test]
    fn components_are_nodes_of_their_own_with_used_by_lines() {
        let catalog = Catalog::builtin();
        let m = parse_model("c.ron", MODEL, &catalog).unwrap();
        let a = analyse(&m, &catalog, Options::default());
        assert!(
            a.findings
                .iter()
                .any(|f| f.code == Code::ComponentUnmanaged)
        );
        let s = Scene::of(&a, Lang::En);
        assert_eq!(s.nodes.len(), 4, "two parties, then two components");
        let k: Vec<_> = s.nodes[2..]
            .iter()
            .map(|n| (n.key.as_str(), n.kind))
            .collect();
        assert_eq!(
            k,
            [("k0", NodeKind::Component), ("k1", NodeKind::Component)]
        );
        assert!(
            s.nodes[2]
                .lines
                .contains(&"component (OSS 3.0.13)".to_string())
        );
        // The unmanaged one is marked, the managed one not.
        assert!(s.nodes[2].marks.codes.is_empty());
        assert_eq!(s.nodes[3].marks.warnings, 1);
        // One dotted "used by" line per user, after the one contract.
        let uses: Vec<_> = s.edges.iter().filter(|e| e.uses).collect();
        assert_eq!(uses.len(), 3);
        assert_eq!(s.edges.len(), 4);
        assert!(
            uses.iter()
                .all(|e| e.lines == ["used by"] && e.from >= 2 && e.to < 2)
        );
        assert!(s.legend.iter().any(|l| l.sample == LegendSample::Uses));
        let ja = Scene::of(&a, Lang::Ja);
        assert!(
            ja.edges
                .iter()
                .filter(|e| e.uses)
                .all(|e| e.lines == ["利用"])
        );
        // DOT: the component shape (Graphviz) and dotted lines, in both flavours.
        let dot = render_dot(&a, Lang::En, &DotOptions::default());
        assert!(
            dot.contains("k0[") && dot.contains("shape=component"),
            "{dot}"
        );
        assert!(
            dot.contains("k0 -> p0") && dot.contains("style=\"dotted\""),
            "{dot}"
        );
        let flat = render_dot(
            &a,
            Lang::En,
            &DotOptions {
                flavour: Flavour::Flat,
                ..DotOptions::default()
            },
        );
        assert!(!flat.contains("shape=component"));
        // The builtin renderer draws them.
        let svg = render_svg(
            &a,
            Lang::En,
            &SvgOptions {
                renderer: RendererChoice::Builtin,
                ..SvgOptions::default()
            },
        )
        .unwrap();
        assert!(svg.text.contains("OpenSSL") && svg.text.contains("used by"));
    }
}
