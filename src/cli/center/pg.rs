//! `--db postgres://…` (or `postgresql://…`, also in `BRANCHDESK_DB`): the
//! center's commands on PostgreSQL. Every center command, `overdue`,
//! `supervise`, `config` (a center's settings) and `audit verify` run on it; a branch
//! command is refused with one line (a branch is one SQLite file).

use super::{CenterCommand, Globals};
use crate::center::CenterError;
use crate::domain::scorecard::Period;
use crate::store::center::pg::{PgCenter, is_url};
use anyhow::Result;
use chrono::{DateTime, FixedOffset};

/// The PostgreSQL URL `--db` names, if it names one.
pub fn pg_url(db: Option<&std::path::Path>) -> Option<String> {
    let db = db?.to_str()?;
    is_url(db).then(|| db.to_string())
}

/// What the command line asks of a center on PostgreSQL.
pub enum PgCommand<'a> {
    Center(Option<&'a CenterCommand>),
    Overdue {
        json: bool,
    },
    Supervise(Period),
    Config {
        key: Option<&'a str>,
        value: Option<&'a str>,
    },
    /// `audit verify`: the center's own trail.
    AuditVerify,
    /// A branch command: refused.
    Branch,
}

/// Runs the command on the center's PostgreSQL database at `url`.
pub fn run(g: &Globals, url: &str, what: PgCommand, now: DateTime<FixedOffset>) -> Result<()> {
    let open = || -> Result<PgCenter> {
        let mut pg = PgCenter::open(url)?;
        pg.set_operator(&g.operator);
        Ok(pg)
    };
    match what {
        PgCommand::Center(what) => {
            let demo_dir = dirs::data_dir()
                .unwrap_or_else(|| ".".into())
                .join("branchdesk")
                .join("center-demo-reports-pg");
            let shown = crate::store::center::pg::shown(url);
            super::run_on(g, what, now, open()?.into(), &demo_dir, &shown)
        }
        PgCommand::Overdue { json } => {
            let mut center = crate::center::Center::new(open()?, &g.operator)?;
            center.lang = g.lang;
            crate::cli::status::print_overdue(&center.overdue(now.to_utc())?, json, center.lang)
        }
        PgCommand::Supervise(period) => {
            // The supervisor's screen on a terminal, else the same review
            // as text.
            let mut center = crate::center::Center::new(open()?, &g.operator)?;
            center.lang = g.lang;
            if crate::tui::on_terminal() {
                crate::tui::set_mouse(center.setting(crate::store::settings::MOUSE)?.as_deref());
                return crate::tui::supervise::run(&mut center, g.lang, now, period);
            }
            let s = center.supervision(now, period)?;
            crate::cli::supervise::print_supervise_text(
                &s,
                now.to_utc(),
                &center.zone,
                center.lang,
            );
            Ok(())
        }
        PgCommand::Config { key, value } => {
            let mut center = crate::center::Center::new(open()?, &g.operator)?;
            match (key, value) {
                (Some(k), Some(v)) => {
                    center.set_setting(k, v, now.to_utc())?;
                    crate::outln!("{k} = {v}");
                }
                (Some(k), None) => {
                    let v = center
                        .setting(k)?
                        .ok_or_else(|| CenterError::NotSet(k.to_string()))?;
                    crate::outln!("{v}");
                }
                _ => {
                    center.lang = g.lang;
                    let shown = crate::store::center::pg::shown(url);
                    crate::out!("{}", super::config_text(&mut center, &shown)?);
                }
            }
            Ok(())
        }
        PgCommand::AuditVerify => {
            let v = open()?.verify_trail()?;
            if !v.is_intact() {
                anyhow::bail!(
                    "{}: {}",
                    crate::store::center::pg::shown(url),
                    crate::i18n::said(g.lang, &v.to_string())
                );
            }
            crate::outln!("{}", crate::i18n::said(g.lang, &v.to_string()));
            Ok(())
        }
        PgCommand::Branch => {
            Err(CenterError::BranchCommandOnPg(crate::store::center::pg::shown(url)).into())
        }
    }
}
