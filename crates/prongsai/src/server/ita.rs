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

// ---------------------------------------------------------------------------------------------
// Official results

fn indicator_names(app: &AppState) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for id in ["ita-iit", "ita-eit", "ita-oit"] {
        if let Some(ins) = builtin::load(id) {
            for i in &ins.indicators {
                names.insert(i.id.clone(), i.title.th.clone());
            }
        }
    }
    for ins in app.settings.surveys.latest() {
        if matches!(
            ins.kind,
            InstrumentKind::Iit | InstrumentKind::Eit | InstrumentKind::Oit
        ) {
            for i in &ins.indicators {
                names.insert(i.id.clone(), i.title.th.clone());
            }
        }
    }
    names
}

fn ten_indicators(app: &AppState) -> Vec<(String, String)> {
    let names = indicator_names(app);
    (1..=10)
        .map(|i| {
            let id = i.to_string();
            let name = names.get(&id).cloned().unwrap_or_default();
            (id, name)
        })
        .collect()
}

fn form_of(r: &OfficialResults) -> OfficialForm {
    let mut recommendations: Vec<(String, String)> = r
        .recommendations
        .iter()
        .map(|x| (x.code.clone(), x.text.clone()))
        .collect();
    recommendations.extend((0..BLANK_RECOMMENDATIONS).map(|_| Default::default()));
    OfficialForm {
        fiscal_year: r.fiscal_year.clone(),
        overall: r.overall.map(|v| fixed(v, 2)).unwrap_or_default(),
        grade: r.grade.clone().unwrap_or_default(),
        tools: TOOLS
            .iter()
            .map(|t| {
                (
                    t.to_string(),
                    r.tools.get(*t).map(|v| fixed(*v, 2)).unwrap_or_default(),
                )
            })
            .collect(),
        indicators: (1..=10)
            .map(|i| {
                r.indicators
                    .get(&i.to_string())
                    .map(|v| fixed(*v, 2))
                    .unwrap_or_default()
            })
            .collect(),
        recommendations,
    }
}

fn blank_form(fy: i32) -> OfficialForm {
    OfficialForm {
        fiscal_year: fy.to_string(),
        tools: TOOLS
            .iter()
            .map(|t| (t.to_string(), String::new()))
            .collect(),
        indicators: vec![String::new(); 10],
        recommendations: vec![Default::default(); BLANK_RECOMMENDATIONS + 3],
        ..OfficialForm::default()
    }
}

/// The form as typed, from the posted fields.
fn typed_form(f: &BTreeMap<String, String>) -> OfficialForm {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let mut rows: BTreeMap<usize, (String, String)> = BTreeMap::new();
    for (k, v) in f {
        let mut parts = k.splitn(3, '.');
        if let (Some("rec"), Some(i), Some(field)) = (parts.next(), parts.next(), parts.next()) {
            if let Ok(i) = i.parse::<usize>() {
                let row = rows.entry(i).or_default();
                match field {
                    "code" => row.0 = v.clone(),
                    "text" => row.1 = v.clone(),
                    _ => {}
                }
            }
        }
    }
    OfficialForm {
        fiscal_year: get("fiscal_year"),
        overall: get("overall"),
        grade: get("grade"),
        tools: TOOLS
            .iter()
            .map(|t| (t.to_string(), get(&format!("tool.{t}"))))
            .collect(),
        indicators: (1..=10).map(|i| get(&format!("indicator.{i}"))).collect(),
        recommendations: rows.into_values().collect(),
    }
}

/// A typed score as JSON: a number when it reads as one, else the text (which the importer then
/// names as the problem).
fn score_value(s: &str) -> Value {
    let t = s.trim();
    t.parse::<f64>()
        .ok()
        .and_then(|v| serde_json::Number::from_f64(v).map(Value::Number))
        .unwrap_or_else(|| Value::String(t.to_string()))
}

/// The form in the JSON import format, so typed and imported results are checked by the same
/// code.
fn form_json(f: &OfficialForm, unit: &str) -> Value {
    let mut obj = Map::new();
    obj.insert("format".into(), json!(OFFICIAL_FORMAT));
    obj.insert("fiscal_year".into(), json!(f.fiscal_year.trim()));
    obj.insert("unit".into(), json!(unit));
    if !f.overall.trim().is_empty() {
        obj.insert("overall".into(), score_value(&f.overall));
    }
    if !f.grade.trim().is_empty() {
        obj.insert("grade".into(), json!(f.grade.trim()));
    }
    let tools: Map<String, Value> = f
        .tools
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(t, v)| (t.clone(), score_value(v)))
        .collect();
    obj.insert("tools".into(), Value::Object(tools));
    let indicators: Map<String, Value> = f
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(i, v)| ((i + 1).to_string(), score_value(v)))
        .collect();
    obj.insert("indicators".into(), Value::Object(indicators));
    let recs: Vec<Value> = f
        .recommendations
        .iter()
        .filter(|(c, t)| !c.trim().is_empty() || !t.trim().is_empty())
        .map(|(c, t)| json!({ "code": c.trim(), "text": t.trim() }))
        .collect();
    obj.insert("recommendations".into(), Value::Array(recs));
    Value::Object(obj)
}

