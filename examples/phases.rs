//! Time each phase of `check` on a model: `cargo run --release --example phases -- FILE`.

use std::time::Instant;

use rolemap::{Catalog, Date, Lang, Options, analyse, load::load_model, render::check_json};

/// The same allocator as the `rolemap` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The peak resident memory so far, in MiB (Linux; 0 elsewhere).
fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn main() {
    let path = std::env::args().nth(1).expect("a model file");
    let t = Instant::now();
    let catalog = Catalog::builtin();
    let t_cat = t.elapsed();
    let model = load_model(&path, &catalog, u64::MAX).unwrap_or_else(|e| panic!("{e}"));
    let t_load = t.elapsed();
    let m_load = peak_mib();
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
    let m_analyse = peak_mib();
    // Like `check --format json > /dev/null`: the cost of rendering, not of a disk.
    let mut out = Counter(std::fs::File::create("/dev/null").expect("/dev/null"), 0);
    check_json::write_check(&mut out, &a, Lang::En).expect("/dev/null");
    let t_json = t.elapsed();
    eprintln!(
        "peak memory (MiB): after load {m_load}, after analysis {m_analyse}, at the end {}",
        peak_mib()
    );
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
    // The stages of the analysis again, one by one (after the rest, so that the peak memory
    // above is the command's).
    let s = Instant::now();
    let roles = rolemap::derive::derive(&model);
    let t_derive = s.elapsed();
    let allocations = rolemap::allocate::allocate(&model, &catalog, &roles, a.package);
    let t_allocate = s.elapsed() - t_derive;
    let findings = rolemap::findings::check(&rolemap::findings::Ctx {
        model: &model,
        catalog: &catalog,
        roles: &roles,
        allocations: &allocations,
        package: a.package,
        today,
    });
    let t_findings = s.elapsed() - t_derive - t_allocate;
    eprintln!(
        "analysis again: derive {t_derive:?}  allocate {t_allocate:?}  findings {t_findings:?} ({} findings)",
        findings.len()
    );
    drop((roles, allocations, findings));
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
