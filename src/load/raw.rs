//! The model in the file format's shape, as typed structures. One definition serves two jobs:
//! writing a model out as JSON or YAML (`rolemap new -o model.json`, via [`to_value`]) and the
//! model file's JSON Schema (`rolemap schema`, via [`json_schema()`]), so the two cannot drift.
//! Reading goes through `load`; tests check that what is written here reads back to the same
//! model and that every bundled model is valid against the schema.

use std::borrow::Cow;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde_json::{Value, json};

mod write;
mod yaml;

pub use write::{raw, to_value};
pub use yaml::to_yaml;

use crate::code::Code;
use crate::date::Date;
use crate::i18n::Text;
use crate::model::types::{ContractKind, Division, Package, Qualifier, Role, Software};
use crate::model::{Model, RoleSpec};

/// The identifier of the schema printed by `rolemap schema`.
pub const SCHEMA_ID: &str = "rolemap/model/v1";

/// What an id may be (`load` checks the same): not empty, no blanks at either end, no control
/// characters.
pub const ID_PATTERN: &str = r"^[^\s\u0000-\u001f\u007f-\u009f](?:[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f])?$";

/// A whole model file.
///
/// One software supply chain: the parties (関係者) and the contracts (契約) between them, plus
/// explicit allocations and accepted findings. rolemap derives roles, requirements and findings
/// from it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "rolemap model")]
pub struct RawModel {
    /// The JSON Schema this file follows (ignored by rolemap; lets JSON editors find the schema).
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The system or case: a string, or both languages as `{ "en": "..", "ja": ".." }`.
    pub name: RawText,
    /// Free text; use it to record readings and assumptions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<RawText>,
    /// The type of software (ソフトウェアの種類).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software: Option<Name<Software>>,
    /// The target package (要求パッケージ); items outside it are reported as info.
    #[serde(default = "default_package")]
    pub package: Name<Package>,
    /// The customer's planned end of use, `YYYY-MM-DD`; contracts whose support ends earlier
    /// raise `support-gap`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_until: Option<IsoDate>,
    /// The start of the customer's period of use, `YYYY-MM-DD`; defaults to the earliest
    /// contract `from`. A role the catalog needs must have a lead from here to `use_until`
    /// (else `coverage-gap`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_from: Option<IsoDate>,
    /// Every subcontract (a contract whose client is itself engaged by another contract) needs
    /// `approved: true` (再委託の承認); else `unapproved-subcontract`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub approval_required: bool,
    /// The parties, by id: organisations or departments of one, in this case.
    #[schemars(schema_with = "parties_schema")]
    pub parties: IndexMap<String, RawParty>,
    /// Components used without a contract (OSS, libraries): they carry no duties; the
    /// parties using them account for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<RawComponent>,
    /// Consortia (共同企業体, JV): members contracting as one under a representative. A
    /// consortium id may stand as a contract's client or contractor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consortia: Vec<RawConsortium>,
    /// The contracts: `client` engages `contractor` under a `kind` of contract.
    #[serde(default)]
    pub contracts: Vec<RawContract>,
    /// Explicit allocations written into a contract; they override derivation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assign: Vec<RawAssign>,
    /// Accepted findings, each with a reason and an expiry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<RawWaiver>,
}

fn default_package() -> Name<Package> {
    Name(Package::Mandatory)
}

/// One party (関係者).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawParty {
    /// Display name: a string, or `{ "en": "..", "ja": ".." }`.
    pub name: RawText,
    /// Provider (サイバーインフラ事業者) or Customer (顧客).
    pub division: Name<Division>,
    /// The organisation it belongs to; departments of one organisation lead together. Defaults to
    /// the party's own id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<Id>,
    /// The customer also operates the system (顧客(運用者を兼ねる)): gives Operator(Lead).
    #[serde(default, skip_serializing_if = "is_false")]
    pub operates: bool,
    /// Roles held without a contract (rare). A bare role means Lead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleEntry>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<RawText>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One contract (契約): `client` engages `contractor`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawContract {
    /// Its id; defaults to `client->contractor`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
    /// The party (or consortium) id of the engaging party.
    pub client: String,
    /// The party (or consortium) id of the engaged party.
    pub contractor: String,
    /// The kind of contract; it fixes the contractor's default roles.
    pub kind: Name<ContractKind>,
    /// Roles the contract passes to the contractor; they replace the kind's defaults. Required
    /// for QuasiMandate and Internal contracts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<RoleEntry>>,
    /// The contract establishes security requirements ((2)-3).
    #[serde(default, skip_serializing_if = "is_false")]
    pub security_terms: bool,
    /// Until when the contractor supports the software, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_until: Option<IsoDate>,
    /// The first day the contract is in force, `YYYY-MM-DD`; open when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<IsoDate>,
    /// The last day the contract is in force, `YYYY-MM-DD`; open when absent. Not before
    /// `from`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<IsoDate>,
    /// The subcontract was approved by the client's own client (再委託の承認).
    #[serde(default, skip_serializing_if = "is_false")]
    pub approved: bool,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<RawText>,
}

