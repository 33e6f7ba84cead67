//! The center's figures are the branch's: two branches over three days
//! (work carried from day to day, a branch that skips a day's export,
//! every kind of open item), exported and imported at the center; every
//! figure the center shows for a branch equals the branch's own `status
//! --json` counts at the export instant, key by key, and `overdue` and the
//! supervisor's lists on the center are the branches' own.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn run(b: &Bench, now: &str, args: &[&str]) -> String {
    let out = b.cmd(now, args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn import(b: &Bench, now: &str, what: &str, header: &str, rows: &[&str]) {
    let p = b.file(
        &format!("{what}-{}.csv", now.replace(':', "")),
        &format!("{header}\n{}\n", rows.join("\n")),
    );
    run(b, now, &["import", what, p.to_str().unwrap()]);
}

fn export(b: &Bench, now: &str, dir: &Path) {
    run(b, now, &["export", "daily", "--out", dir.to_str().unwrap()]);
}

fn branch_of<'a>(s: &'a Value, code: &str) -> &'a Value {
    s["branches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["branch"] == code)
        .unwrap_or_else(|| panic!("{code} not in {s}"))
}

/// The branch exports at `now`; the center imports at the same instant;
/// every center figure of the branch for that day equals the branch's own
/// `status --json` counts at that instant, key by key (and no key more or
/// less). Returns the counts.
fn export_and_compare(center: &Bench, b: &Bench, code: &str, now: &str, dir: &Path) -> Value {
    let counts = b.json(now, &["status", "--json"])["counts"].clone();
    export(b, now, dir);
    run(center, now, &["center", "import", dir.to_str().unwrap()]);
    let day = &now[..10];
    let s = center.json(now, &["center", "status", "--date", day, "--json"]);
    let figures = &branch_of(&s, code)["figures"];
    let want: BTreeSet<&String> = counts.as_object().unwrap().keys().collect();
    let got: BTreeSet<&String> = figures
        .as_object()
        .unwrap_or_else(|| panic!("{code} {day}: no figures in {s}"))
        .keys()
        .collect();
    assert_eq!(
        got, want,
        "{code} {day}: the figures' names are the counts' names"
    );
    for (k, v) in counts.as_object().unwrap() {
        assert_eq!(&figures[k], v, "{code} {day} at {now}: {k}");
    }
    // The table's columns say the same as `figures`.
    let b_json = branch_of(&s, code);
    assert_eq!(b_json["callbacks_overdue"], counts["callbacks_overdue"]);
    assert_eq!(b_json["callbacks_pending"], counts["callbacks_pending"]);
    assert_eq!(b_json["invoices_owed"], counts["invoices_owed"]);
    assert_eq!(b_json["loaners_overdue"], counts["loaners_overdue"]);
    assert_eq!(b_json["response_overdue"], counts["response_overdue"]);
    let open: u64 = b_json["discrepancies_open"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(Value::from(open), counts["discrepancies_open"]);
    counts
}

/// `overdue --json` entries as comparable lines.
fn overdue_lines(v: &Value, branch: Option<&str>) -> BTreeSet<String> {
    v["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| branch.is_none_or(|b| o["branch"] == b))
        .map(|o| {
            format!(
                "{} {} {} {} {} {} {}",
                o["branch"],
                o["job_no"],
                o["kind"],
                o["due_at"],
                o["overdue_minutes"],
                o["attempts"],
                o["engineer"]
            )
        })
        .collect()
}

/// The job numbers listed under a heading of `supervise`'s text (its
/// lines up to the next blank line), sorted, each as often as listed.
fn section(text: &str, heading: &str) -> Vec<String> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with(heading));
    let title = lines
        .next()
        .unwrap_or_else(|| panic!("no {heading} in:\n{text}"));
    let mut jobs: Vec<String> = lines
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    jobs.sort();
    assert!(title.contains(&format!("({})", jobs.len())), "{title}");
    jobs
}

