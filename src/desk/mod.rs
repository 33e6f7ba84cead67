//! The application layer: each operation of the clerk (an import, a callback
//! result, a reconciliation …) reads facts through the store, applies the
//! domain rules and writes the result in one transaction. The CLI and the
//! screens call these; neither speaks SQL nor decides rules.

pub mod anchors;
pub mod callbacks;
pub mod cards;
pub mod cases;
pub mod complaints;
pub mod corrections;
pub mod detail;
pub mod escalations;
pub mod export;
pub mod fees;
pub(crate) mod import;
pub mod jobs;
pub mod ledger;
pub mod reconcile;
mod report;
pub mod restore;
pub(crate) mod safety;
pub mod said;
pub mod signing_key;
pub mod summary;
pub mod supervise;
pub mod visits;
pub mod voice;
pub mod xlsx;

pub use callbacks::{CallbackOutcome, DayCallbacks};
pub use corrections::{Change, Corrected};
pub use detail::{JobDetail, TimelineEntry, TimelineEvent};
pub use import::ImportSummary;
pub use reconcile::{ReconcileReport, Reconciled};
pub use report::{
    CallbackItem, CardItem, ConflictItem, DiscrepancyItem, InvoiceItem, JobItem, OpenJobItem,
    ReturnItem, StatusReport, VerifyItem,
};
pub use visits::VisitRecorded;

