//! `branchdesk export daily` (the day's report for the center) and
//! `branchdesk export summary` (the weekly or monthly rates).

use super::{CodeParse, parse_code, parse_day};
use crate::desk::Desk;
use crate::i18n::{T, trf};
use anyhow::Result;
use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::Subcommand;
use std::path::PathBuf;

impl CodeParse for crate::domain::voice::Period {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}

#[derive(Debug, Subcommand)]
pub enum ExportKind {
    /// The day's report: DIR/<BRANCH>/<BRANCH>_<DATE>.csv and its manifest
    Daily {
        /// Day to report (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// Folder of reports
        #[arg(long, default_value = "exports")]
        out: PathBuf,
    },
    /// The weekly or monthly summary (周报/月报): the rates per engineer and
    /// for the branch, DIR/<BRANCH>/<BRANCH>_summary_<week|month>_<START>.csv + .xlsx
    Summary {
        /// week (the ISO week, Monday first) or month
        #[arg(long, value_parser = parse_code::<crate::domain::voice::Period>)]
        period: crate::domain::voice::Period,
        /// A day of the period (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// Folder of reports
        #[arg(long, default_value = "exports")]
        out: PathBuf,
    },
}

pub fn run(desk: &mut Desk, what: &ExportKind, now: DateTime<FixedOffset>) -> Result<()> {
    match what {
        ExportKind::Daily { date, out } => {
            let date = date.unwrap_or(now.date_naive());
            let e = desk.export_daily(out, date, now.to_utc())?;
            let lang = desk.lang;
            crate::outln!(
                "{}",
                trf(
                    lang,
                    T::CliExported,
                    &[
                        &e.csv.display(),
                        &e.rows,
                        &e.generation,
                        &e.manifest.display()
                    ]
                )
            );
            crate::outln!("{}", trf(lang, T::CliXlsxForPeople, &[&e.xlsx.display()]));
            if let Some(g) = e.found_in_folder {
                crate::outln!("{}", trf(lang, T::CliGenerationFound, &[&g]));
            }
            if let Some(key) = &e.key_made {
                crate::outln!("{}", trf(lang, T::CliNewKey, &[&key.display()]));
            }
            Ok(())
        }
        ExportKind::Summary { period, date, out } => {
            let date = date.unwrap_or(now.date_naive());
            let e = desk.export_summary(out, *period, date, now.to_utc())?;
            crate::outln!(
                "{}",
                trf(
                    desk.lang,
                    T::CliSummaryExported,
                    &[&e.csv.display(), &e.rows, &e.first, &e.last]
                )
            );
            crate::outln!("{}", trf(desk.lang, T::CliForPeople, &[&e.xlsx.display()]));
            Ok(())
        }
    }
}
