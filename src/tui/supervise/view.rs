//! Drawing the supervisor's screen: reads the [`SupApp`] and nothing else
//! (no database, no clock). Lists build lines for the visible window only;
//! cells are padded by display width, so Chinese text keeps its columns.

use super::keymap;
use super::state::{OverdueLine, SupApp, SupFormKind, SupMode, Tab};
use crate::desk::supervise::{Chain, Escalation, Forgery, Suspicion};
use crate::domain::callback::{CallbackResult, overdue_minutes};
use crate::domain::codes::format_money;
use crate::domain::escalation::EscalationState;
use crate::domain::overdue::GroupBy;
use crate::domain::reconcile::DiscrepancyStatus;
use crate::domain::scorecard::{EngineerScore, Measure, Period};
use crate::domain::time::Ts;
use crate::i18n::{Lang, T, code, code_short, tr, trf, weekday};
use crate::tui::dashboard::model::hours_minutes;
use crate::tui::dashboard::view::{DetailCtx, render_detail};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::tui::kit::frame::{Areas, clear, popup, screen};
use crate::tui::kit::theme::{DIM, FOCUS, escalated_style};

/// The screen, every cell terminal-safe (no control or bidirectional
/// character from the data reaches the terminal).
pub fn draw(app: &SupApp, f: &mut Frame) {
    draw_screen(app, f);
    crate::tui::kit::frame::terminal_safe(f.buffer_mut());
}

fn draw_screen(app: &SupApp, f: &mut Frame) {
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
    match app.tab {
        Tab::Overdue => render_overdue(app, f, body),
        Tab::Forgeries => render_forgeries(app, f, body),
        Tab::Engineers => render_engineers(app, f, body),
        Tab::Chains => render_chains(app, f, body),
        Tab::Acted => render_acted(app, f, body),
        Tab::Commitments => render_commitments(app, f, body),
    }
    render_footer(app, f, footer);
    render_message(app, f, message);
    if let Some(d) = &app.detail {
        let cx = DetailCtx {
            lang: app.lang,
            zone: app.src.zone(),
            now: app.now,
        };
        render_detail(&cx, &d.detail, d.scroll, f, area);
    }
    if app.form.is_some() {
        render_form(app, f, area);
    }
    if app.help {
        render_help(app, f, area);
    }
}

fn t(app: &SupApp, t: T) -> &'static str {
    tr(app.lang, t)
}

/// `s` cut or padded to `w` display cells.
fn pad(s: &str, w: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push_str(&" ".repeat(w - used));
    out
}

/// Right-aligned in `w` cells.
fn rpad(s: &str, w: usize) -> String {
    let sw = s.width();
    if sw >= w {
        pad(s, w)
    } else {
        format!("{}{s}", " ".repeat(w - sw))
    }
}

/// A row of cells: (text, width, style), one space apart.
fn cells(parts: Vec<(String, usize, Style)>) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (text, w, style)) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        // A cell longer than its column is cut with "…" (identifiers get
        // columns as wide as they are), so that it never pushes the columns
        // after it off the screen.
        spans.push(Span::styled(pad(&clip(&text, w), w), style));
    }
    Line::from(spans)
}

/// `text` in at most `w` cells, ending in "…" when cut.
fn clip(text: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if text.width() <= w {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    if w > 0 {
        out.push('…');
    }
    out
}

/// The widest of a column's title and values, at most `max`.
fn width(lang: Lang, title: T, values: impl Iterator<Item = usize>, max: usize) -> usize {
    values
        .chain(std::iter::once(tr(lang, title).width()))
        .max()
        .unwrap_or(0)
        .min(max)
}

fn period_label(p: Period) -> T {
    match p {
        Period::Today => T::SupPeriodToday,
        Period::Days7 => T::SupPeriod7,
        Period::Days30 => T::SupPeriod30,
    }
}

pub fn measure_label(lang: Lang, m: Measure) -> String {
    let t = match m {
        Measure::Jobs => T::SupMJobs,
        Measure::FirstVisitFix => T::SupMFirstFix,
        Measure::CallbacksOverdue => T::SupMCbOverdue,
        Measure::OverdueNow => T::SupMOverdueNow,
        Measure::Unsatisfied => T::SupMUnsatisfied,
        Measure::Revisits => T::SupMRevisits,
        Measure::LateArrivals => T::SupMLate,
        Measure::Discrepancies => T::SupMDisc,
        Measure::Complaints => T::SupMComplaints,
        Measure::OnsiteRate => T::SupMOnsite,
        Measure::Kind(k) => return code(lang, k.code()),
    };
    tr(lang, t).to_string()
}

/// The escalation cell: state, and to whom.
fn escalation_cell(lang: Lang, e: Option<&Escalation>) -> (String, Style) {
    match e.map(|e| (e.state, e)) {
        None | Some((EscalationState::None, _)) => (String::new(), Style::new()),
        Some((EscalationState::Escalated, e)) => {
            (trf(lang, T::SupStateEscalated, &[&e.to]), escalated_style())
        }
        Some((EscalationState::EscalatedResolved, e)) => (
            trf(lang, T::SupStateResolved, &[&e.to]),
            Style::new().fg(Color::Green).bold(),
        ),
        Some((EscalationState::Acknowledged, _)) => (
            tr(lang, T::SupStateAcknowledged).to_string(),
            Style::new().fg(Color::Cyan),
        ),
    }
}

// ---- Header, message line, footer --------------------------------------

fn render_header(app: &SupApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let clock = format!(
        "{} {} {}",
        app.now.format("%Y-%m-%d"),
        weekday(lang, chrono::Datelike::weekday(&app.now)),
        app.now.format("%H:%M:%S")
    );
    let left = Line::from(vec![
        Span::styled(t(app, T::SupTitle), Style::new().fg(FOCUS).bold()),
        Span::raw("  "),
        // A center's database: the branches it is made from, not one.
        match &app.snap.center {
            None => Span::styled(format!("{} ", t(app, T::Branch)), Style::new().fg(DIM)),
            Some(_) => Span::styled(format!("{} ", t(app, T::SupCenter)), Style::new().fg(DIM)),
        },
        Span::raw(match &app.snap.center {
            None => app.snap.branch.clone().unwrap_or_else(|| "—".into()),
            Some(b) => trf(lang, T::SupCenterBranches, &[&b.len()]),
        }),
        Span::raw("  "),
        Span::styled(
            format!("{} ", t(app, T::SupSupervisor)),
            Style::new().fg(DIM),
        ),
        Span::raw(app.src.operator().to_string()),
    ]);
    let [l, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(clock.width() as u16),
    ])
    .areas(Rect { height: 1, ..area });
    f.render_widget(left, l);
    f.render_widget(Line::from(clock).bold(), r);

    let counts = [
        app.overdue_total,
        app.snap.forgeries.iter().filter(|x| x.open).count(),
        app.snap.scores.len(),
        app.snap.chains.iter().filter(|c| !c.satisfied).count(),
        // As many as the panel lists.
        app.snap.acted.len(),
        app.len(Tab::Commitments),
    ];
    let period = trf(lang, T::SupPeriod, &[&t(app, period_label(app.period))]);
    let label = |tab: Tab, named: bool| {
        let i = tab.index();
        match (tab == Tab::Engineers, named) {
            (true, true) => format!(" {} {} ", i + 1, t(app, tab.short())),
            (true, false) => format!(" {} ", i + 1),
            (false, true) => format!(" {} {} {} ", i + 1, t(app, tab.short()), counts[i]),
            (false, false) => format!(" {}:{} ", i + 1, counts[i]),
        }
    };
    // Too narrow for every tab's name: from the right, the tabs but the
    // shown one give up their names (number and count stay).
    let mut named = [true; Tab::ALL.len()];
    let room = (area.width as usize).saturating_sub(period.width() + 1);
    for tab in Tab::ALL.iter().rev().filter(|&&t| t != app.tab) {
        let used: usize = Tab::ALL
            .iter()
            .map(|&t| label(t, named[t.index()]).width())
            .sum();
        if used <= room {
            break;
        }
        named[tab.index()] = false;
    }
    let mut spans = Vec::new();
    for tab in Tab::ALL {
        let i = tab.index();
        let label = label(tab, named[i]);
        let style = if tab == app.tab {
            Style::new().fg(Color::Black).bg(FOCUS).bold()
        } else if i != 2 && counts[i] > 0 {
            Style::new().fg(Color::Red)
        } else {
            Style::new().fg(Color::Gray)
        };
        spans.push(Span::styled(label, style));
    }
    let line2 = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    let [tabs, p] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(period.width() as u16),
    ])
    .areas(line2);
    f.render_widget(Line::from(spans), tabs);
    f.render_widget(Line::from(period).style(Style::new().fg(Color::Yellow)), p);
}

