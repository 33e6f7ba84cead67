//! The store's hot queries on a demo branch (the demo made through the
//! desk): their plans use the indexes, cached statements stay prepared, and
//! the facts of many jobs read at once are each job's own.

use crate::demo::{DemoOptions, fill};
use crate::desk::Desk;
use crate::domain::time::{Zone, from_unix};
use crate::store::Store;
use crate::store::dashboard::status_statements;

fn demo() -> Desk {
    let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
    d.zone = Zone::parse("+08:00").unwrap();
    let now = from_unix(1_795_413_600); // 2026-11-23 14:00 +08:00
    fill(&mut d, &DemoOptions::default(), now).unwrap();
    d
}

#[test]
fn facts_of_many_jobs_at_once_are_the_facts_of_each() {
    let d = demo();
    let c = d.store.conn();
    let all = crate::store::jobs::facts_of_set(c, "SELECT id FROM jobs", &[]).unwrap();
    let ids: Vec<i64> = c
        .prepare("SELECT id FROM jobs")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(all.len(), ids.len());
    for id in ids {
        let job = crate::store::jobs::by_id(c, id).unwrap();
        let one = crate::store::jobs::facts(c, &job).unwrap();
        assert_eq!(format!("{:?}", all[&id]), format!("{one:?}"), "job {id}");
    }
}

/// Reusing a cached statement must not re-prepare it (SQLite's plan
/// stability setting, see `Store::setup`): a join with a `= ?` filter.
#[test]
fn cached_statements_are_not_prepared_again() {
    let d = demo();
    let c = d.store.conn();
    let sql = "SELECT d.id FROM discrepancies d JOIN jobs j ON j.id = d.job_id
               WHERE d.job_id = ?1";
    let mut last = 0;
    for id in 1..50i64 {
        let mut st = c.prepare_cached(sql).unwrap();
        let _ = st.query_map([id], |r| r.get::<_, i64>(0)).unwrap().count();
        last = st.get_status(rusqlite::StatementStatus::RePrepare);
    }
    assert_eq!(last, 0);
}

/// The statements that run on every refresh of the dashboard, every
/// `status`, `overdue`, import and daily export, with plausible
/// parameters.
fn hot_statements() -> Vec<(String, String)> {
    let (start, end) = (from_unix(1_795_363_200), from_unix(1_795_449_600));
    let mut all = status_statements(start, end);
    let fill = |sql: &str| {
        sql.replace("?1", &start.timestamp().to_string())
            .replace("?2", &end.timestamp().to_string())
            .replace("?3", "'2026-11-23'")
    };
    all.extend([
        (
            "search_fields".to_string(),
            fill(crate::store::jobs::SEARCH_FIELDS),
        ),
        (
            "chart".to_string(),
            fill(crate::store::callbacks::TIMED_DUE_BETWEEN),
        ),
        (
            "overdue".to_string(),
            fill(&crate::store::callbacks::PENDING_SQL),
        ),
        (
            "daily_report_jobs".to_string(),
            fill(&crate::store::jobs::REPORTED_BETWEEN),
        ),
        (
            "job_by_no".to_string(),
            "SELECT id FROM jobs WHERE job_no = 'J1'".to_string(),
        ),
    ]);
    all
}

/// Scanning a partial index reads exactly the rows the list shows.
const LIST_INDEXES: &[&str] = &[
    "callbacks_pending",
    "jobs_awaiting_card",
    "jobs_to_verify",
    "visits_invoice_owed",
    "visits_return_open",
    "discrepancies_open",
    "callbacks_pending_job",
    "discrepancies_open_id",
    "discrepancies_open_job",
    "visits_owed_at",
    "jobs_waiting",
    "callbacks_followup_pending",
];

#[test]
fn the_hot_queries_use_their_indexes() {
    let d = demo();
    let c = d.store.conn();
    let tables = [
        "jobs",
        "callbacks",
        "visits",
        "cards",
        "discrepancies",
        "callback_events",
    ];
    let mut bad = Vec::new();
    for (name, sql) in hot_statements() {
        let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let plan: Vec<String> = st
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for line in &plan {
            let Some(rest) = line.strip_prefix("SCAN ") else {
                continue;
            };
            let target = rest.split_whitespace().next().unwrap_or("");
            // Aliases: j, c, v, k, d, e, p.
            let table = match target {
                "j" | "p" => "jobs",
                "c" => "callbacks",
                "v" => "visits",
                "k" => "cards",
                "d" => "discrepancies",
                "e" => "callback_events",
                t => t,
            };
            let on_list_index = LIST_INDEXES
                .iter()
                .any(|i| rest.contains(&format!("INDEX {i}")));
            if tables.contains(&table) && !on_list_index {
                bad.push(format!("{name}: {line}\n  {}", plan.join("\n  ")));
            }
        }
    }
    assert!(bad.is_empty(), "full scans:\n{}", bad.join("\n"));
}
