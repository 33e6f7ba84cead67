//! The center's tables: expected branches, imported daily reports (the
//! newest generation of each branch-day) with their rows, and check marks.

pub mod engine;
pub mod ops;
pub mod pg;

pub use engine::CenterDb;
pub use ops::{CenterOps, ReportInputs};

use super::{Result, ts};
use crate::domain::center::ReportRowFacts;
use crate::domain::report;
use crate::domain::time::Ts;
use rusqlite::{Connection, OptionalExtension, Row, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchRow {
    pub code: String,
    pub name: String,
}

/// One imported report: the newest generation of a branch-day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMeta {
    pub branch: String,
    pub date: String,
    pub generation: i64,
    pub generated_at: Ts,
    /// The first generation's `generated_at`: when the report first arrived.
    pub first_generated_at: Ts,
    /// JSON list of the earlier generations' `generated_at`.
    pub history: String,
    pub rows: i64,
    pub sha256: String,
    pub source: String,
    pub imported_at: Ts,
    /// The branch's last reconciliation of the day before it exported.
    pub reconciled_at: Option<Ts>,
    /// The branch's cut-off that day (None: imported before it was kept).
    pub cutoff_at: Option<Ts>,
    /// The manifest's `counts_without_job` (`name:n;…`): what no row of the
    /// report carries (complaints about no job).
    pub counts_without_job: Option<String>,
}

/// One row of a report: the columns the center computes with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub line: i64,
    pub job_no: String,
    pub engineer: String,
    pub outcome: String,
    pub card_state: String,
    pub facts: ReportRowFacts,
    pub callback_due: Option<Ts>,
    /// Touched that day (`None`: a report from before the column, counted
    /// as touched).
    pub touched: Option<bool>,
    /// The row's `open_items` codes.
    pub open_items: Vec<String>,
    /// The row's `counts` cell (`None`: a report from before the column).
    pub counts: Option<String>,
}

impl ReportRow {
    /// Whether the row is one of the day's jobs (what the figures count).
    pub fn is_touched(&self) -> bool {
        self.touched.unwrap_or(true)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckMark {
    pub branch: String,
    pub check_time: String,
    pub checked_at: Ts,
    pub checked_by: String,
    pub note: String,
}

/// Whether the center knows the branch (added, or reported before).
pub fn has_branch(c: &Connection, code: &str) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT EXISTS (SELECT 1 FROM center_branches WHERE code = ?1)")?
            .query_row([code], |r| r.get(0))?,
    )
}

/// Adds an expected branch, or gives a known one its name.
pub fn add_branch(c: &Connection, code: &str, name: &str, now: Ts) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO center_branches(code, name, added_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name WHERE excluded.name <> ''",
    )?
    .execute(params![code, name, now.timestamp()])?;
    Ok(())
}

