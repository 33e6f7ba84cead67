//! The `callbacks` and `callback_events` tables.

use super::{Result, code, secs, ts};
use crate::domain::callback::CallbackResult;
use crate::domain::time::Ts;
use crate::domain::visit::CallbackKind;
use crate::domain::voice::{Answer, Answers};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct CallbackRow {
    pub id: i64,
    pub job_id: i64,
    pub visit_id: Option<i64>,
    pub kind: Option<CallbackKind>,
    pub started_at: Ts,
    pub due_at: Ts,
    pub pending: bool,
    pub result: Option<CallbackResult>,
    pub attempts: i64,
    pub closed_at: Option<Ts>,
    pub revisit_job_id: Option<i64>,
    /// A follow-up call after a `fixed` visit, not a timed callback.
    pub followup: bool,
}

/// A pending callback with what the clerk needs to make the call.
#[derive(Debug, Clone)]
pub struct PendingCallback {
    pub callback: CallbackRow,
    pub job_no: String,
    pub branch: String,
    pub engineer: String,
    pub customer: String,
    pub phone: String,
}

const COLS: &str = "c.id, c.job_id, c.visit_id, c.kind, c.started_at, c.due_at, c.status, c.result, \
    c.attempts, c.closed_at, c.revisit_job_id, c.followup IS NOT NULL";

fn from_row(r: &Row) -> rusqlite::Result<CallbackRow> {
    Ok(CallbackRow {
        id: r.get(0)?,
        job_id: r.get(1)?,
        visit_id: r.get(2)?,
        kind: code(r.get(3)?, CallbackKind::parse)?,
        started_at: ts(r.get(4)?).unwrap_or_default(),
        due_at: ts(r.get(5)?).unwrap_or_default(),
        pending: r.get::<_, String>(6)? == "pending",
        result: code(r.get(7)?, CallbackResult::parse)?,
        attempts: r.get(8)?,
        closed_at: ts(r.get(9)?),
        revisit_job_id: r.get(10)?,
        followup: r.get(11)?,
    })
}

fn pending_from_row(r: &Row) -> rusqlite::Result<PendingCallback> {
    Ok(PendingCallback {
        callback: from_row(r)?,
        job_no: r.get(12)?,
        branch: r.get(13)?,
        engineer: r.get(14)?,
        customer: r.get(15)?,
        phone: r.get(16)?,
    })
}

pub fn insert(
    c: &Connection,
    job_id: i64,
    visit_id: Option<i64>,
    kind: Option<CallbackKind>,
    started_at: Ts,
    due_at: Ts,
    now: Ts,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO callbacks (job_id, visit_id, kind, started_at, due_at, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6)",
    )?
    .execute(params![
        job_id,
        visit_id,
        kind.map(|k| k.code()),
        started_at.timestamp(),
        due_at.timestamp(),
        now.timestamp()
    ])?;
    Ok(c.last_insert_rowid())
}

/// The follow-up call a `fixed` visit opens (SPEC *The customer's voice*).
pub fn insert_followup(
    c: &Connection,
    job_id: i64,
    visit_id: i64,
    started_at: Ts,
    due_at: Ts,
    now: Ts,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO callbacks (job_id, visit_id, kind, started_at, due_at, status, created_at,
            followup)
         VALUES (?1, ?2, NULL, ?3, ?4, 'pending', ?5, 1)",
    )?
    .execute(params![
        job_id,
        visit_id,
        started_at.timestamp(),
        due_at.timestamp(),
        now.timestamp()
    ])?;
    Ok(c.last_insert_rowid())
}

