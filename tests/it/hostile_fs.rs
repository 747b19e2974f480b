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

/// Attack 1: the temporary file has an unpredictable, short name, is a regular file created by
/// this run (never a planted symlink), and two runs never use the same name.
#[test]
fn temporary_files_are_fresh_random_and_short() {
    let (dir, _) = setup();
    let out = dir.path().join("o".repeat(200) + ".json");
    let mut seen = Vec::new();
    for _ in 0..2 {
        rolemap::output::write_atomic_with(&out, &[], |w| {
            let temps: Vec<PathBuf> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| rolemap::output::is_temp_name(p.file_name().unwrap()))
                .collect();
            assert_eq!(temps.len(), 1, "{temps:?}");
            let meta = fs::symlink_metadata(&temps[0]).unwrap();
            assert!(meta.file_type().is_file(), "a regular file, not a link");
            let name = temps[0].file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.len() <= 40, "short whatever the target: {name}");
            seen.push(name);
            w.write_all(b"{}")
        })
        .unwrap();
    }
    assert_ne!(seen[0], seen[1], "unpredictable names");
    assert_eq!(fs::read_to_string(&out).unwrap(), "{}");
    assert!(leftovers(dir.path()).is_empty());
}

/// Attack 1, the old way in: symlinks planted at every name the old scheme could use
/// (`.NAME.rolemap-PID.tmp`) point at the model; the model stays as it was.
#[test]
fn planted_symlinks_never_redirect_a_write() {
    let (dir, model) = setup();
    // The next process ids the kernel hands out, where it says (else the first few thousand).
    let last: u32 = fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    for pid in last..last + 2000 {
        symlink(
            &model,
            dir.path().join(format!(".out.json.rolemap-{pid}.tmp")),
        )
        .unwrap();
    }
    let o = run(
        dir.path(),
        &["check", "m.ron", "--format", "json", "-o", "out.json"],
    );
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&model).unwrap(), MODEL);
    let out = fs::read_to_string(dir.path().join("out.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&out).unwrap();
}

/// Attack 2: eight writers of the same file at once, four rounds: the file is valid JSON every
/// time, and nothing is left behind.
#[test]
fn concurrent_writers_all_leave_valid_output() {
    let (dir, _) = setup();
    for round in 0..4 {
        let children: Vec<_> = (0..8)
            .map(|_| {
                std_cmd(dir.path())
                    .args(["check", "m.ron", "--format", "json", "-o", "same.json"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(
                o.status.code().unwrap() < 2,
                "round {round}: {}",
                stderr(&o)
            );
        }
        let text = fs::read_to_string(dir.path().join("same.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("round {round}: invalid JSON: {e}"));
        assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }
}

/// Attack 3: a device is written, never replaced; `-` is standard output, not a file named `-`;
/// `/dev/stdout` and `/proc/self/fd/1` write the process's standard output.
#[test]
fn special_targets_are_written_in_place() {
    let (dir, _) = setup();
    let o = run(dir.path(), &["check", "m.ron", "-o", "/dev/null"]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let null = fs::metadata("/dev/null").unwrap();
    assert!(
        null.file_type().is_char_device(),
        "/dev/null is still a device"
    );

    let plain = run(dir.path(), &["check", "m.ron"]);
    assert!(plain.stdout.len() > 100);
    for target in ["-", "/dev/stdout", "/proc/self/fd/1"] {
        if target.starts_with("/proc") && !Path::new("/proc/self/fd/1").exists() {
            continue;
        }
        let o = run(dir.path(), &["check", "m.ron", "-o", target]);
        assert_eq!(
            o.status.code(),
            plain.status.code(),
            "{target}: {}",
            stderr(&o)
        );
        assert_eq!(stdout(&o), stdout(&plain), "{target}");
    }
    assert!(!dir.path().join("-").exists(), "no file named `-`");

    // `/dev/stderr` into an append-mode log keeps what the log held.
    let log = dir.path().join("log.txt");
    fs::write(&log, "before\n").unwrap();
    let append = fs::File::options().append(true).open(&log).unwrap();
    let o = std_cmd(dir.path())
        .args(["check", "m.ron", "-o", "/dev/stderr"])
        .stderr(append)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), plain.status.code());
    let text = fs::read_to_string(&log).unwrap();
    assert_eq!(text, format!("before\n{}", stdout(&plain)));

    // A symlink to /dev/null stays a symlink to a device.
    symlink("/dev/null", dir.path().join("null.json")).unwrap();
    let o = run(
        dir.path(),
        &["check", "m.ron", "--format", "json", "-o", "null.json"],
    );
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(
        fs::symlink_metadata(dir.path().join("null.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(leftovers(dir.path()).is_empty());
}

/// Attack 3: a FIFO as the output gets the output through it, and stays a FIFO.
#[test]
fn a_fifo_output_is_written_through() {
    let (dir, _) = setup();
    let fifo = dir.path().join("out.json");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let o = run(
        dir.path(),
        &["check", "m.ron", "--format", "json", "-o", "out.json"],
    );
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let text = reader.join().unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap();
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

/// `-o` through a symlink replaces its target and keeps the link; a symlink or a hard link to
/// the model is refused and the model kept.
#[test]
fn symlinks_are_followed_and_inputs_never_overwritten() {
    let (dir, model) = setup();
    fs::create_dir(dir.path().join("real")).unwrap();
    fs::write(dir.path().join("real/out.json"), "old").unwrap();
    symlink("real/out.json", dir.path().join("link.json")).unwrap();
    let o = run(
        dir.path(),
        &["check", "m.ron", "--format", "json", "-o", "link.json"],
    );
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(
        fs::symlink_metadata(dir.path().join("link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = fs::read_to_string(dir.path().join("real/out.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap();
    assert!(leftovers(dir.path()).is_empty() && leftovers(&dir.path().join("real")).is_empty());

    // A dangling link is created at its target.
    symlink("real/new.json", dir.path().join("dangling.json")).unwrap();
    let o = run(
        dir.path(),
        &["check", "m.ron", "--format", "json", "-o", "dangling.json"],
    );
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(dir.path().join("real/new.json").is_file());

    symlink("m.ron", dir.path().join("to-model.json")).unwrap();
    fs::hard_link(&model, dir.path().join("hard.json")).unwrap();
    symlink("hard.json", dir.path().join("to-hard.json")).unwrap();
    for target in ["to-model.json", "hard.json", "to-hard.json"] {
        let o = run(
            dir.path(),
            &["check", "m.ron", "--format", "json", "-o", target],
        );
        refused(&o, "refusing to overwrite the input file");
        assert_eq!(fs::read_to_string(&model).unwrap(), MODEL, "{target}");
    }
    // A symlink loop is an error, not a hang.
    symlink("loop2.json", dir.path().join("loop1.json")).unwrap();
    symlink("loop1.json", dir.path().join("loop2.json")).unwrap();
    let o = run(dir.path(), &["check", "m.ron", "-o", "loop1.json"]);
    refused(&o, "symbolic links");
}

/// Attack 4: a target name at the file-name limit (255 bytes) works: the temporary name does
/// not grow with it. A private file stays private when replaced.
#[test]
fn names_at_the_limit_and_modes_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = setup();
    let name = format!("{}.json", "é".repeat(125));
    assert_eq!(name.len(), 255);
    let o = run(
        dir.path(),
        &["check", "m.ron", "--format", "json", "-o", &name],
    );
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(dir.path().join(&name).is_file());

    let private = dir.path().join("private.json");
    fs::write(&private, "old").unwrap();
    fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
    let o = run(
        dir.path(),
        &["check", "m.ron", "--format", "json", "-o", "private.json"],
    );
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let mode = fs::metadata(&private).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_ne!(fs::read_to_string(&private).unwrap(), "old");
}

/// Attack 4: leftovers of killed runs are removed by the next run into the same folder, and
/// only they: not a live writer's (its lock is held), not a fresh one, not a symlink, not a
/// file that merely looks similar.
#[test]
fn stale_temporaries_are_removed_and_only_they() {
    let (dir, _) = setup();
    let d = dir.path();
    let old = SystemTime::now() - Duration::from_secs(3600);
    let set_old = |p: &Path| {
        // Setting a time needs ownership, not write access: this works on folders too.
        fs::File::open(p).unwrap().set_modified(old).unwrap();
    };
    // A killed run's file and staging folder.
    let dead_file = d.join(".rolemap-4000001-aB3dE9.tmp");
    fs::write(&dead_file, vec![b'x'; 100_000]).unwrap();
    set_old(&dead_file);
    let dead_dir = d.join(".rolemap-4000001-zz99ZZ.d");
    fs::create_dir(&dead_dir).unwrap();
    fs::write(dead_dir.join("a.csv"), "x").unwrap();
    set_old(&dead_dir);
    // A live writer's file: old, but locked by this process.
    let live = d.join(".rolemap-4000002-LiVe00.tmp");
    fs::write(&live, "x").unwrap();
    set_old(&live);
    let lock = fs::File::open(&live).unwrap();
    lock.lock().unwrap();
    // A fresh file (its writer may not have locked it yet), a symlink and look-alikes.
    let fresh = d.join(".rolemap-4000003-fresh0.tmp");
    fs::write(&fresh, "x").unwrap();
    let link = d.join(".rolemap-4000004-linkkk.tmp");
    symlink("m.ron", &link).unwrap();
    let similar = d.join(".rolemap-notes.tmp");
    fs::write(&similar, "x").unwrap();
    set_old(&similar);

    let o = run(d, &["check", "m.ron", "--format", "json", "-o", "out.json"]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(!dead_file.exists(), "a killed run's file is removed");
    assert!(
        !dead_dir.exists(),
        "a killed run's staging folder is removed"
    );
    for kept in [&live, &fresh, &similar] {
        assert!(kept.exists(), "{} is kept", kept.display());
    }
    assert!(
        fs::symlink_metadata(&link).is_ok(),
        "a symlink is never removed"
    );
    assert_eq!(fs::read_to_string(d.join("m.ron")).unwrap(), MODEL);
    drop(lock);
}

/// A write that fails half-way keeps the old file and leaves no temporary file behind (a
/// killed run's leftovers are the case above).
#[test]
fn a_failed_write_leaves_nothing() {
    let (dir, _) = setup();
    let out = dir.path().join("out.json");
    fs::write(&out, "old").unwrap();
    let err = rolemap::output::write_atomic_with(&out, &[], |w| {
        w.write_all(b"partial")?;
        Err(std::io::Error::other("disk on fire"))
    })
    .unwrap_err();
    assert!(err.to_string().contains("disk on fire"), "{err}");
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        "old",
        "the old file is kept"
    );
    assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

/// A model whose parties have the given ids.
fn model_with_ids(ids: &[String]) -> String {
    let mut parties = String::new();
    for (i, id) in ids.iter().enumerate() {
        let division = if i == 0 { "Customer" } else { "Provider" };
        let operates = if i == 0 { ", operates: true" } else { "" };
        parties.push_str(&format!(
            "        {id:?}: (name: \"P{i}\", division: {division}{operates}),\n"
        ));
    }
    let mut contracts = String::new();
    for (i, id) in ids.iter().enumerate().skip(1) {
        contracts.push_str(&format!(
            "(id: \"c{i}\", client: {:?}, contractor: {id:?}, kind: Development, security_terms: true),",
            ids[0]
        ));
    }
    format!(
        "(\n    name: \"ids\",\n    parties: {{\n{parties}    }},\n    contracts: [{contracts}],\n)"
    )
}

/// Attack 5: a CSV checklist folder is written as a whole: ids of 60 four-byte letters make
/// names within the limit; when one file cannot be placed (a folder has its name), no file is
/// written and nothing is left over; a new folder appears in one piece.
#[test]
fn folder_outputs_are_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ids = vec![
        "owner".to_string(),
        "𝐀".repeat(60),
        "日".repeat(80),
        "vendor".to_string(),
    ];
    fs::write(d.join("m.ron"), model_with_ids(&ids)).unwrap();

    let o = run(
        d,
        &["checklist", "m.ron", "--format", "csv", "-o", "new/deeper"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = names(&d.join("new/deeper"));
    assert_eq!(written.len(), 4, "{written:?}");
    assert!(
        written
            .iter()
            .all(|n| n.len() <= 255 && n.ends_with(".csv"))
    );
    assert!(
        leftovers(&d.join("new")).is_empty(),
        "{:?}",
        names(&d.join("new"))
    );

    // An existing folder where one name is taken by a folder: nothing is written.
    fs::create_dir(d.join("out")).unwrap();
    fs::write(d.join("out/keep.txt"), "mine").unwrap();
    fs::create_dir(d.join("out/vendor.csv")).unwrap();
    let o = run(d, &["checklist", "m.ron", "--format", "csv", "-o", "out"]);
    refused(&o, "is a folder");
    assert_eq!(names(&d.join("out")), ["keep.txt", "vendor.csv"]);
    assert!(
        fs::read_dir(d.join("out/vendor.csv"))
            .unwrap()
            .next()
            .is_none()
    );

    // Once the way is clear, every file is written and the others are kept.
    fs::remove_dir(d.join("out/vendor.csv")).unwrap();
    let o = run(d, &["checklist", "m.ron", "--format", "csv", "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(names(&d.join("out")).len(), 5);
    assert_eq!(fs::read_to_string(d.join("out/keep.txt")).unwrap(), "mine");
    assert!(leftovers(&d.join("out")).is_empty());

    // `-o -` cannot hold a folder.
    let o = run(d, &["checklist", "m.ron", "--format", "csv", "-o", "-"]);
    refused(&o, "--party");
    assert!(!d.join("-").exists());
}

/// `man --dir` writes every page, staged like the checklist folder.
#[test]
fn man_pages_are_written_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["man", "--dir", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pages = names(dir.path());
    assert!(pages.contains(&"rolemap.1".to_string()), "{pages:?}");
    assert!(pages.contains(&"rolemap-check.1".to_string()), "{pages:?}");
    assert!(
        pages.contains(&"rolemap-export-oscal.1".to_string()),
        "{pages:?}"
    );
    assert!(pages.iter().all(|p| p.ends_with(".1")), "{pages:?}");
    let main = fs::read_to_string(dir.path().join("rolemap.1")).unwrap();
    assert!(main.starts_with(".ie"), "{main}");
}

/// Issue 11 item 4: a write error on standard output other than a closed pipe is exit 2 with
/// its cause; a closed pipe ends quietly with the ordinary exit code.
#[test]
fn stdout_write_errors_are_reported() {
    let (dir, _) = setup();
    let full = fs::File::options().write(true).open("/dev/full").unwrap();
    let o = std_cmd(dir.path())
        .args(["check", "m.ron"])
        .stdout(full)
        .output()
        .unwrap();
    refused(&o, "cannot write to standard output");
    assert!(stderr(&o).contains("No space left"), "{}", stderr(&o));

    let full = fs::File::options().write(true).open("/dev/full").unwrap();
    let o = std_cmd(dir.path())
        .args(["--lang", "ja", "matrix", "m.ron"])
        .stdout(full)
        .output()
        .unwrap();
    refused(&o, "標準出力に書き込めません");

    let plain = run(dir.path(), &["check", "m.ron"]);
    let mut child = std_cmd(dir.path())
        .args(["check", "m.ron"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), plain.status.code(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "a closed pipe is not reported");
}

// ---- Readers --------------------------------------------------------------------------------

/// Attack 7: a FIFO with no writer as the model, as a `--status` file, and as a catalog ends at
/// once in exit 2 naming it; inside a checked folder it is not a model file.
#[test]
fn fifos_without_writers_never_hang() {
    let (dir, _) = setup();
    let d = dir.path();
    mkfifo(&d.join("p.ron"));
    mkfifo(&d.join("s.csv"));
    let o = run(d, &["check", "p.ron"]);
    refused(&o, "not-regular-file");
    assert!(stderr(&o).contains("FIFO") && stderr(&o).contains("--allow-special-files"));
    let o = run(d, &["check", "m.ron", "--status", "s.csv"]);
    refused(&o, "FIFO");
    let o = run(d, &["check", "m.ron", "--catalog", "p.ron"]);
    refused(&o, "FIFO");
    let o = run(d, &["--lang", "ja", "check", "p.ron"]);
    refused(&o, "通常のファイルではありません");

    fs::create_dir(d.join("folder")).unwrap();
    fs::copy(d.join("m.ron"), d.join("folder/a.ron")).unwrap();
    mkfifo(&d.join("folder/b.ron"));
    let o = run(d, &["check", "folder", "--format", "json"]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("a.ron") && !stdout(&o).contains("b.ron"),
        "{}",
        stdout(&o)
    );
    let o = run(d, &["check", "folder/*.ron", "--format", "json"]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(!stdout(&o).contains("b.ron"), "{}", stdout(&o));
}

/// Attack 7: devices are refused at once (reading /dev/zero would never end); with
/// `--allow-special-files` a named FIFO is read, and a device stops at the size limit.
#[test]
fn special_files_only_with_the_flag() {
    let (dir, _) = setup();
    let d = dir.path();
    symlink("/dev/zero", d.join("zero.ron")).unwrap();
    let o = run(d, &["check", "zero.ron"]);
    refused(&o, "character device");
    let o = run(
        d,
        &[
            "check",
            "--allow-special-files",
            "--max-size",
            "1000",
            "zero.ron",
        ],
    );
    refused(&o, "too-large");

    let fifo = d.join("fed.ron");
    mkfifo(&fifo);
    let writer = std::thread::spawn(move || fs::write(fifo, MODEL).unwrap());
    let o = run(d, &["check", "--allow-special-files", "fed.ron"]);
    writer.join().unwrap();
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(stdout(&o).contains("fed.ron"), "{}", stdout(&o));
}

/// Attack 11: `--max-size 18446744073709551615` (u64::MAX) reads a status file as it is.
#[test]
fn max_size_at_its_maximum_saturates() {
    let (dir, _) = setup();
    let d = dir.path();
    let o = run(
        d,
        &[
            "checklist",
            "m.ron",
            "--format",
            "csv",
            "--party",
            "vendor",
            "-o",
            "s.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let max = u64::MAX.to_string();
    let ordinary = run(d, &["check", "m.ron", "--status", "s.csv"]);
    let o = run(
        d,
        &["check", "m.ron", "--status", "s.csv", "--max-size", &max],
    );
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(!stderr(&o).contains("no-header"), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&ordinary));
    let o = run(d, &["check", "m.ron", "--max-size", &max]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
}

/// Attack 12: symlink loops in a checked folder (one loop, two loops, a loop to the root) and
/// under a `**` pattern: the walk ends and lists each model once.
#[test]
fn symlink_loops_end_and_list_each_model_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("tree/a/b")).unwrap();
    fs::write(d.join("tree/a/b/m.ron"), MODEL).unwrap();
    symlink("..", d.join("tree/a/b/up")).unwrap();
    symlink("../..", d.join("tree/a/b/up2")).unwrap();
    symlink(d.join("tree"), d.join("tree/a/root")).unwrap();
    // A symlink to a model file is a model file.
    symlink("b/m.ron", d.join("tree/a/linked.ron")).unwrap();
    for arg in ["tree", "tree/**/*.ron", "tree/*"] {
        let o = run(d, &["check", arg, "--format", "json"]);
        assert!(o.status.code().unwrap() < 2, "{arg}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let text = v.to_string();
        assert_eq!(text.matches("m.ron").count(), 1, "{arg}: {text}");
        assert_eq!(text.matches("linked.ron").count(), 1, "{arg}: {text}");
    }
}

/// Attack 4, end to end: a real run killed (SIGKILL) while it writes a large output leaves its
/// temporary file, unlocked (the kernel drops a dead writer's lock); once it is a minute old,
/// the next run into the folder removes it. The test waits for the temporary file to appear,
/// never for a time; if a run finishes before it is seen, a larger chain is tried.
#[test]
fn a_killed_run_is_cleaned_up_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut parties = 20_000;
    let leftover = loop {
        assert!(parties <= 160_000, "never caught a run while it wrote");
        let model = rolemap::synth::generate(rolemap::synth::SynthOptions { parties, seed: 1 });
        fs::write(d.join("big.json"), serde_json::to_string(&model).unwrap()).unwrap();
        let mut child = std_cmd(d)
            .args(["check", "big.json", "--format", "json", "-o", "out.json"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let seen = loop {
            let temp = fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| rolemap::output::is_temp_name(p.file_name().unwrap()));
            if let Some(t) = temp {
                child.kill().unwrap();
                child.wait().unwrap();
                break Some(t);
            }
            if child.try_wait().unwrap().is_some() {
                break None;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        match seen {
            Some(t) => break t,
            None => {
                let _ = fs::remove_file(d.join("out.json"));
                parties *= 2;
            }
        }
    };
    assert!(leftover.exists(), "the killed run left its temporary file");
    assert!(!d.join("out.json").exists(), "and no output");
    {
        let f = fs::File::open(&leftover).unwrap();
        f.try_lock().expect("a dead writer holds no lock");
        f.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
    }
    fs::write(d.join("m.ron"), MODEL).unwrap();
    let o = run(d, &["check", "m.ron", "-o", "small.txt"]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(!leftover.exists(), "the next run removed the leftover");
    assert!(leftovers(d).is_empty(), "{:?}", names(d));
}
