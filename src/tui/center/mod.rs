//! The center clerk's screen (`branchdesk center`): every expected branch in
//! a table, worst first (missing, late, open discrepancies, overdue
//! callbacks), its state at each check time of the day, and a countdown to
//! the next check. `Enter` shows a branch's report, `k` marks it checked at
//! the check time that counts now, `i` imports the reports folder.
//!
//! Same shape as the dashboard: keys become [`CenterAction`]s in
//! [`action`], [`CenterApp::update`] changes the state and calls the
//! `Center`, [`draw`] only reads the state.

use super::dashboard::form::TextInput;
use super::dashboard::view::{
    DIM, FOCUS, MIN_HEIGHT, MIN_WIDTH, notice, overlay_block, popup, too_small_message,
};
use crate::center::hm;
use crate::center::{BranchStatus, Center, CenterStatus, FileResult};
use crate::domain::center::CheckState;
use crate::domain::time::{Ts, parse_hhmm};
use crate::i18n::{Lang, T, code, code_short, pad, tr, trf, weekday};
use crate::store::center::ReportRow;
use anyhow::Result;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Clear, HighlightSpacing, Paragraph, Row, Table, TableState, Wrap,
};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CenterAction {
    /// The clock moved on.
    Tick(DateTime<FixedOffset>),
    /// Re-read if another process changed the database.
    Poll,
    Refresh,
    Quit,
    Up,
    Down,
    Home,
    End,
    PrevDay,
    NextDay,
    Today,
    Open,
    Check,
    Import,
    ToggleHelp,
    Close,
    Input(char),
    Backspace,
    Submit,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Help,
    Detail {
        branch: String,
        rows: Vec<ReportRow>,
        scroll: u16,
    },
    Check {
        branch: String,
        time: NaiveTime,
        note: TextInput,
        /// Esc was pressed once with a note typed: the next Esc discards.
        warned: bool,
    },
    Notice(Vec<String>),
}

pub struct CenterApp<'a> {
    pub center: &'a mut Center,
    pub lang: Lang,
    pub now: DateTime<FixedOffset>,
    /// The day shown.
    pub date: NaiveDate,
    /// The day follows the clock (until the clerk picks another day).
    pub follow_today: bool,
    pub status: CenterStatus,
    /// Indices into `status.branches`, worst first.
    pub order: Vec<usize>,
    pub selected: usize,
    pub overlay: Option<Overlay>,
    /// The message line: text, and whether it is an error.
    pub message: Option<(String, bool)>,
    pub should_quit: bool,
    data_version: i64,
    /// The states hold until this instant (the next check time of the day
    /// shown); past it, they are derived again.
    states_until: Option<Ts>,
}

impl<'a> CenterApp<'a> {
    pub fn new(center: &'a mut Center, lang: Lang, now: DateTime<FixedOffset>) -> Result<Self> {
        let date = center.zone.date_of(now.to_utc());
        let status = center.status(date, now.to_utc())?;
        let mut app = CenterApp {
            center,
            lang,
            now,
            date,
            follow_today: true,
            status,
            order: Vec::new(),
            selected: 0,
            overlay: None,
            message: None,
            should_quit: false,
            data_version: 0,
            states_until: None,
        };
        app.reload()?;
        Ok(app)
    }

