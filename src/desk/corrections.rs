//! Corrections (the SPEC's *Corrections*): a job, its latest visit, its card
//! or its latest callback result corrected, with a reason, in one
//! transaction with one audit entry; every derived state follows (status,
//! to verify, appointment window and lateness, pending callbacks' due
//! times, loaner returns, card state, the re-visit an `unsatisfied` result
//! opened). Discrepancies are never resolved here: the dashboard shows
//! `cause_gone` when a correction took their cause away.

use super::{Desk, DeskError, Result, record, refresh, whole};
use crate::domain::callback::CallbackResult;
use crate::domain::codes::parse_yes_no;
use crate::domain::correction::CorrectKind;
use crate::domain::job::to_verify;
use crate::domain::time::{Ts, Zone};
use crate::domain::visit::{Outcome, Visit, callback_due, late_minutes, window_set_for_next};
use crate::domain::voice::{Answer, Answers, check_answers, followup_due};
use crate::io::Problem;
use crate::io::fields::{
    Values, card_values, changed_file, differences, job_values, reparse, visit_values,
};
use crate::io::records::{parse_card, parse_job, parse_visit};
use crate::store::corrections as fix;
use crate::store::{callbacks, cards, jobs, visits};
use rusqlite::Connection;

/// One field corrected.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// What a correction changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Corrected {
    pub job_no: String,
    pub kind: CorrectKind,
    pub changes: Vec<Change>,
    /// The re-visit a result corrected to `unsatisfied` opened.
    pub revisit_opened: Option<String>,
    /// The re-visit a result corrected away from `unsatisfied` cancelled.
    pub revisit_cancelled: Option<String>,
}

/// The current values of the record a correction of `kind` changes, as
/// the columns of its CSV file (the dashboard pre-fills its form with them).
pub type Current = Values;

fn problems(ps: Vec<Problem>) -> DeskError {
    DeskError::BadFields(
        ps.iter()
            .map(|p| (p.column.to_string(), p.reason.to_string()))
            .collect(),
    )
}

/// Times that cannot have happened yet (more than 5 minutes after now)
/// are refused, as the SPEC's fine points say for visits and cards.
fn not_ahead(fields: &[(&str, Option<Ts>)], now: Ts) -> Result<()> {
    let late: Vec<(String, String)> = fields
        .iter()
        .filter(|(_, t)| t.is_some_and(|t| t > now + chrono::Duration::minutes(5)))
        .map(|(c, _)| {
            let why = "later than now, it cannot have happened yet";
            (c.to_string(), why.to_string())
        })
        .collect();
    if late.is_empty() {
        Ok(())
    } else {
        Err(DeskError::BadFields(late))
    }
}

fn not_found(job_no: &str) -> DeskError {
    DeskError::NoJob(job_no.into())
}

