//! End to end: the real binary in a pseudo-terminal on a demo database. A
//! callback result is logged with keys, the dashboard quits, and then the
//! database holds the result and the terminal is back to normal.

use crate::common::pty::Term;
use crate::common::{Bench, NOW};

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
    term.typing(&job_no);
    term.press("\r");
    term.wait_for(&format!("filter: {job_no}"));
    term.press("2");
    term.press("f");
    term.wait_for("Callback feedback");
    // Past the three questions (skipped) to the note.
    for _ in 0..4 {
        term.press("\t");
    }
    term.typing("called back");
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

/// The mouse, as a terminal reports it (SGR): a click selects the row under
/// it in the panel under it, the wheel moves the selection; the capture is
/// turned on while the dashboard runs and off before it leaves.
#[test]
fn a_click_selects_the_row_under_it_and_the_mouse_is_released_on_exit() {
    let b = Bench::new();
    b.cmd(NOW, &["demo"]).assert().success();
    let db = b.db.to_str().unwrap();
    let mut term = Term::start(&["--db", db, "--now", NOW, "--lang", "en"], &[]);
    term.wait_for("Callbacks pending");
    // Panel 2 is the top right quarter: its second row is screen row 6
    // (1-based: two header lines, the border, the table's header).
    let row_of = |text: &str, n: usize| text.lines().nth(n).unwrap_or("").to_string();
    // The right panel's cells: after the second border on the line.
    let right = |line: String| line.rsplit("││").next().unwrap_or("").to_string();
    term.wait_until("panel 2's first two rows", |text| {
        right(row_of(text, 6)).split_whitespace().next().is_some()
    });
    let job = right(row_of(&term.text(), 5))
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let next = right(row_of(&term.text(), 6))
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    term.press("\x1b[<0;51;6M\x1b[<0;51;6m");
    term.wait_until("the clicked row selected", |text| {
        row_of(text, 5).contains(&format!(">{job}"))
    });
    term.press("\r");
    term.wait_for(&format!("Job {job}"));
    term.press("\x1b");
    term.wait_until("the detail closed", |text| {
        !text.contains(&format!("Job {job}"))
    });
    // The wheel moves down one row.
    term.press("\x1b[<65;51;6M");
    term.wait_until("the wheel moved the selection", |text| {
        row_of(text, 6).contains(&format!(">{next}"))
    });
    term.press("q");
    assert!(term.wait_exit().success());
    term.assert_restored();
    let out = term.output();
    let find = |needle: &[u8]| out.windows(needle.len()).rposition(|w| w == needle);
    let on = find(b"\x1b[?1000h").expect("mouse capture turned on");
    let off = find(b"\x1b[?1000l").expect("mouse capture turned off");
    assert!(off > on);
}

/// `config mouse off` (or `BRANCHDESK_MOUSE=off`) leaves the mouse to the
/// terminal, for terminals whose mouse reports misbehave.
#[test]
fn the_mouse_setting_off_leaves_the_mouse_to_the_terminal() {
    let b = Bench::new();
    b.cmd(NOW, &["demo"]).assert().success();
    b.cmd(NOW, &["config", "mouse", "off"]).assert().success();
    b.cmd(NOW, &["config", "mouse", "sometimes"])
        .assert()
        .failure();
    let db = b.db.to_str().unwrap();
    let mut term = Term::start(&["--db", db, "--now", NOW, "--lang", "en"], &[]);
    term.wait_for("Callbacks pending");
    term.press("q");
    assert!(term.wait_exit().success());
    term.assert_restored();
    let out = term.output();
    assert!(
        !out.windows(8).any(|w| w == b"\x1b[?1000h"),
        "mouse captured"
    );
}
