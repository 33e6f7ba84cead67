//! `correct job|visit|card|callback` and `import callbacks` on the imported
//! fixture, with the database compared before and after: every derived
//! state follows a correction, a refused one changes nothing.

use crate::common::*;
use serde_json::Value;

const EVENING: &str = "2026-11-23T17:30:00+08:00";

/// The tables whose rows differ between two dumps.
fn changed_tables(before: &[String], after: &[String]) -> Vec<String> {
    use std::collections::BTreeSet;
    let (a, b): (BTreeSet<&String>, BTreeSet<&String>) =
        (before.iter().collect(), after.iter().collect());
    let tables: BTreeSet<String> = a
        .symmetric_difference(&b)
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    tables.into_iter().collect()
}

/// Runs a correction and returns the tables it changed.
fn corrects(b: &Bench, now: &str, args: &[&str]) -> Vec<String> {
    let before = b.dump();
    b.ok(now, args);
    changed_tables(&before, &b.dump())
}

fn audit_log(b: &Bench, job: &str) -> String {
    b.ok(LATER, &["audit", "log", "--job", job])
}

#[test]
fn a_re_signed_card_leaves_awaiting_signature_and_its_discrepancy_shows_cause_gone() {
    let b = loaded();
    b.ok(EVENING, &["reconcile"]);
    let s = b.json(EVENING, &["status", "--json"]);
    assert!(find(&s["cards_awaiting_signature"], "J003").is_some());
    let d = find(&s["discrepancies"], "J003").unwrap();
    assert_eq!(d["kind"], "signature_missing");
    assert_eq!(d["cause_gone"], false);

    let before = b.dump();
    let out = b.ok(
        LATER,
        &words("correct card J003 signed_by=customer --reason 李明回去请客户补签"),
    );
    assert!(out.contains("signed_by \"none\" → \"customer\""), "{out}");
    // The card, the job's derived card state, the correction and its audit
    // entry; nothing else (the discrepancy stays as it was).
    assert_eq!(
        changed_tables(&before, &b.dump()),
        ["audit_log", "audit_rows", "cards", "corrections", "jobs"]
    );

    let s = b.json(LATER, &["status", "--json"]);
    assert!(find(&s["cards_awaiting_signature"], "J003").is_none());
    let d = find(&s["discrepancies"], "J003").unwrap();
    assert_eq!(d["status"], "open", "a correction never resolves");
    assert_eq!(d["cause_gone"], true);
    assert_eq!(
        find(&s["today_jobs"], "J003").unwrap()["card_state"],
        "signed"
    );

    // One audit entry, with the reason and before/after; the trail holds.
    let log = audit_log(&b, "J003");
    let entries: Vec<&str> = log.lines().filter(|l| l.contains("correct")).collect();
    assert_eq!(entries.len(), 1, "{log}");
    assert!(entries[0].contains("李明回去请客户补签"), "{log}");
    assert!(entries[0].contains("\"none\" → \"customer\""), "{log}");
    b.ok(LATER, &["audit", "verify"]);
}

