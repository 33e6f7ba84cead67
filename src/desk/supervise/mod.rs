//! The supervisor's review of a branch read into its model
//! ([`crate::domain::supervision`]), and the supervisor's two writes,
//! escalate and acknowledge (one transaction each). Supervisors do not
//! change jobs, cards or callbacks.

use super::{Desk, Result, whole};
use crate::domain::callback::{CallbackResult, overdue_minutes};
use crate::domain::escalation::{EscalationItem, EscalationState, escalation_state};
use crate::domain::reconcile::DiscrepancyStatus;
use crate::domain::scorecard::{Period, scorecard};
use crate::domain::status::JobStatus;
use crate::domain::time::{Ts, Zone, rfc3339};
use crate::store::escalations::{self, EscalationRow};
use crate::store::settings;
use crate::store::supervise::{self as sup, PendingRow};
use chrono::{DateTime, Duration, FixedOffset};
use rusqlite::Connection;
use std::collections::HashMap;

pub use crate::domain::supervision::{
    Acted, CallLine, Chain, ChainLink, Escalation, Forgery, OverdueCallback, ReportSide,
    Supervision, Suspicion, Target,
};

impl Target {
    pub(crate) fn parts(self) -> (i64, EscalationItem, Option<i64>) {
        match self {
            Target::Callback {
                job_id,
                callback_id,
            } => (job_id, EscalationItem::Callback, Some(callback_id)),
            Target::Discrepancy {
                job_id,
                discrepancy_id,
            } => (job_id, EscalationItem::Discrepancy, Some(discrepancy_id)),
            Target::Job { job_id } => (job_id, EscalationItem::Job, None),
        }
    }
}

impl Escalation {
    pub(crate) fn from_row(zone: &Zone, r: &EscalationRow) -> Escalation {
        // Only what was done after the action counts as its resolution (a
        // denial closes its callback at once: that is no resolution).
        let resolved = r.resolved_at.filter(|t| *t > r.at);
        // An acknowledgement after an escalation keeps its target and note.
        let before = r
            .escalated_before
            .as_ref()
            .filter(|_| r.action == crate::domain::escalation::EscalationAction::Acknowledged);
        Escalation {
            state: escalation_state(Some(r.action), resolved.is_some()),
            to: r.to_whom.clone(),
            note: r.note.clone(),
            by: r.operator.clone(),
            at: rfc3339(zone, r.at),
            resolved_at: resolved.map(|t| rfc3339(zone, t)),
            resolved_by: resolved.and(r.resolved_by.clone()),
            escalated_to: before.map(|b| b.0.clone()).unwrap_or_default(),
            escalation_note: before.map(|b| b.1.clone()).unwrap_or_default(),
            at_ts: r.at,
        }
    }
}

/// The newest action of every item, by item.
type Newest = HashMap<(i64, EscalationItem, Option<i64>), EscalationRow>;

fn newest(c: &Connection) -> Result<Newest> {
    Ok(escalations::newest_per_item(c)?
        .into_iter()
        .map(|r| ((r.job_id, r.item, r.ref_id), r))
        .collect())
}

fn escalation_of(newest: &Newest, zone: &Zone, t: Target) -> Option<Escalation> {
    newest
        .get(&t.parts())
        .map(|r| Escalation::from_row(zone, r))
}

fn pending_item(zone: &Zone, newest: &Newest, p: PendingRow, now: Ts) -> OverdueCallback {
    let target = Target::Callback {
        job_id: p.job_id,
        callback_id: p.callback_id,
    };
    let escalation = escalation_of(newest, zone, target);
    OverdueCallback {
        job_no: p.job_no,
        kind: p.kind,
        due_at: rfc3339(zone, p.due_at),
        overdue_minutes: overdue_minutes(p.due_at, now),
        attempts: p.attempts,
        engineer: p.engineer,
        branch: p.branch,
        customer: p.customer,
        phone: p.phone,
        escalation_state: escalation
            .as_ref()
            .map_or(EscalationState::None, |e| e.state)
            .code(),
        escalation: escalation.map(Box::new),
        target,
        due_ts: p.due_at,
        started_ts: p.started_at,
    }
}

impl Desk {
    /// Every overdue callback at `now`, most overdue first, with its
    /// engineer, branch and escalation.
    pub fn overdue_callbacks(&mut self, now: Ts) -> Result<Vec<OverdueCallback>> {
        let now = whole(now);
        let zone = self.zone;
        self.store.read(|c| {
            let newest = newest(c)?;
            Ok(sup::pending(c, Some(now))?
                .into_iter()
                .map(|p| pending_item(&zone, &newest, p, now))
                .collect())
        })
    }

