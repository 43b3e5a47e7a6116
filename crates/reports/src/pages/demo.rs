//! `/demo`: the start page listing every enabled survey with a link and a QR code per unit and
//! service point, the poster and public-summary links, and where staff log in.
use maud::{html, Markup};

use super::query;
use crate::qr::QrMatrix;
use crate::shell::Shell;
use crate::url::encode;

/// One enabled survey (newest edition).
#[derive(Debug, Clone)]
pub struct DemoSurvey {
    pub id: String,
    pub edition: String,
    pub title_th: String,
    pub title_en: String,
    /// Needs a one-time code handed out by the agency.
    pub needs_code: bool,
    /// (unit id, unit display name, service points).
    pub units: Vec<(String, String, Vec<String>)>,
    /// Whether `/public/<id>` is enabled.
    pub public_summary: bool,
}

/// The demo page; `base`: the absolute URL the survey links and QR codes start with.
pub struct DemoPage<'a> {
    pub base: &'a str,
    pub surveys: &'a [DemoSurvey],
}

const DEMO_CSS: &str = "body{font-family:system-ui,'Noto Sans Thai','Sarabun',sans-serif;margin:0 auto;max-width:62rem;padding:1rem;color:#1a1a1a}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #0b5394}\
.grid{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid #ccc;border-radius:8px;padding:.75rem;width:12rem}\
.card a{display:inline-block;min-height:44px;line-height:44px;font-weight:600;color:#0b5394}\
.card svg{display:block;width:100%;height:auto}.note{color:#555}code{background:#f3f3f3;padding:0 .25rem}\
.links a{display:inline-block;min-height:44px;line-height:44px;margin-right:1rem;color:#0b5394}";

/// A link card with the QR code of the same URL (no QR when the URL does not fit in one).
fn card(url: &str, label: &str) -> Markup {
    html! {
        div.card {
            a href=(url) { (label) }
            @if let Ok(qr) = QrMatrix::encode(url) { (qr.svg("QR code")) }
        }
    }
}

fn survey(base: &str, s: &DemoSurvey) -> Markup {
    html! {
        h2 { (s.title_th) " " small lang="en" { (s.title_en) " · " (s.id) " " (s.edition) } }
        @if s.needs_code {
            p.note { "ต้องใช้รหัสครั้งเดียวที่หน่วยงานแจก " span lang="en" { "(needs a one-time code handed out by the agency)" } }
        }
        div.grid {
            @for (unit, name, points) in &s.units {
                (card(&format!("{base}/{}", query(&[("survey", Some(s.id.as_str())), ("unit", Some(unit.as_str()))])), name))
                @for p in points {
                    (card(
                        &format!("{base}/{}", query(&[("survey", Some(s.id.as_str())), ("unit", Some(unit.as_str())), ("point", Some(p.as_str()))])),
                        &format!("{name} · {p}"),
                    ))
                }
            }
        }
        p.links {
            @for (unit, name, _) in &s.units {
                a href={ "/admin/posters/" (encode(&s.id)) "/" (encode(unit)) } { "โปสเตอร์ QR สำหรับพิมพ์ · " (name) }
                " "
            }
            @if s.public_summary {
                a href={ "/public/" (encode(&s.id)) } { "สรุปผลสำหรับประชาชน " span lang="en" { "(public summary)" } }
            }
        }
    }
}

pub fn page(p: &DemoPage) -> String {
    Shell::new("prongsai — แบบสำรวจ (demo)").css(DEMO_CSS).render(html! {
        h1 { "prongsai — แบบสำรวจของหน่วยงาน " span lang="en" { "(surveys of this agency)" } }
        p.note {
            "ผลคะแนนจากแบบสำรวจนี้เป็นการประเมินของหน่วยงานเอง ไม่ใช่ผลการประเมิน ITA อย่างเป็นทางการ "
            span lang="en" { "(Scores from these surveys are the agency's own assessment, not the official ITA result.)" }
        }
        @for s in p.surveys { (survey(p.base, s)) }
        h2 { "สำหรับเจ้าหน้าที่ " span lang="en" { "(for staff)" } }
        p.links {
            a href="/admin/results" { "ผลการสำรวจ รายงาน O16/O42 และการส่งออกข้อมูล" } " "
            a href="/admin/comments" { "ตรวจสอบความคิดเห็น" } " "
            a href="/admin/posters" { "โปสเตอร์ QR ทุกจุดให้บริการ" }
        }
        p.note {
            "ต้องเข้าสู่ระบบด้วยรหัสผู้ดูแล " span lang="en" { "(admin token; log in at /admin/login)" } ". "
            "API: " code { "GET /api/v1/results?instrument=ID" } " with " code { "Authorization: Bearer <admin token>" }
            "; CSV: " code { "GET /api/v1/export.csv?instrument=ID" } "."
        }
    })
}
