//! Nothing written to a terminal holds a control character from the data
//! (SPEC, *Fine points, third round*): text planted behind branchdesk's
//! back (an old database, the `sqlite3` shell) with escape sequences, C1
//! controls and bidirectional overrides comes out of every text output as
//! visible escapes.

use crate::common::{Bench, NOW, loaded};
use rusqlite::Connection;

/// ESC [2J clears the screen, OSC 0 retitles the window, U+009B is the C1
/// CSI, U+202E reverses what follows.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}\r\u{7f}";

fn plant(db: &std::path::Path, sql: &str) {
    let c = Connection::open(db).unwrap();
    c.create_scalar_function(
        "hostile",
        0,
        rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |_| Ok(HOSTILE.to_string()),
    )
    .unwrap();
    c.execute_batch(sql).unwrap();
}

/// Every character of the output a terminal would obey or reorder by.
fn unsafe_chars(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

fn run_all(b: &Bench, commands: &[&[&str]]) {
    let mut shown = 0;
    for args in commands {
        let out = b.cmd(NOW, args).output().unwrap();
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let bad = unsafe_chars(bytes);
            assert!(
                bad.is_empty(),
                "{args:?} wrote {bad:?} to {what}:\n{}",
                String::from_utf8_lossy(bytes).escape_debug()
            );
            if String::from_utf8_lossy(bytes).contains("\\u001b[2J") {
                shown += 1;
            }
        }
    }
    assert!(
        shown >= 2,
        "the hostile text was never shown: nothing tested"
    );
}

#[test]
fn every_text_output_of_a_branch_shows_hostile_text_as_visible_escapes() {
    let b = loaded();
    plant(
        &b.db,
        "UPDATE jobs SET job_no = job_no || hostile(), customer = customer || hostile(),
                engineer = engineer || hostile(), address = hostile(), fault = hostile(),
                phone = hostile(), product_model = hostile();
         UPDATE visits SET note = hostile(), engineer = engineer || hostile();
         UPDATE callback_events SET note = hostile();",
    );
    run_all(
        &b,
        &[
            &["status"],
            &["status", "--json"],
            &["overdue"],
            &["overdue", "--json"],
            &["supervise"],
            &["supervise", "--period", "30d"],
            &[],
            &["audit", "log"],
            &["audit", "verify"],
            &["complaint", "list", "--all"],
            &["complaint", "list", "--all", "--json"],
            &["reconcile"],
            &["callback", "J001", "--result", "satisfied"],
        ],
    );
}

#[test]
fn every_text_output_of_a_center_shows_hostile_text_as_visible_escapes() {
    let b = loaded();
    let dir = b.dir.path().join("exports");
    let out = b
        .cmd(NOW, &["export", "daily", "--out", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let c = Bench::new();
    let out = c
        .cmd(NOW, &["center", "import", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    plant(
        &c.db,
        "UPDATE center_report_rows SET job_no = job_no || hostile(),
                engineer = engineer || hostile();
         UPDATE center_branches SET name = hostile();",
    );
    run_all(
        &c,
        &[
            &["center"],
            &["center", "status"],
            &["center", "status", "--json"],
            &["center", "branches"],
            &["overdue"],
            &["overdue", "--json"],
            &["supervise"],
            &["supervise", "--period", "30d"],
        ],
    );
}

#[test]
fn a_control_character_typed_on_the_command_line_is_refused_and_nothing_written() {
    let b = loaded();
    let before = b.dump();
    for args in [
        &[
            "callback",
            "J001",
            "--result",
            "satisfied",
            "--note",
            "ok\u{1b}[2J",
        ][..],
        &[
            "complaint",
            "add",
            "J001",
            "--source",
            "hotline",
            "--category",
            "delay",
            "--note",
            "\u{9b}1m",
        ],
        &[
            "correct",
            "job",
            "J001",
            "customer=张\u{7}三",
            "--reason",
            "typo",
        ],
    ] {
        let out = b.cmd(NOW, args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} accepted");
        assert!(err.contains("contains the control character"), "{err}");
        assert!(unsafe_chars(&out.stderr).is_empty());
    }
    assert_eq!(b.dump(), before);
    // A line feed and a tab are text.
    let out = b
        .cmd(
            NOW,
            &[
                "callback",
                "J001",
                "--result",
                "satisfied",
                "--note",
                "两行\n\t说明",
            ],
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_report_the_center_would_refuse_is_not_exported_and_says_what_to_correct() {
    let b = loaded();
    plant(
        &b.db,
        "UPDATE jobs SET customer = '张' || char(27) || '三' WHERE job_no = 'J001';",
    );
    let dir = b.dir.path().join("exports");
    let out = b
        .cmd(NOW, &["export", "daily", "--out", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("job \"J001\": customer: contains the control character U+001B"),
        "{err}"
    );
    assert!(err.contains("branchdesk correct"), "{err}");
    assert!(!dir.join("QD01").exists(), "written anyway");
}
