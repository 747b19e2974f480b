//! What the report's script reads: the analysis as compact JSON (`rolemap/report/v1`).
//!
//! Everything the page shows about the model is here, in both languages, so that the language
//! switch and the filters work without a server. To stay small for chains of thousands of
//! parties, rows are arrays rather than objects, references are indices, and every distinct
//! reason is written once, in a table that duties and findings point into. A text that reads
//! the same in both languages is one string, otherwise `[en, ja]` (a "text" below).
//!
//! | key | rows |
//! |---|---|
//! | `parties` | `[id, name (text), division, org, operates (0/1), line, column]` |
//! | `contracts` | `[id, client, contractor, kind, security_terms (0/1), line, column]` |
//! | `holdings` | `[party, role, qualifier, scope or null, [reason, ...], days]`: every role held; `days` (`2022-04-01..2027-03-31`) only when it does not hold always |
//! | `assign` | `[party, qualifier, scope or null, reason]` |
//! | `reasons` | `[contract or null, text, line or null, column or null]`: the reason reads the contract's phrase (`contract "use" (hospital → acme, kind)`) followed by `texts[text]` |
//! | `texts` | distinct texts (of reasons) |
//! | `units` | `[id, title (text), inferred (0/1)]`: requirements without items, and items; inferred when the catalog's roles or the entry itself are our reading |
//! | `allocations` | `[unit, role, package, status, applies, in_package (0/1), catalog reason]` |
//! | `duty_lists` | per allocation, `[responsible, contributors]`: its lists of duties (a large chain has millions); a duty is a holding index `h`, `-1 - i` for `assign` entry `i`, or `[contract, h, reason]` for a client's duty to establish the requirement in a contract |
//! | `cells` | per allocation, the cells of `rolemap matrix`: `[marks, [[party, scopes], ...], [[party, days], ...]]`; `marks` holds a digit per party (0 none, 1 L, 2 S, 3 I, 4 A), `scopes` (`a, b`) and `days` are given for the cells that have them |
//! | `findings` | `[code, severity, message (text), fix (index in `fixes`), [reason, ...], line or null, column or null, instance id, waiver or null, allocation or null, outside_package (0/1), leader or null]`; a finding with a leader shares its cause (as `check` groups them: everything but the requirement) and is shown in the leader's card |
//! | `fixes` | distinct fixes of findings (text) |
//! | `waivers` | `[code, reason, owner or null, until, line, column]` |
//! | `duties` | per party, its number of duties (the lines of its `explain` groups) |
//! | `explain` | per party, `[[origin, [allocation, position, ...]], ...]` as `explain` groups duties; an origin is `[0, contract]` (under a contract), `[1, contract]` (as its client), `[2, reason]` (a field of the model), `[3, reason]` (an `assign` entry) or `[4]` (as an organisation); a position is `i` in `responsible` or `-1 - i` in `contributors` |
//!
//!
//! `after_script` names the sections written after the page's script ([`AFTER_SCRIPT`]): the
//! page reads them row by row once the browser has read the whole file.
//!
//! Enumerations (division, kind, role, qualifier, package, status, applies, code, severity)
//! are indices into `labels`, which holds their key and their text in both languages.
//!
//! The page cuts every section of rows between rows ([`Data::write_elements`]); it reads
//! `duty_lists`, `explain`, `reasons` and `texts` an element at a time, for the rows it
//! shows, and parses each other section whole the first time it uses it.

use std::collections::HashMap;

use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;

use serde_json::{Value, json};

mod catalog;
mod cells;
mod elements;
mod escape;
mod out;

use catalog::catalog;

pub use escape::script_json;
pub use out::Data;
use out::Rows;
use rayon::prelude::*;

use super::super::because;
use super::super::explain::{self, Origin};
use crate::allocate::Via;
use crate::catalog::Applies;
use crate::derive::Because;
use crate::findings::{Code, Severity, instance_id, render};
use crate::i18n::{Lang, Text};
use crate::model::types::{ContractKind, Division, Package, Qualifier, Role, Software};
use crate::{Analysis, Status};

/// The sections the page reads only on a click (a cell's or a party's duties): the page has
/// them after its script, so that a large chain's page is shown before they are read.
pub const AFTER_SCRIPT: [&str; 2] = ["duty_lists", "explain"];

/// The version of the data layout.
pub const SCHEMA: &str = "rolemap/report/v1";

