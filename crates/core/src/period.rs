//! Calendar dates and Thai fiscal periods.
//!
//! The Thai fiscal year runs 1 October – 30 September and is named by the Buddhist-era year in
//! which it ends (FY 2568 = October 2024 – September 2025; BE = CE + 543).
//!
//! "Today" is always today in Bangkok (UTC+7 all year, no daylight saving): the agencies are in
//! Thailand whatever the server's time zone. The caller passes the clock's reading, so this crate
//! stays pure (and usable in the browser, where there is no system clock).
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (proleptic Gregorian, CE), day precision only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD` and checks that the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let year = digits(0..4)? as i32;
        let month = digits(5..7)?;
        let day = digits(8..10)?;
        let date = Date { year, month, day };
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) {
            Some(date)
        } else {
            None
        }
    }

    /// Today's date in Bangkok at `now`.
    pub fn today_bangkok(now: SystemTime) -> Date {
        let secs = match now.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 2),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX / 2),
        };
        Date::today_bangkok_from_unix(secs)
    }

    /// Today's date in Bangkok at `secs` seconds since 1970-01-01 00:00 UTC.
    pub fn today_bangkok_from_unix(secs: i64) -> Date {
        Date::from_days_since_epoch(secs.saturating_add(BANGKOK_OFFSET_SECS).div_euclid(86_400))
    }

    /// Days since 1970-01-01 → calendar date (Howard Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Calendar date → days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `n` days later (earlier when `n` is negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// Parses a date as Thai officers write it: `d/m/yyyy` with the Buddhist-era year
    /// ("1/10/2568", "01/10/2568"), or `YYYY-MM-DD` (Common era). Checks that the day exists.
    pub fn parse_thai(s: &str) -> Option<Date> {
        let s = s.trim();
        if let Some(d) = Date::parse(s) {
            return Some(d);
        }
        let mut parts = s.split('/');
        let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let num = |p: &str, max_len: usize| -> Option<u32> {
            (!p.is_empty() && p.len() <= max_len && p.bytes().all(|c| c.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let (day, month) = (num(day, 2)?, num(month, 2)?);
        let year_be = num(year, 4).filter(|_| year.len() == 4)?;
        // Buddhist-era years only: a Common-era year here is a typing slip, not a date in 1482.
        if !(2400..=2800).contains(&year_be) {
            return None;
        }
        let year = year_be as i32 - 543;
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// The Thai fiscal year (Buddhist era) this date falls in.
    pub fn fiscal_year(self) -> i32 {
        self.year + 543 + if self.month >= 10 { 1 } else { 0 }
    }

    /// 1 = October–March, 2 = April–September.
    pub fn fiscal_half(self) -> u32 {
        if self.month >= 10 || self.month <= 3 {
            1
        } else {
            2
        }
    }

    /// 1 = Oct–Dec, 2 = Jan–Mar, 3 = Apr–Jun, 4 = Jul–Sep.
    pub fn fiscal_quarter(self) -> u32 {
        match self.month {
            10..=12 => 1,
            1..=3 => 2,
            4..=6 => 3,
            _ => 4,
        }
    }

    /// Period keys used in breakdowns: `fy:2568`, `half:2568-1`, `quarter:2568-2`, `month:2024-10`.
    pub fn period_keys(self) -> [String; 4] {
        let fy = self.fiscal_year();
        [
            format!("fy:{fy}"),
            format!("half:{fy}-{}", self.fiscal_half()),
            format!("quarter:{fy}-{}", self.fiscal_quarter()),
            format!("month:{:04}-{:02}", self.year, self.month),
        ]
    }
}

/// Thailand's offset from UTC, all year.
const BANGKOK_OFFSET_SECS: i64 = 7 * 3600;

/// The months (`YYYY-MM`, CE) of a Thai fiscal year, October first.
pub fn fiscal_year_months(fiscal_year_be: i32) -> Vec<String> {
    let start = fiscal_year_be - 543 - 1;
    (10..=12)
        .map(|m| format!("{start:04}-{m:02}"))
        .chain((1..=9).map(|m| format!("{:04}-{m:02}", start + 1)))
        .collect()
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a date YYYY-MM-DD")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_starts_in_october() {
        let d = |s| Date::parse(s).expect("valid date");
        assert_eq!(d("2024-09-30").fiscal_year(), 2567);
        assert_eq!(d("2024-10-01").fiscal_year(), 2568);
        assert_eq!(d("2025-09-30").fiscal_year(), 2568);
        assert_eq!(d("2024-10-01").fiscal_quarter(), 1);
        assert_eq!(d("2025-01-15").fiscal_quarter(), 2);
        assert_eq!(d("2025-03-31").fiscal_half(), 1);
        assert_eq!(d("2025-04-01").fiscal_half(), 2);
        assert_eq!(d("2025-07-01").fiscal_quarter(), 4);
    }

    #[test]
    fn thai_dates_with_buddhist_era_years() {
        let d = |s| Date::parse(s).expect("valid date");
        assert_eq!(Date::parse_thai("1/10/2568"), Some(d("2025-10-01")));
        assert_eq!(Date::parse_thai(" 01/10/2568 "), Some(d("2025-10-01")));
        assert_eq!(Date::parse_thai("2025-10-01"), Some(d("2025-10-01")));
        assert_eq!(Date::parse_thai("29/2/2567"), Some(d("2024-02-29")));
        assert_eq!(Date::parse_thai("29/2/2568"), None);
        assert_eq!(
            Date::parse_thai("10/01/2025"),
            None,
            "CE year in a BE field"
        );
        assert_eq!(Date::parse_thai("1/13/2568"), None);
        assert_eq!(Date::parse_thai("1/10/68"), None);
        assert_eq!(Date::parse_thai("1/10/2568/1"), None);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("2024-1-01").is_none());
        assert!(Date::parse("2024-01-01T10:00").is_none());
        assert!(Date::parse("๒๕๖๘-01-01").is_none());
    }

    #[test]
    fn day_arithmetic_round_trips_across_months_years_and_leap_days() {
        let d = |s| Date::parse(s).expect("valid date");
        assert_eq!(Date::from_days_since_epoch(0), d("1970-01-01"));
        assert_eq!(Date::from_days_since_epoch(20_413), d("2025-11-21"));
        assert_eq!(d("2025-11-21").days_since_epoch(), 20_413);
        for n in [-800_000, -1000, -1, 0, 59, 60, 11_016, 20_000, 30_000] {
            assert_eq!(Date::from_days_since_epoch(n).days_since_epoch(), n);
        }
        assert_eq!(d("2024-02-28").add_days(1), d("2024-02-29"));
        assert_eq!(d("2025-02-28").add_days(1), d("2025-03-01"));
        assert_eq!(d("2025-01-01").add_days(-1), d("2024-12-31"));
        assert_eq!(d("2026-12-02").add_days(-60), d("2026-10-03"));
        assert_eq!(d("2026-10-03").days_until(d("2026-12-02")), 60);
        assert_eq!(d("0000-01-01").days_until(d("0000-01-02")), 1);
    }

    #[test]
    fn today_is_today_in_bangkok_not_utc() {
        let d = |s| Date::parse(s).expect("valid date");
        // 2026-12-01 16:59:59 UTC = 23:59:59 in Bangkok; one second later it is 2 December there.
        let before_midnight = 1_796_144_399;
        assert_eq!(
            Date::today_bangkok_from_unix(before_midnight),
            d("2026-12-01")
        );
        assert_eq!(
            Date::today_bangkok_from_unix(before_midnight + 1),
            d("2026-12-02")
        );
        // 00:30 UTC on 2 December is 07:30 the same day in Bangkok.
        assert_eq!(
            Date::today_bangkok_from_unix(1_796_171_400),
            d("2026-12-02")
        );
        let now = UNIX_EPOCH + std::time::Duration::from_secs(before_midnight as u64 + 1);
        assert_eq!(Date::today_bangkok(now), d("2026-12-02"));
        assert_eq!(
            Date::today_bangkok(UNIX_EPOCH - std::time::Duration::from_secs(8 * 3600)),
            d("1969-12-31")
        );
    }

    #[test]
    fn fiscal_months_are_october_to_september() {
        let months = fiscal_year_months(2568);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], "2024-10");
        assert_eq!(months[11], "2025-09");
    }
}
