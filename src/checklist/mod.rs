//! The self-declaration checklist (自己適合宣言): one row per requirement or item that falls on a
//! party, and reading filled-in checklists back to report conformance.
//!
//! A row is keyed by the party, the requirement or item id and the role, so a checklist can be
//! filled in any program, sorted or split, and still be read back. Every row is built from the
//! analysis ([`rows`]); nothing is recomputed.
//!
//! ```no_run
//! # use rolemap::{Catalog, Options, analyse, checklist, load::load_model};
//! let catalog = Catalog::builtin();
//! let model = load_model("models/service.ron", &catalog, 64 << 20).unwrap();
//! let analysis = analyse(&model, &catalog, Options::default());
//! let status = checklist::read_status(std::path::Path::new("filled.xlsx")).unwrap();
//! let conformance = checklist::conformance(&analysis, &status).unwrap();
//! for p in &conformance.parties {
//!     println!("{}: {} of {}", model.parties[p.party].id,
//!         p.mandatory.implemented, p.mandatory.applicable());
//! }
//! ```

mod conformance;
pub mod conformance_render;
mod error;
mod index;
pub mod limits;
mod markdown;
mod read;
pub mod register;
pub mod render;
mod words;
pub mod xlsx;

pub use conformance::{Conformance, Counts, PartyConformance, RowState, conformance};
pub use error::{Place, StatusErrors, StatusProblem};
pub use index::RowIndex;
pub use limits::Limit;
pub use read::{
    Entry, StatusSet, read_status, read_status_all, read_status_all_with, read_status_bytes,
    read_status_path, read_status_with_limit,
};
pub use words::{
    duty_label, inference_notes, origin_words, qualifier_label, read_role, read_roles, role_word,
    roles_word, source_line, write_duty_label,
};

use crate::Analysis;
use crate::allocate::{Allocation, Duty, Via, duty_scope};
use crate::catalog::{Applies, Unit};
use crate::derive::Because;
use crate::i18n::Lang;
use crate::model::types::{Qualifier, Role};
use crate::model::{ContractIx, PartyIx};
use crate::names::named_enum;

named_enum! {
    /// A status declared in a filled-in checklist (実施状況).
    pub enum Declared of ("status", "実施状況") {
        /// 実施済: the requirement is implemented.
        Implemented = ("Implemented", "implemented", "implemented", "実施済"),
        /// 一部実施: partly implemented.
        Partial = ("Partial", "partial", "partial", "一部実施"),
        /// 未実施: not implemented.
        Missing = ("Missing", "missing", "missing", "未実施"),
        /// 該当なし: does not apply to this party (say why in the remarks).
        NotApplicable = ("NotApplicable", "not-applicable", "not applicable", "該当なし"),
    }
}

impl Declared {
    /// The word offered in the drop-down list and written in CSV in `lang`: the English key
    /// (`not-applicable`) or the Japanese label (`該当なし`).
    pub fn word(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.key(),
            Lang::Ja => self.label(Lang::Ja),
        }
    }

    /// Read a status as written in a checklist: the Japanese word, the English key or label
    /// (any case), the model-style name, or the common spelling 実施済み. Surrounding spaces are
    /// ignored.
    pub fn read(s: &str) -> Option<Declared> {
        let t = s.trim();
        let lower = t.to_lowercase();
        Declared::ALL
            .iter()
            .copied()
            .find(|d| {
                lower == d.key()
                    || lower == d.label(Lang::En)
                    || lower == d.name().to_lowercase()
                    || t == d.label(Lang::Ja)
            })
            .or(match t {
                "実施済み" => Some(Declared::Implemented),
                _ => None,
            })
    }

    /// Every word [`Declared::read`] suggests from, for "did you mean".
    pub fn all_words() -> Vec<&'static str> {
        let mut v = Vec::new();
        for d in Declared::ALL {
            v.push(d.key());
            v.push(d.label(Lang::Ja));
        }
        v
    }
}

