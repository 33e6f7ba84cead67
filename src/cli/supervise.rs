//! `branchdesk supervise`: the supervisor's screen, or its content as text.

use super::{Cli, lang};
use crate::desk::Desk;
use crate::domain::time::{Ts, short};
use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use clap::ValueEnum;

// The arguments of `supervise`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct SuperviseArgs {
    /// The scorecard's period: today, 7d or 30d
    #[arg(long, value_enum, default_value = "today")]
    pub period: PeriodArg,
}

/// `--period` of `supervise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Today,
    #[value(name = "7d")]
    Days7,
    #[value(name = "30d")]
    Days30,
}

impl From<PeriodArg> for crate::domain::scorecard::Period {
    fn from(p: PeriodArg) -> Self {
        match p {
            PeriodArg::Today => Self::Today,
            PeriodArg::Days7 => Self::Days7,
            PeriodArg::Days30 => Self::Days30,
        }
    }
}

/// The supervisor's screen, or the same content as text when not on a
/// terminal.
pub fn run(
    desk: &mut Desk,
    args: &SuperviseArgs,
    cli: &Cli,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let period: crate::domain::scorecard::Period = args.period.into();
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        // The same loader as the screen: a center's database gives the
        // center's view across its branches.
        let s = crate::center::supervise::review(desk, now, period)?;
        crate::out!("{}", supervise_text(&s, now.to_utc(), &desk.zone));
        return Ok(());
    }
    crate::tui::set_mouse(desk.setting(crate::store::settings::MOUSE)?.as_deref() != Some("off"));
    crate::tui::supervise::run(desk, lang(cli), now, period)
}

/// "n/d p%", or "-" when nothing is under the rate.
fn share(n: u64, d: u64) -> String {
    match crate::domain::voice::rate(n, d) {
        Some(r) => format!("{n}/{d} {:.0}%", r * 100.0),
        None => "-".into(),
    }
}

/// The rates of the period, one line per engineer and the
/// branch, each rate with both numbers behind it.
fn voice_text(t: &crate::desk::summary::VoiceTable) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nRates (callbacks and follow-ups due, answered, satisfied; cards; repeats; on site in 24 h; discipline)"
    );
    let line = |who: &str,
                v: &crate::domain::voice::Voice,
                d: Option<&crate::desk::summary::Discipline>| {
        let stage = d
            .and_then(|d| {
                d.stage
                    .map(|s| format!("{s} ({})", d.upheld_complaints + d.penalties))
            })
            .unwrap_or_else(|| "-".into());
        format!(
            "  {} callback {}  satisfied {}  attitude {}  quality {}  solved {}  card {}  repeat {}  on-site 24h {}  late {}  complaints {}  discipline {}\n",
            crate::i18n::pad(who, 10),
            share(v.callbacks_answered, v.callbacks_due),
            share(v.satisfied, v.callbacks_answered),
            share(v.attitude_satisfied, v.attitude_answered),
            share(v.quality_satisfied, v.quality_answered),
            share(v.solved_yes, v.solved_answered),
            share(v.card_satisfied, v.cards_back),
            share(v.repeats, v.onsite_jobs),
            share(v.onsite_24h, v.onsite_jobs),
            v.late_arrivals,
            v.complaints,
            stage
        )
    };
    for (who, v) in &t.engineers {
        out += &line(
            if who.is_empty() { "-" } else { who },
            v,
            t.discipline.get(who),
        );
    }
    out += &line("*", &t.branch, None);
    out
}

