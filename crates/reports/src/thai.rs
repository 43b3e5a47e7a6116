//! Thai calendar and number formatting for documents: Buddhist-era dates, Thai month names,
//! fiscal-period labels, numbers rounded for display, and optional Thai digits.
//!
//! The Thai fiscal year runs 1 October – 30 September and is named by the Buddhist-era year in
//! which it ends (ปีงบประมาณ พ.ศ. 2568 = ต.ค. 67 – ก.ย. 68). Data keep full precision; this module
//! rounds only what is shown.
use prongsai_core::number::fixed;
use prongsai_core::Date;

/// Buddhist era = Common era + 543.
pub const BE_OFFSET: i32 = 543;

/// Full month names, January first.
pub const MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Abbreviated month names as agencies write them, January first.
pub const MONTHS_SHORT: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// The Buddhist-era year of a Common-era year.
pub fn be_year(ce: i32) -> i32 {
    ce + BE_OFFSET
}

/// The full Thai name of month 1–12.
pub fn month_name(month: u32) -> Option<&'static str> {
    MONTHS.get(month.checked_sub(1)? as usize).copied()
}

/// The abbreviated Thai name of month 1–12 ("ต.ค.").
pub fn month_short(month: u32) -> Option<&'static str> {
    MONTHS_SHORT.get(month.checked_sub(1)? as usize).copied()
}

/// Replaces the digits 0–9 with Thai digits ๐–๙; everything else is kept.
pub fn thai_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(0x0E50 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The last two digits of a year, as in "ต.ค. 67".
fn two_digits(year: i32) -> String {
    format!("{:02}", year.rem_euclid(100))
}

/// Which digits numbers are written with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Digits {
    /// 0–9 (the default: what officers type into spreadsheets and the ITAS system).
    #[default]
    Arabic,
    /// ๐–๙, as in many official Thai documents.
    Thai,
}

/// Formats numbers, dates and periods for one document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fmt {
    pub digits: Digits,
}

/// The kind of a breakdown key in a [`prongsai_core::Report`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// `2568`
    FiscalYear,
    /// `2568-H1`
    Half,
    /// `2568-Q1`
    Quarter,
    /// `2024-10` (Common era, as stored)
    Month,
}

impl Fmt {
    /// Arabic digits (the same as `Fmt::default()`), usable in constants.
    pub const DEFAULT: Fmt = Fmt {
        digits: Digits::Arabic,
    };

    pub fn new(thai_digits: bool) -> Fmt {
        Fmt {
            digits: if thai_digits {
                Digits::Thai
            } else {
                Digits::Arabic
            },
        }
    }

    /// Applies the digit setting to a text that may contain numbers.
    pub fn text(&self, s: &str) -> String {
        match self.digits {
            Digits::Arabic => s.to_string(),
            Digits::Thai => thai_digits(s),
        }
    }

    fn out(&self, s: String) -> String {
        match self.digits {
            Digits::Arabic => s,
            Digits::Thai => thai_digits(&s),
        }
    }

    /// A number with `decimals` decimals ("87.67"), rounded half away from zero; never "-0.00";
    /// "–" for NaN or infinity.
    pub fn num(&self, v: f64, decimals: usize) -> String {
        self.out(fixed(v, u32::try_from(decimals).unwrap_or(u32::MAX)))
    }

    /// A number with 2 decimals, the way agency reports show scores.
    pub fn num2(&self, v: f64) -> String {
        self.num(v, 2)
    }

    /// A whole number without decimals, anything else with 2 ("80", "82.50").
    pub fn num_short(&self, v: f64) -> String {
        if v.is_finite() && v.fract() == 0.0 {
            self.num(v, 0)
        } else {
            self.num2(v)
        }
    }

    /// An optional number with 2 decimals, "–" when missing.
    pub fn opt2(&self, v: Option<f64>) -> String {
        v.map_or_else(|| "–".to_string(), |v| self.num2(v))
    }

    /// A difference with its sign and 2 decimals: "+1.25", "-0.50", "0.00".
    pub fn signed2(&self, v: f64) -> String {
        let s = self.num2(v);
        let nonzero = s.chars().any(|c| matches!(c, '1'..='9' | '๑'..='๙'));
        if v > 0.0 && nonzero {
            format!("+{s}")
        } else {
            s
        }
    }

    /// A count with thousands separators ("1,234").
    pub fn int(&self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        self.out(out)
    }

