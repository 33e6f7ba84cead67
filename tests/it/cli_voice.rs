//! The customer's voice on the command line: callback answers and their
//! refusals, the card's marks, follow-ups after `fixed` visits, repeat
//! repairs, the summaries. Every refusal leaves the database as it was.

use crate::common::*;

fn last_answers(b: &Bench, job: &str) -> String {
    b.sql(&format!(
        "SELECT e.result || '|' || coalesce(e.attitude, '') || '|' || coalesce(e.quality, '')
                 || '|' || coalesce(e.solved, '')
             FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
             JOIN jobs j ON j.id = c.job_id WHERE j.job_no = '{job}' ORDER BY e.id DESC LIMIT 1"
    ))
}

#[test]
fn callback_answers_are_kept_and_refused_with_the_wrong_result() {
    let b = loaded();
    // Answers with unreachable or denies_signature: refused, nothing written.
    let err = b.refused(
        LATER,
        &words("callback J003 --result unreachable --attitude satisfied"),
    );
    assert!(
        err.contains("attitude") && err.contains("unreachable"),
        "{err}"
    );
    let err = b.refused(
        LATER,
        &words("callback J003 --result denies_signature --solved yes"),
    );
    assert!(err.contains("solved"), "{err}");
    // Not solved is not a satisfied customer.
    let err = b.refused(
        LATER,
        &words("callback J003 --result satisfied --solved no"),
    );
    assert!(
        err.contains("solved") && err.contains("unsatisfied"),
        "{err}"
    );
    // A bad code is refused by the command line itself.
    b.refused(
        LATER,
        &words("callback J003 --result satisfied --quality great"),
    );
    let out = b.ok(
        LATER,
        &words(
            "callback J003 --result satisfied --attitude satisfied --quality neutral --solved yes",
        ),
    );
    assert!(out.contains("2h callback"), "{out}");
    assert!(
        out.contains("attitude satisfied, quality neutral, solved yes"),
        "{out}"
    );
    assert_eq!(last_answers(&b, "J003"), "satisfied|satisfied|neutral|1");
    // Unsolved with unsatisfied: accepted, and the re-visit opens.
    let out = b.ok(
        LATER,
        &words("callback J004 --result unsatisfied --solved no"),
    );
    assert!(out.contains("J004-R1"), "{out}");
    assert_eq!(last_answers(&b, "J004"), "unsatisfied|||0");
}

#[test]
fn imported_calls_carry_answers_and_a_wrong_pair_rejects_the_file() {
    let b = loaded();
    let bad = b.file(
        "calls.csv",
        "job_no,called_at,result,note,caller,attitude,quality,solved\n\
         J003,2026-11-23 14:30,satisfied,,张敏,satisfied,,yes\n\
         J004,2026-11-23 14:40,unreachable,,张敏,,neutral,\n\
         J002,2026-11-23 13:10,satisfied,,张敏,good,,no\n",
    );
    let before = b.dump();
    let out = b.import_at(LATER, "callbacks", &bad);
    assert!(!out.status.success());
    assert_eq!(b.dump(), before);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("calls.csv:3: quality"), "{err}");
    assert!(err.contains("calls.csv:4: attitude"), "{err}");
    assert!(err.contains("calls.csv:4: solved"), "{err}");
    let good = b.file(
        "calls2.csv",
        "job_no,called_at,result,note,caller,attitude,quality,solved\n\
         J003,2026-11-23 14:30,satisfied,,张敏,satisfied,,yes\n\
         J004,2026-11-23 14:40,unsatisfied,还漏水,张敏,neutral,unsatisfied,no\n",
    );
    stdout_of(b.import_at(LATER, "callbacks", &good));
    assert_eq!(last_answers(&b, "J003"), "satisfied|satisfied||1");
    assert_eq!(
        last_answers(&b, "J004"),
        "unsatisfied|neutral|unsatisfied|0"
    );
    // The same file again changes nothing; another answer is another call.
    let before = b.dump();
    assert!(b.import_at(LATER, "callbacks", &good).status.success());
    assert_eq!(b.dump(), before);
    let changed = b.file(
        "calls3.csv",
        "job_no,called_at,result,note,caller,attitude,quality,solved\n\
         J003,2026-11-23 14:30,satisfied,,张敏,neutral,,yes\n",
    );
    let out = b.import_at(LATER, "callbacks", &changed);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("calls3.csv:2: attitude"));
    assert_eq!(b.dump(), before);
}