/// A text in both languages: one string when they agree.
pub fn text(en: impl Into<String>, ja: impl Into<String>) -> Value {
    let (en, ja) = (en.into(), ja.into());
    if en == ja {
        Value::String(en)
    } else {
        json!([en, ja])
    }
}

/// The reason an origin of `explain` names: a field's, or an `assign` entry's.
fn origin_reason(o: &Origin) -> Option<std::borrow::Cow<'_, Because>> {
    match o {
        Origin::Field(b) => Some(std::borrow::Cow::Borrowed(b)),
        Origin::Assign(i) => Some(std::borrow::Cow::Owned(Because::Assign { index: *i })),
        _ => None,
    }
}

/// Parties whose `explain` groups are made, numbered and written at a time.
const EXPLAIN_WINDOW: usize = 16_384;

/// A bilingual text of the model or catalog.
fn t(x: &Text) -> Value {
    text(x.en.as_str(), x.ja.as_str())
}

/// A text rendered by `f` in each language.
fn each(f: impl Fn(Lang) -> String) -> Value {
    text(f(Lang::En), f(Lang::Ja))
}

/// `[[key, text], ...]` for every variant of an enumeration.
fn labels<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    label: fn(T, Lang) -> &'static str,
) -> Value {
    Value::Array(
        all.iter()
            .map(|&v| json!([key(v), text(label(v, Lang::En), label(v, Lang::Ja))]))
            .collect(),
    )
}

/// The most characters of a finding's message or fix the page shows.
pub const CLIP: usize = 600;

/// A message or fix cut to [`CLIP`] characters, at a list separator where there is one, with
/// a note that says so. A finding about thousands of parties (`multiple-leads` on a national
/// chain) names them all; the page shows the first ones, lists the finding's reasons, and
/// points to `rolemap check` for the whole text, so that a page of findings stays light.
pub fn clip(s: &str, lang: Lang) -> String {
    let Some((cut, _)) = s.char_indices().nth(CLIP) else {
        return s.to_string();
    };
    let head = &s[..cut];
    let head = match head.rfind([',', '、']) {
        Some(i) if i > cut / 2 => &head[..i],
        _ => head,
    };
    let rest = s[head.len()..].chars().count();
    match lang {
        Lang::En => {
            format!("{head} … ({rest} more characters: `rolemap check` gives the whole text)")
        }
        Lang::Ja => format!("{head} …(残り {rest} 文字。全文は `rolemap check` で表示)"),
    }
}

/// The reasons table: each distinct reason once, numbered in the order the page's sections
/// meet them (the numbers are in the page's bytes). A reason about a contract starts with the
/// contract's phrase ([`because::contract_phrase`]), which the script builds from the
/// contract's row; only the rest of the sentence is stored, in a table of distinct texts,
/// since most of it repeats from contract to contract (`: kind Development gives the
/// contractor …`).
///
/// Numbering is cheap and done in one pass, in order ([`Reasons::of`]); the sentences, most of
/// the cost on a large chain, are written at the end on every core ([`Reasons::finish`]).
struct Reasons<'a> {
    a: &'a Analysis<'a>,
    /// The reasons numbered so far, in order: a reason's number is its place.
    numbered: IndexSet<Because, FxBuildHasher>,
}

impl<'a> Reasons<'a> {
    fn new(a: &'a Analysis<'a>) -> Self {
        Reasons {
            a,
            numbered: IndexSet::default(),
        }
    }

    /// The number of reason `b`, numbering it if it is new.
    fn of(&mut self, b: &Because) -> usize {
        match self.numbered.get_index_of(b) {
            Some(i) => i,
            None => self.numbered.insert_full(b.clone()).0,
        }
    }

    /// Numbers each reason of `bs` that is new.
    fn number(&mut self, bs: &[Because]) {
        for b in bs {
            self.of(b);
        }
    }

    /// The number of a reason already numbered by [`Reasons::of`] (rows written on many
    /// threads look their reasons up).
    fn get(&self, b: &Because) -> usize {
        self.numbered
            .get_index_of(b)
            .expect("every reason is numbered before its rows are written")
    }

