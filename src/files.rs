//! Reading input files and walking folders, so that no file system can hang or flood a run.
//!
//! - Only regular files are read. A FIFO with no writer would block forever and a device such
//!   as `/dev/zero` never ends, so both are refused at once (without blocking: the file is
//!   opened non-blocking and checked before a byte is read) unless the caller allows special
//!   files ([`Special::Allow`], the command line's `--allow-special-files`, for a named pipe
//!   another program writes).
//! - Never more than the size limit is read, even from a file that grows or a device; the limit
//!   arithmetic saturates (`--max-size 18446744073709551615` means "no limit", not zero).
//! - Folder walks never follow a symlinked folder and visit each folder once (by device and
//!   inode), so symlink loops and bind-mount loops end; they list only regular files.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::i18n::Lang;

/// Whether files other than regular ones (FIFOs, devices, sockets) may be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Special {
    /// Refuse them at once (the default).
    #[default]
    Refuse,
    /// Read them like regular files, up to the size limit (a FIFO blocks until its writer
    /// opens it, as the user asked for).
    Allow,
}

/// A kind of file that is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialKind {
    /// A named pipe.
    Fifo,
    /// A character device (`/dev/zero`, a terminal).
    CharDevice,
    /// A block device (a disk).
    BlockDevice,
    /// A Unix socket.
    Socket,
    /// Anything else that is neither a regular file nor a folder.
    Other,
}

impl SpecialKind {
    fn of(meta: &std::fs::Metadata) -> SpecialKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let t = meta.file_type();
            if t.is_fifo() {
                return SpecialKind::Fifo;
            }
            if t.is_char_device() {
                return SpecialKind::CharDevice;
            }
            if t.is_block_device() {
                return SpecialKind::BlockDevice;
            }
            if t.is_socket() {
                return SpecialKind::Socket;
            }
        }
        let _ = meta;
        SpecialKind::Other
    }

    /// The kind's name with its article, in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SpecialKind::Fifo, Lang::En) => "a FIFO (named pipe)",
            (SpecialKind::Fifo, Lang::Ja) => "FIFO (名前付きパイプ)",
            (SpecialKind::CharDevice, Lang::En) => "a character device",
            (SpecialKind::CharDevice, Lang::Ja) => "キャラクタデバイス",
            (SpecialKind::BlockDevice, Lang::En) => "a block device",
            (SpecialKind::BlockDevice, Lang::Ja) => "ブロックデバイス",
            (SpecialKind::Socket, Lang::En) => "a socket",
            (SpecialKind::Socket, Lang::Ja) => "ソケット",
            (SpecialKind::Other, Lang::En) => "not a regular file",
            (SpecialKind::Other, Lang::Ja) => "通常のファイルではないもの",
        }
    }

    /// The message for a refused special file, in `lang`.
    pub fn message(self, lang: Lang) -> String {
        let kind = self.name(lang);
        match lang {
            Lang::En => format!("the file is {kind}, not a regular file"),
            Lang::Ja => format!("このファイルは{kind}で、通常のファイルではありません"),
        }
    }

    /// How to read one anyway, in `lang`.
    pub fn hint(lang: Lang) -> &'static str {
        lang.pick(
            "rolemap reads only regular files; to read a named pipe or a device given on the command line, add --allow-special-files",
            "rolemap は通常のファイルだけを読みます。コマンドラインで指定した名前付きパイプやデバイスを読むには --allow-special-files を付けてください",
        )
    }
}

/// Why an input file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system's error (missing file, no permission, ...).
    Io(std::io::Error),
    /// The path names a folder.
    Folder,
    /// The path names a FIFO, a device or a socket, and special files are refused.
    Special(SpecialKind),
    /// The file holds more than the limit.
    TooLarge {
        /// Its size in bytes (of what was read, for a file whose size is not known before).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Open `path` for reading without blocking on a FIFO (non-blocking open; the flag is cleared
/// by nothing since only regular files are read after it).
fn open(path: &Path, special: Special) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    if special == Special::Refuse {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let _ = special;
    options.open(path)
}

/// Read the whole of a regular file, refusing folders, special files (unless `special`
/// allows them) and files over `max_size` bytes. Never blocks on a FIFO when refusing.
pub fn read_limited(path: &Path, max_size: u64, special: Special) -> Result<Vec<u8>, ReadError> {
    // Look before opening: opening some devices has effects of its own.
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() && special == Special::Refuse {
        return Err(ReadError::Special(SpecialKind::of(&meta)));
    }
    let file = open(path, special)?;
    // Look again at what was opened: the path may have changed in between.
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() && special == Special::Refuse {
        return Err(ReadError::Special(SpecialKind::of(&meta)));
    }
    if meta.is_file() && meta.len() > max_size {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit: max_size,
        });
    }
    // The whole file in one read, without growing the buffer (a regular file's size is known).
    let expected = if meta.is_file() { meta.len() } else { 0 };
    let mut bytes = Vec::with_capacity(
        usize::try_from(expected.min(max_size))
            .unwrap_or(0)
            .saturating_add(1),
    );
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Err(ReadError::TooLarge {
            size: if meta.is_file() {
                meta.len().max(bytes.len() as u64)
            } else {
                bytes.len() as u64
            },
            limit: max_size,
        });
    }
    Ok(bytes)
}