pub fn branches(c: &Connection) -> Result<Vec<BranchRow>> {
    let mut st = c.prepare_cached("SELECT code, name FROM center_branches ORDER BY code")?;
    let rows = st
        .query_map([], |r| {
            Ok(BranchRow {
                code: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

const REPORT_COLS: &str = "branch, report_date, generation, generated_at, first_generated_at, \
    history, rows, sha256, source, imported_at, reconciled_at, cutoff_at, counts_without_job";

fn report_from(r: &Row) -> rusqlite::Result<ReportMeta> {
    Ok(ReportMeta {
        branch: r.get(0)?,
        date: r.get(1)?,
        generation: r.get(2)?,
        generated_at: ts(r.get(3)?).unwrap_or_default(),
        first_generated_at: ts(r.get(4)?).unwrap_or_default(),
        history: r.get(5)?,
        rows: r.get(6)?,
        sha256: r.get(7)?,
        source: r.get(8)?,
        imported_at: ts(r.get(9)?).unwrap_or_default(),
        reconciled_at: ts(r.get(10)?),
        cutoff_at: ts(r.get(11)?),
        counts_without_job: r.get(12)?,
    })
}

pub fn report(c: &Connection, branch: &str, date: &str) -> Result<Option<ReportMeta>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {REPORT_COLS} FROM center_reports WHERE branch = ?1 AND report_date = ?2"
    ))?
    .query_row(params![branch, date], report_from)
    .optional()?)
}

/// The newest day any report is for (`YYYY-MM-DD`).
pub fn latest_report_date(c: &Connection) -> Result<Option<String>> {
    Ok(
        c.query_row("SELECT max(report_date) FROM center_reports", [], |r| {
            r.get(0)
        })?,
    )
}

pub fn reports_of_date(c: &Connection, date: &str) -> Result<Vec<ReportMeta>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {REPORT_COLS} FROM center_reports WHERE report_date = ?1 ORDER BY branch"
    ))?;
    let rows = st
        .query_map([date], report_from)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Puts a report's meta in place of the branch-day's older generation (if
/// any) and removes that generation's rows: the new rows follow with
/// [`insert_row`]. Call inside a transaction (a savepoint of its own, so
/// that a file found bad while its rows are read is undone whole).
pub fn put_report(c: &Connection, meta: &ReportMeta) -> Result<()> {
    c.prepare_cached("DELETE FROM center_report_rows WHERE branch = ?1 AND report_date = ?2")?
        .execute(params![meta.branch, meta.date])?;
    c.prepare_cached(&format!(
        "INSERT INTO center_reports({REPORT_COLS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT(branch, report_date) DO UPDATE SET
            generation = excluded.generation, generated_at = excluded.generated_at,
            first_generated_at = excluded.first_generated_at, history = excluded.history,
            rows = excluded.rows, sha256 = excluded.sha256, source = excluded.source,
            imported_at = excluded.imported_at, reconciled_at = excluded.reconciled_at,
            cutoff_at = excluded.cutoff_at,
            counts_without_job = excluded.counts_without_job"
    ))?
    .execute(params![
        meta.branch,
        meta.date,
        meta.generation,
        meta.generated_at.timestamp(),
        meta.first_generated_at.timestamp(),
        meta.history,
        meta.rows,
        meta.sha256,
        meta.source,
        meta.imported_at.timestamp(),
        meta.reconciled_at.map(|t| t.timestamp()),
        meta.cutoff_at.map(|t| t.timestamp()),
        meta.counts_without_job,
    ])?;
    Ok(())
}

/// Removes at most `limit` rows of a branch-day's report; how many went.
pub fn delete_rows(c: &Connection, branch: &str, date: &str, limit: usize) -> Result<usize> {
    Ok(c.prepare_cached(
        "DELETE FROM center_report_rows WHERE rowid IN (
                 SELECT rowid FROM center_report_rows
                 WHERE branch = ?1 AND report_date = ?2 LIMIT ?3)",
    )?
    .execute(params![branch, date, limit as i64])?)
}

/// How the center stores one report column: a column of
/// `center_report_rows` per column of [`report::COLUMNS`], named as in the
/// report, of the type its `Stored` gives (the migrations make them; a
/// test holds both engines' tables to this list). The cells the center
/// computes with are typed (checked by the import, read as values); every
/// other cell is kept as the branch wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// The row's key (`branch`, `report_date`, `job_no`): never NULL.
    Key,
    /// The cell as written; NULL when the report's header has no such
    /// column (a report of an older schema).
    Text,
    /// An instant (Unix seconds); NULL when empty.
    Instant,
    /// `yes`/`no` as a boolean (empty or not in the header: false).
    Flag,
    /// `yes`/`no` as a boolean; NULL when not in the header.
    MaybeFlag,
    /// `;`-separated codes without empty items (not in the header: empty).
    Codes,
    /// A whole number; NULL when empty.
    Int,
}

