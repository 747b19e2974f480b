//! The chain as a picture for print and slides: PNG and PDF, drawn by Graphviz `dot -T`. The
//! builtin layout draws SVG only, so these need Graphviz; without it the error names the
//! package to install.
//!
//! The process runner here is also the one [`super::svg`] uses for `dot -Tsvg`.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::dot::{self, DotOptions, Flavour};
use super::scene::Scene;
use super::svg::{SvgError, SvgOptions};
use crate::i18n::Lang;

/// A picture format Graphviz writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG, at Graphviz's default resolution.
    Png,
    /// PDF, vector, one page.
    Pdf,
}

impl ImageFormat {
    /// `PNG` or `PDF`.
    pub fn label(self) -> &'static str {
        match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Pdf => "PDF",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            ImageFormat::Png => "-Tpng",
            ImageFormat::Pdf => "-Tpdf",
        }
    }

    /// Whether `bytes` start as a file of this format does.
    fn looks_right(self, bytes: &[u8]) -> bool {
        match self {
            ImageFormat::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            ImageFormat::Pdf => bytes.starts_with(b"%PDF-"),
        }
    }
}

/// Why no picture could be drawn.
#[derive(Debug)]
pub struct ImageError {
    /// The format asked for.
    pub format: ImageFormat,
    /// What went wrong with `dot`.
    pub cause: SvgError,
}

impl ImageError {
    /// The message in `lang`; a missing `dot` names the package `graphviz`.
    pub fn message(&self, lang: Lang) -> String {
        let f = self.format.label();
        match (&self.cause, lang) {
            (SvgError::DotNotFound(p), Lang::En) => format!(
                "{f} is drawn by Graphviz, and `dot` was not found ({}); install the package `graphviz` (apt install graphviz, dnf install graphviz, brew install graphviz), or write .svg, which the builtin layout draws",
                p.display()
            ),
            (SvgError::DotNotFound(p), Lang::Ja) => format!(
                "{f} は Graphviz で描画しますが、dot が見つかりません ({})。パッケージ `graphviz` をインストールするか (apt install graphviz、dnf install graphviz、brew install graphviz)、組込みレイアウトで描ける .svg を指定してください",
                p.display()
            ),
            (SvgError::DotBadOutput(p), Lang::En) => {
                format!("{} wrote no {f}", p.display())
            }
            (SvgError::DotBadOutput(p), Lang::Ja) => {
                format!("{} が {f} を出力しませんでした", p.display())
            }
            (cause, Lang::En) => format!("cannot draw the {f}: {cause}"),
            (cause, Lang::Ja) => format!("{f} を描画できません: {}", cause.message_ja()),
        }
    }
}

/// Draw `scene` as `format` with Graphviz (`options` gives the program, timeout and id prefix).
pub fn render_image(
    scene: &Scene,
    options: &SvgOptions,
    format: ImageFormat,
) -> Result<Vec<u8>, ImageError> {
    let graph = dot::graph(
        scene,
        &DotOptions {
            id_prefix: dot::sanitize_id_prefix(&options.id_prefix),
            flavour: Flavour::Graphviz,
        },
    );
    let program = options.dot_program();
    let fail = |cause| ImageError { format, cause };
    let bytes =
        run_dot_to(program, format.flag(), &dot::print(&graph), options.timeout).map_err(fail)?;
    if !format.looks_right(&bytes) {
        return Err(fail(SvgError::DotBadOutput(program.to_path_buf())));
    }
    Ok(bytes)
}

/// Run `program` (Graphviz `dot`) with the output flag `flag` (`-Tsvg`, `-Tpng`) on `dot_text`
/// through a pipe, killing it after `timeout`; its standard output when it succeeds.
pub(crate) fn run_dot_to(
    program: &Path,
    flag: &str,
    dot_text: &str,
    timeout: Duration,
) -> Result<Vec<u8>, SvgError> {
    let path = program.to_path_buf();
    let spawn = || {
        Command::new(program)
            .arg(flag)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
    };
    // A program file that another thread of this process has just written can be briefly
    // "busy" (ETXTBSY) while a concurrently forked child still holds its write handle: retry.
    let mut attempt = spawn();
    for _ in 0..20 {
        match &attempt {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(Duration::from_millis(25));
                attempt = spawn();
            }
            _ => break,
        }
    }
    let mut child = attempt.map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            SvgError::DotNotFound(path.clone())
        } else {
            SvgError::DotSpawn {
                path: path.clone(),
                source,
            }
        }
    })?;
    // Write and read on threads of their own, so a full pipe never blocks the other side.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot_text.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        // An early exit of dot (a syntax error) closes the pipe; its status tells why.
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                // The pipe threads end when the pipes close; a process dot started itself
                // may hold them open longer, so they are not waited for.
                drop((writer, reader, err_reader));
                return Err(SvgError::DotTimeout { path, timeout });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(source) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(SvgError::DotSpawn { path, source });
            }
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        let stderr: Vec<&str> = std::str::from_utf8(&err)
            .unwrap_or("")
            .lines()
            .take(5)
            .collect();
        return Err(SvgError::DotFailed {
            path,
            status: status.to_string(),
            stderr: stderr.join(" / "),
        });
    }
    Ok(out)
}
