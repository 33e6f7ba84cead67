//! The supervisor's scorecard per engineer over a period, from plain facts
//! the store gathers in a few set-based queries. Who a fact counts against:
//! the engineer of the visit behind it (else the job's engineer).
//!
//! - *jobs*: distinct jobs the engineer visited or consulted in the period
//!   (reschedules and cancellations aside);
//! - *first-visit fix*: of the original jobs whose first on-site visit
//!   (fixed, fixed untested, unsure, pulled) was in the period, those where
//!   that visit was the only one needed: not pulled to the workshop, no later
//!   on-site visit, no re-visit opened;
//! - *callbacks overdue*: timed callbacks due in the period not made by their
//!   due time (first call after it, or none yet and now past it);
//! - *overdue now*: callbacks pending and overdue now, whenever due (the
//!   `overdue` list, counted per engineer);
//! - *unsatisfied*: customers (jobs) who said `unsatisfied` on a callback or
//!   on a card returned in the period;
//! - *re-visits*: re-visit jobs opened in the period;
//! - *late arrivals*: visits in the period arriving more than 15 minutes
//!   after the window;
//! - *discrepancies*: raised by the reconciliations of the period's days, by
//!   kind;
//! - *complaints*: complaints received in the period, against the engineer
//!   named when it was settled, else the job's;
//! - *on site within the promise*: of the jobs received in the period whose
//!   promise (received + `onsite_within_hours`) is decided — the first
//!   on-site visit came, or the due time passed without one — those where
//!   the first on-site visit was at or before the due time; against the
//!   job's engineer.

use super::reconcile::DiscrepancyKind;
use super::time::Ts;
use super::visit::{LATE_FLAG_MINUTES, Outcome};
use std::collections::{BTreeMap, HashSet};

/// The periods a supervisor chooses from; each ends with today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Today,
    Days7,
    Days30,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Today, Period::Days7, Period::Days30];

    /// Local days covered, today included.
    pub fn days(self) -> u32 {
        match self {
            Period::Today => 1,
            Period::Days7 => 7,
            Period::Days30 => 30,
        }
    }

    pub fn next(self) -> Period {
        match self {
            Period::Today => Period::Days7,
            Period::Days7 => Period::Days30,
            Period::Days30 => Period::Today,
        }
    }
}

/// A visit in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitFact {
    pub job_id: i64,
    pub engineer: String,
    pub outcome: Outcome,
    pub late_minutes: Option<i64>,
    /// A workshop repair agreed past `workshop_days` working days.
    pub over_limit: bool,
}

/// The first on-site visit of an original job, when it is in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstVisitFact {
    pub engineer: String,
    pub outcome: Outcome,
    /// On-site visits of the same job after the first.
    pub later_visits: u32,
    /// A re-visit job was opened for it.
    pub revisit_opened: bool,
}

/// A timed callback due in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackFact {
    pub engineer: String,
    pub due: Ts,
    /// The first call logged (any result, `unreachable` included).
    pub first_attempt: Option<Ts>,
}

/// A job received in the period and its on-site promise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnsiteFact {
    pub engineer: String,
    pub due: Ts,
    /// The first visit of an on-site outcome (its arrival).
    pub first_on_site: Option<Ts>,
}

/// Everything the scorecard is computed from.
#[derive(Debug, Clone, Default)]
pub struct ScoreFacts {
    pub visits: Vec<VisitFact>,
    pub first_visits: Vec<FirstVisitFact>,
    pub callbacks: Vec<CallbackFact>,
    /// The engineer of every callback overdue now.
    pub overdue_now: Vec<String>,
    /// (engineer, job) for every `unsatisfied` heard in the period.
    pub unsatisfied: Vec<(String, i64)>,
    /// The engineer behind every re-visit opened in the period.
    pub revisits: Vec<String>,
    pub discrepancies: Vec<(String, DiscrepancyKind)>,
    /// Who each complaint received in the period counts against.
    pub complaints: Vec<String>,
    pub onsite: Vec<OnsiteFact>,
}