#[test]
fn refused_corrections_say_why_and_change_nothing() {
    let b = loaded();
    b.ok(EVENING, &["callback", "J002", "--result", "satisfied"]);
    let cases: &[(&[&str], &str)] = &[
        (&["correct", "card", "J003", "signed_by=customer"], "reason"),
        (
            &[
                "correct",
                "card",
                "J003",
                "signed_by=customer",
                "--reason",
                " ",
            ],
            "reason",
        ),
        (
            &words("correct card J003 signed_by=nobody --reason r"),
            "signed_by: unknown code",
        ),
        (
            &words("correct job J001 purchase_date=2025-02-30 --reason r"),
            "purchase_date",
        ),
        (
            &["correct", "visit", "J005", "charge=12x", "--reason", "r"],
            "charge",
        ),
        (
            &["correct", "card", "J003", "colour=red", "--reason", "r"],
            "colour: not a field",
        ),
        (
            &["correct", "job", "J001", "job_no=J100", "--reason", "r"],
            "job_no: identifies",
        ),
        (
            &["correct", "job", "J001", "branch=XX", "--reason", "r"],
            "branch: identifies",
        ),
        (
            &[
                "correct",
                "callback",
                "J002",
                "called_at=2026-11-23 13:00",
                "--reason",
                "r",
            ],
            "called_at",
        ),
        (
            &words("correct callback J002 result=maybe --reason r"),
            "result: unknown code",
        ),
        (
            &words("correct card J999 signed_by=customer --reason r"),
            "no job \"J999\"",
        ),
        (
            &[
                "correct",
                "card",
                "J003",
                "returned_at=2026-11-23 18:00",
                "--reason",
                "r",
            ],
            "returned_at: later than now",
        ),
        (
            &[
                "correct",
                "visit",
                "J003",
                "finished_at=2026-11-23 23:00",
                "--reason",
                "r",
            ],
            "finished_at: later than now",
        ),
        (
            &["correct", "visit", "J008", "note=x", "--reason", "r"],
            "no visit",
        ),
        (
            &words("correct card J004 signed_by=customer --reason r"),
            "no card",
        ),
        (
            &words("correct callback J003 result=satisfied --reason r"),
            "no callback result",
        ),
        (
            &words("correct card J001 signed_by=customer --reason r"),
            "nothing changes",
        ),
        (
            &["correct", "job", "J001", "phone", "--reason", "r"],
            "FIELD=VALUE",
        ),
    ];
    for (args, why) in cases {
        let err = b.refused(LATER, args);
        assert!(err.contains(why), "{args:?}: expected {why:?} in {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line\n{err}");
    }
}

#[test]
fn a_corrected_visit_moves_its_pending_callback_and_the_callbacks_it_needs() {
    let b = loaded();
    // J003 fixed_untested, finished 12:30: due 14:30.
    let s = b.json(NOW, &["status", "--json"]);
    let due = |s: &Value, j: &str| find(&s["callbacks_pending"], j).map(|c| c["due_at"].clone());
    assert_eq!(due(&s, "J003").unwrap(), "2026-11-23T14:30:00+08:00");
    let tables = corrects(
        &b,
        NOW,
        &[
            "correct",
            "visit",
            "J003",
            "finished_at=2026-11-23 13:10",
            "--reason",
            "工程师报错时间",
        ],
    );
    // The visit and its pending callback, the correction and its entry.
    assert_eq!(
        tables,
        [
            "audit_log",
            "audit_rows",
            "callbacks",
            "corrections",
            "visits"
        ]
    );
    let s = b.json(NOW, &["status", "--json"]);
    assert_eq!(due(&s, "J003").unwrap(), "2026-11-23T15:10:00+08:00");

    // J004 unsure (3 h) was really fixed: no callback any more, and a card
    // still to come back; J001 fixed was really untested: a 2 h callback.
    b.ok(
        NOW,
        &["correct", "visit", "J004", "outcome=fixed", "--reason", "r"],
    );
    b.ok(
        NOW,
        &words("correct visit J001 outcome=fixed_untested --reason r"),
    );
    let s = b.json(NOW, &["status", "--json"]);
    assert!(due(&s, "J004").is_none());
    assert_eq!(
        find(&s["today_jobs"], "J004").unwrap()["status"],
        "awaiting_card"
    );
    assert_eq!(due(&s, "J001").unwrap(), "2026-11-23T12:30:00+08:00");
    assert_eq!(
        find(&s["today_jobs"], "J001").unwrap()["status"],
        "callback_pending"
    );

    // A callback already made does not move.
    b.ok(NOW, &["callback", "J001", "--result", "satisfied"]);
    let before = b.json(NOW, &["status", "--json"]);
    b.ok(
        NOW,
        &[
            "correct",
            "visit",
            "J001",
            "finished_at=2026-11-23 10:50",
            "--reason",
            "r",
        ],
    );
    let after = b.json(NOW, &["status", "--json"]);
    assert_eq!(before["callbacks_pending"], after["callbacks_pending"]);
    b.ok(NOW, &["audit", "verify"]);
}

