//! The supervisor's reads: pending callbacks with who they belong to, the
//! facts of the scorecard, suspected forgeries and re-visit chains. Each is
//! a handful of set-based queries (no query per job), so that they stay
//! fast on big databases. A fact counts against the engineer of the visit
//! behind it, else the job's engineer.

use super::{Result, code, ts};
use crate::domain::callback::CallbackResult;
use crate::domain::card::{Card, Satisfaction, SignedBy};
use crate::domain::reconcile::{DiscrepancyKind, DiscrepancyStatus};
use crate::domain::scorecard::{CallbackFact, FirstVisitFact, ScoreFacts, VisitFact};
use crate::domain::status::JobStatus;
use crate::domain::time::Ts;
use crate::domain::visit::{CallbackKind, Outcome};
use rusqlite::{Connection, params};

/// Outcomes with an engineer on site.
const ON_SITE: &str = super::on_site!();

/// A pending callback, as the supervisor sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRow {
    pub callback_id: i64,
    pub job_id: i64,
    pub job_no: String,
    pub branch: String,
    pub customer: String,
    pub phone: String,
    pub engineer: String,
    pub kind: Option<CallbackKind>,
    pub started_at: Ts,
    pub due_at: Ts,
    pub attempts: i64,
}

/// Every pending callback (earliest due first); with `due_before`, only
/// those strictly overdue at that instant.
pub fn pending(c: &Connection, due_before: Option<Ts>) -> Result<Vec<PendingRow>> {
    let mut st = c.prepare_cached(
        "SELECT c.id, c.job_id, j.job_no, j.branch, j.customer, j.phone,
                coalesce(nullif(v.engineer, ''), j.engineer), c.kind, c.started_at, c.due_at,
                c.attempts
         FROM callbacks c JOIN jobs j ON j.id = c.job_id
              LEFT JOIN visits v ON v.id = c.visit_id
         WHERE c.status = 'pending' AND c.followup IS NULL AND c.due_at < ?1
         ORDER BY c.due_at, j.job_no, c.id",
    )?;
    let limit = due_before.map(|t| t.timestamp()).unwrap_or(i64::MAX);
    let rows = st
        .query_map([limit], |r| {
            Ok(PendingRow {
                callback_id: r.get(0)?,
                job_id: r.get(1)?,
                job_no: r.get(2)?,
                branch: r.get(3)?,
                customer: r.get(4)?,
                phone: r.get(5)?,
                engineer: r.get(6)?,
                kind: code(r.get(7)?, CallbackKind::parse)?,
                started_at: ts(r.get(8)?).unwrap_or_default(),
                due_at: ts(r.get(9)?).unwrap_or_default(),
                attempts: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn outcome(raw: Option<String>) -> rusqlite::Result<Outcome> {
    Ok(code(raw, Outcome::parse)?.unwrap_or(Outcome::Fixed))
}

/// The scorecard's facts for `[start, end)`, whose local days are
/// `first_day ..= last_day` (for the reconciliations). `overdue_now` is
/// left to the caller, who holds the pending callbacks.
pub fn score_facts(
    c: &Connection,
    start: Ts,
    end: Ts,
    first_day: &str,
    last_day: &str,
) -> Result<ScoreFacts> {
    let (s, e) = (start.timestamp(), end.timestamp());
    let mut f = ScoreFacts::default();

    let mut st = c.prepare_cached(
        "SELECT v.job_id, coalesce(nullif(v.engineer, ''), j.engineer), v.outcome, v.late_minutes,
                coalesce(v.outcome = 'pulled' AND v.return_due > v.return_limit, 0)
         FROM visits v JOIN jobs j ON j.id = v.job_id
         WHERE v.at >= ?1 AND v.at < ?2",
    )?;
    f.visits = st
        .query_map(params![s, e], |r| {
            Ok(VisitFact {
                job_id: r.get(0)?,
                engineer: r.get(1)?,
                outcome: outcome(r.get(2)?)?,
                late_minutes: r.get(3)?,
                over_limit: r.get::<_, i64>(4)? != 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    // Visits of a job are ordered as on its timeline: (at, else when it was
    // recorded; then id).
    let mut st = c.prepare_cached(&format!(
        "SELECT coalesce(nullif(v.engineer, ''), j.engineer), v.outcome,
            (SELECT count(*) FROM visits w WHERE w.job_id = v.job_id AND w.outcome IN {ON_SITE}
               AND (coalesce(w.at, w.created_at), w.id) > (coalesce(v.at, v.created_at), v.id)),
            EXISTS (SELECT 1 FROM jobs r WHERE r.parent_id = v.job_id)
         FROM visits v JOIN jobs j ON j.id = v.job_id
         WHERE v.at >= ?1 AND v.at < ?2 AND j.parent_id IS NULL AND v.outcome IN {ON_SITE}
           AND NOT EXISTS (SELECT 1 FROM visits w WHERE w.job_id = v.job_id
               AND w.outcome IN {ON_SITE}
               AND (coalesce(w.at, w.created_at), w.id) < (coalesce(v.at, v.created_at), v.id))"
    ))?;
    f.first_visits = st
        .query_map(params![s, e], |r| {
            Ok(FirstVisitFact {
                engineer: r.get(0)?,
                outcome: outcome(r.get(1)?)?,
                later_visits: r.get(2)?,
                revisit_opened: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut st = c.prepare_cached(
        "SELECT coalesce(nullif(v.engineer, ''), j.engineer), c.due_at,
            (SELECT min(ev.at) FROM callback_events ev WHERE ev.callback_id = c.id)
         FROM callbacks c JOIN jobs j ON j.id = c.job_id
              LEFT JOIN visits v ON v.id = c.visit_id
         WHERE c.kind IS NOT NULL AND c.due_at >= ?1 AND c.due_at < ?2",
    )?;
    f.callbacks = st
        .query_map(params![s, e], |r| {
            Ok(CallbackFact {
                engineer: r.get(0)?,
                due: ts(r.get(1)?).unwrap_or_default(),
                first_attempt: ts(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    // An unsatisfied card counts against the job's last on-site engineer.
    let mut st = c.prepare_cached(&format!(
        "SELECT coalesce(nullif(v.engineer, ''), j.engineer), c.job_id
         FROM callback_events ev JOIN callbacks c ON c.id = ev.callback_id
              JOIN jobs j ON j.id = c.job_id LEFT JOIN visits v ON v.id = c.visit_id
         WHERE ev.at >= ?1 AND ev.at < ?2 AND ev.result = 'unsatisfied'
         UNION ALL
         SELECT coalesce((SELECT nullif(w.engineer, '') FROM visits w
                          WHERE w.job_id = k.job_id AND w.outcome IN {ON_SITE}
                          ORDER BY coalesce(w.at, w.created_at) DESC, w.id DESC LIMIT 1),
                         j.engineer), k.job_id
         FROM cards k JOIN jobs j ON j.id = k.job_id
         WHERE k.returned_at >= ?1 AND k.returned_at < ?2 AND k.satisfaction = 'unsatisfied'"
    ))?;
    f.unsatisfied = st
        .query_map(params![s, e], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;

    let mut st = c.prepare_cached(
        "SELECT coalesce(nullif(v.engineer, ''), nullif(pj.engineer, ''), r.engineer)
         FROM jobs r LEFT JOIN callbacks c ON c.revisit_job_id = r.id
              LEFT JOIN visits v ON v.id = c.visit_id
              LEFT JOIN jobs pj ON pj.id = c.job_id
         WHERE r.received_at >= ?1 AND r.received_at < ?2 AND r.parent_id IS NOT NULL",
    )?;
    f.revisits = st
        .query_map(params![s, e], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;

    let mut st = c.prepare_cached(
        "SELECT coalesce(nullif(d.engineer, ''), j.engineer), d.kind
         FROM discrepancies d JOIN jobs j ON j.id = d.job_id
         WHERE d.recon_date >= ?1 AND d.recon_date <= ?2",
    )?;
    let rows: Vec<(String, Option<DiscrepancyKind>)> = st
        .query_map(params![first_day, last_day], |r| {
            Ok((r.get(0)?, code(r.get(1)?, DiscrepancyKind::parse)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    f.discrepancies = rows
        .into_iter()
        .filter_map(|(e, k)| k.map(|k| (e, k)))
        .collect();
    Ok(f)
}

/// A job under suspicion of a forged card: the card as handed back.
#[derive(Debug, Clone)]
pub struct SuspectJob {
    pub job_id: i64,
    pub job_no: String,
    pub branch: String,
    pub customer: String,
    pub phone: String,
    pub engineer: String,
    pub card: Option<Card>,
}

/// A `signature_suspect` or `satisfaction_conflict` discrepancy.
#[derive(Debug, Clone)]
pub struct SuspectDiscrepancy {
    pub id: i64,
    pub job_id: i64,
    pub kind: DiscrepancyKind,
    pub status: DiscrepancyStatus,
    pub detail: String,
    pub raised_at: Ts,
    pub resolved_at: Option<Ts>,
    pub resolved_by: Option<String>,
}

/// One logged call of a suspect job.
#[derive(Debug, Clone)]
pub struct SuspectCall {
    pub callback_id: i64,
    pub job_id: i64,
    pub kind: Option<CallbackKind>,
    pub at: Ts,
    pub result: Option<CallbackResult>,
    pub note: String,
    pub operator: String,
}

/// Jobs with a suspect card: a `signature_suspect` or
/// `satisfaction_conflict` discrepancy open or raised since `since`, or a
/// customer who denied signing since `since`.
const SUSPECTS: &str = "WITH sus(job_id) AS (
    SELECT job_id FROM discrepancies
     WHERE kind IN ('signature_suspect', 'satisfaction_conflict')
       AND (status = 'open' OR raised_at >= ?1)
    UNION
    SELECT c.job_id FROM callback_events ev JOIN callbacks c ON c.id = ev.callback_id
     WHERE ev.result = 'denies_signature' AND ev.at >= ?1)";

/// The suspected forgeries since `since`: the jobs with their cards, their
/// suspect discrepancies, and every call logged on them.
pub fn suspects(
    c: &Connection,
    since: Ts,
) -> Result<(Vec<SuspectJob>, Vec<SuspectDiscrepancy>, Vec<SuspectCall>)> {
    let s = since.timestamp();
    let mut st = c.prepare_cached(&format!(
        "{SUSPECTS}
         SELECT j.id, j.job_no, j.branch, j.customer, j.phone,
            coalesce((SELECT nullif(w.engineer, '') FROM visits w
                      WHERE w.job_id = j.id AND w.outcome IN {ON_SITE}
                      ORDER BY coalesce(w.at, w.created_at) DESC, w.id DESC LIMIT 1),
                     j.engineer),
            k.id, k.returned_at, k.satisfaction, k.signed_by, k.warranty_record, k.charge,
            k.receipt_no
         FROM sus JOIN jobs j ON j.id = sus.job_id LEFT JOIN cards k ON k.job_id = j.id
         ORDER BY j.job_no"
    ))?;
    let jobs = st
        .query_map([s], |r| {
            let job_no: String = r.get(1)?;
            let card = match r.get::<_, Option<i64>>(6)? {
                None => None,
                Some(_) => Some(Card {
                    job_no: job_no.clone(),
                    returned_at: ts(r.get(7)?),
                    satisfaction: code(r.get(8)?, Satisfaction::parse)?,
                    signed_by: code(r.get(9)?, SignedBy::parse)?,
                    warranty_record: r.get::<_, Option<i64>>(10)?.map(|b| b != 0),
                    charge: r.get(11)?,
                    receipt_no: r.get(12)?,
                    ..Card::default()
                }),
            };
            Ok(SuspectJob {
                job_id: r.get(0)?,
                job_no,
                branch: r.get(2)?,
                customer: r.get(3)?,
                phone: r.get(4)?,
                engineer: r.get(5)?,
                card,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = c.prepare_cached(&format!(
        "{SUSPECTS}
         SELECT d.id, d.job_id, d.kind, d.status, d.detail, d.raised_at, d.resolved_at,
                d.resolved_by
         FROM discrepancies d
         WHERE d.job_id IN (SELECT job_id FROM sus)
           AND d.kind IN ('signature_suspect', 'satisfaction_conflict')
         ORDER BY d.job_id, d.raised_at, d.id"
    ))?;
    let discs = st
        .query_map([s], |r| {
            Ok(SuspectDiscrepancy {
                id: r.get(0)?,
                job_id: r.get(1)?,
                kind: code(r.get(2)?, DiscrepancyKind::parse)?
                    .unwrap_or(DiscrepancyKind::SignatureSuspect),
                status: code(r.get(3)?, DiscrepancyStatus::parse)?
                    .unwrap_or(DiscrepancyStatus::Open),
                detail: r.get(4)?,
                raised_at: ts(r.get(5)?).unwrap_or_default(),
                resolved_at: ts(r.get(6)?),
                resolved_by: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = c.prepare_cached(&format!(
        "{SUSPECTS}
         SELECT ev.callback_id, c.job_id, c.kind, ev.at, ev.result, ev.note, ev.operator
         FROM callback_events ev JOIN callbacks c ON c.id = ev.callback_id
         WHERE c.job_id IN (SELECT job_id FROM sus)
         ORDER BY c.job_id, ev.at, ev.id"
    ))?;
    let calls = st
        .query_map([s], |r| {
            Ok(SuspectCall {
                callback_id: r.get(0)?,
                job_id: r.get(1)?,
                kind: code(r.get(2)?, CallbackKind::parse)?,
                at: ts(r.get(3)?).unwrap_or_default(),
                result: code(r.get(4)?, CallbackResult::parse)?,
                note: r.get(5)?,
                operator: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((jobs, discs, calls))
}

/// A job of a re-visit chain (the original or one of its re-visits).
#[derive(Debug, Clone)]
pub struct ChainJob {
    pub job_id: i64,
    pub job_no: String,
    /// The original's id for a re-visit; `None` for the original.
    pub parent_id: Option<i64>,
    pub revisit_no: Option<i64>,
    pub status: JobStatus,
    pub engineer: String,
    pub customer: String,
    pub branch: String,
    pub received_at: Option<Ts>,
}

/// A visit of a chain's job.
#[derive(Debug, Clone)]
pub struct ChainVisit {
    pub job_id: i64,
    pub engineer: String,
    pub outcome: Outcome,
    pub at: Option<Ts>,
}

/// A call logged on a chain's job.
#[derive(Debug, Clone)]
pub struct ChainCall {
    pub job_id: i64,
    pub result: Option<CallbackResult>,
    pub at: Ts,
}

/// Originals with a re-visit opened since `since` or a re-visit still open.
const CHAINS: &str = "WITH roots(id) AS (
    SELECT DISTINCT parent_id FROM jobs
     WHERE parent_id IS NOT NULL
       AND (received_at >= ?1 OR status NOT IN ('done', 'cancelled'))),
  members(id) AS (SELECT id FROM roots UNION SELECT id FROM jobs
     WHERE parent_id IN (SELECT id FROM roots))";

/// The re-visit chains since `since`: their jobs, visits and calls.
pub fn chains(
    c: &Connection,
    since: Ts,
) -> Result<(Vec<ChainJob>, Vec<ChainVisit>, Vec<ChainCall>)> {
    let s = since.timestamp();
    let mut st = c.prepare_cached(&format!(
        "{CHAINS}
         SELECT j.id, j.job_no, j.parent_id, j.revisit_no, j.status, j.engineer, j.customer,
                j.branch, j.received_at
         FROM jobs j WHERE j.id IN (SELECT id FROM members)
         ORDER BY coalesce(j.parent_id, j.id), coalesce(j.revisit_no, 0)"
    ))?;
    let jobs = st
        .query_map([s], |r| {
            Ok(ChainJob {
                job_id: r.get(0)?,
                job_no: r.get(1)?,
                parent_id: r.get(2)?,
                revisit_no: r.get(3)?,
                status: code(r.get(4)?, JobStatus::parse)?.unwrap_or(JobStatus::Unscheduled),
                engineer: r.get(5)?,
                customer: r.get(6)?,
                branch: r.get(7)?,
                received_at: ts(r.get(8)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = c.prepare_cached(&format!(
        "{CHAINS}
         SELECT v.job_id, coalesce(nullif(v.engineer, ''), j.engineer), v.outcome, v.at
         FROM visits v JOIN jobs j ON j.id = v.job_id
         WHERE v.job_id IN (SELECT id FROM members)
         ORDER BY v.job_id, coalesce(v.at, v.created_at), v.id"
    ))?;
    let visits = st
        .query_map([s], |r| {
            Ok(ChainVisit {
                job_id: r.get(0)?,
                engineer: r.get(1)?,
                outcome: outcome(r.get(2)?)?,
                at: ts(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = c.prepare_cached(&format!(
        "{CHAINS}
         SELECT c.job_id, ev.result, ev.at
         FROM callback_events ev JOIN callbacks c ON c.id = ev.callback_id
         WHERE c.job_id IN (SELECT id FROM members)
         ORDER BY c.job_id, ev.at, ev.id"
    ))?;
    let calls = st
        .query_map([s], |r| {
            Ok(ChainCall {
                job_id: r.get(0)?,
                result: code(r.get(1)?, CallbackResult::parse)?,
                at: ts(r.get(2)?).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((jobs, visits, calls))
}
