//! The seam between the center's desk and its engine: every operation the
//! center makes on its store ([`CenterOps`]), implemented for the embedded
//! SQLite file (here, over the SQL of `store::{center, trust, rulings,
//! settings, audit}`) and for PostgreSQL ([`super::pg`]); [`super::engine::CenterDb`] is the
//! engine a center runs on.

use super::super::{Result, audit, rulings, settings, trust};
use super::{
    BranchRow, CheckMark, NewRow, NewestRow, OnsiteLate, PeriodRow, ReportMeta, ReportRow,
};
use crate::domain::time::{Ts, from_unix};
use rusqlite::Connection;

/// A visitor of newest rows borrowed from the engine while they are read.
pub type EachNewest<'f> = &'f mut dyn for<'r> FnMut(NewestRow<'r>) -> Result<()>;
/// A visitor of a period's rows borrowed from the engine.
pub type EachPeriod<'f> = &'f mut dyn for<'r> FnMut(PeriodRow<'r>) -> Result<()>;

/// What deciding on a report needs, read under its branch's lock
/// ([`CenterOps::report_inputs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportInputs {
    /// The center's `accept_new_branches` setting.
    pub accept_new: Option<String>,
    /// The center knows the branch.
    pub known_branch: bool,
    /// The branch's pinned key.
    pub pinned_key: Option<String>,
    /// The branch-day's report as the center holds it.
    pub existing: Option<ReportMeta>,
    /// Every generation of the branch-day the center holds.
    pub held: Vec<trust::HeldGeneration>,
}

/// Everything the center does with its store, inside one transaction.
pub trait CenterOps {
    /// Which engine: `"sqlite"` or `"postgresql"`.
    fn engine(&self) -> &'static str;

    // ---- settings and the trail ----
    fn setting(&mut self, key: &str) -> Result<Option<String>>;
    fn set_setting(&mut self, key: &str, value: &str) -> Result<()>;
    /// Appends an entry to the center's audit trail.
    fn record(
        &mut self,
        operator: &str,
        now: Ts,
        action: &str,
        job_no: &str,
        summary: String,
    ) -> Result<()>;
    /// Whether this transaction changed something not yet in the trail.
    fn changed(&mut self) -> Result<bool>;
    /// [`CenterOps::record`], only when this transaction changed something.
    fn record_if_changed(
        &mut self,
        operator: &str,
        now: Ts,
        action: &str,
        job_no: &str,
        summary: String,
    ) -> Result<()> {
        if self.changed()? {
            self.record(operator, now, action, job_no, summary)?;
        }
        Ok(())
    }
    /// Changes when anything was written (a screen re-reads only then).
    fn data_version(&mut self) -> Result<i64>;

    // ---- branches and their keys ----
    fn has_branch(&mut self, code: &str) -> Result<bool>;
    fn add_branch(&mut self, code: &str, name: &str, now: Ts) -> Result<()>;
    fn branches(&mut self) -> Result<Vec<BranchRow>>;
    fn pinned_key(&mut self, branch: &str) -> Result<Option<String>>;
    fn pin_key(&mut self, branch: &str, key: &str) -> Result<()>;
    /// A branch a report came from: added (without a name) when new, and
    /// `key` pinned when it has none.
    fn add_branch_keyed(&mut self, code: &str, key: &str, now: Ts) -> Result<()> {
        self.add_branch(code, "", now)?;
        if self.pinned_key(code)?.is_none() {
            self.pin_key(code, key)?;
        }
        Ok(())
    }

