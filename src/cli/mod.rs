//! The command line: parses arguments, opens the database, calls the desk,
//! prints. The only place that reads the wall clock ([`clock`]).
//!
//! One file per command family, each command's arguments beside its
//! handler; this file holds the global options, the list of commands and
//! the dispatch.

pub mod audit;
pub mod callbacks;
pub mod center;
pub mod complaints;
pub mod config;
pub mod correct;
pub mod export;
mod help_zh;
pub mod imports;
pub mod jobs;
pub mod money;
pub mod reconcile;
pub mod status;
pub mod supervise;
mod usage;

use crate::cli::center::CenterCommand;
use crate::desk::{Desk, DeskError};
use crate::domain::time::{Ts, parse_date};
use crate::i18n::{T, trf};
use crate::store::{Check, Store};
use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub use status::{print_overdue, status_text};

#[derive(Debug, Parser)]
#[command(
    name = "branchdesk",
    version,
    about = "The branch information clerk's desk: jobs, 2 h / 3 h callbacks, supervision cards, daily reconciliation"
)]
pub struct Cli {
    /// Database file [default: branchdesk.db in the user's data directory]; a center may
    /// instead give a PostgreSQL URL (postgres://…)
    #[arg(long, global = true, env = "BRANCHDESK_DB")]
    pub db: Option<PathBuf>,
    /// Fix the clock (RFC 3339), for tests, demos and reproducible reports
    #[arg(long, global = true, env = "BRANCHDESK_NOW", value_parser = parse_now)]
    pub now: Option<DateTime<FixedOffset>>,
    /// Who is at the keyboard, for the audit trail [default: the `operator` setting, else the login name]
    #[arg(long, global = true, env = "BRANCHDESK_OPERATOR")]
    pub operator: Option<String>,
    /// Language of the screens and messages [default: from the locale]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Folder of the branches' private signing keys, one `<BRANCH>.key` each
    /// [default: keys/ in the user's data directory]
    #[arg(long, global = true, env = "BRANCHDESK_KEYS")]
    pub keys: Option<PathBuf>,
    /// Use the demo database (created and filled on first use)
    #[arg(long, global = true)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

pub use crate::i18n::Lang;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the database with realistic demo data
    Demo(DemoArgs),
    /// Import a CSV file: jobs from dispatch, visits from engineers, cards handed back
    Import(imports::ImportArgs),
    /// Log a callback result on the job's earliest-due pending timed
    /// callback, else on its follow-up, with the customer's answers
    Callback(callbacks::CallbackArgs),
    /// Correct a record of a job: the job, its latest visit, its card, or its
    /// latest callback result (FIELD=VALUE with the columns of its CSV file)
    Correct(correct::CorrectArgs),
    /// Run the daily reconciliation and print what it found
    Reconcile(reconcile::ReconcileArgs),
    /// Resolve a discrepancy (remedial_callback, penalty or note)
    Resolve(reconcile::ResolveArgs),
    /// The dashboard's content as text or JSON
    Status {
        #[arg(long)]
        json: bool,
    },
    /// The supervisor's list of overdue callbacks, most overdue first
    Overdue {
        #[arg(long)]
        json: bool,
    },
    /// Write a report: `export daily` is the day's report for the center
    Export {
        #[command(subcommand)]
        what: export::ExportKind,
    },
    /// Record that a job's owed invoice was delivered
    DeliverInvoice { job_no: String },
    /// Record that a job's missing information was checked with dispatch
    Verify { job_no: String },
    /// Show or change a setting: branch, timezone (e.g. Asia/Shanghai), cutoff (HH:MM),
    /// check_times (the center's, e.g. 10:00,18:00), reports_dir (where the center screen imports from)
    Config(config::ConfigArgs),
    /// The service center: the center clerk's screen, or one of its commands
    Center {
        #[command(subcommand)]
        what: Option<CenterCommand>,
    },
    /// Cases for the center's ruling: add, list, close
    Case {
        #[command(subcommand)]
        what: money::CaseCommand,
    },
    /// An engineer will be late: the customers of the engineer's later
    /// appointments today are to be told
    Delay(money::DelayArgs),
    /// The customer of a job was told of the engineer's delay
    Informed { job_no: String },
    /// The complaint log: add, respond, settle, list
    Complaint {
        #[command(subcommand)]
        what: complaints::ComplaintCommand,
    },
    // ---- Supervisor's review ----
    /// The supervisor's screen: overdue callbacks, suspected forgeries,
    /// engineers' scorecard, re-visit chains (as text when not on a terminal)
    Supervise(supervise::SuperviseArgs),
    // --- Audit trail and backups ---
    /// The audit trail: `audit verify` checks it, `audit log` shows it
    Audit {
        #[command(subcommand)]
        what: audit::AuditKind,
    },
    /// The branch's public signing key (made on first use) and where its private half is kept
    Key(audit::KeyArgs),
    /// Check the whole database file now (`PRAGMA quick_check`); writing
    /// commands check at most once a day, the dashboard at every start
    Check,
    /// Put a backup in place of the database (the current file kept beside it as
    /// `<db>.replaced-<time>`), the restore recorded in the trail
    Restore(audit::RestoreArgs),
    /// Copy the database with SQLite's online backup (safe while the dashboard runs)
    Backup(audit::BackupArgs),
}

