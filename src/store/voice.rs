//! The customer's voice in SQL: repeat repairs and what the
//! rates of a period count.

use super::{Result, ts};
use crate::domain::time::Ts;
use rusqlite::{Connection, params};

/// A job that may be a repeat: its customer's phone and product, and when
/// it came in.
#[derive(Debug, Clone)]
pub struct Probe {
    pub id: i64,
    pub job_no: String,
    pub engineer: String,
    pub received_at: Ts,
}

/// The earlier job a repeat repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    pub job_no: String,
    /// Who did the earlier on-site visit (the job's engineer when the visit
    /// names none): the repeat counts against them.
    pub engineer: String,
    /// When that visit finished (arrived, when no finish).
    pub finished_at: Ts,
}

const PROBE_COLS: &str = "j.id, j.job_no, j.engineer, j.received_at";

fn probe(r: &rusqlite::Row) -> rusqlite::Result<Probe> {
    Ok(Probe {
        id: r.get(0)?,
        job_no: r.get(1)?,
        engineer: r.get(2)?,
        received_at: ts(r.get(3)?).unwrap_or_default(),
    })
}

/// The earlier job of [`earlier_of`] as one text (job number, engineer,
/// finish; unit-separated), for a set-based statement.
const EARLIER_OF_J: &str =
    "(SELECT e.job_no || char(31) || coalesce(nullif(v.engineer, ''), e.engineer)
            || char(31) || v.at
         FROM jobs e JOIN visits v ON v.job_id = e.id
         WHERE e.phone = j.phone AND e.product_model = j.product_model AND e.id <> j.id
           AND coalesce(e.parent_id, e.id) <> coalesce(j.parent_id, j.id)
           AND v.outcome IN ('fixed', 'fixed_untested', 'unsure', 'pulled')
           AND v.at IS NOT NULL AND v.at <= j.received_at AND v.at >= j.received_at - ?3
         ORDER BY v.at DESC, e.id DESC LIMIT 1)";

/// The repeats among the jobs with a phone and a product that are open, or
/// were received in `[start, end)`: one statement (the status of a large
/// branch asks it once, not once per open job).
pub fn repeats_open_or_received(
    c: &Connection,
    start: Ts,
    end: Ts,
    days: i64,
) -> Result<Vec<(Probe, Earlier)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT * FROM (SELECT {PROBE_COLS}, {EARLIER_OF_J} AS earlier FROM jobs j
             WHERE j.phone <> '' AND j.product_model <> '' AND j.received_at IS NOT NULL
               AND (j.status NOT IN ('done', 'cancelled')
                    OR (j.received_at >= ?1 AND j.received_at < ?2)))
         WHERE earlier IS NOT NULL
         ORDER BY received_at, job_no"
    ))?;
    let mut out = Vec::new();
    let mut rows = st.query(params![start.timestamp(), end.timestamp(), days * 86_400])?;
    while let Some(r) = rows.next()? {
        let p = probe(r)?;
        let text: String = r.get(4)?;
        let mut parts = text.split('\u{1f}');
        let (Some(no), Some(engineer), Some(at)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let finished_at = ts(at.parse().ok()).unwrap_or_default();
        out.push((
            p,
            Earlier {
                job_no: no.to_string(),
                engineer: engineer.to_string(),
                finished_at,
            },
        ));
    }
    Ok(out)
}

/// Jobs with a phone and a product received in `[start, end)`.
pub fn received_between(c: &Connection, start: Ts, end: Ts) -> Result<Vec<Probe>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {PROBE_COLS} FROM jobs j
         WHERE j.phone <> '' AND j.product_model <> ''
           AND j.received_at >= ?1 AND j.received_at < ?2
         ORDER BY j.received_at, j.job_no"
    ))?;
    let rows = st
        .query_map(params![start.timestamp(), end.timestamp()], probe)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The newest earlier job of the same phone and product, outside the
/// job's own re-visit chain, with an on-site visit finished at or before
/// `received` and no more than `days` × 24 h before it (the window is
/// inclusive at both ends).
pub fn earlier_of(c: &Connection, job_id: i64, days: i64) -> Result<Option<Earlier>> {
    let mut st = c.prepare_cached(
        "SELECT e.job_no, coalesce(nullif(v.engineer, ''), e.engineer), v.at
         FROM jobs j
         JOIN jobs e ON e.phone = j.phone AND e.product_model = j.product_model
                    AND e.phone <> '' AND e.id <> j.id
                    AND coalesce(e.parent_id, e.id) <> coalesce(j.parent_id, j.id)
         JOIN visits v ON v.job_id = e.id
         WHERE j.id = ?1 AND j.received_at IS NOT NULL AND j.product_model <> ''
           AND v.outcome IN ('fixed', 'fixed_untested', 'unsure', 'pulled')
           AND v.at IS NOT NULL AND v.at <= j.received_at AND v.at >= j.received_at - ?2
         ORDER BY v.at DESC, e.id DESC LIMIT 1",
    )?;
    let mut rows = st.query(params![job_id, days * 86_400])?;
    Ok(match rows.next()? {
        Some(r) => Some(Earlier {
            job_no: r.get(0)?,
            engineer: r.get(1)?,
            finished_at: ts(r.get(2)?).unwrap_or_default(),
        }),
        None => None,
    })
}
