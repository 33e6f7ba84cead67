//! `branchdesk` (the dashboard, or its content as text off a terminal),
//! `branchdesk status` and `branchdesk overdue`.

use super::{Cli, Lang, data_dir, lang};
use crate::desk::{Desk, StatusReport};
use crate::domain::time::{Ts, short};
use anyhow::Result;
use chrono::{DateTime, FixedOffset};

/// `status`: the dashboard's content as JSON (streamed) or as text.
pub fn status(desk: &mut Desk, json: bool, lang: Lang, now: DateTime<FixedOffset>) -> Result<()> {
    let report = desk.status(now)?;
    if json {
        crate::domain::text::out_json(&report)?;
    } else {
        crate::out!("{}", status_text(&report, lang));
    }
    Ok(())
}

/// `overdue` on a branch's database.
pub fn overdue(desk: &mut Desk, json: bool, now: DateTime<FixedOffset>) -> Result<()> {
    print_overdue(&desk.overdue_callbacks(now.to_utc())?, json, desk.lang)
}

/// The dashboard, or the same content as text when not on a terminal.
pub fn dashboard(desk: &mut Desk, cli: &Cli, now: DateTime<FixedOffset>) -> Result<()> {
    if !crate::tui::on_terminal() {
        // Not a terminal (a pipe, a script): the same content as text.
        crate::out!("{}", status_text(&desk.status(now)?, lang(cli)));
        return Ok(());
    }
    // The first start of each local day takes a backup; a crash
    // of the screens leaves its report in the data folder.
    if let Err(e) = desk.daily_backup(now.to_utc()) {
        crate::errln!("branchdesk: the daily backup failed: {e}");
    }
    crate::tui::set_crash_dir(data_dir());
    crate::tui::set_mouse(desk.setting(crate::store::settings::MOUSE)?.as_deref());
    // The clock starts at `now` (`--now` or the wall clock) and ticks on.
    crate::tui::run(desk, lang(cli), now)
}

/// `overdue`, as JSON (`{"overdue": [...]}`) or one line per callback:
/// a branch's list, or a center's from its branches' reports.
pub fn print_overdue(
    items: &[crate::desk::supervise::OverdueCallback],
    json: bool,
    lang: Lang,
) -> Result<()> {
    use crate::i18n::{T, tr, trf};
    if json {
        crate::outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "overdue": items }))?
        );
    } else if items.is_empty() {
        crate::outln!("{}", tr(lang, T::CliNoOverdue));
    } else {
        for o in items {
            let escalation = match &o.escalation {
                Some(e) if e.state.is_escalated() => {
                    let mut s = trf(lang, T::CliEscalatedTo, &[&e.to, &e.by, &e.at]);
                    if let (Some(at), Some(by)) = (&e.resolved_at, &e.resolved_by) {
                        s += &trf(lang, T::CliResolvedBy, &[by, at]);
                    }
                    s
                }
                Some(e) => trf(lang, T::CliAcknowledged, &[&e.by, &e.at]),
                None => String::new(),
            };
            crate::outln!(
                "{:<14} {:<3} {}  {}  {}  {}  {}  {}  {}{escalation}",
                o.job_no,
                o.kind.map(|k| k.code()).unwrap_or("-"),
                trf(lang, T::CliDue, &[&o.due_at]),
                trf(
                    lang,
                    T::CliOverdueTime,
                    &[
                        &(o.overdue_minutes / 60),
                        &format!("{:02}", o.overdue_minutes % 60)
                    ]
                ),
                trf(lang, T::CliAttempts, &[&o.attempts]),
                o.engineer,
                o.branch,
                o.customer,
                o.phone
            );
        }
    }
    Ok(())
}

