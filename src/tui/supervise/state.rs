//! The supervisor's screen state and the one place that changes it:
//! [`SupApp::update`] takes a [`SupAction`] (from the keymap or the clock).
//! Drawing only reads this state. The overdue times are derived from the
//! snapshot at every tick, without asking the store again.

use crate::center::CenterError;
use crate::desk::supervise::{OverdueCallback, Supervision, Target};
use crate::desk::{Desk, JobDetail};
use crate::domain::overdue::{GroupBy, OverdueFacts, OverdueFilter, overdue_groups};
use crate::domain::scorecard::{Measure, Period, sort_scores};
use crate::domain::time::Ts;
use crate::i18n::{Lang, T, tr, trf};
use crate::tui::kit::discard::Discard;
use crate::tui::kit::input::{Edit, TextInput};
use chrono::{DateTime, Duration, FixedOffset};

/// The four panels, one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Overdue,
    Forgeries,
    Engineers,
    Chains,
    /// Items acted on: escalated (and whether since dealt with) or
    /// acknowledged.
    Acted,
    /// The promises to customers broken: complaints not answered in time
    /// and jobs not visited on site in time, one a line.
    Commitments,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Overdue,
        Tab::Forgeries,
        Tab::Engineers,
        Tab::Chains,
        Tab::Acted,
        Tab::Commitments,
    ];

    pub fn index(self) -> usize {
        match self {
            Tab::Overdue => 0,
            Tab::Forgeries => 1,
            Tab::Engineers => 2,
            Tab::Chains => 3,
            Tab::Acted => 4,
            Tab::Commitments => 5,
        }
    }

    /// The tab's name in the header.
    pub fn short(self) -> T {
        match self {
            Tab::Overdue => T::SupShortOverdue,
            Tab::Forgeries => T::SupShortForgeries,
            Tab::Engineers => T::SupShortEngineers,
            Tab::Chains => T::SupShortChains,
            Tab::Acted => T::SupShortActed,
            Tab::Commitments => T::SupShortCommitments,
        }
    }

    pub fn title(self) -> T {
        match self {
            Tab::Overdue => T::SupTabOverdue,
            Tab::Forgeries => T::SupTabForgeries,
            Tab::Engineers => T::SupTabEngineers,
            Tab::Chains => T::SupTabChains,
            Tab::Acted => T::SupTabActed,
            Tab::Commitments => T::SupCommitments,
        }
    }
}

/// A broken promise to a customer, a line of the commitments tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentLine {
    /// The complaint's number; `None` for a job not visited in time.
    pub complaint: Option<i64>,
    pub job_no: Option<String>,
    pub engineer: String,
    pub customer: String,
    pub phone: String,
    /// How long past the promise, in minutes.
    pub late_minutes: i64,
    /// What a supervisor escalates (a job not visited in time).
    pub target: Option<Target>,
}

/// A line of the overdue list: a group's heading or a callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverdueLine {
    Group { name: String, count: usize },
    Item(usize),
}

/// Edits inside the escalate / acknowledge form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEdit {
    Next,
    /// An edit of the focused field.
    Text(Edit),
    Submit,
    Cancel,
}

