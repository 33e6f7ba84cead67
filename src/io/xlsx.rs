//! Spreadsheets for people, written beside the CSV reports (the CSV stays the
//! exchange with the center; nothing imports these). The data sheet is built
//! from the very header and rows the CSV gets, column by column: a table of
//! the known columns gives each its kind (text, code, date, time, money,
//! count) and its header in zh and en; a column not in the table (a future
//! one) is written as text under its machine name. Text is always written
//! as a string cell, so nothing is ever evaluated (no `'` needed); times are
//! date-time cells in the zone's local time; codes are shown in words, and
//! the legend sheet keeps every machine column name and code beside its
//! words.

use crate::domain::report;
use crate::domain::time::{Zone, parse_instant};
use crate::i18n::{self, Lang, T, tr};
use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

/// How a column's cells are written: by what they hold.
pub use crate::domain::report::Kind;

/// A known column: its machine name (the CSV header), kind and headers.
#[derive(Debug, Clone, Copy)]
pub struct ColumnDef {
    pub name: &'static str,
    pub kind: Kind,
    pub en: &'static str,
    pub zh: &'static str,
}

const fn col(name: &'static str, kind: Kind, en: &'static str, zh: &'static str) -> ColumnDef {
    ColumnDef { name, kind, en, zh }
}

/// The daily report's columns, as [`crate::domain::report::COLUMNS`] has
/// them.
pub const REPORT: &[ColumnDef] = &REPORT_COLUMNS;

const REPORT_COLUMNS: [ColumnDef; report::COLUMNS.len()] = {
    let mut out = [col("", Kind::Text, "", ""); report::COLUMNS.len()];
    let mut i = 0;
    while i < out.len() {
        let c = &report::COLUMNS[i];
        out[i] = col(c.name, c.kind, c.en, c.zh);
        i += 1;
    }
    out
};

/// The center's summary columns (`center export`); `check_HH:MM` and
/// `checked_HH:MM` come once per check time (see [`column`]).
pub const CENTER: &[ColumnDef] = &[
    col("report_date", Kind::Date, "date", "日期"),
    col("branch", Kind::Text, "branch", "网点"),
    col("name", Kind::Text, "name", "名称"),
    col("report_generation", Kind::Int, "generation", "日报版次"),
    col(
        "report_generated_at",
        Kind::DateTime,
        "generated at",
        "生成时间",
    ),
    col(
        "report_first_generated_at",
        Kind::DateTime,
        "first generated at",
        "首版生成时间",
    ),
    col("report_rows", Kind::Int, "rows", "行数"),
    col("jobs", Kind::Int, "jobs", "服务单"),
    col("completed", Kind::Int, "completed", "已完成"),
    col(
        "callbacks_pending",
        Kind::Int,
        "callbacks pending",
        "待回访",
    ),
    col(
        "callbacks_overdue",
        Kind::Int,
        "callbacks overdue",
        "超时回访",
    ),
    col("unsatisfied", Kind::Int, "unsatisfied", "不满意"),
    col(
        "discrepancies_open",
        Kind::Int,
        "open discrepancies",
        "未处理差异",
    ),
    col(
        "discrepancies_open_by_kind",
        Kind::Pairs,
        "open discrepancies by kind",
        "未处理差异（按类型）",
    ),
    col("invoices_owed", Kind::Int, "invoices owed", "欠发票"),
    col("late_arrivals", Kind::Int, "late arrivals", "迟到"),
    col(
        "loaners_overdue",
        Kind::Int,
        "loaners overdue",
        "周转机超期",
    ),
];

/// A column's kind and header in `lang`: from `table`, or the center's
/// per-check-time columns, or text under its machine name.
pub fn column(table: &[ColumnDef], name: &str, lang: Lang) -> (Kind, String) {
    if let Some(c) = table.iter().find(|c| c.name == name) {
        let h = match lang {
            Lang::En => c.en,
            Lang::Zh => c.zh,
        };
        return (c.kind, h.to_string());
    }
    if let Some(t) = name.strip_prefix("check_") {
        let h = match lang {
            Lang::En => format!("check {t}"),
            Lang::Zh => format!("{t} 检查"),
        };
        return (Kind::Check, h);
    }
    if let Some(t) = name.strip_prefix("checked_") {
        let h = match lang {
            Lang::En => format!("checked at {t}"),
            Lang::Zh => format!("{t} 核对记录"),
        };
        return (Kind::Text, h);
    }
    (Kind::Text, name.to_string())
}