impl Desk {
    /// Corrects a record of a job: `changes` are `(column, value)` of that
    /// kind's CSV file, each checked as an import checks it; `reason` is
    /// required. Refused whole, with nothing written, on any problem.
    pub fn correct(
        &mut self,
        kind: CorrectKind,
        job_no: &str,
        changes: &[(String, String)],
        reason: &str,
        now: Ts,
    ) -> Result<Corrected> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DeskError::CorrectionNeedsReason);
        }
        if changes.is_empty() {
            return Err(DeskError::NothingToCorrect {
                kind,
                fields: kind.fields().to_vec(),
            });
        }
        let refused: Vec<_> = changes.iter().filter_map(|(f, _)| kind.refuse(f)).collect();
        if !refused.is_empty() {
            return Err(DeskError::NotCorrectable(refused));
        }
        let (zone, now) = (self.zone, whole(now));
        let operator = self.operator.clone();
        self.store.write(|c| {
            let job = jobs::by_no(c, job_no)?.ok_or_else(|| not_found(job_no))?;
            let mut out = Corrected {
                job_no: job.job.job_no.clone(),
                kind,
                changes: Vec::new(),
                revisit_opened: None,
                revisit_cancelled: None,
            };
            let (before, after) = match kind {
                CorrectKind::Job => correct_job(c, &zone, &job, changes)?,
                CorrectKind::Visit => correct_visit(c, &zone, &job, changes, now)?,
                CorrectKind::Card => {
                    correct_card(c, &zone, &job, changes, (reason, now), &mut out)?
                }
                CorrectKind::Callback => correct_callback(c, &job, changes, reason, now, &mut out)?,
            };
            let diffs = differences(&before, &after);
            if diffs.is_empty() {
                return Err(DeskError::NothingChanges {
                    kind,
                    job_no: job_no.to_string(),
                });
            }
            out.changes = diffs
                .iter()
                .map(|(f, a, b)| Change {
                    field: f.to_string(),
                    before: a.clone(),
                    after: b.clone(),
                })
                .collect();
            let json = |pick: fn(&Change) -> &String| {
                let m: serde_json::Map<String, serde_json::Value> = out
                    .changes
                    .iter()
                    .map(|ch| (ch.field.clone(), pick(ch).clone().into()))
                    .collect();
                serde_json::Value::Object(m).to_string()
            };
            fix::insert(
                c,
                job.id,
                kind.code(),
                now,
                &operator,
                reason,
                &json(|ch| &ch.before),
                &json(|ch| &ch.after),
            )?;
            record(
                c,
                &operator,
                now,
                "correct",
                &out.job_no,
                summary(&out, reason),
            )?;
            Ok(out)
        })
    }

    /// The record a correction of `kind` would change, as its CSV columns:
    /// what the dashboard's correction form starts from.
    pub fn correction_current(&mut self, kind: CorrectKind, job_no: &str) -> Result<Current> {
        let zone = self.zone;
        self.store.read(|c| {
            let job = jobs::by_no(c, job_no)?.ok_or_else(|| not_found(job_no))?;
            Ok(match kind {
                CorrectKind::Job => job_values(&job.job, &zone),
                CorrectKind::Visit => visit_values(&latest_visit(c, &job)?.visit, &zone),
                CorrectKind::Card => card_values(&the_card(c, &job)?, &zone),
                CorrectKind::Callback => {
                    let e = latest_event(c, &job)?;
                    callback_values(e.result, &e.note, &e.answers)
                }
            })
        })
    }
}

/// The audit entry's summary: what changed, before and after, and why.
fn summary(o: &Corrected, reason: &str) -> String {
    let fields: Vec<String> = o
        .changes
        .iter()
        .map(|c| format!("{} {:?} → {:?}", c.field, c.before, c.after))
        .collect();
    let mut s = format!("{} corrected: {}", o.kind, fields.join(", "));
    if let Some(r) = &o.revisit_opened {
        s += &format!("; re-visit {r} opened");
    }
    if let Some(r) = &o.revisit_cancelled {
        s += &format!("; re-visit {r} cancelled");
    }
    s + &format!("; reason: {reason}")
}

fn latest_visit(c: &Connection, job: &jobs::JobRow) -> Result<visits::VisitRow> {
    visits::of_job(c, job.id)?
        .pop()
        .ok_or_else(|| DeskError::NoRecordToCorrect {
            job_no: job.job.job_no.clone(),
            what: "visit",
        })
}

fn the_card(c: &Connection, job: &jobs::JobRow) -> Result<crate::domain::card::Card> {
    cards::by_job(c, job.id)?.ok_or_else(|| DeskError::NoRecordToCorrect {
        job_no: job.job.job_no.clone(),
        what: "card",
    })
}

fn latest_event(c: &Connection, job: &jobs::JobRow) -> Result<fix::LatestEvent> {
    fix::latest_event(c, job.id)?.ok_or_else(|| DeskError::NoRecordToCorrect {
        job_no: job.job.job_no.clone(),
        what: "callback",
    })
}

fn correct_job(
    c: &Connection,
    zone: &Zone,
    job: &jobs::JobRow,
    changes: &[(String, String)],
) -> Result<(Values, Values)> {
    let before = job_values(&job.job, zone);
    let new = reparse(
        &changed_file(&before, changes),
        &["job_no", "branch"],
        |t, r| parse_job(t, r, zone),
    )
    .map_err(problems)?;
    fix::update_job(c, job.id, &new)?;
    let reasons = to_verify(&new);
    // A reason the clerk has not checked yet needs checking again: a new
    // one, or one whose field this correction changed (what was checked
    // with dispatch was the value before).
    let reset = reasons.iter().any(|r| {
        !job.to_verify.iter().any(|o| o == r) || changes.iter().any(|(field, _)| field == r)
    });
    fix::set_to_verify(c, job.id, &reasons, reset)?;
    let window_changed = (new.appointment_start, new.appointment_end)
        != (job.job.appointment_start, job.job.appointment_end);
    if window_changed && !rescheduled(c, job.id)? {
        jobs::set_appointment(c, job.id, new.appointment_start, new.appointment_end)?;
    }
    relate_lateness(c, job.id)?;
    refresh(c, job.id)?;
    Ok((before, job_values(&new, zone)))
}