// The arguments of `demo`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    #[arg(long, default_value_t = crate::demo::DEFAULT_JOBS, value_parser = whole::<usize>)]
    pub jobs: usize,
    #[arg(long, default_value_t = crate::demo::DEFAULT_DAYS, value_parser = whole::<u32>)]
    pub days: u32,
    #[arg(long, default_value_t = 1, value_parser = whole::<u64>)]
    pub seed: u64,
}

/// The clock fixed by `--now`: an RFC 3339 time whose day (in its own
/// offset) is in the years every time read from outside is.
fn parse_now(s: &str) -> Result<DateTime<FixedOffset>, String> {
    let now = DateTime::parse_from_rfc3339(s.trim()).map_err(|e| {
        format!("{s:?} is not an RFC 3339 time ({e}), e.g. 2026-11-23T14:00:00+08:00")
    })?;
    crate::domain::time::plausible_date(now.date_naive())?;
    Ok(now)
}

/// A day given on the command line: a date in the years a date read from
/// outside may fall in (SPEC: any date outside 2000–2099 is refused).
pub(crate) fn parse_day(s: &str) -> Result<NaiveDate, String> {
    crate::domain::time::plausible_date(parse_date(s)?)
}

/// A whole number typed (an id, minutes, a count), said in words when it
/// is not one (not the standard library's "invalid digit found in string").
pub(crate) fn whole<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a whole number"))
}

fn parse_code<T: CodeParse>(s: &str) -> Result<T, String> {
    T::parse_code(s)
}

/// Lets clap parse the SPEC's codes with their exact names.
pub trait CodeParse: Sized + Clone + Send + Sync + 'static {
    fn parse_code(s: &str) -> Result<Self, String>;
}

/// "now" for this run: `--now`, else the wall clock.
pub fn clock(cli: &Cli) -> DateTime<FixedOffset> {
    cli.now
        .unwrap_or_else(|| chrono::Local::now().fixed_offset())
}

pub fn operator(cli: &Cli) -> String {
    cli.operator
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "clerk".into())
}

pub fn lang(cli: &Cli) -> Lang {
    cli.lang.unwrap_or_else(|| {
        if locale().is_some_and(|l| l.starts_with("zh")) {
            Lang::Zh
        } else {
            Lang::En
        }
    })
}

/// The locale the environment names, as POSIX reads it.
fn locale() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
}

/// Where the branches' private keys are kept: `--keys`, `BRANCHDESK_KEYS`,
/// else `keys/` in the user's data directory.
pub fn keys_dir(cli: &Cli) -> PathBuf {
    cli.keys.clone().unwrap_or_else(|| data_dir().join("keys"))
}

pub(crate) fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("branchdesk")
}