/// `supervise` as text for people and scripts.
pub fn supervise_text(
    s: &crate::desk::supervise::Supervision,
    now: Ts,
    zone: &crate::domain::time::Zone,
) -> String {
    use crate::desk::supervise::Suspicion;
    use std::fmt::Write;
    let mut out = String::new();
    let overdue: Vec<_> = s
        .pending
        .iter()
        .filter(|p| crate::domain::callback::is_overdue(p.due_ts, now))
        .collect();
    match &s.center {
        None => {
            let _ = writeln!(
                out,
                "supervisor's review  branch {}  {} .. {}",
                s.branch.as_deref().unwrap_or("-"),
                s.first_day,
                s.today
            );
        }
        Some(branches) => {
            let _ = writeln!(
                out,
                "supervisor's review  center: {} branches ({})  {} .. {}\n\
                 (from the branches' daily reports; escalations are made at the branch)",
                branches.len(),
                branches.join(", "),
                s.first_day,
                s.today
            );
        }
    }
    let _ = writeln!(out, "\nOverdue callbacks ({})", overdue.len());
    for p in &overdue {
        let m = crate::domain::callback::overdue_minutes(p.due_ts, now);
        let _ = writeln!(
            out,
            "  {:<14} {:<3} overdue {}:{:02}  attempts {}  {}  {}  {}",
            p.job_no,
            p.kind.map(|k| k.code()).unwrap_or("-"),
            m / 60,
            m % 60,
            p.attempts,
            p.engineer,
            p.branch,
            p.escalation_state
        );
    }
    out += &super::complaints::supervise_text(s, now);
    let _ = writeln!(out, "\nSuspected forgeries ({})", s.forgeries.len());
    for f in &s.forgeries {
        let why: Vec<String> = f
            .suspicions
            .iter()
            .map(|x| match x {
                Suspicion::Discrepancy { kind, status, .. } => format!("{kind} ({status})"),
                Suspicion::Denied { .. } if f.report.is_some() => "denies_signature".to_string(),
                Suspicion::Denied { at, .. } => format!("denies_signature {}", short(zone, *at)),
            })
            .collect();
        if let Some(r) = &f.report {
            let _ = writeln!(
                out,
                "  {:<14} {} {} {}; card {}; callback {} {} attempts {} (report {})",
                f.job_no,
                f.branch,
                crate::i18n::pad(&f.engineer, 8),
                why.join(", "),
                or_dash(&r.card_state),
                or_dash(&r.callback_kind),
                or_dash(&r.callback_result),
                or_dash(&r.callback_attempts),
                r.report_date
            );
            continue;
        }
        let card = f
            .card
            .as_ref()
            .map(|c| {
                format!(
                    "card {} signed by {}",
                    c.satisfaction.map(|s| s.code()).unwrap_or("-"),
                    c.signed_by.map(|s| s.code()).unwrap_or("-")
                )
            })
            .unwrap_or_else(|| "no card".into());
        let _ = writeln!(
            out,
            "  {:<14} {} {}; {card}",
            f.job_no,
            crate::i18n::pad(&f.engineer, 8),
            why.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nEngineers ({} .. {})\n  {:<10} {:>5} {:>8} {:>8} {:>8} {:>6} {:>8} {:>5} {:>6} {:>6} {:>7}",
        s.first_day,
        s.today,
        "engineer",
        "jobs",
        "1st fix",
        "cb late",
        "late now",
        "unsat",
        "revisits",
        "late",
        "discr",
        "compl",
        "on-site"
    );
    for e in &s.scores {
        let fix = e
            .first_visit_fix_percent()
            .map(|p| format!("{p}%"))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "  {} {:>5} {:>8} {:>8} {:>8} {:>6} {:>8} {:>5} {:>6} {:>6} {:>7}",
            crate::i18n::pad(&e.engineer, 10),
            e.jobs,
            fix,
            e.callbacks_overdue,
            e.overdue_now,
            e.unsatisfied,
            e.revisits,
            e.late_arrivals,
            e.discrepancies_total(),
            e.complaints,
            e.onsite_percent()
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| "-".into())
        );
    }
    if let Some(v) = &s.voice {
        out.push_str(&voice_text(v));
    }
    let _ = writeln!(out, "\nRe-visit chains ({})", s.chains.len());
    for c in &s.chains {
        let path: Vec<&str> = c.links.iter().map(|l| l.job_no.as_str()).collect();
        let _ = writeln!(
            out,
            "  {:<30} {} visits  {}",
            path.join(" -> "),
            c.visits,
            if c.satisfied {
                "satisfied"
            } else {
                "not yet satisfied"
            }
        );
    }
    let _ = writeln!(out, "\nEscalated and acknowledged ({})", s.acted.len());
    for a in &s.acted {
        let e = &a.escalation;
        let what = match (a.discrepancy_kind, a.callback_due) {
            (Some(k), _) => k.code().to_string(),
            (None, Some(due)) => format!("callback due {}", short(zone, due)),
            (None, None) => "job".to_string(),
        };
        let mut line = format!("  {:<14} {:<24} {}", a.job_no, what, e.state.code());
        if e.state.is_escalated() {
            line += &format!(" to {}", e.to);
        }
        line += &format!(" by {} at {}", e.by, e.at);
        if let (Some(by), Some(at)) = (&e.resolved_by, &e.resolved_at) {
            line += &format!("; resolved by {by} at {at}");
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() { "-" } else { s }
}