fn render_message(app: &SupApp, f: &mut Frame, area: Rect) {
    crate::tui::kit::frame::message_line(f, app.message.as_ref(), area);
}

fn render_footer(app: &SupApp, f: &mut Frame, area: Rect) {
    f.render_widget(
        crate::tui::kit::keys::footer(app.lang, keymap::hints(app), area.width),
        area,
    );
}

// ---- Lists ----------------------------------------------------------------

/// A bordered list: a header line and the visible window of `len` lines
/// around the selection, each built by `line`.
#[allow(clippy::too_many_arguments)] // as the dashboard's `render_list`
fn render_list(
    f: &mut Frame,
    area: Rect,
    title: Line<'static>,
    header: Line<'static>,
    len: usize,
    selected: usize,
    empty: &str,
    line: impl Fn(usize) -> (Line<'static>, bool),
) {
    let mut block = Block::bordered()
        .title(title)
        .border_style(Style::new().fg(FOCUS));
    if len > 0 {
        block = block.title_top(
            Line::from(format!(" {}/{} ", selected + 1, len))
                .right_aligned()
                .style(Style::new().fg(DIM)),
        );
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    if len == 0 {
        f.render_widget(
            Paragraph::new(empty.to_string()).style(Style::new().fg(DIM)),
            inner.inner(Margin::new(1, 0)),
        );
        return;
    }
    let [head, rows] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let mut h = vec![Span::raw(" ")];
    h.extend(header.spans);
    f.render_widget(
        Line::from(h).style(Style::new().fg(DIM).add_modifier(Modifier::UNDERLINED)),
        head,
    );
    let height = rows.height as usize;
    let offset = selected
        .saturating_sub(height / 2)
        .min(len.saturating_sub(height));
    for (k, pos) in (offset..(offset + height).min(len)).enumerate() {
        let (l, heading) = line(pos);
        let y = rows.y + k as u16;
        let mut spans = vec![Span::raw(if pos == selected { ">" } else { " " })];
        spans.extend(l.spans);
        let mut l = Line::from(spans);
        if pos == selected {
            l = l.patch_style(Style::new().add_modifier(Modifier::REVERSED));
        } else if heading {
            l = l.patch_style(Style::new().bold());
        }
        f.render_widget(l, Rect::new(rows.x, y, rows.width, 1));
    }
}

fn list_title(app: &SupApp, tab: Tab, extra: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!(" {} ", tab.index() + 1),
            Style::new().fg(FOCUS).bold(),
        ),
        Span::styled(format!("{} ", t(app, tab.title())), Style::new().bold()),
        Span::styled(extra, Style::new().fg(Color::Yellow)),
    ])
}

fn render_overdue(app: &SupApp, f: &mut Frame, area: Rect) {
    let [area, commitments, summary] = Layout::vertical([
        Constraint::Fill(1),
        // The box grows with a tall terminal, never past a sixth of it
        // beyond its two lines (the overdue list comes first).
        Constraint::Length(super::complaints::height(app).min(4.max(area.height / 6 + 2))),
        Constraint::Length(4),
    ])
    .areas(area);
    render_overdue_list(app, f, area);
    super::complaints::render(app, f, commitments);
    render_whose(app, f, summary);
}

/// Whose the overdue callbacks are: counts by engineer and by branch, the
/// most first, with how many of them are escalated.
fn render_whose(app: &SupApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let items: Vec<_> = app
        .overdue
        .iter()
        .filter_map(|l| match l {
            OverdueLine::Item(i) => Some(&app.snap.pending[*i]),
            OverdueLine::Group { .. } => None,
        })
        .collect();
    let count = |key: &dyn Fn(&crate::desk::supervise::OverdueCallback) -> String| {
        let mut by: Vec<(String, usize, usize)> = Vec::new();
        for p in &items {
            let k = key(p);
            let escalated = p
                .escalation
                .as_ref()
                .is_some_and(|e| e.state.is_escalated());
            match by.iter_mut().find(|(n, _, _)| *n == k) {
                Some(e) => {
                    e.1 += 1;
                    e.2 += usize::from(escalated);
                }
                None => by.push((k, 1, usize::from(escalated))),
            }
        }
        // Stable: equal counts keep the most overdue first.
        by.sort_by_key(|e| std::cmp::Reverse(e.1));
        by
    };
    let line = |label: T, by: Vec<(String, usize, usize)>| {
        let mut spans = vec![Span::styled(
            format!("{} ", t(app, label)),
            Style::new().fg(DIM),
        )];
        for (i, (name, n, esc)) in by.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", Style::new().fg(DIM)));
            }
            let name = if name.is_empty() {
                "—".to_string()
            } else {
                name
            };
            spans.push(Span::raw(format!("{name} ")));
            spans.push(Span::styled(
                n.to_string(),
                Style::new().fg(Color::Red).bold(),
            ));
            if esc > 0 {
                spans.push(Span::styled(
                    format!(" ({})", trf(lang, T::SupEscalatedCount, &[&esc])),
                    Style::new().fg(Color::Magenta),
                ));
            }
        }
        Line::from(spans)
    };
    let lines = vec![
        line(T::ColEngineer, count(&|p| p.engineer.clone())),
        line(T::Branch, count(&|p| p.branch.clone())),
    ];
    f.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(Line::from(format!(" {} ", t(app, T::SupWhose))).bold())
                .border_style(Style::new().fg(DIM)),
        ),
        area,
    );
}

