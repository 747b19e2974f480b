//! `rolemap completions SHELL` and `rolemap man`: shell completions and manual pages, generated
//! from the same clap definitions as `--help`, so they never drift from the real flags.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Env, Failure, Outcome, emit};
use crate::output::WriteError;

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
    /// Write the script to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command (`rolemap.1`, `rolemap-check.1`, ...) into this folder instead
    /// of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The completion script for `shell`.
pub fn completion_script(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "rolemap", &mut out);
    String::from_utf8(out).expect("completion scripts are UTF-8")
}

/// The main manual page (roff), listing every subcommand.
pub fn man_page() -> String {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .expect("rendering into memory cannot fail");
    String::from_utf8(out).expect("manual pages are UTF-8")
}

/// Run `completions`.
pub fn run_completions(args: &CompletionsArgs, _env: &Env) -> Outcome {
    emit(args.output.as_deref(), &completion_script(args.shell), &[])?;
    Ok(ExitCode::SUCCESS)
}

/// Run `man`.
pub fn run_man(args: &ManArgs, _env: &Env) -> Outcome {
    match &args.dir {
        None => emit(None, &man_page(), &[])?,
        Some(dir) => {
            if !dir.is_dir() {
                return Err(Failure::Write(WriteError::MissingFolder(dir.clone())));
            }
            clap_mangen::generate_to(Cli::command(), dir).map_err(|source| {
                Failure::Write(WriteError::Io {
                    path: dir.clone(),
                    source,
                })
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
