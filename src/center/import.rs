//! `center import DIR`: every branch report under DIR checked against its
//! manifest and its own rows, then applied. The files go in batches, one
//! transaction each, every file in a savepoint of its own: a file with any
//! problem is rejected whole (nothing of it stays), the others still import.
//! A report is read as it comes, never whole: its rows are checked and
//! stored one at a time and its SHA-256 is taken on the way, so memory does
//! not follow its size, which is bounded ([`MAX_REPORT_BYTES`]).

use super::Center;
use super::error::{CenterError, Result};
use crate::desk::export::{MAX_GENERATIONS, Manifest};
use crate::domain::codes::parse_yes_no;
use crate::domain::report;
use crate::domain::signing;
use crate::domain::time::{Ts, Zone, parse_instant};
use crate::io::export::restore_cell;
use crate::io::files::{open_no_wait, read_regular};
use crate::io::records::valid_branch_code;
use crate::io::table::{Row, Table, stream_table_reader};
use crate::store::center::{self as st, CenterOps, ReportMeta};
use crate::store::trust;
use chrono::{FixedOffset, NaiveDate};
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

/// Report bytes applied per write transaction: the files of a folder are
/// imported in batches of about this much, one transaction each (one sync
/// of the disk instead of one per file), every file in a savepoint of its
/// own so that a bad one is undone alone.
const BATCH_BYTES: u64 = 2 * 1024 * 1024;
/// The page cache while importing: it holds a batch's pages until its
/// commit (a batch of 4 MiB of reports filled 16 MiB and spilled pages to
/// the WAL before the commit wrote them again).
const BATCH_CACHE_MIB: i64 = 16;
/// Rows of a report per entry of the audit trail: a larger report gets an
/// entry for each part (the trail's entry holds a digest of every row it
/// covers, and makes them in memory).
#[cfg(not(test))]
pub const AUDIT_PART_ROWS: usize = 20_000;
/// (Small in unit tests, so that their reports come in parts.)
#[cfg(test)]
pub const AUDIT_PART_ROWS: usize = 25;
/// Problems listed for one file's rows; the rest are counted.
pub const MAX_PROBLEMS: usize = 200;

/// A file of the folder to import, in the order found.
enum Task {
    Report {
        path: PathBuf,
        branch: String,
        date: NaiveDate,
    },
    /// A manifest whose report is gone.
    Missing {
        path: PathBuf,
        branch: String,
        date: NaiveDate,
        stem: String,
    },
}

impl Center {
    /// Imports every report found under `dir`, in batches of files (one
    /// write transaction each), each file in a savepoint: a file found bad,
    /// even at its last byte, is rolled back alone and reported, the others
    /// land.
    pub fn import_dir(&mut self, dir: &Path, now: Ts) -> Result<ImportRun> {
        let mut files = Vec::new();
        let mut run = ImportRun::default();
        walk(dir, 0, &mut files, &mut run.notes).map_err(|e| CenterError::io(dir, e))?;
        let reports: HashSet<PathBuf> = files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .cloned()
            .collect();
        let mut tasks = Vec::new();
        for path in &files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(stem) = name.strip_suffix(".csv") {
                match split_name(stem) {
                    Some((branch, date)) => tasks.push(Task::Report {
                        path: path.clone(),
                        branch: branch.to_string(),
                        date,
                    }),
                    None => run.skipped += 1,
                }
            } else if let Some(stem) = name.strip_suffix(".manifest.json") {
                // A manifest whose report is gone: say so, it was meant to come.
                if let Some((branch, date)) = split_name(stem)
                    && !reports.contains(&path.with_file_name(format!("{stem}.csv")))
                {
                    tasks.push(Task::Missing {
                        path: path.clone(),
                        branch: branch.to_string(),
                        date,
                        stem: stem.to_string(),
                    });
                }
            } else if !name.ends_with(".xlsx") {
                // A report's .xlsx is for people: never imported, not news.
                run.skipped += 1;
            }
        }
        let zone = self.zone;
        let operator = self.operator.clone();
        // The pages of a batch stay in memory until its commit (SQLite's
        // default 2 MiB spilled them to the WAL and read them back).
        self.store.set_cache_mib(BATCH_CACHE_MIB)?;
        let dates: Vec<NaiveDate> = tasks
            .iter()
            .filter_map(|t| match t {
                Task::Report { date, .. } => Some(*date),
                Task::Missing { .. } => None,
            })
            .collect();
        self.store.prepare_dates(&dates)?;
        let run = self.import_tasks(&tasks, zone, now, &operator, run);
        // The last report's end (PostgreSQL), also after an error.
        let settled = self.store.settle();
        self.store.set_cache_mib(crate::store::DEFAULT_CACHE_MIB)?;
        let run = run?;
        settled?;
        Ok(run)
    }

    fn import_tasks(
        &mut self,
        tasks: &[Task],
        zone: Zone,
        now: Ts,
        operator: &str,
        mut run: ImportRun,
    ) -> Result<ImportRun> {
        // The reports are read, hashed, their signatures checked and their
        // rows checked on a second thread, a few hundred rows ahead of this
        // one, which asks and writes the database (two cores: that reading
        // was a third of an import). What the reader finds goes through a
        // bounded channel, so memory does not follow a report's size.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Ev>(READ_AHEAD_CHUNKS);
        std::thread::scope(|s| {
            s.spawn(move || read_reports(tasks, zone, now, tx));
            // Owned here, so that leaving (also with an error, reports still
            // unread) drops it before the scope waits for the reader: its
            // next send fails and it stops.
            let rx = rx;
            let mut next = 0;
            // PostgreSQL: one transaction per report (other clerks import
            // at the same time; none waits for a batch).
            let batch = match self.store.one_report_per_transaction() {
                true => 0,
                false => BATCH_BYTES,
            };
            while next < tasks.len() {
                let done = self.store.write_report(|c| {
                    let mut out = Vec::new();
                    let mut bytes = 0u64;
                    while next < tasks.len() && (out.is_empty() || bytes < batch) {
                        let task = &tasks[next];
                        next += 1;
                        out.push(match task {
                            Task::Missing {
                                path,
                                branch,
                                date,
                                stem,
                            } => FileOutcome {
                                path: path.clone(),
                                branch: branch.clone(),
                                date: date.to_string(),
                                result: FileResult::Rejected(vec![format!(
                                    "the report {stem}.csv is missing beside its manifest"
                                )]),
                            },
                            Task::Report { path, branch, date } => {
                                if batch > 0 {
                                    bytes += std::fs::symlink_metadata(path).map_or(0, |m| m.len());
                                }
                                c.savepoint()?;
                                let result =
                                    import_file(c, &rx, path, branch, *date, now, operator)?;
                                if matches!(result, FileResult::Rejected(_)) {
                                    // Nothing of it stays: rows, meta, key, trail.
                                    c.rollback_to_savepoint()?;
                                }
                                c.release_savepoint()?;
                                FileOutcome {
                                    path: path.clone(),
                                    branch: branch.clone(),
                                    date: date.to_string(),
                                    result,
                                }
                            }
                        });
                    }
                    Ok::<_, CenterError>(out)
                })?;
                run.files.extend(done);
            }
            Ok(run)
        })
    }
}

/// Row chunks the reader may be ahead by (each [`CHUNK_ROWS`] rows).
const READ_AHEAD_CHUNKS: usize = 16;
const CHUNK_ROWS: usize = 256;

/// A manifest as the reader found it: the key it was signed with and the
/// manifest believed (or why not); or the refusal that came before any key.
type ManifestRead =
    std::result::Result<(String, std::result::Result<Manifested, Vec<String>>), Vec<String>>;

/// What the reading thread found, report by report, in the tasks' order:
/// the manifest; then, when it was believed, whether the report opened, its
/// rows checked a chunk at a time, and its end.
enum Ev {
    /// The manifest read and its signature checked.
    Manifest(Box<ManifestRead>),
    /// The report opened, or why not (nothing of it follows then).
    Open(std::result::Result<(), String>),
    Rows(Vec<Prepped>),
    End {
        /// A read that failed or went past the bound.
        failed: Option<String>,
        sha256: String,
        /// The file's own problems (encoding, header, shape).
        table: std::result::Result<(), Vec<String>>,
        count: usize,
    },
}