/// One engineer's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EngineerScore {
    pub engineer: String,
    pub jobs: u32,
    pub first_visits: u32,
    pub first_visit_fixed: u32,
    pub callbacks_overdue: u32,
    pub overdue_now: u32,
    pub unsatisfied: u32,
    pub revisits: u32,
    pub late_arrivals: u32,
    /// By kind, in the order of [`DiscrepancyKind::ALL`].
    pub discrepancies: [u32; DiscrepancyKind::ALL.len()],
    pub complaints: u32,
    /// Jobs whose on-site promise is decided, and those where it was kept.
    pub onsite_due: u32,
    pub onsite_kept: u32,
    /// Workshop repairs agreed past the limit.
    pub workshop_over_limit: u32,
}

impl EngineerScore {
    /// First-visit fix rate in whole percent (rounded down); `None` without
    /// first visits.
    pub fn first_visit_fix_percent(&self) -> Option<u32> {
        (self.first_visits > 0).then(|| self.first_visit_fixed * 100 / self.first_visits)
    }

    /// On site within the promise, in whole percent (rounded down);
    /// `None` without a decided promise.
    pub fn onsite_percent(&self) -> Option<u32> {
        (self.onsite_due > 0).then(|| self.onsite_kept * 100 / self.onsite_due)
    }

    pub fn discrepancies_total(&self) -> u32 {
        self.discrepancies.iter().sum()
    }

    pub fn discrepancy(&self, kind: DiscrepancyKind) -> u32 {
        self.discrepancies[kind_index(kind)]
    }

    /// The value of a measure, for sorting and the chart; `None` when it has
    /// no value (a rate without first visits).
    pub fn value(&self, m: Measure) -> Option<u32> {
        Some(match m {
            Measure::Jobs => self.jobs,
            Measure::FirstVisitFix => return self.first_visit_fix_percent(),
            Measure::CallbacksOverdue => self.callbacks_overdue,
            Measure::OverdueNow => self.overdue_now,
            Measure::Unsatisfied => self.unsatisfied,
            Measure::Revisits => self.revisits,
            Measure::LateArrivals => self.late_arrivals,
            Measure::Discrepancies => self.discrepancies_total(),
            Measure::Complaints => self.complaints,
            Measure::OnsiteRate => return self.onsite_percent(),
            Measure::Kind(k) => self.discrepancy(k),
        })
    }
}

fn kind_index(kind: DiscrepancyKind) -> usize {
    DiscrepancyKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

/// What the table is sorted by and the chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    Jobs,
    FirstVisitFix,
    CallbacksOverdue,
    OverdueNow,
    Unsatisfied,
    Revisits,
    LateArrivals,
    Discrepancies,
    Complaints,
    OnsiteRate,
    Kind(DiscrepancyKind),
}

impl Measure {
    /// Every measure, in the order the supervisor cycles through them.
    pub fn all() -> Vec<Measure> {
        let mut v = vec![
            Measure::Jobs,
            Measure::FirstVisitFix,
            Measure::CallbacksOverdue,
            Measure::OverdueNow,
            Measure::Unsatisfied,
            Measure::Revisits,
            Measure::LateArrivals,
            Measure::Discrepancies,
            Measure::Complaints,
            Measure::OnsiteRate,
        ];
        v.extend(DiscrepancyKind::ALL.iter().map(|k| Measure::Kind(*k)));
        v
    }

    /// Whether more is better (the default order puts the worst first).
    pub fn higher_is_better(self) -> bool {
        matches!(
            self,
            Measure::Jobs | Measure::FirstVisitFix | Measure::OnsiteRate
        )
    }
}

