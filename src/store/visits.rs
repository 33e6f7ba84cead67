//! The `visits` table: outcomes reported by engineers.

use super::{Result, code, date, secs, ts};
use crate::domain::time::Ts;
use crate::domain::visit::{Outcome, Visit};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct VisitRow {
    pub id: i64,
    pub job_id: i64,
    pub visit: Visit,
    /// Finish, else arrival.
    pub at: Option<Ts>,
    pub invoice_delivered_at: Option<Ts>,
    pub returned_at: Option<Ts>,
    pub late_minutes: Option<i64>,
    pub created_at: Ts,
    /// The fee standard's sum of its fee items when recorded.
    pub fee_total: Option<i64>,
    /// A workshop repair's last day by the working-days rule.
    pub return_limit: Option<chrono::NaiveDate>,
}

impl VisitRow {
    /// The day the machine is due back: the agreed date, else the limit.
    pub fn return_due(&self) -> Option<chrono::NaiveDate> {
        self.visit.return_due.or(self.return_limit)
    }
}

const COLS: &str = "v.id, v.job_id, j.job_no, v.engineer, v.arrived_at, v.finished_at, v.outcome, \
    v.charge, v.receipt_no, v.invoice_owed, v.return_due, v.new_appointment_start, \
    v.new_appointment_end, v.note, v.at, v.invoice_delivered_at, v.returned_at, v.late_minutes, \
    v.created_at, v.fee_items, v.machine_receipt_no, v.fee_total, v.return_limit";

fn from_row(r: &Row) -> rusqlite::Result<VisitRow> {
    Ok(VisitRow {
        id: r.get(0)?,
        job_id: r.get(1)?,
        visit: Visit {
            job_no: r.get(2)?,
            engineer: r.get(3)?,
            arrived_at: ts(r.get(4)?),
            finished_at: ts(r.get(5)?),
            outcome: code(r.get(6)?, Outcome::parse)?,
            charge: r.get(7)?,
            receipt_no: r.get(8)?,
            invoice_owed: r.get::<_, Option<i64>>(9)?.map(|b| b != 0),
            return_due: date(r.get(10)?)?,
            new_appointment_start: ts(r.get(11)?),
            new_appointment_end: ts(r.get(12)?),
            note: r.get(13)?,
            fee_items: r.get(19)?,
            machine_receipt_no: r.get(20)?,
        },
        at: ts(r.get(14)?),
        invoice_delivered_at: ts(r.get(15)?),
        returned_at: ts(r.get(16)?),
        late_minutes: r.get(17)?,
        created_at: ts(r.get(18)?).unwrap_or_default(),
        fee_total: r.get(21)?,
        return_limit: date(r.get(22)?)?,
    })
}

fn query(c: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<VisitRow>> {
    let mut st = c.prepare_cached(sql)?;
    let rows = st
        .query_map(p, from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn by_key(c: &Connection, job_id: i64, key: &str) -> Result<Option<VisitRow>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLS} FROM visits v JOIN jobs j ON j.id = v.job_id
         WHERE v.job_id = ?1 AND v.visit_key = ?2"
    ))?
    .query_row(params![job_id, key], from_row)
    .optional()?)
}

/// A job's visits in the order they happened.
pub fn of_job(c: &Connection, job_id: i64) -> Result<Vec<VisitRow>> {
    query(
        c,
        &format!(
            "SELECT {COLS} FROM visits v JOIN jobs j ON j.id = v.job_id
             WHERE v.job_id = ?1 ORDER BY coalesce(v.at, v.created_at), v.id"
        ),
        [job_id],
    )
}

/// The visits of each of these jobs, in the order they happened.
pub fn of_jobs(c: &Connection, ids: &[i64]) -> Result<HashMap<i64, Vec<VisitRow>>> {
    super::by_job_id(
        c,
        &format!(
            "SELECT {COLS} FROM visits v JOIN jobs j ON j.id = v.job_id
             WHERE v.job_id IN (SELECT value FROM json_each(?1))
             ORDER BY v.job_id, coalesce(v.at, v.created_at), v.id"
        ),
        ids,
        |v: &VisitRow| v.job_id,
        from_row,
    )
}

