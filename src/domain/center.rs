//! The service center's fixed-time check of every branch's daily report:
//! on time, late, missing or still pending at each check time, the figures
//! the center reads off a report, and which branch needs attention first.

use super::codes::codes;
use super::time::Ts;
use chrono::NaiveTime;
use serde::Serialize;
use std::collections::BTreeMap;

/// Default check times of the center (local time).
pub const DEFAULT_CHECK_TIMES: &str = "10:00,18:00";

codes!(
    /// A branch's state at one check time of a day.
    CheckState {
        OnTime = "on_time",
        Late = "late",
        Missing = "missing",
        Pending = "pending",
    }
);

/// The state at check instant `check_at`, given when the branch's report for
/// the day first arrived (its first generation's `generated_at`).
///
/// On time: some generation was generated at or before the check. Pending:
/// the check is still ahead (SPEC: "`pending` if T is still ahead"; at the
/// check time itself it has come). Late: the first generation came after
/// the check. Missing: none yet and the check has come.
pub fn check_state(first_arrival: Option<Ts>, check_at: Ts, now: Ts) -> CheckState {
    match first_arrival {
        Some(t) if t <= check_at => CheckState::OnTime,
        _ if now < check_at => CheckState::Pending,
        Some(_) => CheckState::Late,
        None => CheckState::Missing,
    }
}

/// The state at check instant `check_at` given every generation's
/// `generated_at` (oldest first) and the branch's cut-off that day: a check
/// before the cut-off wants the day's first report (any generation), a check
/// at or after it a final one (generated at or after the cut-off). A branch
/// whose only reports by such a check are not final is late at it.
pub fn check_state_of(generations: &[Ts], cutoff: Option<Ts>, check_at: Ts, now: Ts) -> CheckState {
    let wants_final = cutoff.is_some_and(|c| check_at >= c);
    let wanted = generations
        .iter()
        .copied()
        .filter(|t| !wants_final || cutoff.is_some_and(|c| *t >= c))
        .min();
    match wanted {
        Some(t) if t <= check_at => CheckState::OnTime,
        _ if now < check_at => CheckState::Pending,
        _ if generations.is_empty() => CheckState::Missing,
        _ => CheckState::Late,
    }
}

/// `"10:00,18:00"` → the check times in order, each once.
pub fn parse_check_times(s: &str) -> Result<Vec<NaiveTime>, String> {
    let mut times = Vec::new();
    for part in s.split([',', ' ', ';']).filter(|p| !p.trim().is_empty()) {
        let t = super::time::parse_hhmm(part.trim())
            .map_err(|e| format!("check time {part:?}: {e}"))?;
        times.push(t);
    }
    times.sort();
    times.dedup();
    if times.is_empty() {
        return Err("at least one check time is needed, e.g. 10:00,18:00".into());
    }
    Ok(times)
}

pub fn format_check_times(times: &[NaiveTime]) -> String {
    times
        .iter()
        .map(|t| t.format("%H:%M").to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The check time that counts now: the latest one passed today, else the
/// first one (still ahead).
pub fn current_check(times: &[NaiveTime], now_local: NaiveTime) -> Option<NaiveTime> {
    times
        .iter()
        .rev()
        .find(|t| **t <= now_local)
        .or(times.first())
        .copied()
}

/// The next check time strictly after `now_local` today, if any.
pub fn next_check(times: &[NaiveTime], now_local: NaiveTime) -> Option<NaiveTime> {
    times.iter().find(|t| **t > now_local).copied()
}

/// What the center reads from one row of a branch's daily report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportRowFacts {
    pub status: String,
    pub callback_kind: String,
    pub callback_result: String,
    pub callback_overdue: bool,
    pub discrepancies_open: Vec<String>,
    pub invoice_owed: bool,
    pub late_minutes: Option<i64>,
    pub loaner_overdue: bool,
}

/// A branch's figures for a day, from its report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BranchFigures {
    /// Rows of the report touched that day: the day's jobs.
    pub jobs: usize,
    /// Jobs whose status is `done`.
    pub completed: usize,
    /// Timed callbacks not yet answered (no result, or only `unreachable`).
    pub callbacks_pending: usize,
    /// Of those, past their due time when the branch exported.
    pub callbacks_overdue: usize,
    /// Customers whose callback answer was `unsatisfied`.
    pub unsatisfied: usize,
    /// Open discrepancies by kind.
    pub discrepancies_open: BTreeMap<String, usize>,
    pub invoices_owed: usize,
    /// Arrivals late by more than 15 minutes.
    pub late_arrivals: usize,
    pub loaners_overdue: usize,
    /// Rows whose `open_items` has `complaint_open` (a complaint
    /// on the job not settled) and `response_overdue` (past the on-site
    /// promise) at export.
    pub complaints_open: usize,
    pub response_overdue: usize,
}

