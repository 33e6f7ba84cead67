//! `audit verify --anchors FILE`: the audit heads the center kept from a
//! branch's reports, checked against the branch's trail. A trail resealed,
//! dropped and rebuilt, or cut short after a report was sent no longer
//! holds the head that report carried.

use super::{Desk, DeskError, Result};
use crate::store::audit;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One head a report carried: the trail had `entries` entries, the newest
/// with `hash`, just before that export's own entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub date: String,
    pub generation: i64,
    pub entries: i64,
    pub hash: String,
}

/// What `center anchors BRANCH` writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchors {
    pub branch: String,
    pub anchors: Vec<Anchor>,
}

/// Anchors files larger than this are refused (a center's years of one
/// branch are far smaller).
const MAX_ANCHORS_BYTES: u64 = 64 * 1024 * 1024;

impl Desk {
    /// Checks every anchor in `file` against this branch's trail; the
    /// first one that no longer matches is the error, naming its entry
    /// number and hash.
    pub fn verify_anchors(&mut self, file: &Path) -> Result<String> {
        let bad = |e: String| DeskError::Invalid(format!("{}: {e}", file.display()));
        let size = std::fs::metadata(file)
            .map_err(|e| bad(e.to_string()))?
            .len();
        if size > MAX_ANCHORS_BYTES {
            return Err(bad(format!("{size} bytes is not an anchors file")));
        }
        let bytes = std::fs::read(file).map_err(|e| bad(e.to_string()))?;
        let anchors: Anchors =
            serde_json::from_slice(&bytes).map_err(|e| bad(format!("not an anchors file: {e}")))?;
        let branch = self.branch()?.unwrap_or_default();
        if anchors.branch != branch {
            return Err(bad(format!(
                "the anchors are of branch {:?}, this database is branch {branch:?}",
                anchors.branch
            )));
        }
        let mut list = anchors.anchors.clone();
        list.sort_by_key(|a| (a.entries, a.date.clone(), a.generation));
        let (entries, _) = self.store.read(|c| Ok::<_, DeskError>(audit::head(c)?))?;
        for a in &list {
            let held: Option<String> = if a.entries == 0 {
                Some(audit::GENESIS.to_string())
            } else {
                self.store.read(|c| {
                    Ok::<_, DeskError>(
                        c.prepare_cached("SELECT hash FROM audit_log WHERE id = ?1")?
                            .query_row([a.entries], |r| r.get(0))
                            .optional()?,
                    )
                })?
            };
            if held.as_deref() != Some(a.hash.as_str()) {
                let now = match held {
                    Some(h) => format!("the trail's entry {} now has hash {h}", a.entries),
                    None => format!("the trail now has only {entries} entries"),
                };
                return Err(DeskError::Invalid(format!(
                    "the trail no longer holds the head of the report of {} generation {}: \
                     entry {} hash {} ({now}); the trail was rewritten after that report was sent",
                    a.date, a.generation, a.entries, a.hash
                )));
            }
        }
        Ok(format!(
            "{} anchor(s) of the center match the trail",
            list.len()
        ))
    }
}
