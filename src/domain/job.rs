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

/// A character that must not be in a job number: control characters,
/// zero-width ones, bidirectional marks and overrides, the BOM, and every
/// other Unicode `Default_Ignorable_Code_Point` (variation selectors, tag
/// characters, the Hangul fillers …): they print raw escape sequences in a
/// terminal or nothing at all, and make look-alike duplicates.
pub fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}'                 // soft hyphen
            | '\u{034F}'               // combining grapheme joiner
            | '\u{061C}'               // Arabic letter mark
            | '\u{115F}'..='\u{1160}'  // Hangul choseong and jungseong fillers
            | '\u{17B4}'..='\u{17B5}'  // Khmer inherent vowels
            | '\u{180B}'..='\u{180F}'  // Mongolian variation selectors, vowel separator
            | '\u{200B}'..='\u{200F}'  // zero-width space … right-to-left mark
            | '\u{2028}'..='\u{202E}'  // line/paragraph separators, embeddings, overrides
            | '\u{2060}'..='\u{206F}'  // word joiner, invisible operators, isolates …
            | '\u{3164}'               // Hangul filler
            | '\u{FE00}'..='\u{FE0F}'  // variation selectors
            | '\u{FEFF}'               // BOM, zero-width no-break space
            | '\u{FFA0}'               // half-width Hangul filler
            | '\u{FFF0}'..='\u{FFFB}'  // unassigned specials, interlinear annotation
            | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
            | '\u{1D173}'..='\u{1D17A}' // musical symbol format controls
            | '\u{E0000}'..='\u{E0FFF}' // tags, variation selectors supplement
        )
}

/// A space that is not the plain one (no-break, narrow, ideographic …):
/// inside a job number it makes a look-alike of the number written with a
/// plain space or none.
pub fn odd_space(c: char) -> bool {
    c != ' ' && c.is_whitespace() && !c.is_control() && !unprintable(c)
}

/// `value` as a message shows it: quoted, and every character it cannot
/// show as itself escaped (`"J\u{fe0f}1"`).
fn shown(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        if unprintable(c) || odd_space(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
    out
}

/// A job number is printable text (SPEC, *Fine points*), without a space
/// other than the plain one (a no-break or ideographic space makes a
/// number that looks like another).
pub fn valid_job_no(job_no: &str) -> Result<(), String> {
    printable_identifier(job_no, "a job number")?;
    match job_no.chars().find(|&c| odd_space(c)) {
        Some(c) => Err(format!(
            "{} contains the space character U+{:04X}, which looks like another: a job number \
             is printable text without such spaces",
            shown(job_no),
            c as u32
        )),
        None => Ok(()),
    }
}

/// An identifier (a job number, a branch code, an engineer's name) holds
/// no control, zero-width, bidirectional or BOM character (SPEC, *Fine
/// points, third round*): they make look-alike duplicates.
pub fn printable_identifier(value: &str, what: &str) -> Result<(), String> {
    match value.chars().find(|&c| unprintable(c)) {
        Some(c) => Err(format!(
            "{} contains the invisible or control character U+{:04X}: {what} is printable text",
            shown(value),
            c as u32
        )),
        None => Ok(()),
    }
}

/// One engineer's appointment, for conflict detection.
#[derive(Debug, Clone)]
pub struct Slot {
    pub job_no: String,
    pub engineer: String,
    pub start: Ts,
    pub end: Option<Ts>,
}

/// One engineer's appointments on one local day that overlap, directly or
/// through each other (9–11, 10–12 and 11:30–13 are one group): the jobs in
/// order of start, and the span from the first start to the last end.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Conflict {
    pub engineer: String,
    pub date: NaiveDate,
    pub job_nos: Vec<String>,
    pub start: Ts,
    pub end: Ts,
}

