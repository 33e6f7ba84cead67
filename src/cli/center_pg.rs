//! `--db postgres://…` (or `postgresql://…`, also in `BRANCHDESK_DB`): the
//! center's commands on PostgreSQL. Every center command, `overdue`,
//! `supervise` and `config` (a center's settings) run on it; a branch
//! command is refused with one line (a branch is one SQLite file).

use super::{Cli, Command, config::ConfigArgs, globals, lang, operator, supervise::SuperviseArgs};
use crate::store::center::pg::{PgCenter, is_url};
use anyhow::{Result, bail};
use chrono::{DateTime, FixedOffset};

/// The PostgreSQL URL `--db` names, if it names one.
pub fn pg_url(cli: &Cli) -> Option<String> {
    let db = cli.db.as_ref()?.to_str()?;
    is_url(db).then(|| db.to_string())
}

/// Runs the command on the center's PostgreSQL database at `url`.
pub fn run(cli: &Cli, url: &str, now: DateTime<FixedOffset>) -> Result<()> {
    let open = || -> Result<PgCenter> {
        let mut pg = PgCenter::open(url)?;
        pg.set_operator(&operator(cli));
        Ok(pg)
    };
    match &cli.command {
        Some(Command::Center { what }) => {
            let demo_dir = dirs::data_dir()
                .unwrap_or_else(|| ".".into())
                .join("branchdesk")
                .join("center-demo-reports-pg");
            let shown = crate::store::center::pg::shown(url);
            crate::center::cli::run_on(
                &globals(cli),
                what.as_ref(),
                now,
                open()?.into(),
                &demo_dir,
                &shown,
            )
        }
        Some(Command::Overdue { json }) => {
            let mut center = crate::center::Center::new(open()?, &operator(cli))?;
            center.lang = lang(cli);
            super::status::print_overdue(&center.overdue(now.to_utc())?, *json, center.lang)
        }
        Some(Command::Supervise(SuperviseArgs { period, .. })) => {
            // The supervisor's review as text (the screen is a branch
            // database's; on PostgreSQL it is printed).
            let mut center = crate::center::Center::new(open()?, &operator(cli))?;
            center.lang = lang(cli);
            let s = center.supervision(now, (*period).into())?;
            crate::out!(
                "{}",
                super::supervise::supervise_text(&s, now.to_utc(), &center.zone, center.lang)
            );
            Ok(())
        }
        Some(Command::Config(ConfigArgs { key, value })) => {
            let mut center = crate::center::Center::new(open()?, &operator(cli))?;
            match (key, value) {
                (Some(k), Some(v)) => {
                    center.set_setting(k, v, now.to_utc())?;
                    crate::outln!("{k} = {v}");
                }
                (Some(k), None) => {
                    let v = center
                        .setting(k)?
                        .ok_or_else(|| anyhow::anyhow!("{k} is not set"))?;
                    crate::outln!("{v}");
                }
                _ => {
                    use crate::store::settings::{ACCEPT_NEW_BRANCHES, REPORTS_DIR};
                    crate::outln!("timezone = {}", center.zone.name());
                    crate::outln!(
                        "check_times = {}",
                        crate::domain::center::format_check_times(&center.check_times)
                    );
                    for k in [ACCEPT_NEW_BRANCHES, REPORTS_DIR] {
                        crate::outln!("{k} = {}", center.setting(k)?.unwrap_or_default());
                    }
                    crate::outln!("database = {}", crate::store::center::pg::shown(url));
                }
            }
            Ok(())
        }
        _ => bail!(
            "a PostgreSQL database (--db {}) holds a center: only `center …`, `overdue`, \
             `supervise` and `config` run on it; this command needs a branch's SQLite file \
             (--db FILE)",
            crate::store::center::pg::shown(url)
        ),
    }
}
