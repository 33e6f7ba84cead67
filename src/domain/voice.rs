//! The customer's voice (SPEC *The customer's voice*): the answers a
//! customer gives on a callback and on the card, the follow-up call after
//! every `fixed` visit, repeat repairs (返修), the periods of the weekly and
//! monthly summaries, the network's rates and the engineers' discipline
//! stage. Pure rules: every one that depends on time takes it as a value.

use super::callback::CallbackResult;
use super::codes::codes;
use super::time::Ts;
use super::visit::Outcome;
use chrono::{Datelike, Duration, NaiveDate};

codes!(
    /// One answer of the customer to a question (attitude, quality).
    Answer { Satisfied = "satisfied", Neutral = "neutral", Unsatisfied = "unsatisfied" }
);

/// The three questions of a callback: attitude, quality, whether the
/// problem is solved. Each may be skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Answers {
    pub attitude: Option<Answer>,
    pub quality: Option<Answer>,
    pub solved: Option<bool>,
}

impl Answers {
    pub fn is_empty(&self) -> bool {
        self.attitude.is_none() && self.quality.is_none() && self.solved.is_none()
    }
}

/// Why these answers cannot go with `result`: answers only with
/// `satisfied` or `unsatisfied` (the customer was reached and judged the
/// service), and an unsolved problem only with `unsatisfied`.
pub fn check_answers(result: CallbackResult, a: &Answers) -> Result<(), AnswersRefused> {
    let answered = matches!(
        result,
        CallbackResult::Satisfied | CallbackResult::Unsatisfied
    );
    if !answered && !a.is_empty() {
        let field = if a.attitude.is_some() {
            "attitude"
        } else if a.quality.is_some() {
            "quality"
        } else {
            "solved"
        };
        return Err(AnswersRefused::NotJudged { field, result });
    }
    if a.solved == Some(false) && result != CallbackResult::Unsatisfied {
        return Err(AnswersRefused::UnsolvedNotUnsatisfied { result });
    }
    Ok(())
}

/// Answers that cannot go with a callback's result (each names its field;
/// `Display` says it in English, the screens and the desk in Chinese from
/// the parts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswersRefused {
    /// Answers with a result where the customer did not judge the service.
    NotJudged {
        field: &'static str,
        result: CallbackResult,
    },
    /// `solved` = no with a result other than `unsatisfied`.
    UnsolvedNotUnsatisfied { result: CallbackResult },
}

impl AnswersRefused {
    /// The field the refusal is about.
    pub fn field(&self) -> &'static str {
        match self {
            AnswersRefused::NotJudged { field, .. } => field,
            AnswersRefused::UnsolvedNotUnsatisfied { .. } => "solved",
        }
    }
}

impl std::fmt::Display for AnswersRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswersRefused::NotJudged { result, .. } => write!(
                f,
                "answers are given only with result satisfied or unsatisfied, \
                 not {result} (the customer did not judge the service)"
            ),
            AnswersRefused::UnsolvedNotUnsatisfied { result } => write!(
                f,
                "solved no needs result unsatisfied, not {result} \
                 (an unsolved problem is not a satisfied customer)"
            ),
        }
    }
}

/// The settings of this module and their defaults.
pub const FOLLOWUP_HOURS: &str = "followup_hours";
pub const REPEAT_DAYS: &str = "repeat_days";
pub const DEFAULT_FOLLOWUP_HOURS: i64 = 24;
pub const DEFAULT_REPEAT_DAYS: i64 = 30;

pub fn is_setting(key: &str) -> bool {
    matches!(key, FOLLOWUP_HOURS | REPEAT_DAYS)
}

/// `followup_hours`: 0 (no follow-ups) to 720; `repeat_days`: 1 to 366.
pub fn parse_setting(key: &str, value: &str) -> Result<i64, String> {
    let (min, max, unit) = if key == REPEAT_DAYS {
        (1, 366, "days")
    } else {
        (0, 720, "hours (0: no follow-up calls)")
    };
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            format!("{key} is a whole number of {unit} from {min} to {max}, not {value:?}")
        })
}