/// A job's pending callbacks: the timed ones earliest due first, then its
/// follow-ups (`callback JOB_NO` acts on the first).
pub fn pending_of_job(c: &Connection, job_id: i64) -> Result<Vec<CallbackRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM callbacks c WHERE c.job_id = ?1 AND c.status = 'pending'
         ORDER BY c.followup IS NOT NULL, c.due_at, c.id"
    ))?;
    let rows = st
        .query_map([job_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn of_job(c: &Connection, job_id: i64) -> Result<Vec<CallbackRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM callbacks c WHERE c.job_id = ?1 ORDER BY c.due_at, c.id"
    ))?;
    let rows = st
        .query_map([job_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The callbacks of each of these jobs, by when they are due.
pub fn of_jobs(c: &Connection, ids: &[i64]) -> Result<HashMap<i64, Vec<CallbackRow>>> {
    super::by_job_id(
        c,
        &format!(
            "SELECT {COLS} FROM callbacks c WHERE c.job_id IN (SELECT value FROM json_each(?1))
             ORDER BY c.job_id, c.due_at, c.id"
        ),
        ids,
        |cb: &CallbackRow| cb.job_id,
        from_row,
    )
}

pub fn pending_count(c: &Connection, job_id: i64) -> Result<usize> {
    Ok(c.prepare_cached(
        "SELECT count(*) FROM callbacks
             WHERE job_id = ?1 AND status = 'pending' AND followup IS NULL",
    )?
    .query_row([job_id], |r| r.get::<_, i64>(0))? as usize)
}

/// Every pending callback, earliest due first; with `due_before`, only those
/// strictly overdue at that instant.
pub static PENDING_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {COLS}, j.job_no, j.branch, j.engineer, j.customer, j.phone
         FROM callbacks c JOIN jobs j ON j.id = c.job_id
         WHERE c.status = 'pending' AND c.followup IS NULL AND c.due_at < ?1
         ORDER BY c.due_at, j.job_no, c.id"
    )
});

/// Every pending follow-up, earliest due first.
pub static FOLLOWUPS_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {COLS}, j.job_no, j.branch, coalesce(nullif(v.engineer, ''), j.engineer),
            j.customer, j.phone
         FROM callbacks c JOIN jobs j ON j.id = c.job_id LEFT JOIN visits v ON v.id = c.visit_id
         WHERE c.status = 'pending' AND c.followup = 1
         ORDER BY c.due_at, j.job_no, c.id"
    )
});

