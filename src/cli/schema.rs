//! `rolemap schema`: the JSON Schema of the model file, generated from the same types that write
//! models out (`model::raw`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{Env, Outcome, emit, json_text, outfile};
use crate::load::raw;

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write the schema to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Run `schema`.
pub fn run(args: &SchemaArgs, env: &Env) -> Outcome {
    outfile::pick(
        "schema",
        outfile::JSON,
        None,
        args.output.as_deref(),
        outfile::Single::Json,
    )?;
    emit(
        env,
        args.output.as_deref(),
        &json_text(&raw::json_schema()),
        &[],
    )?;
    Ok(ExitCode::SUCCESS)
}