#[test]
fn a_corrected_job_follows_to_verify_conflicts_and_lateness() {
    let b = loaded();
    let s = b.json(NOW, &["status", "--json"]);
    assert!(find(&s["to_verify"], "J006").is_some());
    // Conflicts are groups of one engineer's overlapping appointments.
    let groups = |s: &Value| -> Vec<Vec<String>> {
        s["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                c["job_nos"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|j| j.as_str().unwrap().to_string())
                    .collect()
            })
            .collect()
    };
    let with_j008 = |s: &Value| groups(s).iter().flatten().any(|j| j == "J008");
    assert!(with_j008(&s), "{:?}", groups(&s));

    // Checked with dispatch: off the list, and it stays off while a
    // correction brings no new reason; a new reason puts it back.
    b.ok(NOW, &["verify", "J006"]);
    b.ok(
        NOW,
        &words("correct job J006 address=青岛市崂山区海尔路2号 --reason 与派单核对"),
    );
    let s = b.json(NOW, &["status", "--json"]);
    assert!(find(&s["to_verify"], "J006").is_none());
    b.ok(
        NOW,
        &words("correct job J006 product_model= --reason 型号录错"),
    );
    let s = b.json(NOW, &["status", "--json"]);
    assert_eq!(
        find(&s["to_verify"], "J006").unwrap()["missing"],
        serde_json::json!(["phone", "product_model"])
    );
    // Checked again, then the phone corrected to another that looks
    // wrong: that value was never checked, so the job is back.
    b.ok(NOW, &["verify", "J006"]);
    b.ok(NOW, &words("correct job J006 phone=999 --reason 号码录错"));
    let s = b.json(NOW, &["status", "--json"]);
    assert!(
        find(&s["to_verify"], "J006").is_some_and(|j| j["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "phone")),
        "{}",
        s["to_verify"]
    );
    b.ok(
        NOW,
        &words(
            "correct job J006 phone=13812340000 product_model=EG10014B39GU1 --reason 与派单核对",
        ),
    );
    // Dispatch's file again, as it was sent: nothing new, the corrections
    // stay; a file that does say something else is still refused.
    let jobs = b.dir.path().join("jobs.csv");
    let before = b.dump();
    let again = b.import("jobs", &jobs);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(b.dump(), before, "the same file again changed the database");
    let other = b.file("jobs2.csv", &jobs_csv().replace("孙八", "孙九"));
    let err = String::from_utf8_lossy(&b.import("jobs", &other).stderr).to_string();
    assert!(err.contains("customer: job J006 already imported"), "{err}");
    let tables = corrects(
        &b,
        NOW,
        &[
            "correct",
            "job",
            "J008",
            "appointment_start=2026-11-23 15:00",
            "appointment_end=2026-11-23 16:00",
            "--reason",
            "派单改约时间录错",
        ],
    );
    assert_eq!(tables, ["audit_log", "audit_rows", "corrections", "jobs"]);
    let s = b.json(NOW, &["status", "--json"]);
    assert!(find(&s["to_verify"], "J006").is_none());
    assert!(!with_j008(&s), "{:?}", groups(&s));
    assert_eq!(
        find(&s["today_jobs"], "J008").unwrap()["appointment_start"],
        "2026-11-23T15:00:00+08:00"
    );

    // J001 arrived 09:30 in a 09:00-11:00 window; with the window corrected
    // to end at 09:00 it was 30 minutes late.
    let late = |s: &Value| find(&s["today_jobs"], "J001").unwrap()["late_minutes"].clone();
    assert_eq!(late(&s), Value::Null);
    b.ok(
        NOW,
        &[
            "correct",
            "job",
            "J001",
            "appointment_start=2026-11-23 08:00",
            "appointment_end=2026-11-23 09:00",
            "--reason",
            "r",
        ],
    );
    let s = b.json(NOW, &["status", "--json"]);
    assert_eq!(late(&s), 30);
}

#[test]
fn correcting_unsatisfied_away_cancels_an_unvisited_revisit_and_is_refused_after_a_visit() {
    let b = loaded();
    let out = b.ok(
        "2026-11-23T14:40:00+08:00",
        &["callback", "J003", "--result", "unsatisfied"],
    );
    assert!(out.contains("J003-R1"), "{out}");
    let before = b.dump();
    let out = b.ok(
        "2026-11-23T14:50:00+08:00",
        &words("correct callback J003 result=satisfied --reason 客户说的是满意，录错了"),
    );
    // The result and its callback (unlinked from the re-visit), the
    // re-visit's cancelling visit and the jobs' states, the correction and
    // its entry.
    assert_eq!(
        changed_tables(&before, &b.dump()),
        [
            "audit_log",
            "audit_rows",
            "callback_events",
            "callbacks",
            "corrections",
            "jobs",
            "visits"
        ]
    );
    assert!(out.contains("re-visit job J003-R1 cancelled"), "{out}");
    let s = b.json("2026-11-23T14:55:00+08:00", &["status", "--json"]);
    assert_eq!(
        find(&s["today_jobs"], "J003-R1").unwrap()["status"],
        "cancelled"
    );
    assert!(find(&s["callbacks_pending"], "J003").is_none());
    assert_ne!(find(&s["today_jobs"], "J003").unwrap()["status"], "revisit");

    // Back to unsatisfied: a new re-visit; once it has been visited, the
    // result can no longer be corrected away.
    let out = b.ok(
        "2026-11-23T15:00:00+08:00",
        &words("correct callback J003 result=unsatisfied --reason 再次核实：不满意"),
    );
    assert!(out.contains("re-visit job J003-R2 opened"), "{out}");
    let v = b.file(
        "revisit.csv",
        &format!("{VISITS_HEADER}\nJ003-R2,李明,2026-11-23 16:00,2026-11-23 16:30,fixed,,,,,,,\n"),
    );
    assert!(
        b.import_at("2026-11-23T16:35:00+08:00", "visits", &v)
            .status
            .success()
    );
    let err = b.refused(
        "2026-11-23T16:40:00+08:00",
        &words("correct callback J003 result=satisfied --reason r"),
    );
    assert!(
        err.contains("J003-R2") && err.contains("already has a visit"),
        "{err}"
    );
    // The note alone may still be corrected.
    b.ok(
        "2026-11-23T16:41:00+08:00",
        &words("correct callback J003 note=还是不制热 --reason 补记"),
    );
    b.ok("2026-11-23T16:42:00+08:00", &["audit", "verify"]);
}

#[test]
fn an_unreachable_attempt_corrected_to_a_result_closes_the_callback() {
    let b = loaded();
    b.ok(NOW, &["callback", "J002", "--result", "unreachable"]);
    let s = b.json(NOW, &["status", "--json"]);
    assert_eq!(
        find(&s["callbacks_pending"], "J002").unwrap()["attempts"],
        1
    );
    b.ok(
        NOW,
        &words("correct callback J002 result=satisfied note=接通了 --reason 点错了"),
    );
    let s = b.json(NOW, &["status", "--json"]);
    assert!(find(&s["callbacks_pending"], "J002").is_none());
    // And back: pending again, one attempt.
    b.ok(
        NOW,
        &words("correct callback J002 result=unreachable --reason r"),
    );
    let s = b.json(NOW, &["status", "--json"]);
    assert_eq!(
        find(&s["callbacks_pending"], "J002").unwrap()["attempts"],
        1
    );
}

#[test]
fn a_correction_touches_its_job_in_that_days_report() {
    let b = loaded();
    let next = "2026-11-24T10:00:00+08:00";
    let out_dir = b.exports();
    let out = out_dir.to_str().unwrap();
    let report = |b: &Bench| {
        b.ok(next, &["export", "daily", "--out", out]);
        std::fs::read_to_string(out_dir.join("QD01/QD01_2026-11-24.csv")).unwrap()
    };
    // The `touched` cell of a job's row, if the job has a row.
    let touched = |csv: &str, job: &str| -> Option<String> {
        let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let header = rows.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (no, t) = (col("job_no"), col("touched"));
        rows.records()
            .map(Result::unwrap)
            .find(|r| &r[no] == job)
            .map(|r| r[t].to_string())
    };
    // (J001 may have a row for its follow-up still open: untouched.)
    assert_ne!(touched(&report(&b), "J001").as_deref(), Some("yes"));
    b.ok(
        next,
        &words("correct job J001 customer=张叁 --reason 姓名录错"),
    );
    assert_eq!(touched(&report(&b), "J001").as_deref(), Some("yes"));
}

const CALLS_HEADER: &str = "job_no,called_at,result,note,caller";

#[test]
fn import_callbacks_logs_each_call_once_and_rejects_a_bad_file_whole() {
    let b = loaded();
    let calls = b.file(
        "calls.csv",
        &format!(
            "\u{feff}{CALLS_HEADER}\n\
             J004,2026-11-23 13:20,unreachable,,中心回访组张敏\n\
             J002,2026-11-23 13:10,satisfied,客户满意,中心回访组张敏\n\
             J004,2026-11-23 13:40,unsatisfied,还是漏水,中心回访组张敏\n"
        ),
    );
    stdout_of(b.import("callbacks", &calls));
    let s = b.json(NOW, &["status", "--json"]);
    assert!(find(&s["callbacks_pending"], "J002").is_none());
    assert!(find(&s["callbacks_pending"], "J004").is_none());
    assert!(
        find(&s["today_jobs"], "J004-R1").is_some(),
        "unsatisfied opens a re-visit"
    );
    let log = audit_log(&b, "J004");
    assert!(log.contains("import_callbacks"), "{log}");

    // The same file again: nothing changes.
    let before = b.dump();
    let out = b.import("callbacks", &calls);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 added, 3 already there"));
    assert_eq!(b.dump(), before);

    // A file with one changed call and one good new row: rejected whole.
    let bad = b.file(
        "calls2.csv",
        &format!(
            "{CALLS_HEADER}\n\
             J003,2026-11-23 14:35,satisfied,,中心回访组张敏\n\
             J002,2026-11-23 13:10,unsatisfied,,中心回访组张敏\n\
             J006,2026-11-23 14:00,unreachable,,中心回访组张敏\n"
        ),
    );
    let out = b.import("callbacks", &bad);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(b.dump(), before);
    let file = bad.display().to_string();
    assert!(err.contains(&format!("{file}:3: result:")), "{err}");
    assert!(err.contains(&format!("{file}:4: result:")), "{err}");
    assert!(err.contains("no pending callback"), "{err}");
}

#[test]
fn a_corrected_reschedule_moves_the_window_and_a_corrected_return_reopens_the_loaner() {
    let b = loaded();
    // J008 rescheduled to the 24th, 09:00-10:00: the new window typed wrong.
    let v = b.file(
        "resched.csv",
        &format!(
            "{VISITS_HEADER}\nJ008,王强,,,rescheduled,,,,,2026-11-24 09:00,2026-11-24 10:00,客户改约\n"
        ),
    );
    assert!(b.import("visits", &v).status.success());
    b.ok(
        NOW,
        &[
            "correct",
            "visit",
            "J008",
            "new_appointment_start=2026-11-24 15:00",
            "new_appointment_end=2026-11-24 16:00",
            "--reason",
            "改约时间录错",
        ],
    );
    let s = b.json("2026-11-24T08:00:00+08:00", &["status", "--json"]);
    let j = find(&s["today_jobs"], "J008").unwrap();
    assert_eq!(j["appointment_start"], "2026-11-24T15:00:00+08:00");
    assert_eq!(j["status"], "scheduled");
    // It was not a reschedule but a customer not at home: back to the
    // dispatched window, and a new appointment is needed.
    b.ok(
        NOW,
        &[
            "correct",
            "visit",
            "J008",
            "outcome=not_home",
            "arrived_at=2026-11-23 10:30",
            "new_appointment_start=",
            "new_appointment_end=",
            "--reason",
            "实为用户不在家",
        ],
    );
    let s = b.json(NOW, &["status", "--json"]);
    let j = find(&s["today_jobs"], "J008").unwrap();
    assert_eq!(j["appointment_start"], "2026-11-23T10:00:00+08:00");
    assert_eq!(j["status"], "needs_appointment");

    // J007 pulled (loaner left); the machine brought back on the 24th ends
    // the loaner; that visit corrected to not at home opens it again.
    let loaners = |s: &Value| {
        s["loaner_returns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["job_no"] == "J007")
    };
    let back = b.file(
        "back.csv",
        &format!("{VISITS_HEADER}\nJ007,刘洋,2026-11-24 09:00,2026-11-24 09:30,fixed,,,,,,,送回\n"),
    );
    let next = "2026-11-24T10:00:00+08:00";
    let out = b
        .cmd(next, &["import", "visits", back.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!loaners(&b.json(next, &["status", "--json"])));
    b.ok(
        next,
        &words("correct visit J007 outcome=not_home --reason 未送回"),
    );
    assert!(loaners(&b.json(next, &["status", "--json"])));
    b.ok(next, &["audit", "verify"]);
}

#[test]
fn a_card_corrected_to_unsatisfied_opens_its_re_visit_once_and_away_cancels_it() {
    let b = loaded();
    let revisits = |b: &Bench| -> Vec<String> {
        let s = b.json(LATER, &["status", "--json"]);
        let mut v: Vec<String> = s["today_jobs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|j| j["job_no"].as_str().unwrap().starts_with("J001-R"))
            .map(|j| {
                format!(
                    "{} {}",
                    j["job_no"].as_str().unwrap(),
                    j["status"].as_str().unwrap()
                )
            })
            .collect();
        v.sort();
        v
    };
    // J001's card said satisfied; the customer had ticked unsatisfied.
    let out = b.ok(
        LATER,
        &words("correct card J001 satisfaction=unsatisfied --reason 看错了勾选"),
    );
    assert!(out.contains("re-visit job J001-R1 opened"), "{out}");
    assert_eq!(revisits(&b), ["J001-R1 unscheduled"]);
    // The note corrected again: no second re-visit (once per card).
    b.ok(
        LATER,
        &["correct", "card", "J001", "receipt_no=R-9", "--reason", "r"],
    );
    assert_eq!(revisits(&b), ["J001-R1 unscheduled"]);
    // An unsatisfied callback now is the same cause: no second re-visit;
    // the callback corrected away leaves the card's re-visit standing.
    b.ok(LATER, &["callback", "J001", "--result", "unsatisfied"]);
    assert_eq!(revisits(&b), ["J001-R1 unscheduled"]);
    b.ok(
        LATER,
        &words("correct callback J001 result=satisfied --reason r"),
    );
    assert_eq!(revisits(&b), ["J001-R1 unscheduled"]);
    // The card corrected back to satisfied: its re-visit, not yet visited,
    // is cancelled.
    let out = b.ok(
        LATER,
        &words("correct card J001 satisfaction=satisfied --reason 再核实"),
    );
    assert!(out.contains("re-visit job J001-R1 cancelled"), "{out}");
    assert_eq!(revisits(&b), ["J001-R1 cancelled"]);
    // Unsatisfied again: a new re-visit; visited, the mark can no longer be
    // corrected away.
    b.ok(
        LATER,
        &words("correct card J001 satisfaction=unsatisfied --reason r"),
    );
    assert_eq!(revisits(&b), ["J001-R1 cancelled", "J001-R2 unscheduled"]);
    let v = b.file(
        "r2.csv",
        &format!("{VISITS_HEADER}\nJ001-R2,王强,2026-11-23 17:00,2026-11-23 17:30,fixed,,,,,,,\n"),
    );
    stdout_of(
        b.cmd(LATER, &["import", "visits", v.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    let err = b.refused(
        LATER,
        &words("correct card J001 satisfaction=satisfied --reason r"),
    );
    assert!(
        err.contains("J001-R2") && err.contains("already has a visit"),
        "{err}"
    );
    b.ok(LATER, &["audit", "verify"]);
}
