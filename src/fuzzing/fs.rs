//! The file-system fuzz target (Unix): a small tree is built from the input bytes — model
//! files, folders, symlinks (to files, to folders, loops, chains, dangling, to `/dev/zero`),
//! FIFOs with no writer, sockets, hard links of the model, fake leftovers, names up to and past
//! the 255-byte limit in multibyte characters — then every reader and writer of rolemap runs on
//! every entry. [`run`] panics when an invariant breaks:
//!
//! - folder walks and patterns end, list each file once, and list only regular files;
//! - reading any entry returns at once (a FIFO is refused, never waited on) and reads only
//!   regular files;
//! - writing any entry never changes the model and never leaves a temporary file; a write
//!   refused as "the input" really names the model; a successful write to a regular target
//!   holds exactly the bytes written;
//! - a folder output either writes every file or leaves the folder exactly as it was.
//!
//! A hang is a failure too: the fuzzer's run would never end.

use std::collections::BTreeSet;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::{Path, PathBuf};

use crate::files::{Special, read_limited};
use crate::output::{WriteError, is_temp_name, same_file, write_atomic, write_folder};

const MODEL: &str = r#"(
    name: "fs",
    parties: {
        "owner": (name: "Owner", division: Customer, operates: true),
        "vendor": (name: "Vendor", division: Provider),
    },
    contracts: [(id: "dev", client: "owner", contractor: "vendor", kind: Development, security_terms: true)],
)"#;

/// A file name from a byte: ordinary, hidden, long (at, below and past the limit, in two- and
/// three-byte characters), our own temporary pattern, `-`, and names with spaces.
fn name(b: u8) -> String {
    match b % 12 {
        0 => format!("m{b}.ron"),
        1 => format!("m{b}.json"),
        2 => format!(".hidden{b}.ron"),
        3 => format!("{}.ron", "é".repeat(125)),
        4 => format!("{}.ron", "é".repeat(126)),
        5 => format!("{}.yaml", "日".repeat(82)),
        6 => format!(".rolemap-{b}-abcdef.tmp"),
        7 => "-".to_string(),
        8 => format!("sub {b}"),
        9 => format!("{}x.ron", "a".repeat(250)),
        10 => format!("out{b}.csv"),
        _ => format!("f{b}"),
    }
}

