//! `overdue` and `supervise` from the command line, at a fixed clock.

use crate::common::*;

#[test]
fn overdue_json_has_the_spec_keys_and_the_supervisors_extras() {
    let b = loaded();
    let o = b.json("2026-11-23T14:00:59+08:00", &["overdue", "--json"]);
    let list = o["overdue"].as_array().unwrap();
    assert_eq!(job_nos(&o["overdue"]), ["J002", "J004"]);
    for key in [
        "job_no",
        "kind",
        "due_at",
        "overdue_minutes",
        "attempts",
        "engineer",
        "branch",
        "customer",
        "phone",
        "escalation_state",
        "escalation",
    ] {
        assert!(list.iter().all(|x| x.get(key).is_some()), "no {key}");
    }
    assert_eq!(list[0]["branch"], "QD01");
    assert_eq!(list[0]["engineer"], "李明");
    assert_eq!(list[1]["engineer"], "王强");
    assert_eq!(list[0]["customer"], "李四");
    assert_eq!(list[0]["escalation_state"], "none");
    assert_eq!(list[0]["escalation"], serde_json::Value::Null);
    // Text: one line per callback, with the branch.
    let out = b.cmd(NOW, &["overdue"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("J002") && lines[0].contains("QD01"),
        "{text}"
    );
}

#[test]
fn demo_supervise_as_text_matches_overdue_json() {
    let b = Bench::new();
    let out = b.cmd(NOW, &["--demo", "supervise"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let o = b.json(NOW, &["overdue", "--json"]);
    let overdue = o["overdue"].as_array().unwrap();
    assert!(!overdue.is_empty());
    assert!(
        text.contains(&format!("Overdue callbacks ({})", overdue.len())),
        "{text}"
    );
    for x in overdue {
        assert!(text.contains(x["job_no"].as_str().unwrap()), "{text}");
    }
    // At least one suspected forgery, a denied signature among them.
    let forgeries = text
        .lines()
        .skip_while(|l| !l.starts_with("Suspected forgeries"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .count();
    assert!(forgeries >= 1, "{text}");
    assert!(text.contains("denies_signature"), "{text}");
    // The scorecard's "late now" per engineer is the overdue list's.
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|l| !l.starts_with("Engineers"))
        .skip(2)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(rows.len() >= 2, "{text}");
    for r in &rows {
        let n = overdue.iter().filter(|x| x["engineer"] == r[0]).count();
        assert_eq!(r[4].parse::<usize>().unwrap(), n, "{r:?}");
    }
}
