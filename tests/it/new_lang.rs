//! `rolemap new` writes the template's comments in the chosen language, in every format that
//! has comments (RON `//`, YAML `#`), and JSON (no comments) refers to none (issue 12,
//! item 7).

use crate::common::{TODAY, models, run};

/// The template name of a bundled model path.
fn name(path: &str) -> String {
    path.trim_start_matches("models/")
        .trim_end_matches(".ron")
        .to_string()
}

fn header(text: &str, prefix: &str) -> Vec<String> {
    text.lines()
        .take_while(|l| l.starts_with(prefix))
        .map(String::from)
        .collect()
}

fn japanese(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn japanese_comments_in_ron_and_yaml() {
    let dir = tempfile::tempdir().unwrap();
    for m in models() {
        let t = name(&m);
        let original = std::fs::read_to_string(crate::common::root().join(&m)).unwrap();
        let en_head = header(&original, "//");
        let (code, ja, err) = run(&["--lang", "ja", "new", "-t", &t]);
        assert_eq!((code, err.as_str()), (0, ""), "{t}");
        let ja_head = header(&ja, "//");
        assert!(!ja_head.is_empty(), "{t}: no header");
        // Every prose line of the header is Japanese (blank and table lines aside): the
        // English sentences are gone.
        for (e, j) in [
            ("Reproduces", "再現"),
            ("Expected findings", "想定される指摘"),
        ] {
            if en_head.iter().any(|l| l.contains(e)) {
                assert!(ja_head.iter().any(|l| l.contains(j)), "{t}: no {j}");
            }
        }
        assert!(
            !ja_head.iter().any(|l| l.contains("Expected findings")),
            "{t}"
        );
        let prose = ja_head.iter().filter(|l| japanese(l)).count();
        assert!(
            prose * 2 > ja_head.len(),
            "{t}: mostly Japanese, got {prose} of {}",
            ja_head.len()
        );
        // Below the header, the model is the bundled one, byte for byte.
        assert_eq!(
            &ja[ja_head.iter().map(|l| l.len() + 1).sum::<usize>()..],
            &original[en_head.iter().map(|l| l.len() + 1).sum::<usize>()..],
            "{t}"
        );
        // English is the bundled file itself.
        let (_, en, _) = run(&["new", "-t", &t]);
        assert_eq!(en, original, "{t}");
        // YAML carries the same header as `#` comments, in either language, and checks like
        // the RON.
        for lang in ["en", "ja"] {
            let file = dir.path().join(format!("{t}-{lang}.yaml"));
            let (code, _, err) = run(&[
                "-q",
                "--lang",
                lang,
                "new",
                "-t",
                &t,
                "-o",
                file.to_str().unwrap(),
            ]);
            assert_eq!(code, 0, "{err}");
            let yaml = std::fs::read_to_string(&file).unwrap();
            let want: Vec<String> = (if lang == "en" { &en_head } else { &ja_head })
                .iter()
                .map(|l| format!("#{}", &l[2..]))
                .collect();
            assert_eq!(header(&yaml, "#"), want, "{t} {lang}");
            let (c1, a, _) = run(&[
                "check",
                file.to_str().unwrap(),
                "--today",
                TODAY,
                "-f",
                "json",
            ]);
            let (c2, b, _) = run(&["check", &m, "--today", TODAY, "-f", "json"]);
            assert_eq!(c1, c2, "{t}");
            let count = |s: &str| {
                let v: serde_json::Value = serde_json::from_str(s).unwrap();
                v["findings"].as_array().unwrap().len()
            };
            assert_eq!(count(&a), count(&b), "{t} {lang}");
        }
        // JSON has no comments, and nothing in it points at one.
        let file = dir.path().join(format!("{t}.json"));
        run(&["-q", "new", "-t", &t, "-o", file.to_str().unwrap()]);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("header comment"), "{t}: {text}");
    }
}
