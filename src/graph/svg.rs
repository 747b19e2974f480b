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

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

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
    let out = super::image::run_dot_to(program, "-Tsvg", dot_text, timeout)?;
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

/// The builtin renderer: the flat DOT graph laid out by layout-rs.
#[cfg(feature = "builtin-layout")]
mod builtin_layout;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

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
            collapsed: None,
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
            let model = crate::load::parse_model(name, text, &catalog).unwrap();
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
