//! The center's side of the cases: the cases its branches'
//! newest reports carry, and its rulings (`center_rulings`), each exported
//! once.

use super::{Result, ts};
use crate::domain::time::Ts;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// A report row that carries cases: branch, report date, job, engineer,
/// customer and its cases' cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRowCells {
    pub branch: String,
    pub report_date: String,
    pub job_no: String,
    pub engineer: String,
    pub customer: String,
    pub case_ids: String,
    pub case_kinds: String,
    pub case_notes: String,
}

/// The rows of each branch's newest report (its latest report date) whose
/// `case_ids` cell is not empty, by branch and job.
pub fn newest_case_rows(c: &Connection) -> Result<Vec<CaseRowCells>> {
    let mut st = c.prepare_cached(
        "SELECT r.branch, r.report_date, r.job_no, coalesce(r.engineer, ''),
                coalesce(r.customer, ''), r.case_ids, coalesce(r.case_kinds, ''),
                coalesce(r.case_notes, '')
         FROM center_report_rows r
         WHERE r.report_date = (SELECT max(p.report_date) FROM center_reports p
                                WHERE p.branch = r.branch)
           AND r.case_ids <> ''
         ORDER BY r.branch, r.job_no",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(CaseRowCells {
                branch: r.get(0)?,
                report_date: r.get(1)?,
                job_no: r.get(2)?,
                engineer: r.get(3)?,
                customer: r.get(4)?,
                case_ids: r.get(5)?,
                case_kinds: r.get(6)?,
                case_notes: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A ruling of the center.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulingRow {
    pub branch: String,
    pub case_id: i64,
    pub job_no: String,
    pub kind: String,
    pub decision: String,
    pub note: String,
    pub ruled_at: Ts,
    pub ruled_by: String,
    pub exported_at: Option<Ts>,
    pub export_file: String,
}

const COLS: &str = "branch, case_id, job_no, kind, decision, note, ruled_at, ruled_by, \
    exported_at, export_file";

fn from_row(r: &Row) -> rusqlite::Result<RulingRow> {
    Ok(RulingRow {
        branch: r.get(0)?,
        case_id: r.get(1)?,
        job_no: r.get(2)?,
        kind: r.get(3)?,
        decision: r.get(4)?,
        note: r.get(5)?,
        ruled_at: ts(r.get(6)?).unwrap_or_default(),
        ruled_by: r.get(7)?,
        exported_at: ts(r.get(8)?),
        export_file: r.get(9)?,
    })
}

pub fn get(c: &Connection, branch: &str, case_id: i64) -> Result<Option<RulingRow>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLS} FROM center_rulings WHERE branch = ?1 AND case_id = ?2"
    ))?
    .query_row(params![branch, case_id], from_row)
    .optional()?)
}

/// Every ruling, by branch and case.
pub fn all(c: &Connection) -> Result<Vec<RulingRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM center_rulings ORDER BY branch, case_id"
    ))?;
    let rows = st
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn insert(c: &Connection, r: &RulingRow) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO center_rulings (branch, case_id, job_no, kind, decision, note, ruled_at,
            ruled_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        r.branch,
        r.case_id,
        r.job_no,
        r.kind,
        r.decision,
        r.note,
        r.ruled_at.timestamp(),
        r.ruled_by
    ])?;
    Ok(())
}

/// Rulings not yet exported, by branch and case.
pub fn unexported(c: &Connection) -> Result<Vec<RulingRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM center_rulings WHERE exported_at IS NULL ORDER BY branch, case_id"
    ))?;
    let rows = st
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn mark_exported(c: &Connection, branch: &str, case_id: i64, at: Ts, file: &str) -> Result<()> {
    c.prepare_cached(
        "UPDATE center_rulings SET exported_at = ?3, export_file = ?4
         WHERE branch = ?1 AND case_id = ?2",
    )?
    .execute(params![branch, case_id, at.timestamp(), file])?;
    Ok(())
}
