//! The agency's ITA year after the official results (issue 12 points 3–5), under `/admin/ita`
//! behind the admin login (`extract::AdminPage`: session or Bearer, same-origin POSTs) like every `/admin` page:
//!
//! * `/admin/ita` — what is saved for a unit and the fiscal year of the measures, with links;
//! * `/admin/ita/official` — last year's official results typed in or imported (CSV / JSON,
//!   upload or paste; the templates at `/admin/ita/official/template.{csv,json}`), checked
//!   whole by `prongsai_core::official` before anything is saved;
//! * `/admin/ita/measures` — the O42 measures of fiscal year `fy`;
//! * `/admin/ita/progress` — the O43 tracker of those measures;
//! * `/admin/ita/o42`, `/admin/ita/o43?round=6|12` — the printable documents.
//!
//! The O42 of fiscal year `fy` analyses the official results of `fy − 1` and the agency's own
//! IIT/EIT responses of `fy`. Every save is a new version in the document store (`storage::
//! documents`); a POST that fails validation saves nothing and shows the page again with what
//! was typed. Successful POSTs redirect (303) so a reload does not save twice.
mod documents;
mod measures;
mod official_results;
mod progress;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Multipart, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use prongsai_core::edition::{self, REPORT_MEASURES, REPORT_MEASURES_PROGRESS};
use prongsai_core::number::fixed;
use prongsai_core::official::{self, ImportProblem, OfficialResults, OFFICIAL_FORMAT};
use prongsai_core::{builtin, Date, Kind as InstrumentKind, Report};
use prongsai_reports::measures::{Measure, MeasureProgress, MeasuresPlan, Progress, Status};
use prongsai_reports::o42::official::{o42_official, OfficialO42, OwnResults};
use prongsai_reports::o43::{o43, O43Options, Round};
use prongsai_reports::pages::measures::{
    self as measure_pages, ItaHome, MeasuresPage, ProgressPage, Scope,
};
use prongsai_reports::pages::official::{
    self as official_page, OfficialForm, OfficialPage, Problem,
};
use prongsai_reports::url::Query as UrlQuery;
use serde_json::{json, Map, Value};

use super::admin::{agency, document_response, params, redirect, Params, Shared};
use super::day;
use super::page::{self, unit_name, PageError};
use super::periods;
use super::storage::Filter;
use super::storage::{DocKind as Kind, DocVersion as Version};
use super::AppState;

pub(super) use documents::own_reports;
use documents::{o42_doc, o43_doc};
use measures::{measures_get, measures_post};
use official_results::{official_get, official_import, official_post, template};
use progress::{progress_get, progress_post};

/// Blank rows offered after the stored ones.
const BLANK_MEASURES: usize = 2;
const BLANK_RECOMMENDATIONS: usize = 3;
const TOOLS: [&str; 3] = ["iit", "eit", "oit"];

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/ita", get(home))
        .route("/admin/ita/official", get(official_get).post(official_post))
        .route("/admin/ita/official/import", post(official_import))
        .route(
            "/admin/ita/official/template.csv",
            get(|| async { template(official::CSV_TEMPLATE, "text/csv; charset=utf-8", "csv") }),
        )
        .route(
            "/admin/ita/official/template.json",
            get(|| async { template(official::JSON_TEMPLATE, "application/json", "json") }),
        )
        .route("/admin/ita/measures", get(measures_get).post(measures_post))
        .route("/admin/ita/progress", get(progress_get).post(progress_post))
        .route("/admin/ita/o42", get(o42_doc))
        .route("/admin/ita/o43", get(o43_doc))
}

// ---------------------------------------------------------------------------------------------
// Scope: unit and fiscal year

/// The fiscal year (Buddhist era) that `d` falls in.
fn fiscal_year_of(d: Date) -> i32 {
    d.year + 543 + i32::from(d.month >= 10)
}

fn units(app: &AppState) -> Vec<(String, String)> {
    app.settings
        .units
        .values()
        .map(|u| (u.id.clone(), unit_name(u)))
        .collect()
}

