//! The center on PostgreSQL (`--db postgres://…`): the same operations as
//! the SQLite center ([`CenterOps`]), on a server several clerks share.
//!
//! - Schema: numbered migrations of its own (`sql/pg/`), applied under an
//!   advisory lock and tracked in `branchdesk_migrations`.
//! - Rows: `COPY … FROM STDIN` in binary format straight into the month's
//!   partition, buffered per report; a job twice in one report is told
//!   from the rows already taken, as the SQLite key tells it.
//! - Round trips: a transaction's BEGIN, savepoint and the writes whose
//!   outcome its reads already show wait and go with the next statement
//!   (see [`PgTx`]); a report's reads go in one batch
//!   ([`CenterOps::report_inputs`]); an import's report's writes and
//!   COMMIT go with the next report's reads ([`PgCenter::write_ending`]).
//! - Parsing and planning: the statements sent for every report are
//!   prepared once per connection ([`NAMED`], SQL `PREPARE`/`EXECUTE`
//!   inside the text batches).
//! - One transaction per report (a bad one rolls back alone); a branch is
//!   held with `pg_advisory_xact_lock` while its report is decided and
//!   stored, so two imports never store one generation twice.
//! - Rows partitioned by the report's month, made before the import's
//!   transactions.
//! - The center's audit trail (`center_audit`) is in the same database: its
//!   entries are appended at the end of each transaction, under an advisory
//!   lock of their own, each hashed with the one before.

mod trail;

pub use trail::entry_hash;

use super::super::{Result, StoreError, rulings, trust};
use super::ops::{CenterOps, EachNewest, EachPeriod, ReportInputs};
use super::{
    BranchRow, CheckMark, NewRow, NewestRow, OnsiteLate, PeriodRow, ReportMeta, ReportRow,
};
use crate::domain::time::{Ts, from_unix};
use chrono::{Datelike, NaiveDate};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, SimpleQueryMessage, Statement};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// PostgreSQL's own migrations of the center, applied in order.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../sql/pg/001_center.sql"),
    include_str!("../../../sql/pg/002_typed_rows.sql"),
];

/// The schema version this branchdesk makes.
pub const PG_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Advisory lock keys of branchdesk's own (outside `hashtextextended`'s
/// use for branches, which hashes a prefixed text).
const MIGRATION_LOCK: i64 = 0x6272_616e_6368_0001;
const PARTITION_LOCK: i64 = 0x6272_616e_6368_0002;
const AUDIT_LOCK: i64 = 0x6272_616e_6368_0003;

/// Rows buffered for one `COPY` before they are sent.
const COPY_BYTES: usize = 4 * 1024 * 1024;

/// Whether `--db` names a PostgreSQL database.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        let text = match e.as_db_error() {
            Some(d) => format!("PostgreSQL: {} ({})", d.message(), d.code().code()),
            None => format!("PostgreSQL: {e}"),
        };
        StoreError::Postgres(text)
    }
}

fn io_err(e: std::io::Error) -> StoreError {
    StoreError::Postgres(format!("PostgreSQL: {e}"))
}

/// A center's PostgreSQL database, connected and migrated.
pub struct PgCenter {
    client: Client,
    /// Prepared statements, by their text (kept for the connection).
    cache: HashMap<String, Statement>,
    /// The operator of entries branchdesk appends on its own.
    operator: String,
    /// The import's statements are prepared on this connection ([`NAMED`]).
    named: bool,
    /// The rows' `COPY` buffer, kept for the connection (a report's
    /// transaction does not grow one of its own).
    copy: Vec<u8>,
    /// The end of an import's last report (its writes, trail entries and
    /// COMMIT), not yet sent: it goes with the next round trip
    /// ([`PgCenter::write_ending`]) or [`PgCenter::settle`].
    deferred: String,
}

impl PgCenter {
    /// Connects to `url` and brings its schema up to date (a newer one is
    /// refused before anything is written).
    pub fn open(url: &str) -> Result<PgCenter> {
        let mut client = Client::connect(url, NoTls).map_err(|e| {
            StoreError::Postgres(format!(
                "PostgreSQL: cannot connect to {}: {}",
                shown(url),
                e.as_db_error()
                    .map(|d| d.message().to_string())
                    .unwrap_or_else(|| e.to_string())
            ))
        })?;
        client.batch_execute(
            "SET DateStyle = ISO; SET client_min_messages = warning; \
             SET standard_conforming_strings = on",
        )?;
        migrate(&mut client)?;
        Ok(PgCenter {
            client,
            cache: HashMap::new(),
            operator: "branchdesk".into(),
            named: false,
            copy: Vec::new(),
            deferred: String::new(),
        })
    }

    pub fn set_operator(&mut self, operator: &str) {
        self.operator = operator.to_string();
    }

    /// The schema version of the database (migrations applied).
    pub fn schema_version(&mut self) -> Result<i64> {
        self.settle()?;
        Ok(self
            .client
            .query_one(
                "SELECT coalesce(max(version), 0)::bigint FROM branchdesk_migrations",
                &[],
            )?
            .get(0))
    }

    /// `f` in one read-only transaction with one snapshot.
    pub fn read<T, E>(&mut self, f: impl FnOnce(&mut dyn CenterOps) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut ops = PgTx::new(
            &mut self.client,
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;",
            &mut self.cache,
            &mut self.named,
            &mut self.copy,
            &mut self.deferred,
            &self.operator,
        );
        let out = f(&mut ops)?;
        ops.commit().map_err(E::from)?;
        Ok(out)
    }

    /// `f` in one write transaction: all of it commits with its trail
    /// entries, or none.
    pub fn write<T, E>(
        &mut self,
        f: impl FnOnce(&mut dyn CenterOps) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.write_ending(f, false)
    }

    /// [`PgCenter::write`], its end sent at once or `deferred`: for one
    /// report of an import, the same transaction, but its end (the writes
    /// its reads decided, the trail's entries, the COMMIT) goes first in
    /// the next transaction's first round trip (the next report's reads),
    /// or with [`PgCenter::settle`], which the import calls when it ends
    /// (also on an error). A report so costs three round trips instead of
    /// four. Its outcome is only known then: an error there ends the import
    /// as an error of the COMMIT's own would have.
    pub fn write_ending<T, E>(
        &mut self,
        f: impl FnOnce(&mut dyn CenterOps) -> Result<T, E>,
        deferred: bool,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut ops = PgTx::new(
            &mut self.client,
            "BEGIN;",
            &mut self.cache,
            &mut self.named,
            &mut self.copy,
            &mut self.deferred,
            &self.operator,
        );
        let out = f(&mut ops)?;
        ops.finish(deferred).map_err(E::from)?;
        Ok(out)
    }

    /// Sends the end of a report [`PgCenter::write_ending`] left waiting.
    pub fn settle(&mut self) -> Result<()> {
        send_ending(&mut self.client, std::mem::take(&mut self.deferred))
    }

