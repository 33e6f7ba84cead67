//! One kit for the screens' tests: any [`Screen`] built at a fixed clock,
//! keys pressed through the run loop's own dispatch, drawn into ratatui's
//! `TestBackend`, and snapshots with `insta` ([`snapshot!`]).
//!
//! One naming scheme on every screen: [`press`] (a key), [`press_mod`]
//! (a key with modifiers), [`typing`] (text), [`keys`] (a string of keys,
//! `\t` Tab and `\n` Enter); [`buffer`] (the drawn cells), [`screen`] (the
//! backend's quoted lines, what the snapshots hold), [`text_of`] (a buffer
//! as plain lines); `snapshot!(name, text)`: the snapshot `name.snap` in the
//! calling file's `snapshots/` folder.

use super::{Screen, handle_key};
use crate::center::Center;
use crate::demo::{DemoOptions, fill};
use crate::desk::Desk;
use crate::domain::time::Zone;
use crate::store::Store;
use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The branch demo's clock: a Monday afternoon in +08:00.
pub(crate) const NOW: &str = "2026-11-23T14:00:00+08:00";
/// The center demo's clock: after the day's last check time.
pub(crate) const CENTER_NOW: &str = "2026-11-23T18:30:00+08:00";

/// An RFC 3339 instant.
pub(crate) fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// An empty desk of `operator` in a fixed +08:00 zone, so that nothing
/// depends on the machine.
pub(crate) fn desk_of(operator: &str) -> Desk {
    let mut d = Desk::new(Store::open_in_memory().unwrap(), operator).unwrap();
    d.zone = Zone::parse("+08:00").unwrap();
    d
}

/// An empty desk of `clerk` in +08:00.
pub(crate) fn desk() -> Desk {
    desk_of("clerk")
}

/// The branch demo of `operator` at [`NOW`].
pub(crate) fn demo_desk_of(operator: &str) -> Desk {
    let mut d = desk_of(operator);
    fill(&mut d, &DemoOptions::default(), at(NOW).to_utc()).unwrap();
    d
}

/// The branch demo of `clerk` at [`NOW`].
pub(crate) fn demo_desk() -> Desk {
    demo_desk_of("clerk")
}

/// A demo center in +08:00 filled at `now` (real branch exports, real
/// imports); the reports stay in the temporary folder.
pub(crate) fn demo_center(now: &str) -> (tempfile::TempDir, Center) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Center::new(Store::open_in_memory().unwrap(), "center-clerk").unwrap();
    c.zone = Zone::parse("+08:00").unwrap();
    let reports = dir.path().join("reports");
    crate::demo::center::fill(&mut c, &reports, at(now).to_utc()).unwrap();
    c.set_reports_dir(&reports, at(now).to_utc()).unwrap();
    (dir, c)
}

/// A key on an 80×24 screen, through the run loop's own dispatch.
pub(crate) fn press<S: Screen>(app: &mut S, code: KeyCode) {
    press_mod(app, code, KeyModifiers::NONE);
}

/// A key with modifiers on an 80×24 screen.
pub(crate) fn press_mod<S: Screen>(app: &mut S, code: KeyCode, m: KeyModifiers) {
    handle_key(app, KeyEvent::new(code, m), 80, 24);
}

/// Each character of `text` as its key.
pub(crate) fn typing<S: Screen>(app: &mut S, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Presses keys (a char is its key, `\t` Tab, `\n` Enter) and returns how
/// many were pressed.
pub(crate) fn keys<S: Screen>(app: &mut S, keys: &str) -> usize {
    for c in keys.chars() {
        match c {
            '\t' => press(app, KeyCode::Tab),
            '\n' => press(app, KeyCode::Enter),
            c => press(app, KeyCode::Char(c)),
        }
    }
    keys.chars().count()
}

/// The screen drawn on a `w`×`h` test terminal.
pub(crate) fn terminal<S: Screen>(app: &S, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| app.draw(f)).unwrap();
    t
}

/// The cells of the screen drawn at `w`×`h`.
pub(crate) fn buffer<S: Screen>(app: &S, w: u16, h: u16) -> Buffer {
    terminal(app, w, h).backend().buffer().clone()
}

/// The screen drawn at `w`×`h` as the backend shows it: one quoted line a
/// row (what the snapshots hold).
pub(crate) fn screen<S: Screen>(app: &S, w: u16, h: u16) -> String {
    terminal(app, w, h).backend().to_string()
}

/// A buffer as plain lines, a wide character once.
pub(crate) fn text_of(buf: &Buffer) -> String {
    let a = buf.area;
    let mut out = String::new();
    for y in 0..a.height {
        let mut skip = 0;
        for x in 0..a.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
            out.push_str(s);
        }
        out.push('\n');
    }
    out
}

/// `snapshot!(name, text)`: the snapshot `snapshots/<name>.snap` beside the
/// calling test file, named by `name` alone (no module prefix, no
/// expression in its header).
macro_rules! snapshot {
    ($name:expr, $text:expr $(,)?) => {{
        let name: &str = &$name;
        let text: String = $text;
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, text);
        })
    }};
}
pub(crate) use snapshot;
