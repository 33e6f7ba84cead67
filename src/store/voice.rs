//! The customer's voice in SQL: repeat repairs and what the
//! rates of a period count.

use super::{Result, ts};
use crate::domain::callback::CallbackResult;
use crate::domain::time::{Ts, from_unix};
use crate::domain::visit::LATE_FLAG_MINUTES;
use crate::domain::voice::{Answers, OnsiteVisit, RepeatProbe, Voice, repeat_visit};
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

/// The jobs that may be repeats on the desk: open, or received in
/// `[start, end)` (each set through its index), with their phone, product
/// and re-visit chain.
pub(super) const PROBES_SQL: &str = "SELECT j.id, j.received_at, j.phone, j.product_model,
        coalesce(j.parent_id, j.id)
     FROM jobs j
     WHERE j.id IN (
         SELECT id FROM jobs
         WHERE status NOT IN ('done', 'cancelled') AND received_at IS NOT NULL
         UNION ALL
         SELECT id FROM jobs
         WHERE status IN ('done', 'cancelled') AND received_at >= ?1 AND received_at < ?2)
       AND j.phone <> '' AND j.product_model <> ''
     ORDER BY j.received_at, j.job_no";

/// The on-site visits of the jobs of the given phones and products
/// (`?1`: a JSON list of `[phone, product]`), newest first.
pub(super) const CANDIDATES_SQL: &str = concat!(
    "SELECT coalesce(e.parent_id, e.id), e.phone, e.product_model, v.id, v.at
     FROM jobs e JOIN visits v ON v.job_id = e.id
     WHERE e.phone <> ''
       AND (e.phone, e.product_model) IN
           (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))
       AND v.outcome IN ",
    super::on_site!(),
    " AND v.at IS NOT NULL
     ORDER BY v.at DESC, e.id DESC"
);

/// The repeats among the jobs with a phone and a product that are open, or
/// were received in `[start, end)`, each with the earlier job it repeats
/// ([`repeat_visit`], as [`earlier_of`] for one job). A few statements
/// whatever the branch's size (the probes, the on-site visits of their
/// phones and products, then the names of the pairs that match), matched
/// here: a correlated statement read a month of visits per job, or every
/// job of one phone per job (one caller's phone on 40,000 jobs). Only ids
/// and instants are held until a pair matches.
pub fn repeats_open_or_received(
    c: &Connection,
    start: Ts,
    end: Ts,
    days: i64,
) -> Result<Vec<(Probe, Earlier)>> {
    use std::collections::HashMap;
    // Each phone and product once; the probes and visits by its number.
    let mut keys: HashMap<(String, String), usize> = HashMap::new();
    let mut probes: Vec<(i64, i64, usize, i64)> = Vec::new();
    let mut st = c.prepare_cached(PROBES_SQL)?;
    let mut rows = st.query(params![start.timestamp(), end.timestamp()])?;
    while let Some(r) = rows.next()? {
        let n = keys.len();
        let key = *keys.entry((r.get(2)?, r.get(3)?)).or_insert(n);
        probes.push((r.get(0)?, r.get(1)?, key, r.get(4)?));
    }
    if probes.is_empty() {
        return Ok(Vec::new());
    }
    let mut listed: Vec<(&(String, String), &usize)> = keys.iter().collect();
    listed.sort_by_key(|(_, n)| **n);
    let keys_json = serde_json::to_string(
        &listed
            .iter()
            .map(|((p, m), _)| [p.as_str(), m.as_str()])
            .collect::<Vec<_>>(),
    )
    .expect("text serialises");
    // The on-site visits of each phone and product, newest first.
    let mut visits: Vec<Vec<OnsiteVisit>> = vec![Vec::new(); keys.len()];
    let mut st = c.prepare_cached(CANDIDATES_SQL)?;
    let mut rows = st.query([keys_json])?;
    while let Some(r) = rows.next()? {
        if let Some(&n) = keys.get(&(r.get(1)?, r.get(2)?)) {
            visits[n].push(onsite_visit(r)?);
        }
    }
    drop(keys);
    let pairs: Vec<(i64, i64)> = probes
        .iter()
        .filter_map(|&(id, received, key, chain)| {
            let probe = RepeatProbe {
                chain,
                received: from_unix(received),
            };
            repeat_visit(probe, &visits[key], days).map(|v| (id, v.visit))
        })
        .collect();
    drop(visits);
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let ids = |f: fn(&(i64, i64)) -> i64| {
        serde_json::to_string(&pairs.iter().map(f).collect::<Vec<_>>()).expect("numbers")
    };
    let mut st = c.prepare_cached(&format!(
        "SELECT {PROBE_COLS} FROM jobs j WHERE j.id IN (SELECT value FROM json_each(?1))"
    ))?;
    let probe_of: HashMap<i64, Probe> = st
        .query_map([ids(|p| p.0)], probe)?
        .map(|p| p.map(|p| (p.id, p)))
        .collect::<rusqlite::Result<_>>()?;
    let earlier_of_visit = earlier_of_visits(c, &ids(|p| p.1))?;
    Ok(pairs
        .into_iter()
        .filter_map(|(job, visit)| {
            Some((
                probe_of.get(&job)?.clone(),
                earlier_of_visit.get(&visit)?.clone(),
            ))
        })
        .collect())
}

