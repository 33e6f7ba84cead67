//! The `discrepancies` table: found by reconciliation, resolved by the clerk.

use super::{Result, code, ts};
use crate::domain::reconcile::{DiscrepancyKind, DiscrepancyStatus, Resolution};
use crate::domain::time::Ts;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct DiscrepancyRow {
    pub id: i64,
    pub job_id: i64,
    pub job_no: String,
    pub kind: DiscrepancyKind,
    pub engineer: String,
    pub recon_date: String,
    pub raised_at: Ts,
    pub detail: String,
    pub status: DiscrepancyStatus,
    pub resolution: Option<Resolution>,
    pub note: String,
    pub resolved_at: Option<Ts>,
    pub resolved_by: Option<String>,
}

const COLS: &str = "d.id, d.job_id, j.job_no, d.kind, d.engineer, d.recon_date, d.raised_at, \
    d.detail, d.status, d.resolution, d.note, d.resolved_at, d.resolved_by";

fn from_row(r: &Row) -> rusqlite::Result<DiscrepancyRow> {
    Ok(DiscrepancyRow {
        id: r.get(0)?,
        job_id: r.get(1)?,
        job_no: r.get(2)?,
        kind: code(r.get(3)?, DiscrepancyKind::parse)?.unwrap_or(DiscrepancyKind::CardMissing),
        engineer: r.get(4)?,
        recon_date: r.get(5)?,
        raised_at: ts(r.get(6)?).unwrap_or_default(),
        detail: r.get(7)?,
        status: code(r.get(8)?, DiscrepancyStatus::parse)?.unwrap_or(DiscrepancyStatus::Open),
        resolution: code(r.get(9)?, Resolution::parse)?,
        note: r.get(10)?,
        resolved_at: ts(r.get(11)?),
        resolved_by: r.get(12)?,
    })
}

fn query(c: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<DiscrepancyRow>> {
    let mut st = c.prepare_cached(sql)?;
    let rows = st
        .query_map(p, from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Raises a discrepancy unless this (job, kind) was raised before; returns
/// whether it is new.
#[allow(clippy::too_many_arguments)]
pub fn raise(
    c: &Connection,
    job_id: i64,
    kind: DiscrepancyKind,
    engineer: &str,
    recon_date: &str,
    detail: &str,
    now: Ts,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "INSERT INTO discrepancies (job_id, kind, engineer, recon_date, raised_at, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (job_id, kind) DO NOTHING",
        )?
        .execute(params![
            job_id,
            kind.code(),
            engineer,
            recon_date,
            now.timestamp(),
            detail
        ])?;
    Ok(n == 1)
}

pub fn by_job_kind(
    c: &Connection,
    job_id: i64,
    kind: DiscrepancyKind,
) -> Result<Option<DiscrepancyRow>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLS} FROM discrepancies d JOIN jobs j ON j.id = d.job_id
         WHERE d.job_id = ?1 AND d.kind = ?2"
    ))?
    .query_row(params![job_id, kind.code()], from_row)
    .optional()?)
}

pub fn of_job(c: &Connection, job_id: i64) -> Result<Vec<DiscrepancyRow>> {
    query(
        c,
        &format!(
            "SELECT {COLS} FROM discrepancies d JOIN jobs j ON j.id = d.job_id
             WHERE d.job_id = ?1 ORDER BY d.raised_at, d.id"
        ),
        [job_id],
    )
}

/// The discrepancies of each of these jobs, as they were raised.
pub fn of_jobs(c: &Connection, ids: &[i64]) -> Result<HashMap<i64, Vec<DiscrepancyRow>>> {
    super::by_job_id(
        c,
        &format!(
            "SELECT {COLS} FROM discrepancies d JOIN jobs j ON j.id = d.job_id
             WHERE d.job_id IN (SELECT value FROM json_each(?1))
             ORDER BY d.job_id, d.raised_at, d.id"
        ),
        ids,
        |d: &DiscrepancyRow| d.job_id,
        from_row,
    )
}

pub fn resolve(
    c: &Connection,
    id: i64,
    resolution: Resolution,
    note: &str,
    operator: &str,
    now: Ts,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE discrepancies SET status = 'resolved', resolution = ?2, note = ?3,
            resolved_at = ?4, resolved_by = ?5 WHERE id = ?1",
    )?
    .execute(params![
        id,
        resolution.code(),
        note,
        now.timestamp(),
        operator
    ])?;
    Ok(())
}
