//! Machine-readable outputs checked against the published schemas they claim to follow, in-process:
//! SARIF 2.1.0 (OASIS), OSCAL 1.2.3 (NIST) and rolemap's own model schema. The schema files are
//! vendored in `tests/data/` (see its README for where each came from and its sha256).

use std::path::{Path, PathBuf};

use rolemap::render::sarif::render_sarif;
use rolemap::{Analysis, Catalog, Date, Lang, Model, Options, analyse};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bundled_models() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("models"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    v.sort();
    assert!(v.len() >= 8);
    v
}

fn load(path: &Path, catalog: &Catalog) -> Model {
    rolemap::load::load_model(
        &path.to_string_lossy(),
        catalog,
        rolemap::load::DEFAULT_MAX_SIZE,
    )
    .unwrap()
}

fn options() -> Options {
    Options {
        package: None,
        today: Date::parse("2026-11-25").unwrap(),
    }
}

fn schema(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("tests/data").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every error the validator reports, one per line, with the instance path.
fn errors(validator: &jsonschema::Validator, v: &Value) -> Vec<String> {
    validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The vendored SARIF schema, with one known defect of the published file repaired in memory
/// (the file on disk stays byte-identical to its source): the `language` pattern of `run` and
/// `toolComponent`, `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, has a stray `]`, which is not a
/// valid ECMA-262 (unicode) regular expression, so a strict validator rejects the schema itself.
/// rolemap never writes `language`, so the repair changes nothing about what is checked.
fn sarif_validator() -> jsonschema::Validator {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    fn repair(v: &mut Value, n: &mut usize) {
        match v {
            Value::Object(m) => {
                if m.get("pattern").is_some_and(|p| p == BROKEN) {
                    m.insert("pattern".into(), "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into());
                    *n += 1;
                }
                m.values_mut().for_each(|x| repair(x, n));
            }
            Value::Array(a) => a.iter_mut().for_each(|x| repair(x, n)),
            _ => {}
        }
    }
    let mut s = schema("sarif-2.1.0-rtm.5.json");
    let mut n = 0;
    repair(&mut s, &mut n);
    assert_eq!(n, 2, "the known defect, in `run` and `toolComponent`");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&s)
        .unwrap()
}

#[test]
fn sarif_of_every_bundled_model_is_valid_sarif_2_1_0() {
    let validator = sarif_validator();
    let catalog = Catalog::builtin();
    let models: Vec<Model> = bundled_models().iter().map(|p| load(p, &catalog)).collect();
    let analyses: Vec<Analysis> = models
        .iter()
        .map(|m| analyse(m, &catalog, options()))
        .collect();
    for lang in [Lang::En, Lang::Ja] {
        for a in &analyses {
            let v = render_sarif(&[a], lang);
            let errs = errors(&validator, &v);
            assert!(errs.is_empty(), "{}: {errs:#?}", a.model.file.name());
        }
        // Many models in one run, as `check` writes for a portfolio.
        let all: Vec<&Analysis> = analyses.iter().collect();
        let v = render_sarif(&all, lang);
        let errs = errors(&validator, &v);
        assert!(errs.is_empty(), "portfolio: {errs:#?}");
    }
}

#[test]
fn the_sarif_schema_rejects_a_broken_log() {
    // The validator really runs: a log without `runs` and with a bad level fails.
    let validator = sarif_validator();
    let bad = serde_json::json!({ "version": "2.1.0", "runs": [{ "tool": { "driver": { "name": "x" } },
        "results": [{ "message": { "text": "m" }, "level": "fatal" }] }] });
    assert!(!errors(&validator, &bad).is_empty());
    assert!(!errors(&validator, &serde_json::json!({ "version": "2.1.0" })).is_empty());
}

fn model_validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&rolemap::load::raw::json_schema())
        .unwrap()
}

#[test]
fn model_schema_snapshot() {
    let text = serde_json::to_string_pretty(&rolemap::load::raw::json_schema()).unwrap();
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("model-schema", text);
    });
}

