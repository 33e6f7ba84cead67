//! issue 25: `import fees`, `import rulings`, `case …`, `delay`, `informed`
//! and the center's `cases`, `rule`, `key`, `export rulings`: thin glue
//! between the command line and the desk.

use crate::cli::ImportKind;
use crate::desk::{Desk, DeskError};
use anyhow::{Context, Result, bail};
use chrono::{DateTime, FixedOffset};
use std::path::Path;

/// Prints a rejected file's problems, one line each, and the refusal.
fn rejected(e: DeskError) -> anyhow::Error {
    match e {
        DeskError::Rejected { file, problems } => {
            for p in &problems {
                eprintln!("{file}:{p}");
            }
            anyhow::anyhow!(
                "{file}: rejected, {} problem(s); nothing was imported",
                problems.len()
            )
        }
        e => e.into(),
    }
}

pub fn import(
    desk: &mut Desk,
    what: ImportKind,
    file: &Path,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("{}", file.display()))?;
    let name = file.display().to_string();
    match what {
        ImportKind::Fees => {
            let s = desk
                .import_fees(&name, &bytes, now.to_utc())
                .map_err(rejected)?;
            println!(
                "{name}: fee standard of {} codes ({} added, {} changed, {} removed)",
                s.rows, s.added, s.changed, s.removed
            );
            Ok(())
        }
        _ => bail!("{name}: not a file this command imports"),
    }
}
