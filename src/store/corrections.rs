//! The `corrections` table, and the writes a correction makes to a job, its
//! latest visit, its card or its latest callback result (kept here, beside
//! the record of the correction, so that the other table modules keep only
//! what imports and the dashboard's entries need).

use super::{Result, secs, ts};
use crate::domain::callback::CallbackResult;
use crate::domain::card::Card;
use crate::domain::job::Job;
use crate::domain::time::Ts;
use crate::domain::visit::{CallbackKind, Visit};
use rusqlite::{Connection, OptionalExtension, params};

/// One correction as recorded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CorrectionRow {
    pub id: i64,
    pub job_id: i64,
    pub kind: String,
    pub at: Ts,
    pub operator: String,
    pub reason: String,
    /// JSON object: column → value before.
    pub before: String,
    /// JSON object: column → value after.
    pub after: String,
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    c: &Connection,
    job_id: i64,
    kind: &str,
    at: Ts,
    operator: &str,
    reason: &str,
    before: &str,
    after: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO corrections (job_id, kind, at, operator, reason, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        job_id,
        kind,
        at.timestamp(),
        operator,
        reason,
        before,
        after
    ])?;
    Ok(c.last_insert_rowid())
}

pub fn of_job(c: &Connection, job_id: i64) -> Result<Vec<CorrectionRow>> {
    let mut st = c.prepare_cached(
        "SELECT id, job_id, kind, at, operator, reason, before, after FROM corrections
         WHERE job_id = ?1 ORDER BY at, id",
    )?;
    let rows = st
        .query_map([job_id], |r| {
            Ok(CorrectionRow {
                id: r.get(0)?,
                job_id: r.get(1)?,
                kind: r.get(2)?,
                at: ts(r.get(3)?).unwrap_or_default(),
                operator: r.get(4)?,
                reason: r.get(5)?,
                before: r.get(6)?,
                after: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Ids of the jobs corrected in `[?1, ?2)`: a correction touches its job
/// that day (for the daily report's `touched`, as a `UNION` member).
pub const TOUCHED: &str = "SELECT job_id FROM corrections WHERE at >= ?1 AND at < ?2";

/// Ids of the jobs corrected in `[start, end)`.
pub fn touched_between(c: &Connection, start: Ts, end: Ts) -> Result<Vec<i64>> {
    let mut st = c.prepare_cached(&format!("{TOUCHED} GROUP BY job_id ORDER BY job_id"))?;
    let ids = st
        .query_map(params![start.timestamp(), end.timestamp()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

// ---- the corrected records ----

/// Every jobs-file column of a job but `job_no` and `branch`.
pub fn update_job(c: &Connection, id: i64, j: &Job) -> Result<()> {
    c.prepare_cached(
        "UPDATE jobs SET received_at = ?2, customer = ?3, phone = ?4, address = ?5,
            product_model = ?6, purchase_date = ?7, fault = ?8, requirement = ?9,
            appointment_start = ?10, appointment_end = ?11, engineer = ?12, warranty = ?13
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        secs(j.received_at),
        j.customer,
        j.phone,
        j.address,
        j.product_model,
        j.purchase_date.map(|d| d.to_string()),
        j.fault,
        j.requirement,
        secs(j.appointment_start),
        secs(j.appointment_end),
        j.engineer,
        j.warranty.map(|w| w.code()),
    ])?;
    Ok(())
}

/// The job's *to verify* reasons; `reset` clears an earlier verification
/// (a correction brought a reason that was not checked).
pub fn set_to_verify(c: &Connection, id: i64, reasons: &[&str], reset: bool) -> Result<()> {
    c.prepare_cached(
        "UPDATE jobs SET to_verify = ?2,
            verified_at = CASE WHEN ?3 THEN NULL ELSE verified_at END
         WHERE id = ?1 AND (to_verify <> ?2 OR (?3 AND verified_at IS NOT NULL))",
    )?
    .execute(params![id, reasons.join(","), reset])?;
    Ok(())
}

/// Every visits-file column of a visit (its identity, `visit_key`, stays
/// the one it was first recorded with, so that the original file imported
/// again is refused rather than added twice).
pub fn update_visit(c: &Connection, id: i64, v: &Visit) -> Result<()> {
    c.prepare_cached(
        "UPDATE visits SET engineer = ?2, arrived_at = ?3, finished_at = ?4, at = ?5,
            outcome = ?6, charge = ?7, receipt_no = ?8, invoice_owed = ?9, return_due = ?10,
            new_appointment_start = ?11, new_appointment_end = ?12, note = ?13,
            fee_items = ?14, machine_receipt_no = ?15,
            invoice_delivered_at = CASE WHEN ?9 = 1 THEN invoice_delivered_at END,
            returned_at = CASE WHEN ?6 = 'pulled' THEN returned_at END
         WHERE id = ?1",
    )?
    .execute(params![
        id,
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
        v.fee_items,
        v.machine_receipt_no,
    ])?;
    Ok(())
}

pub fn set_late_minutes(c: &Connection, visit_id: i64, late: Option<i64>) -> Result<()> {
    c.prepare_cached(
        "UPDATE visits SET late_minutes = ?2 WHERE id = ?1 AND late_minutes IS NOT ?2",
    )?
    .execute(params![visit_id, late])?;
    Ok(())
}

/// Loaner returns a visit at `at` had closed are open again.
pub fn unmark_returned(c: &Connection, job_id: i64, at: Ts) -> Result<usize> {
    Ok(c.prepare_cached(
        "UPDATE visits SET returned_at = NULL
         WHERE job_id = ?1 AND outcome = 'pulled' AND returned_at = ?2",
    )?
    .execute(params![job_id, at.timestamp()])?)
}

pub fn update_card(c: &Connection, job_id: i64, k: &Card) -> Result<()> {
    c.prepare_cached(
        "UPDATE cards SET returned_at = ?2, satisfaction = ?3, signed_by = ?4,
            warranty_record = ?5, charge = ?6, receipt_no = ?7, quality = ?8, attitude = ?9
         WHERE job_id = ?1",
    )?
    .execute(params![
        job_id,
        secs(k.returned_at),
        k.satisfaction.map(|s| s.code()),
        k.signed_by.map(|s| s.code()),
        k.warranty_record.map(i64::from),
        k.charge,
        k.receipt_no,
        k.quality.map(|x| x.code()),
        k.attitude.map(|x| x.code()),
    ])?;
    Ok(())
}

/// The timed callback a visit started, if any.
pub fn callback_of_visit(
    c: &Connection,
    visit_id: i64,
) -> Result<Option<super::callbacks::CallbackRow>> {
    let id: Option<i64> = c
        .prepare_cached(
            "SELECT id FROM callbacks WHERE visit_id = ?1 AND followup IS NULL
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([visit_id], |r| r.get(0))
        .optional()?;
    match id {
        Some(id) => callback_by_id(c, id).map(Some),
        None => Ok(None),
    }
}

/// The follow-up a `fixed` visit opened, if any.
pub fn followup_of_visit(
    c: &Connection,
    visit_id: i64,
) -> Result<Option<super::callbacks::CallbackRow>> {
    let id: Option<i64> = c
        .prepare_cached(
            "SELECT id FROM callbacks WHERE visit_id = ?1 AND followup = 1
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([visit_id], |r| r.get(0))
        .optional()?;
    match id {
        Some(id) => callback_by_id(c, id).map(Some),
        None => Ok(None),
    }
}

pub fn callback_by_id(c: &Connection, id: i64) -> Result<super::callbacks::CallbackRow> {
    let job_id: i64 = c
        .prepare_cached("SELECT job_id FROM callbacks WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    super::callbacks::of_job(c, job_id)?
        .into_iter()
        .find(|cb| cb.id == id)
        .ok_or(super::StoreError::Sql(rusqlite::Error::QueryReturnedNoRows))
}

/// A pending callback's kind and timing follow its corrected visit.
pub fn retime_callback(
    c: &Connection,
    id: i64,
    kind: CallbackKind,
    started_at: Ts,
    due_at: Ts,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE callbacks SET kind = ?2, started_at = ?3, due_at = ?4
         WHERE id = ?1 AND (kind IS NOT ?2 OR started_at <> ?3 OR due_at <> ?4)",
    )?
    .execute(params![
        id,
        kind.code(),
        started_at.timestamp(),
        due_at.timestamp()
    ])?;
    Ok(())
}

/// A pending follow-up's timing follows its corrected visit.
pub fn retime_followup(c: &Connection, id: i64, started_at: Ts, due_at: Ts) -> Result<()> {
    c.prepare_cached(
        "UPDATE callbacks SET started_at = ?2, due_at = ?3
         WHERE id = ?1 AND (started_at <> ?2 OR due_at <> ?3)",
    )?
    .execute(params![id, started_at.timestamp(), due_at.timestamp()])?;
    Ok(())
}

/// A callback that no call was ever logged on, no longer needed.
pub fn delete_callback(c: &Connection, id: i64) -> Result<()> {
    c.prepare_cached("DELETE FROM callbacks WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// A pending callback no longer needed, with attempts logged: closed, its
/// attempts kept.
pub fn close_callback(c: &Connection, id: i64, at: Ts) -> Result<()> {
    c.prepare_cached(
        "UPDATE callbacks SET status = 'closed', closed_at = ?2 WHERE id = ?1 AND status = 'pending'",
    )?
    .execute(params![id, at.timestamp()])?;
    Ok(())
}

/// The job's latest logged callback result.
#[derive(Debug, Clone)]
pub struct LatestEvent {
    pub id: i64,
    pub callback_id: i64,
    pub at: Ts,
    pub result: Option<CallbackResult>,
    pub note: String,
    pub operator: String,
    pub answers: crate::domain::voice::Answers,
}

const EVENT_COLS: &str =
    "e.id, e.callback_id, e.at, e.result, e.note, e.operator, e.attitude, e.quality, e.solved";

fn event_from_row(r: &rusqlite::Row) -> rusqlite::Result<LatestEvent> {
    Ok(LatestEvent {
        id: r.get(0)?,
        callback_id: r.get(1)?,
        at: ts(r.get(2)?).unwrap_or_default(),
        result: super::code(r.get(3)?, CallbackResult::parse)?,
        note: r.get(4)?,
        operator: r.get(5)?,
        answers: super::callbacks::answers_at(r, 6)?,
    })
}

pub fn latest_event(c: &Connection, job_id: i64) -> Result<Option<LatestEvent>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {EVENT_COLS} FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
         WHERE c.job_id = ?1 ORDER BY e.at DESC, e.id DESC LIMIT 1"
    ))?
    .query_row([job_id], event_from_row)
    .optional()?)
}

/// A result logged on the job at exactly `at` (an imported call's identity).
pub fn event_at(c: &Connection, job_id: i64, at: Ts) -> Result<Option<LatestEvent>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {EVENT_COLS} FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
         WHERE c.job_id = ?1 AND e.at = ?2 ORDER BY e.id LIMIT 1"
    ))?
    .query_row(params![job_id, at.timestamp()], event_from_row)
    .optional()?)
}

pub fn update_event(c: &Connection, id: i64, result: CallbackResult, note: &str) -> Result<()> {
    c.prepare_cached("UPDATE callback_events SET result = ?2, note = ?3 WHERE id = ?1")?
        .execute(params![id, result.code(), note])?;
    Ok(())
}

/// A logged result's answers, corrected.
pub fn update_event_answers(
    c: &Connection,
    id: i64,
    a: &crate::domain::voice::Answers,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE callback_events SET attitude = ?2, quality = ?3, solved = ?4 WHERE id = ?1",
    )?
    .execute(params![
        id,
        a.attitude.map(|x| x.code()),
        a.quality.map(|x| x.code()),
        a.solved.map(i64::from)
    ])?;
    Ok(())
}

/// A callback's state again from its logged results, in order: closed by
/// the first result that closes it, attempts counted by each
/// `unreachable` before, the newest result shown.
pub fn restate_callback(c: &Connection, id: i64) -> Result<()> {
    let mut st = c.prepare_cached(
        "SELECT at, result FROM callback_events WHERE callback_id = ?1 ORDER BY at, id",
    )?;
    let events: Vec<(i64, String)> = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut attempts = 0i64;
    let mut closed_at = None;
    let mut result = None;
    for (at, r) in &events {
        result = Some(r.clone());
        if r == CallbackResult::Unreachable.code() {
            attempts += 1;
        } else {
            closed_at = Some(*at);
            break;
        }
    }
    c.prepare_cached(
        "UPDATE callbacks SET status = CASE WHEN ?2 IS NULL THEN 'pending' ELSE 'closed' END,
            closed_at = ?2, result = ?3, attempts = ?4
         WHERE id = ?1",
    )?
    .execute(params![id, closed_at, result, attempts])?;
    Ok(())
}

pub fn clear_revisit(c: &Connection, callback_id: i64) -> Result<()> {
    c.prepare_cached("UPDATE callbacks SET revisit_job_id = NULL WHERE id = ?1")?
        .execute([callback_id])?;
    Ok(())
}

pub fn visit_count(c: &Connection, job_id: i64) -> Result<i64> {
    Ok(
        c.prepare_cached("SELECT count(*) FROM visits WHERE job_id = ?1")?
            .query_row([job_id], |r| r.get(0))?,
    )
}

/// The re-visit a job's card is linked to (its `unsatisfied` mark opened
/// it, or joined the callback's), open or not.
pub fn card_revisit(c: &Connection, job_id: i64) -> Result<Option<i64>> {
    Ok(
        c.prepare_cached("SELECT revisit_job_id FROM cards WHERE job_id = ?1")?
            .query_row([job_id], |r| r.get::<_, Option<i64>>(0))
            .optional()?
            .flatten(),
    )
}

pub fn clear_card_revisit(c: &Connection, job_id: i64) -> Result<()> {
    c.prepare_cached("UPDATE cards SET revisit_job_id = NULL WHERE job_id = ?1")?
        .execute([job_id])?;
    Ok(())
}

/// How many callbacks other than `except` are linked to a re-visit.
pub fn other_callbacks_of_revisit(c: &Connection, revisit_id: i64, except: i64) -> Result<i64> {
    Ok(
        c.prepare_cached("SELECT count(*) FROM callbacks WHERE revisit_job_id = ?1 AND id <> ?2")?
            .query_row(params![revisit_id, except], |r| r.get(0))?,
    )
}
