//! The center's tables: expected branches, imported daily reports (the
//! newest generation of each branch-day) with their rows, and check marks.

pub mod engine;
pub mod ops;
pub mod pg;

pub use engine::CenterDb;
pub use ops::CenterOps;

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
    /// The manifest's `counts_without_job` (`name:n;…`): what no row of the
    /// report carries (complaints about no job).
    pub counts_without_job: Option<String>,
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

/// One row of a report being imported, borrowed from the file's record.
#[derive(Debug, Clone, Copy)]
pub struct NewRow<'a> {
    pub line: i64,
    pub job_no: &'a str,
    pub engineer: &'a str,
    pub status: &'a str,
    pub outcome: &'a str,
    pub callback_kind: &'a str,
    pub callback_due: Option<Ts>,
    pub callback_result: &'a str,
    pub callback_overdue: bool,
    pub card_state: &'a str,
    /// `;`-joined codes.
    pub discrepancies_open: &'a str,
    pub invoice_owed: bool,
    pub cells: &'a str,
    pub touched: Option<bool>,
    /// `;`-joined codes.
    pub open_items: &'a str,
}

/// Adds a row to the report [`put_report`] put in place; false (nothing
/// added) when the report has a row of that job already.
pub fn insert_row(c: &Connection, branch: &str, date: &str, r: &NewRow) -> Result<bool> {
    let added = c
        .prepare_cached(
            "INSERT INTO center_report_rows(branch, report_date, line, job_no, engineer, status,
            outcome, callback_kind, callback_due, callback_result, callback_overdue, card_state,
            discrepancies_open, invoice_owed, cells, touched, open_items)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?
        .execute(params![
            branch,
            date,
            r.line,
            r.job_no,
            r.engineer,
            r.status,
            r.outcome,
            r.callback_kind,
            r.callback_due.map(|t| t.timestamp()),
            r.callback_result,
            r.callback_overdue,
            r.card_state,
            r.discrepancies_open,
            r.invoice_owed,
            r.cells,
            r.touched,
            r.open_items,
        ]);
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
const ROW_COLS: &str = "line, job_no, engineer, status, callback_kind, callback_due, \
    callback_result, callback_overdue, discrepancies_open, invoice_owed, cells, outcome, card_state, \
    touched, open_items";

/// A [`ROW_COLS`] row, its first column at `at`.
fn row_from(r: &Row, at: usize) -> rusqlite::Result<ReportRow> {
    let get = |i: usize| at + i;
    Ok(report_row(RawRow {
        line: r.get(get(0))?,
        job_no: r.get(get(1))?,
        engineer: r.get(get(2))?,
        status: r.get(get(3))?,
        callback_kind: r.get(get(4))?,
        callback_due: r.get(get(5))?,
        callback_result: r.get(get(6))?,
        callback_overdue: r.get(get(7))?,
        discrepancies_open: r.get(get(8))?,
        invoice_owed: r.get(get(9))?,
        cells: r.get(get(10))?,
        outcome: r.get(get(11))?,
        card_state: r.get(get(12))?,
        touched: r.get(get(13))?,
        open_items: r.get(get(14))?,
    }))
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
    pub cells: String,
    pub outcome: String,
    pub card_state: String,
    pub touched: Option<bool>,
    pub open_items: String,
}

/// A [`ReportRow`] of its stored columns.
pub(crate) fn report_row(r: RawRow) -> ReportRow {
    // The two cells the figures read that have no column of their own,
    // borrowed from the JSON (every other cell is skipped unread).
    #[derive(Default, serde::Deserialize)]
    #[serde(default)]
    struct Few<'a> {
        #[serde(borrow)]
        late_minutes: std::borrow::Cow<'a, str>,
        #[serde(borrow)]
        loaner_overdue: std::borrow::Cow<'a, str>,
        #[serde(borrow)]
        counts: Option<std::borrow::Cow<'a, str>>,
    }
    let few: Few = serde_json::from_str(&r.cells).unwrap_or_default();
    let counts = few.counts.as_ref().map(|c| c.to_string());
    let (late_minutes, loaner_overdue) =
        (few.late_minutes.parse().ok(), few.loaner_overdue == "yes");
    drop(few);
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
            late_minutes,
            loaner_overdue,
        },
        callback_due: ts(r.callback_due),
        open_items: list(&r.open_items),
        cells: r.cells,
        touched: r.touched,
        counts,
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
    /// Every cell (JSON object, column → value).
    pub cells: &'a str,
}

