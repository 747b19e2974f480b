//! The command line: argument parsing and dispatch. No domain logic lives here.

mod annex;
mod catalog_cmd;
mod check;
mod check_args;
mod checklist;
mod completions;
mod diff;
mod explain;
mod export;
pub mod graph;
mod help_ja;
mod matrix;
mod new;
pub mod outfile;
mod portfolio;
mod report;
mod report_pdf;
mod schema;
mod waive;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalog::{Catalog, load_catalog_file_with};
use crate::date::Date;
use crate::i18n::Lang;
use crate::load::diagnostics::FileDiagnostics;
use crate::load::{DEFAULT_MAX_SIZE, load_model_with};
use crate::model::Model;
use crate::output::{WriteError, write_stdout};
use crate::render::diag;
use crate::render::diag::DEFAULT_MAX_PROBLEMS;
use crate::style::Paint;

/// Who holds which security duty in a software supply chain.
///
/// rolemap reads a model of parties joined by contracts and derives, under Japan's guideline on
/// cyber infrastructure providers (サイバーインフラ事業者に求められる役割等に関するガイドライン),
/// the roles each party holds, the requirements that fall on each, and every duty that nobody
/// holds or several hold at once.
#[derive(Debug, Parser)]
#[command(name = "rolemap", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// Language of the output: en or ja (default: from LC_ALL / LC_MESSAGES / LANG, else en).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// When to colour text output.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Most problems reported per input file; the rest are counted in one line (0: no limit).
    #[arg(long, global = true, value_name = "N", default_value_t = DEFAULT_MAX_PROBLEMS)]
    pub max_problems: usize,
    /// Do not say on standard error which files were written.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a model, derive roles, allocate requirements and print the findings.
    Check(check_args::CheckArgs),
    /// Print the responsibility matrix: requirements × parties with L/S/I marks.
    Matrix(matrix::MatrixArgs),
    /// Explain why each requirement falls on a party, contract by contract.
    Explain(explain::ExplainArgs),
    /// Draw the chain as DOT or SVG: parties by organisation, contracts with the roles they pass.
    Graph(graph::GraphArgs),
    /// Write one self-contained HTML report: summary, diagram, matrix, findings, duties, sources.
    Report(report::ReportArgs),
    /// Compare two models: roles gained and lost, allocations and findings that change.
    Diff(diff::DiffArgs),
    /// Export to other tools' formats: an OSCAL system security plan, or the OSCAL catalog.
    Export(export::ExportArgs),
    /// Start a model from one of the guideline's use cases.
    New(new::NewArgs),
    /// List the requirement catalog with the source of every entry.
    Catalog(catalog_cmd::CatalogArgs),
    /// Print the waiver entry that accepts one finding, to paste into the model (never edits it).
    Waive(waive::WaiveArgs),
    /// Print the JSON Schema of the model file (for JSON and YAML editors).
    Schema(schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a folder.
    Man(completions::ManArgs),
    /// Write the self-declaration checklist (自己適合宣言) per party: XLSX, CSV or Markdown.
    Checklist(checklist::ChecklistArgs),
    /// Write the annex (契約別紙) of each contract: what the contractor takes on, the security
    /// terms to write with draft clauses, the support period and open findings.
    Annex(annex::AnnexArgs),
}

