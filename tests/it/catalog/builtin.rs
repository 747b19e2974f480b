//! The built-in catalog: the canonical list of SPEC §5, bilingual and sourced, its units and
//! lookups.

use super::*;

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