fn render_overdue_list(app: &SupApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let now = app.now_ts();
    let items: Vec<_> = app
        .overdue
        .iter()
        .filter_map(|l| match l {
            OverdueLine::Item(i) => Some(&app.snap.pending[*i]),
            OverdueLine::Group { .. } => None,
        })
        .collect();
    let wj = width(lang, T::ColJob, items.iter().map(|p| p.job_no.width()), 16);
    let wo = width(lang, T::SupColOverdue, [6].into_iter(), 8);
    let due_text = |due: Ts| {
        let d = app.src.zone().local(due);
        if d.date_naive() == app.now.date_naive() {
            d.format("%H:%M").to_string()
        } else {
            d.format("%m-%d %H:%M").to_string()
        }
    };
    let wd = width(
        lang,
        T::SupColDueAt,
        items.iter().map(|p| due_text(p.due_ts).width()),
        11,
    );
    let wk = width(lang, T::ColKind, [3].into_iter(), 6);
    let we = width(
        lang,
        T::ColEngineer,
        items.iter().map(|p| p.engineer.width()),
        8,
    );
    let wt = width(lang, T::ColTries, [2].into_iter(), 5);
    // One branch (a branch's own database): its code is in the header.
    let branches: std::collections::HashSet<&str> =
        items.iter().map(|p| p.branch.as_str()).collect();
    let show_branch = branches.len() > 1 || app.group == GroupBy::Branch;
    let wb = if show_branch {
        width(lang, T::Branch, items.iter().map(|p| p.branch.width()), 8)
    } else {
        0
    };
    let mut wc = width(
        lang,
        T::ColCustomer,
        items.iter().map(|p| p.customer.width()),
        8,
    );
    // The phone is what the supervisor calls: never cut (the longest of a
    // mobile, a landline with its area code, or the column's title).
    let wp = width(lang, T::ColPhone, items.iter().map(|p| p.phone.width()), 16);
    // The escalation takes what is left (its whole text is in the detail);
    // when too little is left for its title, the customer goes first.
    let fixed = wj + wo + wd + wk + we + wt + wb + wp + 8 + usize::from(show_branch);
    let title_w = tr(lang, T::SupColEscalation).width();
    if (area.width as usize).saturating_sub(fixed + wc + 1 + 3) < title_w {
        wc = 0;
    }
    let show_customer = wc > 0;
    let wx = (area.width as usize).saturating_sub(fixed + wc + usize::from(show_customer) + 3);
    let keep = |cols: Vec<(String, usize, Style)>| -> Vec<(String, usize, Style)> {
        // The branch is the eighth column, the customer the ninth.
        cols.into_iter()
            .enumerate()
            .filter(|(i, _)| (*i != 7 || show_branch) && (*i != 8 || show_customer))
            .map(|(_, c)| c)
            .collect()
    };
    let header = cells(keep(vec![
        (t(app, T::ColJob).into(), wj, Style::new()),
        (t(app, T::SupColOverdue).into(), wo, Style::new()),
        (t(app, T::SupColDueAt).into(), wd, Style::new()),
        (t(app, T::ColKind).into(), wk, Style::new()),
        (t(app, T::ColEngineer).into(), we, Style::new()),
        (t(app, T::ColTries).into(), wt, Style::new()),
        (t(app, T::SupColEscalation).into(), wx, Style::new()),
        (t(app, T::Branch).into(), wb, Style::new()),
        (t(app, T::ColCustomer).into(), wc, Style::new()),
        (t(app, T::ColPhone).into(), wp, Style::new()),
    ]));
    let mut extra = format!("({}) ", items.len());
    match app.group {
        GroupBy::None => {}
        GroupBy::Engineer => extra += &trf(lang, T::SupGroupedBy, &[&t(app, T::ColEngineer)]),
        GroupBy::Branch => extra += &trf(lang, T::SupGroupedBy, &[&t(app, T::Branch)]),
    }
    if let Some(e) = &app.filter.engineer {
        extra += &format!(" {}", trf(lang, T::SupOnly, &[e]));
    }
    if let Some(b) = &app.filter.branch {
        extra += &format!(" {}", trf(lang, T::SupOnly, &[b]));
    }
    if !extra.ends_with(' ') {
        extra.push(' ');
    }
    render_list(
        f,
        area,
        list_title(app, Tab::Overdue, extra),
        header,
        app.overdue.len(),
        app.selected[Tab::Overdue.index()],
        t(app, T::SupNoOverdue),
        |pos| match &app.overdue[pos] {
            OverdueLine::Group { name, count } => {
                let name = if name.is_empty() { "—" } else { name };
                (
                    Line::from(Span::styled(
                        format!("▾ {name} · {count}"),
                        Style::new().fg(Color::Yellow),
                    )),
                    true,
                )
            }
            OverdueLine::Item(i) => {
                let p = &app.snap.pending[*i];
                let (esc, esc_style) = escalation_cell(lang, p.escalation.as_deref());
                let red = Style::new().fg(Color::Red).bold();
                (
                    cells(keep(vec![
                        (p.job_no.clone(), wj, Style::new()),
                        (
                            rpad(&hours_minutes(overdue_minutes(p.due_ts, now)), wo),
                            wo,
                            red,
                        ),
                        (due_text(p.due_ts), wd, Style::new().fg(DIM)),
                        (
                            code_short(lang, p.kind.map(|k| k.code()).unwrap_or("")),
                            wk,
                            Style::new(),
                        ),
                        (p.engineer.clone(), we, Style::new()),
                        (
                            if p.attempts > 0 {
                                format!("×{}", p.attempts)
                            } else {
                                String::new()
                            },
                            wt,
                            Style::new(),
                        ),
                        (esc, wx, esc_style),
                        (p.branch.clone(), wb, Style::new()),
                        (p.customer.clone(), wc, Style::new()),
                        (p.phone.clone(), wp, Style::new()),
                    ])),
                    false,
                )
            }
        },
    );
}

// ---- Suspected forgeries --------------------------------------------------

/// The short reasons of a forgery: the discrepancy kinds and the denial.
fn reasons(lang: Lang, x: &Forgery) -> String {
    let mut r: Vec<String> = Vec::new();
    for s in &x.suspicions {
        let label = match s {
            Suspicion::Discrepancy { kind, .. } => code_short(lang, kind.code()),
            Suspicion::Denied { .. } => code(lang, CallbackResult::DeniesSignature.code()),
        };
        if !r.contains(&label) {
            r.push(label);
        }
    }
    r.join(" · ")
}

