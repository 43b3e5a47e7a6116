//! Comment moderation under `/admin/comments`: the list with filters and pager (identical
//! comments listed once, with their number), and the actions (approve, hide, back to pending,
//! mask a part), each on a whole group of identical comments — approving a comment that may
//! hold personal data asks for a confirmation first. Rendering is `prongsai_reports::pages::moderation`; the flag detection is
//! `moderation.rs`.
use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use prongsai_core::{Date, Kind};
use prongsai_reports::pages::moderation::{self as moderation_page, CommentCard, CommentsPage};
use prongsai_reports::url::Query;
use serde::Deserialize;

use super::admin::{params, redirect, Params, Shared};
use super::day;
use super::masking;
use super::moderation::{self, Status};
use super::page::{self, PageError};
use super::session;
use super::storage::{CommentQuery, CommentRow};
use super::AppState;

const PAGE_SIZE: u32 = 50;

fn comment_back(q: &HashMap<String, String>) -> String {
    let query = ["instrument", "status", "flagged", "page"]
        .into_iter()
        .fold(Query::new(), |acc, k| acc.push_opt(k, q.get(k)));
    format!("/admin/comments{}", query.to_suffix())
}

pub(super) async fn comments_page(State(app): Shared, q: Params) -> Result<Response, PageError> {
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
    let view = CommentsPage {
        instruments: app
            .settings
            .surveys
            .latest()
            .filter(|ins| !moderation::text_codes(ins).is_empty())
            .map(|ins| (ins.id.clone(), ins.title.th.clone()))
            .collect(),
        instrument,
        statuses: vec![
            ("pending", Status::Pending.label_th()),
            ("approved", Status::Approved.label_th()),
            ("hidden", Status::Hidden.label_th()),
            ("all", "ทั้งหมด"),
        ],
        status: status_param.to_string(),
        flagged_only: flagged,
        done: match get("done") {
            Some("bulk") => {
                Some("ดำเนินการกับรายการที่เลือกแล้ว (รายการที่อาจมีข้อมูลส่วนบุคคลยังรอการยืนยันทีละรายการ)")
            }
            Some("approved") => Some("อนุมัติให้เผยแพร่แล้ว"),
            Some("hidden") => Some("ซ่อนแล้ว ความคิดเห็นนี้จะไม่ถูกเผยแพร่"),
            Some("pending") => Some("ย้ายกลับไปรอตรวจสอบแล้ว"),
            Some("masked") => {
                Some("ปิดบังส่วนที่เลือกแล้ว ข้อความที่เผยแพร่จะแสดง █ แทน (คำตอบเดิมของผู้ตอบไม่ถูกแก้ไข)")
            }
            _ => None,
        },
        total,
        cards: rows.iter().map(|r| comment_card(&app, r, &back)).collect(),
        page: page_no,
        pages: total.div_ceil(u64::from(PAGE_SIZE)).max(1),
    };
    Ok(page::ok(moderation_page::page(&view)))
}

/// What the moderation page shows of one comment: never the respondent's other answers, and
/// no service point for staff surveys.
fn comment_card(app: &AppState, row: &CommentRow, back: &str) -> CommentCard {
    let ins = app
        .settings
        .surveys
        .get(&row.instrument, Some(&row.edition));
    let staff = ins.as_ref().is_some_and(|i| i.kind == Kind::Iit);
    CommentCard {
        id: row.id.clone(),
        status: row.status.as_str(),
        status_label: row.status.label_th(),
        flags: moderation::flags_to_string(&row.flags_now()),
        flag_labels: row.flags_now().iter().map(|f| f.label_th()).collect(),
        survey_title: ins
            .as_ref()
            .map(|i| i.title.th.clone())
            .unwrap_or_else(|| row.instrument.clone()),
        item_text: ins
            .as_ref()
            .and_then(|i| {
                i.items()
                    .find(|it| i.answer_codes(it).contains(&row.code.as_str()))
                    .map(|it| it.text.th.clone())
            })
            .unwrap_or_default(),
        code: row.code.clone(),
        day: Date::parse(&row.day)
            .map(|d| prongsai_reports::Fmt::DEFAULT.date_short(d))
            .unwrap_or_else(|| row.day.clone()),
        point: (!staff && !row.point.is_empty()).then(|| row.point.clone()),
        text: row.shown().to_string(),
        original: row.published.as_ref().map(|_| row.text.clone()),
        count: row.count,
        suggestions: moderation::numbers_in(row.shown())
            .into_iter()
            .map(|(flag, written)| {
                let what = match flag {
                    moderation::Flag::IdNumber => "เลขบัตร",
                    _ => "เบอร์โทร",
                };
                (format!("{what} {written}"), written)
            })
            .collect(),
        back: back.to_string(),
    }
}

