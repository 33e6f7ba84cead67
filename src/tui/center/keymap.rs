//! The center screen's key table.

use super::state::{CenterAction, CenterApp, Overlay};
use crate::i18n::T;
use crate::tui::kit::keys::{self, Binding, bind};
use KeyCode::*;
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
            KeyCode::PageUp | KeyCode::Char('b') => Some(PageUp),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(PageDown),
            KeyCode::Home | KeyCode::Char('g') => Some(Home),
            KeyCode::End | KeyCode::Char('G') => Some(End),
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => Some(Close),
            _ => None,
        },
        Some(Overlay::Help) => Some(Close),
        // A notice closes with Esc or Enter; any other key closes it and
        // does what it does (the first key after `i` is not lost).
        Some(Overlay::Notice(_)) => match key.code {
            KeyCode::Esc | KeyCode::Enter => Some(Close),
            _ => keys::lookup(NORMAL, key),
        },
        None => keys::lookup(NORMAL, key),
    }
}

/// The center screen's keys: action, footer and help from one table.
pub const NORMAL: &[Binding<CenterAction>] = &[
    bind(
        &[Up, Char('k')],
        "↑↓",
        "↑ ↓  j k",
        CenterAction::Up,
        T::CenterKeyMove,
        T::CenterHelpMove,
    ),
    bind(
        &[Down, Char('j')],
        "",
        "",
        CenterAction::Down,
        T::CenterKeyMove,
        T::CenterHelpMove,
    ),
    bind(
        &[Home],
        "",
        "",
        CenterAction::Home,
        T::CenterKeyMove,
        T::CenterHelpMove,
    ),
    bind(
        &[End, Char('G')],
        "",
        "",
        CenterAction::End,
        T::CenterKeyMove,
        T::CenterHelpMove,
    ),
    bind(
        &[Enter],
        "Enter",
        "Enter",
        CenterAction::Open,
        T::CenterKeyOpen,
        T::CenterHelpEnter,
    ),
    bind(
        &[Char('c')],
        "c",
        "c",
        CenterAction::Check,
        T::CenterKeyCheck,
        T::CenterHelpCheck,
    ),
    bind(
        &[Char('i')],
        "i",
        "i",
        CenterAction::Import,
        T::CenterKeyImport,
        T::CenterHelpImport,
    ),
    bind(
        &[Left, Char('[')],
        "←→",
        "← →  [ ]",
        CenterAction::PrevDay,
        T::CenterKeyDay,
        T::CenterHelpDay,
    ),
    bind(
        &[Right, Char(']')],
        "",
        "",
        CenterAction::NextDay,
        T::CenterKeyDay,
        T::CenterHelpDay,
    ),
    bind(
        &[Char('t')],
        "t",
        "t",
        CenterAction::Today,
        T::CenterKeyToday,
        T::CenterHelpToday,
    ),
    bind(
        &[Char('?')],
        "?",
        "?",
        CenterAction::ToggleHelp,
        T::CenterKeyHelp,
        T::HelpHelp,
    ),
    bind(&[Esc], "", "", CenterAction::Close, T::KeyClose, T::HelpEsc),
    bind(
        &[Char('q')],
        "q",
        "q  Ctrl-C",
        CenterAction::Quit,
        T::CenterKeyQuit,
        T::HelpQuit,
    ),
];

/// The keys of the center screen, for the help overlay.
pub fn help_keys() -> Vec<(&'static str, T)> {
    keys::help(NORMAL)
}

/// The footer: every key of the table that has a footer name.
pub fn hints(app: &CenterApp) -> Vec<keys::Hint> {
    use CenterAction as A;
    match app.overlay {
        Some(Overlay::Check { .. }) => vec![("Enter", T::KeySave, 0), ("Esc", T::KeyCancel, 0)],
        Some(Overlay::Detail { .. }) => {
            vec![("↑↓ PgUp PgDn", T::KeyScroll, 0), ("Esc", T::KeyClose, 0)]
        }
        Some(_) => vec![("Esc", T::KeyClose, 0)],
        None => keys::hints(
            NORMAL,
            &[
                (A::Up, 1),
                (A::Open, 1),
                (A::Check, 1),
                (A::Import, 1),
                (A::PrevDay, 2),
                (A::Today, 2),
                (A::ToggleHelp, 0),
                (A::Quit, 0),
            ],
        ),
    }
}