use crate::domain::status::job_status;
use crate::domain::time::{Ts, Zone, parse_hhmm};
use crate::io::Problem;
use crate::store::{Store, StoreError, audit, settings};
use chrono::NaiveTime;
use rusqlite::Connection;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A rejected input file: every problem, nothing applied.
    #[error("{file}: rejected, {} problem(s); nothing was imported", problems.len())]
    Rejected {
        file: String,
        problems: Vec<Problem>,
        /// The header's unknown cells, named once as ignored even when the
        /// file is refused (SPEC, *third round*).
        ignored: Vec<String>,
    },
    /// The center's refusals as text (until it has an error type of its
    /// own); the desk's own have typed variants below.
    #[error("{0}")]
    NotFound(String),
    /// As [`DeskError::NotFound`]: the center's.
    #[error("{0}")]
    Invalid(String),
    /// A file could not be read or written (`what`: the file, or what was
    /// being written); the I/O error kept as the source.
    #[error("{what}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    /// A report or spreadsheet could not be made (`what`: which).
    #[error("{what}")]
    Write {
        what: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("this database has no branch yet: import its jobs first")]
    NoBranch,
    /// A day's report asked for before that day began (the center refuses
    /// a report of a day to come).
    #[error("{date} has not begun (today is {today}): a day's report is made on or after its day")]
    DayNotBegun { date: String, today: String },
    /// A setting's value refused (`why`: the rule it breaks).
    #[error("{why}")]
    BadSetting { key: String, why: String },
    #[error("unknown setting {0:?}")]
    UnknownSetting(String),
    #[error(transparent)]
    Restore(#[from] restore::RestoreRefused),
    #[error("no case {0}")]
    NoCase(i64),
    /// A case or a delay without its note (`what`: `a case`, `closing` …).
    #[error("{0} needs a note (--note)")]
    NeedsNote(String),
    // The refusals a clerk meets on the screens, with their data, so that
    // `said::desk_error` says them in the clerk's language.
    #[error("no job {0:?}")]
    NoJob(String),
    #[error("job {0} has no pending callback to retry")]
    NoPendingCallback(String),
    /// A callback result for a job no engineer has visited (and with no
    /// callback pending): there is no call to log.
    #[error("job {0} was never visited and has no callback pending: there is no call to log")]
    NeverVisited(String),
    #[error("job {job_no} has no {kind} discrepancy")]
    NoDiscrepancy {
        job_no: String,
        kind: crate::domain::reconcile::DiscrepancyKind,
    },
    #[error("the {kind} discrepancy of job {job_no} is already resolved by {by}")]
    AlreadyResolved {
        job_no: String,
        kind: crate::domain::reconcile::DiscrepancyKind,
        by: String,
    },
    #[error("job {0} owes no invoice")]
    NoInvoiceOwed(String),
    #[error("the card of job {0} is already recorded")]
    CardAlreadyRecorded(String),
    #[error("job {0} already has a visit at that time")]
    VisitExists(String),
    #[error("job {0} already exists")]
    JobExists(String),
    #[error("job {job_no} is of branch {branch}, but this database belongs to branch {this}")]
    OtherBranch {
        job_no: String,
        branch: String,
        this: String,
    },
    /// A correction of a record the job does not have yet (`what`:
    /// `visit`, `card` or `callback`).
    #[error(
        "job {job_no} has no {} to correct{}",
        no_record_name(what),
        no_record_hint(what)
    )]
    NoRecordToCorrect { job_no: String, what: &'static str },
    #[error("no complaint {0}")]
    NoComplaint(i64),
    #[error("complaint {0} is already settled")]
    ComplaintSettled(i64),
    #[error("complaint {0} was already responded to")]
    ComplaintResponded(i64),
    #[error("a complaint needs a note (--note)")]
    ComplaintNeedsNote,
    /// The branch has signed reports and its key file is gone: no new key
    /// is made by itself (`public`: the missing key, when known).
    #[error(
        "the signing key of branch {branch} is missing ({place} does not exist): this branch has signed its \
         reports with {}, which the center has pinned, so no new key is made by itself. Copy \
         that key file back from where it was kept apart from the backups (mode 0600), or make \
         a new one with `branchdesk key --new` and have the center re-pin it: `branchdesk center \
         branches rekey {branch} --key NEW_PUBLIC_KEY --reason TEXT`",
        public.as_ref().map(|k| format!("the key whose public key is {k}"))
            .unwrap_or_else(|| "a key this database did not record".into())
    )]
    KeyMissing {
        branch: String,
        place: String,
        public: Option<String>,
    },
    #[error("say to whom it is escalated")]
    NoTarget,
    #[error("an acknowledgement needs a note")]
    NoNote,
    /// A callback's answers that cannot go with its result: (field, why).
    #[error("{field}: {why}", field = .0.field(), why = .0)]
    BadAnswers(crate::domain::voice::AnswersRefused),
    // The refusals below are said as they are in English and, in Chinese,
    // by `said::reason` (each one's words there).
    /// A field's value refused (`why`: the rule, from the domain's checks).
    #[error("{field}: {why}")]
    BadField { field: String, why: String },
    /// Several fields refused at once, each `field: why`, said together.
    #[error("{}", fields_said(.0))]
    BadFields(Vec<(String, String)>),
    /// Fields a correction of this kind cannot change (each names the
    /// field and why).
    #[error("{}", .0.iter().map(|u| u.to_string()).collect::<Vec<_>>().join("; "))]
    NotCorrectable(Vec<crate::domain::correction::Uncorrectable>),
    /// A branch code that cannot be one (`why`: the rule, naming it).
    #[error("{why}")]
    BadBranchCode { code: String, why: String },
    /// A name, number or note with what a field may not hold (`what`:
    /// which, `why`: the rule, naming it).
    #[error("{why}")]
    BadText { what: &'static str, why: String },
    /// The branch's signing key file could not be read or made.
    #[error("{why}")]
    KeyFile { branch: String, why: String },
    /// An anchors file that cannot be read as one.
    #[error("{file}: {why}")]
    BadAnchors { file: String, why: String },
    /// The trail no longer holds the head a report sent to the center.
    #[error(
        "the trail no longer holds the head of the report of {date} generation {generation}: \
         entry {entries} hash {hash} ({now}); the trail was rewritten after that report was sent"
    )]
    AnchorLost {
        date: String,
        generation: i64,
        entries: i64,
        hash: String,
        /// What the trail holds there now.
        now: String,
    },
    /// A job gone between two statements of one import.
    #[error("job {0} vanished")]
    JobVanished(String),
    /// A callback gone between finding it and logging its result.
    #[error("callback vanished")]
    CallbackVanished,
    /// A case that cannot be closed (`why`: already closed, or not ruled).
    #[error("case {id} {why}")]
    CaseNotClosable { id: i64, why: &'static str },
    #[error("a delay needs the engineer")]
    DelayNeedsEngineer,
    #[error("--minutes: {0} is not a delay (1 to 1440 minutes)")]
    BadDelay(i64),
    #[error("job {0} has no customer waiting to be told of a delay")]
    NoOneToInform(String),
    /// A rulings file refused whole (`why`: what is wrong with it).
    #[error("{file}: {why}; nothing was imported")]
    RulingsRefused { file: String, why: String },
    #[error("a complaint needs a source (--source)")]
    ComplaintNeedsSource,
    #[error("a complaint needs a category (--category)")]
    ComplaintNeedsCategory,
    #[error("a correction needs a reason (--reason TEXT): why the record was wrong")]
    CorrectionNeedsReason,
    /// A correction with no `FIELD=VALUE` (`fields`: those of its kind).
    #[error("nothing to correct: give FIELD=VALUE (the fields of a {kind}: {})", fields.join(", "))]
    NothingToCorrect {
        kind: crate::domain::correction::CorrectKind,
        fields: Vec<&'static str>,
    },
    #[error("nothing changes: the {kind} of job {job_no} already has these values")]
    NothingChanges {
        kind: crate::domain::correction::CorrectKind,
        job_no: String,
    },
    /// A callback's correction that would take away a re-visit already
    /// visited (`field`: `result` or `card`'s field).
    #[error(
        "{field}: re-visit {revisit} opened by this unsatisfied {} already has a visit, \
         so it cannot be corrected away (log a new callback instead)",
        if field == "result" { "result" } else { "card" }
    )]
    RevisitVisited { field: String, revisit: String },
    /// `unreachable` for a call that was on no timed callback.
    #[error(
        "result: the call on job {0} was not on a timed callback; unreachable has nothing to retry"
    )]
    NothingToRetry(String),
    /// An escalation's target that does not exist (`item`: its code).
    #[error("no such {item} to act on (job id {job_id})")]
    NoSuchItem { item: &'static str, job_id: i64 },
    /// A report row the center would refuse.
    #[error(
        "job {job_no:?}: {column}: {why}. The center would refuse the whole report: \
         correct it first (`branchdesk correct job|visit|card {job_no} {column}=… \
         --reason TEXT`); nothing was exported"
    )]
    Unsendable {
        job_no: String,
        column: &'static str,
        why: String,
    },
    /// A day with as many reports as a day can have.
    #[error("{day}: {last} reports were exported already, the most a day can have")]
    TooManyReports { day: String, last: i64 },
    #[error("reading the file was stopped")]
    ReadStopped,
    #[error("a job needs a job number")]
    JobNeedsNumber,
    #[error("a visit needs an outcome")]
    VisitNeedsOutcome,
}

