//! The center's tables: expected branches, imported daily reports (the
//! newest generation of each branch-day) with their rows, and check marks.

use super::{Result, ts};
use crate::domain::center::ReportRowFacts;
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
}

/// One row of a report: the columns the center computes with, and every
/// cell (JSON object, column → value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub line: i64,
    pub job_no: String,
    pub engineer: String,
    pub outcome: String,
    pub card_state: String,
    pub facts: ReportRowFacts,
    pub callback_due: Option<Ts>,
    pub cells: String,
    /// Touched that day (`None`: a report from before the column, counted
    /// as touched).
    pub touched: Option<bool>,
    /// The row's `open_items` codes.
    pub open_items: Vec<String>,
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
    history, rows, sha256, source, imported_at, reconciled_at, cutoff_at";

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

/// Puts a report in place of the branch-day's older generation (if any):
/// its rows are replaced as a whole. Call inside a transaction.
pub fn replace_report(c: &Connection, meta: &ReportMeta, rows: &[ReportRow]) -> Result<()> {
    c.prepare_cached("DELETE FROM center_report_rows WHERE branch = ?1 AND report_date = ?2")?
        .execute(params![meta.branch, meta.date])?;
    c.prepare_cached(&format!(
        "INSERT INTO center_reports({REPORT_COLS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT(branch, report_date) DO UPDATE SET
            generation = excluded.generation, generated_at = excluded.generated_at,
            first_generated_at = excluded.first_generated_at, history = excluded.history,
            rows = excluded.rows, sha256 = excluded.sha256, source = excluded.source,
            imported_at = excluded.imported_at, reconciled_at = excluded.reconciled_at,
            cutoff_at = excluded.cutoff_at"
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
    ])?;
    let mut ins = c.prepare_cached(
        "INSERT INTO center_report_rows(branch, report_date, line, job_no, engineer, status,
            outcome, callback_kind, callback_due, callback_result, callback_overdue, card_state,
            discrepancies_open, invoice_owed, cells, touched, open_items)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?14, ?7, ?8, ?9, ?10, ?15, ?11, ?12, ?13, ?16, ?17)",
    )?;
    for r in rows {
        ins.execute(params![
            meta.branch,
            meta.date,
            r.line,
            r.job_no,
            r.engineer,
            r.facts.status,
            r.facts.callback_kind,
            r.callback_due.map(|t| t.timestamp()),
            r.facts.callback_result,
            r.facts.callback_overdue,
            r.facts.discrepancies_open.join(";"),
            r.facts.invoice_owed,
            r.cells,
            r.outcome,
            r.card_state,
            r.touched,
            r.open_items.join(";"),
        ])?;
    }
    Ok(())
}

/// A report row's columns, in the order [`row_from`] reads them.
const ROW_COLS: &str = "line, job_no, engineer, status, callback_kind, callback_due, \
    callback_result, callback_overdue, discrepancies_open, invoice_owed, cells, outcome, card_state, \
    touched, open_items";

/// A [`ROW_COLS`] row, its first column at `at`.
fn row_from(r: &Row, at: usize) -> rusqlite::Result<ReportRow> {
    let get = |i: usize| at + i;
    let cells: String = r.get(get(10))?;
    let parsed: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&cells).unwrap_or_default();
    let cell = |k: &str| {
        parsed
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let open: String = r.get(get(8))?;
    Ok(ReportRow {
        line: r.get(get(0))?,
        job_no: r.get(get(1))?,
        engineer: r.get(get(2))?,
        outcome: r.get(get(11))?,
        card_state: r.get(get(12))?,
        facts: ReportRowFacts {
            status: r.get(get(3))?,
            callback_kind: r.get(get(4))?,
            callback_result: r.get(get(6))?,
            callback_overdue: r.get(get(7))?,
            discrepancies_open: open
                .split(';')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            invoice_owed: r.get(get(9))?,
            late_minutes: cell("late_minutes").parse().ok(),
            loaner_overdue: cell("loaner_overdue") == "yes",
        },
        callback_due: ts(r.get(get(5))?),
        cells,
        touched: r.get(get(13))?,
        open_items: r
            .get::<_, String>(get(14))?
            .split(';')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
    })
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

/// A job's newest row across every imported report (the latest word its
/// branch sent about it; rows of jobs only still open, not touched that
/// day, repeat an earlier word and are passed over), where that row has a timed callback still
/// pending (no result, or only `unreachable`) that was due before `before`.
pub fn pending_callbacks_due_before(
    c: &Connection,
    before: Ts,
) -> Result<Vec<(String, String, ReportRow)>> {
    let cols = row_cols_of_r();
    let mut st = c.prepare_cached(&format!(
        "SELECT r.branch, r.report_date, {cols}
         FROM center_report_rows r
         JOIN (SELECT branch, job_no, MAX(report_date) AS d FROM center_report_rows
               WHERE touched IS NOT 0 GROUP BY branch, job_no) newest
           ON newest.branch = r.branch AND newest.job_no = r.job_no AND newest.d = r.report_date
         WHERE r.callback_kind <> '' AND r.callback_result IN ('', 'unreachable')
           AND r.callback_due < ?1"
    ))?;
    branch_date_rows(&mut st, [before.timestamp()])
}

/// Whether this database holds a center's reports (and no branch jobs).
pub fn is_center(c: &Connection) -> Result<bool> {
    let reports: i64 = c.query_row("SELECT EXISTS (SELECT 1 FROM center_reports)", [], |r| {
        r.get(0)
    })?;
    let jobs: i64 = c.query_row("SELECT EXISTS (SELECT 1 FROM jobs)", [], |r| r.get(0))?;
    Ok(reports == 1 && jobs == 0)
}

/// [`ROW_COLS`] prefixed with the table alias `r`.
fn row_cols_of_r() -> String {
    ROW_COLS
        .split(", ")
        .map(|c| format!("r.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn branch_date_rows(
    st: &mut rusqlite::CachedStatement<'_>,
    p: impl rusqlite::Params,
) -> Result<Vec<(String, String, ReportRow)>> {
    let rows = st
        .query_map(p, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                row_from(r, 2)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every job's newest row across every imported report (branch, report
/// date, row): the latest word each branch sent about each job (touched
/// rows only, as above). One query.
pub fn newest_rows(c: &Connection) -> Result<Vec<(String, String, ReportRow)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT r.branch, r.report_date, {}
         FROM center_report_rows r
         JOIN (SELECT branch, job_no, MAX(report_date) AS d FROM center_report_rows
               WHERE touched IS NOT 0 GROUP BY branch, job_no) newest
           ON newest.branch = r.branch AND newest.job_no = r.job_no AND newest.d = r.report_date
         ORDER BY r.branch, r.job_no",
        row_cols_of_r()
    ))?;
    branch_date_rows(&mut st, [])
}

/// Every touched row (a job of that day) of the reports dated `first` ..=
/// `last` (YYYY-MM-DD), by branch, date and line. One query.
pub fn rows_between(
    c: &Connection,
    first: &str,
    last: &str,
) -> Result<Vec<(String, String, ReportRow)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT r.branch, r.report_date, {}
         FROM center_report_rows r
         WHERE r.report_date BETWEEN ?1 AND ?2 AND r.touched IS NOT 0
         ORDER BY r.branch, r.report_date, r.line",
        row_cols_of_r()
    ))?;
    branch_date_rows(&mut st, params![first, last])
}
