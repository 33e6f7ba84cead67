//! The supervisor's keymap: a key press becomes a [`SupAction`] according to
//! what is on screen; the footer's hints come from the same place.

use super::state::{FormEdit, SupAction, SupApp, SupMode, Tab};
use crate::i18n::T;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub fn action(app: &SupApp, key: KeyEvent) -> Option<SupAction> {
    use KeyCode::*;
    use SupAction as A;
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, Char('c') | Char('q')) {
        return Some(A::Quit);
    }
    match app.mode() {
        SupMode::Form => Some(A::Form(match key.code {
            Tab | BackTab | Up | Down => FormEdit::Next,
            Enter => FormEdit::Submit,
            Esc => FormEdit::Cancel,
            _ => FormEdit::Text(crate::tui::kit::input::Edit::of_key(key)?),
        })),
        SupMode::Help => match key.code {
            Esc | Char('?') | Char('q') | Enter => Some(A::ToggleHelp),
            _ => None,
        },
        SupMode::Detail => match key.code {
            Esc | Enter | Char('q') => Some(A::Close),
            Up | Char('k') => Some(A::Up),
            Down | Char('j') => Some(A::Down),
            PageUp => Some(A::PageUp),
            PageDown => Some(A::PageDown),
            Char('?') => Some(A::ToggleHelp),
            _ => None,
        },
        SupMode::Normal => Some(match key.code {
            Char('q') => A::Quit,
            Tab => A::NextTab,
            BackTab => A::PrevTab,
            Char('1') => A::Tab(super::state::Tab::Overdue),
            Char('2') => A::Tab(super::state::Tab::Forgeries),
            Char('3') => A::Tab(super::state::Tab::Engineers),
            Char('4') => A::Tab(super::state::Tab::Chains),
            Char('5') => A::Tab(super::state::Tab::Acted),
            Up | Char('k') => A::Up,
            Down | Char('j') => A::Down,
            PageUp => A::PageUp,
            PageDown => A::PageDown,
            Home => A::Home,
            End => A::End,
            Enter => A::OpenDetail,
            Char('x') => A::Escalate,
            Char('a') => A::Acknowledge,
            Char('g') => A::CycleGroup,
            Char('e') => A::FilterEngineer,
            Char('b') => A::FilterBranch,
            Char('p') => A::NextPeriod,
            Char('s') | Right => A::NextMeasure,
            Char('S') | Left => A::PrevMeasure,
            Char('r') => A::ReverseSort,
            Char('?') => A::ToggleHelp,
            Esc => A::Close,
            _ => return None,
        }),
    }
}

/// The footer: (key, label, priority; higher is left out first).
pub fn hints(app: &SupApp) -> Vec<(&'static str, T, u8)> {
    match app.mode() {
        SupMode::Form => vec![
            ("Tab", T::KeyNextField, 0),
            ("Enter", T::KeySave, 0),
            ("Esc", T::KeyCancel, 0),
        ],
        SupMode::Help => vec![("Esc", T::KeyClose, 0)],
        SupMode::Detail => vec![("↑↓", T::KeyScroll, 1), ("Esc", T::KeyClose, 0)],
        SupMode::Normal => {
            let mut h = Vec::new();
            match app.tab {
                Tab::Overdue => h.extend([
                    ("x", T::SupKeyEscalate, 0),
                    ("a", T::SupKeyAcknowledge, 0),
                    ("Enter", T::KeyDetail, 1),
                    ("g", T::SupKeyGroup, 1),
                    ("e", T::SupKeyEngineer, 2),
                    ("b", T::SupKeyBranch, 3),
                ]),
                Tab::Forgeries | Tab::Chains | Tab::Acted => h.extend([
                    ("x", T::SupKeyEscalate, 0),
                    ("a", T::SupKeyAcknowledge, 0),
                    ("Enter", T::KeyDetail, 1),
                    ("p", T::SupKeyPeriod, 2),
                ]),
                Tab::Engineers => h.extend([
                    ("←→", T::SupKeyMeasure, 0),
                    ("r", T::SupKeyReverse, 1),
                    ("p", T::SupKeyPeriod, 0),
                ]),
            }
            if app.filter != crate::domain::overdue::OverdueFilter::default() {
                h.push(("Esc", T::KeyClear, 0));
            }
            h.extend([
                ("Tab", T::KeyPanel, 3),
                ("?", T::KeyHelp, 0),
                ("q", T::KeyQuit, 0),
            ]);
            h
        }
    }
}
