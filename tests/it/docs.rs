//! Documentation generated from the code's data: the contract-kind table and the catalog.
//! A page that no longer matches fails the test; `ROLEMAP_BLESS=1 cargo test --test it docs::`
//! rewrites it.

use std::fmt::Write;
use std::path::Path;

use rolemap::derive::KIND_RULES;
use rolemap::{Catalog, Lang};

fn check_page(rel: &str, content: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if crate::common::bless() {
        std::fs::write(&path, content).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == content,
        "{rel} is stale: run `ROLEMAP_BLESS=1 cargo test --test it docs::` and review the diff"
    );
}

fn role_list(defaults: &[(rolemap::Role, rolemap::Qualifier, Option<&str>)]) -> String {
    if defaults.is_empty() {
        return "—".into();
    }
    defaults
        .iter()
        .map(|(r, q, s)| match s {
            Some(s) => format!("{}({}, \"{s}\")", r.name(), q.name()),
            None => format!("{}({})", r.name(), q.name()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn contract_kinds_page() {
    let mut s = String::new();
    s.push_str("# Contract kinds / 契約の種類\n\n");
    s.push_str(
        "<!-- Generated from src/derive/kind_rules.rs by tests/it/docs.rs. Do not edit. -->\n\n",
    );
    s.push_str(
        "Which roles a contract passes to its **contractor** when the contract does not state its own \
         `roles`. Stated `roles` replace these defaults. A bare role (`Developer`) written in a \
         contract's `roles` takes the kind's bare qualifier.\n\n\
         契約に `roles` の明記がないとき、受注者に渡る既定の役割です。明記した `roles` はこの既定を置き換えます。\n\n",
    );
    s.push_str("| kind | 種類 | contractor's default roles | bare role means | roles must be stated | note | 備考 |\n");
    s.push_str("|---|---|---|---|---|---|---|\n");
    for r in KIND_RULES {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            r.kind.name(),
            r.kind.label(Lang::Ja),
            role_list(r.defaults),
            r.bare_qualifier.name(),
            if r.roles_required {
                "yes (`roles-unstated`)"
            } else {
                "no"
            },
            r.note.0,
            r.note.1
        );
    }
    s.push_str(
        "\nFurther rules (SPEC §4):\n\n\
         - Under a `Service` contract, a client with `operates: true` holds Operator(Lead, \"use\") \
         (shared responsibility: the provider operates the service, the customer its use).\n\
         - A `Customer`-division party that is the contractor of no contract is the system owner and \
         holds Customer(Lead).\n\
         - `operates: true` gives Operator(Lead).\n\
         - A bare role takes the kind's bare qualifier when the role can take it; otherwise Lead \
         (Developer or Customer written bare under `Infrastructure`).\n\
         - An empty `roles: []` states that the contract passes no role.\n\
         - Two leads of one role in one scope conflict (`multiple-leads`) only when they belong to \
         different organisations: departments of one organisation lead together.\n",
    );
    s.push_str(
        "\n## Chain rules / 連鎖の規則\n\n\
         What a contract passes also depends on what its client holds (our reading of the \
         guideline's use-case tables; reasons from these rules say they are inferred: rules \
         `flow-down` and `direct-sale` in JSON):\n\n\
         - **Flow-down.** When the client already holds a role in a scope (as Lead, or as Support) \
         through another contract, its own `roles` or `operates`, and this contract's kind would \
         pass that role in that scope as Lead, the contractor holds it as **Support**: the lead \
         stays with the party nearest the customer (開発支援 ○(支援) under the prime of the 請負 \
         table). So a 請負 chain owner → prime → tier 2 → tier 3 has one lead, the prime; a reseller \
         buying from a distributor keeps the Supplier lead; an `Operation` contract of an operating \
         customer gives Operator(Support). A role in another scope (a `Component` maker's \
         \"component\") and an `Infra` holding do not flow down. Stated `roles` are never changed.\n\
         - **Direct sale.** A `Sales` contractor that receives the software from nobody in the \
         model (the client of no `Distribution`, `Development`, `Component` or `Sales` contract), \
         holds no Developer role and whose contract states no `roles` is the developer selling \
         directly (開発者が供給者を兼ねる): Developer(Lead), or Developer(Support) by flow-down \
         below a client that holds Developer.\n\n\
         契約が渡す役割は発注者が持つ役割にもよります (ガイドラインのユースケース表の解釈。この規則による理由は\
         推定であることを示し、JSON では `flow-down`、`direct-sale`):\n\n\
         - **フローダウン。** 発注者が別の契約、自らの `roles` または `operates` によりある役割を同じ範囲で\
         (主体または支援として) 既に持ち、この契約の種類がその役割を主体として渡す場合、受注者は**支援**と\
         なります。主体は顧客に最も近い関係者に留まります (請負の表で元請の下の開発支援が ○(支援))。範囲の\
         異なる役割 (`Component` の \"component\") とインフラはフローダウンしません。明記した `roles` は変わりません。\n\
         - **直販。** モデル内の誰からもソフトウェアを受け取らず (`Distribution`、`Development`、\
         `Component`、`Sales` のいずれの契約の発注者でもない)、開発者の役割を持たず、契約に `roles` の明記が\
         ない `Sales` の受注者は、直販する開発者です (開発者が供給者を兼ねる): Developer(Lead)。発注者が\
         開発者の役割を持つ場合はフローダウンにより Developer(Support)。\n",
    );
    check_page("docs/contract-kinds.md", &s);
}

#[test]
fn catalog_pages() {
    let c = Catalog::builtin();
    let header =
        "<!-- Generated by `rolemap catalog --format md` (tests/it/docs.rs). Do not edit. -->\n\n";
    check_page(
        "docs/catalog.md",
        &format!(
            "{header}{}",
            rolemap::render::catalog::render_markdown(&c, Lang::En)
        ),
    );
    check_page(
        "docs/catalog.ja.md",
        &format!(
            "{header}{}",
            rolemap::render::catalog::render_markdown(&c, Lang::Ja)
        ),
    );
}

#[test]
fn model_reference_lists_every_field_and_kind() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/model.md"))
        .unwrap();
    for field in [
        "`name`",
        "`description`",
        "`software`",
        "`package`",
        "`use_until`",
        "`parties`",
        "`contracts`",
        "`assign`",
        "`waivers`",
        "`division`",
        "`org`",
        "`operates`",
        "`roles`",
        "`client`",
        "`contractor`",
        "`kind`",
        "`security_terms`",
        "`support_until`",
        "`requirement`",
        "`party`",
        "`role`",
        "`qualifier`",
        "`scope`",
        "`code`",
        "`reason`",
        "`until`",
        "`owner`",
    ] {
        assert!(
            doc.contains(field),
            "docs/model.md does not document {field}"
        );
    }
    for k in rolemap::ContractKind::ALL {
        assert!(
            doc.contains(&format!("`{}`", k.name())),
            "docs/model.md does not name {k}"
        );
    }
    // Every field the schema knows (the structures of the model file), new ones included.
    fn fields(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::Object(p)) = o.get("properties") {
                    out.extend(p.keys().cloned());
                }
                o.values().for_each(|x| fields(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| fields(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    fields(&rolemap::load::raw::json_schema(), &mut all);
    for f in [
        "use_from",
        "approval_required",
        "components",
        "consortia",
        "from",
        "approved",
    ] {
        assert!(all.iter().any(|a| a == f), "the schema has no {f}");
    }
    for f in all.iter().filter(|f| !f.starts_with('$')) {
        // Role-entry forms (`Developer`, ...) and texts (`en`, `ja`) are documented as such.
        assert!(
            doc.contains(&format!("`{f}`")) || doc.contains(&format!("{f}:")),
            "docs/model.md does not document {f}"
        );
    }
}
