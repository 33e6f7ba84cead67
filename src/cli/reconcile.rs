//! `branchdesk reconcile` (the daily reconciliation) and `branchdesk resolve`
//! (a discrepancy resolved).

use super::{CodeParse, parse_code, parse_day};
use crate::desk::Desk;
use crate::domain::reconcile::{DiscrepancyKind, Resolution};
use crate::domain::time::hhmm;
use crate::i18n::{T, tr, trf};
use anyhow::Result;
use chrono::{DateTime, FixedOffset, NaiveDate};

impl CodeParse for DiscrepancyKind {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}
impl CodeParse for Resolution {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}

// The arguments of `reconcile`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// Day to reconcile (YYYY-MM-DD) [default: today]
    #[arg(long, value_parser = parse_day)]
    pub date: Option<NaiveDate>,
    #[arg(long)]
    pub json: bool,
}

// The arguments of `resolve`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    pub job_no: String,
    #[arg(value_parser = parse_code::<DiscrepancyKind>)]
    pub kind: DiscrepancyKind,
    #[arg(long, value_parser = parse_code::<Resolution>)]
    pub resolution: Resolution,
    #[arg(long, default_value = "")]
    pub note: String,
}

pub fn reconcile(desk: &mut Desk, args: &ReconcileArgs, now: DateTime<FixedOffset>) -> Result<()> {
    let ReconcileArgs { date, json } = args;
    let date = date.unwrap_or(now.date_naive());
    let r = desk.reconcile(date, now.to_utc())?;
    if *json {
        crate::outln!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    let new = r.found.iter().filter(|f| f.new).count();
    let lang = desk.lang;
    let c = |x: &str| crate::i18n::cli_code(lang, x);
    crate::outln!(
        "{}",
        trf(
            lang,
            T::CliReconciled,
            &[
                &r.date,
                &hhmm(&desk.zone, r.cutoff),
                &r.jobs_checked,
                &r.found.len(),
                &new
            ]
        )
    );
    if r.before_cutoff {
        crate::outln!(
            "{}",
            trf(
                lang,
                T::CliBeforeCutoff,
                &[&r.cards_out, &hhmm(&desk.zone, r.cutoff)]
            )
        );
    }
    for f in &r.found {
        crate::outln!(
            "  {} {:<14} {} {} {}",
            crate::i18n::pad(&c(f.kind.code()), 24),
            f.job_no,
            crate::i18n::pad(&f.engineer, 10),
            crate::i18n::pad(
                &if f.new {
                    tr(lang, T::CliNew).to_string()
                } else {
                    c(f.status.code())
                },
                8
            ),
            crate::i18n::discrepancy_detail(lang, &f.detail)
        );
    }
    Ok(())
}

pub fn resolve(desk: &mut Desk, args: &ResolveArgs, now: DateTime<FixedOffset>) -> Result<()> {
    let ResolveArgs {
        job_no,
        kind,
        resolution,
        note,
    } = args;
    desk.resolve(job_no, *kind, *resolution, note, now.to_utc())?;
    crate::outln!(
        "{}",
        trf(
            desk.lang,
            T::CliResolved,
            &[
                job_no,
                &crate::i18n::cli_code(desk.lang, &kind.to_string()),
                &crate::i18n::cli_code(desk.lang, &resolution.to_string())
            ]
        )
    );
    Ok(())
}
