//! The center rules first. The cases come in with the branches'
//! reports (`case_ids`, `case_kinds`, `case_notes` of each branch's newest
//! report); the center clerk rules on each (`center rule`), and `center
//! export rulings` writes each branch's new rulings into a JSON file signed
//! with the center's Ed25519 key, the way a branch signs its manifest.

use super::Center;
use super::error::{CenterError, Result};
use crate::domain::case::{Decision, RULINGS_SCHEMA, Ruling};
use crate::domain::signing;
use crate::domain::time::{Ts, rfc3339};
use crate::io::export::write_atomic;
use crate::io::keys::KeyRing;
use crate::store::rulings::RulingRow;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The name the center's own signing key is kept under in the keys folder
/// (not a branch code a branch would have: it starts with `_`).
pub const CENTER_KEY_NAME: &str = "_center";

/// A case a branch reported, with the center's ruling once made.
#[derive(Debug, Clone, Serialize)]
pub struct CenterCase {
    pub branch: String,
    pub case_id: i64,
    pub job_no: String,
    pub kind: String,
    pub note: String,
    pub engineer: String,
    pub customer: String,
    /// The report it was last seen in.
    pub report_date: String,
    /// `awaiting_ruling` or `ruled`.
    pub state: String,
    pub ruling: Option<CenterRuling>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CenterRuling {
    pub decision: String,
    pub note: String,
    pub ruled_at: String,
    pub ruled_by: String,
    /// When it went out in a rulings file (null: not yet).
    pub exported_at: Option<String>,
    pub export_file: String,
}

/// One rulings file written.
#[derive(Debug, Clone)]
pub struct RulingsFile {
    pub branch: String,
    pub path: PathBuf,
    pub rulings: usize,
}

/// `DIR/<BRANCH>/<BRANCH>_rulings_<YYYYMMDDTHHMMSS>.json`.
pub fn rulings_path(dir: &Path, branch: &str, local: &str) -> Result<PathBuf> {
    CenterError::branch_code(branch)?;
    Ok(dir
        .join(branch)
        .join(format!("{branch}_rulings_{local}.json")))
}

impl Center {
    /// Every case the branches' newest reports carry, with the center's
    /// ruling where it has made one; by branch and case id.
    pub fn cases(&mut self) -> Result<Vec<CenterCase>> {
        let zone = self.zone;
        self.store.read(|c| {
            let mut out = Vec::new();
            for row in c.newest_case_rows()? {
                let (ids, kinds, notes) = (&row.case_ids, &row.case_kinds, &row.case_notes);
                let kinds: Vec<&str> = kinds.split(';').collect();
                let notes: Vec<&str> = notes.split('\n').collect();
                for (i, id) in ids.split(';').enumerate() {
                    let Ok(case_id) = id.trim().parse::<i64>() else {
                        continue;
                    };
                    let ruling = c.ruling(&row.branch, case_id)?.map(|r| CenterRuling {
                        decision: r.decision,
                        note: r.note,
                        ruled_at: rfc3339(&zone, r.ruled_at),
                        ruled_by: r.ruled_by,
                        exported_at: r.exported_at.map(|t| rfc3339(&zone, t)),
                        export_file: r.export_file,
                    });
                    out.push(CenterCase {
                        branch: row.branch.clone(),
                        case_id,
                        job_no: row.job_no.clone(),
                        kind: kinds.get(i).unwrap_or(&"").to_string(),
                        note: notes.get(i).unwrap_or(&"").to_string(),
                        engineer: row.engineer.clone(),
                        customer: row.customer.clone(),
                        report_date: row.report_date.clone(),
                        state: if ruling.is_some() {
                            "ruled"
                        } else {
                            "awaiting_ruling"
                        }
                        .to_string(),
                        ruling,
                    });
                }
            }
            out.sort_by(|a, b| (&a.branch, a.case_id).cmp(&(&b.branch, b.case_id)));
            Ok(out)
        })
    }

