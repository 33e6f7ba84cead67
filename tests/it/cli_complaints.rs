//! `complaint add|respond|settle|list` and the `status --json` keys
//! `complaints` and `response_overdue`, at a fixed clock.

use crate::common::*;
use serde_json::Value;

fn add(b: &Bench, now: &str, args: &[&str]) -> i64 {
    let mut all = vec!["complaint", "add"];
    all.extend_from_slice(args);
    let out = b.cmd(now, &all).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The id is a word of its own on stdout.
    let text = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<i64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(ids.len(), 1, "{text}");
    ids[0]
}

fn by_id(list: &Value, id: i64) -> &Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {list}"))
}

#[test]
fn a_complaint_is_added_responded_and_settled_with_its_deadlines_fixed() {
    let b = loaded();
    let id = add(
        &b,
        NOW,
        &[
            "J001",
            "--source",
            "hotline",
            "--category",
            "attitude",
            "--note",
            "工程师态度差",
        ],
    );
    // Changing the setting afterwards does not move this one's deadlines.
    b.cmd(NOW, &["config", "complaint_response_hours", "2"])
        .assert()
        .success();
    let s = b.json(NOW, &["status", "--json"]);
    let c = by_id(&s["complaints"], id);
    assert_eq!(c["job_no"], "J001");
    assert_eq!(c["category"], "attitude");
    assert_eq!(c["state"], "open");
    assert_eq!(c["received_at"], "2026-11-23T14:00:00+08:00");
    assert_eq!(c["respond_by"], "2026-11-24T14:00:00+08:00");
    assert_eq!(c["settle_by"], "2026-12-23T14:00:00+08:00");
    assert_eq!(c["response_overdue"], false);
    assert_eq!(c["settlement_overdue"], false);
    assert_eq!(c["customer"], "张三", "the job's customer by default");

    // At respond_by it is not overdue; a second later it is.
    let at = |now: &str| b.json(now, &["complaint", "list", "--json"]);
    assert_eq!(
        by_id(&at("2026-11-24T14:00:00+08:00")["complaints"], id)["response_overdue"],
        false
    );
    assert_eq!(
        by_id(&at("2026-11-24T14:00:01+08:00")["complaints"], id)["response_overdue"],
        true
    );

    b.cmd(
        "2026-11-24T15:00:00+08:00",
        &["complaint", "respond", &id.to_string(), "--note", "已致歉"],
    )
    .assert()
    .success();
    let l = at("2026-12-23T14:00:01+08:00");
    let c = by_id(&l["complaints"], id);
    assert_eq!(c["state"], "responded");
    assert_eq!(c["response_overdue"], false);
    assert_eq!(c["settlement_overdue"], true);

    b.cmd(
        "2026-12-24T09:00:00+08:00",
        &[
            "complaint",
            "settle",
            &id.to_string(),
            "--resolution",
            "penalty",
            "--note",
            "按规定处罚",
            "--engineer",
            "李明",
        ],
    )
    .assert()
    .success();
    let now = "2026-12-24T10:00:00+08:00";
    assert_eq!(at(now)["complaints"], serde_json::json!([]));
    let all = b.json(now, &["complaint", "list", "--all", "--json"]);
    let c = by_id(&all["complaints"], id);
    assert_eq!(c["state"], "settled");
    assert_eq!(c["resolution"], "penalty");
    assert_eq!(c["engineer"], "李明");
    assert!(
        b.json(now, &["status", "--json"])["complaints"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    b.cmd(now, &["audit", "verify"]).assert().success();
}

#[test]
fn bad_codes_unknown_ids_and_unknown_jobs_are_refused_with_the_database_unchanged() {
    let b = loaded();
    let id = add(
        &b,
        NOW,
        &["--source", "letter", "--category", "other", "--note", "x"],
    );
    let before = b.dump();
    let id = id.to_string();
    let refused: &[&[&str]] = &[
        &[
            "complaint",
            "add",
            "J001",
            "--source",
            "fax",
            "--category",
            "other",
            "--note",
            "x",
        ],
        &[
            "complaint",
            "add",
            "J001",
            "--source",
            "hotline",
            "--category",
            "smell",
            "--note",
            "x",
        ],
        &[
            "complaint",
            "add",
            "NOPE",
            "--source",
            "hotline",
            "--category",
            "other",
            "--note",
            "x",
        ],
        &[
            "complaint",
            "add",
            "J001",
            "--source",
            "hotline",
            "--category",
            "other",
            "--note",
            " ",
        ],
        &["complaint", "respond", "999", "--note", "x"],
        &[
            "complaint",
            "settle",
            "999",
            "--resolution",
            "apology",
            "--note",
            "x",
        ],
        &[
            "complaint",
            "settle",
            &id,
            "--resolution",
            "shrug",
            "--note",
            "x",
        ],
        &["config", "complaint_settle_days", "0"],
        &["config", "onsite_within_hours", "soon"],
        &["config", "complaint_response_hours", "-1"],
    ];
    for args in refused {
        let out = b.cmd(NOW, args).output().unwrap();
        assert!(!out.status.success(), "{args:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.trim().is_empty(), "{args:?}: no reason given");
        assert_eq!(b.dump(), before, "{args:?} changed the database");
    }
}

#[test]
fn response_overdue_lists_open_jobs_without_an_on_site_visit_strictly_after_the_promise() {
    let b = loaded();
    // J006 (received 16:40 the day before) and J008 (17:00) have had no
    // visit; J002 was solved by phone (its latest visit `consulted`, its
    // callback still pending): it owes no visit.
    let s = b.json("2026-11-23T16:40:00+08:00", &["status", "--json"]);
    assert_eq!(job_nos(&s["response_overdue"]), Vec::<String>::new());
    let s = b.json("2026-11-23T17:00:01+08:00", &["status", "--json"]);
    assert_eq!(job_nos(&s["response_overdue"]), ["J006", "J008"]);
    let j006 = &s["response_overdue"][0];
    assert_eq!(j006["engineer"], "张伟");
    assert_eq!(j006["received_at"], "2026-11-22T16:40:00+08:00");
    assert_eq!(j006["due_at"], "2026-11-23T16:40:00+08:00");
    assert_eq!(j006["overdue_minutes"], 20);
    // A not_home visit puts the engineer at the door: J008 leaves the list.
    let visits = b.file(
        "late.csv",
        &format!("{VISITS_HEADER}\nJ008,王强,2026-11-23 17:10,,not_home,,,,,,,留言条\n"),
    );
    stdout_of(
        b.cmd(
            "2026-11-23T17:20:00+08:00",
            &["import", "visits", visits.to_str().unwrap()],
        )
        .output()
        .unwrap(),
    );
    let s = b.json("2026-11-23T17:30:00+08:00", &["status", "--json"]);
    assert_eq!(job_nos(&s["response_overdue"]), ["J006"]);
    // The setting moves the promise.
    b.cmd(NOW, &["config", "onsite_within_hours", "48"])
        .assert()
        .success();
    let s = b.json("2026-11-23T17:30:00+08:00", &["status", "--json"]);
    assert_eq!(job_nos(&s["response_overdue"]), Vec::<String>::new());
    // The supervisor sees both: the jobs past their promise and the
    // complaint not answered in time, with the scorecard's columns.
    let id = add(
        &b,
        "2026-11-23T09:00:00+08:00",
        &[
            "J006",
            "--source",
            "hotline",
            "--category",
            "delay",
            "--note",
            "没人来",
        ],
    );
    let out = b
        .cmd(
            "2026-11-25T09:00:00+08:00",
            &["supervise", "--period", "7d"],
        )
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Complaints unanswered past respond_by (1)"),
        "{text}"
    );
    assert!(text.contains(&format!("{id:>4} J006")), "{text}");
    // With the 48 h promise set above: J006 (J002 was solved by phone).
    assert!(text.contains("Past the on-site commitment (1)"), "{text}");
    assert!(text.contains("compl on-site"), "{text}");
    // The text status says it too.
    let out = b
        .cmd("2026-11-25T17:30:00+08:00", &["status"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Past the on-site commitment (1)"), "{text}");
    assert!(text.contains("Complaints (1)"), "{text}");
}

/// The report's `touched` and `open_items` cells of each row, by job.
fn report_codes(
    dir: &std::path::Path,
    date: &str,
) -> std::collections::BTreeMap<String, (String, String)> {
    report(dir, "QD01", date)
        .0
        .into_iter()
        .map(|(job, row)| (job, (row["touched"].clone(), row["open_items"].clone())))
        .collect()
}

#[test]
fn the_report_carries_complaint_open_and_response_overdue_and_the_center_counts_them() {
    let b = loaded();
    // J006 is tomorrow's job, untouched today but for the complaint.
    let id = add(
        &b,
        "2026-11-23T15:00:00+08:00",
        &[
            "J006",
            "--source",
            "hotline",
            "--category",
            "delay",
            "--note",
            "没人联系",
        ],
    );
    // A complaint about no job is on no row.
    add(
        &b,
        "2026-11-23T15:10:00+08:00",
        &["--source", "letter", "--category", "other", "--note", "x"],
    );
    let dir = b.dir.path().join("reports");
    let now = "2026-11-23T17:30:00+08:00";
    stdout_of(b.export_daily(now, &dir));
    let codes = report_codes(&dir, "2026-11-23");
    let (touched, open) = &codes["J006"];
    assert_eq!(touched, "yes", "a complaint event touches the job");
    assert_eq!(open, "complaint_open;response_overdue;to_verify");
    // J008, received yesterday 17:00 and not visited, is past its promise
    // (today 17:00) at 17:30.
    assert!(codes["J008"].1.contains("response_overdue"), "{codes:?}");
    // J001, fixed on site, is not.
    assert!(!codes["J001"].1.contains("response_overdue"), "{codes:?}");
    let with = |code: &str| {
        codes
            .values()
            .filter(|(_, o)| o.split(';').any(|c| c == code))
            .count()
    };
    let (open_n, late_n) = (with("complaint_open"), with("response_overdue"));
    assert_eq!(open_n, 1);

    // The center imports the codes and counts them per branch.
    let c = Bench::center_of("2026-11-23T17:40:00+08:00", &dir);
    let s = c.center_status("2026-11-23T18:30:00+08:00", "2026-11-23");
    let q = &s["branches"][0];
    // The center's complaint count is the branch's own: the rows' and the
    // one about no job, which the manifest carries.
    let own = b.json(now, &["status", "--json"]);
    assert_eq!(own["counts"]["complaints"], open_n + 1);
    assert_eq!(q["complaints_open"], open_n + 1);
    assert_eq!(q["figures"]["complaints"], own["counts"]["complaints"]);
    assert_eq!(q["response_overdue"], late_n);
    assert_eq!(q["report"]["open_items"]["complaint_open"], open_n);
    assert_eq!(q["report"]["open_items"]["response_overdue"], late_n);
    let out = c
        .cmd(
            "2026-11-23T18:30:00+08:00",
            &["center", "status", "--date", "2026-11-23"],
        )
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "complaints open {}  on-site late {late_n}",
            open_n + 1
        )),
        "{text}"
    );

    // Settled the next day: the next report has the job touched, with no
    // complaint open.
    b.cmd(
        "2026-11-24T10:00:00+08:00",
        &[
            "complaint",
            "settle",
            &id.to_string(),
            "--resolution",
            "apology",
            "--note",
            "已致歉",
        ],
    )
    .assert()
    .success();
    stdout_of(b.export_daily("2026-11-24T17:30:00+08:00", &dir));
    let (touched, open) = &report_codes(&dir, "2026-11-24")["J006"];
    assert_eq!(touched, "yes", "settled that day");
    assert!(!open.contains("complaint_open"), "{open}");
}
