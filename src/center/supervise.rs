//! The supervisor's review on a center's database: the same [`Supervision`]
//! snapshot the screen draws for a branch, made from the daily reports every
//! branch sent (a center holds no jobs, visits, calls or cards of its own).
//!
//! What the reports give, per job, is the newest row its branch wrote about
//! it; per engineer over a period, the rows of the reports dated in the
//! period. So:
//! - *overdue callbacks*: the newest row of each (branch, job) with a timed
//!   callback still pending (the same rows as `overdue`), every one, so the
//!   screen derives which are overdue as the clock ticks;
//! - *suspected forgeries*: newest rows whose discrepancies include
//!   `signature_suspect` or `satisfaction_conflict`, or whose callback result
//!   is `denies_signature`; the card side and the call side are the row's
//!   cells ([`ReportSide`]);
//! - *engineers*: one line per (branch, engineer), named `BRANCH engineer`:
//!   jobs (distinct jobs in the period's reports), callbacks overdue (jobs a
//!   report marked `callback_overdue`), overdue now, unsatisfied
//!   (`callback_result`), re-visits (rows with `revisit_of`), late arrivals
//!   (rows with `late_minutes` > 15), discrepancies by kind (distinct job and
//!   kind). The first-visit fix rate needs every visit of a job, which a
//!   report does not carry: it has no value (`—`) here;
//! - *re-visit chains*: from the `revisit_of` / `revisits` cells;
//! - *acted*: none. Escalations are made at the branch, where the clerk who
//!   deals with them sees them (see `tui::supervise::app`).

use super::Center;
use crate::desk::Result;
use crate::desk::supervise::{
    Chain, ChainLink, Forgery, OverdueCallback, ReportSide, Supervision, Suspicion, Target,
};
use crate::domain::callback::{CallbackResult, overdue_minutes};
use crate::domain::escalation::EscalationState;
use crate::domain::reconcile::{DiscrepancyKind, DiscrepancyStatus};
use crate::domain::scorecard::{EngineerScore, Period};
use crate::domain::status::JobStatus;
use crate::domain::time::{Ts, Zone, from_unix, rfc3339};
use crate::domain::visit::{CallbackKind, LATE_FLAG_MINUTES, Outcome};
use crate::store::center::{self as st, ReportRow};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The kinds of discrepancy that make a forgery suspect.
const SUSPECT: [DiscrepancyKind; 2] = [
    DiscrepancyKind::SignatureSuspect,
    DiscrepancyKind::SatisfactionConflict,
];

/// Nothing the center has is an item of its own database to act on.
const NO_ITEM: Target = Target::Job { job_id: 0 };

impl Center {
    /// The supervisor's screen on this center at `now` over `period`
    /// (ending today, the date of `now` in its own offset).
    pub fn supervision(
        &mut self,
        now: DateTime<FixedOffset>,
        period: Period,
    ) -> Result<Supervision> {
        let zone = self.zone;
        self.store.read(|c| supervision_of(c, &zone, now, period))
    }
}

/// A report row's cells, by column.
struct Cells(serde_json::Map<String, serde_json::Value>);

impl Cells {
    fn of(r: &ReportRow) -> Cells {
        Cells(serde_json::from_str(&r.cells).unwrap_or_default())
    }

    fn get(&self, k: &str) -> String {
        self.0
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    }

    fn list(&self, k: &str) -> Vec<String> {
        self.get(k)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }
}

fn kinds(codes: &[String]) -> Vec<DiscrepancyKind> {
    codes
        .iter()
        .filter_map(|k| DiscrepancyKind::parse(k).ok())
        .collect()
}

/// The snapshot over a center's connection (inside one read transaction
/// when called through [`Center::supervision`]). Three set-based queries.
pub fn supervision_of(
    c: &Connection,
    zone: &Zone,
    now: DateTime<FixedOffset>,
    period: Period,
) -> Result<Supervision> {
    let today = now.date_naive();
    let now = crate::desk::whole(now.to_utc());
    let first_day = today - Duration::days(i64::from(period.days()) - 1);
    // Every pending callback, whenever due (year 9999: no bound).
    let pending = pending(
        zone,
        now,
        st::pending_callbacks_due_before(c, from_unix(253_402_300_799))?,
    );
    let newest = st::newest_rows(c)?;
    let in_period = st::rows_between(c, &first_day.to_string(), &today.to_string())?;
    let branches = st::branches(c)?.into_iter().map(|b| b.code).collect();
    Ok(Supervision {
        branch: None,
        period,
        first_day,
        today,
        scores: scores(&in_period, &pending, now),
        forgeries: forgeries(zone, &newest, first_day),
        chains: chains(&newest, first_day),
        pending,
        acted: Vec::new(),
        center: Some(branches),
    })
}

