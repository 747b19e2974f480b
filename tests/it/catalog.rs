//! The built-in catalog is the canonical list of SPEC §5, in both languages and with a source
//! for every entry; `--catalog FILE` is checked as strictly as a model and drives `check`.

use std::collections::{BTreeMap, BTreeSet};

use assert_cmd::Command;
use rolemap::catalog::{Applies, Catalog, Source, load_catalog_file};
use rolemap::i18n::{Lang, Text};
use rolemap::load::DEFAULT_MAX_SIZE;
use rolemap::load::diagnostics::FileDiagnostics;
use rolemap::{Package, Role};

use Role::{Customer, Developer, Operator, Supplier};

const PROVIDERS: &[Role] = &[Developer, Supplier, Operator];

/// SPEC §5: id, Japanese title, roles, application.
const SPEC_TABLE: &[(&str, &str, &[Role], Applies)] = &[
    (
        "(1)-1",
        "設計時のリスク評価と対策の追跡",
        &[Developer],
        Applies::Role,
    ),
    ("(1)-2", "セキュアなビルド", &[Developer], Applies::Role),
    ("(1)-3", "テスト", &[Developer], Applies::Role),
    (
        "(1)-4",
        "サービスのモニタリング",
        &[Operator],
        Applies::Role,
    ),
    (
        "(2)-1",
        "セキュアなコンポーネントの調達",
        &[Developer, Operator],
        Applies::Role,
    ),
    (
        "(2)-2",
        "リリースファイルやデータのセキュアなアーカイブ",
        &[Developer, Supplier],
        Applies::Role,
    ),
    (
        "(2)-3",
        "関係者間のセキュリティ要件の確立",
        PROVIDERS,
        Applies::Contract,
    ),
    (
        "(2)-4",
        "利用者への適切な情報提供",
        &[Supplier, Developer],
        Applies::Role,
    ),
    (
        "(3)-1",
        "継続的な脆弱性調査",
        &[Developer, Operator],
        Applies::Role,
    ),
    (
        "(3)-2",
        "検知した脆弱性への対処",
        &[Developer, Supplier, Operator],
        Applies::Role,
    ),
    (
        "(3)-3",
        "対処結果を組織のプロセス改善に活用",
        &[Developer, Operator],
        Applies::Role,
    ),
    (
        "(4)-1",
        "人材：経営層のコミットメントと人員の整備",
        PROVIDERS,
        Applies::Organisation,
    ),
    (
        "(4)-2",
        "プロセス：開発ポリシーの確立と法令順守",
        &[Developer],
        Applies::Organisation,
    ),
    (
        "(4)-3",
        "プロセス：運用ポリシーの確立と法令順守",
        &[Operator],
        Applies::Organisation,
    ),
    (
        "(4)-4",
        "プロセス：開発運用基準の策定",
        &[Developer, Operator],
        Applies::Organisation,
    ),
    (
        "(4)-5",
        "技術：セキュアな開発ツールの整備",
        &[Developer],
        Applies::Organisation,
    ),
    (
        "(4)-6",
        "技術：セキュアな開発環境の整備",
        &[Developer],
        Applies::Organisation,
    ),
    (
        "(5)-1",
        "情報連携のための組織体制",
        PROVIDERS,
        Applies::Organisation,
    ),
    ("(5)-2", "協力体制の強化", PROVIDERS, Applies::Organisation),
    (
        "(6)-1",
        "顧客の経営層のリーダーシップによるリスク管理",
        &[Customer],
        Applies::Customer,
    ),
    (
        "(6)-2",
        "顧客の経営層のリーダーシップによるソフトウェアの調達、運用",
        &[Customer],
        Applies::Customer,
    ),
];

/// The 15 individual items of SPEC §5 / guideline §3.2.
const ITEMS: &[&str] = &[
    "S(1)-1.1", "S(1)-1.2", "S(1)-4.1", "S(1)-4.2", "S(1)-4.3", "S(1)-4.4", "S(2)-1.3", "S(2)-4.1",
    "S(3)-1.4", "S(3)-3.1", "S(4)-1.2", "S(4)-1.5", "S(4)-2.1", "S(4)-2.3", "S(6)-2.4",
];