/// Output language.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Japanese.
    Ja,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorArg {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The package to check against.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PackageArg {
    /// 必須: the mandatory package.
    Mandatory,
    /// 標準: the standard package (includes the mandatory one).
    Standard,
}

impl From<PackageArg> for crate::Package {
    fn from(p: PackageArg) -> Self {
        match p {
            PackageArg::Mandatory => crate::Package::Mandatory,
            PackageArg::Standard => crate::Package::Standard,
        }
    }
}

/// Options shared by the commands that analyse a model.
#[derive(Debug, Args, Clone)]
pub struct AnalysisArgs {
    /// Target package; items outside it are reported as info (default: the model's `package`).
    #[arg(long, value_enum)]
    pub package: Option<PackageArg>,
    /// Use this requirement catalog instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// The date to check waiver expiry against (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,
    /// Evaluate the chain on one day: only the contracts in force that day (`from` on or
    /// before it, `until` on or after it); the period of use is that day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub at: Option<Date>,
    /// Largest input file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_SIZE)]
    pub max_size: u64,
    /// Also read FIFOs, devices and sockets named on the command line, such as a named pipe
    /// `model.ron` another program writes (otherwise only regular files are read; files found
    /// in folders, always).
    #[arg(long)]
    pub allow_special_files: bool,
}

impl AnalysisArgs {
    /// Whether special files named on the command line may be read.
    pub fn special(&self) -> crate::files::Special {
        if self.allow_special_files {
            crate::files::Special::Allow
        } else {
            crate::files::Special::Refuse
        }
    }
}

/// A command-line value a parser refuses, with the reason in both languages: clap's English
/// error shows [`BadValue::en`], the Japanese usage errors (`help_ja`) show [`BadValue::ja`].
#[derive(Debug)]
pub(crate) struct BadValue {
    /// The reason, in English.
    pub en: String,
    /// The reason, in Japanese.
    pub ja: String,
}

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for BadValue {}

/// `--today`, `--at`, `waive --until`: a calendar day, with a hint in both languages when it
/// is not one.
pub(crate) fn parse_date(s: &str) -> Result<Date, BadValue> {
    Date::parse(s).map_err(|_| BadValue {
        en: format!(
            "`{s}` is not a date of the form YYYY-MM-DD (hint: a real calendar day, such as 2027-04-01)"
        ),
        ja: format!(
            "「{s}」は YYYY-MM-DD 形式の日付ではありません (ヒント: 2027-04-01 のような実在する日付を指定してください)"
        ),
    })
}

/// What a command needs from the environment.
pub struct Env {
    /// The output language.
    pub lang: Lang,
    /// Styling for standard output.
    pub paint: Paint,
    /// Whether standard error gets colour.
    pub err_color: bool,
    /// Most problems reported per input file (`--max-problems`; 0: no limit).
    pub max_problems: usize,
    /// `-q`: no line on standard error for each file written.
    pub quiet: bool,
}

/// What an unknown id names, in both languages: the thing (`party`, `関係者`) and, when the
/// known ids are listed, the English plural for the list (`parties`).
pub(crate) struct Named<'a> {
    /// The thing, in English.
    pub en: &'a str,
    /// The thing, in Japanese (also the list's label).
    pub ja: &'a str,
    /// The English label of the list of known ids.
    pub en_list: &'a str,
}

/// The one did-you-mean of the command line: a usage failure for an id the input does not
/// have, with the nearest known id and, when `file` is given, the file and the known ids (every
/// one up to [`LISTED_IDS`], else the nearest [`LISTED_IDS`]):
/// `unknown party "acm" in m.ron; did you mean "acme"?` / `m.ron に関係者「acm」はありません。…`.
/// How many known ids an unknown-id hint lists: all of them up to this many, otherwise the
/// nearest this many (a 10k-party model's hint would be 10,000 ids long).
pub(crate) const LISTED_IDS: usize = 12;

pub(crate) fn unknown_id(what: Named, id: &str, known: &[&str], file: Option<&Path>) -> Failure {
    let (en_hint, ja_hint) = crate::load::diagnostics::suggest(id, known.iter().copied())
        .map(|h| crate::load::diagnostics::did_you_mean_after(&h))
        .unwrap_or_default();
    let Named { en, ja, en_list } = what;
    match file {
        Some(path) => {
            let path = path.display();
            if known.len() <= LISTED_IDS {
                let known = known.join(", ");
                return Failure::Usage(
                    format!("unknown {en} \"{id}\" in {path}{en_hint}\n  {en_list}: {known}"),
                    format!("{path} に{ja}「{id}」はありません{ja_hint}\n  {ja}: {known}"),
                );
            }
            let total = known.len();
            let near = crate::load::diagnostics::nearest(id, known, LISTED_IDS).join(", ");
            Failure::Usage(
                format!(
                    "unknown {en} \"{id}\" in {path}{en_hint}\n  \
                     nearest {LISTED_IDS} of {total} {en_list}: {near}"
                ),
                format!(
                    "{path} に{ja}「{id}」はありません{ja_hint}\n  \
                     {ja} {total} 件のうち近い {LISTED_IDS} 件: {near}"
                ),
            )
        }
        None => Failure::Usage(
            format!("unknown {en} \"{id}\"{en_hint}"),
            format!("{ja}「{id}」はありません{ja_hint}"),
        ),
    }
}

