//! The supervisor's review as one model: overdue callbacks with who they
//! belong to and what has been done about them, suspected forgeries with
//! the card and the calls side by side, the engineers' scorecard, the
//! re-visit chains and the items acted on. Pure data: a branch's desk
//! (`desk::supervise`) and the center (`center::supervise`) fill it, the
//! screen and the command line show it.

use super::callback::CallbackResult;
use super::card::Card;
use super::escalation::{EscalationItem, EscalationState};
use super::reconcile::{DiscrepancyKind, DiscrepancyStatus};
use super::scorecard::{EngineerScore, Period};
use super::status::JobStatus;
use super::time::Ts;
use super::visit::{CallbackKind, Outcome};
use chrono::NaiveDate;
use serde::Serialize;

/// What a supervisor escalates or acknowledges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Callback {
        job_id: i64,
        callback_id: i64,
    },
    Discrepancy {
        job_id: i64,
        discrepancy_id: i64,
    },
    /// A whole job (a re-visit chain, by its original).
    Job {
        job_id: i64,
    },
}

/// The newest action on an item, as shown and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalation {
    pub state: EscalationState,
    /// To whom it was escalated (blank for an acknowledgement).
    pub to: String,
    pub note: String,
    /// The supervisor (operator) who acted, and when.
    pub by: String,
    pub at: String,
    /// When and by whom the item itself was dealt with afterwards.
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
    /// For an acknowledgement after an escalation: that escalation's target
    /// and note.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub escalated_to: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub escalation_note: String,
    #[serde(skip)]
    pub at_ts: Ts,
}

/// A pending callback for the supervisor; `overdue --json` lists the
/// overdue ones with the SPEC's keys first.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueCallback {
    pub job_no: String,
    pub kind: Option<CallbackKind>,
    pub due_at: String,
    pub overdue_minutes: i64,
    pub attempts: i64,
    pub engineer: String,
    pub branch: String,
    pub customer: String,
    pub phone: String,
    /// `none`, `escalated`, `acknowledged` or `escalated_resolved`.
    pub escalation_state: &'static str,
    /// Boxed: most have none, and a national review holds every pending
    /// callback (an inline one would double each entry's size).
    pub escalation: Option<Box<Escalation>>,
    #[serde(skip)]
    pub target: Target,
    #[serde(skip)]
    pub due_ts: Ts,
    #[serde(skip)]
    pub started_ts: Ts,
}

/// Why a job is a suspected forgery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suspicion {
    Discrepancy {
        id: i64,
        kind: DiscrepancyKind,
        status: DiscrepancyStatus,
        detail: String,
        raised_at: Ts,
        resolved_at: Option<Ts>,
        resolved_by: Option<String>,
    },
    /// The customer said on a callback that they did not sign.
    Denied { callback_id: i64, at: Ts },
}

/// One call, for the side-by-side view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallLine {
    pub kind: Option<CallbackKind>,
    pub at: Ts,
    pub result: Option<CallbackResult>,
    pub note: String,
    pub operator: String,
}

/// A suspected forgery: the card and the calls side by side.
#[derive(Debug, Clone)]
pub struct Forgery {
    pub job_no: String,
    pub branch: String,
    pub customer: String,
    pub phone: String,
    pub engineer: String,
    pub card: Option<Card>,
    pub suspicions: Vec<Suspicion>,
    pub calls: Vec<CallLine>,
    /// Still to deal with: an open discrepancy, or a denial not yet turned
    /// into one by the reconciliation.
    pub open: bool,
    pub target: Target,
    pub escalation: Option<Escalation>,
    /// On a center's database: what the branch's newest report row says
    /// (the center has no card or call records of its own); `None` on a
    /// branch's database.
    pub report: Option<ReportSide>,
}

/// A suspect job as a branch's daily report tells it (center databases).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportSide {
    pub report_date: String,
    pub card_state: String,
    pub charge: String,
    pub receipt_no: String,
    /// Every discrepancy of the row, open or resolved (`;`-separated codes).
    pub discrepancies: String,
    pub callback_kind: String,
    pub callback_result: String,
    pub callback_attempts: String,
}

/// One job of a re-visit chain.
#[derive(Debug, Clone)]
pub struct ChainLink {
    pub job_no: String,
    pub status: JobStatus,
    pub engineer: String,
    pub received_at: Option<Ts>,
    /// (when, outcome, engineer) of each visit.
    pub visits: Vec<(Option<Ts>, Outcome, String)>,
    /// Every call's result, in order.
    pub results: Vec<(Ts, Option<CallbackResult>)>,
}

/// An original job and its re-visits, until the customer was satisfied.
#[derive(Debug, Clone)]
pub struct Chain {
    pub job_no: String,
    pub customer: String,
    pub branch: String,
    pub links: Vec<ChainLink>,
    pub visits: usize,
    /// The last job of the chain is done: the customer is satisfied.
    pub satisfied: bool,
    pub target: Target,
    pub escalation: Option<Escalation>,
}

/// An item a supervisor acted on: its newest action and, once dealt with,
/// who dealt with it.
#[derive(Debug, Clone)]
pub struct Acted {
    pub job_no: String,
    pub item: EscalationItem,
    /// For a callback: its due time; for a discrepancy: its kind.
    pub callback_due: Option<Ts>,
    pub discrepancy_kind: Option<DiscrepancyKind>,
    pub escalation: Escalation,
    pub target: Target,
}

/// Everything the supervisor's screen shows, read at once.
#[derive(Debug, Clone)]
pub struct Supervision {
    pub branch: Option<String>,
    pub period: Period,
    pub first_day: NaiveDate,
    pub today: NaiveDate,
    /// Every pending callback (the screen derives which are overdue as the
    /// clock ticks).
    pub pending: Vec<OverdueCallback>,
    pub forgeries: Vec<Forgery>,
    pub scores: Vec<EngineerScore>,
    pub chains: Vec<Chain>,
    /// Items acted on: every one still escalated, and those acted on or
    /// dealt with in the period; the newest action first.
    pub acted: Vec<Acted>,
    /// On a center's database: the branches whose reports it is made from
    /// (every list then spans them all, and nothing can be escalated here);
    /// `None` on a branch's database.
    pub center: Option<Vec<String>>,
    /// The complaints not settled (the screen derives which
    /// answers are overdue as the clock ticks) and the open jobs past their
    /// on-site promise; empty on a center's database.
    pub complaints: Vec<super::complaint::ComplaintItem>,
    pub onsite_late: Vec<super::complaint::OnsiteItem>,
    /// The network's rates of the period per engineer and for the
    /// branch, with the discipline stage; `None` on a center's database.
    pub voice: Option<super::voice::VoiceTable>,
}
