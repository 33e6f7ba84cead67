//! The people's spreadsheet beside the center's summary CSV: one row per
//! branch (the CSV's header and rows), each check time's state coloured
//! (late, missing), then the branch's open backlog.

use super::error::{CenterError, Made, Result};
use super::{Center, CenterStatus};
use crate::i18n::{T, tr, trf};
use crate::io::xlsx::{Book, CENTER, Section, Summary, SummaryRow};

impl Center {
    pub(super) fn summary_workbook(
        &self,
        s: &CenterStatus,
        header: &[&str],
        rows: &[Vec<String>],
    ) -> Result<Vec<u8>> {
        let lang = self.lang;
        let by_state = |state: &str| {
            let rows: Vec<SummaryRow> = s
                .check_times
                .iter()
                .enumerate()
                .map(|(i, t)| SummaryRow {
                    key: format!("{state}.{t}"),
                    label: t.clone(),
                    values: vec![
                        s.branches
                            .iter()
                            .filter(|b| b.checks.get(i).is_some_and(|c| c.state.code() == state))
                            .count() as i64,
                    ],
                })
                .collect();
            Section {
                title: crate::i18n::code(lang, state),
                columns: vec![tr(lang, T::XlsxCount).into()],
                rows,
            }
        };
        let summary = Summary {
            title: trf(lang, T::XlsxCenterTitle, &[&s.date]),
            lines: vec![trf(lang, T::XlsxCenterAsOf, &[&local_minute(&s.now)])],
            sections: vec![by_state("missing"), by_state("late")],
            history: None,
        };
        Book {
            lang,
            zone: self.zone,
            table: CENTER,
            data_sheet: tr(lang, T::XlsxSheetBranches).into(),
            header,
            rows,
            summary: Some(summary),
            created: chrono::DateTime::parse_from_rfc3339(&s.now)
                .map(|t| t.to_utc())
                .unwrap_or_default(),
        }
        .to_bytes()
        .map_err(|e| CenterError::write(Made::Spreadsheet, e))
    }
}

/// `YYYY-MM-DD HH:MM` of one of the center's RFC 3339 times.
fn local_minute(rfc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| rfc.to_string())
}
