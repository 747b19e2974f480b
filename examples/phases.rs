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
    // Like `check --format json > /dev/null`: the cost of rendering, not of a disk.
    let mut out = Counter(std::fs::File::create("/dev/null").expect("/dev/null"), 0);
    check_json::write_check(&mut out, &a, Lang::En).expect("/dev/null");
    let t_json = t.elapsed();
    eprintln!(
        "catalog {:?}  load {:?}  analyse {:?}  json {:?} ({} bytes)  holdings {} allocations {} findings {}",
        t_cat,
        t_load - t_cat,
        t_analyse - t_load,
        t_json - t_analyse,
        out.1,
        a.roles.holdings.len(),
        a.allocations.len(),
        a.findings.len()
    );
}

/// Counts the bytes written through it.
struct Counter<W>(W, usize);

impl<W: std::io::Write> std::io::Write for Counter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1 += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
