//! The only module that speaks SQL. One submodule per table family; every
//! function takes a `&Connection` so that callers compose them inside one
//! transaction (`Store::write`).

/// [`crate::domain::visit::ON_SITE_REPAIR`] as an SQL list, for
/// `outcome IN …` in a statement (a test holds the two equal).
macro_rules! on_site {
    () => {
        "('fixed', 'fixed_untested', 'unsure', 'pulled')"
    };
}
pub(crate) use on_site;

pub mod audit;
pub mod backup;
pub mod callbacks;
pub mod cards;
pub mod cases;
pub mod center;
pub mod complaints;
pub mod corrections;
pub mod dashboard;
pub mod demo;
pub mod discrepancies;
pub mod escalations;
pub mod faults;
pub mod fees;
pub mod jobs;
pub mod reconciliations;
pub mod rulings;
pub mod settings;
pub mod supervise;
#[cfg(test)]
pub(crate) mod testing;
pub mod trust;
pub mod visits;
pub mod voice;

use crate::domain::time::{Ts, from_unix};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Schema migrations, applied in order; `PRAGMA user_version` is the number
/// of migrations applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../sql/001_init.sql"),
    include_str!("../../sql/002_center.sql"),
    include_str!("../../sql/003_audit.sql"),
    include_str!("../../sql/004_supervision.sql"),
    include_str!("../../sql/005_perf.sql"),
    include_str!("../../sql/006_ledger.sql"),
    include_str!("../../sql/007_trust.sql"),
    include_str!("../../sql/008_complaints.sql"),
    include_str!("../../sql/009_corrections.sql"),
    include_str!("../../sql/010_center_scale.sql"),
    include_str!("../../sql/011_import_cost.sql"),
    include_str!("../../sql/012_restores.sql"),
    include_str!("../../sql/013_money.sql"),
    include_str!("../../sql/014_customer_voice.sql"),
    include_str!("../../sql/015_counts_without_job.sql"),
    include_str!("../../sql/016_settled_touched.sql"),
    include_str!("../../sql/017_closed_received.sql"),
    include_str!("../../sql/018_typed_rows.sql"),
];

/// SQLite's default page cache, which connections go back to after a bulk
/// load.
pub const DEFAULT_CACHE_MIB: i64 = 2;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version from which a database has the audit trail.
fn trail_version() -> i64 {
    MIGRATIONS
        .iter()
        .position(|m| m.contains("CREATE TABLE audit_log"))
        .map(|i| i as i64 + 1)
        .unwrap_or(SCHEMA_VERSION)
}

/// One object of a schema: `(type, name, SQL with its spaces collapsed)`.
type SchemaObject = (String, String, String);

