//! The center's side of the daily report, through the real binary: a
//! branch exports, the center imports, checks and summarises.

use crate::common::{Bench, JOBS_HEADER, NOW, loaded, sha256};
use std::path::{Path, PathBuf};

/// The branch `b` exports its day at `now` into `dir`.
fn export(b: &Bench, now: &str, dir: &Path) {
    b.cmd(now, &["export", "daily", "--out", dir.to_str().unwrap()])
        .assert()
        .success();
}

fn branch<'a>(status: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    status["branches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["branch"] == code)
        .unwrap_or_else(|| panic!("{code} not in {status}"))
}

fn states(status: &serde_json::Value, code: &str) -> Vec<String> {
    branch(status, code)["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["check_time"].as_str().unwrap(),
                c["state"].as_str().unwrap()
            )
        })
        .collect()
}

/// The text cells of a report row as the center holds them (a column each).
fn center_cells(c: &Bench, job_no: &str) -> serde_json::Value {
    let conn = rusqlite::Connection::open(&c.db).unwrap();
    let columns = ["customer", "phone", "product_model", "engineer"];
    let values: Vec<String> = conn
        .query_row(
            &format!(
                "SELECT {} FROM center_report_rows WHERE job_no = ?1",
                columns.join(", ")
            ),
            [job_no],
            |r| (0..columns.len()).map(|i| r.get(i)).collect(),
        )
        .unwrap();
    columns
        .iter()
        .zip(values)
        .map(|(c, v)| (c.to_string(), serde_json::Value::String(v)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn report_files(dir: &Path, code: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{code}/{code}_2026-11-23.csv")),
        dir.join(format!("{code}/{code}_2026-11-23.manifest.json")),
    )
}

#[test]
fn a_branch_report_reaches_the_center_with_its_chinese_text_and_figures() {
    let b = loaded();
    let dir = b.dir.path().join("exports");
    export(&b, NOW, &dir);
    let c = Bench::new();
    let out = c.center_import("2026-11-23T14:05:00+08:00", &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported generation 1"));
    let s = c.json("2026-11-23T14:05:00+08:00", &["center", "status", "--json"]);
    assert_eq!(s["date"], "2026-11-23");
    let q = branch(&s, "QD01");
    assert_eq!(q["report"]["generation"], 1);
    assert_eq!(q["report"]["generated_at"], "2026-11-23T14:00:00+08:00");
    // The figures count the day's jobs: the touched rows (the others are
    // jobs still open from earlier days).
    assert_eq!(q["report"]["touched_rows"], q["jobs"]);
    // Sent at 14:00: late for the 10:00 check; the 18:00 check wants a
    // final report (after the 17:00 cut-off), still to come.
    assert_eq!(states(&s, "QD01"), ["10:00 late", "18:00 pending"]);
    assert_eq!(q["report"]["final"], false);
    // The figures are those of the branch's own status at export time.
    let status = b.json(NOW, &["status", "--json"]);
    let overdue = status["callbacks_pending"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["overdue"] == true)
        .count();
    assert_eq!(q["callbacks_overdue"], overdue);
    assert_eq!(q["invoices_owed"], 1, "J005 owes its invoice");
    let j1 = center_cells(&c, "J001");
    assert_eq!(j1["customer"], "张三");
    assert_eq!(j1["product_model"], "BCD-470WDPG");
}

#[test]
fn formula_cells_come_back_exactly_at_the_center() {
    let b = Bench::new();
    let evil = ["=1+1", "+86 138 1234 5678", "-2", "@SUM(A1)", "'quoted"];
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut rows = String::new();
    for (i, e) in evil.iter().enumerate() {
        rows += &format!(
            "F{i},QD01,,{c},{c},addr,{c},2025-01-01,{c},{c},2026-11-23 09:00,,{c},in\n",
            c = q(e)
        );
    }
    let p = b.file("evil.csv", &format!("{JOBS_HEADER}\n{rows}"));
    assert!(b.import("jobs", &p).status.success());
    let dir = b.dir.path().join("exports");
    export(&b, NOW, &dir);
    let c = Bench::new();
    assert!(c.center_import(NOW, &dir).status.success());
    for (i, e) in evil.iter().enumerate() {
        let cells = center_cells(&c, &format!("F{i}"));
        for col in ["customer", "phone", "product_model", "engineer"] {
            assert_eq!(cells[col], *e, "F{i} {col}");
        }
    }
}

#[test]
fn importing_again_changes_nothing_and_a_newer_generation_replaces_the_older() {
    let b = loaded();
    let dir = b.dir.path().join("exports");
    export(&b, "2026-11-23T09:30:00+08:00", &dir);
    let first = b.dir.path().join("first");
    std::fs::create_dir_all(first.join("QD01")).unwrap();
    let (csv, manifest) = report_files(&dir, "QD01");
    let (old_csv, old_manifest) = report_files(&first, "QD01");
    std::fs::copy(&csv, &old_csv).unwrap();
    std::fs::copy(&manifest, &old_manifest).unwrap();

    let c = Bench::new();
    assert!(c.center_import(NOW, &dir).status.success());
    let once = c.dump();
    let out = c.center_import(NOW, &dir);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("already imported, unchanged"));
    assert_eq!(c.dump(), once, "a second import changes nothing");

    // The branch exports again in the afternoon: generation 2.
    export(&b, "2026-11-23T16:00:00+08:00", &dir);
    let out = c.center_import("2026-11-23T16:05:00+08:00", &dir);
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported generation 2"));
    let s = c.json("2026-11-23T18:05:00+08:00", &["center", "status", "--json"]);
    let q = branch(&s, "QD01");
    assert_eq!(q["report"]["generation"], 2);
    assert_eq!(q["report"]["generated_at"], "2026-11-23T16:00:00+08:00");
    assert_eq!(q["report"]["history"][0], "2026-11-23T09:30:00+08:00");
    // Judged by its first generation: on time at 10:00; by 18:00 it sent
    // nothing after the cut-off: late at that check, not final.
    assert_eq!(states(&s, "QD01"), ["10:00 on_time", "18:00 late"]);
    assert_eq!(q["report"]["final"], false);

    // The morning's generation arriving late is left alone.
    let twice = c.dump();
    let out = c.center_import(NOW, &first);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("older than the imported 2"));
    assert_eq!(c.dump(), twice);
}

/// Imports `dir` into a fresh center and expects it rejected with `why`
/// on stderr, naming the file, and nothing applied.
fn assert_rejected(dir: &Path, why: &str) {
    let c = Bench::new();
    c.cmd(NOW, &["center", "branches", "add", "QD00"])
        .assert()
        .success();
    let before = c.dump();
    let out = c.center_import(NOW, dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "accepted: {err}");
    assert!(err.contains(why), "expected {why:?} in:\n{err}");
    assert!(err.contains(".csv"), "names the file: {err}");
    assert_eq!(c.dump(), before, "nothing applied");
}

fn fresh_export(b: &Bench, name: &str) -> PathBuf {
    let dir = b.dir.path().join(name);
    export(b, NOW, &dir);
    dir
}

#[test]
fn damaged_or_foreign_reports_are_rejected_whole() {
    let b = loaded();

    // A cell edited after export.
    let dir = fresh_export(&b, "edited");
    let (csv, _) = report_files(&dir, "QD01");
    let text = std::fs::read_to_string(&csv)
        .unwrap()
        .replace("张三", "张叁");
    std::fs::write(&csv, text).unwrap();
    assert_rejected(&dir, "SHA-256");

    // Cut short in transfer.
    let dir = fresh_export(&b, "truncated");
    let (csv, _) = report_files(&dir, "QD01");
    let bytes = std::fs::read(&csv).unwrap();
    std::fs::write(&csv, &bytes[..bytes.len() / 2]).unwrap();
    assert_rejected(&dir, "SHA-256");

    // Cut short, with a checksum that matches the cut file: the row count
    // still tells.
    let dir = fresh_export(&b, "recounted");
    let (csv, manifest) = report_files(&dir, "QD01");
    let text = std::fs::read_to_string(&csv).unwrap();
    let cut: Vec<&str> = text.split_inclusive("\r\n").take(3).collect();
    let cut = cut.concat();
    std::fs::write(&csv, &cut).unwrap();
    b.rewrite_manifest(&manifest, "QD01", |m| {
        m["sha256"] = sha256(cut.as_bytes()).into()
    });
    assert_rejected(&dir, "the manifest says");

    // No manifest beside the report.
    let dir = fresh_export(&b, "no-manifest");
    std::fs::remove_file(report_files(&dir, "QD01").1).unwrap();
    assert_rejected(&dir, "no manifest");

    // Renamed to another branch: the manifest disagrees with the name.
    let dir = fresh_export(&b, "renamed");
    let (csv, manifest) = report_files(&dir, "QD01");
    let (to_csv, to_manifest) = report_files(&dir, "QD02");
    std::fs::create_dir_all(to_csv.parent().unwrap()).unwrap();
    std::fs::rename(csv, to_csv).unwrap();
    std::fs::rename(manifest, &to_manifest).unwrap();
    assert_rejected(&dir, "manifest is for branch");
    // … and with the manifest changed to match, the rows still say QD01.
    b.rewrite_manifest(&to_manifest, "QD01", |m| m["branch"] = "QD02".into());
    assert_rejected(&dir, ": branch: \"QD01\" in the report of branch QD02");

    // A branch code that is not a plain code never becomes a path.
    let dir = fresh_export(&b, "traversal");
    let (csv, manifest) = report_files(&dir, "QD01");
    std::fs::rename(&csv, csv.with_file_name("QD..01_2026-11-23.csv")).unwrap();
    std::fs::rename(
        &manifest,
        manifest.with_file_name("QD..01_2026-11-23.manifest.json"),
    )
    .unwrap();
    assert_rejected(&dir, "branch code in the file name");
    let dir = fresh_export(&b, "traversal-manifest");
    let (_, manifest) = report_files(&dir, "QD01");
    b.rewrite_manifest(&manifest, "QD01", |m| m["branch"] = "../../QD01".into());
    assert_rejected(&dir, "manifest is for branch \"../../QD01\"");
}

#[test]
fn one_bad_report_does_not_stop_the_others() {
    let b = loaded();
    let dir = fresh_export(&b, "exports");
    let demo = Bench::new();
    demo.cmd(NOW, &["demo"]).assert().success();
    export(&demo, NOW, &dir);
    // Damage QD01's; the demo branch's is fine.
    let (csv, _) = report_files(&dir, "QD01");
    std::fs::write(&csv, b"job_no\r\n").unwrap();
    let c = Bench::new();
    let out = c.center_import(NOW, &dir);
    assert!(!out.status.success());
    let s = c.json(NOW, &["center", "status", "--json"]);
    assert!(branch(&s, "QD-LS")["report"].is_object());
    assert!(
        s["branches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["branch"] != "QD01"),
        "nothing of the rejected report"
    );
}

#[test]
fn on_time_late_missing_and_pending_at_each_check_time() {
    let early = loaded(); // QD01 sends at 09:30
    let late = Bench::new(); // the demo branch QD-LS sends first at 10:30
    late.cmd("2026-11-23T10:30:00+08:00", &["demo"])
        .assert()
        .success();
    let dir = early.dir.path().join("exports");
    export(&early, "2026-11-23T09:30:00+08:00", &dir);
    export(&late, "2026-11-23T10:30:00+08:00", &dir);
    let c = Bench::new();
    c.cmd(NOW, &["center", "branches", "add", "QD09", "青岛九号网点"])
        .assert()
        .success();
    assert!(c.center_import(NOW, &dir).status.success());
    let at = |now: &str| c.json(now, &["center", "status", "--date", "2026-11-23", "--json"]);

    // A morning report is the 10:00 check's; 18:00 wants a final one.
    let s = at("2026-11-23T09:45:00+08:00");
    assert_eq!(states(&s, "QD01"), ["10:00 on_time", "18:00 pending"]);
    assert_eq!(states(&s, "QD-LS"), ["10:00 pending", "18:00 pending"]);
    assert_eq!(states(&s, "QD09"), ["10:00 pending", "18:00 pending"]);
    assert_eq!(s["next_check"], "10:00");

    // At the check itself it has come (SPEC: pending while T is still
    // ahead): the 10:00 check is the current one, and a branch with no
    // report is missing at it.
    let s = at("2026-11-23T10:00:00+08:00");
    assert_eq!(
        states(&s, "QD09"),
        ["10:00 missing", "18:00 pending"],
        "at the check itself"
    );
    assert_eq!(states(&s, "QD01"), ["10:00 on_time", "18:00 pending"]);

    let s = at("2026-11-23T10:01:00+08:00");
    assert_eq!(states(&s, "QD-LS"), ["10:00 late", "18:00 pending"]);
    assert_eq!(states(&s, "QD09"), ["10:00 missing", "18:00 pending"]);

    let s = at("2026-11-23T18:01:00+08:00");
    assert_eq!(states(&s, "QD09"), ["10:00 missing", "18:00 missing"]);
    assert_eq!(branch(&s, "QD09")["report"], serde_json::Value::Null);
    assert_eq!(branch(&s, "QD09")["name"], "青岛九号网点");
    // Text for people: worst first.
    let out = c
        .cmd("2026-11-23T18:01:00+08:00", &["center", "status"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let pos = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in {text}"));
    assert!(
        pos("QD09") < pos("QD-LS") && pos("QD-LS") < pos("QD01"),
        "{text}"
    );
}

#[test]
fn check_marks_and_the_center_summary() {
    let b = loaded();
    let dir = fresh_export(&b, "exports");
    let c = Bench::new();
    assert!(c.center_import(NOW, &dir).status.success());
    c.cmd(
        "2026-11-23T18:10:00+08:00",
        &["center", "check", "QD01", "--note", "=已核对"],
    )
    .assert()
    .success();
    let s = c.json("2026-11-23T18:20:00+08:00", &["center", "status", "--json"]);
    let mark = &branch(&s, "QD01")["checks"][1]["checked"];
    assert_eq!(mark["by"], "tester");
    assert_eq!(mark["note"], "=已核对");
    // A time that is not a check time is refused.
    let out = c
        .cmd(NOW, &["center", "check", "QD01", "--time", "12:00"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a check time"));
    // A day that has not come is refused, the database unchanged.
    let err = c.refused(
        NOW,
        &[
            "center",
            "check",
            "QD01",
            "--date",
            "2026-11-24",
            "--time",
            "10:00",
        ],
    );
    assert!(err.contains("2026-11-24 has not come yet"), "{err}");

    let out_dir = c.dir.path().join("summary");
    c.cmd(
        "2026-11-23T18:20:00+08:00",
        &["center", "export", "--out", out_dir.to_str().unwrap()],
    )
    .assert()
    .success();
    let bytes = std::fs::read(out_dir.join("center/summary-2026-11-23.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("report_date,branch,name,"), "{text}");
    // The branch's backlog and whether its report was final, at the end.
    let header = text.lines().next().unwrap();
    assert!(
        header.ends_with("report_reconciled_at,report_final,open_rows,open_items_by_code"),
        "{header}"
    );
    assert!(text.contains("QD01"));
    assert!(
        text.contains("2026-11-23T18:10:00+08:00 tester =已核对"),
        "{text}"
    );
    let mut r = csv::Reader::from_reader(text.as_bytes());
    for row in r.records() {
        for cell in row.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "{cell:?} would be evaluated"
            );
        }
    }
}

#[test]
fn the_demo_center_fills_itself_from_branch_reports() {
    let c = Bench::new();
    let s = c.json(
        "2026-11-23T18:30:00+08:00",
        &["--demo", "center", "status", "--json"],
    );
    assert_eq!(s["branches"].as_array().unwrap().len(), 4);
    assert_eq!(states(&s, "QD-SN"), ["10:00 late", "18:00 on_time"]);
    assert_eq!(states(&s, "QD-HD"), ["10:00 missing", "18:00 missing"]);
    assert!(
        branch(&s, "QD-CY")["discrepancies_open"]
            .as_object()
            .is_some_and(|m| !m.is_empty())
    );
    // The reports it was filled from are kept beside the database.
    assert!(c.dir.path().join("center-demo-reports/QD-LS").is_dir());
    // A second run does not fill again.
    let again = c.json(
        "2026-11-23T18:31:00+08:00",
        &["--demo", "center", "status", "--json"],
    );
    assert_eq!(again["branches"], s["branches"]);
}

#[test]
fn overdue_on_a_center_database_lists_what_the_branches_reported() {
    let b = loaded();
    let dir = fresh_export(&b, "exports");
    let c = Bench::new();
    assert!(c.center_import(NOW, &dir).status.success());
    let key = |v: &serde_json::Value| {
        v["overdue"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                format!(
                    "{} {} {} {} {}",
                    o["job_no"].as_str().unwrap(),
                    o["kind"].as_str().unwrap(),
                    o["due_at"].as_str().unwrap(),
                    o["overdue_minutes"],
                    o["engineer"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
    };
    let at_branch = b.json(NOW, &["overdue", "--json"]);
    let at_center = c.json(NOW, &["overdue", "--json"]);
    assert!(!key(&at_branch).is_empty());
    assert_eq!(key(&at_center), key(&at_branch));
    assert!(
        at_center["overdue"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["branch"] == "QD01")
    );
    // An hour later more are overdue, by the center's own clock.
    let later = c.json("2026-11-23T15:00:00+08:00", &["overdue", "--json"]);
    assert!(key(&later).len() >= key(&at_center).len());
    assert_eq!(
        later["overdue"][0]["overdue_minutes"].as_i64().unwrap(),
        at_center["overdue"][0]["overdue_minutes"].as_i64().unwrap() + 60
    );
}

#[test]
fn the_center_keeps_an_audit_trail_that_catches_edits_behind_its_back() {
    let b = loaded();
    let dir = fresh_export(&b, "exports");
    let c = Bench::new();
    c.cmd(NOW, &["center", "branches", "add", "QD09", "九号网点"])
        .assert()
        .success();
    assert!(c.center_import(NOW, &dir).status.success());
    c.cmd(NOW, &["center", "check", "QD01", "--note", "ok"])
        .assert()
        .success();
    let out = c.cmd(NOW, &["audit", "verify"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = c.cmd(NOW, &["audit", "log"]).output().unwrap();
    let log = String::from_utf8_lossy(&log.stdout);
    for action in ["center_branch_add", "center_import", "center_check"] {
        assert!(log.contains(action), "{action} not in\n{log}");
    }
    assert!(log.contains("tester"), "{log}");
    // A check mark changed with another program is caught.
    let conn = rusqlite::Connection::open(&c.db).unwrap();
    conn.execute("UPDATE center_checks SET note = 'all fine'", [])
        .unwrap();
    drop(conn);
    let out = c.cmd(NOW, &["audit", "verify"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("center_checks"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A folder that cannot be read is refused naming it, with the system's
/// reason said once.
#[test]
fn importing_a_folder_that_is_not_there_names_it_and_its_reason_once() {
    let c = Bench::new();
    let missing = c.dir.path().join("nowhere");
    let out = c.center_import(NOW, &missing);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&missing.display().to_string()), "{err}");
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
}
