//! `cargo bench --bench branchdesk`: the figures of `BENCHMARKS.md`,
//! measured side by side with the `sqlite3` command line on the same files.
//! It makes its databases (10,000 jobs, 1,000,000 jobs, and one with a
//! backlog of about 100,000 open items) in a folder (by default
//! `target/bench`), keeps them for the next run, and prints every figure,
//! ratio and target. Options after `--`: `--fresh` (make the databases
//! again), `--only 1,2,...` (only those sections, 1 to 6; the databases they
//! need are made when missing), `--center-only` (`--only 6`), `--dir DIR`.
//!
//! Times are the median of several runs, in process (what the command
//! computes, without starting the process, through the library); the whole
//! commands run the real program (`CARGO_BIN_EXE_branchdesk`, built by
//! `cargo bench` in release). `sqlite3` times are its whole run less its
//! start-up (the same run without the work). Peak memory is the maximum
//! resident set of each command as its own process, from `/usr/bin/time -v`.

use anyhow::{Context, Result, bail};
use branchdesk::demo::{DemoOptions, fill};
use branchdesk::desk::Desk;
use branchdesk::domain::time::{Ts, Zone};
use branchdesk::i18n::Lang;
use branchdesk::store::{Store, dashboard, settings};
use chrono::{DateTime, Duration, FixedOffset};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "branchdesk/center.rs"]
mod center;

/// The instant every figure is taken at (the databases are made for it).
const NOW: &str = "2026-11-23T14:00:00+08:00";
const ZONE: &str = "Asia/Shanghai";
const IMPORT_ROWS: usize = 100_000;

#[derive(Debug, Clone)]
struct BenchOptions {
    dir: PathBuf,
    /// Make the databases again even if they are there.
    fresh: bool,
    /// Only these sections (1 to 6); every one when empty.
    only: Vec<u8>,
}

impl BenchOptions {
    fn wants(&self, section: u8) -> bool {
        self.only.is_empty() || self.only.contains(&section)
    }
}

/// One line of the results: a figure, what it is compared with, the target.
struct Figure {
    what: String,
    value: String,
    verdict: String,
}

struct Report {
    figures: Vec<Figure>,
    notes: Vec<String>,
}

impl Report {
    fn add(
        &mut self,
        what: impl Into<String>,
        value: impl Into<String>,
        verdict: impl Into<String>,
    ) {
        let f = Figure {
            what: what.into(),
            value: value.into(),
            verdict: verdict.into(),
        };
        // The value ends at the same column however long the label is.
        let width = 86usize.saturating_sub(f.what.chars().count() + 1).max(1);
        println!("  {} {:>width$}  {}", f.what, f.value, f.verdict);
        let _ = std::io::stdout().flush();
        self.figures.push(f);
    }

    fn note(&mut self, text: impl Into<String>) {
        let t = text.into();
        println!("  note: {t}");
        self.notes.push(t);
    }
}

fn verdict(ok: bool, target: &str) -> String {
    format!("{} (target {target})", if ok { "MEETS" } else { "MISSES" })
}

fn ms(d: f64) -> String {
    format!("{:.1} ms", d * 1000.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Median seconds of `runs` calls of `f` (after one warm-up call).
fn time<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<(f64, T)> {
    let mut out = f()?;
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        out = f()?;
        times.push(t.elapsed().as_secs_f64());
    }
    Ok((median(times), out))
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap_or_default()
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(tool))
            .find(|p| p.is_file())
    })
}

fn remove_db(path: &Path) {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    // A new database's branch has signed nothing: it makes its key anew.
    let _ = std::fs::remove_dir_all(keys_of(path));
}

/// Where a database's branch keeps its signing key: a folder beside it
/// (`jobs_1m.db.keys`), so that every bench database, each the demo's
/// branch `QD-LS`, signs with a key of its own, the same from run to run.
fn keys_of(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.keys", db.display()))
}

/// Where a database's reports go: a folder of its own under `under` (a
/// branch that has signed refuses a folder holding another key's reports).
fn reports_of(under: &Path, db: &Path) -> PathBuf {
    under.join(db.file_stem().unwrap_or_default())
}

/// The program as a command, on a database, at [`NOW`] in [`ZONE`].
fn branchdesk(db: &Path, args: &[&str]) -> Result<Command> {
    let mut c = Command::new(env!("CARGO_BIN_EXE_branchdesk"));
    c.arg("--db")
        .arg(db)
        .arg("--keys")
        .arg(keys_of(db))
        .args(["--now", NOW])
        .args(args)
        .env("TZ", ZONE)
        .env("BRANCHDESK_OPERATOR", "bench");
    Ok(c)
}

