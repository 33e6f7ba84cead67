//! The daily report to the center: one row per job touched that day, with
//! the SPEC's columns first and what the center needs to act after them.

use super::{Desk, DeskError, Result};
use crate::domain::callback::is_overdue;
use crate::domain::codes::format_money;
use crate::domain::report;
use crate::domain::signing;
use crate::domain::time::{Ts, rfc3339};
use crate::domain::visit::return_overdue;
use crate::io::export::{Staged, csv_writer, write_atomic, write_csv_row};
use crate::io::records::valid_branch_code;
use crate::io::xlsx::CsvFileRows;
use crate::store::{
    audit, callbacks, cards, discrepancies, jobs, reconciliations, settings, trust, visits,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Which columns the report has ([`report::SCHEMA`] of the build that
    /// wrote it; see [`report::required_of`]).
    pub schema: u32,
    pub branch: String,
    pub date: String,
    pub generation: u32,
    pub generated_at: String,
    pub history: Vec<String>,
    pub rows: usize,
    pub sha256: String,
    /// When that date's reconciliation last ran before the export (RFC
    /// 3339), or null when it had not run.
    #[serde(default)]
    pub reconciled_at: Option<String>,
    /// The branch's cut-off on that date (RFC 3339): a report generated at
    /// or after it is final. Absent in schema 1 (the center then assumes
    /// the default cut-off, 17:00 in the offset of `generated_at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoff_at: Option<String>,
    /// The branch's audit trail just before the export's own entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<AuditHead>,
    /// What no row can carry, as a `counts` cell (`name:n;…`): the
    /// complaints about no job. Absent when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts_without_job: Option<String>,
}

/// `{"entries": N, "hash": "hex"}`: the trail's head a manifest carries.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuditHead {
    pub entries: i64,
    pub hash: String,
}

/// How many of a report's jobs are read at a time (see
/// [`Desk::daily_rows`]): their pages of every table fit in the page cache
/// the export sets ([`PAGE_CACHE_MIB`]).
const CHUNK: usize = 256;

/// The export's page cache, MiB.
const PAGE_CACHE_MIB: i64 = 8;

/// The most generations one day's report can have (and so the longest
/// history a manifest can carry): one a minute, all day.
pub const MAX_GENERATIONS: usize = 1440;

#[derive(Debug, Clone)]
pub struct Exported {
    pub csv: PathBuf,
    pub manifest: PathBuf,
    /// The spreadsheet for people beside the CSV (never imported).
    pub xlsx: PathBuf,
    pub rows: usize,
    pub generation: u32,
    /// The signing key file this export made (the branch's first export).
    pub key_made: Option<PathBuf>,
    /// The generation found written in the output folder that this one
    /// follows, when this database had not recorded it (restored from an
    /// older backup).
    pub found_in_folder: Option<u32>,
}

/// A report holding text the center refuses (a control character, or an
/// invisible one in a job number or an engineer's name: kept by a database
/// from before those were refused at input) is not written: the clerk is
/// told which job and field to correct.
fn unsendable(row: &report::Row) -> Result<()> {
    {
        let job = &row.job_no;
        for (cell, col) in row.cells().zip(report::NAMES) {
            let why = match *col {
                "job_no" => crate::domain::job::printable_identifier(cell, "a job number").err(),
                "engineer" => {
                    crate::domain::job::printable_identifier(cell, "an engineer's name").err()
                }
                _ => crate::domain::text::first_control(cell)
                    .map(crate::domain::text::control_reason),
            };
            if let Some(why) = why {
                return Err(DeskError::Unsendable {
                    job_no: job.clone(),
                    column: col,
                    why,
                });
            }
        }
    }
    Ok(())
}

/// The folders that creating `folder` would make, outermost first.
fn folders_to_make(folder: &Path) -> Vec<PathBuf> {
    let mut made: Vec<PathBuf> = folder
        .ancestors()
        .take_while(|f| !f.as_os_str().is_empty() && !f.exists())
        .map(Path::to_path_buf)
        .collect();
    made.reverse();
    made
}