/// Between the words of several codes in one cell.
pub fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "; ",
        Lang::Zh => "、",
    }
}

/// Between the two words of a pair.
pub fn pair_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Plain,
    Warn,
    Bad,
}

/// One cell as it is written.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Money(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl Cell {
    /// What it shows, for the column width.
    fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format!("{n}"),
            // One more for a thousands separator.
            Cell::Money(n) => format!("{n:.2},"),
            // A little more than the digits: spreadsheets draw them wide.
            Cell::Date(_) => "2026-11-23  ".into(),
            Cell::DateTime(_) => "2026-11-23 14:00  ".into(),
        }
    }
}

fn words(lang: Lang, code: &str) -> String {
    i18n::code(lang, code)
}

/// A pair's name: a code in words, else a count's name in words (the
/// report's `counts` are named as `status --json` names them).
fn pair_name(lang: Lang, name: &str) -> String {
    match words(lang, name) {
        same if same == name => i18n::count_name(lang, name),
        said => said,
    }
}

/// The cell for the CSV text `value` of a column of `kind`. A value that
/// does not read as its kind is written as the text it is.
pub fn cell(kind: Kind, value: &str, lang: Lang, zone: &Zone) -> Cell {
    if value.is_empty() {
        return Cell::Empty;
    }
    let text = || Cell::Text(value.to_string());
    match kind {
        Kind::Text => text(),
        Kind::Code | Kind::Check => Cell::Text(words(lang, value)),
        Kind::Codes => Cell::Text(
            value
                .split(';')
                .filter(|c| !c.is_empty())
                .map(|c| words(lang, c))
                .collect::<Vec<_>>()
                .join(list_separator(lang)),
        ),
        Kind::Pairs => Cell::Text(
            value
                .split(';')
                .filter(|c| !c.is_empty())
                .map(|p| match p.split_once(':') {
                    Some((a, b)) => format!("{}{}{}", pair_name(lang, a), pair_separator(lang), {
                        if b.parse::<i64>().is_ok() {
                            b.to_string()
                        } else {
                            words(lang, b)
                        }
                    }),
                    None => words(lang, p),
                })
                .collect::<Vec<_>>()
                .join(list_separator(lang)),
        ),
        Kind::Date => NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map(Cell::Date)
            .unwrap_or_else(|_| text()),
        Kind::DateTime => parse_instant(value, zone)
            .map(|ts| Cell::DateTime(zone.local(ts).naive_local()))
            .unwrap_or_else(|_| text()),
        Kind::Money => match value.parse::<f64>() {
            Ok(n) if n.is_finite() => Cell::Money(n),
            _ => text(),
        },
        Kind::Int => value
            .parse::<i64>()
            .map(|n| Cell::Number(n as f64))
            .unwrap_or_else(|_| text()),
    }
}

fn tone(kind: Kind, name: &str, value: &str) -> Tone {
    match (kind, value) {
        (Kind::Check, "missing") => Tone::Bad,
        (Kind::Check, "late") => Tone::Warn,
        (Kind::Code, "yes") if name.ends_with("_overdue") => Tone::Bad,
        _ => Tone::Plain,
    }
}

/// One table of the summary sheet: a title row with the value columns'
/// headers, then one row per figure. Each row keeps a machine key (in a
/// hidden column) such as `today_jobs.status.done`.
#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<SummaryRow>,
}

#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub key: String,
    pub label: String,
    pub values: Vec<i64>,
}

/// Callbacks due on each day: made on time / overdue, for the chart.
#[derive(Debug, Clone)]
pub struct History {
    pub title: String,
    pub days: Vec<(NaiveDate, i64, i64)>,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub title: String,
    pub lines: Vec<String>,
    pub sections: Vec<Section>,
    pub history: Option<History>,
}

/// The column of the summary sheet that holds the machine keys (hidden).
pub const SUMMARY_KEY_COLUMN: u16 = 3;

/// Where a workbook's data rows come from: held, or read back one at a
/// time from the CSV file they were written to ([`CsvFileRows`]).
pub trait RowSource {
    /// Gives each row to `f`, in order.
    fn each_row(
        &self,
        f: &mut dyn FnMut(&[String]) -> Result<(), XlsxError>,
    ) -> Result<(), XlsxError>;
}

