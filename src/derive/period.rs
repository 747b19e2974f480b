//! Periods: the days a contract is in force, a role is held, a duty has a lead.
//!
//! A contract holds from its `from` to its `until`, both days included, open where absent; a
//! party's own fields hold always. A holding's period is the union of the periods of its
//! reasons. Days are counted as whole days since 1970-01-01, open ends as the extremes of
//! `i64`, so that unions, intersections and differences are exact and need no calendar.

use rustc_hash::FxHashMap;

use crate::date::Date;
use crate::i18n::Lang;
use crate::model::{Contract, Model};

/// An interval of days, both ends included; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// The first day, or open (always before).
    pub from: Option<Date>,
    /// The last day, or open (for ever after).
    pub until: Option<Date>,
}

impl Period {
    /// Every day.
    pub const ALWAYS: Period = Period {
        from: None,
        until: None,
    };

    /// The period a contract is in force.
    pub fn of_contract(c: &Contract) -> Period {
        Period {
            from: c.from,
            until: c.until,
        }
    }

    /// Whether both ends are open.
    pub fn is_always(self) -> bool {
        self == Period::ALWAYS
    }

    /// Whether `d` falls inside.
    pub fn contains(self, d: Date) -> bool {
        self.from.is_none_or(|f| f <= d) && self.until.is_none_or(|u| d <= u)
    }

    fn days(self) -> Days {
        (
            self.from.map_or(i64::MIN, Date::days_since_epoch),
            self.until.map_or(i64::MAX, Date::days_since_epoch),
        )
    }

    fn of_days((a, b): Days) -> Period {
        Period {
            from: (a != i64::MIN).then(|| Date::from_days_since_epoch(a)),
            until: (b != i64::MAX).then(|| Date::from_days_since_epoch(b)),
        }
    }

    /// The period in a language-neutral form: `2025-04-01..2027-03-31`, `2027-04-01..`,
    /// `..2027-03-31`, `always`.
    pub fn compact(self) -> String {
        match (self.from, self.until) {
            (None, None) => "always".to_string(),
            (Some(f), None) => format!("{f}.."),
            (None, Some(u)) => format!("..{u}"),
            (Some(f), Some(u)) => format!("{f}..{u}"),
        }
    }

    /// The period in words: `from 2025-04-01 to 2027-03-31`, `2025-04-01から2027-03-31まで`.
    pub fn text(self, lang: Lang) -> String {
        match (self.from, self.until, lang) {
            (None, None, Lang::En) => "at all times".to_string(),
            (None, None, Lang::Ja) => "全期間".to_string(),
            (Some(f), None, Lang::En) => format!("from {f}"),
            (Some(f), None, Lang::Ja) => format!("{f}から"),
            (None, Some(u), Lang::En) => format!("until {u}"),
            (None, Some(u), Lang::Ja) => format!("{u}まで"),
            (Some(f), Some(u), Lang::En) if f == u => format!("on {f}"),
            (Some(f), Some(u), Lang::Ja) if f == u => format!("{f}"),
            (Some(f), Some(u), Lang::En) => format!("from {f} to {u}"),
            (Some(f), Some(u), Lang::Ja) => format!("{f}から{u}まで"),
        }
    }
}

/// The days of the period of use: from `use_from` (or else the earliest contract `from`) to
/// `use_until`, open where absent; the one day of `--at` when the chain is evaluated on a day.
pub fn use_period(model: &Model) -> Periods {
    match model.at {
        Some(d) => Periods::of(Period {
            from: Some(d),
            until: Some(d),
        }),
        None => Periods::of(Period {
            from: model.use_start(),
            until: model.use_until,
        }),
    }
}

/// Whole days since 1970-01-01, both ends included; the extremes of `i64` are open ends.
type Days = (i64, i64);

/// A set of days: disjoint, sorted intervals that do not touch. No interval at all is
/// *always*, which is what a holding from party fields or undated contracts has; an empty set
/// ("never") is [`Periods::never`], which no holding has.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Periods {
    /// `None`: always. `Some`: these intervals (possibly none).
    spans: Option<Vec<Days>>,
}

impl Periods {
    /// Every day.
    pub const ALWAYS: Periods = Periods { spans: None };

    /// Every day.
    pub fn always() -> Periods {
        Periods::ALWAYS
    }

    /// No day.
    pub fn never() -> Periods {
        Periods {
            spans: Some(Vec::new()),
        }
    }

    /// One interval.
    pub fn of(p: Period) -> Periods {
        if p.is_always() {
            Periods::always()
        } else {
            Periods {
                spans: Some(vec![p.days()]),
            }
        }
    }

