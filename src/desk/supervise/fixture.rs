//! A small branch built by hand through the desk's own operations, whose
//! scorecard is worked out in the tests (Asia/Shanghai-like +08:00, now
//! 2026-11-23 15:00). Shared with the screens' and the center's tests.

use super::*;
use crate::domain::callback::CallbackResult;
use crate::domain::card::{Card, Satisfaction, SignedBy};
use crate::domain::job::{Job, Warranty};
use crate::domain::time::testing::{t, zone};
use crate::domain::visit::{Outcome, Visit};
use crate::store::Store;
use chrono::NaiveDate;

pub const NOW: &str = "2026-11-23T15:00:00+08:00";
pub const W: &str = "王强";
pub const L: &str = "李明";

pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).expect("a time")
}

fn job(no: &str, engineer: &str, day: &str, from: &str, to: &str) -> Job {
    Job {
        job_no: no.into(),
        branch: "QD01".into(),
        customer: format!("用户{no}"),
        phone: "13812345678".into(),
        address: "青岛市崂山区海尔路1号".into(),
        product_model: "BCD-470WDPG".into(),
        purchase_date: NaiveDate::from_ymd_opt(2025, 5, 1),
        fault: "不制冷".into(),
        appointment_start: Some(t(&format!("{day} {from}"))),
        appointment_end: Some(t(&format!("{day} {to}"))),
        engineer: engineer.into(),
        warranty: Some(Warranty::In),
        ..Job::default()
    }
}

fn visit(no: &str, engineer: &str, o: Outcome, arrived: Option<&str>, finished: &str) -> Visit {
    Visit {
        job_no: no.into(),
        engineer: engineer.into(),
        arrived_at: arrived.map(t),
        finished_at: Some(t(finished)),
        outcome: Some(o),
        ..Visit::default()
    }
}

fn card(no: &str, at: &str, sat: Satisfaction, by: SignedBy) -> Card {
    Card {
        job_no: no.into(),
        returned_at: Some(t(at)),
        satisfaction: Some(sat),
        signed_by: Some(by),
        warranty_record: Some(true),
        ..Card::default()
    }
}

/// Yesterday: J6 (王强) fixed untested, the customer denies signing.
/// Today: J1 (王强) fixed, 20 min late; J2 (王强) untested, unsatisfied
/// on the callback (re-visit J2-R1 done by 李明), card "satisfied";
/// J5 (王强) card signed by the engineer; J3 (李明) consulted, never
/// called; J4 (李明) unsure, called late and unreachable; J7 (李明)
/// fixed, card "unsatisfied" (re-visit J7-R1 opened, not booked).
/// Reconciled yesterday and today (after a 14:00 cut-off).
pub fn desk() -> Desk {
    use Outcome::*;
    use Satisfaction::{Satisfied, Unsatisfied};
    use SignedBy::{Customer, Engineer};
    let mut d = Desk::new(Store::open_in_memory().expect("db"), "clerk").expect("desk");
    d.zone = zone();
    let y = "2026-11-22";
    let td = "2026-11-23";
    let early = t("2026-11-21 08:00");
    for j in [
        job("J6", W, y, "09:00", "10:00"),
        job("J1", W, td, "09:00", "10:00"),
        job("J2", W, td, "09:00", "10:00"),
        job("J3", L, td, "10:00", "11:00"),
        job("J4", L, td, "09:00", "10:00"),
        job("J5", W, td, "08:00", "09:00"),
        job("J7", L, td, "08:00", "09:00"),
    ] {
        d.add_job(&j, early).expect("job");
    }
    // Yesterday.
    let v = visit(
        "J6",
        W,
        FixedUntested,
        Some("2026-11-22 10:00"),
        "2026-11-22 10:30",
    );
    d.record_visit(&v, t("2026-11-22 10:30")).expect("visit");
    d.log_callback(
        "J6",
        CallbackResult::DeniesSignature,
        "没签过",
        t("2026-11-22 12:00"),
    )
    .expect("call");
    d.record_card(
        &card("J6", "2026-11-22 16:00", Satisfied, Customer),
        t("2026-11-22 16:00"),
    )
    .expect("card");
    d.reconcile(t("2026-11-22 17:00").date_naive(), t("2026-11-22 17:05"))
        .expect("reconcile");
    // Today the cut-off is 14:00: the 14:50 reconciliation is after it,
    // so that cards not back are missing.
    d.cutoff = chrono::NaiveTime::from_hms_opt(14, 0, 0).expect("14:00");
    // Today.
    let visits = [
        visit("J7", L, Fixed, Some("2026-11-23 08:30"), "2026-11-23 09:00"),
        visit("J5", W, Fixed, Some("2026-11-23 09:00"), "2026-11-23 09:40"),
        visit(
            "J4",
            L,
            Unsure,
            Some("2026-11-23 10:00"),
            "2026-11-23 10:30",
        ),
        visit("J1", W, Fixed, Some("2026-11-23 10:20"), "2026-11-23 11:00"),
        visit(
            "J2",
            W,
            FixedUntested,
            Some("2026-11-23 10:10"),
            "2026-11-23 10:30",
        ),
        visit("J3", L, Consulted, None, "2026-11-23 11:00"),
    ];
    for v in &visits {
        let at = v.finished_at.expect("finish");
        d.record_visit(v, at).expect("visit");
    }
    d.record_card(
        &card("J1", "2026-11-23 12:00", Satisfied, Customer),
        t("2026-11-23 12:00"),
    )
    .expect("card");
    d.record_card(
        &card("J5", "2026-11-23 12:00", Satisfied, Engineer),
        t("2026-11-23 12:00"),
    )
    .expect("card");
    d.record_card(
        &card("J7", "2026-11-23 12:00", Unsatisfied, Customer),
        t("2026-11-23 12:00"),
    )
    .expect("card");
    d.record_card(
        &card("J2", "2026-11-23 12:00", Satisfied, Customer),
        t("2026-11-23 12:00"),
    )
    .expect("card");
    let o = d
        .log_callback(
            "J2",
            CallbackResult::Unsatisfied,
            "还是不冷",
            t("2026-11-23 12:10"),
        )
        .expect("call");
    assert_eq!(o.revisit_job_no.as_deref(), Some("J2-R1"));
    d.log_callback("J4", CallbackResult::Unreachable, "", t("2026-11-23 13:40"))
        .expect("call");
    let r1 = visit(
        "J2-R1",
        L,
        Fixed,
        Some("2026-11-23 14:00"),
        "2026-11-23 14:30",
    );
    d.record_visit(&r1, t("2026-11-23 14:30")).expect("visit");
    d.reconcile(t("2026-11-23 14:50").date_naive(), t("2026-11-23 14:50"))
        .expect("reconcile");
    d
}
