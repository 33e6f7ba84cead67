//! The real binary in an 80×24 pseudo-terminal: keys in, the screen out (as
//! a terminal would show it, parsed by `vt100`), and the terminal's own
//! state (raw or cooked mode, alternate screen) for the restore checks.

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_branchdesk");

pub struct Term {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    keys: Box<dyn Write + Send>,
    bytes: Arc<Mutex<Vec<u8>>>,
    done: mpsc::Receiver<()>,
}

impl Term {
    /// Starts `branchdesk ARGS…` with `TERM`, `TZ=Asia/Shanghai`, no
    /// `BRANCHDESK_DB`/`BRANCHDESK_NOW` from the test's environment, and
    /// the given variables.
    pub fn start<S: AsRef<OsStr>>(args: &[S], env: &[(&str, &OsStr)]) -> Term {
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
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("TZ", "Asia/Shanghai");
        cmd.env_remove("BRANCHDESK_DB");
        cmd.env_remove("BRANCHDESK_NOW");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let (tx, done) = mpsc::channel();
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
                let _ = tx.send(());
            });
        }
        let keys = pty.master.take_writer().unwrap();
        Term {
            master: pty.master,
            child,
            keys,
            bytes,
            done,
        }
    }

    fn parsed(&self) -> vt100::Parser {
        let n = |v| std::num::NonZeroU16::new(v).unwrap();
        let mut p = vt100::Parser::new(n(24), n(80), 0);
        p.process(&self.bytes.lock().unwrap());
        p
    }

    /// The screen's text now.
    pub fn text(&self) -> String {
        self.parsed().screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parsed().screen().alternate_screen()
    }

    /// Raw mode is off (the terminal is back in cooked mode).
    pub fn cooked(&self) -> bool {
        canonical(&*self.master)
    }

    /// Everything the program wrote to the terminal.
    pub fn output(&self) -> Vec<u8> {
        self.bytes.lock().unwrap().clone()
    }

    pub fn wait_for(&self, what: &str) {
        self.wait_until(what, |text| text.contains(what));
    }

    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if ok(&self.text()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{what} never appeared; the screen:\n{}", self.text());
    }

    /// Sends `keys` as one key event, and waits a little as a person would.
    pub fn press(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).unwrap();
        self.keys.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
    }

    /// Types `text` one character at a time (as `typing` of the screens' test kit).
    pub fn typing(&mut self, text: &str) {
        for c in text.chars() {
            self.press(&c.to_string());
        }
    }

    /// Waits for the program to end (killing it after 10 s), and for the
    /// last of its output.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                self.child.kill().unwrap();
                panic!("the program did not end; the screen:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let _ = self.done.recv_timeout(Duration::from_millis(500));
        status
    }

    /// The terminal as the program left it after a normal exit: cooked
    /// mode, the main screen, and leaving the alternate screen the last
    /// thing written.
    pub fn assert_restored(&self) {
        assert!(self.cooked(), "raw mode left on");
        assert!(!self.alternate_screen(), "still on the alternate screen");
        let out = self.output();
        let find_last = |needle: &[u8]| out.windows(needle.len()).rposition(|w| w == needle);
        let entered = find_last(b"\x1b[?1049h").expect("entered the alternate screen");
        let left = find_last(b"\x1b[?1049l").expect("left the alternate screen");
        assert!(left > entered);
        assert!(
            out.ends_with(b"\x1b[?1049l"),
            "leaving the alternate screen comes last: {:?}",
            String::from_utf8_lossy(&out[out.len().saturating_sub(40)..])
        );
    }
}

/// Whether the terminal is in canonical (cooked) mode, i.e. not raw.
fn canonical(master: &dyn MasterPty) -> bool {
    let t = master.get_termios().expect("termios of the pty");
    t.local_flags.bits() & libc::ICANON != 0
}
