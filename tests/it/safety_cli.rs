//! The audit trail, integrity on open and backups, through the real binary.

use crate::common::*;
use std::path::Path;

fn sql(db: &Path, statements: &str) {
    // What someone with the `sqlite3` shell would do: a plain connection,
    // without branchdesk's triggers.
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute_batch(statements).unwrap();
}

fn run(b: &Bench, args: &[&str]) -> (bool, String, String) {
    let out = b.cmd(NOW, args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn audit_verify_catches_a_row_changed_added_or_deleted_behind_its_back() {
    let b = loaded();
    let (ok, out, _) = run(&b, &["callback", "J003", "--result", "satisfied"]);
    assert!(ok, "{out}");
    let (ok, out, err) = run(&b, &["audit", "verify"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "intact (4 entries)");

    // The forger signs the card of J003 for the customer.
    sql(
        &b.db,
        "UPDATE cards SET signed_by = 'customer' WHERE job_id = (SELECT id FROM jobs WHERE job_no = 'J003')",
    );
    let (ok, _, err) = run(&b, &["audit", "verify"]);
    assert!(!ok, "an edited card went unnoticed");
    assert!(
        err.contains("cards row") && err.contains("changed"),
        "{err}"
    );
    // Put back exactly as it was: intact again.
    sql(
        &b.db,
        "UPDATE cards SET signed_by = 'none' WHERE job_id = (SELECT id FROM jobs WHERE job_no = 'J003')",
    );
    assert!(run(&b, &["audit", "verify"]).0);

    // A card that was never handed back, made up in the file.
    sql(
        &b.db,
        "INSERT INTO cards (job_id, returned_at, signed_by, created_at)
         SELECT id, 0, 'customer', 0 FROM jobs WHERE job_no = 'J004'",
    );
    let (ok, _, err) = run(&b, &["audit", "verify"]);
    assert!(!ok);
    assert!(err.contains("not in the audit trail"), "{err}");
    sql(
        &b.db,
        "DELETE FROM cards WHERE job_id = (SELECT id FROM jobs WHERE job_no = 'J004')",
    );
    assert!(run(&b, &["audit", "verify"]).0);

    // A callback result removed.
    sql(&b.db, "DELETE FROM callback_events");
    let (ok, _, err) = run(&b, &["audit", "verify"]);
    assert!(!ok);
    assert!(
        err.contains("callback_events row") && err.contains("deleted"),
        "{err}"
    );
}

#[test]
fn an_audit_entry_edited_or_removed_breaks_the_chain() {
    let b = loaded();
    sql(
        &b.db,
        "UPDATE audit_log SET operator = 'nobody' WHERE id = 2",
    );
    let (ok, _, err) = run(&b, &["audit", "verify"]);
    assert!(!ok);
    assert!(err.contains("broken at entry 2"), "{err}");

    let b = loaded();
    // Removing the last entry and its rows makes the rows it covered
    // unaudited.
    sql(
        &b.db,
        "DELETE FROM audit_rows WHERE entry_id = 3; DELETE FROM audit_log WHERE id = 3",
    );
    let (ok, _, err) = run(&b, &["audit", "verify"]);
    assert!(!ok);
    assert!(err.contains("row"), "{err}");
}

#[test]
fn audit_log_shows_who_did_what_to_a_job() {
    let b = loaded();
    let (ok, _, err) = run(
        &b,
        &[
            "callback",
            "J003",
            "--result",
            "unsatisfied",
            "--note",
            "还是不冷",
        ],
    );
    assert!(ok, "{err}");
    let (ok, out, _) = run(&b, &["audit", "log", "--job", "J003"]);
    assert!(ok);
    let actions: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().nth(4).unwrap_or(""))
        .collect();
    assert_eq!(
        actions,
        ["import_jobs", "import_visits", "import_cards", "callback"],
        "{out}"
    );
    let last = out.lines().last().unwrap();
    // Local time of --now, the operator, the job, what happened.
    assert!(last.contains("2026-11-23 14:00"), "{last}");
    assert!(last.contains("tester") && last.contains("J003"), "{last}");
    assert!(last.contains("re-visit J003-R1 opened"), "{last}");
    let (_, all, _) = run(&b, &["audit", "log"]);
    assert_eq!(all.lines().count(), 4);
    let (_, j001, _) = run(&b, &["audit", "log", "--job", "J001"]);
    assert!(!j001.contains("callback"), "{j001}");
}

#[test]
fn a_re_import_adds_no_entry_and_a_rejected_file_none_either() {
    let b = loaded();
    let before = b.dump();
    let p = b.file("again.csv", &jobs_csv());
    assert!(b.import("jobs", &p).status.success());
    assert_eq!(b.dump(), before);
}

#[test]
fn a_damaged_file_is_refused_naming_the_newest_backup() {
    let b = loaded();
    let (ok, out, err) = run(&b, &["backup"]);
    assert!(ok, "{err}");
    let backups = b.dir.path().join("backups");
    let made: Vec<_> = std::fs::read_dir(&backups).unwrap().flatten().collect();
    assert_eq!(made.len(), 1);
    let backup = made[0].path();
    assert!(
        backup.file_name().unwrap().to_string_lossy() == "branch-20261123-140000.db",
        "{backup:?}"
    );
    assert!(out.contains("backed up to"), "{out}");

    // Damage the pages after the first (the schema stays readable).
    let mut bytes = std::fs::read(&b.db).unwrap();
    assert!(!b.db.with_extension("db-wal").exists() || bytes.len() > 8192);
    let page = 4096;
    for byte in bytes.iter_mut().skip(2 * page).take(3 * page) {
        *byte = 0x5a;
    }
    std::fs::write(&b.db, &bytes).unwrap();
    let (ok, _, err) = run(&b, &["status"]);
    assert!(!ok, "a damaged database was opened");
    assert!(err.contains("is damaged"), "{err}");
    assert!(err.contains(&b.db.display().to_string()), "{err}");
    assert!(err.contains(&backup.display().to_string()), "{err}");
    assert_eq!(
        std::fs::read(&b.db).unwrap(),
        bytes,
        "the damaged file was changed"
    );

    // Not a database at all: the same clear refusal.
    std::fs::write(&b.db, b"this is not a database, just text ........................................................................").unwrap();
    let (ok, _, err) = run(&b, &["status"]);
    assert!(!ok);
    assert!(
        err.contains("is damaged") && err.contains("newest backup"),
        "{err}"
    );

    // The backup itself is whole and its trail intact.
    std::fs::copy(&backup, &b.db).unwrap();
    let (ok, out, err) = run(&b, &["audit", "verify"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("intact"));
}

#[test]
fn a_backup_while_another_clerk_is_writing_is_one_consistent_state() {
    let b = loaded();
    let committed = b.dump();
    // Another connection in the middle of a write transaction.
    let other = rusqlite::Connection::open(&b.db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    other
        .execute_batch(
            "UPDATE jobs SET customer = 'half-written'; DELETE FROM callback_events;
             INSERT INTO settings VALUES ('uncommitted', 'x');",
        )
        .unwrap();
    let to = b.dir.path().join("copy.db");
    let (ok, _, err) = run(&b, &["backup", "--to", to.to_str().unwrap()]);
    assert!(ok, "{err}");
    other.execute_batch("COMMIT").unwrap();
    drop(other);

    let c = rusqlite::Connection::open(&to).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(c);
    let copy = Bench {
        dir: tempfile::tempdir().unwrap(),
        db: to.clone(),
    };
    assert_eq!(copy.dump(), committed, "the backup is the committed state");
    let (ok, out, err) = run(&copy, &["audit", "verify"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("intact"));
}

#[test]
fn every_command_that_changes_something_leaves_a_labelled_entry() {
    let b = loaded();
    let evening = "2026-11-23T18:00:00+08:00";
    let out_dir = b.dir.path().join("exports");
    let steps: &[&[&str]] = &[
        &[
            "callback",
            "J003",
            "--result",
            "unsatisfied",
            "--note",
            "还是不冷",
        ],
        &["reconcile"],
        &[
            "resolve",
            "J005",
            "charge_mismatch",
            "--resolution",
            "note",
            "--note",
            "收据补开",
        ],
        &["verify", "J006"],
        &["deliver-invoice", "J005"],
        &["config", "cutoff", "17:30"],
        &["export", "daily", "--out", out_dir.to_str().unwrap()],
        &["backup"],
    ];
    for args in steps {
        let out = b.cmd(evening, args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let c = rusqlite::Connection::open(&b.db).unwrap();
    let mut st = c
        .prepare("SELECT action, operator, at, job_no FROM audit_log ORDER BY id")
        .unwrap();
    let rows: Vec<(String, String, Option<i64>, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let actions: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        actions,
        [
            "import_jobs",
            "import_visits",
            "import_cards",
            "callback",
            "reconcile",
            "resolve",
            "verify",
            "deliver_invoice",
            "config",
            "export"
        ]
    );
    // Who and when: the operator and the command's --now, as UTC seconds.
    let at_evening = chrono::DateTime::parse_from_rfc3339(evening)
        .unwrap()
        .timestamp();
    for (action, operator, at, _) in &rows[3..] {
        assert_eq!(operator, "tester", "{action}");
        assert_eq!(*at, Some(at_evening), "{action}");
    }
    assert_eq!(rows[3].3, "J003");
    assert_eq!(rows[5].3, "J005");
    let (ok, out, err) = run(&b, &["audit", "verify"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "intact (10 entries)");
}

#[test]
fn the_operator_setting_names_the_clerk_when_no_operator_is_given() {
    let b = loaded();
    let run_as = |args: &[&str], op: Option<&str>| {
        let mut c = assert_cmd::Command::cargo_bin("branchdesk").unwrap();
        c.env("TZ", "Asia/Shanghai")
            .env_remove("BRANCHDESK_OPERATOR")
            .env("USER", "login-name")
            .arg("--db")
            .arg(&b.db)
            .args(["--now", NOW]);
        if let Some(op) = op {
            c.args(["--operator", op]);
        }
        let out = c.args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run_as(&["verify", "J006"], None);
    run_as(&["config", "operator", "王丽"], None);
    run_as(&["deliver-invoice", "J005"], None);
    run_as(&["callback", "J003", "--result", "satisfied"], Some("张敏"));
    let c = rusqlite::Connection::open(&b.db).unwrap();
    let ops: Vec<String> = c
        .prepare("SELECT operator FROM audit_log WHERE id > 3 ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ops, ["login-name", "login-name", "王丽", "张敏"]);
}
