//! `branchdesk supervise`: the supervisor's screen, or its content as text.

use super::{Cli, lang};
use crate::desk::Desk;
use crate::domain::time::{Ts, short};
use crate::i18n::{Lang, T, cli_code, tr, trf};
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
    if !crate::tui::on_terminal() {
        // The same loader as the screen: a center's database gives the
        // center's view across its branches.
        let s = crate::center::supervise::review(desk, now, period)?;
        print_supervise_text(&s, now.to_utc(), &desk.zone, desk.lang);
        return Ok(());
    }
    crate::tui::set_mouse(desk.setting(crate::store::settings::MOUSE)?.as_deref());
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
fn write_voice_text(
    out: &mut dyn std::fmt::Write,
    t: &crate::desk::summary::VoiceTable,
    lang: Lang,
) {
    let _ = writeln!(out, "{}", tr(lang, T::SupTxtRates));
    let line = |who: &str,
                v: &crate::domain::voice::Voice,
                d: Option<&crate::desk::summary::Discipline>| {
        let stage = d
            .and_then(|d| {
                d.stage.map(|s| {
                    let s = cli_code(lang, &s.to_string());
                    format!("{s} ({})", d.upheld_complaints + d.penalties)
                })
            })
            .unwrap_or_else(|| "-".into());
        trf(
            lang,
            T::SupTxtRateRow,
            &[
                &crate::i18n::pad(who, 10),
                &share(v.callbacks_answered, v.callbacks_due),
                &share(v.satisfied, v.callbacks_answered),
                &share(v.attitude_satisfied, v.attitude_answered),
                &share(v.quality_satisfied, v.quality_answered),
                &share(v.solved_yes, v.solved_answered),
                &share(v.card_satisfied, v.cards_back),
                &share(v.repeats, v.onsite_jobs),
                &share(v.onsite_24h, v.onsite_jobs),
                &v.late_arrivals,
                &v.complaints,
                &stage,
            ],
        ) + "\n"
    };
    for (who, v) in &t.engineers {
        let _ = out.write_str(&line(
            if who.is_empty() { "-" } else { who },
            v,
            t.discipline.get(who),
        ));
    }
    let _ = out.write_str(&line("*", &t.branch, None));
}

/// `supervise` as text for people and scripts, printed as it is made (a
/// national center's overdue callbacks run to tens of megabytes of text).
pub fn print_supervise_text(
    s: &crate::desk::supervise::Supervision,
    now: Ts,
    zone: &crate::domain::time::Zone,
    lang: Lang,
) {
    write_supervise_text(&mut crate::domain::text::out_text(), s, now, zone, lang);
}

