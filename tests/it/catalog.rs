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

mod builtin;
mod custom;

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

// ---- --catalog FILE ---------------------------------------------------------------------------

/// One problem: code, line, column, English help.
type Problem = (&'static str, usize, usize, Option<String>);

// ---- the command line ------------------------------------------------------------------------
