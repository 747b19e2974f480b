//! Names made unique among those given so far (file names of a checklist folder, sheet names
//! of a workbook), each in constant time: a set of the names given, compared as the target
//! compares them, and, per base name, where its `~N` suffixes go on.

use std::collections::{HashMap, HashSet};

/// The names given so far, compared after `fold` (ASCII case for file names, full lower case
/// for Excel's sheet names).
#[derive(Debug, Clone)]
pub struct Taken {
    fold: fn(&str) -> String,
    names: HashSet<String>,
    /// By base: the first suffix number not yet known to be taken.
    next: HashMap<String, usize>,
}

impl Taken {
    /// Names compared ignoring ASCII case (as `eq_ignore_ascii_case` does).
    pub fn ignoring_ascii_case() -> Self {
        Self::folding(str::to_ascii_lowercase)
    }

    /// Names compared in lower case (`str::to_lowercase`), as Excel compares sheet names.
    pub fn ignoring_case() -> Self {
        Self::folding(str::to_lowercase)
    }

    fn folding(fold: fn(&str) -> String) -> Self {
        Taken {
            fold,
            names: HashSet::new(),
            next: HashMap::new(),
        }
    }

    /// Whether `name` (or a name equal to it when folded) is given.
    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(&(self.fold)(name))
    }

    /// The first of `first`, `candidate(2)`, `candidate(3)`, … that is not given, given from
    /// now on. The candidates must depend only on `base`: the numbers a base has used are
    /// taken for good, so the search for the same base goes on where the last one stopped,
    /// and its answer is the one trying every number from 2 would give.
    pub fn claim(
        &mut self,
        base: &str,
        first: String,
        candidate: impl Fn(usize) -> String,
    ) -> String {
        let mut name = first;
        if self.contains(&name) {
            let mut n = self.next.get(base).copied().unwrap_or(2);
            loop {
                name = candidate(n);
                n += 1;
                if !self.contains(&name) {
                    break;
                }
            }
            self.next.insert(base.to_string(), n);
        }
        self.names.insert((self.fold)(&name));
        name
    }
}

#[cfg(test)]
mod tests {
    use super::Taken;

    /// The plain algorithm: try every number from 2.
    fn plain(taken: &mut Vec<String>, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
            name = format!("{base}~{n}");
            n += 1;
        }
        taken.push(name.clone());
        name
    }

    #[test]
    fn claims_are_those_of_trying_every_number() {
        let bases = [
            "a", "A", "a", "b", "a~2", "A", "a", "B", "b", "a~3", "a", "a~2",
        ];
        let (mut slow, mut fast) = (Vec::new(), Taken::ignoring_ascii_case());
        for _ in 0..3 {
            for b in bases {
                let want = plain(&mut slow, b);
                assert_eq!(fast.claim(b, b.to_string(), |n| format!("{b}~{n}")), want);
            }
        }
        assert!(fast.contains("A~4") && !fast.contains("c"));
    }
}
