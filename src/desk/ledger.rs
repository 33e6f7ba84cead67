//! Nothing falls off the desk: the open items of every job, computed from
//! the very lists `status` shows (so that a code is in the daily report
//! exactly when the job is in the matching `status --json` list), and the
//! re-visit an `unsatisfied` card opens.

use super::Result;
use super::report::StatusReport;
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
    // The code describes the job whichever list it is in: a re-visit of
    // today with no window, a customer not at home today.
    for j in &r.today_jobs {
        if let Some(reason) = j.waiting {
            add(&j.job_no, reason.into());
        }
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
        if l.over_limit {
            add(&l.job_no, OpenItem::LoanerOverLimit);
        }
    }
    // A complaint on the job not settled; the on-site promise
    // broken.
    for k in &r.complaints {
        if let Some(job_no) = &k.job_no {
            add(job_no, OpenItem::ComplaintOpen);
        }
    }
    for o in &r.response_overdue {
        add(&o.job_no, OpenItem::ResponseOverdue);
    }
    // A case waiting for (or acting on) the center's ruling.
    for k in &r.cases {
        add(&k.job_no, OpenItem::CaseOpen);
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

pub use crate::domain::ledger::{COUNT_NAMES, parse_counts_cell};

/// Each job's share of every `counts` figure: how many entries of each
/// `status` list are about it (a conflict group is its first job's). The
/// sum over every job is the branch's `counts`, but for complaints about
/// no job (no report row can carry them).
pub type JobCounts = BTreeMap<String, BTreeMap<&'static str, usize>>;

pub fn job_counts(r: &StatusReport) -> JobCounts {
    let mut m = JobCounts::new();
    let mut add = |job_no: &str, name: &'static str| {
        *m.entry(job_no.to_string())
            .or_default()
            .entry(name)
            .or_default() += 1;
    };
    for j in &r.today_jobs {
        add(&j.job_no, "today_jobs");
    }
    for j in &r.open_jobs {
        add(&j.job_no, "open_jobs");
    }
    for c in &r.callbacks_pending {
        add(&c.job_no, "callbacks_pending");
        if c.overdue {
            add(&c.job_no, "callbacks_overdue");
        }
    }
    for k in &r.cards_awaiting_signature {
        add(&k.job_no, "cards_awaiting_signature");
    }
    for d in &r.discrepancies {
        add(&d.job_no, "discrepancies");
        if d.status == DiscrepancyStatus::Open {
            add(&d.job_no, "discrepancies_open");
        }
    }
    for v in &r.to_verify {
        add(&v.job_no, "to_verify");
    }
    for k in &r.conflicts {
        add(&k.job_no, "conflicts");
    }
    for i in &r.invoices_owed {
        add(&i.job_no, "invoices_owed");
    }
    for l in &r.loaner_returns {
        add(&l.job_no, "loaner_returns");
        if l.overdue {
            add(&l.job_no, "loaners_overdue");
        }
    }
    for k in &r.complaints {
        if let Some(job_no) = &k.job_no {
            add(job_no, "complaints");
            if k.response_overdue {
                add(job_no, "complaints_response_overdue");
            }
        }
    }
    for o in &r.response_overdue {
        add(&o.job_no, "response_overdue");
    }
    for k in &r.cases {
        add(&k.job_no, "cases");
    }
    for t in &r.to_inform {
        add(&t.job_no, "to_inform");
    }
    for f in &r.followups_pending {
        add(&f.job_no, "followups_pending");
        if f.overdue {
            add(&f.job_no, "followups_overdue");
        }
    }
    for x in &r.repeats {
        add(&x.job_no, "repeats");
    }
    m
}

/// What no report row can carry, as a `counts` cell: the complaints about
/// no job (the manifest's `counts_without_job`); `None` when there are none.
pub fn counts_without_job(r: &StatusReport) -> Option<String> {
    let mut m: BTreeMap<&'static str, usize> = BTreeMap::new();
    for k in r.complaints.iter().filter(|k| k.job_no.is_none()) {
        *m.entry("complaints").or_default() += 1;
        if k.response_overdue {
            *m.entry("complaints_response_overdue").or_default() += 1;
        }
    }
    (!m.is_empty()).then(|| counts_cell(Some(&m)))
}

/// `callbacks_pending:2;callbacks_overdue:1`, the report's `counts` cell
/// (the names in [`COUNT_NAMES`] order, the zero ones left out).
pub fn counts_cell(counts: Option<&BTreeMap<&'static str, usize>>) -> String {
    let Some(counts) = counts else {
        return String::new();
    };
    COUNT_NAMES
        .iter()
        .filter_map(|n| counts.get(n).map(|v| format!("{n}:{v}")))
        .collect::<Vec<_>>()
        .join(";")
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
            super::jobs::open_revisit(c, &job, "监督卡不满意 / card: unsatisfied", now)?,
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

    #[test]
    fn the_codes_describe_the_job_though_it_is_on_todays_list() {
        use crate::domain::callback::CallbackResult;
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
        d.zone = zone();
        let early = t("2026-11-23 07:00");
        d.add_job(&job("J1"), early).unwrap();
        d.add_job(&job("J2"), early).unwrap();
        // J1: nobody at home at 09:30; J2: fixed untested, the customer
        // unsatisfied at the callback: a re-visit with no window, today.
        let mut not_home = visit("J1", Outcome::NotHome, "2026-11-23 09:30");
        not_home.finished_at = None;
        d.record_visit(&not_home, t("2026-11-23 09:30")).unwrap();
        let fixed = visit("J2", Outcome::FixedUntested, "2026-11-23 09:40");
        d.record_visit(&fixed, t("2026-11-23 09:40")).unwrap();
        d.log_callback("J2", CallbackResult::Unsatisfied, "", t("2026-11-23 11:00"))
            .unwrap();
        let s = d.status(zone().local(t("2026-11-23 12:00"))).unwrap();
        let today: Vec<&str> = s.today_jobs.iter().map(|j| j.job_no.as_str()).collect();
        assert!(
            today.contains(&"J1") && today.contains(&"J2-R1"),
            "{today:?}"
        );
        assert!(s.open_jobs.is_empty(), "both are today's");
        let items = open_items(&s);
        assert!(
            items["J1"].contains(&OpenItem::NotHome),
            "{:?}",
            items["J1"]
        );
        assert!(
            items["J2-R1"].contains(&OpenItem::NoAppointment),
            "{:?}",
            items["J2-R1"]
        );
        // Their share of the counts: today's list, not open_jobs.
        let shares = job_counts(&s);
        assert_eq!(shares["J1"].get("today_jobs"), Some(&1));
        assert_eq!(shares["J1"].get("open_jobs"), None);
        assert_eq!(counts_cell(shares.get("J2-R1")), "today_jobs:1");
    }
}
