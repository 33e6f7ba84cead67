//! The complaint log and the on-site commitment: add, respond, settle (one
//! audited transaction each), the lists `status` and `complaint list` show,
//! and the report's `complaint_open` / `response_overdue` jobs.

use super::{Desk, DeskError, Result, record, whole};
use crate::domain::callback::overdue_minutes;
use crate::domain::complaint::{
    Category, Commitments, Complaint, ComplaintEvent, ONSITE_HOURS, RESPONSE_HOURS, SETTLE_DAYS,
    Settlement, Source, on_site_codes, parse_setting,
};
pub use crate::domain::complaint::{ComplaintItem, OnsiteItem};
use crate::domain::time::{Ts, Zone, rfc3339};
use crate::store::complaints::{self as store, ComplaintRow, NewComplaint};
use crate::store::{jobs, settings};
use rusqlite::Connection;

impl ComplaintItem {
    pub(crate) fn from_row(zone: &Zone, r: ComplaintRow, now: Ts) -> ComplaintItem {
        let facts = Complaint {
            received_at: r.received_at,
            respond_by: r.respond_by,
            settle_by: r.settle_by,
            responded_at: r.responded_at,
            settled_at: r.settled_at,
        };
        let fmt = |t: Ts| rfc3339(zone, t);
        ComplaintItem {
            id: r.id,
            engineer: r.counts_against().to_string(),
            job_no: r.job_no,
            category: r.category,
            state: facts.state(),
            received_at: fmt(r.received_at),
            respond_by: fmt(r.respond_by),
            settle_by: fmt(r.settle_by),
            response_overdue: facts.response_overdue(now),
            settlement_overdue: facts.settlement_overdue(now),
            source: r.source,
            customer: r.customer,
            phone: r.phone,
            note: r.note,
            responded_at: r.responded_at.map(fmt),
            response_note: r.response_note,
            settled_at: r.settled_at.map(fmt),
            resolution: r.resolution,
            settle_note: r.settle_note,
            facts,
        }
    }
}

/// A new complaint as the clerk gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintInput {
    /// Blank: no job in particular.
    pub job_no: String,
    pub source: Option<Source>,
    pub category: Option<Category>,
    pub note: String,
    /// Blank: the job's customer and phone.
    pub customer: String,
    pub phone: String,
}

/// The commitments in force: the branch's settings, else the defaults.
pub fn commitments(c: &Connection) -> Result<Commitments> {
    let mut k = Commitments::default();
    for (key, slot) in [
        (RESPONSE_HOURS, &mut k.response_hours),
        (SETTLE_DAYS, &mut k.settle_days),
        (ONSITE_HOURS, &mut k.onsite_hours),
    ] {
        if let Some(v) = settings::get(c, key)? {
            *slot = parse_setting(key, &v).map_err(|why| DeskError::BadSetting {
                key: key.to_string(),
                why,
            })?;
        }
    }
    Ok(k)
}

/// `status`'s `complaints`: every complaint not settled.
pub fn open_items(c: &Connection, zone: &Zone, now: Ts) -> Result<Vec<ComplaintItem>> {
    Ok(store::list(c, false)?
        .into_iter()
        .map(|r| ComplaintItem::from_row(zone, r, now))
        .collect())
}

/// `status`'s `response_overdue`: open jobs with no on-site visit while
/// `now` is strictly after received + `onsite_within_hours`, longest
/// overdue first.
pub fn onsite_overdue(c: &Connection, zone: &Zone, now: Ts) -> Result<Vec<OnsiteItem>> {
    let k = commitments(c)?;
    let before = now - chrono::Duration::hours(k.onsite_hours);
    Ok(store::without_onsite_visit(c, before, &on_site_codes())?
        .into_iter()
        .map(|r| {
            let due = k.onsite_due(r.received_at);
            OnsiteItem {
                job_no: r.job_no,
                engineer: r.engineer,
                received_at: rfc3339(zone, r.received_at),
                due_at: rfc3339(zone, due),
                overdue_minutes: overdue_minutes(due, now),
                job_id: r.job_id,
                due_ts: due,
                customer: r.customer,
                phone: r.phone,
            }
        })
        .collect())
}

