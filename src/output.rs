//! Writing outputs safely: atomically (a temporary file in the same folder, then a rename),
//! never over one of the inputs, and never leaving a partial file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

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
            WriteError::Io { path, source } => {
                format!("{} に書き込めません: {source}", path.display())
            }
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

/// Whether two paths name the same file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (canonical(a), canonical(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Write `bytes` to `path` atomically, unless `path` is one of `inputs`.
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
    if let Some(input) = inputs.iter().find(|i| same_file(path, i)) {
        return Err(WriteError::WouldOverwriteInput(input.to_path_buf()));
    }
    if path.is_dir() {
        return Err(WriteError::IsFolder(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(WriteError::MissingFolder(dir));
    }
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.rolemap-{}.tmp", std::process::id()));
    let result = (|| {
        let f = std::fs::File::create(&tmp)?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, f);
        write(&mut buffered)?;
        let f = buffered.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
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
}
