//! Every error the HTTP API returns: one enum, one JSON shape.
//!
//! ```json
//! { "error": { "code": "invalid_answer", "message": "…", "field": "answers.e1.1",
//!              "problems": [ { "path": "answers.e1.1", "message": "…" } ] } }
//! ```
//!
//! `code` is stable and meant for programs (the widget decides from the status whether to retry:
//! 4xx never, 408/429/5xx with backoff); `message` is for people; `field` names the offending part
//! of the request (a JSON path into the envelope, a query parameter or a header) when there is one.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use prongsai_core::Problem;
use serde_json::json;

#[derive(Debug)]
pub enum ApiError {
    /// The body is not JSON at all (400).
    MalformedJson(String),
    /// A header or query parameter is wrong (400).
    BadRequest {
        code: &'static str,
        field: Option<String>,
        message: String,
    },
    /// The envelope or its answers break the contract (422); every problem is listed.
    Invalid {
        code: &'static str,
        problems: Vec<Problem>,
    },
    /// Missing or wrong admin token (401).
    Unauthorized,
    /// Not allowed for this request, e.g. a cross-origin call from an origin not on the list or a
    /// missing / unknown / used one-time code (403).
    Forbidden {
        code: &'static str,
        field: Option<String>,
        message: String,
    },
    /// No such instrument, edition or route (404).
    NotFound {
        code: &'static str,
        field: Option<String>,
        message: String,
    },
    /// The same envelope id was already stored with a different body (409).
    Conflict {
        code: &'static str,
        field: Option<String>,
        message: String,
    },
    /// The request body did not arrive within the body timeout (408); the connection is closed.
    RequestTimeout,
    /// Body larger than the configured limit (413); answered before the body is read, and the
    /// connection is closed.
    PayloadTooLarge { limit: usize },
    /// Content-Type is not JSON (415).
    UnsupportedMediaType { got: Option<String> },
    /// Too many requests from this client (429), with the seconds to wait.
    RateLimited { retry_after_secs: u64 },
    /// The server is shutting down or its queue is full (503); clients retry.
    Unavailable(String),
    /// Anything that is the server's fault (500). The detail is logged, not sent.
    Internal(anyhow::Error),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_) | ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::BadRequest { code, .. }
            | ApiError::Invalid { code, .. }
            | ApiError::Forbidden { code, .. }
            | ApiError::NotFound { code, .. }
            | ApiError::Conflict { code, .. } => code,
            ApiError::Unauthorized => "unauthorized",
            ApiError::RequestTimeout => "body_timeout",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UnsupportedMediaType { .. } => "unsupported_media_type",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// One invalid field.
    pub fn invalid(
        code: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError::Invalid {
            code,
            problems: vec![Problem::new(field, message)],
        }
    }

    pub fn bad_request(code: &'static str, field: &str, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            code,
            field: Some(field.to_string()),
            message: message.into(),
        }
    }

    pub fn not_found(code: &'static str, field: &str, message: impl Into<String>) -> ApiError {
        ApiError::NotFound {
            code,
            field: Some(field.to_string()),
            message: message.into(),
        }
    }

    pub fn forbidden(
        code: &'static str,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError::Forbidden {
            code,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            ApiError::BadRequest { field, .. }
            | ApiError::Forbidden { field, .. }
            | ApiError::NotFound { field, .. }
            | ApiError::Conflict { field, .. } => field.clone(),
            ApiError::PayloadTooLarge { .. } | ApiError::RequestTimeout => Some("body".to_string()),
            ApiError::Invalid { problems, .. } => problems.first().map(|p| p.path.clone()),
            ApiError::UnsupportedMediaType { .. } => Some("Content-Type".to_string()),
            ApiError::Unauthorized => Some("Authorization".to_string()),
            _ => None,
        }
    }

    fn message(&self) -> String {
        match self {
            ApiError::MalformedJson(detail) => {
                format!("the request body is not valid JSON: {detail}")
            }
            ApiError::BadRequest { message, .. }
            | ApiError::Forbidden { message, .. }
            | ApiError::NotFound { message, .. }
            | ApiError::Conflict { message, .. } => message.clone(),
            ApiError::RequestTimeout => {
                "the request body did not arrive in time; send it again".to_string()
            }
            ApiError::Invalid { problems, .. } => match problems.as_slice() {
                [one] => one.to_string(),
                many => format!(
                    "{} problems; first: {}",
                    many.len(),
                    many.first().map(ToString::to_string).unwrap_or_default()
                ),
            },
            ApiError::Unauthorized => {
                "this needs the admin token: send `Authorization: Bearer <token>`".to_string()
            }
            ApiError::PayloadTooLarge { limit } => {
                format!("the request body is larger than {limit} bytes")
            }
            ApiError::UnsupportedMediaType { got: Some(got) } => {
                format!("send the envelope as `Content-Type: application/json`, not `{got}`")
            }
            ApiError::UnsupportedMediaType { got: None } => {
                "send the envelope as `Content-Type: application/json` (the header is missing)"
                    .to_string()
            }
            ApiError::RateLimited { retry_after_secs } => {
                format!("too many requests; try again in {retry_after_secs} s")
            }
            ApiError::Unavailable(why) => why.clone(),
            ApiError::Internal(_) => {
                "the server could not complete the request; try again later".to_string()
            }
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> ApiError {
        ApiError::Internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(err) = &self {
            tracing::error!("internal error: {err:#}");
        }
        let status = self.status();
        let mut error = json!({
            "code": self.code(),
            "message": self.message(),
            "field": self.field(),
        });
        if let ApiError::Invalid { problems, .. } = &self {
            error["problems"] = json!(problems);
        }
        let mut response = (status, axum::Json(json!({ "error": error }))).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        match &self {
            ApiError::RateLimited { retry_after_secs } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    headers.insert(header::RETRY_AFTER, v);
                }
            }
            ApiError::Unavailable(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
            }
            ApiError::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            // The unread rest of the body must not be taken for the next request: close.
            ApiError::PayloadTooLarge { .. } | ApiError::RequestTimeout => {
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            _ => {}
        }
        response
    }
}
