//! Jobs (服务单) from the center's dispatch: what must be verified with
//! dispatch, and appointment conflicts.

use super::codes::codes;
use super::time::{Ts, Zone};
use chrono::NaiveDate;

codes!(
    /// Warranty state of a job.
    Warranty { In = "in", Out = "out" }
);

/// A job as dispatched (the jobs-file columns). Blank text is `""`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Job {
    pub job_no: String,
    pub branch: String,
    pub received_at: Option<Ts>,
    pub customer: String,
    pub phone: String,
    pub address: String,
    pub product_model: String,
    pub purchase_date: Option<NaiveDate>,
    pub fault: String,
    pub requirement: String,
    pub appointment_start: Option<Ts>,
    pub appointment_end: Option<Ts>,
    pub engineer: String,
    pub warranty: Option<Warranty>,
}

/// Fields of the jobs file whose absence (or a wrong-looking phone) flags the
/// job *to verify with dispatch*, in the file's column order.
pub fn to_verify(job: &Job) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if !plausible_phone(&job.phone) {
        missing.push("phone");
    }
    if job.address.trim().is_empty() {
        missing.push("address");
    }
    if job.product_model.trim().is_empty() {
        missing.push("product_model");
    }
    if job.purchase_date.is_none() {
        missing.push("purchase_date");
    }
    if job.fault.trim().is_empty() {
        missing.push("fault");
    }
    missing
}

/// A plausible mainland number: a mobile `1[3-9]` + 9 digits, or a landline
/// with its area code (`0` + 2–3 digits, then 7–8 digits). Spaces, hyphens,
/// brackets and a `+86` prefix are allowed.
pub fn plausible_phone(phone: &str) -> bool {
    let mut digits: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '（' | '）'))
        .collect();
    if let Some(rest) = digits.strip_prefix("+86").or(digits.strip_prefix("0086")) {
        digits = rest.to_string();
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let b = digits.as_bytes();
    let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let landline = (10..=12).contains(&b.len()) && b[0] == b'0' && b[1] != b'0';
    mobile || landline
}

