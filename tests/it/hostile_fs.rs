//! Hostile file systems (issue 13, attacks 1–5, 7, 11 and 12): planted symlinks, concurrent
//! writers, devices and FIFOs as outputs and inputs, leftovers of killed runs, names near the
//! file-name limit, folder outputs that fail half-way, symlink loops, `--max-size` at its
//! maximum, and write errors on standard output. Every case ends in a correct result or exit 2
//! with a clear message; none hangs (a FIFO case that regressed would block: each run has a
//! timeout as a guard, never as a measure) and none touches a file outside its target.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;

mod special;
mod temporaries;

/// A run that never takes this long unless it hangs.
const HANG_GUARD: Duration = Duration::from_secs(60);

const MODEL: &str = r#"(
    name: "fs",
    parties: {
        "owner": (name: "Owner", division: Customer, operates: true),
        "vendor": (name: "Vendor", division: Provider),
    },
    contracts: [(id: "dev", client: "owner", contractor: "vendor", kind: Development, security_terms: true)],
)"#;

fn cmd(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("rolemap").unwrap();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .timeout(HANG_GUARD);
    c
}

/// The command without `assert_cmd`'s wrapper, to give it any standard output.
fn std_cmd(dir: &Path) -> StdCommand {
    let mut c = StdCommand::new(assert_cmd::cargo::cargo_bin("rolemap"));
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    cmd(dir).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Exit 2 with `needle` in the message, no panic.
fn refused(o: &Output, needle: &str) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    assert!(e.contains(needle), "expected {needle:?} in: {e}");
}

/// A folder holding `m.ron`.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.ron");
    fs::write(&model, MODEL).unwrap();
    (dir, model)
}

fn mkfifo(path: &Path) {
    let ok = StdCommand::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success(), "mkfifo {}", path.display());
}

/// Entries of a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn leftovers(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with(".rolemap-") || n.contains(".tmp"))
        .collect()
}

// ---- Writes ---------------------------------------------------------------------------------

// ---- Readers --------------------------------------------------------------------------------
