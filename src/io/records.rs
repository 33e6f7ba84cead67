//! The three input files (jobs, visits, cards) parsed into domain records.
//! A present but malformed value is a problem; a blank one is `None`/`""`.

use super::table::{Problem, Row, Table};
use crate::domain::card::{Card, Satisfaction, SignedBy};
use crate::domain::codes::{parse_money, parse_yes_no_code};
use crate::domain::job::{Job, Warranty};
use crate::domain::job::{printable_identifier, unprintable, valid_job_no};
use crate::domain::time::{
    Ts, Zone, not_in_future, parse_date, parse_instant, plausible_date, plausible_instant,
};
use crate::domain::visit::{Outcome, Visit};
use chrono::NaiveDate;

pub use crate::domain::columns::{CARD_COLUMNS, JOB_COLUMNS, VISIT_COLUMNS};

/// Reads one row's fields, collecting problems instead of stopping.
struct Fields<'a> {
    table: &'a Table,
    row: &'a Row,
    zone: &'a Zone,
    problems: Vec<Problem>,
}

impl<'a> Fields<'a> {
    fn text(&self, col: &str) -> String {
        self.table.get(self.row, col).to_string()
    }

    fn parsed<T>(&mut self, col: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let raw = self.table.get(self.row, col);
        if raw.is_empty() {
            return None;
        }
        match parse(raw) {
            Ok(v) => Some(v),
            Err(why) => {
                self.problems.push(Problem::new(self.row.line, col, why));
                None
            }
        }
    }

    fn time(&mut self, col: &str) -> Option<Ts> {
        let zone = self.zone;
        self.parsed(col, |s| {
            parse_instant(s, zone).and_then(|t| plausible_instant(t, zone))
        })
    }

    fn date(&mut self, col: &str) -> Option<NaiveDate> {
        self.parsed(col, |s| parse_date(s).and_then(plausible_date))
    }

    /// The job number: required and printable.
    fn job_no(&mut self) -> String {
        let v = self.required("job_no");
        if let Err(why) = valid_job_no(&v) {
            self.problems
                .push(Problem::new(self.row.line, "job_no", why));
        }
        v
    }

    /// An engineer's name: printable, like a job number.
    fn engineer(&mut self) -> String {
        let v = self.text("engineer");
        if let Err(why) = printable_identifier(&v, "an engineer's name") {
            self.problems
                .push(Problem::new(self.row.line, "engineer", why));
        }
        v
    }

    fn required(&mut self, col: &str) -> String {
        let v = self.text(col);
        if v.is_empty() {
            self.problems
                .push(Problem::new(self.row.line, col, "required, but blank"));
        }
        v
    }

    /// `end` must not come before `start`.
    fn window(&mut self, start_col: &str, end_col: &str) -> (Option<Ts>, Option<Ts>) {
        let s = self.time(start_col);
        let e = self.time(end_col);
        if let (Some(s), Some(e)) = (s, e)
            && e < s
        {
            self.problems.push(Problem::new(
                self.row.line,
                end_col,
                format!("ends before {start_col}"),
            ));
        }
        if s.is_none() && e.is_some() && self.table.get(self.row, start_col).is_empty() {
            self.problems.push(Problem::new(
                self.row.line,
                start_col,
                format!("blank, but {end_col} is given"),
            ));
        }
        (s, e)
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<Problem>> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            Err(self.problems)
        }
    }
}

/// Branch codes become folder and file names: letters, digits, `-`, `_`.
pub fn valid_branch_code(code: &str) -> Result<(), String> {
    let ok = !code.is_empty()
        && code.chars().count() <= 32
        && code
            .chars()
            .all(|c| (c.is_alphanumeric() || c == '-' || c == '_') && !unprintable(c));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{code:?} is not a branch code (letters, digits, - and _, at most 32)"
        ))
    }
}

pub fn parse_job(table: &Table, row: &Row, zone: &Zone) -> Result<Job, Vec<Problem>> {
    let mut f = Fields {
        table,
        row,
        zone,
        problems: Vec::new(),
    };
    let job_no = f.job_no();
    let branch = f.required("branch");
    if !branch.is_empty()
        && let Err(why) = valid_branch_code(&branch)
    {
        f.problems.push(Problem::new(row.line, "branch", why));
    }
    let received_at = f.time("received_at");
    let purchase_date = f.date("purchase_date");
    let (appointment_start, appointment_end) = f.window("appointment_start", "appointment_end");
    let warranty = f.parsed("warranty", Warranty::parse);
    let job = Job {
        job_no,
        branch,
        received_at,
        customer: f.text("customer"),
        phone: f.text("phone"),
        address: f.text("address"),
        product_model: f.text("product_model"),
        purchase_date,
        fault: f.text("fault"),
        requirement: f.text("requirement"),
        appointment_start,
        appointment_end,
        engineer: f.engineer(),
        warranty,
    };
    f.finish(job)
}

