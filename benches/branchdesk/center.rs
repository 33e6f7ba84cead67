//! (6) The center at scale: a center of 1,000 branches, each
//! sending one signed daily report of about 56 rows, made by the branches'
//! own demo and `export daily` (each branch in a private in-memory
//! database, signing with a key of its own that the center pins on first
//! sight, as `center --demo` does). Measured as whole processes: `center
//! import` of the 1,000 reports into a new center database against
//! `sqlite3 .import --csv` of the same rows into a plain table, then
//! `supervise` (text) and `center status --json` on that center; a center
//! of 50 branches over 30 days for `supervise --period 30d`; and `center
//! import` of one 51 MB report for the streaming memory figure.

use super::{
    Report, ZONE, branchdesk, median, ms, now, peak_line, remove_db, run_measured, sqlite3_run,
    verdict, whole,
};
use anyhow::{Context, Result, bail};
use branchdesk::demo::{DemoOptions, fill_branch};
use branchdesk::desk::Desk;
use branchdesk::desk::export::Manifest;
use branchdesk::domain::time::{Ts, Zone};
use branchdesk::io::keys::KeyRing;
use branchdesk::store::Store;
use chrono::{Duration, NaiveTime};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Branches of the large center, and jobs in each one's day.
pub const BRANCHES: usize = 1_000;
const JOBS_PER_BRANCH: usize = 56;
/// The center over a period: branches and days.
const PERIOD_BRANCHES: usize = 50;
const PERIOD_DAYS: u32 = 30;
/// The size of the one large report (bytes, at least).
const BIG_REPORT_BYTES: u64 = 51 * 1000 * 1000;
/// Written last into a reports folder: it is complete (a name beginning
/// with a dot, which `center import` passes over).
const COMPLETE: &str = ".complete";

fn code(i: usize) -> String {
    format!("W-{i:04}")
}

fn zone() -> Result<Zone> {
    Zone::parse(ZONE).map_err(anyhow::Error::msg)
}

/// One branch's demo desk in memory, signing with `keys`.
fn branch_desk(keys: &KeyRing) -> Result<Desk> {
    let mut desk = Desk::new(Store::open_in_memory()?, "bench")?;
    desk.zone = zone()?;
    desk.keys = keys.clone();
    Ok(desk)
}

/// Runs `f(i)` for every `i < n` on two threads (the machine's cores).
fn on_two_threads(n: usize, f: impl Fn(usize) -> Result<()> + Sync) -> Result<()> {
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = (0..2)
            .map(|t| s.spawn(move || (t..n).step_by(2).try_for_each(f)))
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().map_err(|_| anyhow::anyhow!("a thread panicked"))?)
    })
}

/// The 1,000 branches' reports of today: each branch's demo day as it
/// stood at its export, between 09:00 and 10:30 (a third after the 10:00
/// check: late), exported with the branch's own `export daily`.
fn make_day_reports(dir: &Path) -> Result<()> {
    let zone = zone()?;
    let today = now().date_naive();
    let keys = KeyRing::memory();
    on_two_threads(BRANCHES, |i| {
        let at = zone.at(
            today,
            NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
        ) + Duration::minutes((i * 7 % 90) as i64);
        let mut desk = branch_desk(&keys)?;
        let opts = DemoOptions {
            jobs: JOBS_PER_BRANCH,
            days: 1,
            seed: 1_000 + i as u64,
            backlog: 0,
        };
        fill_branch(&mut desk, &opts, &code(i), at)?;
        desk.export_daily(dir, today, at)?;
        Ok(())
    })
}

/// 50 branches over 30 days: each branch's 30 days of demo jobs, every
/// day's report exported at [`NOW`].
fn make_period_reports(dir: &Path) -> Result<()> {
    let today = now().date_naive();
    let at: Ts = now().to_utc();
    let keys = KeyRing::memory();
    on_two_threads(PERIOD_BRANCHES, |i| {
        let mut desk = branch_desk(&keys)?;
        let opts = DemoOptions {
            jobs: JOBS_PER_BRANCH * PERIOD_DAYS as usize,
            days: PERIOD_DAYS,
            seed: 5_000 + i as u64,
            backlog: 0,
        };
        fill_branch(&mut desk, &opts, &format!("P-{i:03}"), at)?;
        for d in (0..i64::from(PERIOD_DAYS)).rev() {
            desk.export_daily(dir, today - Duration::days(d), at)?;
        }
        Ok(())
    })
}

/// The report files (CSV) under a reports folder, sorted.
fn report_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for branch in std::fs::read_dir(dir)? {
        let branch = branch?.path();
        if !branch.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&branch)? {
            let f = f?.path();
            if f.extension().is_some_and(|e| e == "csv") {
                out.push(f);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Every report's rows in one CSV file (one header, no BOM): what
/// `sqlite3 .import` is given. Returns the number of rows.
fn concatenate(reports: &[PathBuf], out: &Path) -> Result<usize> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(std::io::BufWriter::new(std::fs::File::create(out)?));
    let mut rows = 0;
    for (n, path) in reports.iter().enumerate() {
        let bytes = std::fs::read(path)?;
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body);
        for (i, rec) in r.byte_records().enumerate() {
            let rec = rec?;
            if i == 0 && n > 0 {
                continue;
            }
            if i > 0 {
                rows += 1;
            }
            w.write_byte_record(&rec)?;
        }
    }
    w.flush()?;
    Ok(rows)
}

