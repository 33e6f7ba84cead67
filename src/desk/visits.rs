//! Visits: one typed by the clerk, the visits file imported, and what a
//! visit's outcome starts (the callback, the new appointment, the loaner's
//! return, the lateness).

use super::Desk;
use super::DeskError;
use super::Result;
use super::import::*;
use super::record;
use super::record_if_changed;
use super::refresh;
use super::whole;
use crate::domain::status::JobStatus;
use crate::domain::time::Ts;
use crate::domain::visit::CallbackKind;
use crate::domain::visit::Outcome;
use crate::domain::visit::Visit;
use crate::domain::visit::callback_due;
use crate::domain::visit::late_minutes;
use crate::domain::visit::window_set_for_next;
use crate::domain::voice;
use crate::domain::voice::followup_due;
use crate::io::Problem;
use crate::io::records::VISIT_COLUMNS;
use crate::io::records::parse_visit;
use crate::io::records::visit_differences;
use crate::io::records::visit_in_future;
use crate::store::callbacks;
use crate::store::jobs;
use crate::store::settings;
use crate::store::visits;
use rusqlite::Connection;

/// What a visit typed on the dashboard started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRecorded {
    pub job_no: String,
    pub callback: Option<(CallbackKind, Ts)>,
    pub late_minutes: Option<i64>,
    pub status: JobStatus,
}

impl Desk {
    /// Records a visit outcome typed by the clerk, with what it starts (the
    /// same rules as an imported visit). The same arrival twice is refused.
    pub fn record_visit(&mut self, visit: &Visit, now: Ts) -> Result<VisitRecorded> {
        let now = whole(now);
        if visit.outcome.is_none() {
            return Err(DeskError::VisitNeedsOutcome);
        }
        if let Some((col, why)) = crate::io::records::visit_in_future(visit, now, &self.zone)
            .into_iter()
            .next()
        {
            return Err(DeskError::BadField {
                field: col.to_string(),
                why,
            });
        }
        let operator = self.operator.clone();
        let zone = self.zone;
        self.store.write(|c| {
            let job = jobs::by_no(c, &visit.job_no)?
                .ok_or_else(|| DeskError::NoJob(visit.job_no.clone()))?;
            if visits::by_key(c, job.id, &visit.key())?.is_some() {
                return Err(DeskError::VisitExists(visit.job_no.clone()));
            }
            let id = super::visits::apply_visit(c, &zone, job.id, visit, "manual", now)?;
            let late_minutes = visits::of_job(c, job.id)?
                .into_iter()
                .find(|v| v.id == id)
                .and_then(|v| v.late_minutes);
            let callback = match (visit.outcome, visit.base_time()) {
                (Some(o), Some(base)) => callback_due(o, base),
                _ => None,
            };
            let summary = format!(
                "visit: {}{}",
                visit.outcome.map(|o| o.code()).unwrap_or("-"),
                late_minutes
                    .map(|m| format!(", {m} min late"))
                    .unwrap_or_default()
            );
            record(c, &operator, now, "visit", &visit.job_no, summary)?;
            Ok(VisitRecorded {
                job_no: visit.job_no.clone(),
                callback,
                late_minutes,
                status: jobs::by_id(c, job.id)?.status,
            })
        })
    }

    pub fn import_visits(&mut self, file: &str, bytes: &[u8], now: Ts) -> Result<ImportSummary> {
        self.with_header(file, bytes, VISIT_COLUMNS, |d, ignored| {
            d.import_visits_read(file, bytes, now, ignored)
        })
    }

    fn import_visits_read(
        &mut self,
        file: &str,
        bytes: &[u8],
        now: Ts,
        ignored: &[String],
    ) -> Result<ImportSummary> {
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
                ignored_columns: ignored.to_vec(),
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
    let (fee_total, return_limit) =
        super::fees::derive(c, zone, visit).map_err(|why| DeskError::BadField {
            field: "fee_items".into(),
            why,
        })?;
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
