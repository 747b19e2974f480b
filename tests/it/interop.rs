//! Machine-readable outputs checked against the published schemas they claim to follow, in-process:
//! SARIF 2.1.0 (OASIS), OSCAL 1.2.3 (NIST) and rolemap's own model schema. The schema files are
//! vendored in `tests/data/` (see its README for where each came from and its sha256).

use std::path::{Path, PathBuf};

use rolemap::render::sarif::render_sarif;
use rolemap::{Analysis, Catalog, Date, Lang, Model, Options, analyse};
use serde_json::Value;

mod oscal;

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
