//! Time each phase of `check` on a model: `cargo run --release --example phases -- FILE`.

use std::time::Instant;

use rolemap::{Catalog, Date, Lang, Options, analyse, model::load_model, render::check_json};

/// The same allocator as the `rolemap` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("a model file");
    let t = Instant::now();
    let catalog = Catalog::builtin();
    let t_cat = t.elapsed();
    let model = load_model(&path, &catalog, u64::MAX).unwrap_or_else(|e| panic!("{e}"));
    let t_load = t.elapsed();
    let today = Date::parse("2026-11-25").expect("a date");
    let a = analyse(
        &model,
        &catalog,
        Options {
            package: None,
            today,
        },
    );
    let t_analyse = t.elapsed();
    let mut out = Vec::new();
    check_json::write_check(&mut out, &a, Lang::En).expect("memory");
    let t_json = t.elapsed();
    eprintln!(
        "catalog {:?}  load {:?}  analyse {:?}  json {:?} ({} bytes)  holdings {} allocations {} findings {}",
        t_cat,
        t_load - t_cat,
        t_analyse - t_load,
        t_json - t_analyse,
        out.len(),
        a.roles.holdings.len(),
        a.allocations.len(),
        a.findings.len()
    );
}