/// Why a command failed to produce its output (exit code 2).
pub enum Failure {
    /// Problems in an input file, already collected.
    Input(FileDiagnostics),
    /// A usage problem, in English and Japanese.
    Usage(String, String),
    /// The output could not be written.
    Write(WriteError),
    /// Problems in filled-in checklists (`check --status`), already collected.
    Status(crate::checklist::StatusErrors),
    /// A failure whose problems were also written as JSON on standard output
    /// (`check --format json`): reported the same, without claiming nothing was written.
    AfterJson(Box<Failure>),
}

impl From<FileDiagnostics> for Failure {
    fn from(d: FileDiagnostics) -> Self {
        Failure::Input(d)
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Self {
        Failure::Write(e)
    }
}

/// A command's result: its exit code, or a failure.
pub type Outcome = Result<ExitCode, Failure>;

/// Parse the command line and run it: a process's `main`, once. A command leaves its model
/// and analysis to the system when it ends instead of freeing them (the process exits next).
pub fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Help and usage errors follow the language of the output (issue 12, item 6); English is
    // clap's own, untouched.
    let lang = help_ja::lang_of(&args);
    let ja_cmd =
        (lang == Lang::Ja).then(|| help_ja::localize(<Cli as clap::CommandFactory>::command()));
    let parsed = match &ja_cmd {
        None => Cli::try_parse_from(&args),
        Some(cmd) => cmd
            .clone()
            .try_get_matches_from(&args)
            .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m)),
    };
    let cli =
        match parsed {
            Ok(c) => c,
            Err(e) => {
                let _ = match (e.kind(), &ja_cmd) {
                    (
                        clap::error::ErrorKind::DisplayHelp
                        | clap::error::ErrorKind::DisplayVersion
                        | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
                        _,
                    )
                    | (_, None) => e.print(),
                    (_, Some(cmd)) => std::io::stderr()
                        .write_all(help_ja::render_error(&e, cmd, &args).as_bytes()),
                };
                return match e.kind() {
                    clap::error::ErrorKind::DisplayHelp
                    | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                    _ => ExitCode::from(2),
                };
            }
        };
    let lang = match cli.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Ja) => Lang::Ja,
        None => Lang::from_env(),
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color_for = |tty: bool| match cli.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => tty && !no_color,
    };
    let env = Env {
        lang,
        paint: Paint {
            enabled: color_for(std::io::stdout().is_terminal()),
        },
        err_color: color_for(std::io::stderr().is_terminal()),
        max_problems: cli.max_problems,
        quiet: cli.quiet,
    };
    let outcome = match &cli.command {
        Command::Check(a) => match a.models.as_slice() {
            [one] if !portfolio::is_pattern_or_folder(one) => check::run_one(one, a, &env),
            _ => portfolio::run(a, &env),
        },
        Command::Matrix(a) => matrix::run(a, &env),
        Command::Explain(a) => explain::run(a, &env),
        Command::Graph(a) => graph::run(a, &env),
        Command::Report(a) => report::run(a, &env),
        Command::Diff(a) => diff::run(a, &env),
        Command::Export(a) => export::run(a, &env),
        Command::New(a) => new::run(a, &env),
        Command::Catalog(a) => catalog_cmd::run(a, &env),
        Command::Waive(a) => waive::run(a, &env),
        Command::Schema(a) => schema::run(a, &env),
        Command::Completions(a) => completions::run_completions(a, &env),
        Command::Man(a) => completions::run_man(a, &env),
        Command::Checklist(a) => checklist::run(a, &env),
        Command::Annex(a) => annex::run(a, &env),
    };
    match outcome {
        Ok(code) => code,
        Err(f) => {
            report_failure(&f, &env);
            ExitCode::from(2)
        }
    }
}

/// Print a failure to standard error in the user's language.
pub(crate) fn report_failure(f: &Failure, env: &Env) {
    let mut err = std::io::stderr().lock();
    let text = match f {
        Failure::Input(d) => diag::render_text(d, env.lang, env.err_color, env.max_problems),
        Failure::Usage(en, ja) => format!(
            "{}: {}\n",
            env.lang.pick("error", "エラー"),
            match env.lang {
                Lang::En => en,
                Lang::Ja => ja,
            }
        ),
        Failure::Status(e) => diag::render_text(e, env.lang, env.err_color, env.max_problems),
        Failure::AfterJson(inner) => match inner.as_ref() {
            Failure::Input(d) => {
                diag::render_text_after_json(d, env.lang, env.err_color, env.max_problems)
            }
            Failure::Status(e) => {
                diag::render_text_after_json(e, env.lang, env.err_color, env.max_problems)
            }
            other => return report_failure(other, env),
        },
        Failure::Write(e) => format!(
            "{}: {}\n",
            env.lang.pick("error", "エラー"),
            match env.lang {
                Lang::En => e.to_string(),
                Lang::Ja => e.message_ja(),
            }
        ),
    };
    let _ = err.write_all(text.as_bytes());
}

