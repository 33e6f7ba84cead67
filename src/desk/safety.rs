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
        backup::rotate(&path, keep).map_err(|e| super::DeskError::io("rotating backups", e))?;
        Ok(Some(made))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::{t, zone};
    use crate::store::Store;

    #[test]
    fn the_daily_backup_is_taken_once_a_day_and_keeps_the_newest_n() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("branch.db");
        let mut d = Desk::new(Store::open(&db).unwrap(), "clerk").unwrap();
        d.zone = zone();
        d.set_setting("backup_keep", "3", t("2026-11-01 08:00"))
            .unwrap();
        assert!(
            d.set_setting("backup_keep", "0", t("2026-11-01 08:00"))
                .is_err()
        );
        for day in 1..=5 {
            let morning = t(&format!("2026-11-{day:02} 08:30"));
            let made = d
                .daily_backup(morning)
                .unwrap()
                .expect("first start of the day");
            assert!(made.ends_with(format!("backups/branch-202611{day:02}-083000.db")));
            // Later the same day: none.
            let noon = t(&format!("2026-11-{day:02} 12:00"));
            assert_eq!(d.daily_backup(noon).unwrap(), None);
        }
        let left: Vec<String> = backup::list(&db)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            left,
            [
                "branch-20261103-083000.db",
                "branch-20261104-083000.db",
                "branch-20261105-083000.db"
            ]
        );
        // Each is a whole database with the trail of its day.
        let copy = Store::open(&backup::list(&db)[0]).unwrap();
        let v = crate::store::audit::verify(copy.conn()).unwrap();
        assert!(v.is_intact(), "{v}");
    }
}