/// A report of one branch's huge day, at least [`BIG_REPORT_BYTES`]: the
/// rows of a real report (`template`) again and again, each copy with job
/// numbers of its own, under a manifest signed with the branch's key.
fn make_big_report(template: &Path, dir: &Path) -> Result<usize> {
    const BRANCH: &str = "BIG-1";
    let bytes = std::fs::read(template)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body);
    let mut records = r.records();
    let header = records.next().context("an empty template")??;
    let rows: Vec<csv::StringRecord> = records.collect::<Result<_, _>>()?;
    let col = |name: &str| header.iter().position(|c| c == name);
    let (job, branch) = (col("job_no"), col("branch"));
    let (of, revisits) = (col("revisit_of"), col("revisits"));
    let manifest_path = template.with_file_name(
        template
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .replace(".csv", ".manifest.json"),
    );
    let mut manifest: Manifest = serde_json::from_slice(&std::fs::read(&manifest_path)?)?;
    let folder = dir.join(BRANCH);
    std::fs::create_dir_all(&folder)?;
    let csv_path = folder.join(format!("{BRANCH}_{}.csv", manifest.date));
    let mut start = Vec::with_capacity(BIG_REPORT_BYTES as usize + (1 << 20));
    start.extend_from_slice(b"\xEF\xBB\xBF");
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(start);
    w.write_record(&header)?;
    let mut n = 0;
    let mut copy = 0;
    while (w.get_ref().len() as u64) < BIG_REPORT_BYTES {
        w.flush()?;
        let tag = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                format!("{s}-{copy:05}")
            }
        };
        for row in &rows {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, c)| match Some(i) {
                    i if i == job || i == of => tag(c),
                    i if i == revisits => c.split(';').map(tag).collect::<Vec<_>>().join(";"),
                    i if i == branch => BRANCH.to_string(),
                    _ => c.to_string(),
                })
                .collect();
            w.write_record(&cells)?;
            n += 1;
        }
        copy += 1;
    }
    let out = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::write(&csv_path, &out)?;
    manifest.branch = BRANCH.into();
    manifest.rows = n;
    manifest.sha256 = branchdesk::io::export::sha256_hex(&out);
    let mut value = serde_json::to_value(&manifest)?;
    let key = ed25519_dalek::SigningKey::from_bytes(&[16; 32]);
    branchdesk::domain::signing::sign(&mut value, &key);
    std::fs::write(
        csv_path.with_file_name(format!("{BRANCH}_{}.manifest.json", manifest.date)),
        serde_json::to_vec_pretty(&value)?,
    )?;
    Ok(n)
}