#[test]
fn correct_callback_takes_the_answers_with_the_same_rules() {
    let b = loaded();
    b.ok(
        LATER,
        &words("callback J003 --result satisfied --solved yes"),
    );
    let err = b.refused(
        LATER,
        &words("correct callback J003 solved=no --reason 听错了"),
    );
    assert!(err.contains("solved"), "{err}");
    let err = b.refused(
        LATER,
        &words("correct callback J003 attitude=ok --reason 听错了"),
    );
    assert!(err.contains("attitude"), "{err}");
    b.ok(
        LATER,
        &words(
            "correct callback J003 attitude=unsatisfied quality=neutral solved= --reason 补录回答",
        ),
    );
    assert_eq!(last_answers(&b, "J003"), "satisfied|unsatisfied|neutral|");
    let log = b.ok(LATER, &["audit", "log", "--job", "J003"]);
    assert!(
        log.contains("attitude") && log.contains("补录回答"),
        "{log}"
    );
}

#[test]
fn the_card_takes_quality_and_attitude_marks() {
    let b = Bench::new();
    let jobs = b.file("jobs.csv", &jobs_csv());
    assert!(b.import("jobs", &jobs).status.success());
    let visits = b.file("visits.csv", &visits_csv());
    assert!(b.import("visits", &visits).status.success());
    let bad = b.file(
        "cards.csv",
        &format!(
            "{CARDS_HEADER},quality,attitude\nJ001,2026-11-23 13:00,satisfied,customer,yes,,,good,satisfied\n"
        ),
    );
    let before = b.dump();
    let out = b.import("cards", &bad);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cards.csv:2: quality"));
    assert_eq!(b.dump(), before);
    let good = b.file(
        "cards2.csv",
        &format!(
            "{CARDS_HEADER},quality,attitude\nJ001,2026-11-23 13:00,satisfied,customer,yes,,,neutral,satisfied\n"
        ),
    );
    assert!(b.import("cards", &good).status.success());
    let marks: String = b.sql(
        "SELECT k.quality || '|' || k.attitude FROM cards k JOIN jobs j ON j.id = k.job_id
         WHERE j.job_no = 'J001'",
    );
    assert_eq!(marks, "neutral|satisfied");
    b.refused(
        LATER,
        &["correct", "card", "J001", "attitude=bad", "--reason", "x"],
    );
    b.ok(
        LATER,
        &words("correct card J001 quality=satisfied --reason 看错了"),
    );
    let marks: String = b.sql(
        "SELECT k.quality FROM cards k JOIN jobs j ON j.id = k.job_id WHERE j.job_no = 'J001'",
    );
    assert_eq!(marks, "satisfied");
}

fn list<'a>(s: &'a serde_json::Value, key: &str) -> &'a Vec<serde_json::Value> {
    s[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} missing: {s}"))
}

fn find<'a>(s: &'a serde_json::Value, key: &str, job: &str) -> Option<&'a serde_json::Value> {
    list(s, key).iter().find(|v| v["job_no"] == job)
}