/// The scorecard: one row per engineer named by any fact, by name.
pub fn scorecard(f: &ScoreFacts, now: Ts) -> Vec<EngineerScore> {
    fn at<'m, 'f>(
        by: &'m mut BTreeMap<&'f str, EngineerScore>,
        e: &'f str,
    ) -> &'m mut EngineerScore {
        by.entry(e).or_default()
    }
    let mut by: BTreeMap<&str, EngineerScore> = BTreeMap::new();
    let mut jobs: HashSet<(&str, i64)> = HashSet::new();
    for v in &f.visits {
        let r = at(&mut by, &v.engineer);
        if !matches!(v.outcome, Outcome::Rescheduled | Outcome::Cancelled)
            && jobs.insert((&v.engineer, v.job_id))
        {
            r.jobs += 1;
        }
        if v.late_minutes.is_some_and(|m| m > LATE_FLAG_MINUTES) {
            r.late_arrivals += 1;
        }
        if v.over_limit {
            r.workshop_over_limit += 1;
        }
    }
    for v in &f.first_visits {
        let r = at(&mut by, &v.engineer);
        r.first_visits += 1;
        if v.outcome != Outcome::Pulled && v.later_visits == 0 && !v.revisit_opened {
            r.first_visit_fixed += 1;
        }
    }
    for c in &f.callbacks {
        let r = at(&mut by, &c.engineer);
        let late = match c.first_attempt {
            Some(t) => t > c.due,
            None => super::callback::is_overdue(c.due, now),
        };
        if late {
            r.callbacks_overdue += 1;
        }
    }
    for e in &f.overdue_now {
        at(&mut by, e).overdue_now += 1;
    }
    let mut unsatisfied: HashSet<(&str, i64)> = HashSet::new();
    for (e, job) in &f.unsatisfied {
        let r = at(&mut by, e);
        if unsatisfied.insert((e, *job)) {
            r.unsatisfied += 1;
        }
    }
    for e in &f.revisits {
        at(&mut by, e).revisits += 1;
    }
    for (e, k) in &f.discrepancies {
        at(&mut by, e).discrepancies[kind_index(*k)] += 1;
    }
    // A complaint about no job and no engineer named counts for the
    // branch only.
    for e in f.complaints.iter().filter(|e| !e.is_empty()) {
        at(&mut by, e).complaints += 1;
    }
    for o in &f.onsite {
        if let Some(kept) = super::complaint::onsite_kept(o.first_on_site, o.due, now) {
            let r = at(&mut by, &o.engineer);
            r.onsite_due += 1;
            r.onsite_kept += u32::from(kept);
        }
    }
    by.into_iter()
        .map(|(e, mut s)| {
            s.engineer = e.to_string();
            s
        })
        .collect()
}

