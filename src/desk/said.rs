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
        _ => trf(lang, T::MsgError, &[&reason(lang, e)]),
    }
}

/// A refusal or error said as it is (what the command line prints after
/// `branchdesk: `, and the screens as an error): its text in English; in
/// Chinese the desk's own refusals in their words here, and a reason from a
/// lower layer (a rule of a field, a file, a setting) by the templates of
/// [`crate::i18n::said`].
pub fn reason(lang: Lang, e: &DeskError) -> String {
    use DeskError as E;
    if lang == Lang::En {
        return e.text();
    }
    match e {
        E::DelayNeedsEngineer => "延误需要写明工程师".into(),
        E::BadDelay(minutes) => format!("--minutes：{minutes} 不是延误时长（1 到 1440 分钟）"),
        E::NoOneToInform(job_no) => format!("服务单 {job_no} 没有待告知延误的用户"),
        E::CaseNotClosable { id, why } if *why == crate::domain::case::ALREADY_CLOSED => {
            format!("案件 {id} 已结案")
        }
        E::CaseNotClosable { id, .. } => {
            format!("案件 {id} 尚无中心批示：按批示处理后才能结案")
        }
        E::ComplaintNeedsSource => "投诉需要来源（--source）".into(),
        E::ComplaintNeedsCategory => "投诉需要类别（--category）".into(),
        E::CorrectionNeedsReason => "更正需要原因（--reason 文字）：记录错在哪里".into(),
        E::NothingChanges { kind, job_no } => {
            format!(
                "没有变化：服务单 {job_no} 的{}已是这些值",
                code(lang, kind.code())
            )
        }
        // The day stays before the count, as it always was said.
        E::TooManyReports { day, last } => {
            format!("已导出 {day}: {last} 份日报，一天最多只能这么多")
        }
        E::ReadStopped => "读取文件被中止".into(),
        E::NoBranch => "本数据库还没有网点：请先导入服务单".into(),
        E::NoCase(id) => format!("没有案件 {id}"),
        _ => crate::i18n::said(lang, &e.text()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::correction::CorrectKind;

    #[test]
    fn the_desks_refusals_are_said_in_both_languages() {
        use DeskError as E;
        let closed = crate::domain::case::ALREADY_CLOSED;
        let not_ruled = crate::domain::case::refuse_close(false, None).unwrap();
        for (e, zh) in [
            (E::DelayNeedsEngineer, "延误需要写明工程师"),
            (
                E::BadDelay(0),
                "--minutes：0 不是延误时长（1 到 1440 分钟）",
            ),
            (
                E::NoOneToInform("J1".into()),
                "服务单 J1 没有待告知延误的用户",
            ),
            (E::CaseNotClosable { id: 3, why: closed }, "案件 3 已结案"),
            (
                E::CaseNotClosable {
                    id: 3,
                    why: not_ruled,
                },
                "案件 3 尚无中心批示：按批示处理后才能结案",
            ),
            (E::ComplaintNeedsSource, "投诉需要来源（--source）"),
            (E::ComplaintNeedsCategory, "投诉需要类别（--category）"),
            (
                E::CorrectionNeedsReason,
                "更正需要原因（--reason 文字）：记录错在哪里",
            ),
            (
                E::NothingChanges {
                    kind: CorrectKind::Visit,
                    job_no: "J1".into(),
                },
                "没有变化：服务单 J1 的最近一次上门已是这些值",
            ),
            (
                E::TooManyReports {
                    day: "2026-11-23".into(),
                    last: 999,
                },
                "已导出 2026-11-23: 999 份日报，一天最多只能这么多",
            ),
            (E::ReadStopped, "读取文件被中止"),
            (E::NoBranch, "本数据库还没有网点：请先导入服务单"),
            (E::NoCase(4), "没有案件 4"),
        ] {
            assert_eq!(reason(Lang::Zh, &e), zh);
            assert_eq!(reason(Lang::En, &e), e.to_string());
            assert!(e.said_as_is());
            assert_eq!(
                desk_error(Lang::Zh, &e),
                trf(Lang::Zh, T::MsgError, &[&zh]),
                "the screens say it as an error"
            );
        }
        // A reason from a lower layer is said by the templates.
        let e = E::BadField {
            field: "result".into(),
            why: "required, but blank".into(),
        };
        assert_eq!(e.to_string(), "result: required, but blank");
        assert_eq!(reason(Lang::Zh, &e), crate::i18n::said(Lang::Zh, &e.text()));
    }
}
