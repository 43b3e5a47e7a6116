//! Middleware: the API guard (CORS allowlist with preflight, rate limit) and the request log.
//!
//! Neither keeps nor logs a client address or user agent: the rate limiter sees the address only
//! as the input of a keyed hash held in memory, and the log line is method, path, status, time.
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::extract::ClientAddr;
use super::AppState;

const ALLOW_METHODS: &str = "GET, POST, OPTIONS";
const ALLOW_HEADERS: &str = "content-type, idempotency-key, x-prongsai-code, authorization";
const EXPOSE_HEADERS: &str = "retry-after";

/// CORS and rate limiting for `/api/…`.
pub async fn api_guard(State(app): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // `GET /api/v1/surveys/{id}` (does the survey need a code?) is public and read by widgets on
    // host pages of any origin, like `/instruments/ID.json`: no origin check (its handler answers
    // with `Access-Control-Allow-Origin: *`); still rate limited below.
    let public_read = (req.method() == Method::GET || req.method() == Method::OPTIONS)
        && req.uri().path().contains("/surveys/");
    if public_read && req.method() == Method::OPTIONS {
        // The widget's fetch is preflighted: allow it from any origin, for GET only.
        let mut res = StatusCode::NO_CONTENT.into_response();
        let h = res.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        preflight(h, "GET, OPTIONS");
        return res;
    }
    let cross_origin = match &origin {
        _ if public_read => None,
        None => None,
        Some(o) if is_same_origin(o, req.headers()) => None,
        Some(o) if app.settings.origins.allows(o) => Some(o.clone()),
        Some(_) => {
            return ApiError::forbidden(
                "origin_not_allowed",
                Some("Origin"),
                "this site may not send to this endpoint; add its origin to allowed_origins in the server's config",
            )
            .into_response();
        }
    };

    if req.method() == Method::OPTIONS {
        if let Some(o) = &cross_origin {
            let mut res = StatusCode::NO_CONTENT.into_response();
            add_cors(res.headers_mut(), o);
            preflight(res.headers_mut(), ALLOW_METHODS);
            return res;
        }
    } else if let Err(retry_after_secs) = app
        .limiter
        .check(client_ip(&req, app.settings.rate_limit.trust_forwarded_for))
    {
        let mut res = ApiError::RateLimited { retry_after_secs }.into_response();
        if let Some(o) = &cross_origin {
            add_cors(res.headers_mut(), o);
        }
        return res;
    }

    let mut res = next.run(req).await;
    if let Some(o) = &cross_origin {
        add_cors(res.headers_mut(), o);
    }
    res
}

fn add_cors(h: &mut HeaderMap, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
    h.append(header::VARY, HeaderValue::from_static("origin"));
}

/// A browser sends `Origin` on same-origin POSTs too; those are always allowed.
fn is_same_origin(origin: &str, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let rest = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    rest.is_some_and(|r| r.eq_ignore_ascii_case(host))
}

/// The client's address for the limiters (see [`ClientAddr`]).
pub(crate) fn client_ip(req: &Request, trust_forwarded_for: bool) -> Option<IpAddr> {
    ClientAddr::from_parts(req.headers(), req.extensions(), trust_forwarded_for).0
}

/// One debug line per request: method, path (no query), status, milliseconds. Nothing about the
/// client.
pub async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    tracing::debug!(
        "{method} {path} {} {:.1} ms",
        res.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    res
}

/// Cache policy for the widget's files: content-hashed names never change, so they are cached
/// for a year; everything else (index.html, embed.html, unhashed names) is revalidated.
pub async fn static_cache(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let immutable = is_content_hashed(path);
    // The widget's code files are public and fetched without credentials: a municipal site on
    // another origin loads them with the script tag or the custom element (module scripts and
    // the wasm fetch are CORS requests). Pages, the API and the admin stay same-origin.
    let embeddable = [".js", ".wasm", ".css"]
        .iter()
        .any(|ext| path.ends_with(ext));
    let mut res = next.run(req).await;
    if embeddable
        && res.status().is_success()
        && !res
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    {
        res.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        res.headers_mut().insert(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        );
    }
    let set = res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED;
    if set && !res.headers().contains_key(header::CACHE_CONTROL) {
        let value = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// `app-3f9a2c1b7d.wasm`, `index.1a2b3c4d.js`, `widget_bg-0123456789abcdef.wasm`: a part of the
/// file name of at least 8 hex digits with both a digit and a letter (or 16+ hex digits).
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.split(['-', '.', '_']).any(|part| {
        let hex = part.len() >= 8 && part.bytes().all(|b| b.is_ascii_hexdigit());
        let mixed = part.bytes().any(|b| b.is_ascii_digit())
            && part.bytes().any(|b| b.is_ascii_alphabetic());
        hex && (mixed || part.len() >= 16)
    })
}

/// The answer to a CORS preflight: the methods allowed, the request headers the widget sends, and
/// how long the browser may remember it.
fn preflight(h: &mut axum::http::HeaderMap, methods: &'static str) {
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(methods),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOW_HEADERS),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn recognises_hashed_names() {
        assert!(is_content_hashed("/prongsai-widget-3f9a2c1b.wasm"));
        assert!(is_content_hashed("/assets/index.1a2b3c4d5e.js"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/prongsai_widget_bg.wasm"));
        assert!(
            !is_content_hashed("/deadbeef.js"),
            "a word made of hex letters is not a hash"
        );
    }
}
