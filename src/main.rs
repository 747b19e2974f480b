//! The `rolemap` command: parse, run, map to an exit code. The library does the work.

fn main() -> std::process::ExitCode {
    rolemap::cli::run()
}
