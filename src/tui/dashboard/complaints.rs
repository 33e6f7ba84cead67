//! The dashboard's complaints: the list of complaints not
//! settled, with the countdown to their deadline (answer, then settle)
//! coloured at 75 % and when overdue as callbacks are, and below it the
//! jobs past their on-site commitment; the keys that add a complaint (from
//! the selected job, pre-filled; or in one key from an `unsatisfied` or
//! `denies_signature` callback result), answer it and settle it.

use super::form::{FieldId, Form, Parsed};
use super::state::{Action, App, hours_minutes};
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

/// What the selection points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selected {
    Complaint(usize),
    Onsite(usize),
}

/// The complaints in the order shown: the most urgent first (overdue,
/// then due soon), then by deadline.
pub fn order(app: &App) -> Vec<usize> {
    let now = app.now_ts();
    let list = &app.report.complaints;
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

fn total(app: &App) -> usize {
    app.report.complaints.len() + app.report.response_overdue.len()
}

pub fn selected(app: &App) -> Option<Selected> {
    let v = app.complaints?;
    let n = app.report.complaints.len();
    if v.selected < n {
        Some(Selected::Complaint(order(app)[v.selected]))
    } else if v.selected < total(app) {
        Some(Selected::Onsite(v.selected - n))
    } else {
        None
    }
}

/// The actions of this module (see [`Action`]).
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::ToggleComplaints => {
            app.complaints = match app.complaints {
                Some(_) => None,
                None => Some(ComplaintsView::default()),
            }
        }
        Action::ComplaintsMove(by) => {
            let n = total(app);
            if let Some(v) = app.complaints.as_mut()
                && n > 0
            {
                v.selected = (v.selected as isize)
                    .saturating_add(by)
                    .clamp(0, n as isize - 1) as usize;
            }
        }
        Action::OpenComplaint => open_add(app),
        Action::ComplaintRespond => open_respond(app),
        Action::ComplaintSettle => open_settle(app),
        _ => {}
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

/// A new complaint: the one a callback result offered, else on the job the
/// list or the panels have selected (a job past its on-site promise is a
/// `delay`), else about no job in particular.
fn open_add(app: &mut App) {
    let (job_no, source, category) = if let Some(o) = app.complaint_offer.take() {
        app.notice = None;
        (o.job_no, Source::Callback, o.category)
    } else if app.complaints.is_some() {
        match selected(app) {
            Some(Selected::Onsite(i)) => (
                app.report.response_overdue[i].job_no.clone(),
                Source::Hotline,
                Category::Delay,
            ),
            _ => (String::new(), Source::Hotline, Category::Other),
        }
    } else {
        match app.selected_job() {
            Some(j) => (j, Source::Hotline, Category::Other),
            None => return app.warn(tr(app.lang, T::MsgNothingSelected).to_string()),
        }
    };
    let (customer, phone) = app
        .job_fields(&job_no)
        .map(|s| (s.customer.clone(), s.phone.clone()))
        .or_else(|| {
            app.report
                .today_jobs
                .iter()
                .find(|j| j.job_no == job_no)
                .map(|j| (j.customer.clone(), j.phone.clone()))
        })
        // A job on no list of today's (past its on-site promise, say): the
        // database has it.
        .or_else(|| {
            (!job_no.is_empty())
                .then(|| app.desk.job_detail(&job_no).ok())
                .flatten()
                .map(|d| (d.job.customer, d.job.phone))
        })
        .unwrap_or_default();
    app.form = Some(Form::complaint(
        &job_no,
        source.code(),
        category.code(),
        &customer,
        &phone,
        None,
    ));
}

fn selected_complaint(app: &mut App) -> Option<ComplaintItem> {
    match selected(app) {
        Some(Selected::Complaint(i)) => Some(app.report.complaints[i].clone()),
        _ => {
            app.warn(tr(app.lang, T::MsgSelectComplaint).to_string());
            None
        }
    }
}

fn open_respond(app: &mut App) {
    let Some(c) = selected_complaint(app) else {
        return;
    };
    if c.facts.responded_at.is_some() {
        let e = crate::desk::DeskError::ComplaintResponded(c.id);
        return app.warn(crate::desk::said::desk_error(app.lang, &e));
    }
    let context = context_of(app.lang, &c, &app.desk.zone);
    app.form = Some(Form::complaint_respond(
        c.id,
        c.job_no.as_deref().unwrap_or(""),
        context,
    ));
}

fn open_settle(app: &mut App) {
    let Some(c) = selected_complaint(app) else {
        return;
    };
    let context = context_of(app.lang, &c, &app.desk.zone);
    app.form = Some(Form::complaint_settle(
        c.id,
        c.job_no.as_deref().unwrap_or(""),
        &c.engineer,
        context,
    ));
}

/// A complaint's job, when given, must exist (checked as typed).
pub fn check_job(app: &mut App, form: &mut Form) -> bool {
    let job_no = form.raw(FieldId::JobNo).trim().to_string();
    if job_no.is_empty() || app.desk.job_exists(&job_no).unwrap_or(false) {
        return true;
    }
    form.set_error(FieldId::JobNo, trf(app.lang, T::ErrNoSuchJob, &[&job_no]));
    false
}

/// After an `unsatisfied` or `denies_signature` result: the message (and
/// the notice, if one is shown) offers a complaint on the job in one key.
pub fn offer_after_callback(app: &mut App, job_no: &str, result: CallbackResult) {
    let category = match result {
        CallbackResult::Unsatisfied => Category::Quality,
        CallbackResult::DeniesSignature => Category::Forgery,
        _ => return,
    };
    app.complaint_offer = Some(Offer {
        job_no: job_no.to_string(),
        category,
    });
    let offer = trf(app.lang, T::MsgComplaintOffer, &[&job_no]);
    if let Some(lines) = app.notice.as_mut() {
        lines.push(offer.clone());
    }
    let text = match &app.message {
        Some(m) => format!("{}; {offer}", m.text),
        None => offer,
    };
    app.say(text);
}

/// One `Desk` call per form.
pub fn save(app: &mut App, parsed: Parsed) -> Result<(), String> {
    let lang = app.lang;
    let now = app.now_ts();
    let zone = app.desk.zone;
    match parsed {
        Parsed::Complaint(input) => {
            let id = app
                .desk
                .add_complaint(&input, now)
                .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
            let item = app
                .desk
                .complaints(false, now)
                .ok()
                .and_then(|l| l.into_iter().find(|c| c.id == id));
            let by = item
                .map(|c| short(&zone, c.facts.respond_by))
                .unwrap_or_default();
            app.say(trf(lang, T::MsgComplaintAdded, &[&id, &by]));
        }
        Parsed::ComplaintRespond { id, note } => {
            app.desk
                .respond_complaint(id, &note, now)
                .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
            app.say(trf(lang, T::MsgComplaintResponded, &[&id]));
        }
        Parsed::ComplaintSettle {
            id,
            resolution,
            engineer,
            note,
        } => {
            let engineer = (!engineer.is_empty()).then_some(engineer.as_str());
            app.desk
                .settle_complaint(id, resolution, &note, engineer, now)
                .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
            app.say(trf(
                lang,
                T::MsgComplaintSettled,
                &[&id, &code(lang, resolution.code())],
            ));
        }
        _ => {}
    }
    Ok(())
}

/// The deadline that counts and its countdown: `answer due in 3:20`,
/// `settle overdue 1:05`.
pub fn countdown(lang: Lang, c: &ComplaintItem, now: Ts) -> (String, Urgency) {
    let (from, due) = c.facts.next_deadline();
    let (mut text, u) = super::state::countdown(lang, from, due, now);
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
pub fn header_counts(app: &App) -> Vec<(u8, Vec<Span<'static>>)> {
    let lang = app.lang;
    let now = app.now_ts();
    let r = &app.report;
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
pub fn marks(app: &App, job_no: &str) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if app.marks.onsite_late.contains(job_no) {
        spans.push(Span::styled(
            tr(app.lang, T::MarkOnsite),
            Style::new().fg(Color::Red),
        ));
    }
    if app.marks.complaint.contains(job_no) {
        spans.push(Span::styled(
            tr(app.lang, T::MarkComplaint),
            Style::new().fg(Color::LightRed).bold(),
        ));
    }
    spans
}

/// The list as an overlay over the panels.
pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(view) = app.complaints else {
        return;
    };
    let lang = app.lang;
    let now = app.now_ts();
    let r = &app.report;
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
    let order = order(app);
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
                Line::from(
                    app.desk
                        .zone
                        .local(o.due_ts)
                        .format("%m-%d %H:%M")
                        .to_string(),
                ),
                Line::from(Span::styled(
                    trf(
                        lang,
                        T::OverdueBy,
                        &[&hours_minutes(overdue_minutes(o.due_ts, now))],
                    ),
                    crate::tui::kit::theme::urgency_style(Urgency::Overdue),
                )),
                Line::from(
                    if app.marks.complaint.contains(&o.job_no) {
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