/// The pending callbacks as the branch screen has them, the earliest due
/// first (as `overdue` orders them).
fn pending(zone: &Zone, now: Ts, rows: Vec<(String, String, ReportRow)>) -> Vec<OverdueCallback> {
    let mut out: Vec<OverdueCallback> = rows
        .into_iter()
        .filter_map(|(branch, _date, r)| {
            let due = r.callback_due?;
            let cells = Cells::of(&r);
            Some(OverdueCallback {
                kind: CallbackKind::parse(&r.facts.callback_kind).ok(),
                due_at: rfc3339(zone, due),
                overdue_minutes: overdue_minutes(due, now),
                attempts: cells.get("callback_attempts").parse().unwrap_or(0),
                engineer: r.engineer.clone(),
                branch,
                customer: cells.get("customer"),
                phone: cells.get("phone"),
                escalation_state: EscalationState::None.code(),
                escalation: None,
                target: NO_ITEM,
                due_ts: due,
                started_ts: due,
                job_no: r.job_no,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.due_ts
            .cmp(&b.due_ts)
            .then_with(|| a.branch.cmp(&b.branch))
            .then_with(|| a.job_no.cmp(&b.job_no))
    });
    out
}

/// The scorecard line's name: `BRANCH engineer`.
fn who(branch: &str, engineer: &str) -> String {
    format!("{branch} {engineer}").trim_end().to_string()
}

fn kind_index(kind: DiscrepancyKind) -> usize {
    DiscrepancyKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

/// One line per (branch, engineer) named by a row of the period or an
/// overdue callback now, by name.
fn scores(
    rows: &[(String, String, ReportRow)],
    pending: &[OverdueCallback],
    now: Ts,
) -> Vec<EngineerScore> {
    #[derive(Default)]
    struct Sets<'a> {
        jobs: BTreeSet<&'a str>,
        overdue: BTreeSet<&'a str>,
        unsatisfied: BTreeSet<&'a str>,
        revisits: BTreeSet<&'a str>,
        late: u32,
        discrepancies: BTreeSet<(&'a str, DiscrepancyKind)>,
        overdue_now: u32,
    }
    let mut by: BTreeMap<String, Sets> = BTreeMap::new();
    for (branch, _date, r) in rows {
        let cells = Cells::of(r);
        let s = by.entry(who(branch, &r.engineer)).or_default();
        let job = r.job_no.as_str();
        s.jobs.insert(job);
        if r.facts.callback_overdue {
            s.overdue.insert(job);
        }
        if r.facts.callback_result == CallbackResult::Unsatisfied.code() {
            s.unsatisfied.insert(job);
        }
        if !cells.get("revisit_of").trim().is_empty() {
            s.revisits.insert(job);
        }
        if r.facts.late_minutes.is_some_and(|m| m > LATE_FLAG_MINUTES) {
            s.late += 1;
        }
        for k in kinds(&cells.list("discrepancies")) {
            s.discrepancies.insert((job, k));
        }
    }
    for p in pending.iter().filter(|p| now > p.due_ts) {
        by.entry(who(&p.branch, &p.engineer))
            .or_default()
            .overdue_now += 1;
    }
    let n = |s: &BTreeSet<&str>| s.len() as u32;
    by.into_iter()
        .map(|(engineer, s)| {
            let mut discrepancies = [0u32; 6];
            for (_, k) in &s.discrepancies {
                discrepancies[kind_index(*k)] += 1;
            }
            EngineerScore {
                engineer,
                jobs: n(&s.jobs),
                // Not in the reports: no first visits, so no rate ("—").
                first_visits: 0,
                first_visit_fixed: 0,
                callbacks_overdue: n(&s.overdue),
                overdue_now: s.overdue_now,
                unsatisfied: n(&s.unsatisfied),
                revisits: n(&s.revisits),
                late_arrivals: s.late,
                discrepancies,
            }
        })
        .collect()
}

fn day_start(zone: &Zone, date: &str) -> Ts {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| zone.day_bounds(d).0)
        .unwrap_or_default()
}

/// Suspect newest rows: open ones whenever reported, resolved ones when
/// reported in the period; open first, the newest report first.
fn forgeries(
    zone: &Zone,
    newest: &[(String, String, ReportRow)],
    first: NaiveDate,
) -> Vec<Forgery> {
    let first = first.to_string();
    let mut out: Vec<(String, Forgery)> = Vec::new();
    for (branch, date, r) in newest {
        let cells = Cells::of(r);
        let open: Vec<DiscrepancyKind> = kinds(&r.facts.discrepancies_open)
            .into_iter()
            .filter(|k| SUSPECT.contains(k))
            .collect();
        let all: Vec<DiscrepancyKind> = kinds(&cells.list("discrepancies"))
            .into_iter()
            .chain(open.iter().copied())
            .filter(|k| SUSPECT.contains(k))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let denied = r.facts.callback_result == CallbackResult::DeniesSignature.code();
        if all.is_empty() && !denied {
            continue;
        }
        let is_open = !open.is_empty() || (denied && all.is_empty());
        if !is_open && *date < first {
            continue;
        }
        let at = day_start(zone, date);
        let mut suspicions: Vec<Suspicion> = all
            .iter()
            .map(|k| Suspicion::Discrepancy {
                id: 0,
                kind: *k,
                status: if open.contains(k) {
                    DiscrepancyStatus::Open
                } else {
                    DiscrepancyStatus::Resolved
                },
                detail: String::new(),
                raised_at: at,
                resolved_at: None,
                resolved_by: None,
            })
            .collect();
        if denied {
            suspicions.push(Suspicion::Denied { callback_id: 0, at });
        }
        out.push((
            date.clone(),
            Forgery {
                job_no: r.job_no.clone(),
                branch: branch.clone(),
                customer: cells.get("customer"),
                phone: cells.get("phone"),
                engineer: r.engineer.clone(),
                card: None,
                suspicions,
                calls: Vec::new(),
                open: is_open,
                target: NO_ITEM,
                escalation: None,
                report: Some(ReportSide {
                    report_date: date.clone(),
                    card_state: r.card_state.clone(),
                    charge: cells.get("charge"),
                    receipt_no: cells.get("receipt_no"),
                    discrepancies: cells.get("discrepancies"),
                    callback_kind: r.facts.callback_kind.clone(),
                    callback_result: r.facts.callback_result.clone(),
                    callback_attempts: cells.get("callback_attempts"),
                }),
            },
        ));
    }
    out.sort_by(|(da, a), (db, b)| {
        b.open
            .cmp(&a.open)
            .then_with(|| db.cmp(da))
            .then_with(|| a.branch.cmp(&b.branch))
            .then_with(|| a.job_no.cmp(&b.job_no))
    });
    out.into_iter().map(|(_, f)| f).collect()
}

/// Chains from the newest rows that name a re-visit or an original: each
/// job up to its original (by `revisit_of`), the original first, then by
/// depth. A chain is kept while open, or when one of its reports is in the
/// period.
fn chains(newest: &[(String, String, ReportRow)], first: NaiveDate) -> Vec<Chain> {
    let first = first.to_string();
    let by_job: HashMap<(&str, &str), (&str, &ReportRow, Cells)> = newest
        .iter()
        .map(|(b, d, r)| {
            (
                (b.as_str(), r.job_no.as_str()),
                (d.as_str(), r, Cells::of(r)),
            )
        })
        .collect();
    // (branch, original) → [(depth, job)]
    let mut groups: BTreeMap<(String, String), Vec<(usize, &str)>> = BTreeMap::new();
    for (branch, _, r) in newest {
        let Some((_, _, cells)) = by_job.get(&(branch.as_str(), r.job_no.as_str())) else {
            continue;
        };
        if cells.get("revisit_of").is_empty() && cells.get("revisits").is_empty() {
            continue;
        }
        let mut root = r.job_no.clone();
        let mut depth = 0;
        // Bounded: a damaged report cannot loop it.
        while depth < 32 {
            let parent = match by_job.get(&(branch.as_str(), root.as_str())) {
                Some((_, _, cells)) => cells.get("revisit_of"),
                None => break,
            };
            if parent.is_empty() {
                break;
            }
            root = parent;
            depth += 1;
        }
        groups
            .entry((branch.clone(), root))
            .or_default()
            .push((depth, r.job_no.as_str()));
    }
    let mut out: Vec<Chain> = Vec::new();
    for ((branch, root), mut members) in groups {
        members.sort();
        let mut in_period = false;
        let links: Vec<ChainLink> = members
            .iter()
            .filter_map(|(_, job)| by_job.get(&(branch.as_str(), *job)))
            .map(|(date, r, _)| {
                in_period |= *date >= first.as_str();
                ChainLink {
                    job_no: r.job_no.clone(),
                    status: JobStatus::parse(&r.facts.status).unwrap_or(JobStatus::Scheduled),
                    engineer: r.engineer.clone(),
                    received_at: None,
                    visits: Outcome::parse(&r.outcome)
                        .ok()
                        .map(|o| (None, o, r.engineer.clone()))
                        .into_iter()
                        .collect(),
                    results: Vec::new(),
                }
            })
            .collect();
        let customer = by_job
            .get(&(branch.as_str(), members[0].1))
            .map(|(_, _, c)| c.get("customer"))
            .unwrap_or_default();
        let satisfied = links.last().is_some_and(|l| l.status == JobStatus::Done);
        // A lone job is no chain, unless its original is in no report.
        let root_known = links.first().is_some_and(|l| l.job_no == root);
        if links.len() < 2 && root_known {
            continue;
        }
        if satisfied && !in_period {
            continue;
        }
        out.push(Chain {
            job_no: root,
            customer,
            branch,
            visits: links.iter().map(|l| l.visits.len()).sum(),
            links,
            satisfied,
            target: NO_ITEM,
            escalation: None,
        });
    }
    // Open chains first, the longest first (as on a branch).
    out.sort_by(|a, b| {
        a.satisfied
            .cmp(&b.satisfied)
            .then_with(|| b.links.len().cmp(&a.links.len()))
            .then_with(|| a.branch.cmp(&b.branch))
            .then_with(|| a.job_no.cmp(&b.job_no))
    });
    out
}
