//! The demo's customer's voice: answers on the calls and marks
//! on the cards, follow-up calls after the recent `fixed` visits (most made
//! by the center's call team, a few overdue, today's still ahead), and a
//! few repeat repairs, so that a new user sees every rate move. Written
//! after the rest of the demo, in one transaction, by "demo".

use crate::desk::callbacks::log_call_in;
use crate::desk::{Desk, Result, refresh};
use crate::domain::callback::CallbackResult;
use crate::domain::job::{Job, to_verify};
use crate::domain::status::JobStatus;
use crate::domain::time::Ts;
use crate::domain::voice::{Answer, Answers};
use crate::store::demo as look;
use crate::store::{callbacks, jobs};
use chrono::Duration;

/// Follow-ups made at most for this many recent `fixed` visits (a demo of
/// a million jobs stays as fast as before).
const MAX_FOLLOWUPS: i64 = 400;

pub fn fill(desk: &mut Desk, now: Ts) -> Result<usize> {
    let hours = {
        let c = desk.store.conn();
        crate::desk::visits::followup_hours(c)?
    };
    desk.store.write(|c| {
        let mut made = 0usize;
        // 1. Answers on the calls of the last 30 days and marks on the
        //    cards: most satisfied customers said so on every question, a
        //    few were lukewarm on one; the unsatisfied ones were not solved.
        made += look::answer_calls_and_cards(c, now - Duration::days(30))?;
        // 2. Follow-ups of the recent fixed visits that have none (the
        //    ordinary past jobs are written in bulk, without them).
        if hours > 0 {
            let visits = look::fixed_visits_without_callback(c, now, MAX_FOLLOWUPS)?;
            for (visit_id, job_id, base) in visits {
                let due = base + Duration::hours(hours);
                callbacks::insert_followup(c, job_id, visit_id, base, due, now)?;
                made += 1;
            }
        }
        // 3. The call team's results: every follow-up due more than 3 hours
        //    ago is made, but one in twelve (overdue, still pending); one in
        //    fifteen made is unsatisfied (a re-visit), one in ten only
        //    unreachable so far.
        let due = look::followups_due(c, now - Duration::hours(3))?;
        // An unsatisfied customer (two at most) only where the card did not
        // say satisfied: the earlier days were reconciled already, and a
        // satisfied card with an unsatisfied call is a discrepancy.
        let mut unsatisfied = 0;
        for (i, f) in due.iter().enumerate() {
            let look::FollowupDue {
                id,
                job_no,
                due_at,
                card_satisfied,
            } = f;
            if i % 12 == 5 {
                continue;
            }
            let at = (*due_at + Duration::minutes(20 + (id % 90))).min(now);
            let unhappy = *card_satisfied != Some(true) && unsatisfied < 2 && i % 3 == 0;
            unsatisfied += usize::from(unhappy);
            let (result, answers) = if unhappy {
                (
                    CallbackResult::Unsatisfied,
                    Answers {
                        attitude: Some(Answer::Satisfied),
                        quality: Some(Answer::Unsatisfied),
                        solved: Some(false),
                    },
                )
            } else if i % 10 == 3 {
                (CallbackResult::Unreachable, Answers::default())
            } else {
                (
                    CallbackResult::Satisfied,
                    Answers {
                        attitude: Some(Answer::Satisfied),
                        quality: Some(if i % 6 == 1 {
                            Answer::Neutral
                        } else {
                            Answer::Satisfied
                        }),
                        solved: (i % 9 != 4).then_some(true),
                    },
                )
            };
            let note = if result == CallbackResult::Unsatisfied {
                "跟踪回访：问题又出现"
            } else {
                ""
            };
            log_call_in(c, job_no, result, &answers, note, "中心回访组", at)?;
            made += 1;
        }
        // 4. A few repeat repairs: the same customer's product failing again
        //    some days after a repair.
        let earlier = look::fixed_between(c, now - Duration::days(20), now - Duration::days(4))?;
        for (n, (job_id, fixed_at)) in earlier.into_iter().enumerate() {
            let old = jobs::by_id(c, job_id)?;
            let received = fixed_at + Duration::days(3 + n as i64 * 2);
            let job_no = format!("{}-F", old.job.job_no);
            if jobs::by_no(c, &job_no)?.is_some() || received > now {
                continue;
            }
            let job = Job {
                job_no,
                received_at: Some(received),
                requirement: "同一故障再次出现 / the same fault again".into(),
                appointment_start: None,
                appointment_end: None,
                purchase_date: old.job.purchase_date,
                ..old.job.clone()
            };
            let id = jobs::insert(
                c,
                &job,
                jobs::Origin::Demo,
                None,
                &to_verify(&job),
                JobStatus::Unscheduled,
                received,
            )?;
            refresh(c, id)?;
            made += 1;
        }
        crate::desk::record(
            c,
            "demo",
            now,
            "demo",
            "",
            format!("demo: the customer's voice ({made} rows)"),
        )?;
        Ok(made)
    })
}
