//! `branchdesk callback JOB_NO --result R …`: a callback result logged with
//! the customer's answers.

use super::{CodeParse, Lang, parse_code};
use crate::desk::Desk;
use crate::domain::callback::CallbackResult;
use crate::domain::time::short;
use crate::i18n::{T, tr, trf};
use anyhow::Result;
use chrono::{DateTime, FixedOffset};

impl CodeParse for CallbackResult {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}
impl CodeParse for crate::domain::voice::Answer {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}

// The arguments of `callback`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct CallbackArgs {
    pub job_no: String,
    #[arg(long, value_parser = parse_code::<CallbackResult>)]
    pub result: CallbackResult,
    /// The customer's answer on the engineer's attitude
    #[arg(long, value_parser = parse_code::<crate::domain::voice::Answer>)]
    pub attitude: Option<crate::domain::voice::Answer>,
    /// The customer's answer on the repair's quality
    #[arg(long, value_parser = parse_code::<crate::domain::voice::Answer>)]
    pub quality: Option<crate::domain::voice::Answer>,
    /// Whether the problem is solved (yes|no)
    #[arg(long, value_parser = crate::domain::codes::parse_yes_no)]
    pub solved: Option<bool>,
    #[arg(long, default_value = "")]
    pub note: String,
}

pub fn run(desk: &mut Desk, args: &CallbackArgs, now: DateTime<FixedOffset>) -> Result<()> {
    let CallbackArgs {
        job_no,
        result,
        attitude,
        quality,
        solved,
        note,
    } = args;
    let answers = crate::domain::voice::Answers {
        attitude: *attitude,
        quality: *quality,
        solved: *solved,
    };
    let o = desk.log_call(job_no, *result, &answers, note, now.to_utc())?;
    let lang = desk.lang;
    let kind = match (lang, o.kind, o.followup) {
        (Lang::En, ..) | (_, Some(_), _) => o.kind_label(),
        (_, None, true) => tr(lang, T::CliFollowupKind),
        (_, None, false) => tr(lang, T::CliAdHocKind),
    };
    let answers = match lang {
        Lang::En => crate::desk::callbacks::answers_text(&o.answers),
        Lang::Zh => answers_zh(&o.answers),
    };
    let mut line = trf(
        lang,
        T::CliCallbackLogged,
        &[
            &o.job_no,
            &kind,
            &short(&desk.zone, o.due_at),
            &crate::i18n::cli_code(lang, &o.result.to_string()),
            &answers,
        ],
    );
    if o.still_pending {
        line += &trf(lang, T::CliStillPending, &[&o.attempts]);
    }
    match &o.revisit_job_no {
        Some(r) if o.revisit_new => line += &trf(lang, T::CliRevisitNew, &[r]),
        Some(r) => line += &trf(lang, T::CliRevisitOpen, &[r]),
        None => {}
    }
    crate::outln!("{line}");
    Ok(())
}

/// The customer's answers to a callback, in Chinese.
fn answers_zh(a: &crate::domain::voice::Answers) -> String {
    let mut parts = Vec::new();
    if let Some(x) = a.attitude {
        parts.push(trf(
            Lang::Zh,
            T::CliAnswerAttitude,
            &[&crate::i18n::code(Lang::Zh, &x.to_string())],
        ));
    }
    if let Some(x) = a.quality {
        parts.push(trf(
            Lang::Zh,
            T::CliAnswerQuality,
            &[&crate::i18n::code(Lang::Zh, &x.to_string())],
        ));
    }
    if let Some(x) = a.solved {
        let yes = if x { T::CliYes } else { T::CliNo };
        parts.push(trf(Lang::Zh, T::CliAnswerSolved, &[&tr(Lang::Zh, yes)]));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("（{}）", parts.join("，"))
    }
}