/// Whether a visit of the job set a new appointment (which then is the
/// window in force, whatever the dispatched one says).
fn rescheduled(c: &Connection, job_id: i64) -> Result<bool> {
    Ok(visits::of_job(c, job_id)?.iter().any(|v| {
        v.visit.outcome == Some(Outcome::Rescheduled) && v.visit.new_appointment_start.is_some()
    }))
}

/// An appointment window: start and end.
type Window = (Option<Ts>, Option<Ts>);

/// The windows each visit is judged against, as an import applies them:
/// the job's window before any reschedule, then each reschedule's.
fn replay_windows(
    c: &Connection,
    job_id: i64,
    from_dispatched: bool,
) -> Result<(Vec<(visits::VisitRow, Window)>, Window)> {
    let job = jobs::by_id(c, job_id)?;
    let vs = visits::of_job(c, job_id)?;
    let any_reschedule = vs.iter().any(|v| {
        v.visit.outcome == Some(Outcome::Rescheduled) && v.visit.new_appointment_start.is_some()
    });
    // Without a reschedule the window in force is the job's own (as set by
    // dispatch, or since booked); with one (or one just corrected away),
    // replay from the dispatched.
    let mut window = if any_reschedule || from_dispatched {
        (job.job.appointment_start, job.job.appointment_end)
    } else {
        (job.appt_start, job.appt_end)
    };
    let mut out = Vec::new();
    let mut earlier = Vec::new();
    for v in vs {
        // Only a window set for this visit judges it.
        let judged = if window_set_for_next(earlier.iter().copied()) {
            window
        } else {
            (None, None)
        };
        let sets = v.visit.new_appointment_start.is_some();
        if v.visit.outcome == Some(Outcome::Rescheduled) && sets {
            window = (v.visit.new_appointment_start, v.visit.new_appointment_end);
        }
        earlier.push((v.visit.outcome.unwrap_or(Outcome::Fixed), sets));
        out.push((v, judged));
    }
    Ok((out, window))
}

/// Each visit's lateness again, against the window in force when it came.
fn relate_lateness(c: &Connection, job_id: i64) -> Result<()> {
    let (visits, _) = replay_windows(c, job_id, false)?;
    for (v, (s, e)) in visits {
        let late = match (v.visit.outcome, v.visit.arrived_at) {
            (Some(Outcome::Consulted), _) | (_, None) => None,
            (_, Some(arrived)) => late_minutes(arrived, s, e),
        };
        fix::set_late_minutes(c, v.id, late)?;
    }
    Ok(())
}

