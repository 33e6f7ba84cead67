//! Reports the center can trust: the branch's count of report generations,
//! the center's pinned keys and the generations (with their audit heads)
//! it accepted.

use super::{Result, ts};
use crate::domain::time::Ts;
use rusqlite::{Connection, OptionalExtension, params};

/// The generations already exported for `date`: `(generation, generated_at)`, oldest first.
pub fn generations(c: &Connection, date: &str) -> Result<Vec<(i64, Ts)>> {
    let mut st = c.prepare_cached(
        "SELECT generation, generated_at FROM report_generations
         WHERE report_date = ?1 ORDER BY generation",
    )?;
    let rows = st
        .query_map([date], |r| {
            Ok((r.get(0)?, ts(r.get(1)?).unwrap_or_default()))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn add_generation(
    c: &Connection,
    date: &str,
    generation: i64,
    at: Ts,
    sha256: &str,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO report_generations(report_date, generation, generated_at, sha256)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![date, generation, at.timestamp(), sha256])?;
    Ok(())
}

/// Forgets the generations of `date` up to `generation` (a branch that
/// finds its own later report in the output folder takes that report's
/// history instead).
pub fn forget_generations(c: &Connection, date: &str, generation: i64) -> Result<()> {
    c.prepare_cached("DELETE FROM report_generations WHERE report_date = ?1 AND generation <= ?2")?
        .execute(params![date, generation])?;
    Ok(())
}

/// The center's pinned key of a branch (`None`: unknown branch or not pinned).
pub fn pinned_key(c: &Connection, branch: &str) -> Result<Option<String>> {
    Ok(
        c.prepare_cached("SELECT public_key FROM center_branches WHERE code = ?1")?
            .query_row([branch], |r| r.get::<_, String>(0))
            .optional()?
            .filter(|k| !k.is_empty()),
    )
}

/// Pins (or re-pins) a branch's key; the branch must be known.
pub fn pin_key(c: &Connection, branch: &str, key: &str) -> Result<()> {
    c.prepare_cached("UPDATE center_branches SET public_key = ?2 WHERE code = ?1")?
        .execute(params![branch, key])?;
    Ok(())
}

/// A generation the center accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldGeneration {
    pub date: String,
    pub generation: i64,
    pub generated_at: Ts,
    pub sha256: String,
    /// The audit head the manifest carried: `(entries, hash)`.
    pub audit_head: Option<(i64, String)>,
}

fn held_from(r: &rusqlite::Row) -> rusqlite::Result<HeldGeneration> {
    let entries: Option<i64> = r.get(4)?;
    let hash: Option<String> = r.get(5)?;
    Ok(HeldGeneration {
        date: r.get(0)?,
        generation: r.get(1)?,
        generated_at: ts(r.get(2)?).unwrap_or_default(),
        sha256: r.get(3)?,
        audit_head: entries.zip(hash),
    })
}

const HELD_COLS: &str = "report_date, generation, generated_at, sha256, audit_entries, audit_hash";

/// The generations held for a branch-day, oldest first.
pub fn held(c: &Connection, branch: &str, date: &str) -> Result<Vec<HeldGeneration>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {HELD_COLS} FROM center_generations
         WHERE branch = ?1 AND report_date = ?2 ORDER BY generation"
    ))?;
    let rows = st
        .query_map(params![branch, date], held_from)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every generation held for a branch that carried an audit head, in the
/// order of the trail (entries), then date and generation.
pub fn anchors(c: &Connection, branch: &str) -> Result<Vec<HeldGeneration>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {HELD_COLS} FROM center_generations
         WHERE branch = ?1 AND audit_entries IS NOT NULL
         ORDER BY audit_entries, report_date, generation"
    ))?;
    let rows = st
        .query_map([branch], held_from)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Keeps a generation (once: the same one again changes nothing).
pub fn hold(c: &Connection, branch: &str, g: &HeldGeneration) -> Result<()> {
    let (entries, hash) = g.audit_head.clone().unzip();
    c.prepare_cached(
        "INSERT INTO center_generations(branch, report_date, generation, generated_at, sha256,
                                        audit_entries, audit_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![
        branch,
        g.date,
        g.generation,
        g.generated_at.timestamp(),
        g.sha256,
        entries,
        hash
    ])?;
    Ok(())
}

/// Whether this branch has exported any report (of any day).
pub fn any_generation(c: &Connection) -> Result<bool> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM report_generations)",
        [],
        |r| r.get(0),
    )?)
}

/// A restore from a backup (`restore FILE`), as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restore {
    pub at: Ts,
    pub from_file: String,
    /// Entries of the backup's trail (N).
    pub entries_kept: i64,
    /// Entries of the replaced file's trail (M), when it could be read.
    pub entries_before: Option<i64>,
    pub replaced_file: String,
}

pub fn add_restore(c: &Connection, r: &Restore) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO restores(restored_at, from_file, entries_kept, entries_before, replaced_file)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        r.at.timestamp(),
        r.from_file,
        r.entries_kept,
        r.entries_before,
        r.replaced_file
    ])?;
    Ok(())
}

/// Every recorded restore, oldest first.
pub fn restores(c: &Connection) -> Result<Vec<Restore>> {
    let mut st = c.prepare_cached(
        "SELECT restored_at, from_file, entries_kept, entries_before, replaced_file
         FROM restores ORDER BY id",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(Restore {
                at: ts(r.get(0)?).unwrap_or_default(),
                from_file: r.get(1)?,
                entries_kept: r.get(2)?,
                entries_before: r.get(3)?,
                replaced_file: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
