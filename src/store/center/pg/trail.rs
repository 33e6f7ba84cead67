//! `audit verify` on a center on PostgreSQL: the center's own trail
//! (`center_audit`) read in order, each entry's link and hash checked the
//! way the server made them.

use super::PgCenter;
use crate::store::Result;
use crate::store::audit::{GENESIS, Verdict};
use postgres::IsolationLevel;
use sha2::{Digest, Sha256};

/// Entries fetched per round trip while reading the trail.
const BATCH: i32 = 5_000;

/// An entry's hash as the server computes it on append: SHA-256 over the
/// previous hash, the id, `at` (Unix seconds), operator, action, job and
/// summary, each followed by a zero byte.
pub fn entry_hash(
    prev: &str,
    id: i64,
    at: i64,
    operator: &str,
    action: &str,
    job_no: &str,
    summary: &str,
) -> String {
    let mut h = Sha256::new();
    for field in [
        prev,
        &id.to_string(),
        &at.to_string(),
        operator,
        action,
        job_no,
        summary,
    ] {
        h.update(field.as_bytes());
        h.update([0]);
    }
    crate::domain::signing::hex(&h.finalize())
}

impl PgCenter {
    /// Checks the trail: ids 1, 2, 3 … without a gap, each entry linked to
    /// the one before and hashed over its own fields. Read in one
    /// read-only snapshot, a batch at a time (memory stays flat).
    pub fn verify_trail(&mut self) -> Result<Verdict> {
        self.settle()?;
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let exists: bool = tx
            .query_one("SELECT to_regclass('center_audit') IS NOT NULL", &[])?
            .get(0);
        if !exists {
            return Ok(Verdict::TrailMissing);
        }
        let portal = tx.bind(
            "SELECT id, at, operator, action, job_no, summary, prev_hash, hash
             FROM center_audit ORDER BY id",
            &[],
        )?;
        let mut prev = GENESIS.to_string();
        let mut entries = 0i64;
        loop {
            let rows = tx.query_portal(&portal, BATCH)?;
            if rows.is_empty() {
                break;
            }
            for r in rows {
                let id: i64 = r.get(0);
                let broken = |reason: String| Ok(Verdict::BrokenEntry { id, reason });
                if id != entries + 1 {
                    return broken(format!(
                        "expected entry {} (an entry is missing)",
                        entries + 1
                    ));
                }
                let (prev_hash, hash): (String, String) = (r.get(6), r.get(7));
                if prev_hash != prev {
                    return broken("it does not follow the entry before it".into());
                }
                let want = entry_hash(&prev, id, r.get(1), r.get(2), r.get(3), r.get(4), r.get(5));
                if hash != want {
                    return broken("its fields no longer match its hash (edited)".into());
                }
                prev = hash;
                entries = id;
            }
        }
        tx.commit()?;
        Ok(Verdict::Intact { entries })
    }
}
