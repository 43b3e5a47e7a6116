//! QR posters under `/admin/posters`: the list of surveys and units, and the printable A4
//! posters of one unit (one page per service point). Templates: `pages::posters` (the list) and
//! `prongsai_reports::poster` (the posters).
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use prongsai_core::{Instrument, Kind};
use prongsai_reports::pages::posters::{self, PosterSurvey, PosterUnit};
use prongsai_reports::{poster, PosterOptions, PosterPoint};

use super::admin::{document_response, Shared};
use super::page::{self, unit_name, PageError};
use super::web;

fn headline(ins: &Instrument) -> Option<String> {
    match ins.kind {
        Kind::Satisfaction | Kind::Quick | Kind::Oit => None,
        Kind::Eit => Some("ร่วมประเมินคุณธรรมและความโปร่งใสของหน่วยงาน".into()),
        Kind::Iit => Some("แบบวัดการรับรู้ของบุคลากรในหน่วยงาน (ใช้รหัสที่ได้รับ)".into()),
        Kind::Custom => Some(ins.title.th.clone()),
    }
}

pub(super) async fn posters_index(State(app): Shared) -> Response {
    let surveys: Vec<PosterSurvey> = app
        .settings
        .surveys
        .latest()
        .map(|ins| PosterSurvey {
            id: ins.id.clone(),
            title: ins.title.th.clone(),
            units: app
                .settings
                .units
                .values()
                .map(|u| PosterUnit {
                    id: u.id.clone(),
                    name: unit_name(u),
                    posters: u.points.len().max(1),
                })
                .collect(),
        })
        .collect();
    page::ok(posters::page(&surveys))
}

pub(super) async fn poster_doc(
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
        agency: app.settings.agency.clone().unwrap_or_else(|| unit_name(u)),
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
