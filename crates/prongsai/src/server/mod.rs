//! `prongsai serve`: the collection endpoint, the widget and the results API.
//!
//! Routes (docs/design.md "The native binary"):
//! * `GET /`, `/index.html`, `/embed.html`: the survey page with its first screen rendered by the
//!   server (`widget_page.rs`), so `/?survey=ita-eit&unit=demo` shows the EIT at once.
//! * every other path not below: the built widget from `--widget-dir`, brotli/gzip, long cache
//!   for content-hashed files.
//! * `GET /demo`: start page listing the enabled surveys with links and QR codes.
//! * `GET /healthz`.
//! * `POST /api/v1/responses`: the result envelope (see `routes/responses.rs` for the status
//!   codes, `submission.rs` for the checks).
//! * `GET /instruments/{id}.json`: an enabled instrument as the widget reads it (`instruments.rs`).
//! * `GET /api/v1/results?instrument=ID[&edition&unit&point&from&to]`, `GET /api/v1/export.csv?…`,
//!   `GET /api/v1/export.jsonl?…`, `GET /api/v1/items.csv?…`, `POST /api/v1/codes` — with
//!   `Authorization: Bearer <admin token>`.
//! * `/admin/…`: the officer's results pages, comment moderation, reports, exports and posters
//!   behind a login (`admin.rs`); `/public/<id>`: public summary pages (`public.rs`).
//!
//! On start exactly one line goes to stdout, `listening on http://ADDR` (with the real port when
//! `--addr …:0`); everything else is logged to stderr, never with a client address or user agent.
//! SIGTERM / Ctrl-C: stop accepting, finish the requests in flight, store what is queued, close.
//!
//! Layout: `routes/` has one `routes()` per area; `extract.rs` the extractors shared by API and
//! pages (client address, admin Bearer, results filter); `auth.rs` the admin token and its one
//! failure limiter; `submission.rs` the checks of an envelope; `connections.rs` the connection
//! limits and timeouts; `state.rs` the shared `AppState`.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use clap::Args;

pub mod admin;
pub mod auth;
pub mod body;
pub mod code_check;
pub mod code_slips;
pub mod codes;
pub mod comments;
pub mod config;
pub mod connections;
pub mod dashboard;
pub mod day;
pub mod error;
pub mod export;
pub mod extract;
pub mod guard;
pub mod ingest;
pub mod instruments;
pub mod ita;
pub mod masking;
pub mod moderation;
pub mod oit;
pub mod page;
pub mod periods;
pub mod posters;
pub mod public;
pub mod ratelimit;
pub mod routes;
pub mod session;
pub mod state;
pub mod storage;
pub mod submission;
pub mod web;
pub mod widget_page;

use config::{Overrides, Settings};
use ingest::Ingest;
use ratelimit::{AuthFailures, RateLimiter};
pub use state::AppState;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080; `127.0.0.1:0` picks a free port]
    #[arg(long, value_name = "IP:PORT")]
    pub addr: Option<SocketAddr>,
    /// Folder of the SQLite database [default: ./data]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Use PostgreSQL instead of SQLite: postgres://user:password@host:port/database
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// Folder of the built widget (scripts/build-widget.sh) [default: ./dist]
    #[arg(long, value_name = "DIR")]
    pub widget_dir: Option<PathBuf>,
    /// TOML settings: units, service points, allowed origins, admin token, surveys, instrument
    /// files, one-time-code surveys, rate limits. Without it: demo defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    init_logging();
    let overrides = Overrides {
        addr: args.addr,
        data_dir: args.data_dir,
        database: args.database,
        widget_dir: args.widget_dir,
    };
    let env_token = std::env::var("PRONGSAI_ADMIN_TOKEN").ok();
    let settings = Settings::load(args.config.as_deref(), overrides, env_token)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("prongsai-serve")
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(settings))
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("PRONGSAI_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let storage = storage::open(&settings.storage).await?;
    let stored = storage.count().await?;
    let text_codes: storage::TextCodes = settings
        .surveys
        .all()
        .map(|ins| {
            (
                (ins.id.clone(), ins.edition.clone()),
                moderation::text_codes(ins),
            )
        })
        .collect();
    let indexed = storage.index_comments(text_codes).await?;
    if indexed > 0 {
        tracing::info!("indexed {indexed} comments of responses stored before comment moderation");
    }
    let recounted = storage
        .recount_tallies(settings.surveys.all().cloned().collect())
        .await?;
    if recounted > 0 {
        tracing::info!(
            "counted {recounted} result buckets again (per-respondent counts, schema 6)"
        );
    }
    let writers = match settings.storage {
        config::StorageTarget::Sqlite { .. } => 1,
        config::StorageTarget::Postgres { .. } => 4,
    };
    let (ingest, writer_tasks) = Ingest::start(Arc::clone(&storage), writers);

    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .with_context(|| format!("cannot listen on {}", settings.addr))?;
    let local = listener.local_addr()?;

    if settings.admin_token_generated {
        eprintln!(
            "prongsai: admin token for this run (set PRONGSAI_ADMIN_TOKEN or admin_token in the config to keep one): {}",
            settings.admin_token
        );
    }
    tracing::info!(
        "settings: {}; storage: {} ({stored} responses); surveys: {}",
        settings.source,
        storage.describe(),
        settings
            .surveys
            .latest()
            .map(|i| format!("{} {}", i.id, i.edition))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let widget_ready = settings.widget_dir.join("index.html").is_file();
    if !widget_ready {
        tracing::warn!(
            "no widget in {} (build it with scripts/build-widget.sh or pass --widget-dir); / shows a notice meanwhile",
            settings.widget_dir.display()
        );
    }

    let limiter = RateLimiter::new(&settings.rate_limit);
    let auth_failures = AuthFailures::new(&settings.rate_limit);
    let limits = connections::Limits::from_config(
        &settings.connections,
        settings.rate_limit.trust_forwarded_for,
    );
    let state = Arc::new(AppState {
        settings,
        storage: Arc::clone(&storage),
        ingest,
        limiter,
        auth_failures,
        sessions: session::Sessions::new(Arc::clone(&storage)),
        local_addr: local,
    });
    let app = router(Arc::clone(&state), widget_ready);

    {
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{local}")?;
        out.flush()?;
    }

    connections::serve(listener, app, limits, shutdown_signal()).await;

    tracing::info!("shutting down: storing what is queued");
    drop(state);
    for task in writer_tasks {
        if tokio::time::timeout(Duration::from_secs(30), task)
            .await
            .is_err()
        {
            tracing::warn!("a writer did not finish in time");
        }
    }
    storage.close().await?;
    tracing::info!("stopped");
    Ok(())
}

/// The whole application; public so tests and benchmarks can serve it in-process.
pub fn router(state: Arc<AppState>, widget_ready: bool) -> Router {
    routes::app(state, widget_ready)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown requested; finishing the requests in flight");
}