/// Items whose package the seed states (guideline §3.2, "C-seed").
const CONFIRMED_PACKAGES: &[(&str, Package)] = &[
    ("S(1)-1.1", Package::Mandatory),
    ("S(1)-4.1", Package::Mandatory),
    ("S(1)-4.4", Package::Mandatory),
    ("S(2)-1.3", Package::Mandatory),
    ("S(2)-4.1", Package::Mandatory),
    ("S(3)-1.4", Package::Mandatory),
    ("S(3)-3.1", Package::Standard),
    ("S(4)-1.2", Package::Mandatory),
    ("S(4)-2.3", Package::Mandatory),
    ("S(6)-2.4", Package::Mandatory),
];

fn assert_bilingual(t: &Text, what: &str) {
    assert!(!t.en.trim().is_empty(), "{what}: English missing");
    assert!(!t.ja.trim().is_empty(), "{what}: Japanese missing");
    assert!(
        !t.ja.is_ascii(),
        "{what}: Japanese text is ASCII: {:?}",
        t.ja
    );
}

fn assert_source(s: &Source, tags: &BTreeSet<&str>, what: &str) {
    match s {
        Source::Seed => {}
        Source::Web(t) => {
            for tag in t.split(',').map(str::trim) {
                assert!(tags.contains(tag), "{what}: Web tag {tag:?} not in sources");
            }
        }
        Source::Inferred(reason) => assert_bilingual(reason, &format!("{what}: inference")),
    }
}

#[test]
fn builtin_catalog_is_canonical() {
    let c = Catalog::builtin();
    assert!(!c.id.is_empty());
    assert_bilingual(&c.title, "catalog title");
    assert_bilingual(&c.edition, "catalog edition");

    // 6 categories, (1) to (6), in order; (6) is the customer's.
    let cats: Vec<&str> = c.categories.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(cats, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]);
    for k in &c.categories {
        let want = if k.id == "(6)" {
            rolemap::Division::Customer
        } else {
            rolemap::Division::Provider
        };
        assert_eq!(k.holder, want, "{}", k.id);
    }

    // The 21 requirements of SPEC §5 in order, with their titles, roles and application.
    let ids: Vec<&str> = c.requirements.iter().map(|r| r.id.as_str()).collect();
    let want: Vec<&str> = SPEC_TABLE.iter().map(|r| r.0).collect();
    assert_eq!(ids, want);
    assert_eq!(c.requirements.len(), 21);
    for (r, (id, ja, roles, applies)) in c.requirements.iter().zip(SPEC_TABLE) {
        assert_eq!(r.title.ja, *ja, "{id}: title");
        let got: BTreeSet<Role> = r.roles.iter().copied().collect();
        let want: BTreeSet<Role> = roles.iter().copied().collect();
        assert_eq!(got, want, "{id}: roles");
        assert_eq!(got.len(), r.roles.len(), "{id}: a role listed twice");
        assert_eq!(r.applies, *applies, "{id}: applies");
        // The category is the id's prefix.
        assert_eq!(r.category, id[..3], "{id}: category");
    }

    // The 15 known items, each under its own requirement (residual units aside).
    let items: Vec<&str> = c
        .requirements
        .iter()
        .flat_map(|r| {
            r.items
                .iter()
                .filter(|i| !i.residual)
                .map(|i| i.id.as_str())
        })
        .collect();
    assert_eq!(items, ITEMS);
    for r in &c.requirements {
        for i in &r.items {
            assert!(
                i.id.starts_with(&format!("S{}.", r.id)),
                "{} sits under {}",
                i.id,
                r.id
            );
        }
    }
    let packages: BTreeMap<&str, Package> = c
        .requirements
        .iter()
        .flat_map(|r| r.items.iter().map(|i| (i.id.as_str(), i.package)))
        .collect();
    for (id, p) in CONFIRMED_PACKAGES {
        assert_eq!(packages[id], *p, "{id}: package");
    }
    // Every other item's package is marked as our reading.
    for r in &c.requirements {
        for i in &r.items {
            if !CONFIRMED_PACKAGES.iter().any(|(id, _)| *id == i.id) {
                let src = i.package_source.as_ref().unwrap_or(&i.source);
                assert!(
                    src.is_inferred(),
                    "{}: unconfirmed package not marked Inferred",
                    i.id
                );
            }
        }
    }

    // Ids are unique across requirements and items.
    let all = c.all_ids();
    let unique: BTreeSet<&str> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len());
    assert_eq!(all.len(), 21 + 15 + 5);
}

