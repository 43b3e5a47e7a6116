//! `/admin/codes`: the form that makes one-time codes for a staff survey and prints their slips
//! (the slips themselves: [`crate::slips`]).
use maud::html;

use super::layout::{admin, Nav};

/// A survey that takes one-time codes.
#[derive(Debug, Clone)]
pub struct CodeSurvey {
    pub id: String,
    pub title: String,
}

/// The form; `units` are (id, name); `error` is shown above the form (bad input).
pub fn page(surveys: &[CodeSurvey], units: &[(String, String)], error: Option<&str>) -> String {
    admin(
        "ใบรหัสครั้งเดียว — prongsai",
        Nav::None,
        html! {
            h1 { "ใบรหัสตอบแบบสำรวจ (รหัสครั้งเดียว)" }
            p {
                "สร้างรหัสสำหรับบุคลากรคนละหนึ่งรหัส แล้วพิมพ์เป็นใบรหัสขนาด A4 หน้าละ 10 ใบ "
                "แต่ละใบมี QR Code ที่ใส่รหัสไว้แล้ว ตัดแจกได้ทันที "
                "ระบบเก็บเพียงค่าแฮชของรหัส จึงแสดงรหัสได้ครั้งเดียว กรุณาพิมพ์ทันที"
            }
            @if let Some(e) = error {
                p.alert role="alert" { (e) }
            }
            @if surveys.is_empty() {
                p { "ยังไม่มีแบบสำรวจที่ใช้รหัสครั้งเดียว ให้เพิ่ม code_surveys = [\"ita-iit\"] ในไฟล์ตั้งค่าของเซิร์ฟเวอร์" }
            } @else {
                form method="post" action="/admin/codes" {
                    p {
                        label for="survey" { "แบบสำรวจ" } " "
                        select #survey name="survey" {
                            @for s in surveys { option value=(s.id) { (s.title) " (" (s.id) ")" } }
                        }
                    }
                    @if units.len() > 1 {
                        p {
                            label for="unit" { "หน่วยงาน" } " "
                            select #unit name="unit" {
                                @for (id, name) in units { option value=(id) { (name) } }
                            }
                        }
                    } @else if let Some((id, _)) = units.first() {
                        input type="hidden" name="unit" value=(id);
                    }
                    p {
                        label for="count" { "จำนวนรหัส (1–5000)" } " "
                        input #count name="count" type="number" min="1" max="5000" value="10" required;
                    }
                    p { button type="submit" { "สร้างรหัสและพิมพ์ใบรหัส" } }
                }
            }
        },
    )
}
