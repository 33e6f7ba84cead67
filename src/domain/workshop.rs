//! Workshop repairs (拉修): the machine comes back within `workshop_days`
//! working days (Monday–Friday, less the branch's holidays), counted from
//! the day after the visit. A later agreed date is accepted but marked.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The setting: working days a workshop repair may take (default 5).
pub const WORKSHOP_DAYS: &str = "workshop_days";
/// The setting: dates that are not working days, `YYYY-MM-DD` comma-separated.
pub const HOLIDAYS: &str = "holidays";
pub const DEFAULT_WORKSHOP_DAYS: u32 = 5;

/// The rules in force at a branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workshop {
    pub days: u32,
    pub holidays: BTreeSet<NaiveDate>,
}

impl Default for Workshop {
    fn default() -> Self {
        Workshop {
            days: DEFAULT_WORKSHOP_DAYS,
            holidays: BTreeSet::new(),
        }
    }
}

pub fn parse_days(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if (1..=60).contains(&n) => Ok(n),
        _ => Err(format!(
            "{WORKSHOP_DAYS}: {s:?} is not a number of working days from 1 to 60"
        )),
    }
}

/// `2026-10-01,2026-10-02` (blank: none).
pub fn parse_holidays(s: &str) -> Result<BTreeSet<NaiveDate>, String> {
    s.split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .ok()
                .filter(|x| (2000..=2099).contains(&x.year()))
                .ok_or_else(|| format!("{HOLIDAYS}: {d:?} is not a date YYYY-MM-DD"))
        })
        .collect()
}

impl Workshop {
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// The last day the machine may come back: the `days`-th working day
    /// after `visit_day` (the visit's own day never counts).
    pub fn return_limit(&self, visit_day: NaiveDate) -> NaiveDate {
        let mut d = visit_day;
        let mut left = self.days;
        // A year of holidays at most: the loop always ends.
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

/// An agreed return date past the limit.
pub fn over_limit(return_due: Option<NaiveDate>, limit: Option<NaiveDate>) -> bool {
    matches!((return_due, limit), (Some(d), Some(l)) if d > l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn five_working_days_start_the_day_after_the_visit_and_skip_the_weekend() {
        let w = Workshop::default();
        // Monday 2026-11-23: Tue..Fri are 4, the next Monday the 5th.
        assert_eq!(w.return_limit(d("2026-11-23")), d("2026-11-30"));
        // Friday: Mon..Fri of the next week.
        assert_eq!(w.return_limit(d("2026-11-27")), d("2026-12-04"));
        // A visit on Saturday counts from Monday.
        assert_eq!(w.return_limit(d("2026-11-28")), d("2026-12-04"));
        let one = Workshop {
            days: 1,
            ..Workshop::default()
        };
        assert_eq!(one.return_limit(d("2026-11-27")), d("2026-11-30"));
    }

    #[test]
    fn holidays_are_not_working_days() {
        let w = Workshop {
            days: 5,
            holidays: parse_holidays("2026-11-25, 2026-11-30").unwrap(),
        };
        // Mon 23: Tue 24, (Wed 25 off), Thu 26, Fri 27, (weekend), (Mon 30
        // off), Tue 1, Wed 2.
        assert_eq!(w.return_limit(d("2026-11-23")), d("2026-12-02"));
        assert!(parse_holidays("").unwrap().is_empty());
        assert!(parse_holidays("2026-13-01").is_err());
        assert!(parse_holidays("1999-01-01").is_err());
        assert_eq!(parse_days("5"), Ok(5));
        assert!(parse_days("0").is_err());
        assert!(parse_days("x").is_err());
    }

    #[test]
    fn a_later_date_is_over_the_limit_the_limit_itself_is_not() {
        let limit = Some(d("2026-11-30"));
        assert!(!over_limit(Some(d("2026-11-30")), limit));
        assert!(over_limit(Some(d("2026-12-01")), limit));
        assert!(!over_limit(Some(d("2026-11-25")), limit));
        assert!(!over_limit(None, limit));
    }
}