/// A setting's value as stored, else its default (a stored value that no
/// longer parses counts as the default).
pub fn setting_or_default(key: &str, stored: Option<&str>) -> i64 {
    let default = if key == REPEAT_DAYS {
        DEFAULT_REPEAT_DAYS
    } else {
        DEFAULT_FOLLOWUP_HOURS
    };
    stored
        .and_then(|v| parse_setting(key, v).ok())
        .unwrap_or(default)
}

/// The follow-up a visit opens: `fixed` only, due `hours` after its finish
/// (arrival when no finish); none when `hours` is 0.
pub fn followup_due(outcome: Outcome, base: Ts, hours: i64) -> Option<Ts> {
    (outcome == Outcome::Fixed && hours > 0).then(|| base + Duration::hours(hours))
}

/// Whether an earlier job's on-site visit finished at `finished` makes a
/// job received at `received` a repeat: at or before `received`, and no
/// more than `days` × 24 h before it (inclusive).
pub fn in_repeat_window(finished: Ts, received: Ts, days: i64) -> bool {
    finished <= received && received - finished <= Duration::days(days)
}

/// A job that may be a repeat, as the repeat rule sees it: its re-visit
/// chain (the chain's first job's id; a job is in its own chain) and when
/// it came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepeatProbe {
    pub chain: i64,
    pub received: Ts,
}

/// An on-site repair visit ([`super::visit::ON_SITE_REPAIR`]) of a job of
/// the same phone and product: that job's chain, the visit,
/// and when it finished (arrived, when no finish).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnsiteVisit {
    pub chain: i64,
    pub visit: i64,
    pub at: Ts,
}

/// The repeat rule (返修): a job is a repeat of the newest on-site visit
/// of the same phone and product, outside the job's own re-visit chain,
/// that finished within the window before it came in
/// ([`in_repeat_window`]). `visits`: those of the job's phone and product,
/// newest first (by instant, then by job, both descending), as the store
/// reads them; the first that holds is the one.
pub fn repeat_visit(probe: RepeatProbe, visits: &[OnsiteVisit], days: i64) -> Option<&OnsiteVisit> {
    visits
        .iter()
        .find(|v| v.chain != probe.chain && in_repeat_window(v.at, probe.received, days))
}

/// Whole days between the earlier visit's finish and the new job, for
/// "repeat of X, 6 days after".
pub fn days_after(finished: Ts, received: Ts) -> i64 {
    (received - finished).num_days()
}

/// The root job number of a re-visit chain (`J1-R2` → `J1`).
pub fn chain_root(job_no: &str) -> &str {
    match job_no.rfind("-R") {
        Some(i)
            if i > 0
                && job_no[i + 2..].len() <= 3
                && !job_no[i + 2..].is_empty()
                && job_no[i + 2..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            chain_root(&job_no[..i])
        }
        _ => job_no,
    }
}

codes!(
    /// The period of a summary: the ISO week (Monday first) or the month.
    Period { Week = "week", Month = "month" }
);

/// The first and last date of the period containing `d`.
pub fn period_bounds(p: Period, d: NaiveDate) -> (NaiveDate, NaiveDate) {
    match p {
        Period::Week => {
            let start = d - Duration::days(d.weekday().num_days_from_monday() as i64);
            (start, start + Duration::days(6))
        }
        Period::Month => {
            let start = d.with_day(1).unwrap_or(d);
            let next = if start.month() == 12 {
                NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
            }
            .unwrap_or(start);
            (start, next - Duration::days(1))
        }
    }
}

