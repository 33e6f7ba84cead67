//! The dashboard's state and the one place that changes it:
//! [`App::update`] takes an [`Action`] (from the keymap or the clock) and
//! calls the `Desk` operations. Drawing only reads this state.

pub use super::action::{Action, FormAction};
use super::form::{FieldId, Form, FormKind, Parsed};
use super::loader::{Done, Gone, Loader, Request, Setup};
use super::model::{Ctx, Loaded, Outcome, load};
pub use super::model::{HISTORY_DAYS, Marks, Panel, VerifyEntry, countdown, hours_minutes};
use crate::desk::{DayCallbacks, Desk, DeskError, JobDetail, StatusReport};
use crate::domain::callback::{Urgency, urgency};
use crate::domain::card::SignedBy;
use crate::domain::reconcile::DiscrepancyStatus;
use crate::domain::time::{Ts, short};
use crate::i18n::{Lang, T, code, tr, trf};
use crate::store::escalations::EscalationRow;
use crate::store::jobs::SearchFields;
use chrono::{DateTime, Duration, FixedOffset};
use std::collections::HashMap;
use std::time::{Duration as Elapsed, Instant};

/// One list's rows after filter and sort, and its selection.
#[derive(Debug, Clone, Default)]
pub struct ListView {
    /// Indices into the snapshot's list (for `Verify`, into `verify`).
    pub rows: Vec<usize>,
    pub selected: usize,
    /// The selected item's identity, so that the selection follows the item
    /// when the list re-sorts.
    pub(super) key: Option<String>,
    /// The columns' widths over every row, for a list of a branch's size,
    /// measured (in that language) when the data or the list change, not
    /// when drawn.
    pub(super) widths: Option<(Lang, Vec<u16>)>,
}

/// Which lists on screen [`App::measure`] measures again: all of them
/// (the data or the lists changed), those whose cells follow the clock (a
/// tick), or only those not measured yet (another panel shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    All,
    Clock,
    Missing,
}

/// The timed callbacks pending, and those overdue now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallbackCounts {
    pub timed: usize,
    pub overdue: usize,
}

/// A job's facts shown above a form's fields.
struct FormContext {
    line: String,
    out_of_warranty: bool,
}

#[derive(Debug, Clone)]
pub struct DetailView {
    pub detail: JobDetail,
    pub scroll: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmAction {
    /// Save the visit form whose outcome cancels the job.
    CancelJob,
    Quit,
    /// Record the selected job's owed invoice as delivered (asked: it
    /// takes the job off the list of invoices owed).
    DeliverInvoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirm {
    pub question: T,
    pub action: ConfirmAction,
}

pub use crate::tui::kit::message::Message;

/// What the keymap should read keys as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Confirm,
    Notice,
    Form,
    Help,
    Chart,
    Complaints,
    Cases,
    Detail,
    Filter,
    /// Typing a job number to open (`#`).
    Jump,
    Normal,
}

/// The features' view of an `App` (a macro, not a method: the fields are
/// borrowed one by one, so that a feature's own state and the desk can be
/// borrowed mutably beside it).
macro_rules! cx {
    ($app:expr) => {
        Ctx {
            lang: $app.lang,
            now: $app.now,
            zone: $app.desk.zone,
            report: &$app.report,
            marks: &$app.marks,
            search: &$app.search,
        }
    };
}

/// Rows moved by PgUp / PgDn.
const PAGE: usize = 10;

pub struct App<'d> {
    pub desk: &'d mut Desk,
    pub lang: Lang,
    pub now: DateTime<FixedOffset>,
    /// Where `e` writes the daily report (`exports/`, as the CLI).
    pub export_dir: std::path::PathBuf,
    pub report: StatusReport,
    pub history: Vec<DayCallbacks>,
    search: HashMap<String, SearchFields>,
    pub marks: Marks,
    pub focus: Panel,
    /// The main panel to go back to from *to verify* or *to book*.
    last_main: Panel,
    pub lists: [ListView; 6],
    pub verify: Vec<VerifyEntry>,
    /// The timed callbacks pending (follow-ups aside) and how many of them
    /// are overdue now, for the header and the panel's title.
    pub callback_counts: CallbackCounts,
    pub filter: String,
    pub filter_editing: bool,
    /// The job number typed after `#`, while typing it.
    pub jump: Option<String>,
    pub help: bool,
    /// Lines the help is scrolled by, and the most it can be at the size
    /// last drawn (the view sets it: the help scrolls when it does not fit).
    pub help_scroll: usize,
    pub help_max: std::cell::Cell<usize>,
    pub chart: bool,
    /// The callbacks panel lists the follow-ups too, after the timed
    /// callbacks (`F`).
    pub followups: bool,
    pub detail: Option<DetailView>,
    pub form: Option<Form>,
    pub confirm: Option<Confirm>,
    pub notice: Option<Vec<String>>,
    pub message: Option<Message>,
    /// The complaints list when open, and the complaint a
    /// callback result offers to open with one key.
    pub complaints: super::complaints::ComplaintsPanel,
    /// The cases and delay notices list when open.
    pub cases: super::cases::CasesPanel,
    pub should_quit: bool,
    /// The clerk said yes to cancelling the job (while its form saves).
    cancel_confirmed: bool,
    /// A list whose selection stays at this row (not with its item) when
    /// the next read comes in.
    hold: Option<(Panel, usize)>,
    /// `PRAGMA data_version` and the time of the last read.
    data_version: i64,
    loaded_at: DateTime<FixedOffset>,
    /// How long the last read of the snapshot took; from
    /// `background_from` on, reads go to the background loader.
    last_load: Elapsed,
    background_from: Elapsed,
    /// How long a key that writes waits for the read after a save.
    settle_for: Elapsed,
    /// The background loader (file databases only), started the first
    /// time a read is slow.
    loader: Option<Loader>,
    /// The loader could not start or its worker is gone: synchronous reads
    /// from then on.
    loader_failed: bool,
    /// The id of the last request sent to the loader, and of the last read
    /// taken in (a synchronous read counts as newer than every request).
    last_request: u64,
    last_applied: u64,
    /// The read the loader is doing for the screen, if any.
    pending: Option<Pending>,
}

/// A read asked of the background loader and not yet taken in.
#[derive(Debug, Clone, Copy)]
struct Pending {
    id: u64,
    /// This connection's `PRAGMA data_version` when it was asked (the
    /// worker's own connection counts differently): a change after that is
    /// seen by the next poll.
    data_version: i64,
    /// Asked after the clerk's own change: the snapshot on screen does not
    /// show it yet.
    after_write: bool,
}

/// The timer re-reads at least this often, changed or not.
const RELOAD_SECONDS: i64 = 60;
/// A read of the snapshot faster than this stays synchronous: the lists
/// are right the moment a save returns. Slower reads (about 100,000 open
/// items) go to the background loader and keys keep working meanwhile.
pub const BACKGROUND_FROM: Elapsed = Elapsed::from_millis(50);
/// How long a key that writes waits for the read following the clerk's own
/// change before it is refused (see [`App::settle`]).
const SETTLE: Elapsed = Elapsed::from_secs(3);

