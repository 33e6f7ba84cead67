//! The daily report to the center: one row per job touched that day, with
//! the SPEC's columns first and what the center needs to act after them.

use super::{Desk, DeskError, Result};
use crate::domain::callback::is_overdue;
use crate::domain::codes::format_money;
use crate::domain::time::{Ts, rfc3339};
use crate::domain::visit::return_overdue;
use crate::io::export::{csv_bytes, sha256_hex, write_atomic};
use crate::io::records::valid_branch_code;
use crate::store::{callbacks, cards, discrepancies, jobs, reconciliations, visits};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Version of the report's columns and manifest. 2: the rows of jobs still
/// open (`touched`, `open_items`), the manifest's `reconciled_at` and
/// `cutoff_at`. The center still reads schema 1.
pub const REPORT_SCHEMA: u32 = 2;

/// The columns schema 2 added (required of a schema-2 report only).
pub const REPORT_COLUMNS_V2: &[&str] = &["touched", "open_items"];

/// The SPEC's columns, then the extras, in this order.
pub const REPORT_COLUMNS: &[&str] = &[
    "report_date",
    "branch",
    "job_no",
    "engineer",
    "customer",
    "phone",
    "product_model",
    "warranty",
    "status",
    "outcome",
    "callback_kind",
    "callback_due",
    "callback_result",
    "card_state",
    "discrepancies",
    "charge",
    "receipt_no",
    "callback_attempts",
    "callback_overdue",
    "revisit_of",
    "revisits",
    "late_minutes",
    "loaner_return_due",
    "loaner_overdue",
    "invoice_owed",
    "discrepancies_open",
    "resolutions",
    "touched",
    "open_items",
];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
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
}

#[derive(Debug, Clone)]
pub struct Exported {
    pub csv: PathBuf,
    pub manifest: PathBuf,
    /// The spreadsheet for people beside the CSV (never imported).
    pub xlsx: PathBuf,
    pub rows: usize,
    pub generation: u32,
}

/// `DIR/<BRANCH>/<BRANCH>_<DATE>.csv` and its manifest, after checking
/// that the branch code cannot leave DIR.
pub fn report_paths(dir: &Path, branch: &str, date: NaiveDate) -> Result<(PathBuf, PathBuf)> {
    valid_branch_code(branch).map_err(DeskError::Invalid)?;
    let folder = dir.join(branch);
    Ok((
        folder.join(format!("{branch}_{date}.csv")),
        folder.join(format!("{branch}_{date}.manifest.json")),
    ))
}

impl Desk {
    /// The report's rows for `date`, as text cells in [`REPORT_COLUMNS`] order.
    ///
    /// A row for every job touched that day (`touched` = yes) and for every
    /// job with something still open at `now` (`open_items`, from the same
    /// lists as `status` at `now`), in job number order.
    pub fn daily_rows(&mut self, date: NaiveDate, now: Ts) -> Result<Vec<Vec<String>>> {
        let zone = self.zone;
        let (start, end) = zone.day_bounds(date);
        let day = date.to_string();
        let branch = self.branch()?.unwrap_or_default();
        self.store.read(|c| {
            let open =
                super::ledger::open_items(&super::report::status_in(c, zone, zone.local(now))?);
            let mut listed: Vec<(jobs::JobRow, bool)> =
                jobs::reported_between(c, start, end, &day)?
                    .into_iter()
                    .map(|j| (j, true))
                    .collect();
            let touched: std::collections::HashSet<String> =
                listed.iter().map(|(j, _)| j.job.job_no.clone()).collect();
            for job_no in open.keys().filter(|k| !touched.contains(*k)) {
                if let Some(j) = jobs::by_no(c, job_no)? {
                    listed.push((j, false));
                }
            }
            listed.sort_by(|a, b| a.0.job.job_no.cmp(&b.0.job.job_no));
            let mut rows = Vec::new();
            for (j, was_touched) in listed {
                let vs = visits::of_job(c, j.id)?;
                let cbs = callbacks::of_job(c, j.id)?;
                // The callback that matters: the earliest pending, else the last.
                let cb = cbs.iter().find(|cb| cb.pending).or(cbs.last());
                let card = cards::by_job(c, j.id)?;
                let ds = discrepancies::of_job(c, j.id)?;
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
                let revisit_of = match j.parent_id {
                    Some(p) => jobs::by_id(c, p)?.job.job_no,
                    None => String::new(),
                };
                let revisits: Vec<String> = jobs::revisits_of(c, j.id)?
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
                rows.push(vec![
                    day.clone(),
                    branch.clone(),
                    j.job.job_no.clone(),
                    j.job.engineer.clone(),
                    j.job.customer.clone(),
                    j.job.phone.clone(),
                    j.job.product_model.clone(),
                    j.job
                        .warranty
                        .map(|w| w.code().to_string())
                        .unwrap_or_default(),
                    j.status.code().to_string(),
                    vs.last()
                        .and_then(|v| v.visit.outcome)
                        .map(|o| o.code().to_string())
                        .unwrap_or_default(),
                    cb.and_then(|cb| cb.kind)
                        .map(|k| k.code().to_string())
                        .unwrap_or_default(),
                    cb.filter(|cb| cb.kind.is_some())
                        .map(|cb| rfc3339(&zone, cb.due_at))
                        .unwrap_or_default(),
                    cb.and_then(|cb| cb.result)
                        .map(|r| r.code().to_string())
                        .unwrap_or_default(),
                    j.card_state.code().to_string(),
                    ds.iter()
                        .map(|d| d.kind.code())
                        .collect::<Vec<_>>()
                        .join(";"),
                    charge.map(format_money).unwrap_or_default(),
                    receipt,
                    cb.map(|cb| cb.attempts.to_string()).unwrap_or_default(),
                    cb.map(|cb| yes_no(cb.pending && is_overdue(cb.due_at, now)))
                        .unwrap_or_default(),
                    revisit_of,
                    revisits.join(";"),
                    late.map(|m| m.to_string()).unwrap_or_default(),
                    loaner
                        .and_then(|v| v.visit.return_due)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    loaner
                        .map(|v| {
                            yes_no(return_overdue(
                                v.visit.return_due,
                                v.returned_at.is_some(),
                                zone.date_of(now),
                            ))
                        })
                        .unwrap_or_default(),
                    yes_no(owed),
                    ds.iter()
                        .filter(|d| d.resolved_at.is_none())
                        .map(|d| d.kind.code())
                        .collect::<Vec<_>>()
                        .join(";"),
                    ds.iter()
                        .filter_map(|d| {
                            d.resolution
                                .map(|r| format!("{}:{}", d.kind.code(), r.code()))
                        })
                        .collect::<Vec<_>>()
                        .join(";"),
                    yes_no(was_touched),
                    super::ledger::cell(open.get(&j.job.job_no)),
                ]);
            }
            Ok(rows)
        })
    }