/// Every path under `root`, not following symlinks, each once.
fn all_paths(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                todo.push(p.clone());
            }
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Build a tree from `data` in a fresh temporary folder and run every reader and writer on it.
pub fn run(data: &[u8]) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let root = tmp.path();
    let model = root.join("m.ron");
    std::fs::write(&model, MODEL).expect("writing the model");
    let mut folders = vec![root.to_path_buf()];
    let mut entries = vec![model.clone()];
    // Fake leftovers made here are young, so no run may remove them; they are no leftovers of
    // ours either.
    let mut planted: BTreeSet<PathBuf> = BTreeSet::new();
    let mut sockets = Vec::new();
    for c in data.chunks(3).take(24) {
        let (op, a, b) = (c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0));
        let parent = folders[a as usize % folders.len()].clone();
        let p = parent.join(name(b));
        if is_temp_name(p.file_name().unwrap_or_default()) {
            planted.insert(p.clone());
        }
        let target = entries[b as usize % entries.len()].clone();
        // Failures (a name too long, an existing entry) are part of the game: ignored.
        // New files only: opening an existing entry could block on a FIFO made before.
        let create = |bytes: &[u8]| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&p)
                .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
                .is_ok()
        };
        let made = match op % 10 {
            0 => create(MODEL.as_bytes()),
            1 => create(&data[..data.len().min(64)]),
            2 => {
                let ok = std::fs::create_dir(&p).is_ok();
                if ok {
                    folders.push(p.clone());
                }
                ok
            }
            3 => symlink(&target, &p).is_ok(),
            4 => symlink(if b % 2 == 0 { ".." } else { "." }, &p).is_ok(),
            5 => symlink(if b % 2 == 0 { "/dev/zero" } else { "nowhere/x" }, &p).is_ok(),
            6 => rustix::fs::mkfifoat(
                rustix::fs::CWD,
                &p,
                rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            )
            .is_ok(),
            7 => match std::os::unix::net::UnixListener::bind(&p) {
                Ok(l) => {
                    sockets.push(l);
                    true
                }
                Err(_) => false,
            },
            8 => std::fs::hard_link(&model, &p).is_ok(),
            _ => {
                let q = parent.join(format!("{}-loop", name(b)));
                symlink(&q, &p).is_ok() && symlink(&p, &q).is_ok()
            }
        };
        if made {
            entries.push(p);
        }
    }

    // Walks and patterns end, list each file once, and only regular files.
    let any = |_: &Path| true;
    let walked = crate::files::walk(root, &any);
    let unique: BTreeSet<&PathBuf> = walked.iter().collect();
    assert_eq!(unique.len(), walked.len(), "a walk listed a file twice");
    for p in &walked {
        assert!(
            std::fs::metadata(p).is_ok_and(|m| m.is_file()),
            "a walk listed {}, not a regular file",
            p.display()
        );
    }
    for pattern in ["**/*.ron", "*", "*/*", "**/m*"] {
        let pattern = format!("{}/{pattern}", root.display());
        let found = crate::files::glob(&pattern).expect("a valid pattern");
        let unique: BTreeSet<&PathBuf> = found.iter().collect();
        assert_eq!(unique.len(), found.len(), "{pattern} listed a path twice");
    }

    // Reading any entry returns, and reads only regular files.
    let paths = all_paths(root);
    for p in &paths {
        let regular = std::fs::metadata(p).is_ok_and(|m| m.is_file());
        let read = read_limited(p, 1 << 20, Special::Refuse);
        assert!(
            read.is_err() || regular,
            "read {} which is not a regular file",
            p.display()
        );
        let _ = crate::load::read_source(&p.to_string_lossy(), 1 << 20);
    }

    // Writing any entry (but a FIFO, which blocks until a reader comes, as the shell's `>`
    // does) never touches the model and never leaves a temporary file.
    let bytes = br#"{"written": true}"#;
    for p in &paths {
        if std::fs::metadata(p).is_ok_and(|m| m.file_type().is_fifo()) {
            continue;
        }
        let was_model = same_file(p, &model);
        match write_atomic(p, bytes, &[&model]) {
            Ok(()) => {
                assert!(!was_model, "wrote over the model through {}", p.display());
                if std::fs::metadata(p).is_ok_and(|m| m.is_file()) {
                    assert_eq!(
                        std::fs::read(p).expect("readable after the write"),
                        bytes,
                        "{}",
                        p.display()
                    );
                }
            }
            Err(WriteError::WouldOverwriteInput(_)) => {
                assert!(was_model, "{} refused as the model", p.display());
            }
            Err(_) => {}
        }
        assert_eq!(
            std::fs::read_to_string(&model).expect("the model is still there"),
            MODEL,
            "the model changed after writing {}",
            p.display()
        );
    }

    // A folder output writes every file or leaves the folder as it was.
    for (i, dir) in folders.iter().enumerate() {
        let files: Vec<(String, Vec<u8>)> = data
            .iter()
            .skip(i)
            .take(4)
            .map(|&b| (name(b.wrapping_add(i as u8)), vec![b'x'; b as usize]))
            .collect();
        let before = listing(dir);
        let before_model = std::fs::read_to_string(&model).ok();
        match write_folder(dir, &files, &[&model]) {
            Ok(()) => {
                for (n, content) in &files {
                    let p = dir.join(n);
                    if is_temp_name(p.file_name().unwrap_or_default()) {
                        // Written here on purpose: not a leftover.
                        planted.insert(p.clone());
                    }
                    if !planted.contains(&p)
                        || std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file())
                    {
                        assert_eq!(std::fs::read(&p).ok().as_ref(), Some(content), "{n}");
                    }
                }
            }
            Err(_) => assert_eq!(listing(dir), before, "a failed folder output changed it"),
        }
        assert_eq!(std::fs::read_to_string(&model).ok(), before_model);
    }

    // No temporary file or staging folder of ours is left anywhere.
    for p in all_paths(root) {
        let ours = p.file_name().is_some_and(is_temp_name) && !planted.contains(&p);
        assert!(!ours, "left behind: {}", p.display());
    }
    drop(sockets);
}
