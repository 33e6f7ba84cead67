//! Imports of the jobs, visits and cards files: all or nothing per file.

use super::{Desk, DeskError, Result, record_if_changed, refresh, whole};
use crate::domain::job::Job;
use crate::domain::job::to_verify;
use crate::domain::status::JobStatus;
use crate::domain::time::Ts;
use crate::domain::visit::{Outcome, Visit, callback_due, late_minutes, window_set_for_next};
use crate::domain::voice::{self, followup_due};
use crate::io::records::{
    CARD_COLUMNS, JOB_COLUMNS, VISIT_COLUMNS, card_differences, card_in_future,
    describe_difference, job_differences, parse_card, parse_job, parse_visit, visit_differences,
    visit_in_future,
};
use crate::io::{Problem, read_table, stream_table};
use crate::store::{callbacks, cards, jobs, settings, visits};
use rusqlite::Connection;
use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub added: usize,
    pub unchanged: usize,
    /// Re-visits opened by cards marked `unsatisfied`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revisits: Vec<String>,
    /// Header cells that are no column of the file, ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignored_columns: Vec<String>,
}

/// The file's header against its columns: a misspelt column refuses the
/// file; the other unknown cells are ignored and come back to be named.
pub(crate) fn header_of(file: &str, bytes: &[u8], known: &[&str]) -> Result<Vec<String>> {
    crate::io::check_header(bytes, known).map_err(|p| rejected(file, p))
}

/// A row of a jobs file as parsed, with its line.
type ParsedJob = (u64, std::result::Result<Job, Vec<Problem>>);

/// Rows parsed per batch handed from the reading thread to the writing one.
const PARSE_BATCH: usize = 1024;

fn rejected(file: &str, mut problems: Vec<Problem>) -> DeskError {
    problems.sort_by_key(|p| p.line);
    DeskError::Rejected {
        file: file.to_string(),
        problems,
    }
}

/// Rows that parsed, with their line, and the problems of the others.
type Parsed<T> = (Vec<(u64, T)>, Vec<Problem>);

/// Parses every row: the good ones with their line, and every problem of
/// the others (which are then still checked against the database, so that
/// one run names every bad line). A file that is not a table at all is
/// rejected at once.
fn parse_all<T>(
    file: &str,
    bytes: &[u8],
    required: &[&str],
    parse: impl Fn(&crate::io::Table, &crate::io::Row) -> Result<T, Vec<Problem>>,
) -> Result<Parsed<T>> {
    let table = read_table(bytes, required).map_err(|p| rejected(file, p))?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for row in &table.rows {
        match parse(&table, row) {
            Ok(v) => out.push((row.line, v)),
            Err(p) => problems.extend(p),
        }
    }
    Ok((out, problems))
}

/// The audit summary of an import.
fn imported(file: &str, s: &ImportSummary) -> String {
    let mut text = format!(
        "{file}: {} rows, {} added, {} already there",
        s.rows, s.added, s.unchanged
    );
    if !s.revisits.is_empty() {
        text += &format!("; re-visits opened: {}", s.revisits.join(", "));
    }
    text
}

fn at_line(mut p: Problem, line: u64) -> Problem {
    p.line = line;
    p
}

/// A row whose job must already be in the database.
fn known_job(
    c: &Connection,
    job_no: &str,
    line: u64,
    problems: &mut Vec<Problem>,
) -> Result<Option<jobs::JobRow>> {
    let job = jobs::by_no(c, job_no)?;
    if job.is_none() {
        problems.push(Problem::new(
            line,
            "job_no",
            format!("unknown job {job_no:?}: import its job first"),
        ));
    }
    Ok(job)
}

