//! HTTP side of the server-rendered pages (results, moderation, login, public summaries): the
//! security headers every page carries, and errors shown as pages. The pages themselves are
//! templates in `prongsai_reports::pages`.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use prongsai_reports::pages::notice;

use super::config::Unit;
use super::error::ApiError;

/// Every admin and public page: nothing but inline styles and `data:` images; forms post here.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                       form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// An HTML response with the page headers: no caching (`no-store` for admin pages), the CSP, no
/// framing, no MIME sniffing, same-origin referrers.
pub fn respond(status: StatusCode, html: String, cache: &'static str) -> Response {
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    secure_headers(h);
    res
}

/// The headers of every `/admin` response: [`secure_headers`], and `no-store` unless the
/// handler chose its own caching.
pub async fn admin_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    secure_headers(h);
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

pub fn secure_headers(h: &mut axum::http::HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
}

pub fn ok(html: String) -> Response {
    respond(StatusCode::OK, html, "no-store")
}

/// An error shown as a page (admin and public pages never answer with JSON).
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub message: String,
}

impl PageError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> PageError {
        PageError {
            status,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::NOT_FOUND, message)
    }

    pub fn bad_request(message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        let status = e.status();
        let message = match &e {
            ApiError::BadRequest { message, .. }
            | ApiError::NotFound { message, .. }
            | ApiError::Forbidden { message, .. } => message.clone(),
            ApiError::Internal(err) => {
                tracing::error!("page failed: {err:#}");
                "เกิดข้อผิดพลาดภายในเซิร์ฟเวอร์ (internal error); ดูบันทึกของเซิร์ฟเวอร์".to_string()
            }
            other => other.code().to_string(),
        };
        PageError { status, message }
    }
}

impl From<anyhow::Error> for PageError {
    fn from(e: anyhow::Error) -> PageError {
        PageError::from(ApiError::Internal(e))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        respond(
            self.status,
            notice::error(self.status.as_u16(), &self.message),
            "no-store",
        )
    }
}

/// A unit's display name: its name, else its id.
pub fn unit_name(u: &Unit) -> String {
    u.name.clone().unwrap_or_else(|| u.id.clone())
}
