//! The `reconciliations` table: when each day's reconciliation last ran
//! (what the daily report's manifest calls `reconciled_at`).

use super::{Result, ts};
use crate::domain::time::Ts;
use rusqlite::{Connection, OptionalExtension, params};

/// The last run of a day's reconciliation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    pub at: Ts,
    pub before_cutoff: bool,
    pub cards_out: i64,
}

/// Records a run of `date`'s reconciliation (the newer replaces the older;
/// the same run again changes nothing).
pub fn record(c: &Connection, date: &str, ran: &Ran) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO reconciliations (recon_date, ran_at, before_cutoff, cards_out)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (recon_date) DO UPDATE SET ran_at = excluded.ran_at,
            before_cutoff = excluded.before_cutoff, cards_out = excluded.cards_out
         WHERE (ran_at, before_cutoff, cards_out)
            IS NOT (excluded.ran_at, excluded.before_cutoff, excluded.cards_out)",
    )?
    .execute(params![
        date,
        ran.at.timestamp(),
        ran.before_cutoff,
        ran.cards_out
    ])?;
    Ok(())
}

pub fn last_of(c: &Connection, date: &str) -> Result<Option<Ran>> {
    Ok(c.prepare_cached(
        "SELECT ran_at, before_cutoff, cards_out FROM reconciliations WHERE recon_date = ?1",
    )?
    .query_row([date], |r| {
        Ok(Ran {
            at: ts(r.get(0)?).unwrap_or_default(),
            before_cutoff: r.get(1)?,
            cards_out: r.get(2)?,
        })
    })
    .optional()?)
}
