//! The HTTP API: `POST /api/v1/responses` (public), and behind the admin token
//! `GET /api/v1/results`, `GET /api/v1/export.csv`, `POST /api/v1/codes`.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use prongsai_core::{score_response, Date, Envelope, Instrument};
use serde_json::{json, Value};

use super::codes;
use super::day;
use super::error::ApiError;
use super::export;
use super::ingest::SubmitError;
use super::storage::{CodeCheck, Filter, InsertOutcome, NewResponse};
use super::AppState;

/// Header carrying a one-time code (alternatively the envelope's top-level `"code"` field).
pub const CODE_HEADER: &str = "x-prongsai-code";
/// How far past the limit a too-large body is still read, so that the client sees the 413 rather
/// than a reset connection.
const DRAIN_LIMIT: usize = 32 * 1024 * 1024;

type Shared = State<Arc<AppState>>;

// ---------------------------------------------------------------------------------------------
// POST /api/v1/responses

pub async fn post_response(
    State(app): Shared,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_json(&headers)?;
    let bytes = read_body(&headers, body, app.settings.max_body_bytes).await?;
    let mut value: Value =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson(json_error(&e)))?;

    // The one-time code may travel in the envelope; it is taken out and never stored.
    let body_code = match value.as_object_mut().and_then(|o| o.remove("code")) {
        Some(Value::String(s)) => Some(s),
        Some(Value::Null) | None => None,
        Some(_) => {
            return Err(ApiError::invalid(
                "invalid_envelope",
                "code",
                "must be a string (the one-time code)",
            ))
        }
    };
    let envelope = Envelope::from_value(&value).map_err(|problems| ApiError::Invalid {
        code: "invalid_envelope",
        problems,
    })?;
    drop(value);

    if let Some(key) = headers.get("idempotency-key") {
        if key.to_str().ok() != Some(envelope.id.as_str()) {
            return Err(ApiError::bad_request(
                "idempotency_key_mismatch",
                "Idempotency-Key",
                "the Idempotency-Key header must equal the envelope's id",
            ));
        }
    }

    let instrument = find_instrument(&app, &envelope.instrument, Some(&envelope.edition), true)?;
    let problems = envelope.check(&instrument);
    if !problems.is_empty() {
        let code = if problems[0].path.starts_with("answers") {
            "invalid_answer"
        } else {
            "invalid_envelope"
        };
        return Err(ApiError::Invalid { code, problems });
    }

    // Unit and service point must be configured.
    let unit = match &envelope.unit {
        Some(u) => app.settings.units.get(u),
        None if app.settings.units.len() == 1 => app.settings.units.values().next(),
        None => None,
    }
    .ok_or_else(|| {
        let known: Vec<&str> = app.settings.units.keys().map(String::as_str).collect();
        ApiError::invalid(
            "unknown_unit",
            "unit",
            format!("unknown unit; this endpoint serves {}", known.join(", ")),
        )
    })?;
    let point = match &envelope.point {
        Some(p) if unit.points.contains(p) => p.clone(),
        Some(_) => {
            return Err(ApiError::invalid(
                "unknown_point",
                "point",
                format!(
                    "unknown service point of unit {}; known: {}",
                    unit.id,
                    unit.points.join(", ")
                ),
            ))
        }
        None => String::new(),
    };

    let day = envelope.date().ok_or_else(|| {
        ApiError::invalid("invalid_envelope", "submitted", "must be a date YYYY-MM-DD")
    })?;
    if day::to_days(day) > day::to_days(day::today()) + 1 {
        return Err(ApiError::invalid(
            "submitted_in_future",
            "submitted",
            "the submission date is in the future",
        ));
    }

    // The server's own scores; the envelope's are what the respondent saw.
    let scores = serde_json::to_value(score_response(&instrument, &envelope.answers))
        .map_err(anyhow::Error::from)?;
    if let Some(theirs) = &envelope.scores {
        if let Some(what) = scores_differ(theirs, &scores) {
            note_mismatch(&instrument, &what);
        }
    }

    let code = if app.settings.code_surveys.contains(&instrument.id) {
        let typed = headers
            .get(CODE_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .or(body_code);
        match typed.filter(|t| !t.trim().is_empty()) {
            None => CodeCheck::Missing,
            Some(t) => {
                let canonical = codes::normalize(&t).unwrap_or_else(|| t.trim().to_uppercase());
                CodeCheck::Given(codes::hash(&instrument.id, &canonical))
            }
        }
    } else {
        CodeCheck::NotNeeded
    };

    let id = envelope.id.clone();
    let response = NewResponse {
        id: envelope.id,
        instrument: Arc::clone(&instrument),
        unit: unit.id.clone(),
        point,
        day,
        locale: envelope.locale.code().to_string(),
        answers_json: serde_json::to_string(&envelope.answers).map_err(anyhow::Error::from)?,
        scores_json: scores.to_string(),
        answers: envelope.answers,
        code,
    };
    match app.ingest.submit(response).await {
        Ok(InsertOutcome::Created) => Ok(stored(StatusCode::CREATED, "stored", &id)),
        Ok(InsertOutcome::Duplicate | InsertOutcome::Conflict) => Ok(stored(StatusCode::OK, "already_stored", &id)),
        Ok(InsertOutcome::CodeMissing) => Err(ApiError::forbidden(
            "code_required",
            Some("X-Prongsai-Code"),
            "this survey needs a one-time code: send it in the X-Prongsai-Code header or the envelope's \"code\" field",
        )),
        Ok(InsertOutcome::CodeUnknown) => {
            Err(ApiError::forbidden("code_unknown", Some("X-Prongsai-Code"), "this one-time code is not valid for this survey"))
        }
        Ok(InsertOutcome::CodeUsed) => {
            Err(ApiError::forbidden("code_used", Some("X-Prongsai-Code"), "this one-time code has already been used"))
        }
        Err(SubmitError::Unavailable) => Err(ApiError::Unavailable("the server is busy or restarting; try again".into())),
        Err(SubmitError::Storage(e)) => Err(ApiError::Internal(e)),
    }
}

