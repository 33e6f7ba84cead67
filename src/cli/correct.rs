//! `branchdesk correct job|visit|card|callback JOB_NO FIELD=VALUE… --reason T`.

use super::{CodeParse, Lang, parse_code};
use crate::desk::Desk;
use crate::domain::correction::CorrectKind;
use anyhow::{Result, anyhow};
use chrono::{DateTime, FixedOffset};

impl CodeParse for CorrectKind {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}

// The arguments of `correct`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct CorrectArgs {
    #[arg(value_parser = parse_code::<CorrectKind>)]
    pub kind: CorrectKind,
    pub job_no: String,
    /// FIELD=VALUE, one or more (a blank VALUE clears the field)
    #[arg(required = true)]
    pub fields: Vec<String>,
    /// Why the record was wrong (required; kept in the audit trail)
    #[arg(long, default_value = "")]
    pub reason: String,
}

pub fn run(desk: &mut Desk, args: &CorrectArgs, now: DateTime<FixedOffset>) -> Result<()> {
    let CorrectArgs {
        kind,
        job_no,
        fields,
        reason,
    } = args;
    let changes = crate::domain::correction::parse_assignments(fields).map_err(|e| anyhow!(e))?;
    let o = desk.correct(*kind, job_no, &changes, reason, now.to_utc())?;
    crate::outln!("{}", correction_text_in(&o, reason, desk.lang));
    Ok(())
}

/// A correction in the clerk's language.
pub fn correction_text_in(o: &crate::desk::Corrected, reason: &str, lang: Lang) -> String {
    let en = correction_text(o);
    match lang {
        Lang::En => en,
        Lang::Zh => {
            // Said as the audit's summary is (`KIND corrected: …; re-visit R
            // opened; reason: R`), which the screens already put in Chinese.
            let rest = en
                .strip_prefix(&format!("{}: ", o.job_no))
                .unwrap_or(&en)
                .replace("; re-visit job ", "; re-visit ");
            let reason = if reason.is_empty() { "-" } else { reason };
            let summary = format!("{rest}; reason: {reason}");
            format!(
                "{}：{}",
                o.job_no,
                crate::i18n::correction_summary(lang, &summary)
            )
        }
    }
}

/// What `correct` prints: the job, each field before → after, and what
/// the correction opened or cancelled.
pub fn correction_text(o: &crate::desk::Corrected) -> String {
    let fields: Vec<String> = o
        .changes
        .iter()
        .map(|c| format!("{} {:?} → {:?}", c.field, c.before, c.after))
        .collect();
    let mut line = format!("{}: {} corrected: {}", o.job_no, o.kind, fields.join(", "));
    if let Some(r) = &o.revisit_opened {
        line += &format!("; re-visit job {r} opened");
    }
    if let Some(r) = &o.revisit_cancelled {
        line += &format!("; re-visit job {r} cancelled");
    }
    line
}
