//! Records as the columns of their CSV file, for corrections: a record's
//! values as an import would read them, changed by `FIELD=VALUE`s and read
//! back through the import's own parser (so a corrected value is checked as
//! an imported one is); and the callbacks file of the center's call team.

use super::records::{CARD_COLUMNS, JOB_COLUMNS, VISIT_COLUMNS};
use super::table::{Problem, Row, Table, read_table};
use crate::domain::callback::CallbackResult;
use crate::domain::card::Card;
use crate::domain::codes::format_money;
use crate::domain::job::Job;
use crate::domain::time::{Ts, Zone, parse_instant, plausible_instant, rfc3339};
use crate::domain::visit::Visit;
use crate::domain::voice::{Answer, Answers, check_answers};

/// Column → value, in the file's column order.
pub type Values = Vec<(&'static str, String)>;

fn t(zone: &Zone, v: Option<Ts>) -> String {
    v.map(|t| rfc3339(zone, t)).unwrap_or_default()
}

fn yn(v: Option<bool>) -> String {
    v.map(|b| if b { "yes" } else { "no" }.to_string())
        .unwrap_or_default()
}

fn money(v: Option<i64>) -> String {
    v.map(format_money).unwrap_or_default()
}

fn code(v: Option<&'static str>) -> String {
    v.unwrap_or_default().to_string()
}

pub fn job_values(j: &Job, zone: &Zone) -> Values {
    let v = vec![
        ("job_no", j.job_no.clone()),
        ("branch", j.branch.clone()),
        ("received_at", t(zone, j.received_at)),
        ("customer", j.customer.clone()),
        ("phone", j.phone.clone()),
        ("address", j.address.clone()),
        ("product_model", j.product_model.clone()),
        (
            "purchase_date",
            j.purchase_date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("fault", j.fault.clone()),
        ("requirement", j.requirement.clone()),
        ("appointment_start", t(zone, j.appointment_start)),
        ("appointment_end", t(zone, j.appointment_end)),
        ("engineer", j.engineer.clone()),
        ("warranty", code(j.warranty.map(|w| w.code()))),
    ];
    debug_assert!(v.iter().map(|p| p.0).eq(JOB_COLUMNS.iter().copied()));
    v
}

pub fn visit_values(v: &Visit, zone: &Zone) -> Values {
    let out = vec![
        ("job_no", v.job_no.clone()),
        ("engineer", v.engineer.clone()),
        ("arrived_at", t(zone, v.arrived_at)),
        ("finished_at", t(zone, v.finished_at)),
        ("outcome", code(v.outcome.map(|o| o.code()))),
        ("charge", money(v.charge)),
        ("receipt_no", v.receipt_no.clone()),
        ("invoice_owed", yn(v.invoice_owed)),
        (
            "return_due",
            v.return_due.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("new_appointment_start", t(zone, v.new_appointment_start)),
        ("new_appointment_end", t(zone, v.new_appointment_end)),
        ("note", v.note.clone()),
        ("fee_items", v.fee_items.clone()),
        ("machine_receipt_no", v.machine_receipt_no.clone()),
    ];
    debug_assert!(out.iter().map(|p| p.0).eq(VISIT_COLUMNS.iter().copied()));
    out
}

pub fn card_values(k: &Card, zone: &Zone) -> Values {
    let out = vec![
        ("job_no", k.job_no.clone()),
        ("returned_at", t(zone, k.returned_at)),
        ("satisfaction", code(k.satisfaction.map(|s| s.code()))),
        ("signed_by", code(k.signed_by.map(|s| s.code()))),
        ("warranty_record", yn(k.warranty_record)),
        ("charge", money(k.charge)),
        ("receipt_no", k.receipt_no.clone()),
        ("quality", code(k.quality.map(|s| s.code()))),
        ("attitude", code(k.attitude.map(|s| s.code()))),
    ];
    debug_assert!(out.iter().map(|p| p.0).eq(CARD_COLUMNS.iter().copied()));
    out
}

/// `values` with `changes` applied, as a one-row CSV file of those columns.
pub fn changed_file(values: &Values, changes: &[(String, String)]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = values.iter().map(|(c, _)| *c).collect();
    let row: Vec<&str> = values
        .iter()
        .map(|(c, v)| {
            changes
                .iter()
                .rev()
                .find(|(k, _)| k == c)
                .map_or(v.as_str(), |(_, new)| new.as_str())
        })
        .collect();
    // Writing to memory cannot fail.
    let _ = w.write_record(&header);
    let _ = w.write_record(&row);
    w.into_inner().unwrap_or_default()
}

/// Reads a [`changed_file`] back with an import's parser.
pub fn reparse<T>(
    bytes: &[u8],
    required: &[&str],
    parse: impl Fn(&Table, &Row) -> Result<T, Vec<Problem>>,
) -> Result<T, Vec<Problem>> {
    let table = read_table(bytes, required)?;
    match table.rows.first() {
        Some(row) => parse(&table, row),
        None => Err(vec![Problem::new(2, "record", "no values")]),
    }
}

/// The fields in which two versions differ: (column, before, after).
pub fn differences(before: &Values, after: &Values) -> Vec<(&'static str, String, String)> {
    before
        .iter()
        .zip(after)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((c, a), (_, b))| (*c, a.clone(), b.clone()))
        .collect()
}

/// The callbacks file: calls made elsewhere (the center's call team).
pub const CALLBACK_COLUMNS: &[&str] = &[
    "job_no",
    "called_at",
    "result",
    "note",
    "caller",
    "attitude",
    "quality",
    "solved",
];

/// One row of the callbacks file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub job_no: String,
    pub called_at: Ts,
    pub result: CallbackResult,
    pub note: String,
    pub caller: String,
    /// The customer's answers (optional columns `attitude, quality, solved`).
    pub answers: Answers,
}

/// A row of the callbacks file; `now` refuses a call that cannot have
/// happened yet (more than 5 minutes ahead, as for visits and cards).
pub fn parse_call(table: &Table, row: &Row, zone: &Zone, now: Ts) -> Result<Call, Vec<Problem>> {
    let mut problems = Vec::new();
    let line = row.line;
    let get = |c: &str| table.get(row, c).to_string();
    let job_no = get("job_no");
    if job_no.is_empty() {
        problems.push(Problem::new(line, "job_no", "required, but blank"));
    }
    let called_raw = get("called_at");
    let called_at = if called_raw.is_empty() {
        problems.push(Problem::new(line, "called_at", "required, but blank"));
        None
    } else {
        // Outside the years 2000–2099 refused as in every other file.
        match parse_instant(&called_raw, zone).and_then(|t| plausible_instant(t, zone)) {
            Ok(at) if at > now + chrono::Duration::minutes(5) => {
                problems.push(Problem::new(
                    line,
                    "called_at",
                    format!("{called_raw:?} is later than now: a call cannot have been made yet"),
                ));
                None
            }
            Ok(at) => Some(at),
            Err(why) => {
                problems.push(Problem::new(line, "called_at", why));
                None
            }
        }
    };
    let result_raw = get("result");
    let result = if result_raw.is_empty() {
        problems.push(Problem::new(line, "result", "required, but blank"));
        None
    } else {
        match CallbackResult::parse(&result_raw) {
            Ok(r) => Some(r),
            Err(why) => {
                problems.push(Problem::new(line, "result", why));
                None
            }
        }
    };
    let mut answer = |col: &'static str| {
        let raw = get(col);
        if raw.is_empty() {
            return None;
        }
        Answer::parse(&raw)
            .map_err(|why| problems.push(Problem::new(line, col, why)))
            .ok()
    };
    let attitude = answer("attitude");
    let quality = answer("quality");
    let solved_raw = get("solved");
    let solved = if solved_raw.is_empty() {
        None
    } else {
        crate::domain::codes::parse_yes_no_code(&solved_raw)
            .map_err(|why| problems.push(Problem::new(line, "solved", why)))
            .ok()
    };
    let answers = Answers {
        attitude,
        quality,
        solved,
    };
    if let Some(r) = result
        && let Err(why) = check_answers(r, &answers)
    {
        problems.push(Problem::new(line, why.field(), why.to_string()));
    }
    match (called_at, result) {
        (Some(called_at), Some(result)) if problems.is_empty() => Ok(Call {
            job_no,
            called_at,
            result,
            note: get("note"),
            caller: get("caller"),
            answers,
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::{t, zone};
    use crate::io::records::parse_job;

    #[test]
    fn a_record_read_back_unchanged_is_the_same_record() {
        let job = Job {
            job_no: "J1".into(),
            branch: "QD".into(),
            received_at: Some(t("2026-11-23 08:00")),
            phone: "13812345678".into(),
            customer: "王, \"秀英\"".into(),
            appointment_start: Some(t("2026-11-23 09:00")),
            purchase_date: chrono::NaiveDate::from_ymd_opt(2025, 5, 1),
            ..Job::default()
        };
        let z = zone();
        let values = job_values(&job, &z);
        let back = reparse(&changed_file(&values, &[]), &["job_no"], |tb, r| {
            parse_job(tb, r, &z)
        })
        .unwrap();
        assert_eq!(back, job);
        let changed = [("phone".to_string(), "13900000000".to_string())];
        let back = reparse(&changed_file(&values, &changed), &["job_no"], |tb, r| {
            parse_job(tb, r, &z)
        })
        .unwrap();
        assert_eq!(
            differences(&values, &job_values(&back, &z)),
            [("phone", "13812345678".into(), "13900000000".into())]
        );
        let bad = [("purchase_date".to_string(), "2025-02-30".to_string())];
        let err = reparse(&changed_file(&values, &bad), &["job_no"], |tb, r| {
            parse_job(tb, r, &z)
        })
        .unwrap_err();
        assert_eq!(err[0].column, "purchase_date");
    }

    /// SPEC, *Fine points*: any date or time outside the years 2000–2099
    /// is refused, a call's `called_at` as every other file's times.
    #[test]
    fn a_call_outside_the_years_2000_to_2099_is_refused() {
        let z = zone();
        let now = t("2026-11-23 18:00");
        for (at, shown) in [
            ("1999-11-23 17:10", "1999-11-23"),
            ("1999-11-23T17:10:00+08:00", "1999-11-23"),
            ("0001-01-01 00:00", "0001-01-01"),
        ] {
            let file = format!("job_no,called_at,result\nJ1,{at},satisfied\n");
            let table = read_table(file.as_bytes(), &[]).unwrap();
            let p = parse_call(&table, &table.rows[0], &z, now).unwrap_err();
            assert_eq!((p[0].line, p[0].column.as_str()), (2, "called_at"), "{p:?}");
            assert_eq!(
                p[0].reason,
                format!("{shown}: outside the years 2000–2099"),
                "{at}"
            );
        }
        let file = "job_no,called_at,result\nJ1,2026-11-23 17:10,satisfied\n";
        let table = read_table(file.as_bytes(), &[]).unwrap();
        assert!(parse_call(&table, &table.rows[0], &z, now).is_ok());
    }
}