fn schema_of(c: &Connection) -> rusqlite::Result<Vec<SchemaObject>> {
    let mut st = c.prepare(
        "SELECT type, name, coalesce(sql, '') FROM main.sqlite_schema ORDER BY type, name",
    )?;
    let rows = st
        .query_map([], |r| {
            let sql: String = r.get(2)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                sql.split_whitespace().collect::<Vec<_>>().join(" "),
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The schema the first `version` migrations make, plus the statistics
/// tables SQLite's own `ANALYZE` makes (exactly as it makes them: a
/// `sqlite_stat1_x` trigger or a `sqlite_stat9` table is no statistics).
fn schema_made_by(version: i64) -> rusqlite::Result<Vec<SchemaObject>> {
    let c = Connection::open_in_memory()?;
    for sql in MIGRATIONS.iter().take(version.max(0) as usize) {
        c.execute_batch(sql)?;
    }
    c.execute_batch("ANALYZE")?;
    schema_of(&c)
}

/// Schema objects (tables, indexes, triggers, views) of the database that
/// the first `version` migrations did not make, or made otherwise: each
/// as "trigger \"x\"" with what is wrong.
pub fn foreign_objects(c: &Connection, version: i64) -> Result<Vec<String>> {
    static CURRENT: std::sync::OnceLock<Vec<SchemaObject>> = std::sync::OnceLock::new();
    let made = if version == SCHEMA_VERSION {
        match CURRENT.get() {
            Some(m) => m.clone(),
            None => CURRENT
                .get_or_init(|| schema_made_by(version).unwrap_or_default())
                .clone(),
        }
    } else {
        schema_made_by(version)?
    };
    let mut out = Vec::new();
    for (kind, name, sql) in schema_of(c)? {
        match made.iter().find(|(k, n, _)| *k == kind && *n == name) {
            None => out.push(format!(
                "{kind} {name:?} was not made by branchdesk's migrations: {sql}"
            )),
            Some((_, _, want)) if *want != sql => out.push(format!(
                "{kind} {name:?} differs from what branchdesk's migrations made: {sql}"
            )),
            Some(_) => {}
        }
    }
    Ok(out)
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "database {path} has schema version {found}, newer than this branchdesk knows ({known}); \
         upgrade branchdesk. The file was not changed."
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{}", damaged_message(path, detail, backup.as_deref()))]
    Damaged {
        path: PathBuf,
        detail: String,
        /// The newest backup next to the database, if any.
        backup: Option<PathBuf>,
    },
    /// The database was changed behind the trail's back: the write was
    /// refused (the text says what, and sends the clerk to `audit verify`).
    #[error("{0}")]
    Tampered(String),
    /// The file or its folder cannot be written (not damage).
    #[error("{}", faults::unwritable_message(path, detail))]
    Unwritable { path: PathBuf, detail: String },
    #[error("{}", faults::disk_full_message(path))]
    DiskFull { path: PathBuf },
    /// A newer schema cannot be applied without write access.
    #[error(
        "database {path} needs a schema upgrade, which needs write access: open it once where \
         it can be written. The file was not changed."
    )]
    NeedsUpgrade { path: PathBuf },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    /// The center's PostgreSQL engine (`store::center::pg`) failed.
    #[error("{0}")]
    Postgres(String),
}

impl StoreError {
    /// An SQLite failure on `path` said as what it means (read-only, disk
    /// full, damaged), else as it is.
    pub fn explained(path: &Path, e: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        match faults::fault_of(&e) {
            Some(faults::Fault::Unwritable) => StoreError::Unwritable {
                detail: e.to_string(),
                path,
            },
            Some(faults::Fault::DiskFull) => StoreError::DiskFull { path },
            Some(faults::Fault::Damaged) => StoreError::Damaged {
                detail: e.to_string(),
                backup: backup::newest(&path),
                path,
            },
            None => StoreError::Sql(e),
        }
    }

    /// What an SQLite failure met anywhere in a command on `path` means,
    /// when it is a fault of the file (read-only, disk full, damaged).
    pub fn explain(path: &Path, e: &rusqlite::Error) -> Option<String> {
        let rusqlite::Error::SqliteFailure(f, _) = e else {
            return None;
        };
        let path = path.to_path_buf();
        Some(match faults::fault_of(e)? {
            faults::Fault::Unwritable => faults::unwritable_message(&path, &e.to_string()),
            faults::Fault::DiskFull => faults::disk_full_message(&path),
            faults::Fault::Damaged => StoreError::Damaged {
                detail: format!("{f}"),
                backup: backup::newest(&path),
                path,
            }
            .to_string(),
        })
    }

    fn is_busy(&self) -> bool {
        match self {
            StoreError::Open { source, .. } | StoreError::Sql(source) => is_busy(source),
            _ => false,
        }
    }

    fn is_unwritable(&self) -> bool {
        match self {
            StoreError::Unwritable { .. } => true,
            StoreError::Open { source, .. } | StoreError::Sql(source) => {
                faults::fault_of(source) == Some(faults::Fault::Unwritable)
            }
            _ => false,
        }
    }
}

/// `path` for a `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.display().to_string().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// Whether the whole-file check runs (`large`: over the limit);
/// `checked_today` is asked only where it matters.
fn should_check(check: Check, large: bool, checked_today: impl FnOnce() -> bool) -> bool {
    match check {
        Check::Full(_) => true,
        Check::Skip => false,
        Check::Reading => !large,
        Check::Daily(_) => !large || !checked_today(),
    }
}

/// Whether the last good integrity check (the `integrity_checked_at`
/// setting) was made on the local day of `now`, in the database's zone.
/// Read before anything else, so a new or strange file counts as unchecked.
fn checked_today(conn: &Connection, now: Ts) -> bool {
    let get = |key: &str| -> Option<String> {
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .ok()
    };
    let Some(at) = get(INTEGRITY_CHECKED_AT)
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.to_utc())
    else {
        return false;
    };
    let zone = get(settings::TIMEZONE)
        .and_then(|z| crate::domain::time::Zone::parse(&z).ok())
        .unwrap_or(crate::domain::time::Zone::Machine);
    // A check "in the future" (a clock set back) does not count.
    at <= now && zone.date_of(at) == zone.date_of(now)
}

fn damaged_message(path: &Path, detail: &str, backup: Option<&Path>) -> String {
    let mut s = format!(
        "database {} is damaged ({detail}); it was not opened and not changed. ",
        path.display()
    );
    match backup {
        Some(b) => {
            s += &format!(
                "The newest backup is {}: move the damaged file aside and copy the backup in its place.",
                b.display()
            )
        }
        None => {
            s += &format!(
                "No backup was found in {}; keep the damaged file for recovery.",
                backup::backup_dir(path).display()
            )
        }
    }
    s
}

/// How many times a write is attempted when SQLite stays busy past the
/// busy timeout (another process holds the write lock that long).
pub const WRITE_ATTEMPTS: u32 = 6;

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Why every write is refused while an object the migrations did not make
/// is in the schema.
fn planted_message(path: &Path, first: &str) -> String {
    format!(
        "database {}: {first}; nothing is written while it is there. \
         Run `branchdesk audit verify` (a planted trigger rewrites what branchdesk writes).",
        path.display()
    )
}

/// `BEGIN IMMEDIATE`: waits for another process's write lock (the busy
/// timeout), and when it is still busy after that tries again, a bounded
/// number of times with a short back-off. Nothing has run when it fails.
fn begin_immediate(conn: &Connection) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    let mut attempt = 1;
    loop {
        match rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate) {
            Err(e) if is_busy(&e) && attempt < WRITE_ATTEMPTS => {
                std::thread::sleep(Duration::from_millis(50 * u64::from(attempt)));
                attempt += 1;
            }
            done => return done,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Files up to this size are checked on every open, also for reading.
pub const READ_CHECK_LIMIT: u64 = 64 * 1024 * 1024;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Who writes, for audit entries branchdesk writes on its own.
    operator: String,
    /// The audit trail's triggers are installed on this connection.
    audited: bool,
    /// Why this database must not be written (its trail removed, schema
    /// objects planted): every write is refused with this text.
    blocked: Option<String>,
    /// `PRAGMA schema_version` when the schema was last found to be the
    /// migrations' own: a write that finds it changed looks again.
    schema_cookie: Option<i64>,
}