pub fn db_path(cli: &Cli) -> PathBuf {
    let center = matches!(cli.command, Some(Command::Center { .. }));
    match (&cli.db, cli.demo, center) {
        (Some(p), _, _) => p.clone(),
        (None, true, false) => data_dir().join("demo.db"),
        (None, false, false) => data_dir().join("branchdesk.db"),
        (None, true, true) => data_dir().join("center-demo.db"),
        (None, false, true) => data_dir().join("center.db"),
    }
}

/// The global options as the center's commands use them.
fn globals(cli: &Cli) -> crate::cli::center::Globals {
    crate::cli::center::Globals {
        db: db_path(cli),
        demo: cli.demo,
        operator: operator(cli),
        lang: lang(cli),
        keys: keys_dir(cli),
    }
}

/// Commands that only read: their database is opened without the
/// integrity check that guards writes (`Check::Reading`).
fn reads_only(cli: &Cli) -> bool {
    !cli.demo
        && matches!(
            &cli.command,
            Some(
                Command::Status { .. }
                    | Command::Overdue { .. }
                    | Command::Audit { .. }
                    | Command::Key(audit::KeyArgs { new: false })
                    | Command::Config(config::ConfigArgs { value: None, .. })
                    | Command::Case {
                        what: money::CaseCommand::List { .. }
                    }
                    | Command::Complaint {
                        what: complaints::ComplaintCommand::List { .. }
                    }
            )
        )
}

/// When the whole-file integrity check runs (README, *Integrity on open*):
/// every start of the dashboard, `backup` and `check`; at most once a local
/// day for a command that writes; for one that reads, only on small files
/// not yet checked today.
fn integrity_policy(cli: &Cli, now: Ts) -> Check {
    match &cli.command {
        None | Some(Command::Backup { .. } | Command::Check) => Check::Full(Some(now)),
        _ if reads_only(cli) => Check::Reading,
        _ => Check::Daily(now),
    }
}

/// The program: parses the command line, runs it and says why it failed,
/// in the clerk's language where the desk refused; the exit code.
pub fn main() -> i32 {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<_> = std::env::args_os().collect();
    // The help and the usage in the clerk's language.
    let command = match usage::lang_of_args(&args, locale().as_deref()) {
        Lang::Zh => help_zh::localize(Cli::command()),
        Lang::En => Cli::command(),
    };
    let parsed = command
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let lang = lang(&cli);
    let Err(e) = run(cli) else {
        return 0;
    };
    // A desk's or the center's refusal in the clerk's language; anything
    // else as it is.
    use crate::center::CenterError as C;
    use crate::desk::DeskError as D;
    let text = match (lang, e.downcast_ref::<D>(), e.downcast_ref::<C>()) {
        (Lang::Zh, Some(d), _) if !d.said_as_is() => crate::desk::said::desk_error(lang, d),
        // The refusal itself, with no context or cause around it.
        (Lang::Zh, Some(d), _) if e.chain().count() == 1 => crate::desk::said::reason(lang, d),
        (Lang::Zh, _, Some(c)) => crate::center::said::center_error(lang, c),
        _ => crate::i18n::said(lang, &format!("{e:#}")),
    };
    crate::errln!("branchdesk: {text}");
    1
}

/// A command line that did not parse (or asked for help): clap's words, or
/// in Chinese where the clerk reads Chinese; clap's exit code.
fn usage_error(e: &clap::Error) -> i32 {
    let args: Vec<_> = std::env::args_os().collect();
    match usage::lang_of_args(&args, locale().as_deref()) {
        // Help and the version are not errors: printed whole.
        _ if !e.use_stderr() => {
            let _ = e.print();
        }
        Lang::Zh if let Some(text) = usage::said_zh(e) => crate::errln!("{text}"),
        _ => crate::errln!("{}", usage::one_line(&e.render().to_string())),
    }
    e.exit_code()
}

