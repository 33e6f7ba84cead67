//! The center screen's state and the one place that changes it.

use crate::center::{BranchStatus, Center, CenterStatus, FileResult};
use crate::domain::time::{Ts, parse_hhmm};
use crate::i18n::{Lang, T, tr, trf};
use crate::store::center::ReportRow;
use crate::tui::kit::discard::{Discard, Esc};
use crate::tui::kit::input::{Edit, TextInput};
use crate::tui::kit::message::Message;
use anyhow::Result;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};

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
    /// A page up or down (the report overlay).
    PageUp,
    PageDown,
    PrevDay,
    NextDay,
    Today,
    Open,
    Check,
    Import,
    ToggleHelp,
    Close,
    /// An edit of the check's note.
    Edit(Edit),
    Submit,
    /// The branches' cases, a ruling (its decision chosen with
    /// ←→), the rulings exported.
    Cases,
    Rule,
    Choose(i8),
    ExportRulings,
}

/// The decisions a ruling may take, in the order ←→ cycles them.
pub const DECISIONS: &[crate::domain::case::Decision] = &[
    crate::domain::case::Decision::Approved,
    crate::domain::case::Decision::Rejected,
    crate::domain::case::Decision::Other,
];

/// A ruling being written on the selected case.
#[derive(Debug, Clone)]
pub struct RuleDraft {
    pub decision: usize,
    pub note: TextInput,
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
        discard: Discard,
    },
    Notice(Vec<String>),
    /// Every case the branches reported, by branch.
    Cases {
        cases: Vec<crate::center::rulings::CenterCase>,
        selected: usize,
        rule: Option<RuleDraft>,
    },
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
    pub message: Option<Message>,
    pub should_quit: bool,
    /// The report overlay's most scroll and page height at the size last
    /// drawn (the view sets them: every line of the report is a scroll
    /// away).
    pub detail_max: std::cell::Cell<u16>,
    pub detail_page: std::cell::Cell<u16>,
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
            detail_max: Default::default(),
            detail_page: std::cell::Cell::new(10),
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

    fn say(&mut self, text: String) {
        self.message = Some(Message::say(text, self.now));
    }

    fn warn(&mut self, text: String) {
        self.message = Some(Message::warn(text, self.now));
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
        self.data_version = self.center.data_version()?;
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
            self.warn(crate::center::said::error_text(self.lang, &e));
        }
    }

    pub fn update(&mut self, action: CenterAction) {
        use CenterAction::*;
        // A key that acts closes the notice it was pressed over.
        if matches!(self.overlay, Some(Overlay::Notice(_)))
            && !matches!(action, Tick(_) | Poll | Refresh)
        {
            self.overlay = None;
        }
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
                let v = self.center.data_version().unwrap_or(self.data_version);
                if v != self.data_version {
                    self.refresh();
                }
            }
            Refresh => self.refresh(),
            Quit => self.should_quit = true,
            Up | Down | PageUp | PageDown | Home | End
                if matches!(self.overlay, Some(Overlay::Detail { .. })) =>
            {
                let max = i32::from(self.detail_max.get());
                let page = i32::from(self.detail_page.get().max(1));
                if let Some(Overlay::Detail { scroll, .. }) = &mut self.overlay {
                    let to = match action {
                        Up => i32::from(*scroll) - 1,
                        Down => i32::from(*scroll) + 1,
                        PageUp => i32::from(*scroll) - page,
                        PageDown => i32::from(*scroll) + page,
                        Home => 0,
                        _ => max,
                    };
                    *scroll = to.clamp(0, max) as u16;
                }
            }
            Up => match &mut self.overlay {
                Some(Overlay::Cases { selected, .. }) => *selected = selected.saturating_sub(1),
                _ => self.selected = self.selected.saturating_sub(1),
            },
            Down => match &mut self.overlay {
                Some(Overlay::Cases {
                    selected, cases, ..
                }) => *selected = (*selected + 1).min(cases.len().saturating_sub(1)),
                _ => self.selected = (self.selected + 1).min(self.order.len().saturating_sub(1)),
            },
            Home => self.selected = 0,
            End => self.selected = self.order.len().saturating_sub(1),
            PageUp | PageDown => {}
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
            Close => {
                let warn = match &mut self.overlay {
                    Some(Overlay::Check { note, discard, .. }) => {
                        discard.esc(!note.prefilled() && !note.is_empty()) == Esc::Warn
                    }
                    // Esc on a ruling being written goes back to the list.
                    Some(Overlay::Cases { rule, .. }) if rule.is_some() => {
                        *rule = None;
                        return;
                    }
                    _ => false,
                };
                if warn {
                    self.say(self.t(T::EscAgain).to_string());
                } else {
                    self.overlay = None;
                    self.message = None;
                }
            }
            Edit(e) => match &mut self.overlay {
                Some(Overlay::Check { note, discard, .. }) => {
                    note.edit(e);
                    discard.other_key();
                }
                Some(Overlay::Cases { rule: Some(r), .. }) => {
                    r.note.edit(e);
                }
                _ => {}
            },
            Submit => match &self.overlay {
                Some(Overlay::Cases { .. }) => self.save_ruling(),
                _ => self.save_check(),
            },
            Cases => self.open_cases(0),
            Rule => {
                if let Some(Overlay::Cases {
                    cases,
                    selected,
                    rule,
                }) = &mut self.overlay
                {
                    match cases.get(*selected) {
                        Some(k) if k.ruling.is_none() => {
                            *rule = Some(RuleDraft {
                                decision: 0,
                                note: TextInput::new(""),
                            })
                        }
                        Some(k) => {
                            let text = trf(self.lang, T::CenterCaseRuled, &[&k.case_id]);
                            self.warn(text);
                        }
                        None => {}
                    }
                }
            }
            Choose(by) => {
                if let Some(Overlay::Cases { rule: Some(r), .. }) = &mut self.overlay {
                    let n = DECISIONS.len() as i8;
                    r.decision = ((r.decision as i8 + by).rem_euclid(n)) as usize;
                }
            }
            ExportRulings => self.export_rulings(),
        }
    }

    /// Shows `day` (not after today); today follows the clock again.
    pub fn show_day(&mut self, day: NaiveDate) {
        let today = self.center.zone.date_of(self.now.to_utc());
        self.date = day.min(today);
        self.follow_today = self.date == today;
        self.refresh();
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
            Err(e) => self.warn(crate::center::said::center_error(self.lang, &e)),
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
            discard: Discard::default(),
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
            .mark_checked(&branch, self.date, time, note.text(), now)
        {
            Ok(()) => {
                self.overlay = None;
                let hm = time.format("%H:%M").to_string();
                self.say(trf(self.lang, T::MsgCenterChecked, &[&branch, &hm]));
                self.refresh();
            }
            Err(e) => self.warn(crate::center::said::center_error(self.lang, &e)),
        }
    }

    /// The cases list, the selection kept where it was.
    fn open_cases(&mut self, selected: usize) {
        match self.center.cases() {
            Ok(cases) => {
                let selected = selected.min(cases.len().saturating_sub(1));
                self.overlay = Some(Overlay::Cases {
                    cases,
                    selected,
                    rule: None,
                });
            }
            Err(e) => self.warn(crate::center::said::center_error(self.lang, &e)),
        }
    }

    fn save_ruling(&mut self) {
        let Some(Overlay::Cases {
            cases,
            selected,
            rule: Some(r),
        }) = self.overlay.clone()
        else {
            return;
        };
        let Some(k) = cases.get(selected) else {
            return;
        };
        let decision = DECISIONS[r.decision];
        match self.center.rule(
            &k.branch,
            k.case_id,
            decision,
            r.note.text(),
            self.now.to_utc(),
        ) {
            Ok(()) => {
                let d = crate::i18n::code(self.lang, decision.code());
                self.say(trf(self.lang, T::CenterRuled, &[&k.branch, &k.case_id, &d]));
                self.open_cases(selected);
            }
            Err(e) => self.warn(crate::center::said::center_error(self.lang, &e)),
        }
    }

    /// The rulings not yet sent, one signed file per branch, into the
    /// reports folder (else `exports/`).
    fn export_rulings(&mut self) {
        let dir = match self.center.reports_dir() {
            Ok(Some(d)) => d,
            _ => std::path::PathBuf::from("exports"),
        };
        let keys = self.center.keys.clone();
        match self.center.export_rulings(&keys, &dir, self.now.to_utc()) {
            Ok(files) if files.is_empty() => self.say(self.t(T::CenterNoRulings).to_string()),
            Ok(files) => {
                let lines: Vec<String> = files
                    .iter()
                    .map(|f| {
                        trf(
                            self.lang,
                            T::CenterRulingsWritten,
                            &[&f.path.display(), &f.rulings, &f.branch],
                        )
                    })
                    .collect();
                self.say(lines[0].clone());
                self.overlay = Some(Overlay::Notice(lines));
            }
            Err(e) => self.warn(crate::center::said::center_error(self.lang, &e)),
        }
    }

    fn import(&mut self) {
        let dir = match self.center.reports_dir() {
            Ok(Some(d)) => d,
            Ok(None) => {
                self.warn(self.t(T::MsgCenterNoDir).to_string());
                return;
            }
            Err(e) => {
                self.warn(crate::center::said::center_error(self.lang, &e));
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
                        let first = why
                            .first()
                            .map(|w| crate::center::said::report_problem(self.lang, w))
                            .unwrap_or_default();
                        lines.push(trf(self.lang, T::CenterRejected, &[&name, &first]));
                    }
                }
                // Links, FIFOs, devices, unreadable folders under DIR.
                for n in &run.notes {
                    let n = crate::center::said::report_problem(self.lang, n);
                    lines.push(trf(self.lang, T::CenterSkipped, &[&n]));
                }
                self.message = Some(Message {
                    text: lines[0].clone(),
                    error: rejected > 0,
                    at: self.now,
                });
                self.overlay = Some(Overlay::Notice(lines));
                self.refresh();
            }
            Err(e) => self.warn(crate::center::said::center_error(self.lang, &e)),
        }
    }
}
