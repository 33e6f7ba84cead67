//! Callbacks: a result logged with the customer's answers (on the earliest
//! due pending callback, else the follow-up, else an ad hoc call), the
//! results the center's call team made (`import callbacks`), and the
//! on-time history.
//!
//! `import callbacks`: each row logs its result on the job's earliest-due
//! pending callback as made at `called_at` by `caller`, with the rules of
//! `callback`; a row is identified by job and `called_at` (the same row
//! again is a no-op, the same identity with another content rejects the
//! file). All or nothing.

use super::Desk;
use super::DeskError;
use super::Result;
use super::import::*;
use super::record;
use super::record_if_changed;
use super::refresh;
use super::whole;
use crate::domain::callback::CallbackResult;
use crate::domain::time::Ts;
use crate::domain::visit::CallbackKind;
use crate::domain::voice::Answers;
use crate::domain::voice::check_answers;
use crate::io::Problem;
use crate::io::fields::Call;
use crate::io::fields::parse_call;
use crate::io::read_table;
use crate::store::callbacks;
use crate::store::corrections as fix;
use crate::store::jobs;
use chrono::Duration;
use chrono::NaiveDate;
use rusqlite::Connection;

#[derive(Debug, Clone, serde::Serialize)]
pub struct CallbackOutcome {
    pub job_no: String,
    pub kind: Option<CallbackKind>,
    pub due_at: Ts,
    pub result: CallbackResult,
    pub attempts: i64,
    pub still_pending: bool,
    /// The re-visit job an `unsatisfied` result opened (or, when the card
    /// or an earlier callback already opened one still open, that one: see
    /// `revisit_new`).
    pub revisit_job_no: Option<String>,
    /// The re-visit was opened by this result (false: the job's
    /// `unsatisfied` card or an earlier callback had already opened it,
    /// the same cause).
    pub revisit_new: bool,
    /// The call was the follow-up after a `fixed` visit.
    pub followup: bool,
    pub answers: Answers,
}

impl CallbackOutcome {
    /// `2h`, `3h`, `follow-up` or `ad hoc`.
    pub fn kind_label(&self) -> &'static str {
        match (self.kind, self.followup) {
            (Some(k), _) => k.code(),
            (None, true) => "follow-up",
            (None, false) => "ad hoc",
        }
    }
}

/// Callbacks due on one day: made on time (first call at or before the due
/// time) or overdue (first call after it, or none yet and past due).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DayCallbacks {
    pub date: NaiveDate,
    pub on_time: u32,
    pub overdue: u32,
}

impl Desk {
    /// Logs a callback result on the job's earliest-due pending callback.
    /// With none pending, the call is still logged (a courtesy or center
    /// call), except `unreachable`, which has nothing to retry.
    pub fn log_callback(
        &mut self,
        job_no: &str,
        result: CallbackResult,
        note: &str,
        now: Ts,
    ) -> Result<CallbackOutcome> {
        self.log_call(job_no, result, &Answers::default(), note, now)
    }

    /// [`Desk::log_callback`] with the customer's answers (attitude,
    /// quality, solved): on the job's earliest-due pending timed callback,
    /// else on its follow-up, else an ad hoc call.
    pub fn log_call(
        &mut self,
        job_no: &str,
        result: CallbackResult,
        answers: &Answers,
        note: &str,
        now: Ts,
    ) -> Result<CallbackOutcome> {
        check_answers(result, answers).map_err(DeskError::BadAnswers)?;
        let operator = self.operator.clone();
        self.store.write(|c| {
            let o = log_call_in(c, job_no, result, answers, note, &operator, whole(now))?;
            let mut summary = format!("{} callback: {}", o.kind_label(), o.result);
            summary += &answers_text(answers);
            if !note.is_empty() {
                summary += &format!(" ({note})");
            }
            match &o.revisit_job_no {
                Some(r) if o.revisit_new => summary += &format!("; re-visit {r} opened"),
                Some(r) => summary += &format!("; re-visit {r} already open"),
                None => {}
            }
            record(c, &operator, now, "callback", &o.job_no, summary)?;
            Ok(o)
        })
    }