impl Stored {
    /// Its type in SQLite (`center_report_rows` is STRICT).
    pub fn sqlite(self) -> &'static str {
        match self {
            Stored::Key => "TEXT NOT NULL",
            Stored::Text => "TEXT",
            Stored::Instant | Stored::Int => "INTEGER",
            Stored::Flag => "INTEGER NOT NULL DEFAULT 0",
            Stored::MaybeFlag => "INTEGER",
            Stored::Codes => "TEXT NOT NULL DEFAULT ''",
        }
    }

    /// Its type in PostgreSQL (as `information_schema.columns` gives it:
    /// data type, nullable).
    pub fn pg(self) -> (&'static str, bool) {
        match self {
            Stored::Key => ("text", false),
            Stored::Text => ("text", true),
            Stored::Instant | Stored::Int => ("bigint", true),
            Stored::Flag => ("boolean", false),
            Stored::MaybeFlag => ("boolean", true),
            Stored::Codes => ("text", false),
        }
    }
}

/// How the center stores `column`: as written, but for the key and the
/// cells it computes with.
pub fn stored(column: &report::Column) -> Stored {
    use report::Kind;
    let typed = match column.name {
        "branch" | "report_date" | "job_no" => Stored::Key,
        "callback_due" => Stored::Instant,
        "callback_overdue" | "invoice_owed" | "loaner_overdue" => Stored::Flag,
        "touched" => Stored::MaybeFlag,
        "discrepancies_open" | "open_items" => Stored::Codes,
        "late_minutes" => Stored::Int,
        _ => return Stored::Text,
    };
    // A typed column is only of a kind it can hold.
    debug_assert!(match typed {
        Stored::Key | Stored::Text => true,
        Stored::Instant => column.kind == Kind::DateTime,
        Stored::Flag | Stored::MaybeFlag => column.kind == Kind::Code,
        Stored::Codes => column.kind == Kind::Codes,
        Stored::Int => column.kind == Kind::Int,
    });
    typed
}

/// The stored columns after the key's `branch` and `report_date`, in the
/// table's order: `line`, then every report column but those two.
fn stored_columns() -> impl Iterator<Item = (usize, &'static report::Column)> {
    report::COLUMNS
        .iter()
        .enumerate()
        .filter(|(_, c)| !matches!(c.name, "branch" | "report_date"))
}

/// `line, job_no, engineer, …`: the columns an insert fills after
/// `branch, report_date`.
pub fn insert_columns() -> String {
    let mut out = String::from("line");
    for (_, c) in stored_columns() {
        out.push_str(", ");
        out.push_str(c.name);
    }
    out
}

/// One value of a stored row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Text(&'a str),
    Int(i64),
    Bool(bool),
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Int(i) => ValueRef::Integer(i),
            Value::Bool(b) => ValueRef::Integer(i64::from(b)),
        }))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Null,
    Text(u32, u32),
    Int(i64),
    Bool(bool),
}

/// A report row as the center stores it: its line and one value per
/// report column (in [`report::COLUMNS`]' order, each as [`stored`] says),
/// the text ones in one buffer. Made by the import, which checks every
/// cell first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewRow {
    pub line: i64,
    text: String,
    slots: Vec<Slot>,
}

impl NewRow {
    pub fn new(line: i64) -> NewRow {
        NewRow {
            line,
            text: String::new(),
            slots: Vec::with_capacity(report::COLUMNS.len()),
        }
    }
    /// [`NewRow::new`] with room for `text` bytes of cells.
    pub fn with_capacity(line: i64, text: usize) -> NewRow {
        NewRow {
            line,
            text: String::with_capacity(text),
            slots: Vec::with_capacity(report::COLUMNS.len()),
        }
    }
    pub fn push_null(&mut self) {
        self.slots.push(Slot::Null);
    }
    pub fn push_text(&mut self, s: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.slots.push(Slot::Text(start, self.text.len() as u32));
    }
    pub fn push_int(&mut self, v: Option<i64>) {
        self.slots.push(v.map_or(Slot::Null, Slot::Int));
    }
    pub fn push_bool(&mut self, v: Option<bool>) {
        self.slots.push(v.map_or(Slot::Null, Slot::Bool));
    }
    /// The value of the `i`th report column.
    pub fn value(&self, i: usize) -> Value<'_> {
        match self.slots.get(i).copied().unwrap_or(Slot::Null) {
            Slot::Null => Value::Null,
            Slot::Text(a, b) => Value::Text(&self.text[a as usize..b as usize]),
            Slot::Int(v) => Value::Int(v),
            Slot::Bool(v) => Value::Bool(v),
        }
    }
    /// The values an insert gives after `branch, report_date`
    /// ([`insert_columns`]' order, `line` first).
    pub fn stored_values(&self) -> impl Iterator<Item = Value<'_>> {
        std::iter::once(Value::Int(self.line)).chain(stored_columns().map(|(i, _)| self.value(i)))
    }
    pub fn job_no(&self) -> &str {
        match self.value(JOB_NO) {
            Value::Text(s) => s,
            _ => "",
        }
    }
}