/// Everything that changes the supervisor's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupAction {
    /// The clock moved on: overdue times and order are derived again.
    Tick(DateTime<FixedOffset>),
    /// Re-read if another process changed the database (or a minute passed).
    Poll,
    Refresh,
    Quit,
    NextTab,
    PrevTab,
    Tab(Tab),
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    OpenDetail,
    Escalate,
    Acknowledge,
    /// Overdue: none → by engineer → by branch.
    CycleGroup,
    /// Overdue: only the selected callback's engineer (again: all).
    FilterEngineer,
    /// Overdue: only the selected callback's branch (again: all).
    FilterBranch,
    /// Today → 7 days → 30 days.
    NextPeriod,
    NextMeasure,
    PrevMeasure,
    /// Worst first ↔ best first.
    ReverseSort,
    /// The summary of this week or month, written to `exports/`.
    ExportSummary(crate::domain::voice::Period),
    ToggleHelp,
    /// Esc: closes the topmost overlay, else clears the filters.
    Close,
    Form(FormEdit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupFormKind {
    Escalate,
    Acknowledge,
}

/// The escalate (to whom, note) or acknowledge (note) form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupForm {
    pub kind: SupFormKind,
    pub target: Target,
    pub job_no: String,
    /// What is being acted on, shown above the fields.
    pub context: String,
    pub to: TextInput,
    pub note: TextInput,
    /// 0: to whom, 1: note (the acknowledgement has only the note).
    pub focus: usize,
    pub error: Option<String>,
    /// Something was typed: Esc asks (a second Esc throws it away).
    pub dirty: bool,
    pub discard: Discard,
}

impl SupForm {
    fn focused(&mut self) -> &mut TextInput {
        if self.focus == 0 && self.kind == SupFormKind::Escalate {
            &mut self.to
        } else {
            &mut self.note
        }
    }
}

pub use crate::tui::kit::message::Message;

#[derive(Debug, Clone)]
pub struct Detail {
    pub detail: JobDetail,
    pub scroll: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupMode {
    Form,
    Help,
    Detail,
    Normal,
}

const RELOAD_SECONDS: i64 = 60;
const PAGE: usize = 10;

/// Where the supervisor's screen reads: a branch's desk (a center's
/// SQLite file opened as a desk reads as a center), or a center on either
/// engine (PostgreSQL's only way to the screen).
pub enum Source<'d> {
    Desk(&'d mut Desk),
    Center(&'d mut crate::center::Center),
}

impl Source<'_> {
    pub fn zone(&self) -> &crate::domain::time::Zone {
        match self {
            Source::Desk(d) => &d.zone,
            Source::Center(c) => &c.zone,
        }
    }

    pub fn operator(&self) -> &str {
        match self {
            Source::Desk(d) => &d.operator,
            Source::Center(c) => &c.operator,
        }
    }

    fn data_version(&mut self) -> Result<i64, CenterError> {
        match self {
            Source::Desk(d) => Ok(d.data_version()?),
            Source::Center(c) => c.data_version(),
        }
    }

    fn load(
        &mut self,
        now: DateTime<FixedOffset>,
        period: Period,
    ) -> Result<Supervision, CenterError> {
        Ok(match self {
            Source::Desk(d) => load(d, now, period)?,
            Source::Center(c) => c.supervision(now, period)?,
        })
    }

    /// A job's timeline: only a branch has one (a center's rows are the
    /// branches' daily reports; the screen says so before asking).
    fn job_detail(&mut self, job: &str) -> Result<Option<JobDetail>, CenterError> {
        match self {
            Source::Desk(d) => Ok(Some(d.job_detail(job)?)),
            Source::Center(_) => Ok(None),
        }
    }

    /// The branch's desk, where the supervisor's writes go (`None` on a
    /// center reached as one).
    pub fn desk(&mut self) -> Option<&mut Desk> {
        match self {
            Source::Desk(d) => Some(d),
            Source::Center(_) => None,
        }
    }
}

pub struct SupApp<'d> {
    /// What the screen reads.
    pub src: Source<'d>,
    pub lang: Lang,
    pub now: DateTime<FixedOffset>,
    pub period: Period,
    pub snap: Supervision,
    pub tab: Tab,
    pub group: GroupBy,
    pub filter: OverdueFilter,
    /// The overdue list as shown (derived every tick).
    pub overdue: Vec<OverdueLine>,
    /// How many callbacks are overdue now (before the filter).
    pub overdue_total: usize,
    /// Engineers' rows in the chosen order (indices into `snap.scores`).
    pub score_order: Vec<usize>,
    pub measure: Measure,
    pub worst_first: bool,
    /// Selected line of each tab.
    pub selected: [usize; 6],
    pub detail: Option<Detail>,
    pub form: Option<SupForm>,
    pub help: bool,
    pub message: Option<Message>,
    pub should_quit: bool,
    /// Where `w` / `M` write the summaries.
    pub export_dir: std::path::PathBuf,
    data_version: i64,
    loaded_at: DateTime<FixedOffset>,
}