/// The jobs `ids` that have a phone, a product and a receipt.
pub fn received_of_jobs(c: &Connection, ids: &[i64]) -> Result<Vec<Probe>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {PROBE_COLS} FROM jobs j
         WHERE j.phone <> '' AND j.product_model <> '' AND j.received_at IS NOT NULL
           AND j.id IN (SELECT value FROM json_each(?1))
         ORDER BY j.received_at, j.job_no"
    ))?;
    let rows = st
        .query_map([super::id_list(ids)], probe)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
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

/// An on-site visit of [`CANDIDATES_SQL`]'s row, as the repeat rule needs it.
fn onsite_visit(r: &rusqlite::Row) -> rusqlite::Result<OnsiteVisit> {
    Ok(OnsiteVisit {
        chain: r.get(0)?,
        visit: r.get(3)?,
        at: from_unix(r.get(4)?),
    })
}

/// The earlier job of each on-site visit of `visit_ids` (a JSON list), by
/// the visit's id.
fn earlier_of_visits(
    c: &Connection,
    visit_ids: &str,
) -> Result<std::collections::HashMap<i64, Earlier>> {
    let mut st = c.prepare_cached(
        "SELECT v.id, e.job_no, coalesce(nullif(v.engineer, ''), e.engineer), v.at
         FROM visits v JOIN jobs e ON e.id = v.job_id
         WHERE v.id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = st.query_map([visit_ids], |r| {
        Ok((
            r.get(0)?,
            Earlier {
                job_no: r.get(1)?,
                engineer: r.get(2)?,
                finished_at: ts(r.get(3)?).unwrap_or_default(),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The on-site visits of one job's phone and product (`?1`: the job),
/// with the job's instant and chain, newest first.
const EARLIER_SQL: &str = concat!(
    "SELECT j.received_at, coalesce(j.parent_id, j.id), coalesce(e.parent_id, e.id), v.id, v.at,
            e.job_no, coalesce(nullif(v.engineer, ''), e.engineer)
     FROM jobs j
     JOIN jobs e ON e.phone = j.phone AND e.product_model = j.product_model
                AND e.phone <> ''
     JOIN visits v ON v.job_id = e.id
     WHERE j.id = ?1 AND j.received_at IS NOT NULL AND j.product_model <> ''
       AND v.outcome IN ",
    super::on_site!(),
    " AND v.at IS NOT NULL
     ORDER BY v.at DESC, e.id DESC"
);

/// The earlier job one job repeats ([`repeat_visit`], as for the desk's
/// repeats): its phone and product's on-site visits in one statement
/// through the phone and product's index, matched by the rule.
pub fn earlier_of(c: &Connection, job_id: i64, days: i64) -> Result<Option<Earlier>> {
    let mut st = c.prepare_cached(EARLIER_SQL)?;
    let mut rows = st.query([job_id])?;
    let mut candidates = Candidates::default();
    while let Some(r) = rows.next()? {
        candidates.push(r)?;
    }
    Ok(candidates.decide(days))
}

/// One job's rows of [`EARLIER_SQL`] (or of [`EARLIER_OF_JOBS_SQL`]: the
/// same first seven columns), to be matched by the rule.
#[derive(Default)]
struct Candidates {
    probe: Option<RepeatProbe>,
    visits: Vec<OnsiteVisit>,
    earlier: Vec<Earlier>,
}

impl Candidates {
    fn push(&mut self, r: &rusqlite::Row) -> rusqlite::Result<()> {
        if self.probe.is_none() {
            self.probe = Some(RepeatProbe {
                received: from_unix(r.get(0)?),
                chain: r.get(1)?,
            });
        }
        let at: i64 = r.get(4)?;
        self.visits.push(OnsiteVisit {
            chain: r.get(2)?,
            visit: r.get(3)?,
            at: from_unix(at),
        });
        self.earlier.push(Earlier {
            job_no: r.get(5)?,
            engineer: r.get(6)?,
            finished_at: from_unix(at),
        });
        Ok(())
    }

    /// The earlier job the rule finds among the rows pushed, which are
    /// then let go (the next job's rows follow).
    fn decide(&mut self, days: i64) -> Option<Earlier> {
        let found = self.probe.take().and_then(|probe| {
            repeat_visit(probe, &self.visits, days)
                .and_then(|v| self.visits.iter().position(|w| w.visit == v.visit))
                .map(|i| self.earlier.swap_remove(i))
        });
        self.visits.clear();
        self.earlier.clear();
        found
    }
}

/// [`EARLIER_SQL`] of many jobs at once (`?1`: a JSON list of ids), each
/// job's rows together.
const EARLIER_OF_JOBS_SQL: &str = concat!(
    "SELECT j.received_at, coalesce(j.parent_id, j.id), coalesce(e.parent_id, e.id), v.id, v.at,
            e.job_no, coalesce(nullif(v.engineer, ''), e.engineer), j.id
     FROM jobs j
     JOIN jobs e ON e.phone = j.phone AND e.product_model = j.product_model
                AND e.phone <> ''
     JOIN visits v ON v.job_id = e.id
     WHERE j.id IN (SELECT value FROM json_each(?1))
       AND j.received_at IS NOT NULL AND j.product_model <> ''
       AND v.outcome IN ",
    super::on_site!(),
    " AND v.at IS NOT NULL
     ORDER BY j.id, v.at DESC, e.id DESC"
);

/// [`earlier_of`] of each of the jobs `ids` that is a repeat, by job id,
/// in one statement (a report's jobs were a statement each).
pub fn earlier_of_jobs(
    c: &Connection,
    ids: &[i64],
    days: i64,
) -> Result<std::collections::HashMap<i64, Earlier>> {
    let mut out = std::collections::HashMap::new();
    let mut st = c.prepare_cached(EARLIER_OF_JOBS_SQL)?;
    let mut rows = st.query([super::id_list(ids)])?;
    let mut job = None;
    let mut candidates = Candidates::default();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(7)?;
        // A new job: the one before is decided (the first has none).
        if job != Some(id)
            && let Some(done) = job.replace(id)
            && let Some(e) = candidates.decide(days)
        {
            out.insert(done, e);
        }
        candidates.push(r)?;
    }
    if let Some(done) = job
        && let Some(e) = candidates.decide(days)
    {
        out.insert(done, e);
    }
    Ok(out)
}

/// One count of the period figures: the job it belongs to (none for a
/// complaint without a job), when it happened (which period it belongs to),
/// the engineer it is held against, and the count itself.
pub struct VoiceEvent {
    pub job_id: Option<i64>,
    pub at: i64,
    pub engineer: String,
    pub voice: Voice,
}

/// Every count of the period figures that happened in `[start, end)` but
/// the repeats (SPEC: which period a thing belongs to); `onsite_hours`: the
/// on-site promise.
pub fn events_between(
    c: &Connection,
    start: Ts,
    end: Ts,
    onsite_hours: i64,
) -> Result<Vec<VoiceEvent>> {
    let mut out = Vec::new();
    events(c, start, end, onsite_hours, None, &mut |ev| out.push(ev))?;
    Ok(out)
}

/// [`events_between`] of all time, of the jobs `ids` only (each statement
/// reads them by their ids, not the branch's whole history), each given
/// to `sink` as it is read (a report's jobs have hundreds of thousands).
pub fn each_event_of_jobs(
    c: &Connection,
    ids: &[i64],
    onsite_hours: i64,
    sink: &mut dyn FnMut(VoiceEvent),
) -> Result<()> {
    let ids = super::id_list(ids);
    events(c, Ts::MIN_UTC, Ts::MAX_UTC, onsite_hours, Some(&ids), sink)
}

/// The counts of `[start, end)`; with `jobs` (a JSON list of ids), of
/// those jobs only.
fn events(
    c: &Connection,
    start: Ts,
    end: Ts,
    onsite_hours: i64,
    jobs: Option<&str>,
    out: &mut dyn FnMut(VoiceEvent),
) -> Result<()> {
    let (s, e) = (start.timestamp(), end.timestamp());
    // Each statement's columns: engineer, job id, instant, then its own;
    // each ends with its WHERE clause, to which the jobs' filter is added.
    let mut each = |sql: &str,
                    f: &mut dyn FnMut(&mut Voice, &rusqlite::Row) -> rusqlite::Result<()>|
     -> Result<()> {
        let (mut st, mut rows);
        if let Some(jobs) = jobs {
            st = c.prepare_cached(&format!(
                "{sql} AND j.id IN (SELECT value FROM json_each(?3))"
            ))?;
            rows = st.query(params![s, e, jobs])?;
        } else {
            st = c.prepare_cached(sql)?;
            rows = st.query(params![s, e])?;
        }
        while let Some(r) = rows.next()? {
            let mut voice = Voice::default();
            f(&mut voice, r)?;
            out(VoiceEvent {
                engineer: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                job_id: r.get(1)?,
                at: r.get::<_, Option<i64>>(2)?.unwrap_or_default(),
                voice,
            });
        }
        Ok(())
    };
    each(
        "SELECT j.engineer, j.id, j.received_at FROM jobs j
         WHERE j.received_at >= ?1 AND j.received_at < ?2",
        &mut |v, _| {
            v.jobs += 1;
            Ok(())
        },
    )?;
    // The first on-site visit of each job (any outcome but consulted,
    // rescheduled, cancelled), when it finished in the period.
    each(
        "SELECT coalesce(nullif(v.engineer, ''), j.engineer), j.id, v.at,
                coalesce(v.arrived_at, v.at), j.received_at
         FROM visits v JOIN jobs j ON j.id = v.job_id
         WHERE v.at >= ?1 AND v.at < ?2
           AND v.outcome NOT IN ('consulted', 'rescheduled', 'cancelled')
           AND v.id = (SELECT v2.id FROM visits v2 WHERE v2.job_id = v.job_id AND v2.at IS NOT NULL
                         AND v2.outcome NOT IN ('consulted', 'rescheduled', 'cancelled')
                       ORDER BY v2.at, v2.id LIMIT 1)",
        &mut |v, r| {
            v.onsite_jobs += 1;
            let arrived: Option<i64> = r.get(3)?;
            let received: Option<i64> = r.get(4)?;
            if let (Some(a), Some(rc)) = (arrived, received)
                && a <= rc + onsite_hours * 3600
            {
                v.onsite_24h += 1;
            }
            Ok(())
        },
    )?;
    // Timed callbacks and follow-ups due in the period, with the answers
    // given with their newest result.
    each(
        "SELECT coalesce(nullif(v.engineer, ''), j.engineer), j.id, c.due_at, c.status, c.result,
                e.attitude, e.quality, e.solved
         FROM callbacks c JOIN jobs j ON j.id = c.job_id
              LEFT JOIN visits v ON v.id = c.visit_id
              LEFT JOIN callback_events e
                ON e.id = (SELECT max(id) FROM callback_events WHERE callback_id = c.id)
         WHERE (c.kind IS NOT NULL OR c.followup = 1) AND c.due_at >= ?1 AND c.due_at < ?2",
        &mut |v, r| {
            let closed = r.get::<_, String>(3)? == "closed";
            let result = r
                .get::<_, Option<String>>(4)?
                .and_then(|s| CallbackResult::parse(&s).ok())
                .filter(|_| closed);
            let answers: Answers = super::callbacks::answers_at(r, 5)?;
            v.count_call(result, &answers);
            Ok(())
        },
    )?;
    each(
        "SELECT j.engineer, j.id, k.returned_at, k.satisfaction FROM cards k
         JOIN jobs j ON j.id = k.job_id
         WHERE k.returned_at >= ?1 AND k.returned_at < ?2",
        &mut |v, r| {
            v.cards_back += 1;
            if r.get::<_, Option<String>>(3)?.as_deref() == Some("satisfied") {
                v.card_satisfied += 1;
            }
            Ok(())
        },
    )?;
    each(
        &format!(
            "SELECT coalesce(nullif(v.engineer, ''), j.engineer), j.id, v.arrived_at FROM visits v
             JOIN jobs j ON j.id = v.job_id
             WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2 AND v.late_minutes > {LATE_FLAG_MINUTES}"
        ),
        &mut |v, _| {
            v.late_arrivals += 1;
            Ok(())
        },
    )?;
    each(
        "SELECT coalesce(nullif(k.engineer, ''), j.engineer, ''), j.id, k.received_at
         FROM complaints k LEFT JOIN jobs j ON j.id = k.job_id
         WHERE k.received_at >= ?1 AND k.received_at < ?2",
        &mut |v, _| {
            v.complaints += 1;
            Ok(())
        },
    )?;
    Ok(())
}

/// The engineer of each complaint upheld (settled, not `no_fault`) in
/// `[since, until]`.
pub fn upheld_complaints_between(c: &Connection, since: Ts, until: Ts) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT coalesce(nullif(k.engineer, ''), j.engineer, '') FROM complaints k
         LEFT JOIN jobs j ON j.id = k.job_id
         WHERE k.settled_at >= ?1 AND k.settled_at <= ?2 AND k.resolution <> 'no_fault'",
    )?;
    let rows = st.query_map(params![since.timestamp(), until.timestamp()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The engineer of each discrepancy resolved with a penalty in
/// `[since, until]`.
pub fn penalties_between(c: &Connection, since: Ts, until: Ts) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT engineer FROM discrepancies
         WHERE resolution = 'penalty' AND resolved_at >= ?1 AND resolved_at <= ?2",
    )?;
    let rows = st.query_map(params![since.timestamp(), until.timestamp()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(c: &Connection, sql: &str, params: impl rusqlite::Params) -> Vec<String> {
        let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        st.query_map(params, |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// Only the open jobs and those received today are read, each set by
    /// its index; the earlier jobs are found through their phone and
    /// product, never by reading a month of visits or every job.
    #[test]
    fn the_repeats_are_read_through_their_indexes() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let c = store.conn();
        let probes = plan(c, PROBES_SQL, params![0, 0]);
        assert!(
            !probes.iter().any(|l| l.starts_with("SCAN j")),
            "{probes:#?}"
        );
        for index in ["jobs_open_received", "jobs_closed_received"] {
            assert!(probes.iter().any(|l| l.contains(index)), "{probes:#?}");
        }
        let candidates = plan(c, CANDIDATES_SQL, params!["[]"]);
        assert!(
            candidates
                .iter()
                .any(|l| l.starts_with("SEARCH e USING INDEX jobs_phone_model")),
            "{candidates:#?}"
        );
        assert!(
            !candidates.iter().any(|l| l.contains("visits_at")),
            "{candidates:#?}"
        );
        let batch = plan(c, EARLIER_OF_JOBS_SQL, params!["[1]"]);
        assert!(
            batch
                .iter()
                .any(|l| l.starts_with("SEARCH e USING INDEX jobs_phone_model")),
            "{batch:#?}"
        );
        assert!(
            batch
                .iter()
                .any(|l| l.starts_with("SEARCH j USING INTEGER PRIMARY KEY")),
            "{batch:#?}"
        );
        let earlier = plan(c, EARLIER_SQL, params![1]);
        assert!(
            earlier
                .iter()
                .any(|l| l.starts_with("SEARCH e USING INDEX jobs_phone_model")),
            "{earlier:#?}"
        );
    }
}
