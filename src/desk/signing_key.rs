//! The branch's signing key as the desk uses it: made on the first export,
//! and never again by itself. A branch that has signed reports and finds its
//! key file gone stops and says which key is missing (the center has it
//! pinned, so a new key would only get its reports refused); `key --new`
//! makes another one on purpose, for the center to re-pin.

use super::{Desk, DeskError, Result, record};
use crate::domain::signing;
use crate::domain::time::Ts;
use crate::io::keys::BranchKey;
use crate::store::settings;
use std::path::PathBuf;

/// What `key --new` did.
pub struct NewKey {
    pub key: BranchKey,
    /// The public key it replaces, when one was recorded.
    pub replaced: Option<String>,
    /// Where the old key file was kept (renamed, never deleted).
    pub old_file: Option<PathBuf>,
}

impl Desk {
    /// The public key that signed this branch's reports, when known: the
    /// one recorded by the last export, else `signer` (a manifest of this
    /// branch found where it exports).
    fn signed_with(&self, signer: Option<&str>) -> Result<(bool, Option<String>)> {
        let recorded = settings::get(self.store.conn(), settings::SIGNING_KEY)?;
        let any = crate::store::trust::any_generation(self.store.conn())?;
        let known = recorded.or(signer.map(str::to_string));
        Ok((any || known.is_some(), known))
    }

    /// The key that signs this branch's reports: its key file; made here
    /// only when the branch has never signed a report (`signer`: the key of
    /// a manifest of this branch found where it exports, if any).
    pub fn signing_key(&self, branch: &str, signer: Option<&str>) -> Result<BranchKey> {
        if let Some(k) = self.keys.get(branch).map_err(|why| key_file(branch, why))? {
            return Ok(k);
        }
        let (signed, known) = self.signed_with(signer)?;
        if !signed {
            return self
                .keys
                .get_or_create(branch)
                .map_err(|why| key_file(branch, why));
        }
        let place = self
            .keys
            .path_of(branch)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| format!("keys/{branch}.key"));
        Err(DeskError::KeyMissing {
            branch: branch.to_string(),
            place,
            public: known,
        })
    }

    /// `key --new`: a new signing key on purpose (the old one lost or
    /// stolen), the old file kept beside it; audited with the old and new
    /// public keys, and recorded as the key that signs from now on.
    pub fn new_key(&mut self, now: Ts) -> Result<NewKey> {
        let branch = self.branch()?.ok_or_else(|| DeskError::NoBranch)?;
        let stamp = self.zone.local(now).format("%Y%m%d-%H%M%S").to_string();
        let old = self
            .keys
            .get(&branch)
            .ok()
            .flatten()
            .map(|k| signing::public_hex(&k.key));
        let replaced = old.or(settings::get(self.store.conn(), settings::SIGNING_KEY)?);
        let (key, old_file) = self
            .keys
            .make_new(&branch, &stamp)
            .map_err(|why| key_file(&branch, why))?;
        let public = signing::public_hex(&key.key);
        let operator = self.operator.clone();
        let was = replaced.clone().unwrap_or_else(|| "none recorded".into());
        self.store.write(|c| {
            settings::set(c, settings::SIGNING_KEY, &public)?;
            record(
                c,
                &operator,
                super::whole(now),
                "key_new",
                "",
                format!("new signing key of {branch}: {public} (was {was})"),
            )
        })?;
        Ok(NewKey {
            key,
            replaced,
            old_file,
        })
    }
}

/// The key file of `branch` could not be read or made.
fn key_file(branch: &str, why: String) -> DeskError {
    DeskError::KeyFile {
        branch: branch.to_string(),
        why,
    }
}