/// Groups of overlapping appointments of one engineer on one local day. A
/// window without an end is the instant of its start; touching windows
/// (9–10, 10–11) do not overlap; two at the same instant do. Each job is in
/// at most one group, so the output grows with the jobs, not their pairs.
pub fn conflicts(slots: &[Slot], zone: &Zone) -> Vec<Conflict> {
    let mut slots: Vec<(NaiveDate, &Slot)> = slots
        .iter()
        .filter(|s| !s.engineer.trim().is_empty())
        .map(|s| (zone.date_of(s.start), s))
        .collect();
    slots.sort_by(|(da, a), (db, b)| {
        (a.engineer.as_str(), da, a.start, &a.job_no).cmp(&(
            b.engineer.as_str(),
            db,
            b.start,
            &b.job_no,
        ))
    });
    let end = |s: &Slot| s.end.unwrap_or(s.start).max(s.start);
    let mut out = Vec::new();
    let mut group: Option<Conflict> = None;
    // The latest start in the group (an instant at the same start overlaps).
    let mut last_start = None;
    for (date, s) in slots {
        let joins = group.as_ref().is_some_and(|g| {
            g.engineer == s.engineer
                && g.date == date
                && (s.start < g.end || Some(s.start) == last_start)
        });
        if joins {
            let g = group.as_mut().expect("joins a group");
            g.job_nos.push(s.job_no.clone());
            g.end = g.end.max(end(s));
        } else {
            if let Some(g) = group.take().filter(|g| g.job_nos.len() > 1) {
                out.push(g);
            }
            group = Some(Conflict {
                engineer: s.engineer.clone(),
                date,
                job_nos: vec![s.job_no.clone()],
                start: s.start,
                end: end(s),
            });
        }
        last_start = Some(s.start);
    }
    if let Some(g) = group.filter(|g| g.job_nos.len() > 1) {
        out.push(g);
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

    /// SPEC: no zero-width character in an identifier. Every default
    /// ignorable code point is one: variation selectors, tags, the Hangul
    /// fillers, as U+200B is; each is named and shown escaped.
    #[test]
    fn every_invisible_character_is_refused_in_an_identifier() {
        for c in [
            '\u{200B}',
            '\u{FE0F}',
            '\u{FE00}',
            '\u{E0001}',
            '\u{E007F}',
            '\u{E0100}',
            '\u{E01EF}',
            '\u{115F}',
            '\u{1160}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{034F}',
            '\u{180B}',
            '\u{17B4}',
            '\u{1D173}',
        ] {
            let job_no = format!("J{c}1");
            let why = valid_job_no(&job_no).unwrap_err();
            let code = format!("U+{:04X}", c as u32);
            assert!(why.contains(&code), "{why}");
            assert!(
                why.contains(&format!("\"J\\u{{{:x}}}1\"", c as u32)),
                "{why}"
            );
            let why = printable_identifier(&format!("李{c}工"), "an engineer's name").unwrap_err();
            assert!(why.contains(&code), "{why}");
        }
        for ok in ["J1", "QD-2026/11-001", "李工", "阿依古丽·买买提", "J 1"] {
            assert!(valid_job_no(ok).is_ok(), "{ok}");
        }
    }

    /// A no-break, narrow or ideographic space inside a job number makes a
    /// look-alike of another number: refused, with the character named.
    #[test]
    fn an_odd_space_in_a_job_number_is_refused() {
        for c in ['\u{A0}', '\u{202F}', '\u{3000}', '\u{2007}'] {
            let why = valid_job_no(&format!("J{c}1")).unwrap_err();
            assert!(why.contains(&format!("U+{:04X}", c as u32)), "{why}");
            assert!(why.contains("without such spaces"), "{why}");
        }
        // An engineer's name may be padded with an ideographic space.
        assert!(printable_identifier("王\u{3000}强", "an engineer's name").is_ok());
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

    fn groups(slots: &[Slot]) -> Vec<Vec<String>> {
        conflicts(slots, &zone())
            .into_iter()
            .map(|c| c.job_nos)
            .collect()
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
        assert_eq!(found[0].job_nos, ["A", "B"]);
        assert_eq!(
            (found[0].start, found[0].end),
            (t("2026-11-23 09:00"), t("2026-11-23 12:00"))
        );
    }

    #[test]
    fn a_long_window_groups_every_job_inside_it_and_chains_join() {
        let slots = [
            slot("A", "王强", "2026-11-23 08:00", Some("2026-11-23 18:00")),
            slot("B", "王强", "2026-11-23 09:00", Some("2026-11-23 10:00")),
            slot("C", "王强", "2026-11-23 14:00", None),
            // 17:30–19:00 overlaps A; 18:30 overlaps it in turn.
            slot("D", "王强", "2026-11-23 17:30", Some("2026-11-23 19:00")),
            slot("E", "王强", "2026-11-23 18:30", None),
            slot("F", "王强", "2026-11-23 19:00", None),
        ];
        assert_eq!(groups(&slots), [["A", "B", "C", "D", "E"]]);
    }

    #[test]
    fn same_start_without_end_conflicts_but_other_days_do_not() {
        let slots = [
            slot("A", "王强", "2026-11-23 09:00", None),
            slot("B", "王强", "2026-11-23 09:00", None),
            slot("C", "王强", "2026-11-24 09:00", None),
            slot("D", "王强", "2026-11-24 10:00", None),
        ];
        assert_eq!(groups(&slots), [["A", "B"]]);
    }

    #[test]
    fn a_whole_day_on_five_engineers_is_five_groups_not_its_pairs() {
        // A wrong dispatch file: 40,000 jobs on one day, each engineer's
        // all at 09:00–12:00 (8,000 each: 32 million pairs).
        let slots: Vec<Slot> = (0..40_000)
            .map(|i| {
                slot(
                    &format!("J{i:05}"),
                    &format!("工程师{}", i % 5),
                    "2026-11-23 09:00",
                    Some("2026-11-23 12:00"),
                )
            })
            .collect();
        let found = conflicts(&slots, &zone());
        assert_eq!(found.len(), 5);
        assert!(found.iter().all(|g| g.job_nos.len() == 8_000));
        assert_eq!(found.iter().map(|g| g.job_nos.len()).sum::<usize>(), 40_000);
    }

    #[test]
    fn revisits_are_numbered_from_the_original() {
        assert_eq!(revisit_job_no("J001", 0), "J001-R1");
        assert_eq!(revisit_job_no("J001", 1), "J001-R2");
    }
}
