//! The integration tests, as one binary (one link instead of twenty): one module per theme.
//! Run one theme with `cargo test --test it MODULE::` (for example `cargo test --test it
//! findings::`); `ROLEMAP_BLESS=1` rewrites the generated pages, `INSTA_UPDATE=always` the
//! golden snapshots in `tests/it/snapshots/`.

mod common;

mod annex_paste;
mod big_products;
mod catalog;
mod catalog_honesty;
mod checklist;
mod cli;
mod diff_portfolio;
mod docs;
mod findings;
mod formats;
mod fuzz;
mod golden;
mod graph;
mod help_ja;
mod hostile;
mod hostile_chars;
mod hostile_fs;
mod hostile_outputs;
mod hostile_readers;
mod interop;
mod load_errors;
mod markdown_paste;
mod new_lang;
mod os_errors;
mod oscal_status;
mod outfiles;
mod properties;
mod report;
mod report_print;
mod report_tables;
mod spreadsheets;
mod time;
mod usecases;
mod workflows;
