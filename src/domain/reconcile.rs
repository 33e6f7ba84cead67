//! Daily reconciliation (每日对账): what is still wrong with a job becomes a
//! discrepancy. The same check, run against the present, tells the clerk
//! whether a discrepancy's cause has since gone away.

use super::callback::CallbackResult;
use super::card::{Card, Satisfaction, SignedBy};
use super::codes::codes;
use super::job::Warranty;
use super::time::Ts;
use super::visit::Outcome;

codes!(
    /// The six discrepancy kinds of the SPEC.
    DiscrepancyKind {
        CardMissing = "card_missing",
        SignatureMissing = "signature_missing",
        SignatureSuspect = "signature_suspect",
        WarrantyRecordMissing = "warranty_record_missing",
        SatisfactionConflict = "satisfaction_conflict",
        ChargeMismatch = "charge_mismatch",
        // The fee standard.
        ChargeInWarranty = "charge_in_warranty",
        ChargeOverStandard = "charge_over_standard",
    }
);

codes!(
    /// How the clerk resolved a discrepancy.
    Resolution { RemedialCallback = "remedial_callback", Penalty = "penalty", Note = "note" }
);

codes!(
    DiscrepancyStatus { Open = "open", Resolved = "resolved" }
);

/// A visit, as far as reconciliation needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitFact {
    pub outcome: Outcome,
    pub at: Option<Ts>,
    pub charge: Option<i64>,
    pub receipt_no: String,
    /// The fee standard's sum of the visit's fee items (`None`: no items).
    pub fee_total: Option<i64>,
}

/// Everything the rules need to know about one job.
#[derive(Debug, Clone, Default)]
pub struct JobFacts {
    pub warranty: Option<Warranty>,
    pub has_appointment: bool,
    /// In the order they happened.
    pub visits: Vec<VisitFact>,
    pub card: Option<Card>,
    /// Every callback result logged for the job, in order.
    pub callback_results: Vec<CallbackResult>,
    pub pending_callbacks: usize,
    /// A re-visit opened for this job is not done yet.
    pub open_revisit: bool,
}

impl JobFacts {
    pub fn visited(&self) -> bool {
        self.visits.iter().any(|v| v.outcome.is_visited())
    }
}

/// The discrepancies a job shows. With a `cutoff`, a card returned after it
/// counts as missing (the daily reconciliation); with `None`, only whether
/// it is back now counts (is the cause still there?).
pub fn discrepancies(f: &JobFacts, cutoff: Option<Ts>) -> Vec<(DiscrepancyKind, String)> {
    use DiscrepancyKind::*;
    let mut out = Vec::new();
    let visited = f.visited();
    let denied = f
        .callback_results
        .contains(&CallbackResult::DeniesSignature);
    let card_back = f.card.as_ref().filter(|c| match (cutoff, c.returned_at) {
        (Some(cut), Some(ret)) => ret <= cut,
        _ => true,
    });
    if visited && card_back.is_none() {
        let why = match &f.card {
            Some(_) => "card came back after the cut-off",
            None => "no card back",
        };
        out.push((CardMissing, why.to_string()));
    }
    if let Some(card) = &f.card {
        if matches!(card.signed_by, None | Some(SignedBy::Nobody)) {
            out.push((SignatureMissing, "card signed by nobody".to_string()));
        }
        let satisfied = card.satisfaction == Some(Satisfaction::Satisfied);
        let foreign = card
            .signed_by
            .is_some_and(|s| s != SignedBy::Nobody && !s.is_customer_side());
        if satisfied && foreign {
            out.push((
                SignatureSuspect,
                format!(
                    "\"satisfied\" signed by {}",
                    card.signed_by.map(|s| s.code()).unwrap_or("")
                ),
            ));
        } else if denied {
            out.push((
                SignatureSuspect,
                "customer denies signing the card".to_string(),
            ));
        }
        if visited && f.warranty == Some(Warranty::In) && card.warranty_record != Some(true) {
            out.push((
                WarrantyRecordMissing,
                "in-warranty repair without the warranty record".to_string(),
            ));
        }
        if satisfied && f.callback_results.contains(&CallbackResult::Unsatisfied) {
            out.push((
                SatisfactionConflict,
                "card says satisfied, callback says unsatisfied".to_string(),
            ));
        }
    } else if denied {
        out.push((
            SignatureSuspect,
            "customer denies signing the card".to_string(),
        ));
    }
    if let Some(why) = charge_problem(f) {
        out.push((ChargeMismatch, why));
    }
    let mut charges: Vec<Option<i64>> = f.visits.iter().map(|v| v.charge).collect();
    charges.push(f.card.as_ref().and_then(|c| c.charge));
    if super::fees::charged_in_warranty(f.warranty, &charges) {
        out.push((
            ChargeInWarranty,
            "in-warranty job charged (free under warranty)".to_string(),
        ));
    }
    if let Some(v) = f
        .visits
        .iter()
        .find(|v| super::fees::over_standard(v.charge, v.fee_total))
    {
        out.push((
            ChargeOverStandard,
            format!(
                "charged {} for fee items of {}",
                super::codes::format_money(v.charge.unwrap_or(0)),
                super::codes::format_money(v.fee_total.unwrap_or(0))
            ),
        ));
    }
    out
}