struct OfficialView {
    scope: Scope,
    form: OfficialForm,
    import_text: String,
    problems: Vec<Problem>,
    saved: Option<i32>,
}

async fn official_page(app: &AppState, v: OfficialView) -> Result<String, PageError> {
    let fy = parse_fiscal_year(&v.form.fiscal_year).unwrap_or(v.scope.fiscal_year);
    let history = app
        .storage
        .document_history(Kind::Official, &v.scope.unit, fy)
        .await?;
    Ok(official_page::page(&OfficialPage {
        units: v.scope.units,
        unit: v.scope.unit,
        form: v.form,
        import_text: v.import_text,
        problems: v.problems,
        saved: v.saved,
        history: history_rows(&history),
        indicator_names: ten_indicators(app),
    }))
}

async fn official_get(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, -1)?;
    let form = match latest_official(&app, &scope.unit, scope.fiscal_year).await? {
        Some((r, _, _)) => form_of(&r),
        None => blank_form(scope.fiscal_year),
    };
    let html = official_page(
        &app,
        OfficialView {
            saved: saved_param(&q),
            scope,
            form,
            import_text: String::new(),
            problems: Vec::new(),
        },
    )
    .await?;
    Ok(page::ok(html))
}

/// Checks the results against the chosen unit and saves them; the problems otherwise.
async fn save_official(
    app: &AppState,
    unit: &str,
    parsed: Result<OfficialResults, Vec<ImportProblem>>,
) -> Result<Result<(i32, i32), Vec<Problem>>, PageError> {
    let results = match parsed {
        Ok(r) => r,
        Err(problems) => return Ok(Err(problems.into_iter().map(from_import).collect())),
    };
    if let Some(u) = results.unit.as_deref().filter(|u| *u != unit) {
        return Ok(Err(vec![problem(
            None,
            "unit",
            format!(
                "ผลนี้เป็นของหน่วยงาน “{u}” แต่เลือกหน่วยงาน “{unit}” — the results name another unit"
            ),
        )]));
    }
    let Some(fy) = parse_fiscal_year(&results.fiscal_year) else {
        return Ok(Err(vec![problem(
            None,
            "fiscal_year",
            "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2567 — a Buddhist-era year",
        )]));
    };
    let version = app
        .storage
        .save_document(Kind::Official, unit, fy, day::today(), &results.to_json())
        .await?;
    Ok(Ok((fy, version)))
}

async fn official_post(
    State(app): Shared,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = pairs_map(&pairs);
    let mut scope = scope(&app, &fields, -1)?;
    let form = typed_form(&fields);
    let parsed = official::from_json(&form_json(&form, &scope.unit).to_string());
    match save_official(&app, &scope.unit, parsed).await? {
        Ok((fy, version)) => {
            scope.fiscal_year = fy;
            Ok(redirect(&here(
                "/admin/ita/official",
                &scope,
                Some(version),
            )))
        }
        Err(problems) => {
            let mut form = form;
            form.recommendations
                .extend((0..BLANK_RECOMMENDATIONS).map(|_| Default::default()));
            let html = official_page(
                &app,
                OfficialView {
                    scope,
                    form,
                    import_text: String::new(),
                    problems,
                    saved: None,
                },
            )
            .await?;
            Ok(unprocessable(html))
        }
    }
}

