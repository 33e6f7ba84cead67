//! `supervise` on a center's database: the demo center's branches' overdue
//! callbacks, as text (not a terminal), matching `overdue --json`.

use crate::common::Bench;
use std::collections::BTreeMap;

const NOW: &str = "2026-11-23T18:30:00+08:00";

#[test]
fn supervise_on_the_demo_center_shows_every_branchs_overdue_callbacks() {
    let c = Bench::new();
    c.cmd(NOW, &["--demo", "center", "status"])
        .assert()
        .success();
    let out = c.cmd(NOW, &["supervise"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("supervisor's review  center: 4 branches (QD-CY, QD-HD, QD-LS, QD-SN)"),
        "{text}"
    );
    assert!(
        text.contains("escalations are made at the branch"),
        "{text}"
    );
    let o = c.json(NOW, &["overdue", "--json"]);
    let overdue = o["overdue"].as_array().unwrap();
    assert!(!overdue.is_empty());
    assert!(
        text.contains(&format!("Overdue callbacks ({})", overdue.len())),
        "{text}"
    );
    // The same (job, branch, overdue) lines in the same order.
    let shown: Vec<(String, String, String)> = text
        .lines()
        .skip_while(|l| !l.starts_with("Overdue callbacks"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w[0].to_string(), w[7].to_string(), w[3].to_string())
        })
        .collect();
    let listed: Vec<(String, String, String)> = overdue
        .iter()
        .map(|x| {
            let m = x["overdue_minutes"].as_i64().unwrap();
            (
                x["job_no"].as_str().unwrap().to_string(),
                x["branch"].as_str().unwrap().to_string(),
                format!("{}:{:02}", m / 60, m % 60),
            )
        })
        .collect();
    assert_eq!(shown, listed, "{text}");
    // Three branches reported (QD-HD never does), each with overdue calls.
    let mut per_branch: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, b, _) in &shown {
        *per_branch.entry(b.as_str()).or_default() += 1;
    }
    assert_eq!(
        per_branch.keys().copied().collect::<Vec<_>>(),
        ["QD-CY", "QD-LS", "QD-SN"]
    );
    // The scorecard is per branch and engineer; its "late now" adds up to
    // the overdue list; the first-visit fix rate is not in the reports.
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|l| !l.starts_with("Engineers"))
        .skip(2)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(!rows.is_empty(), "{text}");
    let late_now: usize = rows.iter().map(|r| r[5].parse::<usize>().unwrap()).sum();
    assert_eq!(late_now, overdue.len(), "{text}");
    assert!(rows.iter().all(|r| r[0].starts_with("QD-") && r[3] == "-"));
}
