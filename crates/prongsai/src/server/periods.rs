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

/// The range every page, print and export shows when the officer chose none or only one end:
/// the current fiscal year to date. An open start is the first day of the fiscal year of the
/// end; an open end is today. A range that starts after it ends or reaches past today is
/// refused with a Thai message naming the field (nothing is shown rather than a period that
/// would print future months as empty).
pub fn resolve(from: Option<Date>, to: Option<Date>, today: Date) -> Result<(Date, Date), String> {
    let past_today = |field: &str, d: Date| {
        format!(
            "{field}: วันที่ {} เลยวันนี้ ({}) — เลือกวันที่ไม่เกินวันนี้",
            thai_date(d),
            thai_date(today)
        )
    };
    if let Some(f) = from.filter(|f| *f > today) {
        return Err(past_today("ตั้งแต่วันที่ (from)", f));
    }
    if let Some(t) = to.filter(|t| *t > today) {
        return Err(past_today("ถึงวันที่ (to)", t));
    }
    let to = to.unwrap_or(today);
    let from = from.unwrap_or_else(|| fiscal_year(to.fiscal_year()).0);
    if from > to {
        return Err(format!(
            "ถึงวันที่ (to): วันที่ {} อยู่ก่อนวันเริ่มต้น {} — วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น",
            thai_date(to),
            thai_date(from)
        ));
    }
    Ok((from, to))
}

/// `range` cut so it does not reach past `today` (a fiscal year or half still running).
pub fn up_to(range: (Date, Date), today: Date) -> Option<(Date, Date)> {
    let (from, to) = range;
    (from <= today).then(|| (from, to.min(today)))
}

/// Drops the months after `to` from the monthly breakdown: a fiscal year still running is
/// printed up to the last day shown, not with its future months as "ไม่มีผู้ตอบ".
pub fn clip_months(report: &mut Report, to: Date) {
    let last = format!("{:04}-{:02}", to.year, to.month);
    report.breakdowns.month.retain(|g| g.key <= last);
}

/// "1/10/2568": day/month/Buddhist-era year, the way officers write dates.
fn thai_date(d: Date) -> String {
    format!("{}/{}/{}", d.day, d.month, d.year + 543)
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

    #[test]
    fn default_is_the_fiscal_year_to_date_and_never_past_today() {
        let today = d("2026-12-02");
        assert_eq!(resolve(None, None, today), Ok((d("2026-10-01"), today)));
        assert_eq!(
            resolve(Some(d("2025-01-01")), None, today),
            Ok((d("2025-01-01"), today))
        );
        assert_eq!(
            resolve(None, Some(d("2025-03-31")), today),
            Ok((d("2024-10-01"), d("2025-03-31")))
        );
        let future = resolve(None, Some(d("2027-09-30")), today).unwrap_err();
        assert!(
            future.contains("ถึงวันที่ (to)") && future.contains("30/9/2570"),
            "{future}"
        );
        let future = resolve(Some(d("2026-12-03")), None, today).unwrap_err();
        assert!(future.contains("ตั้งแต่วันที่ (from)"), "{future}");
        let reversed = resolve(Some(d("2025-05-01")), Some(d("2025-04-01")), today).unwrap_err();
        assert!(reversed.contains("ถึงวันที่ (to)") && reversed.contains("ก่อนวันเริ่มต้น"));
        assert_eq!(
            up_to(fiscal_year(2570), today),
            Some((d("2026-10-01"), today))
        );
        assert_eq!(up_to(fiscal_half(2570, 2), today), None);
    }
}