/// The snapshot the screen draws ([`crate::center::supervise::review`]).
pub use crate::center::supervise::review as load;

impl<'d> From<&'d mut Desk> for Source<'d> {
    fn from(d: &'d mut Desk) -> Self {
        Source::Desk(d)
    }
}

impl<'d> From<&'d mut crate::center::Center> for Source<'d> {
    fn from(c: &'d mut crate::center::Center) -> Self {
        Source::Center(c)
    }
}

impl<'d> SupApp<'d> {
    /// Reads the first snapshot: a database that cannot be read is an error
    /// before the terminal is touched.
    pub fn new(
        src: impl Into<Source<'d>>,
        lang: Lang,
        now: DateTime<FixedOffset>,
    ) -> Result<SupApp<'d>, CenterError> {
        let mut src = src.into();
        let period = Period::Today;
        let data_version = src.data_version()?;
        let snap = src.load(now, period)?;
        let mut app = SupApp {
            src,
            lang,
            now,
            period,
            snap,
            tab: Tab::Overdue,
            group: GroupBy::None,
            filter: OverdueFilter::default(),
            overdue: Vec::new(),
            overdue_total: 0,
            score_order: Vec::new(),
            measure: Measure::CallbacksOverdue,
            worst_first: true,
            selected: [0; 6],
            detail: None,
            export_dir: std::path::PathBuf::from("exports"),
            form: None,
            help: false,
            message: None,
            should_quit: false,
            data_version,
            loaded_at: now,
        };
        app.derive();
        Ok(app)
    }

    pub fn mode(&self) -> SupMode {
        if self.form.is_some() {
            SupMode::Form
        } else if self.help {
            SupMode::Help
        } else if self.detail.is_some() {
            SupMode::Detail
        } else {
            SupMode::Normal
        }
    }

    pub fn now_ts(&self) -> Ts {
        self.now.to_utc()
    }

    fn say(&mut self, text: String, error: bool) {
        self.message = Some(Message {
            text,
            error,
            at: self.now,
        });
    }

    pub fn update(&mut self, action: SupAction) {
        use SupAction as A;
        match action {
            A::Tick(now) => {
                self.now = now;
                if self.message.as_ref().is_some_and(|m| m.expired(now)) {
                    self.message = None;
                }
                self.derive();
            }
            A::Poll => {
                let changed = self
                    .src
                    .data_version()
                    .map_or(true, |v| v != self.data_version);
                if changed
                    || self.now.date_naive() != self.snap.today
                    || self.now - self.loaded_at >= Duration::seconds(RELOAD_SECONDS)
                {
                    self.refresh();
                }
            }
            A::Refresh => self.refresh(),
            A::Quit => self.should_quit = true,
            A::NextTab => self.tab = Tab::ALL[(self.tab.index() + 1) % Tab::ALL.len()],
            A::PrevTab => {
                self.tab = Tab::ALL[(self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
            }
            A::Tab(t) => self.tab = t,
            A::Up => self.move_by(-1),
            A::Down => self.move_by(1),
            A::PageUp => self.move_by(-(PAGE as isize)),
            A::PageDown => self.move_by(PAGE as isize),
            A::Home => self.move_by(isize::MIN / 2),
            A::End => self.move_by(isize::MAX / 2),
            A::OpenDetail => self.open_detail(),
            A::Escalate => self.open_form(SupFormKind::Escalate),
            A::Acknowledge => self.open_form(SupFormKind::Acknowledge),
            A::CycleGroup => {
                self.group = self.group.next();
                self.derive();
            }
            A::FilterEngineer | A::FilterBranch => self.toggle_filter(action),
            A::NextPeriod => {
                self.period = self.period.next();
                self.refresh();
            }
            A::NextMeasure | A::PrevMeasure => {
                let all = Measure::all();
                let i = all.iter().position(|m| *m == self.measure).unwrap_or(0);
                let step = if action == A::NextMeasure {
                    1
                } else {
                    all.len() - 1
                };
                self.measure = all[(i + step) % all.len()];
                self.derive();
            }
            A::ReverseSort => {
                self.worst_first = !self.worst_first;
                self.derive();
            }
            // A center's summary is written from its reports by the command
            // line (the screen's desk is the center's database, not a branch).
            A::ExportSummary(_) if self.snap.center.is_some() || self.src.desk().is_none() => {
                self.say(tr(self.lang, T::SupCenterSummary).to_string(), false);
            }
            A::ExportSummary(period) => {
                let date = self.now.date_naive();
                let dir = self.export_dir.clone();
                let now = self.now_ts();
                let Some(desk) = self.src.desk() else { return };
                match desk.export_summary(&dir, period, date, now) {
                    Ok(e) => {
                        let text = crate::i18n::trf(
                            self.lang,
                            T::SupSummaryWritten,
                            &[&e.csv.display(), &e.xlsx.display()],
                        );
                        self.say(text, false);
                    }
                    Err(e) => {
                        let text = crate::desk::said::desk_error(self.lang, &e);
                        self.say(text, true);
                    }
                }
            }
            A::ToggleHelp => self.help = !self.help,
            A::Close => {
                if self.help {
                    self.help = false;
                } else if self.detail.is_some() {
                    self.detail = None;
                } else if self.filter != OverdueFilter::default() {
                    self.filter = OverdueFilter::default();
                    self.derive();
                }
            }
            A::Form(e) => self.form_edit(e),
        }
    }

    /// The number of lines of a tab.
    pub fn len(&self, tab: Tab) -> usize {
        match tab {
            Tab::Overdue => self.overdue.len(),
            Tab::Forgeries => self.snap.forgeries.len(),
            Tab::Engineers => self.score_order.len(),
            Tab::Chains => self.snap.chains.len(),
            Tab::Acted => self.snap.acted.len(),
            Tab::Commitments => self.commitments().len(),
        }
    }

    /// The broken promises at `now`: complaints unanswered past their
    /// respond-by (longest first), then jobs past their on-site promise
    /// (longest first).
    pub fn commitments(&self) -> Vec<CommitmentLine> {
        use crate::domain::callback::overdue_minutes;
        let now = self.now_ts();
        let mut complaints: Vec<CommitmentLine> = self
            .snap
            .complaints
            .iter()
            .filter(|c| c.facts.response_overdue(now))
            .map(|c| CommitmentLine {
                complaint: Some(c.id),
                job_no: c.job_no.clone(),
                engineer: c.engineer.clone(),
                customer: c.customer.clone(),
                phone: c.phone.clone(),
                late_minutes: overdue_minutes(c.facts.respond_by, now),
                target: None,
            })
            .collect();
        complaints.sort_by_key(|c| (std::cmp::Reverse(c.late_minutes), c.complaint));
        let mut onsite: Vec<CommitmentLine> = self
            .snap
            .onsite_late
            .iter()
            .map(|o| CommitmentLine {
                complaint: None,
                job_no: Some(o.job_no.clone()),
                engineer: o.engineer.clone(),
                customer: o.customer.clone(),
                phone: o.phone.clone(),
                late_minutes: overdue_minutes(o.due_ts, now),
                target: (o.job_id > 0).then_some(Target::Job { job_id: o.job_id }),
            })
            .collect();
        onsite.sort_by(|a, b| {
            b.late_minutes
                .cmp(&a.late_minutes)
                .then_with(|| a.job_no.cmp(&b.job_no))
        });
        complaints.extend(onsite);
        complaints
    }

    fn move_by(&mut self, by: isize) {
        if let Some(d) = &mut self.detail {
            d.scroll = (d.scroll as isize + by.clamp(-1000, 1000)).clamp(0, 1000) as u16;
            return;
        }
        let n = self.len(self.tab);
        if n == 0 {
            return;
        }
        let i = self.tab.index();
        self.selected[i] = (self.selected[i] as isize)
            .saturating_add(by)
            .clamp(0, n as isize - 1) as usize;
    }

    /// Re-reads the snapshot (after each write, on the timer, on a new
    /// period).
    pub fn refresh(&mut self) {
        let job = self.detail.as_ref().map(|d| d.detail.job.job_no.clone());
        let read = (|| -> Result<_, CenterError> {
            let v = self.src.data_version()?;
            let snap = self.src.load(self.now, self.period)?;
            let detail = match &job {
                Some(j) => self.src.job_detail(j)?,
                None => None,
            };
            Ok((v, snap, detail))
        })();
        match read {
            Ok((v, snap, detail)) => {
                self.data_version = v;
                self.loaded_at = self.now;
                self.snap = snap;
                if let (Some(d), Some(new)) = (&mut self.detail, detail) {
                    d.detail = new;
                }
            }
            Err(e) => self.say(crate::center::said::center_error(self.lang, &e), true),
        }
        self.derive();
    }

    /// The overdue list and the engineers' order, from the snapshot at the
    /// current `now`; selections stay in range.
    pub fn derive(&mut self) {
        let now = self.now_ts();
        let facts: Vec<OverdueFacts> = self
            .snap
            .pending
            .iter()
            .map(|p| OverdueFacts {
                due: p.due_ts,
                job_no: &p.job_no,
                engineer: &p.engineer,
                branch: &p.branch,
            })
            .collect();
        // Keep the selected callback selected as the list moves.
        let was = self
            .selected_callback()
            .map(|p| (p.job_no.clone(), p.due_ts));
        self.overdue_total = facts
            .iter()
            .filter(|f| crate::domain::callback::is_overdue(f.due, now))
            .count();
        let groups = overdue_groups(&facts, now, self.group, &self.filter);
        let grouped = self.group != GroupBy::None;
        let mut lines = Vec::new();
        for g in groups {
            if grouped {
                lines.push(OverdueLine::Group {
                    name: g.name,
                    count: g.items.len(),
                });
            }
            lines.extend(g.items.into_iter().map(OverdueLine::Item));
        }
        self.overdue = lines;
        if let Some((job, due)) = was
            && let Some(pos) = self.overdue.iter().position(|l| match l {
                OverdueLine::Item(i) => {
                    let p = &self.snap.pending[*i];
                    p.job_no == job && p.due_ts == due
                }
                OverdueLine::Group { .. } => false,
            })
        {
            self.selected[Tab::Overdue.index()] = pos;
        }
        let mut scores = self.snap.scores.clone();
        sort_scores(&mut scores, self.measure, self.worst_first);
        self.score_order = scores
            .iter()
            .filter_map(|s| {
                self.snap
                    .scores
                    .iter()
                    .position(|x| x.engineer == s.engineer)
            })
            .collect();
        for t in Tab::ALL {
            let n = self.len(t);
            let i = t.index();
            self.selected[i] = self.selected[i].min(n.saturating_sub(1));
        }
    }

    /// The selected overdue callback (a group heading selects nothing).
    pub fn selected_callback(&self) -> Option<&OverdueCallback> {
        match self.overdue.get(self.selected[Tab::Overdue.index()])? {
            OverdueLine::Item(i) => self.snap.pending.get(*i),
            OverdueLine::Group { .. } => None,
        }
    }

    /// The selected item: its job, what a supervisor acts on, and a line
    /// saying what it is.
    fn selected_item(&self) -> Option<(String, Target, String)> {
        let lang = self.lang;
        let sel = self.selected[self.tab.index()];
        match self.tab {
            Tab::Overdue => {
                let p = self.selected_callback()?;
                let kind = p.kind.map(|k| k.code()).unwrap_or("");
                let text = trf(
                    lang,
                    T::SupContextCallback,
                    &[
                        &crate::i18n::code(lang, kind),
                        &p.job_no,
                        &p.engineer,
                        &crate::tui::dashboard::model::hours_minutes(
                            crate::domain::callback::overdue_minutes(p.due_ts, self.now_ts()),
                        ),
                    ],
                );
                Some((p.job_no.clone(), p.target, text))
            }
            Tab::Forgeries => {
                let f = self.snap.forgeries.get(sel)?;
                let text = trf(lang, T::SupContextForgery, &[&f.job_no, &f.engineer]);
                Some((f.job_no.clone(), f.target, text))
            }
            Tab::Chains => {
                let c = self.snap.chains.get(sel)?;
                let text = trf(lang, T::SupContextChain, &[&c.job_no, &c.links.len()]);
                Some((c.job_no.clone(), c.target, text))
            }
            Tab::Acted => {
                let a = self.snap.acted.get(sel)?;
                let text = trf(lang, T::SupContextActed, &[&a.job_no, &a.escalation.by]);
                Some((a.job_no.clone(), a.target, text))
            }
            Tab::Commitments => {
                let c = self.commitments().into_iter().nth(sel)?;
                let job = c.job_no.clone()?;
                let text = match c.complaint {
                    Some(id) => trf(lang, T::SupContextComplaint, &[&id, &job, &c.engineer]),
                    None => trf(lang, T::SupContextOnsite, &[&job, &c.engineer]),
                };
                Some((job, c.target?, text))
            }
            Tab::Engineers => None,
        }
    }

    /// The selected line's job number (a complaint may name none).
    fn selected_job_no(&self) -> Option<String> {
        match self.tab {
            Tab::Commitments => self
                .commitments()
                .into_iter()
                .nth(self.selected[self.tab.index()])?
                .job_no
                .clone(),
            _ => self.selected_item().map(|(job, _, _)| job),
        }
    }

    /// The selected item's branch and job.
    fn selected_branch_job(&self) -> Option<(String, String)> {
        let sel = self.selected[self.tab.index()];
        match self.tab {
            Tab::Overdue => self
                .selected_callback()
                .map(|p| (p.branch.clone(), p.job_no.clone())),
            Tab::Forgeries => self
                .snap
                .forgeries
                .get(sel)
                .map(|f| (f.branch.clone(), f.job_no.clone())),
            Tab::Chains => self
                .snap
                .chains
                .get(sel)
                .map(|c| (c.branch.clone(), c.job_no.clone())),
            // On a center the engineer is named `BRANCH engineer`.
            Tab::Commitments => {
                let c = self.commitments().into_iter().nth(sel)?;
                let branch = c.engineer.split_whitespace().next().unwrap_or("");
                Some((branch.to_string(), c.job_no?))
            }
            Tab::Acted | Tab::Engineers => None,
        }
    }

    /// On a center's database `x`, `a` and `Enter` say where they are done
    /// instead: an escalation belongs with the branch's own records, where
    /// its clerk sees it on the dashboard and deals with it (SPEC: shown on
    /// the branch clerk's dashboard); a center-side copy would reach no
    /// clerk and could never be resolved, and the center has no timeline of
    /// a job, only the branches' daily rows. True when it said so.
    fn at_the_branch(&mut self, what: T) -> bool {
        if self.snap.center.is_none() {
            return false;
        }
        let text = match self.selected_branch_job() {
            Some((branch, job)) => trf(self.lang, what, &[&job, &branch]),
            None => tr(self.lang, T::SupNothingToAct).to_string(),
        };
        self.say(text, true);
        true
    }

    fn open_detail(&mut self) {
        if self.at_the_branch(T::SupCenterNoTimeline) {
            return;
        }
        let Some(job) = self.selected_job_no() else {
            return self.say(tr(self.lang, T::SupNothingToAct).to_string(), true);
        };
        match self.src.job_detail(&job) {
            Ok(Some(detail)) => self.detail = Some(Detail { detail, scroll: 0 }),
            Ok(None) => {}
            Err(e) => self.say(crate::center::said::center_error(self.lang, &e), true),
        }
    }

    fn open_form(&mut self, kind: SupFormKind) {
        if self.at_the_branch(T::SupCenterNoEscalation) {
            return;
        }
        let Some((job_no, target, context)) = self.selected_item() else {
            return self.say(tr(self.lang, T::SupNothingToAct).to_string(), true);
        };
        let to = match kind {
            SupFormKind::Escalate => tr(self.lang, T::SupDefaultTo),
            SupFormKind::Acknowledge => "",
        };
        self.form = Some(SupForm {
            kind,
            target,
            job_no,
            context,
            to: TextInput::new(to),
            note: TextInput::new(""),
            focus: if kind == SupFormKind::Escalate { 0 } else { 1 },
            error: None,
            dirty: false,
            discard: Discard::default(),
        });
    }

    fn toggle_filter(&mut self, action: SupAction) {
        let Some(p) = self.selected_callback() else {
            if self.filter != OverdueFilter::default() {
                self.filter = OverdueFilter::default();
                self.derive();
            }
            return;
        };
        let (engineer, branch) = (p.engineer.clone(), p.branch.clone());
        if action == SupAction::FilterEngineer {
            self.filter.engineer = match self.filter.engineer {
                Some(_) => None,
                None => Some(engineer),
            };
        } else {
            self.filter.branch = match self.filter.branch {
                Some(_) => None,
                None => Some(branch),
            };
        }
        self.derive();
    }

    fn form_edit(&mut self, e: FormEdit) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        if e != FormEdit::Cancel {
            form.discard.key_in(self.lang, &mut form.error);
        }
        match e {
            FormEdit::Next => {
                if form.kind == SupFormKind::Escalate {
                    form.focus = (form.focus + 1) % 2;
                }
            }
            FormEdit::Text(e) => {
                form.dirty |= form.focused().edit(e);
            }
            FormEdit::Cancel => {
                if form
                    .discard
                    .esc_closes(form.dirty, self.lang, &mut form.error)
                {
                    self.form = None;
                }
            }
            FormEdit::Submit => self.submit(),
        }
    }

    /// One desk call (one transaction) per form.
    fn submit(&mut self) {
        let Some(mut form) = self.form.take() else {
            return;
        };
        let lang = self.lang;
        let now = self.now_ts();
        let (to, note) = (
            form.to.text().trim().to_string(),
            form.note.text().trim().to_string(),
        );
        // Forms open only on a branch (`at_the_branch`).
        let Some(desk) = self.src.desk() else {
            return;
        };
        let result = match form.kind {
            SupFormKind::Escalate => desk
                .escalate(form.target, &to, &note, now)
                .map(|_| trf(lang, T::SupMsgEscalated, &[&form.job_no, &to]))
                .map_err(|e| crate::desk::said::desk_error(lang, &e)),
            SupFormKind::Acknowledge => desk
                .acknowledge(form.target, &note, now)
                .map(|_| trf(lang, T::SupMsgAcknowledged, &[&form.job_no]))
                .map_err(|e| crate::desk::said::desk_error(lang, &e)),
        };
        match result {
            Ok(text) => {
                self.say(text, false);
                self.refresh();
            }
            Err(text) => {
                form.error = Some(text);
                self.form = Some(form);
            }
        }
    }
}
