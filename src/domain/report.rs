//! The daily report's contract in one place: its columns (the CSV header,
//! in this order), each one's kind, its headers for people in both
//! languages and the manifest schema it came with, and [`Row`], one report
//! row with a field per column.
//!
//! The branch's export fills a [`Row`] and writes [`NAMES`] and its cells;
//! the center reads a row's cells into a [`Row`] by the header's names and
//! requires of each report the columns of its manifest's schema
//! ([`required_of`]); the spreadsheets take their headers from [`COLUMNS`].
//!
//! **Adding a column**: one line in the table below (the field comes with
//! it), its value where the export computes the row, and a new [`SCHEMA`]
//! as its `since` and `required_from` (never a column added to a schema
//! already sent: a center would refuse the reports of the builds before it).
//! Columns are never renamed or removed: the names are the SPEC's.

/// The manifest schema of the reports this build exports. The center reads
/// every schema from 1 to this one.
///
/// 1. The SPEC's columns and the first extras.
/// 2. The rows of jobs still open (`touched`, `open_items`); the manifest's
///    `reconciled_at` and `cutoff_at`. Later schema-2 builds added
///    `onsite_due` without a new number.
/// 3. `counts` (each job's share of the branch's `status` counts) and
///    `pending_callbacks`. Later schema-3 builds added, each without a new
///    number, the cases for the center (`case_kinds`, `case_ids`,
///    `case_notes`), what customers said (`card_satisfaction` …
///    `repeat_of`) and `voice`.
/// 4. No new column: every column above is required, the ones added
///    within schemas 2 and 3 too.
pub const SCHEMA: u32 = 4;

/// What a column's cells hold (and so how a spreadsheet shows them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text, exactly as written.
    Text,
    /// One SPEC code (`done`).
    Code,
    /// `;`-separated codes.
    Codes,
    /// `;`-separated `code:code` (or `code:count`) pairs.
    Pairs,
    /// `YYYY-MM-DD`.
    Date,
    /// RFC 3339 (or `YYYY-MM-DD HH:MM` local).
    DateTime,
    /// Yuan, up to two decimals.
    Money,
    /// A whole number.
    Int,
    /// A center check state (`on_time`, `late`, `missing`, `pending`): the
    /// center's summary, not the report.
    Check,
}

/// One column of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its name in the CSV header (the SPEC's).
    pub name: &'static str,
    pub kind: Kind,
    /// Its header for people.
    pub en: &'static str,
    pub zh: &'static str,
    /// The schema of the first reports that had it.
    pub since: u32,
    /// The first schema whose every report has it: after `since` when the
    /// column came within a schema, without a new number.
    pub required_from: u32,
}

impl Column {
    /// A report of `schema` must have this column.
    pub fn required_of(&self, schema: u32) -> bool {
        schema >= self.required_from
    }

    /// A report of `schema` may have this column.
    pub fn carried_by(&self, schema: u32) -> bool {
        schema >= self.since
    }
}

use crate::domain::time::Zone;

