//! `POST /api/v1/codes` (admin token): `{"survey": ID, "count": N}` → N new one-time codes for a
//! code survey. Only their hashes are stored.
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::server::body::{read_limited, require_json};
use crate::server::error::ApiError;
use crate::server::extract::AdminBearer;
use crate::server::{codes, day, AppState};

pub const MAX_CODES: u32 = 5000;
/// A codes request is a few dozen bytes.
const MAX_REQUEST: usize = 4096;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/codes", post(post_codes))
        // What the widget asks before the first question (never uses a code up).
        .route("/codes/check", post(crate::server::code_check::post_check))
        .route(
            "/surveys/{id}",
            axum::routing::get(crate::server::code_check::get_survey),
        )
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodesRequest {
    survey: String,
    count: u32,
}

pub async fn post_codes(
    State(app): State<Arc<AppState>>,
    _: AdminBearer,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_json(&headers)?;
    let bytes = read_limited(&headers, body, MAX_REQUEST).await?;
    let value: Value =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    let req: CodesRequest = serde_json::from_value(value).map_err(|e| {
        ApiError::invalid(
            "invalid_request",
            "",
            format!("expected {{\"survey\": ID, \"count\": N}}: {e}"),
        )
    })?;
    if !app.settings.code_surveys.contains(&req.survey) {
        return Err(ApiError::invalid(
            "not_a_code_survey",
            "survey",
            format!(
                "\"{}\" does not use one-time codes; list it in code_surveys in the config",
                req.survey
            ),
        ));
    }
    if req.count == 0 || req.count > MAX_CODES {
        return Err(ApiError::invalid(
            "invalid_request",
            "count",
            format!("count must be 1 … {MAX_CODES}"),
        ));
    }
    let today = day::today();
    let mut made: Vec<String> = Vec::with_capacity(req.count as usize);
    while made.len() < req.count as usize {
        let fresh: Vec<String> = (made.len()..req.count as usize)
            .map(|_| codes::generate())
            .collect();
        let mut unique: Vec<String> = Vec::new();
        for c in fresh {
            if !made.contains(&c) && !unique.contains(&c) {
                unique.push(c);
            }
        }
        let hashes: Vec<String> = unique
            .iter()
            .map(|c| codes::hash(&req.survey, &codes::normalize(c).unwrap_or_default()))
            .collect();
        let added = app.storage.add_codes(&req.survey, hashes, today).await?;
        if added == unique.len() {
            made.extend(unique);
        } else {
            // A collision with an existing code (astronomically rare): the whole round is
            // discarded from the answer, and the stored hashes of this round are harmless
            // unused codes nobody holds.
            tracing::warn!("one-time code collision; making another round");
        }
    }
    let mut res = (
        StatusCode::CREATED,
        Json(json!({ "survey": req.survey, "count": made.len(), "codes": made })),
    )
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