/// An index [`Store::drop_index`] took away for a bulk load: its text.
#[must_use = "an index dropped for a bulk load is made again with Store::make_index"]
pub struct DroppedIndex {
    sql: String,
}

/// When the whole-file `PRAGMA quick_check` runs on open (README,
/// *Integrity on open*). It reads every page: 3–9 s on a 700 MB file, so
/// only the dashboard's start, `backup` and `check` pay it every time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Every open: the dashboard's start, `backup`, `check`; a good check is
    /// recorded when the time is given.
    Full(Option<Ts>),
    /// A command that writes: every time on files up to [`READ_CHECK_LIMIT`]
    /// (a branch's years: well under a second), on larger ones at most once
    /// per local day of the database (the last good check is the
    /// `integrity_checked_at` setting).
    Daily(Ts),
    /// A command that only reads: files up to [`READ_CHECK_LIMIT`] only;
    /// never recorded.
    Reading,
    /// No check: a second connection to a file this process just checked
    /// (the dashboard's background reader).
    Skip,
}

/// The setting that keeps when the last `quick_check` found the file sound
/// (RFC 3339, UTC).
pub const INTEGRITY_CHECKED_AT: &str = "integrity_checked_at";

impl Store {
    /// Opens (creating if needed) a database file and brings its schema up
    /// to date, after the whole-file integrity check. A newer schema is
    /// refused before anything is written.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_checked(path, Check::Full(None))
    }

    /// [`Store::open`] for a command that only reads (`status`, `overdue`,
    /// `center status`, `audit log` …), see [`Check::Reading`].
    pub fn open_for_reading(path: &Path) -> Result<Store> {
        Self::open_checked(path, Check::Reading)
    }

    /// [`Store::open`] with the integrity check made as `check` says.
    pub fn open_checked(path: &Path, check: Check) -> Result<Store> {
        Self::open_limited(path, check, READ_CHECK_LIMIT)
    }

    /// [`Store::open_checked`] with the size above which the check is
    /// rationed (tests use a small one).
    fn open_limited(path: &Path, check: Check, limit: u64) -> Result<Store> {
        // Several processes opening a brand-new file at once: while one
        // creates the schema (rollback journal until WAL is on) the others
        // can meet a lock that SQLite does not wait for (a reader wanting to
        // write). They wait and open again from the start, for up to ~20 s.
        let mut attempt = 0u64;
        let opened = loop {
            match Self::open_writable(path, check, limit) {
                Err(e) if e.is_busy() && attempt < 40 => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(10 * attempt.min(50)));
                }
                r => break r,
            }
        };
        match opened {
            // A command that only reads works on a file or folder it cannot
            // write (SQLite then keeps the WAL index in memory).
            Err(e) if check == Check::Reading && e.is_unwritable() && path.exists() => {
                Self::open_read_only(path, limit).map_err(|ro| match ro {
                    StoreError::Sql(_) | StoreError::Open { .. } => e,
                    other => other,
                })
            }
            Err(StoreError::Open { source, .. }) | Err(StoreError::Sql(source))
                if faults::fault_of(&source).is_some() =>
            {
                Err(StoreError::explained(path, source))
            }
            r => r,
        }
    }

    /// A read-only connection, for a command that only reads a file it
    /// cannot write: no migration, no baseline, no record of checks.
    fn open_read_only(path: &Path, limit: u64) -> Result<Store> {
        // Without a `-wal` file every committed page is in the file itself;
        // SQLite can then read it without the `-shm` index it cannot create
        // here only when told the file will not change under it (immutable).
        // With a `-wal` left over, the index must exist (SQLite reads it).
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        let name = if wal.exists() {
            path.display().to_string()
        } else {
            format!("file:{}?mode=ro&immutable=1", uri_path(path))
        };
        let conn = Connection::open_with_flags(
            name,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size <= limit {
            Self::check_integrity(&conn, path)?;
        }
        Self::setup(conn, path.to_path_buf(), true)
    }

    fn open_writable(path: &Path, check: Check, limit: u64) -> Result<Store> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // A missing folder is created; failing here surfaces on open.
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(open_err)?;
        // A write-protected file opens read-only without a word: a command
        // that writes says so now rather than at its first write.
        if check != Check::Reading && conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::Unwritable {
                path: path.to_path_buf(),
                detail: "the file is read-only".into(),
            });
        }
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let today = |now| checked_today(&conn, now);
        let run = should_check(check, size > limit, || match check {
            Check::Daily(now) => today(now),
            _ => false,
        });
        // Only where the check is rationed is its time worth keeping (a
        // record is a settings row and an audit entry).
        let record = match check {
            Check::Full(Some(now)) | Check::Daily(now) if run && size > limit && !today(now) => {
                Some(now)
            }
            _ => None,
        };
        if run {
            Self::check_integrity(&conn, path)?;
        }
        let mut store = Self::setup(conn, path.to_path_buf(), false)?;
        if let Some(now) = record {
            store.record_check(now)?;
        }
        Ok(store)
    }

    /// Keeps the time of a good check (audited like any setting).
    fn record_check(&mut self, at: Ts) -> Result<()> {
        let operator = self.operator.clone();
        self.write(|c| {
            settings::set(
                c,
                INTEGRITY_CHECKED_AT,
                &at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            )?;
            audit::append(
                c,
                &audit::Entry {
                    at: Some(at),
                    operator: &operator,
                    action: "integrity_check",
                    job_no: "",
                    summary: "PRAGMA quick_check: ok".into(),
                },
            )?;
            Ok::<_, StoreError>(())
        })
    }

    /// `PRAGMA quick_check` before anything is written: a damaged file is
    /// refused, naming the newest backup.
    fn check_integrity(conn: &Connection, path: &Path) -> Result<()> {
        let damaged = |detail: String| StoreError::Damaged {
            path: path.to_path_buf(),
            detail,
            backup: backup::newest(path),
        };
        conn.busy_timeout(Duration::from_secs(10))?;
        let mut problems = Vec::new();
        let checked = (|| -> rusqlite::Result<()> {
            let mut st = conn.prepare("PRAGMA quick_check(5)")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let line: String = r.get(0)?;
                if line != "ok" {
                    problems.push(line);
                }
            }
            Ok(())
        })();
        match checked {
            Err(e) if is_busy(&e) => Err(StoreError::Open {
                path: path.to_path_buf(),
                source: e,
            }),
            // A file that cannot be written, or a full disk, is not damage.
            Err(e)
                if matches!(
                    faults::fault_of(&e),
                    Some(faults::Fault::Unwritable | faults::Fault::DiskFull)
                ) =>
            {
                Err(StoreError::explained(path, e))
            }
            Err(e) => Err(damaged(e.to_string())),
            Ok(()) if problems.is_empty() => Ok(()),
            Ok(()) => Err(damaged(
                problems
                    .join("; ")
                    .replace("*** in database main ***", "")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
        }
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(
            Connection::open_in_memory()?,
            PathBuf::from(":memory:"),
            false,
        )
    }

    fn setup(conn: Connection, path: PathBuf, read_only: bool) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(10))?;
        // Every statement of a screen refresh or an import stays prepared
        // (the default of 16 made SQLite parse them again and again).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // One plan per statement, whatever its parameters. Without it SQLite
        // (3.54 here) marks `col = ?` filters to re-plan when a value changes
        // to or from 0/1, and since the statement cache clears a statement's
        // bindings when it is put back, every reuse was a full re-prepare
        // (a third of the time of a daily export).
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path,
                found,
                known: SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if read_only {
            if found < SCHEMA_VERSION {
                return Err(StoreError::NeedsUpgrade { path });
            }
            conn.pragma_update(None, "temp_store", "MEMORY")?;
            return Ok(Store {
                conn,
                path,
                operator: "branchdesk".into(),
                audited: false,
                blocked: None,
                schema_cookie: None,
            });
        }
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && path.as_os_str() != ":memory:" {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        // The audit trail's record of touched rows is a temporary table.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut store = Store {
            conn,
            path,
            operator: "branchdesk".into(),
            audited: false,
            blocked: None,
            schema_cookie: None,
        };
        // An upgrade (a new database too) decides under the write lock: several
        // processes opening one database at once see the schema of one
        // moment, not a version number of before another's upgrade and the
        // tables of after it.
        let (found, had_trail, intact_before) = if found < SCHEMA_VERSION {
            store.upgrade()?
        } else {
            (found, audit::has_trail(&store.conn)?, false)
        };
        audit::install(&store.conn)?;
        store.audited = true;
        // A baseline is only written on a database that never had a trail
        // (one from before the trail's migration): a trail removed from a
        // later database is not rebuilt over whatever was changed.
        if !had_trail && found >= trail_version() {
            store.blocked = Some(format!(
                "the audit trail of {} was removed (its tables are gone from a database of \
                 schema version {found}); nothing is written to it. Run `branchdesk audit verify` \
                 and restore it from a backup.",
                store.path.display()
            ));
            return Ok(store);
        }
        let cookie: i64 = store
            .conn
            .query_row("PRAGMA schema_version", [], |r| r.get(0))?;
        let foreign = foreign_objects(&store.conn, SCHEMA_VERSION)?;
        if let Some(first) = foreign.first() {
            store.blocked = Some(planted_message(&store.path, first));
        } else {
            store.schema_cookie = Some(cookie);
        }
        let baseline = if store.blocked.is_some() {
            None
        } else if !had_trail {
            Some("baseline: rows made before the audit trail began")
        } else if intact_before {
            Some("schema upgrade: rows the upgrade changed")
        } else {
            None
        };
        if let Some(summary) = baseline {
            store.write(|c| {
                audit::rebaseline(
                    c,
                    &audit::Entry {
                        at: None,
                        operator: "branchdesk",
                        action: "baseline",
                        job_no: "",
                        summary: summary.into(),
                    },
                )
            })?;
        }
        Ok(store)
    }

    /// Who writes: the operator of entries branchdesk appends on its own.
    pub fn set_operator(&mut self, operator: &str) {
        self.operator = operator.to_string();
    }

    /// Brings an older (or new) database to this version in one IMMEDIATE
    /// transaction, every check made under the lock: the version found, the
    /// trail there before (checked before the upgrade, so that the upgrade's
    /// own changes to rows can be recorded without covering up a change made
    /// behind branchdesk's back), and no object the migrations of that
    /// version did not make (a database that says it is older than it is,
    /// the trail dropped and `user_version` set back so that a fresh baseline
    /// would cover a forgery, is refused before anything is written).
    /// Returns the version found, whether it had a trail and whether that
    /// trail was intact.
    fn upgrade(&mut self) -> Result<(i64, bool, bool)> {
        let path = self.path.clone();
        let tx = begin_immediate(&self.conn)?;
        let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let had_trail = audit::has_trail(&tx)?;
        if found > 0 && found < SCHEMA_VERSION {
            let odd = foreign_objects(&tx, found)?;
            if let Some(first) = odd.first() {
                return Err(StoreError::Tampered(format!(
                    "database {} says it has schema version {found}, but {first}; it was changed \
                     behind branchdesk's back and was not opened (nothing was written). \
                     Restore it from a backup.",
                    path.display()
                )));
            }
        }
        let intact_before = had_trail && found < SCHEMA_VERSION && audit::verify(&tx)?.is_intact();
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        tx.commit()?;
        Ok((found, had_trail, intact_before))
    }

    /// Sets this connection's page cache (SQLite's default is 2 MiB); a bulk
    /// load into large indexes needs more to avoid re-reading pages.
    pub fn set_cache_mib(&self, mib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -mib * 1024)?;
        Ok(())
    }

    /// Drops the index `name` for a bulk load, to be made again after it
    /// by [`Store::make_index`] (one sort instead of a million inserts
    /// scattered over the index). For filling a new database (the demo).
    pub fn drop_index(&mut self, name: &str) -> Result<Option<DroppedIndex>> {
        let sql: Option<String> = self
            .conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        let Some(sql) = sql else { return Ok(None) };
        self.conn
            .execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        Ok(Some(DroppedIndex { sql }))
    }

    /// Makes a dropped index again from its own `CREATE INDEX` text (the
    /// schema is then what the migrations made, to the letter). Its sort
    /// spills to a temporary file, not memory; switching the temporary
    /// store clears the audit trail's temporary tables, made again here.
    pub fn make_index(&mut self, index: DroppedIndex) -> Result<()> {
        self.conn.pragma_update(None, "temp_store", "FILE")?;
        let made = self.conn.execute_batch(&index.sql);
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        made?;
        if self.audited {
            audit::install(&self.conn)?;
        }
        Ok(())
    }

    /// This connection's page cache as SQLite's `cache_size` says it
    /// (negative: KiB; positive: pages), to put back after
    /// [`Store::set_cache_mib`].
    pub fn cache_size(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?)
    }

    /// Puts back a page cache [`Store::cache_size`] gave (a smaller cache
    /// gives its pages back).
    pub fn set_cache_size(&self, size: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", size)?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access (each statement sees a consistent snapshot).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it commits, or none.
    ///
    /// Another process writing holds SQLite's write lock; `BEGIN IMMEDIATE`
    /// waits for it (the busy timeout), and when it is still busy after
    /// that the whole transaction is tried again, a bounded number of times
    /// with a short back-off. Nothing of `f` has run when BEGIN fails, and
    /// once BEGIN IMMEDIATE succeeds this connection holds the write lock,
    /// so in WAL mode nothing inside the transaction (nor its COMMIT) can
    /// meet BUSY: retrying the BEGIN is retrying the whole transaction.
    ///
    /// Rows changed without an audit entry (an operation that did not
    /// append one) still get one, unlabelled, so that the trail has them.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        if let Some(why) = &self.blocked {
            return Err(StoreError::Tampered(why.clone()).into());
        }
        let tx = begin_immediate(&self.conn).map_err(StoreError::from)?;
        if self.audited {
            // An object planted since the schema was checked (the dashboard
            // runs all day): looked for again, under the write lock, when
            // the schema changed.
            let cookie: i64 = tx
                .query_row("PRAGMA schema_version", [], |r| r.get(0))
                .map_err(StoreError::from)?;
            if self.schema_cookie != Some(cookie) {
                let foreign = foreign_objects(&tx, SCHEMA_VERSION).map_err(E::from)?;
                if let Some(first) = foreign.first() {
                    let why = planted_message(&self.path, first);
                    drop(tx);
                    self.blocked = Some(why.clone());
                    return Err(StoreError::Tampered(why).into());
                }
                self.schema_cookie = Some(cookie);
            }
            audit::begin(&tx).map_err(E::from)?;
        }
        let out = f(&tx)?;
        if self.audited && audit::pending(&tx).map_err(E::from)? {
            audit::append(
                &tx,
                &audit::Entry {
                    at: None,
                    operator: &self.operator,
                    action: "write",
                    job_no: "",
                    summary: "a change with no audit label".into(),
                },
            )
            .map_err(E::from)?;
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// Runs `f` in a read transaction, so that several queries agree.
    pub fn read<T, E>(&mut self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(StoreError::from)?;
        let out = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }
}