#[test]
fn a_fixed_visit_opens_a_follow_up_apart_from_the_timed_callbacks() {
    let b = loaded();
    let s = b.json(NOW, &["status", "--json"]);
    let f = find(&s, "followups_pending", "J001").expect("J001's follow-up");
    assert_eq!(f["due_at"], "2026-11-24T10:30:00+08:00");
    assert_eq!(f["overdue"], false);
    assert_eq!(f["attempts"], 0);
    assert_eq!(f["engineer"], "王强");
    assert!(find(&s, "followups_pending", "J005").is_some());
    // Only `fixed` visits: not the untested, unsure, consulted or pulled ones.
    for j in ["J002", "J003", "J004", "J007"] {
        assert!(find(&s, "followups_pending", j).is_none(), "{j}");
    }
    assert!(find(&s, "callbacks_pending", "J001").is_none());
    assert_eq!(s["counts"]["followups_pending"], 2);
    // Overdue strictly after the due time; never in `overdue`'s list.
    let s = b.json("2026-11-24T10:30:00+08:00", &["status", "--json"]);
    assert_eq!(
        find(&s, "followups_pending", "J001").unwrap()["overdue"],
        false
    );
    let s = b.json("2026-11-24T10:30:01+08:00", &["status", "--json"]);
    assert_eq!(
        find(&s, "followups_pending", "J001").unwrap()["overdue"],
        true
    );
    assert_eq!(s["counts"]["followups_overdue"], 1);
    let o = b.json("2026-11-24T12:00:00+08:00", &["overdue", "--json"]);
    assert!(
        !o["overdue"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["job_no"] == "J001"),
        "{o}"
    );
    // Reported as an open item.
    let dir = b.exports();
    b.ok(LATER, &["export", "daily", "--out", dir.to_str().unwrap()]);
    let csv = std::fs::read_to_string(dir.join("QD01/QD01_2026-11-23.csv")).unwrap();
    let row = csv.lines().find(|l| l.contains(",J001,")).unwrap();
    assert!(row.contains("followup_pending"), "{row}");
}

#[test]
fn callback_acts_on_the_timed_callback_first_then_the_follow_up() {
    let b = loaded();
    // J003: untested (2 h callback), then fixed on a second visit.
    let v = b.file(
        "v2.csv",
        &format!("{VISITS_HEADER}\nJ003,李明,2026-11-23 13:00,2026-11-23 13:20,fixed,,,,,,,\n"),
    );
    assert!(b.import("visits", &v).status.success());
    let s = b.json(NOW, &["status", "--json"]);
    assert!(find(&s, "callbacks_pending", "J003").is_some());
    assert!(find(&s, "followups_pending", "J003").is_some());
    let out = b.ok(LATER, &["callback", "J003", "--result", "satisfied"]);
    assert!(out.contains("2h callback"), "{out}");
    let s = b.json(LATER, &["status", "--json"]);
    assert!(find(&s, "callbacks_pending", "J003").is_none());
    assert!(find(&s, "followups_pending", "J003").is_some());
    let out = b.ok(LATER, &["callback", "J003", "--result", "unreachable"]);
    assert!(
        out.contains("follow-up callback") && out.contains("1 attempt"),
        "{out}"
    );
    let s = b.json(LATER, &["status", "--json"]);
    assert_eq!(
        find(&s, "followups_pending", "J003").unwrap()["attempts"],
        1
    );
    // Unsatisfied on the follow-up opens a re-visit, as a callback does.
    let out = b.ok(
        LATER,
        &words("callback J003 --result unsatisfied --quality unsatisfied"),
    );
    assert!(
        out.contains("follow-up") && out.contains("J003-R1"),
        "{out}"
    );
    let s = b.json(LATER, &["status", "--json"]);
    assert!(find(&s, "followups_pending", "J003").is_none());
    // The call team's file lands on the follow-up when no timed one waits.
    let calls = b.file(
        "calls.csv",
        "job_no,called_at,result,note,caller,attitude,quality,solved\n\
         J005,2026-11-23 17:00,satisfied,,呼叫中心,satisfied,satisfied,yes\n",
    );
    assert!(b.import_at(LATER, "callbacks", &calls).status.success());
    let s = b.json(LATER, &["status", "--json"]);
    assert!(find(&s, "followups_pending", "J005").is_none());
    let kind: Option<String> = b.sql(
        "SELECT c.kind FROM callbacks c JOIN jobs j ON j.id = c.job_id
         WHERE j.job_no = 'J005' AND c.followup = 1 AND c.status = 'closed'",
    );
    assert_eq!(kind, None);
}