fn render_forgeries(app: &SupApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let list = &app.snap.forgeries;
    let rows = (list.len() as u16).clamp(1, 8) + 3;
    let [top, bottom] =
        Layout::vertical([Constraint::Length(rows), Constraint::Fill(1)]).areas(area);
    let wj = width(lang, T::ColJob, list.iter().map(|x| x.job_no.width()), 16);
    let we = width(
        lang,
        T::ColEngineer,
        list.iter().map(|x| x.engineer.width()),
        8,
    );
    let ws = width(
        lang,
        T::ColState,
        [code(lang, "resolved").width()].into_iter(),
        8,
    );
    let ww = width(
        lang,
        T::SupColWhy,
        list.iter().map(|x| reasons(lang, x).width()),
        30,
    );
    let wx = (area.width as usize)
        .saturating_sub(wj + we + ws + ww + 4 + 3)
        .max(6);
    let header = cells(vec![
        (t(app, T::ColJob).into(), wj, Style::new()),
        (t(app, T::ColEngineer).into(), we, Style::new()),
        (t(app, T::SupColWhy).into(), ww, Style::new()),
        (t(app, T::ColState).into(), ws, Style::new()),
        (t(app, T::SupColEscalation).into(), wx, Style::new()),
    ]);
    let open = list.iter().filter(|x| x.open).count();
    render_list(
        f,
        top,
        list_title(app, Tab::Forgeries, format!("({open}/{}) ", list.len())),
        header,
        list.len(),
        app.selected[Tab::Forgeries.index()],
        t(app, T::Empty),
        |pos| {
            let x = &list[pos];
            let (esc, esc_style) = escalation_cell(lang, x.escalation.as_ref());
            let (state, st) = if x.open {
                (code(lang, "open"), Style::new().fg(Color::Red))
            } else {
                (code(lang, "resolved"), Style::new().fg(Color::Green))
            };
            (
                cells(vec![
                    (x.job_no.clone(), wj, Style::new()),
                    (x.engineer.clone(), we, Style::new()),
                    (reasons(lang, x), ww, Style::new().fg(Color::Magenta)),
                    (state, ws, st),
                    (esc, wx, esc_style),
                ]),
                false,
            )
        },
    );
    if let Some(x) = list.get(app.selected[Tab::Forgeries.index()]) {
        render_side_by_side(app, x, f, bottom);
    }
}

fn local(app: &SupApp, ts: Ts) -> String {
    app.src.zone().local(ts).format("%m-%d %H:%M").to_string()
}

