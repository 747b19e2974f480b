//! Profile helper: load a model three times.

use rolemap::{Catalog, model::parse_model};

fn main() {
    let path = std::env::args().nth(1).expect("a model file");
    let text = std::fs::read_to_string(&path).expect("readable");
    let catalog = Catalog::builtin();
    let t = std::time::Instant::now();
    for _ in 0..3 {
        let m = parse_model(&path, &text, &catalog).unwrap_or_else(|e| panic!("{e}"));
        std::hint::black_box(m.parties.len());
    }
    eprintln!("3 loads: {:?}", t.elapsed());
}

/// The same allocator as the `rolemap` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
