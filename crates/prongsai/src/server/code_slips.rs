//! `/admin/codes`: make one-time codes for a staff survey and print their slips (behind the admin
//! login and its same-origin check, `extract::AdminPage`). Templates: `pages::codes` (the form) and
//! `prongsai_reports::slips` (the A4 slips). Bad input answers the form again with a Thai message
//! naming the field; nothing is stored then.
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use prongsai_reports::pages::codes::{self, CodeSurvey};
use prongsai_reports::{slips, SlipOptions};
use serde::Deserialize;

use super::admin::{document_response, Shared};
use super::page::{self, unit_name};
use super::{codes as one_time, day, web, AppState};

/// At most this many codes per request (as `POST /api/v1/codes`).
pub const MAX_SLIPS: usize = 5000;

fn form_page(app: &AppState, status: StatusCode, error: Option<&str>) -> Response {
    let mut surveys: Vec<CodeSurvey> = app
        .settings
        .surveys
        .latest()
        .filter(|i| app.settings.code_surveys.contains(&i.id))
        .map(|i| CodeSurvey {
            id: i.id.clone(),
            title: i.title.th.clone(),
        })
        .collect();
    surveys.sort_by(|a, b| a.id.cmp(&b.id));
    let units: Vec<(String, String)> = app
        .settings
        .units
        .values()
        .map(|u| (u.id.clone(), unit_name(u)))
        .collect();
    page::respond(status, codes::page(&surveys, &units, error), "no-store")
}

pub(super) async fn codes_form(State(app): Shared) -> Response {
    form_page(&app, StatusCode::OK, None)
}

#[derive(Debug, Deserialize)]
pub(super) struct SlipForm {
    #[serde(default)]
    survey: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    count: String,
}

pub(super) async fn make_slips(
    State(app): Shared,
    headers: HeaderMap,
    Form(form): Form<SlipForm>,
) -> Response {
    let bad = |msg: String| form_page(&app, StatusCode::UNPROCESSABLE_ENTITY, Some(&msg));
    let survey = form.survey.trim();
    let Some(ins) = app.settings.surveys.get(survey, None) else {
        return bad(format!(
            "แบบสำรวจ (survey): ไม่มีแบบสำรวจ \"{survey}\" ในเซิร์ฟเวอร์นี้"
        ));
    };
    if !app.settings.code_surveys.contains(survey) {
        return bad(format!(
            "แบบสำรวจ (survey): \"{survey}\" ไม่ได้ใช้รหัสครั้งเดียว (ไม่อยู่ใน code_surveys)"
        ));
    }
    let Some(unit) = app.settings.units.get(form.unit.trim()) else {
        return bad(format!(
            "หน่วยงาน (unit): ไม่มีหน่วยงาน \"{}\"",
            form.unit.trim()
        ));
    };
    let count = match form.count.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_SLIPS).contains(&n) => n,
        _ => {
            return bad(format!(
                "จำนวนรหัส (count): ต้องเป็นจำนวนเต็ม 1 ถึง {MAX_SLIPS} (ได้รับ \"{}\")",
                form.count.trim()
            ))
        }
    };
    let mut opts = SlipOptions {
        base_url: web::base_url(&app, &headers),
        survey: ins.id.clone(),
        unit: unit.id.clone(),
        title: ins.title.th.clone(),
        codes: vec!["AAAAA-AAAAA".into()],
    };
    // The printout must be possible before any code is stored.
    if let Err(e) = slips(&opts) {
        return bad(format!("ที่อยู่ของแบบสำรวจ (public_url): {e}"));
    }
    opts.codes = match one_time::make(&*app.storage, survey, count, day::today()).await {
        Ok(c) => c,
        Err(e) => return page::PageError::from(e).into_response(),
    };
    match slips(&opts) {
        Ok(html) => document_response(html, &format!("slips-{}.html", ins.id), true),
        Err(e) => bad(e.to_string()),
    }
}