fn stored(status: StatusCode, what: &str, id: &str) -> Response {
    let mut res = (status, Json(json!({ "status": what, "id": id }))).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
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

async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > DRAIN_LIMIT as u64) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    if declared.is_some_and(|n| n > limit as u64) {
        drain(body).await;
        return Err(ApiError::PayloadTooLarge { limit });
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(ApiError::PayloadTooLarge { limit })
        }
        Err(e) => Err(ApiError::bad_request(
            "body_unreadable",
            "body",
            format!("the request body could not be read: {e}"),
        )),
    }
}

async fn drain(body: Body) {
    let read = Limited::new(body, DRAIN_LIMIT).collect();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), read).await;
}

fn json_error(e: &serde_json::Error) -> String {
    e.to_string()
}

pub(crate) fn find_instrument(
    app: &AppState,
    id: &str,
    edition: Option<&str>,
    in_body: bool,
) -> Result<Arc<Instrument>, ApiError> {
    let surveys = &app.settings.surveys;
    if let Some(ins) = surveys.get(id, edition) {
        return Ok(ins);
    }
    if !surveys.contains(id) {
        let known: Vec<&str> = surveys.latest().map(|i| i.id.as_str()).collect();
        let message = format!(
            "unknown instrument \"{id}\"; this endpoint collects {}",
            known.join(", ")
        );
        return Err(if in_body {
            ApiError::invalid("unknown_instrument", "instrument", message)
        } else {
            ApiError::not_found("unknown_instrument", "instrument", message)
        });
    }
    let message = format!(
        "edition \"{}\" of {id} is not known here (known: {})",
        edition.unwrap_or(""),
        surveys.editions(id).join(", ")
    );
    Err(if in_body {
        ApiError::invalid("unknown_edition", "edition", message)
    } else {
        ApiError::not_found("unknown_edition", "edition", message)
    })
}

/// Compares the envelope's scores with the server's: `Some(first differing key)`.
fn scores_differ(theirs: &Value, ours: &Value) -> Option<String> {
    for group in ["items", "indicators", "tools", "dimensions"] {
        let (Some(o), t) = (
            ours.get(group).and_then(Value::as_object),
            theirs.get(group),
        ) else {
            continue;
        };
        for (key, ov) in o {
            let tv = t.and_then(|t| t.get(key)).and_then(Value::as_f64);
            match (ov.as_f64(), tv) {
                (Some(a), Some(b)) if (a - b).abs() <= 0.006 => {}
                _ => return Some(format!("{group}.{key}")),
            }
        }
    }
    None
}

static MISMATCHES: AtomicU64 = AtomicU64::new(0);

/// Logs a version mismatch (the first ten, then every thousandth) without anything identifying.
fn note_mismatch(ins: &Instrument, what: &str) {
    let n = MISMATCHES.fetch_add(1, Ordering::Relaxed) + 1;
    if n <= 10 || n.is_multiple_of(1000) {
        tracing::warn!(
            "version mismatch: a {} {} envelope's scores differ from the server's at {what} ({n} so far); \
             the server's scores are stored",
            ins.id,
            ins.edition
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Admin: results, export, codes

pub(crate) fn require_admin(app: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(token) if constant_time_eq(token.as_bytes(), app.settings.admin_token.as_bytes()) => {
            Ok(())
        }
        _ => Err(ApiError::Unauthorized),
    }
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0xff));
    }
    diff == 0
}

