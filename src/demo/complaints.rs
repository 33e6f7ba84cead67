//! The demo's complaints: one in each state, one of them past
//! its answer deadline, on jobs the demo made, so that a new user sees the
//! complaints list, its colours and the supervisor's counts at once.

use crate::desk::complaints::{ComplaintInput, onsite_overdue};
use crate::desk::{Desk, Result};
use crate::domain::complaint::{Category, Settlement, Source};
use crate::domain::time::Ts;
use crate::store::demo as look;
use chrono::Duration;

fn input(job_no: &str, source: Source, category: Category, note: &str) -> ComplaintInput {
    ComplaintInput {
        job_no: job_no.into(),
        source: Some(source),
        category: Some(category),
        note: note.into(),
        ..Default::default()
    }
}

/// Adds the demo's complaints; returns how many.
pub fn fill(desk: &mut Desk, now: Ts) -> Result<usize> {
    // Written as the demo's other rows are: by "demo".
    let operator = desk.operator.clone();
    desk.set_operator("demo");
    let made = fill_as_demo(desk, now);
    desk.set_operator(&operator);
    made
}

fn fill_as_demo(desk: &mut Desk, now: Ts) -> Result<usize> {
    let mut made = 0;
    // 1. A customer unsatisfied on a callback more than a day ago
    //    complained on the call itself: not answered yet, past its 24 h
    //    (red).
    let day_ago = now - Duration::hours(24);
    if let Some((no, at)) = look::last_unhappy_call_before(desk.store.conn(), day_ago)? {
        desk.add_complaint(
            &input(
                &no,
                Source::Callback,
                Category::Quality,
                "修过之后还是老毛病",
            ),
            at + Duration::minutes(2),
        )?;
        made += 1;
    }
    // 2. The customer who denied signing the card: answered the same
    //    evening, not settled yet.
    if let Some((no, at)) = look::last_denied_signature(desk.store.conn())? {
        let answered = (at + Duration::minutes(50)).min(now);
        let id = desk.add_complaint(
            &input(
                &no,
                Source::Callback,
                Category::Forgery,
                "用户称监督卡不是本人所签",
            ),
            at + Duration::minutes(2),
        )?;
        desk.respond_complaint(id, "已致电用户致歉，主管核查中", answered)?;
        made += 1;
    }
    // 3. A job past its on-site promise: the customer rang the hotline
    //    when it was broken (green: a day to answer).
    let zone = desk.zone;
    let late = desk.store.read(|c| onsite_overdue(c, &zone, now))?;
    if let Some(o) = late.first() {
        desk.add_complaint(
            &input(
                &o.job_no,
                Source::Hotline,
                Category::Delay,
                "报修一天多了还没人上门",
            ),
            o.due_ts.max(now - Duration::hours(3)).min(now),
        )?;
        made += 1;
    }
    // 4. A letter about the call-out charge, about no job in particular,
    //    logged last evening: 75 % of its day gone (yellow).
    let mut letter = input("", Source::Letter, Category::Charge, "对上门费标准有疑问");
    letter.customer = "钱先生".into();
    letter.phone = "13705321234".into();
    desk.add_complaint(&letter, now - Duration::hours(19))?;
    made += 1;
    // 5. Settled: an engineer's attitude, a week ago, penalty per the rules.
    if let Some((no, at)) = look::first_done_received(desk.store.conn())? {
        let at = (at + Duration::hours(30)).min(now - Duration::hours(6));
        let settled = (at + Duration::days(2)).min(now - Duration::hours(1));
        let id = desk.add_complaint(
            &input(&no, Source::Center, Category::Attitude, "工程师态度生硬"),
            at,
        )?;
        desk.respond_complaint(id, "已向用户致歉", (at + Duration::hours(4)).min(settled))?;
        desk.settle_complaint(
            id,
            Settlement::Penalty,
            "工程师按规定处罚，用户接受",
            None,
            settled,
        )?;
        made += 1;
    }
    Ok(made)
}