/// Runs a command (under `/usr/bin/time -v` when there is one); returns its
/// wall time and peak resident memory in KiB.
fn run_measured(mut cmd: Command, timer: bool) -> Result<(f64, Option<u64>)> {
    let mut cmd = if timer {
        let mut t = Command::new("/usr/bin/time");
        t.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
        for (k, v) in cmd.get_envs() {
            if let Some(v) = v {
                t.env(k, v);
            }
        }
        t
    } else {
        cmd.stderr(Stdio::piped());
        cmd
    };
    let start = Instant::now();
    let out = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .context("running a command")?;
    let secs = start.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("{:?} failed: {err}", cmd.get_args().collect::<Vec<_>>());
    }
    let peak = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok());
    Ok((secs, peak))
}

/// Seconds of a `sqlite3` run of `script` on `db`, less its start-up (the
/// median of `runs` runs each, after one warm-up run).
fn sqlite3_time(sqlite3: &Path, db: &Path, script: &str, runs: usize) -> Result<f64> {
    sqlite3_run(sqlite3, db, script)?;
    let median_of = |script: &str| -> Result<f64> {
        Ok(median(
            (0..runs)
                .map(|_| sqlite3_run(sqlite3, db, script))
                .collect::<Result<_>>()?,
        ))
    };
    let work = median_of(script)?;
    let idle = median_of("SELECT 1;\n")?;
    Ok((work - idle).max(0.0))
}

fn open_desk(db: &Path) -> Result<Desk> {
    let store = Store::open(db)?;
    let mut desk = Desk::new(store, "bench")?;
    desk.zone = Zone::parse(ZONE).map_err(anyhow::Error::msg)?;
    desk.keys = branchdesk::io::keys::KeyRing::Dir(keys_of(db));
    Ok(desk)
}

/// Makes a demo database through the command line (so that its time and
/// memory are the command's), unless it is there already.
fn make_db(
    r: &mut Report,
    db: &Path,
    jobs: usize,
    days: u32,
    fresh: bool,
    timer: bool,
) -> Result<()> {
    if db.exists() && !fresh && open_desk(db)?.branch()?.is_some() {
        r.note(format!(
            "{} kept from an earlier run (--fresh makes it again)",
            db.display()
        ));
        return Ok(());
    }
    remove_db(db);
    run_measured(branchdesk(db, &["config", "timezone", ZONE])?, false)?;
    let (secs, peak) = run_measured(
        branchdesk(
            db,
            &[
                "demo",
                "--jobs",
                &jobs.to_string(),
                "--days",
                &days.to_string(),
            ],
        )?,
        timer,
    )?;
    r.add(
        format!("demo --jobs {jobs} --days {days}: time"),
        format!("{secs:.1} s"),
        if jobs >= 1_000_000 {
            verdict(secs < 60.0, "well under a minute")
        } else {
            String::new()
        },
    );
    peak_line(r, &format!("demo --jobs {jobs}"), peak);
    Ok(())
}

fn peak_line(r: &mut Report, what: &str, peak: Option<u64>) {
    if let Some(kib) = peak {
        let mib = kib as f64 / 1024.0;
        r.add(
            format!("{what}: peak memory"),
            format!("{mib:.1} MiB"),
            verdict(mib <= 64.0, "≤ 64 MiB"),
        );
    }
}

/// The backlog database: a year of jobs with about 100,000 items open.
fn make_open_db(r: &mut Report, db: &Path, fresh: bool) -> Result<()> {
    if db.exists() && !fresh && open_desk(db)?.branch()?.is_some() {
        r.note(format!("{} kept from an earlier run", db.display()));
        return Ok(());
    }
    remove_db(db);
    let mut desk = open_desk(db)?;
    desk.set_setting(settings::TIMEZONE, ZONE, now().to_utc())?;
    let start = Instant::now();
    fill(
        &mut desk,
        &DemoOptions {
            jobs: 300_000,
            days: 365,
            seed: 2,
            backlog: 53_000,
        },
        now().to_utc(),
    )?;
    r.add(
        "backlog demo (300,000 jobs, 53,000 left undone): time",
        format!("{:.1} s", start.elapsed().as_secs_f64()),
        "",
    );
    Ok(())
}

fn open_items(s: &branchdesk::desk::StatusReport) -> usize {
    s.callbacks_pending.len()
        + s.cards_awaiting_signature.len()
        + s.discrepancies.len()
        + s.to_verify.len()
        + s.conflicts.len()
        + s.invoices_owed.len()
        + s.loaner_returns.len()
}

