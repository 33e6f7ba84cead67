//! Drawing: reads the [`App`] and nothing else (no database, no clock).
//! Lists build `Row`s only for the visible window; column widths come from
//! the visible rows' display width (so double-width Chinese text never
//! breaks a column), and columns that do not fit are left out by priority.

use super::action::Action;
use super::form::{Form, Value};
use super::keymap;
use super::rows::{self, plain, status_style, styled};
use super::state::{App, ListView, Mode, Panel, hours_minutes};
use crate::desk::{JobDetail, TimelineEntry, TimelineEvent};
use crate::domain::callback::Urgency;
use crate::domain::codes::format_money;
use crate::domain::time::Ts;
use crate::i18n::{T, audit_line, code, discrepancy_detail, tr, trf, weekday};
use crate::tui::kit::columns::{self, Col};
use crate::tui::kit::frame::{Areas, block, clear, message_line, notice, popup, question, screen};
use crate::tui::kit::keys::{fit_spans, footer};
use crate::tui::kit::theme::{DIM, FOCUS, correction_style, escalated_style, urgency_style};
use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, HighlightSpacing, Paragraph, TableState, Wrap,
};
use unicode_width::UnicodeWidthStr;

/// The screen, every cell terminal-safe (no control or bidirectional
/// character from the data reaches the terminal).
pub fn draw(app: &App, f: &mut Frame) {
    draw_screen(app, f);
    crate::tui::kit::frame::terminal_safe(f.buffer_mut());
}

fn draw_screen(app: &App, f: &mut Frame) {
    let area = f.area();
    let Some(Areas {
        header,
        body,
        message,
        footer,
    }) = screen(app.lang, f, 2)
    else {
        return;
    };
    render_header(app, f, header);
    for (panel, rect) in panels(app, body) {
        match panel {
            Panel::Jobs => render_jobs(app, f, rect),
            Panel::Callbacks => render_callbacks(app, f, rect),
            Panel::Cards => render_cards(app, f, rect),
            Panel::Discrepancies => render_discrepancies(app, f, rect),
            Panel::Verify => render_verify(app, f, rect),
            Panel::Book => render_book(app, f, rect),
        }
    }
    render_footer(app, f, footer);
    render_message(app, f, message);
    if let Some(d) = &app.detail {
        let cx = DetailCtx {
            lang: app.lang,
            zone: &app.desk.zone,
            now: app.now,
        };
        render_detail(&cx, &d.detail, d.scroll, f, area);
    }
    if app.chart {
        render_chart(app, f, area);
    }
    app.complaints.render(&app.cx(), f, area);
    app.cases.render(&app.cx(), f, area);
    if let Some(form) = &app.form {
        render_form(app, form, f, area);
    }
    if app.help {
        render_help(app, f, area);
    }
    if let Some(lines) = &app.notice {
        render_notice(app, lines, f, area);
    }
    if let Some(c) = &app.confirm {
        render_confirm(app, c.question, f, area);
    }
}

/// What a left click at (`column`, `row`) on a screen of `area` means: the
/// panel under it focused and the row under it selected (nothing while a
/// form, the help or another overlay is open).
pub fn clicked(app: &App, column: u16, row: u16, area: ratatui::layout::Rect) -> Option<Action> {
    use ratatui::layout::Position;
    use ratatui::layout::Rect;
    if app.mode() != Mode::Normal {
        return None;
    }
    // The body as `screen` lays it out: two header lines, message, footer.
    let body = Rect::new(area.x, area.y + 2, area.width, area.height.checked_sub(4)?);
    let (panel, rect) = panels(app, body)
        .into_iter()
        .find(|(_, r)| r.contains(Position::new(column, row)))?;
    // Inside the border, below the table's header line.
    let first = rect.y + 2;
    let last = rect.bottom().saturating_sub(1);
    if row < first || row >= last {
        return Some(Action::Focus(panel));
    }
    let list = &app.lists[panel.index()];
    let height = (rect.height.saturating_sub(3)) as usize;
    let (start, end) = window(list, height);
    let pos = start + (row - first) as usize;
    Some(if pos < end {
        Action::Select(panel, pos)
    } else {
        Action::Focus(panel)
    })
}

/// Where each panel shown is drawn in the body: the four main panels, or
/// the one full-screen list.
pub(crate) fn panels(app: &App, body: Rect) -> Vec<(Panel, Rect)> {
    if matches!(app.focus, Panel::Verify | Panel::Book) {
        return vec![(app.focus, body)];
    }
    let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(body);
    let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
    let [c, d] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
    vec![
        (Panel::Jobs, a),
        (Panel::Callbacks, b),
        (Panel::Cards, c),
        (Panel::Discrepancies, d),
    ]
}

fn t(app: &App, t: T) -> &'static str {
    tr(app.lang, t)
}

// ---- Header, message line, footer --------------------------------------

