//! The center screen's key table.

use super::state::{CenterAction, CenterApp, Overlay};
use crate::i18n::T;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The one keymap of the center screen.
pub fn action(app: &CenterApp, key: KeyEvent) -> Option<CenterAction> {
    use CenterAction::*;
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Quit);
    }
    match &app.overlay {
        Some(Overlay::Check { .. }) => match key.code {
            KeyCode::Enter => Some(Submit),
            KeyCode::Esc => Some(Close),
            _ => crate::tui::kit::input::Edit::of_key(key).map(CenterAction::Edit),
        },
        Some(Overlay::Detail { .. }) => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Down),
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => Some(Close),
            _ => None,
        },
        Some(Overlay::Help | Overlay::Notice(_)) => Some(Close),
        None => match key.code {
            KeyCode::Char('q') => Some(Quit),
            KeyCode::Up => Some(Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Down),
            KeyCode::Home => Some(Home),
            KeyCode::End => Some(End),
            KeyCode::Left | KeyCode::Char('[') => Some(PrevDay),
            KeyCode::Right | KeyCode::Char(']') => Some(NextDay),
            KeyCode::Char('t') => Some(Today),
            KeyCode::Enter => Some(Open),
            KeyCode::Char('k') => Some(Check),
            KeyCode::Char('i') => Some(Import),
            KeyCode::Char('?') => Some(ToggleHelp),
            KeyCode::Esc => Some(Close),
            _ => None,
        },
    }
}

/// The keys of the center screen, for the footer and the help overlay.
pub fn help_keys() -> &'static [(&'static str, T)] {
    &[
        ("↑ ↓  j", T::CenterHelpMove),
        ("Enter", T::CenterHelpEnter),
        ("k", T::CenterHelpCheck),
        ("i", T::CenterHelpImport),
        ("← →  [ ]", T::CenterHelpDay),
        ("t", T::CenterHelpToday),
        ("?", T::HelpHelp),
        ("q  Ctrl-C", T::HelpQuit),
    ]
}