/// The counts behind the rates of one engineer or one branch over one
/// period (SPEC: which period a thing belongs to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Voice {
    /// Jobs received in the period.
    pub jobs: u64,
    /// Jobs whose first on-site visit finished in the period ...
    pub onsite_jobs: u64,
    /// ... of which on site within `onsite_within_hours` of being received.
    pub onsite_24h: u64,
    /// Timed callbacks and follow-ups due in the period ...
    pub callbacks_due: u64,
    /// ... that got an answered result (satisfied, unsatisfied,
    /// denies_signature) ...
    pub callbacks_answered: u64,
    /// ... of which `satisfied`.
    pub satisfied: u64,
    pub attitude_answered: u64,
    pub attitude_satisfied: u64,
    pub quality_answered: u64,
    pub quality_satisfied: u64,
    pub solved_answered: u64,
    pub solved_yes: u64,
    /// Cards returned in the period ...
    pub cards_back: u64,
    /// ... with `satisfaction` = `satisfied`.
    pub card_satisfied: u64,
    /// Repeats received in the period, counted against the earlier job's
    /// engineer.
    pub repeats: u64,
    /// Visits arriving in the period more than 15 minutes late.
    pub late_arrivals: u64,
    /// Complaints received in the period.
    pub complaints: u64,
}

/// `n` of `d` as a share 0–1; `None` when `d` is 0.
pub fn rate(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

impl Voice {
    pub fn add(&mut self, o: &Voice) {
        self.jobs += o.jobs;
        self.onsite_jobs += o.onsite_jobs;
        self.onsite_24h += o.onsite_24h;
        self.callbacks_due += o.callbacks_due;
        self.callbacks_answered += o.callbacks_answered;
        self.satisfied += o.satisfied;
        self.attitude_answered += o.attitude_answered;
        self.attitude_satisfied += o.attitude_satisfied;
        self.quality_answered += o.quality_answered;
        self.quality_satisfied += o.quality_satisfied;
        self.solved_answered += o.solved_answered;
        self.solved_yes += o.solved_yes;
        self.cards_back += o.cards_back;
        self.card_satisfied += o.card_satisfied;
        self.repeats += o.repeats;
        self.late_arrivals += o.late_arrivals;
        self.complaints += o.complaints;
    }

    /// 回访率: due callbacks and follow-ups that got an answer.
    pub fn callback_rate(&self) -> Option<f64> {
        rate(self.callbacks_answered, self.callbacks_due)
    }
    /// 满意率: answered ones that were `satisfied`.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        rate(self.satisfied, self.callbacks_answered)
    }
    pub fn attitude_rate(&self) -> Option<f64> {
        rate(self.attitude_satisfied, self.attitude_answered)
    }
    pub fn quality_rate(&self) -> Option<f64> {
        rate(self.quality_satisfied, self.quality_answered)
    }
    pub fn solved_rate(&self) -> Option<f64> {
        rate(self.solved_yes, self.solved_answered)
    }
    pub fn card_rate(&self) -> Option<f64> {
        rate(self.card_satisfied, self.cards_back)
    }
    /// 返修率: repeats among on-site jobs.
    pub fn repeat_rate(&self) -> Option<f64> {
        rate(self.repeats, self.onsite_jobs)
    }
    pub fn onsite_24h_rate(&self) -> Option<f64> {
        rate(self.onsite_24h, self.onsite_jobs)
    }

    /// Counts one answered or unanswered timed callback / follow-up due in
    /// the period: its final result (`None`: still pending, never
    /// reached) and the answers given with it.
    pub fn count_call(&mut self, result: Option<CallbackResult>, a: &Answers) {
        self.callbacks_due += 1;
        let answered = matches!(
            result,
            Some(
                CallbackResult::Satisfied
                    | CallbackResult::Unsatisfied
                    | CallbackResult::DeniesSignature
            )
        );
        if !answered {
            return;
        }
        self.callbacks_answered += 1;
        if result == Some(CallbackResult::Satisfied) {
            self.satisfied += 1;
        }
        if let Some(x) = a.attitude {
            self.attitude_answered += 1;
            self.attitude_satisfied += u64::from(x == Answer::Satisfied);
        }
        if let Some(x) = a.quality {
            self.quality_answered += 1;
            self.quality_satisfied += u64::from(x == Answer::Satisfied);
        }
        if let Some(x) = a.solved {
            self.solved_answered += 1;
            self.solved_yes += u64::from(x);
        }
    }
}