/// What a branch's report row says of a suspect job (center databases):
/// the card's side and the callback's side.
fn render_report_side(
    app: &SupApp,
    x: &Forgery,
    r: &crate::desk::supervise::ReportSide,
    f: &mut Frame,
    area: Rect,
) {
    let lang = app.lang;
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
    let dim = Style::new().fg(DIM);
    let label = |l: T, v: String, style: Style| {
        Line::from(vec![
            Span::styled(format!("{} ", t(app, l)), dim),
            Span::styled(if v.is_empty() { "—".into() } else { v }, style),
        ])
    };
    let codes = |s: &str| {
        s.split(';')
            .filter(|k| !k.is_empty())
            .map(|k| code_short(lang, k))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let mut card = vec![
        label(T::Branch, x.branch.clone(), Style::new()),
        label(T::LabelCardState, code(lang, &r.card_state), Style::new()),
    ];
    if !r.charge.is_empty() {
        card.push(label(T::LabelCharge, r.charge.clone(), Style::new()));
    }
    card.push(label(
        T::LabelDiscrepancies,
        codes(&r.discrepancies),
        Style::new().fg(Color::Magenta),
    ));
    let result_style = match CallbackResult::parse(&r.callback_result) {
        Ok(CallbackResult::Satisfied) => Style::new().fg(Color::Green),
        Ok(CallbackResult::Unreachable) | Err(_) => Style::new().fg(Color::Yellow),
        Ok(_) => Style::new().fg(Color::Red).bold(),
    };
    let calls = vec![
        label(
            T::LabelCallbackKind,
            code(lang, &r.callback_kind),
            Style::new(),
        ),
        label(
            T::LabelCallbackResult,
            code(lang, &r.callback_result),
            result_style,
        ),
        label(T::LabelAttempts, r.callback_attempts.clone(), Style::new()),
    ];
    let title = |s: String| {
        Block::bordered()
            .title(Line::from(format!(" {s} ")).bold())
            .border_style(Style::new().fg(DIM))
    };
    f.render_widget(
        Paragraph::new(card)
            .block(title(format!(
                "{} · {}",
                trf(lang, T::SupReportTitle, &[&r.report_date]),
                x.engineer
            )))
            .wrap(Wrap { trim: false }),
        left,
    );
    f.render_widget(
        Paragraph::new(calls)
            .block(title(trf(
                lang,
                T::SupReportCalls,
                &[&x.customer, &x.phone],
            )))
            .wrap(Wrap { trim: false }),
        right,
    );
}

/// The card and the calls of a suspect job, side by side.
fn render_side_by_side(app: &SupApp, x: &Forgery, f: &mut Frame, area: Rect) {
    if let Some(r) = &x.report {
        return render_report_side(app, x, r, f, area);
    }
    let lang = app.lang;
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
    let dim = Style::new().fg(DIM);
    let mut card: Vec<Line> = Vec::new();
    match &x.card {
        None => card.push(Line::styled(
            t(app, T::SupNoCard),
            Style::new().fg(Color::Red),
        )),
        Some(c) => {
            let returned = c.returned_at.map(|t| local(app, t)).unwrap_or_default();
            card.push(Line::from(vec![
                Span::styled(format!("{} ", t(app, T::LabelReturnedAt)), dim),
                Span::raw(returned),
            ]));
            card.push(Line::from(vec![
                Span::styled(format!("{} ", t(app, T::LabelSatisfaction)), dim),
                Span::raw(code(lang, c.satisfaction.map(|s| s.code()).unwrap_or(""))),
            ]));
            let signer_style = if c.signed_by_customer_side() {
                Style::new().fg(Color::Green)
            } else {
                Style::new().fg(Color::Red).bold()
            };
            card.push(Line::from(vec![
                Span::styled(format!("{} ", t(app, T::LabelSignedBy)), dim),
                Span::styled(
                    code(lang, c.signed_by.map(|s| s.code()).unwrap_or("")),
                    signer_style,
                ),
            ]));
            if let Some(w) = c.warranty_record {
                card.push(Line::from(vec![
                    Span::styled(format!("{} ", t(app, T::LabelWarrantyRecord)), dim),
                    Span::raw(t(app, if w { T::Yes } else { T::No })),
                ]));
            }
            if let Some(ch) = c.charge {
                card.push(Line::from(vec![
                    Span::styled(format!("{} ", t(app, T::LabelCharge)), dim),
                    Span::raw(format_money(ch)),
                ]));
            }
        }
    }
    for s in &x.suspicions {
        if let Suspicion::Discrepancy {
            kind,
            status,
            detail,
            resolved_by,
            ..
        } = s
        {
            let mut spans = vec![Span::styled(
                format!(
                    "{}: {}",
                    code_short(lang, kind.code()),
                    crate::i18n::discrepancy_detail(lang, detail)
                ),
                Style::new().fg(Color::Magenta),
            )];
            if *status == DiscrepancyStatus::Resolved {
                spans.push(Span::styled(
                    format!(
                        " ({} {})",
                        code(lang, "resolved"),
                        resolved_by.clone().unwrap_or_default()
                    ),
                    Style::new().fg(Color::Green),
                ));
            }
            card.push(Line::from(spans));
        }
    }
    let mut calls: Vec<Line> = Vec::new();
    if x.calls.is_empty() {
        calls.push(Line::styled(t(app, T::SupNoCalls), dim));
    }
    for c in &x.calls {
        let style = match c.result {
            Some(CallbackResult::Satisfied) => Style::new().fg(Color::Green),
            Some(CallbackResult::Unreachable) => Style::new().fg(Color::Yellow),
            _ => Style::new().fg(Color::Red).bold(),
        };
        calls.push(Line::from(vec![
            Span::styled(format!("{} ", local(app, c.at)), dim),
            Span::styled(code(lang, c.result.map(|r| r.code()).unwrap_or("")), style),
            Span::styled(format!(" · {}", c.operator), dim),
        ]));
        if !c.note.is_empty() {
            calls.push(Line::from(Span::styled(
                format!("  “{}”", c.note),
                Style::new().italic(),
            )));
        }
    }
    if let Some(e) = &x.escalation {
        calls.push(escalation_line(lang, e));
    }
    let title = |s: String| {
        Block::bordered()
            .title(Line::from(format!(" {s} ")).bold())
            .border_style(Style::new().fg(DIM))
    };
    f.render_widget(
        Paragraph::new(card)
            .block(title(trf(lang, T::SupCardTitle, &[&x.job_no, &x.engineer])))
            .wrap(Wrap { trim: false }),
        left,
    );
    f.render_widget(
        Paragraph::new(calls)
            .block(title(trf(lang, T::SupCallsTitle, &[&x.customer, &x.phone])))
            .wrap(Wrap { trim: false }),
        right,
    );
}

/// "escalated to X by Y at T; resolved by Z at T2".
fn escalation_line(lang: Lang, e: &Escalation) -> Line<'static> {
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|d| d.format("%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    let mut spans = Vec::new();
    // An acknowledgement after an escalation: the escalation stays in view.
    if !e.escalated_to.is_empty() {
        spans.push(Span::styled(
            trf(lang, T::SupEscalatedTo, &[&e.escalated_to]),
            Style::new().fg(Color::Red),
        ));
        if !e.escalation_note.is_empty() {
            spans.push(Span::styled(
                format!(" “{}”", e.escalation_note),
                Style::new().italic(),
            ));
        }
        spans.push(Span::raw(" → "));
    }
    spans.push(if e.state.is_escalated() {
        Span::styled(
            trf(lang, T::SupEscalatedBy, &[&e.to, &e.by, &at(&e.at)]),
            escalated_style(),
        )
    } else {
        Span::styled(
            trf(lang, T::SupAcknowledgedBy, &[&e.by, &at(&e.at)]),
            Style::new().fg(Color::Cyan),
        )
    });
    if let (Some(when), Some(by)) = (&e.resolved_at, &e.resolved_by) {
        spans.push(Span::styled(
            format!(" {}", trf(lang, T::SupResolvedBy, &[by, &at(when)])),
            Style::new().fg(Color::Green),
        ));
    }
    if !e.note.is_empty() {
        spans.push(Span::styled(
            format!(" “{}”", e.note),
            Style::new().italic(),
        ));
    }
    Line::from(spans)
}

// ---- Engineers --------------------------------------------------------------

/// The table's columns: (title, measure).
const SCORE_COLS: [(T, Measure); 10] = [
    (T::SupColJobs, Measure::Jobs),
    (T::SupColFirstFix, Measure::FirstVisitFix),
    (T::SupColCbOverdue, Measure::CallbacksOverdue),
    (T::SupColOverdueNow, Measure::OverdueNow),
    (T::SupColUnsatisfied, Measure::Unsatisfied),
    (T::SupColRevisits, Measure::Revisits),
    (T::SupColLate, Measure::LateArrivals),
    (T::SupColDisc, Measure::Discrepancies),
    (T::SupColComplaints, Measure::Complaints),
    (T::SupColOnsite, Measure::OnsiteRate),
];

fn score_text(s: &EngineerScore, m: Measure) -> String {
    match (m, s.value(m)) {
        (Measure::FirstVisitFix | Measure::OnsiteRate, Some(v)) => format!("{v}%"),
        (_, Some(v)) => v.to_string(),
        (_, None) => "—".into(),
    }
}

fn render_engineers(app: &SupApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let scores = &app.snap.scores;
    // The on-site rate is not in the reports: a center has no such column.
    let score_cols: Vec<(T, Measure)> = SCORE_COLS
        .iter()
        .copied()
        .filter(|(_, m)| app.snap.center.is_none() || *m != Measure::OnsiteRate)
        .collect();
    let rows = (scores.len() as u16).clamp(1, 8) + 3;
    // The selected engineer's discrepancies by kind, as many lines as
    // they take (at most 4): none cut at the edge.
    let selected = app
        .score_order
        .get(app.selected[Tab::Engineers.index()])
        .map(|&i| &scores[i]);
    let breakdown_lines: Vec<String> = selected
        .map(|s| {
            // The kinds the engineer has (all of them at 0 said as none).
            let parts: Vec<String> = crate::domain::reconcile::DiscrepancyKind::ALL
                .iter()
                .filter(|k| s.discrepancy(**k) > 0)
                .map(|k| format!("{} {}", code_short(lang, k.code()), s.discrepancy(*k)))
                .collect();
            let parts = match parts.is_empty() {
                true => tr(lang, T::CliKeyNone).to_string(),
                false => parts.join(" · "),
            };
            let text = trf(lang, T::SupBreakdown, &[&parts]);
            let text = if app.snap.center.is_some() {
                format!("{text}  {}", t(app, T::SupCenterNoFirstFix))
            } else {
                // Workshop repairs agreed past the limit.
                let over = trf(lang, T::SupWorkshopOver, &[&s.workshop_over_limit]);
                format!("{text} · {over}")
            };
            let inner = usize::from(area.width.saturating_sub(2)).max(1);
            crate::tui::kit::frame::wrap_to(&text, inner)
        })
        .unwrap_or_default();
    let breakdown_height = (breakdown_lines.len() as u16).clamp(2, 4);
    // The rates of the selected engineer and the branch.
    let rates_height = if app.snap.voice.is_some() { 4 } else { 0 };
    let [top, breakdown, rates, chart] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Length(breakdown_height),
        Constraint::Length(rates_height),
        Constraint::Fill(1),
    ])
    .areas(area);
    let we = width(
        lang,
        T::ColEngineer,
        scores.iter().map(|s| s.engineer.width()),
        10,
    );
    let widths: Vec<usize> = SCORE_COLS
        .iter()
        .map(|(title, m)| {
            width(
                lang,
                *title,
                scores.iter().map(|s| score_text(s, *m).width()),
                10,
            )
        })
        .collect();
    let head = |m: Measure| {
        if m == app.measure {
            Style::new().fg(Color::Yellow).bold()
        } else {
            Style::new()
        }
    };
    let mut header = vec![(t(app, T::ColEngineer).to_string(), we, Style::new())];
    for (i, (title, m)) in score_cols.iter().enumerate() {
        header.push((rpad(t(app, *title), widths[i]), widths[i], head(*m)));
    }
    let order = if app.worst_first {
        T::SupWorstFirst
    } else {
        T::SupBestFirst
    };
    let extra = trf(
        lang,
        T::SupSortedBy,
        &[&measure_label(lang, app.measure), &t(app, order)],
    ) + " ";
    render_list(
        f,
        top,
        list_title(app, Tab::Engineers, extra),
        cells(header),
        app.score_order.len(),
        app.selected[Tab::Engineers.index()],
        t(app, T::Empty),
        |pos| {
            let s = &scores[app.score_order[pos]];
            let name = if s.engineer.is_empty() {
                "—".to_string()
            } else {
                s.engineer.clone()
            };
            let mut row = vec![(name, we, Style::new())];
            for (i, (_, m)) in score_cols.iter().enumerate() {
                let text = score_text(s, *m);
                let bad = !m.higher_is_better() && s.value(*m).unwrap_or(0) > 0;
                let mut style = if bad && *m != Measure::Jobs {
                    Style::new().fg(Color::Red)
                } else {
                    Style::new()
                };
                if *m == app.measure {
                    style = style.bold();
                }
                row.push((rpad(&text, widths[i]), widths[i], style));
            }
            (cells(row), false)
        },
    );
    if let Some(s) = selected {
        f.render_widget(
            Paragraph::new(breakdown_lines.join("\n")).style(Style::new().fg(Color::Gray)),
            breakdown.inner(Margin::new(1, 0)),
        );
        if let Some(v) = &app.snap.voice {
            let mine = v.engineers.get(&s.engineer).copied().unwrap_or_default();
            let text = format!(
                "{}\n{}",
                rates_line(lang, &s.engineer, &mine, v.discipline.get(&s.engineer)),
                rates_line(
                    lang,
                    t(
                        app,
                        if app.snap.center.is_some() {
                            T::SupRatesCenter
                        } else {
                            T::SupRatesBranch
                        }
                    ),
                    &v.branch,
                    None
                )
            );
            f.render_widget(
                Paragraph::new(text)
                    .wrap(Wrap { trim: true })
                    .style(Style::new().fg(Color::Cyan)),
                rates.inner(Margin::new(1, 0)),
            );
        }
    }
    render_chart(app, f, chart);
}

