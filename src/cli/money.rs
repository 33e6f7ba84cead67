//! `case add|list|close`, `delay` and `informed`, and the cases and delays
//! part of `status` as text (the fee standard and the rulings are imported
//! by `import`, in imports.rs).

use crate::desk::Desk;
use crate::i18n::{T, cli_code, tr, trf};
use anyhow::Result;
use chrono::{DateTime, FixedOffset};

impl super::CodeParse for crate::domain::case::CaseKind {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}

fn code<T: super::CodeParse>(s: &str) -> Result<T, String> {
    T::parse_code(s)
}

// The arguments of `delay`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct DelayArgs {
    pub engineer: String,
    #[arg(long, value_parser = crate::cli::whole::<i64>)]
    pub minutes: i64,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, clap::Subcommand)]
pub enum CaseCommand {
    /// Open a case for the center's ruling on a job; prints its id
    Add {
        job_no: String,
        /// fee_waiver, payment_refused, compensation, return_exchange, damage,
        /// detention, apology_refused or entry_refused
        #[arg(long, value_parser = code::<crate::domain::case::CaseKind>)]
        kind: crate::domain::case::CaseKind,
        #[arg(long)]
        note: String,
    },
    /// The cases not closed (every one with --all)
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Close a case after acting on the center's ruling (refused before one)
    Close {
        #[arg(value_parser = crate::cli::whole::<i64>)]
        id: i64,
        #[arg(long)]
        note: String,
    },
}

pub fn case(desk: &mut Desk, what: &CaseCommand, now: DateTime<FixedOffset>) -> Result<()> {
    match what {
        CaseCommand::Add { job_no, kind, note } => {
            let id = desk.add_case(job_no, *kind, note, now.to_utc())?;
            crate::outln!(
                "{}",
                trf(
                    desk.lang,
                    T::CliCaseAdded,
                    &[&id, &cli_code(desk.lang, &kind.to_string()), job_no]
                )
            );
            Ok(())
        }
        CaseCommand::Close { id, note } => {
            let k = desk.close_case(*id, note, now.to_utc())?;
            crate::outln!(
                "{}",
                trf(
                    desk.lang,
                    T::CliCaseClosed,
                    &[id, &cli_code(desk.lang, &k.kind.to_string()), &k.job_no]
                )
            );
            Ok(())
        }
        CaseCommand::List { all, json } => {
            let cases = desk.cases(*all)?;
            if *json {
                crate::outln!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "cases": cases }))?
                );
                return Ok(());
            }
            if cases.is_empty() {
                crate::outln!("{}", tr(desk.lang, T::CliNoCases));
            }
            for k in &cases {
                crate::out!("{}", case_line(k, desk.lang));
            }
            Ok(())
        }
    }
}

/// One case as text (and its ruling under it).
pub fn case_line(k: &crate::desk::cases::CaseItem, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{T, cli_code, pad, tr, trf};
    let mut s = format!(
        "{:>4}  {:<12} {} {} {}  {}\n",
        k.id,
        k.job_no,
        pad(&cli_code(lang, k.kind.code()), 16),
        pad(&cli_code(lang, k.state.code()), 15),
        safe(&k.opened_at),
        safe(&k.note)
    );
    if let Some(r) = &k.ruling {
        s += &trf(
            lang,
            T::CliRuling,
            &[
                &cli_code(lang, &r.decision.to_string()),
                &safe(&r.ruled_by),
                &r.ruled_at,
                &safe(&r.note),
            ],
        );
        s += "\n";
    }
    if k.manager_visit {
        s += tr(lang, T::CliManagerVisits);
        s += "\n";
    }
    s
}

pub fn delay(
    desk: &mut Desk,
    engineer: &str,
    minutes: i64,
    note: &str,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let told = desk.add_delay(engineer, minutes, note, now.to_utc())?;
    if told.is_empty() {
        crate::outln!(
            "{}",
            trf(desk.lang, T::CliDelayNone, &[&engineer, &minutes])
        );
    } else {
        crate::outln!(
            "{}",
            trf(
                desk.lang,
                T::CliDelayTell,
                &[&engineer, &minutes, &told.join(", ")]
            )
        );
    }
    Ok(())
}

/// Text from the data with its control characters shown as `?` (never
/// written to the terminal as they are).
fn safe(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The cases and the customers to tell, for `status` as text.
pub fn status_text(r: &crate::desk::StatusReport, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{T, tr, trf};
    let mut s = String::new();
    if !r.cases.is_empty() {
        s += &format!("\n{}\n", trf(lang, T::CliCases, &[&r.cases.len()]));
        for k in &r.cases {
            s += &case_line(k, lang);
        }
    }
    if !r.to_inform.is_empty() {
        s += &format!("\n{}\n", trf(lang, T::CliTellDelay, &[&r.to_inform.len()]));
        for n in &r.to_inform {
            s += &format!(
                "  {:<12} {:<8} {}  +{} {}  {} {}\n",
                safe(&n.job_no),
                safe(&n.engineer),
                n.appointment_start,
                n.delay_minutes,
                tr(lang, T::CliMin),
                safe(&n.customer),
                safe(&n.phone)
            );
        }
    }
    s
}

/// `informed JOB_NO`: the customer was told of the engineer's delay.
pub fn informed(desk: &mut Desk, job_no: &str, now: DateTime<FixedOffset>) -> Result<()> {
    desk.informed(job_no, now.to_utc())?;
    crate::outln!("{}", trf(desk.lang, T::CliInformed, &[&job_no]));
    Ok(())
}
