//! `diff` names the contracts that change (issue 12, item 7): added, removed, and changed in
//! contractor, kind, roles, security terms and dates, in text, Markdown and JSON, in both
//! languages; and the portfolio table names every model's path whole.

use crate::common::{TODAY, run};

const OLD: &str = "tests/fixtures/diff/contracts-old.ron";
const NEW: &str = "tests/fixtures/diff/contracts-new.ron";

/// The lines of the text output's Contracts section.
fn section<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| *l != heading)
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn contracts_section_in_text() {
    let (code, out, err) = run(&["diff", OLD, NEW, "--today", TODAY]);
    assert_eq!((code, err.as_str()), (0, ""));
    let lines = section(&out, "Contracts").join("\n");
    for want in [
        "  audit (added): owner → dev-support, operation and maintenance contract,",
        "  operation-support\n    contractor: contractor → infra-provider\n    support until: 2033-03-31 → 2030-03-31",
        "  dev-support\n    kind: Development → Operation\n    security terms: true → false\n    until: open → 2030-03-31",
        "    roles: [Developer(Lead, \"platform\"), Supplier(Infra), Operator(Infra)] →\n      [Supplier(Infra), Operator(Infra)]",
        "  component (removed): contractor → component-dev, component provision, security",
    ] {
        assert!(lines.contains(want), "missing {want:?} in:\n{lines}");
    }
    // The section comes before the allocations, after the roles.
    let (r, c, a) = (
        out.find("\nRoles\n").unwrap(),
        out.find("\nContracts\n").unwrap(),
        out.find("\nAllocations").unwrap(),
    );
    assert!(r < c && c < a);
    let (_, ja, _) = run(&["--lang", "ja", "diff", OLD, NEW, "--today", TODAY]);
    let lines = section(&ja, "契約").join("\n");
    for want in [
        "audit (追加): owner → dev-support、",
        "受注者: contractor → infra-provider",
        "サポート期限: 2033-03-31 → 2030-03-31",
        "セキュリティ要件: true → false",
        "終了日: 指定なし → 2030-03-31",
        "component (削除): contractor → component-dev",
    ] {
        assert!(lines.contains(want), "missing {want:?} in:\n{lines}");
    }
    // A model against itself: no section, and the no-change sentence names contracts.
    let (_, same, _) = run(&["diff", OLD, OLD, "--today", TODAY]);
    assert!(!same.contains("\nContracts\n"));
    assert!(same.contains("No changes in contracts, roles, allocations or findings."));
}

#[test]
fn contracts_section_in_markdown_and_json() {
    let (code, md, _) = run(&["diff", OLD, NEW, "--today", TODAY, "-f", "md"]);
    assert_eq!(code, 0);
    assert!(
        md.contains("## Contracts\n\n| contract | change |\n|---|---|\n"),
        "{md}"
    );
    assert!(md.contains("| dev-support | kind: Development → Operation; security terms: true → false; until: open → 2030-03-31 |"), "{md}");
    assert!(md.contains("| component (removed) | contractor → component-dev, component provision, security terms |"), "{md}");
    let (_, md_ja, _) = run(&[
        "--lang", "ja", "diff", OLD, NEW, "--today", TODAY, "-f", "md",
    ]);
    assert!(md_ja.contains("## 契約\n"), "{md_ja}");

    let (_, json, _) = run(&["diff", OLD, NEW, "--today", TODAY, "-f", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let cs = v["contracts"].as_array().unwrap();
    let by = |id: &str| cs.iter().find(|c| c["id"] == id).unwrap();
    assert_eq!(cs.len(), 5);
    assert_eq!(by("audit")["change"], "added");
    assert_eq!(by("audit")["contractor"], "dev-support");
    assert_eq!(by("component")["change"], "removed");
    assert_eq!(by("component")["kind"], "component");
    let dev = by("dev-support");
    assert_eq!(dev["change"], "changed");
    assert_eq!(
        dev["fields"],
        serde_json::json!([
            {"field": "kind", "old": "Development", "new": "Operation"},
            {"field": "security_terms", "old": true, "new": false},
            {"field": "until", "old": null, "new": "2030-03-31"},
        ])
    );
    assert_eq!(by("operation-support")["fields"][0]["field"], "contractor");
    assert_eq!(v["summary"]["contracts_changed"], 5);
}

#[test]
fn the_portfolio_table_names_long_paths_whole() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir
        .path()
        .join("a-folder-name-long-enough-to-pass-the-column")
        .join("and-one-more-level-of-it");
    std::fs::create_dir_all(&deep).unwrap();
    for m in ["service", "product"] {
        std::fs::copy(
            crate::common::root().join(format!("models/{m}.ron")),
            deep.join(format!("{m}.ron")),
        )
        .unwrap();
    }
    let (code, out, err) = run(&["check", dir.path().to_str().unwrap(), "--today", TODAY]);
    assert!(code == 0 || code == 1, "{err}");
    for m in ["service", "product"] {
        let whole = deep.join(format!("{m}.ron"));
        let whole = whole.to_str().unwrap();
        let at = out
            .lines()
            .position(|l| l == whole)
            .unwrap_or_else(|| panic!("{whole} not named whole on its own line:\n{out}"));
        // Its figures follow on the next line, under the columns.
        let next = out.lines().nth(at + 1).unwrap();
        assert!(
            next.starts_with("   ") && next.trim_start().starts_with(|c: char| c.is_ascii_digit()),
            "{next}"
        );
    }
    assert!(!out.contains('…'), "{out}");
}