#[test]
fn builtin_catalog_is_bilingual_and_sourced() {
    let c = Catalog::builtin();
    let tags: BTreeSet<&str> = c.sources.iter().map(|s| s.tag.as_str()).collect();
    assert!(!tags.is_empty());
    for s in &c.sources {
        assert!(!s.title.trim().is_empty(), "source {}", s.tag);
    }
    for k in &c.categories {
        assert_bilingual(&k.title, &k.id);
        assert_source(&k.source, &tags, &k.id);
        if let Some(n) = &k.note {
            assert_bilingual(n, &format!("{} note", k.id));
        }
    }
    let mut inferred = 0;
    for r in &c.requirements {
        assert_bilingual(&r.title, &r.id);
        assert_source(&r.source, &tags, &r.id);
        assert_source(&r.roles_source, &tags, &format!("{} roles", r.id));
        if let Some(n) = &r.note {
            assert_bilingual(n, &format!("{} note", r.id));
        }
        for i in &r.items {
            assert_bilingual(&i.title, &i.id);
            for s in [
                Some(&i.source),
                i.title_source.as_ref(),
                i.package_source.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                assert_source(s, &tags, &i.id);
                inferred += s.is_inferred() as usize;
            }
            if let Some(n) = &i.note {
                assert_bilingual(n, &format!("{} note", i.id));
            }
        }
        inferred += r.roles_source.is_inferred() as usize;
    }
    assert!(inferred > 0, "the catalog marks its inferences");
    // Reports show the source in both languages.
    let s = Source::Inferred(Text {
        en: "why".into(),
        ja: "理由".into(),
    });
    assert!(s.describe(Lang::En).contains("why"));
    assert!(s.describe(Lang::Ja).contains("理由"));
}

#[test]
fn builtin_units_and_lookups() {
    let c = Catalog::builtin();
    // A requirement with items is allocated per item; one without is one unit.
    let units: Vec<&str> = c.units().map(|u| u.id()).collect();
    // Nine requirements have known items: (1)-1, (1)-4, (2)-1, (2)-4, (3)-1, (3)-3, (4)-1,
    // (4)-2 and (6)-2.
    assert_eq!(
        c.requirements
            .iter()
            .filter(|r| !r.items.is_empty())
            .count(),
        9
    );
    // Five of them keep a residual unit for their unlisted items.
    assert_eq!(units.len(), 21 - 9 + 15 + 5, "{units:?}");
    assert!(units.contains(&"(1)-2"));
    assert!(!units.contains(&"(1)-4"));
    assert_eq!(c.resolve("(1)-4").len(), 4);
    assert_eq!(c.resolve("S(1)-4.4").len(), 1);
    assert_eq!(c.roles_of("(2)-3"), [Developer, Supplier, Operator]);
    // Items inherit their requirement's roles unless they state their own.
    for u in c.units() {
        if let Some(i) = u.item
            && i.roles.is_none()
        {
            assert_eq!(u.roles(), u.requirement.roles.as_slice());
        }
    }
}

