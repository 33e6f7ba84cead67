//! The people's spreadsheet of a daily report: the report's rows (the same
//! header and rows as the CSV) and a summary of the desk at the export's
//! `now` — the same figures as `status --json` at that time — with the
//! on-time chart of the dashboard.

use super::{Desk, DeskError, Result, StatusReport};
use crate::domain::reconcile::{DiscrepancyKind, DiscrepancyStatus};
use crate::domain::status::JobStatus;
use crate::domain::time::{Ts, short};
use crate::i18n::{self, Lang, T, tr, trf};
use crate::io::xlsx::{Book, History, REPORT, RowSource, Section, Summary, SummaryRow};
use chrono::NaiveDate;

/// Days of the chart, as the dashboard's (`tui::dashboard::state::HISTORY_DAYS`, a test there keeps them equal).
pub const CHART_DAYS: u32 = 14;

/// The open-item codes in the SPEC's order (the report's `open_items`).
const OPEN_ITEMS: &[&str] = &[
    "callback_pending",
    "callback_overdue",
    "card_awaiting",
    "discrepancy_open",
    "no_appointment",
    "not_home",
    "missed_appointment",
    "invoice_owed",
    "loaner_due",
    "loaner_overdue",
    "complaint_open",
    "response_overdue",
    "to_verify",
];

fn row(key: String, label: String, values: Vec<i64>) -> SummaryRow {
    SummaryRow { key, label, values }
}

fn count<T>(items: &[T], f: impl Fn(&T) -> bool) -> i64 {
    items.iter().filter(|i| f(i)).count() as i64
}

/// The summary sheet's figures. `today` says whether the report is of the
/// day of `status` (then the day's jobs are `today_jobs`; for another day,
/// the jobs of the report's rows).
/// The title and lines above the tables are the caller's.
pub fn summary(
    lang: Lang,
    status: &StatusReport,
    today: bool,
    history: &[super::DayCallbacks],
    header: &[&str],
    rows: &[Vec<String>],
) -> Summary {
    let count_col = vec![tr(lang, T::XlsxCount).to_string()];
    let col = |name: &str| header.iter().position(|h| *h == name);
    let mut sections = Vec::new();

    let by_status = if today {
        let rows = JobStatus::ALL
            .iter()
            .map(|s| {
                let n = count(&status.today_jobs, |j| j.status == *s);
                row(
                    format!("today_jobs.status.{}", s.code()),
                    i18n::code(lang, s.code()),
                    vec![n],
                )
            })
            .chain([row(
                "today_jobs.total".into(),
                tr(lang, T::XlsxTotal).into(),
                vec![status.today_jobs.len() as i64],
            )])
            .collect();
        Section {
            title: tr(lang, T::XlsxTodayByStatus).into(),
            columns: count_col.clone(),
            rows,
        }
    } else {
        let i = col("status");
        let of = |code: &str| {
            count(rows, |r| {
                i.and_then(|i| r.get(i)).is_some_and(|v| v == code)
            })
        };
        Section {
            title: tr(lang, T::XlsxReportByStatus).into(),
            columns: count_col.clone(),
            rows: JobStatus::ALL
                .iter()
                .map(|s| {
                    row(
                        format!("report.status.{}", s.code()),
                        i18n::code(lang, s.code()),
                        vec![of(s.code())],
                    )
                })
                .chain([row(
                    "report.total".into(),
                    tr(lang, T::XlsxTotal).into(),
                    vec![rows.len() as i64],
                )])
                .collect(),
        }
    };
    sections.push(by_status);

    let cbs = &status.callbacks_pending;
    sections.push(Section {
        title: tr(lang, T::XlsxCallbacks).into(),
        columns: count_col.clone(),
        rows: vec![
            row(
                "callbacks_pending.not_overdue".into(),
                tr(lang, T::XlsxCbNotOverdue).into(),
                vec![count(cbs, |c| !c.overdue)],
            ),
            row(
                "callbacks_pending.overdue".into(),
                tr(lang, T::XlsxCbOverdue).into(),
                vec![count(cbs, |c| c.overdue)],
            ),
            row(
                "callbacks_pending.total".into(),
                tr(lang, T::XlsxTotal).into(),
                vec![cbs.len() as i64],
            ),
        ],
    });
    sections.push(Section {
        title: tr(lang, T::XlsxCards).into(),
        columns: count_col.clone(),
        rows: vec![row(
            "cards_awaiting_signature".into(),
            tr(lang, T::XlsxTotal).into(),
            vec![status.cards_awaiting_signature.len() as i64],
        )],
    });
    let ds = &status.discrepancies;
    let by = |k: Option<DiscrepancyKind>, s: DiscrepancyStatus| {
        count(ds, |d| d.status == s && k.is_none_or(|k| d.kind == k))
    };
    sections.push(Section {
        title: tr(lang, T::XlsxDiscByKind).into(),
        columns: vec![
            tr(lang, T::XlsxOpen).into(),
            tr(lang, T::XlsxResolved).into(),
        ],
        rows: DiscrepancyKind::ALL
            .iter()
            .map(|k| {
                row(
                    format!("discrepancies.{}", k.code()),
                    i18n::code(lang, k.code()),
                    vec![
                        by(Some(*k), DiscrepancyStatus::Open),
                        by(Some(*k), DiscrepancyStatus::Resolved),
                    ],
                )
            })
            .chain([row(
                "discrepancies.total".into(),
                tr(lang, T::XlsxTotal).into(),
                vec![
                    by(None, DiscrepancyStatus::Open),
                    by(None, DiscrepancyStatus::Resolved),
                ],
            )])
            .collect(),
    });
    // From the report's own `open_items` column, where the report has one.
    if let Some(i) = col("open_items") {
        let mut codes: Vec<(String, i64)> = OPEN_ITEMS.iter().map(|c| (c.to_string(), 0)).collect();
        for r in rows {
            for c in r.get(i).map(String::as_str).unwrap_or("").split(';') {
                if c.is_empty() {
                    continue;
                }
                match codes.iter_mut().find(|(k, _)| k == c) {
                    Some((_, n)) => *n += 1,
                    None => codes.push((c.to_string(), 1)),
                }
            }
        }
        sections.push(Section {
            title: tr(lang, T::XlsxOpenItems).into(),
            columns: count_col,
            rows: codes
                .into_iter()
                .map(|(c, n)| row(format!("open_items.{c}"), i18n::code(lang, &c), vec![n]))
                .collect(),
        });
    }
    // The chart from the first day with a callback due.
    let days: Vec<(NaiveDate, i64, i64)> = history
        .iter()
        .skip_while(|d| d.on_time == 0 && d.overdue == 0)
        .map(|d| (d.date, i64::from(d.on_time), i64::from(d.overdue)))
        .collect();
    Summary {
        title: String::new(),
        lines: Vec::new(),
        sections,
        history: Some(History {
            title: tr(lang, T::ChartTitle).into(),
            days,
        }),
    }
}

