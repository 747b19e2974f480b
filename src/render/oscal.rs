//! `rolemap export oscal`: the allocation as an OSCAL 1.2 system security plan (SSP), and the
//! requirement catalog as an OSCAL catalog that the SSP's control ids refer to.
//!
//! Mapping (see `docs/oscal.md`):
//! - each party is a `metadata.parties` entry (an organisation; departments are members of their
//!   organisation) and a component of the system; the four roles are `metadata.roles`
//!   (`meti-developer`, ...) and `metadata.responsible-parties` says who holds each;
//! - each requirement is an `implemented-requirement` (`control-id` = the catalog control), each
//!   known item a `statement`; responsible parties are `responsible-roles` with `party-uuids`,
//!   and every party with a share (lead, support or infrastructure) gets a `by-component`;
//! - a duty nobody leads has no responsible role and a `by-component` on the system itself with
//!   `implementation-status` `planned`; rolemap's own data (status, qualifier, scope, package,
//!   source) are `props` in rolemap's namespace.
//!
//! UUIDs are deterministic: version-5 style (SHA-1) from a fixed namespace and stable keys (the
//! model's name and the ids in it), so the same model gives the same document. The document's
//! own UUID is derived from its content, so it changes whenever the document does.

mod catalog;
mod software;
mod ssp;

use serde_json::{Value, json};

use crate::catalog::Source;
use crate::date::Date;
use crate::i18n::{Lang, Text};
use crate::model::types::Role;

pub use catalog::render_catalog;
pub use ssp::{render_ssp, render_ssp_with, write_ssp};

/// The OSCAL version the documents follow.
pub const OSCAL_VERSION: &str = "1.2.3";

/// The namespace of rolemap's own props.
/// A URN, not a URL: rolemap claims no web domain for it.
pub const NS: &str = "urn:rolemap:oscal";

/// The fixed namespace UUID every rolemap UUID is derived from.
const NAMESPACE: [u8; 16] = [
    0x9a, 0x53, 0x92, 0xf1, 0x83, 0xe6, 0x49, 0xc6, 0x9c, 0x82, 0xdd, 0xa4, 0x87, 0xeb, 0xbf, 0x1d,
];

/// A name-based UUID (RFC 9562 version 5: SHA-1 of namespace and name), hyphenated lower case.
pub fn uuid_v5(namespace: &[u8; 16], name: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::from_bytes(*namespace), name.as_bytes())
        .hyphenated()
        .to_string()
}

/// A rolemap UUID for `parts` (joined with a separator that ids cannot contain).
fn uuid(parts: &[&str]) -> String {
    uuid_v5(&NAMESPACE, &parts.join("\u{1f}"))
}

