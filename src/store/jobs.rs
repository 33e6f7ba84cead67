//! The `jobs` table: dispatched jobs and re-visits, with their derived state.

use super::{Result, code, date, secs, ts};
use crate::domain::card::CardState;
use crate::domain::job::{Job, Warranty};
use crate::domain::reconcile::{JobFacts, VisitFact};
use crate::domain::status::JobStatus;
use crate::domain::time::Ts;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct JobRow {
    pub id: i64,
    pub job: Job,
    /// The window now in force (after any reschedule).
    pub appt_start: Option<Ts>,
    pub appt_end: Option<Ts>,
    pub parent_id: Option<i64>,
    pub revisit_no: Option<i64>,
    pub origin: String,
    pub to_verify: Vec<String>,
    pub verified_at: Option<Ts>,
    pub status: JobStatus,
    pub card_state: CardState,
    pub created_at: Ts,
}

const COLS: &str = "id, job_no, branch, received_at, customer, phone, address, product_model, \
    purchase_date, fault, requirement, appointment_start, appointment_end, engineer, warranty, \
    appt_start, appt_end, parent_id, revisit_no, origin, to_verify, verified_at, status, \
    card_state, created_at";

fn from_row(r: &Row) -> rusqlite::Result<JobRow> {
    let to_verify: String = r.get(20)?;
    Ok(JobRow {
        id: r.get(0)?,
        job: Job {
            job_no: r.get(1)?,
            branch: r.get(2)?,
            received_at: ts(r.get(3)?),
            customer: r.get(4)?,
            phone: r.get(5)?,
            address: r.get(6)?,
            product_model: r.get(7)?,
            purchase_date: date(r.get(8)?)?,
            fault: r.get(9)?,
            requirement: r.get(10)?,
            appointment_start: ts(r.get(11)?),
            appointment_end: ts(r.get(12)?),
            engineer: r.get(13)?,
            warranty: code(r.get(14)?, Warranty::parse)?,
        },
        appt_start: ts(r.get(15)?),
        appt_end: ts(r.get(16)?),
        parent_id: r.get(17)?,
        revisit_no: r.get(18)?,
        origin: r.get(19)?,
        to_verify: to_verify
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        verified_at: ts(r.get(21)?),
        status: code(r.get(22)?, JobStatus::parse)?.unwrap_or(JobStatus::Unscheduled),
        card_state: code(r.get(23)?, CardState::parse)?.unwrap_or(CardState::NotRequired),
        created_at: ts(r.get(24)?).unwrap_or_default(),
    })
}

fn query(c: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<JobRow>> {
    let mut st = c.prepare_cached(sql)?;
    let rows = st
        .query_map(p, from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn by_no(c: &Connection, job_no: &str) -> Result<Option<JobRow>> {
    Ok(
        c.prepare_cached(&format!("SELECT {COLS} FROM jobs WHERE job_no = ?1"))?
            .query_row([job_no], from_row)
            .optional()?,
    )
}

pub fn by_id(c: &Connection, id: i64) -> Result<JobRow> {
    Ok(
        c.prepare_cached(&format!("SELECT {COLS} FROM jobs WHERE id = ?1"))?
            .query_row([id], from_row)?,
    )
}

/// How a job came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Import,
    Manual,
    Revisit,
    Demo,
}

impl Origin {
    fn code(self) -> &'static str {
        match self {
            Origin::Import => "import",
            Origin::Manual => "manual",
            Origin::Revisit => "revisit",
            Origin::Demo => "demo",
        }
    }
}

const INSERT: &str = "INSERT INTO jobs (job_no, branch, received_at, customer, phone, address,
        product_model, purchase_date, fault, requirement, appointment_start, appointment_end,
        engineer, warranty, appt_start, appt_end, parent_id, revisit_no, origin, to_verify,
        status, card_state, created_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?11, ?12, ?15, ?16,
        ?17, ?18, ?19, 'not_required', ?20)";

static INSERT_NEW: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{INSERT} ON CONFLICT (job_no) DO NOTHING"));

