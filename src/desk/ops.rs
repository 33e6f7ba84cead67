//! The clerk's single actions: callback results, reconciliation, resolving
//! discrepancies, invoices delivered, jobs verified.

use super::{Desk, DeskError, Result, record, record_if_changed, refresh, whole};
use crate::domain::callback::CallbackResult;
use crate::domain::job::{Job, revisit_job_no, to_verify};
use crate::domain::reconcile::{DiscrepancyKind, DiscrepancyStatus, Resolution, discrepancies};
use crate::domain::status::JobStatus;
use crate::domain::time::Ts;
use crate::domain::time::Zone;
use crate::domain::visit::CallbackKind;
use crate::domain::voice::{Answers, check_answers};
use crate::store::{callbacks, discrepancies as discs, jobs, reconciliations, visits};
use chrono::{NaiveDate, NaiveTime};
use rusqlite::Connection;

#[derive(Debug, Clone, serde::Serialize)]
pub struct CallbackOutcome {
    pub job_no: String,
    pub kind: Option<CallbackKind>,
    pub due_at: Ts,
    pub result: CallbackResult,
    pub attempts: i64,
    pub still_pending: bool,
    /// The re-visit job an `unsatisfied` result opened (or, when the card
    /// already opened one still open, that one: see `revisit_new`).
    pub revisit_job_no: Option<String>,
    /// The re-visit was opened by this result (false: the job's
    /// `unsatisfied` card had already opened it, the same cause).
    pub revisit_new: bool,
    /// The call was the follow-up after a `fixed` visit.
    pub followup: bool,
    pub answers: Answers,
}

impl CallbackOutcome {
    /// `2h`, `3h`, `follow-up` or `ad hoc`.
    pub fn kind_label(&self) -> &'static str {
        match (self.kind, self.followup) {
            (Some(k), _) => k.code(),
            (None, true) => "follow-up",
            (None, false) => "ad hoc",
        }
    }
}

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
    /// Logs a callback result on the job's earliest-due pending callback.
    /// With none pending, the call is still logged (a courtesy or center
    /// call), except `unreachable`, which has nothing to retry.
    pub fn log_callback(
        &mut self,
        job_no: &str,
        result: CallbackResult,
        note: &str,
        now: Ts,
    ) -> Result<CallbackOutcome> {
        self.log_call(job_no, result, &Answers::default(), note, now)
    }

    /// [`Desk::log_callback`] with the customer's answers (attitude,
    /// quality, solved): on the job's earliest-due pending timed callback,
    /// else on its follow-up, else an ad hoc call.
    pub fn log_call(
        &mut self,
        job_no: &str,
        result: CallbackResult,
        answers: &Answers,
        note: &str,
        now: Ts,
    ) -> Result<CallbackOutcome> {
        check_answers(result, answers).map_err(|(f, why)| DeskError::BadAnswers(f, why))?;
        let operator = self.operator.clone();
        self.store.write(|c| {
            let o = log_call_in(c, job_no, result, answers, note, &operator, whole(now))?;
            let mut summary = format!("{} callback: {}", o.kind_label(), o.result);
            summary += &answers_text(answers);
            if !note.is_empty() {
                summary += &format!(" ({note})");
            }
            match &o.revisit_job_no {
                Some(r) if o.revisit_new => summary += &format!("; re-visit {r} opened"),
                Some(r) => summary += &format!("; re-visit {r} already open (unsatisfied card)"),
                None => {}
            }
            record(c, &operator, now, "callback", &o.job_no, summary)?;
            Ok(o)
        })
    }

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

    /// The owed invoice of a job was delivered to the customer.
    pub fn deliver_invoice(&mut self, job_no: &str, now: Ts) -> Result<usize> {
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let job = jobs::by_no(c, job_no)?.ok_or_else(|| DeskError::NoJob(job_no.into()))?;
            match visits::deliver_invoice(c, job.id, now)? {
                0 => Err(DeskError::NoInvoiceOwed(job_no.into())),
                n => {
                    let summary = format!("{n} owed invoice(s) delivered");
                    record(c, &operator, now, "deliver_invoice", job_no, summary)?;
                    Ok(n)
                }
            }
        })
    }

    /// The clerk checked the job's missing information with dispatch.
    pub fn mark_verified(&mut self, job_no: &str, now: Ts) -> Result<()> {
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let job = jobs::by_no(c, job_no)?.ok_or_else(|| DeskError::NoJob(job_no.into()))?;
            jobs::set_verified(c, job.id, now)?;
            let summary = format!("verified with dispatch: {}", job.to_verify.join(", "));
            record(c, &operator, now, "verify", job_no, summary)
        })
    }
}