/// Every `open_items` code of a report.
fn codes_of(dir: &Path, code: &str, date: &str) -> BTreeSet<String> {
    let bytes = std::fs::read(dir.join(format!("{code}/{code}_{date}.csv"))).unwrap();
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let at = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "open_items")
        .unwrap();
    rdr.records()
        .flat_map(|r| {
            r.unwrap()[at]
                .split(';')
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn job_nos_of(v: &Value) -> BTreeSet<String> {
    job_nos(v).into_iter().collect()
}

#[test]
fn every_center_figure_is_the_branchs_own_count_at_export_over_three_days() {
    let dir_holder = tempfile::tempdir().unwrap();
    let dir = dir_holder.path().join("exports");
    let center = Bench::new();

    // ---- Branch QD01: the common eight jobs (J002 solved by phone, J006
    // to verify, J007 a loaner, J008 never visited), and more.
    let a = loaded();
    import(
        &a,
        "2026-11-23T15:00:00+08:00",
        "jobs",
        JOBS_HEADER,
        &[
            // No appointment.
            "A001,QD01,2026-11-23 08:00,甲一,13800000001,青岛市崂山区一号,BCD-1,2024-01-01,不制冷,,,,王强,in",
            // Not at home today.
            "A002,QD01,2026-11-23 08:05,甲二,13800000002,青岛市崂山区二号,BCD-2,2024-01-01,不制冷,,2026-11-23 09:00,2026-11-23 10:00,王强,in",
            // Fixed, card "unsatisfied": a re-visit opened today, no window.
            "A005,QD01,2026-11-23 08:20,甲五,13800000005,青岛市崂山区五号,BCD-5,2024-01-01,不制冷,,2026-11-23 13:00,2026-11-23 14:00,张伟,in",
            // Two overlapping windows of 李明 tomorrow: a conflict.
            "A010,QD01,2026-11-23 09:00,甲十,13800000010,青岛市崂山区十号,BCD-10,2024-01-01,不制冷,,2026-11-24 14:00,2026-11-24 16:00,李明,in",
            "A011,QD01,2026-11-23 09:05,甲十一,13800000011,青岛市崂山区十一号,BCD-11,2024-01-01,不制冷,,2026-11-24 15:00,2026-11-24 17:00,李明,in",
            // Taken to the workshop with a return agreed past the limit.
            "A012,QD01,2026-11-23 09:10,甲十二,13800000012,青岛市崂山区十二号,BCD-12,2024-01-01,不制冷,,2026-11-23 10:00,2026-11-23 11:00,王强,in",
            // The right part is not at hand: waiting for it.
            "A013,QD01,2026-11-23 09:15,甲十三,13800000013,青岛市崂山区十三号,BCD-13,2024-01-01,不制冷,,2026-11-23 11:00,2026-11-23 12:00,王强,in",
        ],
    );
    import(
        &a,
        "2026-11-23T15:00:00+08:00",
        "visits",
        VISITS_HEADER,
        &[
            "A002,王强,2026-11-23 09:20,,not_home,,,,,,,留言条",
            "A005,张伟,2026-11-23 13:10,2026-11-23 13:50,fixed,,,,,,,",
            "A012,王强,2026-11-23 10:05,2026-11-23 10:40,pulled,,,,2026-12-15,,,拉修",
            "A013,王强,2026-11-23 11:05,2026-11-23 11:20,awaiting_parts,,,,,,,缺压缩机",
        ],
    );
    import(
        &a,
        "2026-11-23T15:00:00+08:00",
        "cards",
        CARDS_HEADER,
        &["A005,2026-11-23 14:30,unsatisfied,customer,yes,,"],
    );
    run(
        &a,
        "2026-11-23T15:30:00+08:00",
        &[
            "complaint",
            "add",
            "J004",
            "--source",
            "hotline",
            "--category",
            "delay",
            "--note",
            "慢",
        ],
    );
    // A fee waiver the center rules on.
    run(
        &a,
        "2026-11-23T15:40:00+08:00",
        &[
            "case",
            "add",
            "A001",
            "--kind",
            "fee_waiver",
            "--note",
            "老用户申请免上门费",
        ],
    );
    run(&a, "2026-11-23T17:10:00+08:00", &["reconcile"]);

    // ---- Branch QD02, from scratch.
    let b = Bench::new();
    import(
        &b,
        "2026-11-23T09:00:00+08:00",
        "jobs",
        JOBS_HEADER,
        &[
            "B001,QD02,2026-11-22 08:00,乙一,13900000001,青岛市市南区一号,KFR-1,2024-01-01,不制热,,2026-11-23 09:00,2026-11-23 10:00,王芳,in",
            // No address: to verify; no window.
            "B002,QD02,2026-11-23 08:00,乙二,13900000002,,KFR-2,2024-01-01,不制热,,,,王芳,in",
            // Received two days back, booked for this afternoon, never
            // visited: a missed appointment past its on-site promise.
            "B003,QD02,2026-11-22 07:00,乙三,13900000003,青岛市市南区三号,KFR-3,2024-01-01,不制热,,2026-11-23 14:00,2026-11-23 15:00,赵磊,in",
            "B004,QD02,2026-11-23 08:00,乙四,13900000004,青岛市市南区四号,KFR-4,2015-01-01,不制热,,2026-11-23 10:00,2026-11-23 11:00,赵磊,out",
        ],
    );
    // The day's first report, before the 10:00 check.
    export_and_compare(&center, &b, "QD02", "2026-11-23T09:30:00+08:00", &dir);
    import(
        &b,
        "2026-11-23T12:30:00+08:00",
        "visits",
        VISITS_HEADER,
        &[
            "B001,王芳,2026-11-23 09:10,2026-11-23 09:40,fixed_untested,,,,,,,",
            "B004,赵磊,2026-11-23 10:10,2026-11-23 10:50,pulled,100,R-9,yes,2026-11-24,,,拉修",
        ],
    );
    import(
        &b,
        "2026-11-23T12:30:00+08:00",
        "cards",
        CARDS_HEADER,
        &["B001,2026-11-23 12:00,satisfied,customer,yes,,"],
    );
    run(
        &b,
        "2026-11-23T13:00:00+08:00",
        &[
            "complaint",
            "add",
            "B003",
            "--source",
            "hotline",
            "--category",
            "delay",
            "--note",
            "没人来",
        ],
    );
    // A complaint about no job (a walk-in about the fee standard): no
    // report row can carry it, the manifest does.
    run(
        &b,
        "2026-11-23T13:10:00+08:00",
        &[
            "complaint",
            "add",
            "--source",
            "walk_in",
            "--category",
            "charge",
            "--note",
            "收费标准不清楚",
            "--customer",
            "丙先生",
            "--phone",
            "13900000099",
        ],
    );
    run(&b, "2026-11-23T17:10:00+08:00", &["reconcile"]);

    // ---- Day 1 evening: both send their final report.
    let a1 = export_and_compare(&center, &a, "QD01", "2026-11-23T17:30:00+08:00", &dir);
    let b1 = export_and_compare(&center, &b, "QD02", "2026-11-23T17:40:00+08:00", &dir);
    assert!(a1["discrepancies_open"].as_u64().unwrap() > 0, "{a1}");
    assert!(b1["callbacks_overdue"].as_u64().unwrap() > 0, "{b1}");
    let s = center.json(
        "2026-11-23T18:30:00+08:00",
        &["center", "status", "--date", "2026-11-23", "--json"],
    );
    let states = |s: &Value, code: &str| -> Vec<String> {
        branch_of(s, code)["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| format!("{} {}", c["check_time"], c["state"]).replace('"', ""))
            .collect()
    };
    // QD01's first report came at 17:30 (late for 10:00, final for 18:00);
    // QD02 sent one at 09:30 and its final one at 17:40.
    assert_eq!(states(&s, "QD01"), ["10:00 late", "18:00 on_time"]);
    assert_eq!(states(&s, "QD02"), ["10:00 on_time", "18:00 on_time"]);

    // ---- Day 2: QD01 works and reports; QD02 works and skips its export.
    import(
        &a,
        "2026-11-24T10:30:00+08:00",
        "visits",
        VISITS_HEADER,
        &[
            "J006,张伟,2026-11-24 09:30,2026-11-24 10:00,fixed_untested,,,,,,,",
            // A loaner due back today: overdue from tomorrow.
            "J008,王强,2026-11-24 09:00,2026-11-24 09:40,pulled,,,,2026-11-24,,,拉修",
        ],
    );
    // 李明 will be 40 minutes late: the customers of his afternoon
    // appointments (A010, A011) are to be told.
    run(
        &a,
        "2026-11-24T10:40:00+08:00",
        &["delay", "李明", "--minutes", "40", "--note", "上一单超时"],
    );
    // J002's customer is not satisfied: a re-visit of its own, no window.
    run(
        &a,
        "2026-11-24T11:00:00+08:00",
        &[
            "callback",
            "J002",
            "--result",
            "unsatisfied",
            "--note",
            "还是不脱水",
        ],
    );
    run(&a, "2026-11-24T17:10:00+08:00", &["reconcile"]);
    let a2 = export_and_compare(&center, &a, "QD01", "2026-11-24T17:30:00+08:00", &dir);
    assert!(
        a2["complaints_response_overdue"].as_u64().unwrap() > 0,
        "{a2}"
    );
    assert!(a2["conflicts"].as_u64().unwrap() > 0, "{a2}");
    import(
        &b,
        "2026-11-24T10:00:00+08:00",
        "visits",
        VISITS_HEADER,
        &["B003,赵磊,2026-11-24 09:00,2026-11-24 09:30,fixed_untested,,,,,,,"],
    );
    let s = center.json(
        "2026-11-24T18:30:00+08:00",
        &["center", "status", "--date", "2026-11-24", "--json"],
    );
    assert_eq!(
        branch_of(&s, "QD02")["figures"],
        Value::Null,
        "no report: no figures"
    );
    assert_eq!(states(&s, "QD02"), ["10:00 missing", "18:00 missing"]);

    // ---- Day 3: both report; QD02's report carries day 2's work untouched.
    import(
        &a,
        "2026-11-25T09:30:00+08:00",
        "cards",
        CARDS_HEADER,
        &["J006,2026-11-25 09:00,satisfied,customer,yes,,"],
    );
    // A callback not yet due at the export.
    import(
        &a,
        "2026-11-25T16:45:00+08:00",
        "visits",
        VISITS_HEADER,
        &[
            "A010,李明,2026-11-25 16:00,2026-11-25 16:30,fixed_untested,,,,,,,",
            // Two callbacks pending on one job, both overdue at 17:30.
            "A011,李明,2026-11-25 10:00,2026-11-25 10:30,fixed_untested,,,,,,,",
            "A011,李明,2026-11-25 13:00,2026-11-25 13:30,unsure,,,,,,,",
        ],
    );
    export_and_compare(&center, &a, "QD01", "2026-11-25T17:30:00+08:00", &dir);
    let last = "2026-11-25T17:40:00+08:00";
    let b3 = export_and_compare(&center, &b, "QD02", last, &dir);
    assert!(b3["loaners_overdue"].as_u64().unwrap() > 0, "{b3}");
    // The text says the same figures.
    let text = run(&center, last, &["center", "status", "--date", "2026-11-25"]);
    let at_export = text
        .lines()
        .skip_while(|l| !l.starts_with("QD02"))
        .find(|l| l.trim_start().starts_with("at export:"))
        .unwrap_or_else(|| panic!("{text}"));
    for name in [
        "callbacks_overdue",
        "loaners_overdue",
        "cards_awaiting_signature",
    ] {
        assert!(
            at_export.contains(&format!("{name} {}", b3[name])),
            "{name}: {at_export}"
        );
    }

    // Every kind of open item was in some report.
    let mut seen = BTreeSet::new();
    for (code, day) in [
        ("QD01", "2026-11-23"),
        ("QD01", "2026-11-24"),
        ("QD01", "2026-11-25"),
        ("QD02", "2026-11-23"),
        ("QD02", "2026-11-25"),
    ] {
        seen.extend(codes_of(&dir, code, day));
    }
    let all: BTreeSet<String> = branchdesk::domain::ledger::OpenItem::ALL
        .iter()
        .map(|c| c.code().to_string())
        .collect();
    assert_eq!(seen, all, "every kind of open item");

    // `overdue` on the center is both branches' own, at the same instant
    // (QD01 did nothing since its export at 17:30). QD02's B003 callback
    // was made on day 2, which the center never got: its day-3 report
    // carries it untouched.
    let mine = overdue_lines(&center.json(last, &["overdue", "--json"]), None);
    let a_over = overdue_lines(&a.json(last, &["overdue", "--json"]), None);
    let b_over = overdue_lines(&b.json(last, &["overdue", "--json"]), None);
    assert!(b_over.iter().any(|l| l.contains("\"B003\"")), "{b_over:?}");
    let a011 = a_over.iter().filter(|l| l.contains("\"A011\"")).count();
    assert_eq!(a011, 2, "{a_over:?}");
    assert!(!a_over.is_empty());
    let both: BTreeSet<String> = a_over.union(&b_over).cloned().collect();
    assert_eq!(mine, both);

    // The supervisor's lists on the center: the overdue callbacks and the
    // jobs past their on-site promise of both branches.
    let text = run(&center, last, &["supervise"]);
    let a_status = a.json(last, &["status", "--json"]);
    let b_status = b.json(last, &["status", "--json"]);
    let job = |l: &String| {
        l.split_whitespace()
            .nth(1)
            .unwrap()
            .trim_matches('"')
            .to_string()
    };
    let mut over_jobs: Vec<String> = both.iter().map(job).collect();
    over_jobs.sort();
    assert_eq!(section(&text, "Overdue callbacks"), over_jobs);
    let onsite: BTreeSet<String> = job_nos_of(&a_status["response_overdue"])
        .union(&job_nos_of(&b_status["response_overdue"]))
        .cloned()
        .collect();
    assert!(!onsite.is_empty());
    let listed: BTreeSet<String> = section(&text, "Past the on-site commitment")
        .into_iter()
        .collect();
    assert_eq!(listed, onsite);
    // J002 was solved by phone: it owes no visit (its re-visit is a job of
    // its own).
    assert!(!onsite.contains("J002"), "{onsite:?}");
}
