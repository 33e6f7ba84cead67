//! The one keymap: a key press becomes an [`Action`] according to what is on
//! screen ([`Mode`]), and the footer's hints come from the same place.

use super::state::{Action, App, FormAction, Mode, Panel};
use crate::i18n::T;
use crate::tui::kit::keys::{self, Binding, bind};
use KeyCode::*;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The dashboard's keys: the action, the footer's word and the help's line
/// of each (the footer picks which to show for the panel in focus).
pub const NORMAL: &[Binding<Action>] = &[
    bind(
        &[Tab],
        "Tab",
        "Tab S-Tab",
        Action::FocusNext,
        T::KeyPanel,
        T::HelpPanels,
    ),
    bind(
        &[BackTab],
        "",
        "",
        Action::FocusPrev,
        T::KeyPanel,
        T::HelpPanels,
    ),
    bind(
        &[Char('1')],
        "",
        "1 2 3 4",
        Action::Focus(Panel::Jobs),
        T::KeyPanel,
        T::HelpNumbers,
    ),
    bind(
        &[Char('2')],
        "",
        "",
        Action::Focus(Panel::Callbacks),
        T::KeyPanel,
        T::HelpNumbers,
    ),
    bind(
        &[Char('3')],
        "",
        "",
        Action::Focus(Panel::Cards),
        T::KeyPanel,
        T::HelpNumbers,
    ),
    bind(
        &[Char('4')],
        "",
        "",
        Action::Focus(Panel::Discrepancies),
        T::KeyPanel,
        T::HelpNumbers,
    ),
    bind(
        &[Char('t'), Char('5')],
        "t",
        "t 5  b 6",
        Action::ToggleVerify,
        T::KeyVerify,
        T::HelpVerify,
    ),
    bind(
        &[Char('6')],
        "",
        "",
        Action::Focus(Panel::Book),
        T::KeyBook,
        T::HelpVerify,
    ),
    bind(
        &[Char('b')],
        "b",
        "",
        Action::ToggleBook,
        T::KeyBook,
        T::HelpVerify,
    ),
    bind(
        &[Up, Char('k')],
        "↑↓",
        "↑ ↓  j k",
        Action::Up,
        T::KeyMove,
        T::HelpMove,
    ),
    bind(
        &[Down, Char('j')],
        "",
        "",
        Action::Down,
        T::KeyMove,
        T::HelpMove,
    ),
    bind(
        &[PageUp],
        "",
        "PgUp PgDn",
        Action::PageUp,
        T::KeyMove,
        T::HelpPage,
    ),
    bind(
        &[PageDown],
        "",
        "",
        Action::PageDown,
        T::KeyMove,
        T::HelpPage,
    ),
    bind(&[Home], "", "", Action::Home, T::KeyMove, T::HelpPage),
    bind(
        &[End, Char('G')],
        "",
        "",
        Action::End,
        T::KeyMove,
        T::HelpPage,
    ),
    bind(
        &[Enter],
        "Enter",
        "Enter",
        Action::OpenDetail,
        T::KeyDetail,
        T::HelpEnter,
    ),
    bind(
        &[Char('f')],
        "f",
        "f",
        Action::OpenFeedback,
        T::KeyFeedback,
        T::HelpFeedback,
    ),
    bind(
        &[Char('c')],
        "c",
        "c",
        Action::OpenCard,
        T::KeyCard,
        T::HelpCard,
    ),
    bind(
        &[Char('v')],
        "v",
        "v",
        Action::OpenVisit,
        T::KeyVisit,
        T::HelpVisit,
    ),
    bind(
        &[Char('r')],
        "r",
        "r",
        Action::OpenResolve,
        T::KeyResolve,
        T::HelpResolve,
    ),
    bind(
        &[Char('R')],
        "R",
        "R",
        Action::Reconcile,
        T::KeyReconcile,
        T::HelpReconcile,
    ),
    bind(
        &[Char('n')],
        "n",
        "n",
        Action::OpenNewJob,
        T::KeyNewJob,
        T::HelpNewJob,
    ),
    bind(
        &[Char('E')],
        "E",
        "E",
        Action::OpenCorrect,
        T::KeyCorrect,
        T::HelpCorrect,
    ),
    bind(
        &[Char('/')],
        "/",
        "/",
        Action::StartFilter,
        T::KeyFilter,
        T::HelpFilter,
    ),
    bind(
        &[Char('#')],
        "",
        "#",
        Action::StartJump,
        T::KeyJump,
        T::HelpJump,
    ),
    bind(
        &[Char('!')],
        "",
        "!",
        Action::NextOverdue,
        T::KeyNextOverdue,
        T::HelpNextOverdue,
    ),
    bind(
        &[Char('m')],
        "m",
        "m",
        Action::MarkVerified,
        T::KeyVerified,
        T::HelpVerified,
    ),
    bind(
        &[Char('i')],
        "i",
        "i",
        Action::DeliverInvoice,
        T::KeyInvoice,
        T::HelpInvoice,
    ),
    bind(
        &[Char('g')],
        "g",
        "g",
        Action::ToggleChart,
        T::KeyChart,
        T::HelpChart,
    ),
    bind(
        &[Char('F')],
        "",
        "F",
        Action::ToggleFollowups,
        T::KeyFollowups,
        T::HelpFollowups,
    ),
    bind(
        &[Char('e')],
        "e",
        "e",
        Action::Export,
        T::KeyExport,
        T::HelpExport,
    ),
    bind(
        &[Char('p')],
        "p",
        "p",
        Action::ToggleComplaints,
        T::KeyComplaints,
        T::HelpComplaints,
    ),
    bind(
        &[Char('a')],
        "a",
        "a",
        Action::OpenComplaint,
        T::KeyComplaints,
        T::HelpComplaintAdd,
    ),
    bind(
        &[Char('o')],
        "o",
        "o",
        Action::ToggleCases,
        T::KeyCases,
        T::HelpCases,
    ),
    bind(
        &[Char('?')],
        "?",
        "?",
        Action::ToggleHelp,
        T::KeyHelp,
        T::HelpHelp,
    ),
    bind(&[Esc], "Esc", "Esc", Action::Close, T::KeyClear, T::HelpEsc),
    bind(
        &[Char('q')],
        "q",
        "q  Ctrl-C",
        Action::Quit,
        T::KeyQuit,
        T::HelpQuit,
    ),
];

