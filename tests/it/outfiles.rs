//! `-o FILE` decides the format (issue 12, item 3): every command, every extension it writes,
//! the refusal of the ones it cannot, `--format` against a contradicting extension, and the
//! line on standard error that says what was written (quiet with `-q`).

use std::path::{Path, PathBuf};

use crate::common::{TODAY, rolemap, run};

const MODEL: &str = "models/service.ron";
const OTHER: &str = "models/product.ron";

/// What a file of each format starts with or holds.
#[derive(Debug, Clone, Copy)]
enum Is {
    Text(&'static str),
    Markdown,
    Csv,
    Json(&'static str),
    Xlsx,
    Html,
    Dot,
    Svg,
    Png,
    Pdf,
}

fn holds(bytes: &[u8], is: Is) -> bool {
    let text = std::str::from_utf8(bytes).unwrap_or("");
    match is {
        Is::Text(start) => text.starts_with(start) && !text.starts_with('#'),
        Is::Markdown => text.starts_with("# "),
        Is::Csv => {
            let first = text
                .trim_start_matches('\u{feff}')
                .lines()
                .next()
                .unwrap_or("");
            first.contains(',') && !first.starts_with('#') && !first.starts_with('{')
        }
        Is::Json(key) => {
            serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.get(key).is_some())
        }
        Is::Xlsx => bytes.starts_with(b"PK\x03\x04"),
        Is::Html => text.starts_with("<!DOCTYPE html>"),
        Is::Dot => text.starts_with("digraph"),
        Is::Svg => text.starts_with("<svg"),
        Is::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        Is::Pdf => bytes.starts_with(b"%PDF-"),
    }
}

/// A stand-in for Graphviz `dot`: a PNG or PDF signature for `-Tpng` / `-Tpdf`, SVG for
/// `-Tsvg`, and its version for `-V`.
fn fake_dot(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join("fake-dot");
    std::fs::write(
        &p,
        "#!/bin/sh\ncase \"$1\" in\n\
         -V) echo 'dot - graphviz version 9.9.9 (0)' >&2 ;;\n\
         -Tpng) cat >/dev/null; printf '\\211PNG\\r\\n\\032\\nfake' ;;\n\
         -Tpdf) cat >/dev/null; printf '%%PDF-1.4\\nfake' ;;\n\
         -Tsvg) cat >/dev/null; printf '<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\\n' ;;\n\
         *) exit 1 ;;\nesac\n",
    )
    .unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// Run the command with `-o DIR/NAME` appended: (exit code, stderr, the file's bytes if any).
fn write(args: &[&str], dir: &Path, name: &str) -> (i32, String, Option<Vec<u8>>) {
    let out = dir.join(name);
    let o = rolemap().args(args).arg("-o").arg(&out).output().unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8(o.stderr).unwrap(),
        std::fs::read(&out).ok(),
    )
}

#[test]
fn every_extension_writes_its_format_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let dot = fake_dot(dir.path());
    let dot = dot.to_str().unwrap();
    let analysis = ["--today", TODAY];
    let cases: Vec<(Vec<&str>, &str, Is)> = vec![
        (vec!["graph", MODEL], "g.dot", Is::Dot),
        (vec!["graph", MODEL], "g.gv", Is::Dot),
        (
            vec!["graph", MODEL, "--renderer", "builtin"],
            "g.svg",
            Is::Svg,
        ),
        (vec!["graph", MODEL, "--dot", dot], "g.png", Is::Png),
        (vec!["graph", MODEL, "--dot", dot], "G.PDF", Is::Pdf),
        (
            vec!["matrix", MODEL],
            "m.txt",
            Is::Text("Responsibility matrix"),
        ),
        (vec!["matrix", MODEL], "m.md", Is::Markdown),
        (vec!["matrix", MODEL], "m.csv", Is::Csv),
        (vec!["matrix", MODEL], "m.json", Is::Json("rows")),
        (vec!["check", MODEL], "c.txt", Is::Text("rolemap check")),
        (vec!["check", MODEL], "c.json", Is::Json("findings")),
        (vec!["check", MODEL], "c.sarif", Is::Json("runs")),
        (vec!["check", MODEL, OTHER], "p.json", Is::Json("models")),
        (vec!["check", MODEL, OTHER], "p.sarif", Is::Json("runs")),
        (vec!["annex", MODEL], "a.md", Is::Markdown),
        (vec!["annex", MODEL], "a.txt", Is::Text("Contract annexes")),
        (vec!["annex", MODEL], "a.xlsx", Is::Xlsx),
        (vec!["checklist", MODEL], "k.md", Is::Markdown),
        (
            vec!["checklist", MODEL, "--party", "dev-support"],
            "k.csv",
            Is::Csv,
        ),
        (vec!["checklist", MODEL], "k.xlsx", Is::Xlsx),
        (
            vec!["report", MODEL, "--renderer", "builtin"],
            "r.html",
            Is::Html,
        ),
        (
            vec!["diff", MODEL, OTHER],
            "d.txt",
            Is::Text("rolemap diff"),
        ),
        (vec!["diff", MODEL, OTHER], "d.md", Is::Markdown),
        (vec!["diff", MODEL, OTHER], "d.json", Is::Json("schema")),
        (
            vec!["export", "oscal", MODEL],
            "s.json",
            Is::Json("system-security-plan"),
        ),
        (
            vec!["export", "oscal-catalog"],
            "o.json",
            Is::Json("catalog"),
        ),
        (vec!["catalog"], "l.txt", Is::Text("Guidelines")),
        (vec!["catalog"], "l.json", Is::Json("requirements")),
        (vec!["catalog"], "l.md", Is::Markdown),
        (vec!["schema"], "schema.json", Is::Json("$schema")),
    ];
    for (args, name, is) in cases {
        let mut args = args.clone();
        if !["catalog", "schema", "export"].contains(&args[0]) || args.get(1) == Some(&"oscal") {
            args.extend(analysis);
        }
        let (code, stderr, bytes) = write(&args, dir.path(), name);
        assert!(
            code == 0 || code == 1,
            "{args:?} -o {name}: {code} {stderr}"
        );
        let bytes = bytes.unwrap_or_else(|| panic!("{args:?} -o {name}: nothing written"));
        assert!(holds(&bytes, is), "{args:?} -o {name}: not {is:?}");
        let path = dir.path().join(name);
        let line = format!("wrote {} (", path.display());
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&line) && l.ends_with(')')),
            "{args:?} -o {name}: {stderr}"
        );
    }
}

