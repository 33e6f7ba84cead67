//! The rows of the dashboard's six lists: each list's columns and the cells
//! of its row `i`. The view builds the visible rows from them every frame;
//! the state measures every row of a list of a branch's size from them when
//! the data or the lists change (never per frame), so that columns stay put
//! while scrolling.

use super::model::{Ctx, Panel, VerifyEntry, countdown};
use crate::domain::card::CardState;
use crate::domain::reconcile::DiscrepancyStatus;
use crate::domain::status::JobStatus;
use crate::i18n::{T, code, code_short, discrepancy_detail, tr, trf};
use crate::tui::kit::columns::{self, Col, always, drop};
use crate::tui::kit::theme::{DIM, escalated_style, urgency_style};
use chrono::DateTime;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

/// Lists up to this long are measured whole for their columns.
pub(crate) const MEASURE_ALL_ROWS: usize = 5_000;

/// A list's columns and the cells of its row `i` (an index into the
/// snapshot's list; for *to verify*, into the state's entries).
pub struct Rows<'a> {
    pub cols: Vec<Col>,
    pub cells: Box<dyn Fn(usize) -> Vec<Line<'static>> + 'a>,
}

/// The rows of a panel's list.
pub fn of<'a>(panel: Panel, cx: Ctx<'a>, verify: &'a [VerifyEntry]) -> Rows<'a> {
    match panel {
        Panel::Jobs => jobs(cx),
        Panel::Callbacks => callbacks(cx),
        Panel::Cards => cards(cx),
        Panel::Discrepancies => discrepancies(cx),
        Panel::Verify => to_verify(cx, verify),
        Panel::Book => book(cx),
    }
}

/// Whether a panel's cells change with the clock (countdowns, waiting
/// times): those are measured again every tick.
pub fn follows_the_clock(panel: Panel) -> bool {
    matches!(panel, Panel::Callbacks | Panel::Book)
}

/// The columns' widths over every row of a list of a branch's size (at most
/// [`MEASURE_ALL_ROWS`]); `None` for a larger list, whose visible rows are
/// measured when drawn.
pub fn measure_all(
    panel: Panel,
    cx: Ctx,
    verify: &[VerifyEntry],
    rows: &[usize],
) -> Option<Vec<u16>> {
    if rows.len() > MEASURE_ALL_ROWS {
        return None;
    }
    let list = of(panel, cx, verify);
    let all: Vec<Vec<Line<'static>>> = rows.iter().map(|&i| (list.cells)(i)).collect();
    Some(columns::measure(cx.lang, &list.cols, &all))
}

pub(super) fn plain(s: impl Into<String>) -> Line<'static> {
    Line::from(s.into())
}

pub(super) fn styled(s: impl Into<String>, style: Style) -> Line<'static> {
    Line::from(Span::styled(s.into(), style))
}

/// `HH:MM` of an RFC 3339 time as stored in the snapshot.
fn hhmm_of(s: Option<&str>) -> String {
    s.and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.format("%H:%M").to_string())
        .unwrap_or_default()
}

fn day_time_of(s: Option<&str>) -> String {
    s.and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.format("%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The marks of a job: late (> 15 min), owed invoice, loaner overdue.
fn marks(cx: &Ctx, job_no: &str) -> Line<'static> {
    let mut spans = Vec::new();
    if let Some(m) = cx.marks.late.get(job_no) {
        spans.push(Span::styled(
            trf(cx.lang, T::MarkLate, &[m]),
            Style::new().fg(Color::Red).bold(),
        ));
    }
    if cx.marks.invoice_owed.contains(job_no) {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            tr(cx.lang, T::MarkInvoice),
            Style::new().fg(Color::Magenta),
        ));
    }
    if cx.marks.loaner_late.contains(job_no) {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            tr(cx.lang, T::MarkLoaner),
            Style::new().fg(Color::Red),
        ));
    }
    if cx.marks.conflict.contains(job_no) {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            tr(cx.lang, T::MarkConflict),
            Style::new().fg(Color::Magenta).bold(),
        ));
    }
    // A repeat repair (返修).
    if cx.marks.repeat.contains(job_no) {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            tr(cx.lang, T::MarkRepeat),
            Style::new().fg(Color::Yellow).bold(),
        ));
    }
    for mark in super::complaints::marks(cx, job_no) {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(mark);
    }
    Line::from(spans)
}

