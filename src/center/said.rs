//! The center's refusals, errors and report problems said in the clerk's
//! language: the one place the center's typed errors become text for the
//! command line and the center's screen (`i18n` holds the words and knows
//! nothing of the center).

use super::error::{CenterError, Made};
use crate::i18n::{Lang, T, code, problem_column, said, tr, trf};

/// A refusal or error of the center, said in the clerk's language (in
/// English exactly its `Display` with its causes, as the command line
/// says it).
pub fn center_error(lang: Lang, e: &CenterError) -> String {
    use CenterError as E;
    match e {
        E::Desk(d) if !d.said_as_is() => crate::desk::said::desk_error(lang, d),
        E::KeyPinned { branch, pinned } => trf(lang, T::CErrKeyPinned, &[branch, pinned, branch]),
        E::RekeyNeedsReason => tr(lang, T::CErrRekeyReason).to_string(),
        E::UnknownBranch(b) => trf(lang, T::CErrUnknownBranch, &[b, b]),
        E::NotACheckTime { time, times } => {
            trf(lang, T::CErrNotACheckTime, &[&time.format("%H:%M"), times])
        }
        E::CheckAhead { date, today } => trf(lang, T::CErrCheckAhead, &[date, today]),
        E::NoCase { branch, case_id } => trf(lang, T::CErrNoCase, &[branch, case_id]),
        E::AlreadyRuled {
            branch,
            case_id,
            decision,
            by,
            at,
        } => trf(
            lang,
            T::CErrAlreadyRuled,
            &[case_id, branch, &code(lang, decision), by, at],
        ),
        E::RulingNeedsNote => tr(lang, T::CErrRulingNote).to_string(),
        E::Io { path, source } => trf(lang, T::CErrIo, &[path, &said(lang, &source.to_string())]),
        E::Write { what, source } => {
            let what = match what {
                Made::Summary => T::CErrMadeSummary,
                Made::SummaryXlsx => T::CErrMadeSummaryXlsx,
                Made::Spreadsheet => T::CErrMadeSpreadsheet,
            };
            trf(
                lang,
                T::CErrWrite,
                &[&tr(lang, what), &said(lang, &source.to_string())],
            )
        }
        E::BadVoice {
            branch,
            job_no,
            why,
        } => trf(lang, T::CErrBadVoice, &[branch, job_no, &said(lang, why)]),
        E::BadMouse(v) => trf(lang, T::CErrBadMouse, &[&format!("{v:?}")]),
        E::UnknownSetting(k) => trf(lang, T::CErrUnknownSetting, &[&format!("{k:?}")]),
        E::NotSet(k) => trf(lang, T::CErrNotSet, &[k]),
        E::ReadingStopped => tr(lang, T::CErrReadingStopped).to_string(),
        E::OutOfStep => tr(lang, T::CErrOutOfStep).to_string(),
        E::BranchCommandOnPg(url) => trf(lang, T::CErrPgBranch, &[url]),
        E::Rejected {
            dir,
            rejected,
            files,
        } => trf(lang, T::CliCenterRejected, &[dir, rejected, files]),
        // A reason from a lower layer (a code's rule, a key's, a time's, a
        // setting's), said by the templates of every reason.
        E::BadBranchCode { why, .. }
        | E::BadKey { why, .. }
        | E::BadTime { why, .. }
        | E::BadSetting { why, .. } => said(lang, why),
        E::ControlChar(why) | E::Key(why) => said(lang, why),
        E::Store(_) | E::Desk(_) | E::Json(_) => said(lang, &format!("{e}")),
    }
}

/// Any error of the center's operations (a `CenterError` or a `DeskError`
/// inside is said as each says it).
pub fn error_text(lang: Lang, e: &anyhow::Error) -> String {
    match e.downcast_ref::<CenterError>() {
        Some(c) => center_error(lang, c),
        None => crate::desk::said::error_text(lang, e),
    }
}