fn render_header(app: &App, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let r = &app.report;
    let clock = format!(
        "{} {} {}",
        app.now.format("%Y-%m-%d"),
        weekday(lang, chrono::Datelike::weekday(&app.now)),
        app.now.format("%H:%M:%S")
    );
    let left = Line::from(vec![
        Span::styled(t(app, T::AppName), Style::new().fg(FOCUS).bold()),
        Span::raw("  "),
        Span::styled(format!("{} ", t(app, T::Branch)), Style::new().fg(DIM)),
        Span::raw(r.branch.clone().unwrap_or_else(|| "—".into())),
        Span::raw("  "),
        Span::styled(format!("{} ", t(app, T::Clerk)), Style::new().fg(DIM)),
        Span::raw(app.desk.operator.clone()),
    ]);
    // While a background read is under way, a mark before the clock (on
    // the right, so that a narrow header cuts the branch name first).
    let mut right = Vec::new();
    if app.refreshing() {
        right.push(Span::styled(
            t(app, T::Refreshing),
            Style::new().fg(Color::Yellow),
        ));
        right.push(Span::raw("  "));
    }
    right.push(Span::raw(clock).bold());
    let right = Line::from(right);
    let [l, rt] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right.width() as u16),
    ])
    .areas(Rect { height: 1, ..area });
    f.render_widget(left, l);
    f.render_widget(right, rt);

    // Counts by priority: what needs attention first; the totals the
    // panel titles show too are left out first when narrow.
    let (timed, overdue) = (app.callback_counts.timed, app.callback_counts.overdue);
    let red = Style::new().fg(Color::Red).bold();
    let mut callbacks = vec![Span::raw(trf(lang, T::CountCallbacks, &[&timed]))];
    if overdue > 0 {
        callbacks.push(Span::styled(trf(lang, T::CountOverdue, &[&overdue]), red));
    }
    let mut items: Vec<(u8, Vec<Span<'static>>)> = vec![
        (
            3,
            vec![Span::raw(trf(lang, T::CountToday, &[&r.today_jobs.len()]))],
        ),
        (0, callbacks),
        // The two figures that matter at the cut-off stay with the
        // callbacks (a nought gives way first).
        (
            u8::from(r.cards_awaiting_signature.is_empty()) * 2,
            vec![Span::raw(trf(
                lang,
                T::CountCards,
                &[&r.cards_awaiting_signature.len()],
            ))],
        ),
        (
            u8::from(r.counts.discrepancies_open == 0) * 2,
            vec![Span::raw(trf(
                lang,
                T::CountDiscrepancies,
                &[&r.counts.discrepancies_open],
            ))],
        ),
        // The same total as panel 5's title: what is missing, clashes,
        // invoices owed and loaners due.
        (
            1,
            vec![Span::raw(trf(
                lang,
                T::CountVerify,
                &[&(r.to_verify.len()
                    + r.conflicts.len()
                    + r.invoices_owed.len()
                    + r.loaner_returns.len())],
            ))],
        ),
    ];

    if !r.followups_pending.is_empty() {
        items.push((
            4,
            vec![Span::raw(trf(
                lang,
                T::CountFollowups,
                &[&r.followups_pending.len()],
            ))],
        ));
    }
    if !r.invoices_owed.is_empty() {
        items.push((
            1,
            vec![Span::styled(
                trf(lang, T::CountInvoices, &[&r.invoices_owed.len()]),
                Style::new().fg(Color::Magenta),
            )],
        ));
    }
    if !app.marks.loaner_late.is_empty() {
        items.push((
            1,
            vec![Span::styled(
                trf(lang, T::CountLoaners, &[&app.marks.loaner_late.len()]),
                Style::new().fg(Color::Red),
            )],
        ));
    }
    if !r.open_jobs.is_empty() {
        items.push((
            1,
            vec![Span::styled(
                trf(lang, T::CountBook, &[&r.open_jobs.len()]),
                Style::new().fg(Color::Yellow),
            )],
        ));
    }
    items.extend(super::complaints::header_counts(&app.cx()));
    items.extend(super::cases::header_counts(&app.cx()));
    if !r.conflicts.is_empty() {
        items.push((
            1,
            vec![Span::styled(
                trf(lang, T::CountConflicts, &[&r.conflicts.len()]),
                Style::new().fg(Color::Magenta),
            )],
        ));
    }
    let line2 = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    let mut room = line2.width;
    let mut tag = None;
    if !app.filter.is_empty() && !app.filter_editing {
        let text = trf(lang, T::FilterShown, &[&app.filter]);
        let w = (text.width() as u16 + 1).min(line2.width / 2);
        room -= w;
        tag = Some((text, w));
    }
    let counts = Line::from(fit_spans(items, room));
    match tag {
        Some((text, w)) => {
            let [c, fl] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(w)]).areas(line2);
            f.render_widget(counts, c);
            f.render_widget(
                Line::from(text)
                    .style(Style::new().fg(Color::Black).bg(Color::Yellow))
                    .right_aligned(),
                fl,
            );
        }
        None => f.render_widget(counts, line2),
    }
}

fn render_message(app: &App, f: &mut Frame, area: Rect) {
    if let Some(jump) = &app.jump {
        let prompt = trf(app.lang, T::JumpPrompt, &[jump]);
        f.render_widget(
            Line::from(Span::styled(prompt.clone(), Style::new().fg(Color::Yellow))),
            area,
        );
        f.set_cursor_position(Position::new(area.x + prompt.width() as u16, area.y));
        return;
    }
    if app.filter_editing {
        let line = Line::from(vec![
            Span::styled("/", Style::new().fg(Color::Yellow).bold()),
            Span::raw(app.filter.clone()),
        ]);
        f.render_widget(line, area);
        if app.mode() == Mode::Filter {
            f.set_cursor_position(Position::new(
                area.x + 1 + app.filter.width() as u16,
                area.y,
            ));
        }
        return;
    }
    message_line(f, app.message.as_ref(), area);
}