#[test]
fn an_extension_the_command_cannot_write_is_refused_with_the_ones_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (&["graph", MODEL], "g.html", ".dot, .gv, .svg, .png, .pdf"),
        (
            &["matrix", MODEL],
            "m.png",
            ".txt, .md, .markdown, .csv, .json",
        ),
        (&["check", MODEL], "c.csv", ".txt, .json, .sarif"),
        (&["check", MODEL, OTHER], "p.xlsx", ".txt, .json, .sarif"),
        (&["annex", MODEL], "a.csv", ".md, .markdown, .txt, .xlsx"),
        (
            &["checklist", MODEL],
            "k.json",
            ".md, .markdown, .csv, .xlsx",
        ),
        (&["report", MODEL], "r.png", ".html, .htm, .pdf"),
        (
            &["diff", MODEL, OTHER],
            "d.csv",
            ".txt, .md, .markdown, .json",
        ),
        (&["export", "oscal", MODEL], "s.xml", ".json"),
        (&["export", "oscal-catalog"], "o.yaml", ".json"),
        (&["catalog"], "l.csv", ".txt, .json, .md, .markdown"),
        (&["schema"], "s.yaml", ".json"),
    ];
    for (args, name, can) in cases {
        let (code, stderr, bytes) = write(args, dir.path(), name);
        assert_eq!(code, 2, "{args:?} -o {name}: {stderr}");
        assert!(bytes.is_none(), "{args:?} -o {name}: a file was written");
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            stderr.starts_with("error: ")
                && stderr.contains(&format!("cannot write .{ext} files"))
                && stderr.contains(can),
            "{args:?} -o {name}: {stderr}"
        );
        let mut ja = vec!["--lang", "ja"];
        ja.extend_from_slice(args);
        let (code, stderr, _) = write(&ja, dir.path(), name);
        assert_eq!(code, 2);
        assert!(
            stderr.starts_with("エラー: ")
                && stderr.contains(&format!(".{ext} 形式を書き出せません"))
                && stderr.contains(&can.replace(", ", "、")),
            "{ja:?} -o {name}: {stderr}"
        );
    }
}

#[test]
fn format_and_a_contradicting_extension_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["matrix", MODEL, "--format", "csv"], "m.json"),
        (&["check", MODEL, "-f", "json"], "c.txt"),
        (&["graph", MODEL, "-f", "dot"], "g.png"),
        (&["diff", MODEL, OTHER, "-f", "md"], "d.json"),
        (&["annex", MODEL, "-f", "md"], "a.xlsx"),
        (&["checklist", MODEL, "-f", "xlsx"], "k.md"),
        (&["catalog", "-f", "json"], "l.md"),
        // An extension another product writes is refused even with --format.
        (&["check", MODEL, "-f", "json"], "c.xlsx"),
    ];
    for (args, name) in cases {
        let (code, stderr, bytes) = write(args, dir.path(), name);
        assert_eq!(code, 2, "{args:?} -o {name}: {stderr}");
        assert!(bytes.is_none(), "{args:?} -o {name}: a file was written");
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
    let (_, stderr, _) = write(&["matrix", MODEL, "-f", "csv"], dir.path(), "m.json");
    assert!(
        stderr.contains("--format csv contradicts -o")
            && stderr.contains(".json is written as json"),
        "{stderr}"
    );
    let (_, stderr, _) = write(
        &["--lang", "ja", "matrix", MODEL, "-f", "csv"],
        dir.path(),
        "m.json",
    );
    assert!(
        stderr.contains("--format csv と -o") && stderr.contains("矛盾しています"),
        "{stderr}"
    );
    // Agreeing, or an extension no product writes: --format is followed.
    let (code, _, bytes) = write(&["matrix", MODEL, "-f", "csv"], dir.path(), "m2.csv");
    assert_eq!(code, 0);
    assert!(holds(&bytes.unwrap(), Is::Csv));
    let (code, _, bytes) = write(&["matrix", MODEL, "-f", "json"], dir.path(), "m.log");
    assert_eq!(code, 0);
    assert!(holds(&bytes.unwrap(), Is::Json("rows")));
    // No extension and no --format: the command's default.
    let (code, _, bytes) = write(&["check", MODEL], dir.path(), "noext");
    assert_eq!(code, 0);
    assert!(holds(&bytes.unwrap(), Is::Text("rolemap check")));
}