    fn t(&self, t: T) -> &'static str {
        tr(self.lang, t)
    }

    /// The selected branch.
    pub fn current(&self) -> Option<&BranchStatus> {
        self.order
            .get(self.selected)
            .map(|&i| &self.status.branches[i])
    }

    fn reload(&mut self) -> Result<()> {
        let keep = self.current().map(|b| b.branch.clone());
        let now = self.now.to_utc();
        self.status = self.center.status(self.date, now)?;
        self.data_version = self
            .center
            .store
            .conn()
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let by_code = |code: &str| self.status.branches.iter().position(|b| b.branch == code);
        self.order = self
            .status
            .worst_first()
            .iter()
            .filter_map(|b| by_code(&b.branch))
            .collect();
        self.selected = keep
            .and_then(|k| {
                self.order
                    .iter()
                    .position(|&i| self.status.branches[i].branch == k)
            })
            .unwrap_or(0)
            .min(self.order.len().saturating_sub(1));
        let zone = self.center.zone;
        self.states_until = self
            .center
            .check_times
            .iter()
            .map(|&t| zone.at(self.date, t))
            .find(|&t| t >= now);
        Ok(())
    }

    fn refresh(&mut self) {
        if let Err(e) = self.reload() {
            self.message = Some((trf(self.lang, T::MsgError, &[&e]), true));
        }
    }

    pub fn update(&mut self, action: CenterAction) {
        use CenterAction::*;
        match action {
            Tick(now) => {
                self.now = now;
                let today = self.center.zone.date_of(now.to_utc());
                if self.follow_today && self.date != today {
                    self.date = today;
                    self.refresh();
                } else if self.states_until.is_some_and(|t| now.to_utc() > t) {
                    self.refresh();
                }
            }
            Poll => {
                let v: i64 = self
                    .center
                    .store
                    .conn()
                    .query_row("PRAGMA data_version", [], |r| r.get(0))
                    .unwrap_or(self.data_version);
                if v != self.data_version {
                    self.refresh();
                }
            }
            Refresh => self.refresh(),
            Quit => self.should_quit = true,
            Up => match &mut self.overlay {
                Some(Overlay::Detail { scroll, .. }) => *scroll = scroll.saturating_sub(1),
                _ => self.selected = self.selected.saturating_sub(1),
            },
            Down => match &mut self.overlay {
                Some(Overlay::Detail { scroll, rows, .. }) => {
                    *scroll = (*scroll + 1).min(rows.len() as u16 * 2 + 8)
                }
                _ => self.selected = (self.selected + 1).min(self.order.len().saturating_sub(1)),
            },
            Home => self.selected = 0,
            End => self.selected = self.order.len().saturating_sub(1),
            PrevDay | NextDay | Today => {
                let today = self.center.zone.date_of(self.now.to_utc());
                self.date = match action {
                    PrevDay => self.date - Duration::days(1),
                    NextDay => (self.date + Duration::days(1)).min(today),
                    _ => today,
                };
                self.follow_today = self.date == today;
                self.message = None;
                self.refresh();
            }
            Open => self.open(),
            Check => self.open_check(),
            Import => self.import(),
            ToggleHelp => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help) => None,
                    _ => Some(Overlay::Help),
                }
            }
            Close => match &mut self.overlay {
                Some(Overlay::Check { note, warned, .. }) if !note.text.is_empty() && !*warned => {
                    *warned = true;
                    self.message = Some((self.t(T::CenterEscAgain).to_string(), false));
                }
                Some(_) => {
                    self.overlay = None;
                    self.message = None;
                }
                None => self.message = None,
            },
            Input(c) => {
                if let Some(Overlay::Check { note, warned, .. }) = &mut self.overlay {
                    note.insert(c);
                    *warned = false;
                }
            }
            Backspace => {
                if let Some(Overlay::Check { note, .. }) = &mut self.overlay {
                    note.backspace();
                }
            }
            Submit => self.save_check(),
        }
    }

    fn open(&mut self) {
        let Some(b) = self.current() else {
            return;
        };
        let branch = b.branch.clone();
        match self.center.rows(&branch, self.date) {
            Ok(rows) => {
                self.overlay = Some(Overlay::Detail {
                    branch,
                    rows,
                    scroll: 0,
                })
            }
            Err(e) => self.message = Some((trf(self.lang, T::MsgError, &[&e]), true)),
        }
    }

    /// The check time a mark goes to: the one that counts now for the day
    /// shown (the last one for a past day).
    fn check_time(&self) -> Option<NaiveTime> {
        self.status
            .current_check
            .as_deref()
            .and_then(|t| parse_hhmm(t).ok())
    }

    fn open_check(&mut self) {
        let (Some(b), Some(time)) = (self.current(), self.check_time()) else {
            return;
        };
        let branch = b.branch.clone();
        let earlier = b
            .checks
            .iter()
            .find(|c| parse_hhmm(&c.check_time).ok() == Some(time))
            .and_then(|c| c.checked.as_ref())
            .map(|c| c.note.clone())
            .unwrap_or_default();
        self.overlay = Some(Overlay::Check {
            branch,
            time,
            note: TextInput::new(&earlier),
            warned: false,
        });
    }

    fn save_check(&mut self) {
        let Some(Overlay::Check {
            branch, time, note, ..
        }) = self.overlay.clone()
        else {
            return;
        };
        let now = self.now.to_utc();
        match self
            .center
            .mark_checked(&branch, self.date, time, &note.text, now)
        {
            Ok(()) => {
                self.overlay = None;
                let hm = time.format("%H:%M").to_string();
                self.message = Some((trf(self.lang, T::MsgCenterChecked, &[&branch, &hm]), false));
                self.refresh();
            }
            Err(e) => self.message = Some((trf(self.lang, T::MsgError, &[&e]), true)),
        }
    }

    fn import(&mut self) {
        let dir = match self.center.reports_dir() {
            Ok(Some(d)) => d,
            Ok(None) => {
                self.message = Some((self.t(T::MsgCenterNoDir).to_string(), true));
                return;
            }
            Err(e) => {
                self.message = Some((trf(self.lang, T::MsgError, &[&e]), true));
                return;
            }
        };
        match self.center.import_dir(&dir, self.now.to_utc()) {
            Ok(run) => {
                let shown = dir.display().to_string();
                let rejected = run.rejected();
                let unchanged = run.files.len() - run.imported() - rejected;
                let mut lines = vec![trf(
                    self.lang,
                    T::MsgCenterImported,
                    &[&shown, &run.imported(), &unchanged, &rejected],
                )];
                for f in &run.files {
                    if let FileResult::Rejected(why) = &f.result {
                        let name = f
                            .path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let first = why.first().cloned().unwrap_or_default();
                        lines.push(trf(self.lang, T::CenterRejected, &[&name, &first]));
                    }
                }
                // Links, FIFOs, devices, unreadable folders under DIR.
                for n in &run.notes {
                    lines.push(trf(self.lang, T::CenterSkipped, &[n]));
                }
                self.message = Some((lines[0].clone(), rejected > 0));
                self.overlay = Some(Overlay::Notice(lines));
                self.refresh();
            }
            Err(e) => self.message = Some((trf(self.lang, T::MsgError, &[&e]), true)),
        }
    }
}

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
            KeyCode::Backspace => Some(Backspace),
            KeyCode::Char(c) if !ctrl => Some(Input(c)),
            _ => None,
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

