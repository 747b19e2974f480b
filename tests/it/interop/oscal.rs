//! The OSCAL export against NIST's schema: every bundled model's plan valid and its
//! references resolving, deterministic uuids, one by-component per party, declared statuses.

use super::*;

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