pub fn parse_visit(table: &Table, row: &Row, zone: &Zone) -> Result<Visit, Vec<Problem>> {
    let mut f = Fields {
        table,
        row,
        zone,
        problems: Vec::new(),
    };
    let job_no = f.job_no();
    let outcome_raw = f.required("outcome");
    let outcome = if outcome_raw.is_empty() {
        None
    } else {
        f.parsed("outcome", Outcome::parse)
    };
    let (arrived_at, finished_at) = f.window("arrived_at", "finished_at");
    // `window` insists on a start when an end is given; a visit may well
    // report only its finish (or a consultation only its time).
    f.problems
        .retain(|p| !(p.column == "arrived_at" && p.reason.starts_with("blank")));
    if let Some(o) = outcome
        && arrived_at.is_none()
        && finished_at.is_none()
        && !o.may_be_untimed()
        && f.table.get(row, "arrived_at").is_empty()
        && f.table.get(row, "finished_at").is_empty()
    {
        f.problems.push(Problem::new(
            row.line,
            "arrived_at",
            format!("a {o} visit needs arrived_at or finished_at"),
        ));
    }
    let charge = f.parsed("charge", parse_money);
    let invoice_owed = f.parsed("invoice_owed", parse_yes_no_code);
    let return_due = f.parsed("return_due", |s| {
        parse_date(s)
            .or_else(|_| parse_instant(s, zone).map(|t| zone.date_of(t)))
            .and_then(plausible_date)
    });
    let (new_appointment_start, new_appointment_end) =
        f.window("new_appointment_start", "new_appointment_end");
    let visit = Visit {
        job_no,
        engineer: f.engineer(),
        arrived_at,
        finished_at,
        outcome,
        charge,
        receipt_no: f.text("receipt_no"),
        invoice_owed,
        return_due,
        new_appointment_start,
        new_appointment_end,
        note: f.text("note"),
        // The codes are checked against the fee standard by the import.
        fee_items: crate::domain::fees::parse_items(&f.text("fee_items")).join(";"),
        machine_receipt_no: f.text("machine_receipt_no"),
    };
    f.finish(visit)
}

pub fn parse_card(table: &Table, row: &Row, zone: &Zone) -> Result<Card, Vec<Problem>> {
    let mut f = Fields {
        table,
        row,
        zone,
        problems: Vec::new(),
    };
    let job_no = f.job_no();
    let card = Card {
        job_no,
        returned_at: f.time("returned_at"),
        satisfaction: f.parsed("satisfaction", Satisfaction::parse),
        signed_by: f.parsed("signed_by", SignedBy::parse),
        warranty_record: f.parsed("warranty_record", parse_yes_no_code),
        charge: f.parsed("charge", parse_money),
        receipt_no: f.text("receipt_no"),
        quality: f.parsed("quality", crate::domain::voice::Answer::parse),
        attitude: f.parsed("attitude", crate::domain::voice::Answer::parse),
    };
    f.finish(card)
}

/// A visit's times that cannot have happened yet at `now` (more than a few
/// minutes after it): (column, reason).
pub fn visit_in_future(v: &Visit, now: Ts, zone: &Zone) -> Vec<(&'static str, String)> {
    [("arrived_at", v.arrived_at), ("finished_at", v.finished_at)]
        .into_iter()
        .filter_map(|(col, t)| Some((col, not_in_future(t?, now, zone).err()?)))
        .collect()
}

/// A card's return time that cannot have happened yet at `now`.
pub fn card_in_future(c: &Card, now: Ts, zone: &Zone) -> Vec<(&'static str, String)> {
    c.returned_at
        .and_then(|t| not_in_future(t, now, zone).err())
        .map(|why| ("returned_at", why))
        .into_iter()
        .collect()
}

