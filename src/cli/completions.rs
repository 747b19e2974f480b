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
pub fn run_completions(args: &CompletionsArgs, env: &Env) -> Outcome {
    emit(
        env,
        args.output.as_deref(),
        &completion_script(args.shell),
        &[],
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Every manual page: `rolemap.1` and one per command (`rolemap-check.1`, ...), as
/// `clap_mangen::generate_to` names them, rendered in memory.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    fn add(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            add(sub, out);
        }
        let man = clap_mangen::Man::new(cmd);
        let mut page = Vec::new();
        man.render(&mut page)
            .expect("rendering into memory cannot fail");
        out.push((man.get_filename(), page));
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    add(cmd, &mut out);
    out
}

/// Run `man`.
pub fn run_man(args: &ManArgs, env: &Env) -> Outcome {
    match &args.dir {
        None => emit(env, None, &man_page(), &[])?,
        Some(dir) => {
            if !dir.is_dir() {
                return Err(Failure::Write(WriteError::MissingFolder(dir.clone())));
            }
            // Every page or none: a failure leaves the folder as it was.
            super::emit_folder(env, dir, &man_pages(), &[])?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