pub(crate) fn filter_from_query(
    app: &AppState,
    q: &HashMap<String, String>,
) -> Result<Filter, ApiError> {
    let id = q
        .get("instrument")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            ApiError::bad_request(
                "missing_parameter",
                "instrument",
                "name the instrument: ?instrument=ID",
            )
        })?;
    let instrument = find_instrument(
        app,
        id,
        q.get("edition")
            .map(String::as_str)
            .filter(|s| !s.is_empty()),
        false,
    )?;
    let unit = q.get("unit").filter(|s| !s.is_empty()).cloned();
    if let Some(u) = &unit {
        if !app.settings.units.contains_key(u) {
            let known: Vec<&str> = app.settings.units.keys().map(String::as_str).collect();
            return Err(ApiError::bad_request(
                "unknown_unit",
                "unit",
                format!("unknown unit; known: {}", known.join(", ")),
            ));
        }
    }
    let mut dates = [None, None];
    for (slot, name) in dates.iter_mut().zip(["from", "to"]) {
        if let Some(text) = q.get(name).filter(|s| !s.is_empty()) {
            let d = Date::parse(text).ok_or_else(|| {
                ApiError::bad_request(
                    "bad_date",
                    name,
                    format!("{name} must be a date YYYY-MM-DD"),
                )
            })?;
            *slot = Some(d.to_string());
        }
    }
    let [from, to] = dates;
    if let (Some(f), Some(t)) = (&from, &to) {
        if f > t {
            return Err(ApiError::bad_request("bad_date", "to", "to is before from"));
        }
    }
    Ok(Filter {
        instrument,
        unit,
        point: q.get("point").filter(|s| !s.is_empty()).cloned(),
        from,
        to,
    })
}

pub async fn get_results(
    State(app): Shared,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    require_admin(&app, &headers)?;
    let Query(q) = query.map_err(|e| ApiError::bad_request("bad_query", "query", e.body_text()))?;
    let filter = filter_from_query(&app, &q)?;
    let tally = app.storage.tally(&filter).await?;
    let report = tally.report(&filter.instrument);
    let mut res = Json(report).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

pub async fn get_export(
    State(app): Shared,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    require_admin(&app, &headers)?;
    let Query(q) = query.map_err(|e| ApiError::bad_request("bad_query", "query", e.body_text()))?;
    let filter = filter_from_query(&app, &q)?;
    Ok(export::raw(&app, filter, export::RawFormat::Csv))
}

/// `GET /api/v1/export.jsonl`: the raw answers as JSON Lines of envelopes (see `export::raw`).
pub async fn get_export_jsonl(
    State(app): Shared,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    require_admin(&app, &headers)?;
    let Query(q) = query.map_err(|e| ApiError::bad_request("bad_query", "query", e.body_text()))?;
    let filter = filter_from_query(&app, &q)?;
    Ok(export::raw(&app, filter, export::RawFormat::Jsonl))
}

/// `GET /api/v1/items.csv`: one row per tool, indicator, dimension, item and sub-item.
pub async fn get_items_csv(
    State(app): Shared,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    require_admin(&app, &headers)?;
    let Query(q) = query.map_err(|e| ApiError::bad_request("bad_query", "query", e.body_text()))?;
    let filter = filter_from_query(&app, &q)?;
    let tally = app.storage.tally(&filter).await?;
    let report = tally.report(&filter.instrument);
    Ok(export::items_csv_response(&filter.instrument, &report))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodesRequest {
    survey: String,
    count: u32,
}

pub const MAX_CODES: u32 = 5000;

pub async fn post_codes(
    State(app): Shared,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_admin(&app, &headers)?;
    require_json(&headers)?;
    let bytes = read_body(&headers, body, 4096).await?;
    let value: Value =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson(json_error(&e)))?;
    let req: CodesRequest = serde_json::from_value(value).map_err(|e| {
        ApiError::invalid(
            "invalid_request",
            "",
            format!("expected {{\"survey\": ID, \"count\": N}}: {e}"),
        )
    })?;
    if !app.settings.code_surveys.contains(&req.survey) {
        return Err(ApiError::invalid(
            "not_a_code_survey",
            "survey",
            format!(
                "\"{}\" does not use one-time codes; list it in code_surveys in the config",
                req.survey
            ),
        ));
    }
    if req.count == 0 || req.count > MAX_CODES {
        return Err(ApiError::invalid(
            "invalid_request",
            "count",
            format!("count must be 1 … {MAX_CODES}"),
        ));
    }
    let today = day::today();
    let mut made: Vec<String> = Vec::with_capacity(req.count as usize);
    while made.len() < req.count as usize {
        let fresh: Vec<String> = (made.len()..req.count as usize)
            .map(|_| codes::generate())
            .collect();
        let mut unique: Vec<String> = Vec::new();
        for c in fresh {
            if !made.contains(&c) && !unique.contains(&c) {
                unique.push(c);
            }
        }
        let hashes: Vec<String> = unique
            .iter()
            .map(|c| codes::hash(&req.survey, &codes::normalize(c).unwrap_or_default()))
            .collect();
        let added = app.storage.add_codes(&req.survey, hashes, today).await?;
        if added == unique.len() {
            made.extend(unique);
        } else {
            // A collision with an existing code (astronomically rare): the whole round is
            // discarded from the answer, and the stored hashes of this round are harmless
            // unused codes nobody holds.
            tracing::warn!("one-time code collision; making another round");
        }
    }
    let mut res = (
        StatusCode::CREATED,
        Json(json!({ "survey": req.survey, "count": made.len(), "codes": made })),
    )
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}