/// Runs the center screen until the clerk quits.
pub fn run(center: &mut Center, lang: Lang, start: DateTime<FixedOffset>) -> Result<()> {
    let clock = super::clock_from(start);
    let mut app = CenterApp::new(center, lang, clock())?;
    super::run_screen(&mut app, clock)
}

impl super::Screen for CenterApp<'_> {
    type Action = CenterAction;
    fn draw(&self, f: &mut Frame) {
        draw(self, f)
    }
    fn action(&self, key: KeyEvent) -> Option<CenterAction> {
        action(self, key)
    }
    fn update(&mut self, a: CenterAction) {
        CenterApp::update(self, a)
    }
    fn set_now(&mut self, now: DateTime<FixedOffset>) {
        self.now = now;
    }
    fn tick(now: DateTime<FixedOffset>) -> CenterAction {
        CenterAction::Tick(now)
    }
    fn poll() -> CenterAction {
        CenterAction::Poll
    }
    fn should_quit(&self) -> bool {
        self.should_quit
    }
}

// ---- Drawing: reads the state only ---------------------------------------

pub fn draw(app: &CenterApp, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small_message(app.lang, f, area);
        return;
    }
    let [header, table, summary, message, footer] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Length(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, f, header);
    render_table(app, f, table);
    render_summary(app, f, summary);
    if let Some((text, error)) = &app.message {
        let style = if *error {
            Style::new().fg(Color::Red).bold()
        } else {
            Style::new().fg(Color::Green)
        };
        f.render_widget(Line::from(text.clone()).style(style), message);
    }
    render_footer(app, f, footer);
    match &app.overlay {
        Some(Overlay::Help) => render_help(app, f, area),
        Some(Overlay::Detail {
            branch,
            rows,
            scroll,
        }) => render_detail(app, branch, rows, *scroll, f, area),
        Some(Overlay::Check {
            branch, time, note, ..
        }) => render_check(app, branch, *time, note, f, area),
        Some(Overlay::Notice(lines)) => notice(app.lang, lines, f, area),
        None => {}
    }
}

fn t(app: &CenterApp, t: T) -> &'static str {
    tr(app.lang, t)
}