/// The scorecard's complaint facts of `[start, end)`: who each complaint
/// received counts against, and every job received with its on-site
/// promise.
pub fn score_facts(
    c: &Connection,
    facts: &mut crate::domain::scorecard::ScoreFacts,
    start: Ts,
    end: Ts,
) -> Result<()> {
    let k = commitments(c)?;
    facts.complaints = store::received_between(c, start, end)?
        .iter()
        .map(|r| r.counts_against().to_string())
        .collect();
    facts.onsite = store::onsite_facts(c, start, end, &on_site_codes())?
        .into_iter()
        .map(|r| crate::domain::scorecard::OnsiteFact {
            engineer: r.engineer,
            due: k.onsite_due(r.received_at),
            first_on_site: r.first_on_site,
        })
        .collect();
    Ok(())
}

fn not_found(id: i64) -> DeskError {
    DeskError::NoComplaint(id)
}

fn needs_note(note: &str) -> Result<String> {
    let n = note.trim();
    if n.is_empty() {
        return Err(DeskError::ComplaintNeedsNote);
    }
    Ok(n.to_string())
}

impl Desk {
    /// Records a complaint received now; returns its id. `respond_by` and
    /// `settle_by` are fixed from the settings in force now.
    pub fn add_complaint(&mut self, input: &ComplaintInput, now: Ts) -> Result<i64> {
        let now = whole(now);
        let operator = self.operator.clone();
        let source = input.source.ok_or(DeskError::ComplaintNeedsSource)?;
        let category = input.category.ok_or(DeskError::ComplaintNeedsCategory)?;
        let note = needs_note(&input.note)?;
        let job_no = input.job_no.trim();
        self.store.write(|c| {
            let job = if job_no.is_empty() {
                None
            } else {
                Some(jobs::by_no(c, job_no)?.ok_or_else(|| DeskError::NoJob(job_no.to_string()))?)
            };
            let pick = |given: &str, of_job: Option<&str>| {
                let g = given.trim();
                if g.is_empty() {
                    of_job.unwrap_or("").to_string()
                } else {
                    g.to_string()
                }
            };
            let customer = pick(
                &input.customer,
                job.as_ref().map(|j| j.job.customer.as_str()),
            );
            let phone = pick(&input.phone, job.as_ref().map(|j| j.job.phone.as_str()));
            let (respond_by, settle_by) = commitments(c)?.deadlines(now);
            let id = store::insert(
                c,
                &NewComplaint {
                    job_id: job.as_ref().map(|j| j.id),
                    source,
                    category,
                    customer: &customer,
                    phone: &phone,
                    note: &note,
                    received_at: now,
                    respond_by,
                    settle_by,
                },
            )?;
            store::add_event(c, id, now, ComplaintEvent::Received, &note, &operator)?;
            record(
                c,
                &operator,
                now,
                "complaint_add",
                job_no,
                format!("complaint {id}: {source} {category} ({note})"),
            )?;
            Ok(id)
        })
    }

    /// The complaint's first answer to the customer.
    pub fn respond_complaint(&mut self, id: i64, note: &str, now: Ts) -> Result<ComplaintItem> {
        let now = whole(now);
        let operator = self.operator.clone();
        let zone = self.zone;
        let note = needs_note(note)?;
        self.store.write(|c| {
            let row = store::by_id(c, id)?.ok_or_else(|| not_found(id))?;
            if row.settled_at.is_some() {
                return Err(DeskError::ComplaintSettled(id));
            }
            if row.responded_at.is_some() {
                return Err(DeskError::ComplaintResponded(id));
            }
            store::set_responded(c, id, now, &note)?;
            store::add_event(c, id, now, ComplaintEvent::Responded, &note, &operator)?;
            let late = if now > row.respond_by { " (late)" } else { "" };
            record(
                c,
                &operator,
                now,
                "complaint_respond",
                row.job_no.as_deref().unwrap_or(""),
                format!("complaint {id} responded{late}: {note}"),
            )?;
            let row = store::by_id(c, id)?.ok_or_else(|| not_found(id))?;
            Ok(ComplaintItem::from_row(&zone, row, now))
        })
    }

    /// Settles a complaint, naming the engineer it counts against when it
    /// is not (only) the job's.
    pub fn settle_complaint(
        &mut self,
        id: i64,
        resolution: Settlement,
        note: &str,
        engineer: Option<&str>,
        now: Ts,
    ) -> Result<ComplaintItem> {
        let now = whole(now);
        let operator = self.operator.clone();
        let zone = self.zone;
        let note = needs_note(note)?;
        let engineer = super::engineer_name(engineer.unwrap_or(""))?;
        self.store.write(|c| {
            let row = store::by_id(c, id)?.ok_or_else(|| not_found(id))?;
            if row.settled_at.is_some() {
                return Err(DeskError::ComplaintSettled(id));
            }
            store::set_settled(c, id, now, resolution, &note, &engineer)?;
            store::add_event(c, id, now, ComplaintEvent::Settled, &note, &operator)?;
            let mut summary = format!("complaint {id} settled: {resolution} ({note})");
            if !engineer.is_empty() {
                summary += &format!("; counts against {engineer}");
            }
            record(
                c,
                &operator,
                now,
                "complaint_settle",
                row.job_no.as_deref().unwrap_or(""),
                summary,
            )?;
            let row = store::by_id(c, id)?.ok_or_else(|| not_found(id))?;
            Ok(ComplaintItem::from_row(&zone, row, now))
        })
    }