/// Makes a reports folder with `make` unless it is there, complete, and
/// not `fresh`.
fn reports_dir(
    r: &mut Report,
    dir: &Path,
    what: &str,
    fresh: bool,
    make: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    if dir.join(COMPLETE).is_file() && !fresh {
        r.note(format!(
            "{} kept from an earlier run (--fresh makes it again)",
            dir.display()
        ));
        return Ok(());
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let t = Instant::now();
    make(dir)?;
    std::fs::write(dir.join(COMPLETE), b"")?;
    r.add(
        format!("{what}: made"),
        format!("{:.1} s", t.elapsed().as_secs_f64()),
        "",
    );
    Ok(())
}

/// Rows a center database holds.
fn stored_rows(db: &Path) -> Result<i64> {
    let c = rusqlite::Connection::open(db)?;
    Ok(c.query_row("SELECT count(*) FROM center_report_rows", [], |r| r.get(0))?)
}

/// `center import DIR` into a new database, whole command: the median of
/// `runs` runs (with none, the time of the run measured for memory) and
/// the peak memory of one more; the database is left.
fn center_import(db: &Path, dir: &Path, runs: usize, timer: bool) -> Result<(f64, Option<u64>)> {
    let dir_s = dir.display().to_string();
    let import = || branchdesk(db, &["center", "import", &dir_s]);
    let mut times = Vec::new();
    for _ in 0..runs {
        remove_db(db);
        times.push(run_measured(import()?, false)?.0);
    }
    remove_db(db);
    let (secs, peak) = run_measured(import()?, timer)?;
    Ok((
        if times.is_empty() {
            secs
        } else {
            median(times)
        },
        peak,
    ))
}

pub(super) fn bench_center(
    r: &mut Report,
    dir: &Path,
    sqlite3: Option<&Path>,
    timer: bool,
    fresh: bool,
) -> Result<()> {
    let day_dir = dir.join("center_1000");
    reports_dir(
        r,
        &day_dir,
        &format!("{BRANCHES} branches' signed reports of one day"),
        fresh,
        make_day_reports,
    )?;
    let reports = report_files(&day_dir)?;
    if reports.len() != BRANCHES {
        bail!(
            "{}: {} reports, expected {BRANCHES} (bench --fresh)",
            day_dir.display(),
            reports.len()
        );
    }
    let all_rows = dir.join("center_1000_rows.csv");
    let rows = concatenate(&reports, &all_rows)?;

    // center import of the 1,000 reports, whole, into a new database.
    let db = dir.join("center_1000.db");
    let (ours, peak) = center_import(&db, &day_dir, 3, timer)?;
    let stored = stored_rows(&db)?;
    if stored != rows as i64 {
        bail!("center import stored {stored} of {rows} rows");
    }
    r.add(
        format!("center import, {BRANCHES} reports ({rows} rows), whole, new database"),
        ms(ours),
        "",
    );
    peak_line(r, "center import (1,000 reports)", peak);
    if let Some(sqlite3) = sqlite3 {
        let header = {
            let bytes = std::fs::read(&reports[0])?;
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let line = body.split(|b| *b == b'\r' || *b == b'\n').next();
            String::from_utf8_lossy(line.unwrap_or_default()).into_owned()
        };
        let columns: Vec<String> = header.split(',').map(|c| format!("{c} TEXT")).collect();
        let schema = format!(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;\nCREATE TABLE report_rows ({});\n",
            columns.join(", ")
        );
        let lite_db = dir.join("center_1000_sqlite3.db");
        let mut lite = Vec::new();
        for _ in 0..3 {
            remove_db(&lite_db);
            lite.push(sqlite3_run(
                sqlite3,
                &lite_db,
                &format!(
                    "{schema}.output /dev/null\n.import --csv --skip 1 {} report_rows\n",
                    all_rows.display()
                ),
            )?);
        }
        remove_db(&lite_db);
        let lite = median(lite);
        r.add(
            "  sqlite3 .import of the same rows, plain table, whole process",
            ms(lite),
            "",
        );
        let ratio = ours / lite;
        r.add(
            "  ratio center import / sqlite3 .import, whole",
            format!("{ratio:.2}"),
            verdict(ratio <= 3.0, "≤ 3.0"),
        );
    }

    // supervise (text) and center status --json on that center.
    let (secs, peak) = whole(5, timer, || branchdesk(&db, &["supervise"]))?;
    r.add(
        format!("supervise (text), {BRANCHES} branches, one day, whole"),
        ms(secs),
        verdict(secs <= 1.0, "≤ 1 s"),
    );
    peak_line(r, "supervise, 1,000 branches", peak);
    let (secs, peak) = whole(5, timer, || {
        branchdesk(&db, &["center", "status", "--json"])
    })?;
    r.add(
        format!("center status --json, {BRANCHES} branches, whole"),
        ms(secs),
        verdict(secs <= 0.5, "≤ 0.5 s"),
    );
    peak_line(r, "center status --json, 1,000 branches", peak);

    // The same supervisor over a period: memory must not follow it.
    let period_dir = dir.join("center_30d");
    reports_dir(
        r,
        &period_dir,
        &format!("{PERIOD_BRANCHES} branches × {PERIOD_DAYS} days of reports"),
        fresh,
        make_period_reports,
    )?;
    let period_db = dir.join("center_30d.db");
    let (secs, _) = center_import(&period_db, &period_dir, 0, false)?;
    let period_rows = stored_rows(&period_db)?;
    r.add(
        format!(
            "center import, {} reports ({period_rows} rows), whole",
            PERIOD_BRANCHES * PERIOD_DAYS as usize
        ),
        ms(secs),
        "",
    );
    for period in ["today", "30d"] {
        let (secs, peak) = whole(3, timer, || {
            branchdesk(&period_db, &["supervise", "--period", period])
        })?;
        r.add(
            format!("supervise --period {period}, {PERIOD_BRANCHES} branches × {PERIOD_DAYS} days, whole"),
            ms(secs),
            "",
        );
        peak_line(
            r,
            &format!("supervise --period {period}, 30-day center"),
            peak,
        );
    }

    // One report of 51 MB: streamed, within the memory bound.
    let big_dir = dir.join("center_big");
    let template = reports[0].clone();
    reports_dir(r, &big_dir, "one 51 MB report", fresh, |d| {
        make_big_report(&template, d).map(drop)
    })?;
    let big = report_files(&big_dir)?;
    let size = big
        .first()
        .map(|p| std::fs::metadata(p).map(|m| m.len()))
        .transpose()?
        .unwrap_or(0);
    let big_db = dir.join("center_big.db");
    let (secs, peak) = center_import(&big_db, &big_dir, 0, timer)?;
    let big_rows = stored_rows(&big_db)?;
    remove_db(&big_db);
    r.add(
        format!(
            "center import, one report of {:.1} MB ({big_rows} rows), whole",
            size as f64 / 1e6
        ),
        ms(secs),
        "",
    );
    peak_line(r, "center import, one 51 MB report", peak);
    Ok(())
}
