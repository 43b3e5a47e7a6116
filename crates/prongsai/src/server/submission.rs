//! The domain checks of one submitted envelope, in one place: from the request body to a
//! checked, server-scored response ready to store (or the precise error naming the field).
//!
//! Checks, in order: JSON; the envelope contract (`prongsai_core::Envelope`); the
//! `Idempotency-Key` header equals the envelope's `id`; the instrument and edition are collected
//! here; the answers fit the instrument; the unit and service point are configured; `submitted`
//! is not after today in Bangkok nor more than `max_backdate_days` before it; and, for one-time
//! code surveys, which code came with it (used up only when the response is stored).
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::http::HeaderMap;
use prongsai_core::{score_response, Date, Envelope, Instrument};
use serde_json::Value;

use super::codes;
use super::error::ApiError;
use super::extract::find_instrument;
use super::storage::{CodeCheck, NewResponse};
use super::AppState;

/// Header carrying a one-time code (alternatively the envelope's top-level `"code"` field).
pub const CODE_HEADER: &str = "x-prongsai-code";

/// A response that passed every check, scored by the server.
#[derive(Debug)]
pub struct CheckedResponse(pub NewResponse);

impl CheckedResponse {
    pub fn id(&self) -> &str {
        &self.0.id
    }
}

/// Runs every check on a request body; `today` is today in Bangkok.
pub fn check(
    app: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    today: Date,
) -> Result<CheckedResponse, ApiError> {
    let mut value: Value =
        serde_json::from_slice(body).map_err(|e| ApiError::MalformedJson(e.to_string()))?;

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

    let instrument = find_instrument(app, &envelope.instrument, Some(&envelope.edition), true)?;
    let problems = envelope.check(&instrument);
    if !problems.is_empty() {
        let code = if problems[0].path.starts_with("answers") {
            "invalid_answer"
        } else {
            "invalid_envelope"
        };
        return Err(ApiError::Invalid { code, problems });
    }

    let (unit, point) = unit_and_point(app, envelope.unit.as_deref(), envelope.point.as_deref())?;

    let day = envelope.date().ok_or_else(|| {
        ApiError::invalid("invalid_envelope", "submitted", "must be a date YYYY-MM-DD")
    })?;
    check_day(day, today, app.settings.max_backdate_days)?;

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

    Ok(CheckedResponse(NewResponse {
        id: envelope.id,
        instrument: Arc::clone(&instrument),
        area: app
            .settings
            .point_areas
            .get(&point)
            .cloned()
            .unwrap_or_default(),
        unit,
        point,
        day,
        locale: envelope.locale.code().to_string(),
        answers_json: serde_json::to_string(&envelope.answers).map_err(anyhow::Error::from)?,
        scores_json: scores.to_string(),
        answers: envelope.answers,
        code,
    }))
}

/// The configured unit (the only one when the envelope names none) and service point ("" for
/// none).
fn unit_and_point(
    app: &AppState,
    unit: Option<&str>,
    point: Option<&str>,
) -> Result<(String, String), ApiError> {
    let units = &app.settings.units;
    let unit = match unit {
        Some(u) => units.get(u),
        None if units.len() == 1 => units.values().next(),
        None => None,
    }
    .ok_or_else(|| {
        let known: Vec<&str> = units.keys().map(String::as_str).collect();
        ApiError::invalid(
            "unknown_unit",
            "unit",
            format!("unknown unit; this endpoint serves {}", known.join(", ")),
        )
    })?;
    let point = match point {
        Some(p) if unit.points.iter().any(|q| q == p) => p.to_string(),
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
    Ok((unit.id.clone(), point))
}

/// `submitted` must lie within `max_backdate_days` before `today` (Bangkok) and today. Older
/// paper data goes through `prongsai score` or an explicit import, not the public endpoint.
pub fn check_day(day: Date, today: Date, max_backdate_days: u32) -> Result<(), ApiError> {
    if day > today {
        return Err(ApiError::invalid(
            "submitted_in_future",
            "submitted",
            format!("the submission date {day} is after today ({today}, Bangkok time)"),
        ));
    }
    let oldest = today.add_days(-i64::from(max_backdate_days));
    if day < oldest {
        return Err(ApiError::invalid(
            "submitted_too_old",
            "submitted",
            format!(
                "the submission date {day} is more than {max_backdate_days} days before today \
                 ({today}, Bangkok time); the oldest accepted is {oldest}. Older answers on \
                 paper are entered with `prongsai score`, not sent to this endpoint"
            ),
        ));
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    fn code_of(r: Result<(), ApiError>) -> Option<&'static str> {
        r.err().map(|e| e.code())
    }

    #[test]
    fn submitted_must_be_within_the_backdate_window_and_not_in_the_future() {
        let today = d("2026-12-02");
        assert_eq!(code_of(check_day(today, today, 60)), None);
        assert_eq!(
            code_of(check_day(d("2026-10-03"), today, 60)),
            None,
            "60 days back"
        );
        assert_eq!(
            code_of(check_day(d("2026-10-02"), today, 60)),
            Some("submitted_too_old")
        );
        assert_eq!(
            code_of(check_day(d("2010-01-01"), today, 60)),
            Some("submitted_too_old")
        );
        assert_eq!(
            code_of(check_day(d("0000-01-01"), today, 60)),
            Some("submitted_too_old")
        );
        assert_eq!(
            code_of(check_day(d("2026-12-03"), today, 60)),
            Some("submitted_in_future")
        );
        assert_eq!(
            code_of(check_day(d("2026-12-01"), today, 0)),
            Some("submitted_too_old")
        );
    }
}
