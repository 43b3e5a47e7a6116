//! Calendar dates and Thai fiscal periods.
//!
//! The Thai fiscal year runs 1 October – 30 September and is named by the Buddhist-era year in
//! which it ends (FY 2568 = October 2024 – September 2025; BE = CE + 543).
use std::fmt;

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
    fn fiscal_months_are_october_to_september() {
        let months = fiscal_year_months(2568);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], "2024-10");
        assert_eq!(months[11], "2025-09");
    }
}