/// Leave `v` to the system instead of dropping it, at the end of a command: the process exits
/// right after, and the system takes its memory back at once, where freeing a 100k-party
/// chain's millions of strings and lists one by one took 0.1-0.2 s. Only for values that hold
/// no file, lock or unwritten output (a model, an analysis, rendered text).
pub(crate) fn leave<T>(v: T) {
    std::mem::forget(v);
}

/// Load the catalog named by `--catalog`, or the built-in one.
pub fn load_catalog(args: &AnalysisArgs) -> Result<Catalog, Failure> {
    match &args.catalog {
        Some(p) => Ok(load_catalog_file_with(
            &p.to_string_lossy(),
            args.max_size,
            args.special(),
        )?),
        None => Ok(Catalog::builtin()),
    }
}

/// Load and check a model.
pub fn load(path: &Path, catalog: &Catalog, args: &AnalysisArgs) -> Result<Model, Failure> {
    let model = load_model_with(
        &path.to_string_lossy(),
        catalog,
        args.max_size,
        args.special(),
    )?;
    Ok(args.on_day(model))
}

impl AnalysisArgs {
    /// The model as `--at` asks: on that day only, or whole.
    pub fn on_day(&self, model: Model) -> Model {
        match self.at {
            Some(d) => model.on(d),
            None => model,
        }
    }
}

/// The analysis options from the arguments.
pub fn options(args: &AnalysisArgs) -> crate::Options {
    crate::Options {
        package: args.package.map(Into::into),
        today: args.today.unwrap_or_else(Date::today_utc),
    }
}

/// Write a command's output to `-o FILE` (safely, never over an input; `-` is standard output)
/// or to standard output, and say on standard error what was written (see
/// [`outfile::wrote`]). A closed pipe on standard output (`| head`) is not an error; any other
/// write error is.
pub fn emit(env: &Env, out: Option<&Path>, text: &str, inputs: &[&Path]) -> Result<(), Failure> {
    emit_with(env, out, inputs, |w| w.write_all(text.as_bytes()))
}

/// Like [`emit`], for bytes (a workbook, a picture).
pub fn emit_bytes(
    env: &Env,
    out: Option<&Path>,
    bytes: &[u8],
    inputs: &[&Path],
) -> Result<(), Failure> {
    emit_with(env, out, inputs, |w| w.write_all(bytes))
}

/// Like [`emit`], for large outputs: `write` streams straight to standard output or into the
/// temporary file of an atomic write.
pub fn emit_with(
    env: &Env,
    out: Option<&Path>,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    match out {
        Some(p) => {
            let mut count = 0;
            crate::output::write_atomic_with(p, inputs, |w| {
                let mut c = outfile::Counting { inner: w, count: 0 };
                let r = write(&mut c);
                count = c.count;
                r
            })?;
            outfile::wrote(env, p, count);
            Ok(())
        }
        None => Ok(write_stdout(write)?),
    }
}

/// Write every file into the folder `dir` at once (see [`crate::output::write_folder`]) and say
/// so on standard error.
pub fn emit_folder(
    env: &Env,
    dir: &Path,
    files: &[(String, Vec<u8>)],
    inputs: &[&Path],
) -> Result<(), Failure> {
    crate::output::write_folder(dir, files, inputs)?;
    let bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
    outfile::wrote_folder(env, dir, files.len(), bytes);
    Ok(())
}

/// [`emit_folder`] with each file's content made only when it is written (see
/// [`crate::output::write_folder_with`]): a folder of many files is never held whole.
pub fn emit_folder_with(
    env: &Env,
    dir: &Path,
    names: &[String],
    inputs: &[&Path],
    content: &mut dyn FnMut(usize) -> std::io::Result<Vec<u8>>,
) -> Result<(), Failure> {
    let bytes = crate::output::write_folder_with(dir, names, inputs, content)?;
    outfile::wrote_folder(env, dir, names.len(), bytes);
    Ok(())
}

/// Pretty JSON with a trailing newline, bidi controls and noncharacters escaped (see
/// [`crate::render::json_out`]).
pub fn json_text(v: &serde_json::Value) -> String {
    crate::render::json_out::pretty_text(v)
}
