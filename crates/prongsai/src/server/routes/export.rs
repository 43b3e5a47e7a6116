//! Exports (admin token): `GET /api/v1/export.csv`, `/export.jsonl` (raw answers, streamed) and
//! `/items.csv` (statistics per tool, indicator, item). The writers are in `server::export`.
use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::server::error::ApiError;
use crate::server::export::{self, RawFormat};
use crate::server::extract::{AdminBearer, ResultsFilter};
use crate::server::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/export.csv", get(get_export_csv))
        .route("/export.jsonl", get(get_export_jsonl))
        .route("/items.csv", get(get_items_csv))
}

pub async fn get_export_csv(
    State(app): State<Arc<AppState>>,
    _: AdminBearer,
    ResultsFilter(filter): ResultsFilter,
) -> Response {
    export::raw(&app, filter, RawFormat::Csv)
}

pub async fn get_export_jsonl(
    State(app): State<Arc<AppState>>,
    _: AdminBearer,
    ResultsFilter(filter): ResultsFilter,
) -> Response {
    export::raw(&app, filter, RawFormat::Jsonl)
}

pub async fn get_items_csv(
    State(app): State<Arc<AppState>>,
    _: AdminBearer,
    ResultsFilter(filter): ResultsFilter,
) -> Result<Response, ApiError> {
    let tally = app.storage.tally(&filter).await?;
    let report = tally.report(&filter.instrument);
    Ok(export::items_csv_response(&filter.instrument, &report))
}