/// `H:MM:SS` until `to`.
fn countdown(from: DateTime<FixedOffset>, to: Ts) -> String {
    let s = (to - from.to_utc()).num_seconds().max(0);
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

fn render_header(app: &CenterApp, f: &mut Frame, area: Rect) {
    let s = &app.status;
    let lang = app.lang;
    let clock = app.now.format("%Y-%m-%d %H:%M:%S").to_string();
    let left = vec![
        Span::styled(t(app, T::CenterName), Style::new().fg(FOCUS).bold()),
        Span::raw("  "),
        Span::styled(format!("{} ", t(app, T::CenterDay)), Style::new().fg(DIM)),
        Span::raw(format!(
            "{} {}",
            app.date,
            weekday(lang, chrono::Datelike::weekday(&app.date))
        ))
        .bold(),
        Span::raw("  "),
    ];
    let [l, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(clock.width() as u16),
    ])
    .areas(Rect { height: 1, ..area });
    f.render_widget(Line::from(left), l);
    f.render_widget(Line::from(clock).bold(), r);

    let today = app.center.zone.date_of(app.now.to_utc());
    let next = match &s.next_check {
        Some(n) => {
            let at = parse_hhmm(n)
                .map(|t| app.center.zone.at(app.date, t))
                .unwrap_or(app.now.to_utc());
            Span::styled(
                trf(lang, T::CenterNextCheck, &[n, &countdown(app.now, at)]),
                Style::new().fg(Color::Yellow).bold(),
            )
        }
        None if app.date < today => Span::styled(t(app, T::CenterPastDay), Style::new().fg(DIM)),
        None => Span::styled(t(app, T::CenterNoMoreChecks), Style::new().fg(DIM)),
    };
    let mut times = vec![
        Span::styled(
            trf(lang, T::CenterCheckTimes, &[&s.check_times.join(", ")]),
            Style::new().fg(DIM),
        ),
        Span::raw("   "),
        next,
    ];
    // issue 15: from the reports' open_items codes, when there are any (on
    // this line: the counts' line is full at 80 columns).
    let complaints: usize = s.branches.iter().map(|b| b.figures.complaints_open).sum();
    let onsite: usize = s.branches.iter().map(|b| b.figures.response_overdue).sum();
    for (n, text, colour) in [
        (complaints, T::CenterCountComplaints, Color::LightRed),
        (onsite, T::CenterCountOnsite, Color::Red),
    ] {
        if n > 0 {
            times.push(Span::raw("  "));
            times.push(Span::styled(
                trf(lang, text, &[&n]),
                Style::new().fg(colour),
            ));
        }
    }
    let times = Line::from(times);
    f.render_widget(
        times,
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
    );

    let count = |state| s.branches.iter().filter(|b| b.current == state).count();
    let disc: usize = s
        .branches
        .iter()
        .map(|b| b.figures.open_discrepancies())
        .sum();
    let overdue: usize = s.branches.iter().map(|b| b.figures.callbacks_overdue).sum();
    let warn = |n: usize, style: Style| if n > 0 { style } else { Style::new().fg(DIM) };
    let counts = vec![
        Span::raw(trf(lang, T::CenterCounts, &[&s.branches.len()])),
        Span::raw("  "),
        Span::styled(
            trf(lang, T::CenterCountMissing, &[&count(CheckState::Missing)]),
            warn(
                count(CheckState::Missing),
                Style::new().fg(Color::Red).bold(),
            ),
        ),
        Span::raw("  "),
        Span::styled(
            trf(lang, T::CenterCountLate, &[&count(CheckState::Late)]),
            warn(
                count(CheckState::Late),
                Style::new().fg(Color::Yellow).bold(),
            ),
        ),
        Span::raw("  "),
        Span::styled(
            trf(lang, T::CenterCountDisc, &[&disc]),
            warn(disc, Style::new().fg(Color::Magenta)),
        ),
        Span::raw("  "),
        Span::styled(
            trf(lang, T::CenterCountOverdue, &[&overdue]),
            warn(overdue, Style::new().fg(Color::Red)),
        ),
    ];
    let counts = Line::from(counts);
    f.render_widget(
        counts,
        Rect {
            y: area.y + 2,
            height: 1,
            ..area
        },
    );
}

