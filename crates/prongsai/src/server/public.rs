//! Public summary pages for the agency's website, without login: `/public` lists the surveys
//! whose page is enabled (`public_summaries` in the config; every survey in the demo defaults),
//! `/public/<id>[?unit=&fy=]` shows the aggregates of the newest edition and the approved
//! comments only — no breakdown groups, no numbers at all under 5 respondents.
use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use prongsai_reports::pages::{notice, public_list};
use prongsai_reports::{public_summary, SummaryOptions};

use super::day;
use super::guard;
use super::moderation::Status;
use super::page::{self, unit_name, PageError};
use super::periods;
use super::storage::{CommentQuery, Filter};
use super::AppState;

/// How many approved comments a public page shows (newest first).
pub const PUBLIC_COMMENTS: u32 = 200;

fn not_found() -> Response {
    page::respond(
        StatusCode::NOT_FOUND,
        notice::no_public_summary(),
        "no-cache",
    )
}

pub async fn list(State(app): State<Arc<AppState>>) -> Response {
    let surveys: Vec<(String, String)> = app
        .settings
        .public_summaries
        .iter()
        .filter_map(|id| app.settings.surveys.get(id, None))
        .map(|ins| (ins.id.clone(), ins.title.th.clone()))
        .collect();
    page::respond(StatusCode::OK, public_list::page(&surveys), "no-cache")
}

pub async fn summary(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    req: Request,
) -> Response {
    if let Err(retry) = app.limiter.check(guard::client_ip(
        &req,
        app.settings.rate_limit.trust_forwarded_for,
    )) {
        return PageError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("มีผู้เรียกหน้านี้มากเกินไป ลองใหม่ใน {retry} วินาที"),
        )
        .into_response();
    }
    if !app.settings.public_summaries.contains(&id) {
        return not_found();
    }
    let Some(ins) = app.settings.surveys.get(&id, None) else {
        return not_found();
    };
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let unit = match q.get("unit").filter(|u| !u.is_empty()) {
        Some(u) if app.settings.units.contains_key(u) => Some(u.clone()),
        Some(_) => return not_found(),
        None => None,
    };
    let fy = match q.get("fy").filter(|f| !f.is_empty()) {
        Some(f) => match f.parse::<i32>() {
            Ok(y) if (2500..=2700).contains(&y) => Some(y),
            _ => return PageError::bad_request("fy: ปีงบประมาณ พ.ศ. เช่น 2568").into_response(),
        },
        None => None,
    };
    // The current fiscal year to date unless one is named; never a day past today.
    let today = day::today();
    let range = match fy {
        Some(fy) => periods::up_to(periods::fiscal_year(fy), today),
        None => periods::resolve(None, None, today).ok(),
    };
    let Some((from, to)) = range else {
        return PageError::bad_request(format!(
            "fy: ปีงบประมาณ พ.ศ. {} ยังไม่เริ่ม — เลือกปีงบประมาณที่ผ่านมาหรือปีปัจจุบัน",
            fy.unwrap_or_default()
        ))
        .into_response();
    };
    let (from, to) = (Some(from), Some(to));
    let filter = Filter {
        instrument: Arc::clone(&ins),
        unit: unit.clone(),
        point: None,
        from: from.map(|d| d.to_string()),
        to: to.map(|d| d.to_string()),
    };
    let result = async {
        let mut report = app.storage.tally(&filter).await?.report(&ins);
        if let Some(to) = to {
            periods::clip_months(&mut report, to);
        }
        let (_, rows) = app
            .storage
            .comments(&CommentQuery::approved(&filter, PUBLIC_COMMENTS))
            .await?;
        anyhow::Ok((report, rows))
    }
    .await;
    let (report, rows) = match result {
        Ok(r) => r,
        Err(e) => return PageError::from(e).into_response(),
    };
    let agency = app
        .settings
        .agency
        .clone()
        .or_else(|| {
            unit.as_deref()
                .and_then(|u| app.settings.units.get(u))
                .or_else(|| {
                    (app.settings.units.len() == 1)
                        .then(|| app.settings.units.values().next())
                        .flatten()
                })
                .map(unit_name)
        })
        .unwrap_or_default();
    let mut o = SummaryOptions::new(agency, today);
    o.period = prongsai_reports::Period {
        label: None,
        from,
        to,
    };
    if app.settings.agency.is_some() {
        o.unit = unit
            .as_deref()
            .and_then(|u| app.settings.units.get(u))
            .map(unit_name);
    }
    // Only approved comments, checked again here.
    o.comments = rows
        .into_iter()
        .filter(|r| r.status == Status::Approved)
        .map(|r| r.published_line())
        .collect();
    page::respond(
        StatusCode::OK,
        public_summary(&ins, &report, &o),
        "no-cache",
    )
}