    /// The supervisor's screen at `now` over `period` (ending today, the
    /// date of `now` in its own offset).
    pub fn supervision(
        &mut self,
        now: DateTime<FixedOffset>,
        period: Period,
    ) -> Result<Supervision> {
        let zone = self.zone;
        let today = now.date_naive();
        let now = whole(now.to_utc());
        let first_day = today - Duration::days(i64::from(period.days()) - 1);
        let (start, _) = zone.day_bounds(first_day);
        let (_, end) = zone.day_bounds(today);
        self.store.read(|c| {
            let newest = newest(c)?;
            let pending: Vec<OverdueCallback> = sup::pending(c, None)?
                .into_iter()
                .map(|p| pending_item(&zone, &newest, p, now))
                .collect();
            let mut facts =
                sup::score_facts(c, start, end, &first_day.to_string(), &today.to_string())?;
            facts.overdue_now = pending
                .iter()
                .filter(|p| crate::domain::callback::is_overdue(p.due_ts, now))
                .map(|p| p.engineer.clone())
                .collect();
            super::complaints::score_facts(c, &mut facts, start, end)?;
            Ok(Supervision {
                branch: settings::get(c, settings::BRANCH)?,
                period,
                first_day,
                today,
                scores: scorecard(&facts, now),
                pending,
                forgeries: forgeries(c, &zone, &newest, start)?,
                chains: chains(c, &zone, &newest, start)?,
                acted: acted(&zone, &newest, start),
                center: None,
                complaints: super::complaints::open_items(c, &zone, now)?,
                onsite_late: super::complaints::onsite_overdue(c, &zone, now)?,
                voice: Some(super::summary::voice_table_in(
                    c, &zone, first_day, today, now,
                )?),
            })
        })
    }
}

fn acted(zone: &Zone, newest: &Newest, since: Ts) -> Vec<Acted> {
    let mut rows: Vec<&EscalationRow> = newest
        .values()
        .filter(|r| {
            let e = Escalation::from_row(zone, r);
            e.state == EscalationState::Escalated
                || r.at >= since
                || r.resolved_at.is_some_and(|t| t >= since)
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.id));
    rows.into_iter()
        .map(|r| Acted {
            job_no: r.job_no.clone(),
            item: r.item,
            callback_due: r.callback_due,
            discrepancy_kind: r.discrepancy_kind,
            escalation: Escalation::from_row(zone, r),
            target: match (r.item, r.ref_id) {
                (EscalationItem::Callback, Some(id)) => Target::Callback {
                    job_id: r.job_id,
                    callback_id: id,
                },
                (EscalationItem::Discrepancy, Some(id)) => Target::Discrepancy {
                    job_id: r.job_id,
                    discrepancy_id: id,
                },
                _ => Target::Job { job_id: r.job_id },
            },
        })
        .collect()
}

/// Rows by their job, in their order: one pass, so that big lists stay
/// linear.
fn by_job<T>(rows: &[T], job: impl Fn(&T) -> i64) -> HashMap<i64, Vec<&T>> {
    let mut m: HashMap<i64, Vec<&T>> = HashMap::new();
    for r in rows {
        m.entry(job(r)).or_default().push(r);
    }
    m
}

