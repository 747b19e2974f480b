//! Folder outputs (`checklist --format csv -o DIR`, `man --dir DIR`) written as a whole or not
//! at all.
//!
//! - **A new folder** is written as a staging folder beside it, then renamed into place.
//! - **An existing folder** is replaced by a new one: a staging folder beside it gets every new
//!   file and a hard link of every other entry of the old folder (so they are kept, the same
//!   files), then the two are swapped in one step (`renameat2(RENAME_EXCHANGE)` on Linux; on
//!   other systems the old folder is renamed aside and the new one in, and back on failure) and
//!   the old one is removed. Until the swap nothing in the old folder changes, so a failure at
//!   any point before it leaves it as it was.
//! - **When a swap would not be safe** (the folder is the current folder or holds it, it has
//!   subfolders, it is a mount point, its parent is not writable, an entry cannot be linked, or
//!   its owner cannot be kept), every file is staged inside the folder first and each renamed
//!   into place once all are written: a failure while writing still changes nothing, and only
//!   the renames themselves, one per file, are not one step.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{
    NAME_MAX, TEMP_PREFIX, WriteError, folder_of, open_nofollow, remove_stale, same_file,
    temp_builder,
};

/// Past this many entries in the old folder, linking them all is not worth a swap.
const MAX_LINKED: usize = 100_000;

/// Whether `name` can be a file name in a folder output.
pub(super) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= NAME_MAX
        && name != "."
        && name != ".."
        && !name.contains(['/', '\0'])
        && !(cfg!(windows) && name.contains('\\'))
}

/// The steps of a folder output where a failure can be injected in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// Writing the n-th new file into the staging folder.
    Write(usize),
    /// Linking the n-th kept entry of the old folder into the staging folder.
    Link(usize),
    /// Swapping the staging folder and the old folder.
    Swap,
}

#[cfg(test)]
thread_local! {
    /// The step at which [`fail_at`] makes a folder output fail (tests only).
    pub(super) static FAIL_AT: std::cell::Cell<Option<Step>> = const { std::cell::Cell::new(None) };
}

/// An injected failure at `step` (only ever in this module's tests).
fn fail_at(step: Step) -> std::io::Result<()> {
    #[cfg(test)]
    if FAIL_AT.with(|f| f.get()) == Some(step) {
        return Err(std::io::Error::other(format!(
            "injected failure at {step:?}"
        )));
    }
    let _ = step;
    Ok(())
}

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + use<> {
    let path = path.to_path_buf();
    move |source| WriteError::Io { path, source }
}

/// Write a folder of files (`name`, content) into `dir` as a whole or not at all: a new `dir`
/// by one rename of a staging folder, an existing one by one swap with a staged copy (new files
/// plus hard links of the others, which are kept). Where a swap is not safe (`dir` is or holds
/// the current folder, has subfolders, is a mount point, or an entry cannot be linked), every
/// file is staged inside `dir` first and each renamed in once all are written. Files that are
/// `inputs` are never replaced.
pub fn write_folder(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    inputs: &[&Path],
) -> Result<(), WriteError> {
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    write_folder_with(dir, &names, inputs, &mut |i| Ok(files[i].1.clone())).map(|_| ())
}

/// [`write_folder`] with each file's content made only when it is written: `content(i)` gives
/// the bytes of `names[i]`, called for each file in order (once more if a swap turns out not
/// possible after the files were staged, so it must give the same bytes again), so that a folder of many large files
/// (a 100k-party checklist, issue 10) is never held whole in memory. The same guarantees: every
/// file goes to a staging folder first and nothing is in place until all are written. Returns
/// the bytes written.
pub fn write_folder_with(
    dir: &Path,
    names: &[String],
    inputs: &[&Path],
    content: &mut dyn FnMut(usize) -> std::io::Result<Vec<u8>>,
) -> Result<u64, WriteError> {
    for name in names {
        if !valid_name(name) {
            return Err(WriteError::BadName(dir.join(name)));
        }
    }
    let exists = match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(WriteError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::other("not a folder"),
            });
        }
        Err(_) => false,
    };
    if !exists {
        let parent = folder_of(dir);
        std::fs::create_dir_all(&parent).map_err(io_at(dir))?;
        let stage = stage_in(&parent, dir)?;
        let bytes = write_files(&stage.dir, dir, names, content)?;
        std::fs::rename(&stage.dir, dir).map_err(io_at(dir))?;
        // The folder is in place: nothing is left to remove.
        stage.keep();
        return Ok(bytes);
    }
    // Before anything is written: no file may replace a folder or an input.
    for name in names {
        let t = dir.join(name);
        if let Some(input) = inputs.iter().find(|i| same_file(&t, i)) {
            return Err(WriteError::WouldOverwriteInput(input.to_path_buf()));
        }
        if std::fs::symlink_metadata(&t).is_ok_and(|m| m.is_dir()) {
            return Err(WriteError::IsFolder(t));
        }
    }
    if let Some(real) = swappable(dir) {
        match swap_in(&real, dir, names, content)? {
            Swapped::Done(bytes) => return Ok(bytes),
            Swapped::NotPossible => {}
        }
    }
    write_into(dir, names, content)
}

