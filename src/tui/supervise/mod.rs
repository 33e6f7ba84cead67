//! The supervisor's screen (`branchdesk supervise`): overdue callbacks
//! (live), suspected forgeries, the engineers' scorecard, re-visit chains
//! and the items acted on; `x` escalates and `a` acknowledges the selected item, `Enter`
//! opens the job's timeline. Supervisors do not edit jobs, cards or
//! callbacks here. Built like the dashboard: keys → [`keymap::action`] →
//! [`SupApp::update`]; [`view::draw`] only reads the state.

pub mod complaints;
pub mod keymap;
pub mod state;
pub mod view;

#[cfg(test)]
mod tests;

pub use state::{SupAction, SupApp, Tab};

use crate::i18n::Lang;
use anyhow::Result;
use chrono::{DateTime, FixedOffset};

pub use keymap::help_keys;

/// Runs the supervisor's screen until quit; the terminal is restored on
/// every way out (return, error, panic).
pub fn run<'d>(
    src: impl Into<state::Source<'d>>,
    lang: Lang,
    start: DateTime<FixedOffset>,
    period: crate::domain::scorecard::Period,
) -> Result<()> {
    let clock = super::clock_from(start);
    let mut app = SupApp::new(src, lang, clock())?;
    if period != app.period {
        app.period = period;
        app.refresh();
    }
    super::run_screen(&mut app, clock)
}

impl super::Screen for SupApp<'_> {
    type Action = SupAction;
    fn draw(&self, f: &mut ratatui::Frame) {
        view::draw(self, f)
    }
    fn action(&self, key: crossterm::event::KeyEvent) -> Option<SupAction> {
        keymap::action(self, key)
    }
    fn update(&mut self, action: SupAction) {
        SupApp::update(self, action)
    }
    fn set_now(&mut self, now: DateTime<FixedOffset>) {
        self.now = now;
    }
    fn tick(now: DateTime<FixedOffset>) -> SupAction {
        SupAction::Tick(now)
    }
    fn poll() -> SupAction {
        SupAction::Poll
    }
    fn should_quit(&self) -> bool {
        self.should_quit
    }
}
