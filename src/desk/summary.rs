//! The network's rates of a period: per engineer and for the
//! branch, with both numbers behind each rate, and the engineers'
//! discipline stage. What belongs to a period is decided as SPEC *The
//! customer's voice* says: a job by its `received_at`, an on-site job by its
//! first on-site visit's finish, a timed callback or follow-up by its due
//! time, a card by its `returned_at`, a repeat by the new job's
//! `received_at`, a late arrival by the visit's arrival, a complaint by its
//! receipt.

use super::{Desk, Result};
use crate::domain::time::{Ts, Zone};
use crate::domain::voice::{DISCIPLINE_DAYS, Voice, discipline_stage};
pub use crate::domain::voice::{Discipline, VoiceTable};
use crate::store::voice::VoiceEvent;
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;

impl Desk {
    /// The rates of the local days `first..=last`, as of `now`.
    pub fn voice_table(
        &mut self,
        first: NaiveDate,
        last: NaiveDate,
        now: Ts,
    ) -> Result<VoiceTable> {
        let zone = self.zone;
        self.store
            .read(|c| voice_table_in(c, &zone, first, last, now))
    }
}

/// Every count of the figures that happened in `[start, end)` (SPEC: which
/// period a thing belongs to).
pub(crate) fn voice_events_in(c: &Connection, start: Ts, end: Ts) -> Result<Vec<VoiceEvent>> {
    let onsite_hours = super::complaints::commitments(c)?.onsite_hours;
    let mut out = crate::store::voice::events_between(c, start, end, onsite_hours)?;
    let days = super::voice::repeat_days(c)?;
    for p in crate::store::voice::received_between(c, start, end)? {
        out.extend(repeat_event(c, &p, days)?);
    }
    Ok(out)
}

/// Every count of all time of the jobs `ids` (read by their ids: a daily
/// report's few thousand jobs, not the branch's history), each given to
/// `sink` as it is read.
/// `repeats` is told each job's earlier job (the report's `repeat_of`) as
/// its repeat is counted, so that each job's is looked up once.
fn each_voice_event_of_jobs(
    c: &Connection,
    ids: &[i64],
    sink: &mut dyn FnMut(VoiceEvent),
    repeats: &mut dyn FnMut(i64, String),
) -> Result<()> {
    let onsite_hours = super::complaints::commitments(c)?.onsite_hours;
    crate::store::voice::each_event_of_jobs(c, ids, onsite_hours, sink)?;
    let days = super::voice::repeat_days(c)?;
    let mut earlier_of = crate::store::voice::earlier_of_jobs(c, ids, days)?;
    for p in crate::store::voice::received_of_jobs(c, ids)? {
        if let Some(earlier) = earlier_of.remove(&p.id) {
            let ev = repeat_of_earlier(&p, earlier.engineer);
            repeats(p.id, earlier.job_no);
            sink(ev);
        }
    }
    Ok(())
}

/// The repeat `p` counts against the engineer of the job it repeats, if it
/// is one (each probe is a query of its own).
fn repeat_event(
    c: &Connection,
    p: &crate::store::voice::Probe,
    days: i64,
) -> Result<Option<VoiceEvent>> {
    Ok(crate::store::voice::earlier_of(c, p.id, days)?
        .map(|earlier| repeat_of_earlier(p, earlier.engineer)))
}

/// The count of a repeat `p`, held against `engineer` (the earlier job's).
fn repeat_of_earlier(p: &crate::store::voice::Probe, engineer: String) -> VoiceEvent {
    VoiceEvent {
        job_id: Some(p.id),
        at: p.received_at.timestamp(),
        engineer,
        voice: Voice {
            repeats: 1,
            ..Voice::default()
        },
    }
}

/// What the report says of the customer's voice of its jobs: each one's
/// `voice` cell (none when empty) and `repeat_of` (none when not a repeat).
#[derive(Debug, Default)]
pub(crate) struct JobsVoice {
    pub cells: std::collections::HashMap<i64, String>,
    pub repeat_of: std::collections::HashMap<i64, String>,
}