/// A staging folder with its lock, removed (with what it holds) when dropped unless kept.
struct Stage {
    dir: PathBuf,
    guard: Option<tempfile::TempDir>,
    _lock: std::fs::File,
}

impl Stage {
    /// Leave the staging folder where it is (it was renamed into place).
    fn keep(mut self) {
        if let Some(g) = self.guard.take() {
            let _ = g.keep();
        }
    }
}

/// A fresh, locked staging folder `.rolemap-PID-XXXXXX.d` in `parent` (for the output `shown`).
fn stage_in(parent: &Path, shown: &Path) -> Result<Stage, WriteError> {
    remove_stale(parent);
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = temp_builder(&prefix, ".d");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o777));
    }
    let guard = builder.tempdir_in(parent).map_err(io_at(shown))?;
    // Held while the stage lives: a live writer's folder is never taken for a leftover.
    let lock = open_nofollow(guard.path()).map_err(io_at(shown))?;
    lock.lock().map_err(io_at(shown))?;
    Ok(Stage {
        dir: guard.path().to_path_buf(),
        guard: Some(guard),
        _lock: lock,
    })
}

/// Write every file, new, into `stage` (the output `dir` is named in errors), each made by
/// `content` just before it is written, then make them all durable before anything is renamed
/// into place. Returns the bytes written.
fn write_files(
    stage: &Path,
    dir: &Path,
    names: &[String],
    content: &mut dyn FnMut(usize) -> std::io::Result<Vec<u8>>,
) -> Result<u64, WriteError> {
    let mut total = 0u64;
    for (i, name) in names.iter().enumerate() {
        let p = stage.join(name);
        let mut write = || -> std::io::Result<()> {
            fail_at(Step::Write(i))?;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&p)?;
            let bytes = content(i)?;
            total += bytes.len() as u64;
            f.write_all(&bytes)
        };
        write().map_err(io_at(&dir.join(name)))?;
    }
    sync_files(stage, dir, names)?;
    Ok(total)
}

/// Flush the files just written to `stage` to disk. On Linux one `syncfs` of the staging
/// folder's file system does it for all of them: one flush instead of one `fsync` per file,
/// which was most of the time of a 100k-party checklist folder (issue 10). Elsewhere, or if
/// `syncfs` fails, each file is synced in turn, as before.
fn sync_files(stage: &Path, dir: &Path, names: &[String]) -> Result<(), WriteError> {
    #[cfg(target_os = "linux")]
    if std::fs::File::open(stage)
        .and_then(|d| rustix::fs::syncfs(&d).map_err(std::io::Error::from))
        .is_ok()
    {
        return Ok(());
    }
    for name in names {
        let sync = || std::fs::File::open(stage.join(name))?.sync_all();
        sync().map_err(io_at(&dir.join(name)))?;
    }
    Ok(())
}

/// The real path of an existing folder `dir` that may be swapped for a new one, or `None`: not
/// the current folder or one holding it (a shell there would be left in a removed folder), not
/// a mount point or the root.
fn swappable(dir: &Path) -> Option<PathBuf> {
    let real = dir.canonicalize().ok()?;
    let parent = real.parent()?;
    if let Ok(cwd) = std::env::current_dir().and_then(|c| c.canonicalize())
        && cwd.starts_with(&real)
    {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (m, p) = (
            std::fs::metadata(&real).ok()?,
            std::fs::metadata(parent).ok()?,
        );
        if m.dev() != p.dev() {
            return None;
        }
    }
    Some(real)
}

enum Swapped {
    /// Swapped in, with the bytes written.
    Done(u64),
    /// Nothing was changed; write the files into the folder instead.
    NotPossible,
}

