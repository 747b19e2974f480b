//! From a file to a checked value: reading the text, parsing it into a tree of spanned nodes
//! (RON, JSON or YAML), decoding the tree into a [`Model`](crate::model::Model) or a
//! [`Catalog`](crate::catalog::Catalog) and collecting every problem on the way as a
//! [`diagnostics::Diagnostic`] with its place.
//!
//! Nothing here knows about findings: the loader imports finding codes from [`crate::code`]
//! (waivers name them), never from the findings module.

pub(crate) mod catalog;
pub mod decode;
pub mod diagnostics;
mod model;
pub mod raw;
/// Spans and source files, re-exported from [`crate::source`] where the loader's users find them.
pub use crate::source;
pub mod syntax;

use std::sync::Arc;

use diagnostics::{Diagnostic, FileDiagnostics, Problem};
pub(crate) use model::fast_path_agrees;
pub use model::{load_model, load_model_with, parse_model};
use source::{Format, SourceFile, Span};

/// The default limit on the size of an input file: 64 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// Read a file as UTF-8 text, with the size limit; pick the format by extension. Only a
/// regular file is read (see [`crate::files`]).
pub fn read_source(
    path: &str,
    max_size: u64,
) -> Result<(Arc<SourceFile>, Format), FileDiagnostics> {
    read_source_with(path, max_size, crate::files::Special::Refuse)
}

/// Like [`read_source`], reading FIFOs, devices and sockets too when `special` allows them.
pub fn read_source_with(
    path: &str,
    max_size: u64,
    special: crate::files::Special,
) -> Result<(Arc<SourceFile>, Format), FileDiagnostics> {
    use crate::files::ReadError;
    let fail = |problem: Problem| FileDiagnostics {
        file: SourceFile::new(path, ""),
        diagnostics: vec![Diagnostic::new(problem, Span::default())],
    };
    let format = Format::from_path(path).ok_or_else(|| {
        fail(Problem::UnknownFormat {
            extension: std::path::Path::new(path)
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default(),
        })
    })?;
    let bytes =
        crate::files::read_limited(std::path::Path::new(path), max_size, special).map_err(|e| {
            fail(match e {
                ReadError::Io(e) => Problem::Io {
                    message: e.to_string(),
                    ja: crate::i18n::os_error_ja(&e),
                },
                ReadError::Folder => Problem::Io {
                    message: "is a directory".into(),
                    ja: "フォルダです (ファイルではありません)".into(),
                },
                ReadError::Special(kind) => Problem::NotRegular { kind },
                ReadError::TooLarge { size, limit } => Problem::TooLarge { size, limit },
            })
        })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((SourceFile::new(path, text), format)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Err(FileDiagnostics {
                file: SourceFile::new(path, lossy),
                diagnostics: vec![Diagnostic::new(
                    Problem::NotUtf8 { offset },
                    Span::new(offset, offset + 1),
                )],
            })
        }
    }
}
