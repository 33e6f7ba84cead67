//! The weekly / monthly summary as a workbook for people: a
//! sheet per level (the engineers, the branch or branches), the rates as
//! percentages, the counts as numbers, the dates as dates, the headers in
//! the user's language, and a chart of satisfaction by engineer (or by
//! branch, at the center).

use crate::i18n::Lang;
use chrono::NaiveDate;
use rust_xlsxwriter::{Chart, ChartType, Color, Format, FormatBorder, Workbook, XlsxError};

/// (column, English, Chinese) of every summary column.
const LABELS: &[(&str, &str, &str)] = &[
    ("period_start", "period start", "起始日"),
    ("period_end", "period end", "截止日"),
    ("branch", "branch", "网点"),
    ("engineer", "engineer", "工程师"),
    ("jobs", "jobs", "服务单"),
    ("onsite_jobs", "on-site jobs", "上门服务单"),
    ("callbacks_due", "callbacks due", "应回访"),
    ("callbacks_answered", "callbacks answered", "已回访"),
    ("callback_rate", "callback rate", "回访率"),
    ("satisfied", "satisfied", "满意"),
    ("satisfaction_rate", "satisfaction", "满意率"),
    (
        "attitude_satisfied_rate",
        "attitude satisfied",
        "服务态度满意率",
    ),
    (
        "quality_satisfied_rate",
        "quality satisfied",
        "维修质量满意率",
    ),
    ("solved_rate", "solved", "问题解决率"),
    ("cards_back", "cards back", "收回监督卡"),
    ("card_satisfied_rate", "card satisfaction", "监督卡满意率"),
    ("repeats", "repeat repairs", "返修"),
    ("repeat_rate", "repeat rate", "返修率"),
    ("late_arrivals", "late arrivals", "迟到"),
    ("onsite_24h_rate", "on site within 24 h", "24小时上门率"),
    ("complaints", "complaints", "投诉"),
];

fn label(lang: Lang, col: &str) -> String {
    LABELS
        .iter()
        .find(|(c, _, _)| *c == col)
        .map(|(_, en, zh)| if lang == Lang::Zh { *zh } else { *en })
        .unwrap_or(col)
        .to_string()
}

/// The summary's bytes: `rows` as the CSV has them (`header` its columns);
/// a row whose `engineer` is `*` is a branch's, the others an engineer's.
pub fn workbook(lang: Lang, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    let zh = lang == Lang::Zh;
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border_bottom(FormatBorder::Thin);
    let pct = Format::new().set_num_format("0.0%");
    let int = Format::new().set_num_format("0");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let at = |c: &str| header.iter().position(|h| *h == c);
    let engineer_col = at("engineer").unwrap_or(3);
    let (engineers, branches): (Vec<&Vec<String>>, Vec<&Vec<String>>) = rows
        .iter()
        .partition(|r| r.get(engineer_col).is_some_and(|e| e != "*"));
    let mut wb = Workbook::new();
    let levels = [
        (if zh { "工程师" } else { "engineers" }, engineers),
        (if zh { "网点" } else { "branches" }, branches),
    ];
    for (name, list) in &levels {
        let sheet = wb.add_worksheet();
        sheet.set_name(*name)?;
        for (c, h) in header.iter().enumerate() {
            let text = label(lang, h);
            sheet.write_string_with_format(0, c as u16, &text, &head)?;
            let w = unicode_width::UnicodeWidthStr::width(text.as_str()).clamp(8, 30) + 2;
            sheet.set_column_width(c as u16, w as f64)?;
        }
        for (r, row) in list.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, (h, v)) in header.iter().zip(row.iter()).enumerate() {
                let c = c as u16;
                if v.is_empty() {
                    continue;
                }
                if h.ends_with("_rate") {
                    match v.parse::<f64>() {
                        Ok(x) => sheet.write_number_with_format(r, c, x, &pct)?,
                        Err(_) => sheet.write_string(r, c, v)?,
                    };
                } else if h.starts_with("period_") {
                    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                        Ok(d) => sheet.write_datetime_with_format(r, c, d, &date)?,
                        Err(_) => sheet.write_string(r, c, v)?,
                    };
                } else if let (false, Ok(n)) =
                    (matches!(*h, "branch" | "engineer"), v.parse::<u64>())
                {
                    sheet.write_number_with_format(r, c, n as f64, &int)?;
                } else {
                    sheet.write_string(r, c, v)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        // Satisfaction by engineer (by branch on the branches' sheet when
        // more than one).
        let by = if *name == levels[0].0 {
            engineer_col
        } else {
            at("branch").unwrap_or(2)
        };
        if let Some(sat) = at("satisfaction_rate")
            && !list.is_empty()
            && (*name == levels[0].0 || list.len() > 1)
        {
            let last = list.len() as u32;
            let mut chart = Chart::new(ChartType::Column);
            let title = if zh { "满意率" } else { "Satisfaction" };
            chart.title().set_name(title);
            chart
                .add_series()
                .set_name(title)
                .set_categories((*name, 1, by as u16, last, by as u16))
                .set_values((*name, 1, sat as u16, last, sat as u16));
            chart
                .y_axis()
                .set_num_format("0%")
                .set_min(0.0)
                .set_max(1.0);
            chart.set_width(560).set_height(300);
            sheet.insert_chart(last + 2, 0, &chart)?;
        }
    }
    wb.set_zip_compression_level(1);
    wb.save_to_buffer()
}
