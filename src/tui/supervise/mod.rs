//! The supervisor's screen (`branchdesk supervise`): overdue callbacks
//! (live), suspected forgeries, the engineers' scorecard, re-visit chains
//! and the items acted on; `x` escalates and `a` acknowledges the selected item, `Enter`
//! opens the job's timeline. Supervisors do not edit jobs, cards or
//! callbacks here. Built like the dashboard: keys → [`keymap::action`] →
//! [`SupApp::update`]; [`view::draw`] only reads the state.

pub mod app;
pub mod keymap;
pub mod view;

#[cfg(test)]
mod tests;

pub use app::{SupAction, SupApp, Tab};

use super::{REFRESH, RestoreGuard, TICK};
use crate::desk::Desk;
use crate::i18n::{Lang, T};
use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use crossterm::event::{self, Event};
use std::time::Instant;

/// Every key of the supervisor's screen, for the help overlay.
pub fn help_keys() -> &'static [(&'static str, T)] {
    &[
        ("Tab 1-5", T::SupHelpTabs),
        ("↑ ↓  j k", T::HelpMove),
        ("Enter", T::HelpEnter),
        ("x", T::SupHelpEscalate),
        ("a", T::SupHelpAcknowledge),
        ("g", T::SupHelpGroup),
        ("e  b", T::SupHelpFilter),
        ("Esc", T::HelpEsc),
        ("p", T::SupHelpPeriod),
        ("← →  s S", T::SupHelpMeasure),
        ("r", T::SupHelpReverse),
        ("?", T::HelpHelp),
        ("q  Ctrl-C", T::HelpQuit),
    ]
}

/// Runs the supervisor's screen until quit; the terminal is restored on
/// every way out (return, error, panic).
pub fn run(
    desk: &mut Desk,
    lang: Lang,
    start: DateTime<FixedOffset>,
    period: crate::domain::scorecard::Period,
) -> Result<()> {
    let started = Instant::now();
    let clock = move || start + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
    let mut app = SupApp::new(desk, lang, clock())?;
    if period != app.period {
        app.period = period;
        app.refresh();
    }
    let guard = RestoreGuard;
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, &mut app, &clock);
    let _ = terminal.show_cursor();
    drop(terminal);
    drop(guard);
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut SupApp,
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
            app.update(SupAction::Poll);
            last_refresh = Instant::now();
        }
        if last_tick.elapsed() >= TICK {
            app.update(SupAction::Tick(clock()));
            last_tick = Instant::now();
        }
    }
}
