//! When work is split across threads: the one place for the cut-offs.
//!
//! Below a cut-off, handing half the work to another thread costs more (spawning, a context of
//! its own, joining and merging results or problems) than it saves. Two units are measured, so
//! there are two cut-offs, not one: the text readers measure bytes before anything is decoded,
//! the later stages count entries already in hand. Tests that exercise the parallel path call the `*_from` variants with a
//! small cut-off instead of building inputs this large.

/// Bytes of a document from which the JSON reader reads the members of its top-level object on
/// two threads, and the fast loader reads a long list in two halves (1 MiB).
pub const FROM_BYTES: usize = 1 << 20;

/// Entries from which a stage works on two threads: list items the decoder decodes in halves,
/// parties and contracts the findings check, role holdings the allocation answers for.
pub const FROM_ENTRIES: usize = 20_000;

/// Items made on every core of rayon's pool a window at a time and handed out in order: for
/// outputs of many independent parts (a file per party, a by-component per party) that must be
/// written one after another in a fixed order, without holding them all.
///
/// `make(state, i)` makes item `i`; each thread of the pool has its own `state`, made by
/// `init` when the thread first needs it and kept from window to window (a cache that is not
/// shared between threads). [`Ahead::take`] hands out item `i`: the window it is
/// in is made first if it is not made yet. Asking again for an item already handed out (as a
/// folder writer does when it starts over) makes its window once more, so `make` must give the
/// same item for the same `i`.
pub struct Ahead<'f, T, S> {
    make: &'f (dyn Fn(&mut S, usize) -> T + Sync),
    init: &'f (dyn Fn() -> S + Sync),
    /// Per thread of the pool (and one for a caller outside it), its state once made.
    states: Vec<std::sync::Mutex<Option<S>>>,
    len: usize,
    window: usize,
    /// The index of the first item of `made`.
    start: usize,
    made: std::collections::VecDeque<Option<T>>,
}

/// Items per thread in one window of [`Ahead`]: enough that a window's jobs outweigh the cost
/// of handing them to the pool, few enough that a window of large items (workbooks, files of a
/// folder) stays small in memory.
pub const AHEAD_PER_THREAD: usize = 32;

impl<'f, T: Send, S: Send> Ahead<'f, T, S> {
    /// `len` items made by `make`, each pool thread with its own state from `init`.
    pub fn new(
        len: usize,
        init: &'f (dyn Fn() -> S + Sync),
        make: &'f (dyn Fn(&mut S, usize) -> T + Sync),
    ) -> Self {
        Self::with_window(
            len,
            AHEAD_PER_THREAD * rayon::current_num_threads().max(1),
            init,
            make,
        )
    }

    /// [`Ahead::new`] with windows of `window` items (tests use small ones).
    pub fn with_window(
        len: usize,
        window: usize,
        init: &'f (dyn Fn() -> S + Sync),
        make: &'f (dyn Fn(&mut S, usize) -> T + Sync),
    ) -> Self {
        let threads = rayon::current_num_threads().max(1) + 1;
        Ahead {
            make,
            init,
            states: (0..threads).map(|_| std::sync::Mutex::new(None)).collect(),
            len,
            window: window.max(1),
            start: 0,
            made: Default::default(),
        }
    }

    /// Item `i` (below the `len` given).
    pub fn take(&mut self, i: usize) -> T {
        assert!(i < self.len, "item {i} of {}", self.len);
        let fresh = i >= self.start
            && i < self.start + self.made.len()
            && self.made[i - self.start].is_some();
        if !fresh {
            self.fill(i);
        }
        self.made[i - self.start]
            .take()
            .expect("the window holding it was just made")
    }

    /// Make the window that starts at `from`.
    fn fill(&mut self, from: usize) {
        use rayon::prelude::*;
        let to = (from + self.window).min(self.len);
        let (make, init, states) = (self.make, self.init, &self.states);
        let one = |i: usize| {
            let k =
                rayon::current_thread_index().map_or(states.len() - 1, |t| t.min(states.len() - 2));
            // Each thread takes its own slot: the lock is never contended, only there to
            // hand the state to whichever thread the slot is.
            let mut slot = states[k].lock().unwrap_or_else(|e| e.into_inner());
            let state = slot.get_or_insert_with(init);
            Some(make(state, i))
        };
        // Sequential when the window is one item: no job to hand out.
        let made: Vec<Option<T>> = if to - from == 1 {
            vec![one(from)]
        } else {
            (from..to).into_par_iter().map(one).collect()
        };
        self.start = from;
        self.made = made.into();
    }
}

/// Items per job of [`text`]: enough text that a job outweighs handing it to the pool.
const TEXT_PER_JOB: usize = 2048;

/// The text `line` writes for each of `items`, in order, made on every core of rayon's pool: for
/// a long listing (the parties, contracts or findings of a `diff`) whose entries are written
/// independently of each other. The same text as one loop over the items.
pub fn text<T: Sync>(items: &[T], line: impl Fn(&mut String, &T) + Sync) -> String {
    use rayon::prelude::*;
    let pieces: Vec<String> = items
        .par_chunks(TEXT_PER_JOB)
        .map(|chunk| {
            let mut s = String::new();
            for item in chunk {
                line(&mut s, item);
            }
            s
        })
        .collect();
    let mut out = String::with_capacity(pieces.iter().map(String::len).sum());
    for p in pieces {
        out.push_str(&p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Ahead, text};

    /// Items come out in order and as `make` makes them, whatever the window, and an item
    /// asked for again (a writer starting over) is made again, the same.
    #[test]
    fn ahead_hands_out_every_item_in_order() {
        let init = || Vec::<usize>::new();
        let make = |seen: &mut Vec<usize>, i: usize| {
            seen.push(i);
            format!("item {i}")
        };
        for window in [1, 2, 7, 64, 1000] {
            let mut ahead = Ahead::with_window(100, window, &init, &make);
            let all: Vec<String> = (0..100).map(|i| ahead.take(i)).collect();
            let want: Vec<String> = (0..100).map(|i| format!("item {i}")).collect();
            assert_eq!(all, want, "window {window}");
            assert_eq!(ahead.take(3), "item 3", "window {window}, again");
            assert_eq!(ahead.take(4), "item 4", "window {window}, on from there");
            assert_eq!(ahead.take(99), "item 99", "window {window}, the last");
        }
    }

    /// The text of many items, made in jobs, is the text of one loop over them.
    #[test]
    fn text_is_one_loop_over_the_items() {
        use std::fmt::Write;
        let items: Vec<usize> = (0..5 * super::TEXT_PER_JOB + 17).collect();
        let line = |s: &mut String, i: &usize| {
            let _ = writeln!(s, "line {i}");
        };
        let mut want = String::new();
        for i in &items {
            line(&mut want, i);
        }
        assert_eq!(text(&items, line), want);
        assert_eq!(text(&items[..3], line), "line 0\nline 1\nline 2\n");
        assert_eq!(text::<usize>(&[], line), "");
    }
}
