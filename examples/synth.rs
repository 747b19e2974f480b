//! Write a synthetic supply chain of N parties as JSON (or YAML/RON by `-o` extension):
//! `cargo run --release --example synth -- 100000 > chain-100k.json`.

use rolemap::synth::{SynthOptions, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let parties: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let v = generate(SynthOptions { parties, seed });
    println!(
        "{}",
        serde_json::to_string(&v).expect("JSON values serialise")
    );
}
