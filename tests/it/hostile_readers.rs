//! Readers with limits that count what matters (issue 13, attacks 6, 8 and 9): every hostile
//! input is generated here, run through the command line under a 1 GiB address-space limit
//! (`ulimit -v`, so an allocation past it fails instead of swapping), and must end in exit 2
//! with a clear message or in a correct result, never in an abort.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

mod problems;
mod sizes;

/// The address-space limit of every run here, in KiB: 1 GiB. mimalloc reserves address space
/// ahead of use, but a run of rolemap on the bundled models fits in a quarter of this.
const LIMIT_KIB: u64 = 1024 * 1024;

/// Held by the tests whose run reads a large generated input (tens of MB, a million rows),
/// so that at most one of them runs at a time: their results never depend on how many others
/// share the machine's memory and cores with them.
static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Run rolemap under the memory limit.
fn limited(args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_rolemap");
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit 2 with `needle` in the message, no panic, no abort.
fn refused(o: &Output, needle: &str) -> String {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    assert!(e.contains(needle), "expected {needle:?} in: {e}");
    e
}

const MODEL: &str = r#"(
    name: "ok",
    parties: {
        "owner": (name: "Owner", division: Customer, operates: true),
        "vendor": (name: "Vendor", division: Provider),
    },
    contracts: [(id: "dev", client: "owner", contractor: "vendor", kind: Development, security_terms: true)],
)"#;

fn model(dir: &Path) -> String {
    let f = dir.join("model.ron");
    std::fs::write(&f, MODEL).unwrap();
    f.to_string_lossy().into_owned()
}

// ---- YAML -------------------------------------------------------------------------------

// ---- XLSX -------------------------------------------------------------------------------

/// A minimal workbook: one sheet with `sheet_xml` as its `sheetData` content, and optionally a
/// shared-strings part.
fn workbook(path: &Path, sheet_data: &str, shared_strings: Option<&str>) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, text: &str| {
        z.start_file(name, opt).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    };
    put(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put(
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="status" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    put(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    put(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
        ),
    );
    if let Some(sst) = shared_strings {
        put("xl/sharedStrings.xml", sst);
    }
    z.finish().unwrap();
}

/// An inline-string cell.
fn cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The header row and one filled row of the vendor's checklist, on rows 1 and 2.
fn checklist_rows() -> String {
    checklist_rows_with("implemented")
}

/// [`checklist_rows`] with `status` in the filled row.
fn checklist_rows_with(status: &str) -> String {
    format!(
        r#"<row r="1">{}{}{}{}</row><row r="2">{}{}{}{}</row>"#,
        cell("A1", "party"),
        cell("B1", "id"),
        cell("C1", "role"),
        cell("D1", "status"),
        cell("A2", "vendor"),
        cell("B2", "S(1)-1.1"),
        cell("C2", "developer"),
        cell("D2", status),
    )
}

// ---- CSV --------------------------------------------------------------------------------

// ---- Bounded reporting ------------------------------------------------------------------
