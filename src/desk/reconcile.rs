//! The daily reconciliation and the resolution of its discrepancies.

use super::Desk;
use super::DeskError;
use super::Result;
use super::record;
use super::record_if_changed;
use super::whole;
use crate::domain::reconcile::DiscrepancyKind;
use crate::domain::reconcile::DiscrepancyStatus;
use crate::domain::reconcile::Resolution;
use crate::domain::reconcile::discrepancies;
use crate::domain::time::Ts;
use crate::domain::time::Zone;
use crate::store::callbacks;
use crate::store::discrepancies as discs;
use crate::store::jobs;
use crate::store::reconciliations;
use crate::store::visits;
use chrono::NaiveDate;
use chrono::NaiveTime;
use rusqlite::Connection;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Reconciled {
    pub job_no: String,
    pub kind: DiscrepancyKind,
    pub engineer: String,
    pub detail: String,
    /// Raised by this run (false: raised by an earlier run).
    pub new: bool,
    pub status: DiscrepancyStatus,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ReconcileReport {
    pub date: NaiveDate,
    pub cutoff: Ts,
    pub jobs_checked: usize,
    /// Run before the cut-off: cards may still come back.
    pub before_cutoff: bool,
    /// Jobs visited that day whose card is not back yet. Before the
    /// cut-off they raise no `card_missing`: the cards are still out.
    pub cards_out: usize,
    pub found: Vec<Reconciled>,
}

impl Desk {
    /// The daily reconciliation of `date`: every job visited that day (or
    /// with a callback result that day) is checked at the cut-off; each
    /// (job, kind) is raised once, never resolved automatically.
    pub fn reconcile(&mut self, date: NaiveDate, now: Ts) -> Result<ReconcileReport> {
        let (zone, cutoff) = (self.zone, self.cutoff);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let r = reconcile_in(c, &zone, cutoff, date, whole(now))?;
            let new: Vec<String> = r
                .found
                .iter()
                .filter(|f| f.new)
                .map(|f| format!("{} {}", f.job_no, f.kind.code()))
                .collect();
            let summary = format!(
                "{date}: {} jobs checked, {} new discrepancies: {}",
                r.jobs_checked,
                new.len(),
                new.join(", ")
            );
            record_if_changed(c, &operator, now, "reconcile", "", summary)?;
            Ok(r)
        })
    }

    pub fn resolve(
        &mut self,
        job_no: &str,
        kind: DiscrepancyKind,
        resolution: Resolution,
        note: &str,
        now: Ts,
    ) -> Result<()> {
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let job = jobs::by_no(c, job_no)?.ok_or_else(|| DeskError::NoJob(job_no.into()))?;
            let d =
                discs::by_job_kind(c, job.id, kind)?.ok_or_else(|| DeskError::NoDiscrepancy {
                    job_no: job_no.into(),
                    kind,
                })?;
            if d.status == DiscrepancyStatus::Resolved {
                return Err(DeskError::AlreadyResolved {
                    job_no: job_no.into(),
                    kind,
                    by: d.resolved_by.unwrap_or_default(),
                });
            }
            discs::resolve(c, d.id, resolution, note, &operator, now)?;
            let summary = format!("{kind} resolved: {resolution} {note}");
            record(
                c,
                &operator,
                now,
                "resolve",
                job_no,
                summary.trim_end().into(),
            )
        })
    }
}

/// [`Desk::reconcile`] inside the caller's transaction.
pub(crate) fn reconcile_in(
    c: &Connection,
    zone: &Zone,
    cutoff_time: NaiveTime,
    date: NaiveDate,
    now: Ts,
) -> Result<ReconcileReport> {
    let (start, end) = zone.day_bounds(date);
    let cutoff = zone.at(date, cutoff_time);
    let day = date.to_string();
    let mut ids = visits::visited_job_ids_between(c, start, end)?;
    ids.extend(callbacks::job_ids_with_results_between(c, start, end)?);
    ids.sort_unstable();
    ids.dedup();
    let before_cutoff = now < cutoff;
    let visited_today = visits::visited_job_ids_between(c, start, end)?;
    let mut found = Vec::new();
    let mut cards_out = 0;
    for &id in &ids {
        let job = jobs::by_id(c, id)?;
        let facts = jobs::facts(c, &job)?;
        // Before the cut-off a card of the day's visits is not missing yet.
        let still_out = before_cutoff && visited_today.binary_search(&id).is_ok();
        if visited_today.binary_search(&id).is_ok() && facts.card.is_none() {
            cards_out += 1;
        }
        let engineer = visits::of_job(c, id)?
            .iter()
            .rev()
            .find(|v| v.at.is_some_and(|t| t >= start && t < end))
            .map(|v| v.visit.engineer.clone())
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| job.job.engineer.clone());
        for (kind, detail) in discrepancies(&facts, Some(cutoff)) {
            if still_out && kind == DiscrepancyKind::CardMissing {
                continue;
            }
            let new = discs::raise(c, id, kind, &engineer, &day, &detail, now)?;
            let row = discs::by_job_kind(c, id, kind)?;
            found.push(Reconciled {
                job_no: job.job.job_no.clone(),
                kind,
                engineer: row.as_ref().map(|r| r.engineer.clone()).unwrap_or_default(),
                detail,
                new,
                status: row.map(|r| r.status).unwrap_or(DiscrepancyStatus::Open),
            });
        }
    }
    reconciliations::record(
        c,
        &day,
        &reconciliations::Ran {
            at: now,
            before_cutoff,
            cards_out: cards_out as i64,
        },
    )?;
    Ok(ReconcileReport {
        date,
        cutoff,
        jobs_checked: ids.len(),
        before_cutoff,
        cards_out,
        found,
    })
}
