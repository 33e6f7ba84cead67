//! A job's detail and timeline, for the detail screen: dispatch, visits,
//! callbacks with each attempt, card, discrepancies, re-visits, audit.

use super::Desk;
use super::DeskError;
use super::Result;
use crate::domain::callback::CallbackResult;
use crate::domain::card::Card;
use crate::domain::card::CardState;
use crate::domain::job::Job;
use crate::domain::reconcile::DiscrepancyKind;
use crate::domain::reconcile::DiscrepancyStatus;
use crate::domain::reconcile::Resolution;
use crate::domain::status::JobStatus;
use crate::domain::time::Ts;
use crate::domain::visit::CallbackKind;
use crate::store::callbacks;
use crate::store::cards;
use crate::store::discrepancies as discs;
use crate::store::jobs;
use crate::store::visits;
use crate::store::visits::VisitRow;

/// Everything known about one job, for the detail screen.
#[derive(Debug, Clone)]
pub struct JobDetail {
    /// The job as dispatched (or entered).
    pub job: Job,
    /// The appointment window now in force (after any reschedule).
    pub appt_start: Option<Ts>,
    pub appt_end: Option<Ts>,
    pub status: JobStatus,
    pub card_state: CardState,
    /// `import`, `manual`, `revisit` or `demo`.
    pub origin: String,
    pub to_verify: Vec<String>,
    pub verified_at: Option<Ts>,
    /// The original job, for a re-visit.
    pub revisit_of: Option<String>,
    /// Re-visits opened for this job: number and status.
    pub revisits: Vec<(String, JobStatus)>,
    pub visits: Vec<VisitRow>,
    pub card: Option<Card>,
    pub open_discrepancies: usize,
    /// Dispatch, visits, callbacks with each attempt, card, discrepancies,
    /// re-visits: in the order they happened.
    pub timeline: Vec<TimelineEntry>,
    /// A supervisor's newest action on one of the job's items is an
    /// escalation.
    pub escalated: bool,
}

#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub at: Option<Ts>,
    pub event: TimelineEvent,
}

#[derive(Debug, Clone)]
pub enum TimelineEvent {
    /// Received from the center's dispatch (or entered by hand).
    Received {
        origin: String,
    },
    Visit(Box<VisitRow>),
    /// A callback was started: its kind and due time.
    CallbackStarted {
        kind: Option<CallbackKind>,
        due: Ts,
        pending: bool,
        attempts: i64,
        /// The follow-up after a `fixed` visit.
        followup: bool,
    },
    /// The job is a repeat repair of an earlier one.
    Repeat {
        of: String,
        days: i64,
    },
    /// One logged call.
    CallbackAttempt {
        kind: Option<CallbackKind>,
        result: Option<CallbackResult>,
        note: String,
        operator: String,
        /// The re-visit job an `unsatisfied` result opened.
        revisit: Option<String>,
        /// The customer's answers given with it.
        answers: crate::domain::voice::Answers,
    },
    Card(Card),
    DiscrepancyRaised {
        kind: DiscrepancyKind,
        detail: String,
        recon_date: String,
        engineer: String,
    },
    DiscrepancyResolved {
        kind: DiscrepancyKind,
        resolution: Option<Resolution>,
        note: String,
        by: String,
    },
    RevisitOpened {
        job_no: String,
    },
    /// A supervisor escalated or acknowledged one of the job's items.
    Supervisor(Box<crate::store::escalations::EscalationRow>),
    /// An entry of the audit trail: who changed the job, and how.
    Audit {
        id: i64,
        operator: String,
        action: String,
        summary: String,
    },
}

