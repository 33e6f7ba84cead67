//! Cases for the center's ruling (add, close, the lists), the
//! signed rulings the center sends back (`import rulings`), and delay
//! notices (`delay`, `informed`). Each write is one audited transaction.

use super::{Desk, DeskError, Result, record, whole};
use crate::domain::case::{self, CaseKind, CaseState, Decision};
use crate::domain::time::{Ts, Zone, rfc3339};
use crate::store::cases::{self as store, CaseRow};
use crate::store::jobs;
use serde::Serialize;

/// The center's ruling on a case.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RulingItem {
    pub decision: Decision,
    pub note: String,
    pub ruled_at: String,
    pub ruled_by: String,
}

/// A case as `status --json` and `case list --json` show it.
#[derive(Debug, Clone, Serialize)]
pub struct CaseItem {
    pub id: i64,
    pub job_no: String,
    pub kind: CaseKind,
    pub state: CaseState,
    pub opened_at: String,
    pub note: String,
    pub ruling: Option<RulingItem>,
    /// The after-sales manager goes in person (an apology or entry
    /// refused), until the case is closed.
    pub manager_visit: bool,
    pub engineer: String,
    pub customer: String,
    pub phone: String,
    pub opened_by: String,
    pub closed_at: Option<String>,
    pub close_note: String,
}

impl CaseItem {
    pub fn from_row(zone: &Zone, r: CaseRow) -> CaseItem {
        let closed = r.closed_at.is_some();
        let ruling = match (r.decision, r.ruled_at) {
            (Some(decision), Some(at)) => Some(RulingItem {
                decision,
                note: r.ruling_note,
                ruled_at: rfc3339(zone, at),
                ruled_by: r.ruled_by,
            }),
            _ => None,
        };
        CaseItem {
            id: r.id,
            job_no: r.job_no,
            kind: r.kind,
            state: case::state(ruling.is_some(), closed),
            opened_at: rfc3339(zone, r.opened_at),
            note: r.note,
            ruling,
            manager_visit: case::manager_visit(r.kind, closed),
            engineer: r.engineer,
            customer: r.customer,
            phone: r.phone,
            opened_by: r.opened_by,
            closed_at: r.closed_at.map(|t| rfc3339(zone, t)),
            close_note: r.close_note,
        }
    }
}

/// `status`'s `cases`: every case not closed, oldest first.
pub fn open_items(c: &rusqlite::Connection, zone: &Zone) -> Result<Vec<CaseItem>> {
    Ok(store::list(c, false)?
        .into_iter()
        .map(|r| CaseItem::from_row(zone, r))
        .collect())
}

fn needs_note(note: &str, what: &str) -> Result<String> {
    let n = note.trim();
    if n.is_empty() {
        return Err(DeskError::NeedsNote(what.to_string()));
    }
    case::refuse_control("--note", n).map_err(|why| DeskError::BadText {
        what: "--note",
        why,
    })?;
    Ok(n.to_string())
}

fn no_case(id: i64) -> DeskError {
    DeskError::NoCase(id)
}

impl Desk {
    /// Opens a case for the center's ruling on a job; returns its id.
    pub fn add_case(&mut self, job_no: &str, kind: CaseKind, note: &str, now: Ts) -> Result<i64> {
        let now = whole(now);
        let note = needs_note(note, "a case")?;
        let operator = self.operator.clone();
        let job_no = job_no.trim().to_string();
        self.store.write(|c| {
            let job = jobs::by_no(c, &job_no)?.ok_or_else(|| DeskError::NoJob(job_no.clone()))?;
            let id = store::insert(c, job.id, kind, &note, now, &operator)?;
            record(
                c,
                &operator,
                now,
                "case_add",
                &job_no,
                format!("case {id}: {kind} for the center's ruling ({note})"),
            )?;
            Ok(id)
        })
    }

    /// Closes a ruled case after acting on the ruling (refused before one).
    pub fn close_case(&mut self, id: i64, note: &str, now: Ts) -> Result<CaseItem> {
        let now = whole(now);
        let note = needs_note(note, "closing a case")?;
        let operator = self.operator.clone();
        let zone = self.zone;
        self.store.write(|c| {
            let row = store::by_id(c, id)?.ok_or_else(|| no_case(id))?;
            if let Some(why) = case::refuse_close(row.decision.is_some(), row.closed_at) {
                return Err(DeskError::CaseNotClosable { id, why });
            }
            store::close(c, id, now, &note)?;
            record(
                c,
                &operator,
                now,
                "case_close",
                &row.job_no,
                format!(
                    "case {id} ({}) closed after the ruling {}: {note}",
                    row.kind,
                    row.decision.map(|d| d.code()).unwrap_or("")
                ),
            )?;
            let row = store::by_id(c, id)?.ok_or_else(|| no_case(id))?;
            Ok(CaseItem::from_row(&zone, row))
        })
    }

    /// The cases not closed, or every one with `all`, oldest first.
    pub fn cases(&mut self, all: bool) -> Result<Vec<CaseItem>> {
        let zone = self.zone;
        self.store.read(|c| {
            Ok(store::list(c, all)?
                .into_iter()
                .map(|r| CaseItem::from_row(&zone, r))
                .collect())
        })
    }
}

