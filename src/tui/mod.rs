//! The branch clerk's dashboard (TUI).
//!
//! Keys become [`Action`]s in one keymap ([`keymap::action`]);
//! [`App::update`] changes the state and calls the `Desk`; [`view::draw`]
//! only reads the state. The snapshot is re-read from the store after each
//! change, and every [`REFRESH`] when another process changed the database
//! (or a minute has passed); every [`TICK`] the clock moves on and the
//! countdowns, colours and order are derived again from the snapshot. When a
//! read is slow (a very large branch), it runs in the background
//! ([`loader`]) and the keys keep working on the current snapshot.

pub mod center;
pub mod dashboard;
pub mod kit;
pub mod supervise;

#[cfg(test)]
pub(crate) mod test_kit;
#[cfg(test)]
mod tests;

pub use dashboard::{Action, App, Panel, run};

use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use crossterm::event::{self, Event};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The clock's resolution: countdowns and order are derived again.
pub const TICK: Duration = Duration::from_secs(1);
/// How often the store is asked whether another process changed it.
pub const REFRESH: Duration = Duration::from_secs(5);
/// How often the run loop looks for a finished background read while one
/// is under way.
pub const BUSY_POLL: Duration = Duration::from_millis(20);

/// Leaves raw mode and the alternate screen when dropped: on a normal
/// return, on an error (`?`) and while unwinding from a panic (ratatui's
/// panic hook restores the terminal before the panic message as well).
pub(crate) struct RestoreGuard;

impl Drop for RestoreGuard {
    fn drop(&mut self) {
        // Harmless when mouse capture was never turned on.
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
        if let Err(e) = ratatui::try_restore() {
            crate::errln!("branchdesk: could not restore the terminal: {e}");
        }
    }
}

/// Where crash reports go (`cli` sets it: `<data dir>/branchdesk`).
static CRASH_DIR: OnceLock<PathBuf> = OnceLock::new();

/// The folder crash reports are written to; set once, before [`run`].
pub fn set_crash_dir(dir: PathBuf) {
    let _ = CRASH_DIR.set(dir);
}

/// Whether the screens take the mouse (click to select, wheel to scroll):
/// on unless the setting `mouse` is `off` (`cli` sets it) or
/// `BRANCHDESK_MOUSE=off` (for terminals whose mouse reports misbehave).
static MOUSE: OnceLock<bool> = OnceLock::new();

/// The setting `mouse` for the screens, as stored (on unless `off`); set
/// once, before a screen runs.
pub fn set_mouse(setting: Option<&str>) {
    let _ = MOUSE.set(setting != Some("off"));
}

/// Whether a screen can open: the program reads keys from a terminal and
/// draws on one (else a command prints its text instead).
pub fn on_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

fn mouse_on() -> bool {
    let env_off = std::env::var("BRANCHDESK_MOUSE").is_ok_and(|v| v == "off");
    !env_off && MOUSE.get().copied().unwrap_or(true)
}

/// With this variable set to `1`, F12 makes the screens panic: for the
/// test that a crash restores the terminal and leaves a report.
pub const CRASH_KEY_VAR: &str = "BRANCHDESK_CRASH_KEY";

/// Installs, before ratatui's own hook (which restores the terminal first
/// and then calls this one), a hook that writes a crash report with the
/// panic's message, place and backtrace and says where it is.
fn install_crash_report(clock: impl Fn() -> DateTime<FixedOffset> + Send + Sync + 'static) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let now = clock();
        let dir = CRASH_DIR.get().cloned().unwrap_or_else(std::env::temp_dir);
        let path = dir.join(format!("crash-{}.txt", now.format("%Y%m%d-%H%M%S")));
        let report = format!(
            "branchdesk {} crashed at {}\n\n{info}\n\nbacktrace:\n{}\n",
            env!("CARGO_PKG_VERSION"),
            now.to_rfc3339(),
            std::backtrace::Backtrace::force_capture()
        );
        let written = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, report));
        previous(info);
        match written {
            Ok(()) => crate::errln!(
                "branchdesk: the screen crashed; nothing half-typed was saved. \
                 A crash report was written to {}",
                path.display()
            ),
            Err(e) => crate::errln!(
                "branchdesk: the screen crashed; the crash report could not be written to {}: {e}",
                path.display()
            ),
        }
    }));
}