/// Fields refused together, `field: why; field: why`.
fn fields_said(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(f, why)| format!("{f}: {why}"))
        .collect::<Vec<_>>()
        .join("; ")
}

impl DeskError {
    /// A file that could not be read or written, with the I/O error.
    pub fn io(what: impl std::fmt::Display, source: std::io::Error) -> DeskError {
        DeskError::Io {
            what: what.to_string(),
            source,
        }
    }

    /// A report or spreadsheet that could not be made.
    pub fn write(
        what: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> DeskError {
        DeskError::Write {
            what,
            source: Box::new(source),
        }
    }

    /// Said as it is ([`said::reason`]: the command line's text, the
    /// screens' error), not with a label of its own on the screens.
    pub fn said_as_is(&self) -> bool {
        use DeskError as E;
        !matches!(
            self,
            E::Rejected { .. }
                | E::NoJob(_)
                | E::NoPendingCallback(_)
                | E::NeverVisited(_)
                | E::NoDiscrepancy { .. }
                | E::AlreadyResolved { .. }
                | E::NoInvoiceOwed(_)
                | E::CardAlreadyRecorded(_)
                | E::VisitExists(_)
                | E::JobExists(_)
                | E::OtherBranch { .. }
                | E::NoRecordToCorrect { .. }
                | E::NoComplaint(_)
                | E::ComplaintSettled(_)
                | E::ComplaintResponded(_)
                | E::ComplaintNeedsNote
                | E::KeyMissing { .. }
                | E::NoTarget
                | E::NoNote
                | E::BadAnswers(..)
        )
    }

    /// The whole text as `Display` said it before the source was kept:
    /// the message and, for an I/O or write error, its cause.
    pub fn text(&self) -> String {
        match self {
            DeskError::Io { what, source } => format!("{what}: {source}"),
            DeskError::Write { what, source } => format!("{what}: {source}"),
            e => e.to_string(),
        }
    }
}

fn bad_setting(key: &str, why: String) -> DeskError {
    DeskError::BadSetting {
        key: key.to_string(),
        why,
    }
}

fn no_record_name(what: &str) -> &str {
    if what == "callback" {
        "callback result"
    } else {
        what
    }
}

fn no_record_hint(what: &str) -> &'static str {
    if what == "card" {
        ": record the card first (import cards, or c on the dashboard)"
    } else {
        ""
    }
}

