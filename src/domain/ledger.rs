//! Nothing falls off the desk: why an open job is waiting for the clerk
//! (the `open_jobs` list), and the codes of what is still open on a job
//! (the daily report's `open_items`).

use super::codes::codes;
use super::status::JobStatus;
use super::time::Ts;
use super::visit::Outcome;

codes!(
    /// Why an open job not on today's list waits for an appointment or a visit.
    OpenReason {
        NoAppointment = "no_appointment",
        NotHome = "not_home",
        MissedAppointment = "missed_appointment",
        // The right part is not at hand; a new time once it comes.
        AwaitingParts = "awaiting_parts",
    }
);

codes!(
    /// What is still open on a job, one code per `status --json` list it is
    /// in (the daily report's `open_items`, in this order).
    OpenItem {
        CallbackPending = "callback_pending",
        CallbackOverdue = "callback_overdue",
        CardAwaiting = "card_awaiting",
        DiscrepancyOpen = "discrepancy_open",
        NoAppointment = "no_appointment",
        NotHome = "not_home",
        MissedAppointment = "missed_appointment",
        InvoiceOwed = "invoice_owed",
        LoanerDue = "loaner_due",
        LoanerOverdue = "loaner_overdue",
        ComplaintOpen = "complaint_open",
        ResponseOverdue = "response_overdue",
        ToVerify = "to_verify",
        // Money and the workshop.
        AwaitingParts = "awaiting_parts",
        LoanerOverLimit = "loaner_over_limit",
        CaseOpen = "case_open",
        // The follow-up call after a `fixed` visit is pending.
        FollowupPending = "followup_pending",
    }
);

impl From<OpenReason> for OpenItem {
    fn from(r: OpenReason) -> OpenItem {
        match r {
            OpenReason::NoAppointment => OpenItem::NoAppointment,
            OpenReason::NotHome => OpenItem::NotHome,
            OpenReason::MissedAppointment => OpenItem::MissedAppointment,
            OpenReason::AwaitingParts => OpenItem::AwaitingParts,
        }
    }
}

/// The `status --json` `counts` names, in the order of the report's
/// `counts` cell.
pub const COUNT_NAMES: &[&str] = &[
    "today_jobs",
    "open_jobs",
    "callbacks_pending",
    "callbacks_overdue",
    "cards_awaiting_signature",
    "discrepancies",
    "discrepancies_open",
    "to_verify",
    "conflicts",
    "invoices_owed",
    "loaner_returns",
    "loaners_overdue",
    "complaints",
    "complaints_response_overdue",
    "response_overdue",
    "cases",
    "to_inform",
    "followups_pending",
    "followups_overdue",
    "repeats",
];

/// Reads a `counts` cell: each `name:n` once, a name of [`COUNT_NAMES`],
/// n a whole number above 0.
pub fn parse_counts_cell(s: &str) -> std::result::Result<Vec<(&'static str, usize)>, String> {
    let mut out: Vec<(&'static str, usize)> = Vec::new();
    for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, n) = part
            .split_once(':')
            .ok_or_else(|| format!("{part:?} is not name:number"))?;
        let name = COUNT_NAMES
            .iter()
            .copied()
            .find(|c| *c == name.trim())
            .ok_or_else(|| {
                format!(
                    "{name:?} is not one of the counts ({})",
                    COUNT_NAMES.join(", ")
                )
            })?;
        let n: usize = n
            .trim()
            .parse()
            .ok()
            .filter(|n| *n > 0 && *n <= 1_000_000)
            .ok_or_else(|| format!("{part:?}: the count is not a whole number from 1"))?;
        if out.iter().any(|(m, _)| *m == name) {
            return Err(format!("{name} is given twice"));
        }
        out.push((name, n));
    }
    Ok(out)
}

