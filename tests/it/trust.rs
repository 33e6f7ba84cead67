//! Reports the center can trust, tried as an attacker would with nothing
//! but the `sqlite3` shell (here: rusqlite) and a text editor.

use crate::common::{Bench, NOW, loaded, read_json, report_files, sha256, stdout_of};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const EVENING: &str = "2026-11-23T18:00:00+08:00";

/// The center's reports of a branch-day: `(generation, sha256)`.
fn held(c: &Bench, code: &str) -> Option<(i64, String)> {
    let conn = Connection::open(&c.db).ok()?;
    conn.query_row(
        "SELECT generation, sha256 FROM center_reports WHERE branch = ?1",
        [code],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .ok()
}

/// Imports `dir` and expects every report in it refused with `why`,
/// naming the branch, and nothing of it stored.
fn refused(c: &Bench, now: &str, dir: &Path, why: &str) {
    // The center's database exists before (a first import would make it).
    stdout_of(c.cmd(now, &["center", "branches"]).output().unwrap());
    let before = c.dump();
    let out = c.center_import(now, dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "accepted: {err}");
    assert!(err.contains(why), "expected {why:?} in:\n{err}");
    assert_eq!(c.dump(), before, "nothing of a refused report is stored");
}

/// A report rewritten to show every callback satisfied and no open
/// discrepancy, with a checksum that matches.
fn forge(csv: &Path, manifest: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(csv).unwrap();
    let forged = text
        .replace("unsatisfied", "satisfied")
        .replace("signature_suspect", "")
        .replace("charge_mismatch", "");
    std::fs::write(csv, &forged).unwrap();
    let mut m = read_json(manifest);
    m["sha256"] = sha256(forged.as_bytes()).into();
    m
}

#[test]
fn forged_unsigned_wrong_key_and_wrong_folder_reports_are_refused_whole() {
    let b = loaded();
    let dir = b.exports();
    stdout_of(b.export_daily("2026-11-23T09:30:00+08:00", &dir));
    let c = Bench::new();
    stdout_of(c.center_import(NOW, &dir));
    assert_eq!(held(&c, "QD01").unwrap().0, 1);

    // Another branch's folder holds a forged QD01 report: every callback
    // satisfied, generation 9, made at 08:00, checksum recomputed.
    let attack = b.dir.path().join("attack");
    let (csv, manifest) = report_files(&dir, "QD01", "2026-11-23");
    let (fcsv, fmanifest) = report_files(&attack, "QD02", "2026-11-23");
    std::fs::create_dir_all(fcsv.parent().unwrap()).unwrap();
    std::fs::copy(&csv, &fcsv).unwrap();
    let mut m = forge(&fcsv, &manifest);
    m["generation"] = 9.into();
    m["generated_at"] = "2026-11-23T08:00:00+08:00".into();
    m["history"] = serde_json::json!(
        (1..9)
            .map(|i| format!("2026-11-23T07:{i:02}:00+08:00"))
            .collect::<Vec<_>>()
    );
    // Unsigned (signature dropped) …
    let mut unsigned = m.clone();
    unsigned.as_object_mut().unwrap().remove("signature");
    std::fs::write(&fmanifest, unsigned.to_string()).unwrap();
    std::fs::rename(&fcsv, fcsv.with_file_name("QD01_2026-11-23.csv")).unwrap();
    std::fs::rename(
        &fmanifest,
        fmanifest.with_file_name("QD01_2026-11-23.manifest.json"),
    )
    .unwrap();
    refused(&c, NOW, &attack, "folder");
    // … in its own folder: unsigned.
    std::fs::rename(attack.join("QD02"), attack.join("QD01")).unwrap();
    let (fcsv, fmanifest) = report_files(&attack, "QD01", "2026-11-23");
    refused(&c, NOW, &attack, "branch QD01: the manifest is not signed");
    // The old signature kept over the new content: signed wrongly.
    std::fs::write(&fmanifest, m.to_string()).unwrap();
    refused(&c, NOW, &attack, "does not match its content");
    // Signed properly, with the forger's own key: not the pinned one.
    let forger = ed25519_dalek::SigningKey::from_bytes(&[42; 32]);
    let mut theirs = m.clone();
    branchdesk::domain::signing::sign(&mut theirs, &forger);
    std::fs::write(&fmanifest, theirs.to_string()).unwrap();
    refused(
        &c,
        NOW,
        &attack,
        "another key than branch QD01's pinned key",
    );
    assert!(fcsv.exists());

    // The branch's real generation 2 is not locked out by any of it.
    stdout_of(b.export_daily("2026-11-23T13:00:00+08:00", &dir));
    let out = stdout_of(c.center_import(NOW, &dir));
    assert!(out.contains("imported generation 2"), "{out}");
    let sum = sha256(&std::fs::read(&csv).unwrap());
    assert_eq!(held(&c, "QD01").unwrap(), (2, sum));
}

#[test]
fn the_first_signed_report_pins_the_key_and_a_given_key_is_pinned_before() {
    let b = loaded();
    let dir = b.exports();
    stdout_of(b.export_daily(NOW, &dir));
    // `branchdesk key` at the branch: the key the first export made.
    let out = stdout_of(b.cmd(NOW, &["key"]).output().unwrap());
    let public = out
        .lines()
        .find_map(|l| l.strip_prefix("public key"))
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(public.len(), 64);
    let m = read_json(&report_files(&dir, "QD01", "2026-11-23").1);
    assert_eq!(m["public_key"], public.as_str());
    assert!(out.contains(&b.keys().join("QD01.key").display().to_string()));

    // A center given another key refuses QD01's report.
    let c = Bench::new();
    let other =
        branchdesk::domain::signing::public_hex(&ed25519_dalek::SigningKey::from_bytes(&[9; 32]));
    stdout_of(
        c.cmd(
            NOW,
            &["center", "branches", "add", "QD01", "崂山", "--key", &other],
        )
        .output()
        .unwrap(),
    );
    refused(&c, NOW, &dir, "another key than branch QD01's pinned key");
    // Re-pinning without the audited command is refused.
    let err = c
        .cmd(
            NOW,
            &["center", "branches", "add", "QD01", "--key", &public],
        )
        .output()
        .unwrap();
    assert!(!err.status.success());
    assert!(String::from_utf8_lossy(&err.stderr).contains("rekey"));
    // With a reason: pinned, audited, and the report comes in.
    stdout_of(
        c.cmd(
            NOW,
            &[
                "center",
                "branches",
                "rekey",
                "QD01",
                "--key",
                &public,
                "--reason",
                "新电脑",
            ],
        )
        .output()
        .unwrap(),
    );
    let log = stdout_of(c.cmd(NOW, &["audit", "log"]).output().unwrap());
    assert!(
        log.contains("center_rekey") && log.contains("新电脑"),
        "{log}"
    );
    stdout_of(c.center_import(NOW, &dir));
    assert_eq!(held(&c, "QD01").unwrap().0, 1);
    // A center with no key given pins the first signed report's.
    let c2 = Bench::new();
    stdout_of(c2.center_import(NOW, &dir));
    let list = stdout_of(c2.cmd(NOW, &["center", "branches"]).output().unwrap());
    assert!(list.contains(&public), "{list}");
}

#[test]
fn a_second_machine_of_the_branch_carries_the_key_or_is_re_pinned_with_a_reason() {
    let b = loaded();
    let dir = b.exports();
    stdout_of(b.export_daily("2026-11-23T09:30:00+08:00", &dir));
    let c = Bench::new();
    stdout_of(c.center_import(NOW, &dir));
    // The database restored on another machine, with the key file copied.
    let second = Bench::new();
    std::fs::copy(&b.db, &second.db).unwrap();
    std::fs::create_dir_all(second.keys()).unwrap();
    std::fs::copy(b.keys().join("QD01.key"), second.keys().join("QD01.key")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let k = second.keys().join("QD01.key");
        std::fs::set_permissions(&k, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    stdout_of(second.export_daily("2026-11-23T11:00:00+08:00", &dir));
    assert!(stdout_of(c.center_import(NOW, &dir)).contains("imported generation 2"));
    // Restored again, from the second machine's backup but without the
    // key: no new key is made by itself, the export stops naming the key …
    let third = Bench::new();
    std::fs::copy(&second.db, &third.db).unwrap();
    let pinned = read_json(&report_files(&dir, "QD01", "2026-11-23").1)["public_key"]
        .as_str()
        .unwrap()
        .to_string();
    for args in [
        &["export", "daily", "--out", dir.to_str().unwrap()][..],
        &["key"],
    ] {
        let out = third
            .cmd("2026-11-23T12:00:00+08:00", args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}: a key made by itself");
        assert!(
            err.contains("the signing key of branch QD01 is missing"),
            "{err}"
        );
        assert!(
            err.contains(&pinned),
            "the missing key's fingerprint: {err}"
        );
        assert!(
            err.contains("key --new") && err.contains("branches rekey QD01"),
            "{err}"
        );
        assert!(!third.keys().join("QD01.key").exists());
    }
    // … `key --new` makes one on purpose; the center refuses it …
    let out = stdout_of(third.cmd(NOW, &["key", "--new"]).output().unwrap());
    assert!(out.contains(&format!("replaces    {pinned}")), "{out}");
    assert!(out.contains("center branches rekey QD01 --key "), "{out}");
    let public = out
        .lines()
        .find_map(|l| l.strip_prefix("public key"))
        .unwrap()
        .trim()
        .trim_end_matches(" (new)")
        .to_string();
    stdout_of(third.export_daily("2026-11-23T12:00:00+08:00", &dir));
    refused(&c, NOW, &dir, "another key");
    let log = stdout_of(third.cmd(NOW, &["audit", "log"]).output().unwrap());
    assert!(log.contains("key_new") && log.contains(&public), "{log}");
    // … until the center pins the new key, with a reason.
    stdout_of(
        c.cmd(
            NOW,
            &[
                "center",
                "branches",
                "rekey",
                "QD01",
                "--key",
                &public,
                "--reason",
                "restored from backup without the key",
            ],
        )
        .output()
        .unwrap(),
    );
    assert!(stdout_of(c.center_import(NOW, &dir)).contains("imported generation 3"));
}

#[test]
fn reports_from_the_future_or_with_impossible_histories_are_refused() {
    let b = loaded();
    let dir = b.exports();
    stdout_of(b.export_daily("2026-11-23T09:30:00+08:00", &dir));
    stdout_of(b.export_daily("2026-11-23T11:30:00+08:00", &dir));
    let (csv, manifest) = report_files(&dir, "QD01", "2026-11-23");
    let good = read_json(&manifest);
    let c = Bench::new();
    type Edit = fn(&mut serde_json::Value);
    let cases: &[(&str, Edit)] = &[
        (
            "generation: the text \"2\" where a whole number 0 or more belongs",
            |m| m["generation"] = "2".into(),
        ),
        ("in the future", |m| {
            m["generated_at"] = "2099-11-23T11:30:00+08:00".into()
        }),
        ("in the future", |m| {
            m["generated_at"] = "2026-11-23T14:06:00+08:00".into()
        }),
        ("outside the years", |m| {
            m["history"][0] = "1970-01-01T08:00:00+08:00".into()
        }),
        ("before the report's day", |m| {
            m["history"][0] = "2026-11-22T23:59:00+08:00".into()
        }),
        ("not earlier than generated_at", |m| {
            m["history"][0] = "2026-11-23T11:30:00+08:00".into()
        }),
        ("must list the 1 earlier", |m| {
            m["history"] = serde_json::json!([]);
        }),
        ("before the report's day", |m| {
            m["generated_at"] = "2026-11-22T23:00:00+08:00".into()
        }),
    ];
    for (why, edit) in cases {
        std::fs::write(&manifest, good.to_string()).unwrap();
        b.rewrite_manifest(&manifest, "QD01", edit);
        refused(&c, NOW, &dir, why);
    }
    // A report dated 2030, in a folder and files named to match.
    std::fs::write(&manifest, good.to_string()).unwrap();
    let (fcsv, fmanifest) = report_files(&dir, "QD01", "2030-01-01");
    std::fs::rename(&csv, &fcsv).unwrap();
    std::fs::rename(&manifest, &fmanifest).unwrap();
    b.rewrite_manifest(&fmanifest, "QD01", |m| {
        m["date"] = "2030-01-01".into();
        m["generated_at"] = "2030-01-01T09:00:00+08:00".into();
        m["history"] = serde_json::json!(["2030-01-01T08:00:00+08:00"]);
    });
    // Now is said in the branch's own time, as every time shown is.
    refused(
        &c,
        NOW,
        &dir,
        "a day that has not begun (now is 2026-11-23T14:00:00+08:00)",
    );
    std::fs::remove_file(&fcsv).unwrap();
    // A 137 MB manifest of millions of history entries: refused unread.
    let mut huge = std::fs::File::create(&fmanifest).unwrap();
    use std::io::Write;
    huge.write_all(b"{\"history\":[").unwrap();
    for _ in 0..3_000_000 {
        huge.write_all(b"\"2026-11-23T08:00:00+08:00\",").unwrap();
    }
    huge.write_all(b"\"x\"]}").unwrap();
    drop(huge);
    std::fs::write(&fcsv, b"x").unwrap();
    refused(&c, NOW, &dir, "more than the 1048576");
}

#[test]
fn a_generation_contradicting_what_the_center_holds_is_refused() {
    let b = loaded();
    let dir = b.exports();
    stdout_of(b.export_daily("2026-11-23T09:30:00+08:00", &dir));
    let c = Bench::new();
    stdout_of(c.center_import(NOW, &dir));
    stdout_of(b.export_daily("2026-11-23T11:30:00+08:00", &dir));
    let (_, manifest) = report_files(&dir, "QD01", "2026-11-23");
    // Signed by the branch's key, but its history moves generation 1.
    b.rewrite_manifest(&manifest, "QD01", |m| {
        m["history"][0] = "2026-11-23T07:00:00+08:00".into()
    });
    refused(&c, NOW, &dir, "contradicts what the center holds");
    assert_eq!(held(&c, "QD01").unwrap().0, 1);
}

#[test]
fn generations_are_counted_in_the_database_not_read_from_the_folder() {
    let b = loaded();
    let one = b.dir.path().join("one");
    let two = b.dir.path().join("two");
    stdout_of(b.export_daily("2026-11-23T09:30:00+08:00", &one));
    // A manifest on disk claiming the last generation there is: ignored.
    let (_, manifest) = report_files(&one, "QD01", "2026-11-23");
    let mut m = read_json(&manifest);
    m["generation"] = u32::MAX.into();
    std::fs::write(&manifest, m.to_string()).unwrap();
    stdout_of(b.export_daily("2026-11-23T10:30:00+08:00", &two));
    let m2 = read_json(&report_files(&two, "QD01", "2026-11-23").1);
    assert_eq!(m2["generation"], 2, "a new --out folder goes on counting");
    assert_eq!(m2["history"][0], "2026-11-23T09:30:00+08:00");
    stdout_of(b.export_daily("2026-11-23T11:30:00+08:00", &one));
    assert_eq!(read_json(&manifest)["generation"], 3);
    // The most a day can have (raised behind the trail here): refused.
    let c = Connection::open(&b.db).unwrap();
    c.execute(
        "UPDATE report_generations SET generation = 1440 WHERE generation = 3",
        [],
    )
    .unwrap();
    drop(c);
    let out = b.export_daily("2026-11-23T12:30:00+08:00", &one);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the most a day can have"), "{err}");
    assert_eq!(read_json(&manifest)["generation"], 3);
}

#[test]
fn an_export_killed_between_its_two_files_is_refused_and_the_next_repairs_it() {
    let b = loaded();
    let dir = b.exports();
    let late = "2026-11-23T15:00:00+08:00";
    stdout_of(b.export_daily(NOW, &dir));
    let c = Bench::new();
    stdout_of(c.center_import(late, &dir));
    stdout_of(
        b.cmd(
            "2026-11-23T14:10:00+08:00",
            &["callback", "J002", "--result", "unreachable"],
        )
        .output()
        .unwrap(),
    );
    // The state a kill leaves after the new CSV's rename and before the
    // manifest's: generation 2 counted, its CSV beside generation 1's manifest.
    let side = b.dir.path().join("side");
    stdout_of(b.export_daily("2026-11-23T14:20:00+08:00", &side));
    let (csv, _) = report_files(&dir, "QD01", "2026-11-23");
    let new_csv = std::fs::read(report_files(&side, "QD01", "2026-11-23").0).unwrap();
    assert_ne!(new_csv, std::fs::read(&csv).unwrap());
    std::fs::write(&csv, new_csv).unwrap();
    refused(&c, late, &dir, "its export was interrupted");
    // The next export writes a whole pair, and the center takes it.
    stdout_of(b.export_daily("2026-11-23T14:30:00+08:00", &dir));
    let out = stdout_of(c.center_import(late, &dir));
    assert!(out.contains("imported generation 3"), "{out}");
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_links_out_are_skipped_and_the_other_reports_imported() {
    let b = loaded();
    let dir = b.exports();
    stdout_of(b.export_daily(NOW, &dir));
    let mkfifo = |p: &Path| {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    };
    let (fifo_csv, fifo_manifest) = report_files(&dir, "QD02", "2026-11-23");
    mkfifo(&fifo_csv);
    mkfifo(&fifo_manifest);
    // A real report's manifest beside a FIFO CSV: the FIFO is never opened.
    let (csv3, manifest3) = report_files(&dir, "QD03", "2026-11-23");
    std::fs::create_dir_all(csv3.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &csv3).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &manifest3).unwrap();
    let outside = b.dir.path().join("outside");
    stdout_of(b.export_daily(NOW, &outside));
    let (ocsv, omanifest) = report_files(&outside, "QD01", "2026-11-23");
    let (lcsv, lmanifest) = report_files(&dir, "QD04", "2026-11-23");
    std::fs::create_dir_all(lcsv.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&ocsv, &lcsv).unwrap();
    std::os::unix::fs::symlink(&omanifest, &lmanifest).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("QD05")).unwrap();
    // A folder that cannot be read (as root it still can: then it is read).
    let locked = dir.join("QD06");
    std::fs::create_dir_all(&locked).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();

    let c = Bench::new();
    let mut cmd = c.cmd(NOW, &["center", "import", dir.to_str().unwrap()]);
    // A watchdog, not a timing: a FIFO opened for reading would hang for ever.
    cmd.timeout(std::time::Duration::from_secs(60));
    let out = cmd.output().unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "did not finish: {err}");
    assert!(
        err.contains("QD02_2026-11-23.csv: not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("QD03_2026-11-23.csv: a symbolic link"),
        "{err}"
    );
    assert!(
        err.contains("QD04_2026-11-23.csv: a symbolic link"),
        "{err}"
    );
    assert!(err.contains("QD05: a symbolic link"), "{err}");
    if unsafe { libc::geteuid() } != 0 {
        assert!(err.contains("QD06"), "{err}");
    }
    assert!(out.status.success(), "{err}");
    let s = c.json(NOW, &["center", "status", "--json"]);
    let codes: Vec<&str> = s["branches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["branch"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["QD01"], "only the regular report came in");
}

/// Today's report of `b` sent (at [`NOW`]) to a new center, which writes
/// its anchors: the head of the trail the report carried (`entries`,
/// `hash`), the anchors file, and the center (which holds the file).
fn sent_and_anchored(b: &Bench) -> (i64, String, PathBuf, Bench) {
    let dir = b.exports();
    stdout_of(b.export_daily(NOW, &dir));
    let (n, hash) = head_of(&report_files(&dir, "QD01", "2026-11-23").1);
    let c = Bench::new();
    let file = anchors(&c, NOW, &dir);
    (n, hash, file, c)
}

/// Anchors of QD01 from a center that imported `dir`.
fn anchors(c: &Bench, now: &str, dir: &Path) -> PathBuf {
    stdout_of(c.center_import(now, dir));
    let file = c.dir.path().join("anchors.json");
    stdout_of(
        c.cmd(
            now,
            &["center", "anchors", "QD01", "--out", file.to_str().unwrap()],
        )
        .output()
        .unwrap(),
    );
    file
}

fn verify_anchors(b: &Bench, file: &Path) -> std::process::Output {
    b.cmd(
        EVENING,
        &["audit", "verify", "--anchors", file.to_str().unwrap()],
    )
    .output()
    .unwrap()
}

fn head_of(manifest: &Path) -> (i64, String) {
    let m = read_json(manifest);
    (
        m["audit_head"]["entries"].as_i64().unwrap(),
        m["audit_head"]["hash"].as_str().unwrap().to_string(),
    )
}

#[test]
fn the_center_keeps_every_audit_head_and_an_intact_trail_matches_them() {
    let b = loaded();
    let dir = b.exports();
    stdout_of(b.export_daily("2026-11-23T09:30:00+08:00", &dir));
    let (_, manifest) = report_files(&dir, "QD01", "2026-11-23");
    let first = head_of(&manifest);
    let c = Bench::new();
    stdout_of(c.center_import(NOW, &dir));
    stdout_of(b.cmd(NOW, &["verify", "J006"]).output().unwrap());
    stdout_of(b.export_daily("2026-11-23T13:30:00+08:00", &dir));
    let second = head_of(&manifest);
    assert!(second.0 > first.0);
    let file = anchors(&c, NOW, &dir);
    let a = read_json(&file);
    assert_eq!(a["branch"], "QD01");
    assert_eq!(a["anchors"].as_array().unwrap().len(), 2);
    assert_eq!(a["anchors"][0]["entries"], first.0);
    assert_eq!(a["anchors"][0]["hash"], first.1.as_str());
    assert_eq!(a["anchors"][1]["generation"], 2);
    let out = stdout_of(verify_anchors(&b, &file));
    assert!(out.contains("2 anchor(s)"), "{out}");
    // A branch the center does not know is refused, not given an empty list.
    let err = c.refused(NOW, &["center", "anchors", "QD99"]);
    assert!(err.contains("branch QD99 is not known here"), "{err}");
}

#[test]
fn a_truncated_tail_is_caught_by_the_anchors() {
    let b = loaded();
    stdout_of(
        b.cmd(NOW, &["config", "operator", "王芳"])
            .output()
            .unwrap(),
    );
    let (n, hash, file, _center) = sent_and_anchored(&b);
    // The newest entries go, with the rows they cover: the trail that is
    // left is whole, and `audit verify` alone says intact.
    let conn = Connection::open(&b.db).unwrap();
    conn.execute_batch(&format!(
        "DELETE FROM settings WHERE key IN ('operator', 'signing_key');
         DELETE FROM report_generations;
         DELETE FROM audit_rows WHERE entry_id >= {n};
         DELETE FROM audit_log WHERE id >= {n};"
    ))
    .unwrap();
    drop(conn);
    assert!(
        stdout_of(b.cmd(EVENING, &["audit", "verify"]).output().unwrap()).starts_with("intact")
    );
    let out = verify_anchors(&b, &file);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("entry {n} hash {hash}")),
        "names the anchor: {err}"
    );
    assert!(err.contains(&format!("only {} entries", n - 1)), "{err}");
}

#[test]
fn a_dropped_and_rebuilt_trail_is_caught_by_the_anchors() {
    let b = loaded();
    let (n, hash, file, _center) = sent_and_anchored(&b);
    // A forged card, the trail dropped, every later migration's objects
    // dropped too, the version set back: the next open writes a fresh
    // baseline over the forgery.
    let conn = Connection::open(&b.db).unwrap();
    conn.execute_batch(
        "UPDATE cards SET signed_by = 'customer' WHERE signed_by = 'engineer';
         DROP TABLE audit_log; DROP TABLE audit_rows;",
    )
    .unwrap();
    drop(conn);
    rebuild_as_version_2(&b.db);
    let out = b.cmd(EVENING, &["audit", "verify"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("intact"),
        "a rebuilt trail alone looks intact: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = verify_anchors(&b, &file);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("entry {n} hash {hash}")), "{err}");
}

/// What a careful attacker does so that the database looks like one from
/// before the trail: keeps the data of the first two migrations' tables
/// and nothing else, and sets the version to 2.
fn rebuild_as_version_2(db: &Path) {
    let conn = Connection::open(db).unwrap();
    let fresh = Connection::open_in_memory().unwrap();
    for sql in ["../sql/001_init.sql", "../sql/002_center.sql"] {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests")
                .join(sql),
        )
        .unwrap();
        fresh.execute_batch(&text).unwrap();
    }
    let keep: Vec<(String, String)> = fresh
        .prepare("SELECT type, name FROM sqlite_schema")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let present: Vec<(String, String, Option<String>)> = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    conn.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON")
        .unwrap();
    for (kind, name, sql) in &present {
        if keep.iter().any(|(k, n)| k == kind && n == name) || sql.is_none() {
            continue;
        }
        let _ = conn.execute_batch(&format!(
            "DROP {} IF EXISTS \"{name}\"",
            kind.to_uppercase()
        ));
    }
    // Columns later migrations added to kept tables: rebuilt as version 2 made them.
    for (kind, name) in &keep {
        if kind != "table" {
            continue;
        }
        let want: Vec<String> = column_names(&fresh, name);
        let have: Vec<String> = column_names(&conn, name);
        if want == have {
            continue;
        }
        let sql: String = fresh
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap();
        // The columns both have (a branch's center tables are empty: a
        // column version 2 had and a later one dropped has nothing to copy).
        let cols = want
            .iter()
            .filter(|c| have.contains(c))
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        conn.execute_batch(&format!(
            "ALTER TABLE \"{name}\" RENAME TO old_{name};
             {sql};
             INSERT INTO \"{name}\" ({cols}) SELECT {cols} FROM old_{name};
             DROP TABLE old_{name};"
        ))
        .unwrap();
    }
    // Indexes of version 2 dropped with their renamed tables: made again.
    for (kind, name) in &keep {
        if kind == "index" {
            let sql: Option<String> = fresh
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap();
            let there: bool = conn
                .query_row(
                    "SELECT count(*) > 0 FROM sqlite_schema WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap();
            if let (Some(sql), false) = (sql, there) {
                conn.execute_batch(&sql).unwrap();
            }
        }
    }
    conn.pragma_update(None, "user_version", 2).unwrap();
}

fn column_names(c: &Connection, table: &str) -> Vec<String> {
    c.prepare(&format!(
        "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
    ))
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

// ---- a resealed chain: the scheme is in the source, so a forger can
// recompute every digest and hash after changing a row ----

fn row_digest(c: &Connection, table: &str, rowid: i64) -> Vec<u8> {
    let mut st = c
        .prepare(&format!(
            "SELECT rowid AS rowid, * FROM \"{table}\" WHERE rowid = ?1"
        ))
        .unwrap();
    let names: Vec<String> = st.column_names().map(|s| s.to_string()).collect();
    st.query_row([rowid], |r| {
        let mut h = Sha256::new();
        h.update(table.as_bytes());
        h.update([0x1d]);
        for (i, name) in names.iter().enumerate() {
            let (tag, bytes): (u8, Vec<u8>) = match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Null => continue,
                rusqlite::types::ValueRef::Integer(n) => (b'i', n.to_string().into_bytes()),
                rusqlite::types::ValueRef::Real(f) => (b'r', f.to_string().into_bytes()),
                rusqlite::types::ValueRef::Text([]) => continue,
                rusqlite::types::ValueRef::Text(t) => (b't', t.to_vec()),
                rusqlite::types::ValueRef::Blob(b) => (b'b', b.to_vec()),
            };
            h.update(name.as_bytes());
            h.update([0x1f, tag]);
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(&bytes);
            h.update([0x1e]);
        }
        Ok(h.finalize().to_vec())
    })
    .unwrap()
}

fn hexs(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Recomputes `rows_sha256` and the chain from entry `from` on.
fn reseal(c: &Connection, from: i64) {
    let ids: Vec<i64> = c
        .prepare("SELECT id FROM audit_log WHERE id >= ?1 ORDER BY id")
        .unwrap()
        .query_map([from], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev: String = c
        .query_row(
            "SELECT coalesce((SELECT hash FROM audit_log WHERE id = ?1), ?2)",
            rusqlite::params![from - 1, "0".repeat(64)],
            |r| r.get(0),
        )
        .unwrap();
    for id in ids {
        let mut rows = Sha256::new();
        let mut st = c
            .prepare(
                "SELECT tbl, rid, digest FROM audit_rows WHERE entry_id = ?1 ORDER BY tbl, rid",
            )
            .unwrap();
        let mut q = st.query([id]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let (t, rid, d): (String, i64, Vec<u8>) =
                (r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap());
            rows.update(t.as_bytes());
            rows.update([0x1f]);
            rows.update(rid.to_le_bytes());
            rows.update([0x1f, d.len() as u8]);
            rows.update(&d);
        }
        let rows_sha = hexs(&rows.finalize());
        type Fields = (
            Option<i64>,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            i64,
        );
        let f: Fields = c
            .query_row(
                "SELECT at, operator, action, job_no, summary, before, after, rows FROM audit_log WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )
            .unwrap();
        let at = f.0.map(|a| a.to_string()).unwrap_or_default();
        let ids = id.to_string();
        let n = f.7.to_string();
        let fields: [(&str, bool); 11] = [
            ("branchdesk-audit-1", true),
            (&prev, true),
            (&ids, true),
            (&at, true),
            (&f.1, true),
            (&f.2, true),
            (&f.3, true),
            (&f.4, true),
            (f.5.as_deref().unwrap_or(""), f.5.is_some()),
            (f.6.as_deref().unwrap_or(""), f.6.is_some()),
            (&n, true),
        ];
        let mut h = Sha256::new();
        for (s, present) in fields {
            h.update([u8::from(present)]);
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        h.update(rows_sha.as_bytes());
        let hash = hexs(&h.finalize());
        c.execute(
            "UPDATE audit_log SET rows_sha256 = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1",
            rusqlite::params![id, rows_sha, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
}

#[test]
fn a_resealed_chain_is_caught_by_the_anchors() {
    let b = loaded();
    let (n, hash, file, _center) = sent_and_anchored(&b);
    // The engineer-signed card becomes the customer's; its digest and
    // every hash after it are recomputed.
    let conn = Connection::open(&b.db).unwrap();
    conn.execute(
        "UPDATE cards SET signed_by = 'customer' WHERE signed_by = 'engineer'",
        [],
    )
    .unwrap();
    let rid: i64 = conn
        .query_row(
            "SELECT rowid FROM cards WHERE signed_by = 'customer' ORDER BY rowid DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let entry: i64 = conn
        .query_row(
            "SELECT max(entry_id) FROM audit_rows WHERE tbl = 'cards' AND rid = ?1",
            [rid],
            |r| r.get(0),
        )
        .unwrap();
    let d = row_digest(&conn, "cards", rid);
    conn.execute(
        "UPDATE audit_rows SET digest = ?3 WHERE tbl = 'cards' AND rid = ?1 AND entry_id = ?2",
        rusqlite::params![rid, entry, d],
    )
    .unwrap();
    reseal(&conn, entry);
    drop(conn);
    assert!(
        stdout_of(b.cmd(EVENING, &["audit", "verify"]).output().unwrap()).starts_with("intact"),
        "the reseal is good enough to fool the trail alone"
    );
    let out = verify_anchors(&b, &file);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("entry {n} hash {hash}")), "{err}");
    assert!(err.contains("now has hash"), "{err}");
}

#[test]
fn the_clerks_next_write_never_launders_a_row_changed_behind_the_trail() {
    let b = loaded();
    let late = "2026-11-23T16:00:00+08:00";
    let overdue = |b: &Bench| -> Vec<String> {
        crate::common::job_nos(&b.json(late, &["overdue", "--json"])["overdue"])
    };
    assert!(
        overdue(&b).contains(&"J004".to_string()),
        "{:?}",
        overdue(&b)
    );
    // With sqlite3: J004's overdue callback is pushed a day ahead.
    let conn = Connection::open(&b.db).unwrap();
    conn.execute(
        "UPDATE callbacks SET due_at = due_at + 86400
         WHERE job_id = (SELECT id FROM jobs WHERE job_no = 'J004') AND status = 'pending'",
        [],
    )
    .unwrap();
    drop(conn);
    assert!(!overdue(&b).contains(&"J004".to_string()));
    // The clerk's ordinary write on it is refused; nothing is written.
    let before = b.dump();
    let out = b
        .cmd(late, &["callback", "J004", "--result", "unreachable"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "laundered");
    assert!(
        err.contains("callbacks row") && err.contains("audit verify"),
        "{err}"
    );
    assert_eq!(b.dump(), before);
    // … and the tampering still shows.
    let out = b.cmd(late, &["audit", "verify"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("callbacks row"));
}

#[test]
fn a_planted_trigger_is_reported_and_no_card_is_imported_through_it() {
    let b = loaded();
    let conn = Connection::open(&b.db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER all_signed AFTER INSERT ON cards BEGIN
             UPDATE cards SET signed_by = 'customer', satisfaction = 'satisfied'
             WHERE rowid = NEW.rowid;
         END;",
    )
    .unwrap();
    drop(conn);
    let out = b.cmd(NOW, &["audit", "verify"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("trigger \"all_signed\""), "{err}");
    let cards = b.file(
        "more_cards.csv",
        &format!(
            "{}\nJ004,2026-11-23 13:40,,engineer,yes,,\n",
            crate::common::CARDS_HEADER
        ),
    );
    let before = b.dump();
    let out = b.import("cards", &cards);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("all_signed"));
    assert_eq!(b.dump(), before, "nothing imported through the trigger");
}

#[test]
fn a_trigger_named_like_sqlites_statistics_is_reported_and_blocks_writes() {
    for (kind, name) in [("trigger", "sqlite_stat1_x"), ("trigger", "sqlite_stat9")] {
        let b = loaded();
        let conn = Connection::open(&b.db).unwrap();
        // SQLite refuses to create a `sqlite_` name; written straight into
        // the schema table, as a hostile hand would.
        conn.execute_batch("PRAGMA writable_schema = ON").unwrap();
        conn.execute(
            "INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql)
             VALUES (?1, ?2, 'cards', 0, ?3)",
            rusqlite::params![
                kind,
                name,
                format!(
                    "CREATE TRIGGER {name} AFTER INSERT ON cards BEGIN \
                     UPDATE cards SET signed_by = 'customer', satisfaction = 'satisfied' \
                     WHERE rowid = NEW.rowid; END"
                )
            ],
        )
        .unwrap();
        conn.execute_batch("PRAGMA writable_schema = OFF").unwrap();
        drop(conn);
        let out = b.cmd(NOW, &["audit", "verify"]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}: {err}");
        assert!(err.contains(&format!("{kind} \"{name}\"")), "{err}");
        let cards = b.file(
            "more_cards.csv",
            &format!(
                "{}\nJ004,2026-11-23 13:40,,engineer,yes,,\n",
                crate::common::CARDS_HEADER
            ),
        );
        let before = b.dump();
        let out = b.import("cards", &cards);
        assert!(!out.status.success(), "{name}: imported through it");
        assert!(String::from_utf8_lossy(&out.stderr).contains(name));
        assert_eq!(b.dump(), before, "nothing imported through {name}");
    }
}

#[test]
fn sqlites_own_statistics_are_not_foreign() {
    let b = loaded();
    let conn = Connection::open(&b.db).unwrap();
    conn.execute_batch("ANALYZE").unwrap();
    drop(conn);
    stdout_of(b.cmd(NOW, &["audit", "verify"]).output().unwrap());
}

#[test]
fn center_anchors_out_a_bare_file_name_writes_into_the_current_folder_and_succeeds() {
    let b = loaded();
    let dir = b.exports();
    stdout_of(b.export_daily(NOW, &dir));
    let c = Bench::new();
    stdout_of(c.center_import(NOW, &dir));
    let out = c
        .cmd(NOW, &["center", "anchors", "QD01", "--out", "anchors.json"])
        .current_dir(c.dir.path())
        .output()
        .unwrap();
    let said = stdout_of(out);
    assert!(said.contains("anchors.json: 1 anchor(s)"), "{said}");
    let a = read_json(&c.dir.path().join("anchors.json"));
    assert_eq!(a["branch"], "QD01");
    let left: Vec<_> = std::fs::read_dir(c.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn with_accept_new_branches_no_a_branch_not_added_is_refused_until_it_is() {
    let b = loaded();
    let dir = b.exports();
    stdout_of(b.export_daily(NOW, &dir));
    let c = Bench::new();
    let out = c
        .cmd(NOW, &["config", "accept_new_branches", "maybe"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "a bad value taken");
    stdout_of(
        c.cmd(NOW, &["config", "accept_new_branches", "no"])
            .output()
            .unwrap(),
    );
    refused(
        &c,
        NOW,
        &dir,
        "branch QD01 is not one this center takes reports from (accept_new_branches = no)",
    );
    assert_eq!(held(&c, "QD01"), None);
    let shown = stdout_of(b.cmd(NOW, &["key"]).output().unwrap());
    let key = shown
        .lines()
        .find_map(|l| l.strip_prefix("public key"))
        .unwrap()
        .trim()
        .to_string();
    stdout_of(
        c.cmd(
            NOW,
            &[
                "center",
                "branches",
                "add",
                "QD01",
                "崂山网点",
                "--key",
                &key,
            ],
        )
        .output()
        .unwrap(),
    );
    stdout_of(c.center_import(NOW, &dir));
    assert_eq!(held(&c, "QD01").unwrap().0, 1);
    // The default takes a branch never seen.
    let d = Bench::new();
    stdout_of(d.center_import(NOW, &dir));
}

#[test]
fn a_trigger_planted_while_a_desk_is_open_refuses_its_next_write() {
    use branchdesk::store::{Store, StoreError};
    let b = loaded();
    // The dashboard opened the database in the morning …
    let mut store = Store::open(&b.db).unwrap();
    // … and another process plants a trigger while it runs.
    let conn = Connection::open(&b.db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER all_signed AFTER INSERT ON cards BEGIN
             UPDATE cards SET signed_by = 'customer' WHERE rowid = NEW.rowid;
         END;",
    )
    .unwrap();
    drop(conn);
    let before = b.dump();
    let r: Result<(), StoreError> = store.write(|c| {
        c.execute("UPDATE settings SET value = value WHERE key = 'branch'", [])?;
        Ok(())
    });
    match r {
        Err(StoreError::Tampered(why)) => assert!(why.contains("all_signed"), "{why}"),
        other => panic!("written through a planted trigger: {other:?}"),
    }
    assert_eq!(b.dump(), before);
}

/// A report is read in the branch's own offset
/// (its manifest's `cutoff_at`), whatever offset `generated_at` is written
/// in: `+14:00` neither makes a report of a day before that day began nor
/// lets a report of tomorrow in, and the same instant written in `+14:00`
/// is the same report.
#[test]
fn a_generated_at_in_another_offset_is_read_in_the_branchs_own() {
    let b = loaded();
    let dir = b.exports();
    stdout_of(b.export_daily("2026-11-23T09:30:00+08:00", &dir));
    stdout_of(b.export_daily("2026-11-23T11:30:00+08:00", &dir));
    let (csv, manifest) = report_files(&dir, "QD01", "2026-11-23");
    let good = read_json(&manifest);
    assert_eq!(good["cutoff_at"], "2026-11-23T17:00:00+08:00");
    let c = Bench::new();
    // 01:00 and 01:30 of the 23rd at +14:00 are 19:00 and 19:30 of the
    // 22nd at the branch (+08:00): before the report's day began.
    b.rewrite_manifest(&manifest, "QD01", |m| {
        m["history"][0] = "2026-11-23T01:00:00+14:00".into();
        m["generated_at"] = "2026-11-23T01:30:00+14:00".into();
    });
    refused(&c, NOW, &dir, "before the report's day 2026-11-23 began");
    std::fs::write(&manifest, good.to_string()).unwrap();
    b.rewrite_manifest(&manifest, "QD01", |m| {
        m["history"][0] = "2026-11-23T02:00:00+14:00".into();
    });
    refused(
        &c,
        NOW,
        &dir,
        "history time 2026-11-23T02:00:00+14:00 is before",
    );
    // A report of the 24th made at 18:20 of the 23rd (the branch's time),
    // written as 00:20 of the 24th at +14:00: the 24th has not begun.
    std::fs::write(&manifest, good.to_string()).unwrap();
    let (tcsv, tmanifest) = report_files(&dir, "QD01", "2026-11-24");
    let body = std::fs::read_to_string(&csv)
        .unwrap()
        .replace("2026-11-23,QD01", "2026-11-24,QD01");
    std::fs::write(&tcsv, &body).unwrap();
    std::fs::rename(&manifest, &tmanifest).unwrap();
    std::fs::remove_file(&csv).unwrap();
    b.rewrite_manifest(&tmanifest, "QD01", |m| {
        m["date"] = "2026-11-24".into();
        m["cutoff_at"] = "2026-11-24T17:00:00+08:00".into();
        m["history"][0] = "2026-11-24T00:10:00+14:00".into();
        m["generated_at"] = "2026-11-24T00:20:00+14:00".into();
        m["sha256"] = sha256(body.as_bytes()).into();
    });
    let evening = "2026-11-23T18:30:00+08:00";
    refused(&c, evening, &dir, "a day that has not begun");
    // The same instants as the branch made them, written at +14:00: the
    // same report of the 23rd, on time at 10:00.
    std::fs::remove_file(&tcsv).unwrap();
    std::fs::remove_file(&tmanifest).unwrap();
    stdout_of(b.export_daily("2026-11-23T12:30:00+08:00", &dir));
    let (_, manifest) = report_files(&dir, "QD01", "2026-11-23");
    b.rewrite_manifest(&manifest, "QD01", |m| {
        m["history"] =
            serde_json::json!(["2026-11-23T15:30:00+14:00", "2026-11-23T17:30:00+14:00"]);
        m["generated_at"] = "2026-11-23T18:30:00+14:00".into();
    });
    stdout_of(c.center_import(NOW, &dir));
    let s = c.center_status(evening, "2026-11-23");
    let qd = &s["branches"][0];
    assert_eq!(qd["report"]["generation"], 3);
    assert_eq!(
        qd["report"]["first_generated_at"],
        "2026-11-23T09:30:00+08:00"
    );
    assert_eq!(qd["checks"][0]["state"], "on_time");
}
