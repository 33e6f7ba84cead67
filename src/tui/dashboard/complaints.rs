//! The dashboard's complaints: the list of complaints not
//! settled, with the countdown to their deadline (answer, then settle)
//! coloured at 75 % and when overdue as callbacks are, and below it the
//! jobs past their on-site commitment; the keys that add a complaint (from
//! the selected job, pre-filled; or in one key from an `unsatisfied` or
//! `denies_signature` callback result), answer it and settle it.

use super::action::Action;
use super::form::{FieldId, Form, Parsed};
use super::model::{Ctx, Outcome, hours_minutes};
use crate::desk::Desk;
use crate::desk::complaints::ComplaintItem;
use crate::domain::callback::{CallbackResult, Urgency, overdue_minutes};
use crate::domain::complaint::{Category, Source};
use crate::domain::time::{Ts, short};
use crate::i18n::{Lang, T, code, tr, trf};
use crate::tui::kit::columns::{self, always, drop};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

/// The complaints list on screen: one selection over the complaints and,
/// after them, the jobs past their on-site commitment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ComplaintsView {
    pub selected: usize,
}

/// A complaint a callback result offers to open (one key: `a`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub job_no: String,
    pub category: Category,
}

/// This feature's state, owned by the `App`: the list when open, and the
/// complaint a callback result offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintsPanel {
    pub view: Option<ComplaintsView>,
    pub offer: Option<Offer>,
}

/// What the selection points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selected {
    Complaint(usize),
    Onsite(usize),
}

/// The complaints in the order shown: the most urgent first (overdue,
/// then due soon), then by deadline.
pub fn order(cx: &Ctx) -> Vec<usize> {
    let now = cx.now_ts();
    let list = &cx.report.complaints;
    let mut rows: Vec<usize> = (0..list.len()).collect();
    rows.sort_by_key(|&i| {
        let c = &list[i];
        (
            std::cmp::Reverse(c.urgency(now)),
            c.facts.next_deadline().1,
            c.id,
        )
    });
    rows
}

fn total(cx: &Ctx) -> usize {
    cx.report.complaints.len() + cx.report.response_overdue.len()
}

impl ComplaintsPanel {
    pub fn is_open(&self) -> bool {
        self.view.is_some()
    }

    pub fn close(&mut self) {
        self.view = None;
    }

    pub fn selected(&self, cx: &Ctx) -> Option<Selected> {
        let v = self.view?;
        let n = cx.report.complaints.len();
        if v.selected < n {
            Some(Selected::Complaint(order(cx)[v.selected]))
        } else if v.selected < total(cx) {
            Some(Selected::Onsite(v.selected - n))
        } else {
            None
        }
    }

    /// The actions of this feature (see [`Action`]); `selected_job` is the
    /// job the panels have selected (a new complaint's, when neither an
    /// offer nor the list gives one).
    pub fn update(
        &mut self,
        action: Action,
        cx: &Ctx,
        desk: &mut Desk,
        selected_job: Option<String>,
    ) -> Outcome {
        match action {
            Action::ToggleComplaints => {
                self.view = match self.view {
                    Some(_) => None,
                    None => Some(ComplaintsView::default()),
                };
                Outcome::Nothing
            }
            Action::ComplaintsMove(by) => {
                let n = total(cx);
                if let Some(v) = self.view.as_mut()
                    && n > 0
                {
                    v.selected = (v.selected as isize)
                        .saturating_add(by)
                        .clamp(0, n as isize - 1) as usize;
                }
                Outcome::Nothing
            }
            Action::OpenComplaint => self.open_add(cx, desk, selected_job),
            Action::ComplaintRespond => self.open_respond(cx),
            Action::ComplaintSettle => self.open_settle(cx),
            _ => Outcome::Nothing,
        }
    }

