//! What the dashboard's files share below the `App`: the panels, one read
//! of the snapshot ([`load`], done on the screen's thread or by the
//! background loader) and the countdown's text.

use super::form::Form;
use crate::desk::{DayCallbacks, Desk, DeskError, JobDetail, StatusReport};
use crate::domain::callback::{Urgency, overdue_minutes, urgency};
use crate::domain::reconcile::DiscrepancyKind;
use crate::domain::time::Ts;
use crate::domain::time::Zone;
use crate::i18n::{Lang, T, trf};
use crate::store::escalations::EscalationRow;
use crate::store::jobs::SearchFields;
use chrono::{DateTime, FixedOffset};
use std::collections::{HashMap, HashSet};

/// Days of callback history the chart shows.
pub const HISTORY_DAYS: u32 = 14;

/// The panels; `Verify` is the *to verify* list and `Book` the open jobs
/// waiting for an appointment or a visit, each shown in place of the four.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Panel {
    Jobs,
    Callbacks,
    Cards,
    Discrepancies,
    Verify,
    Book,
}

impl Panel {
    pub const ALL: [Panel; 6] = [
        Panel::Jobs,
        Panel::Callbacks,
        Panel::Cards,
        Panel::Discrepancies,
        Panel::Verify,
        Panel::Book,
    ];

    pub const MAIN: [Panel; 4] = [
        Panel::Jobs,
        Panel::Callbacks,
        Panel::Cards,
        Panel::Discrepancies,
    ];

    pub fn index(self) -> usize {
        match self {
            Panel::Jobs => 0,
            Panel::Callbacks => 1,
            Panel::Cards => 2,
            Panel::Discrepancies => 3,
            Panel::Verify => 4,
            Panel::Book => 5,
        }
    }

    /// Shown in place of the four main panels.
    pub fn is_full_screen(self) -> bool {
        matches!(self, Panel::Verify | Panel::Book)
    }

    pub fn title(self) -> T {
        match self {
            Panel::Jobs => T::PanelJobs,
            Panel::Callbacks => T::PanelCallbacks,
            Panel::Cards => T::PanelCards,
            Panel::Discrepancies => T::PanelDiscrepancies,
            Panel::Verify => T::PanelVerify,
            Panel::Book => T::PanelBook,
        }
    }
}

/// One read of everything the dashboard shows.
pub(super) struct Loaded {
    pub data_version: i64,
    pub report: StatusReport,
    /// By job number (made by the reader: in the background loader, not
    /// on the screen's thread).
    pub search: HashMap<String, SearchFields>,
    pub history: Vec<DayCallbacks>,
    pub detail: Option<JobDetail>,
    pub escalated: Vec<EscalationRow>,
}

pub(super) fn load(
    desk: &mut Desk,
    now: DateTime<FixedOffset>,
    detail_job: Option<&str>,
) -> Result<Loaded, DeskError> {
    // The callbacks panel lists the follow-ups after the timed callbacks.
    let mut report = desk.status(now)?;
    let followups: Vec<_> = report
        .followups_pending
        .iter()
        .map(|f| f.as_callback())
        .collect();
    report.callbacks_pending.extend(followups);
    Ok(Loaded {
        data_version: desk.data_version()?,
        report,
        search: desk
            .search_fields(now.date_naive())?
            .into_iter()
            .map(|s| (s.job_no.clone(), s))
            .collect(),
        history: desk.callback_history(now.date_naive(), HISTORY_DAYS, now.to_utc())?,
        detail: match detail_job {
            Some(job) => Some(desk.job_detail(job)?),
            None => None,
        },
        escalated: desk.escalated_items()?,
    })
}

/// `H:MM`.
pub fn hours_minutes(minutes: i64) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// The countdown of a pending callback: whole minutes left, rounded up
/// (`due in 0:01` until the due second), or overdue, rounded down.
pub fn countdown(lang: Lang, started: Ts, due: Ts, now: Ts) -> (String, Urgency) {
    let u = urgency(started, due, now);
    let text = if u == Urgency::Overdue {
        trf(
            lang,
            T::OverdueBy,
            &[&hours_minutes(overdue_minutes(due, now))],
        )
    } else {
        let secs = (due - now).num_seconds().max(0);
        trf(lang, T::DueIn, &[&hours_minutes((secs + 59) / 60)])
    };
    (text, u)
}

/// An entry of the *to verify* list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyEntry {
    Missing(usize),
    Conflict(usize),
    Invoice(usize),
    Loaner(usize),
}

/// Marks shown wherever a job appears.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// Late by more than 15 minutes today: minutes.
    pub late: HashMap<String, i64>,
    pub invoice_owed: HashSet<String>,
    pub loaner_late: HashSet<String>,
    /// Escalated by a supervisor: callbacks by (job, due second) and
    /// discrepancies by (job, kind).
    pub escalated_callbacks: HashSet<(String, i64)>,
    pub escalated_discrepancies: HashSet<(String, DiscrepancyKind)>,
    /// Jobs with a complaint not settled, and jobs past their
    /// on-site commitment.
    pub complaint: HashSet<String>,
    pub onsite_late: HashSet<String>,
    /// Jobs whose appointment clashes with another of the engineer's.
    pub conflict: HashSet<String>,
    /// Repeat repairs (返修).
    pub repeat: HashSet<String>,
}

/// What a feature of the dashboard reads of the `App`'s state: the
/// clerk's language, the time, the snapshot and its marks.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub lang: Lang,
    pub now: DateTime<FixedOffset>,
    pub zone: Zone,
    pub report: &'a StatusReport,
    pub marks: &'a Marks,
    /// The searchable fields of the listed jobs, by job number.
    pub search: &'a HashMap<String, SearchFields>,
}

impl Ctx<'_> {
    pub fn now_ts(&self) -> Ts {
        self.now.to_utc()
    }
}

/// What a feature asks of the `App` after an action on its own state.
#[derive(Debug)]
pub enum Outcome {
    Nothing,
    /// A form to open.
    Form(Form),
    Say(String),
    Warn(String),
    /// A write went through: said, and the snapshot read again.
    Saved(String),
}