/// The keys of a job's detail (a subset of the dashboard's).
pub const DETAIL: &[Binding<Action>] = &[
    bind(
        &[Esc, Enter, Char('q')],
        "Esc",
        "",
        Action::Close,
        T::KeyClose,
        T::HelpEsc,
    ),
    bind(
        &[Up, Char('k')],
        "↑↓",
        "",
        Action::Up,
        T::KeyScroll,
        T::HelpMove,
    ),
    bind(
        &[Down, Char('j')],
        "",
        "",
        Action::Down,
        T::KeyScroll,
        T::HelpMove,
    ),
    bind(&[PageUp], "", "", Action::PageUp, T::KeyScroll, T::HelpPage),
    bind(
        &[PageDown],
        "",
        "",
        Action::PageDown,
        T::KeyScroll,
        T::HelpPage,
    ),
    bind(&[Home], "", "", Action::Home, T::KeyScroll, T::HelpPage),
    bind(
        &[Char('f')],
        "f",
        "",
        Action::OpenFeedback,
        T::KeyFeedback,
        T::HelpFeedback,
    ),
    bind(
        &[Char('c')],
        "c",
        "",
        Action::OpenCard,
        T::KeyCard,
        T::HelpCard,
    ),
    bind(
        &[Char('v')],
        "v",
        "",
        Action::OpenVisit,
        T::KeyVisit,
        T::HelpVisit,
    ),
    bind(
        &[Char('i')],
        "i",
        "",
        Action::DeliverInvoice,
        T::KeyInvoice,
        T::HelpInvoice,
    ),
    bind(
        &[Char('a')],
        "a",
        "",
        Action::OpenComplaint,
        T::KeyComplaints,
        T::HelpComplaintAdd,
    ),
    bind(
        &[Char('E')],
        "E",
        "",
        Action::OpenCorrect,
        T::KeyCorrect,
        T::HelpCorrect,
    ),
    bind(
        &[Char('?')],
        "?",
        "",
        Action::ToggleHelp,
        T::KeyHelp,
        T::HelpHelp,
    ),
];

