//! One benchmark per renderer, on synthetic chains of 10k and 100k parties (issue 10, item 4):
//! `cargo bench --bench renderers` (add `-- 10000` for one size, `-- oscal` for one renderer).
//! Each renderer starts from the analysis and writes to a sink, so load and analysis (measured
//! in `benches/pipeline.rs`) are left out. A whole-workbook XLSX of every party or contract is
//! measured at 10k only: at 100k the commands write a folder of workbooks instead. The figures
//! of whole commands, with the targets, come from `scripts/perf.sh`; docs/performance.md has
//! both.

use std::hint::black_box;
use std::io::{Write, sink};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rolemap::annex::{render as annex_render, xlsx as annex_xlsx};
use rolemap::checklist::{RowIndex, render as checklist, xlsx as checklist_xlsx};
use rolemap::graph::scene::{CollapseOptions, Scene};
use rolemap::graph::svg::render_scene;
use rolemap::graph::{RendererChoice, SvgOptions, dot};
use rolemap::render::report::{ReportOptions, render_report};
use rolemap::render::{check_json, check_text, matrix, oscal, sarif};
use rolemap::style::Paint;
use rolemap::synth::{SynthOptions, generate};
use rolemap::{Catalog, Date, Lang, Options, analyse, load::parse_model};

/// The same allocator as the `rolemap` binary, so the figures match the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn options() -> Options {
    Options {
        package: None,
        today: Date::parse("2026-11-25").expect("a date"),
    }
}

fn chain(n: usize, seed: u64, catalog: &Catalog) -> rolemap::Model {
    let text = serde_json::to_string(&generate(SynthOptions { parties: n, seed })).expect("JSON");
    parse_model("chain.json", &text, catalog).expect("a valid chain")
}

fn builtin_svg() -> SvgOptions {
    SvgOptions {
        renderer: RendererChoice::Builtin,
        ..SvgOptions::default()
    }
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let en = Lang::En;
    let plain = Paint { enabled: false };
    let mut g = c.benchmark_group("renderers");
    g.sample_size(10);
    for n in [10_000usize, 100_000] {
        let model = chain(n, 1, &catalog);
        let a = analyse(&model, &catalog, options());
        // The second chain of `diff`: the same size from another seed, as scripts/perf.sh.
        let other = chain(n, 2, &catalog);
        let b = analyse(&other, &catalog, options());
        let first = model.party("p1").expect("the synthetic chain has p1");
        let mut run = |name: &str, f: &mut dyn FnMut() -> usize| {
            g.bench_function(BenchmarkId::new(name, n), |bench| {
                bench.iter(|| black_box(f()))
            });
        };
        run("check-text", &mut || {
            check_text::render_check(&a, en, plain).len()
        });
        run("check-json", &mut || {
            check_json::write_check(&mut sink(), &a, en).expect("sink");
            0
        });
        run("check-sarif", &mut || {
            rolemap::render::json_out::pretty_text(&sarif::render_sarif(&[&a], en)).len()
        });
        run("matrix-text", &mut || {
            matrix::write_text(&mut sink(), &a, en, plain).expect("sink");
            0
        });
        run("matrix-md", &mut || matrix::render_markdown(&a, en).len());
        run("matrix-csv", &mut || matrix::render_csv(&a, en).len());
        run("matrix-json", &mut || {
            matrix::write_json(&mut sink(), &a, en).expect("sink");
            0
        });
        run("explain", &mut || {
            rolemap::render::explain::render_text(&a, first, None, en, plain).len()
        });
        run("graph-dot", &mut || {
            dot::render_dot(&a, en, &dot::DotOptions::default()).len()
        });
        run("graph-svg-builtin", &mut || {
            // Collapsed by tier past the threshold, as `graph` draws a large chain.
            let scene = Scene::build(&a, en, &CollapseOptions::default());
            render_scene(&scene, &builtin_svg())
                .expect("builtin SVG")
                .text
                .len()
        });
        run("report", &mut || {
            let options = ReportOptions {
                svg: builtin_svg(),
                ..ReportOptions::default()
            };
            let report = render_report(&a, &options).expect("a report");
            report.write_html(&mut sink()).expect("sink");
            0
        });
        run("oscal-ssp", &mut || {
            oscal::write_ssp(&mut sink(), &a, en, "catalog.json", None).expect("sink");
            0
        });
        run("oscal-catalog", &mut || {
            let v = oscal::render_catalog(&catalog, en, options().today);
            rolemap::render::json_out::pretty_text(&v).len()
        });
        run("annex-md", &mut || {
            annex_render::write_annexes(&mut sink(), &a, None, false, en, false).expect("sink");
            0
        });
        run("checklist-md", &mut || {
            checklist::write_markdown(&mut sink(), &a, None, en).expect("sink");
            0
        });
        run("checklist-csv", &mut || {
            // Every party's file, as `checklist --format csv -o DIR` renders them.
            let ix = RowIndex::new(&a);
            let mut cache = checklist::CsvCache::new(en);
            let mut out = sink();
            for p in 0..model.parties.len() {
                let rows = ix.rows(&a, p);
                let text = checklist::render_csv_rows_with(&a, &rows, &mut cache);
                out.write_all(text.as_bytes()).expect("sink");
            }
            0
        });
        run("checklist-csv-one-file", &mut || {
            // Every party in one CSV, as `checklist --format csv -o FILE.csv` writes it.
            checklist::write_csv_every_party(&mut sink(), &a, en).expect("sink");
            0
        });
        run("checklist-xlsx-one-party", &mut || {
            checklist_xlsx::checklist_xlsx(&a, Some(first), en)
                .expect("a workbook")
                .len()
        });
        if n <= 10_000 {
            run("checklist-xlsx-every-party", &mut || {
                checklist_xlsx::checklist_xlsx(&a, None, en)
                    .expect("a workbook")
                    .len()
            });
            run("annex-xlsx-every-contract", &mut || {
                let annexes = rolemap::annex::annex(&a, None, false);
                annex_xlsx::annex_xlsx(&a, &annexes, en)
                    .expect("a workbook")
                    .len()
            });
        }
        run("diff-text", &mut || {
            let d = rolemap::diff::diff(&a, &b);
            rolemap::diff::render::render_text(&d, &a, &b, en, plain).len()
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
