//! The officer's pages under `/admin` (server-rendered HTML, no JavaScript): login and logout,
//! the index of surveys, the O16 / O42 reports and the summary page as downloads, exports, and
//! the QR posters. The results page is `dashboard.rs`, comment moderation `comments.rs`, the
//! posters `posters.rs`; every
//! page's HTML is a template in `prongsai_reports::pages`.
//!
//! Every page but `/admin/login` needs a session (cookie from the login form) or
//! `Authorization: Bearer <admin token>`; without either a GET is sent to the login form and
//! anything else gets 403. Every POST made with a session must come from a page of this server
//! (Origin / Referer host = Host), see `session.rs`.
use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_extractor_with_state, map_response};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use prongsai_core::{Date, Instrument, Kind, Report, ReportOptions, Tally};
use prongsai_reports::pages::admin_home::{self, SurveyRow};
use prongsai_reports::pages::login;
use prongsai_reports::{
    o16, o42, o42_combined, public_summary, Assessment, Channel, O16Options, O42Options,
    SummaryOptions,
};
use serde::Deserialize;

use super::auth;
use super::code_slips;
use super::comments;
use super::dashboard;
use super::day;
use super::export::{self, RawFormat};
use super::extract::{too_many_failures, AdminPage, ClientAddr, PageFilter};
use super::moderation::Status;
use super::page::{self, unit_name, PageError};
use super::periods;
use super::posters;
use super::session;
use super::storage::{CommentQuery, Filter};
use super::AppState;

pub(super) type Shared = State<Arc<AppState>>;
pub(super) type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

/// The `/admin` routes (merged by the caller): every one but the login form needs an officer
/// ([`AdminPage`]); every response gets the page headers and is not cached unless it says so.
pub fn routes(state: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin", get(|| async { redirect("/admin/results") }))
        .route("/admin/", get(|| async { redirect("/admin/results") }))
        .route("/admin/logout", post(logout))
        .route("/admin/results", get(index))
        .route("/admin/results/{id}", get(dashboard::results_page))
        .route("/admin/comments", get(comments::comments_page))
        .route("/admin/comments/bulk", post(comments::moderate_bulk))
        .route("/admin/comments/{cid}", post(comments::moderate))
        .route("/admin/reports/o42-all", get(o42_all))
        .route("/admin/reports/{doc}/{id}", get(report_doc))
        .route("/admin/export/{id}/{file}", get(export_file))
        .route("/admin/posters", get(posters::posters_index))
        .route("/admin/posters/{survey}/{unit}", get(posters::poster_doc))
        .merge(super::ita::routes())
        .merge(super::oit::routes())
        .route(
            "/admin/codes",
            get(code_slips::codes_form).post(code_slips::make_slips),
        )
        .route(
            "/admin/{*rest}",
            get(|| async {
                PageError::not_found("ไม่มีหน้านี้ (no such page)")
            }),
        )
        .route_layer(from_extractor_with_state::<AdminPage, _>(state))
        .route("/admin/login", get(login_form).post(login))
        .layer(map_response(page::admin_headers))
}