    /// Makes the rows' partition of each month of `dates` (each in a short
    /// transaction of its own, before the import's).
    pub fn ensure_partitions(&mut self, dates: &[NaiveDate]) -> Result<()> {
        self.settle()?;
        let mut months: Vec<(i32, u32)> = dates.iter().map(|d| (d.year(), d.month())).collect();
        months.sort_unstable();
        months.dedup();
        for (y, m) in months {
            let name = format!("center_report_rows_{y:04}{m:02}");
            let exists: bool = self
                .client
                .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name])?
                .get(0);
            if exists {
                continue;
            }
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            let mut tx = self.client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PARTITION_LOCK])?;
            let exists: bool = tx
                .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name])?
                .get(0);
            if exists {
                continue;
            }
            let made = tx.batch_execute(&format!(
                "CREATE TABLE {name} PARTITION OF center_report_rows \
                 FOR VALUES FROM ('{y:04}-{m:02}-01') TO ('{ny:04}-{nm:02}-01')"
            ));
            match made {
                Ok(()) => tx.commit()?,
                // Another clerk's import made it a moment ago (the catalog
                // this transaction read was older than its lock).
                Err(e)
                    if e.code().is_some_and(|c| {
                        *c == postgres::error::SqlState::DUPLICATE_TABLE
                            || *c == postgres::error::SqlState::UNIQUE_VIOLATION
                    }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

impl Drop for PgCenter {
    fn drop(&mut self) {
        // An import's last report, should its end not have been sent.
        let _ = self.settle();
    }
}

/// The URL without its password, for messages.
pub fn shown(url: &str) -> String {
    // `?password=…` too.
    let masked;
    let url = match url.find("password=") {
        Some(at) => {
            let at = at + "password=".len();
            let end = url[at..].find('&').map_or(url.len(), |e| at + e);
            masked = format!("{}***{}", &url[..at], &url[end..]);
            masked.as_str()
        }
        None => url,
    };
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Sends the end of a report left waiting (its writes and COMMIT); when
/// it fails, nothing of that transaction stays.
fn send_ending(client: &mut Client, batch: String) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    if let Err(e) = client.batch_execute(&batch) {
        let _ = client.batch_execute("ROLLBACK");
        return Err(e.into());
    }
    Ok(())
}

fn migrate(client: &mut Client) -> Result<()> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS branchdesk_migrations (
             version    bigint PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now())",
    )?;
    let found: i64 = tx
        .query_one(
            "SELECT coalesce(max(version), 0)::bigint FROM branchdesk_migrations",
            &[],
        )?
        .get(0);
    if found > PG_SCHEMA_VERSION {
        return Err(StoreError::Postgres(format!(
            "the center's PostgreSQL database has schema version {found}, newer than this \
             branchdesk knows ({PG_SCHEMA_VERSION}); upgrade branchdesk. Nothing was changed."
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO branchdesk_migrations(version) VALUES ($1)",
            &[&(i as i64 + 1)],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// An audit entry waiting for the end of its transaction.
struct Pending {
    at: i64,
    operator: String,
    action: String,
    job_no: String,
    summary: String,
}

/// Where the report's savepoint is: each step is sent with the next
/// statement, so that a report costs no round trips of its own for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Savepoint {
    None,
    /// Asked for, not yet sent.
    Wanted,
    Active,
    /// Released, not yet sent.
    Released,
    /// Asked for first thing in its transaction (an import on PostgreSQL
    /// has one report per transaction): the transaction itself is the
    /// savepoint, with no statement (and no subtransaction) of its own;
    /// undoing it rolls the transaction back and begins it again.
    Whole,
}

/// A string as an SQL literal (`standard_conforming_strings` is on).
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The statements an import sends for every report, prepared once per
/// connection with SQL `PREPARE` (not transactional: they stay when a
/// transaction rolls back) and run with `EXECUTE name(literals)` inside
/// the text batches that share a round trip: the server parses, analyses
/// and plans each once per connection instead of once per report (that
/// was about a third of its time on an import of small reports).
static NAMED: LazyLock<String> = LazyLock::new(|| {
    let sep = "'\\x00'::bytea";
    let b = |e: &str| format!("convert_to({e}, 'UTF8') || {sep}");
    let fields = [
        b("l.hash"),
        b("(l.id + 1)::text"),
        b("$1::text"),
        b("$2"),
        b("$3"),
        b("$4"),
        b("$5"),
    ]
    .join(" || ");
    format!(
        "PREPARE bd_lock(text) AS SELECT pg_advisory_xact_lock(hashtextextended($1, 0));
         PREPARE bd_inputs(text, date, text) AS
             SELECT 's', value, {n12} FROM center_settings WHERE key = $3
             UNION ALL
             SELECT 'b', public_key, {n12} FROM center_branches WHERE code = $1
             UNION ALL
             SELECT 'r', branch, report_date::text, generation::text, generated_at::text,
                    first_generated_at::text, history, rows::text, sha256, source,
                    imported_at::text, reconciled_at::text, cutoff_at::text, counts_without_job
             FROM center_reports WHERE branch = $1 AND report_date = $2
             UNION ALL
             (SELECT 'g', report_date::text, generation::text, generated_at::text, sha256,
                     audit_entries::text, audit_hash, {n7}
              FROM center_generations WHERE branch = $1 AND report_date = $2
              ORDER BY generation);
         PREPARE bd_add_branch(text, text, bigint) AS
             INSERT INTO center_branches(code, name, added_at) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name
             WHERE excluded.name <> '' AND center_branches.name <> excluded.name;
         PREPARE bd_add_keyed(text, bigint, text) AS
             INSERT INTO center_branches(code, name, added_at, public_key) VALUES ($1, '', $2, $3)
             ON CONFLICT (code) DO UPDATE SET public_key = excluded.public_key
             WHERE center_branches.public_key <> excluded.public_key;
         PREPARE bd_pin_key(text, text) AS
             UPDATE center_branches SET public_key = $2 WHERE code = $1 AND public_key <> $2;
         PREPARE bd_delete_day(text, date) AS
             DELETE FROM center_report_rows WHERE branch = $1 AND report_date = $2;
         PREPARE bd_put_report(text, date, bigint, bigint, bigint, text, bigint, text, text,
                               bigint, bigint, bigint, text) AS
             INSERT INTO center_reports(branch, report_date, generation, generated_at,
                first_generated_at, history, rows, sha256, source, imported_at,
                reconciled_at, cutoff_at, counts_without_job)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (branch, report_date) DO UPDATE SET
                generation = excluded.generation, generated_at = excluded.generated_at,
                first_generated_at = excluded.first_generated_at, history = excluded.history,
                rows = excluded.rows, sha256 = excluded.sha256, source = excluded.source,
                imported_at = excluded.imported_at, reconciled_at = excluded.reconciled_at,
                cutoff_at = excluded.cutoff_at,
                counts_without_job = excluded.counts_without_job;
         PREPARE bd_hold(text, date, bigint, bigint, text, bigint, text) AS
             INSERT INTO center_generations(branch, report_date, generation, generated_at,
                  sha256, audit_entries, audit_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING;
         PREPARE bd_audit(bigint, text, text, text, text) AS
             INSERT INTO center_audit(id, at, operator, action, job_no, summary, prev_hash,
                 hash)
             SELECT l.id + 1, $1, $2, $3, $4, $5, l.hash, encode(sha256({fields}), 'hex')
             FROM (SELECT id, hash FROM
                     (SELECT id, hash FROM center_audit ORDER BY id DESC LIMIT 1) a
                   UNION ALL SELECT 0, {genesis}
                   ORDER BY id DESC LIMIT 1) l;",
        genesis = lit(super::super::audit::GENESIS),
        n12 = ["NULL::text"; 12].join(", "),
        n7 = ["NULL::text"; 7].join(", "),
    )
});

/// `EXECUTE name(args);` of a statement of [`NAMED`], each argument an SQL
/// literal (or `NULL`, or a number).
fn execute(name: &str, args: &[&str]) -> String {
    format!("EXECUTE {name}({});", args.join(", "))
}

/// An optional number as an SQL literal.
fn opt_int(v: Option<i64>) -> String {
    v.map_or("NULL".into(), |v| v.to_string())
}

/// One transaction of a [`PgCenter`]. Its BEGIN, its savepoint and the
/// writes whose outcome the import knows already (see [`Known`]) wait in
/// `queue` and go with the next statement that needs the server; the last
/// ones go with the COMMIT. A report of a new day so costs four round
/// trips: its reads under the branch's lock, its rows' `COPY` (two), then
/// its writes and the COMMIT; three in an import, whose writes and COMMIT
/// go with the next report's reads ([`PgCenter::write_ending`]).
pub struct PgTx<'a> {
    client: &'a mut Client,
    /// The transaction's BEGIN statement.
    begin: &'static str,
    /// SQL not yet sent, each statement ending with `;`.
    queue: String,
    /// The BEGIN has been sent: the server has a transaction to end.
    begun: bool,
    /// Committed (nothing to roll back when dropped).
    done: bool,
    /// What the reads under the branch's lock found, kept up to date with
    /// the writes queued since.
    known: Option<Known>,
    /// Something was sent since the savepoint was.
    sent_in_savepoint: bool,
    /// The queue removes rows that rows taken since must follow.
    queued_delete: bool,
    cache: &'a mut HashMap<String, Statement>,
    /// [`NAMED`] is prepared on the connection.
    named: &'a mut bool,
    /// Where the end of a report of an import waits ([`PgCenter::write_ending`]).
    deferred: &'a mut String,
    /// The end of the import's report before, sent first with this
    /// transaction's first round trip.
    before: String,
    operator: &'a str,
    /// Rows waiting for their `COPY`, in its binary format.
    copy: &'a mut Vec<u8>,
    /// The day of the rows waiting, as their `COPY` gives it.
    copy_day: [u8; 4],
    /// The branch-day the rows taken are of, and their job numbers.
    day: (String, String),
    seen: HashSet<String>,
    /// Whether a row changed since the last entry of the trail.
    dirty: bool,
    entries: Vec<Pending>,
    /// At the savepoint: entries then, and whether a row had changed.
    saved: Option<(usize, bool)>,
    /// The savepoint as the server knows it (sent with the next statement
    /// that needs it, its release with the next statement after it).
    savepoint: Savepoint,
    /// A branch-day [`CenterOps::report`] found no report of (under the
    /// branch's lock: none comes meanwhile).
    absent: Option<(String, String)>,
    /// The scorecard's rows of a period, every branch's through one cursor.
    period: Option<PeriodCursor>,
}

/// A period's rows of every branch, read in branch order through a
/// cursor, a chunk at a time: the scorecard asks for each branch in turn
/// (one query instead of one per branch, memory bounded by the chunk).
struct PeriodCursor {
    first: String,
    last: String,
    rows: std::collections::VecDeque<OwnedPeriodRow>,
    done: bool,
    /// The branch last served: a branch asked for again, or an earlier
    /// one, is read with a query of its own.
    at: String,
}

struct OwnedPeriodRow {
    branch: String,
    job_no: String,
    engineer: String,
    callback_overdue: bool,
    callback_result: String,
    revisit_of: String,
    late_minutes: Option<i64>,
    discrepancies: String,
    open_items: String,
}

/// Rows fetched from the period's cursor at a time.
const PERIOD_CHUNK: usize = 2000;

/// The `COPY` of the rows into the partition of `date`'s month
/// (`YYYY-MM-DD`; made before the import's transactions): `branch,
/// report_date`, then the stored columns ([`super::insert_columns`]).
/// Straight into the partition: no routing of each row, and no
/// conversion of it from the table's columns to the partition's (the
/// table keeps the place of a column dropped by a migration, a partition
/// made after it has none).
fn copy_sql(date: &str) -> String {
    format!(
        "COPY center_report_rows_{}{}(branch, report_date, {}) FROM STDIN (FORMAT binary)",
        date.get(..4).unwrap_or("0000"),
        date.get(5..7).unwrap_or("00"),
        super::insert_columns()
    )
}

/// The start of `COPY`'s binary format: its signature, no flags, no
/// header extension.
const COPY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";
/// The end of `COPY`'s binary format.
const COPY_TRAILER: &[u8] = &[0xff, 0xff];

/// Fields of a row of the rows' `COPY`: `branch, report_date`, then the
/// stored ones ([`super::insert_columns`]: `line` and every report
/// column but those two).
const COPY_FIELDS: i16 = crate::domain::report::COLUMNS.len() as i16 + 1;

/// A field of `COPY`'s binary format: its length, then its bytes.
fn copy_field(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// A NULL of `COPY`'s binary format.
fn copy_null(out: &mut Vec<u8>) {
    out.extend_from_slice(&(-1i32).to_be_bytes());
}

/// A `date` as `COPY`'s binary format has it: days since 2000-01-01.
fn copy_date(date: &str) -> Option<[u8; 4]> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let epoch = NaiveDate::from_ymd_opt(2000, 1, 1)?;
    let days = i32::try_from((d - epoch).num_days()).ok()?;
    Some(days.to_be_bytes())
}

/// What the reads under a branch's lock found of its branch-day, kept up
/// to date with the writes queued since: the import's later questions are
/// answered from it, and a write it shows to change nothing is not sent.
struct Known {
    branch: String,
    date: String,
    exists: bool,
    pinned: Option<String>,
    report: Option<ReportMeta>,
    held: Vec<trust::HeldGeneration>,
}

impl Drop for PgTx<'_> {
    fn drop(&mut self) {
        if !self.before.is_empty() {
            // An error before this transaction sent anything: the report
            // before it is complete, it commits as it would have.
            let before = std::mem::take(&mut self.before);
            if self.client.batch_execute(&before).is_err() {
                let _ = self.client.batch_execute("ROLLBACK");
            }
        }
        if self.begun && !self.done {
            // An error (or a panic) inside the transaction: nothing of it
            // stays. A connection that cannot say so is closed anyway.
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

impl PgTx<'_> {
    /// What the reads under `branch`'s lock found, when they were of it.
    fn known_of(&self, branch: &str) -> Option<&Known> {
        self.known.as_ref().filter(|k| k.branch == branch)
    }
}

impl<'a> PgTx<'a> {
    fn new(
        client: &'a mut Client,
        begin: &'static str,
        cache: &'a mut HashMap<String, Statement>,
        named: &'a mut bool,
        copy: &'a mut Vec<u8>,
        deferred: &'a mut String,
        operator: &'a str,
    ) -> PgTx<'a> {
        copy.clear();
        let before = std::mem::take(deferred);
        PgTx {
            client,
            deferred,
            before,
            begin,
            queue: begin.to_string(),
            begun: false,
            done: false,
            known: None,
            sent_in_savepoint: false,
            queued_delete: false,
            cache,
            named,
            operator,
            copy,
            copy_day: [0; 4],
            day: (String::new(), String::new()),
            seen: HashSet::new(),
            dirty: false,
            entries: Vec::new(),
            saved: None,
            savepoint: Savepoint::None,
            absent: None,
            period: None,
        }
    }

    /// Prepares [`NAMED`] on the connection, once (a round trip of its own
    /// the first time; not transactional, so also inside a transaction).
    fn named(&mut self) -> Result<()> {
        if !*self.named {
            self.client.batch_execute(&NAMED)?;
            *self.named = true;
        }
        Ok(())
    }

    /// What is waiting to be sent, then `then`, taken out.
    fn pending(&mut self, then: &str) -> String {
        let mut batch = std::mem::take(&mut self.before);
        batch += &std::mem::take(&mut self.queue);
        match self.savepoint {
            Savepoint::Wanted => {
                batch += "SAVEPOINT report;";
                self.savepoint = Savepoint::Active;
                self.sent_in_savepoint = false;
            }
            Savepoint::Released => {
                batch += "RELEASE SAVEPOINT report;";
                self.savepoint = Savepoint::None;
            }
            Savepoint::None | Savepoint::Active | Savepoint::Whole => {}
        }
        batch += then;
        batch
    }

    /// Sends what is waiting (with `then`, statements of the caller's, in
    /// the same round trip).
    fn settle(&mut self, then: &str) -> Result<()> {
        let batch = self.pending(then);
        if !batch.is_empty() {
            self.begun = true;
            self.sent_in_savepoint = true;
            self.client.batch_execute(&batch)?;
        }
        Ok(())
    }

    /// [`PgTx::settle`], keeping what `then` answers (text, in order).
    fn settle_query(&mut self, then: &str) -> Result<Vec<SimpleQueryMessage>> {
        let batch = self.pending(then);
        self.begun = true;
        self.sent_in_savepoint = true;
        Ok(self.client.simple_query(&batch)?)
    }

    /// A read transaction ends: its COMMIT (nothing when it asked nothing).
    fn commit(&mut self) -> Result<()> {
        if self.begun {
            self.settle("COMMIT;")?;
        } else {
            self.send_before()?;
        }
        self.done = true;
        Ok(())
    }

    /// Sends the end of the report before, when this transaction sent
    /// nothing (so it is not lost).
    fn send_before(&mut self) -> Result<()> {
        send_ending(self.client, std::mem::take(&mut self.before))
    }

    /// The end of the transaction (`then`, ending with its COMMIT) sent
    /// now, or, for a report of an import (`defer`), left for the next
    /// round trip.
    fn end(&mut self, then: &str, defer: bool) -> Result<()> {
        if defer {
            *self.deferred = self.pending(then);
            self.done = true;
            Ok(())
        } else {
            self.settle(then)
        }
    }

    /// The rows taken so far, sent with `COPY` (see [`PgTx::flush`]).
    fn queue_rows(&mut self) -> Result<()> {
        self.flush()
    }

    /// A prepared statement (made once per connection).
    fn st(&mut self, sql: &'static str) -> Result<Statement> {
        self.settle("")?;
        if let Some(s) = self.cache.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.cache.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn query(&mut self, sql: &'static str, p: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        let s = self.st(sql)?;
        Ok(self.client.query(&s, p)?)
    }

    fn query_opt(&mut self, sql: &'static str, p: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        let s = self.st(sql)?;
        Ok(self.client.query_opt(&s, p)?)
    }

    /// Runs a statement that writes; true when it changed a row.
    fn exec(&mut self, sql: &'static str, p: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        let s = self.st(sql)?;
        let n = self.client.execute(&s, p)?;
        self.dirty |= n > 0;
        Ok(n)
    }

    /// Sends the rows taken so far with `COPY`. The writes waiting go
    /// after them, with the COMMIT (the rows need none of them first), but
    /// for the removal of an older generation's rows, which goes first.
    fn flush(&mut self) -> Result<()> {
        if self.copy.is_empty() {
            return Ok(());
        }
        use std::io::Write;
        if !self.begun || self.savepoint == Savepoint::Wanted || self.queued_delete {
            self.settle("")?;
            self.queued_delete = false;
        }
        let sql = copy_sql(&self.day.1);
        let copy = match self.cache.get(&sql) {
            Some(s) => s.clone(),
            None => {
                let s = self.client.prepare(&sql)?;
                self.cache.insert(sql, s.clone());
                s
            }
        };
        self.copy.extend_from_slice(COPY_TRAILER);
        let mut w = self.client.copy_in(&copy)?;
        w.write_all(self.copy).map_err(io_err)?;
        let n = w.finish()?;
        self.dirty |= n > 0;
        self.copy.clear();
        Ok(())
    }

    /// The rows, the trail's entries and the COMMIT, in one round trip
    /// with whatever else waits.
    fn finish(&mut self, defer: bool) -> Result<()> {
        self.queue_rows()?;
        if self.dirty {
            self.entries.push(Pending {
                at: chrono::Utc::now().timestamp(),
                operator: self.operator.to_string(),
                action: "write".into(),
                job_no: String::new(),
                summary: "a change with no audit label".into(),
            });
        }
        if self.entries.is_empty() {
            if self.begun {
                self.end("COMMIT;", defer)?;
            } else {
                self.send_before()?;
            }
            self.done = true;
            return Ok(());
        }
        // The trail's entries in the same round trip: its lock, then each entry
        // hashed by the server with the one before: SHA-256 over the
        // previous hash, the entry's id, `at` (Unix seconds), operator,
        // action, job and summary, each followed by a zero byte (the
        // genesis hash before the first entry).
        self.named()?;
        let mut batch = format!("SELECT pg_advisory_xact_lock({AUDIT_LOCK});");
        for e in std::mem::take(&mut self.entries) {
            batch += &execute(
                "bd_audit",
                &[
                    &e.at.to_string(),
                    &lit(&e.operator),
                    &lit(&e.action),
                    &lit(&e.job_no),
                    &lit(&e.summary),
                ],
            );
        }
        batch += "COMMIT;";
        self.end(&batch, defer)?;
        self.done = true;
        Ok(())
    }
}

fn report_from(r: &Row) -> ReportMeta {
    let t = |i: usize| from_unix(r.get::<_, i64>(i));
    ReportMeta {
        branch: r.get(0),
        date: r.get(1),
        generation: r.get(2),
        generated_at: t(3),
        first_generated_at: t(4),
        history: r.get(5),
        rows: r.get(6),
        sha256: r.get(7),
        source: r.get(8),
        imported_at: t(9),
        reconciled_at: r.get::<_, Option<i64>>(10).map(from_unix),
        cutoff_at: r.get::<_, Option<i64>>(11).map(from_unix),
        counts_without_job: r.get(12),
    }
}

fn held_from(r: &Row) -> trust::HeldGeneration {
    let entries: Option<i64> = r.get(4);
    let hash: Option<String> = r.get(5);
    trust::HeldGeneration {
        date: r.get(0),
        generation: r.get(1),
        generated_at: from_unix(r.get(2)),
        sha256: r.get(3),
        audit_head: entries.zip(hash),
    }
}

fn ruling_from(r: &Row) -> rulings::RulingRow {
    rulings::RulingRow {
        branch: r.get(0),
        case_id: r.get(1),
        job_no: r.get(2),
        kind: r.get(3),
        decision: r.get(4),
        note: r.get(5),
        ruled_at: from_unix(r.get(6)),
        ruled_by: r.get(7),
        exported_at: r.get::<_, Option<i64>>(8).map(from_unix),
        export_file: r.get(9),
    }
}

/// The columns of a [`NewestRow`] (`report_date` as text).
static NEWEST_COLS: LazyLock<String> =
    LazyLock::new(|| super::NEWEST_COLS.replace("r.report_date,", "r.report_date::text,"));

/// A touched row that no later touched row of its branch and job follows.
macro_rules! newest {
    () => {
        "r.touched IS DISTINCT FROM false AND NOT EXISTS (
            SELECT 1 FROM center_report_rows n
            WHERE n.branch = r.branch AND n.job_no = r.job_no
              AND n.report_date > r.report_date AND n.touched IS DISTINCT FROM false)"
    };
}

/// The rows of each branch's newest report dated up to `$2`.
macro_rules! newest_reports {
    () => {
        "(SELECT branch, max(report_date) AS d FROM center_reports
            WHERE report_date <= $2::text::date GROUP BY branch) m
         JOIN center_report_rows r ON r.branch = m.branch AND r.report_date = m.d"
    };
}

fn newest_row(r: &Row) -> NewestRow<'_> {
    let text = |i: usize| r.get::<_, Option<&str>>(i).unwrap_or("");
    NewestRow {
        branch: r.get(0),
        report_date: r.get(1),
        job_no: r.get(2),
        engineer: text(3),
        status: text(4),
        outcome: text(5),
        callback_kind: text(6),
        callback_due: r.get::<_, Option<i64>>(7).map(from_unix),
        callback_result: text(8),
        card_state: text(9),
        discrepancies_open: r.get(10),
        cells: super::ReviewCells {
            customer: text(11),
            phone: text(12),
            callback_attempts: text(13),
            discrepancies: text(14),
            charge: text(15),
            receipt_no: text(16),
            revisit_of: text(17),
            revisits: text(18),
            pending_callbacks: r.get(19),
        },
    }
}

impl PgTx<'_> {
    /// Each row of a statement, one at a time, as the server sends them.
    fn each(
        &mut self,
        sql: &'static str,
        p: &[&(dyn ToSql + Sync)],
        mut f: impl FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        self.flush()?;
        let s = self.st(sql)?;
        let mut rows = self.client.query_raw(&s, p.iter().copied())?;
        while let Some(r) = rows.next()? {
            f(&r)?;
        }
        Ok(())
    }
}

impl PgTx<'_> {
    /// [`CenterOps::each_row_between`] through the period's cursor.
    fn period_rows(&mut self, branch: &str, first: &str, last: &str, f: EachPeriod) -> Result<()> {
        if self.period.is_none() {
            self.flush()?;
            self.settle(&format!(
                "DECLARE period NO SCROLL CURSOR FOR
                 SELECT branch, {}
                 FROM center_report_rows
                 WHERE report_date BETWEEN {}::date AND {}::date
                   AND touched IS DISTINCT FROM false
                 ORDER BY branch",
                super::PERIOD_COLS,
                lit(first),
                lit(last)
            ))?;
            self.period = Some(PeriodCursor {
                first: first.to_string(),
                last: last.to_string(),
                rows: Default::default(),
                done: false,
                at: String::new(),
            });
        }
        loop {
            let need = self
                .period
                .as_ref()
                .is_some_and(|p| p.rows.is_empty() && !p.done);
            if need {
                let fetched = self
                    .client
                    .simple_query(&format!("FETCH {PERIOD_CHUNK} FROM period"))?;
                let mut n = 0;
                let Some(p) = self.period.as_mut() else {
                    break;
                };
                for m in fetched {
                    if let postgres::SimpleQueryMessage::Row(r) = m {
                        n += 1;
                        let text = |i: usize| r.get(i).unwrap_or_default().to_string();
                        p.rows.push_back(OwnedPeriodRow {
                            branch: text(0),
                            job_no: text(1),
                            engineer: text(2),
                            callback_overdue: r.get(3) == Some("t"),
                            callback_result: text(4),
                            revisit_of: text(5),
                            late_minutes: r.get(6).and_then(|v| v.parse().ok()),
                            discrepancies: text(7),
                            open_items: text(8),
                        });
                    }
                }
                p.done = n < PERIOD_CHUNK;
            }
            let Some(p) = self.period.as_mut() else {
                break;
            };
            let next = match p.rows.front() {
                None => break,
                Some(r) if r.branch.as_str() < branch => {
                    p.rows.pop_front();
                    continue;
                }
                Some(r) if r.branch == branch => p.rows.pop_front(),
                Some(_) => break,
            };
            if let Some(r) = next {
                f(PeriodRow {
                    job_no: &r.job_no,
                    engineer: &r.engineer,
                    callback_overdue: r.callback_overdue,
                    callback_result: &r.callback_result,
                    revisit_of: &r.revisit_of,
                    late_minutes: r.late_minutes,
                    discrepancies: &r.discrepancies,
                    open_items: &r.open_items,
                })?;
            }
        }
        if let Some(p) = self.period.as_mut() {
            p.at = branch.to_string();
        }
        Ok(())
    }
}

