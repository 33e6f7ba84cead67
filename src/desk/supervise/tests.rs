use super::fixture::{L, W};
use super::*;
use crate::domain::callback::CallbackResult;
use crate::domain::escalation::EscalationState;
use crate::domain::reconcile::DiscrepancyKind;
use crate::domain::scorecard::EngineerScore;
use crate::domain::time::testing::t;
use crate::domain::visit::Outcome;

fn score<'a>(s: &'a Supervision, e: &str) -> &'a EngineerScore {
    s.scores
        .iter()
        .find(|r| r.engineer == e)
        .unwrap_or_else(|| panic!("no {e}"))
}

#[test]
fn the_scorecard_of_the_hand_built_branch() {
    use DiscrepancyKind::*;
    let mut d = fixture::desk();
    let s = d.supervision(fixture::now(), Period::Today).unwrap();
    assert_eq!(s.scores.len(), 2);
    let w = score(&s, W);
    // J1, J2, J5; J1 was 20 minutes late, J2 10 (not counted).
    assert_eq!(w.jobs, 3);
    assert_eq!(w.late_arrivals, 1);
    // J1 and J5 fixed at the first visit; J2 needed a re-visit.
    assert_eq!((w.first_visits, w.first_visit_fixed), (3, 2));
    assert_eq!(w.first_visit_fix_percent(), Some(66));
    assert_eq!((w.callbacks_overdue, w.overdue_now), (0, 0));
    assert_eq!((w.unsatisfied, w.revisits), (1, 1));
    assert_eq!(w.discrepancy(SatisfactionConflict), 1);
    assert_eq!(w.discrepancy(SignatureSuspect), 1);
    assert_eq!(w.discrepancies_total(), 2);
    let l = score(&s, L);
    // J2-R1 (his visit), J3 (consulted), J4, J7.
    assert_eq!(l.jobs, 4);
    assert_eq!(l.late_arrivals, 0);
    // J4 and J7; the re-visit and the consultation are no first visits.
    // J7's unsatisfied card opened a re-visit: not fixed at the first.
    assert_eq!((l.first_visits, l.first_visit_fixed), (2, 1));
    // J3 never called (due 13:00), J4 first called 13:40 (due 13:30).
    assert_eq!((l.callbacks_overdue, l.overdue_now), (2, 2));
    // J7-R1, opened by J7's unsatisfied card.
    assert_eq!((l.unsatisfied, l.revisits), (1, 1));
    // J4 and J2-R1: no card back.
    assert_eq!(l.discrepancy(CardMissing), 2);
    assert_eq!(l.discrepancies_total(), 2);

    // Seven days take in yesterday's J6 as well.
    let s7 = d.supervision(fixture::now(), Period::Days7).unwrap();
    let w7 = score(&s7, W);
    assert_eq!(w7.jobs, 4);
    assert_eq!((w7.first_visits, w7.first_visit_fixed), (4, 3));
    assert_eq!(w7.discrepancy(SignatureSuspect), 2);
    assert_eq!(score(&s7, L).jobs, 4);
}

#[test]
fn overdue_callbacks_most_overdue_first_match_the_scorecard() {
    let mut d = fixture::desk();
    let o = d.overdue_callbacks(fixture::now().to_utc()).unwrap();
    let got: Vec<_> = o
        .iter()
        .map(|x| {
            (
                x.job_no.as_str(),
                x.overdue_minutes,
                x.attempts,
                x.branch.as_str(),
            )
        })
        .collect();
    assert_eq!(got, [("J3", 120, 0, "QD01"), ("J4", 90, 1, "QD01")]);
    assert!(o.iter().all(|x| x.engineer == L && x.escalation.is_none()));
    let s = d.supervision(fixture::now(), Period::Days30).unwrap();
    let now_total: u32 = s.scores.iter().map(|r| r.overdue_now).sum();
    assert_eq!(now_total as usize, o.len());
}

#[test]
fn a_denial_escalated_before_the_reconciliation_stays_escalated_after() {
    let mut d = fixture::desk();
    // J8: fixed today, card signed by the customer, who then denies it.
    let now = t("2026-11-23 15:00");
    let j8 = crate::domain::job::Job {
        job_no: "J8".into(),
        branch: "QD01".into(),
        engineer: W.into(),
        ..Default::default()
    };
    d.add_job(&j8, now).unwrap();
    let v = crate::domain::visit::Visit {
        job_no: "J8".into(),
        engineer: W.into(),
        arrived_at: Some(t("2026-11-23 11:00")),
        finished_at: Some(t("2026-11-23 11:30")),
        outcome: Some(Outcome::FixedUntested),
        ..Default::default()
    };
    d.record_visit(&v, now).unwrap();
    d.log_callback("J8", CallbackResult::DeniesSignature, "", now)
        .unwrap();
    let s = d.supervision(fixture::now(), Period::Today).unwrap();
    let f = s.forgeries.iter().find(|f| f.job_no == "J8").unwrap();
    assert!(matches!(f.target, Target::Callback { .. }));
    d.escalate(f.target, "中心", "", now).unwrap();
    d.reconcile(now.date_naive(), t("2026-11-23 17:05"))
        .unwrap();
    let s = d
        .supervision(
            DateTime::parse_from_rfc3339("2026-11-23T17:10:00+08:00").unwrap(),
            Period::Today,
        )
        .unwrap();
    let f = s.forgeries.iter().find(|f| f.job_no == "J8").unwrap();
    assert!(matches!(f.target, Target::Discrepancy { .. }));
    let e = f.escalation.as_ref().unwrap();
    assert_eq!(
        (e.state, e.to.as_str()),
        (EscalationState::Escalated, "中心")
    );
}

