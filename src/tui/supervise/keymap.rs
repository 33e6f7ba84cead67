//! The supervisor's keymap: a key press becomes a [`SupAction`] according to
//! what is on screen; the footer's hints come from the same place.

use super::state::{FormEdit, SupAction, SupApp, SupMode, Tab};
use crate::i18n::T;
use crate::tui::kit::keys::{self, Binding, bind};
use KeyCode::*;
use SupAction as A;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub fn action(app: &SupApp, key: KeyEvent) -> Option<SupAction> {
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
        SupMode::Detail => keys::lookup(DETAIL, key),
        SupMode::Normal => keys::lookup(NORMAL, key),
    }
}

/// The supervisor's keys: action, footer and help from one table.
pub const NORMAL: &[Binding<SupAction>] = &[
    bind(
        &[Tab],
        "Tab",
        "Tab 1-6",
        A::NextTab,
        T::KeyPanel,
        T::SupHelpTabs,
    ),
    bind(&[BackTab], "", "", A::PrevTab, T::KeyPanel, T::SupHelpTabs),
    bind(
        &[Char('1')],
        "",
        "",
        A::Tab(Tab::Overdue),
        T::KeyPanel,
        T::SupHelpTabs,
    ),
    bind(
        &[Char('2')],
        "",
        "",
        A::Tab(Tab::Forgeries),
        T::KeyPanel,
        T::SupHelpTabs,
    ),
    bind(
        &[Char('3')],
        "",
        "",
        A::Tab(Tab::Engineers),
        T::KeyPanel,
        T::SupHelpTabs,
    ),
    bind(
        &[Char('4')],
        "",
        "",
        A::Tab(Tab::Chains),
        T::KeyPanel,
        T::SupHelpTabs,
    ),
    bind(
        &[Char('5')],
        "",
        "",
        A::Tab(Tab::Acted),
        T::KeyPanel,
        T::SupHelpTabs,
    ),
    bind(
        &[Char('6')],
        "",
        "",
        A::Tab(Tab::Commitments),
        T::KeyPanel,
        T::SupHelpTabs,
    ),
    bind(
        &[Up, Char('k')],
        "↑↓",
        "↑ ↓  j k",
        A::Up,
        T::KeyMove,
        T::HelpMove,
    ),
    bind(&[Down, Char('j')], "", "", A::Down, T::KeyMove, T::HelpMove),
    bind(&[PageUp], "", "", A::PageUp, T::KeyMove, T::HelpMove),
    bind(&[PageDown], "", "", A::PageDown, T::KeyMove, T::HelpMove),
    bind(&[Home], "", "", A::Home, T::KeyMove, T::HelpMove),
    bind(&[End, Char('G')], "", "", A::End, T::KeyMove, T::HelpMove),
    bind(
        &[Enter],
        "Enter",
        "Enter",
        A::OpenDetail,
        T::KeyDetail,
        T::HelpEnter,
    ),
    bind(
        &[Char('x')],
        "x",
        "x",
        A::Escalate,
        T::SupKeyEscalate,
        T::SupHelpEscalate,
    ),
    bind(
        &[Char('a')],
        "a",
        "a",
        A::Acknowledge,
        T::SupKeyAcknowledge,
        T::SupHelpAcknowledge,
    ),
    bind(
        &[Char('g')],
        "g",
        "g",
        A::CycleGroup,
        T::SupKeyGroup,
        T::SupHelpGroup,
    ),
    bind(
        &[Char('e')],
        "e",
        "e  b",
        A::FilterEngineer,
        T::SupKeyEngineer,
        T::SupHelpFilter,
    ),
    bind(
        &[Char('b')],
        "b",
        "",
        A::FilterBranch,
        T::SupKeyBranch,
        T::SupHelpFilter,
    ),
    bind(&[Esc], "Esc", "Esc", A::Close, T::KeyClear, T::HelpEsc),
    bind(
        &[Char('p')],
        "p",
        "p",
        A::NextPeriod,
        T::SupKeyPeriod,
        T::SupHelpPeriod,
    ),
    bind(
        &[Char('s'), Right],
        "←→",
        "← →  s S",
        A::NextMeasure,
        T::SupKeyMeasure,
        T::SupHelpMeasure,
    ),
    bind(
        &[Char('S'), Left],
        "",
        "",
        A::PrevMeasure,
        T::SupKeyMeasure,
        T::SupHelpMeasure,
    ),
    bind(
        &[Char('w')],
        "",
        "w  M",
        A::ExportSummary(crate::domain::voice::Period::Week),
        T::SupKeySummary,
        T::SupHelpSummary,
    ),
    bind(
        &[Char('M')],
        "",
        "",
        A::ExportSummary(crate::domain::voice::Period::Month),
        T::SupKeySummary,
        T::SupHelpSummary,
    ),
    bind(
        &[Char('r')],
        "r",
        "r",
        A::ReverseSort,
        T::SupKeyReverse,
        T::SupHelpReverse,
    ),
    bind(
        &[Char('?')],
        "?",
        "?",
        A::ToggleHelp,
        T::KeyHelp,
        T::HelpHelp,
    ),
    bind(
        &[Char('q')],
        "q",
        "q  Ctrl-C",
        A::Quit,
        T::KeyQuit,
        T::HelpQuit,
    ),
];