named_enum! {
    /// How a row's requirement falls on the party.
    pub enum DutyKind of ("duty", "責務の種類") {
        /// The party leads the role (in its scope): it is responsible.
        Responsible = ("Responsible", "responsible", "responsible (lead)", "責任者 (主体)"),
        /// The party supports the lead or provides the infrastructure.
        Contributes = ("Contributes", "contributes", "contributes (support or infrastructure)", "協力 (支援・インフラ)"),
        /// Every organisation holding the role must do it itself.
        Organisation = ("Organisation", "organisation", "as an organisation (does it itself)", "組織として自ら実施"),
        /// As the client of a contract, establish the requirement in it ((2)-3).
        ContractClient = ("ContractClient", "contract-client", "as client: establish in the contract", "発注者として契約で確立"),
        /// As the contractor of a contract, agree the requirement in it ((2)-3).
        ContractContractor = ("ContractContractor", "contract-contractor", "as contractor: agree in the contract", "受注者として契約で合意"),
    }
}

/// A column of the checklist, in the order written. Reading finds columns by their header
/// (in either language, or the key), so columns may be moved or added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// The party's id.
    Party,
    /// The requirement the row belongs to (`(1)-4` for `S(1)-4.1`).
    Requirement,
    /// The requirement or item id: with the party and the role, the row's key.
    Id,
    /// The title in Japanese.
    TitleJa,
    /// The title in English.
    TitleEn,
    /// The role.
    Role,
    /// Lead, support or infrastructure.
    Qualifier,
    /// How it falls on the party.
    Duty,
    /// The scope of the party's role, if split.
    Scope,
    /// Mandatory or standard.
    Package,
    /// The contracts (or model fields) it comes from.
    From,
    /// Where the catalog entry comes from, and which parts are our reading.
    Source,
    /// The reasons of those readings.
    Inferences,
    /// To fill: the declared status.
    Status,
    /// To fill: the evidence.
    Evidence,
    /// To fill: remarks.
    Remarks,
}

impl Column {
    /// Every column, in the order written.
    pub const ALL: [Column; 16] = [
        Column::Party,
        Column::Requirement,
        Column::Id,
        Column::TitleJa,
        Column::TitleEn,
        Column::Role,
        Column::Qualifier,
        Column::Duty,
        Column::Scope,
        Column::Package,
        Column::From,
        Column::Source,
        Column::Inferences,
        Column::Status,
        Column::Evidence,
        Column::Remarks,
    ];

    /// The columns reading needs.
    pub const REQUIRED: [Column; 4] = [Column::Party, Column::Id, Column::Role, Column::Status];

    /// A stable lower-case key, also accepted as a header.
    pub fn key(self) -> &'static str {
        match self {
            Column::Party => "party",
            Column::Requirement => "requirement",
            Column::Id => "id",
            Column::TitleJa => "title_ja",
            Column::TitleEn => "title_en",
            Column::Role => "role",
            Column::Qualifier => "qualifier",
            Column::Duty => "duty",
            Column::Scope => "scope",
            Column::Package => "package",
            Column::From => "from",
            Column::Source => "source",
            Column::Inferences => "inferences",
            Column::Status => "status",
            Column::Evidence => "evidence",
            Column::Remarks => "remarks",
        }
    }

    /// The header in `lang`.
    pub fn header(self, lang: Lang) -> &'static str {
        let (en, ja) = match self {
            Column::Party => ("party", "関係者"),
            Column::Requirement => ("requirement", "要求事項"),
            Column::Id => ("id", "ID"),
            Column::TitleJa => ("title (ja)", "名称 (日本語)"),
            Column::TitleEn => ("title (en)", "名称 (英語)"),
            Column::Role => ("role", "役割"),
            Column::Qualifier => ("qualifier", "区分"),
            Column::Duty => ("duty", "責務の種類"),
            Column::Scope => ("scope", "範囲"),
            Column::Package => ("package", "要求パッケージ"),
            Column::From => ("from (contracts)", "由来 (契約)"),
            Column::Source => ("source", "出典"),
            Column::Inferences => ("inferences (our reading)", "推定の根拠 (本ツールの解釈)"),
            Column::Status => ("status", "実施状況"),
            Column::Evidence => ("evidence", "エビデンス"),
            Column::Remarks => ("remarks", "備考"),
        };
        lang.pick(en, ja)
    }

    /// The column a header names, in either language or as the key (case and surrounding
    /// spaces ignored).
    pub fn from_header(h: &str) -> Option<Column> {
        let t = h.trim().to_lowercase();
        Column::ALL.iter().copied().find(|c| {
            t == c.key() || t == c.header(Lang::En) || t == c.header(Lang::Ja).to_lowercase()
        })
    }

    /// Whether the party fills it in.
    pub fn is_input(self) -> bool {
        matches!(self, Column::Status | Column::Evidence | Column::Remarks)
    }
}

