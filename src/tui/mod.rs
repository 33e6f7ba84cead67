//! The branch clerk's dashboard (TUI).
//!
//! Keys become [`Action`]s in one keymap ([`keymap::action`]);
//! [`App::update`] changes the state and calls the `Desk`; [`view::draw`]
//! only reads the state. The snapshot is re-read from the store after each
//! change, and every [`REFRESH`] when another process changed the database
//! (or a minute has passed); every [`TICK`] the clock moves on and the
//! countdowns, colours and order are derived again from the snapshot.

pub mod app;
pub mod center;
pub mod form;
pub mod keymap;
pub mod supervise;
pub mod view;

#[cfg(test)]
mod tests;

pub use app::{Action, App, Panel};

use crate::desk::Desk;
use crate::i18n::{Lang, T};
use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use crossterm::event::{self, Event};
use std::time::{Duration, Instant};

/// The clock's resolution: countdowns and order are derived again.
pub const TICK: Duration = Duration::from_secs(1);
/// How often the store is asked whether another process changed it.
pub const REFRESH: Duration = Duration::from_secs(5);

/// Every key of the dashboard, for the help overlay.
pub fn help_keys() -> &'static [(&'static str, T)] {
    &[
        ("Tab S-Tab", T::HelpPanels),
        ("1 2 3 4", T::HelpNumbers),
        ("t  5", T::HelpVerify),
        ("↑ ↓  j k", T::HelpMove),
        ("PgUp PgDn", T::HelpPage),
        ("Enter", T::HelpEnter),
        ("f", T::HelpFeedback),
        ("c", T::HelpCard),
        ("v", T::HelpVisit),
        ("r", T::HelpResolve),
        ("R", T::HelpReconcile),
        ("n", T::HelpNewJob),
        ("/", T::HelpFilter),
        ("m", T::HelpVerified),
        ("i", T::HelpInvoice),
        ("g", T::HelpChart),
        ("e", T::HelpExport),
        ("?", T::HelpHelp),
        ("Esc", T::HelpEsc),
        ("q  Ctrl-C", T::HelpQuit),
    ]
}

/// The keys inside a form, for the help overlay.
pub fn help_form_keys() -> &'static [(&'static str, T)] {
    &[
        ("Tab S-Tab", T::HelpFormTab),
        ("← → Space", T::HelpFormChoose),
        ("HH:MM", T::HelpFormTime),
        ("Enter", T::HelpFormEnter),
        ("Esc", T::HelpFormEsc),
    ]
}

/// Leaves raw mode and the alternate screen when dropped: on a normal
/// return, on an error (`?`) and while unwinding from a panic (ratatui's
/// panic hook restores the terminal before the panic message as well).
pub(crate) struct RestoreGuard;

impl Drop for RestoreGuard {
    fn drop(&mut self) {
        if let Err(e) = ratatui::try_restore() {
            eprintln!("branchdesk: could not restore the terminal: {e}");
        }
    }
}

/// Runs the dashboard until the clerk quits. The clock starts at `start`
/// and moves on with real time, so a fixed `--now` still ticks.
pub fn run(desk: &mut Desk, lang: Lang, start: DateTime<FixedOffset>) -> Result<()> {
    let started = Instant::now();
    let clock = move || start + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
    let mut app = App::new(desk, lang, clock())?;
    let guard = RestoreGuard;
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, &mut app, &clock);
    // Cursor back, then leave the alternate screen last.
    let _ = terminal.show_cursor();
    drop(terminal);
    drop(guard);
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    clock: &dyn Fn() -> DateTime<FixedOffset>,
) -> Result<()> {
    let mut last_tick = Instant::now();
    let mut last_refresh = Instant::now();
    loop {
        terminal.draw(|f| view::draw(app, f))?;
        let timeout = TICK.saturating_sub(last_tick.elapsed());
        if event::poll(timeout)?
            && let Event::Key(key) = event::read()?
        {
            app.now = clock();
            if let Some(action) = keymap::action(app, key) {
                app.update(action);
            }
        }
        if app.should_quit {
            return Ok(());
        }
        if last_refresh.elapsed() >= REFRESH {
            app.now = clock();
            app.update(Action::Poll);
            last_refresh = Instant::now();
        }
        if last_tick.elapsed() >= TICK {
            app.update(Action::Tick(clock()));
            last_tick = Instant::now();
        }
    }
}
