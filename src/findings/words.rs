//! Helpers shared by the message functions.

use crate::catalog::Catalog;
use crate::i18n::Lang;
use crate::model::types::Role;
use crate::model::{ContractIx, Model, PartyIx};
use crate::style::shown;

/// `"acme" (ACME Cloud KK)` / `「acme」(ACME Cloud KK)`.
pub fn party(model: &Model, p: PartyIx, lang: Lang) -> String {
    let party = &model.parties[p];
    let name = shown(party.name.get(lang));
    let id = shown(&party.id);
    match (name == id, lang) {
        (true, _) => lang.quote(&id),
        (false, Lang::En) => format!("{} ({name})", lang.quote(&id)),
        (false, Lang::Ja) => format!("{}({name})", lang.quote(&id)),
    }
}

/// A list of parties.
/// A list of parties: the first few by name, then how many more.
pub fn parties(model: &Model, ps: &[PartyIx], lang: Lang) -> String {
    const SHOWN: usize = 5;
    let mut v: Vec<String> = ps
        .iter()
        .take(SHOWN)
        .map(|&p| party(model, p, lang))
        .collect();
    if ps.len() > SHOWN {
        let more = ps.len() - SHOWN;
        v.push(match lang {
            Lang::En => format!("and {more} more"),
            Lang::Ja => format!("ほか{more}者"),
        });
    }
    lang.list(&v)
}

/// `contract "use"`.
pub fn contract(model: &Model, c: ContractIx, lang: Lang) -> String {
    let id = lang.quote(&shown(&model.contracts[c].id));
    match lang {
        Lang::En => format!("contract {id}"),
        Lang::Ja => format!("契約{id}"),
    }
}

/// `(1)-4 service monitoring`.
pub fn unit(catalog: &Catalog, id: &str, lang: Lang) -> String {
    match catalog.resolve(id).first() {
        Some(u) if u.id() == id => format!("{id} {}", u.title().get(lang)),
        _ => match catalog.requirement(id) {
            Some(r) => format!("{id} {}", r.title.get(lang)),
            None => id.to_string(),
        },
    }
}

/// `Operator` / `運用者`, with the scope: `operator (scope "use")`.
pub fn role(role: Role, scope: Option<&str>, lang: Lang) -> String {
    let l = role.label(lang);
    match scope {
        None => l.to_string(),
        Some(s) => match lang {
            Lang::En => format!("{l} (scope \"{s}\")"),
            Lang::Ja => format!("{l} (範囲「{s}」)"),
        },
    }
}