async fn official_import(
    State(app): Shared,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        PageError::bad_request(format!("อ่านแบบฟอร์มที่ส่งมาไม่ได้ (bad upload): {e}"))
    };
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut file = String::new();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(bad)?;
        let Ok(text) = String::from_utf8(bytes.to_vec()) else {
            return Err(PageError::bad_request(
                "ไฟล์ต้องเป็นข้อความ UTF-8 (CSV หรือ JSON) — the file must be UTF-8 text",
            ));
        };
        let text = text.trim_start_matches('\u{feff}').to_string();
        if name == "file" {
            file = text;
        } else {
            fields.insert(name, text);
        }
    }
    let pasted = fields.get("text").cloned().unwrap_or_default();
    let input = if file.trim().is_empty() {
        pasted.clone()
    } else {
        file
    };
    let scope = scope(&app, &fields, -1)?;
    let parsed = if input.trim().is_empty() {
        Err(vec![ImportProblem {
            row: None,
            column: String::new(),
            message: "ไม่มีไฟล์หรือข้อความที่จะนำเข้า — nothing to import".into(),
        }])
    } else if input.trim_start().starts_with('{') {
        official::from_json(&input)
    } else {
        official::from_csv(&input)
    };
    match save_official(&app, &scope.unit, parsed).await? {
        Ok((fy, version)) => {
            let mut scope = scope;
            scope.fiscal_year = fy;
            Ok(redirect(&here(
                "/admin/ita/official",
                &scope,
                Some(version),
            )))
        }
        Err(problems) => {
            let form = match latest_official(&app, &scope.unit, scope.fiscal_year).await? {
                Some((r, _, _)) => form_of(&r),
                None => blank_form(scope.fiscal_year),
            };
            let html = official_page(
                &app,
                OfficialView {
                    scope,
                    form,
                    import_text: pasted,
                    problems,
                    saved: None,
                },
            )
            .await?;
            Ok(unprocessable(html))
        }
    }
}

fn template(body: &'static str, content_type: &'static str, ext: &str) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"official-results-template.{ext}\""
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

// ---------------------------------------------------------------------------------------------
// O42 measures

/// The measures as posted (`m.<row>.<field>`), rows with nothing typed dropped, and what is
/// missing from the others.
fn typed_measures(pairs: &[(String, String)]) -> (Vec<Measure>, Vec<Problem>) {
    let mut rows: BTreeMap<usize, Measure> = BTreeMap::new();
    for (k, v) in pairs {
        let mut parts = k.splitn(3, '.');
        let (Some("m"), Some(i), Some(field)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Ok(i) = i.parse::<usize>() else { continue };
        let m = rows.entry(i).or_default();
        let v = v.trim().to_string();
        match field {
            "id" => m.id = v,
            "title" => m.title = v,
            "issue" => m.issue = v,
            "owner" => m.owner = v,
            "steps" => m.steps = v,
            "deadline" => m.deadline = v,
            "monitoring" => m.monitoring = v,
            "reporting" => m.reporting = v,
            "urgent" => m.urgent = v == "yes",
            _ => {}
        }
    }
    let mut measures: Vec<Measure> = rows
        .into_values()
        .filter(|m| {
            let typed = [
                &m.title,
                &m.issue,
                &m.owner,
                &m.steps,
                &m.deadline,
                &m.monitoring,
                &m.reporting,
            ];
            typed.iter().any(|s| !s.is_empty())
        })
        .collect();
    let mut problems = Vec::new();
    for (i, m) in measures.iter().enumerate() {
        let n = i + 1;
        for (value, column, what) in [
            (&m.title, "มาตรการ", "ชื่อมาตรการ"),
            (&m.owner, "ผู้รับผิดชอบ", "ผู้รับผิดชอบ"),
            (&m.deadline, "กำหนดเวลาแล้วเสร็จ", "กำหนดเวลาแล้วเสร็จ"),
        ] {
            if value.is_empty() {
                problems.push(problem(
                    Some(n),
                    column,
                    format!("มาตรการที่ {n} ต้องระบุ{what}"),
                ));
            }
        }
    }
    // New rows get the next free id; ids are what the O43 progress refers to.
    let mut next = measures
        .iter()
        .filter_map(|m| m.id.strip_prefix('m').and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    let mut seen = std::collections::HashSet::new();
    for m in &mut measures {
        if m.id.is_empty() || !seen.insert(m.id.clone()) {
            next += 1;
            m.id = format!("m{next}");
            seen.insert(m.id.clone());
        }
    }
    (measures, problems)
}

fn with_blanks(mut measures: Vec<Measure>) -> Vec<Measure> {
    measures.extend((0..BLANK_MEASURES).map(|_| Measure::default()));
    measures
}

async fn measures_get(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, 0)?;
    let (plan, _) = latest_plan(&app, &scope.unit, scope.fiscal_year).await?;
    let history = app
        .storage
        .document_history(Kind::Measures, &scope.unit, scope.fiscal_year)
        .await?;
    Ok(page::ok(measure_pages::measures(&MeasuresPage {
        saved: saved_param(&q),
        scope,
        measures: with_blanks(plan.measures),
        problems: Vec::new(),
        history: history_rows(&history),
    })))
}

async fn measures_post(
    State(app): Shared,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let scope = scope(&app, &pairs_map(&pairs), 0)?;
    let (measures, problems) = typed_measures(&pairs);
    if !problems.is_empty() {
        let history = app
            .storage
            .document_history(Kind::Measures, &scope.unit, scope.fiscal_year)
            .await?;
        return Ok(unprocessable(measure_pages::measures(&MeasuresPage {
            scope,
            measures: with_blanks(measures),
            problems,
            saved: None,
            history: history_rows(&history),
        })));
    }
    let body = serde_json::to_value(MeasuresPlan { measures }).map_err(anyhow::Error::from)?;
    let version = app
        .storage
        .save_document(
            Kind::Measures,
            &scope.unit,
            scope.fiscal_year,
            day::today(),
            &body,
        )
        .await?;
    Ok(redirect(&here(
        "/admin/ita/measures",
        &scope,
        Some(version),
    )))
}

// ---------------------------------------------------------------------------------------------
// O43 progress

fn evidence_text(p: &MeasureProgress) -> String {
    p.evidence.join("\n")
}

/// The progress as posted (`<measure id>.<field>`), checked against the plan's measures.
fn typed_progress(
    plan: &MeasuresPlan,
    fields: &BTreeMap<String, String>,
) -> (Vec<(Measure, MeasureProgress, String)>, Vec<Problem>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (n, m) in plan.measures.iter().enumerate() {
        let get = |f: &str| {
            fields
                .get(&format!("{}.{f}", m.id))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let status_key = get("status");
        let status = match Status::from_key(&status_key) {
            Some(s) => s,
            None => {
                problems.push(problem(
                    Some(n + 1),
                    "สถานะ",
                    format!("มาตรการ “{}”: สถานะ “{status_key}” ไม่ใช่ ยังไม่ดำเนินการ / อยู่ระหว่างดำเนินการ / ดำเนินการเสร็จเรียบร้อยแล้ว", m.title),
                ));
                Status::NotStarted
            }
        };
        let evidence_raw = fields
            .get(&format!("{}.evidence", m.id))
            .cloned()
            .unwrap_or_default();
        let mut evidence = Vec::new();
        for line in evidence_raw
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            match url::Url::parse(line) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                    evidence.push(line.to_string())
                }
                _ => problems.push(problem(
                    Some(n + 1),
                    "หลักฐาน",
                    format!(
                        "มาตรการ “{}”: “{line}” ไม่ใช่ลิงก์ http:// หรือ https:// — evidence must be an http(s) URL",
                        m.title
                    ),
                )),
            }
        }
        let p = MeasureProgress {
            measure: m.id.clone(),
            status,
            started: get("started"),
            finished: get("finished"),
            result: get("result"),
            outcome: get("outcome"),
            responsible: get("responsible"),
            evidence,
        };
        rows.push((m.clone(), p, evidence_raw));
    }
    (rows, problems)
}

