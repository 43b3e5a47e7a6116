//! `/admin/login`: the admin token form, with the error of the last attempt.
use maud::html;

use super::layout::plain;

/// `next`: where to go after logging in (already checked to be a local path by the server);
/// `error`: why the last attempt failed.
pub fn page(next: &str, error: Option<&str>) -> String {
    plain(
        "เข้าสู่ระบบ prongsai",
        html! {
            h1 { "เข้าสู่ระบบผู้ดูแล" }
            @if let Some(e) = error {
                p.notice.err role="alert" { (e) }
            }
            form.card method="post" action="/admin/login" {
                input type="hidden" name="next" value=(next);
                p {
                    label for="token" { "รหัสผู้ดูแล (admin token)" }
                    input type="password" #token name="token" autocomplete="current-password" required;
                }
                p { button type="submit" { "เข้าสู่ระบบ" } }
            }
            p.small.muted {
                "รหัสผู้ดูแลกำหนดไว้ในไฟล์ตั้งค่า (admin_token) หรือตัวแปร PRONGSAI_ADMIN_TOKEN "
                "ถ้าไม่ได้กำหนด เซิร์ฟเวอร์พิมพ์รหัสชั่วคราวไว้ในบันทึกตอนเริ่มทำงาน"
            }
            p.small { a href="/demo" { "กลับไปหน้าแบบสำรวจ (demo)" } }
        },
    )
}
