//! The one keymap: a key press becomes an [`Action`] according to what is on
//! screen ([`Mode`]), and the footer's hints come from the same place.

use super::state::{Action, App, FormAction, Mode, Panel};
use crate::i18n::T;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub fn action(app: &App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q')) {
        return Some(Action::Quit);
    }
    use KeyCode::*;
    match app.mode() {
        Mode::Confirm => match key.code {
            Char('y') | Char('Y') | Enter => Some(Action::Confirm(true)),
            Char('n') | Char('N') | Esc => Some(Action::Confirm(false)),
            _ => None,
        },
        // A callback result's offer of a complaint is taken in one key.
        Mode::Notice if key.code == Char('a') && app.complaint_offer.is_some() => {
            Some(Action::OpenComplaint)
        }
        Mode::Notice => Some(Action::Close),
        Mode::Form => Some(Action::Form(match key.code {
            Tab | Down => FormAction::Next,
            BackTab | Up => FormAction::Prev,
            Left => FormAction::Left,
            Right => FormAction::Right,
            Home => FormAction::Home,
            End => FormAction::End,
            Backspace => FormAction::Backspace,
            Delete => FormAction::Delete,
            Enter => FormAction::Submit,
            Esc => FormAction::Cancel,
            Char(c) if !ctrl => FormAction::Input(c),
            _ => return None,
        })),
        Mode::Help => match key.code {
            Esc | Char('?') | Char('q') | Enter => Some(Action::ToggleHelp),
            _ => None,
        },
        Mode::Chart => match key.code {
            Esc | Char('g') | Char('q') | Enter => Some(Action::ToggleChart),
            Char('?') => Some(Action::ToggleHelp),
            _ => None,
        },
        Mode::Complaints => match key.code {
            Esc | Char('p') | Char('q') => Some(Action::ToggleComplaints),
            Up | Char('k') => Some(Action::ComplaintsMove(-1)),
            Down | Char('j') => Some(Action::ComplaintsMove(1)),
            PageUp => Some(Action::ComplaintsMove(-10)),
            PageDown => Some(Action::ComplaintsMove(10)),
            Home => Some(Action::ComplaintsMove(isize::MIN / 2)),
            End => Some(Action::ComplaintsMove(isize::MAX / 2)),
            Char('a') => Some(Action::OpenComplaint),
            Char('r') => Some(Action::ComplaintRespond),
            Char('s') => Some(Action::ComplaintSettle),
            Char('?') => Some(Action::ToggleHelp),
            _ => None,
        },
        Mode::Detail => match key.code {
            Esc | Enter | Char('q') => Some(Action::Close),
            Up | Char('k') => Some(Action::Up),
            Down | Char('j') => Some(Action::Down),
            PageUp => Some(Action::PageUp),
            PageDown => Some(Action::PageDown),
            Home => Some(Action::Home),
            Char('f') => Some(Action::OpenFeedback),
            Char('c') => Some(Action::OpenCard),
            Char('v') => Some(Action::OpenVisit),
            Char('i') => Some(Action::DeliverInvoice),
            Char('a') => Some(Action::OpenComplaint),
            Char('E') => Some(Action::OpenCorrect),
            Char('?') => Some(Action::ToggleHelp),
            _ => None,
        },
        Mode::Filter => match key.code {
            Esc => Some(Action::ClearFilter),
            Enter | Tab => Some(Action::FilterDone),
            Backspace => Some(Action::FilterBackspace),
            Up => Some(Action::Up),
            Down => Some(Action::Down),
            Char(c) if !ctrl => Some(Action::FilterInput(c)),
            _ => None,
        },
        Mode::Normal => Some(match key.code {
            Char('q') => Action::Quit,
            Tab => Action::FocusNext,
            BackTab => Action::FocusPrev,
            Char('1') => Action::Focus(Panel::Jobs),
            Char('2') => Action::Focus(Panel::Callbacks),
            Char('3') => Action::Focus(Panel::Cards),
            Char('4') => Action::Focus(Panel::Discrepancies),
            Char('5') => Action::Focus(Panel::Verify),
            Char('6') => Action::Focus(Panel::Book),
            Char('t') => Action::ToggleVerify,
            Char('b') => Action::ToggleBook,
            Up | Char('k') => Action::Up,
            Down | Char('j') => Action::Down,
            PageUp => Action::PageUp,
            PageDown => Action::PageDown,
            Home => Action::Home,
            End => Action::End,
            Enter => Action::OpenDetail,
            Char('f') => Action::OpenFeedback,
            Char('c') => Action::OpenCard,
            Char('v') => Action::OpenVisit,
            Char('r') => Action::OpenResolve,
            Char('R') => Action::Reconcile,
            Char('n') => Action::OpenNewJob,
            Char('E') => Action::OpenCorrect,
            Char('/') => Action::StartFilter,
            Char('e') => Action::Export,
            Char('i') => Action::DeliverInvoice,
            Char('m') => Action::MarkVerified,
            Char('g') => Action::ToggleChart,
            Char('p') => Action::ToggleComplaints,
            Char('a') => Action::OpenComplaint,
            Char('?') => Action::ToggleHelp,
            Esc => Action::Close,
            _ => return None,
        }),
    }
}

