//! Pages anyone may open: the demo start page, the health check and the public summaries
//! (their handlers render in `server::web` and `server::public`).
use std::sync::Arc;

use axum::routing::get;
use axum::Router;

use crate::server::{public, web, AppState};

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/demo", get(web::demo))
        .route("/healthz", get(web::healthz))
        .route("/public", get(public::list))
        .route("/public/{id}", get(public::summary))
}
