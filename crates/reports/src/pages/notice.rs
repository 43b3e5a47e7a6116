//! Notices shown as whole pages: an error of an admin or public page, "no public summary for
//! this survey", and "the widget is not built".
use maud::html;

use super::layout::plain;
use super::style::PAGE_CSS;
use crate::shell::Shell;

/// The page of a failed request: a title from the HTTP status and the message (plain text).
pub fn error(status: u16, message: &str) -> String {
    let title = match status {
        400 => "คำขอไม่ถูกต้อง",
        401 | 403 => "ไม่มีสิทธิ์",
        404 => "ไม่พบหน้านี้",
        _ => "เกิดข้อผิดพลาด",
    };
    plain(
        title,
        html! {
            h1 { (title) }
            p.notice.err { (message) }
            p { a href="/admin/results" { "กลับไปหน้าผลการสำรวจ" } }
        },
    )
}

/// `/public/<id>` of a survey whose results the agency does not publish.
pub fn no_public_summary() -> String {
    plain(
        "ไม่พบหน้านี้",
        html! {
            h1 { "ไม่พบหน้านี้" }
            p { "หน่วยงานไม่ได้เปิดเผยผลของแบบสำรวจนี้ต่อสาธารณะ (no public summary for this survey)." }
            p { a href="/public" { "แบบสำรวจที่เปิดเผยผล" } }
        },
    )
}

/// Shown at `/` when the widget's files are not in `widget_dir`.
pub fn widget_missing(widget_dir: &str) -> String {
    Shell::new("prongsai").css(PAGE_CSS).render(html! {
        main #main {
            h1 { "ยังไม่ได้สร้างแบบสำรวจ (widget not built)" }
            p {
                "The widget's files are not in " code { (widget_dir) } ". Build them with "
                code { "scripts/build-widget.sh" } " or start with " code { "--widget-dir" }
                " pointing at them. The collection endpoint works meanwhile; see "
                a href="/demo" { "/demo" } "."
            }
        }
    })
}