    /// "21 พฤศจิกายน 2569".
    pub fn date_long(&self, d: Date) -> String {
        match month_name(d.month) {
            Some(m) => self.out(format!("{} {m} {}", d.day, be_year(d.year))),
            None => self.out(d.to_string()),
        }
    }

    /// "21 พ.ย. 69".
    pub fn date_short(&self, d: Date) -> String {
        match month_short(d.month) {
            Some(m) => self.out(format!("{} {m} {}", d.day, two_digits(be_year(d.year)))),
            None => self.out(d.to_string()),
        }
    }

    /// "ต.ค. 67" for a month given in the Common era.
    pub fn month(&self, year_ce: i32, month: u32) -> String {
        match month_short(month) {
            Some(m) => self.out(format!("{m} {}", two_digits(be_year(year_ce)))),
            None => self.out(format!("{year_ce:04}-{month:02}")),
        }
    }

    /// "ตุลาคม 2567" for a month given in the Common era.
    pub fn month_long(&self, year_ce: i32, month: u32) -> String {
        match month_name(month) {
            Some(m) => self.out(format!("{m} {}", be_year(year_ce))),
            None => self.out(format!("{year_ce:04}-{month:02}")),
        }
    }

    /// "ปีงบประมาณ พ.ศ. 2568".
    pub fn fiscal_year(&self, fy_be: i32) -> String {
        self.out(format!("ปีงบประมาณ พ.ศ. {fy_be}"))
    }

    /// "ครึ่งปีแรก (ต.ค. 67 – มี.ค. 68)" or "ครึ่งปีหลัง (เม.ย. 68 – ก.ย. 68)".
    pub fn half(&self, fy_be: i32, half: u32) -> String {
        let (name, from, to) = match half {
            1 => ("ครึ่งปีแรก", (fy_be - 1, 10), (fy_be, 3)),
            _ => ("ครึ่งปีหลัง", (fy_be, 4), (fy_be, 9)),
        };
        let m = |(y, m): (i32, u32)| self.month(y - BE_OFFSET, m);
        format!("{name} ({} – {})", m(from), m(to))
    }

    /// "ไตรมาสที่ 1".
    pub fn quarter(&self, quarter: u32) -> String {
        self.out(format!("ไตรมาสที่ {quarter}"))
    }

    /// The months of a fiscal quarter: "ต.ค. – ธ.ค. 67".
    pub fn quarter_span(&self, fy_be: i32, quarter: u32) -> String {
        let (first, last, year_be) = match quarter {
            1 => (10, 12, fy_be - 1),
            2 => (1, 3, fy_be),
            3 => (4, 6, fy_be),
            _ => (7, 9, fy_be),
        };
        format!(
            "{} – {}",
            month_short(first).unwrap_or_default(),
            self.month(year_be - BE_OFFSET, last)
        )
    }

    /// "ไตรมาสที่ 1 (ต.ค. – ธ.ค. 67)".
    pub fn quarter_full(&self, fy_be: i32, quarter: u32) -> String {
        format!(
            "{} ({})",
            self.quarter(quarter),
            self.quarter_span(fy_be, quarter)
        )
    }

    /// The Thai label of a breakdown key of a report, or `None` when the key is not of that kind.
    pub fn period_key(&self, kind: PeriodKind, key: &str) -> Option<String> {
        match kind {
            PeriodKind::FiscalYear => key.parse().ok().map(|fy| self.fiscal_year(fy)),
            PeriodKind::Half => {
                let (fy, h) = key.split_once("-H")?;
                let (fy, h) = (fy.parse().ok()?, h.parse().ok()?);
                (1..=2).contains(&h).then(|| self.half(fy, h))
            }
            PeriodKind::Quarter => {
                let (fy, q) = key.split_once("-Q")?;
                let (fy, q) = (fy.parse().ok()?, q.parse().ok()?);
                (1..=4).contains(&q).then(|| self.quarter_full(fy, q))
            }
            PeriodKind::Month => {
                let (y, m) = key.split_once('-')?;
                let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
                month_short(m).map(|_| self.month(y, m))
            }
        }
    }