    /// A new complaint: the one a callback result offered, else on the job
    /// the list or the panels have selected (a job past its on-site promise
    /// is a `delay`), else about no job in particular.
    fn open_add(&mut self, cx: &Ctx, desk: &mut Desk, selected_job: Option<String>) -> Outcome {
        let (job_no, source, category) = if let Some(o) = self.offer.take() {
            (o.job_no, Source::Callback, o.category)
        } else if self.is_open() {
            match self.selected(cx) {
                Some(Selected::Onsite(i)) => (
                    cx.report.response_overdue[i].job_no.clone(),
                    Source::Hotline,
                    Category::Delay,
                ),
                _ => (String::new(), Source::Hotline, Category::Other),
            }
        } else {
            match selected_job {
                Some(j) => (j, Source::Hotline, Category::Other),
                None => return Outcome::Warn(tr(cx.lang, T::MsgNothingSelected).to_string()),
            }
        };
        let (customer, phone) = cx
            .search
            .get(&job_no)
            .map(|s| (s.customer.clone(), s.phone.clone()))
            .or_else(|| {
                cx.report
                    .today_jobs
                    .iter()
                    .find(|j| j.job_no == job_no)
                    .map(|j| (j.customer.clone(), j.phone.clone()))
            })
            // A job on no list of today's (past its on-site promise, say): the
            // database has it.
            .or_else(|| {
                (!job_no.is_empty())
                    .then(|| desk.job_detail(&job_no).ok())
                    .flatten()
                    .map(|d| (d.job.customer, d.job.phone))
            })
            .unwrap_or_default();
        Outcome::Form(Form::complaint(
            &job_no,
            source.code(),
            category.code(),
            &customer,
            &phone,
            None,
        ))
    }

    /// The complaint selected, or the refusal's text.
    fn selected_complaint(&self, cx: &Ctx) -> Result<ComplaintItem, String> {
        match self.selected(cx) {
            Some(Selected::Complaint(i)) => Ok(cx.report.complaints[i].clone()),
            _ => Err(tr(cx.lang, T::MsgSelectComplaint).to_string()),
        }
    }

    fn open_respond(&self, cx: &Ctx) -> Outcome {
        let c = match self.selected_complaint(cx) {
            Ok(c) => c,
            Err(text) => return Outcome::Warn(text),
        };
        if c.facts.responded_at.is_some() {
            let e = crate::desk::DeskError::ComplaintResponded(c.id);
            return Outcome::Warn(crate::desk::said::desk_error(cx.lang, &e));
        }
        let context = context_of(cx.lang, &c, &cx.zone);
        Outcome::Form(Form::complaint_respond(
            c.id,
            c.job_no.as_deref().unwrap_or(""),
            context,
        ))
    }

    fn open_settle(&self, cx: &Ctx) -> Outcome {
        let c = match self.selected_complaint(cx) {
            Ok(c) => c,
            Err(text) => return Outcome::Warn(text),
        };
        let context = context_of(cx.lang, &c, &cx.zone);
        Outcome::Form(Form::complaint_settle(
            c.id,
            c.job_no.as_deref().unwrap_or(""),
            &c.engineer,
            context,
        ))
    }

    /// After an `unsatisfied` or `denies_signature` result: a complaint on
    /// the job offered in one key; the offer's words for the message (and
    /// the notice, if one is shown).
    pub fn offer_after_callback(
        &mut self,
        lang: Lang,
        job_no: &str,
        result: CallbackResult,
    ) -> Option<String> {
        let category = match result {
            CallbackResult::Unsatisfied => Category::Quality,
            CallbackResult::DeniesSignature => Category::Forgery,
            _ => return None,
        };
        self.offer = Some(Offer {
            job_no: job_no.to_string(),
            category,
        });
        Some(trf(lang, T::MsgComplaintOffer, &[&job_no]))
    }
}

fn context_of(lang: Lang, c: &ComplaintItem, zone: &crate::domain::time::Zone) -> String {
    format!(
        "{} · {} · {} · {}",
        short(zone, c.facts.received_at),
        code(lang, c.source.code()),
        code(lang, c.category.code()),
        c.note
    )
}

/// A complaint's job, when given, must exist (checked as typed).
pub fn check_job(desk: &mut Desk, lang: Lang, form: &mut Form) -> bool {
    let job_no = form.raw(FieldId::JobNo).trim().to_string();
    if job_no.is_empty() || desk.job_exists(&job_no).unwrap_or(false) {
        return true;
    }
    form.set_error(FieldId::JobNo, trf(lang, T::ErrNoSuchJob, &[&job_no]));
    false
}

