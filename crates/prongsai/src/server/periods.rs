//! Date ranges of Thai fiscal periods, and which period a results page or report compares with.
//!
//! The fiscal year (ปีงบประมาณ) runs 1 October – 30 September and is named by the Buddhist-era
//! year in which it ends; its first half is October – March, its second April – September.
use prongsai_core::period::days_in_month;
use prongsai_core::{Date, Report};

/// First and last day of fiscal year `fy` (Buddhist era).
pub fn fiscal_year(fy: i32) -> (Date, Date) {
    let end_ce = fy - 543;
    (
        Date {
            year: end_ce - 1,
            month: 10,
            day: 1,
        },
        Date {
            year: end_ce,
            month: 9,
            day: 30,
        },
    )
}

/// First and last day of half `half` (1 or 2) of fiscal year `fy`.
pub fn fiscal_half(fy: i32, half: u32) -> (Date, Date) {
    let end_ce = fy - 543;
    if half == 1 {
        (
            Date {
                year: end_ce - 1,
                month: 10,
                day: 1,
            },
            Date {
                year: end_ce,
                month: 3,
                day: 31,
            },
        )
    } else {
        (
            Date {
                year: end_ce,
                month: 4,
                day: 1,
            },
            Date {
                year: end_ce,
                month: 9,
                day: 30,
            },
        )
    }
}

/// The half before `(fy, half)`.
pub fn previous_half(fy: i32, half: u32) -> (i32, u32) {
    if half == 2 {
        (fy, 1)
    } else {
        (fy - 1, 2)
    }
}

pub fn month_end(year: i32, month: u32) -> Date {
    Date {
        year,
        month,
        day: days_in_month(year, month),
    }
}

fn add_days(d: Date, n: i64) -> Date {
    d.add_days(n)
}

/// The day the comparisons are made around: the end of the chosen range, else the end of the
/// last month with responses, else today.
pub fn reference(to: Option<Date>, report: &Report, today: Date) -> Date {
    if let Some(t) = to {
        return t;
    }
    report
        .breakdowns
        .month
        .iter()
        .rev()
        .find(|g| g.suppressed || g.n.unwrap_or(0) > 0)
        .and_then(|g| {
            let (y, m) = g.key.split_once('-')?;
            Some(month_end(y.parse().ok()?, m.parse().ok()?))
        })
        .map(|d| d.min(today))
        .unwrap_or(today)
}

/// What a range is, for labels and for choosing the period to compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeKind {
    FiscalYear(i32),
    Half(i32, u32),
    Other,
}

pub fn kind(from: Date, to: Date) -> RangeKind {
    let fy = from.fiscal_year();
    if (from, to) == fiscal_year(fy) {
        return RangeKind::FiscalYear(fy);
    }
    for h in [1, 2] {
        if (from, to) == fiscal_half(fy, h) {
            return RangeKind::Half(fy, h);
        }
    }
    RangeKind::Other
}

/// The period a report over `from..=to` is compared with: the fiscal year or half before, else
/// the range of the same length right before it.
pub fn previous(from: Date, to: Date) -> (Date, Date) {
    match kind(from, to) {
        RangeKind::FiscalYear(fy) => fiscal_year(fy - 1),
        RangeKind::Half(fy, h) => {
            let (pf, ph) = previous_half(fy, h);
            fiscal_half(pf, ph)
        }
        RangeKind::Other => {
            let len = from.days_until(to);
            let end = add_days(from, -1);
            (add_days(end, -len), end)
        }
    }
}

/// The same range one year earlier (29 February becomes 28 February).
pub fn year_before(from: Date, to: Date) -> (Date, Date) {
    let back = |d: Date| {
        let year = d.year - 1;
        Date {
            year,
            month: d.month,
            day: d.day.min(days_in_month(year, d.month)),
        }
    };
    (back(from), back(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn fiscal_ranges() {
        assert_eq!(fiscal_year(2568), (d("2024-10-01"), d("2025-09-30")));
        assert_eq!(fiscal_half(2568, 1), (d("2024-10-01"), d("2025-03-31")));
        assert_eq!(fiscal_half(2568, 2), (d("2025-04-01"), d("2025-09-30")));
        assert_eq!(previous_half(2568, 1), (2567, 2));
        assert_eq!(previous_half(2568, 2), (2568, 1));
    }

    #[test]
    fn previous_periods() {
        assert_eq!(
            previous(d("2024-10-01"), d("2025-09-30")),
            fiscal_year(2567)
        );
        assert_eq!(
            previous(d("2025-04-01"), d("2025-09-30")),
            fiscal_half(2568, 1)
        );
        assert_eq!(
            previous(d("2024-10-01"), d("2025-03-31")),
            fiscal_half(2567, 2)
        );
        assert_eq!(
            previous(d("2025-01-11"), d("2025-01-20")),
            (d("2025-01-01"), d("2025-01-10"))
        );
        assert_eq!(
            year_before(d("2024-02-29"), d("2024-03-31")),
            (d("2023-02-28"), d("2023-03-31"))
        );
    }
}
