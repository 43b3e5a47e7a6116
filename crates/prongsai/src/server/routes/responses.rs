//! `POST /api/v1/responses`: the collection endpoint (protocol in docs/server.md).
//!
//! 201 stored; 200 the same envelope was stored before; 409 `id_conflict` its id was stored with
//! a different body; 4xx the envelope was refused (never retried by the widget); 408/429/503
//! retried.
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use crate::server::body::{read_limited, require_json};
use crate::server::error::ApiError;
use crate::server::ingest::SubmitError;
use crate::server::storage::InsertOutcome;
use crate::server::submission::{self, CODE_HEADER};
use crate::server::{day, AppState};

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/responses", post(post_response))
}

pub async fn post_response(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_json(&headers)?;
    let bytes = read_limited(&headers, body, app.settings.max_body_bytes).await?;
    let checked = submission::check(&app, &headers, &bytes, day::today())?;
    drop(bytes);
    let id = checked.id().to_string();
    match app.ingest.submit(checked.0).await {
        Ok(InsertOutcome::Created) => Ok(stored(StatusCode::CREATED, "stored", &id)),
        // Same id, same body (a retry): already stored. Same id, different body: refused.
        Ok(InsertOutcome::Duplicate) => Ok(stored(StatusCode::OK, "already_stored", &id)),
        Ok(InsertOutcome::Conflict) => Err(ApiError::Conflict {
            code: "id_conflict",
            field: Some("id".to_string()),
            message:
                "another response was already stored under this id; a new response needs a new id"
                    .to_string(),
        }),
        Ok(InsertOutcome::CodeMissing) => Err(ApiError::forbidden(
            "code_required",
            Some("X-Prongsai-Code"),
            format!(
                "this survey needs a one-time code: send it in the {CODE_HEADER} header or the envelope's \"code\" field"
            ),
        )),
        Ok(InsertOutcome::CodeUnknown) => Err(ApiError::forbidden(
            "code_unknown",
            Some("X-Prongsai-Code"),
            "this one-time code is not valid for this survey",
        )),
        Ok(InsertOutcome::CodeUsed) => Err(ApiError::forbidden(
            "code_used",
            Some("X-Prongsai-Code"),
            "this one-time code has already been used",
        )),
        Err(SubmitError::Unavailable) => Err(ApiError::Unavailable(
            "the server is busy or restarting; try again".into(),
        )),
        Err(SubmitError::Storage(e)) => Err(ApiError::Internal(e)),
    }
}

fn stored(status: StatusCode, what: &str, id: &str) -> Response {
    let mut res = (status, Json(json!({ "status": what, "id": id }))).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
