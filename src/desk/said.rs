//! The desk's refusals and errors said in the clerk's language: the one
//! place its typed errors become text for the screens and the command line
//! (`i18n` holds the words and knows nothing of the desk).

use super::DeskError;
use crate::domain::correction::Uncorrectable;
use crate::domain::voice::AnswersRefused;
use crate::i18n::{Lang, T, code, tr, trf};

/// An operation's refusal or error, said in the clerk's language: the one
/// place the desk's typed errors become text for the screens.
pub fn desk_error(lang: Lang, e: &DeskError) -> String {
    use DeskError as E;
    match e {
        E::NoJob(j) => trf(lang, T::ErrNoJob, &[j]),
        E::NoPendingCallback(j) => trf(lang, T::ErrNoCallback, &[j]),
        E::NeverVisited(j) => trf(lang, T::ErrNeverVisited, &[j]),
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
        E::Rejected { file, problems, .. } => trf(lang, T::ErrRejected, &[file, &problems.len()]),
        E::BadAnswers(why) => {
            let text = match why {
                AnswersRefused::UnsolvedNotUnsatisfied { .. } => T::ErrUnsolvedSatisfied,
                AnswersRefused::NotJudged { .. } => T::ErrAnswersResult,
            };
            trf(
                lang,
                T::ErrAnswers,
                &[&code(lang, why.field()), &tr(lang, text)],
            )
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
        E::DayNotBegun { date, today } => {
            format!("{date} 还没开始（今天是 {today}）：日报要在当天或之后生成")
        }
        E::NoCase(id) => format!("没有案件 {id}"),
        E::NeedsNote(what) => {
            let what = match what.as_str() {
                "a case" => "立案",
                "closing a case" => "结案",
                other => other,
            };
            format!("{what}需要说明（--note）")
        }
        E::NotCorrectable(why) => why
            .iter()
            .map(|w| not_correctable(lang, w))
            .collect::<Vec<_>>()
            .join("；"),
        E::AnchorLost {
            date,
            generation,
            entries,
            hash,
            now,
        } => format!(
            "审计记录已不含 {date} 第 {generation} 版日报发送时的链头：第 {entries} 条，哈希 \
             {hash}（现为 {now}）；该日报发送后审计记录被改写过"
        ),
        E::JobVanished(job_no) => format!("服务单 {job_no} 在导入过程中已不存在"),
        E::CallbackVanished => "这条回访在记录结果之前已不存在".into(),
        E::NothingToCorrect { kind, fields } => format!(
            "没有要更正的内容：请写 字段=值（{}的字段：{}）",
            code(lang, kind.code()),
            fields.join(", ")
        ),
        E::RevisitVisited { field, revisit } => format!(
            "{field}：这次不满意的{}开出的二次上门 {revisit} 已有上门记录，不能更正掉\
             （请改为记录一次新的回访）",
            if field == "result" {
                "回访结果"
            } else {
                "监督卡"
            }
        ),
        E::NothingToRetry(job_no) => format!(
            "result：服务单 {job_no} 的这次电话不在定时回访上，unreachable（联系不上）没有可重试的回访"
        ),
        E::NoSuchItem { item, job_id } => {
            format!(
                "没有可处理的{}（服务单内部编号 {job_id}）",
                code(lang, item)
            )
        }
        E::Unsendable {
            job_no,
            column,
            why,
        } => format!(
            "服务单 {job_no:?}：{column}：{}。中心会拒收整份日报：请先更正\
             （`branchdesk correct job|visit|card {job_no} {column}=… --reason 文字`）；未导出任何内容",
            crate::i18n::said(lang, why)
        ),
        E::JobNeedsNumber => "服务单需要服务单号".into(),
        E::VisitNeedsOutcome => "上门记录需要处理结果".into(),
        _ => crate::i18n::said(lang, &e.text()),
    }
}

/// A correction's refusal of a field, in the clerk's language.
fn not_correctable(lang: Lang, why: &Uncorrectable) -> String {
    match why {
        Uncorrectable::Identity { field, kind } => {
            format!("{field}：用于识别{}，不能更正", code(lang, kind.code()))
        }
        Uncorrectable::NotAField { field, kind } => format!(
            "{field}：不是{}的字段（可更正的字段：{}）",
            code(lang, kind.code()),
            kind.fields().join(", ")
        ),
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
            (
                E::DayNotBegun {
                    date: "2026-11-24".into(),
                    today: "2026-11-23".into(),
                },
                "2026-11-24 还没开始（今天是 2026-11-23）：日报要在当天或之后生成",
            ),
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

    /// Every refusal of the desk's own, said in Chinese without English
    /// words (codes, commands, numbers and the data aside).
    #[test]
    fn every_refusal_of_the_desk_has_its_chinese() {
        use DeskError as E;
        let all = [
            E::NeedsNote("a case".into()),
            E::NeedsNote("closing a case".into()),
            E::UnknownSetting("colour_x".into()),
            E::NotCorrectable(vec![CorrectKind::Job.refuse("job_no").unwrap()]),
            E::AnchorLost {
                date: "2026-11-23".into(),
                generation: 2,
                entries: 40,
                hash: "ab12".into(),
                now: "cd34".into(),
            },
            E::JobVanished("J1".into()),
            E::CallbackVanished,
            E::NothingToCorrect {
                kind: CorrectKind::Card,
                fields: CorrectKind::Card.fields().to_vec(),
            },
            E::RevisitVisited {
                field: "result".into(),
                revisit: "J1-R1".into(),
            },
            E::RevisitVisited {
                field: "satisfaction".into(),
                revisit: "J1-R1".into(),
            },
            E::NothingToRetry("J1".into()),
            E::NoSuchItem {
                item: "callback",
                job_id: 7,
            },
            E::Unsendable {
                job_no: "J1".into(),
                column: "phone",
                why: crate::domain::text::control_reason('\u{1b}'),
            },
            E::JobNeedsNumber,
            E::VisitNeedsOutcome,
        ];
        // Every control character's reason, named or not.
        for c in ['\0', '\r', '\u{1b}', '\u{7f}', '\u{1f}'] {
            let zh = crate::i18n::said(Lang::Zh, &crate::domain::text::control_reason(c));
            assert!(zh.starts_with("含控制字符 U+00"), "{zh}");
        }
        let allowed = [
            "J1",
            "R1",
            "J1-R1",
            "closing",
            "colour_x",
            "job_no",
            "ab12",
            "cd34",
            "callback",
            "phone",
            "correct",
            "job",
            "visit",
            "card",
            "reason",
            "branchdesk",
            "result",
            "satisfaction",
            "returned_at",
            "signed_by",
            "warranty_record",
            "charge",
            "receipt_no",
            "quality",
            "attitude",
            "unreachable",
            "note",
            "U+001B",
        ];
        let mut bad = Vec::new();
        for e in &all {
            let zh = reason(Lang::Zh, e);
            let words = crate::i18n::english_words(&zh, &allowed);
            if !words.is_empty() {
                bad.push(format!("{e:?}\n  {zh}\n  {words:?}"));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}