async fn progress_view(
    app: &AppState,
    scope: Scope,
    rows: Vec<(Measure, MeasureProgress, String)>,
    problems: Vec<Problem>,
    saved: Option<i32>,
) -> Result<String, PageError> {
    let history = app
        .storage
        .document_history(Kind::Progress, &scope.unit, scope.fiscal_year)
        .await?;
    Ok(measure_pages::progress(&ProgressPage {
        scope,
        rows,
        problems,
        saved,
        history: history_rows(&history),
    }))
}

async fn progress_get(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, 0)?;
    let (plan, _) = latest_plan(&app, &scope.unit, scope.fiscal_year).await?;
    let progress = latest_progress(&app, &scope.unit, scope.fiscal_year).await?;
    let rows = plan
        .measures
        .iter()
        .map(|m| {
            let p = progress.of(&m.id);
            let e = evidence_text(&p);
            (m.clone(), p, e)
        })
        .collect();
    let html = progress_view(&app, scope, rows, Vec::new(), saved_param(&q)).await?;
    Ok(page::ok(html))
}

async fn progress_post(
    State(app): Shared,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = pairs_map(&pairs);
    let scope = scope(&app, &fields, 0)?;
    let (plan, _) = latest_plan(&app, &scope.unit, scope.fiscal_year).await?;
    let mut problems = Vec::new();
    for id in pairs.iter().filter(|(k, _)| k == "measure").map(|(_, v)| v) {
        if !plan.measures.iter().any(|m| &m.id == id) {
            problems.push(problem(
                None,
                "measure",
                format!("ไม่มีมาตรการ “{id}” ในแผนฉบับปัจจุบัน (แผนถูกแก้ไขระหว่างนั้น) — unknown measure"),
            ));
        }
    }
    let (rows, more) = typed_progress(&plan, &fields);
    problems.extend(more);
    if !problems.is_empty() {
        let html = progress_view(&app, scope, rows, problems, None).await?;
        return Ok(unprocessable(html));
    }
    let progress = Progress {
        entries: rows.into_iter().map(|(_, p, _)| p).collect(),
    };
    let body = serde_json::to_value(progress).map_err(anyhow::Error::from)?;
    let version = app
        .storage
        .save_document(
            Kind::Progress,
            &scope.unit,
            scope.fiscal_year,
            day::today(),
            &body,
        )
        .await?;
    Ok(redirect(&here(
        "/admin/ita/progress",
        &scope,
        Some(version),
    )))
}

