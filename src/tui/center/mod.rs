//! The center clerk's screen (`branchdesk center`): every expected branch in
//! a table, worst first (missing, late, open discrepancies, overdue
//! callbacks), its state at each check time of the day, and a countdown to
//! the next check. `Enter` shows a branch's report, `k` marks it checked at
//! the check time that counts now, `i` imports the reports folder.
//!
//! Same shape as the dashboard: keys become [`CenterAction`]s in
//! [`action`], [`CenterApp::update`] changes the state and calls the
//! `Center`, [`draw`] only reads the state.

pub mod keymap;
pub mod state;
pub mod view;

#[cfg(test)]
mod tests;

pub use keymap::{action, help_keys};
pub use state::{CenterAction, CenterApp, Overlay};
pub use view::draw;

use crate::center::Center;
use crate::i18n::Lang;
use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use crossterm::event::KeyEvent;
use ratatui::Frame;

/// Runs the center screen until the clerk quits.
pub fn run(center: &mut Center, lang: Lang, start: DateTime<FixedOffset>) -> Result<()> {
    run_on(center, lang, start, None)
}

/// Runs the center screen opened on `day` (the demo: its newest day with
/// reports), else on today.
pub fn run_on(
    center: &mut Center,
    lang: Lang,
    start: DateTime<FixedOffset>,
    day: Option<chrono::NaiveDate>,
) -> Result<()> {
    let clock = super::clock_from(start);
    let mut app = CenterApp::new(center, lang, clock())?;
    if let Some(day) = day {
        app.show_day(day);
    }
    super::run_screen(&mut app, clock)
}

impl super::Screen for CenterApp<'_> {
    type Action = CenterAction;
    fn draw(&self, f: &mut Frame) {
        draw(self, f)
    }
    fn action(&self, key: KeyEvent) -> Option<CenterAction> {
        action(self, key)
    }
    fn update(&mut self, a: CenterAction) {
        CenterApp::update(self, a)
    }
    fn set_now(&mut self, now: DateTime<FixedOffset>) {
        self.now = now;
    }
    fn tick(now: DateTime<FixedOffset>) -> CenterAction {
        CenterAction::Tick(now)
    }
    fn poll() -> CenterAction {
        CenterAction::Poll
    }
    fn should_quit(&self) -> bool {
        self.should_quit
    }
}