/// A component used without a contract (an OSS project, a library).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    /// Its id, unique among parties, consortia and components.
    pub id: Id,
    /// Display name: a string, or `{ "en": "..", "ja": ".." }`.
    pub name: RawText,
    /// It is open-source software.
    #[serde(default, skip_serializing_if = "is_false")]
    pub oss: bool,
    /// The version in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Id>,
    /// The party ids that build it into their software (not empty).
    #[schemars(length(min = 1))]
    pub used_by: Vec<String>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<RawText>,
}

/// A consortium (共同企業体, JV).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawConsortium {
    /// Its id, unique among parties, consortia and components.
    pub id: Id,
    /// Display name: a string, or `{ "en": "..", "ja": ".." }`.
    pub name: RawText,
    /// The member party ids (not empty).
    #[schemars(length(min = 1))]
    pub members: Vec<String>,
    /// The representative member (代表構成員): it leads the roles passed to the consortium.
    pub representative: String,
    /// Roles per member id, replacing what the member would hold through the consortium's
    /// contracts (a bare role is left to the contract kind).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub roles: IndexMap<String, Vec<RoleEntry>>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<RawText>,
}

/// An explicit allocation: one requirement or item to one party.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAssign {
    /// A requirement or item id of the catalog, such as `(1)-4` or `S(1)-4.4`.
    pub requirement: String,
    /// The party id that takes it on.
    pub party: String,
    /// The role it is taken on for; required when the requirement applies to several roles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Name<Role>>,
    /// Lead (default), Support or Infra.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Name<Qualifier>>,
    /// The scope, splitting one role between leads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Id>,
}

/// An accepted finding, with a reason and an expiry. `contract`, `party` and `requirement`
/// narrow which findings it covers.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWaiver {
    /// The finding code it covers.
    pub code: WaiverCode,
    /// Why the finding is accepted.
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub reason: String,
    /// Who accepted it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Until when, `YYYY-MM-DD`; after that the waiver stops applying (`waiver-expired`).
    pub until: IsoDate,
    /// Only findings about this contract id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    /// Only findings about this party id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// Only findings about this requirement or item id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
}

/// A text in one or both languages.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub enum RawText {
    /// The same text in both languages.
    Single(String),
    /// English and Japanese.
    Both {
        /// English.
        en: String,
        /// Japanese (日本語).
        ja: String,
    },
}

impl From<&Text> for RawText {
    fn from(t: &Text) -> Self {
        if t.is_single() {
            RawText::Single(t.en.clone())
        } else {
            RawText::Both {
                en: t.en.clone(),
                ja: t.ja.clone(),
            }
        }
    }
}

/// An id: not empty, no blanks at either end, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "An id: not empty, no blanks at either end, no control characters.",
            "pattern": ID_PATTERN,
        })
    }
}

/// A date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct IsoDate(pub Date);

impl JsonSchema for IsoDate {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A date, YYYY-MM-DD.",
            "format": "date",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        })
    }
}

/// The finding codes a waiver may name (every code except the waiver codes themselves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct WaiverCode(pub Code);

impl JsonSchema for WaiverCode {
    fn schema_name() -> Cow<'static, str> {
        "WaiverCode".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.waivable())
            .map(|c| c.key())
            .collect();
        let lines: Vec<String> = Code::ALL
            .iter()
            .filter(|c| c.waivable())
            .map(|c| format!("{}: {}", c.key(), c.doc().summary.0))
            .collect();
        json_schema!({
            "type": "string",
            "description": format!("A finding code.\n{}", lines.join("\n")),
            "enum": codes,
        })
    }
}

/// An enumeration written by its name in model files (`QuasiMandate`, `Lead`).
pub trait Named: Copy + 'static {
    /// The schema's name.
    const SCHEMA_NAME: &'static str;
    /// Every name with its variant.
    fn variants() -> &'static [(&'static str, Self)];
    /// The name of this variant.
    fn name(self) -> &'static str;
    /// A one-line description of a variant, for editors.
    fn describe(self) -> String;
}

macro_rules! named {
    ($($T:ident),+) => {$(
        impl Named for $T {
            const SCHEMA_NAME: &'static str = stringify!($T);
            fn variants() -> &'static [(&'static str, Self)] {
                $T::VARIANTS
            }
            fn name(self) -> &'static str {
                $T::name(self)
            }
            fn describe(self) -> String {
                format!(
                    "{}: {} / {}",
                    $T::name(self),
                    self.label(crate::i18n::Lang::En),
                    self.label(crate::i18n::Lang::Ja)
                )
            }
        }
    )+};
}

named!(Software, Package, Division, ContractKind, Role, Qualifier);