pub fn followups_pending(c: &Connection) -> Result<Vec<PendingCallback>> {
    let mut st = c.prepare_cached(&FOLLOWUPS_SQL)?;
    let rows = st
        .query_map([], pending_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The answers given with a callback's newest logged result.
pub fn set_answers(c: &Connection, callback_id: i64, a: &Answers) -> Result<()> {
    c.prepare_cached(
        "UPDATE callback_events SET attitude = ?2, quality = ?3, solved = ?4
         WHERE id = (SELECT max(id) FROM callback_events WHERE callback_id = ?1)",
    )?
    .execute(params![
        callback_id,
        a.attitude.map(|x| x.code()),
        a.quality.map(|x| x.code()),
        a.solved.map(i64::from)
    ])?;
    Ok(())
}

/// The answers given with each callback's newest logged result, for the
/// callbacks of these jobs (by callback id).
pub fn answers_of_jobs(c: &Connection, ids: &[i64]) -> Result<HashMap<i64, Answers>> {
    let mut st = c.prepare_cached(
        "SELECT e.callback_id, e.attitude, e.quality, e.solved FROM callback_events e
         WHERE e.id IN (SELECT max(e2.id) FROM callback_events e2
                        JOIN callbacks c ON c.id = e2.callback_id
                        WHERE c.job_id IN (SELECT value FROM json_each(?1))
                        GROUP BY e2.callback_id)",
    )?;
    let mut out = HashMap::new();
    let mut rows = st.query([super::id_list(ids)])?;
    while let Some(r) = rows.next()? {
        out.insert(r.get::<_, i64>(0)?, answers_at(r, 1)?);
    }
    Ok(out)
}

/// Answers as stored in `callback_events` (columns attitude, quality, solved
/// at `i`, `i + 1`, `i + 2`).
pub fn answers_at(r: &Row, i: usize) -> rusqlite::Result<Answers> {
    Ok(Answers {
        attitude: code(r.get(i)?, Answer::parse)?,
        quality: code(r.get(i + 1)?, Answer::parse)?,
        solved: r.get::<_, Option<i64>>(i + 2)?.map(|b| b != 0),
    })
}

pub fn pending(c: &Connection, due_before: Option<Ts>) -> Result<Vec<PendingCallback>> {
    let mut st = c.prepare_cached(&PENDING_SQL)?;
    let limit = secs(due_before).unwrap_or(i64::MAX);
    let rows = st
        .query_map([limit], pending_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Logs one result; `unreachable` counts an attempt and leaves it pending.
pub fn record(
    c: &Connection,
    id: i64,
    result: CallbackResult,
    note: &str,
    operator: &str,
    now: Ts,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO callback_events (callback_id, at, result, note, operator)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, now.timestamp(), result.code(), note, operator])?;
    if result.closes() {
        c.prepare_cached(
            "UPDATE callbacks SET status = 'closed', result = ?2, closed_at = ?3 WHERE id = ?1",
        )?
        .execute(params![id, result.code(), now.timestamp()])?;
    } else {
        c.prepare_cached(
            "UPDATE callbacks SET attempts = attempts + 1, result = ?2 WHERE id = ?1",
        )?
        .execute(params![id, result.code()])?;
    }
    Ok(())
}

pub fn set_revisit(c: &Connection, id: i64, revisit_job_id: i64) -> Result<()> {
    c.prepare_cached("UPDATE callbacks SET revisit_job_id = ?2 WHERE id = ?1")?
        .execute(params![id, revisit_job_id])?;
    Ok(())
}

/// The newest re-visit an `unsatisfied` callback of a job opened, while it
/// is still open (not done or cancelled).
pub fn open_revisit_of(c: &Connection, job_id: i64) -> Result<Option<i64>> {
    Ok(c.prepare_cached(
        "SELECT r.id FROM callbacks c JOIN jobs r ON r.id = c.revisit_job_id
         WHERE c.job_id = ?1 AND r.status NOT IN ('done', 'cancelled')
         ORDER BY c.id DESC LIMIT 1",
    )?
    .query_row([job_id], |r| r.get(0))
    .optional()?)
}

/// Every result logged for a job, in order.
pub fn results_of_job(c: &Connection, job_id: i64) -> Result<Vec<CallbackResult>> {
    let mut st = c.prepare_cached(
        "SELECT e.result FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
         WHERE c.job_id = ?1 ORDER BY e.at, e.id",
    )?;
    let rows = st
        .query_map([job_id], |r| code(r.get(0)?, CallbackResult::parse))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().flatten().collect())
}

/// One logged result, for timelines.
#[derive(Debug, Clone)]
pub struct CallbackEvent {
    pub callback_id: i64,
    pub at: Ts,
    pub result: Option<CallbackResult>,
    pub note: String,
    pub operator: String,
    pub answers: Answers,
    pub followup: bool,
}

pub fn events_of_job(c: &Connection, job_id: i64) -> Result<Vec<CallbackEvent>> {
    let mut st = c.prepare_cached(
        "SELECT e.callback_id, e.at, e.result, e.note, e.operator, e.attitude, e.quality,
            e.solved, c.followup IS NOT NULL
         FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
         WHERE c.job_id = ?1 ORDER BY e.at, e.id",
    )?;
    let rows = st
        .query_map([job_id], |r| {
            Ok(CallbackEvent {
                callback_id: r.get(0)?,
                at: ts(r.get(1)?).unwrap_or_default(),
                result: code(r.get(2)?, CallbackResult::parse)?,
                note: r.get(3)?,
                operator: r.get(4)?,
                answers: answers_at(r, 5)?,
                followup: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Jobs with a callback result logged in `[start, end)`.
pub fn job_ids_with_results_between(c: &Connection, start: Ts, end: Ts) -> Result<Vec<i64>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT c.job_id FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
         WHERE e.at >= ?1 AND e.at < ?2 ORDER BY c.job_id",
    )?;
    let ids = st
        .query_map(params![start.timestamp(), end.timestamp()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// A timed callback's due time and its first logged attempt, for the
/// on-time / overdue history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueAndFirstAttempt {
    pub due_at: Ts,
    pub first_attempt: Option<Ts>,
}

/// Timed (2 h / 3 h) callbacks due in `[start, end)`, with the time of the
/// first result logged on each (any result, `unreachable` included).
pub const TIMED_DUE_BETWEEN: &str = "
    SELECT c.due_at, (SELECT min(e.at) FROM callback_events e WHERE e.callback_id = c.id)
    FROM callbacks c
    WHERE c.kind IS NOT NULL AND c.due_at >= ?1 AND c.due_at < ?2
    ORDER BY c.due_at, c.id";

pub fn timed_due_between(c: &Connection, start: Ts, end: Ts) -> Result<Vec<DueAndFirstAttempt>> {
    let mut st = c.prepare_cached(TIMED_DUE_BETWEEN)?;
    let rows = st
        .query_map(params![start.timestamp(), end.timestamp()], |r| {
            Ok(DueAndFirstAttempt {
                due_at: ts(r.get(0)?).unwrap_or_default(),
                first_attempt: ts(r.get(1)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
