//! The center's commands as the command line gives them: their arguments
//! (`center …`), the global options they use ([`Globals`], resolved by
//! `crate::cli`), and the printing of the rulings' commands (`center cases`,
//! `center key`, `center export rulings`). Dispatched by `cli/center.rs`.

use crate::i18n::{T, pad, tr, trf};
use anyhow::Result;
use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::Subcommand;
use std::path::{Path, PathBuf};

/// The command line's global options as the center's commands use them,
/// resolved by `crate::cli` (`--db`, `--demo`, `--operator`, `--lang`, `--keys`).
#[derive(Debug, Clone)]
pub struct Globals {
    /// The center's database file.
    pub db: PathBuf,
    /// `--demo`: the demo center (filled on first use).
    pub demo: bool,
    pub operator: String,
    pub lang: crate::i18n::Lang,
    /// Where the private signing keys are kept.
    pub keys: PathBuf,
}

pub fn db_path(g: &Globals) -> PathBuf {
    g.db.clone()
}

pub fn operator(g: &Globals) -> String {
    g.operator.clone()
}

pub fn lang(g: &Globals) -> crate::i18n::Lang {
    g.lang
}

pub fn keys_dir(g: &Globals) -> PathBuf {
    g.keys.clone()
}

#[derive(Debug, Subcommand)]
pub enum CenterCommand {
    /// Import every branch report found under DIR, each checked against its manifest
    Import { dir: PathBuf },
    /// Each expected branch's state at each check time, and its figures
    Status {
        /// Day to check (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = crate::cli::parse_day)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// The branches the center expects reports from (list, or `add CODE [NAME]`)
    Branches {
        #[command(subcommand)]
        what: Option<BranchesCommand>,
    },
    /// Record that a branch was checked at a check time, with a note
    Check {
        branch: String,
        /// Check time (HH:MM) [default: the check time that counts now]
        #[arg(long)]
        time: Option<String>,
        /// Day (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = crate::cli::parse_day)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The audit heads BRANCH's reports carried, for `audit verify --anchors` at the branch
    Anchors {
        branch: String,
        /// Write them to FILE [default: standard output]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The center's summary of every branch: DIR/center/summary-<DATE>.csv;
    /// `export rulings` the signed rulings for each branch; `export summary`
    /// the weekly or monthly rates per branch
    Export {
        #[command(subcommand)]
        what: Option<CenterExportKind>,
        /// Day (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = crate::cli::parse_day)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "exports")]
        out: PathBuf,
    },
    /// The cases the branches reported for the center's ruling
    Cases {
        #[arg(long)]
        json: bool,
    },
    /// Rule on a branch's case
    Rule {
        branch: String,
        #[arg(value_parser = crate::cli::whole::<i64>)]
        case_id: i64,
        /// approved, rejected or other
        #[arg(long, value_parser = crate::domain::case::Decision::parse)]
        decision: crate::domain::case::Decision,
        #[arg(long)]
        note: String,
    },
    /// The center's public signing key (made on first use), which signs its rulings
    Key,
}

/// `center export …`.
#[derive(Debug, Subcommand)]
pub enum CenterExportKind {
    /// Each branch's new rulings: DIR/<BRANCH>/<BRANCH>_rulings_<YYYYMMDDTHHMMSS>.json, signed
    Rulings {
        #[arg(long, default_value = "exports")]
        out: PathBuf,
    },
    /// The weekly or monthly summary of every branch (one `*` row each, from
    /// the reports held): DIR/center/summary_<week|month>_<START>.csv + .xlsx
    Summary {
        /// week (the ISO week, Monday first) or month
        #[arg(long, value_parser = crate::domain::voice::Period::parse)]
        period: crate::domain::voice::Period,
        /// A day of the period (YYYY-MM-DD) [default: today]
        #[arg(long, value_parser = crate::cli::parse_day)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "exports")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum BranchesCommand {
    /// Expect reports from a branch; `--key` pins its public signing key
    Add {
        code: String,
        name: Option<String>,
        /// The branch's public key (64 hex, from `branchdesk key` at the branch)
        #[arg(long)]
        key: Option<String>,
    },
    /// Pin another public key for a branch (a new machine, a lost key), with a reason for the audit trail
    Rekey {
        code: String,
        #[arg(long)]
        key: String,
        #[arg(long)]
        reason: String,
    },
    /// The expected branches
    List,
}

/// Text from the data with its control characters shown as `?` (never
/// written to the terminal as they are).
fn safe(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

fn center_keys(cli: &Globals) -> crate::io::keys::KeyRing {
    crate::io::keys::KeyRing::Dir(keys_dir(cli))
}

pub fn center_cases(center: &mut crate::center::Center, json: bool) -> Result<()> {
    let cases = center.cases()?;
    if json {
        crate::outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "cases": cases }))?
        );
        return Ok(());
    }
    let lang = center.lang;
    if cases.is_empty() {
        crate::outln!("{}", tr(lang, T::CliNoCasesReported));
    }
    // A code as the command line shows it: itself in English, its label
    // in Chinese.
    let c = |code: &str| crate::i18n::cli_code(lang, code);
    for k in &cases {
        crate::outln!(
            "{:<8} {:>4}  {:<12} {} {} {}",
            safe(&k.branch),
            k.case_id,
            safe(&k.job_no),
            pad(&safe(&c(&k.kind)), 16),
            pad(&c(&k.state), 15),
            safe(&k.note)
        );
        if let Some(r) = &k.ruling {
            let sent = if r.exported_at.is_some() {
                T::CliRulingSent
            } else {
                T::CliRulingNotSent
            };
            crate::outln!(
                "               {}",
                trf(
                    lang,
                    T::CliCaseRuling,
                    &[
                        &safe(&c(&r.decision)),
                        &safe(&r.ruled_by),
                        &r.ruled_at,
                        &tr(lang, sent),
                        &safe(&r.note)
                    ]
                )
            );
        }
    }
    Ok(())
}

pub fn center_key(center: &crate::center::Center, cli: &Globals) -> Result<()> {
    let k = center.key(&center_keys(cli))?;
    let lang = center.lang;
    crate::outln!(
        "{}",
        trf(
            lang,
            T::CliCenterPublicKey,
            &[&crate::domain::signing::public_hex(&k.key)]
        )
    );
    if let Some(p) = &k.path {
        let made = if k.created {
            tr(lang, T::CliKeyMadeNow)
        } else {
            ""
        };
        crate::outln!(
            "{}",
            trf(lang, T::CliCenterPrivateKey, &[&p.display(), &made])
        );
    }
    crate::outln!("{}", tr(lang, T::CliCenterPinHint));
    Ok(())
}

pub fn center_export_rulings(
    center: &mut crate::center::Center,
    cli: &Globals,
    out: &Path,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let files = center.export_rulings(&center_keys(cli), out, now.to_utc())?;
    let lang = center.lang;
    if files.is_empty() {
        crate::outln!("{}", tr(lang, T::CliNoNewRulings));
    }
    for f in &files {
        crate::outln!(
            "{}",
            trf(
                lang,
                T::CliRulingsWritten,
                &[&f.path.display(), &f.rulings, &f.branch]
            )
        );
    }
    Ok(())
}