fn correct_visit(
    c: &Connection,
    zone: &Zone,
    job: &jobs::JobRow,
    changes: &[(String, String)],
    now: Ts,
) -> Result<(Values, Values)> {
    let last = latest_visit(c, job)?;
    let before = visit_values(&last.visit, zone);
    let new = reparse(
        &changed_file(&before, changes),
        &["job_no", "outcome"],
        |t, r| parse_visit(t, r, zone),
    )
    .map_err(problems)?;
    not_ahead(
        &[
            ("arrived_at", new.arrived_at),
            ("finished_at", new.finished_at),
        ],
        now,
    )?;
    let (fee_total, return_limit) =
        super::fees::derive(c, zone, &new).map_err(|why| DeskError::BadField {
            field: "fee_items".into(),
            why,
        })?;
    fix::update_visit(c, last.id, &new)?;
    visits::set_derived(c, last.id, fee_total, return_limit)?;
    // The callback it started follows: a pending one moves with the new
    // finish (or kind); one no longer needed goes (closed if calls were
    // logged on it); one newly needed starts. A callback already made
    // stays as it was made.
    let wanted = match (new.outcome, new.base_time()) {
        (Some(o), Some(base)) => callback_due(o, base).map(|(k, due)| (k, base, due)),
        _ => None,
    };
    match (fix::callback_of_visit(c, last.id)?, wanted) {
        (Some(cb), Some((kind, base, due))) if cb.pending => {
            fix::retime_callback(c, cb.id, kind, base, due)?
        }
        (None, Some((kind, base, due))) => {
            callbacks::insert(c, job.id, Some(last.id), Some(kind), base, due, now)?;
        }
        (Some(cb), None) if cb.pending && cb.attempts == 0 => fix::delete_callback(c, cb.id)?,
        (Some(cb), None) if cb.pending => fix::close_callback(c, cb.id, now)?,
        _ => {}
    }
    // The follow-up follows the same way (a `fixed` visit only).
    let wanted = match (new.outcome, new.base_time()) {
        (Some(o), Some(base)) => {
            followup_due(o, base, super::visits::followup_hours(c)?).map(|due| (base, due))
        }
        _ => None,
    };
    match (fix::followup_of_visit(c, last.id)?, wanted) {
        (Some(f), Some((base, due))) if f.pending => fix::retime_followup(c, f.id, base, due)?,
        (None, Some((base, due))) => {
            callbacks::insert_followup(c, job.id, last.id, base, due, now)?;
        }
        (Some(f), None) if f.pending && f.attempts == 0 => fix::delete_callback(c, f.id)?,
        (Some(f), None) if f.pending => fix::close_callback(c, f.id, now)?,
        _ => {}
    }
    // Loaner returns this visit closed are judged again by its new time.
    if let Some(old) = last.visit.arrived_at.or(last.visit.finished_at) {
        fix::unmark_returned(c, job.id, old)?;
    }
    let outcome = new.outcome.unwrap_or(Outcome::Fixed);
    if outcome != Outcome::Pulled
        && outcome.is_visited()
        && let Some(at) = new.arrived_at.or(new.finished_at)
    {
        visits::mark_returned(c, job.id, at)?;
    }
    let was = |v: &Visit| v.outcome == Some(Outcome::Rescheduled);
    if was(&last.visit) || was(&new) {
        let (_, window) = replay_windows(c, job.id, true)?;
        jobs::set_appointment(c, job.id, window.0, window.1)?;
    }
    relate_lateness(c, job.id)?;
    refresh(c, job.id)?;
    Ok((before, visit_values(&new, zone)))
}

fn correct_card(
    c: &Connection,
    zone: &Zone,
    job: &jobs::JobRow,
    changes: &[(String, String)],
    (reason, now): (&str, Ts),
    out: &mut Corrected,
) -> Result<(Values, Values)> {
    let card = the_card(c, job)?;
    let before = card_values(&card, zone);
    let new = reparse(&changed_file(&before, changes), &["job_no"], |t, r| {
        parse_card(t, r, zone)
    })
    .map_err(problems)?;
    not_ahead(&[("returned_at", new.returned_at)], now)?;
    fix::update_card(c, job.id, &new)?;
    // An `unsatisfied` mark opens a re-visit once per card (or joins the
    // callback's, the same cause); corrected away, the re-visit it opened
    // is cancelled if it has no visit yet (refused otherwise), unless an
    // `unsatisfied` callback still holds it.
    let unsatisfied = |k: &crate::domain::card::Card| {
        k.satisfaction == Some(crate::domain::card::Satisfaction::Unsatisfied)
    };
    match (
        unsatisfied(&card),
        unsatisfied(&new),
        fix::card_revisit(c, job.id)?,
    ) {
        (_, true, None) => {
            if let Some((no, true)) = super::ledger::revisit_for_card(c, job.id, &new, now)? {
                out.revisit_opened = Some(no);
            }
        }
        (true, false, Some(rid)) => {
            fix::clear_card_revisit(c, job.id)?;
            if fix::other_callbacks_of_revisit(c, rid, 0)? == 0 {
                out.revisit_cancelled = cancel_revisit(c, rid, "satisfaction", reason, now)?;
            }
        }
        _ => {}
    }
    refresh(c, job.id)?;
    Ok((before, card_values(&new, zone)))
}

/// Cancels a re-visit a corrected `unsatisfied` opened: refused once it has
/// a visit (the customer was followed: the record stands).
fn cancel_revisit(
    c: &Connection,
    rid: i64,
    field: &str,
    reason: &str,
    now: Ts,
) -> Result<Option<String>> {
    let revisit = jobs::by_id(c, rid)?;
    if fix::visit_count(c, rid)? > 0 {
        return Err(DeskError::RevisitVisited {
            field: field.to_string(),
            revisit: revisit.job.job_no,
        });
    }
    if revisit.status.is_closed() {
        return Ok(None);
    }
    let cancel = Visit {
        job_no: revisit.job.job_no.clone(),
        outcome: Some(Outcome::Cancelled),
        note: format!("unsatisfied corrected away: {reason}"),
        ..Visit::default()
    };
    // A cancellation has no fee items and no workshop date: no zone needed.
    super::visits::apply_visit(c, &Zone::Machine, rid, &cancel, "correction", now)?;
    Ok(Some(revisit.job.job_no))
}

