//! Profile helper: load and analyse once, write the check JSON three times.

use rolemap::{Catalog, Date, Lang, Options, analyse, model::load_model, render::check_json};

fn main() {
    let path = std::env::args().nth(1).expect("a model file");
    let catalog = Catalog::builtin();
    let model = load_model(&path, &catalog, u64::MAX).unwrap_or_else(|e| panic!("{e}"));
    let today = Date::parse("2026-11-25").expect("a date");
    let a = analyse(
        &model,
        &catalog,
        Options {
            package: None,
            today,
        },
    );
    let t = std::time::Instant::now();
    for _ in 0..3 {
        let mut out = Vec::new();
        check_json::write_check(&mut out, &a, Lang::En).expect("memory");
        std::hint::black_box(out.len());
    }
    eprintln!("3 writes: {:?}", t.elapsed());
}