/// One engineer's appointment, for conflict detection.
#[derive(Debug, Clone)]
pub struct Slot {
    pub job_no: String,
    pub engineer: String,
    pub start: Ts,
    pub end: Option<Ts>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Conflict {
    pub engineer: String,
    pub date: NaiveDate,
    pub job_no: String,
    pub other_job_no: String,
}

/// Two jobs of one engineer on one local day whose windows overlap. A window
/// without an end is the instant of its start; touching windows (9–10, 10–11)
/// do not conflict.
pub fn conflicts(slots: &[Slot], zone: &Zone) -> Vec<Conflict> {
    let mut slots: Vec<&Slot> = slots
        .iter()
        .filter(|s| !s.engineer.trim().is_empty())
        .collect();
    slots.sort_by(|a, b| {
        (a.engineer.as_str(), a.start, &a.job_no).cmp(&(b.engineer.as_str(), b.start, &b.job_no))
    });
    let end = |s: &Slot| s.end.unwrap_or(s.start).max(s.start);
    let mut out = Vec::new();
    for (i, a) in slots.iter().enumerate() {
        for b in &slots[i + 1..] {
            // Sorted by engineer then start: once `b` starts at or after the
            // end of `a` (and not at the same instant), nothing later overlaps.
            if b.engineer != a.engineer || (b.start >= end(a) && b.start != a.start) {
                break;
            }
            if zone.date_of(a.start) == zone.date_of(b.start) {
                out.push(Conflict {
                    engineer: a.engineer.clone(),
                    date: zone.date_of(a.start),
                    job_no: a.job_no.clone(),
                    other_job_no: b.job_no.clone(),
                });
            }
        }
    }
    out
}

/// `J001` → `J001-R1` etc.; a re-visit of a re-visit is numbered from the
/// original job.
pub fn revisit_job_no(original: &str, earlier_revisits: usize) -> String {
    format!("{original}-R{}", earlier_revisits + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::{t, zone};

    fn complete() -> Job {
        Job {
            job_no: "J1".into(),
            branch: "B".into(),
            phone: "13812345678".into(),
            address: "青岛市崂山区海尔路1号".into(),
            product_model: "BCD-470WDPG".into(),
            purchase_date: NaiveDate::from_ymd_opt(2025, 5, 1),
            fault: "不制冷".into(),
            ..Job::default()
        }
    }

    #[test]
    fn a_complete_job_needs_no_verification() {
        assert!(to_verify(&complete()).is_empty());
    }

    #[test]
    fn each_missing_field_is_named_in_file_order() {
        let job = Job {
            phone: "12345".into(),
            address: " ".into(),
            product_model: String::new(),
            purchase_date: None,
            fault: String::new(),
            ..complete()
        };
        assert_eq!(
            to_verify(&job),
            [
                "phone",
                "address",
                "product_model",
                "purchase_date",
                "fault"
            ]
        );
        let job = Job {
            address: String::new(),
            ..complete()
        };
        assert_eq!(to_verify(&job), ["address"]);
    }

    #[test]
    fn phones_mobile_and_landline_with_area_code() {
        for ok in [
            "13812345678",
            "199 1234 5678",
            "+86 138-1234-5678",
            "0532-88889999",
            "010-12345678",
            "(0532)8888999",
        ] {
            assert!(plausible_phone(ok), "{ok}");
        }
        for bad in [
            "",
            "12812345678",
            "1381234567",
            "138123456789",
            "88889999",
            "0012345678",
            "1381234567x",
            "电话",
        ] {
            assert!(!plausible_phone(bad), "{bad}");
        }
    }

    fn slot(job: &str, eng: &str, s: &str, e: Option<&str>) -> Slot {
        Slot {
            job_no: job.into(),
            engineer: eng.into(),
            start: t(s),
            end: e.map(t),
        }
    }

    #[test]
    fn overlapping_windows_of_one_engineer_conflict() {
        let slots = [
            slot("A", "王强", "2026-11-23 09:00", Some("2026-11-23 11:00")),
            slot("B", "王强", "2026-11-23 10:00", Some("2026-11-23 12:00")),
            slot("C", "王强", "2026-11-23 12:00", Some("2026-11-23 13:00")),
            slot("D", "李明", "2026-11-23 10:00", Some("2026-11-23 12:00")),
        ];
        let found = conflicts(&slots, &zone());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].job_no.as_str(), found[0].other_job_no.as_str()),
            ("A", "B")
        );
    }

    #[test]
    fn a_long_window_conflicts_with_every_job_inside_it() {
        let slots = [
            slot("A", "王强", "2026-11-23 08:00", Some("2026-11-23 18:00")),
            slot("B", "王强", "2026-11-23 09:00", Some("2026-11-23 10:00")),
            slot("C", "王强", "2026-11-23 14:00", None),
        ];
        let pairs: Vec<_> = conflicts(&slots, &zone())
            .into_iter()
            .map(|c| (c.job_no, c.other_job_no))
            .collect();
        assert_eq!(pairs, [("A".into(), "B".into()), ("A".into(), "C".into())]);
    }

    #[test]
    fn same_start_without_end_conflicts_but_other_days_do_not() {
        let slots = [
            slot("A", "王强", "2026-11-23 09:00", None),
            slot("B", "王强", "2026-11-23 09:00", None),
            slot("C", "王强", "2026-11-24 09:00", None),
        ];
        assert_eq!(conflicts(&slots, &zone()).len(), 1);
    }

    #[test]
    fn revisits_are_numbered_from_the_original() {
        assert_eq!(revisit_job_no("J001", 0), "J001-R1");
        assert_eq!(revisit_job_no("J001", 1), "J001-R2");
    }
}
