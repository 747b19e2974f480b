//! `rolemap graph`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, ValueEnum};

use super::{
    AnalysisArgs, Env, Failure, Outcome, emit_bytes, load, load_catalog, options, outfile,
};
use crate::Lang;
use crate::analyse;
use crate::graph::dot::{self, DotOptions, Flavour};
use crate::graph::image::{self, ImageFormat};
use crate::graph::scene::{Collapse, CollapseOptions, DEFAULT_COLLAPSE_THRESHOLD, Scene};
use crate::graph::svg::{self, RendererChoice, SvgOptions};

/// Arguments of `graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Output format (default: from the extension of `-o`, else dot).
    #[arg(long, short, value_enum)]
    pub format: Option<GraphFormat>,
    /// Write the output to this file instead of standard output; its extension picks the
    /// format: .dot (.gv), .svg, .png, .pdf.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How to draw SVG.
    #[command(flatten)]
    pub svg: SvgArgs,
    /// When to collapse large chains.
    #[command(flatten)]
    pub collapse: CollapseArgs,
    /// Package, catalog, date and size limit.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Formats of `graph`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    #[value(alias = "gv")]
    Dot,
    /// SVG, drawn by Graphviz `dot` or by the builtin layout.
    Svg,
    /// PNG, drawn by Graphviz `dot` (needs Graphviz).
    Png,
    /// PDF, drawn by Graphviz `dot` (needs Graphviz).
    Pdf,
}

/// How to draw SVG: shared by every command that draws the chain.
#[derive(Debug, Args, Clone)]
pub struct SvgArgs {
    /// Which renderer draws SVG: Graphviz `dot` when it runs, else the builtin layout (auto).
    #[arg(long, value_enum, default_value_t = RendererArg::Auto)]
    pub renderer: RendererArg,
    /// The Graphviz `dot` program (default: `dot` on the PATH).
    #[arg(long = "dot", value_name = "PATH", env = svg::DOT_ENV)]
    pub dot: Option<PathBuf>,
    /// Stop `dot` after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = svg::DEFAULT_TIMEOUT.as_secs())]
    pub dot_timeout: u64,
    /// Prefix of every id in the SVG and DOT (ASCII letters, digits, `_`, `-`), so several
    /// drawings can share one HTML page.
    #[arg(long, value_name = "PREFIX", default_value = dot::DEFAULT_ID_PREFIX, value_parser = parse_prefix)]
    pub id_prefix: String,
}

fn parse_prefix(s: &str) -> Result<String, super::BadValue> {
    if dot::is_valid_id_prefix(s) {
        Ok(s.to_string())
    } else {
        Err(super::BadValue {
            en: format!(
                "`{s}` is not a usable id prefix: use ASCII letters, digits, `_` and `-`, starting with a letter or `_`"
            ),
            ja: format!(
                "「{s}」は ID の接頭辞に使えません: ASCII の英字・数字・`_`・`-` で、英字か `_` で始めてください"
            ),
        })
    }
}

/// When to collapse a large chain into organisations or tiers: shared by every command that
/// draws the chain.
#[derive(Debug, Args, Clone)]
pub struct CollapseArgs {
    /// Collapse the drawing: auto (past --collapse-threshold parties: by organisation, or by
    /// tier when there are too many organisations too), none, org, tier.
    #[arg(long, value_enum, default_value_t = CollapseArg::Auto)]
    pub collapse: CollapseArg,
    /// With --collapse auto: the most parties drawn one box each.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_COLLAPSE_THRESHOLD)]
    pub collapse_threshold: usize,
}

/// Collapse choice on the command line.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CollapseArg {
    /// Collapse past the threshold.
    Auto,
    /// Draw every party.
    None,
    /// One node per organisation.
    Org,
    /// One node per tier (contracts away from the system owners) and division.
    Tier,
}