/// The same identity again: unchanged if equal, else a problem naming the
/// first difference with both values.
fn compare(
    diffs: &[(&'static str, String, String)],
    what: &str,
    line: u64,
    summary: &mut ImportSummary,
    problems: &mut Vec<Problem>,
) {
    if diffs.is_empty() {
        summary.unchanged += 1;
    } else {
        problems.push(at_line(describe_difference(diffs, what), line));
    }
}

impl Desk {
    /// Imports a jobs file, streamed: each row is parsed, checked and
    /// inserted as it is read, inside one transaction that commits only if
    /// no row had a problem (so a large file needs little memory).
    pub fn import_jobs(&mut self, file: &str, bytes: &[u8], now: Ts) -> Result<ImportSummary> {
        let ignored = header_of(file, bytes, JOB_COLUMNS)?;
        let zone = self.zone;
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let mut problems = Vec::new();
            let mut summary = ImportSummary {
                ignored_columns: ignored.clone(),
                ..Default::default()
            };
            let mut branch = settings::get(c, settings::BRANCH)?;
            // Jobs this file adds get ids above `base`; `added` holds each
            // one's (id, line), in id order. Jobs that were already there are
            // kept with the line and content of their first row here.
            let base = jobs::max_id(c)?;
            let mut added: Vec<(i64, u64)> = Vec::new();
            let mut kept: HashMap<String, (u64, Job)> = HashMap::new();
            let mut new_jobs = jobs::NewJobs::new(c)?;
            // The file is read and parsed on a second thread while this one
            // checks and inserts (two cores: parsing is a fifth of the
            // work), in batches through a bounded channel, so that memory
            // stays that of a few batches whatever the file's size.
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ParsedJob>>(4);
            let read = std::thread::scope(|s| -> Result<_> {
                let reader = s.spawn(move || {
                    let mut batch = Vec::with_capacity(PARSE_BATCH);
                    let read = stream_table(bytes, &["job_no", "branch"], |t, row| {
                        batch.push((row.line, parse_job(t, &row, &zone)));
                        if batch.len() == PARSE_BATCH {
                            // The other side stopped (an error): stop too.
                            tx.send(std::mem::replace(
                                &mut batch,
                                Vec::with_capacity(PARSE_BATCH),
                            ))
                            .map_err(|_| ())?;
                        }
                        Ok::<(), ()>(())
                    });
                    if !batch.is_empty() {
                        let _ = tx.send(batch);
                    }
                    read
                });
                let each = |line: u64,
                            parsed: std::result::Result<Job, Vec<Problem>>|
                 -> Result<()> {
                    summary.rows += 1;
                    let job = match parsed {
                        Ok(job) => job,
                        Err(p) => {
                            problems.extend(p);
                            return Ok(());
                        }
                    };
                    match &branch {
                        Some(b) if *b != job.branch => {
                            problems.push(Problem::new(
                            line,
                            "branch",
                            format!(
                                "job {} is of branch {}, but this database belongs to branch {b}",
                                job.job_no, job.branch
                            ),
                        ));
                            return Ok(());
                        }
                        Some(_) => {}
                        None => {
                            settings::set(c, settings::BRANCH, &job.branch)?;
                            branch = Some(job.branch.clone());
                        }
                    }
                    let twice = |first: u64, earlier: &Job, summary: &mut ImportSummary| {
                        let diffs = job_differences(earlier, &job, &zone);
                        if diffs.is_empty() {
                            summary.unchanged += 1;
                            None
                        } else {
                            let what = format!("job {} on line {first}", job.job_no);
                            Some(at_line(describe_difference(&diffs, &what), line))
                        }
                    };
                    if let Some((first, earlier)) = kept.get(&job.job_no) {
                        problems.extend(twice(*first, earlier, &mut summary));
                        return Ok(());
                    }
                    let status = if job.appointment_start.is_some() {
                        JobStatus::Scheduled
                    } else {
                        JobStatus::Unscheduled
                    };
                    let origin = jobs::Origin::Import;
                    if let Some(id) =
                        new_jobs.insert(&job, origin, &to_verify(&job), status, now)?
                    {
                        added.push((id, line));
                        summary.added += 1;
                        return Ok(());
                    }
                    let Some(existing) = jobs::by_no(c, &job.job_no)? else {
                        return Err(DeskError::NotFound(format!("job {} vanished", job.job_no)));
                    };
                    if existing.id > base {
                        let first = added
                            .binary_search_by_key(&existing.id, |&(id, _)| id)
                            .map_or(0, |i| added[i].1);
                        problems.extend(twice(first, &existing.job, &mut summary));
                    } else {
                        let diffs = job_differences(&existing.job, &job, &zone);
                        let what = format!("job {} already imported", job.job_no);
                        compare(&diffs, &what, line, &mut summary, &mut problems);
                        kept.insert(job.job_no.clone(), (line, job));
                    }
                    Ok(())
                };
                // Every batch is taken (an error drops the channel, which
                // stops the reader at its next batch).
                let consumed = (|| -> Result<()> {
                    let mut each = each;
                    for batch in rx {
                        for (line, parsed) in batch {
                            each(line, parsed)?;
                        }
                    }
                    Ok(())
                })();
                // The reader fails only by a bug: its panic goes on.
                let read = reader
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                consumed?;
                // The reader stops early only when this side did, with an error.
                read.map_err(|()| DeskError::Invalid("reading the file was stopped".into()))
            })?;
            if let Err(p) = read {
                return Err(rejected(file, p));
            }
            if problems.is_empty() {
                record_if_changed(
                    c,
                    &operator,
                    now,
                    "import_jobs",
                    "",
                    imported(file, &summary),
                )?;
                Ok(summary)
            } else {
                Err(rejected(file, problems))
            }
        })
    }

    pub fn import_visits(&mut self, file: &str, bytes: &[u8], now: Ts) -> Result<ImportSummary> {
        let ignored = header_of(file, bytes, VISIT_COLUMNS)?;
        let zone = self.zone;
        let (mut rows, mut parse_problems) =
            parse_all(file, bytes, &["job_no", "outcome"], |t, r| {
                parse_visit(t, r, &zone)
            })?;
        // Times that cannot have happened yet (SPEC, *Fine points*).
        for (line, v) in &rows {
            for (col, why) in visit_in_future(v, now, &zone) {
                parse_problems.push(Problem::new(*line, col, why));
            }
        }
        // Applied in the order they happened, so that a reschedule moves the
        // window before a later arrival is judged late against it.
        rows.sort_by_key(|(line, v)| (v.base_time(), *line));
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let mut problems = parse_problems;
            let mut summary = ImportSummary {
                rows: rows.len() + problems.len(),
                ignored_columns: ignored.clone(),
                ..Default::default()
            };
            for (line, visit) in &rows {
                let Some(job) = known_job(c, &visit.job_no, *line, &mut problems)? else {
                    continue;
                };
                if let Some(existing) = visits::by_key(c, job.id, &visit.key())? {
                    let diffs = visit_differences(&existing.visit, visit, &zone);
                    let what = format!("the visit of job {} at that time", visit.job_no);
                    compare(&diffs, &what, *line, &mut summary, &mut problems);
                    continue;
                }
                if let Err(why) = super::fees::derive(c, &zone, visit) {
                    problems.push(Problem::new(*line, "fee_items", why));
                    continue;
                }
                apply_visit(c, &zone, job.id, visit, "import", now)?;
                summary.added += 1;
            }
            if problems.is_empty() {
                record_if_changed(
                    c,
                    &operator,
                    now,
                    "import_visits",
                    "",
                    imported(file, &summary),
                )?;
                Ok(summary)
            } else {
                Err(rejected(file, problems))
            }
        })
    }

    pub fn import_cards(&mut self, file: &str, bytes: &[u8], now: Ts) -> Result<ImportSummary> {
        let ignored = header_of(file, bytes, CARD_COLUMNS)?;
        let zone = self.zone;
        let (rows, mut parse_problems) =
            parse_all(file, bytes, &["job_no"], |t, r| parse_card(t, r, &zone))?;
        for (line, card) in &rows {
            for (col, why) in card_in_future(card, now, &zone) {
                parse_problems.push(Problem::new(*line, col, why));
            }
        }
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let mut problems = parse_problems;
            let mut summary = ImportSummary {
                rows: rows.len() + problems.len(),
                ignored_columns: ignored.clone(),
                ..Default::default()
            };
            for (line, card) in &rows {
                let Some(job) = known_job(c, &card.job_no, *line, &mut problems)? else {
                    continue;
                };
                if let Some(existing) = cards::by_job(c, job.id)? {
                    let diffs = card_differences(&existing, card, &zone);
                    let what = format!("the card of job {}", card.job_no);
                    compare(&diffs, &what, *line, &mut summary, &mut problems);
                    continue;
                }
                cards::insert(c, job.id, card, now)?;
                if let Some((no, true)) = super::ledger::revisit_for_card(c, job.id, card, now)? {
                    summary.revisits.push(no);
                }
                refresh(c, job.id)?;
                summary.added += 1;
            }
            if problems.is_empty() {
                record_if_changed(
                    c,
                    &operator,
                    now,
                    "import_cards",
                    "",
                    imported(file, &summary),
                )?;
                Ok(summary)
            } else {
                Err(rejected(file, problems))
            }
        })
    }
}