    /// The complaints not settled, or every one with `all`, oldest first.
    pub fn complaints(&mut self, all: bool, now: Ts) -> Result<Vec<ComplaintItem>> {
        let now = whole(now);
        let zone = self.zone;
        self.store.read(|c| {
            Ok(store::list(c, all)?
                .into_iter()
                .map(|r| ComplaintItem::from_row(&zone, r, now))
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::complaint::ComplaintState;
    use crate::domain::job::Job;
    use crate::domain::time::testing::{t, zone};
    use crate::domain::visit::{Outcome, Visit};
    use crate::store::Store;
    use chrono::Duration;

    fn desk() -> Desk {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
        d.zone = zone();
        d
    }

    fn add_job(d: &mut Desk, no: &str, received: &str) {
        add_job_of(d, no, received, "王强");
    }

    fn add_job_of(d: &mut Desk, no: &str, received: &str, engineer: &str) {
        let job = Job {
            job_no: no.into(),
            branch: "B01".into(),
            received_at: Some(t(received)),
            customer: "张伟".into(),
            phone: "13800138000".into(),
            engineer: engineer.into(),
            ..Job::default()
        };
        d.add_job(&job, t(received)).unwrap();
    }

    fn visit(d: &mut Desk, no: &str, outcome: Outcome, at: &str) {
        let v = Visit {
            job_no: no.into(),
            engineer: "王强".into(),
            arrived_at: Some(t(at)),
            finished_at: (outcome != Outcome::Rescheduled && outcome != Outcome::Cancelled)
                .then(|| t(at) + Duration::minutes(30)),
            outcome: Some(outcome),
            new_appointment_start: (outcome == Outcome::Rescheduled)
                .then(|| t(at) + Duration::days(1)),
            ..Visit::default()
        };
        d.record_visit(&v, t(at) + Duration::hours(1)).unwrap();
    }

    fn input(job: &str) -> ComplaintInput {
        ComplaintInput {
            job_no: job.into(),
            source: Some(Source::Hotline),
            category: Some(Category::Attitude),
            note: "engineer was rude".into(),
            ..Default::default()
        }
    }

    /// Every row of every table, to compare a database before and after.
    fn dump(d: &Desk) -> Vec<String> {
        crate::store::testing::dump(d.store.conn())
    }

    #[test]
    fn a_complaint_gets_fixed_deadlines_and_the_jobs_customer() {
        let mut d = desk();
        add_job(&mut d, "J1", "2026-11-01 08:00");
        let now = t("2026-11-01 09:30");
        let id = d.add_complaint(&input("J1"), now).unwrap();
        // A later change of the setting does not move the deadlines.
        d.set_setting(RESPONSE_HOURS, "2", now).unwrap();
        let list = d.complaints(false, now).unwrap();
        assert_eq!(list.len(), 1);
        let c = &list[0];
        assert_eq!((c.id, c.job_no.as_deref()), (id, Some("J1")));
        assert_eq!(c.customer, "张伟");
        assert_eq!(c.engineer, "王强");
        assert_eq!(c.facts.respond_by, t("2026-11-02 09:30"));
        assert_eq!(c.facts.settle_by, t("2026-12-01 09:30"));
        assert_eq!(c.respond_by, "2026-11-02T09:30:00+08:00");
        assert_eq!(c.state, ComplaintState::Open);
        // The new setting counts for the next complaint.
        let id2 = d.add_complaint(&input(""), now).unwrap();
        let c2 = d
            .complaints(false, now)
            .unwrap()
            .into_iter()
            .find(|c| c.id == id2)
            .unwrap();
        assert_eq!(c2.facts.respond_by, t("2026-11-01 11:30"));
        assert_eq!(c2.job_no, None);
    }

    #[test]
    fn both_deadlines_are_overdue_strictly_after() {
        let mut d = desk();
        let now = t("2026-11-01 09:30");
        d.add_complaint(&input(""), now).unwrap();
        let at = |d: &mut Desk, s: Ts| d.complaints(false, s).unwrap().remove(0);
        assert!(!at(&mut d, t("2026-11-02 09:30")).response_overdue);
        assert!(at(&mut d, t("2026-11-02 09:30") + Duration::seconds(1)).response_overdue);
        assert!(!at(&mut d, t("2026-12-01 09:30")).settlement_overdue);
        assert!(at(&mut d, t("2026-12-01 09:31")).settlement_overdue);
    }

    #[test]
    fn respond_then_settle_each_one_audited_and_settled_leaves_the_list() {
        let mut d = desk();
        add_job(&mut d, "J1", "2026-11-01 08:00");
        let id = d
            .add_complaint(&input("J1"), t("2026-11-01 09:30"))
            .unwrap();
        let r = d
            .respond_complaint(id, "called the customer, apologised", t("2026-11-02 10:00"))
            .unwrap();
        assert_eq!(r.state, ComplaintState::Responded);
        assert!(
            !r.response_overdue,
            "responded, late or not, is not overdue"
        );
        // Responding twice is refused.
        assert!(
            d.respond_complaint(id, "again", t("2026-11-02 11:00"))
                .is_err()
        );
        let s = d
            .settle_complaint(
                id,
                Settlement::Penalty,
                "fined per the rules",
                Some("李明"),
                t("2026-11-05 10:00"),
            )
            .unwrap();
        assert_eq!(s.state, ComplaintState::Settled);
        assert_eq!(s.engineer, "李明");
        assert!(
            d.complaints(false, t("2026-11-05 10:00"))
                .unwrap()
                .is_empty()
        );
        let all = d.complaints(true, t("2026-11-05 10:00")).unwrap();
        assert_eq!(all[0].resolution, Some(Settlement::Penalty));
        let log = d.audit_log(Some("J1")).unwrap();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        for a in ["complaint_add", "complaint_respond", "complaint_settle"] {
            assert!(actions.contains(&a), "{a} in {actions:?}");
        }
        assert!(d.audit_verify().unwrap().is_intact());
        // Settled once: settling or responding again is refused.
        let before = dump(&d);
        assert!(
            d.settle_complaint(id, Settlement::Apology, "x", None, t("2026-11-06 10:00"))
                .is_err()
        );
        assert!(d.respond_complaint(id, "x", t("2026-11-06 10:00")).is_err());
        assert_eq!(dump(&d), before);
    }

    #[test]
    fn unknown_ids_and_jobs_and_blank_notes_are_refused_with_the_database_unchanged() {
        let mut d = desk();
        add_job(&mut d, "J1", "2026-11-01 08:00");
        let now = t("2026-11-01 09:30");
        d.add_complaint(&input("J1"), now).unwrap();
        let before = dump(&d);
        assert!(matches!(
            d.add_complaint(&input("NOPE"), now),
            Err(DeskError::NoJob(_))
        ));
        let mut blank = input("J1");
        blank.note = "  ".into();
        assert!(d.add_complaint(&blank, now).is_err());
        let mut no_source = input("J1");
        no_source.source = None;
        assert!(d.add_complaint(&no_source, now).is_err());
        assert!(matches!(
            d.respond_complaint(99, "x", now),
            Err(DeskError::NoComplaint(99))
        ));
        assert!(matches!(
            d.settle_complaint(99, Settlement::Apology, "x", None, now),
            Err(DeskError::NoComplaint(99))
        ));
        assert!(d.set_setting(SETTLE_DAYS, "0", now).is_err());
        assert!(d.set_setting(ONSITE_HOURS, "abc", now).is_err());
        assert_eq!(dump(&d), before);
    }

    #[test]
    fn a_job_leaves_the_onsite_list_at_its_first_on_site_visit_of_any_outcome_but_three() {
        for outcome in Outcome::ALL {
            let mut d = desk();
            add_job(&mut d, "J1", "2026-11-01 08:00");
            let due = t("2026-11-02 08:00");
            let list = |d: &mut Desk, now: Ts| {
                let z = d.zone;
                d.store.read(|c| onsite_overdue(c, &z, now)).unwrap()
            };
            assert!(
                list(&mut d, due).is_empty(),
                "not overdue at the due second"
            );
            let late = list(&mut d, due + Duration::seconds(61));
            assert_eq!(late.len(), 1);
            assert_eq!(late[0].overdue_minutes, 1);
            assert_eq!(late[0].due_at, "2026-11-02T08:00:00+08:00");
            visit(&mut d, "J1", *outcome, "2026-11-02 09:00");
            let after = list(&mut d, t("2026-11-02 12:00"));
            let on_site = !matches!(
                outcome,
                Outcome::Consulted | Outcome::Rescheduled | Outcome::Cancelled
            );
            // A cancelled job is no longer open: it leaves the list too; a
            // job solved by phone owes no visit.
            let expected = if on_site || matches!(outcome, Outcome::Cancelled | Outcome::Consulted)
            {
                0
            } else {
                1
            };
            assert_eq!(after.len(), expected, "{outcome}");
        }
    }

    #[test]
    fn the_scorecard_counts_complaints_and_the_onsite_rate_on_a_hand_built_branch() {
        use crate::domain::scorecard::Period;
        let mut d = desk();
        // 王强's jobs: J1 on site 23 h after it was received (kept), J2
        // at 25 h (late), J3 never and past due (late), J4 received two
        // hours ago (undecided); J5 李明's, solved by phone and past due
        // (owes no visit: neither late nor counted), J6 李明's, consulted by
        // phone and then sent on site late (its latest visit is not
        // `consulted`: counted, late).
        for (no, received) in [
            ("J1", "2026-11-20 08:00"),
            ("J2", "2026-11-20 09:00"),
            ("J3", "2026-11-20 10:00"),
            ("J4", "2026-11-23 12:00"),
        ] {
            add_job(&mut d, no, received);
        }
        add_job_of(&mut d, "J5", "2026-11-21 09:00", "李明");
        add_job_of(&mut d, "J6", "2026-11-21 09:00", "李明");
        visit(&mut d, "J1", Outcome::NotHome, "2026-11-21 07:00");
        visit(&mut d, "J2", Outcome::Fixed, "2026-11-21 10:00");
        visit(&mut d, "J5", Outcome::Consulted, "2026-11-21 10:00");
        visit(&mut d, "J6", Outcome::Consulted, "2026-11-21 10:00");
        visit(&mut d, "J6", Outcome::Fixed, "2026-11-22 10:00");
        // Complaints: two on 王强's jobs, one of them settled against 李明;
        // one on no job (counts against nobody named: "").
        let a = d
            .add_complaint(&input("J1"), t("2026-11-21 12:00"))
            .unwrap();
        d.add_complaint(&input("J2"), t("2026-11-21 13:00"))
            .unwrap();
        d.add_complaint(&input(""), t("2026-11-21 14:00")).unwrap();
        d.settle_complaint(
            a,
            Settlement::Penalty,
            "his fault",
            Some("李明"),
            t("2026-11-22 09:00"),
        )
        .unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T14:00:00+08:00").unwrap();
        let s = d.supervision(now, Period::Days7).unwrap();
        let score = |e: &str| s.scores.iter().find(|r| r.engineer == e).unwrap().clone();
        let (wang, li) = (score("王强"), score("李明"));
        assert_eq!((wang.complaints, li.complaints), (1, 1));
        assert_eq!((wang.onsite_due, wang.onsite_kept), (3, 1));
        assert_eq!(wang.onsite_percent(), Some(33));
        assert_eq!((li.onsite_due, li.onsite_kept), (1, 0));
        // The one about no job counts for nobody by name.
        assert_eq!(s.scores.iter().map(|r| r.complaints).sum::<u32>(), 2);
        assert!(s.scores.iter().all(|r| !r.engineer.is_empty()));
        // The overdue panel's lists: J3 past its promise (J4 not yet, J5
        // solved by phone, J6 visited); the two complaints not settled,
        // neither answered.
        let late: Vec<&str> = s.onsite_late.iter().map(|o| o.job_no.as_str()).collect();
        assert_eq!(late, ["J3"]);
        assert_eq!(s.complaints.len(), 2);
        assert!(
            s.complaints
                .iter()
                .all(|c| c.facts.response_overdue(now.to_utc()))
        );
    }

    #[test]
    fn the_onsite_setting_moves_the_due_time() {
        let mut d = desk();
        add_job(&mut d, "J1", "2026-11-01 08:00");
        d.set_setting(ONSITE_HOURS, "4", t("2026-11-01 08:00"))
            .unwrap();
        let z = d.zone;
        let l = d
            .store
            .read(|c| onsite_overdue(c, &z, t("2026-11-01 12:01")))
            .unwrap();
        assert_eq!(l.len(), 1);
    }
}