/// The reading thread: every report of `tasks`, in order (see [`Ev`]).
/// It stops when the other side has gone.
fn read_reports(tasks: &[Task], zone: Zone, now: Ts, tx: std::sync::mpsc::SyncSender<Ev>) {
    for task in tasks {
        let Task::Report { path, branch, date } = task else {
            continue;
        };
        let m = read_manifest(path, branch, *date, &zone, now);
        let required = match &m {
            Ok((_, Ok(m))) => Some(m.required.clone()),
            _ => None,
        };
        if tx.send(Ev::Manifest(Box::new(m))).is_err() {
            return;
        }
        let Some(required) = required else { continue };
        let file = match open_regular(path, MAX_REPORT_BYTES) {
            Ok(f) => f,
            Err(e) => {
                if tx.send(Ev::Open(Err(e))).is_err() {
                    return;
                }
                continue;
            }
        };
        if tx.send(Ev::Open(Ok(()))).is_err() {
            return;
        }
        let mut input = Guarded::new(file, MAX_REPORT_BYTES);
        let mut prep = RowPrep::new(branch, *date, &zone);
        let mut chunk = Vec::with_capacity(CHUNK_ROWS);
        // A quiet day (nothing touched, nothing open) is a report of no rows.
        let read = stream_table_reader(&mut input, &required, true, |t, row| {
            chunk.push(prep.row(t, row));
            if chunk.len() == CHUNK_ROWS {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_ROWS));
                tx.send(Ev::Rows(full)).map_err(drop)?;
            }
            Ok::<(), ()>(())
        });
        let Ok(table) = read else { return };
        if !chunk.is_empty() && tx.send(Ev::Rows(chunk)).is_err() {
            return;
        }
        let end = Ev::End {
            failed: input.failed.take(),
            sha256: input.sha256_hex(),
            table: table
                .map(drop)
                .map_err(|ps| ps.iter().map(|p| p.to_string()).collect()),
            count: prep.count,
        };
        if tx.send(end).is_err() {
            return;
        }
    }
}

fn next_event(rx: &std::sync::mpsc::Receiver<Ev>) -> Result<Ev> {
    rx.recv().map_err(|_| CenterError::ReadingStopped)
}

fn out_of_step() -> CenterError {
    CenterError::OutOfStep
}

/// Passes over the rest of a report that will not be imported.
fn skip_report(rx: &std::sync::mpsc::Receiver<Ev>) -> Result<()> {
    match next_event(rx)? {
        Ev::Open(Err(_)) => return Ok(()),
        Ev::Open(Ok(())) => {}
        _ => return Err(out_of_step()),
    }
    loop {
        match next_event(rx)? {
            Ev::Rows(_) => {}
            Ev::End { .. } => return Ok(()),
            _ => return Err(out_of_step()),
        }
    }
}

/// What a file whose rows are sound does to the branch-day the center holds.
enum Plan {
    /// New, or a newer generation replacing `replaced`.
    Import {
        replaced: Option<i64>,
    },
    Unchanged {
        generation: i64,
    },
    Older {
        have: i64,
    },
    /// Refused for what the center holds.
    Refuse(String),
}

/// Imports one report inside the caller's savepoint: its manifest checked
/// first, then its rows read as they come (checked, and stored when the
/// file is to be imported), its SHA-256 taken on the way. A rejected file
/// may have written some of its rows: the caller rolls the savepoint back.
fn import_file(
    c: &mut dyn CenterOps,
    rx: &std::sync::mpsc::Receiver<Ev>,
    path: &Path,
    branch: &str,
    date: NaiveDate,
    now: Ts,
    operator: &str,
) -> Result<FileResult> {
    let rejected = |why: Vec<String>| Ok(FileResult::Rejected(why));
    let Ev::Manifest(read) = next_event(rx)? else {
        return Err(out_of_step());
    };
    let (signed_by, believed) = match *read {
        Ok(r) => r,
        Err(why) => return rejected(why),
    };
    // Another clerk's import of the same branch waits here until this one
    // is stored (PostgreSQL; SQLite's writer holds the whole file). What
    // the decision needs is read at once, under that lock.
    let inputs = c.report_inputs(branch, &date.to_string())?;
    // A branch the center does not know, when it takes only those it was
    // told of (`accept_new_branches` = `no`).
    let accept_new = inputs
        .accept_new
        .as_deref()
        .map(|v| crate::domain::codes::parse_yes_no(v).unwrap_or(true))
        .unwrap_or(true);
    if !accept_new && !inputs.known_branch {
        if believed.is_ok() {
            skip_report(rx)?;
        }
        return rejected(vec![format!(
            "branch {branch} is not one this center takes reports from (accept_new_branches \
             = no): refused. Add it first with `branchdesk center branches add {branch} NAME \
             --key HEX` (its key as `branchdesk key` shows it at the branch)"
        )]);
    }
    // Signed with the branch's pinned key, before anything it says counts.
    if let Some(k) = &inputs.pinned_key
        && *k != signed_by
    {
        if believed.is_ok() {
            skip_report(rx)?;
        }
        return rejected(vec![wrong_key(branch, k)]);
    }
    let m = match believed {
        Ok(m) => m,
        Err(why) => return rejected(why),
    };
    let existing = inputs.existing;
    let plan = if let Some(why) =
        contradiction(&m.meta, existing.as_ref(), inputs.held, &m.times, m.offset)
    {
        Plan::Refuse(why)
    } else {
        match &existing {
            Some(e) if e.generation == m.meta.generation && e.sha256 == m.meta.sha256 => {
                Plan::Unchanged {
                    generation: e.generation,
                }
            }
            Some(e) if e.generation == m.meta.generation => Plan::Refuse(format!(
                "generation {} of {} {} was imported before with other content; \
                 a corrected report must be exported again (a new generation)",
                e.generation, m.meta.branch, m.meta.date
            )),
            Some(e) if e.generation > m.meta.generation => Plan::Older { have: e.generation },
            _ => Plan::Import {
                replaced: existing.as_ref().map(|e| e.generation),
            },
        }
    };
    // A manifest time that does not read is told after the file's SHA-256
    // (as when the file was read whole first); nothing is written for it.
    let storing = matches!(plan, Plan::Import { .. }) && m.late.is_none();
    if storing {
        let mut meta = m.meta.clone();
        if let Some(e) = &existing {
            meta.first_generated_at = meta.first_generated_at.min(e.first_generated_at);
        }
        // The older generation's rows go first, a part at a time with an
        // entry of the trail each (which holds their removal), when many.
        if let Some(e) = existing
            .as_ref()
            .filter(|e| e.rows > AUDIT_PART_ROWS as i64)
        {
            let mut gone = 0;
            loop {
                let n = c.delete_rows(branch, &meta.date, AUDIT_PART_ROWS)?;
                if n == 0 {
                    break;
                }
                gone += n;
                c.record(
                    operator,
                    now,
                    "center_import",
                    "",
                    format!(
                        "{} {} generation {}: {gone} rows of generation {} removed so far \
                         (the file's own entry follows)",
                        meta.branch, meta.date, meta.generation, e.generation
                    ),
                )?;
            }
        }
        c.add_branch_keyed(branch, &m.public_key, now)?;
        c.put_report(&meta)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match next_event(rx)? {
        Ev::Open(Ok(())) => {}
        Ev::Open(Err(e)) if e.starts_with("cannot read") || e == "not a regular file" => {
            return rejected(vec![e]);
        }
        Ev::Open(Err(e)) => return rejected(vec![format!("{name}: {e}: refused, not read")]),
        _ => return Err(out_of_step()),
    }
    let mut rows = RowStore {
        store: if storing { Some(&mut *c) } else { None },
        branch,
        date: date.to_string(),
        stored: 0,
        part: (
            operator,
            now,
            format!(
                "{} {} generation {}",
                m.meta.branch, m.meta.date, m.meta.generation
            ),
        ),
        problems: Vec::new(),
        more: 0,
    };
    let (failed, sum, table, count) = loop {
        match next_event(rx)? {
            Ev::Rows(chunk) => {
                for p in chunk {
                    rows.take(p)?;
                }
            }
            Ev::End {
                failed,
                sha256,
                table,
                count,
            } => break (failed, sha256, table, count),
            _ => return Err(out_of_step()),
        }
    };
    if let Some(e) = failed {
        return rejected(vec![if e.starts_with("cannot read") {
            e
        } else {
            format!("{name}: {e}: refused")
        }]);
    }
    if sum != m.meta.sha256 {
        return rejected(vec![format!(
            "SHA-256 {sum} differs from the manifest's {}: the file was changed or cut short \
             (or its export was interrupted: the branch's next export replaces it)",
            m.meta.sha256
        )]);
    }
    if let Some(e) = m.late {
        return rejected(vec![e]);
    }
    if let Err(ps) = table {
        return rejected(ps);
    }
    let (mut problems, more) = (rows.problems, rows.more);
    if more > 0 {
        problems.push(format!(
            "… and {more} more problem(s) in the rows (the first {MAX_PROBLEMS} are listed)"
        ));
    }
    if count as i64 != m.meta.rows {
        problems.insert(
            0,
            format!(
                "the manifest says {} rows, the file has {count}",
                m.meta.rows
            ),
        );
    }
    if !problems.is_empty() {
        return rejected(problems);
    }
    let meta = &m.meta;
    let public_key = &m.public_key;
    let held = trust::HeldGeneration {
        date: meta.date.clone(),
        generation: meta.generation,
        generated_at: meta.generated_at,
        sha256: meta.sha256.clone(),
        audit_head: Some(m.audit_head.clone()),
    };
    let keep = |c: &mut dyn CenterOps, what: &str| -> Result<()> {
        c.add_branch_keyed(&meta.branch, public_key, now)?;
        c.hold(&meta.branch, &held)?;
        c.record_if_changed(
            operator,
            now,
            "center_import",
            "",
            format!(
                "{} {} generation {} ({what}), key {public_key}, from {}",
                meta.branch, meta.date, meta.generation, meta.source
            ),
        )?;
        Ok(())
    };
    Ok(match plan {
        Plan::Refuse(why) => FileResult::Rejected(vec![why]),
        Plan::Unchanged { generation } => {
            keep(c, "unchanged")?;
            FileResult::Unchanged { generation }
        }
        Plan::Older { have } => {
            keep(c, "older")?;
            FileResult::Older {
                generation: meta.generation,
                have,
            }
        }
        Plan::Import { replaced } => {
            c.flush_rows()?;
            c.hold(&meta.branch, &held)?;
            c.record(
                operator,
                now,
                "center_import",
                "",
                format!(
                    "{} {} generation {}, {} rows, key {public_key}, from {}",
                    meta.branch, meta.date, meta.generation, count, meta.source
                ),
            )?;
            FileResult::Imported {
                generation: meta.generation,
                rows: count,
                replaced,
            }
        }
    })
}

/// A file being read: its SHA-256 taken and its size bounded on the way.
/// A read that fails, or one past the bound, ends it (the reason is kept).
struct Guarded<R> {
    inner: R,
    sha: sha2::Sha256,
    read: u64,
    limit: u64,
    failed: Option<String>,
}

impl<R: std::io::Read> Guarded<R> {
    fn new(inner: R, limit: u64) -> Guarded<R> {
        use sha2::Digest;
        Guarded {
            inner,
            sha: sha2::Sha256::new(),
            read: 0,
            limit,
            failed: None,
        }
    }

    fn sha256_hex(&self) -> String {
        use sha2::Digest;
        self.sha
            .clone()
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl<R: std::io::Read> std::io::Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        if self.failed.is_some() {
            return Ok(0);
        }
        let n = loop {
            match self.inner.read(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.failed = Some(format!("cannot read: {e}"));
                    return Ok(0);
                }
                Ok(n) => break n,
            }
        };
        self.read += n as u64;
        if self.read > self.limit {
            self.failed = Some(format!(
                "more than the {} a daily report can have (it grew while read)",
                size_text(self.limit)
            ));
            return Ok(0);
        }
        self.sha.update(&buf[..n]);
        Ok(n)
    }
}