#[test]
fn followup_hours_zero_turns_them_off_and_a_corrected_finish_moves_one() {
    let b = loaded();
    b.ok(
        NOW,
        &[
            "correct",
            "visit",
            "J001",
            "finished_at=2026-11-23 11:00",
            "--reason",
            "报错",
        ],
    );
    let s = b.json(NOW, &["status", "--json"]);
    assert_eq!(
        find(&s, "followups_pending", "J001").unwrap()["due_at"],
        "2026-11-24T11:00:00+08:00"
    );
    // Corrected to another outcome, the follow-up goes.
    b.ok(
        NOW,
        &words("correct visit J001 outcome=unsure --reason 没把握"),
    );
    let s = b.json(NOW, &["status", "--json"]);
    assert!(find(&s, "followups_pending", "J001").is_none());
    b.refused(NOW, &["config", "followup_hours", "-2"]);
    b.ok(NOW, &["config", "followup_hours", "0"]);
    let v = b.file(
        "v3.csv",
        &format!("{VISITS_HEADER}\nJ008,王强,2026-11-23 11:00,2026-11-23 11:40,fixed,,,,,,,\n"),
    );
    assert!(b.import("visits", &v).status.success());
    let s = b.json(NOW, &["status", "--json"]);
    assert!(find(&s, "followups_pending", "J008").is_none());
    b.ok(NOW, &["config", "followup_hours", "2"]);
    let v = b.file(
        "v4.csv",
        &format!("{VISITS_HEADER}\nJ004,王强,2026-11-23 12:00,2026-11-23 12:30,fixed,,,,,,,\n"),
    );
    assert!(b.import("visits", &v).status.success());
    let s = b.json(NOW, &["status", "--json"]);
    assert_eq!(
        find(&s, "followups_pending", "J004").unwrap()["due_at"],
        "2026-11-23T14:30:00+08:00"
    );
}

fn repeat_job(no: &str, received: &str) -> String {
    format!(
        "{JOBS_HEADER}\n{no},QD01,{received},张三,13812345678,青岛市崂山区海尔路1号,BCD-470WDPG,2024-05-01,冰箱又不制冷,,,,赵磊,in\n"
    )
}

#[test]
fn a_job_of_the_same_phone_and_product_within_repeat_days_is_a_repeat() {
    let b = loaded();
    // J001 was fixed at 2026-11-23 10:30 by 王强.
    let f = b.file("r1.csv", &repeat_job("J101", "2026-11-29 10:30"));
    assert!(b.import("jobs", &f).status.success());
    let s = b.json("2026-11-29T12:00:00+08:00", &["status", "--json"]);
    let r = find(&s, "repeats", "J101").expect("J101 repeats J001");
    assert_eq!(r["repeat_of"], "J001");
    assert_eq!(r["days"], 6);
    assert_eq!(r["engineer_before"], "王强");
    assert_eq!(s["counts"]["repeats"], 1);
    // The window is inclusive: exactly 30 × 24 h counts, a minute more not.
    let f = b.file("r2.csv", &repeat_job("J102", "2026-12-23 10:30"));
    assert!(b.import("jobs", &f).status.success());
    let f = b.file("r3.csv", &repeat_job("J103", "2026-12-23 10:31"));
    assert!(b.import("jobs", &f).status.success());
    let s = b.json("2026-12-23T12:00:00+08:00", &["status", "--json"]);
    assert_eq!(find(&s, "repeats", "J102").unwrap()["days"], 30);
    assert!(find(&s, "repeats", "J103").is_none());
    // The timeline says it.
    let text = b.ok("2026-12-23T12:00:00+08:00", &["status"]);
    assert!(
        text.contains("J101") && text.contains("repeat of J001, 6 days after"),
        "{text}"
    );
    // A re-visit is never a repeat of its own chain.
    b.ok(LATER, &["callback", "J001", "--result", "unsatisfied"]);
    let s = b.json(LATER, &["status", "--json"]);
    assert!(find(&s, "repeats", "J001-R1").is_none(), "{}", s["repeats"]);
    // A setting of 5 days: J101 (6 days after) is no longer one.
    b.ok(NOW, &["config", "repeat_days", "5"]);
    let s = b.json("2026-11-29T12:00:00+08:00", &["status", "--json"]);
    assert!(find(&s, "repeats", "J101").is_none());
}

