//! Writing outputs safely.
//!
//! - **A file** (`-o FILE`) is written to a fresh temporary file in the target's folder, synced,
//!   then renamed over the target: a reader sees the old file or the new one, never a part, and
//!   a failed write leaves the old file as it was. The temporary file is created exclusively
//!   (`O_EXCL`, so never through a planted symlink) under an unpredictable, short name
//!   (`.rolemap-PID-XXXXXX.tmp`, whatever the target's length), so concurrent writers never share
//!   one; it keeps the permissions of the file it replaces.
//! - **A symlink** as the target is followed: its target is replaced, beside it, and the link
//!   stays a link.
//! - **Not a regular file** (a device such as `/dev/null`, a FIFO, a terminal, `/dev/stdout`,
//!   `/proc/self/fd/1`): written directly, never replaced; the process's own standard output and
//!   standard error are written through their open descriptors. `-` is standard output.
//! - **A folder of files** (`checklist --format csv -o DIR`, `man --dir DIR`) is staged in a
//!   temporary folder and moved into place as a whole: a new folder by one rename, an existing
//!   folder by swapping it for a staged copy in one step, so a failure at any point leaves the
//!   folder as it was (see [`write_folder`] for when a swap is not safe).
//! - **Never over an input**: a target that is one of the inputs (by path, through symlinks, or
//!   as a hard link of it) is refused.
//! - **Leftovers of killed runs** (a temporary file or folder whose writer died) are removed by
//!   the next run into the same folder. A writer holds a lock on its temporary file for as long
//!   as it lives; a leftover is one with our name pattern, older than a minute, whose lock
//!   nobody holds, so a live writer's file is never touched, in whatever PID namespace it runs.
//! - **Standard output**: a closed pipe (`| head`) ends the output quietly; any other write error
//!   (a full disk) is an error.

use std::ffi::OsStr;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

mod folder;
mod spool;

pub use folder::{write_folder, write_folder_with};

/// The start of every temporary file and folder name rolemap creates.
pub const TEMP_PREFIX: &str = ".rolemap-";

/// How old an unlocked temporary file must be before another run removes it.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// The longest file name most file systems accept, in bytes.
pub const NAME_MAX: usize = 255;

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output path is one of the inputs.
    #[error("refusing to overwrite the input file {0}")]
    WouldOverwriteInput(PathBuf),
    /// The folder to write into does not exist.
    #[error("the folder {0} does not exist")]
    MissingFolder(PathBuf),
    /// The output path is a folder.
    #[error("{0} is a folder, not a file")]
    IsFolder(PathBuf),
    /// A file name of a folder output that no file system accepts.
    #[error("cannot write {0}: the file name is empty, has a `/`, or is over {NAME_MAX} bytes")]
    BadName(PathBuf),
    /// Writing to standard output failed (other than a closed pipe).
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    /// Any other I/O failure.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The output path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl WriteError {
    /// The message in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            WriteError::WouldOverwriteInput(p) => {
                format!("入力ファイル {} を上書きしません", p.display())
            }
            WriteError::MissingFolder(p) => format!("フォルダ {} がありません", p.display()),
            WriteError::IsFolder(p) => format!("{} はファイルではなくフォルダです", p.display()),
            WriteError::BadName(p) => format!(
                "{} に書き込めません: ファイル名が空か、`/` を含むか、{NAME_MAX} バイトを超えています",
                p.display()
            ),
            WriteError::Stdout(e) => {
                format!("標準出力に書き込めません: {}", crate::i18n::os_error_ja(e))
            }
            WriteError::Io { path, source } => format!(
                "{} に書き込めません: {}",
                path.display(),
                crate::i18n::os_error_ja(source)
            ),
        }
    }
}

