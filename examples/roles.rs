//! Print the roles every party derives in a model: `cargo run --example roles -- models/service.ron`.

use rolemap::{
    Catalog, Options, analyse,
    load::{DEFAULT_MAX_SIZE, load_model},
};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "models/service.ron".into());
    let catalog = Catalog::builtin();
    let model = match load_model(&path, &catalog, DEFAULT_MAX_SIZE) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let analysis = analyse(&model, &catalog, Options::default());
    for (pi, party) in model.parties.iter().enumerate() {
        let roles: Vec<String> = analysis
            .roles
            .of_party(pi)
            .map(|h| match &h.scope {
                Some(s) => format!("{}({}, \"{s}\")", h.role, h.qualifier),
                None => format!("{}({})", h.role, h.qualifier),
            })
            .collect();
        println!("{}: {}", party.id, roles.join(", "));
    }
    for f in &analysis.findings {
        let r = rolemap::findings::render(f, &analysis.ctx(), rolemap::Lang::En);
        println!("{} {}: {}", f.severity.key(), f.code.key(), r.message);
    }
}