// ---------------------------------------------------------------------------------------------
// Documents

fn code(fy: i32, report: &str) -> Option<(String, String)> {
    edition::report_code_or_earlier(&fy.to_string(), report)
        .map(|(e, c)| (e.to_string(), c.to_string()))
}

fn unit_label(app: &AppState, unit: &str) -> Option<String> {
    app.settings.units.get(unit).map(unit_name)
}

/// The agency's own IIT / EIT results of the unit over fiscal year `fy`.
pub(super) async fn own_reports(
    app: &AppState,
    unit: &str,
    fy: i32,
) -> Result<Vec<(String, Report)>, PageError> {
    let (from, to) = periods::fiscal_year(fy);
    let mut out = Vec::new();
    for ins in app.settings.surveys.latest() {
        if !matches!(ins.kind, InstrumentKind::Iit | InstrumentKind::Eit) {
            continue;
        }
        let filter = Filter {
            instrument: Arc::clone(ins),
            unit: Some(unit.to_string()),
            point: None,
            from: Some(from.to_string()),
            to: Some(to.to_string()),
        };
        let report = app.storage.tally(&filter).await?.report(ins);
        if report.n > 0 {
            let tool = ins
                .tools
                .iter()
                .map(|t| t.id.to_uppercase())
                .collect::<Vec<_>>()
                .join("/");
            out.push((tool, report));
        }
    }
    Ok(out)
}

async fn o42_doc(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, 0)?;
    let fy = scope.fiscal_year;
    let Some((results, _, _)) = latest_official(&app, &scope.unit, fy - 1).await? else {
        return Err(PageError::not_found(format!(
            "ยังไม่ได้บันทึกผลการประเมินอย่างเป็นทางการ ปีงบประมาณ {} ของหน่วยงานนี้ — บันทึกที่ /admin/ita/official ก่อน",
            fy - 1
        )));
    };
    let (plan, _) = latest_plan(&app, &scope.unit, fy).await?;
    let own = own_reports(&app, &scope.unit, fy).await?;
    let doc = OfficialO42 {
        agency: agency(&app, Some(&scope.unit)),
        unit: unit_label(&app, &scope.unit),
        fiscal_year: fy,
        official: &results,
        indicator_names: indicator_names(&app),
        own: own
            .iter()
            .map(|(tool, report)| OwnResults { tool, report })
            .collect(),
        plan: &plan,
        signatories: &app.settings.signatories,
        code: code(fy, REPORT_MEASURES),
        generated: day::today(),
        thai_digits: false,
    };
    let view = q.get("download").is_none_or(|v| v != "1");
    Ok(document_response(
        o42_official(&doc),
        &format!("o42-{}-{fy}.html", scope.unit),
        view,
    ))
}

async fn o43_doc(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, 0)?;
    let fy = scope.fiscal_year;
    let round = match q.get("round").map(String::as_str) {
        None | Some("") => Round::TwelveMonths,
        Some(r) => Round::from_months(r).ok_or_else(|| {
            PageError::bad_request(format!(
                "round ต้องเป็น 6 หรือ 12 (รอบ 6 หรือ 12 เดือน), ไม่ใช่ “{r}”"
            ))
        })?,
    };
    let (plan, _) = latest_plan(&app, &scope.unit, fy).await?;
    let progress = latest_progress(&app, &scope.unit, fy).await?;
    let html = o43(&O43Options {
        agency: agency(&app, Some(&scope.unit)),
        unit: unit_label(&app, &scope.unit),
        fiscal_year: fy,
        round,
        plan: &plan,
        progress: &progress,
        signatories: &app.settings.signatories,
        code: code(fy, REPORT_MEASURES_PROGRESS),
        generated: day::today(),
        thai_digits: false,
    });
    let view = q.get("download").is_none_or(|v| v != "1");
    Ok(document_response(
        html,
        &format!("o43-{}-{fy}-{}m.html", scope.unit, round.months()),
        view,
    ))
}
