//! End to end as a new user would try it: `branchdesk --demo supervise` in
//! a pseudo-terminal with a fresh data directory. The screen shows the
//! overdue callbacks; an escalation typed with keys reaches the database;
//! quitting restores the terminal.
#![cfg(unix)]

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T14:00:00+08:00";
const BIN: &str = env!("CARGO_BIN_EXE_branchdesk");

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
fn demo_supervise_escalates_with_keys_and_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(["--demo", "supervise", "--now", NOW, "--lang", "en"]);
    cmd.args(["--operator", "赵主管"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "Asia/Shanghai");
    cmd.env("HOME", home.path());
    cmd.env("XDG_DATA_HOME", &data);
    cmd.env_remove("BRANCHDESK_DB");
    cmd.env_remove("BRANCHDESK_NOW");
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
        std::thread::sleep(Duration::from_millis(30));
    };

    screen.wait_for("Overdue callbacks (2)");
    assert!(!canonical(&*pty.master), "raw mode while the screen runs");
    press("x");
    screen.wait_for("Escalate");
    press("\t");
    for c in "not called".chars() {
        press(&c.to_string());
    }
    press("\r");
    screen.wait_for("escalated to after-sales manager.");
    press("2");
    screen.wait_for("Card ");
    press("3");
    screen.wait_for("sorted by");
    press("q");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the screen did not quit:\n{}", screen.text());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    let _ = done_rx.recv_timeout(Duration::from_secs(5));
    assert!(canonical(&*pty.master), "raw mode left on");
    assert!(!screen.parsed().screen().alternate_screen());

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
