//! End to end: the center screen of the real binary in a pseudo-terminal on
//! the demo center. The clerk marks the late branch checked with a note and
//! quits; the mark is in the database and the terminal is back to normal.
#![cfg(unix)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T18:30:00+08:00";
const BIN: &str = env!("CARGO_BIN_EXE_branchdesk");

fn screen_text(bytes: &Mutex<Vec<u8>>) -> (String, bool) {
    let n = |v| std::num::NonZeroU16::new(v).unwrap();
    let mut p = vt100::Parser::new(n(24), n(80), 0);
    p.process(&bytes.lock().unwrap());
    (p.screen().contents(), p.screen().alternate_screen())
}

fn wait_for(bytes: &Mutex<Vec<u8>>, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if screen_text(bytes).0.contains(what) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "{what} never appeared; the screen:\n{}",
        screen_text(bytes).0
    );
}

#[test]
fn the_center_clerk_marks_a_late_branch_checked_and_the_terminal_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
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
    cmd.args(["--now", NOW, "--lang", "en", "--operator", "center-clerk"]);
    cmd.args(["center", "--demo"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "Asia/Shanghai");
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

    wait_for(&bytes, "Branches, worst first");
    assert!(screen_text(&bytes).1, "the alternate screen while it runs");
    // Missing first, then the late branch: select it and mark it checked.
    press("\x1b[B");
    press("k");
    wait_for(&bytes, "Mark QD-SN checked at the 18:00 check");
    for c in "phoned".chars() {
        press(&c.to_string());
    }
    press("\r");
    wait_for(&bytes, "QD-SN: checked at the 18:00 check.");
    press("q");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("did not quit; the screen:\n{}", screen_text(&bytes).0);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert!(!screen_text(&bytes).1, "back on the main screen");
    let out = bytes.lock().unwrap().clone();
    assert!(
        out.ends_with(b"\x1b[?1049l"),
        "leaving the alternate screen comes last"
    );
    let t = pty.master.get_termios().expect("termios");
    assert!(t.local_flags.bits() & libc::ICANON != 0, "raw mode left on");

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
