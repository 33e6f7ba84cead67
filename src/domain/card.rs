//! Supervision cards (服务任务监督卡) and *awaiting signature*.

use super::codes::codes;
use super::time::Ts;

codes!(
    /// The satisfaction mark on a card (blank is `None`).
    Satisfaction { Satisfied = "satisfied", Unsatisfied = "unsatisfied" }
);

codes!(
    /// Who signed the card.
    SignedBy { Customer = "customer", Family = "family", Engineer = "engineer", Nobody = "none" }
);

impl SignedBy {
    /// Signed by the customer's side: the only signature that counts.
    pub fn is_customer_side(self) -> bool {
        matches!(self, SignedBy::Customer | SignedBy::Family)
    }
}

/// A card as handed back (the cards-file columns).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Card {
    pub job_no: String,
    pub returned_at: Option<Ts>,
    pub satisfaction: Option<Satisfaction>,
    pub signed_by: Option<SignedBy>,
    pub warranty_record: Option<bool>,
    pub charge: Option<i64>,
    pub receipt_no: String,
    /// The card's two marks beside the overall `satisfaction`.
    pub quality: Option<crate::domain::voice::Answer>,
    pub attitude: Option<crate::domain::voice::Answer>,
}

impl Card {
    pub fn signed_by_customer_side(&self) -> bool {
        self.signed_by.is_some_and(SignedBy::is_customer_side)
    }
}

codes!(
    /// Where a job's card stands.
    CardState {
        NotRequired = "not_required",
        NotBack = "not_back",
        Unsigned = "unsigned",
        Signed = "signed",
    }
);

impl CardState {
    /// A visited job whose card is not back, or back without the signature
    /// of the customer or the customer's family.
    pub fn awaiting_signature(self) -> bool {
        matches!(self, CardState::NotBack | CardState::Unsigned)
    }
}

pub fn card_state(visited: bool, card: Option<&Card>) -> CardState {
    match card {
        Some(c) if c.signed_by_customer_side() => CardState::Signed,
        Some(_) => CardState::Unsigned,
        None if visited => CardState::NotBack,
        None => CardState::NotRequired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(signed: Option<SignedBy>) -> Card {
        Card {
            job_no: "J1".into(),
            signed_by: signed,
            ..Card::default()
        }
    }

    #[test]
    fn only_the_customer_or_family_signature_ends_the_wait() {
        assert_eq!(card_state(true, None), CardState::NotBack);
        assert_eq!(card_state(false, None), CardState::NotRequired);
        for (s, state) in [
            (Some(SignedBy::Customer), CardState::Signed),
            (Some(SignedBy::Family), CardState::Signed),
            (Some(SignedBy::Engineer), CardState::Unsigned),
            (Some(SignedBy::Nobody), CardState::Unsigned),
            (None, CardState::Unsigned),
        ] {
            assert_eq!(card_state(true, Some(&card(s))), state, "{s:?}");
        }
        assert!(CardState::NotBack.awaiting_signature());
        assert!(CardState::Unsigned.awaiting_signature());
        assert!(!CardState::Signed.awaiting_signature());
        assert!(!CardState::NotRequired.awaiting_signature());
    }

    #[test]
    fn none_is_the_code_for_nobody() {
        assert_eq!(SignedBy::parse("none"), Ok(SignedBy::Nobody));
        assert_eq!(SignedBy::Nobody.code(), "none");
        assert!(SignedBy::parse("neighbour").is_err());
    }
}
