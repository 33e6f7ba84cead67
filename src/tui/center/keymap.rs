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
        Some(Overlay::Cases { rule: Some(_), .. }) => match key.code {
            KeyCode::Enter => Some(Submit),
            KeyCode::Esc => Some(Close),
            KeyCode::Left => Some(Choose(-1)),
            KeyCode::Right => Some(Choose(1)),
            _ => crate::tui::kit::input::Edit::of_key(key).map(CenterAction::Edit),
        },
        Some(Overlay::Cases { .. }) => keys::lookup(CASES, key),
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
        &[Char('r')],
        "r",
        "r",
        CenterAction::Cases,
        T::CenterKeyCases,
        T::CenterHelpCases,
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

/// The keys of the cases list (`r`).
pub const CASES: &[Binding<CenterAction>] = &[
    bind(
        &[Esc, Char('q'), Char('r')],
        "Esc",
        "",
        CenterAction::Close,
        T::KeyClose,
        T::HelpEsc,
    ),
    bind(
        &[Up, Char('k')],
        "↑↓",
        "",
        CenterAction::Up,
        T::KeyMove,
        T::HelpMove,
    ),
    bind(
        &[Down, Char('j')],
        "",
        "",
        CenterAction::Down,
        T::KeyMove,
        T::HelpMove,
    ),
    bind(
        &[Enter, Char('a')],
        "Enter",
        "Enter",
        CenterAction::Rule,
        T::CenterKeyRule,
        T::CenterHelpRule,
    ),
    bind(
        &[Char('e')],
        "e",
        "e",
        CenterAction::ExportRulings,
        T::CenterKeyExportRulings,
        T::CenterHelpExportRulings,
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
        Some(Overlay::Cases { rule: Some(_), .. }) => vec![
            ("←→", T::KeyChoose, 0),
            ("Enter", T::KeySave, 0),
            ("Esc", T::KeyCancel, 0),
        ],
        Some(Overlay::Cases { .. }) => keys::hints(
            CASES,
            &[
                (A::Up, 1),
                (A::Rule, 0),
                (A::ExportRulings, 0),
                (A::Close, 0),
            ],
        ),
        Some(_) => vec![("Esc", T::KeyClose, 0)],
        None => keys::hints(
            NORMAL,
            &[
                (A::Up, 1),
                (A::Open, 1),
                (A::Check, 1),
                (A::Import, 1),
                (A::Cases, 1),
                (A::PrevDay, 2),
                (A::Today, 2),
                (A::ToggleHelp, 0),
                (A::Quit, 0),
            ],
        ),
    }
}
