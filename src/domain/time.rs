//! Time zones, parsing and day arithmetic. Instants are `Ts` (UTC); local
//! time is the branch's zone, which is a setting or the machine's `TZ`.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};

/// An unambiguous instant. Stored as Unix seconds.
pub type Ts = DateTime<Utc>;

/// The machine's zone as an IANA zone, when `TZ` names one: read once,
/// since chrono's `Local` looks `TZ` up again on every conversion (a sixth
/// of reading a large jobs file went into that).
fn machine_tz() -> Option<chrono_tz::Tz> {
    static TZ: std::sync::OnceLock<Option<chrono_tz::Tz>> = std::sync::OnceLock::new();
    *TZ.get_or_init(|| {
        std::env::var("TZ")
            .ok()
            .and_then(|v| v.trim_start_matches(':').parse().ok())
    })
}

/// The branch's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The machine's zone (`TZ`, else the system setting).
    Machine,
    /// A named IANA zone stored as a database setting, e.g. `Asia/Shanghai`.
    Named(chrono_tz::Tz),
    /// A fixed offset, mostly for tests.
    Fixed(FixedOffset),
}

impl Zone {
    pub fn parse(name: &str) -> Result<Zone, String> {
        let name = name.trim();
        if name.is_empty() || name.eq_ignore_ascii_case("local") {
            return Ok(Zone::Machine);
        }
        if let Ok(tz) = name.parse::<chrono_tz::Tz>() {
            return Ok(Zone::Named(tz));
        }
        // "+08:00" style offsets.
        if let Ok(dt) = DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{name}")) {
            return Ok(Zone::Fixed(*dt.offset()));
        }
        Err(format!(
            "unknown time zone {name:?} (use an IANA name such as Asia/Shanghai, or +08:00)"
        ))
    }

    /// The instant shown in local time, with its offset.
    pub fn local(&self, ts: Ts) -> DateTime<FixedOffset> {
        match self {
            Zone::Machine => match machine_tz() {
                Some(tz) => ts.with_timezone(&tz).fixed_offset(),
                None => ts.with_timezone(&chrono::Local).fixed_offset(),
            },
            Zone::Named(tz) => ts.with_timezone(tz).fixed_offset(),
            Zone::Fixed(off) => ts.with_timezone(off),
        }
    }

    pub fn date_of(&self, ts: Ts) -> NaiveDate {
        self.local(ts).date_naive()
    }

    /// Local wall-clock time to an instant. A time skipped by a DST change is
    /// an error; an ambiguous one takes the earlier instant.
    pub fn resolve(&self, naive: NaiveDateTime) -> Result<Ts, String> {
        let r: LocalResult<DateTime<FixedOffset>> = match self {
            Zone::Machine => match machine_tz() {
                Some(tz) => tz.from_local_datetime(&naive).map(|d| d.fixed_offset()),
                None => chrono::Local
                    .from_local_datetime(&naive)
                    .map(|d| d.fixed_offset()),
            },
            Zone::Named(tz) => tz.from_local_datetime(&naive).map(|d| d.fixed_offset()),
            Zone::Fixed(off) => off.from_local_datetime(&naive),
        };
        match r {
            LocalResult::Single(d) => Ok(d.with_timezone(&Utc)),
            LocalResult::Ambiguous(a, _) => Ok(a.with_timezone(&Utc)),
            LocalResult::None => Err(format!("{naive} does not exist in local time")),
        }
    }

    /// Start of a local day, as an instant.
    pub fn day_start(&self, date: NaiveDate) -> Ts {
        let mut t = date.and_time(NaiveTime::MIN);
        // A zone whose midnight is skipped starts its day a little later.
        for _ in 0..4 {
            if let Ok(ts) = self.resolve(t) {
                return ts;
            }
            t += chrono::Duration::minutes(30);
        }
        Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
    }

    /// `[start, end)` of a local day.
    pub fn day_bounds(&self, date: NaiveDate) -> (Ts, Ts) {
        (
            self.day_start(date),
            self.day_start(date.succ_opt().unwrap_or(date)),
        )
    }

    /// A local time of day on a date (e.g. the 17:00 cut-off).
    pub fn at(&self, date: NaiveDate, time: NaiveTime) -> Ts {
        self.resolve(date.and_time(time))
            .unwrap_or_else(|_| self.day_start(date) + (time - NaiveTime::MIN))
    }

    pub fn name(&self) -> String {
        match self {
            Zone::Machine => "local".into(),
            Zone::Named(tz) => tz.name().into(),
            Zone::Fixed(off) => off.fix().to_string(),
        }
    }
}