// ---- --catalog FILE ---------------------------------------------------------------------------

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/catalogs/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// One problem: code, line, column, English help.
type Problem = (&'static str, usize, usize, Option<String>);

/// Every problem of a broken catalog fixture, and their English messages.
fn problems(name: &str) -> (Vec<Problem>, String) {
    let path = fixture(name);
    let d: FileDiagnostics = match load_catalog_file(&path, DEFAULT_MAX_SIZE) {
        Ok(_) => panic!("{name} loaded, but it is broken"),
        Err(d) => d,
    };
    assert_eq!(d.file.name(), path);
    let v = d
        .diagnostics
        .iter()
        .map(|x| {
            let p = d.position(x);
            (x.problem.code(), p.line, p.column, x.problem.help(Lang::En))
        })
        .collect();
    let messages = d
        .diagnostics
        .iter()
        .map(|x| x.problem.message(Lang::En))
        .collect::<Vec<_>>()
        .join("\n");
    (v, messages)
}

/// Line and column of the first occurrence of `needle` in a fixture.
fn locate(name: &str, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let off = text.find(needle).unwrap();
    let before = &text[..off];
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        text[start..off].chars().count() + 1,
    )
}

#[test]
fn small_catalog_loads() {
    let c = load_catalog_file(&fixture("small.ron"), DEFAULT_MAX_SIZE).unwrap();
    assert_eq!(c.id, "test-catalog");
    assert_eq!(c.requirements.len(), 3);
    assert_eq!(
        c.all_ids(),
        ["(1)-1", "S(1)-1.1", "S(1)-1.2", "(1)-2", "(6)-1"]
    );
    assert_eq!(c.requirements[0].items[1].package, Package::Standard);
    // The requirement without `package` is in the mandatory package, as our reading.
    assert_eq!(c.requirements[1].package, Some(Package::Mandatory));
    assert!(
        matches!(&c.requirements[1].package_source, Some(Source::Inferred(t)) if t.en.contains("states no package for (1)-2")),
        "{:?}",
        c.requirements[1].package_source
    );
    // The requirement covered by its items has no package of its own.
    assert_eq!(c.requirements[0].package, None);
    // It cites `Seed` without listing it: the slides are listed for it.
    assert_eq!(c.sources[0].tag, "seed");
    assert!(c.unlisted_citations().is_empty());
    assert!(
        matches!(&c.requirements[0].roles_source, Source::Inferred(t) if t.ja == "テスト用の解釈")
    );
}

#[test]
fn catalog_unknown_field_with_a_typo() {
    let (v, _) = problems("unknown-field.ron");
    // `roles` is then missing as well; that is reported at the requirement's opening bracket.
    let codes: Vec<(&str, usize, usize)> = v.iter().map(|x| (x.0, x.1, x.2)).collect();
    assert_eq!(codes, [("missing-field", 28, 9), ("unknown-field", 32, 13)]);
    assert_eq!((v[1].1, v[1].2), locate("unknown-field.ron", "rolse"));
    assert_eq!(v[1].3.as_deref(), Some("did you mean \"roles\"?"));
}

#[test]
fn catalog_unknown_role() {
    let (v, msg) = problems("unknown-role.ron");
    assert_eq!(v.len(), 1, "{msg}");
    assert_eq!((v[0].0, v[0].1, v[0].2), ("unknown-variant", 32, 21));
    assert_eq!((v[0].1, v[0].2), locate("unknown-role.ron", "Operater"));
    assert_eq!(v[0].3.as_deref(), Some("did you mean \"Operator\"?"));
}

#[test]
fn catalog_web_tag_not_in_sources() {
    let (v, msg) = problems("unknown-web-tag.ron");
    assert_eq!(v.len(), 1, "{msg}");
    assert_eq!((v[0].0, v[0].1, v[0].2), ("unknown-reference", 24, 123));
    assert_eq!((v[0].1, v[0].2), locate("unknown-web-tag.ron", "\"T, U\""));
    assert!(msg.contains("\"U\""), "{msg}");
}

#[test]
fn catalog_duplicate_requirement_id() {
    let (v, msg) = problems("duplicate-requirement.ron");
    assert_eq!(v.len(), 1, "{msg}");
    assert_eq!((v[0].0, v[0].1, v[0].2), ("duplicate-id", 38, 17));
    assert!(msg.contains("\"(1)-2\""), "{msg}");
}

