//! `GET /instruments/{id}.json[?edition=E]`: an instrument this server serves (a built-in or an
//! agency's file from `instrument_files`, enabled in `surveys`), as the widget reads it.
//!
//! The widget embeds no instrument: it reads the one it shows from the page
//! (`<script type="application/json" data-pg-instrument="ID">`) or fetches it here, relative to
//! the directory its script came from — so, like the widget's own files, this route may be read
//! by host pages on other origins (CORS `*`, no credentials). Everything served here was validated
//! when the settings were loaded; the widget only checks what it needs to render.
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::error::ApiError;
use super::AppState;

#[derive(Debug, Deserialize)]
pub struct InstrumentQuery {
    edition: Option<String>,
}

pub async fn get_instrument(
    State(app): State<Arc<AppState>>,
    Path(file): Path<String>,
    Query(q): Query<InstrumentQuery>,
) -> Response {
    let mut res = match find(&app, &file, q.edition.as_deref()) {
        Ok(body) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => e.into_response(),
    };
    // Readable from any origin, like the widget's files (a 404 too: the widget then says
    // "unknown survey" instead of a network error).
    let headers = res.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
    res
}

fn find(app: &AppState, file: &str, edition: Option<&str>) -> Result<String, ApiError> {
    let Some(id) = file.strip_suffix(".json") else {
        return Err(ApiError::not_found(
            "unknown_instrument",
            "path",
            format!("`{file}`: instruments are at /instruments/ID.json"),
        ));
    };
    let surveys = &app.settings.surveys;
    if !surveys.contains(id) {
        let known: Vec<String> = surveys.latest().map(|i| i.id.clone()).collect();
        return Err(ApiError::not_found(
            "unknown_instrument",
            "id",
            format!(
                "no instrument `{id}` on this server; it serves {}",
                known.join(", ")
            ),
        ));
    }
    let Some(ins) = surveys.get(id, edition) else {
        return Err(ApiError::not_found(
            "unknown_edition",
            "edition",
            format!(
                "no edition `{}` of `{id}`; editions: {}",
                edition.unwrap_or_default(),
                surveys.editions(id).join(", ")
            ),
        ));
    };
    serde_json::to_string(&*ins).map_err(|e| ApiError::Internal(e.into()))
}
