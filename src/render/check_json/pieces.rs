//! Writing the check document in pieces: the long sections are cut into pieces that rayon
//! renders a batch at a time, written out in order.

use super::*;

/// The most entries in one piece of a long section: about a megabyte of JSON (allocations
/// are long: a piece of them is a few).
pub(super) const PIECE: usize = 2048;
pub(super) const ALLOCATION_PIECE: usize = 4;

/// A section of the document rendered in pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Parties,
    Contracts,
    Allocations,
    Findings,
}

/// Entries `from..to` of a section; the first piece opens the section, the last closes it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece {
    section: Section,
    from: usize,
    to: usize,
    len: usize,
}

impl Piece {
    pub(super) fn render<'a, W: Write + ?Sized>(
        self,
        w: &mut W,
        a: &'a Analysis<'a>,
        ids: &'a Ids<'a>,
        lang: Lang,
        cache: &'a DutyCache<'a>,
    ) -> io::Result<()> {
        let key = match self.section {
            Section::Parties => "parties",
            Section::Contracts => "contracts",
            Section::Allocations => "allocations",
            Section::Findings => "findings",
        };
        if self.from == 0 {
            write!(w, ",\n  \"{key}\": [")?;
        }
        for i in self.from..self.to {
            // As the layered formatter separates the entries of a list at depth 2.
            w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            match self.section {
                Section::Parties => entries::party(w, a, i, lang)?,
                Section::Contracts => entries::contract(w, a, i)?,
                Section::Allocations => {
                    let al = AllocationJson(a, ids, &a.allocations[i], lang, cache);
                    json_out::section_into(w, &al, DEPTH, 2)?;
                }
                Section::Findings => entries::finding(w, a, ids, &a.findings[i], lang)?,
            }
        }
        if self.to == self.len {
            w.write_all(if self.len == 0 { b"]" } else { b"\n  ]" })?;
        }
        Ok(())
    }
}

/// The pieces of the long sections, in document order, of at most `size` entries.
pub(super) fn pieces(a: &Analysis, size: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    for (section, len) in [
        (Section::Parties, a.model.parties.len()),
        (Section::Contracts, a.model.contracts.len()),
        (Section::Allocations, a.allocations.len()),
        (Section::Findings, a.findings.len()),
    ] {
        let size = if section == Section::Allocations {
            size.min(ALLOCATION_PIECE)
        } else {
            size
        };
        let mut from = 0;
        loop {
            let to = (from + size).min(len);
            out.push(Piece {
                section,
                from,
                to,
                len,
            });
            if to == len {
                break;
            }
            from = to;
        }
    }
    out
}

/// How many pieces are rendered at once, per thread: a bound on the memory held.
pub(super) const LEAD: usize = 4;

/// [`write_check`] with pieces of `size` entries.
pub(super) fn write_check_in<W: Write + ?Sized>(
    w: &mut W,
    a: &Analysis,
    lang: Lang,
    size: usize,
) -> io::Result<()> {
    let small = header(a, lang);
    let ids = Ids::rendered(a.model);
    let cache = DutyCache::default();
    let pieces = pieces(a, size.max(1));
    // A buffer gives the many small writes of the serialiser a fast path even when `w` is a
    // trait object.
    let mut out = io::BufWriter::with_capacity(1 << 20, &mut *w);
    out.write_all(b"{")?;
    for (i, (key, value)) in small.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(out, "\n  \"{key}\": ")?;
        json_out::section_into(&mut out, value, DEPTH, 1)?;
    }
    // The pieces of a window are rendered on every core, then written in order.
    let window = LEAD * rayon::current_num_threads().max(1);
    let init = || ();
    let make = |_: &mut (), k: usize| -> io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        pieces[k]
            .render(&mut buf, a, &ids, lang, &cache)
            .map(|()| buf)
    };
    let mut ahead = crate::parallel::Ahead::with_window(pieces.len(), window, &init, &make);
    for k in 0..pieces.len() {
        out.write_all(&ahead.take(k)?)?;
    }
    for (key, value) in trailer(a, lang) {
        write!(out, ",\n  \"{key}\": ")?;
        json_out::section_into(&mut out, &value, DEPTH, 1)?;
    }
    out.write_all(b",\n  \"summary\": ")?;
    json_out::section_into(&mut out, &a.summary(), DEPTH, 1)?;
    out.write_all(b"\n}\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{SynthOptions, generate};
    use crate::{Catalog, Date, Options, analyse, load::parse_model};

    /// However the long sections are cut into pieces, and whichever thread renders which,
    /// the document is byte for byte the serialisation of [`CheckJson`] in one go (the
    /// hand-written entries included): a synthetic chain, every bundled model, the hostile
    /// fixtures (quotes, control characters, markup, waivers) and a model whose sections are
    /// empty.
    #[test]
    pub(super) fn pieces_make_the_document_of_one_go() {
        let catalog = Catalog::builtin();
        let mut models: Vec<(String, String)> = vec![
            (
                "chain.json".into(),
                generate(SynthOptions {
                    parties: 700,
                    seed: 3,
                })
                .to_string(),
            ),
            (
                "lone.json".into(),
                r#"{"name": "x", "parties": {"a": {"name": "A", "division": "Customer"}}}"#.into(),
            ),
        ];
        let files = std::fs::read_dir("models")
            .expect("models/")
            .chain(std::fs::read_dir("tests/fixtures").expect("tests/fixtures/"));
        for entry in files {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "ron") {
                let text = std::fs::read_to_string(&path).expect("readable");
                models.push((path.to_string_lossy().into_owned(), text));
            }
        }
        assert!(models.len() >= 10, "{} models", models.len());
        let today = Date::parse("2026-11-25").expect("a date");
        for (name, text) in &models {
            let model = parse_model(name, text, &catalog).expect("a valid model");
            let a = analyse(
                &model,
                &catalog,
                Options {
                    package: None,
                    today,
                },
            );
            for lang in [Lang::En, Lang::Ja] {
                // `check --status`: streamed fully pretty, the bytes of the tree printed.
                let conformance =
                    serde_json::json!({"files": ["s.csv"], "parties": [{"party": "p"}]});
                let mut tree = render_check(&a, lang);
                tree.as_object_mut()
                    .expect("an object")
                    .insert("conformance".into(), conformance.clone());
                let mut streamed = Vec::new();
                super::super::write_check_with(&mut streamed, &a, lang, &conformance)
                    .expect("writing to memory");
                assert!(
                    streamed == json_out::pretty_text(&tree).into_bytes(),
                    "{name}, with conformance"
                );
                let whole = json_out::to_vec(&CheckJson(&a, lang), DEPTH);
                for size in [1, 2, 3, 7, 64, 100_000] {
                    let mut out = Vec::new();
                    write_check_in(&mut out, &a, lang, size).expect("writing to memory");
                    assert!(
                        out == whole,
                        "{name}, pieces of {size}:\n{}",
                        first_difference(&out, &whole)
                    );
                }
            }
        }
    }

    /// Where two documents first differ, with some context.
    pub(super) fn first_difference(a: &[u8], b: &[u8]) -> String {
        let i = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let show = |s: &[u8]| {
            String::from_utf8_lossy(&s[i.saturating_sub(80)..(i + 80).min(s.len())]).into_owned()
        };
        format!("pieces: …{}…\none go: …{}…", show(a), show(b))
    }
}
