//! The screens' colours and styles.

use crate::domain::callback::Urgency;
use ratatui::style::{Color, Modifier, Style};

/// The screens' accent colour.
pub const FOCUS: Color = Color::Cyan;
/// The colour for what matters less.
pub const DIM: Color = Color::DarkGray;

pub fn urgency_style(u: Urgency) -> Style {
    match u {
        Urgency::Overdue => Style::new().fg(Color::Red).bold(),
        Urgency::DueSoon => Style::new().fg(Color::Yellow).bold(),
        Urgency::Pending => Style::new().fg(Color::Green),
    }
}

/// A supervisor's escalation, wherever it shows.
pub fn escalated_style() -> Style {
    Style::new().fg(Color::White).bg(Color::Red).bold()
}

/// A correction in a timeline: it stands out, with its reason.
pub fn correction_style() -> Style {
    Style::new().fg(Color::Yellow)
}

/// The message line: an error or a confirmation.
pub fn message_style(error: bool) -> Style {
    if error {
        Style::new().fg(Color::Red).bold()
    } else {
        Style::new().fg(Color::Green)
    }
}

/// A key in the footer and the help.
pub fn key_style() -> Style {
    Style::new().fg(FOCUS).bold()
}

/// The selected row of the focused list, and of the others.
pub fn selected_style(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

/// A column header.
pub fn header_style() -> Style {
    Style::new().fg(DIM).add_modifier(Modifier::UNDERLINED)
}
