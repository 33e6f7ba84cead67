//! The supervisor's review: overdue callbacks with who they belong to and
//! what has been done about them, suspected forgeries with the card and the
//! calls side by side, the engineers' scorecard and the re-visit chains; and
//! the supervisor's two writes, escalate and acknowledge (one transaction
//! each). Supervisors do not change jobs, cards or callbacks.

use super::{Desk, DeskError, Result, whole};
use crate::domain::callback::{CallbackResult, overdue_minutes};
use crate::domain::card::Card;
use crate::domain::escalation::{
    EscalationAction, EscalationItem, EscalationState, escalation_state,
};
use crate::domain::reconcile::{DiscrepancyKind, DiscrepancyStatus};
use crate::domain::scorecard::{EngineerScore, Period, scorecard};
use crate::domain::status::JobStatus;
use crate::domain::time::{Ts, Zone, rfc3339};
use crate::domain::visit::{CallbackKind, Outcome};
use crate::store::escalations::{self, EscalationRow};
use crate::store::settings;
use crate::store::supervise::{self as sup, PendingRow};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

/// What a supervisor escalates or acknowledges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Callback {
        job_id: i64,
        callback_id: i64,
    },
    Discrepancy {
        job_id: i64,
        discrepancy_id: i64,
    },
    /// A whole job (a re-visit chain, by its original).
    Job {
        job_id: i64,
    },
}

impl Target {
    fn parts(self) -> (i64, EscalationItem, Option<i64>) {
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

/// The newest action on an item, as shown and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalation {
    pub state: EscalationState,
    /// To whom it was escalated (blank for an acknowledgement).
    pub to: String,
    pub note: String,
    /// The supervisor (operator) who acted, and when.
    pub by: String,
    pub at: String,
    /// When and by whom the item itself was dealt with afterwards.
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
    /// For an acknowledgement after an escalation: that escalation's target
    /// and note.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub escalated_to: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub escalation_note: String,
    #[serde(skip)]
    pub at_ts: Ts,
}

impl Escalation {
    fn from_row(zone: &Zone, r: &EscalationRow) -> Escalation {
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

/// A pending callback for the supervisor; `overdue --json` lists the
/// overdue ones with the SPEC's keys first.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueCallback {
    pub job_no: String,
    pub kind: Option<CallbackKind>,
    pub due_at: String,
    pub overdue_minutes: i64,
    pub attempts: i64,
    pub engineer: String,
    pub branch: String,
    pub customer: String,
    pub phone: String,
    /// `none`, `escalated`, `acknowledged` or `escalated_resolved`.
    pub escalation_state: &'static str,
    pub escalation: Option<Escalation>,
    #[serde(skip)]
    pub target: Target,
    #[serde(skip)]
    pub due_ts: Ts,
    #[serde(skip)]
    pub started_ts: Ts,
}

/// Why a job is a suspected forgery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suspicion {
    Discrepancy {
        id: i64,
        kind: DiscrepancyKind,
        status: DiscrepancyStatus,
        detail: String,
        raised_at: Ts,
        resolved_at: Option<Ts>,
        resolved_by: Option<String>,
    },
    /// The customer said on a callback that they did not sign.
    Denied { callback_id: i64, at: Ts },
}

/// One call, for the side-by-side view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallLine {
    pub kind: Option<CallbackKind>,
    pub at: Ts,
    pub result: Option<CallbackResult>,
    pub note: String,
    pub operator: String,
}

/// A suspected forgery: the card and the calls side by side.
#[derive(Debug, Clone)]
pub struct Forgery {
    pub job_no: String,
    pub branch: String,
    pub customer: String,
    pub phone: String,
    pub engineer: String,
    pub card: Option<Card>,
    pub suspicions: Vec<Suspicion>,
    pub calls: Vec<CallLine>,
    /// Still to deal with: an open discrepancy, or a denial not yet turned
    /// into one by the reconciliation.
    pub open: bool,
    pub target: Target,
    pub escalation: Option<Escalation>,
    /// On a center's database: what the branch's newest report row says
    /// (the center has no card or call records of its own); `None` on a
    /// branch's database.
    pub report: Option<ReportSide>,
}

