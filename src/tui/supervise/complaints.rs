//! The supervisor's overdue tab, issue 15: complaints not answered by their
//! `respond_by` and open jobs past their on-site promise, each with whose
//! they are.

use super::state::SupApp;
use crate::domain::callback::overdue_minutes;
use crate::i18n::{T, tr};
use crate::tui::dashboard::state::hours_minutes;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Rows the box takes: none when there is nothing to show.
pub fn height(app: &SupApp) -> u16 {
    let now = app.now_ts();
    let unanswered = app
        .snap
        .complaints
        .iter()
        .any(|c| c.facts.response_overdue(now));
    if unanswered || !app.snap.onsite_late.is_empty() {
        4
    } else {
        0
    }
}

/// `label n: item · item …`, as many as fit.
fn line(label: &str, items: Vec<(String, String)>) -> Line<'static> {
    let dim = Style::new().fg(crate::tui::kit::theme::DIM);
    let red = Style::new().fg(Color::Red).bold();
    let mut spans = vec![
        Span::styled(format!("{label} "), dim),
        Span::styled(items.len().to_string(), red),
    ];
    for (i, (what, late)) in items.into_iter().enumerate() {
        spans.push(Span::styled(if i == 0 { ": " } else { " · " }, dim));
        spans.push(Span::raw(format!("{what} ")));
        spans.push(Span::styled(late, Style::new().fg(Color::Red)));
    }
    Line::from(spans)
}

pub fn render(app: &SupApp, f: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let lang = app.lang;
    let now = app.now_ts();
    let name = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let mut unanswered: Vec<_> = app
        .snap
        .complaints
        .iter()
        .filter(|c| c.facts.response_overdue(now))
        .collect();
    unanswered.sort_by_key(|c| (c.facts.respond_by, c.id));
    let unanswered = unanswered
        .into_iter()
        .map(|c| {
            (
                format!(
                    "#{} {} {}",
                    c.id,
                    c.job_no.as_deref().unwrap_or("—"),
                    name(&c.engineer)
                ),
                hours_minutes(overdue_minutes(c.facts.respond_by, now)),
            )
        })
        .collect();
    let onsite = app
        .snap
        .onsite_late
        .iter()
        .map(|o| {
            (
                format!("{} {}", o.job_no, name(&o.engineer)),
                hours_minutes(overdue_minutes(o.due_ts, now)),
            )
        })
        .collect();
    let lines = vec![
        line(tr(lang, T::SupUnanswered), unanswered),
        line(tr(lang, T::SupOnsiteLate), onsite),
    ];
    f.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(Line::from(format!(" {} ", tr(lang, T::SupCommitments))))
                .border_style(Style::new().fg(crate::tui::kit::theme::DIM)),
        ),
        area,
    );
}
