//! Nothing falls off the desk: the open ledger (`open_jobs`) across days,
//! the daily report's open rows and codes, a quiet day's report of no rows
//! through the center, reconciliation before the cut-off, and a three-day
//! branch whose first day's work is still on the desk on the third.

use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const DAY1_EVENING: &str = "2026-11-23T18:00:00+08:00";
const DAY2_MORNING: &str = "2026-11-24T09:30:00+08:00";
const DAY2_EVENING: &str = "2026-11-24T18:00:00+08:00";
const DAY3_EVENING: &str = "2026-11-25T18:00:00+08:00";

/// Six more jobs of QD01 on 2026-11-23, besides the common eight: A001
/// without an appointment; A002 not at home; A003 booked, never visited;
/// A004 booked for tomorrow; A005 fixed, card "unsatisfied"; A006 fixed
/// untested (a 2 h callback), card "unsatisfied".
fn ledger_day1(b: &Bench) {
    let jobs = [
        "A001,QD01,2026-11-23 08:00,甲一,13800000001,青岛市崂山区一号,BCD-1,2024-01-01,不制冷,,,,王强,in",
        "A002,QD01,2026-11-23 08:05,甲二,13800000002,青岛市崂山区二号,BCD-2,2024-01-01,不制冷,,2026-11-23 09:00,2026-11-23 10:00,王强,in",
        "A003,QD01,2026-11-23 08:10,甲三,13800000003,青岛市崂山区三号,BCD-3,2024-01-01,不制冷,,2026-11-23 10:00,2026-11-23 11:00,李明,in",
        "A004,QD01,2026-11-23 08:15,甲四,13800000004,青岛市崂山区四号,BCD-4,2024-01-01,不制冷,,2026-11-24 09:00,2026-11-24 10:00,李明,in",
        "A005,QD01,2026-11-23 08:20,甲五,13800000005,青岛市崂山区五号,BCD-5,2024-01-01,不制冷,,2026-11-23 13:00,2026-11-23 14:00,张伟,in",
        "A006,QD01,2026-11-23 08:25,甲六,13800000006,青岛市崂山区六号,BCD-6,2024-01-01,不制冷,,2026-11-23 11:00,2026-11-23 12:00,张伟,in",
    ];
    let visits = [
        "A002,王强,2026-11-23 09:20,,not_home,,,,,,,留言条",
        "A005,张伟,2026-11-23 13:10,2026-11-23 13:50,fixed,,,,,,,",
        "A006,张伟,2026-11-23 11:10,2026-11-23 11:40,fixed_untested,,,,,,,",
    ];
    let cards = [
        "A005,2026-11-23 14:30,unsatisfied,customer,yes,,",
        "A006,2026-11-23 14:30,unsatisfied,customer,yes,,",
    ];
    let files = [
        ("jobs", format!("{JOBS_HEADER}\n{}\n", jobs.join("\n"))),
        (
            "visits",
            format!("{VISITS_HEADER}\n{}\n", visits.join("\n")),
        ),
        ("cards", format!("{CARDS_HEADER}\n{}\n", cards.join("\n"))),
    ];
    for (what, content) in files {
        let p = b.file(&format!("ledger-{what}.csv"), &content);
        let out = b
            .cmd(
                "2026-11-23T15:00:00+08:00",
                &["import", what, p.to_str().unwrap()],
            )
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if what == "cards" {
            let text = String::from_utf8_lossy(&out.stdout);
            for r in ["A005-R1", "A006-R1"] {
                assert!(text.contains(&format!("re-visit job {r} opened")), "{text}");
            }
        }
    }
}