impl<'d> App<'d> {
    /// Reads the first snapshot; a database that cannot be read is an error
    /// before the terminal is touched.
    pub fn new(
        desk: &'d mut Desk,
        lang: Lang,
        now: DateTime<FixedOffset>,
    ) -> Result<App<'d>, DeskError> {
        let started = Instant::now();
        let Loaded {
            data_version,
            report,
            search,
            history,
            escalated,
            ..
        } = load(desk, now, None)?;
        let last_load = started.elapsed();
        let mut app = App {
            desk,
            lang,
            now,
            export_dir: std::path::PathBuf::from("exports"),
            report,
            history: Vec::new(),
            search: HashMap::new(),
            marks: Marks::default(),
            focus: Panel::Jobs,
            last_main: Panel::Jobs,
            lists: Default::default(),
            verify: Vec::new(),
            callback_counts: CallbackCounts::default(),
            filter: String::new(),
            filter_editing: false,
            jump: None,
            help: false,
            help_scroll: 0,
            help_max: Default::default(),
            chart: false,
            followups: false,
            detail: None,
            form: None,
            confirm: None,
            notice: None,
            message: None,
            complaints: Default::default(),
            cases: Default::default(),
            should_quit: false,
            cancel_confirmed: false,
            hold: None,
            data_version: 0,
            loaded_at: now,
            last_load,
            background_from: BACKGROUND_FROM,
            settle_for: SETTLE,
            loader: None,
            loader_failed: false,
            last_request: 0,
            last_applied: 0,
            pending: None,
        };
        app.apply(data_version, now, search, history, None, escalated);
        app.derive();
        if app.last_load >= app.background_from {
            // Started now, so that the worker's open (with its integrity
            // check) is over before the first refresh needs it.
            app.loader();
        }
        Ok(app)
    }

    /// Reads taking at least `d` go to the background loader (file
    /// databases only); `Duration::ZERO` sends every read there (tests,
    /// `cargo bench`).
    pub fn set_background_from(&mut self, d: Elapsed) {
        self.background_from = d;
    }

    /// How long a key that writes waits for the read after a save (tests
    /// make the refusal certain with `Duration::ZERO`).
    #[cfg(test)]
    pub(super) fn set_settle_for(&mut self, d: Elapsed) {
        self.settle_for = d;
    }

    /// A read of the snapshot is under way in the background: the screen
    /// shows the current one and says it is refreshing.
    pub fn refreshing(&self) -> bool {
        self.pending.is_some()
    }

    /// The background loader, started if needed; `None` for an in-memory
    /// database or when it could not be started.
    fn loader(&mut self) -> Option<&Loader> {
        if self.loader.is_none() && !self.loader_failed {
            let path = self.desk.store.path().to_path_buf();
            if path.as_os_str() == ":memory:" {
                return None;
            }
            match Loader::spawn(Setup {
                path,
                zone: self.desk.zone,
                cutoff: self.desk.cutoff,
                operator: self.desk.operator.clone(),
            }) {
                Ok(l) => self.loader = Some(l),
                Err(_) => self.loader_failed = true,
            }
        }
        self.loader.as_ref()
    }

    /// The worker is gone: read synchronously from now on (and now, if a
    /// read was pending).
    fn loader_gone(&mut self) {
        self.loader = None;
        self.loader_failed = true;
        if let Some(p) = self.pending.take() {
            self.reload(p.after_write);
        }
    }

    /// Takes in the loader's finished reads, if any (the run loop calls
    /// this on every turn).
    pub fn idle(&mut self) {
        while self.pending.is_some() {
            match self.loader.as_ref().map(Loader::try_take) {
                Some(Ok(Some(done))) => self.take_in(done),
                Some(Ok(None)) => return,
                Some(Err(Gone)) | None => self.loader_gone(),
            }
        }
    }

    /// A finished read from the loader. Reads finish in the order they were
    /// asked, so one asked before the newest is still newer than what is
    /// shown: it is shown, and the newest stays pending.
    fn take_in(&mut self, done: Done) {
        let Some(p) = self.pending else {
            return;
        };
        if done.id <= self.last_applied {
            return;
        }
        self.last_applied = done.id;
        self.last_load = done.took;
        let newest = done.id == p.id;
        if newest {
            self.pending = None;
        }
        match done.result {
            Ok(l) => {
                self.report = l.report;
                // The version this connection saw when the newest was
                // asked; for an older read, the version shown so far (older
                // still): the poll may read once more, never once less.
                let version = if newest {
                    p.data_version
                } else {
                    self.data_version
                };
                self.apply(
                    version,
                    done.now,
                    l.search,
                    l.history,
                    l.detail,
                    l.escalated,
                );
            }
            Err(e) => {
                let text = self.desk_error(&e);
                self.warn(text);
            }
        }
        self.derive();
    }

    /// Before a key that writes: the read that follows the clerk's own
    /// change is waited for (at most [`SETTLE`]) and taken in, so that the
    /// action works on the snapshot that shows that change. `false` when
    /// it did not come in time.
    ///
    /// Why wait rather than refuse at once: the clerk who logs a callback
    /// and presses the next key straight away means it for the list as it
    /// is after the save (the logged callback gone, the re-visit there).
    /// Waiting costs at most what the old synchronous refresh cost after
    /// every save, and only when a key follows a save that closely; a
    /// refusal would make the clerk press again for nothing. Only a read
    /// slower than [`SETTLE`] is refused, with a message to try again. A
    /// read asked by the timer is not waited for: the snapshot on screen
    /// is no older than it always was between two polls.
    fn settle(&mut self) -> bool {
        let deadline = Instant::now() + self.settle_for;
        while self.pending.is_some_and(|p| p.after_write) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            match self.loader.as_ref().map(|l| l.wait(left)) {
                Some(Ok(Some(done))) => self.take_in(done),
                Some(Ok(None)) => return false,
                Some(Err(Gone)) | None => self.loader_gone(),
            }
        }
        true
    }

    pub fn mode(&self) -> Mode {
        if self.confirm.is_some() {
            Mode::Confirm
        } else if self.notice.is_some() {
            Mode::Notice
        } else if self.form.is_some() {
            Mode::Form
        } else if self.help {
            Mode::Help
        } else if self.chart {
            Mode::Chart
        } else if self.complaints.is_open() {
            Mode::Complaints
        } else if self.cases.is_open() {
            Mode::Cases
        } else if self.detail.is_some() {
            Mode::Detail
        } else if self.filter_editing {
            Mode::Filter
        } else if self.jump.is_some() {
            Mode::Jump
        } else {
            Mode::Normal
        }
    }

    pub fn now_ts(&self) -> Ts {
        self.now.to_utc()
    }

    /// What the features read of this state.
    pub fn cx(&self) -> Ctx<'_> {
        cx!(self)
    }

    /// Does what a feature asked after an action on its own state.
    fn apply_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Nothing => {}
            Outcome::Form(form) => self.form = Some(form),
            Outcome::Say(text) => self.say(text),
            Outcome::Warn(text) => self.warn(text),
            Outcome::Saved(text) => {
                self.say(text);
                self.refresh_after_write();
            }
        }
    }

    fn t(&self, t: T) -> &'static str {
        tr(self.lang, t)
    }

    pub(super) fn say(&mut self, text: String) {
        self.message = Some(Message {
            text,
            error: false,
            at: self.now,
        });
    }

    pub(super) fn warn(&mut self, text: String) {
        self.message = Some(Message {
            text,
            error: true,
            at: self.now,
        });
    }

    pub(super) fn desk_error(&self, e: &DeskError) -> String {
        crate::desk::said::desk_error(self.lang, e)
    }

    pub fn update(&mut self, action: Action) {
        let form_was_open = self.form.is_some();
        self.apply_action(action);
        // A form just opened starts with a clean message line: what was said
        // before is not about it (its own refusals come after).
        if !form_was_open && self.form.is_some() {
            self.message = None;
        }
    }

    fn apply_action(&mut self, action: Action) {
        let writes = matches!(
            action,
            Action::OpenFeedback
                | Action::OpenCard
                | Action::OpenVisit
                | Action::OpenResolve
                | Action::OpenNewJob
                | Action::Reconcile
                | Action::Export
                | Action::DeliverInvoice
                | Action::MarkVerified
                | Action::OpenComplaint
                | Action::ComplaintRespond
                | Action::ComplaintSettle
                | Action::CaseClose
                | Action::CaseInformed
        );
        if writes && !self.settle() {
            return self.warn(self.t(T::MsgStillRefreshing).to_string());
        }
        match action {
            Action::Tick(now) => {
                self.now = now;
                if self.message.as_ref().is_some_and(|m| m.expired(now)) {
                    self.message = None;
                    // The offer lasts as long as the message that made it.
                    self.complaints.offer = None;
                }
                self.derive_at(Measure::Clock);
            }
            Action::Refresh => self.refresh(),
            Action::Poll => {
                let version = self.desk.data_version().ok();
                if let Some(p) = self.pending {
                    // A read is on its way; only a change since it was
                    // asked needs another.
                    if version != Some(p.data_version) {
                        self.refresh();
                    }
                    return;
                }
                let changed = version != Some(self.data_version);
                if changed
                    || self.now.date_naive() != self.report.date
                    || self.now - self.loaded_at >= Duration::seconds(RELOAD_SECONDS)
                {
                    self.refresh();
                }
            }
            Action::Quit => {
                if self.form.as_ref().is_some_and(|f| f.dirty) {
                    self.confirm = Some(Confirm {
                        question: T::ConfirmQuit,
                        action: ConfirmAction::Quit,
                    });
                } else {
                    self.should_quit = true;
                }
            }
            Action::FocusNext | Action::FocusPrev => {
                let i = Panel::MAIN
                    .iter()
                    .position(|p| *p == self.focus)
                    .unwrap_or(self.last_main.index());
                let step = if action == Action::FocusNext {
                    if self.focus.is_full_screen() { 0 } else { 1 }
                } else if self.focus.is_full_screen() {
                    0
                } else {
                    3
                };
                self.set_focus(Panel::MAIN[(i + step) % 4]);
            }
            Action::Focus(p) => self.set_focus(p),
            Action::Select(p, pos) => {
                self.set_focus(p);
                let list = &self.lists[p.index()];
                if pos < list.rows.len() {
                    let by = pos as isize - list.selected as isize;
                    self.move_by(by);
                }
            }
            Action::ToggleVerify => {
                let p = if self.focus == Panel::Verify {
                    self.last_main
                } else {
                    Panel::Verify
                };
                self.set_focus(p);
            }
            Action::ToggleBook => {
                let p = if self.focus == Panel::Book {
                    self.last_main
                } else {
                    Panel::Book
                };
                self.set_focus(p);
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(PAGE as isize)),
            Action::PageDown => self.move_by(PAGE as isize),
            Action::Home => self.move_by(isize::MIN / 2),
            Action::End => self.move_by(isize::MAX / 2),
            Action::OpenDetail => self.open_detail(),
            Action::OpenFeedback => self.open_feedback(),
            Action::OpenCard => self.open_card(),
            Action::OpenVisit => self.open_visit(),
            Action::OpenResolve => self.open_resolve(),
            Action::OpenNewJob => {
                let branch = self.report.branch.clone().unwrap_or_default();
                self.form = Some(Form::new_job(&branch));
            }
            Action::OpenCorrect => self.open_correct(),
            Action::Reconcile => self.reconcile(),
            Action::Export => self.export(),
            Action::DeliverInvoice => self.deliver_invoice(),
            Action::MarkVerified => self.mark_verified(),
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::ToggleChart => self.chart = !self.chart,
            Action::StartJump => self.jump = Some(String::new()),
            Action::JumpInput(c) => {
                if let Some(j) = &mut self.jump {
                    j.push(c);
                }
            }
            Action::JumpBackspace => {
                if let Some(j) = &mut self.jump {
                    j.pop();
                }
            }
            Action::JumpCancel => self.jump = None,
            Action::JumpDone => {
                let job = self.jump.take().unwrap_or_default().trim().to_string();
                if !job.is_empty() {
                    self.open_detail_of(&job);
                }
            }
            Action::NextOverdue => self.next_overdue(),
            Action::ToggleFollowups => {
                self.followups = !self.followups;
                self.derive();
            }
            Action::StartFilter => self.filter_editing = true,
            Action::FilterInput(c) => {
                self.filter.push(c);
                self.derive();
            }
            Action::FilterBackspace => {
                self.filter.pop();
                self.derive();
            }
            Action::FilterDone => self.filter_editing = false,
            Action::ClearFilter => {
                self.filter.clear();
                self.filter_editing = false;
                self.derive();
            }
            Action::Close => {
                if self.notice.is_some() {
                    self.notice = None;
                } else if self.help {
                    self.help = false;
                } else if self.chart {
                    self.chart = false;
                } else if self.complaints.is_open() {
                    self.complaints.close();
                } else if self.cases.is_open() {
                    self.cases.close();
                } else if self.detail.is_some() {
                    self.detail = None;
                } else if !self.filter.is_empty() {
                    self.update(Action::ClearFilter);
                }
            }
            Action::Form(fa) => self.form_action(fa),
            Action::Confirm(yes) => {
                if let Some(c) = self.confirm.take()
                    && yes
                {
                    match c.action {
                        ConfirmAction::CancelJob => {
                            self.cancel_confirmed = true;
                            self.submit_form();
                            self.cancel_confirmed = false;
                        }
                        ConfirmAction::Quit => self.should_quit = true,
                        ConfirmAction::DeliverInvoice => self.deliver_invoice_confirmed(),
                    }
                }
            }
            Action::ToggleComplaints
            | Action::OpenComplaint
            | Action::ComplaintRespond
            | Action::ComplaintSettle
            | Action::ComplaintsMove(_) => {
                // A new complaint taken from the offer answers the notice
                // that made it.
                if action == Action::OpenComplaint && self.complaints.offer.is_some() {
                    self.notice = None;
                }
                let selected_job = self.selected_job();
                let outcome = self
                    .complaints
                    .update(action, &cx!(self), self.desk, selected_job);
                self.apply_outcome(outcome);
            }
            Action::ToggleCases
            | Action::CasesMove(_)
            | Action::CaseClose
            | Action::CaseInformed => {
                let outcome = self.cases.update(action, &cx!(self), self.desk);
                self.apply_outcome(outcome);
            }
        }
    }

    fn set_focus(&mut self, p: Panel) {
        if !p.is_full_screen() {
            self.last_main = p;
        }
        self.focus = p;
        self.measure(Measure::Missing);
    }

    fn move_by(&mut self, by: isize) {
        if self.help {
            let max = self.help_max.get() as isize;
            self.help_scroll =
                (self.help_scroll as isize).saturating_add(by).clamp(0, max) as usize;
            return;
        }
        if let Some(d) = &mut self.detail {
            let by = by.clamp(-1000, 1000);
            d.scroll = (d.scroll as isize + by).clamp(0, 1000) as u16;
            return;
        }
        let list = &mut self.lists[self.focus.index()];
        if list.rows.is_empty() {
            return;
        }
        let last = list.rows.len() as isize - 1;
        list.selected = (list.selected as isize).saturating_add(by).clamp(0, last) as usize;
        let key = self.key_of(self.focus, list_selected(&self.lists[self.focus.index()]));
        self.lists[self.focus.index()].key = key;
    }

    // ---- Snapshot and derived views -------------------------------------

    /// Re-reads the snapshot, the filter's search fields and the history
    /// from the store (on the timer, or when asked).
    pub fn refresh(&mut self) {
        self.reload(false)
    }

    /// Re-reads after the clerk's own change.
    pub(super) fn refresh_after_write(&mut self) {
        self.reload(true)
    }

    /// Reads synchronously when the last read was fast (or the database is
    /// in memory); else asks the background loader and returns at once, the
    /// screen showing the current snapshot until [`App::idle`] takes the
    /// new one in.
    fn reload(&mut self, after_write: bool) {
        let job = self.detail.as_ref().map(|d| d.detail.job.job_no.clone());
        if self.last_load >= self.background_from && self.loader().is_some() {
            match self.desk.data_version() {
                Ok(data_version) => {
                    let id = self.last_request + 1;
                    let request = Request {
                        id,
                        now: self.now,
                        detail_job: job.clone(),
                    };
                    match self.loader.as_ref().map(|l| l.send(request)) {
                        Some(Ok(())) => {
                            self.last_request = id;
                            let after_write =
                                after_write || self.pending.is_some_and(|p| p.after_write);
                            self.pending = Some(Pending {
                                id,
                                data_version,
                                after_write,
                            });
                            return;
                        }
                        Some(Err(Gone)) | None => {
                            self.loader = None;
                            self.loader_failed = true;
                        }
                    }
                }
                Err(e) => {
                    let text = self.desk_error(&e);
                    self.warn(text);
                    return;
                }
            }
        }
        let started = Instant::now();
        match load(self.desk, self.now, job.as_deref()) {
            Ok(l) => {
                self.report = l.report;
                let at = self.now;
                self.apply(
                    l.data_version,
                    at,
                    l.search,
                    l.history,
                    l.detail,
                    l.escalated,
                );
            }
            Err(e) => {
                let text = self.desk_error(&e);
                self.warn(text);
            }
        }
        self.last_load = started.elapsed();
        // Newer than every read asked so far: those are dropped.
        self.pending = None;
        self.last_applied = self.last_request;
        self.derive();
    }

    /// Takes in a read (the report is already in place) and derives the
    /// marks from it.
    fn apply(
        &mut self,
        data_version: i64,
        at: DateTime<FixedOffset>,
        search: HashMap<String, SearchFields>,
        history: Vec<DayCallbacks>,
        detail: Option<JobDetail>,
        escalated: Vec<EscalationRow>,
    ) {
        self.data_version = data_version;
        self.loaded_at = at;
        if let Some((p, pos)) = self.hold.take() {
            let list = &mut self.lists[p.index()];
            list.selected = pos;
            list.key = None;
        }
        self.search = search;
        self.history = history;
        // A background read may come back after the detail was closed or
        // another job opened.
        if let (Some(d), Some(new)) = (&mut self.detail, detail)
            && d.detail.job.job_no == new.job.job_no
        {
            d.detail = new;
        }
        let r = &self.report;
        self.marks = Marks {
            late: r
                .today_jobs
                .iter()
                .filter(|j| j.late_flag)
                .map(|j| (j.job_no.clone(), j.late_minutes.unwrap_or(0)))
                .collect(),
            invoice_owed: r.invoices_owed.iter().map(|i| i.job_no.clone()).collect(),
            loaner_late: r
                .loaner_returns
                .iter()
                .filter(|r| r.overdue)
                .map(|r| r.job_no.clone())
                .collect(),
            escalated_callbacks: escalated
                .iter()
                .filter_map(|e| Some((e.job_no.clone(), e.callback_due?.timestamp())))
                .collect(),
            escalated_discrepancies: escalated
                .iter()
                .filter_map(|e| Some((e.job_no.clone(), e.discrepancy_kind?)))
                .collect(),
            complaint: r
                .complaints
                .iter()
                .filter_map(|c| c.job_no.clone())
                .collect(),
            onsite_late: r
                .response_overdue
                .iter()
                .map(|o| o.job_no.clone())
                .collect(),
            conflict: r
                .conflicts
                .iter()
                .flat_map(|c| c.job_nos.iter().cloned())
                .collect(),
            repeat: r.repeats.iter().map(|x| x.job_no.clone()).collect(),
        };
    }

    /// Filter, order, selection and column widths of every list, from the
    /// snapshot and the current `now`.
    pub fn derive(&mut self) {
        self.derive_at(Measure::All);
    }

    /// [`Self::derive`]; on a tick (the callbacks re-sort as time passes)
    /// only the lists whose cells follow the clock are measured again.
    fn derive_at(&mut self, measure: Measure) {
        let needle = self.filter.trim().to_lowercase();
        let r = &self.report;
        let jobs: Vec<usize> = (0..r.today_jobs.len())
            .filter(|&i| {
                let j = &r.today_jobs[i];
                needle.is_empty()
                    || [
                        &j.job_no,
                        &j.customer,
                        &j.phone,
                        &j.engineer,
                        &j.product_model,
                    ]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&needle))
            })
            .collect();
        let now = self.now_ts();
        self.callback_counts = CallbackCounts {
            timed: r.callbacks_pending.iter().filter(|c| !c.followup).count(),
            overdue: r
                .callbacks_pending
                .iter()
                .filter(|c| !c.followup && crate::domain::callback::is_overdue(c.due_ts, now))
                .count(),
        };
        let mut callbacks: Vec<usize> = (0..r.callbacks_pending.len())
            .filter(|&i| self.followups || !r.callbacks_pending[i].followup)
            .filter(|&i| self.matches(&needle, &r.callbacks_pending[i].job_no))
            .collect();
        callbacks.sort_by_key(|&i| {
            let c = &r.callbacks_pending[i];
            (
                c.followup,
                std::cmp::Reverse(urgency(c.started_ts, c.due_ts, now)),
                c.due_ts,
                c.job_no.clone(),
            )
        });
        let cards: Vec<usize> = (0..r.cards_awaiting_signature.len())
            .filter(|&i| self.matches(&needle, &r.cards_awaiting_signature[i].job_no))
            .collect();
        let discs: Vec<usize> = (0..r.discrepancies.len())
            .filter(|&i| self.matches(&needle, &r.discrepancies[i].job_no))
            .collect();
        let mut verify = Vec::new();
        for (i, v) in r.to_verify.iter().enumerate() {
            if self.matches(&needle, &v.job_no) {
                verify.push(VerifyEntry::Missing(i));
            }
        }
        for (i, c) in r.conflicts.iter().enumerate() {
            if c.job_nos.iter().any(|j| self.matches(&needle, j)) {
                verify.push(VerifyEntry::Conflict(i));
            }
        }
        for (i, v) in r.invoices_owed.iter().enumerate() {
            if self.matches(&needle, &v.job_no) {
                verify.push(VerifyEntry::Invoice(i));
            }
        }
        for (i, v) in r.loaner_returns.iter().enumerate() {
            if self.matches(&needle, &v.job_no) {
                verify.push(VerifyEntry::Loaner(i));
            }
        }
        let verify_rows = (0..verify.len()).collect();
        self.verify = verify;
        let book = super::book::rows(r, &needle);
        for (i, rows) in [jobs, callbacks, cards, discs, verify_rows, book]
            .into_iter()
            .enumerate()
        {
            self.lists[i].rows = rows;
        }
        for p in Panel::ALL {
            let key = self.lists[p.index()].key.clone();
            // Most ticks change nothing: look where the item was first.
            let at = self.lists[p.index()].selected;
            let found = key.and_then(|k| {
                let is_k = |pos: usize| self.key_of(p, Some(pos)).as_deref() == Some(k.as_str());
                if is_k(at) {
                    Some(at)
                } else {
                    (0..self.lists[p.index()].rows.len()).find(|&pos| is_k(pos))
                }
            });
            let list = &mut self.lists[p.index()];
            list.selected = match found {
                Some(pos) => pos,
                None => list.selected.min(list.rows.len().saturating_sub(1)),
            };
            let key = self.key_of(p, list_selected(&self.lists[p.index()]));
            self.lists[p.index()].key = key;
        }
        self.measure(measure);
    }

    /// Shows the screens in `lang`: the lists on screen are measured again
    /// in it (a column's width follows its words).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
        self.measure(Measure::All);
    }

    /// The column widths of the lists on screen (those not shown are
    /// measured when they are).
    fn measure(&mut self, measure: Measure) {
        for p in Panel::ALL {
            let shown = if self.focus.is_full_screen() {
                p == self.focus
            } else {
                !p.is_full_screen()
            };
            let list = &self.lists[p.index()];
            let again = match measure {
                Measure::All => true,
                Measure::Clock => super::rows::follows_the_clock(p) || list.widths.is_none(),
                Measure::Missing => list.widths.is_none(),
            };
            if !shown {
                self.lists[p.index()].widths = None;
            } else if again {
                let widths = super::rows::measure_all(p, cx!(self), &self.verify, &list.rows);
                self.lists[p.index()].widths = widths.map(|w| (self.lang, w));
            }
        }
    }

    /// Whether a job matches the filter (job number, customer, phone,
    /// engineer or model).
    fn matches(&self, needle: &str, job_no: &str) -> bool {
        if needle.is_empty() || job_no.to_lowercase().contains(needle) {
            return true;
        }
        let fields = self.search.get(job_no);
        let today = self.report.today_jobs.iter().find(|j| j.job_no == job_no);
        fields.is_some_and(|s| {
            [&s.customer, &s.phone, &s.engineer, &s.product_model]
                .iter()
                .any(|f| f.to_lowercase().contains(needle))
        }) || today.is_some_and(|j| {
            [&j.customer, &j.phone, &j.engineer, &j.product_model]
                .iter()
                .any(|f| f.to_lowercase().contains(needle))
        })
    }

    /// The identity of the item at a row of a panel.
    fn key_of(&self, p: Panel, pos: Option<usize>) -> Option<String> {
        let i = *self.lists[p.index()].rows.get(pos?)?;
        let r = &self.report;
        Some(match p {
            Panel::Jobs => r.today_jobs[i].job_no.clone(),
            Panel::Callbacks => {
                let c = &r.callbacks_pending[i];
                format!("{} {}", c.job_no, c.due_ts.timestamp())
            }
            Panel::Cards => r.cards_awaiting_signature[i].job_no.clone(),
            Panel::Discrepancies => {
                let d = &r.discrepancies[i];
                format!("{} {}", d.job_no, d.kind)
            }
            Panel::Verify => format!("{:?} {}", self.verify[i], self.verify_job_no(i)),
            Panel::Book => r.open_jobs[i].job_no.clone(),
        })
    }

    fn verify_job_no(&self, i: usize) -> String {
        let r = &self.report;
        match self.verify[i] {
            VerifyEntry::Missing(k) => r.to_verify[k].job_no.clone(),
            VerifyEntry::Conflict(k) => r.conflicts[k].job_no.clone(),
            VerifyEntry::Invoice(k) => r.invoices_owed[k].job_no.clone(),
            VerifyEntry::Loaner(k) => r.loaner_returns[k].job_no.clone(),
        }
    }

    /// The index into the snapshot's list of the focused panel's selection.
    pub fn selected_index(&self, p: Panel) -> Option<usize> {
        let l = &self.lists[p.index()];
        l.rows.get(l.selected).copied()
    }

    /// The job the keys act on: the one in the detail, else the selection.
    pub fn selected_job(&self) -> Option<String> {
        if let Some(d) = &self.detail {
            return Some(d.detail.job.job_no.clone());
        }
        let i = self.selected_index(self.focus)?;
        let r = &self.report;
        Some(match self.focus {
            Panel::Jobs => r.today_jobs[i].job_no.clone(),
            Panel::Callbacks => r.callbacks_pending[i].job_no.clone(),
            Panel::Cards => r.cards_awaiting_signature[i].job_no.clone(),
            Panel::Discrepancies => r.discrepancies[i].job_no.clone(),
            Panel::Verify => self.verify_job_no(i),
            Panel::Book => r.open_jobs[i].job_no.clone(),
        })
    }

    /// The searchable fields of a listed job.
    pub fn job_fields(&self, job_no: &str) -> Option<&SearchFields> {
        self.search.get(job_no)
    }

    pub(super) fn engineer_of(&self, job_no: &str) -> String {
        self.search
            .get(job_no)
            .map(|s| s.engineer.clone())
            .or_else(|| {
                self.report
                    .today_jobs
                    .iter()
                    .find(|j| j.job_no == job_no)
                    .map(|j| j.engineer.clone())
            })
            .or_else(|| {
                self.report
                    .open_jobs
                    .iter()
                    .find(|j| j.job_no == job_no)
                    .map(|j| j.engineer.clone())
            })
            .unwrap_or_default()
    }

    /// `due in 0:42` / `overdue 1:15` and the urgency, at the app's `now`.
    pub fn countdown(&self, started: Ts, due: Ts) -> (String, Urgency) {
        countdown(self.lang, started, due, self.now_ts())
    }

    fn now_text(&self) -> String {
        self.desk
            .zone
            .local(self.now_ts())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    // ---- Overlays and forms ---------------------------------------------

    fn open_detail(&mut self) {
        let Some(job) = self.selected_job() else {
            return self.warn(self.t(T::MsgNothingSelected).to_string());
        };
        self.open_detail_of(&job);
    }

    /// The next overdue callback after the one selected (from the top when
    /// none is), in panel 2: the one to ring next.
    fn next_overdue(&mut self) {
        let now = self.now_ts();
        self.set_focus(Panel::Callbacks);
        let list = &self.lists[Panel::Callbacks.index()];
        let n = list.rows.len();
        let overdue = |pos: usize| {
            crate::domain::callback::is_overdue(
                self.report.callbacks_pending[list.rows[pos]].due_ts,
                now,
            )
        };
        let next = (1..=n)
            .map(|k| (list.selected + k) % n.max(1))
            .find(|&pos| pos < n && overdue(pos));
        match next {
            Some(pos) => {
                let by = pos as isize - list.selected as isize;
                self.move_by(by);
            }
            None => self.warn(self.t(T::MsgNoOverdue).to_string()),
        }
    }

    fn open_detail_of(&mut self, job: &str) {
        match self.desk.job_detail(job) {
            Ok(detail) => self.detail = Some(DetailView { detail, scroll: 0 }),
            Err(e) => {
                let text = self.desk_error(&e);
                self.warn(text);
            }
        }
    }

    fn open_feedback(&mut self) {
        let Some(job) = self.selected_job() else {
            return self.warn(self.t(T::MsgNothingSelected).to_string());
        };
        // The callback a result goes to: the job's earliest due.
        let pending = self
            .report
            .callbacks_pending
            .iter()
            .filter(|c| c.job_no == job)
            .min_by_key(|c| (c.followup, c.due_ts));
        let context = match pending {
            Some(c) => {
                let (cd, _) = self.countdown(c.started_ts, c.due_ts);
                trf(
                    self.lang,
                    T::FormCallbackDue,
                    &[
                        &match (c.kind, c.followup) {
                            (Some(k), _) => code(self.lang, k.code()),
                            (None, true) => self.t(T::FollowupKind).to_string(),
                            (None, false) => code(self.lang, ""),
                        },
                        &short(&self.desk.zone, c.due_ts),
                        &cd,
                        &c.attempts,
                    ],
                )
            }
            None => self.t(T::FormNoCallback).to_string(),
        };
        // Who to call: the phone is what a callback needs.
        let who = pending
            .map(|c| (c.customer.clone(), c.phone.clone()))
            .or_else(|| {
                self.job_fields(&job)
                    .map(|s| (s.customer.clone(), s.phone.clone()))
            })
            .filter(|(_, phone)| !phone.is_empty());
        let context = match who {
            Some((customer, phone)) => {
                format!("{context}\n{} {phone} · {customer}", self.t(T::FieldPhone))
            }
            None => context,
        };
        self.form = Some(Form::feedback(&job, context));
    }

    fn open_card(&mut self) {
        let Some(job) = self.selected_job() else {
            return self.warn(self.t(T::MsgNothingSelected).to_string());
        };
        let card_back = self
            .report
            .cards_awaiting_signature
            .iter()
            .map(|c| (&c.job_no, c.card_state))
            .chain(
                self.report
                    .today_jobs
                    .iter()
                    .map(|j| (&j.job_no, j.card_state)),
            )
            .any(|(no, s)| {
                *no == job
                    && matches!(
                        s,
                        crate::domain::card::CardState::Signed
                            | crate::domain::card::CardState::Unsigned
                    )
            })
            || self
                .detail
                .as_ref()
                .is_some_and(|d| d.detail.card.is_some());
        if card_back {
            return self.warn(trf(self.lang, T::ErrCardExists, &[&job]));
        }
        let now = self.now_text();
        let mut form = Form::card(&job, &now);
        if let Some(cx) = self.form_context(&job) {
            // No warranty record comes with an out-of-warranty job's card.
            if cx.out_of_warranty {
                form.choose(FieldId::WarrantyRecord, "no");
            }
            form.context = Some(cx.line);
        }
        self.form = Some(form);
    }

    /// What the clerk needs in view while filling a visit or card form: the
    /// window, the warranty and what the visits charged.
    fn form_context(&mut self, job_no: &str) -> Option<FormContext> {
        let lang = self.lang;
        let d = self.desk.job_detail(job_no).ok()?;
        let zone = self.desk.zone;
        let mut parts = Vec::new();
        parts.push(match (d.appt_start, d.appt_end) {
            (Some(s), Some(e)) => trf(
                lang,
                T::FormCxWindow,
                &[&format!(
                    "{}–{}",
                    zone.local(s).format("%m-%d %H:%M"),
                    zone.local(e).format("%H:%M")
                )],
            ),
            (Some(s), None) => trf(
                lang,
                T::FormCxWindow,
                &[&zone.local(s).format("%m-%d %H:%M").to_string()],
            ),
            _ => tr(lang, T::FormCxNoWindow).to_string(),
        });
        if let Some(w) = d.job.warranty {
            parts.push(code(lang, w.code()));
        }
        let charged: Option<i64> = d
            .visits
            .iter()
            .filter_map(|v| v.visit.charge)
            .reduce(|a, b| a + b);
        if let Some(c) = charged {
            parts.push(trf(
                lang,
                T::FormCxCharged,
                &[&crate::domain::codes::format_money(c)],
            ));
        }
        Some(FormContext {
            line: parts.join(" · "),
            out_of_warranty: d.job.warranty == Some(crate::domain::job::Warranty::Out),
        })
    }

    fn open_visit(&mut self) {
        let Some(job) = self.selected_job() else {
            return self.warn(self.t(T::MsgNothingSelected).to_string());
        };
        let engineer = self.engineer_of(&job);
        let now = self.now_text();
        // From the to-book list a visit form books: a new appointment.
        let outcome = if self.focus == Panel::Book && self.detail.is_none() {
            "rescheduled"
        } else {
            "fixed"
        };
        let mut form = Form::visit_as(&job, &engineer, &now, outcome);
        form.context = self.form_context(&job).map(|cx| cx.line);
        // The fee standard's codes for the fee items.
        form.fees = self.desk.fee_standard().unwrap_or_default();
        self.form = Some(form);
    }

    /// `E`: which record of the selected job to correct, the panel's
    /// suggestion chosen; the card and callback panels go straight to it.
    fn open_correct(&mut self) {
        let Some(job) = self.selected_job() else {
            return self.warn(self.t(T::MsgNothingSelected).to_string());
        };
        let has_visit = match &self.detail {
            Some(d) => !d.detail.visits.is_empty(),
            None => self
                .report
                .today_jobs
                .iter()
                .any(|j| j.job_no == job && j.last_outcome.is_some()),
        };
        let panel = if self.detail.is_some() {
            Panel::Jobs
        } else {
            self.focus
        };
        let kind = super::correct::default_kind(panel, has_visit);
        if self.detail.is_none() && matches!(self.focus, Panel::Cards | Panel::Callbacks) {
            return self.open_correction(kind, &job);
        }
        self.form = Some(super::correct::pick(&job, kind, self.lang));
    }

    /// The correction form of `kind`, filled in with the record as it is.
    fn open_correction(&mut self, kind: crate::domain::correction::CorrectKind, job: &str) {
        match super::correct::open(self.desk, kind, job, self.lang) {
            Ok(form) => self.form = Some(form),
            Err(text) => self.warn(text),
        }
    }

    fn open_resolve(&mut self) {
        let selected = (self.focus == Panel::Discrepancies && self.detail.is_none())
            .then(|| self.selected_index(Panel::Discrepancies))
            .flatten();
        let Some(i) = selected else {
            return self.warn(self.t(T::MsgSelectDiscrepancy).to_string());
        };
        let d = &self.report.discrepancies[i];
        if d.status == DiscrepancyStatus::Resolved {
            return self.warn(self.t(T::ErrNotOpen).to_string());
        }
        let context = format!(
            "{} · {} · {}",
            d.recon_date,
            d.engineer,
            crate::i18n::discrepancy_detail(self.lang, &d.detail)
        );
        self.form = Some(Form::resolve(&d.job_no.clone(), d.kind, context));
    }

    /// The branch's engineers the picker offers: everyone on a job the desk
    /// lists, most jobs today first, then by name.
    pub fn engineer_names(&self) -> Vec<String> {
        let mut today: HashMap<&str, usize> = HashMap::new();
        for j in &self.report.today_jobs {
            *today.entry(j.engineer.as_str()).or_default() += 1;
        }
        let mut names: Vec<&str> = self
            .search
            .values()
            .map(|s| s.engineer.as_str())
            .chain(today.keys().copied())
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        names.sort_unstable();
        names.dedup();
        names.sort_by_key(|n| std::cmp::Reverse(today.get(n).copied().unwrap_or(0)));
        names.into_iter().map(String::from).collect()
    }

    fn form_action(&mut self, fa: FormAction) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        if fa != FormAction::Cancel {
            form.discard.key_in(self.lang, &mut form.error);
        }
        match fa {
            FormAction::Next => form.next(),
            FormAction::Prev => form.prev(),
            FormAction::Edit(e) => form.edit(e),
            FormAction::Pick(by) => {
                let names = self.engineer_names();
                if let Some(form) = self.form.as_mut() {
                    form.pick_engineer(&names, by as isize);
                }
                self.check_form();
                return;
            }
            FormAction::Submit => return self.submit_form(),
            FormAction::Cancel => {
                if form
                    .discard
                    .esc_closes(form.dirty, self.lang, &mut form.error)
                {
                    self.form = None;
                }
                return;
            }
        }
        if matches!(fa, FormAction::Edit(_)) {
            self.check_form();
        }
    }

    /// Validates the open form as typed, with the checks that need the
    /// database (a new job's number and branch).
    fn check_form(&mut self) -> bool {
        let (lang, zone, today) = (self.lang, self.desk.zone, self.now.date_naive());
        let Some(mut form) = self.form.take() else {
            return false;
        };
        form.error = None;
        let mut ok = form.validate(lang, &zone, today);
        // A visit or card time more than 5 minutes after now (SPEC).
        ok = ok && form.check_happened(lang, &zone, today, self.now.to_utc());
        if form.kind == FormKind::NewJob {
            let job_no = form.raw(FieldId::JobNo).trim().to_string();
            if !job_no.is_empty() && self.desk.job_exists(&job_no).unwrap_or(false) {
                form.set_error(FieldId::JobNo, trf(lang, T::ErrJobExists, &[&job_no]));
                ok = false;
            }
            let branch = form.raw(FieldId::Branch).trim().to_string();
            if let Some(b) = &self.report.branch
                && !branch.is_empty()
                && branch != *b
            {
                form.set_error(FieldId::Branch, trf(lang, T::ErrOtherBranch, &[b]));
                ok = false;
            }
        }
        if form.kind == FormKind::Complaint {
            ok &= super::complaints::check_job(self.desk, lang, &mut form);
        }
        self.form = Some(form);
        ok
    }

    fn submit_form(&mut self) {
        if !self.check_form() {
            if let Some(f) = self.form.as_mut() {
                f.focus_first_error();
                f.error = Some(tr(self.lang, T::FormFixFields).to_string());
            }
            return;
        }
        let (lang, zone, today) = (self.lang, self.desk.zone, self.now.date_naive());
        let Some(mut form) = self.form.take() else {
            return;
        };
        let parsed = match form.parse(lang, &zone, today) {
            Ok(p) => p,
            Err(_) => {
                self.form = Some(form);
                return;
            }
        };
        if let Parsed::Pick(kind) = parsed {
            return self.open_correction(kind, &form.job_no);
        }
        // Cancelling a job is asked first.
        if let Parsed::Visit(v) = &parsed
            && v.outcome == Some(crate::domain::visit::Outcome::Cancelled)
            && !self.cancel_confirmed
        {
            self.form = Some(form);
            self.confirm = Some(Confirm {
                question: T::ConfirmCancelJob,
                action: ConfirmAction::CancelJob,
            });
            return;
        }
        match self.save(&form.job_no, parsed) {
            Ok(()) => self.refresh_after_write(),
            Err(text) => {
                form.error = Some(trf(lang, T::FormSaveFailed, &[&text]));
                self.form = Some(form);
            }
        }
    }

    /// One `Desk` call (one transaction) per form.
    fn save(&mut self, job_no: &str, parsed: Parsed) -> Result<(), String> {
        let lang = self.lang;
        let now = self.now_ts();
        let zone = self.desk.zone;
        match parsed {
            Parsed::Feedback {
                result,
                answers,
                note,
            } => {
                let o = self
                    .desk
                    .log_call(job_no, result, &answers, &note, now)
                    .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
                let label = code(lang, result.code());
                if let Some(revisit) = &o.revisit_job_no {
                    let text = trf(lang, T::MsgRevisitOpened, &[&o.job_no, revisit]);
                    self.notice = Some(vec![text.clone()]);
                    self.say(text);
                } else if o.still_pending {
                    self.say(trf(
                        lang,
                        T::MsgStillPending,
                        &[&o.job_no, &label, &o.attempts],
                    ));
                } else {
                    self.say(trf(lang, T::MsgCallbackLogged, &[&o.job_no, &label]));
                }
                if let Some(offer) = self
                    .complaints
                    .offer_after_callback(lang, &o.job_no, result)
                {
                    self.offer_complaint(offer);
                }
            }
            Parsed::Card(card) => {
                let state = self
                    .desk
                    .record_card(&card, now)
                    .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
                // Signed, but not by the customer's side: a suspect
                // signature, whatever the card's state says.
                match card.signed_by {
                    Some(who) if who != SignedBy::Nobody && !who.is_customer_side() => self.warn(
                        trf(lang, T::MsgCardSuspect, &[&job_no, &code(lang, who.code())]),
                    ),
                    _ => self.say(trf(
                        lang,
                        T::MsgCardRecorded,
                        &[&job_no, &code(lang, state.code())],
                    )),
                }
            }
            Parsed::Visit(visit) => {
                let r = self
                    .desk
                    .record_visit(&visit, now)
                    .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
                let mut parts = vec![code(lang, visit.outcome.map(|o| o.code()).unwrap_or(""))];
                if let Some((kind, due)) = r.callback {
                    parts.push(trf(
                        lang,
                        T::MsgVisitCallback,
                        &[&code(lang, kind.code()), &short(&zone, due)],
                    ));
                }
                if let Some(m) = r.late_minutes.filter(|m| *m > 0) {
                    parts.push(trf(lang, T::MsgVisitLate, &[&m]));
                }
                self.say(trf(
                    lang,
                    T::MsgVisitRecorded,
                    &[&job_no, &parts.join(", ")],
                ));
            }
            Parsed::Resolve {
                kind,
                resolution,
                note,
            } => {
                self.desk
                    .resolve(job_no, kind, resolution, &note, now)
                    .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
                // The resolved item moves down the list: the selection
                // stays where it was, on the next item to deal with.
                let at = self.lists[Panel::Discrepancies.index()].selected;
                self.hold = Some((Panel::Discrepancies, at));
                self.say(trf(
                    lang,
                    T::MsgResolved,
                    &[
                        &job_no,
                        &code(lang, kind.code()),
                        &code(lang, resolution.code()),
                    ],
                ));
            }
            p @ (Parsed::Complaint(_)
            | Parsed::ComplaintRespond { .. }
            | Parsed::ComplaintSettle { .. }) => {
                let text = super::complaints::save(self.desk, lang, p, now)?;
                self.say(text);
            }
            p @ Parsed::CaseClose { .. } => {
                let text = super::cases::save(self.desk, lang, p, now)?;
                self.say(text);
            }
            Parsed::Pick(_) => {}
            p @ Parsed::Correct { .. } => {
                let text = super::correct::save(self.desk, lang, job_no, p, now)?;
                self.say(text);
            }
            Parsed::Job(job) => {
                let missing = self
                    .desk
                    .add_job(&job, now)
                    .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
                if missing.is_empty() {
                    self.say(trf(lang, T::MsgJobAdded, &[&job.job_no]));
                } else {
                    let names: Vec<String> = missing.iter().map(|m| code(lang, m)).collect();
                    self.say(trf(
                        lang,
                        T::MsgJobAddedVerify,
                        &[&job.job_no, &names.join(", ")],
                    ));
                }
                // Saved all the same (the standard reschedules or hands it
                // on), but never without a word.
                if let Ok(others) = self.desk.clashes_of(&job.job_no)
                    && !others.is_empty()
                {
                    self.warn(trf(
                        lang,
                        T::MsgJobClashes,
                        &[&job.job_no, &job.engineer, &others.join(", ")],
                    ));
                }
            }
        }
        Ok(())
    }

    /// A callback result's offer of a complaint: added to the notice, if
    /// one is shown, and to the message.
    fn offer_complaint(&mut self, offer: String) {
        if let Some(lines) = self.notice.as_mut() {
            lines.push(offer.clone());
        }
        let text = match &self.message {
            Some(m) => format!("{}; {offer}", m.text),
            None => offer,
        };
        self.say(text);
    }

    // ---- Single-key operations ------------------------------------------

    fn reconcile(&mut self) {
        let date = self.now.date_naive();
        match self.desk.reconcile(date, self.now_ts()) {
            Ok(r) => {
                let new = r.found.iter().filter(|f| f.new).count();
                let mut lines = vec![trf(
                    self.lang,
                    T::MsgReconciled,
                    &[&r.date, &r.jobs_checked, &r.found.len(), &new],
                )];
                if r.before_cutoff {
                    lines.push(trf(
                        self.lang,
                        T::MsgBeforeCutoff,
                        &[
                            &crate::domain::time::hhmm(&self.desk.zone, r.cutoff),
                            &r.cards_out,
                        ],
                    ));
                }
                for f in r.found.iter().take(12) {
                    lines.push(format!(
                        "{}  {}  {}  {}",
                        f.job_no,
                        code(self.lang, f.kind.code()),
                        f.engineer,
                        if f.new {
                            self.t(T::ReconcileNew).to_string()
                        } else {
                            code(self.lang, f.status.code())
                        }
                    ));
                }
                self.say(lines[0].clone());
                self.notice = Some(lines);
                self.set_focus(Panel::Discrepancies);
                self.refresh_after_write();
            }
            Err(e) => {
                let text = self.desk_error(&e);
                self.warn(text);
            }
        }
    }

    /// Today's daily report, the same as `branchdesk export daily`.
    fn export(&mut self) {
        let date = self.now.date_naive();
        match self
            .desk
            .export_daily(&self.export_dir, date, self.now_ts())
        {
            Ok(e) => {
                let rows = e.rows.to_string();
                let generation = e.generation.to_string();
                let path = e.csv.display().to_string();
                self.say(trf(self.lang, T::MsgExport, &[&path, &rows, &generation]));
            }
            Err(e) => {
                let text = self.desk_error(&e);
                self.warn(text);
            }
        }
    }

    fn deliver_invoice(&mut self) {
        let Some(job) = self.selected_job() else {
            return self.warn(self.t(T::MsgNothingSelected).to_string());
        };
        if !self.marks.invoice_owed.contains(&job) {
            return self.warn(trf(self.lang, T::MsgNoInvoice, &[&job]));
        }
        self.confirm = Some(Confirm {
            question: T::ConfirmDeliverInvoice,
            action: ConfirmAction::DeliverInvoice,
        });
    }

    fn deliver_invoice_confirmed(&mut self) {
        let Some(job) = self.selected_job() else {
            return;
        };
        match self.desk.deliver_invoice(&job, self.now_ts()) {
            Ok(_) => {
                self.say(trf(self.lang, T::MsgInvoiceDelivered, &[&job]));
                self.refresh_after_write();
            }
            Err(e) => {
                let text = self.desk_error(&e);
                self.warn(text);
            }
        }
    }

    fn mark_verified(&mut self) {
        let entry = (self.focus == Panel::Verify && self.detail.is_none())
            .then(|| self.selected_index(Panel::Verify))
            .flatten()
            .map(|i| self.verify[i]);
        let k = match entry {
            Some(VerifyEntry::Missing(k)) => k,
            // On panel 5 already: say what `m` is for, not where to go.
            Some(_) => return self.warn(self.t(T::MsgNotMissingRow).to_string()),
            None => return self.warn(self.t(T::MsgNotVerifiable).to_string()),
        };
        let job = self.report.to_verify[k].job_no.clone();
        match self.desk.mark_verified(&job, self.now_ts()) {
            Ok(()) => {
                self.say(trf(self.lang, T::MsgVerified, &[&job]));
                self.refresh_after_write();
            }
            Err(e) => {
                let text = self.desk_error(&e);
                self.warn(text);
            }
        }
    }
}

fn list_selected(l: &ListView) -> Option<usize> {
    (!l.rows.is_empty()).then_some(l.selected)
}
