//! `/admin/comments`: comments and suggestions checked before they are published — filters,
//! one card per comment with its actions, a pager — and the confirmation asked before a comment
//! that may hold personal data is approved. Each comment is shown alone, never with the other
//! answers of the same respondent.
use maud::{html, Markup};

use super::layout::{admin, Nav};
use super::query;
use crate::thai::Fmt;
use crate::url::encode;

/// The list page.
#[derive(Debug, Clone)]
pub struct CommentsPage {
    /// (id, Thai title) of every survey with text questions.
    pub instruments: Vec<(String, String)>,
    /// The chosen survey; `None` is all.
    pub instrument: Option<String>,
    /// (value, label) of the status filter: pending, approved, hidden, all.
    pub statuses: Vec<(&'static str, &'static str)>,
    /// The chosen status value.
    pub status: String,
    pub flagged_only: bool,
    /// The message after an action ("อนุมัติให้เผยแพร่แล้ว"…).
    pub done: Option<&'static str>,
    pub total: u64,
    pub cards: Vec<CommentCard>,
    pub page: u64,
    pub pages: u64,
}

/// One comment with what the officer may do with it.
#[derive(Debug, Clone)]
pub struct CommentCard {
    pub id: String,
    /// `pending`, `approved` or `hidden`.
    pub status: &'static str,
    pub status_label: &'static str,
    /// The stored flags (`data-flags`) and their Thai reasons.
    pub flags: String,
    pub flag_labels: Vec<&'static str>,
    pub survey_title: String,
    pub item_text: String,
    pub code: String,
    /// The day, formatted.
    pub day: String,
    /// The service point; `None` for staff surveys (never shown with their answers).
    pub point: Option<String>,
    /// The text as it would be published (masked parts as █).
    pub text: String,
    /// The answer as the respondent wrote it, when part of it is masked (for the officer only).
    pub original: Option<String>,
    /// How many identical comments the card stands for; its actions act on all of them.
    pub count: u64,
    /// (button label, text to mask) for the phone and ID numbers found in the text.
    pub suggestions: Vec<(String, String)>,
    /// The list page to return to after an action.
    pub back: String,
}

fn action(card: &CommentCard, action: &str, label: &str, class: &str, confirm: bool) -> Markup {
    html! {
        form method="post" action={ "/admin/comments/" (encode(&card.id)) } {
            input type="hidden" name="action" value=(action);
            input type="hidden" name="back" value=(card.back);
            @if confirm { input type="hidden" name="confirm" value="yes"; }
            button type="submit" class=(class) { (label) }
        }
    }
}

/// Masking a part: a field for any part (a name…) and one button per number found.
fn mask_forms(c: &CommentCard) -> Markup {
    let url = format!("/admin/comments/{}", encode(&c.id));
    let field = format!("mask-{}", c.id);
    html! {
        details.mask {
            summary { "ปิดบังบางส่วนแล้วเผยแพร่ส่วนที่เหลือ" }
            @if !c.suggestions.is_empty() {
                div.suggest {
                    span.small { "พบในข้อความ: " }
                    @for (label, part) in &c.suggestions {
                        form method="post" action=(url) {
                            input type="hidden" name="action" value="mask";
                            input type="hidden" name="back" value=(c.back);
                            input type="hidden" name="part" value=(part);
                            button.secondary type="submit" data-mask=(part) { "ปิดบัง" (label) }
                        }
                    }
                }
            }
            form.mask-part method="post" action=(url) {
                input type="hidden" name="action" value="mask";
                input type="hidden" name="back" value=(c.back);
                label for=(field) { "ส่วนที่ต้องการปิดบัง (เช่น ชื่อ) — คัดลอกจากข้อความให้ตรงทุกตัวอักษร" }
                input id=(field) type="text" name="part" required maxlength="200" autocomplete="off";
                button.secondary type="submit" { "ปิดบัง" }
            }
        }
    }
}

fn card(c: &CommentCard, confirming: bool) -> Markup {
    let flagged = !c.flag_labels.is_empty();
    html! {
        article.comment.flagged[flagged] data-comment=(c.id) data-status=(c.status) data-flags=(c.flags) {
            @if !confirming {
                // Belongs to the one bulk form at the top of the list (`form="bulk"`).
                label.check.select {
                    input type="checkbox" form="bulk" name="id" value=(c.id);
                    " เลือก"
                }
            }
            p.meta {
                span class={ "badge b-" (c.status) } { (c.status_label) }
                " " (c.survey_title) " · " (c.item_text) " (" (c.code) ") · " (c.day)
                @if let Some(p) = &c.point { " · จุดให้บริการ " (p) }
                @if c.count > 1 {
                    " · " strong.group data-count=(c.count) title="ความคิดเห็นที่เหมือนกัน การดำเนินการมีผลกับทุกรายการ" { "× " (c.count) }
                }
            }
            @if flagged {
                p.flags { "⚠ " (c.flag_labels.join(" · ")) }
            }
            blockquote { (c.text) }
            @if let Some(original) = &c.original {
                details.original {
                    summary { "ปิดบังบางส่วนแล้ว — ดูข้อความเดิม (ไม่เผยแพร่)" }
                    p.small { (original) }
                }
            }
            @if !confirming { (mask_forms(c)) }
            div.actions {
                @if confirming {
                    (action(c, "approve", "ยืนยัน: เผยแพร่ความคิดเห็นนี้", "danger", true))
                    a.button.secondary href=(c.back) { "ยกเลิก" }
                    (action(c, "hide", "ซ่อน", "secondary", false))
                } @else {
                    @if c.status != "approved" {
                        (action(c, "approve", if flagged { "อนุมัติ… (ต้องยืนยัน)" } else { "อนุมัติให้เผยแพร่" }, "", false))
                    }
                    @if c.status != "hidden" {
                        (action(c, "hide", "ซ่อน", "secondary", false))
                    }
                    @if c.status != "pending" {
                        (action(c, "pending", "กลับไปรอตรวจสอบ", "secondary", false))
                    }
                }
            }
        }
    }
}