#[test]
fn forgeries_and_chains_of_the_hand_built_branch() {
    let mut d = fixture::desk();
    let s = d.supervision(fixture::now(), Period::Days7).unwrap();
    let jobs: Vec<_> = s.forgeries.iter().map(|f| f.job_no.as_str()).collect();
    // All open; the newest suspicion first (today's two, then J6).
    assert_eq!(jobs, ["J2", "J5", "J6"]);
    let j6 = &s.forgeries[2];
    assert!(
        j6.card
            .as_ref()
            .is_some_and(|c| c.signed_by_customer_side())
    );
    assert!(
        j6.calls
            .iter()
            .any(|c| c.result == Some(CallbackResult::DeniesSignature))
    );
    assert!(matches!(j6.target, Target::Discrepancy { .. }));
    // J2's chain and J7's (its unsatisfied card opened J7-R1).
    assert_eq!(s.chains.len(), 2);
    let ch = s.chains.iter().find(|c| c.job_no == "J2").unwrap();
    assert_eq!(ch.job_no, "J2");
    let links: Vec<_> = ch.links.iter().map(|l| l.job_no.as_str()).collect();
    assert_eq!(links, ["J2", "J2-R1"]);
    assert_eq!(ch.visits, 2);
    // J2-R1's card is not back: not done, so not yet satisfied.
    assert!(!ch.satisfied);
    let j7 = s.chains.iter().find(|c| c.job_no == "J7").unwrap();
    let links: Vec<_> = j7.links.iter().map(|l| l.job_no.as_str()).collect();
    assert_eq!(links, ["J7", "J7-R1"]);
    assert!(!j7.satisfied);
}

#[test]
fn an_escalation_is_stored_with_who_and_when_and_later_shows_the_resolution() {
    let mut d = fixture::desk();
    let now = fixture::now().to_utc();
    let o = d.overdue_callbacks(now).unwrap();
    let j3 = o[0].target;
    d.operator = "赵主管".into();
    assert!(d.escalate(j3, "  ", "", now).is_err(), "to whom is needed");
    assert!(d.acknowledge(j3, " ", now).is_err(), "a note is needed");
    let wrong = Target::Callback {
        job_id: 9999,
        callback_id: 1,
    };
    assert!(d.escalate(wrong, "经理", "", now).is_err());
    let e = d.escalate(j3, "售后经理", "两小时未回访", now).unwrap();
    assert_eq!(e.state, EscalationState::Escalated);
    assert_eq!(
        (e.by.as_str(), e.at.as_str()),
        ("赵主管", "2026-11-23T15:00:00+08:00")
    );
    let o = d.overdue_callbacks(now).unwrap();
    assert_eq!(o[0].escalation_state, "escalated");
    assert_eq!(o[0].escalation.as_ref().unwrap().to, "售后经理");
    assert_eq!(o[1].escalation_state, "none");
    // The clerk makes the call: the item is resolved, both show.
    d.operator = "clerk".into();
    d.log_callback("J3", CallbackResult::Satisfied, "", t("2026-11-23 15:20"))
        .unwrap();
    let s = d.supervision(fixture::now(), Period::Today).unwrap();
    assert!(s.pending.iter().all(|p| p.job_no != "J3"));
    let marks = d.escalated_items().unwrap();
    assert_eq!(marks.len(), 1);
    let e = Escalation::from_row(&d.zone, &marks[0]);
    assert_eq!(e.state, EscalationState::EscalatedResolved);
    // The supervisor's list of items acted on shows both.
    assert_eq!(s.acted.len(), 1);
    assert_eq!(s.acted[0].job_no, "J3");
    assert_eq!(s.acted[0].escalation, e);
    assert_eq!(e.by, "赵主管");
    assert_eq!(e.resolved_by.as_deref(), Some("clerk"));
    assert_eq!(e.resolved_at.as_deref(), Some("2026-11-23T15:20:00+08:00"));
    // An acknowledgement is the newest action: no longer escalated.
    d.acknowledge(j3, "已回访，用户满意", t("2026-11-23 15:30"))
        .unwrap();
    assert!(d.escalated_items().unwrap().is_empty());
    let detail = d.job_detail("J3").unwrap();
    assert!(!detail.escalated);
    let acts = detail
        .timeline
        .iter()
        .filter(|e| matches!(e.event, crate::desk::TimelineEvent::Supervisor(_)))
        .count();
    assert_eq!(acts, 2);
    // Both are in the audit trail, by whom and when, and it is intact.
    let audited: Vec<(String, String)> = d
        .audit_log(Some("J3"))
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "escalate" || e.action == "acknowledge")
        .map(|e| (e.action, e.operator))
        .collect();
    assert_eq!(
        audited,
        [
            ("escalate".to_string(), "赵主管".to_string()),
            ("acknowledge".to_string(), "clerk".to_string())
        ]
    );
    assert!(d.audit_verify().unwrap().is_intact());
}
