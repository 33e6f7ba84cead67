//! `cargo bench --bench center_pg`: the center on both engines, whole
//! commands of the real (release) binary, beside the engines' own bulk
//! loaders of the same rows.
//!
//! - 1,000 branches' signed reports of one day and a 30-day center (50
//!   branches × 30 days): made here as `cargo bench --bench branchdesk`
//!   makes them (each branch's demo day and its own `export daily`, signed
//!   with a key of its own), kept under `target/tmp/center_pg_bench`;
//! - a synthetic national day: 10,000 branches (each of the 1,000 reports
//!   under ten branch codes, rows rewritten, signed again), 560,000 rows;
//! - `center import` against `sqlite3 .import` and `psql \copy` of the same
//!   rows into a table of the report's columns with the same key;
//!   `center status --json` and `supervise` at 1,000 branches; the
//!   national day's time and peak memory (`/usr/bin/time -v`).
//!
//! PostgreSQL: `BRANCHDESK_TEST_PG`, else a throwaway cluster (see
//! `tests/it/pg/mod.rs`). One run; figures printed as a Markdown table.
//! `-- --make-only` makes the folders (and the baselines' CSV) and stops.

#[path = "../tests/it/pg/mod.rs"]
mod pg;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const NOW: &str = "2026-11-23T18:30:00+08:00";
const BIN: &str = env!("CARGO_BIN_EXE_branchdesk");

/// Seconds and peak memory (MiB, from `/usr/bin/time -v`) of a command.
fn measure(mut c: Command) -> (f64, Option<f64>) {
    let time = Path::new("/usr/bin/time");
    let mut c = if time.exists() {
        let mut t = Command::new(time);
        t.arg("-v").arg(c.get_program()).args(c.get_args());
        for (k, v) in c.get_envs() {
            match v {
                Some(v) => t.env(k, v),
                None => t.env_remove(k),
            };
        }
        t
    } else {
        std::mem::replace(&mut c, Command::new("true"))
    };
    let start = Instant::now();
    let out = c
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{c:?}: {err}");
    let peak = err
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    (secs, peak)
}

/// The center's second index on its rows, for the baselines' tables.
const JOB_INDEX: &str = "CREATE INDEX report_rows_job ON report_rows(branch, job_no, report_date)";

fn bd(db: &str, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.env("TZ", "Asia/Shanghai")
        .env_remove("BRANCHDESK_DB")
        .args(["--db", db, "--now", NOW, "--operator", "bench"])
        .args(args);
    c
}

fn report_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for b in std::fs::read_dir(dir).unwrap().flatten() {
        if b.path().is_dir() {
            for f in std::fs::read_dir(b.path()).unwrap().flatten() {
                if f.path().extension().is_some_and(|e| e == "csv") {
                    out.push(f.path());
                }
            }
        }
    }
    out.sort();
    out
}

/// Every report's rows in one CSV (one header, no BOM); the header.
fn concatenate(reports: &[PathBuf], out: &Path) -> (Vec<String>, usize) {
    let mut w = csv::Writer::from_path(out).unwrap();
    let mut header = Vec::new();
    let mut rows = 0;
    for (i, p) in reports.iter().enumerate() {
        let bytes = std::fs::read(p).unwrap();
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut r = csv::Reader::from_reader(body);
        if i == 0 {
            header = r.headers().unwrap().iter().map(String::from).collect();
            w.write_record(&header).unwrap();
        }
        for rec in r.records() {
            w.write_record(&rec.unwrap()).unwrap();
            rows += 1;
        }
    }
    w.flush().unwrap();
    (header, rows)
}

/// One branch's demo desk in memory, signing with `keys`.
fn branch_desk(keys: &branchdesk::io::keys::KeyRing) -> branchdesk::desk::Desk {
    let store = branchdesk::store::Store::open_in_memory().unwrap();
    let mut desk = branchdesk::desk::Desk::new(store, "bench").unwrap();
    desk.zone = branchdesk::domain::time::Zone::parse("Asia/Shanghai").unwrap();
    desk.keys = keys.clone();
    desk
}

