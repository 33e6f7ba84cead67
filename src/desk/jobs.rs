//! Jobs: one entered by hand (checked as an imported one), the jobs file
//! imported, an owed invoice delivered, a job verified with dispatch, and
//! the re-visit a job opens.

use super::Desk;
use super::DeskError;
use super::Result;
use super::import::*;
use super::record;
use super::record_if_changed;
use super::whole;
use crate::domain::job::Job;
use crate::domain::job::revisit_job_no;
use crate::domain::job::to_verify;
use crate::domain::status::JobStatus;
use crate::domain::time::Ts;
use crate::io::Problem;
use crate::io::records::JOB_COLUMNS;
use crate::io::records::describe_difference;
use crate::io::records::job_differences;
use crate::io::records::parse_job;
use crate::io::stream_table;
use crate::store::jobs;
use crate::store::settings;
use crate::store::visits;
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;

/// The page cache while a jobs file is imported (SQLite's default is 2 MiB).
/// On 100,000 rows into a new database 8 MiB saves a sixth of the import's
/// CPU time (the pages it read back); 16 MiB saved no more and cost 10 MiB
/// more at the peak (BENCHMARKS.md).
const IMPORT_CACHE_MIB: i64 = 8;

/// From this size on (about 5,000 jobs) a file imported into a database of
/// no jobs yet has the indexes it grows made once after its rows
/// ([`jobs::defer_import_indexes`]): 100,000 jobs then take BENCHMARKS.md's
/// figure instead of growing four indexes at random row by row.
pub(super) const DEFER_INDEXES_BYTES: usize = 1 << 20;

/// A corrected job as dispatch sent it: each field it had before its first
/// correction (the corrections hold the values before and after); `None`
/// when it was never corrected.
fn as_dispatched(
    c: &rusqlite::Connection,
    job: &jobs::JobRow,
    zone: &crate::domain::time::Zone,
) -> Result<Option<Job>> {
    let corrections = crate::store::corrections::of_job(c, job.id)?;
    let mut first: Vec<(String, String)> = Vec::new();
    for k in corrections.iter().filter(|k| k.kind == "job") {
        let before: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&k.before).unwrap_or_default();
        for (field, value) in before {
            if !first.iter().any(|(f, _)| *f == field) {
                first.push((field, value.as_str().unwrap_or_default().to_string()));
            }
        }
    }
    if first.is_empty() {
        return Ok(None);
    }
    let values = crate::io::fields::job_values(&job.job, zone);
    let file = crate::io::fields::changed_file(&values, &first);
    Ok(crate::io::fields::reparse(&file, &["job_no", "branch"], |t, r| parse_job(t, r, zone)).ok())
}

impl Desk {
    /// Imports a jobs file, streamed: each row is parsed, checked and
    /// inserted as it is read, inside one transaction that commits only if
    /// no row had a problem (so a large file needs little memory).
    pub fn import_jobs(&mut self, file: &str, bytes: &[u8], now: Ts) -> Result<ImportSummary> {
        // The new rows land all over the indexes (appointment, on-site
        // promise, phone and model): with SQLite's default 2 MiB cache their
        // pages were spilled to the WAL and read back. The import keeps more
        // of them, then gives the memory back.
        self.with_header(file, bytes, JOB_COLUMNS, |d, ignored| {
            d.store.set_cache_mib(IMPORT_CACHE_MIB)?;
            let result = d.import_jobs_cached(file, bytes, now, ignored);
            d.store.set_cache_mib(crate::store::DEFAULT_CACHE_MIB)?;
            result
        })
    }