#[test]
fn catalog_plain_string_title() {
    let (v, msg) = problems("plain-title.ron");
    assert_eq!(v.len(), 1, "{msg}");
    assert_eq!((v[0].0, v[0].1, v[0].2), ("wrong-type", 31, 20));
    assert_eq!(
        (v[0].1, v[0].2),
        locate("plain-title.ron", "\"Monitoring\"")
    );
    assert!(
        v[0].3.as_deref().unwrap().contains("both languages"),
        "{:?}",
        v[0].3
    );
    // The message must not offer a plain string as valid while rejecting one.
    assert!(
        !msg.starts_with("expected a string or"),
        "self-contradictory message: {msg}"
    );
}

// ---- the command line ------------------------------------------------------------------------

fn rolemap() -> Command {
    let mut c = Command::cargo_bin("rolemap").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    c
}

#[test]
fn cli_check_with_a_broken_catalog_exits_2() {
    for (name, pos) in [
        ("unknown-role.ron", "32:21"),
        ("unknown-field.ron", "32:13"),
        ("unknown-web-tag.ron", "24:123"),
        ("duplicate-requirement.ron", "38:17"),
        ("plain-title.ron", "31:20"),
    ] {
        let rel = format!("tests/fixtures/catalogs/{name}");
        let out = rolemap()
            .args(["check", "models/product.ron", "--catalog", &rel])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(&format!("{rel}:{pos}")),
            "{name}: file and position not named:\n{stderr}"
        );
        assert!(out.stdout.is_empty(), "{name}: output on stdout");
    }
}

fn check_json(model: &str, catalog: &str) -> (i32, serde_json::Value) {
    let out = rolemap()
        .args([
            "check",
            model,
            "--catalog",
            catalog,
            "--format",
            "json",
            "--today",
            "2026-11-25",
        ])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, v)
}

#[test]
fn cli_check_with_a_custom_catalog() {
    let catalog = "tests/fixtures/catalogs/small.ron";
    let (code, v) = check_json("models/product.ron", catalog);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["schema"], "rolemap/check/v1");
    assert_eq!(v["catalog"]["id"], "test-catalog");
    assert_eq!(v["catalog"]["file"], catalog);
    let allocations = v["allocations"].as_array().unwrap();
    let reqs: BTreeSet<&str> = allocations
        .iter()
        .map(|a| a["requirement"].as_str().unwrap())
        .collect();
    assert_eq!(reqs, ["(1)-1", "(1)-2", "(6)-1"].into());
    let units: Vec<(&str, &str)> = allocations
        .iter()
        .map(|a| {
            (
                a["item"].as_str().or(a["requirement"].as_str()).unwrap(),
                a["role"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        units,
        [
            ("S(1)-1.1", "developer"),
            ("S(1)-1.2", "developer"),
            ("(1)-2", "operator"),
            ("(6)-1", "customer"),
        ]
    );
    for a in allocations {
        assert_eq!(a["status"], "assigned", "{a:#}");
    }
    // Only the customer-operates notice.
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["customer-operates"]);

    // The same catalog finds the hospital's missing operator lead: exit 1.
    let (code, v) = check_json("models/municipal-hospital.ron", catalog);
    assert_eq!(code, 1);
    let no_lead: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "no-lead")
        .collect();
    assert_eq!(no_lead.len(), 1, "{no_lead:#?}");
    assert_eq!(no_lead[0]["requirement"], "(1)-2");
    assert_eq!(no_lead[0]["scope"], "medical devices");
}

#[test]
fn model_assignments_are_checked_against_the_catalog_in_use() {
    // ministry-benefits assigns S(1)-4.4, which the small catalog does not have.
    let out = rolemap()
        .args([
            "check",
            "models/ministry-benefits.ron",
            "--catalog",
            "tests/fixtures/catalogs/small.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("models/ministry-benefits.ron:"), "{stderr}");
    assert!(stderr.contains("S(1)-4.4"), "{stderr}");
}

#[test]
fn cli_catalog_lists_a_custom_catalog() {
    let out = rolemap()
        .args([
            "catalog",
            "--catalog",
            "tests/fixtures/catalogs/small.ron",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "test-catalog");
    let out = rolemap()
        .args([
            "catalog",
            "--catalog",
            "tests/fixtures/catalogs/unknown-role.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
