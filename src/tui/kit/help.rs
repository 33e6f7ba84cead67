//! The help overlay: a screen's help lines (its key table's, then its
//! other sections) in columns of [`COLUMN`] cells, as many as the terminal
//! is wide and the lines need (two at 80 columns), flowing from one column
//! into the next. What does not fit scrolls a row at a time, every column
//! together so that no line changes column (↑↓ / j k,
//! PgUp PgDn, Home End), and the bottom border says when there is more
//! below or above: every line stays reachable at 80×24.

use super::frame::{block, clear, popup};
use super::theme::key_style;
use crate::i18n::{Lang, T, tr};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The width of a help column: a key, its padding and its text.
pub const COLUMN: u16 = 38;

/// Where the help of `lines` lines goes in `area`: the popup, its columns,
/// the rows shown and the rows each column holds in all. Each line keeps
/// its column: scrolling moves every column up together, nothing reflows.
fn layout(area: Rect, lines: usize) -> (Rect, u16, u16, u16) {
    let lines = lines.max(1) as u16;
    // The popup leaves a cell around it; its border takes another.
    let fit_columns = (area.width.saturating_sub(4) / COLUMN).max(1);
    let max_rows = area.height.saturating_sub(4).max(1);
    let columns = fit_columns.min(lines.div_ceil(max_rows));
    let total = lines.div_ceil(columns);
    let rows = total.min(max_rows);
    (
        popup(area, columns * COLUMN + 2, rows + 2),
        columns,
        rows,
        total,
    )
}

/// How far the help of `lines` lines scrolls in `area`, in rows (0: it all
/// fits).
pub fn max_scroll(area: Rect, lines: usize) -> usize {
    let (_, _, rows, total) = layout(area, lines);
    usize::from(total - rows)
}

/// Draws `lines` as the help titled `title`, scrolled by `scroll` lines (at
/// most [`max_scroll`]); returns the scroll drawn.
pub fn draw(
    lang: Lang,
    f: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: usize,
) -> usize {
    let (popup, columns, rows, total) = layout(area, lines.len());
    let scroll = scroll.min(max_scroll(area, lines.len()));
    let (above, below) = (scroll > 0, scroll + (rows as usize) < total as usize);
    let mut block = block(title.to_string());
    let more: Vec<&str> = [(above, T::HelpMoreAbove), (below, T::HelpMoreBelow)]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, t)| tr(lang, t))
        .collect();
    if !more.is_empty() {
        block = block.title_bottom(
            Line::styled(format!(" {} ", more.join(" · ")), key_style()).right_aligned(),
        );
    }
    let inner = block.inner(popup);
    clear(f, popup);
    f.render_widget(block, popup);
    let areas = Layout::horizontal(vec![Constraint::Length(COLUMN); columns as usize]).split(inner);
    for (column, chunk) in areas.iter().zip(lines.chunks(total as usize)) {
        let text: Vec<Line> = chunk
            .iter()
            .skip(scroll)
            .take(rows as usize)
            .cloned()
            .collect();
        f.render_widget(Paragraph::new(text), *column);
    }
    scroll
}
