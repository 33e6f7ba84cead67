//! The center's complaint figures: from the `open_items` codes
//! of every row of a branch's daily report (touched that day or not), the
//! rows with a complaint not settled
//! (`complaint_open`) and the jobs past their on-site promise
//! (`response_overdue`).

use crate::domain::center::BranchFigures;
use crate::store::center::ReportRow;

/// The report codes this module counts.
pub const COMPLAINT_OPEN: &str = "complaint_open";
pub const RESPONSE_OVERDUE: &str = "response_overdue";

pub fn add_figures(f: &mut BranchFigures, rows: &[ReportRow]) {
    for r in rows {
        let codes = &r.open_items;
        f.complaints_open += usize::from(codes.iter().any(|c| c == COMPLAINT_OPEN));
        f.response_overdue += usize::from(codes.iter().any(|c| c == RESPONSE_OVERDUE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(codes: &str) -> ReportRow {
        ReportRow {
            line: 2,
            job_no: "J1".into(),
            engineer: String::new(),
            outcome: String::new(),
            card_state: String::new(),
            facts: Default::default(),
            callback_due: None,
            touched: Some(false),
            open_items: codes
                .split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect(),
            counts: None,
        }
    }

    #[test]
    fn rows_are_counted_by_their_open_items_codes() {
        let rows = [
            row("complaint_open;response_overdue"),
            row("callback_pending; complaint_open"),
            row(""),
        ];
        let mut f = BranchFigures::default();
        add_figures(&mut f, &rows);
        assert_eq!((f.complaints_open, f.response_overdue), (2, 1));
    }
}