/// The `voice` cells of the jobs `ids`: each job's counts of all time, by
/// the local day they belong to, from which the center makes the same
/// summaries as the branch. The events are added up as they are read into
/// one count per job, day and engineer (engineers' names kept once), never
/// held one by one: a large report's jobs have hundreds of thousands.
pub(crate) fn voice_cells_of_jobs(c: &Connection, zone: &Zone, ids: &[i64]) -> Result<JobsVoice> {
    use crate::domain::voice::{VoiceDays, voice_cell};
    use std::collections::{HashMap, HashSet};
    let only: HashSet<i64> = ids.iter().copied().collect();
    let mut names: Vec<String> = Vec::new();
    let mut name_of: HashMap<String, u32> = HashMap::new();
    let mut sums: HashMap<(i64, NaiveDate, u32), Voice> = HashMap::new();
    let mut repeat_of = HashMap::new();
    let mut repeats = |job: i64, of: String| {
        repeat_of.insert(job, of);
    };
    let mut each = |ev: VoiceEvent| {
        let (Some(job), Some(at)) = (ev.job_id, chrono::DateTime::from_timestamp(ev.at, 0)) else {
            return;
        };
        if !only.contains(&job) {
            return;
        }
        let n = match name_of.get(&ev.engineer) {
            Some(&n) => n,
            None => {
                let n = names.len() as u32;
                name_of.insert(ev.engineer.clone(), n);
                names.push(ev.engineer);
                n
            }
        };
        sums.entry((job, zone.date_of(at), n))
            .or_default()
            .add(&ev.voice);
    };
    each_voice_event_of_jobs(c, ids, &mut each, &mut repeats)?;
    drop((only, name_of));
    let mut sums: Vec<((i64, NaiveDate, u32), Voice)> = sums.into_iter().collect();
    sums.sort_unstable_by_key(|(k, _)| *k);
    let mut out = HashMap::new();
    let mut days = VoiceDays::new();
    let mut sums = sums.into_iter().peekable();
    while let Some(((job, day, n), voice)) = sums.next() {
        days.entry(day)
            .or_default()
            .entry(names[n as usize].clone())
            .or_default()
            .add(&voice);
        if sums.peek().is_none_or(|((next, _, _), _)| *next != job) {
            let cell = voice_cell(&days);
            if !cell.is_empty() {
                out.insert(job, cell);
            }
            days.clear();
        }
    }
    Ok(JobsVoice {
        cells: out,
        repeat_of,
    })
}