/// One row of a party's checklist: one requirement or item, for one role; or, where the
/// requirement applies per organisation or per contract, for every role the party holds it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The party.
    pub party: PartyIx,
    /// Indices into [`Analysis::allocations`], one per role: all of the same unit.
    pub allocations: Vec<usize>,
    /// The roles, one per allocation.
    pub roles: Vec<Role>,
    /// The strongest qualifier the party holds the roles with; `None` when the party only has
    /// to establish the requirement in contracts as their client.
    pub qualifier: Option<Qualifier>,
    /// How it falls on the party (sorted, no repeats).
    pub duties: Vec<DutyKind>,
    /// The scopes of the party's duties.
    pub scopes: Vec<String>,
    /// The contracts the duty comes from, in model order.
    pub contracts: Vec<ContractIx>,
    /// Reasons that are not contracts: system owner, `operates`, the party's `roles`, `assign`.
    pub fields: Vec<Because>,
}

impl Row {
    /// The (first) allocation: the unit, the package and how it applies are the same for all.
    pub fn alloc<'a>(&self, a: &'a Analysis) -> &'a Allocation {
        &a.allocations[self.allocations[0]]
    }

    /// The catalog unit (requirement or item).
    pub fn unit<'a>(&self, a: &'a Analysis) -> Unit<'a> {
        self.alloc(a).unit(a.catalog)
    }

    /// The key that identifies the row in a filled-in file: party id, unit id, roles.
    pub fn key<'a>(&self, a: &'a Analysis) -> (&'a str, &'a str, Vec<Role>) {
        (
            &a.model.parties[self.party].id,
            self.unit(a).id(),
            self.roles.clone(),
        )
    }

    fn absorb(&mut self, other: Row) {
        self.allocations.extend(other.allocations);
        self.roles.extend(other.roles);
        self.qualifier = match (self.qualifier, other.qualifier) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
        for d in other.duties {
            if !self.duties.contains(&d) {
                self.duties.push(d);
            }
        }
        self.duties.sort();
        for s in other.scopes {
            if !self.scopes.contains(&s) {
                self.scopes.push(s);
            }
        }
        self.scopes.sort();
        for c in other.contracts {
            if !self.contracts.contains(&c) {
                self.contracts.push(c);
            }
        }
        self.contracts.sort();
        for f in other.fields {
            if !self.fields.contains(&f) {
                self.fields.push(f);
            }
        }
    }
}

/// Every checklist row of one party (or of every party when `party` is `None`), parties in
/// model order and rows in catalog order.
///
/// Requirements that apply per role give one row per role. Requirements that apply per
/// organisation ((4), (5)) or per contract ((2)-3) give one row for all the party's roles:
/// the organisation declares them once.
///
/// One party's rows scan every allocation once; every party's go through a [`RowIndex`]
/// (build one to ask for many parties' rows: scanning per party costs parties × duties).
pub fn rows(a: &Analysis, party: Option<PartyIx>) -> Vec<Row> {
    match party {
        Some(p) => rows_where(a, p, &|_, _| true),
        None => {
            let ix = RowIndex::new(a);
            (0..a.model.parties.len())
                .flat_map(|p| ix.rows(a, p))
                .collect()
        }
    }
}

/// The rows of one party built from only the duties `keep` accepts (for the contract annex:
/// the duties one contract gives), from one scan of every allocation.
pub fn rows_where(a: &Analysis, p: PartyIx, keep: &dyn Fn(&Allocation, &Duty) -> bool) -> Vec<Row> {
    let duties = a
        .allocations
        .iter()
        .enumerate()
        .map(|(i, al)| (i, own_duties(al, p)));
    collect_rows(a, p, keep, duties)
}

/// Party `p`'s duties in one allocation: (responsible, duty), responsible ones first.
fn own_duties(al: &Allocation, p: PartyIx) -> impl Iterator<Item = (bool, &Duty)> {
    let responsible = al.responsible.iter().filter(move |d| d.party == p);
    let contributors = al.contributors.iter().filter(move |d| d.party == p);
    responsible
        .map(|d| (true, d))
        .chain(contributors.map(|d| (false, d)))
}