/// Inserts a job; `to_verify` and the initial status come from the rules.
pub fn insert(
    c: &Connection,
    job: &Job,
    origin: Origin,
    revisit_of: Option<(i64, i64)>,
    to_verify: &[&str],
    status: JobStatus,
    now: Ts,
) -> Result<i64> {
    let mut st = c.prepare_cached(INSERT)?;
    run_insert(&mut st, job, origin, revisit_of, to_verify, status, now)?;
    Ok(c.last_insert_rowid())
}

/// [`insert`] unless a job of that number is already there (`None`): one
/// look-up of the number instead of two, for imports. The statement is
/// prepared once for the whole file (looking it up in the cache again for
/// each of 100,000 rows hashes its text as many times).
pub struct NewJobs<'c> {
    c: &'c Connection,
    st: rusqlite::CachedStatement<'c>,
}

impl<'c> NewJobs<'c> {
    pub fn new(c: &'c Connection) -> Result<NewJobs<'c>> {
        Ok(NewJobs {
            c,
            st: c.prepare_cached(&INSERT_NEW)?,
        })
    }

    pub fn insert(
        &mut self,
        job: &Job,
        origin: Origin,
        to_verify: &[&str],
        status: JobStatus,
        now: Ts,
    ) -> Result<Option<i64>> {
        let n = run_insert(&mut self.st, job, origin, None, to_verify, status, now)?;
        Ok((n == 1).then(|| self.c.last_insert_rowid()))
    }
}

fn run_insert(
    st: &mut rusqlite::Statement,
    job: &Job,
    origin: Origin,
    revisit_of: Option<(i64, i64)>,
    to_verify: &[&str],
    status: JobStatus,
    now: Ts,
) -> Result<usize> {
    Ok(st.execute(params![
        job.job_no,
        job.branch,
        secs(job.received_at),
        job.customer,
        job.phone,
        job.address,
        job.product_model,
        job.purchase_date.map(|d| d.to_string()),
        job.fault,
        job.requirement,
        secs(job.appointment_start),
        secs(job.appointment_end),
        job.engineer,
        job.warranty.map(|w| w.code()),
        revisit_of.map(|r| r.0),
        revisit_of.map(|r| r.1),
        origin.code(),
        to_verify.join(","),
        status.code(),
        now.timestamp(),
    ])?)
}

/// The highest job id so far (0 for none): jobs added later have higher ids.
pub fn max_id(c: &Connection) -> Result<i64> {
    Ok(c.prepare_cached("SELECT coalesce(max(id), 0) FROM jobs")?
        .query_row([], |r| r.get(0))?)
}

/// The indexes an import of new jobs grows row by row, each new key landing
/// at random in it (the appointment, the open ledger's two, the repeat
/// rule's phone and product). The other indexes of `jobs` hold no row of an
/// import; the job number's own (unique) is kept: the import looks jobs up
/// by it.
const GROWN_BY_IMPORT: [&str; 4] = [
    "jobs_appt",
    "jobs_waiting",
    "jobs_open_received",
    "jobs_phone_model",
];

/// Indexes [`defer_import_indexes`] took away inside a write; made again
/// by [`remake_indexes`] before that write commits (a write that fails
/// rolls the drop back with everything else).
#[must_use = "deferred indexes are made again with jobs::remake_indexes before the write commits"]
pub struct DeferredIndexes(Vec<String>);

/// For a bulk load into an empty `jobs` table: drops the indexes the load
/// would grow row by row, to be made once after it by [`remake_indexes`]
/// (one sort each instead of a hundred thousand scattered inserts). Inside
/// the caller's write; nothing when the table holds jobs already (their
/// indexes are not rebuilt for a load they may dwarf).
pub fn defer_import_indexes(c: &Connection) -> Result<Option<DeferredIndexes>> {
    let empty: bool = c
        .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM jobs)")?
        .query_row([], |r| r.get(0))?;
    if !empty {
        return Ok(None);
    }
    let mut sqls = Vec::new();
    for name in GROWN_BY_IMPORT {
        let sql: Option<String> = c
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        // Each is the migrations' own (checked on open): a missing one is
        // simply not made again.
        if let Some(sql) = sql {
            c.execute_batch(&format!("DROP INDEX {name}"))?;
            sqls.push(sql);
        }
    }
    Ok(Some(DeferredIndexes(sqls)))
}

