//! Nothing falls off the desk: the open items of every job, computed from
//! the very lists `status` shows (so that a code is in the daily report
//! exactly when the job is in the matching `status --json` list), and the
//! re-visit an `unsatisfied` card opens.

use super::report::StatusReport;
use super::{Result, ops};
use crate::domain::card::{Card, Satisfaction};
use crate::domain::ledger::OpenItem;
use crate::domain::reconcile::DiscrepancyStatus;
use crate::domain::time::Ts;
use crate::store::{callbacks, cards, jobs};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

/// Each job with something open, and what (in the SPEC's order).
pub type OpenItems = BTreeMap<String, BTreeSet<OpenItem>>;

/// The open items of every job, one code per `status` list the job is in.
/// To add a code: add it to [`OpenItem`] and one loop over its list here.
pub fn open_items(r: &StatusReport) -> OpenItems {
    let mut m = OpenItems::new();
    let mut add = |job_no: &str, item: OpenItem| {
        m.entry(job_no.to_string()).or_default().insert(item);
    };
    for c in &r.callbacks_pending {
        let item = if c.overdue {
            OpenItem::CallbackOverdue
        } else {
            OpenItem::CallbackPending
        };
        add(&c.job_no, item);
    }
    for f in &r.followups_pending {
        add(&f.job_no, OpenItem::FollowupPending);
    }
    for k in &r.cards_awaiting_signature {
        add(&k.job_no, OpenItem::CardAwaiting);
    }
    for d in &r.discrepancies {
        if d.status == DiscrepancyStatus::Open {
            add(&d.job_no, OpenItem::DiscrepancyOpen);
        }
    }
    for j in &r.open_jobs {
        add(&j.job_no, j.reason.into());
    }
    for i in &r.invoices_owed {
        add(&i.job_no, OpenItem::InvoiceOwed);
    }
    for l in &r.loaner_returns {
        let item = if l.overdue {
            OpenItem::LoanerOverdue
        } else {
            OpenItem::LoanerDue
        };
        add(&l.job_no, item);
    }
    // issue 15: a complaint on the job not settled; the on-site promise
    // broken.
    for k in &r.complaints {
        if let Some(job_no) = &k.job_no {
            add(job_no, OpenItem::ComplaintOpen);
        }
    }
    for o in &r.response_overdue {
        add(&o.job_no, OpenItem::ResponseOverdue);
    }
    for v in &r.to_verify {
        add(&v.job_no, OpenItem::ToVerify);
    }
    // A job's pending callbacks are one item: overdue if any of them is.
    for items in m.values_mut() {
        if items.contains(&OpenItem::CallbackOverdue) {
            items.remove(&OpenItem::CallbackPending);
        }
    }
    m
}

/// `a;b;c`, the report's `open_items` cell.
pub fn cell(items: Option<&BTreeSet<OpenItem>>) -> String {
    items
        .map(|s| s.iter().map(|i| i.code()).collect::<Vec<_>>().join(";"))
        .unwrap_or_default()
}

/// A card marked `unsatisfied` opens a re-visit, as an `unsatisfied`
/// callback does, once per card: the card is linked to its re-visit (so
/// the same card imported again, a no-op, opens nothing). When an
/// `unsatisfied` callback of the job already opened a re-visit that is still
/// open, that is the same cause: the card is linked to it instead. Returns
/// the re-visit's number and whether it is new. Call inside the
/// transaction that stored the card.
pub(crate) fn revisit_for_card(
    c: &Connection,
    job_id: i64,
    card: &Card,
    now: Ts,
) -> Result<Option<(String, bool)>> {
    if card.satisfaction != Some(Satisfaction::Unsatisfied) {
        return Ok(None);
    }
    let job = jobs::by_id(c, job_id)?;
    let (id, new) = match callbacks::open_revisit_of(c, job_id)? {
        Some(id) => (id, false),
        None => (
            ops::open_revisit(c, &job, "监督卡不满意 / card: unsatisfied", now)?,
            true,
        ),
    };
    cards::set_revisit(c, job_id, id)?;
    Ok(Some((jobs::by_id(c, id)?.job.job_no, new)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::Desk;
    use crate::domain::job::{Job, Warranty};
    use crate::domain::time::testing::{t, zone};
    use crate::domain::visit::{Outcome, Visit};
    use crate::store::Store;

    fn job(no: &str) -> Job {
        Job {
            job_no: no.into(),
            branch: "QD".into(),
            customer: "王秀英".into(),
            phone: "13812345678".into(),
            address: "青岛市崂山区海尔路1号".into(),
            product_model: "BCD-470WDPG".into(),
            purchase_date: chrono::NaiveDate::from_ymd_opt(2025, 5, 1),
            fault: "不制冷".into(),
            appointment_start: Some(t("2026-11-23 09:00")),
            appointment_end: Some(t("2026-11-23 10:00")),
            engineer: "王强".into(),
            warranty: Some(Warranty::In),
            ..Job::default()
        }
    }

    fn visit(no: &str, outcome: Outcome, at: &str) -> Visit {
        Visit {
            job_no: no.into(),
            engineer: "王强".into(),
            arrived_at: Some(t(at) - chrono::Duration::minutes(30)),
            finished_at: Some(t(at)),
            outcome: Some(outcome),
            ..Visit::default()
        }
    }

    #[test]
    fn a_job_with_an_overdue_and_a_pending_callback_is_overdue_only() {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
        d.zone = zone();
        let early = t("2026-11-23 07:00");
        d.add_job(&job("J1"), early).unwrap();
        d.add_job(&job("J2"), early).unwrap();
        // J1: a 2 h callback due 11:00 and a 3 h one due 15:00; J2: due 15:00.
        for v in [
            visit("J1", Outcome::FixedUntested, "2026-11-23 09:00"),
            visit("J1", Outcome::Unsure, "2026-11-23 12:00"),
            visit("J2", Outcome::Unsure, "2026-11-23 12:00"),
        ] {
            d.record_visit(&v, v.finished_at.unwrap()).unwrap();
        }
        let at = |s: &str| zone().local(t(s));
        let items = open_items(&d.status(at("2026-11-23 13:00")).unwrap());
        let codes = |job: &str| cell(items.get(job));
        assert_eq!(codes("J1"), "callback_overdue;card_awaiting");
        assert_eq!(codes("J2"), "callback_pending;card_awaiting");
        // Strictly after the due time: at 15:00 J2's is not overdue yet.
        let items = open_items(&d.status(at("2026-11-23 15:00")).unwrap());
        assert_eq!(cell(items.get("J2")), "callback_pending;card_awaiting");
        assert_eq!(cell(items.get("J3")), "");
    }
}