/// The footer: the keys that work now, for the focused panel, each with a
/// priority (0 always shown; higher left out first when narrow).
pub fn hints(app: &App) -> Vec<(&'static str, T, u8)> {
    match app.mode() {
        Mode::Confirm => vec![("y", T::KeyYes, 0), ("n/Esc", T::KeyNo, 0)],
        Mode::Notice => vec![("", T::KeyAny, 0)],
        Mode::Form => vec![
            ("Tab", T::KeyNextField, 0),
            ("←→", T::KeyChoose, 0),
            ("Enter", T::KeySave, 0),
            ("Esc", T::KeyCancel, 0),
        ],
        Mode::Help | Mode::Chart => vec![("Esc", T::KeyClose, 0)],
        Mode::Complaints => super::complaints::hints(),
        Mode::Detail => vec![
            ("↑↓", T::KeyScroll, 1),
            ("f", T::KeyFeedback, 1),
            ("c", T::KeyCard, 1),
            ("v", T::KeyVisit, 1),
            ("i", T::KeyInvoice, 2),
            ("E", T::KeyCorrect, 2),
            ("Esc", T::KeyClose, 0),
        ],
        Mode::Filter => vec![("Enter", T::KeyDone, 0), ("Esc", T::KeyClear, 0)],
        Mode::Normal => {
            let mut h = vec![("Enter", T::KeyDetail, 1)];
            match app.focus {
                Panel::Jobs => h.extend([
                    ("v", T::KeyVisit, 1),
                    ("c", T::KeyCard, 1),
                    ("f", T::KeyFeedback, 1),
                    ("n", T::KeyNewJob, 2),
                ]),
                Panel::Callbacks => h.extend([("f", T::KeyFeedback, 0), ("v", T::KeyVisit, 2)]),
                Panel::Cards => h.extend([("c", T::KeyCard, 0), ("v", T::KeyVisit, 2)]),
                Panel::Discrepancies => {
                    h.extend([("r", T::KeyResolve, 0), ("R", T::KeyReconcile, 1)])
                }
                Panel::Verify => h.extend([("m", T::KeyVerified, 0), ("i", T::KeyInvoice, 1)]),
                Panel::Book => h.extend([("v", T::KeyVisit, 0), ("c", T::KeyCard, 2)]),
            }
            if !app.filter.is_empty() {
                h.push(("Esc", T::KeyClear, 0));
            }
            h.extend([
                ("E", T::KeyCorrect, 3),
                ("/", T::KeyFilter, 2),
                ("Tab", T::KeyPanel, 3),
                ("t", T::KeyVerify, 3),
                ("b", T::KeyBook, 3),
                ("p", T::KeyComplaints, 3),
                ("?", T::KeyHelp, 0),
                ("q", T::KeyQuit, 0),
            ]);
            h
        }
    }
}