    // ---- reports, their generations and rows ----
    /// Holds the branch-day for this transaction: two imports of the same
    /// branch-day never decide on it at once.
    fn lock_branch_day(&mut self, branch: &str, date: &str) -> Result<()>;
    fn report(&mut self, branch: &str, date: &str) -> Result<Option<ReportMeta>>;
    /// Holds the branch-day ([`CenterOps::lock_branch_day`]) and reads what
    /// deciding on its report needs (PostgreSQL: in one round trip, with
    /// the transaction's BEGIN and the report's savepoint).
    fn report_inputs(&mut self, branch: &str, date: &str) -> Result<ReportInputs> {
        self.lock_branch_day(branch, date)?;
        Ok(ReportInputs {
            accept_new: self.setting(settings::ACCEPT_NEW_BRANCHES)?,
            known_branch: self.has_branch(branch)?,
            pinned_key: self.pinned_key(branch)?,
            existing: self.report(branch, date)?,
            held: self.held(branch, date)?,
        })
    }
    fn latest_report_date(&mut self) -> Result<Option<String>>;
    fn reports_of_date(&mut self, date: &str) -> Result<Vec<ReportMeta>>;
    fn put_report(&mut self, meta: &ReportMeta) -> Result<()>;
    fn delete_rows(&mut self, branch: &str, date: &str, limit: usize) -> Result<usize>;
    /// False (nothing added) when the report has a row of that job already.
    fn insert_row(&mut self, branch: &str, date: &str, r: &NewRow) -> Result<bool>;
    /// Every row given to [`CenterOps::insert_row`] is stored.
    fn flush_rows(&mut self) -> Result<()>;
    fn rows_of(&mut self, branch: &str, date: &str) -> Result<Vec<ReportRow>>;
    fn held(&mut self, branch: &str, date: &str) -> Result<Vec<trust::HeldGeneration>>;
    fn anchors(&mut self, branch: &str) -> Result<Vec<trust::HeldGeneration>>;
    fn hold(&mut self, branch: &str, g: &trust::HeldGeneration) -> Result<()>;
    /// A savepoint for one report: a bad one is undone alone.
    fn savepoint(&mut self) -> Result<()>;
    fn rollback_to_savepoint(&mut self) -> Result<()>;
    fn release_savepoint(&mut self) -> Result<()>;

    // ---- checks ----
    fn mark_checked(&mut self, date: &str, mark: &CheckMark) -> Result<()>;
    fn checks_of_date(&mut self, date: &str) -> Result<Vec<CheckMark>>;

    // ---- the supervisor's reads ----
    fn is_center(&mut self) -> Result<bool>;
    fn each_pending_callback(
        &mut self,
        last: &str,
        before: Option<Ts>,
        f: EachNewest,
    ) -> Result<()>;
    fn each_review_row(&mut self, f: EachNewest) -> Result<()>;
    fn onsite_late(&mut self, last: &str) -> Result<Vec<OnsiteLate>>;
    fn each_row_between(
        &mut self,
        branch: &str,
        first: &str,
        last: &str,
        f: EachPeriod,
    ) -> Result<()>;
    fn each_newest_voice(
        &mut self,
        f: &mut dyn FnMut(&str, &str, &str) -> Result<()>,
    ) -> Result<()>;

    // ---- cases and rulings ----
    fn newest_case_rows(&mut self) -> Result<Vec<rulings::CaseRowCells>>;
    fn ruling(&mut self, branch: &str, case_id: i64) -> Result<Option<rulings::RulingRow>>;
    fn insert_ruling(&mut self, r: &rulings::RulingRow) -> Result<()>;
    fn unexported_rulings(&mut self) -> Result<Vec<rulings::RulingRow>>;
    fn mark_ruling_exported(
        &mut self,
        branch: &str,
        case_id: i64,
        at: Ts,
        file: &str,
    ) -> Result<()>;
}

/// The SQLite engine: a connection inside one of `Store`'s transactions.
pub struct SqliteOps<'c>(pub &'c Connection);