/// Runs the command line; the error is the one-line reason for stderr. An
/// SQLite failure that is a fault of the file (read-only, a full disk,
/// damage) is said as such, wherever in the command it was met.
pub fn run(cli: Cli) -> Result<()> {
    // What is typed on the command line is stored like an import's fields
    // (notes, names, reasons), and a control character in it would come
    // back in every report: refused here, for every command.
    // Nor longer than an import's field may be: a note that long would
    // make every later report one the center refuses.
    let args: Vec<_> = std::env::args_os().collect();
    for (i, arg) in args.iter().enumerate().skip(1) {
        let Some(text) = arg.to_str() else { continue };
        // Named by its option (`--note`) where it is an option's value.
        let name = match args[i - 1].to_str() {
            Some(o) if i > 1 && o.starts_with("--") && !o.contains('=') => o.to_string(),
            _ => format!("argument {i}"),
        };
        if let Some(c) = crate::domain::text::first_control(text) {
            bail!(
                "{name}: {}; nothing was done",
                crate::domain::text::control_reason(c)
            );
        }
        let max = crate::io::table::MAX_FIELD_CHARS;
        if text.len() > max && text.chars().count() > max {
            bail!(
                "{name}: {} characters, at most {max}; nothing was done",
                text.chars().count()
            );
        }
    }
    let path = db_path(&cli);
    run_command(cli).map_err(|e| explain_fault(e, &path))
}

fn explain_fault(e: anyhow::Error, path: &std::path::Path) -> anyhow::Error {
    use crate::store::StoreError;
    let sql = e.chain().find_map(|cause| {
        if let Some(r) = cause.downcast_ref::<rusqlite::Error>() {
            return Some(r);
        }
        let store = cause.downcast_ref::<StoreError>().or_else(|| {
            match cause.downcast_ref::<DeskError>() {
                Some(DeskError::Store(s)) => Some(s),
                _ => None,
            }
        });
        match store {
            Some(StoreError::Sql(r) | StoreError::Open { source: r, .. }) => Some(r),
            _ => None,
        }
    });
    match sql.and_then(|r| StoreError::explain(path, r)) {
        Some(text) => anyhow!(text),
        None => e,
    }
}

