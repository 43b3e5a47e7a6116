//! The HTTP surface, one `routes()` per area:
//!
//! | area | paths | module |
//! |---|---|---|
//! | responses | `POST /api/v1/responses` | [`responses`] |
//! | results | `GET /api/v1/results` | [`results`] |
//! | export | `GET /api/v1/export.csv`, `/export.jsonl`, `/items.csv` | [`export`] |
//! | codes | `POST /api/v1/codes` | [`codes`] |
//! | admin | `/admin/…` (pages) | `server::admin` |
//! | public | `/demo`, `/healthz`, `/public`, `/public/{id}` | [`public`] |
//! | instruments | `GET /instruments/{id}.json` (what the widget reads) | `server::instruments` |
//!
//! `/`, `/index.html`, `/embed.html`: the survey page with its first screen rendered by the server
//! (`server::widget_page`). Everything else is the widget's files. Admin authentication and results filters are the
//! extractors of `server::extract`, shared by the API and the pages.
use std::sync::Arc;

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use super::{admin, error, guard, instruments, web, widget_page, AppState};

pub mod codes;
pub mod export;
pub mod public;
pub mod responses;
pub mod results;

/// The whole application.
pub fn app(state: Arc<AppState>, widget_ready: bool) -> Router {
    let api = Router::new()
        .merge(responses::routes())
        .merge(results::routes())
        .merge(export::routes())
        .merge(codes::routes())
        .fallback(|| async {
            error::ApiError::not_found("no_such_endpoint", "path", "no such API endpoint")
        })
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            guard::api_guard,
        ));

    // scripts/precompress.mjs writes FILE.br (brotli 11) and FILE.gz (gzip -9) beside each file:
    // ServeDir sends them with `Content-Encoding` and the original's Content-Type, and the
    // CompressionLayer below leaves a response that already has a Content-Encoding alone. Which
    // file is sent depends on Accept-Encoding, so caches must be told (ServeDir does not say it).
    let files = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .service(
            ServeDir::new(&state.settings.widget_dir)
                .precompressed_br()
                .precompressed_gzip()
                .append_index_html_on_directories(true),
        );
    let mut app = Router::new()
        .nest("/api/v1", api)
        .merge(public::routes())
        .route(
            "/instruments/{file}",
            axum::routing::get(instruments::get_instrument),
        )
        .merge(admin::routes(Arc::clone(&state)));
    if widget_ready {
        // The survey page with its first screen rendered by the server (widget_page.rs).
        app = app.merge(widget_page::routes(Arc::clone(&state)));
    } else {
        app = app.route("/", axum::routing::get(web::widget_missing));
    }
    app.fallback_service(files)
        .layer(axum::middleware::from_fn(guard::static_cache))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(guard::log_request))
        .with_state(state)
}
