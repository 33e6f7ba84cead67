//! The customer's voice at the desk: repeat repairs as the
//! dashboard, the timeline and the daily report show them.

use super::Result;
use crate::domain::time::{Ts, Zone, rfc3339};
use crate::domain::voice::{self, days_after};
use crate::store::{settings, voice as store};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

/// A repeat repair (返修): `status --json` key `repeats`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RepeatItem {
    pub job_no: String,
    pub repeat_of: String,
    /// Whole days from the earlier visit's finish to this job's receipt.
    pub days: i64,
    /// Whom the repeat counts against.
    pub engineer_before: String,
    pub engineer: String,
    pub finished_before: String,
}

/// The `repeat_days` setting (default 30).
pub(crate) fn repeat_days(c: &Connection) -> Result<i64> {
    let v = settings::get(c, voice::REPEAT_DAYS)?;
    Ok(voice::setting_or_default(voice::REPEAT_DAYS, v.as_deref()))
}

fn item(zone: &Zone, p: &store::Probe, e: store::Earlier) -> RepeatItem {
    RepeatItem {
        job_no: p.job_no.clone(),
        repeat_of: e.job_no,
        days: days_after(e.finished_at, p.received_at),
        engineer_before: e.engineer,
        engineer: p.engineer.clone(),
        finished_before: rfc3339(zone, e.finished_at),
    }
}

/// The repeats among the open jobs and those received on `today`.
pub(crate) fn repeats_in(
    c: &Connection,
    zone: &Zone,
    today: NaiveDate,
    _now: Ts,
) -> Result<Vec<RepeatItem>> {
    let days = repeat_days(c)?;
    let (start, end) = zone.day_bounds(today);
    Ok(store::repeats_open_or_received(c, start, end, days)?
        .into_iter()
        .map(|(p, e)| item(zone, &p, e))
        .collect())
}

/// What one job repeats, if it is a repeat.
pub(crate) fn repeat_of_job(c: &Connection, job_id: i64) -> Result<Option<(String, i64)>> {
    let days = repeat_days(c)?;
    let Some(e) = store::earlier_of(c, job_id, days)? else {
        return Ok(None);
    };
    let received = crate::store::jobs::received_at_of(c, job_id)?.unwrap_or(e.finished_at);
    Ok(Some((e.job_no, days_after(e.finished_at, received))))
}
