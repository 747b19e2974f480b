//! The supply-chain diagram (`rolemap graph`, and the report's picture): the analysis becomes a
//! [`scene::Scene`] of parties, contracts and marks (collapsed past a size), the scene becomes
//! DOT text ([`dot`]), and the DOT text becomes SVG through Graphviz or the built-in layout
//! ([`svg`]), or PNG and PDF through Graphviz ([`image`]).

pub mod dot;
mod grouping;
pub mod image;
pub mod scene;
pub mod svg;

pub use svg::{Renderer, RendererChoice, Svg, SvgError, SvgOptions, render_svg};