    fn from_spans(mut v: Vec<Days>) -> Periods {
        v.sort_unstable();
        let mut out: Vec<Days> = Vec::with_capacity(v.len());
        for (a, b) in v {
            match out.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        if out == [(i64::MIN, i64::MAX)] {
            Periods::always()
        } else {
            Periods { spans: Some(out) }
        }
    }

    fn spans(&self) -> &[Days] {
        const ALL: &[Days] = &[(i64::MIN, i64::MAX)];
        self.spans.as_deref().unwrap_or(ALL)
    }

    /// The union of several periods.
    pub fn union_of<'a>(ps: impl IntoIterator<Item = &'a Periods>) -> Periods {
        // Nearly always one set, or the same set again (the duties of one holding): it is
        // its own union, already sorted and merged; the spans are gathered only once a second,
        // different set comes (the matrix of a 100k chain makes millions of these unions).
        let mut first: Option<&Periods> = None;
        let mut mixed = false;
        let mut v = Vec::new();
        for p in ps {
            if p.is_always() {
                return Periods::always();
            }
            match first {
                None => first = Some(p),
                Some(f) if !mixed && f == p => {}
                Some(f) => {
                    if !mixed {
                        v.extend_from_slice(f.spans());
                        mixed = true;
                    }
                    v.extend_from_slice(p.spans());
                }
            }
        }
        match first {
            // A set is kept sorted and merged: its own union as it is.
            Some(f) if !mixed => f.clone(),
            _ => Periods::from_spans(v),
        }
    }

    /// The union with another.
    pub fn union(&self, other: &Periods) -> Periods {
        Periods::union_of([self, other])
    }

    /// The days in both.
    pub fn intersect(&self, other: &Periods) -> Periods {
        if self.is_always() {
            return other.clone();
        }
        if other.is_always() {
            return self.clone();
        }
        let (a, b) = (self.spans(), other.spans());
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < a.len() && j < b.len() {
            let lo = a[i].0.max(b[j].0);
            let hi = a[i].1.min(b[j].1);
            if lo <= hi {
                out.push((lo, hi));
            }
            if a[i].1 < b[j].1 { i += 1 } else { j += 1 }
        }
        Periods { spans: Some(out) }
    }

    /// The days in `self` and not in `other`.
    pub fn minus(&self, other: &Periods) -> Periods {
        if other.is_always() {
            return Periods::never();
        }
        let mut out = Vec::new();
        let holes = other.spans();
        for &(a, b) in self.spans() {
            let mut cur = a;
            let mut covered = false;
            for &(c, d) in holes {
                if d < cur {
                    continue;
                }
                if c > b {
                    break;
                }
                if c > cur {
                    out.push((cur, c - 1));
                }
                if d >= b {
                    covered = true;
                    break;
                }
                cur = d + 1;
            }
            if !covered {
                out.push((cur, b));
            }
        }
        Periods::from_spans(out)
    }

    /// Whether it is every day.
    pub fn is_always(&self) -> bool {
        self.spans.is_none()
    }

    /// Whether it is no day.
    pub fn is_never(&self) -> bool {
        self.spans.as_ref().is_some_and(Vec::is_empty)
    }

    /// Whether `d` falls inside.
    pub fn contains(&self, d: Date) -> bool {
        let x = d.days_since_epoch();
        self.spans().iter().any(|&(a, b)| a <= x && x <= b)
    }

    /// Whether the two share a day.
    pub fn overlaps(&self, other: &Periods) -> bool {
        !self.intersect(other).is_never()
    }

