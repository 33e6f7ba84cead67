//! `center import DIR`: every branch report under DIR checked against its
//! manifest and its own rows, then applied, one file per transaction. A
//! file with any problem is rejected whole; the others still import.

use super::Center;
use crate::desk::export::{
    MAX_GENERATIONS, Manifest, REPORT_COLUMNS, REPORT_COLUMNS_V2, REPORT_SCHEMA,
};
use crate::desk::{DeskError, Result};
use crate::domain::callback::CallbackResult;
use crate::domain::card::CardState;
use crate::domain::center::ReportRowFacts;
use crate::domain::codes::{parse_money, parse_yes_no};
use crate::domain::ledger::OpenItem;
use crate::domain::reconcile::DiscrepancyKind;
use crate::domain::signing;
use crate::domain::status::JobStatus;
use crate::domain::time::{Ts, Zone, parse_instant};
use crate::domain::visit::{CallbackKind, Outcome};
use crate::io::export::{restore_cell, sha256_hex};
use crate::io::records::valid_branch_code;
use crate::io::table::read_table_may_be_empty;
use crate::store::center::{self as st, ReportMeta, ReportRow};
use crate::store::trust;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What happened to one report file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileResult {
    /// New, or a newer generation that replaced `replaced`.
    Imported {
        generation: i64,
        rows: usize,
        replaced: Option<i64>,
    },
    /// This generation was imported before: nothing changed.
    Unchanged { generation: i64 },
    /// An older generation than the one already imported: left alone.
    Older { generation: i64, have: i64 },
    /// Not applied; every reason, as `LINE: column: reason` or a sentence.
    Rejected(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub path: PathBuf,
    pub branch: String,
    pub date: String,
    pub result: FileResult,
}

#[derive(Debug, Clone, Default)]
pub struct ImportRun {
    pub files: Vec<FileOutcome>,
    /// Files under DIR that are not daily reports (other names), ignored.
    pub skipped: usize,
    /// Things under DIR skipped with a reason (links, FIFOs, devices,
    /// unreadable folders), as `PATH: reason`.
    pub notes: Vec<String>,
}

impl ImportRun {
    pub fn rejected(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.result, FileResult::Rejected(_)))
            .count()
    }
    pub fn imported(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.result, FileResult::Imported { .. }))
            .count()
    }
}

/// `<BRANCH>_<YYYY-MM-DD>` from a report's or manifest's file name.
fn split_name(stem: &str) -> Option<(&str, NaiveDate)> {
    let (branch, date) = stem.rsplit_once('_')?;
    if date.len() != 10 {
        return None;
    }
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some((branch, d))
}

/// Folders deeper than this under DIR are not looked into.
const MAX_DEPTH: usize = 8;
/// A manifest is a few hundred bytes; anything above this is not one.
pub const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
/// The largest report file read (a branch's busiest day is far smaller).
pub const MAX_REPORT_BYTES: u64 = 256 * 1024 * 1024;
/// How far in the future a report's date or time may be (clocks differ).
const CLOCK_SLACK_SECS: i64 = 5 * 60;

