//! What keeps the records trustworthy: the audit trail's check and log, and
//! backups.

use super::{Desk, Result};
use crate::domain::time::Ts;
use crate::store::audit::{self, LogEntry, Verdict};
use crate::store::{backup, settings};
use std::path::{Path, PathBuf};

impl Desk {
    /// Checks the chain and every audited row against its newest entry.
    pub fn audit_verify(&mut self) -> Result<Verdict> {
        self.store.read(|c| Ok(audit::verify(c)?))
    }

    /// The trail, oldest first; of one job when `job_no` is given.
    pub fn audit_log(&mut self, job_no: Option<&str>) -> Result<Vec<LogEntry>> {
        self.store.read(|c| {
            Ok(match job_no {
                Some(j) => audit::log_of_job(c, j)?,
                None => audit::log(c)?,
            })
        })
    }

    /// A consistent copy of the database at `to`, else at the default place
    /// named by the local time of `now`. Returns where it was written.
    pub fn backup(&mut self, to: Option<&Path>, now: Ts) -> Result<PathBuf> {
        let dest = match to {
            Some(p) => p.to_path_buf(),
            None => backup::default_path(
                self.store.path(),
                &self.zone.local(now).format("%Y%m%d-%H%M%S").to_string(),
            ),
        };
        self.store.backup_to(&dest)?;
        Ok(dest)
    }

    /// The dashboard's daily backup: at the first start of each local day,
    /// then only the newest `backup_keep` are kept. Returns the new backup.
    pub fn daily_backup(&mut self, now: Ts) -> Result<Option<PathBuf>> {
        let path = self.store.path().to_path_buf();
        if path.as_os_str() == ":memory:" {
            return Ok(None);
        }
        let day = self.zone.local(now).format("%Y%m%d").to_string();
        if backup::taken_on(&path, &day) {
            return Ok(None);
        }
        let keep = settings::get(self.store.conn(), settings::BACKUP_KEEP)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(backup::DEFAULT_KEEP);
        let made = self.backup(None, now)?;
        backup::rotate(&path, keep)
            .map_err(|e| super::DeskError::Invalid(format!("rotating backups: {e}")))?;
        Ok(Some(made))
    }
}