    /// The days on which at least two different groups hold something: of `(group, days)`
    /// pairs, the days two of the groups share (for leads, the groups are organisations).
    pub fn shared_by_two<'a>(held: impl IntoIterator<Item = (usize, &'a Periods)>) -> Periods {
        let mut by_group: FxHashMap<usize, Vec<&Periods>> = FxHashMap::default();
        for (g, p) in held {
            by_group.entry(g).or_default().push(p);
        }
        if by_group.len() < 2 {
            return Periods::never();
        }
        // Each group's own days do not overlap: a sweep counting the groups on each day.
        let mut events: Vec<(i128, i32)> = Vec::new();
        for ps in by_group.into_values() {
            for &(a, b) in Periods::union_of(ps).spans() {
                events.push((i128::from(a), 1));
                events.push((i128::from(b) + 1, -1));
            }
        }
        events.sort_unstable();
        let mut out: Vec<Days> = Vec::new();
        let mut count = 0;
        let mut start: Option<i128> = None;
        for (x, delta) in events {
            count += delta;
            match start {
                None if count >= 2 => start = Some(x),
                Some(s) if count < 2 => {
                    // Both ends fit an `i64`: they are days of the groups' own periods.
                    out.push((s as i64, (x - 1) as i64));
                    start = None;
                }
                _ => {}
            }
        }
        Periods::from_spans(out)
    }

    /// The intervals, in order (`[Period::ALWAYS]` for always).
    pub fn intervals(&self) -> Vec<Period> {
        self.spans().iter().map(|&s| Period::of_days(s)).collect()
    }

    /// The intervals in the language-neutral form, joined by `, `.
    pub fn compact(&self) -> String {
        let v: Vec<String> = self.intervals().into_iter().map(Period::compact).collect();
        v.join(", ")
    }

    /// The intervals in words, joined as a list.
    pub fn text(&self, lang: Lang) -> String {
        let v: Vec<String> = self.intervals().into_iter().map(|p| p.text(lang)).collect();
        lang.list(&v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        Some(Date::parse(s).unwrap())
    }

    fn p(a: &str, b: &str) -> Periods {
        Periods::of(Period {
            from: if a.is_empty() { None } else { d(a) },
            until: if b.is_empty() { None } else { d(b) },
        })
    }

    #[test]
    fn adjacent_intervals_merge_and_open_ends_stay_open() {
        let a = p("2025-04-01", "2027-03-31");
        let b = p("2027-04-01", "");
        let u = a.union(&b);
        assert_eq!(u.compact(), "2025-04-01..");
        assert_eq!(p("", "2027-03-31").union(&b), Periods::always());
        assert_eq!(
            a.union(&p("2027-04-02", "")).compact(),
            "2025-04-01..2027-03-31, 2027-04-02.."
        );
    }

    /// The union of one set, or of one set again and again, is that set; a second, different
    /// set is merged in wherever it comes, and every day wins.
    #[test]
    fn a_union_of_one_set_is_that_set() {
        let x = p("2025-04-01", "2027-03-31");
        let y = p("2027-04-01", "2028-03-31");
        let z = p("2030-01-01", "");
        assert_eq!(Periods::union_of([]), Periods::never());
        assert_eq!(Periods::union_of([&x]), x);
        assert_eq!(Periods::union_of([&x, &x, &x]), x);
        assert_eq!(
            Periods::union_of([&x, &x, &y]).compact(),
            "2025-04-01..2028-03-31"
        );
        assert_eq!(Periods::union_of([&x, &y, &x]), Periods::union_of([&y, &x]));
        assert_eq!(
            Periods::union_of([&z, &x, &z]).compact(),
            "2025-04-01..2027-03-31, 2030-01-01.."
        );
        assert_eq!(
            Periods::union_of([&x, &Periods::ALWAYS, &y]),
            Periods::always()
        );
        assert_eq!(Periods::union_of([&Periods::never(), &x]), x);
    }

    #[test]
    fn intersection_and_difference() {
        let a = p("2025-04-01", "2027-03-31");
        let b = p("2026-04-01", "");
        assert_eq!(a.intersect(&b).compact(), "2026-04-01..2027-03-31");
        assert!(a.intersect(&p("2027-04-01", "")).is_never());
        assert_eq!(
            Periods::always().minus(&a).compact(),
            "..2025-03-31, 2027-04-01.."
        );
        assert_eq!(b.minus(&a).compact(), "2027-04-01..");
        assert!(a.minus(&Periods::always()).is_never());
        assert!(a.minus(&a).is_never());
        assert_eq!(Periods::always().minus(&b).compact(), "..2026-03-31");
        assert_eq!(
            Periods::always().minus(&Periods::never()),
            Periods::always()
        );
        assert!(a.overlaps(&b) && !a.overlaps(&p("2027-04-01", "")));
        assert!(a.contains(Date::parse("2027-03-31").unwrap()));
        assert!(!a.contains(Date::parse("2027-04-01").unwrap()));
    }

    #[test]
    fn days_shared_by_two_groups() {
        let a = p("2025-04-01", "2027-03-31");
        let b = p("2027-04-01", "");
        let c = p("2026-04-01", "2027-06-30");
        // A handover: nothing shared.
        assert!(Periods::shared_by_two([(0, &a), (1, &b)]).is_never());
        // One group alone shares nothing with itself.
        assert!(Periods::shared_by_two([(0, &a), (0, &c)]).is_never());
        assert_eq!(
            Periods::shared_by_two([(0, &a), (1, &b), (2, &c)]).compact(),
            "2026-04-01..2027-06-30"
        );
        let all = Periods::always();
        assert_eq!(
            Periods::shared_by_two([(0, &all), (1, &all)]),
            Periods::always()
        );
        assert_eq!(
            Periods::shared_by_two([(0, &all), (1, &b)]).compact(),
            "2027-04-01.."
        );
    }

    #[test]
    fn words_in_both_languages() {
        let a = p("2025-04-01", "2027-03-31");
        assert_eq!(a.text(Lang::En), "from 2025-04-01 to 2027-03-31");
        assert_eq!(a.text(Lang::Ja), "2025-04-01から2027-03-31まで");
        assert_eq!(p("2027-04-01", "").text(Lang::En), "from 2027-04-01");
        assert_eq!(Periods::always().compact(), "always");
    }
}