    /// The center's ruling on a branch's case: once, audited.
    pub fn rule(
        &mut self,
        branch: &str,
        case_id: i64,
        decision: Decision,
        note: &str,
        now: Ts,
    ) -> Result<()> {
        let note = note.trim().to_string();
        if note.is_empty() {
            return Err(CenterError::RulingNeedsNote);
        }
        crate::domain::case::refuse_control("--note", &note).map_err(CenterError::ControlChar)?;
        let case = self
            .cases()?
            .into_iter()
            .find(|k| k.branch == branch && k.case_id == case_id)
            .ok_or_else(|| CenterError::NoCase {
                branch: branch.to_string(),
                case_id,
            })?;
        if let Some(r) = &case.ruling {
            return Err(CenterError::AlreadyRuled {
                branch: branch.to_string(),
                case_id,
                decision: r.decision.clone(),
                by: r.ruled_by.clone(),
                at: r.ruled_at.clone(),
            });
        }
        let now = crate::domain::time::from_unix(now.timestamp());
        let op = self.operator.clone();
        self.store.write(|c| {
            c.insert_ruling(&RulingRow {
                branch: branch.to_string(),
                case_id,
                job_no: case.job_no.clone(),
                kind: case.kind.clone(),
                decision: decision.code().to_string(),
                note: note.clone(),
                ruled_at: now,
                ruled_by: op.clone(),
                exported_at: None,
                export_file: String::new(),
            })?;
            c.record(
                &op,
                now,
                "center_rule",
                &case.job_no,
                format!(
                    "branch {branch} case {case_id} ({}): {decision}: {note}",
                    case.kind
                ),
            )?;
            Ok(())
        })
    }

    /// The center's public key (64 hex) and where its private half is.
    pub fn key(&self, keys: &KeyRing) -> Result<crate::io::keys::BranchKey> {
        keys.get_or_create(CENTER_KEY_NAME)
            .map_err(CenterError::Key)
    }

    /// Writes each branch's rulings not yet exported into one signed file
    /// under `dir`, and marks them exported (each ruling goes out once).
    pub fn export_rulings(
        &mut self,
        keys: &KeyRing,
        dir: &Path,
        now: Ts,
    ) -> Result<Vec<RulingsFile>> {
        let now = crate::domain::time::from_unix(now.timestamp());
        let zone = self.zone;
        let pending = self
            .store
            .read(|c| Ok::<_, CenterError>(c.unexported_rulings()?))?;
        if pending.is_empty() {
            return Ok(Vec::new());
        }
        let key = self.key(keys)?.key;
        let stamp = zone.local(now).format("%Y%m%dT%H%M%S").to_string();
        let mut branches: Vec<&str> = pending.iter().map(|r| r.branch.as_str()).collect();
        branches.dedup();
        let mut written = Vec::new();
        for branch in branches {
            let rulings: Vec<Ruling> = pending
                .iter()
                .filter(|r| r.branch == branch)
                .map(|r| Ruling {
                    case_id: r.case_id,
                    job_no: r.job_no.clone(),
                    kind: r.kind.clone(),
                    decision: r.decision.clone(),
                    note: r.note.clone(),
                    ruled_at: rfc3339(&zone, r.ruled_at),
                    ruled_by: r.ruled_by.clone(),
                })
                .collect();
            let mut v = serde_json::json!({
                "schema": RULINGS_SCHEMA,
                "branch": branch,
                "generated_at": rfc3339(&zone, now),
                "rulings": rulings,
            });
            signing::sign(&mut v, &key);
            let path = rulings_path(dir, branch, &stamp)?;
            let bytes = serde_json::to_vec_pretty(&v)?;
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p).map_err(|e| CenterError::io(p, e))?;
            }
            write_atomic(&path, &bytes).map_err(|e| CenterError::io(&path, e))?;
            written.push(RulingsFile {
                branch: branch.to_string(),
                path,
                rulings: rulings.len(),
            });
        }
        let op = self.operator.clone();
        let marked = self.store.write(|c| {
            for f in &written {
                let name = f
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let ids: Vec<String> = pending
                    .iter()
                    .filter(|r| r.branch == f.branch)
                    .map(|r| {
                        c.mark_ruling_exported(&r.branch, r.case_id, now, &name)
                            .map(|()| r.case_id.to_string())
                    })
                    .collect::<crate::store::Result<_>>()?;
                c.record(
                    &op,
                    now,
                    "center_export_rulings",
                    "",
                    format!(
                        "{name}: rulings of branch {} on cases {}",
                        f.branch,
                        ids.join(", ")
                    ),
                )?;
            }
            Ok::<_, CenterError>(())
        });
        if let Err(e) = marked {
            // Nothing marked: the files would go out twice; take them back.
            for f in &written {
                let _ = std::fs::remove_file(&f.path);
            }
            return Err(e);
        }
        Ok(written)
    }
}