    /// Timed callbacks due on each of the `days` days up to `today`, made on
    /// time or overdue as of `now`; oldest day first.
    pub fn callback_history(
        &mut self,
        today: NaiveDate,
        days: u32,
        now: Ts,
    ) -> Result<Vec<DayCallbacks>> {
        let now = whole(now);
        let zone = self.zone;
        let first = today - Duration::days(i64::from(days.max(1)) - 1);
        let (start, _) = zone.day_bounds(first);
        let (_, end) = zone.day_bounds(today);
        let rows = self
            .store
            .read(|c| Ok::<_, DeskError>(callbacks::timed_due_between(c, start, end)?))?;
        let mut out: Vec<DayCallbacks> = (0..i64::from(days.max(1)))
            .map(|i| DayCallbacks {
                date: first + Duration::days(i),
                on_time: 0,
                overdue: 0,
            })
            .collect();
        for r in rows {
            let i = (zone.date_of(r.due_at) - first).num_days();
            let Some(day) = usize::try_from(i).ok().and_then(|i| out.get_mut(i)) else {
                continue;
            };
            match r.first_attempt {
                Some(t) if t <= r.due_at => day.on_time += 1,
                Some(_) => day.overdue += 1,
                None if crate::domain::callback::is_overdue(r.due_at, now) => day.overdue += 1,
                None => {}
            }
        }
        Ok(out)
    }

    pub fn import_callbacks(&mut self, file: &str, bytes: &[u8], now: Ts) -> Result<ImportSummary> {
        self.with_header(
            file,
            bytes,
            crate::io::fields::CALLBACK_COLUMNS,
            |d, ignored| d.import_callbacks_read(file, bytes, now, ignored),
        )
    }

    fn import_callbacks_read(
        &mut self,
        file: &str,
        bytes: &[u8],
        now: Ts,
        ignored: &[String],
    ) -> Result<ImportSummary> {
        let zone = self.zone;
        let now = whole(now);
        let rejected = |problems: Vec<Problem>| super::import::rejected(file, problems);
        let table = read_table(bytes, &["job_no", "called_at", "result"]).map_err(&rejected)?;
        let mut problems = Vec::new();
        let mut calls: Vec<(u64, Call)> = Vec::new();
        for row in &table.rows {
            match parse_call(&table, row, &zone, now) {
                Ok(call) => calls.push((row.line, call)),
                Err(p) => problems.extend(p),
            }
        }
        // Applied in the order the calls were made, so that each lands on
        // the callback that was earliest due at that moment.
        calls.sort_by_key(|(line, call)| (call.called_at, *line));
        let operator = self.operator.clone();
        self.store.write(|c| {
            let mut summary = ImportSummary {
                rows: table.rows.len(),
                ignored_columns: ignored.to_vec(),
                ..Default::default()
            };
            for (line, call) in &calls {
                let line = *line;
                let Some(job) = jobs::by_no(c, &call.job_no)? else {
                    problems.push(Problem::new(
                        line,
                        "job_no",
                        format!("unknown job {:?}: import its job first", call.job_no),
                    ));
                    continue;
                };
                let caller = if call.caller.is_empty() {
                    operator.as_str()
                } else {
                    call.caller.as_str()
                };
                if let Some(e) = fix::event_at(c, job.id, call.called_at)? {
                    let diffs: Vec<(&str, String, String)> = [
                        (
                            "result",
                            e.result.map(|r| r.code()).unwrap_or_default().to_string(),
                            call.result.code().to_string(),
                        ),
                        ("note", e.note.clone(), call.note.clone()),
                        ("caller", e.operator.clone(), caller.to_string()),
                        (
                            "attitude",
                            code(e.answers.attitude.map(|x| x.code())),
                            code(call.answers.attitude.map(|x| x.code())),
                        ),
                        (
                            "quality",
                            code(e.answers.quality.map(|x| x.code())),
                            code(call.answers.quality.map(|x| x.code())),
                        ),
                        (
                            "solved",
                            yes_no(e.answers.solved),
                            yes_no(call.answers.solved),
                        ),
                    ]
                    .into_iter()
                    // A blank caller (logged as whoever imported it) is
                    // the same row whoever imports it again.
                    .filter(|(c, _, _)| *c != "caller" || !call.caller.is_empty())
                    .filter(|(_, a, b)| a != b)
                    .collect();
                    match diffs.first() {
                        None => summary.unchanged += 1,
                        Some((col, old, new)) => problems.push(Problem::new(
                            line,
                            *col,
                            format!(
                                "the call on job {} at that time has {old:?}, this line says \
                                 {new:?}; corrections are made with `correct callback`",
                                call.job_no
                            ),
                        )),
                    }
                    continue;
                }
                match log_call_in(
                    c,
                    &call.job_no,
                    call.result,
                    &call.answers,
                    &call.note,
                    caller,
                    call.called_at,
                ) {
                    Ok(_) => summary.added += 1,
                    // Unreachable with no callback pending: that line's problem.
                    Err(e @ DeskError::NoPendingCallback(_)) => {
                        problems.push(Problem::new(line, "result", e.to_string()));
                    }
                    Err(e) => return Err(e),
                }
            }
            if problems.is_empty() {
                let text = format!(
                    "{file}: {} rows, {} added, {} already there",
                    summary.rows, summary.added, summary.unchanged
                );
                record_if_changed(c, &operator, now, "import_callbacks", "", text)?;
                Ok(summary)
            } else {
                Err(rejected(std::mem::take(&mut problems)))
            }
        })
    }
}