/// One job's share of the period counts, by the branch's local day and
/// the engineer each count is held against: the daily report's `voice`
/// cell, `{"DATE":{"ENGINEER":{count: n, …}}}` with only the counts that
/// are not 0 (the center adds them up for its summaries).
pub type VoiceDays =
    std::collections::BTreeMap<NaiveDate, std::collections::BTreeMap<String, Voice>>;

/// The `voice` cell of a job's report row (empty when it counts nothing).
pub fn voice_cell(days: &VoiceDays) -> String {
    if days.is_empty() {
        return String::new();
    }
    let mut out = serde_json::Map::new();
    for (d, by) in days {
        let mut m = serde_json::Map::new();
        for (e, v) in by {
            let mut counts = serde_json::Map::new();
            if let Ok(serde_json::Value::Object(all)) = serde_json::to_value(v) {
                for (k, n) in all {
                    if n.as_u64().is_some_and(|n| n > 0) {
                        counts.insert(k, n);
                    }
                }
            }
            m.insert(e.clone(), serde_json::Value::Object(counts));
        }
        out.insert(d.to_string(), serde_json::Value::Object(m));
    }
    serde_json::Value::Object(out).to_string()
}

/// Reads a `voice` cell back (blank: nothing); the reason when it is not one.
pub fn parse_voice_cell(cell: &str) -> Result<VoiceDays, String> {
    if cell.trim().is_empty() {
        return Ok(VoiceDays::new());
    }
    serde_json::from_str(cell).map_err(|e| format!("not a voice cell ({e})"))
}

/// A rate as the summaries write it: 4 decimals, blank when undefined.
pub fn rate_cell(r: Option<f64>) -> String {
    r.map(|r| format!("{r:.4}")).unwrap_or_default()
}

codes!(
    /// Where an engineer stands under the after-sales plan: a first
    /// warning, a second penalty, a third dismissal.
    Stage { Warning = "warning", Penalty = "penalty", Dismissal = "dismissal" }
);

/// The stage `count` upheld complaints and penalties reach.
pub fn discipline_stage(count: u64) -> Option<Stage> {
    match count {
        0 => None,
        1 => Some(Stage::Warning),
        2 => Some(Stage::Penalty),
        _ => Some(Stage::Dismissal),
    }
}

/// How far back discipline counts: the last 365 days.
pub const DISCIPLINE_DAYS: i64 = 365;

/// One engineer's standing under the after-sales plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Discipline {
    /// Complaints settled in the last 365 days with any resolution but
    /// `no_fault`, counted against the engineer.
    pub upheld_complaints: u64,
    /// Discrepancies resolved with `penalty` in the last 365 days.
    pub penalties: u64,
    pub stage: Option<Stage>,
}

