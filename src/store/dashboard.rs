//! The dashboard's reads (`status`, the screen), set-based: each list is one
//! statement whatever its length, so that a refresh costs a fixed number of
//! queries. The statements are public so that the benchmark can run exactly
//! these on the `sqlite3` command line, and the plan test can check that
//! each one uses its indexes.

use super::{Result, code, date, ts};
use crate::domain::card::CardState;
use crate::domain::job::Slot;
use crate::domain::status::JobStatus;
use crate::domain::time::Ts;
use crate::domain::visit::{CallbackKind, Outcome};
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use std::sync::LazyLock;

/// Today's jobs (`?1`, `?2`: the day's bounds) with their last outcome, the
/// worst lateness of the day and the original's number.
pub static TODAY_JOBS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT j.job_no, j.engineer, j.status, j.customer, j.phone, j.address,
            j.product_model, j.warranty, j.appt_start, j.appt_end, j.to_verify, j.card_state,
            (SELECT v.outcome FROM visits v WHERE v.job_id = j.id
             ORDER BY coalesce(v.at, v.created_at) DESC, v.id DESC LIMIT 1),
            (SELECT max(v.late_minutes) FROM visits v
             WHERE v.job_id = j.id AND v.at >= ?1 AND v.at < ?2),
            (SELECT p.job_no FROM jobs p WHERE p.id = j.parent_id)
         FROM jobs j WHERE j.id IN ({})
         ORDER BY coalesce(j.appt_start, j.received_at, j.created_at), j.job_no",
        super::jobs::TOUCHED
    )
});

/// Every pending callback, earliest due first.
pub const CALLBACKS_PENDING: &str = "
    SELECT j.job_no, c.kind, c.started_at, c.due_at, c.attempts, j.engineer, j.customer, j.phone
    FROM callbacks c JOIN jobs j ON j.id = c.job_id
    WHERE c.status = 'pending' AND c.followup IS NULL
    ORDER BY c.due_at, j.job_no, c.id";

/// Visited jobs whose card is not back or back unsigned, with the time of
/// their last visit that counts as visited.
pub const CARDS_AWAITING: &str = concat!(
    "
    SELECT j.job_no, j.card_state, j.engineer, j.customer,
        (SELECT v.at FROM visits v WHERE v.job_id = j.id AND v.at IS NOT NULL
           AND v.outcome IN ",
    super::on_site!(),
    "
         ORDER BY v.at DESC, v.id DESC LIMIT 1)
    FROM jobs j WHERE j.card_state IN ('not_back', 'unsigned') AND j.status <> 'cancelled'
    ORDER BY j.id"
);

/// Open discrepancies, plus those raised or resolved in `[?1, ?2)`.
pub const DISCREPANCIES: &str = "
    SELECT d.job_id, j.job_no, d.kind, d.status, d.engineer, d.detail, d.recon_date,
        d.resolution, d.note, d.resolved_by
    FROM discrepancies d JOIN jobs j ON j.id = d.job_id
    WHERE d.id IN (
        SELECT id FROM discrepancies WHERE status = 'open'
        UNION SELECT id FROM discrepancies WHERE resolved_at >= ?1 AND resolved_at < ?2
        UNION SELECT id FROM discrepancies WHERE raised_at >= ?1 AND raised_at < ?2)
    ORDER BY d.status = 'resolved', d.raised_at, j.job_no, d.kind";

/// The jobs whose facts say whether an open discrepancy's cause is gone.
pub const OPEN_DISCREPANCY_JOBS: &str = "SELECT job_id FROM discrepancies WHERE status = 'open'";

/// Jobs to verify with dispatch, not yet verified or cancelled.
pub const TO_VERIFY: &str = "
    SELECT job_no, to_verify, engineer, customer, phone FROM jobs
    WHERE to_verify <> '' AND verified_at IS NULL AND status <> 'cancelled' ORDER BY id";

/// Appointments from `?1` on (cancelled jobs aside), for conflicts.
pub const SLOTS_FROM: &str = "
    SELECT job_no, engineer, appt_start, appt_end FROM jobs
    WHERE appt_start >= ?1 AND status <> 'cancelled'";

