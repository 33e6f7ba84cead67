//! The `fees` table, the branch's fee standard.

use super::Result;
use crate::domain::fees::{Fee, Standard};
use rusqlite::{Connection, params};

/// The whole standard, by code.
pub fn all(c: &Connection) -> Result<Standard> {
    let mut st = c.prepare_cached("SELECT code, name, amount FROM fees ORDER BY code")?;
    let rows = st
        .query_map([], |r| {
            Ok(Fee {
                code: r.get(0)?,
                name: r.get(1)?,
                amount: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().map(|f| (f.code.clone(), f)).collect())
}

/// Replaces the standard with `fees`: codes no longer in it are deleted,
/// changed ones updated, new ones added (rows that stay the same are not
/// written, so the trail holds what changed). Returns (added, changed,
/// removed).
pub fn replace(c: &Connection, fees: &[Fee]) -> Result<(usize, usize, usize)> {
    let old = all(c)?;
    let mut removed = 0;
    for code in old.keys() {
        if !fees.iter().any(|f| &f.code == code) {
            removed += c
                .prepare_cached("DELETE FROM fees WHERE code = ?1")?
                .execute([code])?;
        }
    }
    let (mut added, mut changed) = (0, 0);
    for f in fees {
        match old.get(&f.code) {
            Some(o) if o == f => {}
            Some(_) => {
                changed += c
                    .prepare_cached("UPDATE fees SET name = ?2, amount = ?3 WHERE code = ?1")?
                    .execute(params![f.code, f.name, f.amount])?;
            }
            None => {
                added += c
                    .prepare_cached("INSERT INTO fees (code, name, amount) VALUES (?1, ?2, ?3)")?
                    .execute(params![f.code, f.name, f.amount])?;
            }
        }
    }
    Ok((added, changed, removed))
}
