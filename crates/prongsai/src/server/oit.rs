//! The OIT self-assessment in the officer's pages (issue 12 points 2 and 6), behind the admin
//! gate like every `/admin` page:
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

// ---------------------------------------------------------------------------------------------
// The link check report

fn size_text(r: &LinkResult) -> Option<String> {
    r.size().map(|b| {
        let kb = b as f64 / 1024.0;
        let at_least = if r.truncated && r.content_length.is_none() {
            "≥ "
        } else {
            ""
        };
        if kb >= 1.0 {
            format!("{at_least}{} KB", fixed(kb, 1))
        } else {
            format!("{at_least}{b} ไบต์")
        }
    })
}

fn link_rows(report: &LinkReport) -> Vec<LinkRow> {
    report
        .results
        .iter()
        .map(|r| LinkRow {
            code: r.code.to_uppercase(),
            url: if r.url.is_empty() {
                "(ไม่ได้ระบุ URL)".into()
            } else {
                r.url.clone()
            },
            status: match (r.status, r.fetched) {
                (Some(s), _) => format!("HTTP {s}"),
                (None, true) => "ไม่ได้รับคำตอบ".into(),
                (None, false) => "ไม่ได้เปิด".into(),
            },
            redirected_to: r
                .final_url
                .clone()
                .filter(|f| !r.redirects.is_empty() && *f != r.url),
            title: r.title.clone(),
            size: size_text(r),
            flags: r.flags.iter().map(|f| f.message_th()).collect(),
        })
        .collect()
}

async fn latest_check(
    app: &AppState,
    scope: &Scope,
    current: Option<i32>,
) -> Result<Option<LinkCheckView>, PageError> {
    let Some(v) = app
        .storage
        .latest_document(DocKind::OitLinks, &scope.unit, scope.fiscal_year)
        .await?
    else {
        return Ok(None);
    };
    let checked = v.body.get("version").and_then(Value::as_i64).unwrap_or(0);
    let report: LinkReport =
        serde_json::from_value(v.body.get("report").cloned().unwrap_or_default()).map_err(|e| {
            anyhow::anyhow!("stored link check {} does not read back: {e}", v.version)
        })?;
    Ok(Some(LinkCheckView {
        version: i32::try_from(checked).unwrap_or(0),
        day: v.saved_day.clone(),
        main_site: report.main_site.clone(),
        fetched_urls: report.fetched_urls,
        flagged_items: report.flagged_items,
        rows: link_rows(&report),
        outdated: current.is_some_and(|c| i64::from(c) != checked),
    }))
}

// ---------------------------------------------------------------------------------------------
// /admin/ita/oit

struct View {
    scope: Scope,
    saved_form: Saved,
    problems: Vec<(String, String)>,
    saved: Option<i32>,
    viewing: Option<i32>,
}

async fn render(app: &AppState, ins: &Instrument, v: View) -> Result<String, PageError> {
    let history = app
        .storage
        .document_history(DocKind::Oit, &v.scope.unit, v.scope.fiscal_year)
        .await?;
    let current = history.first().map(|h| (h.version, h.saved_day.clone()));
    // The score is of what is saved (the current version), not of what was just refused.
    let scored = match history.first() {
        Some(h) => read_saved(h).answers,
        None => Answers::new(),
    };
    let link_check = latest_check(app, &v.scope, current.as_ref().map(|c| c.0)).await?;
    Ok(oit_pages::page(&OitPage {
        instrument: format!("{} (ฉบับปีงบประมาณ {})", ins.title.th, ins.edition),
        unverified: ins.unverified.as_ref().map(|t| t.th.clone()),
        groups: groups(ins, &v.saved_form.answers, &v.problems),
        main_site: v.saved_form.main_site.clone(),
        scores: scores(ins, &scored),
        problems: v
            .problems
            .iter()
            .map(|(_, m)| m.clone())
            .collect::<Vec<_>>(),
        saved: v.saved,
        viewing: v.viewing,
        current,
        history: history
            .iter()
            .map(|h| (h.version, h.saved_day.clone()))
            .collect(),
        link_check,
        scope: v.scope,
    }))
}

