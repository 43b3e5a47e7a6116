//! `/admin/login`: a plain Thai login for the officer — one password field, the error of the
//! last attempt, and one line on whom to ask for the password (the configuration detail is in
//! docs/server.md, not on the officer's screen).
use maud::html;

use super::layout::plain;

/// `next`: where to go after logging in (already checked to be a local path by the server);
/// `error`: why the last attempt failed.
pub fn page(next: &str, error: Option<&str>) -> String {
    plain(
        "เข้าสู่ระบบ prongsai",
        html! {
            h1 { "เข้าสู่ระบบสำหรับเจ้าหน้าที่" }
            p { "ดูผลการสำรวจ พิมพ์รายงาน และตรวจสอบความคิดเห็นของผู้ตอบ" }
            @if let Some(e) = error {
                p.notice.err role="alert" { (e) }
            }
            form.card method="post" action="/admin/login" {
                input type="hidden" name="next" value=(next);
                p {
                    label for="token" { "รหัสผ่านเจ้าหน้าที่" }
                    input type="password" #token name="token" autocomplete="current-password" required;
                }
                p { button type="submit" { "เข้าสู่ระบบ" } }
            }
            p.small.muted {
                "ยังไม่มีรหัสผ่าน: ขอจากผู้ดูแลระบบของหน่วยงาน (ผู้ติดตั้งเซิร์ฟเวอร์ prongsai)"
            }
            p.small { a href="/demo" { "กลับไปหน้าแบบสำรวจ (demo)" } }
        },
    )
}