/// A value of a named enumeration, written by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name<T>(pub T);

impl<T: Named> Serialize for Name<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name())
    }
}

fn names_schema<T: Named>(only: impl Fn(T) -> bool) -> Value {
    let vs: Vec<T> = T::variants()
        .iter()
        .map(|(_, v)| *v)
        .filter(|&v| only(v))
        .collect();
    json!({
        "type": "string",
        "enum": vs.iter().map(|v| v.name()).collect::<Vec<_>>(),
        "description": vs.iter().map(|v| v.describe()).collect::<Vec<_>>().join("\n"),
    })
}

impl<T: Named> JsonSchema for Name<T> {
    fn schema_name() -> Cow<'static, str> {
        T::SCHEMA_NAME.into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        Schema::try_from(names_schema::<T>(|_| true)).expect("an object")
    }
}

/// A role as written in `roles`: `Developer`, `Developer(Support)` or `Operator(Lead, "scope")`
/// in RON; in JSON and YAML `"Developer"`, `{"Developer": "Support"}`,
/// `{"Operator": ["Lead", "scope"]}` or `{"role": "Operator", "qualifier": "Lead", "scope": ".."}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleEntry {
    /// The role.
    pub role: Role,
    /// The qualifier; `None` leaves it to where the role is written.
    pub qualifier: Option<Qualifier>,
    /// The scope.
    pub scope: Option<String>,
}

impl From<&RoleSpec> for RoleEntry {
    fn from(r: &RoleSpec) -> Self {
        RoleEntry {
            role: r.role,
            qualifier: r.qualifier,
            scope: r.scope.clone(),
        }
    }
}

impl Serialize for RoleEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let name = self.role.name();
        let v = match (&self.qualifier, &self.scope) {
            (None, None) => json!(name),
            (Some(q), None) => json!({ name: q.name() }),
            (Some(q), Some(sc)) => json!({ name: [q.name(), sc] }),
            // A scope without a qualifier keeps the qualifier open (the contract kind's bare
            // qualifier applies), which only the structure form can say.
            (None, Some(sc)) => json!({ "role": name, "scope": sc }),
        };
        v.serialize(s)
    }
}

impl JsonSchema for RoleEntry {
    fn schema_name() -> Cow<'static, str> {
        "RoleEntry".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let id = g.subschema_for::<Id>();
        let mut forms = vec![names_schema::<Role>(|_| true)];
        for &role in Role::ALL {
            let q = json!({
                "type": "string",
                "enum": role.allowed_qualifiers().iter().map(|q| q.name()).collect::<Vec<_>>(),
            });
            forms.push(json!({
                "type": "object",
                "description": format!("{}(Qualifier) or {}(Qualifier, \"scope\")", role.name(), role.name()),
                "properties": { role.name(): { "anyOf": [
                    { "type": "null" },
                    q,
                    { "type": "array", "items": [q, id], "additionalItems": false, "maxItems": 2 },
                ]}},
                "required": [role.name()],
                "additionalProperties": false,
            }));
        }
        for &role in Role::ALL {
            let q = json!({
                "type": ["string", "null"],
                "enum": role.allowed_qualifiers().iter().map(|q| Value::from(q.name())).chain([Value::Null]).collect::<Vec<_>>(),
            });
            forms.push(json!({
                "type": "object",
                "properties": {
                    "role": { "const": role.name() },
                    "qualifier": q,
                    "scope": { "anyOf": [{ "type": "null" }, id] },
                },
                "required": ["role"],
                "additionalProperties": false,
            }));
        }
        json_schema!({
            "description": "A role: \"Developer\", {\"Developer\": \"Support\"}, {\"Operator\": [\"Lead\", \"scope\"]} or {\"role\": .., \"qualifier\": .., \"scope\": ..}. Infra is for Supplier and Operator only.",
            "anyOf": forms,
        })
    }
}

fn parties_schema(g: &mut SchemaGenerator) -> Schema {
    let party = g.subschema_for::<RawParty>();
    json_schema!({
        "type": "object",
        "description": "The parties, by id.",
        "propertyNames": { "pattern": ID_PATTERN },
        "additionalProperties": party,
    })
}

/// The JSON Schema (draft-07) of a model file in JSON or YAML, generated from [`RawModel`].
pub fn json_schema() -> Value {
    let mut schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawModel>();
    let o = schema.ensure_object();
    o.insert(
        "title".into(),
        json!(format!("rolemap model ({SCHEMA_ID})")),
    );
    o.insert(
        "$comment".into(),
        json!(format!(
            "Generated by rolemap {} (`rolemap schema`). It checks the shape of a model; rolemap itself also checks references between parties, contracts and the catalog, real calendar dates and duplicate ids.",
            env!("CARGO_PKG_VERSION")
        )),
    );
    Value::Object(std::mem::take(o))
}