/// The `followup_hours` setting (default 24; 0: no follow-ups).
pub(crate) fn followup_hours(c: &Connection) -> Result<i64> {
    let v = settings::get(c, voice::FOLLOWUP_HOURS)?;
    Ok(voice::setting_or_default(
        voice::FOLLOWUP_HOURS,
        v.as_deref(),
    ))
}

/// Records one visit and what its outcome starts: the callback, the new
/// appointment, the loaner's return, the lateness.
pub(crate) fn apply_visit(
    c: &Connection,
    zone: &crate::domain::time::Zone,
    job_id: i64,
    visit: &Visit,
    origin: &str,
    now: Ts,
) -> Result<i64> {
    let job = jobs::by_id(c, job_id)?;
    let outcome = visit.outcome.unwrap_or(Outcome::Fixed);
    // Judged only against a window set for this visit.
    let at = visit.arrived_at.or(visit.finished_at);
    let earlier = visits::of_job(c, job_id)?;
    let set_for_this = window_set_for_next(
        earlier
            .iter()
            .filter(|v| v.at.is_none() || at.is_none() || v.at <= at)
            .map(|v| {
                (
                    v.visit.outcome.unwrap_or(Outcome::Fixed),
                    v.visit.new_appointment_start.is_some(),
                )
            }),
    );
    let late = match (outcome, visit.arrived_at) {
        (Outcome::Consulted, _) | (_, None) => None,
        (_, Some(_)) if !set_for_this => None,
        (_, Some(arrived)) => late_minutes(arrived, job.appt_start, job.appt_end),
    };
    let (fee_total, return_limit) = super::fees::derive(c, zone, visit)
        .map_err(|why| DeskError::Invalid(format!("fee_items: {why}")))?;
    let visit_id = visits::insert(c, job_id, visit, late, origin, now)?;
    visits::set_derived(c, visit_id, fee_total, return_limit)?;
    if let Some(base) = visit.base_time()
        && let Some((kind, due)) = callback_due(outcome, base)
    {
        callbacks::insert(c, job_id, Some(visit_id), Some(kind), base, due, now)?;
    }
    // The call team's follow-up of every finished job.
    if let Some(base) = visit.base_time()
        && let Some(due) = followup_due(outcome, base, followup_hours(c)?)
    {
        callbacks::insert_followup(c, job_id, visit_id, base, due, now)?;
    }
    if outcome == Outcome::Rescheduled && visit.new_appointment_start.is_some() {
        jobs::set_appointment(
            c,
            job_id,
            visit.new_appointment_start,
            visit.new_appointment_end,
        )?;
    }
    if outcome != Outcome::Pulled
        && outcome.is_visited()
        && let Some(at) = visit.arrived_at.or(visit.finished_at)
    {
        visits::mark_returned(c, job_id, at)?;
    }
    refresh(c, job_id)?;
    Ok(visit_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::{t, zone};
    use crate::store::Store;

    /// A write that fails half-way through a large file (here the database
    /// may not grow) ends the import with the error, the reading thread
    /// stopped, instead of waiting for it forever; nothing of it stays.
    #[test]
    fn a_write_that_fails_mid_import_ends_it_with_the_error() {
        let mut file = crate::io::records::JOB_COLUMNS.join(",") + "\n";
        for i in 0..20_000 {
            file += &format!("F{i:06},QD01,,甲,13812345678,地址,M,2025-01-01,故障,,,,王强,in\n");
        }
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
            d.zone = zone();
            let c = d.store.conn();
            let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
            c.execute_batch(&format!("PRAGMA max_page_count = {}", pages + 50))
                .unwrap();
            let got = d.import_jobs("big.csv", file.as_bytes(), t("2026-11-23 09:00"));
            let left = d.job_count().unwrap();
            let _ = done.send((got.map(|s| s.added), left));
        });
        let (got, left) = result
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the import did not end");
        let err = got.expect_err("the import went through a database that may not grow");
        assert!(err.to_string().contains("full"), "{err}");
        assert_eq!(left, 0);
    }
}
