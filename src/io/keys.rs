//! The branches' private signing keys, kept outside the database: one file
//! per branch code, `<dir>/<BRANCH>.key`, readable only by its user (0600
//! in a 0700 folder), made on first use. The file holds the 32-byte Ed25519
//! secret as 64 hex digits on one line.

use crate::domain::signing::{hex, unhex};
use ed25519_dalek::SigningKey;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where a desk's keys come from: a folder (the real thing), or keys made
/// in memory for this process only (tests, benchmarks, the demo center's
/// in-memory branches).
#[derive(Debug, Clone)]
pub enum KeyRing {
    Dir(PathBuf),
    Memory(Arc<Mutex<HashMap<String, [u8; 32]>>>),
}

/// A branch's key and where it is kept.
pub struct BranchKey {
    pub key: SigningKey,
    /// The key file (`None` for a key held in memory).
    pub path: Option<PathBuf>,
    /// Made by this call.
    pub created: bool,
}

fn random_secret() -> std::io::Result<[u8; 32]> {
    let mut s = [0u8; 32];
    getrandom::fill(&mut s).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(s)
}

impl KeyRing {
    pub fn memory() -> KeyRing {
        KeyRing::Memory(Arc::default())
    }

    /// The key file of `branch` (a valid branch code: it cannot leave the folder).
    pub fn path_of(&self, branch: &str) -> Option<PathBuf> {
        match self {
            KeyRing::Dir(d) => Some(d.join(format!("{branch}.key"))),
            KeyRing::Memory(_) => None,
        }
    }

    /// The branch's key, if it has one (never made here).
    pub fn get(&self, branch: &str) -> Result<Option<BranchKey>, String> {
        crate::io::records::valid_branch_code(branch)?;
        match self {
            KeyRing::Memory(m) => {
                let m = m.lock().map_err(|_| "key store poisoned".to_string())?;
                Ok(m.get(branch).map(|s| BranchKey {
                    key: SigningKey::from_bytes(s),
                    path: None,
                    created: false,
                }))
            }
            KeyRing::Dir(dir) => {
                let path = dir.join(format!("{branch}.key"));
                match load(&path) {
                    Ok(key) => Ok(Some(BranchKey {
                        key,
                        path: Some(path),
                        created: false,
                    })),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(format!("the signing key {}: {e}", path.display())),
                }
            }
        }
    }

    /// A new key for the branch (`key --new`): a key file already there is
    /// kept beside it as `<BRANCH>.key.replaced-<stamp>`, never deleted.
    /// Returns the new key and where the old one was kept.
    pub fn make_new(
        &self,
        branch: &str,
        stamp: &str,
    ) -> Result<(BranchKey, Option<PathBuf>), String> {
        crate::io::records::valid_branch_code(branch)?;
        match self {
            KeyRing::Memory(m) => {
                let mut m = m.lock().map_err(|_| "key store poisoned".to_string())?;
                let secret = random_secret().map_err(|e| e.to_string())?;
                m.insert(branch.to_string(), secret);
                Ok((
                    BranchKey {
                        key: SigningKey::from_bytes(&secret),
                        path: None,
                        created: true,
                    },
                    None,
                ))
            }
            KeyRing::Dir(dir) => {
                let path = dir.join(format!("{branch}.key"));
                let kept = if std::fs::symlink_metadata(&path).is_ok() {
                    let aside = dir.join(format!("{branch}.key.replaced-{stamp}"));
                    std::fs::rename(&path, &aside).map_err(|e| {
                        format!("keeping the old key {} aside: {e}", path.display())
                    })?;
                    Some(aside)
                } else {
                    None
                };
                let key = create(dir, &path)
                    .map_err(|e| format!("making the signing key {}: {e}", path.display()))?;
                Ok((
                    BranchKey {
                        key,
                        path: Some(path),
                        created: true,
                    },
                    kept,
                ))
            }
        }
    }