pub fn state_style(s: CheckState) -> Style {
    match s {
        CheckState::OnTime => Style::new().fg(Color::Green),
        CheckState::Late => Style::new().fg(Color::Yellow).bold(),
        CheckState::Missing => Style::new().fg(Color::Red).bold(),
        CheckState::Pending => Style::new().fg(DIM),
    }
}

/// A column: header, width, and priority (higher is left out first).
struct Col {
    title: String,
    width: u16,
    priority: u8,
}

fn render_table(app: &CenterApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let block = Block::bordered()
        .title(Line::from(format!(" {} ", t(app, T::CenterTable))).bold())
        .border_style(Style::new().fg(FOCUS));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if app.order.is_empty() {
        f.render_widget(
            Paragraph::new(t(app, T::CenterNoBranches))
                .wrap(Wrap { trim: true })
                .style(Style::new().fg(DIM)),
            inner.inner(Margin::new(1, 0)),
        );
        return;
    }
    let n = |title: T, priority| Col {
        title: tr(lang, title).to_string(),
        width: (tr(lang, title).width() as u16).max(4),
        priority,
    };
    let mut cols = vec![
        Col {
            title: tr(lang, T::ColBranch).into(),
            width: app
                .status
                .branches
                .iter()
                .map(|b| b.branch.width())
                .max()
                .unwrap_or(6)
                .clamp(6, 12) as u16,
            priority: 0,
        },
        Col {
            title: tr(lang, T::ColBranchName).into(),
            width: app
                .status
                .branches
                .iter()
                .map(|b| b.name.width())
                .max()
                .unwrap_or(4)
                .clamp(4, 12) as u16,
            priority: 3,
        },
    ];
    for c in &app.status.check_times {
        cols.push(Col {
            title: c.clone(),
            width: match lang {
                Lang::En => 9,
                Lang::Zh => 6,
            },
            priority: 0,
        });
    }
    cols.push(Col {
        title: tr(lang, T::ColReport).into(),
        width: 11,
        priority: 1,
    });
    cols.push(Col {
        title: tr(lang, T::ColReportState).into(),
        width: [
            T::ColReportState,
            T::CenterNotReconciled,
            T::CenterBeforeCutoff,
        ]
        .iter()
        .map(|t| tr(lang, *t).width() as u16)
        .max()
        .unwrap_or(8),
        priority: 1,
    });
    cols.extend([
        n(T::ColJobs, 2),
        n(T::ColDone, 4),
        n(T::ColCbPending, 3),
        n(T::ColCbOverdue, 1),
        n(T::ColUnsatisfied, 2),
        n(T::ColOpenDisc, 1),
        n(T::ColOwed, 3),
        n(T::ColBacklog, 1),
        n(T::ColComplaintsOpen, 4),
        n(T::ColOnsiteLate, 4),
    ]);
    // Leave out the lowest priorities until the rest fits.
    let avail = inner.width.saturating_sub(2);
    let mut keep: Vec<bool> = vec![true; cols.len()];
    let used = |keep: &[bool]| -> u16 {
        cols.iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c.width + 1)
            .sum()
    };
    for p in (1..=4).rev() {
        for i in (0..cols.len()).rev() {
            if used(&keep) > avail && cols[i].priority == p {
                keep[i] = false;
            }
        }
    }
    let kept: Vec<usize> = (0..cols.len()).filter(|&i| keep[i]).collect();
    let height = inner.height.saturating_sub(1) as usize;
    let len = app.order.len();
    let start = app
        .selected
        .saturating_sub(height / 2)
        .min(len.saturating_sub(height));
    let end = (start + height).min(len);
    let num = |v: usize, alert: Style| {
        if v == 0 {
            Line::from("0").style(Style::new().fg(DIM)).right_aligned()
        } else {
            Line::from(v.to_string()).style(alert).right_aligned()
        }
    };
    // Rows for the visible window only.
    let rows: Vec<Row> = (start..end)
        .map(|pos| {
            let b = &app.status.branches[app.order[pos]];
            let fig = &b.figures;
            let mut cells: Vec<Line> = vec![
                Line::from(b.branch.clone()).bold(),
                Line::from(b.name.clone()),
            ];
            for c in &b.checks {
                let mut spans = vec![Span::styled(
                    code_short(lang, c.state.code()),
                    state_style(c.state),
                )];
                if c.checked.is_some() {
                    spans.push(Span::styled(" ✓", Style::new().fg(Color::Green)));
                }
                cells.push(Line::from(spans));
            }
            cells.push(match &b.report {
                Some(r) => Line::from(trf(
                    lang,
                    T::CenterGeneration,
                    &[&r.generation, &hm(&r.generated_at)],
                )),
                None => Line::from(t(app, T::CenterNoReport)).style(Style::new().fg(DIM)),
            });
            cells.push(report_state(app, b));
            let plain = Style::new();
            cells.extend([
                num(fig.jobs, plain),
                num(fig.completed, plain),
                num(fig.callbacks_pending, plain),
                num(fig.callbacks_overdue, Style::new().fg(Color::Red).bold()),
                num(fig.unsatisfied, Style::new().fg(Color::Yellow)),
                num(
                    fig.open_discrepancies(),
                    Style::new().fg(Color::Magenta).bold(),
                ),
                num(fig.invoices_owed, Style::new().fg(Color::Magenta)),
                num(
                    b.report.as_ref().map_or(0, |r| r.open_rows),
                    Style::new().fg(Color::Yellow).bold(),
                ),
                num(fig.complaints_open, Style::new().fg(Color::LightRed)),
                num(fig.response_overdue, Style::new().fg(Color::Red)),
            ]);
            let mut cells: Vec<Option<Line>> = cells.into_iter().map(Some).collect();
            Row::new(
                kept.iter()
                    .map(|&i| Cell::from(cells[i].take().unwrap_or_default()))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let header = Row::new(
        kept.iter()
            .map(|&i| {
                let title = cols[i].title.clone();
                // Numbers are right-aligned under right-aligned titles.
                if i >= cols.len() - 10 {
                    Cell::from(Line::from(title).right_aligned())
                } else {
                    Cell::from(title)
                }
            })
            .collect::<Vec<_>>(),
    )
    .style(Style::new().fg(DIM).add_modifier(Modifier::UNDERLINED));
    let widths: Vec<Constraint> = kept
        .iter()
        .map(|&i| Constraint::Length(cols[i].width))
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .highlight_symbol(">")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(Some(app.selected - start));
    f.render_stateful_widget(table, inner, &mut state);
}

/// The report's state at a glance: reconciliation not run (red), made
/// before the branch's cut-off (yellow), or final.
fn report_state(app: &CenterApp, b: &BranchStatus) -> Line<'static> {
    match &b.report {
        None => Line::default(),
        Some(r) if r.reconciled_at.is_none() => {
            Line::from(t(app, T::CenterNotReconciled)).style(Style::new().fg(Color::Red).bold())
        }
        Some(r) if !r.is_final => {
            Line::from(t(app, T::CenterBeforeCutoff)).style(Style::new().fg(Color::Yellow))
        }
        Some(_) => Line::from(t(app, T::CenterFinal)).style(Style::new().fg(Color::Green)),
    }
}

/// `still open: card awaiting 3, not at home 1` and whether the report is
/// reconciled and final, for the summary and the report overlay.
fn backlog_lines(app: &CenterApp, r: &crate::center::ReportInfo) -> Vec<Line<'static>> {
    let lang = app.lang;
    let kinds: Vec<String> = r
        .open_items
        .iter()
        .map(|(k, n)| format!("{} {n}", code(lang, k)))
        .collect();
    let open = if kinds.is_empty() {
        Span::styled(t(app, T::CenterNothingOpen), Style::new().fg(DIM))
    } else {
        Span::styled(
            format!("{}: {}", t(app, T::CenterBacklog), kinds.join(", ")),
            Style::new().fg(Color::Yellow),
        )
    };
    let recon = match &r.reconciled_at {
        Some(at) => Span::styled(
            trf(lang, T::CenterReconciledAt, &[&hm(at)]),
            Style::new().fg(Color::Green),
        ),
        None => Span::styled(
            t(app, T::CenterReconciliationNotRun),
            Style::new().fg(Color::Red).bold(),
        ),
    };
    let made = if r.is_final {
        Span::styled(
            trf(lang, T::CenterMadeFinal, &[&hm(&r.cutoff_at)]),
            Style::new().fg(Color::Green),
        )
    } else {
        Span::styled(
            trf(lang, T::CenterMadeBeforeCutoff, &[&hm(&r.cutoff_at)]),
            Style::new().fg(Color::Yellow).bold(),
        )
    };
    vec![
        Line::from(vec![recon, Span::raw(" · "), made]),
        Line::from(open),
    ]
}