fn text<'a>(r: &'a Row, i: usize) -> rusqlite::Result<&'a str> {
    r.get_ref(i)?.as_str().map_err(rusqlite::Error::from)
}

/// The statement of [`each_newest`].
fn newest_sql(filter: &str) -> String {
    format!(
        "SELECT r.branch, r.report_date, r.job_no, r.engineer, r.status, r.outcome,
                r.callback_kind, r.callback_due, r.callback_result, r.card_state,
                r.discrepancies_open, r.cells
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

/// A [`NewestRow`] of a statement that selects its twelve columns in order.
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
        cells: text(r, 11)?,
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
        "SELECT r.branch, r.report_date, r.job_no, r.engineer, r.status, r.outcome,
                r.callback_kind, r.callback_due, r.callback_result, r.card_state,
                r.discrepancies_open, r.cells
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
/// chain (a superset: the caller decides from the row). One pass; the
/// cells' text is only searched here (SQLite's `instr` took a third of the
/// time).
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
}

/// Every job that its branch's newest report dated up to `last` lists
/// with `response_overdue` (open rows are not "touched", so the newest rows
/// of [`each_review_row`] leave them out).
pub fn onsite_late(c: &Connection, last: &str) -> Result<Vec<OnsiteLate>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT r.branch, r.job_no, r.engineer,
                coalesce(json_extract(r.cells, '$.onsite_due'), '')
         FROM {NEWEST_REPORTS}
         WHERE instr(r.open_items, 'response_overdue') > 0 AND ?1 = ?1"
    ))?;
    let rows = st
        .query_map(params![0, last], |r| {
            Ok(OnsiteLate {
                branch: r.get(0)?,
                job_no: r.get(1)?,
                engineer: r.get(2)?,
                due: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Whether the review may list a newest row: its callback pending, a
/// suspect discrepancy or a denied signature, or a `revisit_of` or
/// `revisits` cell that is not empty (or absent). `cells` is compact JSON
/// written by the import, where an empty cell is exactly `"revisit_of":""`
/// (a quote inside a value is escaped, so no value can look like it).
pub(crate) fn review_may_list(r: &NewestRow) -> bool {
    const SUSPECT: [&str; 2] = ["signature_suspect", "satisfaction_conflict"];
    let pending = !r.callback_kind.is_empty()
        && matches!(r.callback_result, "" | "unreachable")
        && r.callback_due.is_some();
    pending
        || r.callback_result == "denies_signature"
        || SUSPECT
            .iter()
            .any(|k| r.discrepancies_open.contains(k) || r.cells.contains(k))
        || !r.cells.contains(r#""revisit_of":"""#)
        || !r.cells.contains(r#""revisits":"""#)
}

/// One touched row of a report in a period, for the scorecard.
#[derive(Debug, Clone, Copy)]
pub struct PeriodRow<'a> {
    pub job_no: &'a str,
    pub engineer: &'a str,
    pub callback_overdue: bool,
    pub callback_result: &'a str,
    pub cells: &'a str,
}

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
    let mut st = c.prepare_cached(
        "SELECT job_no, engineer, callback_overdue, callback_result, cells
         FROM center_report_rows
         WHERE branch = ?1 AND report_date BETWEEN ?2 AND ?3 AND touched IS NOT 0",
    )?;
    let mut rows = st.query(params![branch, first, last])?;
    while let Some(r) = rows.next()? {
        f(PeriodRow {
            job_no: text(r, 0)?,
            engineer: text(r, 1)?,
            callback_overdue: r.get(2)?,
            callback_result: text(r, 3)?,
            cells: text(r, 4)?,
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
/// reports before schema 3 have no such cell and are skipped.
pub fn each_newest_voice(
    c: &Connection,
    mut f: impl FnMut(&str, &str, &str) -> Result<()>,
) -> Result<()> {
    let mut st = c.prepare_cached(
        "SELECT branch, job_no, report_date, cells FROM center_report_rows
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
        if let Some(v) = voice_cell(text(r, 3)?) {
            f(branch, job_no, &v)?;
        }
    }
    Ok(())
}

/// A row's `voice` cell, when it has one that is not empty.
pub(crate) fn voice_cell(cells: &str) -> Option<String> {
    let cells: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(cells).unwrap_or_default();
    cells
        .get("voice")
        .and_then(|v| v.as_str())
        .filter(|v| !v.is_empty())
        .map(String::from)
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
