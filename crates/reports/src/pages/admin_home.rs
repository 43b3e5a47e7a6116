//! `/admin/results`: the surveys of this server, every edition with its respondents and the
//! comments waiting for moderation.
use maud::html;

use super::layout::{admin, Nav};
use super::query;
use crate::thai::Fmt;
use crate::url::encode;

/// One instrument edition.
#[derive(Debug, Clone)]
pub struct SurveyRow {
    pub id: String,
    pub edition: String,
    pub title: String,
    pub responses: u64,
    pub pending_comments: u64,
    /// Whether `/public/<id>` is enabled.
    pub public_summary: bool,
}

pub fn page(rows: &[SurveyRow]) -> String {
    let f = Fmt::DEFAULT;
    admin(
        "ผลการสำรวจ — prongsai",
        Nav::Results,
        html! {
            h1 { "ผลการสำรวจ" }
            p { "แบบสำรวจที่เปิดใช้ในเซิร์ฟเวอร์นี้ และจำนวนผู้ตอบของแต่ละฉบับ" }
            div.table-wrap tabindex="0" role="region" aria-label="รายการแบบสำรวจ" {
                table {
                    caption { "แบบสำรวจและจำนวนผู้ตอบ" }
                    thead { tr {
                        th scope="col" { "แบบสำรวจ" }
                        th scope="col" { "ฉบับ" }
                        th.num scope="col" { "ผู้ตอบ (คน)" }
                        th.num scope="col" { "ความคิดเห็นรอตรวจสอบ" }
                        th scope="col" { "เปิดดู" }
                    } }
                    tbody {
                        @for r in rows {
                            tr data-instrument=(r.id) data-edition=(r.edition) data-n=(r.responses) {
                                th scope="row" { (r.title) br; span.small.muted { (r.id) } }
                                td { (r.edition) }
                                td.num { (f.int(r.responses)) }
                                td.num { (f.int(r.pending_comments)) }
                                td {
                                    a href={ "/admin/results/" (encode(&r.id)) (query(&[("edition", Some(r.edition.as_str()))])) } { "ผลการสำรวจ" }
                                    @if r.public_summary {
                                        " · " a href={ "/public/" (encode(&r.id)) } { "หน้าสาธารณะ" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
