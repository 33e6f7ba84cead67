//! Complaints (投诉) and the service commitments: a complaint is answered
//! within `complaint_response_hours` and settled within
//! `complaint_settle_days` of being received, both deadlines fixed when it
//! is made; a job is served on site within `onsite_within_hours` of being
//! received (dispatched).

use super::callback::{Urgency, is_overdue, urgency};
use super::codes::codes;
use super::time::Ts;
use super::visit::Outcome;
use chrono::Duration;

codes!(
    /// How the complaint came in.
    Source {
        Hotline = "hotline",
        Callback = "callback",
        Center = "center",
        WalkIn = "walk_in",
        Letter = "letter",
    }
);

codes!(
    /// What the customer complains about.
    Category {
        Attitude = "attitude",
        Quality = "quality",
        Charge = "charge",
        Delay = "delay",
        Forgery = "forgery",
        Other = "other",
    }
);

codes!(
    /// How a complaint was settled.
    Settlement {
        Apology = "apology",
        Revisit = "revisit",
        Refund = "refund",
        Compensation = "compensation",
        Penalty = "penalty",
        NoFault = "no_fault",
    }
);

codes!(
    /// Where a complaint stands.
    ComplaintState {
        Open = "open",
        Responded = "responded",
        Settled = "settled",
    }
);

codes!(
    /// What happened to a complaint, one row each in its history.
    ComplaintEvent {
        Received = "received",
        Responded = "responded",
        Settled = "settled",
    }
);

/// The `config` settings and their defaults.
pub const RESPONSE_HOURS: &str = "complaint_response_hours";
pub const SETTLE_DAYS: &str = "complaint_settle_days";
pub const ONSITE_HOURS: &str = "onsite_within_hours";
pub const DEFAULT_RESPONSE_HOURS: i64 = 24;
pub const DEFAULT_SETTLE_DAYS: i64 = 30;
pub const DEFAULT_ONSITE_HOURS: i64 = 24;

/// Whether `key` is one of the commitment settings.
pub fn is_setting(key: &str) -> bool {
    matches!(key, RESPONSE_HOURS | SETTLE_DAYS | ONSITE_HOURS)
}

/// Checks a commitment setting's value: a whole number from 1 to 8760
/// hours (a year) or 1 to 366 days.
pub fn parse_setting(key: &str, value: &str) -> Result<i64, String> {
    let max = if key == SETTLE_DAYS { 366 } else { 8760 };
    let unit = if key == SETTLE_DAYS { "days" } else { "hours" };
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| format!("{key} is a whole number of {unit} from 1 to {max}, not {value:?}"))
}

/// The commitments in force (the branch's settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commitments {
    pub response_hours: i64,
    pub settle_days: i64,
    pub onsite_hours: i64,
}

impl Default for Commitments {
    fn default() -> Self {
        Commitments {
            response_hours: DEFAULT_RESPONSE_HOURS,
            settle_days: DEFAULT_SETTLE_DAYS,
            onsite_hours: DEFAULT_ONSITE_HOURS,
        }
    }
}

impl Commitments {
    /// `respond_by` and `settle_by` of a complaint received at `received`.
    pub fn deadlines(&self, received: Ts) -> (Ts, Ts) {
        (
            received + Duration::hours(self.response_hours),
            received + Duration::days(self.settle_days),
        )
    }

    /// When a job received at `received` must have had an engineer on site.
    pub fn onsite_due(&self, received: Ts) -> Ts {
        received + Duration::hours(self.onsite_hours)
    }
}

/// A complaint's facts, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub received_at: Ts,
    pub respond_by: Ts,
    pub settle_by: Ts,
    pub responded_at: Option<Ts>,
    pub settled_at: Option<Ts>,
}

impl Complaint {
    pub fn state(&self) -> ComplaintState {
        match (self.responded_at, self.settled_at) {
            (_, Some(_)) => ComplaintState::Settled,
            (Some(_), None) => ComplaintState::Responded,
            (None, None) => ComplaintState::Open,
        }
    }

    /// Not responded (nor settled) and `now` strictly after `respond_by`.
    pub fn response_overdue(&self, now: Ts) -> bool {
        self.state() == ComplaintState::Open && is_overdue(self.respond_by, now)
    }