/// " (attitude satisfied, quality neutral, solved yes)", or nothing.
pub fn answers_text(a: &Answers) -> String {
    let mut parts = Vec::new();
    if let Some(x) = a.attitude {
        parts.push(format!("attitude {x}"));
    }
    if let Some(x) = a.quality {
        parts.push(format!("quality {x}"));
    }
    if let Some(x) = a.solved {
        parts.push(format!("solved {}", if x { "yes" } else { "no" }));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// [`Desk::log_callback`] inside the caller's transaction.
pub(crate) fn log_callback_in(
    c: &Connection,
    job_no: &str,
    result: CallbackResult,
    note: &str,
    operator: &str,
    now: Ts,
) -> Result<CallbackOutcome> {
    log_call_in(c, job_no, result, &Answers::default(), note, operator, now)
}

/// [`Desk::log_call`] inside the caller's transaction (the answers are
/// checked by the caller).
pub(crate) fn log_call_in(
    c: &Connection,
    job_no: &str,
    result: CallbackResult,
    answers: &Answers,
    note: &str,
    operator: &str,
    now: Ts,
) -> Result<CallbackOutcome> {
    let job = jobs::by_no(c, job_no)?.ok_or_else(|| DeskError::NoJob(job_no.into()))?;
    let cb = match callbacks::pending_of_job(c, job.id)?.into_iter().next() {
        Some(cb) => cb,
        None if result == CallbackResult::Unreachable => {
            return Err(DeskError::NoPendingCallback(job_no.into()));
        }
        // An ad hoc call (a remedial callback, a second word with the
        // customer) is about a visit: a job never visited has none to make.
        None if crate::store::visits::of_job(c, job.id)?.is_empty() => {
            return Err(DeskError::NeverVisited(job_no.into()));
        }
        None => {
            let id = callbacks::insert(c, job.id, None, None, now, now, now)?;
            callbacks::pending_of_job(c, job.id)?
                .into_iter()
                .find(|cb| cb.id == id)
                .ok_or(DeskError::CallbackVanished)?
        }
    };
    callbacks::record(c, cb.id, result, note, operator, now)?;
    if !answers.is_empty() {
        callbacks::set_answers(c, cb.id, answers)?;
    }
    // The customer unsatisfied at the callback and on the card is one
    // cause: the card's re-visit, if still open, is this one's too.
    let (revisit, revisit_new) = if result.opens_revisit() {
        // Nor is an earlier unsatisfied callback's re-visit still open: one
        // re-visit per cause, not one per call.
        let open = match crate::store::cards::open_revisit_of(c, job.id)? {
            Some(id) => Some(id),
            None => callbacks::open_revisit_of(c, job.id)?,
        };
        let (id, new) = match open {
            Some(id) => (id, false),
            None => (super::jobs::open_revisit(c, &job, note, now)?, true),
        };
        callbacks::set_revisit(c, cb.id, id)?;
        (Some(jobs::by_id(c, id)?.job.job_no), new)
    } else {
        (None, false)
    };
    refresh(c, job.id)?;
    Ok(CallbackOutcome {
        job_no: job.job.job_no,
        kind: cb.kind,
        due_at: cb.due_at,
        result,
        attempts: cb.attempts + i64::from(result == CallbackResult::Unreachable),
        still_pending: !result.closes(),
        revisit_job_no: revisit,
        revisit_new,
        followup: cb.followup,
        answers: *answers,
    })
}

fn code(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

fn yes_no(v: Option<bool>) -> String {
    v.map(|b| if b { "yes" } else { "no" }.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::jobs::tests::{desk, job};
    use crate::domain::job::Job;
    use crate::domain::time::testing::{t, zone};
    use crate::domain::visit::{Outcome, Visit};
    use crate::store::Store;

    #[test]
    fn a_call_without_a_caller_is_the_same_row_whoever_imports_it_again() {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "王芳").unwrap();
        d.zone = zone();
        let job = Job {
            job_no: "J1".into(),
            branch: "QD".into(),
            ..Job::default()
        };
        d.add_job(&job, t("2026-11-23 08:00")).unwrap();
        let v = Visit {
            job_no: "J1".into(),
            finished_at: Some(t("2026-11-23 10:00")),
            outcome: Some(Outcome::Consulted),
            ..Visit::default()
        };
        d.record_visit(&v, t("2026-11-23 10:00")).unwrap();
        let file = "job_no,called_at,result,note,caller\nJ1,2026-11-23 11:30,satisfied,,\n";
        let now = t("2026-11-23 12:00");
        let s = d
            .import_callbacks("calls.csv", file.as_bytes(), now)
            .unwrap();
        assert_eq!((s.added, s.unchanged), (1, 0));
        d.set_operator("李娜");
        let s = d
            .import_callbacks("calls.csv", file.as_bytes(), now)
            .unwrap();
        assert_eq!((s.added, s.unchanged), (0, 1));
        // Named, the caller is part of the call.
        let named = file.replace(",,\n", ",,张敏\n");
        let err = d
            .import_callbacks("calls.csv", named.as_bytes(), now)
            .unwrap_err();
        let DeskError::Rejected { problems, .. } = err else {
            panic!("rejected")
        };
        assert_eq!(
            (problems[0].line, problems[0].column.as_str()),
            (2, "caller")
        );
    }

    #[test]
    fn the_history_counts_callbacks_by_due_day_on_time_or_overdue() {
        let mut d = desk();
        d.add_job(&job("J1"), t("2026-11-22 08:00")).unwrap();
        d.add_job(&job("J2"), t("2026-11-22 08:00")).unwrap();
        d.add_job(&job("J3"), t("2026-11-22 08:00")).unwrap();
        for (no, at) in [
            ("J1", "2026-11-22 10:00"),
            ("J2", "2026-11-22 11:00"),
            ("J3", "2026-11-23 09:00"),
        ] {
            let v = Visit {
                job_no: no.into(),
                finished_at: Some(t(at)),
                outcome: Some(Outcome::Consulted),
                ..Visit::default()
            };
            d.record_visit(&v, t(at)).unwrap();
        }
        // J1 due 12:00 called 11:50; J2 due 13:00 called 13:30; J3 due
        // 11:00 on the 23rd, not called, and it is 12:00.
        d.log_callback("J1", CallbackResult::Satisfied, "", t("2026-11-22 11:50"))
            .unwrap();
        d.log_callback("J2", CallbackResult::Unreachable, "", t("2026-11-22 13:30"))
            .unwrap();
        let h = d
            .callback_history(
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                14,
                t("2026-11-23 12:00"),
            )
            .unwrap();
        assert_eq!(h.len(), 14);
        assert_eq!(h[12].date.to_string(), "2026-11-22");
        assert_eq!((h[12].on_time, h[12].overdue), (1, 1));
        assert_eq!((h[13].on_time, h[13].overdue), (0, 1));
        let before = d
            .callback_history(
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                14,
                t("2026-11-23 10:00"),
            )
            .unwrap();
        assert_eq!((before[13].on_time, before[13].overdue), (0, 0));
    }
}
