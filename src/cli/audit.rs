//! The audit trail, the signing key and the file's safety:
//! `branchdesk audit verify|log`, `key`, `check`, `backup`, `restore`.

use super::{Cli, keys_dir, operator};
use crate::desk::Desk;
use crate::domain::time::short;
use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, FixedOffset};
use clap::Subcommand;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum AuditKind {
    /// Check that the trail is intact and every audited row still matches it
    Verify {
        /// The center's anchors of this branch (`center anchors BRANCH --out FILE`):
        /// also check that the trail still holds every head the center was sent
        #[arg(long)]
        anchors: Option<PathBuf>,
    },
    /// Show the trail: time, operator, action, job, summary
    Log {
        /// Only the entries of this job
        #[arg(long)]
        job: Option<String>,
    },
}

// The arguments of `key`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct KeyArgs {
    /// Make a new key (the old one lost or stolen; an old key file is kept beside it);
    /// the center then re-pins it with `center branches rekey`
    #[arg(long)]
    pub new: bool,
}

// The arguments of `restore`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup file (as `backup` made it)
    pub file: PathBuf,
}

// The arguments of `backup`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Destination file [default: <db dir>/backups/<db name>-<YYYYMMDD-HHMMSS>.db]
    #[arg(long)]
    pub to: Option<PathBuf>,
}

/// `audit verify` and `audit log`.
pub fn audit(desk: &mut Desk, what: &AuditKind, path: &Path) -> Result<()> {
    match what {
        AuditKind::Verify { anchors } => {
            let v = desk.audit_verify()?;
            if !v.is_intact() {
                bail!("{}: {v}", path.display())
            }
            if let Some(file) = anchors {
                let checked = desk.verify_anchors(file)?;
                crate::outln!("{v}; {checked}");
            } else {
                crate::outln!("{v}");
            }
            Ok(())
        }
        AuditKind::Log { job } => {
            for e in desk.audit_log(job.as_deref())? {
                let at =
                    e.at.map(|t| short(&desk.zone, t))
                        .unwrap_or_else(|| "-".into());
                crate::outln!(
                    "{:>6}  {at:<16}  {:<12}  {:<16}  {:<14}  {}",
                    e.id,
                    e.operator,
                    e.action,
                    if e.job_no.is_empty() { "-" } else { &e.job_no },
                    e.summary
                );
            }
            Ok(())
        }
    }
}

/// `key`, or `key --new`.
pub fn key(desk: &mut Desk, args: &KeyArgs, now: DateTime<FixedOffset>) -> Result<()> {
    if !args.new {
        let branch = desk
            .branch()?
            .ok_or_else(|| anyhow!("this database has no branch yet: import its jobs first"))?;
        let k = desk.signing_key(&branch, None)?;
        crate::outln!("branch      {branch}");
        crate::outln!("public key  {}", crate::domain::signing::public_hex(&k.key));
        if let Some(p) = &k.path {
            let made = if k.created { " (made now)" } else { "" };
            crate::outln!("private key {}{made}", p.display());
        }
        return Ok(());
    }
    let made = desk.new_key(now.to_utc())?;
    let branch = desk.branch()?.unwrap_or_default();
    let public = crate::domain::signing::public_hex(&made.key.key);
    crate::outln!("branch      {branch}");
    crate::outln!("public key  {public} (new)");
    if let Some(p) = &made.key.path {
        crate::outln!("private key {}", p.display());
    }
    if let Some(old) = &made.old_file {
        crate::outln!("old key     kept in {}", old.display());
    }
    if let Some(was) = &made.replaced {
        crate::outln!("replaces    {was}");
    }
    crate::outln!(
        "The center refuses this branch's reports until it re-pins the key:\n  \
         branchdesk center branches rekey {branch} --key {public} --reason TEXT"
    );
    Ok(())
}

/// `check`: the file was checked whole on open, before anything else (a
/// damaged file is an error there).
pub fn check(path: &Path) -> Result<()> {
    crate::outln!("{}: ok (PRAGMA quick_check)", path.display());
    Ok(())
}

/// `backup [--to PATH]`.
pub fn backup(
    desk: &mut Desk,
    args: &BackupArgs,
    path: &Path,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let dest = desk.backup(args.to.as_deref(), now.to_utc())?;
    crate::outln!("{}: backed up to {}", path.display(), dest.display());
    crate::outln!("{}", backup_key_note(desk)?);
    Ok(())
}

/// `restore FILE`: the backup put in place, then what the clerk does next.
pub fn restore(
    cli: &Cli,
    db: &std::path::Path,
    file: &std::path::Path,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    let (mut desk, r) =
        crate::desk::restore::restore(db, file, &operator(cli), now.to_utc(), &stamp)?;
    desk.keys = crate::io::keys::KeyRing::Dir(keys_dir(cli));
    crate::outln!(
        "{}: restored from {} (branch {}, its audit trail {} entries)",
        db.display(),
        file.display(),
        r.branch,
        r.entries_kept
    );
    if let Some(p) = &r.replaced {
        let had = r
            .entries_before
            .map(|m| format!("{m} entries"))
            .unwrap_or_else(|| "not readable".into());
        crate::outln!(
            "the file it replaced (trail: {had}) is kept at {}",
            p.display()
        );
    }
    if let Some(key) = desk.keys.path_of(&r.branch) {
        if key.exists() {
            crate::outln!("signing key {}: in place", key.display());
        } else {
            crate::outln!(
                "signing key {}: missing. Copy it back from where it was kept with the \
                 backup (mode 0600) before the next export; `branchdesk key` says which key",
                key.display()
            );
        }
    }
    crate::outln!(
        "Export into the same folder as before: the next report follows the generations found \
         there, and `audit verify --anchors` names the heads lost to this restore."
    );
    Ok(())
}

/// What `backup` says about the signing key, which the backup does not
/// hold: where it is, and that it belongs with the backup, kept apart.
fn backup_key_note(desk: &Desk) -> Result<String> {
    let Some(branch) = desk.branch()? else {
        return Ok("This database has no branch (nor signing key) yet.".into());
    };
    let place = match desk.keys.path_of(&branch) {
        Some(p) if p.exists() => p.display().to_string(),
        Some(p) => format!("{} (not there yet: made by the first export)", p.display()),
        None => "held in memory only".into(),
    };
    Ok(format!(
        "The backup does not hold the branch's private signing key: {place}. Keep a copy of \
         that file with the backup, but apart from it (another medium, locked away): with \
         the backup alone a restored branch cannot sign, and with both together whoever \
         finds them can sign as {branch}."
    ))
}
