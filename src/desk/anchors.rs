//! `audit verify --anchors FILE`: the audit heads the center kept from a
//! branch's reports, checked against the branch's trail. A trail resealed,
//! dropped and rebuilt, or cut short after a report was sent no longer
//! holds the head that report carried.

use super::{Desk, DeskError, Result};
use crate::store::audit;
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
    /// When that report was generated (RFC 3339); anchors files written
    /// before this was added have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
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
        let bad = |why: String| DeskError::BadAnchors {
            file: file.display().to_string(),
            why,
        };
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
        let restores = self.restores()?;
        // Per restore (by its place in `restores`): the anchors lost to it.
        let mut lost: Vec<Vec<&Anchor>> = vec![Vec::new(); restores.len()];
        for a in &list {
            let held: Option<String> = if a.entries == 0 {
                Some(audit::GENESIS.to_string())
            } else {
                self.store
                    .read(|c| Ok::<_, DeskError>(audit::hash_at(c, a.entries)?))?
            };
            if held.as_deref() != Some(a.hash.as_str())
                && let Some(i) = self.lost_to(&restores, a)
            {
                lost[i].push(a);
                continue;
            }
            if held.as_deref() != Some(a.hash.as_str()) {
                let now = match held {
                    Some(h) => format!("the trail's entry {} now has hash {h}", a.entries),
                    None => format!("the trail now has only {entries} entries"),
                };
                return Err(DeskError::AnchorLost {
                    date: a.date.clone(),
                    generation: a.generation,
                    entries: a.entries,
                    hash: a.hash.clone(),
                    now,
                });
            }
        }
        let n_lost: usize = lost.iter().map(Vec::len).sum();
        let mut text = format!(
            "{} anchor(s) of the center match the trail",
            list.len() - n_lost
        );
        for (r, gone) in restores.iter().zip(&lost) {
            if gone.is_empty() {
                continue;
            }
            let last = r
                .entries_before
                .unwrap_or(0)
                .max(gone.iter().map(|a| a.entries).max().unwrap_or(0));
            let reports: Vec<String> = gone
                .iter()
                .map(|a| format!("{} generation {}", a.date, a.generation))
                .collect();
            text += &format!(
                "; entries {}…{last} lost to the restore of {} (from {}): {} anchor(s), of the \
                 report(s) of {}, were made after that backup and are not in this trail",
                r.entries_kept + 1,
                self.restore_time(r),
                r.from_file,
                gone.len(),
                reports.join(", ")
            );
        }
        Ok(text)
    }

    /// The restore (its place in `restores`) that an anchor not held by
    /// the trail was lost to: the first restore made after the anchor's
    /// report whose backup's trail ended before the anchor's entry (and,
    /// when the replaced file's trail was known, that held it).
    fn lost_to(&self, restores: &[crate::store::trust::Restore], a: &Anchor) -> Option<usize> {
        restores.iter().position(|r| {
            let made_before = match a
                .generated_at
                .as_deref()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            {
                Some(t) => t.to_utc() < r.at,
                None => a.date <= self.zone.date_of(r.at).to_string(),
            };
            made_before
                && a.entries > r.entries_kept
                && r.entries_before.is_none_or(|m| a.entries <= m)
        })
    }
}