/// Every regular file under `dir` (sorted, so runs are repeatable).
/// Anything else is skipped with a note: symbolic links (to a file outside
/// DIR, to `/dev/zero`, to a folder: none is followed), FIFOs, sockets and
/// devices (never opened), folders that cannot be read (the others go on).
fn walk(
    dir: &Path,
    depth: usize,
    out: &mut Vec<PathBuf>,
    notes: &mut Vec<String>,
) -> std::io::Result<()> {
    let mut entries = Vec::new();
    for e in std::fs::read_dir(dir)? {
        match e {
            Ok(e) => entries.push(e),
            Err(e) => notes.push(format!("{}: {e}; skipped", dir.display())),
        }
    }
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        // The entry itself, never what a link points to.
        let kind = match std::fs::symlink_metadata(&path) {
            Ok(m) => m.file_type(),
            Err(e) => {
                notes.push(format!("{}: {e}; skipped", path.display()));
                continue;
            }
        };
        if kind.is_symlink() {
            notes.push(format!(
                "{}: a symbolic link, skipped (only regular files inside the folder are imported)",
                path.display()
            ));
        } else if kind.is_dir() {
            if depth >= MAX_DEPTH {
                notes.push(format!(
                    "{}: folders nested deeper than {MAX_DEPTH} are not looked into",
                    path.display()
                ));
            } else if let Err(e) = walk(&path, depth + 1, out, notes) {
                notes.push(format!("{}: {e}; skipped", path.display()));
            }
        } else if !kind.is_file() {
            notes.push(format!(
                "{}: not a regular file (a FIFO, socket or device), skipped",
                path.display()
            ));
        } else if !e.file_name().to_string_lossy().starts_with('.') {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads a regular file of at most `limit` bytes without following a link
/// and without waiting on a FIFO (it is opened non-blocking and checked to
/// be a regular file before anything is read).
pub fn read_regular(path: &Path, limit: u64) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let f = opts.open(path).map_err(|e| format!("cannot read: {e}"))?;
    let meta = f.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.file_type().is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > limit {
        return Err(format!(
            "{} bytes, more than the {limit} a file of this kind can have",
            meta.len()
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "more than the {limit} bytes a file of this kind can have"
        ));
    }
    Ok(bytes)
}

impl Center {
    /// Imports every report found under `dir`.
    pub fn import_dir(&mut self, dir: &Path, now: Ts) -> Result<ImportRun> {
        let mut files = Vec::new();
        let mut run = ImportRun::default();
        walk(dir, 0, &mut files, &mut run.notes)
            .map_err(|e| DeskError::Invalid(format!("{}: {e}", dir.display())))?;
        let reports: HashSet<PathBuf> = files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .cloned()
            .collect();
        for path in &files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(stem) = name.strip_suffix(".csv") {
                match split_name(stem) {
                    Some((branch, date)) => {
                        let result = self.import_file(path, branch, date, now)?;
                        run.files.push(FileOutcome {
                            path: path.clone(),
                            branch: branch.to_string(),
                            date: date.to_string(),
                            result,
                        });
                    }
                    None => run.skipped += 1,
                }
            } else if let Some(stem) = name.strip_suffix(".manifest.json") {
                // A manifest whose report is gone: say so, it was meant to come.
                if let Some((branch, date)) = split_name(stem)
                    && !reports.contains(&path.with_file_name(format!("{stem}.csv")))
                {
                    run.files.push(FileOutcome {
                        path: path.clone(),
                        branch: branch.to_string(),
                        date: date.to_string(),
                        result: FileResult::Rejected(vec![format!(
                            "the report {stem}.csv is missing beside its manifest"
                        )]),
                    });
                }
            } else if !name.ends_with(".xlsx") {
                // A report's .xlsx is for people: never imported, not news.
                run.skipped += 1;
            }
        }
        Ok(run)
    }

    fn import_file(
        &mut self,
        path: &Path,
        branch: &str,
        date: NaiveDate,
        now: Ts,
    ) -> Result<FileResult> {
        let pinned = trust::pinned_key(self.store.conn(), branch)?;
        let checked = match check_report(path, branch, date, &self.zone, now, pinned.as_deref()) {
            Ok(c) => c,
            Err(reasons) => return Ok(FileResult::Rejected(reasons)),
        };
        let Checked {
            meta,
            rows,
            public_key,
            times,
            audit_head,
        } = checked;
        let operator = self.operator.clone();
        self.store.write(|c| {
            // Pinned by another center process meanwhile: checked again here.
            match trust::pinned_key(c, &meta.branch)? {
                Some(k) if k != public_key => {
                    return Ok(FileResult::Rejected(vec![wrong_key(&meta.branch, &k)]));
                }
                _ => {}
            }
            let existing = st::report(c, &meta.branch, &meta.date)?;
            if let Some(why) = contradiction(c, &meta, existing.as_ref(), &times)? {
                return Ok(FileResult::Rejected(vec![why]));
            }
            let held = trust::HeldGeneration {
                date: meta.date.clone(),
                generation: meta.generation,
                generated_at: meta.generated_at,
                sha256: meta.sha256.clone(),
                audit_head: audit_head.clone(),
            };
            let keep = |c: &rusqlite::Connection, what: &str| -> Result<()> {
                st::add_branch(c, &meta.branch, "", now)?;
                if trust::pinned_key(c, &meta.branch)?.is_none() {
                    trust::pin_key(c, &meta.branch, &public_key)?;
                }
                trust::hold(c, &meta.branch, &held)?;
                crate::desk::record_if_changed(
                    c,
                    &operator,
                    now,
                    "center_import",
                    "",
                    format!(
                        "{} {} generation {} ({what}), key {public_key}, from {}",
                        meta.branch, meta.date, meta.generation, meta.source
                    ),
                )
            };
            let result = match &existing {
                Some(e) if e.generation == meta.generation && e.sha256 == meta.sha256 => {
                    keep(c, "unchanged")?;
                    FileResult::Unchanged {
                        generation: e.generation,
                    }
                }
                Some(e) if e.generation == meta.generation => FileResult::Rejected(vec![format!(
                    "generation {} of {} {} was imported before with other content; \
                     a corrected report must be exported again (a new generation)",
                    e.generation, meta.branch, meta.date
                )]),
                Some(e) if e.generation > meta.generation => {
                    keep(c, "older")?;
                    FileResult::Older {
                        generation: meta.generation,
                        have: e.generation,
                    }
                }
                _ => {
                    let mut meta = meta.clone();
                    if let Some(e) = &existing {
                        meta.first_generated_at = meta.first_generated_at.min(e.first_generated_at);
                    }
                    st::add_branch(c, &meta.branch, "", now)?;
                    if trust::pinned_key(c, &meta.branch)?.is_none() {
                        trust::pin_key(c, &meta.branch, &public_key)?;
                    }
                    st::replace_report(c, &meta, &rows)?;
                    trust::hold(c, &meta.branch, &held)?;
                    crate::desk::record(
                        c,
                        &operator,
                        now,
                        "center_import",
                        "",
                        format!(
                            "{} {} generation {}, {} rows, key {public_key}, from {}",
                            meta.branch,
                            meta.date,
                            meta.generation,
                            rows.len(),
                            meta.source
                        ),
                    )?;
                    FileResult::Imported {
                        generation: meta.generation,
                        rows: rows.len(),
                        replaced: existing.map(|e| e.generation),
                    }
                }
            };
            Ok::<_, DeskError>(result)
        })
    }
}