/// A suspect job as a branch's daily report tells it (center databases).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportSide {
    pub report_date: String,
    pub card_state: String,
    pub charge: String,
    pub receipt_no: String,
    /// Every discrepancy of the row, open or resolved (`;`-separated codes).
    pub discrepancies: String,
    pub callback_kind: String,
    pub callback_result: String,
    pub callback_attempts: String,
}

/// One job of a re-visit chain.
#[derive(Debug, Clone)]
pub struct ChainLink {
    pub job_no: String,
    pub status: JobStatus,
    pub engineer: String,
    pub received_at: Option<Ts>,
    /// (when, outcome, engineer) of each visit.
    pub visits: Vec<(Option<Ts>, Outcome, String)>,
    /// Every call's result, in order.
    pub results: Vec<(Ts, Option<CallbackResult>)>,
}

/// An original job and its re-visits, until the customer was satisfied.
#[derive(Debug, Clone)]
pub struct Chain {
    pub job_no: String,
    pub customer: String,
    pub branch: String,
    pub links: Vec<ChainLink>,
    pub visits: usize,
    /// The last job of the chain is done: the customer is satisfied.
    pub satisfied: bool,
    pub target: Target,
    pub escalation: Option<Escalation>,
}

/// An item a supervisor acted on: its newest action and, once dealt with,
/// who dealt with it.
#[derive(Debug, Clone)]
pub struct Acted {
    pub job_no: String,
    pub item: EscalationItem,
    /// For a callback: its due time; for a discrepancy: its kind.
    pub callback_due: Option<Ts>,
    pub discrepancy_kind: Option<DiscrepancyKind>,
    pub escalation: Escalation,
    pub target: Target,
}

/// Everything the supervisor's screen shows, read at once.
#[derive(Debug, Clone)]
pub struct Supervision {
    pub branch: Option<String>,
    pub period: Period,
    pub first_day: NaiveDate,
    pub today: NaiveDate,
    /// Every pending callback (the screen derives which are overdue as the
    /// clock ticks).
    pub pending: Vec<OverdueCallback>,
    pub forgeries: Vec<Forgery>,
    pub scores: Vec<EngineerScore>,
    pub chains: Vec<Chain>,
    /// Items acted on: every one still escalated, and those acted on or
    /// dealt with in the period; the newest action first.
    pub acted: Vec<Acted>,
    /// On a center's database: the branches whose reports it is made from
    /// (every list then spans them all, and nothing can be escalated here);
    /// `None` on a branch's database.
    pub center: Option<Vec<String>>,
    /// The complaints not settled (the screen derives which
    /// answers are overdue as the clock ticks) and the open jobs past their
    /// on-site promise; empty on a center's database.
    pub complaints: Vec<super::complaints::ComplaintItem>,
    pub onsite_late: Vec<super::complaints::OnsiteItem>,
    /// The network's rates of the period per engineer and for the
    /// branch, with the discipline stage; `None` on a center's database.
    pub voice: Option<super::summary::VoiceTable>,
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
        escalation,
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

    /// Escalates an item to someone (a manager, the center), with a note;
    /// recorded with the operator and `now`. Returns the action stored.
    pub fn escalate(
        &mut self,
        target: Target,
        to_whom: &str,
        note: &str,
        now: Ts,
    ) -> Result<Escalation> {
        let to_whom = to_whom.trim();
        if to_whom.is_empty() {
            return Err(DeskError::NoTarget);
        }
        self.act(target, EscalationAction::Escalated, to_whom, note, now)
    }

