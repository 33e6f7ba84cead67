//! Everything that changes the dashboard: the keymap and the clock make
//! an [`Action`], `App::update` applies it (a feature's own actions go to
//! the feature's state).

use super::model::Panel;
use chrono::{DateTime, FixedOffset};

/// Edits inside a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    Next,
    Prev,
    /// An edit of the focused field (the kit's text editing, or a choice).
    Edit(crate::tui::kit::input::Edit),
    /// The engineer picker: the next (1) or previous (-1) engineer.
    Pick(i8),
    Submit,
    Cancel,
}

/// Everything that changes the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Show or hide the follow-ups on the callbacks panel.
    ToggleFollowups,
    /// The clock moved on: countdowns, colours and order are derived again.
    Tick(DateTime<FixedOffset>),
    /// Re-read the snapshot from the store.
    Refresh,
    /// The timer: re-read if another process changed the database, the day
    /// changed, or the last read is a minute old.
    Poll,
    /// Quit (asks first when a form holds unsaved input).
    Quit,
    FocusNext,
    FocusPrev,
    Focus(Panel),
    ToggleVerify,
    /// The open jobs to book (`b`), and back.
    ToggleBook,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    OpenDetail,
    OpenFeedback,
    OpenCard,
    OpenVisit,
    OpenResolve,
    OpenNewJob,
    /// `E`: correct a record of the selected job (`tui::dashboard::correct`).
    OpenCorrect,
    Reconcile,
    Export,
    DeliverInvoice,
    MarkVerified,
    ToggleHelp,
    ToggleChart,
    /// `#`: type a job number and open it, whichever list it is on.
    StartJump,
    JumpInput(char),
    JumpBackspace,
    JumpDone,
    JumpCancel,
    /// `!`: the next overdue callback, in panel 2.
    NextOverdue,
    StartFilter,
    FilterInput(char),
    FilterBackspace,
    FilterDone,
    ClearFilter,
    /// Esc on an overlay: closes the topmost one.
    Close,
    Form(FormAction),
    Confirm(bool),
    /// The complaints list, a new complaint (from the selected
    /// job, or the one a callback result offered), answer, settle.
    ToggleComplaints,
    OpenComplaint,
    /// A click: the panel focused and its row at that position selected.
    Select(Panel, usize),
    ComplaintRespond,
    ComplaintSettle,
    ComplaintsMove(isize),
    /// Cases for the center and delays to tell.
    ToggleCases,
    CasesMove(isize),
    CaseClose,
    CaseInformed,
}