/// Replace the existing folder `real` (shown as `dir`) by a staged copy holding `files` and
/// links of every other entry, in one swap.
fn swap_in(
    real: &Path,
    dir: &Path,
    names: &[String],
    content: &mut dyn FnMut(usize) -> std::io::Result<Vec<u8>>,
) -> Result<Swapped, WriteError> {
    let parent = folder_of(real);
    let Ok(stage) = stage_in(&parent, dir) else {
        return Ok(Swapped::NotPossible);
    };
    let new: std::collections::HashSet<&str> = names.iter().map(|n| n.as_str()).collect();
    let mut kept = Vec::new();
    for e in std::fs::read_dir(real).map_err(io_at(dir))? {
        let e = e.map_err(io_at(dir))?;
        let name = e.file_name();
        if name.to_str().is_some_and(|n| new.contains(n)) {
            continue;
        }
        if e.file_type().map_err(io_at(dir))?.is_dir() || kept.len() == MAX_LINKED {
            return Ok(Swapped::NotPossible);
        }
        kept.push(name);
    }
    for (i, name) in kept.iter().enumerate() {
        let linked = fail_at(Step::Link(i))
            .and_then(|_| std::fs::hard_link(real.join(name), stage.dir.join(name)));
        if linked.is_err() {
            // Not linkable (another user's file under protected hard links, a file system
            // without links): fall back, the old folder untouched.
            return Ok(Swapped::NotPossible);
        }
    }
    let bytes = write_files(&stage.dir, dir, names, content)?;
    if !same_owner_and_mode(real, &stage.dir) {
        return Ok(Swapped::NotPossible);
    }
    fail_at(Step::Swap).map_err(io_at(dir))?;
    exchange(&stage.dir, real).map_err(io_at(dir))?;
    // The stage's name now holds the old folder: removed with it when `stage` drops.
    Ok(Swapped::Done(bytes))
}

/// Give `stage` the owner and permissions of `old`; whether that worked.
fn same_owner_and_mode(old: &Path, stage: &Path) -> bool {
    let Ok(m) = std::fs::metadata(old) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(s) = std::fs::metadata(stage) else {
            return false;
        };
        if (s.uid(), s.gid()) != (m.uid(), m.gid())
            && std::os::unix::fs::chown(stage, Some(m.uid()), Some(m.gid())).is_err()
        {
            return false;
        }
    }
    std::fs::set_permissions(stage, m.permissions()).is_ok()
}

/// Swap the folders `new` and `old`: afterwards `old`'s path holds the new folder and `new`'s
/// the old one.
fn exchange(new: &Path, old: &Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, old, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // A file system without the exchange: the portable way below.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    // Rename the old folder aside (over an empty placeholder), the new one in, and the old one
    // back if that fails; then put the old one where the new one was, to be removed with it.
    let aside = temp_builder(&format!("{TEMP_PREFIX}{}-", std::process::id()), ".d")
        .tempdir_in(folder_of(old))?
        .keep();
    let undo = |e: std::io::Error| {
        let _ = std::fs::remove_dir(&aside);
        e
    };
    std::fs::rename(old, &aside).map_err(undo)?;
    if let Err(e) = std::fs::rename(new, old) {
        let _ = std::fs::rename(&aside, old);
        return Err(e);
    }
    std::fs::rename(&aside, new).or_else(|_| std::fs::remove_dir_all(&aside))
}