/// The card's charge and the visits' charges are both given and differ, or
/// an out-of-warranty job was charged with no receipt number anywhere.
fn charge_problem(f: &JobFacts) -> Option<String> {
    let visit_charges: Vec<i64> = f.visits.iter().filter_map(|v| v.charge).collect();
    let visit_total: Option<i64> = (!visit_charges.is_empty()).then(|| visit_charges.iter().sum());
    let card_charge = f.card.as_ref().and_then(|c| c.charge);
    if let (Some(card), Some(visits)) = (card_charge, visit_total)
        && card != visits
    {
        return Some(format!(
            "card charge {} differs from reported {}",
            super::codes::format_money(card),
            super::codes::format_money(visits)
        ));
    }
    let charged = card_charge.unwrap_or(0) > 0 || visit_total.unwrap_or(0) > 0;
    let receipt = f
        .card
        .as_ref()
        .is_some_and(|c| !c.receipt_no.trim().is_empty())
        || f.visits.iter().any(|v| !v.receipt_no.trim().is_empty());
    (f.warranty == Some(Warranty::Out) && charged && !receipt)
        .then(|| "out-of-warranty charge without a receipt".to_string())
}

#[cfg(test)]
mod tests {
    use super::DiscrepancyKind::*;
    use super::*;
    use crate::domain::time::testing::t;

    fn fixed(charge: Option<i64>, receipt: &str) -> VisitFact {
        VisitFact {
            outcome: Outcome::Fixed,
            at: Some(t("2026-11-23 10:00")),
            charge,
            receipt_no: receipt.into(),
            fee_total: None,
        }
    }

    fn good_card() -> Card {
        Card {
            job_no: "J1".into(),
            returned_at: Some(t("2026-11-23 16:00")),
            satisfaction: Some(Satisfaction::Satisfied),
            signed_by: Some(SignedBy::Customer),
            warranty_record: Some(true),
            charge: None,
            receipt_no: String::new(),
            ..Card::default()
        }
    }

    fn facts(card: Option<Card>) -> JobFacts {
        JobFacts {
            warranty: Some(Warranty::In),
            visits: vec![fixed(None, "")],
            card,
            ..JobFacts::default()
        }
    }

