//! One key table per screen: each entry says which keys do what, and how
//! the footer and the help show it, so the keys, the footer and the help
//! can never disagree.

use super::theme::key_style;
use crate::i18n::{Lang, T, tr};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy)]
pub struct Binding<A: 'static> {
    /// The keys (without Ctrl) that mean the action.
    pub keys: &'static [KeyCode],
    /// How the footer names the key (`""`: never in the footer).
    pub key: &'static str,
    /// How the help names the keys (`""`: the entry is not listed apart,
    /// e.g. `2`…`4` listed with `1`).
    pub keys_shown: &'static str,
    pub action: A,
    /// The footer's word for it.
    pub hint: T,
    /// The help's line for it.
    pub help: T,
}

/// A table entry.
pub const fn bind<A>(
    keys: &'static [KeyCode],
    key: &'static str,
    keys_shown: &'static str,
    action: A,
    hint: T,
    help: T,
) -> Binding<A> {
    Binding {
        keys,
        key,
        keys_shown,
        action,
        hint,
        help,
    }
}

/// The action of a key in a table (keys with Ctrl are never in a table).
pub fn lookup<A: Copy>(table: &[Binding<A>], key: KeyEvent) -> Option<A> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return None;
    }
    table
        .iter()
        .find(|b| b.keys.contains(&key.code))
        .map(|b| b.action)
}

/// The help's lines of a table: (keys, text).
pub fn help<A>(table: &[Binding<A>]) -> Vec<(&'static str, T)> {
    table
        .iter()
        .filter(|b| !b.keys_shown.is_empty())
        .map(|b| (b.keys_shown, b.help))
        .collect()
}

/// A footer hint: (key, word, priority: 0 always shown, higher left out
/// first when narrow).
pub type Hint = (&'static str, T, u8);

/// The footer hints of the actions listed (with their priority), named as
/// the table names them.
pub fn hints<A: PartialEq>(table: &[Binding<A>], shown: &[(A, u8)]) -> Vec<Hint> {
    shown
        .iter()
        .filter_map(|(a, prio)| {
            table
                .iter()
                .find(|b| b.action == *a && !b.key.is_empty())
                .map(|b| (b.key, b.hint, *prio))
        })
        .collect()
}

/// Items (priority, spans) that fit in `width`, in their order, joined by
/// a separator; lower priorities are kept first.
pub fn fit_spans(items: Vec<(u8, Vec<Span<'static>>)>, width: u16) -> Vec<Span<'static>> {
    const SEP: &str = " · ";
    let widths: Vec<usize> = items
        .iter()
        .map(|(_, spans)| spans.iter().map(|s| s.width()).sum())
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (items[i].0, i));
    let mut keep = vec![false; items.len()];
    let mut used = 0usize;
    for i in order {
        let need = widths[i] + if used == 0 { 0 } else { SEP.width() };
        if used + need <= width as usize {
            keep[i] = true;
            used += need;
        }
    }
    let mut out = Vec::new();
    for (i, (_, spans)) in items.into_iter().enumerate() {
        if keep[i] {
            if !out.is_empty() {
                out.push(Span::styled(SEP, Style::new().fg(super::theme::DIM)));
            }
            out.extend(spans);
        }
    }
    out
}

/// The footer line: the hints that fit.
pub fn footer(lang: Lang, hints: Vec<Hint>, width: u16) -> Line<'static> {
    let items = hints
        .into_iter()
        .map(|(key, label, prio)| {
            let mut spans = Vec::new();
            if !key.is_empty() {
                spans.push(Span::styled(key, key_style()));
                spans.push(Span::raw(" "));
            }
            spans.push(Span::styled(tr(lang, label), Style::new().fg(Color::Gray)));
            (prio, spans)
        })
        .collect();
    Line::from(fit_spans(items, width))
}

/// Help lines: each key padded to `w` cells, then its text.
pub fn help_lines(lang: Lang, keys: &[(&str, T)], w: usize) -> Vec<Line<'static>> {
    keys.iter()
        .map(|(key, desc)| {
            Line::from(vec![
                Span::styled(
                    format!("{key}{}", " ".repeat(w.saturating_sub(key.width()))),
                    key_style(),
                ),
                Span::raw(" "),
                Span::raw(tr(lang, *desc)),
            ])
        })
        .collect()
}