/// The canonical form of a path that may not exist yet: its folder canonicalised, plus its name.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// Device and inode of an existing file (following symlinks).
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// Whether two paths name the same file: the same canonical path, or (for existing files) the
/// same device and inode, which also catches hard links.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if let (Some(x), Some(y)) = (identity(a), identity(b))
        && x == y
    {
        return true;
    }
    match (canonical(a), canonical(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Whether `path` is `-`, standard output.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Where a file output really goes.
enum Target {
    /// A regular file (existing or not) at this path, replaced atomically.
    Replace(PathBuf),
    /// Not a regular file: opened and written in place.
    Direct(PathBuf),
    /// The process's own standard output.
    Stdout,
    /// The process's own standard error (`-o /dev/stderr`).
    Stderr,
}

/// Whether `path` lies in `/proc` (whose fd links are not paths to follow by hand).
fn in_proc(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    dir.canonicalize()
        .is_ok_and(|d| d.starts_with("/proc") || d.starts_with("/dev/fd"))
}

/// Follow `path` through symlinks to what the output replaces or writes into.
fn resolve(path: &Path) -> Result<Target, WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    if is_stdout(path) {
        return Ok(Target::Stdout);
    }
    let mut p = path.to_path_buf();
    let mut hops = 0;
    loop {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                if in_proc(&p) {
                    // `/proc/self/fd/1` and the like: the kernel follows them, not a path.
                    return Ok(direct_or_stdout(path));
                }
                hops += 1;
                if hops > 40 {
                    return Err(io(std::io::Error::other(
                        "too many levels of symbolic links",
                    )));
                }
                let link = std::fs::read_link(&p).map_err(io)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(m) if m.is_dir() => return Err(WriteError::IsFolder(path.to_path_buf())),
            Ok(m) if m.is_file() => return Ok(Target::Replace(p)),
            Ok(_) => return Ok(direct_or_stdout(&p)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::Replace(p)),
            Err(e) => return Err(io(e)),
        }
    }
}

/// A special file: standard output itself when it is the same file, else written directly.
fn direct_or_stdout(path: &Path) -> Target {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let id = |fd: std::os::fd::BorrowedFd<'_>| {
            fd.try_clone_to_owned()
                .ok()
                .map(File::from)
                .and_then(|f| f.metadata().ok())
                .map(|m| (m.dev(), m.ino()))
        };
        if let Ok(m) = std::fs::metadata(path) {
            let target = Some((m.dev(), m.ino()));
            if id(std::io::stdout().as_fd()) == target {
                return Target::Stdout;
            }
            if id(std::io::stderr().as_fd()) == target {
                return Target::Stderr;
            }
        }
    }
    Target::Direct(path.to_path_buf())
}

/// Write `bytes` to `path` safely (see the module's description), unless `path` is one of
/// `inputs`.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), WriteError> {
    write_atomic_with(path, inputs, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], with the content produced by `write` straight into the temporary
/// file (large outputs are never held in memory twice).
pub fn write_atomic_with(
    path: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let target = resolve(path)?;
    let check = |t: &Path| match inputs.iter().find(|i| same_file(t, i)) {
        Some(input) => Err(WriteError::WouldOverwriteInput(input.to_path_buf())),
        None => Ok(()),
    };
    check(path)?;
    match target {
        Target::Stdout => write_stdout(write),
        Target::Stderr => {
            // Through the open descriptor: a `2>>log` is appended to, not truncated.
            let mut err = std::io::stderr().lock();
            write(&mut err)
                .and_then(|_| err.flush())
                .map_err(|source| WriteError::Io {
                    path: path.to_path_buf(),
                    source,
                })
        }
        Target::Direct(p) => {
            check(&p)?;
            let io = |source| WriteError::Io {
                path: path.to_path_buf(),
                source,
            };
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .map_err(io)?;
            // A regular file reached through `/proc/self/fd/N`: replaced content, as the shell's
            // `>` would leave it (a device or FIFO has nothing to truncate).
            if f.metadata().is_ok_and(|m| m.is_file()) {
                f.set_len(0).map_err(io)?;
            }
            let mut f = f;
            spool::spooled(&mut f, write).map_err(io)
        }
        Target::Replace(p) => {
            check(&p)?;
            replace(path, &p, write)
        }
    }
}

/// The folder a path is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A temporary-name builder: `.rolemap-PID-` + 6 random characters + `suffix`.
fn temp_builder<'a>(prefix: &'a str, suffix: &'a str) -> tempfile::Builder<'a, 'a> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix).suffix(suffix).rand_bytes(6);
    b
}

