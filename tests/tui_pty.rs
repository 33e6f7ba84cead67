//! End to end: the real binary in a pseudo-terminal on a demo database. A
//! callback result is logged with keys, the dashboard quits, and then the
//! database holds the result and the terminal is back to normal.
#![cfg(unix)]

mod common;

use common::pty::Term;
use common::{Bench, NOW};

#[test]
fn a_callback_result_logged_with_keys_reaches_the_database_and_the_terminal_is_restored() {
    let b = Bench::new();
    b.cmd(NOW, &["demo"]).assert().success();
    let before = b.json(NOW, &["status", "--json"]);
    let job_no = before["callbacks_pending"][0]["job_no"]
        .as_str()
        .unwrap()
        .to_string();

    let db = b.db.to_str().unwrap();
    let mut term = Term::start(
        &[
            "--db",
            db,
            "--now",
            NOW,
            "--lang",
            "en",
            "--operator",
            "pty-clerk",
        ],
        &[],
    );
    term.wait_for("Callbacks pending");
    assert!(!term.cooked(), "raw mode while the dashboard runs");
    assert!(term.alternate_screen());

    // Filter down to the job, go to the callbacks, log "satisfied".
    term.press("/");
    term.type_text(&job_no);
    term.press("\r");
    term.wait_for(&format!("filter: {job_no}"));
    term.press("2");
    term.press("f");
    term.wait_for("Callback feedback");
    // Past the three questions (skipped) to the note.
    for _ in 0..4 {
        term.press("\t");
    }
    term.type_text("called back");
    term.press("\r");
    term.wait_for(&format!("{job_no}: satisfied logged."));
    // The clock started at --now and ticks on by itself.
    term.wait_until("a ticking clock", |text| {
        !text.contains("14:00:00") && (1..10).any(|s| text.contains(&format!("14:00:0{s}")))
    });
    term.press("q");
    assert!(term.wait_exit().success());
    term.assert_restored();

    // The result is in the database.
    let after = b.json(NOW, &["status", "--json"]);
    assert!(
        !after["callbacks_pending"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["job_no"] == job_no.as_str()),
        "{job_no} still pending"
    );
    let conn = rusqlite::Connection::open(&b.db).unwrap();
    let (result, note, operator): (String, String, String) = conn
        .query_row(
            "SELECT e.result, e.note, e.operator FROM callback_events e
             JOIN callbacks c ON c.id = e.callback_id JOIN jobs j ON j.id = c.job_id
             WHERE j.job_no = ?1 ORDER BY e.id DESC LIMIT 1",
            [&job_no],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (result.as_str(), note.as_str(), operator.as_str()),
        ("satisfied", "called back", "pty-clerk")
    );
}
