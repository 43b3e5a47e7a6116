//! The results page of one instrument edition (`/admin/results/<id>`): reads the tally of the
//! chosen filter and of the comparison periods, builds the one view model
//! ([`ResultsPage`]) and renders it once with the template in `prongsai_reports::pages::results`.
use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use prongsai_core::{Date, Report};
use prongsai_reports::pages::results::{
    self, Comparison, Period, QuickPeriod, ResultsPage, Scope, UnitChoice,
};
use prongsai_reports::Fmt;

use super::admin::{period_report, tally, Shared};
use super::extract::PageFilter;
use super::page::{self, unit_name, PageError};
use super::periods::{self, RangeKind};
use super::{day, AppState};

const F: Fmt = Fmt::DEFAULT;

/// The name of a date range: a fiscal year, a half of one, or the two dates.
pub fn range_name(from: Date, to: Date) -> String {
    match periods::kind(from, to) {
        RangeKind::FiscalYear(fy) => F.fiscal_year(fy),
        RangeKind::Half(fy, h) => format!("{} {}", F.fiscal_year(fy), F.half(fy, h)),
        RangeKind::Other => format!("{} – {}", F.date_short(from), F.date_short(to)),
    }
}

/// What the page says it shows: the range and the day the data run to ("ข้อมูล ณ วันที่ …").
fn range_label(from: Date, to: Date, today: Date) -> String {
    format!(
        "{} ({}) · ข้อมูล ณ วันที่ {}",
        range_name(from, to),
        F.date_range(from, to),
        F.date_long(to.min(today))
    )
}

/// This fiscal year to date, its halves and the fiscal year before, each cut at today (a half
/// not yet begun is not offered).
fn quick_periods(fy: i32, today: Date) -> Vec<QuickPeriod> {
    let ranges = [
        (
            format!("{} ถึงวันนี้", F.fiscal_year(today.fiscal_year())),
            periods::fiscal_year(today.fiscal_year()),
        ),
        (F.fiscal_year(fy), periods::fiscal_year(fy)),
        (
            format!("ครึ่งปีแรก {}", F.text(&fy.to_string())),
            periods::fiscal_half(fy, 1),
        ),
        (
            format!("ครึ่งปีหลัง {}", F.text(&fy.to_string())),
            periods::fiscal_half(fy, 2),
        ),
        (F.fiscal_year(fy - 1), periods::fiscal_year(fy - 1)),
    ];
    let mut out: Vec<QuickPeriod> = Vec::new();
    for (label, range) in ranges {
        if let Some((from, to)) = periods::up_to(range, today) {
            if !out.iter().any(|q| q.from == Some(from) && q.to == Some(to)) {
                out.push(QuickPeriod {
                    label,
                    from: Some(from),
                    to: Some(to),
                });
            }
        }
    }
    out
}

/// The fiscal year around `reference` against the one before, and its latest half against the
/// half before.
async fn comparisons(
    app: &AppState,
    filter: &super::storage::Filter,
    reference: Date,
) -> Result<Vec<Comparison>, PageError> {
    let fy = reference.fiscal_year();
    let half = reference.fiscal_half();
    let (pfy, phalf) = periods::previous_half(fy, half);
    let ranges = [
        (
            format!("{} เทียบกับปีงบประมาณก่อน", F.fiscal_year(fy)),
            (F.fiscal_year(fy - 1), periods::fiscal_year(fy - 1)),
            (F.fiscal_year(fy), periods::fiscal_year(fy)),
        ),
        (
            "ครึ่งปีล่าสุดเทียบกับครึ่งปีก่อน".to_string(),
            (F.half(pfy, phalf), periods::fiscal_half(pfy, phalf)),
            (F.half(fy, half), periods::fiscal_half(fy, half)),
        ),
    ];
    let mut out = Vec::new();
    for (title, (plabel, (pf, pt)), (clabel, (cf, ct))) in ranges {
        let period = |label: String, from: Date, to: Date, report: Report| Period {
            label,
            from,
            to,
            report,
        };
        let previous = period_report(app, filter, pf, pt).await?;
        let current = period_report(app, filter, cf, ct).await?;
        out.push(Comparison {
            title,
            previous: period(plabel, pf, pt, previous),
            current: period(clabel, cf, ct, current),
        });
    }
    Ok(out)
}

pub async fn results_page(
    State(app): Shared,
    PageFilter(filter): PageFilter,
) -> Result<Response, PageError> {
    let ins = Arc::clone(&filter.instrument);
    let today = day::today();
    // `PageFilter` completed the period: both ends are there.
    let from = filter
        .from
        .as_deref()
        .and_then(Date::parse)
        .unwrap_or(today);
    let to = filter.to.as_deref().and_then(Date::parse).unwrap_or(today);
    let mut report = tally(&app, &filter).await?.report(&ins);
    periods::clip_months(&mut report, to);
    let reference = periods::reference(Some(to), &report, today);
    let comment_counts = app.storage.comment_counts().await?;
    let pending_comments = comment_counts
        .get(&(ins.id.clone(), ins.edition.clone()))
        .and_then(|c| c.get("pending"))
        .copied()
        .unwrap_or(0);
    let settings = &app.settings;
    let view = ResultsPage {
        ins: &ins,
        report: &report,
        scope: Scope {
            unit: filter.unit.clone(),
            point: filter.point.clone(),
            from: filter.from.clone(),
            to: filter.to.clone(),
        },
        editions: settings.surveys.editions(&ins.id),
        units: settings
            .units
            .values()
            .map(|u| UnitChoice {
                id: u.id.clone(),
                name: unit_name(u),
                points: u.points.clone(),
            })
            .collect(),
        range_label: range_label(from, to, today),
        quick_periods: quick_periods(reference.fiscal_year(), today),
        comparisons: comparisons(&app, &filter, reference).await?,
        public_summary: settings.public_summaries.contains(&ins.id),
        combined_o42: settings
            .surveys
            .latest()
            .filter(|i| !i.indicators.is_empty() && i.dimensions.is_empty())
            .count()
            > 1,
        pending_comments,
    };
    Ok(page::ok(results::page(&view)))
}
