//! A panic in the screens: the terminal is restored (raw mode off, the
//! alternate screen left), the clerk is told where the crash report is, the
//! report holds the panic and its backtrace, and the half-typed form is not
//! saved. The dashboard's start also took the day's backup.

use crate::common::NOW;
use crate::common::pty::Term;
use std::time::Duration;

#[test]
fn a_panic_in_the_screens_restores_the_terminal_and_leaves_a_crash_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let data = dir.path().join("data");
    let made = std::process::Command::new(crate::common::pty::BIN)
        .arg("--db")
        .arg(&db)
        .args(["--now", NOW, "demo"])
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let count = |sql: &str| -> i64 {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let entries = count("SELECT count(*) FROM audit_log");

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
            "pty-clerk",
        ],
        &[
            ("XDG_DATA_HOME", data.as_os_str()),
            ("BRANCHDESK_CRASH_KEY", "1".as_ref()),
            ("RUST_BACKTRACE", "0".as_ref()),
        ],
    );
    term.wait_for("Callbacks pending");
    assert!(!term.cooked());
    // A new job half typed, then the crash.
    term.press("n");
    term.wait_for("New job");
    term.typing("ZZ-HALF");
    term.wait_for("ZZ-HALF");
    term.press("\x1b[24~"); // F12
    let status = term.wait_exit();
    assert!(!status.success(), "a panic ends the program with failure");
    std::thread::sleep(Duration::from_millis(200));

    // The terminal is back: cooked mode, the alternate screen left.
    assert!(term.cooked(), "raw mode left on after a panic");
    let out = term.output();
    let find_last = |needle: &[u8]| out.windows(needle.len()).rposition(|w| w == needle);
    let entered = find_last(b"\x1b[?1049h").expect("entered the alternate screen");
    // ratatui's hook leaves the alternate screen before the message is
    // printed (and the drop guard once more while unwinding).
    let left = entered
        + out[entered..]
            .windows(8)
            .position(|w| w == b"\x1b[?1049l")
            .expect("left the alternate screen after the panic");
    let shown = String::from_utf8_lossy(&out[left..]).replace("\r\n", "\n");
    assert!(shown.contains("crash test: F12"), "{shown}");

    // The report: where the message said, with the panic and a backtrace.
    let reports: Vec<_> = std::fs::read_dir(data.join("branchdesk"))
        .expect("the crash folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("crash-2026112"))
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let flat = shown.split_whitespace().collect::<String>();
    let report_path = reports[0].display().to_string();
    assert!(
        flat.contains(&report_path.split_whitespace().collect::<String>()),
        "the message names the report: {shown}"
    );
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(report.contains("crash test: F12"), "{report}");
    assert!(report.contains("src/tui/mod.rs"), "{report}");
    assert!(report.contains("backtrace:"), "{report}");

    // Nothing half-typed was saved.
    assert_eq!(
        count("SELECT count(*) FROM jobs WHERE job_no LIKE 'ZZ%'"),
        0
    );
    assert_eq!(count("SELECT count(*) FROM audit_log"), entries);
    // The first start of the day took the day's backup.
    assert!(dir.path().join("backups/demo-20261123-140000.db").exists());
}
