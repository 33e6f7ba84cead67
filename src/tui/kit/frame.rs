//! The frame every screen shares: the smallest terminal it draws in, the
//! "terminal too small" message, popups and overlays, the notice and the
//! question boxes.
//!
//! A popup drawn over double-width text must not lose its left border: a
//! terminal shows a wide character over two cells, so one that starts just
//! left of the popup would cover the popup's border (ratatui skips the cell
//! after a wide one). [`clear`] blanks such a character before the popup is
//! drawn.

use super::theme::{DIM, FOCUS, key_style};
use crate::i18n::{Lang, T, tr, trf};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The screens do not draw (and keys do nothing) below 80×24.
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// "Terminal too small" in place of a screen that would not fit.
pub fn too_small_message(lang: Lang, f: &mut Frame, area: Rect) {
    let text = trf(
        lang,
        T::TooSmall,
        &[&area.width, &area.height, &MIN_WIDTH, &MIN_HEIGHT],
    );
    let height = 4.min(area.height);
    let y = area.y + area.height.saturating_sub(height) / 2;
    f.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .centered()
            .style(Style::new().fg(Color::Yellow).bold()),
        Rect::new(area.x, y, area.width, height),
    );
}

/// A centred box of at most `width`×`height` that leaves a cell of the
/// screen around it.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The area of a whole-screen overlay (a job's detail, a report).
pub fn overlay(area: Rect) -> Rect {
    area.inner(Margin::new(1, 1))
}

/// Clears `area` for a popup or overlay, and blanks the double-width
/// characters that would cover its left border.
pub fn clear(f: &mut Frame, area: Rect) {
    // A blank cell on either side, so that no text of the screen beneath
    // runs into the box's side borders (the rows above and below stay:
    // an overlay leaves the header and the footer readable).
    let screen = f.area();
    let x = area.x.saturating_sub(1).max(screen.x);
    let ring = Rect::new(
        x,
        area.y,
        (area.right() + 1).min(screen.right()) - x,
        area.height,
    );
    f.render_widget(Clear, ring);
    blank_wide_edges(f.buffer_mut(), ring);
}

fn blank_wide_edges(buf: &mut Buffer, area: Rect) {
    let screen = buf.area;
    for y in area.top()..area.bottom() {
        // A wide character starting just left of the box covers its border.
        if area.x > screen.x
            && let Some(cell) = buf.cell_mut((area.x - 1, y))
            && cell.symbol().width() > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// The bordered block of a popup or overlay, its title in bold.
pub fn block(title: String) -> Block<'static> {
    Block::bordered()
        .title(Line::from(format!(" {title} ")).bold())
        .border_style(Style::new().fg(FOCUS))
}

/// A message box over the screen (closed by any key).
pub fn notice(lang: Lang, lines: &[String], f: &mut Frame, area: Rect) {
    let width = (lines
        .iter()
        .map(|l| l.width())
        .max()
        .unwrap_or(20)
        .clamp(30, 74) as u16
        + 4)
    .min(area.width.saturating_sub(2));
    // Every line whole, wrapped to the box (its height counts the wrapped
    // lines); what the screen cannot hold is said, never cut silently.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let mut wrapped: Vec<String> = lines.iter().flat_map(|l| wrap_to(l, inner)).collect();
    let room = usize::from(area.height.saturating_sub(6)).max(1);
    if wrapped.len() > room {
        let more = wrapped.len() - (room - 1);
        wrapped.truncate(room - 1);
        wrapped.push(trf(lang, T::NoticeMore, &[&more]));
    }
    let height = wrapped.len() as u16 + 4;
    let area = popup(area, width, height);
    let mut text: Vec<Line> = wrapped.into_iter().map(Line::from).collect();
    text.push(Line::default());
    text.push(Line::from(format!("({})", tr(lang, T::KeyAny))).style(Style::new().fg(DIM)));
    clear(f, area);
    f.render_widget(
        Paragraph::new(text).block(block(tr(lang, T::NoticeTitle).to_string())),
        area,
    );
}

/// A line cut into pieces of at most `width` columns: at the last space
/// that leaves the piece at least half full, else at the width (Chinese
/// text, a long path).
pub fn wrap_to(line: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut out = Vec::new();
    let mut piece = String::new();
    let mut used = 0;
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && !piece.is_empty() {
            let cut = piece
                .rfind(' ')
                .filter(|&at| piece[..at].width() * 2 >= width);
            match cut {
                Some(at) => {
                    let rest = piece[at + 1..].to_string();
                    piece.truncate(at);
                    out.push(std::mem::replace(&mut piece, rest));
                }
                None => out.push(std::mem::take(&mut piece)),
            }
            used = piece.width();
        }
        piece.push(c);
        used += w;
    }
    out.push(piece);
    out
}