/// A report of the branch's day found where the export writes: its
/// manifest's signer, generation and the times of every generation.
struct Found {
    signer: String,
    generation: u32,
    /// `times[g - 1]`: when generation `g` was generated.
    times: Vec<Ts>,
    sha256: String,
}

/// The manifest at `path` when it is one of `branch`'s report of `date`,
/// signed, with a history of its generation's length; anything else (no
/// file, another branch's, unsigned, damaged) is not counted.
fn found_in_folder(path: &Path, branch: &str, date: NaiveDate) -> Option<Found> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() || meta.len() > 1 << 20 {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let v = signing::json_without_repeated_keys(&bytes).ok()?;
    let signer = signing::verify(&v).ok()?;
    let text = |k: &str| v.get(k).and_then(serde_json::Value::as_str);
    if text("branch")? != branch || text("date")? != date.to_string() {
        return None;
    }
    let generation = u32::try_from(v.get("generation")?.as_u64()?).ok()?;
    let instant = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.to_utc())
    };
    let mut times: Vec<Ts> = v
        .get("history")?
        .as_array()?
        .iter()
        .map(|h| h.as_str().and_then(instant))
        .collect::<Option<_>>()?;
    times.push(instant(text("generated_at")?)?);
    if generation == 0 || times.len() != generation as usize || !times.is_sorted() {
        return None;
    }
    Some(Found {
        signer,
        generation,
        times,
        sha256: text("sha256")?.to_string(),
    })
}

/// `DIR/<BRANCH>/<BRANCH>_<DATE>.csv` and its manifest, after checking
/// that the branch code cannot leave DIR.
pub fn report_paths(dir: &Path, branch: &str, date: NaiveDate) -> Result<(PathBuf, PathBuf)> {
    valid_branch_code(branch).map_err(|why| DeskError::BadBranchCode {
        code: branch.to_string(),
        why,
    })?;
    let folder = dir.join(branch);
    Ok((
        folder.join(format!("{branch}_{date}.csv")),
        folder.join(format!("{branch}_{date}.manifest.json")),
    ))
}

