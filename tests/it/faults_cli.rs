//! Faults that must not mislead the clerk: a folder or file that cannot be
//! written is said so (not "damaged", with advice to restore a backup), and
//! reading still works; several processes opening a new database at once.

use crate::common::*;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The binary as a user for whom permissions count: root ignores them, so
/// when the tests run as root the command runs as `nobody`.
fn run_as_user(b: &Bench, db: &Path, args: &[&str]) -> (bool, String, String) {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("branchdesk"));
    c.env("TZ", "Asia/Shanghai")
        .env_remove("BRANCHDESK_DB")
        .env_remove("BRANCHDESK_NOW")
        .current_dir(b.dir.path())
        .arg("--db")
        .arg(db)
        .args(["--now", NOW, "--operator", "tester"])
        .args(args);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        c.uid(65534).gid(65534);
    }
    let out = c.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A loaded database in its own folder `f`, closed (no -wal left).
fn loaded_in_folder(b: &Bench) -> std::path::PathBuf {
    let src = loaded();
    chmod(b.dir.path(), 0o755);
    let dir = b.dir.path().join("f");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("branch.db");
    std::fs::copy(&src.db, &db).unwrap();
    db
}

fn not_damage(err: &str) {
    assert!(!err.contains("is damaged"), "{err}");
    assert!(!err.contains("copy the backup"), "{err}");
    assert!(err.contains("not damaged"), "{err}");
}

#[test]
fn a_folder_that_cannot_be_written_is_said_so_and_reading_still_works() {
    let b = Bench::new();
    let db = loaded_in_folder(&b);
    let dir = db.parent().unwrap().to_path_buf();
    chmod(&db, 0o666);
    chmod(&dir, 0o555);
    let before = std::fs::read(&db).unwrap();

    let (ok, _, err) = run_as_user(&b, &db, &["config", "cutoff", "17:30"]);
    assert!(!ok, "a write into an unwritable folder succeeded");
    assert!(
        err.contains("the folder") && err.contains("cannot be written"),
        "{err}"
    );
    not_damage(&err);
    let (ok, out, err) = run_as_user(&b, &db, &["status", "--json"]);
    assert!(ok, "{err}");
    let s: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(s["branch"], "QD01");
    let (ok, out, err) = run_as_user(&b, &db, &["overdue"]);
    assert!(ok, "{err}{out}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file was changed");
    assert!(!dir.join("branch.db-wal").exists());
    chmod(&dir, 0o755);
}

#[test]
fn a_read_only_file_is_said_so_and_reading_still_works() {
    let b = Bench::new();
    let db = loaded_in_folder(&b);
    let dir = db.parent().unwrap().to_path_buf();
    chmod(&dir, 0o777);
    chmod(&db, 0o444);
    let before = std::fs::read(&db).unwrap();
    for args in [
        &["config", "cutoff", "17:30"][..],
        &["callback", "J002", "--result", "satisfied"],
    ] {
        let (ok, _, err) = run_as_user(&b, &db, args);
        assert!(!ok, "{args:?} wrote to a read-only file");
        assert!(err.contains("is read-only"), "{err}");
        not_damage(&err);
    }
    let (ok, out, err) = run_as_user(&b, &db, &["status", "--json"]);
    assert!(ok, "{err}");
    assert!(out.contains("\"callbacks_pending\""));
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file was changed");
}

#[test]
fn several_processes_opening_a_new_database_at_once_all_succeed() {
    for round in 0..2 {
        let b = Bench::new();
        let db = b.dir.path().join(format!("new{round}.db"));
        let kids: Vec<_> = (0..8)
            .map(|i| {
                let args: &[&str] = match i % 3 {
                    0 => &["status", "--json"],
                    1 => &["config", "cutoff", "17:30"],
                    _ => &["overdue", "--json"],
                };
                std::process::Command::new(assert_cmd::cargo::cargo_bin("branchdesk"))
                    .env("TZ", "Asia/Shanghai")
                    .env_remove("BRANCHDESK_DB")
                    .env_remove("BRANCHDESK_NOW")
                    .arg("--db")
                    .arg(&db)
                    .args(["--now", NOW])
                    .args(args)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for k in kids {
            let out = k.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let b = Bench { db, ..b };
        let o = b.cmd(NOW, &["audit", "verify"]).output().unwrap();
        let (ok, out, err) = (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        );
        assert!(ok && out.starts_with("intact"), "{out}{err}");
    }
}

/// A center's database that cannot be written is said so as a branch's is
/// (the center's own error carries the store's).
#[test]
fn a_read_only_center_is_said_so() {
    let seed = Bench::new();
    seed.cmd(NOW, &["--demo", "center", "status"])
        .assert()
        .success();
    let b = Bench::new();
    chmod(b.dir.path(), 0o755);
    let dir = b.dir.path().join("f");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("center.db");
    std::fs::copy(&seed.db, &db).unwrap();
    chmod(&dir, 0o777);
    chmod(&db, 0o444);
    let before = std::fs::read(&db).unwrap();
    let (ok, _, err) = run_as_user(&b, &db, &["center", "check", "QD-LS", "--time", "10:00"]);
    assert!(!ok, "a check was written to a read-only file");
    assert!(err.contains("is read-only"), "{err}");
    not_damage(&err);
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file was changed");
    chmod(&dir, 0o755);
}