/// RFC 3339 with the local offset, e.g. `2026-11-23T16:00:00+08:00`.
pub fn rfc3339(zone: &Zone, ts: Ts) -> String {
    zone.local(ts)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `YYYY-MM-DD HH:MM` in local time, for people.
pub fn short(zone: &Zone, ts: Ts) -> String {
    zone.local(ts).format("%Y-%m-%d %H:%M").to_string()
}

pub fn hhmm(zone: &Zone, ts: Ts) -> String {
    zone.local(ts).format("%H:%M").to_string()
}

/// Parses an instant: RFC 3339 (with its own offset) or a local
/// `YYYY-MM-DD HH:MM[:SS]` (also with `T` or `/`).
pub fn parse_instant(s: &str, zone: &Zone) -> Result<Ts, String> {
    let s = s.trim();
    // The common case of the dispatch files, read without a format string.
    if let Some(n) = fixed_local(s) {
        return zone.resolve(n);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Ok(d.with_timezone(&Utc));
    }
    if let Some(d) = s
        .get(10..11)
        .filter(|c| *c == " ")
        .and_then(|_| DateTime::parse_from_rfc3339(&format!("{}T{}", &s[..10], &s[11..])).ok())
    {
        return Ok(d.with_timezone(&Utc));
    }
    let norm = s.replace('/', "-").replace('T', " ");
    for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .into_iter()
        .filter(|_| four_digit_year(&norm))
    {
        if let Ok(n) = NaiveDateTime::parse_from_str(&norm, fmt) {
            return zone.resolve(n);
        }
    }
    Err(format!(
        "{s:?} is not a valid time (use RFC 3339 or YYYY-MM-DD HH:MM)"
    ))
}

/// The digits of `s` from `at`, `n` of them, as a number.
fn digits(s: &[u8], at: usize, n: usize) -> Option<u32> {
    s.get(at..at + n)?.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Exactly `YYYY-MM-DD`, a real date.
fn fixed_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(b, 0, 4)? as i32, digits(b, 5, 2)?, digits(b, 8, 2)?)
}

/// Exactly `YYYY-MM-DD HH:MM`, a real date and time of day.
fn fixed_local(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() != 16 || b[10] != b' ' || b[13] != b':' {
        return None;
    }
    let time = NaiveTime::from_hms_opt(digits(b, 11, 2)?, digits(b, 14, 2)?, 0)?;
    Some(fixed_date(s.get(..10)?)?.and_time(time))
}

/// Whether `s` begins with a year of four digits and a `-` (chrono's `%Y`
/// alone reads `25-1-1` as the year 25).
fn four_digit_year(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

/// Parses a calendar date `YYYY-MM-DD` (or `YYYY/MM/DD`; month and day may
/// have one digit, the year has four).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    if let Some(d) = fixed_date(s) {
        return Ok(d);
    }
    let norm = s.replace('/', "-");
    four_digit_year(&norm)
        .then(|| NaiveDate::parse_from_str(&norm, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("{s:?} is not a valid date (use YYYY-MM-DD)"))
}

/// The years a date or time read from outside may fall in (SPEC, *Fine
/// points*): a year-9999 visit would make every later report unreadable.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

/// A date read from outside: refused outside [`YEARS`].
pub fn plausible_date(d: NaiveDate) -> Result<NaiveDate, String> {
    use chrono::Datelike;
    if YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(format!(
            "{d}: outside the years {}–{}",
            YEARS.start(),
            YEARS.end()
        ))
    }
}

/// An instant read from outside: its local date must be in [`YEARS`].
pub fn plausible_instant(t: Ts, zone: &Zone) -> Result<Ts, String> {
    plausible_date(zone.date_of(t)).map(|_| t)
}

