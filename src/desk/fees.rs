//! The fee standard (`import fees`) and what a visit's rules
//! derive when it is recorded: the standard's sum of its fee items and a
//! workshop repair's return limit.

use super::{Desk, DeskError, Result, record_if_changed, whole};
use crate::domain::codes::parse_money;
use crate::domain::columns::FEE_COLUMNS;
use crate::domain::fees::{Fee, Standard, parse_items, total};
use crate::domain::time::{Ts, Zone};
use crate::domain::visit::{Outcome, Visit};
use crate::domain::workshop::{self, Workshop};
use crate::io::{Problem, read_table};
use crate::store::{fees as store, settings};
use chrono::NaiveDate;
use rusqlite::Connection;

/// What `import fees` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FeesImported {
    pub rows: usize,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    /// Header cells that are no column of the file, ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignored_columns: Vec<String>,
}

/// A fee code: printable text without `;` (the separator of `fee_items`).
fn valid_code(code: &str) -> std::result::Result<(), String> {
    crate::domain::job::valid_job_no(code).map_err(|e| e.replace("a job number", "a fee code"))?;
    if code.contains(';') || code.contains(',') {
        return Err(format!("{code:?}: a fee code cannot contain ; or ,"));
    }
    Ok(())
}

/// The rows of a fees file, or every problem.
pub fn parse_fees(bytes: &[u8]) -> std::result::Result<Vec<Fee>, Vec<Problem>> {
    let table = read_table(bytes, &["code", "amount"])?;
    let mut problems = Vec::new();
    let mut out: Vec<(u64, Fee)> = Vec::new();
    for row in &table.rows {
        let code = table.get(row, "code").to_string();
        let mut ok = true;
        if code.is_empty() {
            problems.push(Problem::new(row.line, "code", "required, but blank"));
            ok = false;
        } else if let Err(why) = valid_code(&code) {
            problems.push(Problem::new(row.line, "code", why));
            ok = false;
        } else if let Some((first, _)) = out.iter().find(|(_, f)| f.code == code) {
            problems.push(Problem::new(
                row.line,
                "code",
                format!("{code:?} is already on line {first}"),
            ));
            ok = false;
        }
        let raw = table.get(row, "amount");
        let amount = if raw.is_empty() {
            problems.push(Problem::new(row.line, "amount", "required, but blank"));
            None
        } else {
            match parse_money(raw) {
                Ok(a) => Some(a),
                Err(why) => {
                    problems.push(Problem::new(row.line, "amount", why));
                    None
                }
            }
        };
        if let (true, Some(amount)) = (ok, amount) {
            out.push((
                row.line,
                Fee {
                    code,
                    name: table.get(row, "name").to_string(),
                    amount,
                },
            ));
        }
    }
    if problems.is_empty() {
        Ok(out.into_iter().map(|(_, f)| f).collect())
    } else {
        Err(problems)
    }
}

/// The workshop rules in force: the branch's settings, else the defaults.
pub fn workshop(c: &Connection) -> Result<Workshop> {
    let mut w = Workshop::default();
    if let Some(v) = settings::get(c, workshop::WORKSHOP_DAYS)? {
        w.days = workshop::parse_days(&v).map_err(|why| DeskError::BadSetting {
            key: workshop::WORKSHOP_DAYS.into(),
            why,
        })?;
    }
    if let Some(v) = settings::get(c, workshop::HOLIDAYS)? {
        w.holidays = workshop::parse_holidays(&v).map_err(|why| DeskError::BadSetting {
            key: workshop::HOLIDAYS.into(),
            why,
        })?;
    }
    Ok(w)
}

/// What a visit's rules derive when it is recorded: the standard's sum of
/// its fee items (`None`: none given), and for a `pulled` visit the last
/// day the machine may come back. An unknown fee code is the error.
pub fn derive(
    c: &Connection,
    zone: &Zone,
    v: &Visit,
) -> Result<(Option<i64>, Option<NaiveDate>), String> {
    let items = parse_items(&v.fee_items);
    let fee_total = if items.is_empty() {
        None
    } else {
        let standard = store::all(c).map_err(|e| e.to_string())?;
        Some(total(&standard, &items).map_err(|unknown| unknown_codes(&unknown, &standard))?)
    };
    let limit = match (v.outcome, v.base_time()) {
        (Some(Outcome::Pulled), Some(at)) => {
            let w = workshop(c).map_err(|e| e.to_string())?;
            Some(w.return_limit(zone.date_of(at)))
        }
        _ => None,
    };
    Ok((fee_total, limit))
}

fn unknown_codes(unknown: &[String], standard: &Standard) -> String {
    let list = unknown
        .iter()
        .map(|c| format!("{c:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    if standard.is_empty() {
        format!("unknown fee code {list}: no fee standard yet (import fees first)")
    } else {
        format!("unknown fee code {list} (not in the fee standard)")
    }
}

impl Desk {
    /// Replaces the branch's fee standard with a fees file (`code, name,
    /// amount`): all or nothing, audited.
    pub fn import_fees(&mut self, file: &str, bytes: &[u8], now: Ts) -> Result<FeesImported> {
        // The header checked as every import's is (near misses refused,
        // unknown cells named).
        let ignored = super::import::header_of(file, bytes, FEE_COLUMNS)?;
        let fees = parse_fees(bytes)
            .map_err(|problems| super::import::rejected(file, problems).naming(&ignored))?;
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let (added, changed, removed) = store::replace(c, &fees)?;
            let s = FeesImported {
                rows: fees.len(),
                added,
                changed,
                removed,
                ignored_columns: ignored.clone(),
            };
            record_if_changed(
                c,
                &operator,
                now,
                "import_fees",
                "",
                format!(
                    "{file}: fee standard of {} codes ({added} added, {changed} changed, \
                     {removed} removed)",
                    s.rows
                ),
            )?;
            Ok(s)
        })
    }

    /// The fee standard, by code.
    pub fn fee_standard(&mut self) -> Result<Standard> {
        self.store.read(|c| Ok(store::all(c)?))
    }
}