    /// Not settled and `now` strictly after `settle_by`.
    pub fn settlement_overdue(&self, now: Ts) -> bool {
        self.settled_at.is_none() && is_overdue(self.settle_by, now)
    }

    /// The deadline that counts now: the response until it is made, then
    /// the settlement; with the time it counts from (for the colour at
    /// 75 %, as callbacks have).
    pub fn next_deadline(&self) -> (Ts, Ts) {
        match self.responded_at {
            None => (self.received_at, self.respond_by),
            Some(_) => (self.received_at, self.settle_by),
        }
    }

    pub fn urgency(&self, now: Ts) -> Urgency {
        let (from, due) = self.next_deadline();
        urgency(from, due, now)
    }
}

/// A visit with this outcome put an engineer on site: every outcome but a
/// phone consultation, a reschedule and a cancellation (a `not_home` visit
/// went to the door).
pub fn is_on_site(outcome: Outcome) -> bool {
    !matches!(
        outcome,
        Outcome::Consulted | Outcome::Rescheduled | Outcome::Cancelled
    )
}

/// The outcomes that count as on site, as codes (for the store's queries).
pub fn on_site_codes() -> Vec<&'static str> {
    Outcome::ALL
        .iter()
        .filter(|o| is_on_site(**o))
        .map(|o| o.code())
        .collect()
}

/// The on-site commitment of an open job: broken (the job is in the
/// `response_overdue` list) when it has had no on-site visit and `now` is
/// strictly after `due`.
pub fn onsite_overdue(first_on_site: Option<Ts>, due: Ts, now: Ts) -> bool {
    first_on_site.is_none() && is_overdue(due, now)
}

/// Whether the promise was kept, for the supervisor's rate: `Some(true)`
/// on site by the due time, `Some(false)` on site later or not yet and the
/// due time passed, `None` while it can still be kept.
pub fn onsite_kept(first_on_site: Option<Ts>, due: Ts, now: Ts) -> Option<bool> {
    match first_on_site {
        Some(t) => Some(t <= due),
        None if is_overdue(due, now) => Some(false),
        None => None,
    }
}

/// A complaint as `status --json` and `complaint list --json` show it (the
/// SPEC's keys first).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ComplaintItem {
    pub id: i64,
    pub job_no: Option<String>,
    pub category: Category,
    pub state: ComplaintState,
    pub received_at: String,
    pub respond_by: String,
    pub settle_by: String,
    pub response_overdue: bool,
    pub settlement_overdue: bool,
    pub source: Source,
    pub customer: String,
    pub phone: String,
    pub note: String,
    /// Who it counts against: the engineer named at settlement, else the
    /// job's.
    pub engineer: String,
    pub responded_at: Option<String>,
    pub response_note: String,
    pub settled_at: Option<String>,
    pub resolution: Option<Settlement>,
    pub settle_note: String,
    #[serde(skip)]
    pub facts: Complaint,
}

impl ComplaintItem {
    /// The colour of its countdown at `now` (response, then settlement).
    pub fn urgency(&self, now: Ts) -> Urgency {
        self.facts.urgency(now)
    }
}

