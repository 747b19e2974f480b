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