    fn import_jobs_cached(
        &mut self,
        file: &str,
        bytes: &[u8],
        now: Ts,
        ignored: &[String],
    ) -> Result<ImportSummary> {
        let zone = self.zone;
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let mut problems = Vec::new();
            let mut summary = ImportSummary {
                ignored_columns: ignored.to_vec(),
                ..Default::default()
            };
            let mut branch = settings::get(c, settings::BRANCH)?;
            // Jobs this file adds get ids above `base`; `added` holds each
            // one's (id, line), in id order. Jobs that were already there are
            // kept with the line and content of their first row here.
            let base = jobs::max_id(c)?;
            // A first load of many jobs: the indexes it grows are made once
            // after it (a file of a few days' jobs gains nothing by it).
            let deferred = match bytes.len() >= DEFER_INDEXES_BYTES {
                true => jobs::defer_import_indexes(c)?,
                false => None,
            };
            let mut added: Vec<(i64, u64)> = Vec::new();
            let mut kept: HashMap<String, (u64, Job)> = HashMap::new();
            let mut new_jobs = jobs::NewJobs::new(c)?;
            // The file is read and parsed on a second thread while this one
            // checks and inserts (two cores: parsing is a fifth of the
            // work), in batches through a bounded channel, so that memory
            // stays that of a few batches whatever the file's size.
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ParsedJob>>(4);
            let read = std::thread::scope(|s| -> Result<_> {
                let reader = s.spawn(move || {
                    let mut batch = Vec::with_capacity(PARSE_BATCH);
                    let read = stream_table(bytes, &["job_no", "branch"], |t, row| {
                        batch.push((row.line, parse_job(t, &row, &zone)));
                        if batch.len() == PARSE_BATCH {
                            // The other side stopped (an error): stop too.
                            tx.send(std::mem::replace(
                                &mut batch,
                                Vec::with_capacity(PARSE_BATCH),
                            ))
                            .map_err(|_| ())?;
                        }
                        Ok::<(), ()>(())
                    });
                    if !batch.is_empty() {
                        let _ = tx.send(batch);
                    }
                    read
                });
                let each =
                    |line: u64, parsed: std::result::Result<Job, Vec<Problem>>| -> Result<()> {
                        summary.rows += 1;
                        let job = match parsed {
                            Ok(job) => job,
                            Err(p) => {
                                problems.extend(p);
                                return Ok(());
                            }
                        };
                        match &branch {
                            Some(b) if *b != job.branch => {
                                problems.push(Problem::new(
                            line,
                            "branch",
                            format!(
                                "job {} is of branch {}, but this database belongs to branch {b}",
                                job.job_no, job.branch
                            ),
                        ));
                                return Ok(());
                            }
                            Some(_) => {}
                            None => {
                                settings::set(c, settings::BRANCH, &job.branch)?;
                                branch = Some(job.branch.clone());
                            }
                        }
                        let twice = |first: u64, earlier: &Job, summary: &mut ImportSummary| {
                            let diffs = job_differences(earlier, &job, &zone);
                            if diffs.is_empty() {
                                summary.unchanged += 1;
                                None
                            } else {
                                let what = format!("job {} on line {first}", job.job_no);
                                Some(at_line(describe_difference(&diffs, &what), line))
                            }
                        };
                        if let Some((first, earlier)) = kept.get(&job.job_no) {
                            problems.extend(twice(*first, earlier, &mut summary));
                            return Ok(());
                        }
                        let status = if job.appointment_start.is_some() {
                            JobStatus::Scheduled
                        } else {
                            JobStatus::Unscheduled
                        };
                        let origin = jobs::Origin::Import;
                        if let Some(id) =
                            new_jobs.insert(&job, origin, &to_verify(&job), status, now)?
                        {
                            added.push((id, line));
                            summary.added += 1;
                            return Ok(());
                        }
                        let Some(existing) = jobs::by_no(c, &job.job_no)? else {
                            return Err(DeskError::JobVanished(job.job_no.clone()));
                        };
                        if existing.id > base {
                            let first = added
                                .binary_search_by_key(&existing.id, |&(id, _)| id)
                                .map_or(0, |i| added[i].1);
                            problems.extend(twice(first, &existing.job, &mut summary));
                        } else {
                            let mut diffs = job_differences(&existing.job, &job, &zone);
                            // Dispatch's own file again after the clerk
                            // corrected the job: the same file, nothing new.
                            if !diffs.is_empty()
                                && as_dispatched(c, &existing, &zone)?
                                    .is_some_and(|d| job_differences(&d, &job, &zone).is_empty())
                            {
                                diffs.clear();
                            }
                            let what = format!("job {} already imported", job.job_no);
                            compare(&diffs, &what, line, &mut summary, &mut problems);
                            kept.insert(job.job_no.clone(), (line, job));
                        }
                        Ok(())
                    };
                // Every batch is taken (an error drops the channel, which
                // stops the reader at its next batch).
                let consumed = (|| -> Result<()> {
                    let mut each = each;
                    for batch in rx {
                        for (line, parsed) in batch {
                            each(line, parsed)?;
                        }
                    }
                    Ok(())
                })();
                // The reader fails only by a bug: its panic goes on.
                let read = reader
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                consumed?;
                // The reader stops early only when this side did, with an error.
                read.map_err(|()| DeskError::ReadStopped)
            })?;
            if let Err(p) = read {
                return Err(rejected(file, p));
            }
            if problems.is_empty() {
                if let Some(deferred) = deferred {
                    jobs::remake_indexes(c, deferred)?;
                }
                record_if_changed(
                    c,
                    &operator,
                    now,
                    "import_jobs",
                    "",
                    imported(file, &summary),
                )?;
                Ok(summary)
            } else {
                Err(rejected(file, problems))
            }
        })
    }

    /// Enters a job by hand, checked as an imported one: the branch must be
    /// this database's, the number new. Returns its *to verify* reasons.
    pub fn add_job(&mut self, job: &Job, now: Ts) -> Result<Vec<&'static str>> {
        let now = whole(now);
        crate::io::records::valid_branch_code(&job.branch).map_err(|why| {
            DeskError::BadBranchCode {
                code: job.branch.clone(),
                why,
            }
        })?;
        if job.job_no.trim().is_empty() {
            return Err(DeskError::JobNeedsNumber);
        }
        use crate::domain::job::printable_identifier;
        for (what, v) in [
            ("a job number", &job.job_no),
            ("an engineer's name", &job.engineer),
        ] {
            printable_identifier(v, what).map_err(|why| DeskError::BadText { what, why })?;
        }
        for (col, v) in [
            ("customer", &job.customer),
            ("phone", &job.phone),
            ("address", &job.address),
            ("product_model", &job.product_model),
            ("fault", &job.fault),
            ("requirement", &job.requirement),
        ] {
            if let Some(ch) = crate::domain::text::first_control(v) {
                return Err(DeskError::BadField {
                    field: col.to_string(),
                    why: crate::domain::text::control_reason(ch),
                });
            }
        }
        let operator = self.operator.clone();
        self.store.write(|c| {
            match settings::get(c, settings::BRANCH)? {
                Some(b) if b != job.branch => {
                    return Err(DeskError::OtherBranch {
                        job_no: job.job_no.clone(),
                        branch: job.branch.clone(),
                        this: b,
                    });
                }
                Some(_) => {}
                None => settings::set(c, settings::BRANCH, &job.branch)?,
            }
            if jobs::by_no(c, &job.job_no)?.is_some() {
                return Err(DeskError::JobExists(job.job_no.clone()));
            }
            let status = if job.appointment_start.is_some() {
                JobStatus::Scheduled
            } else {
                JobStatus::Unscheduled
            };
            let missing = to_verify(job);
            let mut job = job.clone();
            job.received_at = job.received_at.or(Some(now));
            jobs::insert(c, &job, jobs::Origin::Manual, None, &missing, status, now)?;
            let summary = format!("new job entered by hand for {}", job.engineer);
            record(c, &operator, now, "new_job", &job.job_no, summary)?;
            Ok(missing)
        })
    }

    /// Changes when another process commits to the database.
    pub fn data_version(&mut self) -> Result<i64> {
        Ok(crate::store::data_version(self.store.conn())?)
    }

    pub fn job_exists(&mut self, job_no: &str) -> Result<bool> {
        Ok(jobs::by_no(self.store.conn(), job_no)?.is_some())
    }

    /// The other jobs whose appointment clashes with `job_no`'s (the same
    /// engineer, overlapping windows on its day): empty when none does.
    pub fn clashes_of(&mut self, job_no: &str) -> Result<Vec<String>> {
        let zone = self.zone;
        self.store.read(|c| {
            let Some(job) = jobs::by_no(c, job_no)? else {
                return Ok(Vec::new());
            };
            let Some(start) = job.appt_start else {
                return Ok(Vec::new());
            };
            let (from, _) = zone.day_bounds(zone.date_of(start));
            let groups = crate::domain::job::conflicts(
                &crate::store::dashboard::slots_from(c, from)?,
                &zone,
            );
            Ok(groups
                .into_iter()
                .find(|g| g.job_nos.iter().any(|j| j == job_no))
                .map(|g| g.job_nos.into_iter().filter(|j| j != job_no).collect())
                .unwrap_or_default())
        })
    }

    /// The fields the dashboard's filter searches, for every job listed on
    /// `today`.
    pub fn search_fields(&mut self, today: NaiveDate) -> Result<Vec<jobs::SearchFields>> {
        let (start, end) = self.zone.day_bounds(today);
        self.store
            .read(|c| Ok(jobs::search_fields_of_listed(c, start, end)?))
    }

    /// The owed invoice of a job was delivered to the customer.
    pub fn deliver_invoice(&mut self, job_no: &str, now: Ts) -> Result<usize> {
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let job = jobs::by_no(c, job_no)?.ok_or_else(|| DeskError::NoJob(job_no.into()))?;
            match visits::deliver_invoice(c, job.id, now)? {
                0 => Err(DeskError::NoInvoiceOwed(job_no.into())),
                n => {
                    let summary = format!("{n} owed invoice(s) delivered");
                    record(c, &operator, now, "deliver_invoice", job_no, summary)?;
                    Ok(n)
                }
            }
        })
    }

    /// The clerk checked the job's missing information with dispatch.
    pub fn mark_verified(&mut self, job_no: &str, now: Ts) -> Result<()> {
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let job = jobs::by_no(c, job_no)?.ok_or_else(|| DeskError::NoJob(job_no.into()))?;
            jobs::set_verified(c, job.id, now)?;
            let summary = format!("verified with dispatch: {}", job.to_verify.join(", "));
            record(c, &operator, now, "verify", job_no, summary)
        })
    }
}