/// (1) What `status --json` computes, against the same statements run by
/// `sqlite3`.
fn bench_status(
    r: &mut Report,
    name: &str,
    db: &Path,
    sqlite3: Option<&Path>,
    timer: bool,
) -> Result<()> {
    let mut desk = open_desk(db)?;
    let (secs, report) = time(5, || Ok(desk.status(now())?))?;
    let items = open_items(&report);
    r.add(
        format!("status load, {name} ({items} listed items)"),
        ms(secs),
        "",
    );
    let (start, end) = desk.zone.day_bounds(now().date_naive());
    let mut script = String::from(".output /dev/null\n");
    let statements = dashboard::status_statements(start, end);
    let count = statements.len() + 1;
    for (_, sql) in statements {
        let _ = writeln!(script, "{};", sql.trim());
    }
    script += &format!(
        "SELECT value FROM settings WHERE key = '{}';\n",
        settings::BRANCH
    );
    if let Some(sqlite3) = sqlite3 {
        let lite = sqlite3_time(sqlite3, db, &script, 5)?;
        r.add(
            format!("  sqlite3, the same {count} statements"),
            ms(lite),
            String::new(),
        );
        let ratio = secs / lite.max(1e-6);
        r.add(
            format!("  ratio branchdesk / sqlite3, {name}"),
            format!("{ratio:.2}"),
            verdict(ratio <= 1.5, "≤ 1.5"),
        );
    }
    let (_, peak) = run_measured(branchdesk(db, &["status", "--json"])?, timer)?;
    peak_line(r, &format!("status --json, {name}"), peak);
    Ok(())
}

/// A jobs file of `rows` realistic rows with job numbers of their own.
fn jobs_csv(path: &Path, rows: usize) -> Result<()> {
    let mut rng = branchdesk::demo::Rng::new(11);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "{}", branchdesk::io::records::JOB_COLUMNS.join(","))?;
    let names = ["王秀英", "李建国", "张海燕", "刘志强", "陈丽娟", "杨德明"];
    let models = [
        "BCD-470WDPG",
        "XQG100-HBD14126L",
        "KFR-35GW/81@U1-Ge",
        "ES60H-GD5(5U1)",
    ];
    let faults = ["冰箱不制冷", "滚筒异响", "空调不制热", "热水器不加热"];
    for i in 0..rows {
        let day = 1 + rng.below(28);
        let hour = 8 + rng.below(10);
        writeln!(
            out,
            "IMP{i:07},QD-LS,2026-10-{day:02} 07:30,{},13{:09},青岛市崂山区海尔路{}号{}单元{},{},2024-0{}-1{},{},请上门前电话联系,2026-10-{day:02} {hour:02}:00,2026-10-{day:02} {:02}:00,{},{}",
            rng.pick(&names),
            rng.below(1_000_000_000),
            1 + rng.below(300),
            1 + rng.below(4),
            100 + rng.below(1800),
            rng.pick(&models),
            1 + rng.below(9),
            rng.below(10),
            rng.pick(&faults),
            hour + 1,
            rng.pick(branchdesk::demo::ENGINEERS),
            if rng.chance(75) { "in" } else { "out" },
        )?;
    }
    out.flush()?;
    Ok(())
}

/// The indexes `import jobs` grows on a new database (the unique job
/// number, the appointment, the open ledger's, the on-site promise's and,
/// since migration 014, the repeat rule's phone and product),
/// on a table of the file's 14 columns and the `status` the import gives
/// each job, as `sqlite3` gets them for "the same indexes" (the other
/// indexes of `jobs` hold no row of an import).
const SAME_INDEXES: &str = "CREATE TABLE jobs (job_no TEXT NOT NULL UNIQUE, branch TEXT NOT NULL,
 received_at TEXT, customer TEXT, phone TEXT, address TEXT, product_model TEXT, purchase_date TEXT,
 fault TEXT, requirement TEXT, appointment_start TEXT, appointment_end TEXT, engineer TEXT,
 warranty TEXT, status TEXT);
CREATE INDEX jobs_appt ON jobs(appointment_start);
CREATE INDEX jobs_waiting ON jobs(status)
    WHERE status = 'unscheduled' OR status = 'needs_appointment' OR status = 'scheduled';
CREATE INDEX jobs_open_received ON jobs(received_at)
    WHERE status NOT IN ('done', 'cancelled') AND received_at IS NOT NULL;
CREATE INDEX jobs_phone_model ON jobs(phone, product_model) WHERE phone <> '';
";

