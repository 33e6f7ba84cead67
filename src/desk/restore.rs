//! `restore FILE`: a backup put in place of the branch's database, the
//! file it replaces kept beside it, and the restore recorded in the trail
//! (what the backup's trail kept, what the replaced one had), so that
//! `audit verify --anchors` can name the heads lost to it as such.

use super::{Desk, DeskError, Result, record};
use crate::domain::time::{Ts, rfc3339};
use crate::store::backup::CopyRefused;
use crate::store::{Store, audit, settings, trust};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// What `restore` did.
#[derive(Debug, Clone)]
pub struct Restored {
    pub branch: String,
    /// The backup's trail: entries (N).
    pub entries_kept: i64,
    /// The replaced file's trail, when it could be read (M).
    pub entries_before: Option<i64>,
    /// Where the replaced file was kept (none when there was no file).
    pub replaced: Option<PathBuf>,
}

/// `(branch, trail entries)` of a database file, read without changing it.
fn branch_and_trail(c: &Connection) -> Result<(Option<String>, i64)> {
    let branch = settings::get(c, settings::BRANCH).unwrap_or(None);
    let entries = if audit::has_trail(c)? {
        audit::head(c)?.0
    } else {
        0
    };
    Ok((branch, entries))
}

/// Why a backup was not put in place (nothing was changed).
#[derive(Debug, thiserror::Error)]
pub enum RestoreRefused {
    #[error("{}: not a backup file", .0.display())]
    NotAFile(PathBuf),
    #[error("{} is the database itself, not a backup of it", .0.display())]
    TheDatabase(PathBuf),
    /// The backup could not be copied whole: it does not open, is no
    /// database, is damaged or of a schema this version does not know.
    #[error("{}: {why}", .file.display())]
    Copy { file: PathBuf, why: CopyRefused },
    #[error(
        "{} is a backup of branch {branch:?}, but {} is branch {this}: nothing was restored",
        .from.display(),
        .db.display()
    )]
    OtherBranch {
        from: PathBuf,
        branch: String,
        db: PathBuf,
        this: String,
    },
    /// The file being replaced could not be kept aside.
    #[error("keeping {} aside: {error}; nothing was restored", .file.display())]
    Aside {
        file: PathBuf,
        error: std::io::Error,
    },
}

/// Puts the backup `from` in place of the database `db`: the backup is
/// copied (never changed itself) and checked whole first, the file there
/// is renamed `<db>.replaced-<stamp>` (with its `-wal` and `-shm`), and
/// the restore is one audited entry of the restored trail. `stamp` is the
/// local time for the kept file's name.
pub fn restore(
    db: &Path,
    from: &Path,
    operator: &str,
    now: Ts,
    stamp: &str,
) -> Result<(Desk, Restored)> {
    let from_meta = std::fs::metadata(from).map_err(|e| DeskError::io(from.display(), e))?;
    if !from_meta.is_file() {
        return Err(RestoreRefused::NotAFile(from.to_path_buf()).into());
    }
    if std::fs::canonicalize(from).ok() == std::fs::canonicalize(db).ok() {
        return Err(RestoreRefused::TheDatabase(from.to_path_buf()).into());
    }
    // A copy of the backup beside the database, checked whole (on a new
    // machine the database's folder may not exist yet).
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| DeskError::io(dir.display(), e))?;
    }
    let part = PathBuf::from(format!("{}.restoring", db.display()));
    let _ = std::fs::remove_file(&part);
    let copied = (|| -> Result<(Option<String>, i64)> {
        use crate::store::backup::copy_checked;
        let to = copy_checked(from, &part).map_err(|e| match e {
            CopyRefused::Sql(e) => DeskError::from(e),
            why => RestoreRefused::Copy {
                file: from.to_path_buf(),
                why,
            }
            .into(),
        })?;
        branch_and_trail(&to)
    })();
    let (branch, entries_kept) = match copied {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            return Err(e);
        }
    };
    let branch = branch.unwrap_or_default();
    // The file it replaces: its branch must be the backup's, its trail's
    // length is recorded (a disk that died leaves no file, or one that
    // does not read: then it is not known).
    let before = if db.exists() {
        Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()
            .and_then(|c| branch_and_trail(&c).ok())
    } else {
        None
    };
    if let Some((Some(b), _)) = &before
        && *b != branch
    {
        let _ = std::fs::remove_file(&part);
        return Err(RestoreRefused::OtherBranch {
            from: from.to_path_buf(),
            branch,
            db: db.to_path_buf(),
            this: b.clone(),
        }
        .into());
    }
    let replaced = if db.exists() {
        let aside = PathBuf::from(format!("{}.replaced-{stamp}", db.display()));
        for ext in ["", "-wal", "-shm"] {
            let f = PathBuf::from(format!("{}{ext}", db.display()));
            if f.exists() {
                std::fs::rename(&f, format!("{}{ext}", aside.display())).map_err(|error| {
                    RestoreRefused::Aside {
                        file: f.clone(),
                        error,
                    }
                })?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&part, db).map_err(|e| DeskError::io(db.display(), e))?;
    let mut desk = Desk::new(Store::open(db)?, operator)?;
    let entries_before = before.map(|(_, m)| m);
    let from_text = from.display().to_string();
    let kept_text = replaced
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let summary = format!(
        "restored from {from_text} (its trail: {entries_kept} entries); {}",
        match (&replaced, entries_before) {
            (Some(p), Some(m)) =>
                format!("the file replaced ({m} entries) kept at {}", p.display()),
            (Some(p), None) => format!("the file replaced (unreadable) kept at {}", p.display()),
            _ => "there was no file to replace".into(),
        }
    );
    let op = operator.to_string();
    let row = trust::Restore {
        at: super::whole(now),
        from_file: from_text,
        entries_kept,
        entries_before,
        replaced_file: kept_text,
    };
    desk.store.write(|c| {
        trust::add_restore(c, &row)?;
        record(c, &op, row.at, "restore", "", summary.clone())
    })?;
    Ok((
        desk,
        Restored {
            branch,
            entries_kept,
            entries_before,
            replaced,
        },
    ))
}

impl Desk {
    /// The restores recorded in this database, oldest first.
    pub fn restores(&mut self) -> Result<Vec<trust::Restore>> {
        self.store.read(|c| Ok::<_, DeskError>(trust::restores(c)?))
    }

    /// When a restore happened, in the desk's local time (for messages).
    pub fn restore_time(&self, r: &trust::Restore) -> String {
        rfc3339(&self.zone, r.at)
    }
}