/// The unit and fiscal year named by `unit` / `fy` (defaults: the first unit, this fiscal year
/// plus `fy_offset`).
pub(super) fn scope(
    app: &AppState,
    q: &BTreeMap<String, String>,
    fy_offset: i32,
) -> Result<Scope, PageError> {
    let units = units(app);
    let unit = match q.get("unit").map(|u| u.trim()).filter(|u| !u.is_empty()) {
        Some(u) if app.settings.units.contains_key(u) => u.to_string(),
        Some(u) => {
            return Err(PageError::bad_request(format!(
                "ไม่รู้จักหน่วยงาน “{u}” (unknown unit); ที่มี: {}",
                units
                    .iter()
                    .map(|(id, _)| id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
        None => units
            .first()
            .map(|(id, _)| id.clone())
            .ok_or_else(|| PageError::bad_request("ไม่มีหน่วยงานในการตั้งค่า (no units)"))?,
    };
    let fiscal_year = match q.get("fy").map(|f| f.trim()).filter(|f| !f.is_empty()) {
        Some(f) => parse_fiscal_year(f).ok_or_else(|| {
            PageError::bad_request(format!(
                "ปีงบประมาณ “{f}” ต้องเป็นปี พ.ศ. 4 หลัก เช่น 2568 (fy: a Buddhist-era year)"
            ))
        })?,
        None => fiscal_year_of(day::today()) + fy_offset,
    };
    Ok(Scope {
        units,
        unit,
        fiscal_year,
    })
}

fn parse_fiscal_year(s: &str) -> Option<i32> {
    s.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2500..=2700).contains(y))
}

pub(super) fn query_map(q: Params) -> Result<BTreeMap<String, String>, PageError> {
    Ok(params(q)?.into_iter().collect())
}

fn pairs_map(pairs: &[(String, String)]) -> BTreeMap<String, String> {
    pairs.iter().cloned().collect()
}

fn here(path: &str, scope: &Scope, saved: Option<i32>) -> String {
    let q = UrlQuery::new()
        .push("unit", &scope.unit)
        .push("fy", scope.fiscal_year.to_string());
    let q = match saved {
        Some(v) => q.push("saved", v.to_string()),
        None => q,
    };
    format!("{path}{}", q.to_suffix())
}

fn saved_param(q: &BTreeMap<String, String>) -> Option<i32> {
    q.get("saved").and_then(|v| v.parse().ok())
}

fn history_rows(list: &[Version]) -> Vec<(i32, String)> {
    list.iter()
        .map(|v| (v.version, v.saved_day.clone()))
        .collect()
}

fn unprocessable(html: String) -> Response {
    page::respond(StatusCode::UNPROCESSABLE_ENTITY, html, "no-store")
}

fn problem(row: Option<usize>, column: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        row,
        column: column.into(),
        message: message.into(),
    }
}

fn from_import(p: ImportProblem) -> Problem {
    problem(p.row, p.column, p.message)
}

// ---------------------------------------------------------------------------------------------
// Stored documents

async fn latest_official(
    app: &AppState,
    unit: &str,
    fy: i32,
) -> Result<Option<(OfficialResults, i32, String)>, PageError> {
    let Some(v) = app
        .storage
        .latest_document(Kind::Official, unit, fy)
        .await?
    else {
        return Ok(None);
    };
    let results = official::from_json(&v.body.to_string()).map_err(|p| {
        PageError::from(anyhow::anyhow!(
            "stored official results {unit}/{fy} v{} do not read back: {:?}",
            v.version,
            p
        ))
    })?;
    Ok(Some((results, v.version, v.saved_day)))
}

async fn latest_plan(
    app: &AppState,
    unit: &str,
    fy: i32,
) -> Result<(MeasuresPlan, Option<i32>), PageError> {
    match app
        .storage
        .latest_document(Kind::Measures, unit, fy)
        .await?
    {
        Some(v) => Ok((
            serde_json::from_value(v.body).map_err(anyhow::Error::from)?,
            Some(v.version),
        )),
        None => Ok((MeasuresPlan::default(), None)),
    }
}

async fn latest_progress(app: &AppState, unit: &str, fy: i32) -> Result<Progress, PageError> {
    match app
        .storage
        .latest_document(Kind::Progress, unit, fy)
        .await?
    {
        Some(v) => Ok(serde_json::from_value(v.body).map_err(anyhow::Error::from)?),
        None => Ok(Progress::default()),
    }
}

// ---------------------------------------------------------------------------------------------
// /admin/ita

async fn home(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, 0)?;
    let official = latest_official(&app, &scope.unit, scope.fiscal_year - 1)
        .await?
        .map(|(_, v, day)| (v, day));
    let (plan, version) = latest_plan(&app, &scope.unit, scope.fiscal_year).await?;
    let progress = latest_progress(&app, &scope.unit, scope.fiscal_year).await?;
    let counts = Status::ALL
        .iter()
        .map(|s| {
            (
                s.label(),
                plan.measures
                    .iter()
                    .filter(|m| progress.of(&m.id).status == *s)
                    .count(),
            )
        })
        .collect();
    Ok(page::ok(measure_pages::home(&ItaHome {
        scope,
        official,
        measures: plan.measures.len(),
        measures_version: version,
        progress: counts,
    })))
}