/// Visits whose invoice is still owed.
pub const INVOICES_OWED: &str = "
    SELECT j.job_no, v.receipt_no, v.at FROM visits v JOIN jobs j ON j.id = v.job_id
    WHERE v.invoice_owed = 1 AND v.invoice_delivered_at IS NULL ORDER BY v.at, v.id";

/// Pulled machines not yet brought back.
pub const RETURNS_OPEN: &str = "
    SELECT j.job_no, coalesce(v.return_due, v.return_limit),
           coalesce(v.return_due > v.return_limit, 0), v.machine_receipt_no
    FROM visits v JOIN jobs j ON j.id = v.job_id
    WHERE v.outcome = 'pulled' AND v.returned_at IS NULL
    ORDER BY coalesce(v.return_due, v.return_limit), v.id";

/// Open jobs waiting for an appointment or a visit that are not on today's
/// list (`?1`, `?2`: the day's bounds; `?3`: now): new jobs and re-visits
/// without a window, jobs needing a new appointment, and booked jobs whose
/// window has passed. Each with its last visit's outcome and time.
pub static OPEN_JOBS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT j.job_no, j.engineer, j.status, j.customer, j.phone, j.appt_start, j.appt_end,
            coalesce(j.received_at, j.created_at),
            (SELECT v.outcome FROM visits v WHERE v.job_id = j.id
             ORDER BY coalesce(v.at, v.created_at) DESC, v.id DESC LIMIT 1),
            (SELECT coalesce(v.at, v.created_at) FROM visits v WHERE v.job_id = j.id
             ORDER BY coalesce(v.at, v.created_at) DESC, v.id DESC LIMIT 1)
         FROM jobs j
         WHERE (j.status = 'unscheduled' OR j.status = 'needs_appointment'
                OR j.status = 'scheduled')
           AND (j.status <> 'scheduled' OR coalesce(j.appt_end, j.appt_start) < ?3)
           AND j.id NOT IN ({})
         ORDER BY j.id",
        super::jobs::TOUCHED
    )
});

/// Every statement `status` runs for a day `[start, end)`, by name, with its
/// parameters written in (for the `sqlite3` command line and the plan test).
pub fn status_statements(start: Ts, end: Ts) -> Vec<(String, String)> {
    let (s, e) = (start.timestamp().to_string(), end.timestamp().to_string());
    let fill = |sql: &str| sql.replace("?1", &s).replace("?2", &e);
    let mut out = vec![
        ("today_jobs".to_string(), fill(&TODAY_JOBS)),
        (
            "callbacks_pending".to_string(),
            CALLBACKS_PENDING.to_string(),
        ),
        ("cards_awaiting".to_string(), CARDS_AWAITING.to_string()),
        ("open_jobs".to_string(), fill(&OPEN_JOBS).replace("?3", &e)),
        ("discrepancies".to_string(), fill(DISCREPANCIES)),
    ];
    for (i, sql) in super::jobs::facts_sql(OPEN_DISCREPANCY_JOBS)
        .into_iter()
        .enumerate()
    {
        out.push((format!("cause_gone_facts_{}", i + 1), sql));
    }
    out.extend([
        ("to_verify".to_string(), TO_VERIFY.to_string()),
        ("conflict_slots".to_string(), fill(SLOTS_FROM)),
        ("invoices_owed".to_string(), INVOICES_OWED.to_string()),
        ("loaner_returns".to_string(), RETURNS_OPEN.to_string()),
        (
            "followups_pending".to_string(),
            super::callbacks::FOLLOWUPS_SQL.to_string(),
        ),
    ]);
    // The repeats: the probes, then the on-site visits of their phones and
    // products (`status` binds those as a JSON list it made from the probes;
    // here the probes' own selection stands for it).
    let probes = fill(super::voice::PROBES_SQL);
    let keys = format!(
        "SELECT phone, product_model FROM ({})",
        probes.trim_end_matches(" ORDER BY j.received_at, j.job_no")
    );
    out.push(("repeat_probes".to_string(), probes.clone()));
    out.push((
        "repeat_candidates".to_string(),
        super::voice::CANDIDATES_SQL.replace(
            "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1)",
            &keys,
        ),
    ));
    out
}

