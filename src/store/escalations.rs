//! The `escalations` table: the supervisor's log of escalations and
//! acknowledgements (never updated; an item's state is its newest row).

use super::{Result, code, ts};
use crate::domain::escalation::{EscalationAction, EscalationItem};
use crate::domain::reconcile::DiscrepancyKind;
use crate::domain::time::Ts;
use rusqlite::{Connection, Row, params};

/// One action, with the item it was about and whether that item has since
/// been dealt with (a callback closed, a discrepancy resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRow {
    pub id: i64,
    pub job_id: i64,
    pub job_no: String,
    pub item: EscalationItem,
    pub ref_id: Option<i64>,
    pub action: EscalationAction,
    pub to_whom: String,
    pub note: String,
    pub operator: String,
    pub at: Ts,
    /// The callback's due time, for a callback.
    pub callback_due: Option<Ts>,
    /// The discrepancy's kind, for a discrepancy.
    pub discrepancy_kind: Option<DiscrepancyKind>,
    /// When and by whom the item itself was dealt with since.
    pub resolved_at: Option<Ts>,
    pub resolved_by: Option<String>,
    /// The escalation before this action on the same item, if any: to
    /// whom, and its note (an acknowledgement keeps them in view).
    pub escalated_before: Option<(String, String)>,
}

/// Who dealt with a callback: the operator of the result that closed it.
const COLS: &str = "e.id, e.job_id, j.job_no, e.item, e.ref_id, e.action, e.to_whom, e.note, \
    e.operator, e.at, cb.due_at, d.kind,
    CASE e.item WHEN 'callback' THEN cb.closed_at WHEN 'discrepancy' THEN d.resolved_at END,
    CASE e.item
        WHEN 'callback' THEN (SELECT ev.operator FROM callback_events ev
            WHERE ev.callback_id = cb.id AND cb.closed_at IS NOT NULL
            ORDER BY ev.at DESC, ev.id DESC LIMIT 1)
        WHEN 'discrepancy' THEN d.resolved_by END,
    (SELECT x.to_whom || char(31) || x.note FROM escalations x
        WHERE x.job_id = e.job_id AND x.item = e.item
          AND coalesce(x.ref_id, 0) = coalesce(e.ref_id, 0)
          AND x.action = 'escalated' AND x.id < e.id
        ORDER BY x.id DESC LIMIT 1)";

const FROM: &str = "escalations e JOIN jobs j ON j.id = e.job_id
    LEFT JOIN callbacks cb ON e.item = 'callback' AND cb.id = e.ref_id
    LEFT JOIN discrepancies d ON e.item = 'discrepancy' AND d.id = e.ref_id";

fn from_row(r: &Row) -> rusqlite::Result<EscalationRow> {
    Ok(EscalationRow {
        id: r.get(0)?,
        job_id: r.get(1)?,
        job_no: r.get(2)?,
        item: code(r.get(3)?, EscalationItem::parse)?.unwrap_or(EscalationItem::Job),
        ref_id: r.get(4)?,
        action: code(r.get(5)?, EscalationAction::parse)?.unwrap_or(EscalationAction::Escalated),
        to_whom: r.get(6)?,
        note: r.get(7)?,
        operator: r.get(8)?,
        at: ts(r.get(9)?).unwrap_or_default(),
        callback_due: ts(r.get(10)?),
        discrepancy_kind: code(r.get(11)?, DiscrepancyKind::parse)?,
        resolved_at: ts(r.get(12)?),
        resolved_by: r.get(13)?,
        escalated_before: r.get::<_, Option<String>>(14)?.and_then(|s| {
            s.split_once('\u{1f}')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        }),
    })
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    c: &Connection,
    job_id: i64,
    item: EscalationItem,
    ref_id: Option<i64>,
    action: EscalationAction,
    to_whom: &str,
    note: &str,
    operator: &str,
    now: Ts,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO escalations (job_id, item, ref_id, action, to_whom, note, operator, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        job_id,
        item.code(),
        ref_id,
        action.code(),
        to_whom,
        note,
        operator,
        now.timestamp()
    ])?;
    Ok(c.last_insert_rowid())
}

pub fn by_id(c: &Connection, id: i64) -> Result<EscalationRow> {
    Ok(
        c.prepare_cached(&format!("SELECT {COLS} FROM {FROM} WHERE e.id = ?1"))?
            .query_row([id], from_row)?,
    )
}

/// The newest action on every item that has one (one row per item).
pub fn newest_per_item(c: &Connection) -> Result<Vec<EscalationRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM {FROM}
         WHERE e.id IN (SELECT max(id) FROM escalations
                        GROUP BY job_id, item, coalesce(ref_id, 0))
         ORDER BY e.id"
    ))?;
    let rows = st
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every action on a job's items, oldest first (for its timeline).
pub fn of_job(c: &Connection, job_id: i64) -> Result<Vec<EscalationRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM {FROM} WHERE e.job_id = ?1 ORDER BY e.id"
    ))?;
    let rows = st
        .query_map([job_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The item a supervisor acts on exists and belongs to the job
/// (`ref_id`: the callback's or discrepancy's id; none for a whole job).
pub fn target_exists(
    c: &Connection,
    job_id: i64,
    item: EscalationItem,
    ref_id: Option<i64>,
) -> Result<bool> {
    let sql = match item {
        EscalationItem::Callback => {
            "SELECT EXISTS(SELECT 1 FROM callbacks WHERE id = ?2 AND job_id = ?1)"
        }
        EscalationItem::Discrepancy => {
            "SELECT EXISTS(SELECT 1 FROM discrepancies WHERE id = ?2 AND job_id = ?1)"
        }
        EscalationItem::Job => "SELECT EXISTS(SELECT 1 FROM jobs WHERE id = ?1 AND ?2 IS NULL)",
    };
    Ok(c.prepare_cached(sql)?
        .query_row(params![job_id, ref_id], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use crate::store::{SCHEMA_VERSION, Store};

    #[test]
    fn a_database_made_before_the_supervision_schema_upgrades_with_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let c = rusqlite::Connection::open(&path).unwrap();
            c.execute_batch(include_str!("../../sql/001_init.sql"))
                .unwrap();
            c.execute_batch(include_str!("../../sql/002_center.sql"))
                .unwrap();
            c.execute_batch(
                "INSERT INTO jobs (job_no, branch, created_at) VALUES ('J1', 'QD01', 0);
                 PRAGMA user_version = 2;",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let c = store.conn();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let n: i64 = c
            .query_row("SELECT count(*) FROM escalations", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
        let job: String = c
            .query_row("SELECT job_no FROM jobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(job, "J1");
        // The log refuses an item that is not one of the three.
        let bad = c.execute(
            "INSERT INTO escalations (job_id, item, action, operator, at)
             VALUES (1, 'card', 'escalated', 'x', 0)",
            [],
        );
        assert!(bad.is_err());
    }
}
