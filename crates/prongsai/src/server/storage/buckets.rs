//! Bucket tallies: the pre-aggregated `Tally` of each (instrument, edition, unit, point) per day
//! and per month, which bucket reads answer a date range ([`plan`]), and how a bucket's stored
//! tally is updated or rebuilt.
use std::collections::BTreeMap;

use prongsai_core::period::days_in_month;
use prongsai_core::{Answers, Context, Date, Instrument, Tally};

use super::NewResponse;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BucketKey {
    pub instrument: String,
    pub edition: String,
    pub unit: String,
    pub point: String,
    /// `YYYY-MM-DD` for a day bucket, `YYYY-MM` for a month bucket.
    pub period: String,
}

/// Bucket tallies are kept per day (any date range can be answered) and per month (long ranges
/// read a few month buckets instead of hundreds of day buckets); both are updated in the
/// transaction that stores the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Day,
    Month,
}

impl Span {
    pub const ALL: [Span; 2] = [Span::Day, Span::Month];

    pub fn table(self) -> &'static str {
        match self {
            Span::Day => "tallies",
            Span::Month => "tallies_month",
        }
    }

    pub fn period(self, day: Date) -> String {
        match self {
            Span::Day => day.to_string(),
            Span::Month => format!("{:04}-{:02}", day.year, day.month),
        }
    }

    /// The inclusive range of response days a bucket period covers.
    pub fn days(self, period: &str) -> (String, String) {
        match self {
            Span::Day => (period.to_string(), period.to_string()),
            Span::Month => (format!("{period}-01"), format!("{period}-31")),
        }
    }
}

/// Which buckets answer a date range: whole months from the month table, the partial months at
/// either end from the day table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Inclusive `YYYY-MM` bounds (`None` = open) of the month buckets to read, if any.
    pub months: Option<(Option<String>, Option<String>)>,
    /// Inclusive `YYYY-MM-DD` ranges of day buckets to read.
    pub days: Vec<(String, String)>,
}

pub fn plan(from: Option<Date>, to: Option<Date>) -> Plan {
    let ym = |d: Date| (d.year, d.month);
    let month_str = |(y, m): (i32, u32)| format!("{y:04}-{m:02}");
    let last_day = |(y, m): (i32, u32)| Date {
        year: y,
        month: m,
        day: days_in_month(y, m),
    };
    let first_day = |(y, m): (i32, u32)| Date {
        year: y,
        month: m,
        day: 1,
    };
    let next = |(y, m): (i32, u32)| if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let prev = |(y, m): (i32, u32)| if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let is_last = |d: Date| d.day == days_in_month(d.year, d.month);

    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Plan {
                months: None,
                days: Vec::new(),
            };
        }
        if ym(f) == ym(t) {
            return if f.day == 1 && is_last(t) {
                Plan {
                    months: Some((Some(month_str(ym(f))), Some(month_str(ym(f))))),
                    days: Vec::new(),
                }
            } else {
                Plan {
                    months: None,
                    days: vec![(f.to_string(), t.to_string())],
                }
            };
        }
    }
    let mut days = Vec::new();
    let lo = match from {
        None => None,
        Some(f) if f.day == 1 => Some(ym(f)),
        Some(f) => {
            days.push((f.to_string(), last_day(ym(f)).to_string()));
            Some(next(ym(f)))
        }
    };
    let hi = match to {
        None => None,
        Some(t) if is_last(t) => Some(ym(t)),
        Some(t) => {
            days.push((first_day(ym(t)).to_string(), t.to_string()));
            Some(prev(ym(t)))
        }
    };
    let months = match (lo, hi) {
        (Some(l), Some(h)) if l > h => None,
        (l, h) => Some((l.map(month_str), h.map(month_str))),
    };
    Plan { months, days }
}

/// Groups the indices of the created responses of a batch by bucket, in key order (the lock
/// order for PostgreSQL).
pub(crate) fn group_by_bucket(
    batch: &[NewResponse],
    created: &[usize],
    span: Span,
) -> BTreeMap<BucketKey, Vec<usize>> {
    let mut groups: BTreeMap<BucketKey, Vec<usize>> = BTreeMap::new();
    for &i in created {
        groups.entry(batch[i].bucket(span)).or_default().push(i);
    }
    groups
}

/// Adds responses to a bucket's stored tally. `None` when the stored tally cannot be read (e.g.
/// written by an incompatible version): the caller then rebuilds the bucket from its rows.
pub(crate) fn add_to_tally(
    instrument: &Instrument,
    key: &BucketKey,
    stored: Option<&str>,
    batch: &[NewResponse],
    indices: &[usize],
) -> Option<Tally> {
    let mut tally = match stored {
        None => Tally::new(instrument),
        Some(text) => {
            let value: serde_json::Value = serde_json::from_str(text).ok()?;
            match read_stored(instrument, &value, &key.point, &key.period) {
                Ok(t) => t,
                Err(problem) => {
                    tracing::warn!(
                        "stored tally of {} {} cannot be read ({problem}); rebuilding it from the responses",
                        instrument.id,
                        instrument.edition
                    );
                    return None;
                }
            }
        }
    };
    for &i in indices {
        tally.add_in_area(
            &batch[i].answers,
            &batch[i].context(),
            batch[i].mapped_area(),
        );
    }
    Some(tally)
}

