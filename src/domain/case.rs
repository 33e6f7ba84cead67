//! Cases for the center's ruling: refused payment, fee waivers,
//! compensation, return or exchange demands, damage, detention, an apology
//! or entry refused. The branch reports them, the center rules first, the
//! ruling comes back in a file signed with the center's key, and the clerk
//! closes the case after acting on it.

use super::codes::codes;
use super::time::Ts;

codes!(
    /// What the center is asked to rule on.
    CaseKind {
        FeeWaiver = "fee_waiver",
        PaymentRefused = "payment_refused",
        Compensation = "compensation",
        ReturnExchange = "return_exchange",
        Damage = "damage",
        Detention = "detention",
        ApologyRefused = "apology_refused",
        EntryRefused = "entry_refused",
    }
);

codes!(
    /// Where a case stands.
    CaseState { AwaitingRuling = "awaiting_ruling", Ruled = "ruled", Closed = "closed" }
);

codes!(
    /// The center's decision.
    Decision { Approved = "approved", Rejected = "rejected", Other = "other" }
);

/// The branch setting that pins the center's public key (64 hex).
pub const CENTER_KEY: &str = "center_key";

/// The version of a rulings file.
pub const RULINGS_SCHEMA: u32 = 1;

impl CaseKind {
    /// The standard sends the after-sales manager in person: an apology the
    /// customer refused from the engineer, entry refused (credentials
    /// doubted).
    pub fn needs_manager_visit(self) -> bool {
        matches!(self, CaseKind::ApologyRefused | CaseKind::EntryRefused)
    }
}

/// A case's state from its facts.
pub fn state(ruled: bool, closed: bool) -> CaseState {
    match (ruled, closed) {
        (_, true) => CaseState::Closed,
        (true, false) => CaseState::Ruled,
        (false, false) => CaseState::AwaitingRuling,
    }
}

/// Why a closed case is not closed again.
pub const ALREADY_CLOSED: &str = "is already closed";

/// Why a case cannot be closed now, if it cannot.
pub fn refuse_close(ruled: bool, closed_at: Option<Ts>) -> Option<&'static str> {
    if closed_at.is_some() {
        Some(ALREADY_CLOSED)
    } else if !ruled {
        Some("has no ruling from the center yet: it is closed after acting on the ruling")
    } else {
        None
    }
}

/// A note or a name with a control character (but tab and line feed):
/// refused, so that no screen or terminal is driven by the data.
pub fn refuse_control(what: &str, text: &str) -> Result<(), String> {
    match text
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
    {
        Some(c) => Err(format!(
            "{what} contains the control character U+{:04X}",
            c as u32
        )),
        None => Ok(()),
    }
}

/// The manager visit a case puts on the desk until it is closed.
pub fn manager_visit(kind: CaseKind, closed: bool) -> bool {
    kind.needs_manager_visit() && !closed
}

/// One ruling as a rulings file carries it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ruling {
    pub case_id: i64,
    pub job_no: String,
    pub kind: String,
    pub decision: String,
    pub note: String,
    pub ruled_at: String,
    pub ruled_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::t;

    #[test]
    fn a_case_waits_for_its_ruling_then_is_closed() {
        assert_eq!(state(false, false), CaseState::AwaitingRuling);
        assert_eq!(state(true, false), CaseState::Ruled);
        assert_eq!(state(true, true), CaseState::Closed);
        assert!(refuse_close(false, None).unwrap().contains("no ruling"));
        assert_eq!(refuse_close(true, None), None);
        assert!(
            refuse_close(true, Some(t("2026-11-23 10:00")))
                .unwrap()
                .contains("already closed")
        );
    }

    #[test]
    fn control_characters_are_refused_in_notes() {
        assert!(refuse_control("note", "用户\n拒付\t").is_ok());
        assert!(refuse_control("note", "x\u{1b}[2J").is_err());
        assert!(refuse_control("note", "x\u{85}").is_err());
    }

    #[test]
    fn an_apology_or_entry_refused_sends_the_manager_until_closed() {
        let sends: Vec<CaseKind> = CaseKind::ALL
            .iter()
            .copied()
            .filter(|k| manager_visit(*k, false))
            .collect();
        assert_eq!(sends, [CaseKind::ApologyRefused, CaseKind::EntryRefused]);
        assert!(!manager_visit(CaseKind::EntryRefused, true));
    }
}
