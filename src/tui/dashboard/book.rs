//! The dashboard's *to book* list (`b`, panel 6): the open jobs not on
//! today's list that wait for an appointment or a visit (`open_jobs`),
//! longest waiting first, with the customer's phone, so that the clerk can
//! ring each one in the morning and book it (`v`: a reschedule with the new
//! window takes it off the list).

use crate::desk::StatusReport;
use crate::domain::time::Ts;
use crate::i18n::{Lang, T, trf};

/// The rows shown (indexes into `open_jobs`, already longest waiting
/// first), filtered by job number, customer, phone, engineer or reason.
pub(super) fn rows(r: &StatusReport, needle: &str) -> Vec<usize> {
    (0..r.open_jobs.len())
        .filter(|&i| {
            let j = &r.open_jobs[i];
            needle.is_empty()
                || [
                    j.job_no.as_str(),
                    j.customer.as_str(),
                    j.phone.as_str(),
                    j.engineer.as_str(),
                    j.reason.code(),
                ]
                .iter()
                .any(|s| s.to_lowercase().contains(needle))
        })
        .collect()
}

/// How long a job has waited: `2d 3h`, or `5h 07m` under a day.
pub fn waited(lang: Lang, since: Ts, now: Ts) -> String {
    let minutes = (now - since).num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        trf(lang, T::WaitedDays, &[&days, &hours])
    } else {
        trf(lang, T::WaitedHours, &[&hours, &format!("{mins:02}")])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::t;

    #[test]
    fn waiting_time_in_days_or_hours() {
        let now = t("2026-11-25 09:30");
        assert_eq!(waited(Lang::En, t("2026-11-23 08:00"), now), "2d 1h");
        assert_eq!(waited(Lang::En, t("2026-11-25 04:23"), now), "5h 07m");
        assert_eq!(waited(Lang::Zh, t("2026-11-23 08:00"), now), "2天1小时");
        assert_eq!(waited(Lang::En, now, t("2026-11-25 09:00")), "0h 00m");
    }
}