fn run_command(cli: Cli) -> Result<()> {
    let now = clock(&cli);
    // A center on PostgreSQL (`--db postgres://…`): its commands, or a
    // branch command refused with one line.
    if let Some(url) = center::pg::pg_url(cli.db.as_deref()) {
        use center::pg::PgCommand;
        let what = match &cli.command {
            Some(Command::Center { what }) => PgCommand::Center(what.as_ref()),
            Some(Command::Overdue { json }) => PgCommand::Overdue { json: *json },
            Some(Command::Supervise(supervise::SuperviseArgs { period, .. })) => {
                PgCommand::Supervise((*period).into())
            }
            Some(Command::Config(config::ConfigArgs { key, value })) => PgCommand::Config {
                key: key.as_deref(),
                value: value.as_deref(),
            },
            Some(Command::Audit {
                what: audit::AuditKind::Verify { anchors: None },
            }) => PgCommand::AuditVerify,
            _ => PgCommand::Branch,
        };
        return center::pg::run(&globals(&cli), &url, what, now);
    }
    if let Some(Command::Center { what }) = &cli.command {
        return center::run(&globals(&cli), what.as_ref(), now);
    }
    let path = db_path(&cli);
    if let Some(Command::Restore(args)) = &cli.command {
        return audit::restore(&cli, &path, &args.file, now);
    }
    let store = Store::open_checked(&path, integrity_policy(&cli, now.to_utc()))?;
    if let Some(Command::Overdue { json }) = &cli.command
        && crate::store::center::is_center(store.conn())?
    {
        // A center's database: the overdue callbacks its branches reported.
        let mut center = crate::center::Center::new(store, &operator(&cli))?;
        center.lang = lang(&cli);
        return print_overdue(&center.overdue(now.to_utc())?, *json, center.lang);
    }
    if let Some(Command::Config(config::ConfigArgs { key: None, .. })) = &cli.command
        && crate::store::center::is_center(store.conn())?
    {
        // A center's database: its own settings, as on PostgreSQL.
        let mut center = crate::center::Center::new(store, &operator(&cli))?;
        center.lang = lang(&cli);
        crate::out!("{}", center::config_text(&mut center, &path.display())?);
        return Ok(());
    }
    let mut desk = Desk::new(store, &operator(&cli))?;
    desk.lang = lang(&cli);
    desk.keys = crate::io::keys::KeyRing::Dir(keys_dir(&cli));
    // Without --operator, the `operator` setting names who is at
    // this desk's keyboard (else the login name).
    if cli.operator.is_none()
        && let Some(op) = desk.setting(crate::store::settings::OPERATOR)?
    {
        desk.set_operator(&op);
    }
    if cli.demo && desk.job_count()? == 0 && !desk.is_center()? {
        let n = crate::demo::fill(
            &mut desk,
            &crate::demo::DemoOptions::default(),
            now.to_utc(),
        )?;
        crate::errln!(
            "{}",
            trf(desk.lang, T::CliDemoFilled, &[&path.display(), &n])
        );
    }
    let desk = &mut desk;
    match &cli.command {
        None => status::dashboard(desk, &cli, now),
        Some(Command::Demo(args)) => demo(desk, &cli, args, &path, now),
        Some(Command::Import(args)) => imports::run(desk, args, now),
        Some(Command::Callback(args)) => callbacks::run(desk, args, now),
        Some(Command::Correct(args)) => correct::run(desk, args, now),
        Some(Command::Reconcile(args)) => reconcile::reconcile(desk, args, now),
        Some(Command::Resolve(args)) => reconcile::resolve(desk, args, now),
        Some(Command::Status { json }) => status::status(desk, *json, lang(&cli), now),
        Some(Command::Overdue { json }) => status::overdue(desk, *json, now),
        Some(Command::Export { what }) => export::run(desk, what, now),
        Some(Command::DeliverInvoice { job_no }) => jobs::deliver_invoice(desk, job_no, now),
        Some(Command::Verify { job_no }) => jobs::verify(desk, job_no, now),
        Some(Command::Config(args)) => config::run(desk, args, now),
        Some(Command::Complaint { what }) => complaints::run(desk, what, now),
        Some(Command::Case { what }) => money::case(desk, what, now),
        Some(Command::Delay(args)) => {
            money::delay(desk, &args.engineer, args.minutes, &args.note, now)
        }
        Some(Command::Informed { job_no }) => money::informed(desk, job_no, now),
        // ---- Supervisor's review ----
        Some(Command::Supervise(args)) => supervise::run(desk, args, &cli, now),
        // --- Audit trail and backups ---
        Some(Command::Audit { what }) => audit::audit(desk, what, &path),
        Some(Command::Key(args)) => audit::key(desk, args, now),
        Some(Command::Check) => audit::check(desk.lang, &path),
        Some(Command::Backup(args)) => audit::backup(desk, args, &path, now),
        // Handled above, before a branch database is opened.
        Some(Command::Center { .. } | Command::Restore(_)) => Ok(()),
    }
}

/// `demo`: a new database filled with demo data.
fn demo(
    desk: &mut Desk,
    cli: &Cli,
    args: &DemoArgs,
    path: &std::path::Path,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let DemoArgs { jobs, days, seed } = args;
    let existing = desk.job_count()?;
    if existing > 0 && !cli.demo {
        bail!(
            "{} already holds {existing} jobs; demo data goes into a new database (--db NEW.db)",
            path.display()
        );
    }
    if existing == 0 {
        let opts = crate::demo::DemoOptions {
            jobs: *jobs,
            days: *days,
            seed: *seed,
            ..Default::default()
        };
        let n = crate::demo::fill(desk, &opts, now.to_utc())?;
        crate::outln!(
            "{}",
            crate::i18n::trf(
                desk.lang,
                crate::i18n::T::CliDemoMade,
                &[&path.display(), &n, days, seed]
            )
        );
    }
    Ok(())
}
