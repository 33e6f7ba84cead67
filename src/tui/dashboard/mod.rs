//! The branch clerk's dashboard: [`state`] (the `App` and its one
//! `update`), [`action`] (what changes it), [`keymap`] (keys → actions,
//! footer hints), [`view`] (drawing only, and where a click lands),
//! [`form`] (the clerk's forms), [`loader`] (background reads), [`model`]
//! (what the files share below the `App`: the panels, one read, the
//! features' [`model::Ctx`] and [`model::Outcome`]).
//!
//! Each feature owns its state slice and never imports `state`:
//! [`complaints::ComplaintsPanel`], [`cases::CasesPanel`], the correction
//! flow in [`correct`] and the *to book* rows in `book`. The `App` owns
//! them, hands each its actions with a `Ctx` (and the desk when it
//! writes), and applies the `Outcome` it returns.

pub mod action;
mod book;
pub mod cases;
pub mod complaints;
pub mod correct;
pub mod form;
pub mod keymap;
mod loader;
pub mod model;
mod rows;
pub mod state;
pub mod view;

#[cfg(test)]
mod cases_tests;
#[cfg(test)]
mod complaints_tests;
#[cfg(test)]
mod correct_tests;
#[cfg(test)]
mod tests;

pub use state::{Action, App, Panel};

use super::{Screen, clock_from, run_screen};
use crate::desk::Desk;
use crate::i18n::{Lang, T};
use anyhow::Result;
use chrono::{DateTime, FixedOffset};

pub use keymap::help_keys;

/// The keys inside a form, for the help overlay.
pub fn help_form_keys() -> &'static [(&'static str, T)] {
    &[
        ("Tab S-Tab", T::HelpFormTab),
        ("← → Space", T::HelpFormChoose),
        ("1-9", T::HelpFormDigit),
        ("HH:MM", T::HelpFormTime),
        ("^U ^W", T::HelpFormErase),
        ("PgDn PgUp", T::HelpFormPick),
        ("Enter", T::HelpFormEnter),
        ("Esc", T::HelpFormEsc),
    ]
}

/// Runs the dashboard until the clerk quits.
pub fn run(desk: &mut Desk, lang: Lang, start: DateTime<FixedOffset>) -> Result<()> {
    desk.lang = lang;
    let clock = clock_from(start);
    let mut app = App::new(desk, lang, clock())?;
    run_screen(&mut app, clock)
}

impl Screen for App<'_> {
    type Action = Action;
    fn draw(&self, f: &mut ratatui::Frame) {
        view::draw(self, f)
    }
    fn action(&self, key: crossterm::event::KeyEvent) -> Option<Action> {
        keymap::action(self, key)
    }
    fn update(&mut self, action: Action) {
        App::update(self, action)
    }
    fn set_now(&mut self, now: DateTime<FixedOffset>) {
        self.now = now;
    }
    fn tick(now: DateTime<FixedOffset>) -> Action {
        Action::Tick(now)
    }
    fn poll() -> Action {
        Action::Poll
    }
    fn should_quit(&self) -> bool {
        self.should_quit
    }
    fn busy(&self) -> bool {
        self.refreshing()
    }
    fn idle(&mut self) {
        App::idle(self)
    }
    fn click(&self, column: u16, row: u16, width: u16, height: u16) -> Option<Action> {
        view::clicked(
            self,
            column,
            row,
            ratatui::layout::Rect::new(0, 0, width, height),
        )
    }
}
