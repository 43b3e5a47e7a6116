//! The OIT self-assessment in the officer's pages (issue 12 points 2 and 6), behind the admin
//! login (`extract::AdminPage`) like every `/admin` page:
//!
//! * `/admin/ita/oit?unit=&fy=` — one self-assessment per unit and fiscal year, filled over weeks:
//!   every save is a new version in the document store (kind `oit`), a refused save keeps what
//!   was typed and names the bad items; `&version=N` shows an older version;
//! * `POST /admin/ita/oit/linkcheck` — fetches every evidence URL of the current version
//!   (`crate::linkcheck`) and stores the report with the version it checked (kind `oit-links`);
//! * `/admin/ita/oit/print`, `/admin/ita/oit/export.csv`, `/admin/ita/oit/export.json` — the form
//!   to copy into the official system;
//! * `/admin/ita/estimate?unit=&fy=` — the agency's own ITA estimate from its IIT and EIT
//!   responses and this self-assessment.
//!
//! Stored body (`prongsai.oit-self-assessment/1`): `{"format", "instrument", "edition",
//! "main_site", "answers": {"o1": "yes", "o1.url": …, "o1.note": …}}` — the answers in the design
//! contract's encoding, so an export reads straight into `prongsai score` and `prongsai linkcheck`.
mod form;
mod links;
mod own_estimate;
mod printout;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use prongsai_core::number::{fixed, DISPLAY_DECIMALS};
use prongsai_core::{builtin, edition, estimate, score_response, Answers, Instrument, Kind};
use prongsai_reports::oit_form::{oit_form, OitFormDoc};
use prongsai_reports::pages::measures::Scope;
use prongsai_reports::pages::oit::{
    self as oit_pages, EstimatePage, LinkCheckView, LinkRow, OitGroup, OitItemRow, OitPage,
    ToolLine,
};
use prongsai_reports::url::Query as UrlQuery;
use serde_json::{json, Map, Value};

use super::admin::{agency, document_response, redirect, Params, Shared};
use super::day;
use super::export;
use super::ita::query_map;
use super::page::{self, unit_name, PageError};
use super::storage::{DocKind, DocVersion as Version};
use super::{ita, AppState};
use crate::linkcheck::{self, CheckOptions, LinkReport, LinkResult, MainSite};

use form::{oit_get, oit_post};
use links::linkcheck_post;
use own_estimate::estimate_get;
use printout::{export_csv, export_json, print};

pub const OIT_FORMAT: &str = "prongsai.oit-self-assessment/1";
/// Seconds a link check waits for each page, unless the officer says otherwise.
const DEFAULT_TIMEOUT: u64 = 10;
const MAX_TIMEOUT: u64 = 60;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/ita/oit", get(oit_get).post(oit_post))
        .route("/admin/ita/oit/linkcheck", post(linkcheck_post))
        .route("/admin/ita/oit/print", get(print))
        .route("/admin/ita/oit/export.csv", get(export_csv))
        .route("/admin/ita/oit/export.json", get(export_json))
        .route("/admin/ita/estimate", get(estimate_get))
}

// ---------------------------------------------------------------------------------------------
// Scope, instrument, stored documents

/// The unit and fiscal year of the page: `ita::scope` (the OIT of this fiscal year).
fn scope(app: &AppState, q: &BTreeMap<String, String>) -> Result<Scope, PageError> {
    ita::scope(app, q, 0)
}

/// What every OIT page starts from: its unit and fiscal year, and the OIT list in use.
fn scope_and_list(
    app: &AppState,
    q: &BTreeMap<String, String>,
) -> Result<(Scope, Arc<Instrument>), PageError> {
    Ok((scope(app, q)?, instrument(app)?))
}

fn here(path: &str, scope: &Scope, extra: Option<(&str, String)>) -> String {
    let q = UrlQuery::new()
        .push("unit", &scope.unit)
        .push("fy", scope.fiscal_year.to_string());
    let q = match extra {
        Some((k, v)) => q.push(k, v),
        None => q,
    };
    format!("{path}{}", q.to_suffix())
}

/// The OIT list in use: an OIT instrument of the settings (an agency's own edition), else the
/// built-in `ita-oit`.
fn instrument(app: &AppState) -> Result<Arc<Instrument>, PageError> {
    if let Some(ins) = app.settings.surveys.latest().find(|i| i.kind == Kind::Oit) {
        return Ok(Arc::clone(ins));
    }
    builtin::load("ita-oit")
        .map(Arc::new)
        .ok_or_else(|| PageError::from(anyhow::anyhow!("the built-in ita-oit does not load")))
}

/// A saved self-assessment.
#[derive(Debug, Clone, Default)]
struct Saved {
    answers: Answers,
    main_site: String,
}

fn read_saved(v: &Version) -> Saved {
    let answers = v
        .body
        .get("answers")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let main_site = v
        .body
        .get("main_site")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Saved { answers, main_site }
}