fn render_footer(app: &App, f: &mut Frame, area: Rect) {
    f.render_widget(footer(app.lang, keymap::hints(app), area.width), area);
}

// ---- Lists --------------------------------------------------------------

/// First visible row: keeps the selection in the middle when it can.
pub(crate) fn window(list: &ListView, height: usize) -> (usize, usize) {
    let len = list.rows.len();
    if height == 0 || len == 0 {
        return (0, 0);
    }
    let offset = list
        .selected
        .saturating_sub(height / 2)
        .min(len.saturating_sub(height));
    (offset, (offset + height).min(len))
}

#[allow(clippy::too_many_arguments)]
fn render_list(
    app: &App,
    f: &mut Frame,
    area: Rect,
    panel: Panel,
    number: &str,
    total: usize,
    cols: &[Col],
    cells: impl Fn(usize) -> Vec<Line<'static>>,
) {
    let focused = app.focus == panel && app.detail.is_none();
    let list = &app.lists[panel.index()];
    let shown = list.rows.len();
    let count = if shown == total {
        format!("{total}")
    } else {
        format!("{shown}/{total}")
    };
    let title = Line::from(vec![
        Span::styled(format!(" {number} "), Style::new().fg(FOCUS).bold()),
        Span::styled(
            format!("{} ({count}) ", tr(app.lang, panel.title())),
            if focused {
                Style::new().bold()
            } else {
                Style::new()
            },
        ),
    ]);
    let mut block = Block::bordered().title(title).border_style(if focused {
        Style::new().fg(FOCUS)
    } else {
        Style::new().fg(DIM)
    });
    if shown > 0 {
        block = block.title_top(
            Line::from(format!(" {}/{} ", list.selected + 1, shown))
                .right_aligned()
                .style(Style::new().fg(DIM)),
        );
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    if shown == 0 {
        let text = if app.filter.is_empty() {
            T::Empty
        } else {
            T::EmptyFiltered
        };
        f.render_widget(
            Paragraph::new(tr(app.lang, text)).style(Style::new().fg(DIM)),
            inner.inner(ratatui::layout::Margin::new(1, 0)),
        );
        return;
    }
    let height = inner.height.saturating_sub(1) as usize;
    let (start, end) = window(list, height);
    // Only the visible rows are built. Every row of a list of a branch's
    // size was measured when the list was derived, so that columns stay put
    // while scrolling; a huge list is measured on its visible rows.
    let shown: Vec<Vec<Line<'static>>> = (start..end).map(|pos| cells(list.rows[pos])).collect();
    // One cell goes to the selection marker.
    let width = inner.width.saturating_sub(1);
    let (table, _) = match &list.widths {
        Some((lang, widths)) if *lang == app.lang => {
            columns::table_measured(app.lang, cols, shown, widths.clone(), width)
        }
        _ => columns::table(app.lang, cols, shown, width),
    };
    let table = table
        .highlight_symbol(if focused { ">" } else { " " })
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        });
    let mut state = TableState::default().with_selected(Some(list.selected - start));
    f.render_stateful_widget(table, inner, &mut state);
}

fn render_jobs(app: &App, f: &mut Frame, area: Rect) {
    render_rows(app, f, area, Panel::Jobs, "1", app.report.today_jobs.len());
}

fn render_callbacks(app: &App, f: &mut Frame, area: Rect) {
    let total = if app.followups {
        app.report.callbacks_pending.len()
    } else {
        app.callback_counts.timed
    };
    render_rows(app, f, area, Panel::Callbacks, "2", total);
}

fn render_cards(app: &App, f: &mut Frame, area: Rect) {
    let total = app.report.cards_awaiting_signature.len();
    render_rows(app, f, area, Panel::Cards, "3", total);
}

fn render_discrepancies(app: &App, f: &mut Frame, area: Rect) {
    let total = app.report.discrepancies.len();
    render_rows(app, f, area, Panel::Discrepancies, "4", total);
}

fn render_verify(app: &App, f: &mut Frame, area: Rect) {
    let r = &app.report;
    let total =
        r.to_verify.len() + r.conflicts.len() + r.invoices_owed.len() + r.loaner_returns.len();
    render_rows(app, f, area, Panel::Verify, "5", total);
}

/// The open jobs waiting for an appointment or a visit, longest waiting
/// first: the clerk's morning list of calls to book.
fn render_book(app: &App, f: &mut Frame, area: Rect) {
    render_rows(app, f, area, Panel::Book, "6", app.report.open_jobs.len());
}

/// A panel's list with its columns and cells (`rows`).
fn render_rows(app: &App, f: &mut Frame, area: Rect, panel: Panel, number: &str, total: usize) {
    let list = rows::of(panel, app.cx(), &app.verify);
    render_list(app, f, area, panel, number, total, &list.cols, &*list.cells);
}

// ---- Overlays -------------------------------------------------------------

