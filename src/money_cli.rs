//! `import fees`, `import rulings`, `case …`, `delay`, `informed`
//! and the center's `cases`, `rule`, `key`, `export rulings`: thin glue
//! between the command line and the desk.

use crate::cli::ImportKind;
use crate::desk::{Desk, DeskError};
use crate::i18n::{T, cli_code, tr, trf};
use anyhow::{Context, Result, bail};
use chrono::{DateTime, FixedOffset};
use std::path::Path;

/// Prints a rejected file's problems, one line each, and the refusal.
fn rejected(e: DeskError) -> anyhow::Error {
    match e {
        DeskError::Rejected { file, problems } => {
            for p in &problems {
                crate::errln!("{file}:{p}");
            }
            anyhow::anyhow!(
                "{file}: rejected, {} problem(s); nothing was imported",
                problems.len()
            )
        }
        e => e.into(),
    }
}

pub fn import(
    desk: &mut Desk,
    what: ImportKind,
    file: &Path,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("{}", file.display()))?;
    let name = file.display().to_string();
    match what {
        ImportKind::Fees => {
            let s = desk
                .import_fees(&name, &bytes, now.to_utc())
                .map_err(rejected)?;
            crate::outln!(
                "{}",
                trf(
                    desk.lang,
                    T::CliFees,
                    &[&name, &s.rows, &s.added, &s.changed, &s.removed]
                )
            );
            Ok(())
        }
        ImportKind::Rulings => {
            let s = desk.import_rulings(&name, &bytes, now.to_utc())?;
            if s.applied.is_empty() {
                crate::outln!(
                    "{}",
                    trf(desk.lang, T::CliRulingsKnown, &[&name, &s.rulings])
                );
            } else {
                let ids = s
                    .applied
                    .iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut line = trf(
                    desk.lang,
                    T::CliRulingsApplied,
                    &[&name, &s.applied.len(), &ids],
                );
                if s.pinned {
                    line += tr(desk.lang, T::CliCenterKeyPinned);
                }
                crate::outln!("{line}");
            }
            Ok(())
        }
        _ => bail!("{name}: not a file this command imports"),
    }
}

impl crate::cli::CodeParse for crate::domain::case::CaseKind {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}
impl crate::cli::CodeParse for crate::domain::case::Decision {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}

fn code<T: crate::cli::CodeParse>(s: &str) -> Result<T, String> {
    T::parse_code(s)
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

// ---- the center ----

fn center_keys(cli: &crate::cli::Cli) -> crate::io::keys::KeyRing {
    crate::io::keys::KeyRing::Dir(crate::cli::keys_dir(cli))
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
    if cases.is_empty() {
        crate::outln!("no cases reported");
    }
    for k in &cases {
        crate::outln!(
            "{:<8} {:>4}  {:<12} {:<16} {:<15} {}",
            safe(&k.branch),
            k.case_id,
            safe(&k.job_no),
            safe(&k.kind),
            k.state,
            safe(&k.note)
        );
        if let Some(r) = &k.ruling {
            crate::outln!(
                "               ruling: {} by {} at {}{}: {}",
                r.decision,
                safe(&r.ruled_by),
                r.ruled_at,
                if r.exported_at.is_some() {
                    ", sent"
                } else {
                    ", not sent yet"
                },
                safe(&r.note)
            );
        }
    }
    Ok(())
}

pub fn center_key(center: &crate::center::Center, cli: &crate::cli::Cli) -> Result<()> {
    let k = center.key(&center_keys(cli))?;
    crate::outln!(
        "center public key  {}",
        crate::domain::signing::public_hex(&k.key)
    );
    if let Some(p) = &k.path {
        let made = if k.created { " (made now)" } else { "" };
        crate::outln!("private key        {}{made}", p.display());
    }
    crate::outln!("a branch pins it with: branchdesk config center_key HEX");
    Ok(())
}

pub fn center_export_rulings(
    center: &mut crate::center::Center,
    cli: &crate::cli::Cli,
    out: &Path,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let files = center.export_rulings(&center_keys(cli), out, now.to_utc())?;
    if files.is_empty() {
        crate::outln!("no new rulings to send");
    }
    for f in &files {
        crate::outln!(
            "{}: {} ruling(s) for branch {}",
            f.path.display(),
            f.rulings,
            f.branch
        );
    }
    Ok(())
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
