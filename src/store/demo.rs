//! The demo's look-ups and its answers and marks, in SQL: the jobs, calls
//! and visits the demo's scripted situations are built on (`crate::demo`).

use super::Result;
use crate::domain::time::{Ts, from_unix};
use rusqlite::{Connection, OptionalExtension, params};

/// A job (its number) and a time, from a look-up's first row.
fn job_at(c: &Connection, sql: &str, args: impl rusqlite::Params) -> Result<Option<(String, Ts)>> {
    Ok(c.query_row(sql, args, |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })
    .optional()?
    .map(|(no, at)| (no, from_unix(at))))
}

/// The newest call found `unsatisfied` or `denies_signature` made before
/// `before`: its job and when.
pub fn last_unhappy_call_before(c: &Connection, before: Ts) -> Result<Option<(String, Ts)>> {
    job_at(
        c,
        "SELECT j.job_no, e.at FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
         JOIN jobs j ON j.id = c.job_id
         WHERE e.result IN ('unsatisfied', 'denies_signature') AND e.at < ?1
         ORDER BY e.at DESC, e.id DESC LIMIT 1",
        [before.timestamp()],
    )
}

/// The newest call where the customer denied signing the card: its job and when.
pub fn last_denied_signature(c: &Connection) -> Result<Option<(String, Ts)>> {
    job_at(
        c,
        "SELECT j.job_no, e.at FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
         JOIN jobs j ON j.id = c.job_id WHERE e.result = 'denies_signature'
         ORDER BY e.at DESC, e.id DESC LIMIT 1",
        [],
    )
}

/// The done job received first: its number and when it came in.
pub fn first_done_received(c: &Connection) -> Result<Option<(String, Ts)>> {
    job_at(
        c,
        "SELECT job_no, received_at FROM jobs WHERE status = 'done' AND received_at IS NOT NULL
         ORDER BY received_at, id LIMIT 1",
        [],
    )
}

/// Done jobs (not re-visits), the most recent first.
pub fn recent_done(c: &Connection, limit: usize) -> Result<Vec<String>> {
    let mut st = c.prepare(
        "SELECT job_no FROM jobs WHERE status = 'done' AND parent_id IS NULL
         ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = st
        .query_map([limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The engineer of the first scheduled appointment starting strictly
/// between `after` and `before`.
pub fn engineer_of_next_appointment(
    c: &Connection,
    after: Ts,
    before: Ts,
) -> Result<Option<String>> {
    Ok(c.query_row(
        "SELECT engineer FROM jobs WHERE status = 'scheduled' AND appt_start > ?1
           AND appt_start < ?2 AND engineer <> ''
         ORDER BY appt_start, id LIMIT 1",
        [after.timestamp(), before.timestamp()],
        |r| r.get(0),
    )
    .optional()?)
}

/// Answers on the calls made since `since` and marks on the cards
/// returned since then: most satisfied customers said so on every
/// question, a few were lukewarm on one; the unsatisfied ones were not
/// solved. Returns the rows changed.
pub fn answer_calls_and_cards(c: &Connection, since: Ts) -> Result<usize> {
    let since = since.timestamp();
    let mut made = c.execute(
        "UPDATE callback_events SET
            attitude = CASE WHEN id % 7 = 0 THEN 'neutral' ELSE 'satisfied' END,
            quality = CASE WHEN id % 5 = 0 THEN 'neutral' ELSE 'satisfied' END,
            solved = 1
         WHERE result = 'satisfied' AND at >= ?1 AND id % 4 <> 3",
        [since],
    )?;
    made += c.execute(
        "UPDATE callback_events SET attitude = 'neutral', quality = 'unsatisfied', solved = 0
         WHERE result = 'unsatisfied' AND at >= ?1",
        [since],
    )?;
    made += c.execute(
        "UPDATE cards SET
            quality = CASE WHEN id % 6 = 0 THEN 'neutral' ELSE satisfaction END,
            attitude = satisfaction
         WHERE satisfaction IS NOT NULL AND returned_at >= ?1",
        [since],
    )?;
    Ok(made)
}

/// The `fixed` visits up to `until` that have no callback, newest first,
/// at most `limit`: (visit id, job id, visit time).
pub fn fixed_visits_without_callback(
    c: &Connection,
    until: Ts,
    limit: i64,
) -> Result<Vec<(i64, i64, Ts)>> {
    let mut st = c.prepare(
        "SELECT v.id, v.job_id, v.at, j.job_no FROM visits v JOIN jobs j ON j.id = v.job_id
         WHERE v.outcome = 'fixed' AND v.at IS NOT NULL AND v.at <= ?1
           AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.visit_id = v.id)
         ORDER BY v.at DESC, v.id DESC LIMIT ?2",
    )?;
    let rows = st
        .query_map(params![until.timestamp(), limit], |r| {
            Ok((r.get(0)?, r.get(1)?, from_unix(r.get::<_, i64>(2)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A follow-up still pending, and whether its job's card said satisfied.
#[derive(Debug, Clone)]
pub struct FollowupDue {
    pub id: i64,
    pub job_no: String,
    pub due_at: Ts,
    pub card_satisfied: Option<bool>,
}

/// The follow-ups still pending that were due by `due_by`, of jobs with no
/// timed callback pending, earliest due first.
pub fn followups_due(c: &Connection, due_by: Ts) -> Result<Vec<FollowupDue>> {
    let mut st = c.prepare(
        "SELECT c.id, j.job_no, c.due_at,
            (SELECT k.satisfaction = 'satisfied' FROM cards k WHERE k.job_id = c.job_id)
         FROM callbacks c JOIN jobs j ON j.id = c.job_id
         WHERE c.followup = 1 AND c.status = 'pending' AND c.due_at <= ?1
           AND NOT EXISTS (SELECT 1 FROM callbacks t
                           WHERE t.job_id = c.job_id AND t.status = 'pending'
                             AND t.followup IS NULL)
         ORDER BY c.due_at, c.id",
    )?;
    let rows = st
        .query_map([due_by.timestamp()], |r| {
            Ok(FollowupDue {
                id: r.get(0)?,
                job_no: r.get(1)?,
                due_at: from_unix(r.get::<_, i64>(2)?),
                card_satisfied: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// At most three original jobs with a customer's phone and product whose
/// last `fixed` visit was between `from` and `to`, by id: (job id, that
/// visit's time).
pub fn fixed_between(c: &Connection, from: Ts, to: Ts) -> Result<Vec<(i64, Ts)>> {
    let mut st = c.prepare(
        "SELECT j.id, max(v.at) FROM jobs j JOIN visits v ON v.job_id = j.id
         WHERE v.outcome = 'fixed' AND j.phone <> '' AND j.product_model <> ''
           AND j.parent_id IS NULL AND v.at >= ?1 AND v.at <= ?2
         GROUP BY j.id ORDER BY j.id LIMIT 3",
    )?;
    let rows = st
        .query_map([from.timestamp(), to.timestamp()], |r| {
            Ok((r.get(0)?, from_unix(r.get::<_, i64>(1)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