/// Opens the next re-visit of a job's original: `<original>-R<n>`, with the
/// original's customer and product, linked to it, no appointment yet.
pub(crate) fn open_revisit(c: &Connection, job: &jobs::JobRow, note: &str, now: Ts) -> Result<i64> {
    let root = match job.parent_id {
        Some(p) => jobs::by_id(c, p)?,
        None => job.clone(),
    };
    let mut n = jobs::revisits_of(c, root.id)?.len();
    let mut job_no = revisit_job_no(&root.job.job_no, n);
    // A number already taken (say, typed by hand) is skipped.
    while jobs::by_no(c, &job_no)?.is_some() {
        n += 1;
        job_no = revisit_job_no(&root.job.job_no, n);
    }
    let revisit = revisit_job(&root.job, &job.job.engineer, note, n, now);
    let id = jobs::insert(
        c,
        &revisit,
        jobs::Origin::Revisit,
        Some((root.id, n as i64 + 1)),
        &to_verify(&revisit),
        JobStatus::Unscheduled,
        now,
    )?;
    Ok(id)
}

/// The `n`-th (from 0) re-visit of an original job: its customer and
/// product, the engineer of the job called back, no appointment yet.
pub(crate) fn revisit_job(original: &Job, engineer: &str, note: &str, n: usize, now: Ts) -> Job {
    let requirement = if note.trim().is_empty() {
        "回访不满意，二次上门 / re-visit: customer unsatisfied".to_string()
    } else {
        format!("回访不满意，二次上门 / re-visit: {}", note.trim())
    };
    let o = original;
    Job {
        job_no: revisit_job_no(&o.job_no, n),
        branch: o.branch.clone(),
        received_at: Some(now),
        customer: o.customer.clone(),
        phone: o.phone.clone(),
        address: o.address.clone(),
        product_model: o.product_model.clone(),
        purchase_date: o.purchase_date,
        fault: o.fault.clone(),
        requirement,
        appointment_start: None,
        appointment_end: None,
        engineer: engineer.to_string(),
        warranty: o.warranty,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::desk::TimelineEvent;
    use crate::domain::callback::CallbackResult;
    use crate::domain::card::SignedBy;
    use crate::domain::card::{Card, CardState};
    use crate::domain::time::testing::{t, zone};
    use crate::domain::visit::Outcome;
    use crate::domain::visit::{CallbackKind, Visit};
    use crate::store::Store;

    pub(crate) fn desk() -> Desk {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
        d.zone = zone();
        d
    }

    pub(crate) fn job(no: &str) -> Job {
        Job {
            job_no: no.into(),
            branch: "QD".into(),
            customer: "王秀英".into(),
            phone: "13812345678".into(),
            address: "青岛市崂山区海尔路1号".into(),
            product_model: "BCD-470WDPG".into(),
            purchase_date: NaiveDate::from_ymd_opt(2025, 5, 1),
            fault: "不制冷".into(),
            appointment_start: Some(t("2026-11-23 09:00")),
            appointment_end: Some(t("2026-11-23 10:00")),
            engineer: "王强".into(),
            ..Job::default()
        }
    }

    #[test]
    fn a_job_by_hand_is_checked_like_an_import() {
        let mut d = desk();
        let now = t("2026-11-23 08:00");
        assert!(d.add_job(&job("J1"), now).unwrap().is_empty());
        let err = d.add_job(&job("J1"), now).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        let mut other = job("J2");
        other.branch = "XX".into();
        let err = d.add_job(&other, now).unwrap_err();
        assert!(err.to_string().contains("belongs to branch QD"), "{err}");
        let mut thin = job("J3");
        thin.address.clear();
        thin.phone = "123".into();
        assert_eq!(d.add_job(&thin, now).unwrap(), vec!["phone", "address"]);
        let detail = d.job_detail("J3").unwrap();
        assert_eq!(detail.origin, "manual");
        assert_eq!(detail.to_verify, ["phone", "address"]);
        assert_eq!(detail.job.received_at, Some(now));
    }

    /// A callback result on a job no engineer has visited (nothing pending)
    /// is refused: no ad hoc call, no re-visit of a visit that never was.
    /// Once visited, an extra call (a remedial callback) is taken.
    #[test]
    fn a_callback_on_a_job_never_visited_is_refused() {
        let mut d = desk();
        d.add_job(&job("J1"), t("2026-11-23 08:00")).unwrap();
        for result in [CallbackResult::Unsatisfied, CallbackResult::Satisfied] {
            let err = d
                .log_callback("J1", result, "", t("2026-11-23 12:00"))
                .unwrap_err();
            assert!(
                matches!(err, DeskError::NeverVisited(ref j) if j == "J1"),
                "{err}"
            );
        }
        assert_eq!(d.job_count().unwrap(), 1, "no re-visit opened");
        let v = Visit {
            job_no: "J1".into(),
            engineer: "王强".into(),
            arrived_at: Some(t("2026-11-23 09:10")),
            finished_at: Some(t("2026-11-23 10:00")),
            outcome: Some(Outcome::Fixed),
            ..Visit::default()
        };
        d.record_visit(&v, t("2026-11-23 10:05")).unwrap();
        // Unsatisfied twice (the follow-up, then an extra call): one cause,
        // one re-visit, not one per call.
        let first = d
            .log_callback("J1", CallbackResult::Unsatisfied, "", t("2026-11-23 12:00"))
            .unwrap();
        assert!(first.revisit_new);
        let again = d
            .log_callback("J1", CallbackResult::Unsatisfied, "", t("2026-11-23 13:00"))
            .unwrap();
        assert_eq!(again.revisit_job_no, first.revisit_job_no);
        assert!(!again.revisit_new);
        assert_eq!(d.job_count().unwrap(), 2);
    }

    #[test]
    fn a_visit_and_a_card_by_hand_follow_the_rules_and_appear_in_the_timeline() {
        let mut d = desk();
        d.add_job(&job("J1"), t("2026-11-23 08:00")).unwrap();
        let v = Visit {
            job_no: "J1".into(),
            engineer: "王强".into(),
            arrived_at: Some(t("2026-11-23 10:20")),
            finished_at: Some(t("2026-11-23 11:00")),
            outcome: Some(Outcome::FixedUntested),
            ..Visit::default()
        };
        let r = d.record_visit(&v, t("2026-11-23 11:05")).unwrap();
        assert_eq!(
            r.callback,
            Some((CallbackKind::TwoHours, t("2026-11-23 13:00")))
        );
        assert_eq!(r.late_minutes, Some(20));
        assert_eq!(r.status, JobStatus::CallbackPending);
        assert!(d.record_visit(&v, t("2026-11-23 11:06")).is_err());
        let card = Card {
            job_no: "J1".into(),
            returned_at: Some(t("2026-11-23 16:00")),
            signed_by: Some(SignedBy::Customer),
            warranty_record: Some(true),
            ..Card::default()
        };
        assert_eq!(
            d.record_card(&card, t("2026-11-23 16:00")).unwrap(),
            CardState::Signed
        );
        assert!(d.record_card(&card, t("2026-11-23 16:01")).is_err());
        d.log_callback(
            "J1",
            CallbackResult::Unsatisfied,
            "还是不冷",
            t("2026-11-23 12:30"),
        )
        .unwrap();
        let detail = d.job_detail("J1").unwrap();
        assert_eq!(detail.revisits.len(), 1);
        assert_eq!(detail.revisits[0].0, "J1-R1");
        let kinds: Vec<&str> = detail
            .timeline
            .iter()
            .map(|e| match &e.event {
                TimelineEvent::Received { .. } => "received",
                TimelineEvent::Visit(_) => "visit",
                TimelineEvent::CallbackStarted { .. } => "callback",
                TimelineEvent::CallbackAttempt { .. } => "attempt",
                TimelineEvent::Card(_) => "card",
                TimelineEvent::DiscrepancyRaised { .. } => "raised",
                TimelineEvent::DiscrepancyResolved { .. } => "resolved",
                TimelineEvent::RevisitOpened { .. } => "revisit",
                TimelineEvent::Supervisor(_) => "supervisor",
                TimelineEvent::Repeat { .. } => "repeat",
                TimelineEvent::Audit { .. } => "audit",
            })
            .filter(|k| *k != "audit")
            .collect();
        assert_eq!(
            kinds,
            [
                "received", "visit", "callback", "attempt", "revisit", "card"
            ]
        );
        let opened = detail.timeline.iter().find_map(|e| match &e.event {
            TimelineEvent::CallbackAttempt { revisit, .. } => revisit.clone(),
            _ => None,
        });
        assert_eq!(opened.as_deref(), Some("J1-R1"));
        // Every change to J1 is in its timeline as an audit entry, by
        // whom and when (the `now` of each operation).
        let audited: Vec<(String, String, Option<Ts>)> = detail
            .timeline
            .iter()
            .filter_map(|e| match &e.event {
                TimelineEvent::Audit {
                    action, operator, ..
                } => Some((action.clone(), operator.clone(), e.at)),
                _ => None,
            })
            .collect();
        let mut actions: Vec<&str> = audited.iter().map(|a| a.0.as_str()).collect();
        actions.sort();
        assert_eq!(actions, ["callback", "card", "new_job", "visit"]);
        assert!(audited.iter().all(|a| a.1 == "clerk"));
        assert!(audited.contains(&(
            "callback".into(),
            "clerk".into(),
            Some(t("2026-11-23 12:30"))
        )));
        assert!(d.audit_verify().unwrap().is_intact());
        assert_eq!(
            d.job_detail("J1-R1").unwrap().revisit_of.as_deref(),
            Some("J1")
        );
    }
}
