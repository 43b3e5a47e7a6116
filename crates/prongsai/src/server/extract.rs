//! Extractors shared by the API and the admin pages: the client's address (for the limiters
//! only), admin authentication, and the results filter of a query string.
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};
use prongsai_core::{Date, Instrument};

use super::auth::{self, Bearer};
use super::error::ApiError;
use super::storage::Filter;
use super::AppState;

/// The client's address as the limiters see it: the peer, or behind a trusted reverse proxy the
/// last `X-Forwarded-For` entry. Never stored or logged.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    pub fn of(parts: &Parts, trust_forwarded_for: bool) -> ClientAddr {
        ClientAddr::from_parts(&parts.headers, &parts.extensions, trust_forwarded_for)
    }

    pub fn from_parts(
        headers: &HeaderMap,
        extensions: &Extensions,
        trust_forwarded_for: bool,
    ) -> ClientAddr {
        if trust_forwarded_for {
            // The last entry is the one our own reverse proxy added.
            let forwarded = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|s| s.trim().parse::<IpAddr>().ok())
                .next_back();
            if forwarded.is_some() {
                return ClientAddr(forwarded);
            }
        }
        ClientAddr(
            extensions
                .get::<ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        )
    }
}

impl FromRequestParts<Arc<AppState>> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr::of(
            parts,
            app.settings.rate_limit.trust_forwarded_for,
        ))
    }
}

/// Proof that the request carries the admin token as `Authorization: Bearer`; a wrong or
/// missing token is 401, too many wrong ones from this client 429.
#[derive(Debug, Clone, Copy)]
pub struct AdminBearer;

impl FromRequestParts<Arc<AppState>> for AdminBearer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let ClientAddr(client) = ClientAddr::of(parts, app.settings.rate_limit.trust_forwarded_for);
        match auth::bearer(app, client, &parts.headers) {
            Bearer::Valid => Ok(AdminBearer),
            Bearer::Absent | Bearer::Wrong => Err(ApiError::Unauthorized),
            Bearer::Limited(retry_after_secs) => Err(ApiError::RateLimited { retry_after_secs }),
        }
    }
}

/// The results filter of `?instrument=ID[&edition&unit&point&from&to]`, checked.
pub struct ResultsFilter(pub Filter);

impl FromRequestParts<Arc<AppState>> for ResultsFilter {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let Query(q) = Query::<HashMap<String, String>>::from_request_parts(parts, app)
            .await
            .map_err(|e| ApiError::bad_request("bad_query", "query", e.body_text()))?;
        filter_from_query(app, &q).map(ResultsFilter)
    }
}

/// The results filter of a query (`instrument` required; pages put the path's id there).
pub fn filter_from_query(app: &AppState, q: &HashMap<String, String>) -> Result<Filter, ApiError> {
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

/// The enabled instrument `id` (newest edition unless `edition` is given). `in_body`: the id
/// came in an envelope (422) rather than a query (404).
pub fn find_instrument(
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