/// One `Desk` call per form.
pub fn save(desk: &mut Desk, lang: Lang, parsed: Parsed, now: Ts) -> Result<String, String> {
    let zone = desk.zone;
    Ok(match parsed {
        Parsed::Complaint(input) => {
            let id = desk
                .add_complaint(&input, now)
                .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
            let item = desk
                .complaints(false, now)
                .ok()
                .and_then(|l| l.into_iter().find(|c| c.id == id));
            let by = item
                .map(|c| short(&zone, c.facts.respond_by))
                .unwrap_or_default();
            trf(lang, T::MsgComplaintAdded, &[&id, &by])
        }
        Parsed::ComplaintRespond { id, note } => {
            desk.respond_complaint(id, &note, now)
                .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
            trf(lang, T::MsgComplaintResponded, &[&id])
        }
        Parsed::ComplaintSettle {
            id,
            resolution,
            engineer,
            note,
        } => {
            let engineer = (!engineer.is_empty()).then_some(engineer.as_str());
            desk.settle_complaint(id, resolution, &note, engineer, now)
                .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
            trf(
                lang,
                T::MsgComplaintSettled,
                &[&id, &code(lang, resolution.code())],
            )
        }
        _ => String::new(),
    })
}

/// The deadline that counts and its countdown: `answer due in 3:20`,
/// `settle overdue 1:05`.
pub fn countdown(lang: Lang, c: &ComplaintItem, now: Ts) -> (String, Urgency) {
    let (from, due) = c.facts.next_deadline();
    let (mut text, u) = super::model::countdown(lang, from, due, now);
    // A month-long deadline counts in days once more than two are left
    // (or past).
    let days = if u == Urgency::Overdue {
        (now - due).num_days()
    } else {
        (due - now).num_days()
    };
    if days >= 2 {
        let t = if u == Urgency::Overdue {
            T::OverdueDays
        } else {
            T::DueInDays
        };
        text = trf(lang, t, &[&days]);
    }
    let what = if c.facts.responded_at.is_none() {
        T::ComplaintAnswer
    } else {
        T::ComplaintSettle
    };
    (format!("{} {text}", tr(lang, what)), u)
}

/// The header's counts: complaints (unanswered past due in red) and jobs
/// past their on-site promise; nothing when there are none.
pub fn header_counts(cx: &Ctx) -> Vec<(u8, Vec<Span<'static>>)> {
    let lang = cx.lang;
    let now = cx.now_ts();
    let r = cx.report;
    let red = Style::new().fg(Color::Red).bold();
    let mut out = Vec::new();
    if !r.complaints.is_empty() {
        let late = r
            .complaints
            .iter()
            .filter(|c| c.facts.response_overdue(now))
            .count();
        let mut spans = vec![Span::raw(trf(
            lang,
            T::CountComplaints,
            &[&r.complaints.len()],
        ))];
        if late > 0 {
            spans.push(Span::styled(
                trf(lang, T::CountComplaintsLate, &[&late]),
                red,
            ));
        }
        out.push((1, spans));
    }
    if !r.response_overdue.is_empty() {
        out.push((
            1,
            vec![Span::styled(
                trf(lang, T::CountOnsite, &[&r.response_overdue.len()]),
                Style::new().fg(Color::Red),
            )],
        ));
    }
    out
}

/// The marks of a job for complaints and the on-site promise.
pub fn marks(cx: &Ctx, job_no: &str) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if cx.marks.onsite_late.contains(job_no) {
        spans.push(Span::styled(
            tr(cx.lang, T::MarkOnsite),
            Style::new().fg(Color::Red),
        ));
    }
    if cx.marks.complaint.contains(job_no) {
        spans.push(Span::styled(
            tr(cx.lang, T::MarkComplaint),
            Style::new().fg(Color::LightRed).bold(),
        ));
    }
    spans
}