async fn oit_get(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q)?;
    let ins = instrument(&app)?;
    let wanted = match q.get("version").filter(|v| !v.is_empty()) {
        Some(v) => Some(v.parse::<i32>().map_err(|_| {
            PageError::bad_request(format!("version “{v}” ต้องเป็นเลขฉบับ (a version number)"))
        })?),
        None => None,
    };
    let history = app
        .storage
        .document_history(DocKind::Oit, &scope.unit, scope.fiscal_year)
        .await?;
    let shown = match wanted {
        Some(n) => Some(history.iter().find(|h| h.version == n).ok_or_else(|| {
            PageError::not_found(format!("ไม่มีฉบับที่ {n} ของแบบประเมินนี้ (no such version)"))
        })?),
        None => history.first(),
    };
    let viewing = shown
        .filter(|s| history.first().is_some_and(|h| h.version != s.version))
        .map(|s| s.version);
    let html = render(
        &app,
        &ins,
        View {
            saved_form: shown.map(read_saved).unwrap_or_default(),
            problems: Vec::new(),
            saved: q.get("saved").and_then(|v| v.parse().ok()),
            viewing,
            scope,
        },
    )
    .await?;
    Ok(page::ok(html))
}

async fn oit_post(
    State(app): Shared,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields: BTreeMap<String, String> = pairs.into_iter().collect();
    let scope = scope(&app, &fields)?;
    let ins = instrument(&app)?;
    let form = typed(&ins, &fields);
    let problems = problems(&ins, &form);
    if !problems.is_empty() {
        let html = render(
            &app,
            &ins,
            View {
                scope,
                saved_form: form,
                problems,
                saved: None,
                viewing: None,
            },
        )
        .await?;
        return Ok(page::respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            html,
            "no-store",
        ));
    }
    let version = app
        .storage
        .save_document(
            DocKind::Oit,
            &scope.unit,
            scope.fiscal_year,
            day::today(),
            &saved_body(&ins, &form),
        )
        .await?;
    Ok(redirect(&here(
        "/admin/ita/oit",
        &scope,
        Some(("saved", version.to_string())),
    )))
}

// ---------------------------------------------------------------------------------------------
// Link check

