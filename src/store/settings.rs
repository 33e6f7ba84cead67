//! Key/value settings: the branch code, time zone, cut-off, check times.

use super::Result;
use rusqlite::{Connection, OptionalExtension, params};

pub const BRANCH: &str = "branch";
pub const TIMEZONE: &str = "timezone";
pub const CUTOFF: &str = "cutoff";
/// How many daily backups the dashboard keeps.
pub const BACKUP_KEEP: &str = "backup_keep";
/// Who is at this desk's keyboard when `--operator` is not given.
pub const OPERATOR: &str = "operator";
/// Setting (center): the check times, e.g. `10:00,18:00`.
pub const CHECK_TIMES: &str = "check_times";
/// Setting (center): the folder `i` on the center screen imports from (the
/// first folder `center import` imported from, or `config reports_dir DIR`).
pub const REPORTS_DIR: &str = "reports_dir";
/// Setting: whether the screens take the mouse (`on`, the default, or `off`
/// for terminals whose mouse reports misbehave).
pub const MOUSE: &str = "mouse";
/// Setting (center): `yes` (the default) takes the reports of a branch
/// never seen (its first report pins its key); `no` takes reports only from
/// branches added with `center branches add`, or that reported before.
pub const ACCEPT_NEW_BRANCHES: &str = "accept_new_branches";
/// The public key (64 hex) that signed this branch's last report: which
/// key is missing when its file is gone. Written by the export, not by hand.
pub const SIGNING_KEY: &str = "signing_key";

pub fn get(c: &Connection, key: &str) -> Result<Option<String>> {
    Ok(
        c.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?,
    )
}

pub fn set(c: &Connection, key: &str, value: &str) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO settings(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}
