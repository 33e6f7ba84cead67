//! `branchdesk config [KEY [VALUE]]`: the settings.

use crate::desk::Desk;
use crate::i18n::{Lang, T, pad, tr};
use anyhow::{Result, anyhow};
use chrono::{DateTime, FixedOffset};

// The arguments of `config`.
// Its help is the doc comment of its variant in `Command`.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    pub key: Option<String>,
    pub value: Option<String>,
}

pub fn run(desk: &mut Desk, args: &ConfigArgs, now: DateTime<FixedOffset>) -> Result<()> {
    let ConfigArgs { key, value } = args;
    match (key, value) {
        (Some(k), Some(v)) => {
            desk.set_setting(k, v, now.to_utc())?;
            crate::outln!("{k} = {v}");
            Ok(())
        }
        (Some(k), None) => {
            let v = desk.setting(k)?.ok_or_else(|| anyhow!("{k} is not set"))?;
            crate::outln!("{v}");
            Ok(())
        }
        _ if desk.lang == Lang::Zh => list_zh(desk),
        _ => {
            crate::outln!("branch   = {}", desk.branch()?.unwrap_or_default());
            crate::outln!("timezone = {}", desk.zone.name());
            crate::outln!("cutoff   = {}", desk.cutoff.format("%H:%M"));
            let k = desk.store.read(crate::desk::complaints::commitments)?;
            crate::outln!("complaint_response_hours = {}", k.response_hours);
            crate::outln!("complaint_settle_days    = {}", k.settle_days);
            crate::outln!("onsite_within_hours      = {}", k.onsite_hours);
            for key in [
                crate::domain::voice::FOLLOWUP_HOURS,
                crate::domain::voice::REPEAT_DAYS,
            ] {
                let v = desk.setting(key)?;
                let v = crate::domain::voice::setting_or_default(key, v.as_deref());
                crate::outln!("{key:<24} = {v}");
            }
            crate::outln!("database = {}", desk.store.path().display());
            Ok(())
        }
    }
}

/// The settings in Chinese: each by its label, then its key (what
/// `config KEY VALUE` takes).
fn list_zh(desk: &mut Desk) -> Result<()> {
    let lang = desk.lang;
    let k = desk.store.read(crate::desk::complaints::commitments)?;
    let zone = match desk.zone.name().as_str() {
        "local" => tr(lang, T::CliZoneLocal).to_string(),
        name => name.to_string(),
    };
    let mut rows = vec![
        (
            T::CliSetBranch,
            "branch",
            desk.branch()?.unwrap_or_default(),
        ),
        (T::CliSetTimezone, "timezone", zone),
        (
            T::CliSetCutoff,
            "cutoff",
            desk.cutoff.format("%H:%M").to_string(),
        ),
        (
            T::CliSetResponseHours,
            "complaint_response_hours",
            k.response_hours.to_string(),
        ),
        (
            T::CliSetSettleDays,
            "complaint_settle_days",
            k.settle_days.to_string(),
        ),
        (
            T::CliSetOnsiteHours,
            "onsite_within_hours",
            k.onsite_hours.to_string(),
        ),
    ];
    for (t, key) in [
        (T::CliSetFollowupHours, crate::domain::voice::FOLLOWUP_HOURS),
        (T::CliSetRepeatDays, crate::domain::voice::REPEAT_DAYS),
    ] {
        let v = desk.setting(key)?;
        let v = crate::domain::voice::setting_or_default(key, v.as_deref());
        rows.push((t, key, v.to_string()));
    }
    for (t, key, v) in rows {
        crate::outln!("{} {} = {v}", pad(tr(lang, t), 14), pad(key, 24));
    }
    crate::outln!(
        "{} = {}",
        pad(tr(lang, T::CliSetDatabase), 39),
        desk.store.path().display()
    );
    Ok(())
}