async fn linkcheck_post(
    State(app): Shared,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields: BTreeMap<String, String> = pairs.into_iter().collect();
    let scope = scope(&app, &fields)?;
    let ins = instrument(&app)?;
    let timeout = match fields.get("timeout").map(|t| t.trim()).filter(|t| !t.is_empty()) {
        None => DEFAULT_TIMEOUT,
        Some(t) => t
            .parse::<u64>()
            .ok()
            .filter(|t| (1..=MAX_TIMEOUT).contains(t))
            .ok_or_else(|| {
                PageError::bad_request(format!(
                    "เวลารอ “{t}” ต้องเป็นจำนวนวินาที 1–{MAX_TIMEOUT} (timeout: whole seconds, 1–{MAX_TIMEOUT})"
                ))
            })?,
    };
    let Some(current) = app
        .storage
        .latest_document(DocKind::Oit, &scope.unit, scope.fiscal_year)
        .await?
    else {
        return Err(PageError::bad_request(
            "ยังไม่ได้บันทึกแบบประเมิน OIT ของหน่วยงานและปีงบประมาณนี้ จึงยังไม่มีลิงก์ให้ตรวจ — save the self-assessment first",
        ));
    };
    let saved = read_saved(&current);
    let answers: Map<String, Value> = saved.answers.clone().into_iter().collect();
    let links = linkcheck::evidence_links(&answers, "answers").map_err(|problems| {
        PageError::from(anyhow::anyhow!(
            "stored OIT answers {}/{} v{} do not read back: {}",
            scope.unit,
            scope.fiscal_year,
            current.version,
            problems
                .iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    let links = links
        .into_iter()
        .map(|mut l| {
            let item = ins.items().find(|i| i.code == l.code);
            l.answered_yes = l.answered_yes && item.is_some_and(|i| i.needs_url);
            l.label = item.map(|i| i.text.th.clone());
            l
        })
        .collect();
    let main_site = if saved.main_site.is_empty() {
        None
    } else {
        // Checked when saved; a site that no longer reads is simply not used.
        MainSite::parse(&saved.main_site).ok()
    };
    let report = linkcheck::check(
        links,
        CheckOptions {
            main_site,
            timeout: Duration::from_secs(timeout),
            ..CheckOptions::default()
        },
    )
    .await;
    let body = json!({
        "version": current.version,
        "timeout_seconds": timeout,
        "report": serde_json::to_value(&report).map_err(anyhow::Error::from)?,
    });
    app.storage
        .save_document(
            DocKind::OitLinks,
            &scope.unit,
            scope.fiscal_year,
            day::today(),
            &body,
        )
        .await?;
    Ok(redirect(&format!(
        "{}#linkcheck",
        here("/admin/ita/oit", &scope, None)
    )))
}

// ---------------------------------------------------------------------------------------------
// Print and export

async fn current(
    app: &AppState,
    scope: &Scope,
) -> Result<(Option<(i32, String)>, Saved), PageError> {
    Ok(
        match app
            .storage
            .latest_document(DocKind::Oit, &scope.unit, scope.fiscal_year)
            .await?
        {
            Some(v) => (Some((v.version, v.saved_day.clone())), read_saved(&v)),
            None => (None, Saved::default()),
        },
    )
}

async fn print(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q)?;
    let ins = instrument(&app)?;
    let (version, saved) = current(&app, &scope).await?;
    let groups = groups(&ins, &saved.answers, &[]);
    let html = oit_form(&OitFormDoc {
        agency: agency(&app, Some(&scope.unit)),
        unit: app.settings.units.get(&scope.unit).map(unit_name),
        fiscal_year: scope.fiscal_year,
        instrument: format!("{} (ฉบับปีงบประมาณ {})", ins.title.th, ins.edition),
        version,
        groups: &groups,
        generated: day::today().to_string(),
    });
    Ok(document_response(
        html,
        &format!("oit-{}-{}.html", scope.unit, scope.fiscal_year),
        true,
    ))
}

fn answer_th(a: &str) -> &str {
    match a {
        "yes" => "มี",
        "no" => "ไม่มี",
        other => other,
    }
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe (as in `export.rs`).
fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn csv_text(groups: &[OitGroup]) -> Result<String, PageError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let write_err = |e: csv::Error| PageError::from(anyhow::Error::from(e));
    w.write_record(["ข้อ", "ตัวชี้วัดย่อย", "ข้อมูล", "คำตอบ", "URL", "คำอธิบายเพิ่มเติม"])
        .map_err(write_err)?;
    for g in groups {
        for i in &g.items {
            w.write_record([
                guard(&i.code.to_uppercase()),
                guard(&g.id),
                guard(&i.title),
                guard(answer_th(&i.answer)),
                guard(&i.url),
                guard(&i.note),
            ])
            .map_err(write_err)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| PageError::from(anyhow::anyhow!("csv: {e}")))?;
    let text = String::from_utf8(bytes).map_err(anyhow::Error::from)?;
    // The BOM lets Excel read the Thai text as UTF-8.
    Ok(format!("\u{feff}{text}"))
}

async fn export_csv(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q)?;
    let ins = instrument(&app)?;
    let (_, saved) = current(&app, &scope).await?;
    let body = csv_text(&groups(&ins, &saved.answers, &[]))?;
    Ok(export::download(
        body,
        "text/csv; charset=utf-8",
        &format!("oit-{}-{}.csv", scope.unit, scope.fiscal_year),
    ))
}

async fn export_json(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q)?;
    let ins = instrument(&app)?;
    let (version, saved) = current(&app, &scope).await?;
    let s = score_response(&ins, &saved.answers);
    let items: Vec<Value> = groups(&ins, &saved.answers, &[])
        .iter()
        .flat_map(|g| {
            g.items.iter().map(|i| {
                json!({
                    "code": i.code.to_uppercase(),
                    "sub_indicator": g.id,
                    "title": i.title,
                    "answer": i.answer,
                    "url": i.url,
                    "note": i.note,
                })
            })
        })
        .collect();
    let doc = json!({
        "format": "prongsai.oit-export/1",
        "unit": scope.unit,
        "fiscal_year": scope.fiscal_year,
        "instrument": ins.id,
        "edition": ins.edition,
        "version": version.as_ref().map(|v| v.0),
        "saved_day": version.as_ref().map(|v| v.1.clone()),
        "main_site": saved.main_site,
        "items": items,
        "answers": Value::Object(saved.answers.clone().into_iter().collect::<Map<String, Value>>()),
        "scores": { "indicators": s.indicators, "tools": s.tools },
    });
    let text = serde_json::to_string_pretty(&doc).map_err(anyhow::Error::from)?;
    Ok(export::download(
        text,
        "application/json",
        &format!("oit-{}-{}.json", scope.unit, scope.fiscal_year),
    ))
}

// ---------------------------------------------------------------------------------------------
// Estimate

/// The agency's own IIT / EIT tool scores of the unit over fiscal year `fy`, with their sources.
async fn survey_tools(
    app: &AppState,
    unit: &str,
    fy: i32,
) -> Result<BTreeMap<String, (f64, String)>, PageError> {
    let mut out = BTreeMap::new();
    for (_, report) in ita::own_reports(app, unit, fy).await? {
        for (tool, stats) in &report.tools {
            if let Some(score) = stats.score {
                out.insert(
                    tool.clone(),
                    (
                        score,
                        format!(
                            "แบบสำรวจ {} ฉบับ {}: ผู้ตอบ {} คน",
                            report.instrument, report.edition, report.n
                        ),
                    ),
                );
            }
        }
    }
    Ok(out)
}

async fn estimate_get(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q)?;
    let fy = scope.fiscal_year;
    let mut found = survey_tools(&app, &scope.unit, fy).await?;
    let ins = instrument(&app)?;
    if let Some((score, version)) = oit_score(&app, &ins, &scope.unit, fy).await? {
        found.insert(
            "oit".into(),
            (score, format!("แบบประเมิน OIT ของหน่วยงาน ฉบับที่ {version}")),
        );
    }
    // The weights of the fiscal year, else of the latest earlier edition known.
    let editions = edition::builtin_editions();
    let key = editions
        .keys()
        .rfind(|k| k.parse::<i32>().is_ok_and(|k| k <= fy))
        .or_else(|| editions.keys().next())
        .cloned()
        .unwrap_or_default();
    let Some(data) = editions.get(&key) else {
        return Err(PageError::from(anyhow::anyhow!("no built-in edition data")));
    };
    let how_to = |tool: &str| match tool {
        "oit" => {
            "ยังไม่ได้บันทึกแบบประเมิน OIT ของหน่วยงานและปีงบประมาณนี้ (กรอกที่หน้าแบบประเมิน OIT)".to_string()
        }
        t => format!(
            "ยังไม่มีคำตอบแบบสำรวจ {} ของหน่วยงานนี้ในปีงบประมาณ {fy}",
            t.to_uppercase()
        ),
    };
    let tools: Vec<ToolLine> = data
        .weights
        .iter()
        .map(|(t, w)| ToolLine {
            tool: t.to_uppercase(),
            score: found.get(t).map(|(s, _)| fixed(*s, DISPLAY_DECIMALS)),
            weight: fixed(*w, 0),
            source: found
                .get(t)
                .map(|(_, src)| src.clone())
                .unwrap_or_else(|| how_to(t)),
        })
        .collect();
    let scores: BTreeMap<String, f64> = found.iter().map(|(t, (s, _))| (t.clone(), *s)).collect();
    let mut page = EstimatePage {
        scope,
        tools,
        score: None,
        grade: None,
        edition: key.clone(),
        unverified: data.unverified,
        missing: Vec::new(),
    };
    match estimate::estimate_with(&key, data, &scores, DISPLAY_DECIMALS) {
        Ok(e) => {
            page.score = Some(fixed(estimate::shown(&e), DISPLAY_DECIMALS));
            page.grade = e.grade.map(|g| g.label.th);
            page.unverified = e.unverified;
        }
        Err(problems) => {
            page.missing = problems
                .into_iter()
                .map(|p| match p.path.strip_prefix("tools.") {
                    Some(t) if !found.contains_key(t) => how_to(t),
                    _ => p.message,
                })
                .collect();
        }
    }
    Ok(page::ok(oit_pages::estimate(&page)))
}