/// Bytes as people read them: `256 MiB`.
fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// Opens a regular file of at most `limit` bytes without following a link
/// and without waiting on a FIFO (opened non-blocking and checked to be a
/// regular file before anything is read).
fn open_regular(path: &Path, limit: u64) -> std::result::Result<std::fs::File, String> {
    let (f, meta) = open_no_wait(path, false)?;
    if meta.len() > limit {
        return Err(format!(
            "{} bytes, more than the {} a daily report can have (a branch's busiest day is a \
             few megabytes)",
            meta.len(),
            size_text(limit)
        ));
    }
    Ok(f)
}

/// A report's rows checked one at a time against the file name and the
/// SPEC's codes, on the reading thread: each row comes out as its problems
/// and, when it has a job number, what would be stored of it.
struct RowPrep<'a> {
    branch: &'a str,
    date: String,
    zone: &'a Zone,
    /// Job numbers seen: hashed, 8 bytes each.
    seen: HashSet<u64>,
    /// The header's place of each of [`report::COLUMNS`].
    at: [Option<usize>; report::COLUMNS.len()],
    count: usize,
}

/// One row as the reader checked it.
struct Prepped {
    line: u64,
    /// Its problems, but for its job number being there twice ...
    problems: Vec<String>,
    /// ... which goes here among them (after the report_date and branch
    /// problems), when the row has a job number at all.
    twice_at: Option<usize>,
    /// The reader has seen its job number before in this report.
    again: bool,
    /// What is stored of it, when it has a job number.
    row: Option<st::NewRow>,
}

impl<'a> RowPrep<'a> {
    fn new(branch: &'a str, date: NaiveDate, zone: &'a Zone) -> RowPrep<'a> {
        RowPrep {
            branch,
            date: date.to_string(),
            zone,
            seen: HashSet::new(),
            at: [None; report::COLUMNS.len()],
            count: 0,
        }
    }

    fn row(&mut self, table: &Table, row: Row) -> Prepped {
        self.count += 1;
        if self.count == 1 {
            for (at, column) in self.at.iter_mut().zip(report::COLUMNS) {
                *at = table.index(column.name);
            }
        }
        let line = row.line;
        let text_len = row.text_bytes();
        // The row by the header's names (`None`: a column not in it).
        let mut at = self.at.iter();
        let named = report::Row::from_fn(|_| {
            at.next()
                .copied()
                .flatten()
                .map(|i| restore_cell(row.field(i).unwrap_or("")))
        });
        let cell = |c: &str| match named.get(c) {
            Some(v) => v.unwrap_or(""),
            None => unreachable!("{c} is not a report column"),
        };
        let mut problems: Vec<String> = Vec::new();
        let mut bad = |col: &str, why: String| problems.push(format!("{line}: {col}: {why}"));
        let (date, branch) = (self.date.as_str(), self.branch);
        let day = cell("report_date");
        if day != date {
            bad("report_date", format!("{day:?} in the report for {date}"));
        }
        let b = cell("branch");
        if b != branch {
            bad("branch", format!("{b:?} in the report of branch {branch}"));
        }
        let job_no = cell("job_no");
        // Where a second row of the job is said (in the file's order of
        // checks), when the table's key finds it.
        let mut twice_at = None;
        let mut again = false;
        if job_no.trim().is_empty() {
            bad("job_no", "is empty".into());
        } else {
            // After the report_date and branch problems, if any.
            twice_at = Some(usize::from(day != date) + usize::from(b != branch));
            again = !self.seen.insert(job_hash(job_no));
        }
        for (col, what) in [
            ("job_no", "a job number"),
            ("engineer", "an engineer's name"),
        ] {
            if let Err(why) = crate::domain::job::printable_identifier(cell(col), what) {
                bad(col, why);
            }
        }
        // Every cell a rule reads is checked, so that a report made by hand
        // or damaged in a spreadsheet is caught here, not counted wrong
        // later (each column's rule in `report::refused_cell`).
        for column in report::COLUMNS {
            if let Some(v) = named.get(column.name).copied().flatten() {
                for why in report::refused_cell(column.name, v, self.zone) {
                    bad(column.name, why);
                }
            }
        }
        let stored = twice_at.map(|_| {
            // Every cell as the center stores it (`st::stored`): the key and
            // the cells it computes with typed, the others as written.
            let zone = self.zone;
            let flag = |v: &str| !v.is_empty() && parse_yes_no(v).unwrap_or(false);
            let mut out = st::NewRow::with_capacity(line as i64, text_len);
            for (column, cell) in report::COLUMNS.iter().zip(named.cells()) {
                let cell = cell.as_deref();
                let given = cell.filter(|v| !v.is_empty());
                match st::stored(column) {
                    st::Stored::Key | st::Stored::Text => match cell {
                        Some(v) => out.push_text(v),
                        None => out.push_null(),
                    },
                    st::Stored::Instant => out.push_int(
                        given
                            .and_then(|v| parse_instant(v, zone).ok())
                            .map(|t| t.timestamp()),
                    ),
                    st::Stored::Flag => out.push_bool(Some(cell.is_some_and(flag))),
                    st::Stored::MaybeFlag => out.push_bool(cell.map(flag)),
                    st::Stored::Codes => {
                        let v = cell.unwrap_or("");
                        if v.starts_with(';') || v.ends_with(';') || v.contains(";;") {
                            out.push_text(&codes(v));
                        } else {
                            // No empty item to leave out (most cells).
                            out.push_text(v);
                        }
                    }
                    st::Stored::Int => out.push_int(given.and_then(|v| v.parse().ok())),
                }
            }
            out
        });
        Prepped {
            line,
            problems,
            twice_at,
            again,
            row: stored,
        }
    }
}

/// The rows of a report as they come from the reader: stored when the file
/// is to be imported, their problems kept (the first [`MAX_PROBLEMS`]).
struct RowStore<'c> {
    /// Where the rows go: `None` when the file is only checked.
    store: Option<&'c mut dyn CenterOps>,
    branch: &'c str,
    date: String,
    /// Rows stored so far.
    stored: usize,
    /// Who imports, when, and which report (`BRANCH DATE generation G`):
    /// for the trail's entry of each part of a large report.
    part: (&'c str, Ts, String),
    problems: Vec<String>,
    more: usize,
}