fn open_jobs(s: &Value) -> Vec<(String, String, String)> {
    s["open_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["job_no"].as_str().unwrap().to_string(),
                j["reason"].as_str().unwrap().to_string(),
                j["since"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn reasons(s: &Value) -> BTreeMap<String, String> {
    open_jobs(s).into_iter().map(|(j, r, _)| (j, r)).collect()
}

fn jobs_of(s: &Value, key: &str) -> BTreeSet<String> {
    s[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["job_no"].as_str().unwrap().to_string())
        .collect()
}

/// What `open_items` must say for each job, computed here from the lists
/// of `status --json` (independently of the program's own computation).
fn expected_codes(s: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let list = |k: &str| s[k].as_array().unwrap().clone();
    let mut add = |job: &Value, code: &str| {
        m.entry(job.as_str().unwrap().to_string())
            .or_default()
            .insert(code.to_string());
    };
    for c in list("callbacks_pending") {
        let code = if c["overdue"] == true {
            "callback_overdue"
        } else {
            "callback_pending"
        };
        add(&c["job_no"], code);
    }
    for c in list("cards_awaiting_signature") {
        add(&c["job_no"], "card_awaiting");
    }
    // The follow-up after a `fixed` visit.
    for c in list("followups_pending") {
        add(&c["job_no"], "followup_pending");
    }
    for d in list("discrepancies") {
        if d["status"] == "open" {
            add(&d["job_no"], "discrepancy_open");
        }
    }
    for j in list("open_jobs") {
        add(&j["job_no"], j["reason"].as_str().unwrap());
    }
    // The code describes the job: a job of today's list waiting for an
    // appointment or a visit says why too.
    for j in list("today_jobs") {
        if let Some(reason) = j["reason"].as_str() {
            add(&j["job_no"], reason);
        }
    }
    for i in list("invoices_owed") {
        add(&i["job_no"], "invoice_owed");
    }
    for l in list("loaner_returns") {
        let code = if l["overdue"] == true {
            "loaner_overdue"
        } else {
            "loaner_due"
        };
        add(&l["job_no"], code);
    }
    // A complaint on the job not settled; past the on-site promise.
    for k in list("complaints") {
        if !k["job_no"].is_null() {
            add(&k["job_no"], "complaint_open");
        }
    }
    for o in list("response_overdue") {
        add(&o["job_no"], "response_overdue");
    }
    for v in list("to_verify") {
        add(&v["job_no"], "to_verify");
    }
    for codes in m.values_mut() {
        if codes.contains("callback_overdue") {
            codes.remove("callback_pending");
        }
    }
    m
}

fn codes_of(row: &BTreeMap<String, String>) -> BTreeSet<String> {
    row["open_items"]
        .split(';')
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

/// Each row's `open_items` is exactly what the lists of `status --json`
/// at the same moment say, and every job with something open has a row.
fn assert_codes_match(rows: &Rows, status: &Value) {
    let expected = expected_codes(status);
    for (job, codes) in &expected {
        let row = rows
            .get(job)
            .unwrap_or_else(|| panic!("{job} is open ({codes:?}) but not in the report"));
        assert_eq!(&codes_of(row), codes, "{job}");
    }
    for (job, row) in rows {
        if !expected.contains_key(job) {
            assert_eq!(row["open_items"], "", "{job}");
            assert_eq!(row["touched"], "yes", "{job}: neither touched nor open");
        }
    }
}

#[test]
fn open_jobs_wait_across_days_with_their_reason_and_since() {
    let b = loaded();
    ledger_day1(&b);
    // Day 1: only A001 (no appointment) is not on today's list; A005's and
    // A006's re-visits were opened today, so they are today's.
    let s1 = b.json(DAY1_EVENING, &["status", "--json"]);
    assert_eq!(
        open_jobs(&s1),
        [(
            "A001".to_string(),
            "no_appointment".to_string(),
            "2026-11-23T08:00:00+08:00".to_string()
        )]
    );
    let today1 = jobs_of(&s1, "today_jobs");
    assert!(today1.contains("A005-R1") && today1.contains("A002"));
    // Day 2, morning: yesterday's jobs come back, oldest wait first.
    let s2 = b.json(DAY2_MORNING, &["status", "--json"]);
    let o2 = open_jobs(&s2);
    let since: Vec<&str> = o2.iter().map(|(_, _, s)| s.as_str()).collect();
    let mut sorted = since.clone();
    sorted.sort();
    assert_eq!(since, sorted, "oldest first");
    let r2 = reasons(&s2);
    let want: BTreeMap<String, String> = [
        ("A001", "no_appointment"),
        ("A002", "not_home"),
        ("A003", "missed_appointment"),
        ("A005-R1", "no_appointment"),
        ("A006-R1", "no_appointment"),
        ("J008", "missed_appointment"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(r2, want);
    let find = |job: &str| o2.iter().find(|(j, _, _)| j == job).unwrap().2.clone();
    assert_eq!(
        find("A002"),
        "2026-11-23T09:20:00+08:00",
        "the not-home visit"
    );
    assert_eq!(
        find("A003"),
        "2026-11-23T11:00:00+08:00",
        "the window's end"
    );
    assert_eq!(find("A005-R1"), "2026-11-23T15:00:00+08:00", "opened");
    // A004 and J006 are booked today: today's jobs, not the ledger's.
    let today2 = jobs_of(&s2, "today_jobs");
    assert!(today2.contains("A004") && today2.contains("J006"));
    assert!(!today2.contains("A001") && !today2.contains("A003"));
    // Each open job has its engineer, status and the customer's phone.
    let a002 = &s2["open_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["job_no"] == "A002")
        .unwrap()
        .clone();
    assert_eq!(a002["engineer"], "王强");
    assert_eq!(a002["status"], "needs_appointment");
    assert_eq!(a002["phone"], "13800000002");
    // Day 3: A004 and J006 missed their window yesterday.
    let s3 = b.json(DAY3_EVENING, &["status", "--json"]);
    let r3 = reasons(&s3);
    assert_eq!(r3["A004"], "missed_appointment");
    assert_eq!(r3["J006"], "missed_appointment");
    assert_eq!(r3.len(), want.len() + 2);
    // The text status lists them too.
    let out = b.cmd(DAY3_EVENING, &["status"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("To book"), "{text}");
    for job in r3.keys() {
        assert!(text.contains(job.as_str()), "{job} not in\n{text}");
    }
    // Booking a job takes it off the ledger: a reschedule with a new window.
    let v = b.file(
        "rebook.csv",
        &format!("{VISITS_HEADER}\nA002,王强,,2026-11-25 09:00,rescheduled,,,,,2026-11-27 09:00,2026-11-27 10:00,改约\n"),
    );
    b.cmd(DAY3_EVENING, &["import", "visits", v.to_str().unwrap()])
        .assert()
        .success();
    let s3 = b.json(DAY3_EVENING, &["status", "--json"]);
    assert!(!reasons(&s3).contains_key("A002"));
}

#[test]
fn an_unsatisfied_card_opens_one_re_visit_and_a_callback_for_the_same_cause_no_second() {
    let b = loaded();
    ledger_day1(&b);
    let s = b.json(DAY1_EVENING, &["status", "--json"]);
    let today = jobs_of(&s, "today_jobs");
    assert!(today.contains("A005-R1") && today.contains("A006-R1"));
    // The same card again: nothing changes.
    let before = b.dump();
    let p = b.dir.path().join("ledger-cards.csv");
    let out = b
        .cmd(DAY1_EVENING, &["import", "cards", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("2 already there") && !text.contains("opened"),
        "{text}"
    );
    assert_eq!(b.dump(), before);
    // A006's callback is unsatisfied too: the card's re-visit is that one.
    let out = b
        .cmd(
            DAY1_EVENING,
            &["callback", "A006", "--result", "unsatisfied"],
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("A006-R1 already open"), "{text}");
    let s = b.json(DAY1_EVENING, &["status", "--json"]);
    let all: BTreeSet<String> = jobs_of(&s, "today_jobs");
    assert!(!all.contains("A006-R2"), "{all:?}");
    let detail = b.json(DAY1_EVENING, &["status", "--json"]);
    let a006 = detail["today_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["job_no"] == "A006")
        .unwrap()
        .clone();
    assert_eq!(a006["status"], "revisit");
}

#[test]
fn reconcile_before_the_cutoff_leaves_todays_cards_out_and_counts_them() {
    let b = loaded();
    let r = b.json(NOW, &["reconcile", "--json"]);
    assert_eq!(r["before_cutoff"], true);
    // J004 (unsure) and J007 (pulled): visited today, no card yet.
    assert_eq!(r["cards_out"], 2);
    let kinds: BTreeSet<(String, String)> = r["found"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["job_no"].as_str().unwrap().to_string(),
                f["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(kinds.iter().all(|(_, k)| k != "card_missing"), "{kinds:?}");
    // Every other kind is raised as usual.
    assert!(kinds.contains(&("J003".into(), "signature_missing".into())));
    assert!(kinds.contains(&("J005".into(), "charge_mismatch".into())));
    let out = b.cmd(NOW, &["reconcile"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2 card(s) still out"), "{text}");
    let s = b.json(NOW, &["status", "--json"]);
    assert!(
        s["discrepancies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["kind"] != "card_missing")
    );
    // After the cut-off they are missing.
    let after = "2026-11-23T17:05:00+08:00";
    let r = b.json(after, &["reconcile", "--json"]);
    assert_eq!(r["before_cutoff"], false);
    let missing: BTreeSet<String> = r["found"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "card_missing")
        .map(|f| f["job_no"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(missing, ["J004".to_string(), "J007".to_string()].into());
    // The manifest carries the last reconciliation.
    let dir = b.exports();
    b.export_day("2026-11-23T17:30:00+08:00", &dir, "2026-11-23");
    let (_, m) = report(&dir, "QD01", "2026-11-23");
    assert_eq!(m["reconciled_at"], "2026-11-23T17:05:00+08:00");
}

#[test]
fn a_quiet_day_makes_a_report_of_no_rows_that_the_center_imports() {
    let b = Bench::new();
    let jobs = b.file(
        "jobs.csv",
        &format!("{JOBS_HEADER}\nQ001,QD09,2026-11-22 16:00,张三,13812345678,青岛市崂山区海尔路1号,BCD-470WDPG,2024-05-01,冰箱不制冷,,2026-11-23 09:00,2026-11-23 10:00,王强,in\n"),
    );
    let visits = b.file(
        "visits.csv",
        &format!("{VISITS_HEADER}\nQ001,王强,2026-11-23 09:10,2026-11-23 09:50,fixed,,,,,,,\n"),
    );
    let cards = b.file(
        "cards.csv",
        &format!("{CARDS_HEADER}\nQ001,2026-11-23 12:00,satisfied,customer,yes,,\n"),
    );
    // No follow-up calls: nothing stays open on the fixed job.
    b.cmd(NOW, &["config", "followup_hours", "0"])
        .assert()
        .success();
    for (what, p) in [("jobs", &jobs), ("visits", &visits), ("cards", &cards)] {
        b.cmd(NOW, &["import", what, p.to_str().unwrap()])
            .assert()
            .success();
    }
    let next_day = "2026-11-24T17:30:00+08:00";
    b.cmd(next_day, &["reconcile", "--date", "2026-11-24"])
        .assert()
        .success();
    let dir = b.exports();
    b.export_day(next_day, &dir, "2026-11-24");
    let csv = std::fs::read(dir.join("QD09/QD09_2026-11-24.csv")).unwrap();
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert_eq!(text.lines().count(), 1, "only the header: {text}");
    let (rows, m) = report(&dir, "QD09", "2026-11-24");
    assert!(rows.is_empty());
    assert_eq!(m["rows"], 0);
    let c = Bench::center_of("2026-11-24T17:40:00+08:00", &dir);
    let s = c.center_status("2026-11-24T18:30:00+08:00", "2026-11-24");
    let q = &s["branches"][0];
    assert_eq!(q["branch"], "QD09");
    assert_eq!(q["report"]["rows"], 0);
    assert_eq!(q["report"]["open_items"], serde_json::json!({}));
    assert_eq!(q["report"]["final"], true);
    assert_eq!(q["report"]["reconciled_at"], "2026-11-24T17:30:00+08:00");
    assert_eq!(q["jobs"], 0);
    let states: Vec<&str> = q["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["late", "on_time"], "not missing");
}

#[test]
fn three_days_later_every_open_item_of_the_first_is_still_on_the_desk_and_at_the_center() {
    let b = loaded();
    ledger_day1(&b);
    let dir = b.exports();
    // Day 1: reconciled after the cut-off, exported; nothing dealt with.
    b.cmd("2026-11-23T17:30:00+08:00", &["reconcile"])
        .assert()
        .success();
    b.export_day(DAY1_EVENING, &dir, "2026-11-23");
    let s1 = b.json(DAY1_EVENING, &["status", "--json"]);
    let (rows1, m1) = report(&dir, "QD01", "2026-11-23");
    assert_codes_match(&rows1, &s1);
    assert_eq!(m1["reconciled_at"], "2026-11-23T17:30:00+08:00");
    // Day 2: one new job, done the same day.
    let jobs = b.file(
        "day2-jobs.csv",
        &format!("{JOBS_HEADER}\nB001,QD01,2026-11-24 08:00,乙一,13900000001,青岛市市南区一号,BCD-9,2024-01-01,不制冷,,2026-11-24 10:00,2026-11-24 11:00,刘洋,in\n"),
    );
    let visits = b.file(
        "day2-visits.csv",
        &format!("{VISITS_HEADER}\nB001,刘洋,2026-11-24 10:05,2026-11-24 10:45,fixed,,,,,,,\n"),
    );
    let cards = b.file(
        "day2-cards.csv",
        &format!("{CARDS_HEADER}\nB001,2026-11-24 15:00,satisfied,customer,yes,,\n"),
    );
    for (what, p) in [("jobs", &jobs), ("visits", &visits), ("cards", &cards)] {
        b.cmd(
            "2026-11-24T15:00:00+08:00",
            &["import", what, p.to_str().unwrap()],
        )
        .assert()
        .success();
    }
    b.export_day(DAY2_EVENING, &dir, "2026-11-24");
    // Day 3: nothing happens, and no reconciliation is run.
    b.export_day(DAY3_EVENING, &dir, "2026-11-25");
    let s3 = b.json(DAY3_EVENING, &["status", "--json"]);
    let (rows3, m3) = report(&dir, "QD01", "2026-11-25");
    assert_codes_match(&rows3, &s3);
    assert_eq!(m3["reconciled_at"], Value::Null);
    assert!(rows3.values().all(|r| r["touched"] == "no"), "a quiet day");
    // Done on day 2: only the follow-up call after its repair is open.
    assert!(
        rows3
            .get("B001")
            .is_none_or(|r| r["open_items"] == "followup_pending"),
        "done on day 2"
    );
    // Every job open on day 1 is still open on day 3, each of its items
    // still there (a pending callback may have become overdue, a loaner
    // due may be overdue, a booked job's window may have passed).
    let open1 = expected_codes(&s1);
    let open3 = expected_codes(&s3);
    fn family(c: &str) -> &str {
        match c {
            "callback_pending" | "callback_overdue" => "callback",
            "loaner_due" | "loaner_overdue" => "loaner",
            "no_appointment" | "not_home" | "missed_appointment" => "to_book",
            other => other,
        }
    }
    for (job, codes) in &open1 {
        let later = open3
            .get(job)
            .unwrap_or_else(|| panic!("{job} fell off the desk"));
        let later: BTreeSet<&str> = later.iter().map(|c| family(c)).collect();
        for c in codes {
            assert!(later.contains(family(c)), "{job}: {c} gone, now {later:?}");
        }
        assert!(rows3.contains_key(job), "{job} not in day 3's report");
    }
    // Yesterday's and the day before's jobs waiting for a booking are on
    // the day-3 ledger.
    for job in [
        "A001", "A002", "A003", "A004", "A005-R1", "A006-R1", "J006", "J008",
    ] {
        assert!(
            reasons(&s3).contains_key(job),
            "{job} not in open_jobs on day 3"
        );
    }
    // The center: day 3's report shows the backlog by kind, counted from
    // the rows, and the day's figures count no job (none touched).
    let c = Bench::center_of("2026-11-25T18:05:00+08:00", &dir);
    let cs = c.center_status("2026-11-25T18:30:00+08:00", "2026-11-25");
    let q = &cs["branches"][0];
    let mut counted: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows3.values() {
        for code in codes_of(row) {
            *counted.entry(code).or_default() += 1;
        }
    }
    let got: BTreeMap<String, usize> =
        serde_json::from_value(q["report"]["open_items"].clone()).unwrap();
    assert_eq!(got, counted);
    assert!(
        got["card_awaiting"] >= 1 && got["no_appointment"] >= 3,
        "{got:?}"
    );
    assert_eq!(q["report"]["rows"], rows3.len());
    assert_eq!(q["jobs"], 0);
    assert_eq!(q["report"]["reconciled_at"], Value::Null);
    assert_eq!(q["report"]["final"], true);
    // Day 1 at the center: reconciled, its figures from the touched rows.
    let c1 = c.center_status("2026-11-25T18:30:00+08:00", "2026-11-23");
    let q1 = &c1["branches"][0];
    assert_eq!(q1["report"]["reconciled_at"], "2026-11-23T17:30:00+08:00");
    let touched1 = rows1.values().filter(|r| r["touched"] == "yes").count();
    assert_eq!(q1["jobs"], touched1);
    // The center's text says what is open and that day 3 was not reconciled.
    let out = c
        .cmd(
            "2026-11-25T18:30:00+08:00",
            &["center", "status", "--date", "2026-11-25"],
        )
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("reconciliation not run"), "{text}");
    assert!(text.contains("no_appointment"), "{text}");
}

#[test]
fn a_report_made_before_the_cutoff_is_not_final_at_the_center() {
    let b = loaded();
    let dir = b.exports();
    b.export_day(NOW, &dir, "2026-11-23");
    let (rows, m) = report(&dir, "QD01", "2026-11-23");
    assert_eq!(m["cutoff_at"], "2026-11-23T17:00:00+08:00");
    let c = Bench::center_of("2026-11-23T14:05:00+08:00", &dir);
    let s = c.json("2026-11-23T14:05:00+08:00", &["center", "status", "--json"]);
    let r = &s["branches"][0]["report"];
    assert_eq!(r["final"], false);
    assert_eq!(r["reconciled_at"], Value::Null);
    assert_eq!(r["cutoff_at"], "2026-11-23T17:00:00+08:00");
    assert_eq!(r["rows"], rows.len());
    let touched = rows.values().filter(|r| r["touched"] == "yes").count();
    assert_eq!(r["touched_rows"], touched);
    assert_eq!(s["branches"][0]["jobs"], touched);
    let out = c
        .cmd("2026-11-23T14:05:00+08:00", &["center", "status"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("made before the cut-off 17:00"), "{text}");
    assert!(text.contains("reconciliation not run"), "{text}");
    // Exported again after the cut-off, reconciled: the final word.
    b.cmd("2026-11-23T17:05:00+08:00", &["reconcile"])
        .assert()
        .success();
    b.export_day("2026-11-23T17:30:00+08:00", &dir, "2026-11-23");
    c.cmd(
        "2026-11-23T17:35:00+08:00",
        &["center", "import", dir.to_str().unwrap()],
    )
    .assert()
    .success();
    let s = c.json("2026-11-23T17:35:00+08:00", &["center", "status", "--json"]);
    let r = &s["branches"][0]["report"];
    assert_eq!(
        (r["final"].clone(), r["generation"].clone()),
        (true.into(), 2.into())
    );
    assert_eq!(r["reconciled_at"], "2026-11-23T17:05:00+08:00");
}