pub(crate) fn voice_table_in(
    c: &Connection,
    zone: &Zone,
    first: NaiveDate,
    last: NaiveDate,
    now: Ts,
) -> Result<VoiceTable> {
    let (start, _) = zone.day_bounds(first);
    let (_, end) = zone.day_bounds(last);
    let mut t = VoiceTable {
        first_day: Some(first),
        last_day: Some(last),
        ..VoiceTable::default()
    };
    for ev in voice_events_in(c, start, end)? {
        t.engineers.entry(ev.engineer).or_default().add(&ev.voice);
    }
    // Discipline: the last 365 days up to now.
    let since = now - Duration::days(DISCIPLINE_DAYS);
    for engineer in crate::store::voice::upheld_complaints_between(c, since, now)? {
        t.discipline.entry(engineer).or_default().upheld_complaints += 1;
    }
    for engineer in crate::store::voice::penalties_between(c, since, now)? {
        t.discipline.entry(engineer).or_default().penalties += 1;
    }
    for d in t.discipline.values_mut() {
        d.stage = discipline_stage(d.upheld_complaints + d.penalties);
    }
    for v in t.engineers.values() {
        t.branch.add(v);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::complaints::ComplaintInput;
    use crate::domain::callback::CallbackResult::*;
    use crate::domain::card::{Card, Satisfaction, SignedBy};
    use crate::domain::complaint::{Category, Settlement, Source};
    use crate::domain::job::Job;
    use crate::domain::time::testing::{t, zone};
    use crate::domain::visit::{Outcome, Visit};
    use crate::domain::voice::Stage;
    use crate::domain::voice::{Answer, Answers, rate_cell};
    use crate::store::Store;

    fn job(d: &mut Desk, no: &str, received: &str, engineer: &str, phone: &str) {
        let j = Job {
            job_no: no.into(),
            branch: "QD".into(),
            received_at: Some(t(received)),
            phone: phone.into(),
            product_model: "BCD-470".into(),
            engineer: engineer.into(),
            appointment_start: Some(t(received) + Duration::hours(1)),
            appointment_end: Some(t(received) + Duration::minutes(90)),
            ..Job::default()
        };
        d.add_job(&j, t(received)).unwrap();
    }

    fn visit(d: &mut Desk, no: &str, o: Outcome, arrived: &str, finished: &str) {
        let v = Visit {
            job_no: no.into(),
            arrived_at: Some(t(arrived)),
            finished_at: Some(t(finished)),
            outcome: Some(o),
            ..Visit::default()
        };
        d.record_visit(&v, t(finished)).unwrap();
    }

    fn card(d: &mut Desk, no: &str, s: Satisfaction, at: &str) {
        let k = Card {
            job_no: no.into(),
            returned_at: Some(t(at)),
            satisfaction: Some(s),
            signed_by: Some(SignedBy::Customer),
            warranty_record: Some(true),
            ..Card::default()
        };
        d.record_card(&k, t(at)).unwrap();
    }

    fn complaint(d: &mut Desk, no: &str, at: &str, settled: Settlement) {
        let input = ComplaintInput {
            job_no: no.into(),
            source: Some(Source::Hotline),
            category: Some(Category::Quality),
            note: "投诉".into(),
            customer: String::new(),
            phone: String::new(),
        };
        let id = d.add_complaint(&input, t(at)).unwrap();
        d.settle_complaint(id, settled, "结案", None, t(at) + Duration::hours(2))
            .unwrap();
    }

    /// A hand-built week (Monday 2026-11-23 to Sunday 11-29); every count
    /// below is worked out by hand in the comments.
    #[test]
    fn each_rate_of_a_hand_built_week() {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "王芳").unwrap();
        d.zone = zone();
        // 王强: A1 fixed on time (follow-up answered satisfied), A2 untested
        // a day late (2 h callback only unreachable).
        job(&mut d, "A1", "2026-11-23 08:00", "王强", "13800000001");
        job(&mut d, "A2", "2026-11-23 08:00", "王强", "13800000002");
        visit(
            &mut d,
            "A1",
            Outcome::Fixed,
            "2026-11-23 09:00",
            "2026-11-23 10:00",
        );
        visit(
            &mut d,
            "A2",
            Outcome::FixedUntested,
            "2026-11-24 09:00",
            "2026-11-24 09:30",
        );
        // 李明: B1 unsure, arrived 30 min after its window (late), 3 h
        // callback unsatisfied and unsolved (re-visit B1-R1 opened, a job of
        // its own, never a repeat of its own chain); A3 received the week
        // before, fixed this week (follow-up: denies signature).
        job(&mut d, "B1", "2026-11-23 08:30", "李明", "13800000003");
        job(&mut d, "A3", "2026-11-20 08:00", "李明", "13800000004");
        visit(
            &mut d,
            "B1",
            Outcome::Unsure,
            "2026-11-23 10:30",
            "2026-11-23 11:00",
        );
        visit(
            &mut d,
            "A3",
            Outcome::Fixed,
            "2026-11-23 14:00",
            "2026-11-23 15:00",
        );
        let none = Answers::default();
        let yes = Answers {
            attitude: Some(Answer::Satisfied),
            quality: Some(Answer::Neutral),
            solved: Some(true),
        };
        let unsolved = Answers {
            solved: Some(false),
            ..none
        };
        d.log_call("B1", Unsatisfied, &unsolved, "", t("2026-11-23 14:10"))
            .unwrap();
        d.log_call("A1", Satisfied, &yes, "", t("2026-11-24 10:30"))
            .unwrap();
        d.log_call("A2", Unreachable, &none, "", t("2026-11-24 11:40"))
            .unwrap();
        d.log_call("A3", DeniesSignature, &none, "", t("2026-11-24 15:10"))
            .unwrap();
        // Cards: A1 satisfied (王强); A3 unsatisfied (李明, opens A3-R1).
        card(&mut d, "A1", Satisfaction::Satisfied, "2026-11-23 16:00");
        card(&mut d, "A3", Satisfaction::Unsatisfied, "2026-11-23 16:00");
        // R1: A1's customer and fridge again, 2 days after (a repeat,
        // against 王强; the new job is 李明's).
        job(&mut d, "R1", "2026-11-25 10:00", "李明", "13800000001");
        // Complaints: 王强 three (two upheld), 李明 one (upheld, penalty).
        complaint(&mut d, "A2", "2026-11-24 09:00", Settlement::Apology);
        complaint(&mut d, "A1", "2026-11-24 09:10", Settlement::NoFault);
        complaint(&mut d, "A1", "2026-11-24 09:20", Settlement::Refund);
        complaint(&mut d, "B1", "2026-11-24 09:30", Settlement::Penalty);

        let now = t("2026-11-29 20:00");
        let first = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let tab = d
            .voice_table(first, first + Duration::days(6), now)
            .unwrap();
        let w = tab.engineers["王强"];
        // jobs A1 A2; on site A1 (in 24 h) and A2 (25 h after: not);
        // due: A1's follow-up (answered, satisfied) and A2's 2 h
        // (unreachable: not answered); card A1 satisfied; repeat R1; A2
        // arrived a day after its window: a late arrival.
        assert_eq!((w.jobs, w.onsite_jobs, w.onsite_24h), (2, 2, 1));
        assert_eq!(
            (w.callbacks_due, w.callbacks_answered, w.satisfied),
            (2, 1, 1)
        );
        assert_eq!((w.attitude_answered, w.attitude_satisfied), (1, 1));
        assert_eq!((w.quality_answered, w.quality_satisfied), (1, 0));
        assert_eq!((w.solved_answered, w.solved_yes), (1, 1));
        assert_eq!((w.cards_back, w.card_satisfied), (1, 1));
        assert_eq!((w.repeats, w.late_arrivals, w.complaints), (1, 1, 3));
        assert_eq!(rate_cell(w.callback_rate()), "0.5000");
        assert_eq!(rate_cell(w.satisfaction_rate()), "1.0000");
        assert_eq!(rate_cell(w.repeat_rate()), "0.5000");
        assert_eq!(rate_cell(w.onsite_24h_rate()), "0.5000");
        let l = tab.engineers["李明"];
        // jobs B1, B1-R1, A3-R1, R1 (A3 came the week before); on site B1
        // (in 24 h) and A3 (3 days after: not); due B1's 3 h and A3's
        // follow-up, both answered, none satisfied; B1 and A3 (3 days
        // after its window) late.
        assert_eq!((l.jobs, l.onsite_jobs, l.onsite_24h), (4, 2, 1));
        assert_eq!(
            (l.callbacks_due, l.callbacks_answered, l.satisfied),
            (2, 2, 0)
        );
        assert_eq!(
            (l.solved_answered, l.solved_yes, l.attitude_answered),
            (1, 0, 0)
        );
        assert_eq!((l.cards_back, l.card_satisfied), (1, 0));
        assert_eq!((l.repeats, l.late_arrivals, l.complaints), (0, 2, 1));
        assert_eq!(rate_cell(l.satisfaction_rate()), "0.0000");
        assert_eq!(rate_cell(l.attitude_rate()), "");
        let b = tab.branch;
        assert_eq!((b.jobs, b.onsite_jobs, b.onsite_24h), (6, 4, 2));
        assert_eq!(
            (b.callbacks_due, b.callbacks_answered, b.satisfied),
            (4, 3, 1)
        );
        assert_eq!((b.cards_back, b.card_satisfied, b.repeats), (2, 1, 1));
        assert_eq!(rate_cell(b.callback_rate()), "0.7500");
        assert_eq!(rate_cell(b.satisfaction_rate()), "0.3333");
        assert_eq!(rate_cell(b.card_rate()), "0.5000");
        assert_eq!(rate_cell(b.repeat_rate()), "0.2500");
        // Discipline: 王强 two upheld (no_fault does not count), 李明 one.
        assert_eq!(tab.discipline["王强"].upheld_complaints, 2);
        assert_eq!(tab.discipline["王强"].stage, Some(Stage::Penalty));
        assert_eq!(tab.discipline["李明"].stage, Some(Stage::Warning));
        // A year and a day later, nothing counts any more.
        let later = d
            .voice_table(first, first, now + Duration::days(366))
            .unwrap();
        assert!(later.discipline.is_empty());
        // The next week holds none of it but the follow-ups due then (none).
        let next = d
            .voice_table(first + Duration::days(7), first + Duration::days(13), now)
            .unwrap();
        assert_eq!(next.branch, Voice::default());
    }
}

