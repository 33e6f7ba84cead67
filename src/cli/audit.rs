//! The audit trail, the signing key and the file's safety:
//! `branchdesk audit verify|log`, `key`, `check`, `backup`, `restore`.

use super::{Cli, keys_dir, operator};
use crate::desk::Desk;
use crate::domain::time::short;
use crate::i18n::{Lang, T, said, tr, trf};
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
                let (v, checked) = (said(desk.lang, &v.to_string()), said(desk.lang, &checked));
                let sep = if desk.lang == Lang::Zh { "；" } else { "; " };
                crate::outln!("{v}{sep}{checked}");
            } else {
                crate::outln!("{}", said(desk.lang, &v.to_string()));
            }
            Ok(())
        }
        AuditKind::Log { job } => {
            for e in desk.audit_log(job.as_deref())? {
                let at =
                    e.at.map(|t| short(&desk.zone, t))
                        .unwrap_or_else(|| "-".into());
                let job = if e.job_no.is_empty() { "-" } else { &e.job_no };
                if desk.lang == Lang::Zh {
                    // The action by its label, the summary when it has no
                    // English in it (as the screens' timeline shows them).
                    let (action, summary) =
                        crate::i18n::audit_line(desk.lang, &e.action, &e.summary);
                    let action = crate::i18n::pad(&action, 16);
                    crate::outln!(
                        "{:>6}  {at:<16}  {:<12}  {action}  {job:<14}  {summary}",
                        e.id,
                        e.operator,
                    );
                    continue;
                }
                crate::outln!(
                    "{:>6}  {at:<16}  {:<12}  {:<16}  {job:<14}  {}",
                    e.id,
                    e.operator,
                    e.action,
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
        let lang = desk.lang;
        crate::outln!("{}", trf(lang, T::CliKeyBranch, &[&branch]));
        let public = crate::domain::signing::public_hex(&k.key);
        crate::outln!("{}", trf(lang, T::CliKeyPublic, &[&public]));
        if let Some(p) = &k.path {
            let made = if k.created {
                T::CliKeyPrivateMade
            } else {
                T::CliKeyPrivate
            };
            crate::outln!("{}", trf(lang, made, &[&p.display()]));
        }
        return Ok(());
    }
    let made = desk.new_key(now.to_utc())?;
    let branch = desk.branch()?.unwrap_or_default();
    let public = crate::domain::signing::public_hex(&made.key.key);
    let lang = desk.lang;
    crate::outln!("{}", trf(lang, T::CliKeyBranch, &[&branch]));
    crate::outln!("{}", trf(lang, T::CliKeyPublicNew, &[&public]));
    if let Some(p) = &made.key.path {
        crate::outln!("{}", trf(lang, T::CliKeyPrivate, &[&p.display()]));
    }
    if let Some(old) = &made.old_file {
        crate::outln!("{}", trf(lang, T::CliKeyOld, &[&old.display()]));
    }
    if let Some(was) = &made.replaced {
        crate::outln!("{}", trf(lang, T::CliKeyReplaces, &[was]));
    }
    crate::outln!("{}", trf(lang, T::CliKeyRepin, &[&branch, &public]));
    Ok(())
}

/// `check`: the file was checked whole on open, before anything else (a
/// damaged file is an error there).
pub fn check(lang: Lang, path: &Path) -> Result<()> {
    crate::outln!("{}", trf(lang, T::CliCheckOk, &[&path.display()]));
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
    crate::outln!(
        "{}",
        trf(
            desk.lang,
            T::CliBackedUp,
            &[&path.display(), &dest.display()]
        )
    );
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
    let lang = super::lang(cli);
    crate::outln!(
        "{}",
        trf(
            lang,
            T::CliRestored,
            &[&db.display(), &file.display(), &r.branch, &r.entries_kept]
        )
    );
    if let Some(p) = &r.replaced {
        let had = r
            .entries_before
            .map(|m| trf(lang, T::CliRestoreEntries, &[&m]))
            .unwrap_or_else(|| tr(lang, T::CliRestoreUnreadable).into());
        crate::outln!(
            "{}",
            trf(lang, T::CliRestoreReplacedKept, &[&had, &p.display()])
        );
    }
    if let Some(key) = desk.keys.path_of(&r.branch) {
        let t = if key.exists() {
            T::CliRestoreKeyInPlace
        } else {
            T::CliRestoreKeyMissing
        };
        crate::outln!("{}", trf(lang, t, &[&key.display()]));
    }
    crate::outln!("{}", tr(lang, T::CliRestoreNext));
    Ok(())
}

/// What `backup` says about the signing key, which the backup does not
/// hold: where it is, and that it belongs with the backup, kept apart.
fn backup_key_note(desk: &Desk) -> Result<String> {
    let lang = desk.lang;
    let Some(branch) = desk.branch()? else {
        return Ok(tr(lang, T::CliBackupNoBranch).into());
    };
    let place = match desk.keys.path_of(&branch) {
        Some(p) if p.exists() => p.display().to_string(),
        Some(p) => trf(lang, T::CliBackupKeyNotYet, &[&p.display()]),
        None => tr(lang, T::CliBackupKeyMemory).into(),
    };
    Ok(trf(lang, T::CliBackupKeyNote, &[&place, &branch]))
}