fn correct_callback(
    c: &Connection,
    job: &jobs::JobRow,
    changes: &[(String, String)],
    reason: &str,
    now: Ts,
    out: &mut Corrected,
) -> Result<(Values, Values)> {
    let e = latest_event(c, job)?;
    let before = callback_values(e.result, &e.note, &e.answers);
    let mut result = e.result;
    let mut note = e.note.clone();
    let mut answers = e.answers;
    let answer = |field: &str, value: &str| -> Result<Option<Answer>> {
        if value.trim().is_empty() {
            return Ok(None);
        }
        Answer::parse(value)
            .map(Some)
            .map_err(|why| DeskError::BadField {
                field: field.to_string(),
                why,
            })
    };
    for (field, value) in changes {
        match field.as_str() {
            "result" => {
                let r = CallbackResult::parse(value).map_err(|why| DeskError::BadField {
                    field: "result".into(),
                    why,
                })?;
                result = Some(r);
            }
            "attitude" => answers.attitude = answer(field, value)?,
            "quality" => answers.quality = answer(field, value)?,
            "solved" if value.trim().is_empty() => answers.solved = None,
            "solved" => {
                answers.solved = Some(parse_yes_no(value).map_err(|why| DeskError::BadField {
                    field: "solved".into(),
                    why,
                })?)
            }
            _ => note = value.trim().to_string(),
        }
    }
    let Some(result) = result else {
        return Err(DeskError::BadField {
            field: "result".into(),
            why: "required, but blank".into(),
        });
    };
    check_answers(result, &answers).map_err(DeskError::BadAnswers)?;
    let cb = fix::callback_by_id(c, e.callback_id)?;
    if cb.kind.is_none() && !cb.followup && result == CallbackResult::Unreachable {
        return Err(DeskError::NothingToRetry(job.job.job_no.clone()));
    }
    let was_unsatisfied = e.result == Some(CallbackResult::Unsatisfied);
    if was_unsatisfied
        && result != CallbackResult::Unsatisfied
        && let Some(rid) = cb.revisit_job_id
    {
        // The card's `unsatisfied` mark (or another callback) still holds
        // the re-visit: the customer is followed all the same.
        let held = fix::card_revisit(c, job.id)? == Some(rid)
            || fix::other_callbacks_of_revisit(c, rid, cb.id)? > 0;
        if !held {
            out.revisit_cancelled = cancel_revisit(c, rid, "result", reason, now)?;
        }
        fix::clear_revisit(c, cb.id)?;
    }
    fix::update_event(c, e.id, result, &note)?;
    fix::update_event_answers(c, e.id, &answers)?;
    fix::restate_callback(c, cb.id)?;
    if result == CallbackResult::Unsatisfied && !was_unsatisfied {
        // As `callback` does: the card's re-visit, if still open, is this
        // one's too (the same cause).
        let id = match cards::open_revisit_of(c, job.id)? {
            Some(id) => id,
            None => {
                let id = super::jobs::open_revisit(c, job, &note, now)?;
                out.revisit_opened = Some(jobs::by_id(c, id)?.job.job_no);
                id
            }
        };
        callbacks::set_revisit(c, cb.id, id)?;
    }
    refresh(c, job.id)?;
    Ok((before, callback_values(Some(result), &note, &answers)))
}

/// A logged callback result as the fields `correct callback` takes.
fn callback_values(r: Option<CallbackResult>, note: &str, a: &Answers) -> Values {
    let code = |v: Option<&str>| v.unwrap_or_default().to_string();
    vec![
        ("result", code(r.map(|r| r.code()))),
        ("note", note.to_string()),
        ("attitude", code(a.attitude.map(|x| x.code()))),
        ("quality", code(a.quality.map(|x| x.code()))),
        (
            "solved",
            code(a.solved.map(|b| if b { "yes" } else { "no" })),
        ),
    ]
}
