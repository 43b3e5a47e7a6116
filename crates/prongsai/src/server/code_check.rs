//! What the widget asks before the first question of a code survey (docs/server.md "One-time
//! codes"):
//! * `GET /api/v1/surveys/{id}` → `{"id", "needs_code"}`: whether responses to the survey need a
//!   one-time code (`code_surveys` in the config).
//! * `POST /api/v1/codes/check` with `{"survey", "code"}` → 200 `{"status":"ok"}` (or
//!   `"not_needed"`), 403 `code_unknown` / `code_used`, 422 `code_malformed` / `unknown_survey`.
//!   A read-only look-up: the code is used up only by the stored response. Rate limited like the
//!   whole API (guard.rs).
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use serde_json::{json, Value};

use super::codes;
use super::error::ApiError;
use super::storage::CodeState;
use super::AppState;

/// A check is a survey id and a code: far below this.
const MAX_CHECK_BYTES: usize = 4 * 1024;

pub async fn get_survey(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut res = if !app.settings.surveys.contains(&id) {
        ApiError::not_found(
            "unknown_survey",
            "id",
            format!("no survey \"{id}\" on this server"),
        )
        .into_response()
    } else {
        let needs_code = app.settings.code_surveys.contains(&id);
        Json(json!({ "id": id, "needs_code": needs_code })).into_response()
    };
    // Public facts about a survey, read by widgets on host pages of any origin (like
    // `/instruments/ID.json`): readable from everywhere, whatever `allowed_origins` says.
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        axum::http::HeaderValue::from_static("*"),
    );
    res
}

pub async fn post_check(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::UnsupportedMediaType {
            got: headers.get(header::CONTENT_TYPE).map(|v| {
                String::from_utf8_lossy(v.as_bytes())
                    .chars()
                    .take(100)
                    .collect()
            }),
        });
    }
    let bytes = axum::body::to_bytes(body, MAX_CHECK_BYTES)
        .await
        .map_err(|_| ApiError::PayloadTooLarge {
            limit: MAX_CHECK_BYTES,
        })?;
    let value: Value =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    let text = |field: &'static str| -> Result<String, ApiError> {
        match value.get(field) {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(ApiError::invalid(
                if field == "code" {
                    "code_malformed"
                } else {
                    "invalid_request"
                },
                field,
                "must be a string",
            )),
        }
    };
    let survey = text("survey")?;
    let typed = text("code")?;
    if !app.settings.surveys.contains(&survey) {
        return Err(ApiError::invalid(
            "unknown_survey",
            "survey",
            format!("no survey \"{survey}\" on this server"),
        ));
    }
    if !app.settings.code_surveys.contains(&survey) {
        return Ok(Json(json!({ "status": "not_needed" })));
    }
    let Some(canonical) = codes::normalize(&typed) else {
        return Err(ApiError::invalid(
            "code_malformed",
            "code",
            "a one-time code has 10 letters and digits, like ABCDE-FGHJK",
        ));
    };
    match app
        .storage
        .code_state(&survey, &codes::hash(&survey, &canonical))
        .await
        .map_err(ApiError::Internal)?
    {
        CodeState::Unused => Ok(Json(json!({ "status": "ok" }))),
        CodeState::Unknown => Err(ApiError::forbidden(
            "code_unknown",
            Some("code"),
            "this one-time code is not valid for this survey",
        )),
        CodeState::Used => Err(ApiError::forbidden(
            "code_used",
            Some("code"),
            "this one-time code has already been used",
        )),
    }
}