/// [`print_supervise_text`]'s text, written to `out` a line at a time.
fn write_supervise_text(
    out: &mut dyn std::fmt::Write,
    s: &crate::desk::supervise::Supervision,
    now: Ts,
    zone: &crate::domain::time::Zone,
    lang: Lang,
) {
    use crate::desk::supervise::Suspicion;
    let overdue: Vec<_> = s
        .pending
        .iter()
        .filter(|p| crate::domain::callback::is_overdue(p.due_ts, now))
        .collect();
    match &s.center {
        None => {
            let _ = writeln!(
                out,
                "{}",
                trf(
                    lang,
                    T::SupTxtBranch,
                    &[&s.branch.as_deref().unwrap_or("-"), &s.first_day, &s.today]
                )
            );
        }
        Some(branches) => {
            let _ = writeln!(
                out,
                "{}",
                trf(
                    lang,
                    T::SupTxtCenter,
                    &[
                        &branches.len(),
                        &branches.join(", "),
                        &s.first_day,
                        &s.today
                    ]
                )
            );
        }
    }
    let _ = writeln!(out, "{}", trf(lang, T::SupTxtOverdue, &[&overdue.len()]));
    for p in &overdue {
        let m = crate::domain::callback::overdue_minutes(p.due_ts, now);
        let kind = p.kind.map(|k| cli_code(lang, k.code()));
        let _ = writeln!(
            out,
            "{}",
            trf(
                lang,
                T::SupTxtOverdueRow,
                &[
                    &format!("{:<14}", p.job_no),
                    &format!("{:<3}", kind.as_deref().unwrap_or("-")),
                    &(m / 60),
                    &format!("{:02}", m % 60),
                    &p.attempts,
                    &p.engineer,
                    &p.branch,
                    &state(lang, p.escalation_state),
                ]
            )
        );
    }
    let _ = out.write_str(&super::complaints::supervise_text(s, now, lang));
    let _ = writeln!(
        out,
        "{}",
        trf(lang, T::SupTxtForgeries, &[&s.forgeries.len()])
    );
    for f in &s.forgeries {
        let why: Vec<String> = f
            .suspicions
            .iter()
            .map(|x| match x {
                Suspicion::Discrepancy { kind, status, .. } => format!(
                    "{} ({})",
                    cli_code(lang, &kind.to_string()),
                    cli_code(lang, &status.to_string())
                ),
                Suspicion::Denied { .. } if f.report.is_some() => {
                    cli_code(lang, "denies_signature")
                }
                Suspicion::Denied { at, .. } => format!(
                    "{} {}",
                    cli_code(lang, "denies_signature"),
                    short(zone, *at)
                ),
            })
            .collect();
        if let Some(r) = &f.report {
            let _ = writeln!(
                out,
                "{}",
                trf(
                    lang,
                    T::SupTxtForgeryReport,
                    &[
                        &format!("{:<14}", f.job_no),
                        &f.branch,
                        &crate::i18n::pad(&f.engineer, 8),
                        &why.join(", "),
                        &cli_code(lang, or_dash(&r.card_state)),
                        &cli_code(lang, or_dash(&r.callback_kind)),
                        &cli_code(lang, or_dash(&r.callback_result)),
                        &or_dash(&r.callback_attempts),
                        &r.report_date,
                    ]
                )
            );
            continue;
        }
        let card = f
            .card
            .as_ref()
            .map(|c| {
                trf(
                    lang,
                    T::SupTxtCard,
                    &[
                        &cli_code(lang, c.satisfaction.map(|s| s.code()).unwrap_or("-")),
                        &cli_code(lang, c.signed_by.map(|s| s.code()).unwrap_or("-")),
                    ],
                )
            })
            .unwrap_or_else(|| tr(lang, T::SupTxtNoCard).into());
        let _ = writeln!(
            out,
            "{}",
            trf(
                lang,
                T::SupTxtForgeryRow,
                &[
                    &format!("{:<14}", f.job_no),
                    &crate::i18n::pad(&f.engineer, 8),
                    &why.join(", "),
                    &card,
                ]
            )
        );
    }
    let head: Vec<&str> = tr(lang, T::SupTxtEngineersHead).split('|').collect();
    let widths = [10, 5, 8, 8, 8, 6, 8, 5, 6, 6, 7];
    let head: Vec<String> = head
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (h, w))| {
            let h = crate::i18n::pad(h, w);
            if i == 0 {
                h
            } else {
                // Right-aligned, as the numbers under them.
                let t = h.trim_end().to_string();
                let shown = unicode_width::UnicodeWidthStr::width(t.as_str());
                format!("{}{t}", " ".repeat(w.saturating_sub(shown)))
            }
        })
        .collect();
    let _ = writeln!(
        out,
        "{}\n  {}",
        trf(lang, T::SupTxtEngineers, &[&s.first_day, &s.today]),
        head.join(" ")
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
        write_voice_text(out, v, lang);
    }
    let _ = writeln!(out, "{}", trf(lang, T::SupTxtChains, &[&s.chains.len()]));
    for c in &s.chains {
        let path: Vec<&str> = c.links.iter().map(|l| l.job_no.as_str()).collect();
        let satisfied = if c.satisfied {
            T::SupTxtSatisfied
        } else {
            T::SupTxtNotSatisfied
        };
        let _ = writeln!(
            out,
            "{}",
            trf(
                lang,
                T::SupTxtChainRow,
                &[
                    &format!("{:<30}", path.join(" -> ")),
                    &c.visits,
                    &tr(lang, satisfied)
                ]
            )
        );
    }
    let _ = writeln!(out, "{}", trf(lang, T::SupTxtActed, &[&s.acted.len()]));
    for a in &s.acted {
        let e = &a.escalation;
        let what = match (a.discrepancy_kind, a.callback_due) {
            (Some(k), _) => cli_code(lang, k.code()),
            (None, Some(due)) => trf(lang, T::SupTxtCallbackDue, &[&short(zone, due)]),
            (None, None) => tr(lang, T::SupTxtJob).to_string(),
        };
        let mut line = format!(
            "  {:<14} {} {}",
            a.job_no,
            crate::i18n::pad(&what, 24),
            state(lang, e.state.code())
        );
        if e.state.is_escalated() {
            line += &trf(lang, T::SupTxtTo, &[&e.to]);
        }
        line += &trf(lang, T::SupTxtBy, &[&e.by, &e.at]);
        if let (Some(by), Some(at)) = (&e.resolved_by, &e.resolved_at) {
            line += &trf(lang, T::SupTxtResolvedBy, &[by, at]);
        }
        let _ = writeln!(out, "{line}");
    }
}

/// An escalation state: its code in English, its words in Chinese.
fn state(lang: Lang, code: &str) -> String {
    let t = match code {
        "none" => T::SupTxtStateNone,
        "escalated" => T::SupTxtStateEscalated,
        "acknowledged" => T::SupTxtStateAcknowledged,
        "escalated_resolved" => T::SupTxtStateResolved,
        _ => return code.to_string(),
    };
    match lang {
        Lang::En => code.to_string(),
        Lang::Zh => tr(lang, t).to_string(),
    }
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() { "-" } else { s }
}