/// `f(i)` for every `i < n`, on two threads.
fn on_two_threads(n: usize, f: impl Fn(usize) + Sync) {
    std::thread::scope(|s| {
        let f = &f;
        for t in 0..2 {
            s.spawn(move || (t..n).step_by(2).for_each(f));
        }
    });
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(NOW).unwrap()
}

/// The 1,000 branches' reports of the day (56 demo jobs each, exported
/// between 09:00 and 10:30), as `benches/branchdesk/center.rs` makes them.
fn make_day_reports(dir: &Path) {
    let today = now().date_naive();
    let keys = branchdesk::io::keys::KeyRing::memory();
    on_two_threads(1_000, |i| {
        let mut desk = branch_desk(&keys);
        let zone = desk.zone;
        let at = zone.at(today, chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap())
            + chrono::Duration::minutes((i * 7 % 90) as i64);
        let opts = branchdesk::demo::DemoOptions {
            jobs: 56,
            days: 1,
            seed: 1_000 + i as u64,
            backlog: 0,
        };
        branchdesk::demo::fill_branch(&mut desk, &opts, &format!("W-{i:04}"), at).unwrap();
        desk.export_daily(dir, today, at).unwrap();
    });
}

/// 50 branches over 30 days, every day's report exported at [`NOW`].
fn make_period_reports(dir: &Path) {
    let today = now().date_naive();
    let at = now().to_utc();
    let keys = branchdesk::io::keys::KeyRing::memory();
    on_two_threads(50, |i| {
        let mut desk = branch_desk(&keys);
        let opts = branchdesk::demo::DemoOptions {
            jobs: 56 * 30,
            days: 30,
            seed: 5_000 + i as u64,
            backlog: 0,
        };
        branchdesk::demo::fill_branch(&mut desk, &opts, &format!("P-{i:03}"), at).unwrap();
        for d in (0..30).rev() {
            desk.export_daily(dir, today - chrono::Duration::days(d), at)
                .unwrap();
        }
    });
}

/// The national day: each of the 1,000 reports under ten branch codes.
fn make_national(day: &Path, out: &Path) {
    if out.join("COMPLETE").exists() {
        return;
    }
    let _ = std::fs::remove_dir_all(out);
    let keys = branchdesk::io::keys::KeyRing::memory();
    let key = keys.get_or_create("NATIONAL").unwrap().key;
    for csv_path in report_files(day) {
        let stem = csv_path.file_stem().unwrap().to_str().unwrap().to_string();
        let (branch, date) = stem.rsplit_once('_').unwrap();
        let manifest_path = csv_path.with_file_name(format!("{stem}.manifest.json"));
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
        let bytes = std::fs::read(&csv_path).unwrap();
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut r = csv::Reader::from_reader(body);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let at = header.iter().position(|h| h == "branch").unwrap();
        let records: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        for k in 0..10 {
            let code = format!("N{k}{}", branch.replace('-', ""));
            let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
            w.write_record(&header).unwrap();
            for rec in &records {
                let row: Vec<&str> = rec
                    .iter()
                    .enumerate()
                    .map(|(i, v)| if i == at { code.as_str() } else { v })
                    .collect();
                w.write_record(&row).unwrap();
            }
            let new = w.into_inner().unwrap();
            let sha = {
                use sha2::Digest;
                branchdesk::domain::signing::hex(&sha2::Sha256::digest(&new)[..])
            };
            let mut m = manifest.clone();
            m["branch"] = code.clone().into();
            m["sha256"] = sha.into();
            if let Some(o) = m.as_object_mut() {
                o.remove("signature");
            }
            branchdesk::domain::signing::sign(&mut m, &key);
            let folder = out.join(&code);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join(format!("{code}_{date}.csv")), &new).unwrap();
            std::fs::write(
                folder.join(format!("{code}_{date}.manifest.json")),
                serde_json::to_vec_pretty(&m).unwrap(),
            )
            .unwrap();
        }
    }
    std::fs::write(out.join("COMPLETE"), b"").unwrap();
}