pub fn page(p: &CommentsPage) -> String {
    let f = Fmt::DEFAULT;
    let link = |page: u64| {
        let ps = page.to_string();
        format!(
            "/admin/comments{}",
            query(&[
                ("instrument", p.instrument.as_deref()),
                ("status", Some(p.status.as_str())),
                ("flagged", p.flagged_only.then_some("1")),
                ("page", Some(&ps)),
            ])
        )
    };
    admin(
        "ตรวจสอบความคิดเห็น — prongsai",
        Nav::Comments,
        html! {
            h1 { "ตรวจสอบความคิดเห็นก่อนเผยแพร่" }
            p {
                "ความคิดเห็นและข้อเสนอแนะจากแบบสำรวจ จะปรากฏในรายงานหรือหน้าสาธารณะ"
                strong { "เฉพาะที่อนุมัติแล้ว" }
                " ความคิดเห็นที่อาจมีข้อมูลส่วนบุคคลจะมีเครื่องหมายเตือน และต้องยืนยันอีกครั้งก่อนอนุมัติ "
                "หรือปิดบังเฉพาะส่วนนั้น (เบอร์โทร เลขบัตร ชื่อ) แล้วเผยแพร่ส่วนที่เหลือ "
                "ความคิดเห็นที่เหมือนกันแสดงครั้งเดียวพร้อมจำนวน (× 7) และการอนุมัติ ซ่อน หรือปิดบัง มีผลกับทุกรายการในกลุ่ม "
                "แต่ละความคิดเห็นแสดงลำพัง ไม่แสดงคำตอบข้ออื่นของผู้ตอบคนเดียวกัน"
            }
            @if let Some(done) = p.done {
                p.notice.ok role="status" { (done) }
            }
            form.filters.card method="get" action="/admin/comments" {
                div {
                    label for="c-ins" { "แบบสำรวจ" }
                    select #c-ins name="instrument" {
                        option value="" { "ทุกแบบสำรวจ" }
                        @for (id, title) in &p.instruments {
                            option value=(id) selected[p.instrument.as_deref() == Some(id.as_str())] { (title) }
                        }
                    }
                }
                div {
                    label for="c-status" { "สถานะ" }
                    select #c-status name="status" {
                        @for (value, label) in &p.statuses {
                            option value=(value) selected[*value == p.status] { (label) }
                        }
                    }
                }
                div {
                    label.check {
                        input type="checkbox" name="flagged" value="1" checked[p.flagged_only];
                        " เฉพาะที่อาจมีข้อมูลส่วนบุคคล"
                    }
                }
                div { button type="submit" { "แสดง" } }
            }
            p data-total=(p.total) { "พบ " (f.int(p.total)) " รายการ (ความคิดเห็นที่เหมือนกันนับเป็นรายการเดียว)" }
            @if !p.cards.is_empty() {
                // One POST for every ticked comment; flagged ones are never approved in bulk.
                form #bulk .card.bulk method="post" action="/admin/comments/bulk" {
                    input type="hidden" name="back" value=(p.cards[0].back);
                    span { "ที่เลือกไว้: " }
                    button type="submit" name="action" value="approve" { "อนุมัติที่เลือก" }
                    " "
                    button.secondary type="submit" name="action" value="hide" { "ซ่อนที่เลือก" }
                    p.small.muted {
                        "ความคิดเห็นที่อาจมีข้อมูลส่วนบุคคลจะไม่ถูกอนุมัติแบบกลุ่ม ต้องยืนยันทีละรายการ"
                    }
                }
            }
            @for c in &p.cards { (card(c, false)) }
            @if p.pages > 1 {
                nav.pager aria-label="หน้า" {
                    @if p.page > 1 { a.button.secondary href=(link(p.page - 1)) { "← ก่อนหน้า" } }
                    span { "หน้า " (p.page) " / " (p.pages) }
                    @if p.page < p.pages { a.button.secondary href=(link(p.page + 1)) { "ถัดไป →" } }
                }
            }
        },
    )
}

/// "Publish this comment that may hold personal data?"
pub fn confirm(c: &CommentCard) -> String {
    admin(
        "ยืนยันการเผยแพร่ — prongsai",
        Nav::Comments,
        html! {
            h1 { "ยืนยันการเผยแพร่" }
            p.notice.err role="alert" {
                strong { "ความคิดเห็นนี้อาจมีข้อมูลส่วนบุคคล" }
                " ตรวจสอบให้แน่ใจว่าไม่มีชื่อ หมายเลขโทรศัพท์ เลขประจำตัวประชาชน หรือข้อมูลที่ระบุตัวบุคคลได้ "
                "ก่อนยืนยันการเผยแพร่ หรือเลือกซ่อน"
            }
            (card(c, true))
        },
    )
}
