//! The restore story as a clerk lives it (README, *Backup and restore*):
//! a backup with the key kept apart, reports sent, the disk dies, the
//! backup restored on a new machine, the next report accepted by the
//! center, and `audit verify --anchors` explaining what the restore lost.

use crate::common::{Bench, loaded, stdout_of};
use std::path::Path;

fn run(b: &Bench, now: &str, args: &[&str]) -> std::process::Output {
    b.cmd(now, args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn private(p: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

#[test]
fn backup_reports_sent_disk_dies_restore_next_report_accepted_anchors_explained() {
    let shared = tempfile::tempdir().unwrap(); // the folder the center reads
    let usb = tempfile::tempdir().unwrap(); // kept apart from the machine
    let b = loaded();
    let center = Bench::new();
    // Morning: the first report goes out.
    stdout_of(run(
        &b,
        "2026-11-23T09:30:00+08:00",
        &["export", "daily", "--out", s(shared.path())],
    ));
    stdout_of(run(
        &center,
        "2026-11-23T09:35:00+08:00",
        &["center", "import", s(shared.path())],
    ));
    // The backup, and what it says about the key.
    let backup = usb.path().join("branch-20261123.db");
    let said = stdout_of(run(
        &b,
        "2026-11-23T10:00:00+08:00",
        &["backup", "--to", s(&backup)],
    ));
    let key_file = b.keys().join("QD01.key");
    assert!(said.contains(s(&key_file)), "where the key is: {said}");
    assert!(said.contains("apart"), "{said}");
    std::fs::copy(&key_file, usb.path().join("QD01.key")).unwrap();
    // More work after the backup, and two more reports sent.
    stdout_of(run(&b, "2026-11-23T11:00:00+08:00", &["verify", "J006"]));
    stdout_of(run(
        &b,
        "2026-11-23T11:30:00+08:00",
        &["export", "daily", "--out", s(shared.path())],
    ));
    stdout_of(run(
        &center,
        "2026-11-23T11:35:00+08:00",
        &["center", "import", s(shared.path())],
    ));
    stdout_of(run(
        &b,
        "2026-11-23T12:00:00+08:00",
        &["deliver-invoice", "J005"],
    ));
    stdout_of(run(
        &b,
        "2026-11-23T13:30:00+08:00",
        &["export", "daily", "--out", s(shared.path())],
    ));
    let imported = stdout_of(run(
        &center,
        "2026-11-23T13:35:00+08:00",
        &["center", "import", s(shared.path())],
    ));
    assert!(imported.contains("imported generation 3"), "{imported}");

    // The disk dies: the database and the key are gone with it. A new
    // machine gets the key from the stick, then the backup.
    let mut new = Bench::new();
    // A new machine: not even the database's folder is there yet.
    new.db = new.dir.path().join("data/branchdesk/branch.db");
    std::fs::create_dir_all(new.keys()).unwrap();
    std::fs::copy(usb.path().join("QD01.key"), new.keys().join("QD01.key")).unwrap();
    private(&new.keys().join("QD01.key"));
    let said = stdout_of(run(
        &new,
        "2026-11-23T15:00:00+08:00",
        &["restore", s(&backup)],
    ));
    assert!(said.contains("restored from"), "{said}");
    assert!(said.contains("in place"), "the key: {said}");
    let log = stdout_of(run(&new, "2026-11-23T15:01:00+08:00", &["audit", "log"]));
    assert!(
        log.contains("restore"),
        "the restore is in the trail: {log}"
    );
    stdout_of(run(&new, "2026-11-23T15:01:00+08:00", &["audit", "verify"]));

    // Exported into a folder the center does not read (the local one died
    // with the disk), the report numbers on from the backup and the center
    // refuses it, saying what to do.
    let local = new.dir.path().join("exports");
    let said = stdout_of(run(
        &new,
        "2026-11-23T15:05:00+08:00",
        &["export", "daily", "--out", s(&local)],
    ));
    assert!(said.contains("generation 2"), "{said}");
    let out = run(
        &center,
        "2026-11-23T15:06:00+08:00",
        &["center", "import", s(&local)],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("restored from an older backup exports into the folder the center reads"),
        "{err}"
    );
    // The next report into the center's folder follows the generations
    // already sent …
    let said = stdout_of(run(
        &new,
        "2026-11-23T15:10:00+08:00",
        &["export", "daily", "--out", s(shared.path())],
    ));
    assert!(said.contains("generation 4"), "{said}");
    assert!(
        said.contains("generation 3 of that day was found in the folder"),
        "{said}"
    );
    // … and the center takes it.
    let imported = stdout_of(run(
        &center,
        "2026-11-23T15:15:00+08:00",
        &["center", "import", s(shared.path())],
    ));
    assert!(imported.contains("imported generation 4"), "{imported}");
    // The day after, the counting goes on from the database.
    let said = stdout_of(run(
        &new,
        "2026-11-24T09:00:00+08:00",
        &["export", "daily", "--out", s(shared.path())],
    ));
    assert!(said.contains("generation 1"), "{said}");

    // The auditor's anchors: the heads of generations 2 and 3 were made
    // after the backup and are lost to the restore, named as such.
    let anchors = center.dir.path().join("qd01-anchors.json");
    stdout_of(run(
        &center,
        "2026-11-24T09:05:00+08:00",
        &["center", "import", s(shared.path())],
    ));
    stdout_of(run(
        &center,
        "2026-11-24T09:05:00+08:00",
        &["center", "anchors", "QD01", "--out", s(&anchors)],
    ));
    let verified = stdout_of(run(
        &new,
        "2026-11-24T09:10:00+08:00",
        &["audit", "verify", "--anchors", s(&anchors)],
    ));
    assert!(
        verified.contains("lost to the restore of 2026-11-23T15:00:00+08:00"),
        "{verified}"
    );
    assert!(
        verified.contains("2026-11-23 generation 2, 2026-11-23 generation 3"),
        "{verified}"
    );
    assert!(
        verified.contains("3 anchor(s) of the center match the trail"),
        "{verified}"
    );
    let a: serde_json::Value = serde_json::from_slice(&std::fs::read(&anchors).unwrap()).unwrap();
    let list = a["anchors"].as_array().unwrap();
    let first = list[0]["entries"].as_i64().unwrap();
    let lost_last = list
        .iter()
        .filter(|x| x["date"] == "2026-11-23" && x["generation"] != 1 && x["generation"] != 4)
        .map(|x| x["entries"].as_i64().unwrap())
        .max()
        .unwrap();
    assert!(
        verified.contains(&format!("…{lost_last} lost")),
        "{verified}"
    );
    assert!(first > 0);

    // An entry both trails hold that differs still fails.
    let mut forged = a.clone();
    forged["anchors"][0]["hash"] = serde_json::Value::String("ab".repeat(32));
    let forged_file = center.dir.path().join("forged.json");
    std::fs::write(&forged_file, serde_json::to_vec(&forged).unwrap()).unwrap();
    let out = run(
        &new,
        "2026-11-24T09:10:00+08:00",
        &["audit", "verify", "--anchors", s(&forged_file)],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the trail was rewritten"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The backup copied over by hand, with no restore recorded: the same
    // anchors say the trail was rewritten.
    let by_hand = Bench::new();
    std::fs::copy(&backup, &by_hand.db).unwrap();
    let out = run(
        &by_hand,
        "2026-11-24T09:10:00+08:00",
        &["audit", "verify", "--anchors", s(&anchors)],
    );
    assert!(!out.status.success(), "a restore not recorded excused");
}

#[test]
fn restore_keeps_the_file_it_replaces_and_refuses_another_branchs_backup() {
    let b = loaded();
    let backup = b.dir.path().join("copy.db");
    stdout_of(run(
        &b,
        "2026-11-23T10:00:00+08:00",
        &["backup", "--to", s(&backup)],
    ));
    stdout_of(run(&b, "2026-11-23T11:00:00+08:00", &["verify", "J006"]));
    let before = std::fs::read(&backup).unwrap();
    stdout_of(run(
        &b,
        "2026-11-23T12:00:00+08:00",
        &["restore", s(&backup)],
    ));
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        before,
        "the backup itself changed"
    );
    let kept: Vec<String> = std::fs::read_dir(b.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("branch.db.replaced-20261123-120000"))
        .collect();
    assert!(
        kept.contains(&"branch.db.replaced-20261123-120000".to_string()),
        "{kept:?}"
    );
    // The replaced file still opens, with the verification made after the backup.
    let old = b.dir.path().join("branch.db.replaced-20261123-120000");
    let c = rusqlite::Connection::open(&old).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'verify'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    // A backup of another branch is refused, nothing changed.
    let other = Bench::new();
    let jobs = other.file(
        "jobs.csv",
        &crate::common::jobs_csv().replace("QD01", "QD02"),
    );
    stdout_of(other.import("jobs", &jobs));
    let other_backup = other.dir.path().join("other.db");
    stdout_of(run(
        &other,
        "2026-11-23T10:00:00+08:00",
        &["backup", "--to", s(&other_backup)],
    ));
    let dump = b.dump();
    let out = run(
        &b,
        "2026-11-23T12:30:00+08:00",
        &["restore", s(&other_backup)],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("backup of branch \"QD02\""));
    assert_eq!(b.dump(), dump);
}