/// Where `job_no` is among the report's columns.
const JOB_NO: usize = 2;

/// Adds a row to the report [`put_report`] put in place; false (nothing
/// added) when the report has a row of that job already.
pub fn insert_row(c: &Connection, branch: &str, date: &str, r: &NewRow) -> Result<bool> {
    thread_local! {
        static SQL: String = {
            let n = report::COLUMNS.len() + 1;
            let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
            format!(
                "INSERT INTO center_report_rows(branch, report_date, {}) VALUES ({})",
                insert_columns(),
                marks.join(", ")
            )
        };
    }
    let added = SQL.with(|sql| -> rusqlite::Result<usize> {
        let mut st = c.prepare_cached(sql)?;
        st.raw_bind_parameter(1, branch)?;
        st.raw_bind_parameter(2, date)?;
        for (i, v) in r.stored_values().enumerate() {
            st.raw_bind_parameter(i + 3, v)?;
        }
        st.raw_execute()
    });
    match added {
        Ok(_) => Ok(true),
        Err(e)
            if e.sqlite_extended_error_code()
                == Some(rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY) =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// A report row's columns, in the order [`row_from`] reads them.
pub(crate) const ROW_COLS: &str = "line, job_no, engineer, status, callback_kind, callback_due, \
    callback_result, callback_overdue, discrepancies_open, invoice_owed, outcome, card_state, \
    touched, open_items, late_minutes, loaner_overdue, counts";

/// A [`ROW_COLS`] row, its first column at `at`.
fn row_from(r: &Row, at: usize) -> rusqlite::Result<ReportRow> {
    let get = |i: usize| at + i;
    Ok(report_row(RawRow {
        line: r.get(get(0))?,
        job_no: r.get(get(1))?,
        engineer: text_or_empty(r.get(get(2))?),
        status: text_or_empty(r.get(get(3))?),
        callback_kind: text_or_empty(r.get(get(4))?),
        callback_due: r.get(get(5))?,
        callback_result: text_or_empty(r.get(get(6))?),
        callback_overdue: r.get(get(7))?,
        discrepancies_open: r.get(get(8))?,
        invoice_owed: r.get(get(9))?,
        outcome: text_or_empty(r.get(get(10))?),
        card_state: text_or_empty(r.get(get(11))?),
        touched: r.get(get(12))?,
        open_items: r.get(get(13))?,
        late_minutes: r.get(get(14))?,
        loaner_overdue: r.get(get(15))?,
        counts: r.get(get(16))?,
    }))
}

/// A cell that may be absent, as text (absent: empty).
pub(crate) fn text_or_empty(v: Option<String>) -> String {
    v.unwrap_or_default()
}

/// A stored report row's columns as either engine gives them.
pub(crate) struct RawRow {
    pub line: i64,
    pub job_no: String,
    pub engineer: String,
    pub status: String,
    pub callback_kind: String,
    pub callback_due: Option<i64>,
    pub callback_result: String,
    pub callback_overdue: bool,
    pub discrepancies_open: String,
    pub invoice_owed: bool,
    pub outcome: String,
    pub card_state: String,
    pub touched: Option<bool>,
    pub open_items: String,
    pub late_minutes: Option<i64>,
    pub loaner_overdue: bool,
    pub counts: Option<String>,
}

/// A [`ReportRow`] of its stored columns.
pub(crate) fn report_row(r: RawRow) -> ReportRow {
    let list = |v: &str| -> Vec<String> {
        v.split(';')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    ReportRow {
        line: r.line,
        job_no: r.job_no,
        engineer: r.engineer,
        outcome: r.outcome,
        card_state: r.card_state,
        facts: ReportRowFacts {
            status: r.status,
            callback_kind: r.callback_kind,
            callback_result: r.callback_result,
            callback_overdue: r.callback_overdue,
            discrepancies_open: list(&r.discrepancies_open),
            invoice_owed: r.invoice_owed,
            late_minutes: r.late_minutes,
            loaner_overdue: r.loaner_overdue,
        },
        callback_due: ts(r.callback_due),
        open_items: list(&r.open_items),
        touched: r.touched,
        counts: r.counts,
    }
}

/// A report's rows in the file's order.
pub fn rows_of(c: &Connection, branch: &str, date: &str) -> Result<Vec<ReportRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {ROW_COLS} FROM center_report_rows
             WHERE branch = ?1 AND report_date = ?2 ORDER BY line"
    ))?;
    let rows = st
        .query_map(params![branch, date], |r| row_from(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Marks a branch checked at a check time of a day (again: the newer mark
/// replaces the older).
pub fn mark_checked(c: &Connection, date: &str, mark: &CheckMark) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO center_checks(branch, check_date, check_time, checked_at, checked_by, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(branch, check_date, check_time) DO UPDATE SET
            checked_at = excluded.checked_at, checked_by = excluded.checked_by,
            note = excluded.note",
    )?
    .execute(params![
        mark.branch,
        date,
        mark.check_time,
        mark.checked_at.timestamp(),
        mark.checked_by,
        mark.note
    ])?;
    Ok(())
}

pub fn checks_of_date(c: &Connection, date: &str) -> Result<Vec<CheckMark>> {
    let mut st = c.prepare_cached(
        "SELECT branch, check_time, checked_at, checked_by, note FROM center_checks
         WHERE check_date = ?1 ORDER BY branch, check_time",
    )?;
    let rows = st
        .query_map([date], |r| {
            Ok(CheckMark {
                branch: r.get(0)?,
                check_time: r.get(1)?,
                checked_at: ts(r.get(2)?).unwrap_or_default(),
                checked_by: r.get(3)?,
                note: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// `r` is its job's newest word: a touched row (rows of jobs only still
/// open, not touched that day, repeat an earlier word and are passed over)
/// that no later touched row of the same branch and job follows (one look-up
/// in `center_report_rows_job` per row: nothing grouped, nothing held).
const NEWEST: &str = "r.touched IS NOT 0 AND NOT EXISTS (
        SELECT 1 FROM center_report_rows n
        WHERE n.branch = r.branch AND n.job_no = r.job_no AND n.report_date > r.report_date
          AND n.touched IS NOT 0)";

/// A timed callback still pending (no result, or only `unreachable`).
const PENDING: &str = "(r.callback_kind <> '' AND r.callback_result IN ('', 'unreachable')
        AND r.callback_due IS NOT NULL)";

/// The cells of a newest row the supervisor's review reads besides the
/// columns it computes with, as the branch wrote them (a cell not in the
/// report's header is empty; `pending_callbacks` is `None` then).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewCells<'a> {
    pub customer: &'a str,
    pub phone: &'a str,
    pub callback_attempts: &'a str,
    pub discrepancies: &'a str,
    pub charge: &'a str,
    pub receipt_no: &'a str,
    pub revisit_of: &'a str,
    pub revisits: &'a str,
    /// Every timed callback still pending (schema 3): `kind@due@attempts;…`;
    /// `None` in a report from before the column.
    pub pending_callbacks: Option<&'a str>,
}

/// One newest row, borrowed from the statement while it is read.
#[derive(Debug, Clone, Copy)]
pub struct NewestRow<'a> {
    pub branch: &'a str,
    pub report_date: &'a str,
    pub job_no: &'a str,
    pub engineer: &'a str,
    pub status: &'a str,
    pub outcome: &'a str,
    pub callback_kind: &'a str,
    pub callback_due: Option<Ts>,
    pub callback_result: &'a str,
    pub card_state: &'a str,
    pub discrepancies_open: &'a str,
    pub cells: ReviewCells<'a>,
}

/// A text column that may be NULL (a cell not in the report), as text.
fn text<'a>(r: &'a Row, i: usize) -> rusqlite::Result<&'a str> {
    Ok(maybe_text(r, i)?.unwrap_or(""))
}

fn maybe_text<'a>(r: &'a Row, i: usize) -> rusqlite::Result<Option<&'a str>> {
    r.get_ref(i)?
        .as_str_or_null()
        .map_err(rusqlite::Error::from)
}