/// A yes/no question over the screen.
pub fn question(lang: Lang, question: &str, f: &mut Frame, area: Rect) {
    let area = popup(area, (question.width() as u16 + 6).max(30), 5);
    let text = vec![
        Line::from(question.to_string()).bold(),
        Line::default(),
        Line::from(vec![
            Span::styled("y", key_style()),
            Span::raw(format!(" {}   ", tr(lang, T::KeyYes))),
            Span::styled("n", key_style()),
            Span::raw(format!(" {}", tr(lang, T::KeyNo))),
        ]),
    ];
    clear(f, area);
    f.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().border_style(Style::new().fg(Color::Yellow))),
        area,
    );
}

/// The box-drawing cells of `buf` hidden behind a double-width character
/// (what a terminal would show without them): `(x, y)` of each.
pub fn hidden_borders(buf: &Buffer) -> Vec<(u16, u16)> {
    let a = buf.area;
    let mut hidden = Vec::new();
    for y in a.top()..a.bottom() {
        for x in a.left() + 1..a.right() {
            let before = buf[(x - 1, y)].symbol();
            let here = buf[(x, y)].symbol();
            if before.width() > 1 && here.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)) {
                hidden.push((x, y));
            }
        }
    }
    hidden
}

/// Where a screen draws: its header, body, message line and footer.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub header: Rect,
    pub body: Rect,
    pub message: Rect,
    pub footer: Rect,
}

/// The frame of every screen: a header `header` lines high, the body, a
/// message line and the footer. Below 80×24 it draws "terminal too small"
/// instead and returns `None` (the keys do nothing then either).
pub fn screen(lang: Lang, f: &mut Frame, header: u16) -> Option<Areas> {
    use ratatui::layout::{Constraint, Layout};
    let area = f.area();
    if too_small(area.width, area.height) {
        too_small_message(lang, f, area);
        return None;
    }
    let [header, body, message, footer] = Layout::vertical([
        Constraint::Length(header),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Some(Areas {
        header,
        body,
        message,
        footer,
    })
}

/// The message line: what was done (green) or what went wrong (red).
/// A message wider than its line takes the footer's line too (drawn after
/// the footer), so that it is never cut at 80 columns.
pub fn message_line(f: &mut Frame, message: Option<&super::message::Message>, area: Rect) {
    use ratatui::widgets::{Paragraph, Wrap};
    use unicode_width::UnicodeWidthStr;
    if let Some(m) = message {
        let style = super::theme::message_style(m.error);
        if m.text.width() > area.width as usize && area.bottom() < f.area().bottom() {
            let two = Rect { height: 2, ..area };
            f.render_widget(Clear, two);
            f.render_widget(
                Paragraph::new(m.text.clone())
                    .style(style)
                    .wrap(Wrap { trim: true }),
                two,
            );
        } else {
            f.render_widget(Line::from(m.text.clone()).style(style), area);
        }
    }
}

/// Takes out of every cell of `buf` what a terminal would obey or reorder
/// by: control characters (ratatui drops most, not all: a zero-width one
/// rides on the cell before it) and bidirectional embeddings, overrides
/// and isolates. The screens' last step before the terminal.
pub fn terminal_safe(buf: &mut Buffer) {
    let bad =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(bad) {
            let kept: String = cell.symbol().chars().filter(|&c| !bad(c)).collect();
            cell.set_symbol(if kept.is_empty() { " " } else { &kept });
        }
    }
}
