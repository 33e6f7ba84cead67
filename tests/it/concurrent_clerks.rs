//! Two clerks at once: one logs callback results call after call while the
//! other imports files, each a process of its own on one database. No
//! write may be lost, no user may see "database is locked", and every write
//! must be in the audit trail.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const CALLBACK_JOBS: usize = 100;
/// At least this many files are imported (more while the calls go on).
const FILES: usize = 8;
const ROWS_PER_FILE: usize = 1500;
/// The callback clerk stops after this long even if imports still run.
const BOUND: Duration = Duration::from_secs(40);

fn branchdesk(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_branchdesk"))
        .env("TZ", "Asia/Shanghai")
        .env_remove("BRANCHDESK_DB")
        .env_remove("BRANCHDESK_NOW")
        .arg("--db")
        .arg(db)
        .args(["--now", NOW, "--operator"])
        .args(args)
        .output()
        .unwrap()
}

fn check(what: &str, out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("locked") && !stderr.contains("busy"),
        "{what}: {stderr}"
    );
    assert!(out.status.success(), "{what}: {stderr}");
}

#[test]
fn a_clerk_logging_callbacks_while_another_imports_loses_nothing() {
    let b = Bench::new();
    let db = b.db.clone();
    // Jobs C000.. with a pending 2 h callback each.
    let mut jobs = format!("{JOBS_HEADER}\n");
    let mut visits = format!("{VISITS_HEADER}\n");
    for i in 0..CALLBACK_JOBS {
        jobs += &format!(
            "C{i:03},QD01,,客户{i},13812345678,地址{i},M1,2025-05-01,不制冷,,2026-11-23 09:00,2026-11-23 10:00,王强,in\n"
        );
        visits +=
            &format!("C{i:03},王强,2026-11-23 09:10,2026-11-23 09:50,fixed_untested,,,no,,,,\n");
    }
    check("jobs", &b.import("jobs", &b.file("c_jobs.csv", &jobs)));
    check(
        "visits",
        &b.import("visits", &b.file("c_visits.csv", &visits)),
    );
    // A file of jobs F<f>-0000.. for the importing clerk.
    let file = |f: usize| {
        let mut s = format!("{JOBS_HEADER}\n");
        for i in 0..ROWS_PER_FILE {
            s += &format!(
                "F{f}-{i:04},QD01,,客户,13812345678,地址,M1,2025-05-01,不制冷,,2026-11-23 11:00,2026-11-23 12:00,李明,in\n"
            );
        }
        b.file(&format!("batch{f}.csv"), &s)
    };

    let importing = AtomicBool::new(true);
    let calls_during_import = AtomicUsize::new(0);
    let started = Instant::now();
    // The importer goes on until the other clerk has made enough calls
    // while it ran, however fast imports are on this machine.
    let (files, (calls, overlapped)) = std::thread::scope(|s| {
        let importer = s.spawn(|| {
            let mut f = 0;
            while f < FILES
                || (calls_during_import.load(Ordering::SeqCst) < 20 && started.elapsed() < BOUND)
            {
                let path = file(f);
                let out = branchdesk(&db, &["importer", "import", "jobs", path.to_str().unwrap()]);
                check("import", &out);
                f += 1;
            }
            importing.store(false, Ordering::SeqCst);
            f
        });
        let caller = s.spawn(|| {
            let (mut calls, mut overlapped) = (0usize, 0usize);
            while started.elapsed() < BOUND {
                let during = importing.load(Ordering::SeqCst);
                if !during && calls >= 20 {
                    break;
                }
                let job = format!("C{:03}", calls % CALLBACK_JOBS);
                let note = format!("call {calls}");
                let out = branchdesk(
                    &db,
                    &[
                        "caller",
                        "callback",
                        &job,
                        "--result",
                        "unreachable",
                        "--note",
                        &note,
                    ],
                );
                check(&format!("callback {calls}"), &out);
                calls += 1;
                overlapped += usize::from(during && importing.load(Ordering::SeqCst));
                calls_during_import.store(overlapped, Ordering::SeqCst);
            }
            (calls, overlapped)
        });
        (importer.join().unwrap(), caller.join().unwrap())
    });
    eprintln!(
        "{calls} callbacks logged ({overlapped} while an import ran), {files} files imported, in {:?}",
        started.elapsed()
    );
    assert!(
        overlapped >= 5,
        "the clerks hardly overlapped: {overlapped}"
    );

    let c = rusqlite::Connection::open(&db).unwrap();
    let one = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    // Nothing lost: every call and every row.
    assert_eq!(
        one("SELECT count(*) FROM callback_events WHERE operator = 'caller'"),
        calls as i64
    );
    assert_eq!(one("SELECT sum(attempts) FROM callbacks"), calls as i64);
    let notes: i64 = one("SELECT count(DISTINCT note) FROM callback_events");
    assert_eq!(notes, calls as i64, "each call's own note");
    assert_eq!(
        one("SELECT count(*) FROM jobs WHERE job_no LIKE 'F%'"),
        (files * ROWS_PER_FILE) as i64
    );
    // Every write in the trail, by its operator.
    assert_eq!(
        one("SELECT count(*) FROM audit_log WHERE action = 'callback' AND operator = 'caller'"),
        calls as i64
    );
    assert_eq!(
        one(
            "SELECT count(*) FROM audit_log WHERE action = 'import_jobs' AND operator = 'importer'"
        ),
        files as i64
    );
    let out = branchdesk(&db, &["checker", "audit", "verify"]);
    check("audit verify", &out);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("intact"));
}