/// One problem of a rejected report (`LINE: column: reason` for a row, the
/// reason begun with the column's label; else a sentence), in the clerk's language.
pub fn report_problem(lang: Lang, why: &str) -> String {
    if lang == Lang::En {
        return why.to_string();
    }
    let row = why.split_once(": ").and_then(|(line, rest)| {
        let line: u64 = line.parse().ok()?;
        let (column, reason) = rest.split_once(": ")?;
        Some((line, column, reason))
    });
    match row {
        // The column alone in its slot (a reader splits the line on it),
        // its label beginning the reason.
        Some((line, column, reason)) => match crate::domain::report::COLUMNS
            .iter()
            .find(|c| c.name == column)
        {
            Some(c) => format!("{line}: {column}: {}：{}", c.zh, said(lang, reason)),
            None => format!(
                "{line}: {}: {}",
                problem_column(lang, column),
                said(lang, reason)
            ),
        },
        None => said(lang, why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    /// Every refusal with words of its own: the English said is exactly
    /// its `Display` (what scripts read), the Chinese has no English word
    /// but the commands and keys to type.
    #[test]
    fn each_refusal_is_its_display_in_english_and_chinese_in_chinese() {
        let s = |v: &str| v.to_string();
        let io = || std::io::Error::from_raw_os_error(2);
        let all = vec![
            CenterError::KeyPinned {
                branch: s("QD-LS"),
                pinned: "ab12".repeat(16),
            },
            CenterError::RekeyNeedsReason,
            CenterError::UnknownBranch(s("QD-X")),
            CenterError::NotACheckTime {
                time: NaiveTime::from_hms_opt(11, 11, 0).unwrap(),
                times: s("10:00,18:00"),
            },
            CenterError::NoCase {
                branch: s("QD-LS"),
                case_id: 9,
            },
            CenterError::CheckAhead {
                date: chrono::NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(),
                today: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            },
            CenterError::AlreadyRuled {
                branch: s("QD-LS"),
                case_id: 1,
                decision: s("approved"),
                by: s("王芳"),
                at: s("2026-12-07T14:00:00+08:00"),
            },
            CenterError::RulingNeedsNote,
            CenterError::io(std::path::Path::new("/tmp/x/summary.csv"), io()),
            CenterError::write(Made::Summary, io()),
            CenterError::BadVoice {
                branch: s("QD-LS"),
                job_no: s("J1"),
                why: s("required, but blank"),
            },
            CenterError::BadMouse(s("maybe")),
            CenterError::UnknownSetting(s("colour")),
            CenterError::NotSet(s("reports_dir")),
            CenterError::ReadingStopped,
            CenterError::OutOfStep,
            CenterError::BranchCommandOnPg(s("postgresql://h/db")),
            CenterError::Rejected {
                dir: s("/tmp/in"),
                rejected: 1,
                files: 3,
            },
            CenterError::branch_code("QD/1").unwrap_err(),
            CenterError::public_key("00").unwrap_err(),
            CenterError::public_key(&"z9".repeat(32)).unwrap_err(),
        ];
        // Keys and commands typed as they are.
        let allowed = [
            "branchdesk",
            "center",
            "branches",
            "add",
            "rekey",
            "cases",
            "config",
            "key",
            "reason",
            "note",
            "db",
            "mouse",
            "on",
            "off",
            "maybe",
            "colour",
            "timezone",
            "voice",
            "overdue",
            "audit",
            "verify",
            "supervise",
            "summary",
            "csv",
            "xlsx",
            "postgresql",
            "PostgreSQL",
            "SQLite",
            "h",
            "tmp",
            "x",
            "in",
        ];
        for e in &all {
            // `{:#}`: the message, then each cause.
            let mut said = e.to_string();
            let mut cause = std::error::Error::source(e);
            while let Some(c) = cause {
                said += &format!(": {c}");
                cause = c.source();
            }
            assert_eq!(center_error(Lang::En, e), said);
            let zh = center_error(Lang::Zh, e);
            let words = crate::i18n::english_words(&zh, &allowed);
            assert!(words.is_empty(), "{e:?}: {zh} {words:?}");
        }
    }

    #[test]
    fn a_report_problem_keeps_line_and_column_and_says_the_reason() {
        assert_eq!(
            report_problem(Lang::Zh, "3: job_no: is empty"),
            "3: job_no: 服务单号：为空"
        );
        assert_eq!(
            report_problem(
                Lang::Zh,
                "branch QD-LS: the manifest is not signed; refused"
            ),
            "网点 QD-LS：清单没有签名；已拒收"
        );
        let en = "3: job_no: is empty";
        assert_eq!(report_problem(Lang::En, en), en);
    }
}
