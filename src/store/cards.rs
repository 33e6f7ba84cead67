//! The `cards` table: supervision cards handed back.

use super::{Result, code, secs, ts};
use crate::domain::card::{Card, Satisfaction, SignedBy};
use crate::domain::time::Ts;
use crate::domain::voice::Answer;
use rusqlite::{Connection, OptionalExtension, params};

const COLS: &str = "j.job_no, k.returned_at, k.satisfaction, k.signed_by, k.warranty_record,
    k.charge, k.receipt_no, k.job_id, k.quality, k.attitude";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Card> {
    Ok(Card {
        job_no: r.get(0)?,
        returned_at: ts(r.get(1)?),
        satisfaction: code(r.get(2)?, Satisfaction::parse)?,
        signed_by: code(r.get(3)?, SignedBy::parse)?,
        warranty_record: r.get::<_, Option<i64>>(4)?.map(|b| b != 0),
        charge: r.get(5)?,
        receipt_no: r.get(6)?,
        quality: code(r.get(8)?, Answer::parse)?,
        attitude: code(r.get(9)?, Answer::parse)?,
    })
}

pub fn by_job(c: &Connection, job_id: i64) -> Result<Option<Card>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLS} FROM cards k JOIN jobs j ON j.id = k.job_id WHERE k.job_id = ?1"
    ))?
    .query_row([job_id], from_row)
    .optional()?)
}

/// The card of each of these jobs that has one.
pub fn of_jobs(c: &Connection, ids: &[i64]) -> Result<std::collections::HashMap<i64, Card>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM cards k JOIN jobs j ON j.id = k.job_id
         WHERE k.job_id IN (SELECT value FROM json_each(?1))"
    ))?;
    let mut out = std::collections::HashMap::new();
    let mut rows = st.query([super::id_list(ids)])?;
    while let Some(r) = rows.next()? {
        out.insert(r.get::<_, i64>(7)?, from_row(r)?);
    }
    Ok(out)
}

pub fn insert(c: &Connection, job_id: i64, card: &Card, now: Ts) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO cards (job_id, returned_at, satisfaction, signed_by, warranty_record,
            charge, receipt_no, created_at, quality, attitude)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        job_id,
        secs(card.returned_at),
        card.satisfaction.map(|s| s.code()),
        card.signed_by.map(|s| s.code()),
        card.warranty_record.map(i64::from),
        card.charge,
        card.receipt_no,
        now.timestamp(),
        card.quality.map(|x| x.code()),
        card.attitude.map(|x| x.code()),
    ])?;
    Ok(c.last_insert_rowid())
}

/// Links a job's card to the re-visit its `unsatisfied` mark opened.
pub fn set_revisit(c: &Connection, job_id: i64, revisit_job_id: i64) -> Result<()> {
    c.prepare_cached("UPDATE cards SET revisit_job_id = ?2 WHERE job_id = ?1")?
        .execute(params![job_id, revisit_job_id])?;
    Ok(())
}

/// The re-visit a job's card opened, while it is still open (not done or
/// cancelled).
pub fn open_revisit_of(c: &Connection, job_id: i64) -> Result<Option<i64>> {
    Ok(c.prepare_cached(
        "SELECT r.id FROM cards k JOIN jobs r ON r.id = k.revisit_job_id
         WHERE k.job_id = ?1 AND r.status NOT IN ('done', 'cancelled')",
    )?
    .query_row([job_id], |r| r.get(0))
    .optional()?)
}