/// The rates of a period: per engineer (by name, `""` for none) and for the
/// whole branch.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct VoiceTable {
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    pub engineers: std::collections::BTreeMap<String, Voice>,
    pub branch: Voice,
    pub discipline: std::collections::BTreeMap<String, Discipline>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::t;
    use CallbackResult::*;

    fn a(attitude: Option<Answer>, quality: Option<Answer>, solved: Option<bool>) -> Answers {
        Answers {
            attitude,
            quality,
            solved,
        }
    }

    #[test]
    fn answers_go_only_with_a_judged_result_and_unsolved_only_with_unsatisfied() {
        let all = a(Some(Answer::Satisfied), Some(Answer::Neutral), Some(true));
        assert!(check_answers(Satisfied, &all).is_ok());
        assert!(check_answers(Unsatisfied, &all).is_ok());
        assert!(check_answers(Unreachable, &Answers::default()).is_ok());
        assert!(check_answers(DeniesSignature, &Answers::default()).is_ok());
        let why = check_answers(Unreachable, &all).unwrap_err();
        assert_eq!(why.field(), "attitude");
        assert!(why.to_string().contains("unreachable"), "{why}");
        let only_solved = a(None, None, Some(true));
        assert_eq!(
            check_answers(DeniesSignature, &only_solved)
                .unwrap_err()
                .field(),
            "solved"
        );
        let quality = a(None, Some(Answer::Unsatisfied), None);
        assert_eq!(
            check_answers(Unreachable, &quality).unwrap_err().field(),
            "quality"
        );
        let unsolved = a(None, None, Some(false));
        let why = check_answers(Satisfied, &unsolved).unwrap_err();
        assert_eq!(why.field(), "solved");
        assert!(why.to_string().contains("unsatisfied"), "{why}");
        assert!(check_answers(Unsatisfied, &unsolved).is_ok());
        // An unsatisfied answer to a question with a satisfied result is
        // the customer's word: kept as said.
        assert!(check_answers(Satisfied, &a(Some(Answer::Unsatisfied), None, None)).is_ok());
    }

    #[test]
    fn a_follow_up_follows_fixed_visits_only_and_zero_hours_turns_it_off() {
        let base = t("2026-11-23 10:00");
        assert_eq!(
            followup_due(Outcome::Fixed, base, 24),
            Some(t("2026-11-24 10:00"))
        );
        assert_eq!(
            followup_due(Outcome::Fixed, base, 2),
            Some(t("2026-11-23 12:00"))
        );
        assert_eq!(followup_due(Outcome::Fixed, base, 0), None);
        for o in [
            Outcome::FixedUntested,
            Outcome::Unsure,
            Outcome::Consulted,
            Outcome::Pulled,
            Outcome::NotHome,
        ] {
            assert_eq!(followup_due(o, base, 24), None, "{o}");
        }
        assert!(parse_setting(FOLLOWUP_HOURS, "0").is_ok());
        assert!(parse_setting(FOLLOWUP_HOURS, "-1").is_err());
        assert!(parse_setting(REPEAT_DAYS, "0").is_err());
        assert!(parse_setting(REPEAT_DAYS, "1.5").is_err());
        assert_eq!(setting_or_default(REPEAT_DAYS, None), 30);
        assert_eq!(setting_or_default(FOLLOWUP_HOURS, Some("6")), 6);
    }

    #[test]
    fn a_repeat_is_the_newest_visit_of_another_chain_within_the_window() {
        let v = |chain, visit, at: &str| OnsiteVisit {
            chain,
            visit,
            at: t(at),
        };
        // Newest first, as the store reads them.
        let visits = [
            v(1, 10, "2026-12-02 09:00"),
            v(7, 11, "2026-11-30 09:00"),
            v(2, 12, "2026-11-20 09:00"),
            v(3, 13, "2026-10-01 09:00"),
        ];
        let probe = |chain, received: &str| RepeatProbe {
            chain,
            received: t(received),
        };
        let found = |p| repeat_visit(p, &visits, 30).map(|v| v.visit);
        // A visit after the job came in never counts; its own chain neither.
        assert_eq!(found(probe(7, "2026-12-01 10:00")), Some(12));
        assert_eq!(found(probe(5, "2026-12-01 10:00")), Some(11));
        // Exactly 30 days back still counts, a second more does not.
        assert_eq!(found(probe(5, "2026-10-31 09:00")), Some(13));
        let later = RepeatProbe {
            chain: 5,
            received: t("2026-10-31 09:00") + Duration::seconds(1),
        };
        assert_eq!(found(later), None);
        assert_eq!(repeat_visit(probe(5, "2026-12-01 10:00"), &[], 30), None);
        // The window is the setting's.
        assert_eq!(
            repeat_visit(probe(5, "2026-12-01 10:00"), &visits, 5).map(|v| v.visit),
            Some(11)
        );
        assert_eq!(
            repeat_visit(probe(7, "2026-12-01 10:00"), &visits, 5).map(|v| v.visit),
            None
        );
    }

    #[test]
    fn the_repeat_window_is_inclusive_and_looks_back_only() {
        let finished = t("2026-11-01 10:00");
        assert!(in_repeat_window(finished, t("2026-12-01 10:00"), 30));
        assert!(!in_repeat_window(
            finished,
            t("2026-12-01 10:00") + Duration::seconds(1),
            30
        ));
        assert!(in_repeat_window(finished, finished, 30));
        assert!(!in_repeat_window(
            finished,
            finished - Duration::seconds(1),
            30
        ));
        assert_eq!(days_after(finished, t("2026-11-07 09:00")), 5);
        assert_eq!(days_after(finished, t("2026-11-07 10:00")), 6);
        assert_eq!(chain_root("J1-R2"), "J1");
        assert_eq!(chain_root("J1-R1-R1"), "J1");
        assert_eq!(chain_root("QD-R"), "QD-R");
        assert_eq!(chain_root("J-RX"), "J-RX");
        assert_eq!(chain_root("J7"), "J7");
    }

    #[test]
    fn iso_weeks_start_on_monday_and_months_end_on_their_last_day() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Thursday 2026-01-01 is in ISO week 2026-W01, Monday 2025-12-29.
        assert_eq!(
            period_bounds(Period::Week, d("2026-01-01")),
            (d("2025-12-29"), d("2026-01-04"))
        );
        assert_eq!(
            period_bounds(Period::Week, d("2026-11-23")),
            (d("2026-11-23"), d("2026-11-29"))
        );
        assert_eq!(
            period_bounds(Period::Week, d("2026-11-29")),
            (d("2026-11-23"), d("2026-11-29"))
        );
        assert_eq!(
            period_bounds(Period::Month, d("2026-12-31")),
            (d("2026-12-01"), d("2026-12-31"))
        );
        assert_eq!(
            period_bounds(Period::Month, d("2028-02-10")),
            (d("2028-02-01"), d("2028-02-29"))
        );
        assert_eq!(
            period_bounds(Period::Month, d("2026-02-01")),
            (d("2026-02-01"), d("2026-02-28"))
        );
    }

    #[test]
    fn calls_count_as_answered_only_when_the_customer_judged() {
        let mut v = Voice::default();
        let yes = a(Some(Answer::Satisfied), Some(Answer::Neutral), Some(true));
        v.count_call(Some(Satisfied), &yes);
        v.count_call(
            Some(Unsatisfied),
            &a(Some(Answer::Unsatisfied), None, Some(false)),
        );
        v.count_call(Some(DeniesSignature), &Answers::default());
        v.count_call(Some(Unreachable), &Answers::default());
        v.count_call(None, &Answers::default());
        assert_eq!(
            (v.callbacks_due, v.callbacks_answered, v.satisfied),
            (5, 3, 1)
        );
        assert_eq!((v.attitude_answered, v.attitude_satisfied), (2, 1));
        assert_eq!((v.quality_answered, v.quality_satisfied), (1, 0));
        assert_eq!((v.solved_answered, v.solved_yes), (2, 1));
        assert_eq!(rate_cell(v.callback_rate()), "0.6000");
        assert_eq!(rate_cell(v.satisfaction_rate()), "0.3333");
        assert_eq!(rate_cell(v.quality_rate()), "0.0000");
        assert_eq!(rate_cell(v.card_rate()), "");
    }

    #[test]
    fn discipline_stages_follow_the_plan() {
        assert_eq!(discipline_stage(0), None);
        assert_eq!(discipline_stage(1), Some(Stage::Warning));
        assert_eq!(discipline_stage(2), Some(Stage::Penalty));
        assert_eq!(discipline_stage(3), Some(Stage::Dismissal));
        assert_eq!(discipline_stage(7), Some(Stage::Dismissal));
    }
}
