//! The `cases` table (cases for the center's ruling) and the
//! delay notices (`delays`, `delay_notices`).

use super::{Result, code, ts};
use crate::domain::case::{CaseKind, Decision};
use crate::domain::time::Ts;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// A case as stored, with its job's number and engineer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub job_id: i64,
    pub job_no: String,
    pub engineer: String,
    pub customer: String,
    pub phone: String,
    pub kind: CaseKind,
    pub note: String,
    pub opened_at: Ts,
    pub opened_by: String,
    pub decision: Option<Decision>,
    pub ruling_note: String,
    pub ruled_at: Option<Ts>,
    pub ruled_by: String,
    pub ruling_file: String,
    pub closed_at: Option<Ts>,
    pub close_note: String,
}

const COLS: &str = "k.id, k.job_id, j.job_no, j.engineer, j.customer, j.phone, k.kind, k.note, \
    k.opened_at, k.opened_by, k.decision, k.ruling_note, k.ruled_at, k.ruled_by, k.ruling_file, \
    k.closed_at, k.close_note";

fn from_row(r: &Row) -> rusqlite::Result<CaseRow> {
    Ok(CaseRow {
        id: r.get(0)?,
        job_id: r.get(1)?,
        job_no: r.get(2)?,
        engineer: r.get(3)?,
        customer: r.get(4)?,
        phone: r.get(5)?,
        kind: code(r.get(6)?, CaseKind::parse)?.unwrap_or(CaseKind::FeeWaiver),
        note: r.get(7)?,
        opened_at: ts(r.get(8)?).unwrap_or_default(),
        opened_by: r.get(9)?,
        decision: code(r.get(10)?, Decision::parse)?,
        ruling_note: r.get(11)?,
        ruled_at: ts(r.get(12)?),
        ruled_by: r.get(13)?,
        ruling_file: r.get(14)?,
        closed_at: ts(r.get(15)?),
        close_note: r.get(16)?,
    })
}

pub fn insert(
    c: &Connection,
    job_id: i64,
    kind: CaseKind,
    note: &str,
    at: Ts,
    by: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO cases (job_id, kind, note, opened_at, opened_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![job_id, kind.code(), note, at.timestamp(), by])?;
    Ok(c.last_insert_rowid())
}

pub fn by_id(c: &Connection, id: i64) -> Result<Option<CaseRow>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLS} FROM cases k JOIN jobs j ON j.id = k.job_id WHERE k.id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()?)
}

/// The cases not closed (every one with `all`), oldest first.
pub fn list(c: &Connection, all: bool) -> Result<Vec<CaseRow>> {
    let filter = if all { "1" } else { "k.closed_at IS NULL" };
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM cases k JOIN jobs j ON j.id = k.job_id WHERE {filter}
         ORDER BY k.opened_at, k.id"
    ))?;
    let rows = st
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The cases of a job (every one), oldest first.
pub fn of_job(c: &Connection, job_id: i64) -> Result<Vec<CaseRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM cases k JOIN jobs j ON j.id = k.job_id WHERE k.job_id = ?1
         ORDER BY k.opened_at, k.id"
    ))?;
    let rows = st
        .query_map([job_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn set_ruling(
    c: &Connection,
    id: i64,
    decision: Decision,
    note: &str,
    ruled_at: Ts,
    ruled_by: &str,
    file: &str,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE cases SET decision = ?2, ruling_note = ?3, ruled_at = ?4, ruled_by = ?5,
            ruling_file = ?6 WHERE id = ?1",
    )?
    .execute(params![
        id,
        decision.code(),
        note,
        ruled_at.timestamp(),
        ruled_by,
        file
    ])?;
    Ok(())
}

pub fn close(c: &Connection, id: i64, at: Ts, note: &str) -> Result<()> {
    c.prepare_cached("UPDATE cases SET closed_at = ?2, close_note = ?3 WHERE id = ?1")?
        .execute(params![id, at.timestamp(), note])?;
    Ok(())
}

/// Jobs with a case event (opened, ruled, closed) in `[start, end)`: the
/// jobs a case touches that day.
pub fn touched_between(c: &Connection, start: Ts, end: Ts) -> Result<Vec<i64>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT job_id FROM cases
         WHERE (opened_at >= ?1 AND opened_at < ?2) OR (ruled_at >= ?1 AND ruled_at < ?2)
            OR (closed_at >= ?1 AND closed_at < ?2)",
    )?;
    let rows = st
        .query_map(params![start.timestamp(), end.timestamp()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

// ---- delay notices ----

/// A customer still to be told that the engineer is running late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRow {
    pub id: i64,
    pub job_id: i64,
    pub job_no: String,
    pub engineer: String,
    pub customer: String,
    pub phone: String,
    pub appt_start: Ts,
    pub minutes: i64,
    pub note: String,
    pub noted_at: Ts,
}

pub fn insert_delay(
    c: &Connection,
    engineer: &str,
    minutes: i64,
    note: &str,
    at: Ts,
    by: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO delays (engineer, minutes, note, at, operator) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![engineer, minutes, note, at.timestamp(), by])?;
    Ok(c.last_insert_rowid())
}

