//! Drawing the center screen: reads the state only.

use super::keymap::help_keys;
use super::state::{CenterApp, Overlay};
use crate::center::BranchStatus;
use crate::center::hm;
use crate::domain::center::CheckState;
use crate::domain::time::{Ts, parse_hhmm};
use crate::i18n::{Lang, T, code, code_short, pad, tr, trf, weekday};
use crate::store::center::ReportRow;
use crate::tui::kit::frame::{Areas, block as overlay_block, clear, notice, popup, screen};
use crate::tui::kit::input::TextInput;
use crate::tui::kit::theme::{DIM, FOCUS};
use chrono::{DateTime, FixedOffset, NaiveTime};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, HighlightSpacing, Paragraph, Row, Table, TableState, Wrap};
use unicode_width::UnicodeWidthStr;

// ---- Drawing: reads the state only ---------------------------------------

/// The screen, every cell terminal-safe (no control or bidirectional
/// character from the data reaches the terminal).
pub fn draw(app: &CenterApp, f: &mut Frame) {
    draw_screen(app, f);
    crate::tui::kit::frame::terminal_safe(f.buffer_mut());
}

fn draw_screen(app: &CenterApp, f: &mut Frame) {
    let area = f.area();
    let Some(Areas {
        header,
        body,
        message,
        footer,
    }) = screen(app.lang, f, 3)
    else {
        return;
    };
    // The selected branch's summary as high as its lines wrap to (at least
    // 5, leaving the table its branches), never cut while rows are free.
    let summary_lines = summary_lines(app);
    let needed = wrapped_height(&summary_lines, body.width.saturating_sub(2)) + 2;
    let table_rows = (app.status.branches.len() as u16).max(1) + 3;
    let summary_h = needed.clamp(5, body.height.saturating_sub(table_rows).max(5));
    let [table, summary] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(summary_h)]).areas(body);
    render_header(app, f, header);
    render_table(app, f, table);
    render_summary(summary_lines, f, summary);
    render_footer(app, f, footer);
    crate::tui::kit::frame::message_line(f, app.message.as_ref(), message);
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
        Some(Overlay::Cases {
            cases,
            selected,
            rule,
        }) => render_cases(app, cases, *selected, rule.as_ref(), f, area),
        None => {}
    }
}