impl RowSource for &[Vec<String>] {
    fn each_row(
        &self,
        f: &mut dyn FnMut(&[String]) -> Result<(), XlsxError>,
    ) -> Result<(), XlsxError> {
        self.iter().try_for_each(|r| f(r))
    }
}

impl RowSource for Vec<Vec<String>> {
    fn each_row(
        &self,
        f: &mut dyn FnMut(&[String]) -> Result<(), XlsxError>,
    ) -> Result<(), XlsxError> {
        self.iter().try_for_each(|r| f(r))
    }
}

/// The rows of a CSV file written by [`crate::io::export::csv_writer`],
/// each cell as it was before it was neutralised (the header skipped).
pub struct CsvFileRows<'a>(pub &'a std::path::Path);

impl RowSource for CsvFileRows<'_> {
    fn each_row(
        &self,
        f: &mut dyn FnMut(&[String]) -> Result<(), XlsxError>,
    ) -> Result<(), XlsxError> {
        let mut failed = None;
        let read = crate::io::export::each_csv_row(self.0, &mut |row| {
            f(row).map_err(|e| {
                failed = Some(e);
                std::io::Error::other("the spreadsheet could not take a row")
            })
        });
        match (failed, read) {
            (Some(e), _) => Err(e),
            (None, r) => Ok(r?),
        }
    }
}

/// A workbook: the data sheet (first, from the CSV's header and rows), the
/// summary sheet if any, and the legend.
pub struct Book<'a> {
    pub lang: Lang,
    pub zone: Zone,
    pub table: &'a [ColumnDef],
    pub data_sheet: String,
    pub header: &'a [&'a str],
    /// The data rows ([`Book::to_bytes_from`] takes them from elsewhere).
    pub rows: &'a [Vec<String>],
    pub summary: Option<Summary>,
    /// The file's recorded creation time: the command's "now", so that the
    /// same report made twice (the same `--now`) is the same file.
    pub created: chrono::DateTime<chrono::Utc>,
}

struct Formats {
    header: Format,
    title: Format,
    date: Format,
    datetime: Format,
    money: Format,
    int: Format,
    warn: Format,
    bad: Format,
    bold: Format,
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin);
        Formats {
            header,
            title: Format::new().set_bold().set_font_size(14),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            money: Format::new().set_num_format("#,##0.00"),
            int: Format::new().set_num_format("0"),
            warn: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
            bad: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            bold: Format::new().set_bold(),
        }
    }
}

/// Display width as a column width: a Chinese character counts double.
fn width_of(s: &str) -> usize {
    s.width()
}

fn fit(sheet: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (i, w) in widths.iter().enumerate() {
        let w = (*w).clamp(4, 60) + 3;
        sheet.set_column_width(i as u16, w as f64)?;
    }
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    tone: Tone,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) => {
            match tone {
                Tone::Plain => sheet.write_string(row, col, s)?,
                Tone::Warn => sheet.write_string_with_format(row, col, s, &f.warn)?,
                Tone::Bad => sheet.write_string_with_format(row, col, s, &f.bad)?,
            };
        }
        Cell::Number(n) => {
            sheet.write_number_with_format(row, col, *n, &f.int)?;
        }
        Cell::Money(n) => {
            sheet.write_number_with_format(row, col, *n, &f.money)?;
        }
        Cell::Date(d) => {
            sheet.write_datetime_with_format(row, col, d, &f.date)?;
        }
        Cell::DateTime(t) => {
            sheet.write_datetime_with_format(row, col, t, &f.datetime)?;
        }
    }
    Ok(())
}