    /// Acknowledges an item with a note (seen, and why no escalation).
    pub fn acknowledge(&mut self, target: Target, note: &str, now: Ts) -> Result<Escalation> {
        if note.trim().is_empty() {
            return Err(DeskError::NoNote);
        }
        self.act(target, EscalationAction::Acknowledged, "", note, now)
    }

    fn act(
        &mut self,
        target: Target,
        action: EscalationAction,
        to_whom: &str,
        note: &str,
        now: Ts,
    ) -> Result<Escalation> {
        let now = whole(now);
        let zone = self.zone;
        let operator = self.operator.clone();
        self.store.write(|c| {
            check_target(c, target)?;
            let (job_id, item, ref_id) = target.parts();
            let id = escalations::insert(
                c,
                job_id,
                item,
                ref_id,
                action,
                to_whom,
                note.trim(),
                &operator,
                now,
            )?;
            let row = escalations::by_id(c, id)?;
            let job_no = crate::store::jobs::by_id(c, job_id)?.job.job_no;
            let verb = match action {
                EscalationAction::Escalated => "escalate",
                EscalationAction::Acknowledged => "acknowledge",
            };
            let whom = if to_whom.trim().is_empty() {
                String::new()
            } else {
                format!(" to {}", to_whom.trim())
            };
            super::record(
                c,
                &operator,
                now,
                verb,
                &job_no,
                format!("{}{whom}: {}", item.code(), note.trim()),
            )?;
            Ok(Escalation::from_row(&zone, &row))
        })
    }

    /// The items whose newest action is an escalation, for the clerk's
    /// dashboard marks.
    pub fn escalated_items(&mut self) -> Result<Vec<EscalationRow>> {
        self.store.read(|c| {
            Ok(escalations::newest_per_item(c)?
                .into_iter()
                .filter(|r| r.action == EscalationAction::Escalated)
                .collect())
        })
    }
}