impl From<rusqlite::Error> for DeskError {
    fn from(e: rusqlite::Error) -> Self {
        DeskError::Store(StoreError::Sql(e))
    }
}

pub type Result<T, E = DeskError> = std::result::Result<T, E>;

/// A branch database with its settings, ready for the clerk's operations.
pub struct Desk {
    pub store: Store,
    pub zone: Zone,
    pub cutoff: NaiveTime,
    pub operator: String,
    /// The language of the spreadsheet written beside each report.
    pub lang: crate::i18n::Lang,
    /// Where the branch's signing key is kept (`crate::cli` gives the real
    /// folder; a desk made elsewhere holds its keys in memory).
    pub keys: crate::io::keys::KeyRing,
}

pub const DEFAULT_CUTOFF: &str = "17:00";

impl Desk {
    pub fn new(mut store: Store, operator: &str) -> Result<Desk> {
        store.set_operator(operator);
        let c = store.conn();
        let zone = match settings::get(c, settings::TIMEZONE)? {
            Some(name) => Zone::parse(&name).map_err(|why| bad_setting(settings::TIMEZONE, why))?,
            None => Zone::Machine,
        };
        let cutoff = parse_hhmm(
            &settings::get(c, settings::CUTOFF)?.unwrap_or_else(|| DEFAULT_CUTOFF.into()),
        )
        .map_err(|why| bad_setting(settings::CUTOFF, why))?;
        Ok(Desk {
            store,
            zone,
            cutoff,
            operator: operator.to_string(),
            lang: crate::i18n::Lang::Zh,
            keys: crate::io::keys::KeyRing::memory(),
        })
    }

    /// Who is at the keyboard from now on, for the audit trail.
    pub fn set_operator(&mut self, operator: &str) {
        self.operator = operator.to_string();
        self.store.set_operator(operator);
    }