/// The columns of a [`NewestRow`], in the order [`newest_row`] reads them.
pub(crate) const NEWEST_COLS: &str = "r.branch, r.report_date, r.job_no, r.engineer, r.status, \
    r.outcome, r.callback_kind, r.callback_due, r.callback_result, r.card_state, \
    r.discrepancies_open, r.customer, r.phone, r.callback_attempts, r.discrepancies, r.charge, \
    r.receipt_no, r.revisit_of, r.revisits, r.pending_callbacks";

/// The statement of [`each_newest`].
fn newest_sql(filter: &str) -> String {
    format!(
        "SELECT {NEWEST_COLS}
         FROM center_report_rows r
         WHERE {filter} AND {NEWEST}"
    )
}

/// Each newest row meeting `filter`, one at a time, in no fixed order.
fn each_newest(
    c: &Connection,
    filter: &str,
    p: impl rusqlite::Params,
    mut f: impl FnMut(NewestRow) -> Result<()>,
) -> Result<()> {
    let mut st = c.prepare_cached(&newest_sql(filter))?;
    let mut rows = st.query(p)?;
    while let Some(r) = rows.next()? {
        f(newest_row(r)?)?;
    }
    Ok(())
}

/// A [`NewestRow`] of a statement that selects [`NEWEST_COLS`] in order.
fn newest_row<'r>(r: &'r Row<'r>) -> Result<NewestRow<'r>> {
    Ok(NewestRow {
        branch: text(r, 0)?,
        report_date: text(r, 1)?,
        job_no: text(r, 2)?,
        engineer: text(r, 3)?,
        status: text(r, 4)?,
        outcome: text(r, 5)?,
        callback_kind: text(r, 6)?,
        callback_due: ts(r.get(7)?),
        callback_result: text(r, 8)?,
        card_state: text(r, 9)?,
        discrepancies_open: text(r, 10)?,
        cells: ReviewCells {
            customer: text(r, 11)?,
            phone: text(r, 12)?,
            callback_attempts: text(r, 13)?,
            discrepancies: text(r, 14)?,
            charge: text(r, 15)?,
            receipt_no: text(r, 16)?,
            revisit_of: text(r, 17)?,
            revisits: text(r, 18)?,
            pending_callbacks: maybe_text(r, 19)?,
        },
    })
}