impl Book<'_> {
    /// The `.xlsx` file's bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, XlsxError> {
        self.to_bytes_from(&self.rows)
    }

    /// The `.xlsx` file's bytes, its data rows from `rows` (read in a few
    /// passes, never all held) instead of [`Book::rows`].
    pub fn to_bytes_from(&self, rows: &dyn RowSource) -> Result<Vec<u8>, XlsxError> {
        let f = Formats::new();
        let mut wb = Workbook::new();
        let created = rust_xlsxwriter::ExcelDateTime::from_timestamp(self.created.timestamp())?;
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
        let columns: Vec<(Kind, String)> = self
            .header
            .iter()
            .map(|h| column(self.table, h, self.lang))
            .collect();

        // The data sheet, in "low memory" mode: each row goes out to a
        // temporary file as soon as the next begins, so that a report of many
        // rows is not held twice; where no temporary file can be made, the
        // sheet is held in memory as before.
        let low_memory = wb.add_worksheet_with_low_memory().is_ok();
        if !low_memory {
            wb.add_worksheet();
        }
        let sheet = wb.worksheet_from_index(0)?;
        sheet.set_name(&self.data_sheet)?;
        let mut widths: Vec<usize> = columns.iter().map(|(_, h)| width_of(h)).collect();
        for (c, (_, h)) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &f.header)?;
        }
        // The rows that still need someone first (a stable order otherwise:
        // the CSV's), so that a printed page starts with what is open.
        // Read in two passes (those with open items, then the others), so
        // that rows read back from a file are never all held.
        let open = self.header.iter().position(|h| *h == "open_items");
        let is_open =
            |row: &[String]| open.is_some_and(|i| row.get(i).is_some_and(|v| !v.is_empty()));
        let mut r = 0u32;
        let passes: &[bool] = if open.is_some() {
            &[true, false]
        } else {
            &[false]
        };
        for &first in passes {
            rows.each_row(&mut |row| {
                if open.is_some() && is_open(row) != first {
                    return Ok(());
                }
                r += 1;
                for (c, value) in row.iter().enumerate() {
                    let (kind, name) = match (columns.get(c), self.header.get(c)) {
                        (Some((k, _)), Some(n)) => (*k, *n),
                        _ => (Kind::Text, ""),
                    };
                    let cell = cell(kind, value, self.lang, &self.zone);
                    if let Some(w) = widths.get_mut(c) {
                        *w = (*w).max(width_of(&cell.shown()));
                    }
                    write_cell(sheet, r, c as u16, &cell, tone(kind, name, value), &f)?;
                }
                Ok(())
            })?;
        }
        fit(sheet, &widths)?;
        // The header row and every column up to the job's number stay in
        // view while scrolling either way.
        let frozen = self
            .header
            .iter()
            .position(|h| *h == "job_no")
            .map_or(0, |i| i as u16 + 1);
        sheet.set_freeze_panes(1, frozen)?;
        sheet.set_print_fit_to_pages(1, 0);
        let last_col = self.header.len().max(1) as u16 - 1;
        sheet.autofilter(0, 0, r, last_col)?;
        sheet.set_landscape();
        sheet.set_repeat_rows(0, 0)?;
        sheet.set_print_gridlines(true);

        if let Some(s) = &self.summary {
            self.write_summary(wb.add_worksheet(), s, &f)?;
        }
        self.write_legend(wb.add_worksheet(), &columns, rows, &f)?;
        // The fastest deflate: most of a report's export went into
        // compressing its sheet at the default level 6, for a file a few
        // tenths larger at level 1 (a report is small either way).
        wb.set_zip_compression_level(1);
        wb.save_to_buffer()
    }

    fn write_summary(
        &self,
        sheet: &mut Worksheet,
        s: &Summary,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        let name = tr(self.lang, T::XlsxSheetSummary);
        sheet.set_name(name)?;
        sheet.write_string_with_format(0, 0, &s.title, &f.title)?;
        let mut row = 1u32;
        let mut widths = vec![0usize; 3];
        for line in &s.lines {
            sheet.write_string(row, 0, line)?;
            row += 1;
        }
        for sec in &s.sections {
            row += 1;
            sheet.write_string_with_format(row, 0, &sec.title, &f.header)?;
            widths[0] = widths[0].max(width_of(&sec.title));
            for (i, c) in sec.columns.iter().enumerate() {
                sheet.write_string_with_format(row, 1 + i as u16, c, &f.header)?;
                if let Some(w) = widths.get_mut(1 + i) {
                    *w = (*w).max(width_of(c));
                }
            }
            row += 1;
            for r in &sec.rows {
                sheet.write_string(row, 0, &r.label)?;
                widths[0] = widths[0].max(width_of(&r.label));
                for (i, v) in r.values.iter().enumerate() {
                    sheet.write_number_with_format(row, 1 + i as u16, *v as f64, &f.int)?;
                }
                sheet.write_string(row, SUMMARY_KEY_COLUMN, &r.key)?;
                row += 1;
            }
        }
        if let Some(h) = &s.history {
            row += 1;
            sheet.write_string_with_format(row, 0, &h.title, &f.bold)?;
            row += 1;
            if h.days.is_empty() {
                sheet.write_string(row, 0, tr(self.lang, T::XlsxNoHistory))?;
            } else {
                let heads = [T::XlsxDate, T::XlsxOnTime, T::XlsxLate];
                for (i, t) in heads.iter().enumerate() {
                    sheet.write_string_with_format(row, i as u16, tr(self.lang, *t), &f.header)?;
                }
                row += 1;
                let first = row;
                for (d, on_time, overdue) in &h.days {
                    sheet.write_datetime_with_format(row, 0, d, &f.date)?;
                    sheet.write_number_with_format(row, 1, *on_time as f64, &f.int)?;
                    sheet.write_number_with_format(row, 2, *overdue as f64, &f.int)?;
                    sheet.write_string(row, SUMMARY_KEY_COLUMN, format!("history.{d}"))?;
                    row += 1;
                }
                let last = row - 1;
                let mut chart = Chart::new(ChartType::ColumnStacked);
                chart.title().set_name(&h.title);
                for (c, colour, t) in [
                    (1u16, 0x70AD47u32, T::XlsxOnTime),
                    (2, 0xC00000, T::XlsxLate),
                ] {
                    chart
                        .add_series()
                        .set_name(tr(self.lang, t))
                        .set_categories((name, first, 0, last, 0))
                        .set_values((name, first, c, last, c))
                        .set_format(
                            rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(colour)),
                        );
                }
                chart.x_axis().set_num_format("mm-dd");
                chart.set_width(560).set_height(300);
                sheet.insert_chart(1, 5, &chart)?;
            }
        }
        widths[1] = widths[1].max(10);
        widths[2] = widths[2].max(10);
        fit(sheet, &widths)?;
        sheet.set_column_hidden(SUMMARY_KEY_COLUMN)?;
        // Tables and chart on one page across.
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);
        Ok(())
    }

    fn write_legend(
        &self,
        sheet: &mut Worksheet,
        columns: &[(Kind, String)],
        rows: &dyn RowSource,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        let lang = self.lang;
        sheet.set_name(tr(lang, T::XlsxSheetLegend))?;
        let note = tr(lang, T::XlsxLegendPeople);
        let wrap = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(rust_xlsxwriter::FormatAlign::Top);
        sheet.merge_range(0, 0, 0, 2, note, &wrap)?;
        sheet.set_row_height(0, 48)?;
        let mut widths = [0usize; 3];
        sheet.write_string_with_format(2, 0, tr(lang, T::XlsxLegendColumns), &f.bold)?;
        let mut row = 3u32;
        for (i, t) in [T::XlsxLegendHeader, T::XlsxLegendName].iter().enumerate() {
            sheet.write_string_with_format(row, i as u16, tr(lang, *t), &f.header)?;
            widths[i] = widths[i].max(width_of(tr(lang, *t)));
        }
        row += 1;
        for ((_, h), name) in columns.iter().zip(self.header) {
            sheet.write_string(row, 0, h)?;
            sheet.write_string(row, 1, *name)?;
            widths[0] = widths[0].max(width_of(h));
            widths[1] = widths[1].max(width_of(name));
            row += 1;
        }
        row += 1;
        sheet.write_string_with_format(row, 0, tr(lang, T::XlsxLegendCodes), &f.bold)?;
        row += 1;
        for (i, t) in [T::XlsxLegendHeader, T::XlsxLegendCode, T::XlsxLegendShown]
            .iter()
            .enumerate()
        {
            sheet.write_string_with_format(row, i as u16, tr(lang, *t), &f.header)?;
            widths[i] = widths[i].max(width_of(tr(lang, *t)));
        }
        row += 1;
        // Each column's codes in the order the rows first show them, in one
        // pass over the rows.
        let shown_columns = columns.len().min(self.header.len());
        let mut seen: Vec<Vec<String>> = vec![Vec::new(); shown_columns];
        rows.each_row(&mut |r| {
            for (c, ((kind, _), seen)) in columns.iter().zip(seen.iter_mut()).enumerate() {
                let v = r.get(c).map(String::as_str).unwrap_or("");
                let parts: Vec<&str> = match kind {
                    Kind::Code | Kind::Check => vec![v],
                    Kind::Codes => v.split(';').collect(),
                    Kind::Pairs => v
                        .split(';')
                        .flat_map(|p| p.split(':'))
                        .filter(|p| p.parse::<i64>().is_err())
                        .collect(),
                    _ => Vec::new(),
                };
                for p in parts {
                    if !p.is_empty() && !seen.iter().any(|s| s == p) {
                        seen.push(p.to_string());
                    }
                }
            }
            Ok(())
        })?;
        for ((_, h), seen) in columns.iter().zip(seen) {
            for code in seen {
                let code = code.as_str();
                let shown = words(lang, code);
                sheet.write_string(row, 0, h)?;
                sheet.write_string(row, 1, code)?;
                sheet.write_string(row, 2, &shown)?;
                widths[1] = widths[1].max(width_of(code));
                widths[2] = widths[2].max(width_of(&shown));
                row += 1;
            }
        }
        fit(sheet, &widths)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::zone;

    #[test]
    fn every_known_column_has_both_headers_and_the_report_columns_are_the_tables() {
        for c in REPORT.iter().chain(CENTER) {
            assert!(!c.en.is_empty() && !c.zh.is_empty(), "{}", c.name);
        }
        let names: Vec<&str> = REPORT.iter().map(|c| c.name).collect();
        assert_eq!(names, report::NAMES);
        assert_eq!(
            column(REPORT, "onsite_due", Lang::Zh),
            (Kind::DateTime, "应上门时限".into())
        );
        assert_eq!(
            column(REPORT, "future_col", Lang::Zh),
            (Kind::Text, "future_col".into())
        );
        assert_eq!(
            column(CENTER, "check_10:00", Lang::Zh),
            (Kind::Check, "10:00 检查".into())
        );
    }

    #[test]
    fn cells_are_typed_and_text_stays_text() {
        let z = zone();
        assert_eq!(
            cell(Kind::Text, "=HYPERLINK(\"x\")", Lang::Zh, &z),
            Cell::Text("=HYPERLINK(\"x\")".into())
        );
        assert_eq!(
            cell(Kind::Code, "done", Lang::Zh, &z),
            Cell::Text("已完成".into())
        );
        assert_eq!(
            cell(Kind::Codes, "card_missing;charge_mismatch", Lang::Zh, &z),
            Cell::Text("缺监督卡、收费不符".into())
        );
        assert_eq!(
            cell(Kind::Pairs, "card_missing:remedial_callback", Lang::En, &z),
            Cell::Text("card missing: remedial callback".into())
        );
        assert_eq!(
            cell(Kind::Pairs, "card_missing:2", Lang::Zh, &z),
            Cell::Text("缺监督卡：2".into())
        );
        // The day's counts, named in words too (not half codes).
        assert_eq!(
            cell(
                Kind::Pairs,
                "open_jobs:1;response_overdue:1;repeats:1",
                Lang::Zh,
                &z
            ),
            Cell::Text("待预约服务单：1、上门超时：1、返修：1".into())
        );
        assert_eq!(cell(Kind::Money, "120.5", Lang::Zh, &z), Cell::Money(120.5));
        assert_eq!(cell(Kind::Int, "7", Lang::Zh, &z), Cell::Number(7.0));
        assert_eq!(
            cell(Kind::Int, "seven", Lang::Zh, &z),
            Cell::Text("seven".into())
        );
        // An instant in another offset is shown in the zone's local time.
        let t = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(13, 0, 0)
            .unwrap();
        assert_eq!(
            cell(Kind::DateTime, "2026-11-23T05:00:00Z", Lang::Zh, &z),
            Cell::DateTime(t)
        );
        assert_eq!(
            cell(Kind::DateTime, "2026-11-23T13:00:00+08:00", Lang::Zh, &z),
            Cell::DateTime(t)
        );
        assert_eq!(cell(Kind::Date, "", Lang::Zh, &z), Cell::Empty);
    }

    #[test]
    fn a_report_with_no_rows_is_a_workbook_with_its_header() {
        use calamine::Reader;
        let header = ["job_no", "customer", "future"];
        let bytes = Book {
            lang: Lang::En,
            zone: zone(),
            table: REPORT,
            data_sheet: "Report".into(),
            header: &header,
            rows: &[],
            summary: None,
            created: chrono::DateTime::UNIX_EPOCH,
        }
        .to_bytes()
        .unwrap();
        let mut wb: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_names(), ["Report", "Legend"]);
        let r = wb.worksheet_range("Report").unwrap();
        let cells: Vec<String> = r
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(cells, ["job no.", "customer", "future"]);
        assert_eq!(r.height(), 1);
    }

    #[test]
    fn chinese_counts_double_in_a_column_width() {
        assert_eq!(width_of("张三"), 4);
        assert_eq!(width_of("J001"), 4);
    }
}