/// Sorts by a measure: `worst_first` puts the most worrying first (lowest
/// of a measure where more is better, highest otherwise); rows without a
/// value go last; ties by engineer.
pub fn sort_scores(rows: &mut [EngineerScore], m: Measure, worst_first: bool) {
    let up = m.higher_is_better() == worst_first;
    rows.sort_by(|a, b| {
        let (va, vb) = (a.value(m), b.value(m));
        let ord = match (va, vb) {
            (Some(x), Some(y)) if up => x.cmp(&y),
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        ord.then_with(|| a.engineer.cmp(&b.engineer))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::t;

    fn visit(job: i64, e: &str, o: Outcome, late: Option<i64>) -> VisitFact {
        VisitFact {
            job_id: job,
            engineer: e.into(),
            outcome: o,
            late_minutes: late,
            over_limit: false,
        }
    }

    #[test]
    fn workshop_repairs_over_the_limit_count_against_their_engineer() {
        let over = VisitFact {
            over_limit: true,
            ..visit(1, "王强", Outcome::Pulled, None)
        };
        let f = ScoreFacts {
            visits: vec![over, visit(2, "王强", Outcome::Pulled, None)],
            ..ScoreFacts::default()
        };
        let s = scorecard(&f, t("2026-11-23 12:00"));
        assert_eq!(s[0].engineer, "王强");
        assert_eq!(s[0].workshop_over_limit, 1);
    }

    #[test]
    fn each_measure_counts_what_it_says() {
        let due = t("2026-11-23 12:00");
        let f = ScoreFacts {
            visits: vec![
                visit(1, "王强", Outcome::Fixed, Some(16)),
                visit(1, "王强", Outcome::Fixed, None),
                visit(2, "王强", Outcome::NotHome, Some(15)),
                visit(3, "王强", Outcome::Cancelled, None),
                visit(4, "李明", Outcome::Consulted, None),
            ],
            first_visits: vec![
                FirstVisitFact {
                    engineer: "王强".into(),
                    outcome: Outcome::Fixed,
                    later_visits: 0,
                    revisit_opened: false,
                },
                FirstVisitFact {
                    engineer: "王强".into(),
                    outcome: Outcome::Unsure,
                    later_visits: 0,
                    revisit_opened: true,
                },
                FirstVisitFact {
                    engineer: "王强".into(),
                    outcome: Outcome::Pulled,
                    later_visits: 0,
                    revisit_opened: false,
                },
            ],
            callbacks: vec![
                CallbackFact {
                    engineer: "李明".into(),
                    due,
                    first_attempt: Some(due),
                },
                CallbackFact {
                    engineer: "李明".into(),
                    due,
                    first_attempt: Some(t("2026-11-23 12:01")),
                },
                CallbackFact {
                    engineer: "李明".into(),
                    due,
                    first_attempt: None,
                },
                CallbackFact {
                    engineer: "李明".into(),
                    due: t("2026-11-23 15:00"),
                    first_attempt: None,
                },
            ],
            overdue_now: vec!["李明".into()],
            unsatisfied: vec![("王强".into(), 1), ("王强".into(), 1), ("王强".into(), 2)],
            revisits: vec!["王强".into()],
            discrepancies: vec![
                ("李明".into(), DiscrepancyKind::SignatureSuspect),
                ("李明".into(), DiscrepancyKind::SignatureSuspect),
                ("李明".into(), DiscrepancyKind::CardMissing),
            ],
            complaints: vec!["王强".into(), "王强".into(), "李明".into()],
            onsite: vec![
                // On site at the due time: kept.
                OnsiteFact {
                    engineer: "王强".into(),
                    due,
                    first_on_site: Some(due),
                },
                // A minute late: not kept.
                OnsiteFact {
                    engineer: "王强".into(),
                    due,
                    first_on_site: Some(t("2026-11-23 12:01")),
                },
                // Not yet and past due (now is 14:00): not kept.
                OnsiteFact {
                    engineer: "王强".into(),
                    due,
                    first_on_site: None,
                },
                // Not yet, still time: not counted.
                OnsiteFact {
                    engineer: "李明".into(),
                    due: t("2026-11-23 15:00"),
                    first_on_site: None,
                },
            ],
        };
        let s = scorecard(&f, t("2026-11-23 14:00"));
        assert_eq!(
            s.iter().map(|r| r.engineer.as_str()).collect::<Vec<_>>(),
            ["李明", "王强"]
        );
        let (li, wang) = (&s[0], &s[1]);
        assert_eq!((wang.jobs, li.jobs), (2, 1));
        assert_eq!(wang.late_arrivals, 1, "16 min counts, 15 does not");
        assert_eq!((wang.first_visits, wang.first_visit_fixed), (3, 1));
        assert_eq!(wang.first_visit_fix_percent(), Some(33));
        assert_eq!(li.first_visit_fix_percent(), None);
        assert_eq!(li.callbacks_overdue, 2, "late call and never called");
        assert_eq!(li.overdue_now, 1);
        assert_eq!(wang.unsatisfied, 2);
        assert_eq!(wang.revisits, 1);
        assert_eq!(li.discrepancy(DiscrepancyKind::SignatureSuspect), 2);
        assert_eq!(li.discrepancies_total(), 3);
        assert_eq!((wang.complaints, li.complaints), (2, 1));
        assert_eq!((wang.onsite_due, wang.onsite_kept), (3, 1));
        assert_eq!(wang.onsite_percent(), Some(33));
        assert_eq!(li.onsite_percent(), None, "not decided yet");
        assert_eq!(wang.value(Measure::OnsiteRate), Some(33));
        assert!(Measure::OnsiteRate.higher_is_better());
    }

    #[test]
    fn sorting_puts_the_worst_first_and_rates_without_value_last() {
        let mk = |e: &str, jobs, fv, fixed| EngineerScore {
            engineer: e.into(),
            jobs,
            first_visits: fv,
            first_visit_fixed: fixed,
            ..EngineerScore::default()
        };
        let mut rows = vec![mk("A", 5, 0, 0), mk("B", 9, 4, 4), mk("C", 5, 4, 1)];
        sort_scores(&mut rows, Measure::FirstVisitFix, true);
        let names = |r: &[EngineerScore]| r.iter().map(|s| s.engineer.clone()).collect::<Vec<_>>();
        assert_eq!(names(&rows), ["C", "B", "A"]);
        sort_scores(&mut rows, Measure::FirstVisitFix, false);
        assert_eq!(names(&rows), ["B", "C", "A"]);
        sort_scores(&mut rows, Measure::Jobs, false);
        assert_eq!(names(&rows), ["B", "A", "C"]);
    }
}
