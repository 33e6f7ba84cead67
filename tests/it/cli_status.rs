//! `status --json`, `overdue --json`, `reconcile` and `callback` on imported
//! files, at a fixed clock: the figures the SPEC rules imply.

use crate::common::*;
use serde_json::Value;

fn find<'a>(list: &'a Value, job: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|v| v["job_no"] == job)
        .unwrap_or_else(|| panic!("{job} not in {list}"))
}

#[test]
fn status_at_two_pm_shows_callbacks_cards_and_jobs_to_verify() {
    let b = loaded();
    let s = b.json(NOW, &["status", "--json"]);

    // Callbacks: consulted J002 (11:00 + 2 h), untested J003 (12:30 + 2 h),
    // unsure J004 (10:45 + 3 h); earliest due first.
    let cbs = &s["callbacks_pending"];
    assert_eq!(job_nos(cbs), ["J002", "J004", "J003"]);
    let j002 = find(cbs, "J002");
    assert_eq!(j002["kind"], "2h");
    assert_eq!(j002["due_at"], "2026-11-23T13:00:00+08:00");
    assert_eq!(j002["overdue"], true);
    let j004 = find(cbs, "J004");
    assert_eq!(j004["kind"], "3h");
    assert_eq!(j004["due_at"], "2026-11-23T13:45:00+08:00");
    assert_eq!(j004["overdue"], true);
    let j003 = find(cbs, "J003");
    assert_eq!(j003["due_at"], "2026-11-23T14:30:00+08:00");
    assert_eq!(j003["overdue"], false);

    // Cards: J003 back unsigned, J004 and J007 not back, J005 signed by the
    // engineer; J001 signed by the customer; J002 was a phone call.
    let mut cards = job_nos(&s["cards_awaiting_signature"]);
    cards.sort();
    assert_eq!(cards, ["J003", "J004", "J005", "J007"]);

    // To verify: J006 has a wrong phone and no address.
    let tv = &s["to_verify"];
    assert_eq!(job_nos(tv), ["J006"]);
    assert_eq!(
        find(tv, "J006")["missing"],
        serde_json::json!(["phone", "address"])
    );

    // Today's jobs: every job with an appointment or a visit today; J006 is
    // tomorrow's.
    let today = job_nos(&s["today_jobs"]);
    assert!(!today.contains(&"J006".to_string()), "{today:?}");
    for j in ["J001", "J002", "J003", "J004", "J005", "J007", "J008"] {
        assert!(today.contains(&j.to_string()), "{j} missing from {today:?}");
    }
    let j001 = find(&s["today_jobs"], "J001");
    assert_eq!(j001["engineer"], "王强");
    assert_eq!(j001["status"], "done");
    assert_eq!(find(&s["today_jobs"], "J007")["status"], "in_workshop");

    // J004 arrived 20 minutes after its 09:40 window end: flagged.
    let j004 = find(&s["today_jobs"], "J004");
    assert_eq!(j004["late_minutes"], 20);
    assert_eq!(j004["late_flag"], true);

    // 王强: J001 (9–11) overlaps J004 (9–9:40) and J008 (10–12), one
    // group; 李明: J002 (10–12) overlaps J003 (11–12). Visited jobs keep
    // their flag.
    let mut groups: Vec<String> = s["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let jobs: Vec<&str> = c["job_nos"]
                .as_array()
                .unwrap()
                .iter()
                .map(|j| j.as_str().unwrap())
                .collect();
            format!("{} {}", c["engineer"].as_str().unwrap(), jobs.join("+"))
        })
        .collect();
    groups.sort();
    assert_eq!(groups, ["李明 J002+J003", "王强 J001+J004+J008"]);
    let wang = s["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["engineer"] == "王强")
        .unwrap();
    assert_eq!(wang["job_no"], "J001");
    assert_eq!(wang["from"], "2026-11-23T09:00:00+08:00");
    assert_eq!(wang["to"], "2026-11-23T12:00:00+08:00");
    assert_eq!(s["counts"]["conflicts"], 2);

    // Nothing reconciled yet.
    assert_eq!(s["discrepancies"], serde_json::json!([]));
    assert_eq!(s["invoices_owed"][0]["job_no"], "J005");
}