/// How far after now a reported time may be (clocks differ a little).
pub const FUTURE_SLACK_MINUTES: i64 = 5;

/// A time that has happened (a visit's arrival or finish, a card's return):
/// refused when more than [`FUTURE_SLACK_MINUTES`] after `now`.
pub fn not_in_future(t: Ts, now: Ts, zone: &Zone) -> Result<Ts, String> {
    if t > now + chrono::Duration::minutes(FUTURE_SLACK_MINUTES) {
        Err(format!(
            "{} is in the future (now is {}): it cannot have happened yet",
            short(zone, t),
            short(zone, now)
        ))
    } else {
        Ok(t)
    }
}

/// Parses a time of day `HH:MM`.
pub fn parse_hhmm(s: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| format!("{s:?} is not a time of day (use HH:MM)"))
}

pub fn from_unix(secs: i64) -> Ts {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// Fixed-zone helpers for tests: China Standard Time, and `t("2026-11-23
/// 09:00")` for an instant in it.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    pub fn zone() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(8 * 3600).expect("valid offset"))
    }

    pub fn t(s: &str) -> Ts {
        parse_instant(s, &zone()).expect("a test time")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path agrees with the format-string path, and leaves every
    /// other spelling (and every impossible date) to it.
    #[test]
    fn fixed_width_times_and_dates_read_as_the_formats_do() {
        for s in ["2026-11-23 09:30", "2024-02-29 23:59", "1999-01-01 00:00"] {
            let slow = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
            assert_eq!(fixed_local(s), Some(slow));
        }
        for s in [
            "2026-02-30 09:30",
            "2026-11-23 24:00",
            "2026-11-23 9:30",
            "2026-11-23T09:30",
            "2026-1x-23 09:30",
        ] {
            assert_eq!(fixed_local(s), None, "{s}");
        }
        assert_eq!(
            fixed_date("2026-11-23"),
            NaiveDate::from_ymd_opt(2026, 11, 23)
        );
        assert_eq!(fixed_date("2026-13-01"), None);
        assert!(
            parse_date("2026-02-30")
                .unwrap_err()
                .contains("not a valid date")
        );
        assert!(parse_instant("2026-02-30 09:30", &cst()).is_err());
    }

    fn cst() -> Zone {
        Zone::parse("Asia/Shanghai").unwrap()
    }

    #[test]
    fn local_and_rfc3339_times_parse_to_the_same_instant() {
        let a = parse_instant("2026-11-23 09:30", &cst()).unwrap();
        let b = parse_instant("2026-11-23T09:30:00+08:00", &cst()).unwrap();
        let c = parse_instant("2026/11/23 09:30:00", &cst()).unwrap();
        let d = parse_instant("2026-11-23T01:30:00Z", &Zone::Machine).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a, d);
        assert_eq!(rfc3339(&cst(), a), "2026-11-23T09:30:00+08:00");
    }

    #[test]
    fn impossible_dates_and_garbage_are_rejected() {
        assert!(parse_instant("2026-02-30 10:00", &cst()).is_err());
        assert!(parse_instant("2026-11-23 25:00", &cst()).is_err());
        assert!(parse_instant("tomorrow", &cst()).is_err());
        assert!(parse_date("2026-02-30").is_err());
        assert_eq!(
            parse_date("2026/02/28").unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
    }

    #[test]
    fn a_skipped_local_time_is_an_error_and_day_bounds_follow_the_zone() {
        let ny = Zone::parse("America/New_York").unwrap();
        assert!(parse_instant("2026-03-08 02:30", &ny).is_err());
        let (s, e) = cst().day_bounds(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(
            rfc3339(&Zone::Fixed(FixedOffset::east_opt(0).unwrap()), s),
            "2026-11-22T16:00:00Z"
        );
        assert_eq!((e - s).num_hours(), 24);
    }

    #[test]
    fn zones_parse_by_name_or_offset() {
        assert!(matches!(Zone::parse("+08:00"), Ok(Zone::Fixed(_))));
        assert!(matches!(Zone::parse(""), Ok(Zone::Machine)));
        assert!(Zone::parse("Mars/Olympus").is_err());
    }
}