/// A job past its on-site commitment (`status --json` `response_overdue`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct OnsiteItem {
    pub job_no: String,
    pub engineer: String,
    pub received_at: String,
    pub due_at: String,
    pub overdue_minutes: i64,
    /// Whom to call (the screens show them; the JSON keeps its keys).
    #[serde(skip)]
    pub customer: String,
    #[serde(skip)]
    pub phone: String,
    #[serde(skip)]
    pub job_id: i64,
    #[serde(skip)]
    pub due_ts: Ts,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::t;

    fn complaint(received: &str) -> Complaint {
        let received = t(received);
        let (respond_by, settle_by) = Commitments::default().deadlines(received);
        Complaint {
            received_at: received,
            respond_by,
            settle_by,
            responded_at: None,
            settled_at: None,
        }
    }

    #[test]
    fn deadlines_are_received_plus_the_settings() {
        let c = complaint("2026-11-01 09:30");
        assert_eq!(c.respond_by, t("2026-11-02 09:30"));
        assert_eq!(c.settle_by, t("2026-12-01 09:30"));
        let other = Commitments {
            response_hours: 4,
            settle_days: 7,
            onsite_hours: 48,
        };
        let (r, s) = other.deadlines(t("2026-11-01 09:30"));
        assert_eq!((r, s), (t("2026-11-01 13:30"), t("2026-11-08 09:30")));
        assert_eq!(
            other.onsite_due(t("2026-11-01 09:30")),
            t("2026-11-03 09:30")
        );
    }

    #[test]
    fn response_overdue_is_strictly_after_respond_by_and_ends_with_the_response() {
        let mut c = complaint("2026-11-01 09:30");
        assert!(!c.response_overdue(c.respond_by));
        assert!(c.response_overdue(c.respond_by + Duration::seconds(1)));
        assert_eq!(c.state(), ComplaintState::Open);
        c.responded_at = Some(t("2026-11-02 10:00"));
        assert_eq!(c.state(), ComplaintState::Responded);
        assert!(!c.response_overdue(t("2026-11-03 10:00")));
    }

    #[test]
    fn settlement_overdue_is_strictly_after_settle_by_and_ends_when_settled() {
        let mut c = complaint("2026-11-01 09:30");
        c.responded_at = Some(t("2026-11-01 10:00"));
        assert!(!c.settlement_overdue(c.settle_by));
        assert!(c.settlement_overdue(c.settle_by + Duration::seconds(1)));
        c.settled_at = Some(t("2026-12-02 10:00"));
        assert_eq!(c.state(), ComplaintState::Settled);
        assert!(!c.settlement_overdue(t("2026-12-05 10:00")));
        assert!(!c.response_overdue(t("2026-12-05 10:00")));
    }

    #[test]
    fn the_colour_turns_at_three_quarters_of_the_deadline_that_counts() {
        let mut c = complaint("2026-11-01 00:00");
        assert_eq!(c.urgency(t("2026-11-01 17:59")), Urgency::Pending);
        assert_eq!(c.urgency(t("2026-11-01 18:00")), Urgency::DueSoon);
        assert_eq!(c.urgency(t("2026-11-02 00:01")), Urgency::Overdue);
        c.responded_at = Some(t("2026-11-02 00:01"));
        assert_eq!(c.urgency(t("2026-11-02 00:01")), Urgency::Pending);
    }

    #[test]
    fn on_site_is_every_outcome_but_consulted_rescheduled_cancelled() {
        for o in Outcome::ALL {
            let expected = !matches!(
                o,
                Outcome::Consulted | Outcome::Rescheduled | Outcome::Cancelled
            );
            assert_eq!(is_on_site(*o), expected, "{o}");
        }
        assert!(is_on_site(Outcome::NotHome));
        assert!(is_on_site(Outcome::Pulled));
        assert_eq!(on_site_codes().len(), 7);
    }

    #[test]
    fn the_onsite_promise_is_broken_strictly_after_due_and_kept_or_not_by_the_first_visit() {
        let due = t("2026-11-02 09:00");
        assert!(!onsite_overdue(None, due, due));
        assert!(onsite_overdue(None, due, due + Duration::seconds(1)));
        assert!(!onsite_overdue(
            Some(t("2026-11-03 09:00")),
            due,
            t("2026-11-04 09:00")
        ));
        assert_eq!(
            onsite_kept(Some(due), due, t("2026-11-05 00:00")),
            Some(true)
        );
        assert_eq!(
            onsite_kept(Some(due + Duration::seconds(1)), due, t("2026-11-05 00:00")),
            Some(false)
        );
        assert_eq!(onsite_kept(None, due, due), None);
        assert_eq!(onsite_kept(None, due, t("2026-11-02 09:01")), Some(false));
    }

    #[test]
    fn settings_are_whole_positive_numbers() {
        assert_eq!(parse_setting(RESPONSE_HOURS, "24"), Ok(24));
        assert_eq!(parse_setting(SETTLE_DAYS, " 30 "), Ok(30));
        assert!(parse_setting(SETTLE_DAYS, "0").is_err());
        assert!(parse_setting(ONSITE_HOURS, "1.5").is_err());
        assert!(parse_setting(ONSITE_HOURS, "-3").is_err());
        assert!(parse_setting(SETTLE_DAYS, "400").is_err());
        assert!(is_setting(ONSITE_HOURS) && !is_setting("cutoff"));
    }
}