/// The refusal of a report signed with another key than the pinned one.
fn wrong_key(branch: &str, pinned: &str) -> String {
    format!(
        "signed with another key than branch {branch}'s pinned key {pinned}: refused \
         (a branch that really has a new key is re-pinned with \
         `branchdesk center branches rekey {branch} --key HEX --reason TEXT`)"
    )
}

/// What the center already holds of the branch-day against what the
/// manifest says: each generation's time, in both, must agree.
fn contradiction(
    c: &rusqlite::Connection,
    meta: &ReportMeta,
    existing: Option<&ReportMeta>,
    times: &[Ts],
) -> Result<Option<String>> {
    let mut held: std::collections::BTreeMap<i64, Ts> = std::collections::BTreeMap::new();
    if let Some(e) = existing {
        held.insert(e.generation, e.generated_at);
        let history: Vec<String> = serde_json::from_str(&e.history).unwrap_or_default();
        for (i, h) in history.iter().enumerate() {
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(h) {
                held.entry(i as i64 + 1).or_insert(t.to_utc());
            }
        }
    }
    for g in trust::held(c, &meta.branch, &meta.date)? {
        held.insert(g.generation, g.generated_at);
    }
    for (i, t) in times.iter().enumerate() {
        let generation = i as i64 + 1;
        if let Some(h) = held.get(&generation)
            && h != t
        {
            let whose = if generation == meta.generation {
                "this report's own time".to_string()
            } else {
                format!(
                    "its history says generation {generation} was made at {}",
                    t.to_rfc3339()
                )
            };
            return Ok(Some(format!(
                "generation {} of {} {} contradicts what the center holds: {whose}, \
                 the center holds generation {generation} of {}",
                meta.generation,
                meta.branch,
                meta.date,
                h.to_rfc3339()
            )));
        }
    }
    Ok(None)
}

/// A report checked and ready to apply.
struct Checked {
    meta: ReportMeta,
    rows: Vec<ReportRow>,
    /// The key it was signed with (64 hex).
    public_key: String,
    /// Every generation's `generated_at`: the history, then its own.
    times: Vec<Ts>,
    audit_head: Option<(i64, String)>,
}