/// The keys of the complaints list (`p`).
pub const COMPLAINTS: &[Binding<Action>] = &[
    bind(
        &[Esc, Char('p'), Char('q')],
        "Esc",
        "",
        Action::ToggleComplaints,
        T::KeyClose,
        T::HelpEsc,
    ),
    bind(
        &[Up, Char('k')],
        "↑↓",
        "",
        Action::ComplaintsMove(-1),
        T::KeyMove,
        T::HelpMove,
    ),
    bind(
        &[Down, Char('j')],
        "",
        "",
        Action::ComplaintsMove(1),
        T::KeyMove,
        T::HelpMove,
    ),
    bind(
        &[PageUp],
        "",
        "",
        Action::ComplaintsMove(-10),
        T::KeyMove,
        T::HelpPage,
    ),
    bind(
        &[PageDown],
        "",
        "",
        Action::ComplaintsMove(10),
        T::KeyMove,
        T::HelpPage,
    ),
    bind(
        &[Home],
        "",
        "",
        Action::ComplaintsMove(isize::MIN / 2),
        T::KeyMove,
        T::HelpPage,
    ),
    bind(
        &[End, Char('G')],
        "",
        "",
        Action::ComplaintsMove(isize::MAX / 2),
        T::KeyMove,
        T::HelpPage,
    ),
    bind(
        &[Char('a')],
        "a",
        "a",
        Action::OpenComplaint,
        T::KeyComplaint,
        T::HelpComplaintAdd,
    ),
    bind(
        &[Char('r')],
        "r",
        "r",
        Action::ComplaintRespond,
        T::KeyRespond,
        T::HelpComplaintRespond,
    ),
    bind(
        &[Char('s')],
        "s",
        "s",
        Action::ComplaintSettle,
        T::KeySettle,
        T::HelpComplaintSettle,
    ),
    bind(
        &[Char('?')],
        "?",
        "",
        Action::ToggleHelp,
        T::KeyHelp,
        T::HelpHelp,
    ),
];

/// The keys of the help overlay: it scrolls when it does not fit.
pub const HELP: &[Binding<Action>] = &[
    bind(
        &[Esc, Char('?'), Char('q'), Enter],
        "Esc",
        "",
        Action::ToggleHelp,
        T::KeyClose,
        T::HelpEsc,
    ),
    bind(
        &[Up, Char('k')],
        "",
        "",
        Action::Up,
        T::KeyScroll,
        T::HelpMove,
    ),
    bind(
        &[Down, Char('j')],
        "↑↓",
        "",
        Action::Down,
        T::KeyScroll,
        T::HelpMove,
    ),
    bind(&[PageUp], "", "", Action::PageUp, T::KeyScroll, T::HelpPage),
    bind(
        &[PageDown],
        "",
        "",
        Action::PageDown,
        T::KeyScroll,
        T::HelpPage,
    ),
    bind(&[Home], "", "", Action::Home, T::KeyScroll, T::HelpPage),
    bind(
        &[End, Char('G')],
        "",
        "",
        Action::End,
        T::KeyScroll,
        T::HelpPage,
    ),
];

/// The keys of the cases and delay notices list (`o`).
pub const CASES: &[Binding<Action>] = &[
    bind(
        &[Esc, Char('o'), Char('q')],
        "Esc",
        "",
        Action::ToggleCases,
        T::KeyClose,
        T::HelpEsc,
    ),
    bind(
        &[Up, Char('k')],
        "↑↓",
        "",
        Action::CasesMove(-1),
        T::KeyMove,
        T::HelpMove,
    ),
    bind(
        &[Down, Char('j')],
        "",
        "",
        Action::CasesMove(1),
        T::KeyMove,
        T::HelpMove,
    ),
    bind(
        &[Char('x')],
        "x",
        "x",
        Action::CaseClose,
        T::KeyCaseClose,
        T::HelpCaseClose,
    ),
    bind(
        &[Char('i')],
        "i",
        "i",
        Action::CaseInformed,
        T::KeyInformed,
        T::HelpInformed,
    ),
];

/// Every key of the dashboard, for the help overlay.
pub fn help_keys() -> Vec<(&'static str, T)> {
    keys::help(NORMAL)
}

/// The keys of the complaints list, for the help overlay.
pub fn cases_help_keys() -> Vec<(&'static str, T)> {
    keys::help(CASES)
}

/// The keys of the complaints list, for the help overlay.
pub fn complaints_help_keys() -> Vec<(&'static str, T)> {
    keys::help(COMPLAINTS)
}

pub fn action(app: &App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q')) {
        return Some(Action::Quit);
    }
    match app.mode() {
        Mode::Confirm => match key.code {
            Char('y') | Char('Y') | Enter => Some(Action::Confirm(true)),
            Char('n') | Char('N') | Esc => Some(Action::Confirm(false)),
            _ => None,
        },
        // A callback result's offer of a complaint is taken in one key.
        Mode::Notice if key.code == Char('a') && app.complaints.offer.is_some() => {
            Some(Action::OpenComplaint)
        }
        Mode::Notice => Some(Action::Close),
        Mode::Form => Some(Action::Form(match key.code {
            Tab | Down => FormAction::Next,
            BackTab | Up => FormAction::Prev,
            // The engineer picker (on an engineer field).
            PageDown => FormAction::Pick(1),
            PageUp => FormAction::Pick(-1),
            Char('n') if ctrl => FormAction::Pick(1),
            Char('p') if ctrl => FormAction::Pick(-1),
            Enter => FormAction::Submit,
            Esc => FormAction::Cancel,
            _ => FormAction::Edit(crate::tui::kit::input::Edit::of_key(key)?),
        })),
        Mode::Help => keys::lookup(HELP, key),
        Mode::Chart => match key.code {
            Esc | Char('g') | Char('q') | Enter => Some(Action::ToggleChart),
            Char('?') => Some(Action::ToggleHelp),
            _ => None,
        },
        Mode::Complaints => keys::lookup(COMPLAINTS, key),
        Mode::Cases => keys::lookup(CASES, key),
        Mode::Detail => keys::lookup(DETAIL, key),
        Mode::Jump => match key.code {
            Esc => Some(Action::JumpCancel),
            Enter => Some(Action::JumpDone),
            Backspace => Some(Action::JumpBackspace),
            Char(c) if !ctrl => Some(Action::JumpInput(c)),
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
        Mode::Normal => keys::lookup(NORMAL, key),
    }
}

