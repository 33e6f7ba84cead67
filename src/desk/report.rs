//! What the dashboard, `status` and `overdue` show, computed once from the
//! store for a given `now`.

use super::{Desk, Result};
use crate::domain::callback::{Urgency, overdue_minutes, urgency};
use crate::domain::card::CardState;
use crate::domain::job::conflicts;
use crate::domain::ledger::{OpenReason, Waiting, open_reason};
use crate::domain::reconcile::{DiscrepancyKind, DiscrepancyStatus, Resolution, discrepancies};
use crate::domain::status::JobStatus;
use crate::domain::time::{Ts, Zone, rfc3339};
use crate::domain::visit::{CallbackKind, LATE_FLAG_MINUTES, Outcome, return_overdue};
use crate::store::{dashboard as board, jobs, settings};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct JobItem {
    pub job_no: String,
    pub engineer: String,
    pub status: JobStatus,
    pub customer: String,
    pub phone: String,
    pub address: String,
    pub product_model: String,
    pub warranty: Option<String>,
    pub appointment_start: Option<String>,
    pub appointment_end: Option<String>,
    pub last_outcome: Option<Outcome>,
    /// Minutes late on arrival (worst visit of the day), if late.
    pub late_minutes: Option<i64>,
    /// Late by more than 15 minutes: for the supervisor.
    pub late_flag: bool,
    pub revisit_of: Option<String>,
    pub to_verify: Vec<String>,
    pub card_state: CardState,
    /// Why the job waits for the clerk, as an `open_jobs` entry would say
    /// (a re-visit of today with no window, a customer not at home today):
    /// the job's `open_items` code, although it is in `today_jobs` (key
    /// `reason`, absent when it waits for nothing).
    #[serde(rename = "reason", skip_serializing_if = "Option::is_none")]
    pub waiting: Option<OpenReason>,
}

/// An open job not on today's list that waits for an appointment or a
/// visit (`open_jobs`).
#[derive(Debug, Clone, Serialize)]
pub struct OpenJobItem {
    pub job_no: String,
    pub engineer: String,
    pub status: JobStatus,
    pub reason: OpenReason,
    /// When it began to wait.
    pub since: String,
    pub customer: String,
    pub phone: String,
    pub appointment_start: Option<String>,
    pub appointment_end: Option<String>,
    pub last_outcome: Option<Outcome>,
    #[serde(skip)]
    pub since_ts: Ts,
}

#[derive(Debug, Clone, Serialize)]
pub struct CallbackItem {
    pub job_no: String,
    pub kind: Option<CallbackKind>,
    pub due_at: String,
    pub overdue: bool,
    pub overdue_minutes: i64,
    pub urgency: Urgency,
    pub attempts: i64,
    pub engineer: String,
    pub customer: String,
    pub phone: String,
    #[serde(skip)]
    pub due_ts: Ts,
    #[serde(skip)]
    pub started_ts: Ts,
    /// A follow-up shown after the timed callbacks on the dashboard's
    /// callbacks panel (never in `status --json` `callbacks_pending`).
    #[serde(skip)]
    pub followup: bool,
}

impl FollowupItem {
    /// As a row of the dashboard's callbacks panel, after the timed ones.
    pub fn as_callback(&self) -> CallbackItem {
        CallbackItem {
            job_no: self.job_no.clone(),
            kind: None,
            due_at: self.due_at.clone(),
            overdue: self.overdue,
            overdue_minutes: self.overdue_minutes,
            urgency: self.urgency,
            attempts: self.attempts,
            engineer: self.engineer.clone(),
            customer: self.customer.clone(),
            phone: self.phone.clone(),
            due_ts: self.due_ts,
            started_ts: self.started_ts,
            followup: true,
        }
    }
}