impl CenterOps for SqliteOps<'_> {
    fn engine(&self) -> &'static str {
        "sqlite"
    }
    fn setting(&mut self, key: &str) -> Result<Option<String>> {
        settings::get(self.0, key)
    }
    fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        settings::set(self.0, key, value)
    }
    fn record(
        &mut self,
        operator: &str,
        now: Ts,
        action: &str,
        job_no: &str,
        summary: String,
    ) -> Result<()> {
        audit::append(
            self.0,
            &audit::Entry {
                at: Some(from_unix(now.timestamp())),
                operator,
                action,
                job_no,
                summary,
            },
        )?;
        Ok(())
    }
    fn changed(&mut self) -> Result<bool> {
        audit::pending(self.0)
    }
    fn data_version(&mut self) -> Result<i64> {
        super::super::data_version(self.0)
    }
    fn has_branch(&mut self, code: &str) -> Result<bool> {
        super::has_branch(self.0, code)
    }
    fn add_branch(&mut self, code: &str, name: &str, now: Ts) -> Result<()> {
        super::add_branch(self.0, code, name, now)
    }
    fn branches(&mut self) -> Result<Vec<BranchRow>> {
        super::branches(self.0)
    }
    fn pinned_key(&mut self, branch: &str) -> Result<Option<String>> {
        trust::pinned_key(self.0, branch)
    }
    fn pin_key(&mut self, branch: &str, key: &str) -> Result<()> {
        trust::pin_key(self.0, branch, key)
    }
    fn lock_branch_day(&mut self, _branch: &str, _date: &str) -> Result<()> {
        // `Store::write` holds SQLite's one write lock for the transaction.
        Ok(())
    }
    fn report(&mut self, branch: &str, date: &str) -> Result<Option<ReportMeta>> {
        super::report(self.0, branch, date)
    }
    fn latest_report_date(&mut self) -> Result<Option<String>> {
        super::latest_report_date(self.0)
    }
    fn reports_of_date(&mut self, date: &str) -> Result<Vec<ReportMeta>> {
        super::reports_of_date(self.0, date)
    }
    fn put_report(&mut self, meta: &ReportMeta) -> Result<()> {
        super::put_report(self.0, meta)
    }
    fn delete_rows(&mut self, branch: &str, date: &str, limit: usize) -> Result<usize> {
        super::delete_rows(self.0, branch, date, limit)
    }
    fn insert_row(&mut self, branch: &str, date: &str, r: &NewRow) -> Result<bool> {
        super::insert_row(self.0, branch, date, r)
    }
    fn flush_rows(&mut self) -> Result<()> {
        Ok(())
    }
    fn rows_of(&mut self, branch: &str, date: &str) -> Result<Vec<ReportRow>> {
        super::rows_of(self.0, branch, date)
    }
    fn held(&mut self, branch: &str, date: &str) -> Result<Vec<trust::HeldGeneration>> {
        trust::held(self.0, branch, date)
    }
    fn anchors(&mut self, branch: &str) -> Result<Vec<trust::HeldGeneration>> {
        trust::anchors(self.0, branch)
    }
    fn hold(&mut self, branch: &str, g: &trust::HeldGeneration) -> Result<()> {
        trust::hold(self.0, branch, g)
    }
    fn savepoint(&mut self) -> Result<()> {
        Ok(self.0.execute_batch("SAVEPOINT report")?)
    }
    fn rollback_to_savepoint(&mut self) -> Result<()> {
        Ok(self.0.execute_batch("ROLLBACK TO report")?)
    }
    fn release_savepoint(&mut self) -> Result<()> {
        Ok(self.0.execute_batch("RELEASE report")?)
    }
    fn mark_checked(&mut self, date: &str, mark: &CheckMark) -> Result<()> {
        super::mark_checked(self.0, date, mark)
    }
    fn checks_of_date(&mut self, date: &str) -> Result<Vec<CheckMark>> {
        super::checks_of_date(self.0, date)
    }
    fn is_center(&mut self) -> Result<bool> {
        super::is_center(self.0)
    }
    fn each_pending_callback(
        &mut self,
        last: &str,
        before: Option<Ts>,
        f: EachNewest,
    ) -> Result<()> {
        super::each_pending_callback(self.0, last, before, f)
    }
    fn each_review_row(&mut self, f: EachNewest) -> Result<()> {
        super::each_review_row(self.0, f)
    }
    fn onsite_late(&mut self, last: &str) -> Result<Vec<OnsiteLate>> {
        super::onsite_late(self.0, last)
    }
    fn each_row_between(
        &mut self,
        branch: &str,
        first: &str,
        last: &str,
        f: EachPeriod,
    ) -> Result<()> {
        super::each_row_between(self.0, branch, first, last, f)
    }
    fn each_newest_voice(
        &mut self,
        f: &mut dyn FnMut(&str, &str, &str) -> Result<()>,
    ) -> Result<()> {
        super::each_newest_voice(self.0, f)
    }
    fn newest_case_rows(&mut self) -> Result<Vec<rulings::CaseRowCells>> {
        rulings::newest_case_rows(self.0)
    }
    fn ruling(&mut self, branch: &str, case_id: i64) -> Result<Option<rulings::RulingRow>> {
        rulings::get(self.0, branch, case_id)
    }
    fn insert_ruling(&mut self, r: &rulings::RulingRow) -> Result<()> {
        rulings::insert(self.0, r)
    }
    fn unexported_rulings(&mut self) -> Result<Vec<rulings::RulingRow>> {
        rulings::unexported(self.0)
    }
    fn mark_ruling_exported(
        &mut self,
        branch: &str,
        case_id: i64,
        at: Ts,
        file: &str,
    ) -> Result<()> {
        rulings::mark_exported(self.0, branch, case_id, at, file)
    }
}
