//! The supervisor's two writes on an item (a callback, a discrepancy, a
//! whole re-visit chain): escalate it to someone, or acknowledge it with a
//! note; one audited transaction each, never a change of the item itself.

use super::{Desk, DeskError, Result, whole};
use crate::domain::escalation::EscalationAction;
use crate::domain::supervision::{Escalation, Target};
use crate::domain::time::Ts;
use crate::store::escalations::{self, EscalationRow};
use rusqlite::Connection;

impl Desk {
    /// Escalates an item to someone (a manager, the center), with a note;
    /// recorded with the operator and `now`. Returns the action stored.
    pub fn escalate(
        &mut self,
        target: Target,
        to_whom: &str,
        note: &str,
        now: Ts,
    ) -> Result<Escalation> {
        let to_whom = to_whom.trim();
        if to_whom.is_empty() {
            return Err(DeskError::NoTarget);
        }
        self.act(target, EscalationAction::Escalated, to_whom, note, now)
    }

    /// Acknowledges an item with a note (seen, and why no escalation).
    pub fn acknowledge(&mut self, target: Target, note: &str, now: Ts) -> Result<Escalation> {
        if note.trim().is_empty() {
            return Err(DeskError::NoNote);
        }
        self.act(target, EscalationAction::Acknowledged, "", note, now)
    }

    fn act(
        &mut self,
        target: Target,
        action: EscalationAction,
        to_whom: &str,
        note: &str,
        now: Ts,
    ) -> Result<Escalation> {
        let now = whole(now);
        let zone = self.zone;
        let operator = self.operator.clone();
        self.store.write(|c| {
            check_target(c, target)?;
            let (job_id, item, ref_id) = target.parts();
            let id = escalations::insert(
                c,
                job_id,
                item,
                ref_id,
                action,
                to_whom,
                note.trim(),
                &operator,
                now,
            )?;
            let row = escalations::by_id(c, id)?;
            let job_no = crate::store::jobs::by_id(c, job_id)?.job.job_no;
            let verb = match action {
                EscalationAction::Escalated => "escalate",
                EscalationAction::Acknowledged => "acknowledge",
            };
            let whom = if to_whom.trim().is_empty() {
                String::new()
            } else {
                format!(" to {}", to_whom.trim())
            };
            super::record(
                c,
                &operator,
                now,
                verb,
                &job_no,
                format!("{}{whom}: {}", item.code(), note.trim()),
            )?;
            Ok(Escalation::from_row(&zone, &row))
        })
    }

    /// The items whose newest action is an escalation, for the clerk's
    /// dashboard marks.
    pub fn escalated_items(&mut self) -> Result<Vec<EscalationRow>> {
        self.store.read(|c| {
            Ok(escalations::newest_per_item(c)?
                .into_iter()
                .filter(|r| r.action == EscalationAction::Escalated)
                .collect())
        })
    }
}

/// The item exists and belongs to the job.
fn check_target(c: &Connection, t: Target) -> Result<()> {
    let (job_id, item, ref_id) = t.parts();
    let found = escalations::target_exists(c, job_id, item, ref_id)?;
    if found {
        Ok(())
    } else {
        Err(DeskError::NoSuchItem {
            item: item.code(),
            job_id,
        })
    }
}