impl Desk {
    /// The report's rows for `date`.
    ///
    /// A row for every job touched that day (`touched` = yes) and for every
    /// job with something still open at `now` (`open_items`, from the same
    /// lists as `status` at `now`), in job number order.
    pub fn daily_rows(&mut self, date: NaiveDate, now: Ts) -> Result<Vec<report::Row>> {
        let mut rows = Vec::new();
        self.daily_report(date, now, &mut |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    /// [`Desk::daily_rows`], each row given to `sink` as it is made (in one
    /// read), and the lists they were taken from (`status` at `now`),
    /// which the spreadsheet's summary counts.
    ///
    /// The listed jobs are read [`CHUNK`] at a time, each table once per
    /// chunk: a large report's jobs are spread over the branch's history
    /// (one page of each table per job), and a chunk's pages stay in the
    /// page cache from one statement to the next.
    fn daily_report(
        &mut self,
        date: NaiveDate,
        now: Ts,
        sink: &mut dyn FnMut(report::Row) -> Result<()>,
    ) -> Result<super::StatusReport> {
        let zone = self.zone;
        let (start, end) = zone.day_bounds(date);
        let day = date.to_string();
        let branch = self.branch()?.unwrap_or_default();
        let cache = self.store.cache_size()?;
        self.store.set_cache_mib(PAGE_CACHE_MIB)?;
        let read = self.store.read(|c| {
            let status = super::report::status_in(c, zone, zone.local(now))?;
            let open = super::ledger::open_items(&status);
            let shares = super::ledger::job_counts(&status);
            // The on-site promise's deadline of a job past it (`response_overdue`).
            let onsite_due: std::collections::HashMap<&str, &str> = status
                .response_overdue
                .iter()
                .map(|o| (o.job_no.as_str(), o.due_at.as_str()))
                .collect();
            // Each listed job's id and number (its row is read with its
            // chunk's), and whether it was touched that day.
            let mut listed: Vec<(i64, String, bool)> =
                jobs::reported_ids_between(c, start, end, &day)?
                    .into_iter()
                    .map(|(id, no)| (id, no, true))
                    .collect();
            let touched: std::collections::HashSet<&str> =
                listed.iter().map(|(_, no, _)| no.as_str()).collect();
            let mut untouched: Vec<&str> = open
                .keys()
                .chain(shares.keys())
                .map(String::as_str)
                .filter(|k| !touched.contains(*k))
                .collect();
            untouched.sort_unstable();
            untouched.dedup();
            let untouched = jobs::ids_of_nos(c, &untouched)?;
            listed.extend(untouched.into_iter().map(|(id, no)| (id, no, false)));
            listed.sort_by(|a, b| a.1.cmp(&b.1));
            for chunk in listed.chunks(CHUNK) {
                // Everything of the chunk's jobs in one statement per table
                // (a report of thousands of rows asked seven times per row
                // before).
                let ids: Vec<i64> = chunk.iter().map(|(id, _, _)| *id).collect();
                let mut jobs_of = jobs::by_ids(c, &ids)?;
                let mut visits_of = visits::of_jobs(c, &ids)?;
                let mut callbacks_of = callbacks::of_jobs(c, &ids)?;
                let mut cards_of = cards::of_jobs(c, &ids)?;
                let mut discrepancies_of = discrepancies::of_jobs(c, &ids)?;
                let mut revisits_of = jobs::revisits_of_jobs(c, &ids)?;
                let parents: Vec<i64> = jobs_of.values().filter_map(|j| j.parent_id).collect();
                let parent_nos = jobs::numbers_of(c, &parents)?;
                let answers_of = callbacks::answers_of_jobs(c, &ids)?;
                // Each job's share of the period counts (the center's
                // summaries), and what it repeats.
                let mut voice_of = super::summary::voice_cells_of_jobs(c, &zone, &ids)?;
                for &(id, _, was_touched) in chunk {
                    let Some(j) = jobs_of.remove(&id) else {
                        continue;
                    };
                    let vs = visits_of.remove(&j.id).unwrap_or_default();
                    let all = callbacks_of.remove(&j.id).unwrap_or_default();
                    let (fus, cbs): (Vec<_>, Vec<_>) = all.into_iter().partition(|cb| cb.followup);
                    // The callback that matters: the earliest pending, else the last.
                    let cb = cbs.iter().find(|cb| cb.pending).or(cbs.last());
                    // Likewise the follow-up.
                    let fu = fus.iter().find(|f| f.pending).or(fus.last());
                    let cb_answers = cb
                        .and_then(|cb| answers_of.get(&cb.id))
                        .copied()
                        .unwrap_or_default();
                    let mark = |a: Option<crate::domain::voice::Answer>| {
                        a.map(|a| a.code().to_string()).unwrap_or_default()
                    };
                    let card = cards_of.remove(&j.id);
                    let ds = discrepancies_of.remove(&j.id).unwrap_or_default();
                    let visit_charge: Option<i64> = vs
                        .iter()
                        .filter_map(|v| v.visit.charge)
                        .reduce(|a, b| a + b);
                    let charge = visit_charge.or(card.as_ref().and_then(|k| k.charge));
                    let receipt = vs
                        .iter()
                        .map(|v| v.visit.receipt_no.clone())
                        .chain(card.iter().map(|k| k.receipt_no.clone()))
                        .find(|r| !r.is_empty())
                        .unwrap_or_default();
                    let loaner = vs
                        .iter()
                        .rev()
                        .find(|v| v.visit.outcome == Some(crate::domain::visit::Outcome::Pulled));
                    let revisit_of = j
                        .parent_id
                        .and_then(|p| parent_nos.get(&p).cloned())
                        .unwrap_or_default();
                    let revisits: Vec<String> = revisits_of
                        .remove(&j.id)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|r| r.job.job_no)
                        .collect();
                    let late = vs
                        .iter()
                        .filter(|v| v.at.is_some_and(|t| t >= start && t < end))
                        .filter_map(|v| v.late_minutes)
                        .max();
                    let owed = vs.iter().any(|v| {
                        v.visit.invoice_owed == Some(true) && v.invoice_delivered_at.is_none()
                    });
                    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
                    let [case_kinds, case_ids, case_notes] =
                        super::cases::report_cells(&status, &j.job.job_no);
                    sink(report::Row {
                        report_date: day.clone(),
                        branch: branch.clone(),
                        job_no: j.job.job_no.clone(),
                        engineer: j.job.engineer.clone(),
                        customer: j.job.customer.clone(),
                        phone: j.job.phone.clone(),
                        product_model: j.job.product_model.clone(),
                        warranty: j
                            .job
                            .warranty
                            .map(|w| w.code().to_string())
                            .unwrap_or_default(),
                        status: j.status.code().to_string(),
                        outcome: vs
                            .last()
                            .and_then(|v| v.visit.outcome)
                            .map(|o| o.code().to_string())
                            .unwrap_or_default(),
                        callback_kind: cb
                            .and_then(|cb| cb.kind)
                            .map(|k| k.code().to_string())
                            .unwrap_or_default(),
                        callback_due: cb
                            .filter(|cb| cb.kind.is_some())
                            .map(|cb| rfc3339(&zone, cb.due_at))
                            .unwrap_or_default(),
                        callback_result: cb
                            .and_then(|cb| cb.result)
                            .map(|r| r.code().to_string())
                            .unwrap_or_default(),
                        card_state: j.card_state.code().to_string(),
                        discrepancies: ds
                            .iter()
                            .map(|d| d.kind.code())
                            .collect::<Vec<_>>()
                            .join(";"),
                        charge: charge.map(format_money).unwrap_or_default(),
                        receipt_no: receipt,
                        callback_attempts: cb.map(|cb| cb.attempts.to_string()).unwrap_or_default(),
                        callback_overdue: cb
                            .map(|cb| yes_no(cb.pending && is_overdue(cb.due_at, now)))
                            .unwrap_or_default(),
                        revisit_of,
                        revisits: revisits.join(";"),
                        late_minutes: late.map(|m| m.to_string()).unwrap_or_default(),
                        loaner_return_due: loaner
                            .and_then(|v| v.return_due())
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        loaner_overdue: loaner
                            .map(|v| {
                                yes_no(return_overdue(
                                    v.return_due(),
                                    v.returned_at.is_some(),
                                    zone.date_of(now),
                                ))
                            })
                            .unwrap_or_default(),
                        invoice_owed: yes_no(owed),
                        discrepancies_open: ds
                            .iter()
                            .filter(|d| d.resolved_at.is_none())
                            .map(|d| d.kind.code())
                            .collect::<Vec<_>>()
                            .join(";"),
                        resolutions: ds
                            .iter()
                            .filter_map(|d| {
                                d.resolution
                                    .map(|r| format!("{}:{}", d.kind.code(), r.code()))
                            })
                            .collect::<Vec<_>>()
                            .join(";"),
                        touched: yes_no(was_touched),
                        open_items: super::ledger::cell(open.get(&j.job.job_no)),
                        onsite_due: onsite_due
                            .get(j.job.job_no.as_str())
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        counts: super::ledger::counts_cell(shares.get(&j.job.job_no)),
                        // Every timed callback still pending, earliest due
                        // first: `kind@due@attempts;…` (the center's `overdue`
                        // lists each, as the branch's does).
                        pending_callbacks: cbs
                            .iter()
                            .filter(|cb| cb.pending)
                            .filter_map(|cb| {
                                cb.kind.map(|k| {
                                    format!(
                                        "{}@{}@{}",
                                        k.code(),
                                        rfc3339(&zone, cb.due_at),
                                        cb.attempts
                                    )
                                })
                            })
                            .collect::<Vec<_>>()
                            .join(";"),
                        // What the customer said.
                        card_satisfaction: card
                            .as_ref()
                            .and_then(|k| k.satisfaction)
                            .map(|s| s.code().to_string())
                            .unwrap_or_default(),
                        card_quality: mark(card.as_ref().and_then(|k| k.quality)),
                        card_attitude: mark(card.as_ref().and_then(|k| k.attitude)),
                        callback_attitude: mark(cb_answers.attitude),
                        callback_quality: mark(cb_answers.quality),
                        callback_solved: cb_answers.solved.map(yes_no).unwrap_or_default(),
                        followup_due: fu.map(|f| rfc3339(&zone, f.due_at)).unwrap_or_default(),
                        followup_result: fu
                            .and_then(|f| f.result)
                            .map(|r| r.code().to_string())
                            .unwrap_or_default(),
                        repeat_of: voice_of.repeat_of.remove(&j.id).unwrap_or_default(),
                        case_kinds,
                        case_ids,
                        case_notes,
                        voice: voice_of.cells.remove(&j.id).unwrap_or_default(),
                    })?;
                }
            }
            Ok(status)
        });
        self.store.set_cache_size(cache)?;
        read
    }

    /// Writes the daily report and its signed manifest under `dir`;
    /// exporting again replaces the report with the current truth as the
    /// next generation.
    ///
    /// The generation is counted in the database, in the transaction that
    /// appends the export's audit entry (the manifest's `audit_head` is the
    /// trail's head just before it); the CSV and then the manifest are
    /// written after that commit, each to a temporary file renamed over
    /// the old. A kill at any moment leaves the old pair, the new pair, or
    /// a new CSV beside the old manifest, which the center refuses (its
    /// SHA-256 differs) and the next export replaces.
    pub fn export_daily(&mut self, dir: &Path, date: NaiveDate, now: Ts) -> Result<Exported> {
        let now = super::whole(now);
        let today = self.zone.date_of(now);
        if date > today {
            return Err(DeskError::DayNotBegun {
                date: date.to_string(),
                today: today.to_string(),
            });
        }
        let branch = self.branch()?.ok_or_else(|| DeskError::NoBranch)?;
        let (csv_path, manifest_path) = report_paths(dir, &branch, date)?;
        // A report of this day already where it goes: made after the backup
        // this database was restored from, it is numbered on from.
        let found = found_in_folder(&manifest_path, &branch, date);
        let key = self.signing_key(&branch, found.as_ref().map(|f| f.signer.as_str()))?;
        let public = signing::public_hex(&key.key);
        let found = found.filter(|f| f.signer == public);
        let io = |e: std::io::Error, p: &Path| DeskError::io(p.display(), e);
        // The CSV is written as its rows are made, to a temporary file
        // beside its place, hashed as it goes; it is renamed into place
        // after the commit below. A report that cannot be sent leaves no
        // file, nor a folder made for it.
        let made = folders_to_make(csv_path.parent().unwrap_or(dir));
        let staged = (|| {
            let mut staged = Staged::create(&csv_path).map_err(|e| io(e, &csv_path))?;
            let csv_error = |e| DeskError::write("writing the report", e);
            let mut w = csv_writer(&mut staged, report::NAMES).map_err(csv_error)?;
            let mut n = 0;
            let mut counted: Vec<Vec<String>> = Vec::new();
            let status = self.daily_report(date, now, &mut |row| {
                unsendable(&row)?;
                counted.push(vec![row.status.clone(), row.open_items.clone()]);
                write_csv_row(&mut w, row.cells()).map_err(csv_error)?;
                n += 1;
                Ok(())
            })?;
            w.flush().map_err(|e| io(e, &csv_path))?;
            drop(w);
            let sha256 = staged.finish().map_err(|e| io(e, &csv_path))?;
            Ok::<_, DeskError>((staged, sha256, n, counted, status))
        })();
        let (staged, sha256, n, counted, status) = match staged {
            Ok(s) => s,
            Err(e) => {
                for folder in made.iter().rev() {
                    let _ = std::fs::remove_dir(folder);
                }
                return Err(e);
            }
        };
        let xlsx_path = csv_path.with_extension("xlsx");
        let xlsx = self.daily_workbook(
            &branch,
            date,
            now,
            &status,
            report::NAMES,
            &CsvFileRows(staged.temporary()),
            &counted,
        )?;
        drop(counted);
        let reconciled_at = self
            .store
            .read(|c| reconciliations::last_of(c, &date.to_string()))?
            .map(|r| rfc3339(&self.zone, r.at));
        let day = date.to_string();
        let operator = self.operator.clone();
        let shown = csv_path.display().to_string();
        let (generation, earlier, head, at, adopted) = self.store.write(|c| {
            let mut earlier = trust::generations(c, &day)?;
            let mut last = earlier.last().map(|g| g.0).unwrap_or(0);
            // Generations found written but not recorded here (the
            // database was restored from an older backup) are recorded, so
            // that this one follows them and its history is theirs (the
            // times of that report's history replace any recorded here: a
            // report made meanwhile into another folder never reached the
            // center).
            let mut adopted = 0;
            if let Some(f) = &found
                && i64::from(f.generation) > last
            {
                trust::forget_generations(c, &day, last)?;
                for g in 1..=i64::from(f.generation) {
                    let at = f.times[(g - 1) as usize];
                    let sha = if g == i64::from(f.generation) {
                        f.sha256.as_str()
                    } else {
                        ""
                    };
                    trust::add_generation(c, &day, g, at, sha)?;
                }
                adopted = i64::from(f.generation) - last;
                earlier = trust::generations(c, &day)?;
                last = i64::from(f.generation);
            }
            if settings::get(c, settings::SIGNING_KEY)?.as_deref() != Some(public.as_str()) {
                settings::set(c, settings::SIGNING_KEY, &public)?;
            }
            let generation = last
                .checked_add(1)
                .and_then(|g| u32::try_from(g).ok())
                .filter(|g| (*g as usize) <= MAX_GENERATIONS)
                .ok_or_else(|| DeskError::TooManyReports {
                    day: day.to_string(),
                    last,
                })?;
            // Each generation strictly later than the one before (the
            // center refuses a history that is not): a second export in
            // the same second is dated a second later.
            let at = match earlier.last() {
                Some(&(_, t)) if t >= now => t + chrono::Duration::seconds(1),
                _ => now,
            };
            let head = audit::head(c)?;
            trust::add_generation(c, &day, i64::from(generation), at, &sha256)?;
            let found_note = if adopted > 0 {
                format!(" (after generation {last} found in the folder, not in this database)")
            } else {
                String::new()
            };
            super::record(
                c,
                &operator,
                now,
                "export",
                "",
                format!("{shown}: {n} rows, generation {generation}, sha256 {sha256}{found_note}"),
            )?;
            Ok::<_, DeskError>((generation, earlier, head, at, adopted))
        })?;
        let manifest = Manifest {
            schema: report::SCHEMA,
            branch: branch.clone(),
            date: day.clone(),
            generation,
            reconciled_at,
            cutoff_at: Some(rfc3339(&self.zone, self.zone.at(date, self.cutoff))),
            generated_at: rfc3339(&self.zone, at),
            history: earlier.iter().map(|g| rfc3339(&self.zone, g.1)).collect(),
            rows: n,
            sha256,
            audit_head: Some(AuditHead {
                entries: head.0,
                hash: head.1,
            }),
            counts_without_job: super::ledger::counts_without_job(&status),
        };
        let mut value = serde_json::to_value(&manifest)?;
        signing::sign(&mut value, &key.key);
        staged.commit().map_err(|e| io(e, &csv_path))?;
        let json = serde_json::to_vec_pretty(&value)?;
        write_atomic(&manifest_path, &json).map_err(|e| io(e, &manifest_path))?;
        write_atomic(&xlsx_path, &xlsx).map_err(|e| io(e, &xlsx_path))?;
        // Said whole, so that the clerk can find the files from anywhere.
        let whole = |p: PathBuf| std::path::absolute(&p).unwrap_or(p);
        Ok(Exported {
            csv: whole(csv_path),
            manifest: whole(manifest_path),
            xlsx: whole(xlsx_path),
            rows: n,
            generation,
            key_made: key.path.filter(|_| key.created),
            found_in_folder: (adopted > 0).then(|| generation - 1),
        })
    }
}