/// The keys of a job's timeline.
pub const DETAIL: &[Binding<SupAction>] = &[
    bind(
        &[Esc, Enter, Char('q')],
        "Esc",
        "",
        A::Close,
        T::KeyClose,
        T::HelpEsc,
    ),
    bind(&[Up, Char('k')], "↑↓", "", A::Up, T::KeyScroll, T::HelpMove),
    bind(
        &[Down, Char('j')],
        "",
        "",
        A::Down,
        T::KeyScroll,
        T::HelpMove,
    ),
    bind(&[PageUp], "", "", A::PageUp, T::KeyScroll, T::HelpMove),
    bind(&[PageDown], "", "", A::PageDown, T::KeyScroll, T::HelpMove),
    bind(
        &[Char('?')],
        "?",
        "",
        A::ToggleHelp,
        T::KeyHelp,
        T::HelpHelp,
    ),
];

/// Every key of the supervisor's screen, for the help overlay.
pub fn help_keys() -> Vec<(&'static str, T)> {
    keys::help(NORMAL)
}

/// The footer: (key, label, priority; higher is left out first).
pub fn hints(app: &SupApp) -> Vec<keys::Hint> {
    match app.mode() {
        SupMode::Form => vec![
            ("Tab", T::KeyNextField, 0),
            ("Enter", T::KeySave, 0),
            ("Esc", T::KeyCancel, 0),
        ],
        SupMode::Help => vec![("Esc", T::KeyClose, 0)],
        SupMode::Detail => keys::hints(DETAIL, &[(A::Up, 1), (A::Close, 0)]),
        SupMode::Normal => {
            let mut h = Vec::new();
            match app.tab {
                Tab::Overdue => h.extend([
                    (A::Escalate, 0),
                    (A::Acknowledge, 0),
                    (A::OpenDetail, 1),
                    (A::CycleGroup, 1),
                    (A::FilterEngineer, 2),
                    (A::FilterBranch, 3),
                ]),
                Tab::Commitments => {
                    h.extend([(A::Escalate, 0), (A::Acknowledge, 0), (A::OpenDetail, 1)])
                }
                Tab::Forgeries | Tab::Chains | Tab::Acted => h.extend([
                    (A::Escalate, 0),
                    (A::Acknowledge, 0),
                    (A::OpenDetail, 1),
                    (A::NextPeriod, 2),
                ]),
                Tab::Engineers => {
                    h.extend([(A::NextMeasure, 0), (A::ReverseSort, 1), (A::NextPeriod, 0)])
                }
            }
            // A center holds reports only: escalating and acknowledging
            // are done at the branch, so the footer does not offer them
            // (the keys still say where to do it).
            if app.snap.center.is_some() {
                h.retain(|(a, _)| !matches!(a, A::Escalate | A::Acknowledge));
            }
            if app.filter != crate::domain::overdue::OverdueFilter::default() {
                h.push((A::Close, 0));
            }
            h.extend([(A::NextTab, 3), (A::ToggleHelp, 0), (A::Quit, 0)]);
            keys::hints(NORMAL, &h)
        }
    }
}
