//! Extractors shared by the API and the admin pages: the client's address (for the limiters
//! only), admin authentication ([`AdminBearer`] on the API, [`AdminPage`] on `/admin/*`, both
//! through `auth.rs` and its one failure limiter), and the results filter of a query string
//! ([`ResultsFilter`] on the API, [`PageFilter`] on the pages, both built by one function).
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{header, Extensions, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use prongsai_core::{Date, Instrument};
use prongsai_reports::url::Query as UrlQuery;

use super::admin::redirect;
use super::auth::{self, AdminProof, Bearer};
use super::error::ApiError;
use super::page::PageError;
use super::storage::Filter;
use super::{day, periods, session, AppState};

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

/// An officer on the admin pages: the admin token as `Authorization: Bearer`, or a live session
/// from the login form. Without either a GET is sent to the login form (and back afterwards),
/// anything else gets 403; a client over the wrong-token limit gets 429. A POST made with a
/// session must come from a page of this server (Origin / Referer host = Host), see
/// `session.rs`. Applied to every `/admin` route but the login form (`admin::routes`).
#[derive(Debug, Clone, Copy)]
pub struct AdminPage(pub AdminProof);

impl FromRequestParts<Arc<AppState>> for AdminPage {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let ClientAddr(client) = ClientAddr::of(parts, app.settings.rate_limit.trust_forwarded_for);
        let proof = match auth::admin_proof(app, client, &parts.headers).await {
            Ok(proof) => proof,
            Err(retry) => return Err(too_many_failures(retry)),
        };
        let Some(proof) = proof else {
            if parts.method == Method::GET || parts.method == Method::HEAD {
                let target = parts
                    .uri
                    .path_and_query()
                    .map_or_else(|| parts.uri.path(), |p| p.as_str());
                let next = UrlQuery::new().push("next", session::safe_next(Some(target)));
                return Err(redirect(&format!("/admin/login{}", next.to_suffix())));
            }
            return Err(PageError::new(
                StatusCode::FORBIDDEN,
                "เข้าสู่ระบบก่อน (log in first): /admin/login",
            )
            .into_response());
        };
        if parts.method == Method::POST
            && proof == AdminProof::Session
            && !session::same_origin(&parts.headers)
        {
            return Err(PageError::new(
                StatusCode::FORBIDDEN,
                "คำขอนี้ไม่ได้ส่งมาจากหน้าของระบบนี้ จึงไม่ดำเนินการ (cross-site request refused)",
            )
            .into_response());
        }
        Ok(AdminPage(proof))
    }
}

/// 429 for a client over the wrong-token limit (admin pages and the login form).
pub fn too_many_failures(retry: u64) -> Response {
    let mut res = PageError::new(
        StatusCode::TOO_MANY_REQUESTS,
        format!("ใส่รหัสผิดหลายครั้งเกินไป ลองใหม่อีกครั้งใน {retry} วินาที (too many wrong tokens; try again in {retry} s)"),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&retry.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
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
        results_filter(app, &q).map(ResultsFilter)
    }
}

/// The results filter of an admin page: the survey of the path's `{id}` and the query's
/// `edition`, `unit`, `point`, `from`, `to` (ISO or Thai dates). The period is always complete
/// (see [`chosen_period`]), so every page, print and export of one query shows the same days.
pub struct PageFilter(pub Filter);

impl FromRequestParts<Arc<AppState>> for PageFilter {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let Path(path) = Path::<HashMap<String, String>>::from_request_parts(parts, app)
            .await
            .map_err(|e| PageError::bad_request(e.body_text()))?;
        let id = path
            .get("id")
            .ok_or_else(|| PageError::not_found("ไม่มีแบบสำรวจในที่อยู่นี้ (no survey in the path)"))?;
        let q = page_query(parts, app).await?;
        PageFilter::of(app, id, q).map(PageFilter)
    }
}

impl PageFilter {
    /// The filter of survey `id` with the page query `q`.
    pub fn of(
        app: &AppState,
        id: &str,
        mut q: HashMap<String, String>,
    ) -> Result<Filter, PageError> {
        q.insert("instrument".into(), id.to_string());
        let (from, to) = chosen_period(&q, day::today())?;
        q.insert("from".into(), from.to_string());
        q.insert("to".into(), to.to_string());
        Ok(results_filter(app, &q)?)
    }
}

/// The query string of an admin page; a malformed one is a 400 page.
pub async fn page_query(
    parts: &mut Parts,
    app: &Arc<AppState>,
) -> Result<HashMap<String, String>, PageError> {
    Query::<HashMap<String, String>>::from_request_parts(parts, app)
        .await
        .map(|Query(q)| q)
        .map_err(|e| PageError::bad_request(e.body_text()))
}

/// The period of `from`/`to` in a page's query (`YYYY-MM-DD` or Thai `d/m/yyyy` in the Buddhist
/// era), completed by [`periods::resolve`]: the current fiscal year to date when none are chosen.
pub fn chosen_period(q: &HashMap<String, String>, today: Date) -> Result<(Date, Date), PageError> {
    let field = |name: &str, label: &str| -> Result<Option<Date>, PageError> {
        match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(text) => Date::parse_thai(text).map(Some).ok_or_else(|| {
                PageError::bad_request(format!(
                    "{label} ({name}): \"{text}\" ไม่ใช่วันที่ — ใช้รูปแบบ วัน/เดือน/ปี พ.ศ. เช่น 1/10/2568"
                ))
            }),
        }
    };
    let from = field("from", "ตั้งแต่วันที่")?;
    let to = field("to", "ถึงวันที่")?;
    periods::resolve(from, to, today).map_err(PageError::bad_request)
}

/// The results filter of a query (`instrument` required; pages put the path's id there).
fn results_filter(app: &AppState, q: &HashMap<String, String>) -> Result<Filter, ApiError> {
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