/// A manifest's time: RFC 3339 with its offset, in the years 2000–2099.
fn manifest_time(
    s: &str,
    what: &str,
) -> std::result::Result<chrono::DateTime<chrono::FixedOffset>, String> {
    use chrono::Datelike;
    let t = chrono::DateTime::parse_from_rfc3339(s.trim())
        .map_err(|e| format!("manifest {what} {s:?} is not an RFC 3339 time ({e})"))?;
    if !(2000..=2099).contains(&t.year()) {
        return Err(format!(
            "manifest {what} {s} is outside the years 2000–2099"
        ));
    }
    Ok(t)
}

/// The time checks of a manifest: nothing in the future, the history
/// strictly before `generated_at` and in order, nothing before the start
/// of the report's day. Returns every generation's time, oldest first.
fn check_times(m: &Manifest, date: NaiveDate, now: Ts) -> std::result::Result<Vec<Ts>, String> {
    let generated = manifest_time(&m.generated_at, "generated_at")?;
    let limit = now + chrono::Duration::seconds(CLOCK_SLACK_SECS);
    // The day begins at midnight in the offset the branch wrote.
    let day_start = date
        .and_time(chrono::NaiveTime::MIN)
        .and_local_timezone(*generated.offset())
        .single()
        .map(|t| t.to_utc())
        .ok_or_else(|| format!("the report's date {date} has no midnight"))?;
    if day_start > limit {
        return Err(format!(
            "the report is dated {date}, a day that has not begun (now is {})",
            now.to_rfc3339()
        ));
    }
    if generated.to_utc() > limit {
        return Err(format!(
            "generated_at {} is in the future (now is {}): refused",
            m.generated_at,
            now.to_rfc3339()
        ));
    }
    if generated.to_utc() < day_start {
        return Err(format!(
            "generated_at {} is before the report's day {date} began",
            m.generated_at
        ));
    }
    let expected = m.generation as usize - 1;
    if m.history.len() != expected {
        return Err(format!(
            "generation {} must list the {expected} earlier generation(s) in its history, it lists {}",
            m.generation,
            m.history.len()
        ));
    }
    let mut times = Vec::with_capacity(m.history.len() + 1);
    for h in &m.history {
        let t = manifest_time(h, "history")?.to_utc();
        if t < day_start {
            return Err(format!(
                "history time {h} is before the report's day {date} began (no report of a day is made before it)"
            ));
        }
        if times.last().is_some_and(|p| *p >= t) {
            return Err(format!("history time {h} is not after the one before it"));
        }
        if t >= generated.to_utc() {
            return Err(format!(
                "history time {h} is not earlier than generated_at {}",
                m.generated_at
            ));
        }
        times.push(t);
    }
    times.push(generated.to_utc());
    Ok(times)
}

/// Checks that a cell holds one of the SPEC's codes.
type CodeCheck = fn(&str) -> std::result::Result<(), String>;