/// The branches' cases, with the center's ruling or the ruling
/// being written.
fn render_cases(
    app: &CenterApp,
    cases: &[crate::center::rulings::CenterCase],
    selected: usize,
    rule: Option<&super::state::RuleDraft>,
    f: &mut Frame,
    area: Rect,
) {
    let lang = app.lang;
    let area = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(4),
        ..area
    };
    clear(f, area);
    let block = overlay_block(format!("{} ({})", t(app, T::CenterCasesTitle), cases.len()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let form_h = if rule.is_some() { 4 } else { 0 };
    let [list, form] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(form_h)]).areas(inner);
    if cases.is_empty() {
        f.render_widget(Paragraph::new(t(app, T::Empty)).fg(DIM), list);
    } else {
        let rows: Vec<Row> = cases
            .iter()
            .map(|k| {
                let (state, style) = match &k.ruling {
                    Some(r) => (
                        format!(
                            "{}{}",
                            code(lang, &r.decision),
                            if r.exported_at.is_some() {
                                format!(" · {}", t(app, T::CenterRulingSent))
                            } else {
                                String::new()
                            }
                        ),
                        Style::new().fg(Color::Green),
                    ),
                    None => (code(lang, &k.state), Style::new().fg(Color::Yellow)),
                };
                let detail = match &k.ruling {
                    Some(r) => r.note.clone(),
                    None => k.note.clone(),
                };
                Row::new(vec![
                    Cell::from(k.branch.clone()),
                    Cell::from(k.case_id.to_string()),
                    Cell::from(k.job_no.clone()),
                    Cell::from(code(lang, &k.kind)),
                    Cell::from(state).style(style),
                    Cell::from(detail),
                ])
            })
            .collect();
        let header = Row::new(vec![
            t(app, T::ColBranch),
            t(app, T::ColNo),
            t(app, T::ColJob),
            t(app, T::ColKind),
            t(app, T::ColState),
            t(app, T::ColDetail),
        ])
        .style(Style::new().fg(DIM).add_modifier(Modifier::UNDERLINED));
        let table = Table::new(
            rows,
            [
                Constraint::Length(6),
                Constraint::Length(4),
                Constraint::Length(11),
                Constraint::Length(16),
                Constraint::Length(15),
                Constraint::Fill(1),
            ],
        )
        .header(header)
        .column_spacing(1)
        .highlight_symbol(">")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
        let mut state = TableState::default().with_selected(Some(selected));
        f.render_stateful_widget(table, list, &mut state);
    }
    if let (Some(r), Some(k)) = (rule, cases.get(selected)) {
        let d = super::state::DECISIONS[r.decision];
        let title = trf(lang, T::CenterRuleTitle, &[&k.case_id, &k.branch]);
        let label = format!("{}: ", t(app, T::CenterRuleNote));
        let lines = vec![
            Line::from(title).bold(),
            Line::from(vec![
                Span::styled(
                    format!("{}: ", t(app, T::CenterRuleDecision)),
                    Style::new().fg(DIM),
                ),
                Span::styled(
                    format!("‹ {} ›", code(lang, d.code())),
                    Style::new().fg(FOCUS),
                ),
            ]),
            Line::from(Span::styled(label.clone(), Style::new().fg(DIM))),
        ];
        f.render_widget(Paragraph::new(lines), form);
        let lw = label.width() as u16;
        let field = Rect::new(form.x + lw, form.y + 2, form.width.saturating_sub(lw), 1);
        crate::tui::kit::input::draw(f, &r.note, field, Style::new().underlined(), true);
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
    // From the reports' open_items codes, when there are any (on
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

/// How many rows `lines` take wrapped to `width` (as the summary draws
/// them).
fn wrapped_height(lines: &[Line<'static>], width: u16) -> u16 {
    if lines.is_empty() || width == 0 {
        return 0;
    }
    let mut buf = ratatui::buffer::Buffer::empty(Rect::new(0, 0, width, 64));
    ratatui::widgets::Widget::render(
        Paragraph::new(lines.to_vec()).wrap(Wrap { trim: true }),
        buf.area,
        &mut buf,
    );
    (0..64u16)
        .rev()
        .find(|&y| (0..width).any(|x| buf[(x, y)].symbol() != " "))
        .map_or(0, |y| y + 1)
}

fn render_summary(lines: Vec<Line<'static>>, f: &mut Frame, area: Rect) {
    let block = Block::bordered().border_style(Style::new().fg(DIM));
    let inner = block.inner(area);
    f.render_widget(block, area);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

/// The selected branch: its open discrepancies, its report's state and
/// backlog, its check marks.
fn summary_lines(app: &CenterApp) -> Vec<Line<'static>> {
    let lang = app.lang;
    let Some(b) = app.current() else {
        return Vec::new();
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
    lines
}

fn render_footer(app: &CenterApp, f: &mut Frame, area: Rect) {
    f.render_widget(
        crate::tui::kit::keys::footer(app.lang, super::keymap::hints(app), area.width),
        area,
    );
}

/// `text` in lines of at most `width` columns, broken after a space where
/// it can be (Chinese text anywhere).
fn wrap_text(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_inclusive(' ') {
        if line.width() + word.trim_end().width() > width && !line.is_empty() {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        for ch in word.chars() {
            let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            if line.width() + w > width && ch != ' ' {
                lines.push(line.trim_end().to_string());
                line.clear();
            }
            if !(line.is_empty() && ch == ' ') {
                line.push(ch);
            }
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// `s` cut to `width` columns (`…` where cut) and padded to it.
fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return pad(s, width);
    }
    let mut out = String::new();
    for ch in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if out.width() + w + 1 > width {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    pad(&out, width)
}

/// Every line of a branch's report overlay at `width` columns: the report,
/// its reconciliation, the figures at export and what is still open, then
/// the open discrepancies, then every job of the report. The overlay
/// scrolls over them, so that every section is reachable at any size.
fn detail_lines(
    app: &CenterApp,
    b: Option<&BranchStatus>,
    rows: &[ReportRow],
    width: usize,
) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut out: Vec<Line<'static>> = Vec::new();
    let para = |out: &mut Vec<Line<'static>>, text: &str, style: Style| {
        out.extend(
            wrap_text(text, width)
                .into_iter()
                .map(|l| Line::from(l).style(style)),
        )
    };
    let report = b.and_then(|b| b.report.as_ref());
    match report {
        Some(r) => {
            let head = trf(
                lang,
                T::CenterDetailReport,
                &[
                    &r.generation,
                    &hm(&r.generated_at),
                    &hm(&r.first_generated_at),
                    &hm(&r.imported_at),
                    &r.rows,
                ],
            );
            para(&mut out, &head, Style::new());
            let recon = match &r.reconciled_at {
                Some(at) => trf(lang, T::CenterReconciledAt, &[&hm(at)]),
                None => t(app, T::CenterReconciliationNotRun).to_string(),
            };
            let made = if r.is_final {
                trf(lang, T::CenterMadeFinal, &[&hm(&r.cutoff_at)])
            } else {
                trf(lang, T::CenterMadeBeforeCutoff, &[&hm(&r.cutoff_at)])
            };
            let style = if r.reconciled_at.is_none() {
                Style::new().fg(Color::Red).bold()
            } else if !r.is_final {
                Style::new().fg(Color::Yellow).bold()
            } else {
                Style::new().fg(Color::Green)
            };
            para(&mut out, &format!("{recon} · {made}"), style);
            if let Some(counts) = b.and_then(|b| b.counts.as_ref()) {
                let figures: Vec<String> = crate::domain::ledger::COUNT_NAMES
                    .iter()
                    .filter_map(|n| counts.get(n).filter(|v| **v > 0).map(|v| (n, v)))
                    .map(|(n, v)| format!("{} {v}", crate::i18n::count_name(lang, n)))
                    .collect();
                let text = if figures.is_empty() {
                    format!("{}: 0", t(app, T::CenterFigures))
                } else {
                    format!("{}: {}", t(app, T::CenterFigures), figures.join(", "))
                };
                para(&mut out, &text, Style::new());
            }
            let kinds: Vec<String> = r
                .open_items
                .iter()
                .map(|(k, n)| format!("{} {n}", code(lang, k)))
                .collect();
            if kinds.is_empty() {
                para(&mut out, t(app, T::CenterNothingOpen), Style::new().fg(DIM));
            } else {
                let text = format!("{}: {}", t(app, T::CenterBacklog), kinds.join(", "));
                para(&mut out, &text, Style::new().fg(Color::Yellow));
            }
        }
        None => para(
            &mut out,
            t(app, T::CenterDetailNoReport),
            Style::new().fg(Color::Red),
        ),
    }
    let open: Vec<&ReportRow> = rows
        .iter()
        .filter(|r| !r.facts.discrepancies_open.is_empty())
        .collect();
    if !open.is_empty() {
        out.push(Line::default());
        out.push(Line::from(format!("{} ({})", t(app, T::CenterDetailDisc), open.len())).bold());
        let lead = 16 + 1 + 8 + 1;
        for r in open {
            let kinds: Vec<String> = r
                .facts
                .discrepancies_open
                .iter()
                .map(|k| code(lang, k))
                .collect();
            let wrapped = wrap_text(&kinds.join(", "), width.saturating_sub(lead).max(8));
            for (i, part) in wrapped.into_iter().enumerate() {
                let left = if i == 0 {
                    format!("{} {} ", fit(&r.job_no, 16), fit(&r.engineer, 8))
                } else {
                    " ".repeat(lead)
                };
                out.push(Line::from(vec![
                    Span::raw(left),
                    Span::styled(part, Style::new().fg(Color::Magenta)),
                ]));
            }
        }
    }
    out.push(Line::default());
    out.push(Line::from(format!("{} ({})", t(app, T::CenterDetailJobs), rows.len())).bold());
    // Columns: title, width, the order they are left out in (highest first).
    let mut cols: Vec<(T, usize, u8)> = vec![
        (T::ColJob, 16, 0),
        (T::ColEngineer, 8, 2),
        (T::ColStatus, 12, 3),
        (T::ColOutcome, 12, 5),
        (T::ColCallback, 12, 4),
        (T::ColCard, 10, 6),
        (T::ColBacklog, 30, 7),
    ];
    let used = |cols: &[(T, usize, u8)]| {
        cols.iter().map(|c| c.1).sum::<usize>() + cols.len().saturating_sub(1)
    };
    while used(&cols) > width && cols.len() > 1 {
        let worst = (0..cols.len()).max_by_key(|&i| cols[i].2).unwrap_or(0);
        cols.remove(worst);
    }
    // Each row's cells, then the columns widened to what they hold (over
    // the whole report, so that none changes while scrolling) as far as
    // the width left over allows, in the order they stay.
    let cells: Vec<Vec<(String, Style)>> = rows
        .iter()
        .map(|r| {
            let cb = if r.facts.callback_kind.is_empty() {
                String::new()
            } else if r.facts.callback_result.is_empty() {
                code_short(lang, &r.facts.callback_kind)
            } else {
                format!(
                    "{} {}",
                    code_short(lang, &r.facts.callback_kind),
                    code_short(lang, &r.facts.callback_result)
                )
            };
            let open_items: Vec<String> = r.open_items.iter().map(|c| code(lang, c)).collect();
            cols.iter()
                .map(|c| match c.0 {
                    T::ColJob => (r.job_no.clone(), Style::new()),
                    T::ColEngineer => (r.engineer.clone(), Style::new()),
                    T::ColStatus => (code_short(lang, &r.facts.status), Style::new()),
                    T::ColOutcome => (code_short(lang, &r.outcome), Style::new()),
                    T::ColCallback if r.facts.callback_overdue => {
                        (cb.clone(), Style::new().fg(Color::Red).bold())
                    }
                    T::ColCallback => (cb.clone(), Style::new()),
                    T::ColCard => (code_short(lang, &r.card_state), Style::new()),
                    _ => (open_items.join(", "), Style::new().fg(Color::Yellow)),
                })
                .collect()
        })
        .collect();
    let mut spare = width.saturating_sub(used(&cols));
    let mut by_keep: Vec<usize> = (0..cols.len()).collect();
    by_keep.sort_by_key(|&i| cols[i].2);
    for i in by_keep {
        let want = cells
            .iter()
            .map(|row| row[i].0.width())
            .chain([tr(lang, cols[i].0).width()])
            .max()
            .unwrap_or(0);
        let more = want.saturating_sub(cols[i].1).min(spare);
        cols[i].1 += more;
        spare -= more;
    }
    let header: Vec<String> = cols.iter().map(|c| fit(tr(lang, c.0), c.1)).collect();
    out.push(
        Line::from(header.join(" ").trim_end().to_string())
            .style(Style::new().fg(DIM).add_modifier(Modifier::UNDERLINED)),
    );
    for row in cells {
        let spans: Vec<Span<'static>> = cols
            .iter()
            .zip(row)
            .map(|(c, (text, style))| Span::styled(format!("{} ", fit(&text, c.1)), style))
            .collect();
        out.push(Line::from(spans));
    }
    out
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
    let area = crate::tui::kit::frame::overlay(area);
    let block = overlay_block(trf(
        lang,
        T::CenterDetailTitle,
        &[&branch, &name, &app.date],
    ));
    let inner = block.inner(area);
    clear(f, area);
    f.render_widget(block, area);
    let lines = detail_lines(app, b, rows, inner.width as usize);
    let total = lines.len();
    let height = inner.height as usize;
    if total <= height {
        app.detail_max.set(0);
        app.detail_page.set(inner.height.max(1));
        f.render_widget(Paragraph::new(lines), inner);
        return;
    }
    // The last line says how much more there is below (or that this is
    // the end), so that nothing is cut without a word.
    let visible = height.saturating_sub(1).max(1);
    let max = total.saturating_sub(visible);
    app.detail_max.set(max.min(u16::MAX as usize) as u16);
    app.detail_page.set(visible as u16);
    let start = (scroll as usize).min(max);
    let shown: Vec<Line> = lines.into_iter().skip(start).take(visible).collect();
    f.render_widget(
        Paragraph::new(shown),
        Rect {
            height: visible as u16,
            ..inner
        },
    );
    let below = total - (start + visible).min(total);
    let marker = if below > 0 {
        trf(lang, T::CenterMore, &[&below, &(start + visible), &total])
    } else {
        trf(lang, T::CenterEnd, &[&total])
    };
    f.render_widget(
        Line::from(fit(&marker, inner.width as usize)).style(Style::new().fg(FOCUS).bold()),
        Rect {
            y: inner.y + visible as u16,
            height: 1,
            ..inner
        },
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
    clear(f, area);
    f.render_widget(block, area);
    let label = format!("{}: ", t(app, T::CenterCheckNote));
    let lines = vec![
        Line::from(Span::styled(label.clone(), Style::new().fg(DIM))),
        Line::default(),
        Line::from(t(app, T::CenterCheckHint)).fg(DIM),
    ];
    f.render_widget(Paragraph::new(lines), inner);
    let lw = label.width() as u16;
    let field = Rect::new(inner.x + lw, inner.y, inner.width.saturating_sub(lw), 1);
    crate::tui::kit::input::draw(f, note, field, Style::new().underlined(), true);
}

fn render_help(app: &CenterApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let area = popup(area, 76, 21);
    let block = overlay_block(t(app, T::HelpTitle).to_string());
    let k = Style::new().fg(FOCUS).bold();
    let mut lines: Vec<Line> = help_keys()
        .into_iter()
        .map(|(key, desc)| {
            Line::from(vec![
                Span::styled(pad(key, 10), k),
                Span::raw(tr(lang, desc)),
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
    let marks = [
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
    ];
    // A blank always between a mark and what it means.
    let w = marks
        .iter()
        .map(|(m, _, _)| tr(lang, *m).width() + 1)
        .max()
        .unwrap_or(0)
        .max(10);
    for (mark, style, desc) in marks {
        lines.push(Line::from(vec![
            Span::styled(pad(tr(lang, mark), w), style),
            Span::raw(tr(lang, desc)),
        ]));
    }
    clear(f, area);
    f.render_widget(Paragraph::new(lines).block(block), area);
}
