//! What an SQLite failure means for the clerk: a folder or file that cannot
//! be written, a full disk, a damaged file. Said plainly, so that nobody
//! copies an old backup over a sound database that only lacked permission.

use rusqlite::ErrorCode;
use std::path::{Path, PathBuf};

/// `SQLITE_IOERR_SHMSIZE`: the `-shm` file could not be grown (a full disk,
/// most often; SQLite 3.54 reports a full disk this way in WAL mode).
pub const IOERR_SHMSIZE: i32 = rusqlite::ffi::SQLITE_IOERR_SHMSIZE;

/// What kind of fault an SQLite error is, if it is one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The file or its folder cannot be written by this user.
    Unwritable,
    /// No space left on the disk.
    DiskFull,
    /// The file is not a sound database.
    Damaged,
}

/// The fault behind `e`, if any.
pub fn fault_of(e: &rusqlite::Error) -> Option<Fault> {
    let rusqlite::Error::SqliteFailure(f, _) = e else {
        return None;
    };
    fault_of_code(f.code, f.extended_code)
}

pub fn fault_of_code(code: ErrorCode, extended: i32) -> Option<Fault> {
    match code {
        ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
            Some(Fault::Unwritable)
        }
        ErrorCode::DiskFull => Some(Fault::DiskFull),
        ErrorCode::SystemIoFailure if extended == IOERR_SHMSIZE => Some(Fault::DiskFull),
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => Some(Fault::Damaged),
        _ => None,
    }
}

/// Whether this user may write `p` (the file, or a folder's entries).
fn writable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
            return true;
        };
        // SAFETY: a valid NUL-terminated path; access() only reads it.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(p)
            .map(|m| !m.permissions().readonly())
            .unwrap_or(true)
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Why `path` cannot be written, in the clerk's words.
pub fn unwritable_message(path: &Path, detail: &str) -> String {
    let dir = folder_of(path);
    let what = if path.exists() && !writable(path) {
        format!(
            "the file {} is read-only for this user: make it writable (chmod u+w) to change it",
            path.display()
        )
    } else if !writable(&dir) {
        format!(
            "the folder {} cannot be written by this user, and SQLite must create {}-wal and \
             {}-shm beside the database: make the folder writable, or move the database to a \
             folder you can write",
            dir.display(),
            path.display(),
            path.display()
        )
    } else {
        format!(
            "it cannot be written here ({detail}): check the permissions of {} and its folder",
            path.display()
        )
    };
    format!(
        "database {}: {what}. The database is not damaged (do not restore a backup over it); \
         commands that only read (status, overdue, audit log, center status) still work.",
        path.display()
    )
}

/// A full disk, in the clerk's words.
pub fn disk_full_message(path: &Path) -> String {
    format!(
        "database {}: the disk is full; nothing of this command was saved (SQLite rolled it \
         back) and the database is intact. Free some space on the disk holding {}, then try again.",
        path.display(),
        folder_of(path).display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_their_fault() {
        use rusqlite::ffi;
        let f = |code: i32| {
            let e = ffi::Error::new(code);
            fault_of_code(e.code, e.extended_code)
        };
        assert_eq!(f(ffi::SQLITE_FULL), Some(Fault::DiskFull));
        // "disk I/O error: Error code 4874" is SQLITE_IOERR_SHMSIZE.
        assert_eq!(IOERR_SHMSIZE, 4874);
        assert_eq!(f(4874), Some(Fault::DiskFull));
        assert_eq!(f(ffi::SQLITE_READONLY), Some(Fault::Unwritable));
        assert_eq!(f(ffi::SQLITE_READONLY_CANTINIT), Some(Fault::Unwritable));
        assert_eq!(f(ffi::SQLITE_CANTOPEN), Some(Fault::Unwritable));
        assert_eq!(f(ffi::SQLITE_CORRUPT), Some(Fault::Damaged));
        assert_eq!(f(ffi::SQLITE_NOTADB), Some(Fault::Damaged));
        assert_eq!(f(ffi::SQLITE_BUSY), None);
        assert_eq!(f(ffi::SQLITE_IOERR_READ), None);
    }
}
