//! Callbacks (回访): results and overdue.

use super::codes::codes;
use super::time::Ts;

codes!(
    /// What the customer said on a callback.
    CallbackResult {
        Satisfied = "satisfied",
        Unsatisfied = "unsatisfied",
        Unreachable = "unreachable",
        DeniesSignature = "denies_signature",
    }
);

impl CallbackResult {
    /// Whether the callback is done: only `unreachable` leaves it pending.
    pub fn closes(self) -> bool {
        self != CallbackResult::Unreachable
    }

    /// An unsatisfied customer gets a re-visit, linked to the original job.
    pub fn opens_revisit(self) -> bool {
        self == CallbackResult::Unsatisfied
    }
}

/// Overdue means pending and strictly after the due time.
pub fn is_overdue(due: Ts, now: Ts) -> bool {
    now > due
}

/// Whole minutes past due, rounded down; 0 when not overdue.
pub fn overdue_minutes(due: Ts, now: Ts) -> i64 {
    if is_overdue(due, now) {
        (now - due).num_minutes()
    } else {
        0
    }
}

/// Urgency of a pending callback, for colours: due soon once 75 % of the
/// window from its start to its due time has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Pending,
    DueSoon,
    Overdue,
}

pub fn urgency(start: Ts, due: Ts, now: Ts) -> Urgency {
    if is_overdue(due, now) {
        Urgency::Overdue
    } else if (now - start) * 4 >= (due - start) * 3 {
        Urgency::DueSoon
    } else {
        Urgency::Pending
    }
}

/// One entry of the daily report's `pending_callbacks` cell:
/// `kind@due@attempts` (the due time RFC 3339 or local).
pub fn parse_pending_entry(
    entry: &str,
    zone: &super::time::Zone,
) -> Result<(super::visit::CallbackKind, Ts, i64), String> {
    let mut parts = entry.trim().splitn(3, '@');
    let (Some(kind), Some(due), Some(attempts)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("{entry:?} is not kind@due@attempts"));
    };
    let kind = super::visit::CallbackKind::parse(kind.trim())?;
    let due = super::time::parse_instant(due.trim(), zone)?;
    let attempts = attempts
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (0..=1_000_000).contains(n))
        .ok_or_else(|| format!("{entry:?}: attempts is not a whole number"))?;
    Ok((kind, due, attempts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::t;

    #[test]
    fn overdue_is_strictly_after_due_and_rounds_down() {
        let due = t("2026-11-23 12:00");
        assert!(!is_overdue(due, due));
        assert_eq!(overdue_minutes(due, due), 0);
        let later = due + chrono::Duration::seconds(59);
        assert!(is_overdue(due, later));
        assert_eq!(overdue_minutes(due, later), 0);
        assert_eq!(
            overdue_minutes(due, t("2026-11-23 13:15") + chrono::Duration::seconds(59)),
            75
        );
        assert_eq!(overdue_minutes(due, t("2026-11-23 11:00")), 0);
    }

    #[test]
    fn only_unreachable_keeps_a_callback_pending() {
        use CallbackResult::*;
        assert!(Satisfied.closes() && Unsatisfied.closes() && DeniesSignature.closes());
        assert!(!Unreachable.closes());
        assert!(Unsatisfied.opens_revisit() && !DeniesSignature.opens_revisit());
    }

    #[test]
    fn urgency_turns_due_soon_at_three_quarters_of_the_window() {
        let start = t("2026-11-23 10:00");
        let due = t("2026-11-23 12:00");
        assert_eq!(urgency(start, due, t("2026-11-23 11:29")), Urgency::Pending);
        assert_eq!(urgency(start, due, t("2026-11-23 11:30")), Urgency::DueSoon);
        assert_eq!(urgency(start, due, due), Urgency::DueSoon);
        assert_eq!(urgency(start, due, t("2026-11-23 12:01")), Urgency::Overdue);
    }
}