fn saved_body(ins: &Instrument, s: &Saved) -> Value {
    json!({
        "format": OIT_FORMAT,
        "instrument": ins.id,
        "edition": ins.edition,
        "main_site": s.main_site,
        "answers": Value::Object(s.answers.clone().into_iter().collect::<Map<String, Value>>()),
    })
}

/// The answers as posted: `o1` = yes / no, `o1.url`, `o1.note` (blank fields left out).
fn typed(ins: &Instrument, fields: &BTreeMap<String, String>) -> Saved {
    let mut answers = Answers::new();
    for item in ins.items() {
        let c = &item.code;
        if let Some(a) = fields.get(c).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            answers.insert(c.clone(), Value::String(a.to_string()));
        }
        for code in ins.evidence_codes(item) {
            if let Some(v) = fields
                .get(&code)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
            {
                answers.insert(code, Value::String(v.to_string()));
            }
        }
    }
    Saved {
        answers,
        main_site: fields
            .get("main_site")
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
    }
}

/// The core's answer checks (no answer is required in a draft) and the main site, each problem
/// keyed by the item code it names (`""` for the main site).
fn problems(ins: &Instrument, s: &Saved) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ins
        .check_values(&s.answers)
        .into_iter()
        .map(|p| {
            let code = p
                .path
                .strip_prefix("answers.")
                .unwrap_or(&p.path)
                .split('.')
                .next()
                .unwrap_or_default()
                .to_string();
            (code, p.message)
        })
        .collect();
    if !s.main_site.is_empty() {
        if let Err(why) = MainSite::parse(&s.main_site) {
            out.push((
                String::new(),
                format!(
                    "เว็บไซต์หลัก “{}” ไม่ใช่ชื่อเว็บไซต์หรือ URL — main site: {why}",
                    s.main_site
                ),
            ));
        }
    }
    out
}

fn text_of(s: Option<&Value>) -> String {
    s.and_then(Value::as_str).unwrap_or_default().to_string()
}

/// The form's items grouped by sub-indicator, with the answers and the problems of each.
fn groups(ins: &Instrument, answers: &Answers, problems: &[(String, String)]) -> Vec<OitGroup> {
    let row = |item: &prongsai_core::Item| OitItemRow {
        code: item.code.clone(),
        title: item.text.th.clone(),
        criteria: item
            .criteria
            .as_ref()
            .map(|c| {
                c.th.split(';')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        needs_url: item.needs_url,
        answer: text_of(answers.get(&item.code)),
        url: text_of(answers.get(&format!("{}.url", item.code))),
        note: text_of(answers.get(&format!("{}.note", item.code))),
        problems: problems
            .iter()
            .filter(|(c, _)| *c == item.code)
            .map(|(_, m)| m.clone())
            .collect(),
    };
    let mut out = Vec::new();
    let mut placed = std::collections::HashSet::new();
    for ind in &ins.indicators {
        for sub in &ind.sub_indicators {
            let items: Vec<OitItemRow> = ins
                .items()
                .filter(|i| i.sub_indicator.as_deref() == Some(sub.id.as_str()))
                .inspect(|i| {
                    placed.insert(i.code.clone());
                })
                .map(row)
                .collect();
            if !items.is_empty() {
                out.push(OitGroup {
                    id: sub.id.clone(),
                    title: sub.title.th.clone(),
                    items,
                });
            }
        }
    }
    // Items of an agency's own list without a sub-indicator, by section.
    for section in &ins.sections {
        let items: Vec<OitItemRow> = section
            .items
            .iter()
            .filter(|i| ins.is_scored(i) && !placed.contains(&i.code))
            .map(row)
            .collect();
        if !items.is_empty() {
            out.push(OitGroup {
                id: section.id.clone(),
                title: section.title.th.clone(),
                items,
            });
        }
    }
    out
}

/// Indicators 9, 10 (whatever the list's indicators are) and the OIT tool, as printed.
fn scores(ins: &Instrument, answers: &Answers) -> Vec<(String, String)> {
    let s = score_response(ins, answers);
    let show = |v: Option<&f64>| v.map_or("–".to_string(), |v| fixed(*v, DISPLAY_DECIMALS));
    let mut out: Vec<(String, String)> = ins
        .indicators
        .iter()
        .map(|i| {
            (
                format!("ตัวชี้วัดที่ {} {}", i.id, i.title.th),
                show(s.indicators.get(&i.id)),
            )
        })
        .collect();
    for t in &ins.tools {
        out.push((
            format!("{} (คะแนนรวม OIT)", t.id.to_uppercase()),
            show(s.tools.get(&t.id)),
        ));
    }
    out
}

/// The OIT tool score of the current self-assessment, if any is saved.
async fn oit_score(
    app: &AppState,
    ins: &Instrument,
    unit: &str,
    fy: i32,
) -> Result<Option<(f64, i32)>, PageError> {
    let Some(v) = app.storage.latest_document(DocKind::Oit, unit, fy).await? else {
        return Ok(None);
    };
    let saved = read_saved(&v);
    let s = score_response(ins, &saved.answers);
    Ok(s.tools.get("oit").map(|score| (*score, v.version)))
}
