//! The kit's pieces on their own.

use super::columns::{Keep, fit};
use super::discard::{Discard, Esc};
use super::frame::{clear, hidden_borders, popup};
use super::input::{Edit, TextInput};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::widgets::Block;

fn typed(t: &mut TextInput, s: &str) {
    for c in s.chars() {
        t.edit(Edit::Insert(c));
    }
}

#[test]
fn a_prefilled_value_is_replaced_by_typing_and_kept_by_editing_keys() {
    let mut t = TextInput::new("2026-12-02 03:24");
    assert!(t.prefilled());
    typed(&mut t, "09:40");
    assert_eq!(t.text(), "09:40", "typing replaces, never appends");
    let mut t = TextInput::new("2026-12-02 03:24");
    t.edit(Edit::Backspace);
    typed(&mut t, "5");
    assert_eq!(
        t.text(),
        "2026-12-02 03:25",
        "Backspace first: edits the value"
    );
    let mut t = TextInput::new("");
    typed(&mut t, "ab");
    assert_eq!(t.text(), "ab");
}

#[test]
fn ctrl_u_and_ctrl_w_delete_to_the_start_and_the_word_before() {
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(Edit::of_key(key('u')), Some(Edit::DeleteToStart));
    assert_eq!(Edit::of_key(key('w')), Some(Edit::DeleteWord));
    let mut t = TextInput::new("");
    typed(&mut t, "customer not home");
    t.edit(Edit::of_key(key('w')).unwrap());
    assert_eq!(t.text(), "customer not ");
    t.edit(Edit::of_key(key('u')).unwrap());
    assert_eq!(t.text(), "");
    let mut t = TextInput::new("王强");
    t.edit(Edit::DeleteToStart);
    assert!(t.is_empty(), "Ctrl-U clears a pre-filled value too");
}

#[test]
fn the_view_scrolls_by_display_cells_and_keeps_the_cursor_in_view() {
    let mut t = TextInput::new("");
    typed(&mut t, "王强王强王强"); // 12 cells
    let (shown, cursor) = t.view(20);
    assert_eq!((shown.as_str(), cursor), ("王强王强王强", 12));
    let (shown, cursor) = t.view(7);
    assert!(unicode_width::UnicodeWidthStr::width(shown.as_str()) <= 7);
    assert!(cursor < 7);
    assert!(shown.ends_with('强'), "the end, where the cursor is, shows");
    t.edit(Edit::Home);
    let (shown, cursor) = t.view(7);
    assert_eq!((shown.as_str(), cursor), ("王强王", 0));
    t.edit(Edit::Right);
    t.edit(Edit::Insert('小'));
    assert_eq!(
        t.text(),
        "王小强王强王强",
        "edits count characters, not bytes"
    );
}

#[test]
fn esc_with_text_typed_warns_once_then_closes() {
    let mut d = Discard::default();
    assert_eq!(d.esc(false), Esc::Close);
    assert_eq!(d.esc(true), Esc::Warn);
    assert!(d.warning());
    d.other_key();
    assert_eq!(d.esc(true), Esc::Warn, "another key in between: warn again");
    assert_eq!(d.esc(true), Esc::Close);
}

#[test]
fn a_popup_over_chinese_text_keeps_its_left_border() {
    let mut t = Terminal::new(TestBackend::new(20, 5)).unwrap();
    t.draw(|f| {
        let area = f.area();
        for y in 0..5 {
            f.buffer_mut().set_string(
                0,
                y,
                "待回访待回访待回访待回访",
                ratatui::style::Style::new(),
            );
        }
        let p = popup(area, 15, 3); // starts at x = 2..: odd or even, both safe
        let p = ratatui::layout::Rect { x: 3, ..p };
        clear(f, p);
        f.render_widget(Block::bordered(), p);
    })
    .unwrap();
    assert!(hidden_borders(t.backend().buffer()).is_empty());
}

proptest! {
    /// Whatever the widths, the columns kept always are kept, and the rest
    /// fits when the kept-always ones do.
    #[test]
    fn the_fitter_never_drops_a_column_kept_always(
        cols in proptest::collection::vec((any::<bool>(), 0u16..30, 0u8..8), 1..10),
        width in 20u16..200,
    ) {
        let keeps: Vec<Keep> = cols.iter().map(|(a, _, o)| if *a { Keep::Always } else { Keep::Drop(*o) }).collect();
        let widths: Vec<u16> = cols.iter().map(|(_, w, _)| *w).collect();
        let kept = fit(&keeps, &widths, width);
        for (i, k) in keeps.iter().enumerate() {
            if *k == Keep::Always {
                prop_assert!(kept.contains(&i));
            }
        }
        let always: u32 = kept.iter().filter(|&&i| keeps[i] == Keep::Always).map(|&i| u32::from(widths[i]) + 1).sum();
        let used: u32 = kept.iter().map(|&i| u32::from(widths[i]) + 1).sum();
        if always <= u32::from(width) + 1 {
            prop_assert!(used <= u32::from(width) + 1);
        }
        prop_assert!(kept.windows(2).all(|w| w[0] < w[1]));
    }
}

#[test]
fn the_help_takes_the_columns_the_width_allows_and_scrolls_the_rest() {
    use super::help::{COLUMN, max_scroll};
    use ratatui::layout::Rect;
    // 80×24: two columns of 20 rows.
    assert_eq!(max_scroll(Rect::new(0, 0, 80, 24), 40), 0);
    // 46 lines: two columns of 23, 20 rows shown: 3 rows to scroll.
    assert_eq!(max_scroll(Rect::new(0, 0, 80, 24), 46), 3);
    // Wider: a third column; taller: more rows.
    assert_eq!(max_scroll(Rect::new(0, 0, 3 * COLUMN + 4, 24), 46), 0);
    assert_eq!(max_scroll(Rect::new(0, 0, 80, 27), 46), 0);
    // A few lines never scroll.
    assert_eq!(max_scroll(Rect::new(0, 0, 80, 24), 3), 0);
}

#[test]
fn the_help_flows_from_column_to_column_and_marks_what_is_below() {
    use crate::i18n::Lang;
    use ratatui::text::Line;
    let lines: Vec<Line<'static>> = (0..50).map(|i| Line::from(format!("line {i}"))).collect();
    let draw = |scroll: usize| {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut used = 0;
        t.draw(|f| used = super::help::draw(Lang::En, f, f.area(), "Keys", lines.clone(), scroll))
            .unwrap();
        (used, t.backend().to_string())
    };
    // Two columns of 25 lines, 20 rows shown.
    let (_, top) = draw(0);
    let (used, text) = draw(99);
    assert_eq!(used, 5, "scrolled as far as it goes, no further");
    // Each line keeps its column: lines 0–24 in the first, 25–49 in the
    // second, both scrolled by the same rows.
    for (i, l) in top.lines().enumerate().skip(2).take(20) {
        let n = i - 2;
        assert!(l.contains(&format!("│line {n} ")), "{l}");
        assert!(l.contains(&format!(" line {} ", n + 25)), "{l}");
    }
    for (i, l) in text.lines().enumerate().skip(2).take(20) {
        let n = i - 2 + 5;
        assert!(l.contains(&format!("│line {n} ")), "{l}");
        assert!(l.contains(&format!(" line {} ", n + 25)), "{l}");
    }
    assert!(!text.contains("line 4 "), "{text}");
    assert!(
        text.contains("↑ more: k") && !text.contains("↓ more"),
        "{text}"
    );
}
