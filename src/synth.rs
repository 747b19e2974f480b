//! Synthetic supply chains of any size, for benchmarks and scale tests.
//!
//! The chains look like real ones: a few system owners with operating departments, deep
//! subcontracting trees under prime contractors, departments sharing organisations, every
//! contract kind, cloud and component providers, resellers. Generation is deterministic for a
//! given size and seed.

use serde_json::{Map, Value, json};

/// How big a chain to make.
#[derive(Debug, Clone, Copy)]
pub struct SynthOptions {
    /// Number of parties.
    pub parties: usize,
    /// Seed of the pseudo-random choices.
    pub seed: u64,
}

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A synthetic model in the model-file structure (serialise it as JSON, or as YAML with
/// `model::raw::to_yaml`).
pub fn generate(opts: SynthOptions) -> Value {
    let n = opts.parties.max(4);
    let mut rng = Rng(opts.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut parties = Map::new();
    let mut contracts: Vec<Value> = Vec::with_capacity(n + n / 4);
    let id = |i: usize| format!("p{i}");
    // One system owner per ~500 parties, each with an operations department in its organisation.
    let owners = (n / 500).max(1);
    let mut providers: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut owner_ids = Vec::new();
    for o in 0..owners {
        let owner = next;
        let ops = next + 1;
        next += 2;
        owner_ids.push(owner);
        parties.insert(
            id(owner),
            json!({"name": {"en": format!("Agency {o}"), "ja": format!("機関{o}")}, "division": "Customer", "org": format!("agency-{o}")}),
        );
        parties.insert(
            id(ops),
            json!({"name": {"en": format!("Agency {o} IT operations"), "ja": format!("機関{o} 運用部門")}, "division": "Customer", "org": format!("agency-{o}"), "operates": true}),
        );
    }
    let kinds = [
        "Development",
        "QuasiMandate",
        "Operation",
        "Component",
        "Infrastructure",
        "Sales",
        "Distribution",
        "Service",
        "Internal",
    ];
    while next < n {
        let p = next;
        next += 1;
        // Every tenth provider is a department of the organisation of an earlier provider.
        let org = if !providers.is_empty() && rng.below(10) == 0 {
            let other = providers[rng.below(providers.len())];
            format!("org-{other}")
        } else {
            format!("org-{p}")
        };
        parties.insert(
            id(p),
            json!({"name": format!("Provider {p} KK"), "division": "Provider", "org": org}),
        );
        // Who engages it: an owner (a prime) now and then, else a recent provider, so that
        // subcontracting trees grow deep.
        let (client, kind) = if providers.is_empty() || rng.below(50) == 0 {
            let owner = owner_ids[rng.below(owner_ids.len())];
            (
                owner,
                if rng.below(3) == 0 {
                    "Service"
                } else {
                    "Development"
                },
            )
        } else {
            let window = providers.len().min(64);
            let c = providers[providers.len() - 1 - rng.below(window)];
            (c, kinds[rng.below(kinds.len())])
        };
        let mut c = Map::new();
        c.insert("id".into(), json!(format!("c{p}")));
        c.insert("client".into(), json!(id(client)));
        c.insert("contractor".into(), json!(id(p)));
        c.insert("kind".into(), json!(kind));
        match kind {
            "QuasiMandate" => {
                let roles = [
                    ["Developer"].as_slice(),
                    &["Developer", "Supplier"],
                    &["Operator"],
                ];
                c.insert("roles".into(), json!(roles[rng.below(roles.len())]));
            }
            "Internal" => {
                c.insert("roles".into(), json!([{"Developer": "Support"}]));
            }
            _ => {}
        }
        if rng.below(5) != 0 {
            c.insert("security_terms".into(), json!(true));
        }
        if rng.below(4) == 0 {
            c.insert(
                "support_until".into(),
                json!(format!("20{}-03-31", 28 + rng.below(8))),
            );
        }
        contracts.push(Value::Object(c));
        providers.push(p);
    }
    // Extra contracts: operation of the owners' systems, and cross-links between providers
    // (never towards an ancestor, so the chains stay acyclic).
    for (k, &owner) in owner_ids.iter().enumerate() {
        let p = providers[rng.below(providers.len())];
        contracts.push(json!({"id": format!("ops{k}"), "client": id(owner), "contractor": id(p), "kind": "Operation", "roles": [{"Operator": "Support"}], "security_terms": true}));
    }
    let extra = n / 4;
    for k in 0..extra {
        let a = providers[rng.below(providers.len())];
        let b = providers[rng.below(providers.len())];
        if a < b {
            contracts.push(json!({"id": format!("x{k}"), "client": id(a), "contractor": id(b), "kind": "Infrastructure", "security_terms": true}));
        }
    }
    json!({
        "name": {"en": format!("Synthetic chain of {n} parties"), "ja": format!("{n}者の合成サプライチェーン")},
        "software": "System",
        "package": "Mandatory",
        "use_until": "2033-03-31",
        "parties": parties,
        "contracts": contracts,
    })
}

/// For tests that compare two ways of working something out: every bundled model (of
/// `models/`, and of `models/what-if/` with `what_if`) and a synthetic chain of 300 parties with
/// departments sharing organisations.
#[cfg(test)]
pub(crate) fn bundled_models_and_a_chain(
    catalog: &crate::Catalog,
    what_if: bool,
) -> Vec<crate::model::Model> {
    let dirs: &[&str] = if what_if {
        &["models", "models/what-if"]
    } else {
        &["models"]
    };
    let mut models = Vec::new();
    for dir in dirs {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for e in std::fs::read_dir(root).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "ron") {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                models.push(crate::load::parse_model(&name, &text, catalog).unwrap());
            }
        }
    }
    assert!(models.len() >= 8, "the bundled models are found");
    let synth = serde_json::to_string(&generate(SynthOptions {
        parties: 300,
        seed: 1,
    }))
    .unwrap();
    models.push(crate::load::parse_model("synth.json", &synth, catalog).unwrap());
    models
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, Date, Options, analyse, load::parse_model};

    #[test]
    fn synthetic_models_load_and_analyse() {
        let catalog = Catalog::builtin();
        for n in [4, 50, 1000] {
            let v = generate(SynthOptions {
                parties: n,
                seed: 7,
            });
            let text = serde_json::to_string(&v).unwrap();
            let m = parse_model("synth.json", &text, &catalog).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(m.parties.len(), n);
            let a = analyse(
                &m,
                &catalog,
                Options {
                    package: None,
                    today: Date::parse("2026-11-25").unwrap(),
                },
            );
            assert!(!a.allocations.is_empty());
            assert!(
                !a.findings
                    .iter()
                    .any(|f| f.code == crate::Code::ContractCycle)
            );
        }
    }

    #[test]
    fn generation_is_deterministic() {
        let a = generate(SynthOptions {
            parties: 300,
            seed: 1,
        });
        let b = generate(SynthOptions {
            parties: 300,
            seed: 1,
        });
        assert_eq!(a, b);
    }
}
