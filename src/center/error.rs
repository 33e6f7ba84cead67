//! The center's refusals and errors: what went wrong, with the data the
//! clerk needs (the branch, the case, the file, the reason), and the cause
//! kept as the source. `said.rs` says each in the clerk's language; the
//! English text is each variant's `Display` (what scripts read).

use crate::desk::DeskError;
use crate::store::StoreError;
use chrono::NaiveTime;

pub type Result<T, E = CenterError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum CenterError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An operation the center shares with the branches (the supervisor's
    /// review, the summaries' rows) refused or failed.
    #[error(transparent)]
    Desk(#[from] DeskError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A branch code that cannot be one (`why`: the rule it breaks).
    #[error("{why}")]
    BadBranchCode { code: String, why: String },
    /// A public key that is not one (`why`: what is wrong with it).
    #[error("{why}")]
    BadKey { key: String, why: String },
    #[error(
        "branch {branch} already has the key {pinned} pinned; to pin another, say why: \
         branchdesk center branches rekey {branch} --key HEX --reason TEXT"
    )]
    KeyPinned { branch: String, pinned: String },
    #[error("a reason is required to pin another key (it goes into the audit trail)")]
    RekeyNeedsReason,
    /// A branch the center does not know (`check`, `anchors`, `rekey`).
    #[error(
        "branch {0} is not known here: add it with branchdesk center branches add {0} --key HEX"
    )]
    UnknownBranch(String),
    #[error("{} is not a check time (check times: {times})", time.format("%H:%M"))]
    NotACheckTime { time: NaiveTime, times: String },
    /// A check recorded for a day that has not come.
    #[error("{date} has not come yet (today is {today}): a branch is checked on the day")]
    CheckAhead {
        date: chrono::NaiveDate,
        today: chrono::NaiveDate,
    },
    /// A time typed that does not read (`why`: the reason).
    #[error("{why}")]
    BadTime { text: String, why: String },
    #[error(
        "branch {branch} has reported no case {case_id} (its newest report carries the cases \
         not closed: center cases lists them)"
    )]
    NoCase { branch: String, case_id: i64 },
    #[error("case {case_id} of branch {branch} is already ruled: {decision} by {by} at {at}")]
    AlreadyRuled {
        branch: String,
        case_id: i64,
        decision: String,
        by: String,
        at: String,
    },
    #[error("a ruling needs a note (--note)")]
    RulingNeedsNote,
    /// A note with a control character in it (`why`: which).
    #[error("{0}")]
    ControlChar(String),
    /// A file or folder that could not be read or written (the command
    /// line says the cause after it: `PATH: reason`).
    #[error("{path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A file that could not be made (`what`: which; the cause follows).
    #[error("writing {what}")]
    Write {
        what: Made,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The center's signing key could not be had (`why`: the key ring's
    /// reason).
    #[error("{0}")]
    Key(String),
    /// A report row's `voice` cell that does not read.
    #[error("branch {branch} job {job_no}: voice: {why}")]
    BadVoice {
        branch: String,
        job_no: String,
        why: String,
    },
    /// A setting's value refused (`why`: the rule it breaks).
    #[error("{why}")]
    BadSetting { key: String, why: String },
    #[error("mouse is on or off, not {0:?}")]
    BadMouse(String),
    #[error(
        "{0:?} is not a setting of a center (timezone, check_times, reports_dir, \
         accept_new_branches, mouse)"
    )]
    UnknownSetting(String),
    #[error("{0} is not set")]
    NotSet(String),
    /// The reading of the reports ended before the import did.
    #[error("reading the reports stopped unexpectedly")]
    ReadingStopped,
    #[error("reading the reports went out of step")]
    OutOfStep,
    /// A branch's command on a center's PostgreSQL database (`url`: shown
    /// without its password).
    #[error(
        "a PostgreSQL database (--db {0}) holds a center: only `center …`, `overdue`, \
         `supervise`, `config` and `audit verify` run on it; this command needs a branch's SQLite file \
         (--db FILE)"
    )]
    BranchCommandOnPg(String),
    /// `center import`: some reports were rejected (the others imported).
    #[error("{dir}: {rejected} of {files} report(s) rejected (nothing of those applied)")]
    Rejected {
        dir: String,
        rejected: usize,
        files: usize,
    },
}

/// What the center writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    Summary,
    SummaryXlsx,
    Spreadsheet,
}

impl std::fmt::Display for Made {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Made::Summary => "the summary",
            Made::SummaryXlsx => "the summary's xlsx",
            Made::Spreadsheet => "the spreadsheet",
        })
    }
}

impl CenterError {
    /// A file or folder that could not be read or written.
    pub fn io(path: &std::path::Path, source: std::io::Error) -> CenterError {
        CenterError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// A file that could not be made.
    pub fn write(
        what: Made,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> CenterError {
        CenterError::Write {
            what,
            source: Box::new(source),
        }
    }

    /// A branch code checked (the code in the file name, typed, or given).
    pub fn branch_code(code: &str) -> Result<()> {
        crate::io::records::valid_branch_code(code).map_err(|why| CenterError::BadBranchCode {
            code: code.to_string(),
            why,
        })
    }

    /// A public key read (64 hex), as 64 lower-case hex.
    pub fn public_key(key: &str) -> Result<String> {
        crate::domain::signing::parse_public_key(key)
            .map(|k| crate::domain::signing::hex(k.as_bytes()))
            .map_err(|why| CenterError::BadKey {
                key: key.to_string(),
                why,
            })
    }
}
