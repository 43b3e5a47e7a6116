//! Today's date in Thailand (UTC+7 all year, no daylight saving). Only days are ever stored.
use std::time::{SystemTime, UNIX_EPOCH};

use prongsai_core::Date;

const BANGKOK_OFFSET_SECS: i64 = 7 * 3600;

pub fn today() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    from_days((secs + BANGKOK_OFFSET_SECS).div_euclid(86_400))
}

/// Days since 1970-01-01 → civil date (Howard Hinnant's algorithm).
pub fn from_days(days: i64) -> Date {
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

/// Civil date → days since 1970-01-01.
pub fn to_days(d: Date) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(
            from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            from_days(20_413),
            Date {
                year: 2025,
                month: 11,
                day: 21
            }
        );
        for d in [-1000, 0, 59, 60, 11_016, 20_000, 30_000] {
            assert_eq!(to_days(from_days(d)), d);
        }
    }
}