/// The summary's columns (SPEC *The customer's voice*), in order.
pub const SUMMARY_COLUMNS: &[&str] = &[
    "period_start",
    "period_end",
    "branch",
    "engineer",
    "jobs",
    "onsite_jobs",
    "callbacks_due",
    "callbacks_answered",
    "callback_rate",
    "satisfied",
    "satisfaction_rate",
    "attitude_satisfied_rate",
    "quality_satisfied_rate",
    "solved_rate",
    "cards_back",
    "card_satisfied_rate",
    "repeats",
    "repeat_rate",
    "late_arrivals",
    "onsite_24h_rate",
    "complaints",
];

/// One summary row: a branch's or one engineer's figures of the period.
pub fn summary_row(
    (start, end): (NaiveDate, NaiveDate),
    branch: &str,
    engineer: &str,
    v: &Voice,
) -> Vec<String> {
    use crate::domain::voice::rate_cell;
    vec![
        start.to_string(),
        end.to_string(),
        branch.to_string(),
        engineer.to_string(),
        v.jobs.to_string(),
        v.onsite_jobs.to_string(),
        v.callbacks_due.to_string(),
        v.callbacks_answered.to_string(),
        rate_cell(v.callback_rate()),
        v.satisfied.to_string(),
        rate_cell(v.satisfaction_rate()),
        rate_cell(v.attitude_rate()),
        rate_cell(v.quality_rate()),
        rate_cell(v.solved_rate()),
        v.cards_back.to_string(),
        rate_cell(v.card_rate()),
        v.repeats.to_string(),
        rate_cell(v.repeat_rate()),
        v.late_arrivals.to_string(),
        rate_cell(v.onsite_24h_rate()),
        v.complaints.to_string(),
    ]
}