/// The identity of a folder, to visit each once.
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Every regular file under `dir` whose path `keep` accepts, recursively, sorted. Entries whose
/// names start with `.` are skipped; symlinks to regular files are listed, symlinked folders
/// are not followed (so a symlink loop ends); each folder is visited once, by device and
/// inode. Unreadable folders are skipped.
pub fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![dir.to_path_buf()];
    if let Some(id) = std::fs::metadata(dir).ok().as_ref().and_then(identity) {
        seen.insert(id);
    }
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let p = e.path();
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                let first = std::fs::symlink_metadata(&p)
                    .ok()
                    .as_ref()
                    .and_then(identity)
                    .is_none_or(|id| seen.insert(id));
                if first {
                    todo.push(p);
                }
            } else if (t.is_file() || (t.is_symlink() && p.metadata().is_ok_and(|m| m.is_file())))
                && keep(&p)
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The paths a glob pattern matches (`*`, `?`, `[…]`, `**`), found without following symlinked
/// folders; `*` never matches `/`. Matched folders are returned too (not walked), regular files
/// and symlinks to regular files are returned, nothing else; sorted.
pub fn glob(pattern: &str) -> Result<Vec<PathBuf>, glob::PatternError> {
    let compiled = glob::Pattern::new(pattern)?;
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    // The literal folder the pattern starts from, and how deep below it a match can be.
    let mut base = PathBuf::new();
    let mut rest = 0usize;
    let mut deep = false;
    let mut literal = true;
    for c in Path::new(pattern).components() {
        let s = c.as_os_str().to_string_lossy();
        if literal && !s.contains(['*', '?', '[']) {
            base.push(c);
        } else {
            literal = false;
            rest += 1;
            deep |= s.contains("**");
        }
    }
    let mut out = Vec::new();
    if literal {
        return Ok(out);
    }
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![(base, 0usize)];
    while let Some((d, depth)) = todo.pop() {
        let read = if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d.as_path()
        };
        if let Some(id) = std::fs::metadata(read).ok().as_ref().and_then(identity)
            && !seen.insert(id)
        {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(read) else {
            continue;
        };
        for e in entries.flatten() {
            let p = d.join(e.file_name());
            let Ok(t) = e.file_type() else { continue };
            let is_file =
                t.is_file() || (t.is_symlink() && p.metadata().is_ok_and(|m| m.is_file()));
            if (t.is_dir() || is_file) && compiled.matches_path_with(&p, options) {
                out.push(p.clone());
            }
            if t.is_dir() && (deep || depth + 1 < rest) {
                todo.push((p, depth + 1));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_size_saturates() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        std::fs::write(&p, "abc").unwrap();
        assert_eq!(read_limited(&p, u64::MAX, Special::Refuse).unwrap(), b"abc");
        assert!(matches!(
            read_limited(&p, 2, Special::Refuse),
            Err(ReadError::TooLarge { size: 3, limit: 2 })
        ));
        assert!(matches!(
            read_limited(dir.path(), 10, Special::Refuse),
            Err(ReadError::Folder)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn walks_end_on_symlink_loops() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("m.ron"), "x").unwrap();
        std::os::unix::fs::symlink("..", a.join("up")).unwrap();
        std::os::unix::fs::symlink(&a, a.join("again")).unwrap();
        let keep = |_: &Path| true;
        assert_eq!(walk(dir.path(), &keep), vec![a.join("m.ron")]);
        let pattern = format!("{}/**/*.ron", dir.path().display());
        assert_eq!(glob(&pattern).unwrap(), vec![a.join("m.ron")]);
        let pattern = format!("{}/*", dir.path().display());
        assert_eq!(glob(&pattern).unwrap(), vec![a.clone()]);
    }
}