/// The report's `case_kinds`, `case_ids` and `case_notes` of the job
/// `job_no`: its cases not closed, `;`-separated, the notes one a line.
pub fn report_cells(status: &super::StatusReport, job_no: &str) -> [String; 3] {
    let mine: Vec<&CaseItem> = status.cases.iter().filter(|k| k.job_no == job_no).collect();
    let join = |f: &dyn Fn(&CaseItem) -> String, sep: &str| {
        mine.iter().map(|k| f(k)).collect::<Vec<_>>().join(sep)
    };
    [
        join(&|k| k.kind.code().to_string(), ";"),
        join(&|k| k.id.to_string(), ";"),
        join(&|k| k.note.replace(['\n', '\r'], " "), "\n"),
    ]
}

/// A customer to tell that the engineer is running late (`to_inform`).
#[derive(Debug, Clone, Serialize)]
pub struct InformItem {
    pub job_no: String,
    pub engineer: String,
    pub appointment_start: String,
    pub delay_minutes: i64,
    pub customer: String,
    pub phone: String,
    pub note: String,
    /// When the delay was noted.
    pub noted_at: String,
    #[serde(skip)]
    pub appt_ts: Ts,
}

/// `status`'s `to_inform`: the notices not yet told and not yet visited,
/// by appointment.
pub fn to_inform(c: &rusqlite::Connection, zone: &Zone) -> Result<Vec<InformItem>> {
    Ok(store::notices_open(c)?
        .into_iter()
        .map(|n| InformItem {
            job_no: n.job_no,
            engineer: n.engineer,
            appointment_start: rfc3339(zone, n.appt_start),
            delay_minutes: n.minutes,
            customer: n.customer,
            phone: n.phone,
            note: n.note,
            noted_at: rfc3339(zone, n.noted_at),
            appt_ts: n.appt_start,
        })
        .collect())
}

impl Desk {
    /// The engineer will be late by `minutes`: each of the engineer's
    /// appointments later today (starting after now) not yet visited waits
    /// until its customer is told. Returns the jobs to tell.
    pub fn add_delay(
        &mut self,
        engineer: &str,
        minutes: i64,
        note: &str,
        now: Ts,
    ) -> Result<Vec<String>> {
        let now = whole(now);
        let engineer = super::engineer_name(engineer)?;
        if engineer.is_empty() {
            return Err(DeskError::DelayNeedsEngineer);
        }
        case::refuse_control("--note", note).map_err(|why| DeskError::BadText {
            what: "--note",
            why,
        })?;
        if !(1..=24 * 60).contains(&minutes) {
            return Err(DeskError::BadDelay(minutes));
        }
        let operator = self.operator.clone();
        let (day_start, day_end) = self.zone.day_bounds(self.zone.date_of(now));
        let note = note.trim().to_string();
        self.store.write(|c| {
            let ahead = store::appointments_ahead(c, &engineer, now, day_end, day_start)?;
            let id = store::insert_delay(c, &engineer, minutes, &note, now, &operator)?;
            let mut told = Vec::new();
            for (job_id, start) in &ahead {
                store::insert_notice(c, id, *job_id, *start)?;
                told.push(jobs::by_id(c, *job_id)?.job.job_no);
            }
            record(
                c,
                &operator,
                now,
                "delay",
                "",
                format!(
                    "{engineer} {minutes} min late; to tell: {}{}",
                    if told.is_empty() {
                        "nobody".to_string()
                    } else {
                        told.join(", ")
                    },
                    if note.is_empty() {
                        String::new()
                    } else {
                        format!(" ({note})")
                    }
                ),
            )?;
            Ok(told)
        })
    }

    /// The customer of a job was told of the delay.
    pub fn informed(&mut self, job_no: &str, now: Ts) -> Result<()> {
        let now = whole(now);
        let operator = self.operator.clone();
        let job_no = job_no.trim().to_string();
        self.store.write(|c| {
            let job = jobs::by_no(c, &job_no)?.ok_or_else(|| DeskError::NoJob(job_no.clone()))?;
            if store::mark_informed(c, job.id, now, &operator)? == 0 {
                return Err(DeskError::NoOneToInform(job_no.clone()));
            }
            record(
                c,
                &operator,
                now,
                "informed",
                &job_no,
                "customer told of the delay".into(),
            )
        })
    }
}

/// What `import rulings` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RulingsImported {
    /// Rulings in the file.
    pub rulings: usize,
    /// The cases this import ruled (empty: the same file again).
    pub applied: Vec<i64>,
    /// The file's key was pinned as the center's (the first file).
    pub pinned: bool,
}