impl CenterOps for PgTx<'_> {
    fn engine(&self) -> &'static str {
        "postgresql"
    }
    fn setting(&mut self, key: &str) -> Result<Option<String>> {
        Ok(self
            .query_opt("SELECT value FROM center_settings WHERE key = $1", &[&key])?
            .map(|r| r.get(0)))
    }
    fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.exec(
            "INSERT INTO center_settings(key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value
             WHERE center_settings.value <> excluded.value",
            &[&key, &value],
        )?;
        Ok(())
    }
    fn record(
        &mut self,
        operator: &str,
        now: Ts,
        action: &str,
        job_no: &str,
        summary: String,
    ) -> Result<()> {
        self.entries.push(Pending {
            at: now.timestamp(),
            operator: operator.into(),
            action: action.into(),
            job_no: job_no.into(),
            summary,
        });
        self.dirty = false;
        Ok(())
    }
    fn changed(&mut self) -> Result<bool> {
        Ok(self.dirty)
    }
    fn data_version(&mut self) -> Result<i64> {
        Ok(self
            .query("SELECT coalesce(max(id), 0)::bigint FROM center_audit", &[])?
            .first()
            .map(|r| r.get(0))
            .unwrap_or(0))
    }
    fn has_branch(&mut self, code: &str) -> Result<bool> {
        if let Some(k) = self.known_of(code) {
            return Ok(k.exists);
        }
        Ok(self
            .query_opt("SELECT 1 FROM center_branches WHERE code = $1", &[&code])?
            .is_some())
    }
    fn add_branch(&mut self, code: &str, name: &str, now: Ts) -> Result<()> {
        self.named()?;
        if let Some(k) = self.known.as_mut().filter(|k| k.branch == code) {
            if k.exists && name.is_empty() {
                // Known already: nothing would change.
                return Ok(());
            }
            if !k.exists {
                k.exists = true;
                self.dirty = true;
                self.queue += &execute(
                    "bd_add_branch",
                    &[&lit(code), &lit(name), &now.timestamp().to_string()],
                );
                return Ok(());
            }
        }
        self.exec(
            "INSERT INTO center_branches(code, name, added_at) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name
             WHERE excluded.name <> '' AND center_branches.name <> excluded.name",
            &[&code, &name, &now.timestamp()],
        )?;
        Ok(())
    }
    fn add_branch_keyed(&mut self, code: &str, key: &str, now: Ts) -> Result<()> {
        self.named()?;
        if let Some(k) = self
            .known
            .as_mut()
            .filter(|k| k.branch == code && !k.exists)
        {
            // New: added with its key in one statement (as `add_branch`
            // then `pin_key` would leave it).
            k.exists = true;
            k.pinned = Some(key.to_string());
            self.dirty = true;
            self.queue += &execute(
                "bd_add_keyed",
                &[&lit(code), &now.timestamp().to_string(), &lit(key)],
            );
            return Ok(());
        }
        self.add_branch(code, "", now)?;
        if self.pinned_key(code)?.is_none() {
            self.pin_key(code, key)?;
        }
        Ok(())
    }
    fn branches(&mut self) -> Result<Vec<BranchRow>> {
        Ok(self
            .query("SELECT code, name FROM center_branches ORDER BY code", &[])?
            .iter()
            .map(|r| BranchRow {
                code: r.get(0),
                name: r.get(1),
            })
            .collect())
    }
    fn pinned_key(&mut self, branch: &str) -> Result<Option<String>> {
        if let Some(k) = self.known_of(branch) {
            return Ok(k.pinned.clone());
        }
        Ok(self
            .query_opt(
                "SELECT public_key FROM center_branches WHERE code = $1",
                &[&branch],
            )?
            .map(|r| r.get::<_, String>(0))
            .filter(|k| !k.is_empty()))
    }
    fn pin_key(&mut self, branch: &str, key: &str) -> Result<()> {
        self.named()?;
        if let Some(k) = self
            .known
            .as_mut()
            .filter(|k| k.branch == branch && k.exists)
        {
            if k.pinned.as_deref() != Some(key) {
                k.pinned = Some(key.to_string());
                self.dirty = true;
                self.queue += &execute("bd_pin_key", &[&lit(branch), &lit(key)]);
            }
            return Ok(());
        }
        self.exec(
            "UPDATE center_branches SET public_key = $2 WHERE code = $1 AND public_key <> $2",
            &[&branch, &key],
        )?;
        Ok(())
    }
    fn lock_branch_day(&mut self, branch: &str, _date: &str) -> Result<()> {
        // The branch whole: its key and each of its days' generations are
        // decided by one import at a time.
        let key = format!("branchdesk branch {branch}");
        self.settle(&format!(
            "SELECT pg_advisory_xact_lock(hashtextextended({}, 0));",
            lit(&key)
        ))
    }
    fn report_inputs(&mut self, branch: &str, date: &str) -> Result<ReportInputs> {
        // One round trip: the BEGIN and the savepoint waiting, the branch's
        // lock, then each read, its rows tagged with what they answer.
        let (b, d) = (lit(branch), lit(date));
        let key = lit(&format!("branchdesk branch {branch}"));
        let reads = [
            execute("bd_lock", &[&key]),
            // After the lock, in a statement of its own: its snapshot shows
            // what the import that held the branch before stored.
            execute(
                "bd_inputs",
                &[&b, &d, &lit(super::super::settings::ACCEPT_NEW_BRANCHES)],
            ),
        ]
        .concat();
        self.named()?;
        self.queue_rows()?;
        let answers = self.settle_query(&reads)?;
        let mut inputs = ReportInputs {
            accept_new: None,
            known_branch: false,
            pinned_key: None,
            existing: None,
            held: Vec::new(),
        };
        let bad = |what: &str| StoreError::Postgres(format!("PostgreSQL: unreadable {what}"));
        for m in answers {
            let SimpleQueryMessage::Row(r) = m else {
                continue;
            };
            let text = |i: usize| r.get(i).map(String::from);
            let int = |i: usize| -> Result<Option<i64>> {
                r.get(i)
                    .map(|v| v.parse::<i64>().map_err(|_| bad("number")))
                    .transpose()
            };
            match r.get(0) {
                Some("s") => inputs.accept_new = text(1),
                Some("b") => {
                    inputs.known_branch = true;
                    inputs.pinned_key = text(1).filter(|k| !k.is_empty());
                }
                Some("r") => {
                    let t = |i: usize| -> Result<Ts> {
                        Ok(from_unix(int(i)?.ok_or_else(|| bad("instant"))?))
                    };
                    inputs.existing = Some(ReportMeta {
                        branch: text(1).unwrap_or_default(),
                        date: text(2).unwrap_or_default(),
                        generation: int(3)?.unwrap_or_default(),
                        generated_at: t(4)?,
                        first_generated_at: t(5)?,
                        history: text(6).unwrap_or_default(),
                        rows: int(7)?.unwrap_or_default(),
                        sha256: text(8).unwrap_or_default(),
                        source: text(9).unwrap_or_default(),
                        imported_at: t(10)?,
                        reconciled_at: int(11)?.map(from_unix),
                        cutoff_at: int(12)?.map(from_unix),
                        counts_without_job: text(13),
                    });
                }
                Some("g") => inputs.held.push(trust::HeldGeneration {
                    date: text(1).unwrap_or_default(),
                    generation: int(2)?.unwrap_or_default(),
                    generated_at: from_unix(int(3)?.unwrap_or_default()),
                    sha256: text(4).unwrap_or_default(),
                    audit_head: int(5)?.zip(text(6)),
                }),
                _ => {}
            }
        }
        self.absent = inputs
            .existing
            .is_none()
            .then(|| (branch.to_string(), date.to_string()));
        self.known = Some(Known {
            branch: branch.to_string(),
            date: date.to_string(),
            exists: inputs.known_branch,
            pinned: inputs.pinned_key.clone(),
            report: inputs.existing.clone(),
            held: inputs.held.clone(),
        });
        Ok(inputs)
    }
    fn report(&mut self, branch: &str, date: &str) -> Result<Option<ReportMeta>> {
        if let Some(k) = self.known_of(branch).filter(|k| k.date == date) {
            return Ok(k.report.clone());
        }
        const SQL: &str = concat!(
            "SELECT branch, report_date::text, generation, generated_at, first_generated_at, ",
            "history, rows, sha256, source, imported_at, reconciled_at, cutoff_at, ",
            "counts_without_job FROM center_reports ",
            "WHERE branch = $1 AND report_date = $2::text::date"
        );
        let found = self
            .query_opt(SQL, &[&branch, &date])?
            .as_ref()
            .map(report_from);
        self.absent = found
            .is_none()
            .then(|| (branch.to_string(), date.to_string()));
        Ok(found)
    }
    fn latest_report_date(&mut self) -> Result<Option<String>> {
        Ok(self
            .query("SELECT max(report_date)::text FROM center_reports", &[])?
            .first()
            .and_then(|r| r.get(0)))
    }
    fn reports_of_date(&mut self, date: &str) -> Result<Vec<ReportMeta>> {
        const SQL: &str = concat!(
            "SELECT branch, report_date::text, generation, generated_at, first_generated_at, ",
            "history, rows, sha256, source, imported_at, reconciled_at, cutoff_at, ",
            "counts_without_job FROM center_reports ",
            "WHERE report_date = $1::text::date ORDER BY branch"
        );
        Ok(self.query(SQL, &[&date])?.iter().map(report_from).collect())
    }
    fn put_report(&mut self, meta: &ReportMeta) -> Result<()> {
        self.named()?;
        self.queue_rows()?;
        if let Some(k) = self
            .known
            .as_mut()
            .filter(|k| k.branch == meta.branch && k.date == meta.date)
        {
            if k.report.is_some() {
                self.queued_delete = true;
                self.queue += &execute("bd_delete_day", &[&lit(&meta.branch), &lit(&meta.date)]);
            }
            k.report = Some(meta.clone());
            self.queue += &execute(
                "bd_put_report",
                &[
                    &lit(&meta.branch),
                    &lit(&meta.date),
                    &meta.generation.to_string(),
                    &meta.generated_at.timestamp().to_string(),
                    &meta.first_generated_at.timestamp().to_string(),
                    &lit(&meta.history),
                    &meta.rows.to_string(),
                    &lit(&meta.sha256),
                    &lit(&meta.source),
                    &meta.imported_at.timestamp().to_string(),
                    &opt_int(meta.reconciled_at.map(|t| t.timestamp())),
                    &opt_int(meta.cutoff_at.map(|t| t.timestamp())),
                    &meta
                        .counts_without_job
                        .as_deref()
                        .map_or("NULL".into(), lit),
                ],
            );
            self.dirty = true;
            self.day = (meta.branch.clone(), meta.date.clone());
            self.seen.clear();
            return Ok(());
        }
        // A branch-day that had no report has no rows to remove.
        if self.absent.as_ref() != Some(&(meta.branch.clone(), meta.date.clone())) {
            self.exec(
                "DELETE FROM center_report_rows
                 WHERE branch = $1 AND report_date = $2::text::date",
                &[&meta.branch, &meta.date],
            )?;
        }
        self.exec(
            "INSERT INTO center_reports(branch, report_date, generation, generated_at,
                first_generated_at, history, rows, sha256, source, imported_at, reconciled_at,
                cutoff_at, counts_without_job)
             VALUES ($1, $2::text::date, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (branch, report_date) DO UPDATE SET
                generation = excluded.generation, generated_at = excluded.generated_at,
                first_generated_at = excluded.first_generated_at, history = excluded.history,
                rows = excluded.rows, sha256 = excluded.sha256, source = excluded.source,
                imported_at = excluded.imported_at, reconciled_at = excluded.reconciled_at,
                cutoff_at = excluded.cutoff_at, counts_without_job = excluded.counts_without_job",
            &[
                &meta.branch,
                &meta.date,
                &meta.generation,
                &meta.generated_at.timestamp(),
                &meta.first_generated_at.timestamp(),
                &meta.history,
                &meta.rows,
                &meta.sha256,
                &meta.source,
                &meta.imported_at.timestamp(),
                &meta.reconciled_at.map(|t| t.timestamp()),
                &meta.cutoff_at.map(|t| t.timestamp()),
                &meta.counts_without_job,
            ],
        )?;
        self.day = (meta.branch.clone(), meta.date.clone());
        self.seen.clear();
        Ok(())
    }
    fn delete_rows(&mut self, branch: &str, date: &str, limit: usize) -> Result<usize> {
        self.flush()?;
        Ok(self.exec(
            "DELETE FROM center_report_rows WHERE ctid IN (
                 SELECT ctid FROM center_report_rows
                 WHERE branch = $1 AND report_date = $2::text::date LIMIT $3)",
            &[&branch, &date, &(limit as i64)],
        )? as usize)
    }
    fn insert_row(&mut self, branch: &str, date: &str, r: &NewRow) -> Result<bool> {
        if self.day.0 != branch || self.day.1 != date {
            self.queue_rows()?;
            self.day = (branch.to_string(), date.to_string());
            self.seen.clear();
        }
        if !self.seen.insert(r.job_no().to_string()) {
            return Ok(false);
        }
        self.dirty = true;
        if self.copy.is_empty() {
            // A new `COPY` (the rows in the buffer are all of one day).
            self.copy_day = copy_date(date).ok_or_else(|| {
                StoreError::Postgres(format!("PostgreSQL: {date:?} is not a report's date"))
            })?;
            self.copy.extend_from_slice(COPY_HEADER);
        }
        let o = &mut *self.copy;
        o.extend_from_slice(&COPY_FIELDS.to_be_bytes());
        copy_field(o, branch.as_bytes());
        copy_field(o, &self.copy_day);
        for v in r.stored_values() {
            match v {
                super::Value::Null => copy_null(o),
                super::Value::Text(s) => copy_field(o, s.as_bytes()),
                super::Value::Int(i) => copy_field(o, &i.to_be_bytes()),
                super::Value::Bool(b) => copy_field(o, &[u8::from(b)]),
            }
        }
        if self.copy.len() >= COPY_BYTES {
            self.flush()?;
        }
        Ok(true)
    }
    fn flush_rows(&mut self) -> Result<()> {
        // Stored with the next round trip (the COMMIT's, for a report).
        self.queue_rows()
    }
    fn rows_of(&mut self, branch: &str, date: &str) -> Result<Vec<ReportRow>> {
        self.flush()?;
        static SQL: LazyLock<String> = LazyLock::new(|| {
            format!(
                "SELECT {} FROM center_report_rows
                 WHERE branch = $1 AND report_date = $2::text::date ORDER BY line",
                super::ROW_COLS
            )
        });
        let rows = self.query(SQL.as_str(), &[&branch, &date])?;
        Ok(rows
            .iter()
            .map(|r| {
                super::report_row(super::RawRow {
                    line: r.get(0),
                    job_no: r.get(1),
                    engineer: super::text_or_empty(r.get(2)),
                    status: super::text_or_empty(r.get(3)),
                    callback_kind: super::text_or_empty(r.get(4)),
                    callback_due: r.get(5),
                    callback_result: super::text_or_empty(r.get(6)),
                    callback_overdue: r.get(7),
                    discrepancies_open: r.get(8),
                    invoice_owed: r.get(9),
                    outcome: super::text_or_empty(r.get(10)),
                    card_state: super::text_or_empty(r.get(11)),
                    touched: r.get(12),
                    open_items: r.get(13),
                    late_minutes: r.get(14),
                    loaner_overdue: r.get(15),
                    counts: r.get(16),
                })
            })
            .collect())
    }
    fn held(&mut self, branch: &str, date: &str) -> Result<Vec<trust::HeldGeneration>> {
        if let Some(k) = self.known_of(branch).filter(|k| k.date == date) {
            return Ok(k.held.clone());
        }
        const SQL: &str = concat!(
            "SELECT report_date::text, generation, generated_at, sha256, audit_entries, ",
            "audit_hash FROM center_generations ",
            "WHERE branch = $1 AND report_date = $2::text::date ORDER BY generation"
        );
        Ok(self
            .query(SQL, &[&branch, &date])?
            .iter()
            .map(held_from)
            .collect())
    }
    fn anchors(&mut self, branch: &str) -> Result<Vec<trust::HeldGeneration>> {
        const SQL: &str = concat!(
            "SELECT report_date::text, generation, generated_at, sha256, audit_entries, ",
            "audit_hash FROM center_generations ",
            "WHERE branch = $1 AND audit_entries IS NOT NULL ",
            "ORDER BY audit_entries, report_date, generation"
        );
        Ok(self.query(SQL, &[&branch])?.iter().map(held_from).collect())
    }
    fn hold(&mut self, branch: &str, g: &trust::HeldGeneration) -> Result<()> {
        self.named()?;
        let (entries, hash) = g.audit_head.clone().unzip();
        if let Some(k) = self
            .known
            .as_mut()
            .filter(|k| k.branch == branch && k.date == g.date)
        {
            if !k.held.iter().any(|h| h.generation == g.generation) {
                k.held.push(g.clone());
                self.dirty = true;
                self.queue += &execute(
                    "bd_hold",
                    &[
                        &lit(branch),
                        &lit(&g.date),
                        &g.generation.to_string(),
                        &g.generated_at.timestamp().to_string(),
                        &lit(&g.sha256),
                        &opt_int(entries),
                        &hash.as_deref().map_or("NULL".into(), lit),
                    ],
                );
            }
            return Ok(());
        }
        self.exec(
            "INSERT INTO center_generations(branch, report_date, generation, generated_at, sha256,
                                            audit_entries, audit_hash)
             VALUES ($1, $2::text::date, $3, $4, $5, $6, $7)
             ON CONFLICT DO NOTHING",
            &[
                &branch,
                &g.date,
                &g.generation,
                &g.generated_at.timestamp(),
                &g.sha256,
                &entries,
                &hash,
            ],
        )?;
        Ok(())
    }
    fn savepoint(&mut self) -> Result<()> {
        self.queue_rows()?;
        let untouched = !self.begun
            && self.queue == self.begin
            && self.entries.is_empty()
            && !self.dirty
            && self.savepoint == Savepoint::None;
        if untouched {
            self.savepoint = Savepoint::Whole;
            self.saved = Some((0, false));
            return Ok(());
        }
        if self.savepoint == Savepoint::Released {
            self.queue += "RELEASE SAVEPOINT report;";
        }
        self.savepoint = Savepoint::Wanted;
        self.saved = Some((self.entries.len(), self.dirty));
        Ok(())
    }
    fn rollback_to_savepoint(&mut self) -> Result<()> {
        self.copy.clear();
        self.seen.clear();
        self.day = (String::new(), String::new());
        self.absent = None;
        self.known = None;
        match self.savepoint {
            // Nothing was sent since it was asked for: nothing to undo.
            Savepoint::Wanted => self.savepoint = Savepoint::None,
            Savepoint::Whole => {
                // Everything since the BEGIN goes: what was sent with a
                // ROLLBACK (a new BEGIN after it), what waits unsent.
                self.queued_delete = false;
                self.queue = if self.begun {
                    format!("ROLLBACK;{}", self.begin)
                } else {
                    self.begin.to_string()
                };
            }
            _ => {
                // What waits was all asked for since the savepoint was
                // sent: dropped; what was sent is undone with the next
                // round trip.
                self.queue.clear();
                self.queued_delete = false;
                self.queue += "ROLLBACK TO SAVEPOINT report;";
                self.savepoint = Savepoint::Active;
            }
        }
        if let Some((n, changed)) = self.saved {
            self.entries.truncate(n);
            self.dirty = changed;
        }
        Ok(())
    }
    fn release_savepoint(&mut self) -> Result<()> {
        self.queue_rows()?;
        self.savepoint = match self.savepoint {
            Savepoint::Active => Savepoint::Released,
            _ => Savepoint::None,
        };
        self.saved = None;
        Ok(())
    }
    fn mark_checked(&mut self, date: &str, mark: &CheckMark) -> Result<()> {
        self.exec(
            "INSERT INTO center_checks(branch, check_date, check_time, checked_at, checked_by, note)
             VALUES ($1, $2::text::date, $3, $4, $5, $6)
             ON CONFLICT (branch, check_date, check_time) DO UPDATE SET
                checked_at = excluded.checked_at, checked_by = excluded.checked_by,
                note = excluded.note",
            &[
                &mark.branch,
                &date,
                &mark.check_time,
                &mark.checked_at.timestamp(),
                &mark.checked_by,
                &mark.note,
            ],
        )?;
        Ok(())
    }
    fn checks_of_date(&mut self, date: &str) -> Result<Vec<CheckMark>> {
        Ok(self
            .query(
                "SELECT branch, check_time, checked_at, checked_by, note FROM center_checks
                 WHERE check_date = $1::text::date ORDER BY branch, check_time",
                &[&date],
            )?
            .iter()
            .map(|r| CheckMark {
                branch: r.get(0),
                check_time: r.get(1),
                checked_at: from_unix(r.get(2)),
                checked_by: r.get(3),
                note: r.get(4),
            })
            .collect())
    }
    fn is_center(&mut self) -> Result<bool> {
        // A PostgreSQL database is only ever a center's.
        Ok(true)
    }
    fn each_pending_callback(
        &mut self,
        last: &str,
        before: Option<Ts>,
        f: EachNewest,
    ) -> Result<()> {
        static SQL: LazyLock<String> = LazyLock::new(|| {
            format!(
                concat!(
                    "SELECT {} FROM ",
                    newest_reports!(),
                    " WHERE r.callback_kind <> '' AND r.callback_result IN ('', 'unreachable')
                       AND r.callback_due IS NOT NULL AND r.callback_due < $1"
                ),
                NEWEST_COLS.as_str()
            )
        });
        let before = before.map(|t| t.timestamp()).unwrap_or(i64::MAX);
        self.each(SQL.as_str(), &[&before, &last], |r| f(newest_row(r)))
    }
    fn each_review_row(&mut self, f: EachNewest) -> Result<()> {
        static SQL: LazyLock<String> = LazyLock::new(|| {
            format!(
                concat!("SELECT {} FROM center_report_rows r WHERE ", newest!()),
                NEWEST_COLS.as_str()
            )
        });
        self.each(SQL.as_str(), &[], |r| {
            let row = newest_row(r);
            if super::review_may_list(&row) {
                f(row)
            } else {
                Ok(())
            }
        })
    }
    fn onsite_late(&mut self, last: &str) -> Result<Vec<OnsiteLate>> {
        const SQL: &str = concat!(
            "SELECT r.branch, r.job_no, coalesce(r.engineer, ''), coalesce(r.onsite_due, ''),
                    coalesce(r.customer, ''), coalesce(r.phone, '')
             FROM ",
            newest_reports!(),
            " WHERE strpos(r.open_items, 'response_overdue') > 0 AND $1::bigint = $1::bigint"
        );
        self.flush()?;
        Ok(self
            .query(SQL, &[&0i64, &last])?
            .iter()
            .map(|r| OnsiteLate {
                branch: r.get(0),
                job_no: r.get(1),
                engineer: r.get(2),
                due: r.get(3),
                customer: r.get(4),
                phone: r.get(5),
            })
            .collect())
    }
    fn each_row_between(
        &mut self,
        branch: &str,
        first: &str,
        last: &str,
        f: EachPeriod,
    ) -> Result<()> {
        let in_order = match &self.period {
            Some(p) => p.first == first && p.last == last && branch > p.at.as_str(),
            None => true,
        };
        if in_order {
            return self.period_rows(branch, first, last, f);
        }
        static SQL: LazyLock<String> = LazyLock::new(|| {
            format!(
                "SELECT {} FROM center_report_rows
                 WHERE branch = $1 AND report_date BETWEEN $2::text::date AND $3::text::date
                   AND touched IS DISTINCT FROM false",
                super::PERIOD_COLS
            )
        });
        self.each(SQL.as_str(), &[&branch, &first, &last], |r| {
            let text = |i: usize| r.get::<_, Option<&str>>(i).unwrap_or("");
            f(PeriodRow {
                job_no: r.get(0),
                engineer: text(1),
                callback_overdue: r.get(2),
                callback_result: text(3),
                revisit_of: text(4),
                late_minutes: r.get(5),
                discrepancies: text(6),
                open_items: r.get(7),
            })
        })
    }
    fn each_newest_voice(
        &mut self,
        f: &mut dyn FnMut(&str, &str, &str) -> Result<()>,
    ) -> Result<()> {
        self.each(
            // Each job's newest row by an anti-join on the key's columns;
            // the callers add them up, so the order is theirs.
            "SELECT r.branch, r.job_no, r.voice FROM center_report_rows r
             WHERE r.voice <> '' AND NOT EXISTS (
                 SELECT 1 FROM center_report_rows n
                 WHERE n.branch = r.branch AND n.job_no = r.job_no
                   AND n.report_date > r.report_date)",
            &[],
            |r| f(r.get(0), r.get(1), r.get(2)),
        )
    }
    fn newest_case_rows(&mut self) -> Result<Vec<rulings::CaseRowCells>> {
        self.flush()?;
        Ok(self
            .query(
                "SELECT r.branch, r.report_date::text, r.job_no, coalesce(r.engineer, ''),
                        coalesce(r.customer, ''), r.case_ids, coalesce(r.case_kinds, ''),
                        coalesce(r.case_notes, '')
                 FROM center_report_rows r
                 WHERE r.report_date = (SELECT max(p.report_date) FROM center_reports p
                                        WHERE p.branch = r.branch)
                   AND r.case_ids <> ''
                 ORDER BY r.branch, r.job_no",
                &[],
            )?
            .iter()
            .map(|r| rulings::CaseRowCells {
                branch: r.get(0),
                report_date: r.get(1),
                job_no: r.get(2),
                engineer: r.get(3),
                customer: r.get(4),
                case_ids: r.get(5),
                case_kinds: r.get(6),
                case_notes: r.get(7),
            })
            .collect())
    }
    fn ruling(&mut self, branch: &str, case_id: i64) -> Result<Option<rulings::RulingRow>> {
        const SQL: &str = concat!(
            "SELECT branch, case_id, job_no, kind, decision, note, ruled_at, ruled_by, ",
            "exported_at, export_file FROM center_rulings WHERE branch = $1 AND case_id = $2"
        );
        Ok(self
            .query_opt(SQL, &[&branch, &case_id])?
            .as_ref()
            .map(ruling_from))
    }
    fn insert_ruling(&mut self, r: &rulings::RulingRow) -> Result<()> {
        self.exec(
            "INSERT INTO center_rulings (branch, case_id, job_no, kind, decision, note, ruled_at,
                ruled_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &r.branch,
                &r.case_id,
                &r.job_no,
                &r.kind,
                &r.decision,
                &r.note,
                &r.ruled_at.timestamp(),
                &r.ruled_by,
            ],
        )?;
        Ok(())
    }
    fn unexported_rulings(&mut self) -> Result<Vec<rulings::RulingRow>> {
        const SQL: &str = concat!(
            "SELECT branch, case_id, job_no, kind, decision, note, ruled_at, ruled_by, ",
            "exported_at, export_file FROM center_rulings WHERE exported_at IS NULL ",
            "ORDER BY branch, case_id"
        );
        Ok(self.query(SQL, &[])?.iter().map(ruling_from).collect())
    }
    fn mark_ruling_exported(
        &mut self,
        branch: &str,
        case_id: i64,
        at: Ts,
        file: &str,
    ) -> Result<()> {
        self.exec(
            "UPDATE center_rulings SET exported_at = $3, export_file = $4
             WHERE branch = $1 AND case_id = $2",
            &[&branch, &case_id, &at.timestamp(), &file],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_binary_fields_are_lengths_then_bytes_and_dates_days_since_2000() {
        let mut out = Vec::new();
        copy_field(&mut out, "a\tb 张".as_bytes());
        copy_null(&mut out);
        assert_eq!(
            out,
            [&[0, 0, 0, 7][..], b"a\tb ", "张".as_bytes(), &[0xff; 4]].concat()[..]
        );
        assert_eq!(copy_date("2000-01-02"), Some(1i32.to_be_bytes()));
        assert_eq!(copy_date("1999-12-31"), Some((-1i32).to_be_bytes()));
        assert_eq!(copy_date("2026-11-23"), Some(9823i32.to_be_bytes()));
        assert_eq!(copy_date("23.11.2026"), None);
        assert_eq!(COPY_HEADER.len(), 19);
    }

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            shown("postgresql://clerk:s3cret@db.example/center"),
            "postgresql://clerk:***@db.example/center"
        );
        assert_eq!(
            shown("postgresql://clerk@%2Ftmp/center"),
            "postgresql://clerk@%2Ftmp/center"
        );
        assert_eq!(
            shown("postgresql:///center?host=/tmp&password=s3cret&user=c"),
            "postgresql:///center?host=/tmp&password=***&user=c"
        );
        assert!(is_url("postgres://x/y") && is_url("postgresql://x/y"));
        assert!(!is_url("center.db") && !is_url("/tmp/postgres://x"));
    }
}