/// "n/d p%" (both numbers behind a rate), "—" when nothing is under it.
fn share(n: u64, d: u64) -> String {
    match crate::domain::voice::rate(n, d) {
        Some(r) => format!("{n}/{d} {:.0}%", r * 100.0),
        None => "—".into(),
    }
}

/// One engineer's (or the branch's) rates of the period.
fn rates_line(
    lang: Lang,
    who: &str,
    v: &crate::domain::voice::Voice,
    d: Option<&crate::desk::summary::Discipline>,
) -> String {
    let stage = d
        .and_then(|d| {
            d.stage.map(|s| {
                format!(
                    "{} {}",
                    code(lang, s.code()),
                    d.upheld_complaints + d.penalties
                )
            })
        })
        .unwrap_or_else(|| "—".into());
    trf(
        lang,
        T::SupRates,
        &[
            &if who.is_empty() { "—" } else { who },
            &share(v.callbacks_answered, v.callbacks_due),
            &share(v.satisfied, v.callbacks_answered),
            &share(v.attitude_satisfied, v.attitude_answered),
            &share(v.quality_satisfied, v.quality_answered),
            &share(v.solved_yes, v.solved_answered),
            &share(v.card_satisfied, v.cards_back),
            &share(v.repeats, v.onsite_jobs),
            &share(v.onsite_24h, v.onsite_jobs),
            &stage,
        ],
    )
}

/// A bar per engineer of the selected measure, in the table's order.
fn render_chart(app: &SupApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let title = trf(
        lang,
        T::SupChartTitle,
        &[
            &measure_label(lang, app.measure),
            &t(app, period_label(app.period)),
        ],
    );
    let block = Block::bordered()
        .title(Line::from(format!(" {title} ")).bold())
        .border_style(Style::new().fg(DIM));
    let inner = block.inner(area);
    // Too low for a bar and its labels: no empty box.
    if inner.height < 3 {
        return;
    }
    f.render_widget(block, area);
    if app.score_order.is_empty() {
        return;
    }
    let n = app.score_order.len() as u16;
    let bar_width = ((inner.width.saturating_sub(n)) / n).clamp(3, 8);
    let style = if app.measure.higher_is_better() {
        Style::new().fg(Color::Green)
    } else {
        Style::new().fg(Color::Red)
    };
    let bars: Vec<Bar> = app
        .score_order
        .iter()
        .map(|&i| {
            let s = &app.snap.scores[i];
            let v = s.value(app.measure).unwrap_or(0);
            // A center's lines are `BRANCH engineer`: the bar shows the
            // engineer (the table above says which branch).
            let name = match &app.snap.center {
                Some(_) => s.engineer.rsplit(' ').next().unwrap_or(&s.engineer),
                None => &s.engineer,
            };
            Bar::new(u64::from(v))
                .label(Line::from(pad(name, bar_width as usize)))
                .text_value(score_text(s, app.measure))
                .style(style)
                .value_style(
                    Style::new()
                        .fg(Color::Black)
                        .bg(style.fg.unwrap_or(Color::Red))
                        .bold(),
                )
        })
        .collect();
    let top = app
        .score_order
        .iter()
        .filter_map(|&i| app.snap.scores[i].value(app.measure))
        .max()
        .unwrap_or(0);
    let max = if matches!(app.measure, Measure::FirstVisitFix | Measure::OnsiteRate) {
        100
    } else {
        top.max(1)
    };
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .max(u64::from(max));
    f.render_widget(chart, inner);
}