/// The rows of party `p` from its duties in each allocation (`(index, duties)` in allocation
/// order; each allocation's duties responsible first, in the allocation's order).
fn collect_rows<'a, I, D>(
    a: &'a Analysis,
    p: PartyIx,
    keep: &dyn Fn(&Allocation, &Duty) -> bool,
    duties: I,
) -> Vec<Row>
where
    I: Iterator<Item = (usize, D)>,
    D: Iterator<Item = (bool, &'a Duty)>,
{
    let mut out: Vec<Row> = Vec::new();
    for (i, own) in duties {
        let al = &a.allocations[i];
        let Some(r) = row(a, p, i, al, keep, own) else {
            continue;
        };
        let merges = matches!(al.applies, Applies::Organisation | Applies::Contract);
        if merges
            && let Some(last) = out.last_mut()
            && last.alloc(a).requirement == al.requirement
            && last.alloc(a).item == al.item
        {
            last.absorb(r);
        } else {
            out.push(r);
        }
    }
    out
}

fn row<'a>(
    a: &'a Analysis,
    party: PartyIx,
    i: usize,
    al: &Allocation,
    keep: &dyn Fn(&Allocation, &Duty) -> bool,
    own: impl Iterator<Item = (bool, &'a Duty)>,
) -> Option<Row> {
    // Short lists, sorted and made unique at the end (a checklist of every party of a 100k
    // chain makes 2.4 million rows: sets of a few elements each cost more than the sort).
    let mut duties: Vec<DutyKind> = Vec::new();
    let mut qualifier: Option<Qualifier> = None;
    let mut scopes: Vec<&str> = Vec::new();
    let mut contracts: Vec<ContractIx> = Vec::new();
    let mut fields = Vec::new();
    let mut any = false;
    let mut note_reasons = |bs: &[Because], contracts: &mut Vec<ContractIx>| {
        for b in bs {
            match b.contract() {
                Some(c) => {
                    contracts.push(c);
                }
                None => {
                    if !fields.contains(b) {
                        fields.push(b.clone());
                    }
                }
            }
        }
    };
    for (responsible, d) in own {
        {
            if !keep(al, d) {
                continue;
            }
            any = true;
            let kind = match (al.applies, responsible) {
                (Applies::Organisation, _) => DutyKind::Organisation,
                (Applies::Contract, true) => DutyKind::ContractClient,
                (Applies::Contract, false) => DutyKind::ContractContractor,
                (_, true) => DutyKind::Responsible,
                (_, false) => DutyKind::Contributes,
            };
            if !duties.contains(&kind) {
                duties.push(kind);
            }
            if kind != DutyKind::ContractClient {
                qualifier = Some(qualifier.map_or(d.qualifier, |q| q.min(d.qualifier)));
            }
            if let Some(s) = duty_scope(d, &a.roles, a.model) {
                scopes.push(s);
            }
            match d.via {
                Via::Contract { contract, .. } => {
                    contracts.push(contract);
                }
                Via::Assign(index) => note_reasons(&[Because::Assign { index }], &mut contracts),
                Via::Holding(h) if al.applies == Applies::Organisation => {
                    // An organisation duty rests on every holding of the role, not only on
                    // the one the allocation names.
                    let role = a.roles.holdings[h].role;
                    for hold in a.roles.of_party(party).filter(|x| x.role == role) {
                        note_reasons(&hold.because, &mut contracts);
                    }
                }
                Via::Holding(h) => note_reasons(&a.roles.holdings[h].because, &mut contracts),
            }
        }
    }
    if !any {
        return None;
    }
    duties.sort_unstable();
    scopes.sort_unstable();
    scopes.dedup();
    contracts.sort_unstable();
    contracts.dedup();
    Some(Row {
        party,
        allocations: vec![i],
        roles: vec![al.role],
        qualifier,
        duties,
        scopes: scopes.into_iter().map(str::to_string).collect(),
        contracts,
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_in_both_languages() {
        for d in Declared::ALL {
            assert_eq!(Declared::read(d.word(Lang::En)), Some(*d));
            assert_eq!(Declared::read(d.word(Lang::Ja)), Some(*d));
            assert_eq!(
                Declared::read(&format!("  {}  ", d.name().to_uppercase())),
                Some(*d)
            );
        }
        assert_eq!(
            Declared::read("not applicable"),
            Some(Declared::NotApplicable)
        );
        assert_eq!(Declared::read("実施済み"), Some(Declared::Implemented));
        assert_eq!(Declared::read("done"), None);
        assert_eq!(Declared::read(""), None);
    }
}