/// What `export summary` wrote.
#[derive(Debug, Clone)]
pub struct SummaryExported {
    pub csv: std::path::PathBuf,
    pub xlsx: std::path::PathBuf,
    pub rows: usize,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Desk {
    /// `export summary --period week|month`: the ISO week (Monday first) or
    /// the month containing `date`, one row per engineer and a `*` row for
    /// the branch, to `DIR/<BRANCH>/<BRANCH>_summary_<period>_<START>.csv`
    /// and an `.xlsx` beside it for people.
    pub fn export_summary(
        &mut self,
        dir: &std::path::Path,
        period: crate::domain::voice::Period,
        date: NaiveDate,
        now: Ts,
    ) -> Result<SummaryExported> {
        let branch = self.branch()?.ok_or(super::DeskError::NoBranch)?;
        crate::io::records::valid_branch_code(&branch).map_err(|why| {
            super::DeskError::BadBranchCode {
                code: branch.clone(),
                why,
            }
        })?;
        let (first, last) = crate::domain::voice::period_bounds(period, date);
        let t = self.voice_table(first, last, now)?;
        let mut rows: Vec<Vec<String>> = t
            .engineers
            .iter()
            .map(|(e, v)| summary_row((first, last), &branch, e, v))
            .collect();
        rows.push(summary_row((first, last), &branch, "*", &t.branch));
        let folder = dir.join(&branch);
        std::fs::create_dir_all(&folder).map_err(|e| super::DeskError::io(folder.display(), e))?;
        let stem = format!("{branch}_summary_{}_{first}", period.code());
        let csv = folder.join(format!("{stem}.csv"));
        let xlsx = folder.join(format!("{stem}.xlsx"));
        let bytes = crate::io::export::csv_bytes(SUMMARY_COLUMNS, &rows)
            .map_err(|e| super::DeskError::write("writing the summary", e))?;
        let book = crate::io::summary_xlsx::workbook(self.lang, SUMMARY_COLUMNS, &rows)
            .map_err(|e| super::DeskError::write("writing the summary's xlsx", e))?;
        for (path, bytes) in [(&csv, &bytes), (&xlsx, &book)] {
            crate::io::export::write_atomic(path, bytes)
                .map_err(|e| super::DeskError::io(path.display(), e))?;
        }
        let operator = self.operator.clone();
        let text = format!(
            "summary {} {first}..{last}: {}",
            period.code(),
            csv.display()
        );
        self.store
            .write(|c| super::record(c, &operator, now, "export", "", text))?;
        Ok(SummaryExported {
            csv,
            xlsx,
            rows: rows.len(),
            first,
            last,
        })
    }
}