    /// A setting's value as stored (`None`: not set).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(settings::get(self.store.conn(), key)?)
    }

    /// How many jobs this database holds.
    pub fn job_count(&self) -> Result<i64> {
        Ok(crate::store::jobs::count(self.store.conn())?)
    }

    /// Whether this is a center's database (it holds branches' reports).
    pub fn is_center(&self) -> Result<bool> {
        Ok(crate::store::center::is_center(self.store.conn())?)
    }

    pub fn branch(&self) -> Result<Option<String>> {
        Ok(settings::get(self.store.conn(), settings::BRANCH)?)
    }

    /// Sets a setting after checking its value.
    pub fn set_setting(&mut self, key: &str, value: &str, now: Ts) -> Result<()> {
        match key {
            settings::TIMEZONE => {
                self.zone = Zone::parse(value).map_err(|why| bad_setting(key, why))?
            }
            settings::CUTOFF => {
                self.cutoff = parse_hhmm(value).map_err(|why| bad_setting(key, why))?
            }
            settings::CHECK_TIMES => {
                crate::domain::center::parse_check_times(value)
                    .map_err(|why| bad_setting(key, why))?;
            }
            settings::REPORTS_DIR => {}
            settings::MOUSE if value == "on" || value == "off" => {}
            settings::MOUSE => {
                return Err(bad_setting(
                    key,
                    format!("mouse is on or off, not {value:?}"),
                ));
            }
            settings::ACCEPT_NEW_BRANCHES => {
                crate::domain::codes::parse_yes_no(value).map_err(|why| bad_setting(key, why))?;
            }
            k if crate::domain::voice::is_setting(k) => {
                crate::domain::voice::parse_setting(k, value)
                    .map_err(|why| bad_setting(key, why))?;
            }
            k if crate::domain::complaint::is_setting(k) => {
                crate::domain::complaint::parse_setting(k, value)
                    .map_err(|why| bad_setting(key, why))?;
            }
            // The workshop's working days, the center's key.
            crate::domain::workshop::WORKSHOP_DAYS => {
                crate::domain::workshop::parse_days(value).map_err(|why| bad_setting(key, why))?;
            }
            crate::domain::workshop::HOLIDAYS => {
                crate::domain::workshop::parse_holidays(value)
                    .map_err(|why| bad_setting(key, why))?;
            }
            crate::domain::case::CENTER_KEY => {
                crate::domain::signing::parse_public_key(value)
                    .map_err(|why| bad_setting(key, why))?;
            }
            settings::OPERATOR if value.trim().is_empty() => {
                return Err(bad_setting(key, "the operator needs a name".into()));
            }
            settings::OPERATOR => {}
            settings::BRANCH => {
                crate::io::records::valid_branch_code(value)
                    .map_err(|why| bad_setting(key, why))?;
                if let Some(b) = self.branch()?
                    && b != value
                {
                    return Err(bad_setting(
                        key,
                        format!("this database belongs to branch {b}; it cannot become {value}"),
                    ));
                }
            }
            settings::BACKUP_KEEP => {
                value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| {
                        bad_setting(
                            key,
                            format!("backup_keep is a number of backups, 1 or more, not {value:?}"),
                        )
                    })?;
            }
            other => return Err(DeskError::UnknownSetting(other.to_string())),
        }
        let operator = self.operator.clone();
        self.store.write(|c| {
            settings::set(c, key, value)?;
            record(c, &operator, now, "config", "", format!("{key} = {value}"))
        })
    }
}

/// Recomputes a job's derived status and card state from its facts (and its
/// original's, whose state depends on its open re-visits).
pub(crate) fn refresh(c: &Connection, job_id: i64) -> Result<()> {
    let job = crate::store::jobs::by_id(c, job_id)?;
    let facts = crate::store::jobs::facts(c, &job)?;
    let card = crate::domain::card::card_state(facts.visited(), facts.card.as_ref());
    crate::store::jobs::set_derived(c, job_id, job_status(&facts), card)?;
    if let Some(parent) = job.parent_id {
        refresh(c, parent)?;
    }
    Ok(())
}

/// Appends the audit entry of the operation this transaction made.
pub fn record(
    c: &Connection,
    operator: &str,
    now: Ts,
    action: &str,
    job_no: &str,
    summary: String,
) -> Result<()> {
    audit::append(
        c,
        &audit::Entry {
            at: Some(whole(now)),
            operator,
            action,
            job_no,
            summary,
        },
    )?;
    Ok(())
}

/// The same, only when the transaction changed something (a re-import of
/// the same file: no entry).
pub(crate) fn record_if_changed(
    c: &Connection,
    operator: &str,
    now: Ts,
    action: &str,
    job_no: &str,
    summary: String,
) -> Result<()> {
    if audit::pending(c)? {
        record(c, operator, now, action, job_no, summary)?;
    }
    Ok(())
}

/// The whole-seconds instant used for storage and comparisons.
/// An engineer's name typed by the clerk (a complaint's, a delay's),
/// trimmed: printable text, as the imports take it (SPEC: no control,
/// zero-width or bidirectional characters in an identifier), so that a
/// look-alike never counts as a second engineer.
pub(crate) fn engineer_name(name: &str) -> Result<String> {
    let name = name.trim();
    if !name.is_empty() {
        let what = "an engineer's name";
        crate::domain::job::printable_identifier(name, what)
            .map_err(|why| DeskError::BadText { what, why })?;
    }
    Ok(name.to_string())
}

pub(crate) fn whole(now: Ts) -> Ts {
    crate::domain::time::from_unix(now.timestamp())
}
