//! `rolemap graph`: golden DOT of every bundled model (DOT only: SVG depends on fonts and the
//! Graphviz version), hostile names through DOT and both SVG renderers, and the command line.
//!
//! The Graphviz tests run when `dot` is on the PATH (or at `ROLEMAP_DOT`); with
//! `ROLEMAP_REQUIRE_DOT=1` (as in CI) a missing `dot` fails them instead of skipping.
//! Run `INSTA_UPDATE=always cargo test --test it graph::` to accept changes to the DOT snapshots.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use graphviz_rust::dot_structures::{Graph, Stmt};
use rolemap::graph::dot::{DotOptions, Flavour, render_dot, unquote};
use rolemap::graph::svg::{Renderer, RendererChoice, SvgOptions, dot_version, render_svg};
use rolemap::{Catalog, Lang, Model};

use crate::common;

use common::{TODAY, analyse, load, models, root, run};

const HOSTILE: &str = "tests/fixtures/hostile.ron";

/// The `dot` to test with: `ROLEMAP_DOT`, else `dot`; `None` when it does not run. With
/// `ROLEMAP_REQUIRE_DOT=1`, a missing `dot` is a failure.
fn graphviz() -> Option<PathBuf> {
    let program = std::env::var_os("ROLEMAP_DOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("dot"));
    let found = dot_version(&program).is_some();
    let required = std::env::var("ROLEMAP_REQUIRE_DOT").is_ok_and(|v| v == "1");
    assert!(
        found || !required,
        "ROLEMAP_REQUIRE_DOT=1 but Graphviz `{}` does not run",
        program.display()
    );
    if !found {
        eprintln!("Graphviz dot not found: skipping the dot renderer checks");
    }
    found.then_some(program)
}

fn snap(name: &str, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
    insta::with_settings!({ snapshot_suffix => name.to_string(), prepend_module_to_snapshot => false, omit_expression => true, description => args.join(" ") }, {
        insta::assert_snapshot!("graph", stdout);
    });
    stdout
}

#[test]
fn dot_of_every_model() {
    for m in models() {
        let name = Path::new(&m)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let dot = snap(&format!("dot-{name}"), &["graph", &m, "--today", TODAY]);
        graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("{m}: {e}"));
        // Byte-identical on a second run.
        assert_eq!(run(&["graph", &m, "--today", TODAY]).1, dot);
    }
    for m in ["service", "ministry-benefits"] {
        let path = format!("models/{m}.ron");
        snap(
            &format!("dot-ja-{m}"),
            &["--lang", "ja", "graph", &path, "--today", TODAY],
        );
    }
}

/// The label of node or edge `key` in a parsed graph, read back as text.
fn labels(g: &Graph) -> Vec<(String, String)> {
    fn walk(stmts: &[Stmt], out: &mut Vec<(String, String)>) {
        for s in stmts {
            let (name, attrs) = match s {
                Stmt::Node(n) => (unquote(&n.id.0).unwrap(), &n.attributes),
                Stmt::Edge(e) => (String::from("edge"), &e.attributes),
                Stmt::Subgraph(sg) => {
                    walk(&sg.stmts, out);
                    continue;
                }
                _ => continue,
            };
            for a in attrs {
                if unquote(&a.0).as_deref() == Some("label")
                    && let Some(text) = unquote(&a.1)
                {
                    out.push((name.clone(), text.replace("&amp;", "&")));
                }
            }
        }
    }
    let Graph::DiGraph { stmts, .. } = g else {
        panic!("not a digraph")
    };
    let mut out = Vec::new();
    walk(stmts, &mut out);
    out
}

