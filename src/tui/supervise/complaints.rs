//! The supervisor's overdue tab: complaints not answered by their
//! `respond_by` and open jobs past their on-site promise, each with whose
//! they are.

use super::state::SupApp;
use crate::domain::callback::overdue_minutes;
use crate::i18n::{T, tr, trf};
use crate::tui::dashboard::model::hours_minutes;
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
        // Room for the lists to wrap (about four to a line), up to eight
        // lines; what does not fit is counted as more.
        let wrap = |n: usize| (n.div_ceil(4)).max(1) as u16;
        let n_unanswered = app
            .snap
            .complaints
            .iter()
            .filter(|c| c.facts.response_overdue(now))
            .count();
        2 + (wrap(n_unanswered) + wrap(app.snap.onsite_late.len())).min(8)
    } else {
        0
    }
}

/// `label n: item · item …` wrapped in `width`, whole items only, with
/// "+N more" where the lines run out.
fn lines(
    lang: crate::i18n::Lang,
    label: &str,
    items: Vec<(String, String)>,
    width: usize,
    max_lines: usize,
) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let dim = Style::new().fg(crate::tui::kit::theme::DIM);
    let red = Style::new().fg(Color::Red).bold();
    let total = items.len();
    let mut out: Vec<Vec<Span<'static>>> = vec![vec![
        Span::styled(format!("{label} "), dim),
        Span::styled(total.to_string(), red),
    ]];
    let mut used = label.width() + 1 + total.to_string().width();
    for (i, (what, late)) in items.into_iter().enumerate() {
        let sep = if i == 0 { ": " } else { " · " };
        let need = sep.width() + what.width() + 1 + late.width();
        // The marker needs room too, unless this is the last item.
        let more = trf(lang, T::SupMore, &[&(total - i)]);
        let reserve = if i + 1 < total { more.width() + 3 } else { 0 };
        if used + need + reserve > width {
            if out.len() < max_lines {
                out.push(vec![Span::raw("  ")]);
                used = 2;
            } else {
                let last = out.last_mut().expect("a line");
                last.push(Span::styled(format!(" · {more}"), dim));
                break;
            }
        }
        let line = out.last_mut().expect("a line");
        line.push(Span::styled(if used == 2 { "" } else { sep }, dim));
        line.push(Span::raw(format!("{what} ")));
        line.push(Span::styled(late, Style::new().fg(Color::Red)));
        used += need;
    }
    out.into_iter().map(Line::from).collect()
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
    let inner_w = area.width.saturating_sub(2) as usize;
    let rows = area.height.saturating_sub(2) as usize;
    let first = lines(
        lang,
        tr(lang, T::SupUnanswered),
        unanswered,
        inner_w,
        (rows / 2).max(1),
    );
    let rest = rows.saturating_sub(first.len()).max(1);
    let mut all = first;
    all.extend(lines(
        lang,
        tr(lang, T::SupOnsiteLate),
        onsite,
        inner_w,
        rest,
    ));
    let lines = all;
    f.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(Line::from(format!(
                    " {} · {} ",
                    tr(lang, T::SupCommitments),
                    tr(lang, T::SupCommitmentsSee)
                )))
                .border_style(Style::new().fg(crate::tui::kit::theme::DIM)),
        ),
        area,
    );
}