fn render_summary(app: &CenterApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let block = Block::bordered().border_style(Style::new().fg(DIM));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(b) = app.current() else {
        return;
    };
    let kinds: Vec<String> = b
        .figures
        .discrepancies_open
        .iter()
        .map(|(k, n)| format!("{} {n}", code(lang, k)))
        .collect();
    let mut first = vec![Span::raw(format!("{} {}", b.branch, b.name)).bold()];
    if !kinds.is_empty() {
        first.push(Span::raw("  "));
        first.push(Span::styled(
            format!("{}: {}", t(app, T::CenterDetailDisc), kinds.join(", ")),
            Style::new().fg(Color::Magenta),
        ));
    }
    let mut marks = Vec::new();
    for c in &b.checks {
        let text = match &c.checked {
            Some(k) => {
                let note = if k.note.is_empty() {
                    String::new()
                } else {
                    format!(" «{}»", k.note)
                };
                format!(
                    "{} {}{note}",
                    c.check_time,
                    trf(lang, T::CenterChecked, &[&hm(&k.at), &k.by])
                )
            }
            None => trf(lang, T::CenterNotChecked, &[&c.check_time]),
        };
        if !marks.is_empty() {
            marks.push(Span::raw("  "));
        }
        let style = if c.checked.is_some() {
            Style::new().fg(Color::Green)
        } else {
            Style::new().fg(DIM)
        };
        marks.push(Span::styled(text, style));
    }
    let mut lines = vec![Line::from(first)];
    if let Some(r) = &b.report {
        let [state, open] = <[Line; 2]>::try_from(backlog_lines(app, r)).unwrap_or_default();
        let mut spans = state.spans;
        spans.push(Span::raw("  "));
        spans.extend(open.spans);
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(marks));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

fn render_footer(app: &CenterApp, f: &mut Frame, area: Rect) {
    let keys = [
        ("↑↓", T::CenterKeyMove),
        ("Enter", T::CenterKeyOpen),
        ("k", T::CenterKeyCheck),
        ("i", T::CenterKeyImport),
        ("←→", T::CenterKeyDay),
        ("t", T::CenterKeyToday),
        ("?", T::CenterKeyHelp),
        ("q", T::CenterKeyQuit),
    ];
    let mut spans = Vec::new();
    for (key, label) in keys {
        spans.push(Span::styled(key, Style::new().fg(FOCUS).bold()));
        spans.push(Span::raw(format!(" {}  ", tr(app.lang, label))).fg(Color::Gray));
    }
    f.render_widget(Line::from(spans), area);
}

fn render_detail(
    app: &CenterApp,
    branch: &str,
    rows: &[ReportRow],
    scroll: u16,
    f: &mut Frame,
    area: Rect,
) {
    let lang = app.lang;
    let b = app.status.branches.iter().find(|b| b.branch == branch);
    let name = b.map(|b| b.name.as_str()).unwrap_or("");
    let area = area.inner(Margin::new(1, 1));
    let block = overlay_block(trf(
        lang,
        T::CenterDetailTitle,
        &[&branch, &name, &app.date],
    ));
    let mut lines = Vec::new();
    match b.and_then(|b| b.report.as_ref()) {
        Some(r) => lines.push(Line::from(trf(
            lang,
            T::CenterDetailReport,
            &[
                &r.generation,
                &hm(&r.generated_at),
                &hm(&r.first_generated_at),
                &hm(&r.imported_at),
                &r.rows,
            ],
        ))),
        None => lines.push(Line::from(t(app, T::CenterDetailNoReport)).fg(Color::Red)),
    }
    if let Some(r) = b.and_then(|b| b.report.as_ref()) {
        lines.extend(backlog_lines(app, r));
    }
    let open: Vec<&ReportRow> = rows
        .iter()
        .filter(|r| !r.facts.discrepancies_open.is_empty())
        .collect();
    if !open.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(format!("{} ({})", t(app, T::CenterDetailDisc), open.len())).bold());
        for r in open {
            let kinds: Vec<String> = r
                .facts
                .discrepancies_open
                .iter()
                .map(|k| code(lang, k))
                .collect();
            lines.push(Line::from(vec![
                Span::raw(format!("  {} ", pad(&r.job_no, 13))),
                Span::raw(format!("{} ", pad(&r.engineer, 6))),
                Span::styled(kinds.join(", "), Style::new().fg(Color::Magenta)),
            ]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(format!("{} ({})", t(app, T::CenterDetailJobs), rows.len())).bold());
    for r in rows {
        let cb = if r.facts.callback_kind.is_empty() {
            String::new()
        } else {
            let result = if r.facts.callback_result.is_empty() {
                String::new()
            } else {
                format!(" {}", code_short(lang, &r.facts.callback_result))
            };
            format!("{}{result}", code_short(lang, &r.facts.callback_kind))
        };
        let cb_style = if r.facts.callback_overdue {
            Style::new().fg(Color::Red).bold()
        } else {
            Style::new()
        };
        let spans = vec![
            Span::raw(format!("  {} ", pad(&r.job_no, 13))),
            Span::raw(format!("{} ", pad(&r.engineer, 6))),
            Span::raw(format!("{} ", pad(&code_short(lang, &r.facts.status), 10))),
            Span::raw(format!("{} ", pad(&code_short(lang, &r.outcome), 9))),
            Span::styled(format!("{} ", pad(&cb, 14)), cb_style),
            Span::raw(code_short(lang, &r.card_state)),
        ];
        lines.push(Line::from(spans));
    }
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

fn render_check(
    app: &CenterApp,
    branch: &str,
    time: NaiveTime,
    note: &TextInput,
    f: &mut Frame,
    area: Rect,
) {
    let lang = app.lang;
    let hm = time.format("%H:%M").to_string();
    let area = popup(area, 64, 7);
    let block = overlay_block(trf(lang, T::CenterCheckTitle, &[&branch, &hm]));
    let inner = block.inner(area);
    f.render_widget(Clear, area);
    f.render_widget(block, area);
    let label = format!("{}: ", t(app, T::CenterCheckNote));
    let room = (inner.width as usize).saturating_sub(label.width() + 1);
    // Keep the cursor in view on a long note: show its tail.
    let before = note.before_cursor();
    let mut shown: String = before.to_string();
    while shown.width() > room {
        shown.remove(0);
    }
    let lines = vec![
        Line::from(vec![
            Span::styled(label.clone(), Style::new().fg(DIM)),
            Span::raw(shown.clone()).underlined(),
        ]),
        Line::default(),
        Line::from(t(app, T::CenterCheckHint)).fg(DIM),
    ];
    f.render_widget(Paragraph::new(lines), inner);
    f.set_cursor_position((inner.x + (label.width() + shown.width()) as u16, inner.y));
}

fn render_help(app: &CenterApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let area = popup(area, 76, 21);
    let block = overlay_block(t(app, T::HelpTitle).to_string());
    let k = Style::new().fg(FOCUS).bold();
    let mut lines: Vec<Line> = help_keys()
        .iter()
        .map(|(key, desc)| {
            Line::from(vec![
                Span::styled(pad(key, 10), k),
                Span::raw(tr(lang, *desc)),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::from(t(app, T::CenterHelpStates)).bold());
    for (state, desc) in [
        (CheckState::OnTime, T::CenterHelpOnTime),
        (CheckState::Late, T::CenterHelpLate),
        (CheckState::Missing, T::CenterHelpMissing),
        (CheckState::Pending, T::CenterHelpPending),
    ] {
        lines.push(Line::from(vec![
            Span::styled(pad(&code_short(lang, state.code()), 10), state_style(state)),
            Span::raw(tr(lang, desc)),
        ]));
    }
    for (mark, style, desc) in [
        (
            T::CenterNotReconciled,
            Style::new().fg(Color::Red).bold(),
            T::CenterHelpNotReconciled,
        ),
        (
            T::CenterBeforeCutoff,
            Style::new().fg(Color::Yellow),
            T::CenterHelpBeforeCutoff,
        ),
        (
            T::ColBacklog,
            Style::new().fg(Color::Yellow).bold(),
            T::CenterHelpBacklog,
        ),
    ] {
        lines.push(Line::from(vec![
            Span::styled(pad(tr(lang, mark), 10), style),
            Span::raw(tr(lang, desc)),
        ]));
    }
    f.render_widget(Clear, area);
    f.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
mod tests;
