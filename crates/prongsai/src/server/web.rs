//! Pages: the widget's built files at `/` (from `--widget-dir`), the demo start page `/demo`
//! listing the enabled surveys with links and QR codes, and `/healthz`.
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use prongsai_core::Locale;
use prongsai_reports::pages::demo::{self, DemoPage, DemoSurvey};
use prongsai_reports::pages::notice;
use serde_json::json;

use super::page::unit_name;
use super::AppState;

pub async fn healthz(State(app): State<Arc<AppState>>) -> Response {
    let mut res =
        Json(json!({ "status": "ok", "storage": app.storage.describe() })).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Shown at `/` when the widget has not been built into the widget directory.
pub async fn widget_missing(State(app): State<Arc<AppState>>) -> Response {
    let dir = app.settings.widget_dir.display().to_string();
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(notice::widget_missing(&dir)),
    )
        .into_response()
}

/// The demo start page: every enabled survey, a link and a QR code per unit and service point.
pub async fn demo(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let base = base_url(&app, &headers);
    let settings = &app.settings;
    let surveys: Vec<DemoSurvey> = settings
        .surveys
        .latest()
        // Not the OIT: an officer's checklist, refused by the citizen page (widget_page.rs).
        .filter(|ins| ins.kind != prongsai_core::Kind::Oit)
        .map(|ins| DemoSurvey {
            id: ins.id.clone(),
            edition: ins.edition.clone(),
            title_th: ins.title.get(Locale::Th).to_string(),
            title_en: ins.title.get(Locale::En).to_string(),
            needs_code: settings.code_surveys.contains(&ins.id),
            units: settings
                .units
                .values()
                .map(|u| (u.id.clone(), unit_name(u), u.points.clone()))
                .collect(),
            public_summary: settings.public_summaries.contains(&ins.id),
        })
        .collect();
    let base_note = app.public_base_note();
    let html = demo::page(&DemoPage {
        base: &base,
        base_note: &base_note,
        surveys: &surveys,
    });
    let mut res = Html(html).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// The base of links and QR codes: see [`AppState::public_base`] (never the request's `Host`).
pub(crate) fn base_url(app: &AppState, _headers: &HeaderMap) -> String {
    app.public_base()
}