#[derive(Debug, Clone)]
pub struct TodayJob {
    pub job_no: String,
    pub engineer: String,
    pub status: JobStatus,
    pub customer: String,
    pub phone: String,
    pub address: String,
    pub product_model: String,
    pub warranty: Option<String>,
    pub appt_start: Option<Ts>,
    pub appt_end: Option<Ts>,
    pub to_verify: Vec<String>,
    pub card_state: CardState,
    pub last_outcome: Option<Outcome>,
    pub late_minutes: Option<i64>,
    pub revisit_of: Option<String>,
}

fn list(s: String) -> Vec<String> {
    s.split(',')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn status(raw: Option<String>) -> rusqlite::Result<JobStatus> {
    Ok(code(raw, JobStatus::parse)?.unwrap_or(JobStatus::Unscheduled))
}

fn card_state(raw: Option<String>) -> rusqlite::Result<CardState> {
    Ok(code(raw, CardState::parse)?.unwrap_or(CardState::NotRequired))
}

pub fn today_jobs(c: &Connection, start: Ts, end: Ts) -> Result<Vec<TodayJob>> {
    let mut st = c.prepare_cached(&TODAY_JOBS)?;
    let rows = st
        .query_map(params![start.timestamp(), end.timestamp()], |r| {
            Ok(TodayJob {
                job_no: r.get(0)?,
                engineer: r.get(1)?,
                status: status(r.get(2)?)?,
                customer: r.get(3)?,
                phone: r.get(4)?,
                address: r.get(5)?,
                product_model: r.get(6)?,
                warranty: r.get(7)?,
                appt_start: ts(r.get(8)?),
                appt_end: ts(r.get(9)?),
                to_verify: list(r.get(10)?),
                card_state: card_state(r.get(11)?)?,
                last_outcome: code(r.get(12)?, Outcome::parse)?,
                late_minutes: r.get(13)?,
                revisit_of: r.get(14)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// An open job not on today's list, as [`OPEN_JOBS`] reads it.
#[derive(Debug, Clone)]
pub struct OpenJob {
    pub job_no: String,
    pub engineer: String,
    pub status: JobStatus,
    pub customer: String,
    pub phone: String,
    pub appt_start: Option<Ts>,
    pub appt_end: Option<Ts>,
    pub received_at: Option<Ts>,
    pub last_outcome: Option<Outcome>,
    pub last_visit_at: Option<Ts>,
}

pub fn open_jobs(c: &Connection, start: Ts, end: Ts, now: Ts) -> Result<Vec<OpenJob>> {
    let mut st = c.prepare_cached(&OPEN_JOBS)?;
    let rows = st
        .query_map(
            params![start.timestamp(), end.timestamp(), now.timestamp()],
            |r| {
                Ok(OpenJob {
                    job_no: r.get(0)?,
                    engineer: r.get(1)?,
                    status: status(r.get(2)?)?,
                    customer: r.get(3)?,
                    phone: r.get(4)?,
                    appt_start: ts(r.get(5)?),
                    appt_end: ts(r.get(6)?),
                    received_at: ts(r.get(7)?),
                    last_outcome: code(r.get(8)?, Outcome::parse)?,
                    last_visit_at: ts(r.get(9)?),
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[derive(Debug, Clone)]
pub struct Pending {
    pub job_no: String,
    pub kind: Option<CallbackKind>,
    pub started_at: Ts,
    pub due_at: Ts,
    pub attempts: i64,
    pub engineer: String,
    pub customer: String,
    pub phone: String,
}

pub fn callbacks_pending(c: &Connection) -> Result<Vec<Pending>> {
    let mut st = c.prepare_cached(CALLBACKS_PENDING)?;
    let rows = st
        .query_map([], |r| {
            Ok(Pending {
                job_no: r.get(0)?,
                kind: code(r.get(1)?, CallbackKind::parse)?,
                started_at: ts(r.get(2)?).unwrap_or_default(),
                due_at: ts(r.get(3)?).unwrap_or_default(),
                attempts: r.get(4)?,
                engineer: r.get(5)?,
                customer: r.get(6)?,
                phone: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[derive(Debug, Clone)]
pub struct Awaiting {
    pub job_no: String,
    pub card_state: CardState,
    pub engineer: String,
    pub customer: String,
    pub visited_at: Option<Ts>,
}

pub fn cards_awaiting(c: &Connection) -> Result<Vec<Awaiting>> {
    let mut st = c.prepare_cached(CARDS_AWAITING)?;
    let rows = st
        .query_map([], |r| {
            Ok(Awaiting {
                job_no: r.get(0)?,
                card_state: card_state(r.get(1)?)?,
                engineer: r.get(2)?,
                customer: r.get(3)?,
                visited_at: ts(r.get(4)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[derive(Debug, Clone)]
pub struct Listed {
    pub job_id: i64,
    pub job_no: String,
    pub kind: crate::domain::reconcile::DiscrepancyKind,
    pub status: crate::domain::reconcile::DiscrepancyStatus,
    pub engineer: String,
    pub detail: String,
    pub recon_date: String,
    pub resolution: Option<crate::domain::reconcile::Resolution>,
    pub note: String,
    pub resolved_by: Option<String>,
}

pub fn discrepancies(c: &Connection, start: Ts, end: Ts) -> Result<Vec<Listed>> {
    use crate::domain::reconcile::{DiscrepancyKind, DiscrepancyStatus, Resolution};
    let mut st = c.prepare_cached(DISCREPANCIES)?;
    let rows = st
        .query_map(params![start.timestamp(), end.timestamp()], |r| {
            Ok(Listed {
                job_id: r.get(0)?,
                job_no: r.get(1)?,
                kind: code(r.get(2)?, DiscrepancyKind::parse)?
                    .unwrap_or(DiscrepancyKind::CardMissing),
                status: code(r.get(3)?, DiscrepancyStatus::parse)?
                    .unwrap_or(DiscrepancyStatus::Open),
                engineer: r.get(4)?,
                detail: r.get(5)?,
                recon_date: r.get(6)?,
                resolution: code(r.get(7)?, Resolution::parse)?,
                note: r.get(8)?,
                resolved_by: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[derive(Debug, Clone)]
pub struct ToVerify {
    pub job_no: String,
    pub missing: Vec<String>,
    pub engineer: String,
    pub customer: String,
    pub phone: String,
}

pub fn to_verify(c: &Connection) -> Result<Vec<ToVerify>> {
    let mut st = c.prepare_cached(TO_VERIFY)?;
    let rows = st
        .query_map([], |r| {
            Ok(ToVerify {
                job_no: r.get(0)?,
                missing: list(r.get(1)?),
                engineer: r.get(2)?,
                customer: r.get(3)?,
                phone: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn slots_from(c: &Connection, from: Ts) -> Result<Vec<Slot>> {
    let mut st = c.prepare_cached(SLOTS_FROM)?;
    let rows = st
        .query_map([from.timestamp()], |r| {
            Ok(Slot {
                job_no: r.get(0)?,
                engineer: r.get(1)?,
                start: ts(r.get(2)?).unwrap_or_default(),
                end: ts(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// `(job_no, receipt_no, visited at)` of every owed invoice.
pub fn invoices_owed(c: &Connection) -> Result<Vec<(String, String, Option<Ts>)>> {
    let mut st = c.prepare_cached(INVOICES_OWED)?;
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, ts(r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A pulled machine not yet back: job, due date (agreed, else the
/// working-days limit), whether the agreed date is past the limit, and the
/// receipt given for the machine.
pub type OpenReturn = (String, Option<NaiveDate>, bool, String);

/// Every pulled machine not yet back.
pub fn returns_open(c: &Connection) -> Result<Vec<OpenReturn>> {
    let mut st = c.prepare_cached(RETURNS_OPEN)?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                date(r.get(1)?)?,
                r.get::<_, i64>(2)? != 0,
                r.get(3)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