impl Desk {
    /// A rulings file from the center: verified against the center's key
    /// pinned here (`center_key`, else the first file's key, pinned by this
    /// import) and refused whole when unsigned, signed wrongly or by another
    /// key, for another branch, or naming a case this branch does not have
    /// (or has with another ruling). Each ruling is applied once; the same
    /// file again changes nothing. One audited transaction.
    pub fn import_rulings(&mut self, file: &str, bytes: &[u8], now: Ts) -> Result<RulingsImported> {
        use crate::domain::signing;
        let now = whole(now);
        let refuse = |why: String| DeskError::RulingsRefused {
            file: file.to_string(),
            why,
        };
        // A key said twice is refused, as in a manifest: the signer and
        // this reader could each take another of its values.
        let value = signing::json_without_repeated_keys(bytes)
            .map_err(|e| refuse(format!("not a rulings file (JSON: {e})")))?;
        let key = signing::verify(&value).map_err(|p| {
            refuse(
                p.to_string()
                    .replace("the manifest", "the rulings file")
                    .replace("manifest", "rulings file"),
            )
        })?;
        #[derive(serde::Deserialize)]
        struct File {
            schema: u32,
            branch: String,
            generated_at: String,
            rulings: Vec<case::Ruling>,
        }
        let f: File = signing::from_json_value(value)
            .map_err(|e| refuse(format!("not a rulings file ({e})")))?;
        if f.schema != case::RULINGS_SCHEMA {
            return Err(refuse(format!(
                "rulings file schema {} is not one this branchdesk reads ({})",
                f.schema,
                case::RULINGS_SCHEMA
            )));
        }
        let zone = self.zone;
        let plausible = |s: &str| {
            use crate::domain::time::{parse_instant, plausible_instant};
            parse_instant(s, &zone).and_then(|t| plausible_instant(t, &zone))
        };
        let generated =
            plausible(&f.generated_at).map_err(|e| refuse(format!("generated_at: {e}")))?;
        if generated > now + chrono::Duration::minutes(5) {
            return Err(refuse(format!(
                "generated_at {} is in the future",
                f.generated_at
            )));
        }
        let operator = self.operator.clone();
        self.store.write(|c| {
            use crate::store::settings;
            let branch = settings::get(c, settings::BRANCH)?
                .ok_or_else(|| refuse("this database has no branch yet".into()))?;
            if f.branch != branch {
                return Err(refuse(format!(
                    "the rulings are for branch {}, but this database belongs to branch {branch}",
                    f.branch
                )));
            }
            let pinned = settings::get(c, case::CENTER_KEY)?;
            match &pinned {
                Some(p) if !p.eq_ignore_ascii_case(&key) => {
                    return Err(refuse(format!(
                        "signed with the key {key}, not the center's key pinned here ({p}); \
                         if the center has a new key, pin it with config center_key HEX"
                    )));
                }
                Some(_) => {}
                None => settings::set(c, case::CENTER_KEY, &key)?,
            }
            let mut out = RulingsImported {
                rulings: f.rulings.len(),
                pinned: pinned.is_none(),
                ..RulingsImported::default()
            };
            let mut lines = Vec::new();
            let mut jobs_ruled: Vec<String> = Vec::new();
            for r in &f.rulings {
                let what = format!("case {}", r.case_id);
                let row = store::by_id(c, r.case_id)?
                    .filter(|k| k.job_no == r.job_no && k.kind.code() == r.kind)
                    .ok_or_else(|| {
                        refuse(format!(
                            "names {what} ({} {}), which this branch does not have",
                            r.kind, r.job_no
                        ))
                    })?;
                let decision =
                    Decision::parse(&r.decision).map_err(|e| refuse(format!("{what}: {e}")))?;
                let ruled_at =
                    plausible(&r.ruled_at).map_err(|e| refuse(format!("{what}: ruled_at: {e}")))?;
                if r.note.trim().is_empty() {
                    return Err(refuse(format!("{what}: a ruling without a note")));
                }
                for (field, text) in [("note", &r.note), ("ruled_by", &r.ruled_by)] {
                    case::refuse_control(field, text)
                        .map_err(|e| refuse(format!("{what}: {e}")))?;
                }
                match (row.decision, row.ruled_at) {
                    (Some(d), Some(at))
                        if d == decision && at == ruled_at && row.ruling_note == r.note => {}
                    (Some(d), _) => {
                        return Err(refuse(format!(
                            "{what} already has another ruling ({d}); a case is ruled once"
                        )));
                    }
                    _ => {
                        store::set_ruling(
                            c,
                            row.id,
                            decision,
                            &r.note,
                            ruled_at,
                            &r.ruled_by,
                            file,
                        )?;
                        out.applied.push(row.id);
                        jobs_ruled.push(row.job_no.clone());
                        lines.push(format!(
                            "case {} {} {}: {decision} by {} ({})",
                            row.id, row.kind, row.job_no, r.ruled_by, r.note
                        ));
                    }
                }
            }
            if out.applied.is_empty() && !out.pinned {
                return Ok(out);
            }
            let mut summary = format!("{file}: rulings of the center (key {key})");
            if out.pinned {
                summary += "; the center's key pinned";
            }
            if !lines.is_empty() {
                summary += ": ";
                summary += &lines.join("; ");
            }
            // The job's timeline shows its ruling when the file rules one job.
            jobs_ruled.dedup();
            let job = match jobs_ruled.as_slice() {
                [one] => one.as_str(),
                _ => "",
            };
            record(c, &operator, now, "import_rulings", job, summary)?;
            Ok(out)
        })
    }
}