impl RowStore<'_> {
    fn take(&mut self, p: Prepped) -> Result<()> {
        let Prepped {
            line,
            mut problems,
            twice_at,
            again,
            row,
        } = p;
        let twice = |job_no: &str| format!("{line}: job_no: {job_no} appears twice");
        match (self.store.as_deref_mut(), twice_at, &row) {
            (Some(c), Some(at), Some(r)) => {
                // Stored rows are told apart by the table's key.
                if !c.insert_row(self.branch, &self.date, r)? {
                    problems.insert(at, twice(r.job_no()));
                }
                self.stored += 1;
                if self.stored.is_multiple_of(AUDIT_PART_ROWS) {
                    // The trail's entry holds every row's digest: a part of a
                    // large report at a time, so that memory stays bounded.
                    let (operator, now, what) = &self.part;
                    c.record(
                        operator,
                        *now,
                        "center_import",
                        "",
                        format!(
                            "{what}: rows up to line {line} ({} so far; the file's own entry follows)",
                            self.stored
                        ),
                    )?;
                }
            }
            (None, Some(at), Some(r)) if again => problems.insert(at, twice(r.job_no())),
            _ => {}
        }
        for p in problems {
            if self.problems.len() < MAX_PROBLEMS {
                self.problems.push(p);
            } else {
                self.more += 1;
            }
        }
        Ok(())
    }
}

/// A `;` list of codes without its empty items.
fn codes(v: &str) -> String {
    v.split(';')
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
        .join(";")
}

/// A job number's hash, to tell a second row of it.
fn job_hash(job_no: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    job_no.hash(&mut h);
    h.finish()
}

/// A report's manifest checked and believed, before its rows are read.
struct Manifested {
    /// The report as it will be stored (`rows` as the manifest says).
    meta: ReportMeta,
    /// The key it was signed with (64 hex).
    public_key: String,
    /// Every generation's `generated_at`: the history, then its own.
    times: Vec<Ts>,
    /// The branch's offset (its `generated_at`'s): times are said in it.
    offset: FixedOffset,
    audit_head: (i64, String),
    /// The columns the report must have (by its schema).
    required: Vec<&'static str>,
    /// A manifest time that does not read (`reconciled_at`, `cutoff_at`),
    /// told after the file's SHA-256.
    late: Option<String>,
}

/// Checks a report's place, its manifest and the manifest's signature:
/// everything that comes before its rows. Every refusal is one sentence.
/// The key it was signed with comes out beside the rest, which the caller
/// believes only when that is the branch's pinned key.
fn read_manifest(path: &Path, branch: &str, date: NaiveDate, zone: &Zone, now: Ts) -> ManifestRead {
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
        Ok(b) => match signing::json_without_repeated_keys(&b) {
            Ok(m) => m,
            Err(e) => return one(format!("manifest {stem}.manifest.json is not valid: {e}")),
        },
    };
    // Who made it, before anything it says is believed.
    let public_key = match signing::verify(&value) {
        Ok(k) => k,
        Err(e) => return one(format!("branch {branch}: {e}; refused")),
    };
    let believed = believe(value, path, branch, date, zone, now, public_key.clone());
    Ok((public_key, believed))
}

