//! The center's side of signed reports: each branch's pinned public key
//! (given with `center branches add --key`, else the first signed report's),
//! changed only by `center branches rekey` with a reason, audited; and the
//! audit heads the branch's reports carried (`center anchors`).

use super::Center;
use super::error::{CenterError, Result};
use crate::desk::anchors::{Anchor, Anchors};
use crate::domain::time::Ts;

impl Center {
    /// The key pinned for a branch, if any.
    pub fn pinned_key(&mut self, code: &str) -> Result<Option<String>> {
        self.store.read(|c| Ok(c.pinned_key(code)?))
    }

    /// `center branches add CODE [NAME] --key HEX`: expects the branch and
    /// pins its key. A branch with another key pinned keeps it (that takes
    /// `rekey`, with a reason).
    pub fn add_branch_with_key(
        &mut self,
        code: &str,
        name: &str,
        key: &str,
        now: Ts,
    ) -> Result<()> {
        CenterError::branch_code(code)?;
        let key = CenterError::public_key(key)?;
        let op = self.operator.clone();
        self.store.write(|c| {
            if let Some(k) = c.pinned_key(code)?
                && k != key
            {
                return Err(CenterError::KeyPinned {
                    branch: code.to_string(),
                    pinned: k,
                });
            }
            c.add_branch(code, name.trim(), now)?;
            c.pin_key(code, &key)?;
            c.record_if_changed(
                &op,
                now,
                "center_branch_add",
                "",
                format!("{code} {} key {key}", name.trim()),
            )?;
            Ok(())
        })
    }

    /// `center branches rekey CODE --key HEX --reason TEXT`: pins another
    /// key for a known branch; the audit entry holds the old and new keys
    /// and the reason.
    pub fn rekey(&mut self, code: &str, key: &str, reason: &str, now: Ts) -> Result<String> {
        CenterError::branch_code(code)?;
        let key = CenterError::public_key(key)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(CenterError::RekeyNeedsReason);
        }
        let op = self.operator.clone();
        self.store.write(|c| {
            if !c.branches()?.iter().any(|b| b.code == code) {
                return Err(CenterError::UnknownBranch(code.to_string()));
            }
            let old = c.pinned_key(code)?.unwrap_or_default();
            c.pin_key(code, &key)?;
            c.record(
                &op,
                now,
                "center_rekey",
                "",
                format!(
                    "{code}: key {} replaced by {key}; reason: {reason}",
                    if old.is_empty() { "(none)" } else { &old }
                ),
            )?;
            Ok(old)
        })
    }

    /// `center anchors BRANCH`: the audit heads its accepted reports carried.
    pub fn anchors(&mut self, branch: &str) -> Result<Anchors> {
        CenterError::branch_code(branch)?;
        // A branch the center does not know has no anchors to give: said
        // so, not an empty list that reads as "nothing sent yet".
        let list = self.store.read(|c| {
            if !c.has_branch(branch)? {
                return Err(CenterError::UnknownBranch(branch.to_string()));
            }
            Ok(c.anchors(branch)?)
        })?;
        Ok(Anchors {
            branch: branch.to_string(),
            anchors: list
                .into_iter()
                .filter_map(|g| {
                    let (entries, hash) = g.audit_head?;
                    Some(Anchor {
                        date: g.date,
                        generation: g.generation,
                        entries,
                        hash,
                        generated_at: Some(g.generated_at.to_rfc3339()),
                    })
                })
                .collect(),
        })
    }
}
