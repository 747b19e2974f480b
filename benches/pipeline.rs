//! Benchmarks of every stage on synthetic chains of 1k, 10k and 100k parties:
//! `cargo bench --bench pipeline` (add `-- 10000` to run one size). docs/performance.md
//! gives the figures measured and the targets.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rolemap::graph::dot;
use rolemap::render::check_json;
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

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    for n in [1_000usize, 10_000, 100_000] {
        let text = serde_json::to_string(&generate(SynthOptions {
            parties: n,
            seed: 1,
        }))
        .expect("JSON");
        let model = parse_model("chain.json", &text, &catalog).expect("a valid chain");
        group.bench_with_input(BenchmarkId::new("load", n), &text, |b, t| {
            b.iter(|| parse_model("chain.json", black_box(t), &catalog).expect("valid"))
        });
        group.bench_with_input(BenchmarkId::new("derive", n), &model, |b, m| {
            b.iter(|| rolemap::derive::derive(black_box(m)))
        });
        let roles = rolemap::derive::derive(&model);
        group.bench_with_input(BenchmarkId::new("allocate", n), &model, |b, m| {
            b.iter(|| {
                rolemap::allocate::allocate(
                    black_box(m),
                    &catalog,
                    &roles,
                    rolemap::Package::Mandatory,
                )
            })
        });
        group.bench_with_input(BenchmarkId::new("analyse", n), &model, |b, m| {
            b.iter(|| analyse(black_box(m), &catalog, options()).findings.len())
        });
        let a = analyse(&model, &catalog, options());
        group.bench_with_input(BenchmarkId::new("check-json", n), &a, |b, a| {
            b.iter(|| {
                let mut sink = std::io::sink();
                check_json::write_check(&mut sink, black_box(a), Lang::En).expect("sink")
            })
        });
        // Past 150 parties the default collapses the diagram by tier, as `graph` does.
        group.bench_with_input(BenchmarkId::new("dot", n), &a, |b, a| {
            b.iter(|| dot::render_dot(black_box(a), Lang::En, &dot::DotOptions::default()).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
