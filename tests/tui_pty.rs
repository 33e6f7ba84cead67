//! End to end: the real binary in a pseudo-terminal on a demo database. A
//! callback result is logged with keys, the dashboard quits, and then the
//! database holds the result and the terminal is back to normal.
#![cfg(unix)]

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T14:00:00+08:00";
const BIN: &str = env!("CARGO_BIN_EXE_branchdesk");

fn cli(db: &Path, args: &[&str]) -> String {
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
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The screen as the terminal shows it, from everything the program wrote.
struct Screen {
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    fn parsed(&self) -> vt100::Parser {
        let n = |v| std::num::NonZeroU16::new(v).unwrap();
        let mut p = vt100::Parser::new(n(24), n(80), 0);
        p.process(&self.bytes.lock().unwrap());
        p
    }

    fn text(&self) -> String {
        self.parsed().screen().contents()
    }

    fn wait_for(&self, what: &str) {
        self.wait_until(what, |text| text.contains(what));
    }

    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if ok(&self.text()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{what} never appeared; the screen:\n{}", self.text());
    }
}

/// Whether the terminal is in canonical (cooked) mode, i.e. not raw.
fn canonical(master: &dyn MasterPty) -> bool {
    let t = master.get_termios().expect("termios of the pty");
    t.local_flags.bits() & libc::ICANON != 0
}

#[test]
fn a_callback_result_logged_with_keys_reaches_the_database_and_the_terminal_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    cli(&db, &["demo"]);
    let before: serde_json::Value = serde_json::from_str(&cli(&db, &["status", "--json"])).unwrap();
    let job_no = before["callbacks_pending"][0]["job_no"]
        .as_str()
        .unwrap()
        .to_string();

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    assert!(canonical(&*pty.master), "the pty starts in cooked mode");
    let mut cmd = CommandBuilder::new(BIN);
    cmd.arg("--db");
    cmd.arg(db.as_os_str());
    cmd.args(["--now", NOW, "--lang", "en", "--operator", "pty-clerk"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "Asia/Shanghai");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);

    let bytes = Arc::new(Mutex::new(Vec::new()));
    let (done_tx, done_rx) = mpsc::channel();
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
            let _ = done_tx.send(());
        });
    }
    let screen = Screen { bytes };
    let mut keys = pty.master.take_writer().unwrap();
    let mut press = |s: &str| {
        keys.write_all(s.as_bytes()).unwrap();
        keys.flush().unwrap();
        // One key event at a time, as a person types.
        std::thread::sleep(Duration::from_millis(30));
    };

    screen.wait_for("Callbacks pending");
    assert!(
        !canonical(&*pty.master),
        "raw mode while the dashboard runs"
    );
    assert!(screen.parsed().screen().alternate_screen());

    // Filter down to the job, go to the callbacks, log "satisfied".
    press("/");
    for c in job_no.chars() {
        press(&c.to_string());
    }
    press("\r");
    screen.wait_for(&format!("filter: {job_no}"));
    press("2");
    press("f");
    screen.wait_for("Callback feedback");
    press("\t");
    for c in "called back".chars() {
        press(&c.to_string());
    }
    press("\r");
    screen.wait_for(&format!("{job_no}: satisfied logged."));
    // The clock started at --now and ticks on by itself.
    screen.wait_until("a ticking clock", |text| {
        !text.contains("14:00:00") && (1..10).any(|s| text.contains(&format!("14:00:0{s}")))
    });
    press("q");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the dashboard did not quit; the screen:\n{}", screen.text());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    let _ = done_rx.recv_timeout(Duration::from_secs(5));

    // The terminal is restored: cooked mode, main screen, and leaving the
    // alternate screen is the last thing the program did to it.
    assert!(canonical(&*pty.master), "raw mode left on");
    assert!(!screen.parsed().screen().alternate_screen());
    let out = screen.bytes.lock().unwrap().clone();
    let find_last = |needle: &[u8]| out.windows(needle.len()).rposition(|w| w == needle);
    let entered = find_last(b"\x1b[?1049h").expect("entered the alternate screen");
    let left = find_last(b"\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    assert!(
        out.ends_with(b"\x1b[?1049l"),
        "{:?}",
        String::from_utf8_lossy(&out[out.len().saturating_sub(40)..])
    );

    // The result is in the database.
    let after: serde_json::Value = serde_json::from_str(&cli(&db, &["status", "--json"])).unwrap();
    assert!(
        !after["callbacks_pending"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["job_no"] == job_no.as_str()),
        "{job_no} still pending"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
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