/// Makes the indexes [`defer_import_indexes`] dropped again, each from its
/// own `CREATE INDEX` text (the schema is then the migrations' to the
/// letter).
pub fn remake_indexes(c: &Connection, deferred: DeferredIndexes) -> Result<()> {
    for sql in deferred.0 {
        c.execute_batch(&sql)?;
    }
    Ok(())
}

pub fn set_appointment(c: &Connection, id: i64, start: Option<Ts>, end: Option<Ts>) -> Result<()> {
    c.prepare_cached("UPDATE jobs SET appt_start = ?2, appt_end = ?3 WHERE id = ?1")?
        .execute(params![id, secs(start), secs(end)])?;
    Ok(())
}

pub fn set_derived(c: &Connection, id: i64, status: JobStatus, card: CardState) -> Result<()> {
    c.prepare_cached(
        "UPDATE jobs SET status = ?2, card_state = ?3
         WHERE id = ?1 AND (status <> ?2 OR card_state <> ?3)",
    )?
    .execute(params![id, status.code(), card.code()])?;
    Ok(())
}

pub fn set_verified(c: &Connection, id: i64, at: Ts) -> Result<()> {
    c.prepare_cached("UPDATE jobs SET verified_at = ?2 WHERE id = ?1")?
        .execute(params![id, at.timestamp()])?;
    Ok(())
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))?)
}

/// Re-visits already opened for an original job.
pub fn revisits_of(c: &Connection, root_id: i64) -> Result<Vec<JobRow>> {
    query(
        c,
        &format!("SELECT {COLS} FROM jobs WHERE parent_id = ?1 ORDER BY revisit_no"),
        [root_id],
    )
}

/// The re-visits of each of these jobs, in their order.
pub fn revisits_of_jobs(c: &Connection, ids: &[i64]) -> Result<HashMap<i64, Vec<JobRow>>> {
    super::by_job_id(
        c,
        &format!(
            "SELECT {COLS} FROM jobs WHERE parent_id IN (SELECT value FROM json_each(?1))
             ORDER BY parent_id, revisit_no"
        ),
        ids,
        |j: &JobRow| j.parent_id.unwrap_or_default(),
        from_row,
    )
}