    fn kinds(f: &JobFacts) -> Vec<DiscrepancyKind> {
        discrepancies(f, Some(t("2026-11-23 17:00")))
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn a_clean_job_has_no_discrepancy() {
        assert!(kinds(&facts(Some(good_card()))).is_empty());
    }

    #[test]
    fn card_missing_when_not_back_by_the_cutoff() {
        assert_eq!(kinds(&facts(None)), [CardMissing]);
        let late = Card {
            returned_at: Some(t("2026-11-23 17:01")),
            ..good_card()
        };
        assert_eq!(kinds(&facts(Some(late.clone()))), [CardMissing]);
        // The cause is gone once the card is back at all.
        assert!(discrepancies(&facts(Some(late)), None).is_empty());
        // A phone consultation needs no card.
        let consult = JobFacts {
            visits: vec![VisitFact {
                outcome: Outcome::Consulted,
                ..fixed(None, "")
            }],
            ..facts(None)
        };
        assert!(kinds(&consult).is_empty());
    }

    #[test]
    fn signatures_missing_and_suspect() {
        let nobody = Card {
            signed_by: Some(SignedBy::Nobody),
            ..good_card()
        };
        assert_eq!(kinds(&facts(Some(nobody))), [SignatureMissing]);
        let engineer = Card {
            signed_by: Some(SignedBy::Engineer),
            ..good_card()
        };
        assert_eq!(kinds(&facts(Some(engineer))), [SignatureSuspect]);
        let family = Card {
            signed_by: Some(SignedBy::Family),
            ..good_card()
        };
        assert!(kinds(&facts(Some(family))).is_empty());
        let mut denied = facts(Some(good_card()));
        denied.callback_results = vec![CallbackResult::DeniesSignature];
        assert_eq!(kinds(&denied), [SignatureSuspect]);
    }

    #[test]
    fn warranty_record_only_for_in_warranty_repairs() {
        let no_record = Card {
            warranty_record: Some(false),
            ..good_card()
        };
        assert_eq!(
            kinds(&facts(Some(no_record.clone()))),
            [WarrantyRecordMissing]
        );
        let mut out = facts(Some(no_record));
        out.warranty = Some(Warranty::Out);
        assert!(kinds(&out).is_empty());
    }

    #[test]
    fn satisfied_card_against_unsatisfied_callback() {
        let mut f = facts(Some(good_card()));
        f.callback_results = vec![CallbackResult::Unsatisfied];
        assert_eq!(kinds(&f), [SatisfactionConflict]);
    }

    #[test]
    fn charges_that_differ_or_lack_a_receipt() {
        let mut f = facts(Some(Card {
            charge: Some(15000),
            receipt_no: "R1".into(),
            ..good_card()
        }));
        // Out of warranty (a charge under warranty is a kind of its own).
        f.warranty = Some(Warranty::Out);
        f.visits = vec![fixed(Some(12000), "R1")];
        assert_eq!(kinds(&f), [ChargeMismatch]);
        f.visits = vec![fixed(Some(15000), "R1")];
        assert!(kinds(&f).is_empty());

        let mut out = facts(Some(good_card()));
        out.warranty = Some(Warranty::Out);
        out.visits = vec![fixed(Some(8000), "")];
        assert_eq!(kinds(&out), [ChargeMismatch]);
        out.visits = vec![fixed(Some(8000), "FP-001")];
        assert!(kinds(&out).is_empty());
    }

    #[test]
    fn an_in_warranty_job_charged_anything_on_the_card_or_a_visit() {
        let mut f = facts(Some(good_card()));
        f.visits = vec![fixed(Some(0), "")];
        assert!(kinds(&f).is_empty(), "0 is no charge");
        f.visits = vec![fixed(Some(12000), "R1")];
        assert_eq!(kinds(&f), [ChargeInWarranty]);
        f.visits = vec![fixed(None, "")];
        f.card = Some(Card {
            charge: Some(1),
            receipt_no: "R1".into(),
            ..good_card()
        });
        assert_eq!(kinds(&f), [ChargeInWarranty]);
        f.warranty = Some(Warranty::Out);
        assert!(kinds(&f).is_empty());
    }

    #[test]
    fn a_visit_charged_over_its_fee_items_equal_is_fine() {
        let mut f = facts(Some(good_card()));
        f.warranty = Some(Warranty::Out);
        let with_items = |charge: i64| VisitFact {
            fee_total: Some(8000),
            ..fixed(Some(charge), "R1")
        };
        f.visits = vec![with_items(8000)];
        assert!(kinds(&f).is_empty());
        f.visits = vec![with_items(8001)];
        assert_eq!(kinds(&f), [ChargeOverStandard]);
        f.visits = vec![with_items(7999)];
        assert!(kinds(&f).is_empty());
        // No fee items: nothing to compare with.
        f.visits = vec![fixed(Some(99900), "R1")];
        assert!(kinds(&f).is_empty());
    }
}
