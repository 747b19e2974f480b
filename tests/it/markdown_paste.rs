//! Every Markdown output escapes only what Markdown would read as markup (issue 12): an
//! underscore inside a word (`prime_vendor`, `security_terms`) pastes as written into a
//! review, a wiki or a word processor, while markup in a name (`*`, `|`, `<`) is still escaped.

use crate::common::{TODAY, run};

const MODEL: &str = r#"(
    name: "paste_test",
    software: Service,
    package: Mandatory,
    parties: {
        "city_office": (name: "City_Office *HQ*", division: Customer, operates: true),
        "prime_vendor": (name: "Prime_Vendor | <b>KK</b>", division: Provider),
        "sub_dev": (name: "Sub_Dev", division: Provider),
    },
    contracts: [
        (id: "main_contract", client: "city_office", contractor: "prime_vendor", kind: Service, security_terms: true),
        (id: "dev_sub", client: "prime_vendor", contractor: "sub_dev", kind: QuasiMandate),
    ],
)"#;

fn md(args: &[&str]) -> String {
    let mut v = args.to_vec();
    v.extend(["--today", TODAY]);
    let (code, out, err) = run(&v);
    assert_eq!(code, 0, "{args:?}: {err}");
    assert!(!out.is_empty(), "{args:?}: empty output");
    out
}

/// An id with underscores appears as written, and nowhere escaped.
fn pastes(out: &str, what: &str) {
    for id in ["prime_vendor", "sub_dev"] {
        assert!(out.contains(id), "{what}: {id} missing:\n{out}");
        let escaped = id.replace('_', "\\_");
        assert!(!out.contains(&escaped), "{what}: {escaped} in:\n{out}");
    }
    // Markup in a name stays inert: every `<` of it escaped.
    assert!(
        out.contains("\\<b>KK"),
        "{what}: the name's `<` not escaped:\n{out}"
    );
    assert!(
        !out.replace("\\<", "").contains("<b>"),
        "{what}: raw HTML in:\n{out}"
    );
}

#[test]
fn markdown_outputs_keep_underscores_in_words_and_escape_markup() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.ron");
    std::fs::write(&old, MODEL).unwrap();
    // The sub-contract gains security terms and goes to a new contractor.
    let new = dir.path().join("new.ron");
    let changed = MODEL
        .replace(
            r#"contractor: "sub_dev", kind: QuasiMandate)"#,
            r#"contractor: "sub_dev", kind: QuasiMandate, security_terms: true)"#,
        )
        .replace("paste_test", "paste_test_2");
    assert_ne!(changed, MODEL);
    std::fs::write(&new, &changed).unwrap();
    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());
    for lang in ["en", "ja"] {
        let matrix = md(&["--lang", lang, "matrix", o, "--format", "md"]);
        pastes(&matrix, "matrix md");
        assert!(
            matrix.contains("\\|"),
            "matrix md: `|` in a name not escaped:\n{matrix}"
        );
        let checklist = md(&["--lang", lang, "checklist", o, "--format", "md"]);
        pastes(&checklist, "checklist md");
        assert!(
            checklist.contains("City_Office \\*HQ\\*"),
            "checklist md:\n{checklist}"
        );
        let diff = md(&["--lang", lang, "diff", o, n, "--format", "md"]);
        assert!(
            diff.contains("dev_sub"),
            "diff md: the changed contract missing:\n{diff}"
        );
        assert!(
            !diff.contains("dev\\_sub") && !diff.contains("security\\_terms"),
            "diff md:\n{diff}"
        );
        assert!(diff.contains("paste_test_2"), "diff md:\n{diff}");
    }
}
