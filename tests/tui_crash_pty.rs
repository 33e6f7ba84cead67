//! A panic in the screens: the terminal is restored (raw mode off, the
//! alternate screen left), the clerk is told where the crash report is, the
//! report holds the panic and its backtrace, and the half-typed form is not
//! saved. The dashboard's start also took the day's backup.
#![cfg(unix)]

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T14:00:00+08:00";
const BIN: &str = env!("CARGO_BIN_EXE_branchdesk");

fn cli(db: &Path, args: &[&str]) {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--now", NOW])
        .args(args)
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn canonical(master: &dyn MasterPty) -> bool {
    let t = master.get_termios().expect("termios of the pty");
    t.local_flags.bits() & libc::ICANON != 0
}

fn text(bytes: &Arc<Mutex<Vec<u8>>>) -> String {
    let n = |v| std::num::NonZeroU16::new(v).unwrap();
    let mut p = vt100::Parser::new(n(24), n(80), 0);
    p.process(&bytes.lock().unwrap());
    p.screen().contents()
}

fn wait_for(bytes: &Arc<Mutex<Vec<u8>>>, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if text(bytes).contains(what) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{what} never appeared; the screen:\n{}", text(bytes));
}

#[test]
fn a_panic_in_the_screens_restores_the_terminal_and_leaves_a_crash_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let data = dir.path().join("data");
    cli(&db, &["demo"]);
    let count = |sql: &str| -> i64 {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let entries = count("SELECT count(*) FROM audit_log");

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(BIN);
    cmd.arg("--db");
    cmd.arg(db.as_os_str());
    cmd.args(["--now", NOW, "--lang", "en", "--operator", "pty-clerk"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "Asia/Shanghai");
    cmd.env("XDG_DATA_HOME", data.as_os_str());
    cmd.env("BRANCHDESK_CRASH_KEY", "1");
    cmd.env("RUST_BACKTRACE", "0");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let bytes = Arc::new(Mutex::new(Vec::new()));
    {
        let bytes = bytes.clone();
        let mut reader = pty.master.try_clone_reader().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                bytes.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
    }
    let mut keys = pty.master.take_writer().unwrap();
    let mut press = |s: &str| {
        keys.write_all(s.as_bytes()).unwrap();
        keys.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
    };
    wait_for(&bytes, "Callbacks pending");
    assert!(!canonical(&*pty.master));
    // A new job half typed, then the crash.
    press("n");
    wait_for(&bytes, "New job");
    for c in "ZZ-HALF".chars() {
        press(&c.to_string());
    }
    wait_for(&bytes, "ZZ-HALF");
    press("\x1b[24~"); // F12

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the dashboard did not end; the screen:\n{}", text(&bytes));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!status.success(), "a panic ends the program with failure");
    std::thread::sleep(Duration::from_millis(200));

    // The terminal is back: cooked mode, the alternate screen left.
    assert!(canonical(&*pty.master), "raw mode left on after a panic");
    let out = bytes.lock().unwrap().clone();
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