/// The *escalated* mark in front of a cell, when a supervisor escalated the
/// row's item.
fn escalated_mark(cx: &Ctx, escalated: bool, rest: Line<'static>) -> Line<'static> {
    if !escalated {
        return rest;
    }
    let mut spans = vec![Span::styled(
        tr(cx.lang, T::MarkEscalated),
        escalated_style(),
    )];
    if rest.width() > 0 {
        spans.push(Span::raw(" "));
    }
    spans.extend(rest.spans);
    Line::from(spans)
}

pub(super) fn status_style(s: JobStatus) -> Style {
    match s {
        JobStatus::CallbackPending => Style::new().fg(Color::Yellow),
        JobStatus::AwaitingCard => Style::new().fg(Color::Magenta),
        JobStatus::NeedsAppointment | JobStatus::Revisit => Style::new().fg(Color::Red),
        JobStatus::Done => Style::new().fg(Color::Green),
        JobStatus::Cancelled => Style::new().fg(DIM),
        JobStatus::InWorkshop => Style::new().fg(Color::Blue),
        JobStatus::Scheduled | JobStatus::Unscheduled => Style::new(),
    }
}

fn jobs(cx: Ctx) -> Rows {
    let r = cx.report;
    let lang = cx.lang;
    let cols = vec![
        always(T::ColJob, 16),
        // The appointment is what the day is planned by: it stays longest.
        drop(T::ColAppt, 5, 0),
        drop(T::ColStatus, 13, 1),
        drop(T::ColCustomer, 10, 2),
        // Marks never push the customer or the engineer out.
        drop(T::ColMarks, 20, 4),
        drop(T::ColEngineer, 8, 3),
        drop(T::ColModel, 18, 7),
        drop(T::ColPhone, 14, 6),
    ];
    Rows {
        cols,
        cells: Box::new(move |i| {
            let j = &r.today_jobs[i];
            vec![
                plain(j.job_no.clone()),
                plain(hhmm_of(j.appointment_start.as_deref())),
                styled(code_short(lang, j.status.code()), status_style(j.status)),
                plain(j.customer.clone()),
                marks(&cx, &j.job_no),
                plain(j.engineer.clone()),
                plain(j.product_model.clone()),
                plain(j.phone.clone()),
            ]
        }),
    }
}

fn callbacks(cx: Ctx) -> Rows {
    let r = cx.report;
    // The phone is what a clerk making callbacks needs: never left out.
    let cols = vec![
        always(T::ColJob, 16),
        always(T::ColDue, 14),
        always(T::ColPhone, 14),
        drop(T::ColKind, 3, 3),
        drop(T::ColCustomer, 10, 2),
        drop(T::ColTries, 3, 4),
        // A supervisor's escalation shows before what matters less.
        drop(
            T::ColMarks,
            20,
            if cx.marks.escalated_callbacks.is_empty() {
                5
            } else {
                1
            },
        ),
        drop(T::ColEngineer, 8, 6),
    ];
    Rows {
        cols,
        cells: Box::new(move |i| {
            let c = &r.callbacks_pending[i];
            let (text, u) = countdown(cx.lang, c.started_ts, c.due_ts, cx.now_ts());
            vec![
                plain(c.job_no.clone()),
                styled(text, urgency_style(u)),
                plain(c.phone.clone()),
                plain(match (c.kind, c.followup) {
                    (Some(k), _) => k.code(),
                    (None, true) => tr(cx.lang, T::FollowupShort),
                    (None, false) => "—",
                }),
                plain(c.customer.clone()),
                plain(if c.attempts > 0 {
                    format!("×{}", c.attempts)
                } else {
                    String::new()
                }),
                escalated_mark(
                    &cx,
                    cx.marks
                        .escalated_callbacks
                        .contains(&(c.job_no.clone(), c.due_ts.timestamp())),
                    marks(&cx, &c.job_no),
                ),
                plain(c.engineer.clone()),
            ]
        }),
    }
}

fn cards(cx: Ctx) -> Rows {
    let r = cx.report;
    let lang = cx.lang;
    let cols = vec![
        always(T::ColJob, 16),
        drop(T::ColCard, 10, 1),
        drop(T::ColVisited, 11, 3),
        drop(T::ColEngineer, 8, 2),
        drop(T::ColCustomer, 10, 4),
        drop(T::ColMarks, 20, 5),
    ];
    Rows {
        cols,
        cells: Box::new(move |i| {
            let c = &r.cards_awaiting_signature[i];
            let style = if c.card_state == CardState::Unsigned {
                Style::new().fg(Color::Red)
            } else {
                Style::new().fg(Color::Yellow)
            };
            vec![
                plain(c.job_no.clone()),
                styled(code_short(lang, c.card_state.code()), style),
                plain(day_time_of(c.visited_at.as_deref())),
                plain(c.engineer.clone()),
                plain(c.customer.clone()),
                marks(&cx, &c.job_no),
            ]
        }),
    }
}

fn discrepancies(cx: Ctx) -> Rows {
    let r = cx.report;
    let lang = cx.lang;
    let cols = vec![
        always(T::ColJob, 16),
        always(T::ColKind, 16),
        drop(T::ColState, 20, 1),
        drop(T::ColEngineer, 8, 3),
        drop(T::ColDetail, 40, 4),
    ];
    Rows {
        cols,
        cells: Box::new(move |i| {
            let d = &r.discrepancies[i];
            let state = match (d.status, d.cause_gone) {
                (DiscrepancyStatus::Resolved, _) => {
                    styled(code(lang, "resolved"), Style::new().fg(Color::Green))
                }
                (DiscrepancyStatus::Open, true) => {
                    styled(tr(lang, T::MarkCauseGone), Style::new().fg(Color::Cyan))
                }
                (DiscrepancyStatus::Open, false) => {
                    styled(code(lang, "open"), Style::new().fg(Color::Red))
                }
            };
            let escalated = cx
                .marks
                .escalated_discrepancies
                .contains(&(d.job_no.clone(), d.kind));
            vec![
                plain(d.job_no.clone()),
                plain(code_short(lang, d.kind.code())),
                escalated_mark(&cx, escalated, state),
                plain(d.engineer.clone()),
                plain(discrepancy_detail(lang, &d.detail)),
            ]
        }),
    }
}

fn to_verify<'a>(cx: Ctx<'a>, verify: &'a [VerifyEntry]) -> Rows<'a> {
    let r = cx.report;
    let lang = cx.lang;
    let cols = vec![
        always(T::ColJob, 16),
        always(T::ColWhat, 50),
        drop(T::ColCustomer, 10, 1),
        drop(T::ColPhone, 14, 2),
        drop(T::ColEngineer, 8, 3),
    ];
    let who = move |job_no: &str| -> (String, String, String) {
        cx.search
            .get(job_no)
            .map(|v| (v.customer.clone(), v.phone.clone(), v.engineer.clone()))
            .or_else(|| {
                r.today_jobs
                    .iter()
                    .find(|j| j.job_no == job_no)
                    .map(|j| (j.customer.clone(), j.phone.clone(), j.engineer.clone()))
            })
            .unwrap_or_default()
    };
    Rows {
        cols,
        cells: Box::new(move |i| {
            let (job_no, what, style) = match verify[i] {
                VerifyEntry::Missing(k) => {
                    let v = &r.to_verify[k];
                    let names: Vec<String> = v.missing.iter().map(|m| code(lang, m)).collect();
                    (
                        v.job_no.clone(),
                        trf(lang, T::VerifyMissing, &[&names.join(", ")]),
                        Style::new().fg(Color::Yellow),
                    )
                }
                VerifyEntry::Conflict(k) => {
                    let c = &r.conflicts[k];
                    (
                        c.job_no.clone(),
                        trf(
                            lang,
                            T::VerifyConflict,
                            &[
                                &c.job_nos.len(),
                                // The day only when it is not today.
                                &if c.date == r.date {
                                    String::new()
                                } else {
                                    c.date.format("%m-%d ").to_string()
                                },
                                &&c.from[11..16],
                                &&c.to[11..16],
                                &c.engineer,
                                &match c.job_nos.len() {
                                    2 => c.job_nos[1].clone(),
                                    _ => format!("{}…", c.job_nos[1]),
                                },
                            ],
                        ),
                        Style::new().fg(Color::Magenta),
                    )
                }
                VerifyEntry::Invoice(k) => {
                    let v = &r.invoices_owed[k];
                    (
                        v.job_no.clone(),
                        trf(lang, T::VerifyInvoice, &[&v.receipt_no]),
                        Style::new().fg(Color::Magenta),
                    )
                }
                VerifyEntry::Loaner(k) => {
                    let v = &r.loaner_returns[k];
                    let due = v.return_due.map(|d| d.to_string()).unwrap_or_default();
                    if v.overdue {
                        (
                            v.job_no.clone(),
                            trf(lang, T::VerifyLoanerLate, &[&due]),
                            Style::new().fg(Color::Red).bold(),
                        )
                    } else {
                        (
                            v.job_no.clone(),
                            trf(lang, T::VerifyLoaner, &[&due]),
                            Style::new(),
                        )
                    }
                }
            };
            let (customer, phone, engineer) = who(&job_no);
            vec![
                plain(job_no),
                styled(what, style),
                plain(customer),
                plain(phone),
                plain(engineer),
            ]
        }),
    }
}

/// The open jobs waiting for an appointment or a visit, longest waiting
/// first: the clerk's morning list of calls to book.
fn book(cx: Ctx) -> Rows {
    let r = cx.report;
    let lang = cx.lang;
    let now = cx.now_ts();
    let cols = vec![
        always(T::ColJob, 16),
        always(T::ColWhy, 30),
        always(T::ColWaiting, 10),
        drop(T::ColCustomer, 10, 2),
        always(T::ColPhone, 14),
        // The column a job is booked by.
        drop(T::ColEngineer, 8, 1),
        drop(T::ColSince, 11, 3),
    ];
    Rows {
        cols,
        cells: Box::new(move |i| {
            let j = &r.open_jobs[i];
            let style = match j.reason {
                crate::domain::ledger::OpenReason::MissedAppointment => Style::new().fg(Color::Red),
                crate::domain::ledger::OpenReason::NotHome
                | crate::domain::ledger::OpenReason::AwaitingParts => {
                    Style::new().fg(Color::Yellow)
                }
                crate::domain::ledger::OpenReason::NoAppointment => Style::new(),
            };
            // Past its on-site promise, a complaint open.
            let mut why = vec![Span::styled(code(lang, j.reason.code()), style)];
            for mark in super::complaints::marks(&cx, &j.job_no) {
                why.push(Span::raw(" "));
                why.push(mark);
            }
            vec![
                plain(j.job_no.clone()),
                Line::from(why),
                plain(super::book::waited(lang, j.since_ts, now)),
                plain(j.customer.clone()),
                plain(j.phone.clone()),
                plain(j.engineer.clone()),
                plain(day_time_of(Some(&j.since))),
            ]
        }),
    }
}