/// Fields in which two versions of one job differ: (column, old, new).
pub fn job_differences(a: &Job, b: &Job, zone: &Zone) -> Vec<(&'static str, String, String)> {
    let t = |v: Option<Ts>| {
        v.map(|t| crate::domain::time::short(zone, t))
            .unwrap_or_default()
    };
    let d = |v: Option<NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let pairs: [(&'static str, String, String); 14] = [
        ("job_no", a.job_no.clone(), b.job_no.clone()),
        ("branch", a.branch.clone(), b.branch.clone()),
        ("received_at", t(a.received_at), t(b.received_at)),
        ("customer", a.customer.clone(), b.customer.clone()),
        ("phone", a.phone.clone(), b.phone.clone()),
        ("address", a.address.clone(), b.address.clone()),
        (
            "product_model",
            a.product_model.clone(),
            b.product_model.clone(),
        ),
        ("purchase_date", d(a.purchase_date), d(b.purchase_date)),
        ("fault", a.fault.clone(), b.fault.clone()),
        ("requirement", a.requirement.clone(), b.requirement.clone()),
        (
            "appointment_start",
            t(a.appointment_start),
            t(b.appointment_start),
        ),
        (
            "appointment_end",
            t(a.appointment_end),
            t(b.appointment_end),
        ),
        ("engineer", a.engineer.clone(), b.engineer.clone()),
        (
            "warranty",
            a.warranty.map(|w| w.code().to_string()).unwrap_or_default(),
            b.warranty.map(|w| w.code().to_string()).unwrap_or_default(),
        ),
    ];
    pairs.into_iter().filter(|(_, x, y)| x != y).collect()
}

pub fn visit_differences(a: &Visit, b: &Visit, zone: &Zone) -> Vec<(&'static str, String, String)> {
    let t = |v: Option<Ts>| {
        v.map(|t| crate::domain::time::short(zone, t))
            .unwrap_or_default()
    };
    let o = |v: Option<Outcome>| v.map(|o| o.code().to_string()).unwrap_or_default();
    let m = |v: Option<i64>| {
        v.map(crate::domain::codes::format_money)
            .unwrap_or_default()
    };
    let yn = |v: Option<bool>| {
        v.map(|b| if b { "yes" } else { "no" }.to_string())
            .unwrap_or_default()
    };
    let d = |v: Option<NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let eng = |v: &Visit| v.engineer.clone();
    let pairs: [(&'static str, String, String); 13] = [
        ("engineer", eng(a), eng(b)),
        ("arrived_at", t(a.arrived_at), t(b.arrived_at)),
        ("finished_at", t(a.finished_at), t(b.finished_at)),
        ("outcome", o(a.outcome), o(b.outcome)),
        ("charge", m(a.charge), m(b.charge)),
        ("receipt_no", a.receipt_no.clone(), b.receipt_no.clone()),
        ("invoice_owed", yn(a.invoice_owed), yn(b.invoice_owed)),
        ("return_due", d(a.return_due), d(b.return_due)),
        (
            "new_appointment_start",
            t(a.new_appointment_start),
            t(b.new_appointment_start),
        ),
        (
            "new_appointment_end",
            t(a.new_appointment_end),
            t(b.new_appointment_end),
        ),
        ("note", a.note.clone(), b.note.clone()),
        ("fee_items", a.fee_items.clone(), b.fee_items.clone()),
        (
            "machine_receipt_no",
            a.machine_receipt_no.clone(),
            b.machine_receipt_no.clone(),
        ),
    ];
    pairs.into_iter().filter(|(_, x, y)| x != y).collect()
}

pub fn card_differences(a: &Card, b: &Card, zone: &Zone) -> Vec<(&'static str, String, String)> {
    let t = |v: Option<Ts>| {
        v.map(|t| crate::domain::time::short(zone, t))
            .unwrap_or_default()
    };
    let m = |v: Option<i64>| {
        v.map(crate::domain::codes::format_money)
            .unwrap_or_default()
    };
    let yn = |v: Option<bool>| {
        v.map(|b| if b { "yes" } else { "no" }.to_string())
            .unwrap_or_default()
    };
    let mark = |v: Option<crate::domain::voice::Answer>| {
        v.map(|s| s.code().to_string()).unwrap_or_default()
    };
    let pairs: [(&'static str, String, String); 8] = [
        ("returned_at", t(a.returned_at), t(b.returned_at)),
        (
            "satisfaction",
            a.satisfaction
                .map(|s| s.code().to_string())
                .unwrap_or_default(),
            b.satisfaction
                .map(|s| s.code().to_string())
                .unwrap_or_default(),
        ),
        (
            "signed_by",
            a.signed_by
                .map(|s| s.code().to_string())
                .unwrap_or_default(),
            b.signed_by
                .map(|s| s.code().to_string())
                .unwrap_or_default(),
        ),
        (
            "warranty_record",
            yn(a.warranty_record),
            yn(b.warranty_record),
        ),
        ("charge", m(a.charge), m(b.charge)),
        ("receipt_no", a.receipt_no.clone(), b.receipt_no.clone()),
        ("quality", mark(a.quality), mark(b.quality)),
        ("attitude", mark(a.attitude), mark(b.attitude)),
    ];
    pairs.into_iter().filter(|(_, x, y)| x != y).collect()
}

/// "customer: \"张三\" before, \"李四\" now" for the first difference.
pub fn describe_difference(diffs: &[(&'static str, String, String)], what: &str) -> Problem {
    let (col, old, new) = &diffs[0];
    let more = if diffs.len() > 1 {
        format!(" (and {} more fields)", diffs.len() - 1)
    } else {
        String::new()
    };
    Problem::new(
        0,
        *col,
        format!(
            "{what} has {old:?}, this line says {new:?}{more}; corrections are made on the dashboard"
        ),
    )
}