pub fn insert(
    c: &Connection,
    job_id: i64,
    v: &Visit,
    late_minutes: Option<i64>,
    origin: &str,
    now: Ts,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO visits (job_id, visit_key, engineer, arrived_at, finished_at, at, outcome,
            charge, receipt_no, invoice_owed, return_due, new_appointment_start,
            new_appointment_end, note, late_minutes, origin, created_at, fee_items,
            machine_receipt_no)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19)",
    )?
    .execute(params![
        job_id,
        v.key(),
        v.engineer,
        secs(v.arrived_at),
        secs(v.finished_at),
        secs(v.base_time()),
        v.outcome.map(|o| o.code()).unwrap_or("fixed"),
        v.charge,
        v.receipt_no,
        v.invoice_owed.map(i64::from),
        v.return_due.map(|d| d.to_string()),
        secs(v.new_appointment_start),
        secs(v.new_appointment_end),
        v.note,
        late_minutes,
        origin,
        now.timestamp(),
        v.fee_items,
        v.machine_receipt_no,
    ])?;
    Ok(c.last_insert_rowid())
}

/// What a visit's rules derived when it was recorded: the fee
/// standard's sum of its items and a workshop repair's limit.
pub fn set_derived(
    c: &Connection,
    visit_id: i64,
    fee_total: Option<i64>,
    return_limit: Option<chrono::NaiveDate>,
) -> Result<()> {
    c.prepare_cached("UPDATE visits SET fee_total = ?2, return_limit = ?3 WHERE id = ?1")?
        .execute(params![
            visit_id,
            fee_total,
            return_limit.map(|d| d.to_string())
        ])?;
    Ok(())
}

/// A later visit brings a pulled machine back: its loaner return is done.
pub fn mark_returned(c: &Connection, job_id: i64, at: Ts) -> Result<usize> {
    Ok(c.prepare_cached(
        "UPDATE visits SET returned_at = ?2
         WHERE job_id = ?1 AND outcome = 'pulled' AND returned_at IS NULL
           AND coalesce(at, created_at) <= ?2",
    )?
    .execute(params![job_id, at.timestamp()])?)
}

pub fn deliver_invoice(c: &Connection, job_id: i64, at: Ts) -> Result<usize> {
    Ok(c.prepare_cached(
        "UPDATE visits SET invoice_delivered_at = ?2
         WHERE job_id = ?1 AND invoice_owed = 1 AND invoice_delivered_at IS NULL",
    )?
    .execute(params![job_id, at.timestamp()])?)
}

/// Visits whose invoice is still owed.
pub fn invoices_owed(c: &Connection) -> Result<Vec<VisitRow>> {
    query(
        c,
        &format!(
            "SELECT {COLS} FROM visits v JOIN jobs j ON j.id = v.job_id
             WHERE v.invoice_owed = 1 AND v.invoice_delivered_at IS NULL ORDER BY v.at, v.id"
        ),
        [],
    )
}

/// Pulled machines not yet brought back.
pub fn returns_open(c: &Connection) -> Result<Vec<VisitRow>> {
    query(
        c,
        &format!(
            "SELECT {COLS} FROM visits v JOIN jobs j ON j.id = v.job_id
             WHERE v.outcome = 'pulled' AND v.returned_at IS NULL ORDER BY v.return_due, v.id"
        ),
        [],
    )
}

/// Jobs with a visit that counts as *visited* in `[start, end)`.
pub fn visited_job_ids_between(c: &Connection, start: Ts, end: Ts) -> Result<Vec<i64>> {
    let mut st = c.prepare_cached(concat!(
        "SELECT DISTINCT job_id FROM visits WHERE at >= ?1 AND at < ?2 AND outcome IN ",
        super::on_site!(),
        " ORDER BY job_id"
    ))?;
    let ids = st
        .query_map(params![start.timestamp(), end.timestamp()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}