fn forgeries(c: &Connection, zone: &Zone, newest: &Newest, since: Ts) -> Result<Vec<Forgery>> {
    let (jobs, discs, calls) = sup::suspects(c, since)?;
    let discs = by_job(&discs, |d| d.job_id);
    let calls = by_job(&calls, |k| k.job_id);
    let mut out: Vec<Forgery> = Vec::with_capacity(jobs.len());
    for j in jobs {
        let mut suspicions: Vec<Suspicion> = discs
            .get(&j.job_id)
            .into_iter()
            .flatten()
            .map(|d| Suspicion::Discrepancy {
                id: d.id,
                kind: d.kind,
                status: d.status,
                detail: d.detail.clone(),
                raised_at: d.raised_at,
                resolved_at: d.resolved_at,
                resolved_by: d.resolved_by.clone(),
            })
            .collect();
        let job_calls: Vec<_> = calls.get(&j.job_id).cloned().unwrap_or_default();
        for k in &job_calls {
            if k.result == Some(CallbackResult::DeniesSignature) {
                suspicions.push(Suspicion::Denied {
                    callback_id: k.callback_id,
                    at: k.at,
                });
            }
        }
        let open_disc = suspicions.iter().find_map(|s| match s {
            Suspicion::Discrepancy {
                id,
                status: DiscrepancyStatus::Open,
                ..
            } => Some(*id),
            _ => None,
        });
        let any_disc = suspicions.iter().find_map(|s| match s {
            Suspicion::Discrepancy { id, .. } => Some(*id),
            _ => None,
        });
        let denied = suspicions.iter().rev().find_map(|s| match s {
            Suspicion::Denied { callback_id, .. } => Some(*callback_id),
            _ => None,
        });
        let target = match (open_disc.or(any_disc), denied) {
            (Some(d), _) => Target::Discrepancy {
                job_id: j.job_id,
                discrepancy_id: d,
            },
            (None, Some(cb)) => Target::Callback {
                job_id: j.job_id,
                callback_id: cb,
            },
            (None, None) => Target::Job { job_id: j.job_id },
        };
        // The newest action on any of the job's suspect items: a denial
        // escalated before the reconciliation turned it into a discrepancy
        // still shows.
        let items = suspicions.iter().map(|s| match s {
            Suspicion::Discrepancy { id, .. } => Target::Discrepancy {
                job_id: j.job_id,
                discrepancy_id: *id,
            },
            Suspicion::Denied { callback_id, .. } => Target::Callback {
                job_id: j.job_id,
                callback_id: *callback_id,
            },
        });
        let escalation = items
            .filter_map(|t| newest.get(&t.parts()))
            .max_by_key(|r| r.id)
            .map(|r| Escalation::from_row(zone, r));
        out.push(Forgery {
            open: open_disc.is_some() || any_disc.is_none(),
            escalation,
            target,
            report: None,
            job_no: j.job_no,
            branch: j.branch,
            customer: j.customer,
            phone: j.phone,
            engineer: j.engineer,
            card: j.card,
            suspicions,
            calls: job_calls
                .into_iter()
                .map(|k| CallLine {
                    kind: k.kind,
                    at: k.at,
                    result: k.result,
                    note: k.note.clone(),
                    operator: k.operator.clone(),
                })
                .collect(),
        });
    }
    // Open ones first, then the newest suspicion first.
    let latest = |f: &Forgery| {
        f.suspicions
            .iter()
            .map(|s| match s {
                Suspicion::Discrepancy { raised_at, .. } => *raised_at,
                Suspicion::Denied { at, .. } => *at,
            })
            .max()
    };
    out.sort_by(|a, b| {
        b.open
            .cmp(&a.open)
            .then_with(|| latest(b).cmp(&latest(a)))
            .then_with(|| a.job_no.cmp(&b.job_no))
    });
    Ok(out)
}

fn chains(c: &Connection, zone: &Zone, newest: &Newest, since: Ts) -> Result<Vec<Chain>> {
    let (jobs, visits, calls) = sup::chains(c, since)?;
    let visits = by_job(&visits, |v| v.job_id);
    let calls = by_job(&calls, |k| k.job_id);
    let mut out: Vec<Chain> = Vec::new();
    let mut at_root: HashMap<i64, usize> = HashMap::new();
    for j in &jobs {
        let link = ChainLink {
            job_no: j.job_no.clone(),
            status: j.status,
            engineer: j.engineer.clone(),
            received_at: j.received_at,
            visits: visits
                .get(&j.job_id)
                .into_iter()
                .flatten()
                .map(|v| (v.at, v.outcome, v.engineer.clone()))
                .collect(),
            results: calls
                .get(&j.job_id)
                .into_iter()
                .flatten()
                .map(|k| (k.at, k.result))
                .collect(),
        };
        let root = j.parent_id.unwrap_or(j.job_id);
        match at_root.get(&root) {
            Some(&i) => out[i].links.push(link),
            None => {
                at_root.insert(root, out.len());
                let target = Target::Job { job_id: root };
                out.push(Chain {
                    job_no: j.job_no.clone(),
                    customer: j.customer.clone(),
                    branch: j.branch.clone(),
                    links: vec![link],
                    visits: 0,
                    satisfied: false,
                    escalation: escalation_of(newest, zone, target),
                    target,
                });
            }
        }
    }
    for ch in &mut out {
        ch.visits = ch.links.iter().map(|l| l.visits.len()).sum();
        ch.satisfied = ch.links.last().is_some_and(|l| l.status == JobStatus::Done);
    }
    // Open chains first, the longest first.
    out.sort_by(|a, b| {
        a.satisfied
            .cmp(&b.satisfied)
            .then_with(|| b.links.len().cmp(&a.links.len()))
            .then_with(|| a.job_no.cmp(&b.job_no))
    });
    // Re-visits whose original fell out of the query cannot happen (the
    // original is a member of every chain), but a lone job is no chain.
    out.retain(|ch| ch.links.len() > 1);
    Ok(out)
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