impl CollapseArgs {
    /// The library's options from the arguments.
    pub fn options(&self) -> CollapseOptions {
        CollapseOptions {
            mode: match self.collapse {
                CollapseArg::Auto => Collapse::Auto,
                CollapseArg::None => Collapse::None,
                CollapseArg::Org => Collapse::Org,
                CollapseArg::Tier => Collapse::Tier,
            },
            threshold: self.collapse_threshold,
        }
    }
}

/// Tell the user on standard error that the drawing is collapsed.
pub fn note_collapsed(env: &Env, scene: &Scene) {
    if let Some(c) = &scene.collapsed {
        let text = format!("{}: {}\n", env.lang.pick("note", "注"), c.note(env.lang));
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

/// Renderer choice on the command line.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RendererArg {
    /// Graphviz `dot` if it runs, else the builtin layout.
    Auto,
    /// Graphviz `dot` only.
    Dot,
    /// The builtin layout only.
    Builtin,
}

impl SvgArgs {
    /// The library's options from the arguments.
    pub fn options(&self) -> SvgOptions {
        SvgOptions {
            renderer: match self.renderer {
                RendererArg::Auto => RendererChoice::Auto,
                RendererArg::Dot => RendererChoice::Dot,
                RendererArg::Builtin => RendererChoice::Builtin,
            },
            dot: self.dot.clone().filter(|p| !p.as_os_str().is_empty()),
            timeout: Duration::from_secs(self.dot_timeout.max(1)),
            id_prefix: self.id_prefix.clone(),
        }
    }
}

/// Run `graph`.
pub fn run(args: &GraphArgs, env: &Env) -> Outcome {
    let catalog = load_catalog(&args.analysis)?;
    let model = load(&args.model, &catalog, &args.analysis)?;
    let a = analyse(&model, &catalog, options(&args.analysis));
    let scene = Scene::build(&a, env.lang, &args.collapse.options());
    note_collapsed(env, &scene);
    let format = outfile::pick(
        "graph",
        outfile::GRAPH,
        args.format,
        args.output.as_deref(),
        GraphFormat::Dot,
    )?;
    let mut inputs = vec![args.model.as_path()];
    if let Some(c) = &args.analysis.catalog {
        inputs.push(c.as_path());
    }
    let image = |f| {
        image::render_image(&scene, &args.svg.options(), f)
            .map_err(|e| Failure::Usage(e.message(Lang::En), e.message(Lang::Ja)))
    };
    let bytes = match format {
        GraphFormat::Dot => dot::print(&dot::graph(
            &scene,
            &DotOptions {
                id_prefix: args.svg.id_prefix.clone(),
                flavour: Flavour::Graphviz,
            },
        ))
        .into_bytes(),
        GraphFormat::Svg => {
            let svg = svg::render_scene(&scene, &args.svg.options())
                .map_err(|e| Failure::Usage(e.to_string(), e.message_ja()))?;
            if let Some(why) = &svg.fallback {
                note_fallback(env, &why.message(env.lang));
            }
            svg.text.into_bytes()
        }
        GraphFormat::Png => image(ImageFormat::Png)?,
        GraphFormat::Pdf => image(ImageFormat::Pdf)?,
    };
    emit_bytes(env, args.output.as_deref(), &bytes, &inputs)?;
    super::leave(scene);
    super::leave(a);
    super::leave(model);
    Ok(ExitCode::SUCCESS)
}

/// Tell the user on standard error that the builtin layout drew the SVG, and why.
pub fn note_fallback(env: &Env, why: &str) {
    let text = match env.lang {
        crate::Lang::En => format!(
            "note: {why}; drawn with the builtin layout instead (install Graphviz for clusters and a tighter layout)\n"
        ),
        crate::Lang::Ja => format!(
            "注: {why}。代わりに組込みレイアウトで描画しました (クラスタ表示と整ったレイアウトには Graphviz をインストールしてください)\n"
        ),
    };
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