pub(super) fn redirect(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

// ---------------------------------------------------------------------------------------------
// Login and logout

async fn login_form(State(app): Shared, headers: HeaderMap, q: Params) -> Response {
    let next = q.ok().and_then(|Query(q)| q.get("next").cloned());
    let next = session::safe_next(next.as_deref());
    if app.sessions.live(&headers).await {
        return redirect(&next);
    }
    page::ok(login::page(&next, None))
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    next: Option<String>,
}

async fn login(State(app): Shared, ClientAddr(client): ClientAddr, req: Request) -> Response {
    if let Err(retry) = app.limiter.check(client) {
        let mut res = PageError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("ลองใหม่อีกครั้งใน {retry} วินาที (too many attempts)"),
        )
        .into_response();
        if let Ok(v) = HeaderValue::from_str(&retry.to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return res;
    }
    if !session::same_origin(req.headers()) {
        return PageError::new(
            StatusCode::FORBIDDEN,
            "คำขอนี้ไม่ได้ส่งมาจากหน้าของระบบนี้ (cross-site request refused)",
        )
        .into_response();
    }
    let secure = session::is_https(req.headers());
    let form = match Form::<LoginForm>::from_request(req, &()).await {
        Ok(Form(f)) => f,
        Err(_) => {
            return page::respond(
                StatusCode::BAD_REQUEST,
                login::page("/admin/results", Some("แบบฟอร์มไม่ถูกต้อง")),
                "no-store",
            )
        }
    };
    let next = session::safe_next(form.next.as_deref());
    let token = form.token.trim();
    let valid = match auth::check_token(&app, client, token) {
        Ok(valid) => valid,
        Err(retry) => return too_many_failures(retry),
    };
    if !valid {
        // A pause makes guessing slower still (the rate limit applies too).
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        return page::respond(
            StatusCode::UNAUTHORIZED,
            login::page(&next, Some("รหัสผ่านไม่ถูกต้อง ลองพิมพ์อีกครั้ง")),
            "no-store",
        );
    }
    let id = match app.sessions.create().await {
        Ok(id) => id,
        Err(e) => {
            tracing::error!("cannot start an admin session: {e:#}");
            return PageError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "เข้าสู่ระบบไม่ได้ในขณะนี้ ลองใหม่อีกครั้ง (the session could not be stored; try again)",
            )
            .into_response();
        }
    };
    let mut res = redirect(&next);
    res.headers_mut()
        .insert(header::SET_COOKIE, session::set_cookie(&id, secure));
    res
}

async fn logout(State(app): Shared, headers: HeaderMap) -> Response {
    if let Some(id) = session::cookie(&headers) {
        app.sessions.remove(&id).await;
    }
    let mut res = redirect("/admin/login");
    res.headers_mut().insert(
        header::SET_COOKIE,
        session::clear_cookie(session::is_https(&headers)),
    );
    res
}

// ---------------------------------------------------------------------------------------------
// Results

pub(super) fn params(q: Params) -> Result<HashMap<String, String>, PageError> {
    q.map(|Query(q)| q)
        .map_err(|e| PageError::bad_request(e.body_text()))
}

pub(super) async fn tally(app: &AppState, filter: &Filter) -> Result<Tally, PageError> {
    Ok(app.storage.tally(filter).await?)
}

/// Results of `filter` over `from..=to`; when that edition has no responses there, the newest
/// other edition of the instrument that has some (last year's data may be in last year's
/// edition).
pub(super) async fn period_report(
    app: &AppState,
    filter: &Filter,
    from: Date,
    to: Date,
) -> Result<Report, PageError> {
    let mut f = filter.clone();
    f.from = Some(from.to_string());
    f.to = Some(to.to_string());
    let report = tally(app, &f).await?.report(&f.instrument);
    if report.n > 0 {
        return Ok(report);
    }
    let editions = app.settings.surveys.editions(&filter.instrument.id);
    for e in editions.iter().rev() {
        if *e == filter.instrument.edition {
            continue;
        }
        if let Some(other) = app.settings.surveys.get(&filter.instrument.id, Some(e)) {
            f.instrument = other;
            let r = tally(app, &f).await?.report(&f.instrument);
            if r.n > 0 {
                return Ok(r);
            }
        }
    }
    Ok(report)
}

async fn index(State(app): Shared) -> Result<Response, PageError> {
    let counts = app.storage.counts().await?;
    let comments = app.storage.comment_counts().await?;
    let mut all: Vec<&Arc<Instrument>> = app.settings.surveys.all().collect();
    all.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| b.edition.cmp(&a.edition)));
    let rows: Vec<SurveyRow> = all
        .into_iter()
        .map(|ins| {
            let key = (ins.id.clone(), ins.edition.clone());
            SurveyRow {
                id: ins.id.clone(),
                edition: ins.edition.clone(),
                title: ins.title.th.clone(),
                responses: counts.get(&key).copied().unwrap_or(0),
                pending_comments: comments
                    .get(&key)
                    .and_then(|c| c.get("pending"))
                    .copied()
                    .unwrap_or(0),
                public_summary: app.settings.public_summaries.contains(&ins.id),
            }
        })
        .collect();
    Ok(page::ok(admin_home::page(&rows)))
}