/// What a job's detail needs besides the job: the dashboard's and the
/// supervisor's screens both show it.
pub(crate) struct DetailCtx<'a> {
    pub lang: crate::i18n::Lang,
    pub zone: &'a crate::domain::time::Zone,
    pub now: DateTime<chrono::FixedOffset>,
}

impl DetailCtx<'_> {
    fn countdown(&self, started: Ts, due: Ts) -> (String, Urgency) {
        super::state::countdown(self.lang, started, due, self.now.to_utc())
    }
}

fn local(cx: &DetailCtx, ts: Ts) -> String {
    cx.zone.local(ts).format("%m-%d %H:%M").to_string()
}

fn local_full(cx: &DetailCtx, ts: Option<Ts>) -> String {
    ts.map(|ts| cx.zone.local(ts).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "—".into())
}

fn or_blank(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

pub(crate) fn render_detail(cx: &DetailCtx, d: &JobDetail, scroll: u16, f: &mut Frame, area: Rect) {
    let lang = cx.lang;
    let area = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(3),
    );
    let j = &d.job;
    let mut fields: Vec<(T, Line<'static>)> = vec![
        (
            T::FieldStatus,
            Line::from(vec![
                Span::styled(code(lang, d.status.code()), status_style(d.status)),
                Span::raw(format!(
                    "  ·  {} {}",
                    tr(lang, T::FieldCardState),
                    code(lang, d.card_state.code())
                )),
                Span::styled(
                    if d.escalated {
                        format!("  ·  {}", tr(lang, T::MarkEscalated))
                    } else {
                        String::new()
                    },
                    escalated_style(),
                ),
            ]),
        ),
        (T::FieldCustomer, plain(or_blank(&j.customer))),
        (T::FieldPhone, plain(or_blank(&j.phone))),
        (T::FieldAddress, plain(or_blank(&j.address))),
        (T::FieldModel, plain(or_blank(&j.product_model))),
        (
            T::FieldPurchase,
            plain(j.purchase_date.map(|d| d.to_string()).unwrap_or("—".into())),
        ),
        (T::FieldFault, plain(or_blank(&j.fault))),
        (T::FieldRequirement, plain(or_blank(&j.requirement))),
        (T::FieldAppointment, {
            let end = d
                .appt_end
                .map(|e| cx.zone.local(e).format("–%H:%M").to_string())
                .unwrap_or_default();
            plain(format!("{}{end}", local_full(cx, d.appt_start)))
        }),
        (T::FieldEngineer, plain(or_blank(&j.engineer))),
        (
            T::FieldWarranty,
            plain(code(lang, j.warranty.map(|w| w.code()).unwrap_or(""))),
        ),
        (T::FieldReceived, plain(local_full(cx, j.received_at))),
        (T::FieldOrigin, plain(code(lang, &d.origin))),
        (T::FieldBranch, plain(j.branch.clone())),
    ];
    if !d.to_verify.is_empty() {
        let names: Vec<String> = d.to_verify.iter().map(|m| code(lang, m)).collect();
        let mut spans = vec![Span::styled(
            names.join(", "),
            Style::new().fg(Color::Yellow),
        )];
        if let Some(v) = d.verified_at {
            spans.push(Span::raw(format!(
                "  ({})",
                trf(lang, T::Verified, &[&local(cx, v)])
            )));
        }
        fields.push((T::FieldToVerify, Line::from(spans)));
    }
    if let Some(p) = &d.revisit_of {
        fields.push((T::FieldRevisitOf, plain(p.clone())));
    }
    if !d.revisits.is_empty() {
        let list: Vec<String> = d
            .revisits
            .iter()
            .map(|(no, s)| format!("{no} ({})", code(lang, s.code())))
            .collect();
        fields.push((T::FieldRevisits, plain(list.join(", "))));
    }
    let label_w = fields
        .iter()
        .map(|(l, _)| tr(lang, *l).width())
        .max()
        .unwrap_or(0);
    let labelled = |label: T, value: Line<'static>| -> Vec<Span<'static>> {
        let l = tr(lang, label);
        let mut spans = vec![Span::styled(
            format!("{l}{}  ", " ".repeat(label_w - l.width())),
            Style::new().fg(DIM),
        )];
        spans.extend(value.spans);
        spans
    };
    // Short fields two to a line when there is room; long ones alone.
    let inner_w = area.width.saturating_sub(2) as usize;
    let half = inner_w / 2;
    let long = [
        T::FieldStatus,
        T::FieldAddress,
        T::FieldFault,
        T::FieldRequirement,
        T::FieldToVerify,
        T::FieldRevisits,
    ];
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut pending: Option<Vec<Span<'static>>> = None;
    for (label, value) in fields {
        let spans = labelled(label, value);
        let w: usize = spans.iter().map(|s| s.width()).sum();
        if long.contains(&label) || w + 1 >= half || inner_w < 76 {
            if let Some(p) = pending.take() {
                lines.push(Line::from(p));
            }
            lines.push(Line::from(spans));
        } else if let Some(mut p) = pending.take() {
            let pw: usize = p.iter().map(|s| s.width()).sum();
            p.push(Span::raw(" ".repeat(half.saturating_sub(pw))));
            p.extend(spans);
            lines.push(Line::from(p));
        } else {
            pending = Some(spans);
        }
    }
    if let Some(p) = pending {
        lines.push(Line::from(p));
    }
    lines.push(Line::default());
    lines.push(Line::from(tr(lang, T::Timeline)).bold().underlined());
    for e in &d.timeline {
        let when = e.at.map(|t| local(cx, t)).unwrap_or_else(|| " ".repeat(11));
        let mut spans = vec![Span::styled(format!("{when}  "), Style::new().fg(DIM))];
        spans.extend(timeline_spans(cx, e));
        lines.push(Line::from(spans));
    }
    let title = trf(lang, T::DetailTitle, &[&j.job_no]);
    clear(f, area);
    f.render_widget(
        Paragraph::new(lines)
            .block(block(title))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

fn timeline_spans(cx: &DetailCtx, entry: &TimelineEntry) -> Vec<Span<'static>> {
    let lang = cx.lang;
    let hm = |t: Ts| cx.zone.local(t).format("%H:%M").to_string();
    match &entry.event {
        TimelineEvent::Received { origin } => {
            vec![Span::raw(trf(lang, T::TlReceived, &[&code(lang, origin)]))]
        }
        TimelineEvent::Visit(v) => {
            let visit = &v.visit;
            let outcome = code(lang, visit.outcome.map(|o| o.code()).unwrap_or(""));
            let mut spans = vec![Span::styled(
                trf(lang, T::TlVisit, &[&outcome]),
                Style::new().bold(),
            )];
            let mut parts: Vec<Span<'static>> = Vec::new();
            if !visit.engineer.is_empty() {
                parts.push(Span::raw(visit.engineer.clone()));
            }
            if let Some(a) = visit.arrived_at {
                parts.push(Span::raw(trf(lang, T::TlArrived, &[&hm(a)])));
            }
            if let Some(fin) = visit.finished_at {
                parts.push(Span::raw(trf(lang, T::TlFinished, &[&hm(fin)])));
            }
            if let Some(m) = v.late_minutes.filter(|m| *m > 0) {
                let style = if m > crate::domain::visit::LATE_FLAG_MINUTES {
                    Style::new().fg(Color::Red).bold()
                } else {
                    Style::new().fg(Color::Yellow)
                };
                parts.push(Span::styled(trf(lang, T::TlLate, &[&m]), style));
            }
            if let Some(c) = visit.charge {
                parts.push(Span::raw(trf(lang, T::TlCharge, &[&format_money(c)])));
            }
            if !visit.receipt_no.is_empty() {
                parts.push(Span::raw(trf(lang, T::TlReceipt, &[&visit.receipt_no])));
            }
            if visit.invoice_owed == Some(true) {
                parts.push(match v.invoice_delivered_at {
                    Some(t) => Span::raw(trf(lang, T::TlInvoiceDelivered, &[&local(cx, t)])),
                    None => {
                        Span::styled(tr(lang, T::TlInvoiceOwed), Style::new().fg(Color::Magenta))
                    }
                });
            }
            if let Some(due) = visit.return_due {
                let late = v.returned_at.is_none() && cx.now.date_naive() > due;
                parts.push(Span::styled(
                    trf(lang, T::TlReturnDue, &[&due]),
                    if late {
                        Style::new().fg(Color::Red).bold()
                    } else {
                        Style::new()
                    },
                ));
            }
            if let Some(t) = v.returned_at.filter(|_| visit.return_due.is_some()) {
                parts.push(Span::raw(trf(lang, T::TlReturned, &[&local(cx, t)])));
            }
            if let Some(s) = visit.new_appointment_start {
                parts.push(Span::raw(trf(lang, T::TlNewAppt, &[&local(cx, s)])));
            }
            if !visit.note.is_empty() {
                parts.push(Span::styled(visit.note.clone(), Style::new().italic()));
            }
            for p in parts {
                spans.push(Span::raw(" · "));
                spans.push(p);
            }
            spans
        }
        TimelineEvent::Repeat { of, days } => vec![Span::styled(
            trf(lang, T::TlRepeat, &[of, days]),
            Style::new().fg(Color::Yellow).bold(),
        )],
        TimelineEvent::CallbackStarted {
            kind,
            due,
            pending,
            attempts,
            followup,
        } => {
            let started = entry.at.unwrap_or(*due);
            let kind = match (kind, followup) {
                (None, true) => tr(lang, T::FollowupKind).to_string(),
                _ => code(lang, kind.map(|k| k.code()).unwrap_or("")),
            };
            let mut spans = vec![Span::raw(trf(
                lang,
                T::TlCallbackStarted,
                &[&kind, &local(cx, *due)],
            ))];
            if *pending {
                let (text, u) = cx.countdown(started, *due);
                spans.push(Span::raw(" · "));
                spans.push(Span::styled(
                    format!("{} · {text}", tr(lang, T::TlPending)),
                    urgency_style(u),
                ));
                if *attempts > 0 {
                    spans.push(Span::raw(format!(" · ×{attempts}")));
                }
            } else {
                spans.push(Span::styled(
                    format!(" · {}", tr(lang, T::TlClosed)),
                    Style::new().fg(Color::Green),
                ));
            }
            spans
        }
        TimelineEvent::CallbackAttempt {
            result,
            note,
            operator,
            revisit,
            answers,
            ..
        } => {
            let label = code(lang, result.map(|r| r.code()).unwrap_or(""));
            let style = match result {
                Some(crate::domain::callback::CallbackResult::Satisfied) => {
                    Style::new().fg(Color::Green)
                }
                Some(crate::domain::callback::CallbackResult::Unreachable) => {
                    Style::new().fg(Color::Yellow)
                }
                _ => Style::new().fg(Color::Red).bold(),
            };
            let mut spans = vec![Span::styled(
                trf(lang, T::TlAttempt, &[&label, operator]),
                style,
            )];
            if !answers.is_empty() {
                let a = |x: Option<crate::domain::voice::Answer>| {
                    code(lang, x.map(|x| x.code()).unwrap_or(""))
                };
                let solved = code(
                    lang,
                    answers
                        .solved
                        .map(|b| if b { "yes" } else { "no" })
                        .unwrap_or(""),
                );
                spans.push(Span::raw(" · "));
                spans.push(Span::raw(trf(
                    lang,
                    T::TlAnswers,
                    &[&a(answers.attitude), &a(answers.quality), &solved],
                )));
            }
            if !note.is_empty() {
                spans.push(Span::raw(" · "));
                spans.push(Span::styled(note.clone(), Style::new().italic()));
            }
            if let Some(r) = revisit {
                spans.push(Span::raw(" · "));
                spans.push(Span::styled(
                    trf(lang, T::TlRevisitOpened, &[r]),
                    Style::new().fg(Color::Red),
                ));
            }
            spans
        }
        TimelineEvent::Card(card) => {
            let sat = code(lang, card.satisfaction.map(|s| s.code()).unwrap_or(""));
            let who = code(lang, card.signed_by.map(|s| s.code()).unwrap_or(""));
            let style = if card.signed_by_customer_side() {
                Style::new().fg(Color::Green)
            } else {
                Style::new().fg(Color::Red)
            };
            let mut spans = vec![Span::styled(trf(lang, T::TlCard, &[&sat, &who]), style)];
            if let Some(w) = card.warranty_record {
                spans.push(Span::raw(" · "));
                spans.push(Span::raw(trf(
                    lang,
                    T::TlWarrantyRecord,
                    &[&tr(lang, if w { T::Yes } else { T::No })],
                )));
            }
            if let Some(c) = card.charge {
                spans.push(Span::raw(" · "));
                spans.push(Span::raw(trf(lang, T::TlCharge, &[&format_money(c)])));
            }
            if !card.receipt_no.is_empty() {
                spans.push(Span::raw(" · "));
                spans.push(Span::raw(trf(lang, T::TlReceipt, &[&card.receipt_no])));
            }
            spans
        }
        TimelineEvent::DiscrepancyRaised { kind, detail, .. } => vec![Span::styled(
            trf(
                lang,
                T::TlRaised,
                &[&code(lang, kind.code()), &discrepancy_detail(lang, detail)],
            ),
            Style::new().fg(Color::Red),
        )],
        TimelineEvent::DiscrepancyResolved {
            kind,
            resolution,
            note,
            by,
        } => {
            let mut spans = vec![Span::styled(
                trf(
                    lang,
                    T::TlResolved,
                    &[
                        &code(lang, kind.code()),
                        &code(lang, resolution.map(|r| r.code()).unwrap_or("")),
                        by,
                    ],
                ),
                Style::new().fg(Color::Green),
            )];
            if !note.is_empty() {
                spans.push(Span::raw(" · "));
                spans.push(Span::styled(note.clone(), Style::new().italic()));
            }
            spans
        }
        TimelineEvent::RevisitOpened { job_no } => vec![Span::styled(
            trf(lang, T::TlRevisitOpened, &[job_no]),
            Style::new().fg(Color::Red),
        )],
        TimelineEvent::Supervisor(e) => {
            use crate::domain::escalation::{EscalationAction, EscalationItem};
            let what = match (e.item, e.discrepancy_kind) {
                (EscalationItem::Discrepancy, Some(k)) => code(lang, k.code()),
                (EscalationItem::Callback, _) => tr(lang, T::SupItemCallback).to_string(),
                _ => tr(lang, T::SupItemJob).to_string(),
            };
            let mut spans = vec![match e.action {
                EscalationAction::Escalated => Span::styled(
                    trf(lang, T::TlEscalated, &[&what, &e.to_whom, &e.operator]),
                    escalated_style(),
                ),
                EscalationAction::Acknowledged => Span::styled(
                    trf(lang, T::TlAcknowledged, &[&what, &e.operator]),
                    Style::new().fg(Color::Cyan),
                ),
            }];
            if !e.note.is_empty() {
                spans.push(Span::raw(" · "));
                spans.push(Span::styled(e.note.clone(), Style::new().italic()));
            }
            spans
        }
        // A correction stands out, with its reason.
        TimelineEvent::Audit {
            operator,
            action,
            summary,
            ..
        } if action == "correct" => vec![Span::styled(
            trf(
                lang,
                T::TlCorrection,
                &[operator, &crate::i18n::correction_summary(lang, summary)],
            ),
            correction_style(),
        )],
        TimelineEvent::Audit {
            id,
            operator,
            action,
            summary,
        } => vec![Span::styled(
            {
                let (action, summary) = audit_line(lang, action, summary);
                if summary.is_empty() {
                    trf(lang, T::TlAuditBare, &[&id.to_string(), &action, operator])
                } else {
                    trf(
                        lang,
                        T::TlAudit,
                        &[&id.to_string(), &action, operator, &summary],
                    )
                }
            },
            Style::new().fg(DIM),
        )],
    }
}

/// The *escalated* mark: a supervisor escalated the item.
fn render_chart(app: &App, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let area = popup(area, 76, 18);
    let on_time: u32 = app.history.iter().map(|d| d.on_time).sum();
    let overdue: u32 = app.history.iter().map(|d| d.overdue).sum();
    let block = block(tr(lang, T::ChartTitle).to_string());
    let inner = block.inner(area);
    clear(f, area);
    f.render_widget(block, area);
    let [legend, chart] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    f.render_widget(
        Line::from(vec![
            Span::styled("██ ", Style::new().fg(Color::Green)),
            Span::raw(trf(lang, T::ChartOnTime, &[&on_time])),
            Span::raw("   "),
            Span::styled("██ ", Style::new().fg(Color::Red)),
            Span::raw(trf(lang, T::ChartOverdue, &[&overdue])),
        ]),
        legend,
    );
    let groups: Vec<BarGroup> = app
        .history
        .iter()
        .map(|d| {
            BarGroup::new([
                Bar::new(u64::from(d.on_time)).style(Style::new().fg(Color::Green)),
                Bar::new(u64::from(d.overdue)).style(Style::new().fg(Color::Red)),
            ])
            .label(Line::from(d.date.format("%d").to_string()).centered())
        })
        .collect();
    let mut bars = BarChart::default()
        .bar_width(2)
        .bar_gap(0)
        .group_gap(1)
        .value_style(Style::new().fg(Color::Black).bold());
    for g in groups {
        bars = bars.data(g);
    }
    f.render_widget(bars, chart);
}

fn render_form(app: &App, form: &Form, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let visible: Vec<_> = form.visible().collect();
    let context = form.context.as_deref().map_or(0, |c| c.lines().count());
    let height = (visible.len() + context + 4) as u16;
    // Wider on a wider terminal: the fields and their hints use the room.
    let area = popup(area, 112, height);
    let block = block(super::form::title(lang, form));
    let inner = block.inner(area);
    clear(f, area);
    f.render_widget(block, area);
    let label_w = visible
        .iter()
        .map(|(_, fl)| tr(lang, fl.id.label()).width())
        .max()
        .unwrap_or(0) as u16
        + 2;
    // Two fifths of the room after the labels for the hints next to the
    // fields, the rest for the values.
    let room = inner.width.saturating_sub(label_w + 1);
    let value_w = room - room * 2 / 5;
    let mut y = inner.y;
    for line in form.context.iter().flat_map(|c| c.lines()) {
        f.render_widget(
            Line::from(line.to_string()).style(Style::new().fg(Color::Yellow)),
            Rect::new(inner.x, y, inner.width, 1),
        );
        y += 1;
    }
    for (i, field) in &visible {
        let focused = *i == form.focus;
        let row = Rect::new(inner.x, y, inner.width, 1);
        let label = tr(lang, field.id.label());
        f.render_widget(
            Line::from(Span::styled(
                format!("{}{label}", if focused { "›" } else { " " }),
                if focused {
                    Style::new().fg(FOCUS).bold()
                } else {
                    Style::new()
                },
            )),
            Rect {
                width: label_w,
                ..row
            },
        );
        let vx = row.x + label_w;
        let value_area = Rect::new(vx, y, value_w, 1);
        let base = if focused {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new().underlined()
        };
        match &field.value {
            Value::Text(t) => {
                let cursor = focused && app.mode() == Mode::Form;
                crate::tui::kit::input::draw(f, t, value_area, base, cursor);
            }
            Value::Choice { .. } => {
                let text = format!("‹ {} ›", code(lang, field.raw()));
                let pad = (value_w as usize).saturating_sub(text.width());
                f.render_widget(
                    Line::from(format!("{text}{}", " ".repeat(pad))).style(base),
                    value_area,
                );
            }
        }
        let note_x = vx + value_w + 1;
        let note_area = Rect::new(note_x, y, (inner.x + inner.width).saturating_sub(note_x), 1);
        if let Some(e) = &field.error {
            f.render_widget(
                Line::from(e.clone()).style(Style::new().fg(Color::Red).bold()),
                note_area,
            );
        } else if let Some(w) = &field.warning {
            f.render_widget(
                Line::from(w.clone()).style(Style::new().fg(Color::Yellow)),
                note_area,
            );
        } else if focused && form.picks_engineer() {
            f.render_widget(engineer_picks(form, &app.engineer_names()), note_area);
        }
        y += 1;
    }
    // The focused field's whole message, or why the save failed.
    let focused = &form.fields[form.focus];
    let status = form
        .error
        .clone()
        .map(|e| styled(e, Style::new().fg(Color::Red).bold()))
        .or_else(|| {
            focused.error.clone().map(|e| {
                styled(
                    format!("{}: {e}", tr(lang, focused.id.label())),
                    Style::new().fg(Color::Red),
                )
            })
        })
        .or_else(|| {
            focused.warning.clone().map(|w| {
                styled(
                    format!("{}: {w}", tr(lang, focused.id.label())),
                    Style::new().fg(Color::Yellow),
                )
            })
        });
    if let Some(s) = status {
        f.render_widget(
            Paragraph::new(s).wrap(Wrap { trim: true }),
            Rect::new(
                inner.x,
                y + 1,
                inner.width,
                inner.bottom().saturating_sub(y + 1),
            ),
        );
    }
}

/// The engineer picker beside the focused engineer field: the names that
/// match what was typed, the picked one marked (PgDn / PgUp move it).
fn engineer_picks<'a>(form: &Form, names: &'a [String]) -> Line<'a> {
    let (matches, at) = form.engineer_matches(names);
    let mut spans = vec![Span::styled("PgDn ", Style::new().fg(Color::DarkGray))];
    // From the one before the picked name on, so that the picked one shows
    // however narrow the room.
    let from = at.map_or(0, |i| i.saturating_sub(1));
    if from > 0 {
        spans.push(Span::raw("… "));
    }
    for (i, name) in matches.iter().enumerate().skip(from) {
        let style = if Some(i) == at {
            Style::new().fg(FOCUS).bold().reversed()
        } else {
            Style::new().fg(Color::Cyan)
        };
        spans.push(Span::styled(name.as_str(), style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

fn render_help(app: &App, f: &mut Frame, area: Rect) {
    let lines = help_lines(app.lang);
    let title = tr(app.lang, T::HelpTitle);
    app.help_max
        .set(crate::tui::kit::help::max_scroll(area, lines.len()));
    crate::tui::kit::help::draw(app.lang, f, area, title, lines, app.help_scroll);
}

/// The help's lines: the dashboard's keys and the complaints list's (from
/// their key tables), the keys in a form, the colours and marks.
pub(super) fn help_lines(lang: crate::i18n::Lang) -> Vec<Line<'static>> {
    let key_line = |key: &str, w: usize, desc: T, key_style: Style| {
        Line::from(vec![
            Span::styled(
                format!("{key}{}", " ".repeat(w.saturating_sub(key.width()))),
                key_style,
            ),
            Span::raw(" "),
            Span::raw(tr(lang, desc)),
        ])
    };
    let k = Style::new().fg(FOCUS).bold();
    let title = |t: T| Line::from(tr(lang, t)).bold();
    let mut lines: Vec<Line> = super::help_keys()
        .into_iter()
        .map(|(key, desc)| key_line(key, 9, desc, k))
        .collect();
    lines.push(Line::default());
    lines.push(title(T::HelpComplaintsTitle));
    lines.extend(
        super::keymap::complaints_help_keys()
            .into_iter()
            .map(|(key, desc)| key_line(key, 9, desc, k)),
    );
    lines.push(Line::default());
    lines.push(title(T::HelpCasesTitle));
    lines.extend(
        super::keymap::cases_help_keys()
            .into_iter()
            .map(|(key, desc)| key_line(key, 9, desc, k)),
    );
    lines.push(Line::default());
    lines.push(title(T::HelpFormsTitle));
    lines.extend(
        super::help_form_keys()
            .iter()
            .map(|(key, desc)| key_line(key, 9, *desc, k)),
    );
    lines.push(Line::default());
    lines.push(title(T::HelpMarksTitle));
    let samples: [(String, Style, T); 9] = [
        (
            trf(lang, T::DueIn, &[&hours_minutes(20)]),
            urgency_style(Urgency::DueSoon),
            T::HelpMarkDue,
        ),
        (
            trf(lang, T::OverdueBy, &[&hours_minutes(75)]),
            urgency_style(Urgency::Overdue),
            T::HelpMarkOverdue,
        ),
        (
            trf(lang, T::MarkLate, &[&40]),
            Style::new().fg(Color::Red).bold(),
            T::HelpMarkLate,
        ),
        (
            tr(lang, T::MarkInvoice).to_string(),
            Style::new().fg(Color::Magenta),
            T::HelpMarkInvoice,
        ),
        (
            tr(lang, T::MarkLoaner).to_string(),
            Style::new().fg(Color::Red),
            T::HelpMarkLoaner,
        ),
        (
            tr(lang, T::MarkConflict).to_string(),
            Style::new().fg(Color::Magenta).bold(),
            T::HelpMarkConflict,
        ),
        (
            tr(lang, T::MarkCauseGone).to_string(),
            Style::new().fg(Color::Cyan),
            T::HelpMarkGone,
        ),
        (
            tr(lang, T::MarkEscalated).to_string(),
            escalated_style(),
            T::HelpMarkEscalated,
        ),
        (
            tr(lang, T::MarkOnsite).to_string(),
            Style::new().fg(Color::Red),
            T::HelpMarkOnsite,
        ),
    ];
    let w = samples.iter().map(|(s, _, _)| s.width()).max().unwrap_or(0);
    for (sample, style, desc) in &samples {
        lines.push(key_line(sample, w, *desc, *style));
    }
    lines
}

fn render_notice(app: &App, lines: &[String], f: &mut Frame, area: Rect) {
    notice(app.lang, lines, f, area)
}

fn render_confirm(app: &App, q: T, f: &mut Frame, area: Rect) {
    question(app.lang, tr(app.lang, q), f, area)
}