/// Checks a report against its manifest and its rows against the file
/// name; the rows come back with their cells restored from the
/// spreadsheet-safe form. Every problem is returned.
fn check_report(
    path: &Path,
    branch: &str,
    date: NaiveDate,
    zone: &Zone,
    now: Ts,
    pinned: Option<&str>,
) -> std::result::Result<Checked, Vec<String>> {
    let one = |s: String| Err(vec![s]);
    if let Err(e) = valid_branch_code(branch) {
        return one(format!("branch code in the file name: {e}"));
    }
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    if folder != branch {
        return one(format!(
            "a report of branch {branch} in the folder {folder:?}: each branch's reports \
             are in a folder named by its code ({branch}/), so this one was refused"
        ));
    }
    let stem = format!("{branch}_{date}");
    let manifest_path = path.with_file_name(format!("{stem}.manifest.json"));
    let value: serde_json::Value = match read_regular(&manifest_path, MAX_MANIFEST_BYTES) {
        Err(e) if std::fs::symlink_metadata(&manifest_path).is_err() => {
            let _ = e;
            return one(format!(
                "no manifest {stem}.manifest.json beside the report"
            ));
        }
        Err(e) => return one(format!("manifest {stem}.manifest.json: {e}")),
        Ok(b) => match serde_json::from_slice(&b) {
            Ok(m) => m,
            Err(e) => return one(format!("manifest {stem}.manifest.json is not valid: {e}")),
        },
    };
    // Who made it, before anything it says is believed.
    let public_key = match signing::verify(&value) {
        Ok(k) => k,
        Err(e) => return one(format!("branch {branch}: {e}; refused")),
    };
    if let Some(k) = pinned
        && k != public_key
    {
        return one(wrong_key(branch, k));
    }
    let manifest: Manifest = match serde_json::from_value(value) {
        Ok(m) => m,
        Err(e) => return one(format!("manifest {stem}.manifest.json is not valid: {e}")),
    };
    if manifest.schema == 0 || manifest.schema > REPORT_SCHEMA {
        return one(format!(
            "manifest schema {} is not one this branchdesk reads (up to {REPORT_SCHEMA})",
            manifest.schema
        ));
    }
    if manifest.branch != branch {
        return one(format!(
            "manifest is for branch {:?}, the file name says {branch}",
            manifest.branch
        ));
    }
    if manifest.date != date.to_string() {
        return one(format!(
            "manifest is for {:?}, the file name says {date}",
            manifest.date
        ));
    }
    if manifest.generation < 1 || manifest.generation as usize > MAX_GENERATIONS {
        return one(format!(
            "manifest generation {} is not one a day can have (1 to {MAX_GENERATIONS})",
            manifest.generation
        ));
    }
    let audit_head = match &manifest.audit_head {
        Some(h) if h.entries >= 0 && signing::unhex::<32>(&h.hash).is_ok() => {
            (h.entries, h.hash.to_ascii_lowercase())
        }
        Some(_) => {
            return one("manifest audit_head is not {\"entries\": N, \"hash\": 64 hex}".into());
        }
        None => return one("manifest has no audit_head".into()),
    };
    let times = check_times(&manifest, date, now).map_err(|e| vec![e])?;
    let generated_at = times[times.len() - 1];
    let first = times[0];
    let bytes = match read_regular(path, MAX_REPORT_BYTES) {
        Ok(b) => b,
        Err(e) => return one(e),
    };
    let sum = sha256_hex(&bytes);
    if sum != manifest.sha256 {
        return one(format!(
            "SHA-256 {sum} differs from the manifest's {}: the file was changed or cut short \
             (or its export was interrupted: the branch's next export replaces it)",
            manifest.sha256
        ));
    }
    let when =
        |s: &str, what: &str| parse_instant(s, zone).map_err(|e| format!("manifest {what}: {e}"));
    // Schema 1 reports (before the open rows) have no `touched` and
    // `open_items`: their rows count as touched, with nothing open.
    let required: Vec<&str> = REPORT_COLUMNS
        .iter()
        .copied()
        .filter(|c| manifest.schema >= 2 || !REPORT_COLUMNS_V2.contains(c))
        .collect();
    let reconciled_at = match &manifest.reconciled_at {
        Some(s) => Some(when(s, "reconciled_at").map_err(|e| vec![e])?),
        None => None,
    };
    let cutoff_at = match &manifest.cutoff_at {
        Some(s) => when(s, "cutoff_at").map_err(|e| vec![e])?,
        None => default_cutoff(&manifest.generated_at, date, zone),
    };
    // A quiet day (nothing touched, nothing open) is a report of no rows.
    let table = read_table_may_be_empty(&bytes, &required)
        .map_err(|ps| ps.iter().map(|p| p.to_string()).collect::<Vec<_>>())?;
    let mut problems = Vec::new();
    if table.rows.len() != manifest.rows {
        problems.push(format!(
            "the manifest says {} rows, the file has {}",
            manifest.rows,
            table.rows.len()
        ));
    }
    let columns = table.column_names();
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let line = row.line;
        let cell = |c: &str| restore_cell(table.get_raw(row, c)).to_string();
        let mut bad = |col: &str, why: String| problems.push(format!("{line}: {col}: {why}"));
        let day = cell("report_date");
        if day != date.to_string() {
            bad("report_date", format!("{day:?} in the report for {date}"));
        }
        let b = cell("branch");
        if b != branch {
            bad("branch", format!("{b:?} in the report of branch {branch}"));
        }
        let job_no = cell("job_no");
        if job_no.trim().is_empty() {
            bad("job_no", "is empty".into());
        } else if !seen.insert(job_no.clone()) {
            bad("job_no", format!("{job_no} appears twice"));
        }
        // Codes are checked so that a report made by hand or damaged in a
        // spreadsheet is caught here, not counted wrong later.
        let checks: [(&str, CodeCheck); 5] = [
            ("status", |s| JobStatus::parse(s).map(drop)),
            ("outcome", |s| Outcome::parse(s).map(drop)),
            ("callback_kind", |s| CallbackKind::parse(s).map(drop)),
            ("callback_result", |s| CallbackResult::parse(s).map(drop)),
            ("card_state", |s| CardState::parse(s).map(drop)),
        ];
        for (col, check) in checks {
            let v = cell(col);
            if !v.is_empty()
                && let Err(e) = check(&v)
            {
                bad(col, e);
            }
        }
        for col in ["discrepancies", "discrepancies_open"] {
            for k in cell(col).split(';').filter(|k| !k.is_empty()) {
                if let Err(e) = DiscrepancyKind::parse(k) {
                    bad(col, e);
                }
            }
        }
        let yes = |col: &str, bad: &mut dyn FnMut(&str, String)| {
            let v = cell(col);
            if v.is_empty() {
                return false;
            }
            parse_yes_no(&v).unwrap_or_else(|e| {
                bad(col, e);
                false
            })
        };
        let callback_overdue = yes("callback_overdue", &mut bad);
        let invoice_owed = yes("invoice_owed", &mut bad);
        let loaner_overdue = yes("loaner_overdue", &mut bad);
        let callback_due = match cell("callback_due") {
            v if v.is_empty() => None,
            v => parse_instant(&v, zone)
                .map_err(|e| bad("callback_due", e))
                .ok(),
        };
        let charge = cell("charge");
        if !charge.is_empty()
            && let Err(e) = parse_money(&charge)
        {
            bad("charge", e);
        }
        let late = cell("late_minutes");
        let late_minutes = match late.parse::<i64>() {
            Ok(m) => Some(m),
            Err(_) if late.is_empty() => None,
            Err(_) => {
                bad(
                    "late_minutes",
                    format!("{late:?} is not a number of minutes"),
                );
                None
            }
        };
        let touched = if table.has("touched") {
            Some(yes("touched", &mut bad))
        } else {
            None
        };
        let open_items: Vec<String> = cell("open_items")
            .split(';')
            .filter(|k| !k.is_empty())
            .map(String::from)
            .collect();
        for k in &open_items {
            if let Err(e) = OpenItem::parse(k) {
                bad("open_items", e);
            }
        }
        let cells: serde_json::Map<String, serde_json::Value> = columns
            .iter()
            .map(|c| (c.to_string(), serde_json::Value::String(cell(c))))
            .collect();
        rows.push(ReportRow {
            line: line as i64,
            job_no,
            engineer: cell("engineer"),
            outcome: cell("outcome"),
            card_state: cell("card_state"),
            facts: ReportRowFacts {
                status: cell("status"),
                callback_kind: cell("callback_kind"),
                callback_result: cell("callback_result"),
                callback_overdue,
                discrepancies_open: cell("discrepancies_open")
                    .split(';')
                    .filter(|k| !k.is_empty())
                    .map(String::from)
                    .collect(),
                invoice_owed,
                late_minutes,
                loaner_overdue,
            },
            callback_due,
            cells: serde_json::Value::Object(cells).to_string(),
            touched,
            open_items,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let history = serde_json::to_string(&manifest.history).unwrap_or_else(|_| "[]".into());
    Ok(Checked {
        meta: ReportMeta {
            branch: branch.to_string(),
            date: date.to_string(),
            generation: i64::from(manifest.generation),
            generated_at,
            first_generated_at: first,
            history,
            rows: rows.len() as i64,
            sha256: manifest.sha256,
            source: path.display().to_string(),
            imported_at: now,
            reconciled_at,
            cutoff_at: Some(cutoff_at),
        },
        rows,
        public_key,
        times,
        audit_head: Some(audit_head),
    })
}

/// The cut-off of a report whose manifest does not carry it (schema 1):
/// the default, 17:00 on its date in the offset of its `generated_at`.
pub fn default_cutoff(generated_at: &str, date: NaiveDate, zone: &Zone) -> Ts {
    let cutoff = crate::domain::time::parse_hhmm(crate::desk::DEFAULT_CUTOFF)
        .unwrap_or(chrono::NaiveTime::MIN);
    match chrono::DateTime::parse_from_rfc3339(generated_at) {
        Ok(t) => date
            .and_time(cutoff)
            .and_local_timezone(*t.offset())
            .single()
            .map(|l| l.to_utc())
            .unwrap_or_else(|| zone.at(date, cutoff)),
        Err(_) => zone.at(date, cutoff),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::{t, zone};
    use crate::io::export::csv_bytes;

    /// Columns the import reads as codes, numbers or times; every other
    /// column is free text and comes back exactly as the branch wrote it.
    const TYPED: &[&str] = &[
        "report_date",
        "branch",
        "status",
        "outcome",
        "callback_kind",
        "callback_due",
        "callback_result",
        "card_state",
        "discrepancies",
        "charge",
        "callback_overdue",
        "late_minutes",
        "loaner_overdue",
        "invoice_owed",
        "discrepancies_open",
        "touched",
        "open_items",
    ];

    /// Writes `body` as QD01's report of 2026-11-23 with a manifest that
    /// matches it, and checks it.
    fn check(
        dir: &Path,
        body: &[u8],
        rows: usize,
    ) -> std::result::Result<Vec<ReportRow>, Vec<String>> {
        check_schema(dir, body, rows, REPORT_SCHEMA).map(|(_, rows)| rows)
    }

    fn check_schema(
        dir: &Path,
        body: &[u8],
        rows: usize,
        schema: u32,
    ) -> std::result::Result<(ReportMeta, Vec<ReportRow>), Vec<String>> {
        let dir = dir.join("QD01");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("QD01_2026-11-23.csv");
        std::fs::write(&path, body).unwrap();
        let m = Manifest {
            schema,
            branch: "QD01".into(),
            date: "2026-11-23".into(),
            generation: 1,
            generated_at: "2026-11-23T09:00:00+08:00".into(),
            history: vec![],
            rows,
            sha256: sha256_hex(body),
            reconciled_at: None,
            cutoff_at: None,
            audit_head: Some(crate::desk::export::AuditHead {
                entries: 3,
                hash: "ab".repeat(32),
            }),
        };
        let mut v = serde_json::to_value(&m).unwrap();
        signing::sign(&mut v, &ed25519_dalek::SigningKey::from_bytes(&[1; 32]));
        std::fs::write(
            dir.join("QD01_2026-11-23.manifest.json"),
            serde_json::to_vec(&v).unwrap(),
        )
        .unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        check_report(&path, "QD01", date, &zone(), t("2026-11-23 09:05"), None)
            .map(|c| (c.meta, c.rows))
    }

    fn row_of(columns: &[&str], job_no: &str) -> Vec<String> {
        columns
            .iter()
            .map(|c| match *c {
                "report_date" => "2026-11-23".to_string(),
                "branch" => "QD01".to_string(),
                "job_no" => job_no.to_string(),
                "touched" => "no".to_string(),
                "open_items" => "card_awaiting;not_home".to_string(),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn a_report_of_schema_1_without_the_open_columns_imports_as_touched_rows() {
        let v1: Vec<&str> = REPORT_COLUMNS
            .iter()
            .copied()
            .filter(|c| !REPORT_COLUMNS_V2.contains(c))
            .collect();
        let body = csv_bytes(&v1, &[row_of(&v1, "J1")]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (meta, rows) = check_schema(dir.path(), &body, 1, 1).unwrap();
        assert_eq!(rows[0].touched, None);
        assert!(rows[0].is_touched());
        assert!(rows[0].open_items.is_empty());
        assert_eq!(meta.reconciled_at, None);
        // No cut-off in the manifest: 17:00 in the offset of generated_at.
        assert_eq!(meta.cutoff_at, Some(t("2026-11-23 17:00")));
        // The same columns under schema 2 lack what it requires.
        let err = check_schema(dir.path(), &body, 1, 2).unwrap_err();
        assert!(err.iter().any(|e| e.contains("touched")), "{err:?}");
        // Schema 2 with its columns: the open row and its codes.
        let body = csv_bytes(REPORT_COLUMNS, &[row_of(REPORT_COLUMNS, "J1")]).unwrap();
        let (_, rows) = check_schema(dir.path(), &body, 1, 2).unwrap();
        assert_eq!(rows[0].touched, Some(false));
        assert_eq!(rows[0].open_items, ["card_awaiting", "not_home"]);
        // An unknown code is refused with its line and column.
        let mut bad = row_of(REPORT_COLUMNS, "J1");
        let i = REPORT_COLUMNS
            .iter()
            .position(|c| *c == "open_items")
            .unwrap();
        bad[i] = "lost_somewhere".into();
        let body = csv_bytes(REPORT_COLUMNS, &[bad]).unwrap();
        let err = check_schema(dir.path(), &body, 1, 2).unwrap_err();
        assert!(
            err.iter().any(|e| e.starts_with("2: open_items:")),
            "{err:?}"
        );
    }

    #[test]
    fn a_report_of_no_rows_is_valid() {
        let body = csv_bytes(REPORT_COLUMNS, &[]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (meta, rows) = check_schema(dir.path(), &body, 0, REPORT_SCHEMA).unwrap();
        assert!(rows.is_empty());
        assert_eq!(meta.rows, 0);
        // Still checked against its manifest.
        let err = check_schema(dir.path(), &body, 1, REPORT_SCHEMA).unwrap_err();
        assert!(err.iter().any(|e| e.contains("1 rows")), "{err:?}");
    }

    #[test]
    fn every_formula_lead_in_every_text_column_comes_back_exactly() {
        let leads = ["=", "+", "-", "@", "\t", "\r", "\n", "'"];
        let free: Vec<&str> = REPORT_COLUMNS
            .iter()
            .copied()
            .filter(|c| !TYPED.contains(c))
            .collect();
        assert!(free.len() >= 10, "{free:?}");
        let mut rows = Vec::new();
        for (i, lead) in leads.iter().enumerate() {
            let row: Vec<String> = REPORT_COLUMNS
                .iter()
                .map(|c| match *c {
                    "report_date" => "2026-11-23".to_string(),
                    "branch" => "QD01".to_string(),
                    "job_no" => format!("{lead}J{i}"),
                    c if free.contains(&c) => format!("{lead}{c} 张三"),
                    _ => String::new(),
                })
                .collect();
            rows.push(row);
        }
        let bytes = csv_bytes(REPORT_COLUMNS, &rows).unwrap();
        // On disk no cell starts with a character a spreadsheet evaluates.
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']),
                    "{cell:?}"
                );
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let back = check(dir.path(), &bytes, rows.len()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(back.len(), leads.len());
        for (row, lead) in back.iter().zip(leads) {
            let cells: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&row.cells).unwrap();
            assert_eq!(row.job_no, cells["job_no"]);
            assert!(row.job_no.starts_with(lead), "{:?}", row.job_no);
            for c in &free {
                if *c != "job_no" {
                    assert_eq!(cells[*c], format!("{lead}{c} 张三"), "column {c}");
                }
            }
        }
    }

    #[test]
    fn a_wrong_header_or_a_bad_code_names_the_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let write = |body: &[u8]| check(dir.path(), body, 1).unwrap_err();
        let err = write(b"job_no,branch\r\nJ1,QD01\r\n");
        assert!(err.iter().any(|e| e.contains("report_date")), "{err:?}");
        let mut row: Vec<String> = REPORT_COLUMNS.iter().map(|_| String::new()).collect();
        row[0] = "2026-11-23".into();
        row[1] = "QD01".into();
        row[2] = "J1".into();
        let status = REPORT_COLUMNS.iter().position(|c| *c == "status").unwrap();
        row[status] = "finished".into();
        let err = write(&csv_bytes(REPORT_COLUMNS, &[row]).unwrap());
        assert!(err.iter().any(|e| e.starts_with("2: status:")), "{err:?}");
    }
}