/// What the one run loop needs of a screen: the dashboard, the center's
/// and the supervisor's screens each implement it.
pub(crate) trait Screen {
    type Action;
    /// Draws from the state only.
    fn draw(&self, f: &mut ratatui::Frame);
    /// The action a key means here, if any.
    fn action(&self, key: crossterm::event::KeyEvent) -> Option<Self::Action>;
    fn update(&mut self, action: Self::Action);
    /// The clock, set before a key or the timer is handled.
    fn set_now(&mut self, now: DateTime<FixedOffset>);
    /// The clock moved on.
    fn tick(now: DateTime<FixedOffset>) -> Self::Action;
    /// The timer: re-read the store if it changed.
    fn poll() -> Self::Action;
    fn should_quit(&self) -> bool;
    /// Work is under way in the background whose result the screen waits
    /// for: the loop looks for it every [`BUSY_POLL`].
    fn busy(&self) -> bool {
        false
    }
    /// Called on every turn of the loop: takes in finished background work.
    fn idle(&mut self) {}
    /// A left click at (`column`, `row`) of a `width`×`height` screen: the
    /// action it means, if any (the wheel is the arrow keys everywhere).
    fn click(&self, _column: u16, _row: u16, _width: u16, _height: u16) -> Option<Self::Action> {
        None
    }
}

/// A clock that starts at `start` (`--now` or the wall clock) and moves on
/// with real time, so that a fixed `--now` still ticks.
pub(crate) fn clock_from(
    start: DateTime<FixedOffset>,
) -> impl Fn() -> DateTime<FixedOffset> + Copy + Send + Sync + 'static {
    let started = Instant::now();
    move || start + chrono::Duration::from_std(started.elapsed()).unwrap_or_default()
}

/// Runs a screen until it quits: raw mode and the alternate screen on, a
/// crash report on panic, and the terminal restored on every way out.
pub(crate) fn run_screen<S: Screen>(
    app: &mut S,
    clock: impl Fn() -> DateTime<FixedOffset> + Copy + Send + Sync + 'static,
) -> Result<()> {
    let guard = RestoreGuard;
    install_crash_report(clock);
    let mut terminal = ratatui::try_init()?;
    if mouse_on() {
        crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)?;
    }
    let result = event_loop(&mut terminal, app, &clock);
    // Cursor back, then leave the alternate screen last.
    let _ = terminal.show_cursor();
    drop(terminal);
    drop(guard);
    result
}

/// A key pressed on a screen `width`×`height`: behind "terminal too small"
/// nothing is drawn, so keys do nothing there but quit: Ctrl-C, and `q` or
/// Esc, which the message names, as Ctrl-C.
pub(crate) fn handle_key<S: Screen>(
    app: &mut S,
    key: crossterm::event::KeyEvent,
    width: u16,
    height: u16,
) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let quit = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
    if kit::frame::too_small(width, height) && !quit {
        if key.modifiers.is_empty() && matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) {
            let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
            if let Some(action) = app.action(ctrl_c) {
                app.update(action);
            }
        }
        return;
    }
    if let Some(action) = app.action(key) {
        app.update(action);
    }
}

/// The mouse: the wheel moves like the arrow keys (in a list, the help, a
/// detail), a left click is the screen's to read.
pub(crate) fn handle_mouse<S: Screen>(
    app: &mut S,
    m: crossterm::event::MouseEvent,
    width: u16,
    height: u16,
) {
    use crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEventKind};
    let arrow = |code| KeyEvent::from(code);
    match m.kind {
        MouseEventKind::ScrollDown => handle_key(app, arrow(KeyCode::Down), width, height),
        MouseEventKind::ScrollUp => handle_key(app, arrow(KeyCode::Up), width, height),
        MouseEventKind::Down(MouseButton::Left) if !kit::frame::too_small(width, height) => {
            if let Some(action) = app.click(m.column, m.row, width, height) {
                app.update(action);
            }
        }
        _ => {}
    }
}

fn event_loop<S: Screen>(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut S,
    clock: &dyn Fn() -> DateTime<FixedOffset>,
) -> Result<()> {
    let mut last_tick = Instant::now();
    let mut last_refresh = Instant::now();
    let crash_key = std::env::var(CRASH_KEY_VAR).is_ok_and(|v| v == "1");
    let mut crash = false;
    loop {
        if app.busy() {
            app.set_now(clock());
            app.idle();
        }
        terminal.draw(|f| {
            if crash {
                panic!("crash test: F12 pressed with {CRASH_KEY_VAR}=1");
            }
            app.draw(f)
        })?;
        let mut timeout = TICK.saturating_sub(last_tick.elapsed());
        if app.busy() {
            timeout = timeout.min(BUSY_POLL);
        }
        if event::poll(timeout)? {
            match event::read()? {
                Event::Key(key) => {
                    if crash_key && key.code == crossterm::event::KeyCode::F(12) {
                        crash = true;
                        continue;
                    }
                    app.set_now(clock());
                    let size = terminal.size()?;
                    handle_key(app, key, size.width, size.height);
                }
                Event::Mouse(m) => {
                    app.set_now(clock());
                    let size = terminal.size()?;
                    handle_mouse(app, m, size.width, size.height);
                }
                _ => {}
            }
        }
        if app.should_quit() {
            return Ok(());
        }
        if last_refresh.elapsed() >= REFRESH {
            app.set_now(clock());
            app.update(S::poll());
            last_refresh = Instant::now();
        }
        if last_tick.elapsed() >= TICK {
            app.update(S::tick(clock()));
            last_tick = Instant::now();
        }
    }
}