#[test]
fn reconcile_raises_each_kind_once_and_status_lists_them() {
    let b = loaded();
    let after_cutoff = "2026-11-23T17:05:00+08:00";
    let out = b.cmd(after_cutoff, &["reconcile"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("card_missing"), "{text}");

    let s = b.json(after_cutoff, &["status", "--json"]);
    let mut found: Vec<(String, String)> = s["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["status"], "open");
            (
                d["job_no"].as_str().unwrap().into(),
                d["kind"].as_str().unwrap().into(),
            )
        })
        .collect();
    found.sort();
    let expected: Vec<(String, String)> = [
        ("J003", "signature_missing"),
        ("J004", "card_missing"),
        ("J005", "charge_mismatch"),
        ("J005", "signature_suspect"),
        ("J007", "card_missing"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(found, expected);

    // Running it again creates nothing new.
    let before = b.dump();
    let again = b.json(after_cutoff, &["reconcile", "--json"]);
    assert!(
        again["found"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["new"] == false)
    );
    assert_eq!(b.dump(), before);

    // Resolving one shows it resolved, with who and how.
    b.cmd(
        after_cutoff,
        &[
            "resolve",
            "J004",
            "card_missing",
            "--resolution",
            "penalty",
            "--note",
            "罚款50元",
        ],
    )
    .assert()
    .success();
    let s = b.json(after_cutoff, &["status", "--json"]);
    let d = s["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["job_no"] == "J004")
        .unwrap();
    assert_eq!(d["status"], "resolved");
    assert_eq!(d["resolution"], "penalty");
    assert_eq!(d["resolved_by"], "tester");
    // A second resolution is refused.
    b.cmd(
        after_cutoff,
        &["resolve", "J004", "card_missing", "--resolution", "note"],
    )
    .assert()
    .failure();
}

#[test]
fn a_card_back_after_the_cutoff_is_missing_but_its_cause_shows_as_gone() {
    let b = loaded();
    let late = b.file(
        "late.csv",
        &format!("{CARDS_HEADER}\nJ004,2026-11-23 18:00,satisfied,customer,yes,,\n"),
    );
    assert!(
        b.import_at("2026-11-23T18:05:00+08:00", "cards", &late)
            .status
            .success()
    );
    let s = b.json("2026-11-23T18:30:00+08:00", &["reconcile", "--json"]);
    assert!(
        s["found"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["job_no"] == "J004" && f["kind"] == "card_missing")
    );
    let st = b.json("2026-11-23T18:30:00+08:00", &["status", "--json"]);
    let d = st["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["job_no"] == "J004")
        .unwrap();
    assert_eq!(d["status"], "open");
    assert_eq!(d["cause_gone"], true);
}

#[test]
fn overdue_lists_most_overdue_first_with_minutes_rounded_down() {
    let b = loaded();
    let o = b.json("2026-11-23T14:00:59+08:00", &["overdue", "--json"]);
    let list = &o["overdue"];
    assert_eq!(job_nos(list), ["J002", "J004"]);
    assert_eq!(list[0]["overdue_minutes"], 60);
    assert_eq!(list[1]["overdue_minutes"], 15);
    assert_eq!(list[0]["engineer"], "李明");
    assert_eq!(list[0]["branch"], "QD01");
    assert_eq!(list[0]["attempts"], 0);
    assert_eq!(list[0]["kind"], "2h");
    // Exactly at the due time is not overdue.
    let o = b.json("2026-11-23T13:00:00+08:00", &["overdue", "--json"]);
    assert_eq!(o["overdue"], serde_json::json!([]));
}

#[test]
fn unreachable_counts_attempts_and_satisfied_closes_the_earliest() {
    let b = loaded();
    b.cmd(NOW, &["callback", "J004", "--result", "unreachable"])
        .assert()
        .success();
    b.cmd(
        NOW,
        &[
            "callback",
            "J004",
            "--result",
            "unreachable",
            "--note",
            "关机",
        ],
    )
    .assert()
    .success();
    let o = b.json(NOW, &["overdue", "--json"]);
    let j004 = o["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["job_no"] == "J004")
        .unwrap();
    assert_eq!(j004["attempts"], 2);
    b.cmd(NOW, &["callback", "J004", "--result", "satisfied"])
        .assert()
        .success();
    let s = b.json(NOW, &["status", "--json"]);
    assert!(!job_nos(&s["callbacks_pending"]).contains(&"J004".to_string()));
    // Nothing pending any more: another `unreachable` has nothing to retry.
    b.cmd(NOW, &["callback", "J004", "--result", "unreachable"])
        .assert()
        .failure();
    b.cmd(NOW, &["callback", "NOPE", "--result", "satisfied"])
        .assert()
        .failure();
    b.cmd(NOW, &["callback", "J003", "--result", "happy"])
        .assert()
        .failure();
}

#[test]
fn unsatisfied_opens_linked_revisits_until_satisfied() {
    let b = loaded();
    let out = b
        .cmd(
            NOW,
            &[
                "callback",
                "J003",
                "--result",
                "unsatisfied",
                "--note",
                "还是不热",
            ],
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("J003-R1"));
    let s = b.json(NOW, &["status", "--json"]);
    let today = job_nos(&s["today_jobs"]);
    assert!(today.contains(&"J003-R1".to_string()), "{today:?}");
    let r1 = s["today_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["job_no"] == "J003-R1")
        .unwrap();
    assert_eq!(r1["revisit_of"], "J003");
    assert_eq!(r1["customer"], "王五");
    assert_eq!(r1["status"], "unscheduled");
    assert_eq!(r1["appointment_start"], serde_json::Value::Null);

    // The re-visit is made, untested again, and the customer is still unhappy.
    let v = b.file("r1.csv", &format!("{VISITS_HEADER}\nJ003-R1,李明,2026-11-23 15:00,2026-11-23 15:30,fixed_untested,,,,,,,\n"));
    assert!(
        b.import_at("2026-11-23T15:35:00+08:00", "visits", &v)
            .status
            .success()
    );
    let later = "2026-11-23T17:40:00+08:00";
    let out = b
        .cmd(later, &["callback", "J003-R1", "--result", "unsatisfied"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("J003-R2"),
        "{out:?}"
    );
    let v = b.file("r2.csv", &format!("{VISITS_HEADER}\nJ003-R2,李明,2026-11-23 18:00,2026-11-23 18:30,fixed_untested,,,,,,,\n"));
    assert!(
        b.import_at("2026-11-23T18:35:00+08:00", "visits", &v)
            .status
            .success()
    );
    let out = b
        .cmd(
            "2026-11-23T20:00:00+08:00",
            &["callback", "J003-R2", "--result", "satisfied"],
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = b.json("2026-11-23T20:00:00+08:00", &["status", "--json"]);
    assert!(job_nos(&s["today_jobs"]).contains(&"J003-R2".to_string()));
    let r2 = s["today_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["job_no"] == "J003-R2")
        .unwrap();
    assert_eq!(r2["revisit_of"], "J003");
}

#[test]
fn denies_signature_closes_the_callback_and_makes_the_card_suspect() {
    let b = loaded();
    let c = b.file(
        "c.csv",
        &format!("{CARDS_HEADER}\nJ004,2026-11-23 14:10,satisfied,customer,yes,,\n"),
    );
    assert!(
        b.import_at("2026-11-23T14:15:00+08:00", "cards", &c)
            .status
            .success()
    );
    b.cmd(
        "2026-11-23T14:20:00+08:00",
        &["callback", "J004", "--result", "denies_signature"],
    )
    .assert()
    .success();
    let r = b.json("2026-11-23T17:30:00+08:00", &["reconcile", "--json"]);
    assert!(
        r["found"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["job_no"] == "J004" && f["kind"] == "signature_suspect")
    );
    let s = b.json("2026-11-23T17:30:00+08:00", &["status", "--json"]);
    assert!(!job_nos(&s["callbacks_pending"]).contains(&"J004".to_string()));
}

#[test]
fn a_reschedule_moves_the_appointment_and_not_home_needs_a_new_one() {
    let b = loaded();
    let v = b.file("v.csv", &format!("{VISITS_HEADER}\nJ008,王强,2026-11-23 10:05,,not_home,,,,,,,留言条\nJ008,王强,,,rescheduled,,,,,2026-11-25 09:00,2026-11-25 10:00,改约\n"));
    let out = b.import("visits", &v);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = b.json("2026-11-25T08:00:00+08:00", &["status", "--json"]);
    let j = s["today_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["job_no"] == "J008")
        .unwrap();
    assert_eq!(j["status"], "scheduled");
    assert_eq!(j["appointment_start"], "2026-11-25T09:00:00+08:00");
}

#[test]
fn the_demo_fills_a_living_database_reproducibly() {
    let a = Bench::new();
    a.cmd(NOW, &["demo", "--jobs", "80", "--days", "5", "--seed", "7"])
        .assert()
        .success();
    let s = a.json(NOW, &["status", "--json"]);
    for key in [
        "today_jobs",
        "callbacks_pending",
        "cards_awaiting_signature",
        "discrepancies",
        "to_verify",
        "conflicts",
    ] {
        assert!(!s[key].as_array().unwrap().is_empty(), "demo has no {key}");
    }
    let kinds: std::collections::BTreeSet<&str> = s["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    // The six kinds of the first standard, and a charge over the fee
    // standard.
    assert_eq!(kinds.len(), 7, "{kinds:?}");
    assert!(kinds.contains("charge_over_standard"), "{kinds:?}");
    assert!(
        s["callbacks_pending"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["overdue"] == true)
    );
    assert!(
        s["callbacks_pending"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["overdue"] == false)
    );
    // The same seed gives the same data; a second demo into it is refused.
    let b = Bench::new();
    b.cmd(NOW, &["demo", "--jobs", "80", "--days", "5", "--seed", "7"])
        .assert()
        .success();
    assert_eq!(a.dump(), b.dump());
    a.cmd(NOW, &["demo"]).assert().failure();
}

#[test]
fn an_owed_invoice_stays_until_delivered_and_a_late_loaner_return_is_flagged() {
    let b = loaded();
    let s = b.json(NOW, &["status", "--json"]);
    assert_eq!(job_nos(&s["invoices_owed"]), ["J005"]);
    let r = &s["loaner_returns"][0];
    assert_eq!(
        (r["job_no"].as_str(), r["overdue"].as_bool()),
        (Some("J007"), Some(false))
    );
    // The agreed return date was the 25th: on the 26th it is overdue.
    let s = b.json("2026-11-26T09:00:00+08:00", &["status", "--json"]);
    assert_eq!(s["loaner_returns"][0]["overdue"], true);
    // The machine comes back with a later visit: no longer open.
    let v = b.file(
        "back.csv",
        &format!("{VISITS_HEADER}\nJ007,刘洋,2026-11-26 10:00,2026-11-26 10:30,fixed,,,,,,,送回\n"),
    );
    assert!(
        b.import_at("2026-11-26T10:40:00+08:00", "visits", &v)
            .status
            .success()
    );
    let s = b.json("2026-11-26T11:00:00+08:00", &["status", "--json"]);
    assert_eq!(s["loaner_returns"], serde_json::json!([]));

    b.cmd(NOW, &["deliver-invoice", "J005"]).assert().success();
    let s = b.json(NOW, &["status", "--json"]);
    assert_eq!(s["invoices_owed"], serde_json::json!([]));
    b.cmd(NOW, &["deliver-invoice", "J005"]).assert().failure();
}

/// `branchdesk overdue --json | head`: when the reader goes away the program
/// ends quietly, as Unix tools do, and never with a panic.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::process::{Command, Stdio};
    let b = loaded();
    let mut child = Command::new(env!("CARGO_BIN_EXE_branchdesk"))
        .env("TZ", "Asia/Shanghai")
        .arg("--db")
        .arg(&b.db)
        .args(["--now", NOW, "overdue", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader is gone before the first byte is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_wrong_dispatch_file_of_one_day_gives_one_conflict_group_per_engineer() {
    // 40,000 jobs on one day for 5 engineers, all 09:00–12:00: pair by pair
    // that was 160 million conflicts; grouped, it is 5.
    let b = Bench::new();
    let mut csv = format!("{JOBS_HEADER}\n");
    for i in 0..40_000 {
        csv += &format!(
            "W{i:05},QD01,2026-11-22 16:00,张三,13812345678,青岛市,BCD-470,2024-05-01,不制冷,,\
             2026-11-23 09:00,2026-11-23 12:00,工程师{},in\n",
            i % 5
        );
    }
    let p = b.file("day.csv", &csv);
    let out = b.import("jobs", &p);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = b.json(NOW, &["status", "--json"]);
    let groups = s["conflicts"].as_array().unwrap();
    assert_eq!(groups.len(), 5);
    assert_eq!(s["counts"]["conflicts"], 5);
    let sizes: Vec<usize> = groups
        .iter()
        .map(|g| g["job_nos"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [8_000; 5]);
    // The text names a few of each group, not all of them.
    let out = b.cmd(NOW, &["status"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("jobs overlap"))
        .collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(
        lines
            .iter()
            .all(|l| l.contains("8000 jobs overlap") && l.contains("(+7992)"))
    );
}