fn sql_ident_list(header: &[String]) -> String {
    header
        .iter()
        .map(|c| format!("\"{c}\" text"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ms(s: f64) -> String {
    format!("{:.0} ms", s * 1000.0)
}

fn mib(p: Option<f64>) -> String {
    p.map(|m| format!("{m:.1} MiB"))
        .unwrap_or_else(|| "?".into())
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not used.
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("center_pg_bench");
    std::fs::create_dir_all(&base).unwrap();
    let day = base.join("center_1000");
    let period = base.join("center_30d");
    for (dir, make) in [
        (&day, make_day_reports as fn(&Path)),
        (&period, make_period_reports),
    ] {
        if !dir.join(".complete").exists() {
            eprintln!("making {} …", dir.display());
            let _ = std::fs::remove_dir_all(dir);
            std::fs::create_dir_all(dir).unwrap();
            make(dir);
            std::fs::write(dir.join(".complete"), b"").unwrap();
        }
    }
    let national = base.join("national");
    eprintln!("making the national day …");
    make_national(&day, &national);
    let reports = report_files(&day);
    assert_eq!(reports.len(), 1000, "{}", day.display());
    let rows_csv = base.join("center_1000_rows.csv");
    let (header, rows) = concatenate(&reports, &rows_csv);
    if std::env::args().any(|a| a == "--make-only") {
        // `cargo bench --bench center_pg -- --make-only`: the folders and
        // the baselines' CSV, for runs by hand.
        eprintln!("made under {}", base.display());
        return;
    }
    let national_rows: usize = rows * 10;
    let mut lines: Vec<String> = Vec::new();
    let mut add = |what: String, sqlite: String, pg: String| {
        eprintln!("{what}: {sqlite} | {pg}");
        lines.push(format!("| {what} | {sqlite} | {pg} |"));
    };

    // ---- baselines: the engines' own loaders, whole processes ----
    // The same indexes as the center's rows: the key and each job's newest
    // row (`center_report_rows_job`, partial there on `touched`).
    let lite_db = base.join("baseline.db");
    let _ = std::fs::remove_file(&lite_db);
    let script = format!(
        "PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\nCREATE TABLE report_rows ({}, PRIMARY KEY (branch, report_date, job_no));\n{JOB_INDEX};\n.import --csv --skip 1 {} report_rows\n",
        header
            .iter()
            .map(|c| format!("\"{c}\" TEXT"))
            .collect::<Vec<_>>()
            .join(", "),
        rows_csv.display()
    );
    let mut c = Command::new("sqlite3");
    c.arg(&lite_db).arg(format!(".read {}", {
        let p = base.join("baseline.sql");
        std::fs::write(&p, &script).unwrap();
        p.display().to_string()
    }));
    let (lite_copy, _) = measure(c);
    let url = pg::fresh_db();
    let mut c = Command::new("psql");
    c.args(["-q", "-v", "ON_ERROR_STOP=1", &url, "-c"])
        .arg(format!(
            "CREATE TABLE report_rows ({}, PRIMARY KEY (branch, report_date, job_no)); {JOB_INDEX}",
            sql_ident_list(&header)
        ));
    assert!(c.status().unwrap().success());
    let mut c = Command::new("psql");
    c.args(["-q", "-v", "ON_ERROR_STOP=1", &url, "-c"])
        .arg(format!(
            "\\copy report_rows FROM '{}' WITH (FORMAT csv, HEADER true)",
            rows_csv.display()
        ));
    let (pg_copy, _) = measure(c);
    add(
        format!(
            "copy baseline: {rows} rows, report's columns, the key and the job index, whole process"
        ),
        format!("sqlite3 .import {}", ms(lite_copy)),
        format!("psql \\copy {}", ms(pg_copy)),
    );

    // ---- center import of the 1,000 reports, new database ----
    let db1 = base.join("center_1000.db");
    let _ = std::fs::remove_file(&db1);
    let day_s = day.to_str().unwrap();
    let (lite_imp, lite_peak) = measure(bd(db1.to_str().unwrap(), &["center", "import", day_s]));
    let url1 = pg::fresh_db();
    let (pg_imp, pg_peak) = measure(bd(&url1, &["center", "import", day_s]));
    add(
        format!("`center import`, 1,000 reports ({rows} rows), whole, new database"),
        format!("{}, {}", ms(lite_imp), mib(lite_peak)),
        format!("{}, {}", ms(pg_imp), mib(pg_peak)),
    );
    add(
        "  ratio to the engine's own copy (targets ≤ 3 SQLite, ≤ 2 PostgreSQL)".into(),
        format!("{:.2}", lite_imp / lite_copy),
        format!("{:.2}", pg_imp / pg_copy),
    );
    for args in [
        &["center", "status", "--json"][..],
        &["supervise"][..],
        &["overdue", "--json"][..],
    ] {
        let (a, pa) = measure(bd(db1.to_str().unwrap(), args));
        let (b, pb) = measure(bd(&url1, args));
        add(
            format!("`{}`, 1,000 branches, whole", args.join(" ")),
            format!("{}, {}", ms(a), mib(pa)),
            format!("{}, {}", ms(b), mib(pb)),
        );
    }

    // ---- the 30-day center ----
    let db30 = base.join("center_30d.db");
    let _ = std::fs::remove_file(&db30);
    let p_s = period.to_str().unwrap();
    let (a, pa) = measure(bd(db30.to_str().unwrap(), &["center", "import", p_s]));
    let url30 = pg::fresh_db();
    let (b, pb) = measure(bd(&url30, &["center", "import", p_s]));
    add(
        "`center import`, 30-day center (50 branches × 30 days), whole".into(),
        format!("{}, {}", ms(a), mib(pa)),
        format!("{}, {}", ms(b), mib(pb)),
    );
    for p in ["today", "30d"] {
        let args = ["supervise", "--period", p];
        let (a, pa) = measure(bd(db30.to_str().unwrap(), &args));
        let (b, pb) = measure(bd(&url30, &args));
        add(
            format!("`supervise --period {p}`, 30-day center, whole"),
            format!("{}, {}", ms(a), mib(pa)),
            format!("{}, {}", ms(b), mib(pb)),
        );
    }

    // ---- the national day ----
    let dbn = base.join("national.db");
    let _ = std::fs::remove_file(&dbn);
    let n_s = national.to_str().unwrap();
    let (a, pa) = measure(bd(dbn.to_str().unwrap(), &["center", "import", n_s]));
    let urln = pg::fresh_db();
    let (b, pb) = measure(bd(&urln, &["center", "import", n_s]));
    add(
        format!("`center import`, national day: 10,000 reports ({national_rows} rows), whole"),
        format!("{}, {}", ms(a), mib(pa)),
        format!("{}, {}", ms(b), mib(pb)),
    );
    for args in [&["center", "status", "--json"][..], &["supervise"][..]] {
        let (a, pa) = measure(bd(dbn.to_str().unwrap(), args));
        let (b, pb) = measure(bd(&urln, args));
        add(
            format!(
                "`{}`, national day (10,000 branches), whole",
                args.join(" ")
            ),
            format!("{}, {}", ms(a), mib(pa)),
            format!("{}, {}", ms(b), mib(pb)),
        );
    }
    println!("| figure | SQLite | PostgreSQL |\n| --- | ---: | ---: |");
    for l in lines {
        println!("{l}");
    }
}