/// The report's columns that [`summary`] counts (by status, by open item).
pub const COUNTED: &[&str] = &["status", "open_items"];

impl Desk {
    /// The `.xlsx` beside the daily report of `date`, from the CSV's own
    /// header and rows; its summary is the desk at `now`. `counted`: the
    /// cells of the columns [`COUNTED`] of each row, all that the summary
    /// counts (the rows themselves may be read back from the CSV written).
    #[allow(clippy::too_many_arguments)]
    pub fn daily_workbook(
        &mut self,
        branch: &str,
        date: NaiveDate,
        now: Ts,
        status: &StatusReport,
        header: &[&str],
        rows: &dyn RowSource,
        counted: &[Vec<String>],
    ) -> Result<Vec<u8>> {
        let zone = self.zone;
        let lang = self.lang;
        let history = self.callback_history(date, CHART_DAYS, now)?;
        let mut summary = summary(
            lang,
            status,
            zone.date_of(now) == date,
            &history,
            COUNTED,
            counted,
        );
        summary.title = trf(lang, T::XlsxTitle, &[&branch, &date]);
        summary.lines = vec![trf(lang, T::XlsxAsOf, &[&short(&zone, now)])];
        Book {
            lang,
            zone,
            table: REPORT,
            data_sheet: tr(lang, T::XlsxSheetReport).into(),
            header,
            rows: &[],
            summary: Some(summary),
            created: now,
        }
        .to_bytes_from(rows)
        .map_err(|e| DeskError::write("writing the spreadsheet", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::{t, zone};
    use crate::store::Store;

    fn figures(s: &Summary) -> Vec<(String, Vec<i64>)> {
        s.sections
            .iter()
            .flat_map(|x| x.rows.iter().map(|r| (r.key.clone(), r.values.clone())))
            .collect()
    }

    #[test]
    fn a_past_day_counts_its_rows_and_open_items_come_from_the_report_column() {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
        d.zone = zone();
        let status = d.status(d.zone.local(t("2026-11-23 14:00"))).unwrap();
        // A report with an `open_items` column (and one this table does not know).
        let header = ["job_no", "status", "open_items", "future"];
        let rows: Vec<Vec<String>> = [
            ["J1", "done", "", "x"],
            [
                "J2",
                "callback_pending",
                "callback_overdue;card_awaiting",
                "",
            ],
            ["J3", "callback_pending", "callback_overdue;new_code", ""],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let s = summary(Lang::En, &status, false, &[], &header, &rows);
        let f = figures(&s);
        let get = |k: &str| f.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        assert_eq!(get("report.status.callback_pending"), Some(vec![2]));
        assert_eq!(get("report.status.done"), Some(vec![1]));
        assert_eq!(get("report.total"), Some(vec![3]));
        assert_eq!(get("open_items.callback_overdue"), Some(vec![2]));
        assert_eq!(get("open_items.card_awaiting"), Some(vec![1]));
        assert_eq!(get("open_items.to_verify"), Some(vec![0]));
        assert_eq!(get("open_items.new_code"), Some(vec![1]));
        // Without the column, no such section; today's jobs come from status.
        let s = summary(Lang::En, &status, true, &[], &header[..2], &rows);
        let f = figures(&s);
        assert!(f.iter().all(|(k, _)| !k.starts_with("open_items.")));
        assert!(f.iter().any(|(k, v)| k == "today_jobs.total" && v == &[0]));
        assert_eq!(s.history.unwrap().days, vec![]);
    }
}
