//! `GET /api/v1/results?instrument=ID[&edition&unit&point&from&to]` (admin token): the aggregate
//! in the shape of `prongsai score`.
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::server::error::ApiError;
use crate::server::extract::{AdminBearer, ResultsFilter};
use crate::server::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/results", get(get_results))
}

pub async fn get_results(
    State(app): State<Arc<AppState>>,
    _: AdminBearer,
    ResultsFilter(filter): ResultsFilter,
) -> Result<Response, ApiError> {
    let tally = app.storage.tally(&filter).await?;
    let report = tally.report(&filter.instrument);
    let mut res = Json(report).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
