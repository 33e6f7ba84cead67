//! What the clerk does by hand on the dashboard: a job's detail and
//! timeline, a visit or a card typed in, a job entered by hand, and the
//! on-time history of callbacks. Each write is one transaction.

use super::{Desk, DeskError, Result, record, refresh, whole};
use crate::domain::callback::CallbackResult;
use crate::domain::card::{Card, CardState};
use crate::domain::job::{Job, to_verify};
use crate::domain::reconcile::{DiscrepancyKind, DiscrepancyStatus, Resolution};
use crate::domain::status::JobStatus;
use crate::domain::time::Ts;
use crate::domain::visit::{CallbackKind, Visit, callback_due};
use crate::store::visits::VisitRow;
use crate::store::{callbacks, cards, discrepancies as discs, jobs, settings, visits};
use chrono::{Duration, NaiveDate};

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

/// What a visit typed on the dashboard started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRecorded {
    pub job_no: String,
    pub callback: Option<(CallbackKind, Ts)>,
    pub late_minutes: Option<i64>,
    pub status: JobStatus,
}

/// Callbacks due on one day: made on time (first call at or before the due
/// time) or overdue (first call after it, or none yet and past due).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DayCallbacks {
    pub date: NaiveDate,
    pub on_time: u32,
    pub overdue: u32,
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

    /// Records a visit outcome typed by the clerk, with what it starts (the
    /// same rules as an imported visit). The same arrival twice is refused.
    pub fn record_visit(&mut self, visit: &Visit, now: Ts) -> Result<VisitRecorded> {
        let now = whole(now);
        if visit.outcome.is_none() {
            return Err(DeskError::Invalid("a visit needs an outcome".into()));
        }
        if let Some((col, why)) = crate::io::records::visit_in_future(visit, now, &self.zone)
            .into_iter()
            .next()
        {
            return Err(DeskError::Invalid(format!("{col}: {why}")));
        }
        let operator = self.operator.clone();
        let zone = self.zone;
        self.store.write(|c| {
            let job = jobs::by_no(c, &visit.job_no)?
                .ok_or_else(|| DeskError::NoJob(visit.job_no.clone()))?;
            if visits::by_key(c, job.id, &visit.key())?.is_some() {
                return Err(DeskError::VisitExists(visit.job_no.clone()));
            }
            let id = super::import::apply_visit(c, &zone, job.id, visit, "manual", now)?;
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

    /// Records a supervision card handed back; a job has one card, so a
    /// second is refused (corrections are their own operation).
    pub fn record_card(&mut self, card: &Card, now: Ts) -> Result<CardState> {
        let now = whole(now);
        if let Some((col, why)) = crate::io::records::card_in_future(card, now, &self.zone)
            .into_iter()
            .next()
        {
            return Err(DeskError::Invalid(format!("{col}: {why}")));
        }
        let operator = self.operator.clone();
        self.store.write(|c| {
            let job = jobs::by_no(c, &card.job_no)?
                .ok_or_else(|| DeskError::NoJob(card.job_no.clone()))?;
            if cards::by_job(c, job.id)?.is_some() {
                return Err(DeskError::CardAlreadyRecorded(card.job_no.clone()));
            }
            cards::insert(c, job.id, card, now)?;
            let revisit = super::ledger::revisit_for_card(c, job.id, card, now)?;
            refresh(c, job.id)?;
            let state = jobs::by_id(c, job.id)?.card_state;
            let mut summary = format!(
                "card returned, signed by {}: {}",
                card.signed_by.map(|s| s.code()).unwrap_or("-"),
                state.code()
            );
            if let Some((no, new)) = revisit {
                summary += &if new {
                    format!("; re-visit {no} opened")
                } else {
                    format!("; re-visit {no} already open")
                };
            }
            record(c, &operator, now, "card", &card.job_no, summary)?;
            Ok(state)
        })
    }

    /// Enters a job by hand, checked as an imported one: the branch must be
    /// this database's, the number new. Returns its *to verify* reasons.
    pub fn add_job(&mut self, job: &Job, now: Ts) -> Result<Vec<&'static str>> {
        let now = whole(now);
        crate::io::records::valid_branch_code(&job.branch).map_err(DeskError::Invalid)?;
        if job.job_no.trim().is_empty() {
            return Err(DeskError::Invalid("a job needs a job number".into()));
        }
        use crate::domain::job::printable_identifier;
        printable_identifier(&job.job_no, "a job number").map_err(DeskError::Invalid)?;
        printable_identifier(&job.engineer, "an engineer's name").map_err(DeskError::Invalid)?;
        for (col, v) in [
            ("customer", &job.customer),
            ("phone", &job.phone),
            ("address", &job.address),
            ("product_model", &job.product_model),
            ("fault", &job.fault),
            ("requirement", &job.requirement),
        ] {
            if let Some(ch) = crate::domain::text::first_control(v) {
                return Err(DeskError::Invalid(format!(
                    "{col}: {}",
                    crate::domain::text::control_reason(ch)
                )));
            }
        }
        let operator = self.operator.clone();
        self.store.write(|c| {
            match settings::get(c, settings::BRANCH)? {
                Some(b) if b != job.branch => {
                    return Err(DeskError::OtherBranch {
                        job_no: job.job_no.clone(),
                        branch: job.branch.clone(),
                        this: b,
                    });
                }
                Some(_) => {}
                None => settings::set(c, settings::BRANCH, &job.branch)?,
            }
            if jobs::by_no(c, &job.job_no)?.is_some() {
                return Err(DeskError::JobExists(job.job_no.clone()));
            }
            let status = if job.appointment_start.is_some() {
                JobStatus::Scheduled
            } else {
                JobStatus::Unscheduled
            };
            let missing = to_verify(job);
            let mut job = job.clone();
            job.received_at = job.received_at.or(Some(now));
            jobs::insert(c, &job, jobs::Origin::Manual, None, &missing, status, now)?;
            let summary = format!("new job entered by hand for {}", job.engineer);
            record(c, &operator, now, "new_job", &job.job_no, summary)?;
            Ok(missing)
        })
    }

    /// Changes when another process commits to the database.
    pub fn data_version(&mut self) -> Result<i64> {
        Ok(crate::store::data_version(self.store.conn())?)
    }

    pub fn job_exists(&mut self, job_no: &str) -> Result<bool> {
        Ok(jobs::by_no(self.store.conn(), job_no)?.is_some())
    }

    /// The other jobs whose appointment clashes with `job_no`'s (the same
    /// engineer, overlapping windows on its day): empty when none does.
    pub fn clashes_of(&mut self, job_no: &str) -> Result<Vec<String>> {
        let zone = self.zone;
        self.store.read(|c| {
            let Some(job) = jobs::by_no(c, job_no)? else {
                return Ok(Vec::new());
            };
            let Some(start) = job.appt_start else {
                return Ok(Vec::new());
            };
            let (from, _) = zone.day_bounds(zone.date_of(start));
            let groups = crate::domain::job::conflicts(
                &crate::store::dashboard::slots_from(c, from)?,
                &zone,
            );
            Ok(groups
                .into_iter()
                .find(|g| g.job_nos.iter().any(|j| j == job_no))
                .map(|g| g.job_nos.into_iter().filter(|j| j != job_no).collect())
                .unwrap_or_default())
        })
    }

    /// The fields the dashboard's filter searches, for every job listed on
    /// `today`.
    pub fn search_fields(&mut self, today: NaiveDate) -> Result<Vec<jobs::SearchFields>> {
        let (start, end) = self.zone.day_bounds(today);
        self.store
            .read(|c| Ok(jobs::search_fields_of_listed(c, start, end)?))
    }

    /// Timed callbacks due on each of the `days` days up to `today`, made on
    /// time or overdue as of `now`; oldest day first.
    pub fn callback_history(
        &mut self,
        today: NaiveDate,
        days: u32,
        now: Ts,
    ) -> Result<Vec<DayCallbacks>> {
        let now = whole(now);
        let zone = self.zone;
        let first = today - Duration::days(i64::from(days.max(1)) - 1);
        let (start, _) = zone.day_bounds(first);
        let (_, end) = zone.day_bounds(today);
        let rows = self
            .store
            .read(|c| Ok::<_, DeskError>(callbacks::timed_due_between(c, start, end)?))?;
        let mut out: Vec<DayCallbacks> = (0..i64::from(days.max(1)))
            .map(|i| DayCallbacks {
                date: first + Duration::days(i),
                on_time: 0,
                overdue: 0,
            })
            .collect();
        for r in rows {
            let i = (zone.date_of(r.due_at) - first).num_days();
            let Some(day) = usize::try_from(i).ok().and_then(|i| out.get_mut(i)) else {
                continue;
            };
            match r.first_attempt {
                Some(t) if t <= r.due_at => day.on_time += 1,
                Some(_) => day.overdue += 1,
                None if crate::domain::callback::is_overdue(r.due_at, now) => day.overdue += 1,
                None => {}
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card::SignedBy;
    use crate::domain::time::testing::{t, zone};
    use crate::domain::visit::Outcome;
    use crate::store::Store;

    fn desk() -> Desk {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
        d.zone = zone();
        d
    }

    fn job(no: &str) -> Job {
        Job {
            job_no: no.into(),
            branch: "QD".into(),
            customer: "王秀英".into(),
            phone: "13812345678".into(),
            address: "青岛市崂山区海尔路1号".into(),
            product_model: "BCD-470WDPG".into(),
            purchase_date: NaiveDate::from_ymd_opt(2025, 5, 1),
            fault: "不制冷".into(),
            appointment_start: Some(t("2026-11-23 09:00")),
            appointment_end: Some(t("2026-11-23 10:00")),
            engineer: "王强".into(),
            ..Job::default()
        }
    }

    #[test]
    fn a_job_by_hand_is_checked_like_an_import() {
        let mut d = desk();
        let now = t("2026-11-23 08:00");
        assert!(d.add_job(&job("J1"), now).unwrap().is_empty());
        let err = d.add_job(&job("J1"), now).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        let mut other = job("J2");
        other.branch = "XX".into();
        let err = d.add_job(&other, now).unwrap_err();
        assert!(err.to_string().contains("belongs to branch QD"), "{err}");
        let mut thin = job("J3");
        thin.address.clear();
        thin.phone = "123".into();
        assert_eq!(d.add_job(&thin, now).unwrap(), vec!["phone", "address"]);
        let detail = d.job_detail("J3").unwrap();
        assert_eq!(detail.origin, "manual");
        assert_eq!(detail.to_verify, ["phone", "address"]);
        assert_eq!(detail.job.received_at, Some(now));
    }

    #[test]
    fn a_visit_and_a_card_by_hand_follow_the_rules_and_appear_in_the_timeline() {
        let mut d = desk();
        d.add_job(&job("J1"), t("2026-11-23 08:00")).unwrap();
        let v = Visit {
            job_no: "J1".into(),
            engineer: "王强".into(),
            arrived_at: Some(t("2026-11-23 10:20")),
            finished_at: Some(t("2026-11-23 11:00")),
            outcome: Some(Outcome::FixedUntested),
            ..Visit::default()
        };
        let r = d.record_visit(&v, t("2026-11-23 11:05")).unwrap();
        assert_eq!(
            r.callback,
            Some((CallbackKind::TwoHours, t("2026-11-23 13:00")))
        );
        assert_eq!(r.late_minutes, Some(20));
        assert_eq!(r.status, JobStatus::CallbackPending);
        assert!(d.record_visit(&v, t("2026-11-23 11:06")).is_err());
        let card = Card {
            job_no: "J1".into(),
            returned_at: Some(t("2026-11-23 16:00")),
            signed_by: Some(SignedBy::Customer),
            warranty_record: Some(true),
            ..Card::default()
        };
        assert_eq!(
            d.record_card(&card, t("2026-11-23 16:00")).unwrap(),
            CardState::Signed
        );
        assert!(d.record_card(&card, t("2026-11-23 16:01")).is_err());
        d.log_callback(
            "J1",
            CallbackResult::Unsatisfied,
            "还是不冷",
            t("2026-11-23 12:30"),
        )
        .unwrap();
        let detail = d.job_detail("J1").unwrap();
        assert_eq!(detail.revisits.len(), 1);
        assert_eq!(detail.revisits[0].0, "J1-R1");
        let kinds: Vec<&str> = detail
            .timeline
            .iter()
            .map(|e| match &e.event {
                TimelineEvent::Received { .. } => "received",
                TimelineEvent::Visit(_) => "visit",
                TimelineEvent::CallbackStarted { .. } => "callback",
                TimelineEvent::CallbackAttempt { .. } => "attempt",
                TimelineEvent::Card(_) => "card",
                TimelineEvent::DiscrepancyRaised { .. } => "raised",
                TimelineEvent::DiscrepancyResolved { .. } => "resolved",
                TimelineEvent::RevisitOpened { .. } => "revisit",
                TimelineEvent::Supervisor(_) => "supervisor",
                TimelineEvent::Repeat { .. } => "repeat",
                TimelineEvent::Audit { .. } => "audit",
            })
            .filter(|k| *k != "audit")
            .collect();
        assert_eq!(
            kinds,
            [
                "received", "visit", "callback", "attempt", "revisit", "card"
            ]
        );
        let opened = detail.timeline.iter().find_map(|e| match &e.event {
            TimelineEvent::CallbackAttempt { revisit, .. } => revisit.clone(),
            _ => None,
        });
        assert_eq!(opened.as_deref(), Some("J1-R1"));
        // Every change to J1 is in its timeline as an audit entry, by
        // whom and when (the `now` of each operation).
        let audited: Vec<(String, String, Option<Ts>)> = detail
            .timeline
            .iter()
            .filter_map(|e| match &e.event {
                TimelineEvent::Audit {
                    action, operator, ..
                } => Some((action.clone(), operator.clone(), e.at)),
                _ => None,
            })
            .collect();
        let mut actions: Vec<&str> = audited.iter().map(|a| a.0.as_str()).collect();
        actions.sort();
        assert_eq!(actions, ["callback", "card", "new_job", "visit"]);
        assert!(audited.iter().all(|a| a.1 == "clerk"));
        assert!(audited.contains(&(
            "callback".into(),
            "clerk".into(),
            Some(t("2026-11-23 12:30"))
        )));
        assert!(d.audit_verify().unwrap().is_intact());
        assert_eq!(
            d.job_detail("J1-R1").unwrap().revisit_of.as_deref(),
            Some("J1")
        );
    }

    #[test]
    fn the_history_counts_callbacks_by_due_day_on_time_or_overdue() {
        let mut d = desk();
        d.add_job(&job("J1"), t("2026-11-22 08:00")).unwrap();
        d.add_job(&job("J2"), t("2026-11-22 08:00")).unwrap();
        d.add_job(&job("J3"), t("2026-11-22 08:00")).unwrap();
        for (no, at) in [
            ("J1", "2026-11-22 10:00"),
            ("J2", "2026-11-22 11:00"),
            ("J3", "2026-11-23 09:00"),
        ] {
            let v = Visit {
                job_no: no.into(),
                finished_at: Some(t(at)),
                outcome: Some(Outcome::Consulted),
                ..Visit::default()
            };
            d.record_visit(&v, t(at)).unwrap();
        }
        // J1 due 12:00 called 11:50; J2 due 13:00 called 13:30; J3 due
        // 11:00 on the 23rd, not called, and it is 12:00.
        d.log_callback("J1", CallbackResult::Satisfied, "", t("2026-11-22 11:50"))
            .unwrap();
        d.log_callback("J2", CallbackResult::Unreachable, "", t("2026-11-22 13:30"))
            .unwrap();
        let h = d
            .callback_history(
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                14,
                t("2026-11-23 12:00"),
            )
            .unwrap();
        assert_eq!(h.len(), 14);
        assert_eq!(h[12].date.to_string(), "2026-11-22");
        assert_eq!((h[12].on_time, h[12].overdue), (1, 1));
        assert_eq!((h[13].on_time, h[13].overdue), (0, 1));
        let before = d
            .callback_history(
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                14,
                t("2026-11-23 10:00"),
            )
            .unwrap();
        assert_eq!((before[13].on_time, before[13].overdue), (0, 0));
    }
}