/// The job numbers of these jobs.
pub fn numbers_of(c: &Connection, ids: &[i64]) -> Result<HashMap<i64, String>> {
    let mut st = c.prepare_cached(
        "SELECT id, job_no FROM jobs WHERE id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = st
        .query_map([super::id_list(ids)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The jobs of these numbers that exist, in number order.
pub fn by_nos(c: &Connection, nos: &[&str]) -> Result<Vec<JobRow>> {
    let list = serde_json::json!(nos).to_string();
    query(
        c,
        &format!(
            "SELECT {COLS} FROM jobs WHERE job_no IN (SELECT value FROM json_each(?1))
             ORDER BY job_no"
        ),
        [list],
    )
}

/// Ids of jobs whose appointment, a visit, or a re-visit (the re-visit and
/// its original) falls in `[?1, ?2)`.
pub(crate) const TOUCHED: &str = "
    SELECT id FROM jobs WHERE appt_start >= ?1 AND appt_start < ?2
    UNION SELECT job_id FROM visits WHERE at >= ?1 AND at < ?2
    UNION SELECT id FROM jobs
        WHERE received_at >= ?1 AND received_at < ?2 AND parent_id IS NOT NULL
    UNION SELECT parent_id FROM jobs
        WHERE received_at >= ?1 AND received_at < ?2 AND parent_id IS NOT NULL";

/// Jobs flagged *to verify with dispatch* and not yet verified or cancelled.
pub fn to_verify(c: &Connection) -> Result<Vec<JobRow>> {
    query(
        c,
        &format!(
            "SELECT {COLS} FROM jobs WHERE to_verify <> '' AND verified_at IS NULL
               AND status <> 'cancelled' ORDER BY id"
        ),
        [],
    )
}

/// Visited jobs whose card is not back or back unsigned, oldest first.
pub fn awaiting_card(c: &Connection) -> Result<Vec<JobRow>> {
    query(
        c,
        &format!(
            "SELECT {COLS} FROM jobs WHERE card_state IN ('not_back', 'unsigned')
               AND status <> 'cancelled' ORDER BY id"
        ),
        [],
    )
}

/// Everything the rules need about one job.
pub fn facts(c: &Connection, job: &JobRow) -> Result<JobFacts> {
    let visits = super::visits::of_job(c, job.id)?
        .into_iter()
        .map(|v| VisitFact {
            outcome: v
                .visit
                .outcome
                .unwrap_or(crate::domain::visit::Outcome::Fixed),
            at: v.at,
            charge: v.visit.charge,
            receipt_no: v.visit.receipt_no,
            fee_total: v.fee_total,
        })
        .collect();
    let open_revisit: bool = c
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM jobs WHERE parent_id = ?1
               AND status NOT IN ('done', 'cancelled'))",
        )?
        .query_row([job.id], |r| r.get(0))?;
    Ok(JobFacts {
        warranty: job.job.warranty,
        has_appointment: job.appt_start.is_some(),
        visits,
        card: super::cards::by_job(c, job.id)?,
        callback_results: super::callbacks::results_of_job(c, job.id)?,
        pending_callbacks: super::callbacks::pending_count(c, job.id)?,
        open_revisit,
    })
}

/// The statements [`facts_of_set`] runs, for the jobs whose ids `set` (a
/// `SELECT` of ids) yields: each returns `job_id` first.
pub fn facts_sql(set: &str) -> [String; 6] {
    [
        format!("SELECT id, warranty, appt_start FROM jobs WHERE id IN ({set})"),
        format!(
            "SELECT job_id, outcome, at, charge, receipt_no, fee_total FROM visits
             WHERE job_id IN ({set})
             ORDER BY job_id, coalesce(at, created_at), id"
        ),
        format!(
            "SELECT k.job_id, j.job_no, k.returned_at, k.satisfaction, k.signed_by,
                    k.warranty_record, k.charge, k.receipt_no, k.quality, k.attitude
             FROM cards k JOIN jobs j ON j.id = k.job_id WHERE k.job_id IN ({set})"
        ),
        format!(
            "SELECT c.job_id, e.result FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
             WHERE c.job_id IN ({set}) ORDER BY c.job_id, e.at, e.id"
        ),
        format!(
            "SELECT job_id, count(*) FROM callbacks
             WHERE status = 'pending' AND followup IS NULL AND job_id IN ({set})
             GROUP BY job_id"
        ),
        format!(
            "SELECT DISTINCT parent_id FROM jobs WHERE parent_id IN ({set})
               AND status NOT IN ('done', 'cancelled')"
        ),
    ]
}

/// [`facts`] of many jobs at once, set-based: six statements whatever the
/// number of jobs. `set` is a `SELECT` of job ids taking `params`.
pub fn facts_of_set(
    c: &Connection,
    set: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<HashMap<i64, JobFacts>> {
    use crate::domain::callback::CallbackResult;
    use crate::domain::card::{Card, Satisfaction, SignedBy};
    use crate::domain::visit::Outcome;
    let [
        jobs_sql,
        visits_sql,
        cards_sql,
        results_sql,
        pending_sql,
        revisits_sql,
    ] = facts_sql(set);
    let mut out: HashMap<i64, JobFacts> = HashMap::new();
    let mut st = c.prepare_cached(&jobs_sql)?;
    let mut rows = st.query(params)?;
    while let Some(r) = rows.next()? {
        out.insert(
            r.get(0)?,
            JobFacts {
                warranty: code(r.get(1)?, Warranty::parse)?,
                has_appointment: r.get::<_, Option<i64>>(2)?.is_some(),
                ..JobFacts::default()
            },
        );
    }
    let mut st = c.prepare_cached(&visits_sql)?;
    let mut rows = st.query(params)?;
    while let Some(r) = rows.next()? {
        if let Some(f) = out.get_mut(&r.get(0)?) {
            f.visits.push(VisitFact {
                outcome: code(r.get(1)?, Outcome::parse)?.unwrap_or(Outcome::Fixed),
                at: ts(r.get(2)?),
                charge: r.get(3)?,
                receipt_no: r.get(4)?,
                fee_total: r.get(5)?,
            });
        }
    }
    let mut st = c.prepare_cached(&cards_sql)?;
    let mut rows = st.query(params)?;
    while let Some(r) = rows.next()? {
        if let Some(f) = out.get_mut(&r.get(0)?) {
            f.card = Some(Card {
                job_no: r.get(1)?,
                returned_at: ts(r.get(2)?),
                satisfaction: code(r.get(3)?, Satisfaction::parse)?,
                signed_by: code(r.get(4)?, SignedBy::parse)?,
                warranty_record: r.get::<_, Option<i64>>(5)?.map(|b| b != 0),
                charge: r.get(6)?,
                receipt_no: r.get(7)?,
                quality: code(r.get(8)?, crate::domain::voice::Answer::parse)?,
                attitude: code(r.get(9)?, crate::domain::voice::Answer::parse)?,
            });
        }
    }
    let mut st = c.prepare_cached(&results_sql)?;
    let mut rows = st.query(params)?;
    while let Some(r) = rows.next()? {
        if let (Some(f), Some(result)) = (
            out.get_mut(&r.get(0)?),
            code(r.get(1)?, CallbackResult::parse)?,
        ) {
            f.callback_results.push(result);
        }
    }
    let mut st = c.prepare_cached(&pending_sql)?;
    let mut rows = st.query(params)?;
    while let Some(r) = rows.next()? {
        if let Some(f) = out.get_mut(&r.get(0)?) {
            f.pending_callbacks = r.get::<_, i64>(1)? as usize;
        }
    }
    let mut st = c.prepare_cached(&revisits_sql)?;
    let mut rows = st.query(params)?;
    while let Some(r) = rows.next()? {
        if let Some(f) = out.get_mut(&r.get(0)?) {
            f.open_revisit = true;
        }
    }
    Ok(out)
}

/// What the dashboard's filter searches in, for one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFields {
    pub job_no: String,
    pub customer: String,
    pub phone: String,
    pub engineer: String,
    pub product_model: String,
}

/// The searchable fields of every job the dashboard may list: pending
/// callbacks, cards awaiting signature, discrepancies, jobs to verify, owed
/// invoices and open loaner returns (today's jobs carry their own fields).
/// The discrepancies listed are the open ones and those raised or resolved
/// in `[start, end)` (today).
pub const SEARCH_FIELDS: &str = "
    SELECT job_no, customer, phone, engineer, product_model FROM jobs WHERE id IN (
        SELECT job_id FROM callbacks WHERE status = 'pending'
        UNION SELECT id FROM jobs WHERE card_state IN ('not_back', 'unsigned')
        UNION SELECT job_id FROM discrepancies WHERE status = 'open'
        UNION SELECT job_id FROM discrepancies WHERE resolved_at >= ?1 AND resolved_at < ?2
        UNION SELECT job_id FROM discrepancies WHERE raised_at >= ?1 AND raised_at < ?2
        UNION SELECT id FROM jobs WHERE to_verify <> '' AND verified_at IS NULL
        UNION SELECT job_id FROM visits
            WHERE invoice_owed = 1 AND invoice_delivered_at IS NULL
        UNION SELECT job_id FROM visits WHERE outcome = 'pulled' AND returned_at IS NULL)";

pub fn search_fields_of_listed(c: &Connection, start: Ts, end: Ts) -> Result<Vec<SearchFields>> {
    let mut st = c.prepare_cached(SEARCH_FIELDS)?;
    let rows = st
        .query_map(params![start.timestamp(), end.timestamp()], |r| {
            Ok(SearchFields {
                job_no: r.get(0)?,
                customer: r.get(1)?,
                phone: r.get(2)?,
                engineer: r.get(3)?,
                product_model: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Jobs the daily report of a day covers: an appointment, visit or re-visit
/// that day, a callback result or a card back that day, or a discrepancy
/// raised by that day's reconciliation or resolved that day, a correction
/// made that day, an owed invoice handed over or a loaner brought back that
/// day (so that the center sees it settled rather than vanish).
pub static REPORTED_BETWEEN: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| reported_between_sql(COLS));

/// [`REPORTED_BETWEEN`] with only each job's id and number.
static REPORTED_IDS_BETWEEN: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| reported_between_sql("id, job_no"));

fn reported_between_sql(cols: &str) -> String {
    format!(
        "SELECT {cols} FROM jobs WHERE id IN ({TOUCHED}
            UNION SELECT c.job_id FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
                WHERE e.at >= ?1 AND e.at < ?2
            UNION SELECT job_id FROM cards WHERE returned_at >= ?1 AND returned_at < ?2
            UNION SELECT job_id FROM visits
                WHERE invoice_delivered_at >= ?1 AND invoice_delivered_at < ?2
            UNION SELECT job_id FROM visits WHERE returned_at >= ?1 AND returned_at < ?2
            UNION SELECT job_id FROM discrepancies WHERE recon_date = ?3
            UNION SELECT job_id FROM discrepancies WHERE resolved_at >= ?1 AND resolved_at < ?2
            UNION SELECT k.job_id FROM complaint_events e JOIN complaints k ON k.id = e.complaint_id
                WHERE e.at >= ?1 AND e.at < ?2 AND k.job_id IS NOT NULL
            UNION {})
         ORDER BY job_no",
        super::corrections::TOUCHED
    )
}

pub fn reported_between(c: &Connection, start: Ts, end: Ts, date: &str) -> Result<Vec<JobRow>> {
    query(
        c,
        &REPORTED_BETWEEN,
        params![start.timestamp(), end.timestamp(), date],
    )
}

/// The id and number of each job [`reported_between`] reads, in number
/// order (a report's jobs are then read a few at a time, [`by_ids`]).
pub fn reported_ids_between(
    c: &Connection,
    start: Ts,
    end: Ts,
    date: &str,
) -> Result<Vec<(i64, String)>> {
    let mut st = c.prepare_cached(&REPORTED_IDS_BETWEEN)?;
    let rows = st
        .query_map(params![start.timestamp(), end.timestamp(), date], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The id and number of each job of these numbers that exists, in number
/// order ([`by_nos`] without the rest).
pub fn ids_of_nos(c: &Connection, nos: &[&str]) -> Result<Vec<(i64, String)>> {
    let list = serde_json::json!(nos).to_string();
    let mut st = c.prepare_cached(
        "SELECT id, job_no FROM jobs WHERE job_no IN (SELECT value FROM json_each(?1))
         ORDER BY job_no",
    )?;
    let rows = st
        .query_map([list], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The jobs of these ids, by id.
pub fn by_ids(c: &Connection, ids: &[i64]) -> Result<HashMap<i64, JobRow>> {
    Ok(query(
        c,
        &format!("SELECT {COLS} FROM jobs WHERE id IN (SELECT value FROM json_each(?1))"),
        [super::id_list(ids)],
    )?
    .into_iter()
    .map(|j| (j.id, j))
    .collect())
}

/// When the job `id` was received (`None`: not known).
pub fn received_at_of(c: &Connection, id: i64) -> Result<Option<Ts>> {
    let received: Option<i64> = c
        .prepare_cached("SELECT received_at FROM jobs WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok(ts(received))
}
