//! The `rolemap` command: parse, run, map to an exit code. The library does the work.

/// mimalloc: a 100k-party chain allocates millions of small nodes and strings, and the
/// system allocator spent about half of `check`'s time in malloc, free and fresh pages
/// (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`, which libmimalloc-sys does not name: the option just
/// before `use_numa_nodes` in the bundled mimalloc's `mi_option_e` (v2 and v3 alike).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_use_numa_nodes - 1;
const _: () = assert!(PURGE_DELAY == 15);

fn main() -> std::process::ExitCode {
    // A command runs for seconds at most: handing freed memory back to the system, only to
    // fault it in again page by page moments later, sometimes cost a third of a large check.
    // SAFETY: `mi_option_set` only stores an option's value; -1 means "never purge".
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    rolemap::cli::run()
}