// ---------------------------------------------------------------------------------------------
// Reports

/// The agency's name: from the config, else the unit's name, else the only unit's name.
pub(super) fn agency(app: &AppState, unit: Option<&str>) -> String {
    if let Some(a) = &app.settings.agency {
        return a.clone();
    }
    let unit = unit.and_then(|u| app.settings.units.get(u)).or_else(|| {
        (app.settings.units.len() == 1)
            .then(|| app.settings.units.values().next())
            .flatten()
    });
    unit.map(unit_name).unwrap_or_default()
}

/// The unit line of a report: the unit (when the agency is named separately) and the point.
fn unit_line(app: &AppState, filter: &Filter) -> Option<String> {
    let mut parts = Vec::new();
    if app.settings.agency.is_some() {
        if let Some(u) = filter
            .unit
            .as_deref()
            .and_then(|u| app.settings.units.get(u))
        {
            parts.push(unit_name(u));
        }
    }
    if let Some(p) = &filter.point {
        parts.push(format!("จุดให้บริการ {p}"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A report's range: the one [`PageFilter`] completed (the current fiscal year to date unless
/// chosen).
fn report_range(filter: &Filter) -> Result<(Date, Date), PageError> {
    let from = filter.from.as_deref().and_then(Date::parse);
    let to = filter.to.as_deref().and_then(Date::parse);
    periods::resolve(from, to, day::today()).map_err(PageError::bad_request)
}

fn is_satisfaction(ins: &Instrument) -> bool {
    matches!(ins.kind, Kind::Satisfaction | Kind::Quick) || !ins.dimensions.is_empty()
}

pub(super) fn document_response(html: String, name: &str, view: bool) -> Response {
    let mut res = page::respond(StatusCode::OK, html, "no-store");
    let disposition = format!(
        "{}; filename=\"{}\"",
        if view { "inline" } else { "attachment" },
        export::safe_filename(name)
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

async fn approved_comments(
    app: &AppState,
    filter: &Filter,
    limit: u32,
) -> Result<Vec<String>, PageError> {
    let (_, rows) = app
        .storage
        .comments(&CommentQuery::approved(filter, limit))
        .await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.status == Status::Approved)
        .map(|r| r.published_line())
        .collect())
}

async fn report_doc(
    State(app): Shared,
    Path((doc, _)): Path<(String, String)>,
    PageFilter(mut filter): PageFilter,
    q: Params,
) -> Result<Response, PageError> {
    let view = params(q)?.get("view").is_some_and(|v| v == "1");
    let ins = Arc::clone(&filter.instrument);
    let (from, to) = report_range(&filter)?;
    filter.from = Some(from.to_string());
    filter.to = Some(to.to_string());
    let current = tally(&app, &filter).await?;
    let mut report = current.report(&ins);
    periods::clip_months(&mut report, to);
    let today = day::today();
    let period = prongsai_reports::Period {
        label: None,
        from: Some(from),
        to: Some(to),
    };
    let name = format!("{doc}-{}-{}-{from}-{to}.html", ins.id, ins.edition);
    let html = match doc.as_str() {
        "o16" => {
            if !is_satisfaction(&ins) {
                return Err(PageError::not_found(format!(
                    "รายงาน O16 ใช้กับแบบสำรวจความพึงพอใจ; {} ใช้รายงาน O42",
                    ins.id
                )));
            }
            let (pf, pt) = periods::previous(from, to);
            let previous = period_report(&app, &filter, pf, pt).await?;
            let mut o = O16Options::new(agency(&app, filter.unit.as_deref()), today);
            o.unit = unit_line(&app, &filter);
            o.period = period;
            o.channels = vec![Channel::Qr, Channel::Web];
            o.previous = Some(&previous);
            o.previous_label = Some(dashboard::range_name(pf, pt));
            o.comments = approved_comments(&app, &filter, 1000).await?;
            o.area_reports = current.area_reports(&ins, &report, &ReportOptions::default());
            o16(&ins, &report, &o)
        }
        "o42" => {
            if ins.indicators.is_empty() || is_satisfaction(&ins) {
                return Err(PageError::not_found(format!(
                    "ร่าง O42 ใช้กับแบบวัด IIT/EIT; {} ใช้รายงาน O16",
                    ins.id
                )));
            }
            let (pf, pt) = periods::year_before(from, to);
            let previous = period_report(&app, &filter, pf, pt).await?;
            let mut o = O42Options::new(agency(&app, filter.unit.as_deref()), today);
            o.unit = unit_line(&app, &filter);
            o.period = period;
            o.previous = Some(&previous);
            o42(&ins, &report, &o)
        }
        "summary" => {
            let mut o = SummaryOptions::new(agency(&app, filter.unit.as_deref()), today);
            o.unit = unit_line(&app, &filter);
            o.period = period;
            o.comments = approved_comments(&app, &filter, 200).await?;
            public_summary(&ins, &report, &o)
        }
        _ => return Err(PageError::not_found("ไม่มีรายงานนี้: ใช้ o16, o42 หรือ summary")),
    };
    Ok(document_response(html, &name, view))
}

/// O42 over every enabled IIT/EIT instrument (newest editions) together.
async fn o42_all(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = params(q)?;
    let view = q.get("view").is_some_and(|v| v == "1");
    let ita: Vec<Arc<Instrument>> = app
        .settings
        .surveys
        .latest()
        .filter(|i| !i.indicators.is_empty() && !is_satisfaction(i))
        .cloned()
        .collect();
    if ita.is_empty() {
        return Err(PageError::not_found("ไม่มีแบบวัด IIT/EIT ที่เปิดใช้"));
    }
    let mut reports: Vec<(Arc<Instrument>, Report, Report)> = Vec::new();
    let mut range = None;
    for ins in &ita {
        let mut q = q.clone();
        q.remove("edition");
        q.remove("point");
        let mut filter = PageFilter::of(&app, &ins.id, q)?;
        let (from, to) = match range {
            Some(r) => r,
            None => {
                let r = report_range(&filter)?;
                range = Some(r);
                r
            }
        };
        filter.from = Some(from.to_string());
        filter.to = Some(to.to_string());
        let mut report = tally(&app, &filter).await?.report(ins);
        periods::clip_months(&mut report, to);
        let (pf, pt) = periods::year_before(from, to);
        let previous = period_report(&app, &filter, pf, pt).await?;
        reports.push((Arc::clone(ins), report, previous));
    }
    let (from, to) = range.unwrap_or((day::today(), day::today()));
    let parts: Vec<Assessment> = reports
        .iter()
        .map(|(ins, r, p)| Assessment {
            instrument: ins,
            report: r,
            previous: Some(p),
        })
        .collect();
    let unit = q.get("unit").filter(|u| !u.is_empty()).cloned();
    let mut o = O42Options::new(agency(&app, unit.as_deref()), day::today());
    o.period = prongsai_reports::Period {
        label: None,
        from: Some(from),
        to: Some(to),
    };
    let html = o42_combined(&parts, &o);
    Ok(document_response(
        html,
        &format!("o42-all-{from}-{to}.html"),
        view,
    ))
}

// ---------------------------------------------------------------------------------------------
// Exports

async fn export_file(
    State(app): Shared,
    Path((_, file)): Path<(String, String)>,
    PageFilter(filter): PageFilter,
) -> Result<Response, PageError> {
    match file.as_str() {
        "responses.csv" => Ok(export::raw(&app, filter, RawFormat::Csv)),
        "responses.jsonl" => Ok(export::raw(&app, filter, RawFormat::Jsonl)),
        "results.json" | "items.csv" => {
            let report = tally(&app, &filter).await?.report(&filter.instrument);
            Ok(if file == "items.csv" {
                export::items_csv_response(&filter.instrument, &report)
            } else {
                export::report_json_response(&filter.instrument, &report)
            })
        }
        _ => Err(PageError::not_found(
            "ไม่มีไฟล์นี้: results.json, items.csv, responses.csv หรือ responses.jsonl",
        )),
    }
}
