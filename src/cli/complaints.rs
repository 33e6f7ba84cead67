//! `branchdesk complaint add|respond|settle|list`, and the
//! complaint part of `status` as text.

use super::CodeParse;
use crate::desk::complaints::{ComplaintInput, ComplaintItem};
use crate::desk::{Desk, StatusReport};
use crate::domain::complaint::{Category, Settlement, Source};
use crate::domain::time::short;
use crate::i18n::{T, tr, trf};
use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use clap::Subcommand;

impl CodeParse for Source {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}
impl CodeParse for Category {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}
impl CodeParse for Settlement {
    fn parse_code(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}

fn code<T: CodeParse>(s: &str) -> Result<T, String> {
    T::parse_code(s)
}

#[derive(Debug, Subcommand)]
pub enum ComplaintCommand {
    /// Record a complaint received now; prints its id
    Add {
        /// The job it is about (none: a complaint about no job in particular)
        job_no: Option<String>,
        /// hotline, callback, center, walk_in or letter
        #[arg(long, value_parser = code::<Source>)]
        source: Source,
        /// attitude, quality, charge, delay, forgery or other
        #[arg(long, value_parser = code::<Category>)]
        category: Category,
        #[arg(long)]
        note: String,
        /// The customer [default: the job's]
        #[arg(long, default_value = "")]
        customer: String,
        /// The customer's phone [default: the job's]
        #[arg(long, default_value = "")]
        phone: String,
    },
    /// Record the answer given to the customer (due within complaint_response_hours)
    Respond {
        #[arg(value_parser = crate::cli::whole::<i64>)]
        id: i64,
        #[arg(long)]
        note: String,
    },
    /// Settle a complaint (due within complaint_settle_days)
    Settle {
        #[arg(value_parser = crate::cli::whole::<i64>)]
        id: i64,
        /// apology, revisit, refund, compensation, penalty or no_fault
        #[arg(long, value_parser = code::<Settlement>)]
        resolution: Settlement,
        #[arg(long)]
        note: String,
        /// The engineer it counts against [default: the job's]
        #[arg(long)]
        engineer: Option<String>,
    },
    /// The complaints not settled (every one with --all)
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(desk: &mut Desk, cmd: &ComplaintCommand, now: DateTime<FixedOffset>) -> Result<()> {
    let zone = desk.zone;
    let now = now.to_utc();
    match cmd {
        ComplaintCommand::Add {
            job_no,
            source,
            category,
            note,
            customer,
            phone,
        } => {
            let input = ComplaintInput {
                job_no: job_no.clone().unwrap_or_default(),
                source: Some(*source),
                category: Some(*category),
                note: note.clone(),
                customer: customer.clone(),
                phone: phone.clone(),
            };
            let id = desk.add_complaint(&input, now)?;
            let k = desk.store.read(crate::desk::complaints::commitments)?;
            let (respond_by, settle_by) =
                k.deadlines(crate::domain::time::from_unix(now.timestamp()));
            crate::outln!(
                "{}",
                trf(
                    desk.lang,
                    T::CliComplaintAdded,
                    &[&id, &short(&zone, respond_by), &short(&zone, settle_by)]
                )
            );
        }
        ComplaintCommand::Respond { id, note } => {
            let c = desk.respond_complaint(*id, note, now)?;
            let late = if now > c.facts.respond_by {
                tr(desk.lang, T::CliAfterRespondBy)
            } else {
                ""
            };
            crate::outln!(
                "{}",
                trf(
                    desk.lang,
                    T::CliComplaintResponded,
                    &[id, &late, &short(&zone, c.facts.settle_by)]
                )
            );
        }
        ComplaintCommand::Settle {
            id,
            resolution,
            note,
            engineer,
        } => {
            let c = desk.settle_complaint(*id, *resolution, note, engineer.as_deref(), now)?;
            let late = if c.facts.settled_at.is_some_and(|t| t > c.facts.settle_by) {
                tr(desk.lang, T::CliAfterSettleBy)
            } else {
                ""
            };
            crate::outln!(
                "{}",
                trf(
                    desk.lang,
                    T::CliComplaintSettled,
                    &[
                        id,
                        &crate::i18n::cli_code(desk.lang, &resolution.to_string()),
                        &late
                    ]
                )
            );
        }
        ComplaintCommand::List { all, json } => {
            let items = desk.complaints(*all, now)?;
            if *json {
                crate::outln!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "complaints": items }))?
                );
            } else if items.is_empty() {
                crate::outln!("{}", tr(desk.lang, T::CliNoComplaints));
            } else {
                for c in &items {
                    crate::outln!("{}", line(c, desk.lang));
                }
            }
        }
    }
    Ok(())
}