/// A follow-up call after a `fixed` visit, pending.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupItem {
    pub job_no: String,
    pub due_at: String,
    pub overdue: bool,
    pub overdue_minutes: i64,
    pub urgency: Urgency,
    pub attempts: i64,
    pub engineer: String,
    pub customer: String,
    pub phone: String,
    #[serde(skip)]
    pub due_ts: Ts,
    #[serde(skip)]
    pub started_ts: Ts,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardItem {
    pub job_no: String,
    pub card_state: CardState,
    pub engineer: String,
    pub customer: String,
    pub visited_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiscrepancyItem {
    pub job_no: String,
    pub kind: DiscrepancyKind,
    pub status: DiscrepancyStatus,
    pub engineer: String,
    pub detail: String,
    pub recon_date: String,
    pub resolution: Option<Resolution>,
    pub note: String,
    pub resolved_by: Option<String>,
    /// The cause has since gone away (e.g. the card came back); only the
    /// clerk resolves it.
    pub cause_gone: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyItem {
    pub job_no: String,
    pub missing: Vec<String>,
    pub engineer: String,
    pub customer: String,
    pub phone: String,
}

#[derive(Debug, Clone, Serialize)]
/// One group of an engineer's overlapping appointments on a day.
pub struct ConflictItem {
    pub engineer: String,
    pub date: NaiveDate,
    /// The first job of the group (by start).
    pub job_no: String,
    /// Every job of the group, by start.
    pub job_nos: Vec<String>,
    /// The span: the first start and the last end, local RFC 3339.
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InvoiceItem {
    pub job_no: String,
    pub receipt_no: String,
    pub visited_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReturnItem {
    pub job_no: String,
    pub return_due: Option<NaiveDate>,
    pub overdue: bool,
    /// The agreed date is past `workshop_days` working days.
    pub over_limit: bool,
    /// The receipt given for the customer's machine.
    pub machine_receipt_no: String,
}

/// Every list of `status --json` by its length under the same name, and
/// the four counts of a part of a list (`callbacks_overdue`,
/// `loaners_overdue`, `complaints_response_overdue`, `discrepancies_open`).
/// The center's `figures` of a branch carry the same names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub today_jobs: usize,
    pub open_jobs: usize,
    pub callbacks_pending: usize,
    pub callbacks_overdue: usize,
    pub cards_awaiting_signature: usize,
    pub discrepancies: usize,
    pub discrepancies_open: usize,
    pub to_verify: usize,
    pub conflicts: usize,
    pub invoices_owed: usize,
    pub loaner_returns: usize,
    pub loaners_overdue: usize,
    pub complaints: usize,
    pub complaints_response_overdue: usize,
    pub response_overdue: usize,
    pub cases: usize,
    pub to_inform: usize,
    /// Follow-ups pending (and overdue), repeat repairs.
    pub followups_pending: usize,
    pub followups_overdue: usize,
    pub repeats: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub branch: Option<String>,
    pub date: NaiveDate,
    pub now: String,
    pub today_jobs: Vec<JobItem>,
    /// Open jobs not in `today_jobs` waiting for an appointment or a visit,
    /// longest waiting first.
    pub open_jobs: Vec<OpenJobItem>,
    pub callbacks_pending: Vec<CallbackItem>,
    pub cards_awaiting_signature: Vec<CardItem>,
    pub discrepancies: Vec<DiscrepancyItem>,
    pub to_verify: Vec<VerifyItem>,
    pub conflicts: Vec<ConflictItem>,
    pub invoices_owed: Vec<InvoiceItem>,
    pub loaner_returns: Vec<ReturnItem>,
    pub counts: Counts,
    /// Every complaint not settled.
    pub complaints: Vec<super::complaints::ComplaintItem>,
    /// Open jobs past their on-site commitment.
    pub response_overdue: Vec<super::complaints::OnsiteItem>,
    /// Cases for the center's ruling not closed.
    pub cases: Vec<super::cases::CaseItem>,
    /// Customers to tell that their engineer is running late.
    pub to_inform: Vec<super::cases::InformItem>,
    /// Follow-up calls after `fixed` visits, pending, earliest due first
    /// (never in `callbacks_pending`).
    pub followups_pending: Vec<FollowupItem>,
    /// Repeat repairs among the open jobs and today's.
    pub repeats: Vec<super::voice::RepeatItem>,
}

impl Desk {
    /// The dashboard's content at `now`; "today" is the date of `now` in its
    /// own offset.
    pub fn status(&mut self, now: DateTime<FixedOffset>) -> Result<StatusReport> {
        let zone = self.zone;
        self.store.read(|c| status_in(c, zone, now))
    }
}

/// [`Desk::status`] inside the caller's read (the daily export reads the
/// lists and its rows in one snapshot).
pub(crate) fn status_in(
    c: &Connection,
    zone: Zone,
    now: DateTime<FixedOffset>,
) -> Result<StatusReport> {
    let today = now.date_naive();
    let now_utc = super::whole(now.to_utc());
    let (start, end) = zone.day_bounds(today);
    let fmt = |t: Option<Ts>| t.map(|t| rfc3339(&zone, t));
    // Whether each open discrepancy's cause is still there: the same
    // rules as the reconciliation, on every such job's facts at once.
    // First, so that the facts are gone before the long lists come.
    let facts = jobs::facts_of_set(c, board::OPEN_DISCREPANCY_JOBS, &[])?;
    let discrepancy_items: Vec<DiscrepancyItem> = board::discrepancies(c, start, end)?
        .into_iter()
        .map(|d| DiscrepancyItem {
            cause_gone: d.status == DiscrepancyStatus::Open
                && facts
                    .get(&d.job_id)
                    .is_some_and(|f| !discrepancies(f, None).iter().any(|(k, _)| *k == d.kind)),
            job_no: d.job_no,
            kind: d.kind,
            status: d.status,
            engineer: d.engineer,
            detail: d.detail,
            recon_date: d.recon_date,
            resolution: d.resolution,
            note: d.note,
            resolved_by: d.resolved_by,
        })
        .collect();
    drop(facts);
    let today_jobs: Vec<JobItem> = board::today_jobs(c, start, end)?
        .into_iter()
        .map(|j| JobItem {
            job_no: j.job_no,
            engineer: j.engineer,
            status: j.status,
            customer: j.customer,
            phone: j.phone,
            address: j.address,
            product_model: j.product_model,
            warranty: j.warranty,
            appointment_start: fmt(j.appt_start),
            appointment_end: fmt(j.appt_end),
            last_outcome: j.last_outcome,
            late_minutes: j.late_minutes,
            late_flag: j.late_minutes.is_some_and(|m| m > LATE_FLAG_MINUTES),
            revisit_of: j.revisit_of,
            to_verify: j.to_verify,
            card_state: j.card_state,
            waiting: open_reason(
                &Waiting {
                    status: Some(j.status),
                    appt_start: j.appt_start,
                    appt_end: j.appt_end,
                    last_outcome: j.last_outcome,
                    ..Waiting::default()
                },
                now_utc,
            )
            .map(|(reason, _)| reason),
        })
        .collect();
    let mut open_jobs: Vec<OpenJobItem> = board::open_jobs(c, start, end, now_utc)?
        .into_iter()
        .filter_map(|j| {
            let w = Waiting {
                status: Some(j.status),
                appt_start: j.appt_start,
                appt_end: j.appt_end,
                last_outcome: j.last_outcome,
                last_visit_at: j.last_visit_at,
                received_at: j.received_at,
            };
            let (reason, since) = open_reason(&w, now_utc)?;
            Some(OpenJobItem {
                job_no: j.job_no,
                engineer: j.engineer,
                status: j.status,
                reason,
                since: rfc3339(&zone, since),
                customer: j.customer,
                phone: j.phone,
                appointment_start: fmt(j.appt_start),
                appointment_end: fmt(j.appt_end),
                last_outcome: j.last_outcome,
                since_ts: since,
            })
        })
        .collect();
    open_jobs.sort_by(|a, b| (a.since_ts, &a.job_no).cmp(&(b.since_ts, &b.job_no)));
    let callbacks_pending: Vec<CallbackItem> = board::callbacks_pending(c)?
        .into_iter()
        .map(|p| CallbackItem {
            job_no: p.job_no,
            kind: p.kind,
            due_at: rfc3339(&zone, p.due_at),
            overdue: now_utc > p.due_at,
            overdue_minutes: overdue_minutes(p.due_at, now_utc),
            urgency: urgency(p.started_at, p.due_at, now_utc),
            attempts: p.attempts,
            engineer: p.engineer,
            customer: p.customer,
            phone: p.phone,
            due_ts: p.due_at,
            started_ts: p.started_at,
            followup: false,
        })
        .collect();
    let followups_pending: Vec<FollowupItem> = crate::store::callbacks::followups_pending(c)?
        .into_iter()
        .map(|p| FollowupItem {
            job_no: p.job_no,
            due_at: rfc3339(&zone, p.callback.due_at),
            overdue: now_utc > p.callback.due_at,
            overdue_minutes: overdue_minutes(p.callback.due_at, now_utc),
            urgency: urgency(p.callback.started_at, p.callback.due_at, now_utc),
            attempts: p.callback.attempts,
            engineer: p.engineer,
            customer: p.customer,
            phone: p.phone,
            due_ts: p.callback.due_at,
            started_ts: p.callback.started_at,
        })
        .collect();
    let repeats = super::voice::repeats_in(c, &zone, today, now_utc)?;
    let cards: Vec<CardItem> = board::cards_awaiting(c)?
        .into_iter()
        .map(|a| CardItem {
            job_no: a.job_no,
            card_state: a.card_state,
            engineer: a.engineer,
            customer: a.customer,
            visited_at: fmt(a.visited_at),
        })
        .collect();
    let to_verify: Vec<VerifyItem> = board::to_verify(c)?
        .into_iter()
        .map(|j| VerifyItem {
            job_no: j.job_no,
            missing: j.missing,
            engineer: j.engineer,
            customer: j.customer,
            phone: j.phone,
        })
        .collect();
    let conflict_items: Vec<ConflictItem> = conflicts(&board::slots_from(c, start)?, &zone)
        .into_iter()
        .map(|k| ConflictItem {
            engineer: k.engineer,
            date: k.date,
            job_no: k.job_nos[0].clone(),
            from: rfc3339(&zone, k.start),
            to: rfc3339(&zone, k.end),
            job_nos: k.job_nos,
        })
        .collect();
    let invoices_owed = board::invoices_owed(c)?
        .into_iter()
        .map(|(job_no, receipt_no, at)| InvoiceItem {
            job_no,
            receipt_no,
            visited_at: fmt(at),
        })
        .collect();
    let loaner_returns = board::returns_open(c)?
        .into_iter()
        .map(
            |(job_no, return_due, over_limit, machine_receipt_no)| ReturnItem {
                job_no,
                return_due,
                overdue: return_overdue(return_due, false, today),
                over_limit,
                machine_receipt_no,
            },
        )
        .collect();
    let complaints = super::complaints::open_items(c, &zone, now_utc)?;
    let response_overdue = super::complaints::onsite_overdue(c, &zone, now_utc)?;
    let loaner_returns: Vec<ReturnItem> = loaner_returns;
    let invoices_owed: Vec<InvoiceItem> = invoices_owed;
    let cases = super::cases::open_items(c, &zone)?;
    let to_inform = super::cases::to_inform(c, &zone)?;
    let counts = Counts {
        today_jobs: today_jobs.len(),
        open_jobs: open_jobs.len(),
        callbacks_pending: callbacks_pending.len(),
        callbacks_overdue: callbacks_pending.iter().filter(|c| c.overdue).count(),
        cards_awaiting_signature: cards.len(),
        discrepancies: discrepancy_items.len(),
        discrepancies_open: discrepancy_items
            .iter()
            .filter(|d| d.status == DiscrepancyStatus::Open)
            .count(),
        to_verify: to_verify.len(),
        conflicts: conflict_items.len(),
        invoices_owed: invoices_owed.len(),
        loaner_returns: loaner_returns.len(),
        loaners_overdue: loaner_returns.iter().filter(|l| l.overdue).count(),
        complaints: complaints.len(),
        complaints_response_overdue: complaints.iter().filter(|k| k.response_overdue).count(),
        response_overdue: response_overdue.len(),
        cases: cases.len(),
        to_inform: to_inform.len(),
        followups_pending: followups_pending.len(),
        followups_overdue: followups_pending.iter().filter(|f| f.overdue).count(),
        repeats: repeats.len(),
    };
    Ok(StatusReport {
        branch: settings::get(c, settings::BRANCH)?,
        date: today,
        now: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        today_jobs,
        open_jobs,
        callbacks_pending,
        cards_awaiting_signature: cards,
        discrepancies: discrepancy_items,
        to_verify,
        conflicts: conflict_items,
        invoices_owed,
        loaner_returns,
        counts,
        complaints,
        response_overdue,
        cases,
        to_inform,
        followups_pending,
        repeats,
    })
}
