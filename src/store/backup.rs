//! Backups with SQLite's online backup API: a consistent copy of a live
//! database (other connections may be writing), page by page.
//!
//! The default place is `<db dir>/backups/<db name>-<YYYYMMDD-HHMMSS>.db`;
//! the names sort by time, which is how the newest is found and how the
//! rotation keeps the last N.

use super::{Result, Store, StoreError};
use rusqlite::Connection;
use rusqlite::backup::StepResult;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Backups the dashboard keeps by default (setting `backup_keep`).
pub const DEFAULT_KEEP: usize = 7;

/// `<db dir>/backups`.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "branchdesk".into())
}

/// The default file of a backup taken at local time `stamp`
/// (`YYYYMMDD-HHMMSS`).
pub fn default_path(db: &Path, stamp: &str) -> PathBuf {
    backup_dir(db).join(format!("{}-{stamp}.db", stem(db)))
}

/// This database's backups in the default place, oldest first.
pub fn list(db: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}-", stem(db));
    let mut out: Vec<PathBuf> = std::fs::read_dir(backup_dir(db))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| is_backup_name(n, &prefix))
        })
        .collect();
    out.sort();
    out
}

/// `<prefix>YYYYMMDD-HHMMSS.db`.
fn is_backup_name(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(".db"))
        .is_some_and(|stamp| {
            stamp.len() == 15
                && stamp
                    .char_indices()
                    .all(|(i, c)| if i == 8 { c == '-' } else { c.is_ascii_digit() })
        })
}

pub fn newest(db: &Path) -> Option<PathBuf> {
    list(db).pop()
}

/// Whether a backup was taken on the local day `yyyymmdd`.
pub fn taken_on(db: &Path, yyyymmdd: &str) -> bool {
    let prefix = format!("{}-{yyyymmdd}-", stem(db));
    list(db).iter().any(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&prefix))
    })
}

/// Deletes the oldest default backups beyond the newest `keep`; returns
/// those deleted.
pub fn rotate(db: &Path, keep: usize) -> std::io::Result<Vec<PathBuf>> {
    let all = list(db);
    let extra = all.len().saturating_sub(keep.max(1));
    let mut gone = Vec::new();
    for p in all.into_iter().take(extra) {
        std::fs::remove_file(&p)?;
        gone.push(p);
    }
    Ok(gone)
}

impl Store {
    /// Copies the database to `dest` (written beside it, then renamed into
    /// place, so that `dest` is never a half-written file). Safe while
    /// other connections read and write: the copy is one consistent state.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dest, e))?;
        }
        let tmp = dest.with_extension("db.part");
        let _ = std::fs::remove_file(&tmp);
        {
            let mut to = Connection::open(&tmp)?;
            let b = rusqlite::backup::Backup::new(self.conn(), &mut to)?;
            // All pages in one step: a writer cannot slip in between steps,
            // so the copy never restarts and is one snapshot.
            let mut waits = 0;
            loop {
                match b.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    // The source is locked only while a checkpoint runs.
                    _ if waits < 1000 => {
                        waits += 1;
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    _ => {
                        return Err(rusqlite::Error::SqliteFailure(
                            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                            Some("the database stayed busy during the backup".into()),
                        )
                        .into());
                    }
                }
            }
            drop(b);
            // The copy is a plain rollback-journal file on its own.
            to.pragma_update(None, "journal_mode", "DELETE")?;
        }
        std::fs::rename(&tmp, dest).map_err(|e| io_err(dest, e))?;
        Ok(())
    }
}

fn io_err(p: &Path, e: std::io::Error) -> StoreError {
    StoreError::Open {
        path: p.to_path_buf(),
        source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
    }
}

/// Why a backup file could not be copied for a restore.
#[derive(Debug, thiserror::Error)]
pub enum CopyRefused {
    // Each text is what follows the file's name in the refusal; the
    // SQLite error is part of it (so not a `source` said twice).
    /// The file does not open as a database.
    #[error("{0}")]
    Open(rusqlite::Error),
    /// The file opens but is no database (`quick_check` cannot run).
    #[error("not a database ({0})")]
    NotADatabase(rusqlite::Error),
    /// `quick_check` found damage: its first line.
    #[error("the backup is damaged ({0}); nothing was restored")]
    Damaged(String),
    /// A schema this version does not know (0: none at all).
    #[error("not a backup of a branchdesk database this version knows (schema {0})")]
    UnknownSchema(i64),
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

/// Copies the backup `from` (opened read-only, never changed) whole into
/// the new file `to`, after checking it is sound and of a schema this
/// version knows (1 to `SCHEMA_VERSION`); the copy is left in rollback
/// journal mode, ready to be renamed into place.
pub fn copy_checked(from: &Path, to: &Path) -> std::result::Result<Connection, CopyRefused> {
    use rusqlite::OpenFlags;
    let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(CopyRefused::Open)?;
    let check: String = src
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(CopyRefused::NotADatabase)?;
    if check != "ok" {
        return Err(CopyRefused::Damaged(check));
    }
    let version: i64 = src.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > super::SCHEMA_VERSION || version == 0 {
        return Err(CopyRefused::UnknownSchema(version));
    }
    let mut copy = Connection::open(to)?;
    rusqlite::backup::Backup::new(&src, &mut copy)?.run_to_completion(
        1024,
        Duration::from_millis(10),
        None,
    )?;
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_keeps_the_newest_n_of_this_database_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("branch.db");
        let bdir = backup_dir(&db);
        std::fs::create_dir_all(&bdir).unwrap();
        for d in 1..=10 {
            std::fs::write(bdir.join(format!("branch-202611{d:02}-080000.db")), b"x").unwrap();
        }
        std::fs::write(bdir.join("other-20261101-080000.db"), b"x").unwrap();
        std::fs::write(bdir.join("branch-notes.txt"), b"x").unwrap();
        assert_eq!(list(&db).len(), 10);
        assert!(taken_on(&db, "20261105"));
        let gone = rotate(&db, 7).unwrap();
        assert_eq!(gone.len(), 3);
        let left: Vec<String> = list(&db)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left.first().unwrap(), "branch-20261104-080000.db");
        assert_eq!(left.len(), 7);
        assert!(!taken_on(&db, "20261101"));
        assert!(bdir.join("other-20261101-080000.db").exists());
        assert!(bdir.join("branch-notes.txt").exists());
        assert_eq!(
            newest(&db).unwrap().file_name().unwrap(),
            "branch-20261110-080000.db"
        );
    }
}