impl BranchFigures {
    /// The day's work (`jobs`, `completed`, `unsatisfied`, `late_arrivals`)
    /// from the rows touched that day; what is open from every row.
    pub fn from_rows<'a>(
        rows: impl IntoIterator<Item = (&'a ReportRowFacts, bool)>,
    ) -> BranchFigures {
        let mut f = BranchFigures::default();
        for (r, touched) in rows {
            if touched {
                f.jobs += 1;
                f.completed += usize::from(r.status == "done");
                f.unsatisfied += usize::from(r.callback_result == "unsatisfied");
                f.late_arrivals += usize::from(
                    r.late_minutes
                        .is_some_and(|m| m > super::visit::LATE_FLAG_MINUTES),
                );
            }
            let pending = !r.callback_kind.is_empty()
                && (r.callback_result.is_empty() || r.callback_result == "unreachable");
            f.callbacks_pending += usize::from(pending);
            f.callbacks_overdue += usize::from(pending && r.callback_overdue);
            for k in &r.discrepancies_open {
                *f.discrepancies_open.entry(k.clone()).or_default() += 1;
            }
            f.invoices_owed += usize::from(r.invoice_owed);
            f.loaners_overdue += usize::from(r.loaner_overdue);
        }
        f
    }

    /// The counts of what is open as the report's `counts` give them (a
    /// job with two pending callbacks counts two): the table, the header
    /// and `figures` say the same.
    pub fn agree_with(&mut self, counts: &Figures) {
        let get = |n: &str, old: usize| counts.get(n).copied().unwrap_or(old);
        self.callbacks_pending = get("callbacks_pending", self.callbacks_pending);
        self.callbacks_overdue = get("callbacks_overdue", self.callbacks_overdue);
        self.invoices_owed = get("invoices_owed", self.invoices_owed);
        self.loaners_overdue = get("loaners_overdue", self.loaners_overdue);
        self.complaints_open = get("complaints", self.complaints_open);
        self.response_overdue = get("response_overdue", self.response_overdue);
    }

    pub fn open_discrepancies(&self) -> usize {
        self.discrepancies_open.values().sum()
    }
}

/// A branch's figures under the `status --json` `counts` names, as the
/// rows of its report give them (the center's `figures`).
pub type Figures = BTreeMap<&'static str, usize>;

/// What [`figures_of`] reads of one report row.
#[derive(Debug, Clone, Copy)]
pub struct FigureRow<'a> {
    /// The `counts` cell (`None`: a report from before the column).
    pub counts: Option<&'a str>,
    pub open_items: &'a [String],
    /// How many open discrepancies the row lists.
    pub discrepancies_open: usize,
}

