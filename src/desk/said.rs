//! The desk's refusals and errors said in the clerk's language: the one
//! place its typed errors become text for the screens and the command line
//! (`i18n` holds the words and knows nothing of the desk).

use super::DeskError;
use crate::i18n::{Lang, T, code, tr, trf};

/// An operation's refusal or error, said in the clerk's language: the one
/// place the desk's typed errors become text for the screens.
pub fn desk_error(lang: Lang, e: &DeskError) -> String {
    use DeskError as E;
    match e {
        E::NoJob(j) => trf(lang, T::ErrNoJob, &[j]),
        E::NoPendingCallback(j) => trf(lang, T::ErrNoCallback, &[j]),
        E::NoDiscrepancy { job_no, kind } => trf(
            lang,
            T::ErrNoDiscrepancy,
            &[job_no, &code(lang, kind.code())],
        ),
        E::AlreadyResolved { job_no, kind, by } => trf(
            lang,
            T::ErrAlreadyResolved,
            &[&code(lang, kind.code()), job_no, by],
        ),
        E::NoInvoiceOwed(j) => trf(lang, T::MsgNoInvoice, &[j]),
        E::CardAlreadyRecorded(j) => trf(lang, T::ErrCardExists, &[j]),
        E::VisitExists(j) => trf(lang, T::ErrVisitExists, &[j]),
        E::JobExists(j) => trf(lang, T::ErrJobExists, &[j]),
        E::OtherBranch {
            job_no,
            branch,
            this,
        } => trf(lang, T::ErrOtherJobBranch, &[job_no, branch, this]),
        E::NoRecordToCorrect { job_no, what } => trf(
            lang,
            match *what {
                "visit" => T::ErrNoVisitToCorrect,
                "card" => T::ErrNoCardToCorrect,
                _ => T::ErrNoCallbackToCorrect,
            },
            &[job_no],
        ),
        E::NoComplaint(id) => trf(lang, T::ErrNoComplaint, &[id]),
        E::ComplaintSettled(id) => trf(lang, T::ErrComplaintSettled, &[id]),
        E::ComplaintResponded(id) => trf(lang, T::ErrComplaintResponded, &[id]),
        E::ComplaintNeedsNote => tr(lang, T::ErrComplaintNote).to_string(),
        E::KeyMissing {
            branch,
            place,
            public,
        } => trf(
            lang,
            T::ErrKeyMissing,
            &[branch, place, &public.as_deref().unwrap_or("?")],
        ),
        E::NoTarget => tr(lang, T::SupErrTo).to_string(),
        E::NoNote => tr(lang, T::SupErrNote).to_string(),
        E::Rejected { file, problems } => trf(lang, T::ErrRejected, &[file, &problems.len()]),
        E::BadAnswers(field, why) => {
            let why = if why.contains("not a satisfied customer") {
                tr(lang, T::ErrUnsolvedSatisfied).to_string()
            } else if why.contains("only with result") {
                tr(lang, T::ErrAnswersResult).to_string()
            } else {
                why.clone()
            };
            trf(lang, T::ErrAnswers, &[&code(lang, field), &why])
        }
        E::Store(_)
        | E::NotFound(_)
        | E::Invalid(_)
        | E::Io { .. }
        | E::Write { .. }
        | E::Json(_)
        | E::NoBranch
        | E::BadSetting { .. }
        | E::UnknownSetting(_)
        | E::Restore(_)
        | E::NoCase(_)
        | E::NeedsNote(_) => trf(lang, T::MsgError, &[&crate::i18n::said(lang, &e.text())]),
    }
}

/// Any error of an operation (a `DeskError` inside is said as
/// [`desk_error`] says it).
pub fn error_text(lang: Lang, e: &anyhow::Error) -> String {
    match e.downcast_ref::<DeskError>() {
        Some(d) => desk_error(lang, d),
        None => trf(
            lang,
            T::MsgError,
            &[&crate::i18n::said(lang, &e.to_string())],
        ),
    }
}
