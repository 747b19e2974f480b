//! The `rolemap` command: parse, run, map to an exit code. The library does the work.

/// mimalloc: a 100k-party chain allocates millions of small nodes and strings, and the
/// system allocator spent about half of `check`'s time in malloc, free and fresh pages
/// (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    rolemap::cli::run()
}