/// What the rule needs to know about a job that may be waiting.
#[derive(Debug, Clone, Default)]
pub struct Waiting {
    pub status: Option<JobStatus>,
    /// The window now in force.
    pub appt_start: Option<Ts>,
    pub appt_end: Option<Ts>,
    /// The last visit's outcome and time (finish, else arrival, else when
    /// it was recorded).
    pub last_outcome: Option<Outcome>,
    pub last_visit_at: Option<Ts>,
    /// When the job came in (received, else entered).
    pub received_at: Option<Ts>,
}

/// Why the job waits and since when, or `None` when it does not wait for
/// the clerk (closed, in the workshop, a callback or a card pending, an
/// appointment still ahead).
///
/// - `not_home`: the last visit found nobody home; since that visit.
/// - `no_appointment`: no window set (a new job, a re-visit, a reschedule
///   without a new window); since the job came in (or the reschedule).
/// - `missed_appointment`: the window in force ended (its start, when it has
///   no end) strictly before `now` with no visit since it was set; since the
///   window's end.
pub fn open_reason(w: &Waiting, now: Ts) -> Option<(OpenReason, Ts)> {
    let since_visit = || w.last_visit_at.or(w.received_at).unwrap_or(now);
    match w.status? {
        JobStatus::NeedsAppointment => match w.last_outcome {
            Some(Outcome::NotHome) => Some((OpenReason::NotHome, since_visit())),
            Some(Outcome::AwaitingParts) => Some((OpenReason::AwaitingParts, since_visit())),
            _ => Some((OpenReason::NoAppointment, since_visit())),
        },
        JobStatus::Unscheduled => Some((OpenReason::NoAppointment, w.received_at.unwrap_or(now))),
        JobStatus::Scheduled => {
            let end = w.appt_end.or(w.appt_start)?;
            (end < now).then_some((OpenReason::MissedAppointment, end))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::t;

    #[test]
    fn each_reason_and_its_start() {
        let now = t("2026-11-25 09:00");
        let new = Waiting {
            status: Some(JobStatus::Unscheduled),
            received_at: Some(t("2026-11-23 08:00")),
            ..Waiting::default()
        };
        assert_eq!(
            open_reason(&new, now),
            Some((OpenReason::NoAppointment, t("2026-11-23 08:00")))
        );
        let not_home = Waiting {
            status: Some(JobStatus::NeedsAppointment),
            last_outcome: Some(Outcome::NotHome),
            last_visit_at: Some(t("2026-11-24 10:00")),
            ..new.clone()
        };
        assert_eq!(
            open_reason(&not_home, now),
            Some((OpenReason::NotHome, t("2026-11-24 10:00")))
        );
        let parts = Waiting {
            last_outcome: Some(Outcome::AwaitingParts),
            ..not_home.clone()
        };
        assert_eq!(
            open_reason(&parts, now),
            Some((OpenReason::AwaitingParts, t("2026-11-24 10:00")))
        );
        let rescheduled = Waiting {
            last_outcome: Some(Outcome::Rescheduled),
            ..not_home.clone()
        };
        assert_eq!(
            open_reason(&rescheduled, now).map(|r| r.0),
            Some(OpenReason::NoAppointment)
        );
        let mut booked = Waiting {
            status: Some(JobStatus::Scheduled),
            appt_start: Some(t("2026-11-24 09:00")),
            appt_end: Some(t("2026-11-24 11:00")),
            ..new.clone()
        };
        assert_eq!(
            open_reason(&booked, now),
            Some((OpenReason::MissedAppointment, t("2026-11-24 11:00")))
        );
        // Not yet passed (strictly before now), or no end: the start counts.
        assert_eq!(open_reason(&booked, t("2026-11-24 11:00")), None);
        booked.appt_end = None;
        assert_eq!(
            open_reason(&booked, now).map(|r| r.1),
            Some(t("2026-11-24 09:00"))
        );
        for s in [
            JobStatus::Done,
            JobStatus::Cancelled,
            JobStatus::InWorkshop,
            JobStatus::CallbackPending,
            JobStatus::AwaitingCard,
            JobStatus::Revisit,
        ] {
            let w = Waiting {
                status: Some(s),
                ..new.clone()
            };
            assert_eq!(open_reason(&w, now), None, "{s}");
        }
    }
}