/// The table: `name: kind, since, required_from, en, zh;` per column, in
/// the CSV's order. Makes [`COLUMNS`], [`NAMES`] and [`Row`] from it.
macro_rules! report_columns {
    ($($name:ident: $kind:ident, $since:literal, $required:literal, $en:literal, $zh:literal;)+) => {
        /// Every column, in the CSV's order.
        pub const COLUMNS: &[Column] = &[$(Column {
            name: stringify!($name),
            kind: Kind::$kind,
            en: $en,
            zh: $zh,
            since: $since,
            required_from: $required,
        }),+];

        /// The CSV header: every column's name, in order.
        pub const NAMES: &[&str] = &[$(stringify!($name)),+];

        /// One report row, a field per column (see [`COLUMNS`] for each
        /// one's meaning). The export's cells are `Row<String>`; the center
        /// reads a row as `Row<Option<&str>>` (`None`: not in the header).
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Row<S = String> {
            $(pub $name: S,)+
        }

        impl<S> Row<S> {
            /// A row of `f(column)` for each column, in order.
            pub fn from_fn(mut f: impl FnMut(&'static Column) -> S) -> Row<S> {
                let mut columns = COLUMNS.iter();
                // Struct fields are evaluated in the order written: the
                // table's.
                Row {
                    $($name: f(columns.next().expect("a column per field")),)+
                }
            }

            /// The cells, in the CSV's order.
            pub fn cells(&self) -> impl Iterator<Item = &S> {
                [$(&self.$name),+].into_iter()
            }

            /// The cells, in the CSV's order.
            pub fn into_cells(self) -> Vec<S> {
                vec![$(self.$name),+]
            }

            /// The cell of the column `name`.
            pub fn get(&self, name: &str) -> Option<&S> {
                match name {
                    $(stringify!($name) => Some(&self.$name),)+
                    _ => None,
                }
            }
        }
    };
}

report_columns! {
    // The SPEC's columns.
    report_date:        Date,     1, 1, "report date",          "日报日期";
    branch:             Text,     1, 1, "branch",               "网点";
    job_no:             Text,     1, 1, "job no.",              "服务单号";
    engineer:           Text,     1, 1, "engineer",             "工程师";
    customer:           Text,     1, 1, "customer",             "用户";
    phone:              Text,     1, 1, "phone",                "电话";
    product_model:      Text,     1, 1, "model",                "型号";
    warranty:           Code,     1, 1, "warranty",             "保修";
    status:             Code,     1, 1, "status",               "状态";
    outcome:            Code,     1, 1, "last outcome",         "上门结果";
    callback_kind:      Code,     1, 1, "callback",             "回访类型";
    callback_due:       DateTime, 1, 1, "callback due",         "回访时限";
    callback_result:    Code,     1, 1, "callback result",      "回访结果";
    card_state:         Code,     1, 1, "card",                 "监督卡";
    discrepancies:      Codes,    1, 1, "discrepancies",        "差异";
    charge:             Money,    1, 1, "charge (yuan)",        "收费（元）";
    receipt_no:         Text,     1, 1, "receipt no.",          "收据号";
    // What the center needs to act.
    callback_attempts:  Int,      1, 1, "callback attempts",    "回访次数";
    callback_overdue:   Code,     1, 1, "callback overdue",     "回访超时";
    revisit_of:         Text,     1, 1, "re-visit of",          "原服务单";
    revisits:           Text,     1, 1, "re-visits",            "二次上门单";
    late_minutes:       Int,      1, 1, "late (min)",           "迟到（分钟）";
    loaner_return_due:  Date,     1, 1, "loaner back by",       "周转机归还日";
    loaner_overdue:     Code,     1, 1, "loaner overdue",       "周转机超期";
    invoice_owed:       Code,     1, 1, "invoice owed",         "欠发票";
    discrepancies_open: Codes,    1, 1, "open discrepancies",   "未处理差异";
    resolutions:        Pairs,    1, 1, "resolutions",          "差异处理";
    // The open ledger.
    touched:            Code,     2, 2, "touched that day",     "当日有变动";
    open_items:         Codes,    2, 2, "open items",           "未结事项";
    onsite_due:         DateTime, 2, 3, "on-site due",          "应上门时限";
    // The center's figures are the branch's.
    counts:             Pairs,    3, 3, "counts",               "计数";
    pending_callbacks:  Text,     3, 3, "callbacks pending",    "待回访明细";
    // What the customer said.
    card_satisfaction:  Code,     3, 4, "card: satisfaction",   "监督卡满意度";
    card_quality:       Code,     3, 4, "card: quality",        "监督卡维修质量";
    card_attitude:      Code,     3, 4, "card: attitude",       "监督卡服务态度";
    callback_attitude:  Code,     3, 4, "callback: attitude",   "回访服务态度";
    callback_quality:   Code,     3, 4, "callback: quality",    "回访维修质量";
    callback_solved:    Code,     3, 4, "callback: solved",     "回访问题解决";
    followup_due:       DateTime, 3, 4, "follow-up due",        "跟踪回访时限";
    followup_result:    Code,     3, 4, "follow-up result",     "跟踪回访结果";
    repeat_of:          Text,     3, 4, "repeat of",            "返修原单";
    // The job's cases for the center.
    case_kinds:         Codes,    3, 4, "cases for the center", "待批示事项";
    case_ids:           Text,     3, 4, "case ids",             "事项编号";
    case_notes:         Text,     3, 4, "case notes",           "事项说明";
    // The job's share of the period summaries.
    voice:              Text,     3, 4, "period counts",        "周期计数";
}

/// The column named `name`.
pub fn column(name: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.name == name)
}

/// The columns a report of `schema` must have, in order.
pub fn required_of(schema: u32) -> Vec<&'static str> {
    COLUMNS
        .iter()
        .filter(|c| c.required_of(schema))
        .map(|c| c.name)
        .collect()
}

