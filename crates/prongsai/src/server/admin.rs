//! The officer's pages under `/admin` (server-rendered HTML, no JavaScript): login and logout,
//! the index of surveys, the results page per instrument edition, comment moderation, the O16 /
//! O42 reports and the summary page as downloads, exports, and the QR posters.
//!
//! Every page but `/admin/login` needs a session (cookie from the login form) or
//! `Authorization: Bearer <admin token>`; without either a GET is sent to the login form and
//! anything else gets 403. Every POST made with a session must come from a page of this server
//! (Origin / Referer host = Host), see `session.rs`.
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use prongsai_core::{Date, GroupBy, Instrument, Kind, Report, Tally};
use prongsai_reports::{
    o16, o42, o42_combined, poster, public_summary, Assessment, Channel, O16Options, O42Options,
    PosterOptions, PosterPoint, SummaryOptions,
};
use serde::Deserialize;

use super::api::{constant_time_eq, filter_from_query, require_admin};
use super::dashboard::{self, Comparison, Period as CmpPeriod, View};
use super::day;
use super::export::{self, RawFormat};
use super::guard;
use super::moderation::{self, Status};
use super::page::{self, escape, query, Nav, PageError};
use super::periods;
use super::session;
use super::storage::{CommentQuery, Filter};
use super::web;
use super::AppState;

type Shared = State<Arc<AppState>>;
type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