// ---- Re-visit chains --------------------------------------------------------

/// `J2 → R1 → R2 (done)`: the original, its re-visits by their number, and
/// where the last one stands.
fn chain_path(lang: Lang, c: &Chain) -> String {
    let mut parts = vec![c.job_no.clone()];
    for l in c.links.iter().skip(1) {
        let short = l
            .job_no
            .strip_prefix(c.job_no.as_str())
            .map(|s| s.trim_start_matches('-'))
            .filter(|s| !s.is_empty())
            .unwrap_or(&l.job_no);
        parts.push(short.to_string());
    }
    let last = c.links.last().map(|l| l.status.code()).unwrap_or("");
    format!("{} ({})", parts.join(" → "), code_short(lang, last))
}

fn render_chains(app: &SupApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let list = &app.snap.chains;
    let rows = (list.len() as u16).clamp(1, 7) + 3;
    let [top, bottom] =
        Layout::vertical([Constraint::Length(rows), Constraint::Fill(1)]).areas(area);
    let wp = width(
        lang,
        T::SupColChain,
        list.iter().map(|c| chain_path(lang, c).width()),
        36,
    );
    let wc = width(
        lang,
        T::ColCustomer,
        list.iter().map(|c| c.customer.width()),
        8,
    );
    let wv = width(lang, T::SupColVisits, [2].into_iter(), 6);
    let ws = width(
        lang,
        T::ColState,
        [
            tr(lang, T::SupChainOpen).width(),
            tr(lang, T::SupChainSatisfied).width(),
        ]
        .into_iter(),
        10,
    );
    let wx = (area.width as usize)
        .saturating_sub(wp + wc + wv + ws + 4 + 3)
        .max(6);
    let header = cells(vec![
        (t(app, T::SupColChain).into(), wp, Style::new()),
        (t(app, T::ColCustomer).into(), wc, Style::new()),
        (rpad(t(app, T::SupColVisits), wv), wv, Style::new()),
        (t(app, T::ColState).into(), ws, Style::new()),
        (t(app, T::SupColEscalation).into(), wx, Style::new()),
    ]);
    let open = list.iter().filter(|c| !c.satisfied).count();
    render_list(
        f,
        top,
        list_title(app, Tab::Chains, format!("({open}/{}) ", list.len())),
        header,
        list.len(),
        app.selected[Tab::Chains.index()],
        t(app, T::Empty),
        |pos| {
            let c = &list[pos];
            let (esc, esc_style) = escalation_cell(lang, c.escalation.as_ref());
            let (state, st) = if c.satisfied {
                (t(app, T::SupChainSatisfied), Style::new().fg(Color::Green))
            } else {
                (t(app, T::SupChainOpen), Style::new().fg(Color::Red))
            };
            (
                cells(vec![
                    (chain_path(lang, c), wp, Style::new()),
                    (c.customer.clone(), wc, Style::new()),
                    (rpad(&c.visits.to_string(), wv), wv, Style::new()),
                    (state.to_string(), ws, st),
                    (esc, wx, esc_style),
                ]),
                false,
            )
        },
    );
    let Some(c) = list.get(app.selected[Tab::Chains.index()]) else {
        return;
    };
    // The chain, link by link: visits and what the customer said.
    let dim = Style::new().fg(DIM);
    let mut lines: Vec<Line> = Vec::new();
    for (i, l) in c.links.iter().enumerate() {
        let mut spans = vec![
            Span::styled(
                format!("{}{} ", if i == 0 { "" } else { "↳ " }, l.job_no),
                Style::new().bold(),
            ),
            Span::styled(format!("{} ", code_short(lang, l.status.code())), dim),
        ];
        if l.visits.is_empty() {
            spans.push(Span::styled(
                t(app, T::SupNoVisit),
                Style::new().fg(Color::Yellow),
            ));
        }
        for (k, (at, outcome, engineer)) in l.visits.iter().enumerate() {
            if k > 0 {
                spans.push(Span::raw(" · "));
            }
            let when = at.map(|t| local(app, t)).unwrap_or_default();
            spans.push(Span::raw(format!(
                "{when} {engineer} {}",
                code_short(lang, outcome.code())
            )));
        }
        for (at, r) in &l.results {
            let style = match r {
                Some(CallbackResult::Satisfied) => Style::new().fg(Color::Green),
                Some(CallbackResult::Unreachable) => Style::new().fg(Color::Yellow),
                _ => Style::new().fg(Color::Red).bold(),
            };
            spans.push(Span::raw(" → "));
            spans.push(Span::styled(
                format!(
                    "{} {}",
                    code(lang, r.map(|r| r.code()).unwrap_or("")),
                    local(app, *at)
                ),
                style,
            ));
        }
        lines.push(Line::from(spans));
    }
    if let Some(e) = &c.escalation {
        lines.push(escalation_line(lang, e));
    }
    let title = trf(lang, T::SupChainTitle, &[&c.job_no, &c.customer, &c.branch]);
    f.render_widget(
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(Line::from(format!(" {title} ")).bold())
                    .border_style(Style::new().fg(DIM)),
            )
            .wrap(Wrap { trim: false }),
        bottom,
    );
}

// ---- Items acted on ---------------------------------------------------------

/// What an action was about: "2 h callback due 13:00", a discrepancy's
/// kind, or the job (a re-visit chain).
fn acted_what(app: &SupApp, a: &crate::desk::supervise::Acted) -> String {
    use crate::domain::escalation::EscalationItem;
    let lang = app.lang;
    match (a.item, a.discrepancy_kind, a.callback_due) {
        (EscalationItem::Discrepancy, Some(k), _) => code_short(lang, k.code()),
        (EscalationItem::Callback, _, Some(due)) => {
            trf(lang, T::SupActedCallback, &[&local(app, due)])
        }
        _ => t(app, T::SupActedChain).to_string(),
    }
}