/// `status` as text for people, in the clerk's language (the English text
/// is the one scripts have always read).
pub fn status_text(r: &StatusReport, lang: Lang) -> String {
    use crate::i18n::{T, pad, tr, trf};
    use std::fmt::Write;
    let c = |x: &str| crate::i18n::cli_code(lang, x);
    let late_time = |m: i64| {
        trf(
            lang,
            T::CliOverdueTime,
            &[&(m / 60), &format!("{:02}", m % 60)],
        )
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        trf(
            lang,
            T::CliStatusHead,
            &[&r.branch.as_deref().unwrap_or("-"), &r.date, &r.now]
        )
    );
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliTodayJobs, &[&r.today_jobs.len()])
    );
    for j in &r.today_jobs {
        let late = match j.late_minutes {
            Some(m) if j.late_flag => trf(lang, T::CliLateFlag, &[&m]),
            Some(m) => trf(lang, T::CliLate, &[&m]),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "  {:<14} {} {} {} {}{late}",
            j.job_no,
            pad(&c(j.status.code()), 18),
            pad(&j.engineer, 8),
            pad(&j.customer, 8),
            j.product_model
        );
    }
    let _ = writeln!(s, "\n{}", trf(lang, T::CliToBook, &[&r.open_jobs.len()]));
    for j in &r.open_jobs {
        let since = j.since.get(..16).unwrap_or(&j.since).replace('T', " ");
        let _ = writeln!(
            s,
            "  {:<14} {} {}  {} {} {}",
            j.job_no,
            pad(&c(j.reason.code()), 18),
            trf(lang, T::CliSince, &[&since]),
            pad(&j.engineer, 8),
            pad(&j.customer, 8),
            j.phone
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliCallbacksPending, &[&r.callbacks_pending.len()])
    );
    for cb in &r.callbacks_pending {
        let when = if cb.overdue {
            late_time(cb.overdue_minutes)
        } else {
            tr(lang, T::CliPending).to_string()
        };
        let _ = writeln!(
            s,
            "  {:<14} {:<3} {}  {} {}  {} {}",
            cb.job_no,
            cb.kind.map(|k| k.code()).unwrap_or("-"),
            trf(lang, T::CliDue, &[&cb.due_at]),
            pad(&when, 14),
            trf(lang, T::CliAttempts, &[&cb.attempts]),
            cb.customer,
            cb.phone
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliFollowups, &[&r.followups_pending.len()])
    );
    for f in &r.followups_pending {
        let when = if f.overdue {
            late_time(f.overdue_minutes)
        } else {
            tr(lang, T::CliPending).to_string()
        };
        let _ = writeln!(
            s,
            "  {:<14} {}  {} {}  {} {} {}",
            f.job_no,
            trf(lang, T::CliDue, &[&f.due_at]),
            pad(&when, 14),
            trf(lang, T::CliAttempts, &[&f.attempts]),
            f.engineer,
            f.customer,
            f.phone
        );
    }
    if !r.repeats.is_empty() {
        let _ = writeln!(s, "\n{}", trf(lang, T::CliRepeats, &[&r.repeats.len()]));
        for x in &r.repeats {
            let _ = writeln!(
                s,
                "  {:<14} {}",
                x.job_no,
                trf(
                    lang,
                    T::CliRepeatOf,
                    &[&x.repeat_of, &x.days, &x.engineer_before]
                )
            );
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliCards, &[&r.cards_awaiting_signature.len()])
    );
    for cd in &r.cards_awaiting_signature {
        let _ = writeln!(
            s,
            "  {:<14} {} {} {}",
            cd.job_no,
            pad(&c(cd.card_state.code()), 10),
            pad(&cd.engineer, 8),
            cd.customer
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        trf(lang, T::CliDiscrepancies, &[&r.discrepancies.len()])
    );
    for d in &r.discrepancies {
        let gone = if d.cause_gone {
            tr(lang, T::CliCauseGone)
        } else {
            ""
        };
        let detail = match lang {
            Lang::En => d.detail.clone(),
            Lang::Zh => crate::i18n::discrepancy_detail(lang, &d.detail),
        };
        let _ = writeln!(
            s,
            "  {:<14} {} {} {} {detail}{gone}",
            d.job_no,
            pad(&c(d.kind.code()), 24),
            pad(&c(d.status.code()), 8),
            pad(&d.engineer, 8),
        );
    }
    let _ = writeln!(s, "\n{}", trf(lang, T::CliToVerify, &[&r.to_verify.len()]));
    for v in &r.to_verify {
        let missing: Vec<String> = v.missing.iter().map(|m| column_word(lang, m)).collect();
        let _ = writeln!(
            s,
            "  {:<14} {}",
            v.job_no,
            trf(lang, T::CliMissing, &[&missing.join(", ")])
        );
    }
    if !r.conflicts.is_empty() {
        let _ = writeln!(s, "\n{}", trf(lang, T::CliConflicts, &[&r.conflicts.len()]));
        for cf in &r.conflicts {
            let _ = writeln!(
                s,
                "  {} {} {}–{}: {}",
                cf.date,
                cf.engineer,
                &cf.from[11..16],
                &cf.to[11..16],
                trf(
                    lang,
                    T::CliOverlap,
                    &[&cf.job_nos.len(), &conflict_jobs(&cf.job_nos, 8)]
                )
            );
        }
    }
    s += &super::complaints::status_text(r, lang);
    s += &super::money::status_text(r, lang);
    s
}

/// A column name as a clerk reads it (the name itself in English).
fn column_word(lang: Lang, column: &str) -> String {
    match lang {
        Lang::En => column.to_string(),
        Lang::Zh => crate::i18n::column_label(lang, column),
    }
}

/// The jobs of a conflict group, the first few named (a wrong dispatch file
/// can put thousands in one).
pub fn conflict_jobs(jobs: &[String], shown: usize) -> String {
    let mut s = jobs[..jobs.len().min(shown)].join(", ");
    if jobs.len() > shown {
        s += &format!(" … (+{})", jobs.len() - shown);
    }
    s
}

/// Formats `Ts` for messages (used by callers that hold a zone).
pub fn local_short(desk: &Desk, t: Ts) -> String {
    short(&desk.zone, t)
}