/// Opens the next re-visit of a job's original: `<original>-R<n>`, with the
/// original's customer and product, linked to it, no appointment yet.
pub(crate) fn open_revisit(c: &Connection, job: &jobs::JobRow, note: &str, now: Ts) -> Result<i64> {
    let root = match job.parent_id {
        Some(p) => jobs::by_id(c, p)?,
        None => job.clone(),
    };
    let mut n = jobs::revisits_of(c, root.id)?.len();
    let mut job_no = revisit_job_no(&root.job.job_no, n);
    // A number already taken (say, typed by hand) is skipped.
    while jobs::by_no(c, &job_no)?.is_some() {
        n += 1;
        job_no = revisit_job_no(&root.job.job_no, n);
    }
    let revisit = revisit_job(&root.job, &job.job.engineer, note, n, now);
    let id = jobs::insert(
        c,
        &revisit,
        jobs::Origin::Revisit,
        Some((root.id, n as i64 + 1)),
        &to_verify(&revisit),
        JobStatus::Unscheduled,
        now,
    )?;
    Ok(id)
}

/// The `n`-th (from 0) re-visit of an original job: its customer and
/// product, the engineer of the job called back, no appointment yet.
pub(crate) fn revisit_job(original: &Job, engineer: &str, note: &str, n: usize, now: Ts) -> Job {
    let requirement = if note.trim().is_empty() {
        "回访不满意，二次上门 / re-visit: customer unsatisfied".to_string()
    } else {
        format!("回访不满意，二次上门 / re-visit: {}", note.trim())
    };
    let o = original;
    Job {
        job_no: revisit_job_no(&o.job_no, n),
        branch: o.branch.clone(),
        received_at: Some(now),
        customer: o.customer.clone(),
        phone: o.phone.clone(),
        address: o.address.clone(),
        product_model: o.product_model.clone(),
        purchase_date: o.purchase_date,
        fault: o.fault.clone(),
        requirement,
        appointment_start: None,
        appointment_end: None,
        engineer: engineer.to_string(),
        warranty: o.warranty,
    }
}

/// " (attitude satisfied, quality neutral, solved yes)", or nothing.
pub fn answers_text(a: &Answers) -> String {
    let mut parts = Vec::new();
    if let Some(x) = a.attitude {
        parts.push(format!("attitude {x}"));
    }
    if let Some(x) = a.quality {
        parts.push(format!("quality {x}"));
    }
    if let Some(x) = a.solved {
        parts.push(format!("solved {}", if x { "yes" } else { "no" }));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// [`Desk::log_callback`] inside the caller's transaction.
pub(crate) fn log_callback_in(
    c: &Connection,
    job_no: &str,
    result: CallbackResult,
    note: &str,
    operator: &str,
    now: Ts,
) -> Result<CallbackOutcome> {
    log_call_in(c, job_no, result, &Answers::default(), note, operator, now)
}

/// [`Desk::log_call`] inside the caller's transaction (the answers are
/// checked by the caller).
pub(crate) fn log_call_in(
    c: &Connection,
    job_no: &str,
    result: CallbackResult,
    answers: &Answers,
    note: &str,
    operator: &str,
    now: Ts,
) -> Result<CallbackOutcome> {
    let job = jobs::by_no(c, job_no)?.ok_or_else(|| DeskError::NoJob(job_no.into()))?;
    let cb = match callbacks::pending_of_job(c, job.id)?.into_iter().next() {
        Some(cb) => cb,
        None if result == CallbackResult::Unreachable => {
            return Err(DeskError::NoPendingCallback(job_no.into()));
        }
        None => {
            let id = callbacks::insert(c, job.id, None, None, now, now, now)?;
            callbacks::pending_of_job(c, job.id)?
                .into_iter()
                .find(|cb| cb.id == id)
                .ok_or_else(|| DeskError::NotFound("callback vanished".into()))?
        }
    };
    callbacks::record(c, cb.id, result, note, operator, now)?;
    if !answers.is_empty() {
        callbacks::set_answers(c, cb.id, answers)?;
    }
    // The customer unsatisfied at the callback and on the card is one
    // cause: the card's re-visit, if still open, is this one's too.
    let (revisit, revisit_new) = if result.opens_revisit() {
        let (id, new) = match crate::store::cards::open_revisit_of(c, job.id)? {
            Some(id) => (id, false),
            None => (open_revisit(c, &job, note, now)?, true),
        };
        callbacks::set_revisit(c, cb.id, id)?;
        (Some(jobs::by_id(c, id)?.job.job_no), new)
    } else {
        (None, false)
    };
    refresh(c, job.id)?;
    Ok(CallbackOutcome {
        job_no: job.job.job_no,
        kind: cb.kind,
        due_at: cb.due_at,
        result,
        attempts: cb.attempts + i64::from(result == CallbackResult::Unreachable),
        still_pending: !result.closes(),
        revisit_job_no: revisit,
        revisit_new,
        followup: cb.followup,
        answers: *answers,
    })
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