/// The item exists and belongs to the job.
fn check_target(c: &Connection, t: Target) -> Result<()> {
    let (job_id, item, ref_id) = t.parts();
    let found = escalations::target_exists(c, job_id, item, ref_id)?;
    if found {
        Ok(())
    } else {
        Err(DeskError::NotFound(format!(
            "no such {} to act on (job id {job_id})",
            item.code()
        )))
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

/// A small branch built by hand through the desk's own operations, whose
/// scorecard is worked out in the tests (Asia/Shanghai-like +08:00, now
/// 2026-11-23 15:00). Shared with the screens' tests.
#[cfg(test)]
pub(crate) mod fixture {
    use super::*;
    use crate::domain::card::{Satisfaction, SignedBy};
    use crate::domain::job::{Job, Warranty};
    use crate::domain::time::testing::{t, zone};
    use crate::domain::visit::Visit;
    use crate::store::Store;

    pub const NOW: &str = "2026-11-23T15:00:00+08:00";
    pub const W: &str = "王强";
    pub const L: &str = "李明";

    pub fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(NOW).expect("a time")
    }

    fn job(no: &str, engineer: &str, day: &str, from: &str, to: &str) -> Job {
        Job {
            job_no: no.into(),
            branch: "QD01".into(),
            customer: format!("用户{no}"),
            phone: "13812345678".into(),
            address: "青岛市崂山区海尔路1号".into(),
            product_model: "BCD-470WDPG".into(),
            purchase_date: NaiveDate::from_ymd_opt(2025, 5, 1),
            fault: "不制冷".into(),
            appointment_start: Some(t(&format!("{day} {from}"))),
            appointment_end: Some(t(&format!("{day} {to}"))),
            engineer: engineer.into(),
            warranty: Some(Warranty::In),
            ..Job::default()
        }
    }

    fn visit(no: &str, engineer: &str, o: Outcome, arrived: Option<&str>, finished: &str) -> Visit {
        Visit {
            job_no: no.into(),
            engineer: engineer.into(),
            arrived_at: arrived.map(t),
            finished_at: Some(t(finished)),
            outcome: Some(o),
            ..Visit::default()
        }
    }

    fn card(no: &str, at: &str, sat: Satisfaction, by: SignedBy) -> Card {
        Card {
            job_no: no.into(),
            returned_at: Some(t(at)),
            satisfaction: Some(sat),
            signed_by: Some(by),
            warranty_record: Some(true),
            ..Card::default()
        }
    }

    /// Yesterday: J6 (王强) fixed untested, the customer denies signing.
    /// Today: J1 (王强) fixed, 20 min late; J2 (王强) untested, unsatisfied
    /// on the callback (re-visit J2-R1 done by 李明), card "satisfied";
    /// J5 (王强) card signed by the engineer; J3 (李明) consulted, never
    /// called; J4 (李明) unsure, called late and unreachable; J7 (李明)
    /// fixed, card "unsatisfied" (re-visit J7-R1 opened, not booked).
    /// Reconciled yesterday and today (after a 14:00 cut-off).
    pub fn desk() -> Desk {
        use Outcome::*;
        use Satisfaction::{Satisfied, Unsatisfied};
        use SignedBy::{Customer, Engineer};
        let mut d = Desk::new(Store::open_in_memory().expect("db"), "clerk").expect("desk");
        d.zone = zone();
        let y = "2026-11-22";
        let td = "2026-11-23";
        let early = t("2026-11-21 08:00");
        for j in [
            job("J6", W, y, "09:00", "10:00"),
            job("J1", W, td, "09:00", "10:00"),
            job("J2", W, td, "09:00", "10:00"),
            job("J3", L, td, "10:00", "11:00"),
            job("J4", L, td, "09:00", "10:00"),
            job("J5", W, td, "08:00", "09:00"),
            job("J7", L, td, "08:00", "09:00"),
        ] {
            d.add_job(&j, early).expect("job");
        }
        // Yesterday.
        let v = visit(
            "J6",
            W,
            FixedUntested,
            Some("2026-11-22 10:00"),
            "2026-11-22 10:30",
        );
        d.record_visit(&v, t("2026-11-22 10:30")).expect("visit");
        d.log_callback(
            "J6",
            CallbackResult::DeniesSignature,
            "没签过",
            t("2026-11-22 12:00"),
        )
        .expect("call");
        d.record_card(
            &card("J6", "2026-11-22 16:00", Satisfied, Customer),
            t("2026-11-22 16:00"),
        )
        .expect("card");
        d.reconcile(t("2026-11-22 17:00").date_naive(), t("2026-11-22 17:05"))
            .expect("reconcile");
        // Today the cut-off is 14:00: the 14:50 reconciliation is after it,
        // so that cards not back are missing.
        d.cutoff = chrono::NaiveTime::from_hms_opt(14, 0, 0).expect("14:00");
        // Today.
        let visits = [
            visit("J7", L, Fixed, Some("2026-11-23 08:30"), "2026-11-23 09:00"),
            visit("J5", W, Fixed, Some("2026-11-23 09:00"), "2026-11-23 09:40"),
            visit(
                "J4",
                L,
                Unsure,
                Some("2026-11-23 10:00"),
                "2026-11-23 10:30",
            ),
            visit("J1", W, Fixed, Some("2026-11-23 10:20"), "2026-11-23 11:00"),
            visit(
                "J2",
                W,
                FixedUntested,
                Some("2026-11-23 10:10"),
                "2026-11-23 10:30",
            ),
            visit("J3", L, Consulted, None, "2026-11-23 11:00"),
        ];
        for v in &visits {
            let at = v.finished_at.expect("finish");
            d.record_visit(v, at).expect("visit");
        }
        d.record_card(
            &card("J1", "2026-11-23 12:00", Satisfied, Customer),
            t("2026-11-23 12:00"),
        )
        .expect("card");
        d.record_card(
            &card("J5", "2026-11-23 12:00", Satisfied, Engineer),
            t("2026-11-23 12:00"),
        )
        .expect("card");
        d.record_card(
            &card("J7", "2026-11-23 12:00", Unsatisfied, Customer),
            t("2026-11-23 12:00"),
        )
        .expect("card");
        d.record_card(
            &card("J2", "2026-11-23 12:00", Satisfied, Customer),
            t("2026-11-23 12:00"),
        )
        .expect("card");
        let o = d
            .log_callback(
                "J2",
                CallbackResult::Unsatisfied,
                "还是不冷",
                t("2026-11-23 12:10"),
            )
            .expect("call");
        assert_eq!(o.revisit_job_no.as_deref(), Some("J2-R1"));
        d.log_callback("J4", CallbackResult::Unreachable, "", t("2026-11-23 13:40"))
            .expect("call");
        let r1 = visit(
            "J2-R1",
            L,
            Fixed,
            Some("2026-11-23 14:00"),
            "2026-11-23 14:30",
        );
        d.record_visit(&r1, t("2026-11-23 14:30")).expect("visit");
        d.reconcile(t("2026-11-23 14:50").date_naive(), t("2026-11-23 14:50"))
            .expect("reconcile");
        d
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{L, W};
    use super::*;
    use crate::domain::scorecard::EngineerScore;
    use crate::domain::time::testing::t;

    fn score<'a>(s: &'a Supervision, e: &str) -> &'a EngineerScore {
        s.scores
            .iter()
            .find(|r| r.engineer == e)
            .unwrap_or_else(|| panic!("no {e}"))
    }

    #[test]
    fn the_scorecard_of_the_hand_built_branch() {
        use DiscrepancyKind::*;
        let mut d = fixture::desk();
        let s = d.supervision(fixture::now(), Period::Today).unwrap();
        assert_eq!(s.scores.len(), 2);
        let w = score(&s, W);
        // J1, J2, J5; J1 was 20 minutes late, J2 10 (not counted).
        assert_eq!(w.jobs, 3);
        assert_eq!(w.late_arrivals, 1);
        // J1 and J5 fixed at the first visit; J2 needed a re-visit.
        assert_eq!((w.first_visits, w.first_visit_fixed), (3, 2));
        assert_eq!(w.first_visit_fix_percent(), Some(66));
        assert_eq!((w.callbacks_overdue, w.overdue_now), (0, 0));
        assert_eq!((w.unsatisfied, w.revisits), (1, 1));
        assert_eq!(w.discrepancy(SatisfactionConflict), 1);
        assert_eq!(w.discrepancy(SignatureSuspect), 1);
        assert_eq!(w.discrepancies_total(), 2);
        let l = score(&s, L);
        // J2-R1 (his visit), J3 (consulted), J4, J7.
        assert_eq!(l.jobs, 4);
        assert_eq!(l.late_arrivals, 0);
        // J4 and J7; the re-visit and the consultation are no first visits.
        // J7's unsatisfied card opened a re-visit: not fixed at the first.
        assert_eq!((l.first_visits, l.first_visit_fixed), (2, 1));
        // J3 never called (due 13:00), J4 first called 13:40 (due 13:30).
        assert_eq!((l.callbacks_overdue, l.overdue_now), (2, 2));
        // J7-R1, opened by J7's unsatisfied card.
        assert_eq!((l.unsatisfied, l.revisits), (1, 1));
        // J4 and J2-R1: no card back.
        assert_eq!(l.discrepancy(CardMissing), 2);
        assert_eq!(l.discrepancies_total(), 2);

        // Seven days take in yesterday's J6 as well.
        let s7 = d.supervision(fixture::now(), Period::Days7).unwrap();
        let w7 = score(&s7, W);
        assert_eq!(w7.jobs, 4);
        assert_eq!((w7.first_visits, w7.first_visit_fixed), (4, 3));
        assert_eq!(w7.discrepancy(SignatureSuspect), 2);
        assert_eq!(score(&s7, L).jobs, 4);
    }

    #[test]
    fn overdue_callbacks_most_overdue_first_match_the_scorecard() {
        let mut d = fixture::desk();
        let o = d.overdue_callbacks(fixture::now().to_utc()).unwrap();
        let got: Vec<_> = o
            .iter()
            .map(|x| {
                (
                    x.job_no.as_str(),
                    x.overdue_minutes,
                    x.attempts,
                    x.branch.as_str(),
                )
            })
            .collect();
        assert_eq!(got, [("J3", 120, 0, "QD01"), ("J4", 90, 1, "QD01")]);
        assert!(o.iter().all(|x| x.engineer == L && x.escalation.is_none()));
        let s = d.supervision(fixture::now(), Period::Days30).unwrap();
        let now_total: u32 = s.scores.iter().map(|r| r.overdue_now).sum();
        assert_eq!(now_total as usize, o.len());
    }

    #[test]
    fn a_denial_escalated_before_the_reconciliation_stays_escalated_after() {
        let mut d = fixture::desk();
        // J8: fixed today, card signed by the customer, who then denies it.
        let now = t("2026-11-23 15:00");
        let j8 = crate::domain::job::Job {
            job_no: "J8".into(),
            branch: "QD01".into(),
            engineer: W.into(),
            ..Default::default()
        };
        d.add_job(&j8, now).unwrap();
        let v = crate::domain::visit::Visit {
            job_no: "J8".into(),
            engineer: W.into(),
            arrived_at: Some(t("2026-11-23 11:00")),
            finished_at: Some(t("2026-11-23 11:30")),
            outcome: Some(Outcome::FixedUntested),
            ..Default::default()
        };
        d.record_visit(&v, now).unwrap();
        d.log_callback("J8", CallbackResult::DeniesSignature, "", now)
            .unwrap();
        let s = d.supervision(fixture::now(), Period::Today).unwrap();
        let f = s.forgeries.iter().find(|f| f.job_no == "J8").unwrap();
        assert!(matches!(f.target, Target::Callback { .. }));
        d.escalate(f.target, "中心", "", now).unwrap();
        d.reconcile(now.date_naive(), t("2026-11-23 17:05"))
            .unwrap();
        let s = d
            .supervision(
                DateTime::parse_from_rfc3339("2026-11-23T17:10:00+08:00").unwrap(),
                Period::Today,
            )
            .unwrap();
        let f = s.forgeries.iter().find(|f| f.job_no == "J8").unwrap();
        assert!(matches!(f.target, Target::Discrepancy { .. }));
        let e = f.escalation.as_ref().unwrap();
        assert_eq!(
            (e.state, e.to.as_str()),
            (EscalationState::Escalated, "中心")
        );
    }

    #[test]
    fn forgeries_and_chains_of_the_hand_built_branch() {
        let mut d = fixture::desk();
        let s = d.supervision(fixture::now(), Period::Days7).unwrap();
        let jobs: Vec<_> = s.forgeries.iter().map(|f| f.job_no.as_str()).collect();
        // All open; the newest suspicion first (today's two, then J6).
        assert_eq!(jobs, ["J2", "J5", "J6"]);
        let j6 = &s.forgeries[2];
        assert!(
            j6.card
                .as_ref()
                .is_some_and(|c| c.signed_by_customer_side())
        );
        assert!(
            j6.calls
                .iter()
                .any(|c| c.result == Some(CallbackResult::DeniesSignature))
        );
        assert!(matches!(j6.target, Target::Discrepancy { .. }));
        // J2's chain and J7's (its unsatisfied card opened J7-R1).
        assert_eq!(s.chains.len(), 2);
        let ch = s.chains.iter().find(|c| c.job_no == "J2").unwrap();
        assert_eq!(ch.job_no, "J2");
        let links: Vec<_> = ch.links.iter().map(|l| l.job_no.as_str()).collect();
        assert_eq!(links, ["J2", "J2-R1"]);
        assert_eq!(ch.visits, 2);
        // J2-R1's card is not back: not done, so not yet satisfied.
        assert!(!ch.satisfied);
        let j7 = s.chains.iter().find(|c| c.job_no == "J7").unwrap();
        let links: Vec<_> = j7.links.iter().map(|l| l.job_no.as_str()).collect();
        assert_eq!(links, ["J7", "J7-R1"]);
        assert!(!j7.satisfied);
    }

    #[test]
    fn an_escalation_is_stored_with_who_and_when_and_later_shows_the_resolution() {
        let mut d = fixture::desk();
        let now = fixture::now().to_utc();
        let o = d.overdue_callbacks(now).unwrap();
        let j3 = o[0].target;
        d.operator = "赵主管".into();
        assert!(d.escalate(j3, "  ", "", now).is_err(), "to whom is needed");
        assert!(d.acknowledge(j3, " ", now).is_err(), "a note is needed");
        let wrong = Target::Callback {
            job_id: 9999,
            callback_id: 1,
        };
        assert!(d.escalate(wrong, "经理", "", now).is_err());
        let e = d.escalate(j3, "售后经理", "两小时未回访", now).unwrap();
        assert_eq!(e.state, EscalationState::Escalated);
        assert_eq!(
            (e.by.as_str(), e.at.as_str()),
            ("赵主管", "2026-11-23T15:00:00+08:00")
        );
        let o = d.overdue_callbacks(now).unwrap();
        assert_eq!(o[0].escalation_state, "escalated");
        assert_eq!(o[0].escalation.as_ref().unwrap().to, "售后经理");
        assert_eq!(o[1].escalation_state, "none");
        // The clerk makes the call: the item is resolved, both show.
        d.operator = "clerk".into();
        d.log_callback("J3", CallbackResult::Satisfied, "", t("2026-11-23 15:20"))
            .unwrap();
        let s = d.supervision(fixture::now(), Period::Today).unwrap();
        assert!(s.pending.iter().all(|p| p.job_no != "J3"));
        let marks = d.escalated_items().unwrap();
        assert_eq!(marks.len(), 1);
        let e = Escalation::from_row(&d.zone, &marks[0]);
        assert_eq!(e.state, EscalationState::EscalatedResolved);
        // The supervisor's list of items acted on shows both.
        assert_eq!(s.acted.len(), 1);
        assert_eq!(s.acted[0].job_no, "J3");
        assert_eq!(s.acted[0].escalation, e);
        assert_eq!(e.by, "赵主管");
        assert_eq!(e.resolved_by.as_deref(), Some("clerk"));
        assert_eq!(e.resolved_at.as_deref(), Some("2026-11-23T15:20:00+08:00"));
        // An acknowledgement is the newest action: no longer escalated.
        d.acknowledge(j3, "已回访，用户满意", t("2026-11-23 15:30"))
            .unwrap();
        assert!(d.escalated_items().unwrap().is_empty());
        let detail = d.job_detail("J3").unwrap();
        assert!(!detail.escalated);
        let acts = detail
            .timeline
            .iter()
            .filter(|e| matches!(e.event, crate::desk::TimelineEvent::Supervisor(_)))
            .count();
        assert_eq!(acts, 2);
        // Both are in the audit trail, by whom and when, and it is intact.
        let audited: Vec<(String, String)> = d
            .audit_log(Some("J3"))
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "escalate" || e.action == "acknowledge")
            .map(|e| (e.action, e.operator))
            .collect();
        assert_eq!(
            audited,
            [
                ("escalate".to_string(), "赵主管".to_string()),
                ("acknowledge".to_string(), "clerk".to_string())
            ]
        );
        assert!(d.audit_verify().unwrap().is_intact());
    }
}