/// The rest of [`read_manifest`]: what a manifest signed by a key says.
fn believe(
    value: serde_json::Value,
    path: &Path,
    branch: &str,
    date: NaiveDate,
    zone: &Zone,
    now: Ts,
    public_key: String,
) -> std::result::Result<Manifested, Vec<String>> {
    let one = |s: String| Err(vec![s]);
    let stem = format!("{branch}_{date}");
    let manifest: Manifest = match signing::from_json_value(value) {
        Ok(m) => m,
        Err(e) => return one(format!("manifest {stem}.manifest.json is not valid: {e}")),
    };
    if manifest.schema == 0 || manifest.schema > report::SCHEMA {
        return one(format!(
            "manifest schema {} is not one this branchdesk reads (up to {})",
            manifest.schema,
            report::SCHEMA
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
    let offset = branch_offset(&manifest).map_err(|e| vec![e])?;
    let times = check_times(&manifest, date, offset, now).map_err(|e| vec![e])?;
    cutoff_on_day(&manifest, date).map_err(|e| vec![e])?;
    let generated_at = times[times.len() - 1];
    let first = times[0];
    let when =
        |s: &str, what: &str| parse_instant(s, zone).map_err(|e| format!("manifest {what}: {e}"));
    // What every report of its schema has (schema 1, before the open rows,
    // has no `touched` and `open_items`: its rows count as touched, with
    // nothing open).
    let required = report::required_of(manifest.schema);
    let mut late = None;
    let reconciled_at = match &manifest.reconciled_at {
        Some(s) => when(s, "reconciled_at").map_err(|e| late = Some(e)).ok(),
        None => None,
    };
    let cutoff_at = match &manifest.cutoff_at {
        Some(s) => when(s, "cutoff_at")
            .map_err(|e| late = late.clone().or(Some(e)))
            .ok(),
        None => Some(default_cutoff(&manifest.generated_at, date, zone)),
    };
    // What no row carries: a cell the figures can read, or a refusal.
    let counts_without_job = match &manifest.counts_without_job {
        Some(s) => match crate::domain::ledger::parse_counts_cell(s) {
            Ok(_) => Some(s.clone()),
            Err(why) => {
                late = late.or(Some(format!("manifest counts_without_job: {why}")));
                None
            }
        },
        None => None,
    };
    let history = serde_json::to_string(&manifest.history).unwrap_or_else(|_| "[]".into());
    Ok(Manifested {
        offset,
        meta: ReportMeta {
            branch: branch.to_string(),
            date: date.to_string(),
            generation: i64::from(manifest.generation),
            generated_at,
            first_generated_at: first,
            history,
            rows: manifest.rows as i64,
            sha256: manifest.sha256,
            source: path.display().to_string(),
            imported_at: now,
            reconciled_at,
            cutoff_at,
            counts_without_job,
        },
        public_key,
        times,
        audit_head,
        required,
        late,
    })
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
    meta: &ReportMeta,
    existing: Option<&ReportMeta>,
    held_now: Vec<trust::HeldGeneration>,
    times: &[Ts],
    offset: FixedOffset,
) -> Option<String> {
    let local = |t: &Ts| t.with_timezone(&offset).to_rfc3339();
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
    for g in held_now {
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
                    local(t)
                )
            };
            return Some(format!(
                "generation {} of {} {} contradicts what the center holds: {whose}, \
                 the center holds generation {generation} of {} (a branch restored from an \
                 older backup exports into the folder the center reads, where its next report \
                 numbers on after the one already there)",
                meta.generation,
                meta.branch,
                meta.date,
                local(h)
            ));
        }
    }
    None
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

/// The branch's own offset, which its report is read in: the offset of
/// the manifest's `cutoff_at`, else (schema 1, or a cut-off that does not
/// read, told later) of its `generated_at`. A `generated_at` written in
/// another offset neither moves the report to another day nor its day's
/// bounds.
fn branch_offset(m: &Manifest) -> std::result::Result<FixedOffset, String> {
    match m
        .cutoff_at
        .as_deref()
        .map(|c| manifest_time(c, "cutoff_at"))
    {
        Some(Ok(cutoff)) => Ok(*cutoff.offset()),
        _ => Ok(*manifest_time(&m.generated_at, "generated_at")?.offset()),
    }
}

/// A cut-off that reads must fall on the report's day (in its own offset).
fn cutoff_on_day(m: &Manifest, date: NaiveDate) -> std::result::Result<(), String> {
    match m
        .cutoff_at
        .as_deref()
        .map(|c| (c, manifest_time(c, "cutoff_at")))
    {
        Some((c, Ok(cutoff))) if cutoff.date_naive() != date => Err(format!(
            "manifest cutoff_at {c} is not on the report's day {date}"
        )),
        _ => Ok(()),
    }
}

/// The time checks of a manifest: nothing in the future, the history
/// strictly before `generated_at` and in order, nothing before the start
/// of the report's day in the branch's offset. Returns every generation's
/// time, oldest first.
fn check_times(
    m: &Manifest,
    date: NaiveDate,
    offset: FixedOffset,
    now: Ts,
) -> std::result::Result<Vec<Ts>, String> {
    let generated = manifest_time(&m.generated_at, "generated_at")?;
    let limit = now + chrono::Duration::seconds(CLOCK_SLACK_SECS);
    // The day begins at midnight in the branch's own offset.
    let day_start = date
        .and_time(chrono::NaiveTime::MIN)
        .and_local_timezone(offset)
        .single()
        .map(|t| t.to_utc())
        .ok_or_else(|| format!("the report's date {date} has no midnight"))?;
    if day_start > limit {
        return Err(format!(
            "the report is dated {date}, a day that has not begun (now is {})",
            now.with_timezone(&offset).to_rfc3339()
        ));
    }
    if generated.to_utc() > limit {
        return Err(format!(
            "generated_at {} is in the future (now is {}): refused",
            m.generated_at,
            now.with_timezone(&offset).to_rfc3339()
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
    use crate::io::export::{csv_bytes, sha256_hex};
    use crate::store::center::ReportRow;

    /// Columns the import reads as codes, numbers or times; every other
    /// column is free text and comes back exactly as the branch wrote it.
    const TYPED: &[&str] = &[
        "report_date",
        "branch",
        "status",
        "outcome",
        "callback_kind",
        "callback_due",
        "onsite_due",
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
        "counts",
        "pending_callbacks",
        // Checked by `report::refused_cell`.
        "warranty",
        "callback_attempts",
        "loaner_return_due",
        "resolutions",
        "card_satisfaction",
        "card_quality",
        "card_attitude",
        "callback_attitude",
        "callback_quality",
        "callback_solved",
        "followup_due",
        "followup_result",
        "case_kinds",
        "voice",
    ];

    /// Writes `body` as QD01's report of 2026-11-23 with a manifest that
    /// matches it, and checks it.
    fn check(
        dir: &Path,
        body: &[u8],
        rows: usize,
    ) -> std::result::Result<Vec<ReportRow>, Vec<String>> {
        check_schema(dir, body, rows, report::SCHEMA).map(|(_, rows)| rows)
    }

    fn check_schema(
        dir: &Path,
        body: &[u8],
        rows: usize,
        schema: u32,
    ) -> std::result::Result<(ReportMeta, Vec<ReportRow>), Vec<String>> {
        check_stored(dir, body, rows, schema).map(|(meta, rows, _)| (meta, rows))
    }

    /// Each stored column of each row.
    type Stored = Vec<Vec<(&'static str, Option<String>)>>;

    /// [`check_schema`], with each stored column of each row.
    fn check_stored(
        dir: &Path,
        body: &[u8],
        rows: usize,
        schema: u32,
    ) -> std::result::Result<(ReportMeta, Vec<ReportRow>, Stored), Vec<String>> {
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
            counts_without_job: None,
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
        let _ = path;
        let mut center = Center::new(crate::store::Store::open_in_memory().unwrap(), "c").unwrap();
        center.zone = zone();
        let run = center
            .import_dir(dir.parent().unwrap(), t("2026-11-23 09:05"))
            .unwrap();
        match &run.files[0].result {
            FileResult::Rejected(why) => Err(why.clone()),
            _ => {
                let c = center.store.conn();
                let rows = st::rows_of(c, "QD01", "2026-11-23").unwrap();
                let stored = rows
                    .iter()
                    .map(|r| {
                        crate::store::testing::report_row_columns(
                            c,
                            "QD01",
                            "2026-11-23",
                            &r.job_no,
                        )
                    })
                    .collect();
                Ok((
                    st::report(c, "QD01", "2026-11-23").unwrap().unwrap(),
                    rows,
                    stored,
                ))
            }
        }
    }

    /// Every column a report of `schema` may have, in order.
    fn carried_by(schema: u32) -> Vec<&'static str> {
        report::COLUMNS
            .iter()
            .filter(|c| c.carried_by(schema))
            .map(|c| c.name)
            .collect()
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
        let v1 = report::required_of(1);
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
        let body = csv_bytes(report::NAMES, &[row_of(report::NAMES, "J1")]).unwrap();
        let (_, rows) = check_schema(dir.path(), &body, 1, 2).unwrap();
        assert_eq!(rows[0].touched, Some(false));
        assert_eq!(rows[0].open_items, ["card_awaiting", "not_home"]);
        // An unknown code is refused with its line and column.
        let mut bad = row_of(report::NAMES, "J1");
        let i = report::NAMES
            .iter()
            .position(|c| *c == "open_items")
            .unwrap();
        bad[i] = "lost_somewhere".into();
        let body = csv_bytes(report::NAMES, &[bad]).unwrap();
        let err = check_schema(dir.path(), &body, 1, 2).unwrap_err();
        assert!(
            err.iter().any(|e| e.starts_with("2: open_items:")),
            "{err:?}"
        );
    }

    #[test]
    fn a_report_of_schema_2_imports_without_counts_and_schema_3_needs_them_well_formed() {
        let v2 = carried_by(2);
        let body = csv_bytes(&v2, &[row_of(&v2, "J1")]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (_, rows) = check_schema(dir.path(), &body, 1, 2).unwrap();
        assert_eq!(rows[0].counts, None);
        // Its figures: what its codes say.
        let f = crate::center::figures_of_rows(&rows);
        assert_eq!((f["cards_awaiting_signature"], f["open_jobs"]), (1, 1));
        let err = check_schema(dir.path(), &body, 1, 3).unwrap_err();
        assert!(err.iter().any(|e| e.contains("counts")), "{err:?}");
        let at = report::NAMES.iter().position(|c| *c == "counts").unwrap();
        let mut row = row_of(report::NAMES, "J1");
        row[at] = "cards_awaiting_signature:1;open_jobs:1;today_jobs:1".into();
        let body = csv_bytes(report::NAMES, &[row.clone()]).unwrap();
        let (_, rows) = check_schema(dir.path(), &body, 1, 3).unwrap();
        let f = crate::center::figures_of_rows(&rows);
        assert_eq!(
            (f["today_jobs"], f["open_jobs"], f["callbacks_pending"]),
            (1, 1, 0)
        );
        for bad in [
            "today_jobs",
            "today_jobs:x",
            "today_jobs:0",
            "nonsense:1",
            "today_jobs:1;today_jobs:2",
        ] {
            row[at] = bad.into();
            let body = csv_bytes(report::NAMES, &[row.clone()]).unwrap();
            let err = check_schema(dir.path(), &body, 1, 3).unwrap_err();
            assert!(
                err.iter().any(|e| e.starts_with("2: counts:")),
                "{bad}: {err:?}"
            );
        }
    }

    /// A report of every schema a branchdesk ever sent imports, in each
    /// shape its builds wrote: with only the columns every report of it
    /// has (the builds before a column came within the schema: schema 2
    /// without `onsite_due`, schema 3 with only `counts` and
    /// `pending_callbacks`), with every column it came to have, and with
    /// any one of those later columns missing. The same columns under the
    /// next schema lack what it requires.
    #[test]
    fn a_report_of_every_schema_sent_imports_in_every_shape_it_had() {
        let dir = tempfile::tempdir().unwrap();
        let value = |c: &str| match c {
            "onsite_due" => "2026-11-23T10:00:00+08:00",
            "counts" => "cards_awaiting_signature:1;open_jobs:1",
            "case_kinds" => "fee_waiver",
            "voice" => "{}",
            _ => "",
        };
        let report = |columns: &[&str]| {
            let mut row = row_of(columns, "J1");
            for (cell, c) in row.iter_mut().zip(columns) {
                if cell.is_empty() {
                    *cell = value(c).to_string();
                }
            }
            csv_bytes(columns, &[row]).unwrap()
        };
        for schema in 1..=report::SCHEMA {
            let fewest = report::required_of(schema);
            let most = carried_by(schema);
            let mut shapes = vec![fewest.clone(), most.clone()];
            for later in most.iter().filter(|c| !fewest.contains(c)) {
                shapes.push(most.iter().copied().filter(|c| c != later).collect());
            }
            for shape in &shapes {
                let (_, rows, stored) = check_stored(dir.path(), &report(shape), 1, schema)
                    .unwrap_or_else(|e| panic!("schema {schema} {shape:?}: {e:?}"));
                // Every cell kept: a cell kept as written is there exactly
                // when the report's header has its column.
                let mut kept: Vec<&str> = stored[0]
                    .iter()
                    .filter(|(c, v)| {
                        let column = report::column(c).unwrap();
                        v.is_some() || st::stored(column) != st::Stored::Text
                    })
                    .map(|(c, _)| *c)
                    .collect();
                let mut sent: Vec<&str> = shape
                    .iter()
                    .copied()
                    .chain(
                        report::COLUMNS
                            .iter()
                            .filter(|c| st::stored(c) != st::Stored::Text)
                            .map(|c| c.name),
                    )
                    .collect();
                kept.sort_unstable();
                sent.sort_unstable();
                sent.dedup();
                assert_eq!(kept, sent, "schema {schema}: every cell kept");
                let with = |c: &str| shape.contains(&c);
                assert_eq!(rows[0].touched, with("touched").then_some(false));
                assert_eq!(rows[0].counts.is_some(), with("counts"), "{shape:?}");
            }
            assert_eq!(
                shapes[0].len() < shapes[1].len(),
                schema == 2 || schema == 3
            );
            if schema < report::SCHEMA {
                let missing: Vec<&str> = report::required_of(schema + 1)
                    .into_iter()
                    .filter(|c| !fewest.contains(c))
                    .collect();
                let err = check_schema(dir.path(), &report(&fewest), 1, schema + 1).unwrap_err();
                assert!(
                    err.iter().any(|e| missing.iter().any(|c| e.contains(c))),
                    "schema {}: {err:?}",
                    schema + 1
                );
            }
        }
        let err = check_schema(dir.path(), &report(report::NAMES), 1, report::SCHEMA + 1);
        assert!(
            err.unwrap_err()[0].contains("is not one this branchdesk reads"),
            "a schema from a newer build"
        );
    }

    #[test]
    fn a_report_of_no_rows_is_valid() {
        let body = csv_bytes(report::NAMES, &[]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (meta, rows) = check_schema(dir.path(), &body, 0, report::SCHEMA).unwrap();
        assert!(rows.is_empty());
        assert_eq!(meta.rows, 0);
        // Still checked against its manifest.
        let err = check_schema(dir.path(), &body, 1, report::SCHEMA).unwrap_err();
        assert!(err.iter().any(|e| e.contains("1 rows")), "{err:?}");
    }

    #[test]
    fn every_formula_lead_in_every_text_column_comes_back_exactly() {
        // A carriage return is a control character refused in any field,
        // tab and line feed in identifiers (job numbers, engineers).
        let leads = ["=", "+", "-", "@", "\t", "\n", "'"];
        let id_lead = |lead: &'static str| if lead.trim().is_empty() { "" } else { lead };
        let free: Vec<&str> = report::NAMES
            .iter()
            .copied()
            .filter(|c| !TYPED.contains(c))
            .collect();
        assert!(free.len() >= 10, "{free:?}");
        let mut rows = Vec::new();
        for (i, lead) in leads.iter().enumerate() {
            let row: Vec<String> = report::NAMES
                .iter()
                .map(|c| match *c {
                    "report_date" => "2026-11-23".to_string(),
                    "branch" => "QD01".to_string(),
                    "job_no" => format!("{}J{i}", id_lead(lead)),
                    "engineer" => format!("{}engineer 张三", id_lead(lead)),
                    c if free.contains(&c) => format!("{lead}{c} 张三"),
                    _ => String::new(),
                })
                .collect();
            rows.push(row);
        }
        let bytes = csv_bytes(report::NAMES, &rows).unwrap();
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
        let (_, back, stored) = check_stored(dir.path(), &bytes, rows.len(), report::SCHEMA)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(back.len(), leads.len());
        for ((row, lead), stored) in back.iter().zip(leads).zip(stored) {
            let cells: std::collections::HashMap<&str, String> = stored
                .into_iter()
                .filter_map(|(c, v)| Some((c, v?)))
                .collect();
            assert_eq!(row.job_no, cells["job_no"]);
            assert!(row.job_no.starts_with(id_lead(lead)), "{:?}", row.job_no);
            for c in &free {
                if *c == "engineer" {
                    assert_eq!(cells[*c], format!("{}engineer 张三", id_lead(lead)));
                } else if *c != "job_no" {
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
        let mut row: Vec<String> = report::NAMES.iter().map(|_| String::new()).collect();
        row[0] = "2026-11-23".into();
        row[1] = "QD01".into();
        row[2] = "J1".into();
        let status = report::NAMES.iter().position(|c| *c == "status").unwrap();
        row[status] = "finished".into();
        let err = write(&csv_bytes(report::NAMES, &[row]).unwrap());
        assert!(err.iter().any(|e| e.starts_with("2: status:")), "{err:?}");
    }

    /// A report whose cells cannot be what an export wrote (made or edited
    /// by hand and signed again) is refused with each one's line and
    /// column: codes out of their lists, times that cannot have happened,
    /// a negative count, a `voice` cell that is not one.
    #[test]
    fn a_report_with_a_malformed_cell_in_any_column_is_refused_with_its_column() {
        let dir = tempfile::tempdir().unwrap();
        for (column, value) in [
            ("warranty", "maybe"),
            ("followup_due", "2026-11-31T12:59:00+08:00"),
            ("followup_due", "garbage"),
            ("onsite_due", "2100-01-01T00:00:00+08:00"),
            ("callback_due", "1999-12-31T09:00:00+08:00"),
            ("loaner_return_due", "2026-13-01"),
            ("loaner_return_due", "2100-01-01"),
            ("card_satisfaction", "bogus"),
            ("card_quality", "great"),
            ("callback_solved", "maybe"),
            ("followup_result", "fine"),
            ("case_kinds", "damage;bogus"),
            ("resolutions", "card_missing:fired"),
            ("callback_attempts", "-3"),
            ("voice", "{not json"),
        ] {
            let mut row = row_of(report::NAMES, "J1");
            let at = report::NAMES.iter().position(|c| *c == column).unwrap();
            row[at] = value.into();
            let err = check(dir.path(), &csv_bytes(report::NAMES, &[row]).unwrap(), 1)
                .expect_err(&format!("{column} = {value:?} was taken"));
            assert!(
                err.iter().any(|e| e.starts_with(&format!("2: {column}: "))),
                "{column} = {value:?}: {err:?}"
            );
        }
        // What an export writes is taken.
        let mut row = row_of(report::NAMES, "J1");
        for (column, value) in [
            ("warranty", "in"),
            ("followup_due", "2026-11-24T10:00:00+08:00"),
            ("loaner_return_due", "2026-11-25"),
            ("card_satisfaction", "satisfied"),
            ("card_quality", "neutral"),
            ("callback_solved", "yes"),
            ("case_kinds", "damage;fee_waiver"),
            ("resolutions", "card_missing:penalty"),
            ("callback_attempts", "2"),
        ] {
            let at = report::NAMES.iter().position(|c| *c == column).unwrap();
            row[at] = value.into();
        }
        check(dir.path(), &csv_bytes(report::NAMES, &[row]).unwrap(), 1)
            .unwrap_or_else(|e| panic!("{e:?}"));
    }

    /// Branches of demo jobs, each exported with its own key at `at`.
    struct Branches {
        keys: crate::io::keys::KeyRing,
        desks: Vec<crate::desk::Desk>,
    }

    #[test]
    fn a_row_with_more_fields_than_its_header_is_refused_without_holding_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut body = csv_bytes(report::NAMES, &[row_of(report::NAMES, "J1")]).unwrap();
        // A second row: the job and then four million empty fields.
        let mut second = csv_bytes(report::NAMES, &[row_of(report::NAMES, "J2")]).unwrap();
        let cut = second.iter().position(|&b| b == b'\n').unwrap() + 1;
        second.drain(..cut);
        second.truncate(second.len() - 2);
        second.extend(std::iter::repeat_n(b',', 4_000_000));
        second.extend(b"\r\n");
        body.extend(second);
        let started = std::time::Instant::now();
        let err = check(dir.path(), &body, 2).unwrap_err();
        assert!(
            err.iter()
                .any(|e| e.starts_with("3: record: ") && e.contains("more fields than the header")),
            "{err:?}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        // An extra field of nothing is no blank row either.
        let mut body = csv_bytes(report::NAMES, &[row_of(report::NAMES, "J1")]).unwrap();
        // One more field than the header: as many commas as columns.
        body.extend(",".repeat(report::NAMES.len()).as_bytes());
        body.extend(b"\r\n");
        let err = check(dir.path(), &body, 1).unwrap_err();
        assert!(err.iter().any(|e| e.starts_with("3: record: ")), "{err:?}");
    }

    #[test]
    fn a_manifest_with_a_repeated_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let body = csv_bytes(report::NAMES, &[row_of(report::NAMES, "J1")]).unwrap();
        check(dir.path(), &body, 1).unwrap();
        // The same signed manifest with `rows` said twice: the signature
        // covers the value a reader keeping the last one would see.
        let m = dir.path().join("QD01/QD01_2026-11-23.manifest.json");
        let text = std::fs::read_to_string(&m).unwrap();
        let twice = text.replacen("{", "{\"rows\":99,", 1);
        std::fs::write(&m, twice).unwrap();
        let mut center = Center::new(crate::store::Store::open_in_memory().unwrap(), "c").unwrap();
        center.zone = zone();
        let run = center
            .import_dir(dir.path(), t("2026-11-23 09:05"))
            .unwrap();
        match &run.files[0].result {
            FileResult::Rejected(why) => assert!(
                why.iter().any(|w| w.contains("\"rows\" appears twice")),
                "{why:?}"
            ),
            other => panic!("accepted: {other:?}"),
        }
    }

    fn branches(dir: &Path, codes: &[&str], jobs: usize, at: Ts) -> Branches {
        let keys = crate::io::keys::KeyRing::memory();
        let mut desks = Vec::new();
        for (i, code) in codes.iter().enumerate() {
            let mut d = crate::desk::Desk::new(crate::store::Store::open_in_memory().unwrap(), "b")
                .unwrap();
            d.zone = zone();
            d.keys = keys.clone();
            let opts = crate::demo::DemoOptions {
                jobs,
                days: 3,
                seed: 40 + i as u64,
                backlog: 0,
            };
            crate::demo::fill_branch(&mut d, &opts, code, at).unwrap();
            d.export_daily(dir, at.date_naive(), at).unwrap();
            desks.push(d);
        }
        Branches { keys, desks }
    }

    fn report_path(dir: &Path, code: &str) -> PathBuf {
        dir.join(code).join(format!("{code}_2026-11-23.csv"))
    }

    /// Rewrites a report's CSV with `edit` and signs its manifest again
    /// with the branch's own key (the file is whole and truly signed, only
    /// its content is wrong).
    fn rewrite(
        keys: &crate::io::keys::KeyRing,
        dir: &Path,
        code: &str,
        edit: impl Fn(&mut Vec<u8>),
    ) {
        let csv = report_path(dir, code);
        let mut bytes = std::fs::read(&csv).unwrap();
        edit(&mut bytes);
        std::fs::write(&csv, &bytes).unwrap();
        let mpath = csv.with_file_name(format!("{code}_2026-11-23.manifest.json"));
        let mut m: Manifest = serde_json::from_slice(&std::fs::read(&mpath).unwrap()).unwrap();
        m.sha256 = sha256_hex(&bytes);
        let mut v = serde_json::to_value(&m).unwrap();
        signing::sign(&mut v, &keys.get_or_create(code).unwrap().key);
        std::fs::write(&mpath, serde_json::to_vec(&v).unwrap()).unwrap();
    }

    /// Everything the center holds of a branch, as text.
    fn held(c: &rusqlite::Connection, code: &str) -> String {
        let mut out = String::new();
        for sql in [
            "SELECT code || '|' || public_key FROM center_branches WHERE code = ?1",
            "SELECT branch || report_date || generation || sha256 || rows FROM center_reports WHERE branch = ?1",
            "SELECT job_no || line || engineer || customer || phone || open_items || counts
             FROM center_report_rows WHERE branch = ?1 ORDER BY rowid",
            "SELECT report_date || generation FROM center_generations WHERE branch = ?1",
            "SELECT summary FROM audit_log WHERE summary LIKE ?1 || ' %'",
        ] {
            let mut st = c.prepare(sql).unwrap();
            let rows = st.query_map([code], |r| r.get::<_, String>(0)).unwrap();
            for r in rows {
                out += &r.unwrap();
                out.push('\n');
            }
        }
        out
    }

    fn center() -> Center {
        let mut c = Center::new(crate::store::Store::open_in_memory().unwrap(), "c").unwrap();
        c.zone = zone();
        c
    }

    fn intact(c: &Center) {
        let v = crate::store::audit::verify(c.store.conn()).unwrap();
        assert!(v.is_intact(), "{v:?}");
    }

    /// The last data row's `status` made a code that is none.
    fn bad_last_status(bytes: &mut Vec<u8>) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
        let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(',').collect();
        let at = header.iter().position(|c| *c == "status").unwrap();
        let mut last: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(lines[lines.len() - 1].as_bytes())
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        last[at] = "finished".into();
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        w.write_record(&last).unwrap();
        let mut out = lines[..lines.len() - 1].join("\r\n").into_bytes();
        out.extend_from_slice(b"\r\n");
        out.extend(w.into_inner().unwrap());
        *bytes = out;
    }

    #[test]
    fn in_one_batch_a_report_bad_at_its_last_row_is_rolled_back_alone() {
        let dir = tempfile::tempdir().unwrap();
        let at = t("2026-11-23 09:00");
        let codes = ["QD-A", "QD-B", "QD-C", "QD-D"];
        let b = branches(dir.path(), &codes, 60, at);
        // QD-D first imports whole (generation 1, in parts of the trail).
        let mut c = center();
        let only_d = tempfile::tempdir().unwrap();
        let d_dir = only_d.path().join("QD-D");
        std::fs::create_dir_all(&d_dir).unwrap();
        for ext in ["csv", "manifest.json"] {
            std::fs::copy(
                dir.path()
                    .join("QD-D")
                    .join(format!("QD-D_2026-11-23.{ext}")),
                d_dir.join(format!("QD-D_2026-11-23.{ext}")),
            )
            .unwrap();
        }
        let run = c.import_dir(only_d.path(), t("2026-11-23 09:05")).unwrap();
        assert_eq!(run.imported(), 1, "{:?}", run.files);
        let d_before = held(c.store.conn(), "QD-D");
        assert!(d_before.contains("rows up to line"), "{d_before}");
        // Then QD-D's generation 2 and a new QD-B, both whole and signed,
        // bad at their last row: found after their rows went in.
        let mut desks = b.desks;
        desks[3]
            .export_daily(dir.path(), at.date_naive(), t("2026-11-23 09:30"))
            .unwrap();
        rewrite(&b.keys, dir.path(), "QD-D", bad_last_status);
        rewrite(&b.keys, dir.path(), "QD-B", bad_last_status);
        let run = c.import_dir(dir.path(), t("2026-11-23 09:35")).unwrap();
        let by: std::collections::BTreeMap<&str, &FileResult> = run
            .files
            .iter()
            .map(|f| (f.branch.as_str(), &f.result))
            .collect();
        assert!(matches!(by["QD-A"], FileResult::Imported { .. }), "{by:?}");
        assert!(matches!(by["QD-C"], FileResult::Imported { .. }), "{by:?}");
        for code in ["QD-B", "QD-D"] {
            let FileResult::Rejected(why) = by[code] else {
                panic!("{code}: {by:?}")
            };
            assert!(
                why.iter().any(|w| w.contains(": status: ")),
                "{code}: {why:?}"
            );
        }
        assert_eq!((run.imported(), run.rejected()), (2, 2));
        let conn = c.store.conn();
        // Nothing of the new QD-B: no branch, key, report, row, generation
        // or trail entry.
        assert_eq!(held(conn, "QD-B"), "");
        // QD-D exactly as before: generation 1, its rows, its entries.
        assert_eq!(held(conn, "QD-D"), d_before);
        assert!(held(conn, "QD-A").contains("QD-A2026-11-231"));
        intact(&c);
        // Importing again: the good ones unchanged, the bad ones refused
        // again, nothing else changes.
        let again = c.import_dir(dir.path(), t("2026-11-23 09:40")).unwrap();
        assert_eq!((again.imported(), again.rejected()), (0, 2));
        intact(&c);
        // A sound generation 3 replaces generation 1 (its rows removed in
        // parts of the trail), and the trail still holds.
        let e = desks[3]
            .export_daily(dir.path(), at.date_naive(), t("2026-11-23 09:45"))
            .unwrap();
        let run = c.import_dir(dir.path(), t("2026-11-23 09:50")).unwrap();
        let d = run.files.iter().find(|f| f.branch == "QD-D").unwrap();
        assert_eq!(
            d.result,
            FileResult::Imported {
                generation: 3,
                rows: e.rows,
                replaced: Some(1)
            }
        );
        let now_d = held(c.store.conn(), "QD-D");
        assert!(
            now_d.contains("rows of generation 1 removed so far"),
            "{now_d}"
        );
        let n: i64 = c
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM center_report_rows WHERE branch = 'QD-D'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, e.rows as i64);
        intact(&c);
    }

    #[test]
    fn a_report_cut_inside_a_quoted_field_or_with_a_job_twice_is_refused_with_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let at = t("2026-11-23 09:00");
        let b = branches(dir.path(), &["QD-A", "QD-B", "QD-C"], 30, at);
        // Cut short inside a quoted field, and signed as such.
        rewrite(&b.keys, dir.path(), "QD-A", |bytes| {
            bytes.extend_from_slice("2026-11-23,QD-A,\"J-cut".as_bytes());
        });
        // The last row's job again.
        rewrite(&b.keys, dir.path(), "QD-B", |bytes| {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let last = text.trim_end().rsplit("\r\n").next().unwrap().to_string();
            bytes.extend_from_slice(last.as_bytes());
            bytes.extend_from_slice(b"\r\n");
        });
        let mut c = center();
        let run = c.import_dir(dir.path(), t("2026-11-23 09:05")).unwrap();
        let why = |code: &str| match &run.files.iter().find(|f| f.branch == code).unwrap().result {
            FileResult::Rejected(w) => w.clone(),
            other => panic!("{code}: {other:?}"),
        };
        let a = why("QD-A");
        assert_eq!(a.len(), 1, "{a:?}");
        assert!(a[0].contains("ends inside a quoted field"), "{a:?}");
        let rows_b = std::fs::read_to_string(report_path(dir.path(), "QD-B"))
            .unwrap()
            .trim_end()
            .split("\r\n")
            .count();
        let bb = why("QD-B");
        assert!(
            bb.iter()
                .any(|w| w.starts_with(&format!("{rows_b}: job_no: "))
                    && w.ends_with("appears twice")),
            "{bb:?}"
        );
        // The manifest's count is told first.
        assert!(bb[0].starts_with("the manifest says"), "{bb:?}");
        assert_eq!(run.imported(), 1);
        assert_eq!(held(c.store.conn(), "QD-A"), "");
        assert_eq!(held(c.store.conn(), "QD-B"), "");
        intact(&c);
    }

    #[test]
    fn an_over_size_report_is_refused_unread_with_its_name_and_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let b = branches(dir.path(), &["QD-A", "QD-B"], 20, t("2026-11-23 09:00"));
        let _ = b;
        // As large as the bound allows and one byte more (sparse: nothing
        // is written, and nothing must be read).
        let big = report_path(dir.path(), "QD-A");
        std::fs::OpenOptions::new()
            .write(true)
            .open(&big)
            .unwrap()
            .set_len(MAX_REPORT_BYTES + 1)
            .unwrap();
        let mut c = center();
        let run = c.import_dir(dir.path(), t("2026-11-23 09:05")).unwrap();
        let f = run.files.iter().find(|f| f.branch == "QD-A").unwrap();
        let FileResult::Rejected(why) = &f.result else {
            panic!("{:?}", f.result)
        };
        assert_eq!(why.len(), 1, "{why:?}");
        assert!(why[0].starts_with("QD-A_2026-11-23.csv: "), "{why:?}");
        assert!(
            why[0].contains(&format!("{} bytes", MAX_REPORT_BYTES + 1)),
            "{why:?}"
        );
        assert!(why[0].contains("256 MiB"), "{why:?}");
        assert!(why[0].contains("refused, not read"), "{why:?}");
        assert_eq!(run.imported(), 1);
        assert_eq!(held(c.store.conn(), "QD-A"), "");
    }

    /// The rows as the import made them before it streamed: the file read
    /// whole, each row's cells a JSON map (serde_json's), its codes joined.
    #[test]
    fn streamed_rows_are_stored_as_the_whole_file_gave_them() {
        let dir = tempfile::tempdir().unwrap();
        let at = t("2026-11-23 16:00");
        let codes = ["QD-A", "QD-B", "QD-C"];
        let _b = branches(dir.path(), &codes, 80, at);
        let mut c = center();
        let run = c.import_dir(dir.path(), t("2026-11-23 16:05")).unwrap();
        assert_eq!(run.imported(), 3, "{:?}", run.files);
        let mut compared = 0;
        for code in codes {
            let bytes = std::fs::read(report_path(dir.path(), code)).unwrap();
            let table = crate::io::table::read_table_may_be_empty(&bytes, report::NAMES).unwrap();
            let stored = st::rows_of(c.store.conn(), code, "2026-11-23").unwrap();
            assert_eq!(stored.len(), table.rows.len());
            for (row, got) in table.rows.iter().zip(&stored) {
                let cell = |k: &str| restore_cell(table.get_raw(row, k)).to_string();
                let list = |k: &str| -> Vec<String> {
                    cell(k)
                        .split(';')
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                };
                let want = ReportRow {
                    line: row.line as i64,
                    job_no: cell("job_no"),
                    engineer: cell("engineer"),
                    outcome: cell("outcome"),
                    card_state: cell("card_state"),
                    facts: crate::domain::center::ReportRowFacts {
                        status: cell("status"),
                        callback_kind: cell("callback_kind"),
                        callback_result: cell("callback_result"),
                        callback_overdue: cell("callback_overdue") == "yes",
                        discrepancies_open: list("discrepancies_open"),
                        invoice_owed: cell("invoice_owed") == "yes",
                        late_minutes: cell("late_minutes").parse().ok(),
                        loaner_overdue: cell("loaner_overdue") == "yes",
                    },
                    callback_due: match cell("callback_due") {
                        v if v.is_empty() => None,
                        v => Some(parse_instant(&v, &zone()).unwrap()),
                    },
                    touched: Some(cell("touched") == "yes"),
                    open_items: list("open_items"),
                    counts: Some(cell("counts")),
                };
                assert_eq!(got, &want);
                compared += 1;
            }
        }
        assert!(compared > 100, "{compared}");
    }

    /// A center made by version 17 (every cell in one JSON object) upgrades
    /// in place: each row's columns are what an import into the new schema
    /// stores, the figures the same, and the trail intact, the rows the
    /// upgrade rewrote recorded.
    #[test]
    fn a_center_of_schema_17_upgrades_to_columns_losing_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let reports = dir.path().join("reports");
        let codes = ["QD-A", "QD-B"];
        let _b = branches(&reports, &codes, 40, t("2026-11-23 16:00"));
        // A schema-2 report too: its later columns are not in its header.
        let v2 = carried_by(2);
        let old = dir.path().join("old");
        let body = csv_bytes(&v2, &[row_of(&v2, "J1")]).unwrap();
        check_schema(&old, &body, 1, 2).unwrap();
        let fresh_path = dir.path().join("fresh.db");
        let mut fresh = Center::new(crate::store::Store::open(&fresh_path).unwrap(), "c").unwrap();
        fresh.zone = zone();
        let run = fresh.import_dir(&reports, t("2026-11-23 16:05")).unwrap();
        assert_eq!(run.imported(), 2, "{:?}", run.files);
        let run = fresh.import_dir(&old, t("2026-11-23 16:06")).unwrap();
        assert_eq!(run.imported(), 1, "{:?}", run.files);
        // The cells as version 17 kept them: every column of the file's
        // header, restored, keys sorted (serde_json's map).
        let mut by_row = std::collections::HashMap::new();
        for (code, path) in [
            ("QD-A", report_path(&reports, "QD-A")),
            ("QD-B", report_path(&reports, "QD-B")),
            ("QD01", old.join("QD01/QD01_2026-11-23.csv")),
        ] {
            let bytes = std::fs::read(path).unwrap();
            let table = crate::io::table::read_table_may_be_empty(&bytes, &[]).unwrap();
            for row in &table.rows {
                let cells: serde_json::Map<String, serde_json::Value> = table
                    .column_names()
                    .iter()
                    .map(|k| {
                        let v = restore_cell(table.get_raw(row, k)).to_string();
                        (k.to_string(), serde_json::Value::String(v))
                    })
                    .collect();
                let job = restore_cell(table.get_raw(row, "job_no")).to_string();
                by_row.insert(
                    (code.to_string(), job),
                    serde_json::Value::Object(cells).to_string(),
                );
            }
        }
        let all = by_row.len();
        assert!(all > 50, "{all}");
        let path = dir.path().join("v17.db");
        crate::store::testing::center_at_17(&path, &fresh_path, move |b, _, j| {
            by_row[&(b.to_string(), j.to_string())].clone()
        });
        let mut upgraded = Center::new(crate::store::Store::open(&path).unwrap(), "c").unwrap();
        upgraded.zone = zone();
        intact(&upgraded);
        let log = crate::store::audit::log(upgraded.store.conn()).unwrap();
        assert!(
            log.last().unwrap().summary.starts_with("schema upgrade"),
            "{log:?}"
        );
        let (a, b) = (fresh.store.conn(), upgraded.store.conn());
        let mut compared = 0;
        for code in ["QD-A", "QD-B", "QD01"] {
            let rows = st::rows_of(a, code, "2026-11-23").unwrap();
            assert_eq!(rows, st::rows_of(b, code, "2026-11-23").unwrap());
            for r in &rows {
                let columns =
                    |c| crate::store::testing::report_row_columns(c, code, "2026-11-23", &r.job_no);
                assert_eq!(columns(a), columns(b), "{code} {}", r.job_no);
                compared += 1;
            }
        }
        assert_eq!(compared, all);
        // What the center shows of them is the same.
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let now = t("2026-11-23 18:30");
        assert_eq!(
            format!("{:?}", fresh.status(day, now).unwrap()),
            format!("{:?}", upgraded.status(day, now).unwrap())
        );
    }

    /// A write that fails half-way (here the database may not grow) ends
    /// the import with the error, the reader thread stopped, instead of
    /// waiting for it forever.
    #[test]
    fn a_write_that_fails_mid_import_ends_it_with_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let at = t("2026-11-23 09:00");
        let codes: Vec<String> = (0..12).map(|i| format!("QD-{i:02}")).collect();
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let _b = branches(dir.path(), &codes, 40, at);
        let path = dir.path().to_path_buf();
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut c = center();
            let pages: i64 = c
                .store
                .conn()
                .query_row("PRAGMA page_count", [], |r| r.get(0))
                .unwrap();
            c.store
                .conn()
                .execute_batch(&format!("PRAGMA max_page_count = {}", pages + 40))
                .unwrap();
            let _ = done.send(
                c.import_dir(&path, t("2026-11-23 10:05"))
                    .map(|r| r.imported()),
            );
        });
        let got = result
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the import did not end");
        let err = got.expect_err("the import went through a database that may not grow");
        assert!(err.to_string().contains("full"), "{err}");
    }
}