/// The footer: the keys that work now, for the focused panel, each with a
/// priority (0 always shown; higher left out first when narrow).
pub fn hints(app: &App) -> Vec<keys::Hint> {
    match app.mode() {
        Mode::Confirm => vec![("y", T::KeyYes, 0), ("n/Esc", T::KeyNo, 0)],
        Mode::Notice => vec![("", T::KeyAny, 0)],
        Mode::Form => {
            let mut hints = vec![
                ("Tab", T::KeyNextField, 0),
                ("←→", T::KeyChoose, 0),
                ("Enter", T::KeySave, 0),
                ("Esc", T::KeyCancel, 0),
            ];
            if app.form.as_ref().is_some_and(|f| f.picks_engineer()) {
                hints.insert(1, ("PgDn/PgUp", T::KeyPickEngineer, 0));
            }
            hints
        }
        Mode::Help => {
            use Action as A;
            keys::hints(HELP, &[(A::Down, 1), (A::ToggleHelp, 0)])
        }
        Mode::Chart => vec![("Esc", T::KeyClose, 0)],
        Mode::Complaints => {
            use Action as A;
            keys::hints(
                COMPLAINTS,
                &[
                    (A::ComplaintsMove(-1), 2),
                    (A::OpenComplaint, 1),
                    (A::ComplaintRespond, 0),
                    (A::ComplaintSettle, 0),
                    (A::ToggleComplaints, 0),
                ],
            )
        }
        Mode::Cases => {
            use Action as A;
            keys::hints(
                CASES,
                &[
                    (A::CasesMove(-1), 2),
                    (A::CaseClose, 0),
                    (A::CaseInformed, 0),
                    (A::ToggleCases, 0),
                ],
            )
        }
        Mode::Detail => {
            use Action as A;
            keys::hints(
                DETAIL,
                &[
                    (A::Up, 1),
                    (A::OpenFeedback, 1),
                    (A::OpenCard, 1),
                    (A::OpenVisit, 1),
                    (A::DeliverInvoice, 2),
                    (A::OpenCorrect, 2),
                    (A::Close, 0),
                ],
            )
        }
        Mode::Filter => vec![("Enter", T::KeyDone, 0), ("Esc", T::KeyClear, 0)],
        Mode::Jump => vec![("Enter", T::KeyDetail, 0), ("Esc", T::KeyClose, 0)],
        Mode::Normal => {
            use Action as A;
            let mut h = vec![(A::OpenDetail, 1)];
            match app.focus {
                Panel::Jobs => h.extend([
                    (A::OpenVisit, 1),
                    (A::OpenCard, 1),
                    (A::OpenFeedback, 1),
                    (A::OpenNewJob, 2),
                ]),
                Panel::Callbacks => h.extend([(A::OpenFeedback, 0), (A::OpenVisit, 2)]),
                Panel::Cards => h.extend([(A::OpenCard, 0), (A::OpenVisit, 2)]),
                Panel::Discrepancies => h.extend([(A::OpenResolve, 0), (A::Reconcile, 1)]),
                Panel::Verify => h.extend([(A::MarkVerified, 0), (A::DeliverInvoice, 1)]),
                Panel::Book => h.extend([(A::OpenVisit, 0), (A::OpenCard, 2)]),
            }
            if !app.filter.is_empty() {
                h.push((A::Close, 0));
            }
            h.extend([
                (A::OpenCorrect, 3),
                (A::StartFilter, 2),
                (A::FocusNext, 3),
                (A::ToggleVerify, 3),
                (A::ToggleBook, 3),
                (A::ToggleComplaints, 3),
                (A::ToggleCases, 3),
                (A::ToggleHelp, 0),
                (A::Quit, 0),
            ]);
            keys::hints(NORMAL, &h)
        }
    }
}