    /// The `reasons` and `texts` sections.
    fn finish(self) -> (Rows, Rows) {
        use rayon::prelude::*;
        let (m, c) = (self.a.model, self.a.catalog);
        let made: Vec<(
            Option<usize>,
            String,
            String,
            Option<crate::source::LineCol>,
        )> = (0..self.numbered.len())
            .into_par_iter()
            .map(|i| {
                let b = &self.numbered[i];
                let pos = because::position(m, b);
                let rest = |lang| because::text_after_phrase(m, c, b, lang);
                (b.contract(), rest(Lang::En), rest(Lang::Ja), pos)
            })
            .collect();
        // The distinct texts, numbered in the order the reasons meet them.
        let mut distinct: IndexSet<(String, String), FxBuildHasher> = IndexSet::default();
        let mut rows = Rows::default();
        for (contract, en, ja, pos) in made {
            let t = distinct.insert_full((en, ja)).0;
            rows.row(|w| {
                w.opt_num(contract)
                    .num(t)
                    .opt_num(pos.map(|p| p.line))
                    .opt_num(pos.map(|p| p.column));
            });
        }
        let mut texts = Rows::default();
        for (en, ja) in &distinct {
            texts.text(en, ja);
        }
        (rows, texts)
    }
}

/// What the page says about the diagram.
#[derive(Debug, Clone, Default)]
pub struct DiagramNotes {
    /// Which renderer drew it.
    pub drawn_by: Option<String>,
    /// Why Graphviz was not used, in both languages.
    pub fallback: Option<Value>,
    /// Why there is no diagram, in both languages.
    pub missing: Option<Value>,
    /// What was collapsed, in both languages.
    pub collapsed: Option<Value>,
}

/// The notes on the diagram as the page reads them (the `diagram` section).
pub fn diagram_json(diagram: &DiagramNotes) -> Value {
    json!({
        "drawn_by": diagram.drawn_by,
        "fallback": diagram.fallback,
        "missing": diagram.missing,
        "collapsed": diagram.collapsed,
    })
}