pub fn insert_notice(c: &Connection, delay_id: i64, job_id: i64, appt_start: Ts) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO delay_notices (delay_id, job_id, appt_start) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![delay_id, job_id, appt_start.timestamp()])?;
    Ok(())
}

/// The engineer's jobs with a window starting in `[from, to)`, not closed
/// and with no visit since `day_start`: `(job_id, appt_start)`, by start.
pub fn appointments_ahead(
    c: &Connection,
    engineer: &str,
    from: Ts,
    to: Ts,
    day_start: Ts,
) -> Result<Vec<(i64, Ts)>> {
    let mut st = c.prepare_cached(
        "SELECT j.id, j.appt_start FROM jobs j
         WHERE j.engineer = ?1 AND j.appt_start >= ?2 AND j.appt_start < ?3
           AND j.status NOT IN ('done', 'cancelled')
           AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.job_id = j.id
                           AND coalesce(v.at, v.created_at) >= ?4)
         ORDER BY j.appt_start, j.id",
    )?;
    let rows = st
        .query_map(
            params![
                engineer,
                from.timestamp(),
                to.timestamp(),
                day_start.timestamp()
            ],
            |r| Ok((r.get(0)?, ts(r.get(1)?).unwrap_or_default())),
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The notices not yet told, whose job has had no visit since the notice
/// (a visit ends the need to tell), newest delay per job, by appointment.
pub fn notices_open(c: &Connection) -> Result<Vec<NoticeRow>> {
    let mut st = c.prepare_cached(
        "SELECT n.id, n.job_id, j.job_no, d.engineer, j.customer, j.phone, n.appt_start,
                d.minutes, d.note, d.at
         FROM delay_notices n JOIN delays d ON d.id = n.delay_id JOIN jobs j ON j.id = n.job_id
         WHERE n.informed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.job_id = n.job_id
                           AND coalesce(v.at, v.created_at) >= d.at)
           AND NOT EXISTS (SELECT 1 FROM delay_notices m JOIN delays e ON e.id = m.delay_id
                           WHERE m.job_id = n.job_id AND m.informed_at IS NULL AND m.id > n.id)
         ORDER BY n.appt_start, n.id",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(NoticeRow {
                id: r.get(0)?,
                job_id: r.get(1)?,
                job_no: r.get(2)?,
                engineer: r.get(3)?,
                customer: r.get(4)?,
                phone: r.get(5)?,
                appt_start: ts(r.get(6)?).unwrap_or_default(),
                minutes: r.get(7)?,
                note: r.get(8)?,
                noted_at: ts(r.get(9)?).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Marks every open notice of a job told; returns how many.
pub fn mark_informed(c: &Connection, job_id: i64, at: Ts, by: &str) -> Result<usize> {
    Ok(c.prepare_cached(
        "UPDATE delay_notices SET informed_at = ?2, informed_by = ?3
         WHERE job_id = ?1 AND informed_at IS NULL",
    )?
    .execute(params![job_id, at.timestamp(), by])?)
}
