//! `report --format pdf`: the page printed by a headless Chromium. The page is written to a
//! private temporary folder, printed there (`--print-to-pdf`, its own profile, no network:
//! the page loads nothing, and the browser's background services are off), and the PDF is
//! handed to the safe writer. Without a browser the error names the package `chromium`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Failure;

/// How long the browser may take to print one report.
const TIMEOUT: Duration = Duration::from_secs(180);

/// The browsers looked for on `PATH`, in this order.
const NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// The browser to print with: `ROLEMAP_CHROMIUM` when set, else the first of [`NAMES`] on
/// `PATH`.
fn browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ROLEMAP_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    NAMES.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn missing() -> Failure {
    Failure::Usage(
        format!(
            "a PDF is printed by a headless Chromium, and none was found (looked for {} on PATH, or ROLEMAP_CHROMIUM); install the package `chromium` (apt install chromium), or write .html and print it from a browser",
            NAMES.join(", ")
        ),
        format!(
            "PDF はヘッドレスの Chromium で印刷しますが、見つかりません (PATH 上の {}、または ROLEMAP_CHROMIUM)。パッケージ `chromium` をインストールするか (apt install chromium)、.html を出力してブラウザから印刷してください",
            NAMES.join("、")
        ),
    )
}

/// The browser could not print: why, in English and in Japanese.
fn failed(program: &Path, why: &str, why_ja: &str) -> Failure {
    Failure::Usage(
        format!(
            "{} could not print the report to PDF: {why}",
            program.display()
        ),
        format!(
            "{} でレポートを PDF に印刷できませんでした: {why_ja}",
            program.display()
        ),
    )
}

/// Print `html` (a report rendered for print) to PDF bytes.
pub fn print(html: &str) -> Result<Vec<u8>, Failure> {
    let program = browser().ok_or_else(missing)?;
    let io = |e: std::io::Error| failed(&program, &e.to_string(), &crate::i18n::os_error_ja(&e));
    let dir = tempfile::Builder::new()
        .prefix("rolemap-pdf-")
        .tempdir()
        .map_err(io)?;
    let page = dir.path().join("report.html");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&page, html).map_err(io)?;
    let mut url = String::from("file://");
    for b in page.to_string_lossy().bytes() {
        // Percent-encode all but the unreserved characters and `/`.
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    let mut child = Command::new(&program)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-sync",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-pdf-header-footer",
            "--proxy-server=127.0.0.1:9",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                missing()
            } else {
                io(e)
            }
        })?;
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(io)? {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            let s = TIMEOUT.as_secs();
            return Err(failed(
                &program,
                &format!("no PDF after {s} s"),
                &format!("{s} 秒たっても PDF ができません"),
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let bytes = std::fs::read(&pdf).unwrap_or_default();
    if !bytes.starts_with(b"%PDF-") {
        return Err(failed(
            &program,
            &format!("it wrote no PDF ({status})"),
            &format!("PDF が書き出されませんでした ({status})"),
        ));
    }
    Ok(bytes)
}
