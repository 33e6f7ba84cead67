//! Corrections: which record of a job each kind corrects, and which of its
//! columns may be corrected (the SPEC's *Corrections*).

use super::codes::codes;
use super::columns::{CARD_COLUMNS, JOB_COLUMNS, VISIT_COLUMNS};

/// A logged callback result's fields: its result, note and the customer's
/// answers.
const CALLBACK_FIELDS: &[&str] = &["result", "note", "attitude", "quality", "solved"];

codes!(
    /// What a correction corrects: the job itself, its latest visit, its
    /// card, or its latest logged callback result.
    CorrectKind { Job = "job", Visit = "visit", Card = "card", Callback = "callback" }
);

impl CorrectKind {
    /// The columns that may be corrected: that kind's CSV columns but the
    /// record's identity.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            CorrectKind::Job => &JOB_COLUMNS[2..],
            CorrectKind::Visit => &VISIT_COLUMNS[1..],
            CorrectKind::Card => &CARD_COLUMNS[1..],
            CorrectKind::Callback => CALLBACK_FIELDS,
        }
    }

    /// Why `field` cannot be corrected, if it cannot.
    pub fn refuse(self, field: &str) -> Option<Uncorrectable> {
        if self.fields().contains(&field) {
            return None;
        }
        let all = match self {
            CorrectKind::Job => JOB_COLUMNS,
            CorrectKind::Visit => VISIT_COLUMNS,
            CorrectKind::Card => CARD_COLUMNS,
            CorrectKind::Callback => CALLBACK_FIELDS,
        };
        let field = field.to_string();
        Some(if all.contains(&field.as_str()) {
            Uncorrectable::Identity { field, kind: self }
        } else {
            Uncorrectable::NotAField { field, kind: self }
        })
    }
}

/// Why a correction refuses a field: each says the field and the record
/// (in English by `Display`; the desk says it in Chinese from the parts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uncorrectable {
    /// The field identifies the record (a job's number, a visit's job).
    Identity { field: String, kind: CorrectKind },
    /// No such field on this kind of record.
    NotAField { field: String, kind: CorrectKind },
}

impl std::fmt::Display for Uncorrectable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Uncorrectable::Identity { field, kind } => {
                write!(f, "{field}: identifies the {kind} and cannot be corrected")
            }
            Uncorrectable::NotAField { field, kind } => write!(
                f,
                "{field}: not a field of a {kind} (the fields are {})",
                kind.fields().join(", ")
            ),
        }
    }
}

/// The `FIELD=VALUE` arguments of `correct`, split; a blank value clears
/// the field.
pub fn parse_assignments(args: &[String]) -> Result<Vec<(String, String)>, String> {
    args.iter()
        .map(|a| match a.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => Err(format!("{a:?} is not FIELD=VALUE")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_takes_its_file_columns_but_its_identity() {
        assert!(CorrectKind::Job.refuse("phone").is_none());
        assert!(
            CorrectKind::Job
                .refuse("job_no")
                .unwrap()
                .to_string()
                .contains("cannot be corrected")
        );
        assert!(CorrectKind::Job.refuse("branch").is_some());
        assert!(CorrectKind::Visit.refuse("finished_at").is_none());
        assert!(CorrectKind::Card.refuse("signed_by").is_none());
        assert!(
            CorrectKind::Card
                .refuse("colour")
                .unwrap()
                .to_string()
                .contains("not a field")
        );
        assert!(CorrectKind::Callback.refuse("result").is_none());
        assert!(CorrectKind::Callback.refuse("called_at").is_some());
        assert_eq!(
            parse_assignments(&["phone=139 0000".into(), "note=".into()]).unwrap(),
            [
                ("phone".into(), "139 0000".into()),
                ("note".into(), String::new())
            ]
        );
        assert!(parse_assignments(&["phone".into()]).is_err());
    }
}