impl Desk {
    /// A job's fields, links and timeline.
    pub fn job_detail(&mut self, job_no: &str) -> Result<JobDetail> {
        self.store.read(|c| {
            let row = jobs::by_no(c, job_no)?.ok_or_else(|| DeskError::NoJob(job_no.into()))?;
            let revisit_of = match row.parent_id {
                Some(p) => Some(jobs::by_id(c, p)?.job.job_no),
                None => None,
            };
            let children = jobs::revisits_of(c, row.id)?;
            let vs = visits::of_job(c, row.id)?;
            let card = cards::by_job(c, row.id)?;
            let cbs = callbacks::of_job(c, row.id)?;
            let events = callbacks::events_of_job(c, row.id)?;
            let ds = discs::of_job(c, row.id)?;

            let mut timeline = vec![TimelineEntry {
                at: row.job.received_at.or(Some(row.created_at)),
                event: TimelineEvent::Received {
                    origin: row.origin.clone(),
                },
            }];
            if let Some((of, days)) = super::voice::repeat_of_job(c, row.id)? {
                timeline.push(TimelineEntry {
                    at: row.job.received_at.or(Some(row.created_at)),
                    event: TimelineEvent::Repeat { of, days },
                });
            }
            for v in &vs {
                timeline.push(TimelineEntry {
                    at: v.visit.arrived_at.or(v.at).or(Some(v.created_at)),
                    event: TimelineEvent::Visit(Box::new(v.clone())),
                });
            }
            for cb in &cbs {
                let revisit = match cb.revisit_job_id {
                    Some(id) => Some(jobs::by_id(c, id)?.job.job_no),
                    None => None,
                };
                timeline.push(TimelineEntry {
                    at: Some(cb.started_at),
                    event: TimelineEvent::CallbackStarted {
                        kind: cb.kind,
                        due: cb.due_at,
                        pending: cb.pending,
                        attempts: cb.attempts,
                        followup: cb.followup,
                    },
                });
                for e in events.iter().filter(|e| e.callback_id == cb.id) {
                    let opened = (e.result == Some(CallbackResult::Unsatisfied))
                        .then(|| revisit.clone())
                        .flatten();
                    timeline.push(TimelineEntry {
                        at: Some(e.at),
                        event: TimelineEvent::CallbackAttempt {
                            kind: cb.kind,
                            result: e.result,
                            note: e.note.clone(),
                            operator: e.operator.clone(),
                            revisit: opened,
                            answers: e.answers,
                        },
                    });
                }
            }
            if let Some(card) = &card {
                timeline.push(TimelineEntry {
                    at: card.returned_at,
                    event: TimelineEvent::Card(card.clone()),
                });
            }
            for d in &ds {
                timeline.push(TimelineEntry {
                    at: Some(d.raised_at),
                    event: TimelineEvent::DiscrepancyRaised {
                        kind: d.kind,
                        detail: d.detail.clone(),
                        recon_date: d.recon_date.clone(),
                        engineer: d.engineer.clone(),
                    },
                });
                if d.status == DiscrepancyStatus::Resolved {
                    timeline.push(TimelineEntry {
                        at: d.resolved_at,
                        event: TimelineEvent::DiscrepancyResolved {
                            kind: d.kind,
                            resolution: d.resolution,
                            note: d.note.clone(),
                            by: d.resolved_by.clone().unwrap_or_default(),
                        },
                    });
                }
            }
            for r in &children {
                timeline.push(TimelineEntry {
                    at: r.job.received_at.or(Some(r.created_at)),
                    event: TimelineEvent::RevisitOpened {
                        job_no: r.job.job_no.clone(),
                    },
                });
            }
            let actions = crate::store::escalations::of_job(c, row.id)?;
            let mut newest = std::collections::HashMap::new();
            for a in &actions {
                newest.insert((a.item, a.ref_id), a.action);
                timeline.push(TimelineEntry {
                    at: Some(a.at),
                    event: TimelineEvent::Supervisor(Box::new(a.clone())),
                });
            }
            let escalated = newest
                .values()
                .any(|a| *a == crate::domain::escalation::EscalationAction::Escalated);
            for e in crate::store::audit::log_of_job(c, job_no)? {
                timeline.push(TimelineEntry {
                    at: e.at,
                    event: TimelineEvent::Audit {
                        id: e.id,
                        operator: e.operator,
                        action: e.action,
                        summary: e.summary,
                    },
                });
            }
            // Stable: events without a time keep their place at the start.
            timeline.sort_by_key(|e| e.at);

            Ok(JobDetail {
                job: row.job.clone(),
                appt_start: row.appt_start,
                appt_end: row.appt_end,
                status: row.status,
                card_state: row.card_state,
                origin: row.origin.clone(),
                to_verify: row.to_verify.clone(),
                verified_at: row.verified_at,
                revisit_of,
                revisits: children
                    .iter()
                    .map(|r| (r.job.job_no.clone(), r.status))
                    .collect(),
                visits: vs,
                card,
                open_discrepancies: ds
                    .iter()
                    .filter(|d| d.status == DiscrepancyStatus::Open)
                    .count(),
                timeline,
                escalated,
            })
        })
    }
}