#[test]
fn every_bundled_model_is_valid_against_the_model_schema() {
    let validator = model_validator();
    let catalog = Catalog::builtin();
    let mut paths = bundled_models();
    paths.extend(
        std::fs::read_dir(root().join("models/what-if"))
            .into_iter()
            .flatten()
            .map(|e| e.unwrap().path()),
    );
    for p in paths {
        let v = rolemap::load::raw::to_value(&load(&p, &catalog));
        let errs = errors(&validator, &v);
        assert!(errs.is_empty(), "{}: {errs:#?}", p.display());
    }
}

/// Every way `load` accepts to write a role, plus `$schema` and `null` for optional fields.
const EVERY_FORM: &str = r#"{
  "$schema": "./rolemap.schema.json",
  "name": { "en": "Forms", "ja": "書き方" },
  "description": null,
  "software": "Service",
  "package": "Standard",
  "use_until": "2030-03-31",
  "parties": {
    "owner": { "name": "Owner", "division": "Customer", "operates": true,
               "roles": ["Customer", {"Customer": "Lead"}] },
    "vendor": { "name": "Vendor", "division": "Provider", "org": "vendor-group" },
    "cloud": { "name": "Cloud", "division": "Provider" }
  },
  "contracts": [
    { "id": "dev", "client": "owner", "contractor": "vendor", "kind": "QuasiMandate",
      "roles": ["Developer", {"Supplier": "Support"}, {"Operator": ["Lead", "service"]},
                {"Developer": null}, {"Developer": []},
                {"role": "Supplier", "qualifier": "Infra"}, {"role": "Developer", "scope": "ui"}],
      "security_terms": true, "support_until": "2031-03-31" },
    { "client": "vendor", "contractor": "cloud", "kind": "Infrastructure", "roles": null }
  ],
  "assign": [ { "requirement": "S(1)-4.4", "party": "cloud", "role": "Operator", "scope": "platform" } ],
  "waivers": [ { "code": "no-security-terms", "reason": "reviewed", "until": "2031-01-01", "contract": "vendor->cloud" } ]
}"#;

#[test]
fn the_schema_accepts_every_form_the_loader_accepts() {
    let catalog = Catalog::builtin();
    rolemap::load::parse_model("forms.json", EVERY_FORM, &catalog).unwrap();
    let v: Value = serde_json::from_str(EVERY_FORM).unwrap();
    let errs = errors(&model_validator(), &v);
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let catalog = Catalog::builtin();
    let validator = model_validator();
    let base: Value = serde_json::from_str(EVERY_FORM).unwrap();
    type Breaker = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Breaker)> = vec![
        (
            "unknown top-level field",
            Box::new(|v| v["parites"] = serde_json::json!({})),
        ),
        (
            "missing name",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("name");
            }),
        ),
        (
            "unknown contract kind",
            Box::new(|v| v["contracts"][0]["kind"] = "Purchase".into()),
        ),
        (
            "infra for a developer",
            Box::new(|v| v["contracts"][0]["roles"][0] = serde_json::json!({"Developer": "Infra"})),
        ),
        (
            "unknown role",
            Box::new(|v| v["contracts"][0]["roles"][0] = "Maintainer".into()),
        ),
        (
            "three role arguments",
            Box::new(|v| {
                v["contracts"][0]["roles"][0] = serde_json::json!({"Operator": ["Lead", "a", "b"]})
            }),
        ),
        (
            "bad date",
            Box::new(|v| v["use_until"] = "31/03/2030".into()),
        ),
        (
            "blank party id",
            Box::new(|v| v["parties"][" owner"] = v["parties"]["owner"].clone()),
        ),
        (
            "wrong type",
            Box::new(|v| v["contracts"][0]["security_terms"] = "yes".into()),
        ),
        (
            "unknown party field",
            Box::new(|v| v["parties"]["owner"]["operator"] = true.into()),
        ),
        (
            "waiver of a waiver code",
            Box::new(|v| v["waivers"][0]["code"] = "waiver-unused".into()),
        ),
        (
            "empty reason",
            Box::new(|v| v["waivers"][0]["reason"] = "  ".into()),
        ),
    ];
    for (what, break_it) in cases {
        let mut v = base.clone();
        break_it(&mut v);
        assert!(
            !errors(&validator, &v).is_empty(),
            "schema accepted: {what}"
        );
        let text = serde_json::to_string(&v).unwrap();
        assert!(
            rolemap::load::parse_model("broken.json", &text, &catalog).is_err(),
            "loader accepted: {what}"
        );
    }
}