#[test]
fn the_daily_report_says_what_customers_said_and_older_reports_still_import() {
    let b = loaded();
    b.ok(
        LATER,
        &words("callback J003 --result satisfied --attitude neutral --solved yes"),
    );
    b.ok(LATER, &["callback", "J001", "--result", "unreachable"]);
    let f = b.file("r.csv", &repeat_job("J101", "2026-11-23 15:00"));
    assert!(b.import("jobs", &f).status.success());
    let dir = b.exports();
    b.ok(LATER, &["export", "daily", "--out", dir.to_str().unwrap()]);
    let csv_path = dir.join("QD01/QD01_2026-11-23.csv");
    let rows = report_rows(&csv_path);
    let j3 = &rows["J003"];
    assert_eq!(j3["callback_result"], "satisfied");
    assert_eq!(j3["callback_attitude"], "neutral");
    assert_eq!(j3["callback_quality"], "");
    assert_eq!(j3["callback_solved"], "yes");
    assert_eq!(j3["card_satisfaction"], "");
    let j1 = &rows["J001"];
    assert_eq!(j1["card_satisfaction"], "satisfied");
    assert_eq!(j1["followup_due"], "2026-11-24T10:30:00+08:00");
    assert_eq!(j1["followup_result"], "unreachable");
    // The follow-up is not the timed callback.
    assert_eq!(j1["callback_kind"], "");
    assert_eq!(rows["J101"]["repeat_of"], "J001");
    let manifest = dir.join("QD01/QD01_2026-11-23.manifest.json");
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    assert_eq!(m["schema"], 4);
    // The center takes it, and a schema 2 report without the new columns.
    let center = b.dir.path().join("center.db");
    let import = |dir: &std::path::Path| {
        let mut c = assert_cmd::Command::cargo_bin("branchdesk").unwrap();
        c.env("TZ", "Asia/Shanghai")
            .env("BRANCHDESK_KEYS", b.keys())
            .args([
                "--db",
                center.to_str().unwrap(),
                "--now",
                LATER,
                "--operator",
                "t",
            ])
            .args(["center", "import", dir.to_str().unwrap()]);
        c.output().unwrap()
    };
    stdout_of(import(&dir));
    let attitude: String = rusqlite::Connection::open(&center)
        .unwrap()
        .query_row(
            "SELECT callback_attitude FROM center_report_rows WHERE job_no = 'J003'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(attitude, "neutral");
    // An older branch's report: schema 2, without the later columns.
    let old = b.dir.path().join("old");
    std::fs::create_dir_all(old.join("QD01")).unwrap();
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let keep = r.headers().unwrap().len() - 9;
    w.write_record(r.headers().unwrap().iter().take(keep))
        .unwrap();
    for rec in r.records() {
        w.write_record(rec.unwrap().iter().take(keep)).unwrap();
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(w.into_inner().unwrap());
    let old_csv = old.join("QD01/QD01_2026-11-23.csv");
    std::fs::write(&old_csv, &bytes).unwrap();
    let old_manifest = old.join("QD01/QD01_2026-11-23.manifest.json");
    std::fs::copy(&manifest, &old_manifest).unwrap();
    let sha = branchdesk::io::export::sha256_hex(&bytes);
    b.rewrite_manifest(&old_manifest, "QD01", |m| {
        m["schema"] = 4.into();
        m["sha256"] = sha.clone().into();
        m["generation"] = 2.into();
        m["history"] = serde_json::json!(["2026-11-23T17:40:00+08:00"]);
        m["generated_at"] = "2026-11-23T17:41:00+08:00".into();
    });
    // Schema 4 (every column required) without them is refused ...
    let out = import(&old);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("followup_due"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // ... schema 2 is read as it always was.
    b.rewrite_manifest(&old_manifest, "QD01", |m| m["schema"] = 2.into());
    stdout_of(import(&old));
}

/// The fixture's week (Monday 2026-11-23), every figure worked out by hand:
/// on-site first visits J001 J004 (王强), J003 (李明), J005 (张伟), J007
/// (刘洋), all within 24 h of their receipt (11-22 afternoon, the week
/// before); due in the week: J002's and J003's 2 h (李明), J004's 3 h and
/// J001's follow-up (王强), J005's follow-up (张伟); cards J001 and J005
/// satisfied, J003 blank; J004 arrived 20 minutes after its window. The
/// only job received in the week is J004-R1, the re-visit its unsatisfied
/// callback opens.
#[test]
fn the_weekly_summary_counts_by_hand_and_the_month_holds_the_jobs() {
    let b = loaded();
    b.ok(
        LATER,
        &words("callback J003 --result satisfied --attitude satisfied"),
    );
    b.ok(
        LATER,
        &words("callback J004 --result unsatisfied --solved no"),
    );
    b.ok(LATER, &["callback", "J001", "--result", "unreachable"]);
    let dir = b.dir.path().join("out");
    let out = b.ok(
        "2026-11-29T20:00:00+08:00",
        &[
            "--lang",
            "zh",
            "export",
            "summary",
            "--period",
            "week",
            "--date",
            "2026-11-26",
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    let csv_path = dir.join("QD01/QD01_summary_week_2026-11-23.csv");
    assert!(out.contains("QD01_summary_week_2026-11-23.csv"), "{out}");
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..4],
        ["period_start", "period_end", "branch", "engineer"]
    );
    let rows: Vec<std::collections::BTreeMap<String, String>> = r
        .records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect();
    let row = |e: &str| rows.iter().find(|r| r["engineer"] == e).unwrap();
    let all = row("*");
    assert_eq!(all["period_start"], "2026-11-23");
    assert_eq!(all["period_end"], "2026-11-29");
    for (col, want) in [
        ("jobs", "1"),
        ("onsite_jobs", "5"),
        ("callbacks_due", "5"),
        ("callbacks_answered", "2"),
        ("callback_rate", "0.4000"),
        ("satisfied", "1"),
        ("satisfaction_rate", "0.5000"),
        ("attitude_satisfied_rate", "1.0000"),
        ("quality_satisfied_rate", ""),
        ("solved_rate", "0.0000"),
        ("cards_back", "3"),
        ("card_satisfied_rate", "0.6667"),
        ("repeats", "0"),
        ("repeat_rate", "0.0000"),
        ("late_arrivals", "1"),
        ("onsite_24h_rate", "1.0000"),
        ("complaints", "0"),
    ] {
        assert_eq!(all[col], want, "branch {col}");
    }
    let w = row("王强");
    for (col, want) in [
        ("onsite_jobs", "2"),
        ("callbacks_due", "2"),
        ("callbacks_answered", "1"),
        ("callback_rate", "0.5000"),
        ("satisfaction_rate", "0.0000"),
        ("late_arrivals", "1"),
        ("card_satisfied_rate", "1.0000"),
    ] {
        assert_eq!(w[col], want, "王强 {col}");
    }
    assert_eq!(rows.len(), 5, "4 engineers and the branch");
    // The workbook beside it: a sheet per level, Chinese headers, rates as
    // percentages, a chart of satisfaction by engineer.
    let xlsx = dir.join("QD01/QD01_summary_week_2026-11-23.xlsx");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    assert!(z.by_name("xl/charts/chart1.xml").is_ok(), "a chart");
    let mut wb_xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/workbook.xml").unwrap(), &mut wb_xml).unwrap();
    assert!(
        wb_xml.contains("工程师") && wb_xml.contains("网点"),
        "{wb_xml}"
    );
    let mut shared = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/sharedStrings.xml").unwrap(), &mut shared)
        .unwrap();
    assert!(
        shared.contains("满意率") && shared.contains("王强"),
        "{shared}"
    );
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("0.0%"), "rates as percentages");
    // The month holds the jobs received on 11-22.
    b.ok(
        "2026-11-29T20:00:00+08:00",
        &[
            "export",
            "summary",
            "--period",
            "month",
            "--date",
            "2026-11-26",
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(dir.join("QD01/QD01_summary_month_2026-11-01.csv")).unwrap();
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("2026-11-01,2026-11-30,QD01,*,9,5,"),
        "{last}"
    );
    // The supervisor sees the same rates with both numbers behind them.
    let sup = b.ok(
        "2026-11-29T20:00:00+08:00",
        &["supervise", "--period", "7d"],
    );
    assert!(sup.contains("callback 2/5 40%"), "{sup}");
    assert!(sup.contains("satisfied 1/2 50%"), "{sup}");
    b.refused(LATER, &["export", "summary", "--period", "year"]);
}
