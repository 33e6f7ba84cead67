//! The center on PostgreSQL, through the real binary: every center command
//! gives the same output on both engines for the same input (refusals
//! too), and several clerks at once lose nothing and store each generation
//! once. The server: see `tests/pg/mod.rs`.

use crate::common::copy_dir;
use assert_cmd::Command;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-23T18:30:00+08:00";

/// `branchdesk --db DB --now NOW ARGS…` with the test's keys and zone.
fn cmd(db: &str, keys: &Path, now: &str, args: &[&str]) -> Command {
    Command::from_std(std_cmd(db, keys, now, args))
}

fn std_cmd(db: &str, keys: &Path, now: &str, args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("branchdesk"));
    c.env("TZ", "Asia/Shanghai")
        .env_remove("BRANCHDESK_DB")
        .env_remove("BRANCHDESK_NOW")
        .env("BRANCHDESK_KEYS", keys)
        .args(["--db", db, "--now", now, "--operator", "tester"])
        .args(args);
    c
}

/// What a command did: exit status, stdout and stderr, whole.
fn run(db: &str, keys: &Path, args: &[&str]) -> String {
    let out = cmd(db, keys, NOW, args).output().unwrap();
    format!(
        "$ {}\nexit {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `center import DIR`, which must succeed.
fn import(db: &str, keys: &Path, dir: &Path) {
    cmd(db, keys, NOW, &["center", "import", dir.to_str().unwrap()])
        .assert()
        .success();
}

/// The demo center's branches' reports (four branches, two days, cases,
/// late and missing branches): made once by the real binary.
fn reports(dir: &Path, keys: &Path) -> PathBuf {
    let seed = dir.join("seed.db");
    cmd(
        seed.to_str().unwrap(),
        keys,
        NOW,
        &["--demo", "center", "status"],
    )
    .assert()
    .success();
    let made = dir.join("center-demo-reports");
    assert!(made.join("QD-LS").exists(), "the demo wrote no reports");
    made
}

/// Every file under `dir` (relative path → bytes; spreadsheets as their
/// sheets' cells, since a workbook's zip carries its own times).
fn files(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
                continue;
            }
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            let content = if rel.ends_with(".xlsx") {
                use calamine::{Reader, open_workbook_auto};
                let mut book = open_workbook_auto(&p).unwrap();
                let mut text = String::new();
                for name in book.sheet_names() {
                    let range = book.worksheet_range(&name).unwrap();
                    text += &format!("[{name}]\n");
                    for row in range.rows() {
                        let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
                        text += &cells.join("\t");
                        text += "\n";
                    }
                }
                text
            } else {
                String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned()
            };
            out.push((rel, content));
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every center command on one engine, in order, in `lang` (`en`, `zh`):
/// what each printed and every file each wrote.
fn every_command(
    db: &str,
    work: &Path,
    keys: &Path,
    (good, bad): (&Path, &Path),
    lang: &str,
) -> Vec<String> {
    let run =
        |db: &str, keys: &Path, args: &[&str]| run(db, keys, &[&["--lang", lang], args].concat());
    let out_dir = work.join("out");
    let out = out_dir.to_str().unwrap();
    let (good, bad) = (good.to_str().unwrap(), bad.to_str().unwrap());
    let anchors = work.join("anchors.json");
    let mut log = vec![
        run(db, keys, &["center", "branches", "add", "QD-NEW", "新网点"]),
        run(db, keys, &["center", "import", good]),
        run(db, keys, &["center", "import", bad]),
        run(db, keys, &["center", "import", good]),
        run(db, keys, &["center", "status", "--json"]),
        run(db, keys, &["center", "status"]),
        run(
            db,
            keys,
            &["center", "status", "--date", "2026-11-22", "--json"],
        ),
        run(
            db,
            keys,
            &[
                "center", "check", "QD-LS", "--time", "18:00", "--note", "已核",
            ],
        ),
        run(db, keys, &["center", "check", "QD-LS", "--time", "09:00"]),
        run(db, keys, &["center", "check", "QD-NONE", "--time", "10:00"]),
        run(db, keys, &["center", "branches"]),
        run(
            db,
            keys,
            &[
                "center",
                "anchors",
                "QD-LS",
                "--out",
                anchors.to_str().unwrap(),
            ],
        ),
        run(db, keys, &["center", "cases", "--json"]),
    ];
    // The first case awaiting a ruling, ruled; then ruled again (refused).
    let cases: serde_json::Value = serde_json::from_slice(
        &cmd(db, keys, NOW, &["center", "cases", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let case = cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["state"] == "awaiting_ruling")
        .expect("a case awaiting its ruling");
    let (branch, id) = (
        case["branch"].as_str().unwrap().to_string(),
        case["case_id"].to_string(),
    );
    for _ in 0..2 {
        log.push(run(
            db,
            keys,
            &[
                "center",
                "rule",
                &branch,
                &id,
                "--decision",
                "approved",
                "--note",
                "同意",
            ],
        ));
    }
    log.extend([
        run(db, keys, &["center", "cases"]),
        run(db, keys, &["center", "export", "rulings", "--out", out]),
        run(db, keys, &["center", "export", "rulings", "--out", out]),
        run(db, keys, &["center", "export", "--out", out]),
        run(
            db,
            keys,
            &["center", "export", "--date", "2026-11-22", "--out", out],
        ),
        run(
            db,
            keys,
            &[
                "center", "export", "summary", "--period", "week", "--out", out,
            ],
        ),
        run(
            db,
            keys,
            &[
                "center", "export", "summary", "--period", "month", "--out", out,
            ],
        ),
        run(
            db,
            keys,
            &[
                "center", "branches", "rekey", "QD-LS", "--key", "00", "--reason", "x",
            ],
        ),
        run(db, keys, &["overdue", "--json"]),
        run(db, keys, &["overdue"]),
        run(db, keys, &["supervise"]),
        run(db, keys, &["supervise", "--period", "30d"]),
        run(db, keys, &["center", "status", "--json"]),
    ]);
    for (name, content) in files(&out_dir) {
        log.push(format!("file {name}\n{content}"));
    }
    log.push(format!(
        "anchors\n{}",
        std::fs::read_to_string(&anchors).unwrap_or_default()
    ));
    // Each engine writes into a folder of its own: named alike.
    let work = work.to_str().unwrap();
    log.iter().map(|l| l.replace(work, "WORK")).collect()
}

#[test]
fn every_center_command_gives_the_same_output_on_sqlite_and_postgresql() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = tmp.path().join("keys");
    let good = reports(tmp.path(), &keys);
    // A refused report: one byte of QD-CY's changed (its SHA-256 no longer
    // the manifest's), beside a report of a branch folder named wrongly.
    let bad = tmp.path().join("bad");
    copy_dir(&good.join("QD-CY"), &bad.join("QD-CY"));
    let csv = bad.join("QD-CY").join("QD-CY_2026-11-23.csv");
    let mut bytes = std::fs::read(&csv).unwrap();
    let last = bytes.len() - 3;
    bytes[last] = if bytes[last] == b'1' { b'2' } else { b'1' };
    std::fs::write(&csv, bytes).unwrap();
    copy_dir(&good.join("QD-LS"), &bad.join("QD-XX"));

    // In English, and in Chinese (the refusals and reasons said the same
    // way on both engines too).
    for lang in ["en", "zh"] {
        let sqlite_work = tmp.path().join(format!("sqlite-{lang}"));
        let pg_work = tmp.path().join(format!("pg-{lang}"));
        std::fs::create_dir_all(&sqlite_work).unwrap();
        std::fs::create_dir_all(&pg_work).unwrap();
        let sqlite_db = sqlite_work.join("center.db");
        let sqlite_db = sqlite_db.to_str().unwrap();
        let a = every_command(sqlite_db, &sqlite_work, &keys, (&good, &bad), lang);
        let url = crate::pg::fresh_db();
        let b = every_command(&url, &pg_work, &keys, (&good, &bad), lang);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "SQLite and PostgreSQL differ");
        }
        // What was compared is real: reports imported, one refused,
        // rulings out.
        let all = a.join("\n");
        assert!(all.contains("SHA-256"), "{all}");
        assert!(all.contains("QD-XX"), "{all}");
        assert!(all.contains("rulings_"), "{all}");
        assert!(all.contains("\"generation\": 2") || all.contains("\"generation\": 1"));
        if lang == "zh" {
            assert!(all.contains("已拒收") && all.contains("已批示"), "{all}");
        }
    }
}

#[test]
fn a_branch_command_on_postgresql_is_refused_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let url = crate::pg::fresh_db();
    let out = cmd(&url, &tmp.path().join("keys"), NOW, &["status", "--json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("holds a center"), "{err}");
    // A password in the URL is never printed.
    let secret = url.replacen("postgres@", "postgres:hunter2@", 1);
    let out = cmd(&secret, &tmp.path().join("keys"), NOW, &["status"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn the_schema_is_made_by_numbered_migrations_tracked_in_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let url = crate::pg::fresh_db();
    let keys = tmp.path().join("keys");
    for _ in 0..2 {
        cmd(&url, &keys, NOW, &["center", "branches"])
            .assert()
            .success();
    }
    let mut c = crate::pg::client(&url);
    let versions: Vec<i64> = c
        .query(
            "SELECT version FROM branchdesk_migrations ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, vec![1, 2]);
    // A newer schema than this branchdesk knows is refused, nothing written.
    c.execute(
        "INSERT INTO branchdesk_migrations(version) VALUES (99)",
        &[],
    )
    .unwrap();
    let out = cmd(&url, &keys, NOW, &["center", "branches", "add", "QD-A"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer"));
    let n: i64 = c
        .query_one("SELECT count(*) FROM center_branches", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
}

#[test]
fn two_imports_and_a_check_at_once_lose_nothing_and_store_each_generation_once() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = tmp.path().join("keys");
    let good = reports(tmp.path(), &keys);
    // Two folders: QD-LS in both (the same reports), QD-CY in one, QD-SN in
    // the other.
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    copy_dir(&good.join("QD-LS"), &a.join("QD-LS"));
    copy_dir(&good.join("QD-CY"), &a.join("QD-CY"));
    copy_dir(&good.join("QD-LS"), &b.join("QD-LS"));
    copy_dir(&good.join("QD-SN"), &b.join("QD-SN"));
    let url = crate::pg::fresh_db();
    cmd(&url, &keys, NOW, &["center", "branches", "add", "QD-LS"])
        .assert()
        .success();
    // QD-CY's reports came earlier: a case of theirs is ruled meanwhile.
    let early = tmp.path().join("early");
    copy_dir(&good.join("QD-CY"), &early.join("QD-CY"));
    import(&url, &keys, &early);
    let cases: serde_json::Value = serde_json::from_slice(
        &cmd(&url, &keys, NOW, &["center", "cases", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let case = cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["branch"] == "QD-CY" && c["state"] == "awaiting_ruling")
        .expect("a case of QD-CY")["case_id"]
        .to_string();
    let spawn = |args: &[&str]| {
        let mut c = std_cmd(&url, &keys, NOW, args);
        c.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (pa, pb) = (a.to_str().unwrap(), b.to_str().unwrap());
    let children = [
        spawn(&["center", "import", pa]),
        spawn(&["center", "import", pb]),
        spawn(&[
            "center", "check", "QD-LS", "--time", "18:00", "--note", "在查",
        ]),
        spawn(&[
            "center",
            "rule",
            "QD-CY",
            &case,
            "--decision",
            "approved",
            "--note",
            "同意",
        ]),
    ];
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for o in &outs {
        assert!(
            o.status.success(),
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let text: String = outs
        .iter()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .collect();
    // Each QD-LS report imported by exactly one of the two, the other
    // found it unchanged.
    for day in ["2026-11-22", "2026-11-23"] {
        let name = format!("QD-LS_{day}.csv");
        let lines: Vec<&str> = text.lines().filter(|l| l.contains(&name)).collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(
            lines.iter().filter(|l| l.contains("unchanged")).count(),
            1,
            "{text}"
        );
    }
    let mut c = crate::pg::client(&url);
    let held: Vec<(String, String, i64, i64)> = c
        .query(
            "SELECT branch, report_date::text, generation, count(*) FROM center_generations
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    assert!(held.iter().all(|h| h.3 == 1), "{held:?}");
    let branches: Vec<&str> = held.iter().map(|h| h.0.as_str()).collect();
    for b in ["QD-CY", "QD-LS", "QD-SN"] {
        assert!(branches.contains(&b), "{held:?}");
    }
    // Every report's rows, once; the check kept; each import one entry of
    // the trail, whose chain is whole.
    let reports: i64 = c
        .query_one(
            "SELECT count(*) FROM center_reports r WHERE rows = (SELECT count(*)
                FROM center_report_rows x WHERE x.branch = r.branch
                AND x.report_date = r.report_date)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(reports as usize, held.len());
    let checks: i64 = c
        .query_one("SELECT count(*) FROM center_checks", &[])
        .unwrap()
        .get(0);
    assert_eq!(checks, 1);
    let rulings: i64 = c
        .query_one("SELECT count(*) FROM center_rulings", &[])
        .unwrap()
        .get(0);
    assert_eq!(rulings, 1);
    let imports: i64 = c
        .query_one(
            "SELECT count(*) FROM center_audit WHERE action = 'center_import'
               AND summary LIKE '%rows, key%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(imports as usize, held.len());
    let chain: Vec<(i64, String, String)> = c
        .query(
            "SELECT id, prev_hash, hash FROM center_audit ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    // Each entry's hash is its content's (see `store/center/pg.rs`).
    for r in c
        .query(
            "SELECT id, at, operator, action, job_no, summary, prev_hash, hash FROM center_audit",
            &[],
        )
        .unwrap()
    {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        let (id, at): (i64, i64) = (r.get(0), r.get(1));
        for part in [
            r.get::<_, String>(6),
            id.to_string(),
            at.to_string(),
            r.get(2),
            r.get(3),
            r.get(4),
            r.get(5),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        let want: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(r.get::<_, String>(7), want, "entry {id}");
    }
    for (i, w) in chain.windows(2).enumerate() {
        assert_eq!(w[1].1, w[0].2, "entry {} does not follow {i}", w[1].0);
        assert_eq!(w[1].0, w[0].0 + 1);
    }
}

#[test]
fn the_rows_are_partitioned_by_month_and_keyed_by_branch_first() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = tmp.path().join("keys");
    let good = reports(tmp.path(), &keys);
    let url = crate::pg::fresh_db();
    import(&url, &keys, &good);
    let mut c = crate::pg::client(&url);
    let parts: Vec<String> = c
        .query(
            "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'center_report_rows'
               AND c.relkind = 'r'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(parts, vec!["center_report_rows_202611".to_string()]);
    let in_part: i64 = c
        .query_one("SELECT count(*) FROM center_report_rows_202611", &[])
        .unwrap()
        .get(0);
    assert!(in_part > 100);
    // Every table of the center but the settings and the trail has the
    // branch as the first column of its primary key.
    let firsts: Vec<(String, String)> = c
        .query(
            "SELECT t.relname::text, a.attname::text FROM pg_index i
             JOIN pg_class t ON t.oid = i.indrelid
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
             WHERE i.indisprimary AND t.relname LIKE 'center_%' AND t.relkind IN ('r', 'p')
               AND t.relname NOT LIKE 'center_report_rows_2%'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    for (table, first) in &firsts {
        let want = match table.as_str() {
            "center_settings" => "key",
            "center_audit" => "id",
            "center_branches" => "code",
            _ => "branch",
        };
        assert_eq!(first, want, "{table}");
    }
    assert!(firsts.len() >= 8, "{firsts:?}");
}

/// The center clerk's screen on PostgreSQL: the demo center, a branch
/// marked checked with a note, the mark in the database.
#[cfg(unix)]
#[test]
fn the_center_screen_runs_on_postgresql() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::pg::fresh_db();
    let data = dir.path().join("data");
    let keys = dir.path().join("keys");
    let mut term = crate::common::pty::Term::start(
        &[
            "--db",
            &url,
            "--now",
            NOW,
            "--lang",
            "en",
            "--operator",
            "center-clerk",
            "center",
            "--demo",
        ],
        &[
            ("XDG_DATA_HOME", data.as_os_str()),
            ("BRANCHDESK_KEYS", keys.as_os_str()),
        ],
    );
    crate::center_pty::mark_the_late_branch_checked_and_quit(&mut term);
    let mut c = crate::pg::client(&url);
    let row = c
        .query_one(
            "SELECT checked_by, note, check_time FROM center_checks WHERE branch = 'QD-SN'",
            &[],
        )
        .unwrap();
    let got: (String, String, String) = (row.get(0), row.get(1), row.get(2));
    assert_eq!(
        got,
        ("center-clerk".into(), "phoned".into(), "18:00".into())
    );
}

/// The supervisor's screen on PostgreSQL: the demo center's overdue
/// callbacks by branch, the engineers' tab, `Enter` saying the timeline is
/// at the branch; the same review as text when not on a terminal.
#[cfg(unix)]
#[test]
fn the_supervisors_screen_runs_on_postgresql() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::pg::fresh_db();
    let data = dir.path().join("data");
    let keys = dir.path().join("keys");
    // The demo center, filled by its first command.
    cmd(&url, &keys, NOW, &["--demo", "center", "status"])
        .env("XDG_DATA_HOME", &data)
        .assert()
        .success();
    let text = cmd(&url, &keys, NOW, &["--lang", "en", "supervise"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("QD-CY"), "{text}");
    let mut term = crate::common::pty::Term::start(
        &["--db", &url, "--now", NOW, "--lang", "en", "supervise"],
        &[("BRANCHDESK_KEYS", keys.as_os_str())],
    );
    term.wait_for("Overdue callbacks");
    term.wait_for("QD-CY");
    term.press("\r");
    term.wait_for("at branch");
    term.press("3");
    term.wait_for("engineer");
    term.press("q");
    assert!(term.wait_exit().success());
    term.assert_restored();
}

/// `audit verify` on PostgreSQL: the center's own trail intact after a
/// day's imports and checks; an entry edited, or one taken out, is found
/// and named, and the command fails.
#[test]
fn the_centers_trail_on_postgresql_is_verified_and_a_tampered_entry_found() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::pg::fresh_db();
    let keys = dir.path().join("keys");
    cmd(&url, &keys, NOW, &["--demo", "center", "status"])
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .assert()
        .success();
    let mut c = crate::pg::client(&url);
    let n: i64 = c
        .query_one("SELECT count(*) FROM center_audit", &[])
        .unwrap()
        .get(0);
    assert!(n > 3, "{n}");
    let out = cmd(&url, &keys, NOW, &["audit", "verify"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("intact ({n} entries)\n")
    );
    // The server's hash and the checker's agree entry by entry.
    let row = c
        .query_one(
            "SELECT prev_hash, id, at, operator, action, job_no, summary, hash
             FROM center_audit WHERE id = 2",
            &[],
        )
        .unwrap();
    let want = branchdesk::store::center::pg::entry_hash(
        row.get(0),
        row.get(1),
        row.get(2),
        row.get(3),
        row.get(4),
        row.get(5),
        row.get(6),
    );
    assert_eq!(want, row.get::<_, String>(7));
    // An entry's summary edited behind branchdesk's back.
    c.execute(
        "UPDATE center_audit SET summary = summary || ' (edited)' WHERE id = 2",
        &[],
    )
    .unwrap();
    let out = cmd(&url, &keys, NOW, &["audit", "verify"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audit trail broken at entry 2"), "{err}");
    c.execute(
        "UPDATE center_audit SET summary = left(summary, length(summary) - 9) WHERE id = 2",
        &[],
    )
    .unwrap();
    assert!(
        cmd(&url, &keys, NOW, &["audit", "verify"])
            .output()
            .unwrap()
            .status
            .success()
    );
    // An entry taken out of the middle.
    c.execute("DELETE FROM center_audit WHERE id = 3", &[])
        .unwrap();
    let out = cmd(&url, &keys, NOW, &["audit", "verify"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audit trail broken at entry 4"), "{err}");
}

/// A center's settings on PostgreSQL (`config`): check times and
/// `accept_new_branches` act as on a SQLite center, bad values refused.
#[test]
fn a_centers_settings_on_postgresql() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = tmp.path().join("keys");
    let good = reports(tmp.path(), &keys);
    let lite = tmp.path().join("center.db");
    let url = crate::pg::fresh_db();
    let mut outputs = Vec::new();
    for db in [lite.to_str().unwrap(), url.as_str()] {
        let mut log = vec![
            run(db, &keys, &["config", "check_times", "09:30,17:45"]),
            run(db, &keys, &["config", "check_times", "25:00"]),
            run(db, &keys, &["config", "accept_new_branches", "maybe"]),
            run(db, &keys, &["config", "accept_new_branches", "no"]),
            run(db, &keys, &["config", "check_times"]),
            run(db, &keys, &["center", "branches", "add", "QD-LS"]),
            run(db, &keys, &["center", "import", good.to_str().unwrap()]),
            run(db, &keys, &["center", "status", "--json"]),
        ];
        let work = tmp.path().to_str().unwrap();
        log.iter_mut().for_each(|l| *l = l.replace(work, "WORK"));
        outputs.push(log);
    }
    assert_eq!(outputs[0], outputs[1]);
    let all = outputs[1].join("\n");
    assert!(
        all.contains("\"09:30\"") && all.contains("accept_new_branches"),
        "{all}"
    );
    let mut c = crate::pg::client(&url);
    let n: i64 = c
        .query_one("SELECT count(DISTINCT branch) FROM center_reports", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "only the branch added was taken");
}

/// Every row of `table` (ordered by `order`) as text, whole.
fn table_text(c: &mut postgres::Client, table: &str, order: &str) -> Vec<String> {
    c.simple_query(&format!("SELECT t::text FROM {table} t ORDER BY {order}"))
        .unwrap()
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(r.get(0).unwrap_or("").to_string()),
            _ => None,
        })
        .collect()
}

/// Copies `select`'s rows on `from` into `into` of `to`, with `COPY`.
fn copy_rows(from: &mut postgres::Client, select: &str, to: &mut postgres::Client, into: &str) {
    use std::io::{Read, Write};
    let mut data = Vec::new();
    from.copy_out(&format!("COPY ({select}) TO STDOUT"))
        .unwrap()
        .read_to_end(&mut data)
        .unwrap();
    let mut w = to.copy_in(&format!("COPY {into} FROM STDIN")).unwrap();
    w.write_all(&data).unwrap();
    w.finish().unwrap();
}

/// The stored columns of `center_report_rows` are the report's columns as
/// `store::center::stored` types them, on PostgreSQL too.
#[test]
fn the_rows_table_on_postgresql_is_the_report_columns_as_stored() {
    use branchdesk::store::center::stored;
    let url = crate::pg::fresh_db();
    let tmp = tempfile::tempdir().unwrap();
    cmd(&url, &tmp.path().join("keys"), NOW, &["center", "branches"])
        .assert()
        .success();
    let mut c = crate::pg::client(&url);
    let mut got: Vec<(String, String, bool)> = c
        .query(
            "SELECT column_name::text, data_type::text, is_nullable = 'YES'
             FROM information_schema.columns WHERE table_name = 'center_report_rows'
               AND column_name NOT IN ('branch', 'report_date', 'line')",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    got.sort();
    let mut want: Vec<(String, String, bool)> = branchdesk::domain::report::COLUMNS
        .iter()
        .filter(|c| !matches!(c.name, "branch" | "report_date"))
        .map(|c| {
            let (ty, null) = stored(c).pg();
            (c.name.to_string(), ty.to_string(), null)
        })
        .collect();
    want.sort();
    assert_eq!(got, want);
}

/// A center made at PostgreSQL schema version 1 (every cell in one JSON
/// object) upgrades in place on its next open: the same rows as an import
/// into the new schema, and every command's output the same.
#[test]
fn a_postgresql_center_of_version_1_upgrades_to_columns_losing_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = tmp.path().join("keys");
    let good = reports(tmp.path(), &keys);
    let fresh = crate::pg::fresh_db();
    import(&fresh, &keys, &good);
    let old = crate::pg::fresh_db();
    let (mut a, mut b) = (crate::pg::client(&fresh), crate::pg::client(&old));
    b.batch_execute(include_str!("../../sql/pg/001_center.sql"))
        .unwrap();
    b.batch_execute(
        "CREATE TABLE branchdesk_migrations (
             version bigint PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
         INSERT INTO branchdesk_migrations(version) VALUES (1);
         CREATE TABLE center_report_rows_202611 PARTITION OF center_report_rows
             FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');",
    )
    .unwrap();
    for t in [
        "center_settings",
        "center_branches",
        "center_reports",
        "center_generations",
        "center_checks",
        "center_rulings",
        "center_audit",
    ] {
        copy_rows(&mut a, &format!("SELECT * FROM {t}"), &mut b, t);
    }
    // The rows as version 1 kept them: the typed columns, and every cell
    // of the report's header in `cells` (as text).
    let text_cells: Vec<String> = branchdesk::domain::report::COLUMNS
        .iter()
        .filter(|c| branchdesk::store::center::stored(c) == branchdesk::store::center::Stored::Text)
        .map(|c| format!("'{0}', {0}", c.name))
        .collect();
    let cells = format!(
        "jsonb_strip_nulls(jsonb_build_object({}) || jsonb_build_object(
             'late_minutes', coalesce(late_minutes::text, ''),
             'loaner_overdue', CASE WHEN loaner_overdue THEN 'yes' ELSE 'no' END))::text",
        text_cells.join(", ")
    );
    copy_rows(
        &mut a,
        &format!(
            "SELECT branch, report_date, line, job_no, coalesce(engineer, ''),
                    coalesce(status, ''), coalesce(outcome, ''), coalesce(callback_kind, ''),
                    callback_due, coalesce(callback_result, ''), callback_overdue,
                    coalesce(card_state, ''), discrepancies_open, invoice_owed, {cells},
                    touched, open_items
             FROM center_report_rows"
        ),
        &mut b,
        "center_report_rows(branch, report_date, line, job_no, engineer, status, outcome,
             callback_kind, callback_due, callback_result, callback_overdue, card_state,
             discrepancies_open, invoice_owed, cells, touched, open_items)",
    );
    let commands: &[&[&str]] = &[
        &["center", "status", "--json"],
        &["center", "cases", "--json"],
        &["overdue", "--json"],
        &["supervise"],
        &["supervise", "--period", "30d"],
    ];
    for args in commands {
        assert_eq!(run(&old, &keys, args), run(&fresh, &keys, args), "{args:?}");
    }
    let versions: i64 = b
        .query_one("SELECT max(version) FROM branchdesk_migrations", &[])
        .unwrap()
        .get(0);
    assert_eq!(versions, 2);
    let order = "branch, report_date, job_no";
    let rows = table_text(&mut a, "center_report_rows", order);
    assert!(rows.len() > 100, "{}", rows.len());
    assert_eq!(table_text(&mut b, "center_report_rows", order), rows);
}