/// Replace the regular file `target` (shown to the user as `shown`) atomically.
fn replace(
    shown: &Path,
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: shown.to_path_buf(),
        source,
    };
    let dir = folder_of(target);
    if !dir.is_dir() {
        return Err(WriteError::MissingFolder(dir));
    }
    remove_stale(&dir);
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = temp_builder(&prefix, ".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As `File::create` would: readable by others unless the umask says no.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    // Held until the process ends: a live writer's file is never taken for a leftover.
    tmp.as_file().lock().map_err(io)?;
    if let Ok(old) = std::fs::metadata(target) {
        // A private file stays private.
        tmp.as_file()
            .set_permissions(old.permissions())
            .map_err(io)?;
    }
    spool::spooled(tmp.as_file_mut(), write).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // On failure the temporary file is removed when `tmp` drops.
    tmp.persist(target).map_err(|e| io(e.error))?;
    Ok(())
}

/// Write to standard output: a closed pipe ends it quietly, any other error is returned.
pub fn write_stdout(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    // Not locked: each buffer is written (under the lock) by the writer thread.
    let mut stdout = std::io::stdout();
    match spool::spooled(&mut stdout, write) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(WriteError::Stdout(e)),
    }
}

/// Whether a file name is one of rolemap's temporary names: `.rolemap-PID-XXXXXX.tmp` (a file)
/// or `.rolemap-PID-XXXXXX.d` (a staging folder).
pub fn is_temp_name(name: &OsStr) -> bool {
    let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TEMP_PREFIX)) else {
        return false;
    };
    let Some((pid, rest)) = rest.split_once('-') else {
        return false;
    };
    let random = rest
        .strip_suffix(".tmp")
        .or_else(|| rest.strip_suffix(".d"));
    !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && random.is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Remove the leftovers of killed runs from `dir`: entries with a temporary name (see
/// [`is_temp_name`]) that are plain files or folders (never symlinks), unchanged for
/// [`STALE_AFTER`], and whose lock no live writer holds. Errors are ignored: cleaning is a
/// courtesy, never a reason to fail.
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for e in entries.flatten() {
        if !is_temp_name(&e.file_name()) {
            continue;
        }
        let p = e.path();
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        let t = meta.file_type();
        if !(t.is_file() || t.is_dir()) {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !old {
            continue;
        }
        let Ok(f) = open_nofollow(&p) else {
            continue;
        };
        if f.try_lock().is_err() {
            continue;
        }
        let _ = if t.is_dir() {
            std::fs::remove_dir_all(&p)
        } else {
            std::fs::remove_file(&p)
        };
    }
}

/// Open a file or folder for reading, never through a symlink.
fn open_nofollow(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("m.ron");
        std::fs::write(&input, "x").unwrap();
        let err = write_atomic(&input, b"y", &[&input]).unwrap_err();
        assert!(matches!(err, WriteError::WouldOverwriteInput(_)));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "x");
        // Another spelling of the same path is caught too.
        let other = dir.path().join(".").join("m.ron");
        assert!(write_atomic(&other, b"y", &[&input]).is_err());
    }

    #[test]
    fn missing_folder_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nope").join("out.json");
        assert!(matches!(
            write_atomic(&out, b"{}", &[]),
            Err(WriteError::MissingFolder(_))
        ));
        let ok = dir.path().join("out.json");
        write_atomic(&ok, b"{}", &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&ok).unwrap(), "{}");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn temp_names_are_recognised_exactly() {
        for yes in [".rolemap-12-abcDE9.tmp", ".rolemap-1-zzzzzz.d"] {
            assert!(is_temp_name(OsStr::new(yes)), "{yes}");
        }
        for no in [
            ".rolemap-12-abcde.tmp",
            ".rolemap--abcdef.tmp",
            ".rolemap-x1-abcdef.tmp",
            ".rolemap-12-abcdef.json",
            "rolemap-12-abcdef.tmp",
            ".out.json.rolemap-12.tmp",
        ] {
            assert!(!is_temp_name(OsStr::new(no)), "{no}");
        }
    }
}
