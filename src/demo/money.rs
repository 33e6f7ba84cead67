//! The demo's money, workshop, cases and delays: a fee standard,
//! a workshop repair agreed past the 5 working days, a job waiting for a
//! part, a visit charged over its fee items, cases for the center in every
//! state (one sending the after-sales manager) and an engineer running
//! late, on jobs the demo made, so that a new user sees them at once.

use crate::desk::{Desk, Result};
use crate::domain::case::{CaseKind, Decision};
use crate::domain::job::{Job, Warranty};
use crate::domain::time::Ts;
use crate::domain::visit::{Outcome, Visit};
use chrono::{Duration, NaiveTime};

const FEES: &str = "code,name,amount
LABOR,上门维修费,80
GAS,加氟,120
PART-COMP,压缩机,260
PART-BOARD,电脑板,180
TRANSPORT,拉修运输费,30
";

/// Adds the demo's fee standard, workshop, cases and delay to the demo
/// branch `branch` (the code its jobs carry); returns how many things it
/// made.
pub fn fill(desk: &mut Desk, branch: &str, now: Ts) -> Result<usize> {
    let operator = desk.operator.clone();
    desk.set_operator("demo");
    let made = fill_as_demo(desk, branch, now);
    desk.set_operator(&operator);
    made
}

fn fill_as_demo(desk: &mut Desk, branch: &str, now: Ts) -> Result<usize> {
    let mut made = 0;
    let start = now - Duration::days(3);
    desk.import_fees("demo-fees.csv", FEES.as_bytes(), start)?;
    made += 1;
    let zone = desk.zone;
    let yesterday = zone.date_of(now) - Duration::days(1);
    let at = |h: u32, m: u32| {
        zone.at(
            yesterday,
            NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default(),
        )
    };
    // Three jobs of its own, dispatched yesterday morning (numbers the
    // ordinary demo does not use; skipped if a large demo has them).
    let specs: [(&str, &str, &str, &str, u32, Warranty); 3] = [
        (
            "郑丽",
            "13806391234",
            "BCD-470WDPG",
            "冰箱不制冷，压缩机不启动",
            10,
            Warranty::Out,
        ),
        (
            "冯军",
            "15866027788",
            "XQG100-HBD14126L",
            "洗衣机不脱水，显示E4",
            14,
            Warranty::In,
        ),
        (
            "褚红",
            "18765432109",
            "KFR-35GW/81@U1-Ge",
            "空调不制冷，缺氟",
            16,
            Warranty::Out,
        ),
    ];
    let mut mine = Vec::new();
    for (i, (customer, phone, model, fault, hour, warranty)) in specs.into_iter().enumerate() {
        let job_no = format!("{}{:04}", yesterday.format("%y%m%d"), 9001 + i);
        if desk.job_exists(&job_no)? {
            continue;
        }
        let job = Job {
            job_no: job_no.clone(),
            branch: branch.to_string(),
            received_at: Some(at(8, 30)),
            customer: customer.into(),
            phone: phone.into(),
            address: format!("青岛市崂山区松岭路{}号", 18 + i),
            product_model: model.into(),
            purchase_date: chrono::NaiveDate::from_ymd_opt(2021, 6, 1),
            fault: fault.into(),
            appointment_start: Some(at(hour, 0)),
            appointment_end: Some(at(hour + 1, 0)),
            engineer: ["王强", "李明", "张伟"][i].into(),
            warranty: Some(warranty),
            ..Job::default()
        };
        desk.add_job(&job, at(8, 30))?;
        mine.push((job_no, job.engineer, at(hour, 5)));
    }
    let visit = |(no, engineer, arrived): &(String, String, Ts), outcome: Outcome| Visit {
        job_no: no.clone(),
        engineer: engineer.clone(),
        arrived_at: Some(*arrived),
        finished_at: Some(*arrived + Duration::minutes(40)),
        outcome: Some(outcome),
        ..Visit::default()
    };
    let mut mine = mine.iter();
    // 1. A workshop repair agreed three weeks out (past 5 working days),
    //    with the receipt for the customer's machine, charged by the
    //    standard.
    if let Some(j) = mine.next() {
        let mut v = visit(j, Outcome::Pulled);
        v.return_due = Some(yesterday + Duration::days(21));
        v.machine_receipt_no = "JQ-0001".into();
        v.fee_items = "TRANSPORT;LABOR".into();
        v.charge = Some(11000);
        v.receipt_no = "SJ-DEMO-01".into();
        v.note = "压缩机返厂，用户同意三周后送回，留周转机".into();
        desk.record_visit(&v, now)?;
        made += 1;
    }
    // 2. The right part not at hand: waiting for it (on today's list to
    //    book, reason awaiting_parts).
    if let Some(j) = mine.next() {
        let mut v = visit(j, Outcome::AwaitingParts);
        v.note = "电脑板型号不符，已申请备件".into();
        desk.record_visit(&v, now)?;
        made += 1;
    }
    // 3. Charged more than the fee items add up to; yesterday's
    //    reconciliation finds it.
    if let Some(j) = mine.next() {
        let mut v = visit(j, Outcome::Fixed);
        v.fee_items = "LABOR;GAS".into();
        v.charge = Some(26000);
        v.receipt_no = "SJ-DEMO-02".into();
        desk.record_visit(&v, now)?;
        desk.reconcile(yesterday, now)?;
        made += 1;
    }
    // 4. Cases for the center: waiting, ruled, closed, and an apology
    //    refused (the after-sales manager goes).
    let finished = crate::store::demo::recent_done(desk.store.conn(), 4)?;
    let ruled = |desk: &mut Desk, id: i64, d: Decision, note: &str, at: Ts| {
        desk.store.write(|c| {
            crate::store::cases::set_ruling(c, id, d, note, at, "中心 刘芳", "demo")?;
            crate::desk::record(
                c,
                "demo",
                at,
                "import_rulings",
                "",
                format!("demo: case {id} ruled {d} ({note})"),
            )
        })
    };
    let cases: [(CaseKind, &str); 4] = [
        (CaseKind::FeeWaiver, "老用户要求减免上门费"),
        (CaseKind::PaymentRefused, "用户认为配件价格过高，拒付"),
        (CaseKind::Compensation, "用户称搬机时碰坏地板，要求赔偿"),
        (CaseKind::ApologyRefused, "工程师迟到40分钟，用户不接受道歉"),
    ];
    for (i, (job, (kind, note))) in finished.iter().zip(cases).enumerate() {
        let opened = now - Duration::hours(30 - 6 * i as i64);
        let id = desk.add_case(job, kind, note, opened)?;
        made += 1;
        match i {
            1 => ruled(
                desk,
                id,
                Decision::Rejected,
                "按收费标准收取，向用户出示标准",
                opened + Duration::hours(5),
            )?,
            2 => {
                ruled(
                    desk,
                    id,
                    Decision::Approved,
                    "同意赔偿200元，由网点先行垫付",
                    opened + Duration::hours(3),
                )?;
                desk.close_case(id, "已赔付用户200元，用户签收", opened + Duration::hours(8))?;
            }
            _ => {}
        }
    }
    // 5. An engineer running late: the customers of the later appointments
    //    today are to be told.
    let engineer: Option<String> = {
        let (_, end) = zone.day_bounds(zone.date_of(now));
        crate::store::demo::engineer_of_next_appointment(desk.store.conn(), now, end)
            .ok()
            .flatten()
    };
    if let Some(e) = engineer {
        desk.add_delay(
            &e,
            30,
            "上一单拆机耗时，路上堵车",
            now - Duration::minutes(5),
        )?;
        made += 1;
    }
    Ok(made)
}