/// The report's data as JSON. The `diagram` section holds `diagram` (replace it with
/// [`Data::set`] once the diagram is drawn, when the data was built alongside it).
pub fn build(a: &Analysis, lang: Lang, diagram: &DiagramNotes, strings: Value) -> Data {
    let m = a.model;
    let file = m.file.name().to_string();
    let mut reasons = Reasons::new(a);
    let pos = |span: crate::load::source::Span| {
        let p = m.file.line_col(span.start);
        (p.line, p.column)
    };
    // Rows of the chain's size are written by hand on every core ([`Rows::par`]); their
    // reasons are numbered first, in one pass in the page's order, and looked up as they are
    // written.

    let parties = Rows::par(m.parties.len(), |w, i| {
        let p = &m.parties[i];
        let (l, c) = pos(p.span);
        w.str(&p.id)
            .text(&p.name.en, &p.name.ja)
            .num(p.division as usize)
            .str(&p.org)
            .num(p.operates as u8)
            .num(l)
            .num(c);
    });
    let contracts = Rows::par(m.contracts.len(), |w, i| {
        let k = &m.contracts[i];
        let (l, c) = pos(k.span);
        w.str(&k.id)
            .num(k.client)
            .num(k.contractor)
            .num(k.kind as usize)
            .num(k.security_terms as u8)
            .num(l)
            .num(c);
    });
    let held = &a.roles.holdings;
    for h in held {
        reasons.number(&h.because);
    }
    let holdings = Rows::par(held.len(), |w, i| {
        let h = &held[i];
        w.num(h.party)
            .num(h.role as usize)
            .num(h.qualifier as usize)
            .opt_str(h.scope.as_deref())
            .nums(h.because.iter().map(|b| reasons.get(b)));
        // The days, only for a holding that does not hold always.
        if !h.periods.is_always() {
            w.str(&h.periods.compact());
        }
    });
    let mut assign = Rows::default();
    for (i, x) in m.assign.iter().enumerate() {
        let r = reasons.of(&Because::Assign { index: i });
        assign.row(|w| {
            w.num(x.party)
                .num(x.qualifier as usize)
                .opt_str(x.scope.as_deref())
                .num(r);
        });
    }

    // Units in catalog order, with their index for allocations.
    let mut unit_ix: HashMap<(usize, Option<usize>), usize> = HashMap::new();
    let mut units = Rows::default();
    for (ri, r) in a.catalog.requirements.iter().enumerate() {
        let items: Vec<Option<usize>> = if r.items.is_empty() {
            vec![None]
        } else {
            (0..r.items.len()).map(Some).collect()
        };
        for ii in items {
            let u = crate::catalog::Unit {
                requirement: r,
                item: ii.map(|i| &r.items[i]),
            };
            // As the catalog reason says: an inference in the roles or in the entry itself.
            let inferred = r.roles_source.is_inferred() || u.source().is_inferred();
            unit_ix.insert((ri, ii), units.len);
            units.push(&json!([
                u.id(),
                t(u.title()),
                inferred as u8,
                u.package_inferred() as u8
            ]));
        }
    }

    let mut allocations = Rows::default();
    // An allocation's duties, a row of their own: a large chain has millions, which the page
    // reads only for the cell or the party it shows.
    let mut duty_lists = Rows::default();
    for al in &a.allocations {
        let u = al.unit(a.catalog);
        let catalog_reason = reasons.of(&Because::Catalog {
            unit: u.id().to_string(),
            role: al.role,
        });
        allocations.row(|w| {
            w.num(unit_ix[&(al.requirement, al.item)])
                .num(al.role as usize)
                .num(al.package as usize)
                .num(al.status as usize)
                .num(al.applies as usize)
                .num(al.in_package as u8)
                .num(catalog_reason);
        });
        duty_lists.row(|w| {
            for list in [&al.responsible, &al.contributors] {
                w.list(|w| {
                    for d in list.iter() {
                        match d.via {
                            Via::Holding(h) => w.num(h),
                            Via::Assign(i) => w.num(-1 - i as i64),
                            Via::Contract { contract, holding } => {
                                let r = reasons.of(&Because::ContractDuty { contract });
                                w.list(|w| {
                                    w.num(contract).num(holding).num(r);
                                })
                            }
                        };
                    }
                });
            }
        });
    }

    let cells = cells::cells(a);

    let cx = a.ctx();
    // Active findings of one cause (as `check` groups them) are one card, led by the first.
    let active: Vec<usize> = (0..a.findings.len())
        .filter(|&i| a.findings[i].is_active())
        .collect();
    let refs: Vec<&crate::findings::Finding> = active.iter().map(|&i| &a.findings[i]).collect();
    let mut leader: Vec<Option<usize>> = vec![None; a.findings.len()];
    for run in super::super::check_text::same_cause_runs(&refs) {
        for k in run.start + 1..run.end {
            leader[active[k]] = Some(active[run.start]);
        }
    }
    for f in &a.findings {
        reasons.number(&f.because);
    }
    // The words of each finding, in both languages; its fix is one of few (a code's fix
    // rarely names a party), so the fixes are written once, in `fixes`, and numbered.
    let words: Vec<_> = a
        .findings
        .par_iter()
        .map(|f| (render(f, &cx, Lang::En), render(f, &cx, Lang::Ja)))
        .collect();
    let mut fixes: IndexSet<(&str, &str), FxBuildHasher> = IndexSet::default();
    let fix_of: Vec<usize> = words
        .iter()
        .map(|(en, ja)| fixes.insert_full((en.fix.as_str(), ja.fix.as_str())).0)
        .collect();
    let findings = Rows::par(a.findings.len(), |w, i| {
        let f = &a.findings[i];
        let (en, ja) = &words[i];
        let p = f.span.map(|s| m.file.line_col(s.start));
        w.num(f.code as usize)
            .num(f.severity as usize)
            .text(&clip(&en.message, Lang::En), &clip(&ja.message, Lang::Ja))
            .num(fix_of[i])
            .nums(f.because.iter().map(|b| reasons.get(b)))
            .opt_num(p.map(|p| p.line))
            .opt_num(p.map(|p| p.column))
            .str(&instance_id(f, &cx))
            .opt_num(f.waived_by)
            .opt_num(f.allocation)
            .num(f.outside_package as u8)
            .opt_num(leader[i]);
    });
    let mut waivers = Rows::default();
    for wv in &m.waivers {
        let (l, c) = pos(wv.span);
        waivers.row(|w| {
            w.num(wv.code as usize)
                .str(&wv.reason)
                .opt_str(wv.owner.as_deref())
                .str(&wv.until.to_string())
                .num(l)
                .num(c);
        });
    }

    // A window of parties at a time: their groups are numbered and written, then dropped.
    let grouper = explain::Grouper::new(a);
    let mut explain = Rows::default();
    // Each party's number of duties (its lines in `explain`), for the list of parties, which
    // would otherwise have to parse every party's groups to show it.
    let mut duties = Vec::with_capacity(m.parties.len());
    for from in (0..m.parties.len()).step_by(EXPLAIN_WINDOW) {
        let groups = grouper.groups(from..(from + EXPLAIN_WINDOW).min(m.parties.len()));
        duties.extend(
            groups
                .iter()
                .map(|party| party.values().map(Vec::len).sum::<usize>()),
        );
        for party in &groups {
            for o in party.keys() {
                if let Some(b) = origin_reason(o) {
                    reasons.of(&b);
                }
            }
        }
        // A row per party: the page reads the element that holds it when it shows the party.
        explain.extend(Rows::par(groups.len(), |w, p| {
            for (origin, lines) in &groups[p] {
                w.list(|w| {
                    w.list(|w| {
                        match origin {
                            Origin::Contract(c) => w.num(0).num(*c),
                            Origin::ClientOf(c) => w.num(1).num(*c),
                            Origin::Field(_) => w.num(2),
                            Origin::Assign(_) => w.num(3),
                            Origin::Organisation => w.num(4),
                        };
                        if let Some(b) = origin_reason(origin) {
                            w.num(reasons.get(&b));
                        }
                    });
                    w.list(|w| {
                        for l in lines {
                            w.num(l.alloc);
                            if l.responsible {
                                w.num(l.index);
                            } else {
                                w.num(-1 - l.index as i64);
                            }
                        }
                    });
                });
            }
        }));
    }
    drop(grouper);
    let (reason_rows, texts) = reasons.finish();

    let s = a.summary();
    let mut d = Data::default();
    d.push("schema", &SCHEMA);
    d.push("lang", &lang.code());
    d.push("after_script", &AFTER_SCRIPT);
    d.push("strings", &strings);
    d.push(
        "labels",
        &json!({
            "division": labels(Division::ALL, Division::key, Division::label),
            "kind": labels(ContractKind::ALL, ContractKind::key, ContractKind::label),
            "role": labels(Role::ALL, Role::key, Role::label),
            "qualifier": labels(Qualifier::ALL, Qualifier::key, Qualifier::label),
            "package": labels(Package::ALL, Package::key, Package::label),
            "status": labels(Status::ALL, Status::key, Status::label),
            "applies": labels(Applies::ALL, Applies::key, Applies::label),
            "code": labels(Code::ALL, Code::key, Code::label),
            "severity": labels(Severity::ALL, Severity::key, Severity::label),
            "software": labels(Software::ALL, Software::key, Software::label),
        }),
    );
    d.push(
        "model",
        &json!({
            "name": t(&m.name),
            "file": file,
            "today": a.today.to_string(),
            "package": a.package as usize,
        }),
    );
    d.push(
        "summary",
        &json!({
            "errors": s.errors,
            "warnings": s.warnings,
            "info": s.info,
            "waived": s.waived,
        }),
    );
    d.push("diagram", &diagram_json(diagram));
    d.push_rows("parties", parties);
    d.push_rows("contracts", contracts);
    d.push_rows("holdings", holdings);
    d.push_rows("assign", assign);
    d.push_rows("units", units);
    d.push_rows("allocations", allocations);
    d.push_rows("duty_lists", duty_lists);
    d.push_rows("cells", cells);
    d.push_rows("findings", findings);
    let mut fix_rows = Rows::default();
    for (en, ja) in &fixes {
        fix_rows.text(&clip(en, Lang::En), &clip(ja, Lang::Ja));
    }
    d.push_rows("fixes", fix_rows);
    d.push_rows("waivers", waivers);
    d.push_rows("explain", explain);
    d.push("duties", &duties);
    d.push_rows("reasons", reason_rows);
    d.push_rows("texts", texts);
    d.push("catalog", &catalog(a));
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_are_clipped_at_a_separator() {
        let short = "a, b";
        assert_eq!(clip(short, Lang::En), short);
        let long: Vec<String> = (0..500).map(|i| format!("\"p{i}\"")).collect();
        let long = long.join(", ");
        let c = clip(&long, Lang::En);
        assert!(c.chars().count() < CLIP + 80, "{c}");
        assert!(c.starts_with("\"p0\", \"p1\""));
        assert!(c.contains("\" … ("), "cut after a whole name: {c}");
        assert!(c.ends_with("more characters: `rolemap check` gives the whole text)"));
        let ja = clip(&long.replace(", ", "、"), Lang::Ja);
        assert!(ja.contains("全文は `rolemap check`"));
    }

    #[test]
    fn texts_are_one_string_when_both_languages_agree() {
        assert_eq!(text("a", "a"), json!("a"));
        assert_eq!(text("a", "あ"), json!(["a", "あ"]));
    }
}