/// The rows of each branch's newest report dated up to `last`
/// (`YYYY-MM-DD`), touched that day or not: the branch's state when it last
/// reported (a branch that skipped a day still shows what it left open).
const NEWEST_REPORTS: &str = "(SELECT branch, max(report_date) AS d FROM center_reports
        WHERE report_date <= ?2 GROUP BY branch) m
     JOIN center_report_rows r ON r.branch = m.branch AND r.report_date = m.d";

/// Every row of each branch's newest report dated up to `last` with a
/// timed callback still pending, due before `before` (`None`: any), one at
/// a time: `overdue` and the supervisor's list on a center.
pub fn each_pending_callback(
    c: &Connection,
    last: &str,
    before: Option<Ts>,
    mut f: impl FnMut(NewestRow) -> Result<()>,
) -> Result<()> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {NEWEST_COLS}
         FROM {NEWEST_REPORTS}
         WHERE {PENDING} AND r.callback_due < ?1"
    ))?;
    let before = before.map(|t| t.timestamp()).unwrap_or(i64::MAX);
    let mut rows = st.query(params![before, last])?;
    while let Some(r) = rows.next()? {
        f(newest_row(r)?)?;
    }
    Ok(())
}

/// Each job's newest row that the supervisor's review may list: a timed
/// callback pending, a possible forgery, a possible link of a re-visit
/// chain (a superset: the caller decides from the row). One pass.
pub fn each_review_row(c: &Connection, mut f: impl FnMut(NewestRow) -> Result<()>) -> Result<()> {
    each_newest(
        c,
        "1",
        [],
        |r| {
            if review_may_list(&r) { f(r) } else { Ok(()) }
        },
    )
}

