//! The supervisor's escalations and acknowledgements: what an item's state
//! is, from the newest action on it and whether the item itself was since
//! dealt with (a callback made, a discrepancy resolved).

use super::codes::codes;

codes!(
    /// What a supervisor acted on.
    EscalationItem { Callback = "callback", Discrepancy = "discrepancy", Job = "job" }
);

codes!(
    /// What a supervisor did.
    EscalationAction { Escalated = "escalated", Acknowledged = "acknowledged" }
);

/// Where an item stands for the supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationState {
    /// Nobody has acted on it yet.
    None,
    Escalated,
    Acknowledged,
    /// Escalated, and the item was later dealt with.
    EscalatedResolved,
}

impl EscalationState {
    pub fn code(self) -> &'static str {
        match self {
            EscalationState::None => "none",
            EscalationState::Escalated => "escalated",
            EscalationState::Acknowledged => "acknowledged",
            EscalationState::EscalatedResolved => "escalated_resolved",
        }
    }

    /// The item carries the *escalated* mark (on the clerk's dashboard too):
    /// its newest action is an escalation, whether or not it was resolved.
    pub fn is_escalated(self) -> bool {
        matches!(
            self,
            EscalationState::Escalated | EscalationState::EscalatedResolved
        )
    }
}

/// The state from the newest action (if any) and whether the item itself
/// has been dealt with since.
pub fn escalation_state(newest: Option<EscalationAction>, resolved: bool) -> EscalationState {
    match (newest, resolved) {
        (None, _) => EscalationState::None,
        (Some(EscalationAction::Acknowledged), _) => EscalationState::Acknowledged,
        (Some(EscalationAction::Escalated), false) => EscalationState::Escalated,
        (Some(EscalationAction::Escalated), true) => EscalationState::EscalatedResolved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_action_decides_and_a_resolved_escalation_shows_both() {
        use EscalationAction::*;
        assert_eq!(escalation_state(None, true), EscalationState::None);
        assert_eq!(
            escalation_state(Some(Escalated), false),
            EscalationState::Escalated
        );
        assert_eq!(
            escalation_state(Some(Escalated), true),
            EscalationState::EscalatedResolved
        );
        assert!(EscalationState::EscalatedResolved.is_escalated());
        assert_eq!(
            escalation_state(Some(Acknowledged), false),
            EscalationState::Acknowledged
        );
        assert!(!EscalationState::Acknowledged.is_escalated());
        assert_eq!(EscalationItem::parse("job"), Ok(EscalationItem::Job));
    }
}