fn oscal_validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema("oscal-1.2.3-complete-schema.json"))
        .unwrap()
}

fn oscal_models() -> Vec<PathBuf> {
    let mut v = bundled_models();
    v.push(root().join("models/what-if/a.ron"));
    v.push(root().join("models/what-if/b.ron"));
    v.push(root().join("tests/fixtures/findings/unassigned/triggers.ron"));
    v
}

/// Every string under `key` anywhere in `v` (arrays of strings included).
fn collect(v: &Value, key: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == key {
                    match x {
                        Value::String(s) => out.push(s.clone()),
                        Value::Array(a) => {
                            out.extend(a.iter().filter_map(|s| s.as_str().map(str::to_string)))
                        }
                        _ => {}
                    }
                }
                collect(x, key, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, key, out)),
        _ => {}
    }
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    collect(v, key, &mut out);
    out
}

/// The referential rules that plain JSON Schema cannot state (OSCAL keeps them in its metaschema
/// constraints, which schema validators and trestle do not apply): every reference resolves.
fn cross_reference_problems(ssp: &Value, catalog: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let plan = &ssp["system-security-plan"];
    let meta = &plan["metadata"];
    let ids = |list: &Value, key: &str| -> Vec<String> {
        list.as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x[key].as_str().map(str::to_string))
            .collect()
    };
    let roles = ids(&meta["roles"], "id");
    let parties = ids(&meta["parties"], "uuid");
    let components = ids(&plan["system-implementation"]["components"], "uuid");
    for r in strings(plan, "role-id")
        .into_iter()
        .chain(strings(plan, "role-ids"))
    {
        if !roles.contains(&r) {
            problems.push(format!("role-id {r} is not in metadata.roles"));
        }
    }
    for p in strings(plan, "party-uuids")
        .into_iter()
        .chain(strings(plan, "member-of-organizations"))
    {
        if !parties.contains(&p) {
            problems.push(format!("party uuid {p} is not in metadata.parties"));
        }
    }
    for c in strings(plan, "component-uuid") {
        if !components.contains(&c) {
            problems.push(format!("component-uuid {c} is not a component"));
        }
    }
    if !plan["system-implementation"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["type"] == "this-system")
    {
        problems.push("no component of type this-system".into());
    }
    let mut uuids = strings(ssp, "uuid");
    let n = uuids.len();
    uuids.sort();
    uuids.dedup();
    if uuids.len() != n {
        problems.push(format!("{} uuids are used twice", n - uuids.len()));
    }
    // The profile link names a back-matter resource.
    let href = plan["import-profile"]["href"].as_str().unwrap_or_default();
    let resources = ids(&plan["back-matter"]["resources"], "uuid");
    if !href
        .strip_prefix('#')
        .is_some_and(|u| resources.iter().any(|r| r == u))
    {
        problems.push(format!(
            "import-profile {href} names no back-matter resource"
        ));
    }
    // Control and statement ids exist in the exported catalog.
    let controls = strings(&catalog["catalog"], "id");
    for c in strings(plan, "control-id")
        .into_iter()
        .chain(strings(plan, "statement-id"))
    {
        if !controls.contains(&c) {
            problems.push(format!("{c} is not a control or part of the catalog"));
        }
    }
    problems
}

#[test]
fn oscal_export_of_every_model_is_valid_oscal_and_its_references_resolve() {
    let validator = oscal_validator();
    let catalog = Catalog::builtin();
    for lang in [Lang::En, Lang::Ja] {
        let cat = rolemap::render::oscal::render_catalog(&catalog, lang, options().today);
        let errs = errors(&validator, &cat);
        assert!(errs.is_empty(), "catalog: {errs:#?}");
        for p in oscal_models() {
            let m = load(&p, &catalog);
            let a = analyse(&m, &catalog, options());
            let ssp = rolemap::render::oscal::render_ssp(&a, lang, "catalog.json");
            let errs = errors(&validator, &ssp);
            assert!(errs.is_empty(), "{}: {errs:#?}", p.display());
            let refs = cross_reference_problems(&ssp, &cat);
            assert!(refs.is_empty(), "{}: {refs:#?}", p.display());
        }
    }
}