/// Stage every file inside the existing folder `dir`, then rename each into place.
fn write_into(
    dir: &Path,
    names: &[String],
    content: &mut dyn FnMut(usize) -> std::io::Result<Vec<u8>>,
) -> Result<u64, WriteError> {
    let stage = stage_in(dir, dir)?;
    let bytes = write_files(&stage.dir, dir, names, content)?;
    for name in names {
        std::fs::rename(stage.dir.join(name), dir.join(name)).map_err(io_at(&dir.join(name)))?;
    }
    // `stage` (now empty) is removed when it drops.
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let bytes = std::fs::read(e.path()).unwrap_or_default();
                (e.file_name().to_string_lossy().into_owned(), bytes)
            })
            .collect();
        v.sort();
        v
    }

    fn files() -> Vec<(String, Vec<u8>)> {
        (0..4)
            .map(|i| (format!("f{i}.csv"), format!("new {i}").into_bytes()))
            .collect()
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_old_folder_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("keep.txt"), "mine").unwrap();
        std::fs::write(dir.join("f1.csv"), "old 1").unwrap();
        std::fs::write(dir.join("other.csv"), "old other").unwrap();
        let before = listing(&dir);
        let steps = [Step::Write(0), Step::Write(2), Step::Write(3), Step::Swap];
        for step in steps {
            FAIL_AT.with(|f| f.set(Some(step)));
            let r = write_folder(&dir, &files(), &[]);
            FAIL_AT.with(|f| f.set(None));
            assert!(r.is_err(), "{step:?}");
            assert_eq!(listing(&dir), before, "{step:?}");
            let names: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
            assert_eq!(names.len(), 1, "{step:?}: nothing left beside the folder");
        }
        // An entry that cannot be linked: no swap, the files are renamed in one by one.
        #[cfg(unix)]
        let ino = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&dir).unwrap());
        FAIL_AT.with(|f| f.set(Some(Step::Link(1))));
        let r = write_folder(&dir, &files(), &[]);
        FAIL_AT.with(|f| f.set(None));
        r.unwrap();
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&dir).unwrap()),
            ino
        );
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
        let after = listing(&dir);
        let names: Vec<&str> = after.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "f0.csv",
                "f1.csv",
                "f2.csv",
                "f3.csv",
                "keep.txt",
                "other.csv"
            ]
        );
        assert_eq!(after[1].1, b"new 1");
        assert_eq!(after[4].1, b"mine");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn the_swap_keeps_links_modes_and_the_files_of_the_old_folder() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o750)).unwrap();
        std::fs::write(dir.join("keep.txt"), "mine").unwrap();
        let ino = std::fs::metadata(dir.join("keep.txt")).unwrap().ino();
        std::os::unix::fs::symlink("keep.txt", dir.join("link")).unwrap();
        let old = std::fs::metadata(&dir).unwrap().ino();
        write_folder(&dir, &files(), &[]).unwrap();
        let m = std::fs::metadata(&dir).unwrap();
        assert_ne!(m.ino(), old, "swapped for a new folder");
        assert_eq!(m.permissions().mode() & 0o777, 0o750);
        assert_eq!(std::fs::metadata(dir.join("keep.txt")).unwrap().ino(), ino);
        assert_eq!(
            std::fs::read_link(dir.join("link")).unwrap(),
            Path::new("keep.txt")
        );
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 6);

        // A subfolder: files are renamed in one by one, the subfolder kept.
        std::fs::create_dir(dir.join("sub")).unwrap();
        let ino = std::fs::metadata(&dir).unwrap().ino();
        write_folder(&dir, &files(), &[]).unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().ino(), ino, "not swapped");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 7);
        // The current folder is never swapped away.
        let cwd = std::env::current_dir().unwrap();
        assert!(swappable(&cwd).is_none());
        assert!(swappable(Path::new("/")).is_none());
    }

    #[test]
    fn files_made_as_they_are_written_give_the_same_folder() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        write_folder(&a, &files(), &[]).unwrap();
        let names: Vec<String> = files().into_iter().map(|(n, _)| n).collect();
        let mut made = Vec::new();
        let bytes = write_folder_with(&b, &names, &[], &mut |i| {
            made.push(i);
            Ok(format!("new {i}").into_bytes())
        })
        .unwrap();
        assert_eq!(made, [0, 1, 2, 3], "each file made once, in order");
        assert_eq!(bytes, 20);
        assert_eq!(listing(&a), listing(&b));
        // A failure while writing leaves no folder and nothing staged.
        let c = root.path().join("c");
        FAIL_AT.with(|f| f.set(Some(Step::Write(2))));
        let r = write_folder_with(&c, &names, &[], &mut |i| Ok(vec![b'x'; i]));
        FAIL_AT.with(|f| f.set(None));
        assert!(r.is_err());
        assert!(!c.exists());
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 2);
        // So does a file whose content cannot be made (a workbook that fails to build), and
        // the error names that file.
        let r = write_folder_with(&c, &names, &[], &mut |i| match i {
            1 => Err(std::io::Error::other("cannot build the workbook")),
            _ => Ok(vec![b'x'; i]),
        });
        let e = r.expect_err("the second file cannot be made").to_string();
        assert!(e.contains(&names[1]) && e.contains("cannot build"), "{e}");
        assert!(!c.exists());
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 2);
    }

    #[test]
    fn folder_names_are_checked_in_bytes() {
        assert!(valid_name(&"日".repeat(85)));
        assert!(!valid_name(&"日".repeat(86)));
        assert!(!valid_name("a/b"));
        assert!(!valid_name(".."));
        assert!(!valid_name(""));
    }
}