#[derive(Deserialize)]
pub(super) struct ModerateForm {
    action: String,
    #[serde(default)]
    confirm: Option<String>,
    #[serde(default)]
    back: Option<String>,
    /// The part to mask (`action=mask`).
    #[serde(default)]
    part: Option<String>,
}

pub(super) async fn moderate(
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
    });
    if status.is_none() && form.action != "mask" {
        return Err(PageError::bad_request(
            "action: approve, hide, pending หรือ mask",
        ));
    }
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
    let sep = if back.contains('?') { '&' } else { '?' };
    let Some(status) = status else {
        // Mask: only the published text of the group changes, never the answers.
        let part = form.part.as_deref().unwrap_or_default();
        let published = masking::mask(&row.text, row.shown(), part)
            .map_err(|e| PageError::bad_request(e.message_th()))?;
        let flags = moderation::flags_to_string(&moderation::detect(&published));
        app.storage
            .set_comment_published(&cid, &published, &flags)
            .await?;
        return Ok(redirect(&format!("{back}{sep}done=masked")));
    };
    // Flags are taken from the text now, not only from what was stored.
    let flags = row.flags_now();
    if status == Status::Approved && !flags.is_empty() && form.confirm.as_deref() != Some("yes") {
        let mut shown = row.clone();
        shown.flags = flags;
        return Ok(page::ok(moderation_page::confirm(&comment_card(
            &app, &shown, &back,
        ))));
    }
    if app
        .storage
        .set_comment_status(&cid, status, day::today())
        .await?
        == 0
    {
        return Err(PageError::not_found("ไม่มีความคิดเห็นนี้"));
    }
    Ok(redirect(&format!("{back}{sep}done={}", status.as_str())))
}

/// `POST /admin/comments/bulk`: approve or hide every ticked comment (`id` repeated, each with
/// the comments identical to it) in one request. Approving skips comments that may hold personal data (they need the one-by-one
/// confirmation); unknown ids are an error and nothing is changed.
pub(super) async fn moderate_bulk(
    State(app): Shared,
    axum::extract::RawForm(body): axum::extract::RawForm,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|e| PageError::bad_request(format!("แบบฟอร์มไม่ถูกต้อง: {e}")))?;
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let status = match field("action") {
        Some("approve") => Status::Approved,
        Some("hide") => Status::Hidden,
        _ => return Err(PageError::bad_request("action: approve หรือ hide")),
    };
    let ids: Vec<&str> = pairs
        .iter()
        .filter(|(n, _)| n == "id")
        .map(|(_, v)| v.as_str())
        .collect();
    if ids.is_empty() {
        return Err(PageError::bad_request(
            "id: ยังไม่ได้เลือกความคิดเห็น — ติ๊กช่อง “เลือก” ของรายการที่ต้องการก่อน",
        ));
    }
    let mut rows = Vec::with_capacity(ids.len());
    for id in &ids {
        let row = if moderation::is_comment_id(id) {
            app.storage.comment(id).await?
        } else {
            None
        };
        rows.push(row.ok_or_else(|| PageError::not_found("id: ไม่มีความคิดเห็นที่เลือกบางรายการ"))?);
    }
    for row in rows {
        let flagged = !row.flags_now().is_empty();
        if status == Status::Approved && flagged {
            continue;
        }
        app.storage
            .set_comment_status(&row.id, status, day::today())
            .await?;
    }
    let back = session::safe_next(field("back"));
    let back = if back.starts_with("/admin/comments") {
        back
    } else {
        "/admin/comments".to_string()
    };
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(redirect(&format!("{back}{sep}done=bulk")))
}