#[test]
fn png_and_pdf_without_graphviz_name_the_package() {
    let dir = tempfile::tempdir().unwrap();
    for (name, label) in [("g.png", "PNG"), ("g.pdf", "PDF")] {
        let args = ["graph", MODEL, "--dot", "/nonexistent/rolemap/dot"];
        let (code, stderr, bytes) = write(&args, dir.path(), name);
        assert_eq!(code, 2, "{stderr}");
        assert!(bytes.is_none());
        assert!(
            stderr.contains(&format!("{label} is drawn by Graphviz"))
                && stderr.contains("install the package `graphviz`"),
            "{stderr}"
        );
        let (code, stderr, _) = write(
            &[
                "--lang",
                "ja",
                "graph",
                MODEL,
                "--dot",
                "/nonexistent/rolemap/dot",
            ],
            dir.path(),
            name,
        );
        assert_eq!(code, 2);
        assert!(stderr.contains("パッケージ `graphviz`"), "{stderr}");
    }
    // A `dot` that writes something else is not taken for a picture.
    let bad = dir.path().join("bad-dot");
    std::fs::write(&bad, "#!/bin/sh\ncat >/dev/null\necho hello\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (code, stderr, bytes) = write(
        &["graph", MODEL, "--dot", bad.to_str().unwrap()],
        dir.path(),
        "g.png",
    );
    assert_eq!(code, 2);
    assert!(bytes.is_none());
    assert!(stderr.contains("wrote no PNG"), "{stderr}");
}

#[test]
fn the_written_line_in_both_languages_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.csv");
    let (code, stderr, bytes) = write(&["matrix", MODEL], dir.path(), "m.csv");
    assert_eq!(code, 0);
    let size = bytes.unwrap().len().div_ceil(1024);
    assert_eq!(stderr, format!("wrote {} ({size} KB)\n", out.display()));
    let (_, stderr, _) = write(&["--lang", "ja", "matrix", MODEL], dir.path(), "m.csv");
    assert!(
        stderr.starts_with(&format!("{} を書き出しました (", out.display())),
        "{stderr}"
    );
    for q in ["-q", "--quiet"] {
        let (code, stderr, bytes) = write(&[q, "matrix", MODEL], dir.path(), "q.csv");
        assert_eq!((code, stderr.as_str()), (0, ""), "{q}");
        assert!(bytes.is_some());
        // Global: after the command too.
        let (code, stderr, _) = write(&["matrix", MODEL, q], dir.path(), "q.csv");
        assert_eq!((code, stderr.as_str()), (0, ""), "{q}");
    }
    // A folder of files says how many.
    let folder = dir.path().join("lists");
    let (code, _, stderr) = run(&[
        "checklist",
        MODEL,
        "-f",
        "csv",
        "-o",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(
        stderr.starts_with(&format!("wrote 4 files into {} (", folder.display())),
        "{stderr}"
    );
    // Standard output is not a file written: no line.
    let (code, stdout, stderr) = run(&["matrix", MODEL, "-o", "-"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.starts_with("Responsibility matrix"));
    // Both files of `export oscal --catalog-out` are named.
    let plan = dir.path().join("plan.json");
    let cat = dir.path().join("cat.json");
    let (code, _, stderr) = run(&[
        "export",
        "oscal",
        MODEL,
        "--today",
        TODAY,
        "-o",
        plan.to_str().unwrap(),
        "--catalog-out",
        cat.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(stderr.contains(&format!("wrote {} (", plan.display())));
    assert!(stderr.contains(&format!("wrote {} (", cat.display())));
    // `new` says so too.
    let m = dir.path().join("new.yaml");
    let (code, _, stderr) = run(&["new", "-t", "product", "-o", m.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        stderr.starts_with(&format!("wrote {} (", m.display())),
        "{stderr}"
    );
}