fn render_acted(app: &SupApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let list = &app.snap.acted;
    let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Length(5)]).areas(area);
    let wj = width(lang, T::ColJob, list.iter().map(|a| a.job_no.width()), 16);
    let ww = width(
        lang,
        T::ColWhat,
        list.iter().map(|a| acted_what(app, a).width()),
        26,
    );
    let wb = width(
        lang,
        T::SupColBy,
        list.iter().map(|a| a.escalation.by.width()),
        10,
    );
    let wa = width(lang, T::SupColAt, [11].into_iter(), 11);
    let wx = (area.width as usize)
        .saturating_sub(wj + ww + wb + wa + 4 + 3)
        .max(8);
    let header = cells(vec![
        (t(app, T::ColJob).into(), wj, Style::new()),
        (t(app, T::ColWhat).into(), ww, Style::new()),
        (t(app, T::SupColBy).into(), wb, Style::new()),
        (t(app, T::SupColAt).into(), wa, Style::new()),
        (t(app, T::SupColEscalation).into(), wx, Style::new()),
    ]);
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|d| d.format("%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    render_list(
        f,
        top,
        list_title(app, Tab::Acted, format!("({}) ", list.len())),
        header,
        list.len(),
        app.selected[Tab::Acted.index()],
        t(app, T::Empty),
        |pos| {
            let a = &list[pos];
            let (esc, esc_style) = escalation_cell(lang, Some(&a.escalation));
            (
                cells(vec![
                    (a.job_no.clone(), wj, Style::new()),
                    (acted_what(app, a), ww, Style::new()),
                    (a.escalation.by.clone(), wb, Style::new()),
                    (at(&a.escalation.at), wa, Style::new().fg(DIM)),
                    (esc, wx, esc_style),
                ]),
                false,
            )
        },
    );
    if let Some(a) = list.get(app.selected[Tab::Acted.index()]) {
        f.render_widget(
            Paragraph::new(vec![escalation_line(lang, &a.escalation)])
                .wrap(Wrap { trim: false })
                .block(
                    Block::bordered()
                        .title(
                            Line::from(format!(" {} · {} ", a.job_no, acted_what(app, a))).bold(),
                        )
                        .border_style(Style::new().fg(DIM)),
                ),
            bottom,
        );
    }
}

/// The broken promises, one a line, whole: complaints unanswered in time,
/// then jobs not visited on site in time; the selected one's job opens with
/// Enter, a late job is escalated with `x`.
fn render_commitments(app: &SupApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let list = app.commitments();
    let what = |c: &super::state::CommitmentLine| match c.complaint {
        Some(id) => trf(lang, T::SupComplaintUnanswered, &[&id]),
        None => tr(lang, T::SupOnsiteLate).to_string(),
    };
    // Identifiers are never cut: the job column is as wide as its longest.
    let wj = width(
        lang,
        T::ColJob,
        list.iter()
            .map(|c| c.job_no.as_deref().unwrap_or("—").width()),
        usize::MAX,
    );
    let ww = width(lang, T::ColWhat, list.iter().map(|c| what(c).width()), 30);
    let we = width(
        lang,
        T::ColEngineer,
        list.iter().map(|c| c.engineer.width()),
        16,
    );
    let wl = width(
        lang,
        T::SupColOverdue,
        list.iter().map(|c| hours_minutes(c.late_minutes).width()),
        8,
    );
    let wp = width(lang, T::ColPhone, list.iter().map(|c| c.phone.width()), 20);
    let wc = (area.width as usize)
        .saturating_sub(wj + ww + we + wl + wp + 5 + 3)
        .max(6);
    let header = cells(vec![
        (t(app, T::ColJob).into(), wj, Style::new()),
        (t(app, T::ColWhat).into(), ww, Style::new()),
        (t(app, T::ColEngineer).into(), we, Style::new()),
        (t(app, T::SupColOverdue).into(), wl, Style::new()),
        (t(app, T::ColPhone).into(), wp, Style::new()),
        (t(app, T::ColCustomer).into(), wc, Style::new()),
    ]);
    render_list(
        f,
        area,
        list_title(app, Tab::Commitments, format!("({}) ", list.len())),
        header,
        list.len(),
        app.selected[Tab::Commitments.index()],
        t(app, T::Empty),
        |pos| {
            let c = &list[pos];
            (
                cells(vec![
                    (
                        c.job_no.clone().unwrap_or_else(|| "—".into()),
                        wj,
                        Style::new(),
                    ),
                    (what(c), ww, Style::new().fg(Color::Magenta)),
                    (c.engineer.clone(), we, Style::new()),
                    (
                        hours_minutes(c.late_minutes),
                        wl,
                        Style::new().fg(Color::Red).bold(),
                    ),
                    (c.phone.clone(), wp, Style::new()),
                    (c.customer.clone(), wc, Style::new()),
                ]),
                false,
            )
        },
    );
}

// ---- Overlays -------------------------------------------------------------

fn render_form(app: &SupApp, f: &mut Frame, area: Rect) {
    let Some(form) = &app.form else {
        return;
    };
    let lang = app.lang;
    let title = match form.kind {
        SupFormKind::Escalate => trf(lang, T::SupFormEscalate, &[&form.job_no]),
        SupFormKind::Acknowledge => trf(lang, T::SupFormAcknowledge, &[&form.job_no]),
    };
    let area = popup(area, 72, 8);
    let block = crate::tui::kit::frame::block(title);
    let inner = block.inner(area);
    clear(f, area);
    f.render_widget(block, area);
    f.render_widget(
        Line::from(form.context.clone()).style(Style::new().fg(Color::Yellow)),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    let mut fields = Vec::new();
    if form.kind == SupFormKind::Escalate {
        fields.push((0, T::SupLabelTo, &form.to));
    }
    fields.push((1, T::LabelNote, &form.note));
    let label_w = fields
        .iter()
        .map(|(_, l, _)| tr(lang, *l).width())
        .max()
        .unwrap_or(0) as u16
        + 2;
    let value_w = inner.width.saturating_sub(label_w + 1);
    for (k, (i, label, input)) in fields.iter().enumerate() {
        let y = inner.y + 2 + k as u16;
        let focused = *i == form.focus;
        f.render_widget(
            Line::from(Span::styled(
                format!("{}{}", if focused { "›" } else { " " }, tr(lang, *label)),
                if focused {
                    Style::new().fg(FOCUS).bold()
                } else {
                    Style::new()
                },
            )),
            Rect::new(inner.x, y, label_w, 1),
        );
        let style = if focused {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new().underlined()
        };
        let cursor = focused && app.mode() == SupMode::Form;
        let field = Rect::new(inner.x + label_w, y, value_w, 1);
        crate::tui::kit::input::draw(f, input, field, style, cursor);
    }
    if let Some(e) = &form.error {
        f.render_widget(
            Line::from(e.clone()).style(Style::new().fg(Color::Red).bold()),
            Rect::new(inner.x, inner.y + 5, inner.width, 1),
        );
    }
}

fn render_help(app: &SupApp, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let area = popup(area, 72, 20);
    let block = Block::bordered()
        .title(Line::from(format!(" {} ", t(app, T::HelpTitle))).bold())
        .border_style(Style::new().fg(FOCUS));
    let k = Style::new().fg(FOCUS).bold();
    let mut lines: Vec<Line> = super::help_keys()
        .into_iter()
        .map(|(key, desc)| {
            Line::from(vec![
                Span::styled(pad(key, 10), k),
                Span::raw(" "),
                Span::raw(tr(lang, desc)),
            ])
        })
        .collect();
    lines.push(Line::default());
    let note = if app.snap.center.is_some() {
        T::SupHelpCenter
    } else {
        T::SupHelpReadOnly
    };
    lines.push(Line::from(Span::styled(
        t(app, note),
        Style::new().fg(DIM).italic(),
    )));
    clear(f, area);
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