/// An OSCAL token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`) from a catalog id: `(1)-4` → `req-1-4`,
/// `S(1)-4.1` → `s1-4.1`.
pub fn token(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_alphanumeric() || c == '.' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == '(' || c == ')' {
            continue;
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    match out.chars().next() {
        Some(c) if c.is_alphabetic() || c == '_' => out,
        _ => format!("req-{out}"),
    }
}

/// The control id of a requirement.
pub fn control_id(requirement: &str) -> String {
    let t = token(requirement);
    if t.starts_with("req-") {
        t
    } else {
        format!("req-{t}")
    }
}

/// The statement (part) id of an item within its requirement's control.
pub fn statement_id(requirement: &str, item: &str) -> String {
    format!("{}_smt.{}", control_id(requirement), token(item))
}

/// The role id of a role: `meti-developer`.
pub fn role_id(r: Role) -> String {
    format!("meti-{}", r.key())
}

/// An OSCAL prop: `{name, ns, value, class}`, `ns` rolemap's ([`NS`]) but on `label`s, `class`
/// where a role or language qualifies it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
struct Prop {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ns: Option<&'static str>,
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    class: Option<std::borrow::Cow<'static, str>>,
}

impl Prop {
    /// Write the props `props` as a fully pretty array `depth` containers deep: the bytes
    /// serde writes for them, by hand for the millions of by-components of a large plan.
    fn write_all<W: std::io::Write + ?Sized>(
        w: &mut W,
        props: &[Prop],
        depth: usize,
    ) -> std::io::Result<()> {
        let mut list = crate::render::json_out::Pretty::array(w, depth)?;
        for p in props {
            list.element(w)?;
            let mut o = crate::render::json_out::Pretty::object(w, list.inner())?;
            o.text(w, "name", p.name)?;
            if let Some(ns) = p.ns {
                o.text(w, "ns", ns)?;
            }
            o.text(w, "value", &p.value)?;
            if let Some(c) = &p.class {
                o.text(w, "class", c)?;
            }
            o.end(w)?;
        }
        list.end(w)
    }

    /// OSCAL's own `label` prop (no namespace).
    fn label(value: &str) -> Prop {
        Prop {
            name: "label",
            ns: None,
            value: value.to_string(),
            class: None,
        }
    }
}

fn prop(name: &'static str, value: impl Into<String>) -> Prop {
    Prop {
        name,
        ns: Some(NS),
        value: value.into(),
        class: None,
    }
}

fn prop_class(
    name: &'static str,
    value: impl Into<String>,
    class: impl Into<std::borrow::Cow<'static, str>>,
) -> Prop {
    Prop {
        class: Some(class.into()),
        ..prop(name, value)
    }
}

/// OSCAL strings must not be empty or start or end with blanks; OSCAL tools turn them into
/// XML, so what XML forbids and noncharacters become U+FFFD, and bidirectional controls are
/// shown as `[U+202E]`.
fn clean(s: &str) -> String {
    let t = crate::style::doc_text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if t.is_empty() { "—".to_string() } else { t }
}

/// A URI reference from an IRI or a path: bytes outside printable ASCII (and spaces) are
/// percent-encoded, so that `uri-reference` holds.
pub fn uri_reference(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn datetime(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

fn other_lang(lang: Lang) -> Lang {
    match lang {
        Lang::En => Lang::Ja,
        Lang::Ja => Lang::En,
    }
}

/// The title in `lang`, and the other language as an `alt-title` prop when it differs.
fn alt_title(t: &Text, lang: Lang, props: &mut Vec<Prop>) {
    if !t.is_single() {
        let o = other_lang(lang);
        props.push(prop_class("alt-title", clean(t.get(o)), o.code()));
    }
}

/// A package with its source: `package`, `package-source` and, for our reading,
/// `package-inference` with the reason.
fn package_props(package: crate::Package, s: &Source, props: &mut Vec<Prop>, lang: Lang) {
    props.push(prop("package", package.key()));
    props.push(prop("package-source", s.key()));
    match s {
        Source::Seed => {}
        Source::Web(tags) => props.push(prop("package-source-tags", clean(tags))),
        Source::Inferred(reason) => props.push(prop("package-inference", clean(reason.get(lang)))),
    }
}

fn source_props(s: &Source, props: &mut Vec<Prop>, lang: Lang) {
    props.push(prop("source", s.key()));
    match s {
        Source::Seed => {}
        Source::Web(tags) => props.push(prop("source-tags", clean(tags))),
        Source::Inferred(reason) => props.push(prop("inference", clean(reason.get(lang)))),
    }
}

/// Set the document's UUID from its content (with the UUID field empty).
fn seal(doc: &mut Value, root: &str) {
    let id = content_uuid(root, doc).expect("JSON values serialise");
    doc[root]["uuid"] = json!(id);
}

/// The UUID of the document `root` from its content, `doc` with its UUID field empty: the
/// SHA-1 of its compact JSON, streamed into the hash (never held as text).
fn content_uuid<T: serde::Serialize + ?Sized>(root: &str, doc: &T) -> std::io::Result<String> {
    struct Sink(sha1_smol::Sha1);
    impl std::io::Write for Sink {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.update(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut sink = std::io::BufWriter::with_capacity(1 << 16, Sink(sha1_smol::Sha1::new()));
    serde_json::to_writer(&mut sink, doc).map_err(std::io::Error::other)?;
    let sink = sink.into_inner().map_err(|e| e.into_error())?;
    Ok(uuid(&["document", root, &sink.0.digest().to_string()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn uuid_v5_matches_rfc_9562() {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        let dns = [
            0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4,
            0x30, 0xc8,
        ];
        assert_eq!(
            uuid_v5(&dns, "www.example.com"),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2"
        );
    }

    #[test]
    fn iris_become_uri_references() {
        assert_eq!(
            uri_reference("https://x.jp/a b/日"),
            "https://x.jp/a%20b/%E6%97%A5"
        );
        assert_eq!(uri_reference("../cat.json#x"), "../cat.json#x");
    }

    #[test]
    fn ids_become_oscal_tokens() {
        assert_eq!(control_id("(1)-4"), "req-1-4");
        assert_eq!(statement_id("(1)-4", "S(1)-4.1"), "req-1-4_smt.s1-4.1");
        assert_eq!(token("(6)"), "req-6");
        assert_eq!(role_id(Role::Developer), "meti-developer");
    }

    #[test]
    fn every_builtin_id_maps_to_a_distinct_token() {
        let c = Catalog::builtin();
        let mut seen = std::collections::BTreeSet::new();
        for r in &c.requirements {
            assert!(seen.insert(control_id(&r.id)), "{}", r.id);
            for i in &r.items {
                assert!(seen.insert(statement_id(&r.id, &i.id)), "{}", i.id);
            }
        }
    }
}