/// Every figure from every row of the report, touched that day or not: the
/// sum of the rows' `counts` cells, every name present. A report from
/// before that column (schemas 1 and 2) gives what its `open_items` codes
/// and open discrepancies say, one per row and code (no `today_jobs`,
/// `discrepancies`, `conflicts` nor `complaints_response_overdue`).
pub fn figures_of<'a>(rows: impl IntoIterator<Item = FigureRow<'a>>) -> Figures {
    use super::ledger::{COUNT_NAMES, parse_counts_cell};
    let rows: Vec<FigureRow> = rows.into_iter().collect();
    let mut f = Figures::new();
    if rows.iter().all(|r| r.counts.is_some()) {
        for n in COUNT_NAMES {
            f.insert(n, 0);
        }
        for r in &rows {
            // The import checked the cell: one that does not read adds nothing.
            for (name, n) in parse_counts_cell(r.counts.unwrap_or("")).unwrap_or_default() {
                *f.entry(name).or_default() += n;
            }
        }
        return f;
    }
    let derived: [(&'static str, &[&str]); 10] = [
        (
            "callbacks_pending",
            &["callback_pending", "callback_overdue"],
        ),
        ("callbacks_overdue", &["callback_overdue"]),
        ("cards_awaiting_signature", &["card_awaiting"]),
        (
            "open_jobs",
            &["no_appointment", "not_home", "missed_appointment"],
        ),
        ("invoices_owed", &["invoice_owed"]),
        ("loaner_returns", &["loaner_due", "loaner_overdue"]),
        ("loaners_overdue", &["loaner_overdue"]),
        ("complaints", &["complaint_open"]),
        ("response_overdue", &["response_overdue"]),
        ("to_verify", &["to_verify"]),
    ];
    f.insert("discrepancies_open", 0);
    for (name, _) in derived {
        f.insert(name, 0);
    }
    for r in &rows {
        *f.entry("discrepancies_open").or_default() += r.discrepancies_open;
        for (name, codes) in derived {
            if r.open_items.iter().any(|c| codes.contains(&c.as_str())) {
                *f.entry(name).or_default() += 1;
            }
        }
    }
    f
}

/// Sort key of the center's table, worst first: missing, then late, then
/// most open discrepancies, then most overdue callbacks, then by code.
pub fn attention_key(
    state: CheckState,
    figures: &BranchFigures,
    code: &str,
) -> (
    u8,
    std::cmp::Reverse<usize>,
    std::cmp::Reverse<usize>,
    String,
) {
    let rank = match state {
        CheckState::Missing => 0,
        CheckState::Late => 1,
        CheckState::OnTime | CheckState::Pending => 2,
    };
    (
        rank,
        std::cmp::Reverse(figures.open_discrepancies()),
        std::cmp::Reverse(figures.callbacks_overdue),
        code.to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::t;

    #[test]
    fn on_time_late_missing_and_pending_at_a_check_time() {
        let check = t("2026-11-23 10:00");
        let before = t("2026-11-23 09:59");
        let after = t("2026-11-23 10:01");
        // Generated at the check time itself counts as on time.
        assert_eq!(check_state(Some(check), check, after), CheckState::OnTime);
        assert_eq!(check_state(Some(before), check, after), CheckState::OnTime);
        assert_eq!(check_state(Some(after), check, after), CheckState::Late);
        assert_eq!(check_state(None, check, after), CheckState::Missing);
        assert_eq!(check_state(None, check, before), CheckState::Pending);
        // At the check time itself the check has come: a report made at
        // that very second is on time, none is missing.
        assert_eq!(check_state(None, check, check), CheckState::Missing);
        assert_eq!(check_state(Some(check), check, check), CheckState::OnTime);
    }

    #[test]
    fn the_check_after_the_cut_off_wants_a_final_report() {
        let cutoff = Some(t("2026-11-23 17:00"));
        let ten = t("2026-11-23 10:00");
        let six = t("2026-11-23 18:00");
        let night = t("2026-11-23 23:00");
        let morning = t("2026-11-23 09:00");
        // Only a morning report: on time at 10:00, late at 18:00 (not final).
        let only_morning = [morning];
        assert_eq!(
            check_state_of(&only_morning, cutoff, ten, night),
            CheckState::OnTime
        );
        assert_eq!(
            check_state_of(&only_morning, cutoff, six, night),
            CheckState::Late
        );
        // Before 18:00 has passed, the 18:00 check is still ahead.
        assert_eq!(
            check_state_of(&only_morning, cutoff, six, t("2026-11-23 17:30")),
            CheckState::Pending
        );
        // A final one at 17:30: on time at both.
        let both = [morning, t("2026-11-23 17:30")];
        assert_eq!(
            check_state_of(&both, cutoff, ten, night),
            CheckState::OnTime
        );
        assert_eq!(
            check_state_of(&both, cutoff, six, night),
            CheckState::OnTime
        );
        // Exactly at the cut-off is final; exactly at the check is on time.
        assert_eq!(
            check_state_of(&[t("2026-11-23 17:00")], cutoff, six, night),
            CheckState::OnTime
        );
        assert_eq!(
            check_state_of(&[six], cutoff, six, night),
            CheckState::OnTime
        );
        // Only a final one at 17:30: late at 10:00, on time at 18:00.
        let late_final = [t("2026-11-23 17:30")];
        assert_eq!(
            check_state_of(&late_final, cutoff, ten, night),
            CheckState::Late
        );
        assert_eq!(
            check_state_of(&late_final, cutoff, six, night),
            CheckState::OnTime
        );
        // Final after 18:00: late; none at all: missing.
        assert_eq!(
            check_state_of(&[t("2026-11-23 19:00")], cutoff, six, night),
            CheckState::Late
        );
        assert_eq!(check_state_of(&[], cutoff, six, night), CheckState::Missing);
    }

    #[test]
    fn check_times_parse_sorted_and_once() {
        let ts = parse_check_times("18:00, 10:00,18:00").unwrap();
        assert_eq!(format_check_times(&ts), "10:00,18:00");
        assert!(parse_check_times("").is_err());
        assert!(parse_check_times("25:00").is_err());
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        assert_eq!(current_check(&ts, nine), Some(ts[0]));
        assert_eq!(current_check(&ts, noon), Some(ts[0]));
        assert_eq!(next_check(&ts, noon), Some(ts[1]));
        assert_eq!(
            next_check(&ts, NaiveTime::from_hms_opt(19, 0, 0).unwrap()),
            None
        );
    }

    #[test]
    fn figures_count_what_the_center_acts_on() {
        let row =
            |status: &str, kind: &str, result: &str, overdue: bool, open: &[&str]| ReportRowFacts {
                status: status.into(),
                callback_kind: kind.into(),
                callback_result: result.into(),
                callback_overdue: overdue,
                discrepancies_open: open.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            };
        let rows = [
            row("done", "2h", "satisfied", false, &[]),
            row("callback_pending", "2h", "", true, &["card_missing"]),
            row("callback_pending", "3h", "unreachable", false, &[]),
            row(
                "revisit",
                "2h",
                "unsatisfied",
                false,
                &["satisfaction_conflict", "card_missing"],
            ),
            ReportRowFacts {
                invoice_owed: true,
                late_minutes: Some(16),
                ..row("awaiting_card", "", "", false, &[])
            },
        ];
        let f = BranchFigures::from_rows(rows.iter().map(|r| (r, true)));
        assert_eq!(f.jobs, 5);
        assert_eq!(f.completed, 1);
        assert_eq!(f.callbacks_pending, 2);
        assert_eq!(f.callbacks_overdue, 1);
        assert_eq!(f.unsatisfied, 1);
        assert_eq!(f.invoices_owed, 1);
        assert_eq!(f.late_arrivals, 1);
        assert_eq!(f.discrepancies_open["card_missing"], 2);
        assert_eq!(f.open_discrepancies(), 3);
        // A row of a job still open but not touched that day: its open
        // things count, the day's work does not.
        let f = BranchFigures::from_rows(rows.iter().enumerate().map(|(i, r)| (r, i != 4)));
        assert_eq!((f.jobs, f.late_arrivals), (4, 0));
        assert_eq!(f.invoices_owed, 1);
        let f = BranchFigures::from_rows(rows.iter().enumerate().map(|(i, r)| (r, i != 1)));
        assert_eq!((f.callbacks_overdue, f.open_discrepancies()), (1, 3));
    }

    #[test]
    fn figures_are_the_sum_of_the_rows_counts_or_what_old_codes_say() {
        let codes = |s: &str| -> Vec<String> { s.split(';').map(String::from).collect() };
        let (a, b) = (
            codes("callback_overdue;card_awaiting"),
            codes("no_appointment"),
        );
        let rows = [
            FigureRow {
                counts: Some("today_jobs:1;callbacks_pending:2;callbacks_overdue:1"),
                open_items: &a,
                discrepancies_open: 0,
            },
            FigureRow {
                counts: Some(""),
                open_items: &[],
                discrepancies_open: 0,
            },
            FigureRow {
                counts: Some("today_jobs:1;discrepancies:2;discrepancies_open:1"),
                open_items: &b,
                discrepancies_open: 1,
            },
        ];
        let f = figures_of(rows);
        assert_eq!(f.len(), super::super::ledger::COUNT_NAMES.len());
        assert_eq!(f["today_jobs"], 2);
        assert_eq!(f["callbacks_pending"], 2);
        assert_eq!(f["callbacks_overdue"], 1);
        assert_eq!(f["discrepancies"], 2);
        assert_eq!(f["open_jobs"], 0, "a job of today waiting is not open_jobs");
        // A report from before the column: one per row and code.
        let old = [
            FigureRow {
                counts: None,
                open_items: &a,
                discrepancies_open: 2,
            },
            FigureRow {
                counts: None,
                open_items: &b,
                discrepancies_open: 0,
            },
        ];
        let f = figures_of(old);
        assert_eq!(f["callbacks_pending"], 1);
        assert_eq!(f["callbacks_overdue"], 1);
        assert_eq!(f["cards_awaiting_signature"], 1);
        assert_eq!(f["open_jobs"], 1);
        assert_eq!(f["discrepancies_open"], 2);
        assert!(!f.contains_key("today_jobs"));
        // No rows: every figure, 0.
        assert!(figures_of([]).values().all(|v| *v == 0));
    }

    #[test]
    fn the_worst_branch_comes_first() {
        let quiet = BranchFigures::default();
        let busy = BranchFigures {
            callbacks_overdue: 3,
            ..Default::default()
        };
        let mut keys = [
            attention_key(CheckState::OnTime, &busy, "B"),
            attention_key(CheckState::OnTime, &quiet, "A"),
            attention_key(CheckState::Late, &quiet, "C"),
            attention_key(CheckState::Missing, &quiet, "D"),
        ];
        keys.sort();
        let order: Vec<&str> = keys.iter().map(|k| k.3.as_str()).collect();
        assert_eq!(order, ["D", "C", "B", "A"]);
    }
}