/// A job past its on-site promise in its branch's newest report: branch,
/// job, engineer and the deadline the branch computed (`onsite_due`, RFC
/// 3339; blank in reports made before that column).
pub struct OnsiteLate {
    pub branch: String,
    pub job_no: String,
    pub engineer: String,
    pub due: String,
    /// Whom to call, as the row names them.
    pub customer: String,
    pub phone: String,
}

/// Every job that its branch's newest report dated up to `last` lists
/// with `response_overdue` (open rows are not "touched", so the newest rows
/// of [`each_review_row`] leave them out).
pub fn onsite_late(c: &Connection, last: &str) -> Result<Vec<OnsiteLate>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT r.branch, r.job_no, r.engineer, coalesce(r.onsite_due, ''),
                coalesce(r.customer, ''), coalesce(r.phone, '')
         FROM {NEWEST_REPORTS}
         WHERE instr(r.open_items, 'response_overdue') > 0 AND ?1 = ?1"
    ))?;
    let rows = st
        .query_map(params![0, last], |r| {
            Ok(OnsiteLate {
                branch: r.get(0)?,
                job_no: r.get(1)?,
                engineer: text(r, 2)?.to_string(),
                due: r.get(3)?,
                customer: r.get(4)?,
                phone: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Whether the review may list a newest row: its callback pending, a
/// suspect discrepancy or a denied signature, or a `revisit_of` or
/// `revisits` cell that is not empty.
pub(crate) fn review_may_list(r: &NewestRow) -> bool {
    const SUSPECT: [&str; 2] = ["signature_suspect", "satisfaction_conflict"];
    let pending = !r.callback_kind.is_empty()
        && matches!(r.callback_result, "" | "unreachable")
        && r.callback_due.is_some();
    pending
        || r.callback_result == "denies_signature"
        || SUSPECT
            .iter()
            .any(|k| r.discrepancies_open.contains(k) || r.cells.discrepancies.contains(k))
        || !r.cells.revisit_of.is_empty()
        || !r.cells.revisits.is_empty()
}

/// One touched row of a report in a period, for the scorecard.
#[derive(Debug, Clone, Copy)]
pub struct PeriodRow<'a> {
    pub job_no: &'a str,
    pub engineer: &'a str,
    pub callback_overdue: bool,
    pub callback_result: &'a str,
    pub revisit_of: &'a str,
    pub late_minutes: Option<i64>,
    pub discrepancies: &'a str,
    pub open_items: &'a str,
}

/// The columns of a [`PeriodRow`], in order.
pub(crate) const PERIOD_COLS: &str = "job_no, engineer, callback_overdue, callback_result, \
    revisit_of, late_minutes, discrepancies, open_items";

/// Each touched row (a job of that day) of `branch`'s reports dated
/// `first` ..= `last` (YYYY-MM-DD), one at a time (the key's range: only
/// those rows are read).
pub fn each_row_between(
    c: &Connection,
    branch: &str,
    first: &str,
    last: &str,
    mut f: impl FnMut(PeriodRow) -> Result<()>,
) -> Result<()> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {PERIOD_COLS}
         FROM center_report_rows
         WHERE branch = ?1 AND report_date BETWEEN ?2 AND ?3 AND touched IS NOT 0"
    ))?;
    let mut rows = st.query(params![branch, first, last])?;
    while let Some(r) = rows.next()? {
        f(PeriodRow {
            job_no: text(r, 0)?,
            engineer: text(r, 1)?,
            callback_overdue: r.get(2)?,
            callback_result: text(r, 3)?,
            revisit_of: text(r, 4)?,
            late_minutes: r.get(5)?,
            discrepancies: text(r, 6)?,
            open_items: text(r, 7)?,
        })?;
    }
    Ok(())
}

