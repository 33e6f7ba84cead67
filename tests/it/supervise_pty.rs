//! End to end as a new user would try it: `branchdesk --demo supervise` in
//! a pseudo-terminal with a fresh data directory. The screen shows the
//! overdue callbacks; an escalation typed with keys reaches the database;
//! quitting restores the terminal.

use crate::common::NOW;
use crate::common::pty::Term;

#[test]
fn demo_supervise_escalates_with_keys_and_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let mut term = Term::start(
        &[
            "--demo",
            "supervise",
            "--now",
            NOW,
            "--lang",
            "en",
            "--operator",
            "赵主管",
        ],
        &[
            ("HOME", home.path().as_os_str()),
            ("XDG_DATA_HOME", data.as_os_str()),
        ],
    );
    term.wait_for("Overdue callbacks (2)");
    assert!(!term.cooked(), "raw mode while the screen runs");
    term.press("x");
    term.wait_for("Escalate");
    term.press("\t");
    term.typing("not called");
    term.press("\r");
    term.wait_for("escalated to after-sales manager.");
    term.press("2");
    term.wait_for("Card ");
    term.press("3");
    term.wait_for("sorted by");
    term.press("q");
    assert!(term.wait_exit().success());
    term.assert_restored();

    let db = data.join("branchdesk").join("demo.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (item, to, note, operator): (String, String, String, String) = conn
        .query_row(
            "SELECT item, to_whom, note, operator FROM escalations",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (item.as_str(), to.as_str(), note.as_str(), operator.as_str()),
        ("callback", "after-sales manager", "not called", "赵主管")
    );
}