/// The `/admin` routes (nested by the caller), behind [`gate`].
pub fn routes(state: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin", get(|| async { redirect("/admin/results") }))
        .route("/admin/", get(|| async { redirect("/admin/results") }))
        .route("/admin/login", get(login_form).post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/results", get(index))
        .route("/admin/results/{id}", get(results_page))
        .route("/admin/comments", get(comments_page))
        .route("/admin/comments/{cid}", post(moderate))
        .route("/admin/reports/o42-all", get(o42_all))
        .route("/admin/reports/{doc}/{id}", get(report_doc))
        .route("/admin/export/{id}/{file}", get(export_file))
        .route("/admin/posters", get(posters_index))
        .route("/admin/posters/{survey}/{unit}", get(poster_doc))
        .route(
            "/admin/{*rest}",
            get(|| async {
                PageError::not_found("ไม่มีหน้านี้ (no such page)")
            }),
        )
        .layer(axum::middleware::from_fn_with_state(state, gate))
}

fn redirect(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Whether the request carries the admin token or a live session.
async fn authenticated(app: &AppState, headers: &HeaderMap) -> (bool, bool) {
    let bearer = headers.contains_key(header::AUTHORIZATION) && require_admin(app, headers).is_ok();
    let session = app.sessions.live(headers).await;
    (bearer, session)
}

/// Login, CSRF and the page headers for everything under `/admin`.
pub async fn gate(State(app): Shared, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let is_login = path == "/admin/login";
    let (bearer, session) = authenticated(&app, req.headers()).await;
    if !is_login && !bearer && !session {
        if req.method() == Method::GET || req.method() == Method::HEAD {
            let target = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or(path);
            return redirect(&format!(
                "/admin/login{}",
                query(&[("next", Some(session::safe_next(Some(&target)).as_str()))])
            ));
        }
        return PageError::new(
            StatusCode::FORBIDDEN,
            "เข้าสู่ระบบก่อน (log in first): /admin/login",
        )
        .into_response();
    }
    if req.method() == Method::POST && !bearer && !session::same_origin(req.headers()) {
        return PageError::new(
            StatusCode::FORBIDDEN,
            "คำขอนี้ไม่ได้ส่งมาจากหน้าของระบบนี้ จึงไม่ดำเนินการ (cross-site request refused)",
        )
        .into_response();
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    page::secure_headers(h);
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

// ---------------------------------------------------------------------------------------------
// Login and logout

fn login_html(next: &str, error: Option<&str>) -> String {
    let mut b = String::from("<h1>เข้าสู่ระบบผู้ดูแล</h1>");
    if let Some(e) = error {
        let _ = write!(
            b,
            "<p class=\"notice err\" role=\"alert\">{}</p>",
            escape(e)
        );
    }
    let _ = write!(
        b,
        "<form class=\"card\" method=\"post\" action=\"/admin/login\">\
         <input type=\"hidden\" name=\"next\" value=\"{}\">\
         <p><label for=\"token\">รหัสผู้ดูแล (admin token)</label>\
         <input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"current-password\" required></p>\
         <p><button type=\"submit\">เข้าสู่ระบบ</button></p></form>\
         <p class=\"small muted\">รหัสผู้ดูแลกำหนดไว้ในไฟล์ตั้งค่า (admin_token) หรือตัวแปร PRONGSAI_ADMIN_TOKEN \
         ถ้าไม่ได้กำหนด เซิร์ฟเวอร์พิมพ์รหัสชั่วคราวไว้ในบันทึกตอนเริ่มทำงาน</p>\
         <p class=\"small\"><a href=\"/demo\">กลับไปหน้าแบบสำรวจ (demo)</a></p>",
        escape(next)
    );
    page::plain("เข้าสู่ระบบ prongsai", &b)
}

async fn login_form(State(app): Shared, headers: HeaderMap, q: Params) -> Response {
    let next = q.ok().and_then(|Query(q)| q.get("next").cloned());
    let next = session::safe_next(next.as_deref());
    if app.sessions.live(&headers).await {
        return redirect(&next);
    }
    page::ok(login_html(&next, None))
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    next: Option<String>,
}

async fn login(State(app): Shared, req: Request) -> Response {
    if let Err(retry) = app.limiter.check(guard::client_ip(
        &req,
        app.settings.rate_limit.trust_forwarded_for,
    )) {
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
                login_html("/admin/results", Some("แบบฟอร์มไม่ถูกต้อง")),
                "no-store",
            )
        }
    };
    let next = session::safe_next(form.next.as_deref());
    let token = form.token.trim();
    if token.is_empty() || !constant_time_eq(token.as_bytes(), app.settings.admin_token.as_bytes())
    {
        // A pause makes guessing slower still (the rate limit applies too).
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        return page::respond(
            StatusCode::UNAUTHORIZED,
            login_html(&next, Some("รหัสผู้ดูแลไม่ถูกต้อง")),
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

fn params(q: Params) -> Result<HashMap<String, String>, PageError> {
    q.map(|Query(q)| q)
        .map_err(|e| PageError::bad_request(e.body_text()))
}

fn filter_for(
    app: &AppState,
    id: &str,
    mut q: HashMap<String, String>,
) -> Result<Filter, PageError> {
    q.insert("instrument".into(), id.to_string());
    Ok(filter_from_query(app, &q)?)
}

async fn tally(app: &AppState, filter: &Filter) -> Result<Tally, PageError> {
    Ok(app.storage.tally(filter).await?)
}

/// Results of `filter` over `from..=to`; when that edition has no responses there, the newest
/// other edition of the instrument that has some (last year's data may be in last year's
/// edition).
async fn period_report(
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
    let mut b = String::from(
        "<h1>ผลการสำรวจ</h1><p>แบบสำรวจที่เปิดใช้ในเซิร์ฟเวอร์นี้ และจำนวนผู้ตอบของแต่ละฉบับ</p>\
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"รายการแบบสำรวจ\"><table>\
         <caption>แบบสำรวจและจำนวนผู้ตอบ</caption><thead><tr><th scope=\"col\">แบบสำรวจ</th><th scope=\"col\">ฉบับ</th>\
         <th scope=\"col\" class=\"num\">ผู้ตอบ (คน)</th><th scope=\"col\" class=\"num\">ความคิดเห็นรอตรวจสอบ</th>\
         <th scope=\"col\">เปิดดู</th></tr></thead><tbody>",
    );
    let mut all: Vec<&Arc<Instrument>> = app.settings.surveys.all().collect();
    all.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| b.edition.cmp(&a.edition)));
    for ins in all {
        let key = (ins.id.clone(), ins.edition.clone());
        let n = counts.get(&key).copied().unwrap_or(0);
        let pending = comments
            .get(&key)
            .and_then(|c| c.get("pending"))
            .copied()
            .unwrap_or(0);
        let q = query(&[("edition", Some(ins.edition.as_str()))]);
        let mut links = format!(
            "<a href=\"/admin/results/{}{}\">ผลการสำรวจ</a>",
            escape(&ins.id),
            escape(&q)
        );
        if app.settings.public_summaries.contains(&ins.id) {
            let _ = write!(
                links,
                " · <a href=\"/public/{}\">หน้าสาธารณะ</a>",
                escape(&ins.id)
            );
        }
        let _ = write!(
            b,
            "<tr data-instrument=\"{}\" data-edition=\"{}\" data-n=\"{n}\"><th scope=\"row\">{}<br><span class=\"small muted\">{}</span></th>\
             <td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{links}</td></tr>",
            escape(&ins.id),
            escape(&ins.edition),
            escape(&ins.title.th),
            escape(&ins.id),
            escape(&ins.edition),
            prongsai_reports::Fmt::DEFAULT.int(n),
            prongsai_reports::Fmt::DEFAULT.int(pending),
        );
    }
    b.push_str("</tbody></table></div>");
    Ok(page::ok(page::admin(
        "ผลการสำรวจ — prongsai",
        Nav::Results,
        &b,
    )))
}

async fn results_page(
    State(app): Shared,
    Path(id): Path<String>,
    q: Params,
) -> Result<Response, PageError> {
    let filter = filter_for(&app, &id, params(q)?)?;
    let ins = Arc::clone(&filter.instrument);
    let report = tally(&app, &filter).await?.report(&ins);
    let today = day::today();
    let reference = periods::reference(filter.to.as_deref().and_then(Date::parse), &report, today);
    let fy = reference.fiscal_year();
    let half = reference.fiscal_half();
    let (pfy, phalf) = periods::previous_half(fy, half);
    let fmt = prongsai_reports::Fmt::DEFAULT;
    let ranges = [
        (
            format!("{} เทียบกับปีงบประมาณก่อน", fmt.fiscal_year(fy)),
            (fmt.fiscal_year(fy - 1), periods::fiscal_year(fy - 1)),
            (fmt.fiscal_year(fy), periods::fiscal_year(fy)),
        ),
        (
            "ครึ่งปีล่าสุดเทียบกับครึ่งปีก่อน".to_string(),
            (fmt.half(pfy, phalf), periods::fiscal_half(pfy, phalf)),
            (fmt.half(fy, half), periods::fiscal_half(fy, half)),
        ),
    ];
    let mut comparisons = Vec::new();
    for (title, (plabel, (pf, pt)), (clabel, (cf, ct))) in ranges {
        let previous = period_report(&app, &filter, pf, pt).await?;
        let current = period_report(&app, &filter, cf, ct).await?;
        comparisons.push(Comparison {
            title,
            previous: CmpPeriod {
                label: plabel,
                from: pf,
                to: pt,
                report: previous,
            },
            current: CmpPeriod {
                label: clabel,
                from: cf,
                to: ct,
                report: current,
            },
        });
    }
    let counts = app.storage.comment_counts().await?;
    let comments = counts.get(&(ins.id.clone(), ins.edition.clone()));
    let view = View {
        settings: &app.settings,
        ins: &ins,
        filter: &filter,
        report: &report,
        comparisons: &comparisons,
        reference,
        comments,
    };
    let body = dashboard::render(&view);
    Ok(page::ok(page::admin(
        &format!("{} — ผลการสำรวจ", ins.title.th),
        Nav::Results,
        &body,
    )))
}

// ---------------------------------------------------------------------------------------------
// Reports

/// The agency's name: from the config, else the unit's name, else the only unit's name.
fn agency(app: &AppState, unit: Option<&str>) -> String {
    if let Some(a) = &app.settings.agency {
        return a.clone();
    }
    let unit = unit.and_then(|u| app.settings.units.get(u)).or_else(|| {
        (app.settings.units.len() == 1)
            .then(|| app.settings.units.values().next())
            .flatten()
    });
    unit.map(|u| u.name.clone().unwrap_or_else(|| u.id.clone()))
        .unwrap_or_default()
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
            parts.push(u.name.clone().unwrap_or_else(|| u.id.clone()));
        }
    }
    if let Some(p) = &filter.point {
        parts.push(format!("จุดให้บริการ {p}"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A report's range: the chosen one, completed from the fiscal year of the latest data.
async fn report_range(app: &AppState, filter: &Filter) -> Result<(Date, Date), PageError> {
    let from = filter.from.as_deref().and_then(Date::parse);
    let to = filter.to.as_deref().and_then(Date::parse);
    let today = day::today();
    Ok(match (from, to) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, today.max(f)),
        (None, Some(t)) => (periods::fiscal_year(t.fiscal_year()).0.min(t), t),
        (None, None) => {
            let all = tally(app, filter).await?.report(&filter.instrument);
            let reference = periods::reference(None, &all, today);
            periods::fiscal_year(reference.fiscal_year())
        }
    })
}

fn is_satisfaction(ins: &Instrument) -> bool {
    matches!(ins.kind, Kind::Satisfaction | Kind::Quick) || !ins.dimensions.is_empty()
}

fn document_response(html: String, name: &str, view: bool) -> Response {
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
        .map(|r| r.text)
        .collect())
}

async fn report_doc(
    State(app): Shared,
    Path((doc, id)): Path<(String, String)>,
    q: Params,
) -> Result<Response, PageError> {
    let q = params(q)?;
    let view = q.get("view").is_some_and(|v| v == "1");
    let mut filter = filter_for(&app, &id, q)?;
    let ins = Arc::clone(&filter.instrument);
    let (from, to) = report_range(&app, &filter).await?;
    filter.from = Some(from.to_string());
    filter.to = Some(to.to_string());
    let current = tally(&app, &filter).await?;
    let report = current.report(&ins);
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
            let fmt = prongsai_reports::Fmt::DEFAULT;
            let mut o = O16Options::new(agency(&app, filter.unit.as_deref()), today);
            o.unit = unit_line(&app, &filter);
            o.period = period;
            o.channels = vec![Channel::Qr, Channel::Web];
            o.previous = Some(&previous);
            o.previous_label = Some(match periods::kind(pf, pt) {
                periods::RangeKind::FiscalYear(fy) => fmt.fiscal_year(fy),
                periods::RangeKind::Half(fy, h) => {
                    format!("{} {}", fmt.fiscal_year(fy), fmt.half(fy, h))
                }
                periods::RangeKind::Other => {
                    format!("{} – {}", fmt.date_short(pf), fmt.date_short(pt))
                }
            });
            o.comments = approved_comments(&app, &filter, 1000).await?;
            o.area_reports = report
                .breakdowns
                .area
                .iter()
                .filter(|g| !g.suppressed)
                .filter_map(|g| {
                    let only = current.only(GroupBy::Area, &g.key)?;
                    Some((g.key.clone(), only.report(&ins)))
                })
                .collect();
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
        let mut filter = filter_for(&app, &ins.id, q)?;
        let (from, to) = match range {
            Some(r) => r,
            None => {
                let r = report_range(&app, &filter).await?;
                range = Some(r);
                r
            }
        };
        filter.from = Some(from.to_string());
        filter.to = Some(to.to_string());
        let report = tally(&app, &filter).await?.report(ins);
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
    Path((id, file)): Path<(String, String)>,
    q: Params,
) -> Result<Response, PageError> {
    let filter = filter_for(&app, &id, params(q)?)?;
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

// ---------------------------------------------------------------------------------------------
// Comment moderation

const PAGE_SIZE: u32 = 50;

fn comment_back(q: &HashMap<String, String>) -> String {
    let get = |k: &str| q.get(k).map(String::as_str).filter(|v| !v.is_empty());
    format!(
        "/admin/comments{}",
        query(&[
            ("instrument", get("instrument")),
            ("status", get("status")),
            ("flagged", get("flagged")),
            ("page", get("page")),
        ])
    )
}

async fn comments_page(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = params(q)?;
    let get = |k: &str| q.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let instrument = get("instrument").map(str::to_string);
    if let Some(i) = &instrument {
        if !app.settings.surveys.contains(i) {
            return Err(PageError::not_found(format!("ไม่มีแบบสำรวจ {i}")));
        }
    }
    let status_param = get("status").unwrap_or("pending");
    let status =
        match status_param {
            "all" => None,
            s => Some(Status::parse(s).ok_or_else(|| {
                PageError::bad_request("status: pending, approved, hidden หรือ all")
            })?),
        };
    let flagged = get("flagged").is_some_and(|f| f == "1");
    let page_no: u64 = get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
    let query_ = CommentQuery {
        instrument: instrument.clone(),
        status,
        flagged: flagged.then_some(true),
        limit: PAGE_SIZE,
        offset: (page_no - 1) * u64::from(PAGE_SIZE),
        ..CommentQuery::default()
    };
    let (total, rows) = app.storage.comments(&query_).await?;
    let back = comment_back(&q);

    let mut b = String::from("<h1>ตรวจสอบความคิดเห็นก่อนเผยแพร่</h1>");
    b.push_str(
        "<p>ความคิดเห็นและข้อเสนอแนะจากแบบสำรวจ จะปรากฏในรายงานหรือหน้าสาธารณะ<strong>เฉพาะที่อนุมัติแล้ว</strong> \
         ความคิดเห็นที่อาจมีข้อมูลส่วนบุคคลจะมีเครื่องหมายเตือน และต้องยืนยันอีกครั้งก่อนอนุมัติ \
         แต่ละความคิดเห็นแสดงลำพัง ไม่แสดงคำตอบข้ออื่นของผู้ตอบคนเดียวกัน</p>",
    );
    if let Some(done) = get("done") {
        let msg = match done {
            "approved" => "อนุมัติให้เผยแพร่แล้ว",
            "hidden" => "ซ่อนแล้ว ความคิดเห็นนี้จะไม่ถูกเผยแพร่",
            "pending" => "ย้ายกลับไปรอตรวจสอบแล้ว",
            _ => "",
        };
        if !msg.is_empty() {
            let _ = write!(b, "<p class=\"notice ok\" role=\"status\">{msg}</p>");
        }
    }
    // Filters.
    b.push_str("<form class=\"filters card\" method=\"get\" action=\"/admin/comments\"><div><label for=\"c-ins\">แบบสำรวจ</label><select id=\"c-ins\" name=\"instrument\"><option value=\"\">ทุกแบบสำรวจ</option>");
    for ins in app.settings.surveys.latest() {
        if moderation::text_codes(ins).is_empty() {
            continue;
        }
        let _ = write!(
            b,
            "<option value=\"{}\"{}>{}</option>",
            escape(&ins.id),
            if instrument.as_deref() == Some(ins.id.as_str()) {
                " selected"
            } else {
                ""
            },
            escape(&ins.title.th)
        );
    }
    b.push_str("</select></div><div><label for=\"c-status\">สถานะ</label><select id=\"c-status\" name=\"status\">");
    for (value, label) in [
        ("pending", Status::Pending.label_th()),
        ("approved", Status::Approved.label_th()),
        ("hidden", Status::Hidden.label_th()),
        ("all", "ทั้งหมด"),
    ] {
        let _ = write!(
            b,
            "<option value=\"{value}\"{}>{label}</option>",
            if value == status_param {
                " selected"
            } else {
                ""
            }
        );
    }
    let _ = write!(
        b,
        "</select></div><div><label class=\"check\"><input type=\"checkbox\" name=\"flagged\" value=\"1\"{}> \
         เฉพาะที่อาจมีข้อมูลส่วนบุคคล</label></div><div><button type=\"submit\">แสดง</button></div></form>",
        if flagged { " checked" } else { "" }
    );
    let _ = write!(
        b,
        "<p data-total=\"{total}\">พบ {} รายการ</p>",
        prongsai_reports::Fmt::DEFAULT.int(total)
    );
    for row in &rows {
        b.push_str(&comment_card(&app, row, &back, false));
    }
    // Pager.
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1);
    if pages > 1 {
        let link = |p: u64, label: &str| {
            let ps = p.to_string();
            format!(
                "<a class=\"button secondary\" href=\"/admin/comments{}\">{label}</a>",
                escape(&query(&[
                    ("instrument", instrument.as_deref()),
                    ("status", Some(status_param)),
                    ("flagged", flagged.then_some("1")),
                    ("page", Some(&ps)),
                ]))
            )
        };
        b.push_str("<nav class=\"pager\" aria-label=\"หน้า\">");
        if page_no > 1 {
            b.push_str(&link(page_no - 1, "← ก่อนหน้า"));
        }
        let _ = write!(b, "<span>หน้า {page_no} / {pages}</span>");
        if page_no < pages {
            b.push_str(&link(page_no + 1, "ถัดไป →"));
        }
        b.push_str("</nav>");
    }
    Ok(page::ok(page::admin(
        "ตรวจสอบความคิดเห็น — prongsai",
        Nav::Comments,
        &b,
    )))
}

fn comment_card(
    app: &AppState,
    row: &super::storage::CommentRow,
    back: &str,
    confirming: bool,
) -> String {
    let ins = app
        .settings
        .surveys
        .get(&row.instrument, Some(&row.edition));
    let title = ins
        .as_ref()
        .map(|i| i.title.th.clone())
        .unwrap_or_else(|| row.instrument.clone());
    let staff = ins.as_ref().is_some_and(|i| i.kind == Kind::Iit);
    let item_text = ins
        .as_ref()
        .and_then(|i| {
            i.items()
                .find(|it| i.answer_codes(it).contains(&row.code.as_str()))
                .map(|it| it.text.th.clone())
        })
        .unwrap_or_default();
    let day = Date::parse(&row.day)
        .map(|d| prongsai_reports::Fmt::DEFAULT.date_short(d))
        .unwrap_or_else(|| row.day.clone());
    let status_class = format!("b-{}", row.status.as_str());
    let flagged = !row.flags.is_empty();
    let mut s = format!(
        "<article class=\"comment{}\" data-comment=\"{}\" data-status=\"{}\" data-flags=\"{}\">",
        if flagged { " flagged" } else { "" },
        escape(&row.id),
        row.status.as_str(),
        escape(&moderation::flags_to_string(&row.flags))
    );
    let _ = write!(
        s,
        "<p class=\"meta\"><span class=\"badge {status_class}\">{}</span> {} · {} ({}) · {}{}</p>",
        row.status.label_th(),
        escape(&title),
        escape(&item_text),
        escape(&row.code),
        escape(&day),
        if staff || row.point.is_empty() {
            String::new()
        } else {
            format!(" · จุดให้บริการ {}", escape(&row.point))
        }
    );
    if flagged {
        let reasons: Vec<&str> = row.flags.iter().map(|f| f.label_th()).collect();
        let _ = write!(
            s,
            "<p class=\"flags\">⚠ {}</p>",
            escape(&reasons.join(" · "))
        );
    }
    let _ = write!(s, "<blockquote>{}</blockquote>", escape(&row.text));
    let form = |action: &str, label: &str, class: &str, confirm: bool| {
        format!(
            "<form method=\"post\" action=\"/admin/comments/{}\"><input type=\"hidden\" name=\"action\" value=\"{action}\">\
             <input type=\"hidden\" name=\"back\" value=\"{}\">{}<button type=\"submit\" class=\"{class}\">{label}</button></form>",
            escape(&row.id),
            escape(back),
            if confirm {
                "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
            } else {
                ""
            }
        )
    };
    s.push_str("<div class=\"actions\">");
    if confirming {
        s.push_str(&form("approve", "ยืนยัน: เผยแพร่ความคิดเห็นนี้", "danger", true));
        let _ = write!(
            s,
            "<a class=\"button secondary\" href=\"{}\">ยกเลิก</a>",
            escape(back)
        );
        s.push_str(&form("hide", "ซ่อน", "secondary", false));
    } else {
        if row.status != Status::Approved {
            s.push_str(&form(
                "approve",
                if flagged {
                    "อนุมัติ… (ต้องยืนยัน)"
                } else {
                    "อนุมัติให้เผยแพร่"
                },
                "",
                false,
            ));
        }
        if row.status != Status::Hidden {
            s.push_str(&form("hide", "ซ่อน", "secondary", false));
        }
        if row.status != Status::Pending {
            s.push_str(&form("pending", "กลับไปรอตรวจสอบ", "secondary", false));
        }
    }
    s.push_str("</div></article>");
    s
}

#[derive(Deserialize)]
struct ModerateForm {
    action: String,
    #[serde(default)]
    confirm: Option<String>,
    #[serde(default)]
    back: Option<String>,
}

async fn moderate(
    State(app): Shared,
    Path(cid): Path<String>,
    form: Result<Form<ModerateForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|e| PageError::bad_request(e.body_text()))?;
    if !moderation::is_comment_id(&cid) {
        return Err(PageError::not_found("ไม่มีความคิดเห็นนี้"));
    }
    let status = Status::parse(match form.action.as_str() {
        "approve" => "approved",
        "hide" => "hidden",
        "pending" => "pending",
        _ => "",
    })
    .ok_or_else(|| PageError::bad_request("action: approve, hide หรือ pending"))?;
    let back = session::safe_next(form.back.as_deref());
    let back = if back.starts_with("/admin/comments") {
        back
    } else {
        "/admin/comments".to_string()
    };
    let row = app
        .storage
        .comment(&cid)
        .await?
        .ok_or_else(|| PageError::not_found("ไม่มีความคิดเห็นนี้"))?;
    // Flags are taken from the text now, not only from what was stored.
    let mut flags = moderation::detect(&row.text);
    flags.extend(row.flags.iter().copied());
    flags.sort();
    flags.dedup();
    if status == Status::Approved && !flags.is_empty() && form.confirm.as_deref() != Some("yes") {
        let mut shown = row.clone();
        shown.flags = flags;
        let mut b = String::from(
            "<h1>ยืนยันการเผยแพร่</h1><p class=\"notice err\" role=\"alert\"><strong>ความคิดเห็นนี้อาจมีข้อมูลส่วนบุคคล</strong> \
             ตรวจสอบให้แน่ใจว่าไม่มีชื่อ หมายเลขโทรศัพท์ เลขประจำตัวประชาชน หรือข้อมูลที่ระบุตัวบุคคลได้ \
             ก่อนยืนยันการเผยแพร่ หรือเลือกซ่อน</p>",
        );
        b.push_str(&comment_card(&app, &shown, &back, true));
        return Ok(page::ok(page::admin(
            "ยืนยันการเผยแพร่ — prongsai",
            Nav::Comments,
            &b,
        )));
    }
    if !app
        .storage
        .set_comment_status(&cid, status, day::today())
        .await?
    {
        return Err(PageError::not_found("ไม่มีความคิดเห็นนี้"));
    }
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(redirect(&format!("{back}{sep}done={}", status.as_str())))
}

// ---------------------------------------------------------------------------------------------
// Posters

fn headline(ins: &Instrument) -> Option<String> {
    match ins.kind {
        Kind::Satisfaction | Kind::Quick => None,
        Kind::Eit => Some("ร่วมประเมินคุณธรรมและความโปร่งใสของหน่วยงาน".into()),
        Kind::Iit => Some("แบบวัดการรับรู้ของบุคลากรในหน่วยงาน (ใช้รหัสที่ได้รับ)".into()),
        Kind::Custom => Some(ins.title.th.clone()),
    }
}

async fn posters_index(State(app): Shared) -> Response {
    let mut b = String::from(
        "<h1>โปสเตอร์ QR Code</h1><p>โปสเตอร์ขนาด A4 หนึ่งแผ่นต่อหนึ่งจุดให้บริการ สั่งพิมพ์จากเบราว์เซอร์ได้ทันที</p>",
    );
    for ins in app.settings.surveys.latest() {
        let _ = write!(
            b,
            "<h2>{} <span class=\"small muted\">{}</span></h2><ul class=\"links\">",
            escape(&ins.title.th),
            escape(&ins.id)
        );
        for u in app.settings.units.values() {
            let _ = write!(
                b,
                "<li><a href=\"/admin/posters/{}/{}\">{}</a> <span class=\"small muted\">({} จุดให้บริการ)</span></li>",
                page::q(&ins.id),
                page::q(&u.id),
                escape(u.name.as_deref().unwrap_or(&u.id)),
                u.points.len().max(1)
            );
        }
        b.push_str("</ul>");
    }
    page::ok(page::admin("โปสเตอร์ QR — prongsai", Nav::Posters, &b))
}

async fn poster_doc(
    State(app): Shared,
    Path((survey, unit)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let ins = app
        .settings
        .surveys
        .get(&survey, None)
        .ok_or_else(|| PageError::not_found(format!("ไม่มีแบบสำรวจ {survey}")))?;
    let u = app
        .settings
        .units
        .get(&unit)
        .ok_or_else(|| PageError::not_found(format!("ไม่มีหน่วยงาน {unit}")))?;
    let opts = PosterOptions {
        base_url: web::base_url(&app, &headers),
        survey: ins.id.clone(),
        unit: u.id.clone(),
        agency: app
            .settings
            .agency
            .clone()
            .or_else(|| u.name.clone())
            .unwrap_or_else(|| u.id.clone()),
        headline: headline(&ins),
        instructions: None,
        points: u
            .points
            .iter()
            .map(|p| PosterPoint {
                id: p.clone(),
                name: None,
            })
            .collect(),
    };
    let html = poster(&opts).map_err(|e| PageError::bad_request(e.to_string()))?;
    Ok(document_response(
        html,
        &format!("posters-{}-{}.html", ins.id, u.id),
        true,
    ))
}
