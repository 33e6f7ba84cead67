//! Visit outcomes reported by engineers and what each one starts.

use super::codes::codes;
use super::time::Ts;
use chrono::{Duration, NaiveDate};

codes!(
    /// The outcome codes of the SPEC.
    Outcome {
        Consulted = "consulted",
        Fixed = "fixed",
        FixedUntested = "fixed_untested",
        Unsure = "unsure",
        Pulled = "pulled",
        NotHome = "not_home",
        Rescheduled = "rescheduled",
        Cancelled = "cancelled",
        // The repaired machine brought back and installed; the
        // right part not at hand (requisitioned, a new time to agree).
        Returned = "returned",
        AwaitingParts = "awaiting_parts",
    }
);

codes!(
    /// Callback kinds: 2 hours or 3 hours after the visit.
    CallbackKind { TwoHours = "2h", ThreeHours = "3h" }
);

impl CallbackKind {
    pub fn window(self) -> Duration {
        match self {
            CallbackKind::TwoHours => Duration::hours(2),
            CallbackKind::ThreeHours => Duration::hours(3),
        }
    }
}

impl Outcome {
    /// The timed callback this outcome starts, if any.
    pub fn callback(self) -> Option<CallbackKind> {
        match self {
            Outcome::Consulted | Outcome::FixedUntested => Some(CallbackKind::TwoHours),
            Outcome::Unsure => Some(CallbackKind::ThreeHours),
            _ => None,
        }
    }

    /// An engineer was on site and worked: a supervision card must come back.
    pub fn is_visited(self) -> bool {
        matches!(
            self,
            Outcome::Fixed
                | Outcome::FixedUntested
                | Outcome::Unsure
                | Outcome::Pulled
                | Outcome::Returned
        )
    }

    /// Outcomes that are dated by a phone call or a decision rather than an
    /// arrival, so that a row may carry no time at all.
    pub fn may_be_untimed(self) -> bool {
        matches!(self, Outcome::Rescheduled | Outcome::Cancelled)
    }
}

/// The outcomes of an on-site repair: the visits the repeat rule, the
/// cards awaiting signature and the supervisor's first visits count (a
/// `returned` machine was repaired before; `not_home` went to the door
/// only). The store's SQL says the same list (`store::on_site!`).
pub const ON_SITE_REPAIR: [Outcome; 4] = [
    Outcome::Fixed,
    Outcome::FixedUntested,
    Outcome::Unsure,
    Outcome::Pulled,
];

/// A visit as reported (the visits-file columns).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Visit {
    pub job_no: String,
    pub engineer: String,
    pub arrived_at: Option<Ts>,
    pub finished_at: Option<Ts>,
    pub outcome: Option<Outcome>,
    pub charge: Option<i64>,
    pub receipt_no: String,
    pub invoice_owed: Option<bool>,
    pub return_due: Option<NaiveDate>,
    pub new_appointment_start: Option<Ts>,
    pub new_appointment_end: Option<Ts>,
    pub note: String,
    /// The fee standard's codes charged, `;`-separated as given
    /// (blank: none given).
    pub fee_items: String,
    /// The receipt given for the customer's machine (workshop).
    pub machine_receipt_no: String,
}

impl Visit {
    /// When the work ended: the finish, else the arrival (for `consulted`,
    /// the consultation, given in either column).
    pub fn base_time(&self) -> Option<Ts> {
        self.finished_at.or(self.arrived_at)
    }

    /// The visit's identity within its job: its arrival, else its finish,
    /// else (an untimed reschedule or cancellation) its outcome.
    pub fn key(&self) -> String {
        match self.arrived_at.or(self.finished_at) {
            Some(t) => t.timestamp().to_string(),
            None => format!("untimed:{}", self.outcome.map(|o| o.code()).unwrap_or("")),
        }
    }
}

/// The callback a visit starts: kind and due time.
pub fn callback_due(outcome: Outcome, base: Ts) -> Option<(CallbackKind, Ts)> {
    outcome.callback().map(|k| (k, base + k.window()))
}

/// Minutes after the appointment window's end (its start when it has no
/// end) that the engineer arrived; `None` when on time or no window.
pub fn late_minutes(arrived: Ts, window_start: Option<Ts>, window_end: Option<Ts>) -> Option<i64> {
    let deadline = window_end.or(window_start)?;
    (arrived > deadline).then(|| (arrived - deadline).num_minutes())
}

