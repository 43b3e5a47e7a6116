//! Reading request bodies: JSON only, never more than the limit held in memory, never waiting
//! for a body that cannot be accepted.
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::connections::is_body_timeout;
use super::error::ApiError;

/// `Content-Type: application/json` (parameters allowed) or 415.
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let essence = ct.as_deref().map(|c| {
        c.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    match essence.as_deref() {
        Some("application/json") => Ok(()),
        _ => Err(ApiError::UnsupportedMediaType {
            got: ct.map(|c| c.chars().take(100).collect()),
        }),
    }
}

/// A body declared larger than the limit but at most this is read and thrown away (chunk by
/// chunk, nothing kept) after the 413 went out, so that a client still sending sees the 413
/// rather than a reset connection. Larger ones are cut off at once.
const DISCARD_LIMIT: u64 = 32 * 1024 * 1024;
/// How long a refused body is read and thrown away at most.
const DISCARD_TIME: Duration = Duration::from_secs(10);

/// The whole body, at most `limit` bytes. A body declared larger is refused (413) at once,
/// before any of it is read (the rest is discarded as it streams in, or the connection is cut);
/// a body without a declared length is read only up to the limit. The 413 closes the
/// connection, so nothing beyond the limit is ever held in memory. A body that does not arrive
/// within the connection's body timeout is 408.
pub async fn read_limited(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(n) = declared.filter(|n| *n > limit as u64) {
        if n <= DISCARD_LIMIT {
            tokio::spawn(discard(body));
        }
        return Err(ApiError::PayloadTooLarge { limit });
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(ApiError::PayloadTooLarge { limit })
        }
        Err(e) if is_body_timeout(&*e) => Err(ApiError::RequestTimeout),
        Err(e) => Err(ApiError::bad_request(
            "body_unreadable",
            "body",
            format!("the request body could not be read: {e}"),
        )),
    }
}

/// Reads a refused body to its end (or `DISCARD_LIMIT`, or `DISCARD_TIME`), keeping nothing.
async fn discard(mut body: Body) {
    let read = async {
        let mut seen: u64 = 0;
        while let Some(Ok(frame)) = body.frame().await {
            seen += frame.data_ref().map_or(0, |d| d.len() as u64);
            if seen > DISCARD_LIMIT {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(DISCARD_TIME, read).await;
}