/// Whether this database holds a center's reports (and no branch jobs).
pub fn is_center(c: &Connection) -> Result<bool> {
    let reports: i64 = c.query_row("SELECT EXISTS (SELECT 1 FROM center_reports)", [], |r| {
        r.get(0)
    })?;
    let jobs: i64 = c.query_row("SELECT EXISTS (SELECT 1 FROM jobs)", [], |r| r.get(0))?;
    Ok(reports == 1 && jobs == 0)
}

/// Each job's `voice` cell from the newest report holding the job, per
/// branch (touched that day or not: the branch's state when it last
/// listed the job), one at a time: `(branch, job_no, voice)`. Rows of
/// reports before schema 3 have no such cell and are skipped, as are
/// empty ones.
pub fn each_newest_voice(
    c: &Connection,
    mut f: impl FnMut(&str, &str, &str) -> Result<()>,
) -> Result<()> {
    let mut st = c.prepare_cached(
        "SELECT branch, job_no, report_date, voice FROM center_report_rows
         ORDER BY branch, job_no, report_date DESC",
    )?;
    let mut rows = st.query([])?;
    let mut last: Option<(String, String)> = None;
    while let Some(r) = rows.next()? {
        let (branch, job_no) = (text(r, 0)?, text(r, 1)?);
        if last
            .as_ref()
            .is_some_and(|(b, j)| b == branch && j == job_no)
        {
            continue;
        }
        last = Some((branch.to_string(), job_no.to_string()));
        let voice = text(r, 3)?;
        if !voice.is_empty() {
            f(branch, job_no, voice)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(c: &Connection, sql: &str) -> String {
        let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        st.query_map([0], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
            .join("\n")
    }

    /// The table has a column per report column, named and typed as
    /// [`stored`] says (a report column added without its migration, or a
    /// migration that differs, fails here).
    #[test]
    fn the_rows_table_is_the_report_columns_as_stored() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let mut st = store
            .conn()
            .prepare("SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info('center_report_rows') ORDER BY cid")
            .unwrap();
        let got: Vec<(String, String, bool, Option<String>)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut want = vec![
            ("branch".to_string(), "TEXT NOT NULL"),
            ("report_date".to_string(), "TEXT NOT NULL"),
        ];
        want.extend(insert_columns().split(", ").map(|name| {
            let ty = match report::column(name) {
                Some(c) => stored(c).sqlite(),
                None => "INTEGER NOT NULL",
            };
            (name.to_string(), ty)
        }));
        let got: Vec<(String, String)> = got
            .into_iter()
            .map(|(name, ty, not_null, default)| {
                let mut t = ty;
                if not_null {
                    t += " NOT NULL";
                }
                if let Some(d) = default {
                    t += &format!(" DEFAULT {d}");
                }
                (name, t)
            })
            .collect();
        let want: Vec<(String, String)> = want.into_iter().map(|(n, t)| (n, t.into())).collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), report::COLUMNS.len() + 1);
    }

    #[test]
    fn the_newest_word_of_a_job_is_one_index_look_up_not_a_grouping() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let c = store.conn();
        let p = plan(
            c,
            &newest_sql(&format!("{PENDING} AND r.callback_due < ?1")),
        );
        assert!(p.contains("USING INDEX center_report_rows_job"), "{p}");
        assert!(!p.contains("TEMP B-TREE"), "{p}");
        assert!(!p.contains("MATERIALIZE"), "{p}");
        // A branch's rows of a period: a range of the key.
        let p = plan(
            c,
            "SELECT job_no FROM center_report_rows
             WHERE branch = ?1 AND report_date BETWEEN ?1 AND ?1 AND touched IS NOT 0",
        );
        assert!(
            p.contains("branch=? AND report_date>? AND report_date<?"),
            "{p}"
        );
    }
}
