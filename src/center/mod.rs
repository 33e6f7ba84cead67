//! The service center's desk: imports every branch's daily report, shows
//! each branch's state at the fixed check times, records that a branch was
//! checked, writes the center's own summary.

pub mod complaints;
pub mod error;
pub mod import;
pub mod keys;
pub mod rulings;
pub mod said;
pub mod supervise;
mod xlsx;

use error::Made;
pub use error::{CenterError, Result};
pub use import::{FileOutcome, FileResult, ImportRun};

use crate::domain::center::{
    BranchFigures, CheckState, DEFAULT_CHECK_TIMES, FigureRow, Figures, attention_key,
    check_state_of, current_check, figures_of, format_check_times, next_check, parse_check_times,
};
use crate::domain::time::{Ts, Zone, rfc3339};
use crate::io::export::{csv_bytes, write_atomic};
use crate::store::center::{self as st, CenterDb, CheckMark, ReportRow};
use crate::store::settings;
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `HH:MM` of one of the center's RFC 3339 times (in its own offset: the
/// center's zone); anything else as it is.
pub fn hm(rfc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_else(|_| rfc.to_string())
}

pub use crate::store::settings::{CHECK_TIMES, REPORTS_DIR};

pub struct Center {
    /// Its engine: the embedded SQLite file, or PostgreSQL.
    pub store: CenterDb,
    pub zone: Zone,
    pub check_times: Vec<NaiveTime>,
    pub operator: String,
    /// The language of the spreadsheets written beside the summary (and
    /// the demo branches' reports).
    pub lang: crate::i18n::Lang,
    /// Where the center's signing key is kept (`crate::cli` gives
    /// the real folder), for its rulings.
    pub keys: crate::io::keys::KeyRing,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportInfo {
    pub generated_at: String,
    pub generation: i64,
    pub rows: i64,
    /// When the first generation was made: what "on time" is judged by.
    pub first_generated_at: String,
    pub history: Vec<String>,
    pub imported_at: String,
    pub sha256: String,
    /// The branch's last reconciliation of the day when it exported (null:
    /// not run).
    pub reconciled_at: Option<String>,
    /// The branch's cut-off that day.
    pub cutoff_at: String,
    /// Generated at or after the branch's cut-off: the day's final word.
    #[serde(rename = "final")]
    pub is_final: bool,
    /// The report's rows counted by each `open_items` code.
    pub open_items: BTreeMap<String, usize>,
    /// Rows of jobs touched that day (the rest are jobs still open).
    pub touched_rows: usize,
    /// Rows with something still open.
    pub open_rows: usize,
}

impl ReportInfo {
    /// Every open item of the report, all codes together.
    pub fn open_total(&self) -> usize {
        self.open_items.values().sum()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub by: String,
    pub at: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckInfo {
    pub check_time: String,
    pub state: CheckState,
    pub checked: Option<Checked>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BranchStatus {
    pub branch: String,
    pub name: String,
    pub report: Option<ReportInfo>,
    pub checks: Vec<CheckInfo>,
    #[serde(flatten)]
    pub figures: BranchFigures,
    /// The branch's `status --json` counts at export, from every row of the
    /// newest report (null: no report of the day).
    #[serde(rename = "figures")]
    pub counts: Option<Figures>,
    /// The worst state of the day's checks so far (missing, late, on time,
    /// pending): a branch late at 10:00 stays late for the day.
    #[serde(skip)]
    pub current: CheckState,
}

#[derive(Debug, Clone, Serialize)]
pub struct CenterStatus {
    pub date: String,
    pub now: String,
    pub check_times: Vec<String>,
    /// The check time that counts now for this date.
    pub current_check: Option<String>,
    /// The next check time still ahead today (none for other days).
    pub next_check: Option<String>,
    pub branches: Vec<BranchStatus>,
}

/// A report's cut-off: as its manifest said, else (imported before the
/// cut-off was kept) the default cut-off in the center's zone.
fn cutoff_of(r: &st::ReportMeta, date: NaiveDate, zone: &Zone) -> Ts {
    r.cutoff_at.unwrap_or_else(|| {
        let t =
            crate::domain::time::parse_hhmm(crate::desk::DEFAULT_CUTOFF).unwrap_or(NaiveTime::MIN);
        zone.at(date, t)
    })
}

/// [`figures_of`] the rows of a report.
pub fn figures_of_rows(rows: &[ReportRow]) -> Figures {
    figures_of(rows.iter().map(|r| FigureRow {
        counts: r.counts.as_deref(),
        open_items: &r.open_items,
        discrepancies_open: r.facts.discrepancies_open.len(),
    }))
}

/// The worse of two check states: missing, then late, then on time; pending
/// (a check still ahead) says nothing yet.
fn worse(a: CheckState, b: CheckState) -> CheckState {
    let rank = |s| match s {
        CheckState::Missing => 0,
        CheckState::Late => 1,
        CheckState::OnTime => 2,
        CheckState::Pending => 3,
    };
    if rank(b) < rank(a) { b } else { a }
}

impl CenterStatus {
    /// The branches worst first: missing, late, open discrepancies, overdue
    /// callbacks (the center clerk's table).
    pub fn worst_first(&self) -> Vec<&BranchStatus> {
        let mut v: Vec<&BranchStatus> = self.branches.iter().collect();
        v.sort_by_key(|b| attention_key(b.current, &b.figures, &b.branch));
        v
    }
}

impl Center {
    /// Every callback still pending in the newest report that mentions its
    /// job and due before `now`, most overdue first: the supervisor's list
    /// on a center database, in the same shape as a branch's `overdue`.
    pub fn overdue(&mut self, now: Ts) -> Result<Vec<crate::desk::supervise::OverdueCallback>> {
        let zone = self.zone;
        Ok(self
            .store
            .read(|c| supervise::pending(c, &zone, now, now))?)
    }
}

impl Center {
    pub fn new(store: impl Into<CenterDb>, operator: &str) -> Result<Center> {
        let mut store = store.into();
        let (zone, times) = store.read(|c| {
            Ok::<_, CenterError>((c.setting(settings::TIMEZONE)?, c.setting(CHECK_TIMES)?))
        })?;
        let zone = match zone {
            Some(name) => Zone::parse(&name).map_err(|why| CenterError::BadSetting {
                key: settings::TIMEZONE.into(),
                why,
            })?,
            None => Zone::Machine,
        };
        let times = times.unwrap_or_else(|| DEFAULT_CHECK_TIMES.into());
        let check_times = parse_check_times(&times).map_err(|why| CenterError::BadSetting {
            key: CHECK_TIMES.into(),
            why,
        })?;
        Ok(Center {
            store,
            zone,
            check_times,
            operator: operator.to_string(),
            lang: crate::i18n::Lang::Zh,
            keys: crate::io::keys::KeyRing::memory(),
        })
    }

    pub fn set_check_times(&mut self, value: &str, now: Ts) -> Result<()> {
        let times = parse_check_times(value).map_err(|why| CenterError::BadSetting {
            key: CHECK_TIMES.into(),
            why,
        })?;
        let text = format_check_times(&times);
        let op = self.operator.clone();
        self.store.write(|c| {
            c.set_setting(CHECK_TIMES, &text)?;
            c.record(&op, now, "config", "", format!("{CHECK_TIMES} = {text}"))
        })?;
        self.check_times = times;
        Ok(())
    }

    /// `config KEY VALUE` on a center's own database (PostgreSQL): the
    /// settings a center has, checked as a branch's desk checks them,
    /// audited.
    pub fn set_setting(&mut self, key: &str, value: &str, now: Ts) -> Result<()> {
        match key {
            settings::TIMEZONE => {
                self.zone = Zone::parse(value).map_err(|why| CenterError::BadSetting {
                    key: key.into(),
                    why,
                })?
            }
            CHECK_TIMES => return self.set_check_times(value, now),
            REPORTS_DIR => {}
            settings::MOUSE if value == "on" || value == "off" => {}
            settings::MOUSE => {
                return Err(CenterError::BadMouse(value.to_string()));
            }
            settings::ACCEPT_NEW_BRANCHES => {
                crate::domain::codes::parse_yes_no(value).map_err(|why| {
                    CenterError::BadSetting {
                        key: key.into(),
                        why,
                    }
                })?;
            }
            other => {
                return Err(CenterError::UnknownSetting(other.to_string()));
            }
        }
        let op = self.operator.clone();
        self.store.write(|c| {
            c.set_setting(key, value)?;
            c.record(&op, now, "config", "", format!("{key} = {value}"))?;
            Ok(())
        })
    }

    /// A setting of the center's database.
    pub fn setting(&mut self, key: &str) -> Result<Option<String>> {
        self.store.read(|c| Ok(c.setting(key)?))
    }

    /// A branch the center expects a report from every day.
    pub fn add_branch(&mut self, code: &str, name: &str, now: Ts) -> Result<()> {
        CenterError::branch_code(code)?;
        let op = self.operator.clone();
        self.store.write(|c| {
            c.add_branch(code, name.trim(), now)?;
            c.record(
                &op,
                now,
                "center_branch_add",
                "",
                format!("{code} {}", name.trim()).trim_end().to_string(),
            )?;
            Ok(())
        })
    }

    pub fn branches(&mut self) -> Result<Vec<st::BranchRow>> {
        self.store.read(|c| Ok(c.branches()?))
    }

    /// Every expected branch's state at each check time of `date`.
    pub fn status(&mut self, date: NaiveDate, now: Ts) -> Result<CenterStatus> {
        let day = date.to_string();
        let zone = self.zone;
        let times = self.check_times.clone();
        let today = zone.date_of(now);
        let now_local = zone.local(now).time();
        let counting = match date.cmp(&today) {
            std::cmp::Ordering::Less => times.last().copied(),
            std::cmp::Ordering::Equal => current_check(&times, now_local),
            std::cmp::Ordering::Greater => times.first().copied(),
        };
        let hm = |t: NaiveTime| t.format("%H:%M").to_string();
        // One read transaction: every branch's figures from the same
        // snapshot (and on PostgreSQL one round trip a branch, not three).
        let out = self.store.read(|c| {
            let branches = c.branches()?;
            let reports = c.reports_of_date(&day)?;
            let marks = c.checks_of_date(&day)?;
            let report_of: std::collections::HashMap<&str, &st::ReportMeta> =
                reports.iter().map(|r| (r.branch.as_str(), r)).collect();
            let mut out = Vec::new();
            for b in branches {
                let report = report_of.get(b.code.as_str()).copied();
                let rows = match report {
                    Some(_) => c.rows_of(&b.code, &day)?,
                    None => Vec::new(),
                };
                // Every figure from every row of the newest generation: the
                // day's work from the touched rows, what is open from all.
                let counts = report.map(|r| {
                    let mut f = figures_of_rows(&rows);
                    // What no row carries (complaints about no job), from the
                    // manifest: the figures are the branch's own.
                    if let Some(cell) = &r.counts_without_job {
                        for (name, n) in
                            crate::domain::ledger::parse_counts_cell(cell).unwrap_or_default()
                        {
                            *f.entry(name).or_default() += n;
                        }
                    }
                    f
                });
                let mut figures =
                    BranchFigures::from_rows(rows.iter().map(|r| (&r.facts, r.is_touched())));
                let mut open_items: BTreeMap<String, usize> = BTreeMap::new();
                for code in rows.iter().flat_map(|r| &r.open_items) {
                    *open_items.entry(code.clone()).or_default() += 1;
                }
                let touched_rows = rows.iter().filter(|r| r.is_touched()).count();
                let open_rows = rows.iter().filter(|r| !r.open_items.is_empty()).count();
                complaints::add_figures(&mut figures, &rows);
                if let Some(counts) = &counts {
                    figures.agree_with(counts);
                }
                // Every generation's time: a check after the cut-off wants a
                // final one.
                let generations: Vec<Ts> = report
                    .map(|r| {
                        let history: Vec<String> =
                            serde_json::from_str(&r.history).unwrap_or_default();
                        history
                            .iter()
                            .filter_map(|h| chrono::DateTime::parse_from_rfc3339(h).ok())
                            .map(|h| h.to_utc())
                            .chain([r.first_generated_at, r.generated_at])
                            .collect()
                    })
                    .unwrap_or_default();
                let cutoff = report.map(|r| cutoff_of(r, date, &zone));
                let mut current = CheckState::Pending;
                let checks = times
                    .iter()
                    .map(|&t| {
                        let state = check_state_of(&generations, cutoff, zone.at(date, t), now);
                        current = worse(current, state);
                        CheckInfo {
                            check_time: hm(t),
                            state,
                            checked: marks
                                .iter()
                                .find(|m| m.branch == b.code && m.check_time == hm(t))
                                .map(|m| Checked {
                                    by: m.checked_by.clone(),
                                    at: rfc3339(&zone, m.checked_at),
                                    note: m.note.clone(),
                                }),
                        }
                    })
                    .collect();
                out.push(BranchStatus {
                    branch: b.code,
                    name: b.name,
                    report: report.map(|r| ReportInfo {
                        generated_at: rfc3339(&zone, r.generated_at),
                        generation: r.generation,
                        rows: r.rows,
                        first_generated_at: rfc3339(&zone, r.first_generated_at),
                        history: serde_json::from_str(&r.history).unwrap_or_default(),
                        imported_at: rfc3339(&zone, r.imported_at),
                        sha256: r.sha256.clone(),
                        reconciled_at: r.reconciled_at.map(|t| rfc3339(&zone, t)),
                        cutoff_at: rfc3339(&zone, cutoff_of(r, date, &zone)),
                        is_final: r.generated_at >= cutoff_of(r, date, &zone),
                        open_items,
                        touched_rows,
                        open_rows,
                    }),
                    checks,
                    figures,
                    counts,
                    current,
                });
            }
            Ok::<_, CenterError>(out)
        })?;
        Ok(CenterStatus {
            date: day,
            now: rfc3339(&zone, now),
            check_times: times.iter().map(|&t| hm(t)).collect(),
            current_check: counting.map(hm),
            next_check: if date == today {
                next_check(&times, now_local).map(hm)
            } else {
                None
            },
            branches: out,
        })
    }

    /// Changes whenever anything is written to the center's store (by
    /// this process or another clerk's): a screen re-reads only then.
    pub fn data_version(&mut self) -> Result<i64> {
        self.store.read(|c| Ok(c.data_version()?))
    }

    /// A branch's report rows of a day, as imported.
    /// The newest day a report was imported for.
    pub fn latest_report_date(&mut self) -> Result<Option<NaiveDate>> {
        let d = self
            .store
            .read(|c| Ok::<_, CenterError>(c.latest_report_date()?))?;
        Ok(d.and_then(|d| d.parse().ok()))
    }

    pub fn rows(&mut self, branch: &str, date: NaiveDate) -> Result<Vec<ReportRow>> {
        let day = date.to_string();
        self.store.read(|c| Ok(c.rows_of(branch, &day)?))
    }

    /// Records that the center clerk checked `branch` at `check_time` of
    /// `date`, with a note.
    pub fn mark_checked(
        &mut self,
        branch: &str,
        date: NaiveDate,
        check_time: NaiveTime,
        note: &str,
        now: Ts,
    ) -> Result<()> {
        let today = self.zone.date_of(now);
        if date > today {
            return Err(CenterError::CheckAhead { date, today });
        }
        if !self.check_times.contains(&check_time) {
            return Err(CenterError::NotACheckTime {
                time: check_time,
                times: format_check_times(&self.check_times),
            });
        }
        let known = self.branches()?.iter().any(|b| b.code == branch);
        if !known {
            return Err(CenterError::UnknownBranch(branch.to_string()));
        }
        let mark = CheckMark {
            branch: branch.to_string(),
            check_time: check_time.format("%H:%M").to_string(),
            checked_at: crate::desk::whole(now),
            checked_by: self.operator.clone(),
            note: note.trim().to_string(),
        };
        let summary = format!(
            "{branch} checked at the {} check of {date}: {}",
            mark.check_time, mark.note
        );
        self.store.write(|c| {
            c.mark_checked(&date.to_string(), &mark)?;
            c.record(&mark.checked_by, now, "center_check", "", summary)?;
            Ok(())
        })
    }

    /// The center's own summary of every branch for `date`:
    /// `DIR/center/summary-<DATE>.csv` (a name the center import never takes
    /// for a branch report), and `summary-<DATE>.xlsx` beside it for people.
    pub fn export_summary(
        &mut self,
        dir: &Path,
        date: NaiveDate,
        now: Ts,
    ) -> Result<(PathBuf, usize)> {
        let s = self.status(date, now)?;
        let mut header: Vec<String> = [
            "report_date",
            "branch",
            "name",
            "report_generation",
            "report_generated_at",
            "report_first_generated_at",
            "report_rows",
        ]
        .iter()
        .map(|c| c.to_string())
        .collect();
        for t in &s.check_times {
            header.push(format!("check_{t}"));
            header.push(format!("checked_{t}"));
        }
        header.extend(
            [
                "jobs",
                "completed",
                "callbacks_pending",
                "callbacks_overdue",
                "unsatisfied",
                "discrepancies_open",
                "discrepancies_open_by_kind",
                "invoices_owed",
                "late_arrivals",
                "loaners_overdue",
                "report_reconciled_at",
                "report_final",
                "open_rows",
                "open_items_by_code",
            ]
            .iter()
            .map(|c| c.to_string()),
        );
        let rows: Vec<Vec<String>> = s
            .worst_first()
            .into_iter()
            .map(|b| {
                let f = &b.figures;
                let mut row = vec![
                    s.date.clone(),
                    b.branch.clone(),
                    b.name.clone(),
                    b.report
                        .as_ref()
                        .map(|r| r.generation.to_string())
                        .unwrap_or_default(),
                    b.report
                        .as_ref()
                        .map(|r| r.generated_at.clone())
                        .unwrap_or_default(),
                    b.report
                        .as_ref()
                        .map(|r| r.first_generated_at.clone())
                        .unwrap_or_default(),
                    b.report
                        .as_ref()
                        .map(|r| r.rows.to_string())
                        .unwrap_or_default(),
                ];
                for c in &b.checks {
                    row.push(c.state.code().to_string());
                    row.push(
                        c.checked
                            .as_ref()
                            .map(|k| format!("{} {} {}", k.at, k.by, k.note).trim().to_string())
                            .unwrap_or_default(),
                    );
                }
                row.extend([
                    f.jobs.to_string(),
                    f.completed.to_string(),
                    f.callbacks_pending.to_string(),
                    f.callbacks_overdue.to_string(),
                    f.unsatisfied.to_string(),
                    f.open_discrepancies().to_string(),
                    f.discrepancies_open
                        .iter()
                        .map(|(k, n)| format!("{k}:{n}"))
                        .collect::<Vec<_>>()
                        .join(";"),
                    f.invoices_owed.to_string(),
                    f.late_arrivals.to_string(),
                    f.loaners_overdue.to_string(),
                ]);
                let r = b.report.as_ref();
                row.extend([
                    r.and_then(|r| r.reconciled_at.clone()).unwrap_or_default(),
                    r.map(|r| if r.is_final { "yes" } else { "no" }.to_string())
                        .unwrap_or_default(),
                    r.map(|r| r.open_rows.to_string()).unwrap_or_default(),
                    r.map(|r| {
                        r.open_items
                            .iter()
                            .map(|(k, n)| format!("{k}:{n}"))
                            .collect::<Vec<_>>()
                            .join(";")
                    })
                    .unwrap_or_default(),
                ]);
                row
            })
            .collect();
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let bytes =
            csv_bytes(&header_refs, &rows).map_err(|e| CenterError::write(Made::Summary, e))?;
        let path = dir.join("center").join(format!("summary-{date}.csv"));
        let xlsx = self.summary_workbook(&s, &header_refs, &rows)?;
        write_atomic(&path, &bytes).map_err(|e| CenterError::io(&path, e))?;
        let xlsx_path = path.with_extension("xlsx");
        write_atomic(&xlsx_path, &xlsx).map_err(|e| CenterError::io(&xlsx_path, e))?;
        Ok((path, rows.len()))
    }
}

/// What `center export summary` wrote.
#[derive(Debug, Clone)]
pub struct PeriodSummary {
    pub csv: PathBuf,
    pub xlsx: PathBuf,
    pub rows: usize,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Center {
    /// The period counts of every branch (the branch's `*` row of its own
    /// summary), added up from the `voice` cells of each job's newest row.
    pub fn period_voice(
        &mut self,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<BTreeMap<String, crate::domain::voice::Voice>> {
        let (mut out, cells) = self.store.read(|c| {
            let out: BTreeMap<String, crate::domain::voice::Voice> = c
                .branches()?
                .into_iter()
                .map(|b| (b.code, Default::default()))
                .collect();
            let mut cells: Vec<(String, String, String)> = Vec::new();
            c.each_newest_voice(&mut |branch, job_no, cell| {
                cells.push((branch.into(), job_no.into(), cell.into()));
                Ok(())
            })?;
            Ok::<_, CenterError>((out, cells))
        })?;
        for (branch, job_no, cell) in cells {
            let days = crate::domain::voice::parse_voice_cell(&cell).map_err(|why| {
                CenterError::BadVoice {
                    branch: branch.clone(),
                    job_no,
                    why,
                }
            })?;
            let sum = out.entry(branch).or_default();
            for (_, by) in days.range(first..=last) {
                for v in by.values() {
                    sum.add(v);
                }
            }
        }
        Ok(out)
    }

    /// `center export summary --period week|month`: the ISO week (Monday
    /// first) or the month containing `date`, one row per branch (`engineer`
    /// `*`, the summary's columns), to
    /// `DIR/center/summary_<period>_<START>.csv` and an `.xlsx` beside it.
    pub fn export_period_summary(
        &mut self,
        dir: &Path,
        period: crate::domain::voice::Period,
        date: NaiveDate,
        now: Ts,
    ) -> Result<PeriodSummary> {
        use crate::desk::summary::{SUMMARY_COLUMNS, summary_row};
        let (first, last) = crate::domain::voice::period_bounds(period, date);
        let rows: Vec<Vec<String>> = self
            .period_voice(first, last)?
            .iter()
            .map(|(b, v)| summary_row((first, last), b, "*", v))
            .collect();
        let folder = dir.join("center");
        std::fs::create_dir_all(&folder).map_err(|e| CenterError::io(&folder, e))?;
        let stem = format!("summary_{}_{first}", period.code());
        let csv = folder.join(format!("{stem}.csv"));
        let xlsx = folder.join(format!("{stem}.xlsx"));
        let bytes =
            csv_bytes(SUMMARY_COLUMNS, &rows).map_err(|e| CenterError::write(Made::Summary, e))?;
        let book = crate::io::summary_xlsx::workbook(self.lang, SUMMARY_COLUMNS, &rows)
            .map_err(|e| CenterError::write(Made::SummaryXlsx, e))?;
        for (path, bytes) in [(&csv, &bytes), (&xlsx, &book)] {
            write_atomic(path, bytes).map_err(|e| CenterError::io(path, e))?;
        }
        let operator = self.operator.clone();
        let text = format!(
            "summary {} {first}..{last}: {}",
            period.code(),
            csv.display()
        );
        self.store
            .write(|c| Ok::<_, CenterError>(c.record(&operator, now, "export", "", text)?))?;
        Ok(PeriodSummary {
            csv,
            xlsx,
            rows: rows.len(),
            first,
            last,
        })
    }
}

impl Center {
    /// Remembers the folder reports come from, for the screen's `i`.
    pub fn set_reports_dir(
        &mut self,
        dir: &std::path::Path,
        now: crate::domain::time::Ts,
    ) -> Result<()> {
        let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let text = abs.display().to_string();
        let op = self.operator.clone();
        self.store.write(|c| {
            c.set_setting(REPORTS_DIR, &text)?;
            c.record(&op, now, "config", "", format!("{REPORTS_DIR} = {text}"))?;
            Ok(())
        })
    }

    pub fn reports_dir(&mut self) -> Result<Option<std::path::PathBuf>> {
        let dir = self
            .store
            .read(|c| Ok::<_, CenterError>(c.setting(REPORTS_DIR)?))?;
        Ok(dir.map(std::path::PathBuf::from))
    }
}
