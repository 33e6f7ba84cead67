//! The one line of text input of every form, on the `tui-input` crate
//! (grapheme-aware editing, display-width cursor and scroll).
//!
//! - A pre-filled value (a time, the engineer, an earlier note) is
//!   replaced by the first character typed; a key that moves or deletes
//!   first keeps it for editing.
//! - Ctrl-U deletes to the start, Ctrl-W the word before the cursor.
//! - [`TextInput::view`] gives the part that fits in the field's width
//!   with the cursor in view, counted in display cells (Chinese text takes
//!   two each).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};
use unicode_width::UnicodeWidthChar;

/// An edit of a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-U.
    DeleteToStart,
    /// Ctrl-W.
    DeleteWord,
}

impl Edit {
    /// The edit a key means in a text field (the same in every form).
    pub fn of_key(key: KeyEvent) -> Option<Edit> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        Some(match key.code {
            KeyCode::Char('u') if ctrl => Edit::DeleteToStart,
            KeyCode::Char('w') if ctrl => Edit::DeleteWord,
            KeyCode::Char('a') if ctrl => Edit::Home,
            KeyCode::Char('e') if ctrl => Edit::End,
            KeyCode::Char(c) if !ctrl => Edit::Insert(c),
            KeyCode::Backspace => Edit::Backspace,
            KeyCode::Delete => Edit::Delete,
            KeyCode::Left => Edit::Left,
            KeyCode::Right => Edit::Right,
            KeyCode::Home => Edit::Home,
            KeyCode::End => Edit::End,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct TextInput {
    input: Input,
    /// Pre-filled and not touched yet: typing replaces it.
    prefilled: bool,
}

impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
            && self.input.cursor() == other.input.cursor()
            && self.prefilled == other.prefilled
    }
}

impl Eq for TextInput {}

impl TextInput {
    /// A field holding `text` (pre-filled when not blank), cursor at the end.
    pub fn new(text: &str) -> TextInput {
        TextInput {
            input: Input::new(text.to_string()),
            prefilled: !text.is_empty(),
        }
    }

    pub fn text(&self) -> &str {
        self.input.value()
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }

    /// Still the pre-filled value, untouched (drawn as selected).
    pub fn prefilled(&self) -> bool {
        self.prefilled
    }

    /// Sets the text (as a pre-filled value).
    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }

    /// Applies an edit; whether the text changed.
    pub fn edit(&mut self, e: Edit) -> bool {
        let before = self.text().to_string();
        if let (Edit::Insert(_), true) = (e, self.prefilled) {
            self.input.reset();
        }
        self.prefilled = false;
        let req = match e {
            Edit::Insert(c) => InputRequest::InsertChar(c),
            Edit::Backspace => InputRequest::DeletePrevChar,
            Edit::Delete => InputRequest::DeleteNextChar,
            Edit::Left => InputRequest::GoToPrevChar,
            Edit::Right => InputRequest::GoToNextChar,
            Edit::Home => InputRequest::GoToStart,
            Edit::End => InputRequest::GoToEnd,
            Edit::DeleteToStart => InputRequest::DeleteFromStart,
            Edit::DeleteWord => InputRequest::DeletePrevWord,
        };
        self.input.handle(req);
        self.text() != before
    }

    /// Types `c` (as a key would).
    pub fn insert(&mut self, c: char) {
        self.edit(Edit::Insert(c));
    }

    /// The part of the text shown in `width` cells with the cursor in view,
    /// and the cursor's cell within it.
    pub fn view(&self, width: usize) -> (String, usize) {
        if width == 0 {
            return (String::new(), 0);
        }
        // One cell is kept for the cursor after the last character.
        let scroll = self.input.visual_scroll(width - 1);
        let mut skipped = 0;
        let mut shown = String::new();
        let mut used = 0;
        for c in self.text().chars() {
            let w = c.width().unwrap_or(0);
            if skipped < scroll {
                skipped += w;
                continue;
            }
            if used + w > width {
                break;
            }
            shown.push(c);
            used += w;
        }
        let cursor = self.input.visual_cursor().saturating_sub(skipped);
        (shown, cursor.min(width - 1))
    }
}

/// Draws a text field in `area` (one line) with `style`, padded to the
/// whole width; with `cursor`, places the terminal's cursor and shows a
/// pre-filled value as selected (the next character typed replaces it).
pub fn draw(
    f: &mut ratatui::Frame,
    input: &TextInput,
    area: ratatui::layout::Rect,
    style: ratatui::style::Style,
    cursor: bool,
) {
    use unicode_width::UnicodeWidthStr;
    let width = area.width as usize;
    let (shown, x) = input.view(width);
    let pad = width.saturating_sub(shown.width());
    let style = if cursor && input.prefilled() {
        style.add_modifier(ratatui::style::Modifier::REVERSED)
    } else {
        style
    };
    f.render_widget(
        ratatui::text::Line::from(format!("{shown}{}", " ".repeat(pad))).style(style),
        area,
    );
    if cursor && width > 0 {
        f.set_cursor_position(ratatui::layout::Position::new(area.x + x as u16, area.y));
    }
}