/// The jobs file with the `status` column the import derives (`scheduled`
/// with an appointment, else `unscheduled`), for [`SAME_INDEXES`].
fn with_status(csv: &Path) -> Result<PathBuf> {
    let out = csv.with_extension("status.csv");
    if out.exists() {
        return Ok(out);
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(csv)?;
    let mut w = csv::Writer::from_path(&out)?;
    let mut appt = None;
    for (i, rec) in r.records().enumerate() {
        let mut rec = rec?;
        if i == 0 {
            appt = rec.iter().position(|c| c == "appointment_start");
            rec.push_field("status");
        } else {
            let scheduled = appt.and_then(|a| rec.get(a)).is_some_and(|v| !v.is_empty());
            rec.push_field(if scheduled {
                "scheduled"
            } else {
                "unscheduled"
            });
        }
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(out)
}

/// (2) `import jobs` of 100,000 rows against `sqlite3 .import` of the same
/// file into a table of the same shape (same columns, same indexes).
fn bench_import(r: &mut Report, dir: &Path, sqlite3: Option<&Path>, timer: bool) -> Result<()> {
    let csv = dir.join("jobs_100k.csv");
    if !csv.exists() {
        jobs_csv(&csv, IMPORT_ROWS)?;
    }
    let db = dir.join("import.db");
    let name = csv.display().to_string();
    let mut times = Vec::new();
    for _ in 0..3 {
        remove_db(&db);
        let mut desk = open_desk(&db)?;
        let t = Instant::now();
        let bytes = std::fs::read(&csv)?;
        let s = desk.import_jobs(&name, &bytes, now().to_utc())?;
        times.push(t.elapsed().as_secs_f64());
        if s.added != IMPORT_ROWS {
            bail!("imported {} of {IMPORT_ROWS} rows", s.added);
        }
    }
    let ours = median(times);
    r.add(
        format!("import jobs, {IMPORT_ROWS} rows (parse, validate, insert, commit)"),
        ms(ours),
        "",
    );
    if let Some(sqlite3) = sqlite3 {
        let lite_db = dir.join("import_sqlite3.db");
        let schema =
            format!("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;\n{SAME_INDEXES}");
        let status_csv = with_status(&csv)?;
        let mut lite = Vec::new();
        for _ in 0..3 {
            remove_db(&lite_db);
            let setup = sqlite3_run(sqlite3, &lite_db, &format!("{schema}.output /dev/null\n"))?;
            remove_db(&lite_db);
            let all = sqlite3_run(
                sqlite3,
                &lite_db,
                &format!(
                    "{schema}.output /dev/null\n.import --csv --skip 1 {} jobs\n",
                    status_csv.display()
                ),
            )?;
            lite.push((all - setup).max(1e-6));
        }
        let lite = median(lite);
        r.add("  sqlite3 .import of the same file", ms(lite), "");
        let ratio = ours / lite;
        r.add(
            "  ratio branchdesk / sqlite3, import",
            format!("{ratio:.2}"),
            verdict(ratio <= 1.5, "≤ 1.5"),
        );
    }
    remove_db(&db);
    let (_, peak) = run_measured(
        branchdesk(&db, &["import", "jobs", &csv.display().to_string()])?,
        timer,
    )?;
    peak_line(r, "import jobs (100,000 rows)", peak);
    remove_db(&db);
    Ok(())
}

/// Seconds of one `sqlite3` run of `script` on `db`; anything it says on
/// stderr is a failure.
fn sqlite3_run(sqlite3: &Path, db: &Path, script: &str) -> Result<f64> {
    let start = Instant::now();
    let mut child = Command::new(sqlite3)
        .arg("-batch")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting sqlite3")?;
    child
        .stdin
        .take()
        .context("sqlite3 input")?
        .write_all(script.as_bytes())?;
    let out = child.wait_with_output()?;
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || !err.trim().is_empty() {
        bail!("sqlite3 on {}: {err}", db.display());
    }
    Ok(start.elapsed().as_secs_f64())
}

/// (3) `export daily` of yesterday: its cost must follow the day.
fn bench_export(r: &mut Report, dir: &Path, small: &Path, large: &Path, timer: bool) -> Result<()> {
    let day = now().date_naive() - Duration::days(1);
    let at: Ts = now().to_utc();
    let out = dir.join("exports");
    let mut per_row = Vec::new();
    for (name, db) in [("10k", small), ("1M", large)] {
        let mut desk = open_desk(db)?;
        let out = reports_of(&out, db);
        let (secs, e) = time(5, || Ok(desk.export_daily(&out, day, at)?))?;
        r.add(
            format!("export daily {day}, {name} jobs ({} rows)", e.rows),
            ms(secs),
            "",
        );
        per_row.push((secs, e.rows.max(1)));
    }
    let ratio = per_row[1].0 / per_row[0].0;
    let per = (per_row[1].0 / per_row[1].1 as f64) / (per_row[0].0 / per_row[0].1 as f64);
    r.add("  ratio 1M / 10k, whole export", format!("{ratio:.2}"), "");
    r.add(
        "  ratio 1M / 10k, per row of the day",
        format!("{per:.2}"),
        verdict(per <= 1.5, "≤ 1.5"),
    );
    let (_, peak) = run_measured(
        branchdesk(
            large,
            &[
                "export",
                "daily",
                "--date",
                &day.to_string(),
                "--out",
                &reports_of(&out, large).display().to_string(),
            ],
        )?,
        timer,
    )?;
    peak_line(r, "export daily, 1M jobs", peak);
    Ok(())
}

/// (4) One frame of the dashboard, 200×50, with the backlog open.
fn bench_frame(r: &mut Report, db: &Path) -> Result<()> {
    use branchdesk::tui::dashboard::{Action, App, Panel, view};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut desk = open_desk(db)?;
    let t = Instant::now();
    let mut app = App::new(&mut desk, Lang::Zh, now())?;
    let load = t.elapsed().as_secs_f64();
    let items = open_items(&app.report);
    r.add(
        format!("dashboard first read (status, filter fields, chart), {items} items"),
        ms(load),
        "",
    );
    app.update(Action::Focus(Panel::Callbacks));
    app.update(Action::End);
    let mut term = Terminal::new(TestBackend::new(200, 50))?;
    let mut frames = Vec::new();
    let mut ticks = Vec::new();
    for i in 0..60 {
        let t = Instant::now();
        app.update(Action::Tick(now() + Duration::seconds(i)));
        ticks.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        term.draw(|f| view::draw(&app, f))?;
        frames.push(t.elapsed().as_secs_f64());
    }
    let frame = median(frames);
    r.add(
        format!("draw one frame, 200×50, {items} items"),
        ms(frame),
        verdict(frame <= 0.002, "≤ 2 ms"),
    );
    r.add(
        "  clock tick (countdowns re-derived, lists re-sorted)",
        ms(median(ticks)),
        "",
    );
    bench_keys_while_refreshing(r, &mut app, &mut term, items)
}

/// (4b) Keys while the snapshot is read again in the background (as after
/// a save): keys as fast as they come, each handled and drawn, until the
/// new snapshot is in.
fn bench_keys_while_refreshing(
    r: &mut Report,
    app: &mut branchdesk::tui::App,
    term: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
    items: usize,
) -> Result<()> {
    use branchdesk::tui::dashboard::{Action, view};
    app.set_background_from(std::time::Duration::ZERO);
    // The first read of the worker's connection is cold (its statements
    // prepared, its page cache filled); the second is what a clerk sees
    // all day.
    for round in ["first", "then"] {
        let started = Instant::now();
        app.update(Action::Refresh);
        let mut keys = Vec::new();
        let mut take_in = 0.0_f64;
        while app.refreshing() && started.elapsed() < std::time::Duration::from_secs(60) {
            let t = Instant::now();
            app.update(if keys.len() % 2 == 0 {
                Action::Up
            } else {
                Action::Down
            });
            term.draw(|f| view::draw(app, f))?;
            keys.push(t.elapsed().as_secs_f64());
            let t = Instant::now();
            app.idle();
            if !app.refreshing() {
                take_in = t.elapsed().as_secs_f64();
            }
        }
        let refresh = started.elapsed().as_secs_f64();
        if keys.is_empty() {
            bail!("the background refresh finished before a key was handled");
        }
        let slowest = keys.iter().copied().fold(0.0, f64::max);
        r.add(
            format!("refresh in the background ({round}), {items} items, until shown"),
            ms(refresh),
            "",
        );
        r.add(
            "  keys handled and drawn meanwhile",
            keys.len().to_string(),
            "",
        );
        r.add(
            "  slowest key + frame meanwhile",
            ms(slowest),
            verdict(slowest <= 0.050, "≤ 50 ms"),
        );
        r.add(
            "  taking the new snapshot in (the screen's thread)",
            ms(take_in),
            "",
        );
    }
    app.set_background_from(branchdesk::tui::dashboard::state::BACKGROUND_FROM);
    Ok(())
}

/// Median wall time of `runs` whole runs of a command (after one warm-up
/// run), and the peak memory of one more under `/usr/bin/time`.
fn whole(
    runs: usize,
    timer: bool,
    mut cmd: impl FnMut() -> Result<Command>,
) -> Result<(f64, Option<u64>)> {
    run_measured(cmd()?, false)?;
    let mut times = Vec::new();
    for _ in 0..runs {
        times.push(run_measured(cmd()?, false)?.0);
    }
    let (_, peak) = run_measured(cmd()?, timer)?;
    Ok((median(times), peak))
}

/// A whole command on each of three databases (median of 5), each line
/// named `WHAT, whole command, LABEL`; the peak memory of the last when
/// `timer`.
fn on_three(
    r: &mut Report,
    what: &str,
    cmd: impl Fn(&Path) -> Result<Command>,
    dbs: [(&Path, String); 3],
    timer: bool,
) -> Result<([f64; 3], Option<u64>)> {
    let mut times = [0.0; 3];
    let mut peak = None;
    for (i, (db, label)) in dbs.iter().enumerate() {
        let (t, p) = whole(5, timer && i == 2, || cmd(db))?;
        r.add(format!("{what}, whole command, {label}"), ms(t), "");
        times[i] = t;
        peak = p;
    }
    Ok((times, peak))
}

/// (5) Whole commands as the user waits for them: the process starts,
/// opens the file, checks its schema (and integrity, as the policy says),
/// works and exits. Compared with the same command on a one-day database,
/// and with `sqlite3` as a whole process too.
fn bench_whole(
    r: &mut Report,
    dir: &Path,
    [day_db, same_db]: [&Path; 2],
    large: &Path,
    sqlite3: Option<&Path>,
    timer: bool,
) -> Result<()> {
    // The day the databases hold: the one-day databases' only day.
    let today = now().date_naive();
    let day = today.to_string();
    let out = dir.join("exports-whole");
    let rows = |db: &Path| -> Result<usize> {
        Ok(open_desk(db)?.daily_rows(today, now().to_utc())?.len())
    };
    let (day_rows, same_rows, big_rows) = (rows(day_db)?, rows(same_db)?, rows(large)?);
    let export = |db: &Path| {
        let out = reports_of(&out, db).display().to_string();
        branchdesk(db, &["export", "daily", "--date", &day, "--out", &out])
    };
    let ([one, same, big], peak) = on_three(
        r,
        "export daily",
        export,
        [
            (day_db, format!("one-day database ({day_rows} rows)")),
            (same_db, format!("one-day database of {same_rows} rows")),
            (large, format!("1M jobs ({big_rows} rows)")),
        ],
        timer,
    )?;
    let ratio = big / same;
    r.add(
        "  ratio 1M / one day, the same report size, whole export daily",
        format!("{ratio:.2}"),
        verdict(ratio <= 1.5, "≤ 1.5"),
    );
    let per_row = (big / big_rows as f64) / (one / day_rows as f64);
    r.add(
        format!("  ratio 1M / {day_rows}-row day, per report row"),
        format!("{per_row:.2}"),
        verdict(per_row <= 1.5, "≤ 1.5"),
    );
    r.add(
        format!("  ratio 1M / {day_rows}-row day, whole (the 1M report carries more open jobs)"),
        format!("{:.2}", big / one),
        "",
    );
    peak_line(r, "export daily (whole), 1M jobs", peak);

    let status = |db: &Path| branchdesk(db, &["status", "--json"]);
    let listed = |db: &Path| -> Result<usize> {
        let s = open_desk(db)?.status(now())?;
        Ok(open_items(&s))
    };
    let (day_items, same_items, big_items) = (listed(day_db)?, listed(same_db)?, listed(large)?);
    let ([one, same, big], _) = on_three(
        r,
        "status --json",
        status,
        [
            (day_db, format!("one-day database ({day_items} items)")),
            (
                same_db,
                format!("one-day database of {same_rows} jobs ({same_items} items)"),
            ),
            (large, format!("1M jobs ({big_items} items)")),
        ],
        false,
    )?;
    let ratio = big / same;
    r.add(
        "  ratio 1M / one day, the same report size, whole status --json",
        format!("{ratio:.2}"),
        verdict(ratio <= 1.2, "≤ 1.2"),
    );
    r.add(
        format!("  ratio 1M / {day_items}-item day, whole (the 1M database lists more open work)"),
        format!("{:.2}", big / one),
        "",
    );

    // import jobs into a new database, whole, against sqlite3 .import whole.
    let csv = dir.join("jobs_100k.csv");
    if !csv.exists() {
        jobs_csv(&csv, IMPORT_ROWS)?;
    }
    let db = dir.join("import_whole.db");
    let csv_s = csv.display().to_string();
    let mut ours = Vec::new();
    for _ in 0..3 {
        remove_db(&db);
        ours.push(run_measured(branchdesk(&db, &["import", "jobs", &csv_s])?, false)?.0);
    }
    remove_db(&db);
    let ours = median(ours);
    r.add(
        format!("import jobs, {IMPORT_ROWS} rows, whole command, new database"),
        ms(ours),
        "",
    );
    if let Some(sqlite3) = sqlite3 {
        let lite_db = dir.join("import_whole_sqlite3.db");
        let plain = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
CREATE TABLE jobs (job_no TEXT, branch TEXT, received_at TEXT, customer TEXT, phone TEXT,
 address TEXT, product_model TEXT, purchase_date TEXT, fault TEXT, requirement TEXT,
 appointment_start TEXT, appointment_end TEXT, engineer TEXT, warranty TEXT);
";
        let indexed =
            format!("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;\n{SAME_INDEXES}");
        let status_csv = with_status(&csv)?.display().to_string();
        for (what, schema, file, target) in [
            ("plain table", plain.to_string(), csv_s.clone(), 2.0),
            ("same indexes", indexed, status_csv, 1.2),
        ] {
            let mut lite = Vec::new();
            for _ in 0..3 {
                remove_db(&lite_db);
                lite.push(sqlite3_run(
                    sqlite3,
                    &lite_db,
                    &format!("{schema}.output /dev/null\n.import --csv --skip 1 {file} jobs\n"),
                )?);
            }
            remove_db(&lite_db);
            let lite = median(lite);
            r.add(
                format!("  sqlite3 .import, whole process, {what}"),
                ms(lite),
                "",
            );
            let ratio = ours / lite;
            r.add(
                format!("  ratio branchdesk / sqlite3 .import ({what}), whole"),
                format!("{ratio:.2}"),
                verdict(ratio <= target, &format!("≤ {target:.1}")),
            );
        }
    }

    // A wrong dispatch file: 40,000 jobs on one day for 5 engineers.
    let wrong = dir.join("jobs_40k_one_day.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&wrong)?);
        writeln!(f, "{}", branchdesk::io::records::JOB_COLUMNS.join(","))?;
        let today = now().date_naive();
        for i in 0..40_000 {
            writeln!(
                f,
                "W{i:06},QD-LS,{today} 07:00,张三,13812345678,青岛市崂山区,BCD-470WDPG,2024-05-01,不制冷,,{today} 09:00,{today} 12:00,工程师{},in",
                i % 5
            )?;
        }
        f.flush()?;
    }
    let db = dir.join("wrong_day.db");
    remove_db(&db);
    run_measured(branchdesk(&db, &["config", "timezone", ZONE])?, false)?;
    run_measured(
        branchdesk(&db, &["import", "jobs", &wrong.display().to_string()])?,
        false,
    )?;
    let (secs, peak) = whole(3, timer, || status(&db))?;
    r.add(
        "status --json, 40,000 jobs of 5 engineers on one day, whole",
        ms(secs),
        verdict(secs <= 2.0, "≤ 2 s"),
    );
    peak_line(r, "status --json, 40,000-job day", peak);
    remove_db(&db);
    Ok(())
}

/// Runs every benchmark and prints the figures.
fn run(opts: &BenchOptions) -> Result<()> {
    std::fs::create_dir_all(&opts.dir)?;
    let dir = opts.dir.canonicalize()?;
    let mut r = Report {
        figures: Vec::new(),
        notes: Vec::new(),
    };
    println!("branchdesk bench in {} at {NOW} ({ZONE})", dir.display());
    let sqlite3 = which("sqlite3");
    if sqlite3.is_none() {
        r.note("sqlite3 is missing: the comparisons are left out (apt-get install -y sqlite3)");
    }
    let timer = Path::new("/usr/bin/time").is_file();
    if !timer {
        r.note("/usr/bin/time is missing: peak memory is left out (apt-get install -y time)");
    }
    println!(
        "  machine: {} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_name()
    );
    if opts.only == [6] {
        return run_center(&mut r, &dir, sqlite3.as_deref(), timer, opts.fresh);
    }
    if opts.fresh {
        // Reports of the databases made before, signed with their keys: the
        // new databases' exports would be refused beside them (a branch
        // never signs over another key by itself).
        for old in ["exports", "exports-whole"] {
            let _ = std::fs::remove_dir_all(dir.join(old));
        }
    }
    let small = dir.join("jobs_10k.db");
    let large = dir.join("jobs_1m.db");
    let open = dir.join("backlog.db");
    println!("\ndatabases");
    make_db(&mut r, &small, 10_000, 4, opts.fresh, timer)?;
    make_db(&mut r, &large, 1_000_000, 365, opts.fresh, timer)?;
    make_open_db(&mut r, &open, opts.fresh)?;
    if opts.wants(1) {
        println!("\n(1) dashboard data load (what status --json computes)");
        bench_status(&mut r, "10k jobs", &small, sqlite3.as_deref(), timer)?;
        bench_status(&mut r, "1M jobs", &large, sqlite3.as_deref(), timer)?;
        bench_status(&mut r, "backlog", &open, sqlite3.as_deref(), timer)?;
    }
    if opts.wants(2) {
        println!("\n(2) import jobs, {IMPORT_ROWS} rows");
        bench_import(&mut r, &dir, sqlite3.as_deref(), timer)?;
    }
    if opts.wants(3) {
        println!("\n(3) export daily, one day");
        bench_export(&mut r, &dir, &small, &large, timer)?;
    }
    if opts.wants(4) {
        println!("\n(4) one dashboard frame");
        bench_frame(&mut r, &open)?;
    }
    if !opts.wants(5) {
        return if opts.wants(6) {
            run_center(&mut r, &dir, sqlite3.as_deref(), timer, opts.fresh)
        } else {
            summary(&r)
        };
    }
    println!("\n(5) whole commands, as processes");
    let day_db = dir.join("jobs_1day.db");
    make_db(&mut r, &day_db, 2_800, 1, opts.fresh, false)?;
    // A one-day database whose report is as large as the 1M database's
    // (which carries every job still open besides the day's): what the
    // history costs, with the same work to report.
    let today = now().date_naive();
    let big_rows = open_desk(&large)?.daily_rows(today, now().to_utc())?.len();
    let same_db = dir.join(format!("jobs_1day_{big_rows}.db"));
    make_db(&mut r, &same_db, big_rows, 1, opts.fresh, false)?;
    bench_whole(
        &mut r,
        &dir,
        [&day_db, &same_db],
        &large,
        sqlite3.as_deref(),
        timer,
    )?;
    if opts.wants(6) {
        run_center(&mut r, &dir, sqlite3.as_deref(), timer, opts.fresh)
    } else {
        summary(&r)
    }
}

/// (6) The center at scale, then the count of misses.
fn run_center(
    r: &mut Report,
    dir: &Path,
    sqlite3: Option<&Path>,
    timer: bool,
    fresh: bool,
) -> Result<()> {
    println!(
        "\n(6) the center: {} branches, whole commands",
        center::BRANCHES
    );
    center::bench_center(r, dir, sqlite3, timer, fresh)?;
    summary(r)
}

/// The count of figures and of misses.
fn summary(r: &Report) -> Result<()> {
    let misses = r
        .figures
        .iter()
        .filter(|f| f.verdict.starts_with("MISSES"))
        .count();
    println!(
        "\n{} figures, {misses} miss their target{}",
        r.figures.len(),
        if r.notes.is_empty() {
            ""
        } else {
            " (see the notes)"
        }
    );
    Ok(())
}

fn cpu_name() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// `cargo bench` gives `--bench`; the rest are this harness's options.
fn options() -> Result<BenchOptions> {
    let mut opts = BenchOptions {
        dir: PathBuf::from("target/bench"),
        fresh: false,
        only: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => {}
            "--fresh" => opts.fresh = true,
            "--center-only" => opts.only = vec![6],
            "--only" => {
                let list = args.next().context("--only needs sections, as 1,2")?;
                for n in list.split(',') {
                    match n.trim().parse::<u8>() {
                        Ok(n @ 1..=6) => opts.only.push(n),
                        _ => bail!("--only: {n:?} is not a section (1 to 6)"),
                    }
                }
            }
            "--dir" => {
                opts.dir = args
                    .next()
                    .map(PathBuf::from)
                    .context("--dir needs a folder")?;
            }
            other => bail!(
                "unknown option {other:?} (--fresh, --only 1,2,..., --center-only, --dir DIR)"
            ),
        }
    }
    Ok(opts)
}

fn main() {
    if let Err(e) = options().and_then(|o| run(&o)) {
        eprintln!("bench: {e:#}");
        std::process::exit(1);
    }
}