/// SQLite's `PRAGMA data_version`: changes when another connection commits,
/// so that a screen re-reads only when something changed.
pub fn data_version(c: &Connection) -> Result<i64> {
    Ok(c.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

pub(crate) fn ts(secs: Option<i64>) -> Option<Ts> {
    secs.map(from_unix)
}

pub(crate) fn secs(t: Option<Ts>) -> Option<i64> {
    t.map(|t| t.timestamp())
}

/// Reads a code column through its parser.
pub(crate) fn code<T>(
    raw: Option<String>,
    parse: fn(&str) -> Result<T, String>,
) -> rusqlite::Result<Option<T>> {
    raw.filter(|s| !s.is_empty())
        .map(|s| parse(&s))
        .transpose()
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

pub(crate) fn date(raw: Option<String>) -> rusqlite::Result<Option<chrono::NaiveDate>> {
    code(raw, crate::domain::time::parse_date)
}

/// The ids of a set of rows as one parameter (a JSON array), for
/// `… IN (SELECT value FROM json_each(?1))`: one statement for the whole
/// set, each id still an index look-up.
pub(crate) fn id_list(ids: &[i64]) -> String {
    let mut s = String::with_capacity(ids.len() * 8 + 2);
    s.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s += &id.to_string();
    }
    s.push(']');
    s
}

/// Rows grouped by the job they belong to, in the order the query gave.
pub(crate) fn by_job_id<T>(
    c: &Connection,
    sql: &str,
    ids: &[i64],
    job_id: impl Fn(&T) -> i64,
    from_row: impl Fn(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<std::collections::HashMap<i64, Vec<T>>> {
    let mut out: std::collections::HashMap<i64, Vec<T>> = std::collections::HashMap::new();
    let mut st = c.prepare_cached(sql)?;
    let mut rows = st.query([id_list(ids)])?;
    while let Some(r) = rows.next()? {
        let row = from_row(r)?;
        out.entry(job_id(&row)).or_default().push(row);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index dropped for a bulk load comes back to the letter of its
    /// migration, and the trail still records and verifies the writes
    /// made after it (its temporary tables are made again).
    #[test]
    fn an_index_dropped_for_a_bulk_load_comes_back_as_the_migration_made_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        let schema = |s: &Store| -> Vec<String> {
            let mut st = s
                .conn()
                .prepare(
                    "SELECT name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY name",
                )
                .unwrap();
            st.query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        let before = schema(&store);
        let index = store.drop_index("jobs_phone_model").unwrap().unwrap();
        assert!(
            !schema(&store)
                .iter()
                .any(|s| s.starts_with("jobs_phone_model:"))
        );
        store
            .write(|c| settings::set(c, "operator", "bulk"))
            .unwrap();
        store.make_index(index).unwrap();
        assert_eq!(schema(&store), before);
        assert!(store.drop_index("no_such_index").unwrap().is_none());
        // Written and audited after it, and the whole trail verifies.
        store
            .write(|c| settings::set(c, "operator", "after"))
            .unwrap();
        let entries: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        assert!(entries >= 2, "{entries}");
        assert!(matches!(
            audit::verify(store.conn()).unwrap(),
            audit::Verdict::Intact { .. }
        ));
    }

    #[test]
    fn a_new_database_gets_every_migration_and_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/branch.db");
        let store = Store::open(&path).unwrap();
        let v: i64 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        drop(store);
        // Opening again applies nothing new.
        Store::open(&path).unwrap();
    }

    /// A database of version 11 (before this round) upgrades to the newest:
    /// the visits' new columns, the fee standard, cases, delays and rulings.
    #[test]
    fn a_database_of_version_11_gets_the_money_migration() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v11.db");
        {
            let c = Connection::open(&path).unwrap();
            for sql in &MIGRATIONS[..11] {
                c.execute_batch(sql).unwrap();
            }
            c.execute_batch("PRAGMA user_version = 11").unwrap();
        }
        let store = Store::open(&path).unwrap();
        let c = store.conn();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        for table in ["fees", "cases", "delays", "delay_notices", "center_rulings"] {
            let n: i64 = c
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "{table}");
        }
        c.prepare("SELECT fee_items, fee_total, machine_receipt_no, return_limit FROM visits")
            .unwrap();
        assert!(foreign_objects(c, SCHEMA_VERSION).unwrap().is_empty());
    }

    #[test]
    fn a_write_waits_out_another_writer_by_trying_the_whole_transaction_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("busy.db");
        let mut store = Store::open(&path).unwrap();
        // No busy handler: every BUSY comes back to `write` at once.
        store.conn().busy_timeout(Duration::ZERO).unwrap();
        let hold = |ms: u64| {
            let other = Connection::open(&path).unwrap();
            other.execute_batch("BEGIN IMMEDIATE").unwrap();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(ms));
                other.execute_batch("COMMIT").unwrap();
            })
        };
        let set = |s: &mut Store, v: &str| {
            s.write(|c| {
                settings::set(c, "cutoff", v)?;
                Ok::<_, StoreError>(())
            })
        };
        let other = hold(300);
        set(&mut store, "17:30").expect("retried until the other writer finished");
        other.join().unwrap();
        // Held longer than every retry: a clear error, nothing written.
        let other = hold(1500);
        let err = set(&mut store, "18:00").unwrap_err();
        assert!(is_busy(match &err {
            StoreError::Sql(e) => e,
            _ => panic!("{err}"),
        }));
        other.join().unwrap();
        assert_eq!(
            settings::get(store.conn(), "cutoff").unwrap().as_deref(),
            Some("17:30")
        );
    }

    #[test]
    fn a_database_from_before_the_trail_gets_a_baseline_entry_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let c = Connection::open(&path).unwrap();
            let before: Vec<_> = MIGRATIONS
                .iter()
                .take_while(|m| !m.contains("CREATE TABLE audit_log"))
                .collect();
            for sql in &before {
                c.execute_batch(sql).unwrap();
            }
            c.pragma_update(None, "user_version", before.len() as i64)
                .unwrap();
            c.execute_batch("INSERT INTO settings VALUES ('branch', 'QD01'), ('cutoff', '17:30')")
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let log = audit::log(store.conn()).unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!((log[0].action.as_str(), log[0].rows), ("baseline", 2));
        assert!(audit::verify(store.conn()).unwrap().is_intact());
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(audit::log(store.conn()).unwrap().len(), 1);
    }

    #[test]
    fn a_day_exported_before_the_trust_schema_goes_on_counting_its_generations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let c = Connection::open(&path).unwrap();
            let before: Vec<_> = MIGRATIONS
                .iter()
                .take_while(|m| !m.contains("CREATE TABLE report_generations"))
                .collect();
            for sql in &before {
                c.execute_batch(sql).unwrap();
            }
            c.pragma_update(None, "user_version", before.len() as i64)
                .unwrap();
            let h = "0".repeat(64);
            for (at, summary) in [
                (
                    100,
                    format!("out/QD01/QD01_2026-11-20.csv: 5 rows, generation 1, sha256 {h}"),
                ),
                (
                    200,
                    format!("out/QD01/QD01_2026-11-20.csv: 6 rows, generation 2, sha256 {h}"),
                ),
                (300, "import of jobs.csv: 3 rows".to_string()),
                (
                    400,
                    format!("x/QD01_2026-11-21.csv: 0 rows, generation 1, sha256 {h}"),
                ),
            ] {
                c.execute(
                    "INSERT INTO audit_log (at, operator, action, summary, rows, rows_sha256,
                                            prev_hash, hash)
                     VALUES (?1, 'x', ?2, ?3, 0, '', '', '')",
                    rusqlite::params![
                        at,
                        if at == 300 { "import_jobs" } else { "export" },
                        summary
                    ],
                )
                .unwrap();
            }
        }
        let store = Store::open(&path).unwrap();
        let gens = |d: &str| -> Vec<i64> {
            trust::generations(store.conn(), d)
                .unwrap()
                .into_iter()
                .map(|g| g.0)
                .collect()
        };
        assert_eq!(gens("2026-11-20"), vec![1, 2]);
        assert_eq!(gens("2026-11-21"), vec![1]);
        assert!(gens("2026-11-22").is_empty());
    }

    fn checks_recorded(path: &Path) -> Vec<String> {
        let c = Connection::open(path).unwrap();
        c.prepare("SELECT summary FROM audit_log WHERE action = 'integrity_check'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_large_file_is_checked_by_writing_commands_once_a_local_day() {
        let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.db");
        {
            let mut s = Store::open(&path).unwrap();
            s.write(|c| settings::set(c, settings::TIMEZONE, "Asia/Shanghai"))
                .unwrap();
        }
        // Small files: never rationed, never recorded.
        let day1 = t("2026-11-23T08:00:00+08:00");
        Store::open_checked(&path, Check::Daily(day1)).unwrap();
        assert!(checks_recorded(&path).is_empty());
        // "Large" (limit 0): the first writing open of the day checks and
        // keeps the time; later ones that local day do not.
        let open = |check| Store::open_limited(&path, check, 0).unwrap();
        let store = open(Check::Daily(day1));
        assert!(checked_today(store.conn(), day1));
        assert_eq!(
            settings::get(store.conn(), INTEGRITY_CHECKED_AT)
                .unwrap()
                .as_deref(),
            Some("2026-11-23T00:00:00Z")
        );
        drop(store);
        assert_eq!(checks_recorded(&path).len(), 1);
        // 23:59 local is still that day (15:59 UTC); 00:01 is the next.
        let late = t("2026-11-23T23:59:00+08:00");
        assert!(!should_check(Check::Daily(late), true, || checked_today(
            open(Check::Reading).conn(),
            late
        )));
        open(Check::Daily(late));
        assert_eq!(checks_recorded(&path).len(), 1);
        let next = t("2026-11-24T00:01:00+08:00");
        assert!(!checked_today(open(Check::Reading).conn(), next));
        open(Check::Daily(next));
        assert_eq!(checks_recorded(&path).len(), 2);
        // Reading commands never write the record; the dashboard's start
        // (Full) checks every time but records once a day.
        let day3 = t("2026-11-25T09:00:00+08:00");
        open(Check::Reading);
        open(Check::Full(Some(day3)));
        open(Check::Full(Some(day3)));
        assert_eq!(checks_recorded(&path).len(), 3);
        // A clock set back does not count a check "from the future".
        assert!(!checked_today(
            open(Check::Reading).conn(),
            t("2026-11-25T08:00:00+08:00")
        ));
        let v = audit::verify(open(Check::Reading).conn()).unwrap();
        assert!(v.is_intact(), "{v}");
    }

    #[test]
    fn which_opens_check_the_whole_file() {
        let never = || -> bool { panic!("not asked") };
        let now = chrono::Utc::now();
        for large in [false, true] {
            assert!(should_check(Check::Full(None), large, never));
            assert!(!should_check(Check::Skip, large, never));
        }
        assert!(should_check(Check::Reading, false, never));
        assert!(!should_check(Check::Reading, true, never));
        assert!(should_check(Check::Daily(now), false, never));
        assert!(should_check(Check::Daily(now), true, || false));
        assert!(!should_check(Check::Daily(now), true, || true));
    }

    #[test]
    fn several_first_opens_of_a_new_database_at_once_wait_and_all_succeed() {
        for round in 0..3 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(format!("new{round}.db"));
            let start = std::sync::Arc::new(std::sync::Barrier::new(8));
            let opens: Vec<_> = (0..8)
                .map(|i| {
                    let (path, start) = (path.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        let check = if i % 2 == 0 {
                            Check::Reading
                        } else {
                            Check::Daily(chrono::Utc::now())
                        };
                        Store::open_checked(&path, check).map(|_| ())
                    })
                })
                .collect();
            for o in opens {
                o.join().unwrap().expect("every first open succeeds");
            }
            let store = Store::open(&path).unwrap();
            let v: i64 = store
                .conn()
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, SCHEMA_VERSION);
            // One baseline, however many opened it first.
            let baselines: i64 = store
                .conn()
                .query_row(
                    "SELECT count(*) FROM audit_log WHERE action = 'baseline'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(baselines <= 1, "{baselines} baselines");
            assert!(audit::verify(store.conn()).unwrap().is_intact());
        }
    }

    #[test]
    fn a_newer_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE x(a); PRAGMA user_version = 99;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(err.to_string().contains("newer"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("future.db-wal").exists());
    }

    fn with_a_row(path: &Path) -> Store {
        let mut store = Store::open(path).unwrap();
        store
            .write(|c| {
                settings::set(c, "branch", "QD01")?;
                audit::append(
                    c,
                    &audit::Entry {
                        at: None,
                        operator: "t",
                        action: "config",
                        job_no: "",
                        summary: String::new(),
                    },
                )?;
                Ok::<_, StoreError>(())
            })
            .unwrap();
        store
    }

    #[test]
    fn a_planted_trigger_is_reported_and_stops_every_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        drop(with_a_row(&path));
        assert!(
            audit::verify(Store::open(&path).unwrap().conn())
                .unwrap()
                .is_intact()
        );
        // Every card imported from now on would say the customer signed.
        Connection::open(&path)
            .unwrap()
            .execute_batch(
                "CREATE TRIGGER sign_all AFTER INSERT ON cards BEGIN
                     UPDATE cards SET signed_by = 'customer' WHERE rowid = NEW.rowid;
                 END;",
            )
            .unwrap();
        let mut store = Store::open(&path).unwrap();
        let v = audit::verify(store.conn()).unwrap();
        assert!(
            matches!(&v, audit::Verdict::ForeignSchema(w) if w.contains("sign_all")),
            "{v}"
        );
        let err = store
            .write(|c| {
                settings::set(c, "cutoff", "17:00")?;
                Ok::<_, StoreError>(())
            })
            .unwrap_err();
        assert!(err.to_string().contains("sign_all"), "{err}");
        assert!(err.to_string().contains("audit verify"), "{err}");
        // A view or an index is reported the same way.
        drop(store);
        Connection::open(&path)
            .unwrap()
            .execute_batch("DROP TRIGGER sign_all; CREATE VIEW v AS SELECT 1;")
            .unwrap();
        let v = audit::verify(Store::open(&path).unwrap().conn()).unwrap();
        assert!(
            matches!(&v, audit::Verdict::ForeignSchema(w) if w.contains("view")),
            "{v}"
        );
    }

    #[test]
    fn a_trail_dropped_is_never_rebuilt_over_what_it_covered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        drop(with_a_row(&path));
        // Dropped, the version left as it is: no baseline, no writes.
        Connection::open(&path)
            .unwrap()
            .execute_batch(
                "UPDATE settings SET value = 'XX99' WHERE key = 'branch';
                 DROP TABLE audit_log; DROP TABLE audit_rows;",
            )
            .unwrap();
        let mut store = Store::open(&path).unwrap();
        assert_eq!(
            audit::verify(store.conn()).unwrap(),
            audit::Verdict::TrailMissing
        );
        let err = store.write(|_| Ok::<_, StoreError>(())).unwrap_err();
        assert!(err.to_string().contains("removed"), "{err}");
        assert!(!audit::has_trail(store.conn()).unwrap());
        drop(store);
        // … and with the version set back to before the trail, the schema
        // gives it away: the later migrations' objects are there.
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", trail_version() - 1)
            .unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(
            err.to_string().contains("says it has schema version"),
            "{err}"
        );
        let c = Connection::open(&path).unwrap();
        assert!(!audit::has_trail(&c).unwrap(), "no baseline written");
    }
}

#[cfg(test)]
mod on_site_tests {
    /// The SQL list of on-site repairs is the domain's.
    #[test]
    fn the_sql_on_site_list_is_the_domains() {
        let listed: Vec<String> = crate::domain::visit::ON_SITE_REPAIR
            .iter()
            .map(|o| format!("'{}'", o.code()))
            .collect();
        assert_eq!(on_site!(), format!("({})", listed.join(", ")));
    }
}
