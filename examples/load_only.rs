//! Profile helper: load a model three times.

use rolemap::{Catalog, load::parse_model};

fn main() {
    let path = std::env::args().nth(1).expect("a model file");
    let text = std::fs::read_to_string(&path).expect("readable");
    let catalog = Catalog::builtin();
    for _ in 0..4 {
        let t = std::time::Instant::now();
        let m = parse_model(&path, &text, &catalog).unwrap_or_else(|e| panic!("{e}"));
        std::hint::black_box(m.parties.len());
        eprintln!("load: {:?}", t.elapsed());
    }
}

/// The same allocator as the `rolemap` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