    /// Writes the daily report and its manifest under `dir`; exporting again
    /// replaces the report with the current truth as the next generation.
    pub fn export_daily(&mut self, dir: &Path, date: NaiveDate, now: Ts) -> Result<Exported> {
        let now = super::whole(now);
        let branch = self.branch()?.ok_or_else(|| {
            DeskError::Invalid("this database has no branch yet: import its jobs first".into())
        })?;
        let (csv_path, manifest_path) = report_paths(dir, &branch, date)?;
        let rows = self.daily_rows(date, now)?;
        let bytes = csv_bytes(REPORT_COLUMNS, &rows)
            .map_err(|e| DeskError::Invalid(format!("writing the report: {e}")))?;
        let xlsx_path = csv_path.with_extension("xlsx");
        let xlsx = self.daily_workbook(&branch, date, now, REPORT_COLUMNS, &rows)?;
        let earlier: Option<Manifest> = std::fs::read(&manifest_path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .filter(|m: &Manifest| m.branch == branch && m.date == date.to_string());
        let generated_at = rfc3339(&self.zone, now);
        let (generation, history) = match earlier {
            Some(m) => {
                let mut h = m.history;
                h.push(m.generated_at);
                (m.generation + 1, h)
            }
            None => (1, Vec::new()),
        };
        let reconciled_at = self
            .store
            .read(|c| reconciliations::last_of(c, &date.to_string()))?
            .map(|r| rfc3339(&self.zone, r.at));
        let manifest = Manifest {
            schema: REPORT_SCHEMA,
            branch: branch.clone(),
            date: date.to_string(),
            generation,
            generated_at,
            history,
            rows: rows.len(),
            sha256: sha256_hex(&bytes),
            reconciled_at,
            cutoff_at: Some(rfc3339(&self.zone, self.zone.at(date, self.cutoff))),
        };
        let io = |e: std::io::Error, p: &Path| DeskError::Invalid(format!("{}: {e}", p.display()));
        write_atomic(&csv_path, &bytes).map_err(|e| io(e, &csv_path))?;
        let json =
            serde_json::to_vec_pretty(&manifest).map_err(|e| DeskError::Invalid(e.to_string()))?;
        write_atomic(&manifest_path, &json).map_err(|e| io(e, &manifest_path))?;
        write_atomic(&xlsx_path, &xlsx).map_err(|e| io(e, &xlsx_path))?;
        let operator = self.operator.clone();
        let summary = format!(
            "{}: {} rows, generation {generation}, sha256 {}",
            csv_path.display(),
            rows.len(),
            manifest.sha256
        );
        self.store
            .write(|c| super::record(c, &operator, now, "export", "", summary))?;
        Ok(Exported {
            csv: csv_path,
            manifest: manifest_path,
            xlsx: xlsx_path,
            rows: rows.len(),
            generation,
        })
    }
}
