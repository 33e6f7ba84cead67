//! The command line: parses arguments, opens the database, calls the desk,
//! prints. The only place that reads the wall clock (`Clock::from_args`).

use crate::desk::{Desk, DeskError, StatusReport};
use crate::domain::callback::CallbackResult;
use crate::domain::correction::CorrectKind;
use crate::domain::reconcile::{DiscrepancyKind, Resolution};
use crate::domain::time::{Ts, hhmm, parse_date, short};
use crate::i18n::{T, tr, trf};
use crate::store::{Check, Store};
use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "branchdesk",
    version,
    about = "The branch information clerk's desk: jobs, 2 h / 3 h callbacks, supervision cards, daily reconciliation"
)]
pub struct Cli {
    /// Database file [default: branchdesk.db in the user's data directory]
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
    Demo {
        #[arg(long, default_value_t = crate::demo::DEFAULT_JOBS)]
        jobs: usize,
        #[arg(long, default_value_t = crate::demo::DEFAULT_DAYS)]
        days: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Import a CSV file: jobs from dispatch, visits from engineers, cards handed back
    Import {
        #[arg(value_enum)]
        what: ImportKind,
        file: PathBuf,
    },
    /// Log a callback result on the job's earliest-due pending timed
    /// callback, else on its follow-up, with the customer's answers
    Callback {
        job_no: String,
        #[arg(long, value_parser = parse_code::<CallbackResult>)]
        result: CallbackResult,
        /// The customer's answer on the engineer's attitude
        #[arg(long, value_parser = parse_code::<crate::domain::voice::Answer>)]
        attitude: Option<crate::domain::voice::Answer>,
        /// The customer's answer on the repair's quality
        #[arg(long, value_parser = parse_code::<crate::domain::voice::Answer>)]
        quality: Option<crate::domain::voice::Answer>,
        /// Whether the problem is solved (yes|no)
        #[arg(long, value_parser = crate::domain::codes::parse_yes_no)]
        solved: Option<bool>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Correct a record of a job: the job, its latest visit, its card, or its
    /// latest callback result (FIELD=VALUE with the columns of its CSV file)
    Correct {
        #[arg(value_parser = parse_code::<CorrectKind>)]
        kind: CorrectKind,
        job_no: String,
        /// FIELD=VALUE, one or more (a blank VALUE clears the field)
        #[arg(required = true)]
        fields: Vec<String>,
        /// Why the record was wrong (required; kept in the audit trail)
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Run the daily reconciliation and print what it found
    Reconcile {
        /// Day to reconcile (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Resolve a discrepancy (remedial_callback, penalty or note)
    Resolve {
        job_no: String,
        #[arg(value_parser = parse_code::<DiscrepancyKind>)]
        kind: DiscrepancyKind,
        #[arg(long, value_parser = parse_code::<Resolution>)]
        resolution: Resolution,
        #[arg(long, default_value = "")]
        note: String,
    },
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
        what: ExportKind,
    },
    /// Record that a job's owed invoice was delivered
    DeliverInvoice { job_no: String },
    /// Record that a job's missing information was checked with dispatch
    Verify { job_no: String },
    /// Show or change a setting: branch, timezone (e.g. Asia/Shanghai), cutoff (HH:MM),
    /// check_times (the center's, e.g. 10:00,18:00), reports_dir (where the center screen imports from)
    Config {
        key: Option<String>,
        value: Option<String>,
    },
    /// The service center: the center clerk's screen, or one of its commands
    Center {
        #[command(subcommand)]
        what: Option<CenterCommand>,
    },
    /// Cases for the center's ruling: add, list, close
    Case {
        #[command(subcommand)]
        what: crate::money_cli::CaseCommand,
    },
    /// An engineer will be late: the customers of the engineer's later
    /// appointments today are to be told
    Delay {
        engineer: String,
        #[arg(long)]
        minutes: i64,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The customer of a job was told of the engineer's delay
    Informed { job_no: String },
    /// The complaint log: add, respond, settle, list
    Complaint {
        #[command(subcommand)]
        what: crate::complaint_cli::ComplaintCommand,
    },
    // ---- Supervisor's review ----
    /// The supervisor's screen: overdue callbacks, suspected forgeries,
    /// engineers' scorecard, re-visit chains (as text when not on a terminal)
    Supervise {
        /// The scorecard's period: today, 7d or 30d
        #[arg(long, value_enum, default_value = "today")]
        period: PeriodArg,
    },
    // --- Audit trail and backups ---
    /// The audit trail: `audit verify` checks it, `audit log` shows it
    Audit {
        #[command(subcommand)]
        what: AuditKind,
    },
    /// The branch's public signing key (made on first use) and where its private half is kept
    Key {
        /// Make a new key (the old one lost or stolen; an old key file is kept beside it);
        /// the center then re-pins it with `center branches rekey`
        #[arg(long)]
        new: bool,
    },
    /// Check the whole database file now (`PRAGMA quick_check`); writing
    /// commands check at most once a day, the dashboard at every start
    Check,
    /// Put a backup in place of the database (the current file kept beside it as
    /// `<db>.replaced-<time>`), the restore recorded in the trail
    Restore {
        /// The backup file (as `backup` made it)
        file: PathBuf,
    },
    /// Copy the database with SQLite's online backup (safe while the dashboard runs)
    Backup {
        /// Destination file [default: <db dir>/backups/<db name>-<YYYYMMDD-HHMMSS>.db]
        #[arg(long)]
        to: Option<PathBuf>,
    },
    // ---- The benchmark harness ----
    /// Measure the figures of BENCHMARKS.md (makes 10k- and 1M-job databases)
    #[command(hide = true)]
    Bench {
        /// Folder for the benchmark's databases and files
        #[arg(long, default_value = "target/bench")]
        dir: PathBuf,
        /// Make the databases again even if an earlier run left them
        #[arg(long)]
        fresh: bool,
        /// Only the center's figures (section 6), e.g. while working on them
        #[arg(long)]
        center_only: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CenterCommand {
    /// Import every branch report found under DIR, each checked against its manifest
    Import { dir: PathBuf },
    /// Each expected branch's state at each check time, and its figures
    Status {
        /// Day to check (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// The branches the center expects reports from (list, or `add CODE [NAME]`)
    Branches {
        #[command(subcommand)]
        what: Option<BranchesCommand>,
    },
    /// Record that a branch was checked at a check time, with a note
    Check {
        branch: String,
        /// Check time (HH:MM) [default: the check time that counts now]
        #[arg(long)]
        time: Option<String>,
        /// Day (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The audit heads BRANCH's reports carried, for `audit verify --anchors` at the branch
    Anchors {
        branch: String,
        /// Write them to FILE [default: standard output]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The center's summary of every branch: DIR/center/summary-<DATE>.csv;
    /// `export rulings` the signed rulings for each branch; `export summary`
    /// the weekly or monthly rates per branch
    Export {
        #[command(subcommand)]
        what: Option<CenterExportKind>,
        /// Day (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "exports")]
        out: PathBuf,
    },
    /// The cases the branches reported for the center's ruling
    Cases {
        #[arg(long)]
        json: bool,
    },
    /// Rule on a branch's case
    Rule {
        branch: String,
        case_id: i64,
        /// approved, rejected or other
        #[arg(long, value_parser = parse_code::<crate::domain::case::Decision>)]
        decision: crate::domain::case::Decision,
        #[arg(long)]
        note: String,
    },
    /// The center's public signing key (made on first use), which signs its rulings
    Key,
}

/// `center export …`.
#[derive(Debug, Subcommand)]
pub enum CenterExportKind {
    /// Each branch's new rulings: DIR/<BRANCH>/<BRANCH>_rulings_<YYYYMMDDTHHMMSS>.json, signed
    Rulings {
        #[arg(long, default_value = "exports")]
        out: PathBuf,
    },
    /// The weekly or monthly summary of every branch (one `*` row each, from
    /// the reports held): DIR/center/summary_<week|month>_<START>.csv + .xlsx
    Summary {
        /// week (the ISO week, Monday first) or month
        #[arg(long, value_parser = parse_code::<crate::domain::voice::Period>)]
        period: crate::domain::voice::Period,
        /// A day of the period (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "exports")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum BranchesCommand {
    /// Expect reports from a branch; `--key` pins its public signing key
    Add {
        code: String,
        name: Option<String>,
        /// The branch's public key (64 hex, from `branchdesk key` at the branch)
        #[arg(long)]
        key: Option<String>,
    },
    /// Pin another public key for a branch (a new machine, a lost key), with a reason for the audit trail
    Rekey {
        code: String,
        #[arg(long)]
        key: String,
        #[arg(long)]
        reason: String,
    },
    /// The expected branches
    List,
}

/// `--period` of `supervise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Today,
    #[value(name = "7d")]
    Days7,
    #[value(name = "30d")]
    Days30,
}

impl From<PeriodArg> for crate::domain::scorecard::Period {
    fn from(p: PeriodArg) -> Self {
        match p {
            PeriodArg::Today => Self::Today,
            PeriodArg::Days7 => Self::Days7,
            PeriodArg::Days30 => Self::Days30,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum AuditKind {
    /// Check that the trail is intact and every audited row still matches it
    Verify {
        /// The center's anchors of this branch (`center anchors BRANCH --out FILE`):
        /// also check that the trail still holds every head the center was sent
        #[arg(long)]
        anchors: Option<PathBuf>,
    },
    /// Show the trail: time, operator, action, job, summary
    Log {
        /// Only the entries of this job
        #[arg(long)]
        job: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportKind {
    /// The day's report: DIR/<BRANCH>/<BRANCH>_<DATE>.csv and its manifest
    Daily {
        /// Day to report (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// Folder of reports
        #[arg(long, default_value = "exports")]
        out: PathBuf,
    },
    /// The weekly or monthly summary (周报/月报): the rates per engineer and
    /// for the branch, DIR/<BRANCH>/<BRANCH>_summary_<week|month>_<START>.csv + .xlsx
    Summary {
        /// week (the ISO week, Monday first) or month
        #[arg(long, value_parser = parse_code::<crate::domain::voice::Period>)]
        period: crate::domain::voice::Period,
        /// A day of the period (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// Folder of reports
        #[arg(long, default_value = "exports")]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportKind {
    Jobs,
    Visits,
    Cards,
    Callbacks,
    /// The branch's fee standard (code, name, amount)
    Fees,
    /// The center's signed rulings on the branch's cases (a JSON file)
    Rulings,
}

fn parse_now(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map_err(|e| format!("{s:?} is not an RFC 3339 time ({e}), e.g. 2026-11-23T14:00:00+08:00"))
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    parse_date(s)
}

fn parse_code<T: CodeParse>(s: &str) -> Result<T, String> {
    T::parse_code(s)
}

/// Lets clap parse the SPEC's codes with their exact names.
pub trait CodeParse: Sized + Clone + Send + Sync + 'static {
    fn parse_code(s: &str) -> Result<Self, String>;
}
impl CodeParse for CallbackResult {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}
impl CodeParse for crate::domain::voice::Period {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}
impl CodeParse for crate::domain::voice::Answer {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}
impl CodeParse for CorrectKind {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}
impl CodeParse for DiscrepancyKind {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}
impl CodeParse for Resolution {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
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
        let env = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if env.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    })
}

/// Where the branches' private keys are kept: `--keys`, `BRANCHDESK_KEYS`,
/// else `keys/` in the user's data directory.
pub fn keys_dir(cli: &Cli) -> PathBuf {
    cli.keys.clone().unwrap_or_else(|| data_dir().join("keys"))
}

fn data_dir() -> PathBuf {
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
                    | Command::Key { new: false }
                    | Command::Config { value: None, .. }
                    | Command::Case {
                        what: crate::money_cli::CaseCommand::List { .. }
                    }
                    | Command::Complaint {
                        what: crate::complaint_cli::ComplaintCommand::List { .. }
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

/// Runs the command line; the error is the one-line reason for stderr. An
/// SQLite failure that is a fault of the file (read-only, a full disk,
/// damage) is said as such, wherever in the command it was met.
pub fn run(cli: Cli) -> Result<()> {
    // What is typed on the command line is stored like an import's fields
    // (notes, names, reasons), and a control character in it would come
    // back in every report: refused here, for every command.
    for (i, arg) in std::env::args_os().enumerate().skip(1) {
        if let Some(c) = arg.to_str().and_then(crate::domain::text::first_control) {
            bail!(
                "argument {i}: {}; nothing was done",
                crate::domain::text::control_reason(c)
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
    // ---- The benchmark makes its own databases ----
    if let Some(Command::Bench {
        dir,
        fresh,
        center_only,
    }) = &cli.command
    {
        return crate::bench::run(&crate::bench::BenchOptions {
            dir: dir.clone(),
            fresh: *fresh,
            center_only: *center_only,
        });
    }
    let now = clock(&cli);
    // A center on PostgreSQL (`--db postgres://…`): its commands, or a
    // branch command refused with one line.
    if let Some(url) = crate::center::pg_cli::pg_url(&cli) {
        return crate::center::pg_cli::run(&cli, &url, now);
    }
    if let Some(Command::Center { what }) = &cli.command {
        return crate::center::cli::run(&cli, what.as_ref(), now);
    }
    let path = db_path(&cli);
    if let Some(Command::Restore { file }) = &cli.command {
        return restore(&cli, &path, file, now);
    }
    let store = Store::open_checked(&path, integrity_policy(&cli, now.to_utc()))?;
    if let Some(Command::Overdue { json }) = &cli.command
        && crate::store::center::is_center(store.conn())?
    {
        // A center's database: the overdue callbacks its branches reported.
        let mut center = crate::center::Center::new(store, &operator(&cli))?;
        center.lang = lang(&cli);
        return crate::center::cli::overdue(&mut center, *json, now);
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
    match &cli.command {
        None => dashboard(&mut desk, &cli, now),
        // Handled above, before a branch database is opened.
        Some(Command::Center { .. }) => Ok(()),
        Some(Command::Demo { jobs, days, seed }) => {
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
                let n = crate::demo::fill(&mut desk, &opts, now.to_utc())?;
                crate::outln!(
                    "{}: {n} demo jobs over {days} days (seed {seed})",
                    path.display()
                );
            }
            Ok(())
        }
        Some(Command::Import { what, file })
            if matches!(what, ImportKind::Fees | ImportKind::Rulings) =>
        {
            crate::money_cli::import(&mut desk, *what, file, now)
        }
        Some(Command::Import { what, file }) => {
            let bytes = std::fs::read(file).with_context(|| format!("{}", file.display()))?;
            let name = file.display().to_string();
            let r = match what {
                ImportKind::Jobs => desk.import_jobs(&name, &bytes, now.to_utc()),
                ImportKind::Visits => desk.import_visits(&name, &bytes, now.to_utc()),
                ImportKind::Cards => desk.import_cards(&name, &bytes, now.to_utc()),
                ImportKind::Callbacks => desk.import_callbacks(&name, &bytes, now.to_utc()),
                ImportKind::Fees | ImportKind::Rulings => unreachable!("imported above"),
            };
            match r {
                Ok(s) => {
                    let lang = desk.lang;
                    for c in &s.ignored_columns {
                        crate::errln!("{}", trf(lang, T::CliIgnoredColumn, &[&name, c]));
                    }
                    crate::outln!(
                        "{}",
                        trf(
                            lang,
                            T::CliImported,
                            &[&name, &s.rows, &s.added, &s.unchanged]
                        )
                    );
                    for r in &s.revisits {
                        crate::outln!("{}", trf(lang, T::CliRevisitOpened, &[r]));
                    }
                    Ok(())
                }
                Err(DeskError::Rejected { file, problems }) => {
                    for p in &problems {
                        crate::errln!("{file}:{p}");
                    }
                    bail!(
                        "{}",
                        trf(desk.lang, T::CliImportRejected, &[&file, &problems.len()])
                    )
                }
                Err(e) => Err(e.into()),
            }
        }
        Some(Command::Callback {
            job_no,
            result,
            attitude,
            quality,
            solved,
            note,
        }) => {
            let answers = crate::domain::voice::Answers {
                attitude: *attitude,
                quality: *quality,
                solved: *solved,
            };
            let o = desk.log_call(job_no, *result, &answers, note, now.to_utc())?;
            let lang = desk.lang;
            let kind = match (lang, o.kind, o.followup) {
                (Lang::En, ..) | (_, Some(_), _) => o.kind_label(),
                (_, None, true) => tr(lang, T::CliFollowupKind),
                (_, None, false) => tr(lang, T::CliAdHocKind),
            };
            let answers = match lang {
                Lang::En => crate::desk::ops::answers_text(&o.answers),
                Lang::Zh => answers_zh(&o.answers),
            };
            let mut line = trf(
                lang,
                T::CliCallbackLogged,
                &[
                    &o.job_no,
                    &kind,
                    &short(&desk.zone, o.due_at),
                    &crate::i18n::cli_code(lang, &o.result.to_string()),
                    &answers,
                ],
            );
            if o.still_pending {
                line += &trf(lang, T::CliStillPending, &[&o.attempts]);
            }
            match &o.revisit_job_no {
                Some(r) if o.revisit_new => line += &trf(lang, T::CliRevisitNew, &[r]),
                Some(r) => line += &trf(lang, T::CliRevisitOpen, &[r]),
                None => {}
            }
            crate::outln!("{line}");
            Ok(())
        }
        Some(Command::Correct {
            kind,
            job_no,
            fields,
            reason,
        }) => {
            let changes =
                crate::domain::correction::parse_assignments(fields).map_err(|e| anyhow!(e))?;
            let o = desk.correct(*kind, job_no, &changes, reason, now.to_utc())?;
            crate::outln!("{}", correction_text_in(&o, reason, desk.lang));
            Ok(())
        }
        Some(Command::Reconcile { date, json }) => {
            let date = date.unwrap_or(now.date_naive());
            let r = desk.reconcile(date, now.to_utc())?;
            if *json {
                crate::outln!("{}", serde_json::to_string_pretty(&r)?);
                return Ok(());
            }
            let new = r.found.iter().filter(|f| f.new).count();
            let lang = desk.lang;
            let c = |x: &str| crate::i18n::cli_code(lang, x);
            crate::outln!(
                "{}",
                trf(
                    lang,
                    T::CliReconciled,
                    &[
                        &r.date,
                        &hhmm(&desk.zone, r.cutoff),
                        &r.jobs_checked,
                        &r.found.len(),
                        &new
                    ]
                )
            );
            if r.before_cutoff {
                crate::outln!(
                    "{}",
                    trf(
                        lang,
                        T::CliBeforeCutoff,
                        &[&r.cards_out, &hhmm(&desk.zone, r.cutoff)]
                    )
                );
            }
            for f in &r.found {
                crate::outln!(
                    "  {} {:<14} {} {} {}",
                    crate::i18n::pad(&c(f.kind.code()), 24),
                    f.job_no,
                    crate::i18n::pad(&f.engineer, 10),
                    crate::i18n::pad(
                        &if f.new {
                            tr(lang, T::CliNew).to_string()
                        } else {
                            c(f.status.code())
                        },
                        8
                    ),
                    crate::i18n::discrepancy_detail(lang, &f.detail)
                );
            }
            Ok(())
        }
        Some(Command::Resolve {
            job_no,
            kind,
            resolution,
            note,
        }) => {
            desk.resolve(job_no, *kind, *resolution, note, now.to_utc())?;
            crate::outln!(
                "{}",
                trf(
                    desk.lang,
                    T::CliResolved,
                    &[
                        job_no,
                        &crate::i18n::cli_code(desk.lang, &kind.to_string()),
                        &crate::i18n::cli_code(desk.lang, &resolution.to_string())
                    ]
                )
            );
            Ok(())
        }
        Some(Command::Status { json }) => {
            let report = desk.status(now)?;
            if *json {
                // Streamed: a large desk's JSON is never held whole in memory.
                use std::io::Write;
                let mut out = std::io::BufWriter::new(crate::domain::text::SafeWriter::new(
                    std::io::stdout().lock(),
                ));
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
                out.flush()?;
            } else {
                crate::out!("{}", status_text(&report, lang(&cli)));
            }
            Ok(())
        }
        Some(Command::Overdue { json }) => {
            print_overdue(&desk.overdue_callbacks(now.to_utc())?, *json, desk.lang)
        }
        Some(Command::Export {
            what: ExportKind::Daily { date, out },
        }) => {
            let date = date.unwrap_or(now.date_naive());
            let e = desk.export_daily(out, date, now.to_utc())?;
            let lang = desk.lang;
            crate::outln!(
                "{}",
                trf(
                    lang,
                    T::CliExported,
                    &[
                        &e.csv.display(),
                        &e.rows,
                        &e.generation,
                        &e.manifest.display()
                    ]
                )
            );
            crate::outln!("{}", trf(lang, T::CliXlsxForPeople, &[&e.xlsx.display()]));
            if let Some(g) = e.found_in_folder {
                crate::outln!("{}", trf(lang, T::CliGenerationFound, &[&g]));
            }
            if let Some(key) = &e.key_made {
                crate::outln!("{}", trf(lang, T::CliNewKey, &[&key.display()]));
            }
            Ok(())
        }
        Some(Command::Export {
            what: ExportKind::Summary { period, date, out },
        }) => {
            let date = date.unwrap_or(now.date_naive());
            let e = desk.export_summary(out, *period, date, now.to_utc())?;
            crate::outln!(
                "{}",
                trf(
                    desk.lang,
                    T::CliSummaryExported,
                    &[&e.csv.display(), &e.rows, &e.first, &e.last]
                )
            );
            crate::outln!("{}", trf(desk.lang, T::CliForPeople, &[&e.xlsx.display()]));
            Ok(())
        }
        Some(Command::DeliverInvoice { job_no }) => {
            desk.deliver_invoice(job_no, now.to_utc())?;
            crate::outln!("{}", trf(desk.lang, T::CliInvoiceDelivered, &[job_no]));
            Ok(())
        }
        Some(Command::Verify { job_no }) => {
            desk.mark_verified(job_no, now.to_utc())?;
            crate::outln!("{}", trf(desk.lang, T::CliVerified, &[job_no]));
            Ok(())
        }
        Some(Command::Config { key, value }) => match (key, value) {
            (Some(k), Some(v)) => {
                desk.set_setting(k, v, now.to_utc())?;
                crate::outln!("{k} = {v}");
                Ok(())
            }
            (Some(k), None) => {
                let v = desk.setting(k)?.ok_or_else(|| anyhow!("{k} is not set"))?;
                crate::outln!("{v}");
                Ok(())
            }
            _ => {
                crate::outln!("branch   = {}", desk.branch()?.unwrap_or_default());
                crate::outln!("timezone = {}", desk.zone.name());
                crate::outln!("cutoff   = {}", desk.cutoff.format("%H:%M"));
                let k = desk.store.read(crate::desk::complaints::commitments)?;
                crate::outln!("complaint_response_hours = {}", k.response_hours);
                crate::outln!("complaint_settle_days    = {}", k.settle_days);
                crate::outln!("onsite_within_hours      = {}", k.onsite_hours);
                for key in [
                    crate::domain::voice::FOLLOWUP_HOURS,
                    crate::domain::voice::REPEAT_DAYS,
                ] {
                    let v = desk.setting(key)?;
                    let v = crate::domain::voice::setting_or_default(key, v.as_deref());
                    crate::outln!("{key:<24} = {v}");
                }
                crate::outln!("database = {}", desk.store.path().display());
                Ok(())
            }
        },
        Some(Command::Complaint { what }) => crate::complaint_cli::run(&mut desk, what, now),
        Some(Command::Case { what }) => crate::money_cli::case(&mut desk, what, now),
        Some(Command::Delay {
            engineer,
            minutes,
            note,
        }) => crate::money_cli::delay(&mut desk, engineer, *minutes, note, now),
        Some(Command::Informed { job_no }) => {
            desk.informed(job_no, now.to_utc())?;
            crate::outln!("{}", trf(desk.lang, T::CliInformed, &[job_no]));
            Ok(())
        }
        // ---- Supervisor's review ----
        Some(Command::Supervise { period }) => supervise(&mut desk, &cli, now, (*period).into()),
        // --- Audit trail and backups ---
        Some(Command::Audit {
            what: AuditKind::Verify { anchors },
        }) => {
            let v = desk.audit_verify()?;
            if !v.is_intact() {
                bail!("{}: {v}", path.display())
            }
            if let Some(file) = anchors {
                let checked = desk.verify_anchors(file)?;
                crate::outln!("{v}; {checked}");
            } else {
                crate::outln!("{v}");
            }
            Ok(())
        }
        Some(Command::Key { new: true }) => {
            let made = desk.new_key(now.to_utc())?;
            let branch = desk.branch()?.unwrap_or_default();
            let public = crate::domain::signing::public_hex(&made.key.key);
            crate::outln!("branch      {branch}");
            crate::outln!("public key  {public} (new)");
            if let Some(p) = &made.key.path {
                crate::outln!("private key {}", p.display());
            }
            if let Some(old) = &made.old_file {
                crate::outln!("old key     kept in {}", old.display());
            }
            if let Some(was) = &made.replaced {
                crate::outln!("replaces    {was}");
            }
            crate::outln!(
                "The center refuses this branch's reports until it re-pins the key:\n  \
                 branchdesk center branches rekey {branch} --key {public} --reason TEXT"
            );
            Ok(())
        }
        Some(Command::Key { new: false }) => {
            let branch = desk
                .branch()?
                .ok_or_else(|| anyhow!("this database has no branch yet: import its jobs first"))?;
            let k = desk.signing_key(&branch, None)?;
            crate::outln!("branch      {branch}");
            crate::outln!("public key  {}", crate::domain::signing::public_hex(&k.key));
            if let Some(p) = &k.path {
                let made = if k.created { " (made now)" } else { "" };
                crate::outln!("private key {}{made}", p.display());
            }
            Ok(())
        }
        Some(Command::Audit {
            what: AuditKind::Log { job },
        }) => {
            for e in desk.audit_log(job.as_deref())? {
                let at =
                    e.at.map(|t| short(&desk.zone, t))
                        .unwrap_or_else(|| "-".into());
                crate::outln!(
                    "{:>6}  {at:<16}  {:<12}  {:<16}  {:<14}  {}",
                    e.id,
                    e.operator,
                    e.action,
                    if e.job_no.is_empty() { "-" } else { &e.job_no },
                    e.summary
                );
            }
            Ok(())
        }
        Some(Command::Check) => {
            // Checked on open, before anything else (a damaged file is an error).
            crate::outln!("{}: ok (PRAGMA quick_check)", path.display());
            Ok(())
        }
        Some(Command::Backup { to }) => {
            let dest = desk.backup(to.as_deref(), now.to_utc())?;
            crate::outln!("{}: backed up to {}", path.display(), dest.display());
            crate::outln!("{}", backup_key_note(&desk)?);
            Ok(())
        }
        // ---- The benchmark: handled above, before a database is opened ----
        Some(Command::Bench { .. } | Command::Restore { .. }) => Ok(()),
    }
}

/// `restore FILE`: the backup put in place, then what the clerk does next.
fn restore(
    cli: &Cli,
    db: &std::path::Path,
    file: &std::path::Path,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    let (mut desk, r) =
        crate::desk::restore::restore(db, file, &operator(cli), now.to_utc(), &stamp)?;
    desk.keys = crate::io::keys::KeyRing::Dir(keys_dir(cli));
    crate::outln!(
        "{}: restored from {} (branch {}, its audit trail {} entries)",
        db.display(),
        file.display(),
        r.branch,
        r.entries_kept
    );
    if let Some(p) = &r.replaced {
        let had = r
            .entries_before
            .map(|m| format!("{m} entries"))
            .unwrap_or_else(|| "not readable".into());
        crate::outln!(
            "the file it replaced (trail: {had}) is kept at {}",
            p.display()
        );
    }
    if let Some(key) = desk.keys.path_of(&r.branch) {
        if key.exists() {
            crate::outln!("signing key {}: in place", key.display());
        } else {
            crate::outln!(
                "signing key {}: missing. Copy it back from where it was kept with the \
                 backup (mode 0600) before the next export; `branchdesk key` says which key",
                key.display()
            );
        }
    }
    crate::outln!(
        "Export into the same folder as before: the next report follows the generations found \
         there, and `audit verify --anchors` names the heads lost to this restore."
    );
    Ok(())
}

/// What `backup` says about the signing key, which the backup does not
/// hold: where it is, and that it belongs with the backup, kept apart.
fn backup_key_note(desk: &Desk) -> Result<String> {
    let Some(branch) = desk.branch()? else {
        return Ok("This database has no branch (nor signing key) yet.".into());
    };
    let place = match desk.keys.path_of(&branch) {
        Some(p) if p.exists() => p.display().to_string(),
        Some(p) => format!("{} (not there yet: made by the first export)", p.display()),
        None => "held in memory only".into(),
    };
    Ok(format!(
        "The backup does not hold the branch's private signing key: {place}. Keep a copy of \
         that file with the backup, but apart from it (another medium, locked away): with \
         the backup alone a restored branch cannot sign, and with both together whoever \
         finds them can sign as {branch}."
    ))
}

/// What `correct` prints: the job, each field before → after, and what
/// the correction opened or cancelled.
/// The customer's answers to a callback, in Chinese.
fn answers_zh(a: &crate::domain::voice::Answers) -> String {
    let mut parts = Vec::new();
    if let Some(x) = a.attitude {
        parts.push(trf(
            Lang::Zh,
            T::CliAnswerAttitude,
            &[&crate::i18n::code(Lang::Zh, &x.to_string())],
        ));
    }
    if let Some(x) = a.quality {
        parts.push(trf(
            Lang::Zh,
            T::CliAnswerQuality,
            &[&crate::i18n::code(Lang::Zh, &x.to_string())],
        ));
    }
    if let Some(x) = a.solved {
        let yes = if x { T::CliYes } else { T::CliNo };
        parts.push(trf(Lang::Zh, T::CliAnswerSolved, &[&tr(Lang::Zh, yes)]));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("（{}）", parts.join("，"))
    }
}

/// A correction in the clerk's language.
pub fn correction_text_in(o: &crate::desk::Corrected, reason: &str, lang: Lang) -> String {
    let en = correction_text(o);
    match lang {
        Lang::En => en,
        Lang::Zh => {
            // Said as the audit's summary is (`KIND corrected: …; re-visit R
            // opened; reason: R`), which the screens already put in Chinese.
            let rest = en
                .strip_prefix(&format!("{}: ", o.job_no))
                .unwrap_or(&en)
                .replace("; re-visit job ", "; re-visit ");
            let reason = if reason.is_empty() { "-" } else { reason };
            let summary = format!("{rest}; reason: {reason}");
            format!(
                "{}：{}",
                o.job_no,
                crate::i18n::correction_summary(lang, &summary)
            )
        }
    }
}

pub fn correction_text(o: &crate::desk::Corrected) -> String {
    let fields: Vec<String> = o
        .changes
        .iter()
        .map(|c| format!("{} {:?} → {:?}", c.field, c.before, c.after))
        .collect();
    let mut line = format!("{}: {} corrected: {}", o.job_no, o.kind, fields.join(", "));
    if let Some(r) = &o.revisit_opened {
        line += &format!("; re-visit job {r} opened");
    }
    if let Some(r) = &o.revisit_cancelled {
        line += &format!("; re-visit job {r} cancelled");
    }
    line
}

/// The supervisor's screen, or the same content as text when not on a
/// terminal.
fn supervise(
    desk: &mut Desk,
    cli: &Cli,
    now: DateTime<FixedOffset>,
    period: crate::domain::scorecard::Period,
) -> Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        // The same loader as the screen: a center's database gives the
        // center's view across its branches.
        let s = crate::center::supervise::review(desk, now, period)?;
        crate::out!("{}", supervise_text(&s, now.to_utc(), &desk.zone));
        return Ok(());
    }
    crate::tui::set_mouse(desk.setting(crate::store::settings::MOUSE)?.as_deref() != Some("off"));
    crate::tui::supervise::run(desk, lang(cli), now, period)
}

/// "n/d p%", or "-" when nothing is under the rate.
fn share(n: u64, d: u64) -> String {
    match crate::domain::voice::rate(n, d) {
        Some(r) => format!("{n}/{d} {:.0}%", r * 100.0),
        None => "-".into(),
    }
}

/// The rates of the period, one line per engineer and the
/// branch, each rate with both numbers behind it.
fn voice_text(t: &crate::desk::summary::VoiceTable) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nRates (callbacks and follow-ups due, answered, satisfied; cards; repeats; on site in 24 h; discipline)"
    );
    let line = |who: &str,
                v: &crate::domain::voice::Voice,
                d: Option<&crate::desk::summary::Discipline>| {
        let stage = d
            .and_then(|d| {
                d.stage
                    .map(|s| format!("{s} ({})", d.upheld_complaints + d.penalties))
            })
            .unwrap_or_else(|| "-".into());
        format!(
            "  {} callback {}  satisfied {}  attitude {}  quality {}  solved {}  card {}  repeat {}  on-site 24h {}  late {}  complaints {}  discipline {}\n",
            crate::i18n::pad(who, 10),
            share(v.callbacks_answered, v.callbacks_due),
            share(v.satisfied, v.callbacks_answered),
            share(v.attitude_satisfied, v.attitude_answered),
            share(v.quality_satisfied, v.quality_answered),
            share(v.solved_yes, v.solved_answered),
            share(v.card_satisfied, v.cards_back),
            share(v.repeats, v.onsite_jobs),
            share(v.onsite_24h, v.onsite_jobs),
            v.late_arrivals,
            v.complaints,
            stage
        )
    };
    for (who, v) in &t.engineers {
        out += &line(
            if who.is_empty() { "-" } else { who },
            v,
            t.discipline.get(who),
        );
    }
    out += &line("*", &t.branch, None);
    out
}

/// `supervise` as text for people and scripts.
pub fn supervise_text(
    s: &crate::desk::supervise::Supervision,
    now: Ts,
    zone: &crate::domain::time::Zone,
) -> String {
    use crate::desk::supervise::Suspicion;
    use std::fmt::Write;
    let mut out = String::new();
    let overdue: Vec<_> = s
        .pending
        .iter()
        .filter(|p| crate::domain::callback::is_overdue(p.due_ts, now))
        .collect();
    match &s.center {
        None => {
            let _ = writeln!(
                out,
                "supervisor's review  branch {}  {} .. {}",
                s.branch.as_deref().unwrap_or("-"),
                s.first_day,
                s.today
            );
        }
        Some(branches) => {
            let _ = writeln!(
                out,
                "supervisor's review  center: {} branches ({})  {} .. {}\n\
                 (from the branches' daily reports; escalations are made at the branch)",
                branches.len(),
                branches.join(", "),
                s.first_day,
                s.today
            );
        }
    }
    let _ = writeln!(out, "\nOverdue callbacks ({})", overdue.len());
    for p in &overdue {
        let m = crate::domain::callback::overdue_minutes(p.due_ts, now);
        let _ = writeln!(
            out,
            "  {:<14} {:<3} overdue {}:{:02}  attempts {}  {}  {}  {}",
            p.job_no,
            p.kind.map(|k| k.code()).unwrap_or("-"),
            m / 60,
            m % 60,
            p.attempts,
            p.engineer,
            p.branch,
            p.escalation_state
        );
    }
    out += &crate::complaint_cli::supervise_text(s, now);
    let _ = writeln!(out, "\nSuspected forgeries ({})", s.forgeries.len());
    for f in &s.forgeries {
        let why: Vec<String> = f
            .suspicions
            .iter()
            .map(|x| match x {
                Suspicion::Discrepancy { kind, status, .. } => format!("{kind} ({status})"),
                Suspicion::Denied { .. } if f.report.is_some() => "denies_signature".to_string(),
                Suspicion::Denied { at, .. } => format!("denies_signature {}", short(zone, *at)),
            })
            .collect();
        if let Some(r) = &f.report {
            let _ = writeln!(
                out,
                "  {:<14} {} {} {}; card {}; callback {} {} attempts {} (report {})",
                f.job_no,
                f.branch,
                crate::i18n::pad(&f.engineer, 8),
                why.join(", "),
                or_dash(&r.card_state),
                or_dash(&r.callback_kind),
                or_dash(&r.callback_result),
                or_dash(&r.callback_attempts),
                r.report_date
            );
            continue;
        }
        let card = f
            .card
            .as_ref()
            .map(|c| {
                format!(
                    "card {} signed by {}",
                    c.satisfaction.map(|s| s.code()).unwrap_or("-"),
                    c.signed_by.map(|s| s.code()).unwrap_or("-")
                )
            })
            .unwrap_or_else(|| "no card".into());
        let _ = writeln!(
            out,
            "  {:<14} {} {}; {card}",
            f.job_no,
            crate::i18n::pad(&f.engineer, 8),
            why.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nEngineers ({} .. {})\n  {:<10} {:>5} {:>8} {:>8} {:>8} {:>6} {:>8} {:>5} {:>6} {:>6} {:>7}",
        s.first_day,
        s.today,
        "engineer",
        "jobs",
        "1st fix",
        "cb late",
        "late now",
        "unsat",
        "revisits",
        "late",
        "discr",
        "compl",
        "on-site"
    );
    for e in &s.scores {
        let fix = e
            .first_visit_fix_percent()
            .map(|p| format!("{p}%"))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "  {} {:>5} {:>8} {:>8} {:>8} {:>6} {:>8} {:>5} {:>6} {:>6} {:>7}",
            crate::i18n::pad(&e.engineer, 10),
            e.jobs,
            fix,
            e.callbacks_overdue,
            e.overdue_now,
            e.unsatisfied,
            e.revisits,
            e.late_arrivals,
            e.discrepancies_total(),
            e.complaints,
            e.onsite_percent()
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| "-".into())
        );
    }
    if let Some(v) = &s.voice {
        out.push_str(&voice_text(v));
    }
    let _ = writeln!(out, "\nRe-visit chains ({})", s.chains.len());
    for c in &s.chains {
        let path: Vec<&str> = c.links.iter().map(|l| l.job_no.as_str()).collect();
        let _ = writeln!(
            out,
            "  {:<30} {} visits  {}",
            path.join(" -> "),
            c.visits,
            if c.satisfied {
                "satisfied"
            } else {
                "not yet satisfied"
            }
        );
    }
    let _ = writeln!(out, "\nEscalated and acknowledged ({})", s.acted.len());
    for a in &s.acted {
        let e = &a.escalation;
        let what = match (a.discrepancy_kind, a.callback_due) {
            (Some(k), _) => k.code().to_string(),
            (None, Some(due)) => format!("callback due {}", short(zone, due)),
            (None, None) => "job".to_string(),
        };
        let mut line = format!("  {:<14} {:<24} {}", a.job_no, what, e.state.code());
        if e.state.is_escalated() {
            line += &format!(" to {}", e.to);
        }
        line += &format!(" by {} at {}", e.by, e.at);
        if let (Some(by), Some(at)) = (&e.resolved_by, &e.resolved_at) {
            line += &format!("; resolved by {by} at {at}");
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() { "-" } else { s }
}

fn dashboard(desk: &mut Desk, cli: &Cli, now: DateTime<FixedOffset>) -> Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        // Not a terminal (a pipe, a script): the same content as text.
        crate::out!("{}", status_text(&desk.status(now)?, lang(cli)));
        return Ok(());
    }
    // The first start of each local day takes a backup; a crash
    // of the screens leaves its report in the data folder.
    if let Err(e) = desk.daily_backup(now.to_utc()) {
        crate::errln!("branchdesk: the daily backup failed: {e}");
    }
    crate::tui::set_crash_dir(data_dir());
    crate::tui::set_mouse(desk.setting(crate::store::settings::MOUSE)?.as_deref() != Some("off"));
    // The clock starts at `now` (`--now` or the wall clock) and ticks on.
    crate::tui::run(desk, lang(cli), now)
}

/// `overdue`, as JSON (`{"overdue": [...]}`) or one line per callback:
/// a branch's list, or a center's from its branches' reports.
pub fn print_overdue(
    items: &[crate::desk::supervise::OverdueCallback],
    json: bool,
    lang: Lang,
) -> Result<()> {
    use crate::i18n::{T, tr, trf};
    if json {
        crate::outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "overdue": items }))?
        );
    } else if items.is_empty() {
        crate::outln!("{}", tr(lang, T::CliNoOverdue));
    } else {
        for o in items {
            let escalation = match &o.escalation {
                Some(e) if e.state.is_escalated() => {
                    let mut s = trf(lang, T::CliEscalatedTo, &[&e.to, &e.by, &e.at]);
                    if let (Some(at), Some(by)) = (&e.resolved_at, &e.resolved_by) {
                        s += &trf(lang, T::CliResolvedBy, &[by, at]);
                    }
                    s
                }
                Some(e) => trf(lang, T::CliAcknowledged, &[&e.by, &e.at]),
                None => String::new(),
            };
            crate::outln!(
                "{:<14} {:<3} {}  {}  {}  {}  {}  {}  {}{escalation}",
                o.job_no,
                o.kind.map(|k| k.code()).unwrap_or("-"),
                trf(lang, T::CliDue, &[&o.due_at]),
                trf(
                    lang,
                    T::CliOverdueTime,
                    &[
                        &(o.overdue_minutes / 60),
                        &format!("{:02}", o.overdue_minutes % 60)
                    ]
                ),
                trf(lang, T::CliAttempts, &[&o.attempts]),
                o.engineer,
                o.branch,
                o.customer,
                o.phone
            );
        }
    }
    Ok(())
}

/// `status` as text for people, in the clerk's language (the English text
/// is the one scripts have always read).
pub fn status_text(r: &StatusReport, lang: Lang) -> String {
    use crate::i18n::{T, pad, tr, trf};
    use std::fmt::Write;
    let c = |x: &str| crate::i18n::cli_code(lang, x);
    let late_time = |m: i64| {
        trf(
            lang,
            T::CliOverdueTime,
            &[&(m / 60), &format!("{:02}", m % 60)],
        )
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        trf(
            lang,
            T::CliStatusHead,
            &[&r.branch.as_deref().unwrap_or("-"), &r.date, &r.now]
        )
    );
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliTodayJobs, &[&r.today_jobs.len()])
    );
    for j in &r.today_jobs {
        let late = match j.late_minutes {
            Some(m) if j.late_flag => trf(lang, T::CliLateFlag, &[&m]),
            Some(m) => trf(lang, T::CliLate, &[&m]),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "  {:<14} {} {} {} {}{late}",
            j.job_no,
            pad(&c(j.status.code()), 18),
            pad(&j.engineer, 8),
            pad(&j.customer, 8),
            j.product_model
        );
    }
    let _ = writeln!(s, "\n{}", trf(lang, T::CliToBook, &[&r.open_jobs.len()]));
    for j in &r.open_jobs {
        let since = j.since.get(..16).unwrap_or(&j.since).replace('T', " ");
        let _ = writeln!(
            s,
            "  {:<14} {} {}  {} {} {}",
            j.job_no,
            pad(&c(j.reason.code()), 18),
            trf(lang, T::CliSince, &[&since]),
            pad(&j.engineer, 8),
            pad(&j.customer, 8),
            j.phone
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliCallbacksPending, &[&r.callbacks_pending.len()])
    );
    for cb in &r.callbacks_pending {
        let when = if cb.overdue {
            late_time(cb.overdue_minutes)
        } else {
            tr(lang, T::CliPending).to_string()
        };
        let _ = writeln!(
            s,
            "  {:<14} {:<3} {}  {} {}  {} {}",
            cb.job_no,
            cb.kind.map(|k| k.code()).unwrap_or("-"),
            trf(lang, T::CliDue, &[&cb.due_at]),
            pad(&when, 14),
            trf(lang, T::CliAttempts, &[&cb.attempts]),
            cb.customer,
            cb.phone
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliFollowups, &[&r.followups_pending.len()])
    );
    for f in &r.followups_pending {
        let when = if f.overdue {
            late_time(f.overdue_minutes)
        } else {
            tr(lang, T::CliPending).to_string()
        };
        let _ = writeln!(
            s,
            "  {:<14} {}  {} {}  {} {} {}",
            f.job_no,
            trf(lang, T::CliDue, &[&f.due_at]),
            pad(&when, 14),
            trf(lang, T::CliAttempts, &[&f.attempts]),
            f.engineer,
            f.customer,
            f.phone
        );
    }
    if !r.repeats.is_empty() {
        let _ = writeln!(s, "\n{}", trf(lang, T::CliRepeats, &[&r.repeats.len()]));
        for x in &r.repeats {
            let _ = writeln!(
                s,
                "  {:<14} {}",
                x.job_no,
                trf(
                    lang,
                    T::CliRepeatOf,
                    &[&x.repeat_of, &x.days, &x.engineer_before]
                )
            );
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliCards, &[&r.cards_awaiting_signature.len()])
    );
    for cd in &r.cards_awaiting_signature {
        let _ = writeln!(
            s,
            "  {:<14} {} {} {}",
            cd.job_no,
            pad(&c(cd.card_state.code()), 10),
            pad(&cd.engineer, 8),
            cd.customer
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliDiscrepancies, &[&r.discrepancies.len()])
    );
    for d in &r.discrepancies {
        let gone = if d.cause_gone {
            tr(lang, T::CliCauseGone)
        } else {
            ""
        };
        let detail = match lang {
            Lang::En => d.detail.clone(),
            Lang::Zh => crate::i18n::discrepancy_detail(lang, &d.detail),
        };
        let _ = writeln!(
            s,
            "  {:<14} {} {} {} {detail}{gone}",
            d.job_no,
            pad(&c(d.kind.code()), 24),
            pad(&c(d.status.code()), 8),
            pad(&d.engineer, 8),
        );
    }
    let _ = writeln!(s, "\n{}", trf(lang, T::CliToVerify, &[&r.to_verify.len()]));
    for v in &r.to_verify {
        let missing: Vec<String> = v.missing.iter().map(|m| column_word(lang, m)).collect();
        let _ = writeln!(
            s,
            "  {:<14} {}",
            v.job_no,
            trf(lang, T::CliMissing, &[&missing.join(", ")])
        );
    }
    if !r.conflicts.is_empty() {
        let _ = writeln!(s, "\n{}", trf(lang, T::CliConflicts, &[&r.conflicts.len()]));
        for cf in &r.conflicts {
            let _ = writeln!(
                s,
                "  {} {} {}–{}: {}",
                cf.date,
                cf.engineer,
                &cf.from[11..16],
                &cf.to[11..16],
                trf(
                    lang,
                    T::CliOverlap,
                    &[&cf.job_nos.len(), &conflict_jobs(&cf.job_nos, 8)]
                )
            );
        }
    }
    s += &crate::complaint_cli::status_text(r, lang);
    s += &crate::money_cli::status_text(r, lang);
    s
}

/// A column name as a clerk reads it (the name itself in English).
fn column_word(lang: Lang, column: &str) -> String {
    match lang {
        Lang::En => column.to_string(),
        Lang::Zh => crate::i18n::column_label(lang, column),
    }
}

/// The jobs of a conflict group, the first few named (a wrong dispatch file
/// can put thousands in one).
pub fn conflict_jobs(jobs: &[String], shown: usize) -> String {
    let mut s = jobs[..jobs.len().min(shown)].join(", ");
    if jobs.len() > shown {
        s += &format!(" … (+{})", jobs.len() - shown);
    }
    s
}

/// Formats `Ts` for messages (used by callers that hold a zone).
pub fn local_short(desk: &Desk, t: Ts) -> String {
    short(&desk.zone, t)
}