    /// "1 ตุลาคม 2567 – 31 มีนาคม 2568".
    pub fn date_range(&self, from: Date, to: Date) -> String {
        format!("{} – {}", self.date_long(from), self.date_long(to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("valid date")
    }

    #[test]
    fn buddhist_era_dates() {
        let f = Fmt::default();
        assert_eq!(f.date_long(d("2026-11-21")), "21 พฤศจิกายน 2569");
        assert_eq!(f.date_short(d("2026-11-21")), "21 พ.ย. 69");
        assert_eq!(f.date_long(d("2025-01-05")), "5 มกราคม 2568");
        assert_eq!(f.date_short(d("2000-02-29")), "29 ก.พ. 43");
        assert_eq!(be_year(2024), 2567);
    }

    #[test]
    fn month_names() {
        assert_eq!(month_name(1), Some("มกราคม"));
        assert_eq!(month_name(12), Some("ธันวาคม"));
        assert_eq!(month_name(0), None);
        assert_eq!(month_name(13), None);
        assert_eq!(month_short(10), Some("ต.ค."));
        let f = Fmt::default();
        assert_eq!(f.month(2024, 10), "ต.ค. 67");
        assert_eq!(f.month(2025, 9), "ก.ย. 68");
        assert_eq!(f.month_long(2024, 10), "ตุลาคม 2567");
    }

    #[test]
    fn fiscal_periods() {
        let f = Fmt::default();
        assert_eq!(f.fiscal_year(2568), "ปีงบประมาณ พ.ศ. 2568");
        assert_eq!(f.half(2568, 1), "ครึ่งปีแรก (ต.ค. 67 – มี.ค. 68)");
        assert_eq!(f.half(2568, 2), "ครึ่งปีหลัง (เม.ย. 68 – ก.ย. 68)");
        assert_eq!(f.quarter(1), "ไตรมาสที่ 1");
        assert_eq!(f.quarter_span(2568, 1), "ต.ค. – ธ.ค. 67");
        assert_eq!(f.quarter_span(2568, 4), "ก.ค. – ก.ย. 68");
        assert_eq!(f.quarter_full(2568, 2), "ไตรมาสที่ 2 (ม.ค. – มี.ค. 68)");
    }

    #[test]
    fn report_keys_become_labels() {
        let f = Fmt::default();
        let k = |kind, key| f.period_key(kind, key);
        assert_eq!(
            k(PeriodKind::FiscalYear, "2568").as_deref(),
            Some("ปีงบประมาณ พ.ศ. 2568")
        );
        assert_eq!(
            k(PeriodKind::Half, "2568-H1").as_deref(),
            Some("ครึ่งปีแรก (ต.ค. 67 – มี.ค. 68)")
        );
        assert_eq!(
            k(PeriodKind::Quarter, "2568-Q3").as_deref(),
            Some("ไตรมาสที่ 3 (เม.ย. – มิ.ย. 68)")
        );
        assert_eq!(k(PeriodKind::Month, "2024-10").as_deref(), Some("ต.ค. 67"));
        assert_eq!(k(PeriodKind::Month, "2024-13"), None);
        assert_eq!(k(PeriodKind::Quarter, "2568-Q5"), None);
        assert_eq!(k(PeriodKind::Half, "junk"), None);
    }

    #[test]
    fn numbers_for_display() {
        let f = Fmt::default();
        assert_eq!(f.num2(87.666_666), "87.67");
        assert_eq!(f.num2(4.5), "4.50");
        assert_eq!(f.num2(4.125), "4.13");
        assert_eq!(f.num(84.995, 2), "85.00");
        assert_eq!(f.num2(-0.001), "0.00");
        assert_eq!(f.num2(f64::NAN), "–");
        assert_eq!(f.opt2(None), "–");
        assert_eq!(f.num_short(80.0), "80");
        assert_eq!(f.num_short(82.5), "82.50");
        assert_eq!(f.signed2(1.254), "+1.25");
        assert_eq!(f.signed2(-0.5), "-0.50");
        assert_eq!(f.signed2(0.001), "0.00");
        assert_eq!(f.int(0), "0");
        assert_eq!(f.int(999), "999");
        assert_eq!(f.int(1234), "1,234");
        assert_eq!(f.int(1_234_567), "1,234,567");
    }

    #[test]
    fn optional_thai_digits() {
        let f = Fmt::new(true);
        assert_eq!(thai_digits("O42 ปี 2568"), "O๔๒ ปี ๒๕๖๘");
        assert_eq!(f.num2(86.07), "๘๖.๐๗");
        assert_eq!(f.date_long(d("2026-11-21")), "๒๑ พฤศจิกายน ๒๕๖๙");
        assert_eq!(f.half(2568, 1), "ครึ่งปีแรก (ต.ค. ๖๗ – มี.ค. ๖๘)");
        assert_eq!(f.signed2(1.0), "+๑.๐๐");
        assert_eq!(f.int(1234), "๑,๒๓๔");
        assert_eq!(f.text("n = 30"), "n = ๓๐");
    }
}
