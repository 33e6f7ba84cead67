//! The one "Esc with text typed" rule of every form: Esc closes a form
//! nothing was typed into; with something typed, the first Esc only warns
//! (the form says "Esc again throws it away") and a second Esc in a row
//! closes it. Any other key goes on editing.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Discard {
    armed: bool,
}

/// What Esc does now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Esc {
    Close,
    /// The first Esc with something typed: say that another throws it away.
    Warn,
}

impl Discard {
    pub fn esc(&mut self, typed: bool) -> Esc {
        if !typed || self.armed {
            self.armed = false;
            Esc::Close
        } else {
            self.armed = true;
            Esc::Warn
        }
    }

    /// Any other key: the warning is over.
    pub fn other_key(&mut self) {
        self.armed = false;
    }

    /// The form shows the warning.
    pub fn warning(&self) -> bool {
        self.armed
    }
}

impl Discard {
    /// Esc in a form whose message line is `error`: whether to close it now
    /// (else the warning is put in the message line).
    pub fn esc_closes(
        &mut self,
        typed: bool,
        lang: crate::i18n::Lang,
        error: &mut Option<String>,
    ) -> bool {
        match self.esc(typed) {
            Esc::Close => true,
            Esc::Warn => {
                *error = Some(crate::i18n::tr(lang, crate::i18n::T::EscAgain).to_string());
                false
            }
        }
    }

    /// Any other key in that form: the warning goes from the message line.
    pub fn key_in(&mut self, lang: crate::i18n::Lang, error: &mut Option<String>) {
        self.other_key();
        if error.as_deref() == Some(crate::i18n::tr(lang, crate::i18n::T::EscAgain)) {
            *error = None;
        }
    }
}
