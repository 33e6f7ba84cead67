//! `branchdesk import jobs|visits|cards|callbacks|fees|rulings FILE`: a file
//! imported all or nothing, its problems one line each.

use crate::desk::{Desk, DeskError};
use crate::i18n::{Lang, T, problem_line, tr, trf};
use anyhow::{Context, Result, bail};
use chrono::{DateTime, FixedOffset};
use clap::ValueEnum;
use std::path::{Path, PathBuf};

// The arguments of `import`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    #[arg(value_enum)]
    pub what: ImportKind,
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportKind {
    Jobs,
    Visits,
    Cards,
    Callbacks,
    /// The branch's fee standard (code, name, amount)
    Fees,
    /// The center's signed rulings on the branch's cases (a JSON file)
    Rulings,
}

pub fn run(desk: &mut Desk, args: &ImportArgs, now: DateTime<FixedOffset>) -> Result<()> {
    let ImportArgs { what, file } = args;
    if matches!(what, ImportKind::Fees | ImportKind::Rulings) {
        return import_money(desk, *what, file, now);
    }
    let bytes =
        crate::io::files::read_input(file).with_context(|| format!("{}", file.display()))?;
    let name = file.display().to_string();
    let r = match what {
        ImportKind::Jobs => desk.import_jobs(&name, &bytes, now.to_utc()),
        ImportKind::Visits => desk.import_visits(&name, &bytes, now.to_utc()),
        ImportKind::Cards => desk.import_cards(&name, &bytes, now.to_utc()),
        ImportKind::Callbacks => desk.import_callbacks(&name, &bytes, now.to_utc()),
        ImportKind::Fees | ImportKind::Rulings => unreachable!("imported above"),
    };
    match r {
        Ok(s) => {
            let lang = desk.lang;
            for c in &s.ignored_columns {
                crate::errln!("{}", trf(lang, T::CliIgnoredColumn, &[&name, c]));
            }
            crate::outln!(
                "{}",
                trf(
                    lang,
                    T::CliImported,
                    &[&name, &s.rows, &s.added, &s.unchanged]
                )
            );
            for r in &s.revisits {
                crate::outln!("{}", trf(lang, T::CliRevisitOpened, &[r]));
            }
            Ok(())
        }
        Err(e) => Err(rejected(desk.lang, e)),
    }
}

/// Prints a rejected file's problems, one line each, and the refusal.
fn rejected(lang: Lang, e: DeskError) -> anyhow::Error {
    match e {
        DeskError::Rejected {
            file,
            problems,
            ignored,
        } => {
            // Its unknown columns are named even when it is refused.
            for c in &ignored {
                crate::errln!("{}", trf(lang, T::CliIgnoredColumn, &[&file, c]));
            }
            for p in &problems {
                let line = problem_line(lang, p.line, &p.column, &p.reason);
                crate::errln!("{file}:{line}");
            }
            anyhow::anyhow!(
                "{}",
                trf(lang, T::CliImportRejected, &[&file, &problems.len()])
            )
        }
        e => e.into(),
    }
}

/// `import fees` and `import rulings`.
fn import_money(
    desk: &mut Desk,
    what: ImportKind,
    file: &Path,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let bytes =
        crate::io::files::read_input(file).with_context(|| format!("{}", file.display()))?;
    let name = file.display().to_string();
    match what {
        ImportKind::Fees => {
            let s = desk
                .import_fees(&name, &bytes, now.to_utc())
                .map_err(|e| rejected(desk.lang, e))?;
            for c in &s.ignored_columns {
                crate::errln!("{}", trf(desk.lang, T::CliIgnoredColumn, &[&name, c]));
            }
            crate::outln!(
                "{}",
                trf(
                    desk.lang,
                    T::CliFees,
                    &[&name, &s.rows, &s.added, &s.changed, &s.removed]
                )
            );
            Ok(())
        }
        ImportKind::Rulings => {
            let s = desk.import_rulings(&name, &bytes, now.to_utc())?;
            if s.applied.is_empty() {
                crate::outln!(
                    "{}",
                    trf(desk.lang, T::CliRulingsKnown, &[&name, &s.rulings])
                );
            } else {
                let ids = s
                    .applied
                    .iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut line = trf(
                    desk.lang,
                    T::CliRulingsApplied,
                    &[&name, &s.applied.len(), &ids],
                );
                if s.pinned {
                    line += tr(desk.lang, T::CliCenterKeyPinned);
                }
                crate::outln!("{line}");
            }
            Ok(())
        }
        _ => bail!("{name}: not a file this command imports"),
    }
}