/// `YYYY-MM-DD HH:MM` of an RFC 3339 time the report wrote (already in the
/// branch's zone).
fn minutes(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ")
}

fn line(c: &ComplaintItem, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{T, cli_code, pad, tr, trf};
    let mut flags = Vec::new();
    if c.response_overdue {
        flags.push(tr(lang, T::CliResponseOverdue));
    }
    if c.settlement_overdue {
        flags.push(tr(lang, T::CliSettlementOverdue));
    }
    format!(
        "  {:>4} {:<14} {} {} {} {}  {}  {} {}  {}{}",
        c.id,
        c.job_no.as_deref().unwrap_or("-"),
        pad(&cli_code(lang, c.state.code()), 9),
        pad(&cli_code(lang, c.source.code()), 9),
        pad(&cli_code(lang, c.category.code()), 9),
        trf(lang, T::CliRespondBy, &[&minutes(&c.respond_by)]),
        trf(lang, T::CliSettleBy, &[&minutes(&c.settle_by)]),
        pad(
            if c.engineer.is_empty() {
                "-"
            } else {
                &c.engineer
            },
            8
        ),
        c.customer,
        c.note,
        if flags.is_empty() {
            String::new()
        } else {
            format!("  {}", flags.join(", "))
        }
    )
}

/// The supervisor's complaints unanswered past `respond_by` and the jobs
/// past their on-site promise, as text.
pub fn supervise_text(
    s: &crate::desk::supervise::Supervision,
    now: crate::domain::time::Ts,
    lang: crate::i18n::Lang,
) -> String {
    use crate::i18n::{T, cli_code, trf};
    use std::fmt::Write;
    let mut out = String::new();
    let late: Vec<_> = s
        .complaints
        .iter()
        .filter(|c| c.facts.response_overdue(now))
        .collect();
    let _ = writeln!(out, "{}", trf(lang, T::SupTxtComplaints, &[&late.len()]));
    for c in late {
        let m = crate::domain::callback::overdue_minutes(c.facts.respond_by, now);
        let engineer = if c.engineer.is_empty() {
            "-"
        } else {
            &c.engineer
        };
        let _ = writeln!(
            out,
            "{}",
            trf(
                lang,
                T::SupTxtComplaintRow,
                &[
                    &format!("{:>4}", c.id),
                    &format!("{:<14}", c.job_no.as_deref().unwrap_or("-")),
                    &crate::i18n::pad(engineer, 8),
                    &(m / 60),
                    &format!("{:02}", m % 60),
                    &cli_code(lang, c.category.code()),
                    &c.note,
                ]
            )
        );
    }
    let _ = writeln!(
        out,
        "{}",
        trf(lang, T::SupTxtOnsite, &[&s.onsite_late.len()])
    );
    for o in &s.onsite_late {
        let m = crate::domain::callback::overdue_minutes(o.due_ts, now);
        let _ = writeln!(
            out,
            "{}",
            trf(
                lang,
                T::SupTxtOnsiteRow,
                &[
                    &format!("{:<14}", o.job_no),
                    &crate::i18n::pad(&o.engineer, 8),
                    &minutes(&o.due_at),
                    &(m / 60),
                    &format!("{:02}", m % 60),
                ]
            )
        );
    }
    out
}

/// The complaint part of `status` as text: the complaints not settled and
/// the jobs past their on-site commitment.
pub fn status_text(r: &StatusReport, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{T, trf};
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliComplaints, &[&r.complaints.len()])
    );
    for c in &r.complaints {
        let _ = writeln!(s, "{}", line(c, lang));
    }
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliPastOnsite, &[&r.response_overdue.len()])
    );
    for o in &r.response_overdue {
        let _ = writeln!(
            s,
            "  {:<14} {} {}  {}  {}",
            o.job_no,
            crate::i18n::pad(&o.engineer, 8),
            trf(lang, T::CliReceived, &[&minutes(&o.received_at)]),
            trf(lang, T::CliDue, &[&minutes(&o.due_at)]),
            trf(
                lang,
                T::CliOverdueTime,
                &[
                    &(o.overdue_minutes / 60),
                    &format!("{:02}", o.overdue_minutes % 60)
                ]
            )
        );
    }
    s
}