/// Text compared without spaces and line breaks: labels wrap names at spaces.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn hostile_names_survive_dot() {
    let dot = snap("dot-hostile", &["graph", HOSTILE, "--today", TODAY]);
    let g = graphviz_rust::parse(&dot).expect("graphviz-rust parses the DOT");
    let labels = labels(&g);
    let model = load(HOSTILE);
    for (i, p) in model.parties.iter().enumerate() {
        let key = format!("p{i}");
        let (_, text) = labels
            .iter()
            .find(|(k, _)| *k == key)
            .unwrap_or_else(|| panic!("no node {key}"));
        // Every name and id comes back exactly (control characters as spaces, the
        // right-to-left override dropped).
        let name = rolemap::graph::scene::clean(&p.name.en);
        assert!(
            squash(text).contains(&squash(&name)),
            "{text:?} lacks {name:?}"
        );
        assert!(
            text.contains(&format!("[{}]", p.id)),
            "{text:?} lacks {}",
            p.id
        );
    }
    // No raw newline or unescaped quote can have ended a string early: the only statements
    // are the ones rolemap writes (nodes, edges, the cluster, the legend).
    assert_eq!(
        labels.iter().filter(|(k, _)| k.starts_with('p')).count(),
        model.parties.len()
    );
    assert_eq!(
        labels.iter().filter(|(k, _)| k == "edge").count(),
        model.contracts.len()
    );
    if let Some(program) = graphviz() {
        let out = std::process::Command::new(program)
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(dot.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        assert!(
            out.status.success(),
            "dot rejects the DOT: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Check an SVG as the HTML report will use it: well-formed XML starting at `<svg`, no script,
/// every id carrying the prefix and unique. Returns all its text, decoded.
fn check_svg(svg: &str, prefix: &str) -> String {
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
    assert!(svg.ends_with("</svg>\n"));
    assert!(!svg.contains("<?xml") && !svg.contains("<!DOCTYPE"));
    assert!(
        !svg.to_ascii_lowercase().contains("<script"),
        "raw <script> in SVG"
    );
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let mut ids = HashSet::new();
    let mut text = String::new();
    for n in doc.descendants() {
        if n.is_element() {
            assert_ne!(n.tag_name().name().to_ascii_lowercase(), "script");
            assert_ne!(n.tag_name().name().to_ascii_lowercase(), "foreignobject");
            for a in n.attributes() {
                assert!(
                    !a.name().to_ascii_lowercase().starts_with("on"),
                    "{}",
                    a.name()
                );
            }
            if let Some(id) = n.attribute("id") {
                assert!(
                    id.starts_with(prefix),
                    "id {id:?} lacks the prefix {prefix}"
                );
                assert!(ids.insert(id.to_string()), "duplicate id {id}");
            }
        }
        if n.is_text() {
            text.push_str(n.text().unwrap());
            text.push('\n');
        }
    }
    text
}

fn svg_with(
    path: &str,
    lang: Lang,
    renderer: RendererChoice,
    dot: Option<PathBuf>,
) -> (String, Renderer) {
    let catalog = Catalog::builtin();
    let model = load(path);
    let a = analyse(&model, &catalog);
    let options = SvgOptions {
        renderer,
        dot,
        id_prefix: "fig1-".into(),
        ..SvgOptions::default()
    };
    let svg = render_svg(&a, lang, &options).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(svg.fallback.is_none());
    // Deterministic: the same drawing twice.
    let again = render_svg(&a, lang, &options).unwrap();
    assert_eq!(svg.text, again.text, "{path}: not deterministic");
    (svg.text, svg.renderer)
}

#[cfg(feature = "builtin-layout")]
#[test]
fn builtin_renderer_draws_every_model() {
    // Besides the models: a contract cycle (layout-rs reverses back edges) and a party with no
    // contract at all.
    let odd = [
        HOSTILE,
        "tests/fixtures/findings/contract-cycle/triggers.ron",
        "tests/fixtures/findings/orphan-party/triggers.ron",
    ];
    for m in models().iter().map(String::as_str).chain(odd) {
        for lang in [Lang::En, Lang::Ja] {
            let (svg, renderer) = svg_with(m, lang, RendererChoice::Builtin, None);
            assert_eq!(renderer, Renderer::Builtin);
            assert!(svg.contains("<!-- rendered by builtin layout"), "{m}");
            let text = check_svg(&svg, "fig1-");
            for p in &load(m).parties {
                assert!(
                    text.contains(&format!("[{}]", p.id)),
                    "{m}: {} missing",
                    p.id
                );
            }
        }
    }
}

#[test]
fn hostile_names_are_text_in_every_svg() {
    let mut renderers = Vec::new();
    if cfg!(feature = "builtin-layout") {
        renderers.push((RendererChoice::Builtin, None));
    }
    if let Some(program) = graphviz() {
        renderers.push((RendererChoice::Dot, Some(program)));
    }
    for (renderer, program) in renderers {
        let (svg, _) = svg_with(HOSTILE, Lang::En, renderer, program);
        let text = check_svg(&svg, "fig1-");
        for shown in [
            "<script>alert(1)</script>",
            "=HYPERLINK(\"http://x\",\"click\")",
            "A&amp;B &lt;tag&gt; & </svg> ]]>",
            "back\\slash \\\" \\n \\N \\G \\l",
            "+cmd|' /C calc'!A0",
            "日本語",
        ] {
            // Shown as written (SVG text, decoded), never interpreted.
            assert!(
                squash(&text).contains(&squash(shown)),
                "{renderer:?}: {shown:?} not shown as text"
            );
        }
    }
}

#[test]
fn dot_renderer_draws_every_model_with_japanese_text() {
    let Some(program) = graphviz() else { return };
    for m in models() {
        let (svg, renderer) = svg_with(&m, Lang::Ja, RendererChoice::Dot, Some(program.clone()));
        assert!(matches!(renderer, Renderer::Graphviz { .. }));
        assert!(svg.contains("<!-- rendered by graphviz dot "), "{m}");
        assert!(svg.contains("font-family=\"Noto Sans CJK JP, sans-serif\""));
        let text = check_svg(&svg, "fig1-");
        let model = load(&m);
        for p in &model.parties {
            assert!(
                text.contains(&format!("[{}]", p.id)),
                "{m}: {} missing",
                p.id
            );
        }
        // The Japanese name of the model and of its roles are in the drawing.
        assert!(squash(&text).contains(&squash(&model.name.ja)), "{m}");
        assert!(text.contains("凡例"), "{m}");
        // Every party and contract carries its prefixed id.
        for i in 0..model.parties.len() {
            assert!(svg.contains(&format!("id=\"fig1&#45;p{i}\"")), "{m}: p{i}");
        }
        for i in 0..model.contracts.len() {
            assert!(svg.contains(&format!("id=\"fig1&#45;c{i}\"")), "{m}: c{i}");
        }
    }
}

#[test]
fn dot_flavours_differ_only_where_layout_rs_needs_it() {
    let catalog = Catalog::builtin();
    let model = load("models/ministry-benefits.ron");
    let a = analyse(&model, &catalog);
    let full = render_dot(&a, Lang::En, &DotOptions::default());
    let flat = render_dot(
        &a,
        Lang::En,
        &DotOptions {
            flavour: Flavour::Flat,
            ..DotOptions::default()
        },
    );
    assert!(full.contains("subgraph cluster_org0"));
    assert!(!flat.contains("subgraph"));
    assert!(!flat.contains("label=<"), "no HTML labels for layout-rs");
    let g = graphviz_rust::parse(&flat).unwrap();
    assert!(
        labels(&g)
            .iter()
            .any(|(_, l)| l.contains("(organisation: ministry)"))
    );
}

#[cfg(feature = "builtin-layout")]
#[test]
fn svg_output_by_extension_renderer_notes_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chain.svg");
    let out_s = out.to_str().unwrap();
    // `-o x.svg` picks SVG; the builtin renderer needs nothing installed.
    let (code, stdout, stderr) = run(&[
        "-q",
        "graph",
        "models/service.ron",
        "--renderer",
        "builtin",
        "-o",
        out_s,
    ]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let svg = std::fs::read_to_string(&out).unwrap();
    check_svg(&svg, "rolemap_");

    // auto with a dot that does not exist: the builtin layout, and a note on stderr.
    let (code, stdout, stderr) = run(&[
        "graph",
        "models/service.ron",
        "-f",
        "svg",
        "--dot",
        "/nonexistent/rolemap/dot",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("<!-- rendered by builtin layout"));
    assert!(
        stderr.starts_with("note: Graphviz `dot` was not found"),
        "{stderr}"
    );
    let (_, _, stderr_ja) = run(&[
        "--lang",
        "ja",
        "graph",
        "models/service.ron",
        "-f",
        "svg",
        "--dot",
        "/nonexistent/rolemap/dot",
    ]);
    assert!(
        stderr_ja.starts_with("注: Graphviz の dot が見つかりません"),
        "{stderr_ja}"
    );

    // --renderer dot without dot: exit 2, nothing written. ROLEMAP_DOT sets the path.
    let missing = dir.path().join("missing.svg");
    let o = Command::cargo_bin("rolemap")
        .unwrap()
        .current_dir(root())
        .env("ROLEMAP_DOT", "/nonexistent/rolemap/dot")
        .args(["graph", "models/service.ron", "--renderer", "dot", "-o"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/rolemap/dot"));
    assert!(!missing.exists());

    // A bad id prefix is a usage error.
    let (code, _, stderr) = run(&["graph", "models/service.ron", "--id-prefix", "a\"b"]);
    assert_eq!(code, 2, "{stderr}");

    // The model is never overwritten.
    let model = dir.path().join("m.ron");
    std::fs::copy(root().join("models/service.ron"), &model).unwrap();
    let (code, _, stderr) = run(&[
        "graph",
        model.to_str().unwrap(),
        "-o",
        model.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot write .ron files"), "{stderr}");
}

#[test]
fn graph_exits_zero_even_with_findings() {
    // Findings are drawn, not judged: `check` sets exit codes.
    let (code, stdout, _) = run(&["graph", "models/municipal-hospital.ron", "--today", TODAY]);
    assert_eq!(code, 0);
    assert!(stdout.contains("penwidth=3"), "errors are marked");
}

/// The synthetic chain of `n` parties, analysed.
fn synthetic(n: usize) -> Model {
    let v = rolemap::synth::generate(rolemap::synth::SynthOptions {
        parties: n,
        seed: 1,
    });
    rolemap::load::parse_model(
        "synth.json",
        &serde_json::to_string(&v).unwrap(),
        &Catalog::builtin(),
    )
    .unwrap()
}

#[test]
fn collapsed_dot_of_bundled_models() {
    for (mode, m) in [("org", "ministry-benefits"), ("tier", "ministry-benefits")] {
        let path = format!("models/{m}.ron");
        let (code, dot, stderr) = run(&["graph", &path, "--today", TODAY, "--collapse", mode]);
        assert_eq!(code, 0);
        assert!(stderr.starts_with("note: Collapsed by "), "{stderr}");
        insta::with_settings!({ snapshot_suffix => format!("dot-{mode}-{m}"), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!("graph", dot);
        });
        graphviz_rust::parse(&dot).unwrap();
    }
    // Below the threshold nothing is collapsed and nothing is said.
    let (_, _, stderr) = run(&["graph", "models/service.ron", "--today", TODAY]);
    assert_eq!(stderr, "");
    // Past it, auto collapses: a threshold of 3 on a model of 9 organisations is by tier.
    let (code, dot, stderr) = run(&[
        "graph",
        "models/ministry-benefits.ron",
        "--today",
        TODAY,
        "--collapse-threshold",
        "3",
    ]);
    assert_eq!(code, 0);
    assert!(stderr.contains("Collapsed by tier"), "{stderr}");
    assert!(stderr.contains("because there are more than 3"), "{stderr}");
    assert!(dot.contains("t0c["), "{dot}");
}

#[test]
fn a_ten_thousand_party_chain_collapses_to_a_small_graph() {
    use rolemap::graph::scene::{CollapseBy, CollapseOptions, Scene};
    let model = synthetic(10_000);
    let catalog = Catalog::builtin();
    let a = analyse(&model, &catalog);
    let scene = Scene::build(&a, Lang::En, &CollapseOptions::default());
    let c = scene.collapsed.as_ref().expect("collapsed");
    // About 9000 organisations: too many, so by tier.
    assert_eq!(c.by, CollapseBy::Tier);
    assert_eq!((c.parties, c.contracts), (10_000, model.contracts.len()));
    assert!(scene.nodes.len() <= 2 * rolemap::graph::scene::MAX_BANDS + 2);
    assert!(scene.edges.len() <= 2 * scene.nodes.len());
    // Every party is in exactly one node: the party counts add up.
    let parties: usize = scene
        .nodes
        .iter()
        .map(|n| {
            let line = n.lines.iter().find(|l| l.contains(" part")).unwrap();
            line.split(' ').next().unwrap().parse::<usize>().unwrap()
        })
        .sum();
    assert_eq!(parties, 10_000);
    assert!(scene.title.iter().any(|l| l.contains("Collapsed by tier")));

    // Graphviz lays it out (how fast is measured in docs/graph.md, not asserted here).
    if let Some(program) = graphviz() {
        let options = SvgOptions {
            renderer: RendererChoice::Dot,
            dot: Some(program),
            ..SvgOptions::default()
        };
        let start = std::time::Instant::now();
        let svg = rolemap::graph::svg::render_scene(&scene, &options).unwrap();
        eprintln!(
            "dot drew the collapsed 10k chain ({} nodes, {} arrows) in {:?}",
            scene.nodes.len(),
            scene.edges.len(),
            start.elapsed()
        );
        check_svg(&svg.text, "rolemap_");
    }
}
