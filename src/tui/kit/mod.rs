//! The kit the three screens are built from: nothing here knows a screen.
//!
//! - [`theme`]: the colours and styles.
//! - [`frame`]: the minimum size and "terminal too small", popups and
//!   overlays (safe next to double-width text), the notice and the
//!   question boxes.
//! - [`columns`]: the one column fitter: a panel declares its columns,
//!   which never go ([`columns::Keep::Always`]) and in which order the
//!   others may go.
//! - [`input`]: the one line of text input (pre-filled text replaced on
//!   type, Ctrl-U / Ctrl-W, scrolls in the width it has, CJK-safe).
//! - [`message`]: the one message-line type.
//! - [`keys`]: one key table per screen feeds the action, the footer's
//!   hints and the help overlay.
//! - [`discard`]: the one "Esc with text typed" rule.
//! - [`help`]: the help overlay (columns as wide as the terminal allows,
//!   scrolling with a "more" marker when it does not fit).
//!
//! A screen is a folder of the same shape: `state.rs` (its state and the one
//! `update`), `keymap.rs` (its key table), `view.rs` (drawing only) and
//! `tests.rs`.

pub mod columns;
pub mod discard;
pub mod frame;
pub mod help;
pub mod input;
pub mod keys;
pub mod message;
pub mod theme;

#[cfg(test)]
mod tests;
