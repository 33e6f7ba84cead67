//! The dashboard's corrections (`E`): which record the focused panel
//! suggests, the correction form filled in with the record as it is (the
//! forms themselves: [`super::form::correct`]), and the save by the one
//! `Desk::correct` call the CLI makes, with the message it leaves.

use super::form::{Form, Parsed};
use super::model::Panel;
use crate::desk::Desk;
use crate::domain::correction::CorrectKind;
use crate::domain::time::Ts;
use crate::i18n::{Lang, T, code, tr, trf};

/// What the panel in focus suggests correcting.
pub fn default_kind(panel: Panel, has_visit: bool) -> CorrectKind {
    match panel {
        Panel::Cards | Panel::Discrepancies => CorrectKind::Card,
        Panel::Callbacks => CorrectKind::Callback,
        Panel::Verify | Panel::Book => CorrectKind::Job,
        Panel::Jobs if has_visit => CorrectKind::Visit,
        Panel::Jobs => CorrectKind::Job,
    }
}

/// The first step: which record of `job`, the panel's suggestion chosen.
pub fn pick(job: &str, kind: CorrectKind, lang: Lang) -> Form {
    super::form::correct::pick(job, kind, lang)
}

/// The correction form of `kind`, filled in with the record as it is; the
/// refusal's text when the record cannot be read.
pub fn open(desk: &mut Desk, kind: CorrectKind, job: &str, lang: Lang) -> Result<Form, String> {
    let current = desk
        .correction_current(kind, job)
        .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
    Ok(super::form::correct::form(
        kind, job, &current, &desk.zone, lang,
    ))
}

/// Saves a correction (one `Desk` call); the message line it leaves.
pub fn save(
    desk: &mut Desk,
    lang: Lang,
    job_no: &str,
    parsed: Parsed,
    now: Ts,
) -> Result<String, String> {
    let Parsed::Correct {
        kind,
        changes,
        reason,
    } = parsed
    else {
        return Ok(String::new());
    };
    if changes.is_empty() {
        return Err(tr(lang, T::ErrNothingChanged).to_string());
    }
    let o = desk
        .correct(kind, job_no, &changes, &reason, now)
        .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
    Ok(corrected_message(lang, &o))
}

/// The message line after a correction: the fields changed, and the
/// re-visit it opened or cancelled.
fn corrected_message(lang: Lang, o: &crate::desk::Corrected) -> String {
    let fields: Vec<String> = o
        .changes
        .iter()
        .map(|c| crate::i18n::column_label(lang, &c.field))
        .collect();
    let mut text = trf(
        lang,
        T::MsgCorrected,
        &[&o.job_no, &code(lang, o.kind.code()), &fields.join(", ")],
    );
    if let Some(r) = &o.revisit_opened {
        text += &format!(" {}", trf(lang, T::MsgCorrectRevisitOpened, &[r]));
    }
    if let Some(r) = &o.revisit_cancelled {
        text += &format!(" {}", trf(lang, T::MsgCorrectRevisitCancelled, &[r]));
    }
    text
}
