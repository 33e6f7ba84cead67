//! The `complaints` and `complaint_events` tables, and the on-site
//! commitment's reads (open jobs with no on-site visit).

use super::{Result, code, ts};
use crate::domain::complaint::{Category, ComplaintEvent, Settlement, Source};
use crate::domain::time::Ts;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

/// A complaint as stored, with its job's number and engineer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRow {
    pub id: i64,
    pub job_id: Option<i64>,
    pub job_no: Option<String>,
    /// The job's engineer ('' without a job).
    pub job_engineer: String,
    pub source: Source,
    pub category: Category,
    pub customer: String,
    pub phone: String,
    pub note: String,
    pub received_at: Ts,
    pub respond_by: Ts,
    pub settle_by: Ts,
    pub responded_at: Option<Ts>,
    pub response_note: String,
    pub settled_at: Option<Ts>,
    pub resolution: Option<Settlement>,
    pub settle_note: String,
    /// The engineer named when it was settled ('' if none was).
    pub engineer: String,
}

impl ComplaintRow {
    /// Who the complaint counts against: the engineer named at settlement,
    /// else the job's.
    pub fn counts_against(&self) -> &str {
        if self.engineer.is_empty() {
            &self.job_engineer
        } else {
            &self.engineer
        }
    }
}

/// What a new complaint stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComplaint<'a> {
    pub job_id: Option<i64>,
    pub source: Source,
    pub category: Category,
    pub customer: &'a str,
    pub phone: &'a str,
    pub note: &'a str,
    pub received_at: Ts,
    pub respond_by: Ts,
    pub settle_by: Ts,
}

const COLS: &str = "c.id, c.job_id, j.job_no, coalesce(j.engineer, ''), c.source, c.category, \
    c.customer, c.phone, c.note, c.received_at, c.respond_by, c.settle_by, c.responded_at, \
    c.response_note, c.settled_at, c.resolution, c.settle_note, c.engineer";

fn from_row(r: &Row) -> rusqlite::Result<ComplaintRow> {
    Ok(ComplaintRow {
        id: r.get(0)?,
        job_id: r.get(1)?,
        job_no: r.get(2)?,
        job_engineer: r.get(3)?,
        source: code(r.get(4)?, Source::parse)?.unwrap_or(Source::Hotline),
        category: code(r.get(5)?, Category::parse)?.unwrap_or(Category::Other),
        customer: r.get(6)?,
        phone: r.get(7)?,
        note: r.get(8)?,
        received_at: ts(r.get(9)?).unwrap_or_default(),
        respond_by: ts(r.get(10)?).unwrap_or_default(),
        settle_by: ts(r.get(11)?).unwrap_or_default(),
        responded_at: ts(r.get(12)?),
        response_note: r.get(13)?,
        settled_at: ts(r.get(14)?),
        resolution: code(r.get(15)?, Settlement::parse)?,
        settle_note: r.get(16)?,
        engineer: r.get(17)?,
    })
}

pub fn insert(c: &Connection, n: &NewComplaint) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO complaints (job_id, source, category, customer, phone, note,
             received_at, respond_by, settle_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        n.job_id,
        n.source.code(),
        n.category.code(),
        n.customer,
        n.phone,
        n.note,
        n.received_at.timestamp(),
        n.respond_by.timestamp(),
        n.settle_by.timestamp(),
    ])?;
    Ok(c.last_insert_rowid())
}

pub fn add_event(
    c: &Connection,
    complaint_id: i64,
    at: Ts,
    event: ComplaintEvent,
    note: &str,
    operator: &str,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO complaint_events (complaint_id, at, event, note, operator)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        complaint_id,
        at.timestamp(),
        event.code(),
        note,
        operator
    ])?;
    Ok(())
}

pub fn by_id(c: &Connection, id: i64) -> Result<Option<ComplaintRow>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLS} FROM complaints c LEFT JOIN jobs j ON j.id = c.job_id WHERE c.id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()?)
}

pub fn set_responded(c: &Connection, id: i64, at: Ts, note: &str) -> Result<()> {
    c.prepare_cached("UPDATE complaints SET responded_at = ?2, response_note = ?3 WHERE id = ?1")?
        .execute(params![id, at.timestamp(), note])?;
    Ok(())
}

/// Settles a complaint; one not responded yet counts as responded then.
pub fn set_settled(
    c: &Connection,
    id: i64,
    at: Ts,
    resolution: Settlement,
    note: &str,
    engineer: &str,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE complaints SET settled_at = ?2, resolution = ?3, settle_note = ?4, engineer = ?5,
             responded_at = coalesce(responded_at, ?2)
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        at.timestamp(),
        resolution.code(),
        note,
        engineer
    ])?;
    Ok(())
}