#[test]
fn the_cross_reference_check_catches_dangling_references() {
    // The case the schema validators miss: an undefined role and a party nobody defined.
    let catalog = Catalog::builtin();
    let m = load(&root().join("models/service.ron"), &catalog);
    let a = analyse(&m, &catalog, options());
    let cat = rolemap::render::oscal::render_catalog(&catalog, Lang::En, options().today);
    let mut ssp = rolemap::render::oscal::render_ssp(&a, Lang::En, "catalog.json");
    let plan = &mut ssp["system-security-plan"];
    plan["metadata"]["responsible-parties"][0]["role-id"] = "meti-maintainer".into();
    plan["metadata"]["responsible-parties"][0]["party-uuids"][0] =
        "00000000-0000-5000-8000-000000000000".into();
    assert!(
        errors(&oscal_validator(), &ssp).is_empty(),
        "still schema-valid"
    );
    let problems = cross_reference_problems(&ssp, &cat);
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn oscal_export_is_deterministic_and_marks_unassigned_duties_planned() {
    let catalog = Catalog::builtin();
    let m = load(
        &root().join("tests/fixtures/findings/unassigned/triggers.ron"),
        &catalog,
    );
    let a = analyse(&m, &catalog, options());
    let one = rolemap::render::oscal::render_ssp(&a, Lang::En, "c.json");
    let two = rolemap::render::oscal::render_ssp(&a, Lang::En, "c.json");
    assert_eq!(one, two);
    // (1)-4 service monitoring, item S(1)-4.1: nobody operates, so no responsible role and a
    // planned by-component on the system itself.
    let irs = one["system-security-plan"]["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap();
    let ir = irs.iter().find(|r| r["control-id"] == "req-1-4").unwrap();
    let st = &ir["statements"][0];
    assert_eq!(st["statement-id"], "req-1-4_smt.s1-4.1");
    assert!(st.get("responsible-roles").is_none(), "{st:#}");
    let bc = &st["by-components"].as_array().unwrap()[0];
    assert_eq!(bc["implementation-status"]["state"], "planned");
    let sys = one["system-security-plan"]["system-implementation"]["components"][0].clone();
    assert_eq!(sys["type"], "this-system");
    assert_eq!(bc["component-uuid"], sys["uuid"]);
    // Per-subject uuids stay when the document changes; the document's own uuid does not.
    let other = rolemap::render::oscal::render_ssp(&a, Lang::Ja, "c.json");
    assert_eq!(
        other["system-security-plan"]["metadata"]["parties"][0]["uuid"],
        one["system-security-plan"]["metadata"]["parties"][0]["uuid"]
    );
    assert_ne!(
        other["system-security-plan"]["uuid"],
        one["system-security-plan"]["uuid"]
    );
    // The document's uuid comes from the plan's inputs: another catalog link or another
    // date gives another one.
    let moved = rolemap::render::oscal::render_ssp(&a, Lang::En, "d.json");
    assert_ne!(
        moved["system-security-plan"]["uuid"],
        one["system-security-plan"]["uuid"]
    );
    let later = analyse(
        &m,
        &catalog,
        Options {
            today: Date::parse("2031-01-01").unwrap(),
            ..options()
        },
    );
    let later = rolemap::render::oscal::render_ssp(&later, Lang::En, "c.json");
    assert_ne!(
        later["system-security-plan"]["uuid"],
        one["system-security-plan"]["uuid"]
    );
}

#[test]
fn shared_duties_get_one_by_component_per_party() {
    // service.ron: the provider leads operation in scope "service", the user in scope "use",
    // and the infrastructure provider contributes: three parties, three by-components.
    let catalog = Catalog::builtin();
    let m = load(&root().join("models/service.ron"), &catalog);
    let a = analyse(&m, &catalog, options());
    let ssp = rolemap::render::oscal::render_ssp(&a, Lang::En, "c.json");
    let irs = ssp["system-security-plan"]["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap();
    let st = &irs.iter().find(|r| r["control-id"] == "req-1-4").unwrap()["statements"][0];
    let bcs = st["by-components"].as_array().unwrap();
    assert_eq!(bcs.len(), 3, "{st:#}");
    let mut comps: Vec<&str> = bcs
        .iter()
        .map(|b| b["component-uuid"].as_str().unwrap())
        .collect();
    comps.dedup();
    assert_eq!(comps.len(), 3);
    assert_eq!(
        st["responsible-roles"][0]["party-uuids"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn portfolio_sarif_with_bad_input_is_valid_sarif() {
    let catalog = Catalog::builtin();
    let bad = rolemap::load::parse_model(
        "broken.ron",
        "(name: \"b\", parties: {\"a\": (name: \"A\", divison: Provider)})",
        &catalog,
    )
    .unwrap_err();
    let m = load(&root().join("models/service.ron"), &catalog);
    let a = analyse(&m, &catalog, options());
    let v = rolemap::render::sarif::render_sarif_portfolio(&[&a], &[&bad], Lang::En, 0);
    let errs = errors(&sarif_validator(), &v);
    assert!(errs.is_empty(), "{errs:#?}");
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"].as_array().unwrap().len(),
        2
    );
}

/// The hand-written UUIDv5 that `uuid` replaced: SHA-1 of namespace and name, version and
/// variant bits set, hyphenated lower case.
fn uuid_v5_by_hand(namespace: &[u8; 16], name: &str) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(namespace);
    h.update(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h.digest().bytes()[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[test]
fn uuid_v5_is_rfc_9562_and_byte_identical_to_the_hand_written_one() {
    use rolemap::render::oscal::uuid_v5;
    // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
    let dns = [
        0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30,
        0xc8,
    ];
    assert_eq!(
        uuid_v5(&dns, "www.example.com"),
        "2ed6657d-e927-568b-95e1-2665a8aea6a2"
    );
    for name in [
        "",
        "party\u{1f}acme",
        "契約\u{1f}開発",
        "(1)-4",
        &"x".repeat(1000),
    ] {
        assert_eq!(uuid_v5(&dns, name), uuid_v5_by_hand(&dns, name), "{name:?}");
    }
}

#[test]
fn oscal_export_with_declared_statuses_is_valid_oscal() {
    // Every row of every party's checklist declared, round-robin through the four statuses.
    let validator = oscal_validator();
    let catalog = Catalog::builtin();
    let m = load(&root().join("models/system-contract.ron"), &catalog);
    let a = analyse(&m, &catalog, options());
    let words = ["implemented", "partial", "missing", "not-applicable"];
    let mut set = rolemap::checklist::StatusSet::default();
    for p in 0..m.parties.len() {
        let text = rolemap::checklist::render::render_csv(&a, p, Lang::En);
        let mut rows: Vec<Vec<String>> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        for (i, r) in rows.iter_mut().enumerate() {
            r[13] = words[i % 4].into();
            r[14] = "evidence \u{202e} with a bidi control".into();
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(text.lines().next().unwrap().split(','))
            .unwrap();
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let (s, e) = rolemap::checklist::read_status_bytes("filled.csv", w.into_inner().unwrap());
        assert!(e.is_empty());
        set.extend(s);
    }
    let conf = rolemap::checklist::conformance(&a, &set).unwrap();
    for lang in [Lang::En, Lang::Ja] {
        let ssp = rolemap::render::oscal::render_ssp_with(&a, lang, "c.json", Some(&conf));
        let errs = errors(&validator, &ssp);
        assert!(errs.is_empty(), "{errs:#?}");
        let text = ssp.to_string();
        for state in ["implemented", "partial", "planned", "not-applicable"] {
            assert!(text.contains(&format!("\"state\":\"{state}\"")), "{state}");
        }
        assert!(
            !text.contains('\u{202e}'),
            "bidi controls are shown, not kept"
        );
    }
}