/// The list as an overlay over the panels.
impl ComplaintsPanel {
    /// The list as an overlay over the panels.
    pub fn render(&self, cx: &Ctx, f: &mut Frame, area: Rect) {
        if let Some(view) = self.view {
            render(view, cx, f, area)
        }
    }
}

fn render(view: ComplaintsView, cx: &Ctx, f: &mut Frame, area: Rect) {
    let lang = cx.lang;
    let now = cx.now_ts();
    let r = cx.report;
    // Everything but the header and the two bottom lines.
    let area = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(4),
        ..area
    };
    crate::tui::kit::frame::clear(f, area);
    let n_c = r.complaints.len();
    let n_o = r.response_overdue.len();
    let low = ((n_o.max(1) + 3) as u16).min(area.height / 2);
    let [top, bottom] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(low)]).areas(area);
    let block = |title: T, count: usize, focused: bool| {
        Block::bordered()
            .title(Line::from(vec![Span::styled(
                format!(" {} ({count}) ", tr(lang, title)),
                Style::new().bold(),
            )]))
            .border_style(if focused {
                Style::new().fg(crate::tui::kit::theme::FOCUS)
            } else {
                Style::new().fg(crate::tui::kit::theme::DIM)
            })
    };
    let in_complaints = view.selected < n_c;
    // Complaints.
    let b = block(T::ComplaintsTitle, n_c, in_complaints);
    let inner = b.inner(top);
    f.render_widget(b, top);
    let order = order(cx);
    let rows: Vec<Vec<Line<'static>>> = order
        .iter()
        .map(|&i| {
            let c = &r.complaints[i];
            let (cd, u) = countdown(lang, c, now);
            vec![
                Line::from(c.id.to_string()),
                Line::from(c.job_no.clone().unwrap_or_else(|| "—".into())),
                Line::from(code(lang, c.state.code())),
                Line::from(code(lang, c.category.code())),
                Line::from(Span::styled(cd, crate::tui::kit::theme::urgency_style(u))),
                Line::from(c.engineer.clone()),
                Line::from(c.customer.clone()),
                Line::from(c.note.clone()),
            ]
        })
        .collect();
    columns::selectable(
        f,
        inner,
        lang,
        rows,
        &[
            always(T::ColNo, 4),
            // A re-visit's number (`…-R1`) and the countdown whole: the job
            // is what the clerk looks up, the deadline what is acted on.
            always(T::ColJob, 16),
            drop(T::ColState, 10, 2),
            drop(T::ColCategory, 16, 3),
            always(T::ColDeadline, 20),
            drop(T::ColEngineer, 8, 1),
            drop(T::ColCustomer, 10, 4),
            drop(T::ColDetail, 40, 5),
        ],
        in_complaints.then_some(view.selected),
    );
    // Jobs past the on-site promise.
    let b = block(T::OnsiteTitle, n_o, !in_complaints);
    let inner = b.inner(bottom);
    f.render_widget(b, bottom);
    let rows: Vec<Vec<Line<'static>>> = r
        .response_overdue
        .iter()
        .map(|o| {
            vec![
                Line::from(o.job_no.clone()),
                Line::from(o.engineer.clone()),
                Line::from(cx.zone.local(o.due_ts).format("%m-%d %H:%M").to_string()),
                Line::from(Span::styled(
                    trf(
                        lang,
                        T::OverdueBy,
                        &[&hours_minutes(overdue_minutes(o.due_ts, now))],
                    ),
                    crate::tui::kit::theme::urgency_style(Urgency::Overdue),
                )),
                Line::from(
                    if cx.marks.complaint.contains(&o.job_no) {
                        tr(lang, T::MarkComplaint)
                    } else {
                        ""
                    }
                    .to_string(),
                ),
            ]
        })
        .collect();
    columns::selectable(
        f,
        inner,
        lang,
        rows,
        &[
            always(T::ColJob, 16),
            drop(T::ColEngineer, 8, 1),
            drop(T::ColOnsiteDue, 11, 2),
            always(T::ColDeadline, 20),
            drop(T::ColMarks, 10, 3),
        ],
        (!in_complaints).then(|| view.selected - n_c),
    );
}
