//! End to end: the center screen of the real binary in a pseudo-terminal on
//! the demo center. The clerk marks the late branch checked with a note and
//! quits; the mark is in the database and the terminal is back to normal.

use crate::common::pty::Term;

const NOW: &str = "2026-11-23T18:30:00+08:00";

#[test]
fn the_center_clerk_marks_a_late_branch_checked_and_the_terminal_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
    let db_arg = db.to_str().unwrap();
    let mut term = Term::start(
        &[
            "--db",
            db_arg,
            "--now",
            NOW,
            "--lang",
            "en",
            "--operator",
            "center-clerk",
            "center",
            "--demo",
        ],
        &[],
    );
    term.wait_for("Branches, worst first");
    assert!(
        term.alternate_screen(),
        "the alternate screen while it runs"
    );
    mark_the_late_branch_checked_and_quit(&mut term);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let (by, note, time): (String, String, String) = conn
        .query_row(
            "SELECT checked_by, note, check_time FROM center_checks WHERE branch = 'QD-SN'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (by.as_str(), note.as_str(), time.as_str()),
        ("center-clerk", "phoned", "18:00")
    );
}

/// On the demo center's screen: missing first, then the late branch QD-SN;
/// select it, mark it checked at 18:00 with the note "phoned", quit; the
/// terminal is back as it was.
pub fn mark_the_late_branch_checked_and_quit(term: &mut Term) {
    term.wait_for("Branches, worst first");
    term.press("\x1b[B");
    term.press("c");
    term.wait_for("Mark QD-SN checked at the 18:00 check");
    term.typing("phoned");
    term.press("\r");
    term.wait_for("QD-SN: checked at the 18:00 check.");
    term.press("q");
    assert!(term.wait_exit().success());
    term.assert_restored();
}
