//! Where a job stands, derived from its facts.

use super::card::card_state;
use super::codes::codes;
use super::reconcile::JobFacts;
use super::visit::Outcome;

codes!(
    /// A job's status as the clerk sees it.
    JobStatus {
        Unscheduled = "unscheduled",
        Scheduled = "scheduled",
        NeedsAppointment = "needs_appointment",
        InWorkshop = "in_workshop",
        CallbackPending = "callback_pending",
        Revisit = "revisit",
        AwaitingCard = "awaiting_card",
        Done = "done",
        Cancelled = "cancelled",
    }
);

impl JobStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, JobStatus::Done | JobStatus::Cancelled)
    }
}

pub fn job_status(f: &JobFacts) -> JobStatus {
    use JobStatus::*;
    let last = f.visits.last().map(|v| v.outcome);
    if last == Some(Outcome::Cancelled) {
        return Cancelled;
    }
    if f.pending_callbacks > 0 {
        return CallbackPending;
    }
    match last {
        None if f.has_appointment => Scheduled,
        None => Unscheduled,
        Some(Outcome::NotHome) => NeedsAppointment,
        // Waits for the part, then a new appointment.
        Some(Outcome::AwaitingParts) => NeedsAppointment,
        Some(Outcome::Rescheduled) if f.has_appointment => Scheduled,
        Some(Outcome::Rescheduled) => NeedsAppointment,
        Some(Outcome::Pulled) => InWorkshop,
        Some(_) if f.open_revisit => Revisit,
        Some(_) if card_state(f.visited(), f.card.as_ref()).awaiting_signature() => AwaitingCard,
        Some(_) => Done,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card::{Card, SignedBy};
    use crate::domain::reconcile::VisitFact;

    fn visit(o: Outcome) -> VisitFact {
        VisitFact {
            outcome: o,
            at: None,
            charge: None,
            receipt_no: String::new(),
            fee_total: None,
        }
    }

    #[test]
    fn status_follows_the_last_visit_and_what_is_still_open() {
        let mut f = JobFacts::default();
        assert_eq!(job_status(&f), JobStatus::Unscheduled);
        f.has_appointment = true;
        assert_eq!(job_status(&f), JobStatus::Scheduled);
        f.visits.push(visit(Outcome::NotHome));
        assert_eq!(job_status(&f), JobStatus::NeedsAppointment);
        f.visits.push(visit(Outcome::Rescheduled));
        assert_eq!(job_status(&f), JobStatus::Scheduled);
        f.visits.push(visit(Outcome::FixedUntested));
        f.pending_callbacks = 1;
        assert_eq!(job_status(&f), JobStatus::CallbackPending);
        f.pending_callbacks = 0;
        assert_eq!(job_status(&f), JobStatus::AwaitingCard);
        f.open_revisit = true;
        assert_eq!(job_status(&f), JobStatus::Revisit);
        f.open_revisit = false;
        f.card = Some(Card {
            signed_by: Some(SignedBy::Customer),
            ..Card::default()
        });
        assert_eq!(job_status(&f), JobStatus::Done);
        f.visits.push(visit(Outcome::Pulled));
        assert_eq!(job_status(&f), JobStatus::InWorkshop);
        f.visits.push(visit(Outcome::Returned));
        assert_eq!(job_status(&f), JobStatus::Done);
        f.visits.push(visit(Outcome::AwaitingParts));
        assert_eq!(job_status(&f), JobStatus::NeedsAppointment);
        f.visits.push(visit(Outcome::Cancelled));
        assert_eq!(job_status(&f), JobStatus::Cancelled);
    }

    #[test]
    fn a_consultation_is_done_once_its_callback_is_made() {
        let f = JobFacts {
            visits: vec![visit(Outcome::Consulted)],
            ..JobFacts::default()
        };
        assert_eq!(job_status(&f), JobStatus::Done);
    }
}
