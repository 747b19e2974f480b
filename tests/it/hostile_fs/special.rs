//! Symlinks, devices, FIFOs, long names, `--max-size` at its maximum, symlink loops and write
//! errors on standard output.

use super::*;

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