/// The complaints not settled (every one with `all`), oldest first.
pub fn list(c: &Connection, all: bool) -> Result<Vec<ComplaintRow>> {
    let filter = if all {
        ""
    } else {
        "WHERE c.settled_at IS NULL"
    };
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM complaints c LEFT JOIN jobs j ON j.id = c.job_id {filter}
         ORDER BY c.received_at, c.id"
    ))?;
    let rows = st
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The complaints received in `[start, end)`, settled or not.
pub fn received_between(c: &Connection, start: Ts, end: Ts) -> Result<Vec<ComplaintRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM complaints c LEFT JOIN jobs j ON j.id = c.job_id
         WHERE c.received_at >= ?1 AND c.received_at < ?2
         ORDER BY c.received_at, c.id"
    ))?;
    let rows = st
        .query_map(params![start.timestamp(), end.timestamp()], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// An open job that has had no on-site visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnsiteRow {
    pub job_id: i64,
    pub job_no: String,
    pub engineer: String,
    pub received_at: Ts,
    pub customer: String,
    pub phone: String,
}

fn in_list(codes: &[&str], first: usize) -> String {
    (0..codes.len())
        .map(|i| format!("?{}", first + i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a job's latest visit is `consulted` (solved by phone: it owes
/// no on-site visit), as SQL over the job `j`.
const SOLVED_BY_PHONE: &str = "coalesce((SELECT v.outcome FROM visits v WHERE v.job_id = j.id
        ORDER BY coalesce(v.at, v.created_at) DESC, v.id DESC LIMIT 1), '') = 'consulted'";

/// Open jobs received before `received_before` with no visit of an
/// `on_site` outcome, oldest first; a job solved by phone (latest visit
/// `consulted`) owes none.
pub fn without_onsite_visit(
    c: &Connection,
    received_before: Ts,
    on_site: &[&str],
) -> Result<Vec<OnsiteRow>> {
    let sql = format!(
        "SELECT j.id, j.job_no, j.engineer, j.received_at, j.customer, j.phone FROM jobs j
         WHERE j.status NOT IN ('done', 'cancelled') AND j.received_at IS NOT NULL
           AND j.received_at < ?1
           AND NOT EXISTS (SELECT 1 FROM visits v
                           WHERE v.job_id = j.id AND v.outcome IN ({}))
           AND NOT {SOLVED_BY_PHONE}
         ORDER BY j.received_at, j.job_no",
        in_list(on_site, 2)
    );
    let mut st = c.prepare_cached(&sql)?;
    let mut args: Vec<rusqlite::types::Value> = vec![received_before.timestamp().into()];
    args.extend(on_site.iter().map(|s| s.to_string().into()));
    let rows = st
        .query_map(params_from_iter(args), |r| {
            Ok(OnsiteRow {
                job_id: r.get(0)?,
                job_no: r.get(1)?,
                engineer: r.get(2)?,
                received_at: ts(r.get(3)?).unwrap_or_default(),
                customer: r.get(4)?,
                phone: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A job received in a period and its first on-site visit (the arrival,
/// else the visit's time), for the on-site-within rate; a job solved by
/// phone is not counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnsiteFactRow {
    pub engineer: String,
    pub received_at: Ts,
    pub first_on_site: Option<Ts>,
}

pub fn onsite_facts(
    c: &Connection,
    start: Ts,
    end: Ts,
    on_site: &[&str],
) -> Result<Vec<OnsiteFactRow>> {
    let sql = format!(
        "SELECT j.engineer, j.received_at,
                (SELECT min(coalesce(v.arrived_at, v.at)) FROM visits v
                 WHERE v.job_id = j.id AND v.outcome IN ({}))
         FROM jobs j
         WHERE j.received_at >= ?1 AND j.received_at < ?2 AND j.status <> 'cancelled'
           AND NOT {SOLVED_BY_PHONE}
         ORDER BY j.received_at, j.id",
        in_list(on_site, 3)
    );
    let mut st = c.prepare_cached(&sql)?;
    let mut args: Vec<rusqlite::types::Value> =
        vec![start.timestamp().into(), end.timestamp().into()];
    args.extend(on_site.iter().map(|s| s.to_string().into()));
    let rows = st
        .query_map(params_from_iter(args), |r| {
            Ok(OnsiteFactRow {
                engineer: r.get(0)?,
                received_at: ts(r.get(1)?).unwrap_or_default(),
                first_on_site: ts(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