    /// The branch's key, made (and saved) if it has none yet.
    pub fn get_or_create(&self, branch: &str) -> Result<BranchKey, String> {
        crate::io::records::valid_branch_code(branch)?;
        match self {
            KeyRing::Memory(m) => {
                let mut m = m.lock().map_err(|_| "key store poisoned".to_string())?;
                let created = !m.contains_key(branch);
                if created {
                    m.insert(
                        branch.to_string(),
                        random_secret().map_err(|e| e.to_string())?,
                    );
                }
                Ok(BranchKey {
                    key: SigningKey::from_bytes(&m[branch]),
                    path: None,
                    created,
                })
            }
            KeyRing::Dir(dir) => {
                let path = dir.join(format!("{branch}.key"));
                match load(&path) {
                    Ok(key) => Ok(BranchKey {
                        key,
                        path: Some(path),
                        created: false,
                    }),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        let key = create(dir, &path).map_err(|e| {
                            format!("making the signing key {}: {e}", path.display())
                        })?;
                        Ok(BranchKey {
                            key,
                            path: Some(path),
                            created: true,
                        })
                    }
                    Err(e) => Err(format!("the signing key {}: {e}", path.display())),
                }
            }
        }
    }
}

/// Reads a key file; refuses one others can read.
fn load(path: &Path) -> std::io::Result<SigningKey> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(std::io::Error::other(format!(
                "readable by others (mode {mode:o}); make it private: chmod 600 {}",
                path.display()
            )));
        }
    }
    if meta.len() > 4096 {
        return Err(std::io::Error::other("not a key file (too large)"));
    }
    let text = std::fs::read_to_string(path)?;
    let secret = unhex::<32>(text.trim())
        .map_err(|e| std::io::Error::other(format!("not a key file ({e})")))?;
    Ok(SigningKey::from_bytes(&secret))
}

/// Makes a new key file, never replacing one (`create_new`), private from
/// the start, written whole before it gets its name.
fn create(dir: &Path, path: &Path) -> std::io::Result<SigningKey> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    let secret = random_secret()?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let result = (|| {
        let mut f = opts.open(&tmp)?;
        f.write_all(format!("{}\n", hex(&secret)).as_bytes())?;
        f.sync_all()?;
        drop(f);
        // A hard link never replaces: two first exports at once keep one key.
        std::fs::hard_link(&tmp, path)
    })();
    let _ = std::fs::remove_file(&tmp);
    match result {
        Ok(()) => {
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(SigningKey::from_bytes(&secret))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load(path),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_private_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let ring = KeyRing::Dir(dir.path().join("keys"));
        let first = ring.get_or_create("QD01").unwrap();
        assert!(first.created);
        let path = first.path.clone().unwrap();
        assert!(path.ends_with("keys/QD01.key"));
        let again = ring.get_or_create("QD01").unwrap();
        assert!(!again.created);
        assert_eq!(first.key.to_bytes(), again.key.to_bytes());
        let other = ring.get_or_create("QD02").unwrap();
        assert_ne!(first.key.to_bytes(), other.key.to_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let err = ring.get_or_create("QD01").err().unwrap();
            assert!(err.contains("chmod 600"), "{err}");
        }
        assert!(ring.get_or_create("../x").is_err());
    }

    #[test]
    fn get_never_makes_a_key_and_make_new_keeps_the_old_file_beside() {
        let dir = tempfile::tempdir().unwrap();
        let ring = KeyRing::Dir(dir.path().join("keys"));
        assert!(ring.get("QD01").unwrap().is_none());
        assert!(!dir.path().join("keys/QD01.key").exists());
        let first = ring.get_or_create("QD01").unwrap();
        let (new, kept) = ring.make_new("QD01", "20261123-150000").unwrap();
        assert_ne!(new.key.to_bytes(), first.key.to_bytes());
        let kept = kept.unwrap();
        assert!(kept.ends_with("keys/QD01.key.replaced-20261123-150000"));
        assert_eq!(load(&kept).unwrap().to_bytes(), first.key.to_bytes());
        let now = ring.get("QD01").unwrap().unwrap();
        assert_eq!(now.key.to_bytes(), new.key.to_bytes());
    }
}
