//! The frame of the server's pages on the one [`Shell`]: the admin bar (navigation, logout) and
//! footer after login, or a plain page (login, errors, public lists). The server sends the
//! Content-Security-Policy as a header, so the pages carry no CSP `<meta>`.
use maud::{html, Markup};

use super::style::PAGE_CSS;
use crate::shell::Shell;

/// Which item of the admin navigation is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Results,
    Comments,
    Posters,
    None,
}

fn shell(title: &str) -> Shell<'_> {
    Shell::new(title)
        .css(PAGE_CSS)
        .csp_meta(None)
        .head(html! { meta name="robots" content="noindex"; })
}

/// An admin page (after login): skip link, navigation, logout, `body` in `<main>`, footer.
pub fn admin(title: &str, nav: Nav, body: Markup) -> String {
    let links = [
        ("/admin/results", "ผลการสำรวจ", Nav::Results),
        ("/admin/comments", "ตรวจสอบความคิดเห็น", Nav::Comments),
        ("/admin/posters", "โปสเตอร์ QR", Nav::Posters),
    ];
    shell(title).render(html! {
        a.skip href="#main" { "ข้ามไปที่เนื้อหา" }
        header.bar { div.in {
            span.brand { "prongsai · ผลการสำรวจ" }
            nav aria-label="เมนูผู้ดูแล" { ul {
                @for (href, label, me) in links {
                    li { a href=(href) aria-current=[(me == nav).then_some("page")] { (label) } }
                }
            } }
            form method="post" action="/admin/logout" { button type="submit" { "ออกจากระบบ" } }
        } }
        main #main { (body) }
        footer {
            "ผลจากแบบสำรวจที่หน่วยงานดำเนินการเอง (prongsai) ไม่ใช่ผลการประเมินอย่างเป็นทางการของ ป.ป.ช. "
            "· แสดงเฉพาะผลรวม กลุ่มที่มีผู้ตอบน้อยกว่า 5 คนไม่แสดงผล"
        }
    })
}

/// A page without the admin navigation (login, errors, public lists).
pub fn plain(title: &str, body: Markup) -> String {
    shell(title).render(html! { main #main { (body) } })
}