/// Why the cell `value` of column `name` cannot be what a branch's export
/// wrote (every reason: each bad code of a list), for every column a rule
/// of the center reads: each code of its list, each time a time that can
/// have happened (SPEC: the years 2000–2099), each number a count or an
/// amount, `counts`, `pending_callbacks` and `voice` the branch's own
/// cells. A blank cell is always fine; free text is checked by the reader
/// (control characters) and identifiers by their own rule.
pub fn refused_cell(name: &str, value: &str, zone: &Zone) -> Vec<String> {
    use crate::domain::time::{parse_date, parse_instant, plausible_date, plausible_instant};
    if value.is_empty() {
        return Vec::new();
    }
    let one = |r: Result<(), String>| r.err().into_iter().collect::<Vec<_>>();
    let each = |parse: &dyn Fn(&str) -> Result<(), String>| {
        value
            .split(';')
            .filter(|c| !c.trim().is_empty())
            .filter_map(|c| parse(c).err())
            .collect::<Vec<_>>()
    };
    use crate::domain::codes::{parse_money, parse_yes_no};
    match name {
        "status" => one(crate::domain::status::JobStatus::parse(value).map(drop)),
        "outcome" => one(crate::domain::visit::Outcome::parse(value).map(drop)),
        "callback_kind" => one(crate::domain::visit::CallbackKind::parse(value).map(drop)),
        "callback_result" | "followup_result" => {
            one(crate::domain::callback::CallbackResult::parse(value).map(drop))
        }
        "card_state" => one(crate::domain::card::CardState::parse(value).map(drop)),
        "warranty" => one(crate::domain::job::Warranty::parse(value).map(drop)),
        "card_satisfaction" => one(crate::domain::card::Satisfaction::parse(value).map(drop)),
        "card_quality" | "card_attitude" | "callback_attitude" | "callback_quality" => {
            one(crate::domain::voice::Answer::parse(value).map(drop))
        }
        "callback_overdue" | "invoice_owed" | "loaner_overdue" | "touched" | "callback_solved" => {
            one(parse_yes_no(value).map(drop))
        }
        "discrepancies" | "discrepancies_open" => {
            each(&|c| crate::domain::reconcile::DiscrepancyKind::parse(c).map(drop))
        }
        "open_items" => each(&|c| crate::domain::ledger::OpenItem::parse(c).map(drop)),
        "case_kinds" => each(&|c| crate::domain::case::CaseKind::parse(c).map(drop)),
        "resolutions" => each(&|pair| match pair.split_once(':') {
            Some((kind, how)) => crate::domain::reconcile::DiscrepancyKind::parse(kind)
                .and(crate::domain::reconcile::Resolution::parse(how))
                .map(drop),
            None => Err(format!("{pair:?} is not kind:resolution")),
        }),
        "pending_callbacks" => {
            each(&|e| crate::domain::callback::parse_pending_entry(e, zone).map(drop))
        }
        "counts" => one(crate::domain::ledger::parse_counts_cell(value).map(drop)),
        "charge" => one(parse_money(value).map(drop)),
        "late_minutes" => one(match value.parse::<i64>() {
            Ok(_) => Ok(()),
            Err(_) => Err(format!("{value:?} is not a number of minutes")),
        }),
        "callback_due" | "onsite_due" | "followup_due" => one(parse_instant(value, zone)
            .and_then(|t| plausible_instant(t, zone))
            .map(drop)),
        "loaner_return_due" => one(parse_date(value).and_then(plausible_date).map(drop)),
        "callback_attempts" => one(match value.parse::<u32>() {
            Ok(_) => Ok(()),
            Err(_) => Err(format!("{value:?} is not a number of attempts")),
        }),
        "voice" => one(crate::domain::voice::parse_voice_cell(value).map(drop)),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_unique_name_both_headers_and_a_schema_this_build_reads() {
        for (i, c) in COLUMNS.iter().enumerate() {
            assert_eq!(NAMES[i], c.name);
            assert!(
                COLUMNS[..i].iter().all(|d| d.name != c.name),
                "{} twice",
                c.name
            );
            assert!(!c.en.is_empty() && !c.zh.is_empty(), "{}", c.name);
            assert!(
                1 <= c.since && c.since <= c.required_from && c.required_from <= SCHEMA,
                "{}: since {}, required from {}, schema {SCHEMA}",
                c.name,
                c.since,
                c.required_from
            );
            assert_ne!(c.kind, Kind::Check, "{}", c.name);
        }
        assert_eq!(NAMES.len(), COLUMNS.len());
        // The SPEC's columns come first, in the SPEC's order.
        assert_eq!(NAMES[..3], ["report_date", "branch", "job_no"]);
    }

    /// What each schema's reports had, as they went out: (schema, columns
    /// every report of it has, columns some have). A schema already sent
    /// never changes: a new column is a new schema.
    #[test]
    fn the_columns_of_every_schema_sent_stay_as_they_were() {
        let sent = [(1, 27, 27), (2, 29, 30), (3, 32, 45), (4, 45, 45)];
        assert_eq!(sent.last().unwrap().0, SCHEMA, "a new schema: add its line");
        for (schema, required, carried) in sent {
            let got = (
                required_of(schema).len(),
                COLUMNS.iter().filter(|c| c.carried_by(schema)).count(),
            );
            assert_eq!(
                got,
                (required, carried),
                "schema {schema} has changed: a column added since is schema {}'s",
                SCHEMA + 1
            );
        }
        // The current export's every column is required of it.
        assert_eq!(required_of(SCHEMA), NAMES);
    }

    #[test]
    fn a_row_is_its_cells_in_the_tables_order() {
        let row = Row::from_fn(|c| c.name.to_string());
        assert_eq!(row.job_no, "job_no");
        assert_eq!(row.voice, "voice");
        assert_eq!(row.cells().collect::<Vec<_>>(), NAMES);
        assert_eq!(row.get("onsite_due"), Some(&"onsite_due".to_string()));
        assert_eq!(row.get("nonsense"), None);
        assert_eq!(row.clone().into_cells(), NAMES);
        assert_eq!(column("counts").map(|c| c.since), Some(3));
    }
}
