//! The one column fitter of every table on every screen.
//!
//! A panel declares its columns: a title, the most cells a column may take,
//! and whether it may be left out when the panel is narrow. Columns that
//! are [`Keep::Always`] (a job's number, a due time, a phone number) are
//! never left out and their room is taken first; the others are added in
//! their [`Keep::Drop`] order (lower numbers stay longest) while they fit.
//! Widths are measured on the rows actually shown (display width, so
//! double-width Chinese text never breaks a column); a droppable column
//! empty in every shown row is left out.

use super::theme::header_style;
use crate::i18n::{Lang, T, tr};
use ratatui::Frame;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

/// Whether a column may be left out when narrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Never left out.
    Always,
    /// Left out when it does not fit; higher numbers go first.
    Drop(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub title: T,
    /// The most cells the column takes.
    pub max: u16,
    pub keep: Keep,
}

/// A column that is never left out.
pub const fn always(title: T, max: u16) -> Col {
    Col {
        title,
        max,
        keep: Keep::Always,
    }
}

/// A column that may be left out (`order`: higher goes first).
pub const fn drop(title: T, max: u16, order: u8) -> Col {
    Col {
        title,
        max,
        keep: Keep::Drop(order),
    }
}

/// Which columns fit in `width` (one cell between columns), in their order.
/// `widths[i]` is what column `i` needs (0: empty in every shown row).
pub fn fit(keeps: &[Keep], widths: &[u16], width: u16) -> Vec<usize> {
    let mut keep: Vec<usize> = (0..keeps.len())
        .filter(|&i| keeps[i] == Keep::Always)
        .collect();
    let mut used: u32 = keep.iter().map(|&i| u32::from(widths[i]) + 1).sum();
    let mut others: Vec<(u8, usize)> = (0..keeps.len())
        .filter_map(|i| match keeps[i] {
            Keep::Drop(o) if widths[i] > 0 => Some((o, i)),
            _ => None,
        })
        .collect();
    others.sort_unstable();
    for (_, i) in others {
        let need = u32::from(widths[i]) + 1;
        // The last column needs no gap after it.
        if used + need <= u32::from(width) + 1 {
            keep.push(i);
            used += need;
        }
    }
    keep.sort_unstable();
    keep
}

/// What each column needs for the rows shown: the widest cell (at most
/// `max`), at least the title when the column has anything to show.
pub fn measure(lang: Lang, cols: &[Col], rows: &[Vec<Line<'static>>]) -> Vec<u16> {
    cols.iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = rows
                .iter()
                .map(|r| r.get(i).map(|l| l.width()).unwrap_or(0))
                .max()
                .unwrap_or(0)
                .min(c.max as usize) as u16;
            if cells > 0 || c.keep == Keep::Always {
                cells.max(tr(lang, c.title).width() as u16)
            } else {
                0
            }
        })
        .collect()
}

/// A table of the columns that fit in `width`: header, rows and widths
/// (the last column takes what is left).
pub fn table(
    lang: Lang,
    cols: &[Col],
    rows: Vec<Vec<Line<'static>>>,
    width: u16,
) -> (Table<'static>, Vec<usize>) {
    let widths = measure(lang, cols, &rows);
    table_of(lang, cols, rows, widths, width)
}

/// A table of rows whose columns were measured before (`widths`, as
/// [`measure`] gives them).
pub fn table_measured(
    lang: Lang,
    cols: &[Col],
    rows: Vec<Vec<Line<'static>>>,
    widths: Vec<u16>,
    width: u16,
) -> (Table<'static>, Vec<usize>) {
    table_of(lang, cols, rows, widths, width)
}

fn table_of(
    lang: Lang,
    cols: &[Col],
    rows: Vec<Vec<Line<'static>>>,
    widths: Vec<u16>,
    width: u16,
) -> (Table<'static>, Vec<usize>) {
    let keeps: Vec<Keep> = cols.iter().map(|c| c.keep).collect();
    let keep = fit(&keeps, &widths, width);
    let header = Row::new(
        keep.iter()
            .map(|&i| Cell::from(tr(lang, cols[i].title)))
            .collect::<Vec<_>>(),
    )
    .style(header_style());
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|mut r| {
            Row::new(
                keep.iter()
                    .map(|&i| Cell::from(r.get_mut(i).map(std::mem::take).unwrap_or_default()))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let constraints: Vec<Constraint> = keep
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            if k + 1 == keep.len() {
                Constraint::Min(widths[i])
            } else {
                Constraint::Length(widths[i])
            }
        })
        .collect();
    (
        Table::new(rows, constraints)
            .header(header)
            .column_spacing(1),
        keep,
    )
}

/// A list in an overlay: the fitter's table with a selection marker, or
/// *empty* in dim when there are no rows.
pub fn selectable(
    f: &mut Frame,
    area: Rect,
    lang: Lang,
    rows: Vec<Vec<Line<'static>>>,
    cols: &[Col],
    selected: Option<usize>,
) {
    if rows.is_empty() {
        f.render_widget(
            Paragraph::new(tr(lang, T::Empty)).style(Style::new().fg(super::theme::DIM)),
            area.inner(Margin::new(1, 0)),
        );
        return;
    }
    // One cell goes to the selection marker.
    let (t, _) = table(lang, cols, rows, area.width.saturating_sub(1));
    let t = t
        .highlight_symbol(">")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(selected);
    f.render_stateful_widget(t, area, &mut state);
}