/// Whether the window in force was set for the next visit,
/// given the job's earlier visits in order, each as its outcome and whether
/// it set a new window. A window counts for the first visit, and after a
/// visit at the door only once a reschedule sets a new one (a workshop
/// machine brought back, a second visit after a part came, is never late
/// against the first appointment). A phone consultation is no visit.
pub fn window_set_for_next(earlier: impl IntoIterator<Item = (Outcome, bool)>) -> bool {
    let mut set = true;
    for (outcome, new_window) in earlier {
        match outcome {
            Outcome::Rescheduled => set |= new_window,
            Outcome::Consulted => {}
            _ => set = false,
        }
    }
    set
}

/// Late by more than 15 minutes: the after-sales manager apologises.
pub const LATE_FLAG_MINUTES: i64 = 15;

pub fn late_flagged(arrived: Ts, window_start: Option<Ts>, window_end: Option<Ts>) -> bool {
    window_end
        .or(window_start)
        .is_some_and(|d| arrived - d > Duration::minutes(LATE_FLAG_MINUTES))
}

/// A loaner return is overdue once the agreed date has passed and the
/// machine is not back.
pub fn return_overdue(return_due: Option<NaiveDate>, returned: bool, today: NaiveDate) -> bool {
    !returned && return_due.is_some_and(|d| today > d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::t;

    #[test]
    fn each_outcome_starts_what_the_standard_says() {
        use Outcome::*;
        let base = t("2026-11-23 10:00");
        assert_eq!(
            callback_due(Consulted, base),
            Some((CallbackKind::TwoHours, t("2026-11-23 12:00")))
        );
        assert_eq!(
            callback_due(FixedUntested, base),
            Some((CallbackKind::TwoHours, t("2026-11-23 12:00")))
        );
        assert_eq!(
            callback_due(Unsure, base),
            Some((CallbackKind::ThreeHours, t("2026-11-23 13:00")))
        );
        for o in [Fixed, Pulled, NotHome, Rescheduled, Cancelled] {
            assert_eq!(callback_due(o, base), None, "{o}");
        }
        let visited: Vec<_> = Outcome::ALL.iter().filter(|o| o.is_visited()).collect();
        assert_eq!(
            visited,
            [&Fixed, &FixedUntested, &Unsure, &Pulled, &Returned]
        );
    }

    #[test]
    fn the_callback_counts_from_the_finish_else_the_arrival() {
        let mut v = Visit {
            arrived_at: Some(t("2026-11-23 09:00")),
            finished_at: Some(t("2026-11-23 10:30")),
            outcome: Some(Outcome::FixedUntested),
            ..Visit::default()
        };
        assert_eq!(v.base_time(), Some(t("2026-11-23 10:30")));
        v.finished_at = None;
        assert_eq!(v.base_time(), Some(t("2026-11-23 09:00")));
    }

    #[test]
    fn lateness_counts_from_the_window_end_else_its_start() {
        let s = Some(t("2026-11-23 09:00"));
        let e = Some(t("2026-11-23 11:00"));
        assert_eq!(late_minutes(t("2026-11-23 10:59"), s, e), None);
        assert_eq!(late_minutes(t("2026-11-23 11:00"), s, e), None);
        assert_eq!(late_minutes(t("2026-11-23 11:15"), s, e), Some(15));
        assert!(!late_flagged(t("2026-11-23 11:15"), s, e));
        assert!(late_flagged(t("2026-11-23 11:16"), s, e));
        assert_eq!(late_minutes(t("2026-11-23 09:20"), s, None), Some(20));
        assert!(late_flagged(t("2026-11-23 09:20"), s, None));
        assert_eq!(late_minutes(t("2026-11-23 23:00"), None, None), None);
    }

    #[test]
    fn lateness_only_against_a_window_set_for_that_visit() {
        use Outcome::*;
        assert!(window_set_for_next([]));
        assert!(window_set_for_next([(Consulted, false)]));
        // The machine taken to the workshop: its return is judged against
        // nothing, unless a new appointment was made for it.
        assert!(!window_set_for_next([(Pulled, false)]));
        assert!(window_set_for_next([(Pulled, false), (Rescheduled, true)]));
        assert!(!window_set_for_next([
            (Pulled, false),
            (Rescheduled, false)
        ]));
        assert!(!window_set_for_next([(AwaitingParts, false)]));
        assert!(!window_set_for_next([
            (Rescheduled, true),
            (NotHome, false)
        ]));
    }

    #[test]
    fn a_loaner_return_is_overdue_after_its_date() {
        let due = NaiveDate::from_ymd_opt(2026, 11, 20);
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        assert!(!return_overdue(due, false, d(20)));
        assert!(return_overdue(due, false, d(21)));
        assert!(!return_overdue(due, true, d(21)));
        assert!(!return_overdue(None, false, d(21)));
    }
}