/// Rebuilds one bucket's tally from the stored (day, answers, area) of its responses.
pub(crate) fn rebuild_tally<'a>(
    instrument: &Instrument,
    point: &str,
    rows: impl Iterator<Item = (String, String, String)> + 'a,
) -> Tally {
    let mut tally = Tally::new(instrument);
    for (day, answers, area) in rows {
        let Ok(answers) = serde_json::from_str::<Answers>(&answers) else {
            continue;
        };
        let ctx = Context {
            point: (!point.is_empty()).then(|| point.to_string()),
            date: Date::parse(&day),
        };
        tally.add_in_area(&answers, &ctx, Some(area.as_str()));
    }
    tally
}

/// A date within a bucket's period (`YYYY-MM-DD` or `YYYY-MM`): all its breakdown periods.
fn bucket_date(period: &str) -> Option<Date> {
    if period.len() == 7 {
        Date::parse(&format!("{period}-01"))
    } else {
        Date::parse(period)
    }
}

/// The text a bucket's tally is stored as: compact (without the breakdowns that equal its
/// total, see [`Tally::to_bucket_json_string`]) — a sixth of the full text, rewritten in every
/// ingest transaction.
pub(crate) fn stored_text(tally: &Tally, key: &BucketKey) -> String {
    match bucket_date(&key.period) {
        Some(date) => tally.to_bucket_json_string(&key.point, date),
        None => tally.to_json_string(),
    }
}

/// Reads a stored bucket tally, compact or whole (tallies stored before were whole; a compact
/// one has no `month` key, which the whole form always has).
fn read_stored(
    instrument: &Instrument,
    value: &serde_json::Value,
    point: &str,
    period: &str,
) -> Result<Tally, prongsai_core::Problem> {
    let mut tally = Tally::from_json(instrument, value)?;
    if value.get("month").is_none() {
        let date = bucket_date(period).ok_or_else(|| {
            prongsai_core::Problem::new("period", format!("not a bucket period: {period}"))
        })?;
        tally.restore_bucket_breakdowns(point, date);
    }
    Ok(tally)
}

/// Parses and merges one stored bucket tally (of the bucket at `point` and `period`) into
/// `into`.
pub(crate) fn merge_stored(
    into: &mut Tally,
    instrument: &Instrument,
    text: &str,
    point: &str,
    period: &str,
) -> anyhow::Result<()> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    let tally = read_stored(instrument, &value, point, period)
        .map_err(|p| anyhow::anyhow!("stored tally: {p}"))?;
    into.merge(&tally)
        .map_err(|p| anyhow::anyhow!("merging tallies: {p}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        Date::parse(s)
    }

    fn p(months: Option<(Option<&str>, Option<&str>)>, days: &[(&str, &str)]) -> Plan {
        Plan {
            months: months.map(|(a, b)| (a.map(str::to_string), b.map(str::to_string))),
            days: days
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        }
    }

    #[test]
    fn plans_whole_months_from_the_month_table() {
        assert_eq!(plan(None, None), p(Some((None, None)), &[]));
        assert_eq!(
            plan(d("2025-03-01"), None),
            p(Some((Some("2025-03"), None)), &[])
        );
        assert_eq!(
            plan(d("2025-03-15"), d("2025-06-10")),
            p(
                Some((Some("2025-04"), Some("2025-05"))),
                &[("2025-03-15", "2025-03-31"), ("2025-06-01", "2025-06-10")]
            )
        );
        assert_eq!(
            plan(d("2025-03-15"), d("2025-04-10")).months,
            None,
            "no whole month between"
        );
        assert_eq!(
            plan(d("2025-02-01"), d("2025-02-28")),
            p(Some((Some("2025-02"), Some("2025-02"))), &[])
        );
        assert_eq!(
            plan(d("2025-02-03"), d("2025-02-05")),
            p(None, &[("2025-02-03", "2025-02-05")])
        );
        assert_eq!(
            plan(d("2025-12-20"), d("2026-01-31")),
            p(
                Some((Some("2026-01"), Some("2026-01"))),
                &[("2025-12-20", "2025-12-31")]
            )
        );
        assert_eq!(
            plan(None, d("2025-01-15")),
            p(
                Some((None, Some("2024-12"))),
                &[("2025-01-01", "2025-01-15")]
            )
        );
        assert_eq!(plan(d("2025-05-01"), d("2025-04-01")), p(None, &[]));
    }
}
